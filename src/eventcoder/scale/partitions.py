"""Inputs split into partitions that workers read on their own (shared storage).

- a JSON Lines file of more than one partition's lines is split into ranges of lines
  (byte ranges that start at a line), read without the size limit of a whole file;
- a Parquet file into ranges of row groups;
- other files (text, JSON, HTML, feeds, and JSON Lines in UTF-16 or UTF-32, which cannot be
  split as bytes) are grouped, several files to a partition, in input order.

Folders are walked as `read_paths` walks them, and every article keeps the name it has
there (`corpus.jsonl:17`), so both engines store the same records. A partition's `key`
names its input and the version of the file (size and modification time): a stage file
written for it is reused only while the input is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model import Article
from ..read import FieldMap, Problem, read_file_items
from ..read.inputs import walk

#: Articles per partition (JSON Lines lines; Parquet rows, in whole row groups).
PARTITION_ARTICLES = 25
#: Files per partition of other files.
PARTITION_FILES = 50
#: Bytes read at a time while finding line starts.
_BLOCK = 1 << 22
#: Byte-order marks of encodings whose lines cannot be split as bytes.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Partition:
    """A part of the inputs: `kind` "lines" (bytes `start` to `stop` of a JSON Lines file,
    from line `first_line`), "rows" (row groups `start` to `stop` of a Parquet file) or
    "files" (whole files)."""

    index: int
    kind: str
    files: tuple[str, ...]
    start: int = 0
    stop: int = 0
    first_line: int = 1
    #: (size, modification time in ns) of each file, when it was split.
    versions: tuple[tuple[int, int], ...] = ()

    @property
    def name(self) -> str:
        """The partition in words, for messages."""
        if self.kind == "lines":
            return f"{self.files[0]} (lines from {self.first_line})"
        if self.kind == "rows":
            return f"{self.files[0]} (row groups {self.start} to {self.stop - 1})"
        first, last = self.files[0], self.files[-1]
        return first if first == last else f"{first} ... {last} ({len(self.files)} files)"

    def key(self, *context: object) -> str:
        """A hash of the partition, its files' versions and `context` (the coding
        options), for the name of its stage file."""
        fields = {k: v for k, v in asdict(self).items() if k != "index"}
        text = json.dumps([fields, [repr(c) for c in context]], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

    def read(self, encoding: str | None = None,
             fields: FieldMap | None = None) -> Iterator[Article | Problem]:
        """The partition's articles and problems, as `read_paths` gives them."""
        from ..read import _checked
        from ..read.records import parse_jsonl

        if self.kind == "files":
            for file in self.files:
                yield from read_file_items(Path(file), encoding, fields)
            return
        (file,) = self.files
        if self.kind == "rows":
            from ..read.parquet import parse_parquet

            yield from map(_checked, parse_parquet(file, file, fields,
                                                   range(self.start, self.stop)))
            return
        try:
            with open(file, "rb") as handle:
                handle.seek(self.start)
                raw = handle.read(self.stop - self.start)
        except OSError as exc:
            yield Problem(file, f"cannot read: {exc.strerror or exc}")
            return
        yield from map(_checked, parse_jsonl(raw, file, encoding, fields, self.first_line))


def _version(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def _line_ranges(path: Path, lines: int) -> Iterator[tuple[int, int, int]]:
    """(start, stop, first line) of ranges of `lines` lines of a file."""
    start, first, count, offset = 0, 1, 0, 0
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            at = 0
            while (found := block.find(b"\n", at)) >= 0:
                count += 1
                at = found + 1
                if count == lines:
                    stop = offset + at
                    yield start, stop, first
                    start, first, count = stop, first + lines, 0
            offset += len(block)
    if offset > start:
        yield start, offset, first


def _splittable_lines(path: Path, encoding: str | None) -> bool:
    """Can this JSON Lines file be split into byte ranges of lines?"""
    if encoding is not None:
        try:
            if "\n".encode(encoding) != b"\n" or encoding.lower().startswith(("utf-16",
                                                                              "utf-32")):
                return False
        except LookupError:
            return False  # read whole, which reports the unknown encoding
    with open(path, "rb") as handle:
        head = handle.read(4)
    return not head.startswith(_WIDE_BOMS)


def split_inputs(paths: Iterable[str | Path], encoding: str | None = None,
                 articles: int = PARTITION_ARTICLES, files: int = PARTITION_FILES,
                 ) -> Iterator[Partition | Problem]:
    """The partitions of these files and folders, in input order, and the problems of
    inputs that cannot be read at all (a missing file, standard input)."""
    from ..read import _SUFFIX_FORMAT

    index = 0
    group: list[Path] = []

    def flush() -> Iterator[Partition]:
        nonlocal index, group
        if group:
            yield Partition(index, "files", tuple(map(str, group)),
                            versions=tuple(_version(p) for p in group))
            index += 1
            group = []

    for file in _files(paths):
        if isinstance(file, Problem):
            yield file
            continue
        fmt = _SUFFIX_FORMAT.get(file.suffix.lower())
        try:
            version = _version(file)
            ranges = (list(_line_ranges(file, articles))
                      if fmt == "jsonl" and file.is_file() and _splittable_lines(file, encoding)
                      else [])
            if len(ranges) > 1:  # a file of one partition or less is read whole
                yield from flush()
                for start, stop, first in ranges:
                    yield Partition(index, "lines", (str(file),), start, stop, first,
                                    (version,))
                    index += 1
                continue
            if fmt == "parquet" and file.is_file():
                yield from flush()
                for start, stop in _row_ranges(file, articles):
                    yield Partition(index, "rows", (str(file),), start, stop,
                                    versions=(version,))
                    index += 1
                continue
        except OSError as exc:
            yield Problem(str(file), f"cannot read: {exc.strerror or exc}")
            continue
        group.append(file)
        if len(group) >= files:
            yield from flush()
    yield from flush()


def _files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    for given in paths:
        if str(given) == "-":
            yield Problem("-", "standard input cannot be shared with workers; give files or "
                          "folders with --engine dask")
            continue
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield Problem(str(path), "no such file or folder")
        elif path.is_dir():
            yield from walk(path)
        else:
            yield path


def _row_ranges(file: Path, rows: int) -> Iterator[tuple[int, int]]:
    """Ranges of whole row groups of about `rows` rows (at least one group each)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(file).metadata
    except (pa.ArrowException, OSError):
        yield 0, 1  # one partition, whose reading reports the problem
        return
    start, count = 0, 0
    for group in range(meta.num_row_groups):
        count += meta.row_group(group).num_rows
        if count >= rows:
            yield start, group + 1
            start, count = group + 1, 0
    if start < meta.num_row_groups:
        yield start, meta.num_row_groups

