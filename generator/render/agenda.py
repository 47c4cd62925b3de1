"""Recurring schedules ("elke dinsdag 10.00–12.00") read from plain Dutch, as iCalendar files for an agenda."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..content.entries import Initiative
from ..output.writer import OutputFile
from ..site.pages import absolute_url, url_of

DAYS = {
    "maandag": "MO",
    "dinsdag": "TU",
    "woensdag": "WE",
    "donderdag": "TH",
    "vrijdag": "FR",
    "zaterdag": "SA",
    "zondag": "SU",
    "ma": "MO",
    "di": "TU",
    "wo": "WE",
    "do": "TH",
    "vr": "FR",
    "za": "SA",
    "zo": "SU",
}
WEEKDAY_NUMBER = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": -1}
_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"
_RANGE = re.compile(rf"(?:van\s+)?{_TIME}\s*(?:uur\s*)?(?:-|–|—|tot)\s*{_TIME}")
TIMEZONE = """BEGIN:VTIMEZONE\r
TZID:Europe/Amsterdam\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
"""


@dataclass(frozen=True)
class Schedule:
    """A weekly or monthly meeting: on which days, which week of the month (0 = every week), from and until."""

    days: tuple[str, ...]
    ordinal: int
    start: tuple[int, int]
    end: tuple[int, int]

    def rule(self) -> str:
        if self.ordinal:
            return f"FREQ=MONTHLY;BYDAY={','.join(f'{self.ordinal}{d}' for d in self.days)}"
        return f"FREQ=WEEKLY;BYDAY={','.join(self.days)}"


def parse_schedule(text: str) -> Schedule | None:
    """ "elke dinsdag 10.00–12.00", "dinsdag en donderdag van 10 tot 15 uur", "elke eerste woensdag van de maand,
    14.00-16.00 uur"; None when the text is not a regular schedule ("op afspraak", "in het voorjaar")."""
    lowered = _expand_day_ranges(text.casefold())
    times = _RANGE.search(lowered)
    words = re.findall(r"[a-zë]+", lowered[: times.start()] if times else lowered)
    days = tuple(
        dict.fromkeys(
            DAYS[w.removesuffix("en").removesuffix("s")]
            for w in words
            if w.removesuffix("en").removesuffix("s") in DAYS and len(w) > 2
        )
    )
    if not times or not days:
        return None
    ordinal = next((ORDINALS[w] for w in words if w in ORDINALS), 0)
    if ordinal and "maand" not in lowered:
        return None
    start = (int(times.group(1)), int(times.group(2) or 0))
    end = (int(times.group(3)), int(times.group(4) or 0))
    if not (0 <= start[0] < 24 and 0 <= end[0] <= 24 and start < end and start[1] < 60 and end[1] < 60):
        return None
    return Schedule(days, ordinal, start, end)


def _expand_day_ranges(text: str) -> str:
    """ "maandag t/m vrijdag" -> "maandag dinsdag woensdag donderdag vrijdag"."""
    order = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]

    def expand(match: re.Match[str]) -> str:
        first, last = order.index(match.group(1)), order.index(match.group(2))
        return " ".join(order[first : last + 1]) if first <= last else match.group(0)

    return re.sub(rf"({'|'.join(order)})\s+(?:t/m|tot en met)\s+({'|'.join(order)})", expand, text)


CALENDAR_FILE = "agenda.ics"  # beside the initiative's page


def calendar_path(initiative: Initiative) -> str | None:
    """Where calendar_file puts an initiative's agenda file, if it has one, without making it."""
    return f"{url_of(initiative)}{CALENDAR_FILE}" if initiative.when and parse_schedule(initiative.when) else None


def calendar_file(initiative: Initiative, base_url: str, anchor: date) -> OutputFile | None:
    """initiatieven/<slug>/agenda.ics, or None when its `wanneer` is not a regular schedule."""
    schedule = parse_schedule(initiative.when) if initiative.when else None
    if schedule is None:
        return None
    first = _first_occurrence(schedule, anchor)
    place = ", ".join(p for p in (initiative.place.name, initiative.place.address) if p) if initiative.place else ""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//wijksite//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    body = "\r\n".join(lines) + "\r\n" + TIMEZONE
    event = [
        "BEGIN:VEVENT",
        f"UID:{initiative.slug}@wijksite",
        f"DTSTAMP:{anchor.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;TZID=Europe/Amsterdam:{first.strftime('%Y%m%d')}T{schedule.start[0]:02d}{schedule.start[1]:02d}00",
        f"DTEND;TZID=Europe/Amsterdam:{first.strftime('%Y%m%d')}T{schedule.end[0]:02d}{schedule.end[1]:02d}00",
        f"RRULE:{schedule.rule()}",
        f"SUMMARY:{_escape(initiative.title)}",
        f"DESCRIPTION:{_escape(initiative.summary + ' (' + initiative.when + ')')}",
    ]
    if place:
        event.append(f"LOCATION:{_escape(place)}")
    if base_url:
        event.append(f"URL:{absolute_url(base_url, url_of(initiative))}")
    event.append("END:VEVENT")
    body += "\r\n".join(_fold(line) for line in event) + "\r\nEND:VCALENDAR\r\n"
    return OutputFile(f"{url_of(initiative)}{CALENDAR_FILE}", body.encode("utf-8"))


def _first_occurrence(schedule: Schedule, anchor: date) -> date:
    """The first meeting on or after `anchor` (a date from the content, so every build gives the same file)."""
    day = anchor
    for _ in range(400):
        weekday = day.weekday() in {WEEKDAY_NUMBER[d] for d in schedule.days}
        if weekday and (not schedule.ordinal or _week_of_month(day, schedule.ordinal)):
            return day
        day += timedelta(days=1)
    return anchor


def _week_of_month(day: date, ordinal: int) -> bool:
    if ordinal == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == ordinal


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """iCalendar lines are at most 75 bytes; longer ones continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
