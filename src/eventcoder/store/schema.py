"""The database tables (SQLAlchemy Core). Natural keys throughout, so two databases that
stored the same articles in the same order hold the same rows, whatever the backend:

- `articles.id` is `Article.id` (hash of the normalised text);
- `actors.id` is the actor's identity: knowledge-base id when known, else country-sector
  for groups, else `name:` and the normalised name (see `merge.actor_key`);
- `event_reports.id` is `<article id>:<event id in the article>`;
- `events.id` is the id of the event's first report;
- `article_origins.id` is `<article id>:<hash of the origin's fields>` (`origins`).

The schema is created and upgraded by the Alembic migrations in `migrations/`; this module
describes the current version for queries and must stay in step with them.

Free text (names, outlets, places, modes, dates, local ids made from names) is `Text`, as
long as the input makes it. Keys of bounded length stay `String`: article ids (16 hex
digits), actor ids (`merge.MAX_KEY` characters at most), event and report ids (article id,
':', event id). The indexes on free text are hash indexes on PostgreSQL, whose B-tree
entries have a size limit.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("subtitle", Text),
    Column("published", Date, index=True),
    Column("outlet", Text),
    Column("url", Text),
    Column("origin", Text),
    Column("sources", JSON, nullable=False),
    Column("body_start", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("problems", JSON, nullable=False),
    Column("record", JSON, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("external_id", Text, doc="the id the first record gave (its `id` field)"),
    Index("ix_articles_outlet", "outlet", postgresql_using="hash"),
)

#: Every record read with an article's text, the first one included (see `origins`).
article_origins = Table(
    "article_origins", metadata,
    Column("id", String(50), primary_key=True, doc="article id ':' hash of the fields"),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("external_id", Text),
    Column("outlet", Text),
    Column("published", Date),
    Column("url", Text),
    Column("origin", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_article_origins_external_id", "external_id", postgresql_using="hash"),
)

actors = Table(
    "actors", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(8), index=True),
    Column("sector", String(8)),
    Column("kb_id", Text),
    Index("ix_actors_name", "name", postgresql_using="hash"),
)

article_actors = Table(
    "article_actors", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("local_id", Text, primary_key=True),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("names", JSON, nullable=False),
    Column("office", Text),
    Column("sectors", JSON, nullable=False),
    Column("why", Text, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("actor_id", String(200), ForeignKey("actors.id"), index=True),
    Column("local_actor", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("why", Text, nullable=False),
)

statements = Table(
    "statements", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("local_id", String(50), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("speaker_id", String(200), ForeignKey("actors.id"), index=True),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("content", JSON, nullable=False),
    Column("hedges", JSON, nullable=False),
    Column("why", Text, nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", String(100), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("mode", Text),
    Column("context", JSON, nullable=False),
    Column("source_id", String(200), ForeignKey("actors.id")),
    Column("target_id", String(200), ForeignKey("actors.id")),
    Column("date", Text),
    Column("day", Date),
    Column("day_end", Date),
    Column("date_precise", Boolean, nullable=False),
    Column("place", Text),
    Column("modality", String(20), nullable=False),
    Column("intensity", Float),
    Column("n_reports", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("why", Text, nullable=False, server_default="",
           doc="0005: why its reports are one event (the evidence of each merge)"),
    Index("ix_events_dyad_day", "source_id", "target_id", "day"),
    Index("ix_events_target_day", "target_id", "day"),
    Index("ix_events_type_day", "type", "day"),
    Index("ix_events_day", "day"),
    # 0004: pages in order, merged-event count, pairs, counterparts, per-actor counts
    Index("ix_events_day_id", "day", "id"),
    Index("ix_events_n_reports", "n_reports"),
    # 0007: ... and shift series, weighted by n_reports, read from the indexes alone
    Index("ix_events_source_target_day", "source_id", "target_id", "day", "id", "intensity",
          "modality", "n_reports"),
    Index("ix_events_target_source_day", "target_id", "source_id", "day", "id", "intensity",
          "modality", "n_reports"),
)

event_reports = Table(
    "event_reports", metadata,
    Column("id", String(100), primary_key=True),
    Column("event_id", String(100), ForeignKey("events.id"), nullable=False, index=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("local_id", String(50), nullable=False),
    Column("outlet", Text),
    Column("type", String(20), nullable=False),
    Column("mode", Text),
    Column("context", JSON, nullable=False),
    Column("source_id", String(200), ForeignKey("actors.id")),
    Column("target_id", String(200), ForeignKey("actors.id")),
    Column("source_local", Text),
    Column("target_local", Text),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Column("date", Text),
    Column("date_alternatives", JSON, nullable=False),
    Column("date_fallback", Boolean, nullable=False),
    Column("day", Date),
    Column("place", Text),
    Column("modality", String(20), nullable=False),
    Column("intensity", Float),
    Column("hedges", JSON, nullable=False),
    Column("why", Text, nullable=False),
)

#: Source chains of event reports and statements, root (the outlet) first.
attributions = Table(
    "attributions", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("owner", String(60), primary_key=True,
           doc="'event:E3' or 'statement:S2' within the article"),
    Column("position", Integer, primary_key=True),
    Column("report_id", String(100), ForeignKey("event_reports.id", ondelete="CASCADE"),
           index=True),
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("actor_id", String(200), ForeignKey("actors.id"), index=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("why", Text, nullable=False),
)

# --- 0005: merging with evidence and near-duplicate articles (`merge`, `near_duplicates`) ---

#: What the merge rules compare, per report. `dyad` is the pair of the sides' countries (an
#: actor's own id when it has none): the candidates of a report are found by
#: (dyad, type, day). `cluster` is the id of the report's candidate cluster (the connected
#: reports that may be one event), which `merge` splits into events.
report_evidence = Table(
    "report_evidence", metadata,
    Column("report_id", String(100), ForeignKey("event_reports.id", ondelete="CASCADE"),
           primary_key=True),
    Column("cluster", String(100), nullable=False, index=True),
    Column("dyad", String(410), nullable=False),
    Column("type", String(20), nullable=False),
    Column("day", Date),
    Column("key_terms", JSON, nullable=False),
    Column("quotes", JSON, nullable=False),
    Index("ix_report_evidence_dyad_type_day", "dyad", "type", "day"),
)

#: MinHash LSH bands of each article's word shingles: articles sharing a band are
#: candidate near-duplicates.
article_bands = Table(
    "article_bands", metadata,
    Column("band", String(40), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)

#: Articles that are near-duplicates (syndicated copies with small edits) of another: one
#: row per copy, naming the group's canonical article (its smallest id) and how alike the
#: two texts are.
near_duplicates = Table(
    "near_duplicates", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("canonical_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("similarity", Float, nullable=False),
    Column("why", Text, nullable=False),
)

#: Kept by triggers on `events` (migration 0008): each actor's events as source and target,
#: and each ordered pair's events with their summed intensity.
actor_counts = Table(
    "actor_counts", metadata,
    Column("actor_id", String(200), primary_key=True),
    Column("as_source", Integer, nullable=False),
    Column("as_target", Integer, nullable=False),
)
pair_counts = Table(
    "pair_counts", metadata,
    Column("source_id", String(200), primary_key=True),
    Column("target_id", String(200), primary_key=True),
    Column("n_events", Integer, nullable=False),
    Column("sum_intensity", Float, nullable=False),
    Column("n_intensity", Integer, nullable=False),
    Index("ix_pair_counts_target", "target_id", "source_id"),
)
