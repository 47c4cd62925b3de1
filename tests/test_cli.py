"""The command line as a volunteer uses it: init, new, check and build, in Dutch, without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INITIATIVE, read_html, tree_digest


def wijksite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_init_makes_a_site_that_builds_at_once(tmp_path):
    result = wijksite("init", "nieuwe-site", "--titel", "Wijk Oost", "--gemeente", "Dordrecht", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "nieuwe-site"
    assert (site / "content/initiatieven/voorbeeld-initiatief.md").is_file()
    assert (site / "content/verhalen/voorbeeld-verhaal/index.md").is_file()
    built = wijksite("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "Klaar:" in built.stdout and "pagina's" in built.stdout
    home = read_html(site / "output/index.html")
    assert home.h1.get_text() == "Wijk Oost"
    assert (site / "output/initiatieven/voorbeeld-initiatief/index.html").is_file()
    assert (site / "output/verhalen/voorbeeld-verhaal/index.html").is_file()


def test_init_refuses_an_existing_site(tmp_path):
    assert wijksite("init", "s", cwd=tmp_path).returncode == 0
    again = wijksite("init", "s", cwd=tmp_path)
    assert again.returncode == 2 and "bestaat" in again.stderr


def test_new_entries_get_a_dutch_slug_and_are_never_overwritten(make_site):
    root = make_site()
    result = wijksite("new", "initiatief", "Koffie & thee bij Café Één", cwd=root)
    assert result.returncode == 0, result.stderr
    created = root / "content/initiatieven/koffie-en-thee-bij-cafe-een.md"
    assert created.is_file()
    assert 'titel: "Koffie & thee bij Café Één"' in created.read_text(encoding="utf-8")
    created.write_text(created.read_text(encoding="utf-8") + "\nMijn eigen tekst.\n", encoding="utf-8")
    again = wijksite("new", "initiatief", "Koffie & thee bij Café Één", cwd=root)
    assert again.returncode == 2 and "bestaat al" in again.stderr
    assert "Mijn eigen tekst." in created.read_text(encoding="utf-8")
    story = wijksite("new", "verhaal", "De watersnood van '53", cwd=root)
    assert story.returncode == 0, story.stderr
    assert (root / "content/verhalen/de-watersnood-van-53/index.md").is_file()
    # new entries are drafts: the site still builds, and they are not published yet
    built = wijksite("build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert not (root / "output/initiatieven/koffie-en-thee-bij-cafe-een").exists()
    drafts = wijksite("build", "--drafts", cwd=root)
    assert drafts.returncode == 0, drafts.stderr
    assert (root / "output/initiatieven/koffie-en-thee-bij-cafe-een/index.html").is_file()


def test_check_writes_nothing_and_fails_on_errors(make_site):
    root = make_site()
    before = tree_digest(root)
    ok = wijksite("check", cwd=root)
    assert ok.returncode == 0, ok.stderr
    assert tree_digest(root) == before
    (root / "content/initiatieven/reparatiecafe.md").write_text(
        INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinderdyk"), encoding="utf-8"
    )
    bad = wijksite("check", cwd=root)
    assert bad.returncode == 1
    assert 'content/initiatieven/reparatiecafe.md:4: fout: onbekende waarde "Kinderdyk"' in bad.stderr
    assert "Traceback" not in bad.stderr
    assert not (root / "output").exists()


def test_build_options_source_output_and_base_url(make_site, tmp_path):
    root = make_site()
    out = tmp_path / "ergens-anders"
    result = wijksite(
        "build", "--source", str(root), "--output", str(out), "--base-url", "https://x.example/w/", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    canonical = read_html(out / "index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://x.example/w/"
    assert not (root / "output").exists()


def test_missing_site_yaml_is_explained(tmp_path):
    result = wijksite("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "geen site.yaml gevonden" in result.stderr and "wijksite init" in result.stderr
    assert "Traceback" not in result.stderr


PLACEHOLDER_WARNING = "waarschuwing: deze tekst is nog de voorbeeldtekst van wijksite — vervang hem door je eigen tekst"


def test_example_text_from_init_is_warned_about_by_check_and_build_until_replaced(tmp_path):
    assert wijksite("init", "site", "--gemeente", "Dordrecht", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    initiative = "content/initiatieven/voorbeeld-initiatief.md"
    for command in ("check", "build"):
        result = wijksite(command, cwd=site)
        assert result.returncode == 0, result.stderr
        for line in (2, 3, 11, 14, 24):  # titel, samenvatting, adres (with the gemeente in it), e-mail, body
            assert f"{initiative}:{line}: {PLACEHOLDER_WARNING}" in result.stderr, (command, result.stderr)
        assert f"content/verhalen/voorbeeld-verhaal/index.md:4: {PLACEHOLDER_WARNING}" in result.stderr
    path = site / initiative
    text = path.read_text(encoding="utf-8")
    text = text.replace("Schrijf hier in één of twee zinnen wat het is en voor wie.", "Samen koken en eten.")
    path.write_text(text.replace("Straat en huisnummer, Dordrecht", "Markt 3, Dordrecht"), encoding="utf-8")
    after = wijksite("check", cwd=site)
    assert f"{initiative}:3: " not in after.stderr and f"{initiative}:11: " not in after.stderr
    assert f"{initiative}:24: {PLACEHOLDER_WARNING}" in after.stderr


def test_example_text_from_new_is_warned_about(make_site):
    root = make_site()
    assert wijksite("new", "verhaal", "De watersnood", cwd=root).returncode == 0
    result = wijksite("check", cwd=root)
    assert result.returncode == 0, result.stderr
    story = "content/verhalen/de-watersnood/index.md"
    for line in (3, 4, 5, 7):  # samenvatting, verteller, opgetekend_door, plaats
        assert f"{story}:{line}: {PLACEHOLDER_WARNING}" in result.stderr, result.stderr
    assert f"{story}:2: " not in result.stderr  # the title is the volunteer's own
    assert "content/initiatieven/reparatiecafe.md" not in result.stderr


def test_build_speaks_of_photos_only_when_the_site_has_them(make_site, tmp_path):
    with_one = make_site()  # the default story has one photo
    built = wijksite("build", cwd=with_one)
    assert built.returncode == 0, built.stderr
    assert "… 1 foto verwerken" in built.stderr
    assert wijksite("init", "zonder", cwd=tmp_path).returncode == 0  # a new site has no photos yet
    built = wijksite("build", cwd=tmp_path / "zonder")
    assert built.returncode == 0, built.stderr
    assert "pagina's maken" in built.stderr and "verwerken" not in built.stderr


def test_build_with_opschonen_names_the_files_it_removed(make_site):
    root = make_site()
    assert wijksite("build", cwd=root).returncode == 0
    (root / "output/CNAME").write_text("wijk.example\n", encoding="utf-8")
    (root / "output/oud").mkdir()
    (root / "output/oud/pagina.html").write_text("<p>oud</p>", encoding="utf-8")
    refused = wijksite("build", cwd=root)
    assert refused.returncode == 1 and "--opschonen" in refused.stderr and "Traceback" not in refused.stderr
    cleaned = wijksite("build", "--opschonen", cwd=root)
    assert cleaned.returncode == 0, cleaned.stderr
    assert "Opgeschoond: 2 bestanden die wijksite niet gemaakt had" in cleaned.stdout
    assert "  CNAME\n" in cleaned.stdout and "  oud/pagina.html\n" in cleaned.stdout
    assert not (root / "output/CNAME").exists() and not (root / "output/oud").exists()
    again = wijksite("build", "--opschonen", cwd=root)
    assert again.returncode == 0 and "Opgeschoond" not in again.stdout


DRAFT_WITHOUT_CONSENT = """\
---
titel: De kermis op de dijk
wijk: Kinderdijk
concept: true
toestemming: onbekend
fotos:
  - bestand: kermis.jpg
