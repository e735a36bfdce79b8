"""Writing one coded article inside an open transaction: the article, its actors, mentions,
statements and source chains, its near-duplicates (`near_duplicates`), and its events'
reports through the merge rules (`merge`). `write_articles` writes many in one transaction
(a bulk load): each is merged with the stored articles and the ones before it.

Articles and actors are inserted with ON CONFLICT DO NOTHING, so that several processes may
write to one database at once: an article another process stored first counts as stored
already.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Insert, Table, select

from . import schema as t
from .evidence import article_words
from .merge import actor_key, add_report, lock_merging, outlet_of
from .near_duplicates import link_near_duplicates
from .origins import origin_outlets, origin_row, recount_outlets
from .rows import Added

if TYPE_CHECKING:
    from ..model import Article, CodedArticle, Source


def write_article(conn: Connection, coded: CodedArticle, known: set[str],
                  new: set[str]) -> Added:
    """Store `coded` unless its article is stored already. `known` holds actor ids stored
    before this transaction; the ids of actors it inserts are added to `new`."""
    article = coded.article
    # first statement, a write: on SQLite it takes the write lock for the transaction
    if not insert_new(conn, t.articles, [article_row(coded)]):
        # stored already, maybe just now: this record is another origin of it
        return Added(article=article.id, stored=False, new_origin=add_origin(conn, article))
    insert_new(conn, t.article_origins, [origin_row(article)])
    keys = _write_actors(conn, coded, known, new)
    if coded.mentions:
        conn.execute(t.mentions.insert(), mention_rows(coded, keys))
    links: list[dict[str, Any]] = []
    if coded.statements:
        conn.execute(t.statements.insert(), statement_rows(coded, keys))
        links += statement_links(coded, keys)
    result = Added(article=article.id, events=len(coded.events))
    outlet = outlet_of(coded)
    lock_merging(conn)
    result.near_duplicates = len(link_near_duplicates(conn, article.id, article.text))
    excluded = article_words(coded) if coded.events else set()
    outlets = origin_outlets(conn, article.id) if coded.events else set()
    for ev in coded.events:
        report_id = f"{article.id}:{ev.id}"
        merged = add_report(conn, coded, ev, report_id, outlet, keys, excluded, outlets)
        result.merged += merged
        result.new_events += not merged
        links += chain_rows(article.id, f"event:{ev.id}", report_id, ev.attributed_to, keys)
    if links:
        conn.execute(t.attributions.insert(), links)
    return result


def write_articles(conn: Connection, coded: Iterable[CodedArticle], known: set[str],
                   new: set[str]) -> list[Added]:
    """`write_article` for many articles in one transaction, in order (a bulk load)."""
    return [write_article(conn, c, known, new) for c in coded]


def article_row(coded: CodedArticle, record: Any = None) -> dict[str, Any]:
    """The `articles` row of a coded article (its full record included, or `record`)."""
    article = coded.article
    if record is None:
        record = coded.model_dump(mode="json")
    return dict(
        id=article.id, title=article.title, subtitle=article.subtitle,
        published=article.published, outlet=article.outlet, url=article.url,
        origin=article.origin, sources=article.sources, body_start=article.body_start,
        text=article.text, problems=article.problems, record=record,
        n_events=len(coded.events), ingested_at=datetime.now(UTC),
        external_id=article.external_id)


def mention_rows(coded: CodedArticle, keys: dict[str, str]) -> list[dict[str, Any]]:
    return [{"article_id": coded.article.id, "position": n, "actor_id": keys.get(m.actor),
             "local_actor": m.actor, "kind": m.kind, "start": m.span.start,
             "end": m.span.end, "text": m.span.text, "why": m.why}
            for n, m in enumerate(coded.mentions)]


def statement_rows(coded: CodedArticle, keys: dict[str, str]) -> list[dict[str, Any]]:
    return [{"article_id": coded.article.id, "local_id": s.id, "kind": s.kind,
             "speaker_id": keys.get(s.speaker) if s.speaker else None,
             "source_text": s.source.text if s.source else None,
             "source_start": s.source.start if s.source else None,
             "cue_text": s.cue.text if s.cue else None,
             "cue_start": s.cue.start if s.cue else None,
             "content": [p.model_dump() for p in s.content],
             "hedges": [h.model_dump() for h in s.hedges], "why": s.why}
            for s in coded.statements]


def statement_links(coded: CodedArticle, keys: dict[str, str]) -> list[dict[str, Any]]:
    """The `attributions` rows of the statements' source chains."""
    links: list[dict[str, Any]] = []
    for s in coded.statements:
        links += chain_rows(coded.article.id, f"statement:{s.id}", None, s.chain, keys)
    return links


