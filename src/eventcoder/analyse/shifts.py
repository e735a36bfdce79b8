"""Shifts: changes of course in the relation of one actor (or country) toward another.

Method, for each pair's series of events (oldest first, one value per merged event: its
PLOVER intensity, with a weight from its reports and modality; see `evidence.weights`):

1. candidate change points: those of an exact penalised least-squares search (ruptures'
   KernelCPD with a linear kernel: the same optimum as PELT with the l2 cost, in C;
   segments of at least `settings.SHIFT_MIN_EVENTS` events, penalty 4·σ²·ln n with σ
   estimated robustly from successive differences), and those of a binary segmentation
   (the best split of the whole series, then of each half while a split has a strength):
   a short series rarely gets a change point from the penalised search, and a few
   miscoded events can cut a long one into pieces too short to assess; of candidates
   closer than `settings.SHIFT_MIN_EVENTS`, the strongest is kept. Over many pairs, the
   search is left out for a series where not even the best split of the whole gives a
   change of mean the posterior probability `settings.SHIFT_SEARCH_SCREEN` (on random
   data, most series);
2. each candidate is assessed on the two segments around it (`evidence`): the change of
   weighted mean and its effect size, a seeded permutation test of the largest
   standardised difference over every admissible split, the posterior probability of a
   change of mean under a conjugate normal model, and the events and reports on each side;
3. its strength (strong, moderate, weak) is the highest whose rule in
   `settings.SHIFT_GRADES` it meets.

A shift carries the events on either side of it, and their reports (sentences, articles and
source chains) are its evidence; at the country level an evidence event still names its
people (a chancellor toward a president counts for Germany → Russia).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, replace

import numpy as np
import numpy.typing as npt

from .. import settings
from ..store import Store, StoredEvent, StoredReport
from ..store.event_columns import ActorInfo, actor_info, event_columns
from . import evidence as ev
from .evidence import PERMUTATION_BLOCK, permutation_p  # noqa: F401  (the library's API)
from .pairs import BOTH_WAYS, PairSeries, label_of, pair_arrays
from .series import Level, Series


@dataclass(frozen=True)
class Change:
    """A candidate change point: values[index:end] against values[start:index], with the
    numbers behind its strength."""

    index: int
    start: int
    end: int
    before: float
    after: float
    p_value: float
    posterior: float = 0.0
    effect: float = 0.0
    reports_before: int = 0
    reports_after: int = 0
    strength: str | None = None

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 2)

    @property
    def n_before(self) -> int:
        return self.index - self.start

    @property
    def n_after(self) -> int:
        return self.end - self.index


def _noise(x: np.ndarray) -> float:
    if len(x) < 3:
        return 1.0
    diffs = np.diff(x)
    mad = float(np.median(np.abs(diffs - np.median(diffs))))
    return max(mad / 0.6745 / math.sqrt(2), 1.0)


def search(x: np.ndarray, min_size: int) -> list[int]:
    """Change points of the penalised least-squares segmentation (exact)."""
    import ruptures  # slow to import: only when a series is long enough to search

    penalty = 4 * _noise(x) ** 2 * math.log(len(x))
    algo = ruptures.KernelCPD(kernel="linear", min_size=min_size).fit(x.reshape(-1, 1))
    return [int(b) for b in algo.predict(pen=penalty)[:-1]]


def _between_days(points: list[int], days: np.ndarray | None, min_size: int) -> list[int]:
    """Change points moved to the nearest split between two days (the search does not know
    the days), keeping `min_size` events between them; one that cannot be is left out."""
    if days is None:
        return points
    allowed = ev.cuts(len(days), min_size, days)
    out: list[int] = []
    for point in points:
        if not len(allowed):
            break
        near = int(allowed[np.argmin(np.abs(allowed - point))])
        if all(abs(near - k) >= min_size for k in out):
            out.append(near)
    return sorted(out)


@dataclass
class _Series:
    """What the assessment reads: values, weights, reports and (if known) days."""

    x: np.ndarray
    w: np.ndarray
    reports: np.ndarray
    days: np.ndarray | None
    min_size: int
    permutations: int
    quick: bool

    def days_of(self, start: int, end: int) -> np.ndarray | None:
        return None if self.days is None else self.days[start:end]


def best_split(x: np.ndarray, w: np.ndarray, min_size: int,
               days: np.ndarray | None = None) -> int | None:
    """The split with the largest standardised difference of weighted means (None when no
    split is admissible)."""
    splits = ev.cuts(len(x), min_size, days)
    if not len(splits):
        return None
    stat = ev.split_stats(x[None, :], w[None, :], splits)[1][0]
    return int(splits[np.argmax(stat)])


def _assess(s: _Series, start: int, cut: int, end: int) -> Change:
    return assess(s.x, s.w, s.reports, start, cut, end, s.min_size, s.permutations, s.quick,
                  s.days)


def assess(x: np.ndarray, w: np.ndarray, reports: np.ndarray, start: int, cut: int, end: int,
           min_size: int, permutations: int, quick: bool = True,
           days: np.ndarray | None = None) -> Change:
    """The evidence for a change at `cut` between the segments [start, cut) and [cut, end).
    With `quick`, the permutation test is left out when no strength could be reached
    without it, and stops early on a series with no sign of change."""
    xs, ws = x[start:end], w[start:end]
    ds = None if days is None else days[start:end]
    k = cut - start
    before = float(np.average(xs[:k], weights=ws[:k]))
    after = float(np.average(xs[k:], weights=ws[k:]))
    effect = ev.effect_size(xs[:k], xs[k:], ws[:k], ws[k:])
    posterior = ev.change_posterior(xs, ws, min_size, ds)
    weak = ev.rules()["weak"]
    hopeless = (posterior < weak.min_posterior or abs(after - before) < weak.min_delta
                or abs(effect) < weak.min_effect)
    if quick and hopeless:
        p = 1.0
    else:
        p = permutation_p(xs, min_size, permutations, seed=cut, w=ws,
                          stop_after=settings.SHIFT_STOP_AFTER if quick else None, days=ds)
    n_before, n_after = k, end - cut
    return Change(index=cut, start=start, end=end, before=round(before, 2),
                  after=round(after, 2), p_value=round(p, 4), posterior=round(posterior, 3),
                  effect=round(effect, 2), reports_before=int(reports[start:cut].sum()),
                  reports_after=int(reports[cut:end].sum()),
                  strength=ev.grade(p, posterior, after - before, effect, n_before, n_after))


def _halves(s: _Series, lo: int, hi: int, depth: int) -> list[Change]:
    """Binary segmentation: the best split of [lo, hi), assessed there, and, when it has a
    strength, the best splits of its two halves in turn."""
    if hi - lo < 2 * s.min_size or depth == 0:
        return []
    cut = best_split(s.x[lo:hi], s.w[lo:hi], s.min_size, s.days_of(lo, hi))
    if cut is None:
        return []
    change = _assess(s, lo, lo + cut, hi)
    if change.strength is None:
        return [change]
    return [change, *_halves(s, lo, lo + cut, depth - 1), *_halves(s, lo + cut, hi, depth - 1)]


#: Levels of binary segmentation below the whole series.
SPLIT_DEPTH = 3


def candidates(values: npt.ArrayLike, w: npt.ArrayLike | None = None,
               reports: npt.ArrayLike | None = None, min_size: int | None = None,
               permutations: int | None = None, quick: bool = True,
               days: npt.ArrayLike | None = None) -> list[Change]:
    """Every candidate change point of a series, assessed (see the module's description);
    of candidates closer than `min_size` events, the strongest. Given the events' `days`, a
    change falls between two days, never within one."""
    min_size = min_size or settings.SHIFT_MIN_EVENTS
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2 * min_size:
        return []
    s = _Series(x, np.ones(n) if w is None else np.asarray(w, dtype=float),
                np.ones(n, dtype=int) if reports is None else np.asarray(reports, dtype=int),
                None if days is None else np.asarray(days), min_size,
                permutations or settings.SHIFT_PERMUTATIONS, quick)
    found = _halves(s, 0, n, SPLIT_DEPTH + 1)
    if found and (not quick or found[0].posterior >= settings.SHIFT_SEARCH_SCREEN):
        bounds = [0, *_between_days(search(x, min_size), s.days, min_size), n]
        found += [_assess(s, bounds[i - 1], bounds[i], bounds[i + 1])
                  for i in range(1, len(bounds) - 1)]
    kept: list[Change] = []
    for change in sorted(found, key=lambda c: (-ev.rank(c.strength), -c.posterior,
                                               c.p_value, c.index)):
        if all(abs(change.index - k.index) >= min_size for k in kept):
            kept.append(change)
    return sorted(kept, key=lambda c: c.index)


def detect_changes(values: npt.ArrayLike, min_size: int | None = None,
                   permutations: int | None = None, min_strength: str = "moderate",
                   w: npt.ArrayLike | None = None, days: npt.ArrayLike | None = None
                   ) -> list[Change]:
    """The candidate change points of at least `min_strength`."""
    least = ev.rank(min_strength)
    return [c for c in candidates(values, w, None, min_size, permutations, days=days)
            if ev.rank(c.strength) >= least]


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
    """A change of course of `source` toward `target` (both ways when `pooled`), with its
    strength, the numbers behind it, and the events that carry it."""

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
    strength: str = "moderate"
    posterior: float = 0.0
    effect: float = 0.0
    reports_before: int = 0
    reports_after: int = 0
    pooled: bool = False

    @property
    def direction(self) -> str:
        return "toward cooperation" if self.delta > 0 else "toward conflict"

    @property
    def arrow(self) -> str:
        return BOTH_WAYS if self.pooled else "→"


def _date(days: np.ndarray, index: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(days[index]))


def _shift(series: PairSeries, change: Change, evidence: list[Evidence]) -> Shift:
    return Shift(
        source=series.source, target=series.target, source_name=series.source_name,
        target_name=series.target_name, date=_date(series.days, change.index),
        last_before=_date(series.days, change.index - 1), before=change.before,
        after=change.after, delta=change.delta, p_value=change.p_value,
        n_before=change.n_before, n_after=change.n_after, evidence=evidence,
        strength=change.strength or "", posterior=change.posterior, effect=change.effect,
        reports_before=change.reports_before, reports_after=change.reports_after,
        pooled=series.pooled)


def _evidence_ids(change: Change, ids: list[str], evidence: int) -> list[tuple[str, str]]:
    before = ids[max(change.start, change.index - evidence):change.index]
    after = ids[change.index:min(change.end, change.index + evidence)]
    return [(i, "before") for i in before] + [(i, "after") for i in after]


def shifts_in(series: Series, evidence: int = 3, min_strength: str = "moderate") -> list[Shift]:
    """The shifts of one series of stored events; `evidence` events on each side are kept
    as evidence."""
    events = series.events
    arrays = PairSeries(
        series.source, series.target, series.source_name, series.target_name,
        ids=[e.id for e in events],
        days=np.array([(e.day - dt.date(1970, 1, 1)).days for e in events if e.day]),
        values=np.array(series.values), reports=np.array([e.n_reports for e in events]),
        weights=ev.weights([e.n_reports for e in events], [e.modality for e in events]))
    by_id = {e.id: e for e in events}
    return [_shift(arrays, c, [Evidence.of(by_id[i], side)
                               for i, side in _evidence_ids(c, arrays.ids, evidence)])
            for c in detect_changes(arrays.values, w=arrays.weights, min_strength=min_strength,
                                    days=arrays.days)]


def series_for(store: Store, actor: str | None = None, level: Level = "country",
               both_ways: bool = False, weighted: bool = True, min_events: int = 1,
               pair: tuple[str, str] | None = None) -> list[PairSeries]:
    """The pairs' series (only pairs involving `actor`, or only the pair A, B), read in one
    query and grouped in arrays."""
    info = actor_info(store)
    labels = None
    if pair is not None:
        found = [store.match_actors(term) for term in pair]
        for term, ids in zip(pair, found, strict=True):
            if not ids:
                raise LookupError(f"no stored actor matches {term!r}")
        labels = (_labels(found[0], info, level), _labels(found[1], info, level))
        actor_ids: set[str] | None = found[0]
    else:
        actor_ids = store.match_actors(actor) if actor is not None else None
        if actor_ids is not None and not actor_ids:
            return []
    columns = event_columns(store, actor_ids, modalities=settings.ANALYSE_MODALITIES)
    return pair_arrays(columns, info, level, both_ways, min_events, weighted, labels)


def _labels(ids: set[str], info: dict[str, ActorInfo], level: Level) -> set[str]:
    return {label_of(i, info, level) for i in ids}


def find_shifts(store: Store, actor: str | None = None, since: dt.date | str | None = None,
                level: Level = "country", evidence: int = 3, min_strength: str = "moderate",
                both_ways: bool = False, weighted: bool = True,
                pair: tuple[str, str] | None = None) -> list[Shift]:
    """Shifts of at least `min_strength` of every directed pair (of countries, or of actors
    with `level="actor"`; both directions pooled with `both_ways`), optionally only pairs
    involving `actor` (or only the pair A, B) and shifts dated `since` or later; each
    evidence event carries its reports. Strongest first, then largest change."""
    least = ev.rank(min_strength)
    since_day = dt.date.fromisoformat(str(since)[:10]) if since else None
    min_size = settings.SHIFT_MIN_EVENTS
    found: list[tuple[PairSeries, Change]] = []
    for series in series_for(store, actor, level, both_ways, weighted, 2 * min_size, pair):
        for change in candidates(series.values, series.weights, series.reports,
                                 days=series.days):
            if ev.rank(change.strength) < least:
                continue
            if since_day is None or _date(series.days, change.index) >= since_day:
                found.append((series, change))
    wanted = {i: side for s, c in found for i, side in _evidence_ids(c, s.ids, evidence)}
    events = {e.id: e for e in store.events(ids=list(wanted))} if wanted else {}
    reports = store.reports(wanted)
    shifts = [_shift(s, c, [replace(Evidence.of(events[i], side),
                                    reports=tuple(reports.get(i, [])))
                            for i, side in _evidence_ids(c, s.ids, evidence)])
              for s, c in found]
    shifts.sort(key=lambda s: (-ev.rank(s.strength), -abs(s.delta), s.date, s.source,
                               s.target))
    return shifts
