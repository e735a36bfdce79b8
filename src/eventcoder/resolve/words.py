"""Word lists the resolver needs (descriptions, titles, pronouns, locatives), as data."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def word_kinds() -> dict[str, frozenset[str]]:
    """kind -> words, from `resolve/data/descriptions.tsv`."""
    data = resources.files("eventcoder.resolve") / "data" / "descriptions.tsv"
    kinds: dict[str, set[str]] = defaultdict(set)
    lines = [ln for ln in data.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    for line in lines[1:]:
        word, _, kind = line.partition("\t")
        kinds[kind.strip()].add(word.strip().lower())
    return {k: frozenset(v) for k, v in kinds.items()}


def words(kind: str) -> frozenset[str]:
    return word_kinds().get(kind, frozenset())


@lru_cache(maxsize=1)
def offices() -> dict[str, str]:
    """Office noun -> office in the office-holder table ('president' -> 'head of state')."""
    data = resources.files("eventcoder.resolve") / "data" / "offices.tsv"
    lines = [ln for ln in data.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return dict(tuple(ln.split("\t", 1)) for ln in lines[1:])  # type: ignore[misc]
