"""The storage API a Python user calls.

    >>> from eventcoder.store import Store
    >>> with Store.open("sqlite:///eventcoder.db") as store:
    ...     store.add(coded_article)          # one transaction per article
    ...     rows = store.events(actor="Armenia", target="Russia", since="2025-01-01")

`Store.open` creates or upgrades the schema with the Alembic migrations shipped in the
package (`create=False` refuses to make a new SQLite file). SQLite files run in WAL mode;
`postgresql://` URLs use psycopg 3.

Several processes may write to one database at once: articles and actors are inserted with
ON CONFLICT DO NOTHING (an article another process stored first counts as stored already),
and event merging is serialised (SQLite's write lock; a transaction-level advisory lock on
PostgreSQL), as are migrations.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    create_engine,
    event,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url

from .. import settings
from ..model import CodedArticle, Event, Source
from . import schema as t
from .merge import (
    DayRange,
    actor_key,
    dates_agree,
    day_range,
    event_days,
    is_dated,
    modes_agree,
    places_agree,
)

MIGRATIONS = Path(__file__).parent / "migrations"
#: Keys of the PostgreSQL advisory locks that serialise migrations and event merging.
MIGRATE_LOCK = 0x6576_636F_6D69_6701
MERGE_LOCK = 0x6576_636F_6D72_6701


class NoDatabase(FileNotFoundError):
    """`Store.open(..., create=False)` on a SQLite file that does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no database at {path}")
        self.path = path


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for `--db`, $EVENTCODER_DB or the default SQLite file; plain
    `postgresql://` URLs get the psycopg 3 driver, a bare path is a SQLite file."""
    url = url or os.environ.get(settings.DB_ENV) or settings.DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


#: How long a SQLite connection waits for another process's lock before "database is locked".
SQLITE_BUSY_SECONDS = 30.0


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # first: the others may wait for a lock
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting for other processes as busy_timeout would.

    Turning a file into WAL mode is a write that SQLite begins under a read lock; when
    another connection holds the write lock then (a second process turning the same new
    file into WAL at the same moment), SQLite fails at once with "database is locked"
    instead of waiting, since that writer may be waiting for our read lock to go: the busy
    timeout does not apply. The failed pragma has let go of its lock and the other process
    is done within milliseconds, so try again (with jitter, so that two processes do not
    retry in step) until the busy timeout. On a file in WAL mode already it only reads."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    pause = 0.002
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 0.1)


def _alembic_config():  # noqa: ANN202 - alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _at_head(connection: Connection, config: Any) -> bool:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(connection).get_current_revision()
    return current == ScriptDirectory.from_config(config).get_current_head()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to the newest migration (or to `revision`). Processes
    opening one database at once migrate it one after the other: SQLite's write lock
    (BEGIN IMMEDIATE) or a PostgreSQL advisory lock is held while the schema changes."""
    from alembic import command

    config = _alembic_config()
    if revision == "head":
        with engine.connect() as connection:
            if _at_head(connection, config):
                return
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            # tables are rebuilt to change a column: no foreign-key actions (ON DELETE
            # CASCADE) while the old table is dropped; the pragma works outside transactions
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            finally:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATE_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@dataclass
class Added:
    """What storing one coded article did."""

    article: str
    stored: bool = True
    events: int = 0
    new_events: int = 0
    merged: int = 0


