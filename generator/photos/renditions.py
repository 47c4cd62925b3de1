"""Photos: inspect originals, plan responsive renditions, and make them (cached, in parallel, without metadata)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PIL import Image

from .. import __version__
from ..content.slugs import slugify
from ..errors import SiteError, warning
from ..workers import run_within_budget
from .pixels import (
    DAMAGED,
    DAMAGED_HINT,
    MAX_SIDE,
    NOTES,
    PHOTO_SUFFIXES,
    PhotoError,
    Pixels,
    open_photo,
    pixels,
)

if TYPE_CHECKING:  # worker processes import this module: they need not load the content model and Markdown
    from ..content.entries import Photo

__all__ = ["DAMAGED", "DAMAGED_HINT", "PHOTO_SUFFIXES", "PhotoError", "open_photo"]  # also used by the workshop

# WebP method 1 encodes three times faster than the default 4 for files about a tenth larger. The JPEGs are only
# the fallback for browsers without WebP: not progressive (it triples encoding time), and without optimised Huffman
# tables (they take as long as the encoding itself, for files 2-3% smaller).
FORMATS = (("webp", "WEBP", {"quality": 80, "method": 1}), ("jpg", "JPEG", {"quality": 82}))
FORMAT_OPTIONS = {extension: (pil_format, options) for extension, pil_format, options in FORMATS}
# Part of every cache key. Cache files made before 2 may hold another photo's pixels: a copy into the output once
# wrote through a hard link into the cache. They are never used again.
CACHE_FORMAT = 2
MEMO_FILE = "fotos-index.json"
MEMO_ROW = 8  # size, modification time, content hash, width, height, inode, change time, notes
INSPECT_PARALLEL_FROM = 16  # below this many new photos, starting worker processes costs more than it saves
# Decoded pixels at work at once, over all worker processes: phone photos two at a time, a scan of 100 megapixels
# or more alone (it takes 3 or 4 bytes a pixel while it is decoded; beside a phone photo in the other worker a
# build with two 110-megapixel scans took 633 MB, alone 510 MB).
PIXELS_AT_ONCE = 100_000_000
NAME_LENGTH = 40  # of the readable part of a rendition's name
CHANGED = ("de foto veranderde terwijl wijksite hem las", "wacht tot het kopiëren klaar is en bouw dan opnieuw")


@dataclass(frozen=True)
class Rendition:
    """One derivative file: where it goes in the output and its pixel size."""

    path: str  # output path relative to the output root, e.g. "verhalen/molens/ijs-3f2a9c1b-960.webp"
    width: int
    height: int
    extension: str


@dataclass(frozen=True)
class PhotoPlan:
    """What will be made of one original photo: the cache key and every rendition."""

    source: Path
    key: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    digest: str = field(default="", repr=False)  # the sha256 of the original's bytes

    def of(self, extension: str) -> tuple[Rendition, ...]:
        return tuple(r for r in self.renditions if r.extension == extension)

    @property
    def fallback(self) -> Rendition:
        """The middle-sized JPEG, for <img src> and social previews."""
        jpegs = self.of("jpg")
        return jpegs[min(1, len(jpegs) - 1)]

    def sizes(self) -> list[tuple[int, int]]:
        return sorted({(r.width, r.height) for r in self.renditions}, reverse=True)


@dataclass(frozen=True)
class PhotoSettings:
    """What every photo is made into; part of each cache key, so changing it reprocesses the photos."""

    widths: tuple[int, ...] = (480, 960, 1600)
    originals: bool = False  # also publish each photo at its own full size (re-encoded, without metadata)

    def widths_for(self, width: int) -> tuple[int, ...]:
        """The standard widths below the original's, plus the original width when it is smaller: never upscale."""
        chosen = {w for w in self.widths if w < width} | {min(width, max(self.widths))}
        return tuple(sorted(chosen | ({width} if self.originals else set())))

    def sizes(self, width: int, height: int) -> list[tuple[int, int]]:
        """The (width, height) of each rendition of an upright photo of this size, largest first."""
        sizes = [(target, max(1, round(height * target / width))) for target in self.widths_for(width)]
        if max(max(size) for size in sizes) > MAX_SIDE:
            raise PhotoError(f"de foto is te lang of te breed om te publiceren (meer dan {MAX_SIDE} beeldpunten)",
                             "snijd hem bij of verklein hem" + (", of zet originelen_publiceren uit"
                                                                if self.originals else ""))
        return sorted(sizes, reverse=True)


class Planned(NamedTuple):
    plans: dict[Path, PhotoPlan]
    problems: list[SiteError]  # errors and warnings, at the photo's line
    made: int  # photos whose renditions were made while they were inspected


