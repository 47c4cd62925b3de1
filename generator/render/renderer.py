"""Rendering pages with the theme's Jinja2 templates, skipping pages whose inputs did not change.

Every page has a key: a hash of what it shows. For an entry page that is its entry (by the hash of its file),
for a group page its members, plus for every page the site's "chrome" (settings, theme, menu, the list of
pages, the names in every group). A page whose template also reads the whole site (the home page, the lists)
is found out while it renders, and its key then holds the whole site too. When a page's key is the one the last
build recorded for it and the file is still in the output, the page is not rendered again: an edit to one entry
renders its own page and the pages that list it, not the whole site.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..content.entries import LONG_TEXTS, Initiative, Story
from ..content.links import ALL_URL_ATTRIBUTES, CONTENT_URL_ATTRIBUTES, SINGLE_QUOTED, LinkCheck
from ..content.slugs import term_slug
from ..errors import BuildStopped, SiteError
from ..incremental.cache import fingerprint
from ..output.writer import KeptFile, OutputFile
from ..photos.renditions import PhotoPlan
from ..site.model import Group, Site
from ..site.pages import PagePlan
from .theme import TemplateKeys, TemplateScan, Theme

OWN, WHOLE_SITE = "e:", "s:"  # a page key's prefix: made from its own context only, or from the whole site too


@dataclass
class PageKeys:
    """What each output file was made from, by path: the last build's and this one's, and which files the last
    build left in the output untouched (only those can be kept)."""

    previous: dict[str, str]
    reusable: set[str]
    current: dict[str, str] = field(default_factory=dict)
    rendered: int = 0

    def unchanged(self, path: str, key: str) -> bool:
        return path in self.reusable and self.previous.get(path) == key


class _SiteView:
    """`site` as a template sees it: noticing whether it reads more of the site than its settings."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self.used_more = False

    def __getattr__(self, name: str) -> Any:
        if name != "config":
            self.used_more = True
        return getattr(self._site, name)


