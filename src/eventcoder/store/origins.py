"""The origins of a stored article: every record read with its text.

A record whose text is stored already is not coded again; it is kept as another origin of
the stored article (its own id, outlet, date, URL and where it was read from), and its
outlet counts in the outlets (`n_sources`) of the article's events. An origin's id is a
hash of those fields, so the same record read twice is one origin.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, union, update

from . import schema as t

if TYPE_CHECKING:
    from ..model import Article


def origin_id(
    article_id: str,
    external_id: str | None,
    outlet: str | None,
    published: date | None,
    url: str | None,
    origin: str | None,
) -> str:
    """`<article id>:<hash of the origin's fields>`."""
    fields = [external_id, outlet, published.isoformat() if published else None, url, origin]
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8"))
    return f"{article_id}:{digest.hexdigest()[:16]}"


def origin_row(article: Article) -> dict[str, Any]:
    key = origin_id(
        article.id,
        article.external_id,
        article.outlet,
        article.published,
        article.url,
        article.origin,
    )
    return dict(
        id=key,
        article_id=article.id,
        external_id=article.external_id,
        outlet=article.outlet,
        published=article.published,
        url=article.url,
        origin=article.origin,
        ingested_at=datetime.now(UTC),
    )


def count_outlets(conn: Connection, event_id: str) -> int:
    """The outlets behind an event: those of its reports and of every origin of their
    articles."""
    r, o = t.event_reports, t.article_origins
    outlets = union(
        select(r.c.outlet.label("outlet")).where(r.c.event_id == event_id),
        select(o.c.outlet.label("outlet")).where(
            o.c.article_id.in_(select(r.c.article_id).where(r.c.event_id == event_id)),
            o.c.outlet.is_not(None),
        ),
    ).subquery()
    return conn.scalar(select(func.count()).select_from(outlets)) or 0


def origin_outlets(conn: Connection, article_id: str) -> set[str]:
    """The outlets named by the origins of an article (the records it was read from)."""
    o = t.article_origins
    return set(conn.scalars(select(o.c.outlet).where(o.c.article_id == article_id,
                                                     o.c.outlet.is_not(None))))


def recount_outlets(conn: Connection, article_id: str) -> None:
    """Update `n_sources` of every event the article reports."""
    r = t.event_reports
    for event_id in conn.scalars(
        select(r.c.event_id).distinct().where(r.c.article_id == article_id)
    ):
        conn.execute(
            update(t.events)
            .where(t.events.c.id == event_id)
            .values(n_sources=count_outlets(conn, event_id))
        )
