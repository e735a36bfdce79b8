"""The one loader of data files: every problem names the file and the line."""

from __future__ import annotations

import pytest

from eventcoder.datafiles import DataFileError, read_tsv, read_tsv_file, tsv_rows
from eventcoder.knowledge.words import words


def test_rows_by_column_with_optional_cells_padded() -> None:
    text = "# a comment\nword\thow\tmodality\n\nwish\tverb\tintended\nmay\taux\n"
    rows = tsv_rows(text, "mine.tsv", ("word", "how", "modality"), required=2)
    assert [(r.line, r["word"], r["modality"]) for r in rows] == [
        (4, "wish", "intended"), (5, "may", "")]
    assert list(rows[0]) == ["wish", "verb", "intended"]


def test_short_row_is_reported_with_file_and_line(tmp_path) -> None:
    path = tmp_path / "modality.tsv"
    path.write_text("word\thow\tmodality\nwish\tverb\tintended\nmight\taux\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"modality.tsv:3: 2 cells, expected 3") as caught:
        read_tsv_file(path, ("word", "how", "modality"))
    assert caught.value.line == 3


def test_long_row_and_wrong_header_are_reported() -> None:
    with pytest.raises(DataFileError, match=r"x.tsv:2: 3 cells, expected 1 to 2"):
        tsv_rows("from\tto\na\tb\tc\n", "x.tsv", ("from", "to"), required=1)
    with pytest.raises(DataFileError, match=r"x.tsv:1: header must be noun office"):
        tsv_rows("noun\tsector\n", "x.tsv", ("noun", "office"))
    with pytest.raises(DataFileError, match=r"x.tsv:0: no header row"):
        tsv_rows("# only a comment\n", "x.tsv", ("noun", "office"))


def test_unreadable_file_is_reported(tmp_path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("noun\toffice\npr\xe9sident\thead of state\n".encode("latin-1"))
    with pytest.raises(DataFileError, match=r"latin1.tsv:0: cannot read"):
        read_tsv_file(path, ("noun", "office"))


def test_shipped_files_read_cleanly() -> None:
    assert read_tsv("eventcoder.knowledge", "offices.tsv", ("noun", "office"))
    assert read_tsv("eventcoder.interpret.events", "modality.tsv", ("word", "how", "modality"))


def test_a_misspelt_word_kind_is_an_error_not_an_empty_list() -> None:
    assert "the" not in words("place_noun") and words("place_noun")
    with pytest.raises(KeyError, match="no word kind 'plcae_noun'"):
        words("plcae_noun")
