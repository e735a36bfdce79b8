"""Regenerate `src/eventcoder/interpret/events/data/cameo_triggers.tsv`, a trigger table in
the lexicon's format (`pattern<TAB>type<TAB>mode<TAB>context`, see
`eventcoder.interpret.events.lexicon`), from PETRARCH2's CAMEO verb dictionary.

Sources (read from `../shared/`, see `../shared/sources/README.md`):

- `sources/petrarch2/CAMEO.2.0.txt`: the CAMEO verb dictionary of PETRARCH2 (MIT licence),
  blocks of verbs with CAMEO codes, each block with patterns of the nouns and prepositions
  that follow the verb;
- `reference/CAMEO2PLOVER-2021.txt`: CAMEO code -> PLOVER type, mode and context.

What is converted, and how:

- A verb (its base form as the dictionary gives it; spaCy finds the same lemma in a text)
  becomes a bare entry `verb/v` when it has a code, its own or its block's, and the code
  is not just the cue category's (030, 190: a block's "two-digit+0 cue-category code",
  given to every verb of the block, too vague for a verb alone). Multi-word verbs keep
  their other words as children of the head (`+CALL_OFF` -> `call/v off`).
- A pattern `- * NOUN (PREP NOUN) [code]` becomes `verb/v + noun + noun`: each noun as
  written and, if it may be a plural, as its singular (`sanctions|sanction`); each word
  of a `{noun phrase}` required; a synonym set (`&WEAPON`) one of its one-word members
  (`gun|rifle|...`). The preposition of a prepositional phrase right after the verb, and
  a particle right after it (OUT, UP, OFF, ...), are children of the head (`ask/v for +
  aid`); later prepositions are left out. A pattern belongs to the verb its comment names
  (the dictionary's header: "the verb[s] where the pattern was originally found"), when
  that verb is one of its block's; with `--block-patterns`, to every verb of the block,
  as PETRARCH2 reads it.
- Skipped, and counted: patterns with words before the verb (a subject), with a source
  (`$`) or a compound-actor mark (`%`), with disjunctions (`A/B`, which PETRARCH2 skips
  too), malformed ones; codes with no event (`---`), codes whose event runs the other way
  (`[:173]`: only the reversed event), codes CAMEO2PLOVER has no PLOVER type for (01x
  public statements and 02x appeals, which PLOVER drops); the bare entries of generic
  verbs (`GENERIC`: reporting and light verbs; their patterns stay); material acts in
  patterns of verbs of statement (a statement is no material act); the entries of verbs
  the events stage reads as modality (`modality.tsv`: "wants to hold talks" is an
  intended CONSULT there); and rows of one pattern that disagree on the type.
- The PLOVER 2.0 manual where it amends the 2021 table (`OVERRIDES`, `MODE_RENAMES`,
  `CONTEXT_RENAMES`); modes and contexts the manual does not have are dropped.

Which entries are used is decided when the tables are loaded (`lexicon.load_triggers`):
the hand-written lexicon wins.

Deterministic: the same inputs give the same file. Needs the project's spaCy model (for
lemmas):

    python scripts/build_cameo_lexicon.py
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCE = SHARED / "sources/petrarch2/CAMEO.2.0.txt"
MAPPING = SHARED / "reference/CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src/eventcoder/interpret/events/data/cameo_triggers.tsv"
SCORES = ROOT / "src/eventcoder/interpret/events/data/plover_scores.tsv"
MODALITY = ROOT / "src/eventcoder/interpret/events/data/modality.tsv"
#: The commit of openeventdata/petrarch2 the dictionary was copied from (sources/README.md).
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"

#: Verbs that are no trigger on their own: reporting verbs and light or vague verbs. Their
#: bare entries are dropped; their patterns (with a required noun) are kept.
GENERIC = frozenset([
    "be", "have", "do", "make", "take", "give", "get", "go", "come", "put", "set", "hold",
    "keep", "let", "bring", "say", "tell", "state", "report", "announce", "add", "note", "claim",
    "describe", "explain", "comment", "mention", "see", "look", "seem", "appear", "become",
    "remain", "stay", "use", "show", "call", "turn", "run", "move", "place", "find", "leave",
    "carry", "send", "meet", "receive", "talk", "speak", "express", "voice", "issue", "raise",
    "open", "start", "begin", "continue", "end", "stop", "follow", "try", "want", "need", "seek",
    "plan", "decide", "consider", "expect", "hope", "think", "believe", "know",
])

#: Where the PLOVER 2.0 manual codes a CAMEO code otherwise than the 2021 table:
#: code -> (type, mode, contexts); None keeps the table's value.
OVERRIDES: dict[str, tuple[str | None, str | None, tuple[str, ...] | None]] = {
    # 081 to 083 are CONCEDE ("removing curfews"), the table lists 0813/0814 under RETREAT
    "0813": ("CONCEDE", "", None),
    "0814": ("CONCEDE", "", None),
    # "Host a visit": the host is the subject, and 'visit' makes the actor the visitor
    "043": (None, "", None),
    # international sanctions are SANCTION 'discontinue' (the table: COERCE restrict)
    "163": ("SANCTION", "discontinue", None),
    # a finding of guilt is SANCTION 'convict' (the table: ACCUSE disapprove)
    "116": ("SANCTION", "convict", ("legal",)),
    # destruction of property is ASSAULT 'destroy'
    "1712": ("ASSAULT", "destroy", None),
    # non-military bombings are 'explosives'; aerial weapons are 'aerial'
    "183": (None, "explosives", None),
    "195": (None, "aerial", None),
    # violent repression: 'pro_autocracy' is a context, not a mode
    "175": (None, "", ("repression",)),
}
#: Modes of the 2021 table that the 2.0 manual names otherwise ("" = no mode).
MODE_RENAMES = {"assassinate": "targeted", "massacre": "targeted", "ban": "restrict",
                "political": "restrict", "ease": "", "return": "", "cleansing": ""}
#: Contexts of the 2021 table that the 2.0 manual names otherwise ("" = none).
CONTEXT_RENAMES = {"democracy": "pro_democracy", "humanitarian": ""}
#: The 2.0 manual's general contexts.
CONTEXTS = frozenset([
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights",
    "rights_freedoms", "repression", "human_security", "gender", "lgbt", "religion_ethnicity",
    "inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum", "migration",
    "disasters", "natural_resource", "environment", "technology", "terrorism", "cbrn", "cyber",
    "misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
])

#: Words right after the verb that are its particle ("SET * OFF ...", "PUT * UP ...").
PARTICLES = frozenset([
    "out", "up", "off", "down", "back", "away", "forward", "aside", "over",
])
#: Prepositions that `trigger_match` does not take as a head's child when they have an
#: object ("give in" but not "in May"): such a preposition is left out.
OBJECT_PREPS = frozenset([
    "in", "out", "up", "down", "off", "back", "away",
])
#: Words of a pattern that carry no content of their own (legacy TABARI phrases).
FUNCTION_WORDS = frozenset([
    "a", "an", "the", "of", "to", "on", "as", "that", "will", "would", "in", "at", "by", "for",
    "from", "with", "into", "against", "over", "about", "after", "before", "under", "within",
    "without", "between", "among", "upon", "onto", "across", "along", "than",
])

Lemmatizer = Callable[[str, str], str]  # (word, "NOUN" or "VERB") -> lemma


@dataclass(frozen=True)
class Plover:
    type: str
    mode: str
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    pattern: str
    plover: Plover
    code: str
    head: str


@dataclass
class Verb:
    lemma: str  # upper case, as in the dictionary
    before: tuple[str, ...]  # words of a multi-word verb before the verb ("RE_+ARREST")
    after: tuple[str, ...]  # and after it ("+CALL_OFF")
    code: str | None


@dataclass
class Pattern:
    text: str
    code: str
    origins: tuple[str, ...]  # verbs named in the comment


@dataclass
class Block:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Conversion:
    rows: list[Row]
    counts: Counter[str]
    verbs: int
    patterns: int


# --- CAMEO2PLOVER -----------------------------------------------------------------------

def read_mapping(text: str) -> dict[str, list[Plover]]:
    """CAMEO code -> PLOVER entries of the table (a code can be listed twice: '08')."""
    table: dict[str, list[Plover]] = defaultdict(list)
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        match = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not match:
            continue
        cells = [c.strip() for c in match.group(2).split(",")]
        cells += [""] * (3 - len(cells))
        contexts = tuple(c.strip() for c in cells[2].split(";") if c.strip())
        entry = Plover(cells[0], cells[1], contexts)
        if entry not in table[match.group(1)]:
            table[match.group(1)].append(entry)
    return dict(table)


def plover_for(code: str, table: dict[str, list[Plover]], valid_modes: set[tuple[str, str]],
               counts: Counter[str] | None = None) -> Plover | None:
    """The PLOVER type, mode and contexts of a CAMEO code: the table's most specific entry
    (the code, else its shorter prefixes), as the 2.0 manual amends it; None when the
    table has no (single) type for it."""
    entries: list[Plover] = []
    for n in range(len(code), 1, -1):
        entries = table.get(code[:n], [])
        if entries:
            break
    if len(entries) != 1:
        return None
    entry = entries[0]
    type_, mode, contexts = entry.type, entry.mode, entry.contexts
    override = OVERRIDES.get(code)
    if override is not None:
        type_ = override[0] or type_
        mode = override[1] if override[1] is not None else mode
        contexts = override[2] if override[2] is not None else contexts
    mode = MODE_RENAMES.get(mode, mode)
    if mode and (type_, mode) not in valid_modes:
        if counts is not None:
            counts[f"mode {type_}/{mode} not in PLOVER 2.0, dropped"] += 1
        mode = ""
    kept = []
    for context in contexts:
        context = CONTEXT_RENAMES.get(context, context)
        if context in CONTEXTS:
            kept.append(context)
        elif context and counts is not None:
            counts[f"context {context} not in PLOVER 2.0, dropped"] += 1
    return Plover(type_, mode, tuple(dict.fromkeys(kept)))


# --- the verb dictionary -------------------------------------------------------------------

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")  # some lack the space before "---"
_CODE = re.compile(r"\[([^\]]*)\]")


def parse_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets (label -> phrases) and verb blocks of a PETRARCH2 verb dictionary."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    label = None
    in_verbs = False
    for raw in text.splitlines():
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs, label = True, None
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not raw.strip() or raw.startswith("#"):
            label = None if not raw.strip() else label
            continue
        if not in_verbs:
            if raw.startswith("&"):
                label = raw.split()[0]
                synsets[label] = []
            elif raw.startswith("+") and label:
                synsets[label].append(raw.split("#", 1)[0].strip()[1:])
            continue
        block_match = _BLOCK.match(raw)
        if block_match:
            blocks.append(Block(block_match.group(1), block_match.group(2)))
        elif not blocks:
            continue
        elif raw.startswith("-"):
            body, _, comment = raw[1:].partition("#")
            codes = _CODE.findall(body)
            text_part = _CODE.sub(" ", body).strip()
            origins = tuple(w for w in re.findall(r"[A-Z][A-Z_+-]*", comment.split("<")[0])
                            if len(w) > 1)
            blocks[-1].patterns.append(
                Pattern(text_part, codes[-1].strip() if codes else "", origins))
        else:
            verb = _verb(raw)
            if verb is not None:
                blocks[-1].verbs.append(verb)
    return synsets, blocks


def _verb(raw: str) -> Verb | None:
    body = raw.split("#", 1)[0]
    codes = _CODE.findall(body)
    words = re.sub(r"\{[^}]*\}", " ", _CODE.sub(" ", body)).split()
    if not words:
        return None
    word = words[0]
    if "+" in word:  # multi-word verb: "+CALL_OFF", "RE_+ARREST"
        front, _, back = word.partition("+")
        parts = back.split("_")
        return Verb(parts[0], tuple(w for w in front.split("_") if w),
                    tuple(w for w in parts[1:] if w), codes[0].strip() if codes else None)
    return Verb(word.strip("_"), (), (), codes[0].strip() if codes else None)


# --- patterns --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    prep: str | None  # a prepositional phrase's preposition
    words: tuple[str, ...]  # words (or synonym-set labels) of its noun(s)


class Unexpressible(ValueError):
    """A pattern our pattern language cannot say faithfully (the message says why)."""


def parse_pattern(text: str) -> tuple[list[str], list[Phrase | str]]:
    """The words before the verb, and the phrases (or '+' / '^' marks) after it."""
    if text.count("*") != 1 or re.search(r"\*\S|\S\*", text):
        raise Unexpressible("malformed")
    pre, post = text.split("*")
    if "/" in text:
        raise Unexpressible("disjunction (A/B)")
    if "%" in text:
        raise Unexpressible("compound actor mark (%)")
    if "$" in text:
        raise Unexpressible("source ($) in the pattern")
    tokens = re.sub(r"([(){}])", r" \1 ", post).split()
    items: list[Phrase | str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("+", "^"):
            items.append(token)
            i += 1
        elif token == "(":
            end = _closing(tokens, i, ")")
            inner = [t for t in tokens[i + 1:end] if t not in "{}"]
            if not inner:
                raise Unexpressible("malformed")
            if "+" in inner or "^" in inner:
                inner = [t for t in inner if t not in ("+", "^")]
            items.append(Phrase(inner[0], tuple(inner[1:])))
            i = end + 1
        elif token == "{":
            end = _closing(tokens, i, "}")
            items.append(Phrase(None, tuple(tokens[i + 1:end])))
            i = end + 1
        elif token in ")}":
            raise Unexpressible("malformed")
        else:
            items.append(Phrase(None, (token,)))
            i += 1
    return pre.split(), items


def _closing(tokens: list[str], start: int, close: str) -> int:
    depth, opening = 0, tokens[start]
    for j in range(start, len(tokens)):
        depth += tokens[j] == opening
        depth -= tokens[j] == close
        if depth == 0:
            return j
    raise Unexpressible("malformed")


def _words(word: str, synsets: dict[str, list[str]], lemma: Lemmatizer) -> tuple[
        list[tuple[str, ...]], bool]:
    """The requirements one word of a pattern makes, and whether they approximate it: a
    phrase ("DEBT_RELIEF") requires each of its content words; a synonym set one of its
    one-word phrases (its longer ones, "CEASE_FIRE", are left out: their last word alone
    would say something else)."""
    if word.startswith("&"):
        if word not in synsets:
            raise Unexpressible("undefined synonym set")
        phrases = [_split(p) for p in synsets[word]]
        single = tuple(dict.fromkeys(f for p in phrases if len(p) == 1
                                     for f in _forms(p[0], lemma)))
        if not single:
            raise Unexpressible("a synonym set of phrases only")
        return [single], len(single) < len(phrases)
    words = _split(word)
    content = [w for w in words if w not in FUNCTION_WORDS and re.search(r"[a-z]", w)]
    return [_forms(w, lemma) for w in content], len(content) < len(words)


def _forms(word: str, lemma: Lemmatizer) -> tuple[str, ...]:
    """A noun as written and, when it may be a plural, its singular ("sanctions",
    "sanction"; not "crisis", "press"); the trigger matcher compares lemmas and words
    alike."""
    if not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return (word,)
    return tuple(dict.fromkeys([word, lemma(word, "NOUN")]))


def _split(phrase: str) -> list[str]:
    return [w.strip("_").lower() for w in re.split(r"[\s_]+", phrase) if w.strip("_")]


@dataclass(frozen=True)
class Parts:
    """A pattern in our terms: children of the head, and lemmas required in its phrase
    (alternatives for each); `approximated` when marks, function words or words of a
    synonym set's longer phrases were left out."""

    children: tuple[str, ...]
    required: tuple[tuple[str, ...], ...]
    approximated: bool


