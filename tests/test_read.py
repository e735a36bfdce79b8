"""Readers: each format, and clear errors for bad inputs while other inputs carry on."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventcoder import settings
from eventcoder.model import Article
from eventcoder.read import Problem, read_bytes, read_paths

WIRE_COPY = """\
 date 2024-03-05 Ministers agree on grain corridor
Talks in Ankara end with a deal
Source:  Example Wire, Example Agency

\u2022 Both sides agreed to reopen the port.
- Inspections will resume next week.

The ministers met in Ankara on Monday.

They agreed to reopen the port.
"""


def _one(items: list[Article | Problem]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_plain_text_header_conventions(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(WIRE_COPY, encoding="utf-8")
    article = _one(list(read_paths([path])))
    assert article.published == date(2024, 3, 5)
    assert article.title == "Ministers agree on grain corridor"
    assert article.subtitle == "Talks in Ankara end with a deal"
    assert article.sources == ["Example Wire", "Example Agency"]
    assert article.key_points == ["Both sides agreed to reopen the port.",
                                  "Inspections will resume next week."]
    assert article.text[article.body_start:].startswith("The ministers met in Ankara")
    assert "Source:" not in article.text and "date 2024" not in article.text


def test_plain_text_without_header_keeps_everything_as_body() -> None:
    article = _one(list(read_bytes(b"The minister resigned on Friday. Nobody knew why.\n",
                                   "x")))
    assert article.title is None and article.published is None
    assert article.text == "The minister resigned on Friday. Nobody knew why."


def test_same_text_same_id_whatever_the_spacing() -> None:
    a = _one(list(read_bytes(b"One line.\n\nTwo  lines.", "a")))
    b = _one(list(read_bytes(b"One line.\r\n\r\nTwo  lines.\r\n", "b")))
    assert a.id == b.id


def test_bad_header_date_is_a_warning_not_a_failure() -> None:
    article = _one(list(read_bytes(b"date 2024-13-45 Headline\nSource: X\n\nBody text.", "t")))
    assert article.published is None
    assert "2024-13-45" in article.problems[0]


def test_json_record_and_list(tmp_path: Path) -> None:
    record = {"id": "r1", "title": "T", "text": "Body.", "date": "2024-05-01T10:00:00Z",
              "outlet": "Example Daily", "url": "https://example.org/r1"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "many.json").write_text(json.dumps([record, {"id": "bad"}]))
    one = list(read_paths([tmp_path / "one.json"]))
    assert _one(one).outlet == "Example Daily" and _one(one).published == date(2024, 5, 1)
    many = list(read_paths([tmp_path / "many.json"]))
    assert isinstance(many[0], Article)
    assert isinstance(many[1], Problem) and "no article text" in many[1].problem
    assert "many.json[1]" in many[1].origin


def test_jsonl_bad_line_named_and_others_carry_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "First."}\n{"text": broken\n\n{"text": "Third."}\n')
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Problem", "Article"]
    assert items[1].origin.endswith("feed.jsonl:2") and "malformed JSON" in items[1].problem


def test_malformed_json_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "a", ')
    [problem] = list(read_paths([path]))
    assert isinstance(problem, Problem) and "malformed JSON" in problem.problem


def test_html_page_main_text_and_metadata() -> None:
    html = b"""<!DOCTYPE html><html><head><title>Envoy recalled | Example News</title>
    <meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2024-06-02T08:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Envoy recalled</h1>
    <p>The government recalled its ambassador from the neighbouring capital on Sunday,
    citing repeated violations of the border agreement signed last year.</p>
    <p>Officials said the decision followed weeks of failed negotiations between the two
    foreign ministries and a string of incidents at the crossing points.</p>
    </article><footer>Copyright</footer></body></html>"""
    article = _one(list(read_bytes(html, "page.html", fmt="html")))
    assert "recalled its ambassador" in article.text
    assert "Home | World" not in article.text
    assert article.published == date(2024, 6, 2)
    assert article.outlet == "Example News"


def test_html_without_text_is_an_error() -> None:
    page = b"<html><head><title>x</title></head><body>  </body></html>"
    [problem] = list(read_bytes(page, "p.html", fmt="html"))
    assert isinstance(problem, Problem) and "no main text" in problem.problem


def test_rss_feed_entries_are_articles() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
    <item><title>One</title><pubDate>Tue, 04 Jun 2024 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;The army withdrew from the town.&lt;/p&gt;</description></item>
    <item><title>Two</title><description></description></item>
    </channel></rss>"""
    items = list(read_bytes(feed, "f.xml"))
    assert isinstance(items[0], Article)
    assert items[0].text == "The army withdrew from the town."
    assert items[0].published == date(2024, 6, 4) and items[0].outlet == "Example Feed"
    assert isinstance(items[1], Problem) and "no text" in items[1].problem


