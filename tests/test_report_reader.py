"""What the report shows a reader of a large or a small corpus: its title, the concordance lines it picks, the
formulations table, trends split by level, charts that stay readable (small multiples, whole years, a palette
colour-blind readers tell apart) and charts that stay drawable when the corpus has hundreds of speeches."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import CORPUS, write

import lectureanalysis as la
from lectureanalysis import plot
from lectureanalysis.analysis.occurrences import searched_texts
from lectureanalysis.report.statistics import corpus_noun
from lectureanalysis.report.summaries import facet_column, faceted_trend, formulation_summary, spread_lines


def speeches_titled(*titles: str) -> pd.DataFrame:
    return pd.DataFrame({"speech_id": [f"s{i}" for i in range(len(titles))], "title": list(titles)})


def test_the_page_calls_the_texts_what_their_titles_say():
    assert corpus_noun(speeches_titled("2023年政府工作报告", "2024年政府工作报告")) == "政府工作报告"
    assert corpus_noun(speeches_titled(*["政府工作报告"] * 4, "关于国民经济计划的报告")) == "政府工作报告等文本"
    assert corpus_noun(speeches_titled("在全市工作会议上的讲话", "在座谈会上的讲话")) == "讲话"
    assert corpus_noun(speeches_titled("在座谈会上的讲话", "党课讲稿", "通知")) == "文本"  # no genre shared: plain 文本


def kwic_lines(*rows: tuple[str, int, int]) -> pd.DataFrame:
    """Concordance rows (speech, paragraph, start) of a term 改革."""
    return pd.DataFrame([{"speech_id": s, "para_id": p, "section_path": "", "start": start, "end": start + 2,
                          "left": "", "match": "改革", "right": "", "position": 0.5} for s, p, start in rows])


def corpus_of(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    speeches = pd.DataFrame({"speech_id": [f"s{i:02d}" for i in range(n)], "year": list(range(2000, 2000 + n)),
                             "date": pd.NaT})
    paragraphs = pd.DataFrame([{"speech_id": f"s{i:02d}", "para_id": p, "is_heading": p == 0}
                               for i in range(n) for p in range(3)])
    return speeches, paragraphs


def test_concordance_lines_come_from_speeches_spread_over_the_corpus():
    speeches, paragraphs = corpus_of(30)
    # every speech has the term in its heading (paragraph 0) and three times in its body (paragraphs 1 and 2)
    lines = kwic_lines(*[(f"s{i:02d}", p, start) for i in range(30) for p, start in ((0, 0), (1, 0), (1, 9), (2, 4))])
    shown = spread_lines(lines, paragraphs, speeches, 12)
    assert shown["speech_id"].nunique() == 12 and not shown["is_heading"].any()
    assert shown["speech_id"].iloc[0] == "s00" and shown["speech_id"].iloc[-1] == "s29"  # the whole span of years
    assert shown["year"].is_monotonic_increasing
    # each speech's middle body line: of (1, 0), (1, 9), (2, 4) the second
    assert set(zip(shown["para_id"], shown["start"], strict=True)) == {(1, 9)}


def test_a_term_in_few_speeches_shows_more_of_their_lines_and_headings_last():
    speeches, paragraphs = corpus_of(3)
    lines = kwic_lines(("s00", 0, 0), ("s00", 1, 0), ("s01", 1, 0), ("s01", 1, 5), ("s02", 0, 3))
    shown = spread_lines(lines, paragraphs, speeches, 4)
    assert len(shown) == 4 and shown["speech_id"].nunique() == 3
    assert shown["is_heading"].sum() == 1  # the three body lines first, then one heading
    assert len(spread_lines(lines, paragraphs, speeches, 12)) == 5  # never more lines than there are


def test_the_formulations_table_has_a_row_per_formulation():
    found = pd.DataFrame({"speech_id": ["a", "a", "b", "c"], "formulation": ["两个维护", "四风", "两个维护", "两个维护"],
                          "kind": "提法", "number": [2, 4, 2, 2],
                          "items": [["维护核心", "维护权威"], [], ["维护核心", "维护权威"], []]})
    speeches = pd.DataFrame({"speech_id": ["a", "b", "c"], "year": [2019, 2017, None]})
    table = formulation_summary(found, speeches)
    assert table.columns.tolist() == ["formulation", "kind", "number", "count", "speeches", "first_year", "last_year",
                                      "items"]
    first = table.iloc[0]
    assert (first.formulation, first["count"], first.speeches, first.first_year, first.last_year, first["items"]) == (
        "两个维护", 3, 3, 2017, 2019, "维护核心、维护权威")  # c has no year: not a first or last year
    assert table.iloc[1]["items"] == "" and table.iloc[1]["count"] == 1


def test_trends_by_level_count_what_the_text_holds(bundled):
    speeches, paragraphs, tokens = bundled
    assert facet_column(speeches) == "level"  # 国家 and 省 (the 党课讲稿 has none)
    terms = ["改革", "小康"]
    concordance = pd.concat([la.kwic(paragraphs, t).assign(term=t) for t in terms], ignore_index=True)
    table = faceted_trend(concordance, paragraphs, speeches, terms, by="year", facet="level")
    texts = searched_texts(paragraphs).groupby(paragraphs["speech_id"]).agg("\n".join)
    provinces_2020 = speeches.loc[(speeches["level"] == "省") & (speeches["year"] == 2020), "speech_id"]
    assert len(provinces_2020) == 4  # 四川's 2019.md is dated 2020 (named by the year it reviews)
    row = table[(table["feature"] == "改革") & (table["facet"] == "省") & (table["group"] == 2020)].iloc[0]
    assert row.frequency == sum(texts[s].count("改革") for s in provinces_2020)  # Ctrl-F in the four reports
    assert row.n_chars == speeches.loc[speeches["speech_id"].isin(provinces_2020), "n_chars"].sum()
    assert row.per_10k_chars == pytest.approx(row.frequency / row.n_chars * 10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        warnings.simplefilter("ignore", la.GroupingWarning)  # the undated 党课讲稿
        pooled = la.trend(tokens, terms, by="year")
    national = table[table["facet"] == "国家"]
    summed = table.groupby(["feature", "group"])["frequency"].sum()
    for term, year, frequency in pooled[["feature", "group", "frequency"]].itertuples(index=False):
        assert summed.get((term, year), 0) == frequency  # the levels add up to the pooled trend
    assert set(national["group"]) == set(speeches.loc[speeches["level"] == "国家", "year"])


def test_small_multiples_have_a_panel_per_term_and_whole_years(bundled):
    _, _, tokens = bundled
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        warnings.simplefilter("ignore", la.GroupingWarning)
        table = la.trend(tokens, ["改革", "小康", "创新", "开放"], by="year")
    ax = plot.plot_panels(table, title="趋势")
    shown = [a for a in ax.figure.axes if a.get_visible()]
    assert [a.get_title(loc="left") for a in shown] == ["改革", "小康", "创新", "开放"]
    ax.figure.canvas.draw()
    for panel in shown:
        ticks = [t for t in panel.get_xticks() if panel.get_xlim()[0] <= t <= panel.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)
    undated = pd.concat([table, table.head(1).assign(group="（未知）")], ignore_index=True)
    ax = plot.plot_panels(undated)
    assert ax.figure._supxlabel.get_text() == "无年份的文本未画出"  # a period that is no year, said in plain words
    import matplotlib.pyplot as plt

    plt.close("all")


def test_the_lexical_profile_of_two_years_has_whole_year_ticks():
    speeches = pd.DataFrame({"speech_id": ["a", "b"], "year": [2021, 2022], "date": pd.NaT})
    profile = pd.DataFrame({"speech_id": ["a", "b"], "mattr": [0.7, 0.72], "mean_sentence_chars": [40.0, 42.0]})
    ax = plot.plot_lexical_profile(profile, speeches)
    bottom = ax.figure.axes[1]
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in bottom.get_xticklabels() if t.get_text()]
    assert labels and all("." not in label for label in labels), labels  # never 2021.25
    import matplotlib.pyplot as plt

    plt.close("all")


def test_section_shares_average_each_groups_outline():
    lengths = pd.DataFrame({"speech_id": ["a", "a", "a", "b", "b"], "section_id": ["0", "1", "2", "1", "2"],
                            "share": [0.1, 0.5, 0.4, 0.2, 0.8]})
    speeches = pd.DataFrame({"speech_id": ["a", "b"], "collection": ["甲", "甲"]})
    table = plot.section_share_table(lengths, speeches)
    row = table.loc["甲"]
    assert row["speeches"] == 2
    assert row["开头"] == pytest.approx(0.05) and row["第一部分"] == pytest.approx(0.35)
    assert row["第二部分"] == pytest.approx(0.6) and row.iloc[1:].sum() == pytest.approx(1.0)


# Machado, Oliveira & Fernandes (2009), severity 1.0: the colours a reader with protanopia, deuteranopia or
# tritanopia sees (on linear RGB)
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB in 0–1 (linear) to CIELAB (D65)."""
    xyz = rgb @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def test_the_first_six_chart_colours_stay_apart_for_colour_blind_readers():
    from matplotlib.colors import to_rgb

    srgb = np.array([to_rgb(c) for c in plot.style.PALETTE[:6]])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    for name, matrix in CVD.items():
        seen = np.clip(linear @ np.array(matrix).T, 0, 1)
        lab = _lab(seen)
        distances = [np.linalg.norm(lab[i] - lab[j]) for i in range(6) for j in range(i + 1, 6)]
        assert min(distances) > 10, name  # ΔE*ab above 10: told apart at a glance


