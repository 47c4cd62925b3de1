"""Long lists on light pages: every page of a list at most 50 KB of HTML, with previous/next links that work without
JavaScript, page numbers in the title, and a meta description from what the page itself shows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from generator.build import build
from generator.options import BuildOptions
from tests.conftest import INITIATIVE, SITE_YAML, STORY, need_program, read_html, serve_folder, tree_digest
from tests.test_accessibility_browser import AXE
from tests.test_web_quality import VNU

BUDGET = 50 * 1024
COUNT = 45  # initiatives and stories each: 40 and 5 initiatives a page, 20, 20 and 5 stories (with photos)
LONG_TITLE = "Buurtinitiatief met een heel lange naam over samen koken, tuinieren en repareren in de wijk"
LONG_SUMMARY = ("Elke week komen bewoners bij elkaar om samen te koken, de moestuin bij te houden en kapotte "
                "spullen te repareren; iedereen is welkom, ook wie weinig tijd heeft of de taal nog leert & meer.")


def long_site(root: Path) -> Path:
    """A site with COUNT initiatives and COUNT stories with a photo each, all in one wijk, theme and subject, with
    titles and summaries near their maximum length: the heaviest cards a list can show."""
    files = {"site.yaml": SITE_YAML + "foto_breedtes: [160, 320, 480]\n"}
    for number in range(1, COUNT + 1):
        title = f"{LONG_TITLE} {number:02d}"[:120]
        files[f"content/initiatieven/initiatief-met-een-lange-naam-{number:02d}.md"] = INITIATIVE.replace(
            "titel: Reparatiecafé", f'titel: "{title}"').replace(
            "samenvatting: Kapotte spullen samen weer heel maken.", f'samenvatting: "{LONG_SUMMARY}"').replace(
            "/verhalen/molens/", "/verhalen/verhaal-met-een-lange-naam-01/")
        files[f"content/verhalen/verhaal-met-een-lange-naam-{number:02d}/index.md"] = STORY.replace(
            "titel: Schaatsen bij de molens", f'titel: "Herinnering {number:02d} aan {LONG_TITLE[:90]}"').replace(
            "verteller:", f'samenvatting: "{LONG_SUMMARY}"\nverteller:').replace(
            "bestand: ijs.jpg", f"bestand: schaatsen-op-de-bevroren-vaart-bij-de-molens-{number:02d}.jpg")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for number in range(1, COUNT + 1):
        photo = root / (f"content/verhalen/verhaal-met-een-lange-naam-{number:02d}/"
                        f"schaatsen-op-de-bevroren-vaart-bij-de-molens-{number:02d}.jpg")
        Image.new("RGB", (600, 400), (40 + number, 90, 140)).save(photo, "JPEG", quality=80)
    return root


@pytest.fixture(scope="module")
def long_output(tmp_path_factory) -> Path:
    root = long_site(tmp_path_factory.mktemp("lange-lijsten"))
    build(BuildOptions(root))
    return root / "output"


def pages_of(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))
            if not p.relative_to(output).as_posix().startswith("pagefind/")}


def test_every_page_stays_within_50_kb(long_output):
    sizes = {path: len(data) for path, data in pages_of(long_output).items()}
    assert len(sizes) > 100
    assert {path: size for path, size in sizes.items() if size > BUDGET} == {}


LISTS = {  # the first page of each long list -> how many pages, and how many items a page holds
    "initiatieven/": (2, 40),
    "verhalen/": (3, 20),
    "wijken/kinderdijk/": (5, 20),  # 45 initiatives and 45 stories
    "themas/duurzaamheid/": (2, 40),
    "organisaties/stichting-welzijn-alblasserdam/": (2, 40),
    "onderwerpen/molens/": (3, 20),
    "tijdlijn/1950/": (3, 20),
}


@pytest.mark.parametrize("first", list(LISTS))
def test_a_long_list_is_split_into_pages_linked_without_javascript(long_output, first):
    count, per_page = LISTS[first]
    files = [f"{first}index.html"] + [f"{first}pagina-{number}.html" for number in range(2, count + 1)]
    assert not (long_output / f"{first}pagina-{count + 1}.html").exists()
    seen: list[str] = []
    for number, file in enumerate(files, 1):
        here = (long_output / file).parent
        page = read_html(long_output / file)
        links = [a["href"] for a in page.select(".kaarten .kaart__titel a")]
        assert 0 < len(links) <= per_page and (len(links) == per_page or number == count)
        seen += [(here / href).resolve().as_posix() for href in links]
        assert f"(pagina {number} van {count})" in page.title.get_text()
        assert page.select_one(".paginering__stand").get_text() == f"Pagina {number} van {count}"
        nav = page.find("nav", class_="paginering")
        assert nav["aria-label"] == "Pagina's van deze lijst"
        current = nav.select('a[aria-current="page"]')
        assert [a.get_text() for a in current] == [str(number)] and current[0]["aria-label"] == f"Pagina {number}"
        for rel, target in (("prev", number - 1), ("next", number + 1)):
            in_body, in_head = nav.find("a", rel=rel), page.find("link", rel=rel)
            if 1 <= target <= count:
                expected = (long_output / files[target - 1]).resolve()
                assert (here / in_body["href"]).resolve() == expected
                assert (here / in_head["href"]).resolve() == expected
            else:
                assert in_body is None and in_head is None
        for a in nav.find_all("a"):  # plain links to files that are there: no script needed
            assert (here / a["href"]).resolve().is_file(), a
    assert len(seen) == len(set(seen))  # every member once, on one page only
    assert all(Path(target).is_file() for target in seen)


def test_list_pages_keep_their_order_across_pages(long_output):
    titles: list[str] = []
    for file in ("verhalen/index.html", "verhalen/pagina-2.html", "verhalen/pagina-3.html"):
        titles += [a.get_text() for a in read_html(long_output / file).select(".kaart__titel a")]
    assert titles == sorted(titles) and len(titles) == COUNT  # one date for all: by title


def test_every_page_has_its_own_description_from_what_it_shows(long_output):
    descriptions: dict[str, str] = {}
    for path, data in pages_of(long_output).items():
        found = re.search(rb'<meta name="description" content="([^"]+)"', data)
        assert found, f"{path} heeft geen beschrijving"
        descriptions[path] = found.group(1).decode()
    second = descriptions["onderwerpen/molens/pagina-2.html"]
    assert second.startswith("Verhalen uit het wijkarchief over molens. Pagina 2 van 3: Herinnering 21 aan")
    assert len(second) <= 160
    assert descriptions["initiatieven/index.html"].startswith("Alle initiatieven in Alblasserdam")
    assert "Pagina 2 van 2: " in descriptions["initiatieven/pagina-2.html"]
    lists = [d for path, d in descriptions.items() if "/pagina-" in path]
    assert len(lists) == len(set(lists))  # no two pages of a list say the same


def test_the_timeline_shows_a_few_stories_per_period_and_links_to_all(long_output):
    page = read_html(long_output / "tijdlijn/index.html")
    period = page.select(".tijdlijn > li")[0]
    assert len(period.select("ul li a")) == 4  # three stories and "all 45"
    assert period.select("ul li a")[-1].get_text() == "Alle 45 verhalen uit de jaren '50"


def test_a_page_of_a_list_shows_only_its_own_part_of_the_intro(long_output):
    first, second = (read_html(long_output / file) for file in ("initiatieven/index.html",
                                                                 "initiatieven/pagina-2.html"))
    assert first.find(class_="inleiding") and first.find("nav", attrs={"aria-labelledby": "per-wijk"})
    assert second.find(class_="inleiding") is None
    trail = [a.get_text() for a in second.select(".kruimels a")]
    assert trail == ["Voorpagina", "Initiatieven"]


def test_rebuilds_after_adding_and_editing_entries_equal_a_clean_build(tmp_path):
    root = long_site(tmp_path / "site")
    build(BuildOptions(root))
    first = root / "content/initiatieven/initiatief-met-een-lange-naam-01.md"
    first.write_text(first.read_text(encoding="utf-8").replace(LONG_TITLE, "Aardappels schillen"), encoding="utf-8")
    report = build(BuildOptions(root))  # a new title: its page, and the pages that list it, not the other pages
    assert report.pages_made < report.pages // 2
    build(BuildOptions(root, output=tmp_path / "schoon"))
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")
    shutil.copy(first, root / "content/initiatieven/aaa-nieuw.md")  # every later card moves one place on
    (root / "content/verhalen/verhaal-met-een-lange-naam-07/index.md").unlink()
    build(BuildOptions(root))
    build(BuildOptions(root, output=tmp_path / "schoon"))
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")
    photo = root / "content/verhalen/verhaal-met-een-lange-naam-30/schaatsen-op-de-bevroren-vaart-bij-de-molens-30.jpg"
    Image.new("RGB", (640, 400), (200, 30, 30)).save(photo, "JPEG")  # a new photo: the cards that show it change
    build(BuildOptions(root))
    shutil.rmtree(tmp_path / "schoon")
    build(BuildOptions(root, output=tmp_path / "schoon"))
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["initiatieven/pagina-2.html", "wijken/kinderdijk/pagina-3.html",
                                  "verhalen/pagina-3.html", "tijdlijn/index.html"])
@pytest.mark.parametrize("width", [375, 1280])
def test_pages_of_a_list_have_no_axe_violations(browser, long_output, path, width):
    if not AXE.is_file():
        pytest.fail("axe-core ontbreekt: voer 'npm ci' uit (zie README)")
    url, server = serve_folder(long_output)
    try:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url + path)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("""async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_pages_of_a_list_pass_the_nu_html_checker(long_output):
    if not VNU.is_file():
        pytest.fail("vnu-jar ontbreekt: voer 'npm ci' uit (zie README)")
    java = need_program("java", "default-jre-headless")
    pages = [str(long_output / path) for path in ("initiatieven/pagina-2.html", "tijdlijn/index.html",
                                                  "wijken/kinderdijk/pagina-5.html", "onderwerpen/index.html")]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600, check=False)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_lists_whose_cards_show_no_photo_hold_more_per_page(make_site, build_site):
    without_photo = STORY.split("fotos:")[0] + "---\nTekst.\n"
    stories = {f"content/verhalen/zonder-foto-{n:02d}/index.md": without_photo.replace(
        "titel: Schaatsen bij de molens", f"titel: Zonder foto {n:02d}") for n in range(25)}
    root = make_site({**stories, "content/verhalen/molens/index.md": without_photo})
    build_site(root)
    assert len(read_html(root / "output/verhalen/index.html").select(".kaart__titel a")) == 26
    assert not (root / "output/verhalen/pagina-2.html").exists()
    (root / "content/verhalen/molens/index.md").write_text(STORY, encoding="utf-8")  # one card with a photo
    build_site(root)
    assert len(read_html(root / "output/verhalen/index.html").select(".kaart__titel a")) == 20
    assert len(read_html(root / "output/verhalen/pagina-2.html").select(".kaart__titel a")) == 6


