"""How quick `wijksite beheer` is for a volunteer on a site of N entries: the overview, an edit page, a save (with
the check and the page after it), the review queue, and the live preview after that save.

    .venv/bin/python bench/admin.py --entries 1000 [--runs 5]

Prints the median and the range of each, in seconds. The first visit of each page (which reads and checks the
whole site for the first time, and builds the preview from nothing) is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpus import make_corpus  # noqa: E402
from tests.admin_client import Volunteer, changed, running_admin  # noqa: E402


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    status, _ = action()
    assert status == 200, status
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        make_corpus(root, args.entries, 1, 0)
        story = next(p for p in sorted((root / "content/verhalen").iterdir()) if p.is_dir()).name
        edit = f"/bewerken/verhalen/{story}"
        with running_admin(root) as base:
            volunteer = Volunteer(base)
            first = {"overzicht": timed(lambda: volunteer.get("/")),
                     "voorbeeld van de site": timed(lambda: volunteer.get("/site/"))}
            times: dict[str, list[float]] = {name: [] for name in (
                "overzicht", "bewerken (pagina)", "opslaan (met controle en de pagina erna)", "nakijken",
                "voorbeeld na opslaan")}
            for run in range(args.runs):
                times["overzicht"].append(timed(lambda: volunteer.get("/")))
                times["bewerken (pagina)"].append(timed(lambda: volunteer.get(edit)))
                _, page = volunteer.get(edit)
                form = changed(volunteer.form(page), plaats=f"Molenkade {run + 1}")
                times["opslaan (met controle en de pagina erna)"].append(
                    timed(lambda form=form: volunteer.post(edit, form)))  # type: ignore[misc]
                times["nakijken"].append(timed(lambda: volunteer.get("/nakijken")))
                times["voorbeeld na opslaan"].append(timed(lambda: volunteer.get(f"/site/verhalen/{story}/")))
    print(f"beheer, {args.entries} entries, {args.runs} runs (seconds)")
    for name, seconds in first.items():
        print(f"  first {name}: {seconds:.2f}")
    for name, values in times.items():
        print(f"  {name}: median {statistics.median(values):.2f} (range {min(values):.2f}–{max(values):.2f})")


if __name__ == "__main__":
    main()
