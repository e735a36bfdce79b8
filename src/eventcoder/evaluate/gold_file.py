"""Reading gold JSON Lines files: one record a line, blank lines skipped, and a line that
is not JSON reported with its file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def gold_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, record) of each line of a gold file that is not blank."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            yield number, record
