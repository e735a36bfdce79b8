"""Acceptance: a sparse three-year drift, as a new user meets it. Nine short articles
(tests/data/sparse_drift/, written for this test) follow Kazakhstan turning from Russia
between 2023 and 2025 (ten events, five on each side of the turn), while its relation
with China stays cooperative. They go through the real coder and store; `shifts` must
report at least a moderate downward shift for Kazakhstan → Russia and nothing for
Kazakhstan → China, and `--explain` must say why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).parent / "data" / "sparse_drift"
runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def drift_db(db_url: str) -> str:
    run("ingest", str(ARTICLES), "--db", db_url)
    return db_url


def test_sparse_drift_is_a_moderate_shift_and_the_stable_pair_is_silent(drift_db: str) -> None:
    found = json.loads(run("shifts", "--db", drift_db, "-f", "json"))
    pairs = {(s["source"], s["target"]) for s in found}
    assert ("KAZ", "RUS") in pairs and ("KAZ", "CHN") not in pairs
    turn = next(s for s in found if (s["source"], s["target"]) == ("KAZ", "RUS"))
    assert turn["strength"] in ("moderate", "strong") and turn["direction"] == "toward conflict"
    assert turn["delta"] <= -3 and min(turn["n_before"], turn["n_after"]) >= 4
    assert "2024-04-15" < turn["date"] <= "2025-01-20"  # from agreement to accusation
    # country level: the evidence still names the people who acted
    names = {e["source_name"] for e in turn["evidence"]}
    assert "Kassym-Jomart Tokayev" in names and "Kazakhstan" in names
    weak = json.loads(run("shifts", "--db", drift_db, "--min-strength", "weak", "-f", "json"))
    assert not {(s["source"], s["target"]) for s in weak} & {("KAZ", "CHN"), ("CHN", "KAZ")}


def test_explain_says_what_the_stable_pair_and_the_drift_lack(drift_db: str) -> None:
    stable = " ".join(run("shifts", "--pair", "Kazakhstan", "China", "--explain",
                          "--db", drift_db).split())
    assert "Kazakhstan → China: 8 events, 2023-02-14 .. 2025-12-08" in stable
    assert "strength: none" in stable and "weak needs: p =" in stable
    drift = " ".join(run("shifts", "--pair", "Kazakhstan", "Russia", "--explain",
                         "--db", drift_db).split())
    assert "Kazakhstan → Russia: 10 events, 2023-02-13 .. 2025-12-08" in drift
    assert "best split: between 2024-04-15 and 2024-09-09" in drift
    assert "strength: strong" in drift or "strength: moderate" in drift


def test_plot_of_the_drifting_pair_marks_its_shift(drift_db: str, tmp_path: Path) -> None:
    out = tmp_path / "kaz-rus.svg"
    run("timeline", "Kazakhstan", "--with", "Russia", "--plot", str(out), "--db", drift_db)
    svg = out.read_text(encoding="utf-8")
    assert "shift toward conflict" in svg and "ACCUSE Kazakhstan" in svg
