"""The build pipeline, top to bottom: one call and one comment per stage. build.py runs it when something changed."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .content.config import load_config
from .content.entries import Entry, Initiative, Photo, parse
from .content.links import LinkCheck, Targets, check_content_links, dead_template_links
from .content.sources import discover
from .errors import BuildStopped, SiteError, errors_in
from .incremental.cache import BuildCache, fingerprint
from .incremental.folders import list_folder
from .incremental.snapshot import Snapshot
from .incremental.state import CACHE_DIR, BuildState, PageKeys
from .incremental.templates import TemplateScan
from .memory import collector_spares_the_site_model, give_back_freed_memory, hand_back_the_site_model
from .options import BuildOptions, BuildReport, PhotoProgress, Progress
from .output.manifest import manifest_digest
from .output.writer import KeptFile, OutputFile, write_site
from .photos.renditions import PhotoPlan, PhotoSettings, load_memo, plan_photos, save_memo, unlisted_photos
from .render.agenda import CALENDAR_FILE, calendar_file, calendar_path
from .render.feeds import EPOCH, feed_files, feed_paths, sitemap_files
from .render.open_data import OPEN_DATA_PATHS, open_data_files
from .render.page_keys import site_key
from .render.posters import codes_made_ahead, paper_problems, plan_paper
from .render.renderer import render
from .render.theme import Theme, load_theme, static_problems
from .search.index import SearchIndex
from .site.model import Site, assemble
from .site.pages import PagePlan, address, photo_folders, plan_pages, url_of


@dataclass(frozen=True)
class Plan:
    """Everything known before rendering: the checked site, its photos, theme and pages."""

    site: Site
    photos: dict[Path, PhotoPlan]
    theme: Theme
    pages: list[PagePlan]
    problems: list[SiteError]
    photo_memo: dict[str, list[Any]]
    links: LinkCheck
    changed: frozenset[str] = frozenset()  # pages of entries whose files changed since the last build
    photos_made: int = 0  # new photos whose renditions were made while they were checked


def prepare(options: BuildOptions, progress: Progress = lambda _: None, inputs: Snapshot | None = None,
            photo_progress: PhotoProgress | None = None) -> Plan:
    """Read, validate and plan; raises BuildStopped with every problem found. Nothing is written, except (with
    options.use_cache) the renditions of new photos into the cache, made while the photos are checked anyway.

    `inputs` (a snapshot of the input files) spares reading files that did not change since the last build.
    """
    config = load_config(options.root, options.base_url)                    # site.yaml, validated
    files, found = discover(options.root, inputs)                           # the content files, by hash
    progress(f"{len(files)} bestanden gelezen")
    cache = BuildCache(options.root / CACHE_DIR if options.use_cache else None)
    try:
        entries, parsed = parse(files, config, options.today, cache)        # typed entries (cached by hash)
    finally:
        cache.close()
    entries, addressed = address(entries)                                   # each its own portable address
    site, assembled = assemble(entries, config, options.drafts, options.today)  # collections and groups
    # what is held back for consent is told even when a file has errors: every warning, every time
    problems = _stop_on_errors([*config.problems, *found, *parsed, *addressed, *assembled])
    memo = load_memo(options.photo_cache)
    settings = PhotoSettings(config.photo_widths, config.publish_originals)
    photos, inspected, photos_made = plan_photos(                           # every new photo decoded
        site.photos, photo_folders(site), config.content_dir, settings, memo,
        options.photo_cache if options.use_cache else None, photo_progress)
    unlisted = unlisted_photos(entries, inputs.children if inputs else list_folder, options.root)
    theme = load_theme(config, options.use_cache)                           # templates and messages
    statics = static_problems(theme.static_files(), options.root)          # names every disk can hold
    pages = plan_pages(site, theme.messages, options.preview)              # which pages, at which paths
    pages += plan_paper(site, theme.messages)                               # posters and leaflets to print
    published_entries: list[Entry] = [*site.initiatives, *site.stories, *site.pages]
    links = LinkCheck(link_targets(site, pages, theme, photos), enabled=options.check_links)
    dead = dead_content_links(published_entries, entries, links)            # every link in the content
    paper = paper_problems(site, options.base_url is not None)               # a QR code needs basis_url
    problems = _stop_on_errors([*problems, *statics, *inspected, *unlisted, *dead, *paper])
    read_again = {file.path for file in files if file.data is not None}
    changed = frozenset(url_of(entry) + "index.html" for entry in published_entries if entry.source_path in read_again)
    return Plan(site, photos, theme, pages, problems, memo, links, changed, photos_made)


def link_targets(site: Site, pages: list[PagePlan], theme: Theme, photos: dict[Path, PhotoPlan]) -> Targets:
    """Every file the build will write, for the link check: pages, static files and photos by path; the files made
    after the pages (feeds, sitemap, open data, agenda files) by where their makers put them."""
    files = {page.path for page in pages} | set(theme.static_files())
    files.update(rendition.path for plan in photos.values() for rendition in plan.renditions)
    later = {*feed_paths(site), *OPEN_DATA_PATHS}
    calendars: dict[str, Initiative] = {}

    def made_later(path: str) -> bool:
        if path in later:
            return True
        if path.endswith(CALENDAR_FILE) and not calendars:  # looked up only for a link to an agenda file
            calendars.update({f"{url_of(initiative)}{CALENDAR_FILE}": initiative for initiative in site.initiatives})
        return path in calendars and calendar_path(calendars[path]) == path

    return Targets(files, made_later, urlsplit(site.config.base_url).path or "/")


def dead_content_links(published: list[Entry], entries: list[Entry], links: LinkCheck) -> list[SiteError]:
    """A warning for each link in published content to a file the site will not have (see content/links.py)."""
    if not links.enabled:
        return []
    def hidden() -> set[str]:
        shown = {url_of(entry) for entry in published}
        return {url_of(entry) + "index.html" for entry in entries if url_of(entry) not in shown}

    return check_content_links(published, lambda entry: url_of(entry) + "index.html", links, hidden)


def make_site(options: BuildOptions, state: BuildState, present: set[str], manifest: dict[str, str],
              progress: Progress, photo_progress: PhotoProgress | None) -> BuildReport:
    """The site made, from `state` (the last build's record, the inputs), the files in the output folder now and
    the manifest the last build left there (build.py has looked at them to see that something changed)."""
    with collector_spares_the_site_model() as site_read:
        plan = prepare(options, progress, state.inputs, photo_progress)     # read, check and plan
        site_read()
        give_back_freed_memory()  # the files' bytes (100 MB at 10,000 entries), and any photo decoded here
        progress(f"{len(plan.pages)} pagina's maken")
        keys = PageKeys(*state.page_keys(manifest, present))                # what the last build made each file from
        report = BuildReport(len(plan.pages), len(plan.photos), problems=plan.problems,
                             preview_only=tuple(page.url for page in plan.pages if page.preview_only)
                             if options.preview else ())
        photo_memo, photos, photos_made = plan.photo_memo, list(plan.photos.values()), plan.photos_made
        photo_entries: dict[Path, Photo] = {}  # for messages about photos: the first entry that shows each one
        for photo in plan.site.photos:
            photo_entries.setdefault(photo.source, photo)
        if plan.photos:
            noun = "foto" if len(plan.photos) == 1 else "foto's"
            progress(f"{len(plan.photos)} {noun} verwerken")
        index = SearchIndex(state.cache_dir / "zoeken", searchable_pages_expected(plan))  # Pagefind, while rendering
        plan.links.previous = manifest.keys()  # what the last build wrote: a kept page may link to what is gone now
        statics, made = plan.theme.static_files(), _site_files(plan, index, keys, options.output_dir)
        del plan  # from here on only `made` has the site model: it lets go of it when its last file is made
        try:
            written = write_site(made, statics, photos, options.output_dir, options.photo_cache,  # the only writes
                                 options.remove_foreign, lambda source, message: _photo_problem(photo_entries, source,
                                                                                                 message),
                                 photo_progress, [index], present)
        except BuildStopped as stopped:  # a template, a photo or the disk: told with every warning found before
            raise BuildStopped([*report.problems, *stopped.problems], stopped.output_changed) from stopped
        finally:
            made.close()  # stopped halfway: the QR codes' worker stops now, not when this process ends
    save_memo(options.photo_cache, photo_memo)
    report = replace(report, photos_processed=photos_made + written.photos_processed, files=written.files,
                     pages_made=keys.rendered, files_written=len(written.written),
                     removed_foreign=written.removed_foreign)
    state.remember(report, keys, manifest_digest(options.output_dir))       # for the next build
    return report


def _site_files(plan: Plan, index: SearchIndex, keys: PageKeys,
                out_dir: Path) -> Generator[OutputFile | KeptFile, None, None]:
    """Every page (KeptFile if unchanged), then the machine-readable files; then lets go of the site model. Stops
    the build if a template wrote a link to a file the site does not have."""
    # The caller keeps no reference to the plan: once the last file is made, the site model's memory (100 MB at
    # 10,000 entries) is handed back, before the last Pagefind runs, two at a time, need it.
    order = index.ordered(plan.pages, first=plan.changed)  # parts with edited pages first, the pages to print last
    with codes_made_ahead(plan.theme.environment, plan.site):  # their QR codes, in a worker meanwhile
        yield from render(order, plan.theme, plan.site, plan.photos, keys, plan.links)  # unchanged pages skipped
    yield from machine_readable(plan, keys)
    broken = plan.links.finish(lambda path: (out_dir / path).read_text(encoding="utf-8"))
    if broken:
        raise BuildStopped(dead_template_links(broken, plan.theme.locate))
    del plan, order
    if index.runs_to_come() > 1:  # Pagefind's last runs go two at a time: make room for them (not after an edit)
        hand_back_the_site_model()


def searchable_pages_expected(plan: Plan) -> list[str]:
    """The pages whose templates mark what Pagefind indexes: the search index's parts are planned from them."""
    marks = TemplateScan(plan.theme.environment, re.compile(r"\bdata-pagefind-body\b"))
    return [page.path for page in plan.pages if marks(page.template)]


MACHINE_READABLE = "m:"  # the prefix of the key the machine-readable files share


def machine_readable(plan: Plan, keys: PageKeys) -> Iterator[OutputFile | KeptFile]:
    """The machine-readable files, made again only when what they show changed: none of them shows an entry's
    long texts, so editing a text keeps them all (at 10,000 entries they take most of a second to make)."""
    key = MACHINE_READABLE + fingerprint(site_key(plan.site, plan.photos, texts=False), plan.site.config,
                                         [page.path for page in plan.pages], sorted(plan.theme.messages.items()))
    last = [path for path, made_from in keys.previous.items() if made_from.startswith(MACHINE_READABLE)]
    if last and all(keys.unchanged(path, key) for path in last):
        for path in last:
            keys.keep(path, key)
            yield KeptFile(path)
        return
    for file in machine_readable_files(plan):
        keys.keep(file.path, key)  # not counted as rendered pages
        yield file


def machine_readable_files(plan: Plan) -> list[OutputFile]:
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


def _photo_problem(photos: dict[Path, Photo], source: Path, message: str) -> SiteError:
    photo = photos[source]
    return SiteError(photo.entry_path, photo.line, f"foto {photo.file_name}: {message}")
