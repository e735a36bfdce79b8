"""Score the time-expression stage on TIMEX3 gold data, the way TempEval-3 does.

Gold is JSONL, one document a line: `{"id", "dct", "text", "timexes": [{"start", "end",
"text", "type", "value", "mod"?}]}`. Extraction is scored strictly (same offsets) and
relaxed (any overlap, one-to-one); type and value are scored over the relaxed matches, and
their F1 is the relaxed F1 times their accuracy.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..annotate import annotate_many
from ..interpret.time import find_times
from ..model import TimeExpression

_WEEK = re.compile(r"-W0*(\d+)")


class GoldError(ValueError):
    """A malformed gold file."""


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class GoldDoc:
    id: str
    dct: date | None
    text: str
    timexes: list[GoldTimex]


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_type_found: Counter[str] = field(default_factory=Counter)
    value_errors: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)


def load_gold(path: Path, limit: int | None = None) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if limit is not None and len(docs) >= limit:
                break
            try:
                raw = json.loads(line)
                dct = date.fromisoformat(raw["dct"]) if raw.get("dct") else None
                timexes = [
                    GoldTimex(t["start"], t["end"], t["text"], t["type"], t["value"])
                    for t in raw["timexes"]
                ]
                docs.append(GoldDoc(str(raw["id"]), dct, raw["text"], timexes))
            except (ValueError, KeyError, TypeError) as err:
                raise GoldError(f"{path}:{number}: bad gold record ({err})") from err
    return docs


def same_value(gold: str, system: str) -> bool:
    """Exact match, except that ISO week numbers compare without leading zeros."""
    return _WEEK.sub(r"-W\1", gold) == _WEEK.sub(r"-W\1", system)


def _match(gold: list[GoldTimex], system: list[TimeExpression]) -> list[tuple[int, int]]:
    """One-to-one relaxed matching: pairs (gold index, system index), most overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.span.end) - max(g.start, s.span.start)
            if overlap > 0:
                exact = g.start == s.span.start and g.end == s.span.end
                pairs.append((not exact, -overlap, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gi, si))
    return out


def score_doc(doc: GoldDoc, system: list[TimeExpression], tally: Tally) -> None:
    tally.gold += len(doc.timexes)
    tally.system += len(system)
    matched = _match(doc.timexes, system)
    for g in doc.timexes:
        tally.by_type[g.type] += 1
    for gi, si in matched:
        g, s = doc.timexes[gi], system[si]
        tally.relaxed += 1
        tally.by_type_found[g.type] += 1
        if g.start == s.span.start and g.end == s.span.end:
            tally.strict += 1
        tally.type_ok += g.type == s.type
        if same_value(g.value, s.value):
            tally.value_ok += 1
        else:
            tally.value_errors.append(
                f"{doc.id} dct={doc.dct} {g.text!r} gold={g.value} system={s.value} ({s.why})"
            )
    hit_g = {gi for gi, _ in matched}
    hit_s = {si for _, si in matched}
    tally.missed += [
        f"{doc.id} {g.text!r} {g.type} {g.value}"
        for gi, g in enumerate(doc.timexes) if gi not in hit_g
    ]
    tally.spurious += [
        f"{doc.id} {s.span.text!r} {s.type} {s.value} ({s.why})"
        for si, s in enumerate(system) if si not in hit_s
    ]


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(docs: list[GoldDoc]) -> Tally:
    tally = Tally()
    for doc, parsed in zip(docs, annotate_many(d.text for d in docs), strict=True):
        score_doc(doc, find_times(doc.text, doc.dct, parsed), tally)
    return tally


def report(tally: Tally, source: str, n_docs: int, examples: int = 15) -> str:
    strict = _prf(tally.strict, tally.system, tally.gold)
    relaxed = _prf(tally.relaxed, tally.system, tally.gold)
    type_acc = tally.type_ok / tally.relaxed if tally.relaxed else 0.0
    value_acc = tally.value_ok / tally.relaxed if tally.relaxed else 0.0
    lines = [
        f"time expressions: {source}",
        f"documents={n_docs} gold={tally.gold} system={tally.system}",
        "",
        f"{'measure':<10} {'P':>6} {'R':>6} {'F1':>6}",
    ]

    def row(name: str, prf: tuple[float, ...]) -> str:
        return f"{name:<10} {prf[0]:6.3f} {prf[1]:6.3f} {prf[2]:6.3f}"

    lines.append(row("strict", strict))
    lines.append(row("relaxed", relaxed))
    lines.append(row("type", tuple(x * type_acc for x in relaxed)))
    lines.append(row("value", tuple(x * value_acc for x in relaxed)))
    lines.append(f"type accuracy={type_acc:.3f} value accuracy={value_acc:.3f} "
                 f"(over {tally.relaxed} relaxed matches)")
    lines.append("")
    lines.append("recall by gold type: " + ", ".join(
        f"{t}={tally.by_type_found[t]}/{n}" for t, n in tally.by_type.most_common()
    ))
    for title, items in (
        ("value errors", tally.value_errors),
        ("missed", tally.missed),
        ("spurious", tally.spurious),
    ):
        lines.append(f"{title}: {len(items)} (first {min(examples, len(items))})")
        lines.extend(f"  {item}" for item in items[:examples])
    lines.append(f"time: relaxed_f1={relaxed[2]:.3f} value_f1={relaxed[2] * value_acc:.3f}")
    return "\n".join(lines)


def evaluate_time(gold: Path, limit: int | None = None) -> str:
    """Score `gold` (a TIMEX3 JSONL file), first `limit` documents only if given."""
    docs = load_gold(Path(gold), limit)
    return report(evaluate(docs), str(gold), len(docs))
