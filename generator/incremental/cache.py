"""The build cache: results of earlier builds kept by content hash, so unchanged work is not done again.

One SQLite file in .wijksite-cache/ (`bouw.sqlite`) holds the parsed entries and each output folder's build record
(incremental.state); pages are never cached, only their keys. Keys are hashes of everything a result depends on
plus the wijksite version and code, never modification times; a damaged or unreadable cache is simply empty (and
mends itself). Beside it: the input files' memo (`bestanden.json`), the build lock and the clock probe.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from .. import __version__


def _code_version() -> bytes:
    """wijksite's version and a hash of its own code: results made by other code (an update, or a fix that
    changes a message) are never reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent  # every module of wijksite, in every room
    for source in sorted(package.rglob("*.py"), key=lambda path: path.relative_to(package).as_posix()):
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
    """A key-value store per table ("entries", "builds"); values are pickled Python objects.

    The values one put_many stores are pickled together, as one batch: loading 10,000 entries batch by batch takes
    half the time of loading them one by one. A key points at the batch that holds its latest value; batches that
    no key points at any more are removed, and scattered or mostly stale ones are gathered again (keep_only).

    Damage costs time, never a wrong page or a stopped build: each batch carries a CRC-32 of its bytes, checked
    before it is unpickled; a batch that fails is forgotten (its values are made again), and a file that SQLite
    cannot read as a database is replaced by an empty one.
    """

    TABLES = ("entries", "builds")
    SCHEMA = 3  # PRAGMA user_version: 3 since batches carry a CRC-32; other versions' tables are replaced
    BATCH = 500  # values in a batch made when scattered ones are gathered
    SCATTERED = 40  # this many batches of under BATCH / 10 values, or mostly stale, are gathered into full ones
    FILE = "bouw.sqlite"

    def __init__(self, folder: Path | None) -> None:
        self.connection: sqlite3.Connection | None = None
        self.file = folder / self.FILE if folder is not None else None
        self._open()

    def _open(self, again: bool = True) -> None:
        if self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(self.file, timeout=30)
            (version,) = self.connection.execute("PRAGMA user_version").fetchone()
            if version != self.SCHEMA:
                with self.connection:
                    for table in (*self.TABLES, "pages"):  # a value a row, or rendered pages: before wijksite 0.2
                        for name in (table, f"{table}_keys", f"{table}_batches"):
                            self.connection.execute(f"DROP TABLE IF EXISTS {name}")
                        if table in self.TABLES:
                            self.connection.execute(f"CREATE TABLE {table}_keys "
                                                    "(key TEXT PRIMARY KEY, batch INTEGER NOT NULL)")
                            self.connection.execute(f"CREATE TABLE {table}_batches (batch INTEGER PRIMARY KEY, "
                                                    "size INTEGER NOT NULL, crc INTEGER NOT NULL, value BLOB NOT NULL)")
                    self.connection.execute(f"PRAGMA user_version = {self.SCHEMA}")
        except (OSError, sqlite3.Error) as exc:
            self._failed(exc)
            if again and _damaged(exc):
                self._open(again=False)  # the damaged file is gone: start with an empty one

    def _failed(self, exc: Exception) -> None:
        """After an error: a file that is not (or no longer) a database is removed; otherwise (locked, read-only,
        a full disk) the cache is simply off for this build."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.file is not None and _damaged(exc):
            for leftover in (self.file, self.file.with_name(self.FILE + "-journal")):
                try:
                    leftover.unlink(missing_ok=True)
                except OSError:
                    pass

    def get_many(self, table: str, keys: Iterable[str]) -> dict[str, Any]:
        if self.connection is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        damaged: list[int] = []
        try:
            batch_of = self._batches_of(table, wanted)
            batches = sorted(set(batch_of.values()))
            for start in range(0, len(batches), 500):
                chunk = batches[start:start + 500]
                rows = self.connection.execute(f"SELECT batch, crc, value FROM {table}_batches "
                                               f"WHERE batch IN ({','.join('?' * len(chunk))})", chunk)
                for batch, crc, value in rows:
                    items = _unpickled(value, crc)
                    if items is None:
                        damaged.append(batch)
                    else:
                        found.update((key, item) for key, item in items.items() if batch_of.get(key) == batch)
            if damaged:
                self._forget(table, damaged)
        except sqlite3.Error as exc:
            self._failed(exc)
            return {}
        return found

    def _forget(self, table: str, batches: list[int]) -> None:
        """Damaged batches and the keys that point at them: their values are made and kept again."""
        assert self.connection is not None
        with self.connection:
            for start in range(0, len(batches), 500):
                chunk = batches[start:start + 500]
                marks = ",".join("?" * len(chunk))
                self.connection.execute(f"DELETE FROM {table}_keys WHERE batch IN ({marks})", chunk)
                self.connection.execute(f"DELETE FROM {table}_batches WHERE batch IN ({marks})", chunk)

    def _batches_of(self, table: str, keys: list[str]) -> dict[str, int]:
        """The batch that holds each key's latest value."""
        assert self.connection is not None
        if len(keys) > 100:  # most of the table: one look at all of it is quicker than many lookups
            wanted = set(keys)
            return {key: batch for key, batch in self.connection.execute(f"SELECT key, batch FROM {table}_keys")
                    if key in wanted}
        found: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            found.update(self.connection.execute(
                f"SELECT key, batch FROM {table}_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def put_many(self, table: str, items: dict[str, Any]) -> None:
        if self.connection is None or not items:
            return
        try:
            with self.connection:
                value = pickle.dumps(items, pickle.HIGHEST_PROTOCOL)
                batch = self.connection.execute(f"INSERT INTO {table}_batches (size, crc, value) VALUES (?, ?, ?)",
                                                (len(items), zlib.crc32(value), value)).lastrowid
                self.connection.executemany(f"INSERT OR REPLACE INTO {table}_keys (key, batch) VALUES (?, ?)",
                                            ((key, batch) for key in items))
                self.connection.execute(f"DELETE FROM {table}_batches WHERE batch NOT IN "
                                        f"(SELECT DISTINCT batch FROM {table}_keys)")
        except sqlite3.Error as exc:
            self._failed(exc)

    def keep_only(self, table: str, keys: set[str]) -> None:
        """Forget what is no longer used, so the cache does not grow forever (an edit leaves one stale value behind,
        an update of wijksite all of them), and gather scattered values into full batches again."""
        if self.connection is None:
            return
        try:
            (count,) = self.connection.execute(f"SELECT count(*) FROM {table}_keys").fetchone()
            if count > len(keys) * 1.2 + 100:
                with self.connection:
                    self.connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS keep_{table} (key TEXT PRIMARY KEY)")
                    self.connection.execute(f"DELETE FROM keep_{table}")
                    self.connection.executemany(f"INSERT OR IGNORE INTO keep_{table} VALUES (?)", [(k,) for k in keys])
                    self.connection.execute(f"DELETE FROM {table}_keys WHERE key NOT IN (SELECT key FROM keep_{table})")
                    self.connection.execute(f"DELETE FROM {table}_batches WHERE batch NOT IN "
                                            f"(SELECT DISTINCT batch FROM {table}_keys)")
                self._gather(table)
                self.connection.execute("VACUUM")
            else:
                self._gather(table)
        except sqlite3.Error as exc:
            self._failed(exc)

    def _gather(self, table: str) -> None:
        """Put the values of small and mostly stale batches together in full batches, once there are many."""
        assert self.connection is not None
        rows = self.connection.execute(f"SELECT b.batch, b.size, count(k.key) FROM {table}_batches AS b "
                                       f"JOIN {table}_keys AS k ON k.batch = b.batch GROUP BY b.batch").fetchall()
        scattered = [batch for batch, size, live in rows if live < self.BATCH // 10 or live * 2 < size]
        if len(scattered) < self.SCATTERED:
            return
        gathered: dict[str, Any] = {}
        for batch in scattered:
            keys = [key for (key,) in self.connection.execute(f"SELECT key FROM {table}_keys WHERE batch = ?",
                                                              (batch,))]
            gathered.update(self.get_many(table, keys))  # a damaged batch gives nothing: its values are made again
            if len(gathered) >= self.BATCH:
                self.put_many(table, gathered)
                gathered = {}
        self.put_many(table, gathered)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _unpickled(value: bytes, crc: int) -> dict[str, Any] | None:
    """A batch's values; None if its bytes are damaged: their CRC-32 is not the one stored with them, or unpickling
    fails (damaged bytes can make it raise nearly anything)."""
    if zlib.crc32(value) != crc:
        return None
    try:
        items = pickle.loads(value)
    except Exception:
        return None
    return items if isinstance(items, dict) else None


def _damaged(exc: Exception) -> bool:
    """SQLite cannot read the file as a database ("file is not a database", "database disk image is malformed"),
    as opposed to a database it cannot use now (OperationalError: locked, read-only, a full disk)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


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
    temporary = folder / f".{MEMO_FILE}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stored = {"gelezen_ns": read_at_ns, "bestanden": memo, "mappen": folders or {}}
        temporary.write_text(json.dumps(stored, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, folder / MEMO_FILE)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)  # half written on a full disk: not left behind
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
