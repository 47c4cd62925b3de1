"""The one place that decides output paths and URLs, and which pages the site has."""

from __future__ import annotations

import difflib
import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .consent import story_held_back
from .content import Entry, Initiative, Page, Story
from .errors import SiteError, warning
from .site import Group, Site

SECTION_PATHS = {"initiatief": "initiatieven", "verhaal": "verhalen"}


@dataclass(frozen=True)
class PagePlan:
    """One HTML page to render: where it goes, with which template, and what it shows."""

    path: str  # output file, relative to the output root, e.g. "verhalen/molens/index.html"
    template: str
    title: str
    description: str = ""
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    root_relative: bool = False  # 404.html is served at any address, so its links start at the site root

    @property
    def preview_only(self) -> bool:
        """A page of a story held back for consent, with a banner saying why: made for `wijksite serve` only."""
        return "held_back" in self.context

    @property
    def url(self) -> str:
        """Site-relative URL of this page ("verhalen/molens/")."""
        return self.path.removesuffix("index.html")


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

    pages = [
        PagePlan("index.html", "home.html", site.config.title, site.config.subtitle),
        builtin("initiatieven/index.html", "initiatieven.html", "initiatieven"),
        builtin("verhalen/index.html", "verhalen.html", "verhalen"),
        builtin("tijdlijn/index.html", "tijdlijn.html", "tijdlijn"),
        builtin("zoeken/index.html", "zoeken.html", "zoeken"),
        builtin("404.html", "404.html", "niet_gevonden", root_relative=True),
    ]
    entries: list[Entry] = [*site.initiatives, *site.stories, *site.pages]
    pages += [_entry_page(entry) for entry in entries]
    for section, groups in (("wijken", site.wijken), ("themas", site.themes),
                            ("organisaties", site.organisations), ("onderwerpen", site.subjects)):
        pages.append(builtin(f"{section}/index.html", "groepen.html", section,
                             context={"section": section, "groups": groups}))
        pages += [_group_page(group) for group in groups]
    pages += [_group_page(decade) for decade in site.decades]
    if preview:
        pages += [_held_back_page(story) for story in site.withheld_stories]
    return pages


def _entry_page(entry: Entry) -> PagePlan:
    template = {Initiative: "initiatief.html", Story: "verhaal.html", Page: "pagina.html"}[type(entry)]
    return PagePlan(url_of(entry) + "index.html", template, entry.title, entry.summary, {"entry": entry})


def _held_back_page(story: Story) -> PagePlan:
    """The page a story would have, with why it is not published (its photos are not shown)."""
    why = story_held_back(story.source_path, story.consent, story.withdrawn, story.key_lines)
    return PagePlan(url_of(story) + "index.html", "verhaal.html", story.title, story.summary,
                    {"entry": story, "held_back": why})


def _group_page(group: Group) -> PagePlan:
    return PagePlan(url_of(group) + "index.html", "groep.html", group.term.name, group.term.description,
                    {"group": group})


def broken_links(site: Site, pages: list[PagePlan], static_paths: set[str],
                 unpublished: list[Entry]) -> list[SiteError]:
    """Links written as [tekst](/pad/) in content that point at no page or file of the site.

    A link to an entry that exists but is not published (a draft, or withdrawn consent) is a warning:
    the link becomes plain text, so withdrawing consent never breaks the build.
    """
    known = {page.url for page in pages} | static_paths
    hidden = {url_of(entry) for entry in unpublished}
    problems = []
    entries: list[Entry] = [*site.initiatives, *site.stories, *site.pages]
    for entry in entries:
        for target in entry.links:
            if target in hidden:
                problems.append(warning(entry.source_path, None, f"de link naar /{target} wordt gewone tekst: "
                                        "die pagina wordt (nog) niet gepubliceerd"))
            elif target not in known:
                close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
                hint = f"bedoel je /{close[0]}?" if close else "controleer het adres; het begint met / en de sectie"
                problems.append(SiteError(entry.source_path, None, f"de link naar /{target} wijst naar een "
                                          "pagina die niet bestaat", hint))
    return problems
