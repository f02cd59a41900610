"""Comparative reading (issue 21): what changed between two texts, checked on texts written by hand with known
additions, deletions, rewordings, number changes and moves, and on two national reports."""

import pandas as pd
import pytest
from conftest import require_lawtext

import lectureanalysis as la
from lectureanalysis.reading import LABELS


def speech(speech_id, *lines):
    """A paragraph table of one speech: ``# `` lines are top-level headings (一、…), the rest body paragraphs."""
    rows, section = [], "0"
    for para_id, line in enumerate(lines):
        heading = line.startswith("# ")
        if heading:
            section = str(int(section) + 1)
        rows.append({"speech_id": speech_id, "para_id": para_id, "text": line.removeprefix("# "),
                     "is_heading": heading, "level": 1 if heading else 0, "section_id": section})
    return pd.DataFrame(rows)


LAST_YEAR = speech("2023", "各位代表：", "现在，我代表国务院，向大会报告工作，请予审议。",
                   "# 一、2022年工作回顾", "国内生产总值增长3%。城镇新增就业1206万人。我们坚持稳中求进。",
                   "# 二、2023年政府工作任务", "着力扩大国内需求。加快建设现代化产业体系。深化国资国企改革。")
THIS_YEAR = speech("2024", "各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。",
                   "# 一、2023年工作回顾", "国内生产总值增长5.2%。城镇新增就业1244万人。",
                   "# 二、2024年政府工作任务", "大力推进现代化产业体系建设。着力扩大国内需求。我们坚持稳中求进。",
                   "发展新质生产力。")
BOTH = pd.concat([LAST_YEAR, THIS_YEAR], ignore_index=True)


def test_each_sentence_gets_its_label():
    table = la.changes(BOTH, "2023", "2024")
    got = {(row.label, row.a_text, row.b_text) for row in table.itertuples()}
    assert got == {
        ("kept", "各位代表：", "各位代表："),
        ("reworded", "现在，我代表国务院，向大会报告工作，请予审议。", "现在，我代表国务院，向大会报告政府工作，请予审议。"),
        ("numbers", "2022年工作回顾".join(["一、", ""]), "一、2023年工作回顾"),
        ("numbers", "国内生产总值增长3%。", "国内生产总值增长5.2%。"),
        ("numbers", "城镇新增就业1206万人。", "城镇新增就业1244万人。"),
        ("numbers", "二、2023年政府工作任务", "二、2024年政府工作任务"),
        ("kept", "着力扩大国内需求。", "着力扩大国内需求。"),
        ("moved", "我们坚持稳中求进。", "我们坚持稳中求进。"),  # from section 一 to section 二, word for word
        ("reworded", "加快建设现代化产业体系。", "大力推进现代化产业体系建设。"),
        ("dropped", "深化国资国企改革。", ""),
        ("new", "", "发展新质生产力。"),
    }
    assert table["b_text"].replace("", pd.NA).dropna().tolist() == [  # rows follow this year's text
        "各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。", "一、2023年工作回顾", "国内生产总值增长5.2%。",
        "城镇新增就业1244万人。", "二、2024年政府工作任务", "大力推进现代化产业体系建设。", "着力扩大国内需求。",
        "我们坚持稳中求进。", "发展新质生产力。"]
    dropped = table.index[table["label"] == "dropped"][0]
    assert table.loc[dropped - 1, "b_text"] == "大力推进现代化产业体系建设。"  # where it stood: after its predecessor
    reworded = table.set_index("b_text").loc["现在，我代表国务院，向大会报告政府工作，请予审议。"]
    assert reworded["diff"] == "现在，我代表国务院，向大会报告{+政府+}工作，请予审议。"
    assert reworded.similarity == pytest.approx(1 - 2 / (23 + 25))  # Indel: 2 characters inserted, 48 in all
    assert table.set_index("b_text").loc["国内生产总值增长5.2%。", "diff"] == "国内生产总值增长[-3-]{+5.2+}%。"


def test_the_summary_counts_each_section():
    summary = la.change_summary(la.changes(BOTH, "2023", "2024")).set_index("section")
    assert summary.index.tolist() == ["（开头）", "一、2023年工作回顾", "二、2024年政府工作任务"]
    assert summary.loc["二、2024年政府工作任务", ["kept", "numbers", "reworded", "moved", "new", "dropped"]].tolist() \
        == [1, 1, 1, 1, 1, 1]
    assert summary.loc["一、2023年工作回顾", ["numbers", "sentences_b"]].tolist() == [3, 3]
    assert summary["sentences_b"].sum() == 10 and summary["sentences_a"].sum() == 10


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"b: no speech '2025' in the paragraph table"):
        la.changes(BOTH, "2023", "2025")
    with pytest.raises(ValueError, match=r"threshold: expected a similarity in \(0, 1\], got 0"):
        la.changes(BOTH, "2023", "2024", threshold=0)
    with pytest.raises(ValueError, match=r"table: not a table of changes\(\)"):
        la.change_summary(pd.DataFrame({"label": []}))


