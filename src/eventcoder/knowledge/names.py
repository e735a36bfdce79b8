"""Name keys: exact lookup keys and transliteration-aware keys for fuzzy comparison."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from ..datafiles import read_tsv


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
def lookup_key(text: str) -> str:
    """The key names are looked up by: lower case, no accents, one space, no leading 'the'."""
    key = " ".join(strip_accents(text).lower().replace("’", "'").split())
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=1)
def _folds() -> tuple[tuple[str, str], ...]:
    rows = read_tsv("eventcoder.knowledge", "transliteration.tsv", ("from", "to"), required=1)
    return tuple((row["from"], row["to"]) for row in rows)


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A spelling-neutral form: Lukashenka/Лукашенко/Lukashenko and Zelenskyy/Zelensky close."""
    key = strip_accents(name).lower()
    for source, target in _folds():
        key = key.replace(source, target)
    return " ".join(key.split())


def name_similarity(a: str, b: str) -> float:
    """0-100 similarity of two names after transliteration folding."""
    return fuzz.ratio(translit_key(a), translit_key(b))
