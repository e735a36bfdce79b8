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

A coding process exits when the ingesting process dies, even by SIGKILL: it asks Linux to
kill it when its parent (the fork server, which exits with the ingesting process) dies,
and a watchdog thread checks every `_WATCH_SECONDS` that the ingesting process is alive.

A record whose text is stored already (same `Article.id`) is not coded again: it is added
as another origin of the stored article (`Store.add_origin`: its own id, outlet, date and
URL), once, so that a rerun adds nothing.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import settings
from .read.errors import Problem
from .store import Store
from .store.engine import storage_error

if TYPE_CHECKING:
    from .model import Article, CodedArticle
    from .pipeline import Coder

__all__ = ["CodedChunk", "IngestError", "IngestStats", "code_chunk", "ingest", "peak_rss",
           "storage_error"]


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
    #: Of the articles skipped, those read from another record (another id, outlet, date
    #: or URL) and kept as a new origin of the stored article.
    origins: int = 0
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


class IngestError(RuntimeError):
    """The ingest cannot go on (coding processes that cannot start)."""


# --- coding, in a coding process (or in this one) ------------------------------------------


class CodedChunk(NamedTuple):
    """A chunk's results (a coded article, or the error message of one that failed), the
    id of the process that coded it and that process's peak memory."""

    results: list[CodedArticle | str]
    pid: int
    peak_rss: int


class _ProcessCoder:
    """The coder of this process: made once, by the pool's initializer in a coding process
    or by `ingest` when it codes in its own process."""

    def __init__(self) -> None:
        self.coder: Coder | None = None

    def start(self, coder: Coder) -> None:
        from .annotate import get_nlp

        self.coder = coder
        get_nlp()

    def code(self, articles: list[Article]) -> list[CodedArticle | str]:
        """Coded articles; when the batch fails, each article on its own, and one that
        fails becomes its error message."""
        coder = self.coder
        assert coder is not None, "coding process not initialised"
        try:
            return list(coder.code_articles(articles))
        except Exception:  # find the article that fails, keep the others
            results: list[CodedArticle | str] = []
            for article in articles:
                try:
                    results.append(coder.code_article(article))
                except Exception as exc:
                    results.append(f"{_name(article)}: coding failed: "
                                   f"{type(exc).__name__}: {exc}")
            return results


_this_process = _ProcessCoder()


#: How often a coding process checks that the ingesting process is alive.
_WATCH_SECONDS = 0.5
#: prctl(2) option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:
    """Is process `pid` running (not gone, not a zombie waiting to be reaped)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: kill(0) said it is there


def exit_with(ingesting: int) -> None:
    """Make this coding process exit when process `ingesting` (the ingest) dies."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below does it, a little later

    def watch() -> None:
        while _alive(ingesting) and os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="eventcoder-watch-parent", daemon=True).start()


def _init_worker(kb_files: Sequence[str], lexicon_files: Sequence[str],
                 rules_only: bool = False, ingesting: int | None = None) -> None:
    from .pipeline import Coder

    if ingesting is not None:
        exit_with(ingesting)
    _this_process.start(Coder(kb_files, lexicon_files, rules_only=rules_only))


def _ready() -> int:
    """A task that only says the process started (its initializer ran)."""
    return os.getpid()


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def code_chunk(articles: list[Article]) -> CodedChunk:
    """Code a chunk of articles in this process (see `CodedChunk`)."""
    return CodedChunk(_this_process.code(articles), os.getpid(), peak_rss())


ChunkCoder = Callable[[list["Article"]], CodedChunk]


def _context() -> multiprocessing.context.BaseContext:
    """Fresh processes: "forkserver" where there is one, else "spawn" (never a fork of
    this process, its threads and its open database connections)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _name(article: Article) -> str:
    return article.origin or article.id


class _Workers:
    """A process pool that can be replaced when one of its processes dies."""

    def __init__(self, workers: int, kb: list[str], lex: list[str],
                 rules_only: bool = False) -> None:
        self.workers, self.initargs = workers, (kb, lex, rules_only, os.getpid())
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=_context(),
                                   initializer=_init_worker, initargs=self.initargs)

    def submit(self, fn: ChunkCoder, chunk: list[Article]) -> Future[CodedChunk]:
        """The future result; already failed with BrokenProcessPool if the pool broke."""
        try:
            return self.executor.submit(fn, chunk)
        except BrokenProcessPool as exc:
            failed: Future[CodedChunk] = Future()
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


# --- the ingest loop ---------------------------------------------------------------------


class _Run:
    """One ingest's reading, skipping and storing, with its running totals."""

    def __init__(self, store: Store, on_progress: Callable[[IngestStats], None] | None,
                 on_error: Callable[[str], None] | None) -> None:
        self.store = store
        self.stats = IngestStats()
        self.on_progress = on_progress
        self.on_error = on_error
        self.seen: set[str] = set()
        #: Copies of articles read earlier in this run: origins to add once it is stored.
        self.copies: list[Article] = []

    def report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.stats)

    def problem(self, message: str) -> None:
        self.stats.errors += 1
        self.stats.last_error = message
        if self.on_error is not None:
            self.on_error(message)

    def chunks(self, items: Iterable[Article | Problem], size: int) -> Iterator[list[Article]]:
        """The articles read, in chunks of `size`, without those stored already (or seen
        earlier in this run); reader problems are counted as errors."""
        for chunk in self._read(items, size):
            stored = self.store.stored_ids(a.id for a in chunk)
            todo, copies = [], []
            for article in chunk:
                if article.id in stored:
                    self.stats.skipped += 1
                    copies.append(article)
                elif article.id in self.seen:
                    self.stats.skipped += 1
                    self.copies.append(article)
                else:
                    self.seen.add(article.id)
                    todo.append(article)
            self.add_origins(copies)
            self.report()
            if todo:
                yield todo

    def add_origins(self, copies: list[Article]) -> None:
        """Keep copies of stored articles as other origins of them."""
        try:
            self.stats.origins += self.store.add_origins(copies)
        except Exception as exc:  # report, keep going
            names = ", ".join(_name(a) for a in copies[:3]) + (", ..." if len(copies) > 3 else "")
            self.problem(f"{names}: origins not stored: {storage_error(exc)}")

    def add_copies(self) -> None:
        """The origins of the copies read in this run, once their articles are stored (a
        copy of an article that could not be stored adds nothing)."""
        for start in range(0, len(self.copies), 500):
            self.add_origins(self.copies[start:start + 500])
        self.copies.clear()
        self.report()

    def _read(self, items: Iterable[Article | Problem], size: int) -> Iterator[list[Article]]:
        chunk: list[Article] = []
        for item in items:
            if isinstance(item, Problem):
                self.problem(str(item))
                continue
            self.stats.read += 1
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def write(self, coded: CodedChunk) -> None:
        """Store a coded chunk, one transaction per article."""
        results, pid, rss = coded
        peaks = self.stats.worker_peak_rss
        peaks[pid] = max(rss, peaks.get(pid, 0))
        for result in results:
            if isinstance(result, str):
                self.problem(result)
            else:
                self._store(result)
            self.report()

    def _store(self, coded: CodedArticle) -> None:
        try:
            added = self.store.add(coded)
        except Exception as exc:  # report, keep going
            self.problem(f"{_name(coded.article)}: not stored: {storage_error(exc)}")
            return
        if added.new_origin:
            self.stats.origins += 1
        if added.stored:
            self.stats.stored += 1
            self.stats.events += added.events
            self.stats.new_events += added.new_events
            self.stats.merged += added.merged
        else:  # stored already, perhaps by another ingest just now
            self.stats.skipped += 1


