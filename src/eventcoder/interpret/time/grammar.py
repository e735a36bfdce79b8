"""Regular-expression building blocks of the time-expression stage, made from the lexicon.

Every pattern is compiled once per lexicon (`grammar()` is cached). Rules match over the
raw article text with IGNORECASE; month and weekday names standing alone must be
capitalised, so that "may" and "march" as verbs are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import TimeLexicon, load_lexicon


def alt(words: list[str] | set[str]) -> str:
    """A non-capturing alternation, longest first, with flexible inner whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def cap_alt(words: list[str] | set[str]) -> str:
    """Like `alt`, but the words must be capitalised (or all upper case)."""
    forms = {" ".join(p.capitalize() for p in w.split()) for w in words}
    forms |= {w.upper() for w in words}
    return "(?-i:" + alt(forms) + ")"


def plural(word: str) -> str:
    if word.endswith("y") and word not in ("day",):
        return word[:-1] + "ies"
    return word + "s"


@dataclass(frozen=True)
class Grammar:
    """Named sub-patterns and the compiled rules."""

    month: str
    month_cap: str
    weekday_cap: str
    number: str
    unit: str
    units_plural: str
    rules: tuple[tuple[str, re.Pattern[str]], ...]


def _month_patterns(lex: TimeLexicon) -> tuple[str, str]:
    names = lex.table("month")
    full = [w for w in names if len(w) > 4 or w in ("may", "june", "july")]
    abbr = [w for w in names if w not in full]
    any_month = rf"(?:{alt(full)}|{alt(abbr)}\.?)(?![\w])"
    alone = rf"(?:{cap_alt(full)}(?![\w])|{cap_alt(abbr + ['sept'])}\.)"
    return any_month, alone


def _number_pattern(lex: TimeLexicon) -> str:
    table = lex.table("number")
    word = alt(list(table))
    tens = alt([w for w, v in table.items() if v.isdigit() and 20 <= int(v) <= 90])
    ones = alt([w for w, v in table.items() if v.isdigit() and 1 <= int(v) <= 9 and " " not in w
                and w not in ("a", "an")])
    return (
        rf"(?:\d+(?:\.\d+)?(?:\s+1/2|\s+and\s+a\s+half)?"
        rf"|(?:{tens}[\s-]+{ones}|{word}(?:\s+hundred)?)(?:\s+and\s+a\s+half)?)"
    )


