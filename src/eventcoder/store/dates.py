"""The dates, places and modes of reports, as event merging compares them: the days a
TIMEX3 value covers, whether two reports' dates agree, whether two place names are one
place."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from .. import settings

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 12)}
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")


def normalise_name(name: str) -> str:
    """Lower case, no accents, single spaces: the name two spellings share."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class DayRange:
    start: date
    end: date

    @property
    def precise(self) -> bool:
        return self.start == self.end


def day_range(value: str | None) -> DayRange | None:
    """The days a TIMEX3 date value covers: '2025-03' -> March 2025; None when it names no
    calendar date (PAST_REF, P3D, XXXX-WXX-2)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DayRange(d, d)
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return DayRange(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))
        if m := _YEAR.match(value):
            y = int(m[1])
            return DayRange(date(y, 1, 1), date(y, 12, 31))
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return DayRange(monday, monday + timedelta(days=6))
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            first, last = 3 * q - 2, 3 * q
            return DayRange(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))
        if m := _SEASON.match(value):
            y = int(m[1])
            first, last = _SEASONS[m[2]]
            return DayRange(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))
    except ValueError:
        return None
    return None


def event_days(value: str | None, published: date | None) -> tuple[str | None, DayRange | None]:
    """The date value and day range of a report, falling back on the publication date
    when the value names no calendar date."""
    days = day_range(value)
    if days is None and published is not None:
        return (value or published.isoformat()), DayRange(published, published)
    return value, days


def is_dated(value: str | None, fallback: bool = False) -> bool:
    """Does a report carry a date of its own? Not when the date is missing, is the
    publication date used as a fallback, or names no calendar date (PAST_REF, P3D)."""
    return not fallback and day_range(value) is not None


def dates_agree(a_value: str | None, a: DayRange | None,
                b_value: str | None, b: DayRange | None) -> bool:
    if a is not None and b is not None and a.precise and b.precise:
        return abs((a.start - b.start).days) <= settings.MERGE_WINDOW_DAYS
    return a_value == b_value and a == b


def places_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    na, nb = normalise_name(a), normalise_name(b)
    return na == nb or fuzz.ratio(na, nb) >= settings.MERGE_PLACE_SIMILARITY


def modes_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b
