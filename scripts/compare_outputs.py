"""Snapshot eventcoder's output on fixed inputs, and compare two snapshots.

A refactor must change no output: snapshot the old code, snapshot the new, compare.

    python scripts/compare_outputs.py snapshot OUT_DIR [--corpus N] [--workers W]
    python scripts/compare_outputs.py compare A_DIR B_DIR [--ignore-key KEY ...]

`snapshot` codes, through the public API only (`eventcoder.read_paths`, `make_article`,
`code_articles`), every file in examples/, the first N articles of the shared corpus and the
texts of every gold set, and writes one JSON Lines file per input set (one coded article a
line, keys sorted) plus eval.txt, the output of `eventcoder eval` on the gold sets. It runs
in the repository root (the parent of scripts/) and names inputs relative to it, so that
snapshots of different checkouts name them alike: to snapshot another checkout, put its
src/ first on PYTHONPATH (the eval subprocesses inherit it). `compare` exits 1 when
anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from itertools import zip_longest
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.path.relpath(ROOT.parent / "shared", ROOT))
EXAMPLES = Path("examples")
CORPUS = SHARED / "corpus" / "news_articles.jsonl"
GOLD = SHARED / "gold"
#: Gold set -> the field holding its publication date. The PLOVER sets are turned into
#: articles as `eventcoder eval actors|events` does (`evaluate/plover_gold.py`: the record's
#: "date" read with `date.fromisoformat`, none when missing or bad; origin = record id), the
#: TimeML set as `eval time` does (its "dct"). `eval attribution` codes no articles (it runs
#: the attribution stage alone, without a date), so the PolNeAR sets use their "date".
GOLD_SETS = {
    "plover_gsr_dev": "date",
    "plv_dev": "date",
    "polnear_dev": "date",
    "polnear_train": "date",
    "timex_tbaq_dev": "dct",
}
EVALS = [
    ("actors", "plover_gsr_dev"),
    ("events", "plover_gsr_dev"),
    ("events", "plv_dev"),
    ("attribution", "polnear_dev"),
    ("time", "timex_tbaq_dev"),
]
EVAL_FILE = "eval.txt"
META_FILE = "snapshot.json"
SHOWN_RECORDS = 5  # differing records shown per set
SHOWN_PATHS = 8  # differing paths shown per record

Item = tuple[str, int, Any]  # (set name, position in the set, Article or Problem)


# --- snapshot --------------------------------------------------------------------------------


def _iso_date(value: object) -> date | None:
    """The date of a gold record's field, None when missing or not ISO (as the scorers do)."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def gold_articles(name: str, date_field: str) -> list[Any]:
    """The articles of one gold set: its texts, publication dates and ids."""
    import eventcoder

    articles = []
    with (GOLD / f"{name}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            article = eventcoder.make_article(
                record["text"], published=_iso_date(record.get(date_field)))
            article.origin = record.get("id")
            articles.append(article)
    return articles


def read_inputs(corpus_size: int) -> dict[str, list[Any]]:
    """Every input set, in order: Articles, and Problems where an input could not be read."""
    import eventcoder

    sets: dict[str, list[Any]] = {"examples": list(eventcoder.read_paths([EXAMPLES]))}
    corpus: list[Any] = []
    n_articles = 0
    for item in eventcoder.read_paths([CORPUS]):
        if n_articles == corpus_size:
            break
        corpus.append(item)
        n_articles += isinstance(item, eventcoder.Article)
    sets["corpus"] = corpus
    for name, date_field in GOLD_SETS.items():
        sets[name] = gold_articles(name, date_field)
    return sets


def canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def code_items(items: list[Item]) -> list[tuple[str, int, str]]:
    """Code one worker's share: (set, position, JSON line) for every item. An article whose
    coding fails gives an {"error": ...} line and the rest carry on."""
    import eventcoder

    lines: list[tuple[str, int, str]] = []
    articles = [(s, i, a) for s, i, a in items if isinstance(a, eventcoder.Article)]
    lines += [(s, i, canonical({"problem": str(p)}))
              for s, i, p in items if not isinstance(p, eventcoder.Article)]
    while articles:
        done = 0
        try:
            for record in eventcoder.code_articles([a for _, _, a in articles]):
                name, position, _ = articles[done]
                lines.append((name, position, canonical(record.model_dump(mode="json"))))
                done += 1
        except Exception as exc:  # noqa: BLE001 - recorded, the snapshot carries on
            name, position, article = articles[done]
            error = {"error": f"{type(exc).__name__}: {exc}", "origin": article.origin}
            lines.append((name, position, canonical(error)))
            done += 1
        articles = articles[done:]
    return lines


