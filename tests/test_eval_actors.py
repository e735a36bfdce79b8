"""The actors scorer (`eventcoder eval actors`) on tiny gold files written for this test.

Most tests feed `run` hand-built coded records in place of the coder's, so that they pin the
scorer's arithmetic whatever the coder finds; the last two run the real coder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.evaluate import actors as scorer
from eventcoder.evaluate.plover_gold import GoldSentence
from eventcoder.model import Actor, Article, CodedArticle, Mention, Span

# --- locate: where the gold actor's words are ------------------------------------------------


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("Ghana thanked Togo.", "Togo", "Togo"),
    ("Ghana thanked Togo.", "ghana", "Ghana"),  # case does not matter
    # whole words only: "US" is not in "Russia"
    ("Russia and the US met.", "US", "US"),
    ("Russia thanked Togo.", "US", None),
    # a gold text with '...' gaps: its last piece that is in the sentence
    ("The army of Mali fired on rebels.", "the army ... rebels", "rebels"),
    ("The army of Mali fired on rebels.", "the army … gunmen", "The army"),
    # words not found together: the first word, then the longest of the others
    ("British and Dutch forces left.", "British forces", "British"),
    ("Dock police in Accra detained traders.", "Kumasi dock police", "police"),
    ("Ghana thanked Togo.", "Benin", None),
])
def test_locate(text: str, phrase: str, expected: str | None) -> None:
    found = scorer.locate(text, phrase)
    assert (text[slice(*found)] if found else None) == expected


# --- resolved_actor: the actor of the mention that best fits the words -----------------------

TEXT = "Ghanaian police arrested traders in Kumasi."
#       0         1         2         3         4
#       0123456789012345678901234567890123456789012


def _span(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def _mention(part: str, actor: str) -> Mention:
    return Mention(span=Span.of(TEXT, *_span(part)), actor=actor)


def _record(mentions: list[Mention], places: list[Mention] = ()) -> CodedArticle:
    actors = [Actor(id="GHA-COP", name="Ghanaian police", country="GHA", sector="COP"),
              Actor(id="GHA", name="Ghana", kind="country", country="GHA"),
              Actor(id="CVL", name="traders", country=None, sector="CVL"),
              Actor(id="outlet:x", name="Example Post", kind="outlet", country="GHA",
                    sector="JRN")]
    return CodedArticle(article=Article(text=TEXT), actors=actors, mentions=mentions,
                        places=list(places))


def test_resolved_actor_of_the_overlapping_mention() -> None:
    record = _record([_mention("Ghanaian police", "GHA-COP"), _mention("traders", "CVL")])
    assert scorer.resolved_actor(record, *_span("police")) == ("GHA", "COP")
    assert scorer.resolved_actor(record, *_span("traders")) == (None, "CVL")
    assert scorer.resolved_actor(record, *_span("arrested")) is None


def test_best_fitting_mention_wins() -> None:
    # gold words "Ghanaian police": the mention 'Ghanaian' shares 8 characters and has none
    # outside; 'police arrested traders' shares 6 and has 17 outside
    record = _record([_mention("police arrested traders", "CVL"), _mention("Ghanaian", "GHA")])
    assert scorer.resolved_actor(record, *_span("Ghanaian police")) == ("GHA", None)


def test_on_equal_fit_the_smaller_mention_wins() -> None:
    # gold words "police arrested": 'police' scores 6 - 0, 'Ghanaian police arrested' 15 - 9
    record = _record([_mention("Ghanaian police arrested", "GHA"), _mention("police", "GHA-COP")])
    assert scorer.resolved_actor(record, *_span("police arrested")) == ("GHA", "COP")


def test_mention_wins_over_place() -> None:
    record = _record([_mention("traders in Kumasi", "CVL")], [_mention("Kumasi", "GHA")])
    assert scorer.resolved_actor(record, *_span("Kumasi")) == (None, "CVL")


def test_country_named_as_place_has_its_code_and_no_sector() -> None:
    record = _record([_mention("traders", "CVL")], [_mention("Kumasi", "GHA")])
    assert scorer.resolved_actor(record, *_span("in Kumasi")) == ("GHA", None)
    # a place that is no country code (a town's own id) resolves no one
    record = _record([], [_mention("Kumasi", "town:kumasi")])
    assert scorer.resolved_actor(record, *_span("Kumasi")) is None


def test_outlet_and_unknown_actor_resolve_no_one() -> None:
    assert scorer.resolved_actor(_record([_mention("traders", "outlet:x")]),
                                 *_span("traders")) is None
    assert scorer.resolved_actor(_record([_mention("traders", "nobody")]),
                                 *_span("traders")) is None


# --- run: the arithmetic ---------------------------------------------------------------------

SENTENCE = "Ghana thanked Togo and the UN in Lome."


def _actor(text: str, code: str, sector: str | None = None) -> dict:
    return {"text": text, "code": code, "sector": sector}


def _coded(mentions: list[tuple[str, str]], actors: list[Actor],
           places: list[tuple[str, str]] = ()) -> CodedArticle:
    def mention(part: str, actor: str) -> Mention:
        start = SENTENCE.index(part)
        return Mention(span=Span.of(SENTENCE, start, start + len(part)), actor=actor)

    return CodedArticle(article=Article(text=SENTENCE), actors=actors,
                        mentions=[mention(*m) for m in mentions],
                        places=[mention(*p) for p in places])


def _run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cases: list[tuple[list, CodedArticle]],
         limit: int | None = None) -> str:
    """Score gold events [(gold events, coded record)] with the records as the coder's."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": f"s{i}", "date": "2004-07-01",
                                          "text": SENTENCE, "events": events})
                              for i, (events, _) in enumerate(cases)) + "\n", encoding="utf-8")
    records = {f"s{i}": record for i, (_, record) in enumerate(cases)}

    def fake_code_gold(sentences: list[GoldSentence], coder: object = None,
                       ) -> list[tuple[GoldSentence, CodedArticle]]:
        return [(s, records[s.id]) for s in sentences]

    monkeypatch.setattr(scorer, "code_gold", fake_code_gold)
    return scorer.evaluate_actors(gold, limit)


