"""Dispersion: how evenly a term is spread over speeches or parts (range, Juilland's D, Gries' DP)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import _check_tokens, _group_labels, tell_terms, vocabulary
from lectureanalysis.analysis._window_kernels import WITHIN_SPEECH, dispersion_counts, dispersion_finish
from lectureanalysis.dispatch import by_table
from lectureanalysis.errors import user_stacklevel
from lectureanalysis.tokens import linking


@by_table
def dispersion(tokens: pd.DataFrame, terms: Sequence[str], *, by: str = "speech_id", parts: str | None = None,
               match: occurrences.Match = "text") -> pd.DataFrame:
    """How evenly each term spreads over the parts: speeches by default, or the values of ``by`` (a
    speech column such as ``year``, or a column within a speech — ``section_id``, ``para_id`` … — whose parts
    are then taken speech by speech: section "1" of each speech is its own part).

    Counting (``match``, see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term
    where its characters stand in the text — non-overlapping matches, left to right, headings included,
    Traditional speeches in their Simplified form: the occurrences :func:`kwic` lists — and sizes the parts
    in 字; ``"token"`` counts tokens (a term the segmenter splits as its run of tokens) and sizes the parts in
    word tokens. A term held inside longer tokens (小康 in 全面建成小康社会) or spread over several is said in
    one :class:`TermWarning`, as is a term that never occurs (``frequency`` 0, NaN measures).

    With n parts, vᵢ the term's count in part i, f = Σvᵢ, sᵢ the part's share of the corpus (字, or word
    tokens) and pᵢ = vᵢ / (size of part i): ``range`` = parts with vᵢ > 0; Juilland's ``juilland_d`` =
    1 − V/√(n−1), V = sd(p)/mean(p) (population sd); Gries's ``dp`` = ½ Σ|vᵢ/f − sᵢ| and
    ``dp_norm`` = DP / (1 − min sᵢ). Speeches with no value of ``by`` are left out, with a warning. Columns:
    ``feature`` (the term; formerly ``term``), ``frequency, parts, range, juilland_d, dp, dp_norm``.
    ``parts=`` is the former name of ``by`` (deprecated).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    terms : str or list of str
        The terms to measure.
    by : str, default 'speech_id'
        The parts: a speech column, or a column within a speech (``section_id``), whose parts are then taken
        speech by speech.
    parts : str, optional
        The former name of ``by`` (deprecated).
    match : {'text', 'token'}, default 'text'
        How a term is counted: where its characters stand in the text (the occurrences :func:`kwic` lists), or
        as tokens (see :mod:`lectureanalysis.analysis.occurrences`).

    Returns
    -------
    DataFrame
        Columns ``feature, frequency, parts, range, juilland_d, dp, dp_norm``.

    See Also
    --------
    lectureanalysis.plot.plot_dispersion : The X-ray plot.
    trend : Counts per period.

    References
    ----------
    .. [1] Juilland, A. & Chang-Rodríguez, E. (1964). *Frequency Dictionary of Spanish Words*. Mouton.
    .. [2] Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal of
           Corpus Linguistics* 13(4), 403–437.
    .. [3] Lijffijt, J. & Gries, S. Th. (2012). Correction to Gries (2008). *International Journal of Corpus
           Linguistics* 17(1), 147–149 (DP normalised).

    Examples
    --------
    >>> row = la.dispersion(report_tokens, ["改革"], by="section_id").iloc[0]
    >>> int(row.frequency), int(row.range) <= int(row.parts)
    (112, True)
    """
    if parts is not None:
        warnings.warn("dispersion(parts=) is renamed by=; parts= will be removed", DeprecationWarning, stacklevel=user_stacklevel())
        by = parts
    terms = occurrences.check_terms(terms)
    occurrences.check_match(match)
    _check_tokens(tokens)
    types, punctuation, chars = vocabulary(tokens)
    labels = None if by in WITHIN_SPEECH and linking.has_column(tokens, by) else _group_labels(tokens, by)
    v, sizes, _, notes = dispersion_counts(tokens, terms, by, labels, types, punctuation, chars, match)
    tell_terms(terms, notes, types, match)
    return dispersion_finish(terms, v, sizes)
