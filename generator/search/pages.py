"""Which rendered pages are searched, and the sort values Pagefind gets from each (read from their HTML)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..output.writer import OutputView

SEARCH_FOLDER = "pagefind"  # the search index's folder in the output
_BODY = re.compile(rb"<[a-z][^>]*\sdata-pagefind-body[\s>=/]")
_SORT = re.compile(rb'data-pagefind-sort="([^":]+):([^"]*)"')


def sort_values(page_html: bytes) -> dict[str, str]:
    """The page's Pagefind sort keys and values (`data-pagefind-sort="datum:1955-01-01"`)."""
    return {key.decode(): html.unescape(value.decode()) for key, value in _SORT.findall(page_html)}


@dataclass(frozen=True)
class SearchablePage:
    """What indexing needs to know of a rendered page: its bytes' sha256 and its sort values."""

    digest: str
    sort: dict[str, str]


def searchable_pages(view: OutputView, facts_file: Path) -> dict[str, SearchablePage]:
    """Pages with a `data-pagefind-body` element, by path; if a theme marks none, every page (as Pagefind does).

    What a page holds is remembered by its sha256 in `facts_file`: only new or changed pages are read.
    """
    try:
        known = json.loads(facts_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    facts: dict[str, list[object]] = {}
    everything: dict[str, SearchablePage] = {}
    marked: dict[str, SearchablePage] = {}
    for path, digest in sorted(view.digests.items()):
        if not path.endswith(".html") or path.startswith(SEARCH_FOLDER + "/"):
            continue
        fact = known.get(digest)
        if not (isinstance(fact, list) and len(fact) == 2 and isinstance(fact[1], dict)):
            data = view.location(path).read_bytes()
            fact = [bool(_BODY.search(data)), sort_values(data)]
        facts[digest] = fact
        page = SearchablePage(digest, fact[1])  # str -> str: read back from JSON, or made by sort_values
        everything[path] = page
        if fact[0]:
            marked[path] = page
    if facts != known:
        try:
            facts_file.parent.mkdir(parents=True, exist_ok=True)
            facts_file.write_text(json.dumps(facts, separators=(",", ":")), encoding="utf-8")
        except OSError:
            pass  # only a cache: the next build reads the pages again
    return marked or everything
