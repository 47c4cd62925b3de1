"""The search index in parts: what a large site's build writes, and what an edit re-indexes."""

from __future__ import annotations

import json
import shutil
import sys
import time

import pytest

from generator.search import bundle as search_bundle
from generator.search import index as search
from generator.search.index import split_into_parts
from tests.conftest import STORY, tree_digest


def story(year: int) -> str:
    return STORY.replace('datum: "jaren \'50"', f'datum: "{year}"').replace("Schaatsen bij", f"IJs in {year} bij")


@pytest.fixture
def counted_runs(monkeypatch):
    """The languages of the parts Pagefind really indexed (a part from the cache is not run again)."""
    runs: list[str] = []
    real = search_bundle.pagefind_command

    def command(site, bundle, language):
        runs.append(language)
        return real(site, bundle, language)

    monkeypatch.setattr(search_bundle, "pagefind_command", command)
    monkeypatch.setattr(search, "PAGES_PER_PART", 3)
    return runs


def test_pages_are_spread_over_parts_each_page_once_and_stay_put_when_others_are_added():
    pages = [f"verhalen/{n}/index.html" for n in range(990)]
    parts = split_into_parts(pages, per_part=200)
    assert len(parts) == 5
    assert sorted(page for part in parts for page in part.pages) == sorted(pages)
    assert all(150 < len(part.pages) < 250 for part in parts)
    where = {page: part.number for part in parts for page in part.pages}
    more = split_into_parts([*pages, "verhalen/nieuw/index.html"], per_part=200)
    assert all(where[page] == part.number for part in more for page in part.pages if page in where)
    assert [part.folder for part in parts] == ["pagefind", "pagefind/deel-2", "pagefind/deel-3", "pagefind/deel-4",
                                               "pagefind/deel-5"]


def test_an_edit_re_indexes_only_the_part_its_page_is_in(make_site, build_site, counted_runs, tmp_path):
    years = [1931, 1945, 1952, 1960, 1968, 1974, 1983]
    root = make_site({f"content/verhalen/ijs-{year}/index.md": story(year) for year in years},
                     {f"content/verhalen/ijs-{year}/ijs.jpg": (400, 300) for year in years})
    build_site(root)
    parts = json.loads((root / "output/pagefind/wijksite-delen.json").read_text(encoding="utf-8"))
    count = len(parts["delen"]) + 1
    assert count >= 3  # 10 searchable pages, about 3 a part
    assert sorted(counted_runs) == [f"zz{n}" for n in range(count)]
    assert parts == {"delen": [{"map": f"deel-{n}/", "taal": f"zz{n - 1}"} for n in range(2, count + 1)],
                     "volgorde": "wijksite-volgorde.json"}
    pages = [json.loads((root / f"output/pagefind/{folder}pagefind-entry.json").read_text(encoding="utf-8"))
             for folder in ["", *[part["map"] for part in parts["delen"]]]]
    assert sum(entry["languages"][f"zz{n}"]["page_count"] for n, entry in enumerate(pages)) == 10
    order = json.loads((root / "output/pagefind/wijksite-volgorde.json").read_text(encoding="utf-8"))
    dates = sorted(value for part in order.values() for value, count in part["datum"] for _ in range(count))
    assert dates == sorted([f"{year}-01-01" for year in years] + ["1950-01-01", "2013-01-01"])  # molens, initiative
    assert all(part["datum"] == sorted(part["datum"]) for part in order.values())

    counted_runs.clear()
    (root / ".wijksite-cache/zoeken/paginas.json").write_text("{kapot", encoding="utf-8")  # a broken cache: read again
    edited = root / "content/verhalen/ijs-1960/index.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Het was koud.", "Het was erg koud."),
                      encoding="utf-8")
    build_site(root)
    assert len(counted_runs) == 1
    cached = sorted(p.name for p in (root / ".wijksite-cache/zoeken/bundels").iterdir() if p.is_dir())
    assert len(cached) == count  # the edited part's old bundle is gone, the others are kept
    # the part indexed again on top of its earlier files is exactly what indexing from nothing gives
    shutil.rmtree(root / ".wijksite-cache")
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


