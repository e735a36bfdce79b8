"""Storage: schema, idempotent writes, event merging, queries and exports, on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from datetime import date

import pyarrow.parquet as pq
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select

from eventcoder.model import Actor
from eventcoder.store import Store, database_url
from eventcoder.store import schema as t
from eventcoder.store.export import FLAT_COLUMNS, export
from eventcoder.store.merge import actor_key, day_range
from eventcoder.store.migrate import HEAD
from storage_helpers import ACTORS, coded, dump


def test_database_url_forms(monkeypatch):
    monkeypatch.delenv("EVENTCODER_DB", raising=False)
    assert database_url(None) == "sqlite:///eventcoder.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("data/x.db") == "sqlite:///data/x.db"
    monkeypatch.setenv("EVENTCODER_DB", "sqlite:///other.db")
    assert database_url(None) == "sqlite:///other.db"


def test_migrations_create_the_schema_the_code_describes(store):
    from alembic.autogenerate import compare_metadata

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, t.metadata) == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "actors", "mentions", "statements", "attributions", "events",
            "event_reports"} <= tables


def test_reopening_keeps_the_data(db_url):
    with Store.open(db_url) as store:
        store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)]))
    with Store.open(db_url) as store:
        assert store.counts()["events"] == 1


def test_sqlite_runs_in_wal_mode(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'w.db'}") as store, store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_opening_a_new_sqlite_file_waits_for_a_lock_held_by_another_process(tmp_path):
    """SQLite turns a new file into WAL mode with a write lock it does not wait for (no
    busy timeout) while another connection is writing, e.g. another `ingest` turning the
    same new file into WAL at the same moment: opening waits for the lock instead."""
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the write lock of a file not in WAL mode yet
    release = threading.Timer(0.3, other.execute, ["ROLLBACK"])
    release.start()
    try:
        with Store.open(f"sqlite:///{path}") as store, store.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        release.join()
        other.close()


def test_an_article_is_stored_once(store):
    record = coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)])
    assert store.add(record).stored
    before = dump(store)
    assert not store.add(record).stored
    assert dump(store) == before
    assert store.stored_ids([record.article.id, "nope"]) == {record.article.id}


def test_actor_identity():
    assert actor_key(ACTORS["PASH"]) == "person:nikol-pashinyan"
    assert actor_key(ACTORS["RUSGOV"]) == "RUS-GOV"
    assert actor_key(Actor(id="x1", name="José  Pérez", kind="person")) == "name:jose perez"


def test_day_ranges():
    assert day_range("2025-03").start == date(2025, 3, 1)
    assert day_range("2025-03").end == date(2025, 3, 31)
    assert day_range("2025-10-06T14:00").precise
    assert day_range("2025-W02").start == date(2025, 1, 6)
    assert day_range("PAST_REF") is None


def test_one_event_from_three_articles_is_one_event_with_three_reports(store):
    store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-20", -2.0,
                                         "Yerevan")], outlet="Wire A"))
    store.add(coded("b", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)],
                    outlet="Daily B"))
    store.add(coded("c", "2025-05-22", [("ARM", "ACCUSE", "RUS", "2025-05-20", -2.0,
                                         "Yerevan")], outlet="Wire A"))
    rows = store.events()
    assert len(rows) == 1
    event = rows[0]
    assert (event.n_reports, event.n_articles, event.n_sources) == (3, 3, 2)
    reports = store.reports([event.id])[event.id]
    assert len(reports) == 3
    assert {r.article_title for r in reports} == {"Article a", "Article b", "Article c"}
    for report in reports:
        assert report.sentence_text.startswith(report.article_title[-1] + ":")
        assert report.chain[0].kind == "outlet"
        assert report.sentence_end > report.sentence_start


def test_repeats_within_one_article_are_reports_of_one_event(store):
    store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0),
                                        ("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0)]))
    (event,) = store.events()
    assert (event.n_reports, event.n_articles, event.n_sources) == (2, 1, 1)


def test_different_events_on_the_same_day_stay_apart(store):
    store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0),
                                        ("ARM", "CONSULT", "RUS", "2025-05-21", 2.5),
                                        ("ARM", "ACCUSE", "EU", "2025-05-21", -2.0),
                                        ("RUS", "ACCUSE", "ARM", "2025-05-21", -2.0)]))
    store.add(coded("b", "2025-05-21", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0,
                                         "Paris"),
                                        ("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0, None,
                                         None, "negated")]))
    store.add(coded("c", "2025-05-22", [("ARM", "ACCUSE", "RUS", "2025-05-21", -2.0,
                                         "Tokyo")]))
    rows = store.events()
    # Paris and Tokyo are different places; the denial is not the accusation
    assert len(rows) == 6
    assert sorted(r.n_reports for r in rows) == [1, 1, 1, 1, 1, 2]


def test_undated_articles_coded_from_text_stay_two_events(store):
    import eventcoder

    for text in ("Russia criticised China over trade.",
                 "Russia criticised China over human rights."):
        record = eventcoder.code(text, published="2025-05-21")
        assert [(e.type, e.date_fallback) for e in record.events] == [("ACCUSE", True)]
        assert store.add(record).new_events == 1
    rows = store.events(actor="Russia", target="China")
    assert len(rows) == 2 and {r.n_reports for r in rows} == {1}
    assert {r.day for r in rows} == {date(2025, 5, 21)}  # still placed on a timeline


def test_undated_reports_join_other_articles_events_only_with_evidence(store):
    # no date, the publication date as a fallback, vague values: none names the day, so
    # only what the sentences share (here the gas price of b and c) makes them one event
    def add(key: str, day: str | None, sentence: str, fallback: bool = False) -> None:
        record = coded(key, "2025-05-21", [("ARM", "ACCUSE", "RUS", day, -2.0)],
                       sentences_=[sentence])
        record.events[0].date_fallback = fallback or day is None
        store.add(record)

    add("a", "2025-05-21", "Armenia accused Russia of blocking the Lachin corridor.")
    add("b", None, "Armenia accused Russia over the gas price.")
    add("c", None, "Armenia accused Russia of raising the gas price.")
    add("d", "PAST_REF", "Armenia accused Russia of meddling in elections.")
    add("e", "PAST_REF", "Armenia accused Russia of spying on diplomats.")
    add("f", "2025-05-21", "Armenia accused Russia of arming separatists.", fallback=True)
    # a dated report joins no event without evidence either
    add("g", "2025-05-20", "Armenia accused Russia of detaining border guards.")
    rows = store.events()
    assert sorted(r.n_reports for r in rows) == [1, 1, 1, 1, 1, 2]
    (merged,) = [r for r in rows if r.n_reports == 2]
    assert merged.n_articles == 2
    assert "shared key terms accused, gas, price" in merged.why
    assert {r.article_title for r in store.reports([merged.id])[merged.id]} == {
        "Article b", "Article c"}


def test_undated_repeats_within_one_article_are_one_event(store):
    # headline without a date, then the body with one: one event, dated by the body,
    # which a later article's dated report joins
    store.add(coded("a", "2025-05-21", [("ARM", "ACCUSE", "RUS", None, -2.0),
                                        ("ARM", "ACCUSE", "RUS", "2025-05-19", -2.0),
                                        ("ARM", "ACCUSE", "RUS", "PRESENT_REF", -2.0)]))
    (event,) = store.events()
    assert (event.n_reports, event.date, event.day) == (3, "2025-05-19", date(2025, 5, 19))
    store.add(coded("b", "2025-05-22", [("ARM", "ACCUSE", "RUS", "2025-05-18", -2.0)]))
    (event,) = store.events()
    assert (event.n_reports, event.n_articles) == (4, 2)


def test_reports_far_apart_in_time_are_different_events(store):
    store.add(coded("a", "2025-05-01", [("ARM", "ACCUSE", "RUS", "2025-05-01", -2.0)]))
    store.add(coded("b", "2025-05-11", [("ARM", "ACCUSE", "RUS", "2025-05-11", -2.0)]))
    assert len(store.events()) == 2


def _storyline(store: Store) -> None:
    """Armenia cooperates with Russia until March, then turns hostile; the EU appears."""
    good = [("2025-01-10", 5.0), ("2025-01-20", 4.0), ("2025-02-03", 5.0),
            ("2025-02-17", 2.5), ("2025-03-01", 4.0), ("2025-03-15", 5.0)]
    bad = [("2025-04-09", -2.0), ("2025-04-20", -3.5), ("2025-05-05", -2.0),
           ("2025-05-21", -4.0), ("2025-06-10", -2.0), ("2025-06-25", -3.5)]
    for n, (day, score) in enumerate(good):
        store.add(coded(f"g{n}", day, [("PASH", "SUPPORT", "RUS", day, score)],
                        outlet=f"Outlet {n % 2}"))
    for n, (day, score) in enumerate(bad):
        store.add(coded(f"b{n}", day, [("ARM", "ACCUSE", "RUSGOV", day, score),
                                       ("RUS", "THREATEN", "ARM", day, -3.5)]))
    store.add(coded("eu", "2025-07-08", [("ARM", "REQUEST", "EU", "2025-07-07", 0.0)]))


def test_events_query_filters(store):
    _storyline(store)
    assert len(store.events()) == 19
    assert len(store.events(actor="Armenia")) == 13  # Pashinyan counts as Armenia
    assert len(store.events(actor="pashinyan")) == 6
    assert len(store.events(actor="ARM", target="Russia")) == 12
    assert len(store.events(actor="ARM", target="RUS-GOV")) == 6
    assert len(store.events(actor="Russia", target="Armenia", type="threaten")) == 6
    assert len(store.events(since="2025-04-01", until="2025-04-30")) == 4
    assert len(store.events(actor="Armenia", either=True)) == 19
    assert store.events(actor="nobody at all") == []
    names = {r.id: r for r in store.actors()}
    assert names["ARM"].as_source == 7 and names["RUS"].as_source == 6


def test_timeline(store):
    from eventcoder.analyse.timeline import timeline

    _storyline(store)
    view = timeline(store, "Armenia", "Russia", by="month")
    assert [p.label for p in view.periods] == ["2025-01", "2025-02", "2025-03", "2025-04",
                                               "2025-05", "2025-06"]
    january, april = view.periods[0], view.periods[3]
    assert (january.ab_count, january.ab_mean, january.ba_count) == (2, 4.5, 0)
    assert (april.ab_count, april.ab_mean, april.ba_count, april.ba_mean) == (2, -2.75, 2, -3.5)
    weekly = timeline(store, "ARM", "RUS", by="week")
    assert weekly.periods[0].label == "2025-W02"
    alone = timeline(store, "Armenia")
    assert alone.periods[-1].label == "2025-07" and alone.periods[-1].ab_count == 1


def test_shifts_of_the_storyline_with_evidence(store):
    from eventcoder.analyse.shifts import find_shifts

    _storyline(store)
    found = find_shifts(store, actor="Armenia")
    assert [(s.source, s.target) for s in found] == [("ARM", "RUS")]
    shift = found[0]
    assert shift.date == date(2025, 4, 9)
    assert shift.last_before == date(2025, 3, 15)
    assert shift.before > 4 and shift.after < -2 and shift.p_value < 0.01
    assert (shift.n_before, shift.n_after) == (6, 6)
    after = [e for e in shift.evidence if e.side == "after"]
    assert after[0].day == date(2025, 4, 9)
    assert after[0].reports[0].sentence_text.startswith("b0:")
    assert find_shifts(store, since="2025-05-01") == []
    assert [s.source for s in find_shifts(store, level="actor")] == []  # 6 + 6 split over actors


def test_export_formats(store, tmp_path):
    _storyline(store)
    assert export(store, "jsonl", tmp_path / "e.jsonl") == 19
    first = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
    assert first["type"] == "SUPPORT" and first["reports"][0]["chain"]
    assert export(store, "jsonl", tmp_path / "a.jsonl", articles=True) == 13
    record = json.loads((tmp_path / "a.jsonl").read_text().splitlines()[0])
    assert record["article"]["id"] and record["events"]
    assert export(store, "csv", tmp_path / "e.csv") == 19
    with open(tmp_path / "e.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FLAT_COLUMNS) and rows[0]["event_type"] == "SUPPORT"
    assert export(store, "parquet", tmp_path / "e.parquet") == 19
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == list(FLAT_COLUMNS) and table.num_rows == 19
    assert table.column("num_reports").to_pylist()[0] == 1


def _rows(engine, skip_columns=()):
    """Every row of every table as dicts, in key order (tables as the database has them)."""
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            columns = [c for c in table.columns if c.name not in skip_columns]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [dict(r._mapping) for r in rows]
    return out


def test_an_old_database_is_upgraded_with_its_data(db_url, tmp_path):
    """A database of revision 0001 holding the storyline (written by the code of today
    elsewhere and copied in) is upgraded to the head with every row kept; each article
    gets its origin, and a JSON record's id kept in the origin text becomes its
    external_id."""
    from eventcoder.store.migrate import migrate

    with Store.open(f"sqlite:///{tmp_path / 'today.db'}") as today:
        _storyline(today)
        with_id = coded("r", "2025-08-01", [("ARM", "ACCUSE", "RUS", "2025-08-01", -2.0)])
        with_id.article.origin = "records.jsonl:3 (id r-17)"  # as the JSON reader says
        with_id.article.external_id = "r-17"
        today.add(with_id)
        new = ("external_id",)
        rows = _rows(today.engine, skip_columns=new)
        del rows["article_origins"]
        expected = _rows(today.engine, skip_columns=("ingested_at",))  # time zones differ
    with Store.open(db_url, upgrade=False) as store:
        migrate(store.engine, "0001")
        old = MetaData()
        old.reflect(store.engine)
        with store.engine.begin() as conn:
            for table in old.sorted_tables:
                if rows.get(table.name):
                    conn.execute(table.insert(), rows[table.name])
        migrate(store.engine)
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == HEAD
        after = _rows(store.engine, skip_columns=("ingested_at",))
        assert after["articles"] == expected["articles"]  # no row lost, external_id set
        assert {k: v for k, v in after.items() if k != "article_origins"} == {
            k: v for k, v in expected.items() if k != "article_origins"}
        origins = {o["article_id"]: o for o in after["article_origins"]}
        assert len(after["article_origins"]) == len(after["articles"]) == 14
        assert origins[with_id.article.id]["external_id"] == "r-17"
        assert [o["id"] for o in after["article_origins"]] == [
            o["id"] for o in expected["article_origins"]]  # a rerun adds no origin


def test_long_names_places_and_outlets_are_stored(store, monkeypatch):
    name = "The Committee for the " + " and ".join(f"Preservation of Region {n}"
                                                    for n in range(16))
    assert len(name) > 400
    long = Actor(id="org:" + "-".join(name.lower().split()), name=name, kind="organisation")
    monkeypatch.setitem(ACTORS, "LONG", long)
    place = "the village hall at the far end of " + ", ".join(
        f"road number {n} beyond the river crossing" for n in range(10))
    outlet = "The Evening Chronicle of " + " and ".join(f"District {n}" for n in range(300))
    assert len(place) > 300 and len(outlet) > 3000
    record = coded("a", "2025-05-21", [("LONG", "ACCUSE", "RUS", "2025-05-21", -2.0, place)],
                   outlet=outlet)
    assert store.add(record).stored
    (event,) = store.events(actor=name[:40])
    assert event.place == place and event.source_name == name
    assert len(event.source_id) <= 200
    (report,) = store.reports([event.id])[event.id]
    assert report.outlet == outlet and report.source_local == long.id
    again = coded("b", "2025-05-21", [("LONG", "ACCUSE", "RUS", "2025-05-21", -2.0, place)],
                  outlet=outlet)
    assert store.add(again).merged == 1  # the same actor, found by its bounded key


def test_long_actor_keys_are_bounded_and_distinct():
    one = Actor(id="x", name="Party " + "of the people " * 30 + "one", kind="organisation")
    two = Actor(id="y", name="Party " + "of the people " * 30 + "two", kind="organisation")
    assert len(actor_key(one)) == 200 and len(actor_key(two)) == 200
    assert actor_key(one) != actor_key(two)
    assert actor_key(one) == actor_key(one.model_copy())


def test_actor_search_takes_wildcards_literally(store):
    _storyline(store)
    store.add(coded("pct", "2025-08-01", [("PCT", "ACCUSE", "RUS", "2025-08-01", -2.0)]))
    assert store.match_actors("100%") == store.match_actors("%") == {"name:100 party"}
    for term in ("_", "\\", "arm%", "a_menia", "%ussia", "1_0"):
        assert store.match_actors(term) == set(), term
    assert store.events(actor="_") == []
    assert "ARM" in store.match_actors("armen")


def test_opening_a_missing_file_without_create(tmp_path):
    from eventcoder.store import NoDatabase

    path = tmp_path / "typo" / "events.db"
    try:
        Store.open(f"sqlite:///{path}", create=False)
    except NoDatabase as exc:
        assert str(exc) == f"no database at {path}"
    else:
        raise AssertionError("opened a database that does not exist")
    assert not path.parent.exists()


def test_permutation_test_works_in_blocks_of_bounded_memory():
    import tracemalloc

    import numpy as np

    from eventcoder.analyse.shifts import permutation_p

    rng = np.random.default_rng(7)
    short = np.r_[rng.normal(2, 1, 40), rng.normal(-1, 1, 40)]
    answers = {permutation_p(short, 3, 300, seed=5, block=b) for b in (10**9, 800, 81, 1)}
    assert len(answers) == 1 and answers.pop() < 0.01
    long = rng.normal(0, 1, 20_000)
    tracemalloc.start()
    try:
        permutation_p(long, 3, 300, seed=1, block=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 2**20  # all 300 shuffles at once: 48 MB for each array


def test_the_known_head_revision_is_alembics(store):
    from alembic.script import ScriptDirectory

    from eventcoder.store.migrate import HEAD, alembic_config, at_head

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD
    assert at_head(store.engine)


def test_an_old_schema_is_not_at_head(db_url):
    from eventcoder.store.migrate import at_head, migrate

    with Store.open(db_url, upgrade=False) as store:
        assert not at_head(store.engine)  # no version table yet
        migrate(store.engine, "0001")
        assert not at_head(store.engine)
        migrate(store.engine)
        assert at_head(store.engine)


def test_rows_have_the_columns_of_their_queries_in_order():
    from eventcoder.store.rows import StoredEvent, StoredReport, field_names

    joined = [f"{side}_{part}" for side in ("source", "target")
              for part in ("name", "country", "sector")]
    assert field_names(StoredEvent) == (*t.events.columns.keys(), *joined)
    assert field_names(StoredReport) == (*t.event_reports.columns.keys(), "article_title",
                                         "published", "url", "origin", "external_id",
                                         "chain", "origins")


HEAVY = ["spacy", "trafilatura", "feedparser", "ruptures", "scipy", "alembic", "rapidfuzz"]


def test_importing_the_store_and_the_cli_loads_no_nlp_or_statistics():
    import subprocess
    import sys

    code = ("import sys, eventcoder.store, eventcoder.cli, eventcoder.present.queries,"
            f" eventcoder.analyse.shifts; print([m for m in {HEAVY!r} if m in sys.modules])")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "[]"


def test_the_package_imports_its_api_on_first_use():
    import subprocess
    import sys

    code = ("import sys, eventcoder; assert 'eventcoder.pipeline' not in sys.modules;"
            " from eventcoder import code, Coder, read_paths; import eventcoder as e;"
            " assert e.code is code and e.Coder is Coder and e.read_paths is read_paths;"
            " assert set(e.__all__) <= set(dir(e)); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "True"
