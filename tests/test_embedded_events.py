"""Events inside other events (requests, refusals, conditions, obligations) and background
that is news; texts written here."""

from __future__ import annotations

from eventcoder.model import CodedArticle
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
