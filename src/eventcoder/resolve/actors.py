"""Resolve: mentions -> actors with PLOVER country and sector codes.

The order matters: knowledge-base names first, then people spaCy finds, then sector nouns
and the roles stated for people, then pronouns and descriptions; finally mentions of one
actor are grouped (surnames, transliteration variants, offices held on the article's date).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import cast, get_args

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from .. import settings
from ..actor_ids import (
    SPECIAL_CODES,
    country_of,
    group_id,
    group_parts,
    organisation_id,
    person_id,
    unknown_country_sector,
)
from ..annotate import entities, sentences, text_of
from ..knowledge.base import KnowledgeBase, country_then
from ..knowledge.names import lookup_key, name_similarity, translit_key
from ..knowledge.tables import SECTOR_LABELS
from ..knowledge.towns import town_country
from ..knowledge.words import offices, words
from ..model import Actor, Mention, MentionKind, Span
from .dateline import dateline_end
from .matching import (
    Candidate,
    countries_named,
    is_locative,
    match_surnames,
    person_term,
    where,
)
from .mention_rules import find_candidates


@dataclass
class Resolution:
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)  # locations: 'in Paris'

    def actor_at(self, start: int, end: int) -> str | None:
        """The actor of the mention overlapping a character range (the innermost)."""
        hits = [m for m in self.mentions if m.span.start < end and start < m.span.end]
        return min(hits, key=lambda m: m.span.end - m.span.start).actor if hits else None


def group_actor(actor_id: str, kb: KnowledgeBase) -> Actor:
    """The actor of a group id such as 'IRQ-UAF' made by a later stage (unidentified
    attackers in Iraq, people killed in Kharkiv): its country and sector are in the id."""
    country, sector = group_parts(actor_id)
    entity = kb.country(country)
    why = ("unidentified armed actors (PLOVER UAF) where an event happened" if sector == "UAF"
           else "a group the text names without a country, taken to be of its event's place "
           "or source (an assumption; the event's why says which)")
    return Actor(id=actor_id, name=group_name(kb, country, sector), kind="group",
                 country=entity.country if entity else None, sector=sector or None, why=why)


def group_name(kb: KnowledgeBase, country: str | None, sector: str | None) -> str:
    """'Belarus government', 'unknown country rebels'."""
    entity = kb.country(country)
    label = entity.name if entity else "unknown country"
    return f"{label} {SECTOR_LABELS.get(sector or '', 'group')}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", translit_key(text)).strip("-")


class _Grouper:
    """Assigns each mention an actor, creating actors as they first appear."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, on: date | None) -> None:
        self.doc, self.kb, self.on = doc, kb, on
        self.actors: dict[str, Actor] = {}
        self.person_names: dict[str, list[str]] = {}  # actor id -> full names seen
        self.of_found: dict[int, str] = {}
        self.country_at: dict[int, str] = {}  # token -> country of a country name there
        self.named: set[str] = set()  # countries the article names (evidence for surnames)

    def actor_for(self, f: Candidate) -> str | None:
        if f.link is not None:
            return self.of_found.get(id(f.link))
        if f.is_person:
            return self._person(f)
        if f.org is not None:
            actor_id = organisation_id(_slug(f.org))
            return self._ensure(actor_id, f.org, "organisation", f.country, f.sector, f)
        if f.entity is not None and f.kind == "name":
            e = f.entity
            kind = {"country": "country", "organisation": "organisation",
                    "outlet": "outlet"}.get(e.kind, "group")
            return self._ensure(e.id, e.name, kind, e.country, e.sector, f, kb_id=e.id,
                                sectors=list(e.sectors))
        if f.kind == "metonym" and f.country:
            return self._group(f.country, "GOV", f)
        if f.kind == "demonym" and f.country:
            token = self.doc[f.end - 1]
            if token.tag_ in ("NNS", "NNPS") and token.dep_ not in ("amod", "compound"):
                # "Nigerians demonstrated": the people, civilians of that country; "the
                # Hungarians of southern Slovakia" live in Slovakia
                home = next((self.country_at.get(o.i) for p in token.children
                             if p.dep_ == "prep" and p.lower_ in ("of", "in")
                             for o in p.children if o.dep_ == "pobj"
                             and self.country_at.get(o.i)), None)
                if home and home != f.country:
                    f.why.append(f"living in {home}")
                f.why.append("a people: civilians (CVL)")
                return self._group(home or f.country, "CVL", f)
            # "an Indian proposal": the country whose proposal it is
            return self._country(f.country, f)
        if f.kind == "role":
            return self._role(f)
        return None

    def _ensure(self, actor_id: str, name: str, kind: str, country: str | None,
                sector: str | None, f: Candidate, kb_id: str | None = None,
                office: str | None = None, sectors: list[str] | None = None) -> str:
        if actor_id not in self.actors:
            self.actors[actor_id] = Actor(
                id=actor_id, name=name, kind=kind, country=country, sector=sector,  # type: ignore[arg-type]
                sectors=sectors or [], office=office, kb_id=kb_id, why="; ".join(f.why),
            )
        return actor_id

    def _country(self, code: str, f: Candidate) -> str:
        entity = self.kb.country(code)
        return self._ensure(code, entity.name if entity else code, "country", code, None, f,
                            kb_id=code)

    def _group(self, country: str | None, sector: str | None, f: Candidate) -> str:
        actor_id = group_id(country, sector)
        return self._ensure(actor_id, group_name(self.kb, country, sector), "group", country,
                            sector, f)

    def _role(self, f: Candidate) -> str:
        office = offices().get(f.office or "") or offices().get(f.noun or "")
        plural = self.doc[f.end - 1].tag_ in ("NNS", "NNPS")  # "leaders" are not one person
        if f.country and office and not plural:
            holders = {h.id: h for h in self.kb.holders(f.country, office, self.on)}
            if len(holders) == 1:
                holder = next(iter(holders.values()))
                f.entity, f.sector, f.office = holder, holder.sector, holder.office
                f.why.append(f"{office} of {f.country} on {self.on}: {holder.name} "
                             f"({where(holder)})")
                return self._person(f)
        return self._group(f.country, f.sector, f)

    def _person(self, f: Candidate) -> str:
        name = f.person or (f.entity.name if f.entity else "")
        if f.entity is not None and f.entity.kind == "person":
            return self._known_person(f)
        same = self._same_person(name)
        if same is None and " " not in name:
            match_surnames([f], self.kb, self.on, self.named, self.doc)
            if f.entity is not None:
                return self._known_person(f)
        if same is None and " " in name and self._spelt_like_known(f, name):
            return self._known_person(f)
        if same is not None:
            self.person_names[same].append(name)
            actor = self.actors[same]
            if actor.country is None and f.country:
                actor.country, actor.sector, actor.office = f.country, f.sector, f.office
                actor.why += "; " + "; ".join(f.why)
            return same
        actor_id = person_id(_slug(name))
        self.person_names[actor_id] = [name]
        return self._ensure(actor_id, name, "person", f.country, f.sector, f, office=f.office)

    def _known_person(self, f: Candidate) -> str:
        e = f.entity
        assert e is not None
        actor_id = self._ensure(e.id, e.name, "person", f.country, f.sector, f, kb_id=e.id,
                                office=f.office)
        self.person_names.setdefault(actor_id, []).append(e.name)
        return actor_id

    def _spelt_like_known(self, f: Candidate, name: str) -> bool:
        """A full name the knowledge base knows under another spelling ('Emanuel Macron')."""
        keys = self.kb.person_keys
        best = process.extractOne(translit_key(name), keys.keys(), scorer=fuzz.ratio,
                                  score_cutoff=settings.NAME_SIMILARITY + 5)
        if best is None:
            return False
        term = person_term(keys[best[0]], self.on)
        f.entity, f.country = term.entity, term.entity.country
        f.sector = term.sector if term.active else (f.sector or term.sector)
        f.why.append(f"spelling of office holder {term.entity.name} ({best[1]:.0f}% alike), "
                     f"{term.note} ({where(term.entity)})")
        return True

    def _same_person(self, name: str) -> str | None:
        """An earlier person of this article with this name: same full name up to spelling,
        or a surname matching theirs; never two different first names."""
        parts = name.split()
        best, best_score = None, 0.0
        for actor_id, names in self.person_names.items():
            for known in names:
                known_parts = known.split()
                if len(parts) > 1 and len(known_parts) > 1:
                    first_ok = name_similarity(parts[0], known_parts[0]) >= \
                        settings.NAME_SIMILARITY or parts[0][0] == known_parts[0][0] and (
                            len(parts[0].rstrip(".")) == 1 or len(known_parts[0].rstrip(".")) == 1)
                    if not first_ok:
                        continue
                score = name_similarity(parts[-1], known_parts[-1])
                if score >= settings.NAME_SIMILARITY and score >= best_score:
                    best, best_score = actor_id, score
        return best


