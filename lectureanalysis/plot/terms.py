"""Charts of counted terms: top terms (one group, or small multiples), word clouds, keyness bars.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis._moved import renamed_arguments
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.plot.style import PALETTE, _integer_ticks, _label, _measure_label, _need, prepare_axes

if TYPE_CHECKING:  # the types a checker sees; matplotlib itself is imported when a chart is drawn
    from matplotlib.axes import Axes


@renamed_arguments(n="top")
@shared
def plot_top_terms(frequencies: pd.DataFrame, *, top: int = 20, group: object = None, measure: str = "frequency",
                   ax: Axes | None = None, font: str | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of the ``top`` most frequent features of :func:`term_frequencies` (one ``group``; the
    first when there are several — see :func:`plot_top_terms_by_group` for small multiples).

    Parameters
    ----------
    frequencies : DataFrame
        A table of :func:`lectureanalysis.term_frequencies`.
    top : int, default 20
        How many features.
    group : optional
        The group to draw (default: the first).
    measure : str, default 'frequency'
        The column the bars show (``per_10k_chars`` …).
    {{chart_options}}
    title : str, optional
        The title (default: 高频词 · the group).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    plot_top_terms_by_group : Small multiples.
    plot_wordcloud : The same counts as a cloud.

    Examples
    --------
    >>> ax = la.plot.plot_top_terms(la.term_frequencies(tokens), top=5)
    >>> ax.get_title(), len(ax.patches)
    ('', 5)
    """
    _need(frequencies, ("feature", measure, "group"), "frequencies")
    if group is None:
        group = frequencies["group"].iloc[0] if len(frequencies) else None
    rows = frequencies[frequencies["group"] == group].nlargest(top, measure).iloc[::-1]
    ax, _, fp = prepare_axes(ax, font, (6, max(3, 0.28 * len(rows) + 1)))
    ax.barh(rows["feature"].astype(str), rows[measure], color=PALETTE[0])
    ax.grid(axis="y", visible=False)
    if measure == "frequency":
        _integer_ticks(ax.xaxis)
    _label(ax, fp, title if title is not None else f"高频词 · {group}", _measure_label(measure))
    return ax


