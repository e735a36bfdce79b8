"""Train the learned event model (`interpret/events/data/event_model.npz`) and its card.

    python scripts/train_event_model.py [--gold ../shared/gold] [--folds 5] [--c 0.5]

Data: the PLV sentences of `plv_dev.jsonl` (one gold root event a sentence, with the
source and target words), leaving out every sentence that is also in
`plover_gsr_dev.jsonl`, so that set stays a fair check. The rules propose candidate events
(exactly as `eventcoder code --rules-only` does); a candidate whose source is the gold
source is labelled with the gold type, every other candidate "no event" (NONE). A
multinomial logistic regression (scikit-learn, seeded) learns the label from the
candidate's features (`model.candidate_features`).

Sentences fall into folds by a hash of their id. One model is trained per fold on the
other folds and one on all; the file keeps them all with the fold of every training
sentence, so `eventcoder eval` judges a training sentence with the model that did not see
it. The figures printed (and written to the card) are those cross-validated ones.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from eventcoder.evaluate.events import evaluate_events
from eventcoder.evaluate.plv import PlvSentence, agrees, evaluate_plv, read_plv
from eventcoder.interpret.events import model as event_model
from eventcoder.interpret.events.judge import Candidate, Verdict
from eventcoder.model import Article
from eventcoder.pipeline import Coder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "eventcoder" / "interpret" / "events" / "data"
SEED = 0


@dataclass
class Example:
    sentence: str  # the gold sentence's id
    fold: int
    features: list[str]
    label: str


def fold_of(sentence_id: str, folds: int) -> int:
    return int(hashlib.sha256(sentence_id.encode("utf-8")).hexdigest(), 16) % folds


def training_sentences(gold: Path) -> tuple[list[PlvSentence], int]:
    """The PLV sentences not in the PLOVER gold set, and how many were left out."""
    held_out = {event_model.text_key(json.loads(line)["text"])
                for line in (gold / "plover_gsr_dev.jsonl").open(encoding="utf-8")
                if line.strip()}
    sentences = read_plv(gold / "plv_dev.jsonl")
    kept = [s for s in sentences if event_model.text_key(s.text) not in held_out]
    return kept, len(sentences) - len(kept)


def candidates(sentences: list[PlvSentence], folds: int) -> list[Example]:
    """Label the rules' candidate events of each sentence."""
    seen: dict[str, list[Candidate]] = {}

    def recorder(article: Article) -> Callable[[Candidate], Verdict | None]:
        found = seen.setdefault(article.origin or "", [])

        def judge(candidate: Candidate) -> Verdict | None:
            found.append(candidate)
            return None

        return judge

    coder = Coder(judge=recorder)
    by_id = {s.id: s for s in sentences}
    articles = (Article(text=s.text, origin=s.id) for s in sentences)
    examples = []
    for record in coder.code_articles(articles):
        gold = by_id[record.article.origin or ""]
        for candidate in seen.get(gold.id, []):
            label = gold.type if agrees(record, candidate.source, gold.source) \
                else event_model.NONE
            examples.append(Example(gold.id, fold_of(gold.id, folds), candidate.features(),
                                    label))
    return examples


def fit(examples: list[Example], index: dict[str, int], classes: list[str],
        c: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes) and intercepts of one model."""
    rows, cols = [], []
    for n, example in enumerate(examples):
        for feature in dict.fromkeys(example.features):
            if feature in index:
                rows.append(n)
                cols.append(index[feature])
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(index)))
    y = [classes.index(e.label) for e in examples]
    regression = LogisticRegression(C=c, max_iter=3000, random_state=SEED)
    regression.fit(x, y)
    coef = np.zeros((len(index), len(classes)), dtype=np.float32)
    intercept = np.full(len(classes), -30.0, dtype=np.float32)  # classes a fold never saw
    for k, class_no in enumerate(regression.classes_):
        coef[:, class_no] = regression.coef_[k]
        intercept[class_no] = regression.intercept_[k]
    return coef, intercept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularisation")
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()

    sentences, left_out = training_sentences(args.gold)
    examples = candidates(sentences, args.folds)
    counts = Counter(f for e in examples for f in dict.fromkeys(e.features))
    features = sorted(f for f, n in counts.items() if n >= args.min_count)
    index = {f: n for n, f in enumerate(features)}
    classes = sorted({e.label for e in examples})
    arrays: dict[str, np.ndarray] = {}
    for name, train in [*((f"fold{k}", [e for e in examples if e.fold != k])
                          for k in range(args.folds)), ("full", examples)]:
        coef, intercept = fit(train, index, classes, args.c)
        arrays[f"{name}_coef"] = coef
        arrays[f"{name}_intercept"] = intercept
    meta = {"classes": classes, "features": features, "n_folds": args.folds,
            "fold_of": {event_model.text_key(s.text): fold_of(s.id, args.folds)
                        for s in sentences}}
    arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
    DATA.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(DATA / "event_model.npz", **arrays)
    event_model.load_model.cache_clear()

    coder = Coder(cross_validated=True)
    plv_figures = evaluate_plv(args.gold / "plv_dev.jsonl", coder=coder).splitlines()[-1]
    rules_plv = evaluate_plv(args.gold / "plv_dev.jsonl",
                             coder=Coder(rules_only=True)).splitlines()[-1]
    gsr = args.gold / "plover_gsr_dev.jsonl"
    gsr_figures = evaluate_events(gsr).splitlines()[-1]
    rules_gsr = evaluate_events(gsr, rules_only=True).splitlines()[-1]
    labels = Counter(e.label for e in examples)
    size = (DATA / "event_model.npz").stat().st_size
    card = f"""# The event model

What: a multinomial logistic regression that judges each candidate event the rules
propose: a reported event of which PLOVER type, or none (`interpret/events/model.py`,
decisions in `judge.py`, thresholds in `settings.py`).

Data: {len(sentences)} sentences of `plv_dev.jsonl` (the PLV sentences of
yibo-hu-lab/event-coding-reliability, no licence stated: used for training and measuring,
not shipped), leaving out the {left_out} that are also in `plover_gsr_dev.jsonl`. Their
{len(examples)} candidates, labelled by the gold root event:
{', '.join(f'{k} {v}' for k, v in sorted(labels.items()))}.

Model: {len(features)} features seen at least {args.min_count} times, {len(classes)}
classes, C={args.c}, lbfgs, seed {SEED}; one model per fold ({args.folds} folds by a hash
of the sentence id) and one on all data, {size / 1e6:.1f} MB in all.

Figures, with the thresholds of `settings.py` at training time. On `plv_dev.jsonl`,
cross-validated (each sentence judged by the model that did not see it):
- with the model: `{plv_figures}`
- rules only:     `{rules_plv}`

On `plover_gsr_dev.jsonl`, which the model never saw:
- with the model: `{gsr_figures}`
- rules only:     `{rules_gsr}`

Built by `scripts/train_event_model.py` on {date.today().isoformat()}.
"""
    (DATA / "event_model.md").write_text(card, encoding="utf-8")
    print(card)
    return 0


if __name__ == "__main__":
    sys.exit(main())
