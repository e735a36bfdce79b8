"""Timeline: per week or month, the events of A toward B and of B toward A, with their count
and mean PLOVER intensity (-10 most conflictual .. +10 most cooperative)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from .. import settings
from ..store import Store

By = Literal["week", "month"]
MAX_PERIODS = 1000


@dataclass
class Period:
    start: date
    label: str
    ab_count: int = 0
    ab_mean: float | None = None
    ba_count: int = 0
    ba_mean: float | None = None


@dataclass
class Timeline:
    a: str
    b: str
    by: By
    periods: list[Period] = field(default_factory=list)


@dataclass
class _Bucket:
    """One period's events of A toward B (0) and B toward A (1): their counts, summed
    intensities and numbers of events with an intensity."""

    counts: list[int] = field(default_factory=lambda: [0, 0])
    totals: list[float] = field(default_factory=lambda: [0.0, 0.0])
    scored: list[int] = field(default_factory=lambda: [0, 0])

    def mean(self, side: int) -> float | None:
        return round(self.totals[side] / self.scored[side], 2) if self.scored[side] else None


def period_start(day: date, by: By) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: date, by: By) -> date:
    if by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _label(start: date, by: By) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m")


def timeline(store: Store, a: str, b: str | None = None, by: By = "month",
             since: date | str | None = None, until: date | str | None = None) -> Timeline:
    """A toward B and B toward A per period; without B, A toward everyone else and everyone
    else toward A. A and B are matched as `Store.match_actors` does."""
    a_ids = store.match_actors(a)
    b_ids = store.match_actors(b) if b else None
    if not a_ids:
        raise LookupError(f"no stored actor matches {a!r}")
    if b and not b_ids:
        raise LookupError(f"no stored actor matches {b!r}")
    buckets: dict[date, _Bucket] = {}
    # summed by day in SQL (one row a day and side, not one an event)
    for day, side, n, total, scored in store.pair_days(
            a_ids, b_ids, since=since, until=until, modalities=settings.ANALYSE_MODALITIES):
        bucket = buckets.setdefault(period_start(day, by), _Bucket())
        bucket.counts[side] += n
        bucket.totals[side] += total
        bucket.scored[side] += scored
    result = Timeline(a=a, b=b or "others", by=by)
    if not buckets:
        return result
    start, last = min(buckets), max(buckets)
    while start <= last and len(result.periods) < MAX_PERIODS:
        bucket = buckets.get(start, _Bucket())
        result.periods.append(Period(
            start=start, label=_label(start, by), ab_count=bucket.counts[0],
            ab_mean=bucket.mean(0), ba_count=bucket.counts[1], ba_mean=bucket.mean(1)))
        start = _next(start, by)
    return result
