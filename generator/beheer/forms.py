"""The edit forms of `wijksite beheer`, made from the schema table: a control for every field, the form's values
from a file's values and back, and `check`'s problems placed at the fields they are about. No I/O.

A field the schema gains appears in the forms by itself: each kind of value (schema.TEXT, schema.VOCAB_LIST, ...)
has a control, and groups and lists of groups are forms within the form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content import schema as s
from ..content.dates import MONTHS_NL, DateError, parse_fuzzy_date
from ..editing.yamledit import Moves
from ..editing.yamltext import KeyOrder
from ..errors import SiteError
from ..werkplaats.form import clean_line, clean_text

FormValue = Any  # str for one value, list[str] for chosen words, dict for a group, list[dict] for a list of groups
ORIGIN = "_van"  # in each item of a list of groups: where it stood in the file (empty for a new item)
YES_NO_AS_WORDS = frozenset({"personen_herkenbaar"})  # written ja/nee, as the werkplaats and the samples do
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_QUOTED = re.compile(r"'([\w-]+)'")


def control(field: s.Field) -> str:
    """Which control a field gets in the form (the templates have one macro per control)."""
    return {
        s.LONG_TEXT: "tekstvak", s.MARKDOWN: "tekstvak", s.TEXT_LIST: "regels", s.CHOICE: "keuze",
        s.VOCAB: "woord", s.VOCAB_LIST: "woorden", s.YES_NO: "ja-nee", s.FUZZY_DATE: "vage-datum",
        s.DATE: "datum", s.OBJECT: "groep", s.OBJECT_LIST: "groepen", s.FILE_NAME: "bestand",
    }.get(field.kind, "tekst")


def key_order(fields: tuple[s.Field, ...]) -> KeyOrder:
    """The schema's order of keys at a key path ("", "waar", "fotos.3"), for placing new keys in a file."""

    def order(path: str) -> tuple[str, ...]:
        found = fields
        for part in (p for p in path.split(".") if p and not p.isdigit()):
            spec = next((f for f in found if f.key == part), None)
            if spec is None:
                return ()
            found = spec.fields
        return tuple(f.key for f in found)

    return order


def form_state(data: Mapping[str, Any], fields: tuple[s.Field, ...]) -> dict[str, FormValue]:
    """What the form shows for a file's values."""
    return {field.key: form_value(field, data.get(field.key)) for field in fields}


