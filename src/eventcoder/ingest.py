"""Ingest: read -> skip stored -> code (in N processes) -> store, one transaction per article.

Articles already stored (same `Article.id`, the hash of the normalised text) are skipped
before coding. Coding runs in chunks of `settings.INGEST_CHUNK` articles, in this process or
in `workers` processes that each load spaCy once; all database writes happen here, in input
order, so a run interrupted at any point and run again ends with the same contents as a run
that was never interrupted.

The knowledge base and lexicon files are loaded and validated here before any coding
process starts, so a bad file is one clear error (`DataFileError`). Coding
processes are started fresh ("forkserver", else "spawn"), never forked from this process
with its threads and database connections. A coding process that dies (killed for memory,
crashed) is replaced: the chunks it may have held are coded again one at a time, and an
article that kills its process again is reported as an error; processes that cannot start
at all stop the ingest with an `IngestError`. Articles stored before stay stored.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .model import Article, CodedArticle
from .read import Problem
from .store import Store


@dataclass
class IngestStats:
    """Running totals of one ingest; `on_progress` receives it after each article."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    errors: int = 0
    events: int = 0
    new_events: int = 0
    merged: int = 0
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None
    last_error: str | None = None
    worker_peak_rss: dict[int, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def rate(self) -> float:
        """Articles coded and stored per second."""
        return self.stored / self.seconds if self.seconds > 0 else 0.0


# --- coding processes -------------------------------------------------------------------

_coder = None

Coded = tuple[list[CodedArticle | str], int, int]


class IngestError(RuntimeError):
    """The ingest cannot go on (coding processes that cannot start)."""


def _init_worker(kb_files: Sequence[str], lexicon_files: Sequence[str]) -> None:
    global _coder
    from .annotate import get_nlp
    from .pipeline import Coder

    _coder = Coder(kb_files, lexicon_files)
    get_nlp()


def _ready() -> int:
    """A task that only says the process started (its initializer ran)."""
    return os.getpid()


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def code_chunk(articles: list[Article]) -> Coded:
    """Code a chunk of articles; an article that fails becomes its error message.
    Returns the results, this process's id and its peak memory."""
    assert _coder is not None, "coding process not initialised"
    try:
        results: list[CodedArticle | str] = list(_coder.code_articles(articles))
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        results = []
        for article in articles:
            try:
                results.append(_coder.code_article(article))
            except Exception as exc:  # noqa: BLE001
                results.append(f"{_name(article)}: coding failed: "
                               f"{type(exc).__name__}: {exc}")
    return results, os.getpid(), peak_rss()


def _context() -> multiprocessing.context.BaseContext:
    """Fresh processes: "forkserver" where there is one, else "spawn" (never a fork of
    this process, its threads and its open database connections)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _name(article: Article) -> str:
    return article.origin or article.id


def storage_error(exc: BaseException) -> str:
    """The database driver's own message for a failed write (not the SQL statement and its
    parameters), else the exception's."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        exc = orig
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class _Workers:
    """A process pool that can be replaced when one of its processes dies."""

    def __init__(self, workers: int, kb: list[str], lex: list[str]) -> None:
        self.workers, self.initargs = workers, (kb, lex)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_context(),
                                   initializer=_init_worker, initargs=self.initargs)

    def submit(self, fn: Callable[[list[Article]], Coded], chunk: list[Article]) -> Future:
        """The future result; already failed with BrokenProcessPool if the pool broke."""
        try:
            return self.executor.submit(fn, chunk)
        except BrokenProcessPool as exc:
            failed: Future = Future()
            failed.set_exception(exc)
            return failed

    def restart(self) -> None:
        """A new pool in place of a broken one; IngestError when it cannot start."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()
        try:
            self.executor.submit(_ready).result()
        except BrokenProcessPool as exc:
            self.executor.shutdown(wait=True, cancel_futures=True)
            raise IngestError("the coding processes cannot start (they die while loading the "
                              "knowledge base, lexicon or spaCy model); nothing more was "
                              "stored") from exc

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# --- the ingest loop --------------------------------------------------------------------


def _chunks(items: Iterable[Article | Problem], size: int, stats: IngestStats,
            problem: Callable[[str], None]) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, Problem):
            problem(str(item))
            continue
        stats.read += 1
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest(store: Store, items: Iterable[Article | Problem], workers: int = 1,
           kb_files: Sequence[str | Path] = (), lexicon_files: Sequence[str | Path] = (),
           chunk_size: int = settings.INGEST_CHUNK,
           on_progress: Callable[[IngestStats], None] | None = None,
           on_error: Callable[[str], None] | None = None,
           chunk_coder: Callable[[list[Article]], Coded] = code_chunk) -> IngestStats:
    """Code and store articles (and count `Problem`s from the reader as errors);
    `on_progress` gets the running totals after each article, `on_error` each problem.

    The knowledge-base and lexicon files are validated first: a bad one raises
    a `DataFileError` (naming the file and line) before anything is read
    or coded. `chunk_coder` codes a chunk in a coding process (`code_chunk`; another
    function must be importable by name)."""
    global _coder
    from .pipeline import Coder

    kb = [str(p) for p in kb_files]
    lex = [str(p) for p in lexicon_files]
    coder = Coder(kb, lex)  # validates the files here, before any process starts

    stats = IngestStats()
    report = on_progress or (lambda _stats: None)

    def problem(message: str) -> None:
        stats.errors += 1
        stats.last_error = message
        if on_error is not None:
            on_error(message)
    seen: set[str] = set()

    def fresh(chunks: Iterator[list[Article]]) -> Iterator[list[Article]]:
        for chunk in chunks:
            stored = store.stored_ids(a.id for a in chunk)
            todo = []
            for article in chunk:
                if article.id in stored or article.id in seen:
                    stats.skipped += 1
                else:
                    seen.add(article.id)
                    todo.append(article)
            report(stats)
            if todo:
                yield todo

    def write(results: list[CodedArticle | str], pid: int, rss: int) -> None:
        stats.worker_peak_rss[pid] = max(rss, stats.worker_peak_rss.get(pid, 0))
        for result in results:
            if isinstance(result, str):
                problem(result)
            else:
                try:
                    added = store.add(result)
                except Exception as exc:  # noqa: BLE001 - report, keep going
                    problem(f"{_name(result.article)}: not stored: {storage_error(exc)}")
                else:
                    if added.stored:
                        stats.stored += 1
                        stats.events += added.events
                        stats.new_events += added.new_events
                        stats.merged += added.merged
                    else:  # stored already, perhaps by another ingest just now
                        stats.skipped += 1
            report(stats)

    chunks = fresh(_chunks(items, chunk_size, stats, problem))
    if workers <= 1:
        from .annotate import get_nlp

        _coder = coder
        get_nlp()
        for chunk in chunks:
            write(*chunk_coder(chunk))
    else:
        pool = _Workers(workers, kb, lex)

        def alone(chunk: list[Article]) -> None:
            """Code a chunk on its own (a process died while it was pending); when that
            kills a process again, each article on its own."""
            try:
                result = pool.submit(chunk_coder, chunk).result()
            except BrokenProcessPool:
                pool.restart()
            else:
                write(*result)
                return
            if len(chunk) > 1:
                for article in chunk:
                    alone([article])
                return
            problem(f"{_name(chunk[0])}: not coded: the coding process died while coding it "
                    "(killed, out of memory or crashed)")
            report(stats)

        def next_result(pending: deque[tuple[list[Article], Future]]) -> None:
            chunk, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                # every chunk not finished yet was lost with the process that died
                lost = [chunk, *(c for c, f in pending)]
                done = {id(c): f.result() for c, f in pending
                        if f.done() and not f.cancelled() and f.exception() is None}
                pending.clear()
                pool.restart()
                for part in lost:
                    if id(part) in done:
                        write(*done[id(part)])
                    else:
                        alone(part)
            else:
                write(*result)

        try:
            pending: deque[tuple[list[Article], Future]] = deque()
            for chunk in chunks:
                pending.append((chunk, pool.submit(chunk_coder, chunk)))
                while len(pending) > 2 * workers:
                    next_result(pending)
            while pending:
                next_result(pending)
        finally:
            pool.close()
    stats.finished = time.perf_counter()
    report(stats)
    return stats