def pattern_parts(text: str, synsets: dict[str, list[str]], lemma: Lemmatizer) -> Parts:
    """A CAMEO pattern (what follows the verb's '-') in our pattern language."""
    pre, items = parse_pattern(text)
    if pre:
        raise Unexpressible("words before the verb (a subject)")
    children: list[str] = []
    required: list[tuple[str, ...]] = []
    approximated = False
    for n, item in enumerate(items):
        if isinstance(item, str):
            approximated = True  # a target (+) or skip (^) mark: our parties find those
            continue
        words = list(item.words)
        if item.prep is not None:
            prep = item.prep.lower()
            if n == 0 and prep not in OBJECT_PREPS and not prep.startswith("&"):
                children.append(prep)
            elif words:
                approximated = True  # the object stays, its preposition goes
            else:
                raise Unexpressible("a lone preposition after other words")
        elif n == 0 and len(words) == 1 and words[0].lower() in PARTICLES:
            children.append(words[0].lower())
            continue
        for word in words:
            found, approx = _words(word, synsets, lemma)
            required += found
            approximated = approximated or approx
    if not children and not required:
        raise Unexpressible("nothing left to match but the verb")
    return Parts(tuple(children), tuple(dict.fromkeys(required)), approximated)


# --- conversion ------------------------------------------------------------------------------

