"""Speed of shift detection at scale: one busy country, and every pair, on a generated
database of 10^6 events.

    python bench/shifts.py [--events N] [--db sqlite:////tmp/shifts-bench.db]

Makes the database with `bench/synth.py`'s `make_synthetic` (200 countries, 5,000 actors,
ten years; `C000` is the busiest country, on one side of about a quarter of the events)
unless `--db` names one that holds events already, then times in this process:

- `find_shifts(store, actor="C000")`, what `eventcoder shifts --actor C000` runs, once to
  import ruptures, then timed (target < 2 s);
- `find_shifts(store)`, every pair (target < 60 s);
- the change-point search on one long series: ruptures' `Pelt(model="l2", jump=1)` (the
  method before) against `KernelCPD(kernel="linear")` (the method now), the same
  breakpoints, for series of 500 to 2,000 events.

Wall-clock and CPU seconds and the peak resident memory of the process are printed; the
figures are measured in this one run.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from synth import make_synthetic  # noqa: E402

from eventcoder import settings  # noqa: E402
from eventcoder.analyse.shifts import _noise, find_shifts, search, series_for  # noqa: E402
from eventcoder.store import Store  # noqa: E402


def clock(label: str, call: object, target: float | None = None) -> object:
    assert callable(call)
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    verdict = "" if target is None else f"  (target < {target:g} s: " \
        f"{'met' if wall < target else 'NOT met'})"
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU{verdict}", flush=True)
    return result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def search_speed(sizes: tuple[int, ...]) -> None:
    import ruptures

    rng = np.random.default_rng(3)
    for n in sizes:
        x = np.r_[rng.normal(2, 3, n // 2), rng.normal(-1, 3, n - n // 2)]
        pen = 4 * _noise(x) ** 2 * math.log(n)
        t = time.perf_counter()
        before = ruptures.Pelt(model="l2", min_size=3, jump=1).fit(x.reshape(-1, 1)).predict(
            pen=pen)[:-1]
        pelt = time.perf_counter() - t
        t = time.perf_counter()
        now = search(x, 3)
        kernel = time.perf_counter() - t
        print(f"search, {n} events: Pelt l2 {pelt:.2f} s, KernelCPD linear {kernel * 1000:.1f}"
              f" ms ({pelt / kernel:.0f}x); same breakpoints: {before == now}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite:////tmp/eventcoder-shifts-bench.db")
    parser.add_argument("--search-sizes", default="500,1000,2000")
    args = parser.parse_args()
    store = Store.open(args.db)
    if store.counts()["events"] == 0:
        store.close()
        store = clock(f"made {args.events} synthetic events",  # type: ignore[assignment]
                      lambda: make_synthetic(args.db, events=args.events))
    counts = store.counts()
    print(f"database {args.db}: {counts['events']} events, {counts['actors']} actors")
    clock("one busy country, first call (imports ruptures)",
          lambda: find_shifts(store, actor="C000"))
    busy = clock("one busy country (find_shifts actor=C000)",
                 lambda: find_shifts(store, actor="C000"), target=2)
    assert isinstance(busy, list)
    print(f"  {len(busy)} shifts of moderate strength or more; peak memory {peak_mb():.0f} MB")
    every = clock("every pair (find_shifts)", lambda: find_shifts(store), target=60)
    assert isinstance(every, list)
    tested = len(series_for(store, min_events=2 * settings.SHIFT_MIN_EVENTS))
    strong = sum(1 for s in every if s.strength == "strong")
    print(f"  {tested} pairs with enough events; on this random data (no change) "
          f"{strong} strong and {len(every) - strong} moderate shifts "
          f"({strong / tested:.2%} and {(len(every) - strong) / tested:.2%} of the pairs); "
          f"peak memory {peak_mb():.0f} MB")
    store.close()
    search_speed(tuple(int(s) for s in args.search_sizes.split(",")))


if __name__ == "__main__":
    main()
