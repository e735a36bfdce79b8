"""The README's examples, run: documentation that cannot drift from the code.

- Every ```python block is a doctest and runs as one, in a temporary folder holding the
  files the README shows (a fenced block right after a line ending in "`NAME.ext`:").
- Every fenced block whose first line is `$ eventcoder ...` runs through typer's CliRunner
  from the repository root, at COLUMNS=100 (the width the README's tables are drawn at);
  the query commands read a database ingested from examples/, as `make demo` makes one.
  The lines shown must be lines of the output, in order; a line `...` stands for any number
  of lines (at the start, in between, at the end); `| head -N` keeps the first N lines.
- Every command has a `--help` with a description, and the README's Commands section names
  exactly the commands the CLI has.
- The output the Quick start says the demo ends with is the end of `shifts --actor Armenia`
  on a database ingested from examples/ (whitespace-insensitive, since the README wraps long
  lines). Tests that ingest examples/ are marked `slow` (`-m "not slow"` leaves them out).
- The Inputs section: its example files are read as its doctests say, and its tables of JSON
  fields and file suffixes are exactly what the readers accept.

When an example fails, the message holds the real output: update the README from it.
"""

from __future__ import annotations

import doctest
import json
import re
import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.model import Article
from eventcoder.read import read_bytes, read_paths

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The terminal width the README's console examples are rendered at.
WIDTH = "100"
#: The width --help is checked at (wide, so that descriptions are not wrapped).
HELP_WIDTH = "200"

SLOW = pytest.mark.slow

runner = CliRunner()


# --- the README, parsed ---------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced code block of the README."""

    line: int  # of the opening fence, 1-based
    lang: str
    lines: tuple[str, ...]
    section: str  # the "## " heading it is under
    lead: str  # the last non-blank line before the fence

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def where(self) -> str:
        return f"README.md:{self.line}"


def _parse(text: str) -> tuple[list[Block], dict[str, str]]:
    """The fenced blocks, and the text of each "## " section."""
    blocks: list[Block] = []
    sections: dict[str, list[str]] = {}
    section, lead, fence = "", "", None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is None and line.startswith("## "):
            section = line[3:].strip()
        sections.setdefault(section, []).append(line)
        if fence is None:
            if line.startswith("```"):
                fence = (number, line[3:].strip(), [])
            elif line.strip():
                lead = line.strip()
        elif line.startswith("```"):
            start, lang, body = fence
            blocks.append(Block(start, lang, tuple(body), section, lead))
            fence, lead = None, ""
        else:
            fence[2].append(line)
    assert fence is None, f"README.md:{fence[0]}: code block never closed"
    return blocks, {name: "\n".join(lines) for name, lines in sections.items()}


BLOCKS, SECTIONS = _parse(README.read_text(encoding="utf-8"))
_FILE_LEAD = re.compile(r"`([\w.-]+\.[A-Za-z]+)`:$")


def section(title: str) -> str:
    assert title in SECTIONS, f"README.md has no section '## {title}'"
    return SECTIONS[title]


def example_files() -> dict[str, Block]:
    """The files the README shows: blocks introduced by a line ending in "`NAME.ext`:"."""
    files: dict[str, Block] = {}
    for block in BLOCKS:
        match = _FILE_LEAD.search(block.lead)
        if match:
            name = match.group(1)
            assert name not in files, f"{block.where}: a second example file named {name}"
            files[name] = block
    return files


