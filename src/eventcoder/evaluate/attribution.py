"""Score attribution against PolNeAR-style gold (`eventcoder eval attribution GOLD`).

Gold records: `{"id", "text", "attributions": [{"type", "source", "cue", "content"}]}` where
source, cue and content are `{"spans": [[start, end], ...], "text"}` or null. Only gold
attributions with a cue are scored; predictions are the statements that have a cue.

- Cues: a predicted cue matches a gold cue when their character spans overlap; matching is
  one-to-one, greedy by overlap length. Precision = matched / predicted cues, recall =
  matched / gold cues.
- Sources, over matched cue pairs only: precision = pairs whose predicted source overlaps
  the gold source / pairs with a predicted source; recall = pairs whose gold source is
  overlapped by the predicted one / pairs with a gold source.
- Contents, over matched cue pairs only: the F1 of the word tokens (`\\w+`) of the predicted
  content spans against those of the gold content spans, computed per pair and averaged
  (macro) over the matched pairs whose gold attribution has content; precision and recall
  shown are the per-pair averages. A micro figure (tokens pooled over pairs) is reported
  as well for reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..annotate import annotate_many
from ..interpret.attribution import find_statements
from ..model import Statement
from .gold_file import gold_lines

Spans = list[tuple[int, int]]
_WORD = re.compile(r"\w+")


@dataclass
class Tally:
    gold_cues: int = 0
    pred_cues: int = 0
    matched: int = 0
    src_pred: int = 0
    src_pred_ok: int = 0
    src_gold: int = 0
    src_gold_ok: int = 0
    content_pairs: int = 0
    content_p: float = 0.0
    content_r: float = 0.0
    content_f: float = 0.0
    tok_overlap: int = 0
    tok_pred: int = 0
    tok_gold: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class Item:
    cue: Spans
    source: Spans | None
    content: Spans | None


def _spans(field_: dict | None) -> Spans | None:
    if not field_ or not field_.get("spans"):
        return None
    return [(int(s), int(e)) for s, e in field_["spans"]]


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _words(text: str, spans: Spans) -> set[int]:
    return {m.start() for s, e in spans for m in _WORD.finditer(text, s, e)}


def _prf(hit_p: int, n_p: int, hit_r: int, n_r: int) -> tuple[float, float, float]:
    p = hit_p / n_p if n_p else 0.0
    r = hit_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _gold_items(record: dict) -> list[Item]:
    items = []
    for a in record.get("attributions", []):
        cue = _spans(a.get("cue"))
        if cue:
            items.append(Item(cue, _spans(a.get("source")), _spans(a.get("content"))))
    return items


def _pred_items(statements: Sequence[Statement]) -> list[Item]:
    return [Item([(s.cue.start, s.cue.end)],
                  [(s.source.start, s.source.end)] if s.source else None,
                  [(c.start, c.end) for c in s.content] or None)
            for s in statements if s.cue is not None]


def _match(pred: Sequence[Item], gold: Sequence[Item]) -> list[tuple[Item, Item]]:
    pairs = [(_overlap(p.cue, g.cue), i, j) for i, p in enumerate(pred)
             for j, g in enumerate(gold)]
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _ov, i, j in sorted((x for x in pairs if x[0] > 0), reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((pred[i], gold[j]))
    return out


def score_article(text: str, pred: Sequence[Item], gold: Sequence[Item], t: Tally) -> None:
    t.gold_cues += len(gold)
    t.pred_cues += len(pred)
    for p, g in _match(pred, gold):
        t.matched += 1
        if p.source:
            t.src_pred += 1
            t.src_pred_ok += bool(g.source and _overlap(p.source, g.source))
        if g.source:
            t.src_gold += 1
            t.src_gold_ok += bool(p.source and _overlap(p.source, g.source))
        if g.content:
            gw = _words(text, g.content)
            pw = _words(text, p.content) if p.content else set()
            both = len(gw & pw)
            cp, cr, cf = _prf(both, len(pw), both, len(gw))
            t.content_pairs += 1
            t.content_p += cp
            t.content_r += cr
            t.content_f += cf
            t.tok_overlap += both
            t.tok_pred += len(pw)
            t.tok_gold += len(gw)


def score(records: Sequence[dict], statements: Iterable[Sequence[Statement]]) -> Tally:
    tally = Tally()
    for record, sts in zip(records, statements, strict=True):
        for s in sts:
            tally.kinds[s.kind] = tally.kinds.get(s.kind, 0) + 1
        score_article(record["text"], _pred_items(sts), _gold_items(record), tally)
    return tally


def report(t: Tally, n_articles: int) -> str:
    cue = _prf(t.matched, t.pred_cues, t.matched, t.gold_cues)
    src = _prf(t.src_pred_ok, t.src_pred, t.src_gold_ok, t.src_gold)
    n = t.content_pairs or 1
    cp, cr = t.content_p / n, t.content_r / n
    micro = _prf(t.tok_overlap, t.tok_pred, t.tok_overlap, t.tok_gold)
    kinds = " ".join(f"{k}={v}" for k, v in sorted(t.kinds.items()))
    lines = [
        f"articles: {n_articles}  gold cues: {t.gold_cues}  predicted cues: {t.pred_cues}  "
        f"matched: {t.matched}",
        f"statements by kind: {kinds}",
        f"cue      P={cue[0]:.3f} R={cue[1]:.3f} F1={cue[2]:.3f}",
        f"source   P={src[0]:.3f} R={src[1]:.3f} F1={src[2]:.3f}  (over matched cue pairs)",
        f"content  P={cp:.3f} R={cr:.3f} F1={t.content_f / n:.3f}  (token F1 averaged over "
        f"{t.content_pairs} matched pairs; micro F1={micro[2]:.3f})",
        f"attribution: cue_f1={cue[2]:.3f} source_f1={src[2]:.3f} "
        f"content_f1={t.content_f / n:.3f}",
    ]
    return "\n".join(lines)


def load_gold(gold: Path, limit: int | None = None) -> list[dict]:
    records = []
    for n, rec in gold_lines(gold):
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise ValueError(f"{gold}:{n}: record without a 'text' string")
        records.append(rec)
        if limit is not None and len(records) >= limit:
            break
    return records


def evaluate_attribution(gold: Path, limit: int | None = None) -> str:
    """Score attribution on a gold JSONL file and return the report text."""
    records = load_gold(gold, limit)
    docs = annotate_many(r["text"] for r in records)
    statements = (find_statements(doc) for doc in docs)
    return report(score(records, statements), len(records))
