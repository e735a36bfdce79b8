"""Exports: full event records (JSONL) and flat one-row-per-event tables (CSV, Parquet)
with PLOVER fields, read directly by pandas and DuckDB."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from .db import Store
from .rows import StoredEvent, StoredReport, as_dict, pick

#: A flat column's value, from an event and its first report (None when it has none).
Getter = Callable[[StoredEvent, StoredReport | None], Any]


@dataclass(frozen=True)
class FlatColumn:
    name: str
    #: Arrow type: string, date, int or float.
    type: str
    value: Getter


def _event(name: str) -> Getter:
    """The event's field `name`."""
    (name,) = pick(StoredEvent, name)
    return lambda event, _first: getattr(event, name)


def _first(name: str) -> Getter:
    """The field `name` of the event's first report."""
    (name,) = pick(StoredReport, name)
    return lambda _event, first: getattr(first, name) if first is not None else None


#: The flat table, one row per event: its columns in order, their types and values.
FLAT: tuple[FlatColumn, ...] = (
    FlatColumn("event_id", "string", _event("id")),
    FlatColumn("date", "string", _event("date")),
    FlatColumn("day", "date", _event("day")),
    FlatColumn("year", "int", lambda e, _: e.day.year if e.day else None),
    FlatColumn("month", "int", lambda e, _: e.day.month if e.day else None),
    FlatColumn("source_id", "string", _event("source_id")),
    FlatColumn("source_name", "string", _event("source_name")),
    FlatColumn("source_country", "string", _event("source_country")),
    FlatColumn("source_sector", "string", _event("source_sector")),
    FlatColumn("target_id", "string", _event("target_id")),
    FlatColumn("target_name", "string", _event("target_name")),
    FlatColumn("target_country", "string", _event("target_country")),
    FlatColumn("target_sector", "string", _event("target_sector")),
    FlatColumn("event_type", "string", _event("type")),
    FlatColumn("mode", "string", _event("mode")),
    FlatColumn("context", "string", lambda e, _: ";".join(e.context or ())),
    FlatColumn("modality", "string", _event("modality")),
    FlatColumn("intensity", "float", _event("intensity")),
    FlatColumn("place", "string", _event("place")),
    FlatColumn("num_reports", "int", _event("n_reports")),
    FlatColumn("num_articles", "int", _event("n_articles")),
    FlatColumn("num_sources", "int", _event("n_sources")),
    FlatColumn("first_article", "string", _first("article_id")),
    FlatColumn("first_outlet", "string", _first("outlet")),
    FlatColumn("first_published", "date", _first("published")),
    FlatColumn("first_url", "string", _first("url")),
    FlatColumn("first_sentence", "string", _first("sentence_text")),
)
#: Columns of the flat table, in order, with their Arrow types.
FLAT_COLUMNS: dict[str, str] = {c.name: c.type for c in FLAT}


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def full_events(store: Store, batch: int = 500) -> Iterator[tuple[StoredEvent,
                                                                  list[StoredReport]]]:
    """Every merged event with its actors' codes and every report (article, sentence,
    trigger and offsets, date, modality, source chain)."""
    rows = store.events()
    for i in range(0, len(rows), batch):
        part = rows[i:i + batch]
        reports = store.reports(r.id for r in part)
        for row in part:
            yield row, reports.get(row.id, [])


def event_record(event: StoredEvent, reports: list[StoredReport]) -> dict[str, Any]:
    """An event's full record: its fields, then its reports under "reports"."""
    return {**as_dict(event), "reports": as_dict(reports)}


def flat_row(event: StoredEvent, reports: list[StoredReport]) -> dict[str, Any]:
    first = reports[0] if reports else None
    return {column.name: column.value(event, first) for column in FLAT}


def write_jsonl(store: Store, out: IO[str], articles: bool = False) -> int:
    """Full event records, one per line (or, with `articles`, the coded-article records)."""
    n = 0
    items = store.records() if articles else (event_record(*e) for e in full_events(store))
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def write_csv(store: Store, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(FLAT_COLUMNS))
    writer.writeheader()
    n = 0
    for event, reports in full_events(store):
        writer.writerow(flat_row(event, reports))
        n += 1
    return n


def write_parquet(store: Store, path: str | Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types: dict[str, pa.DataType] = {"string": pa.string(), "date": pa.date32(),
                                     "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS.items()])
    rows = [flat_row(*e) for e in full_events(store)]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(path))
    return len(rows)


def export(store: Store, fmt: str, path: str | Path, articles: bool = False) -> int:
    """Write the store to `path` as jsonl, csv or parquet; returns the number of rows."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r} (jsonl, csv or parquet)")
    if fmt == "parquet":
        return write_parquet(store, path)
    with open(path, "w", encoding="utf-8", newline="") as out:
        if fmt == "jsonl":
            return write_jsonl(store, out, articles)
        return write_csv(store, out)
