"""The trigger lexicon: which words signal which PLOVER type, mode and context.

One entry per line in `interpret/events/data/triggers.tsv` (users add their own files):

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

from ...datafiles import DataFileError, read_tsv, read_tsv_file

TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
)
_HEADER = ("pattern", "type", "mode", "context")


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
        raise DataFileError(str(path), number, f"empty pattern part in {pattern!r}")
    head_at, pos = 0, None
    for i, word in enumerate(words):
        if word.endswith(("/v", "/n")):
            head_at, pos = i, "VERB" if word.endswith("/v") else "NOUN"
    plain = [w.split("/")[0].lower() for w in words]
    head = plain.pop(head_at)
    return head, pos, tuple(plain), tuple(r.lower() for r in required)


def _read(path: Path, into: dict[str, list[Trigger]]) -> None:
    for row in read_tsv_file(path, _HEADER, required=2):
        pattern, type_, mode, context = (cell.strip() for cell in row)
        if type_ not in TYPES:
            raise row.error(f"unknown PLOVER type {type_!r}")
        head, pos, with_head, requires = _parse_pattern(pattern, path, row.line)
        trigger = Trigger(head, pos, with_head, requires, type_, mode or None,
                          tuple(c for c in context.split("|") if c), f"{path.name}:{row.line}",
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
    rows = read_tsv("eventcoder.interpret.events", "plover_scores.tsv", ("type", "mode", "score"))
    scores = {}
    for row in rows:
        try:
            scores[(row["type"], row["mode"] or None)] = float(row["score"])
        except ValueError as exc:
            raise row.error(f"score {row['score']!r} is not a number") from exc
    return Score(scores)
