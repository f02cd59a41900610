"""Comparative reading (issue 21): what changed between two texts, checked on texts written by hand with known
additions, deletions, rewordings, number changes and moves, and on two national reports."""

import re

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


def _series(texts):
    return pd.DataFrame([{"speech_id": str(year), "para_id": i, "section_id": "0", "text": text, "year": year}
                         for year, lines in texts.items() for i, text in enumerate(lines)])


def test_n_grams_new_in_a_period_and_new_again_after_years():
    texts = {2010: ["扩大国内需求。"], 2011: ["稳定物价。"], 2012: ["推进改革。"], 2013: ["扩大国内需求。保持物价稳定。"],
             2014: ["深化改革开放。"], 2015: ["保持物价稳定。"]}
    tokens = la.segment(_series(texts), progress=False, cache=False)
    new = la.novelties(tokens, n=2, min_count=1)
    assert "扩大国内需求" not in set(new["feature"])  # said in the first year
    assert new.set_index("feature").loc["物价稳定", "group"] == 2013  # as the text writes it, words joined
    for feature, year in zip(new["feature"], new["group"], strict=True):  # new: absent from every earlier text
        assert feature in "".join(texts[year]) and not any(feature in "".join(texts[y]) for y in texts if y < year)
    again = la.novelties(tokens, n=2, min_count=1, years=2).set_index("feature")
    # not said in 2011-2012: new again in 2013 within two years; 物价稳定 of 2013 is not new in 2015 (two years back)
    assert again.loc["国内需求", "group"] == 2013 and "物价稳定" in again.index
    assert 2015 not in set(again.loc[["物价稳定"], "group"])
    with pytest.raises(ValueError, match=r"years: expected a whole number >= 1, got 0"):
        la.novelties(tokens, years=0)


def test_formulations_new_in_a_period_with_their_items():
    texts = {2015: ["协调推进“四个全面”。"], 2016: ["增强“三个自信”。", "坚持“四个全面”。"],
             2017: ["坚定“三个自信”，即道路自信、理论自信、制度自信。", "树牢“四个意识”，即政治意识、大局意识、核心意识、看齐意识。"]}
    paragraphs = _series(texts)
    found = la.formulations(paragraphs)
    new = la.new_formulations(found, paragraphs)
    assert new[["group", "formulation", "number", "items"]].values.tolist() == [
        [2016, "三个自信", 3, ""],  # first said without its items
        [2017, "四个意识", 4, "政治意识、大局意识、核心意识、看齐意识"]]
    assert new.set_index("formulation").loc["三个自信", "later_frequency"] == 1
    for row in new.itertuples():  # the first use, as a plain search finds it
        assert min(y for y, lines in texts.items() if any(row.formulation in t for t in lines)) == row.group
    with pytest.raises(ValueError, match=r"speeches: expected the columns speech_id and 'year'"):
        la.new_formulations(found, paragraphs.drop(columns="year"))


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
    # 乙省's first use stands in its earliest report: it may have used the term before the collection begins
    assert rows[("新发展理念", "乙省")].in_first_speech and not rows[("新发展理念", "甲省")].in_first_speech
    # a speech of no place (a 党课讲稿 beside the reports) makes no row of its own
    lesson = pd.DataFrame({"speech_id": ["党课"], "para_id": [0], "place": [""], "level": [""], "year": [2016],
                           "date": [pd.NaT], "text": ["学习新发展理念。"]})
    with_lesson = la.diffusion(pd.concat([DIFFUSING, lesson], ignore_index=True), "新发展理念")
    assert with_lesson["place"].tolist() == ["全国", "乙省", "甲省", "丙省"]
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


# -- reuse across levels ----------------------------------------------------------------------------------------

def report(speech_id, place, level, year, date, *lines):
    """A report of ``place`` with its speech columns (the outline as :func:`speech` makes it)."""
    table = speech(speech_id, *lines)
    return table.assign(place=place, year=year, date=pd.Timestamp(date))


CENTRE_2022 = report("国务院/2022", "全国", "国家", 2022, "2022-03-05", "坚决守住不发生规模性返贫底线。")
CENTRE_2023 = report("国务院/2023", "全国", "国家", 2023, "2023-03-05",
                     "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
                     "# 一、2022年工作回顾", "着力扩大国内需求推动经济持续回升向好。", "加快建设现代化产业体系。",
                     "集中整治乱收费，坚决防止违规异地执法和趋利性执法。")
