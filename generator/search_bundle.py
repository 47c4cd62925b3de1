"""Running Pagefind over one part of the site, and making what it writes the same on every run.

Pagefind writes the values in its filter files in a different order on every run (its issue #638, still so in
1.5): the same pages gave a different bundle each build, so a clean build could not equal an incremental one
byte for byte, and every publish uploaded "new" search files. After each run the filter values are put in a
fixed order and those files are renamed by a hash of their new bytes, in the metadata and entry files as well.

Pagefind's files are gzip-compressed, start with the signature `pagefind_dcd` and hold one CBOR value; the small
CBOR reader and writer below cover what Pagefind writes (integers, strings, arrays, maps, true/false/null).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .errors import BuildStopped, SiteError

TIMEOUT_SECONDS = 1800
SIGNATURE = b"pagefind_dcd"
ENTRY_FILE = "pagefind-entry.json"
# Positions in Pagefind 1.x's metadata file: [version, pages, index chunks, filters, sorts, meta fields]
META_PAGES, META_CHUNKS, META_FILTERS = 1, 2, 3


def index_part(pages: dict[str, tuple[Path, str]], farm: Path, bundle: Path, language: str, chunk_size: int,
               earlier: Path | None, unused: tuple[str, ...]) -> None:
    """Index these pages (site path -> where the file is now, and its sha256) into `bundle`.

    Pagefind reads a folder, so `farm` keeps hard links to exactly this part's pages, from one build to the
    next: only pages that changed are linked again (making a folder per page is slow on many disks).
    """
    update_farm(farm, pages)
    work = bundle.with_name(f".bezig-{bundle.name}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        run_pagefind(farm, work, language, chunk_size, earlier)
        for name in unused:
            (work / name).unlink(missing_ok=True)
        work.rename(bundle)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
        temporary = target.with_name(f".{target.name}.nieuw")
        temporary.unlink(missing_ok=True)
        try:
            os.link(location, temporary)
        except OSError:
            shutil.copyfile(location, temporary)
        os.replace(temporary, target)
    record = {page: digest for page, (_, digest) in pages.items()}
    (farm / FARM_RECORD).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")


def run_pagefind(site: Path, bundle: Path, language: str, chunk_size: int, earlier: Path | None = None) -> None:
    """Index the pages in `site` into `bundle` as one language, then make the bundle reproducible.

    `earlier` is this part's bundle from the last build, if there is one. Pagefind names its page and word files
    by a hash of what they hold and does not write a file that is already there, so with the earlier files in
    place it writes only what an edit changed: a part is indexed again in about half the time. What the new
    index does not use is removed afterwards, so the bundle is the same as one made from nothing.
    """
    if earlier is not None:
        _link_earlier_files(earlier, bundle)
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
               "--force-language", language, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False,
                                env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk_size)})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildStopped([_problem(str(exc))]) from exc
    if result.returncode != 0 or not (bundle / ENTRY_FILE).is_file():
        raise BuildStopped([_problem((result.stderr or result.stdout).strip()[-500:] or "Pagefind schreef niets")])
    make_reproducible(bundle)
    if earlier is not None:
        _remove_unused(bundle)


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


def decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR value starting at `at`, and where the next one starts."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR met onbepaalde lengte wordt niet gelezen (byte {at - 1})")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at:at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = decode(data, at)
            mapping[key], at = decode(data, at)
        return mapping, at
    if major == 7 and argument in (20, 21, 22):
        return {20: False, 21: True, 22: None}[argument], at
    raise ValueError(f"onbekend CBOR-type {major}/{argument}")


def encode(value: Any) -> bytes:
    """CBOR in its shortest form, as Pagefind writes it."""
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _problem(detail: str) -> SiteError:
    return SiteError("zoekfunctie", None, f"de zoekindex kon niet gemaakt worden ({detail})",
                     "installeer wijksite opnieuw (pip install wijksite); Pagefind hoort erbij")
