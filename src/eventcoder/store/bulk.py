"""Bulk loading: many coded articles in one transaction, with the merge rules of `merge`.

`add_many` stores a batch as `Store.add` would store its articles one after the other, and
gives the same rows: articles stored already (or twice in the batch) become other origins
of the stored article, and each report joins the event `merge.find_event` would choose, in
the same order. What differs is how: the rows are written with one multi-row statement per
table, and the reports are merged in memory, against the events of this batch and the
stored events they may join (read once per batch: same type, modality, source and target,
and a date that can agree). Events merged into stored ones are recounted in SQL as
`merge.add_report` does. The whole batch is one transaction: it is stored entirely or not
at all.
"""

from __future__ import annotations

import json
from bisect import insort
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
    update,
)

from .. import settings
from . import schema as t
from .merge import (
    DayRange,
    dates_agree,
    day_range,
    event_days,
    is_dated,
    lock_merging,
    modes_agree,
    outlet_of,
    places_agree,
)
from .origins import count_outlets, origin_row
from .rows import Added
from .write import (
    actor_rows,
    add_origin,
    article_row,
    chain_rows,
    mention_rows,
    statement_links,
    statement_rows,
)

if TYPE_CHECKING:
    from ..model import CodedArticle, Event
    from .db import Store

#: SQLite page cache of a connection that bulk loads (KiB), and the size of its write-ahead
#: log before a checkpoint (pages): on a large database each batch updates index pages all
#: over the file, which the default 2 MB cache and 1,000-page log write out again each time.
SQLITE_CACHE_KIB = 131_072
SQLITE_CHECKPOINT_PAGES = 10_000
#: Ids per IN (...) list.
IDS_PER_QUERY = 500

Key = tuple[str, str, str | None, str | None]


def add_many(store: Store, batch: Sequence[CodedArticle]) -> list[Added]:
    """Store these coded articles, in order, in one transaction (see the module's note);
    what storing each one did."""
    new_actors: set[str] = set()
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":  # index pages stay cached between batches
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}")
        results = _Batch(conn, store._actors, new_actors).write(batch)
    store._actors |= new_actors
    return results


@dataclass
class _Event:
    """An event as `find_event` sees it, with what its reports tell."""

    row: dict[str, Any]
    stored: bool
    #: Articles that report it in this batch.
    articles: set[str] = field(default_factory=set)
    #: Has a report with a date of its own (not a fallback, a calendar date).
    dated: bool = False
    #: Reports added in this batch: their article ids and outlets.
    reports: list[tuple[str, str]] = field(default_factory=list)
    changed: bool = False


@dataclass
class _Report:
    coded: CodedArticle
    event: Event
    id: str
    outlet: str
    source: str | None
    target: str | None
    value: str | None
    days: DayRange | None
    dated: bool

    @property
    def key(self) -> Key:
        return (self.event.type, self.event.modality, self.source, self.target)


