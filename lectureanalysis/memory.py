"""Giving freed memory back to the system between the long steps of a job.

Python and its libraries free memory into their allocators' heaps, which keep it: after a step that made and
dropped hundreds of MB of arrays (the statistics of a report on hundreds of speeches), the process's resident
set stays as high as the step's peak, and every later step (and every process forked to draw figures) starts
from there. :func:`give_back` asks each allocator to return what it holds unused.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc


def give_back() -> None:
    """Collect garbage, then return the unused pages of the C heap (glibc's ``malloc_trim``; elsewhere
    nothing) and of Arrow's memory pool (Parquet and string columns) to the system."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    try:
        import pyarrow
    except ImportError:  # pandas without Arrow: nothing held there
        return
    pyarrow.default_memory_pool().release_unused()


@functools.cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's ``malloc_trim``, or ``None`` where the C library has none (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None
