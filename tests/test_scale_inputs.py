"""Inputs for scale-out: partitions read exactly what `read_paths` reads, Parquet input,
field mapping (`--text-field` ...), and `code --format parquet`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.model import Article
from eventcoder.read import FieldMap, Problem, read_paths
from eventcoder.scale.partitions import Partition, split_inputs
from test_ingest import write_corpus

runner = CliRunner()


def summary(items) -> list[tuple]:
    return [("problem", str(i)) if isinstance(i, Problem) else
            (i.id, i.origin, i.title, i.published, i.external_id) for i in items]


def read_partitions(paths, **options) -> list:
    parts = list(split_inputs(paths, **options))
    out = []
    for part in parts:
        out += [part] if isinstance(part, Problem) else list(part.read())
    return out


def test_partitions_read_what_read_paths_reads_in_the_same_order(tmp_path):
    (tmp_path / "docs").mkdir()
    corpus = write_corpus(tmp_path / "docs" / "a.jsonl", 23)
    lines = corpus.read_text().splitlines()
    lines[4] = "{not json"
    lines.insert(9, "")
    corpus.write_text("\n".join(lines) + "\n")
    (tmp_path / "docs" / "b.txt").write_text("date 2025-01-02 Headline\n\nArmenia spoke.")
    (tmp_path / "docs" / "c.json").write_text(json.dumps([{"text": "Russia spoke."}]))
    (tmp_path / "docs" / "d.jsonl").write_text("")
    pq.write_table(pa.table({"text": [f"Georgia spoke {i}." for i in range(7)],
                             "date": [date(2025, 1, 1 + i) for i in range(7)]}),
                   tmp_path / "docs" / "e.parquet", row_group_size=2)
    paths = [tmp_path / "docs", tmp_path / "missing.jsonl"]
    parts = [p for p in split_inputs(paths, articles=5, files=1)
             if isinstance(p, Partition)]
    kinds = [p.kind for p in parts]
    assert kinds.count("lines") == 5 and kinds.count("rows") == 2  # 25 lines; 4 row groups
    assert [p.index for p in parts] == list(range(len(parts)))
    assert summary(read_partitions(paths, articles=5, files=1)) == summary(read_paths(paths))


def test_a_partition_names_its_input_and_its_key_follows_the_file(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 4)
    [part] = split_inputs([corpus])
    assert isinstance(part, Partition) and "c.jsonl" in part.name
    key = part.key("options")
    assert key != part.key("other options")
    corpus.write_text(corpus.read_text() + "\n")
    [changed] = split_inputs([corpus])
    assert changed.key("options") != key


def test_standard_input_cannot_be_split_for_workers():
    [problem] = split_inputs(["-"])
    assert isinstance(problem, Problem) and "standard input" in str(problem)


def test_parquet_rows_are_articles_named_by_row(tmp_path):
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({
        "id": ["n1", "n2", "n3"], "title": ["One", None, "Three"],
        "text": ["Armenia spoke.", None, "Russia spoke."],
        "published": [date(2025, 3, 1), date(2025, 3, 2), None]}), path, row_group_size=2)
    first, problem, third = read_paths([path])
    assert isinstance(first, Article) and first.origin == f"{path}:1 (id n1)"
    assert first.published == date(2025, 3, 1) and first.external_id == "n1"
    assert isinstance(problem, Problem) and f"{path}:2" in str(problem)
    assert isinstance(third, Article) and third.title == "Three" and third.published is None


def test_a_file_that_is_not_parquet_is_reported(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    [problem] = list(read_paths([path]))
    assert isinstance(problem, Problem) and "Parquet" in str(problem)


FIELDS = FieldMap(text="body_text", title="headline", date="pub", id="doc_id", url="link")


def mapped_records() -> list[dict]:
    return [{"doc_id": "x1", "headline": "Talks", "pub": "2025-05-06", "link": "https://e/1",
             "body_text": "Armenia and France signed an accord on Tuesday.",
             "text": "not this one", "title": "nor this"},
            {"doc_id": 7, "body_text": "Russia summoned the ambassador."},
            {"doc_id": "x3", "text": "only the usual field"}]


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_field_options_name_the_fields_to_read(tmp_path, suffix):
    path = tmp_path / f"records.{suffix}"
    records = mapped_records()
    if suffix == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    else:
        pq.write_table(pa.Table.from_pylist([{**r, "doc_id": str(r["doc_id"])}
                                             for r in records]), path)
    first, second, problem = read_paths([path], fields=FIELDS)
    assert (first.text, first.title, first.published, first.external_id, first.url) == (
        "Armenia and France signed an accord on Tuesday.", "Talks", date(2025, 5, 6), "x1",
        "https://e/1")
    assert second.external_id == "7" and second.title is None
    assert isinstance(problem, Problem) and "'body_text'" in str(problem)


def test_ingest_with_field_options_keeps_the_id_as_external_id(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in mapped_records()[:2]))
    db = tmp_path / "e.db"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--text-field",
                                 "body_text", "--title-field", "headline", "--date-field",
                                 "pub", "--id-field", "doc_id", "--url-field", "link"])
    assert result.exit_code == 0, result.output
    from eventcoder.store import Store

    with Store.open(f"sqlite:///{db}") as store:
        records = list(store.records())
    assert sorted(r["article"]["external_id"] for r in records) == ["7", "x1"]


def test_code_writes_articles_and_events_as_parquet(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 4)
    out = tmp_path / "out"
    result = runner.invoke(app, ["code", str(corpus), "--format", "parquet", "--output",
                                 str(out)])
    assert result.exit_code == 0, result.output
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    events = pq.read_table(out / "events.parquet").to_pylist()
    assert [a["external_id"] for a in articles] == ["a0", "a1", "a2", "a3"]
    assert sum(a["n_events"] for a in articles) == len(events) > 0
    record = json.loads(articles[0]["record"])
    assert record["article"]["id"] == articles[0]["article_id"]
    assert {e["event_type"] for e in events} >= {"ACCUSE"}
    assert not list(out.glob(".*.part"))


def test_code_parquet_needs_an_output_folder(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 1)
    result = runner.invoke(app, ["code", str(corpus), "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.stderr
    result = runner.invoke(app, ["code", str(corpus), "--engine", "dask"])
    assert result.exit_code == 2 and "--format parquet" in result.stderr


def test_a_stage_file_is_reused_and_loads_once(tmp_path):
    from eventcoder.ingest import IngestStats
    from eventcoder.scale.load import StageLoader
    from eventcoder.scale.worker import CoderConfig, Job, code_partition
    from eventcoder.store import Store

    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    with open(corpus, "a", encoding="utf-8") as out:  # a copy, and a line that is no record
        out.write(corpus.read_text().splitlines()[0] + "\n[1]\n")
    [part] = split_inputs([corpus])
    (tmp_path / "stage").mkdir()
    job = Job(CoderConfig(), str(tmp_path / "stage"))
    first = code_partition(part, job)
    assert (first.reused, first.articles, first.coded, first.copies, first.problems) == (
        False, 4, 3, 1, 1)
    again = code_partition(part, job)
    assert again.reused and (again.coded, again.copies, again.problems) == (3, 1, 1)
    problems: list[str] = []
    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store:
        stats = IngestStats()
        StageLoader(store, stats, problems.append).load(Path(first.path))
        assert (stats.read, stats.stored, stats.skipped, stats.origins) == (4, 3, 1, 1)
        assert len(problems) == 1 and "c.jsonl:5" in problems[0]
        StageLoader(store, stats := IngestStats(), problems.append).load(Path(first.path))
        assert (stats.stored, stats.skipped) == (0, 4)
        assert store.counts()["articles"] == 3
