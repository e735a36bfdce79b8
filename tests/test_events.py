"""Events: lexicon, arguments, modality, dates, places and sources; texts written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.datafiles import DataFileError
from eventcoder.interpret.events.lexicon import load_triggers
from eventcoder.model import CodedArticle, Event
from eventcoder.pipeline import Coder, make_article
from eventcoder.read import parse_text

#: These tests are the rules' spec: the learned model is off (tests/test_event_model.py
#: tests its mechanism; the reference article's facts hold with it on).
RULES_ONLY = Coder(rules_only=True)


def code(text: str, published: str | None = None, **article: str) -> CodedArticle:
    return RULES_ONLY.code_article(make_article(text, published, **article))


def codes(record: CodedArticle, event: Event) -> tuple[str, str | None, str | None]:
    def country(actor_id: str | None) -> str | None:
        actor = record.actor(actor_id)
        return actor.country if actor else None

    return event.type, country(event.source), country(event.target)


def only(record: CodedArticle, type_: str) -> Event:
    found = [e for e in record.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.why) for e in record.events]
    return found[0]


def test_active_voice_subject_and_object() -> None:
    record = code("Poland criticised Hungary on Tuesday.", published="2025-06-13")
    event = only(record, "ACCUSE")
    assert codes(record, event) == ("ACCUSE", "POL", "HUN")
    assert event.mode == "disapprove" and event.intensity == -2
    assert "lexicon" in event.why and "subject" in event.why


def test_passive_voice_agent_is_source() -> None:
    record = code("Serbia was condemned by Croatia.", published="2025-06-13")
    assert codes(record, only(record, "ACCUSE")) == ("ACCUSE", "HRV", "SRB")


def test_coordinated_subjects_give_one_event_each() -> None:
    record = code("Jordan and Egypt signed an agreement with Iraq.", published="2025-06-13")
    found = {codes(record, e) for e in record.events if e.type == "SUPPORT"}
    assert found == {("SUPPORT", "JOR", "IRQ"), ("SUPPORT", "EGY", "IRQ")}


def test_prepositional_target_and_multiword_entry() -> None:
    record = code("Japan imposed sanctions against North Korea.", published="2025-06-13")
    event = only(record, "SANCTION")
    assert codes(record, event) == ("SANCTION", "JPN", "PRK")
    assert event.mode == "discontinue" and "impose + sanction" in event.why


def test_an_act_referred_to_is_whom_an_event_is_aimed_at_not_an_event_of_its_own() -> None:
    # the invasion is told of, not reported (its day is not the article's): whose act it
    # is makes the target of the condemnation
    record = code("The minister condemned Russia's invasion of Georgia.", published="2025-06-13")
    event = only(record, "ACCUSE")
    assert codes(record, event)[2] == "RUS"
    assert "whose 'invasion' it is" in event.why
    assert [e.type for e in record.events] == ["ACCUSE"]


def test_nominal_event_with_possessive_source() -> None:
    record = code("Russia's invasion of Georgia began at dawn.", published="2025-06-13")
    assert ("ASSAULT", "RUS", "GEO") in {codes(record, e) for e in record.events}


def test_reported_speech_codes_the_inner_event_with_its_source() -> None:
    record = code("Armenia said Azerbaijan attacked Armenian villages.", published="2025-06-13")
    event = only(record, "ASSAULT")
    assert codes(record, event)[:2] == ("ASSAULT", "AZE")
    assert any(link.name == "Armenia" for link in event.attributed_to)


def test_accusation_is_an_accuse_event_from_the_accuser() -> None:
    record = code("Moldova accused Russia of meddling in its election.", published="2025-06-13")
    assert codes(record, only(record, "ACCUSE")) == ("ACCUSE", "MDA", "RUS")


def test_demand_clause_target_is_its_subject() -> None:
    record = code("China demanded that the United States cancel the arms sale.",
                  published="2025-06-13")
    assert codes(record, only(record, "REQUEST")) == ("REQUEST", "CHN", "USA")


@pytest.mark.parametrize(("text", "modality", "type_"), [
    ("Belarus wants to hold talks with Poland.", "intended", "AGREE"),
    ("Belarus plans to hold talks with Poland.", "intended", "AGREE"),
    ("Belarus has not criticised Poland.", "negated", "ACCUSE"),
    ("Belarus could criticise Poland.", "hypothetical", "ACCUSE"),
    ("Belarus criticised Poland.", "asserted", "ACCUSE"),
])
def test_modality(text: str, modality: str, type_: str) -> None:
    record = code(text, published="2025-06-13")
    event = only(record, type_)
    assert event.modality == modality


def test_future_force_is_a_threat_and_refusal_is_a_reject() -> None:
    threat = code("Turkey will attack the rebels in Syria.", published="2025-06-13")
    assert only(threat, "THREATEN").mode == "violence"
    refusal = code("Syria will not accept the proposal from Turkey.", published="2025-06-13")
    assert codes(refusal, only(refusal, "REJECT"))[:2] == ("REJECT", "SYR")


def test_event_date_from_its_time_expression_else_marked_fallback() -> None:
    record = code("Poland criticised Hungary on Tuesday. Poland welcomed Ukraine.",
                  published="2025-06-13")
    accuse, support = only(record, "ACCUSE"), only(record, "SUPPORT")
    assert (accuse.date, accuse.date_fallback) == ("2025-06-10", False)
    assert (support.date, support.date_fallback) == ("2025-06-13", True)


def test_alternative_dates_and_place() -> None:
    record = code("The envoy of Moldova requested meetings in Paris on May 6, 8, or 9.",
                  published="2025-06-13")
    event = only(record, "REQUEST")
    assert event.mode == "meet" and event.place == "Paris"
    assert event.date_alternatives == ["2025-05-06", "2025-05-08", "2025-05-09"]


def test_no_event_without_an_actor_and_none_for_scare_quotes() -> None:
    assert code("Talks were held in a calm atmosphere.", published="2025-06-13").events == []
    record = code("Minsk began its “assault” with letters to Rome.", published="2025-06-13")
    assert not [e for e in record.events if e.type == "ASSAULT"]


def test_repeats_in_key_points_are_one_event() -> None:
    coder = Coder()
    article = parse_text("date 2025-06-13 Headline\nSource: X\n\n• Poland criticised Hungary.\n\n"
                         "Poland criticised Hungary on Tuesday.", "t")
    record = coder.code_article(article)
    assert len([e for e in record.events if e.type == "ACCUSE"]) == 1


def test_user_lexicon_adds_an_entry(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("pattern\ttype\tmode\tcontext\nsnub\tREJECT\t\tdiplomatic\n")
    record = Coder(lexicon_files=[extra]).code_article(
        make_article("France snubbed Italy.", "2025-06-13"))
    assert codes(record, only(record, "REJECT")) == ("REJECT", "FRA", "ITA")


def test_bad_lexicon_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("pattern\ttype\tmode\tcontext\nsnub\tSNUB\t\t\n")
    with pytest.raises(DataFileError, match="bad.tsv:2"):
        load_triggers((bad,))


def test_unnamed_attackers_are_unidentified_armed_actors_of_the_place() -> None:
    record = code("Two Polish soldiers were killed near the Latvian town of Daugavpils.",
                  published="2025-06-13")
    event = only(record, "ASSAULT")
    attackers = record.actor(event.source)
    assert attackers is not None and (attackers.country, attackers.sector) == ("LVA", "UAF")
    assert "unidentified" in event.why


def test_background_events_and_one_party_meetings_are_not_coded() -> None:
    record = code("Peru granted asylum to Bolivia's envoy after the Chilean invasion.",
                  published="2025-06-13")
    assert not [e for e in record.events if e.type == "ASSAULT"]
    assert code("The Finnish cabinet met on Sunday.", published="2025-06-13").events == []


def test_people_as_civilians_and_quantities() -> None:
    record = code("Thousands of Georgians protested against the government in Tbilisi.",
                  published="2025-06-13")
    event = only(record, "PROTEST")
    protesters = record.actor(event.source)
    assert protesters is not None and (protesters.country, protesters.sector) == ("GEO", "CVL")


def test_unnamed_victims_are_of_the_place_and_accused_before_addressee() -> None:
    record = code("Militants shot 23 people on Monday in Riga.", published="2025-06-13")
    victims = record.actor(only(record, "ASSAULT").target)
    assert victims is not None and (victims.country, victims.sector) == ("LVA", "CVL")
    record = code("Jordan complained to the Arab League over Syrian shelling.",
                  published="2025-06-13")
    assert codes(record, only(record, "ACCUSE")) == ("ACCUSE", "JOR", "SYR")


def test_hedges_are_recorded_on_events() -> None:
    record = code("Poland is believed to have expelled two Belarusian diplomats.",
                  published="2025-06-13")
    assert [h.text for h in only(record, "SANCTION").hedges] == ["is believed to"]
    plain = code("Poland expelled two Belarusian diplomats.", published="2025-06-13")
    assert only(plain, "SANCTION").hedges == []


def test_unnamed_targets_of_a_national_actor_are_taken_to_be_of_its_country() -> None:
    record = code("Kenyan police dispersed striking teachers on Monday.", published="2025-06-13")
    event = only(record, "COERCE")
    teachers = record.actor(event.target)
    assert teachers is not None and teachers.country == "KEN"
    assert "target assumed of KEN, as the source" in event.why
    # troops named without a country may be foreign: no assumption
    record = code("Kenya welcomed the soldiers.", published="2025-06-13")
    assert all("assumed" not in e.why for e in record.events)


def test_target_missed_by_the_links_is_the_first_actor_in_the_trigger_phrase() -> None:
    record = code("Hungary praised as a brave step Austria's new asylum law.",
                  published="2025-06-13")
    event = only(record, "SUPPORT")
    assert codes(record, event) == ("SUPPORT", "HUN", "AUT")
    assert "first actor after the trigger" in event.why
    # not through another clause: "and said ..." is not what was agreed with
    record = code("Chile and Peru agreed on a truce, but Bolivian officials said little.",
                  published="2025-06-13")
    assert {codes(record, e)[2] for e in record.events if e.type == "AGREE"} == {None}


def test_events_in_clauses_of_time_cause_or_relative_clauses_are_background() -> None:
    record = code("Latvia expelled two Russian diplomats after Estonian officials accused Moscow "
                  "of spying.", published="2025-06-13")
    assert [codes(record, e) for e in record.events] == [("SANCTION", "LVA", "RUS")]
    record = code("Poland gave shelter to the Ukrainian refugees, whom Hungary had expelled.",
                  published="2025-06-13")
    assert not [e for e in record.events if e.type == "SANCTION"]
    record = code("Chad met rebels fighting the army in the north.", published="2025-06-13")
    assert not [e for e in record.events if e.type == "ASSAULT"]


def test_a_subject_that_names_no_actor_stands_for_its_owner() -> None:
    record = code("The al-Shabaab propaganda network threatened Kenya on Monday.",
                  published="2025-06-13")
    event = only(record, "THREATEN")
    owner = record.actor(event.source)
    assert owner is not None and owner.name == "al-Shabaab" and "stands for" in event.why


def test_a_protest_act_takes_its_target_from_the_protest_it_is_made_in() -> None:
    record = code("Czech nurses staged a hunger strike outside parliament in protest against "
                  "the Slovak government.", published="2025-06-13")
    assert [codes(record, e) for e in record.events] == [("PROTEST", "CZE", "SVK")]
    # beginning an act is doing it, not announcing it
    record = code("Czech nurses started a hunger strike last week to protest against the "
                  "Slovak decision to close the border.", published="2025-06-13")
    event = only(record, "PROTEST")
    assert codes(record, event) == ("PROTEST", "CZE", "SVK") and event.modality == "asserted"


def test_apologies_are_support_and_receiving_observers_is_a_retreat() -> None:
    record = code("Chile apologized to Peru for the Bolivian incident.", published="2025-06-13")
    assert codes(record, only(record, "SUPPORT")) == ("SUPPORT", "CHL", "PER")
    record = code("Belarus received a team of election observers sent by the OSCE.",
                  published="2025-06-13")
    event = only(record, "RETREAT")
    assert event.mode == "access" and codes(record, event)[1] == "BLR"


@pytest.mark.parametrize(("text", "type_", "place"), [
    # the place of the report ("officials in Latvia said") is not the event's
    ("Rebels kidnapped two engineers on Monday, officials in Latvia said.", "ASSAULT", None),
    ("Rebels kidnapped two engineers in Riga, officials in Vilnius said.", "ASSAULT", "Riga"),
    # nor is a place named in a clause of the locative phrase
    ("Hungary protested strongly, in a statement issued by its embassy in Poland.",
     "PROTEST", None),
    ("Three soldiers were killed outside the Syrian city of Aleppo.", "ASSAULT", "Aleppo"),
])
def test_the_place_of_an_event_is_named_by_its_own_clause(text: str, type_: str,
                                                          place: str | None) -> None:
    assert only(code(text, published="2025-06-13"), type_).place == place


def test_a_mediation_between_two_parties_has_both_as_targets() -> None:
    record = code("Norway began a mediation effort between Serbia and Kosovo.",
                  published="2025-06-13")
    assert {codes(record, e) for e in record.events} == {
        ("CONSULT", "NOR", "SRB"), ("CONSULT", "NOR", "KOS")}


def test_months_are_not_marches_and_table_acts_are_coded() -> None:
    record = code("Estonia lifted the curfew in Narva last March.", published="2025-06-13")
    assert not [e for e in record.events if e.type == "PROTEST"]
    record = code("Latvia closed its embassy in Minsk.", published="2025-06-13")
    event = only(record, "SANCTION")
    assert event.mode == "withdraw" and codes(record, event)[:2] == ("SANCTION", "LVA")


def test_people_acting_for_a_group_stand_for_it_but_supporters_do_not() -> None:
    record = code("Leaders of the Syrian opposition agreed to attend the talks.",
                  published="2025-06-13")
    leaders = record.actor(only(record, "AGREE").source)
    assert leaders is not None and (leaders.country, leaders.sector) == ("SYR", "OPP")
    record = code("Supporters of the Georgian president blocked roads.", published="2025-06-13")
    supporters = record.actor(only(record, "PROTEST").source)
    assert supporters is not None and supporters.sector == "CVL"


def test_a_participle_taken_for_the_subject_gives_way_to_its_own_subject() -> None:
    record = code("The Red Crescent operating in Yemen said Oman must open its border.",
                  published="2025-06-13")
    event = only(record, "REQUEST")
    assert record.actor(event.source).name == "Red Cross"


def test_a_noun_event_is_of_whom_carries_it_out_not_of_whom_acts_on_it() -> None:
    record = code("Georgian police stopped the march.", published="2025-06-13")
    assert not [e for e in record.events if e.type == "PROTEST"]
    record = code("A rally organised by the Georgian opposition filled the square.",
                  published="2025-06-13")
    assert codes(record, only(record, "PROTEST"))[:2] == ("PROTEST", "GEO")


def test_targets_of_known_country_come_before_others_but_not_the_un_own_staff() -> None:
    record = code("Ugandan troops captured a rebel camp on the Congolese border.",
                  published="2025-06-13")
    assert codes(record, only(record, "ASSAULT")) == ("ASSAULT", "UGA", "UGA")
    record = code("The United Nations said it would withdraw the aid workers from Kenya.",
                  published="2025-06-13")
    assert codes(record, only(record, "THREATEN")) == ("THREATEN", "UNO", "KEN")


def test_committing_atrocities_is_no_agreement_but_attending_a_summit_is_a_meeting() -> None:
    assert not code("Serb forces committed atrocities in Kosovo.",
                    published="2025-06-13").events
    record = code("Armenia's prime minister attended the summit with Putin in Moscow.",
                  published="2025-06-13")
    assert codes(record, only(record, "CONSULT")) == ("CONSULT", "ARM", "RUS")


def test_words_that_look_like_triggers_but_are_not_acts() -> None:
    # a verb-like modifier, a particle that is a preposition, a video released, a planned
    # rally with no one it is aimed at, support drawn from others
    for text in ("White House press secretary Josh Earnest said the talks failed.",
                 "Jeb Bush gave his last paid speeches in early 2015.",
                 "Donald Trump released a video on Friday.",
                 "Bernie Sanders continues to draw support among union members."):
        assert not code(text, published="2025-06-13").events, text
    record = code("Donald Trump will be holding a rally at an Elks Lodge in Salem.",
                  published="2025-06-13")
    assert only(record, "PROTEST").modality == "intended"
    record = code("Palestinian leaders said they would boycott all contact with Israel.",
                  published="2025-06-13")
    assert codes(record, only(record, "THREATEN")) == ("THREATEN", "PSE", "ISR")
    record = code("Bush attacked Trump on Sunday, calling him a loser.", published="2025-06-13")
    assert [e.type for e in record.events] == ["ACCUSE"]


def test_each_event_names_the_rules_that_applied_in_order() -> None:
    from eventcoder.interpret.events.rules import PARTY_RULES, TYPE_RULES

    record = code("Slovenia did not agree to the Croatian plan.", published="2025-06-13")
    assert [(e.type, e.rules) for e in record.events] == [("REJECT", ["refusal_when_negated"])]
    record = code("Two soldiers were shot dead near Kharkiv on Friday.", published="2025-06-13")
    event = only(record, "ASSAULT")
    assert event.rules == ["assume_countries_of_groups", "unidentified_attackers"]
    assert event.source == "UKR-UAF" and "unidentified attackers (UAF)" in event.why
    # the rule lists are the order in which rules run, and every rule is named once
    names = [r.__name__ for r in (*PARTY_RULES, *TYPE_RULES)]
    assert len(names) == len(set(names))
    assert all(rule in names for e in record.events for rule in e.rules)


def test_a_rule_can_drop_a_draft() -> None:
    # SANCTION needs a recipient; a meeting of one party is no consultation
    assert not [e for e in code("Bolivia imposed new sanctions.",
                                published="2025-06-13").events if e.type == "SANCTION"]
    assert not [e for e in code("The Danish cabinet met on Monday.",
                                published="2025-06-13").events if e.type == "CONSULT"]


def test_a_subject_that_names_no_actor_stands_for_its_modifiers_or_apposition() -> None:
    record = code("The Bolivian and Paraguayan sides agreed to reopen the border.",
                  published="2025-06-13")
    assert {codes(record, e)[:2] for e in record.events} == {("AGREE", "BOL"),
                                                             ("AGREE", "PRY")}
    record = code("The Bolivian side criticised Paraguay.", published="2025-06-13")
    assert codes(record, only(record, "ACCUSE")) == ("ACCUSE", "BOL", "PRY")
    record = code("The newcomer, Maria Lopez, criticised the Chilean government.",
                  published="2025-06-13")
    event = only(record, "ACCUSE")
    source = record.actor(event.source)
    assert source is not None and source.name == "Maria Lopez" and "stands for" in event.why


def test_a_noun_event_comes_from_its_from_phrase_to_the_subject_of_its_verb() -> None:
    record = code("Bolivia came under pressure from Brazil to open the border.",
                  published="2025-06-13")
    assert codes(record, only(record, "REQUEST")) == ("REQUEST", "BRA", "BOL")
    record = code("Bolivia faced criticism from Chile over the border dispute.",
                  published="2025-06-13")
    event = only(record, "ACCUSE")
    assert codes(record, event) == ("ACCUSE", "CHL", "BOL") and "'from Chile'" in event.why


def test_the_destination_of_a_visit_is_its_recipient() -> None:
    record = code("The Bolivian president arrived in Lima for a visit.", published="2025-06-13")
    event = only(record, "CONSULT")
    assert codes(record, event) == ("CONSULT", "BOL", "PER")
    assert "visit_to_the_place" in event.rules
    # a meeting at home has no host to visit: one party, no consultation
    assert code("The Bolivian cabinet held talks in La Paz.", published="2025-06-13").events == []


@pytest.mark.parametrize("text, expected", [
    # a participle or purpose clause without a subject of its own shares the governing one
    ("Norway reiterated its commitment to supporting Ghana's reforms.",
     ("SUPPORT", "NOR", "GHA")),
    ("Peru sent a letter to Chile threatening to cut trade ties.",
     ("THREATEN", "PER", None)),
])
def test_trigger_shares_the_subject_of_its_governing_clause(
        text: str, expected: tuple[str, str | None, str | None]) -> None:
    record = code(text, published="2025-06-13")
    event = only(record, expected[0])
    assert codes(record, event) == expected
    assert "subject of governing" in event.why


def test_clause_that_elaborates_an_event_is_not_another() -> None:
    # the demand is what the rallies were about; the one who died suffered the torture
    record = code("Kenyan students staged rallies in Nairobi demanding that the government "
                  "resign.", published="2025-06-13")
    assert [e.type for e in record.events] == ["PROTEST"]
    assert not code("A Chilean prisoner died of torture in Peruvian custody.").events


def test_organisation_unknown_to_the_knowledge_base_acts_as_subject() -> None:
    # spaCy's ORG with neither a country nor a sector noun in its name: an actor only where
    # it acts (the subject of a verb)
    record = code("The Alder Street Defence Collective accused Peru of torture.")
    event = only(record, "ACCUSE")
    actor = record.actor(event.source)
    assert actor is not None and actor.kind == "organisation", record.actors


def test_the_partner_of_a_meeting_is_its_target_not_the_topic() -> None:
    record = code("Chile discussed Bolivia with Peru.")
    event = only(record, "CONSULT")
    assert codes(record, event) == ("CONSULT", "CHL", "PER")
    assert "partner ('with')" in event.why


def test_who_lifts_a_blockade_does_not_impose_it() -> None:
    # 'lift' acts on the blockade: its subject is not the one blockading now
    assert not [e for e in code("Peru lifted its blockade of Chile.").events
                if e.type == "COERCE"]


@pytest.mark.parametrize("text, expected", [
    # the forces a state moves are its own; where they go, or are, is acted upon
    ("Russia has begun withdrawing some of its troops from Syria.", ("RETREAT", "RUS", None)),
    ("Pakistan has refused to deploy peacekeepers in Iraq.", ("REJECT", "PAK", "IRQ")),
])
def test_own_forces_are_not_the_target(
        text: str, expected: tuple[str, str | None, str | None]) -> None:
    record = code(text, published="2025-06-13")
    event = only(record, expected[0])
    assert codes(record, event) == expected
    assert "own forces" in event.why


def test_an_agreement_on_a_territory_is_aimed_at_it() -> None:
    record = code("Peru agreed to a ceasefire in southern Bolivia.")
    assert codes(record, only(record, "AGREE")) == ("AGREE", "PER", "BOL")


def test_an_act_named_with_no_actor_is_aimed_at_its_place() -> None:
    record = code("Chile strongly condemned the bombing of a school in Lima.")
    event = only(record, "ACCUSE")
    assert codes(record, event) == ("ACCUSE", "CHL", "PER")
    # not a place in a clause inside the object
    record = code("Chile backed a plan to fight poverty in Peru.")
    assert all(e.target is None for e in record.events), [e.why for e in record.events]


def test_whose_decision_or_policy_is_condemned_is_the_target() -> None:
    record = code("Chile blamed Peru's new border policy for the tensions with Bolivia.")
    event = only(record, "ACCUSE")
    assert codes(record, event) == ("ACCUSE", "CHL", "PER")
    assert "whose 'policy' it is" in event.why


def test_a_refused_request_is_aimed_at_whom_it_came_from() -> None:
    record = code("Chile refused a request from Peru to close the border with Bolivia.")
    assert codes(record, only(record, "REJECT")) == ("REJECT", "CHL", "PER")


def test_an_agreement_concluded_is_support_a_promise_is_agree() -> None:
    # PLOVER 2.0: to sign or finalise an agreement is SUPPORT; to promise one, AGREE
    record = code("Chile and Peru reached a trade deal on Monday.", published="2025-06-13")
    assert {e.type for e in record.events} == {"SUPPORT"}
    assert "agreement concluded" in record.events[0].why
    record = code("Chile agreed to start talks with Peru.", published="2025-06-13")
    assert {e.type for e in record.events} == {"AGREE"}


@pytest.mark.parametrize("text, expected", [
    ("A Chilean court ordered the release of two Peruvian fishermen.", "RETREAT"),
    ("A Chilean judge has ordered nine Peruvian officials jailed.", "COERCE"),
    # an order to someone to act stays a request
    ("The Chilean police ordered two Peruvian journalists to appear for questioning.",
     "REQUEST"),
])
def test_an_order_is_coded_as_the_act_it_orders(text: str, expected: str) -> None:
    record = code(text, published="2025-06-13")
    assert [e.type for e in record.events] == [expected]


def test_stopped_cooperation_is_a_sanction() -> None:
    # CAMEO 162 'reduce or stop aid' -> PLOVER SANCTION; no lexicon entry reads the pair
    record = code("Chile has suspended food supplies and flights to Peru.",
                  published="2025-06-13")
    event = only(record, "SANCTION")
    assert codes(record, event) == ("SANCTION", "CHL", "PER")
    assert event.mode == "discontinue" and "AID stopped" in event.why
    record = code("Norway announced a suspension of aid to Kenya.", published="2025-06-13")
    assert codes(record, only(record, "SANCTION")) == ("SANCTION", "NOR", "KEN")


def test_an_eased_restriction_is_a_concession() -> None:
    # PLOVER 2.0 CONCEDE: easing sanctions or restrictions; no entry reads 'end + blockade'
    record = code("Peru has ended its naval blockade of Ecuador.", published="2025-06-13")
    event = only(record, "CONCEDE")
    assert codes(record, event)[:2] == ("CONCEDE", "PER") and "COERCE eased" in event.why
    record = code("Chile lifted the curfew in Arica.", published="2025-06-13")
    assert codes(record, only(record, "CONCEDE"))[:2] == ("CONCEDE", "CHL")
    # a police that stops a march neither eases a restriction nor stops cooperation
    assert not code("Chilean police stopped the march.", published="2025-06-13").events


def test_a_hyphenated_trigger_is_one_word() -> None:
    # the parse splits 'cease-fire' into 'cease', '-', 'fire'
    text = "Colombia announced a cease-fire with the ELN rebels."
    record = code(text, published="2025-06-13")
    event = only(record, "RETREAT")
    assert codes(record, event)[:2] == ("RETREAT", "COL")
    assert text[event.trigger.start:event.trigger.end] == "cease-fire"


def test_people_released_are_a_retreat_a_report_released_is_not() -> None:
    record = code("The rebels released three Chilean engineers on Monday.",
                  published="2025-06-13")
    event = only(record, "RETREAT")
    assert event.mode == "release" and "people released" in event.why
    assert codes(record, event)[2] == "CHL"
    record = code("The ministry released a report on Chile.", published="2025-06-13")
    assert not [e for e in record.events if e.type == "RETREAT"]


def test_forces_sent_to_keep_the_peace_are_aid() -> None:
    # PLOVER 2.0 AID: peacekeeping; deployed forces without a by-agent act for their side
    record = code("About 300 Chilean soldiers were deployed as peacekeepers in Haiti.",
                  published="2025-06-13")
    assert codes(record, only(record, "AID"))[:2] == ("AID", "CHL")
    record = code("Some 300 Chilean soldiers were deployed to Haiti as peacekeeping forces.",
                  published="2025-06-13")
    event = only(record, "AID")
    assert codes(record, event) == ("AID", "CHL", "HTI") and "keep the peace" in event.why
    record = code("Uruguayan peacekeepers arrived in Goma on Monday.", published="2025-06-13")
    assert codes(record, only(record, "AID"))[:2] == ("AID", "URY")
    # troops deployed to a border are no aid
    record = code("Peru deployed troops to its border with Ecuador.", published="2025-06-13")
    assert [e.type for e in record.events] == ["MOBILIZE"]


def test_borders_opened_to_people_are_asylum() -> None:
    record = code("Chile opened its borders to Venezuelan refugees.", published="2025-06-13")
    event = only(record, "AID")
    assert codes(record, event)[:2] == ("AID", "CHL") and "asylum" in event.why
    record = code("Israel opened the border to trade with Gaza.", published="2025-06-13")
    assert [e.type for e in record.events] == ["RETREAT"]


def test_asylum_is_sought_of_the_country_where_it_is_sought() -> None:
    record = code("Thousands of Afghans sought asylum in Germany.", published="2025-06-13")
    assert codes(record, only(record, "REQUEST")) == ("REQUEST", "AFG", "DEU")


def test_calling_someone_to_do_something_is_a_phone_call() -> None:
    record = code("Chile's president called Peruvian President Dina Boluarte on Friday to "
                  "discuss the border.", published="2025-06-13")
    event = only(record, "CONSULT")
    assert codes(record, event) == ("CONSULT", "CHL", "PER") and event.mode == "phone"
    # calling on someone to act is a request
    record = code("Chile called on Peru to withdraw its troops.", published="2025-06-13")
    assert [e.type for e in record.events] == ["REQUEST"]


def test_a_name_that_is_no_actor_stands_for_the_actor_it_names() -> None:
    record = code("The UN Support Mission in Peru condemned the attack on Lima.")
    event = only(record, "ACCUSE")
    assert record.actor(event.source).country == "UNO", record.actors
    assert "the actor it stands for" in event.why


def test_a_complement_without_its_own_subject_shares_the_governing_one() -> None:
    record = code("Uganda let free some 40 political prisoners on Monday.",
                  published="2025-06-13")
    assert codes(record, only(record, "RETREAT"))[:2] == ("RETREAT", "UGA")


def test_withdrawn_peacekeepers_are_a_sanction_aimed_at_where_they_were() -> None:
    # PLOVER 2.0 SANCTION 'withdraw': one's non-military resources, peacekeepers included
    record = code("The UN withdrew peacekeepers from southern Chad.", published="2025-06-13")
    event = only(record, "SANCTION")
    assert codes(record, event) == ("SANCTION", "UNO", "TCD") and event.mode == "withdraw"


def test_a_phrase_of_time_is_not_the_particle_of_a_phrasal_trigger() -> None:
    # "call on X" asks X; "called X on Wednesday" does not
    record = code("Chile called Peru's president on Wednesday to congratulate him.",
                  published="2025-06-13")
    assert "REQUEST" not in {e.type for e in record.events}, [e.why for e in record.events]


@pytest.mark.parametrize("text, expected", [
    # a politician's attack is in words; armed people's is not
    ("The Chilean foreign minister launched a scathing attack on Peru's government.",
     "ACCUSE"),
    ("Senator Ana Rojas attacked the Peruvian ambassador over the border dispute.", "ACCUSE"),
    ("Rebels attacked a Chilean army post.", "ASSAULT"),
])
def test_a_verbal_attack_is_an_accusation(text: str, expected: str) -> None:
    record = code(text, published="2025-06-13")
    assert [e.type for e in record.events] == [expected], [e.why for e in record.events]


def test_a_word_of_a_name_is_no_act() -> None:
    record = code("Chile awarded the Freedom Order to a Peruvian writer.", published="2025-06-13")
    assert "REQUEST" not in {e.type for e in record.events}, [e.why for e in record.events]


def test_a_pardon_granted_is_a_concession() -> None:
    record = code("The Chilean president granted a full pardon to a Peruvian activist.",
                  published="2025-06-13")
    assert [e.type for e in record.events] == ["CONCEDE"], [e.why for e in record.events]
