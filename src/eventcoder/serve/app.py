"""`create_app`: the FastAPI application of `eventcoder serve`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from . import api, errors, pages
from .guard import Guard
from .limits import MAX_BODY
from .service import Service, default_code

if TYPE_CHECKING:
    from ..model import Article, CodedArticle
    from ..store import Store

HERE = Path(__file__).parent


def safe_url(value: object) -> str | None:
    """An article's URL when it is http(s), for a link; None otherwise (javascript:,
    data:... stay text)."""
    text = str(value or "").strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") else None


def score(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["pathq"] = lambda v: quote(str(v), safe="")
    env.filters["safe_url"] = safe_url
    env.filters["score"] = score
    env.globals["query"] = lambda d: urlencode({k: v for k, v in d.items() if v is not None})
    return Jinja2Templates(env=env)


def create_app(store: Store, token: str | None = None,
               coder: Callable[[Article], CodedArticle] = default_code,
               max_body: int = MAX_BODY) -> FastAPI:
    """The app over an open `store`. With `token`, POST /api/articles stores articles for
    callers that send it; `coder` codes one article (default: the default coder, loaded
    on first use)."""
    app = FastAPI(title="eventcoder", version="0.1.0",
                  description="Sourced, dated PLOVER events from political news: every code "
                  "leads back to its words.",
                  docs_url=None, redoc_url=None)  # /docs is served without a CDN (pages)
    app.state.service = Service(store, coder)
    app.state.token = token or None
    app.state.templates = make_templates()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Guard, max_body=max_body)
    return app
