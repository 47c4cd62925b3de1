"""Snapshots of a build's input files: what each holds (by hash, or by size and time for photos), learnt by reading
only what changed since the last build, as git's index does."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .folders import FolderMemo, FolderWalk, list_folder

MAX_TEXT_BYTES = 2_000_000  # a larger text file is not hashed here: reading it is refused (content.sources says why)

# What the last build knew of each file it read: its size, modification time, inode and change time, and the
# sha256 of its bytes. A file whose four facts are unchanged is not read again (git's index does the same).
# A file changed within RACY_SECONDS before the memo was written may have changed again within the same clock
# tick, so its hash is trusted only after it has been read once more (the "racy git" problem; FAT file systems on
# USB sticks keep times to 2 seconds).
FileMemo = dict[str, list[Any]]
RACY_SECONDS = 2.5


def file_digest(path: str, shown_as: str, memo: FileMemo, memo_written_ns: int,
                fresh: FileMemo) -> tuple[str, bytes | None]:
    """The sha256 of a file's bytes, from the memo when it is safe to, else by reading it (bytes returned too).

    Raises OSError if the file cannot be read; records what it learned in `fresh`.
    """
    info = os.stat(path)
    facts = [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]
    known = memo.get(shown_as)
    if known and known[:4] == facts and max(info.st_mtime_ns, info.st_ctime_ns) < memo_written_ns - RACY_SECONDS * 1e9:
        fresh[shown_as] = known
        return str(known[4]), None
    if info.st_size > MAX_TEXT_BYTES and path.lower().endswith((".md", ".markdown")):
        return "", None  # too large to read: read_bytes says so, with advice
    with open(path, "rb") as file:
        data = file.read()
    digest = hashlib.sha256(data).hexdigest()
    fresh[shown_as] = [*facts, digest]
    return digest, data


@dataclass(frozen=True)
class Snapshot:
    """Every input file of a build by path, with the sha256 of its bytes (text files) or its size and time (photos
    and other files: hashing every photo would cost more than the build it saves), the bytes of the files that had
    to be read, and the memo to keep for the next build."""

    files: dict[str, tuple[str, bytes | None]]
    memo: FileMemo
    read_at_ns: int
    folders: FolderMemo = field(default_factory=dict)  # to keep for the next walk
    listings: dict[str, list[list[str]]] = field(default_factory=dict)  # every folder this walk listed

    def children(self, folder: str) -> list[list[str]]:
        """[name, kind] of everything in a folder (see FolderMemo), by name; listed now if the walk did not."""
        known = self.listings.get(folder)
        return known if known is not None else list_folder(folder)

    def digests(self) -> list[tuple[str, str]]:
        return sorted((path, digest) for path, (digest, _) in self.files.items())

    def take(self, path: str) -> tuple[str, bytes | None]:
        """A file's hash and the bytes that were read, handed over once: the snapshot then forgets the bytes
        (at 10,000 entries they are about 100 MB that would otherwise stay in memory for the whole build)."""
        digest, data = self.files.get(path, ("", None))
        if data is not None:
            self.files[path] = (digest, None)
        return digest, data


TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".html", ".css", ".js", ".xml", ".txt", ".json", ".svg")


def take_snapshot(inputs: list[Path], memo: FileMemo, memo_written_ns: int, folders: FolderMemo | None = None,
             now_ns: int | None = None) -> Snapshot:
    """Walk the input files and folders (in a stable order) and learn what each holds, reading only what changed.

    `folders` is what the last walk saw in each folder: a folder that did not change is not listed again. `now_ns`
    is the time by the inputs' file system (folders.file_system_now_ns), if known.
    """
    files: dict[str, tuple[str, bytes | None]] = {}
    fresh: FileMemo = {}
    read_at_ns = time.time_ns() if now_ns is None else now_ns
    walked = FolderWalk(folders or {}, read_at_ns)
    for top in inputs:
        paths = [str(top)] if top.is_file() else _files_under(top, walked)
        for path in paths:
            try:
                if os.path.splitext(path)[1].lower() in TEXT_SUFFIXES:
                    files[path] = file_digest(path, path, memo, memo_written_ns, fresh)
                else:  # photos: their facts, not their bytes (the photo memo hashes them when they change)
                    info = os.stat(path)
                    files[path] = (f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_ctime_ns}", None)
            except OSError:
                files[path] = ("onleesbaar", None)  # discover and the photo checks report it with advice
    for folder, names in walked.listed.items():  # folders and links count too: a new empty story folder, or one
        for name, kind in names:                   # linked from outside the site, gets a message of its own
            if kind not in ("f", "F"):
                files[f"{folder}{os.sep}{name}"] = (f"soort:{kind}", None)
    return Snapshot(files, fresh, read_at_ns, walked.fresh, walked.listed)


def _files_under(top: Path, walk: FolderWalk) -> list[str]:
    """Every file under `top`, in a stable order, following links to folders that stay inside `top`'s parent
    (a story folder may be a link to another place in the site), each linked folder once."""
    inside, seen, found = os.path.realpath(top.parent), set(), []
    folders = [str(top)]
    while folders:
        folder = folders.pop()
        for name, kind in reversed(walk.names(folder)):
            path = f"{folder}{os.sep}{name}"  # os.path.join costs more, and the walk has no empty names
            if kind in ("f", "F"):
                found.append(path)
            elif kind == "D":
                real = os.path.realpath(path)
                if _inside(real, inside) and real not in seen:  # else outside the site (discover says so), or
                    seen.add(real)                                # a folder walked already
                    folders.append(path)
            elif kind == "d":
                folders.append(path)
    return sorted(found)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
