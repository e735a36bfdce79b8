"""Error rates of the shift grades on simulated series, measured in one run.

    python bench/false_alarms.py [--series 1000] [--per-cell 100] [--seed 0]

1. False alarms: `--series` series without a change, of realistic sizes (6 to 500 events,
   log-uniform: most pairs are quiet, a few are busy), each around its own mean (-4 .. +4)
   with its own spread (standard deviation 1 .. 4), scores rounded to halves as PLOVER's
   are, one event in twenty replaced by a score drawn anywhere in -10 .. +10 (a miscoded
   event), 1 to 5 reports and 80% asserted, 10% intended, 10% requested. A series counts
   as a false alarm of a strength when `shifts` would report a change of at least that
   strength in it. Targets: strong <= 1%, moderate <= 5%.
2. Detection: series with one step of mean (1 to 6 on the -10 .. +10 scale) between two
   sides of 4 to 50 events each (noise as above, spread 2.5); the share of `--per-cell`
   series in which a change in the right direction near the step (within 3 events, or a
   fifth of a side) is
   reported, per strength, for each step size and number of events per side.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from eventcoder.analyse import evidence as ev
from eventcoder.analyse.shifts import Change, candidates

MODALITIES = np.array(["asserted", "intended", "requested"])


def scores(rng: np.random.Generator, means: np.ndarray, sd: float) -> np.ndarray:
    x = np.clip(np.round((means + rng.normal(0, sd, len(means))) * 2) / 2, -10, 10)
    miscoded = rng.random(len(x)) < 0.05
    x[miscoded] = rng.uniform(-10, 10, int(miscoded.sum())).round(1)
    return x


def weights_for(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    reports = np.minimum(rng.geometric(0.7, n), 5)
    kinds = rng.choice(MODALITIES, n, p=[0.8, 0.1, 0.1])
    return ev.weights(reports, list(kinds)), reports


def strongest(found: list[Change]) -> int:
    return max((ev.rank(c.strength) for c in found), default=0)


def false_alarms(n_series: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ranks, sizes = [], []
    start = time.perf_counter()
    for _ in range(n_series):
        n = int(np.exp(rng.uniform(np.log(6), np.log(500))))
        x = scores(rng, np.full(n, rng.uniform(-4, 4)), rng.uniform(1, 4))
        w, reports = weights_for(rng, n)
        ranks.append(strongest(candidates(x, w, reports)))
        sizes.append(n)
    seconds = time.perf_counter() - start
    r = np.array(ranks)
    print(f"False alarms on {n_series} series without a change (sizes 6..500, median "
          f"{int(np.median(sizes))} events; {seconds:.1f} s):")
    for name, target in (("strong", 0.01), ("moderate", 0.05), ("weak", None)):
        rate = float(np.mean(r >= ev.rank(name)))
        goal = "" if target is None else f"  (target <= {target:.0%}: " \
            f"{'met' if rate <= target else 'NOT met'})"
        print(f"  {name:<8} or stronger: {rate:6.1%}{goal}")


def detection(per_cell: int, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    steps = (1.0, 2.0, 3.0, 4.0, 6.0)
    sides = (4, 6, 10, 20, 50)
    print(f"\nDetection ({per_cell} series a cell; step down by the given size, noise 2.5): "
          "share reported as moderate or stronger / strong")
    print("  events a side " + "".join(f"{f'step {s:g}':>14}" for s in steps))
    for k in sides:
        row = []
        for step in steps:
            hits = {"moderate": 0, "strong": 0}
            for _ in range(per_cell):
                base = rng.uniform(-2, 4)
                means = np.r_[np.full(k, base), np.full(k, base - step)]
                x = scores(rng, means, 2.5)
                w, reports = weights_for(rng, 2 * k)
                found = [c for c in candidates(x, w, reports)
                         if c.delta < 0 and abs(c.index - k) <= max(3, k // 5)]
                best = strongest(found)
                hits["moderate"] += best >= ev.rank("moderate")
                hits["strong"] += best >= ev.rank("strong")
            row.append(f"{hits['moderate'] / per_cell:>6.0%} / {hits['strong'] / per_cell:<4.0%}")
        print(f"  {k:>14} " + " ".join(f"{c:>13}" for c in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--per-cell", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    false_alarms(args.series, args.seed)
    detection(args.per_cell, args.seed)


if __name__ == "__main__":
    main()
