"""An answer to "why no shift?" for one pair: its best candidate change, the numbers behind
its strength, what the next strength lacks, and how many more events like the latest ones
would supply it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .. import settings
from ..store import Store
from . import evidence as ev
from .pairs import PairSeries
from .series import Level
from .shifts import Change, assess, candidates, series_for

#: The most extra events `events_needed` tries.
MAX_EXTRA = 30


@dataclass
class Explanation:
    """One series of the pair (a direction, or both pooled) and its best candidate."""

    series: PairSeries
    change: Change | None
    next_strength: str | None = None
    missing: list[str] = field(default_factory=list)
    #: Events like those before and after the split that would reach `next_strength`
    #: (before, after); None when more of the same would not (or not within `MAX_EXTRA`).
    needed: tuple[int, int] | None = None

    def day(self, index: int) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(self.series.days[index]))


def _best(changes: list[Change]) -> Change | None:
    return max(changes, key=lambda c: (ev.rank(c.strength), c.posterior, -c.p_value),
               default=None)


def events_needed(series: PairSeries, change: Change, strength: str
                  ) -> tuple[int, int] | None:
    """The fewest events to add for the change to reach `strength`: as many before the split
    as its side lacks (like those before it, in turn), and after the segment, like those
    after the split (in turn); None when the change of mean itself is too small."""
    rule = ev.rules()[strength]
    if abs(change.delta) < rule.min_delta:
        return None  # more events like these change neither mean
    lo, cut, hi = change.start, change.index, change.end
    x, w, r = series.values[lo:hi], series.weights[lo:hi], series.reports[lo:hi]
    first = max(0, int(rule.min_events) - change.n_before)
    early = np.resize(np.arange(0, cut - lo), first)
    for extra in range(0, MAX_EXTRA + 1):
        late = np.resize(np.arange(cut - lo, hi - lo), extra)
        pick = np.r_[early, np.arange(hi - lo), late]
        # the added events are on days of their own, before and after the segment's
        days = np.r_[series.days[lo] - 1 - np.arange(first)[::-1], series.days[lo:hi],
                     series.days[hi - 1] + 1 + np.arange(extra)]
        found = assess(x[pick], w[pick], r[pick], 0, cut - lo + first, len(pick),
                       settings.SHIFT_MIN_EVENTS, settings.SHIFT_PERMUTATIONS, quick=False,
                       days=days)
        if ev.rank(found.strength) >= ev.rank(strength):
            return first, extra
    return None


def explain(series: PairSeries) -> Explanation:
    """The best candidate of a series (strongest, then most probable), assessed in full."""
    change = _best(candidates(series.values, series.weights, series.reports, quick=False,
                              days=series.days))
    if change is None:
        return Explanation(series, None, "weak")
    rank = ev.rank(change.strength)
    if rank == len(ev.STRENGTHS):
        return Explanation(series, change)
    target = ev.STRENGTHS[rank]
    rule = ev.rules()[target]
    missing = ev.shortfalls(rule, change.p_value, change.posterior, change.delta,
                            change.effect, change.n_before, change.n_after)
    return Explanation(series, change, target, missing, events_needed(series, change, target))


def explain_pair(store: Store, a: str, b: str, level: Level = "country",
                 both_ways: bool = False, weighted: bool = True) -> list[Explanation]:
    """A toward B, then B toward A (or both pooled); a LookupError when A or B matches no
    stored actor."""
    return [explain(s) for s in series_for(store, level=level, both_ways=both_ways,
                                           weighted=weighted, pair=(a, b))]
