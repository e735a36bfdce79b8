"""The dateline of a report is where it was filed, not an actor (resolve/dateline.py)."""

from __future__ import annotations

import pytest

from eventcoder.pipeline import Coder, make_article
from eventcoder.resolve.dateline import dateline_end


@pytest.mark.parametrize("text, dateline", [
    ("LIMA - A Chilean court convicted two men.", "LIMA - "),
    ("SANTIAGO, Chile -- Officials met on Monday.", "SANTIAGO, Chile -- "),
    ("QUITO (AP) — The minister resigned.", "QUITO (AP) — "),
    ("ASUNCION: The Senate voted.", "ASUNCION: "),
    # no capitals, or no sentence after the dash: no dateline
    ("Peru - the country that hosts the summit - voted.", ""),
    ("OPEC - the cartel - cut output.", ""),
    ("Chile accused Peru.", ""),
])
def test_a_leading_dateline_is_found(text: str, dateline: str) -> None:
    assert text[:dateline_end(text)] == dateline


def test_the_city_of_the_dateline_is_a_place_not_the_source() -> None:
    record = Coder(rules_only=True).code_article(make_article(
        "LIMA -- A Chilean court convicted two Bolivian smugglers on Monday.", "2025-06-13"))
    assert [m for m in record.places if m.span.text == "LIMA" and m.actor == "PER"]
    assert all(e.source != "PER-GOV" and e.source != "PER" for e in record.events), \
        [(e.source, e.why) for e in record.events]
