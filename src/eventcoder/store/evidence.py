"""When are two reports of the same real-world event? The pairwise rule of event merging.

Two reports are of one event when
- their types and modalities are equal and their modes compatible (equal, or one unknown);
- their places do not disagree (one unknown, or similar names);
- their actors are the same: the same source and target, or the same countries when one
  side is only a country ("France" and "Emmanuel Macron" recalled an ambassador; two
  different people of one country are not the same side);
- their dates agree, and something corroborates them:

  | the two reports' dates | they agree when |
  |---|---|
  | one article (headline, key points, body) | at most `MERGE_WINDOW_DAYS` apart, or equal |
  | both in the text (`on Monday`) | at most `MERGE_WINDOW_DAYS` apart |
  | one in the text (day D), one the publication date P | P is D or the day after |
  | both publication dates | at most a day apart |
  | the same vague value ('2025-03') | equal |

A report of an article's headline, subtitle or key points needs no corroboration to be one
event with a report of the body with the same actors (the body retells it); all other pairs
need corroboration, one of: the same place (or one's place
named in the other's sentence); a shared quotation (four words in a row inside
quotation marks); two or more shared key terms of the event sentences (the words left when
stop words, actor names, time words, the trigger and common reporting words are taken
out: "ambassador", "tariffs", "consultations"); or one shared key term in sentences whose
key terms are alike (cosine of the two sets at least `MERGE_MIN_COSINE`). When the actors
are only the same countries, the same place alone is not enough. Two criticisms
by different people on different matters the same day share none of these.

Everything a pair needs is in `Facts`, made from the coded report (`facts_of_event`) or
the stored rows (`facts_of_row`), so the rule gives the same answer whatever the order in
which reports arrive.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from .. import settings
from .dates import DayRange, dates_agree, day_range, modes_agree, places_agree

if TYPE_CHECKING:
    from ..model import CodedArticle, Event

#: How a report is dated: a day in its text, a vaguer value in its text, the publication
#: date (a fallback, or a value such as PAST_REF that names no day), or not at all.
DateKind = Literal["text", "vague", "publication", "none"]

#: Key terms alike enough for one shared term to corroborate.
MERGE_MIN_COSINE = 0.5
#: Shared key terms that corroborate whatever the rest of the sentences say.
MERGE_MIN_SHARED = 2
#: Words in a row that make a shared quotation.
QUOTE_WORDS = 4

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_QUOTE = re.compile(r"[\"“”«»„]([^\"“”«»„]{8,})[\"“”«»„]")


@dataclass(frozen=True)
class Facts:
    """What the merge rule compares of one report."""

    id: str
    article_id: str
    type: str
    modality: str
    mode: str | None
    source_id: str | None
    target_id: str | None
    dyad: str
    date_kind: DateKind
    value: str | None
    days: DayRange | None
    place: str | None
    key_terms: frozenset[str]
    quotes: tuple[str, ...]
    #: Where its sentence starts in its article.
    sentence: int
    #: Its sentence is the headline, subtitle or a key point (before the body).
    heading: bool = False

    @property
    def day(self) -> date | None:
        return self.days.start if self.days else None


@dataclass(frozen=True)
class Evidence:
    """Why two reports are one event, and how strongly (0 to 1)."""

    reasons: tuple[str, ...]
    score: float

    def __str__(self) -> str:
        return f"{'; '.join(self.reasons)} (score {self.score:.2f})"


# --- the facts of a report -----------------------------------------------------------------


def side(actor_id: str | None, country: str | None) -> str:
    """One side of a dyad: the actor's country when it has one, else the actor itself."""
    if actor_id is None:
        return "-"
    return country or actor_id


def date_kind(value: str | None, fallback: bool, day: date | None) -> DateKind:
    days = None if fallback else day_range(value)
    if days is not None:
        return "text" if days.precise else "vague"
    return "publication" if day is not None else "none"


def report_dates(value: str | None, fallback: bool, day: date | None
                 ) -> tuple[str | None, DayRange | None]:
    """The date value and days of a report as merging sees them: its own, or the day it
    was placed on (the publication date)."""
    days = day_range(value)
    if days is None and day is not None:
        return (value or day.isoformat()), DayRange(day, day)
    return value, days


