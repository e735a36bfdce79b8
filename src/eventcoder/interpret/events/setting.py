"""When and where an event happened: the time expression and the place its clause
governs, else the publication date (marked as a fallback) and no place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Token

from ...actor_ids import country_of
from ...knowledge.words import words
from ...model import Span, TimeExpression
from ..attribution.lexicon import load_lexicon
from .article_index import ArticleIndex
from .modality import CLAUSE_DEPS, governors
from .plover_rules import LOCATIVE_PREPS

#: How many days before the publication date an event is news of the article's days.
NEWS_DAYS = 7
#: Values of times said relative to the article's day ("on Tuesday", "yesterday", "last
#: week") that could not be anchored (no publication date): news by their wording.
_DEICTIC = re.compile(r"XXXX-(XX-XX|WXX(-\d)?)(T.*)?$")


@dataclass(frozen=True)
class EventDate:
    """A TIMEX3 value with its alternatives ('October 6, 8, or 9') and its words; or the
    publication date, as a fallback, with no words."""

    value: str | None
    alternatives: list[str] = field(default_factory=list)
    span: Span | None = None
    fallback: bool = False


@dataclass(frozen=True)
class EventPlace:
    """The words naming where an event happened, and their country when known."""

    text: str
    span: Span
    country: str | None


def governs(trigger: Token, token: Token) -> bool:
    """Is `token` in the trigger's own clause (not inside a nested clause)?"""
    current = token
    for _ in range(12):
        if current == trigger:
            return True
        if current.dep_ in CLAUSE_DEPS and current.head is not current:
            # a clause of its own, unless it hangs off the trigger itself
            return current.head == trigger and current.dep_ == "advcl"
        if current.head is current:
            return False
        current = current.head
    return False


def date_of(index: ArticleIndex, token: Token, published: date | None) -> EventDate:
    for head in [token, *governors(token)]:
        for anchored in index.times_of(token):
            time_token, timex = anchored.token, anchored.item
            if time_token.dep_ in ("poss", "compound", "amod"):
                continue  # "next year's elections": the date of the elections
            if timex.type in ("DATE", "TIME") and governs(head, time_token):
                return EventDate(timex.value, timex.alternatives, timex.span)
    return EventDate(published.isoformat() if published else None, fallback=True)


def news_time(index: ArticleIndex, clause: Token, published: date | None) -> str | None:
    """The time expression of a clause ('after troops shelled villages on Tuesday') that
    dates it to the article's days, the `NEWS_DAYS` up to the publication date: such a
    clause reports news, not older history."""
    for anchored in index.times_of(clause):
        timex = anchored.item
        if timex.type in ("DATE", "TIME") and governs(clause, anchored.token) \
                and recent(timex, published):
            return timex.span.text
    return None


def recent(timex: TimeExpression, published: date | None) -> bool:
    """Does a time fall in the article's days: a day, week or month that meets the
    `NEWS_DAYS` up to publication, or the present; without a publication date, a time
    said relative to it ('on Tuesday', 'last week')?"""
    value = timex.value
    if value == "PRESENT_REF":
        return True
    if published is None or not timex.anchored:
        return bool(_DEICTIC.match(value))
    span = _period(value)
    return span is not None and span[0] <= published \
        and span[1] >= published - timedelta(days=NEWS_DAYS)


def _period(value: str) -> tuple[date, date] | None:
    """The first and last day of a TIMEX3 day, week or month value."""
    try:
        if m := re.match(r"(\d{4})-(\d\d)-(\d\d)", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.match(r"(\d{4})-W(\d\d)", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            first = date(int(m[1]), int(m[2]), 1)
            return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    except ValueError:
        return None
    return None


def place_of(index: ArticleIndex, token: Token) -> EventPlace | None:
    cues = load_lexicon()
    heads = [token]
    for governor in governors(token):
        if cues.is_speech(governor.lemma_.lower()):
            break  # "..., sources in Pakistan said": where it was said, not done
        heads.append(governor)
    for head in heads:
        for anchored in index.places_of(token):
            if governs(head, anchored.token):
                place = anchored.item
                return EventPlace(place.span.text, place.span, place.actor or None)
    return _locative_phrase(index, token)


def _locative_phrase(index: ArticleIndex, token: Token) -> EventPlace | None:
    """'outside the Syrian city of Aleppo': a locative phrase that names a country, in its
    own words, not in its clauses ('in a statement issued in Warsaw')."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
            continue
        own = [t for t in prep.subtree if not any(
            a.dep_ in ("acl", "relcl") for a in [t, *t.ancestors] if a.i > prep.i)]
        if not any(t.lemma_.lower() in words("place_noun") or t.ent_type_ in (
                "GPE", "LOC", "FAC") for t in own):
            continue
        for t in own:
            country = country_of(index.actor_of(t) or "")  # "LBN" of "LBN-GOV" ("Damascus")
            if country is not None:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), t)
                phrase = index.ctx.doc[pobj.left_edge.i : pobj.i + 1]
                return EventPlace(phrase.text, index.span(phrase.start_char, phrase.end_char),
                                  country)
    return None
