"""The event counts the database keeps by triggers (migration 0008) equal a count of the
events, on SQLite and PostgreSQL, whatever writes: adding and merging articles, changing or
deleting events, and a database upgraded from before the counts existed."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import func, select, text

from eventcoder.store import Store
from eventcoder.store import schema as t
from eventcoder.store.lookup import actor_detail
from eventcoder.store.migrate import alembic_config
from storage_helpers import coded


def counted(store: Store) -> tuple[dict, dict]:
    """(actor counts, pair counts) as the database keeps them."""
    with store.engine.connect() as conn:
        actors = {r.actor_id: (r.as_source, r.as_target)
                  for r in conn.execute(select(t.actor_counts))}
        pairs = {(r.source_id, r.target_id): (r.n_events, r.sum_intensity, r.n_intensity)
                 for r in conn.execute(select(t.pair_counts))}
    return actors, pairs


def recounted(store: Store) -> tuple[dict, dict]:
    """The same counts worked out from the events."""
    e = t.events
    actors: dict[str, list[int]] = {}
    with store.engine.connect() as conn:
        for side, column in ((0, e.c.source_id), (1, e.c.target_id)):
            for actor, n in conn.execute(select(column, func.count()).where(
                    column.is_not(None)).group_by(column)):
                actors.setdefault(actor, [0, 0])[side] = n
        pairs = {(r.source_id, r.target_id): (r.n, float(r.total or 0), r.scored)
                 for r in conn.execute(
                     select(e.c.source_id, e.c.target_id, func.count().label("n"),
                            func.sum(e.c.intensity).label("total"),
                            func.count(e.c.intensity).label("scored"))
                     .where(e.c.source_id.is_not(None), e.c.target_id.is_not(None))
                     .group_by(e.c.source_id, e.c.target_id))}
    return {a: tuple(n) for a, n in actors.items()}, pairs


def fill(store: Store) -> None:
    store.add(coded("a1", "2024-03-01", [
        ("ARM", "ACCUSE", "RUS", "2024-03-01", -2.0),
        ("RUS", "THREATEN", "ARM", None, -4.5),
        ("PASH", "CONSULT", "EU", "2024-02-28", 1.0),
        ("RUSGOV", "REQUEST", None, None, None)]))
    # the same accusation from another outlet merges into one event (its counts once)
    store.add(coded("a2", "2024-03-01", [("ARM", "ACCUSE", "RUS", "2024-03-01", -2.0),
                                         ("EU", "AID", "ARM", "2024-03-02", 7.0)],
                    outlet="Wire B"))


def test_counts_follow_added_and_merged_events(store: Store) -> None:
    fill(store)
    actors, pairs = counted(store)
    assert (actors, pairs) == recounted(store)
    assert actors["ARM"] == (1, 2) and pairs[("ARM", "RUS")] == (1, -2.0, 1)
    assert store.counts()["events"] == 5
    # the views read them: the actor list and an actor's counterparts
    arm = next(a for a in store.actors() if a.id == "ARM")
    assert (arm.as_source, arm.as_target) == (1, 2)
    detail = actor_detail(store, "ARM")
    assert detail is not None and (detail["as_source"], detail["as_target"]) == (1, 2)
    assert detail["counterparts"]["sources"][0]["events"] == 1
    assert {c["id"] for c in detail["counterparts"]["sources"]} == {"RUS", "org:eu"}


def test_counts_follow_changed_and_deleted_events(store: Store) -> None:
    fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE events SET target_id = 'org:eu', intensity = -3.0 "
                          "WHERE source_id = 'ARM'"))
        conn.execute(text("UPDATE events SET n_reports = n_reports + 1"))  # no party change
        conn.execute(text("DELETE FROM event_reports WHERE event_id IN "
                          "(SELECT id FROM events WHERE type = 'THREATEN')"))
        conn.execute(text("DELETE FROM events WHERE type = 'THREATEN'"))
    actors, pairs = counted(store)
    assert (actors, pairs) == recounted(store)
    assert ("ARM", "RUS") not in pairs and pairs[("ARM", "org:eu")] == (1, -3.0, 1)
    assert "RUS" not in actors  # no event left: no row, as a fresh count would have


def test_an_upgraded_database_is_counted_once(store: Store) -> None:
    fill(store)
    config = alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008-1")
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert counted(store) == recounted(store)
    assert counted(store)[0]["ARM"] == (1, 2)


def test_counts_left_at_nothing_are_found_by_key(store: Store) -> None:
    """The delete and update triggers find the pairs and actors left without events in
    the primary keys, not by reading every row (0009): each statement of their bodies,
    run for one event, searches the count tables and scans none."""
    import re

    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's row triggers; PostgreSQL's count a statement's rows at once")
    with store.engine.connect() as conn:
        bodies = dict(conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN ('events_counts_delete', 'events_counts_update')")).all())
        assert len(bodies) == 2
        for sql in bodies.values():
            one_row = re.sub(r"\b(OLD|NEW)\.(source_id|target_id)", "'x'", sql)
            one_row = re.sub(r"\b(OLD|NEW)\.intensity", "1.0", one_row)
            statements = re.findall(r"(DELETE FROM \w+ WHERE .*?);", one_row, re.S)
            assert len(statements) >= 2
            for statement in statements:
                plan = " ".join(str(row[-1]) for row in conn.execute(
                    text("EXPLAIN QUERY PLAN " + statement)))
                assert "SCAN pair_counts" not in plan and "SCAN actor_counts" not in plan
                assert "SEARCH" in plan
