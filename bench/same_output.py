"""Proof that a change of the code changed nothing for users: the same sites built by two checkouts, byte for byte.

    git worktree add --detach /tmp/main-checkout main      # or: git archive main | tar -x -C /tmp/main-checkout
    .venv/bin/python bench/same_output.py --baseline /tmp/main-checkout [--candidate .] [--entries 1000]
        [--workdir DIR] [--result bench/same-output.md] [--names "main at abc1234" "branch at def5678"]

A checkout is a folder holding `generator/` (a git worktree or an unpacked `git archive` of a commit); it runs
with the Python of its own `.venv` when it has one, otherwise with the Python running this script, with the
checkout first on PYTHONPATH (so an editable install elsewhere does not take over). `--baseline` may also be
the Python of a venv that has the other wijksite installed.

What is built, by each checkout in its own copy of the site, cold (no `.wijksite-cache`, no output), then once
more with nothing changed (a rebuild must give the same tree as well):

* the sample site: `site.yaml`, `content/` (with its photos) and, when present, the site's own `templates/`,
  `static/` and `berichten/` of the candidate checkout; each checkout uses its own default theme;
* the bench corpus of `--entries` entries (bench/corpus.py, seed 1, no photos).

The two output trees are compared file by file (names, then bytes); every differing, missing or extra file is
listed. The verdict and the figures are printed and written to `--result` (Markdown). Exit status 1 when any
file differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from bench.corpus import make_corpus  # noqa: E402

SITE_PARTS = ("site.yaml", "content", "templates", "static", "berichten")


@dataclass(frozen=True)
class Checkout:
    """How to run one wijksite: a Python, and the folder to put first on PYTHONPATH (None: as installed)."""

    label: str
    python: Path
    path: Path | None

    @classmethod
    def from_argument(cls, label: str, given: Path) -> Checkout:
        if (given / "generator").is_dir():
            own = given / ".venv" / "bin" / "python"
            return cls(label, own if own.exists() else Path(sys.executable), given.resolve())
        if given.is_file():
            return cls(label, given, None)
        raise SystemExit(f"same_output.py: {given} is neither a checkout (with generator/) nor a Python")

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.path is not None:
            env["PYTHONPATH"] = str(self.path) + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def build(self, source: Path, output: Path) -> float:
        # run inside the site's folder: `python -m` puts the working folder first on sys.path, before PYTHONPATH,
        # so a run from a checkout would use that checkout's generator whatever PYTHONPATH says
        started = time.perf_counter()
        done = subprocess.run([str(self.python), "-m", "generator", "build", "--source", str(source),
                               "--output", str(output)], env=self.environment(), cwd=source, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise SystemExit(f"same_output.py: the build by {self.label} failed:\n{done.stdout}\n{done.stderr}")
        return time.perf_counter() - started

    def describe(self, where: Path, name: str) -> str:
        """What ran: `name` (or the checkout's commit), and that the builds imported that checkout's package (asked
        the way the builds ask, from a site folder). No paths of this machine go into the report."""
        package = Path(subprocess.run([str(self.python), "-c", "import generator; print(generator.__file__)"],
                                      env=self.environment(), cwd=where, capture_output=True, text=True).stdout.strip())
        if self.path is not None and not package.is_relative_to(self.path):
            raise SystemExit(f"same_output.py: the {self.label} imports {package}, not the checkout {self.path}")
        commit = subprocess.run(["git", "-C", str(self.path), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() if self.path else ""
        return f"{self.label}: {name or (f'commit {commit}' if commit else self.python.name)}"


def files_of(tree: Path) -> set[str]:
    return {path.relative_to(tree).as_posix() for path in tree.rglob("*") if path.is_file()}


def differences(left: Path, right: Path) -> tuple[int, list[str]]:
    """How many files the left tree has, and every file that is not the same in both (with why)."""
    left_files, right_files = files_of(left), files_of(right)
    found = [f"only in baseline: {name}" for name in sorted(left_files - right_files)]
    found += [f"only in candidate: {name}" for name in sorted(right_files - left_files)]
    found += [f"different bytes: {name}" for name in sorted(left_files & right_files)
              if not filecmp.cmp(left / name, right / name, shallow=False)]
    return len(left_files), found


def copy_site(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in SITE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)


def compare_site(name: str, site: Path, checkouts: list[Checkout], work: Path) -> list[str]:
    """Build one site with every checkout (cold, then again unchanged) and compare; lines for the report."""
    lines: list[str] = []
    outputs: dict[str, list[Path]] = {}
    seconds: dict[str, list[float]] = {}
    for checkout in checkouts:
        copy = work / f"{name}-{checkout.label}"
        copy_site(site, copy)
        cold, again = work / f"{name}-{checkout.label}-cold", work / f"{name}-{checkout.label}-again"
        for out in (cold, again):
            shutil.rmtree(out, ignore_errors=True)
        first = checkout.build(copy, cold)
        shutil.copytree(cold, again)
        second = checkout.build(copy, again)
        outputs[checkout.label], seconds[checkout.label] = [cold, again], [first, second]
    base, cand = outputs["baseline"], outputs["candidate"]
    count, cold_diff = differences(base[0], cand[0])
    _, again_diff = differences(base[1], cand[1])
    _, own_diff = differences(cand[0], cand[1])
    verdict = "the same" if not (cold_diff or again_diff or own_diff) else "DIFFERENT"
    lines.append(f"### {name}: {verdict}")
    lines.append("")
    lines.append(f"- {count} files in the baseline's output; cold build: {len(cold_diff)} differing files; "
                 f"rebuild with nothing changed: {len(again_diff)}; the candidate's rebuild against its own cold "
                 f"build: {len(own_diff)}")
    lines.append("- build seconds (cold, again): " + "; ".join(
        f"{label} {s[0]:.1f}, {s[1]:.1f}" for label, s in seconds.items()))
    for title, found in (("cold", cold_diff), ("rebuild", again_diff), ("candidate cold vs rebuild", own_diff)):
        for line in found[:200]:
            lines.append(f"- {title}: {line}")
        if len(found) > 200:
            lines.append(f"- {title}: … and {len(found) - 200} more")
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="checkout (with generator/) or Python")
    parser.add_argument("--candidate", type=Path, default=BENCH.parent, help="default: this checkout")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wijksite-same-output"))
    parser.add_argument("--result", type=Path, default=BENCH / "same-output.md")
    parser.add_argument("--names", nargs=2, default=["", ""], metavar=("BASELINE", "CANDIDATE"),
                        help="what each checkout is, for the report (default: its commit)")
    args = parser.parse_args()
    checkouts = [Checkout.from_argument("baseline", args.baseline),
                 Checkout.from_argument("candidate", args.candidate)]
    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = work / f"corpus-{args.entries}"
    make_corpus(corpus, args.entries, seed=1, photos=0)
    sample = args.candidate if (args.candidate / "content").is_dir() else BENCH.parent
    lines = ["# Same output before and after", "",
             f"`bench/same_output.py --entries {args.entries}`, {date.today().isoformat()}.", "",
             *[f"- {checkout.describe(corpus, name)}" for checkout, name in zip(checkouts, args.names, strict=True)],
             f"- Python {sys.version.split()[0]}; each checkout's own default theme", ""]
    lines += compare_site("sample site", sample, checkouts, work)
    lines += compare_site(f"corpus of {args.entries} entries", corpus, checkouts, work)
    text = "\n".join(lines)
    print(text)
    args.result.write_text(text, encoding="utf-8")
    sys.exit(0 if "DIFFERENT" not in text else 1)


if __name__ == "__main__":
    main()
