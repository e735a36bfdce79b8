"""Regenerate the knowledge-base tables imported from PETRARCH2's Phoenix dictionaries.

Reads `../shared/sources/petrarch2/` (or the folder given as the first argument) and writes
into `src/eventcoder/knowledge/data/`:

- `phoenix_agents.tsv` (a `sectors` table) from `Phoenix.agents.txt`: agent nouns
  ("guerrilla", "prosecutor", "musician") and their PLOVER sector;
- `phoenix_organisations.tsv` (an `organisations` table) from
  `Phoenix.International.actors.txt` and `Phoenix.MilNonState.actors.txt`: international
  organisations and armed groups with their PLOVER country and sector;
- `phoenix_state_actors.tsv` (a `state_actors` table) from `Phoenix.Countries.actors.txt`
  and `Phoenix.International.actors.txt`: people with dated roles, matched by full name only.

CAMEO codes become PLOVER codes through `knowledge/data/cameo_codes.tsv` (the mapping
table); an entry with a code that table does not know is left out. Only facts (names and
codes) are taken. Run with the project's Python: `python scripts/build_phoenix_tables.py`.
It ends by writing `knowledge/data/kb_index.pickle`, the prebuilt index of all the shipped
tables (`eventcoder.knowledge.index`); run `python -m eventcoder.knowledge.index` alone after
editing any other shipped table.
"""

from __future__ import annotations

import calendar
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/eventcoder/knowledge/data"
SOURCES = ROOT.parent / "shared/sources/petrarch2"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
ORIGIN = ("openeventdata/petrarch2 @ " + COMMIT + ", petrarch2/data/dictionaries/{name}, "
          "MIT licence (Copyright (c) 2014 Open Event Data Alliance)")

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
#: Heads of agent nouns that name believers, not clergy or religious bodies: CAMEO codes
#: them with a religion alone, as it does clerics; here they are civilians, as in sectors.tsv.
ADHERENTS = _wordset("""pilgrim muslim moslem jew islamist worshipper worshiper wahhabi
unitarian sunni settler salafi radical migrant maronite hindu hebrew hasid hasidim hardliner
fundamentalist extremist christian buddhist believer anglican jihadist shiite shia""")
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
    elif mapping.get(elements[0], ("", ""))[1] == "state":
        country, elements = mapping[elements[0]][0], elements[1:]
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
        sector = codes.sector
        head = _words(entry.replace("!", " ")).rsplit(" ", 1)[-1]
        if sector == "REL" and not codes.sectors and head.rstrip("s") in ADHERENTS:
            sector = "CVL"  # believers are civilians; REL is for clergy and institutions
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
                yield form, sector, number


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


_CODE = re.compile(r"\[([A-Z~-]*)\s*([<>]?\s*[0-9]*(?:-[0-9]+)?)\s*\]")


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


# -- people with dated roles ---------------------------------------------------------

#: Words that open a title, not a name ('PRESIDENT_KARZAI_'): such variants are left out.
TITLE_WORDS = _wordset("""president vice prime minister deputy general gen. gen col. colonel
king queen prince princess sheikh shaikh emir sultan mr mrs ms dr secretary chancellor premier
ambassador senator governor mayor chairman chief commander judge justice foreign defense
defence interior finance former late acting leader speaker army lt. lt major maj. admiral
marshal field pope cardinal archbishop bishop ayatollah imam crown sir lord lady dame
representative rep. sen. sec. gov. pres. amb. the un u.n. united us u.s. kanzler bundeskanzler
secretary-general""")
#: Words of a variant that names a body or a time, not the person ('BUSH_ADMINISTRATION').
NOT_NAME_WORDS = _wordset("""administration government regime cabinet camp family era years
presidency supporters loyalists forces ministry ministers republic islands island province
region state states territory territories kingdom people's democratic federal north south east
west northern southern eastern western central new""")
#: The dictionaries' last year: a role still open then is not known to go on after it.
DICTIONARY_END = "2015-12-31"
#: Particles kept lower case in a displayed name.
_PARTICLES = frozenset(["al", "bin", "ibn", "de", "da", "del", "der", "van", "von", "la", "le",
                        "du", "dos", "das", "di", "el", "ben"])


