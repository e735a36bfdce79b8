"""The attribution cue lexicon: loaded from `data/attribution_cues.tsv`, validated, and
indexed by first lemma for a single scan over a document's lemmas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...datafiles import read_text, tsv_rows

CUES_FILE = Path(__file__).parent / "data" / "attribution_cues.tsv"
VERB_KINDS = frozenset({"speech", "thought", "stance", "intent"})
VERB_RULES = frozenset({"any", "comp", "comp3", "named", "pred", "quote"})
WORD_KINDS = frozenset({"noun", "adjective", "adverb", "in_source"})
WORD_RULES = frozenset({"any", "comp"})
PHRASE_KINDS = frozenset({"according", "source_only", "hedge", "outlet"})
LIGHT_KIND = "light"  # a verb and the noun or adjective it takes: "make clear", "take issue"


@dataclass
class Lexicon:
    verbs: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma -> (kind, rule)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # kind -> lemmas
    # noun / adjective / adverb cues and "in <poll>" frame nouns: kind -> lemma -> rule
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    # light-verb phrases: verb lemma -> lemmas of the nouns or adjectives it takes
    light: dict[str, frozenset[str]] = field(default_factory=dict)

    def is_speech(self, lemma: str) -> bool:
        """Is the verb one of saying ('say', 'announce')?"""
        return self.verbs.get(lemma, ("",))[0] == "speech"

    def word_rule(self, kind: str, lemma: str) -> str | None:
        return self.words.get(kind, {}).get(lemma)

    def phrase_list(self, kind: str) -> list[tuple[str, ...]]:
        return self.phrases.get(kind, [])

    @property
    def outlet_words(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.phrase_list("outlet"))


def parse_lexicon(path: Path) -> Lexicon:
    lex = Lexicon()
    for row in tsv_rows(read_text(path), str(path), ("kind", "phrase", "rule"), required=1,
                        header=False):
        kind, phrase, rule = (cell.strip() for cell in row)
        if not phrase:
            raise row.error("expected 'kind<TAB>phrase[<TAB>rule]'")
        if kind in VERB_KINDS:
            rule = rule or "any"
            if rule not in VERB_RULES or " " in phrase:
                raise row.error(f"verb cue needs one lemma and a rule in {sorted(VERB_RULES)}, "
                                f"got {phrase!r} {rule!r}")
            lex.verbs[phrase.lower()] = (kind, rule)
        elif kind in WORD_KINDS:
            rule = rule or "any"
            if rule not in WORD_RULES or " " in phrase:
                raise row.error(f"{kind} cue needs one lemma and a rule in {sorted(WORD_RULES)}, "
                                f"got {phrase!r} {rule!r}")
            lex.words.setdefault(kind, {})[phrase.lower()] = rule
        elif kind == LIGHT_KIND:
            words = phrase.lower().split()
            if len(words) != 2:
                raise row.error("light-verb cue needs a verb lemma and a noun or adjective "
                                f"lemma, got {phrase!r}")
            lex.light[words[0]] = lex.light.get(words[0], frozenset()) | {words[1]}
        elif kind in PHRASE_KINDS:
            lex.phrases.setdefault(kind, []).append(tuple(phrase.lower().split()))
        else:
            raise row.error(f"unknown kind {kind!r}")
    return lex


@lru_cache(maxsize=4)
def load_lexicon(path: Path = CUES_FILE) -> Lexicon:
    return parse_lexicon(path)


def phrase_matches(lemmas: Sequence[str], lex: Lexicon) -> list[tuple[str, int, int]]:
    """(kind, start, end) token ranges whose lowercased lemmas spell an 'according',
    'source_only' or 'hedge' phrase, in text order; one scan over the lemmas."""
    index = _phrase_index(lex)
    out = []
    for i, lemma in enumerate(lemmas):
        for kind, words in index.get(lemma, ()):
            end = i + len(words)
            if end <= len(lemmas) and all(lemmas[i + k] == w for k, w in enumerate(words)):
                out.append((kind, i, end))
    return out


_INDEXES: dict[int, tuple[Lexicon, dict[str, list[tuple[str, tuple[str, ...]]]]]] = {}


def _phrase_index(lex: Lexicon) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Phrases by their first lemma, built once per lexicon."""
    cached = _INDEXES.get(id(lex))
    if cached is not None and cached[0] is lex:
        return cached[1]
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind in ("according", "source_only", "hedge"):
        for words in lex.phrase_list(kind):
            index.setdefault(words[0], []).append((kind, words))
    _INDEXES[id(lex)] = (lex, index)
    return index
