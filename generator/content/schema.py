"""The front matter vocabulary: every key, its kind, whether it is required, and how it is checked.

One table serves three readers: the validator (`check_fields`), the documentation (`docs/`) and
the JSON Schema that editors use for autocompletion (`json_schema`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Kinds of value. Each has a checker in `content/fields.py` and a JSON Schema shape below.
TEXT, LONG_TEXT, MARKDOWN, TEXT_LIST = "tekst", "lange tekst", "markdown", "lijst van teksten"
CHOICE, VOCAB, VOCAB_LIST = "keuze", "woord uit site.yaml", "woorden uit site.yaml"
DATE, FUZZY_DATE, YES_NO, URL, EMAIL, PHONE = "datum", "vage datum", "ja/nee", "webadres", "e-mail", "telefoon"
COORDINATES, NUMBER, OBJECT, OBJECT_LIST = "coördinaten", "getal", "groep", "lijst van groepen"
FILE_NAME, NUMBER_LIST = "bestandsnaam", "lijst van getallen"

STATUSES = ("idee", "pilot", "lopend", "afgerond")
NEEDED_TO_PUBLISH = frozenset({"alt"})  # required, but a draft (concept: true) may leave it for later
CONSENT = ("ja", "nee", "onbekend")


@dataclass(frozen=True)
class Field:
    """One front matter key."""

    key: str
    kind: str
    description: str
    example: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    vocabulary: str = ""  # "wijken", "themas" or "organisaties": checked against site.yaml
    max_length: int = 0
    fields: tuple[Field, ...] = ()  # for OBJECT and OBJECT_LIST
    shorthand: str = ""  # OBJECT_LIST: the key a plain text item stands for (`themas: [Zorg]` as `- naam: Zorg`)


CONTACT = (
    Field("naam", TEXT, "Naam van de contactpersoon.", "Loes de Vries", max_length=120),
    Field("e-mail", EMAIL, "E-mailadres.", "reparatiecafe@example.org"),
    Field("telefoon", PHONE, "Telefoonnummer.", "078 123 45 67"),
    Field("website", URL, "Webadres met https://.", "https://example.org/reparatiecafe"),
)

PLACE = (
    Field("naam", TEXT, "Naam van de plek.", "MFC Maasplein", max_length=120),
    Field("adres", TEXT, "Straat, huisnummer, postcode en plaats.", "Maasplein 1, Alblasserdam",
          max_length=200),
    Field("coordinaten", COORDINATES, "Breedte- en lengtegraad, als [breedte, lengte].", [51.8656, 4.6606]),
)

INITIATIVE = (
    Field("titel", TEXT, "Naam van het initiatief.", "Reparatiecafé en kledingpunt", True, max_length=120),
    Field("samenvatting", LONG_TEXT, "Eén of twee zinnen: wat is het en voor wie?",
          "Breng je kapotte stoel of jas; mensen uit de dagbesteding maken hem weer heel.", True,
          max_length=300),
    Field("wijk", VOCAB, "Een wijk uit site.yaml, of de naam van de gemeente als het voor iedereen is.",
          "Kinderdijk", True, vocabulary="wijken"),
    Field("themas", VOCAB_LIST, "Thema's uit site.yaml.", ["Duurzaamheid"], vocabulary="themas"),
    Field("organisaties", VOCAB_LIST, "Organisaties uit site.yaml die meedoen.", ["Gemiva-SVG Groep"],
          vocabulary="organisaties"),
    Field("status", CHOICE, "Hoe ver het initiatief is.", "lopend", choices=STATUSES),
    Field("sinds", FUZZY_DATE, "Sinds wanneer het bestaat: een jaar, maand of datum.", 2013),
    Field("wanneer", TEXT, "Wanneer het plaatsvindt, in gewone woorden.", "elke dinsdag 10.00–12.00",
          max_length=200),
    Field("waar", OBJECT, "Waar het plaatsvindt.", {"naam": "MFC Maasplein"}, fields=PLACE),
    Field("contact", OBJECT, "Wie je kunt bereiken.", {"naam": "Loes de Vries"}, fields=CONTACT),
    Field("meedoen", MARKDOWN, "Hoe een bewoner kan meedoen.", "Loop gerust binnen op dinsdagochtend.",
          max_length=2000),
    Field("gezocht", TEXT_LIST, "Hulp die het initiatief zoekt.", ["Vrijwilligers die kunnen naaien"],
          max_length=200),
    Field("aanbod", TEXT_LIST, "Hulp die het initiatief biedt.", ["Kapotte meubels laten repareren"],
          max_length=200),
    Field("afbeelding", OBJECT, "Een foto naast het bestand, met beschrijving.",
          {"bestand": "foto.jpg", "alt": "Twee vrijwilligers repareren een stoel."}, fields=(
              Field("bestand", FILE_NAME, "Bestandsnaam naast index.md.", "foto.jpg", True, max_length=200),
              Field("alt", TEXT, "Wat er te zien is, voor wie de foto niet kan zien.",
                    "Twee vrijwilligers repareren een stoel.", True, max_length=300),
          )),
    Field("gecontroleerd", DATE, "Datum waarop een vrijwilliger controleerde dat alles nog klopt.",
          "2026-09-15"),
    Field("toegevoegd", DATE, "Datum waarop het initiatief op de site kwam (voor de nieuwsfeeds).", "2026-09-15"),
    Field("concept", YES_NO, "Nog niet publiceren (true) of wel (false).", False),
)

PHOTO = (
    Field("bestand", FILE_NAME, "Bestandsnaam van de foto naast index.md.", "molen.jpg", True, max_length=200),
    Field("alt", TEXT, "Wat er te zien is, voor wie de foto niet kan zien.",
          "Drie kinderen op schaatsen voor een molen.", True, max_length=300),
    Field("bijschrift", LONG_TEXT, "Het onderschrift bij de foto.", "Winter bij de molens.", max_length=500),
    Field("fotograaf", TEXT, "Wie de foto maakte.", "J. de Groot", max_length=120),
    Field("bron", TEXT, "Waar de foto vandaan komt.", "Familiealbum", max_length=200),
    Field("datum", FUZZY_DATE, "Wanneer de foto gemaakt is; mag vaag zijn.", "circa 1955"),
    Field("licentie", TEXT, "Onder welke licentie de foto gedeeld wordt.", "CC BY 4.0", max_length=80),
    Field("toestemming", CHOICE, "Toestemming om de foto te publiceren.", "ja", choices=CONSENT),
    Field("personen_herkenbaar", YES_NO, "Staan er herkenbare mensen op?", False),
    Field("ingetrokken", DATE, "Datum waarop de toestemming is ingetrokken; de foto komt niet meer op de site. "
          "Wordt gezet door: wijksite intrekken VERHAAL --foto BESTAND.", "2026-11-22"),
)

STORY = (
    Field("titel", TEXT, "Titel van het verhaal.", "Schaatsen tussen de molens", True, max_length=120),
    Field("samenvatting", LONG_TEXT, "Eén of twee zinnen over het verhaal.", "Gerrit vertelt over de winter.",
          max_length=300),
    Field("verteller", TEXT, "Wie het verhaal vertelt.", "Gerrit", max_length=120),
    Field("opgetekend_door", TEXT, "Wie het verhaal opschreef.", "Vrijwilliger bibliotheek", max_length=120),
    Field("datum", FUZZY_DATE, "Wanneer het gebeurde; mag vaag zijn.", "jaren '50"),
    Field("plaats", TEXT, "Waar het gebeurde.", "Molenkade, Kinderdijk", max_length=200),
    Field("wijk", VOCAB, "Een wijk uit site.yaml.", "Kinderdijk", vocabulary="wijken"),
    Field("onderwerpen", TEXT_LIST, "Vrije trefwoorden.", ["molens", "winter"], max_length=60),
    Field("fotos", OBJECT_LIST, "Foto's naast index.md.", [{"bestand": "molen.jpg", "alt": "Een molen."}],
          fields=PHOTO),
    Field("licentie", TEXT, "Licentie van de tekst.", "CC BY 4.0", max_length=80),
    Field("toestemming", CHOICE, "Toestemming van de verteller om te publiceren.", "ja", choices=CONSENT),
    Field("bron", TEXT, "Waar het verhaal vandaan komt.", "Verhalenmiddag bibliotheek, 2013", max_length=300),
    Field("toegevoegd", DATE, "Datum waarop het verhaal op de site kwam (voor de nieuwsfeeds).", "2026-09-15"),
    Field("ingetrokken", DATE, "Datum waarop de verteller de toestemming introk; het verhaal komt niet meer op de "
          "site. Wordt gezet door: wijksite intrekken VERHAAL.", "2026-11-22"),
    Field("concept", YES_NO, "Nog niet publiceren (true) of wel (false).", False),
)

PAGE = (
    Field("titel", TEXT, "Titel van de pagina.", "Over deze site", True, max_length=120),
    Field("samenvatting", LONG_TEXT, "Eén zin over de pagina.", "Wie maakt deze site en waarom.",
          max_length=300),
    Field("volgorde", NUMBER, "Plaats in het menu onderaan (laag eerst).", 1),
    Field("concept", YES_NO, "Nog niet publiceren (true) of wel (false).", False),
)

SITE = (
    Field("titel", TEXT, "Naam van de site.", "Wijk Kinderdijk", True, max_length=120),
    Field("ondertitel", TEXT, "Korte ondertitel.", "Initiatieven en verhalen uit de wijk", max_length=200),
    Field("gemeente", TEXT, "Naam van de gemeente; als wijk betekent dit: de hele gemeente.", "Alblasserdam",
          True, max_length=120),
    Field("taal", CHOICE, "Taal van de site.", "nl", choices=("nl", "en")),
    Field("basis_url", URL, "Het adres waarop de site gepubliceerd wordt.", "https://example.org/kinderdijk/"),
    Field("thema", TEXT, "Naam van het thema in themes/.", "standaard", max_length=60),
    Field("foto_breedtes", NUMBER_LIST, "Breedtes in beeldpunten waarin elke foto gemaakt wordt (nooit groter "
          "dan het origineel).", [480, 960, 1600]),
    Field("originelen_publiceren", YES_NO, "Ook elke foto op ware grootte publiceren (zonder metadata).", False),
    Field("werkplaats_originelen_bewaren", YES_NO, "Foto's uit `wijksite werkplaats` bewaren zoals ze binnenkwamen, "
          "met locatie, camera en datum erin (voor het archief). Zonder dit bewaart de werkplaats alleen het beeld, "
          "rechtop, zonder die gegevens.", False),
    Field("inbedden", TEXT_LIST, "Websites waarvan video's of kaarten in de tekst mogen staan (een <iframe> met "
          "https). Alles van andere websites wordt weggehaald.", ["www.youtube-nocookie.com"], max_length=100),
    Field("huisstijl", OBJECT, "Eigen kleuren en logo, zonder templates aan te passen.",
          {"kleur": "#7a1f5c", "logo": "logo.svg"}, fields=(
              Field("kleur", TEXT, "Hoofdkleur (kop, knoppen) als #rrggbb; witte tekst erop moet goed leesbaar "
                    "blijven.", "#7a1f5c", max_length=7),
              Field("logo", FILE_NAME, "Logo-bestand in static/ van de site.", "logo.svg", max_length=200),
              Field("logo_alt", TEXT, "Wat er op het logo staat, voor wie het niet ziet.", "Gemeente Alblasserdam",
                    max_length=120),
          )),
    Field("publiceren", OBJECT, "Waar `wijksite publish` de site neerzet (zie docs/publiceren.md).",
          {"doel": "map", "map": "/mnt/webserver/wijk"}, fields=(
              Field("doel", CHOICE, "Soort doel.", "map", True, choices=("map", "zip", "git", "rsync")),
              Field("map", TEXT, "Map, bijvoorbeeld een gedeelde schijf van de webserver.", "/mnt/web/wijk",
                    max_length=500),
              Field("zip", TEXT, "Zip-bestand voor het uploadformulier van een webhost.", "wijksite.zip",
                    max_length=500),
              Field("git", TEXT, "Git-repository (adres of map) voor GitHub of GitLab Pages.",
                    "git@github.com:bibliotheek/wijk.git", max_length=500),
              Field("tak", TEXT, "Tak (branch) in die repository.", "gh-pages", max_length=100),
              Field("rsync", TEXT, "Adres voor rsync over ssh.", "gebruiker@server:/var/www/wijk/", max_length=500),
          )),
    Field("wijken", OBJECT_LIST, "De wijken van de gemeente; met alleen namen mag het ook: "
          "`wijken: [Centrum, Kinderdijk]`.", [{"naam": "Kinderdijk"}], True, shorthand="naam", fields=(
        Field("naam", TEXT, "Naam van de wijk.", "Kinderdijk", True, max_length=80),
        Field("beschrijving", LONG_TEXT, "Eén zin over de wijk.", "De wijk bij de molens.", max_length=500),
    )),
    Field("themas", OBJECT_LIST, "De thema's waaruit initiatieven kiezen; met alleen namen mag het ook: "
          "`themas: [Zorg, Ontmoeting]`.", [{"naam": "Duurzaamheid"}], shorthand="naam",
          fields=(
              Field("naam", TEXT, "Naam van het thema.", "Duurzaamheid", True, max_length=80),
              Field("beschrijving", LONG_TEXT, "Eén zin over het thema.", "Energie en groen.", max_length=500),
          )),
    Field("organisaties", OBJECT_LIST, "Organisaties die in initiatieven voorkomen; met alleen namen mag het "
          "ook: `organisaties: [Bibliotheek Alblasserdam]`.",
          [{"naam": "Stichting Welzijn Alblasserdam"}], shorthand="naam", fields=(
              Field("naam", TEXT, "Naam van de organisatie.", "Stichting Welzijn Alblasserdam", True,
                    max_length=120),
              Field("afkorting", TEXT, "Afkorting.", "SWA", max_length=20),
              Field("website", URL, "Webadres.", "https://example.org/swa"),
              Field("beschrijving", LONG_TEXT, "Eén zin over de organisatie.", "Welzijnswerk.",
                    max_length=500),
          )),
)

SCHEMAS = {"site": SITE, "initiatief": INITIATIVE, "verhaal": STORY, "pagina": PAGE}


def json_schema(name: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one kind of front matter, for editors such as VS Code."""
    schema = _object_schema(SCHEMAS[name])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://wijksite.example.org/schema/{name}.json",
            "title": f"wijksite: {name}", **schema}


