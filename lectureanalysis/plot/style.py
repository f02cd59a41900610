"""The look every chart shares — palette, grid, the CJK font on every text — and the helpers the charts use:
periods on a time axis, gaps at years without a speech, labels for speeches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis.plot.fonts import Font, resolve_font
from lectureanalysis.tokens import linking

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.font_manager import FontProperties

#: one consistent, publication-grade look: a muted palette, light grid, no top/right spines
#: (Okabe & Ito's colours, which readers with any common colour-vision deficiency tell apart; yellow, too pale on white,
#: gives way to a grey)
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999")


STYLE = {
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "axes.titlesize": 12, "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "axes.unicode_minus": False, "svg.fonttype": "none", "pdf.fonttype": 42, "figure.dpi": 100,
    "savefig.dpi": 300,
}


def prepare_axes(ax: Axes | None, font: str | None, size: tuple[float, float]) -> tuple[Axes, Font, FontProperties]:
    import matplotlib
    import matplotlib.pyplot as plt
    from cycler import cycler
    from matplotlib.font_manager import FontProperties

    resolved = resolve_font(font)
    style = dict(STYLE, **{"axes.prop_cycle": cycler(color=PALETTE), "font.family": [resolved.family, "DejaVu Sans"]})
    with plt.rc_context(style):
        if ax is None:
            _, ax = plt.subplots(figsize=size, layout="constrained")
        # Jupyter's inline backend switches interactive mode on when it loads, which may be here, with the
        # first figure: the context's end would switch it off again and later charts would never be shown
        interactive = matplotlib.is_interactive()
        ax.grid(True, alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    matplotlib.interactive(interactive)
    ax.tick_params(labelfontfamily=resolved.family)
    ax.set_prop_cycle(color=PALETTE)
    return ax, resolved, FontProperties(fname=str(resolved.path))


def _panels(font: str | None, size: tuple[float, float], rows: int, columns: int, **shared: bool) -> tuple[list[Axes], FontProperties]:
    """A figure of ``rows`` × ``columns`` panels in the package's style and font, as a flat list of Axes,
    and the font's properties."""
    first, _, fp = prepare_axes(None, font, size)
    figure = first.figure
    figure.clear()
    axes = list(figure.subplots(rows, columns, squeeze=False, **shared).ravel())
    for ax in axes:
        prepare_axes(ax, font, size)
    return axes, fp


def _label(ax: Axes, fp: FontProperties, title: str | None, xlabel: str | None = None, ylabel: str | None = None) -> None:
    if title:
        ax.set_title(title, fontproperties=fp, fontsize=12, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontproperties=fp)
    if ylabel:
        ax.set_ylabel(ylabel, fontproperties=fp)


def _integer_ticks(axis: Axis) -> None:
    """Counts have whole-number ticks (no 2.5 paragraphs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def date_order(speeches: pd.DataFrame) -> pd.DataFrame:
    """Speeches by date (then year, then id); those with neither last."""
    frame = speeches.copy()
    when = pd.to_datetime(frame["date"], errors="coerce") if "date" in frame.columns else pd.Series(pd.NaT, index=frame.index)
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"], errors="coerce")
        when = when.fillna(pd.to_datetime(years.astype("Int64").astype(str), format="%Y", errors="coerce"))
    frame["_when"] = when
    return frame.sort_values(["_when", "speech_id"], na_position="last", kind="stable").drop(columns="_when")


def _row_labels(speeches: pd.DataFrame) -> list[str]:
    """A speech's row label: its year and id when they differ (2019 for 2019.txt), its id alone otherwise."""
    years = pd.to_numeric(speeches["year"], errors="coerce") if "year" in speeches.columns else \
        pd.Series(np.nan, index=speeches.index)
    labels = []
    for name, year in zip(speeches["speech_id"].astype(str), years, strict=True):
        shown = name if len(name) <= 14 else name[:13] + "…"
        if not pd.isna(year) and str(int(year)) != name:
            shown = f"{int(year)} {shown}"
        labels.append(shown)
    return labels


def _speech_labels(tokens: pd.DataFrame, speech_ids: pd.Index) -> list[str]:
    """A speech's label on a shared axis: its year when every speech has a distinct one, else its id."""
    if linking.has_column(tokens, "year"):
        year = linking.values(tokens, "year")
        years = year.groupby(tokens["speech_id"], observed=True, sort=False).first().reindex(speech_ids)
        if years.notna().all() and years.is_unique:
            return [y if isinstance(y, str) else str(int(y)) for y in years]
    return [str(s) for s in speech_ids]


def on_time_axis(series: pd.Series) -> tuple[pd.Series, list[object]]:
    """Periods that are mostly years written as text (a column with a （未知） label becomes text): the years
    as numbers, and the other periods left out (returned, for the axis label)."""
    index = pd.Index(series.index)
    if _are_years(index) or pd.api.types.is_numeric_dtype(index.dtype):
        return series, []
    numbers = pd.to_numeric(pd.Series(index.astype(str)), errors="coerce")
    years = numbers.notna() & (numbers % 1 == 0) & numbers.between(1800, 2200)
    if years.sum() < 2 or years.sum() < 0.5 * len(index):
        return series, []
    kept = series[years.to_numpy()]
    kept.index = numbers[years].astype(int).to_numpy()
    return kept, list(index[~years.to_numpy()])


def left_out_note(left_out: list[object]) -> str | None:
    """What a time axis leaves out, in plain words: 无年份的讲话未画出 for （未知）, the periods named otherwise."""
    if not left_out:
        return None
    named = [str(p) for p in left_out if str(p) not in ("（未知）", "")]
    parts = (["无年份的文本未画出"] if len(named) < len(left_out) else []) + \
        ([f"不是年份的时期未画出：{'、'.join(named)}"] if named else [])
    return "；".join(parts)




def with_gaps(series: pd.Series) -> pd.Series:
    """A series over years with the missing years added as NaN, so a line breaks where no speech is."""
    index = pd.Index(series.index)
    if len(index) < 2 or not _are_years(index):
        return series
    return series.reindex(np.arange(int(index.min()), int(index.max()) + 1))


def _are_years(values: pd.Index | pd.Series) -> bool:
    """Whole numbers between 1800 and 2200: periods on a time axis (speech numbers, codes are not)."""
    if not pd.api.types.is_integer_dtype(values.dtype) or values.isna().any():
        return False
    return bool(((values >= 1800) & (values <= 2200)).all())


def year_ticks(ax: Axes, periods: pd.Series, *, most: int | None = None) -> None:
    """Whole-year ticks on an axis of years (never 2021.25), also when the years came as floats; ``most``: at most
    this many (a narrow panel)."""
    from matplotlib.ticker import MaxNLocator

    values = pd.to_numeric(pd.Series(periods), errors="coerce").dropna()
    if len(values) and bool((values % 1 == 0).all()) and bool(values.between(1800, 2200).all()):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, **({"nbins": most} if most else {})))  # type: ignore[attr-defined]


def _measure_label(measure: str) -> str:
    return {"frequency": "频次", "per_10k_chars": "每万字", "per_million_tokens": "每百万词"}.get(measure, measure)


def _need(table: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name}: expected a DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
