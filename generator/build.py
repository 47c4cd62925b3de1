"""A build, from the outside: one call, `build(options)`. It first asks whether anything changed since the last
build into the same output folder; if nothing did, it is done, without loading the pipeline (pipeline.py) and the
libraries it needs (Jinja2, Markdown, YAML, Pillow: most of the time a rebuild with nothing to do used to take).
Otherwise the pipeline makes the site.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from .incremental.cache import BuildLock
from .incremental.state import CACHE_DIR, BuildState
from .options import BuildOptions, BuildReport, PhotoProgress, Progress
from .output.manifest import MANIFEST, check_output_location, manifest_digest, present_files, read_manifest
from .search.bundle import pagefind_version


def build(options: BuildOptions, progress: Progress = lambda _: None,
          photo_progress: PhotoProgress | None = None) -> BuildReport:
    """Build the site into options.output_dir; raises BuildStopped (and writes nothing) on errors."""
    check_output_location(options.output_dir, options.root)
    if not options.use_cache:
        return _build(options, progress, photo_progress)
    with BuildLock(options.root / CACHE_DIR, lambda: progress("wachten tot een andere build van deze site klaar is")):
        return _build(options, progress, photo_progress)


def _build(options: BuildOptions, progress: Progress, photo_progress: PhotoProgress | None) -> BuildReport:
    started = time.perf_counter()
    state = (BuildState.open(options.root / CACHE_DIR, options.output_dir, options.input_paths(), _settings(options))
             if options.use_cache else BuildState.without_cache(options.root / CACHE_DIR, options.output_dir))
    present = present_files(options.output_dir, state.folders, state.now_ns)  # what is in the output folder now
    manifest = read_manifest(options.output_dir)
    if state.is_current(manifest_digest(options.output_dir), present - {MANIFEST} == set(manifest)):
        progress("niets veranderd sinds de vorige build")                  # nothing changed at all
        state.remember_folders()
        last: BuildReport = state.last_report
        return replace(last, photos_processed=0, seconds=time.perf_counter() - started, pages_made=0,
                       files_written=0, removed_foreign=())
    from .pipeline import make_site  # loaded only now: a build with nothing to do needs none of it

    report = make_site(options, state, present, manifest, progress, photo_progress)
    return replace(report, seconds=time.perf_counter() - started)


def _settings(options: BuildOptions) -> list[object]:
    """Everything besides its input files that a build's output depends on: the options, today's date (warnings
    depend on it) and the version of Pagefind (wijksite's own code is in every cache key already)."""
    return [options.drafts, options.base_url, str(options.output_dir), options.today or date.today(),
            options.preview, pagefind_version(), options.check_links]
