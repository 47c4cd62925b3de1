"""Saving a site's files so that nothing is lost: atomically, with the previous version kept, undo, refusing a save
made from an older version of the file, and a bin for entries thrown away.

The previous version is kept as a git commit (with a Dutch message, of only the saved files) when the site folder
is in a git repository, else as a copy in beheer/geschiedenis/. Thrown-away entries go to beheer/prullenbak/.
Neither folder is read by a build, so nothing in them is ever published.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from ..errors import UsageError
from ..gitcli import git_bytes, identity, run_git

HISTORY = "beheer/geschiedenis"
BIN = "beheer/prullenbak"
ORIGIN_FILE = "herkomst.txt"  # in each item of the bin: where it came from
WRITABLE = ("content/", "site.yaml")  # what beheer may change in a site
_STAMP = "%Y%m%d-%H%M%S"


class Conflict(Exception):
    """The file changed since the form was opened (another volunteer, or a text editor): the save is refused."""

    def __init__(self, current: bytes | None) -> None:
        super().__init__("het bestand is intussen veranderd")
        self.current = current


class OutsideSite(UsageError):
    """A path that is not a file beheer may touch (outside the site, or not content)."""


def version_of(data: bytes | None) -> str:
    """A version's name: the sha256 of its bytes ('' for a file that does not exist)."""
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def site_path(root: Path, relative: str, allowed: tuple[str, ...] = WRITABLE) -> Path:
    """`root / relative`, refused unless it stays inside the site (no .., no absolute path, no link out) and is
    under one of `allowed` ('content/' or exactly 'site.yaml')."""
    parts = PurePosixPath(relative).parts
    bad = (not relative or "\\" in relative or "\x00" in relative or relative.startswith("/") or ":" in relative
           or any(part in ("..", ".", "") or part.startswith(".") for part in parts))
    if bad or not any(relative == place or (place.endswith("/") and relative.startswith(place)) for place in allowed):
        raise OutsideSite(f"'{relative}' is geen bestand van de site dat hier veranderd mag worden")
    path = root / Path(*parts)
    real_root = Path(os.path.realpath(root))
    if not Path(os.path.realpath(path)).is_relative_to(real_root):
        raise OutsideSite(f"'{relative}' wijst via een snelkoppeling naar buiten de map van de site")
    return path


@dataclass(frozen=True)
class Saved:
    version: str
    kept: str  # "git", "geschiedenis" or "" (a new file: there was nothing to keep)
    note: str = ""  # why git could not keep it, if it could not


@dataclass(frozen=True)
class Version:
    """An earlier version of a file: its id (a commit, or a file in geschiedenis/), when, and what was done."""

    id: str
    when: datetime
    message: str


def in_git(root: Path, relative: str) -> bool:
    """Is this file of the site in a git repository, and not ignored there?"""
    try:
        inside = run_git("rev-parse", "--is-inside-work-tree", cwd=root, check=False).stdout.strip() == "true"
    except UsageError:  # no git on this computer
        return False
    return inside and run_git("check-ignore", "-q", "--", relative, cwd=root, check=False).returncode != 0


def save_file(root: Path, relative: str, data: bytes, based_on: str | None, message: str,
              new_files: dict[str, bytes] | None = None) -> Saved:
    """Write `data` to the site's file `relative` atomically and keep what was there.

    `based_on` is the version the change was made from ('' for a new file); if the file is not that version any
    more, Conflict is raised and nothing is written. `new_files` (photos that came with the change) are written
    first, and never over an existing file.
    """
    path = site_path(root, relative)
    current = path.read_bytes() if path.is_file() else None
    if based_on is not None and version_of(current) != based_on:
        raise Conflict(current)
    if current == data and not new_files:
        return Saved(version_of(data), "")
    added = [write_new(root, name, content) for name, content in (new_files or {}).items()]
    git = in_git(root, relative)
    if current is not None and not git:
        keep_copy(root, relative, current)
    replace_atomically(path, data)
    if not git:
        return Saved(version_of(data), "geschiedenis" if current is not None else "")
    try:
        commit(root, [relative, *added], message)
    except UsageError as exc:  # a merge in progress, a hook, a locked index: keep the copy instead
        if current is not None:
            keep_copy(root, relative, current)
        return Saved(version_of(data), "geschiedenis" if current is not None else "", str(exc))
    return Saved(version_of(data), "git")


