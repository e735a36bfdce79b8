"""Merging a batch of new reports at once (the bulk loader), with the result of
`merge.add_report` called for each of them in turn.

1. every new report is written as an event of its own (the rows `add_report` writes for a
   report that merges with nothing), in one statement per table;
2. the candidates of all of them are read in one query, through a temporary table of the
   new reports' keys: the stored reports of the same dyad and type within the merge window
   (the index on (dyad, type, day)); the other reports of their articles, all new, are
   paired in memory. A report only compares with the reports stored before it, as it
   would one at a time;
3. the pairs that are one event (`evidence.same_event`) join clusters. Only the clusters
   they touch are read and split again (`merge.settle_many`), each once, at the end: an event
   depends only on the reports of its cluster, not on the order they came in.

What `add_report` would have answered for each report (one event with others, at the time
it came) is found by replaying the batch in memory over the touched clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, select
from sqlalchemy.schema import CreateTable

from .. import settings
from . import schema as t
from .evidence import Facts, facts_of_row, same_event
from .fast_insert import fast_insert
from .merge import _COLUMNS, NewReport, cluster_rows, report_rows, settle_many, split

#: The new reports' keys, joined with `report_evidence` to find their candidates. A table
#: of each connection's own (TEMPORARY), emptied after each batch (by PostgreSQL at
#: commit).
_KEYS = Table(
    "merge_batch_keys", MetaData(),
    Column("report_id", String(100)), Column("article_id", String(32)),
    Column("dyad", String(410)), Column("type", String(20)),
    Column("low", Date), Column("high", Date),
    prefixes=["TEMPORARY"], postgresql_on_commit="DELETE ROWS",
)


def add_reports(conn: Connection, reports: Sequence[NewReport]) -> dict[str, bool]:
    """Insert these reports (in this order) and merge them with the stored ones and each
    other; for each report id, True when `add_report` would have found it one event with
    others."""
    if not reports:
        return {}
    facts = {}
    events, rows, evidence = [], [], []
    for new in reports:
        f, event, row, proof = report_rows(new)
        facts[new.id] = f
        events.append(event)
        rows.append(row)
        evidence.append(proof)
    fast_insert(conn, t.events, events)
    fast_insert(conn, t.event_reports, rows)
    fast_insert(conn, t.report_evidence, evidence)
    order = {new.id: n for n, new in enumerate(reports)}
    new_rows = {row.id: row for row in cluster_rows(conn, order, by="report")}
    # an article's other reports of the same dyad and type (all new: its article is new)
    same: dict[tuple[str, str, str], list[Any]] = {}
    for row in new_rows.values():
        same.setdefault((row.article_id, row.dyad, row.type), []).append(row)
    pairs = [(f.id, row) for f in facts.values()
             for row in same[f.article_id, f.dyad, f.type] if row.id != f.id]
    links: dict[str, list[Any]] = {}
    for report_id, row in pairs + _candidates(conn, list(facts.values())):
        # only what was stored before it: the stored reports, earlier ones of the batch
        if order.get(row.id, -1) < order[report_id] and \
                same_event(facts[report_id], facts_of_row(row)) is not None:
            links.setdefault(report_id, []).append(row)
    return _Clusters(conn, reports, links, new_rows).settle()


def _candidates(conn: Connection, facts: list[Facts]) -> list[tuple[str, Any]]:
    """(new report id, stored report row) of the candidate pairs of other articles: the
    same dyad and type, days within the merge window (`merge._candidates`)."""
    window = timedelta(days=settings.MERGE_WINDOW_DAYS)
    conn.execute(CreateTable(_KEYS, if_not_exists=True))
    fast_insert(conn, _KEYS, [
        dict(report_id=f.id, article_id=f.article_id, dyad=f.dyad, type=f.type,
             low=f.day - window if f.day else None, high=f.day + window if f.day else None)
        for f in facts])
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE merge_batch_keys")
    r, x, k = t.event_reports, t.report_evidence, _KEYS
    query = select(k.c.report_id.label("new_id"), *_COLUMNS).select_from(k).join(
        x, (x.c.dyad == k.c.dyad) & (x.c.type == k.c.type)).join(
        r, r.c.id == x.c.report_id).join(t.articles, t.articles.c.id == r.c.article_id)
    pairs = [(row.new_id, row) for row in conn.execute(query.where(
        x.c.day >= k.c.low, x.c.day <= k.c.high, r.c.article_id != k.c.article_id))]
    if conn.dialect.name != "postgresql":
        conn.execute(k.delete())
    return pairs


class _Clusters:
    """The clusters the batch's links touch: replayed report after report for what
    `add_report` would answer, then split once each."""

    def __init__(self, conn: Connection, reports: Sequence[NewReport],
                 links: dict[str, list[Any]], rows: dict[str, Any]) -> None:
        """`rows`: the stored rows of the new reports."""
        self.conn, self.reports, self.links, self.rows = conn, reports, links, rows
        self.order = {new.id: n for n, new in enumerate(reports)}
        # union-find over cluster names: a stored cluster, or a new report's own
        self.parent: dict[str, str] = {}

    def find(self, name: str) -> str:
        root = name
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while name != root:
            self.parent[name], name = root, self.parent.get(name, name)
        return root

    def settle(self) -> dict[str, bool]:
        conn, links = self.conn, self.links
        new_ids = set(self.order)
        stored = {row.cluster for rows in links.values() for row in rows
                  if row.id not in new_ids}
        rows = cluster_rows(conn, stored) + [self.rows[key] for key in sorted(self._linked_new())]
        by_cluster: dict[str, list[Any]] = {}
        for row in rows:
            by_cluster.setdefault(row.id if row.id in new_ids else row.cluster, []).append(row)
        members = {name: list(group) for name, group in by_cluster.items()}
        facts = {row.id: facts_of_row(row) for row in rows}
        merged: dict[str, bool] = {}
        for new in self.reports:
            if new.id not in links:
                merged[new.id] = False
                continue
            root = self.find(new.id)
            for row in links[new.id]:
                other = self.find(row.id if row.id in new_ids else row.cluster)
                if other != root:  # the smaller name names the union
                    root, other = min(root, other), max(root, other)
                    self.parent[other] = root
                    members[root] = members.get(root, []) + members.pop(other, [])
            # the cluster as it stood when this report came: reports up to it
            groups, _ = split([facts[row.id] for row in members[root]
                               if self.order.get(row.id, -1) <= self.order[new.id]])
            merged[new.id] = any(len(g) > 1 for g in groups if any(f.id == new.id for f in g))
        names: dict[str, set[str]] = {}
        for name in by_cluster:
            names.setdefault(self.find(name), set()).add(name)
        settle_many(conn, [(names[root], members[root]) for root in sorted(names)], new_ids)
        return merged

    def _linked_new(self) -> set[str]:
        """The new reports in a link: those with candidates, and the candidates."""
        return set(self.links) | {row.id for rows in self.links.values() for row in rows
                                  if row.id in self.order}
