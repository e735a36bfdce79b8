"""A compact, prebuilt index of the shipped knowledge base (`data/kb_index.pickle`).

Parsing and validating the shipped tables (tens of thousands of rows) at every start is
slow, so `scripts/build_phoenix_tables.py` (or `python -m eventcoder.knowledge.index`)
pickles the knowledge base built from them, with a fingerprint of the tables' bytes. At
load, the index is used only when its fingerprint matches the tables shipped beside it;
otherwise the tables are parsed as before, so an edited table is never shadowed by a
stale index. The index is a file of the package itself, read with the same trust as its
code; user tables are never pickled.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

INDEX = "kb_index.pickle"
#: Bumped when the pickled classes change shape, so an old index is not used.
VERSION = 1

T = TypeVar("T")


def _data() -> Path:
    return Path(str(resources.files("eventcoder.knowledge") / "data"))


#: The modules whose code builds the pickled objects: an edit to them makes a new index due.
_BUILDERS = ("base.py", "tables.py", "names.py")


def fingerprint(names: Sequence[str]) -> str:
    """A hash of the tables' names and bytes, in load order, and of the code that reads
    them into the pickled objects."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(VERSION).encode())
    for name in names:
        digest.update(name.encode() + b"\0" + (_data() / name).read_bytes())
    for module in _BUILDERS:
        digest.update((_data().parent / module).read_bytes())
    return digest.hexdigest()


def read_index(names: Sequence[str]) -> object | None:
    """The pickled knowledge base, if the index exists and matches the tables."""
    path = _data() / INDEX
    if not path.exists():
        return None
    with path.open("rb") as f:
        stamp, kb = pickle.load(f)  # noqa: S301 - a file of the package itself
    return kb if stamp == fingerprint(names) else None


def write_index(names: Sequence[str], build: Callable[[], T]) -> Path:
    """Build the knowledge base from the tables and pickle it beside them."""
    path = _data() / INDEX
    kb = build()
    with path.open("wb") as f:
        pickle.dump((fingerprint(names), kb), f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def main() -> None:
    """Rebuild the index of the shipped tables."""
    from . import base

    print(write_index(base.SHIPPED, base.build_shipped))


if __name__ == "__main__":
    main()
