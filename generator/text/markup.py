"""Markdown to safe HTML: contributed text is untrusted, so every result passes an allow-list."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .inline import QuickInlineExtension
from .typography import TypographyExtension

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "abbr",
    "q",
    "cite",
    "blockquote",
    "code",
    "pre",
    "kbd",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
    "span",
    "div",
    "time",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dutch typography: „laag-hoog” is old-fashioned; the Taalunie's “…” and ‘…’ with a real apostrophe.
SMARTY_SUBSTITUTIONS = {
    "left-double-quote": "“",
    "right-double-quote": "”",
    "left-single-quote": "‘",
    "right-single-quote": "’",
    "ellipsis": "…",
    "ndash": "–",
    "mdash": "—",
}


class _DutchApostrophes(Preprocessor):
    """'s avonds, 't dorp, jaren '60: a leading apostrophe in Dutch is an apostrophe, not an opening quote."""

    PATTERN = re.compile(r"(?<![\w'’])'(?=(?:s|t|n|k|\d\d)\b)")

    def run(self, lines: list[str]) -> list[str]:
        return [self.PATTERN.sub("’", line) if "'" in line else line for line in lines]


class _ShiftHeadings(Treeprocessor):
    """The page title is the only h1; a '#' heading in the text becomes h2, and so on down."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5"):
                level = int(element.tag[1])
                element.tag = f"h{min(level + 1, 6)}" if level == 1 else element.tag


class QuickTableProcessor(TableProcessor):
    """Python-Markdown's table processor, testing a block by its first two lines: the same answer, at the same cost
    for a block of two lines or of twenty thousand. Python-Markdown's own test splits the whole block, and is asked
    again for what is left after each heading or rule: a paste of thousands of lines starting with # took minutes."""

    def test(self, parent: etree.Element, block: str) -> bool:
        first, newline, rest = block.partition("\n")
        if not newline:
            return False
        header = first.strip(" ")
        if header.startswith("|") or self.RE_END_BORDER.search(header):  # a table with one column may need every row
            return bool(super().test(parent, block))
        return bool(super().test(parent, first + "\n" + rest.partition("\n")[0]))


