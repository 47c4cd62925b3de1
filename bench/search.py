"""Search benchmark: Pagefind indexing time and peak memory, index size, and the bytes of a first query.

    .venv/bin/python bench/search.py --entries 1000 10000

For each size: makes the corpus (bench/corpus.py), builds it with wijksite, runs Pagefind once more on the
built site as the build does (to time and measure it alone), then opens the search page in headless Chromium
(Debian's /usr/bin/chromium), types a query and adds up the bytes the browser downloaded (compressed as a
web server with gzip would send them).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import make_corpus  # noqa: E402
from generator.build import build
from generator.options import BuildOptions  # noqa: E402
from generator.search import index as search  # noqa: E402
from generator.search.pages import SEARCH_FOLDER  # noqa: E402
from tests.conftest import QuietHandler  # noqa: E402

# In the corpus: "molen" is on nearly every page, "schaatsen" on one in five, "vondellaan" one in seven,
# "reparatie" one in eleven. A first query's bytes depend on the word: the report gives each and the median.
QUERIES = ("molen", "schaatsen", "vondellaan", "reparatie")
VERBOSE = "--verbose" in sys.argv


ALONE = """
import hashlib, json, os, resource, sys, time
from pathlib import Path
from generator.search import index as search
from generator.output.writer import LinkedFile, OutputView
search.PAGES_PER_PART = int(sys.argv[3])
site, cache = Path(sys.argv[1]), Path(sys.argv[2])
pages = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.html")}
started = time.perf_counter()
made = search.SearchIndex(cache, [])(OutputView(site, site, frozenset(), pages))
seconds = time.perf_counter() - started
for file in made:
    target = site / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(file.source, target) if isinstance(file, LinkedFile) else target.write_bytes(file.content)
print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""


def index_alone(site: Path) -> tuple[float, float, int, int]:
    """Seconds, peak MB (the largest Pagefind run), bytes on disk and parts of indexing the built pages again,
    exactly as the build does (generator.search.index.SearchIndex), with an empty cache, in a fresh process (so that
    the build's own worker processes do not count)."""
    shutil.rmtree(site / SEARCH_FOLDER)
    cache = site.parent / "zoeken-cache"
    result = subprocess.run([sys.executable, "-c", ALONE, str(site), str(cache), str(search.PAGES_PER_PART)],
                            check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    seconds, peak = json.loads(result.stdout.strip().splitlines()[-1])
    folder = site / SEARCH_FOLDER
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    parts = 1 + len(list(folder.glob("deel-*")))
    shutil.rmtree(cache)
    return seconds, peak, size, parts


class CountingHandler(QuietHandler):
    """Records every file the browser asks for, whether the page, a module or a fetch asked."""

    served: list[Path] = []

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            self.served.append(path)
        return super().send_head()


def first_query_bytes(output: Path, query: str) -> tuple[int, int]:
    """(bytes over the wire with gzip, requests) for opening the search page and one query, in a new browser."""
    from playwright.sync_api import sync_playwright

    CountingHandler.served = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(CountingHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(url + "zoeken/index.html")
            page.wait_for_selector(".zoekopties:not([hidden])")
            page.fill("#zoekterm", query)
            page.press("#zoekterm", "Enter")
            page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('voor')")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    sizes = []
    for path in CountingHandler.served:
        if path.suffix in (".jpg", ".webp"):
            continue  # result thumbnails: photos, not search
        data = path.read_bytes()
        already_compressed = path.suffix in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
        sizes.append(len(data) if already_compressed else len(gzip.compress(data, 6)))
        if VERBOSE:
            print(f"    {sizes[-1]:>7} {path.relative_to(output)}")
    return sum(sizes), len(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--verbose", action="store_true", help="list every downloaded file")
    parser.add_argument("--per-part", type=int, default=search.PAGES_PER_PART,
                        help=f"pages per index part (default {search.PAGES_PER_PART}; more pages, fewer parts)")
    args = parser.parse_args()
    search.PAGES_PER_PART = args.per_part
    print("| entries | Pagefind indexing | peak memory | parts | index on disk | first query, median (each query) |")
    print("|---|---|---|---|---|---|")
    for entries in args.entries:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary) / "site"
            make_corpus(root, entries)
            build(BuildOptions(root))
            seconds, peak, size, parts = index_alone(root / "output")
            measured = {query: first_query_bytes(root / "output", query) for query in QUERIES}
            each = ", ".join(f"{query} {got / 1000:.0f} KB/{requests}" for query, (got, requests) in measured.items())
            median = statistics.median(got for got, _ in measured.values())
            print(f"| {entries:,} | {seconds:.1f} s | {peak:.0f} MB | {parts} | {size / 1e6:.1f} MB | "
                  f"{median / 1000:.0f} KB ({each}) |", flush=True)


if __name__ == "__main__":
    main()
