"""The events scorer (`eventcoder eval events`) on tiny gold files written for this test.

Most tests feed `run` hand-built coded records in place of the coder's, so that they pin the
scorer's arithmetic whatever the coder finds; the last two run the real coder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.evaluate import events as scorer
from eventcoder.evaluate.plover_gold import GoldActor, GoldEvent, GoldSentence
from eventcoder.model import Actor, Article, CodedArticle, Event, Span

TEXT = "Ghana thanked Togo."


def _record(text: str, events: list[tuple], countries: dict[str, str | None] | None = None,
            ) -> CodedArticle:
    """A coded record with events (type, source id, target id[, modality]); an actor id is
    its country unless `countries` says otherwise."""
    ids = {i for e in events for i in e[1:3] if i}
    countries = {i: i for i in ids} | (countries or {})
    coded = [Event(id=f"E{n}", type=e[0], source=e[1], target=e[2],
                   modality=e[3] if len(e) > 3 else "asserted",
                   trigger=Span.of(text, 0, 1), sentence=Span.of(text, 0, len(text)))
             for n, e in enumerate(events, 1)]
    return CodedArticle(article=Article(text=text),
                        actors=[Actor(id=i, name=i, country=c) for i, c in countries.items()],
                        events=coded)


def _side(*codes: str) -> list[dict]:
    return [{"text": c.lower(), "code": c, "sector": None} for c in codes]


def _gold_event(type_: str, sources: tuple = (), targets: tuple = ()) -> dict:
    return {"type": type_, "mode": None, "context": [], "source": _side(*sources),
            "target": _side(*targets)}


def _write(tmp_path: Path, sentences: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    lines = [{"id": f"s{i}", "date": "2003-02-11", "text": TEXT} | s
             for i, s in enumerate(sentences)]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def _run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pairs: list[tuple[list, list]],
         limit: int | None = None, countries: dict[str, str | None] | None = None) -> str:
    """Score gold sentences [(gold events, predicted events)] with the predictions as the
    coder's output."""
    gold = _write(tmp_path, [{"events": g} for g, _ in pairs])
    records = {f"s{i}": _record(TEXT, p, countries) for i, (_, p) in enumerate(pairs)}

    def fake_code_gold(sentences: list[GoldSentence], coder: object = None,
                       ) -> list[tuple[GoldSentence, CodedArticle]]:
        return [(s, records[s.id]) for s in sentences]

    monkeypatch.setattr(scorer, "code_gold", fake_code_gold)
    return scorer.evaluate_events(gold, limit)


def _summary(report: str) -> dict[str, float]:
    head, _, rest = report.strip().splitlines()[-1].partition(": ")
    assert head == "events"
    return {k: float(v) for k, v in (kv.split("=") for kv in rest.split())}


def _row(report: str, name: str) -> list[str]:
    (row,) = [line.split() for line in report.splitlines() if line.split()[0] == name]
    return row[1:]


# --- matches: one prediction against one gold event ------------------------------------------


def _gold(type_: str, sources: tuple = (), targets: tuple = ()) -> GoldEvent:
    return GoldEvent(type_, None, [GoldActor(c, c, None) for c in sources],
                     [GoldActor(c, c, None) for c in targets])


