"""Loading stage files into the database, in input order, in bulk.

Coded articles go in batches through `store.bulk.add_many` (one transaction per batch, the
merge rules of local ingest); a batch that fails is stored again one article at a time
(`Store.add`), so that only the article at fault is lost, and named. Records whose text is
stored already become other origins of the stored article (`Store.add_origins`) once the
partition they came with is loaded, as local ingest does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..ingest import IngestStats
from ..model import Article, CodedArticle
from ..store import Store
from ..store.bulk import add_many
from ..store.engine import storage_error
from ..store.rows import Added
from .stage import CODED, COPY, PROBLEM, WARNING, read_stage

#: Coded articles stored per transaction.
LOAD_BATCH = 500
#: Origins added per transaction.
ORIGIN_BATCH = 500


class StageLoader:
    """Loads stage files into `store`, adding to `stats`; `problem` gets each problem."""

    def __init__(self, store: Store, stats: IngestStats, problem: Callable[[str], None],
                 warning: Callable[[str], None] | None = None,
                 batch: int = LOAD_BATCH) -> None:
        self.store, self.stats, self.problem, self.batch = store, stats, problem, batch
        self.warning = warning

    def load(self, path: Path) -> None:
        """Store the records of one stage file (in its order), then its copies' origins."""
        batch: list[CodedArticle] = []
        copies: list[Article] = []
        for row in read_stage(path):
            if row.kind == WARNING:
                if self.warning is not None:
                    self.warning(row.data)
            elif row.kind == PROBLEM:
                if row.article_id is not None:
                    self.stats.read += 1
                self.problem(row.data)
            elif row.kind == COPY:
                self.stats.read += 1
                self.stats.skipped += 1
                copies.append(Article.model_validate_json(row.data))
            elif row.kind == CODED:
                self.stats.read += 1
                batch.append(CodedArticle.model_validate_json(row.data))
                if len(batch) >= self.batch:
                    self._store(batch)
                    batch = []
        if batch:
            self._store(batch)
        for start in range(0, len(copies), ORIGIN_BATCH):
            self._origins(copies[start:start + ORIGIN_BATCH])

    def _store(self, batch: list[CodedArticle]) -> None:
        try:
            results = add_many(self.store, batch)
        except Exception:  # find the article at fault: one transaction each
            for coded in batch:
                try:
                    self._count(self.store.add(coded))
                except Exception as exc:
                    name = coded.article.origin or coded.article.id
                    self.problem(f"{name}: not stored: {storage_error(exc)}")
            return
        for added in results:
            self._count(added)

    def _count(self, added: Added) -> None:
        stats = self.stats
        if added.new_origin:
            stats.origins += 1
        if added.stored:
            stats.stored += 1
            stats.events += added.events
            stats.new_events += added.new_events
            stats.merged += added.merged
        else:  # stored already, perhaps by another ingest just now
            stats.skipped += 1

    def _origins(self, copies: list[Article]) -> None:
        try:
            self.stats.origins += self.store.add_origins(copies)
        except Exception as exc:  # report, keep going
            names = ", ".join(a.origin or a.id for a in copies[:3])
            self.problem(f"{names}{', ...' if len(copies) > 3 else ''}: origins not stored: "
                         f"{storage_error(exc)}")
