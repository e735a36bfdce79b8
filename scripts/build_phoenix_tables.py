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


# -- actors ----------------------------------------------------------------------------


@dataclass
class ActorEntry:
    """One entry of a Phoenix .actors file: its name, its '+' synonyms, its codes."""

    name: str
    line: int
    synonyms: list[str]
    codes: list[tuple[str, str]]  # (code, date restriction as written, '' if none)


_CODE = re.compile(r"\[([A-Z~-]*)\s*([<>]?[0-9]*(?:-[0-9]+)?)\s*\]")


def actor_entries(path: Path) -> Iterator[ActorEntry]:
    """The entries of a Phoenix actors file: a name line (with or without codes), then
    '+' synonym lines and indented code lines."""
    entry: ActorEntry | None = None
    for number, raw in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [(m.group(1), m.group(2)) for m in _CODE.finditer(line)]
        text = _CODE.sub("", line).strip()
        if line[0] in " \t" and not text:
            if entry is not None:
                entry.codes += codes
            continue
        if text.startswith("+"):
            if entry is not None:
                entry.synonyms.append(text[1:].strip())
                entry.codes += codes
            continue
        if entry is not None:
            yield entry
        entry = ActorEntry(text, number, [], codes)
    if entry is not None:
        yield entry


def display_name(entry: str) -> str:
    """'HEZBOLLAH_' -> 'Hezbollah'; short single words are acronyms ('ETA', 'FARC')."""
    words = entry.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 5 and words[0].isalpha():
        return words[0].upper()
    small = {"of", "the", "and", "for", "in", "on", "de", "du", "al", "el", "la", "to"}
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in small:
            out.append(lower)
        elif re.fullmatch(r"\(?[A-Z]{2,6}\)?", word) and len(words) > 1 and word.startswith("("):
            out.append(word)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that mark a name as an organisation's, for undated entries of the international
#: file, which mixes organisations and people.
ORG_WORDS = _wordset("""organization organisation agency association bank fund council
commission committee court union league federation institute institution foundation society
centre center program programme office group network party front movement army brigade
brigades corporation company inc ltd corp international watch alliance coalition forum trust
tribunal conference community secretariat assembly mission force forces authority service
services board project initiative campaign church university college bureau partnership
industries holdings systems pharmaceutical pharmaceuticals energy petroleum oil motors airlines
airways agency cartel faction legion militia militias organizations co-operation
cooperation unit units""")
#: Names that are common words or that the hand-made tables name otherwise.
SKIP_NAMES = _wordset("""un u.n. mission commission council assembly front group youth zero
paradise tigers falcon mavericks emetic car ana an ca isa boogeymen venceremos hotaru
hotaru-2 nasrallah zawahiri al-awlaki awlaqi aulaqi ba'asyir dulmatin hambali hamzah isnilon
janjalani muhannad salauddin sungkar thoriqudin zarkasih zulkarnaen shahin unscr cba""")


def _name_ok(name: str) -> bool:
    """Not a common word, a number or a person's surname given as a group's other name."""
    key = name.lower()
    bare = key.removeprefix("the ")
    if " " not in bare and (bare in ORG_WORDS or bare != key):
        return False  # 'Foundation', 'The Cornerstone': words, not names
    return (bool(name) and key not in SKIP_NAMES and key.removeprefix("the ") not in
            SKIP_NAMES and not key.replace("-", "").isdigit() and len(key) > 2)


def _parenthesised_acronym(name: str) -> tuple[str, str | None]:
    """'ARMED ISLAMIC GROUP (GIA)' -> ('ARMED ISLAMIC GROUP', 'GIA')."""
    match = re.match(r"^(.*?)\s*\(([A-Z0-9-]{2,8})\)\s*$", name)
    return (match.group(1), match.group(2)) if match else (name, None)


def organisation_rows(path: Path, mapping: dict[str, tuple[str, str]],
                      countries: frozenset[str], all_orgs: bool) -> Iterator[dict[str, str]]:
    """Organisations of a Phoenix actors file with a usable, undated code."""
    for entry in actor_entries(path):
        if not entry.codes or any(date for _code, date in entry.codes):
            continue  # a person's dated roles, or no code at all
        codes = translate(entry.codes[0][0], mapping, countries)
        if codes is None or codes.country is None:
            continue
        raw_names = [entry.name, *entry.synonyms]
        names: list[str] = []
        for raw in raw_names:
            base, acronym = _parenthesised_acronym(raw.replace("_", " ").strip())
            names += [display_name(base)] + ([acronym] if acronym else [])
        names = [n for n in dict.fromkeys(names) if _name_ok(n)]
        if not names:
            continue
        words = {w.lower().strip("()") for n in names for w in n.split()}
        if not all_orgs and not words & ORG_WORDS:
            continue  # most likely a person's name
        country = codes.country
        sector = codes.sector or {"MNC": "BUS", "NGO": "SOC"}.get(country, "")
        if country == "IMG" and sector not in ("REB", "UAF", "PRM", "MIL"):
            sector = "REB"  # a transnational militarised group ('IMGMUSALQ')
        if country == "MNC":
            names = [n for n in names if " " in n]  # 'Apple', 'Target': words first
            if not names:
                continue
        kind = ("armed_group" if sector in ("REB", "UAF", "PRM") or country == "IMG"
                else "company" if country == "MNC" else "party" if sector == "PTY"
                else "organisation")
        yield {"name": names[0], "names": "|".join(names[1:]), "country": country,
               "sector": sector, "sectors": "|".join(s for s in codes.sectors if s != sector),
               "kind": kind, "line": str(entry.line), "file": path.name}


