"""One running workshop: the site, its texts, the drafts, and the worker thread (the state every page of the
werkplaats shares; the app and its start are in app.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from ..content.config import Config, load_config
from ..preview.local_app import CodeGuard, app_messages
from ..render.theme import load_theme, message
from .drafts import DraftStore

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
