"""PLOVER events: a lexicon trigger, its source and target actors from the parse, and the
event's modality, date, place, sources and intensity. Every event says why it exists."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from ...actor_ids import (
    SPECIAL_CODES,
    country_of,
    is_outlet,
    of_unknown_country,
    unknown_country_sector,
    with_country,
)
from ...annotate import sentences
from ...knowledge.words import words
from ...model import Event, Mention, Source, Span, Statement, TimeExpression
from ..attribution import chain_at
from ..attribution.lexicon import load_lexicon
from .arguments import (
    TARGET_PREPS,
    actors_of,
    agent_of,
    background_clause,
    first_actor_in,
    in_background,
    nominal_source,
    objects_of,
    owners,
    prep_objects,
    subject_of,
)
from .lexicon import Trigger, load_scores, load_triggers
from .modality import CLAUSE_DEPS, conditional, governors, modality_of, passive
from .plover_rules import (
    ADDRESSED_THREATS,
    CONDITION_MARKS,
    DOMESTIC_SECTORS,
    FUTURE_TYPE,
    LOCATIVE_PREPS,
    MATERIAL_TYPES,
    NEEDS_TARGET,
    ON_TERRITORY,
    PREFERRED_PREPS,
    REFUSED_TYPE,
    THREAT_MODE,
    UNIDENTIFIED_TYPES,
)
from .trigger_match import in_scare_quotes, match_trigger, phrase_of

#: A trigger's clause children that are its content, not events of their own.
_CONTENT_DEPS = ("xcomp", "ccomp", "acl")


@dataclass
class EventContext:
    """What the events stage needs from the earlier stages of one article."""

    doc: Doc
    mentions: Sequence[Mention]
    places: Sequence[Mention]
    times: Sequence[TimeExpression]
    statements: Sequence[Statement]
    root: Sequence[Source]
    published: date | None
    body_start: int = 0
    hedges: Sequence[Span] = ()
    #: the country of each resolved actor, by id
    countries: Mapping[str, str | None] = field(default_factory=dict)


class _Coder:
    def __init__(self, ctx: EventContext, lexicon: dict[str, list[Trigger]]) -> None:
        self.ctx, self.lexicon = ctx, lexicon
        doc = ctx.doc
        self.text = doc.text  # a property that joins all tokens: read it once
        self.actor_by_token: dict[int, str] = {}
        for m in ctx.mentions:
            span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.actor_by_token[t.i] = m.actor
        # times and places by sentence: an event looks only in its own
        sents = sentences(doc)
        self.sents, self.sent_of = sents.spans, sents.of_token
        self.time_tokens = self._spans_to_tokens(ctx.times)
        self.place_tokens = self._spans_to_tokens(ctx.places)

    def _spans_to_tokens(self, items: Sequence[TimeExpression] | Sequence[Mention]) -> dict[
            int, list[tuple[Token, object]]]:
        out: dict[int, list[tuple[Token, object]]] = {}
        for item in items:
            span = self.ctx.doc.char_span(item.span.start, item.span.end,
                                          alignment_mode="expand")
            if span is not None:
                out.setdefault(self.sent_of[span.root.i], []).append((span.root, item))
        return out

    def country_of(self, actor_id: str) -> str | None:
        """The country of a resolved actor, or of a group id made here ("EGY-COP")."""
        if actor_id in self.ctx.countries:
            return self.ctx.countries[actor_id]
        return country_of(actor_id)

    def known(self, actor_id: str) -> bool:
        """Is the actor's country (or international code) known? Such actors make better
        targets than groups or people of unknown country."""
        return self.country_of(actor_id) is not None

    def actor_of(self, token: Token) -> str | None:
        return self.actor_by_token.get(token.i)

    def code(self) -> list[Event]:
        doc, events = self.ctx.doc, []
        consumed: set[int] = set()
        self.in_trigger_phrase: set[int] = set()
        lexicon = self.lexicon
        candidates = [t for t in doc if (t.lemma_.lower() in lexicon or t.lower_ in lexicon)
                      and t.ent_type_ not in ("DATE", "TIME")]  # "last March"
        # heads before their dependents, so "impose sanctions" consumes "sanctions"
        order = sorted(candidates, key=lambda t: (len(list(t.ancestors)), t.i))
        for token in order:
            if token.i in consumed or token.i in self.actor_by_token or self._describes(token):
                continue
            match = match_trigger(token, self.lexicon)
            if match is None or in_scare_quotes(token) or background_clause(token):
                continue
            trigger, used = match
            consumed.update(t.i for t in used)
            # the clause a trigger governs is its content, not an event of its own
            # ("threatened to ban", "demanded that Israel ease restrictions")
            consumed.update(c.i for c in token.children if c.dep_ in _CONTENT_DEPS)
            events += self._events_for(token, trigger)
            self.in_trigger_phrase.update(t.i for t in phrase_of(token))
        return _deduplicate(events, self.ctx.body_start)

    def _describes(self, token: Token) -> bool:
        """'the press secretary Josh Earnest', 'aid workers': a noun that only says what
        kind of people an actor is, in a compound naming them, is no event."""
        current = token
        while current.dep_ == "compound" and current.pos_ in ("NOUN", "PROPN", "VERB"):
            current = current.head
            if current.i in self.actor_by_token:
                return True
        return False

    def _arguments(self, token: Token, trigger: Trigger) -> tuple[list[str], list[str], str]:
        if token.pos_ in ("NOUN", "PROPN"):
            # a noun inside another trigger's phrase is its topic ("seeks the lifting of
            # sanctions"), an event of its own only with its own source ("Russia's invasion")
            in_phrase = token.i in self.in_trigger_phrase
            if in_phrase and trigger.type not in MATERIAL_TYPES:
                return [], [], "topic of another trigger"
            if in_background(token):
                return [], [], "background ('after the invasion')"
            sources, how = nominal_source(token, self.actor_of, explicit_only=in_phrase)
            targets, target_how = self._target(token, trigger, set(sources), depth=2)
            obj = token.head if token.dep_ == "compound" else token  # "a mediation mission"
            verb = obj.head
            if not targets and sources and obj.dep_ == "dobj" and verb.pos_ == "VERB":
                # "started a sit-in to protest against ...": the light verb's phrases
                targets, target_how = self._target(verb, trigger, set(sources), depth=1)
                target_how = f"of '{verb.text}': {target_how}"
            return sources, targets, f"nominal trigger; source: {how or 'none'}" + (
                f"; target: {target_how}" if targets else "")
        subjects, passive, how = subject_of(token)
        if passive:
            sources = actors_of(agent_of(token), self.actor_of)
            targets = actors_of(subjects, self.actor_of)
            for subject in subjects if not targets else []:
                # "a convoy of Sudanese refugees was attacked": those inside the phrase
                actor, _ = first_actor_in(subject, self.actor_of, set(sources), self.known)
                targets = [actor] if actor else []
            return sources, targets, f"passive; source: by-agent; target: {how}"
        sources = actors_of(subjects, self.actor_of)
        why = f"source: {how}" + (f" '{subjects[0].text}'" if subjects else "")
        if not sources and how.startswith("subject"):
            sources = owners(subjects, self.actor_of)
            why += ", the actor it belongs to" if sources else ""
        targets, target_why = self._target(token, trigger, set(sources))
        return sources, targets, why + (f"; target: {target_why}" if targets else "")

    def _target(self, token: Token, trigger: Trigger, sources: set[str],
                depth: int = 0) -> tuple[list[str], str]:
        """Who is acted upon: the object, a prepositional object (for accusations the one
        accused before the one addressed), an actor inside the object's phrase, or the
        subject or object of a complement clause ("demanded that Japan stop")."""
        # an actor of unknown country ("an embassy") is kept only if nothing better is found;
        # domestic groups acted upon by a national source will take its country
        national = _national(sources, self.country_of) is not None

        def known(actor_id: str) -> bool:
            return self.known(actor_id) or national and _domestic_group(actor_id) is not None

        fallback: tuple[list[str], str] = ([], "")

        def steps():  # noqa: ANN202 - candidates in order of preference
            objects = objects_of(token)
            # "sent its troops": what the source owns is not what it acts upon
            owned = {o.i for o in objects if any(
                c.dep_ == "poss" and c.lower_ in words("possessive") for c in o.children)}
            preps = PREFERRED_PREPS.get(trigger.type, TARGET_PREPS)
            yield actors_of([o for o in objects if o.i not in owned], self.actor_of), "object"
            # one preposition's object (and its conjuncts): "apologized to Chile for the
            # Bolivian incident" is addressed to Chile, not to Bolivia
            preferred = prep_objects(token, preps)
            for obj in preferred:
                yield actors_of([obj], self.actor_of), "prepositional object"
            if trigger.type in PREFERRED_PREPS:
                for obj in preferred:  # "complained over Syrian shelling"
                    actor, how_inner = first_actor_in(obj, self.actor_of, sources, known)
                    yield ([actor] if actor else []), how_inner
            for obj in prep_objects(token):
                yield actors_of([obj], self.actor_of), "prepositional object"
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
                # "a sit-in in protest against": a noun of the same kind of act
                for obj in (o for o in prep.children if o.dep_ == "pobj" and any(
                        t.type == trigger.type for t in self.lexicon.get(o.lemma_.lower(), ()))):
                    yield actors_of(prep_objects(obj, preps), self.actor_of), \
                        f"'{prep.text} {obj.text}' phrase"
            for obj in objects:
                yield actors_of(prep_objects(obj), self.actor_of), f"object of '{obj.text}'"
            for obj in [*objects, *prep_objects(token, preps), *prep_objects(token)]:
                actor, how_inner = first_actor_in(obj, self.actor_of, sources, known)
                yield ([actor] if actor else []), how_inner
            if trigger.type == "THREATEN" or depth > 0:
                # "threatened to stop talks if the United States goes ahead": the one
                # the condition is put to
                for clause in token.children:
                    if clause.dep_ == "advcl" and any(
                            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS
                            for c in clause.children):
                        yield actors_of([c for c in clause.children if c.dep_ in (
                            "nsubj", "nsubjpass")], self.actor_of), \
                            f"subject of condition '{clause.text}'"
            if depth >= 2:
                return
            for comp in (c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                         or c.dep_ == "advcl" and c.tag_ == "VBG"  # "..., calling for"
                         or c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                      for a in c.children)):
                if comp.dep_ == "ccomp":
                    yield actors_of([c for c in comp.children if c.dep_ in (
                        "nsubj", "nsubjpass")], self.actor_of), \
                        f"subject of complement '{comp.text}'"
                inner, how_inner = self._target(comp, trigger, sources, depth + 1)
                yield inner, f"in complement '{comp.text}': {how_inner}"

        for found, how in steps():
            found = [a for a in found if a not in sources]
            found_known = [a for a in found if known(a)]
            if found_known:
                return found_known, how
            if found and not fallback[0]:
                fallback = (found, how)
        return fallback

    def _after_trigger(self, token: Token, sources: list[str]) -> list[str]:
        """The first actor after a trigger in the phrases it heads, through no other clause:
        a target the links above missed ("praised as a brave step Austria's new law")."""
        for t in token.subtree:
            actor = self.actor_of(t)
            if t.i <= token.i or not actor or actor in sources:
                continue
            path = list(t.ancestors)
            path = path[:path.index(token)] if token in path else []
            if path and not any(a.pos_ in ("VERB", "AUX") and a.dep_ != "pcomp" for a in path):
                return [actor]
        return []

    def _events_for(self, token: Token, trigger: Trigger) -> list[Event]:
        sources, targets, arg_why = self._arguments(token, trigger)
        place = self._place(token)
        place_country = place.get("place_country")
        arg_why += _assume_countries(sources, targets, trigger.type, place_country,
                                     self.country_of)
        if (not targets and trigger.type in ON_TERRITORY and place_country
                and place_country not in sources):
            targets = [str(place_country)]
            arg_why += f"; target: the place '{place['place']}'"
        if not targets and token.pos_ not in ("NOUN", "PROPN"):
            targets = self._after_trigger(token, sources)
            arg_why += "; target: first actor after the trigger" if targets else ""
        sources = [s for s in sources if not is_outlet(s)]
        if not sources and targets and place_country and trigger.type in UNIDENTIFIED_TYPES \
                and (passive(token) or _event_subject(token, self.lexicon)):
            # "three soldiers were killed near Bakhmut": attackers the text does not name,
            # coded as PLOVER codes "unknown gunmen" (UAF) of the place where it happened
            sources = [f"{place_country}-UAF"]
            arg_why += f"; source: unidentified attackers (UAF) in {place_country}"
        if not sources:
            return []
        modality, modal_why = modality_of(token)
        type_, type_why = trigger.type, ""
        if modality == "negated" and type_ in REFUSED_TYPE:
            type_, modality = "REJECT", "asserted"
            type_why = f"; negated {trigger.type} is a refusal: REJECT"
        elif modality == "intended" and conditional(token) and type_ not in (
                "THREATEN", "REQUEST"):
            type_ = "THREATEN"
            type_why = f"; {trigger.type} announced unless a condition is met: THREATEN"
        elif modality == "intended" and type_ in FUTURE_TYPE and (
                targets or type_ not in ADDRESSED_THREATS):
            type_, type_why = FUTURE_TYPE[type_], f"; intended {trigger.type} coded " \
                f"{FUTURE_TYPE[trigger.type]} (PLOVER)"
        if type_ in NEEDS_TARGET and not targets and len(sources) < 2:
            return []  # PLOVER codes these only with a recipient (or between co-actors)
        if type_ == "CONSULT" and not targets and len(sources) < 2:
            return []  # "the Cabinet met": a meeting of one party is no consultation
        mode = trigger.mode if type_ == trigger.type else None
        if type_ == "THREATEN" and trigger.type != "THREATEN":
            mode = THREAT_MODE.get(f"{trigger.type}/{trigger.mode}",
                                   THREAT_MODE.get(trigger.type))
        sent = self.sents[self.sent_of[token.i]]
        trigger_span = Span.of(self.text, token.idx, token.idx + len(token))
        date_info = self._date(token)
        chain = chain_at(self.ctx.statements, trigger_span.start, trigger_span.end,
                          self.ctx.root)
        hedges = [h for h in self.ctx.hedges if sent.start_char <= h.start < sent.end_char]
        why = (f"trigger '{token.text}' = lexicon '{trigger.pattern}' -> {trigger.type}"
               f"{'/' + trigger.mode if trigger.mode else ''} ({trigger.source}); {arg_why}"
               + (f"; modality {modality}: {modal_why}" if modal_why else "") + type_why)
        events = []
        for source in sources:
            for target in targets or [None]:
                if target == source:
                    continue
                events.append(Event(
                    id="", type=type_, mode=mode, context=list(trigger.context), source=source,
                    target=target, trigger=trigger_span,
                    sentence=Span.of(self.text, sent.start_char, sent.end_char),
                    modality=modality, attributed_to=chain, hedges=hedges,  # type: ignore[arg-type]
                    intensity=load_scores()(type_, mode), why=why, **date_info,
                    place=place.get("place"), place_span=place.get("place_span"),
                ))
        return events

    def _governs(self, trigger: Token, token: Token) -> bool:
        """Is `token` in the trigger's own clause (not inside a nested clause)?"""
        current = token
        for _ in range(12):
            if current == trigger:
                return True
            if current.dep_ in CLAUSE_DEPS and current.head is not current:
                # a clause of its own, unless it hangs off the trigger itself
                return current.head == trigger and current.dep_ == "advcl"
            if current.head is current:
                return False
            current = current.head
        return False

    def _date(self, token: Token) -> dict[str, object]:
        for head in [token, *governors(token)]:
            for time_token, timex in self.time_tokens.get(self.sent_of[token.i], ()):
                if time_token.dep_ in ("poss", "compound", "amod"):
                    continue  # "next year's elections": the date of the elections
                if timex.type in ("DATE", "TIME") and self._governs(head, time_token):  # type: ignore[attr-defined]
                    return {"date": timex.value, "date_alternatives": timex.alternatives,  # type: ignore[attr-defined]
                            "date_span": timex.span, "date_fallback": False}  # type: ignore[attr-defined]
        published = self.ctx.published
        return {"date": published.isoformat() if published else None, "date_fallback": True}

    def _place(self, token: Token) -> dict[str, object]:
        cue_verbs = load_lexicon().verbs
        heads = [token]
        for governor in governors(token):
            if cue_verbs.get(governor.lemma_.lower(), ("",))[0] == "speech":
                break  # "..., sources in Pakistan said": where it was said, not done
            heads.append(governor)
        for head in heads:
            for place_token, place in self.place_tokens.get(self.sent_of[token.i], ()):
                if self._governs(head, place_token):
                    return {"place": place.span.text, "place_span": place.span,  # type: ignore[attr-defined]
                            "place_country": place.actor or None}  # type: ignore[attr-defined]
        # "outside the Syrian city of Aleppo": a locative phrase that names a country, in
        # its own words, not in its clauses ("in a statement issued in Warsaw")
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
                continue
            own = [t for t in prep.subtree if not any(
                a.dep_ in ("acl", "relcl") for a in [t, *t.ancestors] if a.i > prep.i)]
            if not any(t.lemma_.lower() in words("place_noun") or t.ent_type_ in (
                    "GPE", "LOC", "FAC") for t in own):
                continue
            for t in own:
                actor = country_of(self.actor_of(t) or "")  # "LBN" of "LBN-GOV" ("Damascus")
                if actor is not None:
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), t)
                    phrase = self.ctx.doc[pobj.left_edge.i : pobj.i + 1]
                    return {"place": phrase.text, "place_span": Span.of(
                        self.text, phrase.start_char, phrase.end_char),
                        "place_country": actor}
        return {}


