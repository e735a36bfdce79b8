"""The rules that find actor mentions in an article, in the order they run.

Each rule reads the article and the candidates found so far (`Candidates`) and adds
candidates or tells more about them (a country, a sector, an office, an antecedent),
noting why in each candidate's `why`. The order matters: knowledge-base names first, then
people spaCy finds, then the roles stated for people, then pronouns and descriptions, which
refer back to all of those. `find_candidates` runs `RULES` and notes on each candidate the
names of the rules that made or changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from .. import settings
from ..annotate import tokens_of
from ..knowledge.base import KnowledgeBase
from ..knowledge.names import name_similarity, translit_key
from . import coref
from .matching import (
    Candidate,
    countries_named,
    match_misspellings,
    match_names,
    match_organisations,
    match_people,
    match_surnames,
)
from .roles import (
    attach_roles_to_people,
    countries_from_phrases,
    countries_from_towns,
    country_from_modifiers,
    match_roles,
    share_conjoined_countries,
    split_compound_roles,
)
from .subjects import named_subjects


@dataclass
class Candidates:
    """The mentions found so far in one article, and the tokens they take."""

    doc: Doc
    kb: KnowledgeBase
    on: date | None
    found: list[Candidate] = field(default_factory=list)
    #: role mentions ("the foreign minister"), kept apart until people have taken theirs
    roles: list[Candidate] = field(default_factory=list)
    #: tokens taken by names and people; roles and misspellings look elsewhere
    taken: set[int] = field(default_factory=set)
    #: countries the article names (evidence for a surname alone), known after `people`
    named: set[str] = field(default_factory=set)

    def people(self) -> list[Candidate]:
        return [f for f in self.found if f.is_person]


Rule = Callable[[Candidates], None]


def knowledge_base_names(c: Candidates) -> None:
    """Countries, capitals, demonyms, organisations and office holders by name."""
    c.found = match_names(c.doc, c.kb, c.on)
    c.taken = _tokens(c.found)


def misspelt_names(c: Candidates) -> None:
    """Names of the knowledge base spelt a little differently."""
    c.found += match_misspellings(c.doc, c.kb, c.taken)


def organisations(c: Candidates) -> None:
    """Organisations the knowledge base does not know, named with a sector noun; their
    modifiers merge into them."""
    c.found += match_organisations(c.doc, c.found, c.kb.sector_nouns)
    c.found = [f for f in c.found if not f.absorbed]
    c.taken = _tokens(c.found)


def people(c: Candidates) -> None:
    """People spaCy finds."""
    found = match_people(c.doc, c.taken, c.kb)
    c.found += found
    c.taken |= _tokens(found)
    c.named = countries_named(c.doc, c.found)


def names_acting_as_subjects(c: Candidates) -> None:
    """Proper nouns that are the subject of a verb, where spaCy saw no name ('Uribe
    defended ...'): a person, or an organisation when written as an acronym."""
    found = named_subjects(c.doc, c.taken, c.kb)
    c.found += found
    c.taken |= _tokens(found)


def surnames_of_people_named(c: Candidates) -> None:
    """A surname alone ('Lukashenko') takes the knowledge-base entry of a full name used
    in the article, else of an office holder with that surname, so that its country is
    known before roles and descriptions are read ('the Lukashenko regime')."""
    full = [f for f in c.found if f.entity is not None and f.entity.kind == "person"]
    for f in c.found:
        if f.person is None or " " in f.person or f.entity is not None:
            continue
        same = [p for p in full if p.entity is not None and name_similarity(
            p.entity.name.split()[-1], f.person) >= settings.NAME_SIMILARITY]
        first = same[0] if same else None
        if first is not None and first.entity is not None:
            f.entity, f.country, f.sector, f.office = (first.entity, first.country,
                                                       first.sector, first.office)
            f.kind = "surname"
            f.why.append(f"surname of '{first.entity.name}' named in the article")
        else:
            match_surnames([f], c.kb, c.on, c.named, c.doc)


def surnames_spacy_missed(c: Candidates) -> None:
    """A capitalised word that is the surname of someone named in full in the article,
    where spaCy saw no person ('Pashinyan calls Moscow a reliable partner')."""
    named: dict[str, Candidate] = {}
    for f in c.found:
        name = f.person or (f.entity.name if f.entity and f.entity.kind == "person" else None)
        if name and " " in name:
            named.setdefault(translit_key(name.split()[-1]), f)
    extra = []
    for token in tokens_of(c.doc):
        if token.i in c.taken or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        owner = named.get(translit_key(token.text))
        if owner is None:
            continue
        full_name = owner.person or (owner.entity.name if owner.entity else "")
        extra.append(Candidate(token.i, token.i + 1, "surname", entity=owner.entity,
                               person=owner.person, country=owner.country,
                               sector=owner.sector, office=owner.office,
                               why=[f"surname of '{full_name}' named in the article"]))
    c.found += extra


def roles(c: Candidates) -> None:
    """Sector nouns and offices ('the foreign minister', 'Belarusian diplomats'), split
    where one compound names two ('defence and foreign ministers')."""
    c.roles = match_roles(c.doc, c.kb, c.found, c.taken)
    c.roles += split_compound_roles(c.doc, c.found, c.roles)


def conjoined_roles_share_a_country(c: Candidates) -> None:
    """'the Russian and Chinese foreign ministers'."""
    share_conjoined_countries(c.doc, c.roles)


def countries_of_group_phrases(c: Candidates) -> None:
    """'officials of the Belarusian government': the country inside the phrase."""
    groups = [f for f in c.found if f.kind == "role"]
    own = {g.noun: d.country for g in groups if g.noun and (d := c.kb.demonyms.get(g.noun))
           and d.country}
    countries_from_phrases(c.doc, groups, c.found, own)


def countries_of_towns_in_phrases(c: Candidates) -> None:
    """'officials in Mombasa', 'the governor of the Lviv region': a town's country."""
    countries_from_towns(c.doc, [*c.roles, *(f for f in c.found if f.kind == "role")])


def roles_stated_for_people(c: Candidates) -> None:
    """'X, a former deputy foreign minister of Belarus': the role gives the person's
    country, sector and office."""
    attach_roles_to_people(c.doc, c.people(), c.roles)


def countries_from_modifiers(c: Candidates) -> None:
    """'Belarusian leader X': a country modifying a person."""
    by_token = {i: f for f in c.found for i in range(f.start, f.end)}
    country_from_modifiers(c.doc, c.people(), by_token)


def roles_are_mentions(c: Candidates) -> None:
    """Roles not merged into a person's mention are mentions of their own."""
    c.found += [r for r in c.roles if not r.absorbed]
    c.found.sort(key=lambda f: (f.start, -f.end))


def pronouns_and_descriptions(c: Candidates) -> None:
    """'he', 'the Putin ally', 'Official Minsk' refer back to an earlier mention."""
    c.found += coref.link_references(c.doc, c.found)


def countries_from_possessives(c: Candidates) -> None:
    """'their forces': a group takes the country of the possessive's antecedent."""
    coref.countries_from_possessors(c.doc, c.found)
    c.found.sort(key=lambda f: (f.start, -f.end))

#: The rules, in the order they run.
RULES: tuple[Rule, ...] = (
    knowledge_base_names,
    misspelt_names,
    organisations,
    people,
    names_acting_as_subjects,
    surnames_of_people_named,
    surnames_spacy_missed,
    roles,
    conjoined_roles_share_a_country,
    countries_of_group_phrases,
    countries_of_towns_in_phrases,
    roles_stated_for_people,
    countries_from_modifiers,
    roles_are_mentions,
    pronouns_and_descriptions,
    countries_from_possessives,
)


def find_candidates(doc: Doc, kb: KnowledgeBase, on: date | None) -> list[Candidate]:
    """The mentions of one article, each noting the rules that made or changed it (a rule
    that changes a candidate says why in its `why`)."""
    c = Candidates(doc, kb, on)
    for rule in RULES:
        # the candidates themselves are kept, so that no new one can reuse an old id
        before = {id(f): (f, len(f.why)) for f in [*c.found, *c.roles]}
        rule(c)
        for f in [*c.found, *c.roles]:
            seen = before.get(id(f))
            if (seen is None or len(f.why) > seen[1]) and rule.__name__ not in f.rules[-1:]:
                f.rules.append(rule.__name__)
    return c.found


def _tokens(found: list[Candidate]) -> set[int]:
    return {i for f in found for i in range(f.start, f.end)}
