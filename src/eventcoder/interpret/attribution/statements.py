"""Attribution: who says so.

`find_statements` reads a parsed document and returns `Statement` records:

- `direct`: a quotation with its cue ("...," the minister said); pieces split by the cue are
  separate content spans. A quotation standing alone with no cue around it is kept as
  `direct` with no source and speaker None: the speaker is never guessed from nearby names.
- `reported`: a speech, thought, stance or intention verb from the cue lexicon with its
  subject as source and its clause, object or prepositional object as content (a main
  verb with none of these, "Sorry, she said.", takes the rest of its sentence). A cue verb
  inside the clause of another ("said he believes ...") or completing one ("seemed to
  blame", "responded by saying") is part of the outer statement, not one of its own.
  Light-verb phrases ("made it clear that", "took issue with") and noun, adjective and
  adverb cues give `reported` statements too.
- `according_to`: "according to X", content the rest of the sentence.
- `source_only`: "As journalists managed to find out, ...". Such a frame covers the rest of
  its sentence and paragraph and the following paragraphs up to the next one holding
  another frame or a quotation (at most `FRAME_PARAGRAPHS`): reporters' findings are usually told
  over several paragraphs. "According to" frames cover their sentence only.

Each statement's `chain` is the given root, then the chains of the statements whose
content encloses it, then its own source: "Reuters reported that officials said" gives
Reuters -> officials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokSpan

from ...annotate import text_of, tokens_of
from ...model import Mention, Source, SourceKind, Span, Statement, StatementKind
from .lexicon import Lexicon, load_lexicon, phrase_matches
from .quotes import QUOTE_CHARS, Quote, find_quotes, paragraphs

FRAME_PARAGRAPHS = 2
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents dropped from the end of a source phrase: "Smith, who ..." -> "Smith".
SOURCE_CUT_DEPS = frozenset({"relcl", "appos", "acl", "punct", "advcl", "cc", "conj_end"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
FIRST_SECOND = frozenset({"i", "we", "you"})
# Between a quotation and its cue clause only punctuation and dashes may stand.
_GAP_BEFORE = re.compile(r"^[\s,;:—–-]*$")
_GAP_AFTER = re.compile(r"^[^.!?\"“”]{0,60}[,:]\s*$|^\s*$")
_TRAILING = ".,;:!? \t\n—–-"


@dataclass
class _Draft:
    kind: StatementKind
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    why: str
    head: Token | None = None  # token naming the source, for mention lookup
    hedges: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Ctx:
    """What every rule reads, computed once per document: `doc.text` and `token.sent`
    rebuild their answer on each call, so the text, tokens, lemmas and sentences are
    taken here in one pass."""

    doc: Doc
    text: str
    toks: list[Token]
    lemmas: list[str]
    sents: list[TokSpan]
    sent_of: list[int]  # token index -> index in sents
    quotes: list[Quote]
    inside: set[int]  # character offsets inside quotations

    @classmethod
    def of(cls, doc: Doc) -> _Ctx:
        """The context of a document, made once (statements and hedges both read it)."""
        cached = doc.user_data.get("eventcoder.attribution")
        if cached is None:
            cached = doc.user_data["eventcoder.attribution"] = cls._make(doc)
        return cached

    @classmethod
    def _make(cls, doc: Doc) -> _Ctx:
        text = text_of(doc)
        toks = list(tokens_of(doc))
        sents = list(doc.sents)
        sent_of = [0] * len(toks)
        for n, sent in enumerate(sents):
            sent_of[sent.start:sent.end] = [n] * (sent.end - sent.start)
        quotes = find_quotes(text)
        return cls(doc, text, toks, [t.lemma_.lower() for t in toks], sents, sent_of,
                   quotes, _quoted_chars(quotes))

    def sent(self, i: int) -> TokSpan:
        return self.sents[self.sent_of[i]]


# ---------------------------------------------------------------------------- helpers

def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace and trailing punctuation, but keep a closing quote mark."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _span_of(tokens: Sequence[Token] | TokSpan) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def _source_phrase(head: Token) -> tuple[int, int]:
    """The noun phrase of `head` without trailing relative clauses and appositions."""
    end_tok = head
    for child in head.rights:
        if child.dep_ in SOURCE_CUT_DEPS:
            break
        end_tok = child.right_edge
    start_tok = head.left_edge
    for child in head.lefts:
        start_tok = child.left_edge
        break
    return start_tok.idx, end_tok.idx + len(end_tok)


def _subject(verb: Token) -> Token | None:
    """The speaker-like subject of a cue verb, inherited through conjunctions and
    control verbs, and resolved through relative pronouns."""
    tok = verb
    for _ in range(4):
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS), None)
        if subj is not None:
            if subj.dep_ == "nsubjpass" and verb.lemma_ not in ("ask", "quote"):
                return None
            if subj.lower_ in RELATIVE and tok.dep_ == "relcl":
                return tok.head
            return subj if subj.dep_ != "csubj" else None
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head is not tok:
            tok = tok.head
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.head
        return None
    return None


def _complement(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)


# ---------------------------------------------------------------------------- quotations

def _attached_quotes(text: str, quotes: Sequence[Quote], sent: TokSpan,
                     clause: tuple[int, int]) -> list[Quote]:
    """Quotations introduced by the cue clause: one right before it, one right after it,
    and a quotation opening the next sentence after a closing one before the cue."""
    before = next((q for q in quotes if q.end <= clause[0]
                   and q.end >= sent.start_char - 1
                   and _GAP_BEFORE.match(text[q.end:clause[0]])), None)
    after = next((q for q in quotes if q.start >= clause[1] and q.start < sent.end_char + 2
                  and _GAP_AFTER.match(text[clause[1]:q.start])), None)
    found = [q for q in (before, after) if q is not None]
    if before is not None and after is None:
        rest = text[sent.end_char:]
        nxt = sent.end_char + (len(rest) - len(rest.lstrip(" \t")))
        follow = next((q for q in quotes if q.start == nxt), None)
        if follow is not None and before.end < sent.end_char:
            found.append(follow)
    return found


# ---------------------------------------------------------------------------- verb cues

# Kinds kept when the cue is itself embedded in another clause with a pronoun or no
# subject ("he said he believes ..."): there the embedded verb mostly restates the outer
# speaker. Intentions are kept so that "added that he wants to ..." stays a statement.
EMBEDDED_KINDS = frozenset({"speech", "intent"})


def _embedded_ok(tok: Token, kind: str) -> bool:
    if tok.dep_ not in ("ccomp", "xcomp", "pcomp", "csubj"):
        return True
    subj = _subject(tok)
    if subj is not None and subj.pos_ not in ("PRON", "DET") and subj.lower_ not in RELATIVE:
        return True
    if tok.dep_ == "ccomp":
        return kind in EMBEDDED_KINDS
    return tok.dep_ == "pcomp" and subj is None and kind in ("speech", "stance")


def _entry(tok: Token, lex: Lexicon, lemma: str | None = None) -> tuple[str, str] | None:
    lemma = tok.lemma_.lower() if lemma is None else lemma
    entry = lex.verbs.get(lemma)
    if entry is None and tok.lower_.startswith(lemma + "e"):
        # The tagger's lemma sometimes loses a final e ("hopes" -> "hop").
        entry = lex.verbs.get(lemma + "e")
    return entry


HEDGING_MODALS = frozenset({"may", "might"})


def _named_main(tok: Token) -> bool:
    """Main verb with a noun or name as subject and an object or clause."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return (tok.dep_ in ("ROOT", "conj", "advcl", "parataxis")
            and subj is not None and subj.pos_ in ("PROPN", "NOUN")
            and any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children))


