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


def test_people_with_dated_roles_from_phoenix_before_1990() -> None:
    record = code("Todor Zhivkov received the delegation in Sofia.", published="1985-03-01")
    zhivkov = actor_of(record, "Todor Zhivkov")
    assert (zhivkov.country, zhivkov.sector) == ("BGR", "GOV")
    assert "phoenix_state_actors.tsv" in zhivkov.why


def test_generated_people_are_matched_by_full_name_only() -> None:
    kb = load_kb()
    assert any(e.full_name_only for e in kb.lookup("Todor Zhivkov"))
    assert not any(e.full_name_only for terms in kb.surnames.values() for e in terms)
    # a surname alone finds no generated person, even with the country named
    record = code("Mr Zhivkov said Bulgaria would wait.", published="1985-03-01")
    assert actor_of(record, "Zhivkov").kb_id is None


def test_hand_made_and_generated_terms_of_one_person_share_an_id() -> None:
    kb = load_kb()
    # the dictionary spells him "Hosny Mubarak" too; the hand-made table's id is kept
    terms = [*kb.lookup("Hosny Mubarak"), *kb.lookup("Hosni Mubarak")]
    assert {e.id for e in terms} == {"person:hosni-mubarak"}
    assert any(e.full_name_only for e in terms) and not all(e.full_name_only for e in terms)


def test_the_shipped_index_matches_the_tables() -> None:
    """Rebuild it with `python scripts/build_phoenix_tables.py` after editing a table."""
    from eventcoder.knowledge.base import SHIPPED, KnowledgeBase
    from eventcoder.knowledge.index import read_index

    assert isinstance(read_index(SHIPPED), KnowledgeBase)


def test_a_stale_index_is_not_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from eventcoder.knowledge import base, index

    monkeypatch.setattr(index, "fingerprint", lambda names: "stale")
    base._load.cache_clear()
    try:
        assert index.read_index(base.SHIPPED) is None
        assert base.load_kb().sector_nouns["guerrillas"].sector == "REB"
    finally:
        base._load.cache_clear()


def test_us_legislators_with_all_their_terms() -> None:
    record = code("Chuck Schumer said the vote would wait.", published="1984-06-01")
    schumer = actor_of(record, "Chuck Schumer")
    assert (schumer.country, schumer.sector) == ("USA", "LEG")
    assert "us_congress_executive.tsv" in schumer.why
    kb = load_kb()
    assert {e.office for e in kb.lookup("Charles E. Schumer")} >= {"representative", "senator"}


def test_a_legislators_surname_needs_the_title_not_just_the_country() -> None:
    titled = code("Senator Warren criticised the bill.", published="2024-03-01")
    assert actor_of(titled, "Warren").name == "Elizabeth Warren"
    bare = code("Mr Warren said the US economy would grow.", published="2024-03-01")
    assert actor_of(bare, "Warren").country is None


def test_presidents_before_1990_from_the_executive_table() -> None:
    record = code("Jimmy Carter met the envoys.", published="1978-06-01")
    carter = actor_of(record, "Jimmy Carter")
    assert (carter.country, carter.sector) == ("USA", "GOV")


def test_believers_are_civilians_and_clergy_religious() -> None:
    kb = load_kb()
    assert kb.sector_nouns["pilgrims"].sector == "CVL"
    assert kb.sector_nouns["islamic fundamentalists"].sector == "CVL"
    assert kb.sector_nouns["clerics"].sector == "REL"
