"""Python-Markdown's inline processor, without trying patterns that cannot match.

For every piece of text, Python-Markdown tries each of its inline patterns in turn (code, escapes, links,
images, autolinks, line breaks, HTML, entities, emphasis), with a generic step per try that costs about as
much as the regular expression itself. Each of these patterns needs a certain character to match: a link
needs "[", emphasis "*" or "_", an entity "&". Most text in a neighbourhood story holds few of them, so most
tries are in vain: they took 40% of turning Markdown into HTML. This processor skips a pattern when the text
holds none of its characters, and otherwise does exactly what Python-Markdown does (it calls Python-Markdown's
own step). tests/test_inline.py checks the result against Python-Markdown's own processor on generated text.

Only patterns known here by name and class are skipped; any other pattern is always tried.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import inlinepatterns as ip
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# name -> (the name of the class Python-Markdown registers under that name, the strings one of which its pattern
# needs). Emphasis is one pattern for "*" and "_" since Python-Markdown 3.11, two before.
NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("BacktickInlineProcessor", ("`",)),
    "escape": ("EscapeInlineProcessor", ("\\",)),
    "reference": ("ReferenceInlineProcessor", ("[",)),
    "link": ("LinkInlineProcessor", ("[",)),
    "image_link": ("ImageInlineProcessor", ("![",)),
    "image_reference": ("ImageReferenceInlineProcessor", ("![",)),
    "short_reference": ("ShortReferenceInlineProcessor", ("[",)),
    "short_image_ref": ("ShortImageReferenceInlineProcessor", ("![",)),
    "autolink": ("AutolinkInlineProcessor", ("<",)),
    "automail": ("AutomailInlineProcessor", ("<",)),
    "linebreak": ("SubstituteTagInlineProcessor", ("  \n",)),
    "html": ("HtmlInlineProcessor", ("<",)),
    "entity": ("HtmlInlineProcessor", ("&",)),
    "em_strong": ("DelimiterProcessor", ("*", "_")),
}
# Python-Markdown 3.x's private steps that this processor builds on; without them it is not used at all.
_STEPS = ("_InlineProcessor__applyPattern", "_InlineProcessor__handleInline")


def needed_strings(name: str, pattern: Any) -> tuple[str, ...] | None:
    """What a pattern needs in the text to match, or None when that is not known (it is then always tried)."""
    known = NEEDS.get(name)
    kind = type(pattern)
    if known is None or kind.__name__ != known[0] or kind.__module__ != ip.__name__:
        return None
    return known[1]


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping patterns whose characters are not in the text."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        names = [item.name for item in self.md.inlinePatterns._priority]  # type: ignore[attr-defined]
        self._patterns = [(pattern, needed_strings(name, pattern))
                          for name, pattern in zip(names, self.md.inlinePatterns, strict=True)]
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
            if needs is not None and needs[0] not in data and (len(needs) == 1 or  # most need one string
                                                               not any(needed in data for needed in needs[1:])):
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
