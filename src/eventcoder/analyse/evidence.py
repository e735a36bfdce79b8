"""How much a series of event intensities says that its mean changed at a point.

Three measures, each computed with weights (an event's weight grows with its reports and is
lower for an intention or request than for an act; see `weights`):

- `permutation_p`: a seeded permutation test whose statistic is the largest standardised
  difference of (weighted) means over every admissible split, so the search for the split
  is accounted for;
- `change_posterior`: the posterior probability that the mean changed somewhere in the
  series, from a conjugate normal model (normal means, one shared unknown variance with an
  inverse-gamma prior) compared over every admissible split against no change;
- the effect: the change of mean in units of the series' pooled standard deviation.

`grade` turns them, with the numbers of events on each side, into a strength.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .. import settings

STRENGTHS = ("weak", "moderate", "strong")


def rank(strength: str | None) -> int:
    """0 for no grade, then 1 (weak), 2 (moderate), 3 (strong); a ValueError for another
    name."""
    if not strength:
        return 0
    if strength not in STRENGTHS:
        raise ValueError(f"strength {strength!r}: expected one of {', '.join(STRENGTHS)}")
    return STRENGTHS.index(strength) + 1


def weights(n_reports: npt.ArrayLike, modalities: Sequence[str]) -> np.ndarray:
    """One weight per event, 1 on average: 1 + ln(reports), times the modality's weight
    (`settings.SHIFT_MODALITY_WEIGHTS`)."""
    return weighted(n_reports, modality_weights(modalities))


def modality_weights(modalities: Sequence[str]) -> np.ndarray:
    table = settings.SHIFT_MODALITY_WEIGHTS
    return np.array([table.get(m, 1.0) for m in modalities], dtype=float)


def weighted(n_reports: npt.ArrayLike, kind: np.ndarray) -> np.ndarray:
    """`weights` from the reports and the modalities' weights."""
    reports = np.maximum(np.asarray(n_reports, dtype=float), 1.0)
    w = (1 + np.log(reports)) * kind
    return w / w.mean() if len(w) else w


def cuts(n: int, min_size: int, days: np.ndarray | None = None) -> np.ndarray:
    """The admissible splits k of a series of n (before = [:k]): at least `min_size` events
    on each side and, given the events' days, never between two events of one day."""
    k = np.arange(min_size, n - min_size + 1)
    if days is not None and len(k):
        k = k[days[k - 1] != days[k]]
    return k


