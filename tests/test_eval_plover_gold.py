"""The PLOVER gold reader and the helpers the events and actors scorers share, on gold lines
written for this test."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from eventcoder.evaluate.plover_gold import (
    GoldActor,
    GoldSentence,
    code_gold,
    country_matches,
    f1,
    ratio,
    read_gold,
    usable,
)
from eventcoder.model import Article


def _gold(tmp_path: Path, lines: list[dict | str]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("actor", "expected"), [
    ({"text": "Ghana", "code": "GHA", "sector": None}, GoldActor("Ghana", "GHA", None)),
    ({"text": "x", "code": " GHA ", "sector": " GOV "}, GoldActor("x", "GHA", "GOV")),
    # sectors compare on their first three letters, upper-cased
    ({"text": "x", "code": "GHA", "sector": "CVLabc"}, GoldActor("x", "GHA", "CVL")),
    ({"text": "x", "code": "GHA", "sector": "REFXYZ"}, GoldActor("x", "GHA", "REF")),
    ({"text": "x", "code": "GHA", "sector": "gov"}, GoldActor("x", "GHA", "GOV")),
    # a sector that is no 3-letter code is no sector; the actor stays
    ({"text": "x", "code": "GHA", "sector": "***"}, GoldActor("x", "GHA", None)),
    ({"text": "x", "code": "GHA", "sector": "GO"}, GoldActor("x", "GHA", None)),
    ({"code": "GHA"}, GoldActor("", "GHA", None)),
])
def test_usable_actor_codes(actor: dict, expected: GoldActor) -> None:
    assert usable(actor) == expected


@pytest.mark.parametrize("code", ["***", "", None, "ghA", "GH", "GHAN", "G1A"])
def test_actor_without_a_country_code_is_skipped(code: str | None) -> None:
    assert usable({"text": "gunmen", "code": code, "sector": "REB"}) is None
    assert usable({"text": "gunmen"}) is None


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("GHA", "GHA", True),
    ("GHA", "TGO", False),
    ("GHA", None, False),
    # the gold codes the UN and the EU as IGO
    ("IGO", "UNO", True),
    ("IGO", "EUR", True),
    ("IGO", "IGO", True),
    ("IGO", "GHA", False),
    # CAMEO's code for Japan
    ("JAP", "JPN", True),
    ("JPN", "JPN", True),
    # the equivalences go one way: gold to predicted
    ("UNO", "IGO", False),
    ("JPN", "JAP", False),
])
def test_country_equivalences(gold: str, predicted: str | None, expected: bool) -> None:
    assert country_matches(gold, predicted) is expected


def test_read_gold_fields(tmp_path: Path) -> None:
    path = _gold(tmp_path, [
        {"id": "s1", "date": "2003-02-11", "text": "Ghana thanked Togo.",
         "events": [{"type": "SUPPORT", "mode": None, "context": [],
                     "source": [{"text": "Ghana", "code": "GHA", "sector": "GOVabc"}],
                     "target": [{"text": "Togo", "code": "TGO", "sector": None},
                                {"text": "bandits", "code": "***", "sector": "CRM"}]}]},
        "",
        {"id": "s2", "date": "not a date", "text": "Fog.", "events": []},
        {"id": "s3", "text": "Mali and Niger agreed.",
         "events": [{"type": "AGREE", "mode": "settle",
                     "source": [{"text": "Mali", "code": "MLI"}, {"text": "Niger", "code": "NER"}],
                     "target": []}]},
        {"id": "s4", "date": "2003-02-12", "text": "Talks.",
         "events": [{"type": "CONSULT", "source": None}]},
    ])
    s1, s2, s3, s4 = read_gold(path)
    assert (s1.id, s1.text, s1.published) == ("s1", "Ghana thanked Togo.", date(2003, 2, 11))
    (event,) = s1.events
    assert (event.type, event.mode) == ("SUPPORT", None)
    assert event.sources == [GoldActor("Ghana", "GHA", "GOV")]
    assert event.targets == [GoldActor("Togo", "TGO", None)]  # '***' dropped
    # a date that does not parse (or none at all) is no date, not an error
    assert (s2.published, s2.events) == (None, [])
    assert s3.published is None
    assert s3.events[0].mode == "settle"
    assert [a.country for a in s3.events[0].sources] == ["MLI", "NER"]
    assert s3.events[0].targets == []
    # a null or missing side reads as no actors
    assert (s4.events[0].sources, s4.events[0].targets) == ([], [])


def test_read_gold_keeps_several_events_and_unknown_labels(tmp_path: Path) -> None:
    # the reader maps no labels: an old or unknown type (YIELD) is kept as it is
    path = _gold(tmp_path, [{"id": "m", "text": "t", "events": [
        {"type": "YIELD", "source": [], "target": []},
        {"type": "ASSAULT", "source": [], "target": []}]}])
    (sentence,) = read_gold(path)
    assert [e.type for e in sentence.events] == ["YIELD", "ASSAULT"]


def test_read_gold_limit(tmp_path: Path) -> None:
    path = _gold(tmp_path, [{"id": f"s{i}", "text": "t", "events": []} for i in range(4)])
    assert [s.id for s in read_gold(path, limit=2)] == ["s0", "s1"]
    assert len(read_gold(path)) == 4
    assert len(read_gold(path, limit=10)) == 4


def test_read_gold_bad_line_raises(tmp_path: Path) -> None:
    path = _gold(tmp_path, [{"id": "a", "text": "t", "events": []}, "{oops"])
    with pytest.raises(ValueError):
        read_gold(path)


def test_code_gold_passes_text_date_and_id_to_the_coder() -> None:
    seen = []

    class FakeCoder:
        def code_articles(self, articles: Iterable[Article]) -> Iterator[str]:
            for article in articles:
                seen.append(article)
                yield f"coded {article.origin}"

    sentences = [GoldSentence("g1", "Ghana thanked Togo.", date(2003, 2, 11), []),
                 GoldSentence("g2", "Fog.", None, [])]
    pairs = list(code_gold(sentences, FakeCoder()))
    assert pairs == [(sentences[0], "coded g1"), (sentences[1], "coded g2")]
    assert [(a.text, a.published, a.origin) for a in seen] == [
        ("Ghana thanked Togo.", date(2003, 2, 11), "g1"), ("Fog.", None, "g2")]


def test_f1_and_ratio() -> None:
    assert ratio(2, 3) == pytest.approx(2 / 3)
    assert ratio(0, 0) == 0.0
    assert ratio(5, 0) == 0.0
    assert f1(2 / 3, 2 / 3) == pytest.approx(2 / 3)
    assert f1(1.0, 0.5) == pytest.approx(2 / 3)
    assert f1(0.0, 0.0) == 0.0
    assert f1(0.0, 1.0) == 0.0