def _rows(report: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in report.splitlines()[1:3]}


GHANA = Actor(id="GHA", name="Ghana", kind="country", country="GHA")
TOGO_GOV = Actor(id="TGO-GOV", name="Togo government", country="TGO", sector="GOV")
UN = Actor(id="org:un", name="UN", kind="organisation", country="UNO")


def test_arithmetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    events = [{"type": "SUPPORT",
               "source": [_actor("Ghana", "GHA")],  # right country, no sector: right
               "target": [_actor("Togo", "TGO", "GOVxyz"),  # right country and sector
                          _actor("the UN", "IGO", "GOV"),  # right country, wrong sector
                          _actor("Benin", "BEN")]}]  # not in the sentence: not resolved
    record = _coded([("Ghana", "GHA"), ("Togo", "TGO-GOV"), ("UN", "org:un")],
                    [GHANA, TOGO_GOV, UN])
    report = _run(monkeypatch, tmp_path, [(events, record)])
    # gold 4, resolved 3; country right 3: P = 3/3, R = 3/4; sector right 2: P = 2/3, R = 2/4
    assert _rows(report) == {"country": ["1.000", "0.750", "0.857"],
                             "+sector": ["0.667", "0.500", "0.571"]}
    assert ("gold actors 4, resolved 3; errors: right country, wrong sector 1, not resolved 1"
            in report)
    assert report.splitlines()[-1] == "actors: country_f1=0.857 sector_f1=0.571"


