"""Workshop drafts: what a participant chose so far, kept in a temporary folder; previews and saving.

Only `write_story` writes into the site, and only a new folder under content/verhalen/, appearing whole.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .build import BuildOptions, build
from .config import CONFIG_FILE
from .slugs import MAX_SLUG_LENGTH, slugify
from .workshop_form import FIRST_SLOTS, CheckedPhoto, PhotoEntry, story_text, unique_names

TOKEN = r"[A-Za-z0-9_-]{24}"
MAX_DRAFTS = 300  # beyond this the oldest drafts are forgotten, so no visitor can fill the disk
DRAFT_HOURS = 12
SITE_PARTS = ("templates", "static", "themes", "berichten")  # what a site may override: the preview uses it too


@dataclass
class Draft:
    """One participant's story in progress; the photos' bytes are files in `folder`, never in content/."""

    token: str
    folder: Path
    values: dict[str, str] = field(default_factory=dict)
    photos: dict[int, PhotoEntry] = field(default_factory=dict)
    slots: int = FIRST_SLOTS
    preview: str = ""  # URL of the preview's story page, once built
    saved_as: str = ""  # content/verhalen/<slug>, once saved
    touched: float = field(default_factory=time.monotonic)

    def photo_file(self, slot: int) -> Path:
        return self.folder / "fotos" / str(slot)

    def thumbnail_file(self, slot: int) -> Path:
        return self.folder / "fotos" / f"{slot}-klein.jpg"

    def chosen(self) -> list[tuple[PhotoEntry, Path]]:
        """The photos in slot order, each with the file holding its bytes."""
        return [(photo, self.photo_file(slot)) for slot, photo in sorted(self.photos.items())]


class DraftStore:
    """Every draft of one workshop, in one temporary folder that is removed when the workshop stops."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="wijksite-werkplaats-"))
        self.previews = self.folder / "voorbeeld"
        self.previews.mkdir()
        self.drafts: dict[str, Draft] = {}
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(18)

    def get(self, token: str, create: bool = False) -> Draft | None:
        if not re.fullmatch(TOKEN, token):
            return None
        draft = self.drafts.get(token)
        if draft is None and create:
            self._forget_old()
            draft = self.drafts[token] = Draft(token, self.folder / "concepten" / token)
        if draft:
            draft.touched = time.monotonic()
        return draft

    def keep_photo(self, draft: Draft, slot: int, checked: CheckedPhoto, data: bytes) -> None:
        draft.photo_file(slot).parent.mkdir(parents=True, exist_ok=True)
        draft.photo_file(slot).write_bytes(data)
        draft.thumbnail_file(slot).write_bytes(checked.thumbnail)
        draft.photos[slot] = PhotoEntry(checked.name)

    def drop_photo(self, draft: Draft, slot: int) -> None:
        draft.photos.pop(slot, None)
        draft.photo_file(slot).unlink(missing_ok=True)
        draft.thumbnail_file(slot).unlink(missing_ok=True)

    def forget(self, draft: Draft) -> None:
        """Remove a draft's photos and preview; the token stays known, so a second click finds 'saved'."""
        shutil.rmtree(draft.folder, ignore_errors=True)
        shutil.rmtree(self.previews / draft.token, ignore_errors=True)

    def _forget_old(self) -> None:
        now = time.monotonic()
        by_age = sorted(self.drafts.values(), key=lambda d: d.touched)
        for number, draft in enumerate(by_age):
            if now - draft.touched > DRAFT_HOURS * 3600 or len(by_age) - number >= MAX_DRAFTS:
                self.forget(draft)
                del self.drafts[draft.token]

    def close(self) -> None:
        self._remove()


def write_story(parent: Path, values: dict[str, str], photos: list[tuple[PhotoEntry, Path]], today: date,
                draft: bool = True) -> Path:
    """A new story folder in `parent`, written whole in a hidden folder and then renamed; never overwrites."""
    entries = unique_names([photo for photo, _ in photos])
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".werkplaats-{secrets.token_hex(8)}"  # hidden: the build skips it until it is complete
    staging.mkdir()
    try:
        for entry, (_, source) in zip(entries, photos, strict=True):
            shutil.copyfile(source, staging / entry.name)
        (staging / "index.md").write_text(story_text(values, entries, today, draft), encoding="utf-8", newline="\n")
        slug = slugify(values["titel"]) or "verhaal"
        for number in itertools.count(1):
            suffix = f"-{number}" if number > 1 else ""
            target = parent / (slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix)
            if target.name in _slugs_in(parent) or os.path.lexists(target):
                continue
            try:
                staging.rename(target)
                return target
            except OSError:
                if not os.path.lexists(target):
                    raise
        raise AssertionError("unreachable")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _slugs_in(parent: Path) -> set[str]:
    """The slugs stories in `parent` already have: `molens/` and `molens.md` are both `molens`."""
    return {slugify(child.name if child.is_dir() else child.stem) for child in parent.iterdir()
            if not child.name.startswith(".")}


def build_preview(root: Path, draft_folder: Path, output: Path, values: dict[str, str],
                  photos: list[tuple[PhotoEntry, Path]], today: date) -> str:
    """Build a site holding only this story, with the site's own settings and theme; the story page's path.

    Raises BuildStopped, as a build does, if the story cannot be built.
    """
    site = draft_folder / "site"
    shutil.rmtree(site / "content", ignore_errors=True)
    site.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / CONFIG_FILE, site / CONFIG_FILE)
    for part in SITE_PARTS:
        if (root / part).is_dir() and not (site / part).exists():
            try:
                (site / part).symlink_to((root / part).resolve(), target_is_directory=True)
            except OSError:  # no symbolic links (Windows without developer mode): a copy does the same
                shutil.copytree(root / part, site / part)
    # the preview shows the story as it will look once published, so here it is published
    story = write_story(site / "content" / "verhalen", {**values, "toestemming": "ja"}, photos, today, draft=False)
    build(BuildOptions(site, output=output, base_url=""))
    page = output / "verhalen" / story.name / "index.html"
    found = page if page.is_file() else next(iter(sorted(output.glob("verhalen/*/index.html"))), page)
    return found.relative_to(output).as_posix()
