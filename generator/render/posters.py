"""Pages to print: an A4 poster for every initiative (for the library's notice board) and an A4 leaflet (folder)
for every wijk with initiatives, each with a QR code to the page's own address on the web.

The pages sit beside the page they print (initiatieven/<slug>/poster.html, wijken/<slug>/folder.html), so their
paths stay portable (see slugs.path_problem). A poster is keyed like its initiative's page; a leaflet by the cards
it shows (see rendering.py): an edit to one text makes one poster again, not every leaflet.
"""

from __future__ import annotations

import html
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.config import Config
from ..content.entries import Initiative, shorten
from ..errors import SiteError, warning
from ..site.model import Group, Site
from ..site.pages import PagePlan, absolute_url, url_of
from .qr import QrCodes

POSTER_FILE, LEAFLET_FILE = "poster.html", "folder.html"
LEAFLET_SIZE = 12  # initiatives in one leaflet: two or three A4 pages, under 50 KB of HTML (a QR code is 2-3 KB)
JOIN_LENGTH = 420  # characters of 'meedoen' on a poster: with every other field at its longest, it fits one A4


@dataclass(frozen=True)
class LeafletPart:
    """Part `number` of the `count` leaflets of one wijk; `base` is the wijk's page ("wijken/kinderdijk/")."""

    base: str
    number: int = 1
    count: int = 1

    def url(self, number: int) -> str:
        return leaflet_path(self.base, number)


def poster_path(initiative: Initiative) -> str:
    return url_of(initiative) + POSTER_FILE


def leaflet_path(base: str, number: int = 1) -> str:
    return base + (LEAFLET_FILE if number == 1 else f"folder-{number}.html")


def plan_paper(site: Site, messages: dict[str, str]) -> list[PagePlan]:
    """A poster for every initiative, and the leaflets of every wijk that has initiatives."""
    pages = [PagePlan(poster_path(initiative), "poster.html", messages["poster.titel"].format(titel=initiative.title),
                      initiative.summary, {"entry": initiative}, printed=True)
             for initiative in site.initiatives]
    for wijk in site.wijken:
        count = -(-len(wijk.initiatives) // LEAFLET_SIZE)
        for number in range(1, count + 1):
            part = LeafletPart(url_of(wijk), number, count)
            shown = wijk.initiatives[(number - 1) * LEAFLET_SIZE:number * LEAFLET_SIZE]
            title = messages["folder.titel"].format(wijk=wijk.term.name)
            if count > 1:
                title += " " + messages["folder.deel"].format(nummer=number, aantal=count)
            pages.append(PagePlan(part.url(number), "folder.html", title, messages["folder.beschrijving"],
                                  {"group": Group(wijk.section, wijk.term, shown), "leaflet": part}, printed=True))
    return pages


def paper_problems(site: Site, base_url_overridden: bool) -> list[SiteError]:
    """A warning, once, when posters and leaflets cannot have a QR code: the site has no address on the web."""
    if site.config.base_url or base_url_overridden or not site.initiatives:
        return []
    return [warning("site.yaml", None, "er staat geen basis_url in site.yaml: de posters en folders om af te "
                    "drukken krijgen daarom geen QR-code naar de website",
                    "zet het adres van de site op internet in site.yaml, bijvoorbeeld "
                    "'basis_url: https://www.onzewijk.nl/'")]


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|tr)>")


