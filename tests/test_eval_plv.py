"""The PLV scorer (`eventcoder eval events` on PLV-style gold) on gold lines written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.evaluate import plv
from eventcoder.evaluate.events import evaluate_events
from eventcoder.model import Article, CodedArticle, Event, Mention, Span

TEXT = "Malawi police arrested Zambian traders in Lusaka."


def _mention(words: str, actor: str) -> Mention:
    start = TEXT.index(words)
    return Mention(span=Span.of(TEXT, start, start + len(words)), actor=actor)


def _event(type_: str, source: str | None, target: str | None,
           modality: str = "asserted") -> Event:
    return Event(id="E", type=type_, source=source, target=target, modality=modality,
                 trigger=Span.of(TEXT, 14, 22), sentence=Span.of(TEXT, 0, len(TEXT)))


def _record(events: list[Event]) -> CodedArticle:
    place_start = TEXT.index("Lusaka")
    return CodedArticle(
        article=Article(text=TEXT),
        mentions=[_mention("Malawi police", "MWI-COP"), _mention("Zambian traders", "XXX-BUS")],
        places=[Mention(span=Span.of(TEXT, place_start, place_start + 6), actor="ZMB")],
        events=events)


def _gold(type_: str, source: str, target: str) -> plv.PlvSentence:
    return plv.PlvSentence("s", TEXT, type_, source, target)


def _tally(pairs: list[tuple[plv.PlvSentence, list[Event]]]) -> plv.PlvTally:
    tally = plv.PlvTally.empty()
    for gold, events in pairs:
        tally.add(gold, _record(events))
    return tally


def _figures(report: str) -> dict[str, float]:
    last = report.splitlines()[-1]
    assert last.startswith("plv: ")
    return {k: float(v) for k, v in (p.split("=") for p in last[5:].split())}


def test_figures_are_shares_of_sentences_and_of_predictions() -> None:
    gold = _gold("COERCE", "Malawi police", "Zambian traders")
    tally = _tally([
        # right type and both actors; one more event of another type
        (gold, [_event("COERCE", "MWI-COP", "XXX-BUS"), _event("ACCUSE", "MWI-COP", "ZMB")]),
        # right type, wrong target, and not the first event
        (gold, [_event("ASSAULT", "MWI-COP", None), _event("COERCE", "MWI-COP", "ZMB")]),
        # nothing
        (gold, []),
        # a negated event is not scored
        (gold, [_event("COERCE", "MWI-COP", "XXX-BUS", modality="negated")]),
    ])
    figures = _figures(plv.report(tally))
    assert figures == {"type_recall": 0.5, "full_recall": 0.25, "first_type": 0.25,
                       "off_type": 0.5}


def test_an_actor_given_a_country_keeps_its_mentions_and_a_country_its_places() -> None:
    # the events stage made XXX-BUS into ZMB-BUS; ZMB is named only as a place
    gold = _gold("COERCE", "Malawi police", "Zambian traders")
    assert _figures(plv.report(_tally([(gold, [_event("COERCE", "MWI-COP", "ZMB-BUS")])])))[
        "full_recall"] == 1.0
    gold = _gold("COERCE", "Malawi police", "Lusaka")
    assert _figures(plv.report(_tally([(gold, [_event("COERCE", "MWI-COP", "ZMB")])])))[
        "full_recall"] == 1.0
    assert _figures(plv.report(_tally([(gold, [_event("COERCE", "MWI-COP", "MWI")])])))[
        "full_recall"] == 0.0


@pytest.mark.parametrize(("predicted", "right"), [("CONCEDE", True), ("RETREAT", True),
                                                  ("AGREE", False)])
def test_yield_matches_concede_or_retreat(predicted: str, right: bool) -> None:
    gold = _gold("YIELD", "Malawi police", "Zambian traders")
    figures = _figures(plv.report(_tally([(gold, [_event(predicted, "MWI-COP", "XXX-BUS")])])))
    assert figures["type_recall"] == (1.0 if right else 0.0)
    assert figures["off_type"] == (0.0 if right else 1.0)


def _write(tmp_path: Path, lines: list[dict]) -> Path:
    path = tmp_path / "plv.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_plv_files_are_told_from_coded_gold_and_bad_lines_are_located(tmp_path: Path) -> None:
    line = {"id": "p1", "text": "Peru thanked Chile.", "events": [
        {"type": "SUPPORT", "source": [{"text": "Peru"}], "target": [{"text": "Chile"}]}]}
    path = _write(tmp_path, [line])
    assert plv.is_plv(path)
    coded = dict(line, events=[{"type": "SUPPORT", "source": [
        {"text": "Peru", "code": "PER"}], "target": [{"text": "Chile", "code": "CHL"}]}])
    assert not plv.is_plv(_write(tmp_path, [coded]))
    bad = _write(tmp_path, [line, {"id": "p2", "text": "No events here."}])
    with pytest.raises(plv.PlvGoldError, match=r"plv.jsonl:2"):
        plv.read_plv(bad)


def test_end_to_end_with_the_coder(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        {"id": "p1", "text": "Peru thanked Chile on Monday.", "events": [
            {"type": "SUPPORT", "source": [{"text": "Peru"}], "target": [{"text": "Chile"}]}]},
        {"id": "p2", "text": "The weather in Lima was mild.", "events": [
            {"type": "AID", "source": [{"text": "Lima"}], "target": [{"text": "Peru"}]}]},
    ])
    figures = _figures(evaluate_events(path))
    assert figures["type_recall"] == 0.5 and figures["full_recall"] == 0.5


def test_a_placeholder_for_an_unnamed_party_agrees_with_none() -> None:
    record = _record([])
    assert plv.agrees(record, None, "recipient")
    assert not plv.agrees(record, "XXX-BUS", "recipient")
    assert not plv.agrees(record, None, "Zambian traders")
    assert plv.agrees(record, "XXX-BUS", "Zambian traders")
