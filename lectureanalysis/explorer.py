"""Interactive exploration in plain JupyterLab: ``la.explore(paragraphs)`` returns a widget with three views.

- **Concordance**: a search box (a word or phrase, or a regular expression) → KWIC lines sortable by their
  right or left context; choosing a line shows its paragraph in context (the paragraphs around it) with its
  speech and section path.
- **Term**: a term's rate per 万字 by a chosen column (year, collection, speaker …) as a chart that follows the
  term and the column, and its collocates (logDice, from the token table).
- **Outline**: one speech's sections with their share of its 字; choosing a section shows its text.

Only ipywidgets (extra ``explore``) is needed: its JupyterLab extension comes with it, no server extension.
Everything a search needs is prepared once (the paragraphs' texts, their Simplified forms, the speech
offsets), so a search over the bundled corpus answers in a few hundredths of a second. Every view is plain
Python state (``Explorer.search.value = "改革"`` then ``Explorer.rows``), so it is tested without a browser.
"""

from __future__ import annotations

import html
import io

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.collocation import collocations
from lectureanalysis.analysis.concordance import kwic
from lectureanalysis.text.collation import pinyin_sorted

#: KWIC lines listed at most (the count says how many there are)
MAX_LINES = 500
#: characters of context on each side of a KWIC line
CONTEXT = 24


def _widgets():  # imported on use: the base install does not need ipywidgets
    try:
        import ipywidgets
    except ImportError:
        raise ImportError("la.explore needs ipywidgets: pip install 'lectureanalysis[explore]'") from None
    return ipywidgets


def explore(paragraphs: pd.DataFrame, tokens: pd.DataFrame | None = None, *,
            speeches: pd.DataFrame | None = None) -> Explorer:
    """The exploration widget for a paragraph table (``la.load``'s second table). ``tokens``: the token
    table for collocates (``la.segment(paragraphs)``; segmented here when not given). ``speeches``: adds
    the speech columns (collection, speaker, metadata) to the columns a term can be counted by.

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    tokens : DataFrame, optional
        The token table for collocates (segmented here when not given).
    speeches : DataFrame, optional
        Adds the speech columns to those a term can be counted by.

    Returns
    -------
    Explorer
        The widget (display it in a notebook cell); ``explorer.search.value`` sets the concordance's term,
        ``explorer.term.value`` the term counted by a column.

    See Also
    --------
    kwic : The concordance it shows.
    collocations : Its collocates.

    Examples
    --------
    >>> explorer = la.explore(paragraphs, tokens, speeches=speeches)
    >>> explorer.search.value = "党支部"
    >>> len(explorer.rows), explorer.rate_by("党支部", "speech_id")["frequency"].tolist()
    (3, [3])
    """
    return Explorer(paragraphs, tokens, speeches=speeches)


