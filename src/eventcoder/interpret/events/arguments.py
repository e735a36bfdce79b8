"""Who did it to whom: source and target actors of a trigger, read off the parse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from ...actor_ids import of_unknown_country
from ...knowledge.words import words
from ..attribution.lexicon import load_lexicon as load_cue_lexicon

_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
#: Prepositions whose object is the one acted upon: "talks with", "sanctions against".
TARGET_PREPS = frozenset(
    ["with", "against", "to", "on", "toward", "towards", "at", "into", "upon", "over", "for",
     "from", "of", "between"]
)
#: Prepositions that give a noun event as background, not as the subject's own act.
BACKGROUND_PREPS = frozenset(
    ["because", "after", "amid", "following", "despite", "during", "before", "since", "over",
     "of"])
#: Subordinators of clauses of time: the setting of the reported event, not news of their
#: own ("after the ministry claimed ...", "before the fighters disarm"), unless they tell
#: of the article's days (see `setting.news_time`).
TIME_MARKS = frozenset(
    ["after", "before", "since", "as", "when", "while", "until", "till", "once"])
#: Subordinators of clauses that give the setting of the reported event.
BACKGROUND_MARKS = TIME_MARKS | {"because", "although", "though", "whereas"}
#: How far up a chain of complements ("wants to start to ...") a subject is looked for.
_MAX_CLIMB = 4

ActorOf = Callable[[Token], str | None]


def with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def actors_of(tokens: list[Token], actor_of: ActorOf) -> list[str]:
    out: list[str] = []
    for token in tokens:
        for t in with_conjuncts(token):
            actor = _of_whom(t, actor_of) or actor_of(t) or actor_of(_counted(t))
            if actor and actor not in out:
                out.append(actor)
            # "Greek and Turkish negotiators": the second modifier is an actor of its own
            for modifier in t.children:
                if modifier.dep_ in ("amod", "compound", "nmod"):
                    for twin in modifier.conjuncts:
                        other = actor_of(twin)
                        if other and other not in out and actor:
                            out.append(other)
    return out


def owners(tokens: list[Token], actor_of: ActorOf) -> list[str]:
    """'the al-Shabaab network', 'the Sudanese and Chadian sides', 'a member of parliament,
    Jane Doe,': nouns that name no actor themselves stand for the actor they name in
    apposition, else the actors their nearest modifier names (with its conjuncts)."""
    out: list[str] = []
    for token in tokens:
        # "the UN Support Mission": a name that is no actor stands for the one it names
        if token.pos_ not in ("NOUN", "PROPN") or actor_of(token):
            continue
        appositions = [c for c in token.children if c.dep_ == "appos" and actor_of(c)]
        modifiers = sorted((c for c in token.children if c.dep_ in (
            "compound", "poss", "amod", "nmod") and actor_of(c)), key=lambda c: -c.i)
        named = appositions[:1] or modifiers[:1]
        for t in named and with_conjuncts(named[0]):
            actor = actor_of(t)
            if actor and actor not in out:
                out.append(actor)
    return out


def _of_whom(token: Token, actor_of: ActorOf) -> str | None:
    """'leaders of the Syrian opposition', 'officials of the Red Cross': people named by
    whom they act for stand for them."""
    if token.lemma_.lower() not in words("member") and token.lower_ not in words("member"):
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                actor = actor_of(obj) if obj.dep_ == "pobj" else None
                if actor and not of_unknown_country(actor):
                    return actor
    return None


def _counted(token: Token) -> Token:
    """'Thousands of students', 'a group of refugees': the people counted."""
    for _ in range(3):
        if not (token.like_num or token.lemma_.lower() in words("quantity")):
            break
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if not objects:
            break
        token = objects[0]
    return token


def subject_of(verb: Token) -> tuple[list[Token], bool, str]:
    """The subject tokens of a verb, whether the verb is passive, and how they were found.
    Climbs complement chains ('wants to ease') and shares subjects across conjoined verbs."""
    current, how = verb, "subject"
    for _ in range(_MAX_CLIMB):
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS]
        passive = [c for c in current.children if c.dep_ in _PASSIVE_SUBJECTS]
        # "the Red Crescent working in Yemen said": a participle taken for the subject
        subjects = [next((c for c in t.children if c.dep_ == "nsubj"), t)
                    if t.pos_ == "VERB" else t for t in subjects]
        if subjects or passive:
            is_passive = bool(passive) and not subjects
            if current is not verb:
                # "was indicted ... and will resign": the verb's own voice counts
                is_passive = any(c.dep_ == "auxpass" for c in verb.children)
            return subjects or passive, is_passive, how
        if current.dep_ in ("xcomp", "conj", "acomp") and current.head is not current:
            how = f"subject of '{current.head.text}'"
            current = current.head
            continue
        if current.dep_ in ("relcl", "acl") and current.head is not current:
            return [current.head], current.tag_ == "VBN", f"noun modified by '{current.text}'"
        break
    return [], False, how


#: Links up which a trigger without a subject of its own shares the subject of the clause
#: that governs it: its objects and phrases, participles, purpose clauses ("Denmark
#: announced a suspension of aid", "sent a letter threatening to ...", "reiterated its
#: commitment to supporting ..."). Not a reported clause (ccomp), which has its own agent,
#: nor a subject phrase or a relative clause.
_SHARED_SUBJECT_LINKS = frozenset(
    ["xcomp", "advcl", "acl", "dobj", "pobj", "prep", "pcomp", "compound", "conj", "amod",
     "attr", "oprd", "nmod", "appos", "dative"])


def governing_subject(token: Token, actor_of: ActorOf,
                      is_event: Callable[[Token], bool]) -> tuple[list[str], str]:
    """The actors that are subject of the nearest clause governing a trigger that has no
    source of its own, through objects, phrases, participles and purpose clauses; none
    across a reported clause, a clause of time, cause or condition, or a passive verb,
    and none under a word that `is_event` already: the trigger then tells more of that
    event ("staged rallies demanding reforms", "agreed to a ceasefire")."""
    current = token
    for _ in range(_MAX_CLIMB + 2):
        if current is not token and is_event(current):
            return [], ""
        # a complement clause with no subject of its own is one too ("let free 74 leaders"),
        # but not what someone said ("said ... captured Saddam Hussein has refused")
        bare_clause = current.dep_ == "ccomp" and not any(
            c.dep_ in (*_SUBJECTS, *_PASSIVE_SUBJECTS, "expl") for c in current.children) \
            and not load_cue_lexicon().is_speech(current.head.lemma_.lower())
        if current.dep_ not in _SHARED_SUBJECT_LINKS and not bare_clause \
                or current.head.i == current.i:
            return [], ""
        if current.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in (
                BACKGROUND_MARKS | {"if", "unless"}) for c in current.children):
            return [], ""
        current = current.head
        if current.dep_ == "prep" and current.lower_ in BACKGROUND_PREPS - {"of"}:
            return [], ""  # "agreed to a truce after days of fighting"
        if current.pos_ in ("VERB", "AUX"):
            if is_event(current) or any(is_event(c) for c in objects_of(current)) \
                    or current.lemma_.lower() in words("acts_on"):  # "died of torture"
                return [], ""
            subjects, passive, how = subject_of(current)
            if subjects:
                if passive:
                    return [], ""
                return actors_of(subjects, actor_of), f"{how} of governing '{current.text}'"
    return [], ""


def agent_of(verb: Token) -> list[Token]:
    """'by X' of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            return [c for c in child.children if c.dep_ == "pobj"]
    return []


