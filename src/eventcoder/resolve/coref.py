"""In-document references: pronouns that are subjects, and descriptions such as
"the Putin ally" that name a person by reference to another."""

from __future__ import annotations

from bisect import insort

from spacy.tokens import Doc

from ..annotate import sentences, tokens_of
from ..knowledge.words import words
from .matching import Candidate

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: How many sentences back a pronoun or description looks for its person.
_LOOKBACK_SENTENCES = 3


def _antecedent(person_mentions: list[Candidate], before: int, sent_of: list[int],
                exclude: set[str], doc: Doc) -> Candidate | None:
    """The person a reference at token `before` most likely means: the subject of the
    nearest earlier sentence that has one, else the nearest person."""
    here = sent_of[before]
    candidates = []
    for f in reversed(person_mentions):  # sorted by start: stop once too far back
        if f.start >= before:
            continue
        if here - sent_of[f.start] > _LOOKBACK_SENTENCES:
            break
        if _identity(f) not in exclude:
            candidates.append(f)
    candidates.reverse()
    if not candidates:
        return None
    for sentence in sorted({sent_of[f.start] for f in candidates}, reverse=True):
        in_sentence = [f for f in candidates if sent_of[f.start] == sentence]
        subjects = [f for f in in_sentence if doc[f.start:f.end].root.dep_ in _SUBJECT_DEPS]
        return (subjects or in_sentence)[-1 if not subjects else 0]
    return None


def _start(f: Candidate) -> int:
    return f.start


def _identity(f: Candidate) -> str:
    while f.link is not None:
        f = f.link
    if f.entity is not None:
        return f.entity.id
    return f.person or ""


def link_references(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """Pronoun and description mentions, each linked to the mention it refers to."""
    sent_of = sentences(doc).of_token
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    epithets, pronouns = words("epithet"), words("pronoun")
    group_pronouns = words("group_pronoun")
    refs: list[Candidate] = []
    people = sorted((f for f in found if f.is_person and not f.absorbed), key=lambda f: f.start)
    groups = sorted((f for f in found if not f.is_person and not f.absorbed
                     and f.kind in ("name", "metonym", "role")
                     and (f.entity is None or f.entity.kind != "outlet")),
                    key=lambda f: f.start)
    for token in tokens_of(doc):
        if token.dep_ in _SUBJECT_DEPS and token.lower_ in pronouns | group_pronouns:
            # "he" and "she" are people; "it" and "they" countries, organisations, groups
            pool = people if token.lower_ in pronouns else groups
            target = _antecedent(pool, token.i, sent_of, set(), doc)
            if target is not None:
                kind = "person" if pool is people else "non-person"
                refs.append(Candidate(token.i, token.i + 1, "pronoun", link=target,
                                  why=[f"pronoun subject -> '{doc[target.start:target.end]}'"
                                       f" (nearest earlier {kind} subject)"]))
                # a resolved reference can be an antecedent in turn; lists stay in text order
                insort(groups if pool is groups else people, refs[-1], key=_start)
        elif token.lemma_.lower() in epithets and token.pos_ == "NOUN":
            named = [by_token[c.i] for c in token.children
                     if c.i in by_token and by_token[c.i].is_person
                     and c.dep_ in ("compound", "poss", "nmod")]
            if not named:
                continue
            exclude = {_identity(n) for n in named}
            for n in named:
                n.absorbed = True
            target = _antecedent(people, token.i, sent_of, exclude, doc)
            if target is not None:
                start = token.left_edge.i
                refs.append(Candidate(start, token.i + 1, "description", link=target,
                                  why=[f"description '{doc[start:token.i + 1]}' -> "
                                       f"'{doc[target.start:target.end]}' (nearest earlier "
                                       "person other than the one named)"]))
                insort(people, refs[-1], key=_start)
    return refs


def countries_from_possessors(doc: Doc, found: list[Candidate]) -> None:
    """'Bosnian Croats said their forces had withdrawn': a group owned by a pronoun takes
    the country of the pronoun's antecedent."""
    sent_of = sentences(doc).of_token
    known = sorted((f for f in found if not f.absorbed and f.kind != "pronoun"
                    and _country_of(f)), key=_start)
    for role in found:
        if role.kind != "role" or role.country is not None:
            continue
        owner = next((c for c in doc[role.end - 1].children if c.dep_ == "poss"
                      and c.lower_ in words("possessive")), None)
        if owner is None:
            continue
        people_only = owner.lower_ in words("person_possessive")
        pool = [f for f in known if f.is_person == people_only and f.start < owner.i]
        target = _antecedent(pool, owner.i, sent_of, set(), doc)
        if target is not None:
            role.country = _country_of(target)
            role.why.append(f"country {role.country} of '{owner.text}' -> "
                            f"'{doc[target.start:target.end]}'")


def _country_of(f: Candidate) -> str | None:
    while f.link is not None:
        f = f.link
    return f.country
