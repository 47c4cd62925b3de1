"""Workshop drafts: what a participant chose so far, kept in a temporary folder; previews and saving.

Only `write_story` writes into the site, and only a new folder under content/verhalen/, appearing whole.
"""

from __future__ import annotations

import html
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
from urllib.parse import urljoin

from ..build import build
from ..content.config import CONFIG_FILE
from ..content.slugs import MAX_SLUG_LENGTH, slugify
from ..options import BuildOptions
from ..preview.uploads import CheckedPhoto
from .form import PhotoEntry, story_text, unique_names

TOKEN = r"[A-Za-z0-9_-]{24}"
MAX_DRAFTS = 300  # beyond this the oldest drafts are forgotten, so no visitor can fill the disk
DRAFT_HOURS = 12
SITE_PARTS = ("templates", "static", "themes", "berichten")  # what a site may override: the preview uses it too


@dataclass
class Draft:
    """One participant's story in progress; the photos' bytes are files in `folder`, never in content/.

    Every send that changes it raises `version` by one. A page carries the version it showed, so a send from an
    older page (another tab) is recognised instead of silently undoing what was changed since.
    """

    token: str
    folder: Path
    values: dict[str, str] = field(default_factory=dict)
    photos: dict[int, PhotoEntry] = field(default_factory=dict)  # by photo number, in the order chosen
    version: int = 0
    sends: dict[int, str] = field(default_factory=dict)  # version a send was made from -> what it held (a hash)
    copies: dict[str, str] = field(default_factory=dict)  # what a send from a page behind held -> its copy's token
    notice: str = ""  # message key shown above the form until the next send
    preview_html: str = ""  # the story as the preview shows it, once built for this version
    saved_as: str = ""  # content/verhalen/<slug>, once saved
    saved_version: int = -1
    touched: float = field(default_factory=time.monotonic)

    def photo_file(self, slot: int) -> Path:
        return self.folder / "fotos" / str(slot)

    def thumbnail_file(self, slot: int) -> Path:
        return self.folder / "fotos" / f"{slot}-klein.jpg"

    def chosen(self) -> list[tuple[PhotoEntry, Path]]:
        """The photos in the order chosen, each with the file holding its bytes."""
        return [(photo, self.photo_file(slot)) for slot, photo in sorted(self.photos.items())]

    def next_number(self) -> int:
        return max(self.photos, default=0) + 1


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

    def keep_photo(self, draft: Draft, checked: CheckedPhoto, caption: str = "", alt: str = "") -> int:
        """A checked photo added to the draft under the next number, which is returned."""
        slot = draft.next_number()
        draft.photo_file(slot).parent.mkdir(parents=True, exist_ok=True)
        draft.photo_file(slot).write_bytes(checked.data)
        draft.thumbnail_file(slot).write_bytes(checked.thumbnail)
        draft.photos[slot] = PhotoEntry(checked.name, caption, alt)
        return slot

    def drop_photo(self, draft: Draft, slot: int) -> None:
        draft.photos.pop(slot, None)
        draft.photo_file(slot).unlink(missing_ok=True)
        draft.thumbnail_file(slot).unlink(missing_ok=True)

    def fork(self, draft: Draft) -> Draft:
        """A new draft with a copy of this one's texts and photos: for a send from a page that is out of date."""
        self._forget_old()
        token = self.new_token()
        copy = self.drafts[token] = Draft(token, self.folder / "concepten" / token, dict(draft.values))
        for slot, photo in draft.photos.items():
            if draft.photo_file(slot).is_file():
                copy.photo_file(slot).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(draft.photo_file(slot), copy.photo_file(slot))
                shutil.copyfile(draft.thumbnail_file(slot), copy.thumbnail_file(slot))
                copy.photos[slot] = PhotoEntry(photo.name, photo.caption, photo.alt)
        return copy

    def saved(self, draft: Draft) -> None:
        """Remove a saved draft's preview. Its photos stay until it expires: a tab that was behind may still
        send changes, which then become a story of their own. The token stays known, so a second click finds
        'saved'."""
        draft.preview_html = ""
        shutil.rmtree(self.previews / draft.token, ignore_errors=True)

    def forget(self, draft: Draft) -> None:
        """Remove a draft's photos and preview."""
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


def saved_line(draft: Draft) -> str:
    """"Opgeslagen: content/verhalen/molens (concept, 2 foto's) — nog nodig: toestemming, wijk"."""
    photos = len(draft.photos)
    needed = [] if draft.values.get("toestemming") == "ja" else ["toestemming"]
    needed += [] if draft.values.get("wijk") else ["wijk"]
    if draft.photos and draft.values.get("personen") == "ja" and draft.values.get("toestemming_personen") != "ja":
        needed.append("toestemming van herkenbare personen")
    counted = (", 1 foto" if photos == 1 else f", {photos} foto's") if photos else ""
    return (f"Opgeslagen: {draft.saved_as} (concept{counted})"
            + (f" — nog nodig: {', '.join(needed)}" if needed else " — klaar om na te lezen"))


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


def build_preview(root: Path, draft_folder: Path, output: Path, url: str, values: dict[str, str],
                  photos: list[tuple[PhotoEntry, Path]], today: date) -> str:
    """Build a site holding only this story, with the site's own settings and theme; the story as HTML to show.

    `url` is where `output` is served. Raises BuildStopped, as a build does, if the story cannot be built.
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
    page_url = url.rstrip("/") + "/" + found.relative_to(output).as_posix()
    return story_fragment(found.read_text(encoding="utf-8"), page_url)


_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
_ARTICLE = re.compile(r"<article\b.*</article>", re.S)
_DIALOG = re.compile(r"<dialog\b.*?</dialog>", re.S)
_LINK_START = re.compile(r"<a\b[^>]*>")
_ADDRESS = re.compile(r'\b(src|srcset)="([^"]*)"')


def story_fragment(page: str, url: str) -> str:
    """The story itself from its built page at `url`: no site around it, no links to wander off by.

    The page is wijksite's own output, in which every typed text is escaped, so its markup can be found by pattern.
    """
    main = _MAIN.search(page)
    body = main.group(1) if main else ""
    article = _ARTICLE.search(body)
    body = _DIALOG.sub("", article.group(0) if article else body)
    body = _LINK_START.sub("<span>", body).replace("</a>", "</span>")  # links become text: nothing to wander off to
    return _ADDRESS.sub(lambda m: f'{m.group(1)}="{_absolute(m.group(1), m.group(2), url)}"', body)


def _absolute(attribute: str, value: str, page_url: str) -> str:
    if attribute == "src":
        return html.escape(urljoin(page_url, html.unescape(value)))
    candidates = [part.strip().split(" ", 1) for part in html.unescape(value).split(",") if part.strip()]
    return html.escape(", ".join(" ".join([urljoin(page_url, c[0]), *c[1:]]) for c in candidates))