def render(pages: list[PagePlan], theme: Theme, site: Site, photos: dict[Path, PhotoPlan],
           keys: PageKeys, links: LinkCheck | None = None) -> Iterator[OutputFile | KeptFile]:
    """Each page's HTML, in order, or KeptFile for a page whose key did not change; one page in memory at a time.

    Template mistakes are reported with the template's file and line; `links` checks the links of each page.
    """
    watch = _Watch()
    lookups: dict[str, dict[Any, Group]] = {
        "wijk_by_name": {g.term.name: watch.group(g) for g in site.wijken},
        "theme_by_name": {g.term.name: watch.group(g) for g in site.themes},
        "organisation_by_name": {g.term.name: watch.group(g) for g in site.organisations},
        "subject_by_name": {name: watch.group(g) for name, g in _subjects_by_name(site).items()},
        "decade_by_year": {int(g.term.slug): watch.group(g) for g in site.decades},
    }
    known_urls = {page.url for page in pages} | set(theme.static_files())
    shared: dict[str, Any] = {
        "config": site.config,
        "photos": photos,
        "base_path": urlsplit(site.config.base_url).path or "/",
        "menu_pages": site.pages,
        "known_urls": known_urls,
        "links": links,
        **lookups,
    }
    chrome = fingerprint(  # what every page may show: a change here makes every page again
        sorted(theme.messages.items()),
        site.config,
        sorted(known_urls),
        [(p.slug, p.title, p.order, p.card_key) for p in site.pages],  # the menu
        {name: sorted((k, g.section, g.term) for k, g in table.items()) for name, table in lookups.items()},
    )
    # Pages whose templates (with all they extend, include or import) never name an entry's long texts are keyed
    # without them: editing the text of one entry does not make every list and group page it is on again.
    shows_texts = TemplateScan(theme.environment, re.compile(r"\b(?:" + "|".join(LONG_TEXTS) + r")\b"))
    whole_site = {texts: _LazyKey(lambda texts=texts: fingerprint(chrome, site_key(site, photos, texts)))
                  for texts in (False, True)}
    template_key = TemplateKeys(theme)  # a page depends on its own templates only
    written = WrittenAttributes(theme)  # what to look for in a page's links
    group_keys: KnownKeys = {}
    for page in pages:
        texts = shows_texts(page.template)
        entry = page.context.get("entry")
        templates = template_key(page.template)
        dead = sorted(links.dead.get(page.path, ())) if links else []  # its content's links that lead nowhere
        if entry is not None and len(page.context) == 1 and entry.source_key:  # title, description: the entry's
            # hashes put side by side, not hashed again: 10,000 entry pages are checked on every build
            shown = _page_photos(page, photos)
            own = (f"{OWN}{chrome}:{templates}:{entry.source_key}:{fingerprint(shown) if shown else ''}"
                   f"{':' + fingerprint(dead) if dead else ''}")
        else:
            own = OWN + fingerprint(chrome, page.path, templates, page.title, page.description,
                                    _context_key(page.context, texts, group_keys), _page_photos(page, photos), dead)
        site_wide = whole_site[texts]
        last = keys.previous.get(page.path, "") if page.path in keys.reusable else ""
        if last == own or (last.startswith(WHOLE_SITE) and last == WHOLE_SITE + fingerprint(own, site_wide.value)):
            keys.current[page.path] = last
            if links:
                links.keep(page.path, page.template)
            yield KeptFile(page.path)
            continue
        view = watch.view = _SiteView(site)
        try:
            template = theme.environment.get_template(page.template)
            text = template.render(**shared, **page.context, site=view, page=page)
        except jinja2.TemplateError as exc:
            raise BuildStopped([_template_problem(exc, page)]) from exc
        finally:
            watch.view = None
        if links:
            links.page(page.path, page.template, text, page.root_relative, *written(page.template))
        html = text.encode("utf-8")
        keys.current[page.path] = WHOLE_SITE + fingerprint(own, site_wide.value) if view.used_more else own
        keys.rendered += 1
        yield OutputFile(page.path, html)


class WrittenAttributes:
    """Which URL attributes the pages of a template can hold, and whether its templates write them in single quotes:
    what links.LinkCheck.page looks for (content, sanitised, only ever has href and src, in double quotes)."""

    def __init__(self, theme: Theme) -> None:
        self.scans = {name: TemplateScan(theme.environment, re.compile(rf"\b{re.escape(name)}\s*="))
                      for name in ALL_URL_ATTRIBUTES - CONTENT_URL_ATTRIBUTES}
        self.single_quotes = TemplateScan(theme.environment, SINGLE_QUOTED)
        self.known: dict[str, tuple[frozenset[str], bool]] = {}

    def __call__(self, template: str) -> tuple[frozenset[str], bool]:
        if template not in self.known:
            names = CONTENT_URL_ATTRIBUTES | {name for name, written in self.scans.items() if written(template)}
            self.known[template] = (frozenset(names), self.single_quotes(template))
        return self.known[template]


class _Watch:
    """Notices, for the page being rendered, when a template reads the members of a group it got from a lookup
    (`wijk_by_name[...]`): that page then shows other entries, and is keyed by the whole site."""

    def __init__(self) -> None:
        self.view: _SiteView | None = None

    def group(self, group: Group) -> Group:
        watched = _WatchedGroup(group.section, group.term, group.initiatives, group.stories)
        object.__setattr__(watched, "_watch", self)
        return watched


class _WatchedGroup(Group):
    MEMBERS = frozenset({"initiatives", "stories", "size"})

    def __getattribute__(self, name: str) -> Any:
        if name in _WatchedGroup.MEMBERS:
            watch: _Watch = object.__getattribute__(self, "_watch")
            if watch.view is not None:
                watch.view.used_more = True
        return object.__getattribute__(self, name)


