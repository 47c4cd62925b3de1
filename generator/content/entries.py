"""Typed entries: initiatives, stories with photos, and plain pages, parsed from source files."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import KW_ONLY, dataclass, field, replace
from datetime import date
from html import unescape
from itertools import repeat
from pathlib import Path
from typing import Any

from ..errors import SiteError, warning
from ..incremental.cache import BuildCache, fingerprint
from ..text.markup import MAX_NESTING, render_markdown, too_deep
from ..workers import process_pool
from . import schema
from .config import Config
from .consent import photo_held_back, story_held_back
from .dates import FuzzyDate
from .fields import Checker
from .links import OWN_FOLDER, ContentLink, content_links, images_in
from .scaffold import is_placeholder
from .sources import ContentFile, SourceFile, read_source


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class Place:
    name: str = ""
    address: str = ""
    coordinates: tuple[float, float] | None = None


@dataclass(frozen=True)
class Photo:
    """A photo beside an entry's index.md, with what must be shown with it."""

    source: Path  # the original file
    file_name: str
    alt: str
    entry_path: str  # the entry's file, for messages
    line: int  # the line of its `bestand:` key, for messages
    caption: str = ""
    photographer: str = ""
    credit_source: str = ""
    date: FuzzyDate | None = None
    licence: str = ""
    consent: str = "onbekend"
    people_recognisable: bool = False
    withdrawn: datetime.date | None = None  # (a field named `date` hides the type in a class)

    @property
    def publishable(self) -> bool:
        """A photo of recognisable people is only shown with their consent; a withdrawn one never."""
        if self.withdrawn:
            return False
        return self.consent == "ja" or (not self.people_recognisable and self.consent != "nee")


@dataclass(frozen=True)
class EntryBase:
    """What every entry has: its address (slug), its file, its title, whether it is a draft, and the hashes and
    links the build keeps of it. Initiative, Story and Page add their own fields; the first three are positional
    in each, the rest are named."""

    slug: str
    source_path: str  # relative to the site root, with forward slashes, for messages
    title: str
    _: KW_ONLY
    draft: bool = False
    source_key: str = field(default="", compare=False, repr=False)  # hash of its file and site.yaml
    card_key: str = field(default="", compare=False, repr=False)  # hash of all but its long texts (see card_key)
    links: tuple[ContentLink, ...] = field(default=(), compare=False, repr=False)  # links in its texts, by line


@dataclass(frozen=True)
class Initiative(EntryBase):
    summary: str
    wijk: str
    body_html: str
    themes: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    status: str = "lopend"
    since: FuzzyDate | None = None
    when: str = ""
    place: Place | None = None
    contact: Contact | None = None
    how_to_join_html: str = ""
    wanted: tuple[str, ...] = ()
    offered: tuple[str, ...] = ()
    image: Photo | None = None
    checked: date | None = None
    added: date | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Story(EntryBase):
    body_html: str
    summary: str = ""
    teller: str = ""
    recorded_by: str = ""
    date: FuzzyDate | None = None
    place: str = ""
    wijk: str = ""
    subjects: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    licence: str = ""
    consent: str = "onbekend"
    credit_source: str = ""
    added: datetime.date | None = None
    withdrawn: datetime.date | None = None
    body_opening: str = ""  # without a summary: the start of its text, for the page's meta description
    key_lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def cover(self) -> Photo | None:
        """The first photo that may be shown, for cards and previews."""
        return next((photo for photo in self.photos if photo.publishable), None)

    @property
    def shown_photos(self) -> tuple[Photo, ...]:
        """Photos on the page: publishable ones, and placeholders for those awaiting consent (not withdrawn ones)."""
        return tuple(photo for photo in self.photos if not photo.withdrawn)


@dataclass(frozen=True)
class Page(EntryBase):
    body_html: str
    summary: str = ""
    order: float = 100
    body_opening: str = ""  # without a summary: the start of its text, for the page's meta description


Entry = Initiative | Story | Page


Parsed = tuple[Entry | None, list[SiteError]]
PARALLEL_FROM = 64  # below this many files, starting worker processes costs more than it saves
CACHE_BATCH = 500


