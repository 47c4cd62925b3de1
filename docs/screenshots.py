"""Regenerate the screenshots in docs/screenshots/ from the sample site, in headless Chromium.

    .venv/bin/python docs/screenshots.py          (everything)
    .venv/bin/python docs/screenshots.py beheer   (only the pages of wijksite beheer)

Builds the sample site into a temporary folder, serves it on 127.0.0.1 and photographs the home, an initiative,
a story, the search page and a wijk page at 375 and 1280 px wide. Then starts `wijksite beheer` on another copy
(with a story sent in through the werkplaats) and photographs every page of the app: beheer-*.jpg.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import io
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.admin import listen, make_app  # noqa: E402
from generator.build import BuildOptions, build  # noqa: E402

PAGES = {"home": "index.html", "initiatief": "initiatieven/reparatiecafe-en-kledingpunt/index.html",
         "verhaal": "verhalen/werken-op-de-werf/index.html", "zoeken": "zoeken/index.html?q=molen",
         "wijk": "wijken/kinderdijk/index.html"}
WIDTHS = (375, 1280)
ADMIN_PAGES = {"overzicht": "/", "nakijken": "/nakijken", "nakijken-verhaal": "/nakijken/verhalen/ijs-op-de-vaart",
               "bewerken": "/bewerken/verhalen/ijs-op-de-vaart", "nieuw-initiatief": "/nieuw/initiatief",
               "site-instellingen": "/site-instellingen", "fouten": "/fouten", "publiceren": "/publiceren",
               "prullenbak": "/prullenbak", "versies": "/versies?bestand=content%2Fverhalen%2Fijs-op-de-vaart%2Findex.md"}
DRAFT = """---
titel: IJs op de vaart
verteller: Riet (verzonnen)
datum: winter 1963
wijk: Kinderdijk
toestemming: ja
bron: Werkplaats 2026-11-20
toegevoegd: 2026-11-20
concept: true
fotos:
  - bestand: vaart.jpg
    alt: Een bevroren vaart tussen de molens, met schaatsers in de verte.
    toestemming: onbekend
    personen_herkenbaar: ja
---
Het was zo koud dat de vaart helemaal dichtvroor. We schaatsten tot het donker werd.
"""
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
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, path in PAGES.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(target / f"{name}-{width}.jpg"), full_page=True, type="jpeg", quality=75)
                    page.close()
                    print(f"docs/screenshots/{name}-{width}.jpg")
            browser.close()
        server.shutdown()
    admin_pages(target)


def admin_pages(target: Path) -> None:
    """Every page of `wijksite beheer`, on a copy of the sample site with a story from the werkplaats."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        story = root / "content/verhalen/ijs-op-de-vaart"
        story.mkdir()
        (story / "index.md").write_text(DRAFT, encoding="utf-8")
        buffer = io.BytesIO()
        Image.open(REPO / "content/verhalen/schaatsen-tussen-de-molens/molens-ijs.jpg").convert("RGB").save(buffer, "JPEG")
        (story / "vaart.jpg").write_bytes(buffer.getvalue())
        app = make_app(root, say=lambda line: None)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(asyncio.new_event_loop())
            listen(app, port)
            ready.set()
            asyncio.get_event_loop().run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait()
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, path in ADMIN_PAGES.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(target / f"beheer-{name}-{width}.jpg"), full_page=True, type="jpeg",
                                    quality=75)
                    page.close()
                    print(f"docs/screenshots/beheer-{name}-{width}.jpg")
            browser.close()
        app.settings["admin"].close()


if __name__ == "__main__":
    main()