class _Batch:
    def __init__(self, conn: Connection, known: set[str], new: set[str]) -> None:
        self.conn, self.known, self.new = conn, known, new
        self.events: dict[str, _Event] = {}
        self.by_key: dict[Key, list[str]] = {}
        #: Report id -> the id of the event it joined.
        self.event_of: dict[str, str] = {}
        #: The outlet of each new article's one origin (its own record).
        self.origin_outlet: dict[str, str | None] = {}
        self.article_actors: list[dict[str, Any]] = []

    def write(self, batch: Sequence[CodedArticle]) -> list[Added]:
        conn = self.conn
        # one merging writer at a time: PostgreSQL's advisory lock, SQLite's write lock
        # (taken by the first insert, before any stored event is read)
        lock_merging(conn)
        first: dict[str, CodedArticle] = {}
        for coded in batch:
            first.setdefault(coded.article.id, coded)
        inserted = _insert_articles(conn, list(first.values()))
        fresh = [c for c in first.values() if c.article.id in inserted]
        if fresh:
            fast_insert(conn, t.article_origins, [origin_row(c.article) for c in fresh])
        self.origin_outlet = {c.article.id: c.article.outlet for c in fresh}
        keys = self._actors(fresh)
        self._rows(fresh, keys)
        reports = [_report(c, ev, keys[c.article.id]) for c in fresh for ev in c.events]
        self._load_stored(reports)
        results = {c.article.id: Added(article=c.article.id, events=len(c.events))
                   for c in fresh}
        report_rows = []
        for report in reports:
            merged = self._merge(report)
            added = results[report.coded.article.id]
            added.merged += merged
            added.new_events += not merged
            report_rows.append(_report_row(report, self.event_of[report.id]))
        self._write_events()
        if report_rows:
            fast_insert(conn, t.event_reports, report_rows)
        links = [link for r in reports for link in chain_rows(
            r.coded.article.id, f"event:{r.event.id}", r.id, r.event.attributed_to,
            keys[r.coded.article.id])]
        links = [link for c in fresh for link in statement_links(c, keys[c.article.id])] + links
        if links:
            fast_insert(conn, t.attributions, links)
        self._recount_stored()
        out = []
        done: set[str] = set()
        for coded in batch:
            key = coded.article.id
            if key in results and key not in done:
                out.append(results[key])
                done.add(key)
            else:  # stored before, or earlier in this batch: another origin of it
                out.append(Added(article=key, stored=False,
                                 new_origin=add_origin(conn, coded.article)))
        return out

    # --- rows other than events ---------------------------------------------------------

    def _actors(self, fresh: list[CodedArticle]) -> dict[str, dict[str, str]]:
        """Each article's local actor ids -> stored ids; inserts the actors not stored."""
        keys: dict[str, dict[str, str]] = {}
        actors: dict[str, dict[str, Any]] = {}
        for coded in fresh:
            local, rows, links = actor_rows(coded)
            keys[coded.article.id] = local
            for key, row in rows.items():
                if key not in self.known and key not in self.new and key not in actors:
                    actors[key] = row
            self.article_actors += links
        if actors:  # those another writer stored meanwhile are left out
            stored = _stored(self.conn, t.actors.c.id, list(actors))
            fast_insert(self.conn, t.actors, [a for k, a in actors.items() if k not in stored])
            self.new.update(actors)
        return keys

    def _rows(self, fresh: list[CodedArticle], keys: dict[str, dict[str, str]]) -> None:
        conn = self.conn
        fast_insert(conn, t.article_actors, self.article_actors)
        fast_insert(conn, t.mentions,
                    [r for c in fresh for r in mention_rows(c, keys[c.article.id])])
        fast_insert(conn, t.statements,
                    [r for c in fresh for r in statement_rows(c, keys[c.article.id])])

    # --- merging --------------------------------------------------------------------

    def _load_stored(self, reports: list[_Report]) -> None:
        """The stored events a dated report may join (an undated one joins only events
        of its own article, which is new)."""
        dated = [r for r in reports if r.dated]
        if not dated:
            return
        e, r = t.events, t.event_reports
        window = timedelta(days=settings.MERGE_WINDOW_DAYS)
        precise = [x.days.start for x in dated if x.days is not None and x.days.precise]
        values = sorted({x.value for x in dated if x.value is not None
                         and not (x.days is not None and x.days.precise)})
        when = []
        if precise:
            when.append(and_(e.c.day >= min(precise) - window, e.c.day <= max(precise) + window,
                             e.c.date_precise.is_(True)))
        if values:
            when.append(e.c.date.in_(values))
        keys = {x.key for x in dated}
        found = [row for row in _pair_events(self.conn, {(k[2], k[3]) for k in keys}, when)
                 if (row["type"], row["modality"], row["source_id"], row["target_id"]) in keys]
        for row in found:
            if row["id"] not in self.events:
                self._add_event(_Event(row, stored=True))
        ids = [row["id"] for row in found]
        for part in _chunks(ids, IDS_PER_QUERY):
            for event_id, value in self.conn.execute(
                    select(r.c.event_id, r.c.date).distinct().where(
                        r.c.event_id.in_(part), r.c.date_fallback.is_(False),
                        r.c.date.is_not(None))):
                if day_range(value) is not None:
                    self.events[event_id].dated = True

    def _add_event(self, event: _Event) -> None:
        row = event.row
        self.events[row["id"]] = event
        key = (row["type"], row["modality"], row["source_id"], row["target_id"])
        insort(self.by_key.setdefault(key, []), row["id"])  # in id order, as find_event

    def _find(self, report: _Report) -> tuple[_Event | None, bool]:
        """`merge.find_event`, on the events in memory."""
        article = report.coded.article.id
        days, value = report.days, report.value
        best: tuple[int, _Event] | None = None
        for event_id in self.by_key.get(report.key, ()):
            event = self.events[event_id]
            row = event.row
            if days is not None and days.precise:
                window = settings.MERGE_WINDOW_DAYS
                if not (row["day"] is not None and row["date_precise"] is True
                        and abs((row["day"] - days.start).days) <= window):
                    continue
            elif row["date"] != value:
                continue
            here = article in event.articles
            if not report.dated and not here:
                continue
            if not here and not (report.dated and event.dated):
                continue  # another article's event, and one of them has no date
            row_days = (DayRange(row["day"], row["day_end"])
                        if row["day"] and row["day_end"] else None)
            if not (dates_agree(row["date"], row_days, value, days)
                    and modes_agree(row["mode"], report.event.mode)
                    and places_agree(row["place"], report.event.place)):
                continue
            distance = abs((row["day"] - days.start).days) if row["day"] and days else 0
            if best is None or distance < best[0]:
                best = (distance, event)
        if best is None:
            return None, False
        return best[1], report.dated and best[1].dated

    def _merge(self, report: _Report) -> bool:
        """`merge.add_report`, in memory; True if merged."""
        ev, days = report.event, report.days
        match, match_dated = self._find(report)
        if match is None:
            match = _Event({
                "id": report.id, "type": ev.type, "mode": ev.mode, "context": ev.context,
                "source_id": report.source, "target_id": report.target,
                "date": report.value, "day": days.start if days else None,
                "day_end": days.end if days else None,
                "date_precise": bool(days and days.precise), "place": ev.place,
                "modality": ev.modality, "intensity": ev.intensity, "n_reports": 0,
                "n_articles": 0, "n_sources": 0}, stored=False)
            self._add_event(match)
            merged = False
        else:
            merged = True
            row = match.row
            if row["mode"] is None and ev.mode is not None:
                row.update(mode=ev.mode, intensity=ev.intensity)
            if row["place"] is None and ev.place is not None:
                row["place"] = ev.place
            if report.dated and not match_dated:
                row.update(date=report.value, day=days.start if days else None,
                           day_end=days.end if days else None,
                           date_precise=bool(days and days.precise))
            match.changed = True
        match.articles.add(report.coded.article.id)
        match.reports.append((report.coded.article.id, report.outlet))
        match.dated = match.dated or (not ev.date_fallback and day_range(ev.date) is not None)
        self.event_of[report.id] = match.row["id"]
        return merged

    def _write_events(self) -> None:
        """Insert the new events with their counts (every report and origin of theirs is
        of this batch); update the changed fields of stored ones."""
        new = [e for e in self.events.values() if not e.stored]
        for event in new:
            articles = {a for a, _ in event.reports}
            outlets = {o for _, o in event.reports} | {
                o for a in articles if (o := self.origin_outlet.get(a)) is not None}
            event.row.update(n_reports=len(event.reports), n_articles=len(articles),
                             n_sources=len(outlets))
        fast_insert(self.conn, t.events, [e.row for e in new])
        changed = [e.row for e in self.events.values() if e.stored and e.changed]
        if changed:
            e = t.events
            self.conn.execute(
                update(e).where(e.c.id == bindparam("b_id")).values(
                    mode=bindparam("b_mode"), intensity=bindparam("b_intensity"),
                    place=bindparam("b_place"), date=bindparam("b_date"),
                    day=bindparam("b_day"), day_end=bindparam("b_day_end"),
                    date_precise=bindparam("b_date_precise")),
                [{f"b_{k}": row[k] for k in ("id", "mode", "intensity", "place", "date",
                                             "day", "day_end", "date_precise")}
                 for row in changed])

    def _recount_stored(self) -> None:
        """Counts of the stored events that got reports, as `merge.add_report` sets them."""
        r = t.event_reports
        for event in self.events.values():
            if not (event.stored and event.changed):
                continue
            event_id = event.row["id"]
            n_reports, n_articles = self.conn.execute(
                select(func.count(), func.count(r.c.article_id.distinct()))
                .where(r.c.event_id == event_id)).one()
            self.conn.execute(update(t.events).where(t.events.c.id == event_id).values(
                n_reports=n_reports, n_articles=n_articles,
                n_sources=count_outlets(self.conn, event_id)))


