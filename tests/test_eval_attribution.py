"""The attribution scorer, on a tiny gold file written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.evaluate.attribution import Item, Tally, report, score_article
from eventcoder.evaluate.attribution import evaluate_attribution as run

TEXT = "Anna Kowal said that the bridge was closed. The river rose overnight."


def _field(start: int, end: int) -> dict:
    return {"spans": [[start, end]], "text": TEXT[start:end]}


def _write(tmp_path: Path, attributions: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    record = {"id": "a1", "outlet": "x", "date": "2020-01-01", "title": "t", "text": TEXT,
              "attributions": attributions}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def _last_line(text: str) -> dict[str, float]:
    head, _, rest = text.splitlines()[-1].partition(": ")
    assert head == "attribution"
    return {k: float(v) for k, v in (kv.split("=") for kv in rest.split())}


def test_perfect_match(tmp_path: Path) -> None:
    said = TEXT.index("said")
    gold = [{"type": "sourced", "source": _field(0, 10), "cue": _field(said, said + 4),
             "content": _field(said + 5, TEXT.index("."))}]
    out = run(_write(tmp_path, gold))
    assert _last_line(out) == {"cue_f1": 1.0, "source_f1": 1.0, "content_f1": 1.0}


def test_missed_cue_lowers_recall_only(tmp_path: Path) -> None:
    said = TEXT.index("said")
    rose = TEXT.index("rose")
    gold = [{"type": "sourced", "source": _field(0, 10), "cue": _field(said, said + 4),
             "content": _field(said + 5, TEXT.index("."))},
            {"type": "no-source", "source": None, "cue": _field(rose, rose + 4),
             "content": _field(rose + 5, len(TEXT) - 1)}]
    out = run(_write(tmp_path, gold))
    assert "cue      P=1.000 R=0.500 F1=0.667" in out
    assert _last_line(out)["cue_f1"] == pytest.approx(0.667)


def test_partial_content_and_wrong_source() -> None:
    # gold content: 4 words; predicted: 2 of them plus 2 others -> P=R=F1=0.5.
    text = "Ben said one two three four five six"
    gold = [Item([(4, 8)], [(0, 3)], [(9, 27)])]  # one two three four
    pred = [Item([(4, 8)], [(28, 32)], [(17, 36)])]  # three four five six
    tally = Tally()
    score_article(text, pred, gold, tally)
    lines = report(tally, 1).splitlines()
    assert lines[-1] == "attribution: cue_f1=1.000 source_f1=0.000 content_f1=0.500"


def test_one_to_one_matching() -> None:
    text = "Ben said and said"
    gold = [Item([(4, 8)], None, None)]
    pred = [Item([(4, 8)], None, None), Item([(0, 8)], None, None)]
    tally = Tally()
    score_article(text, pred, gold, tally)
    assert (tally.matched, tally.pred_cues, tally.gold_cues) == (1, 2, 1)


def test_bad_gold_line_names_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        run(path)