def _object_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field.key: _field_schema(field) for field in fields},
        "additionalProperties": False,
    }
    required = [field.key for field in fields if field.required]
    if required:
        schema["required"] = required
    return schema


def _field_schema(field: Field) -> dict[str, Any]:
    shape: dict[str, Any]
    if field.kind in (OBJECT, OBJECT_LIST):
        shape = _object_schema(field.fields)
        if field.kind == OBJECT_LIST and field.shorthand:  # a plain name stands for a group with only that key
            shape = {"type": "array", "items": {"anyOf": [{"type": "string"}, shape]}}
        elif field.kind == OBJECT_LIST:
            shape = {"type": "array", "items": shape}
    elif field.kind == CHOICE:
        shape = {"enum": list(field.choices)}
    elif field.kind in (TEXT_LIST, VOCAB_LIST):
        shape = {"type": "array", "items": {"type": "string"}}
    elif field.kind == YES_NO:
        shape = {"anyOf": [{"type": "boolean"}, {"enum": ["ja", "nee"]}]}
    elif field.kind == NUMBER:
        shape = {"type": "number"}
    elif field.kind == NUMBER_LIST:
        shape = {"type": "array", "items": {"type": "integer", "minimum": 16, "maximum": 8000}, "minItems": 1}
    elif field.kind == COORDINATES:
        shape = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
    elif field.kind == FUZZY_DATE:
        shape = {"type": ["string", "integer"]}
    elif field.kind == DATE:
        shape = {"type": "string", "format": "date"}
    elif field.kind == URL:
        shape = {"type": "string", "format": "uri", "pattern": "^https?://"}
    elif field.kind == EMAIL:
        shape = {"type": "string", "format": "email"}
    elif field.kind == FILE_NAME:
        shape = {"type": "string", "pattern": "^[^/\\\\.][^/\\\\]*$", "maxLength": field.max_length}
    else:
        shape = {"type": "string"}
        if field.max_length:
            shape["maxLength"] = field.max_length
    shape["description"] = field.description + (" (verplicht)" if field.required else "")
    if field.example is not None:
        shape["examples"] = [field.example]
    return shape


