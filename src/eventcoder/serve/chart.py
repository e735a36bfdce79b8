"""The pair page's timeline chart, drawn on the server as SVG coordinates (no chart
library, no script): per period, the mean intensity of A toward B and of B toward A on a
-10..+10 scale, and a mark at each shift. The template turns these numbers into SVG."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analyse.shifts import Shift
    from ..analyse.timeline import Timeline

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
SCALE = 10.0


@dataclass
class Point:
    x: float
    y: float
    note: str


@dataclass
class Series:
    name: str
    css: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Marker:
    x: float
    note: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM
    zero: float = TOP + (HEIGHT - TOP - BOTTOM) / 2
    series: list[Series] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    shifts: list[Marker] = field(default_factory=list)


def _y(value: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    clipped = max(-SCALE, min(SCALE, value))
    return TOP + (SCALE - clipped) / (2 * SCALE) * inner


def chart(view: Timeline, shifts: list[Shift]) -> Chart:
    out = Chart()
    periods = view.periods
    if not periods:
        return out
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(1, len(periods) - 1)

    def x_of(n: int) -> float:
        return LEFT + (n * step if len(periods) > 1 else inner / 2)

    ab = Series(f"{view.a} → {view.b}", "ab")
    ba = Series(f"{view.b} → {view.a}", "ba")
    every = max(1, len(periods) // 8)
    for n, p in enumerate(periods):
        if p.ab_mean is not None:
            ab.points.append(Point(x_of(n), _y(p.ab_mean),
                                   f"{p.label}: {ab.name} {p.ab_mean:+.1f} ({p.ab_count} events)"))
        if p.ba_mean is not None:
            ba.points.append(Point(x_of(n), _y(p.ba_mean),
                                   f"{p.label}: {ba.name} {p.ba_mean:+.1f} ({p.ba_count} events)"))
        if n % every == 0:
            out.ticks.append(Tick(x_of(n), p.label))
    out.series = [ab, ba]
    starts = [p.start for p in periods]
    for s in shifts:
        at = _period_index(starts, s.date)
        if at is not None:
            out.shifts.append(Marker(x_of(at), f"{s.source_name} → {s.target_name}: shift "
                                     f"{s.direction} on {s.date} ({s.before:+.1f} → "
                                     f"{s.after:+.1f}, p = {s.p_value:.3f})"))
    return out


def _period_index(starts: list[date], day: date) -> int | None:
    found = None
    for n, start in enumerate(starts):
        if start <= day:
            found = n
    return found
