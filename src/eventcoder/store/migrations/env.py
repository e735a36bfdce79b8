"""Alembic environment: run programmatically by `eventcoder.store.migrate.migrate` with an
open connection in `config.attributes["connection"]`; no alembic.ini is needed."""

from __future__ import annotations

from alembic import context

from eventcoder.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the library always passes a connection
    raise RuntimeError("eventcoder migrations run through eventcoder.store.migrate.migrate()")

context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
