"""YAML documents loaded safely, with the line number of every key for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from .errors import SiteError

MAX_ALIASES = 50
MAX_DEPTH = 20


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


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias bombs ("billion laughs") before they expand."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(f"te veel verwijzingen (*alias) rond regel {mark.line + 1}")
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def load_mapping(text: str, path: str, first_line: int = 1) -> tuple[YamlDoc | None, list[SiteError]]:
    """Parse YAML text that must hold a mapping; first_line is where the text starts in its file."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, {}, first_line), []
        _check_depth(node, path, first_line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return None, [_marked_error(exc, path, first_line)]
    except (yaml.YAMLError, RecursionError) as exc:
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


def _check_depth(node: Node, path: str, first_line: int, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise yaml.YAMLError(f"de gegevens zijn meer dan {MAX_DEPTH} niveaus diep genest")
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            _check_depth(key_node, path, first_line, depth + 1)
            _check_depth(value_node, path, first_line, depth + 1)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_depth(item, path, first_line, depth + 1)


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


def _marked_error(exc: yaml.MarkedYAMLError, path: str, first_line: int) -> SiteError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark else first_line
    problem = exc.problem or ""
    if "\t" in problem or "'\\t'" in problem:
        return SiteError(path, line, "er staat een tab in de gegevens bovenaan",
                         "gebruik spaties in plaats van tabs om in te springen")
    if "mapping values are not allowed" in problem:
        return SiteError(path, line, "een waarde bevat een dubbele punt ':' die YAML in de war brengt",
                         "zet de hele waarde tussen aanhalingstekens, bijvoorbeeld titel: \"Molens: een verhaal\"")
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        return SiteError(path, line, "de inspringing klopt hier niet",
                         "regels op hetzelfde niveau moeten precies even ver inspringen (met spaties)")
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return SiteError(path, line, "een * of & aan het begin van een waarde wordt als verwijzing gelezen",
                         "zet de waarde tussen aanhalingstekens")
    return SiteError(path, line, f"de gegevens bovenaan kunnen niet gelezen worden ({problem})",
                     "controleer inspringing en aanhalingstekens op deze regel en de regel erboven")
