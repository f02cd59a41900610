"""Every public function has a numpydoc docstring — Parameters (each of its arguments), Returns, See Also,
Examples, and References for each statistic — and its examples run (they are doctests: ``pytest`` collects
them from the package, in the fast loop but for the few that start a cluster or build a report)."""

import inspect

import pytest

import lectureanalysis as la
from lectureanalysis import plot

#: numpydoc's checks that a reader relies on: every parameter documented (PR01) and no unknown one (PR02),
#: each described (PR07), a Returns section (RT01) with a description (RT03), See Also (SA01), Examples (EX01)
REQUIRED = ("PR01", "PR02", "PR07", "RT01", "RT03", "SA01", "EX01")
#: the statistics, whose docstrings cite where their formulas come from
STATISTICS = ("term_frequencies", "tfidf", "similarity", "distance", "keyness", "collocations", "dispersion",
              "lexical_profile")
DASK_FUNCTIONS = ("from_pandas", "read_store", "build_store", "write_store", "read_store_speeches", "verify_store",
                  "local_client")


def _public() -> list[str]:
    names = [f"lectureanalysis.{n}" for n in la.__all__ if inspect.isfunction(getattr(la, n, None))]
    names += [f"lectureanalysis.plot.{n}" for n in plot.__all__ if n.startswith("plot_")]
    names += ["lectureanalysis.report.build_report", "lectureanalysis.report.export_figure"]
    names += [f"lectureanalysis.engines.dask.{n}" for n in DASK_FUNCTIONS]
    return names


PUBLIC = _public()


def test_the_public_functions_are_all_here():
    assert len(PUBLIC) == 87
    assert {"lectureanalysis.load", "lectureanalysis.segment", "lectureanalysis.keyness",
            "lectureanalysis.plot.plot_trends", "lectureanalysis.report.build_report"} <= set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_function_has_a_numpydoc_docstring(name):
    numpydoc = pytest.importorskip("numpydoc.validate")
    if name.startswith("lectureanalysis.engines."):
        pytest.importorskip("dask")
    errors = [f"{code}: {message}" for code, message in numpydoc.validate(name)["errors"] if code in REQUIRED]
    assert errors == []


@pytest.mark.parametrize("name", STATISTICS)
def test_every_statistic_cites_its_sources(name):
    docscrape = pytest.importorskip("numpydoc.docscrape")
    doc = docscrape.FunctionDoc(getattr(la, name))
    assert doc["References"], f"{name}: no References section"
    assert all("(" in line and ")" in line for line in doc["References"] if line.startswith(".. [")), doc["References"]


def test_every_example_is_collected_as_a_doctest():
    """Each public function's Examples run as a doctest of its module (none is skipped)."""
    import importlib

    for name in PUBLIC:
        module_name, _, attribute = name.rpartition(".")
        if module_name.startswith("lectureanalysis.engines"):
            pytest.importorskip("dask")
        function = inspect.unwrap(getattr(importlib.import_module(module_name), attribute))
        doc = inspect.getdoc(function) or ""
        assert ">>> " in doc and "+SKIP" not in doc, name
