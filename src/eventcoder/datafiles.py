"""The tab-separated data files (shipped in the package or given by a user), read one way.

Every data file is UTF-8 text; blank lines and lines starting with `#` are skipped. A file
with a header names its columns on its first other line; the lexicons keyed by kind
(`kind<TAB>word...`) have none. Any problem is one `DataFileError` naming the file and the
line, so a bad row is never a bare unpacking error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


class DataFileError(ValueError):
    """A data file that cannot be read or does not validate, with its path and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Row:
    """One row: its file, its line number and its cells by column (missing optional
    cells are empty strings; cells are not stripped)."""

    path: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells.values())

    def error(self, message: str) -> DataFileError:
        return DataFileError(self.path, self.line, message)


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines that are neither blank nor comments."""
    return [(n, line) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def read_text(path: Path | str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), 0, f"cannot read: {exc}") from exc


def header_of(lines: list[tuple[int, str]], origin: str) -> tuple[int, tuple[str, ...]]:
    """The header row's line number and column names, from a file's `numbered_lines`."""
    if not lines:
        raise DataFileError(origin, 0, "no header row")
    number, header = lines[0]
    return number, tuple(c.strip() for c in header.split("\t"))


def tsv_rows(text: str, origin: str, columns: Sequence[str], *, required: int | None = None,
             header: bool = True) -> list[Row]:
    """The rows of a data file's text. With `header`, its header must name `columns`. Each
    row needs at least `required` cells (all columns by default) and at most one per
    column."""
    lines = numbered_lines(text)
    if header:
        number, found = header_of(lines, origin)
        if found != tuple(columns):
            raise DataFileError(origin, number, f"header must be {' '.join(columns)} "
                                f"(tab-separated), found {' '.join(found)}")
        lines = lines[1:]
    least = len(columns) if required is None else required
    rows = []
    for number, line in lines:
        cells = line.split("\t")
        if not least <= len(cells) <= len(columns):
            expected = (f"{len(columns)}" if least == len(columns)
                        else f"{least} to {len(columns)}")
            raise DataFileError(origin, number, f"{len(cells)} cells, expected {expected} "
                                f"({' '.join(columns)})")
        cells += [""] * (len(columns) - len(cells))
        rows.append(Row(origin, number, dict(zip(columns, cells, strict=True))))
    return rows


def read_tsv_file(path: Path | str, columns: Sequence[str], *, required: int | None = None,
                  header: bool = True) -> list[Row]:
    """The rows of a data file on disk (see `tsv_rows`)."""
    return tsv_rows(read_text(path), str(path), columns, required=required, header=header)


def read_tsv(package: str, name: str, columns: Sequence[str], *, required: int | None = None,
             header: bool = True) -> list[Row]:
    """The rows of `<package>/data/<name>`, a file shipped in the package; errors name the
    file as `name`."""
    text = (resources.files(package) / "data" / name).read_text(encoding="utf-8")
    return tsv_rows(text, name, columns, required=required, header=header)
