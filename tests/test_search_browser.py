"""Search in real Chromium on the real built sample site: Pagefind index, our own interface."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def site_url(sample_url):
    return sample_url


@pytest.fixture
def sample_output(sample_site):
    return sample_site.output


def search(page, site_url: str, term: str) -> list[str]:
    page.goto(site_url + "zoeken/index.html")
    page.wait_for_selector(".zoekopties:not([hidden])")
    page.fill("#zoekterm", term)
    page.press("#zoekterm", "Enter")
    page.wait_for_function("/^(\\d+ result|Niets)/.test(document.getElementById('zoekmelding').textContent)")
    return page.locator("#zoekresultaten h2 a").all_text_contents()


@pytest.mark.parametrize("term", ["reparatie", "café", "Cafe", "REPARATIECAFE", "kleding"])
def test_repair_cafe_is_found_by_any_half_and_any_case_or_accent(browser, site_url, term):
    page = browser.new_page()
    titles = search(page, site_url, term)
    assert titles and titles[0] == "Reparatiecafé en kledingpunt", titles
    page.close()


def test_a_story_is_found_by_a_place_in_its_photo_caption(browser, site_url):
    page = browser.new_page()
    titles = search(page, site_url, "molenkade")
    assert "Schaatsen tussen de molens" in titles
    page.close()


def test_results_show_type_wijk_highlighted_snippet_and_thumbnail_and_links_work(browser, site_url):
    page = browser.new_page()
    search(page, site_url, "molens")
    first = page.locator("#zoekresultaten li").first
    assert first.locator(".kaart__meta").text_content() == "Verhaal · Kinderdijk"
    assert first.locator("mark").count() >= 1
    page.wait_for_function("() => { const img = document.querySelector('#zoekresultaten li img.resultaat__foto');"
                           " return img && img.complete && img.naturalWidth > 0; }")
    href = first.locator("h2 a").get_attribute("href")
    assert href.startswith("/kinderdijk/verhalen/")
    first.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.locator("h1").text_content() == "Schaatsen tussen de molens"
    page.close()


def test_filters_narrow_results_and_show_counts(browser, site_url):
    page = browser.new_page()
    search(page, site_url, "wijk")
    total = int(page.locator("#zoekmelding").text_content().split()[0])
    page.locator("#zoekfilters summary").click()  # filters load when the resident opens "Verfijnen"
    page.wait_for_selector("fieldset[data-filter=type]:not([hidden])")
    stories_box = page.locator("fieldset[data-filter=type] label", has_text="Verhaal")
    label = stories_box.text_content()
    expected = int(label.split("(")[1].rstrip(")"))
    assert 0 < expected < total
    page.locator("fieldset[data-filter=type] input[value=Verhaal]").check()
    page.wait_for_function(f"document.getElementById('zoekmelding').textContent.startsWith('{expected} ')")
    assert page.locator("#zoekresultaten .kaart__meta").all_text_contents() == \
        [t for t in page.locator("#zoekresultaten .kaart__meta").all_text_contents() if t.startswith("Verhaal")]
    page.close()


def test_nonsense_says_niets_gevonden_with_suggestions(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "zoeken/index.html?q=xqzwvk")
    page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('Niets gevonden')")
    message = page.locator("#zoekmelding").text_content()
    assert "Niets gevonden voor “xqzwvk”" in message and "korter woord" in message
    assert page.locator("#bladeren a", has_text="Kinderdijk").count() == 1
    page.close()


def test_keyboard_only_search_from_the_header_box(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "index.html")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")  # search box
    assert page.evaluate("document.activeElement.id") == "zoekvak"
    page.keyboard.type("dementie")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('voor “dementie”')")
    assert page.locator("#zoekresultaten h2 a").count() >= 1
    assert page.locator("#zoekmelding").get_attribute("aria-live") == "polite"
    page.close()


def test_without_javascript_the_search_page_offers_the_browse_pages(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.fill("#zoekvak", "molen")
    page.press("#zoekvak", "Enter")
    page.wait_for_load_state()
    assert "/zoeken/" in page.url
    assert "Zonder JavaScript" in page.locator("#zoekmelding").text_content()
    page.locator("#bladeren a", has_text="jaren '50").click()
    assert page.locator("h1").text_content() == "jaren '50"
    context.close()


def test_opened_from_disk_the_page_says_search_needs_the_published_site(browser, sample_output):
    page = browser.new_page()
    page.goto((sample_output / "zoeken/index.html").as_uri())
    page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('gepubliceerde')")
    page.close()
