"""`ingest --engine dask` gives the database `ingest --workers 1` gives: on a LocalCluster
of two worker processes, on a scheduler and two workers started as commands, and when a
worker is killed mid-run. 100 corpus articles each; skipped without ../shared."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventcoder.ingest import ingest
from eventcoder.read import read_paths
from eventcoder.scale.engine import Cluster, ingest_dask
from eventcoder.store import Store
from storage_helpers import dump

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_articles.jsonl"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared is not present")
ARTICLES = 100


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 100 corpus articles, and two of them again (kept as other origins)."""
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with open(CORPUS, encoding="utf-8") as source:
        lines = [next(source) for _ in range(ARTICLES)]
    path.write_text("".join(lines + lines[3:5]), encoding="utf-8")
    return path


def fingerprint(store: Store) -> dict[str, object]:
    """Counts of articles, events and reports, and hashes of the event and report rows."""
    rows = dump(store)
    counts = store.counts()
    return {"articles": counts["articles"], "events": counts["events"],
            "reports": counts["reports"],
            "events_hash": hashlib.sha256(repr(rows["events"]).encode()).hexdigest(),
            "reports_hash": hashlib.sha256(repr(rows["event_reports"]).encode()).hexdigest()}


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What `ingest --workers 1` stores (rows of every table, and the fingerprint)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'one.db'}"
    with Store.open(url) as store:
        stats = ingest(store, read_paths([corpus]), workers=1)
        assert (stats.stored, stats.skipped, stats.errors) == (ARTICLES, 2, 0)
        return {"fingerprint": fingerprint(store), "dump": dump(store)}


def check_same(store: Store, reference: dict[str, object]) -> None:
    assert fingerprint(store) == reference["fingerprint"]
    if store.engine.dialect.name == "sqlite":  # every row of every table
        assert dump(store) == reference["dump"]


def test_a_local_cluster_of_two_workers_stores_what_one_process_stores(
        db_url, corpus, reference):
    starts: list[tuple[str, int]] = []
    with Store.open(db_url) as store:
        stats = ingest_dask(store, [corpus], Cluster("local", 2),
                            on_start=lambda link, n: starts.append((link, n)))
        assert (stats.read, stats.stored, stats.skipped, stats.errors) == (102, ARTICLES, 2, 0)
        assert stats.origins == 2
        assert len(stats.worker_peak_rss) == 2 and os.getpid() not in stats.worker_peak_rss
        [(link, partitions)] = starts
        assert link.startswith("http://127.0.0.1:") and partitions == 5
        check_same(store, reference)
        again = ingest_dask(store, [corpus], Cluster("local", 2))  # all stored: skipped
        assert (again.stored, again.skipped, again.origins) == (0, 102, 0)
        check_same(store, reference)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1, stopped at the end."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask-logs")
    dask = [sys.executable, "-m", "dask"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    commands = [[*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                 "--dashboard-address", "127.0.0.1:0"]]
    commands += [[*dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
                  "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"]
                 for n in (1, 2)]
    processes = []
    try:
        for n, command in enumerate(commands):
            with open(logs / f"{n}.log", "wb") as log:
                processes.append(subprocess.Popen(command, stdout=log, stderr=log, env=env))
            if n == 0:
                time.sleep(1)
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_scheduler_and_two_worker_commands_store_what_one_process_stores(
        db_url, corpus, reference, scheduler, tmp_path):
    with Store.open(db_url) as store:
        stats = ingest_dask(store, [corpus], Cluster(scheduler), stage=tmp_path / "stage")
        assert (stats.stored, stats.skipped, stats.errors) == (ARTICLES, 2, 0)
        assert len(stats.worker_peak_rss) == 2
        check_same(store, reference)
    assert not list((tmp_path / "stage").iterdir())  # every stage file loaded, then removed


def test_a_remote_scheduler_needs_a_shared_stage_folder(corpus, tmp_path):
    from eventcoder.ingest import IngestError

    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store, \
            pytest.raises(IngestError, match="--stage"):
        ingest_dask(store, [corpus], Cluster("tcp://127.0.0.1:9"))


def test_a_worker_killed_mid_run_leaves_the_same_database(corpus, reference, tmp_path):
    killed: list[int] = []

    def kill_one(stats) -> None:
        if not killed and stats.worker_peak_rss:  # one partition loaded, others coding
            pid = next(iter(stats.worker_peak_rss))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store:
        stats = ingest_dask(store, [corpus], Cluster("local", 2), on_progress=kill_one,
                            options=_small_partitions())
        assert killed and stats.errors == 0
        assert (stats.stored, stats.skipped) == (ARTICLES, 2)
        check_same(store, reference)


def _small_partitions():
    from eventcoder.scale.engine import Options

    return Options(partition_articles=10)
