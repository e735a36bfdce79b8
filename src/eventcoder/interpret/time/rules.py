"""Handlers of the time-expression rules: one function per rule of `time_grammar`, turning a
regex match into a normalised `Found`, or None when the match is not a time expression.

Handlers read, but never change, the context; `Ctx.remember` records what each kept
expression referred to (the last quarter, the last day) for the anaphoric ones that follow
("a year earlier" after "the third quarter" is that quarter a year before).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Doc

from ...model import TimeType
from .calendar import (
    UNANCHORED,
    Tense,
    fmt,
    nearest_holiday,
    pick_year,
    safe_date,
    season_year,
    shift,
    weekday_date,
)
from .lexicon import TimeLexicon
from .tense import clause_tense

#: Stand-in anchor when the publication date is unknown; values then become X patterns.
_PLACEHOLDER = date(2000, 1, 1)
#: Entity labels that make a four-digit number not a year.
_NOT_YEAR = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}
#: Words before a capitalised month or weekday that make it part of a name ("Theresa May").
_NAME_BEFORE = re.compile(r"(?-i:[A-Z][a-z]+\.?)\s+$")
_FUNCTION_CAPS = {
    "in", "on", "by", "since", "until", "last", "next", "this", "early", "late", "mid",
    "through", "during", "from", "of", "before", "after", "and", "or", "the",
    "that", "till", "between", "as", "also", "but", "then", "every", "each",
}
_DIRECTION = {
    "this": 0, "current": 0, "same": 0, "last": -1, "past": -1, "previous": -1, "prior": -1,
    "latest": -1, "next": 1, "coming": 1, "following": 1, "upcoming": 1,
}
_UNIT_GRAN = {"Y": "Y", "M": "M", "W": "W", "D": "D", "Q": "Q", "10Y": "E", "100Y": "C"}


@dataclass
class Found:
    start: int
    end: int
    type: TimeType
    value: str
    why: str
    alternatives: list[str] = field(default_factory=list)
    mod: str | None = None
    anchored: bool = True
    day: date | None = None  # the day it names, when it names one
    clock: str | None = None  # HH:MM of a clock time, resolved against a day later
    quarter: tuple[int, int] | None = None  # (year, quarter) it names


@dataclass
class Ctx:
    text: str
    dct: date | None
    doc: Doc | None
    lex: TimeLexicon
    last_quarter: tuple[int, int] | None = None
    last_day: date | None = None

    @property
    def anchor(self) -> date:
        return self.dct or _PLACEHOLDER

    @property
    def anchored(self) -> bool:
        return self.dct is not None

    def probe(self) -> Ctx:
        """A copy without memory, for checking candidates before selection."""
        return replace(self, last_quarter=None, last_day=None)

    def remember(self, found: Found) -> None:
        if found.quarter is not None:
            self.last_quarter = found.quarter
        if found.day is not None and found.clock is None:
            self.last_day = found.day

    def tense(self, m: re.Match[str]) -> Tense:
        return clause_tense(self.text, m.start(), m.end(), self.doc, self.lex)

    def ent_type(self, start: int) -> str:
        if self.doc is None:
            return ""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        return span[0].ent_type_ if span is not None and len(span) else ""


# --- helpers ---------------------------------------------------------------------------


def _month_no(ctx: Ctx, word: str) -> int:
    return int(ctx.lex.table("month")[word.lower().rstrip(".")])


def _number(ctx: Ctx, words: str) -> float | None:
    """The value of a number phrase ("two", "24", "twenty-four", "2 1/2"); None for "several"."""
    words = words.lower().strip()
    half = 0.0
    for tail in (" 1/2", " and a half"):
        if words.endswith(tail):
            words, half = words[: -len(tail)].strip(), 0.5
    try:
        return float(words.replace(",", "")) + half
    except ValueError:
        pass
    table = ctx.lex.table("number")
    if words in table:
        return None if table[words] == "X" else float(table[words]) + half
    total = 0.0
    for part in re.split(r"[\s-]+", words):
        if part not in table or table[part] == "X":
            return None
        value = float(table[part])
        total = total * value if value == 100 and total else total + value
    return total + half


def _num_str(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration(n: float | None, code: str) -> str:
    """TIMEX3 duration for `n` units of lexicon code `code` (Y, 10Y, TH, WE ...)."""
    time_part = code.startswith("T")
    unit = code[1:] if time_part else code
    mult = re.match(r"(\d*)(\D+)", unit)
    factor = int(mult.group(1)) if mult and mult.group(1) else 1
    letter = mult.group(2) if mult else unit
    if n is None:
        letter = {10: "DE", 100: "CE"}.get(factor, letter)
        return f"PT X{letter}".replace(" ", "") if time_part else f"PX{letter}"
    n *= factor
    if time_part and letter == "H" and n != int(n):  # "5 1/2 hours"
        return f"PT{int(n)}H{round((n - int(n)) * 60)}M"
    return f"{'PT' if time_part else 'P'}{_num_str(n)}{letter}"


def _unit_code(ctx: Ctx, word: str) -> str:
    word = word.lower()
    table = ctx.lex.table("unit")
    if word in table:
        return table[word]
    if word.endswith("ies") and word[:-3] + "y" in table:
        return table[word[:-3] + "y"]
    return table.get(word[:-1], "")


def _date_found(ctx: Ctx, m: re.Match[str], d: date, gran: str, why: str, **kw) -> Found:
    value = fmt(d, gran) if ctx.anchored else UNANCHORED[gran]
    day = d if gran == "D" and ctx.anchored else None
    return Found(m.start(), m.end(), "DATE", value, why, anchored=ctx.anchored, day=day, **kw)


def _is_name_part(ctx: Ctx, start: int) -> bool:
    """A capitalised word right before, not a function word: "Theresa May", "Ms. June"."""
    before = ctx.text[max(0, start - 20) : start]
    hit = _NAME_BEFORE.search(before)
    if hit and hit.group(0).strip().rstrip(".").lower() not in _FUNCTION_CAPS:
        return True
    return ctx.ent_type(start) in ("PERSON", "ORG", "WORK_OF_ART", "GPE")


# --- absolute and calendar dates -------------------------------------------------------


def iso(m: re.Match[str], ctx: Ctx) -> Found | None:
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    return Found(m.start(), m.end(), "DATE", d.isoformat(), "iso date", day=d)


def slash(m: re.Match[str], ctx: Ctx) -> Found | None:
    year = int(m["y"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    d = safe_date(year, int(m["m"]), int(m["d"]))  # US order: month/day/year
    if d is None:
        return None
    return Found(m.start(), m.end(), "DATE", d.isoformat(), "numeric m/d/y date", day=d)


def _day_date(ctx: Ctx, m: re.Match[str], month: int, day: int, why: str) -> Found | None:
    if m["year"]:
        d = safe_date(int(m["year"]), month, day)
        if d is None:
            return None
        return Found(m.start(), m.end(), "DATE", d.isoformat(), why, day=d)
    if not ctx.anchored:
        return Found(m.start(), m.end(), "DATE", f"XXXX-{month:02d}-{day:02d}",
                     why + " (no year, unanchored)", anchored=False)
    year = pick_year(ctx.anchor, month, day, ctx.tense(m))
    if m["wd"]:  # "Monday, Oct. 26": the year in which that day is a Monday
        wd = int(ctx.lex.table("weekday")[m["wd"].lower()])
        fits = [y for y in (year, year - 1, year + 1)
                if (c := safe_date(y, month, day)) is not None and c.isoweekday() == wd]
        year = fits[0] if fits else year
    d = safe_date(year, month, day)
    if d is None:
        return None
    return Found(m.start(), m.end(), "DATE", d.isoformat(), why + " (year from anchor)", day=d)


def _leading_number(text: str) -> int:
    """12 of '12th'; the patterns that call this make sure the text starts with digits."""
    return int(text[:len(text) - len(text.lstrip("0123456789"))])


def month_day(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not m["mon"][0].isupper():
        return None
    month = _month_no(ctx, m["mon"])
    first = _leading_number(m["day"])
    found = _day_date(ctx, m, month, first, "month day")
    if found is None or not m["alts"]:
        return found
    # "October 6, 8, or 9": one expression, one value per listed day.
    days = [first] + [int(x) for x in re.findall(r"\d{1,2}", m["alts"])]
    year_part = found.value[:4]
    values = []
    for day in days:
        if ctx.anchored and safe_date(int(year_part), month, day) is None:
            return None
        values.append(f"{year_part}-{month:02d}-{day:02d}")
    found.alternatives = values
    found.why = "month day alternatives"
    return found


def day_month(m: re.Match[str], ctx: Ctx) -> Found | None:
    day = _leading_number(m["day"])
    return _day_date(ctx, m, _month_no(ctx, m["mon"]), day, "day month")


def month_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    month = _month_no(ctx, m["mon"])
    if m["year"]:
        return Found(m.start(), m.end(), "DATE", f"{int(m['year']):04d}-{month:02d}",
                     "month year")
    if not ctx.anchored:
        return Found(m.start(), m.end(), "DATE", f"XXXX-{month:02d}", "month of relative year",
                     anchored=False)
    year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Found(m.start(), m.end(), "DATE", f"{year:04d}-{month:02d}", "month of relative year")


def month(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not m["rel"] and _is_name_part(ctx, m.start("mon")):
        return None
    month_no = _month_no(ctx, m["mon"])
    if not ctx.anchored:
        return Found(m.start(), m.end(), "DATE", f"XXXX-{month_no:02d}", "month name",
                     anchored=False)
    rel = (m["rel"] or "").lower()
    anchor = ctx.anchor
    if rel in ("last", "past"):
        year = anchor.year if month_no < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month_no > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        year = pick_year(anchor, month_no, None, ctx.tense(m))
    why = f"{rel} month name" if rel else "month name (year by tense)"
    return Found(m.start(), m.end(), "DATE", f"{year:04d}-{month_no:02d}", why)


def year(m: re.Match[str], ctx: Ctx) -> Found | None:
    value = int(m["year"])
    before = ctx.text[max(0, m.start("year") - 12) : m.start("year")].lower()
    if value < 1800 and not re.search(r"\b(?:in|since|from|until|by|of|to|and|year)\s+$", before):
        return None
    if ctx.ent_type(m.start("year")) in _NOT_YEAR:
        return None
    if re.search(r"(?:no\.|number|flight|route|#)\s*$", before):
        return None
    why = "fiscal year" if m["fiscal"] else "year"
    return Found(m.start(), m.end(), "DATE", f"{value:04d}", why)


def spoken_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    words = m["spoken"].lower()
    if words.startswith("two thousand"):
        rest = words[len("two thousand"):].replace("and", "").strip()
        extra = _number(ctx, rest) if rest else 0.0
        value = 2000 + int(extra or 0) if extra is not None else None
    else:
        rest = re.sub(r"^nineteen[\s-]+", "", words)
        tail = 0.0 if rest == "hundred" else _number(ctx, rest)
        value = 1900 + int(tail) if tail is not None and tail < 100 else None
    if value is None:
        return None
    return Found(m.start(), m.end(), "DATE", str(value), "year in words")


def decade(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["dec2"]:
        value, start = f"19{m['dec2']}", m.start()
    else:
        value, start = f"{m['cent']}{m['dec']}", m.start("cent")
    return Found(start, m.end(), "DATE", value, "decade")


def century(m: re.Match[str], ctx: Ctx) -> Found | None:
    raw = m["ord"].lower()
    digits = re.match(r"\d+", raw)
    nth = int(digits.group(0)) if digits else int(ctx.lex.table("ordinal").get(raw, "0"))
    if not 1 <= nth <= 21:
        return None
    return Found(m.start(), m.end(), "DATE", f"{nth - 1:02d}", "ordinal century")


def holiday(m: re.Match[str], ctx: Ctx) -> Found | None:
    rule = ctx.lex.table("holiday")[_norm(m["h"])]
    rel = (m["rel"] or "").lower()
    tense: Tense = "past" if rel == "last" else "future" if rel == "next" else ctx.tense(m)
    d = nearest_holiday(ctx.anchor, rule, tense)
    if d is None:
        return None
    return _date_found(ctx, m, d, "D", f"holiday {rule}")


def season(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = (m["rel"] or "").lower()
    after = ctx.text[m.end() : m.end() + 4].lower()
    if not m["year"] and (not rel or (rel == "the" and after.startswith(" of"))):
        return None  # "prices fall", "the fall of Kabul"
    code = ctx.lex.table("season")[m["s"].lower()]
    start = m.start() if rel in ("last", "this", "next", "the", "past") else m.start("s")
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(rel)
    if m["year"]:
        return Found(start, m.end(), "DATE", f"{m['year']}-{code}", "season of year", mod=mod)
    if not ctx.anchored:
        return Found(start, m.end(), "DATE", f"XXXX-{code}", "season", mod=mod, anchored=False)
    if rel in ("last", "past"):
        year_no = season_year(ctx.anchor, code, "past")
        if year_no == season_year(ctx.anchor, code, None):
            year_no -= 1
    elif rel == "next":
        year_no = season_year(ctx.anchor, code, "future")
    elif rel == "this":
        year_no = season_year(ctx.anchor, code, None)
    else:
        year_no = season_year(ctx.anchor, code, ctx.tense(m))
    return Found(start, m.end(), "DATE", f"{year_no:04d}-{code}", f"{rel or 'bare'} season",
                 mod=mod)


def _norm(words: str) -> str:
    return re.sub(r"\s+", " ", words.lower())


# --- quarters, periods and anaphoric "year-earlier" -------------------------------------


def _quarter_year(ctx: Ctx, q: int, tense: Tense) -> int:
    anchor = ctx.anchor
    first_month = 3 * q - 2
    if tense == "past" and first_month > anchor.month:
        return anchor.year - 1
    if tense == "future" and first_month + 2 < anchor.month:
        return anchor.year + 1
    return anchor.year


def _last_complete_quarter(d: date) -> tuple[int, int]:
    q = (d.month - 1) // 3 + 1
    return (d.year, q - 1) if q > 1 else (d.year - 1, 4)


def quarter(m: re.Match[str], ctx: Ctx) -> Found | None:
    kind = m["kind"].lower()
    raw = m["ord"].lower()
    n = {"final": 4, "last": 4}.get(raw) or int(ctx.lex.table("ordinal")[raw])
    letter = "Q"
    if kind == "half":
        if n > 2 and raw not in ("last", "final"):
            return None
        letter, n = "H", min(n, 2)
    adj = (m["adj"] or "").lower()
    back = 1 if ("year-ago" in adj or "year-earlier" in adj) else 0
    ypre = (m["ypre"] or "").lower()
    if ypre[:4].isdigit():
        year_no, known = int(ypre[:4]), True
    elif m["year"]:
        year_no, known = int(m["year"]), True
    elif ypre or m["rel"]:
        rel = (ypre.split()[0] if ypre else m["rel"].lower())
        year_no, known = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[rel], ctx.anchored
    elif letter == "Q":
        year_no, known = _quarter_year(ctx, n, ctx.tense(m)) - back, ctx.anchored
    else:
        year_no, known = ctx.anchor.year - back, ctx.anchored
    value = f"{year_no:04d}-{letter}{n}" if known else f"XXXX-{letter}{n}"
    # Only a finished quarter is what later "a year earlier" compares with.
    done = safe_date(year_no, 3 * n, 28) is not None and date(year_no, 3 * n, 28) < ctx.anchor
    quarter_ref = (year_no, n) if letter == "Q" and known and not back and done else None
    return Found(m.start(), m.end(), "DATE", value, f"ordinal {kind}", anchored=known,
                 quarter=quarter_ref)


def _reference_quarter(ctx: Ctx) -> tuple[int, int]:
    return ctx.last_quarter or _last_complete_quarter(ctx.anchor)


def period_ref(m: re.Match[str], ctx: Ctx) -> Found | None:
    adj = _norm(m["adj"] or "")
    noun = _norm(m["noun"])
    back = 1 if re.search(r"year-(?:ago|earlier|before)|prior-year", adj) else 0
    if noun in ("nine months", "six months"):
        return Found(m.start(), m.end(), "DURATION", f"P{noun.split()[0] == 'nine' and 9 or 6}M",
                     "the nine/six months")
    if noun == "period" and not adj:
        return None
    if "current" in adj:
        year_no, q = ctx.anchor.year, (ctx.anchor.month - 1) // 3 + 1
    else:
        year_no, q = _reference_quarter(ctx)
    if not ctx.anchored:
        return Found(m.start(), m.end(), "DATE", "XXXX-QX", "quarter reference", anchored=False)
    return Found(m.start(), m.end(), "DATE", f"{year_no - back:04d}-Q{q}",
                 "quarter reference" + (" a year back" if back else ""))


def year_ago_adj(m: re.Match[str], ctx: Ctx) -> Found | None:
    return _year_back(ctx, m, "year-earlier adjective")


def _year_back(ctx: Ctx, m: re.Match[str], why: str, start: int | None = None) -> Found:
    """A year before the reference: the quarter last named, else the anchor's year."""
    start = m.start() if start is None else start
    if not ctx.anchored:
        return Found(start, m.end(), "DATE", "XXXX", why, anchored=False)
    if ctx.last_quarter is not None:
        y, q = ctx.last_quarter
        return Found(start, m.end(), "DATE", f"{y - 1:04d}-Q{q}", why + " (of last quarter)")
    return Found(start, m.end(), "DATE", f"{ctx.anchor.year - 1:04d}", why)


