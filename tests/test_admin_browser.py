"""Beheer in real Chromium: WCAG 2.1 AA (axe-core) on every page of the app, at 320 px, at 200% zoom and with the
keyboard alone; and a volunteer's whole loop, from a story sent in through the werkplaats to the published site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.preview.local_app import serve_in_thread
from generator.werkplaats.app import make_app as make_workshop
from tests.admin_client import DRAFT, jpeg, running_admin
from tests.conftest import REPO

pytestmark = pytest.mark.browser
AXE = REPO / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The repository's sample site with a draft from the werkplaats, and beheer running for it."""
    root = tmp_path_factory.mktemp("beheer") / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    (root / "content/verhalen/ijs").mkdir()
    (root / "content/verhalen/ijs/index.md").write_text(DRAFT, encoding="utf-8")
    (root / "content/verhalen/ijs/vaart.jpg").write_bytes(jpeg())
    with running_admin(root) as base:
        yield root, base


def no_axe_violations(page) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


def fits(page, width: int) -> None:
    """Nothing wider than the window: no sideways scrolling (WCAG 1.4.10)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


PAGES = ["/", "/?soort=verhaal&staat=concept", "/nakijken", "/nakijken/verhalen/ijs",
         "/nakijken/verhalen/boodschappen-op-de-markt", "/bewerken/verhalen/werken-op-de-werf",
         "/bewerken/initiatieven/reparatiecafe-en-kledingpunt", "/bewerken/initiatieven/buurtbemiddeling.md",
         "/bewerken/paginas/over.md", "/nieuw/verhaal", "/nieuw/initiatief", "/nieuw/pagina", "/site-instellingen",
         "/fouten", "/prullenbak", "/publiceren", "/versies?bestand=content%2Fverhalen%2Fijs%2Findex.md",
         "/bestaat-niet"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [320, 640, 1280])  # 640: a 1280 px screen at 200% zoom
def test_every_page_is_accessible_at_every_width(browser, sample, path, width):
    _, base = sample
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)  # to add axe
    page.goto(base + path)
    fits(page, width)
    no_axe_violations(page)
    page.close()


def test_pages_in_their_other_states_are_accessible(browser, make_site, tmp_path):
    """A form with mistakes, a refused approval, a conflict, the text preview, a file that cannot be read, the
    preview of a site that cannot be built, publishing in progress and done, and the access page."""
    root = make_site(files={"content/verhalen/ijs/index.md": DRAFT},
                     photos={"content/verhalen/ijs/vaart.jpg": (800, 600)})
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + f"publiceren:\n  doel: map\n"
                                    f"  map: {tmp_path / 'web'}\n", encoding="utf-8")
    with running_admin(root) as base:
        page = browser.new_page(viewport={"width": 320, "height": 800}, bypass_csp=True)

        def check() -> None:
            fits(page, 320)
            no_axe_violations(page)

        page.goto(base + "/nakijken/verhalen/ijs")
        page.evaluate("document.querySelector('.knoppen form[action$=weggooien]').insertAdjacentHTML('beforebegin', "
                      "'<form method=post action=/nakijken/verhalen/ijs/goedkeuren id=f><input type=hidden "
                      "name=_xsrf value=' + document.querySelector('[name=_xsrf]').value + '></form>')")
        page.evaluate("document.getElementById('f').submit()")
        page.wait_for_selector("text=Dit kan nog niet goedgekeurd worden")
        check()
        page.goto(base + "/publiceren")
        page.click("button[value=proef]")
        page.wait_for_selector("text=Proefpublicatie klaar")
        check()
        page.goto(base + "/bewerken/verhalen/ijs")
        page.select_option("#veld-wijk", "")
        page.fill("#veld-datum", "31-02-1953")
        page.click(".opslaan-balk button")
        page.wait_for_selector(".foutenlijst")
        check()
        page.click("button[value=tekst]")
        page.wait_for_selector(".tekstvoorbeeld")
        check()
        other = browser.new_page()
        other.goto(base + "/bewerken/verhalen/ijs")
        page.fill("#veld-verteller", "Riet van Dam")
        other.fill("#veld-plaats", "De vaart")
        other.click(".opslaan-balk button")
        other.wait_for_selector(".melding")
        other.close()
        page.click(".opslaan-balk button")
        page.wait_for_selector("text=Iemand anders heeft dit intussen veranderd")
        check()
        page.goto(base + "/publiceren")
        check()  # refused: the site has a mistake now
        page.goto(base + "/site/")
        page.wait_for_selector("text=De site kon niet gebouwd worden")
        check()
        (root / "content/verhalen/molens/index.md").write_text("---\ntitel: [niet dicht\n---\n", encoding="utf-8")
        page.goto(base + "/bewerken/verhalen/molens")
        check()
        page.close()
    with running_admin(root, code="123456") as base:
        page = browser.new_page(viewport={"width": 320, "height": 800}, bypass_csp=True)
        page.goto(base + "/")
        page.fill("#code", "000000")
        page.press("#code", "Enter")
        page.wait_for_selector("#code-fout")
        check()
        page.close()


def test_a_field_is_changed_and_saved_with_the_keyboard_alone(browser, make_site):
    root = make_site()
    with running_admin(root) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "overslaan"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "inhoud"
        for _ in range(40):  # to the first entry in the list, by Tab alone
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "Schaatsen bij de molens":
                break
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Schaatsen bij de molens')")
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "veld-plaats":
                break
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # focus is seen
        page.keyboard.press("Control+A")
        page.keyboard.type("Molenkade 12")
        page.keyboard.press("Enter")  # Enter in a text box saves
        page.wait_for_selector(".melding")
        assert "plaats: Molenkade 12\n" in (root / "content/verhalen/molens/index.md").read_text(encoding="utf-8")
        page.close()


def start_workshop(root: Path) -> str:
    return serve_in_thread(make_workshop(root))[0]


def test_a_story_from_the_werkplaats_is_reviewed_completed_approved_and_published(browser, make_site, tmp_path):
    root = make_site()
    web = tmp_path / "webserver"
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8")
                                    + f"publiceren:\n  doel: map\n  map: {web}\n", encoding="utf-8")
    photo, scan = tmp_path / "vaart.jpg", tmp_path / "scan.jpg"
    photo.write_bytes(jpeg())
    scan.write_bytes(jpeg((600, 800), (200, 180, 150)))

    # A participant sends a story in at the workshop: recognisable people, their consent not known yet
    participant = browser.new_page(viewport={"width": 375, "height": 900})
    participant.goto(start_workshop(root) + "/")
    participant.fill("#titel", "Schaatsen op de vaart")
    participant.fill("#verhaal", "Het was koud.\n\nWe schaatsten tot het donker werd.")
    participant.fill("#datum", "winter 1963")
    participant.select_option("#wijk", "Kinderdijk")
    participant.set_input_files("#fotos-kiezen", str(photo))
    participant.wait_for_selector("#nieuw-alt0")
    participant.fill("#nieuw-alt0", "Een bevroren vaart met schaatsers.")
    participant.check("#toestemming-ja")
    participant.check("#personen-ja")
    participant.check("#toestemming_personen-onbekend")
    participant.click("button.knop[value=opslaan]")
    participant.wait_for_selector("h1:has-text('Dank u wel')")
    participant.close()

    with running_admin(root) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        page.click("nav >> text=Nakijken")
        page.click("text=Schaatsen op de vaart")
        page.wait_for_selector("h1:has-text('Nakijken: Schaatsen op de vaart')")
        assert page.frame_locator("iframe.voorbeeld").locator("h1").inner_text() == "Schaatsen op de vaart"
        missing = page.locator(".controlelijst .open").all_inner_texts()
        assert any("herkenbare personen" in m and "vaart.jpg" in m for m in missing)
        assert any("licentie" in m for m in missing)

        # The volunteer adds the scan the participant brought along; it has no description yet
        page.click("a.knop:has-text('Bewerken')")
        page.set_input_files("#veld-fotos-nieuw", str(scan))
        page.click("button[value=toevoegen]")
        page.wait_for_selector("legend:has-text('Foto 2: scan.jpg')")
        page.click(".opslaan-balk button")
        page.wait_for_selector(".melding")
        page.click("text=Naar Nakijken")
        missing = page.locator(".controlelijst .open").all_inner_texts()
        assert any("beschrijving" in m and "scan.jpg" in m for m in missing)

        # ... fills in what is missing, from the checklist's links ...
        page.click(".controlelijst .open a:has-text('Invullen') >> nth=1")
        page.wait_for_url(re.compile(r"#veld-fotos-1-alt$"))
        page.fill("#veld-fotos-1-alt", "Een krantenknipsel over de strenge winter.")
        page.check("#veld-fotos-1-personen_herkenbaar-nee")
        page.check("#veld-fotos-0-toestemming-ja")
        page.fill("#veld-licentie", "CC BY 4.0")
        page.click(".opslaan-balk button")
        page.wait_for_selector(".melding")
        page.click("text=Naar Nakijken")
        assert page.locator(".controlelijst .open").count() == 0

        # ... approves it, tries the publication first, and publishes to the web server's folder
        page.click("button:has-text('Goedkeuren')")
        page.wait_for_selector("text=is goedgekeurd")
        page.click("text=Naar Publiceren")
        page.click("button[value=proef]")
        page.wait_for_selector("text=Proefpublicatie klaar")
        assert re.search("Nieuwe pagina's: [^\n]*Schaatsen op de vaart", page.locator(".uitkomst").inner_text())
        assert "verhalen/schaatsen-op-de-vaart/index.html" in page.locator(".uitkomst").text_content()
        assert not web.exists()
        page.click("button[value=echt]")
        page.wait_for_selector(f"text=Gepubliceerd naar {web}")
        page.close()

    published = (web / "verhalen/schaatsen-op-de-vaart/index.html").read_text(encoding="utf-8")
    assert 'alt="Een bevroren vaart met schaatsers."' in published  # consent given: shown, not a placeholder
    assert 'alt="Een krantenknipsel over de strenge winter."' in published
    assert "Deze foto wordt niet getoond" not in published
    text = next((root / "content/verhalen").glob("schaatsen-op-de-vaart/index.md")).read_text(encoding="utf-8")
    assert "concept: false" in text and "licentie: CC BY 4.0" in text
