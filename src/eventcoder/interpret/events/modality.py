"""Modality: is an event asserted, intended, requested, hypothetical or negated?

Read off the words that govern the event's word: auxiliaries ("will"), negations ("not"),
subordinators ("if"), and the verbs it is the complement of ("wants to", "refused to").
The words are data (`interpret/events/data/modality.tsv`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast, get_args

from spacy.tokens import Token

from ...datafiles import read_tsv
from ...model import Modality

#: Dependencies that lead from an event's word up to the verb it is the complement of.
COMPLEMENT_DEPS = ("xcomp", "pobj", "dobj", "prep", "ccomp")
#: Dependencies that open a clause of its own.
CLAUSE_DEPS = ("ccomp", "advcl", "relcl", "acl", "parataxis")


#: How a word of `modality.tsv` governs an event: a verb it is the complement of ("wants
#: to"), a verb it is the to-infinitive of ("has to", but not "has talks"), a verb that
#: refuses it ("refused to"), an auxiliary ("will"), a subordinator ("if"), a negation
#: ("not").
HOWS = ("verb", "verb-to", "refuse", "aux", "mark", "neg")


@dataclass(frozen=True)
class ModalWord:
    how: str
    modality: Modality


@lru_cache(maxsize=1)
def modal_words() -> dict[str, ModalWord]:
    out = {}
    for row in read_tsv("eventcoder.interpret.events", "modality.tsv",
                        ("word", "how", "modality")):
        if row["how"] not in HOWS:
            raise row.error(f"how {row['how']!r} is not one of {', '.join(HOWS)}")
        if row["modality"] not in get_args(Modality):
            raise row.error(f"modality {row['modality']!r} is not one of "
                            f"{', '.join(get_args(Modality))}")
        out[row["word"]] = ModalWord(row["how"], cast(Modality, row["modality"]))
    return out


def governors(token: Token) -> list[Token]:
    """The verbs the trigger is a complement of, nearest first ('wants to ease')."""
    out, current = [], token
    while current.dep_ in COMPLEMENT_DEPS and current.head is not current:
        current = current.head
        if current.dep_ == "ROOT" and current.pos_ not in ("VERB", "AUX"):
            break
        out.append(current)
        if len(out) > 4:
            break
    return out


def modality_of(token: Token) -> tuple[Modality, str]:
    words = modal_words()
    for child in token.children:
        w = words.get(child.lower_)
        if w and w.how == "neg" and child.dep_ == "neg":
            return "negated", f"negation '{child.text}'"
    for child in token.children:
        w = words.get(child.lower_)
        if w and w.how == "aux" and child.dep_ in ("aux", "auxpass"):
            return w.modality, f"auxiliary '{child.text}'"
    clause = token
    while clause.dep_ not in ("ROOT", *CLAUSE_DEPS) and clause.head is not clause:
        clause = clause.head
    for child in clause.children:
        w = words.get(child.lower_)
        if w and w.how == "mark" and child.dep_ == "mark":
            return w.modality, f"'{child.text}' clause"
    for below, gov in zip([token, *governors(token)], governors(token), strict=False):
        w = words.get(gov.lemma_.lower())
        if w and (w.how in ("verb", "refuse") or w.how == "verb-to" and below.dep_ == "xcomp"):
            if any(words.get(c.lower_, ModalWord("", "asserted")).how == "neg" and c.dep_ == "neg"
                   for c in gov.children):
                return "negated", f"negated '{gov.text}'"
            return w.modality, f"complement of '{gov.text}'"
        for child in gov.children:
            cw = words.get(child.lower_)
            if cw and cw.how == "aux" and child.dep_ == "aux":
                return cw.modality, f"auxiliary '{child.text}' on '{gov.text}'"
    return "asserted", ""


def condition_clause(token: Token) -> str | None:
    """The condition an event is put as, if any: a clause it is in that opens with a
    conditional word ("if Peru attacks, Chile will respond", "unless the troops leave"),
    at any depth. A condition the parse hung on the main verb ("If" a child of "respond")
    still runs from its word to the comma before that verb."""
    current = token
    while current.head.i != current.i:
        if current.dep_ in CLAUSE_DEPS:
            mark = next((c for c in current.children if _condition_mark(c)), None)
            if mark is not None:
                return f"'{mark.text}' clause"
        current = current.head
    for mark in (t for t in token.sent if t.i < token.i and _condition_mark(t)):
        comma = next((t for t in token.doc[mark.i + 1:mark.head.i] if t.text == ","), None)
        if comma is not None and token.i < comma.i:
            return f"'{mark.text}' clause"
    return None


def _condition_mark(token: Token) -> bool:
    w = modal_words().get(token.lower_)
    return (token.dep_ == "mark" and w is not None and w.how == "mark"
            and w.modality == "hypothetical")


def refusal(token: Token) -> str | None:
    """How an event is refused, if it is: by a verb of refusal it is the complement of
    ("declined to send aid") or a negated will ("will not withdraw", "won't meet"). A
    plain negation ("did not withdraw") tells that something did not happen, no refusal."""
    words = modal_words()
    for gov in governors(token):
        w = words.get(gov.lemma_.lower())
        if w is not None and w.how in ("verb", "refuse"):
            return f"refused ('{gov.text}')" if w.how == "refuse" else None
    negated = any(c.dep_ == "neg" for c in token.children)
    will = next((c for c in token.children if c.dep_ == "aux"
                 and c.lemma_.lower() in ("will", "would")), None)
    if negated and will is not None:
        return f"refused ('{will.text} not')"
    return None


def passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def conditional(token: Token) -> bool:
    """Is the event made to hang on an 'unless' clause ('will withdraw unless ...')?"""
    for t in [token, *governors(token)]:
        for clause in t.children:
            if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "unless"
                                              for c in clause.children):
                return True
    return False
