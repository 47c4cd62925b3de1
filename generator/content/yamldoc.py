"""YAML documents loaded safely, with the line number of every key for error messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..errors import SiteError

MAX_ALIASES = 50
MAX_DEPTH = 20
MAX_NODES = 20_000


@dataclass(frozen=True)
class YamlDoc:
    """A mapping with, for each key path such as "fotos.0.alt", the 1-based line it stands on."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, key_path: str) -> int:
        """The line of a key, or of its nearest parent that has one."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path.rpartition(".")[0]
        return self.first_line


# libyaml (C) composes about ten times faster than the pure-Python parser; both are safe loaders.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Dates stay text: wijksite reads them itself, so 1953-02-31 gets a clear message, not a crash."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


class _TooLarge(yaml.YAMLError):
    pass


def load_mapping(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc | None, list[SiteError]]:
    """Parse YAML text that must hold a mapping; first_line is where the text starts in its file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, {}, first_line), []
        _check_size(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return None, [_marked_error(exc, text, path, first_line)]
    except _TooLarge as exc:
        return None, [SiteError(path, first_line, f"de gegevens bovenaan kunnen niet gelezen worden: {exc}",
                                "vereenvoudig dit stuk; gebruik geen & en * verwijzingen")]
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        return None, [SiteError(path, first_line, "de gegevens bovenaan kunnen niet gelezen worden",
                                "vereenvoudig dit stuk; gebruik geen & en * verwijzingen")]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, MappingNode):
        return None, [SiteError(
            path, first_line, "de gegevens bovenaan zijn geen lijst van 'sleutel: waarde'-regels",
            "schrijf elke regel als 'titel: Mijn titel'")]
    if "\t" in text and (tabs := _tab_separators(node, text.split("\n"), path, first_line)):
        return None, tabs
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    _collect_lines(node, "", first_line, lines, duplicates)
    problems = [SiteError(path, line, f"de sleutel '{key}' staat er twee keer",
                          "haal één van de twee weg; nu telt alleen de laatste")
                for key, line in duplicates]
    return YamlDoc(data, lines, first_line), problems


