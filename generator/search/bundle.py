"""Running Pagefind over one part of the site, and making what it writes the same on every run.

Pagefind writes the values in its filter files in a different order on every run (its issue #638, still so in
1.5): the same pages gave a different bundle each build, so a clean build could not equal an incremental one
byte for byte, and every publish uploaded "new" search files. After each run the filter values are put in a
fixed order and those files are renamed by a hash of their new bytes, in the metadata and entry files as well.

Pagefind's files are gzip-compressed, start with the signature `pagefind_dcd` and hold one CBOR value (search/cbor.py).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pagefind

from ..errors import BuildStopped, SiteError
from .cbor import decode, encode

TIMEOUT_SECONDS = 1800
SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
# Positions in Pagefind 1.x's metadata file: [version, pages, index chunks, filters, sorts, meta fields]
META_PAGES, META_CHUNKS, META_FILTERS = 1, 2, 3


class PartIndexing:
    """Pagefind indexing one part (site path -> where the page is now, and its sha256) into `bundle`, in the
    background: the build goes on rendering while it runs. `finish()` waits for it and puts the bundle in place.

    Pagefind reads a folder, so `farm` keeps hard links to exactly this part's pages from one build to the next:
    only pages that changed are linked again (making a folder per page is slow on many disks). `earlier` is the
    part's bundle from the last build, if there is one: Pagefind names its page and word files by a hash of what
    they hold and does not write a file that is already there, so with the earlier files in place it writes only
    what an edit changed. What the new index does not use is removed afterwards, so the bundle is the same as
    one made from nothing.
    """

    def __init__(self, pages: dict[str, tuple[Path, str]], farm: Path, bundle: Path, language: str,
                 chunk_size: int, earlier: Path | None, unused: tuple[str, ...]) -> None:
        self.bundle, self.earlier, self.unused = bundle, earlier, unused
        self.work = bundle.with_name(f".bezig-{bundle.name}")
        update_farm(farm, pages)
        shutil.rmtree(self.work, ignore_errors=True)
        if earlier is not None:
            _link_earlier_files(earlier, self.work)
        self.messages = tempfile.TemporaryFile()  # not a pipe: a pipe nobody reads can block Pagefind
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                pagefind_command(farm, self.work, language), stdout=subprocess.DEVNULL, stderr=self.messages,
                env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk_size)})
        except OSError as exc:
            self.messages.close()
            raise BuildStopped([_problem(str(exc))]) from exc

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def finish(self) -> None:
        """Wait for Pagefind, check what it wrote, make it reproducible and move it to `bundle`."""
        if self.process is None:
            return
        try:
            returncode = self.process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            self.cancel()
            raise BuildStopped([_problem(f"Pagefind was na {TIMEOUT_SECONDS} s nog niet klaar")]) from exc
        self.process = None
        self.messages.seek(0)
        detail = self.messages.read().decode("utf-8", "replace").strip()[-500:]
        self.messages.close()
        try:
            if returncode != 0 or not (self.work / ENTRY_FILE).is_file():
                raise BuildStopped([_problem(detail or "Pagefind schreef niets")])
            make_reproducible(self.work)
            if self.earlier is not None:
                _remove_unused(self.work)
            for name in self.unused:
                (self.work / name).unlink(missing_ok=True)
            self.work.rename(self.bundle)
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def cancel(self) -> None:
        """Stop Pagefind (a build that stopped, or a part that turned out not to be needed) and clean up."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
            self.messages.close()
        shutil.rmtree(self.work, ignore_errors=True)


@functools.cache
def pagefind_version() -> str:
    """The installed Pagefind packages and their versions, from their dist-info folders: part of every cache key
    of the search index (importlib.metadata would take 30 ms to load on every build)."""
    packages = Path(pagefind.__file__).resolve().parent.parent
    found = sorted(name for name in os.listdir(packages)
                   if name.startswith(("pagefind-", "pagefind_bin")) and name.endswith(".dist-info"))
    return ",".join(found) or "?"


def pagefind_command(site: Path, bundle: Path, language: str) -> list[str]:
    """Pagefind's own program (from the pagefind[extended] package) over `site` into `bundle`, as one language."""
    from pagefind.service import get_executable  # asyncio and more: only when Pagefind is to run

    program = get_executable()
    start = [str(program)] if program is not None else [sys.executable, "-m", "pagefind"]
    return [*start, "--site", str(site), "--output-path", str(bundle), "--force-language", language, "--silent"]


FARM_RECORD = ".wijksite-paginas.json"  # in a farm: site path -> sha256 of the page it links to


