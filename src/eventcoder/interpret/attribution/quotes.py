"""Quotation marks and paragraphs: the character-level layout attribution works on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_CHARS = OPENING + CLOSING + STRAIGHT
# PTB-style ``...'' quotes are normalised to one-character marks before scanning.
_PTB = re.compile(r"``|''")


@dataclass
class Quote:
    """A quotation: one piece per paragraph it runs through."""

    pieces: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, as (start, end) without surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


def _marks(text: str) -> str:
    # Two-character PTB marks become one opening/closing mark plus a filler.
    return _PTB.sub(lambda m: ("“" if m.group() == "``" else "”") + " ", text)


def _scan(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes of one paragraph and the offset of a quote left open at its end."""
    closed: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        if opened is None:
            if ch in OPENING or ch == STRAIGHT:
                opened = i
        elif ch in CLOSING or ch == STRAIGHT:
            stop = i + 2 if text[i:i + 2] == "''" else i + 1
            closed.append((opened, stop))
            opened = None
    return closed, opened


def find_quotes(text: str) -> list[Quote]:
    """Quotations in text order. A paragraph that opens a quote without closing it continues
    into the next paragraph when that one starts with a quote mark."""
    marked = _marks(text)
    paras = paragraphs(marked)
    quotes: list[Quote] = []
    carry: Quote | None = None
    for n, (ps, pe) in enumerate(paras):
        closed, opened = _scan(marked, ps, pe)
        if carry is not None:
            if closed and closed[0][0] == ps:
                carry.pieces.append(closed.pop(0))
                quotes.append(carry)
                carry = None
            elif opened == ps and not closed:
                carry.pieces.append((ps, pe))
                continue
            else:
                quotes.append(carry)
                carry = None
        quotes.extend(Quote([q]) for q in closed)
        if opened is not None:
            nxt = paras[n + 1][0] if n + 1 < len(paras) else None
            piece = Quote([(opened, pe)])
            if nxt is not None and marked[nxt] in QUOTE_CHARS:
                carry = piece
            else:
                quotes.append(piece)
    if carry is not None:
        quotes.append(carry)
    quotes.sort(key=lambda q: q.start)
    return quotes
