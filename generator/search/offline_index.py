"""The offline index: search from disk (a USB stick, a library PC without internet), where browsers refuse the
`fetch` that Pagefind needs, but run scripts loaded with a `<script>` tag.

It is made from the same text Pagefind indexes (the `data-pagefind-body` element without its
`data-pagefind-ignore` parts, headings and `data-pagefind-weight` weighted as Pagefind weighs them), with the same
filters, meta and sort values, in the same parts as Pagefind's index. A part is written in pieces of PIECE_PAGES
pages, each a file of its own that the browser puts together again: a piece whose pages did not change keeps its
file, and an edit makes one piece again (100 pages, not the part's 500). The browser scores a part as Pagefind
does (BM25 with Pagefind's default ranking weights, prefix matching and its bonus for words close in length to
the query), so ordinary queries give the same results in the same order. Pagefind 1.5 also scores the page's meta
fields (the title five times, the others once) and gives words written with the query's own diacritics a bonus;
the browser does the same, and matches words without diacritics ("cafe" finds "café"). What it leaves out to stay
small: word positions (an excerpt comes from the opening of the page) and Pagefind's merging of words at one
position (a hyphenated word and its halves; rare on a wijk site).

In a first build (no page records kept yet) a part's pieces are made in a worker process as soon as its pages are
all rendered, beside the rendering of the rest, as Pagefind indexes it: reading 500 pages back takes 0.6 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..output.writer import LinkedFile, OutputFile, OutputView
from .page_text import PageRecord, page_record
from .pages import SEARCH_FOLDER
from .vocabulary import VOCABULARY_FILE, vocabulary, vocabulary_script

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

OFFLINE_FOLDER = f"{SEARCH_FOLDER}/schijf"  # in the output; the search page loads it only when opened from disk
MANIFEST_FILE = "delen.js"  # which part files there are
FORMAT = "8"  # part of every key: a change to what the files hold makes them again
PIECE_PAGES = 100  # pages in a piece of a part: what an edit makes again (a part has about 500)
WEIGHT_UNIT = 4  # a word's summed weight is kept in units of 4 (Pagefind's 24 per plain word is 6)

# Numbers in the part files: a variable-length code in 32 characters, each followed by a "more" flag.
_DIGITS = "0123456789abcdefghijklmnopqrstuv"
_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&("


def _encoded(number: int) -> str:
    """`number` (>= 0) in base 32, most significant first; every character but the last from the second set."""
    digits = [_DIGITS[number & 31]]
    number >>= 5
    while number:
        digits.append(_MORE[number & 31])
        number >>= 5
    return "".join(reversed(digits))


_SMALL: list[str] = []  # most deltas and weights: looked up, not worked out (filled when first needed)


def encode_number(number: int) -> str:
    """`number` (>= 0) in base 32, most significant first; every character but the last from the second set."""
    if not _SMALL:
        _SMALL.extend(_encoded(small) for small in range(4096))
    return _SMALL[number] if number < 4096 else _encoded(number)


def part_data(records: list[PageRecord]) -> dict[str, object]:
    """A part's index as the browser reads it: its pages, and per word the pages it is on (as the distance to the
    page before) with its weight."""
    codes: dict[str, list[str]] = {}  # per word: page (as the distance to the page before), weight, page, ...
    last: dict[str, int] = {}
    weight_codes: dict[int, str] = {}  # a weight as written: there are only a few different ones
    for number, record in enumerate(records):
        first = encode_number(number)
        for word, weight in record.weights.items():
            units = weight_codes.get(weight)
            if units is None:
                units = weight_codes[weight] = encode_number(max(0, round(weight / WEIGHT_UNIT)))
            code = codes.get(word)
            if code is None:
                codes[word] = [first, units]
            else:
                code += (encode_number(number - last[word]), units)
            last[word] = number
    words = {word: "".join(codes[word]) for word in sorted(codes)}
    pages = [[r.url, r.length, r.meta, r.filters, r.sort, r.opening] for r in records]
    return {"paginas": pages, "woorden": words}


def piece_script(part: int, records: list[PageRecord]) -> bytes:
    """A piece of a part as a script that adds itself to the list the search page reads (a script tag works on
    file://); the browser puts the pieces of a part together again, in their order."""
    data = json.dumps({"deel": part, **part_data(records)}, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True)
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


@dataclass(frozen=True)
class Piece:
    """PIECE_PAGES pages of a part, in its order: made, kept and written on its own, so that an edit makes one
    piece again, not the whole part. The browser scores a part as one, whatever its pieces."""

    part: int
    number: int
    pages: tuple[str, ...]
    key: str  # a hash of its place and of its pages' paths and sha256s

    @property
    def file(self) -> str:
        return f"deel-{self.part + 1}-{self.number + 1}.js"


def pieces(part: OfflinePart, digests: dict[str, str], count: int) -> list[Piece]:
    """The pieces of a part (one of `count`), given its pages' sha256s."""
    found = []
    for number, first in enumerate(range(0, len(part.pages), PIECE_PAGES)):
        pages = part.pages[first:first + PIECE_PAGES]
        place = f"{FORMAT}/{count}/{part.number}/{number}/"
        key = hashlib.sha256("".join([place, *(f"{page}\0{digests[page]}\0" for page in pages)]).encode())
        found.append(Piece(part.number, number, pages, key.hexdigest()[:24]))
    return found


class OfflineIndex:
    """The offline index's files, made per piece of a part and kept in `cache_dir` by the piece's key: an
    unchanged piece costs nothing. The records of a piece's pages are kept too, by each page's sha256, so that an
    edit reads only the page that changed. What each piece holds of words is kept for the vocabulary
    (vocabulary.py), which is kept by the keys of all pieces."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.pool: ProcessPoolExecutor | None = None
        self.coming: dict[str, Future[None]] = {}  # parts being made in the worker, by the part's key

    def start(self, part: OfflinePart, pages: dict[str, tuple[Path, str]], count: int) -> None:
        """A part's pages are all rendered (page -> the folder it is in now, its sha256): when none of its page
        records is kept (a first build), make it in a worker now, beside the rendering; otherwise it is made when
        called."""
        digests = {page: digest for page, (_, digest) in pages.items()}
        made = pieces(part, digests, count)
        if part.key in self.coming or all((self.cache_dir / f"{piece.key}.js").is_file() for piece in made) or \
                any((self.cache_dir / _records_file(count, piece)).is_file() for piece in made):
            return
        if self.pool is None:
            from ..workers import process_pool  # loaded only when needed (see workers.py)

            self.pool = process_pool(1)
        locations = {page: os.path.join(folder, page) for page, (folder, _) in pages.items()}
        self.coming[part.key] = self.pool.submit(make_part, self.cache_dir, part, locations, digests, count)

    def close(self) -> None:
        """Stop the worker: the parts still to come are not needed (a build that stopped), or are all made."""
        self.coming.clear()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def __call__(self, view: OutputView, digests: dict[str, str],
                 parts: list[OfflinePart]) -> Iterator[OutputFile | LinkedFile]:
        """The piece files (linked from the cache), the list of them, and the vocabulary made of their words."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        names, kept, keys = [], set(), []
        read = lambda page: view.location(page).read_text(encoding="utf-8", errors="replace")  # noqa: E731
        for part in parts:
            made_ahead = self.coming.pop(part.key, None)
            if made_ahead is not None:
                try:
                    made_ahead.result()
                except Exception:  # noqa: BLE001 - a worker that failed or was stopped: made here instead
                    pass
            for piece in _made(self.cache_dir, part, read, digests, len(parts)):
                names.append(piece.file)
                script = self.cache_dir / f"{piece.key}.js"
                yield LinkedFile(f"{OFFLINE_FOLDER}/{piece.file}", str(script), piece.key)
                kept |= {script.name, f"{piece.key}.woorden.json", _records_file(len(parts), piece)}
                keys.append(piece.key)
        yield OutputFile(f"{OFFLINE_FOLDER}/{MANIFEST_FILE}", manifest_script(names))
        words_key = hashlib.sha256("/".join(keys).encode()).hexdigest()[:24]  # unchanged pieces: kept as it was
        made = self.cache_dir / f"woordenlijst-{words_key}.js"
        if not made.is_file():
            forms: Counter[str] = Counter()
            for key in keys:
                forms.update(json.loads((self.cache_dir / f"{key}.woorden.json").read_text(encoding="utf-8")))
            _write_new(made, vocabulary_script(vocabulary(forms)))
        yield LinkedFile(VOCABULARY_FILE, str(made), words_key)
        self.close()
        _keep_only(self.cache_dir, kept | {made.name})


def make_part(cache_dir: Path, part: OfflinePart, locations: dict[str, str], digests: dict[str, str],
              count: int) -> None:
    """In a worker process: a part's files, from its pages where they are now."""
    _made(cache_dir, part, lambda page: Path(locations[page]).read_text(encoding="utf-8", errors="replace"),
          digests, count)


def _made(cache_dir: Path, part: OfflinePart, read: Callable[[str], str], digests: dict[str, str],
          count: int) -> list[Piece]:
    """The part's pieces, each made (its script and the words it holds, kept in the cache by its key) unless it
    is kept already."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    found = pieces(part, digests, count)
    for piece in found:
        if (cache_dir / f"{piece.key}.js").is_file() and (cache_dir / f"{piece.key}.woorden.json").is_file():
            continue
        records = _records(cache_dir, read, digests, piece, count)
        _write_new(cache_dir / f"{piece.key}.woorden.json",
                   json.dumps(_forms(records), ensure_ascii=False, sort_keys=True).encode())
        _write_new(cache_dir / f"{piece.key}.js", piece_script(piece.part, records))
    return found


def _records(cache_dir: Path, read: Callable[[str], str], digests: dict[str, str], piece: Piece,
             count: int) -> list[PageRecord]:
    """The piece's page records: from the cache for pages read before, else from the page itself."""
    file = cache_dir / _records_file(count, piece)
    try:
        known = pickle.loads(file.read_bytes())  # written below: 4 times quicker to read and write than JSON
    except Exception:  # noqa: BLE001 - missing, cut short or damaged: every page is read again
        known = {}
    records, kept = [], {}
    for page in piece.pages:
        digest = digests[page]
        fields = known.get(digest) if isinstance(known, dict) else None
        if not (isinstance(fields, list) and len(fields) == 8):
            record = page_record(page, read(page))
            if record is None:
                continue
            fields = [record.url, record.title, record.meta, record.filters, record.sort, record.weights,
                      record.length, record.opening]
        fields[0] = page
        kept[digest] = fields
        records.append(PageRecord(*fields))
    _write_new(file, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    return records


def _records_file(count: int, piece: Piece) -> str:
    """Where a piece's page records are kept between builds: by its place, as Pagefind's page folders are."""
    return f"paginas-{FORMAT}-{count}-{piece.part}-{piece.number}.pickle"


def _forms(records: Iterable[PageRecord]) -> dict[str, int]:
    """Per word (as written, in lower case), the number of pages it is on: what the vocabulary counts."""
    total: Counter[str] = Counter()
    for record in records:
        total.update(word for word, weight in record.weights.items() if weight)
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
