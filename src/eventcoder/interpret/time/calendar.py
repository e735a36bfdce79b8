"""Calendar arithmetic for time expressions: TIMEX3 value strings at a granularity,
shifting by units, and choosing the year or week a bare date most likely means.

`Tense` is the direction a bare date leans: "past" picks the latest matching date not
after the anchor, "future" the earliest not before it, and None the nearest one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

Tense = Literal["past", "future"] | None
#: Granularities of TIMEX3 date values, coarse to fine.
Gran = Literal["C", "E", "Y", "H", "Q", "M", "W", "D"]

#: The X pattern of each granularity, for values that cannot be anchored.
UNANCHORED: dict[str, str] = {
    "C": "XX",
    "E": "XXX",
    "Y": "XXXX",
    "H": "XXXX-HX",
    "Q": "XXXX-QX",
    "M": "XXXX-XX",
    "W": "XXXX-WXX",
    "D": "XXXX-XX-XX",
}


def fmt(d: date, gran: str) -> str:
    """The TIMEX3 value of the period of granularity `gran` containing `d`."""
    if gran == "D":
        return d.isoformat()
    if gran == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "W":
        iso = d.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if gran == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "H":
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if gran == "E":
        return f"{d.year // 10:03d}"
    if gran == "C":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def shift(d: date, n: float, unit: str) -> date:
    """`d` moved by `n` units (Y, M, W, D, Q, H, E for decade, C for century)."""
    whole = int(n)
    if unit == "D":
        return d + timedelta(days=whole)
    if unit == "W":
        return d + timedelta(weeks=whole)
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}.get(unit)
    if months is None:
        return d
    if n != whole and unit == "Y":  # "two and a half years ago"
        return d + relativedelta(months=round(n * 12))
    return d + relativedelta(months=whole * months)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


#: How much farther a date on the side against the tense may be and still win: a past-tense
#: "payable Dec. 15" written in late October is this December, not last year's.
AGAINST_TENSE_WEIGHT = 4
#: With no tense known, news leans to the past: future candidates count double.
FUTURE_WEIGHT_UNKNOWN = 2


def pick_year(anchor: date, month: int, day: int | None, tense: Tense) -> int:
    """The year of a month (and day) given without one, read from `anchor`.

    Of the candidate dates in the previous, current and next year, the nearest wins, with
    distances on the side the tense argues against multiplied by a weight (for a day) or
    ruled out when another candidate exists (for a month alone). A month alone is
    at distance zero when it contains the anchor.
    """
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        first = safe_date(year, month, day or 1)
        if first is None:
            continue
        last = first if day else first + relativedelta(months=1, days=-1)
        if first <= anchor <= last:
            return year
        ahead = first > anchor
        gap = (first - anchor).days if ahead else (anchor - last).days
        if tense == "past" and ahead or tense == "future" and not ahead:
            # a month named alone follows the tense strictly ("resigned in November")
            gap = gap * AGAINST_TENSE_WEIGHT if day else gap + 10_000
        elif tense is None and ahead:
            gap *= FUTURE_WEIGHT_UNKNOWN
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else anchor.year


def weekday_date(anchor: date, weekday: int, tense: Tense, strict: bool = False) -> date:
    """The date of ISO `weekday` near `anchor`: the anchor itself when it falls on that day
    (unless `strict`), else the one before (past, the default) or after (future)."""
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if tense == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def season_year(anchor: date, season: str, tense: Tense) -> int:
    """The year of a season named without one (winter counts from its December)."""
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    start = date(anchor.year, start_month, 21)
    if tense == "future":
        return anchor.year if anchor < start + timedelta(days=91) else anchor.year + 1
    if tense == "past" and anchor < start:
        return anchor.year - 1
    return anchor.year


def holiday_date(rule: str, year: int) -> date | None:
    """The date of a holiday rule from the lexicon in `year`."""
    kind, _, arg = rule.partition(":")
    if kind == "fixed":
        month, day = (int(x) for x in arg.split("-"))
        return safe_date(year, month, day)
    if kind == "easter":
        return easter(year) + timedelta(days=int(arg))
    parts = [int(x) for x in arg.split(":")]
    if kind == "nth":
        month, nth, weekday = parts
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
        last = date(year, month, 1) + relativedelta(months=1, days=-1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    if kind == "after":
        month, day, weekday = parts
        base = date(year, month, day)
        return base + timedelta(days=(weekday - base.isoweekday()) % 7 or 7)
    return None


def nearest_holiday(anchor: date, rule: str, tense: Tense) -> date | None:
    dates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
             if (d := holiday_date(rule, y)) is not None]
    if tense == "past":
        dates = [d for d in dates if d <= anchor] or dates
        return max(dates)
    if tense == "future":
        dates = [d for d in dates if d >= anchor] or dates
        return min(dates)
    return min(dates, key=lambda d: abs((d - anchor).days))
