"""Read: files, folders, stdin, JSON/JSONL, HTML pages and feeds -> `Article`.

`read_paths` yields articles and `Problem`s in input order; a problem with one input never
stops the others. The HTML reader (trafilatura) and the feed reader (feedparser) are loaded
when a page or a feed is read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from .. import settings
from ..model import Article
from .errors import Problem, ReadError
from .records import parse_json, parse_jsonl
from .text import parse_text

__all__ = ["Problem", "ReadError", "read_bytes", "read_paths", "parse_text"]

_SUFFIX_FORMAT = {
    ".txt": "text", ".text": "text", ".md": "text", "": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
_HIDDEN = (".", "_")


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
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        one_per_line = len(lines) > 1 and all(ln.startswith(b"{") and ln.endswith(b"}")
                                              for ln in lines[:5])
        return "jsonl" if one_per_line else "json"
    return "text"


def decode(raw: bytes, origin: str, encoding: str | None = None) -> str:
    """Bytes to text; refuses binary data and bytes that are not in the expected encoding."""
    if not raw.strip():
        raise ReadError(origin, "empty input")
    if encoding is None and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    if encoding is None and b"\x00" in raw[:8192]:
        raise ReadError(origin, "binary data (NUL bytes), not a text article")
    try:
        text = raw.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, LookupError):
            raise ReadError(origin, f"unknown encoding {encoding!r}") from exc
        raise ReadError(
            origin,
            f"not valid {encoding or 'UTF-8'} text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); give the right one with --encoding",
        ) from exc
    if not text.strip():
        raise ReadError(origin, "empty input")
    return text


def read_bytes(
    raw: bytes, origin: str, fmt: str | None = None, encoding: str | None = None
) -> Iterator[Article | Problem]:
    """Articles from the bytes of one input; `fmt` is text, json, jsonl, html or feed."""
    try:
        if len(raw) > settings.MAX_FILE_BYTES:
            raise ReadError(
                origin, f"{len(raw):,} bytes is over the limit of {settings.MAX_FILE_BYTES:,}"
            )
        fmt = fmt or _sniff(raw)
        if fmt == "feed":
            from .feed import parse_feed

            yield from map(_checked, parse_feed(raw, origin))
            return
        text = decode(raw, origin, encoding)
        if fmt == "json":
            yield from map(_checked, parse_json(text, origin))
        elif fmt == "jsonl":
            yield from map(_checked, parse_jsonl(text, origin))
        elif fmt == "html":
            from .html import parse_html

            yield _checked(parse_html(text, origin))
        else:
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


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path).parts
            if child.is_file() and not any(p.startswith(_HIDDEN) for p in relative):
                yield child
    else:
        yield path


def read_paths(
    paths: Iterable[str | Path], encoding: str | None = None
) -> Iterator[Article | Problem]:
    """Articles from files, folders (recursively) and `-` (standard input)."""
    for given in paths:
        if str(given) == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", encoding=encoding)
            continue
        path = Path(given)
        if not path.exists():
            yield Problem(str(path), "no such file or folder")
            continue
        for file in _files(path):
            fmt = _SUFFIX_FORMAT.get(file.suffix.lower())
            try:
                size = file.stat().st_size
                if size > settings.MAX_FILE_BYTES:
                    raise ReadError(
                        str(file), f"{size:,} bytes is over the limit of "
                        f"{settings.MAX_FILE_BYTES:,}"
                    )
                raw = file.read_bytes()
            except OSError as exc:
                yield Problem(str(file), f"cannot read: {exc.strerror or exc}")
                continue
            except ReadError as exc:
                yield Problem(exc.origin, exc.problem)
                continue
            yield from read_bytes(raw, str(file), fmt=fmt, encoding=encoding)
