"""Charts and word clouds render Chinese with no setup: no missing glyph, a font that covers every character."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot
import numpy as np
import pandas as pd
import pytest
from conftest import GWR

import lectureanalysis as la
from lectureanalysis import plot
from lectureanalysis.plot.fonts import PROBE, resolve_font

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def tables(seed):
    speeches, paragraphs = seed
    tokens = la.segment(paragraphs, cache=False)
    return speeches, paragraphs, tokens, la.term_frequencies(tokens)


def drawn_text(figure) -> str:
    """Every string the figure draws: titles, labels, tick labels, legends, annotations."""
    figure.canvas.draw()
    return "".join(t.get_text() for t in figure.findobj(matplotlib.text.Text))


def check_renders(ax) -> None:
    figure = ax.figure
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        text = drawn_text(figure)
    assert resolve_font().covers(text) == set(), resolve_font().covers(text)
    matplotlib.pyplot.close(figure)


def test_font_is_found_and_covers_chinese():
    font = resolve_font()
    assert font.path.is_file() and font.path.suffix in (".otf", ".ttf")
    assert font.covers(PROBE) == set()
    assert "CJK" in font.family or "Hei" in font.family or "Han" in font.family


def test_explicit_font_and_errors(tmp_path, monkeypatch):
    font = resolve_font()
    assert resolve_font(font.path).path == font.path
    with pytest.raises(FileNotFoundError, match="font=: 'No Such Font' is neither a font file nor an installed font family"):
        resolve_font("No Such Font")
    monkeypatch.setenv("LECTUREANALYSIS_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(FileNotFoundError, match=r"\$LECTUREANALYSIS_FONT"):
        resolve_font()


def test_every_chart_renders_chinese(tables):
    speeches, paragraphs, tokens, frequencies = tables
    check_renders(plot.plot_top_terms(frequencies))
    check_renders(plot.plot_section_lengths(la.section_lengths(paragraphs)))
    check_renders(plot.plot_paragraph_lengths(paragraphs))
    with pytest.warns(la.TermWarning, match=r"'工作': 28 occurrences counted on the text, 5 inside longer tokens"):
        trend = la.trend(tokens, ["党办", "工作"], by="para_id")
    check_renders(plot.plot_trends(trend))
    check_renders(plot.plot_keyness(la.keyness(tokens, target=tokens["para_id"].to_numpy() < 3, min_count=1)))
    check_renders(plot.plot_dispersion(tokens, ["党办", "总书记", "工作"]))
    check_renders(plot.plot_formulations(la.formulations(paragraphs), speeches, by="title"))
    axes = plot.plot_top_terms_by_group(la.term_frequencies(tokens, by="section_path"), top=5)
    check_renders(axes.flat[0])


def test_wordcloud_words_are_covered_by_its_font(tables):
    frequencies = tables[3]
    ax = plot.plot_wordcloud(frequencies, top=60)
    assert len(ax.words_) > 20 and "党办" in ax.words_
    assert resolve_font().covers("".join(ax.words_)) == set()
    image = ax.get_images()[0].get_array()
    assert image.shape[:2] == (900, 1600) and image.std() > 10, "something was drawn"
    again = plot.plot_wordcloud(frequencies, top=60)
    assert again.words_ == ax.words_, "deterministic for a seed"


def test_chart_input_is_checked(tables):
    with pytest.raises(ValueError, match="frequencies: missing column"):
        plot.plot_top_terms(tables[1])


# -- hardening (issue 7): what a reader of each chart sees ----------------------------------------------


def yearly(years_chars: dict[int, int], hits: dict[int, int]) -> tuple:
    """A tiny corpus by year: a speeches table and a formulations table with ``hits[year]`` rows."""
    speeches = pd.DataFrame({"speech_id": [str(y) for y in years_chars], "year": pd.array(list(years_chars), "Int64"),
                             "n_chars": list(years_chars.values())})
    rows = [(str(y), "四个现代化") for y, n in hits.items() for _ in range(n)]
    return speeches, pd.DataFrame(rows, columns=["speech_id", "formulation"])


def test_trend_lines_break_at_missing_years():
    trend = pd.DataFrame({"feature": "改革", "group": [1960, 1964, 1975, 1978], "per_10k_chars": [1.0, 2.0, 3.0, 4.0]})
    ax = plot.plot_trends(trend)
    line = ax.get_lines()[0]
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=float)
    assert list(xs) == list(range(1960, 1979))
    assert np.isnan(ys[xs == 1965][0]) and np.isnan(ys[xs == 1974][0]) and ys[xs == 1975][0] == 3.0
    assert all(float(t).is_integer() for t in ax.get_xticks())
    matplotlib.pyplot.close(ax.figure)


def test_formulations_chart_is_per_10k_over_the_whole_corpus():
    speeches, found = yearly({1955: 20_000, 1960: 5_000, 1985: 40_000}, {1960: 3, 1985: 4})
    ax = plot.plot_formulations(found, speeches, by="year")
    line = ax.get_lines()[0]
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=float)
    assert xs[0] == 1955 and xs[-1] == 1985, "the axis spans the corpus, not only the years with hits"
    assert ys[xs == 1955][0] == 0.0
    assert ys[xs == 1960][0] == pytest.approx(3 / 5_000 * 10_000)
    assert ys[xs == 1985][0] == pytest.approx(4 / 40_000 * 10_000)
    assert np.isnan(ys[xs == 1970][0])
    assert ax.get_ylabel() == "每万字"
    matplotlib.pyplot.close(ax.figure)


def test_count_axes_have_whole_number_ticks(tables):
    _, paragraphs, _, frequencies = tables
    ax = plot.plot_paragraph_lengths(paragraphs)
    ax.figure.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_yticks())
    assert not ax.texts, "the median is named in the legend, never written over the bars"
    legend = ax.get_legend()
    assert legend.get_texts()[0].get_text().startswith("中位数 ")
    box = legend.get_window_extent()
    assert not any(box.overlaps(bar.get_window_extent()) for bar in ax.patches if bar.get_height() > 0)
    matplotlib.pyplot.close(ax.figure)
    ax = plot.plot_top_terms(frequencies.head(3))
    ax.figure.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())
    matplotlib.pyplot.close(ax.figure)


def test_section_lengths_have_a_legend_and_distinct_colours():
    n = 12
    lengths = pd.DataFrame({"speech_id": "s", "section_id": ["0", *map(str, range(1, n + 1))],
                            "n_chars": [50] * (n + 1)})
    ax = plot.plot_section_lengths(lengths)
    colours = {tuple(np.round(p.get_facecolor(), 3)) for p in ax.patches}
    assert len(colours) == n + 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["开头", "第一部分", "第二部分"] and legend[-1] == "第十二部分"
    matplotlib.pyplot.close(ax.figure)


def test_dispersion_names_its_speeches():
    tokens = pd.DataFrame({"speech_id": ["a"] * 5 + ["b"] * 5, "para_id": [0] * 5 + [0] * 5,
                           "year": [2019] * 5 + [2020] * 5, "is_stopword": False,
                           "token": pd.Categorical(["改革", "x", "y", "改革", "z", "x", "深化改革", "y", "z", "w"])})
    ax = plot.plot_dispersion(tokens, ["改革"])
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020"]
    assert list(ax.get_xticks()) == [2.5, 7.5]
    ticks = sorted(segment[0][0] for segment in ax.collections[0].get_segments())
    assert ticks == [0, 3, 6], "a tick where the text says 改革, also inside 深化改革"
    matplotlib.pyplot.close(ax.figure)


def test_dispersion_of_the_slim_table_takes_the_years_from_the_linked_paragraphs():
    paragraphs = la.load([GWR / "2018.txt", GWR / "2019.txt"])[1].assign(
        speech_id=lambda t: t["speech_id"].map({"2018": "第十三届一次", "2019": "第十三届二次"}))
    tokens = la.segment(paragraphs, cache=False)
    ax = plot.plot_dispersion(tokens, ["改革"])
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2018", "2019"]
    matplotlib.pyplot.close(ax.figure)


def test_word_cloud_leaves_out_words_it_cannot_place(tables):
    frequencies = pd.concat([tables[3], pd.DataFrame({"feature": ["a" * 1000], "frequency": [999], "group": [
        tables[3]["group"].iloc[0]]})], ignore_index=True)
    with pytest.warns(la.CorpusWarning, match=r"word cloud: 1 word\(s\) longer than 20 characters left out"):
        ax = plot.plot_wordcloud(frequencies)
    assert "a" * 1000 not in ax.words_ and len(ax.words_) > 10
    matplotlib.pyplot.close(ax.figure)


@pytest.mark.slow
def test_font_installed_after_the_first_run(tmp_path):
    """Run once without a CJK font installed, install one in the user's font folder, run again: the new
    font is used and nothing is printed (no findfont flood, no missing glyph)."""
    import os
    import shutil
    import subprocess
    import sys

    from lectureanalysis.plot.fonts import _bundled_font

    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "share"),
           "MPLCONFIGDIR": str(tmp_path / "mpl"), "LECTUREANALYSIS_CACHE": str(tmp_path / "cache"),
           "MPLBACKEND": "Agg"}
    env.pop("LECTUREANALYSIS_FONT", None)
    code = ("import lectureanalysis as la, pandas as pd\n"
            "from lectureanalysis.plot.fonts import resolve_font\n"
            "from lectureanalysis.report import export_figure\n"
            "f = pd.DataFrame({'feature': ['政府工作报告', '改革'], 'frequency': [3, 2], 'group': 'all'})\n"
            "from lectureanalysis import plot\n"
            "ax = plot.plot_top_terms(f)\n"
            "export_figure(ax.figure, sys.argv[1], 'chart', svg_text='text')\n"
            "print(resolve_font().source, resolve_font().family)\n")
    run = lambda: subprocess.run([sys.executable, "-c", "import sys\n" + code, str(tmp_path / "fig")],  # noqa: E731
                                 env=env, capture_output=True, text=True, timeout=300, check=True)
    first = run()
    if not first.stdout.startswith("bundled"):
        pytest.skip(f"this machine has a CJK font installed system-wide ({first.stdout.strip()}): the case "
                    "needs a machine without one")
    fonts = tmp_path / "share" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(_bundled_font().path, fonts / "NotoSansCJKsc-Regular.otf")
    second = run()
    assert second.stdout.strip() == "system Noto Sans CJK SC"
    assert "findfont" not in second.stderr and "Glyph" not in second.stderr, second.stderr[:2000]
    assert second.stderr == ""


def test_concordance_plot_rows_in_date_order_with_counts():

    speeches = pd.DataFrame({"speech_id": ["b", "a", "c"], "year": [2020, 2019, None],
                             "date": [None, "2019-03-05", None]})
    hits = pd.DataFrame({"speech_id": ["a", "a", "b", "c"], "position": [0.1, 0.9, 0.5, 0.0],
                         "term": ["改革", "改革", "改革", "发展"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing glyph
        ax = plot.plot_concordance(hits, speeches)
    axes = ax.figure.axes
    assert [a.get_title() for a in axes] == ["改革", "发展"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2019 a", "2020 b", "c"]  # undated last
    counts = [t.get_text() for t in axes[0].texts]
    assert counts == ["2", "1", "0"]
    ticks = axes[0].collections[-1].get_segments()
    assert sorted(round(float(s[0][0]), 2) for s in ticks) == [0.1, 0.5, 0.9]
    matplotlib.pyplot.close("all")


def test_keyness_figure_draws_only_significant_terms_and_says_how_many():
    tokens = pd.DataFrame({"speech_id": ["t"] * 60 + ["r"] * 60, "para_id": 0, "section_id": "0",
                           "token_idx": list(range(60)) * 2,
                           "token": ["改革"] * 30 + ["发展"] * 28 + ["稳定", "学习"]
                                    + ["发展"] * 30 + ["改革"] * 2 + ["稳定"] * 27 + ["学习"],
                           "is_stopword": False})
    tokens["token"] = tokens["token"].astype("category")
    key = la.keyness(tokens, target="t", min_count=1)
    significant = key[key["p_adj"] < 0.05]
    assert 0 < len(significant) < len(key), "the example holds both kinds"
    ax = plot.plot_keyness(key)
    drawn = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(drawn) == sorted(significant["feature"]), "non-significant terms are not drawn"
    n_over = int((significant["g2"] > 0).sum())
    n_under = int((significant["g2"] < 0).sum())
    assert f"目标多用 {n_over} 个，参照多用 {n_under} 个，共检验 {len(key)} 个" in ax.get_xlabel()
    none = plot.plot_keyness(key[key["p_adj"] >= 0.05])
    assert not none.patches and "没有显著的关键词" in none.texts[0].get_text()
    matplotlib.pyplot.close("all")


# -- the comparative reading's charts (issue 21) -------------------------------------------------------------

def _reports():
    """A centre and two provinces over three years, with the outline columns agenda() needs."""
    rows = []
    texts = {("全国", 2016): ["一、工作回顾", "稳增长。", "二、今年任务", "贯彻新发展理念。"],
             ("全国", 2017): ["一、贯彻新发展理念", "贯彻新发展理念，推进改革。"],
             ("甲省", 2016): ["一、工作回顾", "推进改革。"],
             ("甲省", 2017): ["一、工作回顾", "落实新发展理念。新发展理念引领。"],
             ("乙省", 2017): ["一、工作回顾", "推进改革。"]}
    for (place, year), lines in texts.items():
        section = 0
        for para_id, line in enumerate(lines):
            heading = line[1] == "、"
            section += heading
            rows.append({"speech_id": f"{place}/{year}", "para_id": para_id, "place": place, "year": year,
                         "text": line, "n_chars": la.count_chars(line), "is_heading": heading,
                         "section_id": str(section)})
    return pd.DataFrame(rows)


def test_the_reading_charts_show_the_tables_values():
    paragraphs = _reports()
    speeches = paragraphs.drop_duplicates("speech_id")[["speech_id"]].assign(
        level=np.where(paragraphs.drop_duplicates("speech_id")["place"] == "全国", "国家", "省"))
    rates = la.diffusion_rates(paragraphs, "新发展理念", speeches=speeches)
    ax = plot.plot_diffusion(rates)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["全国", "甲省", "乙省"]  # centre, then by first use
    written = [t.get_text() for t in ax.texts]
    texts = paragraphs.groupby("speech_id")["text"].agg("".join)
    by_hand = {place: texts[f"{place}/2017"].count("新发展理念") / paragraphs.loc[
        paragraphs["speech_id"] == f"{place}/2017", "n_chars"].sum() * 10_000 for place in ("全国", "甲省", "乙省")}
    # cells row by row (2016, 2017); 乙省 has no report in 2016: blank, not zero
    assert written == [f"{texts['全国/2016'].count('新发展理念') / paragraphs.loc[paragraphs['speech_id'] == '全国/2016', 'n_chars'].sum() * 10_000:.1f}",
                       f"{by_hand['全国']:.1f}", "0.0", f"{by_hand['甲省']:.1f}", f"{by_hand['乙省']:.1f}"]
    check_renders(ax)
    curve = la.adoption(la.diffusion(paragraphs, "新发展理念", speeches=speeches))
    ax = plot.plot_adoption(curve)
    assert ax.get_lines()[0].get_ydata().tolist() == [0.0, 50.0]  # 甲省 of two places by 2017
    check_renders(ax)
    table = la.agenda(paragraphs[paragraphs["place"] == "全国"], "新发展理念")
    ax = plot.plot_agenda(table)
    assert ax.get_lines()[0].get_xydata().tolist() == [[2016, 2], [2017, 1]]  # climbs from section 二 to 一
    assert len(ax.collections[0].get_offsets()) == 1  # named by a heading in 2017 only
    check_renders(ax)


def test_the_change_and_reuse_charts_count_sentences():
    paragraphs = pd.DataFrame({"speech_id": ["2023", "2024"], "para_id": [0, 0],
                               "text": ["今年增长5%左右。继续深化改革。", "今年增长5%左右。全面深化改革。发展新质生产力。"]})
    summary = la.change_summary(la.changes(paragraphs, "2023", "2024"))
    ax = plot.plot_change_summary(summary)
    widths = {container.get_label(): [p.get_width() for p in container] for container in ax.containers}
    assert widths == {"保留": [1], "仅数字变化": [0], "改写": [1], "移动": [0], "新增": [1], "删除": [0]}
    check_renders(ax)
    reports = pd.DataFrame({"speech_id": ["c24", "a24", "b24"], "para_id": 0, "year": 2024,
                            "place": ["全国", "甲省", "乙省"], "level": ["国家", "省", "省"], "text": [
                                "要以科技创新引领现代化产业体系建设。", "要以科技创新引领现代化产业体系建设。全省粮食产量再创历史新高。",
                                "全区粮食产量再创历史新高，达到五百万吨。"]})
    reuse = la.reuse_summary(la.reuse(reports))
    ax = plot.plot_reuse(reuse)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲省", "乙省"]  # the most reusing first
    share = la.count_chars("要以科技创新引领现代化产业体系建设") / la.count_chars(reports.loc[1, "text"]) * 100
    assert [t.get_text() for t in ax.texts] == [f"{share:.1f}", "0.0"]
    check_renders(ax)
    with pytest.raises(ValueError, match=r"value: expected 'share_chars' or 'share', got 'ratio'"):
        plot.plot_reuse(reuse, value="ratio")
