"""Exports stream: events are read a batch at a time and Parquet is written a row group
at a time, with the same rows as reading everything at once."""

from __future__ import annotations

import csv

import pyarrow.parquet as pq

from eventcoder.store import export as exports
from eventcoder.store.export import export, flat_row
from test_bulk import merging_articles


def test_streamed_events_are_the_events_in_order(store):
    for coded in merging_articles():
        store.add(coded)
    everything = store.events()
    batches = list(store.stream_events(batch=2))
    assert len(batches) > 2 and all(len(b) <= 2 for b in batches)
    assert [e for batch in batches for e in batch] == everything


def test_a_parquet_export_is_written_a_row_group_at_a_time(store, tmp_path, monkeypatch):
    for coded in merging_articles():
        store.add(coded)
    monkeypatch.setattr(exports, "PARQUET_ROWS", 3)
    n = export(store, "parquet", tmp_path / "e.parquet")
    table = pq.ParquetFile(tmp_path / "e.parquet")
    assert n == store.counts()["events"] == table.metadata.num_rows
    assert table.metadata.num_row_groups == -(-n // 3)
    expected = [flat_row(e, store.reports([e.id])[e.id]) for e in store.events()]
    assert table.read().to_pylist() == expected
    export(store, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as rows:
        assert [r["event_id"] for r in csv.DictReader(rows)] == [r["event_id"] for r in expected]


def test_an_empty_database_exports_an_empty_parquet_file(store, tmp_path):
    assert export(store, "parquet", tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
