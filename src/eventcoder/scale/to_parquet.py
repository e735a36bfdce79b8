"""`code --format parquet --output DIR`: coded articles as two Parquet files, written in
batches (bounded memory at any size), readable by pandas, polars and DuckDB as they are:

- `articles.parquet`: one row per article (its id, your id, where it was read, title,
  date, outlet, URL, number of events) with the full coded record as JSON (`record`);
- `events.parquet`: one row per event of an article (not merged), with its actors' names
  and codes, date, place, modality, intensity, trigger and sentence.

Both are written under temporary names and renamed when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..model import Actor, CodedArticle, Event
    from .engine import Cluster, Options
    from .worker import PartitionResult

ARTICLES, EVENTS = "articles.parquet", "events.parquet"
#: Rows kept before a batch is written.
BATCH_ROWS = 2_000


@dataclass(frozen=True)
class Column:
    name: str
    #: string, date, int, float or bool
    type: str


ARTICLE_COLUMNS = (
    Column("article_id", "string"), Column("external_id", "string"), Column("origin", "string"),
    Column("title", "string"), Column("published", "date"), Column("outlet", "string"),
    Column("url", "string"), Column("n_events", "int"), Column("record", "string"))
EVENT_COLUMNS = (
    Column("article_id", "string"), Column("external_id", "string"), Column("event", "string"),
    Column("event_type", "string"), Column("mode", "string"), Column("modality", "string"),
    Column("source_name", "string"), Column("source_country", "string"),
    Column("source_sector", "string"), Column("target_name", "string"),
    Column("target_country", "string"), Column("target_sector", "string"),
    Column("date", "string"), Column("date_fallback", "bool"), Column("place", "string"),
    Column("intensity", "float"), Column("trigger", "string"), Column("sentence", "string"),
    Column("published", "date"), Column("outlet", "string"))


def _arrow_schema(columns: tuple[Column, ...]) -> pa.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "int": pa.int64(),
             "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


class _Table:
    """One Parquet file written a batch of rows at a time."""

    def __init__(self, path: Path, columns: tuple[Column, ...]) -> None:
        import pyarrow.parquet as pq

        self.path, self.columns = path, columns
        self.temporary = path.with_name(f".{path.name}.part")
        self.schema = _arrow_schema(columns)
        self.writer: pq.ParquetWriter = pq.ParquetWriter(self.temporary, self.schema,
                                                         compression="zstd")
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self, keep: bool) -> None:
        self.flush()
        self.writer.close()
        if keep:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)


class ParquetOutput:
    """`articles.parquet` and `events.parquet` in folder `out` (made if missing)."""

    def __init__(self, out: str | Path) -> None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        self.articles = _Table(folder / ARTICLES, ARTICLE_COLUMNS)
        self.events = _Table(folder / EVENTS, EVENT_COLUMNS)

    def add(self, coded: CodedArticle) -> None:
        article = coded.article
        self.articles.add({
            "article_id": article.id, "external_id": article.external_id,
            "origin": article.origin, "title": article.title, "published": article.published,
            "outlet": article.outlet, "url": article.url, "n_events": len(coded.events),
            "record": coded.model_dump_json()})
        for event in coded.events:
            self.events.add(event_row(coded, event))

    def close(self, keep: bool = True) -> tuple[int, int]:
        """Finish both files (with `keep` False, remove them); (articles, events)."""
        self.articles.close(keep)
        self.events.close(keep)
        return self.articles.count, self.events.count

    def __enter__(self) -> ParquetOutput:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        self.close(keep=kind is None)


def _side(coded: CodedArticle, actor_id: str | None) -> Callable[[str], Any]:
    actor: Actor | None = coded.actor(actor_id)
    return lambda field: getattr(actor, field) if actor is not None else None


def event_row(coded: CodedArticle, event: Event) -> dict[str, Any]:
    source, target = _side(coded, event.source), _side(coded, event.target)
    article = coded.article
    published: date | None = article.published
    return {
        "article_id": article.id, "external_id": article.external_id, "event": event.id,
        "event_type": event.type, "mode": event.mode, "modality": event.modality,
        "source_name": source("name"), "source_country": source("country"),
        "source_sector": source("sector"), "target_name": target("name"),
        "target_country": target("country"), "target_sector": target("sector"),
        "date": event.date, "date_fallback": event.date_fallback, "place": event.place,
        "intensity": event.intensity, "trigger": event.trigger.text,
        "sentence": event.sentence.text, "published": published, "outlet": article.outlet}


def code_dask(paths: Sequence[str | Path], out: str | Path, cluster: Cluster,
              stage: str | Path | None, options: Options,
              on_error: Callable[[str], None], on_warning: Callable[[str], None],
              on_start: Callable[[str, int], None] | None = None) -> tuple[int, int]:
    """Code `paths` on a Dask cluster (no database) into `out` (see the module's note);
    (articles, events) written."""
    from ..model import CodedArticle
    from .engine import run_partitions
    from .stage import CODED, PROBLEM, WARNING, read_stage

    with ParquetOutput(out) as output:
        def consume(result: PartitionResult) -> None:
            for row in read_stage(Path(result.path)):
                if row.kind == CODED:
                    output.add(CodedArticle.model_validate_json(row.data))
                elif row.kind == PROBLEM:
                    on_error(row.data)
                elif row.kind == WARNING:
                    on_warning(row.data)

        run_partitions(paths, consume, on_error, cluster, stage, options, None, on_start)
    return output.articles.count, output.events.count
