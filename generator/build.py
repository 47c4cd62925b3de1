"""The build pipeline, top to bottom: one call and one comment per stage."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import load_config
from .content import parse
from .errors import BuildStopped, SiteError, errors_in
from .images import PhotoPlan, plan_photos
from .output import check_output_location, write_site
from .pages import photo_folders, plan_pages
from .site import Site, assemble
from .sources import discover
from .theme import load_theme, render

CACHE_DIR = ".wijksite-cache"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None  # default: root/output
    drafts: bool = False
    base_url: str | None = None
    remove_foreign: bool = False
    today: date | None = None

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "output"


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


Progress = Callable[[str], None]


def check(options: BuildOptions, progress: Progress = lambda _: None) -> tuple[Site, dict[Path, PhotoPlan], list[SiteError]]:
    """Everything up to rendering: read, validate and assemble; raises BuildStopped on errors."""
    config = load_config(options.root, options.base_url)                    # site.yaml, validated
    problems = list(config.problems)
    sources, found = discover(options.root)                                 # read files, split front matter
    progress(f"{len(sources)} bestanden gelezen")
    entries, parsed = parse(sources, config, options.today)                 # typed entries
    _stop_on_errors(problems := problems + found + parsed)
    site, assembled = assemble(entries, config, options.drafts, options.today)  # collections and groups
    photos, inspected = plan_photos(site.photos, photo_folders(site))       # photo sizes and renditions
    _stop_on_errors(problems := problems + assembled + inspected)
    return site, photos, problems


def build(options: BuildOptions, progress: Progress = lambda _: None) -> BuildReport:
    """Build the site into options.output_dir; raises BuildStopped (and writes nothing) on errors."""
    started = time.perf_counter()
    check_output_location(options.output_dir, options.root)
    site, photos, problems = check(options, progress)
    theme = load_theme(site.config)                                         # templates and messages
    pages = plan_pages(site, theme.messages)                                # which pages, at which paths
    progress(f"{len(pages)} pagina's maken")
    outputs = render(pages, theme, site, photos)                           # HTML, pure
    progress(f"{len(photos)} foto's verwerken")
    written = write_site(outputs, theme.static_files(), list(photos.values()),  # the only writes
                         options.output_dir, options.root / CACHE_DIR, options.remove_foreign,
                         lambda source, message: _photo_problem(site, source, message))
    return BuildReport(len(pages), len(photos), written.photos_processed, written.files,
                       time.perf_counter() - started, problems)


def _stop_on_errors(problems: list[SiteError]) -> None:
    if errors_in(problems):
        raise BuildStopped(problems)


def _photo_problem(site: Site, source: Path, message: str) -> SiteError:
    photo = next(p for p in site.photos if p.source == source)
    return SiteError(photo.entry_path, photo.line, f"foto {photo.file_name}: {message}")
