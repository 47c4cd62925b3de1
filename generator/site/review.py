"""Drafts waiting for a volunteer's review: what each still needs before it can be published. Pure."""

from __future__ import annotations

from ..content.entries import Entry, Story
from .model import Site


def still_needed(entry: Entry) -> list[str]:
    """What a draft lacks, in the volunteer's words; empty when only `concept: false` is left to set."""
    if not isinstance(entry, Story):
        return []
    needed = [] if entry.consent == "ja" else [f"toestemming van de verteller (nu: {entry.consent})"]
    needed += [] if entry.wijk else ["wijk"]
    needed += [f"alt-tekst bij {photo.file_name} (regel {photo.line})" for photo in entry.photos if not photo.alt]
    needed += [f"toestemming van herkenbare personen op {photo.file_name} (regel {photo.line})"
               for photo in entry.photos if photo.people_recognisable and photo.consent != "ja"]
    return needed


def review_lines(site: Site) -> list[str]:
    """One line per draft, oldest contribution first: where it is and what it still needs."""
    lines = []
    for entry in sorted(site.drafts, key=lambda e: (str(getattr(e, "added", "") or ""), e.source_path)):
        needed = still_needed(entry)
        what = f"nog nodig: {', '.join(needed)}" if needed else "klaar om na te lezen; zet daarna concept: false"
        lines.append(f"  {entry.source_path}: {what}")
    return lines