@pytest.mark.parametrize(("predicted", "gold", "expected"), [
    (("SUPPORT", "GHA", "TGO"), _gold("SUPPORT", ("GHA",), ("TGO",)), True),
    (("SUPPORT", "GHA", "TGO"), _gold("AGREE", ("GHA",), ("TGO",)), False),  # type
    (("SUPPORT", "TGO", "GHA"), _gold("SUPPORT", ("GHA",), ("TGO",)), False),  # reversed
    (("SUPPORT", "GHA", "TGO"), _gold("SUPPORT", ("GHA",), ("BEN",)), False),  # target
    # a missing gold target matches a missing target only
    (("SUPPORT", "GHA", None), _gold("SUPPORT", ("GHA",)), True),
    (("SUPPORT", "GHA", "TGO"), _gold("SUPPORT", ("GHA",)), False),
    (("SUPPORT", "GHA", None), _gold("SUPPORT", ("GHA",), ("TGO",)), False),
    # no gold source: a prediction always has one, so it never matches
    (("SUPPORT", "GHA", "TGO"), _gold("SUPPORT", (), ("TGO",)), False),
    # any of a compound side's countries
    (("SUPPORT", "BEN", "TGO"), _gold("SUPPORT", ("GHA", "BEN"), ("TGO",)), True),
    # the country equivalences of the gold reader
    (("SUPPORT", "UNO", "TGO"), _gold("SUPPORT", ("IGO",), ("TGO",)), True),
    (("SUPPORT", "JPN", "TGO"), _gold("SUPPORT", ("JAP",), ("TGO",)), True),
])
def test_matches(predicted: tuple, gold: GoldEvent, expected: bool) -> None:
    record = _record(TEXT, [predicted])
    assert scorer.matches(record, record.events[0], gold) is expected


def test_matches_compares_countries_not_actor_ids() -> None:
    # a government and a person of Ghana are both Ghana; an actor of unknown country is no one
    record = _record(TEXT, [("SUPPORT", "GHA-GOV", "person:x"), ("SUPPORT", "CVL", "TGO")],
                     {"GHA-GOV": "GHA", "person:x": "TGO", "CVL": None})
    assert scorer.matches(record, record.events[0], _gold("SUPPORT", ("GHA",), ("TGO",)))
    assert not scorer.matches(record, record.events[1], _gold("SUPPORT", ("GHA",), ("TGO",)))


def test_mode_is_not_scored() -> None:
    record = _record(TEXT, [("ACCUSE", "GHA", "TGO")])
    record.events[0].mode = "disapprove"
    gold = GoldEvent("ACCUSE", "investigate", [GoldActor("g", "GHA", None)],
                     [GoldActor("t", "TGO", None)])
    assert scorer.matches(record, record.events[0], gold)


# --- run: the arithmetic ---------------------------------------------------------------------


def test_two_of_three_matched_and_one_spurious(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))], [("SUPPORT", "GHA", "TGO")]),
        ([_gold_event("ACCUSE", ("BEN",), ("TGO",))], [("ACCUSE", "BEN", "TGO")]),
        # the gold ASSAULT is missed; the REJECT is spurious
        ([_gold_event("ASSAULT", ("MLI",), ("NER",))], [("REJECT", "NER", "MLI")]),
    ])
    # predicted 3, right 2; gold 3, found 2: P = R = F1 = 2/3
    assert _row(report, "all") == ["3", "3", "0.667", "0.667", "0.667"]
    assert _row(report, "SUPPORT") == ["1", "1", "1.000", "1.000", "1.000"]
    assert _row(report, "ASSAULT") == ["1", "0", "0.000", "0.000", "0.000"]
    assert _row(report, "REJECT") == ["0", "1", "0.000", "0.000", "0.000"]
    assert "type accuracy 0.667 over 3 sentences with events" in report
    assert _summary(report) == {"f1": 0.667, "type_acc": 0.667, "precision": 0.667,
                                "recall": 0.667}


