"""PLOVER events: a lexicon trigger, its source and target actors from the parse, and the
event's modality, date, place, sources and intensity. Every event says why it exists.

For each trigger the coder finds the parties (`parties.py`), the place and date
(`setting.py`), runs the party rules, reads the modality, runs the typing rules
(`rules.py`), and makes one event per source and target; repeats are then told once
(`dedupe.py`).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ...annotate import tokens_of
from ...knowledge.words import words
from ...model import Event
from ..attribution import chain_at
from ..attribution.lexicon import load_lexicon as load_cue_lexicon
from .arguments import Background, background_clause
from .article_index import ArticleIndex, EventContext
from .dedupe import deduplicate
from .judge import KNOWN_WORD, PROPOSED, Candidate
from .lexicon import Trigger, entries_for, keys_of, load_scores, load_triggers, word_start
from .modality import modality_of
from .parties import Parties
from .rules import PARTY_RULES, TYPE_RULES, Draft, Facts, apply, lexicon_plover2_type
from .setting import date_of, news_time, place_of
from .trigger_match import (
    ARRIVAL_VERBS,
    PHONE,
    arriving_peacekeepers,
    in_scare_quotes,
    match_trigger,
    phone_call,
    phrase_of,
    released_people,
    stopped_or_eased,
)

#: A trigger's clause children that are its content, not events of their own.
_CONTENT_DEPS = ("xcomp", "ccomp", "acl")


def _content_of(trigger: Token) -> list[Token]:
    """The clauses a trigger governs, which are its content, not events of their own
    ("threatened to ban", "demanded that Israel ease restrictions"), with the clauses
    joined to them ("urged Peru to free the hostages and withdraw its troops")."""
    clauses = [c for c in trigger.children if c.dep_ in _CONTENT_DEPS or _for_to(c)]
    return [t for c in clauses for t in (c, *c.conjuncts)]


def _for_to(clause: Token) -> bool:
    """'called for Peru to withdraw': a 'for ... to' clause, which the parse hangs on the
    verb as an adverbial clause, is a complement."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for"
                                          for c in clause.children) \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


