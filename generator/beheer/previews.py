"""What beheer shows before and besides saving: an entry's page as residents will see it (a real build of a site
holding only that entry), the live preview of the whole site, thumbnails of photos, and photos chosen but not yet
saved. Everything here is written to the app's temporary folder or .wijksite-cache/, never into content/ or output/.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tornado.web

from ..build import build
from ..content.config import CONFIG_FILE
from ..content.slugs import slugify
from ..editing.frontmatter import edited_entry
from ..editing.yamledit import EditRefused
from ..errors import BuildStopped
from ..options import BuildOptions
from ..preview.uploads import PhotoRefused, check_photo
from ..site.pages import SECTION_PATHS
from ..text.markup import internal_links, render_markdown
from ..werkplaats.drafts import SITE_PARTS
from .entries import EntryFile
from .pages import AdminPage

if TYPE_CHECKING:
    from .app import Admin

PREVIEW_SECURITY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'")
THUMBNAILS_KEPT = 300


def page_path(entry: EntryFile) -> str:
    """Where an entry's page is in a built site: verhalen/molens/index.html."""
    name = entry.id.rsplit("/", 1)[1].removesuffix(".md")
    section = SECTION_PATHS.get(entry.kind, "")
    return f"{section + '/' if section else ''}{slugify(name)}/index.html"


async def entry_preview(admin: Admin, entry: EntryFile, everything: list[EntryFile]) -> tuple[str, str]:
    """(address of the entry's page in a preview build, '') or ('', why it could not be built)."""
    folder = admin.temporary / "voorbeelden" / _key(entry.id)
    try:
        page = await admin.in_worker(build_entry_preview, admin.root, entry, everything, folder)
    except BuildStopped as stopped:
        errors = [p for p in stopped.problems if p.is_error]
        return "", "; ".join(f"{p.path}:{p.line or ''} {p.message}" for p in errors[:5])
    except EditRefused as refused:
        return "", str(refused)
    return f"/voorbeeld/{folder.name}/{page}", ""


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_entry_preview(root: Path, entry: EntryFile, everything: list[EntryFile], folder: Path) -> str:
    """Build a site holding this entry (as if approved: no longer a draft, the teller's consent given) and the
    entries it links to, with the site's own settings and theme. Raises BuildStopped as a build does."""
    site, output = folder / "site", folder / "uitvoer"
    done = folder / "versie"
    if done.is_file() and done.read_text(encoding="utf-8") == entry.version and (output / page_path(entry)).is_file():
        return page_path(entry)
    shutil.rmtree(site / "content", ignore_errors=True)
    site.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / CONFIG_FILE, site / CONFIG_FILE)
    for part in SITE_PARTS:
        if (root / part).is_dir() and not (site / part).exists():
            shutil.copytree(root / part, site / part)
    linked = set(internal_links(render_markdown(entry.body)))
    for other in everything:
        if other.id == entry.id or page_path(other).removesuffix("index.html") in linked:
            _copy_entry(root, other, site)
    wanted = {**entry.values, "concept": False}
    if entry.kind == "verhaal":
        wanted["toestemming"] = "ja"
    copied = site / entry.path
    copied.write_bytes(edited_entry(copied.read_bytes(), entry.path, wanted, lambda _: ()))
    build(BuildOptions(site, output=output, base_url=""))
    done.write_text(entry.version, encoding="utf-8")
    return page_path(entry)


def _copy_entry(root: Path, entry: EntryFile, site: Path) -> None:
    source, target = root / "content" / entry.id, site / "content" / entry.id
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
        return
    shutil.copyfile(source, target)
    image = entry.values.get("afbeelding")  # an initiative's photo stands beside its file
    name = image.get("bestand") if isinstance(image, dict) else None
    if isinstance(name, str) and re.fullmatch(r"[^/\\.][^/\\]*", name) and (source.parent / name).is_file():
        shutil.copyfile(source.parent / name, target.parent / name)