def _report(coded: CodedArticle, ev: Event, keys: dict[str, str]) -> _Report:
    value, days = event_days(ev.date, coded.article.published)
    return _Report(coded, ev, f"{coded.article.id}:{ev.id}", outlet_of(coded),
                   keys.get(ev.source) if ev.source else None,
                   keys.get(ev.target) if ev.target else None,
                   value, days, is_dated(ev.date, ev.date_fallback))


def _report_row(report: _Report, event_id: str) -> dict[str, Any]:
    ev, days = report.event, report.days
    return dict(
        id=report.id, event_id=event_id, article_id=report.coded.article.id, local_id=ev.id,
        outlet=report.outlet, type=ev.type, mode=ev.mode, context=ev.context,
        source_id=report.source, target_id=report.target, source_local=ev.source,
        target_local=ev.target, trigger_start=ev.trigger.start,
        trigger_end=ev.trigger.end, trigger_text=ev.trigger.text,
        sentence_start=ev.sentence.start, sentence_end=ev.sentence.end,
        sentence_text=ev.sentence.text, date=ev.date,
        date_alternatives=ev.date_alternatives, date_fallback=ev.date_fallback,
        day=days.start if days else None, place=ev.place, modality=ev.modality,
        intensity=ev.intensity, hedges=[h.model_dump() for h in ev.hedges], why=ev.why)


