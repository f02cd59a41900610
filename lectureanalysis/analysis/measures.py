"""The test statistics behind keyness and collocations, as formulas on arrays: Dunning's log-likelihood G²,
Pearson's χ² on a 2×2 table, its p-value and the Benjamini–Hochberg adjustment.
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
