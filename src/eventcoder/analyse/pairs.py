"""Every pair's series as arrays, grouped in one vectorised pass over the events' columns:
what change detection reads, at the scale of millions of events."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..store.event_columns import ActorInfo, EventColumns
from .evidence import modality_weights, weighted
from .series import Level, side_of

#: The label of a pooled pair joins its two sides with this.
BOTH_WAYS = "↔"


@dataclass
class PairSeries:
    """The events of `source` toward `target` (both ways when `pooled`), oldest first."""

    source: str
    target: str
    source_name: str
    target_name: str
    ids: list[str]
    days: np.ndarray  # days since 1970-01-01
    values: np.ndarray
    weights: np.ndarray
    reports: np.ndarray
    pooled: bool = False

    def __len__(self) -> int:
        return len(self.ids)

    def day(self, index: int) -> np.datetime64:
        return np.datetime64(int(self.days[index]), "D")


def label_of(actor_id: str, info: dict[str, ActorInfo], level: Level) -> str:
    known = info.get(actor_id)
    return side_of(actor_id, known.country if known else None, level) or actor_id


def name_of(label: str, info: dict[str, ActorInfo]) -> str:
    known = info.get(label)
    return known.name if known else label


def pair_arrays(columns: EventColumns, info: dict[str, ActorInfo], level: Level = "country",
                both_ways: bool = False, min_events: int = 1, weighting: bool = True,
                labels: tuple[set[str], set[str]] | None = None) -> list[PairSeries]:
    """The series of every directed pair of labels (countries, or actors with
    `level="actor"`) with at least `min_events` events; with `both_ways`, A → B and B → A
    pooled as one; with `labels` (A's and B's), only pairs of an A and a B, A toward B first. Pairs
    within one side are left out. Busiest pairs first."""
    n = len(columns)
    if n == 0:
        return []
    actor_ids = sorted(set(columns.sources) | set(columns.targets))
    label_names = sorted({label_of(a, info, level) for a in actor_ids})
    code = {name: i for i, name in enumerate(label_names)}
    of_actor = {a: code[label_of(a, info, level)] for a in actor_ids}
    src = np.fromiter(map(of_actor.__getitem__, columns.sources), np.int64, n)
    tgt = np.fromiter(map(of_actor.__getitem__, columns.targets), np.int64, n)
    keep = src != tgt
    if labels is not None:
        a_codes = np.array([code[x] for x in labels[0] if x in code], dtype=np.int64)
        b_codes = np.array([code[x] for x in labels[1] if x in code], dtype=np.int64)
        forward = np.isin(src, a_codes) & np.isin(tgt, b_codes)
        backward = np.isin(src, b_codes) & np.isin(tgt, a_codes)
        keep &= forward | backward
    if both_ways:
        src, tgt = np.minimum(src, tgt), np.maximum(src, tgt)
    key = src * len(label_names) + tgt
    kind = modality_weights(columns.modalities)
    ids = np.array(columns.ids, dtype=object)
    rows = np.flatnonzero(keep)
    rows = rows[np.argsort(key[rows], kind="stable")]  # the day order stays within a pair
    starts = np.flatnonzero(np.r_[True, np.diff(key[rows]) != 0])
    ends = np.r_[starts[1:], len(rows)]
    out = []
    for lo, hi in zip(starts, ends, strict=True):
        if hi - lo < min_events:
            continue
        idx = rows[lo:hi]
        s, t = label_names[src[idx[0]]], label_names[tgt[idx[0]]]
        w = weighted(columns.n_reports[idx], kind[idx]) if weighting else np.ones(len(idx))
        out.append(PairSeries(
            source=s, target=t, source_name=name_of(s, info), target_name=name_of(t, info),
            ids=list(ids[idx]), days=columns.days[idx],
            values=columns.intensity[idx], weights=w, reports=columns.n_reports[idx],
            pooled=both_ways))
    if labels is not None:  # A toward B first
        out.sort(key=lambda p: (p.source not in labels[0], -len(p), p.source, p.target))
    else:
        out.sort(key=lambda p: (-len(p), p.source, p.target))
    return out
