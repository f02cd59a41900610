"""Term frequencies and n-gram frequencies, overall or per group (quanteda's ``textstat_frequency`` layout
plus rates per 万字 and per million word tokens).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis._moved import changed_default
from lectureanalysis.analysis._kernels import (
    _check_tokens,
    _group_labels,
    frequency_counts,
    frequency_finish,
    most_frequent,
    ngram_counts,
    ngram_finish,
    vocabulary,
)
from lectureanalysis.dispatch import by_table
from lectureanalysis.tokens.chunking import speech_chunks


@by_table
def term_frequencies(
    tokens: pd.DataFrame, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True
) -> pd.DataFrame:
    """Frequency of each feature (word type), overall or per group of ``by``.

    Columns (quanteda's ``textstat_frequency`` plus our rates): ``feature, frequency, rank, docfreq, group,
    per_10k_chars, per_million_tokens``. ``by`` is any column of the token table — ``speech_id``,
    ``section_path``, ``year``, ``speaker``, a metadata column; ``group`` is ``"all"`` without it.

    - ``frequency``: occurrences in the group; ``rank``: 1 for the most frequent in the group, ties share the
      lowest rank (``min``); ``docfreq``: speeches of the group that hold the feature.
    - ``per_10k_chars`` = frequency / 字 of the group's text × 10,000 (per 万字);
      ``per_million_tokens`` = frequency / word tokens of the group × 1,000,000. Both denominators include
      stop words; punctuation is never a feature and never a word token.

    Stop words (``is_stopword``) are left out unless ``exclude_stopwords=False``; features below
    ``min_count`` are dropped. Rows: groups in sorted order, then frequency (descending), then feature.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    by : str, optional
        A token or paragraph column to group by (``speech_id``, ``section_path``, ``year``, a metadata
        column); the whole corpus when not given.
    min_count : int, default 1
        Leave out rows counted fewer times.
    exclude_stopwords : bool, default True
        Leave out stop words (``is_stopword``) as features.

    Returns
    -------
    DataFrame
        Columns ``feature, frequency, rank, docfreq, group, per_10k_chars, per_million_tokens``; rows by
        group, then frequency (descending), then feature.

    See Also
    --------
    ngrams : The same for runs of tokens.
    keyness : Which of these a part uses more than another.
    lectureanalysis.plot.plot_top_terms : The chart.

    References
    ----------
    .. [1] Benoit, K. et al. (2018). quanteda: An R package for the quantitative analysis of textual data.
           *Journal of Open Source Software* 3(30), 774 (``textstat_frequency``).

    Examples
    --------
    >>> la.term_frequencies(tokens).head(3)[["feature", "frequency", "rank"]].values.tolist()
    [['工作', 23, 1], ['办公室', 16, 2], ['同志', 14, 3]]
    """
    _check_tokens(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, chars = vocabulary(tokens)
    labels = _group_labels(tokens, by)
    partial = None
    for chunk in speech_chunks(tokens):  # counted a few million rows at a time: the temporaries stay small
        counts = frequency_counts(chunk, by, labels, chars)
        partial = counts if partial is None else tuple(a + b for a, b in zip(partial, counts, strict=True))
    return frequency_finish(partial, types, punctuation, labels, min_count, exclude_stopwords)  # type: ignore[arg-type]


@changed_default("exclude_stopwords", since="0.1.0", before=False)
@by_table
def ngrams(
    tokens: pd.DataFrame, n: int = 2, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True,
    sep: str = " ",
) -> pd.DataFrame:
    """Frequencies of n-grams: ``n`` consecutive word tokens of one paragraph, never across punctuation.

    With ``exclude_stopwords`` the stop words are removed first (the n-gram then spans them). Columns as
    :func:`term_frequencies` (``feature`` is the tokens joined by ``sep``; rates per 万字 and per million
    word tokens of the group, counting each n-gram once).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    n : int, default 2
        The n-gram's length in word tokens.
    by : str, optional
        A token or paragraph column to group by (``speech_id``, ``section_path``, ``year``, a metadata
        column); the whole corpus when not given.
    min_count : int, default 1
        Leave out rows counted fewer times.
    exclude_stopwords : bool, default True
        Remove stop words first (the n-gram then spans them). Calls that leave it to the default get a
        ``FutureWarning`` for this release: it was False.
    sep : str, default ' '
        What joins the tokens in ``feature``.

    Returns
    -------
    DataFrame
        Columns as :func:`term_frequencies`; ``feature`` is the tokens joined by ``sep``.

    See Also
    --------
    term_frequencies : Single tokens.
    collocations : Words near a node, not only next to it.

    Examples
    --------
    >>> la.ngrams(tokens, 2, exclude_stopwords=True, min_count=3)[["feature", "frequency"]].values.tolist()[:3]
    [['办公室 工作', 6], ['党办 工作', 3], ['办公室 同志', 3]]
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n: expected a whole number >= 1, got {n!r}")
    _check_tokens(tokens)
    types, punctuation, chars = vocabulary(tokens)
    labels = _group_labels(tokens, by)
    counted, group_chars, group_tokens = ngram_counts(tokens, [n], by, labels, punctuation, chars, exclude_stopwords)
    return ngram_finish(counted[n], n, types, labels, group_chars, group_tokens, min_count, sep)


def ngrams_of_lengths(tokens: pd.DataFrame, lengths: Sequence[int], *, by: str | None = None, min_count: int = 1,
                      exclude_stopwords: bool = True, sep: str = " ", top: int | None = None) -> dict[int, pd.DataFrame]:
    """:func:`ngrams` of a pandas token table for several lengths at once, by length: the same tables as one call
    each, in less time (the tokens kept and their runs found once, each length's n-grams numbered from the next
    shorter ones'). ``top``: only the rows the first ``top`` of each group need (the others are not spelled out):
    those rows as :func:`ngrams` gives them, and those as frequent as the last of them."""
    if not lengths or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in lengths):
        raise ValueError(f"lengths: expected whole numbers >= 1, got {lengths!r}")
    _check_tokens(tokens)
    types, punctuation, chars = vocabulary(tokens)
    labels = _group_labels(tokens, by)
    counted, group_chars, group_tokens = ngram_counts(tokens, list(lengths), by, labels, punctuation, chars,
                                                      exclude_stopwords)
    kept = {n: table[table["frequency"] >= min_count] for n, table in counted.items()}
    kept = {n: most_frequent(table, top, table["group_code"].to_numpy()) for n, table in kept.items()}
    return {n: ngram_finish(kept[n], n, types, labels, group_chars, group_tokens, min_count, sep) for n in lengths}
