"""What the store returns: frozen, typed rows from its queries, and `Added` from `add`.

The rows' fields are in the order of the query's columns (the table's, then the joined
ones), which is also the order of their keys in JSON output (`as_dict`). Lists stored as
JSON come back as tuples; rows are not meant to be changed: analyses make new objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import RowMapping


@dataclass
class Added:
    """What storing one coded article did."""

    article: str
    stored: bool = True
    events: int = 0
    new_events: int = 0
    merged: int = 0
    #: Stored already, and this record was kept as a new origin of it.
    new_origin: bool = False
    #: Articles of its group of near-duplicates (itself included), 0 when it has none.
    near_duplicates: int = 0


@dataclass(frozen=True, slots=True)
class StoredActor:
    """An actor, with the number of events it is the source and the target of."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    kb_id: str | None
    as_source: int
    as_target: int


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A merged event (the `events` table) with the names and codes of its actors."""

    id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    source_id: str | None
    target_id: str | None
    date: str | None
    day: dt.date | None
    day_end: dt.date | None
    date_precise: bool
    place: str | None
    modality: str
    intensity: float | None
    n_reports: int
    n_articles: int
    n_sources: int
    #: Why its reports are one event: the evidence that joined each (`store.merge`).
    why: str
    source_name: str | None
    source_country: str | None
    source_sector: str | None
    target_name: str | None
    target_country: str | None
    target_sector: str | None

    @classmethod
    def from_row(cls, row: RowMapping) -> StoredEvent:
        return cls(**{**row, "context": tuple(row["context"])})


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One source in a report's chain, root (the outlet) first."""

    kind: str
    name: str
    actor: str | None


@dataclass(frozen=True, slots=True)
class StoredReport:
    """One article's report of an event (the `event_reports` table), with its article and
    its source chain."""

    id: str
    event_id: str
    article_id: str
    local_id: str
    outlet: str | None
    type: str
    mode: str | None
    context: tuple[str, ...]
    source_id: str | None
    target_id: str | None
    source_local: str | None
    target_local: str | None
    trigger_start: int
    trigger_end: int
    trigger_text: str
    sentence_start: int
    sentence_end: int
    sentence_text: str
    date: str | None
    date_alternatives: tuple[str, ...]
    date_fallback: bool
    day: dt.date | None
    place: str | None
    modality: str
    intensity: float | None
    hedges: tuple[dict[str, Any], ...]
    why: str
    article_title: str | None
    published: dt.date | None
    url: str | None
    origin: str | None
    external_id: str | None
    chain: tuple[ChainLink, ...] = ()
    #: Every origin of the report's article, the first one first.
    origins: tuple[StoredOrigin, ...] = ()

    @classmethod
    def from_row(cls, row: RowMapping, chain: tuple[ChainLink, ...],
                 origins: tuple[StoredOrigin, ...] = ()) -> StoredReport:
        return cls(**{**row, "context": tuple(row["context"]),
                      "date_alternatives": tuple(row["date_alternatives"]),
                      "hedges": tuple(row["hedges"]), "chain": chain, "origins": origins})


@dataclass(frozen=True, slots=True)
class StoredOrigin:
    """A record an article was read from (the first, or another with the same text)."""

    external_id: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    origin: str | None


def field_names(row_type: type) -> tuple[str, ...]:
    """The fields of a row type, in order."""
    return tuple(f.name for f in fields(row_type))


def pick(row_type: type, *names: str) -> list[str]:
    """`names`, checked to be fields of `row_type` (a column list for tables and CSV)."""
    unknown = [n for n in names if n not in field_names(row_type)]
    if unknown:
        raise ValueError(f"{row_type.__name__} has no field {', '.join(unknown)}")
    return list(names)


def as_dict(value: Any) -> Any:
    """Rows (and anything holding them) as plain dicts, lists and values, keys in field
    order; dates stay dates."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_dict(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [as_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: as_dict(v) for k, v in value.items()}
    return value
