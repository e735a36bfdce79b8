"""Time expressions: find them in an article and normalise them TIMEX3-style, anchored on
the publication date.

Mechanism: regular-expression rules built from the lexicon (`time_grammar`) propose
candidates; the longest non-overlapping ones are kept; each is then resolved in text order
by its rule's handler (`time_rules`), which may read the tense of its clause and what
earlier expressions referred to (the last quarter named, the last day named). Extents
follow TimeBank: determiners and "the past/next" are inside ("the past two years"),
prepositions are outside, "ago" / "earlier" are inside.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from ...model import Span, TimeExpression
from .grammar import grammar, prefix_patterns
from .lexicon import TimeLexicon, load_lexicon
from .rules import HANDLERS, Ctx, Found

#: Attach a clock time to the day named right after it: "9 a.m. Tuesday".
_TIME_THEN_DAY = re.compile(r"^\s*$")
#: Rules whose result names a day, for anchoring clock times on it.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z\"“]|\n\s*\n")


def find_times(
    text: str, published: date | None, doc: Doc | None = None
) -> list[TimeExpression]:
    """All time expressions of `text`, normalised against `published` (None: unanchored).

    `doc`, a spaCy Doc of the same text, lets rules read clause tense and entity labels.
    """
    lex = load_lexicon()
    ctx = Ctx(text=text, dct=published, doc=doc, lex=lex)
    chosen = _select(_candidates(ctx))
    found: list[Found] = []
    for name, match in chosen:
        result = HANDLERS[name](match, ctx)
        if result is None:
            continue
        ctx.remember(result)
        found.append(result)
    found = _extend_prefixes(found, ctx, lex)
    found = _merge_clock_and_day(found, ctx)
    _anchor_clock_times(found, ctx)
    return [_record(f, text) for f in found]


def _candidates(ctx: Ctx) -> list[tuple[str, re.Match[str], int]]:
    """Every rule match that its handler accepts, with the rule's rank (lower wins ties)."""
    probe = ctx.probe()
    out = []
    for rank, (name, pattern) in enumerate(grammar(ctx.lex).rules):
        for match in pattern.finditer(ctx.text):
            if match.end() > match.start() and HANDLERS[name](match, probe) is not None:
                out.append((name, match, rank))
    return out


def _select(cands: list[tuple[str, re.Match[str], int]]) -> list[tuple[str, re.Match[str]]]:
    """Longest first, then by rule rank; no two kept candidates overlap; text order."""
    cands.sort(key=lambda c: (-(c[1].end() - c[1].start()), c[2], c[1].start()))
    taken: list[tuple[int, int]] = []
    kept = []
    for name, match, _ in cands:
        s, e = match.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        kept.append((name, match))
    kept.sort(key=lambda c: c[1].start())
    return kept


def _extend_prefixes(found: list[Found], ctx: Ctx, lex: TimeLexicon) -> list[Found]:
    """Take "early", "the end of", "more than" into the extent; note "about" as a mod."""
    pats = prefix_patterns(lex)
    prev_end = 0
    for f in found:
        window = ctx.text[max(prev_end, f.start - 30) : f.start]
        is_date = f.type in ("DATE", "TIME") and not f.value.endswith("_REF")
        # "more than two years" but not "over the past two years"
        is_amount = (f.type == "DURATION" or f.why == "n_unit:ago") and not re.match(
            r"the\b", ctx.text[f.start : f.end], re.IGNORECASE
        )
        for kind in ("mod", "quantmod"):
            if (kind == "mod" and not is_date) or (kind == "quantmod" and not is_amount):
                continue
            m = pats[kind].search(window)
            if m:
                f.start -= len(window) - m.start()
                f.mod = f.mod or lex.table(kind)[_norm(m.group("w"))]
                window = ctx.text[max(prev_end, f.start - 30) : f.start]
        m = pats["approx"].search(window)
        if m and f.mod is None:
            f.mod = "APPROX"
        prev_end = f.end
    return found


def _norm(words: str) -> str:
    return re.sub(r"\s+", " ", words.lower())


def _merge_clock_and_day(found: list[Found], ctx: Ctx) -> list[Found]:
    out: list[Found] = []
    for f in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.clock is not None
            and last.day is None
            and f.day is not None
            and f.clock is None
            and _TIME_THEN_DAY.match(ctx.text[last.end : f.start])
        ):
            last.end = f.end
            last.day = f.day
            last.anchored = f.anchored
            last.why += "+" + f.why
            continue
        out.append(f)
    return out


def _anchor_clock_times(found: list[Found], ctx: Ctx) -> None:
    """A clock time's day: one named in its sentence, else the publication date."""
    for f in found:
        if f.clock is None:
            continue
        day = f.day
        if day is None:
            near = [
                g for g in found
                if g.day is not None and g.clock is None and abs(g.start - f.start) < 120
                and not _SENTENCE_BREAK.search(ctx.text[min(g.end, f.end) : max(g.start, f.start)])
            ]
            if near:
                best = min(near, key=lambda g: abs(g.start - f.start))
                day, f.anchored = best.day, best.anchored
        if day is None:
            day = ctx.dct
            f.anchored = ctx.dct is not None
        prefix = day.isoformat() if day is not None and f.anchored else "XXXX-XX-XX"
        f.value = f"{prefix}T{f.clock}"
        f.type = "TIME"


def _record(f: Found, text: str) -> TimeExpression:
    return TimeExpression(
        span=Span.of(text, f.start, f.end),
        type=f.type,
        value=f.value,
        alternatives=f.alternatives,
        mod=f.mod,
        anchored=f.anchored,
        why=f.why,
    )