class Store:
    """A database of coded articles and merged events."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._actors: set[str] = set()

    @classmethod
    def open(cls, url: str | None = None, upgrade: bool = True, create: bool = True) -> Store:
        """Open (with `upgrade`, create or upgrade the schema of) the database at `url`;
        with `create=False` a SQLite file that does not exist raises `NoDatabase` instead
        of being made, folders and all."""
        full = database_url(url)
        parsed = make_url(full)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if not create and not path.is_file():
                raise NoDatabase(parsed.database)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(full)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if upgrade:
            migrate(engine)
        return cls(engine)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored already."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                part = wanted[i:i + 500]
                found |= set(conn.scalars(select(t.articles.c.id).where(
                    t.articles.c.id.in_(part))))
        return found

    def add(self, coded: CodedArticle) -> Added:
        """Store one coded article and all its records in one transaction, merging its
        events with the stored ones; an article stored already is left as it is."""
        new_actors: set[str] = set()
        with self.engine.begin() as conn:
            result = _Writer(conn, self._actors, new_actors).write(coded)
        self._actors |= new_actors
        return result

    # --- reading ---------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            out = {name: conn.scalar(select(func.count()).select_from(table)) or 0
                   for name, table in (("articles", t.articles), ("actors", t.actors),
                                       ("events", t.events), ("reports", t.event_reports),
                                       ("statements", t.statements),
                                       ("mentions", t.mentions))}
            out["merged_events"] = conn.scalar(select(func.count()).select_from(t.events)
                                               .where(t.events.c.n_reports > 1)) or 0
        return out

    def match_actors(self, term: str) -> set[str]:
        """Actor ids a user's term names: an actor id, knowledge-base id, name or country
        code (exactly, any case), else names containing it. A country stands for every
        actor of that country (Armenia -> Armenia, its government, Pashinyan...)."""
        a = t.actors
        low = term.strip().casefold()
        if not low:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).where(or_(
                func.lower(a.c.id) == low, func.lower(a.c.kb_id) == low,
                func.lower(a.c.name) == low, func.lower(a.c.country) == low))).all()
            if not rows:  # the term's % and _ are letters, not wildcards
                rows = conn.execute(select(a).where(
                    func.lower(a.c.name).contains(low, autoescape=True))).all()
            ids = {r.id for r in rows}
            countries = {r.country for r in rows
                         if r.country and (r.kind == "country" or r.country.casefold() == low)}
            if countries:
                ids |= set(conn.scalars(select(a.c.id).where(a.c.country.in_(countries))))
        return ids

    def actors(self, term: str | None = None, limit: int | None = None) -> list[dict]:
        """Stored actors with the number of events they are source or target of."""
        a, e = t.actors, t.events
        as_source = (select(e.c.source_id.label("actor"), func.count().label("n"))
                     .group_by(e.c.source_id).subquery())
        as_target = (select(e.c.target_id.label("actor"), func.count().label("n"))
                     .group_by(e.c.target_id).subquery())
        n_source = func.coalesce(as_source.c.n, 0)
        n_target = func.coalesce(as_target.c.n, 0)
        query = (select(a, n_source.label("as_source"), n_target.label("as_target"))
                 .outerjoin(as_source, as_source.c.actor == a.c.id)
                 .outerjoin(as_target, as_target.c.actor == a.c.id)
                 .order_by((n_source + n_target).desc(), a.c.id))
        if term:
            query = query.where(a.c.id.in_(self.match_actors(term)))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def events(self, actor: str | None = None, target: str | None = None,
               type: str | None = None, since: date | str | None = None,
               until: date | str | None = None, either: bool = False,
               modalities: Sequence[str] | None = None,
               limit: int | None = None) -> list[dict]:
        """Merged events, oldest first. `actor` matches the source and `target` the target
        (see `match_actors`); with `either`, `actor` matches either side."""
        e = t.events
        src, tgt = t.actors.alias("src"), t.actors.alias("tgt")
        query = (select(e, src.c.name.label("source_name"), src.c.country.label("source_country"),
                        src.c.sector.label("source_sector"), tgt.c.name.label("target_name"),
                        tgt.c.country.label("target_country"),
                        tgt.c.sector.label("target_sector"))
                 .outerjoin(src, src.c.id == e.c.source_id)
                 .outerjoin(tgt, tgt.c.id == e.c.target_id)
                 .order_by(e.c.day, e.c.id))
        if actor:
            ids = self.match_actors(actor)
            query = query.where(or_(e.c.source_id.in_(ids), e.c.target_id.in_(ids))
                                if either else e.c.source_id.in_(ids))
        if target:
            query = query.where(e.c.target_id.in_(self.match_actors(target)))
        if type:
            query = query.where(e.c.type == type.upper())
        if since:
            query = query.where(e.c.day >= _as_date(since))
        if until:
            query = query.where(e.c.day <= _as_date(until))
        if modalities:
            query = query.where(e.c.modality.in_(list(modalities)))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def reports(self, event_ids: Iterable[str]) -> dict[str, list[dict]]:
        """The reports of these events, each with its article and source chain."""
        wanted = list(dict.fromkeys(event_ids))
        r, a, at = t.event_reports, t.articles, t.attributions
        out: dict[str, list[dict]] = {i: [] for i in wanted}
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                part = wanted[i:i + 500]
                rows = conn.execute(
                    select(r, a.c.title.label("article_title"), a.c.published,
                           a.c.url, a.c.origin)
                    .join(a, a.c.id == r.c.article_id)
                    .where(r.c.event_id.in_(part))
                    .order_by(r.c.event_id, a.c.published, r.c.id)).all()
                report_ids = [row.id for row in rows]
                chains: dict[str, list[dict]] = {}
                for j in range(0, len(report_ids), 500):
                    for link in conn.execute(select(at).where(
                            at.c.report_id.in_(report_ids[j:j + 500]))
                            .order_by(at.c.report_id, at.c.position)):
                        chains.setdefault(link.report_id, []).append(
                            {"kind": link.kind, "name": link.name, "actor": link.actor_id})
                for row in rows:
                    item = dict(row._mapping)
                    item["chain"] = chains.get(row.id, [])
                    out[row.event_id].append(item)
        return out

    def records(self) -> Iterable[dict]:
        """The full coded-article records, in the order they were stored."""
        with self.engine.connect() as conn:
            for row in conn.execute(select(t.articles.c.record)
                                    .order_by(t.articles.c.ingested_at, t.articles.c.id)):
                yield row.record


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def outlet_of(coded: CodedArticle) -> str:
    """The outlet an article counts as for NumSources: its outlet, else its first agency."""
    article = coded.article
    return article.outlet or (article.sources[0] if article.sources else "(unknown outlet)")


class _Writer:
    """Writes one coded article inside an open transaction."""

    def __init__(self, conn: Connection, known: set[str], new: set[str]) -> None:
        self.conn = conn
        self.known = known
        self.new = new

    def write(self, coded: CodedArticle) -> Added:
        article = coded.article
        conn = self.conn
        # first statement, a write: on SQLite it takes the write lock for the transaction
        if not _insert_new(conn, t.articles, [dict(
                id=article.id, title=article.title, subtitle=article.subtitle,
                published=article.published, outlet=article.outlet, url=article.url,
                origin=article.origin, sources=article.sources, body_start=article.body_start,
                text=article.text, problems=article.problems,
                record=coded.model_dump(mode="json"), n_events=len(coded.events),
                ingested_at=datetime.now(UTC))]):
            return Added(article=article.id, stored=False)  # stored already, maybe just now
        keys = self._actors(coded)
        if coded.mentions:
            conn.execute(t.mentions.insert(), [
                {"article_id": article.id, "position": n, "actor_id": keys.get(m.actor),
                 "local_actor": m.actor, "kind": m.kind, "start": m.span.start,
                 "end": m.span.end, "text": m.span.text, "why": m.why}
                for n, m in enumerate(coded.mentions)])
        links: list[dict] = []
        if coded.statements:
            conn.execute(t.statements.insert(), [
                {"article_id": article.id, "local_id": s.id, "kind": s.kind,
                 "speaker_id": keys.get(s.speaker) if s.speaker else None,
                 "source_text": s.source.text if s.source else None,
                 "source_start": s.source.start if s.source else None,
                 "cue_text": s.cue.text if s.cue else None,
                 "cue_start": s.cue.start if s.cue else None,
                 "content": [p.model_dump() for p in s.content],
                 "hedges": [h.model_dump() for h in s.hedges], "why": s.why}
                for s in coded.statements])
            for s in coded.statements:
                links += _chain(article.id, f"statement:{s.id}", None, s.chain, keys)
        result = Added(article=article.id, events=len(coded.events))
        outlet = outlet_of(coded)
        if coded.events and conn.dialect.name == "postgresql":
            # one merge at a time (until commit), so two writers cannot both create the
            # same event; SQLite's write lock does this already
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MERGE_LOCK})
        for ev in coded.events:
            report_id = f"{article.id}:{ev.id}"
            merged = self._report(coded, ev, report_id, outlet, keys)
            result.merged += merged
            result.new_events += not merged
            links += _chain(article.id, f"event:{ev.id}", report_id, ev.attributed_to, keys)
        if links:
            conn.execute(t.attributions.insert(), links)
        return result

    def _actors(self, coded: CodedArticle) -> dict[str, str]:
        """Local actor id -> stored actor id; inserts actors not stored yet."""
        keys: dict[str, str] = {}
        rows = []
        new: dict[str, dict] = {}
        for actor in coded.actors:
            key = actor_key(actor)
            keys[actor.id] = key
            if key not in self.known and key not in self.new and key not in new:
                new[key] = dict(id=key, name=actor.name, kind=actor.kind, country=actor.country,
                                sector=actor.sector, kb_id=actor.kb_id)
            rows.append({"article_id": coded.article.id, "local_id": actor.id, "actor_id": key,
                         "name": actor.name, "names": actor.names, "office": actor.office,
                         "sectors": actor.sectors, "why": actor.why})
        if new:  # another writer may store the same actors at the same time
            _insert_new(self.conn, t.actors, list(new.values()))
            self.new |= set(new)
        if rows:
            self.conn.execute(t.article_actors.insert(), rows)
        return keys

    def _report(self, coded: CodedArticle, ev: Event, report_id: str, outlet: str,
                keys: dict[str, str]) -> bool:
        """Insert one report, into a matching stored event or a new one; True if merged."""
        value, days = event_days(ev.date, coded.article.published)
        dated = is_dated(ev.date, ev.date_fallback)
        source = keys.get(ev.source) if ev.source else None
        target = keys.get(ev.target) if ev.target else None
        match, match_dated = self._find_event(coded.article.id, ev, value, days, dated,
                                              source, target)
        if match is None:
            event_id = report_id
            self.conn.execute(t.events.insert().values(
                id=event_id, type=ev.type, mode=ev.mode, context=ev.context,
                source_id=source, target_id=target, date=value,
                day=days.start if days else None, day_end=days.end if days else None,
                date_precise=bool(days and days.precise), place=ev.place,
                modality=ev.modality, intensity=ev.intensity,
                n_reports=0, n_articles=0, n_sources=0))
        else:
            event_id = match.id
        self.conn.execute(t.event_reports.insert().values(
            id=report_id, event_id=event_id, article_id=coded.article.id, local_id=ev.id,
            outlet=outlet, type=ev.type, mode=ev.mode, context=ev.context,
            source_id=source, target_id=target, source_local=ev.source,
            target_local=ev.target, trigger_start=ev.trigger.start,
            trigger_end=ev.trigger.end, trigger_text=ev.trigger.text,
            sentence_start=ev.sentence.start, sentence_end=ev.sentence.end,
            sentence_text=ev.sentence.text, date=ev.date,
            date_alternatives=ev.date_alternatives, date_fallback=ev.date_fallback,
            day=days.start if days else None, place=ev.place, modality=ev.modality,
            intensity=ev.intensity, hedges=[h.model_dump() for h in ev.hedges], why=ev.why))
        r = t.event_reports
        n_reports, n_articles, n_sources = self.conn.execute(
            select(func.count(), func.count(r.c.article_id.distinct()),
                   func.count(r.c.outlet.distinct())).where(r.c.event_id == event_id)).one()
        changes: dict[str, Any] = {"n_reports": n_reports, "n_articles": n_articles,
                                   "n_sources": n_sources}
        if match is not None:
            if match.mode is None and ev.mode is not None:
                changes.update(mode=ev.mode, intensity=ev.intensity)
            if match.place is None and ev.place is not None:
                changes["place"] = ev.place
            if dated and not match_dated:
                # an undated report of this article dated by a later one: the event takes
                # the date, and other articles' dated reports may now join it
                changes.update(date=value, day=days.start if days else None,
                               day_end=days.end if days else None,
                               date_precise=bool(days and days.precise))
        self.conn.execute(update(t.events).where(t.events.c.id == event_id).values(**changes))
        return match is not None

    def _find_event(self, article_id: str, ev: Event, value: str | None,
                    days: DayRange | None, dated: bool, source: str | None,
                    target: str | None) -> tuple[Any, bool]:
        """The stored event this report belongs to (or None), and whether that event has
        a dated report. A report without a date of its own joins only an event this
        article reports already; a dated one also joins other articles' dated events."""
        e, r = t.events, t.event_reports
        conds = [e.c.type == ev.type, e.c.modality == ev.modality,
                 e.c.source_id == source if source else e.c.source_id.is_(None),
                 e.c.target_id == target if target else e.c.target_id.is_(None)]
        if days is not None and days.precise:
            window = timedelta(days=settings.MERGE_WINDOW_DAYS)
            conds += [e.c.day >= days.start - window, e.c.day <= days.start + window,
                      e.c.date_precise.is_(True)]
        else:
            conds.append(e.c.date == value if value is not None else e.c.date.is_(None))
        if not dated:
            conds.append(e.c.id.in_(select(r.c.event_id).where(r.c.article_id == article_id)))
        rows = self.conn.execute(select(e).where(and_(*conds)).order_by(e.c.id)).all()
        if not rows:
            return None, False
        ids = [row.id for row in rows]
        here = set(self.conn.scalars(select(r.c.event_id).distinct().where(
            r.c.article_id == article_id, r.c.event_id.in_(ids))))
        with_date: set[str] = set()
        if dated:
            with_date = {row.event_id for row in self.conn.execute(
                select(r.c.event_id, r.c.date).distinct().where(
                    r.c.event_id.in_(ids), r.c.date_fallback.is_(False),
                    r.c.date.is_not(None)))
                if day_range(row.date) is not None}
        best = None
        for row in rows:
            if row.id not in here and row.id not in with_date:
                continue  # another article's event, and one of them has no date
            row_days = DayRange(row.day, row.day_end) if row.day and row.day_end else None
            if not (dates_agree(row.date, row_days, value, days)
                    and modes_agree(row.mode, ev.mode) and places_agree(row.place, ev.place)):
                continue
            distance = abs((row.day - days.start).days) if row.day and days else 0
            if best is None or distance < best[0]:
                best = (distance, row)
        if best is None:
            return None, False
        return best[1], best[1].id in with_date