def _first_code(code: str, counts: Counter[str]) -> str | None:
    """The CAMEO code of the event with the verb's subject as source, or None."""
    forward, _, _ = code.partition(":")
    forward = forward.strip()
    if not forward and ":" in code:
        counts["skipped: only the reversed event ([:code])"] += 1
        return None
    if forward in ("", "---"):
        counts["skipped: no event (---)"] += 1
        return None
    if not forward.isdigit():
        counts["skipped: malformed code"] += 1
        return None
    return forward


def _head(verb: Verb, lemma: Lemmatizer) -> tuple[str, str]:
    """The verb's lemma and its pattern head (`call/v off`, `re arrest/v`)."""
    head = lemma(verb.lemma.lower(), "VERB")
    words = [*(w.lower() for w in verb.before), f"{head}/v", *(w.lower() for w in verb.after)]
    return head, " ".join(words)


def _pattern(head: str, parts: Parts) -> str:
    text = " ".join([head, *parts.children])
    return text + "".join(f" + {'|'.join(r)}" for r in parts.required)


#: PLOVER's verbal types (its quad categories verbal cooperation and verbal conflict).
VERBAL = frozenset(["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT",
                    "THREATEN"])
#: CAMEO cue categories of statements and appeals (PLOVER drops them).
STATEMENTS = ("01", "02")


