"""A name lookup for users: who is 'Interior Minister Gérald Darmanin' on a given day?

`who(phrase, date=...)` resolves a name or short actor phrase as the coder would inside an
article: the phrase is read as the subject of a carrier sentence ('<phrase> said.'), so that
the parser sees a noun phrase, and the actor whose mention covers most of the phrase is the
answer, with its country, sector, office, knowledge-base entry and the `why`. Analysts can run
it over their own actor lists (`who_many`) to see how eventcoder codes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date as Date

from ..annotate import annotate_many
from ..knowledge.base import KnowledgeBase, load_kb
from .actors import Resolution, resolve

#: The sentence a phrase is read in: the phrase is its subject.
_CARRIER = "{} said."


@dataclass(frozen=True)
class Who:
    """How eventcoder codes a name or phrase."""

    phrase: str
    name: str | None  # the actor's name (a person, an organisation, 'Kenya police'...)
    kind: str | None  # person | organisation | outlet | country | group; None if not found
    country: str | None
    sector: str | None
    office: str | None
    kb_id: str | None  # the knowledge-base entry, if the actor is one
    why: str

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def _answer(phrase: str, result: Resolution) -> Who:
    end = len(phrase)
    best, best_overlap = None, 0
    for mention in result.mentions:
        overlap = min(end, mention.span.end) - max(0, mention.span.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    actor = next((a for a in result.actors if best and a.id == best.actor), None)
    if best is None or actor is None:
        place = next((p for p in result.places if p.span.start < end and p.actor), None)
        if place is not None:
            return Who(phrase, place.span.text, "country", place.actor, None, None,
                       place.actor, place.why)
        return Who(phrase, None, None, None, None, None, None,
                   "no actor found in the phrase")
    return Who(phrase, actor.name, actor.kind, actor.country, actor.sector, actor.office,
               actor.kb_id, actor.why)


def _date(value: str | Date | None) -> Date | None:
    return Date.fromisoformat(value) if isinstance(value, str) else value


def who_many(phrases: Iterable[str], date: str | Date | None = None,
             kb: KnowledgeBase | None = None) -> Iterator[Who]:
    """`who` for each phrase (blank ones skipped), annotated in one batch."""
    kb = kb or load_kb()
    on = _date(date)
    items = [p.strip() for p in phrases if p.strip()]
    for phrase, doc in zip(items, annotate_many(_CARRIER.format(p) for p in items),
                           strict=True):
        yield _answer(phrase, resolve(doc, kb, on))


def who(phrase: str, date: str | Date | None = None, kb: KnowledgeBase | None = None) -> Who:
    """How eventcoder codes a name or short phrase on a day (the article's date; None for
    no date): `who("Interior Minister Gérald Darmanin", date="2021-05-01")`."""
    return next(who_many([phrase], date, kb), Who(phrase, None, None, None, None, None,
                                                  None, "empty phrase"))
