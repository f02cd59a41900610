"""Charts of a speech's structure: the length of each section, the distribution of paragraph lengths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.plot.style import PALETTE, _integer_ticks, _label, _need, prepare_axes
from lectureanalysis.structure.dates import cn_number_text
from lectureanalysis.text.collation import pinyin_sorted

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


#: the sections a profile shows one by one; later sections are pooled
PROFILE_SECTIONS = 8


@shared
def plot_section_shares(lengths: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "collection",
                        ax: Axes | None = None, font: str | None = None,
                        title: str | None = "各部分篇幅占比（按组平均）") -> Axes:
    """The outline of many speeches at a glance: for each group of speeches (``by``, a speech column), the mean
    share of a speech taken by its opening and by its first, second … top-level section (the sections after the
    eighth pooled), as one stacked bar per group labelled with its number of speeches. It reads at any corpus
    size, where :func:`plot_section_lengths` needs a row per speech.

    Parameters
    ----------
    lengths : DataFrame
        A table of :func:`lectureanalysis.section_lengths` (with ``share``).
    speeches : DataFrame
        The speeches table, with ``speech_id`` and ``by``.
    by : str, default 'collection'
        The speech column that groups the speeches (speeches with no value: （未知）).
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    plot_section_lengths : A bar per speech.

    Examples
    --------
    >>> ax = la.plot.plot_section_shares(la.section_lengths(report_paragraphs), reports, by="year")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['2014（1 篇）', '2024（1 篇）']
    """
    _need(lengths, ("speech_id", "section_id", "share"), "lengths")
    _need(speeches, ("speech_id", by), "speeches")
    from matplotlib.patches import Patch

    table = section_share_table(lengths, speeches, by=by)
    ax, _, fp = prepare_axes(ax, font, (8, max(2.5, 0.3 * len(table) + 1.5)))
    colors = [OPENING_COLOR, *section_colors(PROFILE_SECTIONS), "#dddddd"]
    left = pd.Series(0.0, index=table.index)
    for column, color in zip(table.columns[1:], colors, strict=True):
        ax.barh(range(len(table)), table[column], left=left, color=color, edgecolor="white", linewidth=0.5)
        left += table[column]
    ax.set_yticks(range(len(table)), labels=[f"{g}（{n:,} 篇）" for g, n in zip(table.index, table["speeches"],
                                                                                  strict=True)],
                  fontsize=9 if len(table) <= 30 else 7)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.grid(axis="y", visible=False)
    handles = [Patch(color=c, label=str(name)) for c, name in zip(colors, table.columns[1:], strict=True)]
    ax.legend(handles=handles, prop=fp, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    _label(ax, fp, title, "占全文字数的比例（各篇平均）")
    return ax


def section_share_table(lengths: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "collection") -> pd.DataFrame:
    """The table :func:`plot_section_shares` draws: a row per group (in pinyin order), ``speeches`` (how many), then the
    mean share of 开头, 第一部分 … 第八部分 and 其余部分 over the group's speeches (a speech without such a section
    counts 0), so a row sums to 1."""
    table = lengths[["speech_id", "section_id", "share"]].copy()
    opening = table["section_id"] == "0"
    position = (~opening).groupby(table["speech_id"], sort=False).cumsum()
    names = ["开头", *[f"第{cn_number_text(i)}部分" for i in range(1, PROFILE_SECTIONS + 1)], "其余部分"]
    table["part"] = pd.Categorical([names[0] if o else names[min(int(p), PROFILE_SECTIONS + 1)]
                                    for o, p in zip(opening, position, strict=True)], categories=names)
    per_speech = table.pivot_table(index="speech_id", columns="part", values="share", aggfunc="sum",
                                   fill_value=0.0, observed=False).reindex(columns=names, fill_value=0.0)
    groups = speeches.set_index("speech_id")[by].astype(object)
    groups = groups.where(groups.notna() & (groups.astype(str).str.strip() != ""), "（未知）").astype(str)
    per_speech = per_speech.join(groups.rename("_group"), how="left")
    out = per_speech.groupby("_group", sort=False)[names].mean()
    out.insert(0, "speeches", per_speech.groupby("_group", sort=False).size())
    out = out.reindex(pinyin_sorted(out.index))  # groups in pinyin order, as the page's tables sort them
    out.index.name = by
    return out
