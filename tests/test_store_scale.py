"""The queries pushed into SQL (issue 14) give what the Python filters they replace gave, on a
small synthetic database made by bench/synth.py (the generator of `bench/serve.py
--synthetic`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from eventcoder import settings
from eventcoder.analyse.timeline import period_start, timeline
from eventcoder.serve.service import event_page
from eventcoder.store import Store

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from synth import make_synthetic  # noqa: E402


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("synth")
    store = make_synthetic(f"sqlite:///{folder / 'synth.db'}", events=3000, countries=12,
                           actors=60)
    yield store
    store.close()


def _old_page(store: Store, country: str | None, offset: int, limit: int,
              **filters: str) -> tuple[int, list[object]]:
    rows = store.events(**filters)  # type: ignore[arg-type]
    if country:
        code = country.strip().upper()
        rows = [r for r in rows if (r.source_country or "").upper() == code
                or (r.target_country or "").upper() == code]
    return len(rows), rows[offset:offset + limit]


@pytest.mark.parametrize("country", [None, "C003", "c000", " C011 ", "XX"])
@pytest.mark.parametrize("offset", [0, 7, 400, 5000])
def test_event_page_filters_and_pages_in_sql_as_python_did(synth, country, offset):
    assert event_page(synth, country=country, limit=25, offset=offset) == _old_page(
        synth, country, offset, 25)
    assert event_page(synth, actor="C001", country=country, limit=10, offset=offset) == (
        _old_page(synth, country, offset, 10, actor="C001"))


def test_count_events_is_the_number_of_events(synth):
    assert synth.count_events() == len(synth.events()) == 3000
    assert synth.count_events(actor="C000", target="C001", since="2018-01-01") == len(
        synth.events(actor="C000", target="C001", since="2018-01-01"))


def _old_timeline(store: Store, a: str, b: str | None) -> dict[date, list[list[float]]]:
    a_ids = store.match_actors(a)
    b_ids = store.match_actors(b) if b else None
    out: dict[date, list[list[float]]] = {}
    for row in store.events(actor=a, either=True, modalities=settings.ANALYSE_MODALITIES):
        src, tgt = row.source_id, row.target_id
        if row.day is None:
            continue
        if src in a_ids and tgt is not None and (tgt in b_ids if b_ids else tgt not in a_ids):
            side = 0
        elif tgt in a_ids and src is not None and (src in b_ids if b_ids else src not in a_ids):
            side = 1
        else:
            continue
        cell = out.setdefault(period_start(row.day, "month"), [[], [], [0, 0]])
        cell[2][side] += 1
        if row.intensity is not None:
            cell[side].append(row.intensity)
    return out


@pytest.mark.parametrize("pair", [("C000", "C001"), ("C002", None), ("C010", "C000"),
                                  ("name:person 3", "C000"),
                                  ("name:person 40", None)])
def test_timeline_in_sql_counts_and_means_as_before(synth, pair):
    a, b = pair
    view = timeline(synth, a, b)
    old = _old_timeline(synth, a, b)
    assert bool(view.periods) == bool(old), pair
    for p in view.periods:
        ab, ba, (n_ab, n_ba) = old.get(p.start, [[], [], [0, 0]])
        assert (p.ab_count, p.ba_count) == (n_ab, n_ba)
        assert p.ab_mean == (round(sum(ab) / len(ab), 2) if ab else None)
        assert p.ba_mean == (round(sum(ba) / len(ba), 2) if ba else None)


def test_actor_counts_of_a_term_are_those_of_every_actor(synth):
    every = {row.id: row for row in synth.actors()}
    for term in ("C000", "c004", "Person 1", "name:person 2"):
        rows = synth.actors(term)
        assert rows
        assert rows == [every[row.id] for row in rows]
        assert rows == sorted(rows, key=lambda r: (-(r.as_source + r.as_target), r.id))


def test_counts_of_merged_events(synth):
    counts = synth.counts()
    assert counts["events"] == 3000
    assert counts["merged_events"] == sum(1 for e in synth.events() if e.n_reports > 1) > 0