def _insert_articles(conn: Connection, batch: list[CodedArticle]) -> set[str]:
    """Insert the articles not stored yet; the ids inserted. (An article another process
    stores meanwhile makes the transaction fail: the caller then stores the batch one
    article at a time.)"""
    if not batch:
        return set()
    stored = _stored(conn, t.articles.c.id, [c.article.id for c in batch])
    rows = [article_row(c, RawJSON(c.model_dump_json()))
            for c in batch if c.article.id not in stored]
    fast_insert(conn, t.articles, rows)
    return {row["id"] for row in rows}


def _stored(conn: Connection, column: Any, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(ids, IDS_PER_QUERY):
        found |= set(conn.scalars(select(column).where(column.in_(part))))
    return found


class RawJSON(str):
    """A JSON column's value serialised already (a coded record: pydantic writes it)."""


def _json_text(value: Any) -> str:
    if isinstance(value, RawJSON):
        return value
    return "[]" if isinstance(value, list) and not value else json.dumps(value)


def fast_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (of every column of `table`) at the speed of the database driver:
    PostgreSQL's COPY, else one prepared statement run over every row, the values
    converted as SQLAlchemy converts them (JSON as text, `RawJSON` as it is)."""
    if not rows:
        return
    columns = list(table.columns)
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    keys = [c.name for c in columns]
    converters = [_json_text if isinstance(c.type, JSON) else None for c in columns]
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[k] if f is None else f(row[k])
                                for k, f in zip(keys, converters, strict=True)])
        return
    converters = [f or c.type._cached_bind_processor(conn.dialect)
                  for c, f in zip(columns, converters, strict=True)]
    plain = [(n, k) for n, (k, f) in enumerate(zip(keys, converters, strict=True)) if f is None]
    converted = [(n, k, f) for n, (k, f) in enumerate(zip(keys, converters, strict=True))
                 if f is not None]
    values = []
    for row in rows:
        cells: list[Any] = [None] * len(keys)
        for n, k in plain:
            cells[n] = row[k]
        for n, k, f in converted:
            cells[n] = f(row[k])
        values.append(tuple(cells))
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",
                         values)


#: A temporary table of the (source, target) pairs whose stored events a batch reads.
PAIRS = Table("eventcoder_bulk_pairs", MetaData(), Column("source_id", String(200)),
              Column("target_id", String(200)), prefixes=["TEMPORARY"])


def _pair_events(conn: Connection, pairs: set[tuple[str | None, str | None]],
                 when: list[Any]) -> list[dict[str, Any]]:
    """The stored events of these (source, target) pairs that meet one of `when`: the
    pairs with both actors are joined from a temporary table (one query whatever their
    number, through the (source, target, day) index), the others asked for by side."""
    e = t.events
    full = [{"source_id": s, "target_id": g} for s, g in pairs if s is not None and g is not None]
    rows: list[dict[str, Any]] = []
    if full:
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {PAIRS.name} "
                             "(source_id VARCHAR(200), target_id VARCHAR(200))")
        conn.execute(delete(PAIRS))
        fast_insert(conn, PAIRS, full)
        query = select(e).join(PAIRS, and_(e.c.source_id == PAIRS.c.source_id,
                                           e.c.target_id == PAIRS.c.target_id))
        rows += [dict(r._mapping) for r in conn.execute(query.where(or_(*when)))]
        conn.execute(delete(PAIRS))
    no_target = sorted({s for s, g in pairs if s is not None and g is None})
    no_source = sorted({g for s, g in pairs if s is None and g is not None})
    sides = [and_(e.c.source_id.in_(no_target), e.c.target_id.is_(None))] if no_target else []
    sides += [and_(e.c.target_id.in_(no_source), e.c.source_id.is_(None))] if no_source else []
    if (None, None) in pairs:
        sides.append(and_(e.c.source_id.is_(None), e.c.target_id.is_(None)))
    if sides:
        rows += [dict(r._mapping) for r in conn.execute(
            select(e).where(or_(*sides), or_(*when)))]
    return rows


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

