"""Charts of a speech's structure: the length of each section, the distribution of paragraph lengths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.plot.style import PALETTE, _integer_ticks, _label, _need, prepare_axes
from lectureanalysis.structure.dates import cn_number_text

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes


@shared
def plot_section_lengths(lengths: pd.DataFrame, *, ax: Axes | None = None, font: str | None = None, measure: str = "n_chars",
                         title: str | None = "各部分篇幅（字）") -> Axes:
    """Stacked horizontal bars per speech: 字 of each level-1 section, in the speech's order (the output of
    :func:`section_lengths`; the opening before the first heading is the first, grey segment).

    Parameters
    ----------
    lengths : DataFrame
        A table of :func:`lectureanalysis.section_lengths`.
    {{chart_options}}
    measure : str, default 'n_chars'
        The column the segments show (``share`` …).
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.section_lengths : The table.

    Examples
    --------
    >>> ax = la.plot.plot_section_lengths(la.section_lengths(paragraphs))
    >>> ax.get_title()
    ''
    """
    _need(lengths, ("speech_id", "section_id", measure), "lengths")
    from matplotlib.patches import Patch

    speeches = list(pd.unique(lengths["speech_id"]))
    ax, _, fp = prepare_axes(ax, font, (8, max(2.5, (0.35 if len(speeches) <= 12 else 0.2) * len(speeches) + 1.5)))
    sections = lengths["section_id"] != "0"  # the opening is not a section
    most = int(sections.groupby(lengths["speech_id"]).sum().max()) if len(lengths) else 0
    colors = section_colors(most)
    has_opening = bool((lengths["section_id"] == "0").any())
    for row, speech in enumerate(speeches):
        left = 0.0
        parts = lengths[lengths["speech_id"] == speech]
        position = 0
        for section, value in zip(parts["section_id"], parts[measure], strict=True):
            color = OPENING_COLOR if section == "0" else colors[position]
            position += section != "0"
            ax.barh(row, value, left=left, color=color, edgecolor="white", linewidth=0.5)
            left += float(value)
    ax.set_yticks(range(len(speeches)), labels=[str(s) for s in speeches], fontsize=9 if len(speeches) <= 30 else 7)
    ax.set_ylim(len(speeches) - 0.5, -0.5)  # first speech on top, no empty margin
    ax.grid(axis="y", visible=False)
    _integer_ticks(ax.xaxis)
    handles = ([Patch(color=OPENING_COLOR, label="开头")] if has_opening else []) + [
        Patch(color=colors[i], label=f"第{cn_number_text(i + 1)}部分") for i in range(most)]
    if handles:
        ax.legend(handles=handles, prop=fp, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1),
                  ncol=1 if len(handles) <= 14 else 2)
    _label(ax, fp, title, "字" if measure == "n_chars" else measure)
    return ax


#: the opening before a speech's first heading
OPENING_COLOR = "#bbbbbb"


def section_colors(n: int) -> list[str]:
    """``n`` distinct colours for the sections of a speech: the palette, then tab20, then a sampled
    colormap, so no two sections of one speech share a colour."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    if n <= len(PALETTE):
        return list(PALETTE[:n])
    if n <= 20:
        return [to_hex(c) for c in colormaps["tab20"].colors[:n]]
    return [to_hex(colormaps["turbo"](i / (n - 1))) for i in range(n)]


@shared
def plot_paragraph_lengths(paragraphs: pd.DataFrame, *, bins: int = 40, ax: Axes | None = None, font: str | None = None,
                           title: str | None = "段落长度分布") -> Axes:
    """Histogram of body paragraphs' 字 (headings left out), with the median marked.

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    bins : int, default 40
        Histogram bins.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    plot_section_lengths : Lengths of sections.

    Examples
    --------
    >>> ax = la.plot.plot_paragraph_lengths(paragraphs)
    >>> ax.get_title()
    ''
    """
    _need(paragraphs, ("n_chars", "is_heading"), "paragraphs")
    values = paragraphs.loc[~paragraphs["is_heading"], "n_chars"]
    ax, _, fp = prepare_axes(ax, font, (6, 3.5))
    ax.hist(values, bins=bins, color=PALETTE[0], alpha=0.85)
    if len(values):
        median = float(values.median())
        ax.axvline(median, color=PALETTE[1], linestyle="--", linewidth=1, label=f"中位数 {median:.0f} 字")
        # above the plotting area, beside the title: a legend inside it would sit on some bar
        ax.legend(prop=fp, frameon=False, loc="lower right", bbox_to_anchor=(1, 1), borderaxespad=0.2)
    _integer_ticks(ax.yaxis)
    _label(ax, fp, title, "每段字数", "段落数")
    return ax
