"""Ingest throughput against spaCy alone, on the same texts, with the same number of
coding processes, measured in one run.

    python bench/ingest.py [CORPUS.jsonl] [--articles N] [--workers W]

1. spaCy only: W processes each load the pipeline once and run `nlp.pipe` over chunks of
   the texts (the chunks `eventcoder ingest` uses);
2. ingest: `eventcoder.ingest` with W coding processes into a new SQLite database in
   a temporary folder (read, skip check, code, merge and store, one transaction per article).

Prints articles/s of each, `ratio=<ingest throughput / spaCy-only throughput>` (must be at
least 0.70) and the peak resident memory of every process (none may exceed 1 GiB). Exits 1
when either limit is broken.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from eventcoder import settings
from eventcoder.ingest import _context, ingest, peak_rss
from eventcoder.model import Article
from eventcoder.read import read_paths
from eventcoder.store import Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / (
    "news_articles.jsonl")
MIN_RATIO = 0.70
MAX_RSS = 1 << 30


def _init_spacy() -> None:
    from eventcoder.annotate import get_nlp

    get_nlp()


def _spacy_chunk(texts: list[str]) -> tuple[int, int, int]:
    from eventcoder.annotate import get_nlp

    n = sum(1 for _ in get_nlp().pipe(texts, batch_size=settings.BATCH_SIZE))
    return n, os.getpid(), peak_rss()


def spacy_only(texts: list[str], workers: int) -> tuple[float, dict[int, int]]:
    size = settings.INGEST_CHUNK
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    rss: dict[int, int] = {}
    start = time.perf_counter()
    with _context().Pool(workers, initializer=_init_spacy) as pool:
        for n, pid, peak in pool.imap(_spacy_chunk, chunks):
            assert n > 0
            rss[pid] = max(peak, rss.get(pid, 0))
    return time.perf_counter() - start, rss


def vm_hwm() -> int:
    """Peak resident memory of this process from /proc (bytes), or getrusage's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return peak_rss()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    articles: list[Article] = []
    for item in read_paths([args.corpus]):
        if isinstance(item, Article):
            articles.append(item)
            if len(articles) >= args.articles:
                break
    if not articles:
        print(f"no articles read from {args.corpus}", file=sys.stderr)
        return 2
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    spacy_seconds, spacy_rss = spacy_only(texts, args.workers)
    with tempfile.TemporaryDirectory() as tmp, \
            Store.open(f"sqlite:///{Path(tmp) / 'bench.db'}") as store:
        cpu_before = time.process_time()
        stats = ingest(store, articles, workers=args.workers)
        main_cpu = time.process_time() - cpu_before
        counts = store.counts()
    ingest_seconds = stats.seconds

    spacy_rate, ingest_rate = len(texts) / spacy_seconds, stats.stored / ingest_seconds
    ratio = ingest_rate / spacy_rate
    print(f"articles={len(texts)} words={words} workers={args.workers} "
          f"events={counts['events']} reports={counts['reports']} errors={stats.errors}")
    print(f"spacy_only: {spacy_rate:.2f} articles/s ({spacy_seconds:.1f} s)")
    print(f"ingest:     {ingest_rate:.2f} articles/s ({ingest_seconds:.1f} s)")
    print(f"ratio={ratio:.3f} (minimum {MIN_RATIO})")
    print(f"ingest main process (reading, skip checks, merging, writes): {main_cpu:.1f} s CPU "
          f"= {main_cpu / ingest_seconds:.0%} of one core")
    peaks = {"main": vm_hwm()}
    peaks |= {f"spacy_worker_{n}": v for n, v in enumerate(spacy_rss.values(), 1)}
    peaks |= {f"ingest_worker_{n}": v for n, v in enumerate(stats.worker_peak_rss.values(), 1)}
    for name, value in peaks.items():
        print(f"peak_rss {name}: {value / 2**20:.0f} MiB")
    worst = max(peaks.values())
    ok = ratio >= MIN_RATIO and worst <= MAX_RSS and stats.stored == len(texts)
    print("OK" if ok else "FAIL: " + "; ".join(
        m for m, bad in ((f"ratio below {MIN_RATIO}", ratio < MIN_RATIO),
                         ("a process above 1 GiB", worst > MAX_RSS),
                         ("not every article stored", stats.stored != len(texts))) if bad))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
