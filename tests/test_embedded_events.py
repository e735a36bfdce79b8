"""Events inside other events (requests, refusals, conditions, obligations) and background
that is news; texts written here."""

from __future__ import annotations

from datetime import date

import pytest

from eventcoder.interpret.events.setting import recent
from eventcoder.model import CodedArticle, Span, TimeExpression
from eventcoder.pipeline import Coder, make_article

_CODER = Coder(rules_only=True)


def coded(text: str, published: str | None = "2025-06-13") -> CodedArticle:
    return _CODER.code_article(make_article(text, published=published))


def kinds(record: CodedArticle) -> set[tuple[str, str | None, str | None, str]]:
    """(type, source country, target country, modality) of each event."""
    def country(actor_id: str | None) -> str | None:
        actor = record.actor(actor_id)
        return actor.country if actor else None

    return {(e.type, country(e.source), country(e.target), e.modality) for e in record.events}


def types(record: CodedArticle) -> set[str]:
    return {e.type for e in record.events if e.modality != "negated"}


def test_acts_joined_to_a_request_are_its_content() -> None:
    record = coded("Chile urged Peru to free the hostages and withdraw its troops.")
    assert kinds(record) == {("REQUEST", "CHL", "PER", "asserted")}


def test_an_act_put_as_a_condition_is_no_event() -> None:
    assert "ASSAULT" not in types(coded("If Peru attacks, Chile will respond."))
    record = coded("Chile will impose sanctions on Peru unless Peru withdraws its troops.")
    assert types(record) == {"THREATEN"}


def test_refused_material_cooperation_is_a_reject_with_the_refused_mode() -> None:
    record = coded("Peru declined to send aid to Chile.")
    assert kinds(record) == {("REJECT", "PER", "CHL", "asserted")}
    assert record.events[0].mode == "assist" and record.events[0].intensity == -1.5
    record = coded("Peru won't meet Chilean officials.")
    assert [(e.type, e.mode) for e in record.events] == [("REJECT", "meet")]
    record = coded("Peru will not withdraw its troops from the border.")
    assert [(e.type, e.mode) for e in record.events] == [("REJECT", "yield")]


def test_an_act_that_did_not_happen_is_negated_not_refused() -> None:
    record = coded("Peru did not send aid to Chile.")
    assert [(e.type, e.modality) for e in record.events] == [("AID", "negated")]


def test_an_act_asked_for_or_owed_is_no_event() -> None:
    assert types(coded("Peru must free the hostages.")) == set()
    assert types(coded("Peru has to free the hostages.")) == set()
    assert types(coded("The accord requires Peru to withdraw its troops.")) == set()
    assert types(coded("Peru freed the hostages.")) == {"RETREAT"}


def test_a_time_clause_of_the_articles_days_is_news() -> None:
    record = coded("After Peruvian troops shelled Chilean villages on Tuesday, Chile asked "
                   "Brazil for help.")
    assert {("ASSAULT", "PER", "CHL"), ("REQUEST", "CHL", "BRA")} <= {
        k[:3] for k in kinds(record)}
    shelling = next(e for e in record.events if e.type == "ASSAULT")
    assert shelling.date == "2025-06-10" and "news" in shelling.why
    # no publication date: 'on Tuesday' is still said of the article's days
    assert "ASSAULT" in types(coded("After Peruvian troops shelled Chilean villages on "
                                    "Tuesday, Chile asked Brazil for help.", published=None))


def test_a_time_clause_of_older_history_is_background() -> None:
    for text in ("After Peruvian troops shelled Chilean villages in 2019, Chile asked Brazil "
                 "for help.",
                 "After Peruvian troops had shelled Chilean villages, Chile asked Brazil for "
                 "help.",
                 "When Peruvian troops shelled Chilean villages, Chile asked Brazil for help."):
        assert types(coded(text)) == {"REQUEST"}, text


@pytest.mark.parametrize(("value", "anchored", "published", "expected"), [
    ("2025-06-10", True, date(2025, 6, 13), True),
    ("2025-06-13T09:00", True, date(2025, 6, 13), True),
    ("2025-06-01", True, date(2025, 6, 13), False),
    ("2025-W23", True, date(2025, 6, 13), True),  # last week
    ("2025-06", True, date(2025, 6, 13), True),
    ("2025-05", True, date(2025, 6, 13), False),
    ("2025", True, date(2025, 6, 13), False),  # too coarse to say
    ("2025-06-20", True, date(2025, 6, 13), False),  # to come: no news yet
    ("PRESENT_REF", True, None, True),
    ("XXXX-WXX-2", False, None, True),  # 'on Tuesday', with no publication date
    ("XXXX-03", False, None, False),  # 'in March'
])
def test_times_of_the_articles_days(value: str, anchored: bool, published: date | None,
                                    expected: bool) -> None:
    timex = TimeExpression(span=Span(start=0, end=1, text="x"), value=value, anchored=anchored)
    assert recent(timex, published) is expected


def test_the_clause_of_a_required_word_is_content_too() -> None:
    record = coded("Chile repeated its demand that Peru release the prisoners.")
    assert types(record) == {"REQUEST"}
    record = coded("Chile renewed its call for Peru to withdraw its troops.")
    assert types(record) == {"REQUEST"}
