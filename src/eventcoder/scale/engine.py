"""`ingest --engine dask`: code partitions of the inputs on a Dask cluster, stage them as
Parquet files, load them into the database in input order.

The cluster is a `LocalCluster` of worker processes on this machine (`scheduler="local"`)
or the scheduler at an address (`tcp://host:8786`), whose workers must see the inputs and
the stage folder at the same paths (shared storage). Each partition is one task
(`worker.code_partition`); Dask runs it again on another worker when its worker dies
(up to `distributed.scheduler.allowed-failures` times), and a partition that still fails
is reported and left out. Loading happens here, partition by partition in input order as
soon as each one and those before it are coded, so the database gets the same articles,
events and merges as `ingest` with one process; a stage file is deleted once loaded. A run
stopped at any point leaves only whole articles stored, and a rerun skips them; stage files
left by a stopped run (with `stage`) are loaded without coding their partitions again.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest import IngestError, IngestStats
from ..read import FieldMap, Problem
from .load import StageLoader
from .partitions import PARTITION_ARTICLES, Partition, split_inputs
from .worker import CoderConfig, CoderPlugin, Job, PartitionResult, code_partition

if TYPE_CHECKING:
    from distributed import Client

    from ..store import Store

#: Retries of a task that raised (a worker that died is handled by the scheduler).
RETRIES = 1
#: Seconds to wait for a remote scheduler.
CONNECT_TIMEOUT = 20


@dataclass(frozen=True)
class Cluster:
    """Where the tasks run: `scheduler` "local" (a LocalCluster of `workers` processes)
    or a scheduler's address."""

    scheduler: str = "local"
    workers: int = 2

    @property
    def local(self) -> bool:
        return self.scheduler == "local"


def start_client(cluster: Cluster) -> Client:
    """A client of a new LocalCluster (one thread per worker process, dashboard on a free
    port) or of the scheduler at `cluster.scheduler`; IngestError when it cannot start."""
    from distributed import Client, LocalCluster

    try:
        if cluster.local:
            local = LocalCluster(n_workers=cluster.workers, threads_per_worker=1,
                                 processes=True, dashboard_address="127.0.0.1:0",
                                 silence_logs=logging.ERROR)
            return Client(local)
        return Client(cluster.scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise IngestError(f"cannot start or reach the Dask scheduler "
                          f"{cluster.scheduler!r}: {exc}") from exc


def worker_url(store: Store) -> str:
    """The database URL as workers must be given it (a SQLite path made absolute)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    return url.render_as_string(hide_password=False)


def ingest_dask(store: Store, paths: Sequence[str | Path], cluster: Cluster = Cluster(),
                stage: str | Path | None = None, kb_files: Sequence[str | Path] = (),
                lexicon_files: Sequence[str | Path] = (), rules_only: bool = False,
                encoding: str | None = None, fields: FieldMap | None = None,
                partition_articles: int = PARTITION_ARTICLES,
                on_progress: Callable[[IngestStats], None] | None = None,
                on_error: Callable[[str], None] | None = None,
                on_start: Callable[[str, int], None] | None = None) -> IngestStats:
    """Code and store the articles of `paths` on a Dask cluster (see the module's note).
    `on_start` gets the dashboard's address and the number of partitions, `on_progress`
    the running totals after each partition, `on_error` each problem. The knowledge-base
    and lexicon files are validated here first (`DataFileError`)."""
    from ..pipeline import Coder

    Coder(kb_files, lexicon_files, rules_only=rules_only)  # a bad file: one clear error here
    if stage is None and not cluster.local:
        raise IngestError("a remote scheduler needs --stage DIR: a folder that the workers "
                          "and this machine share")
    stats = IngestStats()

    def problem(message: str) -> None:
        stats.errors += 1
        stats.last_error = message
        if on_error is not None:
            on_error(message)

    parts: list[Partition] = []
    for item in split_inputs(paths, encoding, partition_articles):
        if isinstance(item, Problem):
            problem(str(item))
        else:
            parts.append(item)
    folder = Path(stage) if stage is not None else Path(
        tempfile.mkdtemp(prefix="eventcoder-stage-"))
    folder.mkdir(parents=True, exist_ok=True)
    job = Job(CoderConfig(tuple(map(str, kb_files)), tuple(map(str, lexicon_files)),
                          rules_only), str(folder.resolve()), worker_url(store), encoding,
              fields or None)
    client = start_client(cluster)
    try:
        if on_start is not None:
            on_start(client.dashboard_link, len(parts))
        client.register_plugin(CoderPlugin(job.coder))
        _run(client, parts, job, StageLoader(store, stats, problem), stats,
             lambda: on_progress(stats) if on_progress is not None else None)
    finally:
        _close(client, cluster)
        if stage is None:
            shutil.rmtree(folder, ignore_errors=True)
    stats.finished = time.perf_counter()
    if on_progress is not None:
        on_progress(stats)
    return stats


def _run(client: Client, parts: Iterable[Partition], job: Job, loader: StageLoader,
         stats: IngestStats, report: Callable[[], Any]) -> None:
    """Submit every partition, load each one once it and those before it are coded."""
    from distributed import as_completed

    futures = {client.submit(code_partition, part, job, pure=False, retries=RETRIES,
                             key=f"eventcoder-{part.index}-{job.stage_file(part).stem}"): part
               for part in parts}
    done: dict[int, PartitionResult | str] = {}
    following = 0
    for future in as_completed(list(futures)):
        part = futures.pop(future)
        try:
            done[part.index] = future.result()
        except Exception as exc:  # died on every worker it was given, or failed again
            done[part.index] = (f"{part.name}: not coded: {type(exc).__name__}: {exc}; the "
                                "other partitions carry on (run again to retry it)")
        future.release()
        while following in done:
            result = done.pop(following)
            if isinstance(result, str):
                loader.problem(result)
            else:
                peaks = stats.worker_peak_rss
                peaks[result.pid] = max(result.peak_rss, peaks.get(result.pid, 0))
                path = Path(result.path)
                loader.load(path)
                path.unlink(missing_ok=True)
            following += 1
            report()


def _close(client: Client, cluster: Cluster) -> None:
    """Close the client, and the LocalCluster it started."""
    local = client.cluster if cluster.local else None
    client.close()
    if local is not None:
        local.close()
