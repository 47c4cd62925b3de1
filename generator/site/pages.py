"""The one place that decides output paths and URLs, and which pages the site has."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import quote

from ..content.consent import story_held_back
from ..content.entries import DESCRIPTION_LENGTH, Entry, Initiative, Page, Story, shorten
from ..content.slugs import DEVICE_NAMES, device_name, portable_slug
from ..errors import SiteError, warning
from .model import Group, Site

SECTION_PATHS = {"initiatief": "initiatieven", "verhaal": "verhalen"}


class PageContext(TypedDict, total=False):
    """What a page's template gets of its own (besides `site`, `page`, `config` and the lookups every page gets),
    by kind of page:

    - an entry's page (initiatief.html, verhaal.html, pagina.html): `entry`; in a preview of a story held back for
      consent also `held_back` (why);
    - a page of a list of entries (initiatieven.html, verhalen.html): `entries`, `pagination`;
    - a page of a list of groups (groepen.html): `section` (wijken, themas, ...), `groups`, `pagination`;
    - a page of a group (groep.html: a wijk, theme, organisation, subject or decade): `group` (with this page's
      part of its members), `pagination`;
    - home, tijdlijn, zoeken and 404: nothing of their own (they read `site`);
    - pages to print (render/posters.py): a poster (poster.html) `entry`; a leaflet of a wijk (folder.html) `group`
      and `leaflet` (which part of the wijk's leaflets it is).

    Templates, the search index and the browser apps read the same model through these names.
    """

    entry: Entry
    held_back: SiteError | None
    entries: Sequence[Initiative | Story]
    section: str
    groups: Sequence[Group]
    group: Group
    pagination: Pagination
    leaflet: object  # render.posters.LeafletPart: the site room does not know the pages to print by type


@dataclass(frozen=True)
class PagePlan:
    """One HTML page to render: where it goes, with which template, and what it shows."""

    path: str  # output file, relative to the output root, e.g. "verhalen/molens/index.html"
    template: str
    title: str
    description: str = ""
    context: PageContext = field(default_factory=lambda: PageContext(), hash=False, compare=False)
    root_relative: bool = False  # 404.html is served at any address, so its links start at the site root
    printed: bool = False  # a page to print (posters.py): not in the sitemap, not searched

    @property
    def preview_only(self) -> bool:
        """A page of a story held back for consent, with a banner saying why: made for `wijksite serve` only."""
        return "held_back" in self.context

    @property
    def url(self) -> str:
        """Site-relative URL of this page ("verhalen/molens/")."""
        return self.path.removesuffix("index.html")


# Top-level names the site itself uses: a page (content/paginas/<naam>.md) cannot have them as its address.
SITE_NAMES = frozenset({"initiatieven", "verhalen", "wijken", "themas", "organisaties", "onderwerpen", "tijdlijn",
                        "static", "zoeken", "404", "index", "feeds", "open-data", "pagefind"})
_SECTION = {Initiative: "initiatieven/", Story: "verhalen/", Page: ""}


def address(entries: list[Entry]) -> tuple[list[Entry], list[SiteError]]:
    """Every entry an address of its own that every disk can hold: its slug, or else the first free one of slug-2,
    slug-3, ... A slug is not free when Windows keeps it for a device (con, aux, nul, com1), when the site uses it
    itself (a page named zoeken), or when an entry of the same kind has it: names that differ only in case or
    accents (Molen.md, molen.md, Molén.md) give the same slug, and Windows, macOS and FAT see them as one. Of those,
    the entry whose name is the slug itself keeps it, then the first by path. Each change is a warning."""
    slugs = [(type(entry), entry.slug) for entry in entries]  # most sites have no clash at all: that is quick to see
    if len(set(slugs)) == len(slugs) and DEVICE_NAMES.isdisjoint(slug for _, slug in slugs) and \
            SITE_NAMES.isdisjoint(slug for kind, slug in slugs if kind is Page):
        return entries, []
    by_address: dict[tuple[str, str], list[int]] = {}
    for index, entry in enumerate(entries):
        by_address.setdefault((_SECTION[type(entry)], entry.slug), []).append(index)
    clashes = [(key, indexes) for key, indexes in by_address.items() if len(indexes) > 1 or key[1] in DEVICE_NAMES
               or (not key[0] and key[1] in SITE_NAMES)]
    if not clashes:
        return entries, []
    taken = {key: None for key in by_address} | {("", name): None for name in SITE_NAMES}
    addressed, problems = list(entries), []
    for (section, slug), indexes in sorted(clashes):
        indexes.sort(key=lambda i: (_own_name(entries[i]) != slug, entries[i].source_path))
        keeper = entries[indexes[0]] if slug not in DEVICE_NAMES and (section or slug not in SITE_NAMES) else None
        for index in indexes[1:] if keeper else indexes:
            entry = entries[index]
            new = portable_slug(slug, {name for (other, name) in taken if other == section})
            taken[section, new] = None
            addressed[index] = replace(entry, slug=new)
            problems.append(warning(entry.source_path, None, _why_moved(section, slug, keeper, entry) +
                                    f"; het krijgt het adres {section}{new}/", _MOVED_HINT))
    return addressed, problems


_MOVED_HINT = "wil je een ander adres, geef het bestand (of de map) een andere naam"


def _why_moved(section: str, slug: str, keeper: Entry | None, entry: Entry) -> str:
    if slug in DEVICE_NAMES:
        return device_name(slug)
    if keeper is None:
        return f"de naam '{slug}' is al in gebruik door de site zelf"
    same = ("; op Windows, een Mac en een USB-stick zijn dat dezelfde naam"
            if _own_name(keeper).casefold() == _own_name(entry).casefold() else "")
    return f"dit heeft hetzelfde webadres ({section}{slug}/) als {keeper.source_path}{same}"


def _own_name(entry: Entry) -> str:
    """The name of an entry's file or folder as written ("Molen" for content/verhalen/Molen/index.md)."""
    name = entry.source_path.removesuffix("/index.md").rpartition("/")[2]
    return name.rpartition(".")[0] if name.endswith((".md", ".markdown")) else name


def url_of(target: Entry | Group | str) -> str:
    """Site-relative URL of an entry, a group page or a path ("static/css/site.css")."""
    if isinstance(target, Initiative):
        return f"initiatieven/{target.slug}/"
    if isinstance(target, Story):
        return f"verhalen/{target.slug}/"
    if isinstance(target, Page):
        return f"{target.slug}/"
    if isinstance(target, Group):
        return f"{target.section}/{target.term.slug}/"
    return target


def absolute_url(base_url: str, site_url: str) -> str:
    """A full address for feeds, sitemaps and sharing; site-relative when the site has no basis_url."""
    return base_url + site_url if base_url else site_url


def relative_url(from_path: str, to_url: str) -> str:
    """A link from one output file to a site-relative URL that works at any sub-path and from disk.

    Folder URLs get an explicit index.html: a site opened from a USB stick has no web server to add it.
    """
    folder = from_path.rpartition("/")[0]
    path = to_url.partition("#")[0] or "index.html"
    if folder and path.partition("/")[0] != folder.partition("/")[0] and "/." not in f"/{path}":
        return _link_up(folder.count("/") + 1, to_url)  # nothing in common: only the depth matters
    return _relative_url(folder, to_url)


@functools.lru_cache(maxsize=8192)
def _link_up(depth: int, to_url: str) -> str:
    """The link to `to_url` from any folder `depth` folders deep that it shares no folder with: the menu, the
    style sheets and the links between sections are the same on thousands of pages (a fifth of rendering)."""
    return _relative_url("/".join(["\0"] * depth), to_url)  # a folder name no URL has


def _relative_url(folder: str, to_url: str) -> str:
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    target = to_url + "index.html" if to_url == "" or to_url.endswith("/") else to_url
    # percent-encoded: a photo named "opa en oma.jpg" must not break a srcset list
    return quote(_relative_path(target, folder)) + fragment


def _relative_path(target: str, start: str) -> str:
    """posixpath.relpath(target, start) for clean site-relative paths, without its calls to the disk's cwd
    (a page has dozens of links; this was a third of the rendering time)."""
    to_parts, from_parts = target.split("/"), start.split("/") if start else []
    if any(part in ("", ".", "..") for part in (*to_parts[:-1], *from_parts)) or to_parts[-1] in (".", ".."):
        return posixpath.relpath(target, start or ".")
    common = 0
    for to_part, from_part in zip(to_parts, from_parts, strict=False):
        if to_part != from_part:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def photo_folders(site: Site) -> dict[Path, str]:
    """The output folder of each published photo: beside its entry's page."""
    folders: dict[Path, str] = {}
    for initiative in site.initiatives:
        if initiative.image:
            folders[initiative.image.source] = url_of(initiative)
    for story in site.stories:
        for photo in story.photos:
            folders[photo.source] = url_of(story)
    return folders


def plan_pages(site: Site, messages: dict[str, str], preview: bool = False) -> list[PagePlan]:
    """Every page of the site, in a stable order; titles of built-in pages come from the theme's messages.

    A preview (`wijksite serve`) also has a page for each story held back for consent, saying why and what to do.
    """
    def builtin(path: str, template: str, name: str, **kwargs: Any) -> PagePlan:
        description = messages.get(f"{name}.beschrijving", "").format(gemeente=site.config.municipality)
        return PagePlan(path, template, messages[f"{name}.titel"], description, **kwargs)

    lists = Lists(messages, site.config.municipality, site.stories)
    pages = [
        PagePlan("index.html", "home.html", site.config.title,
                 site.config.subtitle or messages["home.beschrijving"].format(gemeente=site.config.municipality)),
        *lists.pages("initiatieven/", "initiatieven.html", "initiatieven", site.initiatives,
                     lambda chunk: {"entries": chunk}),
        *lists.pages("verhalen/", "verhalen.html", "verhalen", site.stories, lambda chunk: {"entries": chunk},
                     lists.size(site.stories)),
        builtin("tijdlijn/index.html", "tijdlijn.html", "tijdlijn"),
        builtin("zoeken/index.html", "zoeken.html", "zoeken"),
        builtin("404.html", "404.html", "niet_gevonden", root_relative=True),
    ]
    entries: list[Entry] = [*site.initiatives, *site.stories, *site.pages]
    pages += [_entry_page(entry) for entry in entries]
    for section, groups in (("wijken", site.wijken), ("themas", site.themes),
                            ("organisaties", site.organisations), ("onderwerpen", site.subjects)):
        pages += lists.pages(f"{section}/", "groepen.html", section, groups,
                             functools.partial(_groups_context, section))
        pages += [page for group in groups for page in lists.group_pages(group)]
    pages += [page for decade in site.decades for page in lists.group_pages(decade)]
    if preview:
        pages += [_held_back_page(story) for story in site.withheld_stories]
    return pages


def _groups_context(section: str, groups: Sequence[Group]) -> PageContext:
    return {"section": section, "groups": groups}


_TEMPLATES = {Initiative: "initiatief.html", Story: "verhaal.html", Page: "pagina.html"}


def _entry_page(entry: Entry) -> PagePlan:
    template = _TEMPLATES[type(entry)]
    description = entry.summary or getattr(entry, "body_opening", "") or entry.title
    return PagePlan(url_of(entry) + "index.html", template, entry.title, description, {"entry": entry})


def _held_back_page(story: Story) -> PagePlan:
    """The page a story would have, with why it is not published (its photos are not shown)."""
    why = story_held_back(story.source_path, story.consent, story.withdrawn, story.key_lines)
    return PagePlan(url_of(story) + "index.html", "verhaal.html", story.title, story.summary,
                    {"entry": story, "held_back": why})


# Items on one page of a list, so that a page stays under 50 KB of HTML with the longest titles and summaries:
# a story card with a photo takes about 1.5 KB, a card without (every initiative card, a group) about 0.7 KB.
PER_PAGE_WITH_PHOTOS, PER_PAGE = 20, 40


@dataclass(frozen=True, repr=False)
class Pagination:
    """Page `number` of a list spread over `count` pages. The first page is the list's own address (`base`), the
    others are files beside it, `base` + "pagina-N.html" (no folder each: fewer folders for a build to look
    through); templates ask for the addresses of the pages around this one."""

    base: str
    number: int = 1
    count: int = 1

    def __repr__(self) -> str:  # part of the page's key: dataclasses' own repr costs more, for thousands of pages
        return f"Pagination({self.base!r}, {self.number}, {self.count})"

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}pagina-{number}.html"

    def path(self, number: int) -> str:
        """The output file of page `number`."""
        return self.base + "index.html" if number == 1 else self.url(number)

    @property
    def previous(self) -> str:
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.url(self.number + 1) if self.number < self.count else ""

    def shown(self) -> list[int]:
        """The page numbers to offer: the first, the last, and two on either side of this one (0 marks a gap)."""
        near = {1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)}
        numbers: list[int] = []
        for number in sorted(near):
            if numbers and number > numbers[-1] + 1:
                numbers.append(0)
            numbers.append(number)
        return numbers


