"""A synthetic database of merged events for scale measurements (`bench/serve.py
--synthetic`, tests/test_store_scale.py).

    make_synthetic("sqlite:////tmp/x/synth.db", events=1_000_000)

The schema is the store's own (`Store.open` runs the migrations); actors and events are
written with bulk inserts (executemany through the SQLAlchemy tables, in batches). 200
countries, 5,000 actors (a country actor per country, the others spread over the
countries), ten years of days. Countries are drawn with Zipf-like weights, so the first
country (`C000`) is busy (about 14% of the events on either side) and the last ones are
quiet. No articles or reports: only the `actors` and `events` tables are filled; about one
event in five has more than one report (`n_reports > 1`). No ANALYZE is run: the query
planner sees what it sees in a user's database.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from eventcoder.store import Store
from eventcoder.store import schema as t

TYPES = ("CONSULT", "COOPERATE", "AID", "DEMAND", "ACCUSE", "THREATEN", "PROTEST",
         "SANCTION", "MOBILIZE", "ASSAULT", "AGREE", "SUPPORT")
START = date(2016, 1, 1)
DAYS = 3653
BATCH = 20_000


def country_code(i: int) -> str:
    return f"C{i:03d}"


def make_synthetic(url: str, events: int = 1_000_000, countries: int = 200,
                   actors: int = 5_000, seed: int = 7) -> Store:
    """Fill a new database at `url` and return the open store."""
    rng = random.Random(seed)
    store = Store.open(url)
    actor_rows = [dict(id=country_code(i), name=f"Country {i}", kind="country",
                       country=country_code(i), sector=None, kb_id=f"Q{i}")
                  for i in range(countries)]
    by_country: list[list[str]] = [[country_code(i)] for i in range(countries)]
    weights = [1 / (i + 1) ** 0.9 for i in range(countries)]
    for j in range(actors - countries):
        c = rng.choices(range(countries), weights)[0]
        key = f"name:person {j}"
        actor_rows.append(dict(id=key, name=f"Person {j}", kind="person",
                               country=country_code(c), sector="GOV" if j % 3 == 0 else None,
                               kb_id=None))
        by_country[c].append(key)
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    with store.engine.begin() as conn:
        conn.execute(t.actors.insert(), actor_rows)
        batch = []
        for n in range(events):
            cs, ct = rng.choices(range(countries), cum_weights=cumulative, k=2)
            if ct == cs:
                ct = (cs + 1 + rng.randrange(countries - 1)) % countries
            src = by_country[cs][0] if rng.random() < 0.5 else rng.choice(by_country[cs])
            tgt = by_country[ct][0] if rng.random() < 0.5 else rng.choice(by_country[ct])
            day = START + timedelta(days=rng.randrange(DAYS))
            reports = 1 if rng.random() < 0.8 else rng.randint(2, 6)
            batch.append(dict(
                id=f"{n:016x}:E1", type=rng.choice(TYPES), mode=None, context=[],
                source_id=src, target_id=tgt, date=day.isoformat(), day=day, day_end=None,
                date_precise=True, place=None,
                modality="asserted" if rng.random() < 0.9 else "denied",
                intensity=None if rng.random() < 0.05 else round(rng.uniform(-10, 10), 1),
                n_reports=reports, n_articles=reports, n_sources=min(reports, 3)))
            if len(batch) >= BATCH:
                conn.execute(t.events.insert(), batch)
                batch = []
        if batch:
            conn.execute(t.events.insert(), batch)
    return store
