"""Scale-out measurements, in one run:

    python bench/scale.py [CORPUS.jsonl] [--articles 200] [--synthetic 100000]
                          [--export-events 1000000] [--pg postgresql://...] [--only PART]

1. `throughput`: articles/s of `ingest --engine dask` with 1 and 2 workers (a LocalCluster)
   against local `ingest --workers 2`, on the same articles (the first `--articles` of
   the corpus) into new SQLite databases; each timed from the call to the end, process
   and cluster start included. Prints `ratio=<dask 2 workers / local 2 workers>` (must be
   at least 0.9) and the peak memory of every worker (none may exceed 1 GiB).
2. `bulk`: `--synthetic` synthetic coded articles (`bench/synth_coded.py`, 5 events each,
   one in 20 retelling a recent event) staged as Parquet files, then loaded and merged by
   the stage loader (`scale.load`, `store.bulk`) into a new SQLite database (and
   PostgreSQL with `--pg`): the time of that stage and its rate in events/s, against
   `Store.add` one article at a time on the first 1,000 of them.
3. `export`: a database of `--export-events` merged events (`bench/synth.py`), exported as
   Parquet, CSV and JSONL, each in a fresh process: time and peak memory (must stay under
   500 MB).

Exits 1 when a limit is broken.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / (
    "news_articles.jsonl")
MIN_RATIO = 0.9
MAX_WORKER_RSS = 1 << 30
MAX_EXPORT_RSS = 500 * 1000 * 1000
MiB = 1 << 20


def throughput(corpus: Path, articles: int, folder: Path) -> bool:
    from eventcoder.ingest import ingest
    from eventcoder.read import read_paths
    from eventcoder.scale.engine import Cluster, ingest_dask
    from eventcoder.store import Store

    sample = folder / "sample.jsonl"
    with open(corpus, encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as out:
        for _, line in zip(range(articles), source, strict=False):
            out.write(line)
    rates: dict[str, float] = {}
    ok = True
    for name in ("local 2 workers", "dask 1 worker", "dask 2 workers"):
        with Store.open(f"sqlite:///{folder / (uuid.uuid4().hex + '.db')}") as store:
            start = time.perf_counter()
            if name.startswith("local"):
                stats = ingest(store, read_paths([sample]), workers=2)
            else:
                stats = ingest_dask(store, [sample], Cluster("local", int(name.split()[1])))
            seconds = time.perf_counter() - start
        rates[name] = stats.stored / seconds
        peaks = ", ".join(f"{rss / MiB:.0f}" for rss in stats.worker_peak_rss.values())
        print(f"{name:16} {stats.stored} articles in {seconds:6.1f} s = "
              f"{rates[name]:5.2f} articles/s; worker peak memory MiB: {peaks}")
        ok &= all(rss <= MAX_WORKER_RSS for rss in stats.worker_peak_rss.values())
    ratio = rates["dask 2 workers"] / rates["local 2 workers"]
    print(f"ratio={ratio:.2f} (dask 2 workers / local 2 workers; at least {MIN_RATIO}); "
          f"dask 2 workers / 1 worker: {rates['dask 2 workers'] / rates['dask 1 worker']:.2f}")
    return ok and ratio >= MIN_RATIO


def _database(pg: str | None, folder: Path) -> Iterator[tuple[str, str]]:
    """(name, URL) of a new SQLite database, and of a new PostgreSQL one with `pg`."""
    yield "sqlite", f"sqlite:///{folder / (uuid.uuid4().hex + '.db')}"
    if pg:
        from sqlalchemy import create_engine, text

        from eventcoder.store import database_url

        name = f"eventcoder_bench_{uuid.uuid4().hex[:8]}"
        engine = create_engine(database_url(pg), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield "postgresql", pg.rsplit("/", 1)[0] + "/" + name
        finally:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()


def bulk(n: int, pg: str | None, folder: Path) -> None:
    from synth_coded import synthetic_coded

    from eventcoder.ingest import IngestStats
    from eventcoder.scale.load import LOAD_BATCH, StageLoader
    from eventcoder.scale.stage import CODED, StageRow, write_stage
    from eventcoder.store import Store

    stage = folder / "stage"
    stage.mkdir(exist_ok=True)
    files, batch, events = [], [], 0
    for coded in synthetic_coded(n):
        events += len(coded.events)
        batch.append(StageRow(CODED, coded.article.id, coded.model_dump_json(),
                              len(coded.events)))
        if len(batch) == LOAD_BATCH:
            files.append(stage / f"part-{len(files):06d}.parquet")
            write_stage(files[-1], batch)
            batch = []
    if batch:
        files.append(stage / f"part-{len(files):06d}.parquet")
        write_stage(files[-1], batch)
    print(f"{n} synthetic coded articles, {events} events, in {len(files)} stage files")
    for name, url in _database(pg, folder):
        with Store.open(url) as store:
            stats = IngestStats()
            loader = StageLoader(store, stats, lambda m: print("error:", m))
            start = time.perf_counter()
            for path in files:
                loader.load(path)
            seconds = time.perf_counter() - start
            counts = store.counts()
        print(f"{name:10} bulk load and merge: {seconds:7.1f} s, {events / seconds:7.0f} "
              f"events/s ({counts['events']} events, {counts['merged_events']} merged from "
              f"several reports)")
    for name, url in _database(pg, folder):
        sample = list(synthetic_coded(min(n, 1000)))
        with Store.open(url) as store:
            start = time.perf_counter()
            for coded in sample:
                store.add(coded)
            seconds = time.perf_counter() - start
        n_events = sum(len(c.events) for c in sample)
        print(f"{name:10} Store.add, one article at a time: {n_events / seconds:7.0f} events/s "
              f"({len(sample)} articles)")


EXPORT = """
import sys, time
from pathlib import Path
from eventcoder.store import Store
from eventcoder.store.export import export
start = time.perf_counter()
with Store.open(sys.argv[1], create=False) as store:
    n = export(store, sys.argv[2], sys.argv[3])
seconds = time.perf_counter() - start
peak = next(int(l.split()[1]) * 1024 for l in Path("/proc/self/status").read_text().splitlines()
            if l.startswith("VmHWM:"))
print(n, seconds, peak)
"""


def export_figures(n: int, folder: Path) -> bool:
    from synth import make_synthetic

    url = f"sqlite:///{folder / 'synth.db'}"
    start = time.perf_counter()
    make_synthetic(url, events=n).close()
    print(f"{n} synthetic events made in {time.perf_counter() - start:.0f} s")
    ok = True
    for fmt in ("parquet", "csv", "jsonl"):
        out = folder / f"events.{fmt}"
        done = subprocess.run([sys.executable, "-c", EXPORT, url, fmt, str(out)], check=True,
                              capture_output=True, text=True)
        rows, seconds, peak = done.stdout.split()
        print(f"export {fmt:8} {int(rows)} rows in {float(seconds):6.1f} s, peak memory "
              f"{int(peak) / MiB:5.0f} MiB, {out.stat().st_size / MiB:.0f} MiB written")
        ok &= int(peak) < MAX_EXPORT_RSS
        out.unlink()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--export-events", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("EVENTCODER_TEST_PG"),
                        help="A PostgreSQL server URL (a database is made there and dropped)")
    parser.add_argument("--only", choices=["throughput", "bulk", "export"])
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="eventcoder-scale-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "throughput"):
            ok &= throughput(args.corpus, args.articles, folder)
        if args.only in (None, "bulk"):
            bulk(args.synthetic, args.pg, folder)
        if args.only in (None, "export"):
            ok &= export_figures(args.export_events, folder)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
