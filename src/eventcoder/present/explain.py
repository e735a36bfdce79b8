"""`shifts --pair A B --explain` for the terminal: each direction's best candidate change,
the numbers behind its strength, and what the next strength lacks."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from .queries import _score

if TYPE_CHECKING:
    from ..analyse.explain import Explanation


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _side(mean: float, n: int, reports: int) -> Text:
    return Text.assemble(_score(mean), f" over {n} event{'s' if n != 1 else ''} "
                         f"({reports} report{'s' if reports != 1 else ''})")


def _one(x: Explanation) -> list[Any]:
    s = x.series
    arrow = "↔" if s.pooled else "→"
    head = Text.assemble((f"{s.source_name} {arrow} {s.target_name}", "bold"),
                         f": {len(s)} events, {x.day(0)} .. {x.day(len(s) - 1)}")
    c = x.change
    if c is None:
        return [head, Text("  too few events to look for a change: it needs at least 3 on "
                           "each side of it"), Text("")]
    lines = [head, Text(
        f"  best split: between {x.day(c.index - 1)} and {x.day(c.index)}"),
        Text.assemble("  mean ", _side(c.before, c.n_before, c.reports_before), " → ",
                      _side(c.after, c.n_after, c.reports_after)),
        Text.assemble(f"  change {c.delta:+.1f} (effect {c.effect:+.1f} SD), permutation "
                      f"p = {c.p_value:.3f}, posterior probability of a change "
                      f"{c.posterior:.2f}"),
        Text.assemble("  strength: ", (c.strength or "none", "bold"))]
    if x.next_strength is not None:
        lines.append(Text(f"  {x.next_strength} needs: {'; '.join(x.missing)}"))
        if x.needed is not None:
            before, after = x.needed
            more = [f"{after} more event{_s(after)} after {x.day(c.end - 1)} like those after "
                    f"the split (mean {c.after:+.1f})"] if after else []
            if before:
                more.append(f"{before} more event{_s(before)} before it like those before "
                            f"(mean {c.before:+.1f})")
            lines.append(Text(f"  {' and '.join(more)} would make it {x.next_strength}"))
        else:
            lines.append(Text("  more events with the same means would not be enough"))
    return [*lines, Text("")]


def explain_view(explanations: list[Explanation], a: str, b: str) -> Group:
    if not explanations:
        return Group(Text(f"No scored events between {a} and {b}."))
    return Group(*[line for x in explanations for line in _one(x)])


def explain_dict(x: Explanation) -> dict[str, Any]:
    """An explanation as JSON-ready values (`shifts --pair A B --explain --format json`)."""
    s, c = x.series, x.change
    return {
        "source": s.source, "target": s.target, "source_name": s.source_name,
        "target_name": s.target_name, "pooled": s.pooled, "events": len(s),
        "first_day": x.day(0), "last_day": x.day(len(s) - 1),
        "change": None if c is None else asdict(c) | {
            "last_before": x.day(c.index - 1), "date": x.day(c.index), "delta": c.delta},
        "next_strength": x.next_strength, "missing": x.missing,
        "needed": None if x.needed is None else dict(zip(("before", "after"), x.needed,
                                                          strict=True))}