def _assume_countries(sources: list[str], targets: list[str], type_: str,
                      place_country: object, country_of: Callable[[str], str | None]) -> str:
    """Give groups the text names without a country ("XXX-CVL") one, by assumption: that of
    the place where the event happened ("killed 23 people in Kharkiv"), else, for targets
    of sectors that are usually domestic ("police dispersed striking teachers"), that of the
    source. Returns the note for the event's `why`."""
    notes = []
    if type_ in ON_TERRITORY and isinstance(place_country, str) and len(place_country) == 3:
        for role, side in (("target", targets), ("source", sources)):
            unknown = [a for a in side if of_unknown_country(a)]
            if unknown and len(unknown) == len(side):
                side[:] = [with_country(a, place_country) for a in unknown]
                notes.append(f"{role} assumed of {place_country}, where it happened")
    # only targets: unnamed groups that act ("protesters", "hackers") as often act abroad
    country = _national(sources, country_of)
    if country is not None:
        for n, actor in enumerate(targets):
            sector = _domestic_group(actor)
            if sector is not None:
                targets[n] = f"{country}-{sector}"
                notes.append(f"target assumed of {country}, as the source")
    return "".join(f"; {note}" for note in dict.fromkeys(notes))


def _domestic_group(actor_id: str) -> str | None:
    """The sector of a group of unknown country that is usually domestic ('XXX-CVL')."""
    sector = unknown_country_sector(actor_id)
    return sector if sector in DOMESTIC_SECTORS else None


