"""Regenerate the knowledge-base tables imported from PETRARCH2's Phoenix dictionaries.

Reads `../shared/sources/petrarch2/` (or the folder given as the first argument) and writes
into `src/eventcoder/knowledge/data/`:

- `phoenix_agents.tsv` (a `sectors` table) from `Phoenix.agents.txt`: agent nouns
  ("guerrilla", "prosecutor", "musician") and their PLOVER sector;
- `phoenix_organisations.tsv` (an `organisations` table) from
  `Phoenix.International.actors.txt` and `Phoenix.MilNonState.actors.txt`: international
  organisations and armed groups with their PLOVER country and sector.

CAMEO codes become PLOVER codes through `knowledge/data/cameo_codes.tsv` (the mapping
table); an entry with a code that table does not know is left out. Only facts (names and
codes) are taken. Run with the project's Python: `python scripts/build_phoenix_tables.py`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/eventcoder/knowledge/data"
SOURCES = ROOT.parent / "shared/sources/petrarch2"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
ORIGIN = ("openeventdata/petrarch2 @ " + COMMIT + ", petrarch2/data/dictionaries/{name}, "
          "MIT licence (Copyright (c) 2014 Open Event Data Alliance)")

#: Agent nouns whose CAMEO reading does not carry over to PLOVER actors: a spokesperson is
#: of whatever body they speak for (CAMEO codes them media), places and procedures are
#: not actors.
SKIP_AGENTS = frozenset([
    "spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokesperson", "spokespersons",
    "spokespeople", "official source", "prison", "prison house", "state prison",
    "security check", "police post", "police district", "administrative unit",
    "mission to the united nations", "house", "senate", "hospital", "school",
    # adjectives of religion, which modify the noun that names the actor ('Moslem forces')
    "anglican", "buddhist", "christian", "hebrew", "hindu", "islamic", "islamics", "islamist",
    "jewish", "jewishes", "maronite", "moslem", "muslim", "sunni", "unitarian", "religion",
    "religions",
])
#: Leading words of a longer noun that makes the whole an actor only in PETRARCH's
#: pattern language, not as a phrase on its own.
_SUBSTITUTION = re.compile(r"^!(\w+)! = (.*)$")


@dataclass(frozen=True)
class Codes:
    """One CAMEO code read through the mapping table."""

    country: str | None  # a PLOVER country or international code, if the code gives one
    sector: str | None  # the primary PLOVER sector
    sectors: tuple[str, ...]  # further sectors


def read_mapping(path: Path = DATA / "cameo_codes.tsv") -> dict[str, tuple[str, str]]:
    """CAMEO element -> (PLOVER code, kind)."""
    out = {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        cameo, plover, kind, _note = line.split("\t")
        out[cameo] = (plover, kind)
    return out


def translate(code: str, mapping: dict[str, tuple[str, str]],
              countries: frozenset[str]) -> Codes | None:
    """A CAMEO code ('IRQGOVMIL', '~MUSREB', 'IGOUNOKID') as PLOVER codes; None when an
    element is unknown to the mapping (other than trailing organisation codes after an
    international one, 'IGOUNO' + 'KID', which name the body, not its kind)."""
    code = code.strip().lstrip("~")
    elements = [code[i:i + 3] for i in range(0, len(code), 3)]
    if not elements or any(len(e) != 3 for e in elements):
        return None
    country = None
    if elements[0] in countries:
        country, elements = elements[0], elements[1:]
    sectors: list[str] = []
    religion = False
    international = False
    for element in elements:
        plover, kind = mapping.get(element, ("", "unknown"))
        if kind == "country":
            # 'IGOUNO': the more specific international code wins
            if country is None or country == "IGO" or international and plover != "IGO":
                country = plover
            international = True
        elif kind == "sector":
            sectors.append(plover)
        elif kind == "religion":
            religion = True
        elif kind == "unknown" and not international:
            return None
    if religion and "REL" not in sectors:
        sectors.append("REL")
    sectors = list(dict.fromkeys(sectors))
    return Codes(country, sectors[0] if sectors else None, tuple(sectors[1:]))


# -- agents ----------------------------------------------------------------------------


def _words(entry: str) -> str:
    return " ".join(entry.replace("_", " ").lower().split())


def _plural(noun: str) -> str | None:
    """The regular plural ('guerrillas', 'heads of state'); None where the noun looks plural
    already or is not a word."""
    before, of, after = noun.partition(" of ")
    if of:
        plural = _plural(before)
        return plural + of + after if plural else None
    head = noun.rsplit(" ", 1)[-1]
    if not head.isalpha() or head.endswith("s") and not head.endswith("ss"):
        return None
    if head.endswith(("man", "woman")) and not head.endswith("human"):
        return noun[: -2] + "en"
    if head.endswith("y") and head[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if head.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def agent_nouns(path: Path, mapping: dict[str, tuple[str, str]]
                ) -> Iterator[tuple[str, str, int]]:
    """(noun, PLOVER sector, line) for every agent noun form: its singular, its plural
    (regular unless the file gives one; none for '{}'), the '!PERSON!' and '!MINIST!'
    expansions and the stem 'MINIST' read as minister/ministry."""
    substitutions: dict[str, list[str]] = {}
    for number, raw in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        sub = _SUBSTITUTION.match(line)
        if sub:
            substitutions[sub.group(1)] = [w.strip() for w in sub.group(2).split(",")]
            continue
        match = re.match(r"^([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[([^\]]*)\]\s*$", line)
        if not match:
            continue
        entry, plural, code = match.group(1).strip(), match.group(2), match.group(3)
        if not code.startswith("~"):
            continue  # '[IGO~]': an international body, not a sector noun
        codes = translate(code, mapping, frozenset())
        if codes is None or codes.sector is None:
            continue
        stems = [entry]
        for name, values in substitutions.items():
            if f"!{name}!" in entry:
                stems = [entry.replace(f"!{name}!", v) for v in values]
        if entry.endswith("MINIST"):
            stems = [entry + "ER", entry + "RY"]
        forms: list[str] = []
        if entry.count("!") > 2:
            continue  # a substitution inside a word ('AD!MINIST!RATION'): a typo
        for stem in stems:
            noun = _words(stem)
            forms.append(noun)
            regular = _plural(noun) if plural is None and "!" not in entry else None
            if regular:
                forms.append(regular)
        if plural and plural.strip():
            forms.append(_words(plural))
        for form in dict.fromkeys(forms):
            if _usable(form):
                yield form, codes.sector, number


def _usable(noun: str) -> bool:
    """A noun phrase the resolver can match (up to four words, no article, no digits)."""
    words = noun.split()
    return (0 < len(words) <= 4 and noun not in SKIP_AGENTS and words[0] not in ("a", "an", "the")
            and not any(c.isdigit() for c in noun) and not noun.endswith("."))


AGENTS_HEADER = """\
# Agent nouns (sector words) from PETRARCH2's Phoenix agents dictionary, with CAMEO agent codes
# mapped to PLOVER sectors through cameo_codes.tsv. Generated by scripts/build_phoenix_tables.py;
# do not edit: sectors.tsv, loaded after this table, overrides any noun here.
# Source: {origin}
noun\tsector\toffice
"""


def build_agents(sources: Path, mapping: dict[str, tuple[str, str]]) -> int:
    seen: dict[str, tuple[str, int]] = {}
    for noun, sector, line in agent_nouns(sources / "Phoenix.agents.txt", mapping):
        seen.setdefault(noun, (sector, line))
    out = DATA / "phoenix_agents.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write(AGENTS_HEADER.format(origin=ORIGIN.format(name="Phoenix.agents.txt")))
        for noun, (sector, _line) in sorted(seen.items()):
            f.write(f"{noun}\t{sector}\t\n")
    return len(seen)


def main(argv: list[str]) -> None:
    sources = Path(argv[1]) if len(argv) > 1 else SOURCES
    mapping = read_mapping()
    print(f"phoenix_agents.tsv: {build_agents(sources, mapping)} nouns")


if __name__ == "__main__":
    main(sys.argv)
