"""Sector nouns and the roles the text states for people.

"the Belarusian embassy", "Hungarian and Romanian officials", "police in Kenya" become
country + sector mentions; "Yuriy Ambrazevych, a former deputy foreign minister of Belarus
who was appointed Minsk's ambassador to the Vatican" gives the person a country, a sector
and an office even when the knowledge base does not know him.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actor_ids import SPECIAL_CODES
from ..annotate import entities, sentences
from ..knowledge.base import KnowledgeBase
from ..knowledge.names import lookup_key
from ..knowledge.towns import town_country
from ..knowledge.words import words
from .matching import Candidate, where

_MODIFIER_DEPS = ("amod", "compound", "poss", "nmod", "npadvmod")
_COUNTRY_PREPS = ("of", "from")
_MAX_ROLE_WORDS = 4


def _role_at(doc: Doc, i: int, kb: KnowledgeBase) -> tuple[int, str] | None:
    """The longest sector noun starting at token i: (end, key)."""
    first = doc[i]
    if first.lower_ not in kb.sector_leads and first.lemma_.lower() not in kb.sector_leads:
        return None
    loaded = words("loaded")
    for n in range(min(_MAX_ROLE_WORDS, len(doc) - i), 0, -1):
        tokens = doc[i : i + n]
        if tokens[-1].pos_ not in ("NOUN", "PROPN"):
            continue
        key = lookup_key(tokens.text)
        lemma_key = lookup_key(" ".join([t.lower_ for t in tokens[:-1]] + [tokens[-1].lemma_]))
        for candidate in (key, lemma_key):
            if candidate in kb.sector_nouns and candidate not in loaded:
                return i + n, candidate
    return None


def _country_of(head: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """A country-bearing mention that modifies a noun: its demonym, possessor, 'of X'; for
    a noun that itself modifies another ("Turkish police custody"), that noun's too."""
    children = list(head.children)
    if head.dep_ == "compound":
        children += [c for c in head.head.children if c.i < head.i]
    for child in children:
        f = by_token.get(child.i)
        if child.dep_ in _MODIFIER_DEPS and f is not None and f.country:
            return f
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _COUNTRY_PREPS:
            for obj in child.children:
                f = by_token.get(obj.i)
                if obj.dep_ == "pobj" and f is not None and f.country:
                    return f
    return None