def resolve(doc: Doc, kb: KnowledgeBase, published: date | None) -> Resolution:
    """Actors and mentions of one annotated article: the mention rules find candidates
    (`mention_rules.RULES`), which are grouped into actors; then the places are read and
    the actor rules run (`ACTOR_RULES`)."""
    found = find_candidates(doc, kb, published)
    result = Resolution()
    grouper = _Grouper(doc, kb, published)
    grouper.named = countries_named(doc, found)
    grouper.country_at = {i: f.country for f in found if f.country and (
        f.kind == "place" or f.entity is not None and f.entity.kind == "country")
        for i in range(f.start, f.end)}
    text = text_of(doc)
    rules: dict[str, list[str]] = {}
    filed_at = dateline_end(text)
    for f in found:
        span = Span.of(text, doc[f.start].idx, doc[f.end - 1].idx + len(doc[f.end - 1]))
        if f.absorbed:
            continue
        if span.end <= filed_at:  # 'KABUL -': where the report was filed
            country = f.country or (f.entity.country if f.entity else None)
            result.places.append(Mention(span=span, actor=country or "", kind="name",
                                         why="; ".join(f.why) + "; the dateline"))
            continue
        is_country = f.entity is not None and f.entity.kind == "country" and f.kind == "name"
        if f.kind == "place" or is_country and is_locative(doc[f.end - 1]):
            code = f.country if f.kind == "place" or f.entity is None else f.entity.id
            result.places.append(Mention(span=span, actor=code or "", kind="name",
                                         why="; ".join(f.why) + "; a location here"))
            continue
        actor_id = grouper.actor_for(f)
        if actor_id is None:
            continue
        grouper.of_found[id(f)] = actor_id
        rules.setdefault(actor_id, []).extend(f.rules)
        result.mentions.append(Mention(span=span, actor=actor_id, kind=_mention_kind(f.kind),
                                       why="; ".join(f.why)))
    _add_places(doc, kb, result, published)
    for rule in ACTOR_RULES:
        for actor_id in rule(doc, kb, grouper.actors, result):
            rules.setdefault(actor_id, []).append(rule.__name__)
    for actor in grouper.actors.values():
        seen = [m.span.text for m in [*result.mentions, *result.places] if m.actor == actor.id]
        actor.names = list(dict.fromkeys(seen))
        actor.rules = list(dict.fromkeys(rules.get(actor.id, [])))
    result.actors = [a for a in grouper.actors.values() if a.names]
    return result


