"""Event merging: the reports of one real-world event, repeated by many articles (and by the
headline, key points and body of one article), become one event with several reports.

Whether two reports are of one event is decided pair by pair (`evidence.same_event`: the
same actors, type and compatible mode, agreeing dates, and corroborating evidence such as a
shared place, quotation or key terms). Merging applies it so that the events depend only on
the reports stored, never on the order they came in:

1. a new report's candidates are the stored reports of its dyad (the sides' countries) and
   type within `MERGE_WINDOW_DAYS` days, found with the index on (dyad, type, day) of
   `report_evidence`, and the other reports of its article;
2. the reports it is one event with, and their clusters (`report_evidence.cluster`: sets of
   reports linked by such pairs), become one cluster with it;
3. the cluster is split into events in a fixed order (best dated first, then by day and id):
   a report joins the first event holding a report it is one event with and none it
   conflicts with (another place, mode or named actor, or days too far apart), else starts
   one. Chains of similar reports thus never stretch an event beyond its window;
4. an event's id is its smallest report id; its date, mode, place and actors come from its
   best dated reports, its counts from all of them, and its `why` says which evidence
   joined each report (`recount`).

`add_report` does this for one report inside the transaction that writes its article
(`write.write_article`); a bulk load writing many articles in one transaction merges them
with each other as with the stored ones.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, select, text, update

from .. import settings
from . import schema as t
from .dates import (
    DayRange,
    dates_agree,
    day_range,
    event_days,
    is_dated,
    modes_agree,
    normalise_name,
    places_agree,
)
from .evidence import (
    Facts,
    conflicts,
    facts_of_event,
    facts_of_row,
    same_event,
    side,
)
from .fast_insert import id_batches
from .origins import origin_outlets

if TYPE_CHECKING:
    from ..model import Actor, CodedArticle, Event

__all__ = ["DayRange", "MAX_KEY", "actor_key", "add_report", "bounded_key", "dates_agree",
           "day_range", "event_days", "is_dated", "lock_merging", "modes_agree",
           "normalise_name", "outlet_of", "places_agree", "recount"]

#: Key of the PostgreSQL advisory lock that serialises event merging.
MERGE_LOCK = 0x6576_636F_6D72_6701


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


_UPDATE_EVENT = update(t.events).where(t.events.c.id == bindparam("key"))


def dyad_of(source: str | None, target: str | None, countries: dict[str, str | None]) -> str:
    """The (source side, target side) key of the candidate index; `countries` maps stored
    actor ids to their country codes."""
    sides = (side(actor, countries.get(actor or "")) for actor in (source, target))
    return "|".join(sides)


@dataclass
class NewReport:
    """A report of a new article to merge: its article, event and stored ids."""

    coded: CodedArticle
    event: Event
    id: str
    outlet: str
    #: The article's actor ids -> stored actor ids.
    keys: dict[str, str]
    #: The article's words that are not key terms (`evidence.article_words`).
    excluded: set[str]
    #: The outlets of its article's origins (`origins.origin_outlets`).
    outlets: set[str]


def add_report(conn: Connection, coded: CodedArticle, ev: Event, report_id: str, outlet: str,
               keys: dict[str, str], excluded: set[str] | None = None,
               article_outlets: set[str] | None = None) -> bool:
    """Insert one report and merge it with the stored ones (see the module); True when it
    is one event with other reports. `keys`, `excluded` and `article_outlets` are those
    of `NewReport` (the last two computed here when not given)."""
    from .evidence import article_words

    new = NewReport(coded, ev, report_id, outlet, keys,
                    article_words(coded) if excluded is None else excluded,
                    origin_outlets(conn, coded.article.id)
                    if article_outlets is None else article_outlets)
    facts, event, report, evidence = report_rows(new)
    clusters = {row.cluster for row in _candidates(conn, facts)
                if same_event(facts, facts_of_row(row)) is not None}
    # rows passed as parameters, not .values(): one compiled statement for every report
    conn.execute(t.events.insert(), event if not clusters else
                 _placeholder(report_id, ev.type, ev.modality))  # filled in by `resplit`
    conn.execute(t.event_reports.insert(), report)
    conn.execute(t.report_evidence.insert(), evidence)
    return bool(clusters) and resplit(conn, clusters | {report_id}, report_id)


def report_rows(new: NewReport) -> tuple[Facts, dict[str, Any], dict[str, Any],
                                         dict[str, Any]]:
    """The report's facts and its rows of `events` (an event of its own: what `recount`
    makes of this one report), `event_reports` and `report_evidence`."""
    coded, ev, keys = new.coded, new.event, new.keys
    _, days = event_days(ev.date, coded.article.published)
    source = keys.get(ev.source) if ev.source else None
    target = keys.get(ev.target) if ev.target else None
    countries = {keys[a.id]: a.country for a in coded.actors if a.id in keys}
    dyad = dyad_of(source, target, countries)
    facts = facts_of_event(coded, ev, new.id, dyad, source, target, new.excluded)
    day = days.start if days else None
    event = dict(
        id=new.id, type=ev.type, mode=ev.mode, context=ev.context, source_id=source,
        target_id=target, date=facts.value, day=day, day_end=days.end if days else None,
        date_precise=bool(days and days.precise), place=ev.place or None,
        modality=ev.modality, intensity=ev.intensity, n_reports=1, n_articles=1,
        n_sources=len({new.outlet} | new.outlets), why="")
    report = dict(
        id=new.id, event_id=new.id, article_id=coded.article.id, local_id=ev.id,
        outlet=new.outlet, type=ev.type, mode=ev.mode, context=ev.context,
        source_id=source, target_id=target, source_local=ev.source,
        target_local=ev.target, trigger_start=ev.trigger.start,
        trigger_end=ev.trigger.end, trigger_text=ev.trigger.text,
        sentence_start=ev.sentence.start, sentence_end=ev.sentence.end,
        sentence_text=ev.sentence.text, date=ev.date,
        date_alternatives=ev.date_alternatives, date_fallback=ev.date_fallback,
        day=day, place=ev.place, modality=ev.modality, intensity=ev.intensity,
        hedges=[h.model_dump() for h in ev.hedges], why=ev.why)
    evidence = dict(report_id=new.id, cluster=new.id, dyad=dyad, type=ev.type, day=facts.day,
                    key_terms=sorted(facts.key_terms), quotes=list(facts.quotes))
    return facts, event, report, evidence


#: What `evidence.facts_of_row` reads of a stored report.
_COLUMNS: list[Any] = [t.event_reports, t.report_evidence.c.cluster, t.report_evidence.c.dyad,
                       t.report_evidence.c.key_terms, t.report_evidence.c.quotes,
                       t.articles.c.body_start]


def _candidates(conn: Connection, facts: Facts) -> list[Any]:
    """Stored reports that may be one event with `facts`: its dyad and type within the
    merge window (the index on (dyad, type, day)), and its article's other reports."""
    r, x = t.event_reports, t.report_evidence
    query = select(*_COLUMNS).join(x, x.c.report_id == r.c.id).join(
        t.articles, t.articles.c.id == r.c.article_id).where(
        x.c.dyad == facts.dyad, x.c.type == facts.type, r.c.id != facts.id)
    rows = list(conn.execute(query.where(r.c.article_id == facts.article_id)))
    if facts.day is not None:
        window = timedelta(days=settings.MERGE_WINDOW_DAYS)
        rows += conn.execute(query.where(x.c.day >= facts.day - window,
                                         x.c.day <= facts.day + window,
                                         r.c.article_id != facts.article_id))
    return rows


