"""Reading content files: which there are (by hash, from the build's snapshot of its inputs), decoding, front
matter split, key line numbers. Never writes anything."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SiteError, warning
from ..incremental.folders import list_folder
from ..incremental.snapshot import MAX_TEXT_BYTES as MAX_FILE_BYTES
from ..incremental.snapshot import Snapshot
from .slugs import slugify
from .yamldoc import YamlDoc, load_mapping

SECTIONS = {"initiatieven": "initiatief", "verhalen": "verhaal", "paginas": "pagina"}
BUNDLE_INDEX = "index.md"


@dataclass(frozen=True)
class ContentFile:
    """A content file as found on disk: where it is, what kind of entry, the sha256 of its bytes, and the
    bytes themselves (not yet decoded) when they were read: a file unchanged since the last build is known by
    its hash alone, and read only if its entry has to be parsed again."""

    kind: str  # initiatief, verhaal or pagina
    path: str  # relative to the site root, with forward slashes, for messages
    slug: str
    location: str  # the file itself (a string: making 20,000 Path objects costs a noticeable part of a rebuild)
    digest: str
    data: bytes | None = None

    @property
    def folder(self) -> Path:
        """Where the entry's images are looked up."""
        return Path(os.path.dirname(self.location))

    def with_data(self) -> tuple[ContentFile | None, list[SiteError]]:
        """This file with its bytes read, or the problem that prevents reading them."""
        if self.data is not None:
            return self, []
        data, problems = read_bytes(Path(self.location), self.path)
        return (None, problems) if data is None else (replace(self, data=data), problems)


@dataclass(frozen=True)
class SourceFile:
    """One content file, read and split: its front matter with line numbers and its Markdown body."""

    kind: str  # initiatief, verhaal or pagina
    path: str  # relative to the site root, with forward slashes, for messages
    slug: str
    folder: Path  # where the entry's images are looked up
    front: YamlDoc
    body: str
    body_line: int


def read_bytes(path: Path, shown_as: str) -> tuple[bytes | None, list[SiteError]]:
    """The file's bytes; a clear problem if it cannot be read or is too large."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [SiteError(shown_as, None, f"het bestand is {size // 1000} kB; dat is te groot",
                                    "splits het op; foto's horen als apart bestand naast de tekst")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [SiteError(shown_as, None, f"het bestand kan niet gelezen worden ({exc.strerror})",
                                "controleer of het bestaat en of je het mag lezen")]


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[SiteError]]:
    """The file's text as UTF-8 with \\n line ends; a clear problem if it is not UTF-8 or too large."""
    data, problems = read_bytes(path, shown_as)
    return (None, problems) if data is None else decode(data, shown_as)


