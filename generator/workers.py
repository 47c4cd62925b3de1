"""How wijksite's worker processes (parsing, photos, QR codes, the offline index) start, quietly and without
copying the build's memory, and how work is shared out among them within a memory budget."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from .memory import give_back_freed_memory

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")


def process_pool(max_workers: int | None = None) -> ProcessPoolExecutor:
    """Worker processes that start as new interpreters, not as copies of this process: a copy shares the build's
    memory at first and then, page by page, owns it too (at 10,000 entries the processes took 580 MB together).

    multiprocessing and concurrent.futures are loaded only here: a rebuild after an edit needs no workers, and
    loading them took a fifth of its start.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker)


def start_worker() -> None:
    """In a worker: Ctrl-C is for the build to handle (it stops the workers), not for every worker to report
    with a traceback of its own; and collect garbage, also when started as a copy of a build that paused it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()


def run_within_budget(work: Callable[[Item], Result], items: Sequence[Item], weights: Sequence[int], budget: int,
                      parallel: bool = True, progress: Callable[[int, int], None] | None = None) -> list[Result]:
    """work(item) for every item, in the items' order, on all cores (when `parallel`), never with more than `budget`
    (items' weights added up) at work at once; an item heavier than the budget is done alone.

    `work` must be a module-level function (worker processes import it); each result travels back by pickle.
    """
    results: dict[int, Result] = {}
    workers = min(len(items), os.cpu_count() or 1)
    if not parallel or workers < 2:
        for number, item in enumerate(items):
            results[number] = _work_then_give_back(work, item)
            if progress:
                progress(number + 1, len(items))
        return [results[number] for number in range(len(items))]
    from concurrent.futures import FIRST_COMPLETED, wait  # loaded with the workers (see process_pool)

    waiting = list(range(len(items)))
    running: dict[Future[Result], int] = {}
    with process_pool(workers) as pool:
        while waiting or running:
            load = sum(weights[number] for number in running.values())
            for number in list(waiting):  # first fit: a heavy item waits, lighter ones go past it
                if len(running) == workers:
                    break
                if running and load + weights[number] > budget:
                    continue
                waiting.remove(number)
                running[pool.submit(_work_then_give_back, work, items[number])] = number
                load += weights[number]
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                results[running.pop(future)] = future.result()
                if progress:
                    progress(len(results), len(items))
    return [results[number] for number in range(len(items))]


def _work_then_give_back(work: Callable[[Item], Result], item: Item) -> Result:
    try:
        return work(item)
    finally:
        give_back_freed_memory()
