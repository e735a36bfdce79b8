"""Plain-text articles with the conventions of wire copy pasted from the web.

    date 2025-10-17 <headline>          optional; otherwise the first short line is the headline
    <subtitle>                          optional, before the Source line
    Source: <name>[, <name>...]         optional
    • key point                         bullets: lines starting with •, - or *
    <body paragraphs>

The coded text is rebuilt as headline, subtitle, key points and body, one paragraph each,
so that offsets are stable whatever the original spacing was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article
from .dates import published_or_problem
from .errors import ReadError

_DATE_LINE = re.compile(r"^date\s+(\S+)\s*(.*)$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^(?:source|sources)\s*:\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[•\-*·▪●]\s+(.+)$")
_SOURCE_SPLIT = re.compile(r"\s*(?:,|;|\band\b)\s*")
#: Bullets count as key points only before this many body paragraphs.
_KEY_POINTS_WITHIN = 2
#: A first line longer than this is body text, not a headline.
_MAX_HEADLINE = 200


@dataclass
class _Parts:
    title: str | None = None
    subtitle: str | None = None
    sources: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    date_text: str | None = None


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; wrapped lines inside one are joined."""
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _split_header(lines: list[str]) -> _Parts:
    parts = _Parts()
    rest = list(lines)
    while rest and not rest[0].strip():
        rest.pop(0)
    if rest:
        match = _DATE_LINE.match(rest[0].strip())
        if match:
            parts.date_text, parts.title = match.group(1), match.group(2).strip() or None
            rest.pop(0)
    source_line = next(
        ((i, m) for i, line in enumerate(rest[:6]) if (m := _SOURCE_LINE.match(line.strip()))),
        None,
    )
    if source_line is not None:
        source_at, source_match = source_line
        header = [line.strip() for line in rest[:source_at] if line.strip()]
        if parts.title is None and header:
            parts.title = header.pop(0)
        if header:
            parts.subtitle = " ".join(header)
        names = source_match.group(1)
        parts.sources = [n for n in _SOURCE_SPLIT.split(names.strip()) if n]
        rest = rest[source_at + 1 :]
    elif parts.title is None and rest:
        first = rest[0].strip()
        followed_by_blank = len(rest) > 1 and not rest[1].strip()
        if len(first) <= _MAX_HEADLINE and followed_by_blank and not first.endswith("."):
            parts.title = first
            rest = rest[1:]
    body: list[str] = []
    paragraphs_seen, blank_before = 0, True
    for line in rest:
        bullet = _BULLET.match(line)
        # key points are the bullets near the top; a list further down is body text
        if bullet and paragraphs_seen <= _KEY_POINTS_WITHIN:
            parts.key_points.append(bullet.group(1).strip())
            body.append("")
        else:
            body.append(line)
            if line.strip() and blank_before:
                paragraphs_seen += 1
        blank_before = not line.strip() or bool(bullet)
    parts.paragraphs = _paragraphs(body)
    return parts


#: Invisible characters that only get in the way of reading ("Russia\u200b attacked").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean_text(text: str) -> str:
    """Unified line ends, no zero-width characters or soft hyphens."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)


def parse_text(raw: str, origin: str) -> Article:
    """An article from decoded plain text; raises ReadError when it has no text."""
    lines = clean_text(raw).split("\n")
    parts = _split_header(lines)
    problems: list[str] = []
    published = published_or_problem(parts.date_text, problems, origin)
    if not (parts.paragraphs or parts.key_points or parts.subtitle or parts.title):
        raise ReadError(origin, "no article text after the header")
    head = [p for p in (parts.title, parts.subtitle) if p] + parts.key_points
    head_text = "\n\n".join(head)
    body_text = "\n\n".join(parts.paragraphs)
    text = f"{head_text}\n\n{body_text}" if head_text and body_text else head_text or body_text
    return Article(
        title=parts.title,
        subtitle=parts.subtitle,
        published=published,
        sources=parts.sources,
        key_points=parts.key_points,
        text=text,
        body_start=len(head_text) + 2 if head_text and body_text else 0,
        origin=origin,
        problems=problems,
    )
