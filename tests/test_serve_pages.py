"""The pages of `eventcoder serve`: each renders from a store on SQLite and PostgreSQL,
links lead on, filters and paging work, and nothing from an article can inject HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from eventcoder.store import Store
from serve_helpers import XSS_TEXT, client, fill, fill_shift


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


class Tags(HTMLParser):
    """The start tags of a page, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def xss_id(api) -> str:
    return api.get("/api/articles", params={"q": "armenia talks"}).json()["articles"][0]["id"]


def test_home_shows_counts_shifts_and_search(store: Store) -> None:
    fill_shift(store)
    page = client(store).get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<strong>40</strong> articles" in page.text
    assert "Armenia → Russia</a>: strong shift toward conflict on 2025-03-02" in page.text
    assert 'href="/pair?a=ARM&amp;b=RUS"' in page.text
    assert 'action="/search"' in page.text
    assert re.search(r'href="/articles/[0-9a-f]{16}#event-E1"', page.text)


def test_search_finds_articles_and_actors(filled: Store) -> None:
    page = client(filled).get("/search", params={"q": "Armenia"})
    assert page.status_code == 200
    assert 'href="/actors/ARM"' in page.text
    assert 'href="/actors/person%3Anikol-pashinyan"' in page.text
    assert "Armenia talks" in page.text
    assert client(filled).get("/search").status_code == 200


def test_article_page_marks_every_kind_with_its_why(filled: Store) -> None:
    api = client(filled)
    page = api.get(f"/articles/{xss_id(api)}")
    assert page.status_code == 200
    found = tags(page.text)
    classes = {a.get("class") for _, a in found}
    assert {"actor", "trigger", "quote", "cue", "time"} <= classes
    [trigger] = [a for t, a in found if t == "a" and a.get("class") == "trigger"]
    assert trigger["href"] == "#event-E1"
    assert "why: trigger 'criticised' -> ACCUSE" in (trigger["title"] or "")
    assert "ACCUSE/disapprove" in (trigger["title"] or "")
    [time] = [a for _, a in found if a.get("class") == "time" and a.get("title")]
    assert "2025-06-10" in (time["title"] or "")
    assert any(t == "tr" and a.get("id") == "event-E1" for t, a in found)
    assert "<details>" in page.text  # the why, without JavaScript
    assert "Nikol Pashinyan" in page.text and "xss.txt" in page.text


def test_article_page_escapes_everything_from_the_article(filled: Store) -> None:
    api = client(filled)
    html = api.get(f"/articles/{xss_id(api)}").text
    found = tags(html)
    assert [a.get("src") for t, a in found if t == "script"] == ["/static/app.js"]
    assert not [t for t, _ in found if t == "img"]
    assert not any(k.startswith("on") for _, a in found for k in a)
    assert not any((a.get("href") or "").lower().startswith("javascript:")
                   for _, a in found)
    assert "<script>alert" not in html and '"><img' not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "javascript:alert(document.cookie)" in html  # shown as text, not a link
    assert XSS_TEXT.split("\n")[0].split(". ")[0] in re.sub(r"<[^>]+>", "", html)


def test_stored_article_elsewhere_is_escaped_too(filled: Store) -> None:
    api = client(filled)
    for url in ("/search?q=armenia", "/events", "/"):
        html = api.get(url).text
        assert "<script>alert" not in html and "<img" not in html, url


def test_a_missing_article_or_actor_is_a_404_page(filled: Store) -> None:
    api = client(filled)
    page = api.get("/articles/<b>nope</b>")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "&lt;b&gt;nope&lt;/b&gt;" in page.text and "<b>nope" not in page.text
    assert api.get("/actors/nobody").status_code == 404
    assert api.get("/no/such/page").status_code == 404


def test_actor_page(filled: Store) -> None:
    page = client(filled).get("/actors/person:nikol-pashinyan")
    assert page.status_code == 200
    assert "Nikol Pashinyan" in page.text and "person:nikol-pashinyan" in page.text
    assert 'href="/actors/RUS"' in page.text  # a counterpart
    assert "REJECT" in page.text
    assert 'href="/events?actor=person%3Anikol-pashinyan"' in page.text


