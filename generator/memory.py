"""Memory during a build: Python's garbage collector kept off the site model, and freed memory handed back to the
system. Machinery, not a stage: pipeline.py calls it at three points, and no stage needs to know it is there."""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Callable, Iterator


def give_back_freed_memory() -> None:
    """Hand memory that was freed back to the system. The C library keeps it otherwise: a process that once held a
    large scan would go on holding its size while the next scan is decoded elsewhere."""
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc; elsewhere there is no such function, and nothing to do
    except (OSError, AttributeError, TypeError):
        pass


@contextlib.contextmanager
def collector_spares_the_site_model() -> Iterator[Callable[[], None]]:
    """Python's garbage collector kept off the site model for a build, and given it back afterwards.

    While the site is read, no collection at all: loading 10,000 entries makes half a million objects, and the
    collector looked through all of them again and again (a third of the time); none of them is garbage in cycles.
    Once it is read (calling the function this yields), collection resumes with what was read set aside
    (gc.freeze): the site model lives for the whole build, and a first look through it cost 0.06 s of a rebuild.
    Afterwards, also when a build stops, the collector may take it again: a preview server builds again and again.
    """
    gc.disable()

    def site_read() -> None:
        gc.freeze()
        gc.enable()

    try:
        yield site_read
    finally:
        gc.enable()
        gc.unfreeze()


def hand_back_the_site_model() -> None:
    """After the last page: the templates' contexts left cycles that still point at the site model (which the
    collector was told to spare), so collect them, and hand the memory back before Pagefind's last runs need it."""
    gc.collect()
    give_back_freed_memory()
