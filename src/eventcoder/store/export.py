"""Exports: full event records (JSONL) and flat one-row-per-event tables (CSV, Parquet)
with PLOVER fields, read directly by pandas and DuckDB."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from .db import Store

#: Columns of the flat table, in order, with their Arrow types.
FLAT_COLUMNS: dict[str, str] = {
    "event_id": "string", "date": "string", "day": "date", "year": "int", "month": "int",
    "source_id": "string", "source_name": "string", "source_country": "string",
    "source_sector": "string", "target_id": "string", "target_name": "string",
    "target_country": "string", "target_sector": "string", "event_type": "string",
    "mode": "string", "context": "string", "modality": "string", "intensity": "float",
    "place": "string", "num_reports": "int", "num_articles": "int", "num_sources": "int",
    "first_article": "string", "first_outlet": "string", "first_published": "date",
    "first_url": "string", "first_sentence": "string",
}


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def full_events(store: Store, batch: int = 500) -> Iterator[dict]:
    """Every merged event with its actors' codes and every report (article, sentence,
    trigger and offsets, date, modality, source chain)."""
    rows = store.events()
    for i in range(0, len(rows), batch):
        part = rows[i:i + batch]
        reports = store.reports(r["id"] for r in part)
        for row in part:
            item = dict(row)
            item["reports"] = reports.get(row["id"], [])
            yield item


def flat_row(event: dict) -> dict:
    first = event["reports"][0] if event.get("reports") else {}
    day = event["day"]
    return {
        "event_id": event["id"], "date": event["date"], "day": day,
        "year": day.year if day else None, "month": day.month if day else None,
        "source_id": event["source_id"], "source_name": event["source_name"],
        "source_country": event["source_country"], "source_sector": event["source_sector"],
        "target_id": event["target_id"], "target_name": event["target_name"],
        "target_country": event["target_country"], "target_sector": event["target_sector"],
        "event_type": event["type"], "mode": event["mode"],
        "context": ";".join(event["context"] or []), "modality": event["modality"],
        "intensity": event["intensity"], "place": event["place"],
        "num_reports": event["n_reports"], "num_articles": event["n_articles"],
        "num_sources": event["n_sources"], "first_article": first.get("article_id"),
        "first_outlet": first.get("outlet"), "first_published": first.get("published"),
        "first_url": first.get("url"), "first_sentence": first.get("sentence_text"),
    }


def write_jsonl(store: Store, out: IO[str], articles: bool = False) -> int:
    """Full event records, one per line (or, with `articles`, the coded-article records)."""
    n = 0
    items = store.records() if articles else full_events(store)
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def write_csv(store: Store, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(FLAT_COLUMNS))
    writer.writeheader()
    n = 0
    for event in full_events(store):
        writer.writerow(flat_row(event))
        n += 1
    return n


def write_parquet(store: Store, path: str | Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "date": pa.date32(), "int": pa.int64(),
             "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS.items()])
    rows = [flat_row(e) for e in full_events(store)]
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