def _predicative(tok: Token) -> bool:
    """Active use: "called him a liar", "calling for talks", not the naming participle
    "a band called X" nor the passive "what is called X"."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return False
    return not any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _nested(tok: Token, kind: str, lex: Lexicon) -> bool:
    """A cue verb in the clause of another cue verb: "said he believes ...", "told them
    he supports ...". The outer verb is the attribution; the inner one mostly restates
    what was said. Two kinds stay: an intention introduced by "that" ("added that he
    wants to ..."), the speaker's own stated aim; and a named source inside a news
    report ("the agency reported that officials said ..."), a layer of the source chain."""
    outer = tok.head
    if tok.dep_ != "ccomp" or outer.pos_ not in ("VERB", "AUX") or _entry(outer, lex) is None:
        return False
    if kind == "intent" and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
        return False
    subj = _subject(tok)
    if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
        reporter = _subject(outer)
        return not (outer.lemma_.lower() == "report" or (
            reporter is not None and reporter.lemma_.lower() in lex.outlet_words))
    return True


def _verb_ok(tok: Token, kind: str, rule: str) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
        return False
    if not _embedded_ok(tok, kind):
        return False
    if kind == "intent" and (tok.dep_ == "relcl" or any(
            c.dep_ == "aux" and c.lower_ in HEDGING_MODALS for c in tok.children)):
        return False  # "voters who want ...", "investors may want to ..."
    if rule in ("any", "quote", "pred"):
        return True
    if rule == "named":
        return _named_main(tok)
    if rule == "pred":
        return _predicative(tok)
    comp = _complement(tok)
    if comp is None:
        return False
    if rule == "comp3":
        subj = _subject(tok)
        return subj is None or subj.lower_ not in FIRST_SECOND
    return True


def _cue_clause(verb: Token, subj: Token | None) -> tuple[int, int]:
    toks = [verb, *(c for c in verb.children if c.dep_ in ("aux", "neg", "advmod", "prt")
                    and abs(c.i - verb.i) <= 2)]
    if subj is not None and abs(subj.i - verb.i) <= 8:
        s0, s1 = _source_phrase(subj)
        lo = min(s0, *(t.idx for t in toks))
        hi = max(s1, *(t.idx + len(t) for t in toks))
        return lo, hi
    return min(t.idx for t in toks), max(t.idx + len(t) for t in toks)


def _reported_content(verb: Token, text: str) -> tuple[list[tuple[int, int]], Token | None]:
    """Content of a reported-speech cue and the preposition joined to the cue, if any."""
    comp = _complement(verb)
    if comp is not None:
        return [_subtree(comp)], None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")), None)
    if obj is not None:
        return [_subtree(obj)], None
    if _as_clause(verb):
        # "As X noted, Y": the clause the "as" clause is attached to.
        hs, he = _subtree(verb.head)
        vs, ve = _subtree(verb)
        return [(hs, vs), (ve, he)], None
    if _parenthetical(verb):
        # "Y, X said" or "Y, X said, Z": the head clause around the cue clause.
        hs, he = _subtree(verb.head)
        vs, ve = _subtree(verb)
        return [(hs, vs), (ve, he)], None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > verb.i
                 and c.lower_ in ("for", "on", "to", "about", "of", "against", "like")), None)
    if prep is not None:
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            return [_subtree(pobj)], prep
    rest = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj", "prep", "npadvmod")]
    if rest:
        return [(rest[0].left_edge.idx, _subtree(rest[-1])[1])], None
    return [], None


def _as_clause(verb: Token) -> bool:
    return (verb.dep_ == "advcl" and verb.head is not verb
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children))


def _parenthetical(verb: Token) -> bool:
    if verb.head is verb or verb.dep_ not in ("parataxis", "ccomp", "advcl"):
        return False
    if any(c.dep_ == "mark" for c in verb.children):  # "as X said", "because ..."
        return False
    return verb.dep_ == "parataxis" or _comma_before(verb)


def _comma_before(tok: Token) -> bool:
    i = tok.left_edge.i
    return i > 0 and tok.doc[i - 1].text in (",", "—", "–")


def _quoted_chars(quotes: Sequence[Quote]) -> set[int]:
    """Offsets inside quotations: speech reported within a quotation is the quoted
    speaker's own voice, not an attribution made by the article."""
    return {i for q in quotes for s, e in q.pieces for i in range(s + 1, e - 1)}


def _verb_drafts(ctx: _Ctx, lex: Lexicon, used_quotes: set[int]) -> list[_Draft]:
    text, quotes, inside = ctx.text, ctx.quotes, ctx.inside
    drafts: list[_Draft] = []
    verbs: list[tuple[Token, list[Quote]]] = []
    for tok, lemma in zip(ctx.toks, ctx.lemmas, strict=True):
        entry = _entry(tok, lex, lemma)
        if (entry is None or tok.idx in inside or not _verb_ok(tok, *entry)
                or _nested(tok, entry[0], lex)):
            continue
        subj = _subject(tok)
        clause = _cue_clause(tok, subj)
        sent = ctx.sent(tok.i)
        attached = _attached_quotes(text, quotes, sent, clause)
        if entry[1] == "quote" and not attached:
            continue
        if entry[1] == "pred" and not attached and not _predicative(tok):
            continue
        cue = (tok.idx, tok.idx + len(tok))
        if attached:
            content = [p for q in attached for p in q.pieces]
            kind: StatementKind = "direct"
            why = f"quotation with {entry[0]} verb '{tok.lemma_}'"
        else:
            content, prep = _reported_content(tok, text)
            if prep is not None:
                cue = (cue[0], prep.idx + len(prep))
            kind, why = "reported", f"{entry[0]} verb '{tok.lemma_}' ({entry[1]})"
        content = [c for c in (_trim(text, *c) for c in content) if c[1] > c[0]]
        if not content and kind == "reported" and tok.dep_ == "ROOT":
            # "Sorry, Sanders said." or a quotation the marks failed to delimit: the
            # sentence around the cue clause is what was said.
            content = _rest_of_sentence(sent, clause, text)
            why += ", rest of sentence"
        if not content:
            continue
        source = _source_phrase(subj) if subj is not None else None
        drafts.append(_Draft(kind, cue, source, content, why, head=subj))
        verbs.append((tok, attached))
    cues = {t.i for t, _ in verbs}
    kept = []
    for d, (tok, attached) in zip(drafts, verbs, strict=True):
        if _outer(tok) not in cues:
            kept.append(d)
            used_quotes.update(id(q) for q in attached)
    return kept


# Prepositions joining a gerund to the verb it completes: "called for ending",
# "responded by saying".
CHAIN_PREPS = frozenset({"for", "by", "as", "of"})


def _outer(tok: Token) -> int:
    """The verb a cue verb completes, when it is the second half of one cue: "seemed to
    blame", "refused to endorse", "responded by saying". -1 when there is none."""
    if tok.dep_ == "xcomp" or (tok.dep_ in ("advcl", "acl") and tok.tag_ == "VB"):
        return tok.head.i
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in CHAIN_PREPS:
        return tok.head.head.i
    return -1


# ---------------------------------------------------------------------------- word cues

# Prepositions whose object is what a noun or adjective cue is about:
# "criticism of the plan", "eager for a deal", "confident in the outcome".
CONTENT_PREPS = frozenset({"of", "for", "about", "on", "against", "to", "over", "toward",
                           "towards", "in", "with", "at", "by"})
# Prepositions naming who holds a noun cue: "criticism from the union".
NOUN_SOURCE_PREPS = frozenset({"by", "from"})


def _word_content(tok: Token, skip: str = "") -> tuple[int, int] | None:
    """A clause or prepositional object completing a noun or adjective cue."""
    clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "acl")
                   and c.i > tok.i), None)
    if clause is not None:
        return _subtree(clause)
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.i > tok.i):
        if prep.lower_ not in CONTENT_PREPS or prep.lower_ == skip:
            continue
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is not None:
            return _subtree(obj)
    return None


