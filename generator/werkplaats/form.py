"""What a workshop participant fills in: cleaning, checking, and turning it into a story file. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ..content import schema
from ..content.dates import DateError, parse_fuzzy_date
from ..content.slugs import slugify

TEXT_FIELDS = ("titel", "verhaal", "verteller", "datum", "plaats", "wijk")
CHOICES = {"toestemming": ("ja", "nee"), "personen": ("ja", "nee"), "toestemming_personen": ("ja", "nee", "onbekend")}
MAX_PHOTOS = 10
_STORY_LIMITS = {field.key: field.max_length for field in schema.STORY}
_PHOTO_LIMITS = {field.key: field.max_length for field in schema.PHOTO}
MAX_LENGTHS = {**{key: _STORY_LIMITS[key] for key in ("titel", "verteller", "plaats")}, "datum": 60,
               "verhaal": 100_000, "bijschrift": _PHOTO_LIMITS["bijschrift"], "alt": _PHOTO_LIMITS["alt"]}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# Markdown that works anywhere in a line (python-markdown undoes each backslash escape), and at a line's start.
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(#|>|[-+]|\d+\.)")

Message = tuple[str, dict[str, Any]]  # (key in berichten/werkplaats-nl.yaml, values for its {placeholders})


@dataclass
class PhotoEntry:
    """One chosen photo as the form knows it: its safe file name and the participant's two texts."""

    name: str
    caption: str = ""
    alt: str = ""


def clean_line(text: str) -> str:
    """A one-line answer: no control characters, runs of white space as one space."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()


def clean_text(text: str) -> str:
    """A long answer: line breaks kept (as \\n), other control characters gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def plain_markdown(text: str) -> str:
    """A participant's text as Markdown that shows exactly what they typed: no markup, paragraphs kept.

    Lines are stripped (no indented code), `<` and `&` become entities (no HTML, no autolinks), and every
    character that starts Markdown is escaped, so the volunteer's file stays readable and nothing runs.
    """
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", clean_text(text)) if p.strip()]
    blocks = []
    for paragraph in paragraphs:
        lines = []
        for line in paragraph.split("\n"):
            line = line.strip().replace("&", "&amp;").replace("<", "&lt;")
            line = _INLINE.sub(r"\\\1", line)
            line = _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], line)
            if line.startswith("="):  # `===` under a line makes a heading, and = has no backslash escape
                line = "&#61;" + line[1:]
            if line:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


_ANCHORS = {"voorbeeld": "knoppen", "fotos": "fotos-kiezen", **{name: f"{name}-ja" for name in CHOICES}}


def form_position(name: str) -> tuple[int, int, int]:
    """Where a field is in the form, so the error summary lists mistakes in the order they appear."""
    top = ["fotos", "voorbeeld", *TEXT_FIELDS]
    if name in top:
        return (0, top.index(name), 0)
    photo = re.fullmatch(r"(upload|bijschrift|alt)(\d+)", name)  # the chooser's messages, then each photo's
    if photo:
        kind, number = photo.group(1), int(photo.group(2))
        return (1, 0, number) if kind == "upload" else (1, number, ["bijschrift", "alt"].index(kind))
    return (2, list(CHOICES).index(name) if name in CHOICES else len(CHOICES), 0)


def anchor(name: str) -> str:
    """The id an error summary's link for `name` leads to."""
    return "fotos-kiezen" if name.startswith("upload") else _ANCHORS.get(name, name)