def plan_photos(photos: tuple[Photo, ...], folders: dict[Path, str], content_dir: Path,
                settings: PhotoSettings = PhotoSettings(), memo: dict[str, list[Any]] | None = None,
                cache_dir: Path | None = None, progress: Callable[[int, int], None] | None = None) -> Planned:
    """Decode each new original completely, read its upright size, and plan its renditions.

    `folders` maps a photo's source path to the output folder it belongs in (decided by `pages`). `memo` remembers
    what was learnt of each original by its size, modification time, inode and change time (as git's index does), so
    an unchanged photo is not read again. With `cache_dir` (a build, not a check) a new photo's renditions are made
    while it is decoded anyway; the decoding is the same either way, so `check` and `build` agree on every photo.
    """
    plans: dict[Path, PhotoPlan] = {}
    problems: list[SiteError] = []
    memo = {} if memo is None else memo
    allowed = Path(os.path.realpath(content_dir))
    first: dict[Path, Photo] = {}
    for photo in photos:
        first.setdefault(photo.source, photo)
    inside = {source for source in first if Path(os.path.realpath(source)).is_relative_to(allowed)}
    new = [source for source in first if source in inside and source.is_file() and _remembered(source, memo) is None]
    inspected = dict(zip(new, _inspect_all(new, settings, cache_dir, progress), strict=True))
    for photo in first.values():
        try:
            if photo.source not in inside:
                raise PhotoError("dit is een snelkoppeling naar een bestand buiten de map content/",
                                 "zet de foto zelf naast index.md, niet een snelkoppeling")
            row = _row(photo, settings, memo, inspected)
            plans[photo.source] = _plan(photo, folders[photo.source], settings, row)
            problems += [warning(photo.entry_path, photo.line, f"foto {photo.file_name}: {NOTES[code][0]}",
                                 NOTES[code][1]) for code in row[7] if code in NOTES]
        except PhotoError as exc:
            problems.append(SiteError(photo.entry_path, photo.line, f"foto {photo.file_name}: {exc}", exc.hint))
    made = sum(1 for found in inspected.values() if not isinstance(found, PhotoError)) if cache_dir else 0
    return Planned(plans, problems + _clashes(plans, first), made)


def load_memo(cache_dir: Path) -> dict[str, list[Any]]:
    try:
        memo = json.loads((cache_dir / MEMO_FILE).read_text(encoding="utf-8"))
        return memo if isinstance(memo, dict) else {}
    except (OSError, ValueError):
        return {}


def save_memo(cache_dir: Path, memo: dict[str, list[Any]]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    _write_new(cache_dir / MEMO_FILE, lambda file: file.write(json.dumps(memo, sort_keys=True).encode()))


def _remembered(source: Path, memo: dict[str, list[Any]]) -> list[Any] | None:
    """The memo row of an original whose size, modification time, inode and change time are unchanged (the change
    time also moves when a tool rewrites a photo and puts its old time back)."""
    remembered = memo.get(str(source))
    if not isinstance(remembered, list) or len(remembered) != MEMO_ROW:
        return None
    try:
        facts = _facts(source)
    except OSError:
        return None
    return remembered if [*remembered[:2], *remembered[5:7]] == facts else None


def _facts(source: Path) -> list[int]:
    stat = source.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]


def _row(photo: Photo, settings: PhotoSettings, memo: dict[str, list[Any]],
         inspected: dict[Path, list[Any] | PhotoError]) -> list[Any]:
    if not photo.source.is_file():
        near = sorted(p.name for p in photo.source.parent.glob("*") if p.suffix.lower() in PHOTO_SUFFIXES)
        raise PhotoError("het bestand bestaat niet",
                         f"foto's in deze map: {', '.join(near)}" if near else "zet de foto naast index.md")
    row = _remembered(photo.source, memo) or inspected.get(photo.source)
    if row is None:  # appeared after the others were inspected
        row = _inspect((photo.source, settings, None))
    if isinstance(row, PhotoError):
        raise row
    memo[str(photo.source)] = row
    return row


def _inspect_all(sources: list[Path], settings: PhotoSettings, cache_dir: Path | None,
                 progress: Callable[[int, int], None] | None) -> list[list[Any] | PhotoError]:
    """Inspect the originals not in the memo, on all cores when there are several, one large scan at a time."""
    weights = [_pixels_in(source) for source in sources]
    tasks = [(source, settings, cache_dir) for source in sources]
    return run_within_budget(_inspect, tasks, weights, PIXELS_AT_ONCE, len(sources) >= INSPECT_PARALLEL_FROM,
                             progress)


