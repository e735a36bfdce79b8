"""Merging with evidence and near-duplicate articles (issue 17):

- `events.why`: the evidence that joined each report of the event;
- `report_evidence`: per report, its candidate cluster, dyad (the sides' countries), type,
  day, key terms and quotations, with the index on (dyad, type, day) that finds a new
  report's candidates;
- `article_bands` (MinHash LSH bands of each article's shingles) and `near_duplicates`
  (syndicated copies with small edits, and the canonical article of their group).

Stored reports are backfilled (their cluster is their event: stored events are kept as they
are), and so are the bands and near-duplicate groups of stored articles, oldest first.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Rows backfilled per statement.
_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("why", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "report_evidence",
        sa.Column("report_id", sa.String(100),
                  sa.ForeignKey("event_reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("cluster", sa.String(100), nullable=False, index=True),
        sa.Column("dyad", sa.String(410), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("day", sa.Date),
        sa.Column("key_terms", sa.JSON, nullable=False),
        sa.Column("quotes", sa.JSON, nullable=False),
    )
    op.create_index("ix_report_evidence_dyad_type_day", "report_evidence",
                    ["dyad", "type", "day"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.String(40), primary_key=True),
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True, index=True),
    )
    op.create_table(
        "near_duplicates",
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("canonical_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    _backfill_reports(bind)
    _backfill_articles(bind)


def _backfill_reports(bind: sa.Connection) -> None:
    from eventcoder.store import schema as t
    from eventcoder.store.evidence import key_terms, quotations, stem, words

    r, aa, actors = t.event_reports, t.article_actors, t.actors
    src, tgt = actors.alias("src"), actors.alias("tgt")
    last = ""
    while True:
        rows = bind.execute(
            sa.select(r.c.id, r.c.event_id, r.c.article_id, r.c.type, r.c.day,
                      r.c.sentence_text, r.c.trigger_text, r.c.source_id, r.c.target_id,
                      src.c.country.label("source_country"),
                      tgt.c.country.label("target_country"))
            .outerjoin(src, src.c.id == r.c.source_id)
            .outerjoin(tgt, tgt.c.id == r.c.target_id)
            .where(r.c.id > last).order_by(r.c.id).limit(_BATCH)).all()
        if not rows:
            return
        last = rows[-1].id
        names: dict[str, set[str]] = {}
        for actor in bind.execute(sa.select(aa.c.article_id, aa.c.name, aa.c.names).where(
                aa.c.article_id.in_(sorted({row.article_id for row in rows})))):
            found = names.setdefault(actor.article_id, set())
            for name in [actor.name, *actor.names]:
                found |= {w for w in words(name)} | {stem(w) for w in words(name)}
        out = []
        for row in rows:
            trigger = set(words(row.trigger_text))
            excluded = names.get(row.article_id, set()) | trigger | {stem(w) for w in trigger}
            source = "-" if row.source_id is None else row.source_country or row.source_id
            target = "-" if row.target_id is None else row.target_country or row.target_id
            out.append(dict(report_id=row.id, cluster=row.event_id, dyad=f"{source}|{target}",
                            type=row.type, day=row.day,
                            key_terms=sorted(key_terms(row.sentence_text, excluded)),
                            quotes=list(quotations(row.sentence_text))))
        bind.execute(t.report_evidence.insert(), out)


def _backfill_articles(bind: sa.Connection) -> None:
    from eventcoder.store import schema as t
    from eventcoder.store.near_duplicates import link_near_duplicates

    a = t.articles
    ids = list(bind.scalars(sa.select(a.c.id).order_by(a.c.ingested_at, a.c.id)))
    for start in range(0, len(ids), _BATCH):
        part = ids[start:start + _BATCH]
        texts = dict(bind.execute(sa.select(a.c.id, a.c.text).where(a.c.id.in_(part))).all())
        for key in part:
            link_near_duplicates(bind, key, texts[key])


def downgrade() -> None:
    op.drop_table("near_duplicates")
    op.drop_table("article_bands")
    op.drop_index("ix_report_evidence_dyad_type_day", table_name="report_evidence")
    op.drop_table("report_evidence")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("why")
