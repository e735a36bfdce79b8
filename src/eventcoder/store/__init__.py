"""Store: coded articles and merged events in SQLite or PostgreSQL (see `db.Store`)."""

from .db import Added, Store, database_url

__all__ = ["Added", "Store", "database_url"]
