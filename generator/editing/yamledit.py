"""Line-precise changes to YAML: only the values that change are written again; every other byte stays.

Works on the text and on the marks the YAML parser gives each value (where it starts and ends), as a careful
person with a text editor would: a changed value is replaced where it stands, in its own quoting style; a new key
is written in the indentation of its neighbours, after the key that comes before it in the schema; a key that is
emptied takes only its own lines with it. Comments, blank lines, key order, quotes and flow style elsewhere stay
as they were. The result is read again and must hold exactly the wanted values, else nothing changes
(EditRefused). No I/O.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..content.yamldoc import compose, construct
from .yamltext import KeyOrder, entry_lines, fits_flow, flow_text, is_scalar, new_entries, scalar_text

Moves = dict[str, list[int | None]]  # key path of a list of groups -> for each new item, its old index (None: new)
PLACEHOLDER_COMMENT = re.compile(r"[ \t]*#[^\n]*NOG INVULLEN[^\n]*")  # wijksite's own reminders, dropped once filled


class EditRefused(Exception):
    """The change cannot be written safely; the Dutch message says why. Nothing was changed."""


@dataclass
class _Edits:
    """Replacements in one text, by character index, applied together."""

    text: str
    order: KeyOrder
    moves: Moves
    replacements: list[tuple[int, int, int, str]] = field(default_factory=list)  # (start, end, sequence, new text)
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def replace(self, start: int, end: int, new: str) -> None:
        self.replacements.append((start, end, len(self.replacements), new))

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, index) - 1

    def line_start(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """Index just after the line's newline (or the end of the text)."""
        return self.line_start(line + 1)

    def applied(self) -> str:
        pieces, position = [], 0
        for start, end, _, new in sorted(self.replacements):
            if start < position:
                raise EditRefused("twee veranderingen vallen op dezelfde plek")
            pieces += [self.text[position:start], new]
            position = end
        return "".join(pieces) + self.text[position:]


def changed_yaml(text: str, wanted: dict[str, Any], order: KeyOrder, moves: Moves | None = None) -> str:
    """`text` (a YAML mapping, every line ending in a newline) changed so that it holds `wanted`.

    `moves` says, for lists of groups (photos, wijken), where each new item came from, so that reordered or
    removed items keep their own lines and comments.
    """
    moves = moves or {}
    node = compose(text)
    if node is not None and not isinstance(node, MappingNode):
        raise EditRefused("de gegevens zijn geen lijst van 'sleutel: waarde'-regels")
    old = construct(node) if node is not None else {}
    edits = _Edits(text, order, moves)
    if node is None:
        edits.replace(len(text), len(text), "".join(line + "\n" for line in new_entries(wanted, 0, "", order)))
    else:
        _edit_mapping(edits, node, old, wanted, "")
    result = edits.applied()
    result = _reordered(result, wanted, order, moves)
    try:
        check = compose(result)
    except yaml.YAMLError as exc:
        raise EditRefused("de verandering kon niet veilig in het bestand gezet worden; er is niets veranderd") from exc
    if not _same(construct(check) if check is not None else {}, wanted):
        raise EditRefused("de verandering kon niet veilig in het bestand gezet worden; er is niets veranderd")
    return result


