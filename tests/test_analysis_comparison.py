"""What the report compares: by a column's values, by expressions, and by default."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import GOOD_SPEECH, write

import lectureanalysis as la
from lectureanalysis.cli import main


def speeches(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"speech_id": [f"s{i}" for i in range(n)], **columns})


def test_two_collections_and_the_last_ten_years_by_default():
    table = speeches(collection=["党课讲稿"] * 3 + ["政府工作报告"] * 6,
                     year=[None, None, None, 1990, 1995, 2000, 2015, 2020, 2024])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # each side has three speeches: nothing to say
        plans = la.plan_comparisons(table)
    assert [(p.title, p.target_ids, p.reference_ids) for p in plans] == [
        ("collection = 党课讲稿 against collection = 政府工作报告", ("s0", "s1", "s2"), ("s3", "s4", "s5", "s6", "s7", "s8")),
        ("year ≥ 2015 against year < 2015", ("s6", "s7", "s8"), ("s3", "s4", "s5")),
    ]
    # years within one decade: the later half of the years against the earlier half
    plans = la.plan_comparisons(speeches(collection=[""] * 6, year=[2016, 2017, 2018, 2019, 2020, 2021]))
    assert [(p.title, len(p.target_ids)) for p in plans] == [("year ≥ 2019 against year < 2019", 3)]


def test_default_comparisons_never_pit_one_speech_against_many():
    """The bundled corpus's shape: one 党课讲稿 beside 52 reports; and a few reports within one decade."""
    table = speeches(collection=["党课讲稿"] + ["政府工作报告"] * 4, year=[None, 1990, 2015, 2020, 2024])
    with pytest.warns(la.ComparisonWarning, match="not made by default") as said:
        plans = la.plan_comparisons(table)
    assert [p.title for p in plans] == []
    assert [str(w.message) for w in said] == [
        "comparison collection = 党课讲稿 against collection = 政府工作报告: not made by default, as it has 1 speech in "
        "the target (at least 3 a side); ask for it with --target/--reference or --compare",
        "comparison year ≥ 2015 against year < 2015: not made by default, as it has 1 speech in the reference (at "
        "least 3 a side); ask for it with --target/--reference or --compare",
    ]
    with pytest.warns(la.ComparisonWarning, match=r"comparison collection == \"党课讲稿\" against all other speeches: "
                                                  r"1 speech in the target; its keywords describe these texts"):
        (asked,) = la.plan_comparisons(table, target='collection == "党课讲稿"')
    assert asked.small == "1 speech in the target" and len(asked.reference_ids) == 4


@pytest.mark.filterwarnings("ignore::lectureanalysis.ComparisonWarning")
def test_many_collections_by_default_the_centre_against_the_provinces():
    """A collection laid out as lawtext-gov is (国务院/, 省级/<province>/): 8 collections, 2 top folders."""
    provinces = [f"省级/{p}" for p in ("四川省", "广东省", "河南省", "湖北省", "江苏省", "浙江省", "山东省")]
    table = speeches(collection=["国务院"] * 3 + [p for p in provinces for _ in range(2)], year=[None] * 17)
    plans = la.plan_comparisons(table)
    assert [(p.title, len(p.target_ids), len(p.reference_ids)) for p in plans] == [
        ("collection (top folder) = 国务院 against collection (top folder) = 省级", 3, 14)]
    # many flat collections: no default comparison of them, a warning saying how to ask, and no error
    flat = speeches(collection=[f"c{i}" for i in range(8) for _ in range(3)], year=[None] * 24)
    with pytest.warns(la.ComparisonWarning, match=r"'collection' has 8 values \(at most 6\); name the speeches"):
        assert la.plan_comparisons(flat) == []