class _PoolRun:
    """Codes chunks in a pool of processes, at most two per process pending; when a process
    dies, the pool is replaced and the chunks it may have held are coded again."""

    def __init__(self, run: _Run, pool: _Workers, chunk_coder: ChunkCoder) -> None:
        self.run, self.pool, self.chunk_coder = run, pool, chunk_coder
        self.pending: deque[tuple[list[Article], Future[CodedChunk]]] = deque()

    def code(self, chunks: Iterable[list[Article]]) -> None:
        for chunk in chunks:
            self.pending.append((chunk, self.pool.submit(self.chunk_coder, chunk)))
            while len(self.pending) > 2 * self.pool.workers:
                self._next_result()
        while self.pending:
            self._next_result()

    def _next_result(self) -> None:
        chunk, future = self.pending.popleft()
        try:
            result = future.result()
        except BrokenProcessPool:
            self._recover(chunk)
        else:
            self.run.write(result)

    def _recover(self, chunk: list[Article]) -> None:
        """Every chunk not finished yet was lost with the process that died: store those
        that were finished, code the others again one at a time."""
        lost = [chunk, *(c for c, _ in self.pending)]
        done = {id(c): f.result() for c, f in self.pending
                if f.done() and not f.cancelled() and f.exception() is None}
        self.pending.clear()
        self.pool.restart()
        for part in lost:
            if id(part) in done:
                self.run.write(done[id(part)])
            else:
                self._alone(part)

    def _alone(self, chunk: list[Article]) -> None:
        """Code a chunk on its own (a process died while it was pending); when that kills a
        process again, each article on its own."""
        try:
            result = self.pool.submit(self.chunk_coder, chunk).result()
        except BrokenProcessPool:
            self.pool.restart()
        else:
            self.run.write(result)
            return
        if len(chunk) > 1:
            for article in chunk:
                self._alone([article])
            return
        self.run.problem(f"{_name(chunk[0])}: not coded: the coding process died while "
                         "coding it (killed, out of memory or crashed)")
        self.run.report()


def ingest(store: Store, items: Iterable[Article | Problem], workers: int = 1,
           kb_files: Sequence[str | Path] = (), lexicon_files: Sequence[str | Path] = (),
           chunk_size: int = settings.INGEST_CHUNK,
           on_progress: Callable[[IngestStats], None] | None = None,
           on_error: Callable[[str], None] | None = None,
           chunk_coder: ChunkCoder = code_chunk, rules_only: bool = False) -> IngestStats:
    """Code and store articles (and count `Problem`s from the reader as errors);
    `on_progress` gets the running totals after each article, `on_error` each problem.

    The knowledge-base and lexicon files are validated first: a bad one raises
    a `DataFileError` (naming the file and line) before anything is read
    or coded. `chunk_coder` codes a chunk in a coding process (`code_chunk`; another
    function must be importable by name). `rules_only` codes without the event model."""
    from .pipeline import Coder

    kb = [str(p) for p in kb_files]
    lex = [str(p) for p in lexicon_files]
    # validates the files here, before any process starts
    coder = Coder(kb, lex, rules_only=rules_only)

    run = _Run(store, on_progress, on_error)
    chunks = run.chunks(items, chunk_size)
    if workers <= 1:
        _this_process.start(coder)
        for chunk in chunks:
            run.write(chunk_coder(chunk))
    else:
        pool = _Workers(workers, kb, lex, rules_only)
        try:
            _PoolRun(run, pool, chunk_coder).code(chunks)
        finally:
            pool.close()
    run.add_copies()
    run.stats.finished = time.perf_counter()
    run.report()
    return run.stats
