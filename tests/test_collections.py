"""Real collections as researchers have them (issue 18): metadata from what the file says, in every common
layout, and only the speech in the text. Each convention is tested on text written in that convention."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from conftest import write

import lectureanalysis as la

BODY = "各位代表：\n\n现在，我代表省人民政府向大会报告工作，请予审议。\n\n一、过去一年的工作\n\n经济平稳增长，民生持续改善。\n\n二、今年的主要任务\n\n坚持稳中求进，扎实推动高质量发展。\n"


def load_one(tmp_path, text: str, name: str = "2021.md") -> pd.Series:
    write(tmp_path, name, text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        speeches, paragraphs = la.load(tmp_path / name, progress=False)
    row = speeches.iloc[0]
    row["_text"] = "\n".join(paragraphs["text"])
    return row


def test_front_matter_is_metadata_never_text(tmp_path):
    text = ("---\ntitle: 2021年政府工作报告\nsource:\n  - https://www.example.gov.cn/art/1.html\n"
            "  - https://www.example.gov.cn/art/2.html\nregion: 某省\n---\n\n" + BODY)
    row = load_one(tmp_path, text)
    assert row.title == "2021年政府工作报告" and row.title_source == "front_matter"
    assert row.front_matter_title == "2021年政府工作报告"
    assert row.source_url == "https://www.example.gov.cn/art/1.html https://www.example.gov.cn/art/2.html"
    assert row.region == "某省"
    assert "title:" not in row._text and "---" not in row._text and "https" not in row._text
    assert "front_matter" in row.boilerplate_kinds and "region: 某省" in row.boilerplate


def test_the_files_own_title_wins_over_the_front_matter(tmp_path):
    text = "---\ntitle: 门户网站页面标题\n---\n\n**政府工作报告**\n\n——2021年1月25日在某省第十三届人民代表大会第五次会议上\n\n" + BODY
    row = load_one(tmp_path, text)
    assert (row.title, row.title_source, row.front_matter_title) == ("政府工作报告", "text", "门户网站页面标题")


def test_markdown_as_published(tmp_path):
    text = ("<!-- 图为：省长作政府工作报告。（记者 某某 摄） -->\n\n**政府工作报告[^1]**\n\n"
            "——2021年1月25日在某省第十三届人民代表大会第五次会议上\n\n" + BODY.replace(
                "民生持续改善", "落实&amp;ldquo;双减&amp;rdquo;政策<br>民生持续改善")
            + "\n[^1]: 根据会议文件刊印\n    这是某某在某次会议上作的报告。\n")
    row = load_one(tmp_path, text)
    assert row.title == "政府工作报告"
    assert "“双减”政策" in row._text and "&" not in row._text and "<br" not in row._text
    assert "图为" not in row._text and "根据会议文件刊印" not in row._text and "[^1]" not in row._text
    assert "这是某某在某次会议上作的报告" not in row._text, "a footnote's indented continuation is part of it"
    assert {"html_comment", "footnote"} <= set(row.boilerplate_kinds.split(","))
    assert "图为：省长作政府工作报告" in row.boilerplate


@pytest.mark.parametrize(("top", "title", "date", "speaker", "office"), [
    # title, date line and speaker on consecutive lines, no blank line between them
    ("政府工作报告\n——2021年1月25日在某省第十三届人民代表大会第五次会议上\n某省人民政府省长 张三\n",
     "政府工作报告", "2021-01-25", "张三", "某省人民政府省长"),
    ("政府工作报告\n──2021年1月25日在某省第十三届人民代表大会第五次会议上\n代省长 李四\n", "政府工作报告", "2021-01-25",
     "李四", "代省长"),
    ("政府工作报告\n――2021年1月25日在某省第十三届人民代表大会第五次会议上\n\n省 长 王五\n", "政府工作报告", "2021-01-25",
     "王五", "省长"),
    ("政府工作报告\n2021年1月25日在某省第十三届人民代表大会第五次会议上\n某省省长赵六\n", "政府工作报告", "2021-01-25",
     "赵六", "某省省长"),
    ("**政府工作报告**\n（2021年1月25日在某省第十三届人民代表大会第五次会议上）\n\n代省长 钱七\n", "政府工作报告",
     "2021-01-25", "钱七", "代省长"),
    ("某市人民政府工作报告\n——二〇二一年一月十八日在某市第五届人民代表大会第六次会议上\n孙八\n", "某市人民政府工作报告",
     "2021-01-18", "孙八", ""),
    ("政府工作报告\n——２０２１年１月２５日在某省第十三届人民代表大会第五次会议上\n自治区主席　努尔·某某\n", "政府工作报告",
     "2021-01-25", "努尔·某某", "自治区主席"),
    # no title line: the date line opens the text; the date and the speaker in one bracket
    ("——2021年1月25日在某省第十三届人民代表大会第五次会议上\n某省代省长周九\n", "", "2021-01-25", "周九", "某省代省长"),
    ("（2021年2月21日 吴十）\n", "", "2021-02-21", "吴十", ""),
    ("（二〇二一年一月二十一日、二十二日）\n", "", "2021-01-21", "", ""),  # two days, no speaker
    # the speaker after the occasion, on the same line; the title with its date line run on
    ("——2021年1月22日在某自治区第十三届人民代表大会第四次会议上 自治区主席　郑　某\n", "", "2021-01-22", "郑某",
     "自治区主席"),
    ("2021年某省政府工作报告——2021年1月25日在某省第十三届人民代表大会第五次会议上\n\n省长 冯某\n",
     "2021年某省政府工作报告", "2021-01-25", "冯某", "省长"),
    # an occasion line without a date, the date on the next line with a note; the speaker first
    ("在某市第十一届人民代表大会第三次会议上\n（2020年12月29日，征求意见稿）\n某市市长 陈 某\n", "", "2020-12-29", "陈某",
     "某市市长"),
    ("某省省长 褚某\n政府工作报告\n", "政府工作报告", None, "褚某", "某省省长"),
    # a letter-spaced title; the occasion split over two lines
    ("政　府　工　作　报　告\n\n——2021年1月28日在某省第十三届人民代表大会第四次会议上\n\n省人民政府省长卫某\n",
     "政府工作报告", "2021-01-28", "卫某", "省人民政府省长"),
    ("**政府工作报告**\n\n**2024年1月23日在某省**\n\n**第十四届人民代表大会第二次会议上**\n\n某省省长 蒋 某\n", "政府工作报告",
     "2024-01-23", "蒋某", "某省省长"),
    # a five-character name after the office (Mongolian and Tibetan names written without ·); a colon
    ("2001年2月16日在某自治区第九届人民代表大会第四次会议上\n自治区代主席 乌云其木格\n", "", "2001-02-16", "乌云其木格",
     "自治区代主席"),
    ("——2015年1月22日在某省第十二届人民代表大会第四次会议上\n\n**省长：郝某**\n", "", "2015-01-22", "郝某", "省长"),
    # bold over two lines; a stray copy of the date line above the title
    ("**——二〇〇九年一月十日在某省第十一届人民代表大会第二次会议上\n某省人民政府省长 黄某某**\n", "", "2009-01-10", "黄某某",
     "某省人民政府省长"),
    ("——2021年1月29日在某自治区第十二届人民代表大会第四次会议上\n\n**政府工作报告**\n\n"
     "——2021年1月29日在某自治区第十二届人民代表大会第四次会议上\n\n自治区主席 咸某\n", "政府工作报告", "2021-01-29", "咸某",
     "自治区主席"),
])
def test_title_blocks_in_the_layouts_of_real_collections(tmp_path, top, title, date, speaker, office):
    row = load_one(tmp_path, top + "\n" + BODY)
    assert row.title == (title or "2021"), row.title_block
    assert row.date == (pd.Timestamp(date) if date else pd.NaT) or (date is None and pd.isna(row.date))
    assert (row.speaker, row.speaker_title) == (speaker, office)
    assert row.date_source == ("title_block" if date else "filename")
    assert row._text.startswith("各位代表"), "no title-block line is left in the text"


@pytest.mark.parametrize("source", ["（《人民日报》19570627）", "（《人民日报》19540924第1至2版）",
                                    "《 人民日报 》（ 2020年11月28日 02版）"])
def test_a_newspaper_source_line_at_the_end_is_no_truncation(tmp_path, source):
    row = load_one(tmp_path, "政府工作报告\n\n" + BODY + "\n" + source + "\n", name="1957.txt")
    assert not row.truncated, row.truncation_reason
    assert source.strip() not in row._text and "newspaper_source" in row.boilerplate_kinds


def test_lawtext_gov_as_a_researcher_clones_it(lawtext):
    """The 874 reports of lawtext-gov: ids never collide (paths: 国务院/2010, 省级/浙江省/2010), no front matter
    in titles or text, no source line taken for a truncation, and the dates and speakers the files state."""
    speeches, paragraphs = lawtext
    assert speeches["speech_id"].is_unique and not speeches["speech_id"].str.contains("~").any()
    assert {"国务院/2010", "省级/浙江省/2010", "省级/四川省/2006"} <= set(speeches["speech_id"])
    assert not speeches["title"].str.contains("title:|<!--|\\[\\^", regex=True).any()
    assert not paragraphs["text"].str.startswith(("title:", "source:", "<!--")).any()
    sources = speeches["truncation_reason"].str.contains("人民日报|版）", regex=True)
    assert not sources.any(), list(speeches.loc[sources, "speech_id"])
    row = speeches.set_index("speech_id").loc["省级/浙江省/2010"]
    assert (row.date, row.speaker, row.speaker_title) == (pd.Timestamp("2010-01-26"), "吕祖善", "浙江省省长")
    row = speeches.set_index("speech_id").loc["国务院/2010"]
    assert (row.title, row.date, row.speaker) == ("政府工作报告", pd.Timestamp("2010-03-05"), "温家宝")
    # 四川省's files are named by the year reviewed: the delivery date wins, the file name's year is kept
    row = speeches.set_index("speech_id").loc["省级/四川省/2006"]
    assert (row.date, row.year, row.filename_year, row.speaker) == (pd.Timestamp("2007-01-26"), 2007, 2006, "蒋巨峰")
    # the two files of 1964 are parts of one report, dated by their own title blocks (二十一日、二十二日: no speaker)
    parts = speeches.set_index("speech_id").loc[["国务院/1964-part", "国务院/1964-summary"]]
    assert parts["part_of"].tolist() == ["1964", "1964"] and (parts["date"] == pd.Timestamp("1964-12-21")).all()
    assert parts["speaker"].tolist() == ["周恩来", "周恩来"]
    assert speeches["level"].value_counts().to_dict() == {"省": 815, "国家": 59}
    assert speeches.loc[speeches["level"] == "省", "place"].nunique() == 31
    assert la.plan_comparisons(speeches)[0].title == "level = 国家 against level = 省"
    dated = (speeches["date_source"] == "title_block").mean()
    assert dated > 0.82 and (speeches["speaker"] != "").mean() > 0.82  # 723 and 719 of 874


@pytest.mark.slow
def test_the_command_line_summarises_warnings_of_one_kind(tmp_path, capsys):
    from conftest import GOOD_SPEECH

    from lectureanalysis.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for year in (2019, 2020, 2021):
        write(corpus, f"{year}.txt", GOOD_SPEECH)
    for k in range(5):
        write(corpus, f"title{k}.txt", f"关于第{k + 1}项工作的通知\n")  # five files with only a title line
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    title_only = [line for line in said if "holds only a title line" in line]
    assert len(title_only) == 1 and title_only[0].startswith("warning: 5 files: holds only a title line")
    assert title_only[0].endswith("and 2 more") and "title0.txt" in title_only[0]
    listed = pd.read_csv(tmp_path / "out" / "tables" / "warnings.csv", encoding="utf-8-sig")["warning"]
    assert sum("holds only a title line" in w for w in listed) == 5


def test_an_editors_note_that_the_text_is_abridged(tmp_path):
    row = load_one(tmp_path, "政府工作报告\n\n" + BODY + "\n（本文有删减）\n", name="2021.txt")
    assert row.truncated and row.truncation_reason == "abridged: the text says （本文有删减）"
    assert "本文有删减" not in row._text and "abridged_note" in row.boilerplate_kinds


@pytest.mark.parametrize("ending", ["（长时间热烈鼓掌）", "（2021年1月25日某省第十三届人民代表大会第五次会议审议通过）",
                                    "（某省日报）", "**"])
def test_a_closing_note_after_the_last_sentence_is_no_truncation(tmp_path, ending):
    row = load_one(tmp_path, "政府工作报告\n\n" + BODY.rstrip("\n") + ending + "\n", name="2021.txt")
    assert not row.truncated, row.truncation_reason
    alone = load_one(tmp_path, "政府工作报告\n\n" + BODY + "\n" + ending + "\n", name="2023.txt")  # on its own line
    assert not alone.truncated, alone.truncation_reason
    cut = load_one(tmp_path, "政府工作报告\n\n" + BODY.rstrip("。\n") + "，并且" + ending + "\n", name="2022.txt")
    assert cut.truncated and cut.truncation_reason.startswith("ends mid-sentence")


@pytest.mark.parametrize("header", ["名词解释", "注释", "附件", "注："])
def test_a_glossary_at_the_end_is_not_the_speech(tmp_path, header):
    glossary = f"{header}\n\n1.两个维护：坚决维护核心地位，坚决维护集中统一领导。\n\n2.三农：农业、农村、农民。\n"
    row = load_one(tmp_path, "政府工作报告\n\n" + BODY + "\n" + glossary, name="2021.txt")
    assert "三农：农业" not in row._text and row._text.endswith("扎实推动高质量发展。")
    assert "glossary" in row.boilerplate_kinds and "三农：农业、农村、农民。" in row.boilerplate
    assert not row.truncated


LONG_BODY = ("各位代表：\n\n现在，我代表省人民政府向大会报告工作，请予审议。\n\n一、过去一年的工作\n\n"
             + "过去一年，全省经济平稳增长，地区生产总值增长百分之六，城乡居民收入稳步提高，民生持续改善。" * 3
             + "\n\n二、今年的主要任务\n\n" + "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，扎实推动高质量发展。" * 3 + "\n")


def test_a_file_holding_its_text_twice(tmp_path):
    # a scraper that followed the page links saved the whole page again after the pager
    title = "**政府工作报告**\n\n——2021年1月25日在某省第十三届人民代表大会第五次会议上\n\n"
    text = title + LONG_BODY + "\n上一页 1 2 下一页\n\n" + title + LONG_BODY
    write(tmp_path, "2021.md", text)
    with pytest.warns(la.CorpusWarning, match=r"2021\.md: holds its text twice: .*kept out of the paragraphs"):
        speeches, paragraphs = la.load(tmp_path / "2021.md", progress=False)
    row = speeches.iloc[0]
    body = "\n".join(paragraphs["text"])
    assert body.count("坚持稳中求进工作总基调") == 3, "the second copy's sentences are not counted again"
    assert paragraphs["text"].tolist().count("一、过去一年的工作") == 1
    copy = text[text.index("下一页") + 3:]
    copy_chars = sum(c.isalnum() for c in copy.replace("*", ""))
    assert row.repeated_text == copy_chars  # the title block and the body, 字 counted on the text itself
    assert "repeated_text" in row.boilerplate_kinds and row.boilerplate.count("扎实推动高质量发展") == 3
    assert "pager" in row.boilerplate_kinds and "下一页" not in body and "下一页" in row.boilerplate
    assert row.title == "政府工作报告" and str(row.date.date()) == "2021-01-25"
    assert not row.truncated


def test_a_repeated_refrain_is_no_copy(tmp_path):
    refrain = "\n\n我们一定要把这件事办好！\n\n"
    text = "政府工作报告\n\n" + LONG_BODY + refrain + "更多内容。" * 5 + refrain + "谢谢大家！\n"
    row = load_one(tmp_path, text)
    assert row.repeated_text == 0 and row._text.count("我们一定要把这件事办好") == 2


def test_a_table_of_contents_at_the_top_is_not_the_outline(tmp_path):
    contents = "目　录\n\n一、过去一年的工作……………………1\n\n二、今年的主要任务……………………5\n\n"
    text = "政府工作报告\n\n2021年1月25日\n\n" + contents + LONG_BODY
    write(tmp_path, "2021.txt", text)
    speeches, paragraphs = la.load(tmp_path / "2021.txt", progress=False)
    row = speeches.iloc[0]
    headings = paragraphs[paragraphs["is_heading"]]
    assert headings["text"].tolist() == ["一、过去一年的工作", "二、今年的主要任务"]
    assert headings["section_path"].tolist() == ["一", "二"] and row.found_sections == 2
    assert "table_of_contents" in row.boilerplate_kinds and "二、今年的主要任务……………………5" in row.boilerplate
    assert paragraphs["text"].iloc[0] == "各位代表：" and str(row.date.date()) == "2021-01-25"


def test_a_bold_numbered_heading_ends_where_the_bold_ends(tmp_path):
    # as lawtext-gov prints many provincial reports: the heading in bold, its body after a space on the same line
    text = ("**政府工作报告**\n\n**一、2003年工作的回顾** 2003年是很不寻常的一年，我们经受了严峻考验。\n\n"
            "**二、推进二次创业，全力振兴老工业基地** 振兴东北地区等老工业基地，是党中央作出的重大决策。\n\n"
            "**三、转变职能，大力推进政府管理创新** 加快振兴老工业基地步伐，必须加快转变政府职能。\n")
    row = load_one(tmp_path, text)
    paragraphs = row._text.split("\n")
    assert paragraphs == ["一、2003年工作的回顾", "2003年是很不寻常的一年，我们经受了严峻考验。",
                          "二、推进二次创业，全力振兴老工业基地", "振兴东北地区等老工业基地，是党中央作出的重大决策。",
                          "三、转变职能，大力推进政府管理创新", "加快振兴老工业基地步伐，必须加快转变政府职能。"]
    assert row.found_sections == 3 and not row.truncated


def test_the_sentence_after_a_heading_line_is_its_body_in_a_blank_line_file(tmp_path):
    text = ("政府工作报告\n\n各位代表：\n\n现在，我代表市人民政府向大会报告工作。\n\n一、“十五”计划确定的目标和任务全面完成\n"
            "“十五”时期是不平凡的五年。\n\n二、“十一五”时期的奋斗目标\n“十一五”时期是新的发展机遇期，又是新的考验期。\n\n"
            "三、深入推进服务政府、责任政府、法治政府\n建设\n\n要继续围绕服务政府建设，深化改革。\n")
    row = load_one(tmp_path, text, "2006.txt")
    paragraphs = row._text.split("\n")
    assert paragraphs[2:] == ["一、“十五”计划确定的目标和任务全面完成", "“十五”时期是不平凡的五年。",
                              "二、“十一五”时期的奋斗目标", "“十一五”时期是新的发展机遇期，又是新的考验期。",
                              "三、深入推进服务政府、责任政府、法治政府建设",  # a broken heading is still rejoined
                              "要继续围绕服务政府建设，深化改革。"]
    assert row.found_sections == 3


def test_a_gap_in_the_top_level_numbering_flags_the_speech(tmp_path):
    sections = "".join(f"{n}、第{n}部分的标题\n\n这一部分的正文。\n\n" for n in "一二三五")
    row = load_one(tmp_path, "政府工作报告\n\n" + sections, "2006.txt")
    assert row.truncated and row.truncation_reason == (
        "the top-level numbering skips 四 (三、第三部分的标题 is followed by 五、第五部分的标题)")
    full = load_one(tmp_path, "政府工作报告\n\n" + sections.replace("五、第五", "四、第四"), "2007.txt")
    assert not full.truncated


@pytest.mark.parametrize(("text", "title", "date", "speaker", "office", "body"), [
    # a database of leaders' speeches, copied without line breaks: title, date and place, office and name, body
    ("在亚太经合组织工商领导人峰会上的主旨演讲（2020年11月10日，北京）中华人民共和国主席 习近平各位工商界领袖，朋友们："
     "大家好！很高兴同大家见面。今年以来，新冠肺炎疫情全球大流行。我们要坚持开放合作，推动世界经济复苏。",
     "在亚太经合组织工商领导人峰会上的主旨演讲", "2020-11-10", "习近平", "中华人民共和国主席", "各位工商界领袖，"),
    # ※ between the title and the speaker, the name glued to the body
    ("在纪念红军长征胜利80周年大会上的讲话※习近平党的十八大以后，我们党面临的形势发生了深刻变化。\n\n同志们，朋友们：今天，"
     "我们在这里隆重集会。", "在纪念红军长征胜利80周年大会上的讲话", None, "习近平", "", "党的十八大以后，我们党面临的形势发生了深刻变化。"),
    # an office and a name glued to the salutation
    ("政府工作报告\n国务院总理周恩来各位代表：现在我代表政府向大会报告工作。我们的国家正在建设之中。", "政府工作报告", None,
     "周恩来", "国务院总理", "各位代表：现在我代表政府向大会报告工作。我们的国家正在建设之中。"),
])
def test_a_run_on_opening_gives_its_title_block(tmp_path, text, title, date, speaker, office, body):
    row = load_one(tmp_path, text, "speech.txt")
    assert (row.title, row.speaker, row.speaker_title) == (title, speaker, office)
    assert (str(row.date.date()) if pd.notna(row.date) else None) == date
    assert row._text.split("\n")[0] == body
    assert speaker not in row._text.split("\n")[0], "the speaker's name is not counted in the body"


def test_photo_captions_and_bylines_inside_paragraphs_are_removed(tmp_path):
    text = ("政府工作报告\n\n3月5日，第十三届全国人民代表大会第三次会议在北京人民大会堂开幕。国务院总理李克强作政府工作报告。 新华社记者 张三 摄"
            "各位代表：现在，我代表国务院，向大会报告政府工作。\n\n过去一年，我们攻坚克难。新华社记者 李四/摄\n\n"
            "记者深入基层拍摄了群众生活的变化，今年还要继续努力。\n")
    row = load_one(tmp_path, text, "speech.txt")
    assert row._text.split("\n") == ["各位代表：现在，我代表国务院，向大会报告政府工作。", "过去一年，我们攻坚克难。",
                                     "记者深入基层拍摄了群众生活的变化，今年还要继续努力。"]
    assert row.boilerplate.splitlines() == [
        "3月5日，第十三届全国人民代表大会第三次会议在北京人民大会堂开幕。国务院总理李克强作政府工作报告。 新华社记者 张三 摄",
        "新华社记者 李四/摄"]
    assert row.boilerplate_kinds == "photo_caption,photo_byline" and not row.truncated


def test_a_collection_named_by_the_year_reviewed_keeps_both_years(tmp_path):
    # 四川省 names each report by the year it reviews: 2010.md was delivered in January 2011
    for named, delivered in ((2010, "2011年1月18日"), (2011, "2012年1月10日"), (2012, "2012年2月1日")):
        write(tmp_path / "省级" / "某省", f"{named}.md",
              f"**政府工作报告**\n\n——{delivered}在某省第十一届人民代表大会第四次会议上\n\n某省省长　王五\n\n" + BODY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = la.load_speeches(tmp_path, progress=False)
    said = [str(w.message) for w in caught if "named by another year" in str(w.message)]
    assert said == ["省级/某省: 2 of 3 files are named by another year than the date their text states (2010.md "
                    "delivered 2011-01-18, 2011.md delivered 2012-01-10): year follows the delivery date, the file "
                    "name's year is kept in filename_year"]
    assert speeches[["year", "filename_year"]].astype(int).values.tolist() == [[2011, 2010], [2012, 2011], [2012, 2012]]


def test_folder_levels_map_to_columns_and_metadata_still_wins(tmp_path):
    for folder in ("省级/某省", "省级/另一省", "国务院"):
        write(tmp_path / folder, "2021.md", "**政府工作报告**\n\n" + BODY)
    (tmp_path / "metadata.tsv").write_text("file\tprovince\n省级/另一省/2021.md\t乙省\n", encoding="utf-8")
    speeches = la.load_speeches(tmp_path, folders=("tier", "province"), progress=False, duplicates="keep").set_index("speech_id")
    assert speeches.loc["省级/某省/2021", ["tier", "province"]].tolist() == ["省级", "某省"]
    assert speeches.loc["国务院/2021", ["tier", "province"]].tolist() == ["国务院", ""]
    assert speeches.loc["省级/另一省/2021", "province"] == "乙省", "the metadata wins over the folder"
    renamed = la.load_speeches(tmp_path, folders=(None, "place"), progress=False, duplicates="keep").set_index("speech_id")
    assert renamed.loc["省级/某省/2021", ["place", "level"]].tolist() == ["某省", "省"]
    with pytest.raises(ValueError, match="folders: title is a column the loader fills"):
        la.load_speeches(tmp_path, folders=("title",))
    with pytest.raises(ValueError, match="folders: expected a list of column names"):
        la.load_speeches(tmp_path, folders="tier")


def test_folders_on_the_command_line(tmp_path, capsys):
    from lectureanalysis.cli import main

    write(tmp_path / "省级" / "某省", "2021.md", "**政府工作报告**\n\n" + BODY)
    assert main(["summary", str(tmp_path), "--folders", "tier,province"]) == 0
    assert main(["summary", str(tmp_path), "--folders", "tier,title"]) == 2
    assert "error: folders: title is a column the loader fills" in capsys.readouterr().err


def test_a_manifest_with_two_rows_for_a_file_or_a_bad_year_says_so(tmp_path):
    write(tmp_path, "a.md", "**政府工作报告**\n\n" + BODY)
    write(tmp_path, "b.md", "**政府工作报告**\n\n" + BODY.replace("稳中求进", "稳中有进"))
    (tmp_path / "index.tsv").write_text("file\tyear\tspeaker\na.md\t2020\t张三\na.md\t2021\t李四\nb.md\t二〇二〇年\t王五\n",
                                        encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = la.load_speeches(tmp_path, progress=False).set_index("speech_id")
    said = [str(w.message) for w in caught]
    assert any(m.endswith("index.tsv: rows 2 and 3 both describe a.md: the later row is used") for m in said), said
    assert any(m.endswith("index.tsv: row 4 (b.md): year '二〇二〇年' is not a year; not used") for m in said), said
    assert (speeches.loc["a", "year"], speeches.loc["a", "speaker"]) == (2021, "李四")
    assert pd.isna(speeches.loc["b", "year"]) and speeches.loc["b", "speaker"] == "王五"


def test_parts_of_one_report_stay_separate_but_say_so(tmp_path):
    folder = tmp_path / "国务院"
    write(folder, "1964-part.md", "**1964年政府工作报告**\n\n" + BODY)
    write(folder, "1964-summary.md", "**1964年国务院政府工作报告**（摘要）\n\n" + BODY.replace("稳中求进", "自力更生"))
    write(folder, "1965-summary.md", "**1965年政府工作报告**\n\n" + BODY.replace("稳中求进", "艰苦奋斗"))  # alone: no part
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = la.load_speeches(tmp_path, progress=False).set_index("speech_id")
    said = [str(w.message) for w in caught if "parts of one document" in str(w.message)]
    assert said == ["国务院/1964: 1964-part.md, 1964-summary.md are parts of one document, kept as separate speeches "
                    "(part_of = 1964): leave one out to count the document once"]
    assert speeches["part_of"].to_dict() == {"1964-part": "1964", "1964-summary": "1964", "1965-summary": ""}
    assert speeches["year"].tolist() == [1964, 1964, 1965]


@pytest.mark.slow
def test_the_main_job_on_lawtext_gov_with_no_option(tmp_path):
    """Done when of issue 18: the report on the real collection exits 0 with no option and at most 40 warning
    lines, compares the levels, and its corpus table shows what the files state."""
    import subprocess
    import sys

    from conftest import require_lawtext

    folder = require_lawtext()
    out = tmp_path / "r"
    done = subprocess.run([sys.executable, "-m", "lectureanalysis.cli", "report", str(folder), "--out", str(out)],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    said = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert 0 < len(said) <= 40, said
    page = (out / "index.html").read_text("utf-8")
    assert "level = 国家 对比 level = 省" in page  # the page in Chinese, as by default
    source = (folder / "省级" / "浙江省" / "2010.md").read_text("utf-8")
    assert "2010年1月26日" in source and "吕祖善" in source[:600]
    assert ('<tr><td class="nowrap">省级/浙江省/2010</td><td class="nowrap">省级/浙江省</td><td class="title" '
            'title="2010年政府工作报告">2010年政府工作报告</td><td class="num">2010</td><td class="nowrap">2010-01-26</td>'
            '<td class="nowrap">吕祖善</td><td>md</td>') in page
    listed = pd.read_csv(out / "tables" / "warnings.csv", encoding="utf-8-sig")["warning"]
    assert len(listed) >= len(said) and listed.str.contains("holds its text twice").sum() == 1
    # the comparative reading at this size: the centre's latest pair, and reuse left out with the way to ask for it
    assert "7.1 变化：国务院/2025 → 国务院/2026" in page
    assert page.count("每篇一行的图最多画 200 篇；本语料有 874 篇") == 3  # by each chart, and in the method
    assert "<title>874 篇政府工作报告等文本 · 文本分析报告</title>" in page  # 96 % of the titles say so, not 讲话
    # issue 23: a page a reader can open and charts a reader can read at this size
    assert (out / "index.html").stat().st_size <= 5_000_000
    from PIL import Image

    for png in (out / "figures").glob("*.png"):
        with Image.open(png) as image:
            assert image.size[1] <= 4000 and image.size[0] <= 4000, (png.name, image.size)
    assert (out / "figures" / "section_shares.png").exists() and not (out / "figures" / "section_lengths.png").exists()
    plotted = pd.read_csv(out / "tables" / "concordance.csv", encoding="utf-8-sig")
    caption = re.search(r"索引图：[^<]*874 篇中跟踪词语出现最多的 (\d+) 篇", page)
    assert caption and int(caption.group(1)) == 40 and plotted["speech_id"].nunique() > 40
    assert "trends_by_level" in {p.stem for p in (out / "tables").glob("*.csv")}
    assert "未测量对中央报告的重复：地方文本 815 篇（多于 150 篇；--reading all 可测量" in page


def test_a_photo_caption_names_the_speaker_the_file_does_not(tmp_path):
    text = "<!-- 某省委副书记、代省长李某某作政府工作报告 -->\n\n**政府工作报告**\n\n" + BODY
    row = load_one(tmp_path, text)
    assert (row.speaker, row.speaker_title, row.speaker_source) == ("李某某", "代省长", "caption")
    assert "李某某" not in row._text and row.date_source == "filename"
    # a caption opening with the date of the delivery dates an undated report; the file's speaker line stays
    text = "<!-- 2005年1月23日，某市市长戴某在某市第十四届人民代表大会第三次会议上作政府工作报告。 -->\n\n某市市长戴某某\n\n" + BODY
    row = load_one(tmp_path, text, "2005.md")
    assert (str(row.date.date()), row.date_source, row.speaker, row.speaker_source) == (
        "2005-01-23", "caption", "戴某某", "title_block")


def test_a_text_held_three_times_is_said_once(tmp_path):
    write(tmp_path, "2021.md", "**政府工作报告**\n\n" + "\n\n".join([LONG_BODY] * 3))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _, paragraphs = la.load(tmp_path / "2021.md", progress=False)
    said = [str(w.message) for w in caught if "more than once" in str(w.message) or "twice" in str(w.message)]
    assert len(said) == 1 and "holds its text more than once: paragraphs 8–13, 14–19 repeat earlier ones" in said[0]
    assert "\n".join(paragraphs["text"]).count("坚持稳中求进工作总基调") == 3  # one copy of three sentences
