"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import trafilatura

from ..model import Article
from .dates import published_or_problem
from .errors import ReadError


def parse_html(raw: str, origin: str) -> Article:
    try:
        doc = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise ReadError(origin, f"HTML could not be parsed: {exc}") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ReadError(origin, "HTML page has no main text to code")
    problems: list[str] = []
    published = published_or_problem(getattr(doc, "date", None), problems, origin)
    return Article(
        title=getattr(doc, "title", None) or None,
        subtitle=getattr(doc, "description", None) or None,
        published=published,
        outlet=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or None,
        text=text.strip(),
        origin=origin,
        problems=problems,
    )
