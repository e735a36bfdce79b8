"""The scenario library: synthetic intensity series, each with the outcome a reader should
get from `shifts` (no finding, or a finding of at least some strength, in some direction)."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder.analyse import evidence as ev
from eventcoder.analyse.shifts import Change, candidates, detect_changes, search


def strongest(values: np.ndarray, w: np.ndarray | None = None) -> Change | None:
    found = candidates(values, w)
    return max(found, key=lambda c: (ev.rank(c.strength), c.posterior), default=None)


def noise(seed: int, n: int, sd: float, mean: float = 0.0) -> np.ndarray:
    return mean + np.random.default_rng(seed).normal(0, sd, n)


def test_no_change_rarely_gives_a_finding() -> None:
    """Seeded series of 12 to 150 events without a change: as bench/false_alarms.py measures
    on 1,000, at most 5% give a moderate finding and 1% a strong one."""
    found = []
    for seed in range(100):
        n = [12, 25, 40, 80, 150][seed % 5]
        changes = detect_changes(noise(seed, n, 2.5, mean=1.0), min_strength="moderate")
        found.append(max((ev.rank(c.strength) for c in changes), default=0))
    assert sum(r >= 2 for r in found) <= 5 and sum(r >= 3 for r in found) <= 1


def test_a_step_is_strong_at_its_place_and_direction() -> None:
    values = np.r_[noise(1, 15, 1.5, 4.0), noise(2, 15, 1.5, -3.0)]
    [change] = detect_changes(values, min_strength="strong")
    assert change.index == 15 and change.delta < -5
    assert change.p_value <= 0.01 and change.posterior >= 0.99
    assert (change.n_before, change.n_after) == (15, 15)


def test_a_gradual_drift_is_found_downward() -> None:
    values = np.linspace(3.5, -3.0, 30) + noise(3, 30, 1.0)
    found = detect_changes(values)
    assert found and all(c.delta < 0 for c in found)


@pytest.mark.parametrize("seed", range(10))
def test_one_outlier_is_not_a_shift(seed: int) -> None:
    values = noise(seed, 40, 2.0, 1.0)
    values[20] = 10.0
    assert detect_changes(values) == []


def test_sparse_clean_step_is_weak_and_too_few_is_nothing() -> None:
    # three events a side can never reach p <= 0.05: 2 of the 20 orders are as extreme
    [change] = candidates([4, 3, 4.5, -3, -4, -2.5])
    assert change.strength == "weak" and change.p_value > 0.05 and change.posterior > 0.95
    assert candidates([5, 5, -5, -5]) == []


def test_sparse_drift_of_five_events_a_side_is_at_least_moderate() -> None:
    values = [3.5, 4.0, 2.5, 3.5, 2.5, -2.0, -2.0, -3.5, -3.5, -3.5]
    change = strongest(np.array(values))
    assert change is not None and ev.rank(change.strength) >= ev.rank("moderate")
    assert change.delta < -4
    assert change.n_before == 5 and change.n_after == 5


@pytest.mark.parametrize("seed", range(3))
def test_busy_noisy_pair_is_not_a_change_of_course(seed: int) -> None:
    values = noise(seed, 3000, 4.0)
    assert detect_changes(values, min_strength="weak") == []
    values[1500:] += 0.6  # real, but a tenth of the noise: nothing to tell a reader
    assert detect_changes(values, min_strength="weak") == []


def test_busy_pair_with_a_real_turn_is_strong() -> None:
    values = np.r_[noise(4, 1200, 4.0, 1.0), noise(5, 800, 4.0, -2.5)]
    [change] = detect_changes(values, min_strength="strong")
    assert abs(change.index - 1200) < 40


def test_search_finds_the_least_squares_breakpoints_of_pelt() -> None:
    import ruptures

    from eventcoder.analyse.shifts import _noise

    for seed in range(4):
        values = np.r_[noise(seed, 60, 2.0, 3.0), noise(seed + 10, 50, 2.0, -1.0),
                       noise(seed + 20, 40, 2.0, 2.0)]
        penalty = 4 * _noise(values) ** 2 * np.log(len(values))
        pelt = ruptures.Pelt(model="l2", min_size=3, jump=1).fit(values.reshape(-1, 1))
        assert search(values, 3) == pelt.predict(pen=penalty)[:-1]


def test_weights_follow_reports_and_modality() -> None:
    w = ev.weights([1, 1, 4, 1], ["asserted", "intended", "asserted", "requested"])
    assert w.mean() == pytest.approx(1.0)
    assert w[2] > w[0] > w[1] == w[3]
    assert w[0] / w[1] == pytest.approx(2.0)


def test_an_event_of_many_reports_moves_the_mean_more() -> None:
    values = np.array([3.0, 3.0, 3.0, 3.0, -3.0, -3.0, -1.0, -1.0])
    plain = candidates(values, quick=False)[0]
    heavy = candidates(values, ev.weights([1] * 6 + [20, 20], ["asserted"] * 8),
                       quick=False)[0]
    assert plain.after == -2.0 and heavy.after > plain.after


def test_posterior_is_high_for_a_step_and_low_for_flat_noise() -> None:
    assert ev.change_posterior(np.r_[np.full(6, 3.0), np.full(6, -3.0)], None, 3) > 0.99
    assert ev.change_posterior(noise(9, 40, 2.0), None, 3) < 0.5
    assert ev.change_posterior([1.0, 2.0], None, 3) == 0.0


def test_sequential_test_stops_early_on_noise_but_not_on_a_change() -> None:
    flat = noise(11, 50, 2.0)
    early = ev.permutation_p(flat, 3, 2000, seed=1, stop_after=50)
    full = ev.permutation_p(flat, 3, 2000, seed=1)
    assert early > 0.2 and full > 0.2
    step = np.r_[noise(12, 20, 1.0, 3.0), noise(13, 20, 1.0, -3.0)]
    assert ev.permutation_p(step, 3, 2000, seed=1, stop_after=50) == ev.permutation_p(
        step, 3, 2000, seed=1)


def test_grade_names_what_is_missing() -> None:
    assert ev.grade(0.001, 1.0, -6.0, -4.0, 10, 10) == "strong"
    assert ev.grade(0.03, 0.99, -6.0, -4.0, 4, 5) == "moderate"
    assert ev.grade(0.1, 0.9, -1.5, -0.5, 4, 5) == "weak"
    assert ev.grade(0.5, 0.2, -0.5, -0.2, 4, 5) is None
    lacks = ev.shortfalls(ev.rules()["strong"], 0.03, 0.99, -6.0, -4.0, 4, 5)
    assert lacks == ["p = 0.030 > 0.01", "4 events on one side < 5"]


def test_an_unknown_strength_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="strength 'medium': expected one of weak, moderate"):
        detect_changes([1.0, 2.0], min_strength="medium")