def test_two_national_reports_counted_on_their_text():
    """2023 → 2024 (lawtext-gov): every sentence of both is in the table once, and a kept or moved sentence of
    2024 is a substring of the 2023 text."""
    import warnings

    folder = require_lawtext()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        _, paragraphs = la.load(folder / "国务院", pattern="202[34].md")
    table = la.changes(paragraphs, "2023", "2024")
    text = {sid: "".join(paragraphs.loc[paragraphs["speech_id"] == sid, "text"]).replace(" ", "") for sid in ("2023", "2024")}
    assert "".join(table["b_text"]).replace(" ", "") == text["2024"]  # nothing of 2024 lost or doubled
    assert sorted("".join(table["a_text"]).replace(" ", "")) == sorted(text["2023"])  # nor of 2023
    same = table[table["label"].isin(["kept", "moved"])]
    assert len(same) >= 5 and all(row.b_text.replace(" ", "") in text["2023"] for row in same.itertuples())
    targets = table[table["b_text"].str.contains("国内生产总值增长5%左右")]
    assert targets["label"].tolist() == ["kept"]  # the growth target, the same both years


# -- the year's numeric targets ---------------------------------------------------------------------------------

TARGETS = pd.DataFrame({"speech_id": ["2025", "2025", "2026"], "para_id": [3, 9, 4], "text": [
    "我们的目标是让人民满意。今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；"
    "国际收支保持基本平衡；粮食产量1.4万亿斤左右。",
    "主要预期目标是：这一段是重复的，不算。",  # the first target sentence of a speech is its year's
    "今年发展主要预期目标为：经济增长4.5%—5%，在实际工作中努力争取更好结果；城镇新增就业1200万人以上；国际收支基本平衡；"
    "居民消费价格涨幅控制在2%以内。"]})


def test_targets_are_read_from_the_target_sentence():
    table = la.targets(TARGETS)
    assert table[["speech_id", "indicator", "value", "qualifier"]].values.tolist() == [
        ["2025", "国内生产总值增长", "5%", "左右"], ["2025", "城镇新增就业", "1200万人", "以上"],
        ["2025", "城镇调查失业率", "5.5%", "左右"], ["2025", "国际收支保持基本平衡", "", ""],
        ["2025", "粮食产量", "1.4万亿斤", "左右"],
        ["2026", "经济增长", "4.5%—5%", ""], ["2026", "城镇新增就业", "1200万人", "以上"],
        ["2026", "国际收支基本平衡", "", ""], ["2026", "居民消费价格涨幅控制在", "2%", "以内"]]
    assert all(row.clause in TARGETS["text"].str.cat() for row in table.itertuples())  # as written
    assert table["para_id"].tolist() == [3] * 5 + [4] * 4


def test_two_years_targets_side_by_side():
    side = la.target_changes(la.targets(TARGETS), "2025", "2026")
    assert side.values.tolist() == [
        ["经济增长", "", "4.5%—5%", "new"], ["城镇新增就业", "1200万人以上", "1200万人以上", "same"],
        ["国际收支基本平衡", "", "", "same"],  # 国际收支保持基本平衡: the same indicator, worded a little otherwise
        ["居民消费价格涨幅控制在", "", "2%以内", "new"],
        ["国内生产总值增长", "5%左右", "", "dropped"], ["城镇调查失业率", "5.5%左右", "", "dropped"],
        ["粮食产量", "1.4万亿斤左右", "", "dropped"]]
    with pytest.raises(ValueError, match=r"b: speech '2027' sets no targets in the table"):
        la.target_changes(la.targets(TARGETS), "2025", "2027")


def test_the_national_targets_of_2024_read_as_the_text_states_them():
    import warnings

    folder = require_lawtext()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        _, paragraphs = la.load(folder / "国务院", pattern="2024.md")
    table = la.targets(paragraphs).set_index("indicator")
    text = "".join(paragraphs["text"])
    assert table.loc["国内生产总值增长", "target"] == "5%左右" and "国内生产总值增长5%左右" in text
    assert table.loc["城镇新增就业", "target"] == "1200万人以上" and "城镇新增就业1200万人以上" in text
    assert table.loc["粮食产量", "target"] == "1.3万亿斤以上" and "粮食产量1.3万亿斤以上" in text
    assert len(table) == 9


