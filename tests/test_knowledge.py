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