def _country_nearby(head: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """A country named in the noun's own phrase: 'rebels in northern Mali', 'refugees
    fleeing the fighting in Sudan' (not through another sector noun or a person)."""
    for token in sorted(head.subtree, key=lambda t: abs(t.i - head.i)):
        if token.i == head.i or token.dep_ in ("appos", "conj"):
            continue
        f = by_token.get(token.i)
        if f is not None and f.country and not f.is_person and f.kind != "role":
            depth, up = 0, token
            while up.i != head.i and depth < 5:
                up, depth = up.head, depth + 1
            if depth < 5:
                return f
    return None


def _led_by(doc: Doc, start: int, by_token: dict[int, Candidate]) -> Candidate | None:
    """The country mention X of 'X-led' just before a noun ('Vietnamese-led forces'); not
    of 'X-backed', whose backer is another actor."""
    if start < 3 or doc[start - 1].lower_ != "led" or doc[start - 2].text != "-":
        return None
    leader = by_token.get(start - 3)
    return leader if leader is not None and leader.country and not leader.is_person else None


def _is_former(head: Token) -> bool:
    return any(c.lower_ in words("former") for c in head.children if c.dep_ in ("amod", "advmod"))


def match_roles(doc: Doc, kb: KnowledgeBase, found: list[Candidate],
                taken: set[int]) -> list[Candidate]:
    """Sector-noun mentions, with the country their modifiers give."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    roles: list[Candidate] = []
    i = 0
    while i < len(doc):
        if i in taken or doc[i].pos_ not in ("NOUN", "PROPN", "ADJ"):
            i += 1
            continue
        hit = _role_at(doc, i, kb)
        if hit is None:
            i += 1
            continue
        end, key = hit
        noun = kb.sector_nouns[key]
        head = doc[end - 1]
        role = Candidate(i, end, "role", sector=noun.sector, office=noun.office, noun=key,
                     why=[f"sector noun '{key}' -> {noun.sector} ({where(noun.source)})"])
        source = _country_of(head, by_token)
        nearby = _country_nearby(head, by_token) if source is None else None
        if nearby is not None:
            role.country = nearby.country
            role.why.append(f"country {nearby.country} from '{doc[nearby.start:nearby.end]}' "
                            "in its phrase")
        if source is not None:
            role.country = source.country
            role.why.append(f"country {source.country} from '{doc[source.start:source.end]}'")
            # a modifier before the noun is part of its name ("Belarusian embassy", "the
            # Lukashenko regime"); "the government of President X" still names X
            modifier = doc[source.end - 1].dep_ in _MODIFIER_DEPS and source.start < role.start
            if modifier and (source.is_person or source.kind in ("demonym", "metonym") or (
                    source.entity is not None and source.entity.kind == "country")):
                source.absorbed = True
                role.start = source.start  # the mention reads "Belarusian embassy"
        leader = _led_by(doc, role.start, by_token)
        if leader is not None:
            # "Vietnamese-led forces": the forces of their leader's country, one mention
            role.country, role.start, leader.absorbed = leader.country, leader.start, True
            role.why.append(f"country {leader.country} of its leader "
                            f"'{doc[leader.start:leader.end]}'")
        affiliation = next((kb.sector_nouns[lookup_key(c.text)] for c in head.children
                            if c.dep_ == "compound" and lookup_key(c.text) in kb.sector_nouns
                            and kb.sector_nouns[lookup_key(c.text)].sector in ("OPP", "REB")),
                           None)
        if affiliation is not None:
            # "opposition candidates": their affiliation is the telling sector
            role.sector = affiliation.sector
            role.why.append(f"affiliation {affiliation.sector} from its modifier")
        if _is_former(head):
            role.sector = "ELI" if noun.sector == "GOV" else noun.sector
            role.why.append("former office holder")
        roles.append(role)
        i = end
    return roles


def _towns(doc: Doc) -> dict[int, tuple[str, str]]:
    """Token -> (name, country) of every town or region spaCy finds whose country is
    known (GeoNames towns: 'Mombasa', 'Lviv')."""
    out = {}
    for ent in entities(doc):
        # the small model often takes a region for an organisation ('Uttar Pradesh')
        if ent.label_ in ("GPE", "LOC", "ORG") and (country := town_country(ent.text)):
            out.update({t.i: (ent.text, country) for t in ent})
    return out


def _one_word_name(token: Token) -> bool:
    """A proper noun that is no person's name nor part of a longer name ('Mombasa', which
    the model may call an organisation; not 'Bella' of 'Ben Bella')."""
    if not token.ent_type_:
        return True
    doc = token.doc
    alone = token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I")
    return alone and token.ent_type_ in ("ORG", "GPE", "LOC", "NORP")


def _proper_run(token: Token) -> str:
    """The run of unlabelled proper nouns the token is the last of ('Uttar Pradesh')."""
    doc, start = token.doc, token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
        start -= 1
    return doc[start : token.i + 1].text


def _town_nearby(head: Token, towns: dict[int, tuple[str, str]]) -> tuple[str, str] | None:
    """A town in the noun's own phrase: 'officials in Mombasa', 'the governor of the Lviv
    region' (not through a clause, an apposition or a conjunct)."""
    for token in sorted(head.subtree, key=lambda t: abs(t.i - head.i)):
        if (token.i not in towns and token.pos_ == "PROPN" and _one_word_name(token)
                and token.dep_ in ("pobj", "compound")):
            # a town the model labelled otherwise ('the mayor of Mombasa'), or left
            # unlabelled, of one word or several ('the Uttar Pradesh government')
            name = _proper_run(token)
            country = town_country(name) or town_country(token.text)
            if country:
                towns[token.i] = (name if town_country(name) else token.text, country)
        if token.i not in towns:
            continue
        depth, up = 0, token
        while up.i != head.i and depth < 5 and up.dep_ not in ("appos", "conj", "relcl"):
            up, depth = up.head, depth + 1
        if up.i == head.i:
            return towns[token.i]
    return None


def _country_of_a_people(doc: Doc, group: Candidate, found: list[Candidate],
                         own: dict[str, str]) -> None:
    """An ethnic group whose phrase names no country ('ethnic Albanians') is taken to live
    in the first other country its sentence names ('... near Macedonia's border'); if it
    names none, the group stays, of unknown country (civilians, PLOVER's default)."""
    sents = sentences(doc)
    sent = sents.spans[sents.of_token[group.start]]
    mine = own.get(group.noun or "")
    other = next((f for f in found if sent.start <= f.start < sent.end and f.country
                  and f.country != mine and not f.is_person and f.kind != "role"
                  and f.country not in SPECIAL_CODES), None)
    if other is not None:
        group.country = other.country
        group.why.append(f"assumed to live in {other.country}, the first other country "
                         f"its sentence names ('{doc[other.start:other.end]}')")
    else:
        group.why.append("no country named for it: of unknown country")


def countries_from_phrases(doc: Doc, groups: list[Candidate], found: list[Candidate],
                           own: dict[str, str] | None = None) -> None:
    """A group without a country takes one named in its own phrase ('ethnic Albanians
    living in Macedonia'); a people (`own`: its noun -> its own country) else one its
    sentence names."""
    own = own or {}
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    for group in groups:
        if group.country is None and group.kind == "role":
            nearby = _country_nearby(doc[group.end - 1], by_token)
            if nearby is not None:
                group.country = nearby.country
                group.why.append(f"country {nearby.country} from "
                                 f"'{doc[nearby.start:nearby.end]}' in its phrase")
            elif group.needs_country:
                _country_of_a_people(doc, group, found, own)


