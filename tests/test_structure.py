"""Paragraphs, title block, outline, truncation and section lengths on small texts written for the rule."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CORPUS

import lectureanalysis as la
from lectureanalysis.loading import parse_speech
from lectureanalysis.structure import announced_sections, parse_date


def outline(text: str) -> list[tuple[str, int, str]]:
    rows = parse_speech(text).rows
    return [(r.paragraph.text, r.level, r.section_path) for r in rows]


def texts(text: str) -> list[str]:
    return [r.paragraph.text for r in parse_speech(text).rows]


def test_gbt_9704_four_levels():
    text = "讲话\n开场。\n一、总体要求\n正文。\n（一）提高认识\n正文。\n1.学习\n正文。\n（1）读原著\n正文。\n（2）悟原理\n正文。\n2.实践\n正文。\n二、工作任务\n正文。"
    assert outline(text) == [
        ("开场。", 0, ""),
        ("一、总体要求", 1, "一"), ("正文。", 0, "一"),
        ("（一）提高认识", 2, "一 > （一）"), ("正文。", 0, "一 > （一）"),
        ("1.学习", 3, "一 > （一） > 1"), ("正文。", 0, "一 > （一） > 1"),
        ("（1）读原著", 4, "一 > （一） > 1 > （1）"), ("正文。", 0, "一 > （一） > 1 > （1）"),
        ("（2）悟原理", 4, "一 > （一） > 1 > （2）"), ("正文。", 0, "一 > （一） > 1 > （2）"),
        ("2.实践", 3, "一 > （一） > 2"), ("正文。", 0, "一 > （一） > 2"),
        ("二、工作任务", 1, "二"), ("正文。", 0, "二"),
    ]
    ids = [r.section_id for r in parse_speech(text).rows]
    assert ids == ["0", "1", "1", "1.1", "1.1", "1.1.1", "1.1.1", "1.1.1.1", "1.1.1.1", "1.1.1.2", "1.1.1.2",
                   "1.1.2", "1.1.2", "2", "2"]


def test_half_width_brackets_and_arabic_with_dunhao():
    assert outline("讲话\n一、甲\n(一)乙\n1、丙\n正文。") == [
        ("一、甲", 1, "一"), ("(一)乙", 2, "一 > （一）"), ("1、丙", 3, "一 > （一） > 1"), ("正文。", 0, "一 > （一） > 1")]


def test_run_in_heading_is_split_from_its_body():
    rows = outline("讲话\n一、任务\n（一）稳定宏观经济大盘。要加大政策力度，保持经济运行在合理区间。\n（二）深化改革。要激发活力。")
    assert rows == [
        ("一、任务", 1, "一"),
        ("（一）稳定宏观经济大盘。", 2, "一 > （一）"), ("要加大政策力度，保持经济运行在合理区间。", 0, "一 > （一）"),
        ("（二）深化改革。", 2, "一 > （二）"), ("要激发活力。", 0, "一 > （二）"),
    ]


def test_long_numbered_item_is_body_text():
    item = "（一）在普遍增产粮食的基础上抓好两头，一头是抓好十二个大面积商品粮基地，一头是抓好一批穷队，使他们尽快改变面貌，这是一项长期而艰巨的任务。"
    assert outline(f"讲话\n一、农业\n{item}")[1] == (item, 0, "一")


def test_restarted_list_inside_a_section_is_body_text():
    text = "讲话\n一、甲\n正文。\n二、乙\n主要有：\n一、提高设计工作。要负责。\n二、加强施工。要负责。\n三、丙\n正文。"
    levels = [(t, lvl) for t, lvl, _ in outline(text) if lvl]
    assert levels == [("一、甲", 1), ("二、乙", 1), ("三、丙", 1)]
    # items closed by ；or 。 are a sentence's parts, even standing on their own lines
    text = "讲话\n一、甲\n正文。\n二、乙\n要做到：\n一、继续批评错误观点；\n二、认真进行正面教育；\n三、加强队伍建设。\n三、丙\n正文。"
    levels = [(t, lvl) for t, lvl, _ in outline(text) if lvl]
    assert levels == [("一、甲", 1), ("二、乙", 1), ("三、丙", 1)]


def test_restarted_list_of_short_lines_is_a_nested_level():
    text = ("讲话\n一、形势\n正文。\n主要做了三件事：\n一、抓改革\n改革正文。\n二、抓发展\n发展正文。\n三、抓民生\n民生正文。\n"
            "二、任务\n正文。\n四个方面：\n一、稳增长\n正文。\n二、调结构\n正文。\n三、惠民生\n正文。\n三、要求\n正文。")
    levels = [(t, lvl, path) for t, lvl, path in outline(text) if lvl]
    assert levels == [
        ("一、形势", 1, "一"), ("一、抓改革", 2, "一 > 一"), ("二、抓发展", 2, "一 > 二"), ("三、抓民生", 2, "一 > 三"),
        ("二、任务", 1, "二"), ("一、稳增长", 2, "二 > 一"), ("二、调结构", 2, "二 > 二"), ("三、惠民生", 2, "二 > 三"),
        ("三、要求", 1, "三"),
    ]


def test_restarted_list_does_not_hide_the_next_top_level_heading():
    # one short item restarts the numbering; the 二、 after it continues the top level, not the restarted list
    text = "讲话\n一、形势\n正文。\n一、抓改革\n正文。\n二、任务\n正文。\n三、要求\n正文。"
    levels = [(t, lvl, path) for t, lvl, path in outline(text) if lvl]
    assert levels == [("一、形势", 1, "一"), ("一、抓改革", 2, "一 > 一"), ("二、任务", 1, "二"), ("三、要求", 1, "三")]


def test_unnumbered_headings_in_an_era_without_numbers():
    text = "各位代表：\n开场。\n过去五年的回顾\n" + "回顾正文，" * 8 + "。\n今后五年的主要任务\n" + "任务正文，" * 8 + "。\n（一）关于经济建设\n正文。\n结束语\n各位代表！\n让我们共同奋斗！"
    levels = [(t, lvl, path) for t, lvl, path in outline(text) if lvl]
    assert levels == [
        ("过去五年的回顾", 1, "过去五年的回顾"),
        ("今后五年的主要任务", 1, "今后五年的主要任务"),
        ("（一）关于经济建设", 2, "今后五年的主要任务 > （一）"),
        ("结束语", 1, "结束语"),
    ]


def test_part_and_ordinal_headings():
    text = "讲话\n第一部分 形势\n正文。\n第一，要看清大势。\n正文。\n第二，要抓住机遇。\n正文。\n第二部分 任务\n正文。"
    levels = [(t, lvl, path) for t, lvl, path in outline(text) if lvl]
    assert levels == [
        ("第一部分 形势", 1, "第一部分"),
        ("第一，要看清大势。", 2, "第一部分 > 第一"),
        ("第二，要抓住机遇。", 2, "第一部分 > 第二"),
        ("第二部分 任务", 1, "第二部分"),
    ]


def test_fragments_are_rejoined_in_line_mode():
    text = "政府工作报\n告\n我们要认真学习《\n中国共产党章程\n》，做到学用结合。\n一是\n加强学习；二是\n加强实践。"
    parsed = parse_speech(text)
    assert parsed.block.title == "政府工作报告"
    assert texts(text) == ["我们要认真学习《中国共产党章程》，做到学用结合。", "一是加强学习；二是加强实践。"]


def test_blank_line_paragraphs_join_markup_fragments():
    text = "讲话\n\n细颗粒物（PM\n2.5\n）浓度继续下降。\n\n国家经济实力继续得到显著增强。\n国民生产总值达到一万亿元。\n\n第二段。\n\n第三段。"
    assert texts(text) == ["细颗粒物（PM2.5）浓度继续下降。", "国家经济实力继续得到显著增强。国民生产总值达到一万亿元。",
                           "第二段。", "第三段。"]


def test_paragraphs_run_together_at_indents_are_split():
    text = "讲话\n\u3000\u3000第一段结束了。\u3000\u3000第二段开始了。\n\u3000\u3000第三段。"
    assert texts(text) == ["第一段结束了。", "第二段开始了。", "第三段。"]


def test_announced_sections():
    assert announced_sections(["下面,谈两个方面的认识和体会。"]) == 2
    assert announced_sections(["我讲三点意见。"]) == 3
    assert announced_sections(["报告分为四个部分。"]) == 4
    assert announced_sections(["着重抓好以下几个方面工作。"]) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("讲话\n下面，我讲两点意见。\n一、甲\n正文。\n二、乙\n正文。", ""),
        ("讲话\n下面，我讲三点意见。\n一、甲\n正文。\n二、乙\n正文。", "announces 3 sections, found 2"),
        ("讲话\n下面，我讲两点意见。\n一、甲\n如果算上文件、信息、汇报、",
         "ends mid-sentence: …果算上文件、信息、汇报、; announces 2 sections, found 1"),
        ("讲话\n正文完了。\n2019年3月5日", ""),  # a closing date line is not a cut-off sentence
        ("讲话\n正文完了。\n谢谢大家！", ""),
    ],
)
def test_truncation(tmp_path, text, reason):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    row = la.load_speeches(tmp_path).iloc[0]
    assert (bool(row.truncated), row.truncation_reason) == (bool(reason), reason)


def test_parse_date_forms():
    assert parse_date("（2020年1月8日）") == pd.Timestamp("2020-01-08")
    assert parse_date("一九八七年三月二十五日在第六届全国人民代表大会第五次会议上") == pd.Timestamp("1987-03-25")
    assert parse_date("2019年3月") == pd.Timestamp("2019-03-01")
    assert parse_date("没有日期") is None


def test_section_lengths_hand_computed():
    text = "讲话\n开场白说两句。\n一、回顾\n过去一年很好。\n（一）经济\n增长百分之六。\n二、任务\n今年要努力。"
    rows = parse_speech(text).rows
    frame = pd.DataFrame({
        "speech_id": "s", "para_id": range(len(rows)), "text": [r.paragraph.text for r in rows],
        "n_chars": [la.count_chars(r.paragraph.text) for r in rows], "is_heading": [r.is_heading for r in rows],
        "level": [r.level for r in rows], "section_id": [r.section_id for r in rows],
        "section_path": [r.section_path for r in rows],
    })
    # 字: 开场白说两句 6 | 一回顾 3 + 过去一年很好 6 + 一经济 3 + 增长百分之六 6 = 18 | 二任务 3 + 今年要努力 5 = 8; total 32
    level_one = la.section_lengths(frame)
    assert level_one[["section_id", "section_path", "title", "n_paragraphs", "n_chars"]].to_dict("records") == [
        {"section_id": "0", "section_path": "", "title": "", "n_paragraphs": 1, "n_chars": 6},
        {"section_id": "1", "section_path": "一", "title": "一、回顾", "n_paragraphs": 4, "n_chars": 18},
        {"section_id": "2", "section_path": "二", "title": "二、任务", "n_paragraphs": 2, "n_chars": 8},
    ]
    assert list(level_one["share"]) == pytest.approx([6 / 32, 18 / 32, 8 / 32])
    level_two = la.section_lengths(frame, level=2)
    assert level_two[["section_id", "title", "n_chars"]].to_dict("records") == [
        {"section_id": "0", "title": "", "n_chars": 6},
        {"section_id": "1", "title": "", "n_chars": 9},
        {"section_id": "1.1", "title": "（一）经济", "n_chars": 9},
        {"section_id": "2", "title": "", "n_chars": 8},
    ]


def test_section_lengths_checks_its_input():
    with pytest.raises(ValueError, match="paragraph table: missing column"):
        la.section_lengths(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match=r"level: expected a whole number >= 1"):
        la.section_lengths(la.load_paragraphs(CORPUS / "政府工作报告"), level=0)


def test_salutation_after_the_title_is_no_speaker():
    parsed = parse_speech("在全市工作会议上的讲话\n同志们\n今天开会。")
    assert parsed.block.speaker == ""
    assert [r.paragraph.text for r in parsed.rows] == ["同志们", "今天开会。"]


# -- news-portal paragraph marks (issue 9) --------------------------------------------------------------

S = "\u3000\u3000"  # the two ideographic spaces that indent a paragraph


@pytest.mark.parametrize("mark", [S, " " + S, "\u00a0\u3000", "\u3000 \u3000", S + " "])
def test_an_indent_inside_a_line_is_always_a_paragraph_mark(mark):
    """Portal text keeps only the indents: a run of two or more spaces holding U+3000 starts a paragraph
    after a heading with a comma, after a salutation's colon and after 。（鼓掌）."""
    text = (f"政府工作报告{mark}各位代表：{mark}现在，我代表国务院，向大会报告政府工作。（鼓掌）{mark}"
            f"二、抓紧有利时机，加快经济发展{mark}现在，国际形势深刻变化，我们要抓住机遇。{mark}要坚定信心。")
    assert texts(text) == ["各位代表：", "现在，我代表国务院，向大会报告政府工作。（鼓掌）", "二、抓紧有利时机，加快经济发展",
                           "现在，国际形势深刻变化，我们要抓住机遇。", "要坚定信心。"]


