"""The research report: one command from a corpus folder to ``DIR/index.html`` (self-contained, figures
embedded), ``DIR/figures/*.png|svg|pdf`` and ``DIR/tables/*.csv`` (and ``.xlsx`` for tables of up to
20,000 cells when openpyxl is installed).

This is the only package that writes files (besides the token and font caches). Output is deterministic:
the same corpus gives the same page and tables byte for byte. User text reaches the HTML only through the
template, escaped by Jinja2's autoescape: it is never concatenated into markup nor passed to ``str.format``.

``building`` runs the job, ``folders`` guards the folder it writes, ``statistics`` computes, ``figures`` and
``tables`` write files, ``page`` renders the HTML.
"""

from lectureanalysis.report.building import (
    build_report,
    check_by,
)
from lectureanalysis.report.figures import (
    export_figure,
)
from lectureanalysis.report.folders import (
    GENERATOR,
    MARKER,
    OWNED,
    ReportFolderError,
    check_out,
)
from lectureanalysis.report.settings import (
    COLLOCATION_WINDOW,
    EXCEL_MAX_CELLS,
    NGRAMS_KEPT,
    SHOWN_ROWS,
    SIGNIFICANCE,
    UNKNOWN,
    Progress,
    SvgText,
)
from lectureanalysis.report.statistics import (
    SCHEDULER_SECONDS,
)

__all__ = [
    "COLLOCATION_WINDOW",
    "EXCEL_MAX_CELLS",
    "GENERATOR",
    "MARKER",
    "NGRAMS_KEPT",
    "OWNED",
    "SCHEDULER_SECONDS",
    "SHOWN_ROWS",
    "SIGNIFICANCE",
    "UNKNOWN",
    "Progress",
    "ReportFolderError",
    "SvgText",
    "build_report",
    "check_by",
    "check_out",
    "export_figure",
]