def resplit(conn: Connection, clusters: set[str], new_report: str | None = None) -> bool:
    """Make `clusters` one cluster (named by its smallest report id) and split it into
    events again; True when `new_report` is one event with others."""
    groups = settle(conn, clusters, cluster_rows(conn, clusters),
                    {new_report} if new_report else set())
    return any(len(g) > 1 for g in groups if any(f.id == new_report for f in g))


def cluster_rows(conn: Connection, clusters: Iterable[str], by: str = "cluster") -> list[Any]:
    """The stored reports of these clusters (or with `by="report"`, these reports), as
    `evidence.facts_of_row` reads them."""
    r, x = t.event_reports, t.report_evidence
    column = x.c.cluster if by == "cluster" else r.c.id
    return [row for part in id_batches(sorted(clusters))
            for row in conn.execute(select(*_COLUMNS).join(x, x.c.report_id == r.c.id)
                                    .join(t.articles, t.articles.c.id == r.c.article_id)
                                    .where(column.in_(part)))]


def settle(conn: Connection, clusters: set[str], rows: Sequence[Any], new: set[str]
           ) -> list[list[Facts]]:
    """Make `clusters` one cluster, named by the smallest (the smallest report id), and
    split its stored reports `rows` into events; the events' reports. Events whose
    reports changed, or that hold a report of `new`, are counted again."""
    return settle_many(conn, [(clusters, rows)], new)[0]


