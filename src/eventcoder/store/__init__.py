"""Store: coded articles and merged events in SQLite or PostgreSQL (see `db.Store`).

- `engine`: database URLs, the engine, SQLite's connection settings;
- `migrate`: the schema's versions (Alembic, loaded only to create or upgrade);
- `schema`: the tables; `rows`: the typed rows queries return;
- `db`: `Store`, which opens, queries and adds;
- `write`: one coded article's rows; `merge`: merging reports into events, by the pairwise
  rule of `evidence` (with `dates`); `near_duplicates`: syndicated copies (MinHash LSH);
- `export`: JSONL, CSV and Parquet exports.
"""

from .db import Store
from .engine import NoDatabase, database_url
from .rows import Added, ChainLink, StoredActor, StoredEvent, StoredOrigin, StoredReport

__all__ = ["Added", "ChainLink", "NoDatabase", "Store", "StoredActor", "StoredEvent",
           "StoredOrigin", "StoredReport", "database_url"]
