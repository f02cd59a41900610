"""Charts for the tables the package makes. Each ``plot_*(table, *, ax=None, ...)`` draws on ``ax`` (a new
figure when ``None``) and returns the Axes; nothing is shown or saved here (the report saves).

Chinese renders without setup: every text gets the font :func:`lectureanalysis.fonts.resolve_font` finds
(pass ``font=`` to choose another), tick labels included, so no glyph is ever missing.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis._moved import renamed_arguments
from lectureanalysis.errors import CorpusWarning, TermWarning
from lectureanalysis.plot.fonts import Font, resolve_font
from lectureanalysis.structure.dates import cn_number_text
from lectureanalysis.tokens import linking

#: one consistent, publication-grade look: a muted palette, light grid, no top/right spines
PALETTE = ("#1f4e79", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd", "#5f6b6d", "#d35400", "#117a8b")
STYLE = {
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "axes.titlesize": 12, "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "axes.unicode_minus": False, "svg.fonttype": "none", "pdf.fonttype": 42, "figure.dpi": 100,
    "savefig.dpi": 300,
}


def prepare_axes(ax: object, font: str | None, size: tuple[float, float]) -> tuple[object, Font, object]:
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


def _panels(font: str | None, size: tuple[float, float], rows: int, columns: int, **shared: bool) -> tuple[list, object]:
    """A figure of ``rows`` × ``columns`` panels in the package's style and font, as a flat list of Axes,
    and the font's properties."""
    first, _, fp = prepare_axes(None, font, size)
    figure = first.figure
    figure.clear()
    axes = list(figure.subplots(rows, columns, squeeze=False, **shared).ravel())
    for ax in axes:
        prepare_axes(ax, font, size)
    return axes, fp


def _label(ax: object, fp: object, title: str | None, xlabel: str | None = None, ylabel: str | None = None) -> None:
    if title:
        ax.set_title(title, fontproperties=fp, fontsize=12, loc="left")
    if xlabel:
        ax.set_xlabel(xlabel, fontproperties=fp)
    if ylabel:
        ax.set_ylabel(ylabel, fontproperties=fp)


@renamed_arguments(n="top")
def plot_top_terms(frequencies: pd.DataFrame, *, top: int = 20, group: object = None, measure: str = "frequency",
                   ax: object = None, font: str | None = None, title: str | None = None) -> object:
    """Horizontal bars of the ``top`` most frequent features of :func:`term_frequencies` (one ``group``; the
    first when there are several — see :func:`plot_top_terms_by_group` for small multiples)."""
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
    """Small multiples: the ``top`` features of each group side by side; returns the array of Axes."""
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
def plot_wordcloud(frequencies: pd.DataFrame, *, group: object = None, top: int = 150, mask: np.ndarray | None = None,
                   colormap: str = "cividis", ax: object = None, font: str | None = None, seed: int = 0,
                   max_word_chars: int = 20, title: str | None = None) -> object:
    """A word cloud of the ``top`` features of one group, drawn with the resolved CJK font (deterministic for
    a ``seed``). ``mask``: an image array whose white parts stay empty, as wordcloud takes it. Words longer
    than ``max_word_chars`` (a run of letters, a URL) cannot be placed: they are left out with a warning."""
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
                      CorpusWarning, stacklevel=2)
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


def plot_section_lengths(lengths: pd.DataFrame, *, ax: object = None, font: str | None = None, measure: str = "n_chars",
                         title: str | None = "各部分篇幅（字）") -> object:
    """Stacked horizontal bars per speech: 字 of each level-1 section, in the speech's order (the output of
    :func:`section_lengths`; the opening before the first heading is the first, grey segment)."""
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


def _integer_ticks(axis: object) -> None:
    """Counts have whole-number ticks (no 2.5 paragraphs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def plot_paragraph_lengths(paragraphs: pd.DataFrame, *, bins: int = 40, ax: object = None, font: str | None = None,
                           title: str | None = "段落长度分布") -> object:
    """Histogram of body paragraphs' 字 (headings left out), with the median marked."""
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


def plot_trends(trend: pd.DataFrame, *, ax: object = None, font: str | None = None,
                title: str | None = "词语使用趋势（每万字）") -> object:
    """Lines of each term's rate per 万字 over the periods of :func:`trend`. Periods that are years are
    placed on a time axis and the line breaks at years without a speech (1964 → 1975 is not joined)."""
    _need(trend, ("feature", "group", "per_10k_chars"), "trend")
    ax, _, fp = prepare_axes(ax, font, (8, 4))
    left_out: list[object] = []
    for term, rows in trend.groupby("feature", sort=False):
        series, left_out = on_time_axis(rows.set_index("group")["per_10k_chars"])
        series = with_gaps(series)
        ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.5, label=str(term))
    ax.legend(prop=fp, frameon=False)
    _year_ticks(ax, pd.Series(series.index) if len(trend) else trend["group"])
    _label(ax, fp, title, _left_out_label(left_out), "每万字")
    return ax


@renamed_arguments(n="top")
def plot_keyness(keyness: pd.DataFrame, *, top: int = 15, alpha: float = 0.05, ax: object = None, font: str | None = None,
                 target_label: str = "目标", reference_label: str = "参照", title: str | None = "关键词（G²）") -> object:
    """Two-sided bars of :func:`lectureanalysis.keyness`: the ``top`` most over-used features (signed G² > 0)
    and the ``top`` most under-used, **only those significant** at Benjamini–Hochberg adjusted p < ``alpha``.
    The axis label says how many are significant on each side and how many are drawn; with none significant
    the panel says so instead of drawing bars a reader would take for findings."""
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


