"""Command-line options have Dutch names; the earlier English spellings keep working (scripts, habits), unseen."""

from __future__ import annotations

import re

import pytest

from generator.cli import main

RENAMED = {"build": [("--site", "--source"), ("--uitvoer", "--output"), ("--concepten", "--drafts"),
                     ("--basis-url", "--base-url")],
           "check": [("--concepten", "--drafts")], "serve": [("--poort", "--port")],
           "werkplaats": [("--poort", "--port")], "beheer": [("--poort", "--port")],
           "publish": [("--proef", "--dry-run")]}
DRAFT = "---\ntitel: Nog niet klaar\nconcept: true\n---\nTekst.\n"


@pytest.mark.parametrize("command", sorted(RENAMED))
def test_help_shows_the_dutch_names_only(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    shown = set(re.findall(r"--[\w-]+", capsys.readouterr().out))
    for dutch, earlier in RENAMED[command]:
        assert dutch in shown and earlier not in shown, (dutch, earlier)


@pytest.mark.parametrize("spelling", [["--concepten", "--site", "SITE", "--uitvoer", "UIT"],
                                      ["--drafts", "--source", "SITE", "--output", "UIT"]])
def test_both_spellings_build_the_same_site(make_site, tmp_path, capsys, spelling):
    root = make_site(files={"content/paginas/concept.md": DRAFT})
    out = tmp_path / "uit"
    argv = [str(root) if part == "SITE" else str(out) if part == "UIT" else part for part in spelling]
    assert main(["build", *argv]) == 0
    assert (out / "concept/index.html").is_file() and (out / "verhalen/molens/index.html").is_file()
    assert not (root / "output").exists()