def _mention_kind(kind: str) -> MentionKind:
    if kind not in get_args(MentionKind):
        raise ValueError(f"not a kind of mention: {kind!r}")
    return cast(MentionKind, kind)


def officials_of_the_one_country_named(doc: Doc, kb: KnowledgeBase, actors: dict[str, Actor],
                                       result: Resolution) -> list[str]:
    """An official the text gives a title but no country ("Judge Marta Quispe opened
    an inquiry into Peruvian officials") is taken to be of the one country its
    sentence names, if it names exactly one; the why says it is an assumption."""
    codes = {a.id: a.country for a in actors.values() if a.country}
    changed = []
    for actor in actors.values():
        if actor.kind != "person" or actor.country or actor.sector is None:
            continue
        first = next((m for m in result.mentions if m.actor == actor.id), None)
        if first is None:
            continue
        span = doc.char_span(first.span.start, first.span.end, alignment_mode="expand")
        if span is None:
            continue
        sents = sentences(doc)
        sent = sents.spans[sents.of_token[span.start]]
        start, end = sent.start_char, sent.end_char
        named = {codes[m.actor] for m in [*result.mentions, *result.places]
                 if start <= m.span.start < end and m.actor in codes}
        named |= {m.actor for m in result.places
                  if start <= m.span.start < end and len(m.actor) == 3}
        named -= set(SPECIAL_CODES)
        if len(named) == 1:
            actor.country = named.pop()
            actor.why += f"; assumed of {actor.country}, the only country its sentence names"
            changed.append(actor.id)
    return changed


#: A group in these relations is what a verb acts on; the events stage assumes its country
#: from the event's source or place, and says so in the event's why.
_ACTED_ON = frozenset(["dobj", "nsubjpass", "dative", "attr"])


def _countries_by_sentence(doc: Doc, codes: dict[str, str],
                           result: Resolution) -> tuple[list[int], list[set[str]]]:
    """The start of each sentence, and the countries each names: its country mentions
    (not one that only qualifies a word: 'Iran-backed militias', 'US-made') and places."""
    starts = [sent.start_char for sent in sentences(doc).spans]
    named: list[set[str]] = [set() for _ in starts]
    text = doc.text
    for m in result.mentions:
        if text[m.span.end:m.span.end + 1] == "-":
            continue
        code = codes.get(m.actor) or country_of(m.actor)
        if code and code not in SPECIAL_CODES:
            named[bisect_right(starts, m.span.start) - 1].add(code)
    for p in result.places:
        if len(p.actor) == 3 and p.actor not in SPECIAL_CODES:
            named[bisect_right(starts, p.span.start) - 1].add(p.actor)
    return starts, named


