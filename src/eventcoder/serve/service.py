"""What the routes share: the store and the coder of the running app, and the events
query with a country filter and paging."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from fastapi import HTTPException, Request

if TYPE_CHECKING:
    from ..model import Article, CodedArticle
    from ..store import Store, StoredEvent


class ArticleLike(Protocol):
    text: str
    published: date | None
    title: str | None
    outlet: str | None
    url: str | None
    sources: list[str]
    id: str | None


@dataclass
class TextIn:
    """A text from the page's form."""

    text: str
    published: date | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    sources: list[str] = field(default_factory=list)
    id: str | None = None


def default_code(article: Article) -> CodedArticle:
    from ..pipeline import default_coder

    return default_coder().code_article(article)


@dataclass
class Service:
    store: Store
    #: Codes one article (the default coder, loaded on first use).
    coder: Callable[[Article], CodedArticle] = default_code
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def code(self, item: ArticleLike) -> CodedArticle:
        """Code one article given over the API or a form; a bad date is a ValueError."""
        from ..pipeline import make_article

        article = make_article(item.text, item.published, item.title, item.outlet,
                               item.sources, item.id)
        article.url = item.url
        with self._lock:  # one article at a time: the coder is not made for threads
            return self.coder(article)

    def article_record(self, article_id: str) -> dict[str, Any]:
        """A stored article's coded record, or 404 (for the API and the pages alike)."""
        from ..store.lookup import article_record

        record = article_record(self.store, article_id)
        if record is None:
            raise HTTPException(status_code=404, detail=f"no stored article {article_id!r}")
        return record

    def actor_detail(self, actor_id: str) -> dict[str, Any]:
        """A stored actor with its names, entry and counts, or 404."""
        from ..store.lookup import actor_detail

        found = actor_detail(self.store, actor_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no stored actor {actor_id!r}")
        return found


def service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def event_page(store: Store, *, actor: str | None = None, target: str | None = None,
               type: str | None = None, since: date | None = None,
               until: date | None = None, country: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[int, list[StoredEvent]]:
    """The number of events that match and one page of them, oldest first. `country`
    matches either side's country code (any case). A bad term is a ValueError."""
    filters: dict[str, Any] = dict(actor=actor, target=target, type=type or None,
                                   since=since, until=until, country=country or None)
    total = store.count_events(**filters)
    rows = store.events(**filters, limit=limit, offset=offset) if offset < total else []
    return total, rows


def form_fields(body: bytes) -> dict[str, Any]:
    """An application/x-www-form-urlencoded body as a dict (the last value of a name)."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