@dataclass(frozen=True)
class Options:
    #: patterns for every verb of their block (PETRARCH2), not only the verb named
    block_patterns: bool = False
    #: which verbs get a bare entry: "all" with a code; "specific": not the block's
    #: cue-category code (030, 190: "a two-digit+0 cue-category code"), which PETRARCH2
    #: gives every verb of a block; "none"
    bare: str = "specific"
    #: verbs the events stage reads as the modality of the event they govern ("wants to
    #: hold talks" is an intended CONSULT): no entries, so that event stays theirs
    modal_verbs: frozenset[str] = frozenset()


def _is_root(code: str) -> bool:
    """A cue category's own code ('030', '190'), as blocks give their verbs."""
    return len(code) == 3 and code.endswith("0")


def convert(text: str, mapping_text: str, lemma: Lemmatizer,
            valid_modes: set[tuple[str, str]], options: Options = Options()) -> Conversion:
    """The rows of the trigger table for a verb dictionary and a CAMEO2PLOVER table."""
    table = read_mapping(mapping_text)
    synsets, blocks = parse_dictionary(text)
    counts: Counter[str] = Counter()
    candidates: dict[str, list[tuple[Plover, str, str]]] = defaultdict(list)
    verbs = patterns = 0

    def plover(code: str, what: str) -> tuple[Plover, str] | None:
        cameo = _first_code(code, counts)
        if cameo is None:
            return None
        found = plover_for(cameo, table, valid_modes, counts)
        if found is None:
            counts[f"skipped {what}: no PLOVER type for CAMEO {cameo[:2]}x"] += 1
            return None
        return found, cameo

    for block in blocks:
        heads = {v.lemma: _head(v, lemma) for v in block.verbs}
        modal = {v for v, (head, _) in heads.items() if head in options.modal_verbs}
        statement_verbs = set()
        for verb in block.verbs:
            verbs += 1
            head, pattern = heads[verb.lemma]
            code = (verb.code or block.code).strip()
            if code.startswith(STATEMENTS):
                statement_verbs.add(verb.lemma)
            if verb.lemma in modal:
                counts["skipped verb and its patterns: a verb of modality"] += 1
                continue
            if code in ("---", ""):
                counts["verbs with no code (patterns only)"] += 1
                continue
            found = plover(code, "verb")
            if found is None:
                continue
            if head in GENERIC:
                counts["skipped verb: generic (patterns only)"] += 1
            elif options.bare == "none" or options.bare == "specific" and _is_root(found[1]):
                counts[f"skipped verb: a cue category's own code, {found[1]} "
                       "(patterns only)"] += 1
            else:
                candidates[pattern].append((*found, head))
        for pat in block.patterns:
            patterns += 1
            found = plover(pat.code, "pattern")
            if found is None:
                continue
            named = [o for o in pat.origins if o in heads]
            if not options.block_patterns and not named:
                counts["skipped pattern: its comment names no verb of its block"] += 1
                continue
            owners = [o for o in (list(heads) if options.block_patterns else named)
                      if o not in modal]
            if not owners:
                counts["skipped pattern: its verb is a verb of modality"] += 1
                continue
            if found[0].type not in VERBAL:
                owners = [o for o in owners if o not in statement_verbs]
                if not owners:
                    counts["skipped pattern: a material act under a verb of statement"] += 1
                    continue
            try:
                parts = pattern_parts(pat.text, synsets, lemma)
            except Unexpressible as why:
                counts[f"skipped pattern: {why}"] += 1
                continue
            counts["patterns converted"] += 1
            if parts.approximated:
                counts["patterns converted, approximated (marks or words left out)"] += 1
            for owner in dict.fromkeys(owners):
                head, head_pattern = heads[owner]
                candidates[_pattern(head_pattern, parts)].append((*found, head))
    rows = []
    for pattern, found_list in candidates.items():
        types = {f.type for f, _, _ in found_list}
        if len(types) > 1:
            counts["skipped row: one pattern, several PLOVER types"] += 1
            continue
        # the most specific code (longest, then lowest) speaks for the row
        best = min(found_list, key=lambda f: (-len(f[1]), f[1]))
        rows.append(Row(pattern, best[0], best[1], best[2]))
    rows.sort(key=lambda r: (r.code, r.head, r.pattern))
    return Conversion(rows, counts, verbs, patterns)


