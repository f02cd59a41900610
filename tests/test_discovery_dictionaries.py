"""Dictionary measures (issue 22, item 4): categories matched leftmost-longest on the text, checked against a
plain regular-expression alternation (longest first), on the formats users bring (YAML, CSV, LIWC .dic)."""

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lectureanalysis as la
from lectureanalysis.discovery import Dictionary


def paragraphs(*texts, speech_id="s", **columns):
    table = pd.DataFrame({"speech_id": speech_id, "para_id": range(len(texts)), "text": list(texts)})
    table["n_chars"] = table["text"].map(la.count_chars)
    return table.assign(**columns)


def regex_count(texts, entries):
    """The reference: one alternation, longest entry first, scanned left to right (``re.finditer``)."""
    pattern = re.compile("|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True)))
    return [m.group() for t in texts for m in pattern.finditer(t)]


def test_leftmost_longest_and_non_overlapping():
    table = paragraphs("全面深化改革开放，深化改革开放，改革。")
    d = {"改革": ["全面深化改革", "改革", "深化改革开放"], "开放": ["开放"]}
    matches = la.dictionary_matches(table, d)
    assert matches[["start", "end", "match", "category"]].values.tolist() == [
        [0, 6, "全面深化改革", "改革"], [6, 8, "开放", "开放"], [9, 15, "深化改革开放", "改革"], [16, 18, "改革", "改革"]]


def test_a_shorter_entry_after_a_longer_one_fails():
    # pyahocorasick's iter_long loses 发 here (it follows 全发全 and gives up): our scan must not
    assert la.dictionary_matches(paragraphs("全发"), {"c": ["发", "全发全"]})["match"].tolist() == ["发"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="改革开放深化全面发展", max_size=60),
       entries=st.lists(st.text(alphabet="改革开放深化全面发展", min_size=1, max_size=4), min_size=1, max_size=8,
                        unique=True))
def test_counts_equal_a_longest_first_regular_expression(text, entries):
    matches = la.dictionary_matches(paragraphs(text), {"c": entries})
    assert matches["match"].tolist() == regex_count([text], entries)


def test_scores_per_category_and_group_by_hand():
    table = paragraphs("推进改革，推动发展。", "必须坚持。", "推进推进。", speech_id=["a", "a", "b"], year=[2020, 2020, 2021])
    d = {"推进": {"推进": 2.0, "推动": 1.0}, "指令": ["必须", "务必"]}
    with pytest.warns(la.TermWarning, match=r"1 of 4 entries never match the text: 务必"):
        scores = la.dictionary_scores(table, d, by="year")
    assert scores.values.tolist() == [
        [2020, "推进", 2, 3.0, 2, 12, 2 * 10_000 / 12], [2020, "指令", 1, 1.0, 1, 12, 10_000 / 12],
        [2021, "推进", 2, 4.0, 1, 4, 2 * 10_000 / 4], [2021, "指令", 0, 0.0, 0, 4, 0.0]]
    # the numbers a reader sees agree with the text itself
    assert scores.loc[0, "matches"] == "".join(table.text[:2]).count("推进") + "".join(table.text[:2]).count("推动")
    assert scores.loc[0, "chars"] == la.count_chars("推进改革，推动发展。必须坚持。")


def test_entries_level_and_an_entry_in_two_categories():
    with pytest.warns(la.CorpusWarning, match=r"1 entries stand in two or more categories.*改革 \(甲 / 乙\)"):
        d = la.read_dictionary({"甲": ["改革", "发展"], "乙": ["改革"]})
    scores = la.dictionary_scores(paragraphs("改革发展改革"), d, level="entry")
    assert scores[["category", "entry", "matches"]].values.tolist() == [["甲", "改革", 2], ["甲", "发展", 1],
                                                                       ["乙", "改革", 2]]


def test_wildcards_and_latin_word_bounds():
    table = paragraphs("推动力推动GDP增长，GDPs 与 reforms、reform。")
    matches = la.dictionary_matches(table, {"c": ["推动*", "GDP", "reform*"]})
    assert matches["match"].tolist() == ["推动", "推动", "GDP", "reforms", "reform"]


