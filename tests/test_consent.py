"""Consent: withdrawing it takes a story or one photo out everywhere on the next build, for good."""

from __future__ import annotations

import difflib
import subprocess
import sys
from datetime import date

import pytest

from generator.content.consent import withdraw
from generator.errors import UsageError
from tests.conftest import STORY

TWO_PHOTOS = STORY.replace("    toestemming: ja\n---", "    toestemming: ja\n  - bestand: kade.jpg  # de kade\n"
                           "    alt: De kade in de sneeuw.\n---")
TODAY = date(2026, 11, 22)


def site_with_two_photos(make_site):
    return make_site({"content/verhalen/molens/index.md": TWO_PHOTOS}, {"content/verhalen/molens/kade.jpg": (900, 600)})


def test_withdrawing_a_story_removes_it_everywhere(make_site, build_site):
    root = site_with_two_photos(make_site)
    build_site(root)
    assert (root / "output/verhalen/molens/index.html").is_file()
    result = subprocess.run([sys.executable, "-m", "generator", "intrekken", "molens"], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    report = build_site(root)
    output = root / "output"
    assert not (output / "verhalen/molens").exists()
    mentions = [p for p in output.rglob("*.html") if "Schaatsen bij de molens" in p.read_text(encoding="utf-8")]
    assert mentions == []
    assert not list(output.rglob("ijs-*")) and not list(output.rglob("kade-*"))
    assert any("ingetrokken" in w.message for w in report.warnings)
    text = (root / "content/verhalen/molens/index.md").read_text(encoding="utf-8")
    assert f"ingetrokken: {date.today().isoformat()}" in text


def test_withdrawal_stays_even_if_consent_is_set_back_by_mistake(make_site, build_site):
    root = site_with_two_photos(make_site)
    path = withdraw(root, "molens", today=TODAY)
    path.write_text(path.read_text(encoding="utf-8").replace("toestemming: nee\n", "toestemming: ja\n", 1),
                    encoding="utf-8")
    build_site(root)
    assert not (root / "output/verhalen/molens").exists()


def test_withdrawing_one_photo_removes_only_that_photo(make_site, build_site):
    root = site_with_two_photos(make_site)
    build_site(root)
    assert list((root / "output/verhalen/molens").glob("kade-*"))
    withdraw(root, "molens", "kade.jpg", TODAY)
    build_site(root)
    page = (root / "output/verhalen/molens/index.html").read_text(encoding="utf-8")
    assert "kade-" not in page and "De kade in de sneeuw" not in page
    assert not list((root / "output").rglob("kade-*"))
    assert list((root / "output/verhalen/molens").glob("ijs-*"))


def test_withdrawal_changes_only_the_consent_lines(make_site):
    root = site_with_two_photos(make_site)
    path = root / "content/verhalen/molens/index.md"
    path.write_bytes(b"\xef\xbb\xbf" + TWO_PHOTOS.replace("\n", "\r\n").encode("utf-8"))
    withdraw(root, "molens", "kade.jpg", TODAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    changed = [line for line in difflib.ndiff(TWO_PHOTOS.splitlines(), raw[3:].decode().splitlines())
               if line.startswith(("+", "-"))]
    assert changed == ["+     toestemming: nee", "+     ingetrokken: 2026-11-22"]
    withdraw(root, "molens", "ijs.jpg", TODAY)
    text = path.read_bytes().decode("utf-8-sig")
    assert "  - bestand: ijs.jpg\r\n    ingetrokken: 2026-11-22\r\n" in text
    assert "    toestemming: nee\r\n  - bestand: kade.jpg  # de kade\r\n" in text


@pytest.mark.parametrize(("slug", "photo", "message"), [
    ("bestaat-niet", None, "geen verhaal 'bestaat-niet'. Verhalen: molens"),
    ("molens", "weg.jpg", "geen foto 'weg.jpg'. Foto's: ijs.jpg, kade.jpg"),
    ("../../site", None, "geen verhaal"),
])
def test_withdrawal_of_something_unknown_is_refused_clearly(make_site, slug, photo, message):
    root = site_with_two_photos(make_site)
    before = (root / "content/verhalen/molens/index.md").read_bytes()
    with pytest.raises(UsageError, match=message):
        withdraw(root, slug, photo, TODAY)
    assert (root / "content/verhalen/molens/index.md").read_bytes() == before


def test_a_no_from_the_teller_is_respected_not_followed_up(make_site, build_site):
    root = make_site({"content/verhalen/molens/index.md": STORY.replace("toestemming: ja\nlicentie",
                                                                        "toestemming: nee\nlicentie")})
    report = build_site(root)
    assert not (root / "output/verhalen/molens").exists()
    [said_no] = [w for w in report.warnings if w.path == "content/verhalen/molens/index.md"]
    assert said_no.line == 8
    assert "niet gepubliceerd" in said_no.message and "de verteller heeft nee gezegd" in said_no.message
    assert "gerespecteerd" in said_no.hint and "later zelf van gedachten verandert" in said_no.hint
    assert "toestemming: ja" in said_no.hint
    assert "vraag" not in said_no.hint and "om toestemming" not in said_no.hint
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                           check=False)
    assert "content/verhalen/molens/index.md:8: waarschuwing: verhaal niet gepubliceerd: de verteller heeft nee" \
        in check.stderr
    assert "vraag de verteller" not in check.stderr + check.stdout
    assert "content/verhalen/molens/index.md: nee gezegd; dat wordt gerespecteerd" in check.stdout


def test_a_no_for_a_photo_is_respected_too(make_site, build_site):
    root = make_site({"content/verhalen/molens/index.md": STORY.replace(
        "    toestemming: ja\n---", "    toestemming: nee\n    personen_herkenbaar: ja\n---")})
    [said_no] = [w for w in build_site(root).warnings if "ijs.jpg" in w.message]
    assert said_no.line == 12 and "nee gezegd" in said_no.message
    assert "gerespecteerd" in said_no.hint and "vraag" not in said_no.hint


def test_withdrawing_one_photo_says_what_happens_to_that_photo_and_it_does(make_site, build_site):
    root = site_with_two_photos(make_site)
    build_site(root)
    result = subprocess.run([sys.executable, "-m", "generator", "intrekken", "molens", "--foto", "kade.jpg"],
                            cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "Toestemming ingetrokken voor de foto kade.jpg van het verhaal" in said
    assert "verdwijnt de foto kade.jpg overal van de site" in said
    assert "Het verhaal zelf en de andere foto's blijven gepubliceerd" in said
    assert "de pagina, de foto's, de lijsten en de zoekfunctie" not in said  # what withdrawing a story does
    build_site(root)
    output = root / "output"
    texts = {path: path.read_text(encoding="utf-8") for path in output.rglob("*")
             if path.suffix in (".html", ".xml", ".json", ".csv") and "pagefind" not in path.parts}
    gone = ("kade.", "kade-", "De kade in de sneeuw")
    assert [path for path, text in texts.items() if any(word in text for word in gone)] == []
    assert "Schaatsen bij de molens" in texts[output / "verhalen/molens/index.html"]
    assert "ijs-" in texts[output / "open-data/archief.csv"] and list((output / "verhalen/molens").glob("ijs-*"))
