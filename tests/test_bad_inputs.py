"""Bad and awkward inputs, as a new user gives them: every case gets a message naming the
input (and its line where it has one), the other inputs carry on, the exit status is the
one the README gives (0 all read, 1 some input failed, 2 a bad option or target), and no
traceback reaches the user. The storage cases run on SQLite and PostgreSQL."""

from __future__ import annotations

import codecs
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import Result
from typer.testing import CliRunner

from eventcoder import read as read_module
from eventcoder import settings
from eventcoder.cli import app
from eventcoder.read import Problem, read_paths
from eventcoder.store import Store
from storage_helpers import coded

runner = CliRunner()

GOOD = "date 2025-04-02\n\nChile criticised Peru on Monday.\n"


def record(text: object = "Chile criticised Peru on Monday.", **fields: object) -> str:
    return json.dumps({"text": text, "date": "2025-04-02", **fields})


@dataclass
class Case:
    """Inputs to write (name -> bytes, or a function making the file), the arguments
    after `code` ({dir} is the folder), and what must come out."""

    files: dict[str, bytes | Callable[[Path], None]]
    args: list[str]
    status: int
    messages: list[str]
    records: int
    env: dict[str, object] = field(default_factory=dict)
    stdin: bytes | None = None


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "a.txt").write_text(GOOD)
    (path / "out").symlink_to("/etc/passwd")
    (path / "dangling").symlink_to("nowhere.txt")
    (path / "loop1").symlink_to("loop2")
    (path / "loop2").symlink_to("loop1")
    os.mkfifo(path / "pipe")