def split_stats(x: np.ndarray, w: np.ndarray, splits: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """For each split k of `splits` of each row: the difference of weighted means after -
    before, and the standardised statistic |difference| · sqrt(W1·W2/W) (W the sums of
    weights; with unit weights, k(n-k)/n)."""
    cw, cwx = np.cumsum(w, axis=1), np.cumsum(w * x, axis=1)
    cut = splits - 1
    w1, s1 = cw[:, cut], cwx[:, cut]
    w2, s2 = cw[:, -1:] - w1, cwx[:, -1:] - s1
    delta = s2 / w2 - s1 / w1
    return delta, np.abs(delta) * np.sqrt(w1 * w2 / cw[:, -1:])


#: Values shuffled at once by the permutation test (rows x series length): bounds its memory
#: to a few arrays of this many floats (8 MB each), whatever the length of the series.
PERMUTATION_BLOCK = 1_000_000


def permutation_p(x: npt.ArrayLike, min_size: int, permutations: int, seed: int = 0,
                  block: int = PERMUTATION_BLOCK, w: npt.ArrayLike | None = None,
                  stop_after: int | None = None, days: np.ndarray | None = None) -> float:
    """The share of `permutations` seeded shuffles of `x` (each value with its weight) whose
    statistic reaches the observed one; the shuffles are made and scored in blocks of at
    most `block` values (the same answer for any block size). The splits are `cuts`.

    With `stop_after`, the test stops at the shuffle that makes that many reach it and gives
    their share of the shuffles made so far (Besag and Clifford's sequential test): a series
    with no sign of change is dismissed after a few dozen shuffles."""
    values, weight, splits = _prepared(x, w, min_size, days)
    n = len(values)
    if not len(splits):
        return 1.0
    equal = bool(np.all(weight == weight[0]))
    observed = split_stats(values[None, :], weight[None, :], splits)[1].max() - 1e-12
    rng = np.random.default_rng(seed)
    rows = max(1, block // n)
    if stop_after is not None:
        rows = min(rows, 4 * stop_after)
    extreme = 0
    for done in range(0, permutations, rows):
        m = min(rows, permutations - done)
        if equal:  # the values alone are shuffled
            xs, ws = rng.permuted(np.tile(values, (m, 1)), axis=1), np.ones((m, n))
        else:
            order = rng.permuted(np.tile(np.arange(n), (m, 1)), axis=1)
            xs, ws = values[order], weight[order]
        hits = split_stats(xs, ws, splits)[1].max(axis=1) >= observed
        if stop_after is not None and extreme + int(hits.sum()) >= stop_after:
            at = int(np.argmax(np.cumsum(hits) + extreme >= stop_after))
            return stop_after / (done + at + 1)
        extreme += int(hits.sum())
    return (1 + extreme) / (1 + permutations)


def _prepared(x: npt.ArrayLike, w: npt.ArrayLike | None, min_size: int,
              days: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A series' values and weights (all 1 when none are given) as arrays, and its
    admissible splits (`cuts`)."""
    values = np.asarray(x, dtype=float)
    weight = np.ones(len(values)) if w is None else np.asarray(w, dtype=float)
    return values, weight, cuts(len(values), min_size, days)


def change_posterior(x: npt.ArrayLike, w: npt.ArrayLike | None, min_size: int,
                     days: np.ndarray | None = None) -> float:
    """Posterior probability that the mean of `x` changes at one of its admissible splits,
    with prior probability `settings.SHIFT_PRIOR_CHANGE` spread evenly over the splits
    (`cuts`).

    Each segment's mean has a normal prior centred on the series' mean with variance σ²/κ
    (κ = `settings.SHIFT_PRIOR_KAPPA`), σ² an inverse-gamma(a, b) prior shared by the
    segments; value i has variance σ²/w_i. The marginal likelihoods are in closed form."""
    values, weight, splits = _prepared(x, w, min_size, days)
    n = len(values)
    if not len(splits):
        return 0.0
    kappa, a0, b0 = settings.SHIFT_PRIOR_KAPPA, settings.SHIFT_PRIOR_A, settings.SHIFT_PRIOR_B
    centre = float(np.average(values, weights=weight))
    cw = np.cumsum(weight)
    cwx = np.cumsum(weight * values)
    cwxx = np.cumsum(weight * values * values)

    def parts(ww: np.ndarray, s: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """log of the prior-to-posterior shrinkage of a segment's mean, and its share of
        the posterior scale of σ²."""
        mean = s / ww
        within = np.maximum(q - s * mean, 0.0)
        return (0.5 * np.log(kappa / (kappa + ww)),
                0.5 * (within + kappa * ww * (mean - centre) ** 2 / (kappa + ww)))

    a_n = a0 + n / 2
    log0, scale0 = parts(cw[-1:], cwx[-1:], cwxx[-1:])
    none = float(log0[0] - a_n * math.log(b0 + scale0[0]))
    cut = splits - 1
    log1, scale1 = parts(cw[cut], cwx[cut], cwxx[cut])
    log2, scale2 = parts(cw[-1] - cw[cut], cwx[-1] - cwx[cut], cwxx[-1] - cwxx[cut])
    each = log1 + log2 - a_n * np.log(b0 + scale1 + scale2)
    top = float(each.max())
    change = top + math.log(float(np.exp(each - top).mean()))
    prior = settings.SHIFT_PRIOR_CHANGE
    odds = change - none + math.log(prior / (1 - prior))
    return 1.0 / (1.0 + math.exp(-odds)) if odds > -700 else 0.0


def effect_size(before: np.ndarray, after: np.ndarray, wb: np.ndarray, wa: np.ndarray
                ) -> float:
    """The change of weighted mean over the pooled weighted standard deviation (at least
    `settings.SHIFT_MIN_SD`, so that a few identical scores do not make an endless effect)."""
    mb, ma = np.average(before, weights=wb), np.average(after, weights=wa)
    ss = float(np.sum(wb * (before - mb) ** 2) + np.sum(wa * (after - ma) ** 2))
    sd = math.sqrt(ss / max(wb.sum() + wa.sum() - 2, 1.0))
    return float((ma - mb) / max(sd, settings.SHIFT_MIN_SD))


@dataclass(frozen=True)
class Rule:
    """What a grade needs."""

    max_p: float
    min_posterior: float
    min_delta: float
    min_effect: float
    min_events: int


def rules() -> dict[str, Rule]:
    out = {}
    for name in STRENGTHS:
        g = settings.SHIFT_GRADES[name]
        out[name] = Rule(max_p=g["max_p"], min_posterior=g["min_posterior"],
                         min_delta=g["min_delta"], min_effect=g["min_effect"],
                         min_events=int(g["min_events"]))
    return out


def shortfalls(rule: Rule, p: float, posterior: float, delta: float, effect: float,
               n_before: int, n_after: int) -> list[str]:
    """What a finding lacks for `rule`, in words (empty when it meets it)."""
    out = []
    if p > rule.max_p:
        out.append(f"p = {p:.3f} > {rule.max_p}")
    if posterior < rule.min_posterior:
        out.append(f"posterior {posterior:.2f} < {rule.min_posterior}")
    if abs(delta) < rule.min_delta:
        out.append(f"change {abs(delta):.1f} < {rule.min_delta}")
    if abs(effect) < rule.min_effect:
        out.append(f"effect {abs(effect):.2f} < {rule.min_effect}")
    if min(n_before, n_after) < rule.min_events:
        out.append(f"{min(n_before, n_after)} events on one side < {rule.min_events}")
    return out


def grade(p: float, posterior: float, delta: float, effect: float, n_before: int,
          n_after: int) -> str | None:
    """The highest strength whose rule the finding meets, or None."""
    for name, rule in reversed(rules().items()):
        if not shortfalls(rule, p, posterior, delta, effect, n_before, n_after):
            return name
    return None
