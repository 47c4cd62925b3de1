"""Search from disk (file://) and "Bedoelde u" in real Chromium on the real built sample site: the same results
as online search, the same interface (live region, keyboard, filters), no server and nothing from other hosts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.options import BuildOptions
from generator.search import offline_index
from tests.conftest import REPO

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
# Ordinary queries of residents: words of every frequency, wijk names, a year, two-word queries, a compound part.
QUERIES = ["reparatie", "molen", "molens", "café", "Cafe", "kleding", "dementie", "wijk", "schaatsen", "molenkade",
           "koffie", "kinderdijk", "souburgh", "buurt", "vrijwilligers", "school", "1953", "jaren", "hulp", "fiets",
           "ouderen", "foto", "water", "samen", "straat", "werf", "bibliotheek", "centrum", "mensen", "huis", "kerk",
           "kinderen", "reparatie kleding", "molens ijs"]
# Misspellings of words on the sample site (a letter wrong, missing, doubled, or two letters swapped).
TYPOS = {"reperatie": "reparatie", "molesn": "molens", "shcaatsen": "schaatsen", "kinderdyk": "kinderdijk",
         "dementei": "dementie", "vrijwiligers": "vrijwilligers", "bibliotheak": "bibliotheek", "koffei": "koffie",
         "soubrugh": "souburgh", "wijkavont": "wijkavond", "schoool": "school", "reparatie kledng": "reparatie kleding"}


@pytest.fixture(scope="module")
def disk_url(sample_site) -> str:
    return sample_site.output.as_uri() + "/"


def search(page, base: str, term: str) -> tuple[str, list[str]]:
    """The status line and every result title (all pages of results) for `term` on the search page."""
    page.goto(base + "zoeken/index.html")
    page.wait_for_selector(".zoekopties:not([hidden])")
    page.fill("#zoekterm", term)  # typing searches by itself (one search: Enter as well would start a second)
    page.wait_for_function("([term]) => /^(\\d+ result|Niets)/.test(document.getElementById('zoekmelding').textContent)"
                           " && document.getElementById('zoekmelding').textContent.includes(`“${term}”`)", arg=[term])
    while page.locator("#meer").is_visible():
        before = page.locator("#zoekresultaten li").count()
        page.click("#meer")
        page.wait_for_function(f"document.querySelectorAll('#zoekresultaten li').length > {before}")
    return page.locator("#zoekmelding").text_content() or "", page.locator("#zoekresultaten h2 a").all_text_contents()


def test_from_disk_a_query_gives_the_same_results_as_online(browser, sample_url, disk_url):
    page = browser.new_page()
    differences = []
    for term in QUERIES:
        online_message, online = search(page, sample_url, term)
        disk_message, disk = search(page, disk_url, term)
        if disk_message != online_message or disk[:3] != online[:3] or sorted(disk) != sorted(online):
            differences.append((term, online_message, online[:3], disk_message, disk[:3]))
    assert differences == []
    page.close()


@pytest.fixture(scope="module")
def pieces_url(tmp_path_factory) -> str:
    """The sample site built with the offline index's parts in pieces of three pages (a part of a large site has
    five of 100), for the browser to put together again."""
    root = tmp_path_factory.mktemp("in-stukken")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(offline_index, "PIECE_PAGES", 3)
        patch.setattr(offline_index.OfflineIndex, "start", lambda self, part, pages, count: None)  # not in a worker:
        build(BuildOptions(root))                                                        # it would make pieces of 100
    assert len(list((root / "output/pagefind/schijf").glob("deel-1-*.js"))) >= 4
    return (root / "output").as_uri() + "/"


def test_from_disk_a_part_in_pieces_gives_the_very_results_of_a_part_in_one(browser, disk_url, pieces_url):
    page = browser.new_page()
    for term in QUERIES:
        assert search(page, pieces_url, term) == search(page, disk_url, term), term
    page.close()


@pytest.mark.parametrize("term", ["reparatie", "café", "Cafe", "REPARATIECAFE", "kleding"])
def test_from_disk_the_repair_cafe_is_found_by_any_half_case_or_accent(browser, disk_url, term):
    page = browser.new_page()
    _, titles = search(page, disk_url, term)
    assert titles and titles[0] == "Reparatiecafé en kledingpunt", titles
    page.close()


def test_from_disk_results_link_to_the_pages_on_disk_with_type_wijk_snippet_and_thumbnail(browser, disk_url):
    page = browser.new_page()
    search(page, disk_url, "molens")
    first = page.locator("#zoekresultaten li").first
    assert first.locator(".kaart__meta").text_content() == "Verhaal · Kinderdijk"
    assert first.locator("p:not(.kaart__meta)").text_content().strip()
    page.wait_for_function("() => { const img = document.querySelector('#zoekresultaten li img.resultaat__foto');"
                           " return img && img.complete && img.naturalWidth > 0; }")
    first.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.endswith("/index.html")
    assert page.locator("h1").text_content() == "Schaatsen tussen de molens"
    page.close()


def test_from_disk_filters_and_sorting_work_as_online(browser, sample_url, disk_url):
    page = browser.new_page()
    found = {}
    for base in (sample_url, disk_url):
        search(page, base, "wijk")
        page.locator("#zoekfilters summary").click()
        page.wait_for_selector("fieldset[data-filter=type]:not([hidden])")
        labels = page.locator("#zoekfilters label").all_text_contents()
        page.locator("fieldset[data-filter=type] input[value=Verhaal]").check()
        page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('“wijk”')"
                               " && !document.getElementById('zoekmelding').textContent.startsWith('19 ')")
        stories = page.locator("#zoekresultaten .kaart__meta").all_text_contents()
        page.select_option("#volgorde", "asc")
        page.wait_for_timeout(300)
        page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('“wijk”')")
        oldest_first = page.locator("#zoekresultaten h2 a").all_text_contents()
        found[base] = (labels, page.locator("#zoekmelding").text_content(), stories, oldest_first)
    assert found[disk_url] == found[sample_url]
    assert all(meta.startswith("Verhaal") for meta in found[disk_url][2])
    page.close()


def test_from_disk_keyboard_only_search_from_the_header_box_with_a_polite_live_region(browser, disk_url):
    page = browser.new_page()
    page.goto(disk_url + "index.html")
    for _ in range(3):  # skip link, site name, search box
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "zoekvak"
    page.keyboard.type("wijk")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('resultaten voor “wijk”')")
    status = page.locator("#zoekmelding")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert page.locator("#zoekresultaten li").count() == 5
    page.locator("#meer").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#zoekresultaten li').length === 10")
    assert page.evaluate("document.activeElement.textContent") == \
        page.locator("#zoekresultaten li h2 a").nth(5).text_content()  # focus on the first new result
    page.close()


def requested(browser, base: str, term: str) -> list[str]:
    """Every URL the browser asks for while searching `term`."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    search(page, base, term)
    page.close()
    return requests


