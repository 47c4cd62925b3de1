"""A photo file as published pixels: opened safely, every byte decoded, upright, in sRGB, at the sizes asked.

This is the one way from an original to the pixels of its renditions: `check` runs it to the last step before
encoding, `build` encodes what it gives, so both reach the same verdict on every photo. A large scan is reduced
(box filter, as Pillow's resize does with reducing_gap=2) before it is turned upright or converted, so that only
one full-size copy of it is ever in memory.
"""

from __future__ import annotations

import functools
import io
import struct
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

MAX_PIXELS = 120_000_000  # a 12,000 x 10,000 scan; beyond this a file is treated as a decompression bomb
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_SIDE = 16_383  # the largest width or height a WebP file can have
# What residents bring: phones (JPEG, HEIC, AVIF, MPO), cameras, scanners (TIFF, PNG), the web (WebP, GIF), old
# Windows programs (BMP). Pillow reads more, but only these are tried: fewer parsers see files from strangers.
READABLE = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "HEIF", "AVIF", "BMP")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".webp", ".gif", ".heic", ".heif",
                  ".hif", ".avif", ".mpo", ".bmp")
DAMAGED = "de foto is beschadigd of niet helemaal gekopieerd"
DAMAGED_HINT = "kopieer hem opnieuw of vervang hem"
TOO_LARGE = "de foto is te groot (te veel beeldpunten)"
TOO_LARGE_HINT = "verklein de scan tot hoogstens 10.000 beeldpunten breed"
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevx", b"mif1", b"msf1", b"avif", b"avis")
_SWAPS = {Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270,
          Image.Transpose.TRANSVERSE}
# As ImageOps.exif_transpose reads the EXIF orientation (which Pillow also fills from XMP)
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}
_SRGB = ImageCms.createProfile("sRGB")
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, KeyError, TypeError,
                  ZeroDivisionError, RuntimeError)

# What Pillow warned about, in Dutch: (message, hint) by a code kept in the photo memo.
NOTES = {
    "exif": ("de extra gegevens in de foto (EXIF) zijn beschadigd; de foto zelf is wel gebruikt",
             "kijk op de site of hij goed en rechtop staat; zo niet, open hem in een fotoprogramma, draai hem goed "
             "en sla hem opnieuw op"),
    "mpo": ("de foto is een MPO-bestand (meerdere beelden, bijvoorbeeld 3D) met een fout; het eerste beeld is "
            "gebruikt", "kijk op de site of dat het goede beeld is; zo niet, sla het goede beeld op als JPEG"),
    "tiff": ("de gegevens van dit TIFF-bestand kloppen niet helemaal; de beeldpunten zijn wel gelezen",
             "kijk op de site of de foto goed is; zo niet, scan hem opnieuw of sla hem op als PNG"),
    "anders": ("het bestand wijkt af van de standaard; de foto is wel gebruikt",
               "kijk op de site of de foto goed is; zo niet, open hem in een fotoprogramma en sla hem opnieuw op "
               "als JPEG"),
}


