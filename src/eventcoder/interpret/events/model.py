"""The learned event model: for each event the rules propose, how likely it is a reported
event of each PLOVER type (or of none).

A multinomial logistic regression over sparse features of the candidate (the trigger and
its dependency context, the lexicon entry, the modality, the kinds of its source and
target, the words of its sentence). It is trained by `scripts/train_event_model.py` and
shipped as plain arrays (`data/event_model.npz`, with `event_model.md`, its card); only
numpy is needed to apply it. The file also holds one model per cross-validation fold and
the fold of every training sentence, so that `eventcoder eval` scores each training
sentence with the model that did not see it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Token

from ...actor_ids import SPECIAL_CODES, country_of, group_parts
from ...model import normalise_text

#: The class of candidates that are not reported events.
NONE = "NONE"
#: Dependents of a trigger whose words say what kind of act it is.
_CONTEXT_DEPS = frozenset({"dobj", "prep", "prt", "xcomp", "ccomp", "neg", "aux", "agent",
                           "attr", "acomp", "compound", "amod", "nsubjpass"})


def text_key(text: str) -> str:
    """The key a training sentence is known by: a hash of its normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def actor_kind(actor_id: str | None) -> str:
    """What kind of actor an id names, for the model: person, org, country, IGO..., or
    the sector of a group ('group:MIL')."""
    if actor_id is None:
        return "none"
    if ":" in actor_id:
        return actor_id.split(":", 1)[0]
    country, sector = group_parts(actor_id)
    if country in SPECIAL_CODES:
        return country
    if sector:
        return f"group:{sector}" + ("" if country_of(actor_id) else ":unknown")
    return "country"


def candidate_features(token: Token, rule_type: str, pattern: str, modality: str,
                       source: str | None, target: str | None) -> list[str]:
    """The sparse features of one candidate event."""
    lemma = token.lemma_.lower()
    head = token.head
    features = [
        f"lemma={lemma}", f"pos={token.pos_}", f"dep={token.dep_}", f"rule={rule_type}",
        f"rule_lemma={rule_type}/{lemma}", f"pattern={pattern}", f"modality={modality}",
        # spaCy makes a root its own head: a root's features repeat its lemma (which the
        # cross-validated figures prefer to a 'ROOT' marker)
        f"head={head.lemma_.lower()}", f"head_dep={head.dep_}",
        f"source={actor_kind(source)}", f"target={actor_kind(target)}",
        f"rule_target={rule_type}/{actor_kind(target)}",
    ]
    for child in token.children:
        if child.dep_ in _CONTEXT_DEPS:
            features.append(f"{child.dep_}={child.lemma_.lower()}")
            if child.dep_ in ("dobj", "xcomp", "nsubjpass"):  # the word with its object
                features.append(f"{lemma}+{child.dep_}={child.lemma_.lower()}")
            if child.dep_ == "prep":
                features += [f"prep_{child.lower_}={obj.lemma_.lower()}"
                             for obj in child.children if obj.dep_ == "pobj"]
    features += [f"w={t.lemma_.lower()}" for t in token.sent
                 if t.is_alpha and not t.is_stop and t.i != token.i]
    return features


@dataclass(frozen=True)
class Weights:
    """One logistic regression: feature index, weights (features x classes), intercepts."""

    index: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, features: Iterable[str]) -> np.ndarray:
        rows = [self.index[f] for f in dict.fromkeys(features) if f in self.index]
        scores = self.intercept + (self.coef[rows].sum(axis=0) if rows else 0.0)
        scores = np.exp(scores - scores.max())
        return np.asarray(scores / scores.sum())


@dataclass(frozen=True)
class EventModel:
    """The shipped model: the classes, the model trained on all data, one model per fold,
    and the fold of each training sentence (by `text_key`)."""

    classes: tuple[str, ...]
    full: Weights
    folds: tuple[Weights, ...]
    fold_of: dict[str, int]

    def weights_for(self, text: str, cross_validated: bool) -> Weights:
        """The model to apply to an article: cross-validated, the one of the fold that
        did not see the article, if it was a training sentence."""
        if cross_validated:
            fold = self.fold_of.get(text_key(text))
            if fold is not None:
                return self.folds[fold]
        return self.full

    def explain(self, weights: Weights, features: Sequence[str], class_: str,
                n: int = 3) -> list[str]:
        """The features that speak most for a class."""
        column = self.classes.index(class_)
        scored = [(float(weights.coef[weights.index[f], column]), f)
                  for f in dict.fromkeys(features) if f in weights.index]
        return [f for w, f in sorted(scored, reverse=True)[:n] if w > 0]


def _weights(arrays: dict[str, np.ndarray], prefix: str, index: dict[str, int]) -> Weights:
    return Weights(index, arrays[f"{prefix}_coef"].astype(np.float64),
                   arrays[f"{prefix}_intercept"].astype(np.float64))


@lru_cache(maxsize=1)
def load_model() -> EventModel | None:
    """The shipped model, or None when the package has none."""
    data = resources.files("eventcoder.interpret.events") / "data"
    if not (data / "event_model.npz").is_file():
        return None
    with resources.as_file(data / "event_model.npz") as path, \
            np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(str(arrays.pop("meta").item()))
    # every model has a row of weights for each feature, in the order of the list
    index = {feature: n for n, feature in enumerate(meta["features"])}
    folds = tuple(_weights(arrays, f"fold{n}", index) for n in range(meta["n_folds"]))
    return EventModel(tuple(meta["classes"]), _weights(arrays, "full", index), folds,
                      dict(meta["fold_of"]))
