"""Event merging: the reports of one real-world event, repeated by many articles (and by the
headline, key points and body of one article), become one event with several reports.

Two reports are of the same event when
- their source and target actors are the same actors (by identity, `actor_key`),
- their types are equal, their modes compatible (equal, or one unknown) and their
  modalities equal (a denial is not the act),
- their dates agree: both day-precise and at most `settings.MERGE_WINDOW_DAYS` apart, or the
  same TIMEX value ('2025-03' and '2025-03'),
- their places are compatible (one unknown, or similar names),
- and, when either has no date of its own (no date, the publication date used as a
  fallback, or a vague value such as PAST_REF), they come from the same article: two
  articles' undated reports of "Russia criticised China" are not known to be one event.

Merging is greedy in ingest order, so the same articles in the same order always give the
same events. `add_report` applies these rules to one report inside the transaction that
writes its article (`write.write_article`); a report that matches no stored event starts a
new one, whose id is the report's.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, Row, and_, func, select, text, update

from .. import settings
from . import schema as t
from .origins import count_outlets

if TYPE_CHECKING:
    from ..model import Actor, CodedArticle, Event

#: Key of the PostgreSQL advisory lock that serialises event merging.
MERGE_LOCK = 0x6576_636F_6D72_6701

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 12)}
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")


def normalise_name(name: str) -> str:
    """Lower case, no accents, single spaces: the name two spellings share."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


#: Longest actor key; the `actors.id` column and the columns referring to it hold this many.
MAX_KEY = 200


def bounded_key(key: str) -> str:
    """`key`, or when longer than `MAX_KEY` its start and a hash of the whole, so that
    every key fits the key columns and two long keys stay apart."""
    if len(key) <= MAX_KEY:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return key[:MAX_KEY - len(digest) - 1] + "~" + digest


def actor_key(actor: Actor) -> str:
    """The identity of an actor across articles: knowledge-base id when present, else
    country and sector for groups, else the normalised name (at most `MAX_KEY`
    characters, see `bounded_key`)."""
    if actor.kb_id:
        return bounded_key(actor.kb_id)
    if actor.kind in ("group", "country") and (actor.country or actor.sector):
        return bounded_key("-".join(p for p in (actor.country or "XXX", actor.sector) if p))
    return bounded_key("name:" + (normalise_name(actor.name) or actor.id))


@dataclass(frozen=True)
class DayRange:
    start: date
    end: date

    @property
    def precise(self) -> bool:
        return self.start == self.end


def day_range(value: str | None) -> DayRange | None:
    """The days a TIMEX3 date value covers: '2025-03' -> March 2025; None when it names no
    calendar date (PAST_REF, P3D, XXXX-WXX-2)."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DayRange(d, d)
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return DayRange(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))
        if m := _YEAR.match(value):
            y = int(m[1])
            return DayRange(date(y, 1, 1), date(y, 12, 31))
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return DayRange(monday, monday + timedelta(days=6))
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            first, last = 3 * q - 2, 3 * q
            return DayRange(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))
        if m := _SEASON.match(value):
            y = int(m[1])
            first, last = _SEASONS[m[2]]
            return DayRange(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]))
    except ValueError:
        return None
    return None


def event_days(value: str | None, published: date | None) -> tuple[str | None, DayRange | None]:
    """The date value and day range of a report, falling back on the publication date
    when the value names no calendar date."""
    days = day_range(value)
    if days is None and published is not None:
        return (value or published.isoformat()), DayRange(published, published)
    return value, days


def is_dated(value: str | None, fallback: bool = False) -> bool:
    """Does a report carry a date of its own? Not when the date is missing, is the
    publication date used as a fallback, or names no calendar date (PAST_REF, P3D)."""
    return not fallback and day_range(value) is not None


def dates_agree(a_value: str | None, a: DayRange | None,
                b_value: str | None, b: DayRange | None) -> bool:
    if a is not None and b is not None and a.precise and b.precise:
        return abs((a.start - b.start).days) <= settings.MERGE_WINDOW_DAYS
    return a_value == b_value and a == b


def places_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    na, nb = normalise_name(a), normalise_name(b)
    return na == nb or fuzz.ratio(na, nb) >= settings.MERGE_PLACE_SIMILARITY


def modes_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def outlet_of(coded: CodedArticle) -> str:
    """The outlet an article counts as for NumSources: its outlet, else its first agency."""
    article = coded.article
    return article.outlet or (article.sources[0] if article.sources else "(unknown outlet)")


# --- applying the rules to the stored events -------------------------------------------------


def lock_merging(conn: Connection) -> None:
    """One merge at a time (until commit), so two writers cannot both create the same event;
    SQLite's write lock, taken by the transaction's first write, does this already."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MERGE_LOCK})