CENTRE_2024 = report("国务院/2024", "全国", "国家", 2024, "2024-03-05", "大力推进现代化产业体系建设，加快发展新质生产力。")
PROVINCE_2024 = report(
    "甲省/2024", "甲省", "省", 2024, "2024-01-20",
    "各位代表：",
    "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。",  # formula: said by every report
    "# 一、2023年工作回顾",
    "着力扩大国内需求推动经济持续回升向好。",  # word for word from the centre's 2023 report
    "（三）坚决防止违规异地执法和趋利性执法",  # a clause of a centre sentence, numbered as a heading
    "着力扩大国内需求推动经济持续回升向好全省上下共同努力。",  # 18 字 of the centre's and 8 of its own
    "坚决守住不发生规模性返贫底线。",  # the centre's of 2022: two years back, not a source by default
    "大力推进现代化产业体系建设，加快发展新质生产力。",  # the centre's of 2024, delivered after this report
    "全省粮食产量达到七百二十万吨，再创历史新高。",  # its own
    "深化改革。")  # short
LEVELS = pd.concat([CENTRE_2022, CENTRE_2023, CENTRE_2024, PROVINCE_2024], ignore_index=True)
SPEECH_LEVELS = pd.DataFrame({"speech_id": ["国务院/2022", "国务院/2023", "国务院/2024", "甲省/2024"],
                              "level": ["国家", "国家", "国家", "省"]})


def test_a_provincial_report_repeats_the_centre_sentence_by_sentence():
    table = la.reuse(LEVELS, speeches=SPEECH_LEVELS)
    assert set(table["speech_id"]) == {"甲省/2024"}  # the centre's own reports are sources, not rows
    got = dict(zip(table["sentence"], zip(table["status"], table["source_speech"], strict=True), strict=True))
    assert got == {
        "各位代表：": ("formula", ""),
        "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。": ("formula", ""),
        "一、2023年工作回顾": ("formula", ""),
        "着力扩大国内需求推动经济持续回升向好。": ("reused", "国务院/2023"),
        "（三）坚决防止违规异地执法和趋利性执法": ("reused", "国务院/2023"),
        "着力扩大国内需求推动经济持续回升向好全省上下共同努力。": ("original", "国务院/2023"),
        "坚决守住不发生规模性返贫底线。": ("original", ""),
        "大力推进现代化产业体系建设，加快发展新质生产力。": ("reused", "国务院/2024"),
        "全省粮食产量达到七百二十万吨，再创历史新高。": ("original", ""),
        "深化改革。": ("short", ""),
    }
    rows = table.set_index("sentence")
    # 18 of its 26 字 stand in order in one centre sentence: 18/26, under the threshold of 0.8
    assert rows.loc["着力扩大国内需求推动经济持续回升向好全省上下共同努力。", "similarity"] == pytest.approx(18 / 26)
    assert rows.loc["（三）坚决防止违规异地执法和趋利性执法", "similarity"] == 1.0  # a clause: all its 字 are there
    assert rows.loc["（三）坚决防止违规异地执法和趋利性执法", "source_text"] == "集中整治乱收费，坚决防止违规异地执法和趋利性执法。"
    later = rows.loc["大力推进现代化产业体系建设，加快发展新质生产力。"]
    assert later.source_later and later.source_year == 2024  # the centre spoke in March, the province in January
    assert rows.loc["着力扩大国内需求推动经济持续回升向好。", "n_chars"] == la.count_chars("着力扩大国内需求推动经济持续回升向好。")
    # two years back, the centre of 2022 is a source
    wider = la.reuse(LEVELS, speeches=SPEECH_LEVELS, years=2).set_index("sentence")
    assert wider.loc["坚决守住不发生规模性返贫底线。", ["status", "source_speech"]].tolist() == ["reused", "国务院/2022"]


