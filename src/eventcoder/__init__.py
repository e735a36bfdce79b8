"""eventcoder: sourced, dated PLOVER event records from political news.

The library comes first; the command line is a thin layer over these functions:

    >>> import eventcoder
    >>> record = eventcoder.code("Poland criticised Hungary.", published="2025-06-13")
    >>> [(e.type, e.source, e.target) for e in record.events]
    [('ACCUSE', 'POL', 'HUN')]

The names below are imported on first use, so that `import eventcoder.store` (and a query
command) does not load spaCy, the knowledge base and the readers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import (
        Actor,
        Article,
        CodedArticle,
        Event,
        Mention,
        Source,
        Statement,
        TimeExpression,
    )
    from .pipeline import Coder, code, code_articles, make_article
    from .read import read_paths
    from .resolve.who import Who, who, who_many

#: Public name -> the module that defines it.
_HOMES = {
    "Actor": ".model", "Article": ".model", "CodedArticle": ".model", "Event": ".model",
    "Mention": ".model", "Source": ".model", "Statement": ".model",
    "TimeExpression": ".model",
    "Coder": ".pipeline", "code": ".pipeline", "code_articles": ".pipeline",
    "make_article": ".pipeline",
    "read_paths": ".read",
    "Who": ".resolve.who", "who": ".resolve.who", "who_many": ".resolve.who",
}

__all__ = [
    "Actor", "Article", "CodedArticle", "Coder", "Event", "Mention", "Source", "Statement",
    "TimeExpression", "Who", "code", "code_articles", "make_article", "read_paths", "who",
    "who_many",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
