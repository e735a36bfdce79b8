"""The HTML pages: home, search, article, actor, events, code a text, and the API's docs.
Server-rendered (Jinja2, autoescaped), usable without JavaScript."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from .limits import HOME_SHIFTS, MAX_BODY, MAX_PAGE, PAGE_SIZE
from .render import paragraphs
from .service import Service, TextIn, event_page, form_fields, service

if TYPE_CHECKING:
    from ..analyse.shifts import Shift
    from ..analyse.timeline import Timeline

router = APIRouter(include_in_schema=False)
ServiceDep = Annotated[Service, Depends(service)]
Text = Annotated[str | None, Query(max_length=500)]


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def _term(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _day(value: str | None, name: str) -> date | None:
    value = _term(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(status_code=422,
                            detail=f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


@router.get("/")
def home(request: Request, svc: ServiceDep) -> Response:
    from ..analyse.shifts import find_shifts

    found = sorted(find_shifts(svc.store), key=lambda s: s.date, reverse=True)
    return page(request, "home.html", {"counts": svc.store.counts(),
                                       "shifts": found[:HOME_SHIFTS]})


@router.get("/search")
def search(request: Request, svc: ServiceDep, q: Text = None) -> Response:
    from ..store.lookup import search_articles

    term = _term(q)
    articles: list[dict[str, Any]] = []
    actors: list[Any] = []
    total = 0
    if term:
        total, articles = search_articles(svc.store, term, limit=PAGE_SIZE)
        actors = svc.store.actors(term, limit=PAGE_SIZE)
    return page(request, "search.html", {"q": term or "", "articles": articles,
                                         "total": total, "actors": actors})


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str, svc: ServiceDep) -> Response:
    from ..model import CodedArticle

    record = svc.article_record(article_id)
    origins = record.pop("origins", [])
    external_id = record.pop("external_id", None)
    coded = CodedArticle.model_validate(record)
    return page(request, "article.html", {"record": coded, "paragraphs": paragraphs(coded),
                                          "origins": origins, "external_id": external_id,
                                          "stored": True})


@router.get("/actors/{actor_id:path}")
def actor(request: Request, actor_id: str, svc: ServiceDep) -> Response:
    return page(request, "actor.html", {"actor": svc.actor_detail(actor_id),
                                        "events": _actor_events(svc, actor_id)})


def _actor_events(svc: Service, actor_id: str) -> list[Any]:
    """The actor's latest events, as source or as target: the latest of each side from its
    own index, then the latest of both (not every event of the actor sorted)."""
    from sqlalchemy import select, union

    from ..store import schema as t

    e = t.events
    sides = [select(e.c.id, e.c.day).where(side == actor_id)
             .order_by(e.c.day.desc(), e.c.id).limit(PAGE_SIZE).subquery().select()
             for side in (e.c.source_id, e.c.target_id)]
    latest = union(*sides).subquery()
    with svc.store.engine.connect() as conn:
        ids = set(conn.scalars(select(latest.c.id)
                               .order_by(latest.c.day.desc(), latest.c.id).limit(PAGE_SIZE)))
    return svc.store.events(ids=ids) if ids else []


@router.get("/events")
def events(request: Request, svc: ServiceDep, actor: Text = None, target: Text = None,
           type: Text = None, since: Text = None, until: Text = None, country: Text = None,
           limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = PAGE_SIZE,
           offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    filters = {"actor": _term(actor), "target": _term(target), "type": _term(type),
               "since": _term(since), "until": _term(until), "country": _term(country)}
    try:
        total, rows = event_page(svc.store, actor=filters["actor"], target=filters["target"],
                                 type=filters["type"], since=_day(since, "since"),
                                 until=_day(until, "until"), country=filters["country"],
                                 limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    shown = {k: v for k, v in filters.items() if v}
    return page(request, "events.html", {
        "filters": filters, "rows": rows, "total": total, "limit": limit, "offset": offset,
        "prev": ({**shown, "limit": limit, "offset": max(0, offset - limit)}
                 if offset > 0 else None),
        "next": ({**shown, "limit": limit, "offset": offset + limit}
                 if offset + limit < total else None)})


@router.get("/code")
def code_form(request: Request) -> Response:
    return page(request, "code.html", {"form": {}, "max_body": MAX_BODY})


@router.post("/code")
async def code_text(request: Request, svc: ServiceDep) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = form_fields(await request.body())
    text = form.get("text", "").strip()
    if not text:
        return page(request, "code.html", {"form": form, "max_body": MAX_BODY,
                                           "error": "paste a text to code"}, status=422)

    try:
        item = TextIn(text=text, title=_term(form.get("title")),
                      outlet=_term(form.get("outlet")),
                      published=_day(form.get("published"), "published"))
        coded = await run_in_threadpool(svc.code, item)
    except (ValueError, HTTPException) as exc:
        message = exc.detail if isinstance(exc, HTTPException) else str(exc)
        return page(request, "code.html", {"form": form, "max_body": MAX_BODY,
                                           "error": message}, status=422)
    return page(request, "article.html", {"record": coded, "paragraphs": paragraphs(coded),
                                          "origins": [], "external_id": None,
                                          "stored": False})


@router.get("/docs")
def docs(request: Request) -> Response:
    schema = request.app.openapi()
    return page(request, "docs.html", {"paths": schema.get("paths", {}),
                                       "info": schema.get("info", {})})


By = Annotated[str, Query(pattern="^(week|month)$")]


@router.get("/pair")
def pair(request: Request, svc: ServiceDep, a: Text = None, b: Text = None,
         by: By = "month") -> Response:
    """A ↔ B: the pair's picture (`/pair.svg`, the drawing of `timeline --plot`), its graded
    shifts, and the evidence sentences linking to their articles."""
    first, second = _term(a), _term(b)
    context: dict[str, Any] = {"a": first or "", "b": second or "", "by": by,
                               "shifts": [], "periods": []}
    if first and second:
        view, found = _pair_view(svc, first, second, by)
        context.update(shifts=found, periods=view.periods)
    return page(request, "pair.html", context)


@router.get("/pair.svg")
def pair_picture(svc: ServiceDep, a: Text = None, b: Text = None, by: By = "month") -> Response:
    """The pair's picture as SVG: both directions' mean intensity and events per period,
    each shift marked with its strength. Shown by the pair page as an image, so nothing
    in it can run."""
    from ..present.pair_plot import pair_image

    first, second = _term(a), _term(b)
    if not (first and second):
        raise HTTPException(status_code=422, detail="a and b: two actors are needed")
    view, found = _pair_view(svc, first, second, by)
    return Response(pair_image(view, found, "svg"), media_type="image/svg+xml")


def _pair_view(svc: Service, first: str, second: str, by: str) -> tuple[Timeline, list[Shift]]:
    """The pair's timeline and its shifts (of the two actors, or of their countries)."""
    from ..analyse.shifts import find_shifts
    from ..analyse.timeline import timeline

    try:
        view = timeline(svc.store, first, second, by=by)  # type: ignore[arg-type]
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc.args[0])) from exc
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    sides = [_keys(svc, first), _keys(svc, second)]
    found = [s for s in find_shifts(svc.store, actor=first)
             if {s.source, s.target} <= sides[0] | sides[1]
             and ((s.source in sides[0] and s.target in sides[1])
                  or (s.source in sides[1] and s.target in sides[0]))]
    return view, found


def _keys(svc: Service, term: str) -> set[str]:
    """The actor ids a term matches, and their countries (the keys of country shifts)."""
    return {key for row in svc.store.actors(term) for key in (row.id, row.country) if key}
