"""Throughput of the whole coder against the spaCy pipeline alone, on the same texts.

    python bench/events.py [CORPUS.jsonl] [--articles N] [--rounds R]

Both are timed in this one process, alternating, R rounds each; the best round of each is
kept, so a noisy machine hurts both alike. Prints articles/s and
`ratio=<coder time / spaCy-only time>` (the coder should stay within 1.25).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eventcoder.annotate import get_nlp
from eventcoder.model import Article
from eventcoder.pipeline import Coder

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / (
    "news_articles.jsonl")


def load(path: Path, n: int) -> list[Article]:
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            articles.append(Article(text=record["text"], title=record.get("title"),
                                    outlet=record.get("outlet")))
            if len(articles) >= n:
                break
    return articles


def spacy_only(texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in get_nlp().pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def coder_run(coder: Coder, articles: list[Article]) -> tuple[float, int]:
    start = time.perf_counter()
    events = sum(len(r.events) for r in coder.code_articles(articles))
    return time.perf_counter() - start, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    articles = load(args.corpus, args.articles)
    texts = [a.text for a in articles]
    coder = Coder()
    spacy_only(texts[:5])  # load and warm up both
    coder_run(coder, articles[:5])
    spacy_times, coder_times, events = [], [], 0
    for _ in range(args.rounds):
        spacy_times.append(spacy_only(texts))
        seconds, events = coder_run(coder, articles)
        coder_times.append(seconds)
    best_spacy, best_coder = min(spacy_times), min(coder_times)
    words = sum(len(t.split()) for t in texts)
    print(f"articles={len(texts)} words={words} events={events}")
    print(f"spacy_only: {len(texts) / best_spacy:.1f} articles/s ({best_spacy:.2f} s)")
    print(f"coder:      {len(texts) / best_coder:.1f} articles/s ({best_coder:.2f} s)")
    print(f"ratio={best_coder / best_spacy:.3f}")


if __name__ == "__main__":
    main()
