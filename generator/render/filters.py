"""What templates can call besides t(): filters (`url`, `content`, `dag`, `datum`), tests (`initiatief`, `verhaal`)
and functions (`json_ld`, `schedule`, `decade_name`, `compound_parts`, and the posters' QR codes). The one place
the theme meets the rest of wijksite's model."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..content.config import Config
from ..content.dates import MONTHS_EN, MONTHS_NL, decade_label
from ..content.entries import Initiative, Story
from ..content.links import LinkCheck, relink
from ..search.compounds import compound_parts
from ..site.pages import PagePlan, relative_url, url_of
from ..text.markup import expand
from .agenda import parse_schedule
from .linked_data import json_ld
from .posters import add_paper_helpers


def add_filters(environment: jinja2.Environment, config: Config, use_cache: bool = True) -> None:
    """Give a theme's environment every filter, test and function its templates use."""
    language = config.language
    environment.filters["url"] = _url_filter
    environment.filters["dag"] = lambda value: _day_label(value, language)
    environment.filters["content"] = _content_filter
    environment.globals["compound_parts"] = compound_parts
    environment.globals["json_ld"] = json_ld
    environment.globals["schedule"] = lambda initiative: parse_schedule(initiative.when)
    environment.tests["initiatief"] = lambda value: isinstance(value, Initiative)
    environment.tests["verhaal"] = lambda value: isinstance(value, Story)
    environment.globals["decade_name"] = lambda decade: decade_label(decade, language)
    environment.filters["datum"] = lambda value: value.label(language)
    add_paper_helpers(environment, config, config.root / ".wijksite-cache" / "qr" if use_cache else None)


def _day_label(value: date, language: str) -> str:
    months = MONTHS_EN if language == "en" else MONTHS_NL
    return f"{value.day} {months[value.month - 1]} {value.year}"


@jinja2.pass_context
def _url_filter(context: jinja2.runtime.Context, target: Any) -> str:
    """{{ story|url }}: a link from the page being rendered to an entry, group or static path."""
    page: PagePlan = context["page"]
    site_url = url_of(target)
    if page.root_relative:
        base = str(context["base_path"])
        return base + quote(site_url + "index.html" if site_url.endswith("/") and site_url != "" else site_url)
    return relative_url(page.path, site_url)


@jinja2.pass_context
def _content_filter(context: jinja2.runtime.Context, html: str) -> Markup:
    """Sanitised content HTML with its links made relative to the page being rendered; a dead one as plain text."""
    page: PagePlan = context["page"]
    links: LinkCheck | None = context.get("links")
    return Markup(relink(expand(html), page.path.rpartition("/")[0], lambda target: _url_filter(context, target),
                         links.alive if links else lambda target: True))