# --- relative dates ---------------------------------------------------------------------


def the_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    unit = m["unit"].lower()
    before = ctx.text[max(0, m.start() - 25) : m.start()].lower()
    over = re.search(r"\b(?:for|over|during|through|throughout)\s+$", before)
    if unit == "year" and over and "full" not in (m["adj"] or "").lower():
        return Found(m.start(), m.end(), "DURATION", "P1Y", "the year (as a stretch)")
    if unit == "weekend":
        return _weekend(ctx, m, 0, "the weekend")
    gran = {"year": "Y", "week": "W", "month": "M"}[unit]
    return _date_found(ctx, m, ctx.anchor, gran, f"the {unit}")


def _weekend(ctx: Ctx, m: re.Match[str], step: int, why: str) -> Found:
    if not ctx.anchored:
        return Found(m.start(), m.end(), "DATE", "XXXX-WXX-WE", why, anchored=False)
    if step == 0:
        tense = ctx.tense(m)
        saturday = weekday_date(ctx.anchor, 6, tense or "past")
    else:
        saturday = weekday_date(ctx.anchor, 6, "past" if step < 0 else "future", strict=True)
    return Found(m.start(), m.end(), "DATE", fmt(saturday, "W") + "-WE", why)


def rel_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    step = _DIRECTION[rel]
    has_the = m.group(0).lower().startswith("the")
    if unit == "weekend":
        return _weekend(ctx, m, step, f"{rel} weekend")
    if unit in ("decade", "century") and rel == "past":
        return Found(m.start(), m.end(), "DURATION", "P10Y" if unit == "decade" else "P100Y",
                     f"past {unit}")
    gran = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "E",
            "century": "C"}[unit]
    base = ctx.anchor
    if rel in ("following", "same", "previous", "prior") and has_the and ctx.last_day:
        base = ctx.last_day  # "the following year": after the date last named
    d = shift(base, step, {"E": "E", "C": "C"}.get(gran, gran))
    found = _date_found(ctx, m, d, gran, f"{rel} {unit}")
    if gran == "Q" and ctx.anchored:
        found.quarter = (d.year, (d.month - 1) // 3 + 1)
    return found


def _ago(ctx: Ctx, m: re.Match[str], n: float | None, code: str, sign: int, why: str,
         base: date | None = None) -> Found:
    if n is None:
        return Found(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", why)
    letter = code.lstrip("0123456789")
    gran = _UNIT_GRAN.get(code, _UNIT_GRAN.get(letter, "D"))
    if code == "Y" and n == 1 and ctx.last_quarter is not None and sign < 0:
        return _year_back(ctx, m, why)
    count = n * (int(code[:-1]) if code[:-1].isdigit() else 1)
    d = shift(base or ctx.anchor, sign * count, "Y" if code.endswith("Y") else letter)
    found = _date_found(ctx, m, d, gran, why)
    found.quarter = None
    return found


def n_unit(m: re.Match[str], ctx: Ctx) -> Found | None:
    n_text = m["n"].lower()
    code = _unit_code(ctx, m["unit"])
    if not code:
        return None
    if n_text in ("a", "an", "one") and code in ("TS", "Q") and not m["dir"]:
        return None  # "a second term", "a quarter of the vote"
    if code == "WE" or (code == "Q" and "-" in m["sep"]):
        return None  # "three-quarters" is a fraction
    n = _number(ctx, n_text)
    if n is not None and n <= 0:
        return None
    if n is None and not re.fullmatch(r"[a-z\s-]+", n_text):
        return None
    direction = _norm(m["dir"] or "")
    if direction == "ago":
        return _ago(ctx, m, n, code, -1, "n_unit:ago")
    if direction in ("from now", "hence"):
        return _ago(ctx, m, n, code, 1, "n_unit:from now")
    if direction in ("earlier", "later"):
        sign = -1 if direction == "earlier" else 1
        if sign < 0 and code == "Y" and n == 1:
            return _year_back(ctx, m, "a year earlier")
        return _ago(ctx, m, n, code, sign, f"n_unit:{direction}", base=ctx.last_day)
    end = m.end("orso") if m["orso"] else m.end("unit")
    mod = "APPROX" if m["orso"] else None
    return Found(m.start(), end, "DURATION", _duration(n, code), "number of units", mod=mod)


def bare_units(m: re.Match[str], ctx: Ctx) -> Found | None:
    code = _unit_code(ctx, m["unit"])
    lead = _norm(m["lead"])
    if m["dir"] and m["dir"].lower() == "ago":
        start = m.start() if lead in ("recent", "coming", "past") else m.start("unit")
        return Found(start, m.end(), "DATE", "PAST_REF", "units ago")
    if lead == "recent":
        return Found(m.start(), m.end("unit"), "DATE", "PAST_REF", "recent units")
    if lead in ("coming", "past"):
        return Found(m.start(), m.end("unit"), "DURATION", _duration(None, code), f"{lead} units")
    return Found(m.start("unit"), m.end("unit"), "DURATION", _duration(None, code), "bare units")


def units_dir(m: re.Match[str], ctx: Ctx) -> Found | None:
    code = _unit_code(ctx, m["unit"])
    if m["dir"].lower() == "ago":
        return Found(m.start(), m.end(), "DATE", "PAST_REF", "units ago")
    return Found(m.start(), m.end("unit"), "DURATION", _duration(None, code), "units later")


def weekday(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not m["rel"] and _is_name_part(ctx, m.start("wd")):
        return None
    wd = int(ctx.lex.table("weekday")[m["wd"].lower()])
    pod = ctx.lex.table("partofday").get((m["pod"] or "").lower())
    suffix = f"T{pod}" if pod else ""
    if m["pl"]:
        return Found(m.start(), m.end(), "SET", f"XXXX-WXX-{wd}{suffix}", "plural weekday")
    rel = (m["rel"] or "").lower()
    start = m.start() if rel else m.start("wd")
    if not ctx.anchored:
        return Found(start, m.end(), "DATE", f"XXXX-WXX-{wd}{suffix}", "weekday",
                     anchored=False)
    if rel in ("last", "next", "coming"):
        d = weekday_date(ctx.anchor, wd, "past" if rel == "last" else "future", strict=True)
    elif rel == "this":
        d = weekday_date(ctx.anchor, wd, ctx.tense(m) or "future")
    elif rel in ("later", "late"):
        d = weekday_date(ctx.anchor, wd, "future")
    else:
        d = weekday_date(ctx.anchor, wd, ctx.tense(m))
    mod = {"early": "START", "late": "END"}.get(rel)
    why = f"{rel + ' ' if rel else ''}weekday (direction by tense)"
    return Found(start, m.end(), "DATE", d.isoformat() + suffix, why, day=d, mod=mod)


def dayref(m: re.Match[str], ctx: Ctx) -> Found | None:
    offset_text, _, pod_code = ctx.lex.table("dayref")[_norm(m["w"])].partition(" ")
    offset = int(offset_text)
    if m["ba"]:
        offset += -1 if m["ba"].lower() == "before" else 1
    pod = ctx.lex.table("partofday").get((m["pod"] or "").lower()) or pod_code
    suffix = f"T{pod}" if pod else ""
    d = ctx.anchor + timedelta(days=offset)
    value = d.isoformat() + suffix if ctx.anchored else f"XXXX-XX-XX{suffix}"
    return Found(m.start(), m.end(), "DATE", value, f"day reference {m['w'].lower()}",
                 anchored=ctx.anchored, day=d if ctx.anchored else None)


def this_pod(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = _norm(m["rel"])
    pod = ctx.lex.table("partofday")[m["pod"].lower()]
    if rel == "last" and pod not in ("NI", "EV"):
        return None
    d = ctx.anchor - timedelta(days=1 if rel == "last" else 0)
    kind: TimeType = "DATE" if rel == "last" else "TIME"
    value = f"{d.isoformat()}T{pod}" if ctx.anchored else f"XXXX-XX-XXT{pod}"
    return Found(m.start(), m.end(), kind, value, f"{rel} part of day", anchored=ctx.anchored)


# --- clock times ------------------------------------------------------------------------


def _clock_found(m: re.Match[str], hour: int, minute: int, why: str) -> Found | None:
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return Found(m.start(), m.end(), "TIME", "", why, clock=f"{hour:02d}:{minute:02d}")


def clock(m: re.Match[str], ctx: Ctx) -> Found | None:
    hour, minute = int(m["h"]), int(m["min"] or 0)
    if not 1 <= hour <= 12:
        return None
    pm = m["ampm"].lower().startswith("p")
    hour = (hour % 12) + (12 if pm else 0)
    return _clock_found(m, hour, minute, "clock time")


def clock_oclock(m: re.Match[str], ctx: Ctx) -> Found | None:
    return _clock_found(m, int(m["h"]), 0, "o'clock")


def clock_in_the(m: re.Match[str], ctx: Ctx) -> Found | None:
    hour = int(m["h"])
    pod = ctx.lex.table("partofday")[m["pod"].lower()]
    if pod in ("AF", "EV") or (pod == "NI" and hour >= 6):
        hour = hour % 12 + 12
    return _clock_found(m, hour, int(m["min"] or 0), "hour of part of day")


def clock_word(m: re.Match[str], ctx: Ctx) -> Found | None:
    hour, minute = ctx.lex.table("clock")[m["w"].lower()].split(":")
    return _clock_found(m, int(hour), int(minute), f"clock word {m['w'].lower()}")


# --- vague references and sets ------------------------------------------------------------


def ref(m: re.Match[str], ctx: Ctx) -> Found | None:
    word = _norm(m["w"])
    if word == "now" and re.match(r"\s+that\b", ctx.text[m.end() : m.end() + 6]):
        return None  # "now that ..." is a conjunction
    return Found(m.start(), m.end(), "DATE", ctx.lex.table("ref")[word], f"reference {word}")


def set_adv(m: re.Match[str], ctx: Ctx) -> Found | None:
    word = m["w"].lower()
    return Found(m.start(), m.end(), "SET", ctx.lex.table("set")[word], f"frequency {word}")


def set_every(m: re.Match[str], ctx: Ctx) -> Found | None:
    what = m["what"]
    lower = what.lower()
    lex = ctx.lex
    if lower in lex.table("weekday") and what[0].isupper():
        value = f"XXXX-WXX-{lex.table('weekday')[lower]}"
    elif lower.rstrip(".") in lex.table("month") and what[0].isupper():
        value = f"XXXX-{int(lex.table('month')[lower.rstrip('.')]):02d}"
    elif lower in lex.table("partofday"):
        value = f"T{lex.table('partofday')[lower]}"
    else:
        code = _unit_code(ctx, what)
        if not code or code == "WE":
            return None
        n = _number(ctx, m["n"]) if m["n"] else 1.0
        value = _duration((n or 1.0) * (2 if m["other"] else 1), code)
    return Found(m.start(), m.end(), "SET", value, f"{m['q'].lower()} + unit")


def set_times(m: re.Match[str], ctx: Ctx) -> Found | None:
    code = _unit_code(ctx, m["unit"])
    if not code:
        return None
    return Found(m.start("a"), m.end(), "SET", _duration(1.0, code), "times a unit")


HANDLERS: dict[str, Callable[[re.Match[str], Ctx], Found | None]] = {
    "iso": iso,
    "slash": slash,
    "month_day": month_day,
    "day_month": day_month,
    "month_year": month_year,
    "month": month,
    "year": year,
    "spoken_year": spoken_year,
    "decade": decade,
    "century": century,
    "quarter": quarter,
    "period_ref": period_ref,
    "year_ago_adj": year_ago_adj,
    "the_unit": the_unit,
    "rel_unit": rel_unit,
    "n_unit": n_unit,
    "bare_units": bare_units,
    "units_dir": units_dir,
    "weekday": weekday,
    "dayref": dayref,
    "this_pod": this_pod,
    "clock": clock,
    "clock_oclock": clock_oclock,
    "clock_in_the": clock_in_the,
    "clock_word": clock_word,
    "ref": ref,
    "set_adv": set_adv,
    "set_every": set_every,
    "set_times": set_times,
    "holiday": holiday,
    "season": season,
}
