"""How the learned model's probabilities decide a candidate event: keep it, drop it (not a
reported event) or give it another type. The thresholds are in `settings`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from ... import settings
from .model import NONE, EventModel, Weights, candidate_features
from .plover_rules import PLOVER1_LABELS

#: The rule type of a verb the lexicon does not read, proposed to the model.
PROPOSED = "event model"
#: The pattern of a proposed verb that the lexicon knows in other phrases (a feature: such
#: a word is more often an event than one the lexicon never saw).
KNOWN_WORD = "word of the lexicon"
#: The PLOVER 1 label of the training data a 2.0 type falls under ("RETREAT": "YIELD").
_OLD_LABEL = {new: old for old, types in PLOVER1_LABELS.items() for new in types}


@dataclass(frozen=True)
class Verdict:
    keep: bool
    type: str  # the type to give the event (the rules' type unless the model changes it)
    note: str  # for the event's why


@dataclass(frozen=True)
class Candidate:
    """What the judge sees of a candidate event."""

    token: Token
    type: str
    pattern: str
    modality: str
    source: str | None
    target: str | None

    def features(self) -> list[str]:
        return candidate_features(self.token, self.type, self.pattern, self.modality,
                                  self.source, self.target)


#: Decides on a candidate; None: no opinion (the rules' event stands).
Judge = Callable[[Candidate], "Verdict | None"]


class ModelJudge:
    """Applies one set of weights of the event model to an article's candidates."""

    def __init__(self, model: EventModel, weights: Weights) -> None:
        self.model, self.weights = model, weights

    def __call__(self, candidate: Candidate) -> Verdict:
        features = candidate.features()
        probabilities = dict(zip(self.model.classes,
                                 self.weights.probabilities(features).tolist(), strict=True))
        rule_type = candidate.type
        p_rule = probabilities.get(_OLD_LABEL.get(rule_type, rule_type), 0.0)
        p_none = probabilities.get(NONE, 0.0)
        # the best type may be a PLOVER 1 label (YIELD), which the caller makes a 2.0 type
        best = max((c for c in self.model.classes if c != NONE), key=lambda c: probabilities[c])
        p_best = probabilities[best]
        said = f"; model: P({rule_type})={p_rule:.2f} P(no event)={p_none:.2f}"
        if rule_type == PROPOSED:
            keep = p_best >= settings.MODEL_PROPOSE and p_best > p_none
            why = self.model.explain(self.weights, features, best)
            return Verdict(keep, best, f"; model: P({best})={p_best:.2f} "
                           f"P(no event)={p_none:.2f} [{', '.join(why)}]")
        if p_none >= settings.MODEL_DROP and p_none > p_rule:
            why = self.model.explain(self.weights, features, NONE)
            return Verdict(False, rule_type, f"{said} [{', '.join(why)}]")
        # an entry with required words ('impose + sanction') says what the act is: the
        # model may retype only a bare word's event
        if best != _OLD_LABEL.get(rule_type, rule_type) and "+" not in candidate.pattern \
                and p_best >= settings.MODEL_RETYPE \
                and p_best >= p_rule + settings.MODEL_RETYPE_MARGIN:
            why = self.model.explain(self.weights, features, best)
            return Verdict(True, best, f"{said}; model retypes: P({best})={p_best:.2f} "
                           f"[{', '.join(why)}]")
        why = self.model.explain(self.weights, features, _OLD_LABEL.get(rule_type, rule_type))
        return Verdict(True, rule_type, f"{said} [{', '.join(why)}]")
