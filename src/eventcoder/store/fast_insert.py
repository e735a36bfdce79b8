"""Many rows at once: inserted at the speed of the database driver (the bulk loader's
writes), and looked up by ids in lists of a bounded length."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, Connection, Table


class RawJSON(str):
    """A JSON column's value serialised already (a coded record: pydantic writes it)."""


def _json_text(value: Any) -> str:
    if isinstance(value, RawJSON):
        return value
    return "[]" if isinstance(value, list) and not value else json.dumps(value)


def fast_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (of every column of `table`) at the speed of the database driver:
    PostgreSQL's COPY, else one prepared statement run over every row, the values
    converted as SQLAlchemy converts them (JSON as text, `RawJSON` as it is)."""
    if not rows:
        return
    columns = list(table.columns)
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    keys = [c.name for c in columns]
    converters = [_json_text if isinstance(c.type, JSON) else None for c in columns]
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(
                f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[k] if f is None else f(row[k])
                                for k, f in zip(keys, converters, strict=True)])
        return
    converters = [f or c.type._cached_bind_processor(conn.dialect)
                  for c, f in zip(columns, converters, strict=True)]
    plain = [(n, k) for n, (k, f) in enumerate(zip(keys, converters, strict=True)) if f is None]
    converted = [(n, k, f) for n, (k, f) in enumerate(zip(keys, converters, strict=True))
                 if f is not None]
    values = []
    for row in rows:
        cells: list[Any] = [None] * len(keys)
        for n, k in plain:
            cells[n] = row[k]
        for n, k, f in converted:
            cells[n] = f(row[k])
        values.append(tuple(cells))
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",
                         values)


#: Ids per IN (...) list of a query.
IDS_PER_QUERY = 500


def id_batches(ids: list[str]) -> Iterator[list[str]]:
    """`ids` in lists of at most `IDS_PER_QUERY`, one per query."""
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start:start + IDS_PER_QUERY]
