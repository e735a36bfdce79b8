"""Publication dates as found in headers, records and feeds."""

from __future__ import annotations

import re
import time
from datetime import date, datetime

from dateutil import parser as dateutil_parser

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: object) -> date | None:
    """A date from a record field; None when absent. Raises ValueError when not understood."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float):
        raise ValueError(f"date {value!r} is a number, not a date")
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a calendar date ({exc})") from exc
    try:
        # parsed twice with different defaults: a part missing from the text ("March",
        # "2025") shows up as a difference, instead of being taken from today
        first = dateutil_parser.parse(text, fuzzy=False, default=datetime(2000, 1, 1))
        second = dateutil_parser.parse(text, fuzzy=False, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"date {text!r} not understood") from exc
    if first.date() != second.date():
        raise ValueError(f"date {text!r} lacks a year, month or day")
    return first.date()


def published_or_problem(value: object, problems: list[str]) -> date | None:
    """Like `parse_published`, but notes the problem and carries on without a date."""
    try:
        return parse_published(value)
    except ValueError as exc:
        problems.append(f"{exc}; relative times are left unanchored")
        return None