def test_a_false_cut_is_rejoined_by_the_typesetting_rule():
    text = f"讲话{S}我们要坚持改革开放{S}，推动高质量发展。{S}第二段。"
    assert texts(text) == ["我们要坚持改革开放，推动高质量发展。", "第二段。"]


def test_a_numbered_line_after_a_full_stop_starts_a_paragraph_in_blank_line_files():
    text = ("关于工作的讲话\n\n同志们：\n\n今天开会，讲两点意见。\n一、提高认识\n\n要提高思想认识，统一思想。\n"
            "二、狠抓落实\n\n要抓好落实，务求实效。\n\n第三段。")
    assert outline(text) == [
        ("同志们：", 0, ""), ("今天开会，讲两点意见。", 0, ""), ("一、提高认识", 1, "一"), ("要提高思想认识，统一思想。", 0, "一"),
        ("二、狠抓落实", 1, "二"), ("要抓好落实，务求实效。", 0, "二"), ("第三段。", 0, "二")]


@pytest.mark.parametrize("space", ["\u3000", " "])
def test_a_heading_ends_at_a_single_space(space):
    """Chinese body text has no spaces: after a numbered heading, one space ends the heading."""
    text = (f"政府工作报告\n各位代表：\n现在报告工作。\n三、深入改革经济体制{space}国民经济的发展要求我们深化改革，"
            "加快建立新的体制。\n四、扩大对外开放\n要扩大开放。")
    assert outline(text)[2:5] == [("三、深入改革经济体制", 1, "三"), ("国民经济的发展要求我们深化改革，加快建立新的体制。", 0, "三"),
                                  ("四、扩大对外开放", 1, "四")]


