"""What the events stage looks up while it reads one article: the actor at each token, the
sentence of each token, and the times and places of each sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

from ...actor_ids import country_of, group_parts
from ...annotate import sentences, text_of
from ...model import Mention, Source, Span, Statement, TimeExpression
from .judge import Judge


@dataclass
class EventContext:
    """What the events stage needs from the earlier stages of one article."""

    doc: Doc
    mentions: Sequence[Mention]
    places: Sequence[Mention]
    times: Sequence[TimeExpression]
    statements: Sequence[Statement]
    root: Sequence[Source]
    published: date | None
    body_start: int = 0
    hedges: Sequence[Span] = ()
    #: the country of each resolved actor, by id
    countries: Mapping[str, str | None] = field(default_factory=dict)
    #: the sector of each resolved actor, by id
    sectors: Mapping[str, str | None] = field(default_factory=dict)
    #: the learned model's judge of candidate events (None: rules only)
    judge: Judge | None = None


Item = TypeVar("Item", TimeExpression, Mention)


@dataclass(frozen=True)
class Anchored(Generic[Item]):
    """A time or place of a sentence, with the token its span is headed by."""

    token: Token
    item: Item


class ArticleIndex:
    """Token-level lookups over one article, built once."""

    def __init__(self, ctx: EventContext) -> None:
        self.ctx = ctx
        doc = ctx.doc
        self.text = text_of(doc)
        self.actor_by_token: dict[int, str] = {}
        for m in ctx.mentions:
            span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.actor_by_token[t.i] = m.actor
        # times and places by sentence: an event looks only in its own
        sents = sentences(doc)
        self.sents, self.sent_of = sents.spans, sents.of_token
        self.times: dict[int, list[Anchored[TimeExpression]]] = self._by_sentence(ctx.times)
        self.places: dict[int, list[Anchored[Mention]]] = self._by_sentence(ctx.places)
        #: the country of the place a token names, where known
        self.place_country_by_token: dict[int, str] = {}
        for place in ctx.places:
            span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is not None and place.actor:
                for t in span:
                    self.place_country_by_token[t.i] = place.actor

    def _by_sentence(self, items: Sequence[Item]) -> dict[int, list[Anchored[Item]]]:
        out: dict[int, list[Anchored[Item]]] = {}
        for item in items:
            span = self.ctx.doc.char_span(item.span.start, item.span.end,
                                          alignment_mode="expand")
            if span is not None:
                out.setdefault(self.sent_of[span.root.i], []).append(Anchored(span.root, item))
        return out

    def times_of(self, token: Token) -> list[Anchored[TimeExpression]]:
        return self.times.get(self.sent_of[token.i], [])

    def places_of(self, token: Token) -> list[Anchored[Mention]]:
        return self.places.get(self.sent_of[token.i], [])

    def country_of(self, actor_id: str) -> str | None:
        """The country of a resolved actor, or of a group id made here ("EGY-COP")."""
        if actor_id in self.ctx.countries:
            return self.ctx.countries[actor_id]
        return country_of(actor_id)

    def sector_of(self, actor_id: str) -> str | None:
        """The sector of a resolved actor, or of a group id made here ("EGY-COP")."""
        if actor_id in self.ctx.sectors:
            return self.ctx.sectors[actor_id]
        return group_parts(actor_id)[1] or None

    def known(self, actor_id: str) -> bool:
        """Is the actor's country (or international code) known? Such actors make better
        targets than groups or people of unknown country."""
        return self.country_of(actor_id) is not None

    def actor_of(self, token: Token) -> str | None:
        return self.actor_by_token.get(token.i)

    def place_country_of(self, token: Token) -> str | None:
        return self.place_country_by_token.get(token.i)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)