def plot_dispersion(tokens: pd.DataFrame, terms: Sequence[str], *, ax: object = None, font: str | None = None,
                    max_labels: int = 40, title: str | None = "词语分布（X 光图）", match: str = "text") -> object:
    """X-ray plot: one row per term, a tick at each occurrence along the corpus (token position), with faint
    lines between speeches and each speech labelled below its stretch (its year when the years are
    distinct, else its id; at most ``max_labels`` labels, evenly thinned). Occurrences as
    :func:`lectureanalysis.dispersion` counts them (``match="text"``: where the text says the term, also
    inside longer tokens; ``"token"``: the term's tokens)."""
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
                     font: str | None = None, title: str | None = "索引图（每篇讲话中出现的位置）") -> object:
    """AntConc's concordance plot: one row per speech, in date order (speeches without a date last), a bar
    spanning its text from start to end, a tick at each hit (``position`` of :func:`kwic`), and the number
    of hits at the right; one panel per term. ``hits``: :func:`kwic` rows with a ``term`` column (the rows
    of several terms stacked). Returns the first panel's Axes."""

    _need(hits, ("speech_id", "position", "term"), "hits")
    _need(speeches, ("speech_id",), "speeches")
    terms = list(dict.fromkeys(hits["term"])) if terms is None else list(terms)
    if not terms:
        raise ValueError("terms: no term to plot")
    order = _date_order(speeches)
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


def plot_lexical_profile(profile: pd.DataFrame, speeches: pd.DataFrame, *, font: str | None = None,
                         title: str | None = "词汇密度与句长") -> object:
    """Two panels over the speeches in date order: MATTR (top) and mean sentence length in 字 (bottom), one
    point per speech, coloured by ``collection`` when there are several; the x axis is the year when every
    plotted speech has one (speeches without a year are then left out, and counted in the legend), else
    the speeches' date order. ``profile``: :func:`lexical_profile`. Returns the top Axes."""
    _need(profile, ("speech_id", "mattr", "mean_sentence_chars"), "profile")
    ordered = _date_order(speeches)[["speech_id", *[c for c in ("year", "collection") if c in speeches.columns]]]
    frame = ordered.merge(profile, on="speech_id", how="inner", validate="one_to_one")
    years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame.columns else pd.Series(np.nan, index=frame.index)
    by_year = years.notna().sum() >= 2
    left_out = int(years.isna().sum()) if by_year else 0
    frame = frame.assign(x=years if by_year else np.arange(len(frame)))
    if by_year:
        frame = frame[years.notna()]
    axes, fp = _panels(font, (8, 5), 2, 1, sharex=True)
    groups = frame.groupby("collection", sort=True) if "collection" in frame.columns and frame["collection"].nunique() > 1 \
        else [("", frame)]
    for ax, column, label in zip(axes, ("mattr", "mean_sentence_chars"), ("MATTR", "平均句长（字）"), strict=True):
        for index, (name, rows) in enumerate(groups):
            ax.plot(rows["x"], rows[column], marker="o", markersize=3, linewidth=0.8 if by_year else 0,
                    color=PALETTE[index % len(PALETTE)], label=str(name) if name else None)
        _label(ax, fp, None, None, label)
    if len(groups) > 1:
        axes[0].legend(prop=fp, frameon=False, fontsize=8)
    if by_year:
        _year_ticks(axes[1], frame["x"])
        _label(axes[1], fp, None, "年份" + (f"（{left_out} 篇无年份，未画出）" if left_out else ""))
    else:
        _label(axes[1], fp, None, "讲话（按日期顺序）")
    if title:
        axes[0].set_title(title, fontproperties=fp, fontsize=12, loc="left")
    return axes[0]


def _date_order(speeches: pd.DataFrame) -> pd.DataFrame:
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


def plot_formulations(formulations: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "year", top: int = 8,
                      ax: object = None, font: str | None = None, title: str | None = "数字化提法的使用") -> object:
    """The ``top`` most used formulations (提法), occurrences per 万字 of each period's text (``by``, a
    speech column; the speeches' ``n_chars`` give the 字), over every period of the corpus — zeros where a
    formulation is absent, breaks at years without a speech."""
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
    rates = counts.div(chars.replace(0, np.nan), axis=0) * 10_000
    ax, _, fp = prepare_axes(ax, font, (9, 4))
    left_out: list[object] = []
    for formulation in chosen:
        series, left_out = on_time_axis(rates[formulation])
        series = with_gaps(series)
        ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.3, label=formulation)
    ax.legend(prop=fp, frameon=False, ncol=2)
    _year_ticks(ax, pd.Series(on_time_axis(pd.Series(0, index=chars.index))[0].index))
    _label(ax, fp, title, _left_out_label(left_out), "每万字")
    return ax


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


def _left_out_label(left_out: list[object]) -> str | None:
    return f"（不在时间轴上：{'、'.join(map(str, left_out))}）" if left_out else None


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


def _year_ticks(ax: object, periods: pd.Series) -> None:
    if _are_years(pd.Series(periods)):
        _integer_ticks(ax.xaxis)  # type: ignore[attr-defined]


def _measure_label(measure: str) -> str:
    return {"frequency": "频次", "per_10k_chars": "每万字", "per_million_tokens": "每百万词"}.get(measure, measure)


def _need(table: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name}: expected a DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
