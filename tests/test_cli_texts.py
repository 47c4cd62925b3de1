"""Every word the command line prints is Dutch: help of every command, usage lines, argparse's own errors, --version.

Run on Python 3.11 and on the newest Python at hand: argparse's texts differ between versions, and the first test
lists the ones the running Python has.
"""

from __future__ import annotations

import argparse
import ast
import re

import pytest

from generator import __version__
from generator.arguments import CATALOGUE, DutchParser
from generator.cli import main

# Words of argparse's English (3.11 to 3.13) and other common English that is no Dutch word as well.
ENGLISH = {
    "usage", "options", "optional", "positional", "arguments", "show", "this", "message", "and", "exit",
    "error", "invalid", "choice", "choose", "from", "required", "following", "unrecognized", "expected", "one",
    "allowed", "with", "ignored", "explicit", "value", "version", "program", "program's", "ambiguous", "could",
    "match", "not", "the", "are", "to", "default", "subcommands", "commands", "command", "deprecated",
    "warning", "at", "most", "least", "unknown", "parser", "choices", "can't", "must", "character", "or", "for",
    "number", "folder", "file", "drafts", "name", "title", "branch",
}
COMMANDS = ["build", "serve", "publish", "werkplaats", "check", "init", "new", "intrekken", "importeer-fotos",
            "schema"]


def english_in(text: str) -> set[str]:
    """English words in what the command line printed; option names (--dry-run) and paths do not count."""
    words = {word.lower() for word in re.findall(r"(?<![\w./\\:@-])[A-Za-z][A-Za-z']*(?![\w./\\:@-])", text)}
    return words & ENGLISH


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def argparse_texts() -> set[str]:
    """Every text the running Python's argparse marks for translation: the strings given to `_` and `ngettext`."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())  # noqa: SIM115 (read at once)
    return {arg.value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
            for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}


def test_every_text_argparse_can_print_has_a_dutch_translation():
    texts = argparse_texts()
    assert len(texts) > 30  # the scan found argparse's texts
    assert sorted(texts - CATALOGUE.keys()) == []
    for english, dutch in CATALOGUE.items():  # placeholders argparse fills in, so formatting never fails
        assert set(re.findall(r"%\(\w+\)[sr]", dutch)) <= set(re.findall(r"%\(\w+\)[sr]", english)), dutch
        assert len(re.findall(r"%[sr]", dutch)) == len(re.findall(r"%[sr]", english)), dutch
        assert english_in(re.sub(r"%\(\w+\)[sr]", "", dutch)) == set(), dutch


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_of_every_command_is_dutch_with_a_description_and_examples(capsys, command):
    status, out, err = run(capsys, *([command] if command else []), "--help")
    assert status == 0 and err == ""
    assert out.startswith("gebruik: wijksite") and "opties:" in out
    assert english_in(out) == set(), out
    description = out.split("\n\n")[1]
    assert len(description) > 40 and not description.startswith(("opties", "argumenten")), out
    examples = out.rpartition("Voorbeeld")[2]
    assert examples.startswith(("en:", ":")) and "wijksite " in examples, out
    listed = re.findall(r"^  (-\S+|[A-Z]+)(?:, (--\S+))?(?: ([A-Z]+))?  +\S", out, re.MULTILINE)
    options = {name for found in listed for name in found[:2] if name.startswith("--") and name != "--help"}
    assert options <= set(re.findall(r"--[\w-]+", examples)), f"zonder voorbeeld: {options}"


def test_every_argument_has_a_description(capsys):
    for command in COMMANDS:
        _, out, _ = run(capsys, command, "--help")
        body = out.split("\n\n", 2)[2].partition("Voorbeeld")[0]
        rows = [line for line in body.splitlines() if line.startswith("  ") and not line.startswith("   ")]
        # a row holds the argument and its description, or the description follows on the next line
        lines = body.splitlines()
        for row in rows:
            following = lines[lines.index(row) + 1] if lines.index(row) + 1 < len(lines) else ""
            assert re.search(r"\S  +\S", row) or following.startswith("      "), f"{command}: {row}"


def test_no_command_shows_the_dutch_help(capsys):
    status, out, _ = run(capsys)
    assert status == 2 and out.startswith("gebruik: wijksite") and english_in(out) == set()


def test_version_is_dutch(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"wijksite versie {__version__}"


@pytest.mark.parametrize(("argv", "expected"), [
    (["importeer-fotos"], "dit ontbreekt nog: MAP"),                                   # a missing argument
    (["bouw"], "'bouw' bestaat niet; kies uit 'build'"),                              # an unknown command
    (["new", "foto", "Titel"], "'foto' bestaat niet; kies uit 'initiatief', 'verhaal'"),  # an invalid choice
    (["build", "--snel"], "dit kent wijksite hier niet: --snel"),                     # an unrecognised argument
    (["build", "extra"], "dit kent wijksite hier niet: extra"),
    (["serve", "--port", "acht"], "bij --port: 'acht' is geen poortnummer"),           # the wrong type
    (["werkplaats", "--port", "70000"], "bij --port: '70000' is geen poortnummer"),
    (["build", "--output"], "bij --output: hier hoort één waarde achter"),             # a missing value
    (["build", "--drafts=ja"], "bij --drafts: hier hoort geen waarde bij: 'ja'"),      # a value where none belongs
    (["publish", "--naar-map", "a", "--naar-zip", "b"], "bij --naar-zip: gaat niet samen met --naar-map"),
    (["publish", "--naar", "x"], "--naar kan meer betekenen: --naar-map, --naar-zip"),  # an ambiguous option
    (["intrekken"], "dit ontbreekt nog: VERHAAL"),
    (["new", "verhaal"], "dit ontbreekt nog: TITEL"),
])
def test_every_kind_of_mistake_on_the_command_line_is_explained_in_dutch(capsys, argv, expected):
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.startswith("gebruik: wijksite") and expected in err, err
    assert ": fout: " in err and "Meer uitleg: wijksite" in err and "--help" in err
    assert english_in(err) == set(), err


@pytest.mark.parametrize(("add", "argv", "expected"), [
    (lambda p: p.add_argument("--n", type=int), ["--n", "a"], "bij --n: 'a' is hier geen geldige waarde"),
    (lambda p: p.add_argument("--n", nargs="+"), ["--n"], "bij --n: hier hoort minstens één waarde achter"),
    (lambda p: p.add_argument("--n", nargs=2), ["--n", "1"], "bij --n: hier horen 2 waarden achter"),
    (lambda p: p.add_argument("n", nargs=2), ["1"], "dit ontbreekt nog: n"),
    (lambda p: p.add_mutually_exclusive_group(required=True).add_argument("--a"), [],
     "geef een van deze: --a"),
    (lambda p: p.add_argument("--k", choices=["x"]), ["--k", "y"], "bij --k: 'y' bestaat niet; kies uit 'x'"),
])
def test_argparses_other_errors_are_dutch_too(capsys, add, argv, expected):
    parser = DutchParser(prog="proef")
    add(parser)
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and expected in err and english_in(err) == set(), err


def test_other_parsers_in_the_same_process_keep_their_language():
    DutchParser(prog="proef").format_help()
    assert argparse.ArgumentParser(prog="other").format_help().startswith("usage: other")
