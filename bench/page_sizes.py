"""The weight of every kind of page: the largest HTML page of each type, at 1,000 and 10,000 entries.

    python bench/page_sizes.py --entries 1000 10000 [--photos K] [--workdir DIR] [--sample]

Builds the corpus of bench/corpus.py (and, with --sample, the repository's sample site) with wijksite and sorts
every HTML page of the output by type (home, initiatives list, one initiative, a wijk, the subjects index, ...).
Prints per type: how many pages, the largest (bytes and path), and how many pages have no meta description.
The budget is 50 KB (51,200 bytes) of HTML for every page, at any size of site; the script exits with status 1
when a page is over it or lacks a description, so it can guard a change.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import make_corpus  # noqa: E402

BUDGET = 50 * 1024
REPO = Path(__file__).resolve().parent.parent
LISTS = {"initiatieven": "initiatieven", "verhalen": "verhalen", "tijdlijn": "tijdlijn", "wijken": "wijken",
         "themas": "themas", "organisaties": "organisaties", "onderwerpen": "onderwerpen"}
ONE = {"initiatieven": "initiatief", "verhalen": "verhaal", "tijdlijn": "tijdvak", "wijken": "wijk",
       "themas": "thema", "organisaties": "organisatie", "onderwerpen": "onderwerp"}


def page_type(path: str) -> str:
    """The kind of page an output path holds ("wijken/centrum/pagina-2.html" -> "wijk")."""
    parts = path.split("/")
    if path == "index.html":
        return "home"
    if path == "404.html":
        return "404"
    if parts[0] == "zoeken":
        return "zoeken"
    if parts[0] in LISTS:
        if len(parts) == 2:  # initiatieven/index.html, initiatieven/pagina-2.html
            return f"{LISTS[parts[0]]} (lijst)"
        return ONE[parts[0]]
    return "pagina"


DESCRIPTION = re.compile(rb'<meta name="description" content="([^"]*)"')


def measure(output: Path) -> dict[str, list[tuple[int, str, bool]]]:
    """Per page type: (bytes, path, has a description) of each HTML page."""
    found: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
    for page in output.rglob("*.html"):
        relative = page.relative_to(output).as_posix()
        if relative.startswith(("pagefind/", "static/")):
            continue
        data = page.read_bytes()
        description = DESCRIPTION.search(data)
        found[page_type(relative)].append((len(data), relative, bool(description and description.group(1).strip())))
    return found


def report(title: str, found: dict[str, list[tuple[int, str, bool]]]) -> tuple[list[str], bool]:
    lines = [f"### {title}", "", "| type | pages | largest | path of the largest | without description |",
             "|---|---|---|---|---|"]
    good = True
    for kind in sorted(found):
        pages = found[kind]
        size, path, _ = max(pages)
        missing = sum(1 for _, _, has in pages if not has)
        over = sum(1 for size_, _, _ in pages if size_ > BUDGET)
        good = good and not missing and not over
        flag = f" (**{over} over 50 KB**)" if over else ""
        lines.append(f"| {kind} | {len(pages)} | {size / 1024:.1f} KB{flag} | `{path}` | {missing} |")
    return [*lines, ""], good


def build(site: Path, wijksite: Path) -> None:
    subprocess.run([str(wijksite), "build", "--source", str(site)], check=True, capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--photos", type=int, default=0, help="photos in the corpus (spread over the stories)")
    parser.add_argument("--sample", action="store_true", help="also the repository's sample site")
    parser.add_argument("--workdir", type=Path, default=None, help="where the sites are made (default: a temp dir)")
    parser.add_argument("--wijksite", type=Path, default=Path(sys.executable).parent / "wijksite")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paginagewicht-"))
    lines, good = [], True
    if args.sample:
        site = workdir / "voorbeeldsite"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(REPO / "content", site / "content")
        shutil.copy(REPO / "site.yaml", site / "site.yaml")
        build(site, args.wijksite)
        part, fine = report("sample site", measure(site / "output"))
        lines, good = lines + part, good and fine
    for entries in args.entries:
        site = workdir / f"corpus-{entries}"
        make_corpus(site, entries, 1, args.photos)
        build(site, args.wijksite)
        part, fine = report(f"{entries:,} entries" + (f", {args.photos} photos" if args.photos else ""),
                            measure(site / "output"))
        lines, good = lines + part, good and fine
    print("\n".join(lines))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
