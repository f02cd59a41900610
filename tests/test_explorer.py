"""The exploration widget, driven from Python as a user drives it: type, choose, read what is shown."""

from __future__ import annotations

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
    assert len(rights) == expected and rights == sorted(rights)
    assert all("【一带一路】" in label for label, _ in explorer.lines.options)
    explorer.sort.value = "left"
    lefts = [left[::-1] for left in explorer.rows["left"]]
    assert lefts == sorted(lefts)
    explorer.sort.value = "right"


def test_choosing_a_line_shows_its_paragraph_in_context(explorer):
    explorer.search.value = "小康社会"
    explorer.lines.index = 0
    row = explorer.rows.iloc[0]
    shown = explorer.context.value
    assert f"<mark>{row.match}</mark>" in shown
    assert f"{row.speech_id} · " in shown and (row.section_path or "（开头）") in shown
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
    assert "<td>深化</td>" in explorer.collocates.value
    explorer.by.value = "year"
    assert list(explorer.term_table["group"])[:3] == [1954, 1955, 1956]
    explorer.term.value = "不存在的词语"
    assert "不存在的词语" in explorer.collocates.value and (explorer.term_table["frequency"] == 0).all()


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
