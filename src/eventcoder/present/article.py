"""Views of coded articles for people (rich tables) and programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import CodedArticle, Event, Source

if TYPE_CHECKING:
    from ..resolve.who import Who


def chain_text(chain: list[Source]) -> str:
    return " > ".join(s.name for s in chain) if chain else "-"


def event_line(record: CodedArticle, event: Event) -> str:
    def name(actor_id: str | None) -> str:
        actor = record.actor(actor_id)
        if actor is None:
            return "-"
        code = "/".join(c for c in (actor.country, actor.sector) if c)
        return f"{actor.name} ({code})" if code else actor.name

    mode = f"/{event.mode}" if event.mode else ""
    when = " | ".join(event.date_alternatives) if event.date_alternatives else event.date
    when = f"{when or 'undated'}{' (published)' if event.date_fallback else ''}"
    return f"{name(event.source)} -> {event.type}{mode} -> {name(event.target)}, {when}"


def actors_table(record: CodedArticle, explain: bool = True) -> Table:
    table = Table(title="Actors", show_lines=False, expand=True)
    for col in ("actor", "country", "sector", "office", "names used"):
        table.add_column(col)
    if explain:
        table.add_column("why", overflow="fold", ratio=2)
    for actor in record.actors:
        row = [actor.name, actor.country or "-", actor.sector or "-", actor.office or "-",
               "; ".join(actor.names)]
        why = actor.why + (f" [rules: {', '.join(actor.rules)}]" if actor.rules else "")
        table.add_row(*row, *([why] if explain else []))
    return table


def who_table(answers: Sequence[Who]) -> Table:
    """`eventcoder who`: how each phrase is coded."""
    table = Table(title="Who")
    for column in ("phrase", "actor", "kind", "country", "sector", "office", "entry", "why"):
        table.add_column(column, overflow="fold")
    for a in answers:
        table.add_row(a.phrase, a.name or "-", a.kind or "-", a.country or "-", a.sector or "-",
                      a.office or "-", a.kb_id or "-", a.why)
    return table


def events_table(record: CodedArticle) -> Table:
    table = Table(title="Events", expand=True)
    table.add_column("id")
    table.add_column("event", ratio=3)
    table.add_column("modality")
    table.add_column("place")
    table.add_column("according to", ratio=2)
    table.add_column("trigger")
    for event in record.events:
        table.add_row(event.id, event_line(record, event), event.modality, event.place or "-",
                      chain_text(event.attributed_to), event.trigger.text)
    return table


def explanations(record: CodedArticle) -> Text:
    """For each event: the words, the trigger, the lexicon entry, the parse pattern and the
    coding rules that applied (`interpret/events/rules.py`)."""
    text = Text()
    for event in record.events:
        text.append(f"{event.id} ", style="bold")
        text.append(event_line(record, event) + "\n")
        text.append(f"   sentence: {event.sentence.text.strip()}\n", style="dim")
        text.append(f"   trigger: '{event.trigger.text}' at {event.trigger.start}-"
                    f"{event.trigger.end}\n")
        for part in event.why.split("; "):
            text.append(f"   {part}\n")
        if event.rules:
            text.append(f"   rules applied: {', '.join(event.rules)}\n", style="dim")
    return text


def statements_table(record: CodedArticle) -> Table:
    table = Table(title="Statements", expand=True)
    for col in ("kind", "speaker", "source", "cue", "content"):
        table.add_column(col, overflow="fold", ratio=3 if col == "content" else 1)
    for st in record.statements:
        speaker = record.actor(st.speaker)
        content = " … ".join(p.text for p in st.content)
        table.add_row(st.kind, speaker.name if speaker else "(unattributed)",
                      st.source.text if st.source else "-", st.cue.text if st.cue else "-",
                      content[:300] + ("…" if len(content) > 300 else ""))
    return table


def times_table(record: CodedArticle) -> Table:
    table = Table(title="Times", expand=True)
    for col in ("text", "type", "value"):
        table.add_column(col)
    for t in record.times:
        value = " | ".join(t.alternatives) if t.alternatives else t.value
        table.add_row(t.span.text, t.type, value)
    return table


def print_record(console: Console, record: CodedArticle, explain: bool = False) -> None:
    a = record.article
    head = Text()
    head.append(a.title or "(untitled)", style="bold")
    if a.subtitle:
        head.append(f"\n{a.subtitle}", style="italic")
    meta = [f"published {a.published or 'unknown'}", f"outlet {a.outlet or '-'}",
            f"sources {', '.join(a.sources) or '-'}", f"id {a.id}"]
    if a.external_id is not None:
        meta.append(f"record id {a.external_id}")
    head.append("\n" + " · ".join(meta), style="dim")
    for point in a.key_points:
        head.append(f"\n• {point}")
    console.print(Panel(head, title=a.origin or "article", title_align="left"))
    console.print(Group(actors_table(record, explain), events_table(record),
                        statements_table(record), times_table(record)))
    if explain:
        console.print(Panel(explanations(record), title="Why each event",
                            title_align="left"))


def record_json(record: CodedArticle, indent: int | None = 2) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=indent)
