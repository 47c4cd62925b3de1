"""The offline index (search from disk) and the vocabulary: what a build writes, from which text, and what an edit
makes again. The browser side is tested in test_offline_search_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from concurrent.futures import Future
from pathlib import Path

import pytest

from generator.search import index as search
from generator.search import offline_index
from generator.search.offline_index import OfflineIndex, encode_number
from generator.search.page_text import _blocks_ended, page_record
from generator.search.vocabulary import vocabulary
from tests.conftest import STORY, tree_digest

PAGE = """<!doctype html><html lang="nl"><head><title>Reparatiecafé — Wijk</title></head><body>
<nav>menu Kinderdijk</nav><main><article class="artikel" data-pagefind-body>
<span hidden data-pagefind-filter="type:Initiatief" data-pagefind-meta="type:Initiatief"></span>
<span hidden data-pagefind-filter="thema:Duurzaamheid"></span>
<span hidden data-pagefind-filter="thema:Ontmoeten"></span>
<span hidden data-pagefind-sort="datum:2015-01-01"></span>
<header><h1>Reparatie<wbr>café en kleding-punt</h1><p class="inleiding">Kapotte spullen? Samen maken we ze.</p></header>
<dl><div><dt data-pagefind-ignore>Wijk</dt><dd><a href="../">Kinderdijk</a></dd></div></dl>
<h2>Meedoen</h2><p>Kom <em>langs</em> met je Foto's &amp; je fiets.</p>
<form><label>Zoek</label><input></form><!-- opmerking -->
<p hidden data-pagefind-weight="0.5">café punt</p>
</article></main><footer>colofon</footer></body></html>"""


def test_a_page_is_read_as_pagefind_reads_it():
    record = page_record("initiatieven/reparatiecafe/index.html", PAGE)
    assert record is not None
    assert record.title == "Reparatiecafé en kleding-punt"
    assert record.meta == {"type": "Initiatief", "title": "Reparatiecafé en kleding-punt"}
    assert record.filters == {"type": ["Initiatief"], "thema": ["Duurzaamheid", "Ontmoeten"]}
    assert record.sort == {"datum": "2015-01-01"}
    words = record.weights
    assert words["reparatiecafé"] == 7 * 24  # an h1 weighs 7 times a plain word
    assert words["kledingpunt"] == 7 * 24 and words["kleding"] == 7 * 12  # the halves share the word's weight
    assert words["meedoen"] == 6 * 24 and words["langs"] == 24  # an h2 six times; <em> does not split a word
    assert words["foto"] == 24 and "fotos" not in words  # an ASCII 's is a possessive to Pagefind 1.5
    assert words["café"] == 12 and words["punt"] == 7 * 12 + 12  # data-pagefind-weight="0.5"
    assert words["kinderdijk"] == 24  # in the text once; the menu and the ignored label are left out
    assert not {"wijk", "menu", "zoek", "colofon", "opmerking"} & set(words)
    assert record.length == 21  # "&" is a word to Pagefind too
    assert record.opening.startswith("Reparatiecafé en kleding-punt. Kapotte spullen? Samen maken we ze.")


@pytest.mark.parametrize("fragment", [
    "<h1>Titel</h1><p>Een zin</p>", "<p>Vraag?</p>\n  <p>Antwoord</p>", "<ul><li>een</li><li>twee </li></ul>",
    "</p>begin", "<p>aan\u00a0</p></div><p>'s avonds)</p>", "<p>\t \n</p>", "<section><div>x</div></section>",
    "<p>einde</p>  ", "<td>1</td><td>*</td><td>€</td>", "geen einde"])
def test_block_ends_are_read_as_the_pattern_pagefind_follows(fragment):
    # the pattern the opening was first made with: white space and the end tag, a full stop after a word
    def ending(match):
        before = match.string[match.start() - 1] if match.start() else ""
        return "." if re.match(r"[\w'\")$*]", before) else " "

    assert _blocks_ended(fragment) == re.sub(r"\s*</(?:h[1-6]|p|td|div|ul|li|article|section)>", ending, fragment)


def test_a_page_without_a_marked_body_is_not_searched():
    assert page_record("a.html", "<html><body><main><h1>Niets</h1></main></body></html>") is None


def test_numbers_in_the_part_files_are_short():
    assert [encode_number(n) for n in (0, 6, 31, 32, 1000)] == ["0", "6", "v", "B0", "(8"]


def test_the_vocabulary_keeps_one_written_form_per_word_and_leaves_out_short_words_and_numbers():
    words = vocabulary(Counter({"café": 3, "cafe": 1, "molens": 5, "de": 40, "1953": 4, "wijk": 2}))
    assert words == [("molens", 5), ("café", 4), ("wijk", 2)]
    assert len(vocabulary(Counter({f"woord{'a' * n}": 1 for n in range(50)}), limit=10)) == 10


def part_files(output: Path) -> dict[str, dict]:
    """The offline index's files (the pieces of its parts) in a built site, as the browser reads them."""
    found = {}
    for file in sorted((output / "pagefind/schijf").glob("deel-*.js")):
        text = file.read_text(encoding="utf-8")
        assert text.startswith("(window.wijksiteSchijf=window.wijksiteSchijf||[]).push(") and text.endswith(");\n")
        found[file.name] = json.loads(text[text.index("push(") + 5:-3])
    return found


