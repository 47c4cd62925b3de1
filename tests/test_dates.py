"""Fuzzy dates: what people remember, parsed into ranges, labelled in Dutch, or refused clearly."""

from __future__ import annotations

from datetime import date

import pytest

from generator.content.dates import DateError, parse_fuzzy_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("text", "start", "end", "label", "decade"), [
    ("1953-02-01", date(1953, 2, 1), date(1953, 2, 1), "1 februari 1953", 1950),
    ("1-2-1953", date(1953, 2, 1), date(1953, 2, 1), "1 februari 1953", 1950),
    ("1 februari 1953", date(1953, 2, 1), date(1953, 2, 1), "1 februari 1953", 1950),
    ("februari 1953", date(1953, 2, 1), date(1953, 2, 28), "februari 1953", 1950),
    ("feb. 1956", date(1956, 2, 1), date(1956, 2, 29), "februari 1956", 1950),
    ("1953", date(1953, 1, 1), date(1953, 12, 31), "1953", 1950),
    (1953, date(1953, 1, 1), date(1953, 12, 31), "1953", 1950),
    ("circa 1953", date(1953, 1, 1), date(1953, 12, 31), "circa 1953", 1950),
    ("ca. 1953", date(1953, 1, 1), date(1953, 12, 31), "circa 1953", 1950),
    ("1953?", date(1953, 1, 1), date(1953, 12, 31), "circa 1953", 1950),
    ("zomer 1962", date(1962, 6, 1), date(1962, 8, 31), "zomer 1962", 1960),
    ("winter 1962", date(1962, 12, 1), date(1963, 2, 28), "winter 1962", 1960),
    ("jaren '50", date(1950, 1, 1), date(1959, 12, 31), "jaren '50", 1950),
    ("jaren ’60", date(1960, 1, 1), date(1969, 12, 31), "jaren '60", 1960),
    ("Jaren vijftig", date(1950, 1, 1), date(1959, 12, 31), "jaren '50", 1950),
    ("begin jaren '70", date(1970, 1, 1), date(1973, 12, 31), "begin jaren '70", 1970),
    ("1950-1959", date(1950, 1, 1), date(1959, 12, 31), "jaren '50", 1950),
    ("1948 – 1952", date(1948, 1, 1), date(1952, 12, 31), "1948–1952", 1940),
    ("voor 1940", date(1930, 1, 1), date(1939, 12, 31), "vóór 1940", 1930),
    ("na 1980", date(1981, 1, 1), date(1990, 12, 31), "na 1980", 1980),
    ("jaren 2000", date(2000, 1, 1), date(2009, 12, 31), "jaren 2000", 2000),
    (date(2001, 5, 4), date(2001, 5, 4), date(2001, 5, 4), "4 mei 2001", 2000),
])
def test_remembered_dates_become_ranges_with_dutch_labels(text, start, end, label, decade):
    parsed = parse_fuzzy_date(text, TODAY)
    assert (parsed.start, parsed.end, parsed.label(), parsed.decade) == (start, end, label, decade)


@pytest.mark.parametrize(("text", "reason"), [
    ("31-02-2020", "bestaat niet"),
    ("2021-02-29", "bestaat niet"),
    ("2020-13-01", "maand 13 bestaat niet"),
    ("1960-1950", "loopt achteruit"),
    ("2099", "toekomst"),
    ("gisteren", "niet te lezen"),
    ("", "leeg"),
    ("53", "niet te lezen"),
])
def test_impossible_or_unreadable_dates_are_refused_with_a_reason(text, reason):
    with pytest.raises(DateError, match=reason):
        parse_fuzzy_date(text, TODAY)


def test_dates_sort_by_when_they_could_have_happened():
    texts = ["jaren '60", "1953-02-01", "voor 1940", "zomer 1962", "circa 1950", "1950-1959"]
    ordered = sorted(texts, key=lambda t: parse_fuzzy_date(t, TODAY).sort_key)
    assert ordered == ["voor 1940", "circa 1950", "1950-1959", "1953-02-01", "jaren '60", "zomer 1962"]


def test_iso_forms_for_machines():
    assert parse_fuzzy_date("februari 1953", TODAY).iso() == "1953-02"
    assert parse_fuzzy_date("jaren '50", TODAY).iso() == "1950/1959"
    assert parse_fuzzy_date("zomer 1962", TODAY).iso() == "1962-06/1962-08"
    assert parse_fuzzy_date("voor 1940", TODAY).iso() == "../1939"
    assert parse_fuzzy_date("jaren '50", TODAY).html_datetime() == "1950"
