"""Change detection on synthetic series: a known change is found at its date, noise is not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from eventcoder.analyse.series import Series
from eventcoder.analyse.shifts import detect_changes, shifts_in
from eventcoder.store import StoredEvent


def event(n: int, day: date, intensity: float) -> StoredEvent:
    return StoredEvent(
        id=f"e{n}", type="ACCUSE", mode=None, context=(), source_id="ARM", target_id="RUS",
        date=day.isoformat(), day=day, day_end=day, date_precise=True, place=None,
        modality="asserted", intensity=intensity, n_reports=1, n_articles=1, n_sources=1,
        source_name="Armenia", source_country="ARM", source_sector=None, target_name="Russia",
        target_country="RUS", target_sector=None, why="")


def series(values: list[float], start: date = date(2025, 1, 1)) -> Series:
    events = [event(i, start + timedelta(days=3 * i), v) for i, v in enumerate(values)]
    return Series("ARM", "RUS", "Armenia", "Russia", events)


def test_known_change_is_found_at_its_date() -> None:
    rng = np.random.default_rng(7)
    values = list(4 + rng.normal(0, 1, 20)) + list(-3 + rng.normal(0, 1, 20))
    [shift] = shifts_in(series(values))
    assert shift.date == date(2025, 1, 1) + timedelta(days=3 * 20)
    assert shift.direction == "toward conflict"
    assert shift.before > 2 and shift.after < -1 and shift.p_value < 0.01
    assert [e.side for e in shift.evidence] == ["before"] * 3 + ["after"] * 3
    assert [e.id for e in shift.evidence] == ["e17", "e18", "e19", "e20", "e21", "e22"]


def test_a_series_holds_only_dated_scored_events() -> None:
    unscored = replace(event(0, date(2025, 1, 1), 1.0), intensity=None)
    with pytest.raises(ValueError, match="e0 has no day or no intensity"):
        Series("ARM", "RUS", "Armenia", "Russia", [unscored])


@pytest.mark.parametrize("seed", range(5))
def test_flat_noisy_series_has_no_shift(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = list(rng.normal(0, 3, 60))
    assert detect_changes(values) == []


def test_too_little_evidence_is_no_shift() -> None:
    assert detect_changes([5, 5, -5, -5]) == []
