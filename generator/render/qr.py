"""QR codes for paper: an inline SVG that takes a reader from a poster to the page's own address on the web.

Letting segno choose the best of the eight data masks (scoring each against the standard's penalty rules) took
three quarters of a code's time: 15-20 ms a code, 100 CPU-seconds for the 5,000 posters of a 10,000-entry site.
Every reader reads all eight masks, so wijksite gives one: mask 4, the one segno chooses most often for addresses of
a site's length. tests/test_paper.py decodes a few hundred addresses made with it. The SVG is written here, not by
segno's writer: the same bytes (a test compares them) in a third of the time; and the modules are placed here from
segno's codewords (`code_matrix`: the same modules as segno.make, in 1.0 ms instead of 2.7). Each code is also kept
in `.wijksite-cache/qr/`, named by a hash of its address and how it was made: a rebuild that renders every poster
again (a new template, a new page in the menu) makes no code twice. The codes not kept yet (all of them in a first
build: about 2 ms each with their SVG, 1 s at 1,000 entries) are made in a worker process while the other pages are
rendered: the posters come last, and by then their codes are ready.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..workers import process_pool

if TYPE_CHECKING:
    from concurrent.futures import Future

# Error correction M (15% of the code may be damaged: a pin hole, a fold, a smudge), the standard's quiet zone
ERROR_LEVEL, QUIET_ZONE = "m", 4
MASK = 4  # given, not chosen: see above
AHEAD_FROM = 40  # codes to make before a worker is worth starting (its start costs about as much as 40 codes)
AHEAD_BATCH = 25  # codes a worker makes in one go: sent back as one result
_DARK_RUN = re.compile(rb"\x01+")


def qr_svg(address: str) -> str:
    """An inline SVG (no size: CSS gives it one; hidden from screen readers, as the address is printed beside it)."""
    return svg_of(code_matrix(address), QUIET_ZONE).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def code_matrix(address: str) -> tuple[bytearray, ...]:
    """The modules of the code segno makes for this address (`segno.make(address, error="m", micro=False,
    mask=4)`: its version, its error correction raised where the version has room), in half the time.

    segno works out the codewords, error correction included. Where each bit of them goes and the mask over it
    are the same for every code of a version: they are learnt once per version from segno's own functions
    (`_layout`), so a code costs one pass over its bits instead of a walk over the whole symbol. A test compares
    the result with segno.make for addresses of every length and kind; should segno's inner functions ever change,
    segno.make itself is used.
    """
    try:
        return _quick_matrix(address)
    except Exception:  # noqa: BLE001 - segno's inner functions changed: its own way, at its own pace
        import segno  # loaded when a page to print is made, not by every build (a rebuild with no change needs none)

        return tuple(segno.make(address, error=ERROR_LEVEL, micro=False, mask=MASK).matrix)


def _quick_matrix(address: str) -> tuple[bytearray, ...]:
    consts, encoder = _segno_inside()
    segments = encoder.prepare_data(address, None, None)
    version = encoder.find_version(segments, consts.ERROR_LEVEL_M, eci=False, micro=False)
    level = encoder.boost_error_level(version, consts.ERROR_LEVEL_M, segments, eci=False)
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][level]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    data, errors = encoder.make_blocks(consts.ECC[version][level], buffer)
    layout = _layout(version, level)
    bits = b"".join([_BITS[codeword] for codeword in (*_interleaved(data), *_interleaved(errors))])
    bits = bits.ljust(len(layout.places), b"\0")  # the remainder bits of some versions
    masked = (int.from_bytes(bits, "big") ^ layout.mask).to_bytes(len(bits), "big")
    modules = bytearray(layout.template)
    for place, value in zip(layout.places, masked, strict=True):
        modules[place] = value
    width = layout.width
    return tuple(modules[row:row + width] for row in range(0, width * width, width))


def _segno_inside() -> tuple[Any, Any]:
    """segno's constants and encoder functions (not typed: segno has no type hints)."""
    from segno import consts, encoder

    return consts, encoder


_BITS = [bytes((byte >> shift) & 1 for shift in range(7, -1, -1)) for byte in range(256)]  # a codeword's bits


def _interleaved(blocks: list[bytearray]) -> list[int]:
    """The codewords of the blocks taken in turn, as the standard places them (a shorter block runs out first)."""
    return [codeword for column in zip_longest(*blocks) for codeword in column if codeword is not None]


@dataclass(frozen=True)
class _Layout:
    """What every code of one version and error level shares: the function patterns with the format and version
    information (`template`, row after row), where the bits of the codewords go (`places`, in their order), and
    the mask over them (`mask`, as a number of as many bytes as there are places, each 0 or 1)."""

    width: int
    template: bytes
    places: list[int]
    mask: int