def _national(sources: Sequence[str], country_of: Callable[[str], str | None]) -> str | None:
    """The one country of an event's sources, if they are of one state (not the UN)."""
    countries = {country_of(a) for a in sources} - {None}
    country = countries.pop() if len(countries) == 1 else None
    return None if country in SPECIAL_CODES else country


def _event_subject(token: Token, lexicon: dict[str, list[Trigger]]) -> bool:
    """'A roadside bombing killed ...': the subject is itself an attack, not an actor."""
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in lexicon or c.lemma_.lower() in
                                      words("weapon")) for c in token.children)


def _deduplicate(events: list[Event], body_start: int) -> list[Event]:
    """One event per (type, mode, source, target, modality) and date in an article: a
    repeat in the headline or key points gives way to the body's, which has more context,
    and an undated repeat (publication-date fallback) to a dated one."""
    events = _drop_partial_repeats(events)
    groups: dict[tuple, list[Event]] = {}
    order = sorted(events, key=lambda e: (e.date_fallback, e.trigger.start < body_start,
                                          e.trigger.start))
    for event in order:
        key = (event.type, event.mode, event.source, event.target, event.modality)
        kept_here = groups.setdefault(key, [])
        if not any(event.date_fallback or k.date == event.date for k in kept_here):
            kept_here.append(event)
    kept = sorted((e for g in groups.values() for e in g),
                  key=lambda e: (e.trigger.start, e.source or ""))
    for n, event in enumerate(kept, 1):
        event.id = f"E{n}"
    return kept


def _drop_partial_repeats(events: list[Event]) -> list[Event]:
    """'started a sit-in to protest against the decree': one act told twice in a
    sentence. A telling without the target gives way to one with it, and of two tellings
    with the same parties (of different modes) the first is kept."""
    targeted = {(e.sentence.start, e.type, e.source, e.modality) for e in events if e.target}
    seen: set[tuple] = set()
    kept = []
    for e in sorted(events, key=lambda e: e.trigger.start):
        act = (e.sentence.start, e.type, e.source, e.modality)
        key = (*act, e.target)
        if key in seen or not e.target and act in targeted:
            continue
        seen.add(key)
        kept.append(e)
    return kept


def find_events(ctx: EventContext, lexicon: dict[str, list[Trigger]] | None = None) -> list[
        Event]:
    """All events of one article."""
    return _Coder(ctx, lexicon if lexicon is not None else load_triggers()).code()
