"""WCAG 2.1 AA on every page type of the sample site, in real Chromium with axe-core, and beyond axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules/axe-core/axe.min.js"
PAGE_TYPES = ["index.html", "initiatieven/index.html", "initiatieven/reparatiecafe-en-kledingpunt/index.html",
              "verhalen/index.html", "verhalen/werken-op-de-werf/index.html", "tijdlijn/index.html",
              "tijdlijn/1950/index.html", "wijken/index.html", "wijken/kinderdijk/index.html", "themas/index.html",
              "themas/duurzaamheid/index.html", "organisaties/index.html",
              "organisaties/stichting-welzijn-alblasserdam/index.html", "onderwerpen/index.html",
              "over/index.html", "zoeken/index.html?q=molen", "zoeken/index.html?q=xqzwvk", "404.html"]


@pytest.fixture
def site_url(sample_url):
    return sample_url


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core ontbreekt: voer 'npm ci' uit (zie README)")
    return AXE.read_text(encoding="utf-8")


def open_page(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url)
    if "zoeken" in url:
        page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('voor')")
    return page


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violations(browser, site_url, axe_source, path, width):
    page = open_page(browser, site_url + path, width)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    page.close()


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_structure_headings_landmarks_language_and_link_texts(browser, site_url, path):
    page = open_page(browser, site_url + path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    levels = [int(tag[1]) for tag in page.eval_on_selector_all("main h1, main h2, main h3, main h4",
                                                                "els => els.map(e => e.tagName)")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    texts = [t.strip().lower() for t in page.eval_on_selector_all(
        "a[href]", "els => els.map(e => e.getAttribute('aria-label') || e.textContent)")]
    assert all(texts), "every link has a name"
    vague = [t for t in texts if re.fullmatch(r"(klik hier|hier|lees meer|meer|link)", t)]
    assert vague == []
    page.close()


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(browser, site_url):
    page = open_page(browser, site_url + "verhalen/werken-op-de-werf/index.html")
    page.keyboard.press("Tab")
    skip = page.locator("a.overslaan")
    assert page.evaluate("document.activeElement.className") == "overslaan"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.close()


def test_focus_is_always_visible(browser, site_url):
    page = open_page(browser, site_url + "index.html")
    for _ in range(8):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
        assert style[0] != "none" and style[1] != "0px", style
    page.close()


@pytest.mark.parametrize("path", ["index.html", "initiatieven/reparatiecafe-en-kledingpunt/index.html",
                                  "verhalen/werken-op-de-werf/index.html", "zoeken/index.html?q=molen"])
def test_works_at_320_px_and_with_text_at_200_percent(browser, site_url, path):
    page = open_page(browser, site_url + path, 320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()
    page = open_page(browser, site_url + path, 640)
    page.add_style_tag(content="html { font-size: 200% !important; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    page.close()


def test_reduced_motion_is_respected(browser, site_url):
    page = browser.new_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_url + "index.html")
    page.add_style_tag(content="a { transition: color 2s; }")
    assert page.evaluate("getComputedStyle(document.querySelector('main a')).transitionDuration") == "0s"
    page.close()


@pytest.mark.parametrize("path", ["index.html", "verhalen/werken-op-de-werf/index.html", "zoeken/index.html?q=molen"])
def test_no_request_goes_to_any_other_host(browser, site_url, path):
    page = browser.new_page()
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert hosts and set(hosts) == {site_url.split("/")[2]}
    page.close()