def _insert_new(conn: Connection, table: Table, rows: list[dict]) -> bool:
    """Insert rows whose primary key may be stored already (by another process, even at
    this moment), leaving stored ones as they are. With one row: True when it was new."""
    (key,) = [c.name for c in table.primary_key.columns]
    if conn.dialect.name in ("sqlite", "postgresql"):
        if conn.dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(table).on_conflict_do_nothing(index_elements=[key])
        if len(rows) == 1:
            inserted = conn.execute(statement.values(**rows[0]).returning(table.c[key]))
            return inserted.first() is not None
        conn.execute(statement, rows)
        return True
    column = table.c[key]  # other backends: check, then insert
    stored = set(conn.scalars(select(column).where(column.in_([r[key] for r in rows]))))
    fresh = [r for r in rows if r[key] not in stored]
    if fresh:
        conn.execute(table.insert(), fresh)
    return bool(rows) and rows[0][key] not in stored


def _chain(article_id: str, owner: str, report_id: str | None, chain: list[Source],
           keys: dict[str, str]) -> list[dict]:
    return [{"article_id": article_id, "owner": owner, "position": n, "report_id": report_id,
             "kind": s.kind, "name": s.name, "actor_id": keys.get(s.actor) if s.actor else None,
             "start": s.span.start if s.span else None, "end": s.span.end if s.span else None,
             "why": s.why} for n, s in enumerate(chain)]