class PreviewFiles(AdminPage):
    """Files of a built site: pages, style sheets, photos and the search index, as a web server serves them."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Content-Security-Policy", PREVIEW_SECURITY)

    def send(self, folder: Path, path: str) -> bool:
        """Send `folder / path` (index.html for a folder); False if there is no such file inside `folder`."""
        target = Path(os.path.realpath(folder / path))
        if not target.is_relative_to(Path(os.path.realpath(folder))):
            return False
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return False
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json", "xml")):
            content_type += "; charset=utf-8"
        self.set_header("Content-Type", content_type)
        self.finish(target.read_bytes())
        return True


class EntryPreviewFiles(PreviewFiles):
    def get(self, key: str, path: str) -> None:
        if not self.send(self.admin.temporary / "voorbeelden" / key / "uitvoer", path):
            raise tornado.web.HTTPError(404)


class SitePreview(PreviewFiles):
    """The whole site as residents will see it, with the drafts (marked as such): `wijksite serve` inside beheer."""

    async def get(self, path: str | None) -> None:
        if path is None:
            self.redirect("/site/")
            return
        admin = self.admin
        is_page = path.endswith("/") or path.endswith(".html")
        preview = await admin.in_worker(admin.current_preview) if is_page else admin.preview
        if preview.failed and is_page:
            errors = [p for p in preview.problems if p.is_error]
            self.page("site_fout.html", errors=errors)
            return
        if not self.send(preview.folder, path.lstrip("/")):
            self.set_status(404)
            if not self.send(preview.folder, "404.html"):
                raise tornado.web.HTTPError(404)


@dataclass(frozen=True)
class Staged:
    """A photo chosen in a form and checked, kept until the form is saved (or the app stops)."""

    token: str
    name: str
    folder: Path

    @property
    def photo(self) -> Path:
        return self.folder / "foto"

    @property
    def thumbnail(self) -> Path:
        return self.folder / "klein.jpg"


def stage_photo(admin: Admin, file_name: str, data: bytes) -> Staged:
    """Check an uploaded photo as the werkplaats does (decoded, within its limits) and keep it as the werkplaats
    keeps one (the pixels, upright, without private data, unless site.yaml asks for originals); else PhotoRefused."""
    checked = check_photo(file_name, data, admin.config.keep_workshop_originals)  # without location and camera data
    token = secrets.token_hex(12)
    folder = admin.temporary / "uploads" / token
    folder.mkdir(parents=True)
    staged = Staged(token, checked.name, folder)
    staged.photo.write_bytes(checked.data)
    staged.thumbnail.write_bytes(checked.thumbnail)
    (folder / "naam").write_text(checked.name, encoding="utf-8")
    return staged


def staged_photo(admin: Admin, token: str) -> Staged | None:
    folder = admin.temporary / "uploads" / token
    if not re.fullmatch(r"[0-9a-f]{24}", token) or not (folder / "naam").is_file():
        return None
    return Staged(token, (folder / "naam").read_text(encoding="utf-8"), folder)


class UploadThumbnail(AdminPage):
    def get(self, token: str) -> None:
        staged = staged_photo(self.admin, token)
        if staged is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "image/jpeg")
        self.finish(staged.thumbnail.read_bytes())


_thumbnails: dict[tuple[str, int, int], bytes] = {}


def thumbnail(path: Path) -> bytes | None:
    """A small JPEG of a photo beside an entry (None if it is not a photo wijksite can read)."""
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _thumbnails:
        try:
            _thumbnails[key] = check_photo(path.name, path.read_bytes()).thumbnail
        except PhotoRefused:
            return None
        while len(_thumbnails) > THUMBNAILS_KEPT:
            _thumbnails.pop(next(iter(_thumbnails)))
    return _thumbnails[key]


class Thumbnail(AdminPage):
    """/foto/verhalen/molens?bestand=ijs.jpg: a photo that stands beside this entry, small."""

    async def get(self, entry_id: str) -> None:
        entry = self.entry_or_404(entry_id)
        name = self.get_query_argument("bestand", "", strip=False)
        folder = self.admin.root / entry.folder
        path = folder / name
        if (not re.fullmatch(r"[^/\\.\x00][^/\\\x00]{0,199}", name) or not path.is_file()
                or not Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(self.admin.root)))):
            raise tornado.web.HTTPError(404)
        small = await self.admin.in_worker(thumbnail, path)
        if small is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "image/jpeg")
        self.finish(small)


def markdown_preview(text: str, embeds: tuple[str, ...]) -> str:
    """The text as it will read on the site (links inside the site are shown, not followed)."""
    return re.sub(r'href="/(?!/)', 'href="/site/', render_markdown(text, embeds))

