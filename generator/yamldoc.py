"""YAML documents loaded safely, with the line number of every key for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from .errors import SiteError

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
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        return None, [SiteError(path, first_line, f"de YAML kan niet gelezen worden: {exc}",
                                "vereenvoudig dit stuk; gebruik geen & en * verwijzingen")]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, MappingNode):
        return None, [SiteError(
            path, first_line, "de gegevens bovenaan zijn geen lijst van 'sleutel: waarde'-regels",
            "schrijf elke regel als 'titel: Mijn titel'")]
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    _collect_lines(node, "", first_line, lines, duplicates)
    problems = [SiteError(path, line, f"de sleutel '{key}' staat er twee keer",
                          "haal één van de twee weg; nu telt alleen de laatste")
                for key, line in duplicates]
    return YamlDoc(data, lines, first_line), problems


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


def _marked_error(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> SiteError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark else first_line
    problem = exc.problem or ""
    source_lines = text.split("\n")
    offending = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
    if "tab" in problem or "\t" in problem or ("\t" in offending and "cannot start any token" in problem):
        return SiteError(path, line, "er staat een tab in de gegevens bovenaan",
                         "gebruik spaties in plaats van tabs om in te springen")
    if "mapping values are not allowed" in problem:
        return SiteError(path, line, "een waarde bevat een dubbele punt ':' die YAML in de war brengt",
                         "zet de hele waarde tussen aanhalingstekens, bijvoorbeeld titel: \"Molens: een verhaal\"")
    if any(sign in problem for sign in ("expected <block end>", "expected <block mapping start>",
                                        "did not find expected '-' indicator", "did not find expected key")):
        return SiteError(path, line, "de inspringing klopt hier niet",
                         "regels op hetzelfde niveau moeten precies even ver inspringen (met spaties)")
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return SiteError(path, line, "een * of & aan het begin van een waarde wordt als verwijzing gelezen",
                         "zet de waarde tussen aanhalingstekens")
    return SiteError(path, line, f"de gegevens bovenaan kunnen niet gelezen worden ({problem})",
                     "controleer inspringing en aanhalingstekens op deze regel en de regel erboven")
