"""`eventcoder eval actors` on PLV-style gold (`plv_dev.jsonl`): how many actors get a country.

PLV gold gives the words of each event's source and target but no codes, so only one thing
can be measured: whether eventcoder knows the country of the actor those words name. Each
gold actor text that is in its sentence (found as `eval actors` finds words: whole words,
the last piece of a '...' text, else its telling word) counts once; it is resolved when a
mention overlapping the words belongs to an actor with a known country, or when a place
with a country code overlaps them ('in Kyiv'). Placeholders for an unnamed party
('actor', 'recipient') are not counted.

    resolution = gold actor texts resolved with a country / gold actor texts
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..actor_ids import UNKNOWN_COUNTRY
from ..model import Article, CodedArticle
from ..pipeline import Coder
from .actors import locate
from .gold_file import gold_lines
from .plover_gold import ratio
from .plv import UNNAMED


def read_actor_texts(gold: Path, limit: int | None = None) -> list[tuple[str, list[str]]]:
    """(sentence, the texts of its events' sources and targets), one gold record each."""
    out = []
    for _number, record in gold_lines(gold):
        texts = [a.get("text") or "" for e in record.get("events") or []
                 for a in (e.get("source") or []) + (e.get("target") or [])]
        out.append((record["text"], [t.strip() for t in texts
                                     if t.strip() and t.strip().lower() not in UNNAMED]))
        if limit and len(out) >= limit:
            break
    return out


def has_country(record: CodedArticle, start: int, end: int) -> bool:
    """Does a mention (or a place) overlapping the words name an actor of known country?"""
    for mention in record.mentions:
        if mention.span.start < end and start < mention.span.end:
            actor = record.actor(mention.actor)
            if actor is not None and actor.country and actor.country != UNKNOWN_COUNTRY:
                return True
    return any(p.span.start < end and start < p.span.end and len(p.actor) == 3
               for p in record.places)


def evaluate_resolution(gold: Path, limit: int | None = None,
                        coder: Coder | None = None) -> str:
    items = read_actor_texts(gold, limit)
    coder = coder or Coder()
    counts: Counter[str] = Counter()
    articles = (Article(text=text) for text, _ in items)
    for (text, actors), record in zip(items, coder.code_articles(articles), strict=True):
        for words in actors:
            where = locate(text, words)
            if where is None:
                continue  # words not in the sentence: nothing to resolve
            counts["gold"] += 1
            counts["resolved"] += has_country(record, *where)
    share = ratio(counts["resolved"], counts["gold"])
    return (f"gold actor texts {counts['gold']}, with a country {counts['resolved']}\n"
            f"actors: resolution={share:.3f}")
