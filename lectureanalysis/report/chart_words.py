"""The charts of an English page in English: the words the charts write themselves (titles, axis labels,
legends, section names such as 开头 or 第三部分), replaced in every text of a drawn figure by pattern, with the
values put back. The corpus's own words (terms, places, titles) are the text's and stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lectureanalysis.structure.dates import cn_number

#: a chart's own wording in Chinese (a whole text of the figure, as a regular expression) and its English; a
#: named group is put back as it was
CHART_WORDS: tuple[tuple[str, str], ...] = (
    (r"每万字", "per 10,000 字"),
    (r"每百万词", "per million words"),
    (r"年份", "year"),
    (r"频次", "frequency"),
    (r"开头", "opening"),
    (r"（开头）", "(opening)"),
    (r"其余部分", "the rest"),
    (r"始", "start"),
    (r"中", "middle"),
    (r"末", "end"),
    (r"字", "字"),
    (r"参照", "reference"),
    (r"目标", "target"),
    (r"新增", "added"),
    (r"删除", "deleted"),
    (r"改写", "rewritten"),
    (r"移动", "moved"),
    (r"保留", "kept"),
    (r"仅数字变化", "numbers only"),
    (r"提法", "formulation"),
    (r"段落数", "paragraphs"),
    (r"每段字数", "字 per paragraph"),
    (r"标题中出现", "in headings"),
    (r"仅正文中出现", "in body text only"),
    (r"高频词", "Most frequent words"),
    (r"高频词 · (?P<group>.+)", "Most frequent words · {group}"),
    (r"词语分布（X 光图）", "Where the terms occur (X-ray)"),
    (r"词语使用趋势（每万字）", "Use of the terms over time (per 10,000 字)"),
    (r"词汇密度与句长", "Vocabulary density and sentence length"),
    (r"讲话（按语料顺序；竖线为讲话分界）", "Texts (in corpus order; a vertical line between texts)"),
    (r"讲话（按日期顺序）", "Texts (in date order)"),
    (r"索引图（每篇讲话中出现的位置）", "Concordance plot (where each text uses the terms)"),
    (r"段落长度分布", "Paragraph lengths"),
    (r"数字化提法的使用", "Use of numbered formulations"),
    (r"数字化提法的使用（每万字）", "Use of numbered formulations (per 10,000 字)"),
    (r"搭配网络", "Collocation network"),
    (r"提法的扩散：已使用的地方占比", "Spread of formulations: share of places using them"),
    (r"平均句长（字）", "mean sentence length (字)"),
    (r"已使用的地方（%）", "places using it (%)"),
    (r"各部分篇幅（字）", "Section lengths (字)"),
    (r"各部分篇幅占比（按组平均）", "Share of each section (mean per group)"),
    (r"各部分的变化（句数）", "Changes by section (sentences)"),
    (r"(?P<a>.+) → (?P<b>.+)：各部分的变化（句数）", "{a} → {b}: changes by section (sentences)"),
    (r"占该年词语的 %", "% of the year's words"),
    (r"占全文字数的比例（各篇平均）", "share of the text's 字 (mean over texts)"),
    (r"关键词（G²）", "Keywords (G²)"),
    (r"关键词：(?P<t>.+) / (?P<r>.+)", "Keywords: {t} / {r}"),
    (r"主题占比（按年份，%）", "Topic shares (by year, %)"),
    (r"中位数 (?P<m>[\d,.]+) 字", "median {m} 字"),
    (r"与来源文本相同的句子占比（%）", "sentences identical to the source (%)"),
    (r"不是年份的时期未画出：(?P<p>.+)", "periods that are not years, not drawn: {p}"),
    (r"无年份的文本未画出", "texts without a year are not drawn"),
    (r"（(?P<n>[\d,]+) 篇无年份，未画出）", "({n} texts without a year, not drawn)"),
    (r"（图示前 (?P<a>\d+) \+ (?P<b>\d+) 个）", "(the first {a} + {b} shown)"),
    (r"下降 · 每万字", "falling · per 10,000 字"),
    (r"上升 · 每万字", "rising · per 10,000 字"),
    (r"上升最快与下降最快的词（每万字）", "The fastest rising and falling words (per 10,000 字)"),
    (r"一级部分（序号）", "top-level section (number)"),
    (r"“(?P<term>.+)”首次出现的一级部分", "The top-level section where “{term}” first appears"),
    (r"“(?P<term>.+)”在各地的使用（每万字）", "Use of “{term}” by place (per 10,000 字)"),
    (r"(?P<g>.+)（(?P<n>[\d,]+) 篇）", "{g} ({n} texts)"),
    (r"(?P<term>.+) ×(?P<r>[\d.]+)/年", "{term} ×{r}/year"),
    (r"← (?P<r>.+)更多 +· +G² +· +(?P<t>.+)更多 →", "← more in {r}  ·  G²  ·  more in {t} →"),
    (r"没有显著的关键词（BH 校正 p < (?P<a>[\d.e-]+)，共检验 (?P<k>[\d,]+) 个词）",
     "No significant keyword (BH-adjusted p < {a}; {k} words tested)"),
    (r"显著（BH 校正 p < (?P<a>[\d.e-]+)）：(?P<t>.+)多用 (?P<n>[\d,]+) 个，(?P<r>.+)多用 (?P<m>[\d,]+) 个，"
     r"共检验 (?P<k>[\d,]+) 个(?P<what>.*)",
     "Significant (BH-adjusted p < {a}): {n} used more by {t}, {m} by {r}, of {k} tested"),
)

_COMPILED = [(re.compile(pattern), english) for pattern, english in CHART_WORDS]
_PART = re.compile(r"第(?P<n>[一二三四五六七八九十百]+)部分")


def chart_words_in_english(text: str) -> str:
    """A chart's text in English when it is one of the charts' own wordings (:data:`CHART_WORDS`, 第三部分 →
    part 3), else as it is (a term, a place, a title: the corpus's own words).

    Parameters
    ----------
    text : str
        A text of a drawn chart (its title, a label, a legend entry, a tick label).

    Returns
    -------
    str
        The English wording, or ``text``.

    Examples
    --------
    >>> from lectureanalysis.report.chart_words import chart_words_in_english
    >>> chart_words_in_english("每万字"), chart_words_in_english("第三部分"), chart_words_in_english("改革")
    ('per 10,000 字', 'part 3', '改革')
    """
    lines = text.split("\n")
    if len(lines) > 1:
        return "\n".join(chart_words_in_english(line) for line in lines)
    if (part := _PART.fullmatch(text)) is not None:
        return f"part {cn_number(part['n'])}"
    for pattern, english in reversed(_COMPILED):  # the longer wordings are listed after the words they hold
        if (found := pattern.fullmatch(text)) is not None:
            return english.format(**{k: _inner(v) for k, v in found.groupdict().items()})
    return text


def _inner(value: str) -> str:
    """A value put back into an English wording: itself in English when it is a chart word (每万字 inside)."""
    return chart_words_in_english(value) if value else value


def figure_in_english(figure: object, translate: Callable[[str], str] = chart_words_in_english) -> None:
    """Every text of a drawn matplotlib figure (titles, labels, legends, tick labels, annotations) in English
    where it is one of the charts' own wordings."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in figure.axes:  # type: ignore[attr-defined]
        for axis in (ax.xaxis, ax.yaxis):  # tick labels of words are made again when drawn, by their formatter
            made = axis.get_major_formatter()
            if isinstance(made, (FixedFormatter, StrCategoryFormatter)):
                axis.set_major_formatter(FuncFormatter(lambda value, pos, made=made: translate(str(made(value, pos)))))
    for artist in figure.findobj(Text):  # type: ignore[attr-defined]
        text = artist.get_text()
        if text and re.search(r"[\u4e00-\u9fff]", text):
            english = translate(text)
            if english != text:
                artist.set_text(english)
