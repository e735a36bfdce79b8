"""Who acts and who is acted upon: an event trigger's source and target actors, read
from the parse (subject, by-agent, objects, prepositional objects, complement clauses)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ...knowledge.words import words
from .arguments import (
    TARGET_PREPS,
    actors_of,
    agent_of,
    first_actor_in,
    in_background,
    nominal_source,
    objects_of,
    owners,
    prep_objects,
    subject_of,
)
from .article_index import ArticleIndex
from .lexicon import Trigger
from .plover_rules import CONDITION_MARKS, MATERIAL_TYPES, PREFERRED_PREPS
from .rules import domestic_group, national_country


class Parties:
    """Finds the source and target actors of triggers in one article."""

    def __init__(self, index: ArticleIndex, lexicon: dict[str, list[Trigger]]) -> None:
        self.index, self.lexicon = index, lexicon
        #: tokens in the phrases of triggers already coded (their topics)
        self.in_trigger_phrase: set[int] = set()

    def arguments(self, token: Token, trigger: Trigger) -> tuple[list[str], list[str], str]:
        """The trigger's sources and targets, and how they were found (for the `why`)."""
        if token.pos_ in ("NOUN", "PROPN"):
            # a noun inside another trigger's phrase is its topic ("seeks the lifting of
            # sanctions"), an event of its own only with its own source ("Russia's invasion")
            in_phrase = token.i in self.in_trigger_phrase
            if in_phrase and trigger.type not in MATERIAL_TYPES:
                return [], [], "topic of another trigger"
            if in_background(token):
                return [], [], "background ('after the invasion')"
            sources, how = nominal_source(token, self.index.actor_of, explicit_only=in_phrase)
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
            return sources, targets, f"passive; source: by-agent; target: {how}"
        sources = actors_of(subjects, self.index.actor_of)
        why = f"source: {how}" + (f" '{subjects[0].text}'" if subjects else "")
        if not sources and how.startswith("subject"):
            sources = owners(subjects, self.index.actor_of)
            why += ", the actor it belongs to" if sources else ""
        targets, target_why = self.target(token, trigger, set(sources))
        return sources, targets, why + (f"; target: {target_why}" if targets else "")

    def target(self, token: Token, trigger: Trigger, sources: set[str],
                depth: int = 0) -> tuple[list[str], str]:
        """Who is acted upon: the object, a prepositional object (for accusations the one
        accused before the one addressed), an actor inside the object's phrase, or the
        subject or object of a complement clause ("demanded that Japan stop")."""
        # an actor of unknown country ("an embassy") is kept only if nothing better is found;
        # domestic groups acted upon by a national source will take its country
        national = national_country(sources, self.index.country_of) is not None

        def known(actor_id: str) -> bool:
            return (self.index.known(actor_id)
                    or national and domestic_group(actor_id) is not None)

        fallback: tuple[list[str], str] = ([], "")

        def steps() -> Iterator[tuple[list[str], str]]:  # candidates, best first
            objects = objects_of(token)
            # "sent its troops": what the source owns is not what it acts upon
            owned = {o.i for o in objects if any(
                c.dep_ == "poss" and c.lower_ in words("possessive") for c in o.children)}
            preps = PREFERRED_PREPS.get(trigger.type, TARGET_PREPS)
            yield actors_of([o for o in objects if o.i not in owned], self.index.actor_of), "object"
            # one preposition's object (and its conjuncts): "apologized to Chile for the
            # Bolivian incident" is addressed to Chile, not to Bolivia
            preferred = prep_objects(token, preps)
            for obj in preferred:
                yield actors_of([obj], self.index.actor_of), "prepositional object"
            if trigger.type in PREFERRED_PREPS:
                for obj in preferred:  # "complained over Syrian shelling"
                    actor, how_inner = first_actor_in(obj, self.index.actor_of, sources, known)
                    yield ([actor] if actor else []), how_inner
            for obj in prep_objects(token):
                yield actors_of([obj], self.index.actor_of), "prepositional object"
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
                # "a sit-in in protest against": a noun of the same kind of act
                for obj in (o for o in prep.children if o.dep_ == "pobj" and any(
                        t.type == trigger.type for t in self.lexicon.get(o.lemma_.lower(), ()))):
                    yield actors_of(prep_objects(obj, preps), self.index.actor_of), \
                        f"'{prep.text} {obj.text}' phrase"
            for obj in objects:
                yield actors_of(prep_objects(obj), self.index.actor_of), f"object of '{obj.text}'"
            for obj in [*objects, *prep_objects(token, preps), *prep_objects(token)]:
                actor, how_inner = first_actor_in(obj, self.index.actor_of, sources, known)
                yield ([actor] if actor else []), how_inner
            if trigger.type == "THREATEN" or depth > 0:
                # "threatened to stop talks if the United States goes ahead": the one
                # the condition is put to
                for clause in token.children:
                    if clause.dep_ == "advcl" and any(
                            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS
                            for c in clause.children):
                        yield actors_of([c for c in clause.children if c.dep_ in (
                            "nsubj", "nsubjpass")], self.index.actor_of), \
                            f"subject of condition '{clause.text}'"
            if depth >= 2:
                return
            for comp in (c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                         or c.dep_ == "advcl" and c.tag_ == "VBG"  # "..., calling for"
                         or c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                      for a in c.children)):
                if comp.dep_ == "ccomp":
                    yield actors_of([c for c in comp.children if c.dep_ in (
                        "nsubj", "nsubjpass")], self.index.actor_of), \
                        f"subject of complement '{comp.text}'"
                inner, how_inner = self.target(comp, trigger, sources, depth + 1)
                yield inner, f"in complement '{comp.text}': {how_inner}"

        for found, how in steps():
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
