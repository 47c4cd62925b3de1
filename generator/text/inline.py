"""Python-Markdown's inline processor, without trying patterns that cannot match.

For every piece of text, Python-Markdown tries each of its inline patterns in turn (code, escapes, links,
images, autolinks, line breaks, HTML, entities, emphasis), with a generic step per try that costs about as
much as the regular expression itself. Each of these patterns needs a certain character to match: a link
needs "[", emphasis "*" or "_", an entity "&". Most text in a neighbourhood story holds few of them, so most
tries are in vain: they took 40% of turning Markdown into HTML. This processor skips a pattern when the text
holds none of its characters, and otherwise does exactly what Python-Markdown does (it calls Python-Markdown's
own step). tests/test_inline.py checks the result against Python-Markdown's own processor on generated text.

Only patterns whose regular expression is known here are skipped; any other pattern is always tried.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# The regular expression of each of Python-Markdown's inline patterns (the very text it is compiled from) -> the
# strings one of which a text must hold for it to match. Emphasis is worked out from its own delimiters.
NEEDS: dict[str, tuple[str, ...]] = {
    ip.BACKTICK_RE: ("`",),
    ip.ESCAPE_RE: ("\\",),
    ip.LINK_RE: ("[",),  # also the reference and short reference patterns
    ip.IMAGE_LINK_RE: ("![",),  # also the image reference patterns
    ip.AUTOLINK_RE: ("<",),
    ip.AUTOMAIL_RE: ("<",),
    ip.LINE_BREAK_RE: ("  \n",),
    ip.HTML_RE: ("<",),
    ip.ENTITY_RE: ("&",),
    r"\*": ("*",),  # emphasis before Python-Markdown 3.11
    r"_": ("_",),
}
# Python-Markdown 3.x's private steps that this processor builds on; without them it is not used at all.
_STEPS = ("_InlineProcessor__applyPattern", "_InlineProcessor__handleInline")


def needed_strings(pattern: Any) -> tuple[str, ...] | None:
    """What a text must hold for `pattern` to match (one of these strings), or None when that is not known: such a
    pattern is always tried. () means it can never match."""
    if not isinstance(pattern, ip.InlineProcessor):
        return None
    regex = pattern.getCompiledRegExp().pattern  # what Python-Markdown searches the text with
    tokens = getattr(pattern, "tokens", None)  # emphasis since 3.11: "*" and "_", or others a site adds
    if isinstance(pattern, getattr(ip, "DelimiterProcessor", ())) and isinstance(tokens, list):
        return tuple(tokens) if regex == "|".join(re.escape(token) for token in tokens) else None
    return NEEDS.get(regex)


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping patterns whose characters are not in the text."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._patterns = [(pattern, needed_strings(pattern)) for pattern in self.md.inlinePatterns]  # in order
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """Python-Markdown's own loop over the patterns (the name makes it replace it), with the skip added."""
        if isinstance(data, AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns = self._patterns
        start = 0
        while patternIndex < len(patterns):
            pattern, needs = patterns[patternIndex]
            if needs is not None and (needs[0] not in data if len(needs) == 1  # most need one string
                                      else not any(needed in data for needed in needs)):
                patternIndex, start = patternIndex + 1, 0  # what a try that found nothing gives
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class QuickInlineExtension(Extension):
    """Replaces Python-Markdown's inline processor by QuickInlineProcessor, same place, same name."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        if all(hasattr(InlineProcessor, step) for step in _STEPS) and "inline" in md.treeprocessors:
            priority = next(item.priority for item in md.treeprocessors._priority  # type: ignore[attr-defined]
                            if item.name == "inline")
            md.treeprocessors.register(QuickInlineProcessor(md), "inline", priority)
