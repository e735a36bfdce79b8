"""Synthetic coded articles for bulk-loading measurements (`bench/scale.py`).

    for coded in synthetic_coded(100_000): ...

Each article has `events` events among 1,000 actors of 100 countries (a country actor and
officials), one mention per actor it names and a one-link source chain per event; dates
fall over three years in the order of the articles, one event in ten has only the
publication date, so that the merge rules have same-day, windowed and undated reports to
settle. Each sentence names its
matter in two words of `TOPICS`; one event in `RETOLD` retells a recent event of another
article (the same actors, type, day and matter), so that the merge rules find reports of
one event to join. The same seed gives the same articles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from eventcoder.model import Actor, Article, CodedArticle, Event, Mention, Source, Span

TYPES = ("CONSULT", "COOPERATE", "AID", "DEMAND", "ACCUSE", "THREATEN", "PROTEST",
         "SANCTION", "AGREE", "SUPPORT")
TOPICS = ("grain", "tariffs", "pipeline", "border", "troops", "elections", "loans", "ports",
          "fishing", "visas", "refugees", "sanctions", "drones", "reactors", "railway",
          "vaccines", "wheat", "ceasefire", "hostages", "debts")
#: One event in this many retells a recent one.
RETOLD = 20
START = date(2022, 1, 1)
DAYS = 3 * 365


def _actors(countries: int = 100, per_country: int = 10) -> list[Actor]:
    out = []
    for c in range(countries):
        code = f"C{c:02d}"
        out.append(Actor(id=code, name=f"Country {c}", kind="country", country=code,
                         kb_id=code))
        out += [Actor(id=f"person:{code.lower()}-{n}", name=f"Official {n} of {code}",
                      kind="person", country=code, sector="GOV",
                      kb_id=f"person:{code.lower()}-{n}") for n in range(1, per_country)]
    return out


def synthetic_coded(n: int, events: int = 5, seed: int = 11) -> Iterator[CodedArticle]:
    """`n` coded articles of `events` events each."""
    rng = random.Random(seed)
    actors = _actors()
    recent: list[tuple[Actor, Actor, str, date, str]] = []
    for i in range(n):
        # in the order of publication, as a stream of news comes
        published = START + timedelta(days=i * DAYS // n + rng.randrange(3))
        told = []
        for _ in range(events):
            if recent and rng.randrange(RETOLD) == 0:
                told.append(rng.choice(recent[-200:]))
                continue
            a, b = rng.sample(actors, 2)
            matter = " ".join(rng.sample(TOPICS, 2))
            told.append((a, b, rng.choice(TYPES), published - timedelta(days=rng.randrange(3)),
                         matter))
        recent += told
        pairs = [(a, b) for a, b, *_ in told]
        # "(i)": the article's number makes its text its own, without a word to share
        sentences = [f"({i}.{k}) {a.name} and {b.name} over {matter}."
                     for k, (a, b, _, _, matter) in enumerate(told)]
        text = "\n\n".join(sentences)
        article = Article(text=text, title=f"Synthetic article {i}", published=published,
                          outlet=f"Outlet {rng.randrange(50)}", origin=f"synthetic:{i}",
                          external_id=f"s{i}")
        used: dict[str, Actor] = {}
        mentions, out = [], []
        position = 0
        for k, ((a, b), sentence) in enumerate(zip(pairs, sentences, strict=True)):
            span = Span.of(text, position, position + len(sentence))
            start = position + sentence.index(") ") + 2
            for actor in (a, b):  # each name where the sentence says it
                used.setdefault(actor.id, actor)
                at = sentence.index(actor.name, start - position) + position
                mentions.append(Mention(actor=actor.id, kind="name", why="bench",
                                        span=Span.of(text, at, at + len(actor.name))))
                start = at + len(actor.name)
            undated = rng.random() < 0.1
            kind, day = told[k][2], told[k][3]
            out.append(Event(
                id=f"E{k + 1}", type=kind, source=a.id, target=b.id,
                trigger=Span.of(text, position, position + 7), sentence=span,
                date=None if undated else day.isoformat(), date_fallback=undated,
                intensity=round(rng.uniform(-10, 10), 1),
                attributed_to=[Source(kind="outlet", name=article.outlet or "")],
                why="bench"))
            position += len(sentence) + 2
        yield CodedArticle(article=article, actors=list(used.values()), mentions=mentions,
                           events=out)
