"""One event per act in an article: repeats of one act are told once."""

from __future__ import annotations

from ...model import Event


def deduplicate(events: list[Event], body_start: int) -> list[Event]:
    """One event per (type, mode, source, target, modality) and date in an article: a
    repeat in the headline or key points gives way to the body's, which has more context,
    and an undated repeat (publication-date fallback) to a dated one."""
    events = _drop_partial_repeats(events)
    groups: dict[tuple, list[Event]] = {}
    order = sorted(events, key=lambda e: (e.date_fallback, e.trigger.start < body_start,
                                          e.trigger.start))
    for event in order:
        key = (event.type, event.mode, event.source, event.target, event.modality)
        kept_here = groups.setdefault(key, [])
        if not any(event.date_fallback or k.date == event.date for k in kept_here):
            kept_here.append(event)
    kept = sorted((e for g in groups.values() for e in g),
                  key=lambda e: (e.trigger.start, e.source or ""))
    for n, event in enumerate(kept, 1):
        event.id = f"E{n}"
    return kept


def _drop_partial_repeats(events: list[Event]) -> list[Event]:
    """'started a sit-in to protest against the decree': one act told twice in a
    sentence. A telling without the target gives way to one with it, and of two tellings
    with the same parties (of different modes) the first is kept."""
    targeted = {(e.sentence.start, e.type, e.source, e.modality) for e in events if e.target}
    seen: set[tuple] = set()
    kept = []
    for e in sorted(events, key=lambda e: e.trigger.start):
        act = (e.sentence.start, e.type, e.source, e.modality)
        key = (*act, e.target)
        if key in seen or not e.target and act in targeted:
            continue
        seen.add(key)
        kept.append(e)
    return kept
