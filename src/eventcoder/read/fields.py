"""Field mapping for records with their own field names (`--text-field body_html`).

A `FieldMap` renames the fields of a JSON, JSON Lines or Parquet record before it is read:
the field named for the text, title, date, id or URL is read in place of every usual name
of that field (`text`, `body`, `content`, `article` for the text), which are then ignored.
A record without text in the named text field is reported; the other named fields may be
absent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from .errors import ReadError

#: The record keys each mapped field replaces (see `records`).
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "title": ("title",),
    "date": ("date", "published", "published_at", "pubdate", "dct"),
    "id": ("id",),
    "url": ("url",),
}


@dataclass(frozen=True)
class FieldMap:
    """The record field to read for each of these; None keeps the usual names."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    id: str | None = None
    url: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def apply(self, record: dict[str, Any], origin: str) -> dict[str, Any]:
        """The record with the mapped fields under their usual names."""
        out = dict(record)
        for f in fields(self):
            given = getattr(self, f.name)
            if not given:
                continue
            for usual in USUAL_NAMES[f.name]:
                out.pop(usual, None)
            if f.name == "text" and record.get(given) in (None, ""):
                raise ReadError(origin, f"no article text in field {given!r} (given as "
                                "--text-field)")
            if given in record:
                out[f.name] = record[given]
        return out


def plain_value(value: Any) -> Any:
    """A Parquet cell as a JSON record would hold it: dates and times as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
