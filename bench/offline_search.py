"""Search from disk: the size of the offline index and what a first search from file:// costs in Chromium.

    .venv/bin/python bench/offline_search.py --entries 1000 10000 [--workdir DIR] [--runs 3]
    .venv/bin/python bench/offline_search.py --site DIR/output   # a site built already (of the corpus)

For each size: makes the corpus (bench/corpus.py), builds it with wijksite, adds up the offline index
(pagefind/schijf/, the parts of the Pagefind index in pieces of 100 pages) and the vocabulary (pagefind/woordenlijst.js) on
disk, times the offline index alone (generator.search.offline_index over the built pages, cold and with every part
kept), then opens the search page from disk in headless Chromium (Debian's /usr/bin/chromium) and times the
time until the search page is ready (every part loaded with script tags), and a first and a second search, for
the four words of bench/search.py. The budget of issue 22: at most 1.5 MB on disk for 1,000 entries.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import make_corpus  # noqa: E402
from generator.build import build
from generator.options import BuildOptions  # noqa: E402
from generator.output.writer import OutputView  # noqa: E402
from generator.search.index import split_into_parts  # noqa: E402
from generator.search.offline_index import OFFLINE_FOLDER, OfflineIndex, OfflinePart  # noqa: E402
from generator.search.pages import searchable_pages  # noqa: E402
from generator.search.vocabulary import VOCABULARY_FILE  # noqa: E402

QUERIES = ("molen", "schaatsen", "vondellaan", "reparatie")
BUDGET_1000 = 1_500_000


def index_alone(site: Path, cache: Path) -> tuple[float, float, float]:
    """Seconds to make the offline index of the built pages from nothing (wall and CPU: the machine may be busy),
    and again with every part kept."""
    shutil.rmtree(cache, ignore_errors=True)
    digests = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in site.rglob("*.html")}
    view = OutputView(site, site, frozenset(), digests)
    pages = searchable_pages(view, cache / "feiten.json")
    parts = [OfflinePart(part.number, part.pages, f"bench-{part.number}")
             for part in split_into_parts(sorted(pages))]
    timings = []
    for _ in range(2):
        started, cpu = time.perf_counter(), time.process_time()
        for _made in OfflineIndex(cache / "schijf")(view, {p: f.digest for p, f in pages.items()}, parts):
            pass
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
    return timings[0][0], timings[0][1], timings[1][0]


def first_searches(site: Path, runs: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """Median seconds from opening the search page from disk to the search being ready (every part loaded with
    script tags), and per query from typing it to its results on screen: a first search, then a second one."""
    from playwright.sync_api import sync_playwright

    ready: list[float] = []
    found: dict[str, tuple[list[float], list[float]]] = {query: ([], []) for query in QUERIES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for _ in range(runs):
            for query in QUERIES:
                page = browser.new_page()
                started = time.perf_counter()
                page.goto((site / "zoeken/index.html").as_uri())
                page.wait_for_selector(".zoekopties:not([hidden])", timeout=120_000)
                ready.append(time.perf_counter() - started)
                for times in found[query]:
                    started = time.perf_counter()
                    page.fill("#zoekterm", query)
                    page.wait_for_function(f"/^\\d+ result.*“{query}”/.test("
                                           "document.getElementById('zoekmelding').textContent)", timeout=120_000)
                    times.append(time.perf_counter() - started)
                    page.fill("#zoekterm", "")
                    page.wait_for_function("document.getElementById('zoekmelding').textContent.startsWith('Typ')")
                page.close()
        browser.close()
    return statistics.median(ready), {query: (statistics.median(first), statistics.median(second))
                                      for query, (first, second) in found.items()}


def measure(entries: int, workdir: Path, runs: int, built: Path | None = None) -> str:
    if built is None:
        site = workdir / f"corpus-{entries}"
        make_corpus(site, entries)
        build(BuildOptions(root=site))
    output = built or site / "output"
    files = sorted((output / OFFLINE_FOLDER).glob("*.js"))
    offline = sum(file.stat().st_size for file in files)
    vocabulary = (output / VOCABULARY_FILE).stat().st_size
    cold, cold_cpu, kept = index_alone(output, workdir / f"cache-{entries}")
    opened, searches = first_searches(output, runs)
    lines = [f"## {entries or output} entries", "",
             f"- offline index: {offline / 1e6:.2f} MB in {len(files) - 1} files, pieces of the parts (largest "
             f"{max(f.stat().st_size for f in files) / 1e6:.2f} MB) and the list of parts; budget at 1,000 "
             f"entries 1.5 MB{': met' if entries != 1000 or offline <= BUDGET_1000 else ': NOT MET'}",
             f"- vocabulary (loaded online and from disk when a query finds little): {vocabulary / 1e3:.0f} KB",
             f"- making it from the built pages: {cold:.2f} s from nothing ({cold_cpu:.2f} CPU-seconds), "
             f"{kept:.3f} s with every part kept",
             f"- from disk in Chromium (median of {runs}): the search page ready, every part loaded, "
             f"{opened:.2f} s after opening it; from typing to results on screen (250 ms of it the wait for the"
             " next letter):"]
    for query, (first, second) in searches.items():
        lines.append(f"  - {query}: first {first:.2f} s, again {second:.2f} s")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--site", type=Path, default=None, help="the output folder of a site built already")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wijksite-offline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.site:
        print(measure(0, workdir, args.runs, args.site.resolve()), flush=True)
        return
    for entries in args.entries:
        print(measure(entries, workdir, args.runs), flush=True)


if __name__ == "__main__":
    main()
