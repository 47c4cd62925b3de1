"""Open data: the catalogue of initiatives (the wijk's "sociale kaart") and the archive's metadata.

The archive uses Dublin Core element names, so a library can hand it to a regional archive as it is.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..content.entries import Story
from ..output.writer import OutputFile
from ..site.model import Site
from ..site.pages import absolute_url, url_of

INITIATIVE_COLUMNS = (
    "naam",
    "samenvatting",
    "wijk",
    "themas",
    "organisaties",
    "status",
    "sinds",
    "wanneer",
    "plaats",
    "adres",
    "breedtegraad",
    "lengtegraad",
    "contact_naam",
    "contact_e-mail",
    "contact_telefoon",
    "contact_website",
    "gezocht",
    "aanbod",
    "gecontroleerd",
    "url",
)
ARCHIVE_COLUMNS = (
    "dc:identifier",
    "dc:type",
    "dc:title",
    "dc:description",
    "dc:creator",
    "dc:contributor",
    "dc:date",
    "dc:coverage",
    "dc:subject",
    "dc:rights",
    "dc:source",
    "dc:language",
    "dc:format",
    "dc:relation",
)


OPEN_DATA_PATHS = ("open-data/initiatieven.csv", "open-data/initiatieven.json", "open-data/archief.csv",
                   "open-data/archief.json")


def open_data_files(site: Site, photo_paths: dict[Any, str]) -> list[OutputFile]:
    """open-data/initiatieven.{csv,json} and open-data/archief.{csv,json}; photo_paths: photo -> output path."""
    initiatives = [_initiative_row(site, i) for i in site.initiatives]
    archive = [row for story in site.stories for row in _archive_rows(site, story, photo_paths)]
    contents = [_csv(INITIATIVE_COLUMNS, initiatives), _json(initiatives), _csv(ARCHIVE_COLUMNS, archive),
                _json(archive)]
    return [OutputFile(path, content) for path, content in zip(OPEN_DATA_PATHS, contents, strict=True)]


def _initiative_row(site: Site, initiative: Any) -> dict[str, str]:
    place, contact = initiative.place, initiative.contact
    coordinates = place.coordinates if place and place.coordinates else ("", "")
    return {
        "naam": initiative.title,
        "samenvatting": initiative.summary,
        "wijk": initiative.wijk,
        "themas": "; ".join(initiative.themes),
        "organisaties": "; ".join(initiative.organisations),
        "status": initiative.status,
        "sinds": initiative.since.iso() if initiative.since else "",
        "wanneer": initiative.when,
        "plaats": place.name if place else "",
        "adres": place.address if place else "",
        "breedtegraad": str(coordinates[0]),
        "lengtegraad": str(coordinates[1]),
        "contact_naam": contact.name if contact else "",
        "contact_e-mail": contact.email if contact else "",
        "contact_telefoon": contact.phone if contact else "",
        "contact_website": contact.website if contact else "",
        "gezocht": "; ".join(initiative.wanted),
        "aanbod": "; ".join(initiative.offered),
        "gecontroleerd": initiative.checked.isoformat() if initiative.checked else "",
        "url": absolute_url(site.config.base_url, url_of(initiative)),
    }


def _archive_rows(site: Site, story: Story, photo_paths: dict[Any, str]) -> list[dict[str, str]]:
    url = absolute_url(site.config.base_url, url_of(story))
    rows = [
        {
            "dc:identifier": url,
            "dc:type": "Text",
            "dc:title": story.title,
            "dc:description": story.summary,
            "dc:creator": story.teller,
            "dc:contributor": story.recorded_by,
            "dc:date": story.date.iso() if story.date else "",
            "dc:coverage": "; ".join(p for p in (story.place, story.wijk) if p),
            "dc:subject": "; ".join(story.subjects),
            "dc:rights": story.licence,
            "dc:source": story.credit_source,
            "dc:language": site.config.language,
            "dc:format": "text/html",
            "dc:relation": "",
        }
    ]
    for photo in story.photos:
        if not photo.publishable or photo.source not in photo_paths:
            continue
        rows.append(
            {
                "dc:identifier": absolute_url(site.config.base_url, photo_paths[photo.source]),
                "dc:type": "StillImage",
                "dc:title": photo.caption or photo.alt,
                "dc:description": photo.alt,
                "dc:creator": photo.photographer,
                "dc:contributor": "",
                "dc:date": photo.date.iso() if photo.date else "",
                "dc:coverage": "; ".join(p for p in (story.place, story.wijk) if p),
                "dc:subject": "; ".join(story.subjects),
                "dc:rights": photo.licence,
                "dc:source": photo.credit_source,
                "dc:language": "",
                "dc:format": "image/jpeg",
                "dc:relation": url,
            }
        )
    return rows


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read the accents right


def _json(rows: list[dict[str, str]]) -> bytes:
    """A JSON list with one record a line: readable, and written by json's fast C encoder (indent= is not)."""
    lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
    return f"[\n{lines}\n]\n".encode() if rows else b"[]\n"
