"""The pages of `wijksite beheer`: who may come in, the overview, the review queue, the bin and the list of mistakes.

Editing is in beheer/editing.py, publishing in beheer/publishing.py, previews and photos in beheer/previews.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import tornado.web

from ..editing.frontmatter import edited_entry
from ..editing.revisions import BIN, Conflict, OutsideSite, bin_items, restore, save_file, throw_away
from ..editing.yamledit import EditRefused
from ..errors import SiteError
from ..preview import local_app
from ..preview.local_app import AccessCode, LocalPage, StaticFiles
from .entries import KINDS, STATES, CheckItem, EntryFile, Filters, approvable, checklist, review_queue
from .forms import anchor

if TYPE_CHECKING:
    from .app import Admin

ENTRY = r"((?:initiatieven|verhalen|paginas)/[^/?#]+)"
NOTICES = ("opgeslagen", "goedgekeurd", "weggegooid", "teruggezet", "ongedaan", "nieuw", "instellingen")


class AdminPage(LocalPage):
    """Common to every page of beheer (see local_app.LocalPage): the menu, and what was just done."""

    texts, app_setting, access_cookie = "beheer", "admin", "beheer"

    @property
    def admin(self) -> Admin:
        admin: Admin = self.application.settings["admin"]
        return admin

    def html(self, template: str, **values: Any) -> str:
        counts = None if LocalPage.why_not(self) else {  # the menu only for who may come in
            "nakijken": len(review_queue(self.entries())),
            "fouten": sum(1 for p in self.admin.problems if p.is_error)}
        return super().html(template, counts=counts, here=self.request.path, notice=self.notice(), anchor=anchor,
                            quote=quote, fix_link=self.fix_link, **values)

    def notice(self) -> str:
        """A line about what was just done ("Opgeslagen."), from a fixed list: nothing typed in an address is shown."""
        key = self.get_query_argument("melding", "")
        return self.admin.text(f"beheer.melding_{key}") if key in NOTICES else ""

    def entries(self) -> list[EntryFile]:
        """Every entry of the site as its files are now (looked at once per request)."""
        if self._entries is None:
            self._entries = self.admin.entries.all()
        return self._entries

    _entries: list[EntryFile] | None = None

    def fix_link(self, path: str) -> str:
        """Where a file's mistakes are put right: its edit page, the site settings, or nowhere in beheer ('')."""
        if path == "site.yaml":
            return "/site-instellingen"
        entry = next((e for e in self.entries() if path in (e.path, e.path.removesuffix("/index.md"))), None)
        return f"/bewerken/{quote(entry.id)}" if entry else ""

    def entry_or_404(self, entry_id: str) -> EntryFile:
        entry = next((e for e in self.entries() if e.id == entry_id), None)
        if entry is None:
            raise tornado.web.HTTPError(404)
        return entry

    async def problems_of(self, entry: EntryFile) -> list[SiteError]:
        """check's problems for this entry's file (and its photos), found afresh if anything changed."""
        problems = await self.admin.in_worker(self.admin.check)
        return [p for p in problems if p.path == entry.path]