def share_out(sets: dict[str, list[Any]], workers: int) -> list[list[Item]]:
    """Items split among the workers by text length, the same way on every run: which
    process codes which article, and after which others, never varies between runs."""
    shares: list[list[Item]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for name, items in sets.items():
        for position, item in enumerate(items):
            lightest = loads.index(min(loads))
            shares[lightest].append((name, position, item))
            loads[lightest] += len(getattr(item, "text", ""))
    return [share for share in shares if share]


def _subprocess_env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1"}


def check_subprocess_import(expected: Path) -> None:
    """Stop unless the eval subprocesses import the same eventcoder as this process."""
    code = "import eventcoder, pathlib; print(pathlib.Path(eventcoder.__file__).parent)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=_subprocess_env(), check=False).stdout.strip()
    if Path(found) != expected:
        sys.exit(f"subprocesses import eventcoder from {found or '?'}, not {expected}")


def run_eval(kind: str, gold: str) -> str:
    """One `eventcoder eval` run as text: the command, its exit status, stdout and stderr."""
    path = GOLD / f"{gold}.jsonl"
    done = subprocess.run([sys.executable, "-m", "eventcoder", "eval", kind, str(path)],
                          capture_output=True, text=True, env=_subprocess_env(), check=False)
    parts = [f"$ eventcoder eval {kind} {path}", f"exit status {done.returncode}",
             done.stdout.rstrip("\n")]
    if done.stderr.strip():
        parts += ["[stderr]", done.stderr.rstrip("\n")]
    return "\n".join(parts) + "\n"


def snapshot(out_dir: Path, corpus_size: int, workers: int) -> None:
    import eventcoder

    out_dir = out_dir.resolve()
    if out_dir.exists() and any(out_dir.iterdir()):
        sys.exit(f"{out_dir} is not empty; give a new folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    package = Path(eventcoder.__file__).parent
    print(f"eventcoder from {package}", file=sys.stderr)
    check_subprocess_import(package)
    started = time.perf_counter()

    sets = read_inputs(corpus_size)
    coded: dict[str, list[str | None]] = {name: [None] * len(items)
                                          for name, items in sets.items()}
    with ProcessPoolExecutor(workers) as pool:
        for share in pool.map(code_items, share_out(sets, workers)):
            for name, position, line in share:
                coded[name][position] = line
    for name, lines in coded.items():
        (out_dir / f"{name}.jsonl").write_text("".join(f"{line}\n" for line in lines),
                                               encoding="utf-8")
        print(f"{name:16} {len(lines):5} records", file=sys.stderr)
    coding_seconds = time.perf_counter() - started

    with ThreadPoolExecutor(workers) as threads:
        reports = list(threads.map(run_eval, *zip(*EVALS, strict=True)))
    (out_dir / EVAL_FILE).write_text("\n".join(reports), encoding="utf-8")
    seconds = time.perf_counter() - started

    meta = {
        "eventcoder": str(package),
        "python": sys.version.split()[0],
        "corpus": corpus_size,
        "records": {name: len(lines) for name, lines in coded.items()},
        "environment": {k: v for k, v in sorted(os.environ.items())
                        if k.startswith("EVENTCODER_") or k == "PYTHONHASHSEED"},
        "seconds": {"coding": round(coding_seconds, 1), "total": round(seconds, 1)},
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"snapshot in {out_dir}: {sum(meta['records'].values())} records, "
          f"{len(EVALS)} evals, {seconds:.0f} s (coding {coding_seconds:.0f} s)",
          file=sys.stderr)


# --- compare ---------------------------------------------------------------------------------


def short(value: object, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def diff(a: object, b: object, ignore: set[str], path: str = "") -> Iterator[str]:
    """Where two JSON values differ, one line per path: `events[2].why: 'x' != 'y'`."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            where = f"{path}.{key}" if path else key
            if key not in b:
                yield f"{where}: missing in B (A: {short(a[key])})"
            elif key not in a:
                if key not in ignore:
                    yield f"{where}: new in B ({short(b[key])})"
            else:
                yield from diff(a[key], b[key], ignore, where)
    elif isinstance(a, list) and isinstance(b, list):
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from diff(x, y, ignore, f"{path}[{index}]")
        if len(a) != len(b):
            longer, side = (a, "A") if len(a) > len(b) else (b, "B")
            yield (f"{path}: {len(a)} items != {len(b)} "
                   f"(first extra in {side}: {short(longer[min(len(a), len(b))])})")
    elif type(a) is not type(b) or a != b:
        if isinstance(a, str) and isinstance(b, str):
            # long strings are shown from a little before their first difference
            same = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                        min(len(a), len(b)))
            cut = max(0, same - 20)
            a, b = (f"...{a[cut:]}", f"...{b[cut:]}") if cut else (a, b)
        yield f"{path or '<record>'}: {short(a)} != {short(b)}"


def _label(record: object, position: int) -> str:
    article = record.get("article") if isinstance(record, dict) else None
    origin = article.get("origin") if isinstance(article, dict) else None
    return f"#{position}" + (f" ({origin})" if origin else "")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def compare_set(name: str, a_dir: Path, b_dir: Path, ignore: set[str],
                say: Callable[[str], None]) -> tuple[int, int]:
    """Records compared and records that differ (or 1 for a missing file) in one input set."""
    a_path, b_path = a_dir / f"{name}.jsonl", b_dir / f"{name}.jsonl"
    a_lines, b_lines = _lines(a_path), _lines(b_path)
    missing = [f"  {path} is missing" for path in (a_path, b_path) if not path.exists()]
    shown: list[str] = []
    differing = 0
    for position, (a_line, b_line) in enumerate(zip_longest(a_lines, b_lines)):
        if a_line == b_line:
            continue
        a = json.loads(a_line) if a_line is not None else None
        b = json.loads(b_line) if b_line is not None else None
        if a is None or b is None:
            paths = [f"only in {'B' if a is None else 'A'}"]
        else:
            paths = list(diff(a, b, ignore))
            if not paths:  # only keys ignored by --ignore-key differ
                continue
        differing += 1
        if differing <= SHOWN_RECORDS:
            shown.append(f"  {_label(a or b, position)}:")
            shown += [f"    {p}" for p in paths[:SHOWN_PATHS]]
            if len(paths) > SHOWN_PATHS:
                shown.append(f"    ... and {len(paths) - SHOWN_PATHS} more")
    if differing > SHOWN_RECORDS:
        shown.append(f"  ... and {differing - SHOWN_RECORDS} more records")
    compared = max(len(a_lines), len(b_lines))
    say(f"{name:16} {compared:5} records compared, {differing} differ")
    for line in missing + shown:
        say(line)
    return compared, max(differing, len(missing) > 0)


def compare_eval(a_dir: Path, b_dir: Path, say: Callable[[str], None]) -> tuple[int, int]:
    """Lines compared and lines that differ in eval.txt."""
    a_lines, b_lines = _lines(a_dir / EVAL_FILE), _lines(b_dir / EVAL_FILE)
    pairs = list(zip_longest(a_lines, b_lines))
    differing = [(n, a, b) for n, (a, b) in enumerate(pairs, 1) if a != b]
    say(f"{EVAL_FILE:16} {len(pairs):5} lines compared, {len(differing)} differ")
    for n, a, b in differing[:SHOWN_RECORDS * 2]:
        say(f"  line {n}: {short(a, 200)} != {short(b, 200)}")
    if len(differing) > SHOWN_RECORDS * 2:
        say(f"  ... and {len(differing) - SHOWN_RECORDS * 2} more lines")
    missing = [d for d in (a_dir, b_dir) if not (d / EVAL_FILE).exists()]
    for folder in missing:
        say(f"  {folder / EVAL_FILE} is missing")
    return len(pairs), len(differing) + len(missing)


def _meta(folder: Path) -> dict[str, Any]:
    path = folder / META_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def compare(a_dir: Path, b_dir: Path, ignore: Iterable[str]) -> int:
    ignored = set(ignore)
    for folder in (a_dir, b_dir):
        if not folder.is_dir():
            sys.exit(f"{folder} is not a folder")
    metas = _meta(a_dir), _meta(b_dir)
    for side, folder, meta in (("A", a_dir, metas[0]), ("B", b_dir, metas[1])):
        print(f"{side}: {folder} (eventcoder from {meta.get('eventcoder', '?')})")
    for key in ("python", "corpus", "environment"):
        if metas[0].get(key) != metas[1].get(key):
            print(f"warning: the snapshots differ in {key}: "
                  f"{metas[0].get(key)!r} != {metas[1].get(key)!r}")
    if ignored:
        print(f"ignoring keys new in B: {', '.join(sorted(ignored))}")
    names = sorted({p.stem for folder in (a_dir, b_dir) for p in folder.glob("*.jsonl")})
    records = differing_records = 0
    for name in names:
        compared, differing = compare_set(name, a_dir, b_dir, ignored, print)
        records += compared
        differing_records += differing
    lines, differing_lines = compare_eval(a_dir, b_dir, print)
    if differing_records or differing_lines:
        print(f"{differing_records} of {records} records and {differing_lines} of {lines} "
              f"eval lines differ")
        return 1
    print(f"zero differences in {records} records and {lines} eval lines")
    return 0


# --- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot", help="code the inputs and run the evals into OUT_DIR")
    snap.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="a new or empty folder")
    snap.add_argument("--corpus", type=int, default=200, metavar="N",
                      help="corpus articles to code (default 200)")
    snap.add_argument("--workers", type=int, default=2, metavar="W",
                      help="coding processes and concurrent evals (default 2)")
    comp = commands.add_parser("compare", help="compare two snapshots; exit 1 if they differ")
    comp.add_argument("a_dir", type=Path, metavar="A_DIR", help="the reference snapshot")
    comp.add_argument("b_dir", type=Path, metavar="B_DIR", help="the snapshot to check")
    comp.add_argument("--ignore-key", action="append", default=[], metavar="KEY",
                      help="a key new in B to ignore wherever it occurs (repeatable)")
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        if args.corpus < 0 or args.workers < 1:
            parser.error("--corpus must be 0 or more and --workers 1 or more")
        snapshot(args.out_dir, args.corpus, args.workers)
        return 0
    return compare(args.a_dir, args.b_dir, args.ignore_key)


if __name__ == "__main__":
    sys.exit(main())
