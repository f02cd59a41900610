"""The 52 Government Work Reports of ../shared/corpora/gwr-wikisource, raw as scraped (see its SOURCE.md)."""

from __future__ import annotations

import pandas as pd


def test_all_52_reports_load_without_warnings(gwr):
    speeches, paragraphs = gwr
    assert len(speeches) == 52
    assert speeches["speech_id"].is_unique
    assert set(paragraphs["speech_id"]) == set(speeches["speech_id"])
    assert (speeches["encoding"] == "utf-8").all()


def test_no_footer_or_invisible_characters_in_paragraphs(gwr):
    speeches, paragraphs = gwr
    for needle in ("本作品是中华人民共和国的", "Public domain", "\u200b", "\u200d", "\ufeff"):
        assert not paragraphs["text"].str.contains(needle, regex=False).any(), needle
    # the footer is removed, never lost: every report's boilerplate holds it verbatim
    assert speeches["boilerplate"].str.contains("\n本作品是中华人民共和国的|^本作品是中华人民共和国的").all()
    assert speeches["boilerplate"].str.contains("Public domain").all()
    kinds = speeches.set_index("speech_id")["boilerplate_kinds"]
    assert (kinds.drop(["1956", "1982"]) == "wikisource_licence").all()
    # editorial notes of the digitisation (footnote markers （⑵⑶）, glyph notes ＠①原字石右加安) are recorded too
    assert kinds["1956"] == "notes,wikisource_licence" and kinds["1982"] == "notes,wikisource_licence"


def test_2019_outline(gwr):
    _, paragraphs = gwr
    report = paragraphs[paragraphs["speech_id"] == "2019"]
    level_one = report[report["is_heading"] & (report["level"] == 1)]
    assert list(level_one["text"]) == [
        "一、2018年工作回顾",
        "二、2019年经济社会发展总体要求和政策取向",
        "三、2019年政府工作任务",
    ]
    level_two = report[report["is_heading"] & (report["level"] == 2)]
    assert "（一）继续创新和完善宏观调控，确保经济运行在合理区间。" in set(level_two["text"])
    assert len(level_two) == 10
    assert set(level_two["section_path"].str.split(" > ").str[0]) == {"三"}
    first = level_two.iloc[0]
    assert (first.section_path, first.section_id, first.section_title) == ("三 > （一）", "3.1", "三、2019年政府工作任务")
    body_under_first = report[(report["section_id"] == "3.1") & ~report["is_heading"]]
    assert len(body_under_first) > 0 and (body_under_first["section_path"] == "三 > （一）").all()


def test_split_title_word_is_rejoined(gwr):
    speeches, paragraphs = gwr
    for year in ("2017", "2021"):
        report = paragraphs[paragraphs["speech_id"] == year]
        assert not (report["text"] == "告").any()
        row = speeches.set_index("speech_id").loc[year]
        assert row.title == f"{year}年中华人民共和国国务院政府工作报告"  # from the index, given as metadata
        assert row.speaker == "李克强" and row.speaker_title == "国务院总理"
        assert row.date == pd.Timestamp(f"{year}-03-05")
        assert row.title_block.startswith(f"——{year}年3月5日在")
        assert report.iloc[0].text == "各位代表："


def test_1957_title_block_without_dashes(gwr):
    speeches, _ = gwr
    row = speeches.set_index("speech_id").loc["1957"]
    assert (row.date, row.speaker) == (pd.Timestamp("1957-06-26"), "周恩来")
    assert row.occasion == "在第一届全国人民代表大会第四次会議上"


def test_page_breaks_and_inline_markup_are_rejoined(gwr):
    _, paragraphs = gwr
    text = "\n".join(paragraphs["text"])
    assert "交出一份人民满意、世界瞩目、可以载入史册的答卷" in text  # 2021: 人\n\u200b\n民 across a page break
    assert "细颗粒物（PM2.5）浓度继续下降" in text  # 2019: subscript on its own lines
    assert "中共中央关于加快农业发展若干问题的决定（草案）》和《" in text  # 1979: book titles cut at 《 》
    # a bold enumerator alone on a line belongs to its item (1994)
    assert paragraphs["text"].str.startswith("一是依法打击危害人民生命财产安全").any()
    assert not paragraphs["text"].isin(["一是", "二是", "一要", "《", "》"]).any()


