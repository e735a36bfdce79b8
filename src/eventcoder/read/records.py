"""JSON and JSONL records: {"id", "title", "text", "date", "outlet", "url"} per article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Article
from .dates import published_or_problem
from .errors import Problem, ReadError
from .text import clean_text

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
    if record.get("id") is not None:
        origin = f"{origin} (id {record['id']})"
    return Article(
        title=_string(record, "title", origin),
        subtitle=_string(record, "subtitle", origin),
        published=published,
        outlet=_string(record, _OUTLET_KEYS, origin),
        url=_string(record, "url", origin),
        sources=_strings(record, "sources", origin),
        key_points=_strings(record, "key_points", origin),
        text=clean_text(text),
        origin=origin,
        problems=problems,
    )


def _string(record: dict[str, Any], keys: str | tuple[str, ...], origin: str) -> str | None:
    """A text field; a number is written out, anything else is an error naming the key."""
    keys = (keys,) if isinstance(keys, str) else keys
    value = _first(record, keys)
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ReadError(origin, f"field {keys[0]!r} should be text, found {type(value).__name__}")


def _strings(record: dict[str, Any], key: str, origin: str) -> list[str]:
    """A list of texts; a single text is a list of one."""
    value = record.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise ReadError(origin, f"field {key!r} should be a list of texts")


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
