"""The learned event model's mechanism: how its probabilities keep, drop, retype or propose
events, cross-validated weights, and --rules-only. Weights here are made by hand."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder import settings
from eventcoder.interpret.events.judge import PROPOSED, Candidate, ModelJudge, Verdict
from eventcoder.interpret.events.model import NONE, EventModel, Weights, actor_kind, text_key
from eventcoder.model import Article
from eventcoder.pipeline import Coder

CLASSES = ("ACCUSE", "ASSAULT", NONE, "SUPPORT")


def _weights(votes: dict[str, dict[str, float]]) -> Weights:
    """Weights where each feature votes for classes."""
    index = {f: n for n, f in enumerate(votes)}
    coef = np.zeros((len(index), len(CLASSES)))
    for feature, by_class in votes.items():
        for class_, weight in by_class.items():
            coef[index[feature], CLASSES.index(class_)] = weight
    return Weights(index, coef, np.zeros(len(CLASSES)))


def _judge(votes: dict[str, dict[str, float]]) -> ModelJudge:
    weights = _weights(votes)
    return ModelJudge(EventModel(CLASSES, weights, (weights,), {}), weights)


def _candidate(text: str, word: str, type_: str) -> Candidate:
    from eventcoder.annotate import annotate_many

    doc = next(annotate_many([text]))
    token = next(t for t in doc if t.text == word)
    return Candidate(token, type_, word.lower(), "asserted", "GHA", "TGO")


def test_probabilities_are_a_softmax_over_the_features_present() -> None:
    weights = _weights({"a": {"ACCUSE": 2.0}, "b": {"ACCUSE": 1.0, NONE: 1.0}})
    p = weights.probabilities(["a", "b", "unknown", "a"])  # repeats count once
    assert p.sum() == pytest.approx(1.0)
    assert p.argmax() == CLASSES.index("ACCUSE")
    assert weights.probabilities([]).tolist() == pytest.approx([0.25] * 4)


def test_the_model_keeps_drops_or_retypes_a_candidate() -> None:
    candidate = _candidate("Ghana praised Togo.", "praised", "SUPPORT")
    keep = _judge({"lemma=praise": {"SUPPORT": 5.0}})(candidate)
    assert keep == Verdict(True, "SUPPORT", keep.note) and "P(SUPPORT)=0.9" in keep.note
    assert "lemma=praise" in keep.note
    drop = _judge({"lemma=praise": {NONE: 5.0}})(candidate)
    assert drop is not None and not drop.keep
    retype = _judge({"lemma=praise": {"ACCUSE": 5.0}})(candidate)
    assert retype is not None and retype.keep and retype.type == "ACCUSE"
    assert "model retypes: P(ACCUSE)" in retype.note


def test_a_proposal_needs_a_likely_type(monkeypatch: pytest.MonkeyPatch) -> None:
    candidate = _candidate("Ghana pestered Togo.", "pestered", PROPOSED)
    verdict = _judge({"lemma=pester": {"ACCUSE": 5.0}})(candidate)
    assert verdict is not None and verdict.keep and verdict.type == "ACCUSE"
    monkeypatch.setattr(settings, "MODEL_PROPOSE", 0.99)
    verdict = _judge({"lemma=pester": {"ACCUSE": 5.0}})(candidate)
    assert verdict is not None and not verdict.keep


def test_cross_validated_weights_are_those_that_did_not_see_the_text() -> None:
    full, fold0, fold1 = (_weights({}) for _ in range(3))
    seen = "Ghana praised Togo."
    model = EventModel(CLASSES, full, (fold0, fold1), {text_key(seen): 1})
    assert model.weights_for(seen, cross_validated=True) is fold1
    assert model.weights_for(seen, cross_validated=False) is full
    assert model.weights_for("Something else.", cross_validated=True) is full


def test_actor_kinds() -> None:
    assert [actor_kind(a) for a in ("person:jane-doe", "org:red-cross", "UNO", "GHA",
                                    "GHA-MIL", "XXX-CVL", None)] == [
        "person", "org", "UNO", "country", "group:MIL", "group:CVL:unknown", "none"]


def _coded(text: str, judge: ModelJudge | None, rules_only: bool = False) -> list:
    coder = Coder(rules_only=rules_only, judge=(lambda article: judge) if judge else None)
    return coder.code_article(Article(text=text)).events


def test_the_coder_asks_the_model_and_says_so_in_the_why() -> None:
    judge = _judge({"lemma=praise": {NONE: 5.0}, "lemma=pester": {"ACCUSE": 5.0}})
    assert _coded("Ghana praised Togo.", None)  # the rules find it
    assert not _coded("Ghana praised Togo.", judge)  # the model drops it
    # a verb no lexicon entry reads, proposed by the model with the rules' parties
    events = _coded("Ghana pestered Togo.", judge)
    assert [(e.type, e.source, e.target) for e in events] == [("ACCUSE", "GHA", "TGO")]
    assert "proposed_by_the_model" in events[0].rules and "P(ACCUSE)=" in events[0].why
    assert not _coded("Ghana pestered Togo.", judge, rules_only=True)


def test_a_plover1_yield_becomes_a_plover2_type() -> None:
    from eventcoder.interpret.events.plover_rules import plover2_type

    # the lexicon's type for the word wins; else material (asserted) or verbal
    assert plover2_type("YIELD", "asserted", ["CONCEDE", "AGREE"]) == "CONCEDE"
    assert plover2_type("YIELD", "asserted", []) == "RETREAT"
    assert plover2_type("YIELD", "intended", []) == "CONCEDE"
    assert plover2_type("ASSAULT", "asserted", ["RETREAT"]) == "ASSAULT"


def test_no_proposal_for_a_verb_that_frames_a_coded_event() -> None:
    from eventcoder.pipeline import Coder, make_article

    record = Coder().code_article(make_article(
        "Chile plans to impose sanctions on Peru next month.", "2025-06-13"))
    assert not [e for e in record.events if "proposed_by_the_model" in e.rules], \
        [(e.type, e.why) for e in record.events]


def test_no_proposal_for_a_verb_that_acts_on_nothing() -> None:
    from eventcoder.pipeline import Coder, make_article

    # 'returning to Lima' is travel, not a return of something to someone
    record = Coder().code_article(make_article(
        "The Chilean minister was returning to Lima after a visit to Peru.", "2025-06-13"))
    assert not [e for e in record.events if "proposed_by_the_model" in e.rules], \
        [(e.type, e.why) for e in record.events]
