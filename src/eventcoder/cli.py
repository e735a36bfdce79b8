"""The command line: parses options and calls the library; no logic of its own."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import settings
from .model import CodedArticle
from .read import Problem, read_paths

app = typer.Typer(help="Sourced, dated PLOVER event records from political news.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Measure accuracy on gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=False)
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


PathsArg = Annotated[list[str], typer.Argument(help="Files, folders or - for standard input.")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for inputs that do not give one.")]
KbOpt = Annotated[list[Path] | None, typer.Option(
    "--kb", help=f"Extra knowledge-base table (repeatable; also ${settings.KB_ENV}).")]
LexOpt = Annotated[list[Path] | None, typer.Option(
    "--lexicon", help="Extra trigger lexicon file (repeatable).")]
EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", help="Text encoding of the inputs (default UTF-8).")]


def _coder(kb: list[Path] | None, lexicon: list[Path] | None):  # noqa: ANN202
    from .knowledge.tables import KnowledgeError
    from .pipeline import Coder

    try:
        return Coder(kb or [], lexicon or [])
    except (KnowledgeError, ValueError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _coded(paths: list[str], date: str | None, kb: list[Path] | None,
           lexicon: list[Path] | None, encoding: str | None):  # noqa: ANN202
    """Coded articles; problems go to stderr; exits 1 at the end if nothing was read."""
    from .read.dates import parse_published

    published = None
    if date:
        try:
            published = parse_published(date)
        except ValueError as exc:
            err.print(f"[red]error:[/red] --date: {exc}")
            raise typer.Exit(2) from exc
    coder = _coder(kb, lexicon)
    state = {"read": 0}

    def articles():  # noqa: ANN202
        for item in read_paths(paths, encoding=encoding):
            if isinstance(item, Problem):
                err.print(f"[red]error:[/red] {item}", highlight=False)
                continue
            if published is not None and item.published is None:
                item.published = published
            for problem in item.problems:
                err.print(f"[yellow]warning:[/yellow] {item.origin}: {problem}",
                          highlight=False)
            state["read"] += 1
            yield item

    yield from coder.code_articles(articles())
    if state["read"] == 0:
        err.print("[red]error:[/red] no input could be read")
        raise typer.Exit(1)


@app.command()
def code(paths: PathsArg, date: DateOpt = None,
         format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
         explain: Annotated[bool, typer.Option(
             "--explain", help="Show trigger, pattern and lexicon entry of each event.")] = False,
         kb: KbOpt = None, lexicon: LexOpt = None, encoding: EncodingOpt = None) -> None:
    """Code articles into actors, events, statements and times."""
    from .render import print_record, record_json

    for record in _coded(paths, date, kb, lexicon, encoding):
        if format is Format.table:
            print_record(out, record, explain)
        else:
            print(record_json(record, indent=2 if format is Format.json else None))


@app.command()
def actors(paths: PathsArg, date: DateOpt = None, kb: KbOpt = None,
           format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
           encoding: EncodingOpt = None) -> None:
    """List the actors found, with their codes, the names used and why."""
    from .render import actors_table

    for record in _coded(paths, date, kb, None, encoding):
        if format is Format.table:
            out.print(f"[bold]{record.article.title or record.article.origin}[/bold]")
            out.print(actors_table(record))
        else:
            rows = [a.model_dump(mode="json") for a in record.actors]
            print(json.dumps({"article": record.article.id, "actors": rows},
                             ensure_ascii=False, indent=2 if format is Format.json else None))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the coded-article record."""
    print(json.dumps(CodedArticle.model_json_schema(), indent=2))


GoldArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL file.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Score only the first N records.")]


@eval_app.command("actors")
def eval_actors(gold: GoldArg, limit: LimitOpt = None) -> None:
    """Actor codes against PLOVER gold events (plover_gsr_dev.jsonl).

    For each gold source and target actor, the actor eventcoder resolves for the same words
    of the sentence is compared with the gold codes. Rules for the older CAMEO-style gold:
    sectors are compared on their first three letters (CVLalb = CVL); gold actors without a
    usable country code ('***', empty) are skipped; UNO and EUR match gold IGO; JAP matches
    JPN; a gold actor without a sector is scored on its country only in the sector figures.
    Precision is over the gold actors eventcoder resolved, recall over all usable ones.
    """
    from .evaluate.actors import run

    print(run(gold, limit))


@eval_app.command("events")
def eval_events(gold: GoldArg, limit: LimitOpt = None) -> None:
    """PLOVER events against gold events (plover_gsr_dev.jsonl).

    An event matches a gold event of its sentence when the types are equal and the source
    and target countries are among the gold's (a missing gold target matches a missing
    target); country equivalences are those of `eval actors`. Prints a per-type table,
    overall precision/recall/F1, and type accuracy over sentences with at least one event.
    """
    from .evaluate.events import run

    print(run(gold, limit))


@eval_app.command("attribution")
def eval_attribution(gold: GoldArg, limit: LimitOpt = None) -> None:
    """Cues, sources and contents against PolNeAR attributions (polnear_dev.jsonl)."""
    from .evaluate.attribution import run

    print(run(gold, limit))


@eval_app.command("time")
def eval_time(gold: GoldArg, limit: LimitOpt = None) -> None:
    """Time expressions against TempEval-3 gold (timex_tbaq_dev.jsonl)."""
    from .evaluate.time import run

    print(run(gold, limit))


def main() -> None:  # pragma: no cover - entry point for `python -m eventcoder`
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
