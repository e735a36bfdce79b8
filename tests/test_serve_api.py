"""The HTTP API of `eventcoder serve` (FastAPI's test client), on SQLite and PostgreSQL:
every endpoint, filters, paging, CSV, the token, and errors as JSON with a message."""

from __future__ import annotations

import csv
import io
import json

import pytest

from eventcoder.serve.limits import CSP
from eventcoder.store import Store
from eventcoder.store.lookup import actor_detail, article_record, search_articles
from serve_helpers import TOKEN, XSS_TITLE, client, fill, fill_shift


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


def test_events_filters_and_paging(filled: Store) -> None:
    api = client(filled)
    every = api.get("/api/events").json()
    assert every["total"] == 5 and len(every["events"]) == 5
    days = [e["day"] for e in every["events"]]
    assert days == sorted(days)
    page = api.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [e["id"] for e in page["events"]] == [e["id"] for e in every["events"][1:3]]
    assert api.get("/api/events", params={"offset": 10}).json()["events"] == []
    armenia = api.get("/api/events", params={"actor": "Armenia"}).json()
    assert {e["source_country"] for e in armenia["events"]} == {"ARM"}
    assert armenia["total"] == 3  # the country stands for Pashinyan too
    to_russia = api.get("/api/events", params={"actor": "ARM", "target": "Russia"}).json()
    assert {e["type"] for e in to_russia["events"]} == {"CONSULT", "REJECT", "ACCUSE"}
    assert api.get("/api/events", params={"type": "aid"}).json()["total"] == 1
    dated = api.get("/api/events", params={"since": "2025-03-12", "until": "2025-05-31"})
    assert [e["day"] for e in dated.json()["events"]] == ["2025-03-12", "2025-05-20"]
    eu = api.get("/api/events", params={"country": "eur"}).json()
    assert eu["total"] == 1 and eu["events"][0]["source_name"] == "European Union"
    assert api.get("/api/events", params={"actor": "nobody"}).json()["total"] == 0


