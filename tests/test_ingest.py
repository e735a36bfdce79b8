"""Ingest: coding and storing real (short) texts, idempotence, interruption, and the query
commands of the CLI."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.ingest import ingest
from eventcoder.model import Article
from eventcoder.read import Problem, read_paths
from eventcoder.store import Store
from storage_helpers import KILL_MARK, crashing_code_chunk, dump

runner = CliRunner()

COUNTRIES = ["Armenia", "Georgia", "Moldova", "Serbia", "Hungary", "Finland", "Estonia",
             "Latvia", "Poland", "Romania"]


def write_corpus(path: Path, n: int) -> Path:
    """A JSONL file of `n` short, distinct articles."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            country = COUNTRIES[i % len(COUNTRIES)]
            day = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}"
            text = (f"{country} accused Russia of meddling in its elections on Monday.\n\n"
                    f"The government of {country} summoned the Russian ambassador, "
                    f"officials said in statement number {i}.")
            out.write(json.dumps({"id": f"a{i}", "title": f"{country} and Russia {i}",
                                  "date": day, "outlet": f"Outlet {i % 3}",
                                  "text": text}) + "\n")
    return path


def test_ingest_codes_stores_and_skips_what_is_stored(db_url, tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 6)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with Store.open(db_url) as store:
        errors: list[str] = []
        stats = ingest(store, read_paths([corpus, bad]), on_error=errors.append)
        assert (stats.read, stats.stored, stats.skipped, stats.errors) == (6, 6, 0, 1)
        assert "bad.json" in errors[0]
        assert stats.events > 0 and store.counts()["articles"] == 6
        before = dump(store)
        again = ingest(store, read_paths([corpus, corpus]))
        assert (again.stored, again.skipped) == (0, 12)
        assert dump(store) == before


def test_ingest_with_two_processes_gives_the_same_database(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 12)
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as one, \
            Store.open(f"sqlite:///{tmp_path / 'two.db'}") as two:
        ingest(one, read_paths([corpus]), workers=1, chunk_size=4)
        stats = ingest(two, read_paths([corpus]), workers=2, chunk_size=4)
        assert stats.stored == 12
        # coded in the worker processes (the first one ready may take every chunk)
        assert 1 <= len(stats.worker_peak_rss) <= 2
        assert os.getpid() not in stats.worker_peak_rss
        assert dump(one) == dump(two)


BAD_FILES = {
    "kb": ("broken.tsv", "name\tvariants\tcountry\tsector\toffice\tstart\tend\n"
                         "Jan Novak\t\tslovakia\tGOV\t\t\t\n", "broken.tsv:2"),
    "lexicon": ("broken_lexicon.tsv", "pattern\ttype\tmode\tcontext\n"
                                      "scold\tSCOLD\t\t\n", "broken_lexicon.tsv:2"),
}


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("option", ["kb", "lexicon"])
def test_ingest_with_a_bad_kb_or_lexicon_file_exits_2_naming_it(tmp_path, option, workers):
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    name, content, where = BAD_FILES[option]
    (tmp_path / name).write_text(content)
    db = tmp_path / "new" / "e.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", workers,
                                 f"--{option}", str(tmp_path / name)])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error:") and where in line
    assert "Traceback" not in result.output and not db.parent.exists()


def test_the_library_validates_the_files_before_starting_processes(tmp_path):
    from eventcoder.datafiles import DataFileError

    name, content, where = BAD_FILES["lexicon"]
    (tmp_path / name).write_text(content)
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store, \
            pytest.raises(DataFileError, match=where):
        ingest(store, read_paths([corpus]), workers=2, lexicon_files=[tmp_path / name])


def test_a_coding_process_that_dies_costs_only_its_article(db_url, tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 12)
    lines = corpus.read_text().splitlines()
    doomed = json.loads(lines[5])
    doomed["text"] += f" {KILL_MARK}"
    lines[5] = json.dumps(doomed)
    corpus.write_text("\n".join(lines) + "\n")
    errors: list[str] = []
    with Store.open(db_url) as store:
        stats = ingest(store, read_paths([corpus]), workers=2, chunk_size=2,
                       on_error=errors.append, chunk_coder=crashing_code_chunk)
        assert (stats.read, stats.stored, stats.errors) == (12, 11, 1)
        assert "c.jsonl:6" in errors[0] and "process died" in errors[0]
        assert store.counts()["articles"] == 11


def test_coding_processes_that_cannot_start_stop_the_ingest(tmp_path):
    from eventcoder.ingest import IngestError

    kb = tmp_path / "mine.tsv"
    kb.write_text("name\tvariants\tcountry\tsector\toffice\tstart\tend\n"
                  "Jana Testova\t\tSVK\tGOV\t\t\t\n")
    corpus = write_corpus(tmp_path / "c.jsonl", 4)

    def spoiled() -> Iterator[Article | Problem]:
        """The file breaks after the check, before the processes start."""
        kb.write_text(BAD_FILES["kb"][1])
        yield from read_paths([corpus])

    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store:
        with pytest.raises(IngestError, match="cannot start"):
            ingest(store, spoiled(), workers=2, kb_files=[kb])
        assert store.counts()["articles"] == 0


def _stored(stderr: str) -> tuple[int, int]:
    words = " ".join(stderr.split())
    found = re.search(r"(\d+) stored, (\d+) already stored, (\d+) errors", words)
    assert found and found[3] == "0", stderr
    return int(found[1]), int(found[2])


