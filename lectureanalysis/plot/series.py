"""Charts over time: term trends, the lexical profile, the use of formulations (提法).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.plot.style import (
    PALETTE,
    _label,
    _need,
    _panels,
    date_order,
    left_out_note,
    on_time_axis,
    prepare_axes,
    with_gaps,
    year_ticks,
)
from lectureanalysis.text.collation import pinyin_key

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes


@shared
def plot_trends(trend: pd.DataFrame, *, ax: Axes | None = None, font: str | None = None,
                title: str | None = "词语使用趋势（每万字）") -> Axes:
    """Lines of each term's rate per 万字 over the periods of :func:`trend`. Periods that are years are
    placed on a time axis and the line breaks at years without a speech (1964 → 1975 is not joined).

    Parameters
    ----------
    trend : DataFrame
        A table of :func:`lectureanalysis.trend`.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.trend : The table.

    Examples
    --------
    >>> ax = la.plot.plot_trends(la.trend(report_tokens, ["改革", "创新"]))
    >>> sorted(line.get_label() for line in ax.get_lines())
    ['创新', '改革']
    """
    _need(trend, ("feature", "group", "per_10k_chars"), "trend")
    ax, _, fp = prepare_axes(ax, font, (8, 4))
    left_out: list[object] = []
    for term, rows in trend.groupby("feature", sort=False):
        series, left_out = on_time_axis(rows.set_index("group")["per_10k_chars"])
        series = with_gaps(series)
        ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.5, label=str(term))
    ax.legend(prop=fp, frameon=False)
    year_ticks(ax, pd.Series(series.index) if len(trend) else trend["group"])
    _label(ax, fp, title, left_out_note(left_out), "每万字")
    return ax


def plot_lexical_profile(profile: pd.DataFrame, speeches: pd.DataFrame, *, font: str | None = None,
                         title: str | None = "词汇密度与句长") -> Axes:
    """Two panels over the speeches in date order: MATTR (top) and mean sentence length in 字 (bottom), one
    point per speech, coloured by ``collection`` when there are several; the x axis is the year when every
    plotted speech has one (speeches without a year are then left out, and counted in the legend), else
    the speeches' date order. ``profile``: :func:`lexical_profile`. Returns the top Axes.

    Parameters
    ----------
    profile : DataFrame
        A table of :func:`lectureanalysis.lexical_profile`.
    speeches : DataFrame
        The speeches table of :func:`load` or :func:`load_speeches`.
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The top (MATTR) panel's Axes.

    See Also
    --------
    lectureanalysis.lexical_profile : The table.

    Examples
    --------
    >>> ax = la.plot.plot_lexical_profile(la.lexical_profile(report_tokens, report_paragraphs), reports)
    >>> ax.get_ylabel()
    'MATTR'
    """
    _need(profile, ("speech_id", "mattr", "mean_sentence_chars"), "profile")
    ordered = date_order(speeches)[["speech_id", *[c for c in ("year", "collection", "level") if c in speeches.columns]]]
    frame = ordered.merge(profile, on="speech_id", how="inner", validate="one_to_one")
    years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame.columns else pd.Series(np.nan, index=frame.index)
    by_year = years.notna().sum() >= 2
    left_out = int(years.isna().sum()) if by_year else 0
    frame = frame.assign(x=years if by_year else np.arange(len(frame)))
    if by_year:
        frame = frame[years.notna()]
    axes, fp = _panels(font, (8, 5), 2, 1, sharex=True)
    # coloured by collection while the colours can be told apart; by level of government beyond (lawtext-gov's 32
    # collections made a legend over the whole chart), else one colour
    column = next((c for c in ("collection", "level") if c in frame.columns
                   and 1 < frame[c].nunique() <= len(PALETTE)), None)
    groups = list(frame.groupby(column, sort=False)) if column else [("", frame)]
    groups = sorted(groups, key=lambda group: pinyin_key(group[0])) if column else groups
    many = len(frame) > 200  # hundreds of speeches: points, no lines across the groups' interleaved years
    for ax, column, label in zip(axes, ("mattr", "mean_sentence_chars"), ("MATTR", "平均句长（字）"), strict=True):
        for index, (name, rows) in enumerate(groups):
            ax.plot(rows["x"], rows[column], marker="o", markersize=2 if many else 3,
                    linewidth=0 if many or not by_year else 0.8, alpha=0.6 if many else 1,
                    color=PALETTE[index % len(PALETTE)], label=str(name) if name else None)
        _label(ax, fp, None, None, label)
    if len(groups) > 1:
        axes[0].legend(prop=fp, frameon=False, fontsize=8)
    if by_year:
        year_ticks(axes[1], frame["x"], most=10)
        _label(axes[1], fp, None, "年份" + (f"（{left_out} 篇无年份，未画出）" if left_out else ""))
    else:
        _label(axes[1], fp, None, "讲话（按日期顺序）")
    if title:
        axes[0].set_title(title, fontproperties=fp, fontsize=12, loc="left")
    return axes[0]


@shared
def plot_formulations(formulations: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "year", top: int = 8,
                      ax: Axes | None = None, font: str | None = None, title: str | None = "数字化提法的使用") -> Axes:
    """The ``top`` most used formulations (提法), occurrences per 万字 of each period's text (``by``, a
    speech column; the speeches' ``n_chars`` give the 字), over every period of the corpus — zeros where a
    formulation is absent, breaks at years without a speech.

    Parameters
    ----------
    formulations : DataFrame
        A table of :func:`lectureanalysis.formulations`.
    speeches : DataFrame
        The speeches table of :func:`load` or :func:`load_speeches`.
    by : str, default 'year'
        The period column of the speeches.
    top : int, default 8
        How many formulations.
    {{chart_options}}
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.formulations : The table.

    Examples
    --------
    >>> ax = la.plot.plot_formulations(la.formulations(report_paragraphs), reports, top=3)
    >>> len(ax.get_lines()) <= 3
    True
    """
    long = formulation_rates(formulations, speeches, by=by, top=top)  # checks the tables and leaves designations out
    chosen = list(dict.fromkeys(long["feature"]))
    rates = long.pivot(index="group", columns="feature", values="per_10k_chars").reindex(columns=chosen)
    chars = long.drop_duplicates("group").set_index("group")["n_chars"]
    ax, _, fp = prepare_axes(ax, font, (9, 4))
    left_out: list[object] = []
    for formulation in chosen:
        series, left_out = on_time_axis(rates[formulation])
        series = with_gaps(series)
        ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.3, label=formulation)
    ax.legend(prop=fp, frameon=False, ncol=2)
    year_ticks(ax, pd.Series(on_time_axis(pd.Series(0, index=chars.index))[0].index))
    _label(ax, fp, title, left_out_note(left_out), "每万字")
    return ax


def formulation_rates(formulations: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "year",
                      top: int = 8) -> pd.DataFrame:
    """The ``top`` most used formulations (提法; designations such as 十九大 left out) per period: a long table
    ``feature, group, frequency, n_chars, per_10k_chars`` (``feature`` the formulation, ``group`` the period of
    ``by``, ``n_chars`` the period's 字), every period of the corpus for every formulation (zeros included), the
    most used formulation first — what :func:`plot_formulations` and the report's small multiples draw."""
    _need(formulations, ("speech_id", "formulation"), "formulations")
    if "kind" in formulations.columns:  # congresses (十九大) and plans (十四五) are designations, not 提法
        formulations = formulations[formulations["kind"] == "提法"]
    _need(speeches, ("speech_id", "n_chars"), "speeches")
    if by not in speeches.columns:
        raise ValueError(f"by: {by!r} is not a column of the speeches table")
    periods = speeches[["speech_id", by]] if by != "speech_id" else speeches[["speech_id"]].assign(_period=speeches["speech_id"])
    period = by if by != "speech_id" else "_period"
    chars = speeches.assign(**{period: periods[period]}).groupby(period, sort=True)["n_chars"].sum()
    merged = formulations.merge(periods, on="speech_id", how="left")
    chosen = merged["formulation"].value_counts().head(top).index
    counts = merged[merged["formulation"].isin(chosen)].groupby([period, "formulation"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=chars.index, columns=chosen, fill_value=0)
    long = pd.Series(counts.stack(), name="frequency").reset_index().rename(
        columns={period: "group", "formulation": "feature"})
    long["feature"] = pd.Categorical(long["feature"], categories=list(chosen))
    long = long.sort_values(["feature", "group"], kind="stable").reset_index(drop=True)
    long["feature"] = long["feature"].astype(object)
    long["n_chars"] = long["group"].map(chars).to_numpy(dtype=np.int64)
    long["per_10k_chars"] = long["frequency"] / long["n_chars"].replace(0, np.nan) * 10_000
    return long[["feature", "group", "frequency", "n_chars", "per_10k_chars"]]