def replace_atomically(path: Path, data: bytes) -> None:
    """A new file next to it, then renamed over it: a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.beheer")
    try:
        with open(temporary, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_new(root: Path, relative: str, data: bytes) -> str:
    """A new file (a photo), never over an existing one: `foto.jpg` becomes `foto-2.jpg` if that name is taken."""
    path = site_path(root, relative)
    taken = {child.name for child in path.parent.iterdir()} if path.parent.is_dir() else set()
    candidate = path.with_name(free_name(path.name, taken))
    replace_atomically(candidate, data)
    return candidate.relative_to(root).as_posix()


def free_name(name: str, taken: set[str], extension: bool = True) -> str:
    """`name`, or `name-2`, `name-3` (before the extension, if it has one) if it is taken."""
    stem, dot, extension_text = name.rpartition(".") if extension and "." in name else (name, "", "")
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{dot}{extension_text}", number + 1
    return candidate


def keep_copy(root: Path, relative: str, data: bytes) -> Path:
    """The version before a save, in beheer/geschiedenis/<file>/<time>.<extension>."""
    folder = root / HISTORY / relative
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    suffix = Path(relative).suffix
    copy = folder / f"{stamp}{suffix}"
    number = 2
    while copy.exists():
        copy, number = folder / f"{stamp}-{number}{suffix}", number + 1
    replace_atomically(copy, data)
    return copy


def commit(root: Path, paths: list[str], message: str) -> None:
    """One commit of exactly these paths (other changes in the repository, staged or not, stay as they were)."""
    top = Path(run_git("rev-parse", "--show-toplevel", cwd=root).stdout.strip())
    known = [path for path in paths if (root / path).exists() or run_git("ls-files", "--", path, cwd=root).stdout]
    if not known:
        return
    run_git("add", "--all", "--", *known, cwd=root)
    run_git(*identity(top), "commit", "--quiet", "--no-verify", "-m", message, "--only", "--", *known, cwd=root)


def versions(root: Path, relative: str, limit: int = 20) -> list[Version]:
    """Earlier versions of a file, newest first: the commits that changed it, or its copies in geschiedenis/."""
    site_path(root, relative)
    if in_git(root, relative):
        log = run_git("log", f"-n{limit}", "--format=%H%x00%ct%x00%s", "--", relative, cwd=root, check=False)
        found = []
        for line in log.stdout.splitlines():
            commit_id, when, message = line.split("\0", 2)
            found.append(Version(commit_id, datetime.fromtimestamp(int(when)), message))
        return found
    folder = root / HISTORY / relative
    copies = sorted(folder.iterdir(), reverse=True) if folder.is_dir() else []
    return [Version(copy.name, datetime.fromtimestamp(copy.stat().st_mtime), "eerdere versie")
            for copy in copies[:limit] if copy.is_file()]


def version_bytes(root: Path, relative: str, version_id: str) -> bytes | None:
    """The bytes of one earlier version (None if there is no such version, or the file did not exist then)."""
    site_path(root, relative)
    if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", version_id) and in_git(root, relative):
        prefix = run_git("rev-parse", "--show-prefix", cwd=root).stdout.strip()
        # --filters: with the line ends a checkout would give it (core.autocrlf on Windows)
        return git_bytes("cat-file", "--filters", f"{version_id}:{prefix}{relative}", cwd=root)
    if not re.fullmatch(r"\d{8}-\d{6}(-\d+)?(\.\w{1,10})?", version_id):
        return None
    copy = root / HISTORY / relative / version_id
    return copy.read_bytes() if copy.is_file() else None


def previous_version(root: Path, relative: str) -> bytes | None:
    """The version before the present one: what "Ongedaan maken" puts back (None if there is none)."""
    path = site_path(root, relative)
    current = path.read_bytes() if path.is_file() else None
    for version in versions(root, relative, limit=50):  # the newest that differs from what is there now
        data = version_bytes(root, relative, version.id)
        if data is not None and data != current:
            return data
    return None


@dataclass(frozen=True)
class BinItem:
    name: str  # the folder in beheer/prullenbak/
    original: str  # where it came from, as content/verhalen/molens
    when: datetime


def throw_away(root: Path, relative: str, message: str) -> BinItem:
    """Move an entry (its file, or its whole folder) to beheer/prullenbak/; nothing is deleted."""
    source = site_path(root, relative, ("content/",))
    if not os.path.lexists(source):
        raise OutsideSite(f"'{relative}' bestaat niet (meer)")
    stamp = datetime.now().strftime(_STAMP)
    item = root / BIN / f"{stamp}-{source.name}"
    number = 2
    while item.exists():
        item, number = root / BIN / f"{stamp}-{source.name}-{number}", number + 1
    item.mkdir(parents=True)
    (item / ORIGIN_FILE).write_text(relative + "\n", encoding="utf-8")
    shutil.move(str(source), str(item / source.name))
    if in_git(root, relative):
        _commit_moved(root, [relative, item.relative_to(root).as_posix()], message)
    return BinItem(item.name, relative, datetime.now())


def _commit_moved(root: Path, paths: list[str], message: str) -> None:
    try:
        commit(root, paths, message)
    except UsageError:
        pass  # the move itself is the record: the item is in the bin, with where it came from


def bin_items(root: Path) -> list[BinItem]:
    """What is in the bin, newest first."""
    folder = root / BIN
    items = []
    for item in sorted(folder.iterdir(), reverse=True) if folder.is_dir() else []:
        origin = item / ORIGIN_FILE
        if item.is_dir() and origin.is_file():
            original = origin.read_text(encoding="utf-8").strip()
            items.append(BinItem(item.name, original, datetime.fromtimestamp(origin.stat().st_mtime)))
    return items


def restore(root: Path, name: str, message: str) -> str:
    """Put an item from the bin back where it came from (under another name if that place is taken again)."""
    if not re.fullmatch(r"[\w.-]{1,200}", name) or name.startswith("."):
        raise OutsideSite(f"'{name}' staat niet in de prullenbak")
    item = root / BIN / name
    found = next((i for i in bin_items(root) if i.name == name), None)
    if found is None:
        raise OutsideSite(f"'{name}' staat niet in de prullenbak")
    target = site_path(root, found.original, ("content/",))
    stored = item / target.name
    if os.path.lexists(target):
        taken = {child.name for child in target.parent.iterdir()}
        target = target.with_name(free_name(target.name, taken, extension=stored.is_file()))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(stored), str(target))
    shutil.rmtree(item)
    restored = target.relative_to(root).as_posix()
    if in_git(root, restored):
        _commit_moved(root, [restored, item.relative_to(root).as_posix()], message)
    return restored
