"""Photos: inspect originals, plan responsive renditions, and make them (cached, in parallel, without metadata)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import __version__
from .content import Photo
from .errors import SiteError
from .workers import process_pool

# WebP method 1 encodes three times faster than the default 4 for files about a tenth larger; progressive JPEG
# triples encoding time, and the JPEGs are only the fallback for browsers without WebP.
FORMATS = (("webp", "WEBP", {"quality": 80, "method": 1}), ("jpg", "JPEG", {"quality": 82, "optimize": True}))
FORMAT_OPTIONS = {extension: (pil_format, options) for extension, pil_format, options in FORMATS}
MAX_PIXELS = 120_000_000  # a 12,000 x 10,000 scan; beyond this a file is treated as a decompression bomb
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_ORIENTATIONS_THAT_SWAP = {5, 6, 7, 8}
_SRGB = ImageCms.createProfile("sRGB")
MEMO_FILE = "fotos-index.json"
DAMAGED = "de foto is beschadigd of niet helemaal gekopieerd"
DAMAGED_HINT = "kopieer hem opnieuw of vervang hem"


@dataclass(frozen=True)
class Rendition:
    """One derivative file: where it goes in the output and its pixel size."""

    path: str  # output path relative to the output root, e.g. "verhalen/molens/ijs-960.webp"
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

    def of(self, extension: str) -> tuple[Rendition, ...]:
        return tuple(r for r in self.renditions if r.extension == extension)

    @property
    def fallback(self) -> Rendition:
        """The middle-sized JPEG, for <img src> and social previews."""
        jpegs = self.of("jpg")
        return jpegs[min(1, len(jpegs) - 1)]


@dataclass(frozen=True)
class PhotoSettings:
    """What every photo is made into; part of each cache key, so changing it reprocesses the photos."""

    widths: tuple[int, ...] = (480, 960, 1600)
    originals: bool = False  # also publish each photo at its own full size (re-encoded, without metadata)

    def widths_for(self, width: int) -> tuple[int, ...]:
        """The standard widths below the original's, plus the original width when it is smaller: never upscale."""
        chosen = {w for w in self.widths if w < width} | {min(width, max(self.widths))}
        return tuple(sorted(chosen | ({width} if self.originals else set())))


def plan_photos(photos: tuple[Photo, ...], folders: dict[Path, str], content_dir: Path,
                settings: PhotoSettings = PhotoSettings(),
                memo: dict[str, list[Any]] | None = None) -> tuple[dict[Path, PhotoPlan], list[SiteError]]:
    """Check that each original decodes, read its size and orientation, and plan its renditions.

    `folders` maps a photo's source path to the output folder it belongs in (decided by `pages`).
    `memo` remembers content hashes by (size, modification time), as git's index does, so an unchanged
    photo is not read or decoded again; the cache key itself is always the content hash.
    """
    plans: dict[Path, PhotoPlan] = {}
    problems: list[SiteError] = []
    memo = {} if memo is None else memo
    allowed = Path(os.path.realpath(content_dir))
    first: dict[Path, Photo] = {}
    for photo in photos:
        first.setdefault(photo.source, photo)
    inside = {source for source in first if Path(os.path.realpath(source)).is_relative_to(allowed)}
    inspected = _inspect_all([source for source in first if source in inside and _remembered(source, memo) is None])
    for photo in first.values():
        try:
            if photo.source not in inside:
                raise PhotoError("dit is een snelkoppeling naar een bestand buiten de map content/",
                                 "zet de foto zelf naast index.md, niet een snelkoppeling")
            plans[photo.source] = _plan(photo, folders[photo.source], settings, memo, inspected)
        except PhotoError as exc:
            problems.append(SiteError(photo.entry_path, photo.line, f"foto {photo.file_name}: {exc}", exc.hint))
    return plans, problems


def load_memo(cache_dir: Path) -> dict[str, list[Any]]:
    try:
        memo = json.loads((cache_dir / MEMO_FILE).read_text(encoding="utf-8"))
        return memo if isinstance(memo, dict) else {}
    except (OSError, ValueError):
        return {}


