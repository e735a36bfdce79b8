"""JSON and JSONL records: {"id", "title", "text", "date", "outlet", "url"} per article.

A JSON Lines file is split into lines before anything is decoded, so a bad byte or a
malformed record loses only its own line, named by file and line; a line over
`limits.MAX_RECORD_BYTES` is refused without being decoded. Nesting deeper than
`limits.MAX_JSON_DEPTH` is refused before the JSON parser sees it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .. import settings
from ..model import Article
from .dates import published_or_problem
from .encoding import check_text, decode_problem, encoding_of
from .errors import Problem, ReadError
from .fields import FieldMap
from .limits import EARLY_TEXT_FACTOR, MAX_JSON_DEPTH, MAX_RECORD_BYTES
from .text import clean_text

_TEXT_KEYS = ("text", "body", "content", "article")
_DATE_KEYS = ("date", "published", "published_at", "pubdate", "dct")
_OUTLET_KEYS = ("outlet", "source", "publisher", "site")


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((record[k] for k in keys if record.get(k) not in (None, "")), None)


def record_to_article(record: object, origin: str, fields: FieldMap | None = None) -> Article:
    """One record (its fields renamed by `fields`); raises ReadError when it is not an
    article."""
    if not isinstance(record, dict):
        raise ReadError(origin, f"expected a JSON object, found {type(record).__name__}")
    if fields:
        record = fields.apply(record, origin)
    key = next((k for k in _TEXT_KEYS if record.get(k) not in (None, "")), None)
    text = record[key] if key else None
    if key is not None and not isinstance(text, str):
        raise ReadError(origin, f"field {key!r} should be text, found {_json_type(text)}")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(origin, f"no article text (one of the keys {', '.join(_TEXT_KEYS)})")
    if len(text) > EARLY_TEXT_FACTOR * settings.MAX_TEXT_CHARS:
        raise ReadError(origin, f"text of {len(text):,} characters is over the limit of "
                        f"{settings.MAX_TEXT_CHARS:,}")
    external_id = _external_id(record, origin)
    problems: list[str] = []
    published = published_or_problem(_first(record, _DATE_KEYS), problems, origin)
    if external_id is not None:
        origin = f"{origin} (id {external_id})"
    return Article(
        external_id=external_id,
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


_JSON_TYPES = {dict: "an object", list: "a list", str: "text", bool: "true or false",
               int: "a number", float: "a number", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _external_id(record: dict[str, Any], origin: str) -> str | None:
    """The record's own id (text or a whole number), kept as the article's `external_id`."""
    value = record.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ReadError(origin, f"field 'id' should be text or a whole number, found "
                    f"{_json_type(value)}")


def _string(record: dict[str, Any], keys: str | tuple[str, ...], origin: str) -> str | None:
    """A text field; a number is written out, anything else is an error naming the key."""
    keys = (keys,) if isinstance(keys, str) else keys
    value = _first(record, keys)
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ReadError(origin, f"field {keys[0]!r} should be text, found {_json_type(value)}")


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


#: A JSON string (skipped whole) or a bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _nested_deeper_than(text: str, limit: int) -> bool:
    """Does the JSON text nest lists and objects more than `limit` deep? Stops at the
    first bracket past the limit."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def loads(text: str, origin: str, where: str = "") -> Any:
    """Parsed JSON, or ReadError naming the origin: malformed, or nested too deep."""
    if _nested_deeper_than(text, MAX_JSON_DEPTH):
        raise ReadError(origin, f"JSON nested more than {MAX_JSON_DEPTH} levels deep; not read")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"column {exc.colno}" if where == "line" else \
            f"line {exc.lineno} column {exc.colno}"
        raise ReadError(origin, f"malformed JSON at {at}: {exc.msg}") from exc
    except RecursionError as exc:  # the check above should have caught it
        raise ReadError(origin, "JSON nested too deep; not read") from exc


def parse_json(raw: str, origin: str, fields: FieldMap | None = None,
               ) -> Iterator[Article | Problem]:
    """A JSON document holding one record or a list of them."""
    data = loads(raw, origin)
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        where = f"{origin}[{i}]" if isinstance(data, list) else origin
        try:
            yield record_to_article(record, where, fields)
        except ReadError as exc:
            yield Problem(exc.origin, exc.problem)


def _byte_lines(raw: bytes, first_line: int = 1) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of each line of `raw`, without copying it."""
    start, number = 0, first_line
    while start < len(raw):
        end = raw.find(b"\n", start)
        if end < 0:
            end = len(raw)
        yield number, start, end
        start, number = end + 1, number + 1


def parse_jsonl(raw: bytes, origin: str, encoding: str | None = None,
                fields: FieldMap | None = None, first_line: int = 1,
                ) -> Iterator[Article | Problem]:
    """One record per line; a bad line is reported and the others carry on. The bytes
    are split into lines first (for UTF-16 and UTF-32, which cannot be split as bytes,
    the text), so that each line is decoded, and fails, on its own. `raw` may be a part
    of a file that starts at line `first_line` (`scale.partitions`)."""
    name = encoding_of(raw, origin, encoding)
    if _splits_as_bytes(name):
        skip_bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        for number, start, end in _byte_lines(raw, first_line):
            where = f"{origin}:{number}"
            start += skip_bom if number == first_line else 0
            if end - start > MAX_RECORD_BYTES:
                yield Problem(where, f"record of {end - start:,} bytes is over the limit of "
                              f"{MAX_RECORD_BYTES:,}; not read")
                continue
            line = raw[start:end]
            if line.isspace() or not line:
                continue
            try:
                text = line.decode("utf-8" if name == "utf-8-sig" else name)
            except UnicodeDecodeError as exc:
                yield Problem(where, decode_problem(line, exc, name, one_line=True))
                continue
            yield from _record_line(text, where, fields)
    else:
        from .encoding import decode

        for number, text in enumerate(decode(raw, origin, name).splitlines(), start=first_line):
            if text.strip():
                yield from _record_line(text, f"{origin}:{number}", fields)


def _record_line(text: str, where: str,
                 fields: FieldMap | None = None) -> Iterator[Article | Problem]:
    try:
        yield record_to_article(loads(check_text(text, where), where, "line"), where, fields)
    except ReadError as exc:
        yield Problem(exc.origin, exc.problem)


def _splits_as_bytes(name: str) -> bool:
    """Can text in this encoding be split into lines as bytes (a newline is byte 0x0a and
    no other character contains it)?"""
    return "\n".encode(name) == b"\n" and not name.startswith(("utf-16", "utf-32"))
