"""Who acts and who is acted upon: an event trigger's source and target actors, read
from the parse (subject, by-agent, objects, prepositional objects, complement clauses)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from ...knowledge.words import words
from .arguments import (
    TARGET_PREPS,
    actors_of,
    agent_of,
    first_actor_in,
    from_whom,
    governing_subject,
    in_background,
    nominal_source,
    objects_of,
    owners,
    prep_objects,
    subject_of,
)
from .article_index import ArticleIndex
from .lexicon import Trigger, entries_for
from .plover_rules import CONDITION_MARKS, JOINT_TYPES, PREFERRED_PREPS
from .rules import domestic_group, national_country


class Parties:
    """Finds the source and target actors of triggers in one article."""

    def __init__(self, index: ArticleIndex, lexicon: dict[str, list[Trigger]]) -> None:
        self.index, self.lexicon = index, lexicon
        #: tokens in the phrases of triggers already coded (their topics)
        self.in_trigger_phrase: set[int] = set()
        #: triggers already coded
        self.triggered: set[int] = set()

    def is_event(self, token: Token) -> bool:
        return token.i in self.triggered

    def arguments(self, token: Token, trigger: Trigger) -> tuple[list[str], list[str], str]:
        """The trigger's sources and targets, and how they were found (for the `why`)."""
        if token.pos_ in ("NOUN", "PROPN"):
            # a noun inside another trigger's phrase is its topic ("seeks the lifting of
            # sanctions"), or an act it refers to ("condemned Russia's invasion"), told
            # before and of another day: the other trigger's target says whose act it was
            if token.i in self.in_trigger_phrase:
                return [], [], "topic of another trigger"
            if in_background(token):
                return [], [], "background ('after the invasion')"
            sources, how = nominal_source(token, self.index.actor_of)
            if not sources:
                sources, how = governing_subject(token, self.index.actor_of,
                                                 self.is_event)
            targets, target_how = self.target(token, trigger, set(sources), depth=2)
            obj = token.head if token.dep_ == "compound" else token  # "a mediation mission"
            verb = obj.head
            if not targets and sources and obj.dep_ == "dobj" and verb.pos_ == "VERB":
                # "started a sit-in to protest against ...": the light verb's phrases
                targets, target_how = self.target(verb, trigger, set(sources), depth=1)
                target_how = f"of '{verb.text}': {target_how}"
            return sources, targets, f"nominal trigger; source: {how or 'none'}" + (
                f"; target: {target_how}" if targets else "")
        subjects, passive, how = subject_of(token)
        if passive:
            sources = actors_of(agent_of(token), self.index.actor_of)
            targets = actors_of(subjects, self.index.actor_of)
            for subject in subjects if not targets else []:
                # "a convoy of Sudanese refugees was attacked": those inside the phrase
                actor, _ = first_actor_in(subject, self.index.actor_of, set(sources),
                                           self.index.known)
                targets = [actor] if actor else []
            if not sources and targets and (trigger.type == "MOBILIZE"
                                            or "peacekeeping" in trigger.context):
                # "2,000 soldiers were deployed to ...": moved forces act for their side
                sources = targets
                targets, target_how = self.target(token, trigger, set(sources))
                return sources, targets, f"passive without agent; source: {how}" + (
                    f"; target: {target_how}" if targets else "")
            return sources, targets, f"passive; source: by-agent; target: {how}"
        sources = actors_of(subjects, self.index.actor_of)
        why = f"source: {how}" + (f" '{subjects[0].text}'" if subjects else "")
        if not sources and how.startswith("subject"):
            sources = owners(subjects, self.index.actor_of)
            why += ", the actor it stands for" if sources else ""
        if not sources and not subjects:
            sources, how = governing_subject(token, self.index.actor_of,
                                                 self.is_event)
            why = f"source: {how}"
        targets, target_why = self.target(token, trigger, set(sources))
        return sources, targets, why + (f"; target: {target_why}" if targets else "")

    def target(self, token: Token, trigger: Trigger, sources: set[str],
               depth: int = 0) -> tuple[list[str], str]:
        """Who is acted upon: the first of `TARGET_STEPS` to find an actor of known country
        (or a domestic group a national source acts upon); failing that, the first actor
        of unknown country found ("an embassy")."""
        national = national_country(sources, self.index.country_of) is not None

        def known(actor_id: str) -> bool:
            return (self.index.known(actor_id)
                    or national and domestic_group(actor_id) is not None)

        query = _TargetQuery(self, token, trigger, sources, depth, known)
        fallback: tuple[list[str], str] = ([], "")
        for step in TARGET_STEPS:
            for found, how in step(query):
                found = [a for a in found if a not in sources]
                found_known = [a for a in found if known(a)]
                if found_known:
                    return found_known, how
                if found and not fallback[0]:
                    fallback = (found, how)
        return fallback

    def after_trigger(self, token: Token, sources: list[str]) -> list[str]:
        """The first actor after a trigger in the phrases it heads, through no other clause:
        a target the links above missed ("praised as a brave step Austria's new law")."""
        for t in token.subtree:
            actor = self.index.actor_of(t)
            if t.i <= token.i or not actor or actor in sources:
                continue
            path = list(t.ancestors)
            path = path[:path.index(token)] if token in path else []
            if path and not any(a.pos_ in ("VERB", "AUX") and a.dep_ != "pcomp" for a in path):
                return [actor]
        return []


