"""Topics (issue 22, item 3): planted topics recovered, the same seed the same model, coherence (NPMI) by hand
on a tiny corpus, shares that add up, and the chart."""

import math

import numpy as np
import pandas as pd
import pytest

import lectureanalysis as la
from lectureanalysis.discovery import npmi_coherence

FARMING = ["粮食", "耕地", "种子", "农机", "灌溉", "收成"]
FINANCE = ["银行", "信贷", "利率", "债券", "保险", "汇率"]


def planted(seed=0):
    """Forty paragraphs in two years: half about farming, half about finance, four words of one field each,
    the farming ones in 2020 mostly."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(40):
        field = FARMING if i % 2 == 0 else FINANCE
        words = rng.choice(field, 4, replace=False)
        year = 2020 if (i % 2 == 0) == (i < 30) else 2021
        rows.append({"speech_id": str(year), "para_id": i, "text": "，".join(words) + "。", "year": year,
                     "section_id": "0"})
    paragraphs = pd.DataFrame(rows)
    paragraphs["n_chars"] = paragraphs["text"].map(la.count_chars)
    return paragraphs, la.segment(paragraphs, progress=False, cache=False, userdict=FARMING + FINANCE)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_planted_topics_are_recovered(method):
    _, tokens = planted()
    model = la.topics(tokens, 2, method=method, min_df=2, max_df=0.9, top_n=6)
    found = [set(model.terms[model.terms.topic == t]["term"]) for t in (1, 2)]
    assert sorted(found, key=sorted) == sorted([set(FARMING), set(FINANCE)], key=sorted)
    assert (model.coherence["npmi"] > 0).all()
    assert model.coherence["share"].sum() == pytest.approx(1)
    shares = model.speeches.groupby("speech_id")["share"].sum()
    assert np.allclose(shares, 1)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_the_same_seed_gives_the_same_model(method):
    _, tokens = planted()
    a = la.topics(tokens, 3, min_df=2, seed=7, method=method)
    b = la.topics(tokens, 3, min_df=2, seed=7, method=method)
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.periods, b.periods)


def test_shares_by_year_follow_the_text():
    paragraphs, tokens = planted()
    model = la.topics(tokens, 2, min_df=2, max_df=0.9, top_n=6)
    farming = int(model.terms[model.terms.term == "粮食"]["topic"].iloc[0])
    share = model.periods.set_index(["year", "topic"])["share"]
    # 2020 holds 15 of the 20 farming paragraphs and 5 of the finance ones: farming dominates that year
    counted = paragraphs.assign(farm=paragraphs.text.str.contains("|".join(FARMING))).groupby("year")["farm"].mean()
    assert counted[2020] == 0.75 and counted[2021] == 0.25
    assert share[(2020, farming)] == pytest.approx(0.75, abs=0.05)
    assert share[(2021, farming)] == pytest.approx(0.25, abs=0.05)


def test_npmi_by_hand_on_a_tiny_corpus():
    # four documents: 改革 开放 | 改革 开放 | 改革 创新 | 民生
    docs = [{"改革", "开放"}, {"改革", "开放"}, {"改革", "创新"}, {"民生"}]
    vocab = ["改革", "开放", "创新", "民生"]
    presence = np.array([[w in d for w in vocab] for d in docs], dtype=int)
    p = {w: sum(w in d for d in docs) / 4 for w in vocab}

    def npmi(a, b):
        joint = sum(a in d and b in d for d in docs) / 4
        return -1.0 if joint == 0 else math.log(joint / (p[a] * p[b])) / -math.log(joint)

    expected = (npmi("改革", "开放") + npmi("改革", "创新") + npmi("开放", "创新")) / 3
    assert npmi("改革", "开放") == pytest.approx(math.log(0.5 / (0.75 * 0.5)) / math.log(2))
    assert npmi("开放", "创新") == -1.0
    assert npmi_coherence(presence, np.array([[0, 1, 2]]))[0] == pytest.approx(expected)
    assert npmi_coherence(presence, np.array([[0, 3]]))[0] == -1.0


def test_coherence_is_reported_on_the_paragraphs():
    paragraphs, tokens = planted()
    model = la.topics(tokens, 2, min_df=2, max_df=0.9, top_n=6)
    top = model.terms[model.terms.topic == 1]["term"].tolist()
    held = [set(t.strip("。").split("，")) for t in paragraphs.text]
    p = {w: sum(w in h for h in held) / len(held) for w in top}
    pairs = [(a, b) for i, a in enumerate(top) for b in top[i + 1:]]
    by_hand = []
    for a, b in pairs:
        joint = sum(a in h and b in h for h in held) / len(held)
        by_hand.append(-1.0 if joint == 0 else math.log(joint / (p[a] * p[b])) / -math.log(joint))
    assert model.coherence.loc[0, "npmi"] == pytest.approx(np.mean(by_hand))


def test_choosing_the_number_of_topics():
    _, tokens = planted()
    table = la.topic_numbers(tokens, [2, 3, 4], min_df=2, max_df=0.9, top_n=6)
    assert table["k"].tolist() == [2, 3, 4]
    assert table.set_index("k")["coherence"].idxmax() == 2  # the planted number is the most coherent


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_topics": 1}, r"n_topics"), ({"method": "pca"}, r"method"), ({"max_df": 1.5}, r"max_df: expected a share"),
    ({"n_topics": 50}, r"too little text for 50 topics of 10 words: 40 paragraphs"),
])
def test_bad_arguments_are_named(kwargs, message):
    _, tokens = planted()
    with pytest.raises(ValueError, match=message):
        la.topics(tokens, **{"n_topics": 2, "min_df": 2, **kwargs})


def test_the_chart_has_a_row_per_topic():
    import matplotlib

    matplotlib.use("Agg")
    _, tokens = planted()
    model = la.topics(tokens, 2, min_df=2, max_df=0.9, top_n=6)
    ax = la.plot.plot_topics(model)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label.split()[0] for label in labels] == ["1", "2"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2021"]
    assert all(label.split()[1] == model.coherence.loc[i, "label"] for i, label in enumerate(labels))


def test_a_year_without_speeches_is_an_empty_column_of_the_chart():
    # the heatmap of lawtext-gov put 1960 next to 1978: the years between had no speech and were squeezed out
    import matplotlib

    matplotlib.use("Agg")
    paragraphs, _ = planted()
    paragraphs["year"] = paragraphs["year"].replace({2021: 2023})
    tokens = la.segment(paragraphs, progress=False, cache=False, userdict=FARMING + FINANCE)
    model = la.topics(tokens, 2, min_df=2, max_df=0.9, top_n=6)
    ax = la.plot.plot_topics(model)
    shown = ax.images[0].get_array()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2021", "2022", "2023"]
    assert shown.mask[:, 1:3].all() and not shown.mask[:, [0, 3]].any()  # 2021 and 2022: no speech, blank
    matplotlib.pyplot.close("all")
