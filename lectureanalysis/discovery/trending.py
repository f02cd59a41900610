"""Rising and falling terms: a trend statistic for every term at once, and where its series breaks.

For each term, with y_t its count in period t (tokens, as the vocabulary-wide tables count), E_t the 字 of
the period and x_t the period (a year), the Poisson regression with the 字 as exposure

    log E[y_t] = log E_t + α + β·x_t

is fitted by Newton–Raphson (iteratively reweighted least squares) on all terms together: the arrays are
terms × periods and every step is one array operation, so 86,000 terms take seconds where 86,000 separate
GLM fits would take an hour. β is the effect size (the log of the rate ratio per period: exp(β) = 1.10 is
"10 % more often a year"). The test is the likelihood-ratio test of β = 0: D = 2(ℓ₁ − ℓ₀). Word counts vary
more than a Poisson count does (a speech dwells on a topic), so by default (``dispersion="quasi"``) the
dispersion φ = max(1, Pearson χ²/(n − 2)) scales it (quasi-Poisson: F = D/φ on 1 and n − 2 degrees of freedom, the
standard error × √φ); ``dispersion="poisson"`` gives the plain Poisson test (χ² on 1 degree of freedom).
p-values are adjusted for the number of terms tested (Benjamini–Hochberg).

Change points: for the strongest risers and fallers the series is cut where a piecewise-constant Poisson
rate fits best — binary segmentation, each cut the one that lowers −ℓ most, each segment at least two
periods — and a cut is kept while its gain exceeds φ·ln n (the BIC penalty on the quasi-likelihood scale,
φ estimated from the model with every candidate cut, so a genuine break does not inflate it). The first
period of each new segment is reported.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from lectureanalysis import schema
from lectureanalysis.analysis._kernels import chars_by_group, count_table, group_codes, token_types
from lectureanalysis.analysis.measures import benjamini_hochberg
from lectureanalysis.discovery._common import numbers_or_dates
from lectureanalysis.errors import CorpusWarning, user_stacklevel

#: the columns of :func:`emergence` (``within`` first when given)
EMERGENCE_COLUMNS = ("term", "frequency", "periods", "first", "last", "mid_rate", "slope", "rate_ratio", "se", "z",
                     "deviance", "dispersion", "p", "p_adj", "direction", "change_points", "converged")
#: Newton steps at most; a term used in one period only has no finite slope and stops here
MAX_STEPS = 60


def _fit(y: np.ndarray, exposure: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """Poisson regression of each row of ``y`` on ``x`` with ``exposure`` (rows × periods; cells with zero
    exposure count for nothing). Returns α, β, ℓ₁, ℓ₀, Pearson χ², cells used, the Hessian's (β, β) inverse
    and whether each row converged."""
    used = exposure > 0
    log_e = np.log(np.where(used, exposure, 1.0))
    total_y, total_e = y.sum(axis=1), np.where(used, exposure, 0).sum(axis=1)
    alpha = np.log(total_y / total_e)
    beta = np.zeros(len(y))
    xb = np.broadcast_to(x, y.shape)

    def loglik(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        eta = np.minimum(a[:, None] + b[:, None] * xb + log_e, 700.0)
        mu = np.where(used, np.exp(eta), 0.0)
        return np.where(used, y * eta - mu, 0.0).sum(axis=1), mu

    ll0, _ = loglik(alpha, beta)
    ll, mu = ll0, None
    converged = np.zeros(len(y), dtype=bool)
    active = np.ones(len(y), dtype=bool)
    for _ in range(MAX_STEPS):
        ll, mu = loglik(alpha, beta)
        r = y - mu
        g_a, g_b = r.sum(axis=1), (r * xb).sum(axis=1)
        h_aa, h_ab, h_bb = mu.sum(axis=1), (mu * xb).sum(axis=1), (mu * xb * xb).sum(axis=1)
        det = h_aa * h_bb - h_ab ** 2
        ok = active & (det > 1e-300)
        d_a = np.where(ok, (h_bb * g_a - h_ab * g_b) / np.where(ok, det, 1.0), 0.0)
        d_b = np.where(ok, (h_aa * g_b - h_ab * g_a) / np.where(ok, det, 1.0), 0.0)
        step = np.ones(len(y))
        for _ in range(30):  # halve the step where it would lower the likelihood
            new_ll, _ = loglik(alpha + step * d_a, beta + step * d_b)
            worse = new_ll < ll - 1e-12 * np.abs(ll)
            if not worse.any():
                break
            step = np.where(worse, step / 2, step)
        alpha, beta = alpha + step * d_a, beta + step * d_b
        small = (np.abs(step * d_b) < 1e-10 * np.maximum(1.0, np.abs(beta))) & \
            (np.abs(step * d_a) < 1e-10 * np.maximum(1.0, np.abs(alpha)))
        converged |= ok & small
        active &= ~converged
        if not active.any():
            break
    ll, mu = loglik(alpha, beta)
    h_aa, h_ab, h_bb = mu.sum(axis=1), (mu * xb).sum(axis=1), (mu * xb * xb).sum(axis=1)
    det = h_aa * h_bb - h_ab ** 2
    inv_bb = np.where(det > 0, h_aa / np.where(det > 0, det, 1.0), np.nan)
    pearson = np.where(used & (mu > 0), (y - mu) ** 2 / np.where(mu > 0, mu, 1.0), 0.0).sum(axis=1)
    return alpha, beta, ll, ll0, pearson, used.sum(axis=1), inv_bb, converged


def emergence(tokens: pd.DataFrame, *, by: str = "year", within: str | None = None, min_count: int = 20,
              min_periods: int = 3, exclude_stopwords: bool = True, dispersion: str = "quasi",
              change_points: int = 20, max_breaks: int = 2) -> pd.DataFrame:
    """Terms rising and falling over time: a Poisson trend for every term, tested, with its change points.

    The model, test and change points are the module's (:mod:`lectureanalysis.discovery.trending`). Terms
    are word tokens (punctuation, numbers and dates never — 2019年, 一九五四年, 百分之六 —; stop words unless
    ``exclude_stopwords`` is False) counted as the
    vocabulary-wide tables count them (:func:`term_frequencies`); the exposure is the period's 字, the
    denominator of ``per_10k_chars``. A period with no text (no speech that year) is left out of the fit, not
    counted as a zero.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    by : str, default 'year'
        The period column: numbers (years), or whole numbers written as text; other values ("（无年份）")
        are left out with a :class:`CorpusWarning`.
    within : str, optional
        A column (``place``, ``collection``): one trend per value and term, each against that value's own
        字 per period.
    min_count : int, default 20
        Fit the terms counted at least this often (in the ``within`` value).
    min_periods : int, default 3
        … in periods with text at least this many (a line through two points has no test).
    exclude_stopwords : bool, default True
        Leave out stop words.
    dispersion : {'quasi', 'poisson'}, default 'quasi'
        Scale the test by the estimated dispersion (quasi-Poisson), or not.
    change_points : int, default 20
        Find change points for this many of the strongest risers and as many fallers (0: none).
    max_breaks : int, default 2
        At most this many change points a term.

    Returns
    -------
    DataFrame
        One row per term (``within`` value and term): ``term, frequency, periods`` (periods using it),
        ``first, last`` (first and last period using it), ``mid_rate`` (the fitted rate per 万字 at the
        middle period, ``attrs["centre"]``: the fitted rate in period t is mid_rate × rate_ratio^(t − centre)),
        ``slope`` (β per unit of ``by``), ``rate_ratio``
        (exp β), ``se, z`` (Wald), ``deviance`` (D), ``dispersion`` (φ; 1 with ``'poisson'``), ``p, p_adj``
        (BH over the rows), ``direction`` ('rising' / 'falling'), ``change_points`` (a tuple of periods: the
        first of each new segment; empty where not searched) and ``converged`` (False for a term whose slope
        is unbounded — used in the last or first period only); sorted by ``p``, then ``|z|`` descending.

    See Also
    --------
    trend : The rate of named terms per period.
    lectureanalysis.plot.plot_emergence : Small multiples of the strongest risers and fallers.

    Examples
    --------
    >>> years = la.load("corpus/政府工作报告", progress=False)[1]
    >>> table = la.emergence(la.segment(years, progress=False), min_count=200)
    >>> table.head(3)[["term", "direction", "first"]].values.tolist()
    [['提升', 'rising', 1980], ['优化', 'rising', 1988], ['创新', 'rising', 1982]]
    """
    schema.check_choice("dispersion", dispersion, ("quasi", "poisson"))
    schema.check_whole("min_count", min_count, minimum=1)
    schema.check_whole("min_periods", min_periods, minimum=3)
    schema.check_whole("change_points", change_points, minimum=0)
    schema.check_whole("max_breaks", max_breaks, minimum=1, maximum=5)
    schema.validate_tokens(tokens, ())
    codes, types, punctuation, chars = token_types(tokens)
    groups, labels = group_codes(tokens, by)
    x_all = pd.to_numeric(pd.Series(labels, dtype=object).map(_as_number), errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(x_all).any():
        raise ValueError(f"by={by!r}: emergence needs numeric periods (years); got values such as "
                         f"{labels[:3]}")
    if not np.isfinite(x_all).all():  # "（无年份）" and the like: left out of the fit, and said
        left_out = [labels[i] for i in np.flatnonzero(~np.isfinite(x_all))]
        warnings.warn(f"by={by!r}: {len(left_out)} value(s) are not years and are left out of the trends: "
                      f"{', '.join(map(str, left_out[:5]))}", CorpusWarning, stacklevel=user_stacklevel())
        groups = np.where(np.isfinite(x_all)[np.maximum(groups, 0)] & (groups >= 0), groups, -1)
    labels = [int(v) if float(v).is_integer() else float(v) for v in np.where(np.isfinite(x_all), x_all, np.nan)]
    x_all = np.where(np.isfinite(x_all), x_all, np.nanmean(x_all))
    n_periods, n_types = len(labels), len(types)
    if within is None:  # one place: the periods are the groups (no per-token array of place codes)
        combined, places = groups, [None]
        keep = groups >= 0
    else:
        inner_codes, places = group_codes(tokens, within)  # type: ignore[assignment]
        inner = inner_codes.astype(np.int64)
        combined = np.where((groups >= 0) & (inner >= 0), inner * n_periods + groups, -1)
        keep = combined >= 0
    exposure = chars_by_group(tokens, codes, chars, combined, len(places) * n_periods).reshape(len(places), n_periods)
    keep &= ~(punctuation | numbers_or_dates(types))[codes]
    if exclude_stopwords:
        keep &= ~tokens["is_stopword"].to_numpy(dtype=bool)
    rows = codes[keep]  # each kept token's (place, type) row: place × n_types + type
    if within is not None:
        rows += inner[keep] * n_types
    counts = count_table(rows, groups[keep], len(places) * n_types, n_periods).tocsr()  # type: ignore[attr-defined]
    totals = np.asarray(counts.sum(axis=1)).ravel()
    present = np.diff(counts.indptr)
    rows = np.flatnonzero((totals >= min_count) & (present >= 1))
    place_of = rows // n_types
    y = counts[rows].toarray().astype(float)
    e = exposure[place_of]
    periods_with_text = (e > 0).sum(axis=1)
    fit_rows = periods_with_text >= min_periods
    rows, place_of, y, e = rows[fit_rows], place_of[fit_rows], y[fit_rows], e[fit_rows]
    x = x_all - x_all.mean()
    alpha, beta, ll1, ll0, pearson, n_used, inv_bb, converged = _fit(y, e, x)
    deviance = np.maximum(2 * (ll1 - ll0), 0.0)
    df_resid = n_used - 2
    if dispersion == "quasi":
        phi = np.where(df_resid > 0, np.maximum(pearson / np.maximum(df_resid, 1), 1.0), np.nan)
        p = stats.f.sf(deviance / phi, 1, np.maximum(df_resid, 1))
    else:
        phi = np.ones(len(y))
        p = stats.chi2.sf(deviance, 1)
    se = np.sqrt(inv_bb * phi)
    used_cells = y > 0
    first = np.argmax(used_cells, axis=1)
    last = n_periods - 1 - np.argmax(used_cells[:, ::-1], axis=1)
    label_array = np.asarray(labels, dtype=object)  # Python numbers: first, last and change points read as plain years
    out = pd.DataFrame({
        "term": np.asarray(types, dtype=object)[rows % n_types], "frequency": y.sum(axis=1).astype(np.int64),
        "periods": used_cells.sum(axis=1).astype(np.int64), "first": label_array[first], "last": label_array[last],
        "mid_rate": np.exp(alpha) * 10_000, "slope": beta, "rate_ratio": np.exp(np.minimum(beta, 700)), "se": se, "z": beta / se, "deviance": deviance,
        "dispersion": phi, "p": p, "p_adj": benjamini_hochberg(p) if len(p) else p,
        "direction": np.where(beta >= 0, "rising", "falling"), "change_points": [()] * len(rows),
        "converged": converged,
    })
    if within is not None:
        out.insert(0, within, np.asarray(places, dtype=object)[place_of])
    order = np.lexsort((out["term"].to_numpy(), -np.abs(np.nan_to_num(out["z"].to_numpy())), out["p"].to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    for direction in ("rising", "falling") if change_points else ():
        chosen = out.index[(out["direction"] == direction) & out["converged"]][:change_points]
        for i in chosen:
            source = order[i]
            mask = e[source] > 0
            cuts = breaks(y[source][mask], e[source][mask], max_breaks=max_breaks)
            out.at[i, "change_points"] = tuple(label_array[mask][cuts].tolist())  # type: ignore[assignment]
    out.attrs.update(by=by, within=within, dispersion=dispersion, centre=float(x_all.mean()))
    return out


def _as_number(value: object) -> object:
    """A period as a number: numbers as they are, a string of digits (a year read as text) as its number."""
    if isinstance(value, bool):
        return np.nan
    if isinstance(value, int | float | np.integer | np.floating):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else np.nan


def _segment_cost(cum_y: np.ndarray, cum_e: np.ndarray, start: int, end: int) -> float:
    """−ℓ (up to a constant) of one constant Poisson rate over periods start … end − 1."""
    s_y, s_e = cum_y[end] - cum_y[start], cum_e[end] - cum_e[start]
    return float(s_y - s_y * np.log(s_y / s_e)) if s_y > 0 else 0.0


def breaks(y: np.ndarray, exposure: np.ndarray, *, max_breaks: int = 2, min_size: int = 2) -> list[int]:
    """Change points of one count series (binary segmentation on the Poisson rate, kept while the gain exceeds
    φ·ln n): the indices where each new segment starts, in order.

    Parameters
    ----------
    y : ndarray
        The counts per period.
    exposure : ndarray
        The 字 per period (all positive).
    max_breaks : int, default 2
        At most this many change points.
    min_size : int, default 2
        The fewest periods in a segment.

    Returns
    -------
    list of int
        The indices (into ``y``) where a new segment starts, sorted.

    See Also
    --------
    emergence : Where the breaks of the strongest risers and fallers are found.

    Examples
    --------
    >>> from lectureanalysis.discovery.trending import breaks
    >>> breaks(np.array([0, 1, 0, 0, 9, 11, 10, 12]), np.full(8, 10_000.0))
    [4]
    """
    y, exposure = np.asarray(y, dtype=float), np.asarray(exposure, dtype=float)
    n = len(y)
    cum_y, cum_e = np.concatenate([[0.0], np.cumsum(y)]), np.concatenate([[0.0], np.cumsum(exposure)])
    segments, found, gains = [(0, n)], [], []
    for _ in range(max_breaks):
        best = (0.0, -1, -1)
        for start, end in segments:
            whole = _segment_cost(cum_y, cum_e, start, end)
            for cut in range(start + min_size, end - min_size + 1):
                gain = whole - _segment_cost(cum_y, cum_e, start, cut) - _segment_cost(cum_y, cum_e, cut, end)
                if gain > best[0] + 1e-12:
                    best = (gain, cut, start)
        if best[1] < 0:
            break
        gain, cut, start = best
        end = next(e for s, e in segments if s == start)
        segments = sorted([seg for seg in segments if seg[0] != start] + [(start, cut), (cut, end)])
        found.append(cut)
        gains.append(gain)
    if not found:
        return []
    bounds = [0, *sorted(found), n]
    rate = np.repeat([(cum_y[b] - cum_y[a]) / (cum_e[b] - cum_e[a]) for a, b in itertools.pairwise(bounds)],
                     np.diff(bounds))
    mu = rate * exposure
    df = max(n - (2 * len(found) + 1), 1)
    phi = max(1.0, float(np.where(mu > 0, (y - mu) ** 2 / np.where(mu > 0, mu, 1), 0).sum()) / df)
    kept = []
    for cut, gain in zip(found, gains, strict=True):
        if gain <= phi * np.log(n):
            break
        kept.append(cut)
    return sorted(kept)
