"""The CAMEO verb dictionary as a generated trigger table (`cameo_triggers.tsv`, built by
`scripts/build_cameo_lexicon.py`); sentences and dictionary snippets written here."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType

from eventcoder.interpret.events.lexicon import TYPES, load_triggers
from eventcoder.pipeline import Coder, code, make_article

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_cameo_lexicon.py"
TABLE = "cameo_triggers.tsv"


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_cameo_lexicon", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def table_text() -> str:
    data = resources.files("eventcoder.interpret.events") / "data" / TABLE
    return data.read_text(encoding="utf-8")


def generated() -> list:
    return [t for bucket in load_triggers().values() for t in bucket
            if t.source.startswith(f"{TABLE}:")]


def test_the_table_loads_validates_and_names_its_source() -> None:
    entries = generated()
    assert len(entries) > 500
    assert {t.type for t in entries} <= TYPES
    assert all(t.pos == "VERB" for t in entries)  # CAMEO's are verb patterns
    header = "\n".join(line for line in table_text().splitlines() if line.startswith("#"))
    assert "CAMEO.2.0.txt" in header and "MIT" in header
    assert build_script().COMMIT in header and "CAMEO2PLOVER-2021.txt" in header


def test_a_verb_only_cameo_knows_is_an_event_naming_the_table() -> None:
    record = code("Norway reprimanded Sweden on Monday.", published="2025-06-13")
    [event] = [e for e in record.events if e.type == "ACCUSE"]
    assert (event.source, event.target) == ("NOR", "SWE")
    assert f"({TABLE}:" in event.why and "'reprimand/v'" in event.why


def test_a_head_the_hand_lexicon_knows_keeps_only_the_hand_entries() -> None:
    # CAMEO codes a bare "release" as RETREAT; the hand lexicon leaves it out on purpose
    rows = [line.split("\t") for line in table_text().splitlines()
            if line and not line.startswith("#")]
    assert ["release/v", "RETREAT"] in [row[:2] for row in rows]
    assert all(t.source.startswith("triggers.tsv:") for t in load_triggers()["release"])
    assert code("Chile released a report on Peru.", published="2025-06-13").events == []


def test_generated_entries_take_no_word_a_hand_entry_triggers_on() -> None:
    # "complete + withdrawal" would take 'withdrawal' from the hand lexicon's entry
    hand = {head for head, bucket in load_triggers().items()
            if any(t.source.startswith("triggers.tsv:") for t in bucket)}
    for trigger in generated():
        assert trigger.head not in hand
        assert all(alternatives and not alternatives & hand
                   for alternatives in trigger.requires), trigger.pattern


def test_a_user_lexicon_wins_over_both(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("pattern\ttype\tmode\tcontext\nreprimand\tREJECT\t\tdiplomatic\n"
                    "sell/v + drone|rifle\tAID\t\tmilitary\n")
    record = Coder(lexicon_files=[mine]).code_article(
        make_article("Norway reprimanded Sweden. Finland sold rifles to Estonia.",
                     "2025-06-13"))
    assert [(e.type, e.source, e.target) for e in record.events] == [
        ("REJECT", "NOR", "SWE"), ("AID", "FIN", "EST")]
    assert all("(mine.tsv:" in e.why for e in record.events)


SNIPPET = """\
# an invented dictionary in the format of PETRARCH2's
####### SYNONYM SETS #######

&ENVOY
+ENVOY
+AMBASSADOR
+SPECIAL_ENVOY

####### VERB PATTERNS #######

---  SCOLD   [111]  ---
SCOLD
BERATE {BERATES BERATED BERATING } [112]
- * &ENVOY                                            [114]         # SCOLD
- * (FOR FAILURE)                                     [---]         # SCOLD
- CROWD * ENVOY                                       [112]         # SCOLD
- * TALKS                                             [0361]        # BERATE

---  PROMISE_THINGS   [030]---  ---
+VOW_TO {}
PLEDGE
- * {MILITARY AID}                                    [0332]        # PLEDGE
- * SUPPORT                                           [020]         # PLEDGE
- * (FOR FUNDS)                                       [:070]        # PLEDGE
- * UP (TO PARTNERS)                                  [0332]        # PLEDGE
"""
MAPPING = """\
03: AGREE
030: AGREE, , diplomatic # words
0332: AGREE, , military
11: ACCUSE
111: ACCUSE, disapprove,
112: ACCUSE, disapprove,
114: ACCUSE, allege, diplomatic
"""


def convert(script: ModuleType, **options: object) -> tuple[list[tuple[str, ...]], Counter]:
    def lemma(word: str, pos: str) -> str:
        return word[:-1] if pos == "NOUN" and word.endswith("s") else word

    modes = {("ACCUSE", "disapprove"), ("ACCUSE", "allege")}
    conversion = script.convert(SNIPPET, MAPPING, lemma, modes, script.Options(**options))
    rows = [(r.pattern, r.plover.type, r.plover.mode, "|".join(r.plover.contexts), r.code)
            for r in conversion.rows]
    return rows, conversion.counts


def test_the_build_script_converts_verbs_and_patterns() -> None:
    script = build_script()
    rows, counts = convert(script)
    assert rows == [
        ("pledge/v + military + aid", "AGREE", "", "military", "0332"),
        # a particle right after the verb is its child; a later preposition is left out
        ("pledge/v up + partners|partner", "AGREE", "", "military", "0332"),
        # a code the table lacks takes its cue category's entry ("03: AGREE")
        ("berate/v + talks|talk", "AGREE", "", "", "0361"),
        ("scold/v", "ACCUSE", "disapprove", "", "111"),
        ("berate/v", "ACCUSE", "disapprove", "", "112"),
        # a synonym set's one-word phrases are alternatives ("SPECIAL_ENVOY" is left out)
        ("scold/v + envoy|ambassador", "ACCUSE", "allege", "diplomatic", "114"),
    ]
    assert counts["skipped pattern: words before the verb (a subject)"] == 1
    assert counts["skipped: only the reversed event ([:code])"] == 1
    assert counts["skipped pattern: no PLOVER type for CAMEO 02x"] == 1
    assert counts["skipped: no event (---)"] == 1
    # "030" is the block's cue-category code: its verbs get patterns only
    assert counts["skipped verb: a cue category's own code, 030 (patterns only)"] == 2


def test_the_build_script_is_deterministic() -> None:
    script = build_script()
    assert convert(script) == convert(script)
    texts = {script.table_text(script.convert(SNIPPET, MAPPING, lambda w, p: w, set()))
             for _ in range(2)}
    assert len(texts) == 1
