"""`eventcoder who` and `eventcoder.who`: the name lookup on the command line and in the API."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import eventcoder
from eventcoder.cli import app

runner = CliRunner()


def test_api_who_gives_codes_and_why() -> None:
    answer = eventcoder.who("Senator Elizabeth Warren", date="2021-05-01")
    assert (answer.country, answer.sector) == ("USA", "LEG")
    assert "senator" in answer.why


def test_cli_reads_phrases_from_arguments_and_a_file(tmp_path: Path) -> None:
    listing = tmp_path / "actors.txt"
    listing.write_text("Hezbollah\n\nthe Kenyan police\n", encoding="utf-8")
    result = runner.invoke(app, ["who", "Senator Elizabeth Warren", "--file", str(listing),
                                 "--date", "2021-05-01", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["phrase"] for r in rows] == ["Senator Elizabeth Warren", "Hezbollah",
                                          "the Kenyan police"]
    assert rows[2]["country"] == "KEN" and rows[2]["sector"] == "COP"


def test_cli_refuses_no_phrases_and_an_unreadable_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["who"])
    assert result.exit_code == 2 and "give phrases" in result.output
    result = runner.invoke(app, ["who", "--file", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "missing.txt" in result.output
    assert "Traceback" not in result.output
