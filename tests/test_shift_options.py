"""Shifts from the store, with their options: pooling both ways, country level naming the
people, weights, one pair, --explain, and the timeline's picture; bad options are refused."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventcoder.analyse.explain import explain_pair
from eventcoder.analyse.shifts import find_shifts
from eventcoder.cli import app
from eventcoder.store import Store
from storage_helpers import coded

runner = CliRunner()

GOOD = [("2025-01-06", 4.0), ("2025-01-20", 3.5), ("2025-02-03", 4.0), ("2025-02-17", 5.0),
        ("2025-03-03", 4.0)]
BAD = [("2025-04-07", -3.0), ("2025-04-21", -3.5), ("2025-05-05", -3.0), ("2025-05-19", -2.0),
       ("2025-06-02", -3.5)]


def both_ways_story(store: Store) -> None:
    """Five cooperative then five hostile events between Armenia and Russia, alternating
    direction: too few each way for a moderate shift, enough pooled."""
    for n, (day, score) in enumerate(GOOD + BAD):
        source, target = ("ARM", "RUS") if n % 2 == 0 else ("RUS", "ARM")
        store.add(coded(f"w{n}", day, [(source, "CONSULT" if score > 0 else "ACCUSE", target,
                                        day, score)]))


def test_both_ways_pools_the_two_directions(store: Store) -> None:
    both_ways_story(store)
    assert find_shifts(store) == []
    [pooled] = find_shifts(store, both_ways=True)
    assert pooled.pooled and pooled.arrow == "↔" and (pooled.source, pooled.target) == (
        "ARM", "RUS")
    assert pooled.strength in ("moderate", "strong") and pooled.delta < -5
    assert (pooled.n_before, pooled.n_after) == (5, 5)
    weak = find_shifts(store, min_strength="weak")
    assert {s.strength for s in weak} <= {"weak"}


def test_country_level_pools_people_and_names_them(store: Store) -> None:
    for n, (day, score) in enumerate(GOOD + BAD):
        source = "PASH" if n % 2 else "ARM"
        target = "RUSGOV" if n % 3 else "RUS"
        store.add(coded(f"c{n}", day, [(source, "SUPPORT", target, day, score)]))
    [shift] = find_shifts(store, actor="Armenia")
    assert (shift.source, shift.target) == ("ARM", "RUS")
    assert {e.source_name for e in shift.evidence} == {"Armenia", "Nikol Pashinyan"}
    assert find_shifts(store, level="actor") == []  # ten events over four pairs of actors


def test_intentions_weigh_less_than_acts(store: Store) -> None:
    events = [(day, score, "asserted") for day, score in GOOD + BAD]
    events[1] = ("2025-01-20", -6.0, "intended")  # a threat only announced
    for n, (day, score, modality) in enumerate(events):
        store.add(coded(f"m{n}", day, [("ARM", "CONSULT", "RUS", day, score, None, None,
                                        modality)]))
    weighted = find_shifts(store, min_strength="weak")[0]
    plain = find_shifts(store, min_strength="weak", weighted=False)[0]
    assert plain.before == 2.2 and weighted.before > plain.before


def test_pair_and_explain(store: Store) -> None:
    both_ways_story(store)
    store.add(coded("eu", "2025-03-01", [("ARM", "AGREE", "EU", "2025-03-01", 2.5)]))
    assert find_shifts(store, pair=("Armenia", "Russia"), both_ways=True)
    assert find_shifts(store, pair=("Armenia", "European Union"), both_ways=True) == []
    forward, backward = explain_pair(store, "Armenia", "Russia")
    assert (forward.series.source, backward.series.source) == ("ARM", "RUS")
    assert len(forward.series) == 5 and forward.change is None  # 3 a side at least
    [pooled] = explain_pair(store, "Armenia", "Russia", both_ways=True)
    assert pooled.change is not None and pooled.change.strength in ("moderate", "strong")


def test_more_events_needed_is_what_it_takes(store: Store) -> None:
    for n, (day, score) in enumerate(GOOD[:4] + BAD[:4]):
        store.add(coded(f"n{n}", day, [("ARM", "ACCUSE", "RUS", day, score)]))
    [x] = explain_pair(store, "Armenia", "Russia")
    assert x.change is not None and x.change.strength == "moderate"
    assert x.next_strength == "strong" and x.needed is not None
    before, after = x.needed
    assert before == 1  # 4 events before the split, strong needs 5
    # adding that many events like those on each side makes the shift strong
    extra = [("2024-12-20", 4.0)][:before] + [
        (f"2025-06-{10 + n:02d}", [-3.0, -3.5, -3.0, -2.0][n % 4]) for n in range(after)]
    for n, (day, score) in enumerate(extra):
        store.add(coded(f"more{n}", day, [("ARM", "ACCUSE", "RUS", day, score)]))
    [y] = explain_pair(store, "Armenia", "Russia")
    assert y.change is not None and y.change.strength == "strong"


def invoke(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_cli_shift_options(db_url: str) -> None:
    with Store.open(db_url) as store:
        both_ways_story(store)
    none = " ".join(invoke("shifts", "--db", db_url).split())
    assert "No shift of moderate strength or more" in none and "--explain" in none
    pooled = " ".join(invoke("shifts", "--db", db_url, "--both-ways").split())
    assert "Armenia ↔ Russia: " in pooled and "posterior probability of a change" in pooled
    rows = json.loads(invoke("shifts", "--db", db_url, "--both-ways", "-f", "json"))
    assert rows[0]["pooled"] and rows[0]["strength"] in ("moderate", "strong")
    header = invoke("shifts", "--db", db_url, "--both-ways", "-f", "csv").splitlines()[0]
    assert "strength" in header and "posterior" in header
    explained = " ".join(invoke("shifts", "--db", db_url, "--pair", "ARM", "RUS",
                                "--explain").split())
    assert "Armenia → Russia: 5 events" in explained and "too few events" in explained
    assert "Russia → Armenia: 5 events" in explained
    [pooled_x] = json.loads(invoke("shifts", "--db", db_url, "--pair", "ARM", "RUS",
                                   "--explain", "--both-ways", "-f", "json"))
    assert pooled_x["pooled"] and pooled_x["events"] == 10
    assert pooled_x["change"]["strength"] in ("moderate", "strong")
    assert pooled_x["change"]["date"] == "2025-04-07" and pooled_x["needed"] is None
    assert "--explain needs --pair" in invoke("shifts", "--db", db_url, "--explain", code=2)
    assert "Atlantis" in invoke("shifts", "--db", db_url, "--pair", "ARM", "Atlantis",
                                "--explain", code=1)


def test_cli_plot(db_url: str, tmp_path: Path) -> None:
    with Store.open(db_url) as store:
        for n, (day, score) in enumerate(GOOD + BAD):
            store.add(coded(f"p{n}", day, [("ARM", "ACCUSE", "RUS", day, score)]))
    svg, png = tmp_path / "pair.svg", tmp_path / "pair.png"
    invoke("timeline", "Armenia", "--with", "Russia", "--plot", str(svg), "--db", db_url)
    first = svg.read_bytes()
    assert b"shift toward conflict" in first and b"Armenia \xe2\x86\x92 Russia" in first
    invoke("timeline", "Armenia", "--with", "Russia", "--plot", str(svg), "--db", db_url)
    assert svg.read_bytes() == first  # no date in the file: the same data, the same picture
    invoke("timeline", "Armenia", "--with", "Russia", "--plot", str(png), "--db", db_url)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = invoke("timeline", "Armenia", "--plot", str(tmp_path / "pair.pdf"), "--db", db_url,
                 code=2)
    assert "a plot is written as .svg or .png, not pdf" in " ".join(bad.split())
    missing = invoke("timeline", "Armenia", "--with", "Russia", "--plot",
                     str(tmp_path / "no" / "such" / "dir.svg"), "--db", db_url, code=1)
    assert "--plot" in missing and "No such file" in missing