@cache
def _layout(version: int, level: int) -> _Layout:
    """Learnt from segno's own functions: the data modules are those its function patterns leave free; where each
    bit goes, from its placement of a few codeword streams that spell out each bit's number, one binary digit per
    stream (11 streams for a version 5 code)."""
    _, encoder = _segno_inside()
    width = encoder.calc_matrix_size(version)

    def function_patterns() -> tuple[bytearray, ...]:
        matrix: tuple[bytearray, ...] = encoder.make_matrix(width, width)
        encoder.add_finder_patterns(matrix, width, width)
        encoder.add_alignment_patterns(matrix, width, width)
        return matrix

    template = function_patterns()
    free = [(i, j) for i in range(width) for j in range(width) if template[i][j] == 0x2]
    numbers = [0] * len(free)
    for digit in range(len(free).bit_length()):
        matrix = function_patterns()
        encoder.add_codewords(matrix, bytes((number >> digit) & 1 for number in range(len(free))), version)
        for module, (i, j) in enumerate(free):
            numbers[module] |= matrix[i][j] << digit
    places = [0] * len(free)
    for module, (i, j) in enumerate(free):
        places[numbers[module]] = i * width + j
        template[i][j] = 0
    encoder.add_format_info(template, version, level, MASK)
    encoder.add_version_info(template, version)
    pattern = encoder.get_data_mask_functions(False)[MASK]
    mask = bytes(int(pattern(place // width, place % width)) for place in places)
    return _Layout(width, b"".join(template), places, int.from_bytes(mask, "big"))


@cache
def _recipe() -> bytes:
    """How a code is made: part of the name it is kept under. segno's version is read from its package's
    dist-info folder, as search/bundle.py reads Pagefind's: importing segno for it took 70 ms of every build that
    renders a page, also when every code is kept."""
    return f"segno {_segno_version()} {ERROR_LEVEL} {QUIET_ZONE} {MASK} v2".encode()


def _segno_version() -> str:
    spec = importlib.util.find_spec("segno")
    if spec is not None and spec.origin:
        packages = Path(spec.origin).resolve().parent.parent
        found = sorted(name.removeprefix("segno-").removesuffix(".dist-info") for name in os.listdir(packages)
                       if name.startswith("segno-") and name.endswith(".dist-info"))
        if found:  # two left by an upgrade gone wrong: keyed by both, as it is not known which one is loaded
            return ",".join(found)
    import segno  # installed some other way: ask segno itself

    return str(segno.__version__)


def svg_of(matrix: tuple[bytearray, ...], border: int) -> str:
    """The SVG segno's svg_inline writes (omitsize, class "qr", no line class, black on white): a white square, and
    a path of one-module-high lines for every run of dark modules, each move relative to the end of the last."""
    size = len(matrix) + 2 * border
    moves: list[str] = []
    pen_x, pen_row = 0, -1
    for row_number, row in enumerate(matrix):
        for run in _DARK_RUN.finditer(row):
            start, length = run.start() + border, run.end() - run.start()
            moves.append(f"m{start - pen_x} {row_number - pen_row}h{length}" if moves
                         else f"M{start} {row_number + border}.5h{length}")
            pen_x, pen_row = start + length, row_number
    return (f'<svg viewBox="0 0 {size} {size}" class="qr"><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(moves)}"/></svg>')


def _name(address: str) -> str:
    """The name a code is kept under: a hash of its address and how it was made."""
    return hashlib.sha256(_recipe() + b"\0" + address.encode()).hexdigest()[:32] + ".svg"


def kept_codes(addresses: list[str], folder: Path | None) -> list[str]:
    """In a worker process: the codes of these addresses, each kept on disk too (when `folder` is given)."""
    codes = QrCodes(folder)
    return [codes(address) for address in addresses]


class QrCodes:
    """QR codes by address: remembered for this build, and kept on disk for the next (when `folder` is given)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.known: dict[str, str] = {}
        self.coming: dict[str, tuple[Future[list[str]], int]] = {}  # made ahead: the batch, the place in it

    def __call__(self, address: str) -> str:
        svg = self.known.get(address)
        if svg is None:
            svg = self.known[address] = self._made_ahead(address) or self._kept(address)
        return svg

    def _made_ahead(self, address: str) -> str:
        """The code a worker made (waited for if need be); "" when none was asked for or the worker failed."""
        coming = self.coming.pop(address, None)
        if coming is None:
            return ""
        try:
            return coming[0].result()[coming[1]]
        except Exception:  # noqa: BLE001 - a worker that failed or was stopped: the caller makes the code itself
            return ""

    @contextmanager
    def made_ahead(self, addresses: Iterable[str]) -> Iterator[None]:
        """While the block runs, a worker process makes the codes of these addresses that are not known or kept
        yet, in their order; a code asked for before it is ready is waited for. A block left early (a build that
        stopped) stops the worker without waiting for the rest."""
        kept = set(os.listdir(self.folder)) if self.folder and self.folder.is_dir() else set()
        missing = [address for address in dict.fromkeys(addresses)
                   if address and address not in self.known and _name(address) not in kept]
        if len(missing) < AHEAD_FROM:
            yield
            return
        pool = process_pool(1)
        try:
            for first in range(0, len(missing), AHEAD_BATCH):
                batch = missing[first:first + AHEAD_BATCH]
                future = pool.submit(kept_codes, batch, self.folder)
                self.coming.update((address, (future, place)) for place, address in enumerate(batch))
            yield
        finally:
            self.coming.clear()
            pool.shutdown(wait=False, cancel_futures=True)

    def _file(self, address: str) -> Path:
        return Path(self.folder or "") / _name(address)

    def _kept(self, address: str) -> str:
        if self.folder is None:
            return qr_svg(address)
        file = self._file(address)
        try:
            kept = file.read_text(encoding="utf-8")
            if kept.startswith("<svg ") and kept.endswith("</svg>"):
                return kept
        except (OSError, UnicodeDecodeError):
            pass
        svg = qr_svg(address)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = file.with_name(f".{file.name}.{os.getpid()}")
            temporary.write_text(svg, encoding="utf-8")
            temporary.replace(file)  # "exists" means "complete"
        except OSError:
            pass  # only a cache: the next build makes it again
        return svg
