"""Collocations: the words found within a window of tokens around a node, with log-Dice, MI, t-score and G²."""

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

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    node : str
        The word whose neighbours are counted.
    window : int, default 5
        Word tokens on each side of the node (at most 100).
    min_count : int, default 3
        Leave out collocates seen fewer times in the windows.
    exclude_stopwords : bool, default True
        Leave out stop words (``is_stopword``) as features.
    match : {'text', 'token'}, default 'text'
        How a term is counted: where its characters stand in the text (the occurrences :func:`kwic` lists), or
        as tokens (see :mod:`lectureanalysis.analysis.occurrences`).

    Returns
    -------
    DataFrame
        Columns ``feature, observed, expected, node_freq, collocate_freq, mi, t_score, log_dice, g2,
        window_positions, corpus_size, size_unit``, sorted by ``log_dice``.

    See Also
    --------
    kwic : The lines the node stands in.
    ngrams : Adjacent tokens only.

    References
    ----------
    .. [1] Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), *Corpus Linguistics: An
           International Handbook*, vol. 2, 1212–1248. Mouton de Gruyter.
    .. [2] Rychlý, P. (2008). A lexicographer-friendly association score. *Proceedings of RASLAN 2008*, 6–9
           (logDice).

    Examples
    --------
    >>> la.collocations(report_tokens, "改革", min_count=5).head(3)["feature"].tolist()
    ['深化', '推进', '试点']
    """
    schema.check_whole("window", window, minimum=1, maximum=MAX_COLLOCATION_WINDOW)
    schema.check_whole("min_count", min_count, minimum=1)
    node = occurrences.check_terms(node, "node")[0]
    occurrences.check_match(match)
    _check_tokens(tokens)
    types, punctuation, _ = vocabulary(tokens)
    node_code = code_of_node(types, node) if match == "token" else None
    counts = collocation_counts(tokens, node, node_code, window, exclude_stopwords, punctuation, types)
    return collocation_finish(types, node, node_code, counts, min_count, exclude_stopwords)
