"""The edit pages of beheer: an entry (or a file of one that cannot be read, shown whole), a new entry, and
site.yaml. Each is a form over its file (editing.FormPage); they differ in where the file is and how it
is read and written."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from ..content import schema as s
from ..content.config import CONFIG_FILE
from ..content.slugs import slugify
from ..content.sources import decode, split_front_matter
from ..content.yamldoc import load_mapping
from ..editing.frontmatter import edited_yaml_file
from ..editing.revisions import (
    free_name,
    version_of,
)
from ..errors import SiteError
from .editing import Form, FormPage
from .entries import KINDS, EntryFile
from .forms import form_state, key_order, place_problems
from .previews import page_path

NEW_FILE = b"---\n---\n"


class EditEntry(FormPage):
    async def get(self, entry_id: str) -> None:
        entry = self.entry_or_404(entry_id)
        problems = await self.problems_of(entry)
        if entry.data is None:
            self.raw(entry.path, entry.title, f"/bewerken/{quote(entry.id)}", problems)
            return
        self.show(self.form(entry, problems))

    def form(self, entry: EntryFile, problems: list[SiteError]) -> Form:
        values = form_state(entry.values, entry.fields)
        return Form(f"/bewerken/{quote(entry.id)}", entry.title, entry.kind, entry.path, values, entry.body,
                    entry.version, {"values": values, "body": entry.body},
                    placed=place_problems(problems, entry.lines, entry.body_line, entry.fields), entry_id=entry.id,
                    photo_folder=entry.folder, site_page=f"/site/{page_path(entry)}")

    async def post(self, entry_id: str) -> None:
        if not self.body_taken():
            return
        entry = self.entry_or_404(entry_id)
        self.entry = entry
        original = (self.admin.root / entry.path).read_bytes()
        if entry.data is None:
            await self.save_raw(entry.path, entry.title, f"/bewerken/{quote(entry.id)}", original)
            return
        form = self.form(entry, [])
        form.version = self.get_body_argument("versie", "")
        await self.post_form(form, original)

    def current_values(self, current: bytes | None) -> dict[str, Any]:
        return _front(current, self.entry.path)[0]

    def current_body(self, current: bytes | None) -> str:
        return _front(current, self.entry.path)[1]


def _front(data: bytes | None, path: str) -> tuple[dict[str, Any], str]:
    text, _ = decode(data, path) if data is not None else (None, [])
    doc, body, _, _ = split_front_matter(text, path) if text is not None else (None, "", 0, [])
    return (dict(doc.data) if doc is not None else {}), body


class NewEntry(FormPage):
    def get(self, kind: str) -> None:
        self.show(self.form(kind))

    def form(self, kind: str) -> Form:
        defaults: dict[str, Any] = {"concept": True, "toegevoegd": date.today().isoformat()}
        if kind == "verhaal":
            defaults.update({"toestemming": "onbekend", "licentie": "CC BY 4.0"})
        fields = s.SCHEMAS[kind]
        values = form_state({k: v for k, v in defaults.items() if k in {f.key for f in fields}}, fields)
        title = self.admin.text(f"beheer.nieuw_{kind}")
        return Form(f"/nieuw/{kind}", title, kind, "", values, "", "", {"values": {}, "body": ""})

    async def post(self, kind: str) -> None:
        if not self.body_taken():
            return
        form = self.form(kind)
        arguments = self.arguments()
        title = (arguments.get("titel") or [""])[-1]
        form.path, form.entry_id = self.place(kind, title)
        form.photo_folder = form.path.rsplit("/", 1)[0] if kind != "pagina" else ""
        await self.post_form(form, NEW_FILE)

    def place(self, kind: str, title: str) -> tuple[str, str]:
        """(file, id) for a new entry: its name from the title, never one that is taken."""
        section = KINDS[kind]
        folder = self.admin.root / "content" / section
        taken = {child.name.removesuffix(".md") for child in folder.iterdir()} if folder.is_dir() else set()
        name = free_name(slugify(title) or kind, taken, extension=False)
        if kind == "verhaal":
            return f"content/{section}/{name}/index.md", f"{section}/{name}"
        return f"content/{section}/{name}.md", f"{section}/{name}.md"

    async def save(self, form: Form, original: bytes, based_on: str) -> None:
        if not slugify(str(form.values.get("titel") or "")):
            self.show(form, 400, refused=[self.admin.text("beheer.titel_nodig")])
            return
        await super().save(form, original, "")

    def saved_url(self, form: Form) -> str:
        return f"/bewerken/{quote(form.entry_id)}?melding=nieuw"


class SiteSettings(FormPage):
    async def get(self) -> None:
        problems = await self.admin.in_worker(self.admin.check)
        mine = [p for p in problems if p.path == CONFIG_FILE] + self.admin.config_problems
        form = self.form(mine)
        if form is None:
            self.raw(CONFIG_FILE, self.admin.text("beheer.instellingen"), "/site-instellingen", mine)
            return
        self.show(form)

    def form(self, problems: list[SiteError]) -> Form | None:
        original = (self.admin.root / CONFIG_FILE).read_bytes()
        text, _ = decode(original, CONFIG_FILE)
        doc, _ = load_mapping(text or "", CONFIG_FILE)
        if doc is None:
            return None
        values = form_state(doc.data, s.SITE)
        return Form("/site-instellingen", self.admin.text("beheer.instellingen"), "site", CONFIG_FILE, values, None,
                    version_of(original), {"values": values}, placed=place_problems(problems, doc.lines, 10**9,
                                                                                     s.SITE))

    async def post(self) -> None:
        if not self.body_taken():
            return
        form = self.form([])
        if form is None:
            await self.save_raw(CONFIG_FILE, self.admin.text("beheer.instellingen"), "/site-instellingen",
                                (self.admin.root / CONFIG_FILE).read_bytes())
            return
        form.version = self.get_body_argument("versie", "")
        await self.post_form(form, (self.admin.root / CONFIG_FILE).read_bytes())

    def current_values(self, current: bytes | None) -> dict[str, Any]:
        text, _ = decode(current or b"", CONFIG_FILE)
        doc, _ = load_mapping(text or "", CONFIG_FILE)
        return dict(doc.data) if doc is not None else {}

    def edited(self, original: bytes, form: Form, wanted: dict[str, Any], moves: Any, body: str | None) -> bytes:
        return edited_yaml_file(original, CONFIG_FILE, wanted, key_order(s.SITE), moves)

    def saved_url(self, form: Form) -> str:
        return "/site-instellingen?melding=instellingen"
