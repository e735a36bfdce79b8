from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from eventcoder.store import Store  # noqa: E402
from storage_helpers import PG_ENV, drop_database, new_database  # noqa: E402

BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(
        not os.environ.get(PG_ENV), reason=f"${PG_ENV} not set (CI sets it)")),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: SQLite always, PostgreSQL when $EVENTCODER_TEST_PG
    names a server."""
    url = new_database(request.param, tmp_path)
    yield url
    drop_database(url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
