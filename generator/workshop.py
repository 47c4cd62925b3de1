"""`wijksite werkplaats`: at a library workshop, participants contribute a story with photos themselves.

A small tornado web app (pages in workshop_pages.py): a large-type, accessible Dutch form that works without
JavaScript; a preview that is a real build of a temporary site holding only this story; saving writes a new
draft story folder under content/verhalen/ and nothing else. Bound to 127.0.0.1 unless the volunteer allows
the network, which then needs a one-time access code. The form lives at /verhaal/<token>: from the first send
the server keeps what was typed and chosen (the photos in a temporary folder), and before it the browser does
(static/js/werkplaats.js), so going back or reloading never loses it.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import tornado.httpserver
import tornado.web
import yaml

from .config import Config, load_config
from .errors import UsageError
from .theme import load_theme
from .workshop_drafts import TOKEN, DraftStore
from .workshop_pages import (
    Access,
    NotFound,
    Preview,
    PreviewFiles,
    Save,
    Start,
    Static,
    StoryForm,
    Thanks,
    Thumbnail,
)
from .workshop_uploads import MAX_BODY_BYTES

__all__ = ["MAX_BODY_BYTES", "Workshop", "access_code", "listen", "make_app", "run_workshop", "serve_in_thread"]
T = TypeVar("T")


class Workshop:
    """One running workshop: the site, its texts, the drafts, and one worker thread for heavy work."""

    def __init__(self, root: Path, access_code: str | None, report: Callable[[str], Any] = lambda _: None) -> None:
        self.root = root
        self.config: Config = load_config(root)
        self.access_code = access_code
        self.report = report  # a line for the volunteer's terminal
        theme = load_theme(self.config, use_cache=False)  # the site's own theme and overrides; writes no cache
        self.static = theme.static_files()
        self.templates: jinja2.Environment = theme.environment
        # Dutch workshop texts underneath, the site's language over them, its own workshop texts on top.
        self.messages = {**_workshop_messages(theme.folders, "nl"), **theme.messages,
                         **_workshop_messages(theme.folders, self.config.language)}
        self.templates.globals["t"] = self.text
        self.wijken = [wijk.name for wijk in self.config.wijken]
        self.drafts = DraftStore()
        self.guard = CodeGuard()
        # One thread decodes photos and builds previews, one job at a time: pages stay quick for everyone else,
        # memory stays bounded, and the build's shared Markdown converter is never used by two at once.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplaats")

    def text(self, key: str, **values: Any) -> str:
        """A UI text from berichten/; "one|many" texts choose by `aantal`."""
        if key not in self.messages:
            raise KeyError(f"het bericht '{key}' ontbreekt in berichten/werkplaats-nl.yaml")
        text = str(self.messages[key])
        if "|" in text and "aantal" in values:
            one, many = text.split("|", 1)
            text = one if values["aantal"] == 1 else many
        return text.format(**values) if values else text

    async def in_worker(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, work, *args)

    def close(self) -> None:
        """Stop the worker and remove every temporary file (photos of unsaved drafts, previews)."""
        self.worker.shutdown(wait=True)
        self.drafts.close()


class CodeGuard:
    """Wrong access codes: a browser that keeps guessing waits a minute; all guessing together is bounded.

    A browser is known by a random name in a signed cookie, not by its address: a library computer with two
    browsers, or phones behind one router, are several guessers, and one that guesses wrong never locks out
    another that has the code. Whoever throws away that cookie to guess on meets the limit for everyone
    together, which keeps a whole day of guessing below a 1 in 300 chance of finding the six digits.
    """

    PER_BROWSER, BROWSER_SECONDS = 5, 60
    TOGETHER, TOGETHER_SECONDS = 60, 600  # at most 60 wrong codes in 10 minutes: 2,880 in 8 hours of 1,000,000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.wrong: list[tuple[float, str]] = []  # (moment, browser) of each wrong code in the last 10 minutes

    def refusal(self, browser: str) -> str:
        """Why this browser may not try a code now (a message key), or ''."""
        now = self.clock()
        self.wrong = [(moment, who) for moment, who in self.wrong if now - moment < self.TOGETHER_SECONDS]
        if sum(1 for moment, who in self.wrong if who == browser and now - moment < self.BROWSER_SECONDS) >= (
                self.PER_BROWSER):
            return "werkplaats.code_te_vaak"
        if len(self.wrong) >= self.TOGETHER:
            return "werkplaats.code_even_niet"
        return ""

    def failed(self, browser: str) -> None:
        self.wrong.append((self.clock(), browser))


def _workshop_messages(folders: tuple[Path, ...], language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for folder in reversed(folders):  # the default theme first, a site's own file last
        path = folder / "berichten" / f"werkplaats-{language}.yaml"
        if path.is_file():
            messages.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return messages


def make_app(root: Path, access_code: str | None = None,
             report: Callable[[str], Any] = lambda _: None) -> tornado.web.Application:
    """The workshop's web app for the site in `root`; with an access code, every page asks for it once.

    Serve it with `listen` (which sets the upload limits); `app.settings["workshop"].close()` removes its
    temporary files (they are also removed when the program ends). `report` gets a line per saved story.
    """
    workshop = Workshop(root, access_code, report)
    draft = f"/verhaal/({TOKEN})"
    return tornado.web.Application(
        [
            (r"/", Start),
            (draft, StoryForm),
            (draft + "/voorbeeld", Preview),
            (draft + "/opslaan", Save),
            (draft + "/bedankt", Thanks),
            (draft + r"/foto/(\d{1,3})", Thumbnail),
            (r"/voorbeeld/(.*)", PreviewFiles, {"path": str(workshop.drafts.previews)}),
            (r"/toegang", Access),
            (r"/(static/.*|favicon\.ico)", Static),
        ],
        workshop=workshop,
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Strict"},
        cookie_secret=secrets.token_hex(32),
        default_handler_class=NotFound,
    )


def listen(app: tornado.web.Application, port: int, address: str = "127.0.0.1") -> tornado.httpserver.HTTPServer:
    """Serve `app` with the workshop's limits; call it in the thread whose event loop will run it."""
    return app.listen(port, address=address, max_body_size=MAX_BODY_BYTES, idle_connection_timeout=300,
                      body_timeout=600)


