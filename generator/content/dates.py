"""Dates as people remember them ("jaren '50", "circa 1953", "zomer 1962") as sortable ranges."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
# How a remembered date is said, per site language (site.yaml: taal).
WORDS = {
    "nl": {"months": MONTHS_NL, "circa": "circa {}", "before": "vóór {}", "after": "na {}", "day": "{d} {m} {y}",
           "zomer": "zomer", "winter": "winter", "lente": "lente", "voorjaar": "voorjaar", "herfst": "herfst",
           "najaar": "najaar", "begin": "begin", "midden": "midden", "eind": "eind"},
    "en": {"months": MONTHS_EN, "circa": "circa {}", "before": "before {}", "after": "after {}", "day": "{d} {m} {y}",
           "zomer": "summer", "winter": "winter", "lente": "spring", "voorjaar": "spring", "herfst": "autumn",
           "najaar": "autumn", "begin": "early", "midden": "mid", "eind": "late"},
}
_MONTH_ALIASES = {name: number for number, name in enumerate(MONTHS_NL, start=1)}
_MONTH_ALIASES.update({name[:3]: number for number, name in enumerate(MONTHS_NL, start=1)})
_MONTH_ALIASES.update({"sept": 9, "mrt": 3})

# Seasons by the months people mean; winter YEAR is the winter that starts in December of YEAR.
_SEASONS = {"lente": (3, 5), "voorjaar": (3, 5), "zomer": (6, 8), "herfst": (9, 11), "najaar": (9, 11),
            "winter": (12, 14)}
_DECADE_WORDS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
                 "zeventig": 70, "tachtig": 80, "negentig": 90}
_CIRCA = r"(?:circa|ca\.?|c\.|rond|omstreeks|ongeveer|plm\.?|±)"

EARLIEST_YEAR = 1000
OPEN_START = date(EARLIEST_YEAR, 1, 1)


class DateError(ValueError):
    """A date that cannot be read or cannot exist; the message is Dutch and says what to write."""


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A remembered date: the range [start, end] it covers, how precise it is, and its text."""

    start: date
    end: date
    precision: str  # dag, maand, seizoen, jaar, decennium, periode
    approximate: bool = False
    open_start: bool = False
    open_end: bool = False
    qualifier: str = ""  # the season ("zomer") or part of a decade ("begin")

    @property
    def decade(self) -> int:
        """The decade a timeline files this date under (the earliest year it can be)."""
        year = self.end.year if self.open_start else self.start.year
        return year // 10 * 10

    @property
    def sort_key(self) -> tuple[date, date]:
        return (self.end if self.open_start else self.start, self.end)

    def iso(self) -> str:
        """ISO 8601 / EDTF for data: "1953-02-01", "1953-02", "1953", "1950/1959", "../1939", "1981/.."."""
        if self.open_start:
            return f"../{self.end.year:04d}"
        if self.open_end:
            return f"{self.start.year:04d}/.."
        if self.precision == "dag":
            return self.start.isoformat()
        if self.precision == "maand":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "seizoen":
            return f"{self.start.year:04d}-{self.start.month:02d}/{self.end.year:04d}-{self.end.month:02d}"
        if self.precision == "jaar":
            return f"{self.start.year:04d}"
        return f"{self.start.year:04d}/{self.end.year:04d}"

    def html_datetime(self) -> str:
        """The most precise value HTML's <time datetime> accepts: a day, a month or a year."""
        if self.precision == "dag":
            return self.start.isoformat()
        if self.precision == "maand":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{(self.end if self.open_start else self.start).year:04d}"

    def label(self, language: str = "nl") -> str:
        """Natural words: "1 februari 1953", "zomer 1962", "circa 1953", "jaren '50", "vóór 1940" (or English)."""
        words = WORDS.get(language, WORDS["nl"])
        months: tuple[str, ...] = words["months"]  # type: ignore[assignment]
        if self.open_start:
            return str(words["before"]).format(self.end.year + 1)
        if self.open_end:
            return str(words["after"]).format(self.start.year - 1)
        if self.precision == "dag":
            text = str(words["day"]).format(d=self.start.day, m=months[self.start.month - 1], y=self.start.year)
        elif self.precision == "maand":
            text = f"{months[self.start.month - 1]} {self.start.year}"
        elif self.precision == "seizoen":
            text = f"{words[self.qualifier]} {self.start.year}"
        elif self.precision == "jaar":
            text = str(self.start.year)
        elif self.precision == "decennium":
            text = decade_label(self.start.year // 10 * 10, language)
            text = f"{words[self.qualifier]} {text}" if self.qualifier else text
        else:
            text = f"{self.start.year}–{self.end.year}"
        return str(words["circa"]).format(text) if self.approximate else text


def decade_label(decade: int, language: str = "nl") -> str:
    """ "jaren '50" for 1950, "jaren 2000" for 2000; in English "1950s"."""
    if language == "en":
        return f"{decade}s"
    return f"jaren '{decade % 100:02d}" if 1900 <= decade < 2000 else f"jaren {decade}"


def parse_fuzzy_date(value: object, today: date | None = None) -> FuzzyDate:
    """Read a remembered date; raises DateError with a Dutch explanation when it cannot."""
    today = today or date.today()
    if isinstance(value, date):
        return _check_not_future(FuzzyDate(value, value, "dag"), today)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateError("dit is geen datum")
    text = re.sub(r"\s+", " ", str(value).strip().lower().replace("’", "'").replace("‘", "'"))
    if not text:
        raise DateError("de datum is leeg")
    approximate = False
    circa = re.match(rf"^{_CIRCA} ?(.+)$", text)
    if circa:
        approximate, text = True, circa.group(1)
    if text.endswith("?"):
        approximate, text = True, text.rstrip("? ")
    result = _parse_plain(text)
    if approximate:
        result = FuzzyDate(result.start, result.end, result.precision, True,
                           result.open_start, result.open_end, result.qualifier)
    return _check_not_future(result, today)


def _parse_plain(text: str) -> FuzzyDate:
    for parse in (_parse_iso, _parse_day_month_year, _parse_written_day, _parse_month_year,
                  _parse_season, _parse_year, _parse_decade, _parse_period, _parse_open):
        result = parse(text)
        if result is not None:
            return result
    raise DateError(f"de datum \"{text}\" is niet te lezen")


def _year(text: str) -> int:
    year = int(text)
    if year < EARLIEST_YEAR:
        raise DateError(f"het jaar {year} is te vroeg; schrijf het jaar met vier cijfers")
    return year


def _day(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"maand {month} bestaat niet; een maand ligt tussen 1 en 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"{day} {MONTHS_NL[month - 1]} {year} bestaat niet: "
                        f"{MONTHS_NL[month - 1]} {year} heeft {last} dagen")
    return date(year, month, day)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _parse_iso(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
    if not match:
        return None
    year, month = _year(match.group(1)), int(match.group(2))
    if match.group(3) is None:
        _day(year, month, 1)
        return FuzzyDate(*_month_range(year, month), "maand")
    day = _day(year, month, int(match.group(3)))
    return FuzzyDate(day, day, "dag")


def _parse_day_month_year(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if not match:
        return None
    day = _day(_year(match.group(3)), int(match.group(2)), int(match.group(1)))
    return FuzzyDate(day, day, "dag")


def _month_number(word: str) -> int | None:
    return _MONTH_ALIASES.get(word.rstrip("."))


def _parse_written_day(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(\d{1,2}) ([a-z.]+) (\d{4})", text)
    if not match or _month_number(match.group(2)) is None:
        return None
    month = _month_number(match.group(2)) or 0
    day = _day(_year(match.group(3)), month, int(match.group(1)))
    return FuzzyDate(day, day, "dag")


def _parse_month_year(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"([a-z.]+) (\d{4})", text)
    if not match or _month_number(match.group(1)) is None:
        return None
    month = _month_number(match.group(1)) or 0
    return FuzzyDate(*_month_range(_year(match.group(2)), month), "maand")


def _parse_season(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(?:de |in de )?(lente|voorjaar|zomer|herfst|najaar|winter)(?: van)? (\d{4})", text)
    if not match:
        return None
    year = _year(match.group(2))
    first, last = _SEASONS[match.group(1)]
    end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
    start = date(year, first, 1)
    end = _month_range(end_year, end_month)[1]
    return FuzzyDate(start, end, "seizoen", qualifier=match.group(1))


def _parse_year(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(?:in )?(\d{4})", text)
    if not match:
        return None
    year = _year(match.group(1))
    return FuzzyDate(date(year, 1, 1), date(year, 12, 31), "jaar")


def _decade_start(word: str) -> int | None:
    word = word.strip("'")
    if word in _DECADE_WORDS:
        return 1900 + _DECADE_WORDS[word]
    if re.fullmatch(r"\d0", word):
        return 1900 + int(word)
    if re.fullmatch(r"\d{3}0", word):
        return _year(word)
    return None


def _parse_decade(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(?:de )?(begin |midden |eind )?jaren ('?\d{2,4}|[a-z]+)", text)
    if not match:
        match = re.fullmatch(r"(?:de )?(begin |midden |eind )?('?\d{2}|\d{4})s", text)
    if not match:
        return None
    start = _decade_start(match.group(2))
    if start is None:
        return None
    part = (match.group(1) or "").strip()
    first, last = {"begin": (0, 3), "midden": (3, 6), "eind": (6, 9)}.get(part, (0, 9))
    return FuzzyDate(date(start + first, 1, 1), date(start + last, 12, 31), "decennium", qualifier=part)


def _parse_period(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(?:van )?(\d{4}) ?(?:-|–|—|tot(?: en met)?|t/m) ?(\d{4})", text)
    if not match:
        return None
    first, last = _year(match.group(1)), _year(match.group(2))
    if last < first:
        raise DateError(f"de periode {first}–{last} loopt achteruit; zet het vroegste jaar voorop")
    if first % 10 == 0 and last == first + 9:
        return FuzzyDate(date(first, 1, 1), date(last, 12, 31), "decennium")
    return FuzzyDate(date(first, 1, 1), date(last, 12, 31), "periode")


def _parse_open(text: str) -> FuzzyDate | None:
    match = re.fullmatch(r"(vóór|voor|na) (\d{4})", text)
    if not match:
        return None
    year = _year(match.group(2))
    if match.group(1) == "na":
        return FuzzyDate(date(year + 1, 1, 1), date(year + 10, 12, 31), "jaar", open_end=True)
    return FuzzyDate(date(year - 10, 1, 1), date(year - 1, 12, 31), "jaar", open_start=True)


def _check_not_future(result: FuzzyDate, today: date) -> FuzzyDate:
    if result.start > today:
        raise DateError(f"{result.label()} ligt in de toekomst")
    return result
