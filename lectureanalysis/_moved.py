"""Names of earlier versions, kept for one release with a :class:`DeprecationWarning`: module names
(``import lectureanalysis.stats`` or ``la.distributed`` gives the module that now holds those names) and
argument names (:func:`renamed_arguments`).

An import finder answers only for the names in :data:`MOVED`; every other import is left to Python.
"""

from __future__ import annotations

import functools
import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from lectureanalysis.errors import user_stacklevel

F = TypeVar("F", bound=Callable[..., Any])

#: old module → the module (or package) that now holds its public names
MOVED = {
    "lectureanalysis.distributed": "lectureanalysis.engines.dask",
    "lectureanalysis.stats": "lectureanalysis.analysis",
    "lectureanalysis.segmentation": "lectureanalysis.tokens",
    "lectureanalysis.formats": "lectureanalysis.io",
    "lectureanalysis.formulation_rules": "lectureanalysis.analysis",
    "lectureanalysis.compare": "lectureanalysis.analysis.comparison",
    "lectureanalysis.occurrences": "lectureanalysis.analysis.occurrences",
    "lectureanalysis.selection": "lectureanalysis.analysis.selection",
    "lectureanalysis.summary": "lectureanalysis.analysis.overview",
    "lectureanalysis.reposts": "lectureanalysis.loading.reposts",
    "lectureanalysis.linking": "lectureanalysis.tokens.linking",
    "lectureanalysis.export": "lectureanalysis.io.export",
    "lectureanalysis.fonts": "lectureanalysis.plot.fonts",
}


def moved(old: str) -> ModuleType:
    """The module that replaces ``old``, after a :class:`DeprecationWarning` naming it (pointing at the
    user's line that named the old module)."""
    new = MOVED[old]
    warnings.warn(f"{old} is now {new}: import that instead ({old} will be removed in the next release)",
                  DeprecationWarning, stacklevel=user_stacklevel())
    return importlib.import_module(new)




class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return moved(spec.name)

    def exec_module(self, module: ModuleType) -> None:
        """The module is already the new one: nothing to run."""


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object, target: object = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Loader())


def install() -> None:
    """Answer imports of the old names (once per process)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Let ``function`` take its arguments' former names for one release: ``@renamed_arguments(n="top")``
    passes ``n=…`` on as ``top=…`` with a :class:`DeprecationWarning`; giving both is a ``TypeError``."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def call(*args: object, **kwargs: object) -> object:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{function.__name__}(): {old}= is the former name of {new}=; give {new}= only")
                    warnings.warn(f"{function.__name__}({old}=) is renamed {new}=; {old}= will be removed in the next "
                                  "release", DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return call  # type: ignore[return-value]

    return decorate


def changed_default(argument: str, since: str, before: object) -> Callable[[F], F]:
    """Say, for one release, that the default of keyword ``argument`` changed (it was ``before`` until
    version ``since``), when a call leaves it to the default: a :class:`FutureWarning` that tells how to
    choose (and silence it)."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def call(*args: object, **kwargs: object) -> object:
            if argument not in kwargs:
                warnings.warn(f"{function.__name__}(): the default of {argument}= changed in {since} (it was {before!r}); "
                              f"pass {argument}= to choose and silence this warning", FutureWarning, stacklevel=2)
            return function(*args, **kwargs)

        return call  # type: ignore[return-value]

    return decorate
