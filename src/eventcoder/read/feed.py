"""RSS and Atom feeds: each entry one article."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import lxml.html

from ..model import Article
from .dates import published_or_problem
from .errors import Problem, ReadError


def _plain(html_text: str) -> str:
    if "<" not in html_text:
        return html_text.strip()
    try:
        return lxml.html.fromstring(html_text).text_content().strip()
    except (lxml.etree.ParserError, ValueError):
        return html_text.strip()


def parse_feed(raw: bytes, origin: str) -> Iterator[Article | Problem]:
    parsed = feedparser.parse(raw)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else "no entries"
        raise ReadError(origin, f"not a readable RSS/Atom feed: {reason}")
    outlet = parsed.feed.get("title") or None
    for i, entry in enumerate(parsed.entries):
        where = f"{origin}#entry{i + 1}"
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary", "")
        text = _plain(body or "")
        if not text:
            yield Problem(where, "feed entry has no text")
            continue
        problems: list[str] = []
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            published = published_or_problem(when or entry.get("published"), problems, where)
        except ReadError as exc:
            yield Problem(exc.origin, exc.problem)
            continue
        yield Article(
            title=entry.get("title") or None,
            published=published,
            outlet=outlet,
            url=entry.get("link") or None,
            text=text,
            origin=where,
            problems=problems,
        )
