"""`eventcoder eval actors`: are the actors of gold events resolved to the right codes?

Each usable gold source or target actor is located in its sentence by its text (for gold
texts with '...' gaps, the last piece). The actor eventcoder resolved for a mention
overlapping those words is compared with the gold: country (with the equivalences of
`plover_gold`), and country plus sector (first three letters; a gold actor without a
sector expects none). An actor mention in the words is preferred to a place in them
("rebels in northern Mali" is the rebels), and among mentions the one that best fits
the words (shared characters less those outside them). A country named as a place ("in Sudan")
counts with its code and no sector. Precision is over the gold actors eventcoder resolved at all;
recall over all usable gold actors.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..model import CodedArticle
from .plover_gold import GoldActor, code_gold, country_matches, f1, ratio, read_gold


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    """The phrase as whole words, ignoring case ("US" is not in "Russia")."""
    match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """Where the gold actor's words are in the sentence."""
    pieces = [" ".join(p.split()) for p in phrase.replace("…", "...").split("...")
              if p.strip()]
    for piece in reversed(pieces):
        found = _find(text, piece)
        if found:
            return found
    words = phrase.split()
    # the first word usually tells whose ("British forces" in "US and British forces")
    for word in [words[0], *sorted(words[1:], key=len, reverse=True)] if words else []:
        found = _find(text, word)
        if found:
            return found
    return None


def resolved_actor(record: CodedArticle, start: int, end: int) -> tuple[str | None,
                                                                       str | None] | None:
    """(country, sector) of the actor whose mention overlaps the span most."""
    best, best_score = None, 0
    # an actor mention in the words wins over a place in them ("rebels in northern Mali");
    # a mention scores the characters it shares with the words less those it has outside
    # them ("Egyptian" of "French and Egyptian warships" for gold "Egyptian warships")
    for mentions in (record.mentions, record.places):
        for mention in mentions:
            overlap = min(end, mention.span.end) - max(start, mention.span.start)
            outside = (mention.span.end - mention.span.start) - max(overlap, 0)
            smaller = best is not None and overlap - outside == best_score and (
                mention.span.end - mention.span.start < best.span.end - best.span.start)
            if overlap > 0 and (best is None or overlap - outside > best_score or smaller):
                best, best_score = mention, overlap - outside
        if best is not None:
            break
    if best is None:
        return None
    if best in record.places:
        # a country named as a place ('in Sudan'): its code, no sector
        return (best.actor, None) if best.actor and len(best.actor) == 3 else None
    actor = record.actor(best.actor)
    if actor is None or actor.kind == "outlet":
        return None
    return actor.country, actor.sector


def evaluate_actors(gold: Path, limit: int | None = None) -> str:
    from .plv import is_plv  # (plv imports this module)

    if is_plv(gold):  # words without codes: only the share resolved to a country
        from .actor_resolution import evaluate_resolution

        return evaluate_resolution(gold, limit)
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for sentence, record in code_gold(read_gold(gold, limit)):
        gold_actors: list[GoldActor] = []
        for event in sentence.events:
            gold_actors += event.sources + event.targets
        for actor in gold_actors:
            counts["gold"] += 1
            where = locate(sentence.text, actor.text)
            found = resolved_actor(record, *where) if where else None
            if found is None:
                errors["not resolved"] += 1
                continue
            counts["resolved"] += 1
            country, sector = found
            if not country_matches(actor.country, country):
                errors["wrong country"] += 1
                continue
            counts["country"] += 1
            if (sector or None) == actor.sector:
                counts["sector"] += 1
            else:
                errors["right country, wrong sector"] += 1
    lines = [f"{'':10} {'precision':>9} {'recall':>7} {'f1':>6}"]
    scores = {}
    for key, label in (("country", "country"), ("sector", "+sector")):
        p, r = ratio(counts[key], counts["resolved"]), ratio(counts[key], counts["gold"])
        scores[key] = f1(p, r)
        lines.append(f"{label:10} {p:9.3f} {r:7.3f} {scores[key]:6.3f}")
    lines.append(f"gold actors {counts['gold']}, resolved {counts['resolved']}; errors: "
                 + ", ".join(f"{k} {v}" for k, v in errors.most_common()))
    lines.append(f"actors: country_f1={scores['country']:.3f} sector_f1={scores['sector']:.3f}")
    return "\n".join(lines)
