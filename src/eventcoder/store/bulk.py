"""Bulk loading: many coded articles in one transaction, with the merge rules of `merge`.

`add_many` stores a batch as `Store.add` would store its articles one after the other, and
gives the same rows: articles stored already (or twice in the batch) become other origins
of the stored article. The rows of articles, origins, actors, mentions and statements are
written with one multi-row statement per table (COPY on PostgreSQL); then, article after
article in batch order, its near-duplicates are linked and its reports go through
`merge.add_report`, the rules and the evidence local ingest applies, so an event is the
same whichever way it was stored. The whole batch is one transaction: it is stored
entirely or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Connection,
    Table,
    select,
)

from . import schema as t
from .evidence import article_words
from .merge import add_report, lock_merging, outlet_of
from .near_duplicates import link_near_duplicates
from .origins import origin_outlets, origin_row
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
    from ..model import CodedArticle
    from .db import Store

#: SQLite page cache of a connection that bulk loads (KiB), and the size of its write-ahead
#: log before a checkpoint (pages): on a large database each batch updates index pages all
#: over the file, which the default 2 MB cache and 1,000-page log write out again each time.
SQLITE_CACHE_KIB = 131_072
SQLITE_CHECKPOINT_PAGES = 10_000
#: Ids per IN (...) list.
IDS_PER_QUERY = 500


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


class _Batch:
    def __init__(self, conn: Connection, known: set[str], new: set[str]) -> None:
        self.conn, self.known, self.new = conn, known, new
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
        keys = self._actors(fresh)
        self._rows(fresh, keys)
        results = {c.article.id: self._reports(c, keys[c.article.id]) for c in fresh}
        links = [link for c in fresh for link in statement_links(c, keys[c.article.id])]
        links += [link for c in fresh for ev in c.events for link in chain_rows(
            c.article.id, f"event:{ev.id}", f"{c.article.id}:{ev.id}", ev.attributed_to,
            keys[c.article.id])]
        if links:
            fast_insert(conn, t.attributions, links)
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

    # --- rows ---------------------------------------------------------------------------

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

    def _reports(self, coded: CodedArticle, keys: dict[str, str]) -> Added:
        """Link the article's near-duplicates and merge its reports, as `write_article`
        does (the merge rules read the stored events and the evidence of their reports)."""
        article = coded.article
        added = Added(article=article.id, events=len(coded.events))
        added.near_duplicates = len(link_near_duplicates(self.conn, article.id, article.text))
        excluded = article_words(coded) if coded.events else set()
        outlet = outlet_of(coded)
        outlets = origin_outlets(self.conn, article.id) if coded.events else set()
        for ev in coded.events:
            merged = add_report(self.conn, coded, ev, f"{article.id}:{ev.id}", outlet, keys,
                                excluded, outlets)
            added.merged += merged
            added.new_events += not merged
        return added


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


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

