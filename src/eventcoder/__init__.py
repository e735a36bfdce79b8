"""eventcoder: sourced, dated PLOVER event records from political news.

The library comes first; the command line is a thin layer over these functions:

    >>> import eventcoder
    >>> record = eventcoder.code("Poland criticised Hungary.", published="2025-06-13")
    >>> [(e.type, e.source, e.target) for e in record.events]
    [('ACCUSE', 'POL', 'HUN')]
"""

from .model import Actor, Article, CodedArticle, Event, Mention, Source, Statement, TimeExpression
from .pipeline import Coder, code, code_articles, make_article
from .read import read_paths

__all__ = [
    "Actor", "Article", "CodedArticle", "Coder", "Event", "Mention", "Source", "Statement",
    "TimeExpression", "code", "code_articles", "make_article", "read_paths",
]
