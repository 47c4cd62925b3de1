"""Regenerate the screenshots in docs/screenshots/ from the sample site, in headless Chromium.

    .venv/bin/python docs/screenshots.py              (all)
    .venv/bin/python docs/screenshots.py werkplaats   (only the workshop's)
    .venv/bin/python docs/screenshots.py beheer       (only beheer's)

Builds the sample site into a temporary folder, serves it on 127.0.0.1 and photographs the home, an initiative,
a story, the search page and a wijk page at 375 and 1280 px wide; then walks through `wijksite werkplaats` as a
participant on a phone would (the form, photos chosen, a mistake, the preview, thanks) and photographs each step;
then starts `wijksite beheer` on another copy (with a story sent in through the werkplaats) and photographs every
page of the app at both widths (beheer-*.jpg), a trial publication included.
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
from generator.werkplaats.app import make_app, serve_in_thread  # noqa: E402
from tests.admin_client import DRAFT, Volunteer, running_admin  # noqa: E402

PAGES = {"home": "index.html", "initiatief": "initiatieven/reparatiecafe-en-kledingpunt/index.html",
         "verhaal": "verhalen/werken-op-de-werf/index.html", "zoeken": "zoeken/index.html?q=molen",
         "wijk": "wijken/kinderdijk/index.html"}
WIDTHS = (375, 1280)
ADMIN_PAGES = {"overzicht": "/", "nakijken": "/nakijken", "nakijken-verhaal": "/nakijken/verhalen/ijs",
               "bewerken": "/bewerken/verhalen/ijs", "nieuw-initiatief": "/nieuw/initiatief",
               "site-instellingen": "/site-instellingen", "fouten": "/fouten", "publiceren": "/publiceren",
               "prullenbak": "/prullenbak", "versies": "/versies?bestand=content%2Fverhalen%2Fijs%2Findex.md"}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars",
        "--lang=nl"]  # the browser's own words (the photo button) in Dutch, as on a participant's phone


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        pass


def main() -> None:
    target = REPO / "docs" / "screenshots"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        build(BuildOptions(root))
        handler = functools.partial(QuietHandler, directory=str(root / "output"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        which = sys.argv[1:]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            if not which:
                photograph(browser, base, PAGES, target)
            if which in ([], ["werkplaats"]):
                workshop_screenshots(browser, root, target)
            if which in ([], ["beheer"]):
                admin_screenshots(browser, target)
            browser.close()
        server.shutdown()


def photograph(browser: Any, base: str, pages: dict[str, str], target: Path, prefix: str = "") -> None:
    """Each page at each width, whole, as docs/screenshots/<prefix><name>-<width>.jpg."""
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


def admin_screenshots(browser: Any, target: Path) -> None:
    """Every page of `wijksite beheer`, on a copy of the sample site with a story from the werkplaats."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        with (root / "site.yaml").open("a", encoding="utf-8") as settings:
            settings.write(f"\npubliceren:\n  doel: map\n  map: {Path(temporary) / 'webserver'}\n")
        story = root / "content/verhalen/ijs"
        story.mkdir()
        (story / "index.md").write_text(DRAFT, encoding="utf-8")
        scan = Image.open(REPO / "content/verhalen/schaatsen-tussen-de-molens/molens-ijs.jpg").convert("RGB")
        scan.save(story / "vaart.jpg", "JPEG")
        with running_admin(root) as base:
            photograph(browser, base, ADMIN_PAGES, target, "beheer-")
            volunteer = Volunteer(base)
            volunteer.post("/publiceren", {"actie": "proef"})  # a trial publication; its page stays to be seen
            photograph(browser, base, {"proefpublicatie": volunteer.url}, target, "beheer-")


def workshop_screenshots(browser: Any, root: Path, target: Path) -> None:
    """The workshop form on a phone, step by step: werkplaats-1-formulier-375.jpg and so on."""
    app = make_app(root)
    base, stop = serve_in_thread(app)
    photos = [str(path) for path in sorted((root / "content/verhalen").glob("*/*.jpg"))[:2]]
    page = browser.new_page(viewport={"width": 375, "height": 667}, locale="nl-NL")

    def shoot(name: str, full_page: bool = True, clip: dict[str, float] | None = None) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(target / f"werkplaats-{name}-375.jpg"), full_page=full_page, clip=clip, type="jpeg",
                        quality=75)
        print(f"docs/screenshots/werkplaats-{name}-375.jpg")

    page.goto(base + "/")
    shoot("1-formulier")
    page.fill("#titel", "Schaatsen tussen de molens")
    page.fill("#verhaal", "In de winter van 1963 lag er dik ijs op de vaart.\n\nWe schaatsten tot het donker werd.")
    page.set_input_files("#fotos-kiezen", photos)
    page.wait_for_selector("#nieuw-alt1")
    page.fill("#nieuw-alt0", "Een marktkraam met groente.")
    page.check("#toestemming-ja")
    top = page.locator("#fotos").bounding_box()
    bottom = page.locator("#fotolijst").bounding_box()
    assert top and bottom
    page_top = top["y"] + page.evaluate("window.scrollY") - 16
    shoot("2-fotos-gekozen", clip={"x": 0, "y": page_top, "width": 375,
                                    "height": bottom["y"] + bottom["height"] - top["y"] + 32})
    page.click("button.knop[value=voorbeeld]")
    page.wait_for_selector(".foutenlijst")
    shoot("3-fout", full_page=False)
    page.fill("#alt2", "Een straat met oude huizen.")
    page.check("#personen-nee")
    page.click("button.knop[value=voorbeeld]")
    page.wait_for_selector(".voorbeeld h1")
    shoot("4-voorbeeld", full_page=False)
    page.click("button:has-text('Ja, opslaan')")
    page.wait_for_selector("h1:has-text('Dank u wel')")
    shoot("5-bedankt")
    page.close()
    stop()
    app.settings["workshop"].close()


if __name__ == "__main__":
    main()
