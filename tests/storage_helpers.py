"""Helpers for the storage tests: databases on SQLite and PostgreSQL, and coded articles
built by hand (no spaCy), so each test says exactly what it stores."""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, select, text

from eventcoder.model import Actor, Article, CodedArticle, Event, Source, Span
from eventcoder.store import Store, database_url
from eventcoder.store import schema as t

if TYPE_CHECKING:
    from eventcoder.ingest import CodedChunk

PG_ENV = "EVENTCODER_TEST_PG"

ACTORS = {
    "ARM": Actor(id="ARM", name="Armenia", kind="country", country="ARM", kb_id="ARM"),
    "RUS": Actor(id="RUS", name="Russia", kind="country", country="RUS", kb_id="RUS"),
    "EU": Actor(id="org:eu", name="European Union", kind="organisation", country="EUR",
                kb_id="org:eu"),
    "PASH": Actor(id="person:nikol-pashinyan", name="Nikol Pashinyan", kind="person",
                  country="ARM", sector="GOV", kb_id="person:nikol-pashinyan"),
    "RUSGOV": Actor(id="RUS-GOV", name="Russia (GOV)", kind="group", country="RUS",
                    sector="GOV"),
    "PCT": Actor(id="org:100-party", name="100% Party", kind="organisation"),
}


def new_database(backend: str, tmp_path: Path) -> str:
    """The URL of an empty database of this backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
    base = os.environ[PG_ENV]
    name = f"ectest_{uuid.uuid4().hex[:10]}"
    engine = create_engine(database_url(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    base, name = url.rsplit("/", 1)
    engine = create_engine(database_url(os.environ[PG_ENV]), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def coded(key: str, published: str, events: list[tuple], outlet: str | None = "Wire A",
          actors: list[str] | None = None, sentences_: list[str] | None = None) -> CodedArticle:
    """An article whose text has one sentence per event; events are
    (source, type, target, date, intensity[, place[, mode[, modality]]]) with ACTORS keys.
    `sentences_` gives the sentences after '<key>: ' (the trigger is the key)."""
    sentences, spans = [], []
    position = 0
    for n, (source, kind, target, *_rest) in enumerate(events):
        sentence = (f"{key}: {sentences_[n]}" if sentences_ else
                    f"{key}: {source} did {kind} toward {target}, report {n}.")
        sentences.append(sentence)
        spans.append((position, position + len(sentence)))
        position += len(sentence) + 2
    body = "\n\n".join(sentences) or f"{key}: nothing happened."
    article = Article(text=body, title=f"Article {key}", outlet=outlet,
                      published=date.fromisoformat(published), origin=f"{key}.txt")
    used = actors or sorted({e[0] for e in events} | {e[2] for e in events if e[2]})
    out = []
    for n, (source, kind, target, day, intensity, *rest) in enumerate(events):
        place = rest[0] if rest else None
        mode = rest[1] if len(rest) > 1 else None
        modality = rest[2] if len(rest) > 2 else "asserted"
        start, end = spans[n]
        out.append(Event(
            id=f"E{n + 1}", type=kind, mode=mode, source=ACTORS[source].id,
            target=ACTORS[target].id if target else None,
            trigger=Span.of(body, start, start + len(key)), sentence=Span.of(body, start, end),
            date=day, date_fallback=day is None, place=place, modality=modality,
            intensity=intensity,
            attributed_to=[Source(kind="outlet", name=outlet or "the publishing outlet")]))
    return CodedArticle(article=article, actors=[ACTORS[a] for a in used], events=out)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (without the ingest time), in key order."""
    out = {}
    with store.engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "ingested_at"]
            keys = list(table.primary_key.columns)
            rows = conn.execute(select(*columns).order_by(*keys)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


#: Text that makes `crashing_code_chunk` kill its process, as the kernel does a process that
#: runs out of memory.
KILL_MARK = "KILL-THIS-CODING-PROCESS"


def crashing_code_chunk(articles: list[Article]) -> CodedChunk:
    """`code_chunk` (in a coding process), except that a chunk holding an article with
    `KILL_MARK` kills its process with SIGKILL."""
    import signal

    from eventcoder.ingest import code_chunk

    if any(KILL_MARK in article.text for article in articles):
        os.kill(os.getpid(), signal.SIGKILL)
    return code_chunk(articles)
