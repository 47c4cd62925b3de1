"""Consent: what it holds back (with the message that says why), and withdrawing it, in a story's own file, so
the story or one photo is never published again."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SiteError, UsageError, warning
from .slugs import slugify
from .sources import read_text, split_front_matter

if TYPE_CHECKING:
    from .entries import Photo

# "nee" is an answer, not a gap to fill: the message says it is respected and does not send anyone to ask again.
RESPECTED = "dat besluit wordt gerespecteerd; er hoeft niets te gebeuren"


def story_held_back(path: str, consent: str, withdrawn: date | None, key_lines: Mapping[str, int]) -> SiteError | None:
    """The warning for a story its teller has not (or no longer) agreed to publish; None when it may be published."""
    if withdrawn:
        return warning(path, key_lines.get("ingetrokken"),
                       f"verhaal niet gepubliceerd: toestemming ingetrokken op {withdrawn}",
                       "alleen als de verteller opnieuw toestemming geeft: haal de regel ingetrokken weg")
    line = key_lines.get("toestemming", 2)
    if consent == "ja":
        return None
    if consent == "nee":
        return warning(path, line,
                       "verhaal niet gepubliceerd: de verteller heeft nee gezegd (toestemming: nee)",
                       f"{RESPECTED}. Alleen als de verteller later zelf van gedachten verandert, zet je "
                       "toestemming: ja")
    return warning(path, line, f"verhaal niet gepubliceerd: toestemming van de verteller is '{consent}'",
                   "vraag de verteller om toestemming en zet dan toestemming: ja")


def photo_held_back(photo: Photo) -> SiteError | None:
    """The warning for a photo of a published story that is left out or replaced by a placeholder; None when it is
    shown."""
    if photo.withdrawn:
        return warning(photo.entry_path, photo.line,
                       f"foto {photo.file_name} niet gepubliceerd: toestemming ingetrokken op {photo.withdrawn}")
    if photo.publishable:
        return None
    if photo.consent == "nee":
        return warning(photo.entry_path, photo.line,
                       f"foto {photo.file_name} wordt vervangen door een lege plek: er is nee gezegd tegen "
                       "publicatie (toestemming: nee)",
                       f"{RESPECTED}. Alleen als de mensen op de foto later zelf van gedachten veranderen, zet je "
                       "toestemming: ja")
    return warning(photo.entry_path, photo.line,
                   f"foto {photo.file_name} wordt vervangen door een lege plek: "
                   f"herkenbare personen zonder toestemming ('{photo.consent}')",
                   "vraag de mensen op de foto om toestemming en zet dan toestemming: ja")


def withdraw(root: Path, story_slug: str, photo_name: str | None = None, today: date | None = None) -> Path:
    """Set `toestemming: nee` and `ingetrokken: <today>` on a story, or on one of its photos."""
    path = root / "content" / "verhalen" / slugify(story_slug) / "index.md"
    if not slugify(story_slug) or not path.is_file():
        known = sorted(p.parent.name for p in (root / "content" / "verhalen").glob("*/index.md"))
        raise UsageError(f"er is geen verhaal '{story_slug}'. Verhalen: {', '.join(known) or 'geen'}")
    shown_as = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    text, problems = read_text(path, shown_as)
    if text is None:
        raise UsageError(problems[0].format())
    edited = withdraw_in_text(text, shown_as, photo_name, today or date.today())
    if b"\r\n" in raw:
        edited = edited.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + edited.encode("utf-8")
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path


def withdraw_in_text(text: str, shown_as: str, photo_name: str | None, today: date) -> str:
    """The same file with consent withdrawn; every other line, comment and space stays as it was."""
    doc, _, body_line, problems = split_front_matter(text, shown_as)
    if doc is None or problems:
        raise UsageError(f"{shown_as} kan niet gelezen worden; los eerst deze fout op: {problems[0].format()}")
    lines = text.split("\n")
    closing = body_line - 2  # index of the closing '---'
    prefix, anchor_indent = "", ""
    if photo_name is not None:
        photos = doc.data.get("fotos") or []
        index = next((i for i, p in enumerate(photos) if isinstance(p, dict) and p.get("bestand") == photo_name), None)
        if index is None:
            names = ", ".join(str(p.get("bestand")) for p in photos if isinstance(p, dict))
            raise UsageError(f"{shown_as} heeft geen foto '{photo_name}'. Foto's: {names or 'geen'}")
        prefix = f"fotos.{index}."
        anchor = lines[doc.lines[prefix + "bestand"] - 1]
        if "bestand:" not in anchor or "{" in anchor:
            raise UsageError(f"{shown_as}: de foto {photo_name} staat niet op de gewone manier onder elkaar; "
                             "zet er met de hand 'toestemming: nee' en 'ingetrokken: " + today.isoformat() + "' bij")
        anchor_indent = " " * anchor.index("bestand:")
    edits = {"toestemming": "nee", "ingetrokken": today.isoformat()}
    insert_at = doc.lines[prefix + "bestand"] if prefix else closing
    for key, value in edits.items():
        if prefix + key in doc.lines:
            number = doc.lines[prefix + key] - 1
            indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
            if lines[number].lstrip().startswith("- "):
                indent += "- "
            lines[number] = f"{indent}{key}: {value}"
        else:
            lines.insert(insert_at, f"{anchor_indent}{key}: {value}")
            insert_at += 1
            closing += 1
    edited = "\n".join(lines)
    _verify(edited, shown_as, photo_name, today)
    return edited


def _verify(text: str, shown_as: str, photo_name: str | None, today: date) -> None:
    doc, _, _, problems = split_front_matter(text, shown_as)
    target = doc.data if doc and not problems else None
    if target is not None and photo_name is not None:
        target = next((p for p in target.get("fotos") or [] if p.get("bestand") == photo_name), None)
    if not target or target.get("toestemming") != "nee" or str(target.get("ingetrokken")) != today.isoformat():
        raise UsageError(f"{shown_as} kon niet veilig aangepast worden; er is niets veranderd. Zet er met de hand "
                         f"'toestemming: nee' en 'ingetrokken: {today.isoformat()}' bij")
