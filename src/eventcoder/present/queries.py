"""Query results as rich tables for the terminal, or as JSON and CSV text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..store.rows import StoredActor, StoredEvent, StoredReport, as_dict, pick

if TYPE_CHECKING:
    from ..analyse.shifts import Shift
    from ..analyse.timeline import Timeline

#: Columns of `events --format csv`.
EVENT_COLUMNS = pick(StoredEvent, "id", "day", "date", "source_id", "source_name", "type", "mode",
                     "target_id", "target_name", "modality", "intensity", "place", "n_reports",
                     "n_articles", "n_sources")
#: Columns of `summary --format csv`.
ACTOR_COLUMNS = pick(StoredActor, "id", "name", "kind", "country", "sector", "as_source",
                     "as_target")
SHIFT_COLUMNS = ["source", "source_name", "target", "target_name", "date", "last_before",
                 "strength", "before", "after", "delta", "effect", "p_value", "posterior",
                 "n_before", "n_after", "reports_before", "reports_after", "pooled"]


def _plain(value: Any) -> Any:
    """Rows, lists and dicts as JSON values; dates as ISO text."""
    return _iso(as_dict(value))


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


def as_json(items: Any) -> str:
    return json.dumps(_plain(items), ensure_ascii=False, indent=2)


def as_csv(rows: Sequence[Mapping[str, Any] | StoredEvent | StoredActor],
           columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        record = row if isinstance(row, Mapping) else as_dict(row)
        plain = _plain({k: record.get(k) for k in columns})
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                         for k, v in plain.items()})
    return buffer.getvalue()


def _score(value: float | None) -> Text:
    if value is None:
        return Text("-", style="dim")
    return Text(f"{value:+.1f}", style="green" if value > 0 else "red" if value < 0 else "")


def events_table(rows: list[StoredEvent]) -> Table:
    table = Table(title=f"{len(rows)} events", title_justify="left")
    for name in ("date", "source", "event", "target", "score", "reports", "articles",
                 "outlets"):
        table.add_column(name, justify="right" if name in ("score", "reports", "articles",
                                                            "outlets") else "left",
                         min_width=10 if name == "date" else None)
    for r in rows:
        kind = r.type + (f"/{r.mode}" if r.mode else "")
        if r.modality != "asserted":
            kind += f" ({r.modality})"
        table.add_row(r.date or "-", r.source_name or "-", kind, r.target_name or "-",
                      _score(r.intensity), str(r.n_reports), str(r.n_articles),
                      str(r.n_sources))
    return table


def actors_table(rows: list[StoredActor]) -> Table:
    table = Table(title=f"{len(rows)} actors", title_justify="left")
    for name in ("actor", "name", "kind", "country", "sector", "as source", "as target"):
        table.add_column(name, justify="right" if name.startswith("as ") else "left")
    for r in rows:
        table.add_row(r.id, r.name, r.kind, r.country or "-", r.sector or "-",
                      str(r.as_source), str(r.as_target))
    return table


def _bar(value: float | None, width: int = 8) -> Text:
    """A bar from the middle: left and red for conflict, right and green for cooperation."""
    if value is None:
        return Text(" " * width + "│" + " " * width)
    cells = min(width, round(abs(value) / 10 * width)) or 1
    if value < 0:
        return Text(" " * (width - cells)) + Text("█" * cells, style="red") + Text(
            "│" + " " * width)
    return Text(" " * width + "│") + Text("█" * cells, style="green") + Text(
        " " * (width - cells))


def timeline_table(view: Timeline) -> Table:
    table = Table(title=f"{view.a} ↔ {view.b}, by {view.by} (mean PLOVER intensity, "
                  "-10 conflict .. +10 cooperation)", title_justify="left")
    table.add_column(view.by, no_wrap=True, min_width=8)
    for who in (f"{view.a} → {view.b}", f"{view.b} → {view.a}"):
        table.add_column("n", justify="right")
        table.add_column("mean", justify="right")
        table.add_column(who, justify="left", no_wrap=True)
    for p in view.periods:
        table.add_row(p.label, str(p.ab_count or ""), _score(p.ab_mean), _bar(p.ab_mean),
                      str(p.ba_count or ""), _score(p.ba_mean), _bar(p.ba_mean))
    return table


def timeline_rows(view: Timeline) -> list[dict[str, Any]]:
    return [{"period": p.label, "start": p.start, "a": view.a, "b": view.b,
             "a_to_b_events": p.ab_count, "a_to_b_mean": p.ab_mean,
             "b_to_a_events": p.ba_count, "b_to_a_mean": p.ba_mean} for p in view.periods]


def shift_dict(shift: Shift) -> dict[str, Any]:
    return asdict(shift) | {"direction": shift.direction}


def _chain(report: StoredReport) -> str:
    return " > ".join(link.name for link in report.chain) or "-"


def _reports(n: int) -> str:
    return f"{n} report{'s' if n != 1 else ''}"


def shifts_view(shifts: list[Shift], min_strength: str = "moderate") -> Group:
    parts: list[Any] = []
    if not shifts:
        parts.append(Text(f"No shift of {min_strength} strength or more. `--min-strength weak` "
                          "shows weaker ones; `--pair A B --explain` says what a pair lacks."))
    for s in shifts:
        parts.append(Text.assemble(
            (f"{s.source_name} {s.arrow} {s.target_name}", "bold"),
            ": ", (s.strength, "bold"), f" shift {s.direction} on {s.date.isoformat()} "
            f"(last event before: {s.last_before.isoformat()})\n",
            "  mean intensity ", _score(s.before), f" over {s.n_before} events "
            f"({_reports(s.reports_before)}) → ", _score(s.after), f" over {s.n_after} events "
            f"({_reports(s.reports_after)})\n  change {s.delta:+.1f} (effect {s.effect:+.1f} SD), "
            f"permutation p = {s.p_value:.3f}, posterior probability of a change "
            f"{s.posterior:.2f}\n  evidence:"))
        for e in s.evidence:
            n = e.n_reports
            parts.append(Text.assemble(
                f"  {e.side:<6} {e.date or '-'}  ",
                (f"{e.source_name} {e.type} {e.target_name}", "bold"), " ",
                _score(e.intensity), f"  ({_reports(n)})"))
            for r in e.reports:
                where = ", ".join(str(x) for x in (r.outlet, r.published) if x)
                parts.append(Text.assemble(
                    "      “", (" ".join(r.sentence_text.split()), "italic"), "”\n",
                    f"        {where}: {r.article_title or r.origin or '-'}; "
                    f"according to {_chain(r)}"))
        parts.append(Text(""))
    return Group(*parts)