@pytest.mark.parametrize("lead_in", ["首先报告2001年的工作", "下面，我讲几点意见", "现在，我向大会报告几个问题"])
def test_a_lead_in_line_is_not_a_parent_of_the_sections(lead_in):
    text = (f"政府工作报告\n各位代表：\n{lead_in}\n" + "过去的一年，我们做了大量工作，取得了显著成绩。" * 3 +
            "\n一、扩大和培育内需，促进经济较快增长\n" + "正文写了很多内容。" * 5 +
            "\n二、加快农业和农村经济发展\n" + "正文写了很多内容。" * 5)
    rows = outline(text)
    assert rows[1] == (lead_in, 0, "")
    assert [(t, level, path) for t, level, path in rows if level] == [
        ("一、扩大和培育内需，促进经济较快增长", 1, "一"), ("二、加快农业和农村经济发展", 1, "二")]


def test_an_unnumbered_part_heading_still_holds_its_sections():
    text = ("政府工作报告\n各位代表：\n第六个五年计划的基本任务\n" + "正文写了很多内容。" * 5 +
            "\n一、关于工农业生产的发展速度\n" + "正文写了很多内容。" * 5)
    assert [(t, level) for t, level, _ in outline(text) if level] == [("第六个五年计划的基本任务", 1),
                                                                     ("一、关于工农业生产的发展速度", 2)]


