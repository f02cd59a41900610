"""Keyness: which words a target uses more (or less) than a reference — signed G² or χ², log ratio,
BH-adjusted p (see :mod:`lectureanalysis.analysis.measures` for the formulas).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import (
    CHARS,
    WORD_TOKENS,
    _check_tokens,
    _types,
    _warn_left_out,
    chars_of_rows,
    check_sides,
    keyness_finish,
    tell_terms,
    term_hits,
)
from lectureanalysis.dispatch import by_table
from lectureanalysis.tokens import linking


@by_table
def keyness(
    tokens: pd.DataFrame,
    *,
    target: object,
    reference: object = None,
    by: str = "speech_id",
    min_count: int = 5,
    exclude_stopwords: bool = True,
    terms: Sequence[str] | None = None,
    match: occurrences.Match = "text",
    statistic: str = "g2",
) -> pd.DataFrame:
    """Keywords of a target against a reference: log-likelihood G² (or Pearson's χ²) with Hardie's log ratio.

    ``target`` is a boolean mask over the token rows, or a value of column ``by`` (``target=2019,
    by="year"``); ``reference`` likewise, by default every other token — of the speeches that have a value of
    ``by`` when the target is a value (speeches without one are left out, with a warning naming them). With
    a = the feature's frequency in the target (column ``n_target``), b in the reference (``n_reference``),
    c and d the sizes of the two sides (``size_target``, ``size_reference``, counted in ``size_unit``),
    N = c + d:

    - ``g2``: the **4-cell** log-likelihood (AntConc's form, over the full 2×2 table
      [[a, b], [c−a, d−b]]): G² = 2 Σ O ln(O/E), E from the margins (``expected_target`` = c(a+b)/N);
      signed **positive for over-use in the target** (a/c > b/d), negative for under-use;
    - ``chi2``: Pearson's χ² = Σ (O − E)²/E over the same table, without a continuity correction, signed
      the same way;
    - ``log_ratio`` = log₂((a/c) / (b/d)) (Hardie 2014), with 0.5 put in a zero cell;
    - ``p``: χ²(1) upper tail of ``statistic`` (``"g2"``, the default, or ``"chi2"``); ``p_adj``:
      Benjamini–Hochberg over all features tested.

    Both statistics treat every token as an independent draw, so a term bursty in one speech looks more
    significant than it is; with fewer than three speeches on a side, read them as a description of those
    texts, not of a population (the report says so).

    Every feature (word type) with a + b ≥ ``min_count`` is tested, c and d being word tokens (stop words
    included, punctuation not). ``terms`` asks about given terms instead, each tested whatever its count, the
    adjustment made over these terms; ``match`` says how they are counted (see
    :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term where its characters
    stand in the text (the occurrences :func:`kwic` lists) against the **字** of each side — a per-字 G², as
    counts of characters and token totals are not of one unit —, ``"token"`` counts its tokens against the
    word tokens. Columns: ``feature, n_target, n_reference, size_target, size_reference, size_unit`` (``"word
    tokens (stop words included)"`` or ``"字"``), ``expected_target, g2, chi2, log_ratio, p, p_adj``, sorted by
    ``statistic`` descending (most over-used first). The former names ``a, b, c, d, expected_a`` still work
    for one release, with a ``DeprecationWarning``.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    target : value of ``by`` or boolean mask
        The target side: a value of column ``by`` (``target=2024, by='year'``) or a mask over the token rows.
    reference : value of ``by`` or boolean mask, optional
        The reference side (default: every other token of the speeches with a value of ``by``).
    by : str, default 'speech_id'
        The column ``target`` and ``reference`` are values of.
    min_count : int, default 5
        Test the features with at least this many occurrences on both sides together.
    exclude_stopwords : bool, default True
        Leave out stop words (``is_stopword``) as features.
    terms : list of str, optional
        Ask about these terms instead, each tested whatever its count.
    match : {'text', 'token'}, default 'text'
        How a term is counted: where its characters stand in the text (the occurrences :func:`kwic` lists), or
        as tokens (see :mod:`lectureanalysis.analysis.occurrences`).
    statistic : {'g2', 'chi2'}, default 'g2'
        The statistic ``p`` is the upper tail of (and rows are sorted by).

    Returns
    -------
    DataFrame
        Columns ``feature, n_target, n_reference, size_target, size_reference, size_unit, expected_target, g2,
        chi2, log_ratio, p, p_adj``, most over-used first.

    See Also
    --------
    compare_keyness : Keyness of a planned comparison.
    lectureanalysis.plot.plot_keyness : The chart.
    lectureanalysis.analysis.measures.log_likelihood : The formula.

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. *Computational
           Linguistics* 19(1), 61–74.
    .. [2] Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Proceedings of the
           Workshop on Comparing Corpora*, 1–6.
    .. [3] Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches to Social
           Science (CASS).
    .. [4] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B* 57(1), 289–300.

    Examples
    --------
    >>> key = la.keyness(report_tokens, target=2024, by="year")
    >>> key.head(3)["feature"].tolist()
    ['高质量发展', '行动', '数字']
    """
    schema.check_choice("statistic", statistic, ("g2", "chi2"))
    if terms is not None:
        terms = occurrences.check_terms(terms)
        occurrences.check_match(match)
    _check_tokens(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    codes, types, punctuation, chars = _types(tokens)
    target_mask, reference_mask = _sides(tokens, target, reference, by)
    words = ~punctuation[codes]
    if terms is not None:
        rows, notes = term_hits(tokens, terms, types, match, codes)
        tell_terms(terms, notes, types, match)
        a = np.array([target_mask[r].sum() for r in rows], dtype=float)
        b = np.array([reference_mask[r].sum() for r in rows], dtype=float)
        if match == "text":
            row_chars = chars_of_rows(tokens, codes, chars)
            c, d = float(row_chars[target_mask].sum()), float(row_chars[reference_mask].sum())
        else:
            c, d = float((words & target_mask).sum()), float((words & reference_mask).sum())
        check_sides(c, d, match)
        return keyness_finish(np.asarray(terms, dtype=object), a, b, c, d, np.ones(len(terms), dtype=bool),
                               CHARS if match == "text" else WORD_TOKENS, statistic)
    counted = words & ~tokens["is_stopword"].to_numpy() if exclude_stopwords else words
    n_types = len(types)
    a = np.bincount(codes[counted & target_mask], minlength=n_types).astype(float)
    b = np.bincount(codes[counted & reference_mask], minlength=n_types).astype(float)
    c, d = float((words & target_mask).sum()), float((words & reference_mask).sum())
    check_sides(c, d, "token")
    return keyness_finish(np.asarray(types, dtype=object), a, b, c, d, (a + b) >= min_count, WORD_TOKENS, statistic)



@by_table
def keyness_of_speeches(tokens: pd.DataFrame, target: Sequence[str], reference: Sequence[str], *,
                        min_count: int = 5) -> pd.DataFrame:
    """:func:`keyness` of the speeches ``target`` (speech ids) against the speeches ``reference``: what
    :func:`lectureanalysis.compare_keyness` computes for a comparison, on a pandas or a Dask token table."""
    ids = tokens["speech_id"]
    return keyness(tokens, target=ids.isin(list(target)).to_numpy(), reference=ids.isin(list(reference)).to_numpy(),
                   min_count=min_count)


def _sides(tokens: pd.DataFrame, target: object, reference: object, by: str) -> tuple[np.ndarray, np.ndarray]:
    """The target's and the reference's token rows (see :func:`keyness`), checked to be disjoint."""
    target_mask = _select(tokens, target, by, "target")
    if reference is not None:
        reference_mask = _select(tokens, reference, by, "reference")
    elif _is_mask(target):
        reference_mask = ~target_mask
    else:  # every other token of the speeches that have a value of `by`
        reference_mask = ~target_mask & _has_value(tokens, by, "the default reference")
    if (target_mask & reference_mask).any():
        raise ValueError("reference: overlaps the target; pass disjoint selections")
    return target_mask, reference_mask


def _is_mask(selection: object) -> bool:
    return isinstance(selection, (pd.Series, np.ndarray, list))


def _has_value(tokens: pd.DataFrame, by: str, what: str) -> np.ndarray:
    """Token rows whose ``by`` has a value; the speeches without one are named in a warning."""
    linking.require(tokens, by)
    per_run, run_of_token = linking.by_run(tokens, by)
    missing = per_run.isna().to_numpy()
    if missing.any():
        _warn_left_out(tokens, by, missing[run_of_token] if not isinstance(run_of_token, slice) else missing, what)
    return ~(missing[run_of_token] if not isinstance(run_of_token, slice) else missing)


def _select(tokens: pd.DataFrame, selection: object, by: str, name: str) -> np.ndarray:
    if _is_mask(selection):
        return schema.check_mask(name, selection, len(tokens))
    linking.require(tokens, by)
    per_run, run_of_token = linking.by_run(tokens, by)
    mask = (per_run == selection).to_numpy(dtype=bool, na_value=False)[run_of_token]
    if not mask.any():
        raise ValueError(f"{name}: no token has {by} == {selection!r}")
    return mask
