"""A site the web understands: valid HTML, working links at a domain root and under a sub-path, feeds,
sitemap, structured data, sharing tags, open data and agenda files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest

from generator.build import build
from generator.options import BuildOptions
from tests.conftest import REPO, need_program, read_html, serve_folder

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_passes_the_nu_html_checker(sample_site):
    if not VNU.is_file():
        pytest.fail("vnu-jar ontbreekt: voer 'npm ci' uit (zie README)")
    java = need_program("java", "default-jre-headless")
    pages = sorted(str(p) for p in sample_site.output.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [(m["url"].rsplit("/output/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages] == []


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.targets.append(values[name] or "")
        if values.get("srcset"):
            self.targets += [part.strip().split(" ")[0] for part in (values["srcset"] or "").split(",")]


def crawl(start: str) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Follow every local link from the home page (and the 404 page); (pages seen, broken links)."""
    prefix = start.rsplit("/", 1)[0] + "/"
    queue, seen, checked, broken = [start, prefix + "404.html"], set(), {}, []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urllib.request.urlopen(url) as response:
            html = response.read().decode("utf-8")
        parser = Links()
        parser.feed(html)
        for target in parser.targets:
            absolute = urljoin(url, target).split("#")[0]
            if (
                urlsplit(absolute).scheme not in ("http", "https")
                or urlsplit(absolute).netloc != urlsplit(start).netloc
            ):
                continue
            if absolute not in checked:
                try:
                    with urllib.request.urlopen(absolute) as response:
                        checked[absolute] = response.status
                except urllib.error.HTTPError as error:
                    checked[absolute] = error.code
            if checked[absolute] != 200:
                broken.append((url, target, checked[absolute]))
            elif absolute.startswith(prefix) and absolute.endswith(".html"):
                queue.append(absolute)
    return seen, broken


@pytest.mark.parametrize(
    ("base_url", "mount"), [("https://wijk.example/", ""), ("https://bibliotheek.example/kinderdijk/", "kinderdijk/")]
)
def test_no_broken_links_or_missing_assets_at_root_and_under_a_sub_path(tmp_path, base_url, mount):
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    host = tmp_path / "host"
    build(BuildOptions(root, output=host / mount.rstrip("/") if mount else host, base_url=base_url))
    url, server = serve_folder(host)
    try:
        pages, broken = crawl(url + mount + "index.html")
    finally:
        server.shutdown()
    assert broken == []
    assert len(pages) >= 80


def test_feeds_are_atom_with_absolute_links(sample_site):
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted(p.name for p in (sample_site.output / "feeds").iterdir())
    assert {"initiatieven.xml", "verhalen.xml", "wijk-kinderdijk.xml"} <= set(feeds)
    stories = ET.parse(sample_site.output / "feeds/verhalen.xml").getroot()
    entries = stories.findall(f"{atom}entry")
    assert len(entries) == 6
    updated = [e.find(f"{atom}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        link = entry.find(f"{atom}link").get("href")
        assert link.startswith("https://wijksite.example.org/kinderdijk/verhalen/")
        assert (sample_site.output / urlsplit(link).path.removeprefix("/kinderdijk/") / "index.html").is_file()
    home = read_html(sample_site.output / "index.html")
    assert home.find("link", rel="alternate", type="application/atom+xml")


def test_sitemap_lists_every_page_and_robots_points_to_it(sample_site):
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in ET.parse(sample_site.output / "sitemap.xml").getroot().iter(f"{namespace}loc")]
    pages = [p for p in sample_site.output.rglob("index.html")]
    assert len(locations) == len(pages)
    assert "https://wijksite.example.org/kinderdijk/verhalen/werken-op-de-werf/" in locations
    assert (
        "Sitemap: https://wijksite.example.org/kinderdijk/sitemap.xml"
        in (sample_site.output / "robots.txt").read_text()
    )
    assert not (sample_site.output / ".well-known").exists()


def structured(page: Path) -> dict:
    return json.loads(read_html(page).find("script", type="application/ld+json").string)


def test_initiative_has_project_data_and_sharing_tags(sample_site):
    page = sample_site.output / "initiatieven/reparatiecafe-en-kledingpunt/index.html"
    data = structured(page)
    assert data["@type"] == "Project" and data["name"] == "Reparatiecafé en kledingpunt"
    assert data["location"]["name"] == "MFC Maasplein" and data["contactPoint"]["email"]
    assert {"@type": "Organization", "name": "Adullam"} in data["member"]
    html = read_html(page)
    assert html.find("meta", property="og:title")["content"] == "Reparatiecafé en kledingpunt"
    assert html.find("meta", property="og:url")["content"].endswith("/initiatieven/reparatiecafe-en-kledingpunt/")
    assert html.find("link", rel="canonical")["href"] == html.find("meta", property="og:url")["content"]
    assert html.find("meta", attrs={"name": "description"})["content"]


def test_story_is_a_creative_work_with_its_photographs(sample_site):
    page = sample_site.output / "verhalen/werken-op-de-werf/index.html"
    data = structured(page)
    assert data["@type"] == "CreativeWork" and data["temporalCoverage"] == "1960/1969"
    assert data["creator"]["name"].startswith("Wim") and data["license"]
    photos = data["associatedMedia"]
    assert len(photos) == 2 and all(p["@type"] == "Photograph" and p["license"] == "CC0 1.0" for p in photos)
    assert photos[0]["contentUrl"].startswith("https://wijksite.example.org/kinderdijk/verhalen/werken-op-de-werf/")
    og_image = read_html(page).find("meta", property="og:image")["content"]
    assert og_image == photos[0]["contentUrl"]


def test_open_data_catalogue_and_archive_metadata(sample_site):
    folder = sample_site.output / "open-data"
    initiatives = list(csv.DictReader(io.StringIO((folder / "initiatieven.csv").read_text(encoding="utf-8-sig"))))
    assert len(initiatives) == 15 and initiatives == json.loads((folder / "initiatieven.json").read_text())
    assert {"naam", "wijk", "contact_e-mail", "gezocht", "url"} <= set(initiatives[0])
    archive = json.loads((folder / "archief.json").read_text(encoding="utf-8"))
    texts = [row for row in archive if row["dc:type"] == "Text"]
    images = [row for row in archive if row["dc:type"] == "StillImage"]
    assert len(texts) == 6 and len(images) == 7
    assert all(row["dc:relation"] in {t["dc:identifier"] for t in texts} for row in images)
    assert "met-de-klas" not in json.dumps(archive)  # the story without consent is not in the open data either


def test_recurring_initiatives_offer_an_agenda_file(sample_site):
    page = read_html(sample_site.output / "initiatieven/reparatiecafe-en-kledingpunt/index.html")
    link = page.find("a", href="agenda.ics")
    assert link is not None and link.has_attr("download")
    ics = (sample_site.output / "initiatieven/reparatiecafe-en-kledingpunt/agenda.ics").read_bytes().decode()
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU,TH" in ics and "DTSTART;TZID=Europe/Amsterdam:" in ics and "T100000" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert not (sample_site.output / "initiatieven/wijkteam-blokweer/agenda.ics").exists()


def test_favicon_is_served_at_the_root(sample_site):
    assert (sample_site.output / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    html = read_html(sample_site.output / "verhalen/index.html")
    assert {link["href"] for link in html.find_all("link", rel="icon")} == {"../favicon.ico", "../static/favicon.svg"}
