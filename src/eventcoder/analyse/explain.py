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
    #: Events like those after the split that would reach `next_strength`; None when more of
    #: the same would not (or not within `MAX_EXTRA`).
    needed: int | None = None

    def day(self, index: int) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(self.series.days[index]))


def _best(changes: list[Change]) -> Change | None:
    return max(changes, key=lambda c: (ev.rank(c.strength), c.posterior, -c.p_value),
               default=None)


def events_needed(series: PairSeries, change: Change, strength: str) -> int | None:
    """The fewest events, with the values and weights of those after the split (in turn),
    that added after the series' segment make the change reach `strength`."""
    rule = ev.rules()[strength]
    if change.n_before < rule.min_events or abs(change.delta) < rule.min_delta:
        return None  # more events after the split change neither
    lo, cut, hi = change.start, change.index, change.end
    x, w, r = series.values[lo:hi], series.weights[lo:hi], series.reports[lo:hi]
    tail = slice(cut - lo, hi - lo)
    for extra in range(1, MAX_EXTRA + 1):
        pick = np.resize(np.arange(tail.start, tail.stop), extra)
        found = assess(np.r_[x, x[pick]], np.r_[w, w[pick]], np.r_[r, r[pick]], 0, cut - lo,
                       hi - lo + extra, settings.SHIFT_MIN_EVENTS,
                       settings.SHIFT_PERMUTATIONS, quick=False)
        if ev.rank(found.strength) >= ev.rank(strength):
            return extra
    return None


def explain(series: PairSeries) -> Explanation:
    """The best candidate of a series (strongest, then most probable), assessed in full."""
    change = _best(candidates(series.values, series.weights, series.reports, quick=False))
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