---
Er was een draaimolen.
"""
ALT_WARNING = "content/verhalen/kermis/index.md:7: waarschuwing: 'alt' moet nog ingevuld worden"
CONSENT_WARNING = ("content/verhalen/kermis/index.md:5: waarschuwing: verhaal niet gepubliceerd: toestemming van "
                   "de verteller is 'onbekend'")


BUILDS = [["build"], ["check"], ["publish", "--naar-map", "../gepubliceerd"]]


@pytest.mark.parametrize(("command", "broken"), [*[(c, "other file") for c in BUILDS],
                                                 *[(c, "same file") for c in BUILDS],
                                                 (["build"], "template"), (BUILDS[2], "template")])
def test_a_failed_build_shows_every_warning(make_site, command, broken):
    files = {"content/verhalen/kermis/index.md": DRAFT_WITHOUT_CONSENT}
    if broken == "other file":
        files["content/initiatieven/reparatiecafe.md"] = INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinderdyk")
    elif broken == "same file":
        files["content/verhalen/kermis/index.md"] = DRAFT_WITHOUT_CONSENT.replace("wijk: Kinderdijk", "wijk: Kinderdyk")
    else:  # check renders no page: a template is only tried by a build
        files["templates/initiatief.html"] = "{% extends 'base.html' %}{% block content %}{{ 1 | x }}{% endblock %}"
    root = make_site(files, {"content/verhalen/kermis/kermis.jpg": (600, 400)})
    result = wijksite(*command, cwd=root)
    assert result.returncode == 1, result.stderr
    assert ALT_WARNING in result.stderr and CONSENT_WARNING in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_that_succeeds_shows_every_warning_too(make_site):
    root = make_site({"content/verhalen/kermis/index.md": DRAFT_WITHOUT_CONSENT},
                     {"content/verhalen/kermis/kermis.jpg": (600, 400)})
    for command in (["build"], ["check"]):
        result = wijksite(*command, cwd=root)
        assert result.returncode == 0, result.stderr
        assert ALT_WARNING in result.stderr and CONSENT_WARNING in result.stderr, result.stderr
