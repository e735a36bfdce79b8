"""Opening inputs: regular files only (or standard input), read with a size cap, and
folders walked without leaving them.

A named pipe, a device (/dev/zero) or a socket is refused by its kind before a byte is read,
so nothing waits forever or fills memory; standard input is read in chunks and refused as
soon as it passes the size limit.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .. import settings
from .errors import Problem, ReadError
from .limits import CHUNK_BYTES

#: Files and folders whose names start with these are skipped in a folder.
HIDDEN = (".", "_")


def kind_of(mode: int) -> str:
    """What a file is, in words, from its `st_mode`."""
    for test, name in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _over(size: int | str, origin: str) -> ReadError:
    return ReadError(
        origin, f"{size} bytes is over the limit of {settings.MAX_FILE_BYTES:,}; not read"
    )


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most `settings.MAX_FILE_BYTES`; raises ReadError
    (naming the file) for anything else, OSError when it cannot be opened."""
    origin = str(path)
    # O_NONBLOCK: opening a named pipe does not wait for a writer (it is refused below)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            hint = (
                " (give its contents on standard input with -)"
                if stat.S_ISFIFO(info.st_mode)
                else ""
            )
            raise ReadError(origin, f"{kind_of(info.st_mode)}, not a regular file; not read{hint}")
        if info.st_size > settings.MAX_FILE_BYTES:
            raise _over(f"{info.st_size:,}", origin)
        raw = file.read(settings.MAX_FILE_BYTES + 1)  # the file may grow meanwhile
    if len(raw) > settings.MAX_FILE_BYTES:
        raise _over(f"more than {settings.MAX_FILE_BYTES:,}", origin)
    return raw


def read_stream(stream: BinaryIO, origin: str) -> bytes:
    """A stream's bytes, refused as soon as they pass `settings.MAX_FILE_BYTES`."""
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(min(CHUNK_BYTES, settings.MAX_FILE_BYTES + 1 - total)):
        parts.append(chunk)
        total += len(chunk)
        if total > settings.MAX_FILE_BYTES:
            raise _over(f"more than {settings.MAX_FILE_BYTES:,}", origin)
    return b"".join(parts)


def walk(root: Path, base: Path | None = None) -> Iterator[Path | Problem]:
    """The files of a folder and its subfolders, in sorted order, without hidden ones.

    Symbolic links are read only when they lead to a file inside the folder; a link
    leading out of it, a dangling link and a link loop are problems. A link to a folder
    inside it is not followed (its files are read under their own names). Named pipes,
    devices and sockets are yielded, for the reader to refuse by name. `base` is the
    folder first given (its real path)."""
    base = base or root.resolve()
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Problem(str(root), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(HIDDEN):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            problem = _link_problem(path, base)
            if problem is not None:
                yield problem
            elif not path.is_dir():
                yield path
        elif entry.is_dir(follow_symlinks=False):
            yield from walk(path, base)
        else:
            yield path


def _link_problem(path: Path, base: Path) -> Problem | None:
    """Why a symbolic link inside a folder is not read, or None when it may be."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return Problem(str(path), f"dangling symbolic link (to {os.readlink(path)}); not read")
    except RuntimeError:  # Python before 3.13 says "Symlink loop" this way
        return Problem(str(path), "symbolic link loop; not read")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(str(path), "symbolic link loop; not read")
        return Problem(str(path), f"cannot follow the symbolic link: {exc.strerror or exc}")
    if not target.is_relative_to(base):
        return Problem(str(path), f"symbolic link to {target}, outside the folder read; not read")
    return None
