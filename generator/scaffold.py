"""New sites and new entries, written from templates; never overwrites an existing file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import UsageError
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
samenvatting: Schrijf hier in één of twee zinnen wat het is en voor wie.
wijk: {wijk}
themas: [{thema}]
organisaties: []
status: idee
wanneer: elke dinsdag 10.00–12.00
waar:
  naam: Buurthuis
  adres: Straat 1, {gemeente}
contact:
  naam: Voornaam Achternaam
  e-mail: naam@example.org
meedoen: Vertel hier hoe iemand kan meedoen.
gezocht:
  - Vrijwilligers die een uurtje per week kunnen helpen
aanbod:
  - Wat bewoners hier kunnen halen of krijgen
gecontroleerd: {vandaag}
toegevoegd: {vandaag}
concept: true
---
Vertel hier meer over het initiatief: hoe het begon, wat er gebeurt en wie er meedoen.

## Wat kunt u verwachten?

Schrijf korte zinnen. Een kopje begint met twee hekjes (##).
"""

STORY = """\
---
titel: {titel}
samenvatting: Eén of twee zinnen over het verhaal.
verteller: Naam zoals die op de site mag staan
opgetekend_door: Naam van de vrijwilliger
datum: "jaren '60"
plaats: Straat of plek
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
Schrijf hier het verhaal, in de woorden van de verteller.

Laat een lege regel tussen twee alinea's.
"""

PAGE = """\
---
titel: Over deze site
samenvatting: Wie deze site maakt en waarom.
volgorde: 1
---
Deze site laat zien wat bewoners van {gemeente} samen doen, en bewaart hun verhalen.
"""

GITIGNORE = "/output/\n.wijksite-cache/\n"


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
                              INITIATIVE.format(**{**values, "titel": "Voorbeeld van een initiatief"})
                              .replace("concept: true", "concept: false")))
    created.append(_write_new(target / "content/verhalen/voorbeeld-verhaal/index.md",
                              STORY.format(**{**values, "titel": "Voorbeeld van een verhaal"})
                              .replace("toestemming: onbekend ", "toestemming: ja      ")
                              .replace("concept: true", "concept: false")))
    created.append(_write_new(target / "content/paginas/over.md", PAGE.format(**values)))
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
        return _write_new(folder / f"{slug}.md", INITIATIVE.format(**values).replace("themas: []", "themas: []"))
    if kind == "verhaal":
        return _write_new(root / "content" / "verhalen" / slug / "index.md", STORY.format(**values))
    raise UsageError(f"onbekend soort '{kind}': kies initiatief of verhaal")


def _yaml_text(text: str) -> str:
    """Quote a title when YAML would otherwise misread it (a colon, a leading * or #)."""
    needs_quotes = any(c in text for c in ":#'\"{}[],&*!|>%@`") or text != text.strip()
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"' if needs_quotes else text
