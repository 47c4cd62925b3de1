"""Problems in a site's content, reported compiler-style in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True)
class SiteError:
    """One problem in one file: where it is, what is wrong and what to do about it."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{place}: {self.severity.value}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def warning(path: str, line: int | None, message: str, hint: str = "") -> SiteError:
    return SiteError(path, line, message, hint, Severity.WARNING)


def errors_in(problems: list[SiteError]) -> list[SiteError]:
    return [problem for problem in problems if problem.is_error]


class BuildStopped(Exception):
    """Raised between pipeline stages when content has errors; carries every problem found so far."""

    def __init__(self, problems: list[SiteError], output_changed: bool = False) -> None:
        super().__init__(f"{len(errors_in(problems))} fout(en) in de inhoud")
        self.problems = problems
        self.output_changed = output_changed  # stopped while moving files in: the output is partly new


class UsageError(Exception):
    """A mistake in how wijksite was called (a folder that does not exist, an unknown entry type)."""
