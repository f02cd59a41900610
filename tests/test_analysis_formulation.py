"""Numbered formulations (提法) and enumerations, on the seed and on rules written out."""

from __future__ import annotations

import pandas as pd
import pytest

import lectureanalysis as la
from lectureanalysis.analysis.enumeration import enumerate_text, parallel_clauses
from lectureanalysis.analysis.formulation import find_formulations, known_formulations


def one(text: str) -> pd.DataFrame:
    return pd.DataFrame({"speech_id": "s", "para_id": [0], "section_path": "", "text": [text]})


def test_seed_formulations(seed):
    found = la.formulations(seed[1])
    first = found[found["formulation"] == "五个坚持"].iloc[0]
    assert first.number == 5 and first.quoted
    assert first["items"][0] == "坚持绝对忠诚的政治品格" and first.n_items == 5 and first.items_match
    assert first["items"][-1] == "坚持廉洁自律的道德操守"
    three = found[found["formulation"] == "过三关"].iloc[0]
    assert (three.number, three["items"], bool(three.items_match)) == (3, ["信念关", "方法关", "作风关"], True)
    four = found[found["formulation"] == "四多四少"].iloc[0]
    assert four.number == 4
    assert four["items"] == ["忙碌多、闲暇少", "加班多、休息少", "奉献多、回报少"]
    assert not four.items_match, "the seed is cut off after its third item"
    assert set(found["formulation"]) == {"五个坚持", "过三关", "四多四少"}


@pytest.mark.parametrize(
    ("text", "formulation", "number", "items"),
    [
        ("要增强“四个意识”、坚定“四个自信”、做到“两个维护”。", "四个意识", 4, []),
        ("开展“两学一做”学习教育。", "两学一做", 3, []),
        ("深入推进“三去一降一补”。", "三去一降一补", 5, []),
        ("干部要做到三严三实，即严以修身、严以用权、严以律己，又谋事要实、创业要实、做人要实。", "三严三实", 3, None),
        ("实行“五定”，即定建设规模，定投资总额，定建设工期，定投资效果，定外部协作条件，并且实行责任制。", "五定", 5,
         ["定建设规模", "定投资总额", "定建设工期", "定投资效果", "定外部协作条件"]),
        ("坚持“三同”（同吃、同住、同劳动）。", "三同", 3, ["同吃", "同住", "同劳动"]),
    ],
)
def test_formulation_shapes(text, formulation, number, items):
    found = {f.formulation: f for f in find_formulations(text, known=known_formulations())}
    assert formulation in found
    assert found[formulation].number == number
    if items is not None:
        assert found[formulation].items == items


@pytest.mark.parametrize("text", [
    "我们要一心一意谋发展，千方百计增加收入。",
    "1952年增长了百分之七十，两个方面都有进展：一是农业，二是工业。",
    "今年要重点做好以下几个方面工作。",
    "从一九五九年算起，四年小解决。",
])
def test_idioms_quantities_and_announcements_are_no_formulations(text):
    assert la.formulations(one(text)).empty


def test_items_in_the_next_paragraph():
    paragraphs = pd.DataFrame({"speech_id": "s", "para_id": [0, 1], "text": [
        "概括起来就是“三个必须”：", "一是必须讲政治；二是必须讲规矩；三是必须讲担当。"]})
    row = la.formulations(paragraphs).iloc[0]
    assert row["items"] == ["必须讲政治", "必须讲规矩", "必须讲担当"] and row.items_match


def test_enumeration_runs():
    assert enumerate_text("主要是：一要加强领导；二要完善制度；三要狠抓落实。") == [
        (4, "一要", ["加强领导", "完善制度", "狠抓落实"])]
    assert enumerate_text("第一，提高认识。第二，加强领导。") == [(0, "第一，", ["提高认识", "加强领导"])]
    assert enumerate_text("首先要学习，其次要实践，最后要总结。") == [(0, "首先", ["要学习", "要实践", "要总结"])]
    assert enumerate_text("一是学习。三是实践。") == [], "a run counts from one without gaps"


def test_parallel_clauses():
    text = "在工作方法上要既看上又看下、既看总又看细、既看点又看面、既看动又看静，在作风方面要凭专业说话"
    assert parallel_clauses(text) == [(7, "既看", ["既看上又看下", "既看总又看细", "既看点又看面", "既看动又看静"])]
    assert parallel_clauses("坚持甲，坚持乙，推进丙。") == [], "two clauses are no 排比"


def test_enumerations_table(seed):
    table = la.enumerations(seed[1])
    assert list(table.columns) == ["speech_id", "para_id", "section_path", "start", "kind", "head", "items", "n_items"]
    kinds = table.groupby("kind")["n_items"].apply(list).to_dict()
    assert kinds["一是"] == [3]
    heads = set(table.loc[table["kind"] == "排比", "head"])
    assert {"坚持", "既看"} <= heads
    six = table[table["head"] == "既看"].iloc[0]
    assert six.n_items == 6 and six["items"][0] == "既看上又看下"


