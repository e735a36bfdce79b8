"""Initial schema: articles, actors, mentions, statements, events, reports, attributions.

Revision ID: 0001
Revises:
Create Date: 2025-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KEY = sa.String(200)
ARTICLE = sa.String(32)


def _article_fk() -> sa.ForeignKey:
    return sa.ForeignKey("articles.id", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", ARTICLE, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("subtitle", sa.Text),
        sa.Column("published", sa.Date, index=True),
        sa.Column("outlet", sa.String(200), index=True),
        sa.Column("url", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("body_start", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("problems", sa.JSON, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", KEY, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("country", sa.String(8), index=True),
        sa.Column("sector", sa.String(8)),
        sa.Column("kb_id", KEY),
    )
    op.create_table(
        "article_actors",
        sa.Column("article_id", ARTICLE, _article_fk(), primary_key=True),
        sa.Column("local_id", KEY, primary_key=True),
        sa.Column("actor_id", KEY, sa.ForeignKey("actors.id"), nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("names", sa.JSON, nullable=False),
        sa.Column("office", sa.String(200)),
        sa.Column("sectors", sa.JSON, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("article_id", ARTICLE, _article_fk(), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("actor_id", KEY, sa.ForeignKey("actors.id"), index=True),
        sa.Column("local_actor", KEY, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_table(
        "statements",
        sa.Column("article_id", ARTICLE, _article_fk(), primary_key=True),
        sa.Column("local_id", sa.String(50), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("speaker_id", KEY, sa.ForeignKey("actors.id"), index=True),
        sa.Column("source_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("hedges", sa.JSON, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("source_id", KEY, sa.ForeignKey("actors.id")),
        sa.Column("target_id", KEY, sa.ForeignKey("actors.id")),
        sa.Column("date", sa.String(40)),
        sa.Column("day", sa.Date),
        sa.Column("day_end", sa.Date),
        sa.Column("date_precise", sa.Boolean, nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("modality", sa.String(20), nullable=False),
        sa.Column("intensity", sa.Float),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_articles", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
    )
    op.create_index("ix_events_dyad_day", "events", ["source_id", "target_id", "day"])
    op.create_index("ix_events_target_day", "events", ["target_id", "day"])
    op.create_index("ix_events_type_day", "events", ["type", "day"])
    op.create_index("ix_events_day", "events", ["day"])
    op.create_table(
        "event_reports",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(100), sa.ForeignKey("events.id"), nullable=False,
                  index=True),
        sa.Column("article_id", ARTICLE, _article_fk(), nullable=False, index=True),
        sa.Column("local_id", sa.String(50), nullable=False),
        sa.Column("outlet", sa.String(200)),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("source_id", KEY, sa.ForeignKey("actors.id")),
        sa.Column("target_id", KEY, sa.ForeignKey("actors.id")),
        sa.Column("source_local", KEY),
        sa.Column("target_local", KEY),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("trigger_text", sa.Text, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("sentence_text", sa.Text, nullable=False),
        sa.Column("date", sa.String(40)),
        sa.Column("date_alternatives", sa.JSON, nullable=False),
        sa.Column("date_fallback", sa.Boolean, nullable=False),
        sa.Column("day", sa.Date),
        sa.Column("place", sa.String(200)),
        sa.Column("modality", sa.String(20), nullable=False),
        sa.Column("intensity", sa.Float),
        sa.Column("hedges", sa.JSON, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )
    op.create_table(
        "attributions",
        sa.Column("article_id", ARTICLE, _article_fk(), primary_key=True),
        sa.Column("owner", sa.String(60), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("report_id", sa.String(100),
                  sa.ForeignKey("event_reports.id", ondelete="CASCADE"), index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("actor_id", KEY, sa.ForeignKey("actors.id"), index=True),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("why", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("attributions", "event_reports", "events", "statements", "mentions",
                  "article_actors", "actors", "articles"):
        op.drop_table(table)
