"""The only code that writes to output/: what changed is staged in a temporary folder, then moved in.

A build writes nothing to output/ until every page, photo and search file is made: a content or template
mistake, a broken photo or a full disk stops the build with output/ exactly as it was. Files whose bytes (or,
for photos and search files, whose inputs) did not change are not replaced, so live reload, rsync and browsers
see only real changes, and a rebuild after one edit writes a few dozen files instead of the whole site.

The staging folder is inside output/ (so that moving a file in is a rename on the same disk, also when output/
is a link or a mount), hidden, and never published. Moving the staged files in takes milliseconds, and Ctrl-C
waits for it; should it be cut off halfway all the same (a power cut), the marker file lists what was being moved
in: the next build then knows every file in the folder is its own, checks them all again, and writes what differs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from ..errors import BuildStopped, SiteError
from ..photos.renditions import PhotoPlan, cached_rendition, make_renditions
from .manifest import (
    MANIFEST,
    OWN_FILES,
    STAGING,
    UPDATING,
    manifest_bytes,
    manifest_differs,
    present_files,
    read_manifest,
)


# The files a build hands to the writer are named tuples, not dataclasses: a site of 10,000 entries has some
# 30,000 of them on every build, and a frozen dataclass takes several times longer to make.
class OutputFile(NamedTuple):
    """A file the build writes: its path in the output folder and its bytes."""

    path: str
    content: bytes


class KeptFile(NamedTuple):
    """A file the last build wrote from exactly the same inputs: it stays as it is."""

    path: str


class LinkedFile(NamedTuple):
    """A file made elsewhere (a photo rendition, a search file in the cache), known by the key of its inputs."""

    path: str
    source: str  # where the file is now
    key: str


@dataclass(frozen=True)
class WriteReport:
    files: int
    photos_processed: int
    written: tuple[str, ...]  # the files this build wrote or replaced
    manifest: dict[str, str]  # every file in the output now (see MANIFEST)
    removed_foreign: tuple[str, ...] = ()  # files wijksite did not make, removed as asked (--opschonen)


@dataclass(frozen=True)
class OutputView:
    """The output as it will be once this build is moved in: where each file can be read now, and its hash."""

    staging: Path
    out_dir: Path
    staged: frozenset[str]
    digests: dict[str, str]

    def location(self, path: str) -> Path:
        return (self.staging if path in self.staged else self.out_dir) / path


class Indexer(Protocol):
    """Something made from the finished site (the search index): told of every file as it is put in place,
    then called with the whole output; closed in any case, also when the build stops halfway."""

    def staged(self, path: str, folder: Path, digest: str) -> None: ...  # the file is now folder / path

    def __call__(self, view: OutputView) -> Iterable[OutputFile | LinkedFile]: ...

    def close(self) -> None: ...


def write_site(files: Iterable[OutputFile | KeptFile], static_files: dict[str, Path], photos: list[PhotoPlan],
               out_dir: Path, cache_dir: Path, remove_foreign: bool = False,
               on_photo_problem: Callable[[Path, str], SiteError] | None = None,
               photo_progress: Callable[[int, int], None] | None = None,
               indexers: Sequence[Indexer] = (), present: set[str] | None = None) -> WriteReport:
    """Stage what changed (pages as they come, static files, photo renditions, then what the indexers make of the
    finished site) and move it into out_dir; remove what the site no longer has.

    `present` is what present_files(out_dir) returned just before, if the caller already looked.
    """
    present = present_files(out_dir) if present is None else present
    previous = read_manifest(out_dir)
    strangers = sorted(present - set(previous) - OWN_FILES)
    if strangers and not remove_foreign:
        listed = ", ".join(strangers[:8]) + (f" en nog {len(strangers) - 8}" if len(strangers) > 8 else "")
        raise BuildStopped([SiteError(
            str(out_dir), None, f"de uitvoermap bevat bestanden die wijksite niet gemaakt heeft: {listed}",
            "verplaats ze (bestanden die mee moeten horen in static/), kies een andere map met --uitvoer, "
            "of bouw met --opschonen om ze te laten verwijderen")])
    staging = out_dir / STAGING
    stage = _Stage(staging, out_dir, {path: digest for path, digest in previous.items() if path in present},
                   indexers)
    new_folder = not out_dir.exists()
    moving = False
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for file in files:
            stage.add(file)
        for path, source in static_files.items():
            stage.add(OutputFile(path, source.read_bytes()))
        processed = _stage_photos(stage, photos, cache_dir, on_photo_problem, photo_progress)
        for indexer in indexers:
            for made in indexer(OutputView(staging, out_dir, frozenset(stage.staged), dict(stage.digests))):
                stage.add(made)
        removed = sorted(set(previous) - set(stage.digests)) + (strangers if remove_foreign else [])
        if stage.staged or removed or stage.digests != previous or (out_dir / UPDATING).exists() or \
                manifest_differs(out_dir, stage.digests):
            moving = True
            _move_in(stage, removed)
    except OSError as exc:
        raise BuildStopped([_write_problem(exc, out_dir, cache_dir)], output_changed=moving) from exc
    finally:
        for indexer in indexers:
            indexer.close()
        shutil.rmtree(staging, ignore_errors=True)
        if new_folder and not moving:
            _remove_empty_folders(out_dir, out_dir.parent)  # a first build that stopped leaves no empty folder
    return WriteReport(len(stage.digests), processed, tuple(sorted(stage.staged)), stage.digests,
                       tuple(strangers) if remove_foreign else ())


class _Stage:
    """The files of this build: which are new or changed (written into staging) and every file's hash."""

    def __init__(self, staging: Path, out_dir: Path, reusable: dict[str, str], watching: Sequence[Indexer]) -> None:
        self.staging, self.out_dir, self.reusable, self.watching = staging, out_dir, reusable, watching
        self.digests: dict[str, str] = {}
        self.staged: set[str] = set()
        self.folders: set[Path] = set()

    def add(self, file: OutputFile | KeptFile | LinkedFile) -> None:
        if file.path in self.digests:  # one would silently replace the other: a wrong photo, or a wrong page
            raise BuildStopped([SiteError(file.path, None, "twee bestanden van de site zouden hier terechtkomen; "
                                          "de build is gestopt, zodat het ene het andere niet vervangt",
                                          "dit hoort wijksite zelf te voorkomen: meld het, met deze melding")])
        if isinstance(file, KeptFile):
            digest = self.digests[file.path] = self.reusable[file.path]
            self._tell(file.path, digest)
            return
        digest = hashlib.sha256(file.content).hexdigest() if isinstance(file, OutputFile) else file.key
        self.digests[file.path] = digest
        if self.reusable.get(file.path) == digest:
            self.staged.discard(file.path)  # the same bytes are already in the output
            self._tell(file.path, digest)
            return
        target = self.staging / file.path
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        if isinstance(file, OutputFile):
            with open(target, "xb") as written:  # a new file: staging starts empty, and each path comes once
                written.write(file.content)
        else:
            _link_or_copy(file.source, target)
        self.staged.add(file.path)
        self._tell(file.path, digest)

    def _tell(self, path: str, digest: str) -> None:
        folder = self.staging if path in self.staged else self.out_dir
        for indexer in self.watching:
            indexer.staged(path, folder, digest)


