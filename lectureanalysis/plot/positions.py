"""Where terms stand: the X-ray plot of dispersion and AntConc's concordance plot.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.errors import TermWarning
from lectureanalysis.plot.style import (
    PALETTE,
    _label,
    _need,
    _panels,
    _row_labels,
    _speech_labels,
    date_order,
    prepare_axes,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from lectureanalysis.analysis.occurrences import (
        Match,  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    )


@shared
def plot_dispersion(tokens: pd.DataFrame, terms: Sequence[str], *, ax: Axes | None = None, font: str | None = None,
                    max_labels: int = 40, title: str | None = "词语分布（X 光图）", match: Match = "text") -> Axes:
    """X-ray plot: one row per term, a tick at each occurrence along the corpus (token position), with faint
    lines between speeches and each speech labelled below its stretch (its year when the years are
    distinct, else its id; at most ``max_labels`` labels, evenly thinned). Occurrences as
    :func:`lectureanalysis.dispersion` counts them (``match="text"``: where the text says the term, also
    inside longer tokens; ``"token"``: the term's tokens).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    terms : list of str
        One row per term.
    {{chart_options}}
    max_labels : int, default 40
        The most speech labels under the axis.
    title : str or None
        The chart's title (``None``: no title).
    match : {'text', 'token'}, default 'text'
        How a term is counted: where its characters stand in the text (the occurrences :func:`kwic` lists), or
        as tokens (see :mod:`lectureanalysis.analysis.occurrences`).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.dispersion : The measures.

    Examples
    --------
    >>> ax = la.plot.plot_dispersion(report_tokens, ["改革", "开放"])
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['改革', '开放']
    """
    from lectureanalysis.analysis.concordance import term_positions

    _need(tokens, ("speech_id", "token"), "tokens")
    terms = [terms] if isinstance(terms, str) else list(terms)
    words = tokens["token"].astype(str).to_numpy()
    ax, _, fp = prepare_axes(ax, font, (9, 0.5 * len(terms) + 1.2))
    for row, term in enumerate(terms):
        with warnings.catch_warnings():  # a picture of what dispersion() counts, which says it once
            warnings.simplefilter("ignore", TermWarning)
            positions = term_positions(tokens, term, match=match)
        # thousands of ticks: drawn as one raster inside a vector figure, so SVG stays small and quick
        ax.vlines(positions, row - 0.4, row + 0.4, color=PALETTE[row % len(PALETTE)], linewidth=0.6, rasterized=True)
    codes, names = pd.factorize(tokens["speech_id"])
    boundaries = np.flatnonzero(np.diff(codes) != 0) + 1
    for boundary in boundaries:
        ax.axvline(boundary, color="#cccccc", linewidth=0.5)
    ax.set_yticks(range(len(terms)), labels=terms)
    ax.set_xlim(0, max(1, len(words)))
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(words)]))
    labels = _speech_labels(tokens, names)
    step = max(1, -(-len(starts) // max_labels))  # at most max_labels labels, evenly thinned
    ax.set_xticks((starts[::step] + ends[::step]) / 2, labels=labels[::step],
                  rotation=90 if len(starts[::step]) > 8 else 0, fontproperties=fp, fontsize=8)
    ax.tick_params(axis="x", length=0)
    ax.invert_yaxis()
    ax.grid(False)
    _label(ax, fp, title, "讲话（按语料顺序；竖线为讲话分界）")
    return ax


def plot_concordance(hits: pd.DataFrame, speeches: pd.DataFrame, *, terms: Sequence[str] | None = None,
                     font: str | None = None, title: str | None = "索引图（每篇讲话中出现的位置）") -> Axes:
    """AntConc's concordance plot: one row per speech, in date order (speeches without a date last), a bar
    spanning its text from start to end, a tick at each hit (``position`` of :func:`kwic`), and the number
    of hits at the right; one panel per term. ``hits``: :func:`kwic` rows with a ``term`` column (the rows
    of several terms stacked). Returns the first panel's Axes.

    Parameters
    ----------
    hits : DataFrame
        :func:`lectureanalysis.kwic` rows, with a ``term`` column when several terms are stacked.
    speeches : DataFrame
        The speeches table of :func:`load` or :func:`load_speeches`.
    terms : list of str, optional
        The panels, in order (default: the terms of ``hits``).
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The first panel's Axes.

    See Also
    --------
    lectureanalysis.kwic : The lines plotted.

    Examples
    --------
    >>> hits = la.kwic(report_paragraphs, "改革").assign(term="改革")
    >>> ax = la.plot.plot_concordance(hits, reports)
    >>> ax.get_title()
    '改革'
    """

    _need(hits, ("speech_id", "position", "term"), "hits")
    _need(speeches, ("speech_id",), "speeches")
    terms = list(dict.fromkeys(hits["term"])) if terms is None else list(terms)
    if not terms:
        raise ValueError("terms: no term to plot")
    order = date_order(speeches)
    labels = _row_labels(order)
    rows = {sid: i for i, sid in enumerate(order["speech_id"])}
    height = max(2.5, 0.16 * len(rows) + 1.4)
    axes, fp = _panels(font, (min(16, 2.4 * len(terms) + 1.6), height), 1, len(terms), sharey=True)
    figure = axes[0].figure
    for column, (ax, term) in enumerate(zip(axes, terms, strict=True)):
        ax.grid(False)
        ax.barh(range(len(rows)), 1.0, left=0.0, height=0.7, color="#f1f1f1", edgecolor="#bbbbbb", linewidth=0.4)
        found = hits[hits["term"] == term]
        y = found["speech_id"].map(rows).to_numpy(dtype=float)
        ax.vlines(found["position"].to_numpy(dtype=float), y - 0.33, y + 0.33, color=PALETTE[column % len(PALETTE)],
                  linewidth=0.7, rasterized=True)
        counts = found.groupby("speech_id").size()
        for speech_id, row in rows.items():
            ax.text(1.02, row, f"{int(counts.get(speech_id, 0))}", va="center", ha="left", fontsize=6.5,
                    color="#555555", fontproperties=fp)
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.5, 1], labels=["始", "中", "末"], fontproperties=fp, fontsize=8)
        ax.set_title(str(term), fontproperties=fp, fontsize=11)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    axes[0].set_yticks(range(len(rows)), labels=labels, fontproperties=fp, fontsize=7 if len(rows) > 30 else 8)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    if title:
        figure.suptitle(title, fontproperties=fp, fontsize=12, x=0.01, ha="left")
    return axes[0]