def write_example_files(folder: Path) -> None:
    for name, block in example_files().items():
        (folder / name).write_text(block.text, encoding="utf-8")


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose first header cell is `first_header`."""
    rows: list[list[str]] = []
    inside = False
    for line in text.splitlines():
        line = line.strip()
        cells = [c.strip() for c in line.strip("|").split("|")]
        if not line.startswith("|"):
            if inside:
                break
            continue
        if not inside:
            inside = cells[0] == first_header
        elif not set(line) <= set("|-: "):
            rows.append(cells)
    assert rows, f"no table headed '{first_header}'"
    return rows


def code_names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


# --- (a) doctests ---------------------------------------------------------------------------

PYTHON = [b for b in BLOCKS if b.lang == "python"]


def test_there_are_examples_to_run() -> None:
    assert PYTHON and CONSOLE and example_files()


@pytest.mark.parametrize("block", PYTHON, ids=lambda b: b.where)
def test_python_examples(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert any(line.startswith(">>> ") for line in block.lines), (
        f"{block.where}: a ```python block is run as a doctest: write it with >>> prompts")
    write_example_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(block.text, {}, block.where, str(README),
                                               block.line)
    runner_ = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner_.run(test, out=report.append)
    assert runner_.failures == 0, "".join(report)


# --- (b) console examples -------------------------------------------------------------------

CONSOLE = [b for b in BLOCKS if b.lines and b.lines[0].startswith("$ ")]
#: Commands that read the database rather than articles.
QUERIES = {"summary", "events", "timeline", "shifts", "export"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """`make demo`'s database: examples/ ingested, from the repository root."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'eventcoder.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = runner.invoke(app, ["ingest", "examples/", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def run(args: list[str], **env: str) -> str:
    """Standard output of `eventcoder ARGS` from the repository root; it must succeed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = runner.invoke(app, args, env={"COLUMNS": WIDTH, **env})
    assert result.exit_code == 0, (
        f"eventcoder {shlex.join(args)} exited {result.exit_code}:\n{result.output}"
        + (f"\n{result.exception!r}" if result.exception else ""))
    return _ANSI.sub("", result.stdout)


def run_console_line(line: str, db: str | None) -> list[str]:
    """The output lines of a README console line: `$ eventcoder ... [| head -N]`."""
    words = shlex.split(line.removeprefix("$ "))
    stages: list[list[str]] = [[]]
    for word in words:
        if word == "|":
            stages.append([])
        else:
            stages[-1].append(word)
    command, *pipes = stages
    assert command[0] == "eventcoder", f"only eventcoder commands can be run: {line}"
    env = {"EVENTCODER_DB": db} if db else {}
    lines = run(command[1:], **env).splitlines()
    for pipe in pipes:
        match = re.fullmatch(r"head (?:-n ?)?-?(\d+)", " ".join(pipe))
        assert match, f"cannot run '{' '.join(pipe)}' of: {line}"
        lines = lines[: int(match.group(1))]
    return lines


def _chunks(shown: list[str]) -> tuple[list[list[str]], bool, bool]:
    """The runs of lines between `...` lines; whether the start and the end are open."""
    while shown and not shown[-1].strip():
        shown = shown[:-1]
    chunks: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    open_start = bool(shown) and shown[0].strip() == "..."
    open_end = bool(shown) and shown[-1].strip() == "..."
    return [c for c in chunks if c], open_start, open_end


def shown_in(shown: list[str], actual: list[str]) -> str | None:
    """None when the README's lines are lines of the output, in order, `...` eliding; else
    what went wrong."""
    shown = [line.rstrip() for line in shown]
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1]:
        actual.pop()
    chunks, open_start, open_end = _chunks(shown)
    pos = 0
    for i, chunk in enumerate(chunks):
        n = len(chunk)
        if i == len(chunks) - 1 and not open_end:
            starts = [len(actual) - n] if len(actual) - n >= pos else []
        elif i == 0 and not open_start:
            starts = [0]
        else:
            starts = range(pos, len(actual) - n + 1)
        found = next((s for s in starts if actual[s : s + n] == chunk), None)
        if found is None:
            where = ("at the start" if i == 0 and not open_start else
                     "at the end" if i == len(chunks) - 1 and not open_end else "in order")
            return "these lines are not in the output " + where + ":\n" + "\n".join(chunk)
        pos = found + n
    return None


def _command_of(block: Block) -> str:
    return shlex.split(block.lines[0].removeprefix("$ "))[1]


@pytest.mark.parametrize("block", [
    pytest.param(b, marks=SLOW) if _command_of(b) in QUERIES else b for b in CONSOLE
], ids=lambda b: b.where)
def test_console_examples(block: Block, request: pytest.FixtureRequest) -> None:
    extra = [line for line in block.lines[1:] if line.startswith("$ ")]
    assert not extra, f"{block.where}: one command per block, please: {extra}"
    db = request.getfixturevalue("demo_db") if _command_of(block) in QUERIES else None
    actual = run_console_line(block.lines[0], db)
    problem = shown_in(list(block.lines[1:]), actual)
    if problem:
        pytest.fail(f"{block.where}: {block.lines[0]}\n{problem}\n\nreal output at "
                    f"COLUMNS={WIDTH}:\n" + "\n".join(actual), pytrace=False)


def test_matching_of_elided_output() -> None:
    out = ["a", "b", "c", "d"]
    assert shown_in(["a", "b", "...", "d"], out) is None
    assert shown_in(["...", "c"], out) is not None  # the end is not open
    assert shown_in(["...", "b", "c", "..."], out) is None
    assert shown_in(["b", "..."], out) is not None  # the start is not open
    assert shown_in(["...", "c", "...", "b", "..."], out) is not None  # out of order
    assert shown_in(["a", "b", "c", "d   "], out + [""]) is None


# --- (c) commands and their help ------------------------------------------------------------

#: The commands the project promises; more may come, none may go without notice.
PROMISED = {"code", "actors", "schema", "ingest", "summary", "events", "timeline", "shifts",
            "export", "eval", "eval actors", "eval events", "eval attribution", "eval time"}


def cli_commands() -> dict[str, Any]:
    """Every command and subcommand, by its name as typed ("eval time"); "" is the root."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:  # typer's (vendored) click commands
        found[path] = command
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


COMMANDS = cli_commands()


def test_promised_commands_exist() -> None:
    assert set(COMMANDS) >= PROMISED, f"missing: {sorted(PROMISED - set(COMMANDS))}"


@pytest.mark.parametrize("name", sorted(COMMANDS), ids=lambda n: n or "eventcoder")
def test_help(name: str) -> None:
    description = (COMMANDS[name].help or "").strip()
    assert description, f"eventcoder {name} has no description"
    output = run([*name.split(), "--help"], COLUMNS=HELP_WIDTH)
    first = " ".join(description.splitlines()[0].split())
    assert first in " ".join(output.split()), output


def readme_command_names() -> set[str]:
    """The commands the Commands section names in code: `eventcoder NAME ...` in code spans
    and blocks (`eval a|b` names both), and bare names in code spans of its headings."""
    text = section("Commands")
    groups = {n for n, c in COMMANDS.items() if n and hasattr(c, "commands")}
    codes = [b.text for b in BLOCKS if b.section == "Commands"]
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    codes += re.findall(r"`([^`\n]+)`", prose)
    names: set[str] = set()
    for code in codes:
        for match in re.finditer(r"\beventcoder((?: [a-z][a-z|]*)+)", code):
            first, *rest = match.group(1).split()
            names.add(first)
            if first in groups and rest:
                names.update(f"{first} {sub}" for sub in rest[0].split("|"))
    for heading in re.findall(r"^###.*$", prose, flags=re.M):
        names.update(n for n in re.findall(r"`([a-z]+)`", heading))
    return names


def test_readme_and_cli_name_the_same_commands() -> None:
    named, cli = readme_command_names(), set(COMMANDS) - {""}
    assert not named - cli, f"the README's Commands section names unknown {named - cli}"
    assert not cli - named, f"the README's Commands section does not mention {cli - named}"


# --- (d) the Quick start's demo -------------------------------------------------------------


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


@SLOW
def test_quick_start_demo_output(demo_db: str) -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:")[1]
    # the last command that codes or queries (a closing hint is only echoed)
    last = [line.strip() for line in recipe.split("\n\n")[0].splitlines()
            if line.strip() and not line.strip().startswith("@echo")][-1]
    assert "eventcoder shifts --actor Armenia" in last, f"make demo now ends with: {last}"
    [block] = [b for b in BLOCKS if b.section == "Quick start" and "demo ends with" in b.lead]
    actual = run(["shifts", "--actor", "Armenia", "--db", demo_db], COLUMNS=HELP_WIDTH)
    chunks, _, open_end = _chunks(list(block.lines))
    assert not open_end, "the demo 'ends with' the lines shown"
    text, pos = _words(actual.splitlines()), 0
    for chunk in chunks:
        found = text.find(_words(chunk), pos)
        if found < 0:
            pytest.fail(f"{block.where}: not in the demo's output:\n" + "\n".join(chunk)
                        + f"\n\nreal output:\n{actual}", pytrace=False)
        pos = found + len(_words(chunk))
    assert pos == len(text), f"{block.where}: the demo's output goes on:\n{text[pos:]}"


# --- the Inputs section ---------------------------------------------------------------------

#: What each field of a JSON record becomes, and a value to try it with.
_FIELD_CHECKS = {
    "text": ("text", "Body text."),
    "title": ("title", "A headline"),
    "subtitle": ("subtitle", "A subtitle"),
    "date": ("published", "2025-06-12"),
    "outlet": ("outlet", "Example Daily"),
    "url": ("url", "https://example.org/a"),
    "sources": ("sources", ["Example Wire", "Example News"]),
    "key_points": ("key_points", ["One point.", "Another."]),
}


def json_fields() -> dict[str, list[str]]:
    """The README's table of JSON fields: each field with its alternative names."""
    rows = table_rows(section("Inputs"), "field")
    return {code_names(row[0])[0]: code_names(row[1]) for row in rows}


def _read_record(record: dict[str, object]) -> Article:
    [item] = list(read_bytes(json.dumps(record).encode(), "r.json", fmt="json"))
    assert isinstance(item, Article), f"{record} gives {item}"
    return item


def test_json_fields_are_read_as_documented() -> None:
    fields = json_fields()
    assert set(fields) >= {"id", "text", "title", "date", "outlet", "url"}
    for field, alternatives in fields.items():
        if field == "id":
            assert not alternatives
            assert _read_record({"id": "w-1", "text": "Body."}).origin == "r.json (id w-1)"
            continue
        assert field in _FIELD_CHECKS, f"the README documents a field '{field}' not checked here"
        attribute, value = _FIELD_CHECKS[field]
        expected = date.fromisoformat(value) if field == "date" else value
        other = ("2000-01-01" if field == "date" else ["other"] if isinstance(value, list)
                 else "other")
        names = [field, *alternatives]
        for i, name in enumerate(names):
            # the first of the names present and not empty is read, whatever comes after it
            record: dict[str, object] = {} if field == "text" else {"text": "Body."}
            record |= dict.fromkeys(names[:i], "")
            record[name] = value
            record |= dict.fromkeys(names[i + 1:], other)
            article = _read_record(record)
            assert getattr(article, attribute) == expected, (name, record)


def test_json_field_table_lists_every_name_the_reader_accepts() -> None:
    from eventcoder.read import records

    fields = json_fields()
    for field, keys in (("text", "_TEXT_KEYS"), ("date", "_DATE_KEYS"),
                        ("outlet", "_OUTLET_KEYS")):
        accepted = getattr(records, keys, None)
        assert accepted is not None, f"eventcoder.read.records.{keys} is gone: update this test"
        assert [field, *fields[field]] == list(accepted), (
            f"README lists {[field, *fields[field]]} for '{field}', the reader {accepted}")


def test_suffix_table_is_what_the_reader_does() -> None:
    from eventcoder import read

    formats = {"plain text": "text", "JSON": "json", "JSON Lines": "jsonl", "HTML page": "html",
               "RSS or Atom feed": "feed", "Parquet": "parquet"}
    documented: dict[str, str] = {}
    for row in table_rows(section("Inputs"), "format"):
        assert row[0] in formats, f"unknown format in the README's suffix table: {row[0]}"
        suffixes = code_names(row[1]) + ([""] if "no suffix" in row[1] else [])
        documented |= dict.fromkeys(suffixes, formats[row[0]])
    actual = getattr(read, "_SUFFIX_FORMAT", None)
    assert actual is not None, "eventcoder.read._SUFFIX_FORMAT is gone: update this test"
    assert documented == actual


#: The fields the Inputs section's doctests must show for each kind of example file.
_SHOWN = {".txt": {"title", "subtitle", "published", "sources", "key_points"},
          ".jsonl": {"title", "published", "outlet", "url", "sources", "key_points"}}


def test_input_examples_are_read_and_shown(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The Inputs section shows a plain-text article and JSON Lines records, and its doctests
    (run by test_python_examples) read each and show the fields the reader fills."""
    files = {n: b for n, b in example_files().items() if b.section == "Inputs"}
    doctests = [b.text for b in PYTHON if b.section == "Inputs"]
    for suffix, attributes in _SHOWN.items():
        names = [n for n in files if n.endswith(suffix)]
        assert names, f"the Inputs section has no example {suffix} file"
        for name in names:
            shown = "".join(t for t in doctests if f'"{name}"' in t)
            assert shown, f"no doctest of the Inputs section reads {name}"
            missing = {a for a in attributes if f".{a}" not in shown}
            assert not missing, f"the doctests do not show {missing} of {name}"
    write_example_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    items = list(read_paths(sorted(files)))
    assert any(isinstance(i, Article) for i in items)
