"""Parquet files: one article per row, read like a JSON record (see `records`).

Rows are read one row group at a time, so a file of any size is read in bounded memory;
`row_groups` reads only some of them (a partition of `scale.partitions`). A row is named
by its file and row number from 1 (`corpus.parquet:7`); dates and times stored as such
are read as ISO text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..model import Article
from .errors import Problem, ReadError
from .fields import FieldMap, plain_value
from .records import record_to_article

#: The first bytes (and the last) of every Parquet file.
MAGIC = b"PAR1"


def parse_parquet(source: str | Path | IO[bytes], origin: str, fields: FieldMap | None = None,
                  row_groups: Iterable[int] | None = None) -> Iterator[Article | Problem]:
    """The articles of a Parquet file (or of some of its row groups); a row that is not
    an article is reported and the others carry on."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        yield Problem(origin, f"not a readable Parquet file: {exc}")
        return
    meta = parquet.metadata
    starts = [0]
    for group in range(meta.num_row_groups):
        starts.append(starts[-1] + meta.row_group(group).num_rows)
    for group in range(meta.num_row_groups) if row_groups is None else row_groups:
        try:
            rows = parquet.read_row_group(group).to_pylist()
        except (pa.ArrowException, OSError) as exc:
            yield Problem(f"{origin}#group{group}", f"row group not readable: {exc}")
            continue
        for n, row in enumerate(rows, start=starts[group] + 1):
            where = f"{origin}:{n}"
            try:
                yield record_to_article({k: plain_value(v) for k, v in row.items()}, where,
                                        fields)
            except ReadError as exc:
                yield Problem(exc.origin, exc.problem)


def row_group_count(path: str | Path) -> int:
    """How many row groups a Parquet file has (0 when it cannot be read: reading it
    reports why)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_row_groups)
    except (pa.ArrowException, OSError):
        return 0