def update_farm(farm: Path, pages: dict[str, tuple[Path, str]]) -> None:
    """Make `farm` hold exactly these pages, as hard links (copies across disks), changing only what changed."""
    try:
        known = json.loads((farm / FARM_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = None
    if not isinstance(known, dict):  # a new or damaged farm: start again
        shutil.rmtree(farm, ignore_errors=True)
        known = {}
    farm.mkdir(parents=True, exist_ok=True)
    (farm / FARM_RECORD).unlink(missing_ok=True)  # until the farm is right again
    for gone in sorted(set(known) - set(pages)):
        (farm / gone).unlink(missing_ok=True)
    folders: set[Path] = set()
    for page, (location, digest) in pages.items():
        target = farm / page
        if known.get(page) == digest and target.is_file():
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if page not in known and _linked_anew(location, target):
            continue  # a page new to the farm: one link, no temporary file (a cold build links 10,000)
        temporary = target.with_name(f".{target.name}.nieuw")
        temporary.unlink(missing_ok=True)
        try:
            os.link(location, temporary)
        except OSError:
            shutil.copyfile(location, temporary)
        os.replace(temporary, target)
    record = {page: digest for page, (_, digest) in pages.items()}
    (farm / FARM_RECORD).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")


def _linked_anew(location: Path, target: Path) -> bool:
    """Link a page where the farm has nothing yet; False if something is in the way (or links are impossible)."""
    try:
        os.link(location, target)
    except OSError:
        return False
    return True


# Folders of files that Pagefind names by their content: safe to share with an earlier bundle by hard links.
CONTENT_NAMED = ("fragment", "index")


def _link_earlier_files(earlier: Path, bundle: Path) -> None:
    for folder in CONTENT_NAMED:
        if not (earlier / folder).is_dir():
            continue
        (bundle / folder).mkdir(parents=True, exist_ok=True)
        for file in os.scandir(earlier / folder):
            try:
                os.link(file.path, bundle / folder / file.name)
            except OSError:
                return  # another disk: Pagefind simply writes everything


def _remove_unused(bundle: Path) -> None:
    """Remove the earlier bundle's page and word files that the new index does not name."""
    entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    used: dict[str, set[str]] = {"fragment": set(), "index": set()}
    for facts in entry["languages"].values():
        meta = read_file(bundle / f"pagefind.{facts['hash']}.pf_meta")
        used["fragment"].update(f"{page[0]}.pf_fragment" for page in meta[META_PAGES])
        used["index"].update(f"{chunk[2]}.pf_index" for chunk in meta[META_CHUNKS])
    for folder, names in used.items():
        for file in os.scandir(bundle / folder):
            if file.name not in names:
                os.unlink(file.path)


def make_reproducible(bundle: Path) -> None:
    """Sort the values of every filter file, rename the files by their new content, and update the metadata
    file and the entry file that name them. Files Pagefind already writes the same way are left alone."""
    entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = bundle / f"pagefind.{facts['hash']}.pf_meta"
        meta = read_file(meta_path)
        renamed = {}
        for filter_entry in meta[META_FILTERS]:
            name, old_hash = filter_entry
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = read_file(old_path)
            content = encode_file([filter_name, sorted(values, key=lambda value: str(value[0]))])
            new_hash = f"{language}_{_short_hash(content, 7)}"
            old_path.unlink()
            _write_new(bundle / "filter" / f"{new_hash}.pf_filter", content)
            renamed[name] = new_hash
        meta[META_FILTERS] = sorted([name, renamed[name]] for name, _ in meta[META_FILTERS])
        content = encode_file(meta)
        facts["hash"] = f"{language}_{_short_hash(content, 11)}"
        meta_path.unlink()
        _write_new(bundle / f"pagefind.{facts['hash']}.pf_meta", content)
    _write_new(bundle / ENTRY_FILE, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _write_new(path: Path, content: bytes) -> None:
    """Write to a new file, never into an existing one: it may be a hard link to a file in use elsewhere."""
    temporary = path.with_name(f".{path.name}.nieuw")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _short_hash(content: bytes, length: int) -> str:
    return hashlib.sha256(gzip.decompress(content)).hexdigest()[:length]


def read_file(path: Path) -> Any:
    """The CBOR value in one of Pagefind's compressed files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is geen Pagefind-bestand")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name} heeft onverwachte gegevens aan het eind")
    return value


def encode_file(value: Any) -> bytes:
    """Bytes for a Pagefind file: the signature and the CBOR value, gzip-compressed without a timestamp."""
    return gzip.compress(SIGNATURE + encode(value), compresslevel=6, mtime=0)


def _problem(detail: str) -> SiteError:
    return SiteError("zoekfunctie", None, f"de zoekindex kon niet gemaakt worden ({detail})",
                     "installeer wijksite opnieuw (pip install wijksite); Pagefind hoort erbij")
