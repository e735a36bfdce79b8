"""Finding actor mentions: knowledge-base names, capitals, demonyms, sector nouns, people.

Each `Candidate` is one mention before mentions are grouped into actors; it records what it
refers to (a knowledge-base entity, a country and sector, or a person's name) and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from .. import settings
from ..annotate import entities, tokens_of
from ..knowledge.base import Entity, KnowledgeBase
from ..knowledge.names import lookup_key, translit_key
from ..knowledge.towns import town_country
from ..knowledge.words import offices, words

_ABBREVIATED_TITLE = re.compile(r"^(?:[A-Z][a-z]{0,4}\.)+$")


@dataclass
class Candidate:
    start: int  # token offsets in the doc
    end: int
    kind: str  # name | surname | pronoun | description | metonym | demonym | role
    entity: Entity | None = None
    country: str | None = None
    sector: str | None = None
    office: str | None = None
    person: str | None = None  # the name of a person the knowledge base may not know
    org: str | None = None  # the name of an organisation the knowledge base does not know
    noun: str | None = None  # the sector noun of a role mention ("foreign minister")
    needs_country: bool = False  # dropped unless a country is found for it
    why: list[str] = field(default_factory=list)
    link: Candidate | None = None  # for pronouns and descriptions: the mention referred to
    absorbed: bool = False  # a modifier merged into a larger mention
    rules: list[str] = field(default_factory=list)  # the rules that made or changed it

    @property
    def is_person(self) -> bool:
        return self.person is not None or (self.entity is not None and self.entity.kind == "person")


def where(entity_or_source: Entity | str) -> str:
    """`countries.tsv:12` from an entity's source path."""
    source = entity_or_source if isinstance(entity_or_source, str) else entity_or_source.source
    path, _, line = source.rpartition(":")
    return f"{Path(path).name}:{line}" if path else source


class Term(NamedTuple):
    """A person's term that counts on a date, and the codes it gives on that date."""

    entity: Entity
    note: str  # for the why: "head of state on 2025-03-01", "former ... (until ...)"
    active: bool
    sector: str | None  # the term's sector in office, ELI after it, none before it
    office: str | None  # only while in office


def person_term(terms: list[Entity], on: date | None) -> Term:
    """The term of a person on a date: in office, or formerly (ELI), or not yet."""
    active = [t for t in terms if t.active(on)]
    if active:
        order = ("head of state", "head of government", "foreign minister")
        # a named office first; a hand-made table's term before a generated one's
        active.sort(key=lambda t: (order.index(t.office) if t.office in order else 9,
                                   t.full_name_only))
        now = active[0]
        return Term(now, f"{_role(now)} on {on or 'today'}", True, now.sector, now.office)
    if on is None:
        # no date to go by: a generated table's roles all end; its latest tells most
        latest = max(terms, key=lambda t: t.end or date.max)
        return Term(latest, f"latest role {_role(latest)} (until {latest.end})", False,
                    latest.sector, None)
    ended = [t for t in terms if on and t.end and t.end < on]
    if ended:
        last = max(ended, key=lambda t: t.end or date.min)
        return Term(last, f"former {_role(last)} (until {last.end})", False, "ELI", None)
    first = min(terms, key=lambda t: t.start or date.min)
    return Term(first, f"not yet {_role(first)} on {on}", False, None, None)


def _role(term: Entity) -> str:
    """'head of state'; for a role without a named office, its country and sector."""
    return term.office or f"{term.country} {term.sector}"


def _person_entities(doc: Doc, kb: KnowledgeBase) -> list[tuple[int, int] | None]:
    """For each token, the (start, end) of the PERSON entity it is in, if any (spaCy
    sometimes takes a people for a person: "Bosnian Croats")."""
    spans: list[tuple[int, int] | None] = [None] * len(doc)
    for ent in entities(doc):
        if ent.label_ == "PERSON" and not _a_people(ent, kb):
            for i in range(ent.start, ent.end):
                spans[i] = (ent.start, ent.end)
    return spans


