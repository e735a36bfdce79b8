"""Exports: full event records (JSONL) and flat one-row-per-event tables (CSV, Parquet)
with PLOVER fields, read directly by pandas and DuckDB.

Every export streams: events are read from one query a batch at a time (with their
reports), and written as they come (Parquet: one row group per `PARQUET_ROWS` rows), so
memory does not grow with the database.

An export is written to a temporary file in the target's folder and renamed into place only
when complete, so a failed export (disk full, file size limit) leaves any earlier file as
it was. An existing file is replaced only with `force`, the database itself (and its
SQLite journal files) never, and `-` is standard output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from .db import Store
from .rows import StoredEvent, StoredReport, as_dict, pick

#: Rows of a Parquet export held before they are written (one row group).
PARQUET_ROWS = 50_000

#: A flat column's value, from an event and its reports.
Getter = Callable[[StoredEvent, list[StoredReport]], Any]


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
    return lambda _event, reports: getattr(reports[0], name) if reports else None


def external_ids(reports: list[StoredReport]) -> str | None:
    """The ids of every record behind an event's reports (each origin of each article),
    in order, once each, joined with ';' (None when no record gave one)."""
    ids = dict.fromkeys(o.external_id for r in reports for o in r.origins if o.external_id)
    return ";".join(ids) or None


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
    FlatColumn("first_external_id", "string", _first("external_id")),
    FlatColumn("external_ids", "string", lambda _, reports: external_ids(reports)),
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
    trigger and offsets, date, modality, source chain), read `batch` events at a time."""
    for part in store.stream_events(batch):
        reports = store.reports(r.id for r in part)
        for row in part:
            yield row, reports.get(row.id, [])


def event_record(event: StoredEvent, reports: list[StoredReport]) -> dict[str, Any]:
    """An event's full record: its fields, then its reports under "reports"."""
    return {**as_dict(event), "reports": as_dict(reports)}


def flat_row(event: StoredEvent, reports: list[StoredReport]) -> dict[str, Any]:
    return {column.name: column.value(event, reports) for column in FLAT}


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


def write_parquet(store: Store, path: str | Path | IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types: dict[str, pa.DataType] = {"string": pa.string(), "date": pa.date32(),
                                     "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS.items()])
    n = 0
    rows: list[dict[str, Any]] = []
    # one row group per PARQUET_ROWS rows: memory stays bounded at any size
    with pq.ParquetWriter(path if not isinstance(path, str | Path) else str(path),
                          schema) as writer:
        for event in full_events(store):
            rows.append(flat_row(*event))
            if len(rows) >= PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n, rows = n + len(rows), []
        if rows or not n:  # an empty export is a file of no rows
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n + len(rows)


class ExportRefused(ValueError):
    """An export target that is not written: the database, an existing file without
    `force`, a folder or a special file."""


def _write(store: Store, fmt: str, out: IO[bytes], articles: bool) -> int:
    if fmt == "parquet":
        return write_parquet(store, out)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        return write_jsonl(store, text, articles) if fmt == "jsonl" else write_csv(store, text)
    finally:
        text.flush()
        text.detach()


def _database_files(store: Store) -> list[Path]:
    """The files of a SQLite database (with its journal files); none for a server."""
    name = store.engine.url.database
    if store.engine.dialect.name != "sqlite" or not name or name == ":memory:":
        return []
    base = Path(name)
    return [base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))]


def check_target(store: Store, path: Path, force: bool = False) -> None:
    """Refuse (ExportRefused) a target that is the database, a folder, a special file, or
    an existing file without `force`."""
    target = path.resolve()
    for db_file in _database_files(store):
        if target == db_file.resolve() or (
                path.exists() and db_file.exists() and os.path.samefile(path, db_file)):
            raise ExportRefused(f"{path} is the database being exported; choose another file")
    if not path.exists():
        if not target.parent.is_dir():
            raise ExportRefused(f"{path}: no such folder {target.parent}")
        return
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise ExportRefused(f"{path} is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise ExportRefused(f"{path} is not a regular file; not replaced")
    if not force:
        raise ExportRefused(f"{path} exists; give --force to replace it")


def export(store: Store, fmt: str, path: str | Path, articles: bool = False,
           force: bool = False) -> int:
    """Write the store to `path` (`-`: standard output) as jsonl, csv or parquet; returns
    the number of rows. The file appears only when complete (see the module's note);
    ExportRefused for a target that may not be written, OSError when writing fails."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r} (jsonl, csv or parquet)")
    if str(path) == "-":
        sys.stdout.flush()
        n = _write(store, fmt, sys.stdout.buffer, articles)
        sys.stdout.buffer.flush()
        return n
    target = Path(path)
    check_target(store, target, force)
    fd, temporary = tempfile.mkstemp(dir=target.resolve().parent,
                                     prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            n = _write(store, fmt, out, articles)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if force:
            os.replace(temporary, target)
        else:  # no replacing a file made meanwhile: link fails if the name exists
            try:
                os.link(temporary, target)
            except FileExistsError as exc:
                raise ExportRefused(f"{path} exists; give --force to replace it") from exc
            except OSError:  # no hard links here: the check above has to do
                os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return n


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
