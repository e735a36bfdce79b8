"""How PLOVER 2.0 codes what the parse shows: which types need a recipient, what an
intended or refused act becomes, which prepositions name a recipient, and the like.
These are the coding rules of the manual (and its gold records), kept in one place."""

from __future__ import annotations

#: Types that PLOVER codes only with a recipient.
NEEDS_TARGET = frozenset({"COOPERATE", "AID", "SANCTION"})
#: PLOVER: intended or future cooperation is AGREE. Intended concessions and retreats
#: ("prepared to lift the ban", "will withdraw its troops") are AGREE too, as in the CAMEO
#: to PLOVER table (CAMEO 035x, "express intent to yield / to de-escalate" -> AGREE),
#: although the 2.0 manual's prose would keep a future retreat a CONCEDE. An announced or
#: planned use of force or restriction is a THREATEN (PLOVER: THREATEN is "ASSAULT +
#: hypothetical", coded as the single category).
FUTURE_TYPE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
               "RETREAT": "AGREE", "CONCEDE": "AGREE", "ASSAULT": "THREATEN",
               "COERCE": "THREATEN",
               "SANCTION": "THREATEN", "PROTEST": "THREATEN"}
#: Intended acts that are threats only when aimed at someone: "will boycott all contact
#: with the United States" threatens; "will hold a rally in Salem" only plans.
ADDRESSED_THREATS = frozenset({"PROTEST"})
#: The THREATEN mode for the threatened action.
THREAT_MODE = {"ASSAULT": "violence", "COERCE/restrict": "restrict", "COERCE/arrest": "arrest",
               "COERCE/curfew": "restrict", "COERCE/martial-law": "restrict",
               "COERCE/deport": "expel", "SANCTION/expel": "expel",
               "SANCTION/discontinue": "relations", "SANCTION/withdraw": "relations",
               "PROTEST/boycott": "relations", "PROTEST": "restrict"}
#: Subordinators of the condition a threat is made on.
CONDITION_MARKS = frozenset({"if", "unless"})
#: Verbal cooperation that is refused ("will not accept", "did not agree") is a REJECT.
REFUSED_TYPE = frozenset({"AGREE", "SUPPORT", "CONCEDE"})
#: Material cooperation is a REJECT only when refused ("declined to send aid", "will not
#: withdraw"): PLOVER codes all refusals as REJECT, while an act that merely did not
#: happen ("has not withdrawn") is a negated event. With the REJECT mode of what is
#: refused (assistance, a meeting, a concession; the manual's REJECT modes).
REFUSED_ACTS = {"AID": "assist", "CONSULT": "meet", "RETREAT": "yield"}
#: The REJECT mode of refused verbal cooperation.
REFUSED_MODE = {**REFUSED_ACTS, "CONCEDE": "yield"}
#: For these types some prepositions name the recipient better than others: the one
#: accused ("complained to the UN over Syrian shelling") before the one addressed.
PREFERRED_PREPS = {
    "ACCUSE": frozenset({"against", "over", "about", "of", "for", "on"}),
    "PROTEST": frozenset({"against", "over", "about"}),
    "SANCTION": frozenset({"against", "on", "upon"}),
}
#: Acts done with a partner, whose object is often the topic ("discussed trade with Chile").
JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Types whose recipient is often the place acted upon ("lifted a curfew in Montenegro",
#: "agreed to a ceasefire in eastern Ukraine").
ON_TERRITORY = frozenset({"CONCEDE", "COERCE", "RETREAT", "ASSAULT", "MOBILIZE", "AID", "AGREE",
                          "PROTEST", "SUPPORT", "SANCTION", "THREATEN"})
#: Prepositions of place ("near the town of Bakhmut").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around",
                            "throughout", "within"})
#: Types of acts against someone; the others cooperate, yield or move one's own forces.
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "ACCUSE", "PROTEST",
                           "REQUEST"})
#: Sectors of armed forces, which a state moves, sends or gives (see `own_forces...`).
FORCE_SECTORS = frozenset({"MIL"})
#: Sectors of those who attack in words, not arms ("the minister attacked the plan").
POLITICAL_SECTORS = frozenset({"GOV", "LEG", "PTY", "JRN", "ELI", "OPP", "JUD", "NGO",
                               "EDU", "BUS", "LAB", "SOC", "MED", "REL"})
#: Types of acts whose object may be the source's own forces ("sent troops").
FORCE_MOVES = frozenset({"MOBILIZE", "RETREAT", "AID"})
#: Types whose unnamed perpetrators are coded as unidentified armed actors (UAF).
UNIDENTIFIED_TYPES = frozenset({"ASSAULT"})
#: Sectors of groups that, named without a country as an event's target, are taken to be
#: of the source's country ("Kenyan police dispersed striking teachers"). Not armed forces,
#: officials or refugees, which as often come from abroad.
DOMESTIC_SECTORS = frozenset({"CVL", "SOC", "BUS", "LEG", "REB", "REL", "JUD", "COP", "CRM",
                              "EDU", "LAB", "MED", "AGR", "PTY", "OPP", "ELI", "JRN"})
#: PLOVER 1 labels (in older gold data and the model's training data) that 2.0 splits.
PLOVER1_LABELS = {"YIELD": frozenset({"CONCEDE", "RETREAT"})}


def plover2_type(type_: str, modality: str, lexicon_types: list[str]) -> str:
    """The 2.0 type of a type the model gives in PLOVER 1 (YIELD): the CONCEDE or RETREAT
    the lexicon gives the word elsewhere, else, as the manual draws the line, RETREAT for
    an act carried out (material) and CONCEDE for one promised or asked for (verbal)."""
    split = PLOVER1_LABELS.get(type_)
    if split is None:
        return type_
    known = [t for t in lexicon_types if t in split]
    if known:
        return max(sorted(set(known)), key=known.count)
    return "RETREAT" if modality == "asserted" else "CONCEDE"