def _noun_source(noun: Token) -> Token | None:
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        if prep.lower_ in NOUN_SOURCE_PREPS:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return _subject(noun.head)  # "the senator voiced criticism of ..."
    return None


LIGHT_OBJECT_DEPS = frozenset({"dobj", "oprd", "acomp", "ccomp", "attr"})
LIGHT_PREPS = frozenset({"with", "about", "on", "for", "of", "against", "to", "at", "over"})


def _light_draft(verb: Token, nouns: frozenset[str], lex: Lexicon) -> _Draft | None:
    """A light verb with its noun or adjective: "made it clear that ...", "took issue
    with the plan", "raised concerns about ...". The cue runs from verb to noun."""
    noun = next((c for c in verb.children if c.dep_ in LIGHT_OBJECT_DEPS
                 and c.lemma_.lower() in nouns), None)
    if noun is None or _nested(verb, "stance", lex):
        return None
    content = _word_content(noun)
    if content is None:
        # "made it clear that ...": the clause hangs on the adjective or on the verb.
        comp = next((c for c in noun.rights if c.dep_ in ("ccomp", "xcomp", "advcl")), None)
        comp = comp or next((c for c in verb.rights if c.i != noun.i
                             and c.dep_ in ("ccomp", "xcomp")), None)
        if comp is not None:
            content = _subtree(comp)
    if content is None:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.i > noun.i
                     and c.lower_ in LIGHT_PREPS), None)
        obj = prep and next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        content = _subtree(obj)
    subj = _subject(verb)
    lo, hi = min(verb.i, noun.i), max(verb.i, noun.i)
    source = _source_phrase(subj) if subj is not None else None
    return _Draft("reported", _span_of(verb.doc[lo:hi + 1]), source, [content],
                  f"light verb cue '{verb.lemma_} {noun.lemma_}'", head=subj)