def test_several_events_in_one_sentence(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    gold = [_gold_event("SUPPORT", ("GHA",), ("TGO",)), _gold_event("SUPPORT", ("GHA",), ("TGO",)),
            _gold_event("ACCUSE", ("BEN",), ("NER",))]
    # two identical gold events are matched by two identical predictions, one each; a third
    # identical prediction has nothing left; the ACCUSE is missed
    predicted = [("SUPPORT", "GHA", "TGO")] * 3
    report = _run(monkeypatch, tmp_path, [(gold, predicted)])
    assert _row(report, "SUPPORT") == ["2", "3", "0.667", "1.000", "0.800"]
    assert _row(report, "ACCUSE") == ["1", "0", "0.000", "0.000", "0.000"]
    # P = 2/3, R = 2/3
    assert _row(report, "all") == ["3", "3", "0.667", "0.667", "0.667"]


def test_compound_gold_event_is_matched_once_per_country_pair(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # "Mali and Niger agreed": one gold event, two sources, no target
    gold = [_gold_event("AGREE", ("MLI", "NER"))]
    predicted = [("AGREE", "MLI", None), ("AGREE", "NER", None), ("AGREE", "NER", None)]
    report = _run(monkeypatch, tmp_path, [(gold, predicted)])
    # predictions: 2 right, the repeated Niger one wrong; the gold event is found once
    assert _row(report, "all") == ["1", "3", "0.667", "1.000", "0.800"]
    assert _summary(report)["precision"] == 0.667
    assert _summary(report)["recall"] == 1.0


def test_equivalent_codes_are_one_country_pair(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    # UN and EU both stand for the gold IGO: the second counts as a repeat
    gold = [_gold_event("REQUEST", ("IGO",), ("SDN",))]
    predicted = [("REQUEST", "UNO", "SDN"), ("REQUEST", "EUR", "SDN")]
    report = _run(monkeypatch, tmp_path, [(gold, predicted)])
    assert _row(report, "all") == ["1", "2", "0.500", "1.000", "0.667"]


def test_negated_predictions_are_not_scored(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("ASSAULT", ("MLI",), ("NER",))],
         [("ASSAULT", "MLI", "NER", "negated"), ("ASSAULT", "NER", "MLI", "negated")]),
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))],
         [("SUPPORT", "GHA", "TGO"), ("ACCUSE", "GHA", "TGO", "negated")]),
    ])
    # only the asserted SUPPORT is a prediction; the first sentence has none, so it is not
    # counted in type accuracy either
    assert _row(report, "all") == ["2", "1", "1.000", "0.500", "0.667"]
    assert "ACCUSE" not in report
    assert "type accuracy 1.000 over 1 sentences with events" in report


def test_other_modalities_are_scored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))],
         [("SUPPORT", "GHA", "TGO", "intended"), ("AID", "GHA", "TGO", "hypothetical")]),
    ])
    assert _row(report, "all") == ["1", "2", "0.500", "1.000", "0.667"]


def test_sentence_without_gold_events(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))], [("SUPPORT", "GHA", "TGO")]),
        # gold has no event here: the prediction is spurious, and the sentence is not typed
        ([], [("PROTEST", "TGO", "GHA")]),
        ([], []),
    ])
    assert _row(report, "all") == ["1", "2", "0.500", "1.000", "0.667"]
    assert "type accuracy 1.000 over 1 sentences with events" in report


def test_no_predictions_at_all(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))], []),
        ([_gold_event("COERCE", ("GHA",), ("TGO",))], []),
    ])
    assert _row(report, "all") == ["2", "0", "0.000", "0.000", "0.000"]
    assert "type accuracy 0.000 over 0 sentences with events" in report
    assert _summary(report) == {"f1": 0.0, "type_acc": 0.0, "precision": 0.0, "recall": 0.0}


def test_empty_gold_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [])
    assert report.splitlines()[1].split() == ["all", "0", "0", "0.000", "0.000", "0.000"]
    assert _summary(report) == {"f1": 0.0, "type_acc": 0.0, "precision": 0.0, "recall": 0.0}


def test_type_accuracy_takes_the_event_of_a_gold_source(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        # main event: the first whose source is a gold source (Ghana's SUPPORT), right
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))],
         [("ACCUSE", "TGO", "GHA"), ("SUPPORT", "GHA", "BEN")]),
        # no source is a gold source: the first event (REJECT), wrong
        ([_gold_event("AGREE", ("MLI",), ("NER",))],
         [("REJECT", "BEN", "NER"), ("AGREE", "TGO", "NER")]),
        # the type is right though the target is wrong
        ([_gold_event("THREATEN", ("MLI",), ("NER",))], [("THREATEN", "MLI", "BEN")]),
    ])
    assert "type accuracy 0.667 over 3 sentences with events" in report
    # none of the five predictions matches its gold event
    assert _row(report, "all") == ["3", "5", "0.000", "0.000", "0.000"]


