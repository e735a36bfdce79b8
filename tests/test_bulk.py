"""The bulk loader (`store.bulk.add_many`) stores what `Store.add` stores, article after
article: the same rows in every table, the same merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.model import CodedArticle
from eventcoder.store import Store
from eventcoder.store.bulk import add_many
from storage_helpers import coded, dump

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_articles.jsonl"


def merging_articles() -> list[CodedArticle]:
    """Articles whose events merge in every way the rules allow: same day, within the
    window, an undated report dated later, places and modes to fill, a denial apart."""
    return [
        coded("a1", "2025-03-01", [("ARM", "CONSULT", "RUS", "2025-03-01", 2.5, None, None),
                                   ("ARM", "ACCUSE", "RUS", None, -3.0)]),
        coded("a2", "2025-03-02", [("ARM", "CONSULT", "RUS", "2025-03-02", 2.5, "Yerevan",
                                    "meet"),
                                   ("RUS", "ACCUSE", "ARM", "2025-03", -3.0)], outlet="Wire B"),
        coded("a3", "2025-03-05", [("ARM", "CONSULT", "RUS", "2025-03-01", 2.5, "Erevan"),
                                   ("ARM", "CONSULT", "RUS", "2025-03-01", 2.5, None, None,
                                    "negated"),
                                   ("RUS", "ACCUSE", "ARM", "2025-03", -3.0)]),
        coded("a4", "2025-04-01", [("PASH", "REJECT", "RUSGOV", None, -2.0),
                                   ("PASH", "REJECT", "RUSGOV", "2025-04-01", -2.0),
                                   ("EU", "AID", "ARM", "2025-04-02", 4.0, None, "economic")],
              outlet=None),
        coded("a5", "2025-04-03", [("EU", "AID", "ARM", "2025-04-01", 4.0),
                                   ("PCT", "PROTEST", None, "2025-04-03", -1.0)]),
    ]


@pytest.mark.parametrize("split", [1, 2, 5])
def test_bulk_batches_store_what_store_add_stores(db_url, tmp_path, split):
    articles = merging_articles()
    one_by_one = f"sqlite:///{tmp_path / 'one.db'}"
    with Store.open(one_by_one) as store:
        expected = [store.add(a) for a in articles]
        expected.append(store.add(articles[1]))  # stored already
        reference = dump(store)
    with Store.open(db_url) as store:
        results = []
        for start in range(0, len(articles), split):
            results += add_many(store, articles[start:start + split])
        results += add_many(store, [articles[1]])
        assert results == expected
        assert dump(store) == reference
        assert store.counts()["merged_events"] > 0


def test_an_article_twice_in_a_batch_is_stored_once(store):
    article = merging_articles()[0]
    first, second = add_many(store, [article, article])
    assert first.stored and not second.stored
    assert store.counts()["articles"] == 1


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared is not present")
def test_bulk_loading_coded_corpus_articles_equals_store_add(db_url, tmp_path):
    from eventcoder.pipeline import Coder
    from eventcoder.read import read_paths

    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:30]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(Coder().code_articles(a for a in read_paths([path])))
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as store:
        for record in records:
            store.add(record)
        reference = dump(store)
    with Store.open(db_url) as store:
        for start in range(0, len(records), 7):
            add_many(store, records[start:start + 7])
        assert dump(store) == reference


def hard_cases() -> list[CodedArticle]:
    """Near-duplicate copies, reports that join clusters of earlier ones, and a chain of
    similar reports day after day that must be split into events by the window."""
    from test_merge import LONG, copy_of, one

    edited = LONG.replace("nine in ten goods", "90 percent of goods")
    chain = [one(f"d{n}", f"2025-03-{10 + n:02d}", "Armenia accused Russia of border "
                 "provocations.", day=f"2025-03-{10 + n:02d}") for n in range(6)]
    # two days apart each: the third is one event with the second, whose event holds the
    # first, four days before it: it starts an event of its own
    apart = [one(f"g{n}", f"2025-05-{10 + 2 * n:02d}", "Armenia accused the EU of border "
                 "provocations.", target="EU", day=f"2025-05-{10 + 2 * n:02d}")
             for n in range(3)]
    return [
        copy_of("w1", "2025-10-14", LONG, "Wire A"),
        one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."),
        chain[3], chain[0],
        copy_of("w2", "2025-10-15", edited, "Daily B"),
        one("c", "2025-03-04", "The ambassador was recalled for consultations."),
        one("b", "2025-03-04", "Armenia recalled the ambassador for consultations on Monday.",
            day="2025-03-03"),
        chain[5], chain[1],
        copy_of("w3", "2025-10-14", LONG.rsplit(" Farmers", 1)[0], "Post C"),
        one("e", "2025-03-05", "Armenia criticised Russia over the gas prices.", place="Yerevan"),
        one("d", "2025-03-04", "Armenia criticised Russia over gas prices."),
        chain[2], apart[0], apart[1], chain[4], apart[2],
        copy_of("w4", "2025-10-16", edited.replace("Japan", "Tokyo"), "Post D"),
    ]


@pytest.mark.parametrize("split", [1, 4, 15])
def test_batches_of_copies_and_clusters_store_what_store_add_stores(db_url, tmp_path, split):
    articles = hard_cases()
    with Store.open(f"sqlite:///{tmp_path / 'one.db'}") as store:
        expected = [store.add(a) for a in articles]
        reference = dump(store)
    merged = {a.article: a.merged for a in expected}
    assert [merged[c.article.id] for c in articles if c.article.title[8] == "g"] == [0, 1, 0]
    assert sum(a.merged for a in expected) >= 8 and sum(a.near_duplicates > 0
                                                         for a in expected) == 3
    with Store.open(db_url) as store:
        results = []
        for start in range(0, len(articles), split):
            results += add_many(store, articles[start:start + split])
        assert results == expected
        assert dump(store) == reference
