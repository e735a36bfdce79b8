"""Word lists that the resolver and the events stage read (descriptions, titles, pronouns,
place nouns, weapons...) and the office nouns, from `knowledge/data/`."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from ..datafiles import read_tsv


@lru_cache(maxsize=1)
def word_kinds() -> dict[str, frozenset[str]]:
    """kind -> words, from `knowledge/data/descriptions.tsv`."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for word, kind in read_tsv("eventcoder.knowledge", "descriptions.tsv", ("word", "kind")):
        kinds[kind.strip()].add(word.strip().lower())
    return {k: frozenset(v) for k, v in kinds.items()}


def words(kind: str) -> frozenset[str]:
    """The words of one kind; a kind the file does not have is a mistake in the code."""
    try:
        return word_kinds()[kind]
    except KeyError:
        raise KeyError(f"no word kind {kind!r} in descriptions.tsv; the kinds are "
                       f"{', '.join(sorted(word_kinds()))}") from None


@lru_cache(maxsize=1)
def offices() -> dict[str, str]:
    """Office noun -> office in the office-holder table ('president' -> 'head of state')."""
    rows = read_tsv("eventcoder.knowledge", "offices.tsv", ("noun", "office"))
    return {noun: office for noun, office in rows}
