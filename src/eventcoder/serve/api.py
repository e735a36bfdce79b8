"""The JSON API under /api (CSV too for events). Read-only unless the server has a token:
then POST /api/articles stores articles for a caller sending `Authorization: Bearer
<token>`."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ..store.rows import as_dict
from .limits import MAX_ARTICLES, MAX_PAGE, PAGE_SIZE, TOKEN_ENV
from .service import Service, event_page, service

router = APIRouter(prefix="/api", tags=["api"])

ServiceDep = Annotated[Service, Depends(service)]
Term = Annotated[str | None, Query(min_length=1, max_length=500)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]


def plain(value: Any) -> Any:
    return jsonable_encoder(as_dict(value))


def bad(exc: ValueError) -> HTTPException:
    return HTTPException(status_code=422, detail=str(exc))


class ArticleIn(BaseModel):
    """An article to code: its text, and what is known of it."""

    text: str = Field(min_length=1, description="The article's text.")
    published: date | None = Field(default=None, description="Publication date (anchors "
                                   "'last Tuesday').")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    sources: list[str] = Field(default_factory=list, description="Agencies credited.")
    id: str | None = Field(default=None, description="Your own id of the article.")


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


def require_token(request: Request) -> None:
    """Writing needs the server's token: 403 when it has none, 401 without the right one
    (compared in constant time)."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(status_code=403, detail="writing is off on this server: start "
                            f"it with --token or ${TOKEN_ENV} to allow it")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(status_code=401, detail="this needs 'Authorization: Bearer "
                            "<token>'", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="wrong token",
                            headers={"WWW-Authenticate": "Bearer"})


@router.get("/events", summary="Merged events, filtered and paged (JSON or CSV)")
def events(svc: ServiceDep, actor: Term = None, target: Term = None,
           type: Annotated[str | None, Query(max_length=40, description="PLOVER type")] = None,
           since: date | None = None, until: date | None = None,
           country: Annotated[str | None, Query(min_length=2, max_length=8,
                                                description="Country code of either side"
                                                )] = None,
           limit: Limit = PAGE_SIZE, offset: Offset = 0,
           format: Literal["json", "csv"] = "json") -> Response:
    try:
        total, rows = event_page(svc.store, actor=actor, target=target, type=type,
                                 since=since, until=until, country=country, limit=limit,
                                 offset=offset)
    except ValueError as exc:
        raise bad(exc) from exc
    if format == "csv":
        from ..present.queries import EVENT_COLUMNS, as_csv

        return Response(as_csv(rows, EVENT_COLUMNS), media_type="text/csv; charset=utf-8",
                        headers={"X-Total-Count": str(total)})
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "events": plain(rows)})


@router.get("/events/{event_id}/reports", summary="The reports of one merged event")
def event_reports(event_id: str, svc: ServiceDep) -> Any:
    reports = svc.store.reports([event_id]).get(event_id, [])
    if not reports:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return plain(reports)


@router.get("/articles", summary="Search the stored articles by title, outlet and date")
def articles(svc: ServiceDep, q: Term = None, outlet: Term = None,
             since: date | None = None, until: date | None = None,
             limit: Limit = PAGE_SIZE, offset: Offset = 0) -> Any:
    from ..store.lookup import search_articles

    try:
        total, rows = search_articles(svc.store, q, outlet, since, until, limit, offset)
    except ValueError as exc:
        raise bad(exc) from exc
    return {"total": total, "limit": limit, "offset": offset, "articles": plain(rows)}


@router.get("/articles/{article_id}", summary="One stored article's full coded record")
def article(article_id: str, svc: ServiceDep) -> Any:
    return plain(svc.article_record(article_id))


@router.post("/articles", summary="Code and store articles (needs the token)",
             dependencies=[Depends(require_token)])
def store_articles(body: ArticlesIn, svc: ServiceDep) -> Any:
    added = []
    for item in body.articles:
        try:
            coded = svc.code(item)
        except ValueError as exc:
            raise bad(exc) from exc
        added.append(as_dict(svc.store.add(coded)))
    return {"added": added}


@router.post("/code", summary="Code one article without storing it")
def code(body: ArticleIn, svc: ServiceDep) -> Any:
    try:
        return svc.code(body).model_dump(mode="json")
    except ValueError as exc:
        raise bad(exc) from exc


@router.get("/actors", summary="Stored actors matching a name, id or country code")
def actors(svc: ServiceDep, q: Term = None, limit: Limit = PAGE_SIZE) -> Any:
    try:
        rows = svc.store.actors(q, limit=limit)
    except ValueError as exc:
        raise bad(exc) from exc
    return {"actors": plain(rows)}


@router.get("/actors/{actor_id:path}", summary="One actor: names, KB entry, counts")
def actor(actor_id: str, svc: ServiceDep) -> Any:
    return plain(svc.actor_detail(actor_id))


@router.get("/timeline", summary="Events and mean intensity of A toward B and back, per "
            "period")
def timeline(svc: ServiceDep, actor: Annotated[str, Query(min_length=1, max_length=500)],
             with_: Annotated[str | None, Query(alias="with", min_length=1,
                                                max_length=500)] = None,
             by: Literal["week", "month"] = "month", since: date | None = None,
             until: date | None = None) -> Any:
    from ..analyse.timeline import timeline as build
    from ..present.queries import timeline_rows

    try:
        view = build(svc.store, actor, with_, by=by, since=since, until=until)
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc.args[0])) from exc
    except ValueError as exc:
        raise bad(exc) from exc
    return {"a": view.a, "b": view.b, "by": view.by, "periods": plain(timeline_rows(view))}


@router.get("/shifts", summary="Shifts of each directed pair, with evidence sentences")
def shifts(svc: ServiceDep, actor: Term = None, since: date | None = None,
           level: Literal["country", "actor"] = "country") -> Any:
    from ..analyse.shifts import find_shifts
    from ..present.queries import shift_dict

    try:
        found = find_shifts(svc.store, actor=actor, since=since, level=level)
    except ValueError as exc:
        raise bad(exc) from exc
    return {"shifts": plain([shift_dict(s) for s in found])}


@router.get("/counts", summary="What the database holds")
def counts(svc: ServiceDep) -> Any:
    return svc.store.counts()
