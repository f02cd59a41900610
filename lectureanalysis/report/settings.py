"""The report's fixed settings: how many rows a table shows, the significance level, the windows used."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
SvgText = Literal["path", "text"]
#: the label of a missing value of the ``by`` column
UNKNOWN = "（未知）"
#: tables up to this many cells are also written as .xlsx (when openpyxl is installed); larger ones (the
#: paragraph, frequency and keyness tables) only as CSV, which Excel opens too (openpyxl writes about 75,000
#: cells a second: the four large tables of the bundled corpus would add 7 s to the report)
EXCEL_MAX_CELLS = 20_000
#: rows of each long table shown in the page (the CSV has them all)
SHOWN_ROWS = {"term_frequencies": 30, "keyness": 15, "formulations": 60, "formulation_summary": 500, "ngrams": 15,
              "concordance": 12,
              "collocations": 10, "reuse": 20, "passages": 10}
#: keywords listed in the page are those with a Benjamini–Hochberg adjusted p below this
SIGNIFICANCE = 0.05
#: n-grams of each length kept in the table (the most frequent)
NGRAMS_KEPT = 200
#: word tokens on each side of a term counted as its neighbours
COLLOCATION_WINDOW = 5
