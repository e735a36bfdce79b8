"""The records eventcoder produces. Every stage imports this module and nothing else of ours
that comes after it in the data flow (read -> annotate -> resolve -> interpret -> store).

Every extracted item carries character offsets into `Article.text` and a short `why`: the
rule, lexicon entry or knowledge-base entry that produced it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Modality = Literal["asserted", "intended", "requested", "hypothetical", "negated"]
StatementKind = Literal["direct", "reported", "according_to", "source_only"]
SourceKind = Literal["outlet", "wire", "actor", "named", "unnamed"]
MentionKind = Literal["name", "surname", "pronoun", "description", "metonym", "demonym", "role"]
ActorKind = Literal["person", "organisation", "country", "group", "outlet"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


class Span(BaseModel):
    """A stretch of `Article.text`: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start=start, end=end, text=text[start:end])

    def covers(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


class Article(BaseModel):
    """One news article as read from its input.

    `text` holds headline, subtitle, key points and body, one paragraph each; all offsets
    in the coded record point into it. Header lines such as `date ...` and `Source: ...`
    are parsed into fields and are not part of `text`.
    """

    id: str = ""
    title: str | None = None
    subtitle: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    sources: list[str] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)
    text: str
    body_start: int = 0
    origin: str | None = Field(default=None, description="file, URL or record read from")
    external_id: str | None = Field(
        default=None, description="the caller's own id of the record (its `id` field), kept "
        "through coding, storage and exports")
    problems: list[str] = Field(
        default_factory=list, description="what the reader could not understand (bad date...)"
    )

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = article_id(self.text)


def normalise_text(text: str) -> str:
    """Unicode NFC, unified whitespace: the text two copies of one article share."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


class Actor(BaseModel):
    """Someone who acts or speaks, coded as PLOVER does: country, primary sector, others."""

    id: str
    name: str
    names: list[str] = Field(default_factory=list, description="every form used in the article")
    kind: ActorKind = "group"
    country: str | None = None
    sector: str | None = None
    sectors: list[str] = Field(default_factory=list, description="secondary sectors")
    office: str | None = None
    kb_id: str | None = Field(default=None, description="knowledge-base entry, when known")
    why: str = ""
    rules: list[str] = Field(default_factory=list, description="the resolution rules that "
                             "made or changed its mentions, in order (resolve/)")


class Mention(BaseModel):
    span: Span
    actor: str
    kind: MentionKind = "name"
    why: str = ""


class TimeExpression(BaseModel):
    """A time expression normalised TIMEX3-style against the publication date."""

    span: Span
    type: TimeType = "DATE"
    value: str = Field(description="TIMEX3 value: 2025-03, 2025-10-06, PAST_REF, P3D, XXXX-WXX-2")
    alternatives: list[str] = Field(
        default_factory=list, description="values of 'October 6, 8, or 9'-style alternatives"
    )
    mod: str | None = Field(default=None, description="TIMEX3 mod: BEFORE, AFTER, APPROX, ...")
    anchored: bool = Field(default=True, description="resolved against a known date")
    why: str = ""

    @property
    def values(self) -> list[str]:
        return self.alternatives or [self.value]


class Source(BaseModel):
    """One link of a source chain: who says so."""

    kind: SourceKind
    name: str
    actor: str | None = None
    span: Span | None = None
    cue: Span | None = None
    why: str = ""


class Statement(BaseModel):
    """A quotation, reported speech, an 'according to' frame or a source-only frame."""

    id: str
    kind: StatementKind
    speaker: str | None = Field(default=None, description="actor id; null when unattributed")
    source: Span | None = Field(default=None, description="the words naming the source")
    cue: Span | None = None
    content: list[Span] = Field(default_factory=list, description="pieces of the content")
    chain: list[Source] = Field(default_factory=list, description="root (outlet) first")
    hedges: list[Span] = Field(default_factory=list)
    why: str = ""

    def covers(self, start: int, end: int) -> bool:
        return any(p.start <= start and end <= p.end for p in self.content)


class Event(BaseModel):
    """One PLOVER 2.0 event."""

    id: str
    type: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, description="actor id")
    target: str | None = Field(default=None, description="actor id")
    trigger: Span
    sentence: Span
    date: str | None = Field(default=None, description="TIMEX3 value of the event's date")
    date_alternatives: list[str] = Field(default_factory=list)
    date_fallback: bool = Field(default=False, description="true when the publication date")
    date_span: Span | None = None
    place: str | None = None
    place_span: Span | None = None
    modality: Modality = "asserted"
    attributed_to: list[Source] = Field(default_factory=list, description="source chain")
    hedges: list[Span] = Field(default_factory=list)
    intensity: float | None = Field(default=None, description="PLOVER conflict-cooperation score")
    why: str = ""
    rules: list[str] = Field(default_factory=list, description="the coding rules that "
                             "applied, in the order they ran (interpret/events/rules.py)")


class CodedArticle(BaseModel):
    """Everything eventcoder found in one article."""

    article: Article
    actors: list[Actor] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    places: list[Mention] = Field(
        default_factory=list, description="places named as locations ('in Paris'); actor is "
        "the country code when known")
    times: list[TimeExpression] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)