def serve_in_thread(app: tornado.web.Application, address: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """Serve `app` on a free port in a thread of its own, for tests and docs/screenshots.py: (base URL, stop)."""
    with socket.socket() as probe:
        probe.bind((address, 0))
        port = probe.getsockname()[1]
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        listen(app, port, address)
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    if not ready.wait(10):
        raise RuntimeError("de werkplaats startte niet")

    def stop() -> None:
        loop.call_soon_threadsafe(loop.stop)

    return f"http://{address}:{port}", stop


def access_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def network_addresses() -> list[str]:
    """This computer's addresses on the local network, for the volunteer to give to phones."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP 'connect' sends nothing; it only picks the outgoing address
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return sorted({address for address in found if not address.startswith("127.")})


def run_workshop(root: Path, port: int = 8001, network: bool = False, print_fn: Callable[[str], Any] = print) -> None:
    """Serve the workshop until Ctrl+C: on 127.0.0.1, or on the network with a one-time access code."""
    code = access_code() if network else None
    app = make_app(root, code, print_fn)
    workshop: Workshop = app.settings["workshop"]

    async def serve() -> None:
        try:
            server = listen(app, port, "0.0.0.0" if network else "127.0.0.1")
        except OSError as exc:
            raise UsageError(f"poort {port} is al in gebruik of niet beschikbaar ({exc.strerror}); "
                             "kies een andere met --port") from exc
        print_fn(f"Werkplaats geopend op deze computer: http://127.0.0.1:{port}/")
        if code:
            for address in network_addresses() or ["<adres van deze computer>"]:
                print_fn(f"Op telefoons en andere computers in dit netwerk: http://{address}:{port}/")
            print_fn(f"Toegangscode voor telefoons en andere computers: {code[:3]} {code[3:]}")
        print_fn("Nieuwe verhalen komen als concept in content/verhalen/. Stoppen: Ctrl+C")
        try:
            await asyncio.Event().wait()
        finally:
            server.stop()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        print_fn("Werkplaats gestopt. Opgeslagen verhalen staan in content/verhalen/.")
    finally:
        workshop.close()
