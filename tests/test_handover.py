"""`wijksite publish --naar-map` to a USB stick: a folder a volunteer can hand over, with a start file at the top,
names every disk can hold, and nothing that needs a web server."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.test_portable_names import assert_portable
from tests.test_publish import wijksite

URL_ATTRIBUTES = ("href", "src", "action", "poster")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "voorbeeld"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return root


def links_needing_a_server(folder: Path) -> list[str]:
    """Links on the pages of a published folder that a browser opening the files from disk cannot follow: from the
    root of a web server ("/static/..."), or to a file that is not there (a folder needs its index.html on disk)."""
    problems = []
    for page in sorted(folder.rglob("*.html")):
        where = page.relative_to(folder).as_posix()
        if where == "404.html":  # only ever served by a web server, for an address that does not exist
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            values = [element.get(name) for name in URL_ATTRIBUTES if element.get(name)]
            values += [part.split()[0] for part in str(element.get("srcset", "")).split(",") if part.strip()]
            for value in values:
                link = urlsplit(str(value))
                if link.scheme or link.netloc or not link.path:
                    continue  # another site, mail, phone, or a place on the same page
                if link.path.startswith("/"):
                    problems.append(f"{where}: {value}")
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(where), unquote(link.path)))
                if not (folder / target).is_file():
                    problems.append(f"{where}: {value}")
    return problems


def test_a_folder_on_a_usb_stick_opens_with_its_start_file_and_needs_no_server(sample_copy, tmp_path, browser):
    stick = tmp_path / "USB-STICK" / "Wijk Kinderdijk"
    stick.parent.mkdir()
    result = wijksite("publish", "--naar-map", str(stick), cwd=sample_copy)
    assert result.returncode == 0, result.stderr
    assert "Start hier.html" in result.stdout  # named among the new files
    assert (stick / "Start hier.html").is_file() and (stick / "index.html").is_file()
    assert_portable(stick)
    assert links_needing_a_server(stick) == []
    page = browser.new_page()
    page.goto((stick / "Start hier.html").as_uri())
    page.wait_for_url("**/index.html")
    assert page.title() == "Wijk Kinderdijk"
    assert page.locator("h1").count() == 1
    page.close()
    start = BeautifulSoup((stick / "Start hier.html").read_text(encoding="utf-8"), "html.parser")
    assert start.html["lang"] == "nl" and start.a["href"] == "index.html"
    assert "zonder internet" in start.get_text()
    again = wijksite("publish", "--naar-map", str(stick), cwd=sample_copy)
    assert "niets veranderd" in again.stdout  # the start file is the same every time


def test_a_file_no_usb_stick_can_hold_stops_the_copy_with_its_name(sample_copy, tmp_path):
    """Files wijksite did not make are refused by the build that publish starts with (it names them)."""
    assert wijksite("build", cwd=sample_copy).returncode == 0
    (sample_copy / "output/Index.HTML").write_text("een kopie", encoding="utf-8")  # a volunteer's own file
    (sample_copy / "output/aux.html").write_text("een apparaat", encoding="utf-8")
    stick = tmp_path / "stick"
    result = wijksite("publish", "--naar-map", str(stick), cwd=sample_copy)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "niet gemaakt heeft: Index.HTML, aux.html" in result.stderr and "--opschonen" in result.stderr
    assert not stick.exists()


def test_an_english_site_gets_an_english_start_file(sample_copy, tmp_path):
    site_yaml = sample_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("taal: nl", "taal: en"), encoding="utf-8")
    stick = tmp_path / "stick"
    assert wijksite("publish", "--naar-map", str(stick), cwd=sample_copy).returncode == 0
    start = (stick / "Start here.html").read_text(encoding="utf-8")
    assert 'lang="en"' in start and "without internet" in start and not (stick / "Start hier.html").exists()
