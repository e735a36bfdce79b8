"""`who`: how eventcoder codes a name or short phrase, with phrases written for the tests."""

from __future__ import annotations

import pytest

from eventcoder.resolve.who import who, who_many

#: (phrase, date, kind, country, sector)
CASES = [
    # ministers and heads of state and government, by date
    ("Defense Minister Lloyd Austin", "2022-01-01", "person", "USA", "GOV"),
    ("Russian President Vladimir Putin", "2015-01-01", "person", "RUS", "GOV"),
    ("Helmut Kohl", "1990-01-01", "person", "DEU", "GOV"),
    ("Helmut Kohl", "2005-01-01", "person", "DEU", "ELI"),
    # legislators
    ("Chuck Schumer", "2024-01-01", "person", "USA", "LEG"),
    ("Senator Warren", "2024-01-01", "person", "USA", "LEG"),
    # governors, mayors and other subnational officials take their place's country
    ("the governor of the Lviv region", "2022-01-01", "group", "UKR", "GOV"),
    ("the mayor of Kharkiv", "2022-01-01", "group", "UKR", "GOV"),
    ("officials in Mombasa", "2022-01-01", "group", "KEN", "GOV"),
    ("the governor of Helmand", "2010-01-01", "group", "AFG", "GOV"),
    # armed groups
    ("FARC", "2010-01-01", "organisation", "COL", "REB"),
    ("the Tupamaros", "1970-01-01", "organisation", "URY", "REB"),
    ("members of the Iraqi army", "2005-01-01", "group", "IRQ", "MIL"),
    # officials of international organisations
    ("UN Secretary-General Kofi Annan", "2000-01-01", "person", "UNO", "GOV"),
    ("Amnesty International", "2015-01-01", "organisation", "NGO", "SOC"),
    # ethnic and religious groups, civil society
    ("ethnic Uzbeks", "2010-01-01", "group", None, "CVL"),
    ("village elders", "2010-01-01", "group", None, "CVL"),
    ("the Friends of Nature Society", "2010-01-01", "organisation", "NGO", "SOC"),
    # a person before 1990
    ("Todor Zhivkov", "1985-01-01", "person", "BGR", "GOV"),
    # an unknown surname, and a surname of a foreign minister with nothing to back it
    ("Mr Kowalczykowski", "2024-01-01", "person", None, None),
    ("Mr Smith", "2024-01-01", "person", None, None),
    # groups by sector noun and demonym, capitals as metonyms
    ("Nigerian police", "2020-01-01", "group", "NGA", "COP"),
    ("the Kremlin", "2016-01-01", "group", "RUS", "GOV"),
]


@pytest.mark.parametrize(("phrase", "date", "kind", "country", "sector"), CASES)
def test_who(phrase: str, date: str, kind: str, country: str | None,
             sector: str | None) -> None:
    answer = who(phrase, date=date)
    assert (answer.kind, answer.country, answer.sector) == (kind, country, sector), answer.why
    assert answer.why


def test_who_names_the_knowledge_base_entry_and_the_office() -> None:
    answer = who("Chuck Schumer", date="2024-01-01")
    assert (answer.kb_id, answer.office) == ("person:chuck-schumer", "senator")
    assert "us_congress_executive.tsv" in answer.why
    assert answer.as_dict()["country"] == "USA"


def test_who_many_reads_a_list_and_skips_blank_lines() -> None:
    answers = list(who_many(["Hezbollah", "", "Boko Haram"], date="2015-01-01"))
    assert [(a.phrase, a.country) for a in answers] == [("Hezbollah", "LBN"),
                                                        ("Boko Haram", "NGA")]


def test_who_without_an_actor() -> None:
    answer = who("on Tuesday afternoon")
    assert answer.kind is None and answer.country is None
