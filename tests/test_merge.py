"""Merging with evidence (store/evidence.py, store/merge.py): one test per rule, with coded
articles built by hand (no spaCy), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from eventcoder.model import Actor, CodedArticle
from eventcoder.store import Store
from eventcoder.store import schema as t
from eventcoder.store.write import write_articles
from storage_helpers import ACTORS, coded, dump


def one(key: str, published: str, sentence: str, day: str | None = None,
        source: str = "ARM", target: str = "RUS", kind: str = "ACCUSE",
        place: str | None = None, outlet: str = "Wire A") -> CodedArticle:
    """An article with one event, told by `sentence`; without `day` the event is dated by
    the publication date."""
    record = coded(key, published, [(source, kind, target, day or published, -2.0, place)],
                   outlet=outlet, sentences_=[sentence])
    record.events[0].date_fallback = day is None
    return record


def sizes(store: Store) -> list[int]:
    return sorted(e.n_reports for e in store.events())


def test_publication_dated_reports_merge_with_shared_key_terms(store):
    store.add(one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."))
    store.add(one("b", "2025-03-04", "Armenia has recalled the ambassador for consultations "
                                     "over arms deliveries.", outlet="Daily B"))
    (event,) = store.events()
    assert (event.n_reports, event.n_articles, event.n_sources) == (2, 2, 2)
    assert "shared key terms ambassador, consultation" in event.why
    assert "published 2025-03-03 and 2025-03-04" in event.why


def test_publication_dated_reports_two_days_apart_stay_apart(store):
    store.add(one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."))
    store.add(one("b", "2025-03-05", "Armenia recalled its ambassador for consultations."))
    assert sizes(store) == [1, 1]


def test_an_in_text_date_merges_with_reports_published_that_day_and_the_day_after(store):
    # one pair per type, so that no pair is joined through another
    cases = {"ACCUSE": "2025-03-03", "REJECT": "2025-03-04", "SANCTION": "2025-03-05",
             "THREATEN": "2025-03-02"}
    for kind, published in cases.items():
        store.add(one(f"dated-{kind}", "2025-03-04", "Armenia recalled its ambassador for "
                      "consultations on Monday.", day="2025-03-03", kind=kind))
        store.add(one(f"undated-{kind}", published, "The ambassador was recalled for "
                      "consultations.", kind=kind))
    merged = {e.type: e for e in store.events() if e.n_reports == 2}
    assert sorted(merged) == ["ACCUSE", "REJECT"]
    assert merged["REJECT"].date == "2025-03-03" and merged["REJECT"].date_precise
    assert "day in the text 2025-03-03, published 2025-03-04" in merged["REJECT"].why


def test_a_shared_quotation_is_evidence(store):
    store.add(one("a", "2025-06-17", 'Pashinyan said Moscow had "abandoned Armenia at the '
                                     'hardest moment".'))
    store.add(one("b", "2025-06-17", '"Russia abandoned Armenia at the hardest moment," '
                                     'he told parliament.'))
    (event,) = store.events()
    assert "shared quotation “abandoned armenia at the”" in event.why


def test_the_same_place_is_evidence_even_when_only_one_report_has_it(store):
    store.add(one("a", "2025-09-10", "Russia attacked Ukraine in Kharkiv overnight.",
                  source="RUS", target="ARM", kind="ASSAULT"))
    store.add(one("b", "2025-09-10", "Strikes with glide bombs overnight.", source="RUS",
                  target="ARM", kind="ASSAULT", place="Kharkiv"))
    store.add(one("c", "2025-09-10", "Strikes with drones overnight.", source="RUS",
                  target="ARM", kind="ASSAULT", place="Lviv"))
    assert sizes(store) == [1, 2]
    assert any("same place (Kharkiv)" in e.why for e in store.events())


def test_different_matters_the_same_day_stay_two_events(store):
    store.add(one("a", "2025-04-08", "Armenia criticised Russia over the detention of a "
                                     "journalist.", day="2025-04-08"))
    store.add(one("b", "2025-04-08", "Armenia criticised Russia over grain export "
                                     "restrictions.", day="2025-04-08"))
    assert sizes(store) == [1, 1]


def test_a_country_and_a_person_of_it_are_one_side_with_evidence(store):
    store.add(one("a", "2025-05-13", "Armenia imposed sanctions over the nuclear programme.",
                  kind="SANCTION"))
    store.add(one("b", "2025-05-13", "Pashinyan imposed sanctions over the nuclear programme.",
                  source="PASH", kind="SANCTION"))
    (event,) = store.events()
    assert "same countries" in event.why
    assert event.source_id == ACTORS["PASH"].id  # the named actor, not only the country


def test_two_people_of_one_country_are_not_one_side(store, monkeypatch):
    monkeypatch.setitem(ACTORS, "MIRZ", Actor(
        id="person:ararat-mirzoyan", name="Ararat Mirzoyan", kind="person", country="ARM",
        kb_id="person:ararat-mirzoyan"))
    text = "imposed sanctions over the nuclear programme."
    store.add(one("a", "2025-05-13", f"Pashinyan {text}", source="PASH", kind="SANCTION"))
    store.add(one("b", "2025-05-13", f"Mirzoyan {text}", source="MIRZ", kind="SANCTION"))
    assert sizes(store) == [1, 1]
    # a report of the country joins one of them, never both into one event
    store.add(one("c", "2025-05-13", f"Armenia {text}", kind="SANCTION"))
    assert sizes(store) == [1, 2]


def test_types_modes_and_modalities_must_agree(store):
    sentence = "Armenia recalled its ambassador for consultations."
    store.add(one("a", "2025-03-03", sentence, kind="SANCTION"))
    store.add(one("b", "2025-03-03", sentence, kind="REJECT"))
    denied = one("c", "2025-03-03", sentence, kind="SANCTION")
    denied.events[0].modality = "negated"
    store.add(denied)
    assert sizes(store) == [1, 1, 1]


def test_a_chain_of_similar_reports_does_not_stretch_an_event(store):
    # day after day the same words: each pair of neighbours could merge, but an event
    # never spans reports more than the merge window apart
    for n in range(8):
        day = f"2025-03-{10 + n:02d}"
        store.add(one(f"d{n}", day, "Armenia accused Russia of border provocations.", day=day))
    events = store.events()
    assert sum(e.n_reports for e in events) == 8
    for event in events:
        days = [r.day for r in store.reports([event.id])[event.id]]
        assert (max(days) - min(days)).days <= 2


def test_ingest_order_does_not_change_the_events(db_url, tmp_path):
    records = [
        one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."),
        one("b", "2025-03-04", "Armenia recalled the ambassador for consultations on Monday.",
            day="2025-03-03"),
        one("c", "2025-03-04", "The ambassador was recalled for consultations."),
        one("d", "2025-03-04", "Armenia criticised Russia over gas prices."),
        one("e", "2025-03-05", "Armenia criticised Russia over the gas prices.", place="Yerevan"),
        one("f", "2025-03-09", "Armenia accused Russia of raising gas prices in Yerevan."),
    ]
    dumps = []
    for n, order in enumerate(itertools.islice(itertools.permutations(records), 0, 720, 97)):
        url = db_url if n == 0 else f"sqlite:///{tmp_path / f'order{n}.db'}"
        with Store.open(url) as store:
            for record in order:
                store.add(record)
            rows = dump(store)
            del rows["articles"], rows["article_origins"]  # ingest times and order
            dumps.append(rows)
    assert all(d == dumps[0] for d in dumps[1:])
    assert sorted(row[13] for row in dumps[0]["events"]) == [1, 2, 3]  # n_reports


def test_reingest_changes_nothing(store):
    records = [one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."),
               one("b", "2025-03-04", "Armenia recalled the ambassador for consultations.")]
    for record in records:
        store.add(record)
    before = dump(store)
    for record in records:
        assert not store.add(record).stored
    assert dump(store) == before


def test_a_bulk_load_merges_within_the_batch_and_with_stored_events(store):
    store.add(one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."))
    batch = [one("b", "2025-03-04", "Armenia recalled the ambassador for consultations."),
             one("c", "2025-03-04", "Armenia criticised Russia over gas prices."),
             one("d", "2025-03-05", "Armenia criticised Russia over the gas prices.")]
    with store.engine.begin() as conn:
        added = write_articles(conn, batch, set(), set())
    assert [a.merged for a in added] == [1, 0, 1]
    assert sizes(store) == [2, 2]


def test_candidates_come_from_the_dyad_type_day_index(store):
    store.add(one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."))
    with store.engine.connect() as conn:
        (row,) = conn.execute(select(t.report_evidence)).all()
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT report_id FROM report_evidence WHERE dyad = 'ARM|RUS' "
            "AND type = 'ACCUSE' AND day >= '2025-03-01' AND day <= '2025-03-05'")
        ) if store.engine.dialect.name == "sqlite" else "ix_report_evidence_dyad_type_day"
    assert (row.dyad, row.type, row.key_terms) == ("ARM|RUS", "ACCUSE",
                                                   ["ambassador", "consultation", "recalled"])
    assert "ix_report_evidence_dyad_type_day" in plan


LONG = ("Japan signed a trade agreement with India in New Delhi, cutting tariffs on cars, "
        "steel and electronics. The agreement removes duties on nine in ten goods traded "
        "between the two countries within ten years, and opens public tenders to foreign "
        "firms. Farmers protested against the deal, saying cheaper imports would hurt them.")


def copy_of(key: str, published: str, text: str, outlet: str, target: str = "RUS"
            ) -> CodedArticle:
    return one(key, published, text, source="ARM", target=target, kind="AGREE", outlet=outlet)


def test_near_duplicate_articles_are_one_article_with_several_outlets(store):
    store.add(copy_of("w1", "2025-10-14", LONG, "Wire A"))
    edited = LONG.replace("nine in ten goods", "90 percent of goods").replace(
        "Farmers protested", "Farmers in India protested")
    store.add(copy_of("w2", "2025-10-15", edited, "Daily B"))
    store.add(copy_of("w3", "2025-10-14", LONG.rsplit(" Farmers", 1)[0], "Post C"))
    store.add(copy_of("other", "2025-10-14", "Armenia signed a gas deal with Russia, with "
                      "prices fixed for ten years and a pipeline to be built by a consortium "
                      "of state firms from both countries.", "Wire A", target="EU"))
    counts = store.counts()
    assert counts["near_duplicate_articles"] == 2
    events = {e.n_reports: e for e in store.events()}
    assert sorted(events) == [1, 3]
    assert (events[3].n_articles, events[3].n_sources) == (1, 3)
    with store.engine.connect() as conn:
        rows = conn.execute(select(t.near_duplicates)).all()
    canonical = {row.canonical_id for row in rows}
    assert len(canonical) == 1 and all("Jaccard" in row.why for row in rows)


@pytest.mark.parametrize("text", ["Short.", "Armenia recalled its ambassador."])
def test_short_texts_are_never_near_duplicates(store, text):
    store.add(copy_of("a", "2025-10-14", text, "Wire A"))
    store.add(copy_of("b", "2025-10-14", text + " Yes.", "Wire B"))
    assert store.counts()["near_duplicate_articles"] == 0


def test_summary_counts_merged_reports_and_near_duplicates(store):
    store.add(one("a", "2025-03-03", "Armenia recalled its ambassador for consultations."))
    store.add(one("b", "2025-03-04", "Armenia recalled the ambassador for consultations."))
    store.add(one("c", "2025-03-04", "Armenia criticised Russia over gas prices."))
    counts = store.counts()
    assert (counts["events"], counts["reports"], counts["merged_reports"]) == (2, 3, 1)
    assert counts["near_duplicate_articles"] == 0
    if store.engine.dialect.name == "sqlite":
        from typer.testing import CliRunner

        from eventcoder.cli import app

        result = CliRunner().invoke(app, ["summary", "--db", store.url])
        assert result.exit_code == 0
        assert "1 merged reports, 0 near duplicate articles" in result.output
        as_json = CliRunner().invoke(app, ["summary", "--db", store.url, "--format", "json"])
        assert '"merged_reports": 1' in as_json.output


def test_odd_reports_are_stored_and_merge_by_the_same_rules(store):
    # no target, an unreadable date, a long place, words of other scripts, a quotation
    # that never ends: stored as they are; the two Cyrillic reports share their terms
    odd = [one("a", "2025-03-03", "Армения отозвала посла для консультаций."),
           one("b", "2025-03-03", "Армения отозвала посла для консультаций «сегодня",
               place="x" * 5000),
           one("c", "2025-03-03", "“" + "word " * 2000, target=None),
           one("d", "2025-03-03", "Armenia recalled its ambassador.", day="XXXX-XX-XX")]
    for record in odd:
        assert store.add(record).stored
    events = store.events()
    assert sum(e.n_reports for e in events) == 4
    assert sorted(e.n_reports for e in events) == [1, 1, 2]
    (merged,) = [e for e in events if e.n_reports == 2]
    assert "shared key terms" in merged.why and merged.place == "x" * 5000
