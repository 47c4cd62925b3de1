"""Shared fixtures: small real sites in temporary folders, real images made with Pillow, parsed HTML."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.build import build
from generator.options import BuildOptions, BuildReport

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
titel: Wijk Testdorp
ondertitel: Initiatieven en verhalen
gemeente: Alblasserdam
taal: nl
basis_url: https://bibliotheek.example/kinderdijk/
wijken:
  - naam: Centrum
    beschrijving: Het centrum.
  - naam: Souburgh
  - naam: Kinderdijk
    beschrijving: De wijk bij de molens.
  - naam: Blokweer
themas:
  - naam: Duurzaamheid
  - naam: Zorg en welzijn
  - naam: Geschiedenis
organisaties:
  - naam: Stichting Welzijn Alblasserdam
    afkorting: SWA
  - naam: Bibliotheek Alblasserdam
"""

INITIATIVE = """\
---
titel: Reparatiecafé
samenvatting: Kapotte spullen samen weer heel maken.
wijk: Kinderdijk
themas: [Duurzaamheid]
organisaties: [SWA]
status: lopend
sinds: 2013
wanneer: elke dinsdag 10.00–12.00
waar:
  naam: MFC Maasplein
  adres: Maasplein 1, Alblasserdam
contact:
  naam: Loes
  e-mail: reparatie@example.org
  telefoon: 078 123 45 67
meedoen: Loop gerust binnen.
gezocht:
  - Vrijwilligers die kunnen naaien
gecontroleerd: 2026-09-01
---
Wij repareren **samen**. Zie ook [het archief](/verhalen/molens/).
"""

STORY = """\
---
titel: Schaatsen bij de molens
verteller: Gerrit (verzonnen)
datum: "jaren '50"
plaats: Molenkade
wijk: Kinderdijk
onderwerpen: [molens, winter]
toestemming: ja
licentie: CC BY 4.0
bron: Voorbeeldverhaal
fotos:
  - bestand: ijs.jpg
    alt: Kinderen schaatsen voor een molen.
    bijschrift: Winter bij de molens.
    fotograaf: Onbekend
    datum: circa 1955
    licentie: CC0 1.0
    toestemming: ja
---
Het was koud. We schaatsten tot het donker werd.
"""

PAGE = """\
---
titel: Over deze site
volgorde: 1
---
Over ons.
"""


def write_jpeg(path: Path, size: tuple[int, int] = (1200, 800), colour: tuple[int, int, int] = (120, 140, 160),
               exif: Image.Exif | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, colour)
    image.paste((200, 60, 40), (0, 0, size[0] // 4, size[1] // 4))  # a red corner shows orientation
    image.save(path, "JPEG", quality=90, exif=exif if exif is not None else Image.Exif())
    return path


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site(files={"content/...": text}, photos={"content/.../x.jpg": (w, h)}) -> the site root."""

    def make(files: dict[str, str] | None = None, photos: dict[str, tuple[int, int]] | None = None,
             site_yaml: str = SITE_YAML, defaults: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        everything: dict[str, str] = {"site.yaml": site_yaml}
        if defaults:
            everything.update({"content/initiatieven/reparatiecafe.md": INITIATIVE,
                               "content/verhalen/molens/index.md": STORY,
                               "content/paginas/over.md": PAGE})
            photos = {"content/verhalen/molens/ijs.jpg": (1200, 800), **(photos or {})}
        everything.update(files or {})
        for name, text in everything.items():
            if text is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        for name, size in (photos or {}).items():
            write_jpeg(root / name, size)
        return root

    return make


@pytest.fixture
def build_site() -> Callable[..., BuildReport]:
    def run(root: Path, **options: object) -> BuildReport:
        return build(BuildOptions(root, **options))  # type: ignore[arg-type]

    return run


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with the hash of its bytes: to prove nothing changed."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def in_ci() -> bool:
    """Whether the tests run in CI: CI services set the CI variable, and so does `.ci/run`."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need_program(program: str, package: str) -> str:
    """The path of a program from the machine that a test needs (Chromium, rsync, git, Java).

    Missing, the test fails in CI (a CI run never passes without it) and is skipped elsewhere, naming the
    Debian package to install: the rule the README states.
    """
    found = shutil.which(program)
    if found:
        return found
    if in_ci():
        pytest.fail(f"{program} ontbreekt in CI: voeg {package} toe aan de apt-get-regel in .ci/run")
    pytest.skip(f"{program} is niet geïnstalleerd (apt-get install {package})")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium is a failure in CI, never a silent skip."""
    need_program(CHROMIUM, "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server for tests that does not print every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        pass


def serve_folder(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """A web server for `folder` on 127.0.0.1 in a background thread: (base URL, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a local web server for that folder."""
    servers = []

    def start(folder: Path) -> str:
        url, server = serve_folder(folder)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class SampleSite:
    output: Path
    report: BuildReport


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> SampleSite:
    """The repository's real sample site, built once per test session into a temporary folder."""
    root = tmp_path_factory.mktemp("voorbeeldsite")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return SampleSite(root / "output", build(BuildOptions(root)))


@pytest.fixture(scope="session")
def sample_url(sample_site):
    """The sample site served under a sub-path, as a library publishes it: https://bibliotheek.example/kinderdijk/."""
    host = sample_site.output.parent / "host"
    host.mkdir(exist_ok=True)
    (host / "kinderdijk").symlink_to(sample_site.output)
    url, server = serve_folder(host)
    yield url + "kinderdijk/"
    server.shutdown()
