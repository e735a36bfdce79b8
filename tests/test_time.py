"""One small test per time construction; texts written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from eventcoder.annotate import annotate
from eventcoder.datafiles import DataFileError
from eventcoder.interpret.time import find_times
from eventcoder.interpret.time.lexicon import parse_lexicon

PUB = date(2025, 10, 17)  # a Friday


def times(text: str, published: date | None = PUB, parse: bool = True):
    return find_times(text, published, annotate(text) if parse else None)


def one(text: str, published: date | None = PUB, parse: bool = True):
    found = times(text, published, parse)
    assert len(found) == 1, [(t.span.text, t.value) for t in found]
    t = found[0]
    assert text[t.span.start : t.span.end] == t.span.text
    return t


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The treaty was signed on October 6, 2025 in Geneva.", "October 6, 2025", "2025-10-06"),
        ("The treaty was signed on 6 October in Geneva.", "6 October", "2025-10-06"),
        ("The treaty was signed on Oct. 6 in Geneva.", "Oct. 6", "2025-10-06"),
        ("The treaty was signed on 2025-10-06 in Geneva.", "2025-10-06", "2025-10-06"),
        ("The treaty was signed on 10/6/2025 in Geneva.", "10/6/2025", "2025-10-06"),
        ("Elections were held in July 2019.", "July 2019", "2019-07"),
    ],
)
def test_absolute_dates(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.span.text, t.type, t.value, t.anchored) == (span, "DATE", value, True)


def test_month_alone_takes_the_year_of_the_publication() -> None:
    t = one("She was appointed ambassador in March.")
    assert (t.span.text, t.value) == ("March", "2025-03")


def test_later_month_in_past_tense_is_last_year() -> None:
    assert one("The envoy resigned in November.").value == "2024-11"


def test_later_month_in_future_tense_is_this_year() -> None:
    assert one("The envoy will resign in November.").value == "2025-11"


def test_month_as_surname_is_not_a_date() -> None:
    assert times("Prime Minister Theresa May spoke.") == []


def test_modal_may_is_not_a_date() -> None:
    assert times("The talks may resume.") == []


def test_listed_days_are_one_expression_with_alternatives() -> None:
    t = one("He asked for meetings in Rome on October 6, 8, or 9.")
    assert t.span.text == "October 6, 8, or 9"
    assert t.value == "2025-10-06"
    assert t.alternatives == ["2025-10-06", "2025-10-08", "2025-10-09"]


def test_year() -> None:
    assert (one("The party was founded in 1998.").value) == "1998"


def test_decade() -> None:
    t = one("The regime was isolated in the 1990s.")
    assert (t.span.text, t.value) == ("1990s", "199")


def test_weekday_in_past_tense_is_before_publication() -> None:
    t = one("The minister met his counterpart on Tuesday.")
    assert (t.span.text, t.value) == ("Tuesday", "2025-10-14")


def test_weekday_in_future_tense_is_after_publication() -> None:
    assert one("The minister will meet his counterpart on Tuesday.").value == "2025-10-21"


def test_weekday_of_publication_day_is_that_day() -> None:
    assert one("The minister met his counterpart on Friday.").value == "2025-10-17"


def test_weekday_without_parse_uses_cue_words() -> None:
    assert one("The minister will meet him on Tuesday.", parse=False).value == "2025-10-21"


def test_weekday_with_part_of_day() -> None:
    t = one("Protesters gathered Tuesday morning.")
    assert (t.span.text, t.value) == ("Tuesday morning", "2025-10-14TMO")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Rebels attacked the town yesterday.", "yesterday", "2025-10-16"),
        ("Rebels attacked the town today.", "today", "2025-10-17"),
        ("Rebels will attack the town tomorrow.", "tomorrow", "2025-10-18"),
        ("Rebels attacked the town last week.", "last week", "2025-W41"),
        ("Talks resume next month.", "next month", "2025-11"),
        ("The deal collapsed last year.", "last year", "2024"),
        ("The deal was signed this year.", "this year", "2025"),
        ("The deal collapsed two days ago.", "two days ago", "2025-10-15"),
    ],
)
def test_relative_dates(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.span.text, t.type, t.value) == (span, "DATE", value)


def test_units_earlier_after_a_named_day() -> None:
    found = times("The ceasefire began on October 10. Three days earlier, talks had failed.")
    assert [t.value for t in found] == ["2025-10-10", "2025-10-07"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Lukashenko recently surprised observers.", "PAST_REF"),
        ("He is now responsible for contacts.", "PRESENT_REF"),
        ("He currently leads the mission.", "PRESENT_REF"),
        ("Sanctions may be eased in the future.", "FUTURE_REF"),
        ("Sanctions will be eased soon.", "FUTURE_REF"),
    ],
)
def test_vague_references(text: str, value: str) -> None:
    assert one(text).value == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("He ruled for three years.", "three years", "P3Y"),
        ("The talks lasted two weeks.", "two weeks", "P2W"),
        ("The border stayed closed for 48 hours.", "48 hours", "PT48H"),
        ("Exports fell over the past two years.", "the past two years", "P2Y"),
        ("Prices rose in the first nine months.", "the first nine months", "P9M"),
        ("He ended a two-day visit.", "two-day", "P2D"),
        ("The vote was delayed for more than a month.", "more than a month", "P1M"),
    ],
)
def test_durations(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.span.text, t.type, t.value) == (span, "DURATION", value)


def test_age_is_not_a_duration() -> None:
    assert times("The 52-year-old diplomat resigned.") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Inspectors visit every week.", "every week", "P1W"),
        ("The council meets weekly.", "weekly", "P1W"),
        ("Each year the summit rotates.", "Each year", "P1Y"),
        ("The cabinet meets every Monday.", "every Monday", "XXXX-WXX-1"),
    ],
)
def test_sets(text: str, span: str, value: str) -> None:
    t = one(text)
    assert (t.span.text, t.type, t.value) == (span, "SET", value)


def test_clock_time_on_the_publication_day() -> None:
    t = one("The vote was held at 3 p.m.")
    assert (t.span.text, t.type, t.value) == ("3 p.m.", "TIME", "2025-10-17T15:00")


def test_clock_time_followed_by_weekday() -> None:
    t = one("Ministers will gather at 9 a.m. Tuesday.")
    assert (t.span.text, t.type, t.value) == ("9 a.m. Tuesday", "TIME", "2025-10-21T09:00")


def test_clock_time_takes_the_day_of_its_sentence() -> None:
    found = times("On Tuesday the vote closed at 6 p.m.")
    assert found[-1].value == "2025-10-14T18:00"


def test_quarter() -> None:
    t = one("Profits fell in the third quarter.")
    assert (t.span.text, t.value) == ("the third quarter", "2025-Q3")


def test_year_earlier_refers_to_the_last_quarter_named() -> None:
    found = times("Exports rose in the third quarter. A year earlier, they had fallen.")
    assert [t.value for t in found] == ["2025-Q3", "2024-Q3"]


def test_season() -> None:
    assert one("The offensive began last summer.").value == "2024-SU"


def test_past_decade() -> None:
    t = one("Relations soured over the past decade.")
    assert (t.span.text, t.type, t.value) == ("the past decade", "DURATION", "P10Y")


@pytest.mark.parametrize(
    ("text", "span", "value", "mod"),
    [
        ("The envoy arrived earlier this month.", "earlier this month", "2025-10", "START"),
        ("The law passed late last year.", "late last year", "2024", "END"),
        ("Troops leave by the end of the year.", "the end of the year", "2025", "END"),
        ("The war began in mid-2014.", "mid-2014", "2014", "MID"),
    ],
)
def test_mods(text: str, span: str, value: str, mod: str) -> None:
    t = one(text)
    assert (t.span.text, t.value, t.mod) == (span, value, mod)


def test_fiscal_year() -> None:
    t = one("Revenue grew in fiscal 2024.")
    assert (t.span.text, t.value) == ("fiscal 2024", "2024")


def test_holiday() -> None:
    assert one("The prisoners were freed on Christmas Day.").value == "2024-12-25"


def test_unanchored_values_have_x_patterns() -> None:
    found = times("He met her in March, on Tuesday and last week.", published=None)
    assert [(t.value, t.anchored) for t in found] == [
        ("XXXX-03", False),
        ("XXXX-WXX-2", False),
        ("XXXX-WXX", False),
    ]


def test_absolute_date_stays_anchored_without_publication_date() -> None:
    t = one("The treaty was signed on October 6, 2025.", published=None)
    assert (t.value, t.anchored) == ("2025-10-06", True)


def test_every_expression_says_why() -> None:
    assert all(t.why for t in times("Yesterday and on Oct. 6 and for two weeks."))


def test_bad_lexicon_line_is_reported() -> None:
    with pytest.raises(DataFileError, match="x.tsv:2"):
        parse_lexicon("month\tjanuary\t1\nmonth\tsmarch\t13\n", origin="x.tsv")
