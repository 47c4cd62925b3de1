"""What the pages of a template depend on: the templates it extends, includes or imports, read from their text.
Keys of templates for page keys (`TemplateKeys`) and questions about what a template can show (`TemplateScan`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

from .cache import fingerprint


class TemplateScan:
    """Which templates can show something: the template, or one it extends, includes or imports, has text that
    matches `pattern` (found once per template). A template chosen while rendering, or one that cannot be read,
    counts as matching: the answer may be too cautious, never wrong."""

    def __init__(self, environment: jinja2.Environment, pattern: re.Pattern[str]) -> None:
        self.environment, self.pattern = environment, pattern
        self.known: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        if name not in self.known:
            self.known[name] = True  # while looking (a template that includes itself)
            self.known[name] = self._matches(name)
        return self.known[name]

    def _matches(self, name: str) -> bool:
        try:
            source, _, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]
        except jinja2.TemplateError:
            return True  # rendering reports the mistake
        if self.pattern.search(source):
            return True
        referenced = referenced_templates(source)
        return referenced is None or any(self(other) for other in referenced)


class TemplateKeys:
    """A hash per template of its own text and the texts of every template it extends, includes or imports, as
    the loader finds them (a site's own override first): changing one template makes again only the pages that use
    it. A template that chooses another while rendering, or one that cannot be read, depends on all of them."""

    def __init__(self, environment: jinja2.Environment, all_templates: Callable[[], str]) -> None:
        self.environment, self.all_templates = environment, all_templates  # the key when the closure is unknown
        self.known: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self.known:
            used = self._closure(name)
            self.known[name] = self.all_templates() if used is None else fingerprint(sorted(used.items()))
        return self.known[name]

    def _closure(self, name: str) -> dict[str, tuple[str, str]] | None:
        """Every template `name` uses, itself included: name -> (file, text); None if that cannot be known."""
        environment, used, todo = self.environment, {}, [name]
        while todo:
            current = todo.pop()
            if current in used:
                continue
            try:
                source, filename, _ = environment.loader.get_source(environment, current)  # type: ignore[union-attr]
            except jinja2.TemplateError:
                return None
            used[current] = (str(filename), source)
            referenced = referenced_templates(source)
            if referenced is None:
                return None
            todo += referenced
        return used


_REFERENCE = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\s+(.*?)[-+]?%\}", re.DOTALL)
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_NAME = re.compile(r"""^(?:\[\s*)?((?:["'][^"']+["']\s*,?\s*)+)\]?""")


def referenced_templates(source: str) -> list[str] | None:
    """The templates a template extends, includes or imports, by name; None if one is chosen while rendering
    (`{% extends layout %}`). Read from the text: much quicker than Jinja's parser, which did this before."""
    names: list[str] = []
    for expression in _REFERENCE.findall(_COMMENT.sub("", source)):
        literal = _NAME.match(expression.strip())
        if literal is None:
            return None
        names += re.findall(r"""["']([^"']+)["']""", literal.group(1))
    return names