def test_gold_without_sector_expects_none(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    events = [{"type": "SUPPORT", "source": [_actor("Ghana", "GHA")],
               "target": [_actor("Togo", "TGO")]}]
    record = _coded([("Ghana", "GHA"), ("Togo", "TGO-GOV")], [GHANA, TOGO_GOV])
    report = _run(monkeypatch, tmp_path, [(events, record)])
    # Togo: the coder says TGO/GOV, the gold TGO with no sector: a sector error
    assert _rows(report) == {"country": ["1.000", "1.000", "1.000"],
                             "+sector": ["0.500", "0.500", "0.500"]}
    assert "errors: right country, wrong sector 1" in report


def test_wrong_country_and_skipped_gold(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    events = [{"type": "ACCUSE",
               "source": [_actor("Ghana", "NGA"), _actor("smugglers", "***", "CRM")],
               "target": [_actor("Togo", "TGO", "GOV")]},
              # the same words in a second event are scored again
              {"type": "AID", "source": [_actor("Togo", "TGO", "GOV")], "target": []}]
    record = _coded([("Ghana", "GHA"), ("Togo", "TGO-GOV")], [GHANA, TOGO_GOV])
    report = _run(monkeypatch, tmp_path, [(events, record)])
    # gold 3 (the '***' actor is skipped), resolved 3, country 2, sector 2
    assert "gold actors 3, resolved 3; errors: wrong country 1" in report
    assert _rows(report)["country"] == ["0.667", "0.667", "0.667"]
    assert _rows(report)["+sector"] == ["0.667", "0.667", "0.667"]


def test_place_counts_with_its_country(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    events = [{"type": "CONSULT", "source": [_actor("Ghana", "GHA")],
               "target": [_actor("Lome", "TGO")]}]
    record = _coded([("Ghana", "GHA")], [GHANA], places=[("Lome", "TGO")])
    assert _run(monkeypatch, tmp_path, [(events, record)]).splitlines()[-1] == (
        "actors: country_f1=1.000 sector_f1=1.000")


def test_nothing_resolved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    events = [{"type": "CONSULT", "source": [_actor("Ghana", "GHA")], "target": []}]
    report = _run(monkeypatch, tmp_path, [(events, _coded([], []))])
    assert _rows(report) == {"country": ["0.000", "0.000", "0.000"],
                             "+sector": ["0.000", "0.000", "0.000"]}
    assert "gold actors 1, resolved 0; errors: not resolved 1" in report


def test_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    right = [{"type": "CONSULT", "source": [_actor("Ghana", "GHA")], "target": []}]
    wrong = [{"type": "CONSULT", "source": [_actor("Ghana", "BEN")], "target": []}]
    record = _coded([("Ghana", "GHA")], [GHANA])
    report = _run(monkeypatch, tmp_path, [(right, record), (wrong, record)], limit=1)
    assert "gold actors 1, resolved 1" in report
    assert report.splitlines()[-1] == "actors: country_f1=1.000 sector_f1=1.000"


# --- end to end: the real coder --------------------------------------------------------------

# invented sentences; some gold codes are deliberately not what the coder finds
E2E = [
    {"id": "a1", "date": "2010-05-04", "text": "The Japanese government protested to China.",
     "events": [{"type": "ACCUSE", "source": [_actor("Japanese government", "JAP", "GOV")],
                 "target": [_actor("China", "CHN")]}]},
    {"id": "a2", "date": "2010-05-04", "text": "Kenya sent aid to Somalia.",
     "events": [{"type": "AID", "source": [_actor("Kenya", "KEN", "GOV")],
                 "target": [_actor("Somalia", "ETH")]}]},
    {"id": "a3", "date": "2010-05-04", "text": "The weather was mild in Oslo.",
     "events": [{"type": "CONSULT", "source": [_actor("Sweden", "SWE"), _actor("fog", "***")],
                 "target": [_actor("Oslo", "NOR")]}]},
]


def _e2e_gold(tmp_path: Path) -> Path:
    path = tmp_path / "actors_gold.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in E2E) + "\n", encoding="utf-8")
    return path


def test_end_to_end(tmp_path: Path) -> None:
    # Japanese government: JPN/GOV for gold JAP/GOV, right; China: right; Kenya: right
    # country, no sector for gold GOV; Somalia: wrong country (gold says ETH); Sweden: not in
    # the sentence; fog: '***', skipped; Oslo: a place in Norway, right.
    # gold 6, resolved 5, country 4, sector 3
    report = scorer.evaluate_actors(_e2e_gold(tmp_path))
    assert "gold actors 6, resolved 5" in report
    assert _rows(report) == {"country": ["0.800", "0.667", "0.727"],
                             "+sector": ["0.600", "0.500", "0.545"]}
    assert report.splitlines()[-1] == "actors: country_f1=0.727 sector_f1=0.545"


def test_cli_end_to_end(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "actors", str(_e2e_gold(tmp_path)),
                                      "--limit", "2"])
    assert result.exit_code == 0, result.output
    # the first two sentences: gold 4, resolved 4, country 3, sector 2
    assert result.output.strip().splitlines()[-1] == "actors: country_f1=0.750 sector_f1=0.500"


# --- PLV-style gold: words without codes, the share resolved to a country -------------------

PLV = [
    {"id": "p1", "text": "Ghana accused the Zorbian rebels on Monday.",
     "events": [{"type": "ACCUSE", "source": [{"text": "Ghana"}],
                 "target": [{"text": "Zorbian rebels"}]}]},
    {"id": "p2", "text": "Police in Nairobi arrested a journalist.",
     "events": [{"type": "COERCE", "source": [{"text": "Police in Nairobi"}],
                 "target": [{"text": "journalist"}, {"text": "recipient"}]}]},
]


def test_plv_gold_measures_the_share_of_actors_with_a_country(tmp_path: Path) -> None:
    path = tmp_path / "plv.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in PLV) + "\n", encoding="utf-8")
    # Ghana: GHA; Zorbian rebels: no country; police in Nairobi: KEN (the town's);
    # journalist: no country; 'recipient' is a placeholder, not counted
    report = scorer.evaluate_actors(path)
    assert "gold actor texts 4, with a country 2" in report
    assert report.splitlines()[-1] == "actors: resolution=0.500"