def test_a_series_compares_each_speech_with_the_one_before_it_in_its_place():
    def placed(table, place, year):
        return table.assign(place=place, year=year, speech_id=f"{place}/{year}")

    third = speech("2025", "各位代表：", "# 一、2024年工作回顾", "国内生产总值增长5%。", "# 二、2025年政府工作任务", "发展新质生产力。")
    paragraphs = pd.concat([placed(LAST_YEAR, "甲省", 2023), placed(THIS_YEAR, "甲省", 2024), placed(third, "甲省", 2025),
                            placed(THIS_YEAR, "乙省", 2024), placed(LAST_YEAR, "乙省", 2020)], ignore_index=True)
    series = la.change_series(paragraphs, within="place")
    assert series[["group", "a", "b"]].values.tolist() == [
        ["乙省", "乙省/2020", "乙省/2024"], ["甲省", "甲省/2023", "甲省/2024"], ["甲省", "甲省/2024", "甲省/2025"]]
    one = la.changes(paragraphs, "甲省/2023", "甲省/2024")["label"].value_counts()
    row = series.iloc[1]
    assert [row[label] for label in LABELS] == [int(one.get(label, 0)) for label in LABELS]
    assert row.sentences_b == 10 and row.changed_share == pytest.approx(1 - 2 / 10)  # 各位代表 and 扩大国内需求 kept
    assert series.iloc[0][["kept", "new", "dropped"]].tolist() == series.iloc[1][["kept", "new", "dropped"]].tolist()
    assert len(la.change_series(paragraphs)) == 4  # one series without within: 2020, 2023, 2024, 2024, 2025


# -- what is new ----------------------------------------------------------------------------------------------

def test_words_new_in_a_period_with_their_first_line():
    texts = {2022: ["推动高质量发展。坚持稳中求进。"], 2023: ["推动高质量发展。发展数字经济。", "数字经济很重要。2023年增长5%。"],
             2024: ["发展新质生产力。新质生产力是先进生产力。", "数字经济继续发展。"]}
    paragraphs = pd.DataFrame([{"speech_id": str(year), "para_id": i, "section_id": "0", "text": text, "year": year}
                               for year, lines in texts.items() for i, text in enumerate(lines)])
    tokens = la.segment(paragraphs, progress=False, cache=False)
    new = la.novelties(tokens, min_count=1).set_index("feature")
    assert "推动" not in new.index and "高质量发展" not in new.index  # in the first year: nothing is new there
    assert "发展" not in new.index  # a token of its own in 2023, but said in 2022 already (inside 高质量发展)
    for term in ("数字", "新质生产力"):  # first use as a plain substring search finds it
        first = min(year for year, lines in texts.items() if any(term in line for line in lines))
        assert new.loc[term, "group"] == first
    assert new.loc["数字", ["frequency", "later_frequency", "speeches"]].tolist() == [2, 1, 1]
    assert (new.loc["新质生产力", "left"], new.loc["新质生产力", "right"]) == ("发展", "。新质生产力是先进生产力。")
    assert not [f for f in new.index if any(c.isdigit() for c in f)], "numbers are never new words"
    assert all(len(f) >= 2 for f in new.index)
    for feature, row in new.iterrows():  # each first line stands in its speech's text as shown
        assert row.left + feature + row.right in "\n".join(texts[int(row.speech_id)])
    with pytest.raises(ValueError, match=r"min_count: expected a whole number >= 1, got 0"):
        la.novelties(tokens, min_count=0)


# -- diffusion from the centre ----------------------------------------------------------------------------------

def _reports(*rows):
    return pd.DataFrame([{"speech_id": f"{place}/{year}", "para_id": 0, "place": place, "year": year,
                          "level": "国家" if place == "全国" else "省", "date": pd.Timestamp(date) if date else pd.NaT,
                          "text": text} for place, year, date, text in rows])


DIFFUSING = _reports(("全国", 2015, "2015-03-05", "稳中求进。"), ("全国", 2016, "2016-03-05", "贯彻新发展理念，推进放管服改革。"),
                     ("甲省", 2016, "2016-01-20", "深化放管服改革。"), ("甲省", 2017, "2017-01-18", "牢固树立新发展理念。新发展理念。"),
                     ("乙省", 2016, "2016-03-20", "坚持新发展理念。"), ("丙省", 2017, None, "推进改革。"))