def validate(values: dict[str, str], photos: dict[int, PhotoEntry], wijken: list[str]) -> dict[str, Message]:
    """Field id -> message, for everything that must be fixed before a preview or saving."""
    errors: dict[str, Message] = {}
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            errors[name] = ("werkplaats.fout_te_lang", {"max": limit, "lengte": len(values[name])})
    if not values.get("titel"):
        errors["titel"] = ("werkplaats.fout_titel_leeg", {})
    elif not slugify(values["titel"]):
        errors["titel"] = ("werkplaats.fout_titel_tekens", {})
    if not values.get("verhaal"):
        errors["verhaal"] = ("werkplaats.fout_verhaal_leeg", {})
    if values.get("datum") and "datum" not in errors:
        try:
            parse_fuzzy_date(values["datum"])
        except DateError as exc:
            errors["datum"] = ("werkplaats.fout_datum", {"reden": str(exc)})
    if values.get("wijk") and values["wijk"] not in wijken:
        errors["wijk"] = ("werkplaats.fout_wijk", {})
    for position, (slot, photo) in enumerate(sorted(photos.items()), start=1):
        if len(photo.caption) > MAX_LENGTHS["bijschrift"]:
            errors[f"bijschrift{slot}"] = ("werkplaats.fout_te_lang", {"max": MAX_LENGTHS["bijschrift"],
                                                                      "lengte": len(photo.caption)})
        if not photo.alt:
            errors[f"alt{slot}"] = ("werkplaats.fout_alt", {"nummer": position, "naam": photo.name})
        elif len(photo.alt) > MAX_LENGTHS["alt"]:
            errors[f"alt{slot}"] = ("werkplaats.fout_te_lang", {"max": MAX_LENGTHS["alt"], "lengte": len(photo.alt)})
    if values.get("toestemming") not in CHOICES["toestemming"]:
        errors["toestemming"] = ("werkplaats.fout_toestemming", {})
    if photos and values.get("personen") not in CHOICES["personen"]:
        errors["personen"] = ("werkplaats.fout_personen", {})
    if photos and values.get("personen") == "ja" and values.get("toestemming_personen") not in (
            CHOICES["toestemming_personen"]):
        errors["toestemming_personen"] = ("werkplaats.fout_akkoord", {})
    return errors


def photo_consent(values: dict[str, str]) -> tuple[str, bool]:
    """(toestemming, personen_herkenbaar) for every photo, from the three plain questions."""
    if values.get("toestemming") != "ja":
        return "nee", values.get("personen") != "nee"
    if values.get("personen") == "nee":
        return "ja", False
    return {"ja": "ja", "nee": "nee"}.get(values.get("toestemming_personen", ""), "onbekend"), True


def story_text(values: dict[str, str], photos: list[PhotoEntry], today: date, draft: bool = True) -> str:
    """index.md for the story: front matter per content/schema.py, then the text as plain Markdown."""
    front: dict[str, Any] = {"titel": values["titel"]}
    for key in ("verteller", "datum", "plaats", "wijk"):
        if values.get(key):
            front[key] = values[key]
    front["toestemming"] = values.get("toestemming") if values.get("toestemming") in ("ja", "nee") else "onbekend"
    front["bron"] = f"Werkplaats {today.isoformat()}"
    front["toegevoegd"] = today.isoformat()
    front["concept"] = draft  # true or false, as `wijksite new` and importeer-fotos write it
    if photos:
        consent, people = photo_consent(values)
        front["fotos"] = [{"bestand": p.name, "alt": p.alt, **({"bijschrift": p.caption} if p.caption else {}),
                           "toestemming": consent, "personen_herkenbaar": yes_no(people)} for p in photos]
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{header}---\n{plain_markdown(values['verhaal'])}"


def yes_no(value: bool) -> str:
    """ja or nee, as `wijksite new`, importeer-fotos and the sample stories write personen_herkenbaar."""
    return "ja" if value else "nee"


def unique_names(photos: list[PhotoEntry]) -> list[PhotoEntry]:
    """The same photos with file names made unique: molen.jpg, molen-2.jpg, molen-3.jpg."""
    taken: set[str] = set()
    unique = []
    for photo in photos:
        stem, extension = photo.name.rsplit(".", 1)
        name, number = photo.name, 2
        while name in taken:
            name, number = f"{stem}-{number}.{extension}", number + 1
        taken.add(name)
        unique.append(PhotoEntry(name, photo.caption, photo.alt))
    return unique
