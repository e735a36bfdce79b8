"""Indexes for the web views' queries at 10^6 events (issue 14, bench/serve.py --synthetic):

- `ix_events_day_id` (day, id): the events in their order (oldest first), so a page of
  them (`/api/events?limit=50&offset=...`) is read from the index instead of sorting
  every event;
- `ix_events_n_reports`: `counts()` reads the merged events (n_reports > 1) from the index
  instead of scanning the table;
- `ix_events_source_target_day` and `ix_events_target_source_day` (source, target, day, id,
  intensity, modality; and target first): a pair's events are found, counted and put in order
  from these indexes alone (a page of them is then read by id), and so are an actor's
  counterparts with their mean intensity (`lookup.actor_detail`), the per-actor event
  counts (`Store.actors`) and a timeline's pair.

Existing databases only gain indexes; no row changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: name -> columns of `events`
INDEXES = {
    "ix_events_day_id": ["day", "id"],
    "ix_events_n_reports": ["n_reports"],
    "ix_events_source_target_day": [
        "source_id", "target_id", "day", "id", "intensity", "modality"],
    "ix_events_target_source_day": [
        "target_id", "source_id", "day", "id", "intensity", "modality"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "events", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