def test_two_ingests_at_once_store_each_article_once(db_url, tmp_path):
    n = 16
    corpus = write_corpus(tmp_path / "c.jsonl", n)
    command = [sys.executable, "-m", "eventcoder.cli", "ingest", str(corpus), "--db", db_url]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[1] for run in runs]
    for run, stderr in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "error" not in stderr.replace("0 errors", ""), stderr
    counts = [_stored(stderr) for stderr in outputs]
    assert sum(stored for stored, _ in counts) == n
    assert sum(skipped for _, skipped in counts) == n
    with Store.open(f"sqlite:///{tmp_path / 'alone.db'}") as store:
        ingest(store, read_paths([corpus]))
        expected = store.counts()
    with Store.open(db_url) as store:
        found = store.counts()
    assert (found["articles"], found["reports"], found["mentions"]) == (
        n, expected["reports"], expected["mentions"])


def test_ingest_exits_1_when_no_article_could_be_stored(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    db = tmp_path / "e.db"
    with Store.open(f"sqlite:///{db}") as store, store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER frozen BEFORE INSERT ON articles "
                             "BEGIN SELECT RAISE(ABORT, 'articles are frozen'); END")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "0 stored, 0 already stored, 3 errors" in " ".join(result.stderr.split())
    # the driver's message, not the SQL statement with its parameters
    assert "not stored: IntegrityError: articles are frozen" in result.stderr
    assert "INSERT" not in result.stderr and "accused Russia" not in result.stderr


def test_ingest_exits_0_when_every_article_was_stored_already(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl", 3)
    db = tmp_path / "e.db"
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "0 stored, 3 already stored, 0 errors" in " ".join(again.stderr.split())


@pytest.mark.parametrize("command", [["summary"], ["events"], ["timeline", "Armenia"],
                                     ["shifts"], ["export", "out.jsonl"]])
def test_query_commands_do_not_create_a_database(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "typo" / "evnets.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code == 2, result.output
    assert f"no database at {typo}" in " ".join(result.stderr.split())
    assert not typo.parent.exists() and not (tmp_path / "out.jsonl").exists()


def _count(url: str) -> int:
    try:
        with Store.open(url, upgrade=False) as store:
            return store.counts()["articles"]
    except Exception:  # the schema may not exist yet
        return 0


def test_a_run_killed_halfway_then_rerun_equals_an_uninterrupted_run(db_url, tmp_path):
    """SIGKILL after the first commits, run again: the same rows as one uninterrupted run
    (into SQLite, so the backends are compared too)."""
    n = 40
    corpus = write_corpus(tmp_path / "c.jsonl", n)
    killed, whole = db_url, f"sqlite:///{tmp_path / 'whole.db'}"
    command = [sys.executable, "-m", "eventcoder.cli", "ingest", str(corpus), "--db", killed]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while _count(killed) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored = _count(killed)
    assert 0 < stored < n, "the run should have been killed halfway"
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - stored} stored, {stored} already stored" in " ".join(rerun.stderr.split())
    with Store.open(whole) as store:
        ingest(store, read_paths([corpus]))
        expected = dump(store)
    with Store.open(killed) as store:
        assert dump(store) == expected


@pytest.fixture
def filled(db_url: str) -> str:
    from test_store import _storyline

    with Store.open(db_url) as store:
        _storyline(store)
    return db_url


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_events(filled):
    assert "12 events" in invoke("events", "--db", filled, "--actor", "Armenia",
                                 "--target", "Russia")
    rows = json.loads(invoke("events", "--db", filled, "--type", "THREATEN", "--since",
                             "2025-05-01", "--format", "json"))
    assert len(rows) == 4 and {r["source_name"] for r in rows} == {"Russia"}
    lines = invoke("events", "--db", filled, "--until", "2025-01-31", "-f", "csv").splitlines()
    assert lines[0].startswith("id,day,date,source_id") and len(lines) == 3


def test_cli_timeline(filled):
    output = invoke("timeline", "Armenia", "--with", "Russia", "--db", filled)
    assert "2025-01" in output and "+4.5" in output and "Armenia → Russia" in output
    rows = json.loads(invoke("timeline", "ARM", "--with", "RUS", "--by", "week",
                             "--db", filled, "--format", "json"))
    assert rows[0]["period"] == "2025-W02" and rows[0]["a_to_b_mean"] == 5.0
    assert invoke("timeline", "ARM", "--db", filled, "-f", "csv").startswith("period,")
    missing = runner.invoke(app, ["timeline", "Atlantis", "--db", filled])
    assert missing.exit_code == 1 and "Atlantis" in missing.output


def test_cli_shifts(filled):
    output = invoke("shifts", "--db", filled)
    assert "Armenia → Russia: strong shift toward conflict on 2025-04-09" in output
    assert "b0: ARM did ACCUSE toward RUSGOV" in output and "according to Wire A" in output
    found = json.loads(invoke("shifts", "--actor", "Armenia", "--db", filled, "-f", "json"))
    assert found[0]["date"] == "2025-04-09" and found[0]["evidence"][0]["reports"]
    assert invoke("shifts", "--db", filled, "-f", "csv").splitlines()[1].startswith("ARM,")
    assert "No shift" in invoke("shifts", "--db", filled, "--since", "2025-06-01")


def test_cli_summary_and_export(filled, tmp_path):
    assert "Nikol Pashinyan" in invoke("summary", "--db", filled)
    out = tmp_path / "events.parquet"
    invoke("export", str(out), "--format", "parquet", "--db", filled)
    assert out.stat().st_size > 0
