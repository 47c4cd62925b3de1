"""Regenerate the screenshots in docs/screenshots/ from the sample site, in headless Chromium.

    .venv/bin/python docs/screenshots.py          (everything)
    .venv/bin/python docs/screenshots.py beheer   (only the pages of wijksite beheer)

Builds the sample site into a temporary folder, serves it on 127.0.0.1 and photographs the home, an initiative,
a story, the search page and a wijk page at 375 and 1280 px wide. Then starts `wijksite beheer` on another copy
(with a story sent in through the werkplaats) and photographs every page of the app: beheer-*.jpg.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.build import BuildOptions, build  # noqa: E402
from tests.admin_client import DRAFT, Volunteer, running_admin  # noqa: E402

PAGES = {"home": "index.html", "initiatief": "initiatieven/reparatiecafe-en-kledingpunt/index.html",
         "verhaal": "verhalen/werken-op-de-werf/index.html", "zoeken": "zoeken/index.html?q=molen",
         "wijk": "wijken/kinderdijk/index.html"}
WIDTHS = (375, 1280)
ADMIN_PAGES = {"overzicht": "/", "nakijken": "/nakijken", "nakijken-verhaal": "/nakijken/verhalen/ijs",
               "bewerken": "/bewerken/verhalen/ijs", "nieuw-initiatief": "/nieuw/initiatief",
               "site-instellingen": "/site-instellingen", "fouten": "/fouten", "publiceren": "/publiceren",
               "prullenbak": "/prullenbak",
               "versies": "/versies?bestand=content%2Fverhalen%2Fijs%2Findex.md"}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        pass


def main() -> None:
    target = REPO / "docs" / "screenshots"
    target.mkdir(exist_ok=True)
    if sys.argv[1:] == ["beheer"]:
        admin_pages(target)
        return
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        build(BuildOptions(root))
        handler = functools.partial(QuietHandler, directory=str(root / "output"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            photograph(playwright, base, PAGES, target)
        server.shutdown()
    admin_pages(target)


def admin_pages(target: Path) -> None:
    """Every page of `wijksite beheer`, on a copy of the sample site with a story from the werkplaats."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        story = root / "content/verhalen/ijs"
        story.mkdir()
        (story / "index.md").write_text(DRAFT, encoding="utf-8")
        scan = Image.open(REPO / "content/verhalen/schaatsen-tussen-de-molens/molens-ijs.jpg").convert("RGB")
        scan.save(story / "vaart.jpg", "JPEG")
        with (root / "site.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"\npubliceren:\n  doel: map\n  map: {root.parent / 'webserver'}\n")
        with running_admin(root) as base, sync_playwright() as playwright:
            photograph(playwright, base.rstrip("/") + "/", {k: v.lstrip("/") for k, v in ADMIN_PAGES.items()},
                       target, "beheer-")
            volunteer = Volunteer(base)
            volunteer.post("/publiceren", {"actie": "proef"})  # a trial publication; its page stays to be seen
            photograph(playwright, base, {"proefpublicatie": volunteer.url}, target, "beheer-")


def photograph(playwright: Any, base: str, pages: dict[str, str], target: Path, prefix: str = "") -> None:
    """Each page at each width, whole, as docs/screenshots/<prefix><name>-<width>.jpg."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name, path in pages.items():
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(target / f"{prefix}{name}-{width}.jpg"), full_page=True, type="jpeg", quality=75)
            page.close()
            print(f"docs/screenshots/{prefix}{name}-{width}.jpg")
    browser.close()


if __name__ == "__main__":
    main()