# --- output ------------------------------------------------------------------------------------

HEADER = f"""\
# The CAMEO verb dictionary as PLOVER 2.0 triggers. Generated by
# scripts/build_cameo_lexicon.py: do not edit; triggers.tsv (hand-written) wins, and a head
# it has is not read from here.
# Source: PETRARCH2's CAMEO verb dictionary, CAMEO.2.0.txt, MIT licence, (c) 2015 Open
# Event Data Alliance; openeventdata/petrarch2 @ {COMMIT},
# petrarch2/data/dictionaries/CAMEO.2.0.txt.
# Mapping: CAMEO2PLOVER-2021.txt (CAMEO to PLOVER conversion table, 17 September 2021),
# amended where the PLOVER 2.0 manual codes otherwise (see the script).
# Rows are grouped by CAMEO code, each group under a comment naming it.
# Columns: pattern, type, mode, context (see interpret/events/lexicon.py).
pattern\ttype\tmode\tcontext
"""


def table_text(conversion: Conversion) -> str:
    lines = [HEADER.rstrip("\n")]
    code = None
    for row in conversion.rows:
        if row.code != code:
            code = row.code
            lines.append(f"# CAMEO {code} -> {row.plover.type}")
        lines.append("\t".join([row.pattern, row.plover.type, row.plover.mode,
                                "|".join(row.plover.contexts)]).rstrip("\t"))
    return "\n".join(lines) + "\n"


