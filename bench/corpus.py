"""A deterministic corpus for the benchmarks: N entries (half initiatives, half stories) in a wijksite folder.

    python bench/corpus.py OUT --entries 1000 [--seed 1]

Texts are built from a Dutch word list with a seeded random generator, about 900 words per entry
(10,000 entries are about 9 million words), with headings and lists, valid front matter and fuzzy dates.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("de het een en van in op met voor bij naar uit over wijk buurt straat plein dijk molen molens water "
         "polder haven werf school kerk markt winkel bakker fiets boot huis huizen tuin keuken kamer zolder "
         "bewoners buren vrijwilligers kinderen ouders opa oma vader moeder vriend familie vereniging "
         "bibliotheek archief foto verhaal herinnering winter zomer avond ochtend zondag feest koffie taart "
         "samen helpen praten lachen werken spelen schaatsen varen lopen wonen bouwen repareren bewaren "
         "oud nieuw groot klein mooi koud warm druk stil vroeger later altijd soms nooit elke week jaar "
         "gemeente zorg hulp meedoen ontmoeting duurzaamheid energie zonnepanelen groen veilig").split()
WIJKEN = ("Centrum", "Souburgh", "Kinderdijk", "Blokweer")
THEMES = ("Zorg en welzijn", "Vrijwilligerswerk", "Meedoen", "Ontmoeting", "Wonen en buurt", "Duurzaamheid",
          "Geschiedenis")
DATES = ("jaren '50", "circa 1953", "1953-02-01", "zomer 1962", "jaren '60", "1971", "februari 1980",
         "voor 1940", "1950-1959", "begin jaren '70", "2013")


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def body(rng: random.Random, words: int) -> str:
    parts, count = [], 0
    while count < words:
        if rng.random() < 0.12:
            parts.append("## " + sentence(rng, 2, 4).rstrip("."))
        elif rng.random() < 0.08:
            parts.append("\n".join(f"- {sentence(rng, 3, 7)}" for _ in range(rng.randint(2, 4))))
        else:
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            parts.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def make_corpus(out: Path, entries: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    (out / "content/initiatieven").mkdir(parents=True)
    (out / "content/verhalen").mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", out / "site.yaml")
    for number in range(entries):
        title = f"{sentence(rng, 2, 5).rstrip('.')} {number}"
        summary = sentence(rng, 10, 20)
        text = body(rng, rng.randint(600, 1200))
        if number % 2 == 0:
            themes = ", ".join(sorted(set(rng.sample(THEMES, rng.randint(1, 2)))))
            front = (f"titel: \"{title}\"\nsamenvatting: \"{summary}\"\nwijk: {rng.choice(WIJKEN)}\n"
                     f"themas: [{themes}]\nstatus: {rng.choice(('idee', 'pilot', 'lopend', 'afgerond'))}\n"
                     f"wanneer: elke {rng.choice(('maandag', 'dinsdag', 'woensdag'))} 10.00-12.00\n"
                     f"gecontroleerd: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
                     f"toegevoegd: 2026-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}\n")
            (out / f"content/initiatieven/initiatief-{number:05d}.md").write_text(f"---\n{front}---\n{text}",
                                                                                  encoding="utf-8")
        else:
            subjects = ", ".join(sorted(set(rng.sample(WORDS[14:60], 2))))
            front = (f"titel: \"{title}\"\nsamenvatting: \"{summary}\"\ndatum: \"{rng.choice(DATES)}\"\n"
                     f"wijk: {rng.choice(WIJKEN)}\nonderwerpen: [{subjects}]\ntoestemming: ja\nlicentie: CC BY 4.0\n"
                     f"bron: Benchmarkcorpus (verzonnen)\ntoegevoegd: 2026-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}\n")
            folder = out / f"content/verhalen/verhaal-{number:05d}"
            folder.mkdir()
            (folder / "index.md").write_text(f"---\n{front}---\n{text}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_corpus(args.out, args.entries, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in args.out.rglob("*.md"))
    print(f"{args.entries} entries, {words:,} words in {args.out}")


if __name__ == "__main__":
    main()
