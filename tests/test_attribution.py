"""Attribution: one test per construction, on short texts written for these tests."""

from __future__ import annotations

import re

import pytest

from eventcoder.annotate import annotate
from eventcoder.datafiles import DataFileError
from eventcoder.interpret.attribution import chain_at, find_statements
from eventcoder.interpret.attribution.lexicon import parse_lexicon
from eventcoder.interpret.attribution.quotes import find_quotes
from eventcoder.model import Mention, Source, Span, Statement


def _mention(text: str, word: str, actor: str, nth: int = 0) -> Mention:
    match = list(re.finditer(rf"\b{re.escape(word)}\b", text))[nth]
    return Mention(span=Span.of(text, match.start(), match.end()), actor=actor)


def _by_cue(statements: list[Statement], cue: str) -> Statement:
    return next(s for s in statements if s.cue is not None and s.cue.text == cue)


def test_direct_quote_split_by_cue() -> None:
    text = '"We will not back down," the minister said. "Never."'
    st = _by_cue(find_statements(annotate(text)), "said")
    assert st.kind == "direct"
    assert st.source is not None and st.source.text == "the minister"
    assert [c.text for c in st.content] == ['"We will not back down,"', '"Never."']


def test_curly_quote_after_cue_with_speaker() -> None:
    text = "The mayor of Tarnow added: “The bridge opens in May.”"
    mentions = [_mention(text, "mayor", "A1")]
    st = _by_cue(find_statements(annotate(text), mentions), "added")
    assert st.kind == "direct"
    assert st.content[0].text == "“The bridge opens in May.”"
    assert st.speaker == "A1"


def test_quote_spanning_paragraphs() -> None:
    text = ("“The harvest failed twice,” the farmer said. “We had no seed left.\n\n"
            "“Next year we will plant again.”")
    quotes = find_quotes(text)
    assert [text[s:e] for s, e in quotes[-1].pieces] == [
        "“We had no seed left.", "“Next year we will plant again.”"]


def test_reported_speech_with_that_clause() -> None:
    text = "Nadia Petrova said that the talks had failed."
    mentions = [_mention(text, "Nadia Petrova", "PETROVA")]
    st = _by_cue(find_statements(annotate(text), mentions), "said")
    assert st.kind == "reported"
    assert st.content[0].text == "that the talks had failed"
    assert st.speaker == "PETROVA"


def test_reported_speech_cue_after_content() -> None:
    text = "The border will stay closed until spring, the governor said."
    st = _by_cue(find_statements(annotate(text)), "said")
    assert st.source is not None and st.source.text == "the governor"
    assert st.content[0].text == "The border will stay closed until spring"


def test_reported_demand_with_object_and_nested_intention() -> None:
    text = ("The general demanded an immediate end to the fighting, and added that he wants "
            "to see the port reopened.")
    mentions = [_mention(text, "general", "GEN"), _mention(text, "he", "GEN")]
    sts = find_statements(annotate(text), mentions)
    demand = _by_cue(sts, "demanded")
    assert demand.content[0].text == "an immediate end to the fighting"
    want = _by_cue(sts, "wants")
    assert want.kind == "reported"
    assert want.source is not None and want.source.text == "he"
    assert want.speaker == "GEN"
    assert want.content[0].text == "to see the port reopened"


def test_according_to_frame() -> None:
    text = "According to the ministry, the dam was damaged overnight."
    st = _by_cue(find_statements(annotate(text)), "According to")
    assert st.kind == "according_to"
    assert st.source is not None and st.source.text == "the ministry"
    assert st.content[0].text == "the dam was damaged overnight"
    assert st.speaker is None


def test_source_only_frame_covers_following_paragraph() -> None:
    text = ("As reporters managed to find out, the consulate had closed its doors.\n\n"
            "Its staff also asked for new passports in June.\n\n"
            "According to the police, nobody was hurt.")
    wire = [Source(kind="outlet", name="Wire")]
    sts = find_statements(annotate(text), root=wire)
    frame = next(s for s in sts if s.kind == "source_only")
    assert frame.source is not None and frame.source.text == "reporters"
    start = text.index("asked")
    chain = chain_at(sts, start, start + 5, wire)
    assert [c.name for c in chain] == ["Wire", "reporters"]
    start = text.index("nobody")
    assert [c.name for c in chain_at(sts, start, start + 6, wire)] == ["Wire", "the police"]


def test_lone_quote_stays_unattributed() -> None:
    text = ("Olga Berg met the envoys on Monday.\n\n"
            "\"What matters is that every step followed the usual protocol.\"")
    mentions = [_mention(text, "Olga Berg", "BERG")]
    sts = find_statements(annotate(text), mentions)
    lone = next(s for s in sts if s.kind == "direct")
    assert lone.speaker is None and lone.source is None and lone.cue is None


def test_nested_chain_and_hedge() -> None:
    text = "The agency reported that officials said the convoy was reportedly attacked."
    root = [Source(kind="outlet", name="Daily Wire Service")]
    sts = find_statements(annotate(text), root=root)
    inner = _by_cue(sts, "said")
    assert [c.name for c in inner.chain] == ["Daily Wire Service", "The agency", "officials"]
    assert [h.text for h in inner.hedges] == ["reportedly"]
    assert inner.chain[1].kind == "outlet"


