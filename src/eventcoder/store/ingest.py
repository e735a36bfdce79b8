"""Ingest: read -> skip stored -> code (in N processes) -> store, one transaction per article.

Articles already stored (same `Article.id`, the hash of the normalised text) are skipped
before coding. Coding runs in chunks of `settings.INGEST_CHUNK` articles, in this process or
in `workers` processes that each load spaCy once; all database writes happen here, in input
order, so a run interrupted at any point and run again ends with the same contents as a run
that was never interrupted.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..model import Article, CodedArticle
from ..read import Problem
from .db import Store


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


def _init_worker(kb_files: Sequence[str], lexicon_files: Sequence[str]) -> None:
    global _coder
    from ..annotate import get_nlp
    from ..pipeline import Coder

    _coder = Coder(kb_files, lexicon_files)
    get_nlp()


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def code_chunk(articles: list[Article]) -> tuple[list[CodedArticle | str], int, int]:
    """Code a chunk of articles; an article that fails becomes its error message.
    Returns the results, this process's id and its peak memory."""
    import os

    assert _coder is not None, "coding process not initialised"
    try:
        results: list[CodedArticle | str] = list(_coder.code_articles(articles))
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        results = []
        for article in articles:
            try:
                results.append(_coder.code_article(article))
            except Exception as exc:  # noqa: BLE001
                results.append(f"{article.origin or article.id}: coding failed: "
                               f"{type(exc).__name__}: {exc}")
    return results, os.getpid(), peak_rss()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


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
           on_error: Callable[[str], None] | None = None) -> IngestStats:
    """Code and store articles (and count `Problem`s from the reader as errors);
    `on_progress` gets the running totals after each article, `on_error` each problem."""
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
                    problem(f"{result.article.origin or result.article.id}: not stored: "
                            f"{type(exc).__name__}: {exc}")
                else:
                    if added.stored:
                        stats.stored += 1
                        stats.events += added.events
                        stats.new_events += added.new_events
                        stats.merged += added.merged
                    else:
                        stats.skipped += 1
            report(stats)

    kb = [str(p) for p in kb_files]
    lex = [str(p) for p in lexicon_files]
    chunks = fresh(_chunks(items, chunk_size, stats, problem))
    if workers <= 1:
        _init_worker(kb, lex)
        for chunk in chunks:
            write(*code_chunk(chunk))
    else:
        with _context().Pool(workers, initializer=_init_worker, initargs=(kb, lex)) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(code_chunk, (chunk,)))
                while len(pending) > 2 * workers:
                    write(*pending.popleft().get())
            while pending:
                write(*pending.popleft().get())
    stats.finished = time.perf_counter()
    report(stats)
    return stats
