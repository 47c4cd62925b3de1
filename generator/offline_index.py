"""The offline index: search from disk (a USB stick, a library PC without internet), where browsers refuse the
`fetch` that Pagefind needs, but run scripts loaded with a `<script>` tag.

It is made from the same text Pagefind indexes (the `data-pagefind-body` element without its
`data-pagefind-ignore` parts, headings and `data-pagefind-weight` weighted as Pagefind weighs them), with the same
filters, meta and sort values, in the same parts as Pagefind's index: a part whose pages did not change keeps its
file. The browser scores it as Pagefind does (BM25 with Pagefind's default ranking weights, prefix matching and
its bonus for words close in length to the query), so ordinary queries give the same results in the same order.
Pagefind 1.5 also scores the page's meta fields (the title five times, the others once) and gives words written
with the query's own diacritics a bonus; the browser does the same, and matches words without diacritics ("cafe"
finds "café"). What it leaves out to stay small: word positions (an excerpt comes from the opening of the page)
and Pagefind's merging of words at one position (a hyphenated word and its halves; rare on a wijk site).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .output import LinkedFile, OutputFile, OutputView
from .search_pages import SEARCH_FOLDER

OFFLINE_FOLDER = f"{SEARCH_FOLDER}/schijf"  # in the output; the search page loads it only when opened from disk
MANIFEST_FILE = "delen.js"  # which part files there are
FORMAT = "2"  # part of every key: a change to what the files hold makes them again
OPENING_WORDS = 40  # words of each page kept for the excerpt under a result
WEIGHT_UNIT = 4  # a word's summed weight is kept in units of 4 (Pagefind's 24 per plain word is 6)

_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)", re.S)
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_MARKED = re.compile(r'data-pagefind-(filter|meta|sort)="([^"]*)"')
_BODY_START = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-body[\s>=/]")
_POSSESSIVE = re.compile(r"'s(?=\W*$)", re.I)
_SENTENCE_END = re.compile(r"[\w'\")$*]")
_ASCII_PUNCTUATION = re.compile(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]""")
# What Pagefind leaves out of the text, what separates words, and its weights for headings (a plain word is 24).
REMOVED = frozenset("head style script noscript label form svg footer nav iframe template".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
INLINE = frozenset("""a abbr acronym b bdo big br button cite code dfn em i img input kbd label map object output q
                      samp script select small span strong sub sup textarea time tt var""".split())
HEADING_WEIGHT = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}
PLAIN_WEIGHT, MAX_WEIGHT = 24, 10.0


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
    forms: Counter[str] = field(default_factory=Counter)  # words as written (lower case), for the vocabulary


def page_record(url: str, page_html: str) -> PageRecord | None:
    """The record of one rendered page; None when it marks nothing for Pagefind to index."""
    start = _BODY_START.search(page_html)
    if start is None:
        return None
    marked: dict[str, dict[str, list[str]]] = {"filter": {}, "meta": {}, "sort": {}}
    for kind, value in _MARKED.findall(page_html):
        name, _, text = html.unescape(value).partition(":")
        marked[kind].setdefault(name.strip(), []).append(text.strip())
    record = PageRecord(url, "", {k: v[0] for k, v in marked["meta"].items()},
                        {k: sorted(set(v)) for k, v in marked["filter"].items()},
                        {k: v[0] for k, v in marked["sort"].items()})
    _read_text(page_html, start.start(), record)
    record.meta.setdefault("title", record.title)
    return record


