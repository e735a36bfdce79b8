"""Bulk loading: many coded articles in one transaction, with the merge rules of `merge`.

`add_many` stores a batch as `Store.add` would store its articles one after the other, and
gives the same rows: articles stored already (or twice in the batch) become other origins
of the stored article. The rows of articles, origins, actors, mentions and statements are
written with one multi-row statement per table (COPY on PostgreSQL); then the batch's
near-duplicates are linked (`near_duplicates.link_many`) and its reports merged
(`merge_batch.add_reports`) all at once, with the rules and the evidence local ingest
applies and the same result as `merge.add_report` for one report after the other: an
event is the same whichever way it was stored. The whole batch is one transaction: it is
stored entirely or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, select

from . import schema as t
from .evidence import article_words
from .fast_insert import RawJSON, fast_insert, id_batches
from .merge import NewReport, lock_merging, outlet_of
from .merge_batch import add_reports
from .near_duplicates import link_many
from .origins import origin_row
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
#: PostgreSQL plans the loader's joins (bands, candidates) from table statistics that
#: autovacuum refreshes only now and then, while a bulk load grows the tables many times
#: over: they are refreshed whenever the articles this process loaded grew by this share
#: since the last refresh, and by at least `ANALYZE_MIN`.
ANALYZE_GROWTH = 0.25
ANALYZE_MIN = 2000
_ANALYZED = ("article_bands", "report_evidence", "event_reports", "events", "articles")
#: Per store: articles loaded, and loaded at the last refresh.
_loaded: WeakKeyDictionary[Store, list[int]] = WeakKeyDictionary()


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
    if store.engine.dialect.name == "postgresql":
        _refresh_statistics(store, sum(added.stored for added in results))
    return results


def _refresh_statistics(store: Store, stored: int) -> None:
    counts = _loaded.setdefault(store, [0, 0])
    counts[0] += stored
    if counts[0] - counts[1] >= max(ANALYZE_MIN, ANALYZE_GROWTH * counts[1]):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE " + ", ".join(_ANALYZED))
        counts[1] = counts[0]


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
        results = self._reports(fresh, keys)
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

    def _reports(self, fresh: list[CodedArticle], keys: dict[str, dict[str, str]]
                 ) -> dict[str, Added]:
        """Link the articles' near-duplicates and merge their reports, with the result of
        `write_article` for each in turn (`merge_batch`)."""
        copies = link_many(self.conn, [(c.article.id, c.article.text) for c in fresh])
        results: dict[str, Added] = {}
        reports: list[NewReport] = []
        for coded in fresh:
            article = coded.article
            results[article.id] = Added(article=article.id, events=len(coded.events),
                                        near_duplicates=copies[article.id])
            if not coded.events:
                continue
            excluded, outlet = article_words(coded), outlet_of(coded)
            # the article's only origin so far is its own record
            outlets = {article.outlet} if article.outlet else set()
            reports += [NewReport(coded, ev, f"{article.id}:{ev.id}", outlet,
                                  keys[article.id], excluded, outlets) for ev in coded.events]
        merged = add_reports(self.conn, reports)
        for new in reports:
            added = results[new.coded.article.id]
            added.merged += merged[new.id]
            added.new_events += not merged[new.id]
        return results


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
    for part in id_batches(ids):
        found |= set(conn.scalars(select(column).where(column.in_(part))))
    return found