@renamed_arguments(n="top")
def plot_top_terms_by_group(frequencies: pd.DataFrame, *, top: int = 10, groups: Sequence[object] | None = None,
                            measure: str = "per_10k_chars", columns: int = 3, font: str | None = None) -> np.ndarray:
    """Small multiples: the ``top`` features of each group side by side; returns the array of Axes.

    Parameters
    ----------
    frequencies : DataFrame
        A table of :func:`lectureanalysis.term_frequencies` with ``by``.
    top : int, default 10
        Features per group.
    groups : list, optional
        The groups, in order (default: all).
    measure : str, default 'per_10k_chars'
        The column the bars show.
    columns : int, default 3
        Panels per row.
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).

    Returns
    -------
    numpy.ndarray of Axes
        One panel per group (spare panels hidden).

    See Also
    --------
    plot_top_terms : One group.

    Examples
    --------
    >>> axes = la.plot.plot_top_terms_by_group(la.term_frequencies(report_tokens, by="year"), top=5)
    >>> [axis.get_title() for axis in axes.flat if axis.get_visible()]
    ['', '']
    """
    import matplotlib.pyplot as plt

    _need(frequencies, ("feature", measure, "group"), "frequencies")
    groups = list(groups) if groups is not None else list(pd.unique(frequencies["group"]))
    rows = max(1, -(-len(groups) // columns))
    _, axes = plt.subplots(rows, columns, figsize=(4 * columns, 0.3 * top * rows + 1), layout="constrained",
                                squeeze=False)
    for axis, group in zip(axes.flat, groups, strict=False):
        plot_top_terms(frequencies, top=top, group=group, measure=measure, ax=axis, font=font, title=str(group))
    for axis in axes.flat[len(groups):]:
        axis.set_visible(False)
    return axes


@renamed_arguments(max_words="top")
@shared
def plot_wordcloud(frequencies: pd.DataFrame, *, group: object = None, top: int = 150, mask: np.ndarray | None = None,
                   colormap: str = "cividis", ax: Axes | None = None, font: str | None = None, seed: int = 0,
                   max_word_chars: int = 20, title: str | None = None) -> Axes:
    """A word cloud of the ``top`` features of one group, drawn with the resolved CJK font (deterministic for
    a ``seed``). ``mask``: an image array whose white parts stay empty, as wordcloud takes it. Words longer
    than ``max_word_chars`` (a run of letters, a URL) cannot be placed: they are left out with a warning.

    Parameters
    ----------
    frequencies : DataFrame
        A table of :func:`lectureanalysis.term_frequencies`.
    group : optional
        The group to draw (default: the first).
    top : int, default 150
        The most words drawn.
    mask : numpy.ndarray, optional
        An image array whose white parts stay empty.
    colormap : str, default 'cividis'
        A matplotlib colormap.
    {{chart_options}}
    seed : int, default 0
        The layout's random seed.
    max_word_chars : int, default 20
        Longer words are left out, with a warning.
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; ``ax.words_`` lists the words drawn.

    See Also
    --------
    plot_top_terms : The same counts as bars.

    Examples
    --------
    >>> ax = la.plot.plot_wordcloud(la.term_frequencies(tokens), top=30)
    >>> len(ax.words_) <= 30
    True
    """
    from wordcloud import WordCloud

    _need(frequencies, ("feature", "frequency", "group"), "frequencies")
    if group is None:
        group = frequencies["group"].iloc[0] if len(frequencies) else None
    rows = frequencies[frequencies["group"] == group]
    weights = dict(zip(rows["feature"].astype(str), rows["frequency"].astype(float), strict=True))
    long = [word for word in weights if len(word) > max_word_chars]
    if long:
        shown = ", ".join(w[:12] + "…" for w in long[:3])
        warnings.warn(f"word cloud: {len(long)} word(s) longer than {max_word_chars} characters left out ({shown})",
                      CorpusWarning, stacklevel=user_stacklevel())
        weights = {w: v for w, v in weights.items() if len(w) <= max_word_chars}
    if not weights:
        raise ValueError("frequencies: no feature to draw for this group")
    ax, resolved, fp = prepare_axes(ax, font, (8, 4.5))
    # the layout is searched on an 800×450 canvas and drawn at twice that size: a quarter of the work
    cloud = WordCloud(font_path=str(resolved.path), width=800, height=450, scale=2, background_color="white",
                      max_words=top, mask=mask, colormap=colormap, random_state=seed, prefer_horizontal=0.95)
    cloud.generate_from_frequencies(weights)
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.words_ = [word for (word, _), *_ in cloud.layout_]  # what was drawn, for checks and captions
    _label(ax, fp, title)
    return ax


@renamed_arguments(n="top")
@shared
def plot_keyness(keyness: pd.DataFrame, *, top: int = 15, alpha: float = 0.05, ax: Axes | None = None, font: str | None = None,
                 target_label: str = "目标", reference_label: str = "参照", title: str | None = "关键词（G²）") -> Axes:
    """Two-sided bars of :func:`lectureanalysis.keyness`: the ``top`` most over-used features (signed G² > 0)
    and the ``top`` most under-used, **only those significant** at Benjamini–Hochberg adjusted p < ``alpha``.
    The axis label says how many are significant on each side and how many are drawn; with none significant
    the panel says so instead of drawing bars a reader would take for findings.

    Parameters
    ----------
    keyness : DataFrame
        A table of :func:`lectureanalysis.keyness`.
    top : int, default 15
        Features drawn on each side.
    alpha : float, default 0.05
        The adjusted p below which a feature is drawn.
    {{chart_options}}
    target_label : str, default '目标'
        The target's name on the axis.
    reference_label : str, default '参照'
        The reference's name.
    title : str or None
        The chart's title (``None``: no title).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    See Also
    --------
    lectureanalysis.keyness : The table.

    Examples
    --------
    >>> ax = la.plot.plot_keyness(la.keyness(report_tokens, target=2024, by="year"), top=5)
    >>> len(ax.patches) <= 10
    True
    """
    _need(keyness, ("feature", "g2", "p_adj"), "keyness")
    significant = keyness[keyness["p_adj"] < alpha]
    over, under = significant[significant["g2"] > 0], significant[significant["g2"] < 0]
    most, least = over.nlargest(top, "g2"), under.nsmallest(top, "g2")
    rows = pd.concat([least.iloc[::-1], most.iloc[::-1]]).iloc[::-1]
    ax, _, fp = prepare_axes(ax, font, (7, max(3, 0.25 * len(rows) + 1.4)))
    if len(rows):
        colors = [PALETTE[0] if g > 0 else PALETTE[1] for g in rows["g2"]]
        ax.barh(rows["feature"].astype(str)[::-1], rows["g2"][::-1], color=colors[::-1])
        ax.axvline(0, color="#333333", linewidth=0.8)
    else:
        ax.text(0.5, 0.5, f"没有显著的关键词（BH 校正 p < {alpha:g}，共检验 {len(keyness):,} 个词）", ha="center",
                va="center", transform=ax.transAxes, fontproperties=fp, fontsize=11, color="#555555")
        ax.set_xticks([])
        ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    shown = f"（图示前 {len(most)} + {len(least)} 个）" if len(over) > len(most) or len(under) > len(least) else ""
    _label(ax, fp, title, f"← {reference_label}更多  ·  G²  ·  {target_label}更多 →\n"
                          f"显著（BH 校正 p < {alpha:g}）：{target_label}多用 {len(over)} 个，{reference_label}多用 "
                          f"{len(under)} 个，共检验 {len(keyness):,} 个{shown}")
    return ax