def _word_drafts(ctx: _Ctx, lex: Lexicon) -> list[_Draft]:
    """Light-verb phrases ("made it clear that ..."), noun cues ("her criticism of the
    plan"), adjective cues ("officials are confident that ..."), adverb cues
    ("reportedly") and "in <poll>" frames."""
    doc, text, inside = ctx.doc, ctx.text, ctx.inside
    drafts = []
    for tok, lemma in zip(ctx.toks, ctx.lemmas, strict=True):
        if tok.idx in inside:
            continue
        if tok.pos_ == "VERB" and lemma in lex.light:
            draft = _light_draft(tok, lex.light[lemma], lex)
            if draft is not None:
                drafts.append(draft)
        elif tok.pos_ == "NOUN" and tok.dep_ != "compound" and lex.word_rule("noun", lemma):
            if _entry(tok.head, lex) is not None and tok.head.pos_ in ("VERB", "AUX"):
                continue  # "denied the claim": the verb is the cue
            content = _word_content(tok, skip="by")
            if content is None:
                continue
            head = _noun_source(tok)
            source = _source_phrase(head) if head is not None else None
            drafts.append(_Draft("reported", (tok.idx, tok.idx + len(tok)), source,
                                 [content], f"noun cue '{lemma}'", head=head))
        elif (tok.pos_ == "ADJ" and tok.dep_ == "acomp"
              and lex.word_rule("adjective", lemma)):
            content = _word_content(tok)
            if content is None or _nested(tok.head, "thought", lex):
                continue
            head = _subject(tok.head)
            start = tok.head.idx if 0 < tok.i - tok.head.i <= 3 else tok.idx
            source = _source_phrase(head) if head is not None else None
            drafts.append(_Draft("reported", (start, tok.idx + len(tok)), source,
                                 [content], f"adjective cue '{lemma}'", head=head))
        elif tok.dep_ == "advmod" and lex.word_rule("adverb", lemma):
            clause = _trim(text, *_subtree(tok.head))
            pieces = [(clause[0], tok.idx), (tok.idx + len(tok), clause[1])]
            around = [p for p in (_trim(text, *p) for p in pieces) if p[1] > p[0]]
            if around:
                drafts.append(_Draft("reported", (tok.idx, tok.idx + len(tok)), None,
                                     around, f"adverb cue '{lemma}'"))
        elif tok.lower_ == "in" and tok.dep_ == "prep":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is None or not lex.word_rule("in_source", obj.lemma_.lower()):
                continue
            sent = ctx.sent(tok.i)
            if tok.i > sent.start and doc[tok.i - 1].text not in (",", "—", "–"):
                continue  # "leads in the polls" is no frame; "In a new poll, ..." is
            source = _subtree(obj)
            rest = _rest_of_sentence(sent, (tok.idx, source[1]), text)
            if rest:
                drafts.append(_Draft("according_to", (tok.idx, tok.idx + len(tok)), source,
                                     rest, f"'in {obj.lemma_}' frame", head=obj))
    return drafts