def person_name(entry: str) -> str:
    """'HAMID_KARZAI_' -> 'Hamid Karzai'; 'ABU_BAKR_AL-BAGHDADI' -> 'Abu Bakr al-Baghdadi'."""
    words = []
    for i, word in enumerate(entry.replace("_", " ").split()):
        parts = []
        for part in word.split("-"):
            lower = part.lower()
            parts.append(lower if i and lower in _PARTICLES else lower[:1].upper() + lower[1:])
        words.append("-".join(parts))
    return " ".join(words)


def _person_variant(raw: str) -> bool:
    """A variant that is a full name: two words or more, no title, no digit."""
    words = raw.replace("_", " ").lower().split()
    first = words[0] if words else ""
    return (len(words) >= 2 and not {first, first.rstrip("."), first.split("-")[0]} & TITLE_WORDS
            and not set(words) & (ORG_WORDS | NOT_NAME_WORDS)
            and not any(c.isdigit() for c in raw) and "(" not in raw)


def _yymmdd(text: str, end: bool) -> str:
    """'750101' -> '1975-01-01', '20070101' -> '2007-01-01'; '000101' as an end -> 2000."""
    text = text.strip()
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy = int(text[:2])
        year, rest = (2000 + yy if yy <= 20 else 1900 + yy), text[2:]
    else:
        raise ValueError(text)
    month, day = int(rest[:2]), int(rest[2:])
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def role_dates(restriction: str) -> tuple[str, str] | None:
    """'750101-000101' -> ('1975-01-01', '2000-01-01'); '>011222' -> ('2001-12-22', '');
    '<990101' -> ('', '1999-01-01'); None when unreadable."""
    text = restriction.replace(" ", "")
    try:
        if text.startswith(">"):
            return _yymmdd(text[1:], False), ""
        if text.startswith("<"):
            return "", _yymmdd(text[1:], True)
        start, _, end = text.partition("-")
        return _yymmdd(start, False), _yymmdd(end, True)
    except (ValueError, IndexError):
        return None


def state_actor_rows(path: Path, mapping: dict[str, tuple[str, str]],
                     countries: frozenset[str]) -> Iterator[dict[str, str]]:
    """One row per dated role of every person of a Phoenix actors file."""
    for entry in actor_entries(path):
        dated = [(code, date) for code, date in entry.codes if date]
        full = [v for v in [entry.name, *entry.synonyms] if _person_variant(v)]
        if not dated or not full:
            continue  # no dated role, or no full name (a surname alone is none to match by)
        name = person_name(full[0])
        variants = [person_name(v) for v in full[1:]]
        variants = [v for v in dict.fromkeys(variants) if v != name]
        for code, restriction in dated:
            codes = translate(code, mapping, countries)
            dates = role_dates(restriction)
            if codes is None or codes.country is None or dates is None:
                continue
            if not dates[1]:
                dates = (dates[0], DICTIONARY_END)  # no later news than the dictionary's
            if dates[0] and dates[1] < dates[0]:
                continue
            sector = codes.sector or "GOV"
            yield {"name": name, "variants": "|".join(variants), "country": codes.country,
                   "sector": sector,
                   "sectors": "|".join(s for s in codes.sectors if s != sector),
                   "start": dates[0], "end": dates[1]}


STATE_HEADER = """\
# People with dated roles (heads of state and government, ministers, officials, legislators,
# until about 2015) from PETRARCH2's Phoenix dictionaries, CAMEO codes mapped to PLOVER through
# cameo_codes.tsv; dates from the codes' restrictions (YYMMDD, years up to 20 read as 20YY); a
# role still open in the dictionary ends on {end} (nothing later is known from it).
# People here are matched by their full names only, never by a surname alone. The hand-made
# office_holders tables, loaded after this one, name offices and win where both have a term.
# Generated by scripts/build_phoenix_tables.py; do not edit.
# Sources: {origins}
name\tvariants\tcountry\tsector\tsectors\tstart\tend
"""


def build_state_actors(sources: Path, mapping: dict[str, tuple[str, str]],
                       countries: frozenset[str]) -> int:
    files = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")
    rows = {}
    places, _orgs = hand_made_names()
    country_words = {p for p in places if " " not in p}  # 'russian', 'france', 'moscow'
    places |= town_names()
    holders = office_holder_names()
    for name in files:
        for row in state_actor_rows(sources / name, mapping, countries):
            if _key(row["name"]) in places:
                continue  # a territory with dated codes ('East Timor'), not a person
            names = [row["name"], *row["variants"].split("|")]
            # no place or demonym inside a variant ('Russian President Vladimir Putin')
            names = [n for n in names if n and not set(_key(n).split()) & country_words]
            known = next((holders[_key(n)] for n in names if _key(n) in holders), None)
            if known is not None:  # the hand-made table's spelling, so one id for both
                names = [known, *names]
            names = list(dict.fromkeys(names))
            if not names:
                continue
            row["name"], row["variants"] = names[0], "|".join(names[1:])
            rows.setdefault((row["name"], row["country"], row["start"]), row)
    out = DATA / "phoenix_state_actors.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write(STATE_HEADER.format(origins="; ".join(ORIGIN.format(name=n) for n in files),
                                    end=DICTIONARY_END))
        for row in rows.values():
            f.write("\t".join(row[c] for c in ("name", "variants", "country", "sector",
                                                 "sectors", "start", "end")) + "\n")
    return len(rows)


