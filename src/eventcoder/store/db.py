"""The storage API a Python user calls.

    >>> from eventcoder.store import Store
    >>> with Store.open("sqlite:///eventcoder.db") as store:
    ...     store.add(coded_article)          # one transaction per article
    ...     rows = store.events(actor="Armenia", target="Russia", since="2025-01-01")

`Store.open` creates or upgrades the schema with the Alembic migrations shipped in the
package (`migrate`; `create=False` refuses to make a new SQLite file, see `engine`).
Queries return frozen rows (`rows`); `add` writes through `write.write_article`, which
merges events by the rules in `merge`.

Several processes may write to one database at once: articles and actors are inserted with
ON CONFLICT DO NOTHING (an article another process stored first counts as stored already),
and event merging is serialised (SQLite's write lock; a transaction-level advisory lock on
PostgreSQL), as are migrations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from . import schema as t
from .engine import NoDatabase, database_url, make_engine
from .fast_insert import id_batches
from .migrate import migrate
from .rows import (
    Added,
    ChainLink,
    StoredActor,
    StoredEvent,
    StoredOrigin,
    StoredReport,
    as_dict,
)

if TYPE_CHECKING:
    from ..model import Article, CodedArticle

__all__ = ["Added", "NoDatabase", "Store", "check_limit", "check_term", "database_url",
           "migrate"]

#: Events per batch of `stream_events`.
BATCH = 500
#: Longest search term (an actor's name, id or country code); SQLite refuses LIKE
#: patterns of 50,000 bytes.
MAX_TERM = 500
#: Index look-ups of (source, target) pairs above which SQLite is steered (`Store._pair`).
PAIR_LOOKUPS = 5_000
#: Largest row limit of a query (a 64-bit SQL integer holds more; nobody reads more rows).
MAX_LIMIT = 1_000_000_000


def check_term(term: str | None) -> str | None:
    """A search term as given, or ValueError when it is empty or longer than `MAX_TERM`
    (None means no filter; an empty term is not taken to mean one)."""
    if term is None:
        return None
    if not term.strip():
        raise ValueError("an empty name matches no actor; leave the option out to mean "
                         "every actor")
    if len(term) > MAX_TERM:
        raise ValueError(f"{len(term):,} characters is longer than any actor's name, id or "
                         f"code (at most {MAX_TERM})")
    return term


def check_limit(limit: int | None) -> int | None:
    """A row limit from 1 to `MAX_LIMIT`, or None for no limit; ValueError otherwise."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"{limit} is not a number of rows from 1 to {MAX_LIMIT:,} (leave "
                         "it out for every row)")
    return limit


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
        engine = make_engine(url, create=create)
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
            for part in id_batches(wanted):
                found |= set(conn.scalars(select(t.articles.c.id).where(
                    t.articles.c.id.in_(part))))
        return found

    def add(self, coded: CodedArticle) -> Added:
        """Store one coded article and all its records in one transaction, merging its
        events with the stored ones; an article stored already is left as it is."""
        from .write import write_article

        new_actors: set[str] = set()
        with self.engine.begin() as conn:
            result = write_article(conn, coded, self._actors, new_actors)
        self._actors |= new_actors
        return result

    def add_origin(self, article: Article) -> bool:
        """Keep `article` (read from another record with the same text as a stored
        article) as another origin of it: its id, outlet, date and URL. True when it was
        new; False when that origin is stored already, or no article has its text."""
        return self.add_origins([article]) == 1

    def add_origins(self, articles: Sequence[Article]) -> int:
        """`add_origin` for many articles, in one transaction; how many were new."""
        from .write import add_origin

        if not articles:
            return 0
        with self.engine.begin() as conn:
            stored = set(conn.scalars(select(t.articles.c.id).where(
                t.articles.c.id.in_({a.id for a in articles}))))
            return sum(add_origin(conn, a) for a in articles if a.id in stored)

    # --- reading ---------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        from .merge import merged_counts

        with self.engine.connect() as conn:
            out = {name: conn.scalar(select(func.count()).select_from(table)) or 0
                   for name, table in (("articles", t.articles), ("actors", t.actors),
                                       ("events", t.events), ("reports", t.event_reports),
                                       ("statements", t.statements),
                                       ("mentions", t.mentions))}
            out["merged_events"] = conn.scalar(select(func.count()).select_from(t.events)
                                               .where(t.events.c.n_reports > 1)) or 0
            out.update(merged_counts(conn))
        return out

    def match_actors(self, term: str) -> set[str]:
        """Actor ids a user's term names: an actor id, knowledge-base id, name or country
        code (exactly, any case), else names containing it. A country stands for every
        actor of that country (Armenia -> Armenia, its government, Pashinyan...)."""
        a = t.actors
        low = (check_term(term) or "").strip().casefold()
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

    def actors(self, term: str | None = None, limit: int | None = None) -> list[StoredActor]:
        """Stored actors with the number of events they are source or target of; a term
        that is empty or too long, or a limit out of range, is a ValueError."""
        check_term(term)
        check_limit(limit)
        a, counts = t.actors, t.actor_counts
        ids = self.match_actors(term) if term is not None else None
        # the counts the database keeps (migration 0008), not a count of every event
        n_source = func.coalesce(counts.c.as_source, 0)
        n_target = func.coalesce(counts.c.as_target, 0)
        query = (select(a, n_source.label("as_source"), n_target.label("as_target"))
                 .outerjoin(counts, counts.c.actor_id == a.c.id)
                 .order_by((n_source + n_target).desc(), a.c.id))
        if ids is not None:
            query = query.where(a.c.id.in_(ids))
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [StoredActor(**r._mapping) for r in conn.execute(query)]

    def _event_filters(self, actor: str | None, target: str | None, type: str | None,
                       since: date | str | None, until: date | str | None, either: bool,
                       modalities: Sequence[str] | None, country: str | None,
                       ids: Iterable[str] | None) -> list[Any]:
        check_term(actor)
        check_term(target)
        e, a = t.events, t.actors
        where: list[Any] = []
        found = self.match_actors(actor) if actor is not None else None
        targets = self.match_actors(target) if target is not None else None
        if found is not None and targets is not None and not either:
            where.append(self._pair(found, targets))
        else:
            if found is not None:
                where.append(or_(e.c.source_id.in_(found), e.c.target_id.in_(found))
                             if either else e.c.source_id.in_(found))
            if targets is not None:
                where.append(e.c.target_id.in_(targets))
        if type:
            where.append(e.c.type == type.upper())
        where += self._window(since, until, modalities)
        if country:
            code = country.strip().upper()
            of_country = select(a.c.id).where(
                func.upper(func.coalesce(a.c.country, "")) == code)
            either_side = [e.c.source_id.in_(of_country), e.c.target_id.in_(of_country)]
            if not code:  # a blank code matches a side without a country, or no actor
                either_side += [e.c.source_id.is_(None), e.c.target_id.is_(None)]
            where.append(or_(*either_side))
        if ids is not None:
            where.append(e.c.id.in_(list(ids)))
        return where

    def _pair(self, sources: set[str], targets: set[str]) -> Any:
        """source_id IN sources AND target_id IN targets. SQLite (without ANALYZE
        statistics) looks up every (target, source) pair in an index, which for two
        countries of hundreds of actors each is 10^5 look-ups; there, when the pairs are
        many, the larger list is tested on the rows the smaller list's index finds (its
        column is written `col || ''`, which no index serves; same values)."""
        e = t.events
        src: ColumnElement[Any] = e.c.source_id
        tgt: ColumnElement[Any] = e.c.target_id
        if (self.engine.dialect.name == "sqlite"
                and len(sources) * len(targets) > PAIR_LOOKUPS):
            if len(sources) > len(targets):
                src = src.concat("")
            else:
                tgt = tgt.concat("")
        return and_(src.in_(sorted(sources)), tgt.in_(sorted(targets)))

    def events(self, actor: str | None = None, target: str | None = None,
               type: str | None = None, since: date | str | None = None,
               until: date | str | None = None, either: bool = False,
               modalities: Sequence[str] | None = None,
               limit: int | None = None, offset: int = 0, country: str | None = None,
               ids: Iterable[str] | None = None) -> list[StoredEvent]:
        """Merged events, oldest first. `actor` matches the source and `target` the target
        (see `match_actors`); with `either`, `actor` matches either side; `country` matches
        either side's country code (any case); `ids` keeps these events only. `offset`
        rows are skipped. An empty or too long term, or a limit out of range, is a
        ValueError."""
        check_limit(limit)
        if offset < 0:
            raise ValueError(f"offset {offset} is negative")
        e = t.events
        query = _event_rows()
        where = self._event_filters(actor, target, type, since, until, either, modalities,
                                    country, ids)
        # the ids are chosen from the indexes (day and id are in them), then only their
        # rows are read and joined: for a page, or all of a busy pair's (faster than
        # filtering the joined rows)
        page = select(e.c.id).where(*where)
        if limit is not None or offset:
            page = page.order_by(e.c.day, e.c.id)
        if limit is not None:
            page = page.limit(limit)
        if offset:
            page = page.offset(offset)
        query = query.where(e.c.id.in_(page))
        with self.engine.connect() as conn:
            return [StoredEvent.from_row(r._mapping) for r in conn.execute(query)]

    def stream_events(self, batch: int = BATCH) -> Iterator[list[StoredEvent]]:
        """Every merged event, oldest first (as `events()`), read `batch` rows at a time
        from one query, so that memory does not grow with the database."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(
                _event_rows())
            for part in result.partitions(batch):
                yield [StoredEvent.from_row(r._mapping) for r in part]

    def count_events(self, actor: str | None = None, target: str | None = None,
                     type: str | None = None, since: date | str | None = None,
                     until: date | str | None = None, either: bool = False,
                     modalities: Sequence[str] | None = None,
                     country: str | None = None) -> int:
        """How many events `events` would return with these filters (and no limit)."""
        e = t.events
        query = select(func.count()).select_from(e).where(*self._event_filters(
            actor, target, type, since, until, either, modalities, country, None))
        with self.engine.connect() as conn:
            return conn.scalar(query) or 0

    def pair_series(self, a_ids: set[str], b_ids: set[str] | None,
                    since: date | str | None = None, until: date | str | None = None,
                    modalities: Sequence[str] | None = None
                    ) -> list[tuple[date, int, float | None]]:
        """(day, side, intensity) of the dated events of A toward B (side 0) and of B
        toward A (side 1), oldest first (by day, then id); without B, of A toward every
        actor not in A and back. The sides are chosen in SQL, so only the pair's events
        are read."""
        e = t.events
        ab, ba = self._pair_sides(a_ids, b_ids)
        query = (select(e.c.day, case((ab, 0), else_=1).label("side"), e.c.intensity)
                 .where(or_(ab, ba), *self._dated(since, until, modalities))
                 .order_by(e.c.day, e.c.id))
        with self.engine.connect() as conn:
            return [(r.day, r.side, r.intensity) for r in conn.execute(query)]

    def pair_days(self, a_ids: set[str], b_ids: set[str] | None,
                  since: date | str | None = None, until: date | str | None = None,
                  modalities: Sequence[str] | None = None
                  ) -> list[tuple[date, int, int, float, int]]:
        """The events of `pair_series` summed by day in SQL: (day, side, events, summed
        intensity, events with an intensity), oldest first; a timeline reads one row a
        day and side instead of one an event. One query a side, each served by its own
        index (an OR of the two reads both indexes for each)."""
        e = t.events
        rows: list[tuple[date, int, int, float, int]] = []
        with self.engine.connect() as conn:
            for side, condition in enumerate(self._pair_sides(a_ids, b_ids)):
                query = (select(e.c.day, func.count().label("n"),
                                func.coalesce(func.sum(e.c.intensity), 0.0).label("total"),
                                func.count(e.c.intensity).label("scored"))
                         .where(condition, *self._dated(since, until, modalities))
                         .group_by(e.c.day))
                rows += [(r.day, side, r.n, float(r.total), r.scored)
                         for r in conn.execute(query)]
        return sorted(rows, key=lambda row: (row[0], row[1]))

    def _pair_sides(self, a_ids: set[str], b_ids: set[str] | None) -> tuple[Any, Any]:
        """The conditions of A toward B and of B toward A (without B: toward, and from,
        every actor not in A)."""
        e = t.events
        if b_ids is not None:
            return self._pair(a_ids, b_ids), self._pair(b_ids, a_ids)
        a_list = sorted(a_ids)
        return (and_(e.c.source_id.in_(a_list), e.c.target_id.is_not(None),
                     e.c.target_id.not_in(a_list)),
                and_(e.c.target_id.in_(a_list), e.c.source_id.is_not(None),
                     e.c.source_id.not_in(a_list)))

    @staticmethod
    def _dated(since: date | str | None, until: date | str | None,
               modalities: Sequence[str] | None) -> list[Any]:
        """Conditions on the day (known, within `since`..`until`) and the modality."""
        return [t.events.c.day.is_not(None), *Store._window(since, until, modalities)]

    @staticmethod
    def _window(since: date | str | None, until: date | str | None,
                modalities: Sequence[str] | None) -> list[Any]:
        """Conditions on the day (within `since`..`until`) and the modality."""
        e = t.events
        where: list[Any] = []
        if since:
            where.append(e.c.day >= _as_date(since))
        if until:
            where.append(e.c.day <= _as_date(until))
        if modalities:
            where.append(e.c.modality.in_(list(modalities)))
        return where

    def reports(self, event_ids: Iterable[str]) -> dict[str, list[StoredReport]]:
        """The reports of these events, each with its article and source chain."""
        wanted = list(dict.fromkeys(event_ids))
        r, a, at = t.event_reports, t.articles, t.attributions
        out: dict[str, list[StoredReport]] = {i: [] for i in wanted}
        with self.engine.connect() as conn:
            for part in id_batches(wanted):
                rows = conn.execute(
                    select(r, a.c.title.label("article_title"), a.c.published,
                           a.c.url, a.c.origin, a.c.external_id)
                    .join(a, a.c.id == r.c.article_id)
                    .where(r.c.event_id.in_(part))
                    .order_by(r.c.event_id, a.c.published, r.c.id)).all()
                chains: dict[str, list[ChainLink]] = {}
                for ids in id_batches([row.id for row in rows]):
                    for link in conn.execute(select(at).where(at.c.report_id.in_(ids))
                                             .order_by(at.c.report_id, at.c.position)):
                        chains.setdefault(link.report_id, []).append(
                            ChainLink(kind=link.kind, name=link.name, actor=link.actor_id))
                origins = _origins(conn, {row.article_id for row in rows})
                for row in rows:
                    out[row.event_id].append(StoredReport.from_row(
                        row._mapping, tuple(chains.get(row.id, ())),
                        origins.get(row.article_id, ())))
        return out

    def origins(self, article_ids: Iterable[str]) -> dict[str, tuple[StoredOrigin, ...]]:
        """Every origin of these articles, the first stored first."""
        with self.engine.connect() as conn:
            return _origins(conn, set(article_ids))

    def records(self) -> Iterator[dict[str, Any]]:
        """The full coded-article records, in the order they were stored, each with the
        `origins` of its article (every record read with its text)."""
        a = t.articles
        with self.engine.connect() as ids, self.engine.connect() as conn:
            # the ids are streamed from one query, their records read a batch at a time
            result = ids.execution_options(stream_results=True, yield_per=BATCH).execute(
                select(a.c.id).order_by(a.c.ingested_at, a.c.id))
            for rows in result.partitions(BATCH):
                part = [row.id for row in rows]
                records = {row.id: row.record for row in conn.execute(
                    select(a.c.id, a.c.record).where(a.c.id.in_(part)))}
                origins = _origins(conn, set(part))
                for key in part:
                    yield {**records[key], "origins": as_dict(list(origins.get(key, ())))}


def _event_rows() -> Select[Any]:
    """Events with their actors' names and codes, oldest first (by day, then id)."""
    e = t.events
    src, tgt = t.actors.alias("src"), t.actors.alias("tgt")
    return (select(e, src.c.name.label("source_name"), src.c.country.label("source_country"),
                   src.c.sector.label("source_sector"), tgt.c.name.label("target_name"),
                   tgt.c.country.label("target_country"), tgt.c.sector.label("target_sector"))
            .outerjoin(src, src.c.id == e.c.source_id)
            .outerjoin(tgt, tgt.c.id == e.c.target_id)
            .order_by(e.c.day, e.c.id))


def _origins(conn: Connection, article_ids: set[str]) -> dict[str, tuple[StoredOrigin, ...]]:
    o = t.article_origins
    out: dict[str, list[StoredOrigin]] = {}
    for part in id_batches(sorted(article_ids)):
        for row in conn.execute(select(o).where(o.c.article_id.in_(part))
                                .order_by(o.c.article_id, o.c.ingested_at, o.c.id)):
            out.setdefault(row.article_id, []).append(StoredOrigin(
                external_id=row.external_id, outlet=row.outlet, published=row.published,
                url=row.url, origin=row.origin))
    return {k: tuple(v) for k, v in out.items()}


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
