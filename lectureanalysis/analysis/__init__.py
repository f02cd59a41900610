"""Statistics on the tables: frequencies and n-grams, document vectors, keyness and comparisons,
collocations, dispersion, lexical profiles, concordances, trends, formulations (提法) and enumerations, and
the selection language.

Every function takes the token table of :func:`lectureanalysis.segment`  and returns a new DataFrame with
fixed, documented columns; formulas and the variant computed are stated in each docstring (see
METHODS in the project's notes for the alternatives other tools compute). Counting is done on integer
codes with ``bincount``; punctuation tokens (the rule of :func:`lectureanalysis.tokens.stopwords.is_punctuation`)
are never features and never count as word tokens.

One contract (layouts in :mod:`lectureanalysis.schema`): grouping is ``by=`` (a token column; parts within a
speech are taken speech by speech); ``feature`` is what is counted and ``group`` the value of ``by`` a row
belongs to; ``frequency`` is a count of occurrences and ``docfreq`` the speeches holding a feature;
``exclude_stopwords`` is True by default; ``min_count`` leaves out (or does not test) the rows whose own count
is below it; bad arguments raise ``ValueError`` naming the argument.

Normalisation: ``per_10k_chars`` is per 万字 — per 10,000 字 of the group's text, 字 counted as
:func:`lectureanalysis.count_chars` counts them (CJK characters, letters and digits; masked names such as
``XX`` included) — and ``per_million_tokens`` is per million word tokens (tokens that are not punctuation,
stop words included), so that results do not hinge on the segmenter.

One vocabulary, the same in every function:

- ``by`` names the grouping; its default is the statistic's own unit — ``None`` (the whole corpus) where a
  table lists features (:func:`term_frequencies`, :func:`ngrams`), ``"speech_id"`` where speeches are
  compared or described (:func:`keyness` sides, :func:`tfidf`, :func:`dfm`, :func:`similarity`,
  :func:`dispersion`, :func:`lexical_profile`), ``"year"`` where a term is followed through time
  (:func:`trend`).
- what is looked up is ``terms`` (one term or a list of them); :func:`collocations` alone takes ``node``,
  the one word whose neighbours it counts (the field's name for it).
- ``min_count`` is 1 where a table lists what was counted (nothing hidden), 3 for :func:`collocations` and
  5 for :func:`keyness`, where the test statistics are unreliable on fewer occurrences.
- ``window`` is in word tokens for :func:`collocations` and the MATTR of :func:`lexical_profile`, in
  characters for :func:`kwic`; each docstring's first line says which.
- ``top`` is how many rows a chart or a neighbour list keeps; ``n`` is only an n-gram's length.
- 字 are ``n_chars`` in every table; a Dask cluster is ``client=`` wherever one is taken.

Engines: ``_kernels`` and ``_window_kernels`` hold each statistic's counts/finish steps; the functions here
run them on a pandas table, and the Dask engine (:mod:`lectureanalysis.engines.dask`) runs the counts on
each partition and the same finish on their sum.
"""

from lectureanalysis.analysis.collocation import (
    MAX_COLLOCATION_WINDOW,
    collocations,
)
from lectureanalysis.analysis.comparison import (
    ERA_YEARS,
    MAX_VALUES,
    MIN_SPEECHES,
    TOP_FOLDER,
    Comparison,
    compare_keyness,
    plan_comparisons,
    value_label,
)
from lectureanalysis.analysis.concordance import (
    KWIC_COLUMNS,
    kwic,
    term_positions,
)
from lectureanalysis.analysis.enumeration import (
    enumerate_text,
    enumerations,
    parallel_clauses,
)
from lectureanalysis.analysis.formulation import (
    CANON,
    DESIGNATIONS,
    FORMULATION_HEADS,
    FORMULATION_SHAPES,
    IDIOMS,
    MAX_ITEMS,
    QUANTITY_HEADS,
    WHOLE_PARTS,
    Formulation,
    designation,
    find_formulations,
    formulations,
    known_formulations,
)
from lectureanalysis.analysis.frequency import (
    ngrams,
    term_frequencies,
)
from lectureanalysis.analysis.keywords import (
    keyness,
    keyness_of_speeches,
)
from lectureanalysis.analysis.measures import (
    benjamini_hochberg,
    log_likelihood,
    pearson_chi2,
)
from lectureanalysis.analysis.occurrences import (
    MATCHES,
    NAMED_HOLDERS,
    SEPARATOR,
    Match,
    Occurrences,
    check_match,
    check_terms,
    find,
    in_simplified,
    simplified_text,
    spelled_by,
    tell,
    token_runs,
)
from lectureanalysis.analysis.overview import (
    corpus_overview,
    paragraph_counts,
    plural,
)
from lectureanalysis.analysis.profile import (
    MAX_MATTR_WINDOW,
    lexical_profile,
)
from lectureanalysis.analysis.selection import (
    MAX_DEPTH,
    MAX_EXPRESSION,
    MAX_NUMBER,
    MAX_STRING,
    STRING_TESTS,
    SelectionError,
    columns_named,
    parse_selection,
    select,
)
from lectureanalysis.analysis.spread import (
    dispersion,
)
from lectureanalysis.analysis.trends import (
    trend,
)
from lectureanalysis.analysis.vectors import (
    BLOCK_CELLS,
    DocumentFeatureMatrix,
    dfm,
    distance,
    similarity,
    tfidf,
)

__all__ = [
    "BLOCK_CELLS",
    "CANON",
    "DESIGNATIONS",
    "ERA_YEARS",
    "FORMULATION_HEADS",
    "FORMULATION_SHAPES",
    "IDIOMS",
    "KWIC_COLUMNS",
    "MATCHES",
    "MAX_COLLOCATION_WINDOW",
    "MAX_DEPTH",
    "MAX_EXPRESSION",
    "MAX_ITEMS",
    "MAX_MATTR_WINDOW",
    "MAX_NUMBER",
    "MAX_STRING",
    "MAX_VALUES",
    "MIN_SPEECHES",
    "NAMED_HOLDERS",
    "QUANTITY_HEADS",
    "SEPARATOR",
    "STRING_TESTS",
    "TOP_FOLDER",
    "WHOLE_PARTS",
    "Comparison",
    "DocumentFeatureMatrix",
    "Formulation",
    "Match",
    "Occurrences",
    "SelectionError",
    "benjamini_hochberg",
    "check_match",
    "check_terms",
    "collocations",
    "columns_named",
    "compare_keyness",
    "corpus_overview",
    "designation",
    "dfm",
    "dispersion",
    "distance",
    "enumerate_text",
    "enumerations",
    "find",
    "find_formulations",
    "formulations",
    "in_simplified",
    "keyness",
    "keyness_of_speeches",
    "known_formulations",
    "kwic",
    "lexical_profile",
    "log_likelihood",
    "ngrams",
    "paragraph_counts",
    "parallel_clauses",
    "parse_selection",
    "pearson_chi2",
    "plan_comparisons",
    "plural",
    "select",
    "similarity",
    "simplified_text",
    "spelled_by",
    "tell",
    "term_frequencies",
    "term_positions",
    "tfidf",
    "token_runs",
    "trend",
    "value_label",
]