def test_the_shares_and_passages_of_a_speech():
    table = la.reuse(LEVELS, speeches=SPEECH_LEVELS)
    summary = la.reuse_summary(table).iloc[0]
    assert (summary.sentences, summary.reused, summary.formula, summary.short, summary.reused_later) == (6, 3, 3, 1, 1)
    counted = ["着力扩大国内需求推动经济持续回升向好。", "（三）坚决防止违规异地执法和趋利性执法", "着力扩大国内需求推动经济持续回升向好全省上下共同努力。",
               "坚决守住不发生规模性返贫底线。", "大力推进现代化产业体系建设，加快发展新质生产力。", "全省粮食产量达到七百二十万吨，再创历史新高。"]
    reused = [*counted[:2], counted[4]]
    assert summary.share == 0.5
    assert summary.share_chars == pytest.approx(sum(map(la.count_chars, reused)) / sum(map(la.count_chars, counted)))
    assert summary.sources == "国务院/2023 (2)、国务院/2024 (1)"
    passages = la.reuse_passages(table)
    assert passages[["source_speech", "sentences", "first_para_id", "last_para_id"]].values.tolist() == [
        ["国务院/2023", 2, 3, 4], ["国务院/2024", 1, 7, 7]]
    assert passages.loc[0, "text"] == "着力扩大国内需求推动经济持续回升向好。（三）坚决防止违规异地执法和趋利性执法"


def test_a_report_repeating_its_own_place_last_year():
    series = pd.concat([
        report("甲省/2023", "甲省", "省", 2023, "2023-01-15", "全面推进乡村振兴，建设宜居宜业和美乡村。", "实施城市更新行动，改造老旧小区一千个。"),
        report("甲省/2024", "甲省", "省", 2024, "2024-01-20", "全面推进乡村振兴，建设宜居宜业和美乡村。", "发展低空经济，培育新的增长点。"),
        report("乙省/2024", "乙省", "省", 2024, "2024-01-25", "全面推进乡村振兴，建设宜居宜业和美乡村。")], ignore_index=True)
    table = la.reuse(series, against="previous")
    assert table[["speech_id", "status", "source_speech"]].values.tolist() == [
        ["甲省/2024", "reused", "甲省/2023"], ["甲省/2024", "original", ""]]  # 乙省 has no report before 2024


def test_template_speeches_share_passages_with_one_another():
    lessons = pd.concat([
        speech("党课A", "同志们：", "理想信念是共产党人精神上的钙。", "没有理想信念就会得软骨病。", "我们要以案为鉴，警钟长鸣。"),
        speech("党课B", "理想信念是共产党人精神上的“钙”，没有理想信念就会得“软骨病”。", "基层党组织要抓好三会一课制度落实。"),
        speech("党课C", "乡村振兴要靠人才，要靠本土人才。", "我们村的合作社去年分红三十万元。")], ignore_index=True)
    table = la.reuse(lessons, against="others", min_chars=8)
    summary = la.reuse_summary(table).set_index("speech_id")
    assert summary.loc["党课C", "original_share"] == 1.0
    assert summary.loc["党课A", ["reused", "sentences", "sources"]].tolist() == [2, 3, "党课B (2)"]
    assert summary.loc["党课B", ["reused", "sentences", "sources"]].tolist() == [1, 2, "党课A (1)"]
    passages = la.reuse_passages(table).set_index("speech_id")
    assert passages.loc["党课A", "text"] == "理想信念是共产党人精神上的钙。没有理想信念就会得软骨病。"
    assert passages.loc["党课A", "source_text"] == "理想信念是共产党人精神上的“钙”，没有理想信念就会得“软骨病”。"


@pytest.mark.parametrize("sentence", [
    "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。",
    "现在，我代表市人民政府向大会作政府工作报告，请予审议，并请市政协委员和其他列席人员提出意见。",
    "以上报告，请予审议。",
    "各位代表、各位委员：",
    "二、2024年经济社会发展总体要求和主要预期目标"])
def test_the_genres_formula_sentences_are_not_reuse(sentence):
    pair = pd.concat([report("c", "全国", "国家", 2024, "2024-03-05", sentence),
                      report("p", "甲省", "省", 2024, "2024-01-20", sentence)], ignore_index=True)
    assert la.reuse(pair, centre="全国", min_chars=4)["status"].tolist() == ["formula"]


