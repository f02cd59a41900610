"""One switch between engines: each statistic is written once for pandas tables; an engine registers its own
implementation with the function it serves (``functools.singledispatch`` on the table's class, as quanteda
dispatches ``textstat_*`` on the object's class).

A function decorated with :func:`by_table` runs its own body for a pandas table. An engine (the optional Dask
engine, :mod:`lectureanalysis.engines.dask`) calls ``function.register(ItsDataFrame)`` when it is imported.
A table of an engine not yet imported (a Dask DataFrame the user built with ``dask.dataframe``) imports that
engine first, so registration never depends on what the user imported. Loaders, which take no table, are
registered by engine name with :func:`register_loader`.

Nothing here imports an engine by an import statement: an engine is found by the name in :data:`ENGINES`, so
the lower layers (analysis, tokens, loading) never import the engines above them.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: engines besides pandas: the module that defines their table classes, and the module that registers their
#: implementations when imported
ENGINES: dict[str, tuple[str, str]] = {
    "dask": ("dask.dataframe", "lectureanalysis.engines.dask"),
}

_LOADERS: dict[str, Callable[..., Any]] = {}


def engine_of(table: object) -> str:
    """``"pandas"``, or the name of the engine whose table class ``table`` is (``"dask"``).

    >>> import pandas as pd
    >>> engine_of(pd.DataFrame({"token": ["改革"]}))
    'pandas'
    """
    for name, (frames, _) in ENGINES.items():
        module = sys.modules.get(frames)  # an engine's tables exist only once its library is imported
        if module is not None and isinstance(table, (module.DataFrame, module.Series)):
            return name
    return "pandas"


def load_engine(name: str) -> None:
    """Import the engine ``name`` so that its implementations are registered; a clear error names the extra
    to install when its library is missing."""
    if name not in ENGINES:
        raise ValueError(f"engine: expected 'pandas' or one of {sorted(ENGINES)}, got {name!r}")
    try:
        importlib.import_module(ENGINES[name][1])
    except ImportError as exc:
        raise ImportError(f"engine={name!r} needs the optional extra {name!r}: pip install "
                          f"'lectureanalysis[{name}]' ({exc})") from exc


def by_table(function: F) -> F:
    """Make ``function`` generic on the class of its first argument (the table). Its own body serves pandas
    tables; ``function.register(cls)`` adds an engine's implementation."""
    generic = functools.singledispatch(function)

    @functools.wraps(function)
    def call(table: object, *args: object, **kwargs: object) -> object:
        implementation = generic.dispatch(type(table))
        if implementation is function:
            engine = engine_of(table)
            if engine != "pandas":
                load_engine(engine)
                implementation = generic.dispatch(type(table))
        return implementation(table, *args, **kwargs)

    call.register = generic.register  # type: ignore[attr-defined]
    call.registry = generic.registry  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


def register_loader(engine: str, loader: Callable[..., Any]) -> None:
    """Register the function that loads a corpus into a paragraph table of ``engine``."""
    _LOADERS[engine] = loader


def loader_for(engine: str) -> Callable[..., Any]:
    """The loader ``engine`` registered (the engine is imported first)."""
    if engine not in _LOADERS:
        load_engine(engine)
    return _LOADERS[engine]