def _key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split()).removeprefix("the ")


def hand_made_names() -> tuple[set[str], dict[str, dict[str, str]]]:
    """Names the hand-made tables already give to countries, places and outlets (left
    out), and the hand-made organisations by each of their names (their codes win)."""
    taken: set[str] = set()
    for name in ("countries.tsv", "outlets.tsv"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()[1:]:
            if line.startswith("#"):
                continue
            for cell in line.split("\t")[1:5] if name == "countries.tsv" else line.split("\t")[:2]:
                taken |= {_key(v) for v in cell.split("|") if v.strip()}
    orgs: dict[str, dict[str, str]] = {}
    lines = [line for line in (DATA / "organisations.tsv").read_text(encoding="utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    columns = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(columns, line.split("\t"), strict=False))
        for name in [row["name"], *row.get("names", "").split("|")]:
            if name.strip():
                orgs[_key(name)] = row
    return taken, orgs


ORGS_HEADER = """\
# International organisations, companies, NGOs and armed groups from PETRARCH2's Phoenix
# dictionaries, CAMEO codes mapped to PLOVER through cameo_codes.tsv (MNC companies: BUS; NGOs
# without a sector: SOC). Generated by scripts/build_phoenix_tables.py; do not edit:
# organisations.tsv, loaded after this table, overrides it (an entry sharing a name with one
# of its organisations takes that organisation's id and codes, adding its other names).
# Sources: {origins}
# source: file and line of the entry.
id\tname\tnames\tcountry\tsector\tsectors\tkind
"""


def build_organisations(sources: Path, mapping: dict[str, tuple[str, str]],
                        countries: frozenset[str]) -> int:
    taken, hand = hand_made_names()
    rows: dict[str, dict[str, str]] = {}
    used: set[str] = set(taken)
    files = (("Phoenix.MilNonState.actors.txt", True),
             ("Phoenix.International.actors.txt", False))
    for name, all_orgs in files:
        for row in organisation_rows(sources / name, mapping, countries, all_orgs):
            names = [n for n in [row["name"], *row["names"].split("|")]
                     if n and _key(n) not in used]
            known = next((hand[_key(n)] for n in [row["name"], *row["names"].split("|")]
                          if _key(n) in hand), None)
            if known is not None:
                row = {**row, "id": known["id"], "country": known["country"],
                       "sector": known["sector"], "sectors": known["sectors"],
                       "kind": known["kind"]}
                names = [n for n in names if _key(n) not in hand]
            if not names:
                continue
            used |= {_key(n) for n in names}
            slug = re.sub(r"[^a-z0-9]+", "_", _key(names[0])).strip("_")
            row_id = row.get("id") or f"phx_{slug}"
            rows[row_id + ":" + row["line"]] = {**row, "id": row_id, "name": names[0],
                                                "names": "|".join(names[1:])}
    out = DATA / "phoenix_organisations.tsv"
    origins = "; ".join(ORIGIN.format(name=n) for n, _ in files)
    with out.open("w", encoding="utf-8") as f:
        f.write(ORGS_HEADER.format(origins=origins))
        for row in rows.values():
            f.write("\t".join(row[c] for c in ("id", "name", "names", "country", "sector",
                                                 "sectors", "kind")) + "\n")
    return len(rows)


def country_codes() -> frozenset[str]:
    lines = (DATA / "countries.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines
                     if line and not line.startswith("#") and len(line.split("\t")[0]) == 3
                     and line.split("\t")[0].isupper())


def main(argv: list[str]) -> None:
    sources = Path(argv[1]) if len(argv) > 1 else SOURCES
    mapping = read_mapping()
    print(f"phoenix_agents.tsv: {build_agents(sources, mapping)} nouns")
    countries = country_codes()
    print(f"phoenix_organisations.tsv: {build_organisations(sources, mapping, countries)} "
          "organisations")


if __name__ == "__main__":
    main(sys.argv)