def on_paper(text_html: str, limit: int = JOIN_LENGTH) -> str:
    """Content HTML as plain text for paper (links cannot be clicked there), within `limit` characters."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", text_html)))
    return shorten(" ".join(text.split()), limit) if limit > 0 else ""


@dataclass(frozen=True)
class PosterLayout:
    """How one poster fits one A4 page: the size of its title and how much of 'meedoen' it shows."""

    title_size: str  # groot, middel or klein: a class in papier.css
    join: str


# What a poster's parts take on paper (papier.css: 180 x 267 mm to print on, 14 pt text), in CSS pixels, estimated
# on the generous side from the number of characters; what is left is the room for 'meedoen' (test_paper_browser.py
# prints a poster with every field at its longest). Title sizes: (name, longest title, pixels a line, characters a
# line). Beside the QR code (45 mm, 170 px) the contact has 42 characters a line; the line under them (12 pt) 80.
PAGE_HEIGHT, LINE, CHARACTERS = 1009, 25, 64  # a line of 14 pt text
TITLE_SIZES = (("groot", 40, 44, 26), ("middel", 80, 35, 33), ("klein", 120, 29, 40))
QR_HEIGHT, CAPTION_LINE, CAPTION_CHARACTERS, CONTACT_CHARACTERS = 170, 20, 80, 42
FIXED = 5 * 11 + 70  # the gaps between the parts, the heading and box of 'meedoen'


def poster_layout(initiative: Initiative, title: str, address: str, scan_text: str) -> PosterLayout:
    """The title's size, and 'meedoen' shortened to what fits beside every other field (at most JOIN_LENGTH)."""
    name, _, height, per_line = next((size for size in TITLE_SIZES if len(initiative.title) <= size[1]),
                                     TITLE_SIZES[-1])
    place = ", ".join(part for part in (initiative.place.name, initiative.place.address) if part) \
        if initiative.place else ""
    contact = initiative.contact
    contact_lines = [contact.name, "Telefoon: " + contact.phone, "E-mail: " + contact.email,
                     "Website: " + contact.website] if contact else []
    footer = max(40 + sum(_lines(line, CONTACT_CHARACTERS) for line in contact_lines) * LINE if contact else 0,
                 QR_HEIGHT if address else 0)
    footer += 10 + _lines(f"{title}. {scan_text} {address}", CAPTION_CHARACTERS) * CAPTION_LINE
    used = (_lines(initiative.title, per_line) * height + _lines(initiative.summary, 56) * 29
            + (_lines("Wanneer: " + initiative.when, CHARACTERS) if initiative.when else 0) * LINE
            + (_lines("Waar: " + place, CHARACTERS) if place else 0) * LINE + footer + FIXED)
    lines = (PAGE_HEIGHT - used) // LINE
    return PosterLayout(name, on_paper(initiative.how_to_join_html, min(JOIN_LENGTH, max(1, lines) * CHARACTERS)))


def _lines(text: str, per_line: int) -> int:
    return -(-len(text) // per_line)


def add_paper_helpers(environment: jinja2.Environment, config: Config, cache_folder: Path | None) -> None:
    """What the paper templates (and the pages that link to them) ask for."""
    codes = QrCodes(cache_folder)
    environment.extend(wijksite_qr_codes=codes)  # for codes_made_ahead

    @jinja2.pass_context
    def leaflet_of(context: jinja2.runtime.Context, group: Group) -> str:
        """The first leaflet of a wijk's page, when the wijk has one (its pages of stories only have none)."""
        path = leaflet_path(url_of(group))
        return path if path in context["known_urls"] else ""

    environment.globals.update(poster_of=poster_path, leaflet_of=leaflet_of,
                               web_address=lambda target: web_address(config.base_url, target),
                               poster_layout=poster_layout,
                               qr_code=lambda address: Markup(codes(address)))
    environment.filters["op_papier"] = on_paper
    environment.filters["zonder_https"] = lambda address: re.sub(r"^https?://", "", address).rstrip("/")


def codes_made_ahead(environment: jinja2.Environment, site: Site) -> AbstractContextManager[None]:
    """While the block runs, the QR codes of the posters and leaflets are made beside it (see qr.py): render the
    other pages inside it, the pages to print last."""
    codes: QrCodes = environment.wijksite_qr_codes  # type: ignore[attr-defined]  # set by add_paper_helpers
    return codes.made_ahead(web_address(site.config.base_url, initiative) for initiative in site.initiatives)


def web_address(base_url: str, target: Any) -> str:
    """Where a page of the site is on the web: what a QR code points at; "" without a basis_url (no QR code)."""
    return absolute_url(base_url, url_of(target)) if base_url else ""
