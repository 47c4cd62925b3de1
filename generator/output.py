"""The only code that writes to output/: stage everything in a temporary folder, then swap it in."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildStopped, SiteError
from .images import PhotoPlan, make_renditions

MANIFEST = ".wijksite-bestanden.json"


@dataclass(frozen=True)
class OutputFile:
    """A file the build writes: its path in the output folder and its bytes."""

    path: str
    content: bytes


@dataclass(frozen=True)
class WriteReport:
    files: int
    photos_processed: int


def check_output_location(out_dir: Path, site_root: Path) -> None:
    """Refuse an output folder that would overwrite the site itself or its content."""
    out, root = out_dir.resolve(), site_root.resolve()
    if out.exists() and not out.is_dir():
        raise BuildStopped([SiteError(str(out_dir), None,
                                      "dit is een bestand, geen map; wijksite overschrijft het niet",
                                      "kies met --output een (nieuwe) map, bijvoorbeeld output")])
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / "content"):
        raise BuildStopped([SiteError(str(out_dir), None, "deze uitvoermap zou de site zelf overschrijven",
                                      "kies een aparte map, bijvoorbeeld output")])


def read_manifest(out_dir: Path) -> dict[str, str]:
    """What the last build wrote: output path -> SHA-256 of its bytes ("" where not recorded)."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if isinstance(manifest, list):  # written by wijksite 0.1 before hashes were kept
        return {str(path): "" for path in manifest}
    return {str(k): str(v) for k, v in manifest.items()} if isinstance(manifest, dict) else {}


def present_files(out_dir: Path) -> set[str]:
    """Every file in the output folder, as paths relative to it."""
    present: set[str] = set()
    for folder, _, files in os.walk(out_dir):
        relative = os.path.relpath(folder, out_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        present.update(prefix + name for name in files)
    return present


def foreign_files(out_dir: Path) -> list[str]:
    """Files in an existing output folder that an earlier wijksite build did not write."""
    return sorted(present_files(out_dir) - set(read_manifest(out_dir)) - {MANIFEST})


def write_site(outputs: list[OutputFile], static_files: dict[str, Path], photos: list[PhotoPlan],
               out_dir: Path, cache_dir: Path, remove_foreign: bool = False,
               on_photo_problem: Callable[[Path, str], SiteError] | None = None,
               photo_progress: Callable[[int, int], None] | None = None,
               indexers: Sequence[Callable[[Path, dict[str, str]], list[str]]] = ()) -> WriteReport:
    """Write pages, static files and photo renditions to a staging folder and swap it in atomically.

    `indexers` run over the finished staging folder (the search index), with the sha256 of every file in it,
    and return the files they added.
    """
    present = present_files(out_dir)
    strangers = sorted(present - set(read_manifest(out_dir)) - {MANIFEST})
    if strangers and not remove_foreign:
        listed = ", ".join(strangers[:8]) + (f" en nog {len(strangers) - 8}" if len(strangers) > 8 else "")
        raise BuildStopped([SiteError(
            str(out_dir), None, f"de uitvoermap bevat bestanden die wijksite niet gemaakt heeft: {listed}",
            "verplaats ze (bestanden die mee moeten horen in static/), kies een andere map met --output, "
            "of bouw met --opschonen om ze te laten verwijderen")])
    staging = out_dir.parent / f".{out_dir.name}.nieuw-{os.getpid()}"
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        previous = read_manifest(out_dir)
        hashes = _write_files(outputs, static_files, staging, out_dir, previous)
        processed, failures = make_renditions(photos, cache_dir, staging, progress=photo_progress)
        if failures:
            problems = [on_photo_problem(source, message) if on_photo_problem else
                        SiteError(str(source), None, message) for source, message in failures]
            raise BuildStopped(problems)
        hashes.update((r.path, plan.key) for plan in photos for r in plan.renditions)
        for indexer in indexers:
            hashes.update((path, "") for path in indexer(staging, dict(hashes)))
        written = sorted(hashes)
        if hashes != previous or strangers or not set(previous) <= present:
            (staging / MANIFEST).write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
            _swap(staging, out_dir)  # else: nothing changed, the output stays exactly as it is
    except OSError as exc:
        raise BuildStopped([SiteError(str(out_dir), None, f"wijksite kan hier niet schrijven ({exc.strerror})",
                                      "kies een map waarin je mag schrijven en waar ruimte is, met --output")]) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(len(set(written)), processed)


def _write_files(outputs: list[OutputFile], static_files: dict[str, Path], staging: Path, out_dir: Path,
                 previous: dict[str, str]) -> dict[str, str]:
    """Write each file into staging, or link the previous output's copy when its bytes did not change.

    Unchanged files keep their identity and time, so live reload, rsync and browsers see only real changes.
    """
    hashes: dict[str, str] = {}
    folders: set[Path] = set()
    files = [(path, source.read_bytes()) for path, source in static_files.items()]
    files += [(output.path, output.content) for output in outputs]
    for path, content in files:
        digest = hashlib.sha256(content).hexdigest()
        target = staging / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if previous.get(path) != digest or not _link(out_dir / path, target):
            target.write_bytes(content)
        hashes[path] = digest
    return hashes


def _link(existing: Path, target: Path) -> bool:
    try:
        os.link(existing, target)
        return True
    except OSError:
        return False


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace out_dir by staging; if anything fails halfway, the old output is put back."""
    old = out_dir.parent / f".{out_dir.name}.oud-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except OSError:
        if old.exists():
            old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