def test_events_as_csv(filled: Store) -> None:
    response = client(filled).get("/api/events", params={"format": "csv", "limit": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-total-count"] == "5"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and rows[0]["type"] == "AID" and rows[0]["source_name"]


def test_event_reports(filled: Store) -> None:
    api = client(filled)
    event = api.get("/api/events", params={"type": "ACCUSE"}).json()["events"][0]
    [report] = api.get(f"/api/events/{event['id']}/reports").json()
    assert report["trigger_text"] == "criticised" and "ACCUSE" in report["why"]
    assert report["chain"][0]["kind"] == "outlet"
    missing = api.get("/api/events/nope:E1/reports")
    assert missing.status_code == 404 and "nope:E1" in missing.json()["message"]


def test_articles_search_and_record(filled: Store) -> None:
    api = client(filled)
    every = api.get("/api/articles").json()
    assert every["total"] == 3
    assert [a["published"] for a in every["articles"]] == ["2025-06-12", "2025-03-12",
                                                           "2024-01-05"]
    found = api.get("/api/articles", params={"q": "armenia talks"}).json()
    assert found["total"] == 1 and found["articles"][0]["title"] == XSS_TITLE
    assert api.get("/api/articles", params={"outlet": "example"}).json()["total"] == 2
    assert api.get("/api/articles", params={"since": "2025-01-01"}).json()["total"] == 2
    assert api.get("/api/articles", params={"until": "2024-12-31"}).json()["total"] == 1
    page = api.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and len(page["articles"]) == 1
    key = found["articles"][0]["id"]
    record = api.get(f"/api/articles/{key}").json()
    assert record["article"]["id"] == key and record["events"][0]["trigger"]["text"] == (
        "criticised")
    assert record["external_id"] is None and record["origins"][0]["origin"] == "xss.txt"
    missing = api.get("/api/articles/0000")
    assert missing.status_code == 404 and missing.json() == {
        "message": "no stored article '0000'"}


def test_actors_and_one_actor(filled: Store) -> None:
    api = client(filled)
    actors = api.get("/api/actors").json()["actors"]
    assert {a["id"] for a in actors} >= {"ARM", "RUS", "org:eu", "person:nikol-pashinyan"}
    armenia = api.get("/api/actors", params={"q": "Armenia"}).json()["actors"]
    assert {a["id"] for a in armenia} == {"ARM", "person:nikol-pashinyan"}
    one = api.get("/api/actors/person:nikol-pashinyan").json()
    assert one["name"] == "Nikol Pashinyan" and one["kb_id"] == "person:nikol-pashinyan"
    assert one["as_source"] == 1 and one["counterparts"]["targets"][0]["id"] == "RUS"
    arm = api.get("/api/actors/ARM").json()
    assert arm["as_source"] == 2 and arm["as_target"] == 2
    assert {c["id"] for c in arm["counterparts"]["sources"]} == {"RUS", "org:eu"}
    assert api.get("/api/actors/nobody").status_code == 404


def test_timeline(filled: Store) -> None:
    api = client(filled)
    view = api.get("/api/timeline", params={"actor": "Armenia", "with": "Russia"}).json()
    assert view["by"] == "month" and view["a"] == "Armenia" and view["b"] == "Russia"
    march = next(p for p in view["periods"] if p["period"] == "2025-03")
    assert march["a_to_b_events"] == 1 and march["b_to_a_events"] == 1
    weeks = api.get("/api/timeline", params={"actor": "ARM", "by": "week"}).json()
    assert weeks["periods"][0]["period"].startswith("2024-W")
    missing = api.get("/api/timeline", params={"actor": "Atlantis"})
    assert missing.status_code == 404 and "Atlantis" in missing.json()["message"]
    no_actor = api.get("/api/timeline")
    assert no_actor.status_code == 422 and "actor" in no_actor.json()["message"]
    assert api.get("/api/timeline", params={"actor": "ARM", "by": "year"}).status_code == 422


def test_shifts_with_evidence(store: Store) -> None:
    fill_shift(store)
    api = client(store)
    [shift] = api.get("/api/shifts", params={"actor": "Armenia"}).json()["shifts"]
    assert shift["direction"] == "toward conflict" and shift["source"] == "ARM"
    assert shift["date"] == "2025-03-02"
    evidence = shift["evidence"]
    assert {e["side"] for e in evidence} == {"before", "after"}
    assert all(e["reports"][0]["sentence_text"] for e in evidence)
    assert api.get("/api/shifts", params={"since": "2026-01-01"}).json()["shifts"] == []


def test_counts(filled: Store) -> None:
    counts = client(filled).get("/api/counts").json()
    assert counts["articles"] == 3 and counts["events"] == 5


def test_code_without_storing(filled: Store) -> None:
    api = client(filled)
    response = api.post("/api/code", json={"text": "Armenia criticised Russia.",
                                           "published": "2025-06-01", "title": "T"})
    assert response.status_code == 200
    record = response.json()
    assert record["article"]["title"] == "T" and record["events"][0]["type"] == "ACCUSE"
    assert record["events"][0]["date"] == "2025-06-01"
    assert api.get("/api/counts").json()["articles"] == 3


def test_code_errors_are_clear(filled: Store) -> None:
    api = client(filled)
    empty = api.post("/api/code", json={"text": ""})
    assert empty.status_code == 422 and "body field 'text'" in empty.json()["message"]
    missing = api.post("/api/code", json={})
    assert missing.status_code == 422 and "'text'" in missing.json()["message"]
    assert missing.json()["errors"][0]["where"] == "body field 'text'"
    bad_date = api.post("/api/code", json={"text": "x", "published": "June"})
    assert bad_date.status_code == 422 and "published" in bad_date.json()["message"]
    old = api.post("/api/code", json={"text": "x", "published": "0900-01-01"})
    assert old.status_code == 422 and old.json()["message"]
    not_json = api.post("/api/code", content=b"{not json",
                        headers={"content-type": "application/json"})
    assert not_json.status_code == 422 and not_json.json()["message"]


def test_writing_is_off_without_a_token(filled: Store) -> None:
    response = client(filled).post("/api/articles", json={"articles": [{"text": "x"}]})
    assert response.status_code == 403
    assert "--token" in response.json()["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret-token", "Bearer "])
def test_writing_needs_the_token(filled: Store, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = client(filled, token=TOKEN).post(
        "/api/articles", json={"articles": [{"text": "Armenia acted."}]}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["message"]


def test_storing_articles_with_the_token(filled: Store) -> None:
    api = client(filled, token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"articles": [{"text": "Armenia acted today.", "published": "2025-07-01",
                          "id": "mine-1", "outlet": "Wire"},
                         {"text": "Armenia acted again.", "published": "2025-07-02"}]}
    response = api.post("/api/articles", json=body, headers=auth)
    assert response.status_code == 200
    added = response.json()["added"]
    assert [a["stored"] for a in added] == [True, True] and added[0]["events"] == 1
    record = api.get(f"/api/articles/{added[0]['article']}").json()
    assert record["external_id"] == "mine-1"
    again = api.post("/api/articles", json=body, headers=auth).json()["added"]
    assert [a["stored"] for a in again] == [False, False]
    too_many = api.post("/api/articles", json={"articles": [{"text": "x"}] * 101},
                        headers=auth)
    assert too_many.status_code == 422 and "articles" in too_many.json()["message"]


def test_bodies_over_the_limit_get_413(filled: Store) -> None:
    api = client(filled, max_body=1000)
    big = {"text": "x" * 2000}
    response = api.post("/api/code", json=big)
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["message"]

    def chunks():  # no content-length: counted as it arrives
        yield json.dumps(big).encode()

    streamed = api.post("/api/code", content=chunks(),
                        headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["message"]
    assert api.post("/api/code", json={"text": "Armenia acted."}).status_code == 200


def test_default_limit_is_two_megabytes(filled: Store) -> None:
    response = client(filled).post("/api/code", json={"text": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_bad_parameters_are_422_with_a_message(filled: Store) -> None:
    api = client(filled)
    for params, where in (({"limit": 0}, "limit"), ({"limit": 5000}, "limit"),
                          ({"offset": -1}, "offset"), ({"since": "yesterday"}, "since"),
                          ({"format": "xml"}, "format"), ({"actor": "x" * 501}, "actor")):
        response = api.get("/api/events", params=params)
        assert response.status_code == 422, params
        assert f"query parameter '{where}'" in response.json()["message"]
    blank = api.get("/api/events", params={"actor": " "})
    assert blank.status_code == 422 and "empty name" in blank.json()["message"]


def test_unknown_paths_and_methods_are_json(filled: Store) -> None:
    api = client(filled)
    missing = api.get("/api/nothing")
    assert missing.status_code == 404 and missing.json() == {
        "message": "nothing at /api/nothing"}
    wrong = api.delete("/api/events")
    assert wrong.status_code == 405 and "DELETE" in wrong.json()["message"]


def test_a_crash_is_a_message_not_a_traceback(filled: Store) -> None:
    from eventcoder.serve import create_app
    from serve_helpers import TestClient

    def broken(article):
        raise RuntimeError("secret internals")

    api = TestClient(create_app(filled, coder=broken), raise_server_exceptions=False)
    response = api.post("/api/code", json={"text": "x"})
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.json()["message"].startswith("internal error")


def test_security_headers_and_openapi(filled: Store) -> None:
    api = client(filled)
    response = api.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/events", "/api/articles", "/api/articles/{article_id}", "/api/actors",
            "/api/timeline", "/api/shifts", "/api/code"} <= set(paths)
    assert "/" not in paths  # pages are not API
    for url in ("/api/events", "/openapi.json", "/", "/api/nothing"):
        headers = api.get(url).headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP


def test_lookups(filled: Store) -> None:
    total, rows = search_articles(filled, "ARTICLE", limit=1)
    assert total == 2 and len(rows) == 1
    assert search_articles(filled, "100%")[0] == 0  # % is a letter, not a wildcard
    with pytest.raises(ValueError, match="empty"):
        search_articles(filled, " ")
    with pytest.raises(ValueError, match="negative"):
        search_articles(filled, offset=-1)
    assert article_record(filled, "nothing") is None
    assert actor_detail(filled, "nothing") is None
    assert actor_detail(filled, "RUS")["n_articles"] == 2


def test_serve_command(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """`eventcoder serve` opens the database, binds 127.0.0.1:8000 unless told otherwise,
    and takes the token from --token or $EVENTCODER_TOKEN; no database exits 2."""
    import uvicorn
    from typer.testing import CliRunner

    from eventcoder.cli import app

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app_, **kw: calls.append({"app": app_, **kw}))
    monkeypatch.delenv("EVENTCODER_TOKEN", raising=False)
    db = f"sqlite:///{tmp_path / 'served.db'}"
    with Store.open(db) as store:
        fill(store)
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert calls[-1]["app"].state.token is None
    monkeypatch.setenv("EVENTCODER_TOKEN", "from-env")
    assert runner.invoke(app, ["serve", "--db", db, "--port", "9001"]).exit_code == 0
    assert calls[-1]["port"] == 9001 and calls[-1]["app"].state.token == "from-env"
    assert runner.invoke(app, ["serve", "--db", db, "--token", "T"]).exit_code == 0
    assert calls[-1]["app"].state.token == "T"
    missing = runner.invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and len(calls) == 3
