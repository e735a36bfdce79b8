"""Bytes to text: byte-order marks, UTF-16 and UTF-32 told apart, binary data refused."""

from __future__ import annotations

import codecs

from .errors import ReadError
from .limits import MAX_NUL_SHARE

#: Byte-order marks, the longer first: a UTF-32 LE mark starts like a UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes looked at to recognise an encoding.
_HEAD = 8192


def is_blank(raw: bytes) -> bool:
    return not raw or raw.isspace()


def _without_bom(raw: bytes) -> str | None:
    """The Unicode encoding that looks most like it: UTF-16 or UTF-32 text written without
    a byte-order mark has NUL bytes at fixed places (ASCII letters pad with zeros)."""
    head = raw[:_HEAD]
    if len(head) < 8 or b"\x00" not in head:
        return None
    n = len(head) - len(head) % 4
    zeros = [sum(1 for i in range(k, n, 4) if head[i] == 0) / (n // 4) for k in range(4)]
    if zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.5:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] < 0.5:
        return "utf-32-be"
    odd, even = (zeros[1] + zeros[3]) / 2, (zeros[0] + zeros[2]) / 2
    if odd > 0.7 and even < 0.3:
        return "utf-16-le"
    if even > 0.7 and odd < 0.3:
        return "utf-16-be"
    return None


def encoding_of(raw: bytes, origin: str, encoding: str | None = None) -> str:
    """The encoding to decode `raw` with: the one given, else the byte-order mark's, else
    UTF-8. Raises ReadError for an unknown encoding, for binary data and for UTF-16 or
    UTF-32 text without a mark (with the --encoding to give)."""
    if encoding is not None:
        try:
            return codecs.lookup(encoding).name
        except LookupError as exc:
            raise ReadError(origin, f"unknown encoding {encoding!r}") from exc
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if b"\x00" in raw[:_HEAD]:
        guess = _without_bom(raw)
        if guess is not None:
            raise ReadError(
                origin,
                f"looks like {guess.upper()} text without a byte-order "
                f"mark; give its encoding with --encoding {guess}",
            )
        raise ReadError(origin, "binary data (NUL bytes), not a text article")
    return "utf-8"


def check_text(text: str, origin: str) -> str:
    """Refuses decoded text that holds NUL characters beyond a stray one (binary data, or
    the wrong encoding), and empty text."""
    nuls = text.count("\x00")
    if nuls and nuls > MAX_NUL_SHARE * len(text):
        raise ReadError(
            origin,
            f"{nuls:,} NUL characters in {len(text):,}: binary data or "
            "the wrong encoding, not a text article (see --encoding)",
        )
    if nuls:
        text = text.replace("\x00", "")
    if not text or text.isspace():
        raise ReadError(origin, "empty input")
    return text


def decode(raw: bytes, origin: str, encoding: str | None = None) -> str:
    """Bytes to text; refuses binary data and bytes that are not in the expected encoding."""
    if is_blank(raw):
        raise ReadError(origin, "empty input")
    name = encoding_of(raw, origin, encoding)
    try:
        text = raw.decode(name)
    except UnicodeDecodeError as exc:
        raise ReadError(origin, decode_problem(raw, exc, name)) from exc
    return check_text(text, origin)


def decode_problem(
    raw: bytes, exc: UnicodeDecodeError, encoding: str, one_line: bool = False
) -> str:
    """What is wrong with bytes that do not decode: the byte and where it is (its column
    in bytes, and its line unless `raw` is `one_line`)."""
    shown = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8"}.get(encoding, encoding)
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    where = f"column {exc.start - line_start + 1}"
    if not one_line:
        line = raw.count(b"\n", 0, exc.start) + 1
        where = f"line {line}, {where}"
    return (
        f"not valid {shown} text (byte 0x{raw[exc.start]:02x} at {where}); give the "
        "right encoding with --encoding"
    )