def _read_text(page_html: str, start: int, record: PageRecord) -> None:
    """Walk the body element as Pagefind's parser does: words, their weights, the first h1 as title."""
    weights: list[int] = [PLAIN_WEIGHT]
    stack: list[tuple[str, bool, bool]] = []  # tag, text ignored, pushed a weight
    opening: list[str] = []
    title: list[str] | None = None
    position = 0
    pending = ""  # a word may continue across inline tags: "<em>re</em>paratie"
    for match in _TOKEN.finditer(page_html, start):
        closing, tag, attributes, text = match.groups()
        if text is not None:
            if stack and not stack[-1][1]:
                text = html.unescape(text)
                if title is not None:
                    title.append(text)
                pending += text
            continue
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if tag not in INLINE or tag in REMOVED:
            position = _flush(pending, weights[-1], position, record, opening)
            pending = ""
            if closing and opening and len(opening) < OPENING_WORDS and _SENTENCE_END.match(opening[-1][-1]):
                opening[-1] += "."  # Pagefind ends a block with a full stop, for readable excerpts
        if closing:
            while stack:
                name, _, pushed = stack.pop()
                if pushed:
                    weights.pop()
                if name == "h1" and title is not None and not record.title:
                    record.title, title = " ".join("".join(title).split()), None
                if name == tag:
                    break
            if not stack:
                break  # the end of the body element
            continue
        if tag in VOID:
            continue
        values = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTRIBUTE.findall(attributes)}
        ignored = (bool(stack) and stack[-1][1]) or tag in REMOVED or (
            "data-pagefind-ignore" in values and values["data-pagefind-ignore"] in ("", "index", "true", "all"))
        pushed = True
        if "data-pagefind-weight" in values:
            weights.append(_explicit_weight(values["data-pagefind-weight"]))
        elif tag in HEADING_WEIGHT:
            weights.append(int(HEADING_WEIGHT[tag] * PLAIN_WEIGHT) if len(weights) == 1 else weights[-1])
        else:
            pushed = False
        if tag == "h1" and not record.title and not ignored and title is None:
            title = []
        stack.append((tag, ignored, pushed))
    _flush(pending, weights[-1], position, record, opening)
    record.opening = " ".join(opening)


def _explicit_weight(value: str) -> int:
    try:
        weight = float(value)
    except ValueError:
        weight = 1.0
    return 0 if weight <= 0 else max(1, int(min(weight, MAX_WEIGHT) * PLAIN_WEIGHT))