def test_announcing_lines_that_are_parallel_subheadings_stay_headings():
    """1958's way: under a numbered part, 先说… / 以下再说… / 最后说到… head the parts that follow, and the
    next numbered part continues the outer numbering."""
    body = "正文写了很多内容，情况很好。" * 3
    text = (f"政府工作报告\n（一）一年来的情况\n先说工业战线上的情况\n{body}\n以下再说农业战线上的情况\n{body}\n"
            f"最后说到文教战线上的情况\n{body}\n（二）今后的任务\n{body}")
    assert [(t, level) for t, level, _ in outline(text) if level] == [
        ("（一）一年来的情况", 1), ("先说工业战线上的情况", 2), ("以下再说农业战线上的情况", 2), ("最后说到文教战线上的情况", 2),
        ("（二）今后的任务", 1)]


def test_a_run_on_title_block_with_a_two_character_speaker():
    # a two-character name after the date is the speaker, not a fragment of the date line
    text = "在省委全会上的讲话（2023年3月13日）李强 同志们：今天开会。一、抓好经济工作。要稳字当头。"
    parsed = parse_speech(text)
    assert (parsed.block.title, parsed.block.date, parsed.block.speaker) == (
        "在省委全会上的讲话", pd.Timestamp("2023-03-13"), "李强")
    assert parsed.rows[0].paragraph.text == "同志们："
    closing = parse_speech(text + "同志们！让我们团结奋斗，再创佳绩！")
    assert [r.paragraph.text for r in closing.rows][-2:] == ["要稳字当头。", "同志们！让我们团结奋斗，再创佳绩！"]