CASES: dict[str, Case] = {
    # 2. deeply nested JSON: refused by name, the next input is read
    "deep json": Case(
        {"d.json": b"[" * 100_000 + b"]" * 100_000, "good.txt": GOOD.encode()},
        ["{dir}/d.json", "{dir}/good.txt"],
        1,
        ["d.json: JSON nested more than 64 levels deep"],
        1,
    ),
    "deep jsonl line": Case(
        {
            "r.jsonl": (
                record()
                + "\n"
                + '{"text": '
                + "[" * 5000
                + "]" * 5000
                + "}\n"
                + record("Peru praised Chile on Monday.")
                + "\n"
            ).encode()
        },
        ["{dir}/r.jsonl"],
        1,
        ["r.jsonl:2: JSON nested more than 64 levels deep"],
        2,
    ),
    # 3. a FIFO and /dev/zero: refused by kind, nothing waits or fills memory
    "fifo": Case(
        {"f": _fifo, "good.txt": GOOD.encode()},
        ["{dir}/f", "{dir}/good.txt"],
        1,
        ["f: a named pipe (FIFO), not a regular file"],
        1,
    ),
    "dev zero": Case(
        {"good.txt": GOOD.encode()},
        ["/dev/zero", "{dir}/good.txt"],
        1,
        ["/dev/zero: a character device, not a regular file"],
        1,
    ),
    # 5. encodings
    "utf-32 with bom": Case(
        {"u.txt": codecs.BOM_UTF32_LE + GOOD.encode("utf-32-le")}, ["{dir}/u.txt"], 0, [], 1
    ),
    "nul-heavy text": Case(
        {"n.txt": b"\x00" * 400 + GOOD.encode(), "good.txt": GOOD.encode()},
        ["{dir}/n.txt", "{dir}/good.txt", "--encoding", "utf-8"],
        1,
        ["n.txt: 400 NUL characters in"],
        1,
    ),
    "utf-16 without bom": Case(
        {"u.txt": GOOD.encode("utf-16-le")},
        ["{dir}/u.txt"],
        1,
        [
            "u.txt: looks like UTF-16-LE text without a byte-order mark;"
            " give its encoding with --encoding utf-16-le"
        ],
        0,
    ),
    # 6. one bad byte loses its line only, named by line and column
    "jsonl bad byte": Case(
        {
            "r.jsonl": (record() + "\n").encode()
            + b'{"text": "Peru \xff left."}\n'
            + (record("Peru praised Chile on Monday.") + "\n").encode()
        },
        ["{dir}/r.jsonl"],
        1,
        ["r.jsonl:2: not valid UTF-8 text (byte 0xff at column 16)"],
        2,
    ),
    # 7. over the limits, refused by name without reading everything
    "jsonl record too long": Case(
        {"r.jsonl": (record("x " * 1_500_000) + "\n" + record() + "\n").encode()},
        ["{dir}/r.jsonl"],
        1,
        ["r.jsonl:1: record of 3,000,034 bytes is over the limit of 2,800,000"],
        1,
    ),
    "stdin over the limit": Case(
        {},
        ["-"],
        1,
        ["<stdin>: more than 1,000 bytes is over the limit of 1,000; not read"],
        0,
        env={"MAX_FILE_BYTES": 1000},
        stdin=b"Chile. " * 1000,
    ),
    "html page too big": Case(
        {
            "p.html": b"<html><body><p>"
            + b"Chile criticised Peru. " * 2000
            + b"</p></body></html>",
            "good.txt": GOOD.encode(),
        },
        ["{dir}/p.html", "{dir}/good.txt"],
        1,
        ["p.html: HTML page of 46,0", "is over the limit of 1,000 for pages and feeds"],
        1,
        env={"MAX_PAGE_BYTES": 1000},
    ),
    # 9. dates
    "year 1 in a record": Case(
        {
            "r.jsonl": (
                json.dumps({"text": "Chile criticised Peru.", "date": "0001-01-01"})
                + "\n"
                + record()
                + "\n"
            ).encode()
        },
        ["{dir}/r.jsonl"],
        1,
        ["r.jsonl:1: date 0001-01-01 is outside the years 1000-9900"],
        1,
    ),
    "year 1 in a header": Case(
        {"a.txt": b"date 0001-01-01\n\nChile criticised Peru."},
        ["{dir}/a.txt"],
        1,
        ["a.txt: date 0001-01-01 is outside"],
        0,
    ),
    "negative year": Case(
        {"r.json": json.dumps({"text": "Chile left.", "date": "-0044-03-15"}).encode()},
        ["{dir}/r.json"],
        1,
        ["r.json: date '-0044-03-15' has a negative year"],
        0,
    ),
    "far future": Case(
        {"r.json": json.dumps({"text": "Chile criticised Peru.", "date": "2999-01-01"}).encode()},
        ["{dir}/r.json"],
        0,
        ["r.json: date 2999-01-01 is more than a year in the future"],
        1,
    ),
    "--date year 1": Case(
        {"a.txt": b"Chile criticised Peru."},
        ["{dir}/a.txt", "--date", "0001-01-01"],
        2,
        ["--date: date 0001-01-01 is outside the years 1000-9900"],
        0,
    ),
    "--date year 9999": Case(
        {"a.txt": b"Chile criticised Peru."},
        ["{dir}/a.txt", "--date", "9999-12-31"],
        2,
        ["--date: date 9999-12-31 is outside"],
        0,
    ),
    # 10. folders: links out, dangling and looping links and FIFOs are named
    "folder": Case(
        {"in": _folder},
        ["{dir}/in"],
        1,
        [
            "in/out: symbolic link to /etc/passwd, outside the folder read; not read",
            "in/dangling: dangling symbolic link (to nowhere.txt)",
            "in/loop1: symbolic link loop",
            "in/loop2: symbolic link loop",
            "in/pipe: a named pipe (FIFO), not a regular file",
        ],
        1,
    ),
    # 12. wrong or missing messages
    "text is a list": Case(
        {"r.jsonl": (record(["Chile", "Peru"]) + "\n" + record()).encode()},
        ["{dir}/r.jsonl"],
        1,
        ["r.jsonl:1: field 'text' should be text, found a list"],
        1,
    ),
    "text is a number": Case(
        {"r.json": record(42).encode()},
        ["{dir}/r.json"],
        1,
        ["r.json: field 'text' should be text, found a number"],
        0,
    ),
    "no date at all": Case(
        {"a.txt": b"Chile criticised Peru on Tuesday."},
        ["{dir}/a.txt"],
        0,
        ["a.txt: no publication date (no date line, date field or --date)"],
        1,
    ),
    "missing file": Case(
        {"good.txt": GOOD.encode()},
        ["{dir}/gone.txt", "{dir}/good.txt"],
        1,
        ["gone.txt: no such file or folder"],
        1,
    ),
}


