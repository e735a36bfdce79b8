"""The command line: parses options and calls the library; no logic of its own.

Each command imports what it uses when it runs (spaCy for coding, Alembic for a database
to create or upgrade, ruptures for shifts), so that a query starts fast.
"""

from __future__ import annotations

import gc
import json
import os
import signal
from collections.abc import Iterator
from datetime import date as Date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from . import settings

if TYPE_CHECKING:
    from .ingest import IngestStats
    from .model import Article, CodedArticle
    from .pipeline import Coder
    from .read import FieldMap, Problem
    from .scale.engine import Options as DaskOptions
    from .store import Store

app = typer.Typer(help="Sourced, dated PLOVER event records from political news.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Measure accuracy on gold files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)


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
RulesOnlyOpt = Annotated[bool, typer.Option(
    "--rules-only", help="Code events with the rules alone, without the learned model.")]


# --- scale-out: the Dask engine, record fields, Parquet output (README: "On a cluster") ---
class Engine(StrEnum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[Engine, typer.Option(
    "--engine", help="local: processes of this machine; dask: a Dask cluster (--scheduler).")]
SchedulerOpt = Annotated[str, typer.Option(
    "--scheduler", help="With --engine dask: 'local' (a cluster of --workers processes here) "
    "or a scheduler's address, tcp://HOST:8786.")]
StageOpt = Annotated[Path | None, typer.Option(
    "--stage", help="With --engine dask: folder of the coded partitions (Parquet), shared "
    "by the workers; default a temporary folder (local scheduler only).")]
PartitionOpt = Annotated[int, typer.Option(
    "--partition-size", min=1, help="With --engine dask: articles per task.")]
TextFieldOpt = Annotated[str | None, typer.Option(
    "--text-field", help="Record field of the text (JSON, JSON Lines, Parquet).")]
TitleFieldOpt = Annotated[str | None, typer.Option("--title-field", help="... of the title.")]
DateFieldOpt = Annotated[str | None, typer.Option(
    "--date-field", help="... of the publication date.")]
IdFieldOpt = Annotated[str | None, typer.Option(
    "--id-field", help="... of your own id (kept as external_id).")]
UrlFieldOpt = Annotated[str | None, typer.Option("--url-field", help="... of the URL.")]


def _dask_options(kb: list[Path] | None, lexicon: list[Path] | None, rules_only: bool,
                  encoding: str | None, fields: FieldMap | None, published: Date | None,
                  partition_size: int) -> DaskOptions:
    from .scale.engine import Options

    return Options(kb or [], lexicon or [], rules_only, encoding, fields, published,
                   partition_size)


def _dashboard(link: str, partitions: int) -> None:
    err.print(f"Dask dashboard: {link} ({partitions} partitions)", highlight=False)


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {message}", highlight=False)


def _coder(kb: list[Path] | None, lexicon: list[Path] | None,
           rules_only: bool = False) -> Coder:
    from .datafiles import DataFileError
    from .pipeline import Coder

    try:
        return Coder(kb or [], lexicon or [], rules_only=rules_only)
    except (DataFileError, ValueError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _published(date: str | None) -> Date | None:
    """The --date option, or exit 2 with a clear error; a date far ahead is warned of."""
    from .read.dates import future_warning, parse_checked

    try:
        day = parse_checked(date)
    except ValueError as exc:
        err.print(f"[red]error:[/red] --date: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if (warning := future_warning(day)) is not None:
        err.print(f"[yellow]warning:[/yellow] --date: {warning}", highlight=False)
    return day


def _read(paths: list[str], published: Date | None, encoding: str | None,
          fields: FieldMap | None = None) -> Iterator[Article | Problem]:
    """The inputs as read, with the --date given to articles that have none; the
    readers' warnings (and an article left without any date) go to stderr."""
    from .read import Problem, read_paths
    from .read.dates import note_undated

    for item in read_paths(paths, encoding=encoding, fields=fields):
        if not isinstance(item, Problem):
            if published is not None and item.published is None:
                item.published = published
            note_undated(item)
            for problem in item.problems:
                err.print(f"[yellow]warning:[/yellow] {item.origin or item.id}: {problem}",
                          highlight=False)
        yield item


def _coded(paths: list[str], date: str | None, kb: list[Path] | None,
           lexicon: list[Path] | None, encoding: str | None,
           rules_only: bool = False, fields: FieldMap | None = None) -> Iterator[CodedArticle]:
    """Coded articles; problems go to stderr; exits 1 at the end if any input (or
    record) could not be read or coded, the others having been output."""
    from .read import Problem

    published = _published(date)
    coder = _coder(kb, lexicon, rules_only)
    state = {"read": 0, "failed": 0}

    def articles() -> Iterator[Article]:
        for item in _read(paths, published, encoding, fields):
            if isinstance(item, Problem):
                err.print(f"[red]error:[/red] {item}", highlight=False)
                state["failed"] += 1
                continue
            state["read"] += 1
            yield item

    def failed(article: Article, exc: Exception) -> None:
        state["failed"] += 1
        err.print(f"[red]error:[/red] {article.origin or article.id}: could not be coded: "
                  f"{type(exc).__name__}: {exc}", highlight=False)

    yield from coder.code_articles(articles(), on_error=failed)
    if state["read"] == 0:
        err.print("[red]error:[/red] no input could be read")
        raise typer.Exit(1)
    if state["failed"]:
        err.print(f"[red]error:[/red] {state['failed']} of the inputs could not be read or "
                  "coded (see above)", highlight=False)
        raise typer.Exit(1)


class CodeFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def code(paths: PathsArg, date: DateOpt = None,
         format: Annotated[CodeFormat, typer.Option("--format", "-f")] = CodeFormat.table,
         explain: Annotated[bool, typer.Option(
             "--explain", help="Show trigger, pattern and lexicon entry of each event.")] = False,
         kb: KbOpt = None, lexicon: LexOpt = None, encoding: EncodingOpt = None,
         rules_only: RulesOnlyOpt = False,
         output: Annotated[Path | None, typer.Option(
             "--output", "-o", help="With --format parquet: the folder to write "
             "articles.parquet and events.parquet in.")] = None,
         engine: EngineOpt = Engine.local, scheduler: SchedulerOpt = "local",
         workers: Annotated[int, typer.Option(
             "--workers", "-w", min=1, help="With --engine dask --scheduler local: worker "
             "processes.")] = 2,
         stage: StageOpt = None, partition_size: PartitionOpt = 25,
         text_field: TextFieldOpt = None, title_field: TitleFieldOpt = None,
         date_field: DateFieldOpt = None, id_field: IdFieldOpt = None,
         url_field: UrlFieldOpt = None) -> None:
    """Code articles into actors, events, statements and times."""
    from .present.article import print_record, record_json
    from .read import FieldMap

    fields = FieldMap(text_field, title_field, date_field, id_field, url_field)
    if format is CodeFormat.parquet or engine is Engine.dask:
        _code_parquet(paths, output, format, engine, scheduler, workers, stage,
                      _dask_options(kb, lexicon, rules_only, encoding, fields,
                                    _published(date) if engine is Engine.dask else None,
                                    partition_size), date)
        return
    for record in _coded(paths, date, kb, lexicon, encoding, rules_only, fields):
        if format is CodeFormat.table:
            print_record(out, record, explain)
        else:
            print(record_json(record, indent=2 if format is CodeFormat.json else None))


def _code_parquet(paths: list[str], output: Path | None, format: CodeFormat, engine: Engine,
                  scheduler: str, workers: int, stage: Path | None, options: DaskOptions,
                  date: str | None) -> None:
    """`code --format parquet --output DIR`, on either engine."""
    from .ingest import IngestError
    from .scale.engine import Cluster
    from .scale.to_parquet import ParquetOutput, code_dask

    if format is not CodeFormat.parquet or output is None:
        err.print("[red]error:[/red] --engine dask and --format parquet write Parquet files: "
                  "give --format parquet --output DIR")
        raise typer.Exit(2)
    if output.exists() and not output.is_dir():
        err.print(f"[red]error:[/red] --output {output} is not a folder", highlight=False)
        raise typer.Exit(2)
    errors: list[str] = []

    def error(message: str) -> None:
        errors.append(message)
        err.print(f"[red]error:[/red] {message}", highlight=False)

    if engine is Engine.dask:
        try:
            n, n_events = code_dask(paths, output, Cluster(scheduler, workers), stage,
                                    options, error, _warn, _dashboard)
        except IngestError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from exc
    else:
        parquet = ParquetOutput(output)
        try:
            for record in _coded(paths, date, list(map(Path, options.kb_files)),
                                 list(map(Path, options.lexicon_files)), options.encoding,
                                 options.rules_only, options.fields):
                parquet.add(record)
        except typer.Exit:  # some inputs failed (reported): keep the others
            errors.append("exit")
        except BaseException:
            parquet.close(keep=False)
            raise
        n, n_events = parquet.close()
    err.print(f"{n} articles and {n_events} events written to {output}", highlight=False)
    if errors or n == 0:
        raise typer.Exit(1)


@app.command()
def actors(paths: PathsArg, date: DateOpt = None, kb: KbOpt = None,
           format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
           encoding: EncodingOpt = None) -> None:
    """List the actors found, with their codes, the names used and why."""
    from .present.article import actors_table

    for record in _coded(paths, date, kb, None, encoding):
        if format is Format.table:
            out.print(f"[bold]{record.article.title or record.article.origin}[/bold]")
            out.print(actors_table(record))
        else:
            rows = [a.model_dump(mode="json") for a in record.actors]
            print(json.dumps({"article": record.article.id, "actors": rows},
                             ensure_ascii=False, indent=2 if format is Format.json else None))


@app.command()
def who(phrases: Annotated[list[str] | None, typer.Argument(
            help="Names or short actor phrases ('Interior Minister Gérald Darmanin').")] = None,
        file: Annotated[str | None, typer.Option(
            "--file", help="A file of phrases, one a line (- for standard input).")] = None,
        date: Annotated[str | None, typer.Option(
            "--date", help="The day to code them on (YYYY-MM-DD); office holders change.")] = None,
        kb: KbOpt = None,
        format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """How eventcoder codes names or phrases: country, sector, office, knowledge-base entry
    and why, as inside an article of that day. For cleaning one's own actor lists."""
    from .datafiles import DataFileError
    from .knowledge.base import load_kb
    from .present.article import who_table
    from .resolve.who import who_many

    items = list(phrases or [])
    if file is not None:
        items += _phrases_of(file)
    if not items:
        err.print("[red]error:[/red] give phrases, or --file with one phrase a line")
        raise typer.Exit(2)
    day = _published(date)
    try:
        base = load_kb(kb or [])
    except (DataFileError, ValueError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    answers = list(who_many(items, day, base))
    if format is Format.table:
        out.print(who_table(answers))
    elif format is Format.json:
        print(json.dumps([a.as_dict() for a in answers], ensure_ascii=False, indent=2))
    else:
        for answer in answers:
            print(json.dumps(answer.as_dict(), ensure_ascii=False))


def _phrases_of(file: str) -> list[str]:
    """The lines of a file of phrases (or of standard input), or exit 2 naming it."""
    import sys

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/red] {file}: cannot read the phrases ({exc})",
                  highlight=False)
        raise typer.Exit(2) from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


@app.command()
def schema() -> None:
    """Print the JSON Schema of the coded-article record."""
    from .model import CodedArticle

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
    JPN; a gold actor without a sector expects none (a predicted sector counts as wrong).
    Precision is over the gold actors eventcoder resolved, recall over all usable ones.
    """
    from .evaluate.actors import evaluate_actors as run

    print(run(gold, limit))


@eval_app.command("events")
def eval_events(gold: GoldArg, limit: LimitOpt = None,
                rules_only: RulesOnlyOpt = False) -> None:
    """PLOVER events against gold events (plover_gsr_dev.jsonl).

    An event matches a gold event of its sentence when the types are equal and the source
    and target countries are among the gold's (a missing gold target matches a missing
    target); country equivalences are those of `eval actors`. A compound gold event is
    matched by one prediction per pair of its countries; precision is over all predicted
    events except negated ones. Prints a per-type table, overall precision/recall/F1, and
    type accuracy over sentences with at least one event.

    A PLV-style file (plv_dev.jsonl: one root event a sentence, actors as words without
    codes) is scored by sentence instead, and the last line reads `plv: type_recall
    full_recall first_type off_type`. A prediction has the gold type when the types are
    equal (gold YIELD: CONCEDE or RETREAT); its source and target agree with the gold
    words when one of the actor's mentions overlaps them (PLV's placeholders for an
    unnamed party, 'recipient' and 'actor', agree with none). type_recall, full_recall
    (type and both actors) and first_type (the first prediction) are shares of sentences;
    off_type is the share of predictions whose type is not the gold type.
    """
    from .evaluate.events import evaluate_events as run

    print(run(gold, limit, rules_only=rules_only))


@eval_app.command("attribution")
def eval_attribution(gold: GoldArg, limit: LimitOpt = None) -> None:
    """Cues, sources and contents against PolNeAR attributions (polnear_dev.jsonl)."""
    from .evaluate.attribution import evaluate_attribution as run

    print(run(gold, limit))


@eval_app.command("time")
def eval_time(gold: GoldArg, limit: LimitOpt = None) -> None:
    """Time expressions against TempEval-3 gold (timex_tbaq_dev.jsonl)."""
    from .evaluate.time import evaluate_time as run

    print(run(gold, limit))


# --- store and analyse: ingest, events, timeline, shifts, export, summary -------------------


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Period(StrEnum):
    week = "week"
    month = "month"


class Level(StrEnum):
    country = "country"
    actor = "actor"


DbOpt = Annotated[str | None, typer.Option(
    "--db", help=f"Database URL (sqlite:///file.db, postgresql://...); also ${settings.DB_ENV};"
    f" default {settings.DEFAULT_DB}.")]
QueryFormatOpt = Annotated[QueryFormat, typer.Option("--format", "-f")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="From this day (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Up to this day (YYYY-MM-DD).")]


def _store(db: str | None, create: bool = False) -> Store:
    """The store at --db; only `ingest` (create=True) may make a new SQLite file, the
    query commands exit 2 on a path with no database."""
    from sqlalchemy.exc import SQLAlchemyError

    from .store import NoDatabase, Store
    from .store.engine import storage_error

    try:
        return Store.open(db, create=create)
    except NoDatabase as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except (SQLAlchemyError, OSError, ImportError) as exc:
        err.print(f"[red]error:[/red] cannot open the database: {storage_error(exc)}",
                  highlight=False)
        raise typer.Exit(2) from exc


def _term(value: str | None, option: str) -> str | None:
    """An actor option's value as given, or exit 2 when empty or too long."""
    from .store.db import check_term

    try:
        return check_term(value)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {option}: {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _check_limit(value: int | None) -> int | None:
    """--limit: from 1 to `store.db.MAX_LIMIT`, or a usage error (exit 2)."""
    from .store.db import check_limit

    try:
        return check_limit(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _limit_option(help: str) -> typer.models.OptionInfo:
    return typer.Option("--limit", callback=_check_limit, help=help)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _day(value: str | None, option: str) -> Date | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {option}: {value!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from exc


@app.command()
def ingest(paths: PathsArg, db: DbOpt = None,
           workers: Annotated[int, typer.Option(
               "--workers", "-w", min=1, help="Coding processes (each loads spaCy once).")] = 1,
           date: DateOpt = None, kb: KbOpt = None, lexicon: LexOpt = None,
           encoding: EncodingOpt = None, rules_only: RulesOnlyOpt = False,
           engine: EngineOpt = Engine.local, scheduler: SchedulerOpt = "local",
           stage: StageOpt = None, partition_size: PartitionOpt = 25,
           text_field: TextFieldOpt = None, title_field: TitleFieldOpt = None,
           date_field: DateFieldOpt = None, id_field: IdFieldOpt = None,
           url_field: UrlFieldOpt = None) -> None:
    """Code articles and store them; articles stored already are skipped."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .ingest import IngestError
    from .ingest import ingest as run
    from .read import FieldMap

    published = _published(date)
    _coder(kb, lexicon)  # a bad --kb or --lexicon file: exit 2 before anything starts
    fields = FieldMap(text_field, title_field, date_field, id_field, url_field)

    store = _store(db, create=True)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.fields[info]}"), TimeElapsedColumn(), console=err,
                        transient=False)
    task = progress.add_task("ingest", total=None, info="")

    def show(stats: IngestStats) -> None:
        progress.update(task, info=(
            f"{stats.stored} stored, {stats.skipped} skipped, {stats.rate:.1f} articles/s, "
            f"{stats.events} events ({stats.merged} merged), {stats.errors} errors"))

    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl-C: workers closed, DB intact
    try:
        with progress:
            if engine is Engine.dask:
                from .scale.engine import Cluster, ingest_dask

                loaded = [0]

                def start(link: str, partitions: int) -> None:
                    _dashboard(link, partitions)
                    progress.update(task, total=partitions)

                def step(stats: IngestStats) -> None:  # after each partition, and at the end
                    show(stats)
                    loaded[0] += 1
                    progress.update(task, completed=min(loaded[0], progress.tasks[0].total
                                                        or loaded[0]))

                stats = ingest_dask(
                    store, paths, Cluster(scheduler, workers), stage,
                    _dask_options(kb, lexicon, rules_only, encoding, fields, published,
                                  partition_size),
                    on_progress=step,
                    on_error=lambda m: progress.console.print(
                        f"[red]error:[/red] {m}", highlight=False),
                    on_warning=_warn, on_start=start)
            else:
                stats = run(store, _read(paths, published, encoding, fields),
                            workers=workers, kb_files=kb or [], lexicon_files=lexicon or [],
                            on_progress=show, rules_only=rules_only,
                            on_error=lambda m: progress.console.print(
                                f"[red]error:[/red] {m}", highlight=False))
    except KeyboardInterrupt:
        store.close()
        err.print("[yellow]interrupted[/yellow]: every article stored so far is complete; "
                  "run the same command again to store the rest")
        raise typer.Exit(130) from None
    except IngestError as exc:
        store.close()
        err.print(f"[red]error:[/red] {exc}; every article stored so far is complete",
                  highlight=False)
        raise typer.Exit(1) from exc
    counts = store.counts()
    store.close()
    err.print(
        f"{stats.read} articles read, {stats.stored} stored, {stats.skipped} already stored"
        f"{f' ({stats.origins} kept as new origins)' if stats.origins else ''}, "
        f"{stats.errors} errors in {stats.seconds:.1f} s ({stats.rate:.2f} articles/s); "
        f"{stats.events} events: {stats.new_events} new, {stats.merged} merged into stored "
        f"ones.\nDatabase {store.url}: {counts['articles']} articles, {counts['actors']} "
        f"actors, {counts['events']} events from {counts['reports']} reports "
        f"({counts['merged_events']} with several reports).", highlight=False)
    if stats.errors:  # something could not be read, coded or stored; the rest was
        raise typer.Exit(1)


@app.command()
def summary(db: DbOpt = None, actor: Annotated[str | None, typer.Option(
                "--actor", help="Only actors matching this name, id or country code.")] = None,
            limit: Annotated[int, _limit_option("Actors to show.")] = 20,
            format: QueryFormatOpt = QueryFormat.table) -> None:
    """What the database holds: counts and the actors with the most events."""
    from .present.queries import ACTOR_COLUMNS, actors_table, as_csv, as_json

    actor = _term(actor, "--actor")
    with _store(db) as store:
        counts, rows = store.counts(), store.actors(actor, limit=limit)
    if format is QueryFormat.table:
        out.print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        out.print(actors_table(rows))
    elif format is QueryFormat.json:
        print(as_json({"counts": counts, "actors": rows}))
    else:
        print(as_csv(rows, ACTOR_COLUMNS), end="")


@app.command()
def events(db: DbOpt = None,
           actor: Annotated[str | None, typer.Option(
               "--actor", help="Source: actor name, id or country code.")] = None,
           target: Annotated[str | None, typer.Option(
               "--target", help="Target: actor name, id or country code.")] = None,
           type: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
           since: SinceOpt = None, until: UntilOpt = None,
           limit: Annotated[int | None, _limit_option("Events to show (oldest first).")] = None,
           format: QueryFormatOpt = QueryFormat.table) -> None:
    """Merged events, with the numbers of reports, articles and outlets behind each."""
    from .present.queries import EVENT_COLUMNS, as_csv, as_json, events_table

    actor, target = _term(actor, "--actor"), _term(target, "--target")
    with _store(db) as store:
        rows = store.events(actor=actor, target=target, type=type,
                            since=_day(since, "--since"), until=_day(until, "--until"),
                            limit=limit)
    if format is QueryFormat.table:
        out.print(events_table(rows))
    elif format is QueryFormat.json:
        print(as_json(rows))
    else:
        print(as_csv(rows, EVENT_COLUMNS), end="")


@app.command()
def timeline(actor: Annotated[str, typer.Argument(help="Actor name, id or country code.")],
             with_: Annotated[str | None, typer.Option(
                 "--with", help="The other actor (default: everyone else).")] = None,
             by: Annotated[Period, typer.Option("--by")] = Period.month,
             since: SinceOpt = None, until: UntilOpt = None, db: DbOpt = None,
             format: QueryFormatOpt = QueryFormat.table,
             plot: Annotated[Path | None, typer.Option(
                 "--plot", help="Also draw the timeline, with the pair's shifts of moderate "
                 "strength or more, into this .svg or .png file.")] = None) -> None:
    """Per week or month: events and mean PLOVER intensity of A toward B and B toward A."""
    from .analyse.shifts import find_shifts
    from .analyse.timeline import timeline as build
    from .present.pair_plot import image_format, pair_image
    from .present.queries import as_csv, as_json, timeline_rows, timeline_table

    actor, with_ = _term(actor, "ACTOR") or "", _term(with_, "--with")
    try:
        fmt = image_format(plot) if plot is not None else None
    except ValueError as exc:
        err.print(f"[red]error:[/red] --plot: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    with _store(db) as store:
        try:
            view = build(store, actor, with_, by=by.value, since=_day(since, "--since"),
                         until=_day(until, "--until"))
            marked = (find_shifts(store, pair=(actor, with_), since=_day(since, "--since"))
                      if plot is not None and with_ else [])
        except LookupError as exc:
            err.print(f"[red]error:[/red] {exc.args[0]}")
            raise typer.Exit(1) from exc
    if plot is not None and fmt is not None:
        try:
            plot.write_bytes(pair_image(view, marked, fmt))
        except OSError as exc:
            err.print(f"[red]error:[/red] --plot: {plot}: {exc.strerror or exc}",
                      highlight=False)
            raise typer.Exit(1) from exc
        err.print(f"plot written to {plot}", highlight=False)
    rows = timeline_rows(view)
    if format is QueryFormat.table:
        out.print(timeline_table(view))
    elif format is QueryFormat.json:
        print(as_json(rows))
    else:
        print(as_csv(rows, list(rows[0]) if rows else ["period"]), end="")


class Strength(StrEnum):
    weak = "weak"
    moderate = "moderate"
    strong = "strong"


@app.command()
def shifts(actor: Annotated[str | None, typer.Option(
               "--actor", help="Only pairs involving this actor or country.")] = None,
           since: SinceOpt = None, db: DbOpt = None,
           level: Annotated[Level, typer.Option(
               "--level", help="Pairs of countries or of actors.")] = Level.country,
           min_strength: Annotated[Strength, typer.Option(
               "--min-strength", help="Weakest strength shown.")] = Strength.moderate,
           pair: Annotated[tuple[str, str] | None, typer.Option(
               "--pair", metavar="A B", help="Only the pair A, B (both directions).")] = None,
           explain: Annotated[bool, typer.Option(
               "--explain", help="With --pair: each direction's best candidate change, the "
               "numbers behind its strength and what the next strength needs (table, or "
               "JSON with --format json or csv).")] = False,
           both_ways: Annotated[bool, typer.Option(
               "--both-ways", help="Pool A toward B and B toward A in one series.")] = False,
           unweighted: Annotated[bool, typer.Option(
               "--unweighted", help="Every event counts once (not by its reports and "
               "modality).")] = False,
           format: QueryFormatOpt = QueryFormat.table) -> None:
    """Changes of course of each pair, graded strong, moderate or weak, with the events and
    sentences behind them."""
    from .analyse.explain import explain_pair
    from .analyse.shifts import find_shifts
    from .present.explain import explain_dict, explain_view
    from .present.queries import SHIFT_COLUMNS, as_csv, as_json, shift_dict, shifts_view

    actor = _term(actor, "--actor")
    terms = (_term(pair[0], "--pair") or "", _term(pair[1], "--pair") or "") if pair else None
    if explain and terms is None:
        err.print("[red]error:[/red] --explain needs --pair A B")
        raise typer.Exit(2)
    with _store(db) as store:
        try:
            if explain and terms is not None:
                found_x = explain_pair(store, *terms, level=level.value, both_ways=both_ways,
                                       weighted=not unweighted)
                if format is QueryFormat.table:
                    out.print(explain_view(found_x, *terms))
                else:  # CSV has no room for the nested numbers: JSON
                    print(as_json([explain_dict(x) for x in found_x]))
                return
            found = find_shifts(store, actor=actor, since=_day(since, "--since"),
                                level=level.value, min_strength=min_strength.value,
                                both_ways=both_ways, weighted=not unweighted, pair=terms)
        except LookupError as exc:
            err.print(f"[red]error:[/red] {exc.args[0]}", highlight=False)
            raise typer.Exit(1) from exc
    if format is QueryFormat.table:
        out.print(shifts_view(found, min_strength.value))
    elif format is QueryFormat.json:
        print(as_json([shift_dict(s) for s in found]))
    else:
        print(as_csv([shift_dict(s) for s in found], SHIFT_COLUMNS), end="")


@app.command()
def export(out_path: Annotated[str, typer.Argument(
               metavar="OUT", help="File to write, or - for standard output.")],
           format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
           articles: Annotated[bool, typer.Option(
               "--articles", help="JSONL of the full coded-article records instead of "
               "events.")] = False,
           force: Annotated[bool, typer.Option(
               "--force", help="Replace OUT if it exists (never the database).")] = False,
           db: DbOpt = None) -> None:
    """Export events: full records (JSONL) or one row per event (CSV, Parquet).

    The file is written under a temporary name in OUT's folder and renamed when complete."""
    from .store.export import ExportRefused
    from .store.export import export as run

    with _store(db) as store:
        try:
            n = run(store, format.value, out_path, articles=articles, force=force)
        except ExportRefused as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
        except OSError as exc:
            err.print(f"[red]error:[/red] {out_path}: {exc.strerror or exc}; nothing written",
                      highlight=False)
            raise typer.Exit(1) from exc
    where = "standard output" if out_path == "-" else out_path
    err.print(f"{n} rows written to {where}", highlight=False)


@app.command()
def serve(db: DbOpt = None,
          host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
          token: Annotated[str | None, typer.Option(
              "--token", help="Allow POST /api/articles for callers sending 'Authorization: "
              "Bearer TOKEN'; also $EVENTCODER_TOKEN. Without it the API is read-only.")] = None,
          ) -> None:
    """Serve the HTTP API (/api, /docs) and the web pages over the database."""
    import uvicorn

    from .serve import create_app
    from .serve.limits import TOKEN_ENV

    store = _store(db)
    app_ = create_app(store, token=token or os.environ.get(TOKEN_ENV) or None)
    err.print(f"Serving {store.url} on http://{host}:{port}/ (Ctrl-C to stop)",
              highlight=False)
    try:
        uvicorn.run(app_, host=host, port=port, log_level="info", server_header=False)
    finally:
        store.close()


def main() -> None:
    """The `eventcoder` command; nothing is fetched from a model hub at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        app()
    finally:
        # The process ends here: spare it the last garbage collections over every object of
        # the libraries it loaded (about 0.1 s for SQLAlchemy, pydantic and rich). Commands
        # close what they open (the store) themselves, so nothing waits for the collector.
        gc.freeze()


if __name__ == "__main__":
    main()