def _write_problem(exc: OSError, out_dir: Path, cache_dir: Path) -> SiteError:
    """What could not be written, and where: the output folder, or the build's own work folder beside the site."""
    names = [str(name) for name in (exc.filename2, exc.filename) if name]  # a link's target is filename2
    work = str(cache_dir.parent)  # .wijksite-cache: photos and the search index are made there
    if names and names[0].startswith(work + os.sep) and not names[0].startswith(str(out_dir) + os.sep):
        return SiteError(work, None, f"wijksite kan zijn werkmap niet bijwerken ({exc.strerror}: {names[0]})",
                         f"maak ruimte op de schijf en zorg dat je in {work} mag schrijven; de map mag ook weg, "
                         "de volgende build maakt hem opnieuw (dat duurt dan langer)")
    where = f": {names[-1]}" if names else ""
    return SiteError(str(out_dir), None, f"wijksite kan hier niet schrijven ({exc.strerror}{where})",
                     "kies een map waarin je mag schrijven en waar ruimte is, met --uitvoer")


def _stage_photos(stage: _Stage, photos: list[PhotoPlan], cache_dir: Path,
                  on_photo_problem: Callable[[Path, str], SiteError] | None,
                  photo_progress: Callable[[int, int], None] | None) -> int:
    """Make the renditions that are missing from the cache, then stage those the output does not have yet."""
    missing = [plan for plan in photos if any(stage.reusable.get(r.path) != plan.key for r in plan.renditions)]
    processed, failures = make_renditions(missing, cache_dir, progress=photo_progress)
    if failures:
        raise BuildStopped([on_photo_problem(source, message) if on_photo_problem else
                            SiteError(str(source), None, message) for source, message in failures])
    for plan in photos:
        for rendition in plan.renditions:
            stage.add(LinkedFile(rendition.path, str(cached_rendition(plan, rendition, cache_dir)), plan.key))
    return processed