class Overview(AdminPage):
    async def get(self) -> None:
        admin = self.admin
        problems = await admin.in_worker(admin.check)
        entries = self.entries()
        filters = Filters(*(self.get_query_argument(name, "")[:200] for name in ("soort", "wijk", "staat", "zoek")))
        by_path: dict[str, list[SiteError]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        shown = [entry for entry in entries if filters.keep(entry)]
        counts = {e.path: _counts(by_path.get(e.path, [])) for e in entries}
        wijken = sorted({e.wijk for e in entries if e.wijk})
        self.page("overzicht.html", entries=shown, total=len(entries), filters=filters, problem_counts=counts,
                  kinds=list(KINDS), states=STATES, wijken=wijken)


def _counts(problems: list[SiteError]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


class Queue(AdminPage):
    async def get(self) -> None:
        admin = self.admin
        problems = await admin.in_worker(admin.check)
        queue = review_queue(self.entries())
        lists = {e.id: checklist(e, [p for p in problems if p.path == e.path]) for e in queue}
        notice = self.get_query_argument("melding", "")
        thrown = self.get_query_argument("naam", "") if notice == "weggegooid" else ""
        done = next((e for e in self.entries() if e.id == self.get_query_argument("id", "")), None) if (
            notice == "goedgekeurd") else None
        self.page("nakijken.html", queue=queue, lists=lists, done_entry=done,
                  thrown=thrown if thrown in {i.name for i in bin_items(admin.root)} else "")


class Review(AdminPage):
    async def get(self, entry_id: str) -> None:
        await self.show(self.entry_or_404(entry_id))

    async def show(self, entry: EntryFile, status: int = 200, refused: list[CheckItem] | None = None,
                   changed: bool = False) -> None:
        from .previews import entry_preview

        problems = await self.problems_of(entry)
        items = checklist(entry, problems)
        preview, failure = await entry_preview(self.admin, entry, self.entries())
        queue = review_queue(self.entries())
        later = next((e.id for e in queue if e.id != entry.id and (e.added, e.path) > (entry.added, entry.path)),
                     None)
        self.page("nakijken_een.html", status, entry=entry, items=items, ready=approvable(items), preview=preview,
                  failure=failure, later=later, refused=refused or [], changed=changed)


class Approve(Review):
    async def post(self, entry_id: str) -> None:
        entry = self.entry_or_404(entry_id)
        items = checklist(entry, await self.problems_of(entry))
        if self.get_body_argument("versie", "") != entry.version:  # changed since the page was shown
            await self.show(entry, 409, changed=True)
            return
        if not approvable(items) or entry.data is None:
            await self.show(entry, 400, [item for item in items if not item.done])
            return
        wanted = dict(entry.data)
        wanted["concept"] = "nee" if isinstance(entry.data.get("concept"), str) else False
        original = (self.admin.root / entry.path).read_bytes()
        try:
            data = edited_entry(original, entry.path, wanted, lambda _: tuple(f.key for f in entry.fields))
            await self.admin.in_worker(save_file, self.admin.root, entry.path, data, entry.version,
                                       f"Goedgekeurd in beheer: {entry.path} (wijksite)")
        except (EditRefused, Conflict):
            self._entries = None  # read them again: the file is not what it was
            await self.show(self.entry_or_404(entry_id), 409, changed=True)
            return
        self.redirect(f"/nakijken?melding=goedgekeurd&id={quote(entry.id)}", status=303)


class Discard(AdminPage):
    async def post(self, entry_id: str) -> None:
        entry = self.entry_or_404(entry_id)
        item = await self.admin.in_worker(throw_away, self.admin.root, f"content/{entry.id}",
                                          f"Naar de prullenbak in beheer: content/{entry.id} (wijksite)")
        self.redirect(f"/nakijken?melding=weggegooid&naam={quote(item.name)}", status=303)


class Bin(AdminPage):
    def get(self) -> None:
        self.page("prullenbak.html", items=bin_items(self.admin.root), folder=BIN)


class Restore(AdminPage):
    async def post(self) -> None:
        name = self.get_body_argument("naam", "")
        try:
            restored = await self.admin.in_worker(restore, self.admin.root, name,
                                                  f"Teruggezet uit de prullenbak in beheer: {name} (wijksite)")
        except OutsideSite as exc:
            raise tornado.web.HTTPError(404) from exc
        entry_id = restored.removeprefix("content/")
        self.redirect(f"/bewerken/{quote(entry_id)}?melding=teruggezet", status=303)


class Problems(AdminPage):
    async def get(self) -> None:
        admin = self.admin
        problems = await admin.in_worker(admin.check)
        by_file: dict[str, list[SiteError]] = {}
        for problem in sorted(problems, key=lambda p: (not p.is_error, p.path, p.line or 0)):
            by_file.setdefault(problem.path, []).append(problem)
        links = {path: self.fix_link(path) for path in by_file}
        self.page("fouten.html", by_file=by_file, links=links,
                  errors=sum(1 for p in problems if p.is_error), warnings=sum(1 for p in problems if not p.is_error))




class Static(AdminPage, StaticFiles):
    """The theme's CSS and icons (the site's own overrides first) and the app's own style sheet."""

    def static_file(self, path: str) -> Path | None:
        return self.admin.app_file(path.removeprefix("beheer/")) if path.startswith("beheer/") else (
            super().static_file(path))


class Access(AdminPage, AccessCode):
    pass


class NotFound(AdminPage, local_app.NotFound):
    pass


def routes(admin: Admin) -> list[Any]:
    from .entry_pages import EditEntry, NewEntry, SiteSettings
    from .history import Undo, Versions
    from .previews import EntryPreviewFiles, SitePreview, Thumbnail, UploadThumbnail
    from .publishing import PublishJobPage, PublishPage

    return [
        (r"/", Overview),
        (r"/nakijken", Queue),
        (rf"/nakijken/{ENTRY}", Review),
        (rf"/nakijken/{ENTRY}/goedkeuren", Approve),
        (rf"/nakijken/{ENTRY}/weggooien", Discard),
        (rf"/bewerken/{ENTRY}", EditEntry),
        (r"/nieuw/(initiatief|verhaal|pagina)", NewEntry),
        (r"/site-instellingen", SiteSettings),
        (r"/versies", Versions),
        (r"/ongedaan", Undo),
        (r"/fouten", Problems),
        (r"/prullenbak", Bin),
        (r"/prullenbak/terugzetten", Restore),
        (r"/publiceren", PublishPage),
        (r"/publiceren/([0-9a-f]{16})", PublishJobPage),
        (r"/site(/.*)?", SitePreview),
        (r"/voorbeeld/([0-9a-f]{16})/(.*)", EntryPreviewFiles),
        (rf"/foto/{ENTRY}", Thumbnail),
        (r"/upload/([0-9a-f]{24})", UploadThumbnail),
        (r"/toegang", Access),
        (r"/(static/.*|beheer/[a-z]+\.css|favicon\.ico)", Static),
    ]
