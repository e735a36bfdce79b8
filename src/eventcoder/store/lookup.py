"""Look-ups for the web views (`eventcoder serve`): one article's record, a search of the
articles, one actor with its names and counterparts. Small functions over an open `Store`,
kept apart from `db.Store` so that its query methods stay as they are.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from . import schema as t
from .db import _as_date, check_limit, check_term
from .rows import StoredActor, as_dict

if TYPE_CHECKING:
    from .db import Store


def article_record(store: Store, article_id: str) -> dict[str, Any] | None:
    """The full coded record of one stored article (as `Store.records` gives it, with
    `external_id` and `origins`), or None when no article has this id."""
    a = t.articles
    with store.engine.connect() as conn:
        row = conn.execute(select(a.c.record, a.c.external_id)
                           .where(a.c.id == article_id)).first()
    if row is None:
        return None
    origins = store.origins([article_id]).get(article_id, ())
    return {**row.record, "external_id": row.external_id, "origins": as_dict(list(origins))}


def search_articles(store: Store, q: str | None = None, outlet: str | None = None,
                    since: date | str | None = None, until: date | str | None = None,
                    limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Stored articles whose title contains `q` and whose outlet contains `outlet` (any
    case), published from `since` to `until`, newest first: the number that match and
    one page of them."""
    check_term(q)
    check_term(outlet)
    check_limit(limit)
    if offset < 0:
        raise ValueError(f"offset {offset} is negative")
    a = t.articles
    where = []
    if q is not None:
        low = q.strip().casefold()
        where.append(or_(func.lower(a.c.title).contains(low, autoescape=True),
                         a.c.id == q.strip(), a.c.external_id == q.strip()))
    if outlet is not None:
        where.append(func.lower(a.c.outlet).contains(outlet.strip().casefold(),
                                                     autoescape=True))
    if since:
        where.append(a.c.published >= _as_date(since))
    if until:
        where.append(a.c.published <= _as_date(until))
    columns = (a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url, a.c.external_id,
               a.c.n_events)
    with store.engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(a).where(*where)) or 0
        rows = conn.execute(select(*columns).where(*where)
                            .order_by(a.c.published.desc(), a.c.id)
                            .limit(limit).offset(offset)).all()
    return total, [dict(r._mapping) for r in rows]


def actor_detail(store: Store, actor_id: str, counterparts: int = 10) -> dict[str, Any] | None:
    """One stored actor: its row with its event counts, every name articles used for it,
    its offices and the `why` of its resolution (first few articles), and its main
    counterparts (actors it acts on and that act on it, most events first). None when no
    actor has this id."""
    a, aa, pairs = t.actors, t.article_actors, t.pair_counts
    with store.engine.connect() as conn:
        row = conn.execute(select(a).where(a.c.id == actor_id)).first()
        if row is None:
            return None
        counts = conn.execute(select(t.actor_counts.c.as_source, t.actor_counts.c.as_target)
                              .where(t.actor_counts.c.actor_id == actor_id)).first()
        n_source, n_target = counts if counts is not None else (0, 0)
        names: dict[str, None] = {}
        offices: dict[str, None] = {}
        whys: dict[str, None] = {}
        n_articles = 0
        for local in conn.execute(select(aa.c.name, aa.c.names, aa.c.office, aa.c.why)
                                  .where(aa.c.actor_id == actor_id)
                                  .order_by(aa.c.article_id, aa.c.local_id)):
            n_articles += 1
            for name in [local.name, *local.names]:
                names.setdefault(name)
            if local.office:
                offices.setdefault(local.office)
            if local.why and len(whys) < 5:
                whys.setdefault(local.why)
        out: dict[str, list[dict[str, Any]]] = {}
        # from the pair counts the database keeps (migration 0008)
        for side, own, other in (("targets", pairs.c.source_id, pairs.c.target_id),
                                 ("sources", pairs.c.target_id, pairs.c.source_id)):
            query = (select(other.label("id"), a.c.name, pairs.c.n_events.label("events"),
                            pairs.c.sum_intensity, pairs.c.n_intensity)
                     .join(a, a.c.id == other)
                     .where(own == actor_id, pairs.c.n_events > 0)
                     .order_by(pairs.c.n_events.desc(), other).limit(counterparts))
            out[side] = [{"id": r.id, "name": r.name, "events": r.events,
                          "mean_intensity": round(r.sum_intensity / r.n_intensity, 2)
                          if r.n_intensity else None} for r in conn.execute(query)]
    actor = StoredActor(**row._mapping, as_source=n_source, as_target=n_target)
    return {**as_dict(actor), "names": list(names), "offices": list(offices),
            "why": list(whys), "n_articles": n_articles, "counterparts": out}
