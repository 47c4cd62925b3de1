"""The build pipeline, top to bottom: one call and one comment per stage."""

from __future__ import annotations

import importlib.metadata
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .agenda import calendar_file
from .cache import BuildCache, fingerprint
from .config import load_config
from .content import Entry, parse
from .errors import BuildStopped, SiteError, errors_in
from .feeds import EPOCH, feed_files, sitemap_files
from .images import PhotoPlan, PhotoSettings, load_memo, plan_photos, save_memo
from .open_data import open_data_files
from .output import MANIFEST, OutputFile, check_output_location, present_files, read_manifest, write_site
from .pages import PagePlan, broken_links, photo_folders, plan_pages, url_of
from .search import index_site
from .site import Site, assemble
from .sources import discover
from .theme import Theme, default_theme_dir, load_theme, render

CACHE_DIR = ".wijksite-cache"
Progress = Callable[[str], None]
PhotoProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None  # default: root/output
    drafts: bool = False
    base_url: str | None = None
    remove_foreign: bool = False
    today: date | None = None
    use_cache: bool = True  # `check` reads and writes no cache: it leaves the site folder exactly as it was

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "output"

    @property
    def photo_cache(self) -> Path:
        return self.root / CACHE_DIR / "fotos"


@dataclass(frozen=True)
class Plan:
    """Everything known before rendering: the checked site, its photos, theme and pages."""

    site: Site
    photos: dict[Path, PhotoPlan]
    theme: Theme
    pages: list[PagePlan]
    problems: list[SiteError]
    photo_memo: dict[str, list[Any]]


@dataclass
class BuildReport:
    pages: int = 0
    photos: int = 0
    photos_processed: int = 0
    files: int = 0
    seconds: float = 0.0
    problems: list[SiteError] = field(default_factory=list)

    @property
    def warnings(self) -> list[SiteError]:
        return [p for p in self.problems if not p.is_error]


def prepare(options: BuildOptions, progress: Progress = lambda _: None) -> Plan:
    """Read, validate and plan without writing anything; raises BuildStopped with every problem found."""
    config = load_config(options.root, options.base_url)                    # site.yaml, validated
    files, found = discover(options.root)                                   # read the content files
    progress(f"{len(files)} bestanden gelezen")
    cache = BuildCache(options.root / CACHE_DIR if options.use_cache else None)
    try:
        entries, parsed = parse(files, config, options.today, cache)        # typed entries (cached by hash)
    finally:
        cache.close()
    problems = _stop_on_errors([*config.problems, *found, *parsed])
    site, assembled = assemble(entries, config, options.drafts, options.today)  # collections and groups
    memo = load_memo(options.photo_cache)
    settings = PhotoSettings(config.photo_widths, config.publish_originals)
    photos, inspected = plan_photos(site.photos, photo_folders(site), config.content_dir, settings, memo)
    theme = load_theme(config, options.use_cache)                           # templates and messages
    pages = plan_pages(site, theme.messages)                                # which pages, at which paths
    published_entries: list[Entry] = [*site.initiatives, *site.stories, *site.pages]
    published = {url_of(page_entry) for page_entry in published_entries}
    unpublished = [entry for entry in entries if url_of(entry) not in published]
    links = broken_links(site, pages, set(theme.static_files()), unpublished)  # links between entries
    problems = _stop_on_errors([*problems, *assembled, *inspected, *links])
    return Plan(site, photos, theme, pages, problems, memo)


