"""Which way a bare date leans: the tense of the clause a time expression sits in.

"on Tuesday" in "the minister met ... on Tuesday" is the Tuesday before publication; in
"the minister will meet ... on Tuesday" the one after. With a spaCy parse we read the
verb the expression hangs on; without one, cue words of its sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from .calendar import Tense
from .lexicon import TimeLexicon

_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[A-Z\"“‘(])|\n\s*\n")
_WORD = re.compile(r"[A-Za-z']+")
#: Verbs that report speech: a present "says" does not make the reported date future.
_REPORTING = {"say", "tell", "report", "announce", "add", "note", "confirm", "claim"}


@lru_cache(maxsize=4)
def _prep_pattern(words: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])
    return re.compile(rf"\b(?:{alts})\s+(?:on\s+|in\s+)?{_CLOCK_GAP}$", re.IGNORECASE)


#: A clock time between a forward-pointing word and the date: "until 9 a.m. Tuesday".
_CLOCK_GAP = r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\.?\s+(?:[A-Z]{2,4}\s+)?|noon\s+|midnight\s+)?"
#: Dependencies that put a date inside a noun phrase ("Wednesday's ruling"): no clause tense.
_NOMINAL = {"poss", "compound", "nmod", "amod", "nummod", "appos"}


def clause_tense(text: str, start: int, end: int, doc: Doc | None, lex: TimeLexicon) -> Tense:
    """'past', 'future' or None (unknown) for the expression at text[start:end]."""
    tense: str | None = None
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            tense = _parse_tense(span.root, lex)
    else:
        tense = _text_tense(text, start, end, lex)
    before = text[max(0, start - 40) : start]
    if tense != "past" and _prep_pattern(frozenset(lex.wordset("futureprep"))).search(before):
        return "future"  # "by Friday", "as early as Tuesday", unless plainly past
    return "past" if tense == "perfect" else tense  # type: ignore[return-value]


def _governing_verb(token: Token) -> Token | None:
    for _ in range(5):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _parse_tense(root: Token, lex: TimeLexicon) -> str | None:
    """'past', 'perfect' (has/have + participle), 'future' or None, from the parse."""
    if root.dep_ in _NOMINAL:
        return None
    future = lex.wordset("future")
    verb = _governing_verb(root)
    for _ in range(3):  # climb out of infinitives: "is scheduled to meet", "plans to visit"
        if verb is None:
            return None
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        aux_words = {a.lower_ for a in auxes}
        if aux_words & future or (verb.lower_ in future and verb.dep_ != "acl"):
            return "future"
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return "past"
        if any(a.lemma_ == "have" for a in auxes):
            return "perfect"
        if "to" in aux_words and verb.head is not verb:
            head = verb.head
            if head.lemma_ in future or head.lower_ in future:
                return "future"
            verb = _governing_verb(head)
            continue
        if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ not in _REPORTING:
            return "future"  # "the summit opens Monday"
        if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "future"  # "he is travelling Thursday"
        return None
    return None


def _text_tense(text: str, start: int, end: int, lex: TimeLexicon) -> Tense:
    lo = max(0, start - 200)
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    sent_start = cuts[-1] if cuts else lo
    stop = _SENTENCE_END.search(text, end)
    sent_end = stop.start() if stop else min(len(text), end + 200)
    words = [w.lower() for w in _WORD.findall(text[sent_start:sent_end])]
    if any(w in lex.wordset("future") for w in words):
        return "future"
    if any(w in lex.wordset("past") or (w.endswith("ed") and len(w) > 4) for w in words):
        return "past"
    return None