class Explorer:
    """The widget ``explore`` returns: display it in a notebook; its parts are attributes (see the module)."""

    def __init__(self, paragraphs: pd.DataFrame, tokens: pd.DataFrame | None = None, *,
                 speeches: pd.DataFrame | None = None) -> None:
        widgets = _widgets()
        schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text", "n_chars", "is_heading", "section_path"))
        frame = paragraphs.reset_index(drop=True)
        if speeches is not None:
            extra = [c for c in speeches.columns if c not in frame.columns and speeches[c].map(_groupable).all()]
            frame = frame.merge(speeches[["speech_id", *extra]], on="speech_id", how="left", validate="many_to_one")
        self.paragraphs = frame
        if tokens is None:
            from lectureanalysis.tokens.segmentation import segment

            tokens = segment(frame, progress=False)
        self.tokens = tokens
        self._chars = frame.groupby("speech_id", sort=False)["n_chars"].sum()
        self.rows = pd.DataFrame()  # the KWIC lines shown

        # -- concordance
        self.search = widgets.Text(placeholder="词语、短语或正则表达式", description="检索", continuous_update=False)
        self.regex = widgets.Checkbox(value=False, description="正则表达式", indent=False)
        self.sort = widgets.Dropdown(options=[("右文排序", "right"), ("左文排序", "left"), ("原文顺序", None)],
                                     value="right", description="排序")
        self.count = widgets.HTML()
        self.lines = widgets.Select(options=[], rows=14, layout=widgets.Layout(width="100%"))
        self.lines.add_class("la-kwic")  # lines in a fixed-width font, so the matches stand in one column
        self.context = widgets.HTML()
        for control in (self.search, self.regex, self.sort):
            control.observe(lambda _: self._search(), names="value")
        self.lines.observe(lambda _: self._show_line(), names="index")
        style = widgets.HTML(_style(frame))
        concordance = widgets.VBox([style, widgets.HBox([self.search, self.regex, self.sort]), self.count, self.lines,
                                    self.context])

        # -- term
        # what a term is counted by: the speech columns a reader groups by, and the user's own metadata
        columns = grouping_columns(frame)
        self.term = widgets.Text(placeholder="词语", description="词语", continuous_update=False)
        self.by = widgets.Dropdown(options=[(_GROUPS.get(c, c), c) for c in columns], value=columns[0], description="按")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px"))
        self.term_table = pd.DataFrame()
        self.collocates = widgets.HTML()
        self.collocate_table = pd.DataFrame()
        for control in (self.term, self.by):
            control.observe(lambda _: self._show_term(), names="value")
        term_view = widgets.VBox([widgets.HBox([self.term, self.by]), self.chart, self.collocates])

        # -- outline
        ids = list(pd.unique(frame["speech_id"]))
        titles = frame.groupby("speech_id", sort=False)["title"].first() if "title" in frame.columns else pd.Series(dtype=str)
        self.speech = widgets.Dropdown(options=[(f"{sid} · {titles.get(sid, '')}".strip(" ·"), sid) for sid in ids],
                                       description="讲话", layout=widgets.Layout(width="60%"))
        self.sections = widgets.Select(options=[], rows=12, layout=widgets.Layout(width="100%"))
        self.section_text = widgets.HTML()
        self.speech.observe(lambda _: self._show_outline(), names="value")
        self.sections.observe(lambda _: self._show_section(), names="index")
        outline = widgets.VBox([self.speech, self.sections, self.section_text])

        self.widget = widgets.Tab(children=[concordance, term_view, outline])
        self.widget.add_class("la-explorer")
        for index, title in enumerate(("索引 Concordance", "词语 Term", "提纲 Outline")):
            self.widget.set_title(index, title)
        self._show_outline()

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- concordance ---------------------------------------------------------------------------------

    def _search(self) -> None:
        pattern = self.search.value.strip()
        self.context.value = ""
        if not pattern:
            self.rows = pd.DataFrame()
            self.lines.options, self.count.value = [], ""
            return
        try:
            rows = kwic(self.paragraphs, pattern, regex=self.regex.value, window=CONTEXT, sort=self.sort.value)
        except ValueError as exc:
            self.rows = pd.DataFrame()
            self.lines.options = []
            self.count.value = f'<span style="color:#a33">{html.escape(str(exc))}</span>'
            return
        self.rows = rows.head(MAX_LINES).reset_index(drop=True)
        if not len(rows):
            self.lines.options = []
            self.count.value = f"没有找到“{html.escape(pattern)}”：语料中没有这个{'模式' if self.regex.value else '词语'}（检索按字符进行，繁体文本按简体检索）。"
            return
        shown = f"，显示前 {MAX_LINES:,} 条" if len(rows) > MAX_LINES else ""
        speeches = rows["speech_id"].nunique()
        self.count.value = f"<b>{len(rows):,}</b> 条（{speeches:,} 篇讲话）{shown}"
        self.lines.options = [(_line_label(r), i) for i, r in enumerate(self.rows.itertuples())]

    def _show_line(self) -> None:
        index = self.lines.index
        if index is None or index >= len(self.rows):
            self.context.value = ""
            return
        self.context.value = self.paragraph_in_context(int(index))

    def paragraph_in_context(self, line: int) -> str:
        """HTML of the paragraph holding KWIC line ``line`` with the paragraphs around it, the match marked."""
        row = self.rows.iloc[line]
        speech = self.paragraphs[self.paragraphs["speech_id"] == row.speech_id]
        position = int(np.flatnonzero(speech["para_id"].to_numpy() == row.para_id)[0])
        around = speech.iloc[max(0, position - 1): position + 2]
        parts = []
        for para_id, text in zip(around["para_id"], around["text"], strict=True):
            if para_id == row.para_id:
                marked = (html.escape(text[:row.start]) + f'<mark>{html.escape(text[row.start:row.end])}</mark>'
                          + html.escape(text[row.end:]))
                parts.append(f'<p style="margin:0.3em 0">{marked}</p>')
            else:
                parts.append(f'<p style="margin:0.3em 0;color:#777">{html.escape(text)}</p>')
        title = speech["title"].iloc[0] if "title" in speech.columns else ""
        where = f"{row.speech_id} · {title} · {row.section_path or '（开头）'} · 第 {int(row.para_id) + 1} 段"
        return f'<div style="border-left:3px solid #1f4e79;padding-left:0.6em"><b>{html.escape(where)}</b>{"".join(parts)}</div>'

    # -- term ----------------------------------------------------------------------------------------

    def _show_term(self) -> None:
        term = self.term.value.strip()
        if not term:
            self.term_table, self.collocate_table = pd.DataFrame(), pd.DataFrame()
            self.chart.value, self.collocates.value = b"", ""
            return
        self.term_table = self.rate_by(term, self.by.value)
        if not self.term_table["frequency"].any():
            self.chart.value, self.collocate_table = b"", pd.DataFrame()
            self.collocates.value = f'<p style="color:#a33">“{html.escape(term)}”在语料中没有出现：没有可画的趋势，也没有搭配词。</p>'
            return
        self.chart.value = _chart(self.term_table, term, self.by.value)
        try:
            table = collocations(self.tokens, term).head(15)
        except ValueError as exc:
            self.collocate_table = pd.DataFrame()
            self.collocates.value = f'<p style="color:#777">搭配词：{html.escape(str(exc))}</p>'
            return
        self.collocate_table = table
        cell = 'style="padding:0.15em 0.8em;text-align:right"'
        rows = "".join(f"<tr><td style=\"padding:0.15em 0.8em\">{html.escape(str(r.feature))}</td><td {cell}>{r.observed:,}</td>"
                       f"<td {cell}>{r.log_dice:.2f}</td><td {cell}>{r.g2:.1f}</td></tr>" for r in table.itertuples())
        head = 'style="padding:0.15em 0.8em;white-space:nowrap;text-align:left"'
        self.collocates.value = ('<table style="border-collapse:collapse;min-width:24em"><caption style="text-align:left">'
                                 f"搭配词（左右 5 词以内，按 logDice）</caption><tr><th {head}>搭配词</th><th {head}>共现 O</th>"
                                 f"<th {head}>logDice</th><th {head}>G²</th></tr>{rows}</table>")

    def rate_by(self, term: str, column: str) -> pd.DataFrame:
        """Occurrences of ``term`` (by characters, as the concordance finds them) and per 万字 of each value of
        ``column``: columns ``group, frequency, n_chars, per_10k_chars``."""
        hits = kwic(self.paragraphs, term, window=0)
        groups = self.paragraphs[column].astype(object).where(self.paragraphs[column].notna(), "（未知）")
        chars = self.paragraphs["n_chars"].groupby(groups, sort=False).sum()
        chars = chars.reindex(pinyin_sorted(chars.index))  # years in order, names in pinyin order (the page's)
        lookup = dict(zip(zip(self.paragraphs["speech_id"], self.paragraphs["para_id"], strict=True), groups, strict=True))
        found = pd.Series([lookup[(s, p)] for s, p in zip(hits["speech_id"], hits["para_id"], strict=True)], dtype=object)
        counts = found.value_counts().reindex(chars.index, fill_value=0)
        return pd.DataFrame({"group": chars.index, "frequency": counts.to_numpy(), "n_chars": chars.to_numpy(),
                             "per_10k_chars": counts.to_numpy() / chars.to_numpy() * 10_000})

    # -- outline -------------------------------------------------------------------------------------

    def _show_outline(self) -> None:
        self._outline = self.outline(self.speech.value)
        self.sections.options = [(f"{'　' * (row.level - 1)}{row.heading}  ·  {row.n_chars:,} 字  {row.share:.1%}", i)
                                 for i, row in enumerate(self._outline.itertuples())]
        self.section_text.value = ""

    def outline(self, speech_id: str) -> pd.DataFrame:
        """A speech's headings in order, with the 字 and share of the section each opens (its sub-sections
        included); the opening before the first heading first. Columns ``section_id, level, heading,
        n_chars, share``."""
        speech = self.paragraphs[self.paragraphs["speech_id"] == speech_id]
        ids = speech["section_id"].astype(str).to_numpy()
        chars = speech["n_chars"].to_numpy()
        total = max(1, int(chars.sum()))
        rows = []
        if (ids == "0").any():
            rows.append(("0", 1, "（开头）", int(chars[ids == "0"].sum())))
        for section, level, text in zip(ids[speech["is_heading"].to_numpy()], speech.loc[speech["is_heading"], "level"],
                                        speech.loc[speech["is_heading"], "text"], strict=True):
            inside = (ids == section) | np.char.startswith(ids.astype(str), f"{section}.")
            rows.append((section, int(level), str(text), int(chars[inside].sum())))
        table = pd.DataFrame(rows, columns=["section_id", "level", "heading", "n_chars"])
        return table.assign(share=table["n_chars"] / total)

    def _show_section(self) -> None:
        index = self.sections.index
        if index is None or index >= len(self._outline):
            self.section_text.value = ""
            return
        section = str(self._outline.iloc[int(index)].section_id)
        speech = self.paragraphs[self.paragraphs["speech_id"] == self.speech.value]
        ids = speech["section_id"].astype(str)
        inside = speech[(ids == section) | ids.str.startswith(f"{section}.")] if section != "0" else speech[ids == "0"]
        text = "".join(f'<p style="margin:0.3em 0{";font-weight:bold" if h else ""}">{html.escape(t)}</p>'
                       for t, h in zip(inside["text"], inside["is_heading"], strict=True))
        self.section_text.value = f'<div style="max-height:24em;overflow:auto">{text}</div>'


