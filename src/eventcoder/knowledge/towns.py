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


_SUBDIVISION_TYPES = frozenset({"State", "Province", "Governorate", "Land", "Emirate",
                                "Federal district", "Territory", "Autonomous community",
                                "Autonomous republic", "Autonomous province"})


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """States and provinces of ISO 3166-2 (pycountry's data: 'New Mexico', 'Sindh'), names
    shared by two countries left out ('Punjab')."""
    import pycountry

    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        # first level only, and of the kinds named like places: provinces and states, not
        # 'regions' or districts, whose names are often common words ('Balkan', 'Central')
        if getattr(sub, "parent_code", None) or sub.type not in _SUBDIVISION_TYPES:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is not None:
            found.setdefault(lookup_key(sub.name), set()).add(country.alpha_3)
    return {key: countries.pop() for key, countries in found.items() if len(countries) == 1}


def town_country(name: str) -> str | None:
    """The country of the town (or, failing that, the region or the first-level
    subdivision) called `name`, if the name is not ambiguous ('Mombasa' from GeoNames,
    'Helmand' from Phoenix, 'New Mexico' from ISO 3166-2)."""
    key = lookup_key(name)
    return _towns().get(key) or _regions().get(key) or _subdivisions().get(key)