@pytest.mark.slow
def test_a_large_corpus_gets_charts_that_read_and_stay_small(tmp_path, monkeypatch):
    """Above the size where a bar per speech is drawn, the outline is a chart per group and the concordance plot
    shows the speeches with most hits; no figure grows with the corpus."""
    import lectureanalysis.report.building as building
    import lectureanalysis.report.figures as figures
    from lectureanalysis.report import build_report

    monkeypatch.setattr(figures, "ROW_CHARTS_UP_TO", 4)
    monkeypatch.setattr(building, "ROW_CHARTS_UP_TO", 4)
    monkeypatch.setattr(figures, "CONCORDANCE_PLOT_ROWS", 3)
    corpus = tmp_path / "corpus"
    for i in range(8):
        folder = corpus / ("甲" if i % 2 else "乙")
        folder.mkdir(parents=True, exist_ok=True)
        body = "".join(f"{'一二三'[k]}、第{k + 1}部分\n" + "坚持改革开放，推进改革发展。" * (k + 1 + (i if k == 0 else 0)) + "\n"
                       for k in range(3))
        write(folder, f"{2010 + i}.txt", f"{2010 + i}年工作报告\n{body}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_report(corpus, tmp_path / "out", terms=["改革"], progress=lambda line: None, lang="en")
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    made = {p.stem for p in (tmp_path / "out" / "figures").glob("*.png")}
    assert "section_shares" in made and "section_lengths" not in made
    assert "the 3 speeches holding the followed terms most often, of 8" in page
    from PIL import Image

    with Image.open(tmp_path / "out" / "figures" / "concordance_plot.png") as image:
        small = image.size
    assert small[1] < 1500  # three rows, not eight
    lines = pd.read_csv(tmp_path / "out" / "tables" / "concordance.csv", encoding="utf-8-sig")
    most = lines["speech_id"].value_counts()
    assert set(most.index[:3]) == {2017, 2016, 2015}  # the longest first sections: the most hits


def test_new_terms_and_topics_are_made_on_request_above_the_size_limit(bundled, monkeypatch):
    import lectureanalysis.report.discovery as discovery

    speeches, _, tokens = bundled
    monkeypatch.setattr(discovery, "DISCOVERY_LIMITS", {"speeches": 50})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = discovery.compute_discovery(speeches, tokens, [], pd.DataFrame(), say=lambda line: None)
    assert found.new_terms.empty and found.topics is None and len(found.emergence)  # rising terms stay: they are cheap
    assert any("for up to 50 speeches; this corpus has 86 (--discovery all makes them" in n for n in found.notes)
    nothing = discovery.compute_discovery(speeches, tokens, [], pd.DataFrame(), say=lambda line: None,
                                          discovery="none")
    assert not nothing.made and nothing.notes == ["Not made (--discovery none)."]
    # the Dask engine above the limit gathers no token table: the section says so, in the page's language
    from lectureanalysis.report.language import said_in

    clustered = discovery.compute_discovery(speeches, None, [], pd.DataFrame(), say=lambda line: None)
    assert clustered.emergence.empty and clustered.new_terms.empty and clustered.topics is None
    assert clustered.notes == ["Rising and falling terms, new terms and topics need every token in one process: with "
                               "the Dask engine they are made by default for up to 50 speeches; this corpus has 86 "
                               "(--discovery all makes them here)."]
    assert said_in("zh", clustered.notes[0]).startswith("升降词、新词与主题需要把全部词元放在一个进程中") and \
        "50 篇以内" in said_in("zh", clustered.notes[0]) and "本语料有 86 篇" in said_in("zh", clustered.notes[0])


def test_a_profile_of_many_collections_is_coloured_by_level():
    """lawtext-gov's 32 collections made a legend over the whole chart: beyond the palette's eight colours the
    speeches are coloured by level of government."""
    n = 64
    speeches = pd.DataFrame({"speech_id": [f"s{i}" for i in range(n)], "year": [2000 + i % 20 for i in range(n)],
                             "date": pd.NaT, "collection": [f"省级/省{i % 32}" for i in range(n)],
                             "level": ["国家" if i % 32 == 0 else "省" for i in range(n)]})
    profile = pd.DataFrame({"speech_id": speeches["speech_id"], "mattr": 0.8, "mean_sentence_chars": 40.0})
    ax = plot.plot_lexical_profile(profile, speeches)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["国家", "省"]
    import matplotlib.pyplot as plt

    plt.close("all")


def test_an_english_page_has_its_charts_in_english(tmp_path):
    """--lang en: the charts' own words (titles, axes, legends, section names) are English in the figures the
    report writes, the corpus's words stay as written; a Chinese page keeps them Chinese."""
    import re

    from lectureanalysis.report import build_report
    from lectureanalysis.report.chart_words import CHART_WORDS

    for lang in ("en", "zh"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            build_report(CORPUS / "党课讲稿", tmp_path / lang, svg_text="text", lang=lang, progress=lambda line: None)
    english = (tmp_path / "en" / "figures" / "section_lengths.svg").read_text("utf-8")
    chinese = (tmp_path / "zh" / "figures" / "section_lengths.svg").read_text("utf-8")
    assert "opening" in english and "part 1" in english and "Section lengths (字)" in english
    assert "开头" not in english and "第一部分" not in english
    assert "开头" in chinese and "第一部分" in chinese and "opening" not in chinese
    terms = (tmp_path / "en" / "figures" / "top_terms.svg").read_text("utf-8")
    assert "frequency" in terms and "频次" not in terms and "办公室" in terms  # the corpus's word as written
    for svg in (tmp_path / "en" / "figures").glob("*.svg"):  # no chart wording left in Chinese in any figure
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text("utf-8")) + \
            re.findall(r"<!-- (.*?) -->", svg.read_text("utf-8"))
        left = [t for t in texts for pattern, _ in CHART_WORDS
                if len(pattern) > 2 and "(?P" not in pattern and re.fullmatch(pattern, t.strip())]
        assert not left, (svg.name, left)


def test_the_keyness_chart_and_the_section_names_read_in_english():
    """The keyness chart's axis (its two sides and the count of significant words) and a changes chart's
    （开头） row in English; every text of the drawn figure checked after drawing (tick labels are made then)."""
    import re

    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from lectureanalysis.report.chart_words import chart_words_in_english, figure_in_english

    _, paragraphs = la.load([CORPUS / "政府工作报告" / "2018.txt", CORPUS / "政府工作报告" / "2019.txt"])
    tokens = la.segment(paragraphs, progress=False, cache=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ax = plot.plot_keyness(la.keyness(tokens, target=2019, by="year"), target_label="2019", reference_label="2018")
    figure_in_english(ax.figure)
    ax.figure.canvas.draw()
    texts = [t.get_text() for t in ax.figure.findobj(Text) if t.get_text()]
    label = next(t for t in texts if "G²" in t)
    assert label.startswith("← more in 2018  ·  G²  ·  more in 2019 →\nSignificant (BH-adjusted p < 0.05): ")
    assert not [t for t in texts if re.search("更多|显著|共检验|关键词", t)]
    assert chart_words_in_english("（开头）") == "(opening)" and chart_words_in_english("第十二部分") == "part 12"
    plt.close("all")
