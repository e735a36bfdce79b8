"""The knowledge base: who is who, looked up by the names used in news.

Built from the tables shipped in `knowledge/data/` plus any user tables, later tables
overriding earlier ones entry by entry. Person entries are date-aware: `people_named`
returns every term of a person, and `Entity.active(on)` tells who held an office on a day.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from .. import settings
from ..actor_ids import (
    SPECIAL_CODES,
    breakaway_id,
    organisation_id,
    outlet_id,
    person_id,
)
from ..datafiles import DataFileError, read_tsv
from .index import read_index
from .names import lookup_key, translit_key
from .tables import Row, read_table

#: The shipped tables, in load order: a later table overrides an earlier one entry by entry,
#: so the hand-made tables come after those generated from the Phoenix dictionaries.
SHIPPED = ("countries.tsv", "phoenix_organisations.tsv", "organisations.tsv", "outlets.tsv",
           "phoenix_agents.tsv", "sectors.tsv", "phoenix_state_actors.tsv",
           "us_congress_executive.tsv", "office_holders_1990_2014.tsv", "office_holders.tsv")


@dataclass(frozen=True, slots=True)
class Entity:
    """One knowledge-base entry: a country, an organisation, an outlet or a person's term."""

    id: str
    name: str
    kind: str  # country | organisation | outlet | person
    country: str | None
    sector: str | None = None
    sectors: tuple[str, ...] = ()
    office: str | None = None
    start: date | None = None
    end: date | None = None
    source: str = ""  # file:line, for the why
    #: a person known by full name only: not by surname alone nor by a similar spelling
    full_name_only: bool = False

    def active(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


#: Indexes worked out from the tables on first use, dropped when a table is added.
_DERIVED = ("name_prefixes", "sector_leads", "country_names", "person_keys", "office_terms")


@dataclass(frozen=True)
class SectorNoun:
    sector: str
    office: str | None
    source: str


@dataclass
class KnowledgeBase:
    countries: dict[str, Entity] = field(default_factory=dict)
    #: lookup key -> entities named so (countries, organisations, outlets, people)
    names: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    #: names that only match with this exact case ("US", "UN"), to spare "us" and "un"
    case_sensitive: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, Entity] = field(default_factory=dict)
    metonyms: dict[str, Entity] = field(default_factory=dict)
    sector_nouns: dict[str, SectorNoun] = field(default_factory=dict)
    #: transliteration key of a surname -> person terms
    surnames: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    #: every person's term by (id, office, start), in the order the tables give them
    terms: dict[tuple[str, str | None, date | None], Entity] = field(default_factory=dict)
    longest_name: int = 1

    # -- building -----------------------------------------------------------------------

    def _add_name(self, name: str, entity: Entity) -> None:
        key = lookup_key(name)
        if not key:
            return
        if name.isupper() and len(name.replace(".", "")) <= 3:
            self.case_sensitive[key] = name
        bucket = self.names[key]
        bucket[:] = [e for e in bucket if e.id != entity.id or e.kind == "person"]
        bucket.append(entity)
        self.longest_name = max(self.longest_name, len(key.split()))

    def add_country(self, row: Row) -> None:
        code = row.code("code")
        assert code is not None
        sectors = tuple(row.sectors("sectors"))
        entity = Entity(
            id=breakaway_id(code, lookup_key(row.cells['name'])) if "PRE" in sectors else code,
            name=row.cells["name"].strip(), kind="country", country=code,
            sector="PRE" if "PRE" in sectors else None,
            sectors=tuple(s for s in sectors if s != "PRE"), source=f"{row.path}:{row.line}",
        )
        if "PRE" not in sectors:
            self.countries[code] = entity
        for name in [entity.name, *row.many("names")]:
            self._add_name(name, entity)
        for demonym in row.many("demonyms"):
            self.demonyms[lookup_key(demonym)] = entity
        for metonym in row.many("metonyms"):
            self.metonyms[lookup_key(metonym)] = entity

    def add_organisation(self, row: Row) -> None:
        entity = Entity(
            id=organisation_id(row.cells['id'].strip()), name=row.cells["name"].strip(),
            kind="organisation", country=row.code("country"), sector=row.sector("sector"),
            sectors=tuple(row.sectors("sectors")), source=f"{row.path}:{row.line}",
        )
        for name in [entity.name, *row.many("names")]:
            self._add_name(name, entity)

    def add_outlet(self, row: Row) -> None:
        name = row.cells["name"].strip()
        entity = Entity(
            id=outlet_id(lookup_key(name).replace(' ', '-')), name=name, kind="outlet",
            country=row.code("country", required=False), sector="JRN",
            source=f"{row.path}:{row.line}",
        )
        for variant in [name, *row.many("names")]:
            self._add_name(variant, entity)

    def add_sector_noun(self, row: Row) -> None:
        sector = row.sector("sector")
        if sector is None:
            raise row.error("sector is empty")
        noun = lookup_key(row.cells["noun"])
        self.sector_nouns[noun] = SectorNoun(
            sector, row.cells.get("office", "").strip() or None, f"{row.path}:{row.line}"
        )

    def add_office_holder(self, row: Row) -> None:
        name = row.cells["name"].strip()
        if not name:
            raise row.error("name is empty")
        start, end = row.date("start"), row.date("end", end=True)
        if start and end and end < start:
            raise row.error(f"end {end} is before start {start}")
        entity = Entity(
            id=person_id(lookup_key(name).replace(' ', '-')), name=name, kind="person",
            country=row.code("country"), sector=row.sector("sector") or "GOV",
            office=row.cells["office"].strip() or None, start=start, end=end,
            source=f"{row.path}:{row.line}",
        )
        key = (entity.id, entity.office, entity.start)
        self.terms.pop(key, None)  # a later table's term replaces an earlier one's
        self.terms[key] = entity
        for variant in [name, *row.many("variants")]:
            self._add_name(variant, entity)
            surname = variant.split()[-1]
            bucket = self.surnames[translit_key(surname)]
            bucket[:] = [e for e in bucket if not _same_term(e, entity)] + [entity]

    def add_state_actor(self, row: Row) -> None:
        """A person's dated role from a generated table: matched by full name only."""
        name = row.cells["name"].strip()
        start, end = row.date("start"), row.date("end", end=True)
        entity = Entity(
            id=person_id(lookup_key(name).replace(' ', '-')), name=name, kind="person",
            country=row.code("country"), sector=row.sector("sector") or "GOV",
            sectors=tuple(row.sectors("sectors")), start=start, end=end,
            source=f"{row.path}:{row.line}", full_name_only=True,
        )
        self.terms.setdefault((entity.id, entity.office, entity.start), entity)
        for variant in [name, *row.many("variants")]:
            self._add_name(variant, entity)

    def add_table(self, path: Path, shipped: bool = False) -> None:
        """Add a table's entries; a shipped table's entries name it by file name only."""
        kind, rows = read_table(path)
        if shipped:
            rows = [Row(path.name, r.line, r.cells) for r in rows]
        adder = {
            "countries": self.add_country, "organisations": self.add_organisation,
            "outlets": self.add_outlet, "sectors": self.add_sector_noun,
            "office_holders": self.add_office_holder, "state_actors": self.add_state_actor,
        }[kind]
        for row in rows:
            adder(row)
        for derived in _DERIVED:  # worked out again from the new entries when next asked
            self.__dict__.pop(derived, None)

    # -- looking up ---------------------------------------------------------------------

    @cached_property
    def name_prefixes(self) -> frozenset[str]:
        """Every leading run of words of every name, capital and demonym ('united',
        'united states', ...): a phrase not in here cannot grow into a name."""
        prefixes = {"the"}
        for key in [*self.names, *self.metonyms, *self.demonyms]:
            words = key.split(" ")
            prefixes.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
        return frozenset(prefixes)

    @cached_property
    def sector_leads(self) -> frozenset[str]:
        """First words of every sector noun."""
        return frozenset(k.split(" ", 1)[0] for k in self.sector_nouns)

    @cached_property
    def country_names(self) -> dict[str, Entity]:
        """Lookup key -> country, for every name of a country (not organisations)."""
        return {key: entities[-1] for key, entities in self.names.items()
                if entities and entities[-1].kind == "country"}

    @cached_property
    def person_keys(self) -> dict[str, list[Entity]]:
        """Transliteration key of each full name and variant -> that person's terms."""
        keys: dict[str, list[Entity]] = defaultdict(list)
        for key, entities in self.names.items():
            for entity in entities:
                if entity.kind == "person" and " " in key and not entity.full_name_only:
                    keys[translit_key(key)].append(entity)
        return dict(keys)

    def knows_key(self, key: str) -> bool:
        return key in self.names or key in self.metonyms or key in self.demonyms

    def lookup(self, phrase: str) -> list[Entity]:
        key = lookup_key(phrase)
        exact_case = self.case_sensitive.get(key)
        bare = phrase.strip()
        if bare[:4].lower() == "the ":
            bare = bare[4:].strip()
        if exact_case is not None and bare != exact_case:
            return []
        return list(self.names.get(key, ()))

    def country(self, code: str | None) -> Entity | None:
        return self.countries.get(code or "")

    def seat(self, key: str, on: date | None) -> Entity | None:
        """The country a capital or seat stands for on a day: its state, or the state its
        territory belonged to before that state existed ('Juba' in 2000 is Sudan's)."""
        entity = self.metonyms.get(key)
        if entity is None:
            return None
        code = country_then(entity.country, on)
        return entity if code == entity.country else self.countries.get(code or "", entity)

    @property
    def people(self) -> list[Entity]:
        """Every person's term."""
        return list(self.terms.values())

    @cached_property
    def office_terms(self) -> dict[tuple[str | None, str], list[Entity]]:
        """(country, office) -> the terms of that office."""
        index: dict[tuple[str | None, str], list[Entity]] = defaultdict(list)
        for term in self.terms.values():
            if term.office:
                index[(term.country, term.office)].append(term)
        return dict(index)

    def holders(self, country: str, office: str, on: date | None) -> list[Entity]:
        """Who held an office of a country on a day ('the Russian president' in 2025)."""
        return [p for p in self.office_terms.get((country, office), ()) if p.active(on)]