def _subjects_by_name(site: Site) -> dict[str, Group]:
    """Each subject as written in a story ("Molens", "molens") -> its group page."""
    by_slug = {group.term.slug: group for group in site.subjects}
    names = {name for story in site.stories for name in story.subjects}
    return {name: by_slug[term_slug(name)] for name in sorted(names) if term_slug(name) in by_slug}


class _LazyKey:
    """A key that is only worked out when a page needs it (hashing the whole site costs a little)."""

    def __init__(self, make: Any) -> None:
        self._make, self._value = make, ""

    @property
    def value(self) -> str:
        if not self._value:
            self._value = self._make()
        return self._value


def site_key(site: Site, photos: dict[Path, PhotoPlan], texts: bool) -> object:
    """Everything a page that reads the whole site can show: every entry by its content hash (without its long
    texts unless `texts`), in site order, and every photo."""
    entries: list[Any] = [*site.initiatives, *site.stories, *site.pages, *site.withheld_stories]
    return ([type(e).__name__ + _entry_key(e, texts) for e in entries], repr(site.withheld_photos),
            sorted((str(source), plan.key) for source, plan in photos.items()))


def _entry_key(entry: Any, texts: bool) -> str:
    key: str = (entry.source_key if texts else entry.card_key) or repr(entry)
    return key


KnownKeys = dict[tuple[int, bool | None], tuple[Any, Any]]  # by id: the object, and its key (kept with it)


def _context_key(context: dict[str, Any], texts: bool, groups: KnownKeys) -> object:
    """What a page shows of its own, by the content hashes of its entries (cheaper than their full repr).
    `groups` keeps each group's key for the rest of the build: the same wijk is on many pages."""
    name = "source_key" if texts else "card_key"

    def members(entries: Any) -> str:  # one string of their hashes: a wijk or a list may have thousands
        return "".join([getattr(entry, name) or repr(entry) for entry in entries])

    def key(value: Any) -> object:
        if isinstance(value, (Initiative, Story)) or hasattr(value, "source_key"):
            return _entry_key(value, texts)
        if isinstance(value, Group):
            known = groups.get((id(value), texts))
            if known is None or known[0] is not value:  # kept with the group itself: an id alone can be reused
                term = groups.get((id(value.term), None))  # the pages of one group share its term
                if term is None or term[0] is not value.term:
                    term = groups[id(value.term), None] = (value.term, repr(value.term))
                known = groups[id(value), texts] = (value, (value.section, term[1],
                                                            members((*value.initiatives, *value.stories))))
            return known[1]
        if isinstance(value, (list, tuple)):
            if all(isinstance(item, (Initiative, Story)) for item in value):  # a page of a list
                return members(value)
            return [key(item) for item in value]
        return repr(value)

    # the entry of an entry page is shown whole, long texts and all
    return sorted((name, _entry_key(value, True) if name == "entry" else key(value)) for name, value in context.items())



def _page_photos(page: PagePlan, photos: dict[Path, PhotoPlan]) -> list[PhotoPlan]:
    """The photo plans a page can show: its entry's, or those of the entries on a list or group page."""
    if not photos:
        return []
    entries: list[Any] = [page.context["entry"]] if "entry" in page.context else [*page.context.get("entries", ())]
    if "group" in page.context:
        entries += [*page.context["group"].initiatives, *page.context["group"].stories]
    sources = [p.source for e in entries for p in (getattr(e, "photos", ()) or ())]
    sources += [e.image.source for e in entries if getattr(e, "image", None)]
    return [photos[source] for source in sources if source in photos]


def _template_problem(exc: jinja2.TemplateError, page: PagePlan) -> SiteError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SiteError(
            exc.filename or exc.name or page.template,
            exc.lineno,
            f"fout in template: {exc.message}",
            "controleer de {% %} en {{ }} op deze regel",
        )
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return SiteError(
                frame.filename,
                frame.lineno,
                f"fout in template bij {page.path}: {exc}",
                "controleer de naam van de variabele op deze regel",
            )
    return SiteError(page.template, None, f"fout in template bij {page.path}: {exc}")
