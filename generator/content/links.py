"""Links inside the site: found in content and in every page the templates write, and checked against the output.

A link in content ([tekst](../molens/), <a href="/verhalen/molens/">) is found when its entry is parsed, with the
line it is on, and judged when the pages are planned, when every file the build will write is known: a dead link is
a warning for the content file and line, and on the page it becomes plain text. A link a template writes (href,
src, srcset and every other URL attribute) is judged as each page is rendered: a dead one is a bug in the theme,
and an error that names the template and the page. A page kept from the last build was checked then; it is read
again only when this build removes a file that it might link to.
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from typing import Protocol, TypeVar
from urllib.parse import unquote

from ..errors import SiteError, warning

OWN_FOLDER = "\0"  # in a link found while parsing: the folder of the entry's own page, whose name is decided later
BUNDLE = "pagefind/"  # the search index is made after every page: links into it are not judged
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

ContentLink = tuple[str, str, int | None]  # (the file it points at, the link as written, its line in the file)


def target_of(link: str, folder: str, base_path: str = "/") -> str | None:
    """The file in the output a link on a page in `folder` ("verhalen/molens") points at: "verhalen/werf/index.html"
    for "../werf/", "../werf" and "/verhalen/werf/index.html#foto" alike; a link that leaves the site starts with
    "../". None for a link to another site, an e-mail address or a phone number, or to the same page ("#kop").

    `base_path` is where the site is served ("/kinderdijk/"): what a link starting with / leaves out.
    """
    if not link or link[0] in "#?" or link.startswith("//") or (":" in link and _SCHEME.match(link)):
        return None
    path = link.partition("#")[0] if "#" in link else link  # (a page has dozens of links: the quick way first)
    if "?" in path:
        path = path.partition("?")[0]
    if "%" in path:
        path = unquote(path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "../" + path.lstrip("/")
        path, folder = path[len(base_path):], ""
    ups = 0
    while path.startswith("../", 3 * ups):
        ups += 1
    rest = path[3 * ups:] if ups else path
    if "./" in rest or rest in (".", ".."):  # dot segments further on: the slow, general way
        joined = posixpath.normpath(posixpath.join(folder or ".", path))
        target = "" if joined == "." else joined + ("/" if path.endswith(("/", "/.", "/..")) else "")
    else:
        if not ups:
            kept = folder
        else:
            parts = folder.split("/") if folder else []
            kept = "/".join(parts[:len(parts) - ups]) if ups <= len(parts) else "../" * (ups - len(parts) - 1) + ".."
        target = f"{kept}/{rest}" if kept else rest
    if target == "" or target.endswith("/"):
        return target + "index.html"
    return target if "." in target.rpartition("/")[2] else target + "/index.html"  # a folder written without /


_HREF = re.compile(r'<a\s[^>]*?\bhref="([^"]*)"')


def content_links(html_text: str, source: str | None, first_line: int, folder: str) -> list[ContentLink]:
    """The links to files of the site in sanitised content HTML, each with its line in the Markdown `source`
    (which starts at `first_line` of its file; None when the link cannot be found in the source as written; all
    on `first_line` without a source). `folder` is where the page will be, with OWN_FOLDER for the entry's own
    folder ("initiatieven/\\0")."""
    found: list[ContentLink] = []
    searched_from: dict[str, int] = {}
    for raw in _HREF.findall(html_text):
        link = html.unescape(raw) if "&" in raw else raw
        target = target_of(link, folder)
        if target is None:
            continue
        if source is None:
            found.append((target, link, first_line))
            continue
        position = source.find(link, searched_from.get(link, 0))  # the first place not yet taken by this link
        searched_from[link] = position + 1 if position >= 0 else 0
        found.append((target, link, first_line + source.count("\n", 0, position) if position >= 0 else None))
    return found


# Every HTML attribute that holds a URL, and those that hold several. Content (sanitised) only ever has href and
# src; a page is searched for the others only if its templates write them (see rendering.WrittenAttributes).
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "data", "longdesc", "background",
                  "manifest", "xlink:href")
URL_LIST_ATTRIBUTES = ("srcset", "imagesrcset", "ping")
CONTENT_URL_ATTRIBUTES = frozenset({"href", "src"})
ALL_URL_ATTRIBUTES = frozenset(URL_ATTRIBUTES + URL_LIST_ATTRIBUTES)


@functools.lru_cache(maxsize=64)
def _url_attribute_pattern(names: frozenset[str], quote: str) -> re.Pattern[str]:
    """The pattern for the attributes `names`. It finds =" (quickly, as a plain string), looks back for the last
    three letters of such a name (which rules out most attributes at once), and only then for the whole name with
    the space before it: the three steps cost about as much as counting every =" of the page."""
    endings = "|".join(sorted({name[-3:] for name in names}))

    def alternatives(group: tuple[str, ...]) -> str:
        return "|".join(f"(?<=\\s{re.escape(name)}={quote})" for name in group if name in names) or "(?!)"

    return re.compile(f"={quote}(?<=(?:{endings})={quote})(?:(?:{alternatives(URL_LIST_ATTRIBUTES)})([^{quote}]*)"
                      f"|(?:{alternatives(URL_ATTRIBUTES)})([^{quote}]*)){quote}")


