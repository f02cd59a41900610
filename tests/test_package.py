"""The package as a notebook user meets it: ``import lectureanalysis as la``, ``help(la)``."""

from __future__ import annotations


def test_package_exposes_plot_and_report_and_opens_with_a_tour():
    import pydoc

    import lectureanalysis as la

    assert callable(la.plot.plot_top_terms) and callable(la.report.build_report)
    page = pydoc.render_doc(la, renderer=pydoc.plaintext).splitlines()
    first_screen = "\n".join(page[:30])
    for call in ("la.load(", "la.segment(", "la.term_frequencies(", "la.keyness(", "la.plot.", "la.report.build_report("):
        assert call in first_screen, call
    assert "__init__(self" not in first_screen and "dataclass" not in first_screen
