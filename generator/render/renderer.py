"""Rendering pages with the theme's Jinja2 templates: a page whose key did not change is kept as it is
(render.page_keys decides; this module does not need to know how)."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..content.links import ALL_URL_ATTRIBUTES, CONTENT_URL_ATTRIBUTES, SINGLE_QUOTED, LinkCheck
from ..errors import BuildStopped, SiteError
from ..incremental.state import PageKeys
from ..incremental.templates import TemplateScan
from ..output.writer import KeptFile, OutputFile
from ..photos.renditions import PhotoPlan
from ..site.model import Site
from ..site.pages import PagePlan
from .page_keys import PageKeyScheme
from .theme import Theme


def render(pages: list[PagePlan], theme: Theme, site: Site, photos: dict[Path, PhotoPlan],
           keys: PageKeys, links: LinkCheck | None = None) -> Iterator[OutputFile | KeptFile]:
    """Each page's HTML, in order, or KeptFile for a page that is current; one page in memory at a time.

    Template mistakes are reported with the template's file and line; `links` checks the links of each page.
    """
    known_urls = {page.url for page in pages} | set(theme.static_files())
    scheme = PageKeyScheme(pages, theme, site, photos, keys, known_urls, links)
    shared: dict[str, Any] = {
        "config": site.config,
        "photos": photos,
        "base_path": urlsplit(site.config.base_url).path or "/",
        "menu_pages": site.pages,
        "known_urls": known_urls,
        "links": links,
        **scheme.lookups,
    }
    written = WrittenAttributes(theme)  # what to look for in a page's links
    for page in pages:
        if scheme.is_current(page):
            if links:
                links.keep(page.path, page.template)
            yield KeptFile(page.path)
            continue
        view = scheme.site_view()
        try:
            template = theme.environment.get_template(page.template)
            text = template.render(**shared, **page.context, site=view, page=page)
        except jinja2.TemplateError as exc:
            raise BuildStopped([_template_problem(exc, page)]) from exc
        finally:
            scheme.stop_watching()
        scheme.rendered(page, view)
        if links:
            links.page(page.path, page.template, text, page.root_relative, *written(page.template))
        yield OutputFile(page.path, text.encode("utf-8"))


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