class PhotoError(Exception):
    """Why a file cannot be published as a photo, in Dutch, with what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Pixels:
    """A photo decoded and made ready: its own upright size, what Pillow warned about, and its images."""

    width: int
    height: int
    notes: tuple[str, ...]  # codes in NOTES
    images: tuple[Image.Image, ...]  # one per size asked, largest first; RGB or RGBA, sRGB, no metadata


Sizes = Callable[[int, int], list[tuple[int, int]]]  # upright (width, height) -> the sizes to make, largest first


@functools.cache
def _heif_registered() -> None:
    """HEIC and HEIF (iPhones and most new phones) read through pillow-heif, registered on first use: a build that
    opens no photo does not load it. Only the main image is read: no thumbnails, depth maps or other layers."""
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def open_photo(data: bytes | Path) -> Image.Image:
    """The photo in a file (or in bytes), opened but not decoded; PhotoError with a Dutch reason if it cannot be."""
    _heif_registered()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data, formats=READABLE)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(TOO_LARGE, TOO_LARGE_HINT) from exc
        except UnidentifiedImageError as exc:
            if _is_heif(data):
                raise PhotoError("dit HEIC/HEIF-bestand is beschadigd of niet helemaal gekopieerd",
                                 "kopieer de foto opnieuw van de telefoon, of exporteer hem daar als JPEG") from exc
            raise PhotoError("dit is geen foto die wijksite kan lezen",
                             "sla hem op als JPEG of PNG; wijksite leest JPEG, PNG, TIFF, WebP, GIF, HEIC, AVIF, "
                             "MPO en BMP") from exc
        except FileNotFoundError as exc:
            raise PhotoError("het bestand bestaat niet", "zet de foto naast index.md") from exc
        except PermissionError as exc:
            raise PhotoError("de foto kan niet gelezen worden", "controleer of je het bestand mag openen") from exc
        except _DECODE_ERRORS as exc:
            raise PhotoError(DAMAGED, DAMAGED_HINT) from exc
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise PhotoError(TOO_LARGE, TOO_LARGE_HINT)
    return image


def _is_heif(data: bytes | Path) -> bool:
    try:
        head = data[:12] if isinstance(data, bytes) else data.open("rb").read(12)
    except OSError:
        return False
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def examine(source: Path) -> Image.Exif:
    """Decode every byte of the photo (a JPEG at an eighth of its size: libjpeg still reads all its data) and give
    its EXIF data; PhotoError if it cannot be used. Pillow's warnings are left to the build, which tells them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        image = open_photo(source)
        try:
            exif = image.getexif()
            if image.format in ("JPEG", "MPO"):
                image.draft(image.mode if image.mode in ("RGB", "L") else None,
                            (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
            return exif
        except _DECODE_ERRORS as exc:
            raise PhotoError(DAMAGED, DAMAGED_HINT) from exc
        finally:
            image.close()


def pixels(source: Path, sizes: Sizes) -> Pixels:
    """Decode every byte of the photo's first image and make it ready at each of `sizes(width, height)`.

    PhotoError if the file is not a photo, is damaged, or is too large. What Pillow warns about (in English)
    comes back as codes in `notes`; a warning about a decompression bomb refuses the file.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = open_photo(source)
        try:
            return _ready(image, sizes, caught)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(TOO_LARGE, TOO_LARGE_HINT) from exc
        except PhotoError:
            raise
        except _DECODE_ERRORS as exc:
            raise PhotoError(DAMAGED, DAMAGED_HINT) from exc
        finally:
            image.close()


def _ready(image: Image.Image, sizes: Sizes, caught: list[warnings.WarningMessage]) -> Pixels:
    icc = image.info.get("icc_profile")
    full = image.size  # before a JPEG is decoded at a reduced scale
    if image.format in ("JPEG", "MPO"):
        # libjpeg reads all the data at any scale, and decodes at an eighth of the size in a fraction of the time
        guess = _orientation(image)
        width, height = (full[1], full[0]) if guess in _SWAPS else full
        target = sizes(width, height)[0]
        scale = target[0] / width
        image.draft(image.mode if image.mode in ("RGB", "L") else None,
                    (int(full[0] * scale) + 1, int(full[1] * scale) + 1))
    image.load()  # every byte: a photo that was cut off while copying stops here
    method = _orientation(image)  # after loading, as exif_transpose reads it (a PNG's eXIf chunk follows its pixels)
    width, height = (full[1], full[0]) if method in _SWAPS else full
    wanted = sizes(width, height)
    largest = wanted[0]
    decoded = (image.height, image.width) if method in _SWAPS else image.size
    if decoded[0] < largest[0]:
        raise RuntimeError("decoded at too small a scale")  # a JPEG's orientation is read before its pixels: never
    working = _reducible(image)
    raw_target = (largest[1], largest[0]) if method in _SWAPS else largest
    factor = (int(working.width / raw_target[0] / 2) or 1, int(working.height / raw_target[1] / 2) or 1)
    if factor != (1, 1):
        working = working.reduce(factor)  # the box filter resize(reducing_gap=2) would use, before anything else
    if working is not image:
        image.close()  # the full-size decoded pixels go now, before the reduced copy is turned and converted
    if method is not None:
        working = working.transpose(method)
    working = _to_srgb(working, icc)
    made = []
    for size in wanted:
        if working.size != size:
            working = working.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        elif working is image:
            working = image.copy()  # a photo already as it should be: a copy outlives the file being closed
        working.info = {}  # no EXIF, XMP, ICC or comments go on
        made.append(working)
    return Pixels(width, height, _notes(caught), tuple(made))


def _orientation(image: Image.Image) -> Image.Transpose | None:
    """How to turn the image upright, as Pillow's ImageOps.exif_transpose reads it; None when it is upright."""
    try:
        value = image.getexif().get(0x0112, 1)
    except _DECODE_ERRORS:  # a damaged EXIF block must not stop the photo (Pillow warns, and we pass that on)
        return None
    return _TRANSPOSE.get(value) if isinstance(value, int) else None


def _reducible(image: Image.Image) -> Image.Image:
    """The image in a mode whose pixels can be averaged: palette and bilevel images, 16-bit and HSV converted."""
    mode = image.mode
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return image.convert("L")
    if mode == "I;16":
        return image.point(lambda value: value / 256).convert("L")
    if mode.startswith("I;16") or mode == "I":  # big-endian 16 bits (some scanners), or 32 bits
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if mode in ("F", "HSV", "YCbCr"):
        return image.convert("L" if mode == "F" else "RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA in sRGB, whatever came in: ICC profiles, CMYK, Lab, greyscale, transparency."""
    if image.mode in ("RGBa", "La"):
        image = image.convert("RGBA" if image.mode == "RGBa" else "LA")
    if image.mode == "LAB":
        transform = ImageCms.buildTransform(ImageCms.createProfile("LAB"), _SRGB, "LAB", "RGB")
        return ImageCms.applyTransform(image, transform) or image
    if icc and image.mode in ("RGB", "CMYK", "L", "RGBA"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=output_mode)  # type: ignore[assignment]
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion below
    if image.mode == "LA":
        return image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA"):
        return image.convert("RGB")
    return image


def _notes(caught: Iterable[warnings.WarningMessage]) -> tuple[str, ...]:
    """Pillow's (English) warnings as codes in NOTES; resource and deprecation warnings are about code, not photos."""
    codes = []
    for caught_warning in caught:
        if not issubclass(caught_warning.category, UserWarning):
            continue
        text = str(caught_warning.message)
        code = "mpo" if "MPO" in text else "exif" if "EXIF" in text.upper() else \
            "tiff" if "tag" in text.lower() or "TIFF" in text else "anders"
        if code not in codes:
            codes.append(code)
    return tuple(codes)
