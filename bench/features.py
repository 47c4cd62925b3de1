"""What the pages to print and search from disk cost a cold build: the build with each left out, and with both.

    .venv/bin/python bench/features.py --entries 1000 [--runs 3] [--workdir DIR]

The corpus (bench/corpus.py) is made once. Each variant builds it cold (.wijksite-cache and the output deleted
first) in a fresh process, the variants in turn, the order switched each run:

* everything: `wijksite build` as a volunteer runs it;
* without paper: no posters and leaflets, so no QR codes either (they are planned all the same, so that the
  links to them that the templates write are not dead: a dead link costs the check more than a live one);
* without the offline index: no search from disk, and no vocabulary for "Bedoelde u";
* without both.

Leaving a stage out is done here, in the benchmark's own build process, by replacing it; wijksite itself has no
option for it. Timed from outside: wall seconds and the CPU seconds of the build with all its processes (workers
and Pagefind included). The link check has its own benchmark (bench/links.py). Medians with the range.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

VARIANTS = {"everything": (), "without paper": ("paper",), "without the offline index": ("offline",),
            "without both": ("paper", "offline")}


def run_build(source: Path, left_out: list[str]) -> None:
    """One cold build in this process, with the stages named in `left_out` replaced (the --run-build mode)."""
    from generator import pipeline
    from generator.build import build
    from generator.options import BuildOptions
    from generator.output.writer import LinkedFile, OutputFile
    from generator.search import index, offline_index

    if "paper" in left_out:  # the pages to print are planned, so that links to them count, but never made
        plan_paper, link_targets, paper = pipeline.plan_paper, pipeline.link_targets, set()

        def without_paper(site, messages):
            paper.update(page.path for page in plan_paper(site, messages))
            return []

        def with_paper_as_targets(site, pages, theme, photos):
            targets = link_targets(site, pages, theme, photos)
            targets.files |= paper
            return targets

        pipeline.plan_paper, pipeline.link_targets = without_paper, with_paper_as_targets
    if "offline" in left_out:
        class WithoutOfflineIndex(offline_index.OfflineIndex):
            def start(self, part, pages, count):
                return None

            def __call__(self, view, digests, parts) -> Iterator[OutputFile | LinkedFile]:
                return iter(())

        index.OfflineIndex = WithoutOfflineIndex
    build(BuildOptions(source))


def cold(source: Path, left_out: tuple[str, ...]) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of one cold build in a fresh process."""
    shutil.rmtree(source / ".wijksite-cache", ignore_errors=True)
    shutil.rmtree(source / "output", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--run-build", str(source), *left_out],
                            capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"the build {' '.join(left_out) or 'with everything'} failed:\n{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(entries: int, runs: int, workdir: Path) -> str:
    from bench.corpus import make_corpus

    site = workdir / f"corpus-{entries}"
    make_corpus(site, entries)
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    for run in range(runs):
        order = list(VARIANTS) if run % 2 == 0 else list(reversed(VARIANTS))
        for name in order:
            found[name].append(cold(site, VARIANTS[name]))
            print(f"{name}: {found[name][-1][0]:.2f} s, {found[name][-1][1]:.2f} CPU-s", flush=True)
    full_wall = statistics.median(wall for wall, _ in found["everything"])
    lines = [f"## {entries:,} entries, {runs} runs each", "", "| cold build | wall, median (range) | CPU, median | "
             "against everything |", "|---|---|---|---|"]
    for name, results in found.items():
        walls, cpus = [wall for wall, _ in results], [cpu for _, cpu in results]
        wall = statistics.median(walls)
        lines.append(f"| {name} | {wall:.2f} s ({min(walls):.2f}–{max(walls):.2f}) | {statistics.median(cpus):.1f} s "
                     f"| {wall - full_wall:+.2f} s |")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--run-build":
        run_build(Path(sys.argv[2]), sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None, help="where the corpus goes (/dev/shm: less noise)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wijksite-features-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for entries in args.entries:
        print(measure(entries, args.runs, workdir), flush=True)


if __name__ == "__main__":
    main()