class _EventFinder:
    """Finds the events of one article."""

    def __init__(self, ctx: EventContext, lexicon: dict[str, list[Trigger]]) -> None:
        self.ctx, self.lexicon = ctx, lexicon
        self.index = ArticleIndex(ctx)
        self.parties = Parties(self.index, lexicon)
        #: triggers that gave events
        self.coded: set[int] = set()
        self.facts = Facts(country_of=self.index.country_of, actor_of=self.index.actor_of,
                           sector_of=self.index.sector_of,
                           lexicon=lexicon,
                           actor_after=self.parties.after_trigger, judge=ctx.judge)

    def code(self) -> list[Event]:
        doc, events = self.ctx.doc, []
        consumed: set[int] = set()
        triggered = self.parties.triggered
        lexicon = self.lexicon
        acting_on_acts = words("stop") | words("ease") | ARRIVAL_VERBS
        tokens = tokens_of(doc)
        after_dash = {t.i + 1 for t in tokens if t.text == "-"}  # "cease-fire"
        candidates = [t for t in tokens
                      if ((lemma := t.lemma_.lower()) in lexicon or t.lower_ in lexicon
                          or lemma in acting_on_acts
                          or t.i in after_dash and keys_of(t)[0] in lexicon)
                      and t.ent_type_ not in ("DATE", "TIME")]  # "last March"
        # heads before their dependents, so "impose sanctions" consumes "sanctions"
        order = sorted(candidates, key=lambda t: (len(list(t.ancestors)), t.i))
        for token in order:
            if token.i in consumed or token.i in self.index.actor_by_token \
                    or self._describes(token):
                continue
            match = match_trigger(token, lexicon) or stopped_or_eased(token, lexicon) \
                or released_people(token, self.index.actor_of) \
                or arriving_peacekeepers(token) or phone_call(token, self.index.actor_of)
            if match is None or in_scare_quotes(token):
                continue
            background = background_clause(token)
            news = self._news(background)
            if background and not news:
                continue
            trigger, used = match
            consumed.update(t.i for t in used)
            # and so is the clause of a word the entry required ("renewed its call for
            # Peru to withdraw": the clause hangs from "call"); what a phone call was
            # for ("called Erdogan to convey support") is an act of its own
            own_acts = trigger.mode == PHONE
            if not own_acts:
                consumed.update(t.i for head in (token, *used) for t in _content_of(head))
            found = self._events_for(token, trigger, news)
            if found:
                self.coded.add(token.i)
            events += found
            if own_acts:  # a phone call's purpose keeps the caller as its subject
                consumed.add(token.i)
            else:
                self.parties.in_trigger_phrase.update(t.i for t in phrase_of(token))
                triggered.add(token.i)
        if self.facts.judge is not None:
            for token in self._unread_verbs(consumed | triggered):
                events += self._proposed(token)
        return deduplicate(events, self.ctx.body_start)

    def _unread_verbs(self, taken: set[int]) -> list[Token]:
        """The main verbs of sentences that no trigger read, for the model to propose: the
        root, or for a root of speech ('officials said') the verbs of what was said; not a
        verb that frames an event already coded ('plans to impose restrictions')."""
        cues = load_cue_lexicon()
        verbs = []
        for sent in self.index.sents:
            root = sent.root
            heads = [root]
            if cues.is_speech(root.lemma_.lower()):
                heads = [c for c in root.children if c.dep_ == "ccomp"]
            verbs += [v for v in heads if v.pos_ == "VERB" and v.i not in taken
                      and not any(c.i in self.coded for c in _content_of(v))
                      and not self._in_background(v)]
        return verbs

    def _proposed(self, token: Token) -> list[Event]:
        """An event the model proposes where the lexicon has no trigger: the verb's
        parties as the rules find them, the type the model gives."""
        assert self.facts.judge is not None
        blank = Trigger(token.lemma_.lower(), "VERB", (), (), "", None, (), PROPOSED, "")
        sources, targets, parties_why = self.parties.arguments(token, blank)
        # a verb no lexicon reads is proposed only where it links two actors and acts on
        # something ('returned the paintings to Italy', not 'was returning to Cairo')
        if not sources or not targets or not any(c.dep_ == "dobj" for c in token.children):
            return []
        modality, modality_why = modality_of(token)
        # a word the lexicon knows in other phrases ('release + prisoner'), for the model
        known = bool(entries_for(token, self.lexicon))
        verdict = self.facts.judge(Candidate(token, PROPOSED, KNOWN_WORD if known else "",
                                             modality, sources[0], targets[0]))
        if verdict is None or not verdict.keep:
            return []
        type_ = lexicon_plover2_type(verdict.type, token, modality, self.lexicon)
        trigger = replace(blank, type=type_, pattern=blank.head)
        draft = Draft(token, trigger, sources, targets, place_of(self.index, token),
                      parties_why, type_why=verdict.note)
        if not apply(PARTY_RULES, draft, self.facts):
            return []
        draft.modality, draft.modality_why = modality, modality_why
        draft.rules.append("proposed_by_the_model")
        if not apply(TYPE_RULES, draft, replace(self.facts, judge=None)):
            return []
        return self._events(draft)

    def _news(self, background: Background | None) -> str | None:
        """Why an event in a clause of time is news, not background: the clause is dated
        to the article's days ('after troops shelled villages on Tuesday')."""
        if background is None or background.time_mark is None:
            return None
        when = news_time(self.index, background.clause, self.ctx.published)
        return None if when is None else (
            f"'{background.time_mark}' clause of the article's days ('{when}'): news")

    def _in_background(self, token: Token) -> bool:
        background = background_clause(token)
        return background is not None and not self._news(background)

    def _describes(self, token: Token) -> bool:
        """'the press secretary Josh Earnest', 'aid workers': a noun that only says what
        kind of people an actor is, in a compound naming them, is no event."""
        current = token
        while current.dep_ == "compound" and current.pos_ in ("NOUN", "PROPN", "VERB"):
            current = current.head
            if current.i in self.index.actor_by_token:
                return True
        return False

    def _events_for(self, token: Token, trigger: Trigger, news: str | None) -> list[Event]:
        sources, targets, parties_why = self.parties.arguments(token, trigger)
        draft = Draft(token, trigger, sources, targets, place_of(self.index, token),
                      parties_why)
        if news:
            draft.setting_why += f"; {news}"
            draft.rules.append("time_clause_of_the_articles_days")
        if not apply(PARTY_RULES, draft, self.facts):
            return []
        draft.modality, draft.modality_why = modality_of(token)
        if not apply(TYPE_RULES, draft, self.facts):
            return []
        return self._events(draft)

    def _events(self, draft: Draft) -> list[Event]:
        """One event per source and target of a draft the rules kept."""
        token, trigger, index = draft.token, draft.trigger, self.index
        sent = index.sents[index.sent_of[token.i]]
        trigger_span = index.span(word_start(token), token.idx + len(token))
        when = date_of(index, token, self.ctx.published)
        chain = chain_at(self.ctx.statements, trigger_span.start, trigger_span.end,
                         self.ctx.root)
        hedges = [h for h in self.ctx.hedges if sent.start_char <= h.start < sent.end_char]
        found = f"lexicon '{trigger.pattern}'" if trigger.source != PROPOSED else "the model"
        why = (f"trigger '{token.text}' = {found} -> {trigger.type}"
               f"{'/' + trigger.mode if trigger.mode else ''} ({trigger.source}); "
               f"{draft.parties_why}{draft.setting_why}"
               + (f"; modality {draft.modality}: {draft.modality_why}"
                  if draft.modality_why else "") + draft.type_why)
        place, mode = draft.place, draft.mode
        events = []
        targets: list[str | None] = [*draft.targets] or [None]
        for source in draft.sources:
            for target in targets:
                if target == source:
                    continue
                events.append(Event(
                    id="", type=draft.type, mode=mode, context=list(trigger.context),
                    source=source, target=target, trigger=trigger_span,
                    sentence=index.span(sent.start_char, sent.end_char),
                    modality=draft.modality, attributed_to=list(chain), hedges=hedges,
                    intensity=load_scores()(draft.type, mode), why=why,
                    rules=list(draft.rules), date=when.value,
                    date_alternatives=when.alternatives, date_span=when.span,
                    date_fallback=when.fallback,
                    place=place.text if place else None, place_span=place.span if place else None,
                ))
        return events


def find_events(ctx: EventContext, lexicon: dict[str, list[Trigger]] | None = None) -> list[
        Event]:
    """All events of one article."""
    return _EventFinder(ctx, lexicon if lexicon is not None else load_triggers()).code()
