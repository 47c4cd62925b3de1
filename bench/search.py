"""Search benchmark: Pagefind indexing time and peak memory, index size, and the bytes of a first query.

    .venv/bin/python bench/search.py --entries 1000 10000

For each size: makes the corpus (bench/corpus.py), builds it with wijksite, runs Pagefind once more on the
built site as the build does (to time and measure it alone), then opens the search page in headless Chromium
(Debian's /usr/bin/chromium), types a query and adds up the bytes the browser downloaded (compressed as a
web server with gzip would send them).
"""

from __future__ import annotations

import argparse
import gzip
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import make_corpus  # noqa: E402
from generator.build import BuildOptions, build  # noqa: E402
from generator.search import INDEX_LANGUAGE, UNUSED_BUNDLE_FILES  # noqa: E402
from tests.conftest import serve_folder  # noqa: E402

QUERY = "molen"
VERBOSE = "--verbose" in sys.argv


def index_alone(site: Path) -> tuple[float, float, int]:
    """Seconds, peak MB and bytes on disk of one Pagefind run over the built pages."""
    target = site.parent / "pagefind-alleen"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(target),
                    "--force-language", INDEX_LANGUAGE, "--silent"], check=True)
    seconds = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    for unused in UNUSED_BUNDLE_FILES:
        (target / unused).unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    shutil.rmtree(target)
    return seconds, peak, size


def first_query_bytes(output: Path) -> tuple[int, int]:
    """(bytes over the wire with gzip, requests) for opening the search page and one query."""
    from playwright.sync_api import sync_playwright

    url, server = serve_folder(output)
    sizes: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()

            def count(response) -> None:  # type: ignore[no-untyped-def]
                path = output / response.url.split("/", 3)[3].split("?")[0]
                if path.is_dir():
                    path = path / "index.html"
                if path.is_file() and path.suffix not in (".jpg", ".webp"):
                    data = path.read_bytes()
                    already_compressed = path.suffix in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment",
                                                         ".pf_filter")
                    sizes.append(len(data) if already_compressed else len(gzip.compress(data, 6)))
                    if VERBOSE:
                        print(f"    {sizes[-1]:>7} {path.relative_to(output)}")

            page.on("response", count)
            page.goto(url + "zoeken/index.html")
            page.wait_for_selector(".zoekopties:not([hidden])")
            page.fill("#zoekterm", QUERY)
            page.press("#zoekterm", "Enter")
            page.wait_for_function("document.getElementById('zoekmelding').textContent.includes('voor')")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes), len(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--verbose", action="store_true", help="list every downloaded file")
    args = parser.parse_args()
    print("| entries | Pagefind indexing | peak memory | index on disk | first query (page + search, gzip) |")
    print("|---|---|---|---|---|")
    for entries in args.entries:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary) / "site"
            make_corpus(root, entries)
            build(BuildOptions(root))
            seconds, peak, size = index_alone(root / "output")
            transferred, requests = first_query_bytes(root / "output")
            print(f"| {entries:,} | {seconds:.1f} s | {peak:.0f} MB | {size / 1e6:.1f} MB | "
                  f"{transferred / 1000:.0f} KB in {requests} requests |", flush=True)


if __name__ == "__main__":
    main()