def prep_objects(token: Token, preps: frozenset[str] = TARGET_PREPS) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            out += [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "dative" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(child)
    return out


def objects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj", "iobj", "attr", "oprd")]


def first_actor_in(token: Token, actor_of: ActorOf, skip: set[str],
                   known: Callable[[str], bool]) -> tuple[str | None, str]:
    """The first actor named inside a phrase ('an end to the war waged by Putin'); one of
    known country before one of unknown country ('artillery fire against Kampuchean
    camps')."""
    fallback: tuple[str | None, str] = (None, "")
    for t in sorted(token.subtree, key=lambda t: t.i):
        actor = actor_of(t)
        if actor and actor not in skip:
            if known(actor):
                return actor, f"inside '{token.text}' phrase: '{t.text}'"
            if fallback[0] is None:
                fallback = (actor, f"inside '{token.text}' phrase: '{t.text}'")
    return fallback


def in_background(noun: Token) -> bool:
    """Is a noun event the background of the sentence ('after the invasion', 'during
    a summit', 'because of fighting'), not an event the sentence reports?"""
    head = noun
    for _ in range(3):
        if head.dep_ == "pobj" and head.head.lower_ in BACKGROUND_PREPS - {"of", "over"}:
            return True
        if head.dep_ == "pobj" and head.head.dep_ == "pcomp":  # "because of"
            return head.head.head.lower_ in BACKGROUND_PREPS
        if head.dep_ not in ("pobj", "compound", "conj") or head.head is head:
            return False
        head = head.head
    return False


@dataclass(frozen=True)
class Background:
    """The clause that makes an event background: its head, why, and for a clause of time
    its subordinator ('after')."""

    clause: Token
    why: str
    time_mark: str | None = None


def background_clause(token: Token) -> Background | None:
    """The clause that makes an event background, if any: a relative clause or participle
    about one of the participants ("the envoy, whom Minsk expelled last year", "rebels
    fighting the government"), or an adverbial clause of time or cause ("after officials
    alleged ...")."""
    current = token
    while current.dep_ != "ROOT" and current.head.i != current.i:
        if current.dep_ == "relcl":
            return Background(current, f"relative clause '{current.text}'")
        if current.dep_ == "acl" and current.tag_ in ("VBG", "VBN"):
            return Background(current,
                              f"participle '{current.text}' describing '{current.head.text}'")
        if current.dep_ == "advcl":
            # "when" is parsed as an adverb of its clause, not as its subordinator
            mark = next((c for c in current.children if c.lower_ in BACKGROUND_MARKS and (
                c.dep_ == "mark" or c.dep_ == "advmod" and c.lower_ == "when")), None)
            if mark is not None:
                return Background(current, f"'{mark.text}' clause",
                                  mark.lower_ if mark.lower_ in TIME_MARKS else None)
        current = current.head
    return None


def from_whom(noun: Token) -> list[Token]:
    """The objects of a noun's 'from' phrase ('pressure from Washington')."""
    return [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
            for o in c.children if o.dep_ == "pobj"]


def nominal_source(noun: Token, actor_of: ActorOf,
                   explicit_only: bool = False) -> tuple[list[str], str]:
    """'Russia's invasion', 'U.S. sanctions', 'attacks by X', or else (unless
    `explicit_only`) the subject of the verb that governs the noun ('Minsk decided to start
    negotiations')."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and actor_of(child):
            return actors_of([child], actor_of), f"'{child.text}' before '{noun.text}'"
    agents = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
    # "a march staged by students": the agent of the participle that describes the noun
    agents += [a for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
               for a in c.children if a.dep_ == "agent"]
    for prep in agents:
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if objs and actors_of(objs, actor_of):
            return actors_of(objs, actor_of), f"'by {objs[0].text}'"
    # "under pressure from Washington", "criticism from Moscow": whom it comes from
    objs = from_whom(noun)
    if objs and actors_of(objs, actor_of):
        return actors_of(objs, actor_of), f"'from {objs[0].text}'"
    if explicit_only:
        return [], ""
    head = noun.head
    steps = 0
    while head is not head.head and head.pos_ not in ("VERB", "AUX") and steps < 3:
        if head.dep_ == "prep" and head.lower_ in BACKGROUND_PREPS or head.lower_ in \
                BACKGROUND_PREPS:
            return [], ""  # "shut the border because of fighting": not their fighting
        head, steps = head.head, steps + 1
    # "the students staged a march": the subject of a verb that carries out the act, not
    # of one that acts on it ("the police stopped the march")
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in words("acts_on"):
        subjects, passive, how = subject_of(head)
        if subjects and not passive:
            return actors_of(subjects, actor_of), f"{how} of '{head.text}'"
    return [], ""