def parse(files: list[ContentFile], config: Config, today: date | None = None,
          cache: BuildCache | None = None) -> tuple[list[Entry], list[SiteError]]:
    """Check every file against its schema and build typed entries; collect all problems.

    Files whose bytes (and site.yaml) are unchanged come from the cache; the rest is parsed on all cores.
    """
    today = today or date.today()
    config_key = fingerprint(config.root, config.vocabularies, config.embeds)
    keys = [fingerprint(config_key, file.kind, file.path, file.slug, file.digest) for file in files]
    cached: dict[str, Parsed] = cache.get_many("entries", keys) if cache else {}
    todo = [(key, file) for key, file in zip(keys, files, strict=True) if key not in cached]
    results = dict(cached)
    parallel = len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
    workers = process_pool() if parallel else None
    with workers or nullcontext() as pool:
        args = ([key for key, _ in todo], [file for _, file in todo], repeat(config), repeat(today))
        parsed = pool.map(_parse_keyed, *args, chunksize=32) if pool else map(_parse_keyed, *args)
        fresh: dict[str, Parsed] = {}
        for (key, _), (result, as_hashed) in zip(todo, parsed, strict=True):  # as the workers finish them
            results[key] = result
            if result[0] is not None and as_hashed:  # not one saved again while it was read
                fresh[key] = result
            if cache and len(fresh) >= CACHE_BATCH:  # kept while the workers go on, a batch at a time
                cache.put_many("entries", fresh)
                fresh = {}
        if cache:
            cache.put_many("entries", fresh)
            cache.keep_only("entries", set(keys))
    entries = [entry for key in keys if (entry := results[key][0]) is not None]
    return entries, [problem for key in keys for problem in results[key][1]]


# Shown on an entry's own page (the opening of its text in its meta description), not on cards in lists.
LONG_TEXTS = ("body_html", "how_to_join_html", "body_opening")


def card_key(entry: Entry) -> str:
    """A hash of everything about an entry except its long texts: pages that list entries (but never show
    their texts) stay as they are when only a text is edited."""
    blanked: dict[str, Any] = {name: "" for name in LONG_TEXTS if hasattr(entry, name)}
    return fingerprint(replace(entry, **blanked))


def _parse_keyed(key: str, file: ContentFile, config: Config, today: date) -> tuple[Parsed, bool]:
    """The entry with its keys, and whether it was parsed from the very bytes its key was made from: a file
    known from the memo is read only now, and may have been saved again in between (its entry is then used for
    this build, but not kept under the old key)."""
    loaded, problems = file.with_data()
    if loaded is None or loaded.data is None:
        return (None, problems), True
    as_hashed = file.data is not None or hashlib.sha256(loaded.data).hexdigest() == file.digest
    entry, more = parse_file(loaded, config, today)
    if entry is None:
        return (None, problems + more), as_hashed
    entry = replace(entry, source_key=key, card_key=card_key(entry))
    return (entry, problems + more), as_hashed


def parse_file(file: ContentFile, config: Config, today: date) -> Parsed:
    """One content file to a typed entry, or None with the problems that prevent it."""
    source, problems = read_source(file)
    if source is None:
        return None, problems
    checker = Checker(source.front, source.path, config.vocabularies, today,
                      draft=source.front.data.get("concept") is True)
    if not source.slug:
        checker.error("", "de bestandsnaam bevat geen letters of cijfers",
                      "geef het bestand (of de map) een naam zoals reparatiecafe.md")
    values = checker.check(source.front.data, schema.SCHEMAS[source.kind])
    problems += checker.problems + _placeholders(source)
    problems += _too_deep(source, values) + _images_in_text(source, values)
    if any(p.is_error for p in problems):
        return None, problems + (_held_back(source, values) if source.kind == "verhaal" else [])
    try:
        body_html = render_markdown(source.body, config.embeds)
        body_opening = "" if values.get("samenvatting") else opening_of(body_html)
        entry: Entry
        if source.kind == "initiatief":
            entry = _initiative(source, values, body_html, config.embeds)
        elif source.kind == "verhaal":
            entry = _story(source, values, body_html, body_opening)
        else:
            entry = Page(source.slug, source.path, values["titel"], body_html, values.get("samenvatting", ""),
                         values.get("volgorde", 100), body_opening, draft=values.get("concept", False))
    except RecursionError:  # too_deep should have found it; should anything else nest this deep, say so all the same
        return None, [*problems, SiteError(source.path, source.body_line, "de tekst is te diep genest om te verwerken",
                                           DEEP_HINT)]
    return replace(entry, links=_links(source, entry)), problems