def add_report(conn: Connection, coded: CodedArticle, ev: Event, report_id: str, outlet: str,
               keys: dict[str, str]) -> bool:
    """Insert one report, into a matching stored event or a new one; True if merged.
    `keys` maps the article's actor ids to stored actor ids."""
    value, days = event_days(ev.date, coded.article.published)
    dated = is_dated(ev.date, ev.date_fallback)
    source = keys.get(ev.source) if ev.source else None
    target = keys.get(ev.target) if ev.target else None
    match, match_dated = find_event(conn, coded.article.id, ev, value, days, dated,
                                    source, target)
    if match is None:
        event_id = report_id
        conn.execute(t.events.insert().values(
            id=event_id, type=ev.type, mode=ev.mode, context=ev.context,
            source_id=source, target_id=target, date=value,
            day=days.start if days else None, day_end=days.end if days else None,
            date_precise=bool(days and days.precise), place=ev.place,
            modality=ev.modality, intensity=ev.intensity,
            n_reports=0, n_articles=0, n_sources=0))
    else:
        event_id = match.id
    conn.execute(t.event_reports.insert().values(
        id=report_id, event_id=event_id, article_id=coded.article.id, local_id=ev.id,
        outlet=outlet, type=ev.type, mode=ev.mode, context=ev.context,
        source_id=source, target_id=target, source_local=ev.source,
        target_local=ev.target, trigger_start=ev.trigger.start,
        trigger_end=ev.trigger.end, trigger_text=ev.trigger.text,
        sentence_start=ev.sentence.start, sentence_end=ev.sentence.end,
        sentence_text=ev.sentence.text, date=ev.date,
        date_alternatives=ev.date_alternatives, date_fallback=ev.date_fallback,
        day=days.start if days else None, place=ev.place, modality=ev.modality,
        intensity=ev.intensity, hedges=[h.model_dump() for h in ev.hedges], why=ev.why))
    r = t.event_reports
    n_reports, n_articles = conn.execute(
        select(func.count(), func.count(r.c.article_id.distinct()))
        .where(r.c.event_id == event_id)).one()
    n_sources = count_outlets(conn, event_id)  # other origins' outlets count too
    changes: dict[str, Any] = {"n_reports": n_reports, "n_articles": n_articles,
                               "n_sources": n_sources}
    if match is not None:
        if match.mode is None and ev.mode is not None:
            changes.update(mode=ev.mode, intensity=ev.intensity)
        if match.place is None and ev.place is not None:
            changes["place"] = ev.place
        if dated and not match_dated:
            # an undated report of this article dated by a later one: the event takes
            # the date, and other articles' dated reports may now join it
            changes.update(date=value, day=days.start if days else None,
                           day_end=days.end if days else None,
                           date_precise=bool(days and days.precise))
    conn.execute(update(t.events).where(t.events.c.id == event_id).values(**changes))
    return match is not None


def find_event(conn: Connection, article_id: str, ev: Event, value: str | None,
               days: DayRange | None, dated: bool, source: str | None,
               target: str | None) -> tuple[Row[Any] | None, bool]:
    """The stored event this report belongs to (or None), and whether that event has
    a dated report. A report without a date of its own joins only an event this
    article reports already; a dated one also joins other articles' dated events."""
    e, r = t.events, t.event_reports
    conds = [e.c.type == ev.type, e.c.modality == ev.modality,
             e.c.source_id == source if source else e.c.source_id.is_(None),
             e.c.target_id == target if target else e.c.target_id.is_(None)]
    if days is not None and days.precise:
        window = timedelta(days=settings.MERGE_WINDOW_DAYS)
        conds += [e.c.day >= days.start - window, e.c.day <= days.start + window,
                  e.c.date_precise.is_(True)]
    else:
        conds.append(e.c.date == value if value is not None else e.c.date.is_(None))
    if not dated:
        conds.append(e.c.id.in_(select(r.c.event_id).where(r.c.article_id == article_id)))
    rows = conn.execute(select(e).where(and_(*conds)).order_by(e.c.id)).all()
    if not rows:
        return None, False
    ids = [row.id for row in rows]
    here = set(conn.scalars(select(r.c.event_id).distinct().where(
        r.c.article_id == article_id, r.c.event_id.in_(ids))))
    with_date: set[str] = set()
    if dated:
        with_date = {row.event_id for row in conn.execute(
            select(r.c.event_id, r.c.date).distinct().where(
                r.c.event_id.in_(ids), r.c.date_fallback.is_(False),
                r.c.date.is_not(None)))
            if day_range(row.date) is not None}
    best: tuple[int, Row[Any]] | None = None
    for row in rows:
        if row.id not in here and row.id not in with_date:
            continue  # another article's event, and one of them has no date
        row_days = DayRange(row.day, row.day_end) if row.day and row.day_end else None
        if not (dates_agree(row.date, row_days, value, days)
                and modes_agree(row.mode, ev.mode) and places_agree(row.place, ev.place)):
            continue
        distance = abs((row.day - days.start).days) if row.day and days else 0
        if best is None or distance < best[0]:
            best = (distance, row)
    if best is None:
        return None, False
    return best[1], best[1].id in with_date
