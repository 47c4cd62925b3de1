"""The text of a rendered page as Pagefind reads it: what the offline index (offline_index.py) and the vocabulary
are made of, so that search from disk finds what online search finds.

Pagefind indexes the `data-pagefind-body` element without its `data-pagefind-ignore` parts and without
navigation, forms, labels, scripts and the like; it splits the text on white space, keeps letters and digits of
each word in lower case (and the halves of a word with punctuation inside, "kleding-punt"), weighs a word 24 in
plain text, 7 x 24 in an h1 down to 2 x 24 in an h6, and `data-pagefind-weight` times 24 where a template says so.
This module does the same with regular expressions over the whole page (a page of 900 words in well under a
millisecond: a parser walking every tag in Python took ten times as long, a cost every cold build would pay).
It assumes what every template of wijksite writes: an ignored or weighted element does not hold another
element of its own name that is left open.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

OPENING_WORDS = 40  # words of each page kept for the excerpt under a result
PLAIN_WEIGHT, MAX_WEIGHT = 24, 10.0
HEADING_WEIGHT = {"1": 7.0, "2": 6.0, "3": 5.0, "4": 4.0, "5": 3.0, "6": 2.0}
REMOVED = "head|style|script|noscript|label|form|svg|footer|nav|iframe|template"  # Pagefind leaves these out
SEPARATING = "h[1-6]|p|td|div|ul|li|article|section|br"  # only these keep the words on either side apart

_BODY_START = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-body[\s>=/]")
_MARKED = re.compile(r'data-pagefind-(filter|meta|sort)="([^"]*)"')
_LEFT_OUT = re.compile(rf"<!--.*?-->|<({REMOVED})\b[^>]*>|<([a-z][a-z0-9]*)\b[^>]*?\sdata-pagefind-ignore\b[^>]*>",
                       re.S)
_WEIGHTED = re.compile(r"""<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-weight\s*=\s*["']?([^"'\s>]*)[^>]*>"""
                       r"|<h([1-6])\b[^>]*>")
_SEPARATING_TAG = re.compile(rf"</?(?:{SEPARATING})\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:h[1-6]|p|td|div|ul|li|article|section)>")
_SENTENCE_CHAR = re.compile(r"[\w'\")$*]")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_POSSESSIVE = re.compile(r"'s(?=\W*$)", re.I)
EDGE_PUNCTUATION = """.,;:!?()[]{}"'“”‘’„«»‹›…–—-_/\\*&%$#@+=<>|~^`·•"""  # "(molens," -> "molens"
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_ASCII_PUNCTUATION = re.compile(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]""")


@dataclass
class PageRecord:
    """What the offline index knows of one page: as Pagefind's index and fragment hold it, without positions."""

    url: str  # the page's path in the output ("initiatieven/reparatiecafe/index.html")
    title: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]
    weights: dict[str, int] = field(default_factory=dict)  # word (lower case) -> summed weight (Pagefind's units)
    length: int = 0  # words on the page (Pagefind's word count)
    opening: str = ""  # the first words of the text, for the excerpt


def page_record(url: str, page_html: str) -> PageRecord | None:
    """The record of one rendered page; None when it marks nothing for Pagefind to index."""
    start = _BODY_START.search(page_html)
    if start is None:
        return None
    marked: dict[str, dict[str, list[str]]] = {"filter": {}, "meta": {}, "sort": {}}
    for kind, value in _MARKED.findall(page_html):
        name, _, text = html.unescape(value).partition(":")
        marked[kind].setdefault(name.strip(), []).append(text.strip())
    body = _without_left_out(_element(page_html, start.start(), start.group(1)))
    title = _H1.search(body)
    record = PageRecord(url, _words_of(title.group(1)) if title else "",
                        {k: v[0] for k, v in marked["meta"].items()},
                        {k: sorted(set(v)) for k, v in marked["filter"].items()},
                        {k: v[0] for k, v in marked["sort"].items()})
    record.meta.setdefault("title", record.title)
    tokens = _plain_text(body).lower().split()
    record.length = len(tokens)
    record.opening = " ".join(_plain_text(_blocks_ended(body[:3000])).split()[:OPENING_WORDS])
    weights: dict[str, int] = {}
    others: Counter[str] = Counter()  # tokens with punctuation: the words Pagefind makes of them
    for token, count in Counter(tokens).items():
        if token.isalnum():  # most
            weights[token] = PLAIN_WEIGHT * count
        else:
            others[token] = count
    _add_words(weights, others, PLAIN_WEIGHT)
    record.weights = weights
    for match in _WEIGHTED.finditer(body):  # words in headings and weighted elements: the difference to plain
        name, explicit, level = match.group(1) or f"h{match.group(3)}", match.group(2), match.group(3)
        weight = _explicit_weight(explicit) if match.group(1) else int(HEADING_WEIGHT[level] * PLAIN_WEIGHT)
        inner = _plain_text(_element(body, match.start(), name)).lower()
        _add_words(record.weights, Counter(inner.split()), weight - PLAIN_WEIGHT)
    return record


