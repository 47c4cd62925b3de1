"""The vocabulary: the words that occur on the site, with how often, for "Bedoelde u: reparatie?".

Made at build time from the words the search index holds (offline_index.py counts them per part); the search
page loads it, online and from disk alike, only when a query finds nothing or little, and offers the closest
words that occur on the site. Short words, numbers and rare words are left out: a typo in a word of three
letters has too many neighbours to guess from, and the file stays small.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

from .pages import SEARCH_FOLDER

VOCABULARY_FILE = f"{SEARCH_FOLDER}/woordenlijst.js"
MIN_LETTERS = 4
MAX_WORDS = 6000  # the most frequent; about 60 KB, loaded only when a query finds little


def fold(word: str) -> str:
    """A word as a resident may type it: lower case, without diacritics ("Café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def vocabulary(forms: Counter[str], limit: int = MAX_WORDS) -> list[tuple[str, int]]:
    """The site's words as a resident would type them, most frequent first: one form per word without
    diacritics (the most frequent: "café" before "cafe"), with the count of all its forms."""
    counts: Counter[str] = Counter()
    best: dict[str, tuple[int, str]] = {}
    for form, count in forms.items():
        if len(form) < MIN_LETTERS or not form.isalpha():
            continue
        folded = fold(form)
        counts[folded] += count
        if (count, form) > best.get(folded, (0, "")):
            best[folded] = (count, form)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(best[folded][1], count) for folded, count in ranked]


def vocabulary_script(words: list[tuple[str, int]]) -> bytes:
    """The vocabulary as a script (a script tag loads it from disk too): "word count" pairs in one string."""
    text = json.dumps(" ".join(f"{word} {count}" for word, count in words), ensure_ascii=False)
    return f"window.wijksiteWoordenlijst={text};\n".encode()
