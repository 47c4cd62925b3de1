"""The search index: Pagefind runs over the rendered pages in the staging folder.

Templates decide what is indexed: only elements marked `data-pagefind-body` (the main content of
initiatives, stories and content pages), with filters (type, wijk, thema, status, decennium),
a sort key (datum) and meta (image) marked in the HTML. wijksite writes no search engine of its own.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import BuildStopped, SiteError

SEARCH_FOLDER = "pagefind"
TIMEOUT_SECONDS = 1800
# The pages say lang="nl", but the index is built without Pagefind's Dutch (Snowball) stemmer: stemming breaks
# prefix search on compounds ("reparatie" does not find "reparatiecafé", "kleding" not "kledingpunt"), and Dutch
# is full of compounds. Without a stemmer, Pagefind's prefix matching finds both, and plurals ("molens") too.
INDEX_LANGUAGE = "zz"
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def index_site(staging: Path, cache_dir: Path) -> list[str]:
    """The search bundle for the pages in `staging`; returns the files it wrote, relative to staging.

    Pagefind writes its filter files in a different order on every run (upstream issue #638), so the bundle
    is cached by a hash of every page: an unchanged site gets the identical bundle, and no indexing work.
    """
    key = _pages_key(staging)
    cached = cache_dir / key
    if not cached.is_dir():
        _run_pagefind(staging)
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache_dir.mkdir(parents=True)
        shutil.copytree(staging / SEARCH_FOLDER, cache_dir / f".{key}")
        (cache_dir / f".{key}").rename(cached)
    else:
        shutil.copytree(cached, staging / SEARCH_FOLDER, copy_function=_link_or_copy)
    folder = staging / SEARCH_FOLDER
    return sorted(p.relative_to(staging).as_posix() for p in folder.rglob("*") if p.is_file())


def _pages_key(staging: Path) -> str:
    digest = hashlib.sha256(f"{INDEX_LANGUAGE}{UNUSED_BUNDLE_FILES}{_pagefind_version()}".encode())
    for page in sorted(staging.rglob("*.html")):
        digest.update(page.relative_to(staging).as_posix().encode() + b"\0" + page.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _run_pagefind(staging: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-subdir", SEARCH_FOLDER,
               "--force-language", INDEX_LANGUAGE, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildStopped([_problem(str(exc))]) from exc
    if result.returncode != 0:
        raise BuildStopped([_problem((result.stderr or result.stdout).strip()[-500:])])
    for unused in UNUSED_BUNDLE_FILES:  # Pagefind's own UI: our theme uses only its JavaScript API
        (staging / SEARCH_FOLDER / unused).unlink(missing_ok=True)


def _problem(detail: str) -> SiteError:
    return SiteError("zoekfunctie", None, f"de zoekindex kon niet gemaakt worden ({detail})",
                     "installeer wijksite opnieuw (pip install wijksite); Pagefind hoort erbij")


# Everyday Dutch words that end compounds on a neighbourhood site. A resident who types "café" or "punt"
# should find "reparatiecafé" and "kledingpunt": Pagefind matches the start of words, not their end.
COMPOUND_HEADS = frozenset("""
    afval archief avond bank bemiddeling bewoner bewoners bibliotheek boom boot brug buurt cafe café centrum
    club cursus dag dagen dienst dijk dorp fabriek feest fiets foto fotos gebouw geld groep groen haven hof hoek
    huis hulp huizen jeugd kade kamer kantoor kapel kerk kerken kind kinderen klas kleding koffie koor kraam
    kring kunst land leven les maaltijd markt middag molen molens moestuin muziek nacht ochtend oogst ouderen
    overleg pad park plan plaats plein platform polder post project punt punten raad reis route school schip
    sport straat stoel taal team tuin uur vereniging verhaal verhalen vervoer voedsel water week weg werf werk
    werkplaats wijk winkel winter woning zaal zomer zorg""".split())
MIN_PART = 3


def compound_parts(texts: list[str]) -> list[str]:
    """The known tails of compound words in these texts: "Reparatiecafé" -> "café"; "kledingpunt" -> "punt"."""
    parts: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"\w+", text.casefold()):
            for start in range(MIN_PART, len(word) - MIN_PART + 1):
                tail = word[start:]
                if tail in COMPOUND_HEADS and tail != word:
                    parts.setdefault(tail, None)
    return list(parts)