def spacy_lemmatizer() -> Lemmatizer:
    """Lemmas from the project's spaCy pipeline (its rule lemmatizer). A verb of the
    dictionary is its base form already; a noun is taken as a plural."""
    import spacy
    from spacy.tokens import Doc

    from eventcoder import settings

    nlp = spacy.load(settings.SPACY_MODEL)
    lemmatizer = nlp.get_pipe("lemmatizer")
    features = {"VERB": ("VB", "VerbForm=Inf"), "NOUN": ("NNS", "Number=Plur")}
    cache: dict[tuple[str, str], str] = {}

    def lemma(word: str, pos: str) -> str:
        if (word, pos) not in cache:
            tag, morph = features[pos]
            doc = lemmatizer(Doc(nlp.vocab, words=[word], pos=[pos], tags=[tag],
                                 morphs=[morph]))
            cache[(word, pos)] = doc[0].lemma_.lower() or word
        return cache[(word, pos)]

    return lemma


def modal_verbs(path: Path = MODALITY) -> frozenset[str]:
    """The verbs of the events stage's modality table (`how` = verb)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return frozenset(row[0] for row in rows[1:] if len(row) == 3 and row[1] == "verb")


def valid_modes(path: Path = SCORES) -> set[tuple[str, str]]:
    """The (type, mode) pairs of the PLOVER 2.0 manual (its scores table, in the package)."""
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) == 3 and cells[1] and not line.startswith("#"):
            pairs.add((cells[0], cells[1]))
    return pairs


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--mapping", type=Path, default=MAPPING)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--block-patterns", action="store_true",
                        help="give a pattern to every verb of its block (as PETRARCH2 does)")
    parser.add_argument("--bare", choices=("all", "specific", "none"), default="specific",
                        help="which verbs get an entry of their own (see Options)")
    args = parser.parse_args(argv)
    options = Options(args.block_patterns, args.bare, modal_verbs())
    conversion = convert(args.source.read_text(encoding="utf-8"),
                         args.mapping.read_text(encoding="utf-8"), spacy_lemmatizer(),
                         valid_modes(), options)
    args.out.write_text(table_text(conversion), encoding="utf-8")
    heads = {r.head for r in conversion.rows}
    print(f"{conversion.verbs} verbs and {conversion.patterns} patterns read; "
          f"{len(conversion.rows)} rows for {len(heads)} head verbs written to {args.out}")
    for what, n in sorted(conversion.counts.items()):
        print(f"  {n:6d}  {what}")


if __name__ == "__main__":
    main()
