"""The state of a build between builds: the input snapshot, what the last build into an output folder recorded
(its inputs, report, output manifest and page keys), and what this build will record for the next one.

The build asks it two questions: "is the whole build current?" (`BuildState.is_current`: then nothing is made)
and, per output file, "is this file current?" (`PageKeys`, with keys made by whoever makes the file). Lektor's
`Artifact.is_current` is the idea; unlike Lektor there is no dependency database: a key is a hash of what a file
is made from, and a file is current when its key is the one recorded last time and the file is still there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import BuildCache, fingerprint, load_file_memo, save_file_memo
from .folders import file_system_now_ns
from .snapshot import Snapshot, take_snapshot

CACHE_DIR = ".wijksite-cache"
_FOLDERS = "mappen:"  # the key of an output folder's FolderMemo: no path starts so


@dataclass
class PageKeys:
    """What each output file was made from, by path: the last build's and this one's, and which files the last
    build left in the output untouched (only those can be kept)."""

    previous: dict[str, str]
    reusable: set[str]
    current: dict[str, str] = field(default_factory=dict)
    rendered: int = 0

    def last(self, path: str) -> str:
        """The key the last build recorded for a file that is still as it left it; "" if there is none."""
        return self.previous.get(path, "") if path in self.reusable else ""

    def unchanged(self, path: str, key: str) -> bool:
        return path in self.reusable and self.previous.get(path) == key

    def keep(self, path: str, key: str) -> None:
        """The file is current: it stays, and keeps its key."""
        self.current[path] = key

    def made(self, path: str, key: str) -> None:
        """The file was made again, from what `key` stands for."""
        self.current[path] = key
        self.rendered += 1


@dataclass
class BuildState:
    """One build's view of the last build into the same output folder (nothing, for a build without a cache)."""

    cache_dir: Path
    output_dir: Path
    inputs: Snapshot | None = None  # every input file, read only where it changed
    inputs_key: str = ""  # a hash of the inputs and everything else a build depends on
    now_ns: int | None = None  # the time by the site's own disk's clock
    last: dict[str, Any] | None = None  # the last build's record: inputs, report, manifest, keys
    folders: dict[str, list[Any]] = field(default_factory=dict)  # the last walk of the output (output.FolderMemo)
    folders_before: dict[str, list[Any]] = field(default_factory=dict)
    intact: bool = False  # the output is as the last build left it

    @classmethod
    def open(cls, cache_dir: Path, output_dir: Path, inputs: list[Path], settings: list[object]) -> BuildState:
        """Snapshot the inputs (by the disk's own clock) and read the last build's record. `settings` are the
        options, date and versions a build's output depends on besides its input files."""
        now_ns = file_system_now_ns(cache_dir)
        snapshot = take_snapshot(inputs, *load_file_memo(cache_dir), now_ns)
        last, folders = _last_build(cache_dir, output_dir)
        return cls(cache_dir, output_dir, snapshot, fingerprint(*settings, snapshot.digests()), now_ns, last,
                   folders, dict(folders))

    @classmethod
    def without_cache(cls, cache_dir: Path, output_dir: Path) -> BuildState:
        """For `check`: nothing read from the cache, nothing written to it."""
        return cls(cache_dir, output_dir)

    def is_current(self, on_disk: str, files_as_recorded: bool) -> bool:
        """Whether nothing changed at all: the same inputs and settings as the last build, and its output intact
        (`on_disk`: the digest of the output's manifest; `files_as_recorded`: no file added or removed there)."""
        self.intact = self.last is not None and bool(on_disk) and self.last["manifest"] == on_disk
        return bool(self.last and self.intact and self.inputs and self.last["inputs"] == self.inputs_key
                    and files_as_recorded)

    @property
    def last_report(self) -> Any:
        return self.last["report"] if self.last else None

    def page_keys(self, manifest: dict[str, str], present: set[str]) -> tuple[dict[str, str], set[str]]:
        """The last build's keys, and the files it wrote that are still there as it wrote them (only those can be
        kept): arguments for PageKeys."""
        reusable = {path for path, digest in manifest.items() if digest and path in present} if self.intact else set()
        return (self.last["keys"] if self.last else {}), reusable

    def remember_folders(self) -> None:
        """After a build that made nothing: keep only what the walk of the output learnt, if anything."""
        if self.inputs and self.folders != self.folders_before:
            _remember(self.cache_dir, self.output_dir, self.folders)

    def remember(self, report: object, keys: PageKeys, manifest: str) -> None:
        """After a build that made something: the input memo and this build's record, for the next build."""
        if self.inputs is None:
            return
        save_file_memo(self.cache_dir, self.inputs.memo, self.inputs.read_at_ns, self.inputs.folders)
        _remember(self.cache_dir, self.output_dir, self.folders, {"inputs": self.inputs_key, "report": report,
                                                                  "keys": keys.current, "manifest": manifest})


def _last_build(cache_dir: Path, output_dir: Path) -> tuple[dict[str, Any] | None, dict[str, list[Any]]]:
    """What the last build into this output folder recorded (its inputs, report, manifest and page keys), and what
    the last walk of the output folder saw in each of its folders (see output.FolderMemo)."""
    cache = BuildCache(cache_dir)
    try:
        found = cache.get_many("builds", [str(output_dir), _FOLDERS + str(output_dir)])
    finally:
        cache.close()
    last, folders = found.get(str(output_dir)), found.get(_FOLDERS + str(output_dir))
    return (last if isinstance(last, dict) and {"inputs", "report", "manifest", "keys"} <= set(last) else None,
            folders if isinstance(folders, dict) else {})


def _remember(cache_dir: Path, output_dir: Path, folders: dict[str, list[Any]],
              last: dict[str, Any] | None = None) -> None:
    """Keep what the next build into this output folder needs: the walk's folders and, after a build that made
    something, its record (inputs, report, manifest, page keys)."""
    items: dict[str, Any] = {_FOLDERS + str(output_dir): folders}
    if last is not None:
        items[str(output_dir)] = last
    cache = BuildCache(cache_dir)
    try:
        cache.put_many("builds", items)
    finally:
        cache.close()
