"""Matching the trigger lexicon on the parse: which entry a word fires, and which words
of its phrase the entry used."""

from __future__ import annotations

from spacy.tokens import Token

from ...knowledge.words import words
from .lexicon import Trigger, entries_for

_QUOTES = "\"“”«»"


def phrase_of(token: Token, depth: int = 3) -> list[Token]:
    """The head's phrase without its subject: objects, complements, prepositional objects."""
    out, frontier = [], [token]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj", "punct", "cc"):
                    continue
                out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


def match_trigger(token: Token, lexicon: dict[str, list[Trigger]]) -> tuple[Trigger,
                                                                         list[Token]] | None:
    """The most specific lexicon entry for a token, and the tokens it consumed."""
    lemma = token.lemma_.lower()
    candidates = lexicon.get(lemma) or lexicon.get(token.lower_)
    if not candidates:
        return None
    # "the White House press secretary": a word tagged a verb but used as a modifier
    is_verb = token.pos_ in ("VERB", "AUX") and token.dep_ not in ("compound", "amod", "nmod")
    is_noun = token.pos_ in ("NOUN", "PROPN")
    if not (is_verb or is_noun) or is_noun and _names_a_thing(token, lexicon):
        return None
    children = list(token.children)
    phrase: list[Token] | None = None
    words: set[str] = set()  # the phrase's lemmas and words
    for trigger in candidates:
        if trigger.pos == "VERB" and not is_verb or trigger.pos == "NOUN" and not is_noun:
            continue
        used: list[Token] = []
        if not all(_child_lemma(children, frozenset((w,)), used) for w in trigger.with_head):
            continue
        if trigger.requires:
            if phrase is None:
                phrase = phrase_of(token)
                words = {t.lemma_.lower() for t in phrase} | {t.lower_ for t in phrase}
            # most entries fail here, at a glance, before the careful check below
            if not all(w & words for w in trigger.requires) \
                    or not all(_child_lemma(phrase, w, used) for w in trigger.requires):
                continue
        return trigger, used
    return None


#: Named things whose words are no acts ("the Freedom Order", "the Press Act").
_THING_ENTITIES = frozenset({"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "ORG"})


def _names_a_thing(noun: Token, lexicon: dict[str, list[Trigger]]) -> bool:
    """A noun that only modifies an act of its own ('peace talks': the talks are the act),
    or a word of a name ('the Freedom Order')."""
    head = noun.head
    return noun.dep_ == "compound" and head.pos_ == "NOUN" and bool(entries_for(head, lexicon)) \
        or noun.pos_ == "PROPN" and noun.ent_type_ in _THING_ENTITIES


#: Words that make a phrasal verb only as its particle: "give in" but not "gave speeches in
#: May", "back down" but not "down the road".
_PARTICLES = frozenset({"in", "out", "up", "down", "off", "back", "away"})


def _child_lemma(tokens: list[Token], lemmas: frozenset[str], used: list[Token]) -> bool:
    """Whether one of the tokens has one of the lemmas (noting it in `used`)."""
    particle = not lemmas.isdisjoint(_PARTICLES)
    for t in tokens:
        if t.dep_ == "aux" and t.tag_ == "TO":
            continue  # "to protest against": the infinitive's "to", not "protest to X"
        if particle and t.dep_ == "prep" and any(c.dep_ == "pobj" for c in t.children):
            continue
        # "called Morrison on Wednesday": a phrase of time is not the verb's own preposition
        if t.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME")
                                    for c in t.children):
            continue
        if t.lemma_.lower() in lemmas or t.lower_ in lemmas:
            used.append(t)
            return True
    return False


def in_scare_quotes(token: Token) -> bool:
    """'its “assault”': a word in quotes of its own is the outlet's irony, not an event."""
    doc, i = token.doc, token.i
    return (0 < i < len(doc) - 1 and doc[i - 1].text in _QUOTES and doc[i + 1].text in _QUOTES)


def type_of_act(act: Token, lexicon: dict[str, list[Trigger]]) -> tuple[str | None, str]:
    """The type the lexicon gives a word of an act, and the entry: its matching entry, or
    else the one type of all its entries ('the release of two fishermen': every 'release'
    is RETREAT)."""
    match = match_trigger(act, lexicon)
    if match is not None:
        return match[0].type, match[0].pattern
    entries = lexicon.get(act.lemma_.lower(), [])
    types = {e.type for e in entries}
    return (types.pop(), entries[0].head) if len(types) == 1 else (None, "")


#: Cooperation that, stopped, is a SANCTION, with its mode (CAMEO 162 'reduce or stop aid',
#: 164-165 'halt negotiations, mediation' -> PLOVER SANCTION discontinue / withdraw).
STOPPED = {"AID": "discontinue", "COOPERATE": "discontinue", "CONSULT": "withdraw"}


def stopped_cooperation(token: Token, lexicon: dict[str, list[Trigger]]) -> tuple[
        Trigger, list[Token]] | None:
    """'suspended food supplies to Armenia', 'ended mediation efforts': a verb of stopping
    whose object is cooperation, where no lexicon entry reads the pair, is a SANCTION."""
    if token.pos_ not in ("VERB", "NOUN") or token.lemma_.lower() not in words("stop"):
        return None
    # a verb's object, or a noun's 'of' phrase ("a suspension of aid to Egypt")
    objects = [c for c in token.children if c.dep_ == "dobj"] if token.pos_ == "VERB" else [
        o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children if o.dep_ == "pobj"]
    for obj in (o for c in objects for o in (c, *c.conjuncts)):
        type_, entry = type_of_act(obj, lexicon)
        # "mediation efforts": the act may be the object's modifier
        if type_ not in STOPPED:
            modifiers = [c for c in obj.children if c.dep_ in ("compound", "amod")]
            found = [(m, *type_of_act(m, lexicon)) for m in modifiers]
            found = [f for f in found if f[1] in STOPPED]
            if not found:
                continue
            obj, type_, entry = found[0]
        assert type_ is not None
        trigger = Trigger(token.lemma_.lower(), token.pos_, (), (), "SANCTION", STOPPED[type_], (),
                          f"rule: {type_} stopped", f"{token.lemma_.lower()} + {entry}")
        return trigger, [obj]
    return None