def test_traditional_speeches_are_matched_in_simplified_form():
    table = paragraphs("堅持發展", script="Hant")
    matches = la.dictionary_matches(table, {"坚持": ["坚持"]})
    assert matches[["start", "match"]].values.tolist() == [[0, "坚持"]]


def test_formats_yaml_csv_and_liwc_dic(tmp_path):
    (tmp_path / "d.yaml").write_text("推进:\n  - 推进\n  - 推动*\n防范:\n  防范化解: 2\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("category,term,weight\n推进,推进,1\n推进,推动*,1\n防范,防范化解,2\n", encoding="utf-8")
    (tmp_path / "d.dic").write_text("%\n1\t推进\n2\t防范\n%\n推进\t1\n推动*\t1\n防范化解\t2\n", encoding="utf-8")
    expected = [["推进", "推进", 1.0, False], ["推动", "推进", 1.0, True], ["防范化解", "防范", 2.0, False]]
    for name in ("d.yaml", "d.csv"):
        assert la.read_dictionary(tmp_path / name).entries.values.tolist() == expected
    # LIWC dictionaries carry no weights: the numbers after an entry are its categories
    assert la.read_dictionary(tmp_path / "d.dic").entries.values.tolist() == [
        ["推进", "推进", 1.0, False], ["推动", "推进", 1.0, True], ["防范化解", "防范", 1.0, False]]


def test_a_liwc_entry_in_several_categories(tmp_path):
    (tmp_path / "d.dic").write_text("%\n1\tposemo\n2\taffect\n%\nhappy*\t1\t2\n", encoding="utf-8")
    with pytest.warns(la.CorpusWarning, match=r"happy \(posemo / affect\)"):
        d = la.read_dictionary(tmp_path / "d.dic")
    assert d.categories == ["posemo", "affect"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.dic", "%\n1\ta\n%\nword\t3\n", r"bad\.dic: line 4: entry 'word' names category 3, which the header"),
    ("bad.dic", "word\t1\n", r"bad\.dic: a \.dic file starts with a block of categories"),
    ("bad.csv", "cat,entry\na,b\n", r"bad\.csv: expected columns 'category' and 'entry'"),
    ("bad.csv", "category,entry\na,\n", r"bad\.csv: line 2: an empty entry"),
    ("bad.yaml", "- a\n- b\n", r"bad\.yaml: expected a mapping of categories"),
    ("bad.yaml", "a: [x, y\n", r"bad\.yaml: not valid YAML"),
    ("bad.json", "{}", r"bad\.json: unknown dictionary format '\.json'"),
    ("bad.csv", "category,entry,weight\na,b,heavy\n", r"bad\.csv: entry 'b': the weight 'heavy' is not a number"),
])
def test_bad_dictionaries_name_the_file_and_the_problem(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        la.read_dictionary(tmp_path / name)


def test_a_missing_file_is_named():
    with pytest.raises(FileNotFoundError, match=r"nowhere\.yaml: no such dictionary file"):
        la.read_dictionary("nowhere.yaml")


def test_the_bundled_dictionary_on_two_reports_agrees_with_the_text():
    _, table = la.load("corpus/政府工作报告", pattern="2024.txt", progress=False)
    d = la.read_dictionary("official_verbs")
    assert isinstance(d, Dictionary) and d.categories == ["推进", "指令", "加强", "坚持", "防范", "支持", "评价"]
    with pytest.warns(la.TermWarning, match="never match the text"):
        scores = la.dictionary_scores(table, d, by="speech_id")
    text = "".join(table["text"])
    prevention = d.entries[d.entries.category == "防范"]["entry"].tolist()
    # 防范化解 is one match (longest first), not also one of 防范 and one of 化解
    expected = len(regex_count([t for t in table["text"]], prevention))
    assert scores.set_index("category").loc["防范", "matches"] == expected
    assert expected == text.count("防范化解") + (text.count("防范") - text.count("防范化解")) + \
        (text.count("化解") - text.count("防范化解")) + text.count("防止") + text.count("防控") + text.count("遏制") + \
        text.count("整治")
