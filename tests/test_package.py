"""The package as a notebook user meets it: ``import lectureanalysis as la``, ``help(la)``."""

from __future__ import annotations

import pytest


def test_package_exposes_plot_and_report_and_opens_with_a_tour():
    import pydoc

    import lectureanalysis as la

    assert callable(la.plot.plot_top_terms) and callable(la.report.build_report)
    page = pydoc.render_doc(la, renderer=pydoc.plaintext).splitlines()
    first_screen = "\n".join(page[:30])
    for call in ("la.load(", "la.segment(", "la.term_frequencies(", "la.keyness(", "la.plot.", "la.report.build_report("):
        assert call in first_screen, call
    assert "__init__(self" not in first_screen and "dataclass" not in first_screen


def test_environment_yml_lists_every_dependency_for_conda_forge():
    """environment.yml is valid YAML for ``conda env create``: every dependency of pyproject.toml (core and
    extras) is in its conda list or its pip: section, and it installs the package itself."""
    import re
    import tomllib
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    environment = yaml.safe_load((root / "environment.yml").read_text("utf-8"))
    assert environment["channels"] == ["conda-forge"]
    entries = environment["dependencies"]
    pips = [e["pip"] for e in entries if isinstance(e, dict)]
    assert len(pips) == 1 and "-e ." in pips[0]
    assert all(isinstance(e, str) for e in entries if not isinstance(e, dict))

    def name(requirement: str) -> str:
        return re.split(r"[<>=\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")

    listed = {name(e) for e in entries if isinstance(e, str)} | {name(p) for p in pips[0]}
    missing = sorted({name(r) for r in wanted} - listed)
    assert not missing, f"environment.yml lacks {missing}"


@pytest.mark.slow
def test_the_fast_loop_leaves_out_the_slow_tests():
    """pytest -m "not slow" (the fast loop) collects no notebook, browser, Dask, report-building or lawtext test,
    and the whole suite still holds them."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def collected(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                               *args, "tests"], capture_output=True, text=True, cwd=root, timeout=300, check=False)
        return [line for line in done.stdout.splitlines() if "::" in line]

    fast, everything = collected("-m", "not slow"), collected()
    for module in ("test_notebooks.py", "test_jupyterlab.py", "test_engines_dask.py"):
        assert not [t for t in fast if module in t] and [t for t in everything if module in t], module
    for test in ("test_the_main_job_on_lawtext_gov_with_no_option", "test_lawtext_gov_as_a_researcher_clones_it",
                 "test_report_renders_in_a_browser"):
        assert not [t for t in fast if test in t] and [t for t in everything if test in t], test
    assert len(fast) > 500