def story(year: int) -> str:
    return STORY.replace('datum: "jaren \'50"', f'datum: "{year}"').replace("Schaatsen bij", f"IJs in {year} bij")


YEARS = [1931, 1945, 1952, 1960, 1968, 1974, 1983]


@pytest.fixture
def site_in_parts(make_site, build_site, monkeypatch) -> Path:
    """A built site of ten searchable pages whose index comes in parts of about three (as one of thousands), and
    the offline index's parts in pieces of two."""
    monkeypatch.setattr(search, "PAGES_PER_PART", 3)
    monkeypatch.setattr(offline_index, "PIECE_PAGES", 2)
    root = make_site({f"content/verhalen/ijs-{year}/index.md": story(year) for year in YEARS},
                     {f"content/verhalen/ijs-{year}/ijs.jpg": (400, 300) for year in YEARS})
    build_site(root)
    return root


def test_the_offline_index_has_the_parts_and_pages_of_the_pagefind_index(site_in_parts):
    output = site_in_parts / "output"
    online = json.loads((output / "pagefind/wijksite-delen.json").read_text(encoding="utf-8"))
    pieces = part_files(output)
    order = sorted(pieces, key=lambda name: [int(number) for number in name[5:-3].split("-")])
    assert [pieces[name]["deel"] for name in order] == [int(name.split("-")[1]) - 1 for name in order]
    assert len({piece["deel"] for piece in pieces.values()}) == len(online["delen"]) + 1 >= 3
    assert len(pieces) > len(online["delen"]) + 1  # a part of three pages comes in two pieces
    listed = (output / "pagefind/schijf/delen.js").read_text(encoding="utf-8")
    assert listed == f"window.wijksiteSchijfDelen={json.dumps(order)};\n"
    pages = sorted(page[0] for part in pieces.values() for page in part["paginas"])
    assert pages == sorted(["initiatieven/reparatiecafe/index.html", "over/index.html", "verhalen/molens/index.html",
                            *(f"verhalen/ijs-{year}/index.html" for year in YEARS)])
    assert (output / "pagefind/woordenlijst.js").read_text(encoding="utf-8").startswith("window.wijksiteWoordenlijst=")


def test_no_change_keeps_every_file_and_an_edit_remakes_only_its_piece(site_in_parts, build_site):
    root = site_in_parts
    folder = root / "output/pagefind/schijf"
    before = {file.name: file.stat().st_ino for file in folder.iterdir()}
    build_site(root)
    assert {file.name: file.stat().st_ino for file in folder.iterdir()} == before
    edited = root / "content/verhalen/ijs-1952/index.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nDe ijsclub Zwaluwstaart gaf warme chocolademelk.\n",
                      encoding="utf-8")
    build_site(root)
    after = {file.name: file.stat().st_ino for file in folder.iterdir()}
    changed = {name for name in after if after[name] != before.get(name)}
    holding = [name for name, part in part_files(root / "output").items()
               if any(page[0] == "verhalen/ijs-1952/index.html" for page in part["paginas"])]
    assert changed == set(holding) and len(holding) == 1  # the list of parts is the same, so kept as well
    assert "zwaluwstaart" in part_files(root / "output")[holding[0]]["woorden"]


def built_from_nothing(root: Path, build_site) -> dict[str, str]:
    """The offline index of a build without the output and the cache of the last one."""
    shutil.rmtree(root / "output")
    shutil.rmtree(root / ".wijksite-cache")
    build_site(root)
    return tree_digest(root / "output/pagefind/schijf")


def test_two_builds_from_nothing_write_the_same_offline_index(make_site, build_site, tmp_path):
    root = make_site()
    build_site(root)
    first = tree_digest(root / "output/pagefind/schijf")
    assert built_from_nothing(root, build_site) == first


def test_a_first_build_makes_the_parts_in_a_worker_as_the_build_itself_would(make_site, build_site, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_PART", 3)
    root = make_site({f"content/verhalen/ijs-{year}/index.md": story(year) for year in YEARS},
                     {f"content/verhalen/ijs-{year}/ijs.jpg": (400, 300) for year in YEARS})
    sent: dict[str, Future[None]] = {}
    real_start = OfflineIndex.start

    def start(self, part, pages, count):
        real_start(self, part, pages, count)
        sent.update(self.coming)

    monkeypatch.setattr(OfflineIndex, "start", start)
    build_site(root)
    assert len(sent) == len({piece["deel"] for piece in part_files(root / "output").values()}) >= 3  # every part
    assert all(made.done() and made.exception() is None for made in sent.values())  # and was made there
    in_worker = tree_digest(root / "output/pagefind/schijf")
    monkeypatch.setattr(OfflineIndex, "start", lambda self, part, pages, count: None)
    assert built_from_nothing(root, build_site) == in_worker


def test_damaged_page_records_are_read_again_from_the_pages(site_in_parts, build_site):
    root = site_in_parts
    kept = list((root / ".wijksite-cache").rglob("paginas-*.pickle"))
    assert len(kept) == len(part_files(root / "output"))
    for file in kept:
        file.write_bytes(file.read_bytes()[:100])  # cut short: a full stick, a power cut
    edited = root / "content/verhalen/ijs-1952/index.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nDe ijsclub Zwaluwstaart gaf warme chocolademelk.\n",
                      encoding="utf-8")
    build_site(root)
    after_edit = tree_digest(root / "output/pagefind/schijf")
    assert built_from_nothing(root, build_site) == after_edit
