"""The research report: the folder it owns (``folders``), the statistics it computes (``statistics``), its
figures, tables and page, built by :func:`build_report`.
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