def test_malformed_feed() -> None:
    [problem] = list(read_bytes(b"<?xml version='1.0'?><rss><channel><item>", "bad.rss",
                                fmt="feed"))
    assert isinstance(problem, Problem) and "feed" in problem.problem


@pytest.mark.parametrize(("raw", "needle"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Caf\u00e9 talks".encode("latin-1"), "not valid UTF-8"),
])
def test_bad_bytes_give_clear_errors(raw: bytes, needle: str) -> None:
    [problem] = list(read_bytes(raw, "input.txt", fmt="text"))
    assert isinstance(problem, Problem) and needle in problem.problem
    assert problem.origin == "input.txt"


def test_other_encoding_on_request() -> None:
    article = _one(list(read_bytes("Caf\u00e9 talks resumed.".encode("latin-1"), "x",
                                   encoding="latin-1")))
    assert article.text == "Caf\u00e9 talks resumed."


def test_huge_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    [problem] = list(read_paths([path]))
    assert isinstance(problem, Problem) and "over the limit" in problem.problem


def test_folder_recursive_missing_path_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Second article text.")
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / ".hidden.txt").write_text("Not read.")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    texts = [i.text for i in items if isinstance(i, Article)]
    assert texts == ["First article text.", "Second article text."]
    assert isinstance(items[-1], Problem) and "no such file" in items[-1].problem


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(b'{"text": "From a pipe.", "date": "2024-01-02"}')

    monkeypatch.setattr("sys.stdin", FakeStdin())
    article = _one(list(read_paths(["-"])))
    assert article.text == "From a pipe." and article.origin == "<stdin>"


def test_record_fields_of_the_wrong_type() -> None:
    bad = b'{"text": "The envoy left.", "title": {"a": 1}}'
    [problem] = list(read_bytes(bad, "r.json", fmt="json"))
    assert isinstance(problem, Problem) and "'title'" in problem.problem
    ok = b'{"text": "The envoy left.", "title": 2024, "sources": "Example Wire"}'
    article = _one(list(read_bytes(ok, "r.json", fmt="json")))
    assert article.title == "2024" and article.sources == ["Example Wire"]


def test_header_without_text_is_an_error() -> None:
    [problem] = list(read_bytes(b"date 2025-06-13\n", "only-date.txt", fmt="text"))
    assert isinstance(problem, Problem) and "no article text" in problem.problem


def test_partial_header_date_is_not_completed_from_today() -> None:
    article = _one(list(read_bytes(b"date March Headline\n\nThe envoy left.", "t")))
    assert article.published is None and "lacks" in article.problems[0]


def test_bullets_further_down_stay_in_the_body() -> None:
    text = ("date 2025-06-13 Headline\nSource: X\n\n\u2022 Point one.\n\nFirst paragraph.\n\n"
            "Second paragraph.\n\nThird paragraph.\n\n- a list item in the body\n")
    article = _one(list(read_bytes(text.encode(), "t")))
    assert article.key_points == ["Point one."]
    assert "a list item in the body" in article.text[article.body_start:]


def test_byte_order_mark_and_invisible_characters() -> None:
    article = _one(list(read_bytes(b'\xef\xbb\xbf{"text": "Russia\xe2\x80\x8b attacked."}', "-")))
    assert article.text == "Russia attacked."


def test_jsonl_with_blank_lines_is_jsonl() -> None:
    items = list(read_bytes(b'{"text": "One."}\n\n{"text": "Two."}\n', "-"))
    assert [i.text for i in items] == ["One.", "Two."]  # type: ignore[union-attr]


def test_text_over_the_length_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_TEXT_CHARS", 20)
    [problem] = list(read_bytes(b"A text that is longer than twenty characters.", "long.txt"))
    assert isinstance(problem, Problem) and "over the limit" in problem.problem
