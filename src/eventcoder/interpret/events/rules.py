"""The rules that turn a trigger and its parties into a PLOVER event, in the order they run.

A `Draft` starts with what the trigger and the parse give (type, sources, targets, place,
modality). Each rule in `RULES` looks at it and, when it applies, changes it and says so in
the draft's `why`; the names of the rules that applied are kept on the event (`rules`,
shown by `eventcoder code --explain`). A rule may also drop the draft: it is then no event.
Reading `RULES` tells the order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from ...actor_ids import (
    SPECIAL_CODES,
    group_id,
    group_parts,
    is_outlet,
    of_unknown_country,
    unknown_country_sector,
    with_country,
)
from ...knowledge.words import words
from ...model import Modality
from .arguments import objects_of
from .judge import Candidate, Judge
from .lexicon import Trigger, entries_for
from .modality import condition_clause, conditional, passive, refusal
from .plover_rules import (
    ADDRESSED_THREATS,
    DOMESTIC_SECTORS,
    FORCE_MOVES,
    FORCE_SECTORS,
    FUTURE_TYPE,
    HOSTILE_TYPES,
    NEEDS_TARGET,
    ON_TERRITORY,
    POLITICAL_SECTORS,
    REFUSED_ACTS,
    REFUSED_MODE,
    REFUSED_TYPE,
    THREAT_MODE,
    UNIDENTIFIED_TYPES,
    plover2_type,
)
from .setting import EventPlace
from .trigger_match import about_peacekeeping, is_people, type_of_act

CountryOf = Callable[[str], str | None]


@dataclass
class Draft:
    """An event being decided on: one trigger, its parties and what the rules made of it."""

    token: Token
    trigger: Trigger
    sources: list[str]
    targets: list[str]
    place: EventPlace | None
    #: how the parties were found, then what the party rules assumed ('; ...' notes)
    parties_why: str
    modality: Modality = "asserted"
    #: why an event in a clause of time is news ('; ...' notes)
    setting_why: str = ""
    modality_why: str = ""
    type: str = ""
    #: what the typing rules changed ('; ...' notes)
    type_why: str = ""
    dropped: str | None = None
    rules: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = self.type or self.trigger.type

    @property
    def place_country(self) -> str | None:
        return self.place.country if self.place else None

    @property
    def retyped(self) -> bool:
        return self.type != self.trigger.type

    @property
    def mode(self) -> str | None:
        """The trigger's mode, or for an act announced as a threat the threatened act's."""
        trigger = self.trigger
        if not self.retyped:
            return trigger.mode
        if self.type == "THREATEN":
            return THREAT_MODE.get(f"{trigger.type}/{trigger.mode}",
                                   THREAT_MODE.get(trigger.type))
        if self.type == "REJECT":
            return REFUSED_MODE.get(trigger.type)
        return None


@dataclass(frozen=True)
class Facts:
    """What rules may ask about the article beyond the draft."""

    country_of: CountryOf
    lexicon: dict[str, list[Trigger]]
    #: the first actor after a token in the phrases it heads (but the sources)
    actor_after: Callable[[Token, list[str]], list[str]]
    #: the actor a token names, if any
    actor_of: Callable[[Token], str | None] = lambda token: None
    #: the sector of an actor, if known
    sector_of: Callable[[str], str | None] = lambda actor_id: None
    #: the learned model's judge of candidates (None: rules only)
    judge: Judge | None = None


Rule = Callable[[Draft, Facts], bool]


# --- parties ---------------------------------------------------------------------------

def own_forces_are_no_target(draft: Draft, facts: Facts) -> bool:
    """'sent 200 troops to Syria', 'withdrew some of its soldiers from Mali', 'refused to
    deploy peacekeepers in Iraq': armed forces of no stated country that a source moves,
    sends or gives are its own, not the ones acted upon (the place may be, see
    `target_the_place_acted_on`)."""
    # withdrawing is moving one's own forces, whatever the type ('withdrew peacekeepers'
    # is a SANCTION)
    withdrawn = draft.trigger.mode == "withdraw"
    if draft.type in HOSTILE_TYPES and not withdrawn or not draft.targets:
        return False
    # the trigger's own objects for acts that move forces, else those of the act it
    # governs ("refused to deploy peacekeepers")
    verbs = [draft.token] if draft.type in FORCE_MOVES or withdrawn \
        else _complements(draft.token)
    moved = {facts.actor_of(t) for verb in verbs for obj in objects_of(verb)
             for t in (obj, *obj.subtree)}
    # of no country, the source's ("its troops") or the place's ("troops in Syria")
    mine = {None, draft.place_country} | {facts.country_of(a) for a in draft.sources}
    # a group of no country may have been given one already ('XXX-MIL' -> 'SYR-MIL')
    unknown = {group_parts(m)[1] for m in moved if m and of_unknown_country(m)}
    own = [a for a in draft.targets if (a in moved or group_parts(a)[1] in unknown)
           and group_parts(a)[1] in FORCE_SECTORS
           and (of_unknown_country(a) or facts.country_of(a) in mine)]
    if not own:
        return False
    # forces given the country where they are ("peacekeepers in Iraq"): that country is
    # the one acted upon
    sources = {facts.country_of(a) for a in draft.sources}
    there = [c for c in (facts.country_of(a) for a in own) if c and c not in sources]
    draft.targets = [a for a in draft.targets if a not in own] + there[:1]
    draft.parties_why += f"; '{own[0]}' taken for the source's own forces, not its target" \
        + (f"; target: {there[0]}, where they are" if there else "")
    country = draft.place_country
    if not draft.targets and draft.type in ON_TERRITORY and country and len(country) == 3 \
            and country not in draft.sources:
        _aim_at_the_place(draft, "; target: the place '{}'")
    return True


def _complements(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]


def assume_countries_of_groups(draft: Draft, facts: Facts) -> bool:
    """Groups the text names without a country ("XXX-CVL") take one, by assumption: that of
    the place where the event happened ("killed 23 people in Kharkiv"), else, for targets
    of sectors that are usually domestic ("police dispersed striking teachers"), that of the
    source."""
    notes = []
    place_country = draft.place_country
    if draft.type in ON_TERRITORY and place_country is not None and len(place_country) == 3:
        for role, side in (("target", draft.targets), ("source", draft.sources)):
            unknown = [a for a in side if of_unknown_country(a)]
            if unknown and len(unknown) == len(side):
                side[:] = [with_country(a, place_country) for a in unknown]
                notes.append(f"{role} assumed of {place_country}, where it happened")
    # only targets: unnamed groups that act ("protesters", "hackers") as often act abroad
    country = national_country(draft.sources, facts.country_of)
    if country is not None:
        for n, actor in enumerate(draft.targets):
            sector = domestic_group(actor)
            if sector is not None:
                draft.targets[n] = f"{country}-{sector}"
                notes.append(f"target assumed of {country}, as the source")
    draft.parties_why += "".join(f"; {note}" for note in dict.fromkeys(notes))
    return bool(notes)


def target_the_place_acted_on(draft: Draft, facts: Facts) -> bool:
    """'lifted a curfew in Montenegro': with no target, the country of the place is acted
    upon, for acts done on a territory; asylum is sought of the country where it is sought
    ('sought refuge in Sudan')."""
    country = draft.place_country
    on_territory = draft.type in ON_TERRITORY or "asylum" in draft.trigger.context
    if draft.targets or not on_territory or not country or country in draft.sources:
        return False
    return _aim_at_the_place(draft, "; target: the place '{}'")


def target_first_actor_after_verb(draft: Draft, facts: Facts) -> bool:
    """A verb with no target found by the parse takes the first actor after it in the
    phrases it heads ('praised as a brave step Austria's new law')."""
    token = draft.token
    if draft.targets or token.pos_ in ("NOUN", "PROPN"):
        return False
    draft.targets = facts.actor_after(token, draft.sources)
    if draft.targets:
        draft.parties_why += "; target: first actor after the trigger"
    return bool(draft.targets)


def visit_to_the_place(draft: Draft, facts: Facts) -> bool:
    """'arrived in Nairobi for talks', 'is in Lima on a two-day visit': a meeting or visit
    with no recipient found is with the country where it happens, when that is not the
    visitor's own."""
    country = draft.place_country
    if draft.targets or draft.type != "CONSULT" or not country or len(country) != 3 \
            or not draft.sources \
            or any(facts.country_of(s) in (country, None) for s in draft.sources):
        return False
    return _aim_at_the_place(draft, "; target: the host, where it happens ('{}')")


def _aim_at_the_place(draft: Draft, note: str) -> bool:
    """Make the country of the event's place its target; `note` gets the place's words."""
    assert draft.place is not None and draft.place.country is not None
    draft.targets = [draft.place.country]
    draft.parties_why += note.format(draft.place.text)
    return True


def outlets_are_no_sources(draft: Draft, facts: Facts) -> bool:
    """A news outlet reports; it is not a party to the events it reports."""
    kept = [s for s in draft.sources if not is_outlet(s)]
    dropped = len(kept) < len(draft.sources)
    draft.sources = kept
    return dropped


def unidentified_attackers(draft: Draft, facts: Facts) -> bool:
    """'three soldiers were killed near Bakhmut': attackers the text does not name, coded
    as PLOVER codes "unknown gunmen" (UAF) of the place where it happened."""
    token, country = draft.token, draft.place_country
    if draft.sources or not draft.targets or not country \
            or draft.type not in UNIDENTIFIED_TYPES \
            or not (passive(token) or _event_subject(token, facts.lexicon)):
        return False
    draft.sources = [group_id(country, "UAF")]
    draft.parties_why += f"; source: unidentified attackers (UAF) in {country}"
    return True


def needs_a_source(draft: Draft, facts: Facts) -> bool:
    """No event without someone who acts."""
    if draft.sources:
        return False
    draft.dropped = "no source"
    return True


# --- what is asserted -----------------------------------------------------------------

def act_in_a_condition(draft: Draft, facts: Facts) -> bool:
    """'if Peru attacks, Chile will respond', 'will impose tariffs unless Peru withdraws':
    an act put as the condition of another is not asserted, so it is no event (the act it
    conditions is coded from its own word)."""
    clause = condition_clause(draft.token)
    if clause is None:
        return False
    draft.dropped = f"the condition of another event ({clause})"
    return True


def act_only_asked_for(draft: Draft, facts: Facts) -> bool:
    """'Chile's appeal to Peru to free the hostages', 'Peru must free the hostages': an act
    that is asked for or owed is not asserted, so it is no event of that act (the request,
    when a word of its own says so, is coded from that word)."""
    if draft.modality != "requested":
        return False
    draft.dropped = f"only asked for ({draft.modality_why})"
    return True


# --- type ------------------------------------------------------------------------------
# At most one of these changes an event's type: each applies only to a draft of the
# trigger's own type.

def order_is_the_act_ordered(draft: Draft, facts: Facts) -> bool:
    """'A court ordered the release of X', 'ordered the arrest of X', 'ordered nine
    officials jailed': an order given by those who have the power to carry it out is coded
    as the act it orders (the act's type, the order's source). An order to someone to act
    ('ordered X to appear') stays a REQUEST."""
    token = draft.token
    if draft.retyped or draft.type != "REQUEST" or token.lemma_.lower() not in words("order"):
        return False
    acts = [o for o in objects_of(token) if o.pos_ == "NOUN"]
    acts += [c for o in objects_of(token) for c in o.children
             if c.dep_ in ("acl", "amod") and c.tag_ == "VBN"]  # "ordered nine men jailed"
    acts += [c for c in token.children if c.dep_ in ("ccomp", "oprd") and c.pos_ == "VERB"]
    for act in acts:
        type_, entry = type_of_act(act, facts.lexicon)
        if type_ is None or type_ in ("REQUEST", "CONSULT"):
            continue
        draft.type = type_
        draft.type_why += f"; an order of '{act.text}' is coded as that act ({type_}, " \
                          f"lexicon '{entry}')"
        return True
    return False


def verbal_attack_is_an_accusation(draft: Draft, facts: Facts) -> bool:
    """'launched a scathing attack on the government, calling it ...', 'Clinton attacked
    Trump': an attack by an official, a politician, a party or a journalist is in words,
    an ACCUSE (PLOVER codes verbal criticism so); one by armed or unknown people is not."""
    # the trigger's word, or a word its entry needs ("launch + attack")
    attack_words = {draft.token.lemma_.lower(),
                    *re.split(r"[\s+/|]+", draft.trigger.pattern.lower())}
    if draft.retyped or draft.type != "ASSAULT" or not attack_words & words("verbal_attack"):
        return False
    # a person of no armed sector, or a party, legislature, outlet or NGO (a government or
    # a group named by its capital may command troops)
    def speaks(actor_id: str) -> bool:
        sector = facts.sector_of(actor_id)
        if actor_id.startswith("person:"):
            return sector is None or sector in POLITICAL_SECTORS
        return sector in POLITICAL_SECTORS - {"GOV", "REL"}

    if not draft.sources or not all(speaks(a) for a in draft.sources):
        return False
    draft.type = "ACCUSE"
    draft.type_why += f"; an attack by {draft.sources[0]} is in words: ACCUSE"
    return True


def peacekeepers_bring_aid(draft: Draft, facts: Facts) -> bool:
    """'2,000 soldiers were deployed as peacekeeping forces', 'the deployment of 230 troops
    to Liberia on a peacekeeping mission': forces moved to keep the peace are an AID
    (PLOVER 2.0 AID: peacekeeping), not a MOBILIZE."""
    if draft.retyped or draft.type != "MOBILIZE" or not about_peacekeeping(draft.token):
        return False
    draft.type = "AID"
    draft.type_why += "; forces sent to keep the peace: AID"
    return True


def access_for_people_is_aid(draft: Draft, facts: Facts) -> bool:
    """'opened its borders to refugees', 'to displaced Afghans': access given to people
    (refugees, a nationality) is asylum, an AID; access given to inspectors or to trade
    stays a RETREAT."""
    if draft.retyped or draft.type != "RETREAT" or draft.trigger.mode != "access":
        return False
    to = [o for p in draft.token.children if p.dep_ == "prep" and p.lower_ == "to"
          for o in p.children if o.dep_ == "pobj"]
    people = [o for o in to if o.ent_type_ == "NORP" or o.lemma_.lower() in words("refugee")
              or (actor := facts.actor_of(o)) is not None and is_people(actor)
              and facts.sector_of(actor) == "REF"]
    if not people:
        return False
    draft.type = "AID"
    draft.type_why += f"; access for '{people[0].text}': asylum, AID"
    return True


def refusal_when_negated(draft: Draft, facts: Facts) -> bool:
    """'did not agree', 'will not accept': refused verbal cooperation is a REJECT; so is
    refused material cooperation ('declined to send aid', 'will not withdraw', 'won't
    meet'), with the mode of what is refused, though not an act that merely did not
    happen ('has not withdrawn')."""
    if draft.retyped or draft.modality != "negated":
        return False
    if draft.type in REFUSED_TYPE:
        how = f"negated {draft.trigger.type} is a refusal"
    elif draft.type in REFUSED_ACTS and (refused := refusal(draft.token)):
        how = f"{draft.trigger.type} {refused}"
    else:
        return False
    draft.type, draft.modality = "REJECT", "asserted"
    draft.type_why += f"; {how}: REJECT"
    return True


def threat_when_conditional(draft: Draft, facts: Facts) -> bool:
    """'will impose tariffs unless ...': an act announced unless a condition is met is a
    THREATEN."""
    if draft.retyped or draft.modality != "intended" or not conditional(draft.token) \
            or draft.type in ("THREATEN", "REQUEST"):
        return False
    draft.type = "THREATEN"
    draft.type_why += f"; {draft.trigger.type} announced unless a condition is met: THREATEN"
    return True


def intended_act_as_plover_codes_it(draft: Draft, facts: Facts) -> bool:
    """PLOVER codes intended cooperation as AGREE and intended force as THREATEN (see
    `plover_rules.FUTURE_TYPE`); a planned protest threatens only when aimed at someone."""
    type_ = draft.type
    if draft.retyped or draft.modality != "intended" or type_ not in FUTURE_TYPE or not (
            draft.targets or type_ not in ADDRESSED_THREATS):
        return False
    draft.type = FUTURE_TYPE[type_]
    draft.type_why += f"; intended {type_} coded {FUTURE_TYPE[type_]} (PLOVER)"
    return True


def agreement_concluded(draft: Draft, facts: Facts) -> bool:
    """PLOVER 2.0: to sign or finalise an agreement is SUPPORT; AGREE is the promise to
    ('agreed to start talks', 'will sign a pact'). An agreement reached or agreed is
    finalised ('reached a trade deal', 'have agreed a ceasefire agreement')."""
    token = draft.token
    if draft.type != "AGREE" or draft.modality != "asserted" or draft.retyped:
        return False
    agreements = words("agreement")
    if token.pos_ == "NOUN":
        concluded = token.lemma_.lower() in agreements and token.dep_ == "dobj" \
            and token.head.lemma_.lower() in words("conclude")
    else:
        objects = [*objects_of(token), *(o for c in token.children if c.dep_ == "prep"
                                          and c.lower_ in ("on", "upon", "to")
                                          for o in c.children if o.dep_ == "pobj")]
        concluded = token.lemma_.lower() in words("conclude") and any(
            o.lemma_.lower() in agreements for o in objects)
    if not concluded:
        return False
    draft.type = "SUPPORT"
    draft.type_why += "; an agreement concluded is SUPPORT (PLOVER 2.0: sign or finalise)"
    return True


# --- checks ----------------------------------------------------------------------------

def recipient_needed(draft: Draft, facts: Facts) -> bool:
    """PLOVER codes cooperation, aid and sanctions only with a recipient (or between
    co-actors)."""
    if draft.type not in NEEDS_TARGET or draft.targets or len(draft.sources) >= 2:
        return False
    draft.dropped = f"{draft.type} with no recipient"
    return True


def consultation_needs_two(draft: Draft, facts: Facts) -> bool:
    """'the Cabinet met': a meeting of one party is no consultation."""
    if draft.type != "CONSULT" or draft.targets or len(draft.sources) >= 2:
        return False
    draft.dropped = "a meeting of one party"
    return True


# --- the learned model ---------------------------------------------------------------

def learned_model_decides(draft: Draft, facts: Facts) -> bool:
    """The event model's probabilities keep the event, drop it (no reported event) or give
    it another type (see `judge.py`); its why gives the probabilities and the features
    that weighed most."""
    if facts.judge is None:
        return False
    verdict = facts.judge(Candidate(
        draft.token, draft.type, draft.trigger.pattern, draft.modality,
        draft.sources[0] if draft.sources else None,
        draft.targets[0] if draft.targets else None))
    if verdict is None:
        return False
    draft.type_why += verdict.note
    if not verdict.keep:
        draft.dropped = "the model: no reported event"
    draft.type = lexicon_plover2_type(verdict.type, draft.token, draft.modality, facts.lexicon)
    return True


def lexicon_plover2_type(type_: str, token: Token, modality: str,
                         lexicon: dict[str, list[Trigger]]) -> str:
    """`plover2_type` with the types the lexicon gives the token's word."""
    return plover2_type(type_, modality, [e.type for e in entries_for(token, lexicon)])


#: Rules that settle the parties, in order; then the modality is read.
PARTY_RULES: tuple[Rule, ...] = (
    assume_countries_of_groups,
    target_the_place_acted_on,
    target_first_actor_after_verb,
    own_forces_are_no_target,
    visit_to_the_place,
    outlets_are_no_sources,
    unidentified_attackers,
    needs_a_source,
)
#: Rules that settle the type, then those that check the event is one PLOVER codes.
TYPE_RULES: tuple[Rule, ...] = (
    act_in_a_condition,
    act_only_asked_for,
    order_is_the_act_ordered,
    verbal_attack_is_an_accusation,
    peacekeepers_bring_aid,
    access_for_people_is_aid,
    refusal_when_negated,
    threat_when_conditional,
    intended_act_as_plover_codes_it,
    agreement_concluded,
    learned_model_decides,
    recipient_needed,
    consultation_needs_two,
)


def apply(rules: Sequence[Rule], draft: Draft, facts: Facts) -> bool:
    """Run rules in order, noting those that apply; False once one drops the draft."""
    for rule in rules:
        if rule(draft, facts):
            draft.rules.append(rule.__name__)
        if draft.dropped:
            return False
    return True


# --- what the rules ask ----------------------------------------------------------------

def domestic_group(actor_id: str) -> str | None:
    """The sector of a group of unknown country that is usually domestic ('XXX-CVL')."""
    sector = unknown_country_sector(actor_id)
    return sector if sector in DOMESTIC_SECTORS else None


def national_country(sources: Iterable[str], country_of: CountryOf) -> str | None:
    """The one country of an event's sources, if they are of one state (not the UN)."""
    countries = {country_of(a) for a in sources} - {None}
    country = countries.pop() if len(countries) == 1 else None
    return None if country in SPECIAL_CODES else country


def _event_subject(token: Token, lexicon: dict[str, list[Trigger]]) -> bool:
    """'A roadside bombing killed ...': the subject is itself an attack, not an actor."""
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in lexicon or c.lemma_.lower() in
                                      words("weapon")) for c in token.children)
