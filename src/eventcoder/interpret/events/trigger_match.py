"""Matching the trigger lexicon on the parse: which entry a word fires, and which words
of its phrase the entry used."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ...knowledge.words import words
from .lexicon import Trigger, entries_for, keys_of

_QUOTES = "\"“”«»"


def phrase_of(token: Token, depth: int = 3) -> list[Token]:
    """The head's phrase without its subject: objects, complements, prepositional objects."""
    out, frontier = [], [token]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj", "punct", "cc"):
                    continue
                out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


def match_trigger(token: Token, lexicon: dict[str, list[Trigger]]) -> tuple[Trigger,
                                                                         list[Token]] | None:
    """The most specific lexicon entry for a token, and the tokens it consumed."""
    candidates = next((found for key in keys_of(token) if (found := lexicon.get(key))), None)
    if not candidates:
        return None
    # "the White House press secretary": a word tagged a verb but used as a modifier
    is_verb = token.pos_ in ("VERB", "AUX") and token.dep_ not in ("compound", "amod", "nmod")
    is_noun = token.pos_ in ("NOUN", "PROPN")
    if not (is_verb or is_noun) or is_noun and _names_a_thing(token, lexicon):
        return None
    children = list(token.children)
    phrase: list[Token] | None = None
    words: set[str] = set()  # the phrase's lemmas and words
    for trigger in candidates:
        if trigger.pos == "VERB" and not is_verb or trigger.pos == "NOUN" and not is_noun:
            continue
        used: list[Token] = []
        if not all(_child_lemma(children, frozenset((w,)), used) for w in trigger.with_head):
            continue
        if trigger.requires:
            if phrase is None:
                phrase = phrase_of(token)
                words = {t.lemma_.lower() for t in phrase} | {t.lower_ for t in phrase}
            # most entries fail here, at a glance, before the careful check below
            if not all(w & words for w in trigger.requires) \
                    or not all(_child_lemma(phrase, w, used) for w in trigger.requires):
                continue
        return trigger, used
    return None


#: Named things whose words are no acts ("the Freedom Order", "the Press Act").
_THING_ENTITIES = frozenset({"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC", "ORG"})


def _names_a_thing(noun: Token, lexicon: dict[str, list[Trigger]]) -> bool:
    """A noun that only modifies an act of its own ('peace talks': the talks are the act),
    or a word of a name ('the Freedom Order')."""
    head = noun.head
    return noun.dep_ == "compound" and head.pos_ == "NOUN" and bool(entries_for(head, lexicon)) \
        or noun.pos_ == "PROPN" and noun.ent_type_ in _THING_ENTITIES


#: Words that make a phrasal verb only as its particle: "give in" but not "gave speeches in
#: May", "back down" but not "down the road".
_PARTICLES = frozenset({"in", "out", "up", "down", "off", "back", "away"})


def _child_lemma(tokens: list[Token], lemmas: frozenset[str], used: list[Token]) -> bool:
    """Whether one of the tokens has one of the lemmas (noting it in `used`)."""
    particle = not lemmas.isdisjoint(_PARTICLES)
    for t in tokens:
        if t.dep_ == "aux" and t.tag_ == "TO":
            continue  # "to protest against": the infinitive's "to", not "protest to X"
        if particle and t.dep_ == "prep" and any(c.dep_ == "pobj" for c in t.children):
            continue
        # "called Morrison on Wednesday": a phrase of time is not the verb's own preposition
        if t.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME")
                                    for c in t.children):
            continue
        if t.lemma_.lower() in lemmas or t.lower_ in lemmas:
            used.append(t)
            return True
    return False


def in_scare_quotes(token: Token) -> bool:
    """'its “assault”': a word in quotes of its own is the outlet's irony, not an event."""
    doc, i = token.doc, token.i
    return (0 < i < len(doc) - 1 and doc[i - 1].text in _QUOTES and doc[i + 1].text in _QUOTES)


def type_of_act(act: Token, lexicon: dict[str, list[Trigger]]) -> tuple[str | None, str]:
    """The type the lexicon gives a word of an act, and the entry: its matching entry, or
    else the one type of all its entries ('the release of two fishermen': every 'release'
    is RETREAT)."""
    match = match_trigger(act, lexicon)
    if match is not None:
        return match[0].type, match[0].pattern
    entries = entries_for(act, lexicon)
    types = {e.type for e in entries}
    return (types.pop(), entries[0].head) if len(types) == 1 else (None, "")


#: Cooperation that, stopped, is a SANCTION, with its mode (CAMEO 162 'reduce or stop aid',
#: 164-165 'halt negotiations, mediation' -> PLOVER SANCTION discontinue / withdraw).
STOPPED = {"AID": "discontinue", "COOPERATE": "discontinue", "CONSULT": "withdraw"}
#: Restrictions that, lifted or eased, are a CONCEDE (PLOVER 2.0: easing sanctions, a
#: curfew, a blockade, a state of emergency).
EASED = frozenset({"COERCE", "SANCTION"})


