"""QR codes for paper: an inline SVG that takes a reader from a poster to the page's own address on the web.

Making one costs segno 10-20 ms (most of it choosing the best of the eight masks, as the QR standard asks), so
each code is kept in `.wijksite-cache/qr/`, named by a hash of its address and how it was made: a rebuild that
renders every poster again (a new template, a new page in the menu) makes no code twice.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import segno

# Error correction M (15% of the code may be damaged: a pin hole, a fold, a smudge), the standard's quiet zone
ERROR_LEVEL, QUIET_ZONE = "m", 4
_RECIPE = f"segno {segno.__version__} {ERROR_LEVEL} {QUIET_ZONE} v1".encode()


def qr_svg(address: str) -> str:
    """An inline SVG (no size: CSS gives it one; hidden from screen readers, as the address is printed beside it)."""
    code = segno.make(address, error=ERROR_LEVEL, micro=False)
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
