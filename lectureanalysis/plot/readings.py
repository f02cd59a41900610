"""Charts of the comparative reading: what changed per section, how a term spread from the centre (the adoption
curve and the place × year heatmap), where a term sits in the outline over the years, and how much each local
report repeats another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.plot.style import PALETTE, _integer_ticks, _label, _need, prepare_axes

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes
    from matplotlib.font_manager import FontProperties

#: the labels of :func:`lectureanalysis.changes` as a Chinese reader names them, with their colours
CHANGE_NAMES = {"kept": "保留", "numbers": "仅数字变化", "reworded": "改写", "moved": "移动", "new": "新增",
                "dropped": "删除"}
_CHANGE_COLOURS = {"kept": "#b8c4ce", "numbers": "#7fa7c9", "reworded": PALETTE[3], "moved": PALETTE[4],
                   "new": PALETTE[2], "dropped": PALETTE[1]}


def _short(text: str, width: int = 18) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@shared
def plot_change_summary(summary: pd.DataFrame, *, ax: Axes | None = None, font: str | None = None,
                        title: str | None = "各部分的变化（句数）") -> Axes:
    """Stacked bars of each top-level section's sentences by label (kept, numbers only, reworded, moved, new,
    dropped): which sections grew, which were rewritten.

    Parameters
    ----------
    summary : DataFrame
        A table of :func:`lectureanalysis.change_summary`.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one bar per section, top to bottom in text order.

    See Also
    --------
    lectureanalysis.change_summary : The table.

    Examples
    --------
    >>> summary = la.change_summary(la.changes(report_paragraphs, "2014", "2024"))
    >>> ax = la.plot.plot_change_summary(summary)
    >>> len(ax.get_yticklabels()) == len(summary)
    True
    """
    _need(summary, ("section", *CHANGE_NAMES), "summary")
    ax, _, fp = prepare_axes(ax, font, (9, max(2.5, 0.45 * len(summary) + 1.2)))
    positions = np.arange(len(summary))[::-1]
    left = np.zeros(len(summary))
    for label, name in CHANGE_NAMES.items():
        values = summary[label].to_numpy(dtype=float)
        ax.barh(positions, values, left=left, color=_CHANGE_COLOURS[label], label=name, height=0.7)
        left += values
    ax.set_yticks(positions, [_short(str(s), 22) for s in summary["section"]], fontproperties=fp)
    ax.legend(prop=fp, frameon=False, ncol=6, loc="upper center", bbox_to_anchor=(0.5, -0.08 if len(summary) > 3 else -0.2))
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    _integer_ticks(ax.xaxis)  # type: ignore[arg-type]
    _label(ax, fp, title)
    return ax


@shared
def plot_adoption(curve: pd.DataFrame, *, ax: Axes | None = None, font: str | None = None,
                  title: str | None = "提法的扩散：已使用的地方占比") -> Axes:
    """Each term's adoption curve: the share of places (the centre left out) that have used it, year by year.

    Parameters
    ----------
    curve : DataFrame
        A table of :func:`lectureanalysis.adoption`.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, one step line per term (its label the term), the share from 0 to 100 %.

    See Also
    --------
    lectureanalysis.adoption : The table.
    plot_diffusion : The rates behind it, place by place.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c16", "a16", "a17", "b18"], "para_id": 0,
    ...     "place": ["全国", "甲省", "甲省", "乙省"], "level": ["国家", "省", "省", "省"], "year": [2016, 2016, 2017, 2018],
    ...     "text": ["贯彻新发展理念。", "推进改革。", "落实新发展理念。", "践行新发展理念。"]})
    >>> ax = la.plot.plot_adoption(la.adoption(la.diffusion(paragraphs, "新发展理念")))
    >>> [line.get_label() for line in ax.get_lines()]
    ['新发展理念']
    """
    _need(curve, ("term", "year", "share"), "curve")
    ax, _, fp = prepare_axes(ax, font, (8, 4))
    for term, group in curve.groupby("term", sort=False):
        ax.step(group["year"].to_numpy(dtype=float), group["share"].to_numpy(dtype=float) * 100, where="post",
                linewidth=1.6, label=str(term))
    ax.set_ylim(0, 105)
    _integer_ticks(ax.xaxis)  # type: ignore[arg-type]
    if curve["term"].nunique():
        ax.legend(prop=fp, frameon=False)
    _label(ax, fp, title, "年份", "已使用的地方（%）")
    return ax


def _heatmap(ax: Axes, matrix: pd.DataFrame, fp: FontProperties, legend: str, *, cmap: str, fmt: str) -> None:
    """Cells coloured by value, empty (light grey) where there is no speech, each value written when the grid is
    small enough to read."""
    import matplotlib as mpl

    values = matrix.to_numpy(dtype=float)
    colours = mpl.colormaps[cmap].with_extremes(bad="#f2f2f2")
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=colours, interpolation="nearest",
                      vmin=0, vmax=np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1)
    ax.set_yticks(np.arange(len(matrix.index)), [str(i) for i in matrix.index], fontproperties=fp)
    step = max(1, len(matrix.columns) // 16)
    ax.set_xticks(np.arange(0, len(matrix.columns), step), [str(c) for c in matrix.columns[::step]])
    ax.grid(False)
    if values.size <= 400 and values.shape[1] <= 24:  # each value written where it can be read
        threshold = np.nanmax(values) * 0.6 if np.isfinite(values).any() else 0
        for (row, column), value in np.ndenumerate(values):
            if np.isfinite(value):
                ax.text(column, row, format(value, fmt), ha="center", va="center", fontsize=7,
                        color="white" if value > threshold else "#333333")
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(legend, fontproperties=fp)


@shared
def plot_diffusion(rates: pd.DataFrame, *, term: str | None = None, ax: Axes | None = None, font: str | None = None,
                   title: str | None = None) -> Axes:
    """A place × year heatmap of one term's rate per 万字: the centre in the first row, the places below in the
    order they first used it; a year without a speech of the place is left blank (not zero).

    Parameters
    ----------
    rates : DataFrame
        A table of :func:`lectureanalysis.diffusion_rates`.
    term : str, optional
        The term to draw; the table's first by default.
    {{chart_options}}
    title : str or None
        The chart's title (by default the term and the measure).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one row per place, one column per year.

    See Also
    --------
    lectureanalysis.diffusion_rates : The table.
    plot_adoption : The share of places using it.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c16", "a16", "a17"], "para_id": 0, "place": ["全国", "甲省", "甲省"],
    ...     "level": ["国家", "省", "省"], "year": [2016, 2016, 2017], "n_chars": [7, 4, 7],
    ...     "text": ["贯彻新发展理念。", "推进改革。", "落实新发展理念。"]})
    >>> ax = la.plot.plot_diffusion(la.diffusion_rates(paragraphs, "新发展理念"))
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.get_xticklabels()]
    (['全国', '甲省'], ['2016', '2017'])
    """
    _need(rates, ("term", "place", "year", "per_10k_chars"), "rates")
    if rates.empty:
        raise ValueError("rates: the table is empty (no speech with a year)")
    term = term if term is not None else str(rates["term"].iloc[0])
    chosen = rates[rates["term"] == term]
    if chosen.empty:
        raise ValueError(f"term: {term!r} is not in the table (it holds {', '.join(map(str, rates['term'].unique()))})")
    places = list(dict.fromkeys(chosen["place"]))
    years = range(int(chosen["year"].min()), int(chosen["year"].max()) + 1)
    matrix = chosen.pivot_table(index="place", columns="year", values="per_10k_chars", aggfunc="first")
    matrix = matrix.reindex(index=places, columns=list(years))
    ax, _, fp = prepare_axes(ax, font, (min(14, 3 + 0.35 * len(years)), max(2.5, 0.28 * len(places) + 1.2)))
    _heatmap(ax, matrix, fp, "每万字", cmap="YlOrRd", fmt=".1f")
    _label(ax, fp, title if title is not None else f"“{term}”在各地的使用（每万字）")
    return ax


@shared
def plot_agenda(table: pd.DataFrame, *, term: str | None = None, x: str = "year", ax: Axes | None = None,
                font: str | None = None, title: str | None = None) -> Axes:
    """Where a term stands in each speech's outline over the years: the top-level section that first holds it
    (section one at the top), a filled marker where a heading names it, nothing where the speech never uses it.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`lectureanalysis.agenda`.
    term : str, optional
        The term to draw; the table's first by default.
    x : str, default 'year'
        The column along the horizontal axis (``speech_id`` when the table has no years).
    {{chart_options}}
    title : str or None
        The chart's title (by default the term).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; the y axis counts sections (0: the opening before the first heading).

    See Also
    --------
    lectureanalysis.agenda : The table.

    Examples
    --------
    >>> ax = la.plot.plot_agenda(la.agenda(report_paragraphs, "改革"))
    >>> ax.get_lines()[0].get_xydata().tolist(), bool(ax.yaxis_inverted())
    ([[2014.0, 1.0], [2024.0, 1.0]], True)
    """
    _need(table, ("term", "speech_id", "first_section", "in_heading"), "table")
    if x not in table.columns:
        raise ValueError(f"x: {x!r} is not a column of the table (agenda() adds 'year' when the paragraphs have one)")
    term = term if term is not None else str(table["term"].iloc[0]) if len(table) else ""
    chosen = table[(table["term"] == term) & table["first_section"].notna()].sort_values(x, kind="stable")
    ax, _, fp = prepare_axes(ax, font, (8, 3.8))
    positions = chosen[x].to_numpy(dtype=float) if pd.api.types.is_numeric_dtype(chosen[x]) else np.arange(len(chosen))
    sections = chosen["first_section"].to_numpy(dtype=float)
    named = chosen["in_heading"].to_numpy(dtype=bool)
    ax.plot(positions, sections, color=PALETTE[0], linewidth=1, alpha=0.6)
    ax.scatter(positions[named], sections[named], color=PALETTE[1], zorder=3, label="标题中出现")
    ax.scatter(positions[~named], sections[~named], facecolor="white", edgecolor=PALETTE[0], zorder=3,
               label="仅正文中出现")
    if not pd.api.types.is_numeric_dtype(chosen[x]):
        ax.set_xticks(positions, [str(v) for v in chosen[x]], rotation=45, ha="right")
    else:
        _integer_ticks(ax.xaxis)  # type: ignore[arg-type]
    _integer_ticks(ax.yaxis)  # type: ignore[arg-type]
    ax.set_ylim(max(float(np.nanmax(sections)) if len(sections) else 1, 1) + 0.5, -0.5)
    ax.legend(prop=fp, frameon=False)
    _label(ax, fp, title if title is not None else f"“{term}”首次出现的一级部分", "年份" if x == "year" else x,
           "一级部分（序号）")
    return ax


@shared
def plot_reuse(summary: pd.DataFrame, *, value: str = "share_chars", ax: Axes | None = None, font: str | None = None,
               title: str | None = "与来源文本相同的句子占比（%）") -> Axes:
    """A place × year heatmap of how much each local speech repeats its sources, in per cent (a place with
    several speeches in a year: their 字 or sentences pooled).

    Parameters
    ----------
    summary : DataFrame
        A table of :func:`lectureanalysis.reuse_summary`.
    value : {'share_chars', 'share'}, default 'share_chars'
        The share of 字 or of sentences.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one row per place (the most reusing first), one column per year.

    See Also
    --------
    lectureanalysis.reuse_summary : The table.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c24", "a24"], "para_id": 0, "year": 2024,
    ...     "place": ["全国", "甲省"], "level": ["国家", "省"], "text": [
    ...     "要以科技创新引领现代化产业体系建设。", "要以科技创新引领现代化产业体系建设。全省粮食产量再创历史新高。"]})
    >>> ax = la.plot.plot_reuse(la.reuse_summary(la.reuse(paragraphs)))
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.texts[0].get_text()
    (['甲省'], '58.6')
    """
    if value not in ("share_chars", "share"):
        raise ValueError(f"value: expected 'share_chars' or 'share', got {value!r}")
    _need(summary, ("place", "year", "sentences", "reused", "chars", "reused_chars"), "summary")
    dated = summary[summary["year"].notna()]
    if dated.empty:
        raise ValueError("summary: no speech with a year")
    part, whole = ("reused_chars", "chars") if value == "share_chars" else ("reused", "sentences")
    pooled = dated.groupby(["place", "year"])[[part, whole]].sum()
    shares = (pooled[part] / pooled[whole].replace(0, np.nan) * 100).unstack("year")
    order = (dated.groupby("place")[part].sum() / dated.groupby("place")[whole].sum().replace(0, np.nan))
    years = range(int(dated["year"].min()), int(dated["year"].max()) + 1)
    shares = shares.reindex(index=order.sort_values(ascending=False, kind="stable").index, columns=list(years))
    ax, _, fp = prepare_axes(ax, font, (min(14, 3 + 0.35 * len(years)), max(2.5, 0.28 * len(shares) + 1.2)))
    _heatmap(ax, shares, fp, "%", cmap="Blues", fmt=".1f")
    _label(ax, fp, title)
    return ax
