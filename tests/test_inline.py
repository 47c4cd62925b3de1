"""The quick inline processor gives exactly what Python-Markdown's own inline processor gives."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.text.inline import QuickInlineExtension, QuickInlineProcessor, needed_strings
from generator.text.markup import QuickTableExtension, QuickTableProcessor, _converter
from tests.peers import python_markdown_test_tables as peer_tables

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
    unknown = [type(pattern).__name__ for pattern in stock().inlinePatterns if needed_strings(pattern) is None]
    assert unknown == []


class Mark(markdown.inlinepatterns.InlineProcessor):
    """A pattern wijksite does not know: it marks every match."""

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API name)
        element = etree.Element("mark")
        element.text = m.group(0)
        return element, m.start(0), m.end(0)


def with_more_patterns(md: markdown.Markdown) -> markdown.Markdown:
    """Patterns added out of order (as extensions do), one of them with a regular expression wijksite knows."""
    md.inlinePatterns.register(markdown.inlinepatterns.SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 175)
    md.inlinePatterns.register(Mark(r"molen"), "molen", 55)
    md.inlinePatterns.register(Mark(markdown.inlinepatterns.ENTITY_RE), "nog_een_entiteit", 85)
    return md


@pytest.mark.parametrize("text", ["de molen bij de dijk", "een <b>vet</b> woord &amp; ~~weg~~ *nadruk*",
                                  "&#233; en de molen", "__dik__ en <i>schuin</i>"])
def test_patterns_added_by_extensions_are_tried_as_python_markdown_tries_them(text):
    assert with_more_patterns(quick()).convert(text) == with_more_patterns(stock()).convert(text)
    assert "<mark>molen</mark>" in with_more_patterns(quick()).convert("de molen")


def test_emphasis_delimiters_added_by_an_extension_are_looked_for():
    def with_tilde(md: markdown.Markdown) -> markdown.Markdown:
        md.inlinePatterns["em_strong"].add("~", "del")  # Python-Markdown 3.11's delimiter processor
        return md

    text = "~~weg~~ en ~ook~ *dit*"
    assert with_tilde(quick()).convert(text) == with_tilde(stock()).convert(text)
    assert "<del>" in with_tilde(quick()).convert(text)


@pytest.mark.parametrize("text", ["gewone tekst zonder tekens", "`a` *b* [c](/d/)"])
def test_converting_twice_gives_the_same(text):
    md = quick()
    assert md.reset().convert(text) == md.reset().convert(text) == stock().convert(text)


def quick_tables() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, QuickTableExtension()])


# Lines a table processor looks at: cells, borders, separator rows, alignment, escaped pipes, code with pipes, and
# the block syntax that splits a block into lines (headings, rules, lists, quotes), with and without blank lines.
TABLE_PIECES = ["|", " | ", "a", "b c", "---", ":--", "--:", ":-:", "\\|", "`|`", "\n", "\n\n", "# kop", "## ",
                "***", "- ", "1. ", "> ", "    ", " ", "|---|", "| a |", "a | b", "|-|-|", "\\\\"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(TABLE_PIECES), max_size=40).map("".join))
@example("| a | b |\n|---|---|\n| 1 | 2 |")
@example("| een kolom |\n| --- |\n| 1 |\n| 2 |\nniet meer")
@example("a | b\n--|--\n1 | 2\n# kop\n# kop\n| c |\n|---|")
def test_the_quick_table_processor_gives_the_same_html(text):
    """It tests a block by its first two lines (Python-Markdown's own test split the rest of a block after every
    heading or rule: a paste of 20,000 lines starting with # took a minute, now two seconds)."""
    assert quick_tables().convert(text) == stock().convert(text)


def test_the_site_converter_uses_the_quick_table_processor():
    assert isinstance(_converter().parser.blockprocessors["table"], QuickTableProcessor)


class TestPythonMarkdownsOwnTableTests(peer_tables.TestTableBlocks):
    """Python-Markdown's own tests of its tables extension (tests/peers/MANIFEST.md), with QuickTableProcessor."""

    def assertMarkdownRenders(self, source, expected, expected_attrs=None, **kwargs):  # noqa: N802 (their name)
        kwargs["extensions"] = [*kwargs.get("extensions", []), QuickTableExtension()]
        converter = markdown.Markdown(**{**self.default_kwargs, **kwargs})
        assert isinstance(converter.parser.blockprocessors["table"], QuickTableProcessor)
        super().assertMarkdownRenders(source, expected, expected_attrs, **kwargs)