def test_reuse_names_its_bad_arguments():
    with pytest.raises(ValueError, match=r"against: expected 'centre', 'previous' or 'others', got 'center'"):
        la.reuse(LEVELS, against="center")
    with pytest.raises(ValueError, match=r"centre: name the value of 'place' that is the centre"):
        la.reuse(LEVELS)
    with pytest.raises(ValueError, match=r"threshold: expected a similarity in \(0, 1\], got 1.5"):
        la.reuse(LEVELS, centre="全国", threshold=1.5)
    with pytest.raises(ValueError, match=r"min_chars: expected a whole number >= 1, got 0"):
        la.reuse(LEVELS, centre="全国", min_chars=0)
    with pytest.raises(ValueError, match=r"place: no column 'place' in the paragraphs \(pass speeches= for the speech"):
        la.reuse(LEVELS.drop(columns="place"), centre="全国")
    with pytest.raises(ValueError, match=r"table: not a table of reuse\(\)"):
        la.reuse_summary(pd.DataFrame({"speech_id": []}))


def test_reuse_on_real_reports_points_at_the_text(lawtext):
    """Three provinces against the centre, 2020–2024: every reused sentence and its source stand in the two
    reports' texts, and a sentence that a centre sentence holds whole is reused with similarity 1; the delayed
    四川 report of 2020 (file 2019.md, SOURCE.md's defect) repeats nearly all of the one filed as 2020."""
    speeches, paragraphs = lawtext
    chosen = speeches[speeches["place"].isin(["全国", "浙江省", "四川省", "湖北省"])
                      & speeches["year"].between(2019, 2024)]["speech_id"]
    subset = paragraphs[paragraphs["speech_id"].isin(chosen)]
    table = la.reuse(subset, speeches=speeches)
    assert set(table["place"]) == {"浙江省", "四川省", "湖北省"}
    texts = subset.groupby("speech_id", sort=False)["text"].agg("".join).str.replace(r"\s+", "", regex=True)
    reused = table[table["status"] == "reused"]
    assert len(reused) > 20
    for row in reused.itertuples():
        assert re.sub(r"\s+", "", row.sentence) in texts[row.speech_id]
        assert re.sub(r"\s+", "", row.source_text) in texts[row.source_speech]
        assert speeches.set_index("speech_id").loc[row.source_speech, "level"] == "国家"
        assert row.year - 1 <= row.source_year <= row.year
    whole = reused[[strip(s) in strip(t) for s, t in zip(reused["sentence"], reused["source_text"], strict=True)]]
    assert len(whole) and (whole["similarity"] == 1.0).all()
    sichuan = la.reuse_summary(la.reuse(subset, speeches=speeches, against="previous")).set_index("speech_id")
    assert sichuan.loc["省级/四川省/2020", "sources"].startswith("省级/四川省/2019")
    assert sichuan.loc["省级/四川省/2020", "share_chars"] > 0.95


def strip(text):
    """A sentence's 字 alone, as reuse compares them."""
    return re.sub(r"[\W_]+", "", re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．])", "", text))


def test_a_dropped_sections_sentences_are_counted_under_its_heading():
    """A heading of last year's report with no counterpart (dropped) keeps its sentences under its own name —
    the 2023 → 2024 national reports drew 439 dropped sentences in a bar without a name."""
    both = pd.concat([speech("2023", "# 一、过去一年和五年工作回顾", "经济总量迈上新台阶。", "# 二、对今年政府工作的建议", "着力扩大国内需求。"),
                      speech("2024", "# 一、2024年政府工作任务", "着力扩大国内需求。")], ignore_index=True)
    summary = la.change_summary(la.changes(both, "2023", "2024")).set_index("section")
    assert "" not in summary.index
    assert summary.loc["一、过去一年和五年工作回顾", ["dropped", "sentences_a"]].tolist() == [2, 2]


def test_the_summary_follows_the_later_texts_order_of_sections():
    """A dropped sentence stands where its predecessor went; when that is in an earlier section of the later text,
    its own section (renamed into a later one) must not jump ahead (2024 → 2025 listed section 三 before 二)."""
    both = pd.concat([speech("a", "# 一、工作回顾", "稳定粮食生产。", "# 二、今年任务", "扩大国内需求。", "推进城市更新。"),
                      speech("b", "# 一、工作回顾", "扩大国内需求。", "# 二、发展目标", "增长百分之五左右。",
                             "# 三、今年任务", "发展低空经济。")], ignore_index=True)
    summary = la.change_summary(la.changes(both, "a", "b"))
    assert summary["section"].tolist() == ["一、工作回顾", "二、发展目标", "三、今年任务"]
