"""A site handed over in a folder (`wijksite publish --naar-map`, to a USB stick or a library PC): a start file at
the top that a volunteer can point at. (Every name in it is one a FAT stick can hold: the build sees to that, see
slugs.py, and refuses files in the output that it did not make.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

START_FILE = "Start hier.html"  # beside index.html; "Start here.html" for an English site
START_FILE_EN = "Start here.html"
_TEXTS = {
    "nl": ("Open de website", "Deze map is de website {titel}, om te bekijken zonder internet: dubbelklik op "
           "'{bestand}' (of op index.html). Kopieer altijd de hele map."),
    "en": ("Open the website", "This folder is the website {titel}, to read without internet: double-click "
           "'{bestand}' (or index.html). Always copy the whole folder."),
}


def start_file(index_html: str) -> tuple[str, bytes]:
    """The name and bytes of the start file, in the site's language, with its title (read from its home page)."""
    language = _first(r'<html[^>]*\slang="([a-z]{2})', index_html) or "nl"
    language = language if language in _TEXTS else "nl"
    title = html.unescape(_first(r"<title>([^<]*)</title>", index_html) or "")
    name = START_FILE_EN if language == "en" else START_FILE
    link, text = _TEXTS[language]
    shown = html.escape(title)
    page = (f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="refresh" content="0; url=index.html">\n<title>{shown}</title>\n</head>\n<body>\n'
            f'<main>\n<h1>{shown}</h1>\n<p><a href="index.html">{link}</a></p>\n'
            f'<p>{html.escape(text.format(titel=title, bestand=name))}</p>\n</main>\n</body>\n</html>\n')
    return name, page.encode("utf-8")


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    return found[1].strip() if found else ""


def read_index(output: Path) -> str:
    try:
        return (output / "index.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
