"""Discovery: what the corpus holds that nobody asked about yet — new terms to add to the segmenter's
dictionary (``newterms``), words rising and falling over time (``emergence``), topics (``topics``),
user dictionaries of categories counted on the text (``dictionaries``) and collocation networks
(``network``)."""

from lectureanalysis.discovery.dictionaries import (
    BUNDLED,
    MATCH_COLUMNS,
    SCORE_COLUMNS,
    Dictionary,
    dictionary_matches,
    dictionary_scores,
    read_dictionary,
)
from lectureanalysis.discovery.emergence import EMERGENCE_COLUMNS, breaks, emergence

__all__ = [
    "BUNDLED",
    "EMERGENCE_COLUMNS",
    "MATCH_COLUMNS",
    "SCORE_COLUMNS",
    "Dictionary",
    "breaks",
    "dictionary_matches",
    "dictionary_scores",
    "emergence",
    "read_dictionary",
]
