"""What `wijksite beheer` shows of a site's entries: each with its kind, title, wijk and state (published, draft,
waiting for consent, withdrawn), what a draft still needs before it may be published (its checklist), and the
review queue. Read from the files themselves, so an entry with mistakes is listed too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..content import schema
from ..content.dates import DateError, parse_fuzzy_date
from ..content.scaffold import is_placeholder
from ..content.slugs import fold
from ..content.sources import SECTIONS, decode, discover, split_front_matter
from ..errors import SiteError
from ..incremental.folders import FolderMemo
from ..incremental.snapshot import FileMemo, take_snapshot

KINDS = {kind: section for section, kind in SECTIONS.items()}  # initiatief -> initiatieven
REMINDER = "NOG INVULLEN"  # what importeer-fotos writes where something is still to be filled in
STATES = ("gepubliceerd", "concept", "wacht", "ingetrokken", "onleesbaar")


@dataclass(frozen=True)
class EntryFile:
    """One entry as its file says: where it is, its values and Markdown text (None if they cannot be read)."""

    id: str  # its place under content/: "verhalen/molens" (a folder) or "initiatieven/buurtbemiddeling.md"
    kind: str  # initiatief, verhaal or pagina
    path: str  # the file, from the site's root: content/verhalen/molens/index.md
    data: dict[str, Any] | None
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # key path -> line, for placing problems at fields
    body_line: int = 1
    version: str = ""  # sha256 of the file's bytes
    modified: float = 0.0

    @property
    def values(self) -> dict[str, Any]:
        return self.data or {}

    @property
    def fields(self) -> tuple[schema.Field, ...]:
        return schema.SCHEMAS[self.kind]

    @property
    def title(self) -> str:
        title = self.values.get("titel")
        return str(title) if title not in (None, "") else self.id.rsplit("/", 1)[-1]

    @property
    def wijk(self) -> str:
        wijk = self.values.get("wijk")
        return str(wijk) if isinstance(wijk, str) else ""

    @property
    def folder(self) -> str:
        """Where its photos are, from the site's root."""
        return self.path.rsplit("/", 1)[0]

    @property
    def draft(self) -> bool:
        return self.values.get("concept") in (True, "ja")

    @property
    def state(self) -> str:
        if self.data is None:
            return "onleesbaar"
        if self.draft:
            return "concept"
        if self.kind == "verhaal" and self.values.get("ingetrokken"):
            return "ingetrokken"
        if self.kind == "verhaal" and self.values.get("toestemming") not in (True, "ja"):
            return "wacht"
        return "gepubliceerd"

    @property
    def added(self) -> str:
        added = self.values.get("toegevoegd")
        return str(added) if added else date.fromtimestamp(self.modified).isoformat()


class EntryFiles:
    """Every entry of a site. A file is read again only when it changed: its size, time and inode are compared as a
    build compares them (incremental.snapshot), so a site of thousands of entries stays quick to list."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.known: dict[str, EntryFile] = {}
        self.memo: FileMemo = {}
        self.memo_at = 0
        self.folders: FolderMemo = {}

    def all(self) -> list[EntryFile]:
        content = self.root / "content"
        inputs = take_snapshot([content], self.memo, self.memo_at, self.folders) if content.is_dir() else None
        files, _ = discover(self.root, inputs)
        if inputs is not None:
            self.memo, self.memo_at, self.folders = inputs.memo, inputs.read_at_ns, inputs.folders
        fresh = {}
        for file in files:
            known = self.known.get(file.path)
            if known is None or known.version != file.digest:
                loaded, _ = file.with_data()
                entry_id = file.path.removeprefix("content/").removesuffix("/index.md")
                known = read_entry(entry_id, file.kind, file.path, (loaded.data or b"") if loaded else b"", file.digest,
                                   os.stat(file.location).st_mtime)
            fresh[file.path] = known
        self.known = fresh
        return list(fresh.values())


def read_entry(entry_id: str, kind: str, path: str, data: bytes, version: str, modified: float) -> EntryFile:
    text, _ = decode(data, path)
    if text is None:
        return EntryFile(entry_id, kind, path, None, "", version=version, modified=modified)
    doc, body, body_line, problems = split_front_matter(text, path)
    if doc is None or any(p.is_error for p in problems):
        return EntryFile(entry_id, kind, path, None, body, version=version, modified=modified)
    return EntryFile(entry_id, kind, path, dict(doc.data), body, dict(doc.lines), body_line, version, modified)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    wijk: str = ""
    state: str = ""
    words: str = ""

    def keep(self, entry: EntryFile) -> bool:
        return ((not self.kind or entry.kind == self.kind) and (not self.wijk or entry.wijk == self.wijk)
                and (not self.state or entry.state == self.state)
                and all(word in fold(entry.title) for word in fold(self.words).split()))


def review_queue(entries: list[EntryFile]) -> list[EntryFile]:
    """Drafts waiting for review, the oldest contribution first."""
    return sorted((e for e in entries if e.draft), key=lambda e: (e.added, e.path))


@dataclass(frozen=True)
class CheckItem:
    """One line of a draft's checklist: done or not, what it says (a message key and its values), and the field."""

    done: bool
    key: str
    values: dict[str, Any]
    field: str  # key path of the field to fill in, for a link to it ('' for none)