def test_events_page_filters_and_pages(filled: Store) -> None:
    api = client(filled)
    page = api.get("/events")
    assert page.status_code == 200 and "5 events; 1 to 5 shown" in page.text
    first = api.get("/events", params={"limit": 2})
    assert "5 events; 1 to 2 shown" in first.text
    assert 'href="/events?limit=2&amp;offset=2" rel="next"' in first.text
    assert 'rel="prev"' not in first.text
    last = api.get("/events", params={"limit": 2, "offset": 4})
    assert "5 to 5 shown" in last.text and 'rel="next"' not in last.text
    filtered = api.get("/events", params={"actor": "Armenia", "type": "", "since": "",
                                          "limit": 1})
    assert "3 events" in filtered.text
    assert 'href="/events?actor=Armenia&amp;limit=1&amp;offset=1"' in filtered.text
    assert "1 events" in api.get("/events", params={"country": "EUR"}).text
    bad = api.get("/events", params={"since": "soon"})
    assert bad.status_code == 422 and "not a date" in bad.text
    assert api.get("/events", params={"limit": 0}).status_code == 422


def test_code_a_text(filled: Store) -> None:
    api = client(filled)
    form = api.get("/code")
    assert form.status_code == 200 and '<form action="/code" method="post"' in form.text
    page = api.post("/code", data={"text": "Armenia <b>acted</b>.", "title": "<i>T</i>",
                                   "published": "2025-06-01", "outlet": ""})
    assert page.status_code == 200 and "coded, not stored" in page.text
    assert "&lt;i&gt;T&lt;/i&gt;" in page.text and "<b>acted" not in page.text
    assert 'class="trigger"' in page.text
    assert api.get("/api/counts").json()["articles"] == 3
    empty = api.post("/code", data={"text": "  "})
    assert empty.status_code == 422 and "paste a text" in empty.text
    bad = api.post("/code", data={"text": "x", "published": "June"})
    assert bad.status_code == 422 and "not a date" in bad.text


def test_docs_page_needs_no_cdn(filled: Store) -> None:
    page = client(filled).get("/docs")
    assert page.status_code == 200
    assert "GET /api/events" in page.text and "/openapi.json" in page.text
    for _, attrs in tags(page.text):
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value.startswith(("http:", "https:", "//")), value


def test_static_files_are_served_from_the_package(filled: Store) -> None:
    api = client(filled)
    css = api.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = api.get("/static/app.js")
    assert js.status_code == 200 and "data-note" in js.text
    assert "textContent" in js.text and "innerHTML" not in js.text
    assert api.get("/static/../app.py").status_code == 404


def test_pair_page_draws_the_timeline_and_marks_the_shift(store: Store) -> None:
    fill_shift(store)
    api = client(store)
    page = api.get("/pair", params={"a": "Armenia", "b": "Russia"})
    assert page.status_code == 200
    # the picture is `timeline --plot`'s drawing, shown as an image (nothing in it runs)
    images = [a for t, a in tags(page.text) if t == "img" and a.get("class") == "chart"]
    assert [a["src"] for a in images] == ["/pair.svg?a=Armenia&b=Russia&by=month"]
    picture = api.get(images[0]["src"])
    assert picture.status_code == 200
    assert picture.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in picture.text and "strong shift toward conflict" in picture.text
    assert "strong shift toward conflict on 2025-03-02" in page.text
    assert "posterior of a change" in page.text
    assert re.search(r'href="/articles/[0-9a-f]{16}#event-E1"', page.text)
    assert "2025-01" in page.text and "according to Wire A" in page.text
    weeks = api.get("/pair", params={"a": "Armenia", "b": "Russia", "by": "week"})
    assert weeks.status_code == 200 and "2025-W01" in weeks.text
    assert api.get("/pair").status_code == 200  # the form alone
    assert api.get("/pair", params={"a": "Armenia", "b": "Atlantis"}).status_code == 404
    assert api.get("/pair", params={"a": "A", "b": "B", "by": "year"}).status_code == 422


def test_pair_page_escapes_names(filled: Store) -> None:
    page = client(filled).get("/pair", params={"a": "<script>x</script>", "b": "Russia"})
    assert page.status_code == 404 and "<script>x" not in page.text
    picture = client(filled).get("/pair.svg", params={"a": "<script>x</script>",
                                                      "b": "Russia"})
    assert picture.status_code == 404 and "<script>x" not in picture.text
    assert client(filled).get("/pair.svg", params={"a": "Armenia"}).status_code == 422