def test_a_text_without_line_breaks_gives_its_title_block():
    text = ("在全国抗击新冠肺炎疫情表彰大会上的讲话（2020年9月8日）习近平 同志们：今天，我们隆重召开大会，表彰先进。"
            "一、伟大抗疫精神。这是我们战胜疫情的力量源泉，必须大力弘扬。二、抓好常态化防控。要毫不放松抓好各项工作。")
    parsed = parse_speech(text)
    assert parsed.block.title == "在全国抗击新冠肺炎疫情表彰大会上的讲话"
    assert parsed.block.date == pd.Timestamp("2020-09-08") and parsed.block.speaker == "习近平"
    assert [(r.paragraph.text, r.level) for r in parsed.rows] == [
        ("同志们：", 0), ("今天，我们隆重召开大会，表彰先进。", 0), ("一、伟大抗疫精神。", 1),
        ("这是我们战胜疫情的力量源泉，必须大力弘扬。", 0), ("二、抓好常态化防控。", 1), ("要毫不放松抓好各项工作。", 0)]


GLUED = ("讲话\n开场。\n一、坚持稳中求进工作总基调\n正文。\n二、全面深化改革开放\n正文。\n{}\n正文。\n"
         "四、加强政府自身建设\n正文。")


@pytest.mark.parametrize(("line", "heading", "body"), [
    # the heading runs into its body with no separator: the numbering demands 三、, the words tell where it ends
    ("三、持续改善营商环境过去一年，我们深化放管服改革。", "三、持续改善营商环境", "过去一年，我们深化放管服改革。"),
    ("三、切实加强党的建设全面从严治党永远在路上，我们要坚定不移推进。", "三、切实加强党的建设",
     "全面从严治党永远在路上，我们要坚定不移推进。"),
    ("三、扎实推进乡村振兴农业农村工作要坚持农业农村优先发展。", "三、扎实推进乡村振兴", "农业农村工作要坚持农业农村优先发展。"),
    ("三、深入改革经济体制和扩大对外开放国民经济的长期稳定发展，既要靠坚持正确的建设方针。",
     "三、深入改革经济体制和扩大对外开放", "国民经济的长期稳定发展，既要靠坚持正确的建设方针。"),
    # a two-part heading, a space, the body
    ("三、加强民主法制建设，提高精神文明水平 各级政府要自觉接受人大的法律监督。", "三、加强民主法制建设，提高精神文明水平",
     "各级政府要自觉接受人大的法律监督。"),
    # a two-part heading closed by a full stop: its first clause is heading-sized, nothing is split off
    ("三、继续改善重点民生，加快社会事业发展。", None, None),
    # too long for a heading, but alone on its line and no sentence: a long heading, whole
    ("三、我们坚持在和平共处五项原则的基础上发展同世界各国的关系，并且主张世界上所有国家都应当遵循五项原则，"
     "使它真正成为国际关系的普遍准则", None, None),
])
def test_a_heading_glued_to_its_body_is_split_when_the_numbering_demands_it(line, heading, body):
    rows = outline(GLUED.format(line))
    headings = [(text, path) for text, level, path in rows if level == 1]
    assert [path for _, path in headings] == ["一", "二", "三", "四"]
    assert headings[2][0] == (heading or line)
    if body:
        assert (body, 0, "三") in rows


def test_a_numbered_sentence_no_heading_demands_stays_body_text():
    # 七、 between 二、 and 四、: the numbering demands no such heading, the long sentence stays body text
    line = "七、持续改善营商环境过去一年，我们深化放管服改革，企业开办时间压缩到四个工作日以内，市场主体活力进一步增强，全年新增市场主体一百多万户。"
    rows = outline(GLUED.format(line))
    assert [path for _, level, path in rows if level == 1] == ["一", "二", "四"]
    assert (line, 0, "二") in rows


def test_the_1987_report_has_its_third_section():
    _, paragraphs = la.load(CORPUS / "政府工作报告")
    rows = paragraphs[paragraphs["speech_id"] == "1987"]
    top = rows[rows["is_heading"] & (rows["level"] == 1)]
    assert top["text"].tolist() == ["一、当前国内形势和基本任务", "二、坚持长期稳定发展经济的方针", "三、深入改革经济体制和扩大对外开放",
                                    "四、巩固和发展安定团结的政治局面", "结束语"]
    after = rows[rows["para_id"] > top[top["text"].str.startswith("三、")]["para_id"].iloc[0]].iloc[0]
    assert after["text"].startswith("国民经济的长期稳定发展，既要靠坚持正确的建设方针") and after["section_path"] == "三"
    shares = la.section_lengths(rows).set_index("section_path")["share"]
    assert shares["二"] < 0.3 and shares["三"] > 0.25, "section 二 no longer holds section 三's text (57 % before)"