def _in_larger_person(people: list[tuple[int, int] | None], start: int, end: int) -> bool:
    ent = people[start]
    return ent is not None and (ent[1] - ent[0]) > (end - start)


def is_locative(token: Token) -> bool:
    """'in Paris', 'at the Kremlin': a place, not an actor."""
    head = token
    while head.dep_ in ("compound", "amod", "det", "conj") and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in words("locative")


def match_names(doc: Doc, kb: KnowledgeBase, on: date | None) -> list[Candidate]:
    """Longest knowledge-base names first: countries, organisations, outlets, people,
    capitals and seats (metonyms), demonyms."""
    found: list[Candidate] = []
    people = _person_entities(doc, kb)
    texts = [t.text_with_ws for t in tokens_of(doc)]
    prefixes = kb.name_prefixes
    i = 0
    while i < len(doc):
        first = texts[i]
        if not (first[:1].isupper() or first[:3].lower() == "the"
                or i + 1 < len(doc) and texts[i + 1].startswith("-")):
            i += 1  # no name starts with a lower-case word (`_match_span`), but "al-"
            continue
        lengths = []  # phrase lengths at i that are known names, grown word by word
        for n in range(1, min(kb.longest_name + 1, len(doc) - i) + 1):
            key = lookup_key("".join(texts[i : i + n]).rstrip())
            inside_word = not texts[i + n - 1].endswith(" ")  # "al-" of "al-Bashir"
            if key not in prefixes and not inside_word and not (
                    n == 1 and texts[i].lower().startswith("the")):
                break
            if kb.knows_key(key):
                lengths.append(n)
        hit = None
        for n in reversed(lengths):
            span = doc[i : i + n]
            if n > 1 and span[-1].is_punct and span[-1].text != ".":
                continue
            hit = _match_span(span, kb, on, people)
            if hit:
                break
        if hit and _stance_prefix(doc, i):
            i = hit.end  # "an anti-Syria journalist": a stance, not a nationality
        elif hit and _inside_place_name(doc, hit):
            i = hit.end  # "New Mexico's chief justice": a US state, not Mexico
        elif hit and texts[i].strip().lower() not in words("pronoun"):
            found.append(hit)
            i = hit.end
        else:
            i += 1
    return found


def _inside_place_name(doc: Doc, hit: Candidate) -> bool:
    """Is a country's name the end of a place of another country's name ('New Mexico')?"""
    if hit.entity is None or hit.entity.kind != "country" or hit.start == 0:
        return False
    before = doc[hit.start - 1]
    if not before.text[:1].isupper():
        return False
    country = town_country(doc[hit.start - 1:hit.end].text)
    return country is not None and country != hit.entity.country


def _stance_prefix(doc: Doc, i: int) -> bool:
    """Is the name at token i prefixed 'anti-' or 'pro-' ('pro-Russian rebels')?"""
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("anti", "pro")


