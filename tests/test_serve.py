"""`wijksite serve` as a volunteer uses it: a real server process, real HTTP, the real live-reload socket."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from generator.build import build
from generator.options import BuildOptions
from tests.conftest import INITIATIVE, STORY, read_html


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def server(make_site):
    root = make_site({"content/verhalen/concept/index.md": STORY.replace("titel: Schaatsen bij de molens",
                                                                         "titel: Half af\nconcept: true")},
                     {"content/verhalen/concept/ijs.jpg": (600, 400)})
    base, port, process = start_serve(root)
    yield root, base, port, process
    process.terminate()
    process.wait(timeout=10)


def start_serve(root: Path) -> tuple[str, int, subprocess.Popen[str]]:
    """`wijksite serve` in the site's folder, once it answers: (base URL, port, process)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return base, port, process


def eventually(url: str, check, timeout: float = 10.0) -> tuple[int, str]:
    """The page once `check(status, page)` holds: a browser reloads again on every finished build."""
    deadline = time.time() + timeout
    while True:
        status, page = get(url)
        if check(status, page) or time.time() > deadline:
            return status, page
        time.sleep(0.1)


def wait_for_reload(port: int, action, timeout: float = 15.0) -> dict:
    """Connect as livereload.js does, do `action`, and return the reload command the server sends."""

    async def run() -> dict:
        connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        connection.write_message(json.dumps({"command": "hello",
                                             "protocols": ["http://livereload.com/protocols/official-7"]}))
        await connection.read_message()  # the server's hello
        connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        await asyncio.sleep(0.3)  # let the server register this browser
        action()
        while True:
            message = json.loads(await connection.read_message())
            if message.get("command") == "reload":
                connection.close()
                return message

    # in a thread of its own: the browser tests' Playwright keeps an event loop busy in this one
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        return worker.submit(lambda: asyncio.run(asyncio.wait_for(run(), timeout))).result()


def test_serves_on_localhost_with_live_reload_script_and_drafts_marked(server):
    root, base, _, _ = server
    status, page = get(base + "verhalen/molens/index.html")
    assert status == 200 and "livereload.js" in page
    status, draft = get(base + "verhalen/concept/index.html")
    assert status == 200 and "Concept, nog niet gepubliceerd" in draft
    assert not (root / "output").exists()  # the preview never touches output/


def test_a_saved_edit_rebuilds_and_reloads_the_browser(server):
    root, base, port, _ = server
    path = root / "content/initiatieven/reparatiecafe.md"
    message = wait_for_reload(port, lambda: path.write_text(
        INITIATIVE.replace("titel: Reparatiecafé", "titel: Reparatiecafé Noord"), encoding="utf-8"))
    assert message["command"] == "reload"
    status, page = eventually(base + "initiatieven/reparatiecafe/index.html", lambda _, page: "Noord" in page)
    assert status == 200 and "Reparatiecafé Noord" in page


def test_a_content_error_shows_a_dutch_error_page_and_recovers_on_the_next_save(server):
    root, base, port, process = server
    path = root / "content/initiatieven/reparatiecafe.md"
    wait_for_reload(port, lambda: path.write_text(INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinderdyk"),
                                                  encoding="utf-8"))
    status, page = eventually(base + "index.html", lambda status, _: status == 500)
    assert status == 500
    assert "content/initiatieven/reparatiecafe.md, regel 4" in page and "Kinderdyk" in page
    assert "bedoel je" in page and "livereload.js" in page
    wait_for_reload(port, lambda: path.write_text(INITIATIVE, encoding="utf-8"))
    status, page = eventually(base + "index.html", lambda status, _: status == 200)
    assert status == 200 and "Reparatiecafé" in page
    process.terminate()
    said = process.communicate(timeout=10)[0]  # what the volunteer saw in the terminal: Dutch, no server jargon
    assert "niet gebouwd: 1 fout (zie de browser)" in said and "bijgewerkt in" in said
    assert "500 GET" not in said and "Watch current working directory" not in said and "Traceback" not in said


def test_server_listens_only_on_localhost(server):
    _, _, port, _ = server
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        pytest.skip("no /proc/net/tcp on this system")
    listening = []
    for table in tables:
        for line in table.read_text().splitlines()[1:] if table.exists() else []:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if int(port_hex, 16) == port and state == "0A":  # 0A: LISTEN
                listening.append(address)
    assert listening and set(listening) <= {"0100007F", "00000000000000000000000001000000"}