# Where an entry's page is (as pages.url_of puts it), with OWN_FOLDER for its own folder: its name is only decided
# when every entry is known (pages.address). Links in its texts are relative to that page.
OWN_PAGE = {"initiatief": f"initiatieven/{OWN_FOLDER}", "verhaal": f"verhalen/{OWN_FOLDER}", "pagina": OWN_FOLDER}


def _links(source: SourceFile, entry: Entry) -> tuple[ContentLink, ...]:
    """The links to files of the site in an entry's texts, each with its line: in the body, the line it is on; in
    a text of the front matter (meedoen), the line of its key."""
    found = content_links(entry.body_html, source.body, source.body_line, OWN_PAGE[source.kind])
    if isinstance(entry, Initiative) and entry.how_to_join_html:
        found += content_links(entry.how_to_join_html, None, source.front.line_of("meedoen"), OWN_PAGE[source.kind])
    return tuple(found)


DEEP_HINT = ("zo diep zet niemand iets met de hand in elkaar; is er iets misgegaan bij het plakken? "
             "Haal de overbodige tekens weg")
_DEEP = {"lijsten": "lijsten en citaten (-, 1., >)", "html": "HTML-elementen (zoals <div>)", "haken": "haken ["}


def _markdown_texts(source: SourceFile, values: dict[str, Any]) -> list[tuple[str, int, bool]]:
    """Every Markdown text of a file: (text, its first line, whether its lines are the file's own): the body, and
    meedoen (whose lines are told by its key's line)."""
    texts = [(source.body, source.body_line, True)]
    if source.kind == "initiatief" and values.get("meedoen"):
        texts.append((values["meedoen"], source.front.line_of("meedoen"), False))
    return texts


IMAGE_HINT = ("een foto hoort in de gegevens bovenaan, met alt-tekst en toestemming: bij een verhaal onder fotos:, bij "
              "een initiatief onder afbeelding: (zie docs/inhoud.md)")


def _images_in_text(source: SourceFile, values: dict[str, Any]) -> list[SiteError]:
    """A warning for each image in a text (![...](foto.jpg), <img>): text is sanitised, and images are not kept, so
    that every photo passes through the consent and metadata checks and no page loads another site's images."""
    return [warning(source.path, first_line + line if own_lines else first_line,
                    f"de afbeelding {image} in de tekst wordt niet getoond", IMAGE_HINT)
            for text, first_line, own_lines in _markdown_texts(source, values) for image, line in images_in(text)]


def _too_deep(source: SourceFile, values: dict[str, Any]) -> list[SiteError]:
    """An error for a Markdown text that nests deeper than anyone writes by hand (see markup.too_deep)."""
    problems = []
    for text, first_line, own_lines in _markdown_texts(source, values):
        found = too_deep(text)
        if found:
            line = first_line + found.line if own_lines else first_line
            problems.append(SiteError(source.path, line, f"de tekst is hier te diep genest: meer dan {MAX_NESTING} "
                                      f"{_DEEP[found.kind]} in elkaar; wijksite verwerkt er hoogstens {MAX_NESTING}",
                                      DEEP_HINT))
    return problems



DESCRIPTION_LENGTH = 160  # about what search engines show of a meta description
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</(?:p|li|h\d|div|blockquote|td|th)>")


