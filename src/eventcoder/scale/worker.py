"""What runs on a Dask worker: one coder per worker process, and the coding of a partition
into its stage file.

`CoderPlugin` loads the coder (knowledge base, lexicon, event model and spaCy) when a
worker starts, restarted workers included; `code_partition` takes it from the process's
cache, so a coder is made once per process, never once per task. Tasks of one process
code one at a time (spaCy and the coder are not shared between threads).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from distributed.diagnostics.plugin import WorkerPlugin

from .partitions import Partition
from .stage import CODED, COPY, PROBLEM, WARNING, StageRow, read_stage, write_stage

if TYPE_CHECKING:
    from distributed import Worker

    from ..model import Article
    from ..pipeline import Coder
    from ..read import FieldMap
    from ..store import Store


@dataclass(frozen=True)
class CoderConfig:
    """What makes a coder: extra knowledge-base and lexicon files, rules only."""

    kb: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    rules_only: bool = False


@dataclass(frozen=True)
class Job:
    """What every partition of one run shares."""

    coder: CoderConfig
    #: The stage folder (shared by the workers and the loading process).
    stage: str
    #: The database, to skip the articles stored already (None: code them all).
    db_url: str | None = None
    encoding: str | None = None
    fields: FieldMap | None = None
    #: The publication date of articles that give none (`--date`).
    published: date | None = None

    def stage_file(self, part: Partition) -> Path:
        key = part.key(self.coder, self.encoding, self.fields)
        return Path(self.stage) / f"part-{part.index:06d}-{key}.parquet"


@dataclass
class PartitionResult:
    """What a worker reports of a partition (the records are in `path`)."""

    index: int
    path: str
    articles: int = 0
    coded: int = 0
    copies: int = 0
    problems: int = 0
    events: int = 0
    #: The stage file was there already (coded by an earlier run).
    reused: bool = False
    pid: int = field(default_factory=os.getpid)
    peak_rss: int = 0


_coders: dict[CoderConfig, Coder] = {}
_stores: dict[str, Store | None] = {}
#: One task codes at a time in a process.
_lock = threading.Lock()


def process_coder(config: CoderConfig) -> Coder:
    """This process's coder for `config`, made on first use."""
    from ..annotate import get_nlp
    from ..pipeline import Coder

    with _lock:
        if config not in _coders:
            _coders[config] = Coder(config.kb, config.lexicon, rules_only=config.rules_only)
            get_nlp()
        return _coders[config]


class CoderPlugin(WorkerPlugin):
    """Loads the coder when a worker starts (and when a killed worker is restarted)."""

    name = "eventcoder-coder"

    def __init__(self, config: CoderConfig) -> None:
        self.config = config

    def setup(self, worker: Worker) -> None:
        process_coder(self.config)


def _stored_ids(db_url: str | None, ids: list[str]) -> set[str]:
    """Which of these articles the database holds; none when it cannot be asked (the
    loader then skips them instead)."""
    from ..store import Store

    if db_url is None or not ids:
        return set()
    if db_url not in _stores:
        try:
            _stores[db_url] = Store.open(db_url, upgrade=False, create=False)
        except Exception:  # not reachable from this worker: the loader skips them
            _stores[db_url] = None
    store = _stores[db_url]
    if store is None:
        return set()
    try:
        return store.stored_ids(ids)
    except Exception:
        return set()


def _name(article: Article) -> str:
    return article.origin or article.id


def code_partition(part: Partition, job: Job) -> PartitionResult:
    """Read, skip what is stored, code and stage one partition (see `stage`); a stage
    file written before for the same input and options is reused."""
    from ..ingest import peak_rss
    from ..read import Problem
    from ..read.dates import note_undated

    path = job.stage_file(part)
    result = PartitionResult(part.index, str(path))
    if path.exists():
        result.reused = True
        for row in read_stage(path):
            _count(result, row)
        result.peak_rss = peak_rss()
        return result
    items = list(part.read(job.encoding, job.fields))
    articles = [item for item in items if not isinstance(item, Problem)]
    for article in articles:  # as the command line does for the local engine
        if job.published is not None and article.published is None:
            article.published = job.published
        note_undated(article)
    stored = _stored_ids(job.db_url, [a.id for a in articles])
    seen: set[str] = set()
    todo: list[Article] = []
    for article in articles:
        if article.id not in stored and article.id not in seen:
            todo.append(article)
        seen.add(article.id)
    failures: dict[str, str] = {}

    def failed(article: Article, exc: Exception) -> None:
        failures[article.id] = (f"{_name(article)}: coding failed: "
                                f"{type(exc).__name__}: {exc}")

    coder = process_coder(job.coder)
    with _lock:
        coded = {c.article.id: c for c in coder.code_articles(todo, on_error=failed)}
    rows: list[StageRow] = []
    first = {a.id: a for a in todo}  # the one occurrence of each text that is coded
    for item in items:
        if isinstance(item, Problem):
            rows.append(StageRow(PROBLEM, None, str(item)))
            continue
        rows += [StageRow(WARNING, item.id, f"{_name(item)}: {p}") for p in item.problems]
        if first.get(item.id) is item and item.id in coded:
            record = coded[item.id]
            rows.append(StageRow(CODED, item.id, record.model_dump_json(),
                                 len(record.events)))
        elif first.get(item.id) is item:
            rows.append(StageRow(PROBLEM, item.id, failures.get(
                item.id, f"{_name(item)}: coding failed")))
        else:
            rows.append(StageRow(COPY, item.id, item.model_dump_json()))
    write_stage(path, rows)
    for row in rows:
        _count(result, row)
    result.peak_rss = peak_rss()
    return result


def _count(result: PartitionResult, row: StageRow) -> None:
    if row.kind == WARNING:
        return
    if row.kind == PROBLEM:
        result.problems += 1
        if row.article_id is not None:  # an article that could not be coded
            result.articles += 1
        return
    result.articles += 1
    if row.kind == CODED:
        result.coded += 1
        result.events += row.n_events
    else:
        result.copies += 1