def groups_of_the_one_country_named(doc: Doc, kb: KnowledgeBase, actors: dict[str, Actor],
                                    result: Resolution) -> list[str]:
    """A group mention without a country ('the rebels', 'the government') in a sentence
    that names exactly one country is taken to be of that country; the why says it is an
    assumption."""
    codes = {a.id: a.country for a in actors.values() if a.country and a.kind != "group"}
    starts: list[int] | None = None
    named: list[set[str]] = []
    changed = []
    for n, mention in enumerate(result.mentions):
        sector = unknown_country_sector(mention.actor)
        if sector is None:
            continue
        if starts is None:
            starts, named = _countries_by_sentence(doc, codes, result)
        index = bisect_right(starts, mention.span.start) - 1
        if len(named[index]) != 1:
            continue
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        sent_end = starts[index + 1] if index + 1 < len(starts) else len(doc.text)
        if span is None or span.root.dep_ in _ACTED_ON or _acts_on_it(
                doc, span, result.mentions, starts[index], sent_end):
            continue
        country = next(iter(named[index]))
        group = f"{country}-{sector}"
        if group not in actors:
            entity = kb.country(country)
            old = actors[mention.actor]
            actors[group] = Actor(id=group, name=group_name(kb, country, sector), kind="group",
                                  country=entity.country if entity else country,
                                  sector=sector, why=old.why + f"; assumed of {country}, "
                                  "the only country its sentence names")
        result.mentions[n] = Mention(span=mention.span, actor=group, kind=mention.kind,
                                     why=mention.why + f"; assumed of {country}, the only "
                                     "country its sentence names")
        changed.append(group)
    return changed


def _acts_on_it(doc: Doc, group: DocSpan, mentions: list[Mention], start: int,
                end: int) -> bool:
    """Is the group the subject of a verb whose other words name the country as an actor
    ('Protesters denounced Russia's invasion': the protesters are not Russian)?"""
    root = group.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = root.head
    own = {t.i for t in root.subtree}
    predicate = {t.i for t in verb.subtree} - own
    for m in mentions:
        if start <= m.span.start < end and country_of(m.actor):
            other = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if other is not None and other.root.i in predicate:
                return True
    return False


def countries_of_places(doc: Doc, kb: KnowledgeBase, actors: dict[str, Actor],
                        result: Resolution) -> list[str]:
    """A country named only as a place ('in Paris') is an actor of the article too, so
    that events placed there can name it."""
    added = []
    for place in result.places:
        country = kb.country(place.actor) if place.actor else None
        if country is not None and place.actor not in actors:
            actors[place.actor] = Actor(
                id=place.actor, name=country.name, kind="country", country=country.country,
                kb_id=place.actor, why=f"country of the place '{place.span.text}'")
            added.append(place.actor)
    return added


#: Rules over the grouped actors, in the order they run; each returns the actors it changed.
ActorRule = Callable[[Doc, KnowledgeBase, dict[str, Actor], Resolution], list[str]]
ACTOR_RULES: tuple[ActorRule, ...] = (officials_of_the_one_country_named,
                                      groups_of_the_one_country_named, countries_of_places)


def _named_place_of(token: Token) -> bool:
    """'near the town of Tikrit': the name of a place noun that is itself a location."""
    head = token.head
    return (token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower()
            in words("place_noun") and is_locative(head.head))


def _add_places(doc: Doc, kb: KnowledgeBase, result: Resolution, on: date | None) -> None:
    """Named places in locative phrases ('in Paris'), for the events' place; the country
    is known for capitals ('Paris' -> FRA)."""
    covered = {(m.span.start, m.span.end) for m in result.places}
    text = text_of(doc)
    for ent in entities(doc):
        if not (is_locative(ent[-1]) or _named_place_of(ent[-1])):
            continue
        capital = kb.seat(lookup_key(ent.text), on)
        country = capital.country if capital else country_then(town_country(ent.text), on)
        # the small model often labels a little-known town a person or a people
        located = ent.label_ in ("GPE", "LOC", "FAC") or country and ent.label_ in (
            "PERSON", "NORP", "ORG")
        # "in Northern Laos": the country inside is the place already
        inside = any(ent.start_char <= start and end <= ent.end_char for start, end in covered)
        if located and not inside:
            where = (f", in {capital.name}" if capital else
                     f", a town of {country} (GeoNames)" if country else "")
            result.places.append(Mention(
                span=Span.of(text, ent.start_char, ent.end_char), actor=country or "",
                kind="name", why=f"place after '{ent[-1].head.text}'{where}"))
    result.places.sort(key=lambda m: m.span.start)