def compose(text: str) -> Node | None:
    """The node tree of a YAML text, read as load_mapping reads it: each node's marks give its place in the text."""
    loader = _Loader(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node


def construct(node: Node) -> Any:
    """The value of a node from `compose`, as load_mapping gives it."""
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _check_size(node: Node) -> None:
    """Refuse alias bombs ("billion laughs") and absurd nesting before anything walks the data.

    Aliases make one node appear in many places; counting every place it appears bounds the work.
    """
    budget = [MAX_NODES]
    seen: set[int] = set()
    reused = [0]

    def visit(current: Node, depth: int) -> None:
        budget[0] -= 1
        if id(current) in seen:
            reused[0] += 1
        seen.add(id(current))
        if budget[0] < 0 or reused[0] > MAX_ALIASES:
            raise _TooLarge("te veel verwijzingen (& en *) of te veel gegevens")
        if depth > MAX_DEPTH:
            raise _TooLarge(f"de gegevens zijn meer dan {MAX_DEPTH} niveaus diep genest")
        if isinstance(current, MappingNode):
            for key, value in current.value:
                visit(key, depth + 1)
                visit(value, depth + 1)
        elif isinstance(current, SequenceNode):
            for item in current.value:
                visit(item, depth + 1)

    visit(node, 0)


def _collect_lines(node: Node, prefix: str, first_line: int, lines: dict[str, int],
                   duplicates: list[tuple[str, int]]) -> None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key_path = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + first_line
            if key_path in lines:
                duplicates.append((key_path, line))
            lines.setdefault(key_path, line)
            _collect_lines(value_node, key_path + ".", first_line, lines, duplicates)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            key_path = f"{prefix}{index}"
            lines.setdefault(key_path, item.start_mark.line + first_line)
            _collect_lines(item, key_path + ".", first_line, lines, duplicates)


def _tab_separators(root: Node, lines: list[str], path: str, first_line: int) -> list[SiteError]:
    """A tab between a key and its value (`wijk:<tab>Centrum`), or between the items of a [list]: refused like a
    tab used to indent (which YAML itself refuses), so that a tab is a mistake wherever it stands between the
    parts; tabs inside a value or a comment stay as they are. One message per line."""
    problems: dict[int, SiteError] = {}
    pending: list[tuple[Node | None, Node]] = [(None, root)]
    while pending:
        key, current = pending.pop()
        line = lines[current.start_mark.line] if current.start_mark.line < len(lines) else ""
        before = line[:current.start_mark.column]
        gap = before[len(before.rstrip(" \t")):]
        number = current.start_mark.line + first_line
        if "\t" in gap and number not in problems:
            if key is not None and before.rstrip(" \t").endswith(":"):
                end = current.end_mark.column if current.end_mark.line == current.start_mark.line else len(line)
                name, value = str(key.value), line[current.start_mark.column:end].strip()
                problems[number] = SiteError(path, number, f"er staat een tab tussen '{name}:' en de waarde",
                                             f"gebruik een spatie in plaats van een tab: {name}: {value}")
            else:
                problems[number] = SiteError(path, number, "er staat een tab in de gegevens bovenaan",
                                             "gebruik spaties in plaats van tabs")
        if isinstance(current, MappingNode):
            pending += [(None, k) for k, _ in current.value] + [(k, v) for k, v in current.value]
        elif isinstance(current, SequenceNode):
            pending += [(None, item) for item in current.value]
    return [problems[number] for number in sorted(problems)]


# A key written without a space after its colon ("titel:Molens"): YAML reads the whole line as text.
_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:- )?)([^\s:#'\"\[{][^\s:]*):(\S.*)$")
_QUOTES = ("'", '"')


def _marked_error(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> SiteError:
    """A Dutch message for a YAML syntax error, on the line where the mistake is (not where YAML noticed it).

    YAML often notices a mistake a line later: an unclosed quote or bracket, or a key without a space after
    its colon, is only found out at the next line or at the end. The context mark points back to the start.
    """
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    index, column = (mark.line, mark.column) if mark else (0, 0)
    context_index = exc.context_mark.line if exc.context_mark else index
    problem, context = exc.problem or "", exc.context or ""
    offending = lines[index] if index < len(lines) else ""

    def at(line_index: int, message: str, hint: str) -> SiteError:
        return SiteError(path, line_index + first_line, message, hint)

    if "tab" in problem or "\t" in problem or ("\t" in offending and "cannot start any token" in problem):
        return at(index, "er staat een tab in de gegevens bovenaan",
                  "gebruik spaties in plaats van tabs om in te springen")
    if "while scanning a quoted scalar" in context:
        quote = _quote_at(lines, context_index, exc.context_mark.column if exc.context_mark else 0)
        return _unclosed_quote(path, context_index + first_line, quote)
    if "while parsing a flow sequence" in context or "while parsing a flow mapping" in context:
        opening, closing, example = (("[", "]", "themas: [Duurzaamheid, Zorg]") if "sequence" in context
                                     else ("{", "}", "waar: {naam: Buurthuis, adres: Dorpsstraat 1}"))
        return at(context_index, f"de {opening} wordt niet afgesloten met {closing}",
                  f"zet {closing} aan het eind, op dezelfde regel, bijvoorbeeld {example}")
    if "could not find expected ':'" in problem:
        return _not_a_key_line(lines, context_index, first_line, path)
    if "mapping values are not allowed" in problem:
        return _colon_in_text(lines, index, column, first_line, path)
    if any(sign in problem for sign in ("expected <block end>", "expected <block mapping start>",
                                        "did not find expected '-' indicator", "did not find expected key")):
        return _block_end(lines, index, column, first_line, path)
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return at(index, "een * of & aan het begin van een waarde wordt als verwijzing gelezen",
                  "zet de waarde tussen aanhalingstekens")
    if "cannot start any token" in problem:
        sign = offending[column:column + 1] or "dit teken"
        example = _quoted_example(offending) or f"titel: \"{sign}molens\""
        return at(index, f"een waarde mag niet met {sign} beginnen",
                  f"zet de hele waarde tussen aanhalingstekens: {example}")
    if "could not determine a constructor" in problem:
        return at(index, "een waarde begint met ! of !!, een YAML-soort die wijksite niet leest",
                  "zet de hele waarde tussen aanhalingstekens")
    return at(index, "de gegevens bovenaan kunnen hier niet gelezen worden",
              "controleer inspringing en aanhalingstekens op deze regel en de regel erboven")


def _block_end(lines: list[str], index: int, column: int, first_line: int, path: str) -> SiteError:
    """YAML expected the next key here: wrong indentation, or text after a value's closing quote."""
    line = lines[index] if index < len(lines) else ""
    before = line[:column].rstrip()
    value_before = before.lstrip(" -").partition(": ")[2]
    if not (before.endswith(_QUOTES) and value_before.startswith(_QUOTES)):
        return SiteError(path, index + first_line, "de inspringing klopt hier niet",
                         "regels op hetzelfde niveau moeten precies even ver inspringen (met spaties)")
    quote = before[-1]
    if value_before.count(quote) == 1:  # it closes a value opened higher up, which lacks its closing quote
        opened = next((i for i in range(index - 1, -1, -1) if lines[i].count(quote) % 2), index)
        return _unclosed_quote(path, opened + first_line, quote)
    after_quote = "na het aanhalingsteken dat de waarde afsluit staat nog tekst"
    if quote == '"':
        return SiteError(path, index + first_line, after_quote,
                         "staat er een \" in de tekst? Zet de hele waarde dan tussen enkele aanhalingstekens: "
                         "titel: 'Het \"Molenhuis\"'")
    example = _quoted_example(line) or "titel: \"Molens van 't dorp\""
    return SiteError(path, index + first_line, after_quote,
                     "staat er een ' in de tekst (zoals in 't of jaren '50)? Zet de hele waarde dan tussen "
                     f"dubbele aanhalingstekens: {example}")


def _unclosed_quote(path: str, line: int, quote: str) -> SiteError:
    return SiteError(path, line, f"het aanhalingsteken {quote} aan het begin van de waarde wordt niet afgesloten",
                     f"zet aan het eind van de waarde ook een {quote}, op dezelfde regel")


def _quote_at(lines: list[str], index: int, column: int) -> str:
    line = lines[index] if index < len(lines) else ""
    quote = line[column:column + 1]
    return quote if quote in _QUOTES else '"'


def _quoted_example(line: str) -> str:
    """The line's 'key: value' with the value between double quotes, as an example of the fix ('' if unsure)."""
    key, separator, value = line.strip().removeprefix("- ").partition(": ")
    value = value.strip()
    if len(value) > 1 and value[0] in _QUOTES and value[-1] == value[0]:
        value = value[1:-1]
    if not separator or not value or '"' in value or "\\" in value:
        return ""
    return f'{key}: "{value}"'


def _missing_space(lines: list[str], index: int, first_line: int, path: str) -> SiteError | None:
    """The 'titel:Molens' mistake on this line, if it is there."""
    found = _KEY_WITHOUT_SPACE.match(lines[index]) if 0 <= index < len(lines) else None
    if not found or ": " in lines[index]:
        return None
    _, key, value = found.groups()
    return SiteError(path, index + first_line, f"na '{key}:' ontbreekt een spatie",
                     f"schrijf {key}: {value} (met een spatie na de dubbele punt)")


def _not_a_key_line(lines: list[str], index: int, first_line: int, path: str) -> SiteError:
    """YAML expected 'key: value' on this line, or an indented continuation of the line above."""
    return _missing_space(lines, index, first_line, path) or SiteError(
        path, index + first_line, "deze regel is geen 'sleutel: waarde'-regel",
        "begin hem met een sleutel, zoals titel: ..., of laat hem verder inspringen als hij bij de regel erboven hoort")


def _colon_in_text(lines: list[str], index: int, column: int, first_line: int, path: str) -> SiteError:
    """A ': ' YAML did not expect: in a value, or on a line that YAML took as the rest of the line above."""
    line = lines[index] if index < len(lines) else ""
    if line.find(":") == column:  # the line's own key: so the line above (or its indentation) is the mistake
        above = index - 1
        while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#")):
            above -= 1
        if (missing := _missing_space(lines, above, first_line, path)) is not None:
            return missing
        if above >= 0 and _indent(line) > _indent(lines[above]):
            return SiteError(path, index + first_line, "deze regel springt verder in dan de regel erboven",
                             "regels op hetzelfde niveau moeten precies even ver inspringen (met spaties)")
    return SiteError(path, index + first_line, "een waarde bevat een dubbele punt ':' die YAML in de war brengt",
                     "zet de hele waarde tussen aanhalingstekens, bijvoorbeeld titel: \"Molens: een verhaal\"")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