def test_a_small_site_is_one_part_without_a_date_table(make_site, build_site):
    root = make_site()
    build_site(root)
    bundle = root / "output/pagefind"
    assert json.loads((bundle / "wijksite-delen.json").read_text(encoding="utf-8")) == {"delen": [], "volgorde": None}
    assert not (bundle / "wijksite-volgorde.json").exists() and not list(bundle.glob("deel-*"))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zz0"]["page_count"] == 3  # the initiative, the story and the page; no list pages


def test_pages_a_template_only_seems_to_mark_for_search_are_left_out_all_the_same(make_site, build_site, tmp_path,
                                                                                  counted_runs):  # 3 pages a part
    # The parts are planned from the templates before rendering; the rendered pages decide.
    template = '{% extends "base.html" %}{# geen data-pagefind-body hier #}{% block content %}<p>Over</p>{% endblock %}'
    root = make_site({"templates/pagina.html": template,
                      **{f"content/verhalen/ijs-{year}/index.md": story(year) for year in (1931, 1945, 1952)}},
                     {f"content/verhalen/ijs-{year}/ijs.jpg": (400, 300) for year in (1931, 1945, 1952)})
    build_site(root)
    bundle = root / "output/pagefind"
    entries = [json.loads(path.read_text(encoding="utf-8")) for path in bundle.rglob("pagefind-entry.json")]
    assert sum(next(iter(entry["languages"].values()))["page_count"] for entry in entries) == 5  # not "over"
    shutil.rmtree(root / ".wijksite-cache")
    build_site(root, output=tmp_path / "schoon")
    assert tree_digest(root / "output") == tree_digest(tmp_path / "schoon")


def test_pagefind_runs_one_at_a_time_while_rendering_and_two_side_by_side_afterwards(make_site, build_site,
                                                                                    monkeypatch, tmp_path):
    """Each run needs about 125 MB: never more than two at once, so a large site stays under 500 MB."""
    log = tmp_path / "runs.log"
    real_command, real_call = search_bundle.pagefind_command, search.SearchIndex.__call__
    wrapper = ("import subprocess, sys, time\n"
               "log = open(sys.argv[1], 'a')\n"
               "log.write(f'+ {time.monotonic()}\\n'); log.flush()\n"
               "time.sleep(0.3)\n"  # two runs started together overlap, however late a busy machine starts one
               "code = subprocess.call(sys.argv[2:])\n"
               "log.write(f'- {time.monotonic()}\\n'); log.flush()\n"
               "sys.exit(code)\n")

    def command(site, bundle, language):
        return [sys.executable, "-c", wrapper, str(log), *real_command(site, bundle, language)]

    def call(index, view):  # every page is made: from here on two runs may go side by side
        with log.open("a") as file:
            file.write(f"| {time.monotonic()}\n")
        return real_call(index, view)

    monkeypatch.setattr(search_bundle, "pagefind_command", command)
    monkeypatch.setattr(search.SearchIndex, "__call__", call)
    monkeypatch.setattr(search, "PAGES_PER_PART", 2)
    years = range(1931, 1951)
    slow = ('{% extends "standaard/verhaal.html" %}{% block content %}{{ super() }}'
            '{% for _ in range(300000) %}{% endfor %}{% endblock %}')  # rendering as slow as Pagefind's runs
    root = make_site({"templates/verhaal.html": slow,
                      **{f"content/verhalen/ijs-{year}/index.md": story(year) for year in years}},
                     {f"content/verhalen/ijs-{year}/ijs.jpg": (40, 30) for year in years})
    build_site(root)
    events = sorted((float(line[2:]), line[0]) for line in log.read_text().splitlines())
    signs = [sign for _, sign in events]
    call = signs.index("|")
    running, most = 0, [0, 0]  # the most runs at once while rendering, and afterwards
    for number, sign in enumerate(signs):
        running += {"+": 1, "-": -1, "|": 0}[sign]
        most[number > call] = max(most[number > call], running)
    assert signs.count("+") == len(list(root.glob("output/pagefind/**/pagefind-entry.json")))
    assert most[0] <= 1 and most[1] <= 2
    if signs[call:].count("+") >= 2:  # two parts were still to be indexed: they ran side by side
        assert most[1] == 2