def add_origin(conn: Connection, article: Article) -> bool:
    """Keep `article`'s record as an origin of the stored article with its text (True
    when it is a new one), and count its outlet in the article's events."""
    if not insert_new(conn, t.article_origins, [origin_row(article)]):
        return False
    if article.outlet:
        lock_merging(conn)
        recount_outlets(conn, article.id)
    return True


def _write_actors(conn: Connection, coded: CodedArticle, known: set[str],
                  new: set[str]) -> dict[str, str]:
    """Local actor id -> stored actor id; inserts actors not stored yet."""
    keys, actors, rows = actor_rows(coded)
    fresh = {key: row for key, row in actors.items() if key not in known and key not in new}
    if fresh:  # another writer may store the same actors at the same time
        insert_new(conn, t.actors, list(fresh.values()))
        new.update(fresh)
    if rows:
        conn.execute(t.article_actors.insert(), rows)
    return keys


def actor_rows(coded: CodedArticle) -> tuple[dict[str, str], dict[str, dict[str, Any]],
                                             list[dict[str, Any]]]:
    """Local actor id -> stored actor id; the `actors` row of each stored id (the first
    actor's); the `article_actors` rows."""
    keys: dict[str, str] = {}
    actors: dict[str, dict[str, Any]] = {}
    rows = []
    for actor in coded.actors:
        key = actor_key(actor)
        keys[actor.id] = key
        if key not in actors:
            actors[key] = dict(id=key, name=actor.name, kind=actor.kind, country=actor.country,
                               sector=actor.sector, kb_id=actor.kb_id)
        rows.append({"article_id": coded.article.id, "local_id": actor.id, "actor_id": key,
                     "name": actor.name, "names": actor.names, "office": actor.office,
                     "sectors": actor.sectors, "why": actor.why})
    return keys, actors, rows


def insert_new(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Insert rows whose primary key may be stored already (by another process, even at
    this moment), leaving stored ones as they are. With one row: True when it was new."""
    (key,) = [c.name for c in table.primary_key.columns]
    statement: Insert
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).on_conflict_do_nothing(index_elements=[key])
    elif conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(table).on_conflict_do_nothing(index_elements=[key])
    else:  # other backends: check, then insert
        column = table.c[key]
        stored = set(conn.scalars(select(column).where(column.in_([r[key] for r in rows]))))
        fresh = [r for r in rows if r[key] not in stored]
        if fresh:
            conn.execute(table.insert(), fresh)
        return bool(rows) and rows[0][key] not in stored
    if len(rows) == 1:
        inserted = conn.execute(statement.values(**rows[0]).returning(table.c[key]))
        return inserted.first() is not None
    conn.execute(statement, rows)
    return True


def chain_rows(article_id: str, owner: str, report_id: str | None, chain: list[Source],
           keys: dict[str, str]) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "owner": owner, "position": n, "report_id": report_id,
             "kind": s.kind, "name": s.name, "actor_id": keys.get(s.actor) if s.actor else None,
             "start": s.span.start if s.span else None, "end": s.span.end if s.span else None,
             "why": s.why} for n, s in enumerate(chain)]
