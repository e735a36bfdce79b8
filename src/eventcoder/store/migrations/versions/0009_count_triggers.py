"""The triggers of 0008 again, with the counts that fall to nothing found by key.

0008's delete and update triggers looked for the pairs left without events with a
correlated EXISTS, which SQLite answers by reading every row of `pair_counts` at every
deleted or changed event: at 10^5 pairs, merging a report cost milliseconds. They now take
the pairs' keys as a list, looked up in the primary key on both databases.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _counts_module():  # type: ignore[no-untyped-def]
    """0008's module, which writes the triggers' statements (Alembic loads the revisions
    by path, not as a package)."""
    spec = importlib.util.spec_from_file_location(
        "eventcoder_migration_0008", Path(__file__).with_name("0008_event_counts.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    counts = _counts_module()
    postgresql = op.get_bind().dialect.name == "postgresql"
    for kind in ("insert", "delete", "update"):
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS events_counts_{kind} ON events")
            op.execute(f"DROP FUNCTION IF EXISTS events_counts_{kind}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS events_counts_{kind}")
    for statement in (counts.postgres_triggers() if postgresql
                      else counts.sqlite_triggers()):
        op.execute(statement)


def downgrade() -> None:
    """The new triggers count as the old ones did: nothing to undo."""
