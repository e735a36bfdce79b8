"""Word lists the resolver needs (descriptions, titles, pronouns, locatives), as data."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..datafiles import data_rows


@lru_cache(maxsize=1)
def word_kinds() -> dict[str, frozenset[str]]:
    """kind -> words, from `resolve/data/descriptions.tsv`."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for word, kind in data_rows("eventcoder.resolve", "descriptions.tsv"):
        kinds[kind.strip()].add(word.strip().lower())
    return {k: frozenset(v) for k, v in kinds.items()}


def words(kind: str) -> frozenset[str]:
    return word_kinds().get(kind, frozenset())


@lru_cache(maxsize=1)
def offices() -> dict[str, str]:
    """Office noun -> office in the office-holder table ('president' -> 'head of state')."""
    return {noun: office for noun, office in data_rows("eventcoder.resolve", "offices.tsv")}
