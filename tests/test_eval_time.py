"""The time scorer on a tiny gold file written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.evaluate.time import GoldError, same_value
from eventcoder.evaluate.time import evaluate_time as run


def _gold(tmp_path: Path, docs: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path


def _timex(text: str, part: str, kind: str, value: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part, "type": kind, "value": value}


def _last_line(report: str) -> str:
    return report.strip().splitlines()[-1]


def test_perfect_system_scores_one(tmp_path: Path) -> None:
    text = "The minister resigned yesterday after two weeks of protests."
    gold = _gold(tmp_path, [{
        "id": "a", "dct": "2025-10-17", "text": text,
        "timexes": [_timex(text, "yesterday", "DATE", "2025-10-16"),
                    _timex(text, "two weeks", "DURATION", "P2W")],
    }])
    assert _last_line(run(gold)) == "time: relaxed_f1=1.000 value_f1=1.000"


def test_overlap_value_and_missing_are_scored(tmp_path: Path) -> None:
    text = "The minister resigned last week. Talks went on."
    gold = _gold(tmp_path, [{
        "id": "b", "dct": "2025-10-17", "text": text,
        "timexes": [
            # the system finds "last week" (relaxed match only) with another value
            _timex(text, "resigned last week", "DATE", "2025-W40"),
            # and does not find this one
            _timex(text, "Talks", "DATE", "PAST_REF"),
        ],
    }])
    report = run(gold)
    # system 1, gold 2, relaxed 1: P=1, R=0.5, F1=0.667; strict 0; value accuracy 0
    assert "strict      0.000  0.000  0.000" in report
    assert "relaxed     1.000  0.500  0.667" in report
    assert _last_line(report) == "time: relaxed_f1=0.667 value_f1=0.000"


def test_limit_reads_first_documents_only(tmp_path: Path) -> None:
    text = "It happened yesterday."
    doc = {"id": "c", "dct": "2025-10-17", "text": text,
           "timexes": [_timex(text, "yesterday", "DATE", "2025-10-16")]}
    gold = _gold(tmp_path, [doc, {**doc, "id": "d", "timexes": []}])
    assert "documents=1 gold=1 system=1" in run(gold, limit=1)


def test_week_numbers_compare_without_leading_zero() -> None:
    assert same_value("2000-W7", "2000-W07")
    assert not same_value("2000-W7", "2000-W17")


def test_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "dct": "2025-10-17", "text": "t", "timexes": []}\n{oops\n')
    with pytest.raises(GoldError, match=r"bad.jsonl:2"):
        run(path)