TITLES = {"site": "site.yaml", "initiatief": "Initiatief (content/initiatieven/<naam>.md)",
          "verhaal": "Verhaal (content/verhalen/<naam>/index.md)", "pagina": "Pagina (content/paginas/<naam>.md)"}


def markdown_reference() -> str:
    """docs/velden.md: every key of every kind of file, as a table per kind."""
    lines = ["# Alle velden", "",
             "Dit overzicht wordt gemaakt uit `generator/content/schema.py` met `wijksite schema docs/schema`; "
             "verander het daar, niet hier.", ""]
    for name, fields in SCHEMAS.items():
        lines += [f"## {TITLES[name]}", ""]
        lines += _table(fields, "")
    return "\n".join(lines)


def _table(fields: tuple[Field, ...], prefix: str) -> list[str]:
    lines = ["| veld | soort | verplicht | uitleg | voorbeeld |", "|---|---|---|---|---|"]
    nested: list[tuple[Field, str]] = []
    for field in fields:
        allowed = f" Kies uit: {', '.join(field.choices)}." if field.choices else ""
        if field.vocabulary:
            allowed = f" Kies uit de {field.vocabulary} in site.yaml."
        example = json_example(field.example)
        lines.append(f"| `{prefix}{field.key}` | {field.kind} | {'ja' if field.required else 'nee'} | "
                     f"{field.description}{allowed} | {example} |")
        if field.fields:
            nested.append((field, f"{prefix}{field.key}{'[]' if field.kind == OBJECT_LIST else ''}."))
    lines.append("")
    for field, nested_prefix in nested:
        lines += [f"Onderdelen van `{nested_prefix.rstrip('.')}`:", ""]
        lines += _table(field.fields, nested_prefix)
    return lines


def json_example(value: Any) -> str:
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`".replace("|", "\\|")
