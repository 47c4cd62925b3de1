"""How wijksite's worker processes (parsing, photos) start: quietly, and without copying the build's memory."""

from __future__ import annotations

import gc
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


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