def test_parallel_clauses_need_a_designed_head():
    assert parallel_clauses("稳预期，稳增长，稳就业。") == [(0, "稳", ["稳预期", "稳增长", "稳就业"])]
    assert parallel_clauses("我国经济平稳，我们信心十足，我国人民团结奋斗。") == [], "pronouns open clauses by chance"
    long_clauses = "新发展阶段已经到来并且充满挑战，新社会矛盾要求我们认真应对，新历史方位决定了我们的任务。"
    assert parallel_clauses(long_clauses) == [], "a one-character head only binds short clauses"
    assert parallel_clauses("坚持稳中求进工作总基调不动摇，坚持新发展理念不动摇，坚持高质量发展不动摇。")[0][1] == "坚持"


# -- what the independent check found (issue 11) ------------------------------------------------------


def many(*texts: str, headings: tuple[bool, ...] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"speech_id": "s", "para_id": range(len(texts)), "section_path": "", "text": list(texts)})
    frame["is_heading"] = list(headings) if headings else [False] * len(texts)
    return frame


@pytest.mark.parametrize(("text", "formulation", "number"), [
    ("为实现四个现代化而奋斗。", "四个现代化", 4),  # N个 + a head noun of the genre, unquoted
    ("必须坚持四项基本原则。", "四项基本原则", 4),
    ("坚决打好三大攻坚战。", "三大攻坚战", 3),
    ("重点解决“两不愁三保障”问题。", "两不愁三保障", 5),  # chained numerals with longer words
    ("开展“五讲四美三热爱”活动。", "五讲四美三热爱", 12),
])
def test_formulations_the_check_missed(text, formulation, number):
    found = la.formulations(one(text))
    row = found[found["formulation"] == formulation]
    assert len(row) == 1 and row.iloc[0].number == number and row.iloc[0].kind == "提法"


@pytest.mark.parametrize("text", [
    "坚持“九二共识”。",  # 1992: a year, not a count
    "发扬“三八作风”。",  # March 8: a date
    "粮食产量实现“十二连增”、农民收入“五连快”。",  # years in a row
    "增长“一点二倍”。",  # a decimal number
    "秉持“两岸一家亲”理念。",  # 一 of a longer word: "one family", nothing counted
    "一要抓发展，“二要建设”好队伍。",  # an enumeration marker
])
def test_numbers_that_count_no_items_are_no_formulations(text):
    found = la.formulations(one(text))
    assert found[found["kind"] == "提法"].empty, found[["formulation", "number"]]


def test_congresses_and_plans_have_their_own_kind():
    found = la.formulations(one("党的十九大以来，“十四五”规划顺利实施，“三农”工作扎实推进。"))
    assert list(zip(found["formulation"], found["kind"], found["number"], strict=True)) == [
        ("十九大", "党代会", 19), ("十四五", "规划", 14), ("三农", "提法", 3)]
    assert found.set_index("formulation").loc["十四五", "items_match"] is pd.NA


def test_items_spelled_out_after_the_sentence_or_as_subheadings():
    found = la.formulations(many("我们要抓好“三个重点”。一是稳增长；二是促改革；三是惠民生。"))
    assert found.iloc[0]["items"] == ["稳增长", "促改革", "惠民生"] and found.iloc[0].items_match
    found = la.formulations(many("必须做到“两个坚持”。", "一是坚持党的领导；二是坚持人民至上。"))
    assert found.iloc[0]["items"] == ["坚持党的领导", "坚持人民至上"]
    found = la.formulations(many("下面讲讲“三个统筹”。", "一、统筹城乡", "正文。", "二、统筹区域", "正文。",
                                 "三、统筹内外", headings=(False, True, False, True, False, True)))
    assert found.iloc[0]["items"] == ["统筹城乡", "统筹区域", "统筹内外"] and found.iloc[0].items_match
    # a run two sentences further on is not this formulation's
    found = la.formulations(many("坚持“四个自信”，这很重要，大家都要记住。还有别的工作。一是甲；二是乙；三是丙。"))
    assert found.iloc[0]["items"] == []


# -- issue 17: the known errors, each in a sentence written in the genre's convention -------------------


def kinds(text: str) -> list[tuple[str, str, int]]:
    found = la.formulations(one(text))
    return list(zip(found["formulation"], found["kind"], found["number"], strict=True))


@pytest.mark.parametrize("text", [
    "党的十四大确立了社会主义市场经济体制的改革目标。",  # a congress before 确立
    "全面贯彻落实党的十七大战略部署。",  # a congress before 战略
    "依照本法第十条规定办理，第六条规定的情形除外。",  # legal articles: ordinals
    "基本形成“二线口岸”监管模式。",  # 二 before a noun is an ordinal (the second line); a count says 两
    "形成“襄十随”城市群。",  # 十 of 十堰: a number inside a name
])
def test_ordinals_and_congresses_are_no_formulations(text):
    assert [k for k in kinds(text) if k[1] == "提法"] == []


