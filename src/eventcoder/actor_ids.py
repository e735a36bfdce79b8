"""Actor ids: the one place that builds and reads them, and owns the special codes.

An actor id says what kind of actor it names:

- a country or international code: `BLR`, `UNO` (PLOVER country codes);
- a group of a country and sector: `BLR-GOV`; `XXX-GOV` when the country is unknown and
  `BLR-UNK` when the sector is;
- a partially recognised state's authorities: `UKR-PRE-<name key>`;
- a named person, organisation or news outlet: `person:<slug>`, `org:<slug>`,
  `outlet:<slug>`.
"""

from __future__ import annotations

#: PLOVER codes for actors that are not countries.
SPECIAL_CODES = frozenset(["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"])
#: Codes that stand for a kind of actor rather than one body: international and
#: non-governmental organisations, movements, companies, and the unknowns below.
GENERIC_CODES = frozenset(["IGO", "NGO", "ISM", "IMG", "MNC", "XXX", "UNK"])
#: The country part of a group whose country is not known ("the embassy").
UNKNOWN_COUNTRY = "XXX"
#: The sector part of a group whose sector is not known.
UNKNOWN_SECTOR = "UNK"

PERSON, ORGANISATION, OUTLET = "person:", "org:", "outlet:"


def group_id(country: str | None, sector: str | None) -> str:
    """'BLR-GOV'; 'XXX-GOV' for a government of unknown country."""
    return f"{country or UNKNOWN_COUNTRY}-{sector or UNKNOWN_SECTOR}"


def breakaway_id(country: str, name_key: str) -> str:
    """The authorities of a partially recognised entity inside `country`."""
    return f"{country}-PRE-{name_key}"


def person_id(slug: str) -> str:
    return PERSON + slug


def organisation_id(slug: str) -> str:
    return ORGANISATION + slug


def outlet_id(slug: str) -> str:
    return OUTLET + slug


def is_outlet(actor_id: str) -> bool:
    return actor_id.startswith(OUTLET)


def group_parts(actor_id: str) -> tuple[str, str]:
    """The country and sector parts of a group id ('BLR', 'GOV'); a bare code has no
    sector ('')."""
    country, _, sector = actor_id.partition("-")
    return country, sector


def country_of(actor_id: str) -> str | None:
    """The country an id is made of: 'LBN' of 'LBN' or 'LBN-GOV'; None for an unknown
    country ('XXX-GOV') and for people and organisations ('person:...')."""
    code = actor_id.partition("-")[0]
    return code if len(code) == 3 and code.isupper() and code != UNKNOWN_COUNTRY else None


def of_unknown_country(actor_id: str) -> bool:
    """A group the text names without a country ('XXX-CVL')."""
    return actor_id.startswith(UNKNOWN_COUNTRY + "-")


def unknown_country_sector(actor_id: str) -> str | None:
    """The sector of a group of unknown country ('CVL' of 'XXX-CVL'), else None."""
    return actor_id[len(UNKNOWN_COUNTRY) + 1:] if of_unknown_country(actor_id) else None


def with_country(actor_id: str, country: str) -> str:
    """A group of unknown country given one: 'XXX-CVL' -> 'UKR-CVL'."""
    sector = unknown_country_sector(actor_id)
    return actor_id if sector is None else f"{country}-{sector}"
