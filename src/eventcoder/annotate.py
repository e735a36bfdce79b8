"""Annotate: spaCy, loaded in one place and run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
