"""Free text as TEXT: names, outlets, places, modes, dates and local ids made from names were
VARCHAR(n), which PostgreSQL enforces (an article with a 300-character place phrase was not
stored) and SQLite does not. The indexes on free text become hash indexes on PostgreSQL,
which have no entry size limit.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: table -> (column, its old type, nullable)
COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine, bool]]] = {
    "articles": [("outlet", sa.String(200), True)],
    "actors": [("name", sa.String(300), False), ("kb_id", sa.String(200), True)],
    "article_actors": [("local_id", sa.String(200), False), ("name", sa.String(300), False),
                       ("office", sa.String(200), True)],
    "mentions": [("local_actor", sa.String(200), False)],
    "events": [("mode", sa.String(40), True), ("date", sa.String(40), True),
               ("place", sa.String(200), True)],
    "event_reports": [("outlet", sa.String(200), True), ("mode", sa.String(40), True),
                      ("source_local", sa.String(200), True),
                      ("target_local", sa.String(200), True),
                      ("date", sa.String(40), True), ("place", sa.String(200), True)],
}
#: Indexes on free text: name -> (table, column).
TEXT_INDEXES = {"ix_articles_outlet": ("articles", "outlet"), "ix_actors_name": ("actors", "name")}


def _change(to_text: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, _column) in TEXT_INDEXES.items():
        op.drop_index(name, table_name=table)
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column, old, nullable in columns:
                batch.alter_column(column, existing_type=old if to_text else sa.Text(),
                                   type_=sa.Text() if to_text else old,
                                   existing_nullable=nullable)
    for name, (table, column) in TEXT_INDEXES.items():
        if to_text and postgres:
            op.create_index(name, table, [column], postgresql_using="hash")
        else:
            op.create_index(name, table, [column])


def upgrade() -> None:
    _change(to_text=True)


def downgrade() -> None:
    _change(to_text=False)
