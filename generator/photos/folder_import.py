"""A workshop's folder of scans or phone photos becomes draft stories, with the photos copied in."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..content.slugs import slugify
from ..errors import UsageError
from .pixels import PhotoError, examine

_EXIF_IFD, _DATE_TAKEN, _DATE_CHANGED = 0x8769, 0x9003, 0x0132
HIDDEN = "een verborgen bestand (van het systeem, geen foto)"
TOO_DEEP = "een map in een submap: alleen de map zelf en de submappen direct daarin worden ingelezen"


@dataclass(frozen=True)
class ImportedStory:
    path: Path
    photos: tuple[str, ...]
    skipped: tuple[str, ...]  # "name: reason" for the files in its folder that are not usable photos


@dataclass(frozen=True)
class Import:
    stories: tuple[ImportedStory, ...]
    skipped: tuple[str, ...]  # "path: reason" for files in folders that became no story, and deeper folders


def import_photos(root: Path, folder: Path, title: str | None = None) -> Import:
    """One draft story for the photos in `folder`, and one per sub-folder that holds photos; every file that is not
    imported is named, with the reason.

    The originals are only read, never moved or changed; an existing story is never overwritten.
    """
    if not folder.is_dir():
        raise UsageError(f"de map {folder} bestaat niet")
    groups = [(folder, title or folder.resolve().name, "")]
    groups += [(sub, sub.name, f"{sub.name}/") for sub in sorted(folder.iterdir())
               if sub.is_dir() and not sub.name.startswith(".")]
    stories, elsewhere = [], []
    for group, name, shown_as in groups:
        usable, skipped = _sort_out(group, shown_as, deeper_allowed=group == folder)
        if usable:
            stories.append(_import_group(root, usable, name, skipped))
        else:
            elsewhere += [f"{shown_as}{reason}" for reason in skipped]
    if not stories:
        listed = "".join(f"\n  {reason}" for reason in elsewhere)
        raise UsageError(f"in {folder} staan geen foto's die wijksite kan gebruiken (JPEG, PNG, TIFF, WebP, GIF, HEIC, "
                         f"AVIF, MPO of BMP){':' if listed else ''}{listed}")
    return Import(tuple(stories), tuple(elsewhere))


def _sort_out(group: Path, shown_as: str, deeper_allowed: bool) -> tuple[list[tuple[Path, str]], list[str]]:
    """The usable photos in a folder with the date each was taken, and "name: reason" for everything else."""
    usable, skipped = [], []
    for path in sorted(group.iterdir()):
        if path.name.startswith("."):
            skipped.append(f"{path.name}: {HIDDEN}")
        elif path.is_dir():
            if not deeper_allowed:
                skipped.append(f"{path.name}/: {TOO_DEEP}")
        elif not path.is_file():
            skipped.append(f"{path.name}: geen gewoon bestand")
        else:
            try:
                usable.append((path, _date_taken(path)))
            except PhotoError as exc:
                skipped.append(f"{path.name}: {exc}" + (f" ({exc.hint})" if exc.hint else ""))
    return usable, skipped


def _import_group(root: Path, files: list[tuple[Path, str]], name: str, skipped: list[str]) -> ImportedStory:
    target = _free_folder(root / "content" / "verhalen", slugify(name) or "import")
    usable: list[tuple[Path, str, str]] = []  # (original, new file name, date taken)
    taken_names: set[str] = set()
    for original, date_taken in files:
        usable.append((original, _free_name(original, taken_names), date_taken))
    target.mkdir(parents=True)
    for original, new_name, _ in usable:
        shutil.copyfile(original, target / new_name)
    (target / "index.md").write_text(_story_text(name, usable), encoding="utf-8", newline="\n")
    return ImportedStory(target / "index.md", tuple(n for _, n, _ in usable), tuple(skipped))


def _free_folder(parent: Path, slug: str) -> Path:
    candidate, number = parent / slug, 2
    while candidate.exists():
        candidate, number = parent / f"{slug}-{number}", number + 1
    return candidate


def _free_name(original: Path, taken: set[str]) -> str:
    stem, suffix = slugify(original.stem) or "foto", original.suffix.lower().replace(".jpeg", ".jpg")
    name, number = f"{stem}{suffix}", 2
    while name in taken:
        name, number = f"{stem}-{number}{suffix}", number + 1
    taken.add(name)
    return name


def _date_taken(path: Path) -> str:
    """The date the photo was taken according to its EXIF data (YYYY-MM-DD), or ''; PhotoError if unusable."""
    exif = examine(path)
    try:
        raw = exif.get_ifd(_EXIF_IFD).get(_DATE_TAKEN) or exif.get(_DATE_CHANGED)
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S").date().isoformat() if raw else ""
    except (ValueError, TypeError, KeyError, OSError):  # a date that is no date, or damaged EXIF: no date
        return ""


def _story_text(name: str, photos: list[tuple[Path, str, str]]) -> str:
    dates = sorted(d for _, _, d in photos if d)
    if dates and dates[0][:4] == dates[-1][:4]:
        story_date = f'datum: "{dates[0][:4]}"   # uit de foto\'s; pas aan als het verhaal over een andere tijd gaat'
    elif dates:
        story_date = f'datum: "{dates[0][:4]}-{dates[-1][:4]}"   # uit de foto\'s; pas aan waar nodig'
    else:
        story_date = "datum:     # NOG INVULLEN, bijvoorbeeld: jaren '60"
    safe_name = name.replace('"', "").replace("\\", "")
    lines = ["---", f'titel: "{safe_name}"   # NOG INVULLEN: een titel voor het verhaal',
             "verteller:     # NOG INVULLEN", story_date, "plaats:", "wijk:", "onderwerpen: []",
             "licentie: CC BY 4.0", "toestemming: onbekend   # ja als de verteller toestemming gaf",
             "bron: Fotomiddag in de bibliotheek", f"toegevoegd: {date.today().isoformat()}", "concept: true",
             "fotos:"]
    for _, new_name, date_taken in photos:
        lines += [f"  - bestand: {new_name}", "    alt:          # NOG INVULLEN: wat is er te zien?",
                  "    bijschrift:   # NOG INVULLEN", "    fotograaf:"]
        if date_taken:
            lines.append(f"    datum: {date_taken}")
        lines += ["    toestemming: onbekend", "    personen_herkenbaar: nee   # ja als er herkenbare mensen op staan"]
    lines += ["---", "NOG INVULLEN: schrijf hier het verhaal bij de foto's.", ""]
    return "\n".join(lines)