HELD_BACK = {  # a story's consent lines -> what the preview must say about it
    "toestemming: onbekend": ("toestemming van de verteller is 'onbekend'", "vraag de verteller om toestemming"),
    "toestemming: nee": ("de verteller heeft nee gezegd", "dat besluit wordt gerespecteerd"),
    "toestemming: nee\ningetrokken: 2026-11-02": ("toestemming ingetrokken op 2026-11-02",
                                                   "haal de regel ingetrokken weg"),
}


@pytest.mark.parametrize("consent", list(HELD_BACK))
def test_the_preview_shows_a_story_held_back_for_consent_with_why_and_what_to_do(make_site, consent):
    story = STORY.replace("titel: Schaatsen bij de molens", "titel: De kermis op de dijk").replace(
        "toestemming: ja\nlicentie", f"{consent}\nlicentie").replace("[molens, winter]", "[kermis]").replace(
        "datum: \"jaren '50\"", "datum: 1931")  # a subject and a period no published story has
    root = make_site({"content/verhalen/kermis/index.md": story}, {"content/verhalen/kermis/ijs.jpg": (600, 400)})
    preview = root / ".wijksite-cache/voorbeeld"
    report = build(BuildOptions(root, output=preview, drafts=True, base_url="", preview=True))
    assert report.preview_only == ("verhalen/kermis/",)
    page = read_html(preview / "verhalen/kermis/index.html")
    banner = page.find(class_="voorbeeld-melding")
    said = " ".join(banner.get_text().split())
    reason, fix = HELD_BACK[consent]
    assert "Alleen in dit voorbeeld: dit verhaal komt niet op de site" in said
    assert reason in said and fix in said and "content/verhalen/kermis/index.md, regel" in said
    assert page.h1.get_text() == "De kermis op de dijk" and page.main.find("img") is None  # no photos
    assert "De kermis op de dijk" not in (preview / "verhalen/index.html").read_text(encoding="utf-8")  # no lists
    # a real build: no page, and not a word of the banner anywhere
    real = build(BuildOptions(root))
    assert real.preview_only == () and not (root / "output/verhalen/kermis").exists()
    for path in (root / "output").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "voorbeeld-melding" not in text and "De kermis op de dijk" not in text, path
            assert "Alleen in dit voorbeeld" not in text, path


def test_serve_names_a_held_back_story_in_the_terminal_and_shows_it_with_a_banner(make_site):
    story = STORY.replace("titel: Schaatsen bij de molens", "titel: De kermis").replace(
        "toestemming: ja\nlicentie", "toestemming: onbekend\nlicentie")
    root = make_site({"content/verhalen/kermis/index.md": story}, {"content/verhalen/kermis/ijs.jpg": (600, 400)})
    base, port, process = start_serve(root)
    try:
        status, page = get(base + "verhalen/kermis/")
        assert status == 200 and "voorbeeld-melding" in page and "vraag de verteller om toestemming" in page
    finally:
        process.terminate()
        said = process.communicate(timeout=10)[0]
    assert ("content/verhalen/kermis/index.md:8: waarschuwing: verhaal niet gepubliceerd: toestemming van de "
            "verteller is 'onbekend' — vraag de verteller om toestemming en zet dan toestemming: ja") in said, said
    assert ("alleen in dit voorbeeld, niet op de site (zie de waarschuwing hierboven): "
            f"http://127.0.0.1:{port}/verhalen/kermis/") in said


def test_the_error_page_lists_the_warnings_too(server):
    root, base, port, process = server
    story = STORY.replace("titel: Schaatsen bij de molens", "titel: De kermis").replace(
        "toestemming: ja\nlicentie", "toestemming: onbekend\nlicentie")
    (root / "content/verhalen/kermis").mkdir()
    (root / "content/verhalen/kermis/index.md").write_text(story, encoding="utf-8")
    path = root / "content/initiatieven/reparatiecafe.md"
    wait_for_reload(port, lambda: path.write_text(INITIATIVE.replace("wijk: Kinderdijk", "wijk: Kinderdyk"),
                                                  encoding="utf-8"))
    status, page = eventually(base + "index.html", lambda status, _: status == 500)
    assert status == 500 and "Kinderdyk" in page
    assert "Ook 1 waarschuwing" in page and "toestemming van de verteller is &#x27;onbekend&#x27;" in page
    process.terminate()
    said = process.communicate(timeout=10)[0]
    assert "content/verhalen/kermis/index.md:8: waarschuwing: verhaal niet gepubliceerd" in said
    assert "content/initiatieven/reparatiecafe.md:4: fout: onbekende waarde" in said
