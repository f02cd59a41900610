"""How many worker processes a job gets: one rule for the loader and the segmenter."""

from __future__ import annotations

import os

#: never more processes than this, whatever the machine
MAX_WORKERS = 8


def available_cpus() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def resolve_workers(workers: int | None, *, size: int, threshold: int) -> int:
    """``workers`` checked; or, when it is ``None``, every core (up to :data:`MAX_WORKERS`) for work of at
    least ``threshold`` (in the caller's unit: bytes, characters), else 1.

    >>> resolve_workers(3, size=0, threshold=1), resolve_workers(None, size=0, threshold=1)
    (3, 1)
    """
    if workers is None:
        cpus = available_cpus()
        return min(cpus, MAX_WORKERS) if cpus > 1 and size >= threshold else 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers: expected a whole number >= 1 or None, got {workers!r}")
    return workers
