"""What a build leaves in output/ besides the site: the manifest of every file it wrote (with its hash, or the key
of what it was made from), the marker of a move in progress and the staging folder; and where output/ may be.

Read by the build's first question, "did anything change?", before any of the pipeline is loaded (build.py), by
the writer (writer.py), and by publishing (a file wijksite did not write is never published as if it had).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import BuildStopped, SiteError
from ..incremental.folders import FolderMemo, FolderWalk

MANIFEST = ".wijksite-bestanden.json"  # output path -> sha256 of its bytes, or the key of what it was made from
UPDATING = ".wijksite-bezig"  # present while staged files are moved in: the paths being moved in, as JSON
STAGING = ".wijksite-nieuw"  # the staging folder, inside the output folder
OWN_FILES = frozenset({MANIFEST, UPDATING})  # wijksite's bookkeeping in the output folder: never published


def check_output_location(out_dir: Path, site_root: Path) -> None:
    """Refuse an output folder that would overwrite the site itself or its content."""
    out, root = out_dir.resolve(), site_root.resolve()
    if out.exists() and not out.is_dir():
        raise BuildStopped([SiteError(str(out_dir), None,
                                      "dit is een bestand, geen map; wijksite overschrijft het niet",
                                      "kies met --uitvoer een (nieuwe) map, bijvoorbeeld output")])
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / "content"):
        raise BuildStopped([SiteError(str(out_dir), None, "deze uitvoermap zou de site zelf overschrijven",
                                      "kies een aparte map, bijvoorbeeld output")])


def read_manifest(out_dir: Path) -> dict[str, str]:
    """What the last build wrote: output path -> SHA-256 of its bytes or the key of its inputs ("" if unknown).

    After an interrupted move (see UPDATING) nothing is known for sure: every path maps to "".
    """
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if isinstance(manifest, list):  # written by wijksite 0.1 before hashes were kept
        return {str(path): "" for path in manifest}
    if not isinstance(manifest, dict):
        return {}
    if (out_dir / UPDATING).exists():
        try:
            moving = json.loads((out_dir / UPDATING).read_text(encoding="utf-8"))
        except (ValueError, OSError):
            moving = []
        return {str(k): "" for k in [*manifest, *(moving if isinstance(moving, list) else [])]}
    return {str(k): str(v) for k, v in manifest.items()}


def manifest_digest(out_dir: Path) -> str:
    """The sha256 of the manifest as it is on disk; "" if there is none, or a move into the folder was cut off."""
    try:
        return "" if (out_dir / UPDATING).exists() else hashlib.sha256((out_dir / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return ""


def manifest_differs(out_dir: Path, digests: dict[str, str]) -> bool:
    """Are the manifest's bytes other than a build would write (changed by hand, but meaning the same)?"""
    return manifest_digest(out_dir) != hashlib.sha256(manifest_bytes(digests)).hexdigest()


def manifest_bytes(digests: dict[str, str]) -> bytes:
    """The manifest as written: one file a line, in a fixed order."""
    quoted = json.encoder.encode_basestring  # what json.dumps(value, ensure_ascii=False) does to a string
    lines = ",\n".join(f"{quoted(path)}:{quoted(digest)}" for path, digest in sorted(digests.items()))
    return f"{{\n{lines}\n}}\n".encode()


def present_files(out_dir: Path, memo: FolderMemo | None = None, now_ns: int | None = None) -> set[str]:
    """Every file in the output folder, as paths relative to it (a link to a folder counts as a file).

    With `memo` (what the last walk saw), folders that did not change are not listed again; it is updated in place.
    `now_ns`: the time by the file system's clock, if known (folders.file_system_now_ns).
    """
    walk = FolderWalk(memo or {}, now_ns)
    present: list[str] = []
    folders = [("", str(out_dir))]
    while folders:
        prefix, folder = folders.pop()
        for name, kind in walk.names(folder, key=prefix):
            if kind != "d":
                present.append(prefix + name)
            elif prefix or name != STAGING:  # what a build that was stopped left half made: not part of the site
                folders.append((f"{prefix}{name}/", f"{folder}{os.sep}{name}"))
    if memo is not None:
        memo.clear()
        memo.update(walk.fresh)
    return set(present)
