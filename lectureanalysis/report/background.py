"""Work the report hands to another process while it goes on: the numbered formulations (pure Python over every
paragraph) are found in a forked process while this one counts the tokens, so both cores work."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from lectureanalysis.report.settings import logger
from lectureanalysis.tokens.cache import wait_for_cache

T = TypeVar("T")

#: the jobs handed out, by number (a forked process inherits them: nothing large is pickled on the way out)
_JOBS: dict[int, tuple[Callable[..., object], tuple[object, ...]]] = {}


def _run(number: int) -> object:
    function, arguments = _JOBS[number]
    return function(*arguments)


def in_background(function: Callable[..., T], *arguments: object) -> Callable[[], T]:
    """Start ``function(*arguments)`` in a forked process (Linux) and return what waits for its result; where
    processes cannot be forked, or none can be had, it runs here and now. Its warnings are not seen here: give
    it only work that says nothing the user must hear."""
    if sys.platform == "linux":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        number = len(_JOBS)
        _JOBS[number] = (function, arguments)
        try:
            wait_for_cache()  # no thread of ours runs while the process forks
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            future = pool.submit(_run, number)
        except (OSError, RuntimeError) as exc:
            logger.info("running %s here (%s)", getattr(function, "__name__", function), exc)
            _JOBS.pop(number, None)
        else:
            def result() -> T:
                try:
                    return future.result()  # type: ignore[return-value]
                finally:
                    pool.shutdown()
                    _JOBS.pop(number, None)

            return result
    done = function(*arguments)
    return lambda: done
