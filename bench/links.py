"""What the link check costs: cold builds with and without it, and rebuilds before and after it.

    .venv/bin/python bench/links.py --entries 10000 [--runs 3] [--baseline PYTHON] [--workdir DIR]

For each size the corpus (bench/corpus.py) is made once, and copied for the baseline.

* cold, with and without the check: this checkout builds the corpus after deleting .wijksite-cache and the output,
  in a fresh process each time, with the link check and without it (BuildOptions(check_links=False), which only
  this benchmark uses), in turn. Timed from outside (wall seconds, the process's start included). Inside the build
  with the check, the CPU time of the main thread spent in the check itself is summed as well: judging the links of
  every rendered page, judging the links of the content, and the last look at kept pages. That figure moves much
  less with the load of a busy machine than whole builds do.
* link extraction while parsing: runs in the worker processes, so it is timed apart, on the corpus's own texts
  (Markdown to HTML, then finding the links with their lines), and given as CPU seconds for the whole corpus.
* rebuilds, before and after: `wijksite build` with no change and after appending a sentence to one
  initiative's body, with this checkout and with --baseline (the Python of a venv with an older wijksite
  installed, for instance main before the check: `python3 -m venv /tmp/base && /tmp/base/bin/pip install
  /path/to/checkout-of-main`), each on its own copy of the corpus, in turn.

Medians are reported with the range, and written to bench/results-links-<entries>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def run_build(source: Path, output: Path, check: bool) -> dict[str, float]:
    """One build in this process, with the time the link check takes counted (the --run-build mode)."""
    from generator import pipeline
    from generator.build import build
    from generator.content import links
    from generator.options import BuildOptions

    spent = {"check": 0.0}

    def counted(owner: object, name: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent["check"] += time.thread_time() - started

        setattr(owner, name, wrapper)

    counted(links.LinkCheck, "page")
    counted(links.LinkCheck, "finish")
    counted(pipeline, "dead_content_links")
    started = time.perf_counter()
    report = build(BuildOptions(source, output=output, check_links=check))
    return {"seconds": time.perf_counter() - started, "check_cpu": spent["check"], "pages": report.pages}


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


def cold(source: Path, output: Path, check: bool) -> dict[str, float]:
    shutil.rmtree(source / ".wijksite-cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    seconds, printed = timed([sys.executable, str(Path(__file__).resolve()), "--run-build", str(source), str(output),
                              "on" if check else "off"])
    return {**json.loads(printed.strip().splitlines()[-1]), "wall": seconds}


def extraction_cpu(source: Path) -> tuple[float, float, int]:
    """CPU seconds to find the links in every text of the corpus, and to turn them into HTML (for scale)."""
    from generator.content.entries import OWN_PAGE
    from generator.content.links import content_links
    from generator.content.sources import split_front_matter
    from generator.text.markup import render_markdown

    files = sorted((source / "content").rglob("*.md"))
    finding = converting = 0.0
    for path in files:
        _, body, line, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        started = time.process_time()
        html = render_markdown(body)
        converting += time.process_time() - started
        started = time.process_time()
        content_links(html, body, line, OWN_PAGE["verhaal"])
        finding += time.process_time() - started
    return finding, converting, len(files)


def median_range(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def measure(entries: int, runs: int, baseline: str | None, workdir: Path) -> str:
    from bench.corpus import make_corpus

    this, base = workdir / f"corpus-{entries}", workdir / f"corpus-{entries}-baseline"
    out_this, out_base = workdir / f"out-{entries}", workdir / f"out-{entries}-baseline"
    make_corpus(this, entries)
    lines = [f"## {entries:,} entries", ""]
    with_check: list[dict[str, float]] = []
    without: list[dict[str, float]] = []
    for run in range(runs):  # in turn, the order switched each run, so that a burst of load hits both alike
        for check in (True, False) if run % 2 == 0 else (False, True):
            result = cold(this, out_this, check)
            (with_check if check else without).append(result)
            print(f"cold {'with' if check else 'without'} the check: {result['wall']:.2f} s"
                  f" (check {result['check_cpu']:.2f} CPU-s)", flush=True)
    walls_with, walls_without = [r["wall"] for r in with_check], [r["wall"] for r in without]
    check_cpu = [r["check_cpu"] for r in with_check]
    difference = statistics.median(walls_with) - statistics.median(walls_without)
    finding, converting, files = extraction_cpu(this)
    lines += [
        "| cold build | median (range) |",
        "|---|---|",
        f"| with the link check | {median_range(walls_with)} |",
        f"| without it | {median_range(walls_without)} |",
        f"| difference of the medians | {difference:+.2f} s ({difference / statistics.median(walls_without):+.1%}) |",
        f"| the check itself (CPU of the main thread, in the builds with it) | {median_range(check_cpu)}, "
        f"{statistics.median(check_cpu) / statistics.median(walls_with):.1%} of the cold build |",
        f"| finding content links while parsing ({files:,} texts, in the workers) | {finding:.2f} CPU-s "
        f"(Markdown to HTML of the same texts: {converting:.1f} CPU-s) |",
        "",
    ]
    if baseline:
        shutil.rmtree(base, ignore_errors=True)
        shutil.copytree(this, base, ignore=shutil.ignore_patterns(".wijksite-cache"))
        commands = {name: [python, "-m", "generator", "build", "--source", str(source), "--output", str(output)]
                    for name, python, source, output in (("this checkout", sys.executable, this, out_this),
                                                         ("baseline", baseline, base, out_base))}
        sources = {"this checkout": this, "baseline": base}
        for command in commands.values():  # a full build first, so that the next ones are rebuilds
            timed(command)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(runs):
            for name, command in commands.items():
                times.setdefault(("no change", name), []).append(timed(command)[0])
        edited = sorted((this / "content/initiatieven").glob("*.md"))[0].name
        for run in range(runs):
            for name, command in commands.items():
                with (sources[name] / "content/initiatieven" / edited).open("a", encoding="utf-8") as file:
                    file.write(f"\nNog een zin, de {run + 1}e.\n")
                times.setdefault(("one edit", name), []).append(timed(command)[0])
        lines += ["| rebuild | this checkout | baseline | ratio of the medians |", "|---|---|---|---|"]
        for scenario in ("no change", "one edit"):
            mine, theirs = times[scenario, "this checkout"], times[scenario, "baseline"]
            lines.append(f"| {scenario} | {median_range(mine)} | {median_range(theirs)} | "
                         f"{statistics.median(mine) / statistics.median(theirs):.2f} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="the python of a venv with the wijksite to compare rebuilds with")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wijksite-bench-links"))
    parser.add_argument("--results", type=Path, default=BENCH)
    parser.add_argument("--run-build", nargs=3, metavar=("SOURCE", "OUTPUT", "CHECK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_build:
        source, output, check = args.run_build
        print(json.dumps(run_build(Path(source), Path(output), check == "on")))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    for entries in args.entries:
        header = (f"# The link check, {entries:,} entries\n\n{date.today().isoformat()}, {platform.python_version()}, "
                  f"{os.cpu_count()} cores; `bench/links.py --entries {entries} --runs {args.runs}`"
                  f"{' --baseline …' if args.baseline else ''}; medians of {args.runs} runs.\n\n")
        table = measure(entries, args.runs, args.baseline, args.workdir)
        print(table)
        (args.results / f"results-links-{entries}.md").write_text(header + table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