def _move_in(stage: _Stage, removed: list[str]) -> None:
    """Move the staged files into the output, then remove what is gone; the manifest goes last. Ctrl-C waits
    until this is done (it takes milliseconds, a second for a whole large site): never half a site."""
    with _ctrl_c_afterwards():
        _move_files_in(stage, removed)


@contextlib.contextmanager
def _ctrl_c_afterwards() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block is done, then act on it. Only the main thread can do so; a
    preview server's builds run in another thread, and there Ctrl-C stops the whole server anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


def _move_files_in(stage: _Stage, removed: list[str]) -> None:
    out_dir, staging = stage.out_dir, stage.staging
    (out_dir / UPDATING).write_text(json.dumps(sorted(stage.staged), ensure_ascii=False), encoding="utf-8")
    _merge(str(staging), str(out_dir))
    manifest = staging / MANIFEST  # staging is empty now; the manifest moves in last, in one rename
    manifest.write_bytes(manifest_bytes(stage.digests))
    emptied: set[Path] = set()
    for path in removed:
        target = out_dir / path
        if target.is_file() or target.is_symlink():
            target.unlink()
            emptied.add(target.parent)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):  # deepest first
        _remove_empty_folders(folder, out_dir)
    os.replace(manifest, out_dir / MANIFEST)
    (out_dir / UPDATING).unlink()


def _merge(source: str, target: str) -> None:
    """Move everything in the folder `source` into the folder `target`: a folder that `target` does not have yet
    moves in one rename (a first build moves its whole site in a dozen renames), a file replaces the old one."""
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            destination = os.path.join(target, entry.name)
            if entry.is_dir(follow_symlinks=False):
                if os.path.isdir(destination) and not os.path.islink(destination):
                    _merge(entry.path, destination)
                    continue
                if os.path.lexists(destination):
                    os.unlink(destination)  # an old file where a folder now goes
            elif os.path.isdir(destination) and not os.path.islink(destination):
                shutil.rmtree(destination)  # an old folder where a file now goes: its files are all gone
            os.replace(entry.path, destination)


def _remove_empty_folders(folder: Path, out_dir: Path) -> None:
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _link_or_copy(source: str, target: Path) -> None:
    """A hard link when the cache and output share a disk (instant, no extra space), else a copy. The target is a
    new file either way: a copy onto an existing name would write through a link into the cache, where the file
    is the rendition of another photo (and then shows the wrong photo wherever that one is used)."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # another disk, or a file system without hard links (FAT on a USB stick)
    with open(source, "rb") as original, open(target, "xb") as copy:
        shutil.copyfileobj(original, copy, 1 << 20)
