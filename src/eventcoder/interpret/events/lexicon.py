"""The trigger lexicon: which words signal which PLOVER type, mode and context.

One entry per line in `interpret/events/data/triggers.tsv`, written by hand (users add
their own files):

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
down), which lets "request + meeting" outrank plain "request"; a word after `+` may list
alternatives (`sell/v + weapon|missile|rifle`: any one of them).

Generated tables follow: `cameo_triggers.tsv`, PETRARCH2's CAMEO verb dictionary mapped
to PLOVER (`scripts/build_cameo_lexicon.py`). Hand-written entries win: a generated entry
is used only for a head lemma that no hand-written table, the package's or a user's, has
(the hand lexicon leaves some words out on purpose, such as a bare "give"), and never
requires a word that hand-written entries trigger on ("complete + withdrawal" would take
'withdrawal' from its own entry). Every entry keeps its `file:line`, so an event's why
names the table it came from (`cameo_triggers.tsv:1930`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from ...annotate import tokens_of
from ...datafiles import DataFileError, read_tsv, read_tsv_file

TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
)
_HEADER = ("pattern", "type", "mode", "context")
#: The hand-written table, then the generated ones (used only for heads it lacks).
HAND_TABLE = "triggers.tsv"
GENERATED_TABLES = ("cameo_triggers.tsv",)


@dataclass(frozen=True)
class Trigger:
    head: str
    pos: str | None  # "VERB", "NOUN" or None for either
    with_head: tuple[str, ...]  # children of the head (particles, compounds)
    requires: tuple[frozenset[str], ...]  # lemmas needed in the head's phrase (any of each)
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
        str, str | None, tuple[str, ...], tuple[frozenset[str], ...]]:
    main, *required = [p.strip() for p in pattern.split("+")]
    words = main.split()
    alternatives = [[a.strip().lower() for a in r.split("|")] for r in required]
    if not words or any(not a for r in alternatives for a in r):
        raise DataFileError(str(path), number, f"empty pattern part in {pattern!r}")
    head_at, pos = 0, None
    for i, word in enumerate(words):
        if word.endswith(("/v", "/n")):
            head_at, pos = i, "VERB" if word.endswith("/v") else "NOUN"
    plain = [w.split("/")[0].lower() for w in words]
    head = plain.pop(head_at)
    return head, pos, tuple(plain), tuple(frozenset(r) for r in alternatives)


Table = dict[str, dict[str, Trigger]]  # head lemma -> pattern -> entry


def _first_part(token: Token) -> Token | None:
    """The first part of the hyphenated word a token ends ('cease' of 'cease-fire', which
    the parse splits into 'cease', '-', 'fire'), or None."""
    i = token.i
    if i < 2:
        return None
    tokens = tokens_of(token.doc)
    dash, first = tokens[i - 1], tokens[i - 2]
    return first if dash.text == "-" and not dash.whitespace_ and not first.whitespace_ \
        else None


def keys_of(token: Token) -> tuple[str, ...]:
    """The heads a token can fire: its hyphenated word ('cease-fire'), its lemma and its
    word."""
    keys = (token.lemma_.lower(), token.lower_)
    first = _first_part(token)
    return keys if first is None else (f"{first.lower_}-{keys[0]}", *keys)


def word_start(token: Token) -> int:
    """Where the token's word starts in the text: a hyphenated word at its first part."""
    first = _first_part(token)
    return token.idx if first is None else first.idx


def entries_for(token: Token, lexicon: dict[str, list[Trigger]]) -> list[Trigger]:
    """Every entry whose head is one of the token's keys (`keys_of`), the first key's
    first."""
    return [t for key in keys_of(token) for t in lexicon.get(key, [])]


def _read(path: Path, into: Table) -> None:
    """Add a table's entries; an entry replaces one of the same pattern read before."""
    for row in read_tsv_file(path, _HEADER, required=2):
        pattern, type_, mode, context = (cell.strip() for cell in row)
        if type_ not in TYPES:
            raise row.error(f"unknown PLOVER type {type_!r}")
        head, pos, with_head, requires = _parse_pattern(pattern, path, row.line)
        trigger = Trigger(head, pos, with_head, requires, type_, mode or None,
                          tuple(c for c in context.split("|") if c), f"{path.name}:{row.line}",
                          pattern)
        bucket = into[head]
        bucket.pop(pattern, None)  # the newer entry goes last, as if read in that order
        bucket[pattern] = trigger


def _read_packaged(name: str, into: Table) -> None:
    data = resources.files("eventcoder.interpret.events") / "data" / name
    with resources.as_file(data) as path:
        _read(path, into)


@lru_cache(maxsize=8)
def load_triggers(extra: tuple[Path, ...] = ()) -> dict[str, list[Trigger]]:
    """Head lemma -> triggers, most specific first: the hand-written table and the user's
    files `extra` (later entries replace earlier ones of the same pattern), then, for head
    lemmas none of these has, the generated tables."""
    triggers: Table = defaultdict(dict)
    _read_packaged(HAND_TABLE, triggers)
    for path in extra:
        _read(path, triggers)
    hand = frozenset(triggers)
    for name in GENERATED_TABLES:
        generated: Table = defaultdict(dict)
        _read_packaged(name, generated)
        for head, bucket in generated.items():
            if head in triggers:
                continue  # the hand lexicon's, or an earlier generated table's
            kept = [t for t in (_without(hand, t) for t in bucket.values()) if t]
            if kept:
                triggers[head] = {t.pattern: t for t in kept}
    return {head: sorted(bucket.values(), key=lambda t: -t.specificity)
            for head, bucket in triggers.items()}


def _without(heads: frozenset[str], trigger: Trigger) -> Trigger | None:
    """A generated entry without the words it requires that hand-written entries trigger
    on ("complete + withdrawal": 'withdrawal' is the hand lexicon's), which it would
    otherwise take from them; None when a required word has no other alternative."""
    requires = tuple(r - heads for r in trigger.requires)
    if not all(requires):
        return None
    return trigger if requires == trigger.requires else replace(trigger, requires=requires)


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
