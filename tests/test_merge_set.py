"""Merging on our own set of invented articles (tests/data/merge/articles.jsonl): the same
event told by several outlets (with and without dates, in other words), different events
of one dyad and type on the same day, syndicated copies with edits. Precision and recall of
merging over pairs of articles, the same whatever the ingest order, on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from eventcoder.evaluate.merging import code_set, main, score, stories
from eventcoder.model import CodedArticle
from eventcoder.store import Store
from eventcoder.store import schema as t
from storage_helpers import dump

SET = Path(__file__).parent / "data" / "merge" / "articles.jsonl"


@pytest.fixture(scope="module")
def coded() -> list[CodedArticle]:
    return code_set(SET)


def stored(store: Store, records: list[CodedArticle]) -> dict[str, list[tuple]]:
    for record in records:
        store.add(record)
    rows = dump(store)
    del rows["articles"], rows["article_origins"]  # ingest times
    return rows


def test_merge_precision_and_recall_on_the_set(store, coded):
    stored(store, coded)
    result = score(store, stories(SET))
    assert result.same_story >= 21
    assert result.precision >= 0.95, result.wrong
    assert result.recall >= 0.85, result.missed


def test_ingest_order_does_not_change_the_events(db_url, tmp_path, coded):
    with Store.open(db_url) as store:
        forward = stored(store, coded)
        before = dump(store)
        for record in coded:  # re-ingest: nothing changes
            assert not store.add(record).stored
        assert dump(store) == before
    with Store.open(f"sqlite:///{tmp_path / 'reversed.db'}") as store:
        backward = stored(store, coded[::-1])
    assert forward == backward
    assert len(forward["events"]) < len(forward["event_reports"])


def test_syndicated_copies_are_near_duplicates(store, coded):
    stored(store, coded)
    a = t.articles
    with store.engine.connect() as conn:
        ids = dict(conn.execute(select(a.c.external_id, a.c.id)).all())
        rows = conn.execute(select(t.near_duplicates)).all()
    group = {ids["wire-a"], ids["wire-b"], ids["wire-c"]}
    assert {row.article_id for row in rows} | {row.canonical_id for row in rows} == group
    (canonical,) = {row.canonical_id for row in rows}
    assert canonical == min(group)
    events = store.events(actor="Japan", target="India")
    assert events and all(e.n_articles == 1 and e.n_sources == 3 for e in events)


def test_evidence_is_recorded_in_the_why_of_each_merged_event(store, coded):
    stored(store, coded)
    merged = [e for e in store.events() if e.n_articles > 1]
    assert merged and all("score" in e.why for e in merged)
    recall = [e for e in merged if e.source_name == "Armenia" and e.type == "SANCTION"]
    assert len(recall) == 1 and recall[0].n_sources == 3
    assert recall[0].date == "2025-03-03"  # "on Monday", not a publication date


def test_the_evaluation_prints_precision_and_recall(capsys):
    import re

    assert main([str(SET)]) == 0
    out = capsys.readouterr().out
    found = re.search(r"merge precision (\d\.\d{3}) recall (\d\.\d{3})", out)
    assert found and float(found[1]) >= 0.95 and float(found[2]) >= 0.85


def test_a_set_record_without_a_story_is_an_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Armenia recalled its ambassador."}\n')
    with pytest.raises(ValueError, match="bad.jsonl:1: a record needs an id and a story"):
        stories(bad)


def test_a_timeline_counts_the_recall_once(store, coded):
    # the example: three outlets, two without a date and one "on Monday"
    from eventcoder.analyse.timeline import timeline

    stored(store, [c for c in coded if c.article.external_id.startswith("recall-")])
    view = timeline(store, "Armenia", "Russia", by="month")
    assert [(p.label, p.ab_count) for p in view.periods] == [("2025-03", 1)]