def office_holder_names() -> dict[str, str]:
    """Every name and variant of the hand-made office-holder tables -> the name there."""
    out: dict[str, str] = {}
    for table in ("office_holders_1990_2014.tsv", "office_holders.tsv"):
        lines = [line for line in (DATA / table).read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        for line in lines[1:]:
            cells = line.split("\t")
            for variant in [cells[0], *cells[1].split("|")]:
                if variant.strip():
                    out.setdefault(_key(variant), cells[0].strip())
    return out


def town_names() -> set[str]:
    """Every name of a town in cities.tsv."""
    names: set[str] = set()
    for line in (DATA / "cities.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        names.add(_key(cells[0]))
        if len(cells) > 3:
            names |= {_key(n) for n in cells[3].split("|") if n}
    return names


PLACES_HEADER = """\
# Places (provinces, regions, states, cities) the Phoenix country entries list as other names of
# a country, with that country: a fallback after GeoNames' towns for placing an actor or an event
# ('the governor of Helmand', 'in Louisiana'). Names of countries, demonyms, capitals, outlets and
# organisations the hand-made tables know, names listed under two countries and names of three
# letters or fewer are left out. Generated by scripts/build_phoenix_tables.py; do not edit.
# Source: {origin}
name\tcountry
"""


def build_places(sources: Path, mapping: dict[str, tuple[str, str]],
                 countries: frozenset[str]) -> int:
    taken, orgs = hand_made_names()
    taken |= set(orgs)
    found: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for entry in actor_entries(sources / "Phoenix.Countries.actors.txt"):
        if len(entry.codes) != 1 or entry.codes[0][1]:
            continue
        codes = translate(entry.codes[0][0], mapping, countries)
        if codes is None or codes.country not in countries or codes.sector:
            continue  # a state ('AFG'), or a dependency coded with its state ('USAASM')
        for raw in entry.synonyms:
            bare = raw.strip("_ '")
            name = display_name(bare) if " " in bare.replace("_", " ") else bare.title()
            key = _key(name)
            if len(key) <= 3 or key in taken or "(" in key or any(c.isdigit() for c in key):
                continue
            found.setdefault(key, set()).add(codes.country)
            shown.setdefault(key, name)
    # the country's own name misspelt ('Afganistan', 'Camerun') is no place within it
    own = [_key(n) for n in country_names()]
    rows = sorted((shown[k], next(iter(v))) for k, v in found.items() if len(v) == 1
                  and process.extractOne(k, own, scorer=fuzz.ratio, score_cutoff=75) is None)
    with (DATA / "phoenix_places.tsv").open("w", encoding="utf-8") as f:
        f.write(PLACES_HEADER.format(origin=ORIGIN.format(name="Phoenix.Countries.actors.txt")))
        for name, country in rows:
            f.write(f"{name}\t{country}\n")
    return len(rows)


def country_names() -> list[str]:
    """Every name and demonym countries.tsv gives a country."""
    names = []
    for line in (DATA / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or not line.strip():
            continue
        for cell in line.split("\t")[1:4]:
            names += [v for v in cell.split("|") if v.strip()]
    return names


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
    print(f"phoenix_state_actors.tsv: {build_state_actors(sources, mapping, countries)} "
          "dated roles")
    print(f"phoenix_places.tsv: {build_places(sources, mapping, countries)} places")
    # the shipped knowledge base, pickled with a fingerprint of its tables (fast loading)
    sys.path.insert(0, str(ROOT / "src"))
    from eventcoder.knowledge.base import SHIPPED, build_shipped
    from eventcoder.knowledge.index import write_index

    print(f"index: {write_index(SHIPPED, build_shipped)}")


if __name__ == "__main__":
    main(sys.argv)
