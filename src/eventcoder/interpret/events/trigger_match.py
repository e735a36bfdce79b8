"""Matching the trigger lexicon on the parse: which entry a word fires, and which words
of its phrase the entry used."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Trigger

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
    if not (is_verb or is_noun):
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
        if t.lemma_.lower() in lemmas or t.lower_ in lemmas:
            used.append(t)
            return True
    return False


def in_scare_quotes(token: Token) -> bool:
    """'its “assault”': a word in quotes of its own is the outlet's irony, not an event."""
    doc, i = token.doc, token.i
    return (0 < i < len(doc) - 1 and doc[i - 1].text in _QUOTES and doc[i + 1].text in _QUOTES)
