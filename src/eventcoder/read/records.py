"""JSON and JSONL records: {"id", "title", "text", "date", "outlet", "url"} per article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Article
from .dates import published_or_problem
from .errors import Problem, ReadError

_TEXT_KEYS = ("text", "body", "content", "article")
_DATE_KEYS = ("date", "published", "published_at", "pubdate", "dct")
_OUTLET_KEYS = ("outlet", "source", "publisher", "site")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((record[k] for k in keys if record.get(k) not in (None, "")), None)


def record_to_article(record: object, origin: str) -> Article:
    """One record; raises ReadError when it is not an article."""
    if not isinstance(record, dict):
        raise ReadError(origin, f"expected a JSON object, found {type(record).__name__}")
    text = _first(record, _TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ReadError(origin, f"no article text (one of the keys {', '.join(_TEXT_KEYS)})")
    problems: list[str] = []
    published = published_or_problem(_first(record, _DATE_KEYS), problems)
    outlet = _first(record, _OUTLET_KEYS)
    if record.get("id") is not None:
        origin = f"{origin} (id {record['id']})"
    return Article(
        title=record.get("title") or None,
        subtitle=record.get("subtitle") or None,
        published=published,
        outlet=str(outlet) if outlet else None,
        url=record.get("url") or None,
        sources=[str(s) for s in record.get("sources") or []],
        key_points=[str(k) for k in record.get("key_points") or []],
        text=text.replace("\r\n", "\n"),
        origin=origin,
        problems=problems,
    )


def parse_json(raw: str, origin: str) -> Iterator[Article | Problem]:
    """A JSON document holding one record or a list of them."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ReadError(origin, f"malformed JSON at line {exc.lineno} column {exc.colno}: "
                        f"{exc.msg}") from exc
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        where = f"{origin}[{i}]" if isinstance(data, list) else origin
        try:
            yield record_to_article(record, where)
        except ReadError as exc:
            yield Problem(exc.origin, exc.problem)


def parse_jsonl(raw: str, origin: str) -> Iterator[Article | Problem]:
    """One record per line; a bad line is reported and the others carry on."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
            yield record_to_article(record, where)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"malformed JSON at column {exc.colno}: {exc.msg}")
        except ReadError as exc:
            yield Problem(exc.origin, exc.problem)