def _same(first: Any, second: Any) -> bool:
    """Equal, and of the same kinds all the way down (1, 1.0 and True are different values here)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return first.keys() == second.keys() and all(_same(first[k], second[k]) for k in first)
    if isinstance(first, list):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second, strict=True))
    return bool(first == second)


def _edit_mapping(edits: _Edits, node: MappingNode, old: dict[Any, Any], new: dict[Any, Any], path: str) -> None:
    keys = [construct(key_node) for key_node, _ in node.value]
    if len(set(map(str, keys))) != len(keys):
        raise EditRefused("een sleutel staat er twee keer; haal er eerst één weg")
    if node.flow_style and (set(old) != set(new)):
        edits.replace(node.start_mark.index, node.end_mark.index, flow_text(new))
        return
    for key, (key_node, value_node) in zip(keys, node.value, strict=True):
        if key not in new:
            if not node.flow_style:
                _delete_entry(edits, key_node, value_node)
        else:
            _edit_value(edits, value_node, old[key], new[key], f"{path}{key}", key_node)
    missing = [key for key in new if key not in old]
    if missing:
        _insert_keys(edits, node, keys, {key: new[key] for key in missing}, path)


def _edit_value(edits: _Edits, node: Node, old: Any, new: Any, path: str, key_node: Node | None) -> None:
    if _same(old, new):
        return
    if isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
        _edit_mapping(edits, node, old, new, path + ".")
    elif isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list) and not (
            node.flow_style and not old and not all(is_scalar(i) for i in new) and key_node is not None):
        _edit_sequence(edits, node, old, new, path)
    elif isinstance(node, ScalarNode) and is_scalar(new):
        _replace_scalar(edits, node, new, key_node, flow=_inflow_text(edits, node))
    else:
        _replace_whole(edits, node, new, path, key_node)


def _edit_sequence(edits: _Edits, node: SequenceNode, old: list[Any], new: list[Any], path: str) -> None:
    if all(isinstance(item, dict) for item in new) and any(isinstance(item, dict) for item in old + new):
        origins = edits.moves.get(path) or [index if index < len(old) else None for index in range(len(new))]
        for item, origin in zip(new, origins, strict=True):
            if origin is not None and origin < len(old) and isinstance(old[origin], dict):
                _edit_value(edits, node.value[origin], old[origin], item, f"{path}.{origin}", None)
        return  # reordering, removing and adding items is done afterwards, on the text with these changes
    if node.flow_style:
        edits.replace(node.start_mark.index, node.end_mark.index, flow_text(new))
        return
    if not all(is_scalar(item) for item in old + new):
        raise EditRefused("deze lijst staat niet op de gewone manier in het bestand")
    matcher = difflib.SequenceMatcher(None, [json.dumps(i) for i in old], [json.dumps(i) for i in new], False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and old_end - old_start == new_end - new_start:
            for offset in range(old_end - old_start):
                _replace_scalar(edits, node.value[old_start + offset], new[new_start + offset], None, flow=False)
            continue
        for index in range(old_start, old_end):
            _delete_item(edits, node.value[index])
        if new_end > new_start:
            anchor = node.value[min(old_start, len(old) - 1)] if old else None
            _insert_items(edits, node, anchor, old_start < len(old), new[new_start:new_end])


def _inflow_text(edits: _Edits, node: ScalarNode) -> bool:
    """Is this scalar inside [ ] or { }? Then , and brackets end it, and it must stay on one line."""
    before = edits.text[edits.line_start(edits.line_of(node.start_mark.index)):node.start_mark.index]
    return before.count("[") + before.count("{") > before.count("]") + before.count("}")


def _replace_scalar(edits: _Edits, node: ScalarNode, value: Any, key_node: Node | None, flow: bool) -> None:
    """A scalar written again where it stands, in its own style when that still fits."""
    start, end = node.start_mark.index, _content_end(edits, node)
    column = _key_column(edits, key_node, node)
    rendered = scalar_text(value, node.style, column, "flow" if flow else ("map" if key_node else "seq"))
    line_end = edits.line_end(edits.line_of(max(start, end - 1))) - 1
    rest = edits.text[end:line_end] if end <= line_end else ""
    comment = "" if PLACEHOLDER_COMMENT.fullmatch(rest) else rest
    if node.value == "" and not node.style and edits.text[start - 1:start] not in (" ", "\t"):
        rendered = " " + rendered  # an empty value: the new one goes after 'key:' or '-'
    if "\n" in rendered or comment != rest:
        if "\n" in rendered and comment.strip():  # a comment behind a block of text would become part of it
            first, _, others = rendered.partition("\n")
            rendered = f"{first} {comment.strip()}\n{others}"
            comment = ""
        edits.replace(start, line_end, rendered + comment)
    else:
        edits.replace(start, end, rendered)


def _key_column(edits: _Edits, key_node: Node | None, node: Node) -> int:
    """The indentation of the key a value belongs to (or of the list item), for block text under it."""
    anchor = key_node if key_node is not None else node
    return anchor.start_mark.column


def _content_end(edits: _Edits, node: Node) -> int:
    """Index just after the last character that belongs to the node (blank lines and comments after it excluded)."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            end = node.end_mark.index
            while end > node.start_mark.index and edits.text[end - 1] in " \t\n":
                end -= 1
            return end
        return int(node.end_mark.index)
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        if isinstance(node, MappingNode):
            return max(_content_end(edits, last[0]), _content_end(edits, last[1]))
        return _content_end(edits, last)
    return int(node.end_mark.index)


