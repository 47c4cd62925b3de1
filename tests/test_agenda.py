"""Schedules in plain Dutch become iCalendar recurrence rules; anything irregular gets no agenda file."""

from __future__ import annotations

from datetime import date

import pytest

from generator.content.entries import Initiative, Place
from generator.render.agenda import calendar_file, parse_schedule


@pytest.mark.parametrize(
    ("text", "rule", "start", "end"),
    [
        ("elke dinsdag 10.00–12.00", "FREQ=WEEKLY;BYDAY=TU", (10, 0), (12, 0)),
        ("dinsdag en donderdag, 10.00–15.00 uur", "FREQ=WEEKLY;BYDAY=TU,TH", (10, 0), (15, 0)),
        ("maandag t/m vrijdag 9.00-17.00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", (9, 0), (17, 0)),
        ("op dinsdagen van 10 tot 12 uur", "FREQ=WEEKLY;BYDAY=TU", (10, 0), (12, 0)),
        ("elke eerste woensdag van de maand, 14.00–16.00 uur", "FREQ=MONTHLY;BYDAY=1WE", (14, 0), (16, 0)),
        (
            "mantelzorgcafé elke derde donderdag van de maand, 19.30–21.00 uur",
            "FREQ=MONTHLY;BYDAY=3TH",
            (19, 30),
            (21, 0),
        ),
        ("elke laatste vrijdag van de maand 20:00-22:00", "FREQ=MONTHLY;BYDAY=-1FR", (20, 0), (22, 0)),
    ],
)
def test_regular_schedules_are_understood(text, rule, start, end):
    schedule = parse_schedule(text)
    assert schedule is not None and (schedule.rule(), schedule.start, schedule.end) == (rule, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "klussen op werkdagen, op afspraak",
        "informatieavonden in het voorjaar en het najaar",
        "ongeveer vier keer per jaar, op dinsdagavond",
        "elke dinsdag",
        "10.00-12.00",
        "elke dinsdag 14.00-12.00",
        "elke eerste dinsdag 10-12",
    ],
)
def test_irregular_or_incomplete_schedules_give_no_agenda(text):
    assert parse_schedule(text) is None


def test_calendar_file_starts_on_the_first_meeting_and_is_valid_icalendar():
    initiative = Initiative(
        "koffie",
        "x.md",
        "Koffie, thee; en taart",
        "Samen koffie drinken.",
        "Centrum",
        "",
        when="elke eerste woensdag van de maand, 14.00–16.00 uur",
        place=Place("Buurthuis", "Straat 1, Alblasserdam"),
    )
    ics = calendar_file(initiative, "https://wijk.example/", date(2026, 11, 22))
    assert ics is not None and ics.path == "initiatieven/koffie/agenda.ics"
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;TZID=Europe/Amsterdam:20261202T140000" in text  # first Wednesday on or after 22 Nov 2026
    assert "SUMMARY:Koffie\\, thee\\; en taart" in text
    assert "URL:https://wijk.example/initiatieven/koffie/" in text
