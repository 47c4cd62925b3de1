"""The search index: Pagefind runs over the rendered pages in the staging folder.

Templates decide what is indexed: only elements marked `data-pagefind-body` (the main content of
initiatives, stories and content pages), with filters (type, wijk, thema, status, decennium),
a sort key (datum) and meta (image) marked in the HTML. Beside each part, the same pages' offline index for
search from disk (offline_index.py), where a browser cannot run Pagefind.

Pagefind keeps a whole index in memory while it builds it (about 250 KB per page of 900 words), so a large
site is indexed in parts of at most PAGES_PER_PART pages, at most two Pagefind runs at a time: memory stays flat
as the site grows, and an edit re-indexes only the part its page is in. The browser searches all parts at
once (Pagefind's mergeIndex, which shares one WebAssembly module), guided by `pagefind/wijksite-delen.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from ..output.writer import LinkedFile, OutputFile, OutputView
from .bundle import PartIndexing, pagefind_version
from .offline_index import OfflineIndex, OfflinePart
from .pages import SEARCH_FOLDER, SearchablePage, searchable_pages

PAGE_FACTS = "paginas.json"  # in the cache: per page sha256, whether it is searched and its sort values
LAST_PARTS = "delen.json"  # in the cache: the bundle each part had in the last build
PARTS_FILE = "wijksite-delen.json"  # which parts the browser merges, and their languages
ORDER_FILE = "wijksite-volgorde.json"  # per part, its sort values in order: only fetched to sort by date
PAGES_PER_PART = 500  # about 125 MB and 0.8 s for Pagefind at 900 words a page; 10,000 entries are 20 parts
# While pages are rendered, one Pagefind run at a time: it keeps about 1.3 cores busy, and a second run slowed
# the rendering down more than it helped. Once every page is made, runs go side by side (a cold build of 10,000
# entries had 8 s of one Pagefind alone at its end, a core half idle). Each run needs about 125 MB.
RUNS_WHILE_RENDERING = 1
RUNS_AFTERWARDS = 2 if (os.cpu_count() or 1) > 1 else 1
# The pages say lang="nl", but the index is built without Pagefind's Dutch (Snowball) stemmer: stemming breaks
# prefix search on compounds ("reparatie" does not find "reparatiecafé", "kleding" not "kledingpunt"), and Dutch
# is full of compounds. Without a stemmer, Pagefind's prefix matching finds both, and plurals ("molens") too.
# Part n is indexed as language "zz<n>": Pagefind puts the language in front of every page id ("zz1_4f83823"),
# which tells the browser the part a result came from.
INDEX_LANGUAGE = "zz"
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# Pagefind cuts its word index into chunks of about this many word positions (its default is 20,000; the setting
# is marked unstable, and without it Pagefind simply uses its default). A query fetches the chunk holding its
# word in every part: smaller chunks keep a first search on a site of 10,000 entries near 325 KB, and on a
# site of 1,000 entries near 120 KB, page and script included (bench/search.py).
INDEX_CHUNK_SIZE = 2000
# A merged part needs only its index: the browser already has the script and the WebAssembly of part 0.
UNUSED_IN_MERGED_PARTS = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")


class _HasPath(Protocol):
    @property
    def path(self) -> str: ...


Page = TypeVar("Page", bound=_HasPath)


@dataclass(frozen=True)
class IndexPart:
    """Pages that Pagefind indexes in one run, and where their bundle goes in the output."""

    number: int
    pages: tuple[str, ...]  # paths relative to the staging folder

    @property
    def language(self) -> str:
        return f"{INDEX_LANGUAGE}{self.number}"

    @property
    def folder(self) -> str:
        return SEARCH_FOLDER if self.number == 0 else f"{SEARCH_FOLDER}/deel-{self.number + 1}"


def split_into_parts(pages: list[str], per_part: int | None = None) -> list[IndexPart]:
    """Pages spread over parts of about `per_part` pages, by a hash of their path: a page stays in its part
    when others are added or removed (until the number of parts changes), so an edit re-indexes one part."""
    per_part = per_part or PAGES_PER_PART
    count = max(1, -(-len(pages) // per_part))
    parts: list[list[str]] = [[] for _ in range(count)]
    for page in sorted(pages):
        parts[int(hashlib.sha256(page.encode()).hexdigest()[:8], 16) % count].append(page)
    filled = [part for part in parts if part] or [[]]  # a few pages may leave a part empty
    return [IndexPart(number, tuple(part)) for number, part in enumerate(filled)]


def part_order(pages: dict[str, SearchablePage], part: IndexPart) -> dict[str, list[list[str | int]]]:
    """Per sort key, the part's values in Pagefind's order, as [value, count] runs. The browser maps a
    result's place in its part's order (Pagefind's score when sorting) to its value, to merge the parts."""
    values: dict[str, Counter[str]] = {}
    for page in part.pages:
        for key, value in pages[page].sort.items():
            values.setdefault(key, Counter())[value] += 1
    return {key: [[value, counts[value]] for value in sorted(counts)] for key, counts in sorted(values.items())}


class SearchIndex:
    """The search index, made while the site is written: a part's Pagefind run starts in the background as soon
    as all its pages are in place, so that indexing overlaps rendering.

    Which pages will be searchable is known for certain only from the rendered HTML, so the parts are first
    worked out from the pages whose templates mark `data-pagefind-body` (`expected`). When the build is done,
    calling the index works out the real parts; a part run early for pages that turned out otherwise is thrown
    away and run again. Each part's bundle is kept in the cache by a hash of its pages: an unchanged part costs
    no indexing work and keeps its files, so an edit re-indexes one part of about PAGES_PER_PART pages.
    """

    def __init__(self, cache_dir: Path, expected: list[str]) -> None:
        self.cache_dir, self.bundles, self.farms = cache_dir, cache_dir / "bundels", cache_dir / "paginas"
        self.earlier = _earlier_parts(cache_dir / LAST_PARTS)
        self.expected = split_into_parts(sorted(expected)) if expected else []
        self.part_of = {page: part for part in self.expected for page in part.pages}
        self.waiting = {part.number: set(part.pages) for part in self.expected}
        self.found: dict[str, tuple[Path, str]] = {}  # page -> (the folder it is in now, its sha256)
        self.queue: list[tuple[str, IndexPart, dict[str, tuple[Path, str]], int]] = []  # ..., number of parts
        self.runs: dict[str, PartIndexing] = {}
        self.active: list[PartIndexing] = []
        self.offline = OfflineIndex(cache_dir / "schijf")  # search from disk, and the vocabulary for typos

    def ordered(self, pages: list[Page], first: frozenset[str] = frozenset()) -> list[Page]:
        """These pages with the expected parts' pages first, part by part (the parts holding any of `first`, the
        pages that changed, before the others): a part can be indexed while the rest is still being rendered."""
        parts = sorted(self.expected, key=lambda part: not first.intersection(part.pages))
        place = {path: number for number, path in enumerate(page for part in parts for page in part.pages)}
        return sorted(pages, key=lambda page: place.get(page.path, len(place)))  # stable: the rest keep their order

    def staged(self, path: str, folder: Path, digest: str) -> None:
        """The writer has put a file in place (or kept it): start a part's run when it is complete."""
        part = self.part_of.get(path)
        if part is None:
            return
        self.found[path] = (folder, digest)
        waiting = self.waiting[part.number]
        waiting.discard(path)
        if not waiting:
            found = {page: self.found[page] for page in part.pages}  # the folder each is in now, its sha256
            key = _part_key(part, {page: digest for page, (_, digest) in found.items()}, len(self.expected))
            if not (self.bundles / key).is_dir():
                pages = {page: (folder / page, digest) for page, (folder, digest) in found.items()}  # where now
                self.queue.append((key, part, pages, len(self.expected)))
            self.offline.start(OfflinePart(part.number, part.pages, key), found, len(self.expected))
            self._advance()
        elif self.active and len(waiting) % 64 == 0:  # now and then: has a running part finished?
            self._advance()

    def runs_to_come(self) -> int:
        """Pagefind runs queued or running now."""
        return len(self.queue) + len(self.active)

    def _advance(self, at_once: int = RUNS_WHILE_RENDERING) -> None:
        """Finish the runs that are done and start queued ones, at most `at_once` at a time."""
        for run in [run for run in self.active if not run.running]:
            self.active.remove(run)
            run.finish()
        while self.queue and len(self.active) < at_once:
            key, part, pages, count = self.queue.pop(0)
            self.runs[key] = self._start(part, key, pages, count)
            self.active.append(self.runs[key])

    def _run_queue(self) -> None:
        """Run every queued part, now that the pages are all made, and wait for all runs."""
        self._advance(RUNS_AFTERWARDS)
        while self.active:
            while all(run.running for run in self.active):
                time.sleep(0.01)  # until one of them is done: its place goes to the next part at once
            self._advance(RUNS_AFTERWARDS)

    def _start(self, part: IndexPart, key: str, pages: dict[str, tuple[Path, str]], count: int) -> PartIndexing:
        last_key = self.earlier.get(f"{count}/{part.language}", "")
        before = self.bundles / last_key if last_key.isalnum() and (self.bundles / last_key).is_dir() else None
        (self.bundles / f"{key}.bestanden").unlink(missing_ok=True)
        self.bundles.mkdir(parents=True, exist_ok=True)
        unused = UNUSED_BUNDLE_FILES + (UNUSED_IN_MERGED_PARTS if part.number else ())
        return PartIndexing(pages, self.farms / f"{count}-{part.language}", self.bundles / key, part.language,
                            INDEX_CHUNK_SIZE, before, unused)

    def __call__(self, view: OutputView) -> Iterator[OutputFile | LinkedFile]:
        """The finished site's search files: every part's, linked from the cache, and the two small files that
        tell the browser how to merge the parts. The parts already indexed come first, while Pagefind is still
        at work on the others (after an edit, the writer has the rest of the site in place meanwhile)."""
        pages = searchable_pages(view, self.cache_dir / PAGE_FACTS)
        if not pages:
            self.close()
            return  # nothing to search (Pagefind refuses an empty site)
        parts = split_into_parts(sorted(pages))
        keys = [_part_key(part, {page: pages[page].digest for page in part.pages}, len(parts)) for part in parts]
        for key, run in self.runs.items():
            if key not in keys:
                run.cancel()  # a part worked out from templates that the rendered pages did not bear out
        self.active = [run for run in self.active if run.process is not None]  # not the cancelled ones
        self.queue = [queued for queued in self.queue if queued[0] in keys]
        planned = {*self.runs, *(queued[0] for queued in self.queue)}
        for part, key in zip(parts, keys, strict=True):
            if key not in planned and not (self.bundles / key).is_dir():
                where = {page: (view.location(page), pages[page].digest) for page in part.pages}
                self.queue.append((key, part, where, len(parts)))
        self._advance(RUNS_AFTERWARDS)
        # while Pagefind runs: the same parts for search from disk, and the words of the site for typos
        offline_parts = [OfflinePart(part.number, part.pages, key) for part, key in zip(parts, keys, strict=True)]
        yield from self.offline(view, {page: facts.digest for page, facts in pages.items()}, offline_parts)
        ready = [(self.bundles / key).is_dir() for key in keys]
        for part, key, done in zip(parts, keys, ready, strict=True):
            if done:
                yield from _part_files(part, self.bundles / key, key)
        merged = {"delen": [{"map": part.folder.removeprefix(SEARCH_FOLDER + "/") + "/", "taal": part.language}
                            for part in parts[1:]],
                  "volgorde": ORDER_FILE if len(parts) > 1 else None}
        yield OutputFile(f"{SEARCH_FOLDER}/{PARTS_FILE}", _json_bytes(merged))
        if len(parts) > 1:
            order = {part.language: part_order(pages, part) for part in parts}
            yield OutputFile(f"{SEARCH_FOLDER}/{ORDER_FILE}", _json_bytes(order))
        _keep_only(self.farms, {f"{len(parts)}-{part.language}" for part in parts})
        self._run_queue()
        _remember_parts(self.cache_dir / LAST_PARTS, {f"{len(parts)}/{part.language}": key  # only bundles made:
                                                      for part, key in zip(parts, keys, strict=True)})  # see _start
        for part, key, done in zip(parts, keys, ready, strict=True):
            if not done:
                yield from _part_files(part, self.bundles / key, key)
        _keep_only(self.bundles, {*keys, *(f"{key}.bestanden" for key in keys)})  # no run uses one now

    def close(self) -> None:
        """Stop what still runs: a build that stopped halfway leaves no Pagefind behind."""
        self.queue.clear()
        for run in self.runs.values():
            run.cancel()
        self.offline.close()


def _part_files(part: IndexPart, bundle: Path, key: str) -> list[LinkedFile]:
    """A part's files in the output, linked from its bundle in the cache."""
    return [LinkedFile(f"{part.folder}/{inside}", f"{bundle}/{inside}", key) for inside in _bundle_files(bundle)]


def _bundle_files(bundle: Path) -> list[str]:
    """The files of a bundle in the cache, relative to it; listed once in a file beside it (ten parts hold
    some 12,000 files at 10,000 entries: walking them on every build would cost a noticeable part of it)."""
    listing = bundle.with_name(bundle.name + ".bestanden")
    try:
        return listing.read_text(encoding="utf-8").splitlines()
    except OSError:
        pass
    files = []
    for folder, folders, names in os.walk(bundle):
        folders.sort()
        relative = os.path.relpath(folder, bundle).replace(os.sep, "/")
        files += [name if relative == "." else f"{relative}/{name}" for name in sorted(names)]
    try:
        listing.write_text("\n".join(files), encoding="utf-8")
    except OSError:
        pass  # only a cache: listed again next time
    return files


def _earlier_parts(file: Path) -> dict[str, str]:
    """Which bundle in the cache each part had in the last build ("<parts>/<language>" -> key)."""
    try:
        earlier = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in earlier.items()} if isinstance(earlier, dict) else {}


def _remember_parts(file: Path, parts: dict[str, str]) -> None:
    try:
        file.write_text(json.dumps(parts, sort_keys=True), encoding="utf-8")
    except OSError:
        pass  # only a cache: the next edit indexes its part from nothing


def _json_bytes(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _part_key(part: IndexPart, digests: dict[str, str], count: int) -> str:
    """A hash of everything a part's bundle is made of: its pages' paths and bytes, its place, the settings."""
    digest = hashlib.sha256(f"{part.language}/{count}/{INDEX_CHUNK_SIZE}{UNUSED_BUNDLE_FILES}{pagefind_version()}"
                            .encode())
    for page in part.pages:
        digest.update(f"{page}\0{digests[page]}\0".encode())
    return digest.hexdigest()[:24]


def _keep_only(folder: Path, names: set[str]) -> None:
    """Remove what the cache folder holds besides these: bundles and page folders of parts that are gone."""
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.name not in names:
                shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
