"""How a value is written as YAML text: scalars that read back as exactly that value, in the quoting style they
had; short lists in [ ], and new keys with what is below them in the usual indentation. No I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..content.yamldoc import compose, construct

# The schema's order of keys at a key path ("" for the top, "fotos" for a photo, "waar" for a place): new keys go
# after the key that comes before them in this order. A path the schema does not know gives ().
KeyOrder = Callable[[str], tuple[str, ...]]
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P", "\ufeff": "\\uFEFF"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def no_order(path: str) -> tuple[str, ...]:
    """For YAML without a schema: new keys go at the end."""
    return ()


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def new_entries(values: dict[Any, Any], column: int, path: str, order: KeyOrder) -> list[str]:
    known = list(order(path.rstrip(".")))
    keys = sorted(values, key=lambda k: known.index(k) if k in known else len(known))
    return [line for key in keys for line in entry_lines(key, values[key], column, f"{path}{key}", order)]


def entry_lines(key: Any, value: Any, column: int, path: str, order: KeyOrder) -> list[str]:
    """'key: value' as new lines at `column`, with groups and lists below it in the usual indentation."""
    pad = " " * column
    if isinstance(value, dict):
        return [f"{pad}{key}:", *new_entries(value, column + 2, path + ".", order)]
    if isinstance(value, list) and (not value or fits_flow(value)):
        return [f"{pad}{key}: {flow_text(value)}"]
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for item in value:
            if isinstance(item, dict):
                inner = new_entries(item, column + 4, path + ".", order) or [" " * (column + 4) + "{}"]
                lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
            else:
                lines.append(f"{pad}  - {scalar_text(item, None, column + 2, 'seq')}")
        return lines
    return f"{pad}{key}: {scalar_text(value, None, column, 'map')}".split("\n")


def fits_flow(items: list[Any]) -> bool:
    """Short lists of names stay on one line, as in themas: [Duurzaamheid, Zorg en welzijn]; sentences go below."""
    return all(is_scalar(i) and str(i).count(" ") <= 2 and plain_ok(str(i), "flow") for i in items) and len(
        flow_text(items)) <= 60


def flow_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(item) for item in value) + "]"
    return scalar_text(value, None, 0, "flow")


def scalar_text(value: Any, style: str | None, column: int, context: str) -> str:
    """One value as YAML that reads back as exactly that value; `style` is the quoting it had ('', ', ", | or >).

    `context` is where it stands: "map" (after 'key: '), "seq" (after '- ') or "flow" (inside [ ] or { }).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    indent = " " * (column + 2)
    if "\n" in text and context != "flow" and not _CONTROL.search(text):
        body, chomp = (text[:-1], "") if text.endswith("\n") else (text, "-")
        if _fits_literal(body):
            return f"|{chomp}\n" + "\n".join(indent + line if line else "" for line in body.split("\n"))
    plain = "\n" not in text and not _CONTROL.search(text)
    if plain and style in ("|", ">") and context != "flow" and text and not text.startswith((" ", "\t")):
        return f"{style}-\n{indent}{text}"
    if plain and style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style != '"' and plain_ok(text, context):
        return text
    if plain and style != '"' and '"' in text and text.strip() == text:
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


def _fits_literal(body: str) -> bool:
    """Can this text be a | block? Not if it ends in blank lines (that needs |+) or its first line of text starts
    with a space (the block's indentation would swallow it); those are written between quotes."""
    lines = body.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    return (first is not None and not body.endswith("\n") and not lines[first].startswith((" ", "\t"))
            and all(line == "" for line in lines[:first]) and "\t" not in body)


def _double_quoted(text: str) -> str:
    escaped = [_ESCAPES.get(char) or (f"\\u{ord(char):04X}" if _CONTROL.match(char) else char) for char in text]
    return '"' + "".join(escaped) + '"'


def plain_ok(text: str, context: str) -> bool:
    """Does `text` without quotes read back as this very text where it stands?"""
    if not text or text != text.strip() or "\n" in text or _CONTROL.search(text) or "\t" in text:
        return False
    sample = {"map": f"k: {text}\n", "seq": f"k:\n- {text}\n", "flow": f"k: [{text}]\n"}[context]
    try:
        node = compose(sample)
        value = construct(node) if node is not None else None
    except Exception:  # noqa: BLE001 (any parser complaint means: quote it)
        return False
    read = value.get("k") if isinstance(value, dict) else None
    if context in ("seq", "flow"):
        read = read[0] if isinstance(read, list) and len(read) == 1 else None
    return isinstance(read, str) and read == text