def test_from_disk_nothing_is_loaded_from_a_server_or_another_host(browser, disk_url):
    requests = requested(browser, disk_url, "molen")
    assert requests and all(url.startswith("file://") for url in requests), requests
    assert any(url.endswith("/pagefind/schijf/deel-1-1.js") for url in requests)
    assert not any("/pagefind/pagefind" in url for url in requests)  # Pagefind itself is not tried


def test_online_the_offline_index_is_never_loaded(browser, sample_url):
    requests = requested(browser, sample_url, "molen")
    assert not [url for url in requests if "/schijf/" in url or "zoeken-schijf" in url or "woordenlijst" in url]


@pytest.mark.parametrize("query", ["molen", "reperatie"])
def test_from_disk_no_axe_violations(browser, disk_url, query):
    page = browser.new_page()
    page.goto(disk_url + f"zoeken/index.html?q={query}")
    page.wait_for_function("/voor “/.test(document.getElementById('zoekmelding').textContent)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.close()


@pytest.mark.parametrize("where", ["online", "disk"])
def test_a_misspelling_offers_the_word_on_the_site_and_the_link_searches_it(browser, sample_url, disk_url, where):
    page = browser.new_page()
    base = sample_url if where == "online" else disk_url
    offered = {}
    for typo in TYPOS:
        message, titles = search(page, base, typo)
        link = page.locator("#zoekmelding a")
        offered[typo] = link.text_content() if link.count() else None
        assert f"Bedoelde u: {offered[typo]}?" in message or offered[typo] is None
    assert offered == TYPOS, {typo: word for typo, word in offered.items() if word != TYPOS[typo]}
    link = page.locator("#zoekmelding a")
    link.focus()
    page.keyboard.press("Enter")  # the last typo's suggestion, by keyboard
    page.wait_for_function("document.getElementById('zoekmelding').textContent"
                           ".startsWith('1 resultaat voor “reparatie kleding”')")
    assert page.input_value("#zoekterm") == "reparatie kleding"
    assert page.evaluate("document.activeElement.id") == "zoekterm"
    assert page.locator("#zoekresultaten h2 a").first.text_content() == "Reparatiecafé en kledingpunt"
    page.close()


def test_a_word_that_is_on_the_site_gets_no_suggestion(browser, disk_url):
    page = browser.new_page()
    message, titles = search(page, disk_url, "souburgh")
    assert titles and "Bedoelde" not in message
    message, titles = search(page, disk_url, "xqzwvk")
    assert titles == [] and "Bedoelde" not in message and "korter woord" in message
    page.close()


def test_from_disk_without_the_offline_index_the_page_says_so_and_offers_the_overviews(browser, sample_site,
                                                                                      tmp_path):
    copy = tmp_path / "kopie"
    shutil.copytree(sample_site.output, copy)
    shutil.rmtree(copy / "pagefind/schijf")
    page = browser.new_page()
    page.goto((copy / "zoeken/index.html").as_uri())
    page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('zoekbestanden')")
    assert page.locator("#bladeren a", has_text="Kinderdijk").count() == 1
    page.close()
