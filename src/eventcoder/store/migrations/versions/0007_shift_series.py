"""Shift detection reads an actor's events from the indexes alone (issue 16,
bench/shifts.py at 10^6 events):

`ix_events_source_target_day` and `ix_events_target_source_day` (from 0004) also hold
`n_reports`, which weighs each event in a series; `shifts --actor X` then reads its series
without visiting the table (about half the time for a busy country). The indexes keep their
names and leading columns, so every query they served is served as before.

Existing databases only have the two indexes rebuilt; no row changes.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

#: name -> columns of `events` before this revision
BEFORE = {
    "ix_events_source_target_day": [
        "source_id", "target_id", "day", "id", "intensity", "modality"],
    "ix_events_target_source_day": [
        "target_id", "source_id", "day", "id", "intensity", "modality"],
}


def _rebuild(columns: dict[str, list[str]]) -> None:
    for name, cols in columns.items():
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", cols)


def upgrade() -> None:
    _rebuild({name: [*cols, "n_reports"] for name, cols in BEFORE.items()})


def downgrade() -> None:
    _rebuild(BEFORE)
