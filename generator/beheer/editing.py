"""Editing in beheer: a form over a file (an entry's front matter and text, or site.yaml) with every field of the
schema, photos chosen and checked before saving, items moved; saving it line-precisely; a save made from an older
version of the file refused, showing the other change with one's own still in the form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..content import schema as s
from ..content.config import CONFIG_FILE
from ..content.sources import decode
from ..editing.frontmatter import edited_entry, keep_bytes
from ..editing.revisions import (
    Conflict,
    free_name,
    save_file,
    version_of,
)
from ..editing.yamledit import EditRefused
from ..errors import SiteError
from ..preview.local_app import StreamedForm
from ..preview.uploads import PhotoRefused
from .forms import ORIGIN, Placed, form_state, key_order, read_form, wanted_data
from .pages import AdminPage
from .previews import markdown_preview, stage_photo, staged_photo


@dataclass
class Form:
    """What an edit page shows: the fields, what is in them, the text, and check's problems at their fields."""

    action: str
    title: str
    kind: str  # initiatief, verhaal, pagina or site
    path: str  # the file, from the site's root
    values: dict[str, Any]
    body: str | None  # the Markdown text (None for site.yaml)
    version: str  # of the file the form was made from ('' for a new file)
    base: dict[str, Any]  # the values and text the form was made from, to tell one's own changes from another's
    uploads: dict[str, str] = field(default_factory=dict)  # file name -> staged photo, for photos not yet saved
    placed: Placed = field(default_factory=lambda: Placed({}, [], []))
    entry_id: str = ""
    photo_folder: str = ""  # where the photos stand, from the site's root ('' for site.yaml)
    site_page: str = ""  # its page in the live preview of the whole site

    @property
    def fields(self) -> tuple[s.Field, ...]:
        return s.SCHEMAS[self.kind]


