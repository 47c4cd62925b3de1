"""site.yaml: the site's name, wijken, themes and organisations, validated, with paths around it."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BuildStopped, SiteError, errors_in, warning
from . import schema
from .fields import Checker, vocabulary
from .slugs import DEVICE_NAMES, device_name, fold, slugify, term_slug
from .sources import read_text
from .yamldoc import load_mapping

CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class Term:
    """A wijk, theme or organisation from site.yaml: its name, URL slug and description."""

    name: str
    slug: str
    description: str = ""
    abbreviation: str = ""
    website: str = ""


@dataclass(frozen=True)
class Config:
    root: Path
    title: str
    municipality: str
    subtitle: str = ""
    language: str = "nl"
    base_url: str = ""
    theme: str = "standaard"
    wijken: tuple[Term, ...] = ()
    themes: tuple[Term, ...] = ()
    organisations: tuple[Term, ...] = ()
    photo_widths: tuple[int, ...] = (480, 960, 1600)
    publish_originals: bool = False
    keep_workshop_originals: bool = False
    publish_to: dict[str, str] = field(default_factory=dict, compare=False)
    embeds: tuple[str, ...] = ()
    brand_colour: str = ""
    logo: str = ""
    logo_alt: str = ""
    problems: tuple[SiteError, ...] = field(default=(), compare=False)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def town(self) -> Term:
        """The whole municipality, usable as a wijk value ("voor heel Alblasserdam")."""
        return Term(self.municipality, term_slug(self.municipality))

    @functools.cached_property
    def vocabularies(self) -> dict[str, dict[str, str]]:
        """Folded name -> name as written, per list (made once: every content file is checked against them)."""
        wijken = vocabulary([t.name for t in (*self.wijken, self.town)])
        return {
            "wijken": wijken,
            "themas": vocabulary([t.name for t in self.themes]),
            "organisaties": _with_abbreviations(self.organisations),
        }


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Read and check site.yaml in `root`; raises BuildStopped with every problem if it is wrong."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise BuildStopped(
            [
                SiteError(
                    CONFIG_FILE,
                    None,
                    f"geen {CONFIG_FILE} gevonden in {root}",
                    "ga naar de map van de site, of maak een nieuwe met: wijksite init MAP",
                )
            ]
        )
    text, problems = read_text(path, CONFIG_FILE)
    doc = None
    if text is not None:
        doc, yaml_problems = load_mapping(text, CONFIG_FILE)
        problems += yaml_problems
    if doc is None or errors_in(problems):
        raise BuildStopped(problems)
    checker = Checker(doc, CONFIG_FILE)
    values = checker.check(doc.data, schema.SITE)
    problems += checker.problems
    problems += _duplicate_names(values, doc.line_of)
    if errors_in(problems):
        raise BuildStopped(problems)
    url = (base_url if base_url is not None else values.get("basis_url", "")).strip()
    brand = values.get("huisstijl", {})
    problems += _brand_problems(brand, doc.line_of, root)
    if errors_in(problems):
        raise BuildStopped(problems)
    return Config(
        root=root,
        title=values["titel"],
        municipality=values["gemeente"],
        subtitle=values.get("ondertitel", ""),
        language=values.get("taal", "nl"),
        base_url=url.rstrip("/") + "/" if url else "",
        theme=values.get("thema", "standaard"),
        wijken=_terms(values.get("wijken", ())),
        themes=_terms(values.get("themas", ())),
        organisations=_terms(values.get("organisaties", ())),
        photo_widths=values.get("foto_breedtes", (480, 960, 1600)),
        publish_originals=values.get("originelen_publiceren", False),
        keep_workshop_originals=values.get("werkplaats_originelen_bewaren", False),
        publish_to=dict(values.get("publiceren", {})),
        embeds=tuple(h.casefold() for h in values.get("inbedden", ())),
        brand_colour=brand.get("kleur", ""),
        logo=brand.get("logo", ""),
        logo_alt=brand.get("logo_alt", ""),
        problems=tuple(problems),
    )


def _brand_problems(brand: dict[str, Any], line_of: Any, root: Path) -> list[SiteError]:
    """A brand colour must be #rrggbb and keep white text on it readable (4.5:1); the logo must exist."""
    problems = []
    colour = brand.get("kleur", "")
    if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        problems.append(
            SiteError(
                CONFIG_FILE,
                line_of("huisstijl.kleur"),
                f"'{colour}' is geen kleur als #rrggbb",
                'schrijf bijvoorbeeld kleur: "#7a1f5c" (met aanhalingstekens)',
            )
        )
    elif colour and contrast_with_white(colour) < 4.5:
        problems.append(
            SiteError(
                CONFIG_FILE,
                line_of("huisstijl.kleur"),
                f"witte tekst op {colour} is slecht leesbaar (contrast "
                f"{contrast_with_white(colour):.1f}:1, minstens 4,5:1 nodig)",
                "kies een donkerdere kleur",
            )
        )
    logo = brand.get("logo", "")
    if logo and not (root / "static" / logo).is_file():
        problems.append(
            SiteError(
                CONFIG_FILE,
                line_of("huisstijl.logo"),
                f"het logo static/{logo} bestaat niet",
                "zet het logo in de map static/ van de site",
            )
        )
    return problems


def contrast_with_white(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _terms(items: tuple[dict[str, Any], ...]) -> tuple[Term, ...]:
    return tuple(
        Term(
            item["naam"],
            term_slug(item["naam"]),
            item.get("beschrijving", ""),
            item.get("afkorting", ""),
            item.get("website", ""),
        )
        for item in items
    )


def _with_abbreviations(organisations: tuple[Term, ...]) -> dict[str, str]:
    words = vocabulary([t.name for t in organisations])
    words.update({fold(t.abbreviation): t.name for t in organisations if t.abbreviation})
    return words


def _duplicate_names(values: dict[str, Any], line_of: Any) -> list[SiteError]:
    problems = []
    for key in ("wijken", "themas", "organisaties"):
        seen: dict[str, str] = {}
        for index, item in enumerate(values.get(key, ())):
            slug = term_slug(item["naam"])
            if not slugify(item["naam"]):
                problems.append(
                    SiteError(
                        CONFIG_FILE,
                        line_of(f"{key}.{index}"),
                        f'de naam "{item["naam"]}" bevat geen letters of cijfers',
                        "geef een naam met letters",
                    )
                )
            elif slug in seen:
                problems.append(
                    SiteError(
                        CONFIG_FILE,
                        line_of(f"{key}.{index}"),
                        f'"{item["naam"]}" staat al in {key} als "{seen[slug]}"',
                        "haal een van de twee weg",
                    )
                )
            elif slugify(item["naam"]) in DEVICE_NAMES:
                problems.append(warning(CONFIG_FILE, line_of(f"{key}.{index}"), f"{device_name(slugify(item['naam']))}"
                                        f"; de pagina krijgt het adres {key}/{slug}/",
                                        "wil je een ander adres, geef een andere naam"))
            seen.setdefault(slug, item["naam"])
    return problems
