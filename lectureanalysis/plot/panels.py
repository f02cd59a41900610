"""Small multiples: one panel per term (or formulation), so that several series over the years are read one by
one instead of as a tangle of lines over the same axis; a line per group (level of government, collection) in
each panel when the table has one.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from lectureanalysis.plot.style import (
    PALETTE,
    _need,
    _panels,
    left_out_note,
    on_time_axis,
    with_gaps,
    year_ticks,
)

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes

#: panels side by side before a new row starts
PANEL_COLUMNS = 3


def plot_panels(table: pd.DataFrame, *, panel: str = "feature", line: str | None = None, x: str = "group",
                y: str = "per_10k_chars", ylabel: str = "每万字", font: str | None = None,
                title: str | None = None, columns: int = PANEL_COLUMNS) -> Axes:
    """Small multiples of a long table: a panel for each value of ``panel`` (in the table's order), in it a line
    of ``y`` over ``x`` for each value of ``line`` (one line without it). Years are placed on a time axis with
    whole-year ticks and a break where a year has no speech; periods that are not years (（未知）) are left out
    and said under the axis. Each panel has its own y scale (a rare term is not flattened by a frequent one).

    Parameters
    ----------
    table : DataFrame
        A long table, such as :func:`lectureanalysis.trend`'s, with the columns named below.
    panel : str, default 'feature'
        The column whose values get a panel each.
    line : str, optional
        The column whose values get a line each in every panel (a legend names them).
    x : str, default 'group'
        The period column.
    y : str, default 'per_10k_chars'
        The value plotted.
    ylabel : str, default '每万字'
        The y axis's label.
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).
    title : str or None
        The figure's title (``None``: no title).
    columns : int, default 3
        Panels side by side.

    Returns
    -------
    matplotlib.axes.Axes
        The first panel's Axes.

    See Also
    --------
    plot_trends : All terms over one axis.

    Examples
    --------
    >>> ax = la.plot.plot_panels(la.trend(report_tokens, ["改革", "创新"]))
    >>> [a.get_title(loc="left") for a in ax.figure.axes if a.get_visible()]
    ['改革', '创新']
    """
    _need(table, (panel, x, y) + ((line,) if line else ()), "table")
    names = list(dict.fromkeys(table[panel]))
    if not names:
        raise ValueError(f"table: no rows to plot (no value of {panel!r})")
    if columns < 1:
        raise ValueError(f"columns: expected a whole number of at least 1, got {columns!r}")
    across = min(columns, len(names))
    down = math.ceil(len(names) / across)
    axes, fp = _panels(font, (3.2 * across + 0.6, 2.3 * down + 0.9), down, across, sharex=True)
    periods = list(dict.fromkeys(table[x]))
    timed, left_out = on_time_axis(pd.Series(periods, index=periods))  # decided on the whole table, not per line
    as_years = dict(zip(timed.to_numpy(), timed.index, strict=True))
    if left_out or any(label != year for label, year in as_years.items()):  # years written as text become numbers;
        table = table[~table[x].isin(left_out)]  # other periods are left out (said under the axis)
        table = table.assign(**{x: table[x].map(as_years)})
    lines = list(dict.fromkeys(table[line])) if line else [None]
    plotted: list[object] = []
    for ax, name in zip(axes, names, strict=False):
        rows = table[table[panel] == name]
        for index, value in enumerate(lines):
            part = rows if value is None else rows[rows[line] == value]
            if not len(part):
                continue
            series = with_gaps(part.set_index(x)[y])
            plotted.extend(series.index)
            ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=2.5, linewidth=1.3,
                    color=PALETTE[index % len(PALETTE)], label=None if value is None else str(value))
        ax.set_title(str(name), fontproperties=fp, fontsize=11, loc="left")
        ax.set_ylim(bottom=0)
    for ax in axes[len(names):]:
        ax.set_visible(False)
    if plotted:
        year_ticks(axes[0], pd.Series(plotted), most=4)
    for position, ax in enumerate(axes[:len(names)]):
        if position % across == 0:
            ax.set_ylabel(ylabel, fontproperties=fp)
        if position + across >= len(names):  # the lowest panel of its column
            ax.tick_params(axis="x", labelbottom=True)
    figure = axes[0].figure
    note = left_out_note(left_out)
    if note:
        figure.supxlabel(note, fontproperties=fp, fontsize=9)
    if line and len(lines) > 1:
        handles, labels = axes[0].get_legend_handles_labels()
        figure.legend(handles, labels, prop=fp, frameon=False, loc="outside upper right", ncol=min(len(lines), 6))
    if title:
        figure.suptitle(title, fontproperties=fp, fontsize=12, x=0.01, ha="left")
    return axes[0]
