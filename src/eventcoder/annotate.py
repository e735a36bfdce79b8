"""Annotate: spaCy, loaded in one place and run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import settings


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and bullets have no final full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared spaCy pipeline (loaded once per process)."""
    nlp = spacy.load(settings.SPACY_MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = settings.MAX_TEXT_CHARS + 1
    return nlp


def annotate(text: str) -> Doc:
    return get_nlp()(text)


def annotate_many(texts: Iterable[str], batch_size: int = settings.BATCH_SIZE) -> Iterator[Doc]:
    yield from get_nlp().pipe(texts, batch_size=batch_size)


@dataclass(frozen=True)
class Sentences:
    """A document's sentences, and for each token the number of its sentence."""

    spans: list[Span]
    of_token: list[int]


def sentences(doc: Doc) -> Sentences:
    """Worked out once per document and shared by the stages (`Token.sent` walks all the
    sentences on every call)."""
    cached = doc.user_data.get("eventcoder.sentences")
    if cached is None:
        spans = list(doc.sents)
        of_token = [0] * len(doc)
        for n, sent in enumerate(spans):
            for i in range(sent.start, sent.end):
                of_token[i] = n
        cached = doc.user_data["eventcoder.sentences"] = Sentences(spans, of_token)
    return cached


def text_of(doc: Doc) -> str:
    """`doc.text` worked out once per document (spaCy joins all tokens on every access)."""
    cached = doc.user_data.get("eventcoder.text")
    if cached is None:
        cached = doc.user_data["eventcoder.text"] = doc.text
    return cached


def tokens_of(doc: Doc) -> tuple[Token, ...]:
    """The document's tokens, made once (iterating a Doc builds every Token anew)."""
    cached = doc.user_data.get("eventcoder.tokens")
    if cached is None:
        cached = doc.user_data["eventcoder.tokens"] = tuple(doc)
    return cached


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents` worked out once per document (spaCy builds new spans on every access)."""
    cached = doc.user_data.get("eventcoder.entities")
    if cached is None:
        cached = doc.user_data["eventcoder.entities"] = tuple(doc.ents)
    return cached