def stem(word: str) -> str:
    """A plural's singular, roughly: what 'tariffs' and 'tariff' share."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'").removesuffix("'s") for w in _WORD.findall(text)]


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words and the words of reporting (`data/reporting_words.txt`)."""
    from importlib import resources

    from spacy.lang.en.stop_words import STOP_WORDS

    listed = resources.files("eventcoder.store") / "data" / "reporting_words.txt"
    reporting = {w for line in listed.read_text(encoding="utf-8").splitlines()
                 for w in line.split("#", 1)[0].split()}
    return frozenset(STOP_WORDS) | reporting


def key_terms(sentence: str, excluded: set[str]) -> frozenset[str]:
    """The words of an event sentence that say which event it is (see the module)."""
    stop = _stop_words()
    return frozenset(stem(w) for w in words(sentence)
                     if len(w) > 2 and w not in stop and w not in excluded
                     and stem(w) not in excluded)


def quotations(sentence: str) -> tuple[str, ...]:
    """The quoted passages of a sentence of at least `QUOTE_WORDS` words, normalised."""
    out = []
    for match in _QUOTE.finditer(sentence):
        quoted = words(match.group(1))
        if len(quoted) >= QUOTE_WORDS:
            out.append(" ".join(quoted))
    return tuple(out)


def article_words(coded: CodedArticle) -> set[str]:
    """Words that name the article's actors and times: not key terms. Descriptions and
    roles ("three diplomats") are, and so are places (the place of one report may be only
    a word of another's sentence)."""
    spans = [m.span.text for m in coded.mentions if m.kind not in ("description", "role")]
    spans += [t.span.text for t in coded.times]
    for actor in coded.actors:
        spans += [actor.name, *actor.names]
        if actor.office:
            spans.append(actor.office)
    out = {w for text in spans for w in words(text)}
    return out | {stem(w) for w in out}


def facts_of_event(coded: CodedArticle, ev: Event, report_id: str, dyad: str,
                   source: str | None, target: str | None, excluded: set[str]) -> Facts:
    from .merge import event_days

    value, days = event_days(ev.date, coded.article.published)
    trigger = set(words(ev.trigger.text))
    return Facts(
        id=report_id, article_id=coded.article.id, type=ev.type, modality=ev.modality,
        mode=ev.mode, source_id=source, target_id=target, dyad=dyad,
        date_kind=date_kind(ev.date, ev.date_fallback, days.start if days else None),
        value=value, days=days, place=ev.place,
        key_terms=key_terms(ev.sentence.text, excluded | trigger | {stem(w) for w in trigger}),
        quotes=quotations(ev.sentence.text), sentence=ev.sentence.start,
        heading=ev.sentence.start < coded.article.body_start)


def facts_of_row(row: Any) -> Facts:
    """Facts of a stored report: a row of `event_reports` joined with `report_evidence`."""
    value, days = report_dates(row.date, row.date_fallback, row.day)
    return Facts(
        id=row.id, article_id=row.article_id, type=row.type, modality=row.modality,
        mode=row.mode, source_id=row.source_id, target_id=row.target_id, dyad=row.dyad,
        date_kind=date_kind(row.date, row.date_fallback, row.day), value=value, days=days,
        place=row.place, key_terms=frozenset(row.key_terms), quotes=tuple(row.quotes),
        sentence=row.sentence_start, heading=row.sentence_start < row.body_start)


# --- the rule ----------------------------------------------------------------------------


def actors_agree(a: Facts, b: Facts) -> str | None:
    """'same actors', 'same countries' (one side only a country), or None."""
    if a.source_id == b.source_id and a.target_id == b.target_id:
        return "same actors"
    if a.dyad != b.dyad:
        return None
    countries = a.dyad.split("|")
    pairs = ((a.source_id, b.source_id, countries[0]), (a.target_id, b.target_id, countries[-1]))
    if all(country in (x, y) or x == y for x, y, country in pairs):
        return "same countries"
    return None