def _attribute_values(text: str, names: frozenset[str] = ALL_URL_ATTRIBUTES,
                      single_quotes: bool = True) -> list[tuple[str, str]]:
    """(value of a srcset or ping, value of another URL attribute) for each URL attribute, as written."""
    found: list[tuple[str, str]] = _url_attribute_pattern(names, '"').findall(text)
    return found + _url_attribute_pattern(names, "'").findall(text) if single_quotes and "='" in text else found


def _links_in(attribute: tuple[str, str]) -> list[str]:
    """The URLs in one attribute's value, entities decoded: one, or those of a srcset or ping list."""
    several, one = attribute
    if one or not several:
        return [(html.unescape(one) if "&" in one else one).strip()]
    several = html.unescape(several) if "&" in several else several  # "a.jpg 480w, b.jpg 960w", or for ping "a b"
    return [part.split()[0] for part in several.replace(",", " , ").split(" , ") if part.strip()]


SINGLE_QUOTED = re.compile(r"\s(?:" + "|".join(map(re.escape, ALL_URL_ATTRIBUTES)) + r")\s*=\s*'")


_IMAGE = re.compile(r"!\[(?:[^\]\\\n]|\\.)*\][(\[]\s*(?:<([^>\n]*)>|([^)\]\s]*))"
                    r"|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)


def images_in(markdown: str) -> list[tuple[str, int]]:
    """Each image a Markdown text shows (![alt](foto.jpg), ![alt][ref], <img src="...">): (what it names, its line
    counted from 0)."""
    if "![" not in markdown and "<img" not in markdown.lower():
        return []
    return [(next(filter(None, match.groups()), match.group(0)), markdown.count("\n", 0, match.start()))
            for match in _IMAGE.finditer(markdown)]


@dataclass
class Targets:
    """Every file this build writes, as far as it is known when pages are planned: pages, static files and photo
    renditions by path; feeds, open data, sitemap and agenda files through `made_later` (they are made after the
    pages); the search bundle is not known until the very end and counts as present."""

    files: set[str]
    made_later: Callable[[str], bool]
    base_path: str = "/"

    def exist(self, target: str) -> bool:
        return target in self.files or target.startswith(BUNDLE) or self.made_later(target)


@dataclass
class LinkCheck:
    """The link check of one build: content links judged once, template links page by page as they are rendered.

    `dead` holds, per page, the content links that are dead (they become plain text): part of the page's key, so
    a page is made again when one of its links dies or comes to life. `previous` is what the last build wrote.
    """

    targets: Targets
    enabled: bool = True  # off only to measure what the check costs: content links are still made relative
    previous: Set[str] = frozenset()
    dead: dict[str, frozenset[str]] = field(default_factory=dict)
    kept: list[tuple[str, str]] = field(default_factory=list)
    broken: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (template, link, target) -> pages
    _judged: dict[int, dict[tuple[str, str], bool | str]] = field(default_factory=dict)  # by depth (see page)

    def alive(self, target: str) -> bool:
        return self.targets.exist(target)

    def page(self, path: str, template: str, text: str, root_relative: bool = False,
             attributes: frozenset[str] = ALL_URL_ATTRIBUTES, single_quotes: bool = True) -> None:
        """Judge every link in the rendered page `path`. A dead content link is plain text by now, so a dead link
        found here comes from the templates. The 404 page is served at any address: only its links that start
        with / can be judged. `attributes`: the URL attributes the page can hold; `single_quotes`: its templates
        may write href='...' (content never does).

        A page has some thirty links, most of them on every page as deep as this one (the menu, the style sheets,
        the sections): each such attribute is judged once per depth, from its text as it stands in the page; only
        the links that depend on the page's own folder (agenda.ics, its photos, ../) are judged page by page.
        """
        if not self.enabled:
            return
        folder = path.rpartition("/")[0]
        depth = -1 if root_relative else folder.count("/") + 1 if folder else 0
        judged = self._judged.setdefault(depth, {})
        for attribute in set(_attribute_values(text, attributes, single_quotes)):
            verdict = judged.get(attribute)
            if verdict is None:
                verdict = self._judge(attribute, folder, depth)
                if len(judged) < 100_000:  # (a link of its own on every page, such as its address, is not kept)
                    judged[attribute] = verdict
            if verdict is not True:  # dead wherever it is (False), or it depends on the page's folder ("")
                for link in _links_in(attribute):
                    target = target_of(link, folder, self.targets.base_path)
                    if target is not None and not (root_relative and link[:1] != "/") and \
                            not self.targets.exist(target):
                        self.broken.setdefault((template, link, target), []).append(path)

    def _judge(self, attribute: tuple[str, str], folder: str, depth: int) -> bool | str:
        """True: every link in this attribute works from every page this deep; False: not; "": that depends on
        the page's own folder. A link that climbs to the root first (../../static/...) or starts with / does not."""
        to_root = "../" * max(depth, 0)
        alive = True
        for link in _links_in(attribute):
            first = link[:1]
            if first in ("#", "?", "") or ":" in link.partition("/")[0]:
                continue  # on this page itself, or another site, an e-mail address, a phone number
            if depth == -1 and first != "/":
                continue  # the 404 page: relative to whatever address was asked for
            if first != "/" and not link.startswith(to_root):
                return ""
            target = target_of(link, folder, self.targets.base_path)
            alive = alive and (target is None or self.targets.exist(target))
        return alive

    def keep(self, path: str, template: str) -> None:
        """A page kept from the last build as it was (see finish)."""
        self.kept.append((path, template))

    def finish(self, read: Callable[[str], str]) -> dict[tuple[str, str, str], list[str]]:
        """The template links found dead: (template, link, target) -> the pages with that link. A kept page was
        checked when it was made; it is read again (`read`) only if this build removes a file the last build
        wrote, since it may link to that file."""
        if not self.enabled:
            return {}
        gone = self.previous - self.targets.files
        removed = {path for path in gone if not self.targets.exist(path)}  # (machine-readable files are not in files)
        for path, template in self.kept if removed else ():
            folder = path.rpartition("/")[0]
            for link in set(url_values(read(path))):
                target = target_of(link, folder, self.targets.base_path)
                if target is not None and target in removed:
                    self.broken.setdefault((template, link, target), []).append(path)
        return self.broken


def dead_template_links(broken: dict[tuple[str, str, str], list[str]],
                        locate: Callable[[str, str], tuple[str, int | None]]) -> list[SiteError]:
    """An error per dead link in a template, naming the template (and line, when `locate` finds the link written
    there as it is) and the pages it is on."""
    problems = []
    for (template, link, target), pages in sorted(broken.items()):
        path, line = locate(template, link)
        if line is None:  # written as an expression ({{ 'static/kaart.png'|url }}): look for where it points
            path, line = locate(template, target)
        problems.append(_template_problem(path, line, link, target, pages))
    return problems


def _template_problem(template: str, line: int | None, link: str, target: str, pages: list[str]) -> SiteError:
    others = {1: "", 2: " en op 1 andere pagina"}.get(len(pages), f" en op {len(pages) - 1} andere pagina's")
    return SiteError(template, line,
                     f"de link {link} op {pages[0]}{others} wijst naar {target}, maar dat bestand maakt de build niet",
                     "dit is een fout in het thema (de templates), niet in de inhoud: verbeter de link in deze "
                     "template, of meld het bij wie het thema maakte")


def url_values(text: str) -> list[str]:
    """Every URL in an HTML page's URL attributes, entities decoded; each URL of a srcset on its own."""
    return [link for attribute in _attribute_values(text) for link in _links_in(attribute) if link]


class LinkedEntry(Protocol):
    """An entry as the content check sees it (content.Initiative, Story or Page)."""

    @property
    def source_path(self) -> str: ...

    @property
    def slug(self) -> str: ...

    @property
    def links(self) -> tuple[ContentLink, ...]: ...


E = TypeVar("E", bound=LinkedEntry)


def check_content_links(entries: Iterable[E], page_of: Callable[[E], str], check: LinkCheck,
                        hidden: Callable[[], set[str]]) -> list[SiteError]:
    """A warning for each dead link in published content, by file and line. `page_of` gives an entry's page,
    `hidden` the pages of the entries that are not published (a draft, or withdrawn consent): a link to one of
    those becomes plain text too, with its own message. Both are asked only when a link is dead."""
    problems: list[SiteError] = []
    suggestions = _Suggestions(check.targets.files)
    files = check.targets.files  # nearly every link is to a page, a style sheet or a photo: judged right here
    not_shown: set[str] | None = None
    for entry in entries:
        dead: dict[str, list[tuple[str, int | None]]] = {}
        for target, link, line in entry.links:
            if target in files:
                continue
            if OWN_FOLDER in target:
                target = target.replace(OWN_FOLDER, entry.slug)
            if not check.targets.exist(target):
                dead.setdefault(target, []).append((link, line))
        if not dead:
            continue
        check.dead[page_of(entry)] = frozenset(dead)
        not_shown = hidden() if not_shown is None else not_shown
        for target, places in dead.items():
            link, line = places[0]
            more = f" (en nog {len(places) - 1} keer)" if len(places) > 1 else ""
            if target in not_shown:
                problems.append(warning(entry.source_path, line, f"de link naar {link}{more} wordt gewone tekst: "
                                        "die pagina wordt (nog) niet gepubliceerd"))
                continue
            problems.append(warning(entry.source_path, line, f"de link naar {link}{more} wijst naar een pagina of "
                                    "bestand dat niet bestaat; op de site wordt het gewone tekst",
                                    suggestions.hint(target)))
    return problems


class _Suggestions:
    """'bedoel je /verhalen/molens/?' for a dead link to a page: the page in the same section whose name is closest
    (difflib over thousands of names is slow, so only the first few dead links of a build get one)."""

    LIMIT = 20

    def __init__(self, files: set[str]) -> None:
        self.files, self.given = files, 0
        self.by_section: dict[str, dict[str, str]] = {}  # section -> page name -> its path

    def hint(self, target: str) -> str:
        plain = "controleer het adres; schrijf het gerust vanaf de hoofdmap van de site, zoals /verhalen/molens/"
        section, name = _section_and_name(target)
        if self.given >= self.LIMIT or not name:
            return plain
        self.given += 1
        if not self.by_section:
            for path in self.files:
                page_section, page_name = _section_and_name(path)
                if page_name:
                    self.by_section.setdefault(page_section, {})[page_name] = path
        names = self.by_section.get(section, {})
        close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
        return f"bedoel je /{names[close[0]].removesuffix('index.html')}?" if close else plain


def _section_and_name(path: str) -> tuple[str, str]:
    """("verhalen", "molens") for verhalen/molens/index.html, ("", "over") for over/index.html; else no name."""
    parts = path.split("/")
    if parts[-1] != "index.html" or len(parts) not in (2, 3) or parts[0] == "..":
        return "", ""
    return ("", parts[0]) if len(parts) == 2 else (parts[0], parts[1])


_ANCHOR = re.compile(r'<a ([^>]*?)href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)


def relink(html_text: str, folder: str, to_relative: Callable[[str], str], alive: Callable[[str], bool]) -> str:
    """Content HTML with each link to a file of the site made relative to the page it is on (`folder`), as the
    theme's own links are: with index.html, so that it works from a USB stick too. A link to a file the site does
    not have (a page that does not exist, a draft, a story whose consent was withdrawn) becomes plain text."""
    def rewrite(match: re.Match[str]) -> str:
        link = html.unescape(match.group(2)) if "&" in match.group(2) else match.group(2)
        target = target_of(link, folder)
        if target is None:
            return match.group(0)
        if not alive(target):
            return match.group(4)
        rest = link[len(link.split("#", 1)[0].split("?", 1)[0]):]  # the query and fragment, kept as written
        href = html.escape(to_relative(target) + rest)
        return f'<a {match.group(1)}href="{href}"{match.group(3)}>{match.group(4)}</a>'

    return _ANCHOR.sub(rewrite, html_text) if "<a " in html_text else html_text