@pytest.mark.parametrize(("text", "formulation", "number"), [
    ("统筹推进“五位一体”总体布局。", "五位一体", 5),  # a trailing 一体 is no item
    ("加强“四位一体”住房保障体系建设。", "四位一体", 4),
    ("全面准确贯彻“一国两制”方针。", "一国两制", 2),  # 一国 names the whole the two systems belong to
    ("两岸同胞要坚持“一个中国”。", None, None),  # a count of one is no formulation
    ("统筹国内国际两个大局，办好自己的事。", "两个大局", 2),  # unquoted, N个 + 大局
    ("坚持两手抓、两手都要硬。", "两手抓", 2),
    ("现代化建设分三步走。", "三步走", 3),
    ("高举总路线、大跃进和人民公社三面红旗。", "三面红旗", 3),
    ("深入开展五讲四美三热爱活动。", "五讲四美三热爱", 12),
    ("坚持党的“一个中心、两个基本点”的基本路线。", "一个中心、两个基本点", 3),  # one formulation, not 两个基本点
    ("坚定不移地执行一个中心、两个基本点的基本路线。", "一个中心、两个基本点", 3),
    ("贫困人口“两不愁三保障[12]”全面实现。", "两不愁三保障", 5),  # a footnote mark inside the quotes
    ("落实“水十条”，打好碧水保卫战。", "水十条", 10),  # X + 十 + a classifier: ten articles
    ("实施“十五大民生工程”。", "十五大民生工程", 15),  # 十五大 + a noun counts; it is no congress
    ("加快“一个载体、四个体系、六大基础”建设。", "一个载体、四个体系、六大基础", 11),  # every part joined
])
def test_formulations_the_lawtext_check_asked_for(text, formulation, number):
    found = [k for k in kinds(text) if k[1] == "提法"]
    if formulation is None:
        assert found == []
    else:
        assert found == [(formulation, "提法", number)]


def test_party_congresses_in_running_text_are_designations():
    text = ("党的十二大确定了目标，十三大精神、十四大和十五大的部署，十六大以来、十七大召开后，"
            "党的八大路线，实施“八大行动”。")
    assert kinds(text) == [("十二大", "党代会", 12), ("十三大", "党代会", 13), ("十四大", "党代会", 14),
                           ("十五大", "党代会", 15), ("十六大", "党代会", 16), ("十七大", "党代会", 17),
                           ("八大", "党代会", 8), ("八大行动", "提法", 8)]


def test_items_split_where_the_text_splits_them():
    found = la.formulations(one("重点治理“三河三湖”（即：淮河海河辽河、太湖巢湖滇池）的污染。")).iloc[0]
    assert (found.formulation, found.number, found["items"]) == ("三河三湖", 3, ["淮河海河辽河", "太湖巢湖滇池"])
    assert found.items_match, "one item for each of its two numbered groups"
    found = la.formulations(one("“两不愁三保障”：不愁吃、不愁穿，义务教育、基本医疗、住房安全有保障。")).iloc[0]
    assert found["items"] == ["不愁吃", "不愁穿", "义务教育", "基本医疗", "住房安全有保障"] and found.items_match


def test_items_are_read_only_after_a_formulation_that_closes_its_sentence():
    # the formulation stands mid-sentence: the enumeration after the sentence is not its items
    found = la.formulations(many("深入推进“两转两提”，大兴务实之风，建设务实政府。", "一是加快转变职能；二是坚持依法行政。"))
    assert found.iloc[0]["items"] == []
    found = la.formulations(many("奋力推进“三个转变”，各项工作取得新进步，圆满完成目标任务。", "一、过去五年是发展的五年",
                                 "二、过去五年是改革的五年", "三、过去五年是变化的五年", headings=(False, True, True, True)))
    assert found.iloc[0]["items"] == []


def test_every_place_of_canonical_formulations_in_lawtext(lawtext):
    """On the 874 reports of lawtext-gov, every place the text writes 一国两制, 五位一体, 两个大局 or 两手抓
    (counted by substring) is reported there, with the number of the counting rule."""
    _, paragraphs = lawtext
    wanted = {"一国两制": 2, "五位一体": 5, "两个大局": 2, "两手抓": 2}
    subset = paragraphs[paragraphs["text"].str.contains("|".join(wanted))]
    found = la.formulations(subset)
    for phrase, number in wanted.items():
        places = int(subset["text"].str.count(phrase).sum())
        rows = found[(found["formulation"] == phrase) & (found["kind"] == "提法")]
        assert places > 5 and len(rows) >= places - 1, (phrase, places, len(rows))
        assert set(rows["number"]) == {number}
