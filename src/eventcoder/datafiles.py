"""The tab-separated data files shipped inside the package, read in one way."""

from __future__ import annotations

from importlib import resources


def data_rows(package: str, name: str) -> list[list[str]]:
    """The rows of `<package>/data/<name>` after its header row, split on tabs; lines
    starting with `#` and blank lines are skipped, cells are left as they are."""
    text = (resources.files(package) / "data" / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]
