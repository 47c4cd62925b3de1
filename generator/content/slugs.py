"""Slugs for URLs and folded text for comparing names ("Café" and "cafe" are the same name), and what makes a
name or path portable: one that Windows, macOS and a FAT-formatted USB stick can all hold."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection

MAX_SLUG_LENGTH = 80
_SPECIAL = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ĳ": "ij", "&": " en "}


def fold(text: str) -> str:
    """Lower case, without diacritics, in one Unicode form: the key two names are compared by."""
    if text.isascii():  # most titles: nothing to decompose (sorting 10,000 entries folds every title)
        return text.casefold().replace("&", _SPECIAL["&"])
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(_SPECIAL.get(char, char) for char in text if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A Dutch-friendly URL slug: "Reparatiecafé Kinderdijk" -> "reparatiecafe-kinderdijk"."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


# Names Windows keeps for its devices, also with an extension ("con", "NUL.txt"): no file or folder can have them
# on Windows or on a FAT USB stick. A slug is lower case ASCII, so only these whole names can clash.
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt")
                                                            for n in "0123456789¹²³")})
FORBIDDEN_CHARACTERS = frozenset('<>:"/\\|?*') | {chr(code) for code in range(32)} | {"\x7f"}
MAX_NAME_LENGTH = 255  # of one file or folder name: UTF-16 units on Windows and FAT, bytes on Linux
MAX_PATH_LENGTH = 150  # of a path in the output: Windows allows 259 in all, so 109 are left for the folder it is in


def device_name(name: str) -> str:
    """The Dutch reason a name from DEVICE_NAMES cannot be used."""
    return (f"'{name}' is op Windows de naam van een apparaat: zo kan geen bestand of map heten, ook niet op een "
            "USB-stick")


def portable_slug(slug: str, taken: Collection[str] = ()) -> str:
    """The slug itself, or else the first of slug-2, slug-3, ... that is no Windows device name and not `taken`."""
    if slug not in DEVICE_NAMES and slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[:MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def term_slug(name: str) -> str:
    """The slug of a wijk, theme, organisation or subject: its page is <section>/<slug>/."""
    return portable_slug(slugify(name))


def path_problem(path: str) -> str | None:
    """Why a path in the output ("static/foto's/con.png") cannot be copied to Windows, macOS or a FAT USB stick,
    in Dutch; None when it can."""
    if len(path) > MAX_PATH_LENGTH:
        return f"het pad is {len(path)} tekens lang; op Windows past hoogstens {MAX_PATH_LENGTH}"
    for name in path.split("/"):
        if not name:
            return "het pad bevat een lege mapnaam"
        forbidden = sorted(FORBIDDEN_CHARACTERS.intersection(name))
        if forbidden:
            shown = " ".join(char if char.isprintable() else f"U+{ord(char):04X}" for char in forbidden)
            return f"de naam '{name}' bevat een teken dat Windows niet toestaat: {shown}"
        if name.endswith((".", " ")):
            return f"de naam '{name}' eindigt op een punt of spatie; Windows haalt die weg"
        if name.split(".")[0].rstrip(" ").casefold() in DEVICE_NAMES:
            return device_name(name)
        if len(name.encode("utf-16-le")) // 2 > MAX_NAME_LENGTH or len(name.encode("utf-8")) > MAX_NAME_LENGTH:
            return f"de naam '{name[:40]}…' is langer dan {MAX_NAME_LENGTH} tekens"
    return None


def same_on_every_disk(path: str) -> str:
    """The key under which Windows, macOS and FAT see two paths as one: case and Unicode form do not count."""
    return unicodedata.normalize("NFC", path).casefold()
