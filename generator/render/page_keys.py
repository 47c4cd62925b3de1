"""Page keys: what each page is made from, so a page whose inputs did not change is not rendered again.

Every page has a key: a hash of what it shows. For an entry page that is its entry (by the hash of its file),
for a group page its members, plus for every page the site's "chrome" (settings, theme, menu, the list of
pages, the names in every group) and the keys of its own templates. A page whose template also reads the whole
site (the home page, the lists) is found out while it renders, and its key then holds the whole site too. When a
page's key is the one the last build recorded for it and the file is still in the output, the page is current.
The renderer asks only that (`is_current`) and tells what it rendered (`rendered`); the build state
(incremental.state.PageKeys) keeps the keys from one build to the next.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..content.entries import LONG_TEXTS, Initiative, Story
from ..content.links import LinkCheck
from ..content.slugs import term_slug
from ..incremental.cache import fingerprint
from ..incremental.state import PageKeys
from ..incremental.templates import TemplateKeys, TemplateScan
from ..photos.renditions import PhotoPlan
from ..site.model import Group, Site
from ..site.pages import PagePlan
from .theme import Theme

OWN, WHOLE_SITE = "e:", "s:"  # a page key's prefix: made from its own context only, or from the whole site too


class PageKeyScheme:
    """The keys of one build's pages. Also gives the templates the group lookups (`wijk_by_name`, ...) and the
    `site` they read, watched: reading more than the settings makes a page depend on the whole site."""

    def __init__(self, pages: list[PagePlan], theme: Theme, site: Site, photos: dict[Path, PhotoPlan],
                 keys: PageKeys, known_urls: set[str], links: LinkCheck | None) -> None:
        self.site, self.photos, self.keys, self.links = site, photos, keys, links
        self.watch = _Watch()
        watch = self.watch
        self.lookups: dict[str, dict[Any, Group]] = {
            "wijk_by_name": {g.term.name: watch.group(g) for g in site.wijken},
            "theme_by_name": {g.term.name: watch.group(g) for g in site.themes},
            "organisation_by_name": {g.term.name: watch.group(g) for g in site.organisations},
            "subject_by_name": {name: watch.group(g) for name, g in _subjects_by_name(site).items()},
            "decade_by_year": {int(g.term.slug): watch.group(g) for g in site.decades},
        }
        self.chrome = fingerprint(  # what every page may show: a change here makes every page again
            sorted(theme.messages.items()),
            site.config,
            sorted(known_urls),
            [(p.slug, p.title, p.order, p.card_key) for p in site.pages],  # the menu
            {name: sorted((k, g.section, g.term) for k, g in table.items()) for name, table in self.lookups.items()},
        )
        # Pages whose templates (with all they extend, include or import) never name an entry's long texts are keyed
        # without them: editing the text of one entry does not make every list and group page it is on again.
        self.shows_texts = TemplateScan(theme.environment, re.compile(r"\b(?:" + "|".join(LONG_TEXTS) + r")\b"))
        self.whole_site = {texts: _LazyKey(lambda texts=texts: fingerprint(self.chrome, site_key(site, photos, texts)))
                           for texts in (False, True)}
        self.template_key = TemplateKeys(theme.environment, theme.fingerprint)  # its own templates only
        self.group_keys: KnownKeys = {}
        self.own: dict[str, tuple[str, _LazyKey]] = {}  # the page being rendered: its own key, the site's

    def is_current(self, page: PagePlan) -> bool:
        """Whether the page in the output was made from what this build would make it from (then it is kept)."""
        texts = self.shows_texts(page.template)
        entry = page.context.get("entry")
        templates = self.template_key(page.template)
        dead = sorted(self.links.dead.get(page.path, ())) if self.links else []  # its content's dead links
        if entry is not None and len(page.context) == 1 and entry.source_key:  # title, description: the entry's
            # hashes put side by side, not hashed again: 10,000 entry pages are checked on every build
            shown = _page_photos(page, self.photos)
            own = (f"{OWN}{self.chrome}:{templates}:{entry.source_key}:{fingerprint(shown) if shown else ''}"
                   f"{':' + fingerprint(dead) if dead else ''}")
        else:
            own = OWN + fingerprint(self.chrome, page.path, templates, page.title, page.description,
                                    _context_key(page.context, texts, self.group_keys),
                                    _page_photos(page, self.photos), dead)
        site_wide = self.whole_site[texts]
        last = self.keys.last(page.path)
        if last == own or (last.startswith(WHOLE_SITE) and last == WHOLE_SITE + fingerprint(own, site_wide.value)):
            self.keys.keep(page.path, last)
            return True
        self.own[page.path] = (own, site_wide)
        return False

    def site_view(self) -> _SiteView:
        """`site` for the template of the page about to be rendered."""
        view = self.watch.view = _SiteView(self.site)
        return view

    def rendered(self, page: PagePlan, view: _SiteView) -> None:
        """Record the key of a page just rendered: with the whole site when its template read more than settings."""
        own, site_wide = self.own.pop(page.path)
        self.keys.made(page.path, WHOLE_SITE + fingerprint(own, site_wide.value) if view.used_more else own)

    def stop_watching(self) -> None:
        self.watch.view = None


class _SiteView:
    """`site` as a template sees it: noticing whether it reads more of the site than its settings."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self.used_more = False

    def __getattr__(self, name: str) -> Any:
        if name != "config":
            self.used_more = True
        return getattr(self._site, name)


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


def _context_key(context: Mapping[str, object], texts: bool, groups: KnownKeys) -> object:
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