def build(options: BuildOptions, progress: Progress = lambda _: None,
          photo_progress: PhotoProgress | None = None) -> BuildReport:
    """Build the site into options.output_dir; raises BuildStopped (and writes nothing) on errors."""
    started = time.perf_counter()
    check_output_location(options.output_dir, options.root)
    inputs = inputs_key(options) if options.use_cache else ""
    if inputs and (unchanged := _unchanged_build(options, inputs)):               # nothing changed at all
        progress("niets veranderd sinds de vorige build")
        return BuildReport(unchanged.pages, unchanged.photos, 0, unchanged.files, time.perf_counter() - started,
                           unchanged.problems)
    plan = prepare(options, progress)
    progress(f"{len(plan.pages)} pagina's maken")
    cache = BuildCache(options.root / CACHE_DIR if options.use_cache else None)
    try:
        outputs = render(plan.pages, plan.theme, plan.site, plan.photos, cache)  # HTML (cached by inputs)
    finally:
        cache.close()
    outputs += machine_readable(plan)                                       # feeds, sitemap, open data, agenda
    progress(f"{len(plan.photos)} foto's verwerken")
    written = write_site(outputs, plan.theme.static_files(), list(plan.photos.values()),  # the only writes
                         options.output_dir, options.photo_cache, options.remove_foreign,
                         lambda source, message: _photo_problem(plan.site, source, message), photo_progress,
                         [lambda staging, hashes: index_site(staging, options.root / CACHE_DIR / "zoeken", hashes)])
    save_memo(options.photo_cache, plan.photo_memo)
    report = BuildReport(len(plan.pages), len(plan.photos), written.photos_processed, written.files,
                         time.perf_counter() - started, plan.problems)
    if inputs:
        _remember_build(options, inputs, report)
    return report


TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".html", ".css", ".js", ".xml", ".txt", ".json", ".svg")


def inputs_key(options: BuildOptions) -> str:
    """A hash of everything a build reads: text files by their bytes, photos and other files by size and time
    (as git's index does: hashing every photo would cost more than the build it saves), the theme, the
    options, today's date (warnings depend on it) and the versions of wijksite and Pagefind."""
    parts: list[object] = [options.drafts, options.base_url, str(options.output_dir), options.today or date.today(),
                           _pagefind_version()]
    folders = [options.root / name for name in ("site.yaml", "content", "templates", "static", "themes",
                                                 "berichten")]
    for folder in (*folders, default_theme_dir()):
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*")) if folder.is_dir() else []
        for path in paths:
            if path.is_file():
                stat = path.stat()
                data = path.read_bytes() if path.suffix.lower() in TEXT_SUFFIXES else (stat.st_size, stat.st_mtime_ns)
                parts.append((str(path), data))
    return fingerprint(*parts)


def _unchanged_build(options: BuildOptions, inputs: str) -> BuildReport | None:
    """The last build's report when its inputs were exactly these and its output is still all there."""
    cache = BuildCache(options.root / CACHE_DIR)
    try:
        last = cache.get_many("builds", [str(options.output_dir)]).get(str(options.output_dir))
    finally:
        cache.close()
    if not last or last["inputs"] != inputs:
        return None
    manifest = read_manifest(options.output_dir)
    if fingerprint(sorted(manifest.items())) != last["manifest"]:
        return None
    if present_files(options.output_dir) - {MANIFEST} != set(manifest):  # a file gone, or one wijksite did not make
        return None
    report: BuildReport = last["report"]
    return report


def _remember_build(options: BuildOptions, inputs: str, report: BuildReport) -> None:
    manifest = read_manifest(options.output_dir)
    cache = BuildCache(options.root / CACHE_DIR)
    try:
        cache.put_many("builds", {str(options.output_dir): {"inputs": inputs, "report": report,
                                                             "manifest": fingerprint(sorted(manifest.items()))}})
    finally:
        cache.close()


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def machine_readable(plan: Plan) -> list[OutputFile]:
    """Everything besides HTML that the site offers: Atom feeds, sitemap and robots.txt, open data, iCalendar."""
    site, messages = plan.site, plan.theme.messages
    titles = {"initiatieven": messages["feed.initiatieven"], "verhalen": messages["feed.verhalen"],
              "wijk": messages["feed.wijk"]}
    photo_paths = {source: photo.fallback.path for source, photo in plan.photos.items()}
    calendars = [calendar_file(i, site.config.base_url, i.checked or i.added or EPOCH) for i in site.initiatives]
    return [*feed_files(site, titles), *sitemap_files(site, plan.pages), *open_data_files(site, photo_paths),
            *[c for c in calendars if c]]


def _stop_on_errors(problems: list[SiteError]) -> list[SiteError]:
    if errors_in(problems):
        raise BuildStopped(problems)
    return problems


def _photo_problem(site: Site, source: Path, message: str) -> SiteError:
    photo = next(p for p in site.photos if p.source == source)
    return SiteError(photo.entry_path, photo.line, f"foto {photo.file_name}: {message}")