def _delete_entry(edits: _Edits, key_node: Node, value_node: Node) -> None:
    """Remove 'key: value' and the lines its value takes; a key after '- ' leaves the dash."""
    first_line, last_line = edits.line_of(key_node.start_mark.index), edits.line_of(_content_end(edits, value_node) - 1)
    last_line = max(first_line, last_line)
    line_start = edits.line_start(first_line)
    if edits.text[line_start:key_node.start_mark.index].strip():
        edits.replace(key_node.start_mark.index, edits.line_end(last_line) - 1, "")
    else:
        edits.replace(line_start, edits.line_end(last_line), "")


def _delete_item(edits: _Edits, node: Node) -> None:
    first_line, last_line = edits.line_of(node.start_mark.index), edits.line_of(_content_end(edits, node) - 1)
    edits.replace(edits.line_start(first_line), edits.line_end(max(first_line, last_line)), "")


def _dash_column(edits: _Edits, item: Node) -> int:
    line_start = edits.line_start(edits.line_of(item.start_mark.index))
    return edits.text.rindex("-", line_start, item.start_mark.index) - line_start


def _insert_items(edits: _Edits, node: SequenceNode, anchor: Node | None, before: bool, items: list[Any]) -> None:
    """New scalar items in a block list, in the indentation of the item they go next to."""
    reference = anchor if anchor is not None else node.value[0]
    dash = _dash_column(edits, reference)
    gap = reference.start_mark.column - dash - 1
    lines = "".join(f"{' ' * dash}-{' ' * gap}{scalar_text(item, None, dash, 'seq')}\n" for item in items)
    if anchor is not None and before:
        at = edits.line_start(edits.line_of(anchor.start_mark.index))
    else:
        at = edits.line_end(edits.line_of(_content_end(edits, reference) - 1))
    edits.replace(at, at, lines)


def _replace_whole(edits: _Edits, node: Node, new: Any, path: str, key_node: Node | None) -> None:
    """A value of another kind than before (a text that becomes a list, say): written anew in its place."""
    if key_node is None:
        raise EditRefused("deze lijst staat niet op de gewone manier in het bestand")
    start, end = node.start_mark.index, _content_end(edits, node)
    empty = isinstance(node, ScalarNode) and node.value == "" and not node.style
    column = key_node.start_mark.column
    if isinstance(new, dict) or (isinstance(new, list) and not fits_flow(new)):
        lines = entry_lines(construct(key_node), new, column, path, edits.order)[1:]
        if empty:  # 'fotos:' with nothing after it (or only a comment): the new lines go below it
            at = edits.line_end(edits.line_of(start))
            edits.replace(at, at, "".join(line + "\n" for line in lines))
        else:
            colon = edits.text.index(":", key_node.end_mark.index) + 1
            edits.replace(colon, end, "\n" + "\n".join(lines))
    else:
        inline = flow_text(new) if isinstance(new, list) else scalar_text(new, None, column, "map")
        edits.replace(start, end, (" " if empty and edits.text[start - 1:start] != " " else "") + inline)