def _build(lex: TimeLexicon) -> Grammar:
    month, month_cap = _month_patterns(lex)
    wd_full = [w for w in lex.table("weekday") if len(w) > 4]
    weekday_cap = cap_alt(wd_full)
    number = _number_pattern(lex)
    units = list(lex.table("unit"))
    unit = alt(units + [plural(u) for u in units])
    units_plural = alt([plural(u) for u in units if u not in ("weekend", "fortnight")])
    season = alt(list(lex.table("season")))
    pod = alt(list(lex.table("partofday")))
    dayref = alt(list(lex.table("dayref")))
    refs = alt(list(lex.table("ref")))
    sets = alt(list(lex.table("set")))
    clock_words = alt(list(lex.table("clock")))
    holiday = cap_alt(list(lex.table("holiday")))
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
    year = r"(?:1\d{3}|20\d{2})(?![\d%])"
    ampm = r"(?:[ap]\.\s?m\b\.?|[ap]m\b)"
    tz = r"(?:\s+(?-i:[A-Z]{2,4})\b(?<!\bAP)|\s+local\s+time)?"
    alt_days = (
        rf"(?:\s*,\s*{day})*\s*,?\s+(?:or|and)\s+{day}"
        r"(?!\s*(?:%|percent|per\b|million|billion|[a-z]+s\b))"
    )
    ordinal = alt(list(lex.table("ordinal")))
    quarter_adj = r"(?:fiscal|calendar|year-ago|year-earlier|latest|current|same|comparable)"
    rel = r"(?:this|last|next|past|previous|coming|following|current|same|latest|prior|upcoming)"
    raw: list[tuple[str, str]] = [
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
        ("slash", r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
        (
            "month_day",
            rf"(?:\b(?P<wd>{weekday_cap}),?\s+)?\b(?P<mon>{month})\s*(?P<day>{day})"
            rf"(?P<alts>{alt_days})?(?:\s*,?\s*(?P<year>{year}))?(?!\s*(?:%|percent))",
        ),
        (
            "day_month",
            rf"(?:\b(?P<wd>{weekday_cap}),?\s+)?(?:\bthe\s+)?\b(?P<day>{day})\s+(?:of\s+)?"
            rf"(?P<mon>{month_cap})(?:,?\s+(?P<year>{year}))?",
        ),
        (
            "month_year",
            rf"\b(?P<mon>{month_cap})\s*,?\s+(?:of\s+)?(?:(?P<year>{year})"
            rf"|(?P<rel>this|last|next)\s+year\b)",
        ),
        ("month", rf"(?:\b(?P<rel>last|this|next|past|coming)\s+)?\b(?P<mon>{month_cap})"),
        (
            "year",
            rf"(?:\b(?P<fiscal>fiscal)(?:\s+year)?\s+)?(?<![\w$.,/£€])(?P<year>{year})"
            r"(?!\s*(?:%|percent)|'?s\b|[-/]\d|[.,]\d)",
        ),
        (
            "spoken_year",
            r"\b(?:the\s+year\s+)?(?P<spoken>nineteen[\s-]+\w+(?:[\s-]+\w+)?"
            r"|two\s+thousand(?:\s+and\s+\w+)?)\b",
        ),
        ("decade", r"(?:\bthe\s+)?(?P<cent>1\d|20)(?P<dec>\d)0'?s\b|'(?P<dec2>\d)0s\b"),
        ("century", rf"(?:\bthe\s+)?\b(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ordinal})\s+century\b"),
        (
            "quarter",
            rf"(?:\bthe\s+)?(?:(?P<ypre>\d{{4}}|(?:this|last|next)\s+year's)\s+)?"
            rf"(?P<adj>(?:{quarter_adj}[\s-]+)*)(?P<ord>first|second|third|fourth|final|last"
            r"|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?P<kind>quarter|half)\b(?!s)"
            rf"(?:\s+of\s+(?:(?P<year>{year})|(?P<rel>this|last|next)\s+year\b))?",
        ),
        (
            "period_ref",
            rf"\bthe\s+(?P<adj>(?:(?:{quarter_adj}|most\s+recent|recent|year-before|prior-year)"
            r"[\s-]+)*)(?P<noun>quarter|period|nine\s+months|six\s+months)\b",
        ),
        ("year_ago_adj", r"\b(?:year|quarter)-(?:earlier|ago)\b"),
        (
            "the_unit",
            r"\bthe\s+(?P<adj>(?:full|whole|entire|fiscal|current|calendar)\s+)?"
            r"(?P<unit>year|week|month|weekend)\b",
        ),
        ("rel_unit", rf"(?:\bthe\s+)?\b(?P<rel>{rel})\s+(?P<unit>week|month|year|quarter"
         r"|decade|century|weekend)\b"),
        (
            "n_unit",
            rf"(?:\bthe\s+)?(?:\b(?P<rel>past|last|next|coming|first|previous|final|following"
            rf"|initial|remaining|latest)\s+)?(?<![\w.,])(?P<n>{number})(?P<sep>[\s-]+)"
            r"(?:(?:more|additional|straight|consecutive|full)\s+)?"
            rf"(?P<unit>{unit})(?![\w]|-old|-\w+-old)(?P<orso>\s+or\s+so)?"
            r"(?:\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after))?",
        ),
        (
            "bare_units",
            r"\b(?P<lead>for|within|over|after|in\s+the|took|take|takes|lasted|recent|coming"
            rf"|past)\s+(?P<unit>{units_plural})\b(?:\s+(?P<dir>ago|later|earlier))?",
        ),
        (
            "units_dir",
            rf"\b(?P<unit>{units_plural})\s+(?P<dir>ago|later|earlier)\b",
        ),
        ("weekday", rf"(?:\b(?P<rel>last|this|next|coming|earlier|later|early|late)\s+)?"
         rf"\b(?P<wd>{weekday_cap})(?P<pl>s)?\b(?:\s+(?P<pod>{pod})s?\b)?"),
        ("dayref", rf"(?:\bthe\s+day\s+(?P<ba>before|after)\s+)?\b(?P<w>{dayref})\b"
         rf"(?:\s+(?P<pod>{pod})\b)?"),
        ("this_pod", rf"\b(?P<rel>this|last|later\s+this|earlier\s+this)\s+(?P<pod>{pod})\b"),
        ("clock", rf"\b(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>{ampm}){tz}"),
        ("clock_oclock", r"\b(?P<h>[01]?\d)\s+o'clock\b"),
        ("clock_in_the", rf"\b(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s+in\s+the\s+(?P<pod>{pod})"),
        ("clock_word", rf"\b(?P<w>{clock_words})\b"),
        ("ref", rf"\b(?P<w>{refs})\b(?!-)"),
        ("set_adv", rf"\b(?P<w>{sets})\b"),
        (
            "set_every",
            rf"\b(?P<q>every|each|per)\s+(?P<other>other\s+)?(?:(?P<n>{number})\s+)?"
            rf"(?P<what>{unit}|{weekday_cap}|{month_cap}|{pod})(?![\w])",
        ),
        ("set_times", rf"\b(?:once|twice|{number}\s+times)\s+(?P<a>a|an|per)\s+(?P<unit>{unit})\b"),
        ("holiday", rf"(?:\b(?P<rel>last|next|this)\s+)?(?P<h>{holiday})(?![\w])"),
        (
            "season",
            rf"(?:\b(?P<rel>last|this|next|the|early|late|mid|past)[\s-]+)?\b(?P<s>{season})\b"
            rf"(?:\s+(?:of\s+)?(?P<year>{year}))?",
        ),
    ]
    rules = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in raw)
    return Grammar(month, month_cap, weekday_cap, number, unit, units_plural, rules)


@lru_cache(maxsize=4)
def grammar(lex: TimeLexicon | None = None) -> Grammar:
    return _build(lex or load_lexicon())


def prefix_patterns(lex: TimeLexicon) -> dict[str, re.Pattern[str]]:
    """Words before an expression: narrowing mods (in the extent), quantity mods (in the
    extent of durations) and approximations (outside it)."""
    return {
        "mod": re.compile(rf"\b(?P<w>{alt(list(lex.table('mod')))})(?:\s+|\s*-\s*)$", re.I),
        "quantmod": re.compile(rf"\b(?P<w>{alt(list(lex.table('quantmod')))})\s+$", re.I),
        "approx": re.compile(rf"\b(?P<w>{alt(list(lex.table('approx')))})\s+$", re.I),
    }
