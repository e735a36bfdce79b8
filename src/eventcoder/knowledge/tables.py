"""Reading and validating the knowledge-base tables (tab-separated, `#` comments).

Each table is recognised by its header row, so a user file in any of the shipped formats
can add or override entries (`--kb FILE`, or EVENTCODER_KB).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import datafiles
from ..datafiles import DataFileError

#: The header of each table kind.
HEADERS: dict[str, tuple[str, ...]] = {
    "countries": ("code", "name", "names", "demonyms", "metonyms", "sectors"),
    "organisations": ("id", "name", "names", "country", "sector", "sectors", "kind"),
    "office_holders": ("name", "variants", "country", "sector", "office", "start", "end"),
    # people with dated roles but no named office (generated from the Phoenix dictionaries):
    # matched by their full names only, never by a surname alone
    "state_actors": ("name", "variants", "country", "sector", "sectors", "start", "end"),
    "sectors": ("noun", "sector", "office"),
    "outlets": ("name", "names", "country"),
}

#: PLOVER 2.0 sector codes.
SECTORS = frozenset(
    ["COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR",
     "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"]
)
#: How a group of a sector is named ("Belarus government").
SECTOR_LABELS = {
    "COP": "police", "GOV": "government", "JUD": "judiciary", "LEG": "legislature",
    "MIL": "military", "PRM": "paramilitaries", "PTY": "party", "REB": "rebels",
    "SPY": "intelligence", "UAF": "armed group", "UNK": "unidentified", "AGR": "farmers",
    "BUS": "business", "CRM": "criminals", "CVL": "civilians", "EDU": "education",
    "ELI": "former officials", "JRN": "media", "LAB": "labour", "MED": "health",
    "REF": "refugees", "OPP": "opposition", "PRE": "breakaway authorities",
    "REL": "religious groups", "SOC": "civil society",
}
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Row(datafiles.Row):
    """A knowledge-base row, with checked readers for its codes, sectors and dates."""

    def many(self, column: str) -> list[str]:
        return [v.strip() for v in self.cells.get(column, "").split("|") if v.strip()]

    def code(self, column: str, required: bool = True) -> str | None:
        value = self.cells.get(column, "").strip()
        if not value and not required:
            return None
        if not _CODE.match(value):
            raise self.error(f"{column} {value!r} is not a 3-letter upper-case code")
        return value

    def sector(self, column: str) -> str | None:
        value = self.cells.get(column, "").strip()
        if value and value not in SECTORS:
            raise self.error(f"{column} {value!r} is not a PLOVER sector code")
        return value or None

    def sectors(self, column: str) -> list[str]:
        values = self.many(column)
        for value in values:
            if value not in SECTORS:
                raise self.error(f"{column} {value!r} is not a PLOVER sector code")
        return values

    def date(self, column: str, end: bool = False) -> date | None:
        """A date of year, month or day precision; an end date takes the period's last day."""
        value = self.cells.get(column, "").strip()
        if not value:
            return None
        match = _DATE.match(value)
        if not match:
            raise self.error(f"{column} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year = int(match.group(1))
        month = int(match.group(2) or (12 if end else 1))
        try:
            last = calendar.monthrange(year, month)[1]
            day = int(match.group(3) or (last if end else 1))
            return date(year, month, day)
        except (ValueError, calendar.IllegalMonthError) as exc:
            raise self.error(f"{column} {value!r}: {exc}") from exc


def read_table(path: Path) -> tuple[str, list[Row]]:
    """The kind of table a file holds (known by its header row), and its rows."""
    text = datafiles.read_text(path)
    header_line, columns = datafiles.header_of(datafiles.numbered_lines(text), str(path))
    kind = next((k for k, h in HEADERS.items() if h == columns), None)
    if kind is None:
        known = "; ".join(f"{k}: {' '.join(h)}" for k, h in HEADERS.items())
        raise DataFileError(str(path), header_line, f"unknown header {columns}; known: {known}")
    rows = datafiles.tsv_rows(text, str(path), columns, required=1)
    return kind, [Row(r.path, r.line, r.cells) for r in rows]