def _match_span(span: Span, kb: KnowledgeBase, on: date | None,
                people: list[tuple[int, int] | None]) -> Candidate | None:
    text = span.text
    # "al-Qaeda", "al-Shabaab": a lower-case particle before a capitalised name
    particle = len(span) > 2 and span[1].text == "-" and span[2].text[:1].isupper()
    if not text[:1].isupper() and span[0].lower_ != "the" and not particle:
        return None
    if span[0].lower_ == "the" and len(span) == 1:
        return None
    entities = kb.lookup(text)
    if entities and _in_larger_person(people, span.start, span.end) and not (
            text.replace(".", "").isupper()):
        # "Jordan Peterson" is a person; "U.N. envoy Maria Lindqvist" still names the UN
        entities = [e for e in entities if e.kind == "person"]
    if entities and all(e.kind == "outlet" for e in entities) and _inside_longer_name(span):
        return None  # "BBC Media Action" is not the BBC: outlets match as whole names only
    if (entities and text.isupper() and span.start > 0 and span.doc[span.start - 1].text == "("
            and all(e.kind == "person" for e in entities)):
        return None  # "... Association (AKK)": the acronym of the name before it
    if entities:
        persons = [e for e in entities if e.kind == "person"]
        if persons:
            term = person_term(persons, on)
            # a generated table's role that has not begun tells nothing about the day
            # ('Kenzo Oshima', a UN official before his later role for Japan)
            unknown = on is not None and all(
                p.full_name_only and p.start is not None and on < p.start for p in persons)
            return Candidate(span.start, span.end, "name", entity=term.entity,
                         country=None if unknown else term.entity.country, sector=term.sector,
                         office=term.office,
                         why=[f"office holder {term.entity.name}, {term.note} "
                              f"({where(term.entity)})"
                              + ("; no country before that role" if unknown else "")])
        entity = entities[-1]
        return Candidate(span.start, span.end, "name", entity=entity, country=entity.country,
                     sector=entity.sector,
                     why=[f"{entity.kind} '{entity.name}' ({where(entity)})"])
    key = lookup_key(text)
    if _in_larger_person(people, span.start, span.end):
        return None
    metonym = kb.seat(key, on)
    if metonym and span[-1].pos_ == "PROPN":
        if is_locative(span[-1]):
            # "officials in Yerevan": a place, which still tells the officials' country
            return Candidate(span.start, span.end, "place", country=metonym.country,
                         entity=metonym, why=[f"'{text}' is in {metonym.name} "
                                              f"({where(metonym)}); a location here"])
        return Candidate(span.start, span.end, "metonym", country=metonym.country, sector="GOV",
                     entity=metonym,
                     why=[f"'{text}' stands for the government of {metonym.name} "
                          f"({where(metonym)})"])
    demonym = kb.demonyms.get(key)
    if demonym and span[0].lower_ != "the" and span.start > 0 and span.doc[
            span.start - 1].lower_ in words("ethnic"):
        # "ethnic Albanians" are a people wherever they live, not Albania: civilians, of
        # the country their phrase names ("in Macedonia"), if any
        return Candidate(span.start - 1, span.end, "role", sector="CVL", noun=key,
                     needs_country=True, why=[f"ethnic group '{text}': civilians (CVL)"])
    if demonym and span[0].lower_ != "the":
        return Candidate(span.start, span.end, "demonym", country=demonym.country,
                     sector=demonym.sector, entity=demonym,
                     why=[f"demonym '{text}' of {demonym.name} ({where(demonym)})"])
    return None


def _inside_longer_name(span: Span) -> bool:
    """Is the span part of a longer proper name: a named entity that goes on after it, or
    a name joined to it by a hyphen ('CNN-News18')?"""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.ent_iob_ == "I" and after.text[:1].isupper():
        return True
    if after is not None and after.text == "-" and not span[-1].whitespace_:
        return True
    first = span[0]
    return (first.ent_iob_ == "I" and span.start > 0 and doc[span.start - 1].lower_ != "the"
            and doc[span.start - 1].text[:1].isupper())


