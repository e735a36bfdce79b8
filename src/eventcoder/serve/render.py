"""An article's text cut into pieces for the article page: each piece is the text between
two consecutive boundaries of the marked items (actor mentions, event triggers, quotations
with their cues and sources, time expressions), with the kinds and the explanations of the
items that cover it. The template escapes every piece."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import CodedArticle, Source


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # actor, trigger, quote, cue, time
    note: str
    link: str | None = None  # an anchor on the page: the event's row


@dataclass
class Piece:
    text: str
    kinds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    link: str | None = None

    @property
    def title(self) -> str:
        return "\n\n".join(self.notes)


def chain_text(chain: list[Source]) -> str:
    return " > ".join(link.name for link in chain) or "-"


def actor_name(record: CodedArticle, actor_id: str | None) -> str:
    if actor_id is None:
        return "-"
    actor = record.actor(actor_id)
    return actor.name if actor else actor_id


def marks(record: CodedArticle) -> list[Mark]:
    out: list[Mark] = []
    for m in record.mentions:
        actor = record.actor(m.actor)
        code = " ".join(x for x in (actor.country, actor.sector) if x) if actor else ""
        name = actor.name if actor else m.actor
        out.append(Mark(m.span.start, m.span.end, "actor",
                        f"actor: {name} ({m.kind}{'; ' + code if code else ''})\n"
                        f"why: {m.why or (actor.why if actor else '')}"))
    for e in record.events:
        kind = e.type + (f"/{e.mode}" if e.mode else "")
        score = "" if e.intensity is None else f" {e.intensity:+.1f}"
        out.append(Mark(e.trigger.start, e.trigger.end, "trigger",
                        f"event {e.id}: {actor_name(record, e.source)} {kind} "
                        f"{actor_name(record, e.target)}{score} ({e.modality}); "
                        f"date {e.date or '-'}{' (publication date)' if e.date_fallback else ''}"
                        f"\naccording to {chain_text(e.attributed_to)}\nwhy: {e.why}",
                        link=f"event-{e.id}"))
    for s in record.statements:
        who = actor_name(record, s.speaker) if s.speaker else "unattributed"
        note = (f"{s.kind} statement {s.id}: {who}\naccording to {chain_text(s.chain)}"
                f"\nwhy: {s.why}")
        for part in s.content:
            out.append(Mark(part.start, part.end, "quote", note))
        for span in (s.cue, s.source):
            if span is not None:
                out.append(Mark(span.start, span.end, "cue", note))
    for x in record.times:
        value = ", ".join(x.values)
        out.append(Mark(x.span.start, x.span.end, "time",
                        f"time: {value} ({x.type}{', ' + x.mod if x.mod else ''}"
                        f"{'' if x.anchored else ', unanchored'})\nwhy: {x.why}"))
    return out


def pieces(text: str, items: list[Mark]) -> list[Piece]:
    """`text` cut at every item's ends; items outside the text are left out."""
    items = [m for m in items if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in items), *(m.end for m in items)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in items if m.start <= lo and hi <= m.end]
        piece = Piece(text[lo:hi])
        for m in covering:
            if m.kind not in piece.kinds:
                piece.kinds.append(m.kind)
            if m.note not in piece.notes:
                piece.notes.append(m.note)
            piece.link = piece.link or m.link
        out.append(piece)
    return out


def paragraphs(record: CodedArticle) -> list[list[Piece]]:
    """The article's pieces, split into paragraphs at blank lines."""
    out: list[list[Piece]] = [[]]
    for piece in pieces(record.article.text, marks(record)):
        parts = piece.text.split("\n\n")
        for n, part in enumerate(parts):
            if n:
                out.append([])
            if part:
                out[-1].append(Piece(part, piece.kinds, piece.notes, piece.link))
    return [p for p in out if p]
