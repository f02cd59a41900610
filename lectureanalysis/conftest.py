"""The doctests of the package's docstrings (read by pytest only; no module imports this).

The examples assume, as numpy's assume ``import numpy as np``::

    import lectureanalysis as la                     # and pandas as pd, numpy as np
    speeches, paragraphs = la.load("corpus/党课讲稿")   # the bundled 党课讲稿: one speech, no year
    tokens = la.segment(paragraphs)
    reports, report_paragraphs = la.load("corpus/政府工作报告", pattern="20[12]4.txt")   # 2014 and 2024
    report_tokens = la.segment(report_paragraphs)

run from the project's root, where ``corpus/`` is; the tables are made once for all the examples."""

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
#: doctests that start a Dask cluster or build a whole report: slow, out of the fast loop
SLOW_DOCTESTS = {"lectureanalysis.engines.": ("dask",), "lectureanalysis.tokens.store.": ("dask",),
                 "lectureanalysis.report.building.build_report": ()}


@pytest.fixture(autouse=True)
def _doctest_setup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(request.node, pytest.DoctestItem):
        import numpy as np
        import pandas as pd

        import lectureanalysis as la

        monkeypatch.chdir(ROOT)
        namespace = request.getfixturevalue("doctest_namespace")
        namespace.update(la=la, pd=pd, np=np, **_tables())
        monkeypatch.setenv("MPLBACKEND", "Agg")


@functools.cache
def _tables() -> dict[str, object]:
    import lectureanalysis as la

    speeches, paragraphs = la.load(ROOT / "corpus" / "党课讲稿")
    reports, report_paragraphs = la.load(ROOT / "corpus" / "政府工作报告", pattern="20[12]4.txt")
    return {"speeches": speeches, "paragraphs": paragraphs, "tokens": la.segment(paragraphs, progress=False),
            "reports": reports, "report_paragraphs": report_paragraphs,
            "report_tokens": la.segment(report_paragraphs, progress=False)}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, pytest.DoctestItem):
            for prefix, marks in SLOW_DOCTESTS.items():
                if item.name.startswith(prefix):
                    item.add_marker(pytest.mark.slow)
                    for mark in marks:
                        item.add_marker(getattr(pytest.mark, mark))
            # an example shows a result; the notes a statistic gives on its terms and sides are its docstring's
            for category in ("TermWarning", "ComparisonWarning"):
                item.add_marker(pytest.mark.filterwarnings(f"ignore::lectureanalysis.errors.{category}"))
            if item.name.startswith("lectureanalysis.explorer."):
                pytest.importorskip("ipywidgets")