def settle_many(conn: Connection, parts: Sequence[tuple[set[str], Sequence[Any]]],
                new: set[str]) -> list[list[list[Facts]]]:
    """`settle` for several clusters at once, each change written in one statement for
    them all."""
    r, x = t.event_reports, t.report_evidence
    renamed: list[dict[str, str]] = []
    placeholders: list[dict[str, Any]] = []
    moved: list[dict[str, str]] = []
    gone: set[str] = set()
    changed: list[list[Facts]] = []
    why: dict[str, str] = {}
    by_id: dict[str, Any] = {}
    out = []
    for clusters, rows in parts:
        name = min(clusters)
        renamed += [{"old": c, "name": name} for c in sorted(clusters - {name})]
        before = {row.id: row.event_id for row in rows}
        groups, explained = split([facts_of_row(row) for row in rows])
        after = {f.id: min(g_f.id for g_f in group) for group in groups for f in group}
        members: dict[str, set[str]] = {}
        for report, event_id in before.items():
            members.setdefault(event_id, set()).add(report)
        # events whose reports changed (new reports among them); the others stay as they are
        for group in groups:
            event_id = after[group[0].id]
            if members.get(event_id) == {f.id for f in group} and \
                    not any(f.id in new for f in group):
                continue
            changed.append(group)
            if event_id not in members:
                placeholders.append(_placeholder(event_id, group[0].type, group[0].modality))
            moved += [{"key": f.id, "event": event_id} for f in group
                      if before[f.id] != event_id]
        gone |= set(before.values()) - set(after.values())
        why.update(explained)
        by_id.update((row.id, row) for row in rows)
        out.append(groups)
    if renamed:
        conn.execute(update(x).where(x.c.cluster == bindparam("old"))
                     .values(cluster=bindparam("name")), renamed)
    if placeholders:  # filled in by `recount`
        conn.execute(t.events.insert(), placeholders)
    if moved:
        conn.execute(update(r).where(r.c.id == bindparam("key"))
                     .values(event_id=bindparam("event")), moved)
    for part in id_batches(sorted(gone)):
        conn.execute(delete(t.events).where(t.events.c.id.in_(part)))
    recount(conn, changed, why, by_id)
    return out


def _order(f: Facts) -> tuple[int, date, str]:
    """Best dated first (a day in the text, a vaguer value, the publication date, none),
    then by day and id."""
    rank = ("text", "vague", "publication", "none").index(f.date_kind)
    return rank, f.day or date.max, f.id


def split(reports: Sequence[Facts]) -> tuple[list[list[Facts]], dict[str, str]]:
    """The events of a cluster (see the module), and for each report that joined an event
    the evidence that joined it ('<report> with <report>: <evidence>')."""
    groups: list[list[Facts]] = []
    why: dict[str, str] = {}
    # a report with a precise day conflicts with every report whose precise day is more
    # than `reach` away: in a long chain of similar reports only the groups near its day
    # (found by day) and those without a precise day are tried, in the order they began
    reach = settings.MERGE_WINDOW_DAYS + 1
    by_day: dict[date, set[int]] = {}
    undated: list[int] = []
    for report in sorted(reports, key=_order):
        day = report.day if report.days and report.days.precise else None
        if day is None:
            tried: Iterable[int] = range(len(groups))
        else:
            near = {i for d in range(-reach, reach + 1)
                    for i in by_day.get(day + timedelta(days=d), ())}
            tried = sorted(near.union(undated))
        for index in tried:
            group = groups[index]
            if any(conflicts(report, other) for other in group):
                continue
            links = [(e, other) for other in group
                     if (e := same_event(report, other)) is not None]
            if links:
                evidence, other = max(links, key=lambda link: link[0].score)
                why[report.id] = f"{report.id} with {other.id}: {evidence}"
                group.append(report)
                break
        else:
            index = len(groups)
            groups.append([report])
        if day is not None:
            by_day.setdefault(day, set()).add(index)
            if index in undated:
                undated.remove(index)
        elif index == len(groups) - 1 and len(groups[index]) == 1:
            undated.append(index)
    return groups, why