def test_ids_in_text_order() -> None:
    text = "Ana said the vote was fair. Later, Ben told reporters that he disagreed."
    sts = find_statements(annotate(text))
    assert [s.id for s in sts] == [f"S{i}" for i in range(1, len(sts) + 1)]
    assert [s.start for s in (st.cue for st in sts) if s] == sorted(
        s.start for s in (st.cue for st in sts) if s)


def test_bad_lexicon_line_names_file(tmp_path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text("speech\tsay\tsometimes\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="cues.tsv:1"):
        parse_lexicon(path)


def test_as_clause_cue_takes_main_clause_as_content() -> None:
    text = "As the auditor noted, the ledger had two missing pages."
    st = _by_cue(find_statements(annotate(text)), "noted")
    assert st.source is not None and st.source.text == "the auditor"
    assert st.content[0].text == "the ledger had two missing pages"


def test_noun_cue_with_possessive_source() -> None:
    text = "The mayor's criticism of the new tram line surprised the council."
    st = _by_cue(find_statements(annotate(text)), "criticism")
    assert st.source is not None and st.source.text == "The mayor's"
    assert st.content[0].text == "the new tram line"


def test_adjective_cue_with_that_clause() -> None:
    text = "Local farmers are confident that the river will not flood this year."
    st = _by_cue(find_statements(annotate(text)), "are confident")
    assert st.source is not None and st.source.text == "Local farmers"
    assert "the river will not flood this year" in st.content[0].text


def test_adverb_cue_without_source() -> None:
    text = "The governor reportedly vetoed the budget on Friday."
    st = _by_cue(find_statements(annotate(text)), "reportedly")
    assert st.source is None
    assert "vetoed the budget on Friday" in " ".join(c.text for c in st.content)


def test_in_poll_frame_names_the_poll() -> None:
    text = "In a new regional poll, the incumbent led by nine points."
    st = _by_cue(find_statements(annotate(text)), "In")
    assert st.kind == "according_to"
    assert st.source is not None and st.source.text == "a new regional poll"
    assert st.content[0].text == "the incumbent led by nine points"


def test_naming_participle_is_no_cue_but_calling_someone_is() -> None:
    text = ("A choir called Northern Lights sang first. "
            "The senator called the plan a costly mistake.")
    sts = find_statements(annotate(text))
    cues = [s.cue.text for s in sts if s.cue is not None]
    assert cues == ["called"]
    assert _by_cue(sts, "called").source.text == "The senator"


def test_hedged_want_is_advice_not_intention() -> None:
    text = "Drivers may want to avoid the bridge. The union wants to renegotiate the deal."
    sts = find_statements(annotate(text))
    assert [s.cue.text for s in sts if s.cue is not None] == ["wants"]


def test_bad_word_cue_rule_names_file(tmp_path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text("noun\tcriticism\tsometimes\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="cues.tsv:1"):
        parse_lexicon(path)


def test_bad_light_verb_line_names_file(tmp_path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text("light\tmake\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="cues.tsv:1"):
        parse_lexicon(path)


def test_light_verb_with_adjective_and_clause() -> None:
    text = "The harbour master made it clear that the quay would stay shut."
    st = _by_cue(find_statements(annotate(text)), "made it clear")
    assert st.kind == "reported"
    assert st.source is not None and st.source.text == "The harbour master"
    assert st.content[0].text == "that the quay would stay shut"


def test_light_verb_with_noun_and_preposition() -> None:
    text = "The farmers union took issue with the new grazing fees."
    st = _by_cue(find_statements(annotate(text)), "took issue")
    assert st.source is not None and st.source.text == "The farmers union"
    assert st.content[0].text == "the new grazing fees"


def test_cue_verb_inside_reported_clause_is_not_a_second_cue() -> None:
    text = "Elena Varga said she believes the count was rigged."
    sts = find_statements(annotate(text))
    assert [s.cue.text for s in sts if s.cue is not None] == ["said"]
    assert sts[0].content[0].text == "she believes the count was rigged"


def test_second_verb_of_a_verb_chain_is_no_separate_cue() -> None:
    text = "The senator seemed to blame the mayor for the flooding."
    sts = find_statements(annotate(text))
    assert [s.cue.text for s in sts if s.cue is not None] == ["seemed"]
    assert sts[0].content[0].text == "to blame the mayor for the flooding"


def test_bare_main_cue_takes_rest_of_sentence() -> None:
    text = "Sorry, the chairwoman said."
    st = _by_cue(find_statements(annotate(text)), "said")
    assert st.source is not None and st.source.text == "the chairwoman"
    assert [c.text for c in st.content] == ["Sorry"]


def test_interview_turn_labels_are_not_headline_colons() -> None:
    text = "Q: Will you run again?\nA: No, I will retire next spring and grow roses."
    sts = find_statements(annotate(text))
    assert not [s for s in sts if s.cue is not None and s.cue.text == ":"]


def test_seem_like_takes_its_object_as_content() -> None:
    text = "The old mill seemed like a ruin to the inspectors."
    st = _by_cue(find_statements(annotate(text)), "seemed like")
    assert st.content[0].text == "a ruin to the inspectors"
