"""Opening a database: its URL (`--db`, $EVENTCODER_DB or the default SQLite file), the
SQLAlchemy engine and, for SQLite, the settings of every connection (busy timeout, WAL mode,
foreign keys). `postgresql://` URLs use psycopg 3."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from .. import settings

#: How long a SQLite connection waits for another process's lock before "database is locked".
SQLITE_BUSY_SECONDS = 30.0


class NoDatabase(FileNotFoundError):
    """`Store.open(..., create=False)` on a SQLite file that does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no database at {path}")
        self.path = path


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for `--db`, $EVENTCODER_DB or the default SQLite file; plain
    `postgresql://` URLs get the psycopg 3 driver, a bare path is a SQLite file."""
    url = url or os.environ.get(settings.DB_ENV) or settings.DEFAULT_DB
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None, create: bool = True) -> Engine:
    """The engine for `url` (see `database_url`). A SQLite file's folders are made; with
    `create=False` a SQLite file that does not exist raises `NoDatabase` instead."""
    full = database_url(url)
    parsed = make_url(full)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not create and not path.is_file():
            raise NoDatabase(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(full)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # first: the others may wait for a lock
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting for other processes as busy_timeout would.

    Turning a file into WAL mode is a write that SQLite begins under a read lock; when
    another connection holds the write lock then (a second process turning the same new
    file into WAL at the same moment), SQLite fails at once with "database is locked"
    instead of waiting, since that writer may be waiting for our read lock to go: the busy
    timeout does not apply. The failed pragma has let go of its lock and the other process
    is done within milliseconds, so try again (with jitter, so that two processes do not
    retry in step) until the busy timeout. On a file in WAL mode already it only reads."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    pause = 0.002
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 0.1)


def storage_error(exc: BaseException) -> str:
    """The database driver's own message for a failed write or open (not the SQL statement
    and its parameters), else the exception's."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        exc = orig
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
