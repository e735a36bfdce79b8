"""Helpers for the `eventcoder serve` tests: apps over stores filled by hand (no spaCy), a
coder that codes without spaCy, and an article made to try escaping."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

from eventcoder.model import (
    Article,
    CodedArticle,
    Event,
    Mention,
    Source,
    Span,
    Statement,
    TimeExpression,
)
from eventcoder.store import Store
from storage_helpers import ACTORS, coded

with warnings.catch_warnings():  # starlette asks for httpx2; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventcoder.serve import create_app  # noqa: E402

TOKEN = "s3cret-token"
XSS_TITLE = "<script>alert('title')</script> Armenia talks"
XSS_OUTLET = '"><img src=x onerror=alert(1)>'
XSS_URL = "javascript:alert(document.cookie)"
XSS_TEXT = ("Armenia criticised Russia on Tuesday. <script>alert('body')</script>\n\n"
            '"We will not go back," said Pashinyan. "><img src=x onerror=alert(2)>')


def fake_code(article: Article) -> CodedArticle:
    """Codes any text as Armenia ACCUSE Russia, the trigger being the text's first word."""
    text = article.text
    first = text.split()[0]
    start = text.index(first)
    return CodedArticle(
        article=article, actors=[ACTORS["ARM"], ACTORS["RUS"]],
        mentions=[Mention(span=Span.of(text, start, start + len(first)), actor="ARM",
                          why="fake: the first word")],
        events=[Event(id="E1", type="ACCUSE", mode="disapprove", source="ARM", target="RUS",
                      trigger=Span.of(text, start, start + len(first)),
                      sentence=Span.of(text, 0, len(text)), intensity=-2.0,
                      date=article.published.isoformat() if article.published else None,
                      why="fake coder <b>why</b>",
                      attributed_to=[Source(kind="outlet", name=article.outlet or "outlet")])])


def xss_article() -> CodedArticle:
    """An article whose text, title, outlet, URL, names and whys try to inject HTML."""
    text = XSS_TEXT
    article = Article(text=text, title=XSS_TITLE, outlet=XSS_OUTLET, url=XSS_URL,
                      published=date(2025, 6, 12), origin="xss.txt")

    def span(word: str) -> Span:
        start = text.index(word)
        return Span.of(text, start, start + len(word))

    quote = span("We will not go back,")
    return CodedArticle(
        article=article, actors=[ACTORS["ARM"], ACTORS["RUS"], ACTORS["PASH"]],
        mentions=[Mention(span=span("Armenia"), actor="ARM", why="kb <i>name</i>"),
                  Mention(span=span("Russia"), actor="RUS", why="kb name"),
                  Mention(span=span("Pashinyan"), actor=ACTORS["PASH"].id, kind="surname",
                          why="surname")],
        times=[TimeExpression(span=span("on Tuesday"), value="2025-06-10",
                              why="weekday before the publication date")],
        statements=[Statement(id="S1", kind="direct", speaker=ACTORS["PASH"].id,
                              source=span("Pashinyan"), cue=span("said"), content=[quote],
                              chain=[Source(kind="outlet", name=XSS_OUTLET)],
                              why="quotation then 'said' + speaker")],
        events=[Event(id="E1", type="ACCUSE", mode="disapprove", source="ARM", target="RUS",
                      trigger=span("criticised"), sentence=span(
                          "Armenia criticised Russia on Tuesday."),
                      date="2025-06-10", intensity=-2.0,
                      attributed_to=[Source(kind="outlet", name=XSS_OUTLET)],
                      why="trigger 'criticised' -> ACCUSE <script>alert('why')</script>")])


def fill(store: Store) -> None:
    """Three articles: Armenia and Russia in 2025, the EU in 2024, and the XSS article."""
    store.add(coded("a1", "2025-03-12", [("ARM", "CONSULT", "RUS", "2025-03-11", 2.5),
                                         ("RUS", "AGREE", "ARM", "2025-03-12", 3.0),
                                         ("PASH", "REJECT", "RUS", "2025-05-20", -2.0)],
                    outlet="Example Wire"))
    store.add(coded("a2", "2024-01-05", [("EU", "AID", "ARM", "2024-01-04", 4.0)],
                    outlet="Example News"))
    store.add(xss_article())


def fill_shift(store: Store) -> None:
    """Forty articles of Armenia toward Russia: cooperation, then conflict from day 20."""
    start = date(2025, 1, 1)
    for n in range(40):
        day = start + timedelta(days=3 * n)
        score = (4.0 if n % 2 else 3.5) if n < 20 else (-3.0 if n % 2 else -3.5)
        store.add(coded(f"s{n}", day.isoformat(),
                        [("ARM", "CONSULT" if n < 20 else "ACCUSE", "RUS", day.isoformat(),
                          score)]))


def client(store: Store, token: str | None = None, max_body: int | None = None) -> TestClient:
    kwargs = {} if max_body is None else {"max_body": max_body}
    app = create_app(store, token=token, coder=fake_code, **kwargs)
    return TestClient(app, raise_server_exceptions=False)
