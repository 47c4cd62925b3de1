"""What a workshop form sends: its body read as it arrives, and each photo checked and freed of private data.

`FormReader` keeps every text of the form and each photo while it fits, so too many or too large photos never
cost the participant their typed story. `check_photo` decodes a photo (never trusting its name or type) and keeps
it without location, camera and date data: the pixels, turned upright, in a new file. No I/O besides the bytes.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from ..content.slugs import slugify
from ..photos.renditions import PhotoError, open_photo

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_BODY_BYTES = 80 * 1024 * 1024  # the photos of one send together; more are refused one by one, by name
MAX_TEXT_BYTES = 2 * 1024 * 1024  # every text field of one send together (a story is at most 100,000 characters)
MAX_PARTS = 400
THUMBNAIL_PIXELS = 480
# Formats kept byte for byte when site.yaml asks for originals (werkplaats_originelen_bewaren); others are converted.
ORIGINAL_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "TIFF": "tif",
                       "HEIF": "heic", "AVIF": "avif"}
_LOSSY = {"JPEG", "MPO", "WEBP", "HEIF", "AVIF"}
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I;16", "I"}

Message = tuple[str, dict[str, Any]]  # (key in berichten/werkplaats-nl.yaml, values for its {placeholders})


@dataclass
class Upload:
    """One file of the form: its bytes, or why they were not kept (then `data` is empty)."""

    form_name: str
    file_name: str
    data: bytearray = field(default_factory=bytearray)
    size: int = 0
    refused: Message | None = None

    @property
    def shown_name(self) -> str:
        """The name as the participant knows it, without anything that could break a page or a line."""
        name = PurePosixPath(self.file_name.replace("\\", "/")).name
        return "".join(c for c in name if c.isprintable())[:80] or "?"


class FormReader:
    """A multipart/form-data body read chunk by chunk: every text kept, each file kept while it fits."""

    def __init__(self, content_type: str) -> None:
        self.fields: dict[str, list[str]] = {}
        self.uploads: list[Upload] = []
        self.broken = False  # not a form as a browser sends it
        self._text_bytes = self._file_bytes = self._parts = 0
        self._headers: dict[str, str] = {}
        self._header = b""
        self._name = ""
        self._text: bytearray | None = None
        self._upload: Upload | None = None
        self._parser: MultipartParser | None = None
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary", b"")
        if kind != b"multipart/form-data" or not boundary:
            self.broken = True
            return
        self._parser = MultipartParser(boundary, {
            "on_part_begin": self._part_begin, "on_header_field": self._header_field,
            "on_header_value": self._header_value, "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
            "on_part_end": self._part_end})

    def feed(self, chunk: bytes) -> None:
        if self._parser is None or self.broken:
            return
        try:
            self._parser.write(chunk)
        except MultipartParseError:
            self.broken = True

    def finish(self) -> None:
        if self._parser is not None and not self.broken:
            try:
                self._parser.finalize()
            except MultipartParseError:
                self.broken = True

    def _part_begin(self) -> None:
        self._headers, self._header, self._text, self._upload = {}, b"", None, None
        self._parts += 1

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        name = self._header.decode("latin-1").lower()
        self._headers[name] = self._headers.get(name, "") + data[start:end].decode("utf-8", "replace")

    def _header_end(self) -> None:
        self._header = b""  # a name or value may arrive in pieces: the name is complete only here

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get("content-disposition", ""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._parts > MAX_PARTS:
            return
        if b"filename" in options:
            self._upload = Upload(self._name, options[b"filename"].decode("utf-8", "replace"))
            self.uploads.append(self._upload)
        else:
            self._text = bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        size = end - start
        if self._text is not None:
            room = MAX_TEXT_BYTES - self._text_bytes
            self._text += data[start:start + max(0, min(size, room))]
            self._text_bytes += min(size, max(0, room))
        elif self._upload is not None:
            upload = self._upload
            upload.size += size
            if upload.refused:
                return
            if upload.size > MAX_PHOTO_BYTES:
                upload.refused = ("werkplaats.foto_te_groot", {"mb": MAX_PHOTO_BYTES // 2**20})
            elif self._file_bytes + upload.size > MAX_BODY_BYTES:
                upload.refused = ("werkplaats.fotos_samen_te_groot", {"mb": MAX_BODY_BYTES // 2**20})
            else:
                upload.data += data[start:end]
                return
            upload.data = bytearray()

    def _part_end(self) -> None:
        if self._text is not None:
            self.fields.setdefault(self._name, []).append(self._text.decode("utf-8", "replace"))
        elif self._upload is not None and not self._upload.refused:
            self._file_bytes += len(self._upload.data)
        self._text, self._upload = None, None

    def digest(self) -> str:
        """What was sent, as one hash: a second send of the same form (a double click, a reload) has the same."""
        summary = hashlib.sha256()
        for name, values in sorted(self.fields.items()):
            if name not in ("_xsrf", "actie"):
                summary.update(repr((name, values)).encode())
        for upload in self.uploads:
            summary.update(repr((upload.form_name, upload.file_name, upload.size)).encode())
            summary.update(hashlib.sha256(upload.data).digest())
        return summary.hexdigest()


@dataclass(frozen=True)
class CheckedPhoto:
    name: str  # safe file name: slug of the participant's name, extension from the format kept
    data: bytes  # what is kept: the pixels without private data, or the original if site.yaml asks for it
    thumbnail: bytes  # a small JPEG, so the participant sees which photo they chose


class PhotoRefused(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.message: Message = (key, values)


def check_photo(file_name: str, data: bytes, keep_original: bool = False) -> CheckedPhoto:
    """A real photo, decoded, kept without private data (or as it came, if asked); else PhotoRefused."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRefused("werkplaats.foto_te_groot", mb=MAX_PHOTO_BYTES // 2**20)
    try:
        open_photo(data).verify()  # refuses decompression bombs and non-images
        image = open_photo(data)
        kind = image.format or ""
        image.seek(0)  # an animated GIF or a phone's multi-picture JPEG: the first picture
        image.load()  # every byte decoded: a truncated or disguised file fails here, not in the build
        ImageOps.exif_transpose(image, in_place=True)  # upright; in place spares a copy of a big photo
        if keep_original and kind in ORIGINAL_EXTENSIONS:
            kept, extension = data, ORIGINAL_EXTENSIONS[kind]
        else:
            kept, extension = without_private_data(image)
        thumbnail = image.convert("RGB")
        thumbnail.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
        buffer = io.BytesIO()
        thumbnail.save(buffer, "JPEG", quality=80)
    except PhotoError as exc:
        key, values = _reason(exc, data)
        raise PhotoRefused(key, **values) from exc
    except Exception as exc:  # noqa: BLE001 (any broken file is refused with a message, never a crash)
        raise PhotoRefused("werkplaats.foto_beschadigd") from exc
    return CheckedPhoto(safe_name(file_name, extension), kept, buffer.getvalue())