#: the words of the widget itself (its font must hold them as well as the corpus's characters)
_LABELS = ("词语、短语或正则表达式 检索 正则表达式 排序 右文排序 左文排序 原文顺序 条篇讲话显示前 词语 按 讲话 提纲 索引 开头 "
           "第段 字 搭配词左右以内按 每万字 无年份的文本未画出 不是时期：未知 【】“”（）·　、，；。"
           "年份 集合 层级 地区 讲话人 职务 逐篇 共现 没有找到语料中这个模式词语检索按字符进行繁体文本简体 在出现可画的趋势也搭配词")


def _style(paragraphs: pd.DataFrame) -> str:
    """The widget's CSS: a subset of the CJK font holding every character of the corpus and of the widget,
    so Chinese renders in any browser, with or without Chinese fonts (a JupyterLab on a server often has
    none), and the concordance lines in one column."""
    from lectureanalysis.plot.fonts import embedded_font_face

    characters = "".join(sorted(set("".join(paragraphs["text"].astype(str))) | set(_LABELS)))
    return (f"<style>{embedded_font_face(characters)} .la-explorer, .la-explorer * {{ font-family: 'LA CJK', "
            "'Noto Sans CJK SC', sans-serif; } .la-kwic select { white-space: pre; }</style>")


#: speech columns a term's rate can be shown by, in this order, when the table has them
#: the speech columns a reader counts a term by, with the names the menu shows them by
_GROUPS = {"year": "年份 year", "collection": "集合 collection", "level": "层级 level", "place": "地区 place",
           "speaker": "讲话人 speaker", "speaker_title": "职务 speaker_title", "speech_id": "逐篇 speech_id"}