def opening_of(html: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The start of a text as plain words, whole sentences where they fit: from its paragraphs, else from all."""
    paragraphs = _PARAGRAPH.findall(html) or [html]
    text = " ".join(unescape(_TAG.sub("", _BREAK.sub(" ", " ".join(paragraphs)))).split())
    return shorten(text, limit)


def shorten(text: str, limit: int = DESCRIPTION_LENGTH, sentences: bool = True) -> str:
    """`text` within `limit` characters: up to the last sentence that fits (with `sentences`), else the last whole
    word and '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1]
    sentence_end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? ")) if sentences else -1
    if sentence_end >= limit // 2:
        return cut[:sentence_end + 1]
    return cut[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


def _held_back(source: SourceFile, values: dict[str, Any]) -> list[SiteError]:
    """What consent holds back in a story that has errors, so that whoever fixes them sees every warning at once
    (a story without errors is judged with the others in site.assemble)."""
    if "toestemming" in source.front.data and "toestemming" not in values:
        return []  # an impossible answer: its own error says so
    held_back = story_held_back(source.path, values.get("toestemming", "onbekend"), values.get("ingetrokken"),
                                source.front.lines)
    if held_back:
        return [held_back]
    photos = [_photo(source, photo, f"fotos.{index}.bestand")
              for index, photo in enumerate(values.get("fotos", ())) if "bestand" in photo]
    return [problem for photo in photos if (problem := photo_held_back(photo))]


def _placeholders(source: SourceFile) -> list[SiteError]:
    """A warning for each line that still holds the example text `wijksite init` or `new` wrote."""
    lines: list[int] = []

    def visit(value: object, key_path: str) -> None:
        if isinstance(value, str) and is_placeholder(value):
            lines.append(source.front.line_of(key_path))
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{key_path}.{key}" if key_path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{key_path}.{index}")

    visit(source.front.data, "")
    lines += [source.body_line + index for index, line in enumerate(source.body.split("\n")) if is_placeholder(line)]
    return [warning(source.path, line, "deze tekst is nog de voorbeeldtekst van wijksite",
                    "vervang hem door je eigen tekst") for line in lines]


def _photo(source: SourceFile, values: dict[str, Any], key_path: str) -> Photo:
    return Photo(
        source=source.folder / values["bestand"], file_name=values["bestand"], alt=values.get("alt", ""),
        entry_path=source.path, line=source.front.line_of(key_path),
        caption=values.get("bijschrift", ""), photographer=values.get("fotograaf", ""),
        credit_source=values.get("bron", ""), date=values.get("datum"), licence=values.get("licentie", ""),
        consent=values.get("toestemming", "onbekend"),
        people_recognisable=values.get("personen_herkenbaar", False), withdrawn=values.get("ingetrokken"))


def _initiative(source: SourceFile, values: dict[str, Any], body_html: str, embeds: tuple[str, ...]) -> Initiative:
    place, contact, image = values.get("waar"), values.get("contact"), values.get("afbeelding")
    return Initiative(
        slug=source.slug, source_path=source.path, title=values["titel"], summary=values["samenvatting"],
        wijk=values["wijk"], body_html=body_html, themes=values.get("themas", ()),
        organisations=values.get("organisaties", ()), status=values.get("status", "lopend"),
        since=values.get("sinds"), when=values.get("wanneer", ""),
        place=Place(place.get("naam", ""), place.get("adres", ""), place.get("coordinaten")) if place else None,
        contact=Contact(contact.get("naam", ""), contact.get("e-mail", ""), contact.get("telefoon", ""),
                        contact.get("website", "")) if contact else None,
        how_to_join_html=render_markdown(values.get("meedoen", ""), embeds),
        wanted=values.get("gezocht", ()), offered=values.get("aanbod", ()),
        image=_photo(source, {**image, "toestemming": "ja"}, "afbeelding.bestand") if image else None,
        checked=values.get("gecontroleerd"), added=values.get("toegevoegd"), draft=values.get("concept", False),
        key_lines=source.front.lines)


def _story(source: SourceFile, values: dict[str, Any], body_html: str, body_opening: str) -> Story:
    photos = [_photo(source, photo, f"fotos.{index}.bestand") for index, photo in enumerate(values.get("fotos", ()))]
    return Story(
        slug=source.slug, source_path=source.path, title=values["titel"], body_html=body_html,
        summary=values.get("samenvatting", ""), teller=values.get("verteller", ""),
        recorded_by=values.get("opgetekend_door", ""), date=values.get("datum"),
        place=values.get("plaats", ""), wijk=values.get("wijk", ""), subjects=values.get("onderwerpen", ()),
        photos=tuple(photos), licence=values.get("licentie", ""), consent=values.get("toestemming", "onbekend"),
        credit_source=values.get("bron", ""), added=values.get("toegevoegd"), withdrawn=values.get("ingetrokken"),
        draft=values.get("concept", False), body_opening=body_opening,
        key_lines=source.front.lines)