def form_value(field: s.Field, value: Any) -> FormValue:
    if field.kind == s.OBJECT:
        return form_state(value if isinstance(value, dict) else {}, field.fields)
    if field.kind == s.OBJECT_LIST:
        items = value if isinstance(value, list) else []
        return [{**form_state(item, field.fields), ORIGIN: str(index)}
                for index, item in enumerate(items) if isinstance(item, dict)]
    if field.kind == s.VOCAB_LIST:
        items = value if isinstance(value, list) else [] if value is None else [value]
        return [_text(item) for item in items]
    if value is None:
        return ""
    if field.kind in (s.YES_NO, s.CHOICE) and isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list) and field.kind in (s.TEXT_LIST, s.NUMBER_LIST, s.COORDINATES):
        return ("\n" if field.kind == s.TEXT_LIST else ", ").join(_text(item) for item in value)
    return _text(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def read_form(arguments: Mapping[str, list[str]], fields: tuple[s.Field, ...], prefix: str = "") -> dict[str, Any]:
    """The form's values as sent: the same shape as form_state. A field the form did not send is left out (None)."""
    sent: dict[str, Any] = {}
    for field in fields:
        name = prefix + field.key
        if field.kind == s.OBJECT:
            sent[field.key] = read_form(arguments, field.fields, name + ".")
        elif field.kind == s.OBJECT_LIST:
            numbers = sorted({int(m.group(1)) for key in arguments
                              if (m := re.fullmatch(re.escape(name) + r"\.(\d{1,4})\..+", key))})
            sent[field.key] = [{**read_form(arguments, field.fields, f"{name}.{n}."),
                                ORIGIN: _one(arguments.get(f"{name}.{n}.{ORIGIN}")) or ""} for n in numbers]
        elif field.kind == s.VOCAB_LIST:
            values = arguments.get(name)
            sent[field.key] = None if values is None else [clean_line(v) for v in values if v.strip()]
        else:
            sent[field.key] = _one(arguments.get(name))
    return sent


def _one(values: list[str] | None) -> str | None:
    """The last value given for a name (a hidden empty one comes first, so radio buttons are always sent)."""
    if values is None:
        return None
    given = [value for value in values if value != ""]
    return (given[-1] if given else "").replace("\r\n", "\n").replace("\r", "\n")


def wanted_data(old: Mapping[str, Any], sent: Mapping[str, Any], fields: tuple[s.Field, ...],
                path: str = "", moves: Moves | None = None) -> tuple[dict[str, Any], Moves]:
    """The file's values after this form: unchanged fields keep their values exactly as they were (so their lines
    are not written again), changed ones get what was typed, emptied ones are left out. Keys the schema does not
    know stay as they are."""
    moves = {} if moves is None else moves
    wanted = dict(old)
    for field in fields:
        given = sent.get(field.key)
        if given is None:  # not in the form that was sent: unchanged
            continue
        key_path = f"{path}{field.key}"
        before = old.get(field.key)
        if given == form_value(field, before) or (field.kind == s.YES_NO and before is None and given == "nee"):
            continue  # unchanged; a yes/no left out of the file means no, and the form shows it so
        if field.kind == s.OBJECT:
            inner, _ = wanted_data(before if isinstance(before, dict) else {}, given, field.fields,
                                   key_path + ".", moves)
            value: Any = inner or None
        elif field.kind == s.OBJECT_LIST:
            value = _group_list(before, given, field, key_path, moves)
        else:
            value = typed(field, given, before)
        if value is None:
            wanted.pop(field.key, None)
        else:
            wanted[field.key] = value
    return wanted, moves


def _group_list(before: Any, given: list[dict[str, Any]], field: s.Field, key_path: str, moves: Moves) -> Any:
    old_items = before if isinstance(before, list) else []
    items, origins = [], []
    for item in given:
        origin = int(item[ORIGIN]) if str(item.get(ORIGIN, "")).isdigit() else None
        if origin is not None and (origin >= len(old_items) or not isinstance(old_items[origin], dict)):
            origin = None
        old_item = old_items[origin] if origin is not None else {}
        new_item, _ = wanted_data(old_item, item, field.fields, f"{key_path}.{origin}.", moves)
        if origin is None and not new_item:
            continue  # an empty new item: nothing was added
        items.append(new_item)
        origins.append(origin)
    if origins != list(range(len(old_items))):
        moves[key_path] = origins
    return items or None


def typed(field: s.Field, text: str | list[str], before: Any) -> Any:
    """What was typed, as the value to write (None: leave the key out). A value that cannot be read as its kind
    is written as text: `check` then names the mistake at the field, and nothing typed is lost."""
    if isinstance(text, list):
        return text or None
    if field.kind in (s.LONG_TEXT, s.MARKDOWN):
        return clean_text(text) or None
    if field.kind == s.TEXT_LIST:
        return [line for line in (clean_line(part) for part in text.split("\n")) if line] or None
    text = clean_line(text)
    if not text:
        return None
    if field.kind == s.YES_NO and text in ("ja", "nee"):
        if isinstance(before, str) or (before is None and field.key in YES_NO_AS_WORDS):
            return text
        return text == "ja"
    if field.kind == s.NUMBER and _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() and "," not in text and "." not in text else number
    if field.kind in (s.NUMBER_LIST, s.COORDINATES):
        parts = re.split(r"\s*;\s*", text) if ";" in text else re.split(r"\s*,\s*|\s+", text)
        if all(_NUMBER.match(part) for part in parts):
            numbers = [float(part.replace(",", ".")) for part in parts]
            if field.kind == s.NUMBER_LIST and all(n.is_integer() for n in numbers):
                return [int(n) for n in numbers]
            return numbers
    return text


@dataclass(frozen=True)
class Placed:
    """check's problems for one file, each at the field it is about (by key path), or about the text or the file."""

    at_fields: dict[str, list[SiteError]]
    at_text: list[SiteError]
    general: list[SiteError]

    def count(self, errors: bool) -> int:
        every = [p for ps in self.at_fields.values() for p in ps] + self.at_text + self.general
        return sum(1 for p in every if p.is_error == errors)


def place_problems(problems: list[SiteError], lines: Mapping[str, int], body_line: int,
                   fields: tuple[s.Field, ...]) -> Placed:
    """Each problem at the field whose line it names; on a line with several keys (a photo's first line), at the key
    the message names ('alt' ontbreekt) or that it is about (toestemming)."""
    at_fields: dict[str, list[SiteError]] = {}
    at_text, general = [], []
    by_line: dict[int, list[str]] = {}
    for key_path, line in lines.items():
        by_line.setdefault(line, []).append(key_path)
    order = key_order(fields)
    for problem in problems:
        if problem.line is None:
            general.append(problem)
        elif problem.line >= body_line:
            at_text.append(problem)
        else:
            path = _field_of(problem, by_line.get(problem.line, []), order)
            (at_fields.setdefault(path, []) if path else general).append(problem)
    return Placed(at_fields, at_text, general)


def _field_of(problem: SiteError, on_line: list[str], order: KeyOrder) -> str:
    named: list[str] = _QUOTED.findall(problem.message) + (["toestemming"] if "toestemming" in problem.message else [])
    candidates = sorted(on_line, key=lambda p: -p.count("."))  # the deepest key on the line first
    for word in named:
        for path in candidates:
            if path.rpartition(".")[2] == word:
                return path
            for container in (path, path.rpartition(".")[0]):
                if word in order(container):
                    return f"{container}.{word}" if container else word
        if not candidates and word in order(""):
            return word
    return candidates[0] if candidates else ""


def anchor(path: str) -> str:
    """The id of a field's control in the page."""
    return "veld-" + path.replace(".", "-")


def understood(text: str) -> tuple[bool, str]:
    """How wijksite reads a remembered date: (True, "circa 1955, ongeveer 1950–1960") or (False, why not)."""
    try:
        value = parse_fuzzy_date(text)
    except DateError as exc:
        return False, str(exc)
    first, last = value.start.year, value.end.year
    if value.approximate:
        margin = 5 if value.precision in ("jaar", "decennium", "periode") else 1
        return True, f"{value.label()}, ongeveer {first - margin}–{last + margin}"
    if value.open_start or value.open_end:
        return True, value.label()
    if value.precision == "dag":
        return True, value.label()
    if value.precision in ("maand", "seizoen"):
        months = f"{MONTHS_NL[value.start.month - 1]} {first} – {MONTHS_NL[value.end.month - 1]} {last}"
        return True, value.label() if value.precision == "maand" else f"{value.label()} ({months})"
    span = str(first) if first == last else f"{first}–{last}"
    return True, value.label() if value.label() == span else f"{value.label()} ({span})"


def summary(value: Any) -> str:
    """A form value in one line, for showing what someone else changed."""
    if isinstance(value, dict):
        return "; ".join(summary(v) for k, v in value.items() if k != ORIGIN and summary(v))
    if isinstance(value, list):
        return ", ".join(f"[{summary(v)}]" if isinstance(v, dict) else summary(v) for v in value)
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


def path_label(path: str, label: Any) -> str:
    """"Foto's 2: Beschrijving (alt-tekst)" for fotos.1.alt."""
    parts = path.split(".")
    words = [f"{label(parts[i - 1])} {int(part) + 1}" if part.isdigit() else label(part)
             for i, part in enumerate(parts) if part.isdigit() or i + 1 == len(parts) or not parts[i + 1].isdigit()]
    return ": ".join(words)