def conflicts(a: Facts, b: Facts) -> bool:
    """Can these two reports never be in one event (even through others)? Different places,
    modes or named actors, two events coded in one sentence, or days too far apart."""
    if a.article_id == b.article_id and a.sentence == b.sentence:
        return True
    if not places_agree(a.place, b.place) or not modes_agree(a.mode, b.mode):
        return True
    if actors_agree(a, b) is None:
        return True
    if not (a.days and b.days and a.days.precise and b.days.precise):
        return False
    apart = (b.days.start - a.days.start).days
    if {a.date_kind, b.date_kind} == {"text", "publication"}:
        # a publication day is only an upper bound: the event may be a few days older
        if a.date_kind == "publication":
            apart = -apart
        return not -1 <= apart <= settings.MERGE_WINDOW_DAYS + 1
    return abs(apart) > settings.MERGE_WINDOW_DAYS


def corroboration(a: Facts, b: Facts) -> tuple[list[str], float]:
    """What the two reports share besides actors, type and date; and a score."""
    reasons: list[str] = []
    score = 0.0
    place = _same_place(a, b) or _same_place(b, a)
    if place:
        reasons.append(f"same place ({place})")
        score = max(score, 0.6)
    shared_quote = _shared_quote(a.quotes, b.quotes)
    if shared_quote:
        reasons.append(f"shared quotation “{shared_quote}”")
        score = 1.0
    shared = a.key_terms & b.key_terms
    if shared:
        cosine = len(shared) / math.sqrt(len(a.key_terms) * len(b.key_terms))
        if len(shared) >= MERGE_MIN_SHARED or cosine >= MERGE_MIN_COSINE:
            terms = ", ".join(sorted(shared)[:6])
            reasons.append(f"shared key terms {terms} (cosine {cosine:.2f})")
            score = max(score, cosine)
    return reasons, score


def _same_place(a: Facts, b: Facts) -> str | None:
    """`a`'s place, when `b` names it too: as its place, or in its sentence."""
    if not a.place:
        return None
    if b.place:  # the places agree, or `conflicts` would have said so
        return a.place
    named = {stem(w) for w in words(a.place)}
    return a.place if named and named <= b.key_terms else None


def _shared_quote(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    if not a or not b:
        return None
    grams = {g for q in a for g in _grams(q)}
    for q in b:
        for gram in _grams(q):
            if gram in grams:
                return gram
    return None


def _grams(quote: str) -> list[str]:
    w = quote.split()
    return [" ".join(w[i:i + QUOTE_WORDS]) for i in range(len(w) - QUOTE_WORDS + 1)]


def same_event(a: Facts, b: Facts) -> Evidence | None:
    """The evidence that `a` and `b` report one event, or None (see the module)."""
    if a.type != b.type or a.modality != b.modality or conflicts(a, b):
        return None
    actors = actors_agree(a, b) or ""
    reasons, score = corroboration(a, b)
    if actors == "same countries" and all(r.startswith("same place") for r in reasons):
        reasons = []  # a country's people in one place: too weak alone
    if a.article_id == b.article_id:
        # the body retells the headline, subtitle and key points; two sentences of the
        # body, or a country and one of its people, need evidence as across articles
        retold = actors == "same actors" and (a.heading or b.heading)
        if dates_agree(a.value, a.days, b.value, b.days) and (retold or reasons):
            return Evidence(("same article", actors, *(reasons or ["retold in the body"])),
                            max(score, 0.8) if retold else score)
        return None
    kinds = {a.date_kind, b.date_kind}
    if a.date_kind == b.date_kind == "text":
        assert a.days and b.days
        dated = (f"same day in the text {a.days.start}" if a.days == b.days
                 else f"days in the text {a.days.start} and {b.days.start}")
    elif kinds == {"text", "publication"}:
        text_day, published = (a, b) if a.date_kind == "text" else (b, a)
        assert text_day.days and published.days
        if (published.days.start - text_day.days.start).days not in (0, 1):
            return None
        dated = (f"day in the text {text_day.days.start}, published "
                 f"{published.days.start}")
    elif kinds == {"publication"}:
        assert a.days and b.days
        if abs((a.days.start - b.days.start).days) > 1:
            return None
        dated = f"published {min(a.days.start, b.days.start)}" + (
            f" and {max(a.days.start, b.days.start)}" if a.days != b.days else "")
    elif kinds == {"vague"} and a.value == b.value:
        dated = f"same date {a.value}"
    else:
        return None
    if not reasons:
        return None
    return Evidence((dated, actors, *reasons), score)