#: columns the loaders add that are no grouping a reader wants (file facts, counts from a collection's index)
_NOT_GROUPS = {"front_matter_title", "source_url", "zero_width_spaces", "chars", "bytes", "lines",
               "has_wikisource_footer"}


def grouping_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a term can be counted by: the reader's speech columns (:data:`_GROUPS`) that have a value,
    then the user's own metadata columns (not columns the toolkit makes) that group speeches: text with two or
    more values and fewer values than half the speeches (a value per speech is an id, not a grouping); numbers
    only when they are few (a code, not a measurement)."""
    known = set(schema.SPEECH_COLUMNS) | set(schema.PARAGRAPH_COLUMNS) | _NOT_GROUPS
    n_speeches = frame["speech_id"].nunique()
    columns = [c for c in _GROUPS if c in frame.columns and frame[c].astype(str).str.strip().ne("").any()
               and (frame[c].nunique() > 1 or c == "speech_id")]
    for column in frame.columns:
        if column in known or column in columns or not frame[column].map(_groupable).all():
            continue
        values = frame[column].dropna().astype(str).str.strip()
        values = values[values != ""]
        distinct = values.nunique()
        numeric = bool(len(values)) and bool(values.str.fullmatch(r"-?\d+(\.\d+)?").all())
        if 1 < distinct <= max(2, n_speeches // 2) and (not numeric or distinct <= 12):
            columns.append(column)
    return columns


def _groupable(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, np.integer, np.floating))


def _line_label(row: object) -> str:
    left = str(row.left).rjust(CONTEXT, "\u3000")[-CONTEXT:]
    return f"{left}【{row.match}】{row.right}   — {row.speech_id} {row.section_path}"


def _chart(table: pd.DataFrame, term: str, column: str) -> bytes:
    import matplotlib.pyplot as plt

    from lectureanalysis.plot.style import left_out_note, on_time_axis, prepare_axes, with_gaps, year_ticks

    ax, _, fp = prepare_axes(None, None, (7, 3))
    series, left_out = on_time_axis(table.set_index("group")["per_10k_chars"])
    series = with_gaps(series)
    if pd.api.types.is_numeric_dtype(pd.Index(series.index).dtype):
        ax.plot(series.index, series.to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.5)
        year_ticks(ax, pd.Series(series.index))
    else:
        ax.bar([str(v) for v in series.index], series.to_numpy(dtype=float), color="#1f4e79")
        for label in ax.get_xticklabels():
            label.set_fontproperties(fp)
            label.set_rotation(30 if len(series) > 6 else 0)
    ax.set_title(f"“{term}” 每万字（按 {column}）", fontproperties=fp, fontsize=11, loc="left")
    if left_out:
        ax.set_xlabel(left_out_note(left_out) or "", fontproperties=fp)
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=100)
    plt.close(ax.figure)
    return buffer.getvalue()
