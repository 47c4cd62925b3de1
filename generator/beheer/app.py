"""`wijksite beheer`: the site managed in the browser, by volunteers who are not programmers.

A small tornado web app (pages in beheer/pages.py, beheer/editing.py, beheer/publishing.py and beheer/previews.py)
in the same family as `wijksite werkplaats`: an overview of every entry, a review queue for drafts, forms for
every field made from the schema, the live preview of the whole site and publishing. Every save changes only the
lines that changed and keeps the previous version (editing/revisions.py). Bound to 127.0.0.1 unless the volunteer allows
the network, which then needs a one-time access code. Nothing of the app is ever written to output/.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import shutil
import tempfile
import threading
import weakref
import webbrowser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import tornado.httpserver
import tornado.web

from ..content.config import Config, load_config
from ..errors import BuildStopped, SiteError
from ..options import BuildOptions
from ..pipeline import prepare
from ..preview.local_app import CodeGuard, access_code, announce, app_messages, listen, run_until_stopped
from ..preview.server import Preview, watched_times
from ..render.theme import load_theme, message
from .entries import EntryFiles
from .forms import control, path_label, summary, understood

__all__ = ["Admin", "listen", "make_app", "run_admin"]  # listen: the local apps' own, with their limits
T = TypeVar("T")
DEFAULT_PORT = 8002


class Admin:
    """One running beheer app: the site, its texts, what `check` found, the live preview and one worker thread."""

    def __init__(self, root: Path, access_code: str | None = None, say: Callable[[str], Any] = print) -> None:
        self.root = root
        self.access_code = access_code
        self.say = say
        self.entries = EntryFiles(root)
        self.preview = Preview(root)  # the whole site with drafts, as `wijksite serve` builds it
        self.temporary = Path(tempfile.mkdtemp(prefix="wijksite-beheer-"))
        self._remove = weakref.finalize(self, shutil.rmtree, self.temporary, ignore_errors=True)
        self.guard = CodeGuard()
        self.jobs: dict[str, Any] = {}  # publishing jobs by id (publishing.PublishJob)
        self.problems: list[SiteError] = []
        self._checked_for: dict[str, tuple[int, int]] | None = None
        self._previewed_for: dict[str, tuple[int, int]] | None = None
        # One thread does all reading of the whole site, every save and every build, one at a time: two saves never
        # cross, a check never reads a half-saved site, and the build's Markdown converter is used by one at a time.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beheer")
        self.load_site()

    def load_site(self) -> None:
        """site.yaml, the theme and the texts, again (after site.yaml was saved)."""
        self.config, self.config_problems = _config(self.root)
        theme = load_theme(self.config, use_cache=False)
        self.static = theme.static_files()
        self.folders = theme.folders
        self.templates: jinja2.Environment = theme.environment
        self.messages = app_messages(theme.folders, theme.messages, "beheer", self.config.language)
        self.templates.globals.update(t=self.text, label=self.label, control=control, begrepen=understood,
                                      samenvatting=summary, path_label=lambda path: path_label(path, self.label))

    def text(self, key: str, **values: Any) -> str:
        return message(self.messages, key, values)

    def label(self, key: str, one: bool = False) -> str:
        """A field's name in the forms: from the texts, or made from its key ("opgetekend_door": Opgetekend door).
        `one`: the name of one item of a list ("Foto" for fotos)."""
        found = self.messages.get(f"beheer.een.{key}") if one else None
        return found or self.messages.get(f"beheer.veld.{key}") or key.replace("_", " ").capitalize()

    def app_file(self, name: str) -> Path | None:
        """A file of the app itself (its style sheet), the site's own first; never under static/, so never published."""
        for folder in self.folders:
            path = folder / "beheer" / name
            if path.is_file():
                return path
        return None

    async def in_worker(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, work, *args)

    def check(self) -> list[SiteError]:
        """What `wijksite check` finds, found again only when a file of the site changed. Call it in the worker."""
        state = watched_times(self.root)
        if state != self._checked_for:
            try:
                self.problems = prepare(BuildOptions(self.root)).problems
            except BuildStopped as stopped:
                self.problems = stopped.problems
            self._checked_for = state
        return self.problems

    def current_preview(self) -> Preview:
        """The live preview, built again first if a file of the site changed since. Call it in the worker."""
        state = watched_times(self.root)
        if state != self._previewed_for:
            self.preview.rebuild()
            self._previewed_for = state
        return self.preview

    def close(self) -> None:
        """Stop the worker and remove every temporary file (uploads not yet saved, previews of entries)."""
        self.worker.shutdown(wait=True)
        self._remove()


def _config(root: Path) -> tuple[Config, list[SiteError]]:
    """The site's settings; with mistakes in site.yaml, stand-in settings so the volunteer can still fix them here."""
    try:
        config = load_config(root)
    except BuildStopped as stopped:
        return Config(root, title=root.name, municipality=""), stopped.problems
    return config, list(config.problems)


def make_app(root: Path, access_code: str | None = None, say: Callable[[str], Any] = print) -> tornado.web.Application:
    """The beheer app for the site in `root`; with an access code, every page asks for it once.

    Serve it with `listen`; `app.settings["admin"].close()` stops it and removes its temporary files.
    """
    from .pages import NotFound, routes  # the pages need Admin; Admin does not need them

    admin = Admin(root, access_code, say)
    return tornado.web.Application(
        routes(admin),
        admin=admin,
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Strict"},
        cookie_secret=secrets.token_hex(32),
        default_handler_class=NotFound,
    )


def run_admin(root: Path, port: int = DEFAULT_PORT, open_browser: bool = False, network: bool = False,
              say: Callable[[str], Any] = print, started: Callable[[Callable[[], None]], Any] = lambda stop: None
              ) -> None:
    """Serve beheer until Ctrl+C: on 127.0.0.1, or on the network with an access code. `started` gets a function
    that stops it from another thread (the launcher's window does so)."""
    code = access_code() if network else None
    app = make_app(root, code, say)
    admin: Admin = app.settings["admin"]
    logging.getLogger("tornado.access").disabled = True  # English request lines would only alarm a volunteer

    def opened() -> None:
        announce(say, port, code, f"Beheer van {admin.config.title} geopend op deze computer",
                 "Op andere computers in dit netwerk", "Toegangscode voor andere computers")
        say("Stoppen: sluit dit venster of druk op Ctrl+C")
        admin.worker.submit(admin.current_preview)  # ready by the time the volunteer asks for it
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(f"http://127.0.0.1:{port}/",)).start()

    try:
        run_until_stopped(app, port, network, opened, started)
    finally:
        admin.close()
    say("Beheer gestopt. Alles wat u opsloeg, staat in de map van de site.")
