"""The schema's versions: the Alembic migrations in `migrations/`, run programmatically.

Opening a database only reads Alembic's version table to see whether the schema is at the
newest migration (`HEAD`); Alembic itself is loaded only when the schema has to be created
or upgraded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
#: The newest migration in `migrations/versions` (a test checks it against Alembic's head).
HEAD = "0009"
#: Alembic's table of the applied revision (its default name).
VERSION_TABLE = "alembic_version"
#: Key of the PostgreSQL advisory lock that serialises migrations.
MIGRATE_LOCK = 0x6576_636F_6D69_6701


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def stored_revisions(connection: Connection) -> list[str] | None:
    """The revisions in the version table, or None when it cannot be read (no table)."""
    try:
        return list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
                    .scalars())
    except DBAPIError:
        return None


def at_head(engine: Engine) -> bool:
    """Is the schema at `HEAD`? One query, without Alembic."""
    with engine.connect() as connection:
        return stored_revisions(connection) == [HEAD]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to the newest migration (or to `revision`). Processes
    opening one database at once migrate it one after the other: SQLite's write lock
    (BEGIN IMMEDIATE) or a PostgreSQL advisory lock is held while the schema changes."""
    if revision == "head" and at_head(engine):
        return
    from alembic import command

    config = alembic_config()
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            # tables are rebuilt to change a column: no foreign-key actions (ON DELETE
            # CASCADE) while the old table is dropped; the pragma works outside transactions
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            finally:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATE_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
