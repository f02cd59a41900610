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

import math

import numpy as np


def _chi2_sf_1df(values: np.ndarray) -> np.ndarray:
    """Upper tail of χ² with one degree of freedom: P(X > x) = erfc(√(x/2))."""
    return np.array([math.erfc(math.sqrt(max(v, 0.0) / 2)) for v in values], dtype=float)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order.

    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def pearson_chi2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Pearson's χ² over the same 2×2 table as :func:`log_likelihood`, Σ (O − E)²/E, without a continuity
    correction (unsigned).

    >>> round(float(pearson_chi2(np.array([10.0]), np.array([5.0]), 1000.0, 2000.0)[0]), 4)
    7.5377
    """
    observed, expected = _two_by_two(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(expected > 0, (observed - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=0)


def _two_by_two(a: np.ndarray, b: np.ndarray, c: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """The observed cells [a, b, c−a, d−b] of each feature's 2×2 table and their expected counts from the
    margins, one column per feature."""
    observed = np.stack([a, b, c - a, d - b])
    n = c + d
    rows = np.stack([a + b, a + b, n - a - b, n - a - b])
    return observed, rows * np.array([c, d, c, d])[:, None] / n


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """4-cell G² for frequencies a (target) and b (reference) with corpus sizes c and d (unsigned).

    >>> round(float(log_likelihood(np.array([10.0]), np.array([5.0]), 1000.0, 2000.0)[0]), 4)
    6.9692
    """
    observed, expected = _two_by_two(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)