def _pixels_in(source: Path) -> int:
    """How many pixels the photo has, from its header; 0 if it cannot be opened (inspecting it says why)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # told, in Dutch, when the photo is inspected
            with open_photo(source) as image:
                return image.width * image.height
    except (PhotoError, OSError):
        return 0


def _inspect(task: tuple[Path, PhotoSettings, Path | None]) -> list[Any] | PhotoError:
    """The memo row of an original (size, times, content hash, upright size, notes), after decoding all of it; with
    a cache folder, its renditions are made into it too."""
    source, settings, cache_dir = task
    try:
        before = _facts(source)
        content_hash = _file_digest(source)
    except OSError:
        return PhotoError("de foto kan niet gelezen worden", "controleer of je het bestand mag openen")
    try:
        made = pixels(source, settings.sizes)
        if _facts(source) != before:
            raise PhotoError(*CHANGED)
    except PhotoError as exc:
        return exc
    except OSError:
        return PhotoError("de foto kan niet gelezen worden", "controleer of je het bestand mag openen")
    key = cache_key(content_hash, settings)
    if cache_dir is not None and not all((cache_dir / _cache_name(key, image.width, extension)).is_file()
                                         for image in made.images for extension, _, _ in FORMATS):
        try:
            _store(made, key, cache_dir)
        except OSError:
            pass  # the writer makes what is missing from the cache again, and says what stopped it
    return [before[0], before[1], content_hash, made.width, made.height, before[2], before[3], list(made.notes)]


def _file_digest(source: Path) -> str:
    with open(source, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def cache_key(content_hash: str, settings: PhotoSettings) -> str:
    """The renditions of a photo are known by its content and what it is made into (never by its name)."""
    made_as = f"{content_hash}{(settings, FORMATS, __version__, CACHE_FORMAT)!r}"
    return hashlib.sha256(made_as.encode()).hexdigest()[:20]


def rendition_name(file_name: str, content_hash: str) -> str:
    """The start of a rendition's file name: readable, and unique for each original and for each of its contents.

    Letters, digits and dashes only (valid on Windows, FAT, macOS and every web server, the same in any case), then
    8 hex digits of the name exactly as written and the content: "molen.jpg", "molen.jpeg", "Molen.JPG" and a
    differently normalised "mölen.jpg" are four photos, and a photo replaced by another gets an address of its own,
    so no browser shows the old one from its cache.
    """
    readable = slugify(Path(file_name).stem)[:NAME_LENGTH].rstrip("-") or "foto"
    tag = hashlib.sha256(f"{file_name}\0{content_hash}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable}-{tag}"


def _plan(photo: Photo, folder: str, settings: PhotoSettings, row: list[Any]) -> PhotoPlan:
    content_hash, width, height = row[2:5]
    name = rendition_name(photo.file_name, content_hash)
    renditions = []
    for target, target_height in sorted(settings.sizes(width, height)):
        for extension, _, _ in FORMATS:
            renditions.append(Rendition(f"{folder}{name}-{target}.{extension}", target, target_height, extension))
    return PhotoPlan(photo.source, cache_key(content_hash, settings), width, height, tuple(renditions), content_hash)


def _clashes(plans: dict[Path, PhotoPlan], photos: dict[Path, Photo]) -> list[SiteError]:
    """Two originals whose renditions would get the same name (in any case): refused, never one over the other."""
    owners: dict[str, Path] = {}
    problems = []
    for source, plan in plans.items():
        for rendition in plan.renditions:
            owner = owners.setdefault(rendition.path.casefold(), source)
            if owner != source:
                photo, other = photos[source], photos[owner]
                problems.append(SiteError(photo.entry_path, photo.line,
                                          f"foto {photo.file_name} zou op de site dezelfde naam krijgen als "
                                          f"{other.file_name} ({other.entry_path}:{other.line})",
                                          "geef een van beide foto's een andere naam"))
                break
    return problems


def unlisted_photos(entries: Sequence[object], children: Callable[[str], list[list[str]]],
                    root: Path) -> list[SiteError]:
    """A warning for each photo file in a story's folder that its index.md does not list under fotos:, with the
    lines to add; `children` lists a folder (see folders.FolderMemo)."""
    from ..content.entries import Story  # the entry types; content needs nothing from here

    problems = []
    for entry in entries:
        if not isinstance(entry, Story) or not entry.source_path.endswith("/index.md"):
            continue
        listed = {photo.file_name for photo in entry.photos}
        try:
            names = children(str(root / entry.source_path.rpartition("/")[0]))
        except OSError:
            continue  # discover said so already
        for name, kind in names:
            if kind in ("f", "F") and not name.startswith(".") and name not in listed and \
                    os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES:
                line = entry.key_lines.get("fotos")
                where = "onder" if entry.photos else "in plaats van" if line else "boven"
                problems.append(warning(entry.source_path, line or 1, f"de foto {name} staat in de map van dit "
                                        "verhaal, maar niet onder fotos: en komt dus niet op de site",
                                        _lines_to_add(name, where)))
    return problems


def _lines_to_add(name: str, where: str) -> str:
    """The YAML lines that put the photo on the site: under the photos listed, in place of an empty `fotos:` line,
    or above the front matter's closing `---`."""
    if any(char in name for char in ":\\"):
        return "geef het bestand een naam zonder : of \\ en zet het dan onder fotos:"
    plain = re.fullmatch(r"\w[\w .()+-]*", name) and name.casefold() not in _YAML_WORDS
    lines = ("" if where == "onder" else "fotos:\n") + \
        f"  - bestand: {name if plain else json.dumps(name, ensure_ascii=False)}\n    alt: "
    place = {"onder": "onder fotos:", "in plaats van": "in plaats van de regel fotos:",
             "boven": "boven de tweede regel ---"}[where]
    return f"wil je hem op de site, zet dan deze regels {place} en schrijf achter alt: wat er te zien is\n{lines}" \
        "\n(hoort hij er niet bij, haal hem dan uit de map)"


