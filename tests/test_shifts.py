"""Change detection on synthetic series: a known change is found at its date, noise is not."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from eventcoder.analyse.series import Series
from eventcoder.analyse.shifts import detect_changes, shifts_in


def series(values: list[float], start: date = date(2025, 1, 1)) -> Series:
    events = [{"id": f"e{i}", "day": start + timedelta(days=3 * i), "intensity": v}
              for i, v in enumerate(values)]
    return Series("ARM", "RUS", "Armenia", "Russia", events)


def test_known_change_is_found_at_its_date() -> None:
    rng = np.random.default_rng(7)
    values = list(4 + rng.normal(0, 1, 20)) + list(-3 + rng.normal(0, 1, 20))
    [shift] = shifts_in(series(values))
    assert shift.date == date(2025, 1, 1) + timedelta(days=3 * 20)
    assert shift.direction == "toward conflict"
    assert shift.before > 2 and shift.after < -1 and shift.p_value < 0.01
    assert {e["side"] for e in shift.evidence} == {"before", "after"}


@pytest.mark.parametrize("seed", range(5))
def test_flat_noisy_series_has_no_shift(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = list(rng.normal(0, 3, 60))
    assert detect_changes(values) == []


def test_too_little_evidence_is_no_shift() -> None:
    assert detect_changes([5, 5, -5, -5]) == []
