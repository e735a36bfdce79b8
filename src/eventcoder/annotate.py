"""Annotate: spaCy, loaded in one place and run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import settings


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared spaCy pipeline (loaded once per process)."""
    nlp = spacy.load(settings.SPACY_MODEL)
    nlp.max_length = settings.MAX_TEXT_CHARS + 1
    return nlp


def annotate(text: str) -> Doc:
    return get_nlp()(text)


def annotate_many(texts: Iterable[str], batch_size: int = settings.BATCH_SIZE) -> Iterator[Doc]:
    yield from get_nlp().pipe(texts, batch_size=batch_size)