def test_spaced_and_full_width_digits_are_normalised(gwr):
    _, paragraphs = gwr
    text = "\n".join(paragraphs.loc[paragraphs["speech_id"] == "1998", "text"])
    assert "本届政府从1993年3月" in text and "1 9 9" not in text
    assert "１" not in "\n".join(paragraphs["text"])


def test_era_specific_outlines(gwr):
    _, paragraphs = gwr
    headings = paragraphs[paragraphs["is_heading"]]

    def level(year: str, n: int) -> list[str]:
        rows = headings[(headings["speech_id"] == year) & (headings["level"] == n)]
        return list(rows["text"])

    # 1983: bare headings at the top, （一） below them, 结束语 closing the report
    assert level("1983", 1) == ["过去五年的回顾", "今后五年的主要任务", "结束语"]
    assert level("1983", 2)[:2] == ["（一）关于经济建设", "（二）关于经济体制改革"]
    # 1955: a list 一、二、三、四 inside section 三 is body text, not four new top-level sections
    assert level("1955", 1) == ["一、国家在过渡时期的总任务", "二、第一个五年计划概要", "三、第一個五年計劃的若幹問題",
                                "四、为完成和超额完成第一个五年计划而奋斗"]
    assert len(level("1955", 2)) == 9
    # 1986: lists restarting at 一、 inside sections 二 and 三 are their subsections, and 三、四 stay top level
    assert level("1986", 1) == ["一、“六五”计划执行情况的回顾", "二、“七五”时期的基本任务和主要建设方针",
                                "三、“七五”时期的经济体制改革", "四、坚持独立自主的和平外交政策", "结束语"]
    assert [len(level("1986", 2)), level("1986", 2)[5]] == [11, "一、充分认识经济体制改革必须适应发展社会主义商品经济的要求"]
    # 1958 starts its outline at （一）
    assert level("1958", 1)[0] == "（一）一九五七年经济战线上的胜利"
    # 2021: run-in headings （一）标题。正文 are split from their body
    twenty_one = level("2021", 2)
    assert twenty_one[0] == "（一）保持宏观政策连续性稳定性可持续性，促进经济运行在合理区间。"
    after = paragraphs[(paragraphs["speech_id"] == "2021") & (paragraphs["section_id"] == "3.1")].iloc[1]
    assert after.text.startswith("在区间调控基础上加强定向调控") and not after.is_heading


def test_no_paragraph_is_lost_and_shares_add_up(gwr):
    import lectureanalysis as la

    speeches, paragraphs = gwr
    lengths = la.section_lengths(paragraphs)
    shares = lengths.groupby("speech_id")["share"].sum()
    assert ((shares - 1).abs() < 1e-9).all()
    per_speech = lengths.groupby("speech_id")["n_chars"].sum()
    assert (per_speech == speeches.set_index("speech_id")["n_chars"]).all()


def test_truncation_flags(gwr):
    speeches, _ = gwr
    # SOURCE.md: nothing is cut off mid-sentence; 1956's closing glyph notes (＠②原字钅右加夕) are recorded as
    # notes, not read as a sentence the text stops in
    assert not speeches["truncated"].any()
    notes = speeches.set_index("speech_id").loc["1956", "boilerplate"]
    assert "＠②原字钅右加夕" in notes and "字库未存字注释" in notes


def test_vectorised_char_count_matches_the_definition(gwr):
    import lectureanalysis as la
    from lectureanalysis.structure import count_chars_many

    _, paragraphs = gwr
    texts = list(paragraphs["text"])
    assert count_chars_many(texts) == [la.count_chars(t) for t in texts] == list(paragraphs["n_chars"])
