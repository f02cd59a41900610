"""The exploration widget, driven from Python as a user drives it: type, choose, read what is shown."""

from __future__ import annotations

import html
import re
import sys

import pytest
from conftest import CORPUS

import lectureanalysis as la

pytest.importorskip("ipywidgets", reason="la.explore needs the explore extra (ipywidgets)")


@pytest.fixture(scope="module")
def explorer():
    with _quiet():
        speeches, paragraphs = la.load(CORPUS)
    return la.explore(paragraphs, speeches=speeches)


class _quiet:
    def __enter__(self):
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.simplefilter("ignore", la.CorpusWarning)

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def test_search_lists_kwic_lines_sorted_by_right_context(explorer):
    explorer.search.value = "一带一路"
    texts = explorer.paragraphs["text"]
    expected = int(texts.str.count("一带一路").sum())
    assert explorer.count.value.startswith(f"<b>{expected:,}</b> 条")
    rights = list(explorer.rows["right"])
    # in pinyin order, as a Chinese index (and the report's tables) order words: read by pypinyin itself here
    assert len(rights) == expected and [_read(r) for r in rights] == sorted(_read(r) for r in rights)
    assert all("【一带一路】" in label for label, _ in explorer.lines.options)
    explorer.sort.value = "left"
    lefts = [_read(left[::-1]) for left in explorer.rows["left"]]
    assert lefts == sorted(lefts)
    explorer.sort.value = "right"


def _read(context: str) -> tuple[str, ...]:
    """The first 12 characters of a context as syllables with tones (other characters as they are)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(c, style=Style.TONE3, neutral_tone_with_five=True)[0] if "\u4e00" <= c <= "\u9fff" else c
                 for c in context[:12])


def test_choosing_a_line_shows_its_paragraph_in_context(explorer):
    explorer.search.value = "小康社会"
    explorer.lines.index = 0
    row = explorer.rows.iloc[0]
    shown = explorer.context.value
    assert f"<mark>{row.match}</mark>" in shown
    assert f"{row.speech_id} · " in shown and html.escape(row.section_path or "（开头）") in shown
    paragraph = explorer.paragraphs[(explorer.paragraphs["speech_id"] == row.speech_id)
                                    & (explorer.paragraphs["para_id"] == row.para_id)].iloc[0]
    assert re.sub(r"<[^>]+>", "", shown).count(paragraph.text) == 1


def test_regex_search_and_a_bad_pattern(explorer):
    explorer.regex.value = True
    explorer.search.value = "[一二三四五六七八九十]个坚持"
    assert set(explorer.rows["match"]) >= {"五个坚持"} and all(m.endswith("个坚持") for m in explorer.rows["match"])
    explorer.search.value = "(坚持"
    assert "invalid regular expression" in explorer.count.value and explorer.lines.options == ()
    explorer.regex.value = False


@pytest.mark.slow
def test_term_view_counts_by_column_and_lists_collocates(explorer):
    explorer.by.value = "collection"
    explorer.term.value = "改革"
    table = explorer.term_table.set_index("group")
    paragraphs = explorer.paragraphs
    for collection in ("党课讲稿", "政府工作报告"):
        inside = paragraphs[paragraphs["collection"] == collection]
        # 改革 is written the same in Traditional characters: a plain count is the independent check
        assert table.loc[collection, "frequency"] == inside["text"].str.count("改革").sum()
        assert table.loc[collection, "per_10k_chars"] == pytest.approx(
            table.loc[collection, "frequency"] / inside["n_chars"].sum() * 10_000)
    assert bytes(explorer.chart.value).startswith(b"\x89PNG")
    assert explorer.collocate_table.iloc[0]["feature"] == "深化"
    assert ">深化</td>" in explorer.collocates.value
    explorer.by.value = "year"
    assert list(explorer.term_table["group"])[:3] == [1954, 1955, 1956]
    explorer.term.value = "不存在的词语"
    assert (explorer.term_table["frequency"] == 0).all()
    assert "“不存在的词语”在语料中没有出现" in explorer.collocates.value and explorer.chart.value == b""


def test_the_menu_offers_the_readers_columns_and_the_users_own(tmp_path):
    """Counted by: the speech columns a reader groups by, named in Chinese and English, and the user's own
    metadata; never the toolkit's bookkeeping (script, source format) nor a collection index's counts
    (zero_width_spaces of the bundled reports' index.tsv); names in pinyin order."""
    with _quiet():
        speeches, paragraphs = la.load(CORPUS / "地方政府工作报告")
    speeches = speeches.assign(region=speeches["place"].map({"浙江省": "华东", "河北省": "华北", "四川省": "西南"}),
                               pages=range(len(speeches)))  # a grouping of the user's, and a measurement
    explorer = la.explore(paragraphs, speeches=speeches)
    assert list(explorer.by.options) == [("年份 year", "year"), ("集合 collection", "collection"), ("层级 level", "level"),
                                         ("地区 place", "place"), ("讲话人 speaker", "speaker"),
                                         ("职务 speaker_title", "speaker_title"), ("逐篇 speech_id", "speech_id"),
                                         ("region", "region")]
    explorer.by.value = "place"
    explorer.term.value = "改革"
    assert list(explorer.term_table["group"]) == ["河北省", "四川省", "浙江省"]  # he < si < zhe, not 四 < 河 < 浙
    gwr = la.explore(*reversed(_load(CORPUS / "政府工作报告")))
    assert "zero_width_spaces" not in [value for _, value in gwr.by.options]


def _load(folder):
    with _quiet():
        return la.load(folder)


def test_an_empty_search_says_so(explorer):
    explorer.search.value = "没有这样的句子"
    assert explorer.rows.empty and explorer.lines.options == ()
    assert explorer.count.value.startswith("没有找到“没有这样的句子”")
    explorer.search.value = ""


def test_outline_view_reads_a_speech(explorer):
    explorer.speech.value = "政府工作报告/2019"  # file stems repeat across the bundled collections: ids are paths
    labels = [label for label, _ in explorer.sections.options]
    assert labels[1].startswith("一、2018年工作回顾  ·  4,175 字")
    outline = explorer.outline("政府工作报告/2019")
    top = outline[outline["level"] == 1]
    assert top["share"].sum() == pytest.approx(1.0)
    explorer.sections.index = 3
    assert "三、2019年政府工作任务" in explorer.section_text.value
    assert "（一）继续创新和完善宏观调控" in explorer.section_text.value


def test_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    from lectureanalysis import explorer

    with pytest.raises(ImportError, match=r"pip install 'lectureanalysis\[explore\]'"):
        explorer._widgets()