#: Candidate targets a step offers, best first, each with how it was found.
Options = Iterator[tuple[list[str], str]]


@dataclass
class _TargetQuery:
    """One search for a trigger's target: what the steps below look at."""

    parties: Parties
    token: Token
    trigger: Trigger
    sources: set[str]
    depth: int
    known: Callable[[str], bool]

    def __post_init__(self) -> None:
        self.actor_of = self.parties.index.actor_of
        self.objects = objects_of(self.token)
        #: prepositions that name the recipient best for this type ("accused X of ...")
        self.preps = PREFERRED_PREPS.get(self.trigger.type, TARGET_PREPS)

    def inside(self, obj: Token) -> tuple[list[str], str]:
        actor, how = first_actor_in(obj, self.actor_of, self.sources, self.known)
        return ([actor] if actor else []), how


def who_it_comes_to(q: _TargetQuery) -> Options:
    # "Lima came under pressure from Washington", "faced criticism from Moscow": a noun
    # event whose source is its 'from' phrase is aimed at the subject of its verb
    noun = q.token
    if noun.pos_ not in ("NOUN", "PROPN") or not set(actors_of(
            from_whom(noun), q.actor_of)) & q.sources:
        return
    head = noun.head.head if noun.dep_ == "pobj" else noun.head  # "came under pressure"
    if head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "pobj", "nsubjpass"):
        subjects, passive, how = subject_of(head)
        if subjects and not passive:
            yield actors_of(subjects, q.actor_of), f"{how} of '{head.text}'"


def partners_with(q: _TargetQuery) -> Options:
    # "discussed Libya with Trump", "agreed a plan with Iran": for acts done together the
    # object is the topic, and the partner is the one 'with' names
    if q.trigger.type in JOINT_TYPES:
        # the parse may hang the phrase on the object ("discussed [Libya with Trump]")
        for head in (q.token, *q.objects):
            for obj in prep_objects(head, frozenset({"with"})):
                yield actors_of([obj], q.actor_of), "partner ('with')"


def direct_objects(q: _TargetQuery) -> Options:
    # "sent its troops": what the source owns is not what it acts upon
    owned = {o.i for o in q.objects if any(
        c.dep_ == "poss" and c.lower_ in words("possessive") for c in o.children)}
    yield actors_of([o for o in q.objects if o.i not in owned], q.actor_of), "object"


def doers_of_acts_in_objects(q: _TargetQuery) -> Options:
    # "condemned Russia's invasion of Georgia", "rejected a proposal by Peru": the one whose
    # act it is, not the one it was done to
    lexicon = q.parties.lexicon
    for obj in q.objects:
        if obj.pos_ != "NOUN" or q.actor_of(obj):
            continue
        entries = entries_for(obj, lexicon)
        if any(e.pos != "VERB" for e in entries):
            doers, how = nominal_source(obj, q.actor_of, explicit_only=True)
            yield doers, f"whose '{obj.text}' it is: {how}"
        # "faulted Buhari's decision to ...": whose decision, plan or policy it is; "refused
        # a request from the justice minister": who made it
        owners = [c for c in obj.children if c.dep_ == "poss"]
        yield actors_of(owners, q.actor_of), f"whose '{obj.text}' it is"
        yield actors_of(from_whom(obj), q.actor_of), f"whom the '{obj.text}' is from"


def preferred_prepositional_objects(q: _TargetQuery) -> Options:
    # one preposition's object (and its conjuncts): "apologized to Chile for the Bolivian
    # incident" is addressed to Chile, not to Bolivia
    for obj in prep_objects(q.token, q.preps):
        yield actors_of([obj], q.actor_of), "prepositional object"