def _flush(text: str, weight: int, position: int, record: PageRecord, opening: list[str]) -> int:
    """Index the words of `text` (split on white space, as Pagefind does) from `position`; return the next one."""
    for token in text.split():
        # Pagefind 1.5 reads an ASCII 's as a possessive: "Foto's" is indexed as "foto" (a curly ’ is not)
        word = "".join(c for c in _POSSESSIVE.sub("", token) if c.isalnum()).lower()
        if len(opening) < OPENING_WORDS:
            opening.append(token)
        if word:
            _store(record, word, weight)
            if word != token.lower() and "'" not in token:  # punctuation inside: Pagefind indexes the halves too ("kleding-punt")
                halves = [h for h in _ASCII_PUNCTUATION.sub(" ", token.lower()).split() if len(h) > 1]
                if len(halves) > 1:
                    for half in halves:
                        _store(record, "".join(c for c in half if c.isalnum()), max(1, weight // len(halves)))
        position += 1
    record.length = max(record.length, position)
    return position


def _store(record: PageRecord, word: str, weight: int) -> None:
    if not word:
        return
    record.weights[word] = record.weights.get(word, 0) + weight
    if weight:
        record.forms[word] += 1


# Numbers in the part files: a variable-length code in 32 characters, each followed by a "more" flag.
_DIGITS = "0123456789abcdefghijklmnopqrstuv"
_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&("


def encode_number(number: int) -> str:
    """`number` (>= 0) in base 32, most significant first; every character but the last from the second set."""
    digits = [_DIGITS[number & 31]]
    number >>= 5
    while number:
        digits.append(_MORE[number & 31])
        number >>= 5
    return "".join(reversed(digits))


def part_data(records: list[PageRecord]) -> dict[str, object]:
    """A part's index as the browser reads it: its pages, and per word the pages it is on with its weight."""
    postings: dict[str, list[tuple[int, int]]] = {}
    for number, record in enumerate(records):
        for word, weight in record.weights.items():
            postings.setdefault(word, []).append((number, weight))
    words = {}
    for word in sorted(postings):
        code, last = [], 0
        for number, weight in postings[word]:
            code.append(encode_number(number - last) + encode_number(round(weight / WEIGHT_UNIT)))
            last = number
        words[word] = "".join(code)
    pages = [[r.url, r.length, r.meta, r.filters, r.sort, r.opening] for r in records]
    return {"paginas": pages, "woorden": words}


def part_script(records: list[PageRecord]) -> bytes:
    """A part as a script that adds itself to the list the search page reads (a script tag works on file://)."""
    data = json.dumps(part_data(records), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"(window.wijksiteSchijf=window.wijksiteSchijf||[]).push({data});\n".encode()


def manifest_script(files: list[str]) -> bytes:
    """The list of part files, relative to the offline folder."""
    return f"window.wijksiteSchijfDelen={json.dumps(files)};\n".encode()


@dataclass(frozen=True)
class OfflinePart:
    """A part of the search index, as search.py plans it: its number, its pages (output paths) and its key."""

    number: int
    pages: tuple[str, ...]
    key: str


class OfflineIndex:
    """The offline index's files, made per part and kept in `cache_dir` by the part's key: an unchanged part
    costs nothing. The records of a part's pages are kept too, by each page's sha256, so that an edit reads only
    the page that changed. What each part holds of words is kept for the vocabulary (vocabulary.py)."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir

    def __call__(self, view: OutputView, digests: dict[str, str],
                 parts: list[OfflinePart]) -> Iterator[OutputFile | LinkedFile]:
        """The part files (linked from the cache) and the list of them; `forms` holds the site's words after."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        names, kept = [], set()
        self.forms: Counter[str] = Counter()
        for part in parts:
            key = hashlib.sha256(f"{FORMAT}/{part.key}".encode()).hexdigest()[:24]
            script, words = self.cache_dir / f"{key}.js", self.cache_dir / f"{key}.woorden.json"
            if not (script.is_file() and words.is_file()):
                records = self._records(view, digests, part, len(parts))
                _write_new(words, json.dumps(_forms(records), ensure_ascii=False, sort_keys=True).encode())
                _write_new(script, part_script(records))
            names.append(f"deel-{part.number + 1}.js")
            yield LinkedFile(f"{OFFLINE_FOLDER}/{names[-1]}", str(script), key)
            self.forms.update(json.loads(words.read_text(encoding="utf-8")))
            kept |= {script.name, words.name, _records_file(len(parts), part)}
        yield OutputFile(f"{OFFLINE_FOLDER}/{MANIFEST_FILE}", manifest_script(names))
        _keep_only(self.cache_dir, kept)

    def _records(self, view: OutputView, digests: dict[str, str], part: OfflinePart,
                 count: int) -> list[PageRecord]:
        """The part's page records: from the cache for pages read before, else from the page itself."""
        file = self.cache_dir / _records_file(count, part)
        try:
            known = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        records, kept = [], {}
        for page in part.pages:
            digest = digests[page]
            fields = known.get(digest) if isinstance(known, dict) else None
            if not (isinstance(fields, list) and len(fields) == 9):
                record = page_record(page, view.location(page).read_text(encoding="utf-8", errors="replace"))
                if record is None:
                    continue
                fields = [record.url, record.title, record.meta, record.filters, record.sort, record.weights,
                          record.length, record.opening, dict(record.forms)]
            fields[0] = page
            kept[digest] = fields
            url, title, meta, filters, sort, weights, length, opening, forms = fields
            records.append(PageRecord(url, title, meta, filters, sort, weights, length, opening, Counter(forms)))
        _write_new(file, json.dumps(kept, ensure_ascii=False).encode())
        return records


def _records_file(count: int, part: OfflinePart) -> str:
    """Where a part's page records are kept between builds: by its place, as Pagefind's page folders are."""
    return f"paginas-{FORMAT}-{count}-{part.number}.json"


def _forms(records: Iterable[PageRecord]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for record in records:
        total.update(record.forms)
    return dict(total)


def _write_new(path: Path, content: bytes) -> None:
    """A new file moved into place: the old one may be hard-linked into the output."""
    temporary = path.with_name(f".{path.name}.nieuw")
    temporary.write_bytes(content)
    temporary.replace(path)


def _keep_only(folder: Path, names: set[str]) -> None:
    for stale in folder.iterdir():
        if stale.name not in names and stale.is_file():
            stale.unlink(missing_ok=True)
