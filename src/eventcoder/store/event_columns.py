"""Read-only: the columns of dated, scored events that series are built from, as arrays, in
one query (no row objects), for change detection over many pairs at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import String, cast, or_, select

from . import schema as t
from .db import Store, _as_date


@dataclass
class EventColumns:
    """One entry per event, oldest first (by day, then id)."""

    ids: list[str]
    days: np.ndarray  # days since 1970-01-01 (int64)
    sources: list[str]
    targets: list[str]
    intensity: np.ndarray
    n_reports: np.ndarray
    modalities: list[str]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class ActorInfo:
    name: str
    country: str | None


def actor_info(store: Store) -> dict[str, ActorInfo]:
    """Every stored actor's name and country code."""
    a = t.actors
    with store.engine.connect() as conn:
        return {r.id: ActorInfo(r.name, r.country)
                for r in conn.execute(select(a.c.id, a.c.name, a.c.country))}


def event_columns(store: Store, actor_ids: set[str] | None = None,
                  since: date | str | None = None, until: date | str | None = None,
                  modalities: Sequence[str] | None = None) -> EventColumns:
    """Events with a day, an intensity, a source and a target; with `actor_ids`, only those
    whose source or target is one of them."""
    e = t.events
    query = (select(e.c.id, cast(e.c.day, String).label("day"), e.c.source_id, e.c.target_id,
                    e.c.intensity, e.c.n_reports, e.c.modality)
             .where(e.c.day.is_not(None), e.c.intensity.is_not(None),
                    e.c.source_id.is_not(None), e.c.target_id.is_not(None))
             .order_by(e.c.day, e.c.id))
    if actor_ids is not None:
        ids = sorted(actor_ids)
        query = query.where(or_(e.c.source_id.in_(ids), e.c.target_id.in_(ids)))
    if since:
        query = query.where(e.c.day >= _as_date(since))
    if until:
        query = query.where(e.c.day <= _as_date(until))
    if modalities:
        query = query.where(e.c.modality.in_(list(modalities)))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    if not rows:
        return EventColumns([], np.zeros(0, np.int64), [], [], np.zeros(0), np.zeros(0, int), [])
    c_ids, c_days, c_sources, c_targets, c_intensity, c_reports, c_modality = zip(
        *rows, strict=True)
    return EventColumns(
        ids=list(c_ids), days=np.array(c_days, dtype="datetime64[D]").astype(np.int64),
        sources=list(c_sources), targets=list(c_targets),
        intensity=np.array(c_intensity, dtype=float), n_reports=np.array(c_reports, dtype=int),
        modalities=list(c_modality))