def test_type_accuracy_uses_the_first_gold_event(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    gold = [_gold_event("AID", ("GHA",), ("TGO",)), _gold_event("SUPPORT", ("GHA",), ("TGO",))]
    report = _run(monkeypatch, tmp_path, [(gold, [("SUPPORT", "GHA", "TGO")])])
    assert "type accuracy 0.000 over 1 sentences with events" in report
    assert _row(report, "all") == ["2", "1", "1.000", "0.500", "0.667"]


def test_gold_type_outside_plover_2_is_missed(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    # no label mapping: a PLOVER 1 YIELD can match no prediction, has no row of its own, and
    # counts as a missed gold event in the totals
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("YIELD", ("GHA",), ("TGO",))], [("CONCEDE", "GHA", "TGO")]),
        ([_gold_event("AID", ("GHA",), ("TGO",))], [("AID", "GHA", "TGO")]),
    ])
    assert "YIELD" not in report
    assert _row(report, "CONCEDE") == ["0", "1", "0.000", "0.000", "0.000"]
    assert _row(report, "all") == ["2", "2", "0.500", "0.500", "0.500"]


def test_unknown_gold_country_needs_a_prediction_of_no_one(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a gold target coded '***' is skipped, so the gold event reads as having no target; a
    # prediction with a target then does not match it, one without does
    gold = [{"type": "COERCE", "source": _side("GHA"),
             "target": [{"text": "smugglers", "code": "***", "sector": "CRM"}]}]
    report = _run(monkeypatch, tmp_path, [(gold, [("COERCE", "GHA", "CRM")]),
                                          (gold, [("COERCE", "GHA", None)])],
                  countries={"CRM": None})
    assert _row(report, "all") == ["2", "2", "0.500", "0.500", "0.500"]


def test_limit_scores_the_first_sentences(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    report = _run(monkeypatch, tmp_path, [
        ([_gold_event("SUPPORT", ("GHA",), ("TGO",))], [("SUPPORT", "GHA", "TGO")]),
        ([_gold_event("AID", ("GHA",), ("TGO",))], []),
    ], limit=1)
    assert _summary(report) == {"f1": 1.0, "type_acc": 1.0, "precision": 1.0, "recall": 1.0}


# --- end to end: the real coder --------------------------------------------------------------

# invented sentences; the gold of the second is deliberately not what the coder finds
E2E = [
    {"id": "e1", "date": "2010-05-04", "text": "Kenya sent aid to Somalia.",
     "events": [_gold_event("AID", ("KEN",), ("SOM",))]},
    {"id": "e2", "date": "2010-05-04", "text": "Chile threatened Peru with sanctions.",
     "events": [_gold_event("SANCTION", ("CHL",), ("PER",))]},
    {"id": "e3", "date": "2010-05-04", "text": "The weather was mild in Oslo.", "events": []},
]


def _e2e_gold(tmp_path: Path) -> Path:
    path = tmp_path / "events_gold.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in E2E) + "\n", encoding="utf-8")
    return path


def test_end_to_end(tmp_path: Path) -> None:
    # the coder finds AID Kenya -> Somalia (right) and THREATEN Chile -> Peru (wrong type, so
    # the gold SANCTION is missed), nothing in the weather sentence: P = R = 1/2, and the main
    # event's type is right in 1 of the 2 sentences with events
    report = scorer.evaluate_events(_e2e_gold(tmp_path))
    assert _row(report, "AID") == ["1", "1", "1.000", "1.000", "1.000"]
    assert _row(report, "THREATEN") == ["0", "1", "0.000", "0.000", "0.000"]
    assert _row(report, "SANCTION") == ["1", "0", "0.000", "0.000", "0.000"]
    assert "type accuracy 0.500 over 2 sentences with events" in report
    assert report.splitlines()[-1] == (
        "events: f1=0.500 type_acc=0.500 precision=0.500 recall=0.500")


def test_cli_end_to_end(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events", str(_e2e_gold(tmp_path)),
                                      "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == (
        "events: f1=1.000 type_acc=1.000 precision=1.000 recall=1.000")
