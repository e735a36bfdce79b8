"""The stage: one Parquet file per coded partition, between the workers and the database.

Each row is one input item, in input order: a coded article (`coded`: the full record as
JSON), a record whose text is stored already or was read earlier in the partition (`copy`:
the article as JSON, kept as another origin of the stored one), a problem (`problem`:
the message), or a reader's warning about the article that follows (`warning`). A stage
file is written under a temporary name and renamed when complete, so a worker killed
while writing leaves no partial file: the partition is coded again.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CODED, COPY, PROBLEM, WARNING = "coded", "copy", "problem", "warning"

#: Rows of a stage file read at a time.
READ_BATCH = 256


@dataclass(frozen=True)
class StageRow:
    kind: str
    #: The article id (none for a problem).
    article_id: str | None
    #: The coded article or article as JSON, or the problem's message.
    data: str
    n_events: int = 0


def _schema() -> Any:
    import pyarrow as pa

    types: dict[str, pa.DataType] = {"kind": pa.string(), "article_id": pa.string(),
                                     "data": pa.large_string(), "n_events": pa.int32()}
    return pa.schema(types)


def write_stage(path: Path, rows: list[StageRow]) -> None:
    """Write a stage file at once (under a temporary name, then renamed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pydict({
        "kind": [r.kind for r in rows], "article_id": [r.article_id for r in rows],
        "data": [r.data for r in rows], "n_events": [r.n_events for r in rows]},
        schema=_schema())
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            pq.write_table(table, out, compression="zstd")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def read_stage(path: Path) -> Iterator[StageRow]:
    """The rows of a stage file, in order, a batch at a time."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=READ_BATCH):
        columns = batch.to_pydict()
        for kind, article_id, data, n_events in zip(
                columns["kind"], columns["article_id"], columns["data"], columns["n_events"],
                strict=True):
            yield StageRow(kind, article_id, data, n_events)