def flat(text: str) -> str:
    """Output as one line: without the boxes rich draws around usage errors."""
    return " ".join(text.translate(dict.fromkeys(map(ord, "│╭╮╰╯─"), " ")).split())


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging (a FIFO opened for reading waits for a writer)."""

    def stop(*_: object) -> None:
        raise TimeoutError("input reading hung")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_matrix(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: None
) -> None:
    case = CASES[name]
    for file, content in case.files.items():
        if callable(content):
            content(tmp_path / file)
        else:
            (tmp_path / file).write_bytes(content)
    for key, value in case.env.items():
        target = settings if hasattr(settings, key) else read_module
        monkeypatch.setattr(target, key, value)
    monkeypatch.chdir(tmp_path)
    args = [a.replace("{dir}/", "") for a in case.args]
    result = runner.invoke(app, ["code", *args, "-f", "jsonl"], input=case.stdin)
    no_traceback(result)
    stderr = " ".join(result.stderr.split())
    for message in case.messages:
        assert message in stderr, stderr
    assert result.exit_code == case.status, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == case.records, result.stdout[:500]


def test_nothing_read_outside_the_folder_and_its_files_once(tmp_path: Path) -> None:
    _folder(tmp_path / "in")
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "up").symlink_to("../a.txt")  # inside: read
    items = list(read_paths([tmp_path / "in"]))
    articles = [i.origin for i in items if not isinstance(i, Problem)]
    assert articles == [str(tmp_path / "in" / "a.txt"), str(tmp_path / "in" / "sub" / "up")]
    assert all("root:" not in getattr(i, "text", "") for i in items)


def test_undated_article_says_so_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Chile criticised Peru on Tuesday.")
    result = runner.invoke(app, ["code", str(tmp_path / "a.txt"), "-f", "json"])
    problems = json.loads(result.stdout)["article"]["problems"]
    assert len(problems) == 1 and problems[0].startswith("no publication date")
    assert result.stderr.count("no publication date") == 1
    bad_date = runner.invoke(
        app, ["code", "-", "-f", "json"], input=b"date 2025-13-45\n\nChile left."
    )
    assert len(json.loads(bad_date.stdout)["article"]["problems"]) == 1  # the bad date only


def test_python_api_refuses_year_one() -> None:
    import eventcoder

    with pytest.raises(ValueError, match="outside the years"):
        eventcoder.code("Chile criticised Peru.", published="0001-01-01")


# --- queries and exports, on each backend -------------------------------------------------


@pytest.fixture
def filled(db_url: str) -> str:
    with Store.open(db_url) as store:
        store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)]))
        store.add(coded("b", "2025-06-21", [("RUS", "THREATEN", "ARM", "2025-06-21", -4.0)]))
    return db_url


QUERIES = {
    "--actor of 50,000 characters": (
        ["events", "--actor", "A" * 50_000],
        "--actor: 50,000 characters is longer than any",
    ),
    "--actor empty": (["events", "--actor", ""], "--actor: an empty name matches no actor"),
    "--target blank": (["events", "--target", "  "], "--target: an empty name"),
    "summary --actor empty": (["summary", "--actor", ""], "--actor: an empty name"),
    "shifts --actor long": (["shifts", "--actor", "x" * 600], "--actor: 600 characters"),
    "timeline empty": (["timeline", ""], "ACTOR: an empty name"),
    "timeline --with empty": (["timeline", "Armenia", "--with", ""], "--with: an empty name"),
    "--limit huge": (
        ["events", "--limit", "99999999999999999999"],
        "99999999999999999999 is not a number of rows from 1 to 1,000,000,000",
    ),
    "--limit 0": (["events", "--limit", "0"], "0 is not a number of rows"),
    "--limit -1": (["summary", "--limit", "-1"], "-1 is not a number of rows"),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_query_values_are_refused_clearly(filled: str, name: str) -> None:
    args, message = QUERIES[name]
    result = runner.invoke(app, [*args, "--db", filled])
    no_traceback(result)
    assert result.exit_code == 2, result.output
    assert message in flat(result.stderr)


def test_store_api_refuses_bad_terms_and_limits(filled: str) -> None:
    with Store.open(filled) as store:
        for call in (
            lambda: store.events(actor=""),
            lambda: store.events(limit=0),
            lambda: store.actors("x" * 600),
            lambda: store.match_actors(" "),
        ):
            with pytest.raises(ValueError):
                call()
        assert len(store.events(limit=1)) == 1


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_never_touches_the_database(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "eventcoder.db"
    with Store.open(f"sqlite:///{db}") as store:
        store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)]))
    size = db.stat().st_size
    monkeypatch.chdir(tmp_path)
    for args in (
        ["export", str(db)],
        ["export", str(db), "--force"],
        ["export", "./" + db.name, "--force"],
        ["export", f"{db}-wal", "--force"],
    ):
        result = runner.invoke(app, [*args, "-f", fmt, "--db", str(db)])
        no_traceback(result)
        assert result.exit_code == 2, result.output
        assert "is the database being exported" in result.stderr
    assert db.stat().st_size == size
    with Store.open(f"sqlite:///{db}") as store:
        assert store.counts()["articles"] == 1


def test_export_refuses_an_existing_file_without_force(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("keep me\n")
    refused = runner.invoke(app, ["export", str(out), "--db", filled])
    assert refused.exit_code == 2 and f"{out} exists; give --force" in refused.stderr
    assert out.read_text() == "keep me\n"
    forced = runner.invoke(app, ["export", str(out), "--force", "--db", filled])
    assert forced.exit_code == 0, forced.output
    assert len(out.read_text().splitlines()) == 2
    folder = runner.invoke(app, ["export", str(tmp_path), "--force", "--db", filled])
    assert folder.exit_code == 2 and "is a folder" in folder.stderr


def test_export_dash_is_standard_output(
    filled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "-", "-f", "csv", "--db", filled])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("event_id,") and len(result.stdout.splitlines()) == 3
    assert not (tmp_path / "-").exists()
    assert "2 rows written to standard output" in result.stderr


def test_a_failed_export_leaves_the_old_file(
    filled: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventcoder.store import export as export_module

    out = tmp_path / "events.jsonl"
    out.write_text("the previous export\n")

    def full_disk(store: Store, stream: object, articles: bool = False) -> int:
        stream.write("half a line")  # type: ignore[attr-defined]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "write_jsonl", full_disk)
    result = runner.invoke(app, ["export", str(out), "--force", "--db", filled])
    no_traceback(result)
    assert result.exit_code == 1
    assert "No space left on device; nothing written" in result.stderr
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        p.name for p in sorted(tmp_path.iterdir()) if not p.name.startswith(".")
    ]


# --- the caller's ids: code, ingest, the store and every export -----------------------------


def _records(tmp_path: Path) -> Path:
    same = "Armenia accused Russia of meddling in its elections on Monday."
    lines = [
        {
            "id": "r-1",
            "text": same,
            "date": "2025-05-20",
            "outlet": "Wire A",
            "url": "https://a.example/1",
        },
        {
            "id": 2,
            "text": "Georgia praised France on Tuesday.",
            "date": "2025-05-21",
            "outlet": "Wire A",
        },
        {
            "id": "r-3",
            "text": same,
            "date": "2025-05-21",
            "outlet": "Daily B",
            "url": "https://b.example/3",
        },
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def test_code_output_keeps_the_record_id(tmp_path: Path) -> None:
    result = runner.invoke(app, ["code", str(_records(tmp_path)), "-f", "jsonl"])
    ids = [json.loads(line)["article"]["external_id"] for line in result.stdout.splitlines()]
    assert ids == ["r-1", "2", "r-3"]


def test_external_ids_and_origins_survive_ingest_and_exports(db_url: str, tmp_path: Path) -> None:
    records = _records(tmp_path)
    first = runner.invoke(app, ["ingest", str(records), "--db", db_url])
    assert first.exit_code == 0, first.output
    summary = " ".join(first.stderr.split())
    assert "2 stored, 1 already stored (1 kept as new origins), 0 errors" in summary
    again = runner.invoke(app, ["ingest", str(records), "--db", db_url])
    assert "0 stored, 3 already stored, 0 errors" in " ".join(again.stderr.split())
    with Store.open(db_url) as store:
        events = store.events(actor="Armenia")
        assert [e.n_sources for e in events] == [2]  # Wire A and Daily B
        (report,) = store.reports([events[0].id])[events[0].id]
        assert report.external_id == "r-1"
        assert [(o.external_id, o.outlet, str(o.published), o.url) for o in report.origins] == [
            ("r-1", "Wire A", "2025-05-20", "https://a.example/1"),
            ("r-3", "Daily B", "2025-05-21", "https://b.example/3"),
        ]
    out = {fmt: tmp_path / f"e.{fmt}" for fmt in ("jsonl", "csv", "parquet")}
    for fmt, path in out.items():
        assert runner.invoke(app, ["export", str(path), "-f", fmt, "--db", db_url]).exit_code == 0
    lines = [json.loads(line) for line in out["jsonl"].read_text().splitlines()]
    armenia = next(e for e in lines if e["source_id"] == "ARM")
    assert [o["external_id"] for o in armenia["reports"][0]["origins"]] == ["r-1", "r-3"]
    with open(out["csv"], newline="") as handle:
        rows = {r["source_id"]: r for r in csv.DictReader(handle)}
    assert rows["ARM"]["first_external_id"] == "r-1"
    assert rows["ARM"]["external_ids"] == "r-1;r-3" and rows["ARM"]["num_sources"] == "2"
    table = pq.read_table(out["parquet"]).to_pylist()
    assert sorted(r["external_ids"] for r in table) == ["2", "r-1;r-3"]
    articles = tmp_path / "a.jsonl"
    assert (
        runner.invoke(app, ["export", str(articles), "--articles", "--db", db_url]).exit_code == 0
    )
    stored = [json.loads(line) for line in articles.read_text().splitlines()]
    assert sorted(r["article"]["external_id"] for r in stored) == ["2", "r-1"]
    assert sorted(len(r["origins"]) for r in stored) == [1, 2]


# --- worker processes die with the ingest --------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(stat[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_coding_process_outlives_a_killed_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(
            record(
                f"Chile criticised Peru on Monday over the border dispute number {i}. "
                "Peru rejected the claim and Bolivia urged both sides to talk."
            )
            + "\n"
            for i in range(3000)
        )
    )
    command = [
        sys.executable,
        "-m",
        "eventcoder.cli",
        "ingest",
        str(corpus),
        "--workers",
        "2",
        "--db",
        f"sqlite:///{tmp_path / 'e.db'}",
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and process.poll() is None:
            workers = _descendants(process.pid)
            # the fork server, its two coding processes and the resource tracker
            if len(workers) >= 4 and (tmp_path / "e.db").exists():
                break
            time.sleep(0.2)
        assert process.poll() is None and len(workers) >= 4, "the workers did not start"
        time.sleep(1)
        workers = _descendants(process.pid)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_running(p) for p in workers):
            time.sleep(0.1)
        assert not [p for p in workers if _running(p)]
    finally:
        if process.poll() is None:
            process.kill()
        for pid in _descendants(process.pid):
            os.kill(pid, signal.SIGKILL)


def test_ingest_of_a_folder_with_bad_inputs_stores_the_good_ones(
    db_url: str, tmp_path: Path, alarm: None
) -> None:
    """A deep JSON file, a FIFO and a bad JSONL line in the folder: each named, and every
    good article before and after them stored (exit 1, as something failed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "b.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    os.mkfifo(folder / "c.pipe")
    (folder / "d.jsonl").write_bytes(
        b'{"text": "Peru \xff left."}\n' + (record("Peru praised Chile on Monday.") + "\n").encode()
    )
    (folder / "e.txt").write_text("date 2025-04-03\n\nBolivia urged Chile to talk on Monday.\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    no_traceback(result)
    assert result.exit_code == 1, result.output
    stderr = flat(result.stderr)
    for message in (
        "b.json: JSON nested more than 64 levels deep",
        "c.pipe: a named pipe (FIFO), not a regular file",
        "d.jsonl:1: not valid UTF-8 text (byte 0xff at column 16)",
        "3 stored, 0 already stored, 3 errors",
    ):
        assert message in stderr, stderr
    with Store.open(db_url) as store:
        assert store.counts()["articles"] == 3
