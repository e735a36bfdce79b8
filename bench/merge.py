"""Storing cost of event merging when many reports are alike, measured in one run.

    python bench/merge.py [--articles N]

Stores N hand-built coded articles (no spaCy) of one report each into new SQLite databases
in a temporary folder, twice:
1. unrelated: each report has a dyad of its own, so no report has a merge candidate;
2. chain: every report is "Russia attacked Ukraine near Kharkiv with drones" on the next
   day, published that day: each is a candidate of its neighbours, and all of them form one
   cluster that is split into events again at each new report (store/merge.py).

Prints articles/s of each, the events the chain became, and `ratio=<chain / unrelated
throughput>` with the ratio of the last tenth of the chain to its first tenth (how the cost
grows with the cluster).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventcoder.model import Actor, Article, CodedArticle, Event, Source, Span
from eventcoder.store import Store

START = date(2025, 1, 1)


def article(n: int, source: Actor, target: Actor, sentence: str) -> CodedArticle:
    day = START + timedelta(days=n)
    text = f"{sentence} Report {n}."
    record = Article(text=text, title=f"Report {n}", outlet=f"Outlet {n % 7}", published=day)
    event = Event(id="E1", type="ASSAULT", source=source.id, target=target.id,
                  trigger=Span.of(text, 0, 6), sentence=Span.of(text, 0, len(text)),
                  date=day.isoformat(), date_fallback=True, intensity=-9.0,
                  attributed_to=[Source(kind="outlet", name=record.outlet or "")])
    return CodedArticle(article=record, actors=[source, target], events=[event])


def timed(url: str, records: list[CodedArticle]) -> tuple[float, list[float], int]:
    with Store.open(url) as store:
        each = []
        start = time.perf_counter()
        for record in records:
            t0 = time.perf_counter()
            store.add(record)
            each.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        events = store.counts()["events"]
    return total, each, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    n = args.articles
    rus = Actor(id="RUS", name="Russia", kind="country", country="RUS", kb_id="RUS")
    ukr = Actor(id="UKR", name="Ukraine", kind="country", country="UKR", kb_id="UKR")
    unrelated = [article(i, Actor(id=f"C{i}", name=f"Land {i}", kind="country",
                                  country=f"C{i}", kb_id=f"C{i}"), ukr,
                         f"Land {i} attacked Ukraine over matter {i}.") for i in range(n)]
    chain = [article(i, rus, ukr, "Russia attacked Ukraine near Kharkiv with drones.")
             for i in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        base, _, _ = timed(f"sqlite:///{Path(folder) / 'unrelated.db'}", unrelated)
        total, each, events = timed(f"sqlite:///{Path(folder) / 'chain.db'}", chain)
    tenth = max(n // 10, 1)
    growth = sum(each[-tenth:]) / sum(each[:tenth])
    print(f"articles={n}")
    print(f"unrelated: {n / base:.1f} articles/s")
    print(f"chain:     {n / total:.1f} articles/s, {events} events")
    print(f"ratio={base / total:.2f} (chain / unrelated throughput); last tenth of the chain "
          f"{growth:.1f}x the cost of its first tenth")
    return 0


if __name__ == "__main__":
    sys.exit(main())
