"""Shifts: changes of course in the relation of one actor (or country) toward another.

Method, for each directed pair's series of events (oldest first, one value per merged event:
its PLOVER intensity):

1. candidate change points from ruptures' PELT search (least-squares cost, segments of at
   least `settings.SHIFT_MIN_EVENTS` events, penalty 4·σ²·ln n with σ estimated robustly
   from successive differences);
2. each candidate is kept only when the mean changes by at least `settings.SHIFT_MIN_DELTA`
   between the segments around it, and a permutation test says so: the statistic is the
   largest standardised difference of means over every admissible split of the two
   segments together (so the search itself is accounted for), compared with the same
   statistic on `settings.SHIFT_PERMUTATIONS` shuffles (seeded); p must be below
   `settings.SHIFT_MAX_P`.

A shift carries the events on either side of it, and their reports (sentences, articles and
source chains) are its evidence.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, replace

import numpy as np
import numpy.typing as npt

from .. import settings
from ..store import Store, StoredEvent, StoredReport
from .series import Level, Series, pair_series


@dataclass
class Change:
    """A change point in a series: values[index:] differ from values[start:index]."""

    index: int
    start: int
    end: int
    before: float
    after: float
    p_value: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def _noise(x: np.ndarray) -> float:
    if len(x) < 3:
        return 1.0
    diffs = np.diff(x)
    mad = float(np.median(np.abs(diffs - np.median(diffs))))
    return max(mad / 0.6745 / math.sqrt(2), 1.0)


def _max_stat(block: np.ndarray, min_size: int) -> np.ndarray:
    """Largest standardised difference of means over the admissible splits; `block` has one
    series per row."""
    m = block.shape[1]
    sums = np.cumsum(block, axis=1)
    total = sums[:, -1:]
    splits = np.arange(min_size, m - min_size + 1)
    left = sums[:, splits - 1] / splits
    right = (total - sums[:, splits - 1]) / (m - splits)
    weight = np.sqrt(splits * (m - splits) / m)
    return np.max(np.abs(right - left) * weight, axis=1)


#: Values shuffled at once by the permutation test (rows x series length): bounds its memory
#: to a few arrays of this many floats (8 MB each), whatever the length of the series.
PERMUTATION_BLOCK = 1_000_000


def permutation_p(x: npt.ArrayLike, min_size: int, permutations: int, seed: int = 0,
                  block: int = PERMUTATION_BLOCK) -> float:
    """The share of `permutations` seeded shuffles of `x` whose statistic reaches the
    observed one; the shuffles are made and scored in blocks of at most `block` values
    (the same answer for any block size)."""
    values = np.asarray(x, dtype=float)
    n = len(values)
    if n < 2 * min_size:
        return 1.0
    observed = _max_stat(values[None, :], min_size)[0]
    rng = np.random.default_rng(seed)
    rows = max(1, block // n)
    extreme = 0
    for done in range(0, permutations, rows):
        shuffled = rng.permuted(np.tile(values, (min(rows, permutations - done), 1)), axis=1)
        extreme += int(np.sum(_max_stat(shuffled, min_size) >= observed - 1e-12))
    return (1 + extreme) / (1 + permutations)


def detect_changes(values: npt.ArrayLike, min_size: int | None = None,
                   min_delta: float | None = None, max_p: float | None = None,
                   permutations: int | None = None) -> list[Change]:
    """Change points of a series with enough evidence (see the module's description)."""
    min_size = min_size or settings.SHIFT_MIN_EVENTS
    min_delta = settings.SHIFT_MIN_DELTA if min_delta is None else min_delta
    max_p = settings.SHIFT_MAX_P if max_p is None else max_p
    permutations = permutations or settings.SHIFT_PERMUTATIONS
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2 * min_size:
        return []
    import ruptures  # slow to import: only when a series is long enough to search

    penalty = 4 * _noise(x) ** 2 * math.log(n)
    algo = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(x.reshape(-1, 1))
    bounds = [0, *algo.predict(pen=penalty)]
    changes: list[Change] = []
    for k in range(1, len(bounds) - 1):
        lo, cut, hi = bounds[k - 1], bounds[k], bounds[k + 1]
        before, after = float(x[lo:cut].mean()), float(x[cut:hi].mean())
        if abs(after - before) < min_delta:
            continue
        p = permutation_p(x[lo:hi], min_size, permutations, seed=cut)
        if p < max_p:
            changes.append(Change(index=cut, start=lo, end=hi, before=round(before, 2),
                                  after=round(after, 2), p_value=round(p, 4)))
    return changes


@dataclass(frozen=True, slots=True)
class Evidence(StoredEvent):
    """An event on one side of a shift, with its reports."""

    side: str
    reports: tuple[StoredReport, ...] = ()

    @classmethod
    def of(cls, event: StoredEvent, side: str) -> Evidence:
        return cls(**{f.name: getattr(event, f.name) for f in fields(event)}, side=side)


@dataclass(frozen=True)
class Shift:
    """A change of course of `source` toward `target`, with the events that carry it."""

    source: str
    target: str
    source_name: str
    target_name: str
    date: dt.date
    last_before: dt.date
    before: float
    after: float
    delta: float
    p_value: float
    n_before: int
    n_after: int
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return "toward cooperation" if self.delta > 0 else "toward conflict"


def shifts_in(series: Series, evidence: int = 3) -> list[Shift]:
    """The shifts of one series; `evidence` events on each side are kept as evidence."""
    out = []
    days = series.days
    for change in detect_changes(series.values):
        events = series.events
        before = events[max(change.start, change.index - evidence):change.index]
        after = events[change.index:min(change.end, change.index + evidence)]
        out.append(Shift(
            source=series.source, target=series.target, source_name=series.source_name,
            target_name=series.target_name, date=days[change.index],
            last_before=days[change.index - 1], before=change.before,
            after=change.after, delta=round(change.delta, 2), p_value=change.p_value,
            n_before=change.index - change.start, n_after=change.end - change.index,
            evidence=[Evidence.of(e, "before") for e in before]
            + [Evidence.of(e, "after") for e in after]))
    return out


def find_shifts(store: Store, actor: str | None = None, since: dt.date | str | None = None,
                level: Level = "country", evidence: int = 3) -> list[Shift]:
    """Shifts of every directed pair (of countries, or of actors with `level="actor"`),
    optionally only pairs involving `actor` and shifts dated `since` or later; each
    evidence event carries its reports."""
    since_day = dt.date.fromisoformat(str(since)[:10]) if since else None
    shifts = []
    for series in pair_series(store, level, actor):
        if len(series.events) < 2 * settings.SHIFT_MIN_EVENTS:
            continue
        shifts += [s for s in shifts_in(series, evidence)
                   if since_day is None or s.date >= since_day]
    reports = store.reports(e.id for s in shifts for e in s.evidence)
    shifts = [replace(shift, evidence=[replace(e, reports=tuple(reports.get(e.id, [])))
                                       for e in shift.evidence]) for shift in shifts]
    shifts.sort(key=lambda s: (-abs(s.delta), s.date, s.source, s.target))
    return shifts