def match_organisations(doc: Doc, found: list[Candidate], sector_nouns: dict) -> list[Candidate]:
    """Organisations the knowledge base does not know (spaCy ORG): 'the Nigerian Union of
    Teachers' is Nigerian, and its members' noun says its sector (EDU)."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    out = []
    for ent in entities(doc):
        if ent.label_ != "ORG" or len(ent) < 2:
            continue
        inside = [by_token[t.i] for t in ent if t.i in by_token]
        if any(f.entity is not None and f.entity.kind in ("organisation", "outlet")
               or f.is_person for f in inside):
            continue
        countries = [f for f in inside if f.country]
        owner = None
        if not countries:
            # "Ghana's defence ministry": the possessor's country
            owner = next((by_token[p.i] for p in ent.root.children if p.dep_ == "poss"
                          and p.i in by_token and by_token[p.i].country
                          and not by_token[p.i].is_person), None)
        sectors = [sector_nouns[k] for k in (lookup_key(t.text) for t in ent)
                   if k in sector_nouns]
        # an organisation named with neither: only as the subject of a verb, where it acts
        legislature = not sectors and bool({t.lower_ for t in ent} & words("legislature_word"))
        if not countries and not sectors and not legislature and not _acts(ent.root):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        org = Candidate(start, ent.end, "name", org=doc[start:ent.end].text,
                    country=countries[0].country if countries else
                    owner.country if owner else None,
                    sector=sectors[-1].sector if sectors else None,
                    why=[f"organisation '{doc[start:ent.end].text}' (spaCy ORG)"])
        if legislature:
            org.sector = "LEG"
            org.why.append("a legislature by its name: LEG")
        elif not countries and owner is None and not sectors:
            _default_codes(org, ent)
        if countries:
            org.why.append(f"country {org.country} from '{doc[countries[0].start]}'")
        elif owner is not None:
            org.why.append(f"country {org.country} of its possessor "
                           f"'{doc[owner.start:owner.end]}'")
        if sectors:
            org.why.append(f"sector {org.sector} from its name")
        for f in inside:
            f.absorbed = True
        out.append(org)
    return out


def _default_codes(org: Candidate, name: Span) -> None:
    """PLOVER's default codes for an organisation known by its name's words alone: a
    non-governmental body (NGO, SOC: 'the Third Water Forum'), a business (BUS)."""
    keys = {t.lower_ for t in name}
    if keys & words("ngo_word"):
        org.country, org.sector = "NGO", "SOC"
        org.why.append("a non-governmental body by its name: PLOVER NGO, SOC")
    elif keys & words("company_word"):
        org.sector = "BUS"
        org.why.append("a business by its name: BUS")


def _acts(token: Token) -> bool:
    """Is a name the subject of a verb ('the Ogaden National Liberation Front declared')?"""
    return token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX")


def _a_people(tokens: Span, kb: KnowledgeBase) -> bool:
    """'Bosnian Croats': words that are all demonyms name a people, not a person."""
    return all(lookup_key(t.text) in kb.demonyms for t in tokens)


def match_people(doc: Doc, taken: set[int], kb: KnowledgeBase) -> list[Candidate]:
    """People named in the text whom the knowledge base does not know (spaCy PERSON)."""
    found = []
    titles = words("title")
    for ent in entities(doc):
        if ent.label_ != "PERSON" or any(t.i in taken for t in ent):
            continue
        if is_locative(ent[-1]) and town_country(ent.text):
            continue  # "killed near Jelgava": a town the model took for a person
        start, end = ent.start, ent.end
        # "Bishop Anna Kowalczyk", "Col. Pierre Dumas": titles and roles are not
        # part of the name (the role is read separately)
        while start < end - 1 and (doc[start].lower_ in titles or doc[start].is_punct
                                   or lookup_key(doc[start].text) in kb.sector_nouns
                                   or _ABBREVIATED_TITLE.match(doc[start].text)):
            start += 1
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
            end -= 1
        if start >= end or not doc[start].text[:1].isupper():
            continue
        if _a_people(doc[start:end], kb):
            continue
        name = doc[start:end].text
        found.append(Candidate(start, end, "name", person=name,
                           why=[f"person name '{name}' (spaCy PERSON)"]))
    return found


def match_misspellings(doc: Doc, kb: KnowledgeBase, taken: set[int]) -> list[Candidate]:
    """Country names spaCy sees as places but the knowledge base does not know as spelt
    ("Venezula", "Kazakstan"): the closest country name, when it is very close."""
    found = []
    names = kb.country_names
    candidates = [ent for ent in entities(doc) if ent.label_ in ("GPE", "NORP", "LOC")
                  or ent.label_ in ("ORG", "PERSON") and len(ent) == 1]
    # a proper noun spaCy left without any label ("Venezula has agreed ...")
    candidates += [doc[t.i : t.i + 1] for t in tokens_of(doc)
                   if t.pos_ == "PROPN" and not t.ent_type_]
    for ent in candidates:
        if any(t.i in taken for t in ent):
            continue
        key = lookup_key(ent.text)
        if len(key) < 6:  # a short word is too easily another country's name
            continue
        best = process.extractOne(key, names.keys(), scorer=fuzz.ratio,
                                  score_cutoff=settings.MISSPELLING_SIMILARITY)
        if best is None or best[0][0] != key[0]:
            continue
        entity = names[best[0]]
        town = town_country(ent.text)
        if town and town != entity.country:
            continue  # a town spelt right ('Nakuru' is in Kenya, not a misspelt 'Nauru')
        found.append(Candidate(ent.start, ent.end, "name", entity=entity, country=entity.country,
                           sector=entity.sector,
                           why=[f"'{ent.text}' read as '{best[0]}' ({best[1]:.0f}% alike; "
                                f"{where(entity)})"]))
    return found


def countries_named(doc: Doc, found: list[Candidate]) -> set[str]:
    """The countries an article names other than through people: country names, demonyms,
    capitals, organisations of a country, towns ('in Nakuru' names Kenya)."""
    named = {f.country for f in found if f.country and not f.is_person and f.kind != "role"}
    named |= {c for ent in entities(doc) if ent.label_ in ("GPE", "LOC")
              and (c := town_country(ent.text))}
    return named


def _titled(doc: Doc | None, f: Candidate, terms: list[Entity]) -> list[Entity]:
    """The terms of the office whose title precedes the surname ('Prime Minister
    Johnson', 'Senator Warren'); none if no such title."""
    if doc is None:
        return []
    for n in (1, 2, 3):
        if f.start - n < 0:
            break
        office = offices().get(lookup_key(doc[f.start - n : f.start].text))
        titled = [t for t in terms if office and t.office == office]
        if titled:
            return titled
    return []


#: Offices whose holders news names by surname alone ('Putin said'): their sitting holders
#: need no other evidence.
_LEADING = frozenset(["head of state", "head of government"])


#: Offices with too many holders for the country alone to pick one by surname: 'Senator
#: Warren' is Elizabeth Warren, 'Warren' in an American story need not be.
_TITLE_ONLY = frozenset(["senator", "representative"])


def _leading(term: Entity, on: date | None) -> bool:
    """A head of state or government on the day (any day, when the article has none)."""
    return term.office in _LEADING and (on is None or term.active(on))


def match_surnames(found: list[Candidate], kb: KnowledgeBase, on: date | None,
                   named: set[str] | None = None, doc: Doc | None = None) -> None:
    """A one-word person name known as a surname of an office holder ('Lukashenka'), when
    the article supports it: it names the holder's country (`named`), the surname
    follows the title of their office, or they lead their country on the article's date
    (a sitting head of state or government). Without such evidence a surname stays a person of
    unknown country ('Mr Johnson' in a story about Kenya is not Britain's prime minister).
    `named` None skips the check (a caller without the article)."""
    for f in found:
        if f.person is None or " " in f.person:
            continue
        terms = kb.surnames.get(translit_key(f.person), [])
        if not terms:
            continue
        titled = _titled(doc, f, terms)
        if titled:
            terms = titled
        elif named is not None:
            supported = [t for t in terms if t.country in named
                         and t.office not in _TITLE_ONLY or _leading(t, on)]
            if not supported:
                holder = terms[-1]
                note = (f"surname shared with office holder {holder.name} ({where(holder)}), "
                        f"but the article names neither {holder.country} nor their office, "
                        f"and they do not lead it on {on}: of unknown country")
                if note not in f.why:  # the grouper may ask again
                    f.why.append(note)
                continue
            terms = supported
        people = {t.id for t in terms}
        if len(people) > 1:
            active = [t for t in terms if t.active(on)]
            if len({t.id for t in active}) != 1:
                countries = {t.country for t in terms}
                if len(countries) == 1:
                    # two Bushes, one country: "the Bush administration" is American
                    f.country = countries.pop()
                    f.why.append(f"surname of {len(people)} office holders of {f.country}")
                continue
            terms = active
        term = person_term(terms, on)
        f.entity, f.country, f.kind = term.entity, term.entity.country, "surname"
        f.sector, f.office = term.sector, term.office
        f.why.append(f"surname of office holder {term.entity.name}, {term.note} "
                     f"({where(term.entity)})")
