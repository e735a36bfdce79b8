"""Read: files, folders, stdin, JSON/JSONL, HTML pages and feeds -> `Article`.

`read_paths` yields articles and `Problem`s in input order; a problem with one input never
stops the others. Reading is bounded: only regular files (and `-`) are read, never more
than `settings.MAX_FILE_BYTES` of them (see `inputs`), and each format has its own limits
(`limits`). The HTML reader (trafilatura) and the feed reader (feedparser) are loaded when
a page or a feed is read.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .. import settings
from ..model import Article
from .encoding import decode, is_blank
from .errors import Problem, ReadError
from .fields import FieldMap
from .inputs import read_file, read_stream, walk
from .limits import EARLY_TEXT_FACTOR, MAX_PAGE_BYTES
from .records import parse_json, parse_jsonl
from .text import parse_text

__all__ = ["FieldMap", "Problem", "ReadError", "decode", "read_bytes", "read_file_items",
           "read_paths", "parse_text"]

_SUFFIX_FORMAT = {
    ".txt": "text", ".text": "text", ".md": "text", "": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".parquet": "parquet", ".pq": "parquet",
}
#: Lines looked at to tell JSON Lines from one JSON object, and bytes of each line's ends.
_SNIFF_LINES, _SNIFF_ENDS = 5, 1024


def _sniff(raw: bytes) -> str:
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
    head = raw[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "html" if b"<html" in raw[:2048].lower() else "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        ends = _line_ends(raw)
        one_per_line = len(ends) > 1 and all(first.startswith(b"{") and last.endswith(b"}")
                                             for first, last in ends)
        return "jsonl" if one_per_line else "json"
    return "text"


def _line_ends(raw: bytes) -> list[tuple[bytes, bytes]]:
    """The stripped first and last bytes of the first non-blank lines (up to
    `_SNIFF_LINES + 1`), without copying whole lines."""
    out: list[tuple[bytes, bytes]] = []
    start = 0
    while start < len(raw) and len(out) <= _SNIFF_LINES:
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        first = raw[start:min(end, start + _SNIFF_ENDS)].lstrip()
        last = raw[max(start, end - _SNIFF_ENDS):end].rstrip()
        if first and last:
            out.append((first, last))
        start = end + 1
    return out


def read_bytes(
    raw: bytes, origin: str, fmt: str | None = None, encoding: str | None = None,
    fields: FieldMap | None = None,
) -> Iterator[Article | Problem]:
    """Articles from the bytes of one input; `fmt` is text, json, jsonl, html, feed or
    parquet; `fields` renames the fields of JSON, JSON Lines and Parquet records."""
    try:
        if len(raw) > settings.MAX_FILE_BYTES:
            raise ReadError(
                origin, f"{len(raw):,} bytes is over the limit of {settings.MAX_FILE_BYTES:,}"
            )
        if is_blank(raw):
            raise ReadError(origin, "empty input")
        fmt = fmt or ("parquet" if raw.startswith(b"PAR1") else _sniff(raw))
        if fmt == "parquet":
            import io

            from .parquet import parse_parquet

            yield from map(_checked, parse_parquet(io.BytesIO(raw), origin, fields))
            return
        if fmt in ("feed", "html") and len(raw) > MAX_PAGE_BYTES:
            raise ReadError(origin, f"{'feed' if fmt == 'feed' else 'HTML page'} of "
                            f"{len(raw):,} bytes is over the limit of {MAX_PAGE_BYTES:,} "
                            "for pages and feeds; not read")
        if fmt == "feed":
            from .feed import parse_feed

            yield from map(_checked, parse_feed(raw, origin))
            return
        if fmt == "jsonl":
            yield from map(_checked, parse_jsonl(raw, origin, encoding, fields))
            return
        text = decode(raw, origin, encoding)
        if fmt == "json":
            yield from map(_checked, parse_json(text, origin, fields))
        elif fmt == "html":
            from .html import parse_html

            yield _checked(parse_html(text, origin))
        else:
            if len(text) > EARLY_TEXT_FACTOR * settings.MAX_TEXT_CHARS:
                raise ReadError(origin, f"text of {len(text):,} characters is over the "
                                f"limit of {settings.MAX_TEXT_CHARS:,}")
            yield _checked(parse_text(text, origin))
    except ReadError as exc:
        yield Problem(exc.origin, exc.problem)
    except ValidationError as exc:  # a field pydantic refuses: say which, carry on
        yield Problem(origin, f"not an article: {exc.errors()[0]['msg']} "
                              f"({'.'.join(map(str, exc.errors()[0]['loc']))})")


def _checked(item: Article | Problem) -> Article | Problem:
    """Articles too long to code are refused here, before anything is coded or stored."""
    if isinstance(item, Article) and len(item.text) > settings.MAX_TEXT_CHARS:
        return Problem(item.origin or item.id, f"text of {len(item.text):,} characters is "
                       f"over the limit of {settings.MAX_TEXT_CHARS:,}")
    return item


def read_paths(
    paths: Iterable[str | Path], encoding: str | None = None, fields: FieldMap | None = None
) -> Iterator[Article | Problem]:
    """Articles from files, folders (recursively) and `-` (standard input); `fields`
    renames the fields of JSON, JSON Lines and Parquet records."""
    for given in paths:
        if str(given) == "-":
            try:
                raw = read_stream(sys.stdin.buffer, "<stdin>")
            except ReadError as exc:
                yield Problem(exc.origin, exc.problem)
            else:
                yield from read_bytes(raw, "<stdin>", encoding=encoding, fields=fields)
            continue
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield Problem(str(path), "no such file or folder")
            continue
        files = walk(path) if path.is_dir() else iter([path])
        for file in files:
            if isinstance(file, Problem):
                yield file
            else:
                yield from read_file_items(file, encoding, fields)


def read_file_items(file: Path, encoding: str | None = None,
                    fields: FieldMap | None = None) -> Iterator[Article | Problem]:
    """The articles of one file (a Parquet file is read a row group at a time)."""
    fmt = _SUFFIX_FORMAT.get(file.suffix.lower())
    if fmt == "parquet":  # read in place, a row group at a time: no size limit
        from .inputs import kind_of
        from .parquet import parse_parquet

        try:
            mode = file.stat().st_mode
        except OSError as exc:
            yield Problem(str(file), f"cannot read: {exc.strerror or exc}")
            return
        if not stat.S_ISREG(mode):
            yield Problem(str(file), f"{kind_of(mode)}, not a regular file; not read")
            return
        yield from map(_checked, parse_parquet(file, str(file), fields))
        return
    try:
        raw = read_file(file)
    except ReadError as exc:
        yield Problem(exc.origin, exc.problem)
        return
    except OSError as exc:
        yield Problem(str(file), f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(raw, str(file), fmt=fmt, encoding=encoding, fields=fields)
