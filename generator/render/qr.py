"""QR codes for paper: an inline SVG that takes a reader from a poster to the page's own address on the web.

Letting segno choose the best of the eight data masks (scoring each against the standard's penalty rules) took
three quarters of a code's time: 15-20 ms a code, 100 CPU-seconds for the 5,000 posters of a 10,000-entry site.
Every reader reads all eight masks, so wijksite gives one: mask 4, the one segno chooses most often for addresses of
a site's length. tests/test_paper.py decodes a few hundred addresses made with it. Each code is also kept in
`.wijksite-cache/qr/`, named by a hash of its address and how it was made: a rebuild that renders every poster again
(a new template, a new page in the menu) makes no code twice.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import segno

# Error correction M (15% of the code may be damaged: a pin hole, a fold, a smudge), the standard's quiet zone
ERROR_LEVEL, QUIET_ZONE = "m", 4
MASK = 4  # given, not chosen: see above
_RECIPE = f"segno {segno.__version__} {ERROR_LEVEL} {QUIET_ZONE} {MASK} v2".encode()


def qr_svg(address: str) -> str:
    """An inline SVG (no size: CSS gives it one; hidden from screen readers, as the address is printed beside it)."""
    code = segno.make(address, error=ERROR_LEVEL, micro=False, mask=MASK)
    svg = code.svg_inline(border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, dark="#000",
                          light="#fff")
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


class QrCodes:
    """QR codes by address: remembered for this build, and kept on disk for the next (when `folder` is given)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.known: dict[str, str] = {}

    def __call__(self, address: str) -> str:
        svg = self.known.get(address)
        if svg is None:
            svg = self.known[address] = self._kept(address)
        return svg

    def _kept(self, address: str) -> str:
        if self.folder is None:
            return qr_svg(address)
        file = self.folder / (hashlib.sha256(_RECIPE + b"\0" + address.encode()).hexdigest()[:32] + ".svg")
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