_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "ja", "nee"}


def make_renditions(plans: list[PhotoPlan], cache_dir: Path, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[int, list[tuple[Path, str]]]:
    """Make every missing rendition into the cache, on all cores (the writer links them into the output).

    Returns how many photos needed work and, for photos that failed to decode, (source, message).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo: dict[str, PhotoPlan] = {}  # by key: two originals with the same bytes share their renditions
    for plan in plans:
        if not all(cached_rendition(plan, r, cache_dir).is_file() for r in plan.renditions):
            todo.setdefault(plan.key, plan)
    tasks = [(plan, cache_dir) for plan in todo.values()]
    errors = run_within_budget(_make_into_cache, tasks, [plan.width * plan.height for plan in todo.values()],
                               PIXELS_AT_ONCE, workers != 1 and len(tasks) > 1, progress)
    failures = [(plan.source, error) for plan, error in zip(todo.values(), errors, strict=True) if error]
    return len(todo), sorted(failures)


def cached_rendition(plan: PhotoPlan, rendition: Rendition, cache_dir: Path) -> Path:
    """Where a rendition is kept: named by the photo's content key, so "it exists" means "it is done"."""
    return cache_dir / _cache_name(plan.key, rendition.width, rendition.extension)


def _cache_name(key: str, width: int, extension: str) -> str:
    return f"{key}-{width}.{extension}"


def _make_into_cache(task: tuple[PhotoPlan, Path]) -> str:
    """Decode the original once, check it is still the photo that was planned, and write every rendition to the
    cache; '' on success, else a Dutch message. A write error (a full disk) is raised: the writer reports it."""
    plan, cache_dir = task

    def planned_sizes(width: int, height: int) -> list[tuple[int, int]]:
        if (width, height) != (plan.width, plan.height):
            raise PhotoError(*CHANGED)  # never squashed into the size of what was there before
        return plan.sizes()

    try:
        before = _facts(plan.source)
        if plan.digest and _file_digest(plan.source) != plan.digest:
            raise PhotoError(*CHANGED)  # its renditions would be kept under the key of other bytes
        made = pixels(plan.source, planned_sizes)
        if _facts(plan.source) != before:
            raise PhotoError(*CHANGED)
    except PhotoError as exc:
        return f"{exc} — {exc.hint}"
    except OSError:
        return "de foto kan niet gelezen worden — controleer of je het bestand mag openen"
    _store(made, plan.key, cache_dir)
    return ""


def _store(made: Pixels, key: str, cache_dir: Path) -> None:
    """Encode each size in each format into the cache, each as a new file moved into place."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    for image in made.images:
        for extension, pil_format, options in FORMATS:
            prepared = _for_format(image, pil_format)
            _write_new(cache_dir / _cache_name(key, image.width, extension),
                       lambda file, prepared=prepared, pil_format=pil_format, options=options:  # type: ignore[misc]
                       prepared.save(file, pil_format, **options))


def _write_new(target: Path, write: Callable[[Any], object]) -> None:
    """Write a new file beside `target` and move it into place: an existing file is replaced, never written into
    (it may be linked from the output, where it is another photo's rendition)."""
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.nieuw")
        try:  # a name no other process is writing; readable as any new file (the output links to it)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _for_format(image: Image.Image, pil_format: str) -> Image.Image:
    if image.mode == "RGBA" and pil_format == "JPEG":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image