def test_first_use_at_the_centre_and_in_each_place_with_the_lag():
    table = la.diffusion(DIFFUSING, ["新发展理念", "放管服"])
    rows = {(r.term, r.place): r for r in table.itertuples()}
    assert table[table["term"] == "新发展理念"]["place"].tolist() == ["全国", "乙省", "甲省", "丙省"]  # by first use
    assert (rows[("新发展理念", "甲省")].first_year, rows[("新发展理念", "甲省")].lag_years) == (2017, 1)
    assert rows[("新发展理念", "甲省")].frequency == 2 and rows[("新发展理念", "甲省")].speeches_using == 1
    assert (rows[("新发展理念", "乙省")].lag_years, rows[("新发展理念", "乙省")].lag_days) == (0, 15)
    assert pd.isna(rows[("新发展理念", "丙省")].first_year)  # never used: listed, with no first year
    early = rows[("放管服", "甲省")]  # 2016-01-20, before the centre's report of 2016-03-05: listed, not hidden
    assert (early.lag_years, early.lag_days, early.before_centre) == (0, -45, True)
    for row in table[table["first_year"].notna()].itertuples():  # each first use found again by a plain search
        first = DIFFUSING[(DIFFUSING["place"] == row.place) & DIFFUSING["text"].str.contains(row.term, regex=False)]
        assert first["year"].min() == row.first_year and first.sort_values("year")["speech_id"].iloc[0] == row.first_speech


def test_the_adoption_curve_counts_places_year_by_year():
    curve = la.adoption(la.diffusion(DIFFUSING, "新发展理念"))
    assert curve[["year", "adopted", "places"]].values.tolist() == [[2016, 1, 3], [2017, 2, 3]]
    with pytest.raises(ValueError, match=r"centre: no speech has place = '中央'"):
        la.diffusion(DIFFUSING, "新发展理念", centre="中央")
    with pytest.raises(ValueError, match=r"place: no column 'place' in the paragraphs \(pass speeches= for the speech"):
        la.diffusion(DIFFUSING.drop(columns="place"), "新发展理念")


def test_three_terms_reach_the_provinces_as_a_substring_search_finds_them(lawtext):
    speeches, paragraphs = lawtext
    terms = ["新发展理念", "放管服", "新质生产力"]
    table = la.diffusion(paragraphs, terms, speeches=speeches)
    texts = paragraphs.groupby("speech_id", sort=False)["text"].agg("\n".join)
    speeches = speeches.set_index("speech_id")
    for row in table.itertuples():
        holding = [s for s in speeches.index[speeches["place"] == row.place] if row.term in texts[s]]
        if not holding:
            assert pd.isna(row.first_year), row
            continue
        assert row.first_year == speeches.loc[holding, "year"].min(), row
    centre = table[table["is_centre"]].set_index("term")
    assert centre.loc["新质生产力", "first_year"] == 2024
    # counted on the text, 新发展理念 first stands in 2013's 创新发展理念 ("to innovate the idea of development"),
    # two years before the formulation of 2015: what a substring search finds, and what a reader must know
    assert centre.loc["新发展理念", "first_year"] == 2013 and "创新发展理念" in texts[centre.loc["新发展理念", "first_speech"]]


# -- agenda position ------------------------------------------------------------------------------------------

def test_a_term_climbs_the_agenda():
    reports = pd.concat([
        speech("2016", "各位代表：", "# 一、工作回顾", "稳增长。", "# 二、今年任务", "深化改革。", "# 三、民生", "推进乡村振兴试点。"),
        speech("2018", "各位代表：", "# 一、工作回顾", "乡村振兴起步。", "# 二、实施乡村振兴战略", "推进乡村振兴。"),
        speech("2020", "各位代表：", "# 一、工作回顾", "稳就业。")], ignore_index=True)
    reports["n_chars"] = reports["text"].map(la.count_chars)
    table = la.agenda(reports, "乡村振兴").set_index("speech_id")
    assert table["first_section"].tolist()[:2] == [3, 1] and pd.isna(table.loc["2020", "first_section"])
    assert table.loc["2016", "first_heading"] == "三、民生" and not table.loc["2016", "in_heading"]
    assert table.loc["2018", "in_heading"] and table.loc["2018", ["frequency", "sections", "of_sections"]].tolist() == [3, 2, 2]
    speech_2016 = reports[reports["speech_id"] == "2016"]
    by_hand = speech_2016.loc[speech_2016["section_id"] == "3", "n_chars"].sum() / speech_2016["n_chars"].sum()
    assert table.loc["2016", "share_chars"] == pytest.approx(by_hand)
    assert table["frequency"].sum() == reports["text"].str.count("乡村振兴").sum()  # counted on the text
