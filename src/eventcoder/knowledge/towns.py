"""Towns, cities and regions by name, for placing events: 'near the town of Tikrit' -> IRQ.

A name shared by towns of different countries is kept only when one of them is at least
half as populous again as any other ('Tripoli' is Libya's capital before Lebanon's port); else
the name is left unplaced rather than guessed.
"""

from __future__ import annotations

from functools import lru_cache

from ..datafiles import read_tsv
from .names import lookup_key

#: How much more populous the largest town of a shared name must be to take the name.
_DOMINANCE = 1.5


@lru_cache(maxsize=1)
def _towns() -> dict[str, str]:
    best: dict[str, list[tuple[int, str]]] = {}
    rows = read_tsv("eventcoder.knowledge", "cities.tsv",
                    ("name", "country", "population", "names"), required=3)
    for row in rows:
        name, country = row["name"], row["country"]
        if not row["population"].isdigit():
            raise row.error(f"population {row['population']!r} is not a number")
        population = int(row["population"])
        others = row["names"].split("|") if row["names"] else []
        for key in {lookup_key(n) for n in (name, *others)}:
            best.setdefault(key, []).append((population, country))
    out = {}
    for key, towns in best.items():
        towns.sort(reverse=True)
        top_population, top_country = towns[0]
        rivals = [p for p, c in towns[1:] if c != top_country]
        if not rivals or top_population >= _DOMINANCE * rivals[0]:
            out[key] = top_country
    return out


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Provinces, states and cities the Phoenix dictionaries list under one country."""
    rows = read_tsv("eventcoder.knowledge", "phoenix_places.tsv", ("name", "country"))
    return {lookup_key(row["name"]): row["country"] for row in rows}


def town_country(name: str) -> str | None:
    """The country of the town (or, failing that, the region) called `name`, if the name
    is a town's and not ambiguous ('Mombasa' from GeoNames, 'Helmand' from Phoenix)."""
    key = lookup_key(name)
    return _towns().get(key) or _regions().get(key)
