"""Work shared out over worker processes within a memory budget: two large scans are never decoded at once."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.workers import run_within_budget


def record(task: tuple[Path, str, float]) -> str:
    """Stands for decoding a photo: notes when it starts and ends (module level: worker processes import it)."""
    log, name, seconds = task
    with open(log, "a", encoding="utf-8") as file:
        file.write(f"{time.monotonic()} start {name} {os.getpid()}\n")
    time.sleep(seconds)
    with open(log, "a", encoding="utf-8") as file:
        file.write(f"{time.monotonic()} end {name} {os.getpid()}\n")
    return name.upper()


def test_heavy_items_are_never_at_work_together_and_light_ones_go_past_them(tmp_path):
    log = tmp_path / "log"
    names = ["scan1", "scan2", "foto1", "foto2", "foto3", "foto4"]
    weights = [110, 110, 12, 12, 12, 12]
    tasks = [(log, name, 0.5) for name in names]
    assert run_within_budget(record, tasks, weights, 100) == [name.upper() for name in names]  # in the items' order
    events = sorted((float(t), what, name) for t, what, name, _ in (line.split() for line in log.read_text().split("\n")
                                                                    if line))
    at_work: set[str] = set()
    together = []
    for _, what, name in events:
        if what == "start":
            at_work.add(name)
            together.append(set(at_work))
        else:
            at_work.discard(name)
    assert not any({"scan1", "scan2"} <= moment for moment in together)
    assert not any("scan1" in moment and len(moment) > 1 for moment in together)  # heavier than the budget: alone
    assert any({"foto1", "foto2"} <= moment or {"foto3", "foto4"} <= moment for moment in together)  # light: two
