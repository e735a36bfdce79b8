"""Publication dates as found in headers, records and feeds.

A date that cannot be read is only a warning (the article is read without one), but a
date outside the years the coder can anchor times to (`EARLIEST`, `LATEST`), or with a
negative year, is an error: "last week" from 0001-01-01 is no date. A date more than a
year after today is kept, with a warning.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser

from ..model import Article
from .errors import ReadError

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_NEGATIVE = re.compile(r"^\s*-\s*\d|\b(?:BC|BCE|B\.C\.)\s*$", re.IGNORECASE)
#: The publication dates the coder can anchor times to ("next year", "in two decades").
EARLIEST, LATEST = date(1000, 1, 1), date(9900, 12, 31)
#: Dates further ahead than this are kept with a warning.
FUTURE = timedelta(days=366)


class DateOutOfRange(ValueError):
    """A date the coder cannot work from: not a warning, an error."""


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
    if _NEGATIVE.search(text):
        raise DateOutOfRange(f"date {text!r} has a negative year (before year 1)")
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


def checked(day: date | None) -> date | None:
    """`day`, unless it is outside `EARLIEST`..`LATEST` (DateOutOfRange)."""
    if day is not None and not EARLIEST <= day <= LATEST:
        raise DateOutOfRange(f"date {day.isoformat()} is outside the years "
                             f"{EARLIEST.year}-{LATEST.year} that times can be read from")
    return day


def future_warning(day: date | None) -> str | None:
    """A warning for a date more than a year after today."""
    if day is not None and day > date.today() + FUTURE:
        return (f"date {day.isoformat()} is more than a year in the future; kept as the "
                "publication date, check it")
    return None


#: The problem noted on an article coded without any publication date.
UNDATED = ("no publication date (no date line, date field or --date): relative times such "
           "as 'on Tuesday' are left unanchored")


def note_undated(article: Article) -> None:
    """Say once in `article.problems` that it has no publication date (unless a date
    that could not be read is said already)."""
    if article.published is None and not any(
            "left unanchored" in p for p in article.problems):
        article.problems.append(UNDATED)


def parse_checked(value: object) -> date | None:
    """`parse_published`, and `checked`: for --date and the Python API."""
    return checked(parse_published(value))


def published_or_problem(value: object, problems: list[str], origin: str) -> date | None:
    """Like `parse_published`, but notes the problem and carries on without a date; a
    date out of range (or negative) is a ReadError naming `origin`, a date far ahead a
    warning in `problems`."""
    try:
        day = parse_checked(value)
    except DateOutOfRange as exc:
        raise ReadError(origin, f"{exc}; give a date between {EARLIEST} and {LATEST}, or "
                        "none") from exc
    except ValueError as exc:
        problems.append(f"{exc}; relative times are left unanchored")
        return None
    if (warning := future_warning(day)) is not None:
        problems.append(warning)
    return day
