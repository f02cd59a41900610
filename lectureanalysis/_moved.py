"""The module names of earlier versions, kept for one release: ``import lectureanalysis.stats`` (or
``la.distributed``) still works, gives the module that now holds those names, and says where it is with a
:class:`DeprecationWarning`.

An import finder answers only for the names in :data:`MOVED`; every other import is left to Python.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

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
                  DeprecationWarning, stacklevel=_user_level())
    return importlib.import_module(new)


def _user_level() -> int:
    """The stack level of the first frame outside this module and the package's ``__init__`` (frames of the
    import machinery are skipped by :func:`warnings.warn` itself, so they are not counted)."""
    frame, level = sys._getframe(1), 1
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith("<frozen importlib"):
            if name not in (__file__, _PACKAGE_INIT):
                return level
            level += 1
        frame = frame.f_back
    return level


_PACKAGE_INIT = __file__.replace("_moved.py", "__init__.py")


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
