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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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


@dataclass(frozen=True)
class Options:
    """How the inputs are read and coded (as the local engine's options)."""

    kb_files: Sequence[str | Path] = ()
    lexicon_files: Sequence[str | Path] = ()
    rules_only: bool = False
    encoding: str | None = None
    fields: FieldMap | None = None
    #: The publication date of articles that give none (`--date`).
    published: date | None = None
    partition_articles: int = PARTITION_ARTICLES


def run_partitions(paths: Sequence[str | Path], consume: Callable[[PartitionResult], None],
                   problem: Callable[[str], None], cluster: Cluster = Cluster(),
                   stage: str | Path | None = None, options: Options = Options(),
                   db_url: str | None = None,
                   on_start: Callable[[str, int], None] | None = None) -> None:
    """Split `paths` into partitions, code them on the cluster into stage files, and
    give each partition's result to `consume` in input order (then delete its stage file);
    a partition that cannot be coded, and an input that cannot be split, go to `problem`."""
    from ..pipeline import Coder

    # a bad file: one clear error (DataFileError) before anything starts
    Coder(options.kb_files, options.lexicon_files, rules_only=options.rules_only)
    if stage is None and not cluster.local:
        raise IngestError("a remote scheduler needs --stage DIR: a folder that the workers "
                          "and this machine share")
    parts: list[Partition] = []
    for item in split_inputs(paths, options.encoding, options.partition_articles):
        if isinstance(item, Problem):
            problem(str(item))
        else:
            parts.append(item)
    folder = Path(stage) if stage is not None else Path(
        tempfile.mkdtemp(prefix="eventcoder-stage-"))
    folder.mkdir(parents=True, exist_ok=True)
    coder = CoderConfig(tuple(map(str, options.kb_files)),
                        tuple(map(str, options.lexicon_files)), options.rules_only)
    job = Job(coder, str(folder.resolve()), db_url, options.encoding,
              options.fields or None, options.published)
    try:
        client = start_client(cluster)
        try:
            if on_start is not None:
                on_start(client.dashboard_link, len(parts))
            client.register_plugin(CoderPlugin(job.coder))
            _run(client, parts, job, consume, problem)
        finally:
            _close(client, cluster)
    finally:
        if stage is None:
            shutil.rmtree(folder, ignore_errors=True)


def ingest_dask(store: Store, paths: Sequence[str | Path], cluster: Cluster = Cluster(),
                stage: str | Path | None = None, options: Options = Options(),
                on_progress: Callable[[IngestStats], None] | None = None,
                on_error: Callable[[str], None] | None = None,
                on_warning: Callable[[str], None] | None = None,
                on_start: Callable[[str, int], None] | None = None) -> IngestStats:
    """Code and store the articles of `paths` on a Dask cluster (see the module's note).
    `on_start` gets the dashboard's address and the number of partitions, `on_progress`
    the running totals after each partition, `on_error` each problem and `on_warning`
    each reader's warning. The knowledge-base and lexicon files are validated first
    (`DataFileError`)."""
    stats = IngestStats()

    def problem(message: str) -> None:
        stats.errors += 1
        stats.last_error = message
        if on_error is not None:
            on_error(message)

    loader = StageLoader(store, stats, problem, on_warning)

    def consume(result: PartitionResult) -> None:
        peaks = stats.worker_peak_rss
        peaks[result.pid] = max(result.peak_rss, peaks.get(result.pid, 0))
        loader.load(Path(result.path))
        if on_progress is not None:
            on_progress(stats)

    run_partitions(paths, consume, problem, cluster, stage, options, worker_url(store),
                   on_start)
    stats.finished = time.perf_counter()
    if on_progress is not None:
        on_progress(stats)
    return stats


def _run(client: Client, parts: Iterable[Partition], job: Job,
         consume: Callable[[PartitionResult], None], problem: Callable[[str], None]) -> None:
    """Submit every partition; consume each one once it and those before it are coded."""
    from distributed import as_completed

    futures = {client.submit(code_partition, part, job, pure=False, retries=RETRIES,
                             key=f"eventcoder-{part.index}-{job.stage_file(part).stem}"): part
               for part in parts}
    done: dict[int, PartitionResult | str] = {}
    following = min((p.index for p in futures.values()), default=0)
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
                problem(result)
            else:
                consume(result)
                Path(result.path).unlink(missing_ok=True)
            following += 1


def _close(client: Client, cluster: Cluster) -> None:
    """Close the client, and the LocalCluster it started."""
    local = client.cluster if cluster.local else None
    client.close()
    if local is not None:
        local.close()
