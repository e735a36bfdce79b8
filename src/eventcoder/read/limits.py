"""Limits of the readers, beyond those in `settings` (file size, text length).

Every input is read with a bound on the memory it may take: a file over
`settings.MAX_FILE_BYTES` is refused before it is read (standard input as soon as it passes
the limit), and the limits below stop a single record, page or structure from growing into
many copies of itself while it is parsed.
"""

from __future__ import annotations

from .. import settings

#: Deepest nesting of lists and objects read in a JSON document or record.
MAX_JSON_DEPTH = 64
#: Largest JSON Lines record (one line) or JSON document parsed, in bytes: a text at the
#: length limit with every character escaped (\\uXXXX), and room for other fields.
MAX_RECORD_BYTES = 6 * settings.MAX_TEXT_CHARS + 1_000_000
#: Largest HTML page and RSS/Atom feed parsed, in bytes (trafilatura itself gives up on
#: pages of 20 MB, returning no text).
MAX_PAGE_BYTES = 20_000_000
#: A text longer than this many times the length limit is refused before it is parsed
#: (parsing only removes header lines, spacing and invisible characters).
EARLY_TEXT_FACTOR = 2
#: Share of NUL characters above which decoded text is refused as binary data.
MAX_NUL_SHARE = 0.001
#: Bytes of standard input read at a time.
CHUNK_BYTES = 1 << 20