class FormPage(AdminPage, StreamedForm):
    """A form over a file; the pages for entries, new entries and site.yaml differ in where the file is."""

    def body_taken(self) -> bool:
        """The sent form read (False, with a page that says why, if it may not or cannot be)."""
        if self.refusal:
            self.refuse()
            return False
        if not self.take_body():
            self.page("fout.html", 400, reason=self.admin.text("beheer.kapot_formulier"), back=self.request.path)
            return False
        return True

    def raw(self, path: str, title: str, action: str, problems: list[SiteError], status: int = 200,
            text: str | None = None) -> None:
        """A file whose data cannot be read: its whole text to put right, with the mistake above it."""
        original = (self.admin.root / path).read_bytes()
        shown, _ = decode(original, path)
        self.page("bestand.html", status, title=title, path=path, action=action, version=version_of(original),
                  problems=[p for p in problems if p.is_error], text=shown if text is None else text)

    async def save_raw(self, path: str, title: str, action: str, original: bytes) -> None:
        text = self.get_body_argument("bestand", "", strip=False).replace("\r\n", "\n")
        try:
            await self.admin.in_worker(save_file, self.admin.root, path, keep_bytes(original, text),
                                       self.get_body_argument("versie", ""),
                                       f"Bewerkt in beheer: {path} (hele bestand) (wijksite)")
        except Conflict:
            self.raw(path, title, action, await self.admin.in_worker(self.admin.check), 409, text)
            return
        if path == CONFIG_FILE:
            self.admin.load_site()
        self.redirect(f"{action}?melding=opgeslagen", status=303)

    def arguments(self) -> dict[str, list[str]]:
        return self.reader.fields

    def show(self, form: Form, status: int = 200, **extra: Any) -> None:
        admin = self.admin
        vocabularies = {"wijken": [t.name for t in admin.config.wijken] + [admin.config.municipality],
                        "themas": [t.name for t in admin.config.themes],
                        "organisaties": [t.name for t in admin.config.organisations]}
        summary = [(path, p) for path, ps in form.placed.at_fields.items() for p in ps if p.is_error]
        shown = {"refused": [], "conflict": [], "moved": "", "text_preview": "", **extra}
        self.page("bewerken.html", status, form=form, vocabularies=vocabularies, summary=summary,
                  base_json=json.dumps(form.base, ensure_ascii=False), **shown)

    async def post_form(self, form: Form, original: bytes) -> None:
        """Act on a sent form: a photo added, an item moved, the text previewed, or the whole form saved."""
        arguments = self.arguments()
        form.values = read_form(arguments, form.fields)
        form.body = (arguments.get("tekst", [""])[-1].replace("\r\n", "\n")) if form.body is not None else None
        form.uploads = dict(u.split("|", 1) for u in arguments.get("_upload", []) if "|" in u)
        form.base = _json(arguments.get("basis", ["{}"])[-1])
        refused = await self.take_photos(form)
        action = arguments.get("actie", ["opslaan"])[-1]
        if refused or action != "opslaan":
            self.show(form, 400 if refused else 200, refused=refused, moved=_act(form.values, action),
                      text_preview=markdown_preview(form.body or "", self.admin.config.embeds)
                      if action == "tekst" else "")
            return
        await self.save(form, original, arguments.get("versie", [""])[-1])

    async def take_photos(self, form: Form) -> list[str]:
        """Photos chosen for a list of photos (or an initiative's image): checked, kept aside, added to the form."""
        refused = []
        taken = {child.name for child in (self.admin.root / form.photo_folder).iterdir()} if form.photo_folder and (
            self.admin.root / form.photo_folder).is_dir() else set()
        taken |= set(form.uploads)
        for spec in form.fields:
            if not any(sub.kind == s.FILE_NAME for sub in spec.fields):
                continue
            for upload in self.reader.uploads:
                if upload.form_name != f"{spec.key}.nieuw" or not upload.file_name:
                    continue
                reason = upload.refused
                if reason is None:
                    try:
                        staged = await self.admin.in_worker(stage_photo, self.admin, upload.file_name,
                                                            bytes(upload.data))
                    except PhotoRefused as exc:
                        reason = exc.message
                upload.data = bytearray()  # kept aside, or refused: no need to hold it any longer
                if reason is not None:
                    key, values = reason
                    text = self.admin.text(key.replace("werkplaats.", "beheer."), **values)
                    refused.append(self.admin.text("beheer.foto_geweigerd", naam=upload.shown_name, reden=text))
                    continue
                name = free_name(staged.name, taken)
                taken.add(name)
                form.uploads[name] = staged.token
                item = {**form_state({}, spec.fields), "bestand": name}
                if spec.kind == s.OBJECT_LIST:
                    form.values[spec.key] = [*(form.values.get(spec.key) or []), {**item, ORIGIN: ""}]
                else:
                    form.values[spec.key] = {**item, **{k: v for k, v in (form.values.get(spec.key) or {}).items()
                                                        if k != "bestand" and v}}
        return refused

    async def save(self, form: Form, original: bytes, based_on: str) -> None:
        admin = self.admin
        current = _read(admin.root / form.path) if form.version else None
        if version_of(current) != based_on:
            await self.conflicted(form, current)
            return
        old = self.current_values(current)
        wanted, moves = wanted_data(old, form.values, form.fields)
        body = self.new_body(form, current)
        new_files = self.new_photos(form, wanted)
        try:
            data = self.edited(original, form, wanted, moves, body)
            changed = sorted(k for k in set(old) | set(wanted) if old.get(k) != wanted.get(k))
            what = ", ".join(changed + (["tekst"] if body is not None else [])) or "niets"
            verb = "Bewerkt" if form.version else "Nieuw"
            await admin.in_worker(save_file, admin.root, form.path, data, form.version, f"{verb} in beheer: "
                                  f"{form.path} ({what}) (wijksite)", new_files)
        except EditRefused as refused:
            self.show(form, 400, refused=[str(refused)])
            return
        except Conflict as conflict:
            await self.conflicted(form, conflict.current)
            return
        if form.kind == "site":
            admin.load_site()
        self.redirect(self.saved_url(form), status=303)

    def current_values(self, current: bytes | None) -> dict[str, Any]:
        return {}

    def new_body(self, form: Form, current: bytes | None) -> str | None:
        """The text as typed, or None when it did not change (a browser may add or drop a line end at the end)."""
        if form.body is None:
            return None
        old = self.current_body(current)
        if form.body.rstrip("\n") == old.rstrip("\n"):
            return None
        return form.body.rstrip("\n") + "\n"

    def current_body(self, current: bytes | None) -> str:
        return ""

    def new_photos(self, form: Form, wanted: dict[str, Any]) -> dict[str, bytes]:
        """Photos chosen in this form that the saved values name, to be written beside the entry."""
        named = set(_file_names(wanted, form.fields))
        found = {}
        for name, token in form.uploads.items():
            staged = staged_photo(self.admin, token)
            if staged is not None and name in named:
                found[f"{form.photo_folder}/{name}"] = staged.photo.read_bytes()
        return found

    def edited(self, original: bytes, form: Form, wanted: dict[str, Any], moves: Any, body: str | None) -> bytes:
        return edited_entry(original, form.path, wanted, key_order(form.fields), moves, body)

    def saved_url(self, form: Form) -> str:
        return f"/bewerken/{quote(form.entry_id)}?melding=opgeslagen"

    async def conflicted(self, form: Form, current: bytes | None) -> None:
        """Someone else saved the file since this form was opened: their change is shown, ours stays in the form."""
        theirs = self.current_values(current)
        their_state = form_state(theirs, form.fields)
        base_values = form.base.get("values", {})
        mine = {k for k in form.values if form.values[k] != base_values.get(k)}
        others = [k for k in their_state if their_state[k] != base_values.get(k)]
        their_body = self.current_body(current)
        body_mine = form.body is not None and form.body.rstrip("\n") != str(form.base.get("body", "")).rstrip("\n")
        if form.body is not None and their_body.rstrip("\n") != str(form.base.get("body", "")).rstrip("\n"):
            others.append("tekst")
        merged = {**their_state, **{k: form.values[k] for k in mine}}
        both = mine | ({"tekst"} if body_mine else set())
        changes = [(k, their_body if k == "tekst" else their_state.get(k, ""), k in both) for k in others]
        form.values, form.version = merged, version_of(current)
        form.base = {"values": their_state, "body": their_body}
        if form.body is not None and not body_mine:
            form.body = their_body
        self.show(form, 409, conflict=changes or [("", "", False)])


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _file_names(values: dict[str, Any], fields: tuple[s.Field, ...]) -> list[str]:
    names = []
    for spec in fields:
        value = values.get(spec.key)
        if spec.kind == s.FILE_NAME and isinstance(value, str):
            names.append(value)
        elif spec.kind == s.OBJECT and isinstance(value, dict):
            names += _file_names(value, spec.fields)
        elif spec.kind == s.OBJECT_LIST and isinstance(value, list):
            names += [n for item in value if isinstance(item, dict) for n in _file_names(item, spec.fields)]
    return names


def _act(values: dict[str, Any], action: str) -> str:
    """Move, remove or add an item of a list of groups in the form (not yet saved): "omhoog:fotos.2" and so on.
    Returns the key path of the item that moved, to point to it."""
    verb, _, path = action.partition(":")
    key, _, number = path.partition(".")
    items = values.get(key)
    if not isinstance(items, list):
        return ""
    index = int(number) if number.isdigit() else -1
    if verb == "erbij":
        items.append({ORIGIN: ""})
        return f"{key}.{len(items) - 1}"
    if not 0 <= index < len(items):
        return ""
    if verb == "weg":
        items.pop(index)
        return key
    other = index - 1 if verb == "omhoog" else index + 1 if verb == "omlaag" else -1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        return f"{key}.{other}"
    return ""