def _same_term(a: Entity, b: Entity) -> bool:
    return a.id == b.id and a.office == b.office and a.start == b.start


def _validate_pycountry(kb: KnowledgeBase) -> None:
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in kb.countries]
    if missing:
        raise DataFileError("countries.tsv", 0, f"ISO countries missing: {', '.join(missing)}")
    for code in SPECIAL_CODES:
        kb.countries.setdefault(code, Entity(id=code, name=code, kind="country", country=code))


def user_tables(extra: Iterable[str | Path] = ()) -> list[Path]:
    """User tables from EVENTCODER_KB (os.pathsep-separated) and from `extra`."""
    env = os.environ.get(settings.KB_ENV, "")
    paths = [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return paths + [Path(p) for p in extra]


def build_shipped() -> KnowledgeBase:
    """The knowledge base of the shipped tables, parsed and validated, with its derived
    indexes worked out (what `knowledge.index` pickles)."""
    kb = KnowledgeBase()
    data = resources.files("eventcoder.knowledge") / "data"
    for name in SHIPPED:
        with resources.as_file(data / name) as path:
            kb.add_table(path, shipped=True)
    _validate_pycountry(kb)
    for derived in _DERIVED:
        getattr(kb, derived)
    return kb


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> KnowledgeBase:
    indexed = read_index(SHIPPED)
    kb = indexed if isinstance(indexed, KnowledgeBase) else build_shipped()
    for path in extra:
        kb.add_table(path)
    return kb


def load_kb(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus user tables; validated, cached per set of files."""
    return _load(tuple(p.resolve() for p in user_tables(extra)))


@lru_cache(maxsize=1)
def _successions() -> dict[str, tuple[str, date]]:
    out = {}
    for row in read_tsv("eventcoder.knowledge", "successions.tsv",
                        ("code", "predecessor", "since")):
        try:
            out[row["code"]] = (row["predecessor"], date.fromisoformat(row["since"]))
        except ValueError as exc:
            raise row.error(f"since {row['since']!r} is not a date (YYYY-MM-DD)") from exc
    return out


def country_then(code: str | None, on: date | None) -> str | None:
    """The state whose territory a country's places were on a day (None: today's)."""
    succession = _successions().get(code or "")
    if succession is None or on is None or on >= succession[1]:
        return code
    return succession[0]
