"""Origins: every record an article was read from, with the caller's own id.

`articles.external_id` is the id the first record gave (its `id` field); `article_origins`
holds one row per record read with the same text (its id, outlet, date, URL and where it
was read from), so that a second outlet's copy is kept instead of dropped. Each stored
article gets its origin from its own row; the id of a JSON record, which was kept only in
the origin text ("records.jsonl:3 (id r-17)"), is taken from there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The id a JSON record gave, at the end of the origin text of its article.
_ORIGIN_ID = re.compile(r" \(id (.*)\)$", re.DOTALL)
#: Articles backfilled per statement.
_BATCH = 1000


def upgrade() -> None:
    from eventcoder.store.origins import origin_id

    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("external_id", sa.Text))
    origins = op.create_table(
        "article_origins",
        sa.Column("id", sa.String(50), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("external_id", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("url", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_article_origins_external_id",
        "article_origins",
        ["external_id"],
        postgresql_using="hash",
    )
    bind = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("id"),
        sa.column("outlet"),
        sa.column("published", sa.Date),
        sa.column("url"),
        sa.column("origin"),
        sa.column("external_id"),
        sa.column("ingested_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(sa.select(articles).order_by(articles.c.id)).all()
    for start in range(0, len(rows), _BATCH):
        batch_rows, ids = [], []
        for row in rows[start : start + _BATCH]:
            match = _ORIGIN_ID.search(row.origin or "")
            external = match.group(1) if match else None
            if external is not None:
                ids.append({"key": row.id, "external": external})
            fields = dict(
                external_id=external,
                outlet=row.outlet,
                published=row.published,
                url=row.url,
                origin=row.origin,
            )
            batch_rows.append(
                dict(
                    id=origin_id(row.id, **fields),
                    article_id=row.id,
                    ingested_at=row.ingested_at or datetime.now(UTC),
                    **fields,
                )
            )
        if batch_rows:
            bind.execute(origins.insert(), batch_rows)
        if ids:
            bind.execute(
                articles.update()
                .where(articles.c.id == sa.bindparam("key"))
                .values(external_id=sa.bindparam("external")),
                ids,
            )


def downgrade() -> None:
    op.drop_index("ix_article_origins_external_id", table_name="article_origins")
    op.drop_table("article_origins")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("external_id")
