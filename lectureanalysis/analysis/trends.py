"""Trends: a term's rate per 万字 per year (or any period column) and its first appearance."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import (
    _check_tokens,
    _group_labels,
    tell_terms,
    trend_counts,
    trend_finish,
    vocabulary,
)
from lectureanalysis.dispatch import by_table


@by_table
def trend(tokens: pd.DataFrame, terms: Sequence[str], *, by: str = "year",
          match: occurrences.Match = "text") -> pd.DataFrame:
    """Rate of each term per period (per 万字 of the period's text) and the period it first appears in.

    Counting (``match``, see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term
    where its characters stand in the text — non-overlapping matches, left to right, headings included,
    Traditional speeches in their Simplified form — so a period's ``frequency`` is the number of
    :func:`kwic` lines of its speeches; ``"token"`` counts tokens. ``chars`` is the period's 字 (body and
    headings), the same denominator as :func:`term_frequencies`' ``per_10k_chars``. A term held inside
    longer tokens, spread over several or never found is said in one :class:`TermWarning`; speeches with no
    value of ``by`` are left out with one warning naming them.

    Columns: ``feature, group, frequency, chars, per_10k_chars, first_appearance`` (``feature`` the term and
    ``group`` the period; formerly ``term`` and ``period``) — one row per term and period, periods in sorted
    order, zero rows included (a trend line needs its zeros); ``first_appearance`` keeps the periods' type
    (a year stays a whole number; missing when the term never occurs).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    terms : str or list of str
        The terms to follow.
    by : str, default 'year'
        The period column.
    match : {'text', 'token'}, default 'text'
        How a term is counted: where its characters stand in the text (the occurrences :func:`kwic` lists), or
        as tokens (see :mod:`lectureanalysis.analysis.occurrences`).

    Returns
    -------
    DataFrame
        Columns ``feature, group, frequency, n_chars, per_10k_chars, first_appearance``, one row per term and
        period.

    See Also
    --------
    kwic : The lines behind each count.
    lectureanalysis.plot.plot_trends : The chart.

    Examples
    --------
    >>> la.trend(report_tokens, ["新质生产力", "小康"])[["feature", "group", "frequency"]].values.tolist()
    [['新质生产力', 2014, 0], ['新质生产力', 2024, 1], ['小康', 2014, 2], ['小康', 2024, 0]]
    """
    terms = occurrences.check_terms(terms)
    occurrences.check_match(match)
    _check_tokens(tokens)
    types, _, chars = vocabulary(tokens)
    labels = _group_labels(tokens, by)
    counts, period_chars, notes = trend_counts(tokens, terms, by, labels, types, chars, match)
    tell_terms(terms, notes, types, match)
    return trend_finish(terms, labels, counts, period_chars)
