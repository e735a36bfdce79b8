"""Names that act: the proper-noun subject of a verb is an actor even where spaCy saw no
person or organisation in it, or took a surname for a place ('Uribe defended ...',
'Dehghan refused ...', 'The NCB ordered ...')."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..annotate import text_of, tokens_of
from ..knowledge.base import KnowledgeBase
from ..knowledge.names import lookup_key
from ..knowledge.towns import town_country
from ..knowledge.words import words
from .dateline import dateline_end
from .matching import Candidate

#: Entity labels that are never actors, whatever the parse says ('The Affordable Care Act
#: made deals ...').
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                        "QUANTITY", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "LANGUAGE"})


def _name_of(token: Token) -> tuple[int, int]:
    """The token span of a proper-noun subject with the proper nouns compounded to it."""
    start = token.i
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < start:
            start = child.i
    return start, token.i + 1


def named_subjects(doc: Doc, taken: set[int], kb: KnowledgeBase) -> list[Candidate]:
    """Capitalised proper nouns that are the subject of a verb and that no earlier rule
    took: an organisation when written as an acronym, else a person."""
    found = []
    filed_at = dateline_end(text_of(doc))  # 'THE HAGUE, Netherlands --' is no actor
    for token in tokens_of(doc):
        if token.idx < filed_at:
            continue
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.head.pos_ not in (
                "VERB", "AUX") or token.ent_type_ in _NOT_NAMES:
            continue
        start, end = _name_of(token)
        span = doc[start:end]
        text = span.text
        if any(t.i in taken for t in span) or not text[:1].isupper() or not all(
                t.text.replace("-", "").replace(".", "").isalpha() for t in span):
            continue
        # a people, a town that says, or a capitalised noun of a role ("Israel's Cabinet")
        if lookup_key(text) in kb.demonyms or town_country(text) or any(
                lookup_key(t.text) in kb.sector_nouns or t.lower_ in words("title")
                for t in span):
            continue
        why = f"'{text}' acts as the subject of '{token.head.text}'"
        if text.isupper() and len(text) >= 2:
            found.append(Candidate(start, end, "name", org=text,
                                   why=[f"organisation {why} (an acronym spaCy missed)"]))
        else:
            found.append(Candidate(start, end, "name", person=text,
                                   why=[f"person {why} (a name spaCy missed)"]))
    return found