# ---------------------------------------------------------------------------- colons

def _colon_drafts(ctx: _Ctx) -> list[_Draft]:
    """Headline style "Name: claim" at the opening of a paragraph."""
    doc, text = ctx.doc, ctx.text
    drafts = []
    for ps, pe in paragraphs(text):
        span = doc.char_span(ps, pe, alignment_mode="expand")
        if span is None or len(span) < 5:
            continue
        colon = next((t for t in span[:7] if t.text == ":"), None)
        if colon is None or colon.i == span.start or colon.i > span.end - 4:
            continue
        name = doc[span.start:colon.i]
        if len(name) == 1 and len(name[0]) == 1:
            continue  # "Q:" and "A:" label turns of an interview, not claims
        if not all(t.pos_ == "PROPN" or (t.is_title and t.is_alpha) for t in name):
            continue
        content = _trim(text, colon.idx + 1, pe)
        kind: StatementKind = "direct" if text[content[0]] in QUOTE_CHARS else "reported"
        drafts.append(_Draft(kind, (colon.idx, colon.idx + 1), _span_of(name), [content],
                             "headline 'Name: claim' colon", head=name.root))
    return drafts


# ---------------------------------------------------------------------------- frames

def _frame_drafts(ctx: _Ctx, matches: Sequence[tuple[str, int, int]]) -> list[_Draft]:
    drafts = []
    for label, start, end in matches:
        if label == "according":
            drafts.extend(_according(ctx, start, end))
        elif label == "source_only":
            drafts.extend(_source_only(ctx, start, end))
    return drafts


