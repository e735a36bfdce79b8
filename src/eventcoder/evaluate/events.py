"""`eventcoder eval events`: PLOVER events against gold events, sentence by sentence.

A predicted event matches a gold event of its sentence when the types are equal, its
source country is one of the gold sources' (or both have none) and its target country one
of the gold targets' (a missing gold target matches a missing target). A compound gold
event ("Jordan and Britain agreed") is matched by one prediction per pair of its countries;
a second prediction for the same pair counts as wrong. Precision is over all predicted
events (negated ones, which PLOVER leaves out, are not scored), recall over gold events.
Type accuracy is over sentences with at least one predicted event: the type of the
sentence's main event (the first whose source is a gold source, else the first) against
the gold type.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..interpret.events.lexicon import TYPES
from ..model import CodedArticle, Event
from ..pipeline import Coder
from .plover_gold import GoldActor, GoldEvent, code_gold, country_matches, f1, ratio, read_gold
from .plv import evaluate_plv, is_plv


def _country(record: CodedArticle, actor_id: str | None) -> str | None:
    actor = record.actor(actor_id)
    return actor.country if actor else None


def _side_matches(gold: list[GoldActor], predicted: str | None, actor_id: str | None) -> bool:
    if not gold:
        return actor_id is None
    return any(country_matches(g.country, predicted) for g in gold)


def matches(record: CodedArticle, event: Event, gold: GoldEvent) -> bool:
    return (event.type == gold.type
            and _side_matches(gold.sources, _country(record, event.source), event.source)
            and _side_matches(gold.targets, _country(record, event.target), event.target))


def _matched_pair(record: CodedArticle, event: Event, gold: GoldEvent) -> tuple:
    """The gold (source, target) countries this prediction stands for."""
    def side(golds: list[GoldActor], actor_id: str | None) -> str | None:
        country = _country(record, actor_id)
        return next((g.country for g in golds if country_matches(g.country, country)), None)

    return side(gold.sources, event.source), side(gold.targets, event.target)


def evaluate_events(gold: Path, limit: int | None = None, rules_only: bool = False) -> str:
    """The report on a PLOVER gold file (actor codes), or on a PLV-style one (see `plv`).
    The learned model is cross-validated: a sentence it was trained on is judged by the
    model of the fold that did not see it."""
    coder = Coder(rules_only=rules_only, cross_validated=True)
    if is_plv(gold):
        return evaluate_plv(gold, limit, coder)
    right: Counter[str] = Counter()  # predictions, by type
    wrong: Counter[str] = Counter()
    found: Counter[str] = Counter()  # gold events, by type
    missed: Counter[str] = Counter()
    typed, typed_right = 0, 0
    for sentence, record in code_gold(read_gold(gold, limit), coder):
        events = [e for e in record.events if e.modality != "negated"]
        used: set[tuple] = set()
        matched_gold = set()
        for event in events:
            hits = [i for i, g in enumerate(sentence.events) if matches(record, event, g)]
            keys = [(i, *_matched_pair(record, event, sentence.events[i])) for i in hits]
            fresh = [k for k in keys if k not in used]
            if fresh:  # each gold (source, target) pair is matched by one prediction only
                used.add(fresh[0])
                matched_gold.add(fresh[0][0])
                right[event.type] += 1
            else:
                wrong[event.type] += 1
        for i, g in enumerate(sentence.events):
            (found if i in matched_gold else missed)[g.type] += 1
        if events and sentence.events:
            typed += 1
            gold_event = sentence.events[0]
            main = next((e for e in events if _side_matches(
                gold_event.sources, _country(record, e.source), e.source)), events[0])
            typed_right += main.type == gold_event.type
    lines = [f"{'type':10} {'gold':>5} {'pred':>5} {'precision':>9} {'recall':>7} {'f1':>6}"]
    for type_ in sorted(TYPES):
        gold_n, pred_n = found[type_] + missed[type_], right[type_] + wrong[type_]
        if not gold_n and not pred_n:
            continue
        p, r = ratio(right[type_], pred_n), ratio(found[type_], gold_n)
        lines.append(f"{type_:10} {gold_n:5} {pred_n:5} {p:9.3f} {r:7.3f} {f1(p, r):6.3f}")
    pred_n, gold_n = sum(right.values()) + sum(wrong.values()), sum(found.values()) + sum(
        missed.values())
    precision = ratio(sum(right.values()), pred_n)
    recall = ratio(sum(found.values()), gold_n)
    type_acc = ratio(typed_right, typed)
    lines.append(f"{'all':10} {gold_n:5} {pred_n:5} "
                 f"{precision:9.3f} {recall:7.3f} {f1(precision, recall):6.3f}")
    lines.append(f"type accuracy {type_acc:.3f} over {typed} sentences with events")
    lines.append(f"events: f1={f1(precision, recall):.3f} type_acc={type_acc:.3f} "
                 f"precision={precision:.3f} recall={recall:.3f}")
    return "\n".join(lines)