def stopped_or_eased(token: Token, lexicon: dict[str, list[Trigger]]) -> tuple[
        Trigger, list[Token]] | None:
    """'suspended food supplies to Armenia', 'ended mediation efforts': a verb of stopping
    whose object is cooperation, where no lexicon entry reads the pair, is a SANCTION;
    'lifted a blockade', 'shortened the curfew': a verb of stopping or easing whose object
    is a restriction is a CONCEDE."""
    lemma = token.lemma_.lower()
    stops, eases = lemma in words("stop"), lemma in words("ease")
    if token.pos_ not in ("VERB", "NOUN") or not (stops or eases):
        return None
    # a verb's object, or a noun's 'of' phrase ("a suspension of aid to Egypt")
    objects = [c for c in token.children if c.dep_ == "dobj"] if token.pos_ == "VERB" else [
        o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children if o.dep_ == "pobj"]
    wanted = (set(STOPPED) if stops else set()) | (EASED if token.pos_ == "VERB" else set())
    for obj in (o for c in objects for o in (c, *c.conjuncts)):
        type_, entry = type_of_act(obj, lexicon)
        # "mediation efforts": the act may be the object's modifier
        if type_ not in wanted:
            modifiers = [c for c in obj.children if c.dep_ in ("compound", "amod")]
            found = [(m, *type_of_act(m, lexicon)) for m in modifiers]
            found = [f for f in found if f[1] in wanted]
            if not found:
                continue
            obj, type_, entry = found[0]
        assert type_ is not None
        if type_ in STOPPED:
            new_type, mode, rule = "SANCTION", STOPPED[type_], f"rule: {type_} stopped"
        else:
            new_type, mode, rule = "CONCEDE", None, f"rule: {type_} eased"
        trigger = Trigger(lemma, token.pos_, (), (), new_type, mode, (), rule,
                          f"{lemma} + {entry}")
        return trigger, [obj]
    return None


#: Verbs whose object, when it is people, is a RETREAT/release ('released 19 Christians');
#: a statement or a report released is none.
RELEASE_VERBS = frozenset({"release"})


def released_people(token: Token, actor_of: Callable[[Token], str | None]) -> tuple[
        Trigger, list[Token]] | None:
    """'the group released at least 19 Christians', 'Boudou was released by a court': a
    verb of release whose object (or passive subject) names people, a person or a group,
    where no lexicon entry reads the pair."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in RELEASE_VERBS:
        return None
    for obj in (c for c in token.children if c.dep_ in ("dobj", "nsubjpass")):
        actor = actor_of(obj)
        if actor is not None and is_people(actor):
            return Trigger(token.lemma_.lower(), "VERB", (), (), "RETREAT", "release", (),
                           "rule: people released", "release + <people>"), [obj]
    return None


def is_people(actor_id: str) -> bool:
    """A person, or a group of people of a kind ('AFG-CVL', 'XXX-REB'); not a state, an
    organisation or an outlet."""
    if actor_id.startswith("person:"):
        return True
    country, _, sector = actor_id.partition("-")
    return ":" not in actor_id and len(country) == 3 and bool(sector)


#: Verbs of coming that are an AID when peacekeepers come ('peacekeepers arrived in Juba').
ARRIVAL_VERBS = frozenset({"arrive"})


def about_peacekeeping(token: Token) -> bool:
    """Does the clause of a word speak of peacekeeping ('peacekeepers', 'a peacekeeping
    mission')? The clause is the word's own, or for a noun its verb's."""
    clause = token
    while clause.pos_ not in ("VERB", "AUX") and clause.head is not clause:
        clause = clause.head
    return any(t.lemma_.lower() in words("peacekeeping") for t in clause.subtree)


def arriving_peacekeepers(token: Token) -> tuple[Trigger, list[Token]] | None:
    """'NATO peacekeeping troops arrived in Bosnia': peacekeepers that arrive are an AID of
    those who sent them to where they arrive (PLOVER 2.0 AID: peacekeeping)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in ARRIVAL_VERBS:
        return None
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if not any(t.lemma_.lower() in words("peacekeeping") for s in subjects for t in s.subtree):
        return None
    return Trigger(token.lemma_.lower(), "VERB", (), (), "AID", None, ("peacekeeping",),
                   "rule: peacekeepers arrive", "arrive + <peacekeepers>"), []


def phone_call(token: Token, actor_of: Callable[[Token], str | None]) -> tuple[
        Trigger, list[Token]] | None:
    """'Tillerson called Lavrov to discuss Syria', 'called Erdogan on Friday to convey
    Pakistan's support': calling someone (not calling on them, or for something) to do
    something is a phone call, a CONSULT; what it was for is an act of its own."""
    if token.pos_ != "VERB" or token.lemma_.lower() != "call" \
            or any(c.dep_ == "prt" for c in token.children):  # 'call off', 'call up'
        return None
    called = [c for c in token.children if c.dep_ in ("dobj", "oprd") and actor_of(c)]
    purpose = [c for c in token.children if c.dep_ in ("xcomp", "advcl")
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if not called or not purpose:
        return None
    return Trigger("call", "VERB", (), (), "CONSULT", PHONE, ("diplomatic",),
                   "rule: someone called", "call + <actor> + to <act>"), [called[0]]


#: The mode of a phone call, whose purpose clause is an act of its own, not its content.
PHONE = "phone"
