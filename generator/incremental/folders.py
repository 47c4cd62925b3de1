"""Folder listings kept from one walk to the next: a folder is listed again only when it changed.

A site of 10,000 entries has some 5,000 content folders and 10,000 output folders; listing them all took a
fifth of a rebuild. Adding, removing or renaming anything in a folder gives the folder a new modification and
change time, so a folder whose times and inode are the ones the last walk saw holds the same names (git's
"untracked cache" relies on the same). Only plain listings are kept: a link's kind depends on where it points,
so a folder that holds links is listed every time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

# folder -> [[mtime_ns, ctime_ns, inode], [[name, kind], ...] by name]; kind "f" a file, "d" a folder, "F" a link
# to a file, "D" a link to a folder, "" anything else (a broken link, a socket).
FolderMemo = dict[str, list[Any]]
# A folder changed this shortly before a walk may change again within the same tick of its file system's clock,
# unseen: it is listed again next time. FAT file systems on USB sticks keep times to 2 seconds (whole seconds
# in a stamp); others to the nanosecond, from a clock that moves on every few milliseconds.
RACY_NS_COARSE = 2_500_000_000
RACY_NS_FINE = 100_000_000
# Windows does not give a folder on a FAT or exFAT stick a new time when a file in it changes: there every folder
# is listed every time.
TIMES_TELL = os.name != "nt"
PLAIN_KINDS = ("f", "d")


class FolderWalk:
    """Lists folders for one walk, from `known` (what the last walk saw) where a folder did not change."""

    def __init__(self, known: FolderMemo, started_ns: int | None = None) -> None:
        self.known = known
        self.started_ns = time.time_ns() if started_ns is None else started_ns  # see file_system_now_ns
        self.fresh: FolderMemo = {}  # what to keep for the next walk
        self.listed: dict[str, list[list[str]]] = {}  # every folder this walk listed

    def names(self, folder: str, key: str | None = None) -> list[list[str]]:
        """[name, kind] of everything in `folder`, by name; [] if it cannot be read. `key` names it in the memo."""
        key = folder if key is None else key
        try:
            info = os.stat(folder)
            stamp = [info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            seen = self.known.get(key) if TIMES_TELL else None
            if not (isinstance(seen, list) and len(seen) == 2 and seen[0] == stamp):
                seen = [stamp, list_folder(folder)]
        except OSError:
            return []  # gone, not a folder, or not readable: nothing to walk into
        names: list[list[str]] = seen[1]
        if TIMES_TELL and not _racy(stamp, self.started_ns) and all(kind in PLAIN_KINDS for _, kind in names):
            self.fresh[key] = seen
        self.listed[folder] = names
        return names


def _racy(stamp: list[int], walk_started_ns: int) -> bool:
    """Was the folder changed so shortly before the walk that a later change might leave its times as they are?"""
    changed = max(stamp[0], stamp[1])
    coarse = stamp[0] % 1_000_000_000 == 0 or stamp[1] % 1_000_000_000 == 0  # whole seconds: FAT, or the like
    return changed >= walk_started_ns - (RACY_NS_COARSE if coarse else RACY_NS_FINE)


def file_system_now_ns(folder: Path) -> int:
    """Now, by the clock that stamps the files in `folder`, or this machine's clock if that is earlier.

    A network file system stamps files by its server's clock: one that runs behind this machine's would make a
    folder or file changed a moment ago look settled. The time of a file made just now tells (as git does with its
    index file). If it cannot be made (a read-only site), this machine's clock.
    """
    local = time.time_ns()
    probe = folder / f".klok-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            stamped = os.fstat(descriptor).st_mtime_ns
        finally:
            os.close(descriptor)
            os.unlink(probe)
    except OSError:
        return local
    return min(local, stamped)


def list_folder(folder: str) -> list[list[str]]:
    """[name, kind] of everything in a folder, by name (see FolderMemo)."""
    with os.scandir(folder) as scanned:  # DirEntry knows a folder and a link without asking the disk again
        return [[entry.name, _kind(entry)] for entry in sorted(scanned, key=lambda entry: entry.name)]


def _kind(entry: os.DirEntry[str]) -> str:
    if entry.is_dir():
        return "D" if entry.is_symlink() else "d"
    if entry.is_file():
        return "F" if entry.is_symlink() else "f"
    return ""
