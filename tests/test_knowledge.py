"""The knowledge base's tables generated from public dictionaries, with texts written for the
tests."""

from __future__ import annotations

from eventcoder.knowledge.base import load_kb
from eventcoder.model import Actor, CodedArticle
from eventcoder.pipeline import code


def actor_of(record: CodedArticle, words: str) -> Actor:
    mention = next(m for m in record.mentions if m.span.text == words)
    actor = record.actor(mention.actor)
    assert actor is not None
    return actor


def test_agent_nouns_from_phoenix_give_sectors() -> None:
    kb = load_kb()
    assert kb.sector_nouns["guerrillas"].sector == "REB"
    assert kb.sector_nouns["prosecutor"].sector == "JUD"
    assert kb.sector_nouns["sharecroppers"].sector == "AGR"
    assert "phoenix_agents.tsv" in kb.sector_nouns["sharecroppers"].source


def test_hand_made_sector_table_overrides_the_generated_one() -> None:
    kb = load_kb()
    # CAMEO codes a spokesperson as media; here a spokesman is of the body he speaks for
    assert "phoenix_agents.tsv" not in kb.sector_nouns["spokesman"].source
    # adjectives of religion are not nouns of actors ("Moslem forces" are forces)
    assert "islamic" not in kb.sector_nouns


def test_an_agent_noun_finds_an_actor() -> None:
    record = code("Sharecroppers in Vorland blocked the road to the capital of Freedonia. "
                  "Norwegian sharecroppers protested.", published="2020-01-01")
    farmers = actor_of(record, "Norwegian sharecroppers")
    assert (farmers.country, farmers.sector) == ("NOR", "AGR")
    assert "phoenix_agents.tsv" in farmers.why


def test_armed_groups_and_organisations_from_phoenix() -> None:
    record = code("The Tupamaros freed a hostage. The Armed Islamic Group attacked a convoy.",
                  published="1996-01-01")
    tupamaros = actor_of(record, "The Tupamaros")
    assert (tupamaros.country, tupamaros.sector, tupamaros.kind) == ("URY", "REB", "organisation")
    assert actor_of(record, "The Armed Islamic Group").country == "DZA"


def test_a_hand_made_organisation_keeps_its_codes_and_takes_the_other_names() -> None:
    kb = load_kb()
    farc = kb.lookup("Revolutionary Armed Forces of Colombia")[-1]
    # one id under all its names, whichever table gave the name
    assert all(e.id == farc.id for e in kb.lookup("FARC"))


def test_common_words_are_not_organisation_names() -> None:
    kb = load_kb()
    for word in ("Youth", "Zero", "Paradise", "Tigers", "Mission"):
        assert not [e for e in kb.lookup(word) if e.kind == "organisation"], word
