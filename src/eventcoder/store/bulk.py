"""Bulk loading: many coded articles in one transaction, merged by the rules of `merge`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .rows import Added

if TYPE_CHECKING:
    from ..model import CodedArticle
    from .db import Store


def add_many(store: Store, batch: Sequence[CodedArticle]) -> list[Added]:
    """Store these coded articles, in order, in one transaction."""
    from .write import write_article

    new: set[str] = set()
    with store.engine.begin() as conn:
        results = [write_article(conn, coded, store._actors, new) for coded in batch]
    store._actors |= new
    return results
