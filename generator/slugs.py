"""Slugs for URLs and folded text for comparing names ("Café" and "cafe" are the same name)."""

from __future__ import annotations

import functools
import re
import unicodedata

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


def is_valid_slug(slug: str) -> bool:
    return bool(slug) and slug == slugify(slug)