def without_private_data(upright: Image.Image) -> tuple[bytes, str]:
    """The photo's pixels, upright, in a new file: no EXIF (GPS, camera, date), XMP, IPTC or comments.

    JPEG stays JPEG with its own quantisation tables (one generation, at the quality it had); lossless formats
    become PNG (no loss); other lossy formats become JPEG. The colour profile stays: it describes colours, not
    a place or a person.
    """
    icc = upright.info.get("icc_profile")
    upright.info = {}  # Pillow copies comments and XMP from `info` into a saved file; nothing is carried over
    buffer = io.BytesIO()
    kind = upright.format or ""
    if kind in ("JPEG", "MPO") and upright.mode in ("RGB", "L", "CMYK"):
        options: dict[str, Any] = {"quality": 95}
        if isinstance(upright, JpegImagePlugin.JpegImageFile) and upright.quantization:
            sampling = JpegImagePlugin.get_sampling(upright)
            options = {"qtables": upright.quantization, **({"subsampling": sampling} if sampling >= 0 else {})}
        upright.save(buffer, "JPEG", icc_profile=icc, **options)
        return buffer.getvalue(), "jpg"
    if kind in _LOSSY and "A" not in upright.getbands():
        upright.convert("RGB").save(buffer, "JPEG", quality=92, icc_profile=icc)
        return buffer.getvalue(), "jpg"
    if upright.mode not in _PNG_MODES:
        upright, icc = upright.convert("RGBA" if "A" in upright.getbands() else "RGB"), None
    upright.save(buffer, "PNG", icc_profile=icc)
    return buffer.getvalue(), "png"


def _reason(error: PhotoError, data: bytes) -> Message:
    """The participant's words for why a photo cannot be read (photos/renditions.py speaks to volunteers)."""
    cause = error.__cause__
    if isinstance(cause, Image.DecompressionBombError | Image.DecompressionBombWarning) or _too_many_pixels(data):
        return "werkplaats.foto_te_veel_beeldpunten", {}
    if isinstance(cause, UnidentifiedImageError):
        return "werkplaats.foto_geen_foto", {}
    if cause is not None:
        return "werkplaats.foto_beschadigd", {}
    if data[4:8] == b"ftyp":  # HEIC or AVIF from a phone, refused as such where Pillow has no reader for them
        return "werkplaats.foto_telefoon_soort", {}
    return "werkplaats.foto_onleesbaar", {}


def _too_many_pixels(data: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            return image.width * image.height > (Image.MAX_IMAGE_PIXELS or float("inf"))  # photos/renditions.py sets it
    except Exception:  # noqa: BLE001 (not even a header: some other reason)
        return False


def safe_name(file_name: str, extension: str) -> str:
    """`IMG 0001.JPG` -> `img-0001.jpg`: only a-z, 0-9 and -, so no name can leave the story's folder."""
    last_part = PurePosixPath(file_name.replace("\\", "/").replace("\x00", "")).name
    stem = slugify(last_part.rsplit(".", 1)[0] if "." in last_part else last_part)[:60].rstrip("-")
    return f"{stem or 'foto'}.{extension}"
