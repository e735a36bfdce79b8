"""The trigger lexicon: which words signal which PLOVER type, mode and context.

One entry per line in `interpret/data/triggers.tsv` (users add their own files):

    pattern                 type      mode        context
    demand                  REQUEST   change
    request + meeting       REQUEST   meet        diplomatic
    call for                REQUEST
    peace talk/n            CONSULT               diplomatic
    summon + ambassador     ACCUSE    disapprove  diplomatic

A pattern is lemmas. The head is the word marked `/v` (verb) or `/n` (noun), or else the
first word, which may then be a verb or a noun; the other words before `+` must be
children of the head (particles, prepositions, compound nouns). Each word after `+` must be
a lemma in the head's phrase (object, complement, prepositional object, up to two levels
down), which lets "request + meeting" outrank plain "request".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...datafiles import data_rows

TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
)
_HEADER = ("pattern", "type", "mode", "context")


class LexiconError(ValueError):
    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")


@dataclass(frozen=True)
class Trigger:
    head: str
    pos: str | None  # "VERB", "NOUN" or None for either
    with_head: tuple[str, ...]  # children of the head (particles, compounds)
    requires: tuple[str, ...]  # lemmas needed in the head's phrase
    type: str
    mode: str | None
    context: tuple[str, ...]
    source: str  # file:line
    pattern: str

    @property
    def specificity(self) -> int:
        return 2 * len(self.requires) + len(self.with_head)


@dataclass(frozen=True)
class Score:
    by_mode: dict[tuple[str, str | None], float]

    def __call__(self, type_: str, mode: str | None) -> float | None:
        return self.by_mode.get((type_, mode), self.by_mode.get((type_, None)))


def _parse_pattern(pattern: str, path: Path, number: int) -> tuple[
        str, str | None, tuple[str, ...], tuple[str, ...]]:
    main, *required = [p.strip() for p in pattern.split("+")]
    words = main.split()
    if not words or any(not r for r in required):
        raise LexiconError(str(path), number, f"empty pattern part in {pattern!r}")
    head_at, pos = 0, None
    for i, word in enumerate(words):
        if word.endswith(("/v", "/n")):
            head_at, pos = i, "VERB" if word.endswith("/v") else "NOUN"
    plain = [w.split("/")[0].lower() for w in words]
    head = plain.pop(head_at)
    return head, pos, tuple(plain), tuple(r.lower() for r in required)


def _read(path: Path, into: dict[str, list[Trigger]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    if not rows or tuple(c.strip() for c in rows[0][1].split("\t")) != _HEADER:
        raise LexiconError(str(path), rows[0][0] if rows else 0,
                           f"header must be {' '.join(_HEADER)} (tab-separated)")
    for number, line in rows[1:]:
        cells = [c.strip() for c in line.split("\t")] + ["", ""]
        pattern, type_, mode, context = cells[:4]
        if type_ not in TYPES:
            raise LexiconError(str(path), number, f"unknown PLOVER type {type_!r}")
        head, pos, with_head, requires = _parse_pattern(pattern, path, number)
        trigger = Trigger(head, pos, with_head, requires, type_, mode or None,
                          tuple(c for c in context.split("|") if c), f"{path.name}:{number}",
                          pattern)
        bucket = into[head]
        bucket[:] = [t for t in bucket if t.pattern != pattern] + [trigger]


@lru_cache(maxsize=8)
def load_triggers(extra: tuple[Path, ...] = ()) -> dict[str, list[Trigger]]:
    """Head lemma -> triggers, most specific first."""
    triggers: dict[str, list[Trigger]] = defaultdict(list)
    data = resources.files("eventcoder.interpret.events") / "data" / "triggers.tsv"
    with resources.as_file(data) as path:
        _read(path, triggers)
    for path in extra:
        _read(path, triggers)
    for bucket in triggers.values():
        bucket.sort(key=lambda t: -t.specificity)
    return dict(triggers)


@lru_cache(maxsize=1)
def load_scores() -> Score:
    return Score({(type_, mode or None): float(score) for type_, mode, score
                  in data_rows("eventcoder.interpret.events", "plover_scores.tsv")})
