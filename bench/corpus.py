"""A deterministic corpus for the benchmarks: a wijksite site folder with N entries.

    python bench/corpus.py OUT --entries 1000 [--photos 0] [--seed 1]

OUT gets a site.yaml (4 wijken, 9 themes, 16 organisations, in the style of the sample site) and N entries:
half initiatives (content/initiatieven/<slug>.md), half stories (content/verhalen/<slug>/index.md). The bodies
are Dutch-ish sentences built from word lists with a seeded random generator: about 900 words on average
(300 to 1,800), so 10,000 entries are about 9 million words, with headings, bullet and numbered lists,
emphasis, links to earlier entries and to outside websites. Front matter follows docs/velden.md: wijk, themas,
organisaties, status, sinds, wanneer, waar, contact, meedoen, gezocht, aanbod for initiatives; fuzzy dates
("jaren '50", "circa 1953", "zomer 1962"), verteller, plaats, onderwerpen and toestemming: ja for stories.
`--photos K` adds K small generated JPEGs (800x600, with alt text) spread evenly over the stories.

Deterministic: no timestamps, and every entry comes from its own seeded generator ("seed:number"), so the
first 1,000 entries of a 10,000-entry corpus are the 1,000-entry corpus. OUT is emptied first.
`make_corpus(out, entries, seed, photos)` is what bench/compare.py and bench/search.py call.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SITE_YAML = """\
titel: Wijk Benchdam
ondertitel: Een verzonnen wijk om wijksite mee te meten
gemeente: Alblasserdam
taal: nl
basis_url: https://bench.example.org/
thema: standaard

wijken:
  - naam: Centrum
    beschrijving: Het oude hart van het dorp, met winkels en voorzieningen dicht bij elkaar.
  - naam: Souburgh
    beschrijving: Woonwijk rond de Vondellaan en de Rembrandtlaan, met een eigen wijkplatform.
  - naam: Kinderdijk
    beschrijving: De wijk bij de molens, waar bewoners en organisaties samen begonnen met meedoen.
  - naam: Blokweer
    beschrijving: Woonwijk waar het wijkteam al jaren met bewoners door de buurt loopt.

themas:
  - naam: Zorg en welzijn
    beschrijving: Hulp en steun dichtbij huis, voor wie dat even of langer nodig heeft.
  - naam: Mantelzorg
    beschrijving: Steun voor wie zorgt voor een partner, ouder, kind of buur.
  - naam: Vrijwilligerswerk
    beschrijving: Iets doen voor een ander, een uur per maand of elke week.
  - naam: Meedoen
    beschrijving: Iedereen doet mee naar wat hij of zij kan, ook met een beperking.
  - naam: Ontmoeting
    beschrijving: Plekken en momenten om buurtgenoten te leren kennen.
  - naam: Wonen en buurt
    beschrijving: Straten, pleinen, groen en alles wat bewoners samen aan hun buurt verbeteren.
  - naam: Veiligheid
    beschrijving: Een veilige straat, een veilige oversteek en goed met de buren omgaan.
  - naam: Duurzaamheid
    beschrijving: Energie besparen, spullen hergebruiken en zuinig zijn op de omgeving.
  - naam: Geschiedenis
    beschrijving: Verhalen en foto's over hoe het vroeger was in het dorp.

organisaties:
  - naam: Gemeente Alblasserdam
    website: https://example.org/gemeente
    beschrijving: De gemeente denkt mee en brengt partijen bij elkaar.
  - naam: Stichting Welzijn Alblasserdam
    afkorting: SWA
    website: https://example.org/swa
    beschrijving: Opbouwwerk, mantelzorgsteun, buurtbemiddeling en het vrijwilligerssteunpunt.
  - naam: Stichting Leerwerkbedrijf Alblasserdam
    afkorting: SMILE
    website: https://example.org/smile
    beschrijving: Lokaal leerwerkbedrijf voor mensen met een afstand tot werk.
  - naam: Gemiva-SVG Groep
    website: https://example.org/gemiva-svg
    beschrijving: Zorgaanbieder voor mensen met een beperking.
  - naam: Adullam
    website: https://example.org/adullam
    beschrijving: Zorgaanbieder voor mensen met een verstandelijke beperking.
  - naam: Woonkracht10
    website: https://example.org/woonkracht10
    beschrijving: Woningcorporatie met huurwoningen in het dorp.
  - naam: Voedselbank Alblasserdam
    website: https://example.org/voedselbank
    beschrijving: Vrijwilligers die voedselpakketten geven.
  - naam: Rivas Zorggroep
    website: https://example.org/rivas
    beschrijving: Zorgorganisatie voor ouderen en mensen met dementie.
  - naam: Bibliotheek Alblasserdam
    website: https://example.org/bibliotheek
    beschrijving: De bibliotheek, ook een plek om te leren en elkaar te ontmoeten.
  - naam: Waardeburgh
    website: https://example.org/waardeburgh
    beschrijving: Zorgcentrum voor ouderen.
  - naam: Gezondheidscentrum Dok11
    afkorting: Dok11
    website: https://example.org/dok11
    beschrijving: Huisartsen en andere zorgverleners onder één dak.
  - naam: Kerken in Alblasserdam
    beschrijving: De kerken van het dorp, met hun eigen meldpunten voor vrijwillige hulp.
  - naam: Wijkkerngroep Kinderdijk
    beschrijving: Bewoners die zich samen inzetten voor een fijne en veilige wijk.
  - naam: Werkgroep Verkeersveiligheid Kinderdijk
    beschrijving: Bewoners die werken aan veiliger verkeer.
  - naam: Wijkplatform Souburgh
    beschrijving: Bewoners van Souburgh die samen met de gemeente werken aan hun wijk.
  - naam: Wijkteam Blokweer
    beschrijving: Bewoners die de wijk in de gaten houden en knelpunten aanpakken.