def actors_inside_preferred_objects(q: _TargetQuery) -> Options:
    if q.trigger.type in PREFERRED_PREPS:
        for obj in prep_objects(q.token, q.preps):  # "complained over Syrian shelling"
            yield q.inside(obj)


def prepositional_objects(q: _TargetQuery) -> Options:
    for obj in prep_objects(q.token):
        yield actors_of([obj], q.actor_of), "prepositional object"


def acts_of_the_same_kind(q: _TargetQuery) -> Options:
    # "a sit-in in protest against": a noun of the same kind of act
    lexicon = q.parties.lexicon
    for prep in (c for c in q.token.children if c.dep_ == "prep" and c.lower_ == "in"):
        for obj in (o for o in prep.children if o.dep_ == "pobj" and any(
                t.type == q.trigger.type for t in lexicon.get(o.lemma_.lower(), ()))):
            yield actors_of(prep_objects(obj, q.preps), q.actor_of), \
                f"'{prep.text} {obj.text}' phrase"


def objects_of_objects(q: _TargetQuery) -> Options:
    for obj in q.objects:
        yield actors_of(prep_objects(obj), q.actor_of), f"object of '{obj.text}'"


def actors_inside_objects(q: _TargetQuery) -> Options:
    for obj in [*q.objects, *prep_objects(q.token, q.preps), *prep_objects(q.token)]:
        yield q.inside(obj)


def subjects_of_conditions(q: _TargetQuery) -> Options:
    # "threatened to stop talks if the United States goes ahead": the one the condition
    # is put to
    if q.trigger.type != "THREATEN" and q.depth == 0:
        return
    for clause in q.token.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS
                                          for c in clause.children):
            yield actors_of([c for c in clause.children if c.dep_ in (
                "nsubj", "nsubjpass")], q.actor_of), f"subject of condition '{clause.text}'"


def complement_clauses(q: _TargetQuery) -> Options:
    # "demanded that Japan stop ...": the complement's subject, then its own target
    if q.depth >= 2:
        return
    for comp in (c for c in q.token.children if c.dep_ in ("ccomp", "xcomp")
                 or c.dep_ == "advcl" and c.tag_ == "VBG"  # "..., calling for"
                 or c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to"
                                              for a in c.children)):
        if comp.dep_ == "ccomp":
            yield actors_of([c for c in comp.children if c.dep_ in (
                "nsubj", "nsubjpass")], q.actor_of), f"subject of complement '{comp.text}'"
        inner, how_inner = q.parties.target(comp, q.trigger, q.sources, q.depth + 1)
        yield inner, f"in complement '{comp.text}': {how_inner}"


def places_inside_objects(q: _TargetQuery) -> Options:
    # "condemned the bombing of a military academy in Tripoli", "rejected an intervention
    # in Venezuela": an act or thing with no actor named is aimed at the place it is in
    place_of = q.parties.index.place_country_of
    # not the source's own country ("the Bolivian cabinet held talks in La Paz")
    own = {q.parties.index.country_of(a) for a in q.sources}
    for obj in [*q.objects, *prep_objects(q.token, q.preps)]:
        # in the phrase itself, not in a clause inside it ("a plan to fight poverty in X")
        countries = [c for t in sorted(obj.subtree, key=lambda t: t.i)
                     if (c := place_of(t)) and len(c) == 3 and c not in own and not any(
                         a.pos_ in ("VERB", "AUX") for a in _path_up(t, obj))]
        if countries:
            yield countries[:1], f"the place inside '{obj.text}' phrase"


def _path_up(token: Token, top: Token) -> list[Token]:
    """The tokens from a token's head up to `top` (exclusive), in its subtree."""
    path = []
    for ancestor in token.ancestors:
        if ancestor.i == top.i:
            break
        path.append(ancestor)
    return path


#: Where a target is looked for, best first.
TARGET_STEPS: tuple[Callable[[_TargetQuery], Options], ...] = (
    who_it_comes_to,
    partners_with,
    direct_objects,
    doers_of_acts_in_objects,
    preferred_prepositional_objects,
    actors_inside_preferred_objects,
    prepositional_objects,
    acts_of_the_same_kind,
    objects_of_objects,
    actors_inside_objects,
    subjects_of_conditions,
    complement_clauses,
    places_inside_objects,
)
