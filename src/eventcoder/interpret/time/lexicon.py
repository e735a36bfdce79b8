"""The lexicon of the time-expression stage, loaded from `data/time_words.tsv`.

Knowledge (month and weekday names, number words, units, seasons, reference words,
holidays, tense cues) lives in the data file; this module only reads and validates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...datafiles import read_text, tsv_rows

#: Kinds whose entries need a value, and the pattern the value must match.
_VALUE_PATTERNS: dict[str, str] = {
    "month": r"(?:[1-9]|1[0-2])",
    "weekday": r"[1-7]",
    "number": r"(?:\d+|X)",
    "ordinal": r"[1-4]",
    "unit": r"(?:\d*[YMWDQ]|T[HMS]|WE)",
    "season": r"(?:SP|SU|FA|WI)",
    "partofday": r"(?:MO|AF|EV|NI)",
    "clock": r"\d{2}:\d{2}",
    "dayref": r"-?\d+(?: (?:MO|AF|EV|NI))?",
    "ref": r"(?:PAST|PRESENT|FUTURE)_REF",
    "set": r"PT?\d+[YMWDQH]",
    "mod": r"(?:START|MID|END)",
    "quantmod": r"(?:MORE_THAN|LESS_THAN|EQUAL_OR_MORE|EQUAL_OR_LESS|APPROX)",
    "approx": r"APPROX",
    "holiday": (
        r"(?:fixed:\d{2}-\d{2}|nth:\d{1,2}:-?\d:[1-7]|after:\d{1,2}:\d{1,2}:[1-7]"
        r"|easter:-?\d+)"
    ),
}
#: Kinds that are plain word lists.
_WORD_KINDS = {"future", "futureprep", "past"}


@dataclass(eq=False)  # hashed by identity, so grammars can be cached per lexicon
class TimeLexicon:
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)

    def table(self, kind: str) -> dict[str, str]:
        return self.entries.get(kind, {})

    def wordset(self, kind: str) -> set[str]:
        return self.words.get(kind, set())


def parse_lexicon(text: str, origin: str = "<string>") -> TimeLexicon:
    """Parse lexicon lines `kind<TAB>word[<TAB>value]`, raising `DataFileError` on bad ones."""
    lex = TimeLexicon()
    for row in tsv_rows(text, origin, ("kind", "word", "value"), required=1, header=False):
        kind, word, value = row
        if kind in _WORD_KINDS:
            if not word or value:
                raise row.error(f"'{kind}' lines need exactly one word")
            lex.words.setdefault(kind, set()).add(word.lower())
            continue
        pattern = _VALUE_PATTERNS.get(kind)
        if pattern is None:
            raise row.error(f"unknown kind {kind!r}")
        if not word or not value:
            raise row.error(f"'{kind}' lines need a word and a value")
        if not re.fullmatch(pattern, value):
            raise row.error(f"bad value {value!r} for kind {kind!r}")
        lex.entries.setdefault(kind, {})[word.lower()] = value
    return lex


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> TimeLexicon:
    """The shipped lexicon, or the file at `path`."""
    if path is not None:
        return parse_lexicon(read_text(Path(path)), origin=path)
    ref = resources.files("eventcoder.interpret.time").joinpath("data/time_words.tsv")
    return parse_lexicon(ref.read_text(encoding="utf-8"), origin="time_words.tsv")
