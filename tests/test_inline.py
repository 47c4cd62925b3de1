"""The quick inline processor gives exactly what Python-Markdown's own inline processor gives."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.inline import NEEDS, QuickInlineExtension, QuickInlineProcessor, needed_strings
from generator.markup import _converter

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["tables", "attr_list", "sane_lists"]


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS)


def quick() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, QuickInlineExtension()])


# Every character an inline pattern starts from, in the combinations that make links, images, code, HTML,
# entities, autolinks, line breaks and emphasis, mixed with plain words and block syntax.
PIECES = ["a", "molen", " ", "  ", "\n", "  \n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "\\[", "[",
          "]", "(", ")", "!", "![", "[a]", "[a]: /x", "[a](/b)", "![a](c.jpg)", "[x][a]", "<", ">", "<b>", "</b>",
          "<https://example.org>", "<iemand@example.org>", "<!-- c -->", "&", "&amp;", "&#233;", "&nbsp;", "#",
          "- ", "1. ", "> ", "    ", "|", "| a | b |\n|---|---|\n| 1 | 2 |", "{: .klein }", "'", '"', "@", ":"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example("*nadruk* en **vet** en _ook_ en `code` en [link](/verhalen/) en <b>html</b> &amp; \\*")
@example("regel met twee spaties  \nvolgende regel")
@example("![foto](a.jpg) [ref] <https://example.org> <a@b.nl>\n\n[ref]: /x/")
@example("***a** b* __*c*__ `` `x` `` \\`")
def test_the_same_html_as_python_markdown(text):
    assert quick().convert(text) == stock().convert(text)


def test_the_same_html_for_the_sample_site():
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
    assert len(texts) > 20
    converters = stock(), quick()
    for text in texts:
        assert converters[1].reset().convert(text) == converters[0].reset().convert(text)


def test_the_site_converter_uses_it():
    assert isinstance(_converter().treeprocessors["inline"], QuickInlineProcessor)


def test_every_pattern_of_python_markdown_is_known():
    """An upgrade that adds or changes a pattern is noticed here: it is then simply always tried."""
    md = stock()
    names = [item.name for item in md.inlinePatterns._priority]
    unknown = [name for name, pattern in zip(names, md.inlinePatterns, strict=True)
               if needed_strings(name, pattern) is None]
    assert unknown == []
    assert set(names) == set(NEEDS)


def test_an_unknown_pattern_is_always_tried():
    class Everywhere(markdown.inlinepatterns.InlineProcessor):
        def handleMatch(self, m, data):  # noqa: N802 (Markdown's API name)
            element = etree.Element("mark")
            element.text = m.group(0)
            return element, m.start(0), m.end(0)

    md = quick()
    md.inlinePatterns.register(Everywhere(r"molen"), "link", 160)  # a known name, another class: tried
    md.inlinePatterns.register(Everywhere(r"dijk"), "eigen", 55)
    assert md.convert("de molen bij de dijk") == "<p>de <mark>molen</mark> bij de <mark>dijk</mark></p>"


@pytest.mark.parametrize("text", ["gewone tekst zonder tekens", "`a` *b* [c](/d/)"])
def test_converting_twice_gives_the_same(text):
    md = quick()
    assert md.reset().convert(text) == md.reset().convert(text) == stock().convert(text)