class QuickTableExtension(Extension):
    """Replaces the tables extension's processor by QuickTableProcessor, same place, same name, same settings."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        stock = md.parser.blockprocessors["table"] if "table" in md.parser.blockprocessors else None
        if isinstance(stock, TableProcessor):
            priority = next(item.priority for item in md.parser.blockprocessors._priority  # type: ignore[attr-defined]
                            if item.name == "table")
            md.parser.blockprocessors.register(QuickTableProcessor(md.parser, vars(stock)["config"]), "table", priority)


class _HeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_ShiftHeadings(md), "wijksite_headings", 5)
        md.preprocessors.register(_DutchApostrophes(md), "wijksite_apostrophes", 5)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "attr_list", "sane_lists", TypographyExtension(SMARTY_SUBSTITUTIONS),
                    _HeadingsExtension(), QuickInlineExtension(), QuickTableExtension()],
        output_format="html",
    )


_CONVERTER = _converter()


REMOVED_WITH_CONTENT = {"script", "style", "object", "embed", "svg", "math", "template", "noscript"}
EMBED_ATTRIBUTES = {"src", "title", "width", "height", "allow", "allowfullscreen"}
_EMPTY_FRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")


def sanitise_html(html: str, embeds: tuple[str, ...] = ()) -> str:
    """Keep only harmless tags, attributes and link schemes: no script, handlers, iframes or data: URLs.

    `embeds` are hosts the site owner allows in site.yaml (inbedden:), such as www.youtube-nocookie.com: an
    <iframe> from exactly such a host over https is kept, sandboxed; every other iframe is removed.
    """
    if not embeds:
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            clean_content_tags=REMOVED_WITH_CONTENT | {"iframe"},
            link_rel="noopener noreferrer",
        )
    allowed_hosts = {host.casefold() for host in embeds}

    def allow_embed(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(value)
            return value if parts.scheme == "https" and (parts.hostname or "") in allowed_hosts else None
        return value

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"iframe"},
        url_schemes=URL_SCHEMES,
        attributes={**ALLOWED_ATTRIBUTES, "iframe": EMBED_ATTRIBUTES},
        clean_content_tags=REMOVED_WITH_CONTENT,
        attribute_filter=allow_embed,
        set_tag_attribute_values={
            "iframe": {
                "sandbox": "allow-scripts allow-same-origin allow-presentation",
                "loading": "lazy",
                "referrerpolicy": "no-referrer",
            }
        },
        link_rel="noopener noreferrer",
    )
    return _EMPTY_FRAME.sub("", cleaned)


MAX_NESTING = 50  # lists, quotes, HTML elements or [ inside each other; nobody writes 50 by hand
_LONG_PREFIX = re.compile(rf"\n[ \t>*+\-\d.)]{{{MAX_NESTING}}}")  # from a newline: searched for quickly
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))[ \t]?")
_THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "param"})
_CLOSES_ITS_SIBLING = frozenset({"a", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot"})
_OPENS_A_SCOPE = frozenset({"table", "ul", "ol", "dl", "select", "blockquote", "div"})
_BRACKET = re.compile(r"(?<!\\)[\[\]]|\n[ \t]*\n")


@dataclass(frozen=True)
class TooDeep:
    """Where a text nests deeper than MAX_NESTING, and in what: 'lijsten', 'html' or 'haken'."""

    line: int  # 0-based, in the text
    kind: str


def too_deep(text: str) -> TooDeep | None:
    """The first place where lists and quotes, HTML elements or link brackets nest more than MAX_NESTING deep.

    Python-Markdown parses nested lists by recursion (a few thousand levels stop it with a RecursionError), and it
    and the HTML sanitiser take time by the square of the depth; a text that deep is a paste gone wrong. Each test
    looks at the whole text only when a quick count says the limit can be reached, so a normal text costs little.
    """
    for match in _LONG_PREFIX.finditer("\n" + text):  # a line can only be that deep if it starts with many of these
        start = match.start()  # in the text, where the line starts
        end = text.find("\n", start)
        if _markdown_depth(text[start:end if end >= 0 else None]) > MAX_NESTING:
            return TooDeep(text.count("\n", 0, start), "lijsten")
    if text.count("<") > MAX_NESTING:
        position = _html_too_deep(text)
        if position is not None:
            return TooDeep(text.count("\n", 0, position), "html")
    if text.count("[") > MAX_NESTING:
        position = _brackets_too_deep(text)
        if position is not None:
            return TooDeep(text.count("\n", 0, position), "haken")
    return None


def _markdown_depth(line: str) -> int:
    """Block quotes and list items a line opens (`> - 1. x`); before a list item, every 4 spaces of indent is a
    list level too (an indented line of text is only a code block)."""
    if _THEMATIC_BREAK.match(line):  # "- - - -" is a line across the page, not lists
        return 0
    depth = position = 0
    while match := _CONTAINER.match(line, position):
        depth, position = depth + 1, match.end()
    if depth:
        indent = line.expandtabs(4)
        depth += (len(indent) - len(indent.lstrip(" "))) // 4
    return depth


def _html_too_deep(text: str) -> int | None:
    """Where HTML elements are open more than MAX_NESTING deep, counted as a browser would close them."""
    open_tags: list[str] = []
    for match in _TAG.finditer(text):
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes everything opened after its start tag
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
        elif name not in _VOID and not match.group(0).endswith("/>"):
            if name in _CLOSES_ITS_SIBLING and name in open_tags[-3:]:  # <li>a<li>b: the second closes the first,
                sibling = len(open_tags) - 1 - open_tags[::-1].index(name)  # unless it is in a list or table of its own
                if _OPENS_A_SCOPE.isdisjoint(open_tags[sibling + 1:]):
                    del open_tags[sibling:]
            open_tags.append(name)
            if len(open_tags) > MAX_NESTING:
                return match.start()
    return None


def _brackets_too_deep(text: str) -> int | None:
    """Where more than MAX_NESTING [ are open in one paragraph (each one open makes the link search start over)."""
    depth = 0
    for match in _BRACKET.finditer(text):
        token = match.group(0)
        if token == "[":
            depth += 1
            if depth > MAX_NESTING:
                return match.start()
        else:
            depth = max(depth - 1, 0) if token == "]" else 0
    return None


def render_markdown(text: str, embeds: tuple[str, ...] = ()) -> str:
    """Markdown source to sanitised HTML, kept in ASCII (see compact)."""
    if not text.strip():
        return ""
    html = _CONVERTER.reset().convert(text)
    return compact(sanitise_html(html, embeds))


def compact(html: str) -> str:
    """HTML with every character outside ASCII written as a character reference (’ as &#8217;).

    Python keeps a string with even one curly quote in two or four bytes a character; the long texts of a site of
    10,000 entries took 156 MB so, and 57 MB in ASCII. `expand` puts the characters back when a page is made.
    """
    return html if html.isascii() else html.encode("ascii", "xmlcharrefreplace").decode("ascii")


_REFERENCE = re.compile(r"&#(\d{3,7});")


def expand(html: str) -> str:
    """The characters `compact` wrote as references, back as characters (what nh3 wrote stays as it was)."""
    return _REFERENCE.sub(lambda m: chr(int(m.group(1))) if 127 < int(m.group(1)) < 0x110000 else m.group(0), html)


_INTERNAL_HREF = re.compile(r'href="/(?!/)([^"#?]*)((?:[?#][^"]*)?)"')


def internal_links(html: str) -> list[str]:
    """Site-relative targets of links written as [tekst](/verhalen/molens/) in content."""
    return [normalise_internal(match.group(1)) for match in _INTERNAL_HREF.finditer(html)]


def normalise_internal(target: str) -> str:
    """ "verhalen/molens" and "verhalen/molens/index.html" both mean "verhalen/molens/"."""
    target = target.removesuffix("index.html")
    if target and not target.endswith("/") and "." not in target.rsplit("/", 1)[-1]:
        target += "/"
    return target


_INTERNAL_ANCHOR = re.compile(r'<a [^>]*?href="/(?!/)([^"#?]*)[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def relink(html: str, to_relative: Callable[[str], str], known: set[str]) -> str:
    """Rewrite /site/paths in content HTML into links relative to the page they appear on.

    A link to a page that is not published (a draft, or a story whose consent was withdrawn) becomes plain text.
    """
    html = _INTERNAL_ANCHOR.sub(lambda m: m.group(0) if normalise_internal(m.group(1)) in known else m.group(2), html)
    return _INTERNAL_HREF.sub(lambda m: f'href="{to_relative(normalise_internal(m.group(1)))}{m.group(2)}"', html)
