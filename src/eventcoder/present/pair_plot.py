"""The picture of a pair: both directions' mean intensity and number of events per period,
each shift marked with its strength, its evidence events labelled. `pair_image` gives the
bytes of an SVG or PNG (for a file, or a web page); nothing here touches pyplot's global
state, so it is safe in a server."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analyse.shifts import Shift
    from ..analyse.timeline import Timeline

FORMATS = ("svg", "png")
COLOURS = ("#1f6fb4", "#d2691e")  # A toward B, B toward A
STRENGTH_STYLE = {"strong": "-", "moderate": "--", "weak": ":"}


def image_format(path: str | Path) -> str:
    """The format a file name asks for, or a ValueError naming it."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: a plot is written as .svg or .png, not {suffix or 'no suffix'}")
    return suffix


def pair_figure(view: Timeline, shifts: list[Shift]) -> Figure:
    """Top: mean intensity per period of A toward B and B toward A; bottom: their events.
    A vertical line marks each shift (solid strong, dashed moderate, dotted weak) and its
    evidence events are dots labelled with their type and source."""
    from matplotlib.figure import Figure

    # each period's numbers are drawn at its middle
    half = timedelta(days=3 if view.by == "week" else 14)
    starts = [p.start + half for p in view.periods]
    width = timedelta(days=3 if view.by == "week" else 12)
    fig = Figure(figsize=(10, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    names = (f"{view.a} → {view.b}", f"{view.b} → {view.a}")
    for side, (label, colour) in enumerate(zip(names, COLOURS, strict=True)):
        means = [(p.start + half, p.ab_mean if side == 0 else p.ba_mean)
                 for p in view.periods]
        days = [d for d, m in means if m is not None]
        top.plot(days, [m for _, m in means if m is not None], marker="o", color=colour,
                 label=label, linewidth=1.5)
        counts = [p.ab_count if side == 0 else p.ba_count for p in view.periods]
        offset = -width / 2 if side == 0 else width / 2
        bottom.bar([d + offset for d in starts], counts, width=width, color=colour,
                   label=label)
    top.axhline(0, color="#888888", linewidth=0.8)
    top.set_ylim(-10.5, 10.5)
    top.set_ylabel(f"mean intensity per {view.by}\n(-10 conflict .. +10 cooperation)")
    bottom.set_ylabel("events")
    for shift in shifts:
        _mark(top, bottom, shift)
    top.legend(loc="upper right", fontsize=8)
    top.set_title(f"{view.a} ↔ {view.b}")
    fig.autofmt_xdate()
    return fig


def _mark(top: Axes, bottom: Axes, shift: Shift) -> None:
    from matplotlib.dates import date2num

    style = STRENGTH_STYLE.get(shift.strength, "-")
    at = float(date2num(shift.last_before + (shift.date - shift.last_before) / 2))
    for ax in (top, bottom):
        ax.axvline(at, color="#b22222", linestyle=style, linewidth=1.2)
    top.annotate(f"{shift.strength} shift {shift.direction}\n"
                 f"{shift.source_name} {shift.arrow} {shift.target_name}, "
                 f"p = {shift.p_value:.3f}", (at, 9.5), fontsize=7, color="#b22222",
                 ha="left", va="top", xytext=(3, 0), textcoords="offset points")
    seen: dict[tuple[int, float], int] = {}  # labels of nearby dots are stacked
    for e in shift.evidence:
        if e.day is None or e.intensity is None:
            continue
        near = (e.day.toordinal() // 10, e.intensity)
        stacked = seen[near] = seen.get(near, -1) + 1
        day = float(date2num(e.day))
        top.scatter([day], [e.intensity], s=18, color="#b22222", zorder=3)
        top.annotate(f"{e.type} {e.source_name}", (day, e.intensity), fontsize=6,
                     xytext=(4, (-9 if e.side == "after" else 4) + 8 * stacked
                             * (-1 if e.side == "after" else 1)),
                     textcoords="offset points")


def pair_image(view: Timeline, shifts: list[Shift], fmt: str = "svg") -> bytes:
    """The picture as SVG or PNG bytes (the SVG carries no date: the same data, the same
    file)."""
    if fmt not in FORMATS:
        raise ValueError(f"a plot is drawn as svg or png, not {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "eventcoder", "svg.fonttype": "none"}):
        pair_figure(view, shifts).savefig(buffer, format=fmt, dpi=120, metadata=metadata)
    return buffer.getvalue()

