"""Event counts kept by the database itself, for the web views at 10^6 events (issue 14):

- `actor_counts` (actor, as_source, as_target): how many events each actor is the source
  and the target of, so the list of actors by events (`Store.actors()`) reads 5,000 rows
  instead of grouping every event twice;
- `pair_counts` (source, target, n_events, sum_intensity, n_intensity): the events of each
  ordered pair and their summed PLOVER intensity, so an actor's main counterparts and their
  mean intensity (`lookup.actor_detail`) read one row per counterpart.

Triggers on `events` keep both in step with every insert, delete and change of an event's
parties or intensity, whichever code writes (local ingest, the bulk loader, merging): row
triggers on SQLite; on PostgreSQL statement triggers over the transition tables, so a bulk
COPY pays one grouped update per statement, with rows updated in key order (no deadlock
between concurrent writers). Existing databases are counted once, here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor_counts",
        sa.Column("actor_id", sa.String(200), primary_key=True),
        sa.Column("as_source", sa.Integer, nullable=False),
        sa.Column("as_target", sa.Integer, nullable=False),
    )
    op.create_table(
        "pair_counts",
        sa.Column("source_id", sa.String(200), primary_key=True),
        sa.Column("target_id", sa.String(200), primary_key=True),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("sum_intensity", sa.Float, nullable=False),
        sa.Column("n_intensity", sa.Integer, nullable=False),
    )
    op.create_index("ix_pair_counts_target", "pair_counts", ["target_id", "source_id"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in postgres_triggers():
            op.execute(statement)
    else:
        for statement in sqlite_triggers():
            op.execute(statement)
    # what is already stored
    for statement in _add_rows("events", 1):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for kind in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS events_counts_{kind} ON events")
            op.execute(f"DROP FUNCTION IF EXISTS events_counts_{kind}()")
    else:
        for kind in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS events_counts_{kind}")
    op.drop_table("pair_counts")
    op.drop_table("actor_counts")


def _add_rows(rows: str, sign: int) -> list[str]:
    """The statements that add (sign 1) or take away (-1) the counts of the events in
    `rows` (a table, or a row trigger's NEW or OLD as a one-row select)."""
    s = "" if sign > 0 else "-"
    actors = (
        f"INSERT INTO actor_counts (actor_id, as_source, as_target) "
        f"SELECT actor, {s}sum(src), {s}sum(tgt) FROM ("
        f"SELECT source_id AS actor, 1 AS src, 0 AS tgt FROM {rows} "
        f"WHERE source_id IS NOT NULL "
        f"UNION ALL SELECT target_id, 0, 1 FROM {rows} "
        f"WHERE target_id IS NOT NULL) AS sides "
        # 'WHERE true': SQLite reads an upsert's SELECT unambiguously only with a WHERE
        f"WHERE true GROUP BY actor ORDER BY actor "
        f"ON CONFLICT (actor_id) DO UPDATE SET "
        f"as_source = actor_counts.as_source + excluded.as_source, "
        f"as_target = actor_counts.as_target + excluded.as_target")
    pairs = (
        f"INSERT INTO pair_counts (source_id, target_id, n_events, sum_intensity, "
        f"n_intensity) "
        f"SELECT source_id, target_id, {s}count(*), {s}coalesce(sum(intensity), 0), "
        f"{s}count(intensity) FROM {rows} "
        f"WHERE source_id IS NOT NULL AND target_id IS NOT NULL "
        f"GROUP BY source_id, target_id ORDER BY source_id, target_id "
        f"ON CONFLICT (source_id, target_id) DO UPDATE SET "
        f"n_events = pair_counts.n_events + excluded.n_events, "
        f"sum_intensity = pair_counts.sum_intensity + excluded.sum_intensity, "
        f"n_intensity = pair_counts.n_intensity + excluded.n_intensity")
    if sign > 0:
        return [actors, pairs]
    # counts that fall to nothing go, so the tables equal a fresh count of the events
    empty_actors = (
        f"DELETE FROM actor_counts WHERE as_source = 0 AND as_target = 0 AND actor_id IN ("
        f"SELECT source_id FROM {rows} UNION SELECT target_id FROM {rows})")
    # a list of keys, which both databases look up in the primary key (0009: a correlated
    # EXISTS read every pair at every deleted event on SQLite)
    empty_pairs = (
        f"DELETE FROM pair_counts WHERE n_events = 0 AND (source_id, target_id) IN ("
        f"SELECT source_id, target_id FROM {rows})")
    return [actors, pairs, empty_actors, empty_pairs]


def _body(*statements: list[str]) -> str:
    return "".join(f"{one};\n" for group in statements for one in group)


def sqlite_triggers() -> list[str]:
    """Row triggers, each over its row's values as a one-row select."""
    def row(which: str) -> str:
        return (f"(SELECT {which}.source_id AS source_id, {which}.target_id AS target_id, "
                f"{which}.intensity AS intensity)")

    new, old = row("NEW"), row("OLD")
    return [
        f"CREATE TRIGGER events_counts_insert AFTER INSERT ON events BEGIN\n"
        f"{_body(_add_rows(new, 1))}END",
        f"CREATE TRIGGER events_counts_delete AFTER DELETE ON events BEGIN\n"
        f"{_body(_add_rows(old, -1))}END",
        "CREATE TRIGGER events_counts_update AFTER UPDATE OF source_id, target_id, "
        f"intensity ON events BEGIN\n{_body(_add_rows(old, -1), _add_rows(new, 1))}END",
    ]


def postgres_triggers() -> list[str]:
    """Statement triggers over transition tables (PostgreSQL 10 or later)."""
    # an update trigger with transition tables cannot name columns: the rows whose
    # parties or intensity did not change are left out here instead
    changed = ("(SELECT {0}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
               "(o.source_id, o.target_id, o.intensity) IS DISTINCT FROM "
               "(n.source_id, n.target_id, n.intensity)) AS {0}")
    bodies = {
        "insert": (_body(_add_rows("new_rows", 1)), "REFERENCING NEW TABLE AS new_rows"),
        "delete": (_body(_add_rows("old_rows", -1)), "REFERENCING OLD TABLE AS old_rows"),
        "update": (_body(_add_rows(changed.format("o"), -1),
                         _add_rows(changed.format("n"), 1)),
                   "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    }
    statements = []
    for kind, (body, referencing) in bodies.items():
        statements.append(
            f"CREATE FUNCTION events_counts_{kind}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN\n{body}RETURN NULL; END $$")
        statements.append(
            f"CREATE TRIGGER events_counts_{kind} AFTER {kind.upper()} ON events "
            f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION events_counts_{kind}()")
    return statements
