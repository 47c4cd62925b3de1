"""A content file's bytes with its front matter (or site.yaml) changed line-precisely and its text replaced: every
line that did not change keeps its bytes, its own line end, and the file its BOM. No I/O."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..content.sources import decode, split_front_matter
from ..errors import errors_in
from .yamledit import EditRefused, Moves, changed_yaml
from .yamltext import KeyOrder


def edited_entry(original: bytes, shown_as: str, wanted: dict[str, Any], order: KeyOrder,
                 moves: Moves | None = None, body: str | None = None) -> bytes:
    """A content file's bytes with its front matter holding `wanted` (and its body `body`, when given)."""
    text, problems = decode(original, shown_as)
    if text is None:
        raise EditRefused(problems[0].format())
    doc, _, body_line, problems = split_front_matter(text, shown_as)
    if doc is None or errors_in(problems):
        first = (errors_in(problems) or problems)[0]
        raise EditRefused(f"{first.format()}; los dat eerst op")
    lines = text.split("\n")
    closing = body_line - 2  # the line of the closing '---'
    front = "".join(line + "\n" for line in lines[1:closing])
    changed = changed_yaml(front, wanted, order, moves).split("\n")[:-1] if front or wanted else []
    old_body = "\n".join(lines[closing + 1:])
    new_text = "\n".join([lines[0], *changed, lines[closing], old_body if body is None else body])
    return keep_bytes(original, new_text)


def edited_yaml_file(original: bytes, shown_as: str, wanted: dict[str, Any], order: KeyOrder,
                     moves: Moves | None = None) -> bytes:
    """A YAML file's bytes (site.yaml) holding `wanted`."""
    text, problems = decode(original, shown_as)
    if text is None:
        raise EditRefused(problems[0].format())
    ends_open = not text.endswith("\n")
    changed = changed_yaml(text + ("\n" if ends_open else ""), wanted, order, moves)
    return keep_bytes(original, changed[:-1] if ends_open and changed.endswith("\n") else changed)


def keep_bytes(original: bytes, new_text: str) -> bytes:
    """`new_text` (with \\n line ends) as bytes, written like `original`: its BOM, and each unchanged line with the
    line end it had; new lines get the file's most common line end."""
    bom = original.startswith(b"\xef\xbb\xbf")
    old_text = original.decode("utf-8-sig")
    parts = re.split(r"(\r\n|\r|\n)", old_text)
    old_lines, old_ends = parts[0::2], [*parts[1::2], ""]
    common = max(("\n", "\r\n", "\r"), key=lambda end: old_ends.count(end)) if any(old_ends) else "\n"
    new_lines = new_text.split("\n")
    ends = [common] * (len(new_lines) - 1) + [""]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag in ("equal", "replace"):  # a line changed in place keeps its line end too
            for offset in range(min(old_end - old_start, new_end - new_start)):
                if new_start + offset < len(new_lines) - 1 and old_ends[old_start + offset]:
                    ends[new_start + offset] = old_ends[old_start + offset]
    data = "".join(line + end for line, end in zip(new_lines, ends, strict=True)).encode("utf-8")
    return (b"\xef\xbb\xbf" if bom else b"") + data
