"""`wijksite werkplaats`: at a library workshop, participants contribute a story with photos themselves.

A small tornado web app (pages in werkplaats/pages.py): a large-type, accessible Dutch form that works without
JavaScript; a preview that is a real build of a temporary site holding only this story; saving writes a new
draft story folder under content/verhalen/ and nothing else. Bound to 127.0.0.1 unless the volunteer allows
the network, which then needs a one-time access code. The form lives at /verhaal/<token>: from the first send
the server keeps what was typed and chosen (the photos in a temporary folder), and before it the browser does
(static/js/werkplaats.js), so going back or reloading never loses it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.web

from ..preview.local_app import (
    access_code,
    announce,
    listen,
    run_until_stopped,
    serve_in_thread,
)
from ..preview.uploads import MAX_BODY_BYTES
from .drafts import TOKEN
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
from .workshop import Workshop

__all__ = ["MAX_BODY_BYTES", "Workshop", "access_code", "listen", "make_app", "run_workshop", "serve_in_thread"]


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
