"""The command line and the Python API, end to end on small inputs written for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

import eventcoder
from eventcoder.cli import app
from eventcoder.model import Article, CodedArticle
from eventcoder.pipeline import Coder

if TYPE_CHECKING:
    from spacy.tokens import Doc

runner = CliRunner()

ARTICLE = """date 2025-04-02 Vilnius and Minsk trade blame over border
Lithuania closes two crossings
Source: Example Wire

• Lithuania accused Belarus of sending migrants.

Lithuania accused Belarus of sending migrants across the border on Monday.

"We will not accept this," the interior minister said.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_python_api_codes_one_text() -> None:
    record = eventcoder.code("Lithuania accused Belarus of sending migrants.",
                             published="2025-04-02", outlet="Example Daily")
    assert isinstance(record, CodedArticle)
    assert record.article.outlet == "Example Daily"
    assert [(e.type, e.source, e.target) for e in record.events] == [("ACCUSE", "LTU", "BLR")]


def test_batch_api_keeps_order() -> None:
    texts = ["Poland praised Ukraine.", "Chile criticised Peru."]
    articles = [eventcoder.make_article(t, "2025-04-02") for t in texts]
    records = list(eventcoder.code_articles(articles))
    assert [r.article.text for r in records] == texts


def test_code_json_output(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["code", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    article = record["article"]
    assert article["published"] == "2025-04-02" and article["sources"] == ["Example Wire"]
    assert article["title"].startswith("Vilnius and Minsk")
    assert article["key_points"] == ["Lithuania accused Belarus of sending migrants."]
    [event] = [e for e in record["events"] if e["trigger"]["text"] == "accused"]
    assert event["date"] == "2025-03-31" and event["why"]
    for key in ("type", "mode", "source", "target", "date", "modality", "attributed_to"):
        assert key in event
    quote = next(s for s in record["statements"] if s["kind"] == "direct")
    assert quote["content"] and "cue" in quote


def test_code_table_and_explain(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["code", str(path), "--explain"])
    assert result.exit_code == 0, result.output
    assert "ACCUSE" in result.stdout and "Why each event" in result.stdout
    assert "lexicon" in result.stdout


def test_bad_input_reported_and_others_carry_on(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    result = runner.invoke(app, ["code", str(bad), str(good), "--format", "jsonl"])
    assert result.exit_code == 1  # the others are output, and the failure is in the status
    assert "bad.txt" in result.stderr and "binary" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1


def test_exit_status_when_nothing_could_be_read(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.txt", b"")
    result = runner.invoke(app, ["code", str(empty), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "empty input" in result.stderr and "no such file" in result.stderr


def test_date_option_fills_missing_dates(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Chile criticised Peru on Monday.")
    result = runner.invoke(app, ["code", str(path), "--date", "2025-04-02", "-f", "json"])
    record = json.loads(result.stdout)
    assert record["article"]["published"] == "2025-04-02"
    assert record["events"][0]["date"] == "2025-03-31"
    bad = runner.invoke(app, ["code", str(path), "--date", "yesterday-ish"])
    assert bad.exit_code == 2 and "--date" in bad.stderr


def test_actors_command(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    result = runner.invoke(app, ["actors", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    actors = json.loads(result.stdout)["actors"]
    assert {"LTU", "BLR"} <= {a["country"] for a in actors}
    assert all(a["why"] for a in actors)


def test_user_knowledge_base_file(tmp_path: Path) -> None:
    kb = write(tmp_path, "mine.tsv", "name\tvariants\tcountry\tsector\toffice\tstart\tend\n"
               "Jana Testova\tJana Testowa\tSVK\tGOV\tforeign minister\t2024-01-01\t\n")
    path = write(tmp_path, "a.txt", "Jana Testowa criticised Hungary.")
    result = runner.invoke(app, ["actors", str(path), "--kb", str(kb), "--date", "2025-01-01",
                                 "-f", "json"])
    actors = json.loads(result.stdout)["actors"]
    jana = next(a for a in actors if a["name"] == "Jana Testova")
    assert (jana["country"], jana["sector"]) == ("SVK", "GOV")
    broken = write(tmp_path, "broken.tsv", "name\tvariants\tcountry\tsector\toffice\tstart\tend\n"
                   "X\t\tslovakia\tGOV\t\t\t\n")
    result = runner.invoke(app, ["actors", str(path), "--kb", str(broken)])
    assert result.exit_code == 2 and "broken.tsv:2" in result.stderr


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert {"article", "actors", "events", "statements", "times"} <= set(schema["properties"])


def test_an_article_that_fails_to_code_is_reported_and_others_carry_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Coder._interpret

    def flaky(self: Coder, article: Article, doc: Doc) -> CodedArticle:
        if "explode" in article.text:
            raise RuntimeError("boom")
        return real(self, article, doc)

    monkeypatch.setattr(Coder, "_interpret", flaky)
    bad = write(tmp_path, "a.txt", "This text will explode the coder.")
    good = write(tmp_path, "b.txt", "Chile criticised Peru.")
    result = runner.invoke(app, ["code", str(bad), str(good), "-f", "jsonl"])
    assert result.exit_code == 1
    assert "a.txt" in result.stderr and "could not be coded" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1
