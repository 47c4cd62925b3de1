"""Search in real Chromium on the real built sample site: Pagefind index, our own interface."""

from __future__ import annotations

import time

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


YEARS = [1931, 1968, 1945, 1952, 1999, 1937, 1960, 1974, 1949, 1983, 1956, 1941]


@pytest.fixture
def site_in_parts(make_site, build_site, serve, tmp_path, monkeypatch):
    """A site whose index comes in several parts (as a site of thousands of entries), served under a sub-path."""
    monkeypatch.setattr("generator.search.index.PAGES_PER_PART", 4)
    stories = {f"content/verhalen/ijs-{year}/index.md": f"""\
        ---
        titel: IJspret in {year}
        verteller: Buurtbewoner (verzonnen)
        datum: "{year}"
        wijk: Kinderdijk
        toestemming: ja
        ---
        Schaatsen op de vaart in de winter van {year}.
        """ for year in YEARS}
    root = make_site(stories)
    build_site(root)
    host = tmp_path / "host"
    host.mkdir()
    (host / "kinderdijk").symlink_to(root / "output")
    return root / "output", serve(host) + "kinderdijk/"


def all_titles(page) -> list[str]:
    while page.locator("#meer").is_visible():
        before = page.locator("#zoekresultaten li").count()
        page.locator("#meer").click()
        page.wait_for_function(f"document.querySelectorAll('#zoekresultaten li').length > {before}")
    return page.locator("#zoekresultaten h2 a").all_text_contents()


def test_a_large_index_in_parts_is_searched_as_one_sorted_by_date_across_parts(browser, site_in_parts):
    output, url = site_in_parts
    parts = sorted(p.parent.name for p in (output / "pagefind").glob("deel-*/pagefind-entry.json"))
    assert parts == ["deel-2", "deel-3", "deel-4"]  # 15 searchable pages, at most 4 a part
    assert not (output / "pagefind/deel-2/wasm.unknown.pagefind").exists()  # the browser shares part 1's
    page = browser.new_page()
    titles = search(page, url, "schaatsen")
    everything = all_titles(page)
    assert sorted(everything) == sorted([f"IJspret in {year}" for year in YEARS] + ["Schaatsen bij de molens"])
    assert titles[0] == "Schaatsen bij de molens"  # relevance: the word in the title ranks first
    by_date = sorted([(str(year), f"IJspret in {year}") for year in YEARS] + [("1950", "Schaatsen bij de molens")])
    page.select_option("#volgorde", "asc")
    page.wait_for_function("document.querySelector('#zoekresultaten h2 a').textContent === 'IJspret in 1931'")
    assert all_titles(page) == [title for _, title in by_date]
    page.select_option("#volgorde", "desc")
    page.wait_for_function("document.querySelector('#zoekresultaten h2 a').textContent === 'IJspret in 1999'")
    assert all_titles(page) == [title for _, title in reversed(by_date)]
    links = [a.get_attribute("href") for a in page.locator("#zoekresultaten h2 a").all()]
    assert "/kinderdijk/verhalen/ijs-1999/" in links
    assert all(link.startswith("/kinderdijk/verhalen/") for link in links), links  # merged parts keep the sub-path
    page.close()


def test_enter_while_the_typed_search_is_still_loading_shows_each_result_once(browser, site_url):
    """On a slow phone a resident types, waits, then presses Enter while the results of what was typed are still
    loading: the list must show every result once, not the first batch twice."""
    page = browser.new_page()
    delayed: list[str] = []

    def slow_fragments(route):
        delayed.append(route.request.url)
        if len(delayed) <= 3:  # the first search's results arrive late, after Enter has started a second one
            time.sleep(0.8)
        route.continue_()

    page.route("**/pagefind/fragment/**", slow_fragments)
    page.goto(site_url + "zoeken/index.html")
    page.wait_for_selector(".zoekopties:not([hidden])")
    page.fill("#zoekterm", "molen")
    page.wait_for_timeout(400)  # the search as typed has started (250 ms after the last key), and waits for results
    page.press("#zoekterm", "Enter")
    page.wait_for_function("/^(\\d+ result|Niets)/.test(document.getElementById('zoekmelding').textContent)")
    page.wait_for_timeout(2500)  # every late fragment has arrived
    links = page.locator("#zoekresultaten h2 a").all_text_contents()
    assert links and len(links) == len(set(links)), links
    count = int(page.locator("#zoekmelding").text_content().split()[0])
    assert len(links) == min(count, 5)  # the first five (PAGE_SIZE in zoeken.js), each once
    page.close()