def countries_from_towns(doc: Doc, groups: list[Candidate]) -> None:
    """A group or official without a country takes that of a town in its own phrase
    ('officials in Mombasa', 'the governor of the Lviv region'): subnational officials
    are of their place's country."""
    towns: dict[int, tuple[str, str]] | None = None
    for group in groups:
        if group.country is not None or group.kind != "role":
            continue
        towns = _towns(doc) if towns is None else towns
        town = _town_nearby(doc[group.end - 1], towns)
        if town is not None:
            group.country = town[1]
            group.why.append(f"country {town[1]} of the town or region '{town[0]}' in "
                             "its phrase (GeoNames, Phoenix places)")


def share_conjoined_countries(doc: Doc, roles: list[Candidate]) -> None:
    """'Israeli helicopters and tanks': the second conjunct takes the first's country."""
    by_head = {r.end - 1: r for r in roles}
    for role in roles:
        head = doc[role.end - 1]
        if role.country is None and head.dep_ == "conj":
            first = by_head.get(head.head.i)
            if first is not None and first.country:
                role.country = first.country
                role.why.append(f"country {first.country} shared with '{head.head.text}'")


def split_compound_roles(doc: Doc, found: list[Candidate],
                         roles: list[Candidate]) -> list[Candidate]:
    """'Hungarian and Romanian officials' -> one role mention per demonym."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    extra = []
    for role in roles:
        head = doc[role.end - 1]
        for child in head.children:
            first = by_token.get(child.i)
            if first is None or child.dep_ not in _MODIFIER_DEPS or not first.country:
                continue
            for conj in child.conjuncts:
                other = by_token.get(conj.i)
                if other is None or not other.country or other.country == role.country:
                    continue
                other.absorbed = True
                twin = Candidate(other.start, other.end, "role", country=other.country,
                             sector=role.sector, office=role.office,
                             why=[*role.why[:1], f"compound actor: '{conj.text}' "
                                  f"+ '{doc[role.start:role.end]}'"])
                extra.append(twin)
            if first.country and role.country is None:
                role.country = first.country
                first.absorbed = True
    return extra


def attach_roles_to_people(doc: Doc, people: list[Candidate], roles: list[Candidate]) -> None:
    """Titles and appositions: a role that describes a named person is the person's role."""
    role_by_head = {r.end - 1: r for r in roles}
    for person in people:
        if not person.is_person:
            continue
        head = doc[person.end - 1]
        described = []
        # titles and appositions around the name
        for token in doc[max(0, person.start - 6) : person.start]:
            r = role_by_head.get(token.i)
            if r is not None and (token.head.i in range(person.start, person.end)
                                  or token.head.i == head.i):
                described.append(r)
        appositions = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            appositions.append(head.head)
        for appos in appositions:
            subtree = sorted(appos.subtree, key=lambda t: t.i)
            described += [role_by_head[t.i] for t in subtree if t.i in role_by_head]
        if not described:
            continue
        current = [r for r in described if r.sector != "ELI"] or described
        role = current[-1]
        with_country = [r for r in current if r.country] or [r for r in described if r.country]
        for r in described:
            r.absorbed = True
        if person.entity is None or person.entity.kind != "person":
            person.office = role.office or person.office
            person.sector = role.sector
            if with_country:
                person.country = (role if role.country else with_country[-1]).country
            person.why.append(f"role stated in the text: '{doc[role.start:role.end]}'"
                              + (f" of {person.country}" if person.country else ""))
        elif role.sector == "ELI" and person.sector != "ELI":
            # "Ousted President Jan Novak": the text says the office is behind him
            person.sector, person.office = "ELI", None
            person.why.append(f"former office holder: '{doc[role.start:role.end]}'")
        elif person.sector in (None, "ELI") and role.sector not in (None, "ELI"):
            # the text says what office the person holds now, though the knowledge base has
            # no term on this date: the text wins
            person.sector, person.office = role.sector, role.office
            person.why.append(f"role stated in the text: '{doc[role.start:role.end]}'")
        else:
            person.why.append(f"described as '{doc[role.start:role.end]}'")


def country_from_modifiers(doc: Doc, people: list[Candidate],
                           by_token: dict[int, Candidate]) -> None:
    """'Belarusian dictator Alexander Lukashenko': a demonym before a name gives its country."""
    for person in people:
        if not person.is_person:
            continue
        left = doc[person.end - 1].left_edge.i
        for i in range(left, person.start):
            f = by_token.get(i)
            if f is not None and f.kind in ("demonym", "name") and f.country and not f.is_person:
                f.absorbed = True
                if person.country is None:
                    person.country = f.country
                    person.why.append(f"country {f.country} from '{doc[f.start:f.end]}'")
