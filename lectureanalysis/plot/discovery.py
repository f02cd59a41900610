"""Charts of discovery: the strongest rising and falling terms as small multiples, topic shares by year, and
the collocation network."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.analysis.trends import trend
from lectureanalysis.discovery.topicmodels import Topics
from lectureanalysis.plot.readings import _heatmap
from lectureanalysis.plot.style import PALETTE, _need, _panels, prepare_axes

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes


def strongest(table: pd.DataFrame, n: int = 4, *, alpha: float = 0.05, min_periods: int = 3) -> pd.DataFrame:
    """The ``n`` strongest risers and ``n`` strongest fallers of an :func:`emergence` table: rows with a
    finite slope, used in at least ``min_periods`` periods, ``p_adj`` below ``alpha``, in the table's order
    (by p, then |z|); risers first."""
    usable = table[table["converged"] & (table["periods"] >= min_periods) & (table["p_adj"] < alpha)]
    return pd.concat([usable[usable["direction"] == d].head(n) for d in ("rising", "falling")])


def plot_emergence(table: pd.DataFrame, tokens: pd.DataFrame, *, n: int = 4, font: str | None = None,
                   title: str | None = "上升最快与下降最快的词（每万字）") -> Axes:
    """Small multiples of the strongest rising terms (top row) and falling terms (bottom row): each term's
    rate per 万字 per period (points; counted as :func:`emergence` counts, tokens), the fitted Poisson trend
    (line) and its change points (dashed), titled with the rate ratio per period.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`lectureanalysis.emergence` (without ``within``).
    tokens : DataFrame
        The token table it was computed on.
    n : int, default 4
        Panels a row (terms chosen as :func:`strongest` chooses).
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart.
    title : str or None
        The figure's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The first panel's Axes (the figure is ``ax.figure``).

    See Also
    --------
    lectureanalysis.emergence : The table.
    lectureanalysis.trend : The rate of named terms.

    Examples
    --------
    >>> years = la.load("corpus/政府工作报告", pattern="20[12]*.txt", progress=False)[1]
    >>> years_tokens = la.segment(years, progress=False)
    >>> ax = la.plot.plot_emergence(la.emergence(years_tokens, min_count=50), years_tokens, n=3)
    >>> len(ax.figure.axes)
    6
    """
    _need(table, ("term", "slope", "rate_ratio", "mid_rate", "change_points", "direction"), "table")
    if table.attrs.get("within"):
        raise ValueError(f"plot_emergence draws one series a term: filter the table to one "
                         f"{table.attrs['within']} and compute it on that {table.attrs['within']}'s tokens")
    chosen = strongest(table, n)
    by = table.attrs.get("by", "year")
    centre = table.attrs.get("centre", 0.0)
    rates = trend(tokens, chosen["term"].tolist(), by=by, match="token") if len(chosen) else pd.DataFrame()
    from matplotlib.ticker import MaxNLocator

    axes, fp = _panels(font, (2.6 * n + 1, 5.4), 2, n, sharex=True)
    for row, direction in enumerate(("rising", "falling")):
        terms = chosen[chosen["direction"] == direction]
        for column in range(n):
            ax = axes[row * n + column]
            if column >= len(terms):
                ax.set_axis_off()
                continue
            info = terms.iloc[column]
            series = rates[(rates["feature"] == info["term"]) & (rates["n_chars"] > 0)]
            years = pd.to_numeric(series["group"].astype(str), errors="coerce")  # a period that is no year: not drawn
            series = series[years.notna()]
            x = years[years.notna()].to_numpy(dtype=float)
            colour = PALETTE[0] if direction == "rising" else PALETTE[1]
            ax.plot(x, series["per_10k_chars"], "o", markersize=2.5, color=colour)
            grid = np.linspace(x.min(), x.max(), 100)
            ax.plot(grid, info["mid_rate"] * info["rate_ratio"] ** (grid - centre), color="#444444", linewidth=1)
            for cut in info["change_points"]:
                ax.axvline(float(cut), color="#888888", linestyle="--", linewidth=0.8)
            ax.set_title(f"{info['term']}  ×{info['rate_ratio']:.2f}/年", fontproperties=fp, fontsize=10, loc="left")
            ax.tick_params(labelsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    axes[0].set_ylabel("上升 · 每万字", fontproperties=fp)
    axes[n].set_ylabel("下降 · 每万字", fontproperties=fp)
    if title:
        axes[0].figure.suptitle(title, fontproperties=fp, fontsize=12, x=0.01, ha="left")
    return axes[0]


@shared
def plot_topics(model: Topics, *, ax: Axes | None = None, font: str | None = None,
                title: str | None = "主题占比（按年份，%）") -> Axes:
    """A topic × period heatmap of the topics' shares of each period's words (per cent), one row per topic
    labelled with its number, three top words and its coherence (NPMI); a year without speeches is absent.

    Parameters
    ----------
    model : Topics
        The result of :func:`lectureanalysis.topics` (fitted with a ``by`` column).
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.topics : The model.

    Examples
    --------
    >>> ax = la.plot.plot_topics(la.topics(report_tokens, 4, min_df=2))
    >>> [label.get_text() for label in ax.get_yticklabels()][0].startswith("1 ")
    True
    """
    if model.periods.empty:
        raise ValueError("plot_topics draws the shares by period: fit the model with by= a period column")
    period = model.periods.columns[0]
    matrix = model.periods.pivot(index="topic", columns=period, values="share") * 100
    years = pd.to_numeric(pd.Series(matrix.columns), errors="coerce")
    if len(years) > 1 and years.notna().all() and bool((years % 1 == 0).all()) and bool(years.between(1800, 2200).all()):
        # a year without a speech is an empty column, not squeezed out (1960 and 1978 are not neighbours)
        matrix = matrix.reindex(columns=range(int(years.min()), int(years.max()) + 1))
    labels = model.coherence.set_index("topic")
    matrix.index = [f"{t} {labels.at[t, 'label']} ({labels.at[t, 'npmi']:.2f})" for t in matrix.index]  # type: ignore[str-bytes-safe]
    ax, _, fp = prepare_axes(ax, font, (max(8.0, 0.16 * matrix.shape[1] + 5), 0.42 * len(matrix) + 1.6))
    _heatmap(ax, matrix, fp, "占该年词语的 %", cmap="Blues", fmt=".0f")
    if title:
        ax.set_title(title, fontproperties=fp, fontsize=12, loc="left")
    return ax


@shared
def plot_collocation_network(graph: object, *, ax: Axes | None = None, font: str | None = None, seed: int = 0,
                             title: str | None = "搭配网络") -> Axes:
    """Draw a collocation network: node words in the accent colour, collocates grey, each sized by its
    frequency (area ∝ √frequency), edges as wide as the association measure is strong; the layout is
    networkx's spring layout with a fixed ``seed`` (the same graph is drawn the same way).

    Parameters
    ----------
    graph : networkx.Graph
        A graph of :func:`lectureanalysis.collocation_network`.
    {{chart_options}}
    seed : int, default 0
        The layout's random state.
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on (one text label per word).

    See Also
    --------
    lectureanalysis.collocation_network : The graph.

    Examples
    --------
    >>> graph = la.collocation_network(report_tokens, ["改革", "创新"], top=5)
    >>> ax = la.plot.plot_collocation_network(graph)
    >>> sorted(t.get_text() for t in ax.texts) == sorted(graph.nodes)
    True
    """
    import networkx as nx

    ax, _, fp = prepare_axes(ax, font, (9, 7))
    if graph.number_of_nodes() == 0:  # type: ignore[attr-defined]
        raise ValueError("graph: no nodes to draw (no collocate passed min_count?)")
    position = nx.spring_layout(graph, seed=seed, weight="weight", k=1.2 / max(1, graph.number_of_nodes()) ** 0.5)  # type: ignore[attr-defined]
    weights = np.array([d["weight"] for _, _, d in graph.edges(data=True)], dtype=float)  # type: ignore[attr-defined, type-var]
    span = (weights - weights.min()) / (np.ptp(weights) or 1.0) if len(weights) else weights
    for (a, b), strength in zip(graph.edges(), span, strict=True):  # type: ignore[attr-defined]
        ax.plot(*zip(position[a], position[b], strict=True), color="#9aa5b1", linewidth=0.6 + 3 * strength,
                alpha=0.7, zorder=1)
    frequency = np.array([d.get("frequency", 1) for _, d in graph.nodes(data=True)], dtype=float)  # type: ignore[attr-defined, type-var]
    sizes = 60 + 900 * np.sqrt(frequency / max(frequency.max(), 1))
    for (name, data), size in zip(graph.nodes(data=True), sizes, strict=True):  # type: ignore[attr-defined]
        node = data.get("kind") == "node"
        x, y = position[name]
        ax.scatter([x], [y], s=max(size, 1500) if node else size, color=PALETTE[0] if node else "#d9dee4", edgecolor="white", zorder=2)
        ax.text(x, y, name, fontproperties=fp, fontsize=12 if node else 9, ha="center", va="center", zorder=3,
                color="white" if node else "#222222", fontweight="bold" if node else "normal")
    ax.set_axis_off()
    ax.margins(0.08)
    if title:
        ax.set_title(title, fontproperties=fp, fontsize=12, loc="left")
    return ax
