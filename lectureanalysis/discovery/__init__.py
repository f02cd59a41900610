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
from lectureanalysis.discovery.network import (
    MEASURES,
    collocation_network,
    network_from_collocations,
    write_network,
)
from lectureanalysis.discovery.newterms import TERM_COLUMNS, Acceptance, accept, discover_terms
from lectureanalysis.discovery.topicmodels import Topics, npmi_coherence, topic_numbers, topics
from lectureanalysis.discovery.trending import EMERGENCE_COLUMNS, breaks, emergence

__all__ = [
    "BUNDLED",
    "EMERGENCE_COLUMNS",
    "MATCH_COLUMNS",
    "MEASURES",
    "SCORE_COLUMNS",
    "TERM_COLUMNS",
    "Acceptance",
    "Dictionary",
    "Topics",
    "accept",
    "breaks",
    "collocation_network",
    "dictionary_matches",
    "dictionary_scores",
    "discover_terms",
    "emergence",
    "network_from_collocations",
    "npmi_coherence",
    "read_dictionary",
    "topic_numbers",
    "topics",
    "write_network",
]