def decode(data: bytes, shown_as: str) -> tuple[str | None, list[SiteError]]:
    """Bytes to text: UTF-8 (with or without BOM), any line ends; a clear problem for other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_not_utf8(shown_as, None, "UTF-16")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [_not_utf8(shown_as, line, _guess_encoding(data))]
    if "\x00" in text:
        return None, [SiteError(shown_as, None, "het bestand bevat onleesbare tekens (nul-bytes)",
                                "is dit wel een tekstbestand? Sla het op als platte tekst (UTF-8)")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _guess_encoding(data: bytes) -> str:
    try:
        data.decode("cp1252")
        return "Windows-1252 (ANSI)"
    except UnicodeDecodeError:
        return "een onbekende codering"


def _not_utf8(shown_as: str, line: int | None, encoding: str) -> SiteError:
    return SiteError(shown_as, line, f"het bestand is niet als UTF-8 opgeslagen maar als {encoding}",
                     "open het in je teksteditor en kies 'Opslaan als' met codering UTF-8 "
                     "(in Kladblok: onderaan bij Codering)")


def split_front_matter(text: str, shown_as: str) -> tuple[YamlDoc | None, str, int, list[SiteError]]:
    """Front matter between the first two '---' lines, the body after it and the body's first line."""
    if not text.strip():
        return None, "", 1, [SiteError(shown_as, 1, "het bestand is leeg",
                                       "begin met een regel ---, dan de gegevens (titel: ...), dan weer ---")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, "", 1, [SiteError(shown_as, 1, "het bestand begint niet met een regel ---",
                                       "zet bovenaan een regel met alleen ---, dan de gegevens, dan weer ---")]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            doc, problems = load_mapping("\n".join(lines[1:index]), shown_as, first_line=2)
            return doc, "\n".join(lines[index + 1:]), index + 2, problems
    return None, "", 1, [SiteError(shown_as, 1, "de gegevens bovenaan worden niet afgesloten met ---",
                                   "zet na de laatste gegevensregel (zoals titel:) een regel met alleen ---")]


def discover(root: Path, known: Snapshot | None = None) -> tuple[list[ContentFile], list[SiteError]]:
    """Every content file under root/content in a stable order, with its hash; bytes are read only for files
    that `known` (a snapshot of this build's inputs) did not have to read."""
    files: list[ContentFile] = []
    problems: list[SiteError] = []
    content = root / "content"
    for section, kind in SECTIONS.items():
        folder = content / section
        if not folder.is_dir():
            continue
        for path, shown_as, slug in _entry_files(root, folder, problems, known.children if known else list_folder):
            digest, data = known.take(path) if known else ("", None)
            if not digest or digest == "onleesbaar":  # read_bytes gives the message and the advice
                data, read_problems = read_bytes(Path(path), shown_as)
                problems += read_problems
                if data is None:
                    continue
                digest = hashlib.sha256(data).hexdigest()
            files.append(ContentFile(kind, shown_as, slug, path, digest, data))
    return files, problems


def read_source(file: ContentFile) -> tuple[SourceFile | None, list[SiteError]]:
    """Decode a content file and split its front matter (with key line numbers) from its Markdown body."""
    loaded, problems = file.with_data()
    if loaded is None or loaded.data is None:
        return None, problems
    text, decode_problems = decode(loaded.data, file.path)
    problems += decode_problems
    if text is None:
        return None, problems
    doc, body, body_line, split_problems = split_front_matter(text, file.path)
    if doc is None:
        return None, problems + split_problems
    return SourceFile(file.kind, file.path, file.slug, file.folder, doc, body, body_line), problems + split_problems


def _entry_files(root: Path, folder: Path, problems: list[SiteError],
                 children: Callable[[str], list[list[str]]] = list_folder) -> list[tuple[str, str, str]]:
    """(file, shown as, slug) for `<slug>.md` and `<slug>/index.md` entries in a section folder; `children` lists
    a folder (by name, see FolderMemo): the snapshot's walk has listed them all already."""
    found = []
    prefix = folder.relative_to(root).as_posix() + "/"
    folder_linked = _linked(root, folder)  # checked once for the folder, not again for each of its entries
    for name, kind in children(str(folder)):
        path, shown_as = f"{folder}{os.sep}{name}", prefix + name
        if name.startswith((".", "_")) or name.endswith("~"):
            continue
        child_linked = folder_linked or kind in ("F", "D")
        if child_linked and not _resolves_inside(root, Path(path)):
            problems.append(SiteError(shown_as, None, "deze snelkoppeling wijst naar buiten de map van de site",
                                      "zet het bestand zelf in de map, in plaats van een snelkoppeling"))
            continue
        if kind in ("d", "D"):
            index = f"{path}{os.sep}{BUNDLE_INDEX}"
            try:
                inside = children(path)
            except OSError:
                inside = []  # a folder that cannot be read: as good as one without index.md
            index_kind = next((found_kind for found_name, found_kind in inside if found_name == BUNDLE_INDEX), "")
            index_linked = index_kind == "F"
            if index_kind in ("f", "F") and (not (child_linked or index_linked) or _resolves_inside(root, Path(index))):
                found.append((index, f"{shown_as}/{BUNDLE_INDEX}", slugify(name)))
            else:
                problems.append(warning(shown_as, None, f"deze map heeft geen {BUNDLE_INDEX} en wordt overgeslagen",
                                        f"zet het verhaal in {shown_as}/{BUNDLE_INDEX}"))
        elif os.path.splitext(name)[1].lower() in (".md", ".markdown"):
            found.append((path, shown_as, slugify(os.path.splitext(name)[0])))
        else:
            problems.append(warning(shown_as, None, "dit bestand is geen Markdown (.md) en wordt overgeslagen",
                                    "foto's horen in de map van een verhaal, naast index.md"))
    return found


def _linked(root: Path, path: Path) -> bool:
    """Is the path, or a folder between it and root, a link?"""
    return any(os.path.islink(p) for p in (path, *path.parents) if p.is_relative_to(root))


def _resolves_inside(root: Path, path: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))
