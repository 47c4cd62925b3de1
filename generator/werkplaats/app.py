"""`wijksite werkplaats`: at a library workshop, participants contribute a story with photos themselves.

A small tornado web app (pages in werkplaats/pages.py): a large-type, accessible Dutch form that works without
JavaScript; a preview that is a real build of a temporary site holding only this story; saving writes a new
draft story folder under content/verhalen/ and nothing else. Bound to 127.0.0.1 unless the volunteer allows
the network, which then needs a one-time access code. The form lives at /verhaal/<token>: from the first send
the server keeps what was typed and chosen (the photos in a temporary folder), and before it the browser does
(static/js/werkplaats.js), so going back or reloading never loses it.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import tornado.httpserver
import tornado.web

from ..content.config import Config, load_config
from ..preview.local_app import (
    CodeGuard,
    access_code,
    announce,
    app_messages,
    listen,
    run_until_stopped,
    serve_in_thread,
)
from ..preview.uploads import MAX_BODY_BYTES
from ..render.theme import load_theme, message
from .drafts import TOKEN, DraftStore
from .pages import (
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
        self.messages = app_messages(theme.folders, theme.messages, "werkplaats", self.config.language)
        self.templates.globals["t"] = self.text
        self.wijken = [wijk.name for wijk in self.config.wijken]
        self.drafts = DraftStore()
        self.guard = CodeGuard()
        # One thread decodes photos and builds previews, one job at a time: pages stay quick for everyone else,
        # memory stays bounded, and the build's shared Markdown converter is never used by two at once.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="werkplaats")

    def text(self, key: str, **values: Any) -> str:
        """A UI text from berichten/; "one|many" texts choose by `aantal`."""
        return message(self.messages, key, values)

    async def in_worker(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, work, *args)

    def close(self) -> None:
        """Stop the worker and remove every temporary file (photos of unsaved drafts, previews)."""
        self.worker.shutdown(wait=True)
        self.drafts.close()


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


def run_workshop(root: Path, port: int = 8001, network: bool = False, print_fn: Callable[[str], Any] = print) -> None:
    """Serve the workshop until Ctrl+C: on 127.0.0.1, or on the network with a one-time access code."""
    code = access_code() if network else None
    app = make_app(root, code, print_fn)
    workshop: Workshop = app.settings["workshop"]

    def opened() -> None:
        announce(print_fn, port, code, "Werkplaats geopend op deze computer",
                 "Op telefoons en andere computers in dit netwerk", "Toegangscode voor telefoons en andere computers")
        print_fn("Nieuwe verhalen komen als concept in content/verhalen/. Stoppen: Ctrl+C")

    try:
        run_until_stopped(app, port, network, opened)
    finally:
        workshop.close()
    print_fn("Werkplaats gestopt. Opgeslagen verhalen staan in content/verhalen/.")
