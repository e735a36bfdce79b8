"""The command line of the Dask engine: `ingest --engine dask` and `code --engine dask
--format parquet` on a LocalCluster of one worker give what the local engine gives, and a
run stopped between coding and loading converges when run again."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.store import Store
from storage_helpers import dump
from test_ingest import write_corpus

runner = CliRunner()


def test_ingest_on_dask_prints_the_dashboard_and_stores_what_local_ingest_stores(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 8)
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(local)]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "missing.jsonl"),
                                 "--db", str(dask), "--engine", "dask", "--partition-size",
                                 "3", "--date", "2025-01-01"])
    assert result.exit_code == 1, result.output  # the missing file
    assert "Dask dashboard: http://127.0.0.1:" in result.stderr
    assert "missing.jsonl: no such file or folder" in result.stderr
    assert "8 articles read, 8 stored" in result.stderr
    with Store.open(f"sqlite:///{local}") as one, Store.open(f"sqlite:///{dask}") as two:
        assert dump(one) == dump(two)


def test_code_on_dask_writes_the_parquet_files_the_local_engine_writes(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 7)
    outputs = {}
    for engine in ("local", "dask"):
        out = tmp_path / engine
        result = runner.invoke(app, ["code", str(corpus), "--format", "parquet", "--output",
                                     str(out), "--engine", engine, "--workers", "1",
                                     "--partition-size", "3"])
        assert result.exit_code == 0, result.output
        assert "7 articles and" in result.stderr
        outputs[engine] = [pq.read_table(out / name).to_pylist()
                           for name in ("articles.parquet", "events.parquet")]
    assert outputs["dask"] == outputs["local"]


def test_a_remote_scheduler_without_a_stage_folder_is_refused(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 1)
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "e.db"),
                                 "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "--stage DIR" in result.stderr


def test_a_run_stopped_between_coding_and_loading_converges_when_run_again(tmp_path):
    from eventcoder.ingest import IngestStats, ingest
    from eventcoder.read import read_paths
    from eventcoder.scale.engine import Cluster, Options, ingest_dask, worker_url
    from eventcoder.scale.load import StageLoader
    from eventcoder.scale.partitions import split_inputs
    from eventcoder.scale.worker import CoderConfig, Job, code_partition

    corpus = write_corpus(tmp_path / "c.jsonl", 12)
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as one:
        ingest(one, read_paths([corpus]))
        reference = dump(one)
    stage = tmp_path / "stage"
    stage.mkdir()
    with Store.open(f"sqlite:///{tmp_path / 'dask.db'}") as store:
        # the stopped run: three partitions, two coded, the first of them loaded
        job = Job(CoderConfig(), str(stage.resolve()), worker_url(store))
        first, second, _third = split_inputs([corpus], articles=4)
        loaded = code_partition(first, job)
        code_partition(second, job)
        StageLoader(store, IngestStats(), print).load(Path(loaded.path))
        Path(loaded.path).unlink()
        assert store.counts()["articles"] == 4 and len(list(stage.iterdir())) == 1
        stats = ingest_dask(store, [corpus], Cluster("local", 1), stage=stage,
                            options=Options(partition_articles=4))
        assert (stats.stored, stats.skipped, stats.errors) == (8, 4, 0)
        assert dump(store) == reference
    assert not list(stage.iterdir())
