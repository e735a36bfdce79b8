"""The facts the reference article must yield (issues 2-5). Skipped without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.model import Actor, CodedArticle
from eventcoder.pipeline import code_articles
from eventcoder.read import read_paths

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_199ccedb1d3acfa1.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared is not present")


@pytest.fixture(scope="module")
def record() -> CodedArticle:
    [article] = list(read_paths([SEED]))
    [coded] = list(code_articles([article]))
    return coded


def named(record: CodedArticle, words: str) -> Actor:
    mention = next(m for m in record.mentions if m.span.text == words)
    actor = record.actor(mention.actor)
    assert actor is not None
    return actor


def test_header(record: CodedArticle) -> None:
    article = record.article
    assert str(article.published) == "2025-10-17"
    assert article.title == ("Lukashenko decided to drastically change course in the "
                             "political arena")
    assert article.subtitle == "Belarus wants to ease sanctions pressure"
    assert article.sources == ["Reuters"]
    assert len(article.key_points) == 2


def test_actors(record: CodedArticle) -> None:
    lukashenko = named(record, "Alexander Lukashenko")
    assert (lukashenko.country, lukashenko.sector) == ("BLR", "GOV")
    putin = named(record, "Putin")
    assert (putin.country, putin.sector) == ("RUS", "GOV")
    envoy = named(record, "Yuriy Ambrazevych")
    assert named(record, "Ambrazevic").id == envoy.id
    assert (envoy.country, envoy.sector, envoy.office) == ("BLR", "GOV", "ambassador")
    for words in ("Official Minsk", "Lukashenko regime", "Belarusian embassy"):
        actor = named(record, words)
        assert (actor.country, actor.sector) == ("BLR", "GOV"), words
    assert named(record, "the European Union").country == "EUR"
    assert named(record, "the United States").country == "USA"
    assert named(record, "Ukraine").country == "UKR"
    assert named(record, "the Vatican").country == "VAT"
    reuters = named(record, "Reuters")
    assert (reuters.kind, reuters.sector) == ("outlet", "JRN")
    he = next(m for m in record.mentions if m.span.text == "he"
              and record.article.text[m.span.start:].startswith("he demanded"))
    assert he.actor == lukashenko.id


def test_events(record: CodedArticle) -> None:
    lukashenko = named(record, "Alexander Lukashenko").id
    request = next(e for e in record.events if e.trigger.text == "requested")
    assert (request.type, request.mode, request.place) == ("REQUEST", "meet", "Paris")
    assert request.date_alternatives == ["2025-10-06", "2025-10-08", "2025-10-09"]
    assert request.source == named(record, "Yuriy Ambrazevych").id
    demand = next(e for e in record.events if e.trigger.text == "demanded")
    assert (demand.type, demand.mode, demand.source) == ("REQUEST", "change", lukashenko)
    assert record.actor(demand.target).country == "RUS"  # type: ignore[union-attr]
    ukraine = next(e for e in record.events if e.target == "UKR")
    assert ukraine.source == lukashenko and ukraine.type in ("SUPPORT", "AGREE")
    to_eu = next(e for e in record.events if e.target == "org:eu")
    assert record.actor(to_eu.source).country == "BLR"  # type: ignore[union-attr]
    assert to_eu.modality == "intended"
    assert not any("dictator" in e.trigger.text for e in record.events)


def test_statements_and_sources(record: CodedArticle) -> None:
    quote = next(s for s in record.statements
                 if any("What is important" in p.text for p in s.content))
    assert quote.speaker is None
    assert [link.name for link in quote.chain][-1] == "Reuters"
    lukashenko = named(record, "Alexander Lukashenko").id
    reported = [s for s in record.statements if s.speaker == lukashenko
                and s.kind == "reported"]
    assert any("end to the war" in " ".join(p.text for p in s.content) for s in reported)
    assert any("independent and sovereign" in " ".join(p.text for p in s.content)
               for s in reported)
    request = next(e for e in record.events if e.trigger.text == "requested")
    assert [link.name for link in request.attributed_to][-1] == "journalists"
    assert not any(e.source is None for e in record.events)


def test_times(record: CodedArticle) -> None:
    values = {t.span.text: t for t in record.times}
    assert values["March"].value == "2025-03"
    assert values["October 6, 8, or 9"].alternatives == ["2025-10-06", "2025-10-08",
                                                         "2025-10-09"]
    assert values["recently"].value == "PAST_REF"