def _rest_of_sentence(sent: TokSpan, frame: tuple[int, int], text: str) -> list[tuple[int, int]]:
    pieces = [(sent.start_char, frame[0]), (frame[1], sent.end_char)]
    return [p for p in (_trim(text, *p) for p in pieces) if p[1] - p[0] > 1]


def _according(ctx: _Ctx, start: int, end: int) -> list[_Draft]:
    doc, text = ctx.doc, ctx.text
    last = doc[end - 1]
    pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if pobj is None and end < len(doc) and doc[end].dep_ == "pobj":
        pobj = doc[end]
    if pobj is None:
        return []
    source = _subtree(pobj)
    sent = ctx.sent(start)
    frame = (doc[start].idx, source[1])
    content = _rest_of_sentence(sent, frame, text)
    if not content:
        return []
    cue = (doc[start].idx, last.idx + len(last))
    return [_Draft("according_to", cue, source, content, "'according to' frame", head=pobj)]


def _source_only(ctx: _Ctx, start: int, end: int) -> list[_Draft]:
    doc, text = ctx.doc, ctx.text
    verb = next((t for t in doc[start:end] if t.pos_ == "VERB"), doc[start])
    top = verb
    while top.dep_ in ("xcomp", "prt", "aux") and top.head is not top:
        top = top.head
    # Only a subordinate "As X found out," clause frames the sentence around it.
    if top.dep_ != "advcl" or not any(c.lower_ == "as" for c in top.children):
        return []
    subj = _subject(top)
    clause = _subtree(top)
    sent = ctx.sent(start)
    content = _rest_of_sentence(sent, clause, text)
    if not content:
        return []
    cue = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    source = _source_phrase(subj) if subj is not None else None
    return [_Draft("source_only", cue, source, content,
                   f"source-only frame '{doc[start:end].text}'", head=subj)]


def _extend_frames(drafts: list[_Draft], text: str) -> None:
    """A source-only frame runs on to its paragraph's end and later paragraphs until one
    holds another frame or a quotation."""
    paras = paragraphs(text)
    # Reported speech inside the later paragraphs nests under the frame; a new frame or a
    # quotation ends it.
    cues = sorted(d.cue[0] for d in drafts if d.cue and d.kind != "reported")
    for d in drafts:
        if d.kind != "source_only" or d.cue is None:
            continue
        n = next(i for i, (s, e) in enumerate(paras) if s <= d.cue[0] < e)
        last = d.content[-1]
        d.content[-1] = (last[0], _trim(text, last[0], paras[n][1])[1])
        for s, e in paras[n + 1:n + 1 + FRAME_PARAGRAPHS]:
            if any(s <= c < e for c in cues):
                break
            d.content.append(_trim(text, s, e))


# ---------------------------------------------------------------------------- lone quotes

def _lone_quotes(ctx: _Ctx, used: set[int], drafts: Sequence[_Draft]) -> list[_Draft]:
    """Quotations forming whole sentences with no cue: kept, unattributed."""
    text = ctx.text
    starts = {s.start_char for s in ctx.sents}
    out = []
    for q in ctx.quotes:
        if id(q) in used or q.start not in starts or len(text[q.start:q.end].split()) < 4:
            continue
        if any(cs <= q.start and q.end <= ce for d in drafts for cs, ce in d.content):
            continue
        out.append(_Draft("direct", None, None, list(q.pieces),
                          "quotation without cue: unattributed"))
    return out


# ---------------------------------------------------------------------------- assembly

def _speaker(head: Token | None, source: tuple[int, int] | None,
             mentions: Sequence[Mention]) -> str | None:
    if source is None:
        return None
    hits = [m for m in mentions if m.span.start < source[1] and source[0] < m.span.end]
    if not hits:
        return None
    if head is not None:
        at_head = [m for m in hits if m.span.start <= head.idx < m.span.end]
        if at_head:
            return at_head[0].actor
    return hits[0].actor


def _source_kind(text: str, speaker: str | None, head: Token | None,
                 lex: Lexicon) -> SourceKind:
    if speaker is not None:
        return "actor"
    words = {w.strip(".,").lower() for w in text.split()}
    if words & lex.outlet_words or (head is not None and head.lemma_.lower() in lex.outlet_words):
        return "outlet"
    if head is not None and head.pos_ == "PROPN":
        return "named"
    return "unnamed"


