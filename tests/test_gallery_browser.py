"""The story gallery in real Chromium: a keyboard-operable enlarged view, and plain links without JS."""

from __future__ import annotations

import re

import pytest

from tests.conftest import STORY

pytestmark = pytest.mark.browser

TWO_PHOTOS = STORY.replace("    toestemming: ja\n---", "    toestemming: ja\n  - bestand: kade.jpg\n"
                           "    alt: De kade in de sneeuw.\n    bijschrift: De kade.\n---")


@pytest.fixture
def story_url(make_site, build_site, serve):
    root = make_site({"content/verhalen/molens/index.md": TWO_PHOTOS},
                     {"content/verhalen/molens/kade.jpg": (1000, 700)})
    build_site(root)
    return serve(root / "output") + "verhalen/molens/index.html"


def test_enlarged_view_opens_steps_and_closes_with_escape_returning_focus(browser, story_url):
    page = browser.new_page()
    page.goto(story_url)
    first = page.locator("a.foto__groter").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#fotoweergave")
    assert dialog.evaluate("d => d.open")
    assert page.locator("dialog img").get_attribute("alt") == "Kinderen schaatsen voor een molen."
    assert re.search(r"ijs-[0-9a-f]{8}-1200\.jpg$", page.locator("dialog img").get_attribute("src"))
    assert page.evaluate("document.activeElement.textContent").startswith("Sluiten")
    page.keyboard.press("ArrowRight")
    assert page.locator("dialog img").get_attribute("alt") == "De kade in de sneeuw."
    assert page.locator(".fotoweergave__teller").text_content() == "2 / 2"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('foto__groter')")
    assert re.search(r"ijs-[0-9a-f]{8}-1200\.jpg$", page.evaluate("document.activeElement.href"))
    page.close()


def test_without_javascript_photos_link_to_their_large_version(browser, story_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(story_url)
    page.locator("a.foto__groter").first.click()
    assert re.search(r"verhalen/molens/ijs-[0-9a-f]{8}-1200\.jpg$", page.url)
    context.close()