def description_of(path: Path) -> str:
    found = read_html(path).find("meta", attrs={"name": "description"})
    return found["content"] if found else ""


def test_entries_without_a_summary_are_described_by_the_opening_of_their_text(make_site, build_site):
    body = ("Het was de koudste winter in jaren. Iedereen ging het ijs op, van de bakker tot de dominee. "
            "Wij schaatsten tot het donker werd en dronken daarna chocolademelk bij de molenaar, die ons allemaal "
            "kende.\n\n## Later\n\nVeel later hoorde ik dat het de laatste keer was.\n")
    story = STORY.split("---\n", 2)
    root = make_site({"content/verhalen/molens/index.md": f"---\n{story[1]}---\n{body}",
                      "content/paginas/over.md": "---\ntitel: Over deze site\n---\nWie dit maken: **bewoners**.\n"},
                     site_yaml=SITE_YAML.replace("ondertitel: Initiatieven en verhalen\n", ""))
    build_site(root)
    output = root / "output"
    assert description_of(output / "verhalen/molens/index.html") == (
        "Het was de koudste winter in jaren. Iedereen ging het ijs op, van de bakker tot de dominee.")
    assert description_of(output / "over/index.html") == "Wie dit maken: bewoners."
    assert description_of(output / "index.html").startswith("Wat bewoners samen doen in Alblasserdam")
    assert description_of(output / "404.html").startswith("Deze pagina bestaat niet (meer).")
    assert description_of(output / "onderwerpen/winter/index.html") == (
        "Verhalen uit het wijkarchief over winter. Schaatsen bij de molens")
    assert description_of(output / "tijdlijn/1950/index.html") == "Verhalen uit de jaren '50. Schaatsen bij de molens"
    assert description_of(output / "wijken/kinderdijk/index.html") == "De wijk bij de molens."  # its own beschrijving
