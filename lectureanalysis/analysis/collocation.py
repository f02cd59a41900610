"""Term statistics on the token table: frequencies, n-grams, tf-idf, keyness, collocations, dispersion, trends.

Every function takes the token table of :func:`lectureanalysis.segment` (module ``segmentation``) and returns a new DataFrame with
fixed, documented columns; formulas and the variant computed are stated in each docstring (see
METHODS in the project's notes for the alternatives other tools compute). Counting is done on integer
codes with ``bincount``; punctuation tokens (the rule of :func:`lectureanalysis.segmentation.is_punctuation`)
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
"""

from __future__ import annotations

import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import _check_tokens, vocabulary
from lectureanalysis.analysis._window_kernels import code_of_node, collocation_counts, collocation_finish
from lectureanalysis.dispatch import by_table

#: the widest collocation window, in word tokens on each side (wider windows measure topic, not collocation)
MAX_COLLOCATION_WINDOW = 100


@by_table
def collocations(
    tokens: pd.DataFrame, node: str, *, window: int = 5, min_count: int = 3, exclude_stopwords: bool = True,
    match: occurrences.Match = "text",
) -> pd.DataFrame:
    """Collocates of ``node`` within ``window`` word tokens on either side, inside one paragraph.

    The node is found by ``match`` (see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) takes
    every place its characters stand in the text — the occurrences :func:`kwic` lists, also inside a longer
    token (小康 in 全面建成小康社会) or over several (四个 + 现代化) — and its window opens on the tokens before
    the first token it touches and after the last; ``"token"`` takes the rows whose token is the node.

    Surface co-occurrence as Evert (2008, "Corpora and collocations", §3) defines it: the node's windows are
    joined, and every token position inside them is counted once, however many node windows it falls in
    (with ``match="text"`` the node's own tokens are not positions of its windows). With W = the positions
    inside the joined windows, O = the collocate's tokens among them, R = occurrences of the node, C =
    frequency of the collocate, N = word tokens: the expectation E = C·W/N;
    MI = log₂(O/E); t = (O − E)/√O; logDice = 14 + log₂(2O/(R + C)); G² on the 2×2 table
    [[O, W − O], [C − O, N − W − C + O]] (4-cell, signed positive when O > E). So O ≤ C and O ≤ W, and no
    cell is ever negative (counting a token once per window, as AntConc does, lets O exceed C when a
    collocate stands between two nodes). Punctuation and (by default) stop words neither count as
    neighbours nor fill window positions; N counts the tokens that do. Columns: ``feature`` (the collocate;
    formerly ``collocate``), ``observed, expected, node_freq, collocate_freq, mi, t_score, log_dice, g2``,
    then the denominators ``window_positions`` (W), ``corpus_size`` (N) and ``size_unit`` (what they
    count: ``"word tokens (stop words excluded)"`` by default), sorted by ``log_dice``.
    """
    schema.check_whole("window", window, minimum=1, maximum=MAX_COLLOCATION_WINDOW)
    schema.check_whole("min_count", min_count, minimum=1)
    node = occurrences.check_terms(node, "node")[0]
    occurrences.check_match(match)
    _check_tokens(tokens)
    types, punctuation, _ = vocabulary(tokens)
    node_code = code_of_node(types, node) if match == "token" else None
    counts = collocation_counts(tokens, node, node_code, window, exclude_stopwords, punctuation, types)
    return collocation_finish(types, node, node_code, counts, window, min_count, exclude_stopwords)
