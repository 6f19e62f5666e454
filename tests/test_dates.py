"""Dates resolved against the publication date, on expressions written for these tests;
month and weekday names are data (data/lexicon/date_words.tsv)."""

from __future__ import annotations

import pytest

from diplograph.loaders.extract.dates import date_words, find_dates, heading_date


def first(text, pub):
    d = find_dates(text, pub)
    assert d, text
    return d[0]


@pytest.mark.parametrize("text, pub, back, ahead", [
    # relative month names fix the side
    ("this past April", "2024-05-02", "2024-04", "2024-04"),
    ("vergangenen April", "2024-03-02", "2023-04", "2023-04"),
    ("last June", "2025-05-06", "2024-06", "2024-06"),
    ("kommenden März", "2024-05-02", "2025-03", "2025-03"),
    # parts of a month
    ("mid-May", "2024-06-01", "2024-05", "2025-05"),
    ("Mitte Mai", "2024-06-01", "2024-05", "2025-05"),
    ("Ende April", "2024-05-02", "2024-04", "2025-04"),
    ("Anfang Februar", "2024-01-20", "2023-02", "2024-02"),
    ("Ende des Monats", "2024-06-01", "2024-06", "2024-06"),
    ("at the end of the month", "2024-06-01", "2024-06", "2024-06"),
    # a year-less day: last one for a report, the coming one for a plan
    ("on Oct 31", "2024-09-10", "2023-10-31", "2024-10-31"),
    ("am 31. Oktober", "2024-09-10", "2023-10-31", "2024-10-31"),
    ("am 12.6.", "2024-06-10", "2023-06-12", "2024-06-12"),
    ("vom 7. bis 12. Januar", "2026-01-05", "2025-01-07", "2026-01-07"),
    ("from 7 to 12 January", "2026-01-05", "2025-01-07", "2026-01-07"),
    # weekdays: before publication for a report, after it for a plan
    ("on Saturday", "2018-07-04", "2018-06-30", "2018-07-07"),
    ("am Samstag", "2018-07-04", "2018-06-30", "2018-07-07"),
    ("last Tuesday", "2024-05-15", "2024-05-14", "2024-05-14"),
    ("kommenden Dienstag", "2024-05-15", "2024-05-21", "2024-05-21"),
    ("tomorrow", "2018-02-09", "2018-02-10", "2018-02-10"),
    ("Moon wird morgen kommen", "2018-02-09", "2018-02-10", "2018-02-10"),
    # weeks give their month
    ("last week", "2024-05-03", "2024-04", "2024-04"),
    ("in der vergangenen Woche", "2024-05-20", "2024-05", "2024-05"),
    ("next week", "2024-05-28", "2024-06", "2024-06"),
    # an offset from the report's event
    ("two months after", "2024-05-28", "2024-03", "2024-03"),
    ("zwei Monate nachdem", "2024-05-28", "2024-03", "2024-03"),
    ("einen Monat zuvor", "2024-05-28", "2024-04", "2024-04"),
])
def test_relative_and_yearless_dates(text, pub, back, ahead):
    d = first(text, pub)
    assert (d.value, d.ahead) == (back, ahead)


@pytest.mark.parametrize("text, pub", [
    ("am Dienstag", "2024-05"),
    ("on Tuesday", "2024-05"),
    ("gestern", "2024-05"),
])
def test_a_month_only_publication_date_gives_no_guessed_day(text, pub):
    assert first(text, pub).value == "2024-05"


def test_no_publication_date_no_guessed_year():
    assert first("am 3. März", None).value is None
    assert first("on Tuesday", None).value is None
    assert first("im März 2023", None).value == "2023-03"


@pytest.mark.parametrize("text", ["seit Juli 2023", "since Friday"])
def test_since_marks_the_start_of_a_stay(text):
    assert first(text, "2024-05-15").since


@pytest.mark.parametrize("text", ["until December 9", "bis 12. Mai"])
def test_range_ends_are_no_dates(text):
    assert find_dates(text, "2024-05-15") == []


def test_bare_years_and_not_amounts():
    assert [d.value for d in find_dates("Sie trafen sich zuletzt 2022.", "2024-05")] == ["2022"]
    assert find_dates("Es kamen 2000 Menschen.", "2024-05") == []


def test_past_only_expressions():
    assert first("last week", "2024-05-15").past_fixed
    assert first("gestern", "2024-05-15").past_fixed
    assert not first("am Dienstag", "2024-05-15").past_fixed


def test_date_words_are_data():
    months, weekdays = date_words()
    assert months["jänner"] == 1 and months["sept"] == 9 and weekdays["sonnabend"] == 5
    assert heading_date("Jänner 2024") == "2024-01"


@pytest.mark.parametrize("text, pub, want", [
    ("two months ago", "2023-04-01", "2023-02"),
    ("vor zwei Monaten", "2023-04-01", "2023-02"),
    ("vor drei Wochen", "2024-05-20", "2024-04"),
    ("a year earlier", "2024-05-20", "2023"),
])
def test_offsets_back_from_publication(text, pub, want):
    d = first(text, pub)
    assert d.value == want and d.past_fixed


@pytest.mark.parametrize("text, pub, back, ahead", [
    ("im Sommer", "2024-11-05", "2024", "2025"),
    ("in the summer", "2024-03-05", "2023", "2024"),
    ("last winter", "2024-03-05", "2023", "2023"),
    ("im vergangenen Herbst", "2024-03-05", "2023", "2023"),
])
def test_seasons_give_their_year(text, pub, back, ahead):
    d = first(text, pub)
    assert (d.value, d.ahead) == (back, ahead)