def _element(text: str, start: int, name: str) -> str:
    """The element that starts at `start`, up to its own end tag (counting elements of the same name inside)."""
    depth = 0
    for tag in _tags_named(name).finditer(text, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return text[start:tag.end()]
    return text[start:]


def _blocks_ended(fragment: str) -> str:
    """Pagefind ends a block that ends in a word with a full stop (and white space before the end tag goes): an
    excerpt reads as sentences. The end tags are found first, the white space before each is looked at after."""
    pieces: list[str] = []
    position = 0
    for end in _BLOCK_END.finditer(fragment):
        before = fragment[position:end.start()].rstrip()
        last = before[-1] if before else fragment[position - 1] if position else ""
        pieces += (before, "." if _SENTENCE_CHAR.match(last) else " ")
        position = end.end()
    pieces.append(fragment[position:])
    return "".join(pieces)


@cache
def _tags_named(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}\b[^>]*>", re.I)


def _without_left_out(body: str) -> str:
    """The body without what Pagefind leaves out: comments, removed elements and `data-pagefind-ignore` parts."""
    kept, position = [], 0
    for match in _LEFT_OUT.finditer(body):
        if match.start() < position:
            continue  # inside a part already left out
        kept.append(body[position:match.start()])
        name = match.group(1) or match.group(2)
        position = match.end() if name is None else match.start() + len(_element(body, match.start(), name))
    kept.append(body[position:])
    # the marks themselves stay: filters and meta are read from the whole page
    return "".join(kept)


def _plain_text(fragment: str) -> str:
    """Text without tags: headings, paragraphs, list items, divisions and line breaks separate words; other
    elements join their neighbours ("<em>re</em>paratie", "Reparatie<wbr>café"), as in Pagefind."""
    return html.unescape(_TAG.sub("", _SEPARATING_TAG.sub(" ", fragment)))


def _words_of(fragment: str) -> str:
    return " ".join(_plain_text(fragment).split())


def _explicit_weight(value: str) -> int:
    try:
        weight = float(value)
    except ValueError:
        weight = 1.0
    return 0 if weight <= 0 else max(1, int(min(weight, MAX_WEIGHT) * PLAIN_WEIGHT))


def _add_words(weights: dict[str, int], tokens: Counter[str], weight: int) -> None:
    """Add `weight` for every occurrence of each token (in lower case), as the words Pagefind makes of it."""
    for token, count in tokens.items():
        if not token.isalnum():
            token = token.strip(EDGE_PUNCTUATION)  # most often a comma or full stop: the word itself
        if token.isalnum():
            weights[token] = weights.get(token, 0) + weight * count
            continue
        # Pagefind 1.5 reads an ASCII 's as a possessive: "Foto's" is indexed as "foto" (a curly ’ is not)
        word = _NOT_ALPHANUMERIC.sub("", _POSSESSIVE.sub("", token))
        if not word:
            continue
        weights[word] = weights.get(word, 0) + weight * count
        if "'" in token:
            continue
        halves = _ASCII_PUNCTUATION.sub(" ", token).split()
        if len(halves) > 1:  # punctuation inside: the halves too, at a share of the weight ("kleding-punt")
            share = max(1, weight // len(halves)) if weight > 0 else min(-1, -(-weight // len(halves)))
            for half in halves:
                part = _NOT_ALPHANUMERIC.sub("", half)
                if len(part) > 1:
                    weights[part] = weights.get(part, 0) + share * count