def checklist(entry: EntryFile, problems: list[SiteError]) -> list[CheckItem]:
    """What must be true before a draft may be published; Goedkeuren is refused until every item is done."""
    data = entry.values
    items: list[CheckItem] = []
    if entry.kind == "verhaal":
        items.append(CheckItem(data.get("toestemming") in (True, "ja") and not data.get("ingetrokken"),
                               "beheer.lijst_toestemming", {}, "toestemming"))
        photos = [(i, p) for i, p in enumerate(data.get("fotos") or []) if isinstance(p, dict)]
        needing = [(i, p) for i, p in photos if p.get("personen_herkenbaar") in (True, "ja")]
        lacking = [(i, p) for i, p in needing if p.get("toestemming") not in (True, "ja")]
        items.append(CheckItem(not lacking, "beheer.lijst_fotos_toestemming", {"namen": _names(lacking)},
                               f"fotos.{lacking[0][0]}.toestemming" if lacking else ""))
        no_alt = [(i, p) for i, p in photos if not _filled(p.get("alt"))]
        items.append(CheckItem(not no_alt, "beheer.lijst_alt", {"namen": _names(no_alt)},
                               f"fotos.{no_alt[0][0]}.alt" if no_alt else ""))
        items.append(CheckItem(_date_ok(data.get("datum")), "beheer.lijst_datum", {}, "datum"))
        for key in ("wijk", "licentie", "bron"):
            items.append(CheckItem(_filled(data.get(key)), f"beheer.lijst_{key}", {}, key))
    elif entry.kind == "initiatief":
        items.append(CheckItem(_filled(data.get("wijk")), "beheer.lijst_wijk", {}, "wijk"))
        image = data.get("afbeelding")
        if isinstance(image, dict):
            filled = _filled(image.get("alt"))
            items.append(CheckItem(filled, "beheer.lijst_alt", {"namen": "" if filled else _names([(0, image)])},
                                   "afbeelding.alt"))
    errors = [p for p in problems if p.is_error]
    items.append(CheckItem(not errors, "beheer.lijst_geen_fouten", {"aantal": len(errors)}, ""))
    items.append(CheckItem(not still_to_fill(entry, problems), "beheer.lijst_ingevuld", {}, ""))
    return items


def _names(photos: list[tuple[int, dict[str, Any]]]) -> str:
    """" (nog niet: molen.jpg, ijs.jpg)" for the photos that still lack something, or ""."""
    names = ", ".join(str(photo.get("bestand", f"foto {index + 1}")) for index, photo in photos)
    return f" (nog niet: {names})" if names else ""


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and (
        is_placeholder(value) or REMINDER in value))


def _date_ok(value: Any) -> bool:
    if not _filled(value):
        return False
    try:
        parse_fuzzy_date(value)
    except DateError:
        return False
    return True


def still_to_fill(entry: EntryFile, problems: list[SiteError]) -> bool:
    """Does the entry still hold example text from `wijksite new` or NOG INVULLEN from importeer-fotos?"""
    if any("voorbeeldtekst" in p.message for p in problems) or REMINDER in entry.body:
        return True

    def texts(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [t for item in value.values() for t in texts(item)]
        if isinstance(value, list):
            return [t for item in value for t in texts(item)]
        return [value] if isinstance(value, str) else []

    return any(REMINDER in text or is_placeholder(text) for text in texts(entry.values))


def approvable(items: list[CheckItem]) -> bool:
    return all(item.done for item in items)
