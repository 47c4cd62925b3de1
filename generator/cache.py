"""The build cache: results of earlier builds kept by content hash, so unchanged work is not done again.

One SQLite file in .wijksite-cache/ holds parsed entries and rendered pages. Keys are hashes of everything
the result depends on plus the wijksite version and code, never modification times; a damaged or unreadable cache
is simply empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from . import __version__


def _code_version() -> bytes:
    """wijksite's version and a hash of its own code: results made by other code (an update, or a fix that
    changes a message) are never reused."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()


CODE_VERSION = _code_version()


def fingerprint(*parts: object) -> str:
    """A short hash of values' reprs and bytes, with the wijksite version and code in it."""
    digest = hashlib.sha256(CODE_VERSION)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class BuildCache:
    """A key-value store per table ("entries", "pages"); values are pickled Python objects."""

    TABLES = ("entries", "builds")

    def __init__(self, folder: Path | None) -> None:
        self.connection: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(folder / "bouw.sqlite", timeout=30)
            for table in self.TABLES:
                self.connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
            self.connection.execute("DROP TABLE IF EXISTS pages")  # rendered pages, kept by wijksite before 0.2
        except (OSError, sqlite3.Error):
            self.connection = None

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, Any]:
        if self.connection is None:
            return {}
        found: dict[str, Any] = {}
        wanted = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = self.connection.execute(
                    f"SELECT key, value FROM {table} WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, value in rows:
                    found[key] = pickle.loads(value)
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}
        return found

    def put_many(self, table: str, items: dict[str, Any]) -> None:
        if self.connection is None or not items:
            return
        try:
            with self.connection:  # pickled one at a time: never all of them in memory at once
                self.connection.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)",
                                            ((k, pickle.dumps(v, pickle.HIGHEST_PROTOCOL)) for k, v in items.items()))
        except sqlite3.Error:
            pass

    def keep_only(self, table: str, keys: set[str]) -> None:
        """Forget what is no longer used, so the cache does not grow forever (an edit leaves one old entry behind,
        an update of wijksite all of them): only when there is much to forget, then the file shrinks too."""
        if self.connection is None:
            return
        try:
            (count,) = self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            if count <= len(keys) * 1.2 + 100:
                return
            with self.connection:
                self.connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS keep_{table} (key TEXT PRIMARY KEY)")
                self.connection.execute(f"DELETE FROM keep_{table}")
                self.connection.executemany(f"INSERT OR IGNORE INTO keep_{table} VALUES (?)", [(k,) for k in keys])
                self.connection.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep_{table})")
            self.connection.execute("VACUUM")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


MEMO_FILE = "bestanden.json"


def load_file_memo(folder: Path) -> tuple[dict[str, list[Any]], int, dict[str, list[Any]]]:
    """What the last build learned of the input files (see sources.FileMemo), when it looked, and what it saw in
    the input folders (sources.FolderMemo)."""
    try:
        stored = json.loads((folder / MEMO_FILE).read_text(encoding="utf-8"))
        return dict(stored["bestanden"]), int(stored["gelezen_ns"]), dict(stored.get("mappen", {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, 0, {}


def save_file_memo(folder: Path, memo: dict[str, list[Any]], read_at_ns: int,
                   folders: dict[str, list[Any]] | None = None) -> None:
    """Keep the memo for the next build (written whole to a temporary name first: never half a memo)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{MEMO_FILE}.{os.getpid()}"
        stored = {"gelezen_ns": read_at_ns, "bestanden": memo, "mappen": folders or {}}
        temporary.write_text(json.dumps(stored, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, folder / MEMO_FILE)
    except OSError:
        pass  # only a cache: the next build reads the files again


class BuildLock:
    """One build of a site at a time (a preview that rebuilds while `wijksite build` runs would otherwise share
    the caches half made); a second build waits until the first is done. A no-op where files cannot be locked."""

    def __init__(self, folder: Path, on_wait: Callable[[], None] = lambda: None) -> None:
        self.folder, self.on_wait = folder, on_wait
        self.file: IO[bytes] | None = None

    def __enter__(self) -> BuildLock:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.file = open(self.folder / "bouw.lock", "ab")  # held until __exit__
        except OSError:
            return self
        try:
            import fcntl
        except ImportError:  # Windows: builds are not locked against each other
            return self
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.on_wait()
            fcntl.flock(self.file, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks
        return self

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()  # closing releases the lock
            self.file = None
