"""Names that act: proper-noun subjects spaCy did not see as names (resolve/subjects.py).
Texts written here."""

from __future__ import annotations

from eventcoder.model import CodedArticle
from eventcoder.pipeline import Coder, make_article

RULES_ONLY = Coder(rules_only=True)


def code(text: str) -> CodedArticle:
    return RULES_ONLY.code_article(make_article(text, "2025-06-13"))


def kinds(record: CodedArticle) -> dict[str, str]:
    return {a.name: a.kind for a in record.actors}


def test_a_surname_acting_is_a_person_and_an_acronym_an_organisation() -> None:
    record = code("Okonkwabe refused to meet the envoy from Chile.")
    assert kinds(record).get("Okonkwabe") == "person", record.actors
    record = code("The KTMB ordered an inquiry into the Chilean embassy.")
    assert kinds(record).get("KTMB") == "organisation", record.actors
    assert [record.actor(e.source).name for e in record.events] == ["KTMB"]


def test_capitalised_roles_peoples_and_dates_are_not_names() -> None:
    record = code("Chile's Cabinet met on Sunday.")
    assert not [a for a in record.actors if a.kind == "person"], record.actors
    record = code("Chileans protested in Lima.")
    assert not [a for a in record.actors if a.kind == "person"], record.actors


def test_laws_and_works_are_not_names_that_act() -> None:
    record = code("The Affordable Housing Act made new deals with builders in Peru.")
    assert not [a for a in record.actors if a.kind == "person"], record.actors