def _insert_keys(edits: _Edits, node: MappingNode, keys: list[Any], new: dict[Any, Any], path: str) -> None:
    """New keys in a mapping: each after the key the schema puts before it, in the indentation of its siblings."""
    if node.flow_style:
        raise EditRefused("een groep tussen { } kan hier niet uitgebreid worden")
    order = list(edits.order(path.rstrip(".")))
    column = node.value[0][0].start_mark.column if node.value else 0
    position = {key: order.index(key) if key in order else len(order) for key in [*keys, *new]}
    for key in sorted(new, key=lambda k: position[k]):
        before = [index for index, existing in enumerate(keys) if position[existing] <= position[key]]
        lines = "".join(line + "\n" for line in entry_lines(key, new[key], column, f"{path}{key}", edits.order))
        if before:
            _, value_node = node.value[before[-1]]
            key_node = node.value[before[-1]][0]
            last = max(_content_end(edits, key_node), _content_end(edits, value_node))
            at = edits.line_end(edits.line_of(last - 1))
        else:
            first_key = node.value[0][0]
            at = edits.line_start(edits.line_of(first_key.start_mark.index))
            if edits.text[at:first_key.start_mark.index].strip():  # the first key stands after '- '
                last = max(_content_end(edits, first_key), _content_end(edits, node.value[0][1]))
                at = edits.line_end(edits.line_of(last - 1))
        edits.replace(at, at, lines)


def _reordered(text: str, wanted: dict[str, Any], order: KeyOrder, moves: Moves) -> str:
    """Lists of groups whose items were removed, added or moved: their items' lines put in the new order."""
    node = compose(text)
    if node is None or not isinstance(node, MappingNode):
        return text
    data = construct(node)
    for path, sequence, new in _group_lists(node, data, wanted, ""):
        origins = moves.get(path) or [index if index < len(sequence.value) else None for index in range(len(new))]
        if origins == list(range(len(sequence.value))):
            continue
        edits = _Edits(text, order, moves)
        starts = [edits.line_of(item.start_mark.index) for item in sequence.value]
        ends = [start - 1 for start in starts[1:]] + [edits.line_of(_content_end(edits, sequence.value[-1]) - 1)]
        blocks = [edits.text[edits.line_start(a):edits.line_end(b)] for a, b in zip(starts, ends, strict=True)]
        first = sequence.value[0]
        dash, column = _dash_column(edits, first), first.start_mark.column
        pieces = []
        for item, origin in zip(new, origins, strict=True):
            if origin is not None and origin < len(blocks):
                pieces.append(blocks[origin] if blocks[origin].endswith("\n") else blocks[origin] + "\n")
            else:
                inner = new_entries(item, column, path + ".", order)
                head = " " * dash + "-" + " " * (column - dash - 1) + inner[0].lstrip()
                pieces.append("".join(line + "\n" for line in [head, *inner[1:]]))
        edits.replace(edits.line_start(starts[0]), edits.line_end(ends[-1]), "".join(pieces))
        return _reordered(edits.applied(), wanted, order, {**moves, path: list(range(len(new)))})
    return text


def _group_lists(node: MappingNode, data: dict[Any, Any], wanted: dict[Any, Any],
                 path: str) -> list[tuple[str, SequenceNode, list[Any]]]:
    """(key path, block list node, wanted items) for every list of groups in the text that is also wanted."""
    found: list[tuple[str, SequenceNode, list[Any]]] = []
    for key_node, value_node in node.value:
        key = construct(key_node)
        new = wanted.get(key) if isinstance(wanted, dict) else None
        if isinstance(value_node, SequenceNode) and not value_node.flow_style and isinstance(new, list) and (
                value_node.value and all(isinstance(item, MappingNode) for item in value_node.value)):
            found.append((f"{path}{key}", value_node, new))
        elif isinstance(value_node, MappingNode) and isinstance(new, dict):
            found += _group_lists(value_node, data.get(key, {}), new, f"{path}{key}.")
    return found