def _placeholder(event_id: str, type: str, modality: str) -> dict[str, Any]:
    """An event row to fill in (`recount`)."""
    return dict(id=event_id, type=type, context=[], date_precise=False, modality=modality,
                n_reports=0, n_articles=0, n_sources=0, why="")


def recount(conn: Connection, groups: Sequence[Sequence[Facts]], why: dict[str, str],
            rows: dict[str, Any]) -> None:
    """Set the date, mode, place, actors, counts and `why` of each group's event from
    its reports (the event's id is the smallest report id); `rows` holds the stored rows
    of the groups' reports."""
    if not groups:
        return
    o, nd = t.article_origins, t.near_duplicates
    articles = sorted({rows[f.id].article_id for group in groups for f in group})
    canonical: dict[str, str] = {}
    outlets: dict[str, set[str]] = {}
    for part in id_batches(articles):
        canonical.update(conn.execute(select(nd.c.article_id, nd.c.canonical_id)
                                      .where(nd.c.article_id.in_(part))).all())
        for article_id, outlet in conn.execute(select(o.c.article_id, o.c.outlet).where(
                o.c.article_id.in_(part), o.c.outlet.is_not(None))):
            outlets.setdefault(article_id, set()).add(outlet)
    updates = []
    for group in groups:
        event_id = min(f.id for f in group)
        best = min(group, key=_order)
        with_mode = [f for f in group if f.mode is not None]
        rep = rows[min(with_mode or group, key=_order).id]
        place = next((f.place for f in sorted(group, key=_order) if f.place), None)
        pairs = Counter((f.source_id, f.target_id) for f in group)
        source, target = min(pairs, key=lambda p: (-pairs[p], -_named(p, group), str(p)))
        days = best.days
        # an event's articles count a near-duplicate group once (`count_articles`); its
        # outlets are those of its reports and of every origin of their articles
        mine = {rows[f.id].article_id for f in group}
        sources = {rows[f.id].outlet for f in group}.union(
            *(outlets.get(a, set()) for a in mine))
        updates.append(dict(
            key=event_id, mode=rep.mode, intensity=rep.intensity, context=rep.context,
            source_id=source, target_id=target, date=best.value,
            day=days.start if days else None, day_end=days.end if days else None,
            date_precise=bool(days and days.precise), place=place, n_reports=len(group),
            n_articles=len({canonical.get(a, a) for a in mine}), n_sources=len(sources),
            why="\n".join(why[f.id] for f in sorted(group, key=_order) if f.id in why)))
    conn.execute(_UPDATE_EVENT, updates)


def _named(pair: tuple[str | None, str | None], group: Sequence[Facts]) -> int:
    """How many sides of a pair are named actors, not only a country."""
    countries = group[0].dyad.split("|")
    return sum(1 for actor, country in zip(pair, (countries[0], countries[-1]), strict=True)
               if actor is not None and actor != country)


def count_articles(conn: Connection, article_ids: set[str]) -> int:
    """Articles, counting near-duplicates (syndicated copies) of one article once."""
    if len(article_ids) < 2:
        return len(article_ids)
    nd = t.near_duplicates
    canonical = dict(conn.execute(select(nd.c.article_id, nd.c.canonical_id)
                                  .where(nd.c.article_id.in_(sorted(article_ids)))).all())
    return len({canonical.get(a, a) for a in article_ids})


def recount_articles(conn: Connection, article_ids: Iterable[str]) -> None:
    """Count the articles of every event these articles report again (their near-duplicates
    changed)."""
    r = t.event_reports
    events = set(conn.scalars(select(r.c.event_id).distinct()
                              .where(r.c.article_id.in_(sorted(set(article_ids))))))
    for event_id in sorted(events):
        articles = set(conn.scalars(select(r.c.article_id).distinct()
                                    .where(r.c.event_id == event_id)))
        conn.execute(update(t.events).where(t.events.c.id == event_id)
                     .values(n_articles=count_articles(conn, articles)))


def merged_counts(conn: Connection) -> dict[str, int]:
    """Reports merged into another report's event, and near-duplicate articles found."""
    reports = conn.scalar(select(func.count()).select_from(t.event_reports)) or 0
    events = conn.scalar(select(func.count()).select_from(t.events)) or 0
    copies = conn.scalar(select(func.count()).select_from(t.near_duplicates)) or 0
    return {"merged_reports": reports - events, "near_duplicate_articles": copies}