def save_memo(cache_dir: Path, memo: dict[str, list[Any]]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{MEMO_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(memo, sort_keys=True), encoding="utf-8")
    temporary.replace(cache_dir / MEMO_FILE)


class PhotoError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


Inspected = dict[Path, "list[Any] | PhotoError"]  # a memo row: size, modification time, hash, width, height
INSPECT_PARALLEL_FROM = 16  # below this many new photos, starting worker processes costs more than it saves


def _remembered(source: Path, memo: dict[str, list[Any]]) -> list[Any] | None:
    """(content hash, width, height) from the memo when the file's size, modification time, inode and change time
    are unchanged (the change time also moves when a tool rewrites a photo and puts its old time back)."""
    try:
        stat = source.stat()
    except OSError:
        return None
    remembered = memo.get(str(source))
    facts = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
    return remembered[2:5] if remembered and [*remembered[:2], *remembered[5:7]] == facts else None


def _inspect_all(sources: list[Path]) -> Inspected:
    """Inspect the originals not in the memo, on all cores when there are several."""
    sources = [source for source in sources if source.is_file()]
    if len(sources) >= INSPECT_PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        # processes, not threads: open_photo changes the (process-wide) warning filters
        with process_pool() as pool:
            return dict(zip(sources, pool.map(_inspect, sources, chunksize=4), strict=True))
    return {source: _inspect(source) for source in sources}


def _inspect(source: Path) -> list[Any] | PhotoError:
    """The memo row of an original (size, time, content hash, oriented size), after decoding all of it.

    A photo that was cut off while copying (or is damaged) must stop `check`, not only the build.
    """
    try:
        stat = source.stat()
        data = source.read_bytes()
    except OSError:
        return PhotoError("de foto kan niet gelezen worden", "controleer of je het bestand mag openen")
    try:
        image = open_photo(data)
        width, height = _oriented_size(image)
        _decode_all(image)
    except PhotoError as exc:
        return exc
    return [stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest(), width, height, stat.st_ino,
            stat.st_ctime_ns]


def _decode_all(image: Image.Image) -> None:
    """Decode every byte of the (first) image; PhotoError if the file is cut off or damaged."""
    try:
        if image.format == "JPEG":
            # at an eighth of the size libjpeg still reads all the data, in half the time of a full decode
            image.draft(image.mode if image.mode in ("RGB", "L") else None,
                        (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        raise PhotoError(DAMAGED, DAMAGED_HINT) from exc


def _plan(photo: Photo, folder: str, settings: PhotoSettings, memo: dict[str, list[Any]],
          inspected: Inspected) -> PhotoPlan:
    if not photo.source.is_file():
        near = sorted(p.name for p in photo.source.parent.glob("*") if p.suffix.lower() in
                      (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"))
        raise PhotoError("het bestand bestaat niet",
                         f"foto's in deze map: {', '.join(near)}" if near else "zet de foto naast index.md")
    remembered = _remembered(photo.source, memo)
    if remembered:
        content_hash, width, height = remembered
    else:
        found = inspected.get(photo.source) or _inspect(photo.source)
        if isinstance(found, PhotoError):
            raise found
        memo[str(photo.source)] = found
        content_hash, width, height = found[2:5]
    key = hashlib.sha256(f"{content_hash}{(settings, FORMATS, __version__)!r}".encode()).hexdigest()[:20]
    stem = Path(photo.file_name).stem
    renditions = []
    for target in settings.widths_for(width):
        target_height = max(1, round(height * target / width))
        for extension, _, _ in FORMATS:
            renditions.append(Rendition(f"{folder}{stem}-{target}.{extension}", target, target_height, extension))
    return PhotoPlan(photo.source, key, width, height, tuple(renditions))


_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def open_photo(data: bytes) -> Image.Image:
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        raise PhotoError("dit is een HEIC/HEIF-foto (van een iPhone of nieuwere telefoon); die kan wijksite niet lezen",
                         "zet de foto om naar JPEG: op de iPhone via Instellingen › Camera › Formaten › "
                         "'Meest compatibel', of open hem op de computer en kies 'Exporteren als JPEG'")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError("de foto is te groot (te veel beeldpunten)",
                             "verklein de scan tot hoogstens 10.000 beeldpunten breed") from exc
        except UnidentifiedImageError as exc:
            raise PhotoError("dit is geen foto die wijksite kan lezen",
                             "sla hem op als JPEG of PNG (HEIC-foto's van een iPhone: exporteer als JPEG)") from exc
        except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
            raise PhotoError(DAMAGED, DAMAGED_HINT) from exc
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError("de foto is te groot (te veel beeldpunten)",
                         "verklein de scan tot hoogstens 10.000 beeldpunten breed")
    return image


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 (a damaged EXIF block must not stop the photo)
        orientation = 1
    width, height = image.size
    return (height, width) if orientation in _ORIENTATIONS_THAT_SWAP else (width, height)


def make_renditions(plans: list[PhotoPlan], cache_dir: Path, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> tuple[int, list[tuple[Path, str]]]:
    """Make every missing rendition into the cache, on all cores (the writer links them into the output).

    Returns how many photos needed work and, for photos that failed to decode, (source, message).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo = [plan for plan in plans if not all(cached_rendition(plan, r, cache_dir).is_file() for r in plan.renditions)]
    failures: list[tuple[Path, str]] = []
    if todo:
        workers = workers or min(len(todo), os.cpu_count() or 1)
        if workers > 1 and len(todo) > 1:
            from concurrent.futures import as_completed  # loaded with the workers (see process_pool)

            with process_pool(workers) as pool:
                futures = {pool.submit(_make_into_cache, plan, cache_dir): plan for plan in todo}
                for done, future in enumerate(as_completed(futures), start=1):
                    if error := future.result():
                        failures.append((futures[future].source, error))
                    if progress:
                        progress(done, len(todo))
        else:
            for done, plan in enumerate(todo, start=1):
                if error := _make_into_cache(plan, cache_dir):
                    failures.append((plan.source, error))
                if progress:
                    progress(done, len(todo))
    return len(todo), sorted(failures)


def cached_rendition(plan: PhotoPlan, rendition: Rendition, cache_dir: Path) -> Path:
    """Where a rendition is kept: named by the photo's content key, so "it exists" means "it is done"."""
    return cache_dir / _cache_name(plan, rendition)


def _cache_name(plan: PhotoPlan, rendition: Rendition) -> str:
    return f"{plan.key}-{rendition.width}.{rendition.extension}"


def _make_into_cache(plan: PhotoPlan, cache_dir: Path) -> str:
    """Decode once, then write every rendition to the cache; '' on success, else a Dutch message."""
    try:
        image = _decoded(plan)
        # Largest first, each size made from the one before it: resizing 1600 -> 960 costs a third of 3000 -> 960.
        for width in sorted({r.width for r in plan.renditions}, reverse=True):
            sized = [r for r in plan.renditions if r.width == width]
            if image.width != width:
                image = image.resize((width, sized[0].height), Image.Resampling.LANCZOS, reducing_gap=2.0)
            for rendition in sized:
                pil_format, options = FORMAT_OPTIONS[rendition.extension]
                prepared = _for_format(image, pil_format)
                prepared.info = {}  # no EXIF, XMP, ICC or comments reach the published file
                temporary = cache_dir / f".{os.getpid()}-{_cache_name(plan, rendition)}"
                prepared.save(temporary, pil_format, **options)
                temporary.replace(cache_dir / _cache_name(plan, rendition))
        return ""
    except PhotoError as exc:
        return f"{exc} — {exc.hint}"
    except (OSError, ValueError, SyntaxError, EOFError, struct.error):
        return f"{DAMAGED} — {DAMAGED_HINT}"  # Pillow's own (English) reason means nothing to a volunteer


def _decoded(plan: PhotoPlan) -> Image.Image:
    image = open_photo(plan.source.read_bytes())
    largest = max(r.width for r in plan.renditions)
    if image.format == "JPEG":
        scale = largest / plan.width
        image.draft(image.mode if image.mode in ("RGB", "L") else None,
                    (int(image.width * scale) + 1, int(image.height * scale) + 1))
    image.seek(0)  # animated GIF or WebP: the first frame
    image = ImageOps.exif_transpose(image)
    return _to_srgb(image)


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB, whatever came in: ICC profiles, CMYK, 16-bit, palette, greyscale."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("P", "PA", "LA", "La"):
        image = image.convert("RGBA")
    if icc and image.mode in ("RGB", "CMYK", "L", "RGBA"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=output_mode)  # type: ignore[assignment]
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to a plain conversion below
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    return image


def _for_format(image: Image.Image, pil_format: str) -> Image.Image:
    if image.mode == "RGBA" and pil_format == "JPEG":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image