"""

GEMEENTE = "Alblasserdam"
WIJKEN = ("Centrum", "Souburgh", "Kinderdijk", "Blokweer")
THEMAS = ("Zorg en welzijn", "Mantelzorg", "Vrijwilligerswerk", "Meedoen", "Ontmoeting", "Wonen en buurt",
          "Veiligheid", "Duurzaamheid", "Geschiedenis")
ORGANISATIES = ("Gemeente Alblasserdam", "Stichting Welzijn Alblasserdam", "Stichting Leerwerkbedrijf Alblasserdam",
                "Gemiva-SVG Groep", "Adullam", "Woonkracht10", "Voedselbank Alblasserdam", "Rivas Zorggroep",
                "Bibliotheek Alblasserdam", "Waardeburgh", "Gezondheidscentrum Dok11", "Kerken in Alblasserdam",
                "Wijkkerngroep Kinderdijk", "Werkgroep Verkeersveiligheid Kinderdijk", "Wijkplatform Souburgh",
                "Wijkteam Blokweer")

# Sentence parts: subject + verb + two to five phrases, sometimes joined by a conjunction.
SUBJECTS = (("mijn vader", "mijn moeder", "opa", "oma", "het wijkteam", "mijn broer", "de meester", "de bakker",
             "een buurvrouw", "de dominee", "de molenaar", "niemand", "de gemeente", "de werkgroep",
             "onze vereniging", "iedereen"),
            ("de buren", "we", "ze", "de kinderen", "de vrijwilligers", "de bewoners", "de jongens van de werf",
             "de mensen uit de straat", "een paar moeders", "de ouderen"))
VERBS = (("liep", "liepen"), ("werkte", "werkten"), ("hielp", "hielpen"), ("zat", "zaten"), ("praatte", "praatten"),
         ("bouwde", "bouwden"), ("fietste", "fietsten"), ("schaatste", "schaatsten"), ("kwam", "kwamen"),
         ("zong", "zongen"), ("wachtte", "wachtten"), ("dronk koffie", "dronken koffie"),
         ("repareerde alles", "repareerden alles"), ("maakte plannen", "maakten plannen"), ("ruimde op", "ruimden op"),
         ("speelde", "speelden"), ("kookte", "kookten"), ("vertelde verhalen", "vertelden verhalen"),
         ("zocht hulp", "zochten hulp"), ("deed mee", "deden mee"), ("verzamelde foto's", "verzamelden foto's"),
         ("plantte bomen", "plantten bomen"), ("bracht boodschappen", "brachten boodschappen"),
         ("belde aan", "belden aan"), ("organiseerde een feest", "organiseerden een feest"), ("lachte", "lachten"),
         ("bewaarde alles", "bewaarden alles"), ("schreef brieven", "schreven brieven"), ("verhuisde", "verhuisden"),
         ("bleef", "bleven"), ("keek", "keken"), ("luisterde", "luisterden"), ("hing vlaggen op", "hingen vlaggen op"))
PHRASES = ("op de dijk", "bij de molens", "in de winter", "met koffie en taart", "na de storm", "langs de Noord",
           "in het buurthuis", "op het plein", "achter de kerk", "bij de bakker", "in de polder", "op zondag",
           "elke week", "elke dinsdagochtend", "samen met de buren", "voor de kinderen", "tot laat in de avond",
           "zonder veel woorden", "met de hele straat", "in de oude school", "bij het water", "op de werf",
           "in de bibliotheek", "vroeger", "altijd", "soms", "nog steeds", "al jaren", "zo goed als het ging",
           "met een kruiwagen vol spullen", "op de fiets", "in de regen", "bij het eerste licht", "aan de haven",
           "in de tuin van de buren", "met de boot naar de overkant", "rond de kerst", "in het voorjaar",
           "met een grote pan soep", "voor wie het nodig had", "in de gang van het zorgcentrum", "bij de sluis",
           "tussen de huizen", "na schooltijd", "met veel geduld", "zonder geld", "voor een paar gulden",
           "met de zonnepanelen op het dak", "in het wijkcentrum", "aan de lange tafel")
JOINS = ("en", "maar", "want", "dus", "terwijl", "omdat", "toen")
TITLE_ACTIVITIES = ("Koffieochtend", "Reparatiecafé", "Buurtmoestuin", "Taalcafé", "Klusdienst", "Wandelgroep",
                    "Huiswerkklas", "Buurtbus", "Boodschappendienst", "Schaakclub", "Zonnepanelenclub",
                    "Buurtkamer", "Kledingpunt", "Maaltijd voor ouderen", "Speelmiddag", "Energiecoaches",
                    "Burenhulp", "Computerhulp", "Verhalenmiddag", "Buurtschouw", "Opruimdag", "Zwerfvuilploeg")
TITLE_MEMORIES = ("Schaatsen", "De stormnacht", "Boodschappen", "Werken op de werf", "De eerste televisie",
                  "Naar school", "Kermis", "De melkboer", "Zondagmiddag", "Hooien", "Het nieuwe huis",
                  "De overstroming", "Koninginnedag", "Met de pont", "Spelen op straat", "De kruidenier",
                  "Bevrijding", "De oude molenaar", "Zwemmen in de rivier", "Het buurtfeest")
TITLE_PLACES = ("op de dijk", "bij de molens", "in Souburgh", "in Blokweer", "in het Centrum", "aan de Noord",
                "op het Wilgenplein", "in de polder", "bij de kerk", "aan de haven", "in de Dorpsstraat",
                "bij de sluis", "achter de school", "in het buurthuis")
SUBJECTS_FREE = ("molens", "winter", "schaatsen", "werf", "school", "kerk", "markt", "water", "storm", "feest",
                 "oorlog", "familie", "winkels", "verkeer", "haven", "polder", "sport", "muziek", "kermis",
                 "boerderij", "scheepsbouw", "werk", "rivier", "buurthuis")
NAMES = ("Gerrit", "Wim", "Loes", "Henk", "Annie", "Jan", "Ria", "Kees", "Truus", "Piet", "Fatima", "Mehmet",
         "Sandra", "Joke", "Arie", "Bep", "Dirk", "Nel", "Youssef", "Marja")
STREETS = ("Dorpsstraat", "Molenkade", "Vondellaan", "Rembrandtlaan", "Wilgenplein", "Maasplein", "Kerkstraat",
           "Havenkade", "Polderweg", "Noordkade")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


@dataclass(frozen=True)
class Entry:
    number: int
    kind: str  # "initiatief" or "verhaal"
    title: str
    slug: str

    @property
    def url(self) -> str:
        return f"/initiatieven/{self.slug}/" if self.kind == "initiatief" else f"/verhalen/{self.slug}/"


def slug_of(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")


def entry_rng(seed: int, number: int, part: str) -> random.Random:
    return random.Random(f"{seed}:{number}:{part}")  # str seeds are hashed with SHA-512: stable across runs


def plan_entry(seed: int, number: int) -> Entry:
    rng = entry_rng(seed, number, "titel")
    if number % 2 == 0:
        title = f"{rng.choice(TITLE_ACTIVITIES)} {rng.choice(TITLE_PLACES)}"
        kind = "initiatief"
    else:
        title = f"{rng.choice(TITLE_MEMORIES)} {rng.choice(TITLE_PLACES)}"
        kind = "verhaal"
    return Entry(number, kind, f"{title} ({number + 1})", f"{slug_of(title)}-{number + 1:05d}")


def clause(rng: random.Random) -> list[str]:
    number = rng.randrange(2)  # singular or plural: the verb agrees with its subject
    return [rng.choice(SUBJECTS[number]), rng.choice(VERBS)[number]]


def sentence(rng: random.Random) -> str:
    words = [*clause(rng), *[rng.choice(PHRASES) for _ in range(rng.randint(1, 4))]]
    if rng.random() < 0.35:
        words += [rng.choice(JOINS), *clause(rng), rng.choice(PHRASES)]
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", ".", "!", "?"))


def fit(text: str, limit: int) -> str:
    """The text, or as many of its words as fit in `limit` characters with a full stop (no extra random draws,
    so entries that fit are unchanged)."""
    if len(text) <= limit:
        return text
    words = text.split()
    while words and len(" ".join(words)) + 1 > limit:
        words.pop()
    return " ".join(words).rstrip(",.!?") + "."


def summary(rng: random.Random, limit: int = 300) -> str:
    """Two sentences, or the first one alone when both are longer than `limit` (docs/velden.md)."""
    first, second = sentence(rng), sentence(rng)
    return f"{first} {second}" if len(first) + 1 + len(second) <= limit else fit(first, limit)


def fuzzy_date(rng: random.Random) -> str:
    year = rng.randint(1930, 2012)
    return rng.choice((
        f"jaren '{rng.randint(3, 9)}0", f"circa {year}", f"zomer {year}", f"winter {year}",
        f"{rng.choice(MONTHS)} {year}", str(year), f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"begin jaren '{rng.randint(5, 8)}0", f"eind jaren '{rng.randint(5, 8)}0", "voor 1940",
    ))


def inline(rng: random.Random, text: str, earlier: list[Entry]) -> str:
    """Sometimes emphasis, a link to an earlier entry (a site-root URL, as docs/inhoud.md says) or an outside
    website in the sentence."""
    roll = rng.random()
    if roll < 0.05 and earlier:
        target = rng.choice(earlier)
        return f"{text} Lees ook [{target.title}]({target.url})."
    if roll < 0.08:
        return f"{text} Meer op [de website](https://example.org/{rng.choice(SUBJECTS_FREE)})."
    if roll < 0.14:
        phrase = rng.choice(PHRASES)
        return text.replace(phrase, f"*{phrase}*", 1) if phrase in text else f"{text[:-1]}, **{phrase}**{text[-1]}"
    return text


def body(rng: random.Random, words: int, earlier: list[Entry]) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.10 and parts:
            block = rng.choice(("## ", "## ", "### ")) + sentence(rng).rstrip(".!?").split(" ", 3)[-1].capitalize()
        elif roll < 0.16:
            marker = rng.choice(("-", "1."))
            block = "\n".join(f"{marker} {inline(rng, sentence(rng), earlier)}" for _ in range(rng.randint(2, 5)))
        else:
            block = " ".join(inline(rng, sentence(rng), earlier) for _ in range(rng.randint(2, 7)))
        parts.append(block)
        count += len(block.split())
    return "\n\n".join(parts) + "\n"


def body_words(rng: random.Random) -> int:
    """300 to 1,800 words, about 900 on average."""
    return max(300, min(1800, round(rng.gauss(855, 330))))


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def initiative(entry: Entry, seed: int, earlier: list[Entry]) -> str:
    rng = entry_rng(seed, entry.number, "tekst")
    name = rng.choice(NAMES)
    lines = [
        f'titel: "{entry.title}"',
        f'samenvatting: "{summary(rng)}"',
        f"wijk: {rng.choice((*WIJKEN, *WIJKEN, GEMEENTE))}",
        f"themas: {yaml_list(sorted(rng.sample(THEMAS, rng.randint(1, 3))))}",
    ]
    if rng.random() < 0.8:
        lines.append(f"organisaties: {yaml_list(sorted(rng.sample(ORGANISATIES, rng.randint(1, 3))))}")
    lines += [
        f"status: {rng.choice(('idee', 'pilot', 'lopend', 'lopend', 'afgerond'))}",
        f'sinds: "{rng.choice((str(rng.randint(1990, 2025)), f"{rng.choice(MONTHS)} {rng.randint(2000, 2025)}"))}"',
        f"wanneer: elke {rng.choice(('maandag', 'dinsdag', 'woensdag', 'donderdag'))} {rng.randint(9, 19)}.00 uur",
        "waar:",
        f"  naam: Buurthuis {rng.choice(STREETS)}",
        f"  adres: {rng.choice(STREETS)} {rng.randint(1, 120)}, Alblasserdam",
        "contact:",
        f"  naam: {name}",
        f"  e-mail: {name.lower()}.{entry.number}@example.org",
        f"  telefoon: 078 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        f'meedoen: "{sentence(rng)} {sentence(rng)}"',
        "gezocht:",
        *[f'  - "{fit(sentence(rng), 200)}"' for _ in range(rng.randint(1, 3))],
        "aanbod:",
        *[f'  - "{fit(sentence(rng), 200)}"' for _ in range(rng.randint(1, 3))],
        f"gecontroleerd: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        f"toegevoegd: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body(rng, body_words(rng), earlier)


def story(entry: Entry, seed: int, earlier: list[Entry], photos: list[str]) -> str:
    rng = entry_rng(seed, entry.number, "tekst")
    teller = rng.choice(NAMES)
    lines = [
        f'titel: "{entry.title}"',
        f'samenvatting: "{fit(sentence(rng), 300)}"',
        f"verteller: {teller} (verzonnen)",
        "opgetekend_door: Vrijwilliger van de verhalenmiddag",
        f'datum: "{fuzzy_date(rng)}"',
        f"plaats: {rng.choice(STREETS)}, Alblasserdam",
        f"wijk: {rng.choice(WIJKEN)}",
        f"onderwerpen: {yaml_list(sorted(rng.sample(SUBJECTS_FREE, rng.randint(1, 3))))}",
        "licentie: CC BY 4.0",
        "toestemming: ja",
        "bron: Benchmarkcorpus (verzonnen)",
        f"toegevoegd: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
    ]
    if photos:
        lines.append("fotos:")
        for name in photos:
            lines += [f"  - bestand: {name}",
                      f'    alt: "Gekleurde vlakken en cirkels op een verloop, gemaakt voor de benchmark ({name})."',
                      f'    bijschrift: "{fit(sentence(rng), 500)}"',
                      f'    datum: "{fuzzy_date(rng)}"',
                      "    toestemming: ja",
                      "    personen_herkenbaar: nee"]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body(rng, body_words(rng), earlier)


def make_photo(path: Path, seed: int, number: int) -> None:
    """A small photo-like JPEG (800x600): a gradient with coloured shapes and a little blur."""
    from PIL import Image, ImageDraw, ImageFilter  # only needed with --photos

    rng = random.Random(f"{seed}:foto:{number}")
    image = Image.linear_gradient("L").resize((800, 600)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = rng.randrange(800), rng.randrange(600)
        draw.ellipse((x, y, x + rng.randrange(30, 300), y + rng.randrange(30, 200)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    image.filter(ImageFilter.GaussianBlur(1.5)).save(path, "JPEG", quality=85)


def photo_plan(stories: list[Entry], photos: int) -> dict[int, list[str]]:
    """K photos spread evenly over the stories: story i gets photos i, i + S, i + 2S, ..."""
    plan: dict[int, list[str]] = {}
    for photo in range(photos):
        if stories:
            entry = stories[photo * len(stories) // photos] if photos <= len(stories) else stories[photo % len(stories)]
            plan.setdefault(entry.number, []).append(f"foto-{photo + 1:05d}.jpg")
    return plan


def make_corpus(out: Path, entries: int, seed: int = 1, photos: int = 0) -> dict[str, int]:
    """Write the corpus into OUT (emptied first); returns counts: entries, words (body), photos."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "content/initiatieven").mkdir(parents=True)
    (out / "content/verhalen").mkdir(parents=True)
    (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    planned = [plan_entry(seed, number) for number in range(entries)]
    stories = [e for e in planned if e.kind == "verhaal"]
    photo_names = photo_plan(stories, photos)
    words = 0
    for entry in planned:
        earlier = planned[max(0, entry.number - 200):entry.number]  # links only go back: prefix-stable
        if entry.kind == "initiatief":
            text = initiative(entry, seed, earlier)
            (out / f"content/initiatieven/{entry.slug}.md").write_text(text, encoding="utf-8")
        else:
            names = photo_names.get(entry.number, [])
            text = story(entry, seed, earlier, names)
            folder = out / "content/verhalen" / entry.slug
            folder.mkdir()
            (folder / "index.md").write_text(text, encoding="utf-8")
            for name in names:
                make_photo(folder / name, seed, int(name[5:10]))
        words += len(text.split("\n---\n", 1)[1].split())
    return {"entries": entries, "words": words, "photos": photos}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the site into (emptied first)")
    parser.add_argument("--entries", type=int, default=1000, help="number of entries, half initiatives, half stories")
    parser.add_argument("--photos", type=int, default=0, help="number of generated JPEGs, spread over the stories")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = make_corpus(args.out, args.entries, args.seed, args.photos)
    print(f"{counts['entries']} entries, {counts['words']:,} words in the bodies "
          f"({counts['words'] / max(1, counts['entries']):.0f} per entry), {counts['photos']} photos in {args.out}")


if __name__ == "__main__":
    main()
