"""New sites and new entries, written from templates; never overwrites an existing file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..errors import UsageError
from .slugs import slugify

SITE_YAML = """\
# Instellingen van de site. Uitleg van elk veld: docs/inhoud.md van wijksite.
titel: {titel}
ondertitel: Initiatieven en verhalen uit de wijk
gemeente: {gemeente}
taal: nl
basis_url: https://example.org/
thema: standaard

wijken:
  - naam: Centrum
    beschrijving: Het hart van {gemeente}.

themas:
  - naam: Ontmoeting
    beschrijving: Elkaar leren kennen en samen dingen doen.
  - naam: Zorg en welzijn
    beschrijving: Hulp en steun voor en door bewoners.

organisaties:
  - naam: Bibliotheek {gemeente}
    beschrijving: De bibliotheek helpt bewoners hun verhalen en foto's te bewaren.
"""

INITIATIVE = """\
---
titel: {titel}
samenvatting: «Schrijf hier in één of twee zinnen wat het is en voor wie.»
wijk: {wijk}
themas: [{thema}]
organisaties: []
status: idee
wanneer: «bijvoorbeeld elke dinsdag 10.00–12.00»
waar:
  naam: «Naam van het gebouw of de plek»
  adres: «Straat en huisnummer, {gemeente}»
contact:
  naam: «Voornaam Achternaam»
  e-mail: «naam@example.org»
meedoen: «Vertel hier hoe iemand kan meedoen.»
gezocht:
  - «Wie jullie zoeken, bijvoorbeeld vrijwilligers die een uurtje per week kunnen helpen»
aanbod:
  - «Wat bewoners hier kunnen halen of krijgen»
gecontroleerd: {vandaag}
toegevoegd: {vandaag}
concept: true
---
«Vertel hier meer over het initiatief: hoe het begon, wat er gebeurt en wie er meedoen.»

## Wat kunt u verwachten?

«Schrijf korte zinnen. Een kopje begint met twee hekjes (##).»
"""

STORY = """\
---
titel: {titel}
samenvatting: «Eén of twee zinnen over het verhaal.»
verteller: «Naam zoals die op de site mag staan»
opgetekend_door: «Naam van de vrijwilliger»
datum: "jaren '60"
plaats: «Straat of plek»
wijk: {wijk}
onderwerpen: []
licentie: CC BY 4.0
toestemming: onbekend   # ja / nee / onbekend: alleen met 'ja' komt het verhaal op de site
bron: Verhalenmiddag in de bibliotheek, {jaar}
toegevoegd: {vandaag}
fotos: []
# Een foto toevoegen: zet het bestand naast dit index.md en vul in:
# fotos:
#   - bestand: foto.jpg
#     alt: Wat er op de foto te zien is, voor wie hem niet kan zien.
#     bijschrift: Het onderschrift.
#     fotograaf: Naam
#     datum: circa 1962
#     licentie: CC BY 4.0
#     toestemming: ja
#     personen_herkenbaar: nee
concept: true
---
«Schrijf hier het verhaal, in de woorden van de verteller.»

«Laat een lege regel tussen twee alinea's.»
"""

PAGE = """\
---
titel: Over deze site
samenvatting: «Wie deze site maakt en waarom.»
volgorde: 1
---
Deze site laat zien wat bewoners van {gemeente} samen doen, en bewaart hun verhalen.
"""

GITIGNORE = "/output/\n.wijksite-cache/\n"
EXAMPLE_TITLES = ("Voorbeeld van een initiatief", "Voorbeeld van een verhaal")  # the entries `init` makes

# Placeholder text is marked «like this» in the templates above. The marks are taken out when a file is written;
# the marked texts are remembered, so `check` and `build` can warn when one is still there, unchanged.
_MARKED = re.compile(r"«(.+?)»")


def _pattern(template: str) -> re.Pattern[str]:
    """A placeholder as written, with its {gemeente}-style fields matching any text."""
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


PLACEHOLDERS = tuple(_pattern(text) for text in (*_MARKED.findall(INITIATIVE + STORY + PAGE), *EXAMPLE_TITLES))
_ANY_PLACEHOLDER = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in PLACEHOLDERS))  # one scan a line


def is_placeholder(text: str) -> bool:
    """Is this text still one of wijksite's placeholders, unchanged?"""
    text = text.strip()
    return bool(text) and _ANY_PLACEHOLDER.fullmatch(text) is not None


def _fill(template: str, **values: object) -> str:
    """The template without its marks, filled in (marks first: a title may hold « » of its own)."""
    return _MARKED.sub(r"\1", template).format(**values)


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError as exc:
        raise UsageError(f"{path} bestaat al; wijksite overschrijft geen bestaand bestand") from exc
    return path


def init_site(target: Path, title: str = "Onze wijk", municipality: str = "Onze gemeente",
              today: date | None = None) -> list[Path]:
    """A new site that builds at once: site.yaml, the content folders and one example of each entry."""
    if (target / "site.yaml").exists():
        raise UsageError(f"in {target} staat al een site (site.yaml bestaat); kies een nieuwe map")
    today = today or date.today()
    values = {"titel": title, "gemeente": municipality, "wijk": "Centrum", "thema": "Ontmoeting",
              "vandaag": today.isoformat(), "jaar": today.year}
    created = [_write_new(target / "site.yaml", SITE_YAML.format(**values))]
    created.append(_write_new(target / "content/initiatieven/voorbeeld-initiatief.md",
                              _fill(INITIATIVE, **{**values, "titel": EXAMPLE_TITLES[0]})
                              .replace("concept: true", "concept: false")))
    created.append(_write_new(target / "content/verhalen/voorbeeld-verhaal/index.md",
                              _fill(STORY, **{**values, "titel": EXAMPLE_TITLES[1]})
                              .replace("toestemming: onbekend ", "toestemming: ja      ")
                              .replace("concept: true", "concept: false")))
    created.append(_write_new(target / "content/paginas/over.md", _fill(PAGE, **values)))
    if not (target / ".gitignore").exists():
        created.append(_write_new(target / ".gitignore", GITIGNORE))
    return created


def new_entry(root: Path, kind: str, title: str, wijk: str, municipality: str, today: date | None = None) -> Path:
    """A new initiative (content/initiatieven/<slug>.md) or story (content/verhalen/<slug>/index.md)."""
    slug = slugify(title)
    if not slug:
        raise UsageError("de titel moet letters of cijfers bevatten")
    today = today or date.today()
    values = {"titel": _yaml_text(title), "wijk": wijk, "gemeente": municipality, "thema": "",
              "vandaag": today.isoformat(), "jaar": today.year}
    if kind == "initiatief":
        folder = root / "content" / "initiatieven"
        for existing in (folder / f"{slug}.md", folder / slug / "index.md"):
            if existing.exists():
                raise UsageError(f"{existing} bestaat al; kies een andere titel")
        return _write_new(folder / f"{slug}.md", _fill(INITIATIVE, **values))
    if kind == "verhaal":
        return _write_new(root / "content" / "verhalen" / slug / "index.md", _fill(STORY, **values))
    raise UsageError(f"onbekend soort '{kind}': kies initiatief of verhaal")


def _yaml_text(text: str) -> str:
    """Quote a title when YAML would otherwise misread it (a colon, a leading * or #)."""
    needs_quotes = any(c in text for c in ":#'\"{}[],&*!|>%@`") or text != text.strip()
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if needs_quotes else text