def _hedges(ctx: _Ctx, matches: Sequence[tuple[str, int, int]]) -> list[tuple[int, int]]:
    return [_span_of(ctx.toks[s:e]) for k, s, e in matches if k == "hedge"]


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """One statement per cue; a verb cue inside an 'according to' cue is dropped."""
    seen: set[tuple[int, int]] = set()
    out = []
    for d in sorted(drafts, key=lambda d: (d.kind != "according_to", d.cue or (0, 0))):
        if d.cue is not None:
            if any(d.cue[0] < e and s < d.cue[1] for s, e in seen):
                continue
            seen.add(d.cue)
        out.append(d)
    return out


def _extent(d: _Draft) -> tuple[int, int]:
    points = [p for c in d.content for p in c] + (list(d.cue) if d.cue else [])
    return min(points), max(points)


def find_hedges(doc: Doc) -> list[Span]:
    """Every hedge of `doc` ("reportedly", "is believed to"), inside statements or not."""
    ctx = _Ctx.of(doc)
    return [Span.of(ctx.text, s, e)
            for s, e in _hedges(ctx, phrase_matches(ctx.lemmas, load_lexicon()))]


def find_statements(doc: Doc, mentions: Sequence[Mention] = (),
                    root: Sequence[Source] = ()) -> list[Statement]:
    """Quotations, reported speech and source frames of `doc`, in text order."""
    lex = load_lexicon()
    ctx = _Ctx.of(doc)
    text = ctx.text
    matches = phrase_matches(ctx.lemmas, lex)
    used: set[int] = set()
    drafts = _dedupe(_frame_drafts(ctx, matches) + _verb_drafts(ctx, lex, used)
                     + _colon_drafts(ctx) + _word_drafts(ctx, lex))
    _extend_frames(drafts, text)
    drafts += _lone_quotes(ctx, used, drafts)
    drafts.sort(key=_extent)
    hedges = _hedges(ctx, matches)

    statements: list[Statement] = []
    for n, d in enumerate(drafts, 1):
        lo, hi = _extent(d)
        speaker = _speaker(d.head, d.source, mentions)
        src = Span.of(text, *d.source) if d.source else None
        statements.append(Statement(
            id=f"S{n}", kind=d.kind, speaker=speaker, source=src,
            cue=Span.of(text, *d.cue) if d.cue else None,
            content=[Span.of(text, s, e) for s, e in d.content],
            hedges=[Span.of(text, s, e) for s, e in hedges if lo <= s and e <= hi],
            why=d.why,
        ))
    _chains(statements, drafts, root, lex)
    return statements


def _chains(statements: list[Statement], drafts: Sequence[_Draft], root: Sequence[Source],
            lex: Lexicon) -> None:
    """Outer statements first, so an inner one extends its encloser's finished chain."""
    order = sorted(range(len(statements)),
                   key=lambda i: -sum(c.end - c.start for c in statements[i].content))
    for i in order:
        st = statements[i]
        anchor = st.cue or st.content[0]
        outer = [s for s in statements
                 if s is not st and s.chain and s.covers(anchor.start, anchor.end)]
        base = min(outer, key=_size).chain if outer else list(root)
        own = []
        if st.source is not None:
            kind = _source_kind(st.source.text, st.speaker, drafts[i].head, lex)
            own = [Source(kind=kind, name=st.source.text, actor=st.speaker, span=st.source,
                          cue=st.cue, why=st.why)]
        if own and base and _same_source(base[-1], own[0]):
            own = []  # "According to Reuters" under a Reuters root, "he ... he wants"
        st.chain = [*base, *own]


def _same_source(a: Source, b: Source) -> bool:
    if a.actor is not None and a.actor == b.actor:
        return True
    return a.name.strip().lower() == b.name.strip().lower()


def _size(st: Statement) -> int:
    return sum(c.end - c.start for c in st.content)


def chain_at(statements: Sequence[Statement], start: int, end: int,
             root: Sequence[Source]) -> list[Source]:
    """The chain of the innermost statement whose content covers [start, end), else root."""
    covering = [s for s in statements if s.covers(start, end)]
    if not covering:
        return list(root)
    return list(min(covering, key=_size).chain) or list(root)
