"""Dispersion: how evenly a term is spread over speeches or parts (range, Juilland's D, Gries' DP)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import _check_tokens, _group_labels, tell_terms, vocabulary
from lectureanalysis.analysis._window_kernels import WITHIN_SPEECH, dispersion_counts, dispersion_finish
from lectureanalysis.dispatch import by_table
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

    >>> import lectureanalysis as la
    >>> tokens = la.segment(la.load("corpus/政府工作报告")[1], progress=False)  # doctest: +SKIP
    >>> la.dispersion(tokens, ["小康"])[["feature", "frequency", "range"]]  # doctest: +SKIP
      feature  frequency  range
    0      小康         76     24
    """
    if parts is not None:
        warnings.warn("dispersion(parts=) is renamed by=; parts= will be removed", DeprecationWarning, stacklevel=2)
        by = parts
    terms = occurrences.check_terms(terms)
    occurrences.check_match(match)
    _check_tokens(tokens)
    types, punctuation, chars = vocabulary(tokens)
    labels = None if by in WITHIN_SPEECH and linking.has_column(tokens, by) else _group_labels(tokens, by)
    v, sizes, _, notes = dispersion_counts(tokens, terms, by, labels, types, punctuation, chars, match)
    tell_terms(terms, notes, types, match)
    return dispersion_finish(terms, v, sizes)
