"""argparse in Dutch: help, usage lines and every error of the command line, argparse's own texts included.

argparse marks each text it prints for translation (`_("usage: ")`, `ngettext("expected %s argument", ...)`) and
looks it up, when it prints it, through its module's `_` and `ngettext`: the gettext hook it was written with. While a
DutchParser builds itself, formats its help or parses a command line, those two names look in CATALOGUE instead,
and afterwards they are put back, so other parsers in the same process keep their own language. A text that a newer
Python adds stays English until it is added here: tests/test_cli_texts.py lists every text the running Python's
argparse marks and fails on one that has no Dutch, and triggers each kind of error.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

# argparse's texts (the keys, exactly as argparse writes them, 3.11 to 3.13) with their Dutch.
CATALOGUE: dict[str, str] = {
    # help and usage
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "subcommands": "opdrachten",
    "%(heading)s:": "%(heading)s:",
    " (default: %(default)s)": " (standaard: %(default)s)",
    "show this help message and exit": "toon deze uitleg en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    # mistakes in a command line
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: waarschuwing: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "bij %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "one of the arguments %s is required": "geef een van deze: %s",
    "unrecognized arguments: %s": "dit kent wijksite hier niet: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r bestaat niet; kies uit %(choices)s",
    "invalid %(type)s value: %(value)r": "%(value)r is hier geen geldige waarde",
    "expected one argument": "hier hoort één waarde achter",
    "expected at most one argument": "hier hoort hooguit één waarde achter",
    "expected at least one argument": "hier hoort minstens één waarde achter",
    "expected %s argument": "hier hoort %s waarde achter",
    "expected %s arguments": "hier horen %s waarden achter",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s kan meer betekenen: %(matches)s",
    "not allowed with argument %s": "gaat niet samen met %s",
    "ignored explicit argument %r": "hier hoort geen waarde bij: %r",
    "unexpected option string: %s": "onverwachte optie: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekende opdracht %(parser_name)r (kies uit: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' kan niet geopend worden: %(error)s",
    "argument '%(argument_name)s' is deprecated": "'%(argument_name)s' verdwijnt in een volgende versie",
    "option '%(option)s' is deprecated": "de optie '%(option)s' verdwijnt in een volgende versie",
    "command '%(parser_name)s' is deprecated": "de opdracht '%(parser_name)s' verdwijnt in een volgende versie",
    # mistakes in how a parser is put together: for programmers, in Dutch all the same
    ".__call__() not defined": ".__call__() ontbreekt",
    "%r is not callable": "%r is geen functie",
    "'required' is an invalid argument for positionals": "'required' kan niet bij een argument zonder streepje",
    'argument "-" with mode %r': 'argument "-" met modus %r',
    "cannot have multiple subparser arguments": "er kan maar één reeks opdrachten zijn",
    "cannot merge actions - two groups are named %r": "twee groepen heten %r",
    "conflicting option string: %s": "deze optie bestaat al: %s",
    "conflicting option strings: %s": "deze opties bestaan al: %s",
    "conflicting subparser: %s": "deze opdracht bestaat al: %s",
    "conflicting subparser alias: %s": "deze andere naam voor een opdracht bestaat al: %s",
    "dest= is required for options like %r": "dest= is nodig voor een optie als %r",
    "invalid conflict_resolution value: %r": "ongeldige waarde voor conflict_resolution: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "ongeldige optie %(option)r: die begint met een van %(prefix_chars)r",
    "mutually exclusive arguments must be optional": "argumenten die elkaar uitsluiten moeten opties zijn",
}


def _dutch(message: str) -> str:
    """gettext's `gettext`, from the catalogue: a text argparse does not know (a title of ours) stays as it is."""
    return CATALOGUE.get(message, message)


def _dutch_plural(singular: str, plural: str, number: int) -> str:
    """gettext's `ngettext`, from the catalogue."""
    return _dutch(singular if number == 1 else plural)


@contextlib.contextmanager
def in_dutch() -> Iterator[None]:
    """argparse's texts in Dutch for the duration of the block; nested blocks are fine."""
    names = vars(argparse)  # the module's globals: `_` and `ngettext` are the gettext names argparse looks up
    english = names["_"], names["ngettext"]
    names["_"], names["ngettext"] = _dutch, _dutch_plural
    try:
        yield
    finally:
        names["_"], names["ngettext"] = english


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Dutch; its subcommands are DutchParsers too. Descriptions and epilogs are
    printed as written (examples keep their lines)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        with in_dutch():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with in_dutch():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, *args: Any, **kwargs: Any) -> Any:
        with in_dutch():
            return super().add_subparsers(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with in_dutch():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with in_dutch():
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:
        with in_dutch():
            return super().format_usage()

    def format_help(self) -> str:
        with in_dutch():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """The usage line, what is wrong, and where to read more; exit status 2, as argparse's."""
        self.print_usage(sys.stderr)
        text = _dutch("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
        self.exit(2, f"{text}Meer uitleg: {self.prog} --help\n")


def port_number(text: str) -> int:
    """A port for --poort (or --port): a whole number from 1 to 65535, with a Dutch message otherwise."""
    if text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(f"'{text}' is geen poortnummer: geef een getal van 1 tot 65535, zoals 8000")