class Lists:
    """The pages of the site's lists, PER_PAGE items a page (fewer with photos), with titles and descriptions from
    what each page shows (messages from the theme)."""

    def __init__(self, messages: dict[str, str], municipality: str, stories: Sequence[Story]) -> None:
        self.messages, self.municipality = messages, municipality
        # the stories whose cards show a photo, asked once (a wijk lists thousands of stories)
        self.with_photo = {id(story) for story in stories if story.photos and story.cover}

    def size(self, stories: Sequence[Story]) -> int:
        """How many cards go on one page of a list with these stories: fewer when any of them shows a photo."""
        if self.with_photo and any(id(story) in self.with_photo for story in stories):
            return PER_PAGE_WITH_PHOTOS
        return PER_PAGE

    def pages(self, base: str, template: str, name: str, items: Sequence[Any],
              context: Callable[[Sequence[Any]], PageContext], size: int = PER_PAGE) -> list[PagePlan]:
        """A built-in list (initiatives, stories, the wijken, ...): its title and lead from the messages."""
        lead = self.messages.get(f"{name}.beschrijving", "").format(gemeente=self.municipality)
        return self._paginated(base, template, self.messages[f"{name}.titel"], lead, True, items, size,
                               lambda start, end: context(items[start:end]))

    def group_pages(self, group: Group) -> list[PagePlan]:
        """A wijk, theme, organisation, subject or decade: each page shows part of its members, initiatives first."""
        lead = group.term.description or self.messages[f"{group.section}.groep_beschrijving"].format(
            naam=group.term.name)
        first = len(group.initiatives)

        def context(start: int, end: int) -> PageContext:
            part = Group(group.section, group.term, group.initiatives[start:end],
                         group.stories[max(0, start - first):max(0, end - first)])
            return {"group": part}

        return self._paginated(url_of(group), "groep.html", group.term.name, lead, bool(group.term.description),
                               (*group.initiatives, *group.stories), self.size(group.stories), context)

    def _paginated(self, base: str, template: str, title: str, lead: str, lead_given: bool, items: Sequence[Any],
                   size: int, context: Callable[[int, int], PageContext]) -> list[PagePlan]:
        count = max(1, -(-len(items) // size))
        pages = []
        for number in range(1, count + 1):
            start = (number - 1) * size
            pagination = Pagination(base, number, count)
            where = self.messages["paginering.stand"].format(nummer=number, aantal=count) if count > 1 else ""
            shown = self.messages["paginering.titel"].format(titel=title, stand=where.lower()) if where else title
            description = lead if lead_given and number == 1 else _listing(
                f"{lead} {where}: " if where else f"{lead} ", items[start:start + size])
            pages.append(PagePlan(pagination.path(number), template, shown, description,
                                  {**context(start, start + size), "pagination": pagination}))
        return pages


def _listing(lead: str, items: Sequence[Any]) -> str:
    """A list page's description: its lead, then the names it shows, as many as fit."""
    text = lead
    for index, item in enumerate(items):
        text += (", " if index else "") + (item.title if isinstance(item, (Initiative, Story)) else item.term.name)
        if len(text) > DESCRIPTION_LENGTH:
            break
    return shorten(text.strip().rstrip(":"), sentences=False)

