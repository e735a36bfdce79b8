"""Event merging on a real corpus: store coded articles again through the merge rules, count
the merged reports and near-duplicate articles, and print a sample of merges to check by hand.

    python scripts/merge_check.py --from sqlite:///coded.db --db sqlite:///merged.db \\
        [--sample 30] [--seed 1] [--reverse]

`--from` is a database the articles were ingested into (`eventcoder ingest`); their coded
records are stored again, in the order they were stored there (`--reverse`: the other way
round), into `--db`, which must be new. Without `--from`, `--db` is only read. The sample
is of events with several reports (merges), each printed with its reports
(outlet, dates, sentence) and the evidence that joined them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from sqlalchemy import func, select

from eventcoder.model import CodedArticle
from eventcoder.store import Store
from eventcoder.store import schema as t


def replay(source: str, target: Store, reverse: bool) -> None:
    with Store.open(source, create=False) as old:
        records = [CodedArticle.model_validate({k: v for k, v in r.items() if k != "origins"})
                   for r in old.records()]
    if reverse:
        records.reverse()
    start = time.perf_counter()
    for record in records:
        target.add(record)
    seconds = time.perf_counter() - start
    print(f"stored {len(records)} coded articles in {seconds:.1f} s "
          f"({len(records) / seconds:.1f} articles/s)")


def sample(store: Store, size: int, seed: int) -> None:
    e = t.events
    with store.engine.connect() as conn:
        ids = list(conn.scalars(select(e.c.id).where(e.c.n_reports > 1).order_by(e.c.id)))
        across = conn.scalar(select(func.count()).select_from(e).where(e.c.n_articles > 1))
    print(f"{len(ids)} events with several reports, {across} of them from several articles "
          "(near-duplicates counted once)")
    chosen = sorted(random.Random(seed).sample(ids, min(size, len(ids))))
    events = {ev.id: ev for ev in store.events(ids=chosen)}
    reports = store.reports(chosen)
    for n, key in enumerate(chosen, 1):
        ev = events[key]
        print(f"\n[{n}] {ev.source_name} {ev.type} {ev.target_name}, {ev.date} "
              f"({ev.n_reports} reports, {ev.n_articles} articles, {ev.n_sources} outlets)")
        for r in reports[key]:
            own = "publication date" if r.date_fallback else r.date
            print(f"  - {r.outlet} {r.published} [{own}] {r.sentence_text!r}")
        for line in ev.why.splitlines():
            print(f"    why: {line.split(': ', 1)[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source")
    parser.add_argument("--db", required=True)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reverse", action="store_true")
    args = parser.parse_args()
    with Store.open(args.db, create=bool(args.source)) as store:
        if args.source:
            if store.counts()["articles"]:
                print(f"{args.db} is not empty", file=sys.stderr)
                return 2
            replay(args.source, store, args.reverse)
        counts = store.counts()
        print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        if args.sample:
            sample(store, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
