"""Reading PLOVER gold-standard records and comparing their older CAMEO-style codes.

Equivalence rules (documented in `eventcoder eval actors --help`):
- gold IGO matches our UNO, EUR and IGO (the gold codes the UN and the EU as IGO);
- gold JAP matches JPN (CAMEO's code for Japan);
- sectors compare on their first three letters (CVLalb = CVL, REFKUR = REF);
- a gold actor whose country is not a 3-letter code ('***', empty) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import Article, CodedArticle
from ..pipeline import Coder
from .gold_file import gold_lines

COUNTRY_EQUIVALENTS = {"IGO": {"IGO", "UNO", "EUR"}, "JAP": {"JPN"}}
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class GoldActor:
    text: str
    country: str
    sector: str | None


@dataclass
class GoldEvent:
    type: str
    mode: str | None
    sources: list[GoldActor] = field(default_factory=list)
    targets: list[GoldActor] = field(default_factory=list)


@dataclass
class GoldSentence:
    id: str
    text: str
    published: date | None
    events: list[GoldEvent]


def usable(actor: dict) -> GoldActor | None:
    code = (actor.get("code") or "").strip()
    if not _CODE.match(code):
        return None
    sector = (actor.get("sector") or "").strip()[:3].upper()
    return GoldActor(actor.get("text") or "", code, sector if _CODE.match(sector) else None)


def country_matches(gold: str, predicted: str | None) -> bool:
    if predicted is None:
        return False
    return predicted in COUNTRY_EQUIVALENTS.get(gold, {gold})


def read_gold(path: Path, limit: int | None = None) -> list[GoldSentence]:
    sentences = []
    for _, record in gold_lines(path):
        events = []
        for e in record.get("events", []):
            events.append(GoldEvent(
                e["type"], e.get("mode"),
                [a for a in map(usable, e.get("source") or []) if a],
                [a for a in map(usable, e.get("target") or []) if a],
            ))
        try:
            published = date.fromisoformat(record.get("date") or "")
        except ValueError:
            published = None
        sentences.append(GoldSentence(record["id"], record["text"], published, events))
        if limit and len(sentences) >= limit:
            break
    return sentences


def code_gold(sentences: list[GoldSentence], coder: Coder | None = None) -> Iterator[
        tuple[GoldSentence, CodedArticle]]:
    coder = coder or Coder(cross_validated=True)
    articles = (Article(text=s.text, published=s.published, origin=s.id) for s in sentences)
    yield from zip(sentences, coder.code_articles(articles), strict=True)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0
