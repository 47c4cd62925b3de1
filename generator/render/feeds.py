"""Atom feeds (new initiatives, new stories, per wijk), sitemap.xml and robots.txt: pure functions of the site."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from ..content.entries import Initiative, Story
from ..output.writer import OutputFile
from ..site.model import Group, Site
from ..site.pages import PagePlan, absolute_url, url_of

ATOM = "http://www.w3.org/2005/Atom"
FEED_LENGTH = 50
EPOCH = date(2000, 1, 1)  # for entries without any date: a fixed value keeps builds reproducible


FEEDS = {"initiatieven": "feeds/initiatieven.xml", "verhalen": "feeds/verhalen.xml"}


def feed_files(site: Site, titles: dict[str, str]) -> list[OutputFile]:
    """feeds/initiatieven.xml, feeds/verhalen.xml and feeds/wijk-<slug>.xml."""
    files = [
        _feed(site, FEEDS["initiatieven"], titles["initiatieven"], list(site.initiatives)),
        _feed(site, FEEDS["verhalen"], titles["verhalen"], list(site.stories)),
    ]
    for wijk in site.wijken:
        if wijk.size:
            files.append(_feed(site, wijk_feed_path(wijk), f"{titles['wijk']} {wijk.term.name}",
                               [*wijk.initiatives, *wijk.stories]))
    return files


def wijk_feed_path(wijk: Group) -> str:
    return f"feeds/wijk-{wijk.term.slug}.xml"


def feed_paths(site: Site) -> list[str]:
    """Where feed_files and sitemap_files put their files, without making them."""
    robots = ["sitemap.xml", "robots.txt"] if site.config.base_url else ["robots.txt"]
    return [*FEEDS.values(), *(wijk_feed_path(wijk) for wijk in site.wijken if wijk.size), *robots]


def _updated(entry: Initiative | Story) -> date:
    candidates = [entry.added, entry.checked if isinstance(entry, Initiative) else None]
    return max((d for d in candidates if d), default=EPOCH)


def _feed(site: Site, path: str, title: str, entries: list[Initiative | Story]) -> OutputFile:
    base = site.config.base_url
    newest = sorted(entries, key=lambda e: (_updated(e), e.title), reverse=True)[:FEED_LENGTH]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.config.language})
    _text(feed, "title", f"{site.config.title}: {title}")
    _text(feed, "id", absolute_url(base, path) if base else f"tag:wijksite,2026:{path}")
    _text(feed, "updated", _stamp(max((_updated(e) for e in newest), default=EPOCH)))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": absolute_url(base, path)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": absolute_url(base, "")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.config.title)
    for entry in newest:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = absolute_url(base, url_of(entry))
        _text(item, "title", entry.title)
        _text(item, "id", url if base else f"tag:wijksite,2026:{url_of(entry)}")
        _text(item, "updated", _stamp(_updated(entry)))
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        summary = entry.summary
        if summary:
            _text(item, "summary", summary)
        if isinstance(entry, Initiative):
            for theme in entry.themes:
                ET.SubElement(item, f"{{{ATOM}}}category", {"term": theme})
        else:
            for subject in entry.subjects:
                ET.SubElement(item, f"{{{ATOM}}}category", {"term": subject})
    ET.indent(feed)
    return OutputFile(path, b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n")


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def sitemap_files(site: Site, pages: list[PagePlan]) -> list[OutputFile]:
    """sitemap.xml (needs basis_url: a sitemap must hold full addresses) and robots.txt."""
    base = site.config.base_url
    robots = "User-agent: *\nAllow: /\n"
    if not base:
        return [OutputFile("robots.txt", robots.encode())]
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", namespace)
    urlset = ET.Element(f"{{{namespace}}}urlset")
    for page in sorted(pages, key=lambda p: p.path):
        if page.root_relative or page.printed:  # the 404 page and the pages to print are not pages to find
            continue
        url = ET.SubElement(urlset, f"{{{namespace}}}url")
        ET.SubElement(url, f"{{{namespace}}}loc").text = absolute_url(base, page.url)
    ET.indent(urlset)
    sitemap = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="utf-8") + b"\n"
    return [OutputFile("sitemap.xml", sitemap),
            OutputFile("robots.txt", f"{robots}Sitemap: {absolute_url(base, 'sitemap.xml')}\n".encode())]