def test_compare_a_column():
    table = speeches(region=["东部", "西部", "中部", "东部"], year=[1954, 1965, 1978, 2024])
    with pytest.warns(la.ComparisonWarning, match=r"region = \S+ against region ≠ \S+: [12] speech") as said:
        plans = la.plan_comparisons(table, compare="region")  # 1 or 2 speeches a side: made, and said
    assert len(said) == 3
    assert [p.title for p in plans] == [
        "region = 东部 against region ≠ 东部", "region = 中部 against region ≠ 中部", "region = 西部 against region ≠ 西部"]
    years = speeches(year=[1954 + 3 * i for i in range(24)])  # 1954 … 2023: 24 values, compared by decade
    with pytest.warns(la.ComparisonWarning, match=r"the (1950|2020)s against the other decades: 2 speeches") as said:
        plans = la.plan_comparisons(years, compare="year")  # 1954, 1957 and 2020, 2023: two speeches in a decade
    assert len(said) == 2
    assert [p.target for p in plans] == [f"the {d}s" for d in range(1950, 2030, 10)]
    assert plans[0].target_ids == ("s0", "s1") and len(plans[0].reference_ids) == 22
    with pytest.raises(ValueError, match="compare: no column 'decade' in the speeches table"):
        la.plan_comparisons(years, compare="decade")
    with pytest.raises(ValueError, match=r"compare: 'speaker' has 1 value\(s\) in this corpus"):
        la.plan_comparisons(speeches(speaker=["李强", "李强"]), compare="speaker")
    many = speeches(speaker=[f"甲{i}" for i in range(8)])
    with pytest.raises(ValueError, match=r"compare: 'speaker' has 8 values; name the speeches to compare with --target"):
        la.plan_comparisons(many, compare="speaker")


@pytest.mark.filterwarnings("ignore::lectureanalysis.ComparisonWarning")
def test_target_and_reference_expressions():
    table = speeches(year=[1990, 2000, 2013, 2020], collection=["a", "a", "b", "b"])
    (plan,) = la.plan_comparisons(table, target="year >= 2013")
    assert (plan.target, plan.reference, plan.target_ids, plan.reference_ids) == (
        "year >= 2013", "all other speeches", ("s2", "s3"), ("s0", "s1"))
    (plan,) = la.plan_comparisons(table, target="year >= 2013", reference="year < 1995")
    assert plan.reference_ids == ("s0",)
    (plan,) = la.plan_comparisons(table, target='collection == "b"')
    assert plan.target_ids == ("s2", "s3")
    with pytest.raises(ValueError, match=r"target: 'year >> 2013' uses >>, which the selection language does not have"):
        la.plan_comparisons(table, target="year >> 2013")
    with pytest.raises(ValueError, match=r"target: 'year > 2050' selects no speech"):
        la.plan_comparisons(table, target="year > 2050")
    with pytest.raises(ValueError, match="reference: 'year > 1995' selects speeches the target selects too: s2, s3"):
        la.plan_comparisons(table, target="year >= 2013", reference="year > 1995")
    with pytest.raises(ValueError, match="reference: needs a target"):
        la.plan_comparisons(table, reference="year < 2000")


def test_keyness_of_a_comparison_is_keyness_of_its_masks():
    tokens = la.segment(_two_speeches(), progress=False, cache=False)
    plan = la.Comparison("A", "B", ("a",), ("b",))
    by_plan = la.compare_keyness(tokens, plan, min_count=1)
    by_value = la.keyness(tokens, target="a", by="speech_id", min_count=1)
    pd.testing.assert_frame_equal(by_plan, by_value)


def _two_speeches() -> pd.DataFrame:
    rows = [("a", 0, "我们要深化改革，扩大开放。"), ("a", 1, "改革是动力。"), ("b", 0, "我们要发展经济，改善民生。")]
    frame = pd.DataFrame(rows, columns=["speech_id", "para_id", "text"])
    frame["n_chars"] = frame["text"].map(la.count_chars)
    frame["section_id"] = "0"
    return frame


@pytest.mark.slow
def test_cli_comparison_options_and_errors(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--target", "year >> 1"]) == 2
    assert "error: target: 'year >> 1' uses >>, which the selection language does not have" in capsys.readouterr().err
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--compare", "region"]) == 2
    assert capsys.readouterr().err.strip().endswith("error: compare: no column 'region' in the speeches table")
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--lang", "en", "--target", "year == 2019",
                 "--reference", "year == 2020", "--window", "3", "--terms", "认识"]) == 0
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "4.1 year == 2019 against year == 2020" in html and "Collocates of 认识 within 3 word tokens" in html
