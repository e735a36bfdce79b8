"""Directed pairs of actors (or countries) and their event series, from the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .. import settings
from ..actor_ids import GENERIC_CODES
from ..store import Store, StoredEvent

Level = Literal["country", "actor"]


def side_of(actor_id: str | None, country: str | None, level: Level) -> str | None:
    """The label an actor counts under: its country code at the country level (unless the
    code is a generic one such as IGO, which groups many unrelated actors), else its own
    id."""
    if actor_id is None:
        return None
    if level == "country" and country and country not in GENERIC_CODES:
        return country
    return actor_id


@dataclass
class Series:
    """The events from one side to another, oldest first; each has a day and an intensity."""

    source: str
    target: str
    source_name: str
    target_name: str
    events: list[StoredEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        for event in self.events:
            _check(event)

    def add(self, event: StoredEvent) -> None:
        self.events.append(_check(event))

    @property
    def days(self) -> list[date]:
        return [e.day for e in self.events if e.day is not None]

    @property
    def values(self) -> list[float]:
        return [e.intensity for e in self.events if e.intensity is not None]


def _check(event: StoredEvent) -> StoredEvent:
    if event.day is None or event.intensity is None:
        raise ValueError(f"event {event.id} has no day or no intensity: not in a series")
    return event


def label_names(store: Store) -> dict[str, str]:
    """Display names of the labels: actor names, and country names for country codes."""
    return {actor.id: actor.name for actor in store.actors()}


def pair_series(store: Store, level: Level = "country", actor: str | None = None,
                rows: Iterable[StoredEvent] | None = None) -> list[Series]:
    """Every directed pair's series of dated, scored events (the modalities in
    `settings.ANALYSE_MODALITIES`); pairs within one side are left out."""
    if rows is None:
        rows = store.events(actor=actor, either=True,
                            modalities=settings.ANALYSE_MODALITIES)
    names = label_names(store)
    pairs: dict[tuple[str, str], Series] = {}
    for row in rows:
        if row.day is None or row.intensity is None:
            continue
        source = side_of(row.source_id, row.source_country, level)
        target = side_of(row.target_id, row.target_country, level)
        if source is None or target is None or source == target:
            continue
        series = pairs.get((source, target))
        if series is None:
            series = pairs[(source, target)] = Series(
                source, target, names.get(source, row.source_name or source),
                names.get(target, row.target_name or target))
        series.add(row)
    for series in pairs.values():
        series.events.sort(key=lambda e: (e.day or date.min, e.id))
    return sorted(pairs.values(), key=lambda s: (-len(s.events), s.source, s.target))
