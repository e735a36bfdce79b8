"""The dateline of a news text ('KABUL -', 'THE HAGUE, Netherlands --', 'WASHINGTON (AP) —'):
where the report was filed, not an actor of its first sentence."""

from __future__ import annotations

import re

#: A city in capitals, perhaps its country or state, perhaps an agency in brackets, then a
#: dash or colon, then a sentence. Capitals are required: 'Kenya - the country that ...' and
#: 'NATO - the alliance ...' are no datelines.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"  # KABUL, THE HAGUE, LA PAZ
    r"(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?"  # , Netherlands
    r"\s*(?:\([^()\n]{1,40}\))?"  # (AP)
    r"\s*(?:--|—|–|-|:)\s+(?=[A-Z\"“‘'])")  # and a sentence starts


def dateline_end(text: str) -> int:
    """The character offset where a leading dateline ends, or 0."""
    match = _DATELINE.match(text)
    return match.end() if match and match.end() < len(text) else 0
