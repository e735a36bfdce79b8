"""Peak memory of refusing inputs that are too big, each in a fresh process.

    python bench/robust.py [--size-mb 50] [--stdin-mb 200]

For each input format (plain text, HTML, JSON, JSON Lines, RSS feed) a file holding one
record on a single line of about 50 MB (just under `settings.MAX_FILE_BYTES`, so that the
format's own limits, not the file size, refuse it) is read with `eventcoder.read_paths` in a
new Python process, and by the command `eventcoder code FILE` (which loads spaCy before it
reads); then 200 MB are piped to standard input (`-`) of both. Each process reports its
peak resident memory (`ru_maxrss`); the baselines (a process that only imports the readers,
and `code` of a one-line article) are printed first. Every input must be refused with a
message naming it, and no peak may exceed 400 MB; the script exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from eventcoder import settings

MAX_PEAK_MB = 400

#: Run in the child: read the inputs given, print the problems and the peak memory.
READ = """
import json, resource, sys
from eventcoder.read import Problem, read_paths
found = [str(i) for i in read_paths(sys.argv[1:]) if isinstance(i, Problem)]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux gives KiB
print(json.dumps({"problems": found, "peak": peak}))
"""
#: Run in the child: `eventcoder code ARGS -f jsonl`; the errors it printed and the peak
#: memory go to standard output when it exits.
CODE = """
import atexit, contextlib, io, json, resource, sys
errors = io.StringIO()
def report():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    found = [ln[7:] for ln in errors.getvalue().splitlines() if ln.startswith("error: ")]
    print(json.dumps({"problems": found[:-1] or found, "peak": peak}), file=sys.__stdout__)
atexit.register(report)
from eventcoder import cli
cli.err.file = errors
sys.argv = ["eventcoder", "code", *sys.argv[1:], "-f", "jsonl"]
with contextlib.redirect_stdout(io.StringIO()):
    cli.main()
"""


def _write_line(path: Path, size: int, prefix: bytes, suffix: bytes) -> None:
    """`prefix`, words up to `size` bytes in all, `suffix`: one line, written in pieces (a
    child process starts with its parent's memory high-water mark, so this one stays
    small)."""
    body = size - len(prefix) - len(suffix)
    words = b"Chile criticised Peru. " * 45590  # about 1 MB
    with open(path, "wb") as out:
        out.write(prefix)
        while body > 0:
            out.write(words[:body])
            body -= len(words)
        out.write(suffix)


def make_inputs(folder: Path, size: int) -> dict[str, Path]:
    """One single-line record of `size` bytes in each format."""
    shapes = {
        "txt": (b"", b"\n"),
        "html": (b"<html><body><article><p>", b"</p></article></body></html>\n"),
        "json": (b'{"id": "big", "date": "2025-06-12", "text": "', b'"}\n'),
        "jsonl": (b'{"id": "big", "date": "2025-06-12", "text": "', b'"}\n'),
        "feed": (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
            b"<title>Big</title><description>",
            b"</description></item></channel></rss>\n",
        ),
    }
    paths = {}
    for name, (prefix, suffix) in shapes.items():
        path = folder / f"big.{'xml' if name == 'feed' else name}"
        _write_line(path, size, prefix, suffix)
        paths[name] = path
    return paths


def run(child: str, args: list[str], stdin_bytes: int = 0) -> dict[str, object]:
    """The child's report on reading `args`; with `stdin_bytes`, that many bytes are piped
    to its standard input (the child may stop reading them early)."""
    process = subprocess.Popen(
        [sys.executable, "-c", child, *args],
        stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
    )

    def feed() -> None:
        assert process.stdin is not None
        chunk = b"Chile criticised Peru. " * 45590  # about 1 MB
        sent = 0
        try:
            while sent < stdin_bytes:
                process.stdin.write(chunk)
                sent += len(chunk)
            process.stdin.close()
        except BrokenPipeError:
            pass  # refused before the end: what should happen

    writer = threading.Thread(target=feed) if stdin_bytes else None
    if writer is not None:
        writer.start()
    assert process.stdout is not None
    out = process.stdout.read()
    process.wait()
    if writer is not None:
        writer.join()
    if not out.strip():
        raise SystemExit(f"the reading process failed ({process.returncode}) on {args}")
    return json.loads(out.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=settings.MAX_FILE_BYTES / 1e6 - 0.01)
    parser.add_argument("--stdin-mb", type=float, default=200)
    options = parser.parse_args()
    size = int(options.size_mb * 1e6)
    failed = False
    with tempfile.TemporaryDirectory(prefix="eventcoder-robust-") as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text("date 2025-06-12\n\nChile criticised Peru on Monday.\n")
        base = run(READ, [str(small)])["peak"] / 1e6  # type: ignore[operator]
        base_code = run(CODE, [str(small)])["peak"] / 1e6  # type: ignore[operator]
        print(
            f"baselines: readers alone {base:.1f} MB, `code` of a short article {base_code:.1f} MB"
        )
        cases = {
            f"{name}, {size / 1e6:.1f} MB": [str(path)]
            for name, path in make_inputs(Path(tmp), size).items()
        }
        cases[f"stdin, {options.stdin_mb:.0f} MB"] = ["-"]
        print(f"{'input':<16} {'read_paths':>10} {'code':>10}  refused with")
        for label, args in cases.items():
            stdin = int(options.stdin_mb * 1e6) if args == ["-"] else 0
            reports = [run(READ, args, stdin), run(CODE, args, stdin)]
            peaks = [r["peak"] / 1e6 for r in reports]  # type: ignore[operator]
            name = "<stdin>" if args == ["-"] else args[0]
            problems: list[str] = [p for r in reports for p in r["problems"]]  # type: ignore[attr-defined]
            refused = all(r["problems"] for r in reports) and all(name in p for p in problems)
            ok = refused and max(peaks) <= MAX_PEAK_MB
            failed |= not ok
            reason = problems[0].split(": ", 1)[-1] if problems else "NOT REFUSED"
            print(
                f"{label:<16} {peaks[0]:7.1f} MB {peaks[1]:7.1f} MB  "
                f"{'ok  ' if ok else 'FAIL'}  {reason}"
            )
    print(f"limit {MAX_PEAK_MB} MB per process: {'FAILED' if failed else 'all under'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
