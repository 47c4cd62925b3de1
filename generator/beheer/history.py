"""Earlier versions of a file in beheer, and undo: each puts an earlier version back as a new save (so the one it
replaces is kept too)."""

from __future__ import annotations

from urllib.parse import quote

import tornado.web

from ..content.config import CONFIG_FILE
from ..editing.revisions import (
    Conflict,
    OutsideSite,
    previous_version,
    save_file,
    site_path,
    version_bytes,
    version_of,
    versions,
)
from .pages import AdminPage


class FileHistory(AdminPage):
    """Earlier versions of an entry's file or of site.yaml."""

    def target(self) -> tuple[str, str]:
        """(the file, the page where it is edited); only site.yaml and the files of the site's entries."""
        path = self.get_argument("bestand", "", strip=False)
        if path == CONFIG_FILE:
            return path, "/site-instellingen"
        entry = next((e for e in self.entries() if e.path == path), None)
        if entry is None:
            raise tornado.web.HTTPError(404)
        try:
            site_path(self.admin.root, path)
        except OutsideSite as exc:
            raise tornado.web.HTTPError(404) from exc
        return path, f"/bewerken/{quote(entry.id)}"

    async def put_back(self, path: str, page: str, data: bytes | None, notice: str) -> None:
        if data is None:
            self.page("fout.html", 404, reason=self.admin.text("beheer.geen_eerdere_versie"), back=page)
            return
        try:
            await self.admin.in_worker(save_file, self.admin.root, path, data, self.get_body_argument("huidig", ""),
                                       f"{self.admin.text('beheer.commit_' + notice)}: {path} (wijksite)")
        except Conflict:
            self.page("fout.html", 409, reason=self.admin.text("beheer.intussen_veranderd"), back=page)
            return
        if path == CONFIG_FILE:
            self.admin.load_site()
        self.redirect(f"{page}?melding={notice}", status=303)


class Versions(FileHistory):
    async def get(self) -> None:
        path, page = self.target()
        found = await self.admin.in_worker(versions, self.admin.root, path)
        current = (self.admin.root / path).read_bytes()
        self.page("versies.html", path=path, back=page, versions=found, current=version_of(current))

    async def post(self) -> None:
        path, page = self.target()
        data = await self.admin.in_worker(version_bytes, self.admin.root, path, self.get_body_argument("versie", ""))
        await self.put_back(path, page, data, "teruggezet")


class Undo(FileHistory):
    async def post(self) -> None:
        path, page = self.target()
        data = await self.admin.in_worker(previous_version, self.admin.root, path)
        await self.put_back(path, page, data, "ongedaan")
