"""Rising and falling terms (issue 22, item 2): one vectorised Poisson fit for every term, checked against
statsmodels' GLM term by term, and change points checked against an exhaustive search."""

import itertools

import numpy as np
import pandas as pd
import pytest

import lectureanalysis as la
from lectureanalysis.discovery.trending import breaks


def series_tokens(series: dict[str, list[int]], years: list[int], filler: int = 1000):
    """A token table with the counts given per year (and ``filler`` tokens of 的 a year), built from text."""
    rows = []
    for year_index, year in enumerate(years):
        words = [w for w, counts in series.items() for _ in range(counts[year_index])] + ["的"] * filler
        rows.append({"speech_id": str(year), "para_id": 0, "text": "，".join(words) + "。", "year": year,
                     "is_heading": False, "level": 0, "section_id": "0", "section_path": "", "n_chars": 0})
    paragraphs = pd.DataFrame(rows)
    paragraphs["n_chars"] = paragraphs["text"].map(la.count_chars)
    return paragraphs, la.segment(paragraphs, progress=False, cache=False, userdict=[f"{w} 100000" for w in series])


def test_a_planted_riser_and_faller_and_a_flat_term():
    years = list(range(2010, 2020))
    paragraphs, tokens = series_tokens({"新兴": [0, 0, 1, 2, 4, 8, 12, 20, 30, 45], "旧式": [40, 30, 22, 15, 10, 6, 3, 1, 0, 0],
                            "平稳": [10] * 10}, years)
    table = la.emergence(tokens, min_count=5).set_index("term")
    assert table.loc["新兴", "direction"] == "rising" and table.loc["旧式", "direction"] == "falling"
    assert table.loc["新兴", "p_adj"] < 1e-4 and table.loc["旧式", "p_adj"] < 1e-4
    assert table.loc["平稳", "p_adj"] > 0.5 and abs(table.loc["平稳", "slope"]) < 0.01
    # every number a reader sees agrees with the text: frequency, periods, first and last year
    text = "".join(paragraphs["text"])
    assert table.loc["新兴", "frequency"] == 122 and table.loc["新兴", "first"] == 2012 and table.loc["新兴", "last"] == 2019
    assert table.loc["旧式", "periods"] == 8 and table.loc["旧式", "last"] == 2017
    assert text.count("新兴") == 122 and paragraphs.loc[paragraphs.text.str.contains("旧式"), "year"].max() == 2017


def test_slopes_equal_statsmodels_glm_on_twenty_terms(bundled):
    sm = pytest.importorskip("statsmodels.api")
    _, _, tokens = bundled
    reports = tokens[tokens["speech_id"].astype(str).str.startswith("政府工作报告/")]
    for dispersion in ("poisson", "quasi"):
        table = la.emergence(reports, min_count=30, dispersion=dispersion, change_points=0).set_index("term")
        frequencies = la.term_frequencies(reports, by="year")
        chars = (frequencies["frequency"] * 10_000 / frequencies["per_10k_chars"]).groupby(frequencies["group"]).first()
        years = np.asarray(chars.index, dtype=float)
        terms = table.index[table["converged"]][::max(1, int(table["converged"].sum()) // 20)][:20]
        assert len(terms) == 20
        for term in terms:
            y = frequencies[frequencies["feature"] == term].set_index("group")["frequency"].reindex(chars.index,
                                                                                                   fill_value=0)
            model = sm.GLM(y.to_numpy(), sm.add_constant(years - years.mean()), family=sm.families.Poisson(),
                           exposure=chars.to_numpy()).fit(scale="X2" if dispersion == "quasi" else 1.0)
            row = table.loc[term]
            assert row["slope"] == pytest.approx(model.params[1], rel=1e-7, abs=1e-10)
            assert row["deviance"] == pytest.approx(model.null_deviance - model.deviance, rel=1e-6)
            if dispersion == "poisson" or model.scale >= 1:  # below 1 the dispersion is taken as 1
                assert row["se"] == pytest.approx(model.bse[1], rel=1e-4)
                assert row["dispersion"] == pytest.approx(model.scale, rel=1e-4)


def test_per_place_each_against_its_own_text(bundled):
    speeches, paragraphs, _ = bundled
    paragraphs = paragraphs.merge(speeches[["speech_id", "place"]], on="speech_id")
    paragraphs = paragraphs[paragraphs["speech_id"].str.startswith("地方政府工作报告/")]
    provinces = la.segment(paragraphs, progress=False)
    table = la.emergence(provinces, within="place", min_count=15, change_points=0)
    assert set(table["place"]) == {"浙江省", "四川省", "河北省"}
    row = table[(table["place"] == "浙江省")].iloc[0]
    texts = paragraphs[paragraphs["place"] == "浙江省"]
    # the frequency is counted on that province's tokens only
    counted = la.term_frequencies(provinces[la.with_columns(provinces, ["place"])["place"] == "浙江省"])
    assert row["frequency"] == counted.set_index("feature").loc[row["term"], "frequency"]
    assert texts["year"].min() <= row["first"] <= row["last"] <= texts["year"].max()


def test_numbers_and_dates_are_never_terms(bundled):
    _, _, tokens = bundled
    table = la.emergence(tokens[tokens["speech_id"].astype(str).str.startswith("政府工作报告/")], min_count=20,
                         change_points=0)
    assert not table["term"].str.fullmatch(r"[\d〇一二三四五六七八九十百千万年月日%.]+").any()
    assert "一九五四年" not in set(table["term"])


def test_text_periods_are_refused_and_years_as_text_read():
    _, tokens = series_tokens({"新兴": [1, 2, 4, 8]}, [2010, 2011, 2012, 2013])
    with pytest.raises(ValueError, match=r"by='section_path': emergence needs numeric periods \(years\); got values"):
        la.emergence(tokens.assign(section_path="导言"), by="section_path")
    as_text = la.emergence(tokens.assign(label=tokens["speech_id"].astype(str)), by="label", min_count=5)
    assert as_text.set_index("term").loc["新兴", "first"] == 2010
    marked = tokens.assign(label=tokens["speech_id"].astype(str).replace({"2010": "（无年份）"}))
    with pytest.warns(la.CorpusWarning, match=r"by='label': 1 value\(s\) are not years and are left out.*无年份"):
        table = la.emergence(marked, by="label", min_count=5)
    assert table.set_index("term").loc["新兴", "first"] == 2011


def exhaustive_single_break(y, e, min_size=2):
    """The one cut that maximises the two-segment Poisson likelihood, by trying every cut."""
    def loglik(ys, es):
        rate = ys.sum() / es.sum()
        return (ys * np.log(rate) - rate * es).sum() if ys.sum() else -(0 * es).sum()
    best = max(range(min_size, len(y) - min_size + 1), key=lambda c: loglik(y[:c], e[:c]) + loglik(y[c:], e[c:]))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_the_first_break_is_the_exhaustive_best(seed):
    rng = np.random.default_rng(seed)
    e = rng.uniform(8_000, 20_000, 20)
    cut = int(rng.integers(3, 17))
    rates = np.where(np.arange(20) < cut, 1e-4, 6e-4)
    y = rng.poisson(rates * e).astype(float)
    found = breaks(y, e, max_breaks=1)
    assert found == [exhaustive_single_break(y, e)]
    assert abs(found[0] - cut) <= 1


def test_no_break_in_a_flat_series_and_two_in_a_step_up_and_down():
    e = np.full(24, 10_000.0)
    assert breaks(np.full(24, 5.0), e) == []
    y = np.array([1, 0, 1, 1, 0, 1, 1, 0, 20, 22, 19, 21, 20, 23, 20, 21, 1, 0, 1, 0, 1, 1, 0, 1], dtype=float)
    assert breaks(y, e) == [8, 16]
    for a, b in itertools.combinations(range(2, 23), 2):  # no pair of cuts explains it better
        if b - a >= 2 and 24 - b >= 2:
            assert _cost(y, e, [a, b]) >= _cost(y, e, [8, 16]) - 1e-9


def _cost(y, e, cuts):
    bounds = [0, *cuts, len(y)]
    total = 0.0
    for a, b in itertools.pairwise(bounds):
        rate = y[a:b].sum() / e[a:b].sum()
        total -= (y[a:b] * np.log(rate)).sum() - rate * e[a:b].sum() if rate > 0 else 0
    return total
