"""Statistics checked against hand computation on token tables written out by hand."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lectureanalysis as la
from lectureanalysis.analysis.measures import benjamini_hochberg, log_likelihood

STOP = {"的", "，", "。"}


def table(*paragraphs: tuple[str, int, str]) -> pd.DataFrame:
    """Tokens by hand: each paragraph is (speech_id, year, "tokens separated by spaces")."""
    rows = []
    for para_id, (speech_id, year, text) in enumerate(paragraphs):
        for index, token in enumerate(text.split()):
            rows.append({"speech_id": speech_id, "para_id": para_id, "section_id": "0", "token_idx": index,
                         "token": token, "is_stopword": token in STOP, "year": year})
    frame = pd.DataFrame(rows)
    frame["token"] = frame["token"].astype("category")
    frame["mask"] = pd.Categorical([""] * len(frame))
    frame["mask_after"] = pd.Categorical([""] * len(frame))
    return frame


TOKENS = table(
    ("a", 2019, "坚持 改革 的 发展 ， 改革 开放 。"),
    ("a", 2019, "改革 开放 的 成就 。"),
    ("b", 2020, "发展 是 第一 要务 ， 坚持 发展 。"),
)


def test_term_frequencies_by_hand():
    freq = la.term_frequencies(TOKENS)
    assert list(freq.columns) == ["feature", "frequency", "rank", "docfreq", "group", "per_10k_chars", "per_million_tokens"]
    top = freq.set_index("feature")
    assert top.loc["改革", "frequency"] == 3 and top.loc["发展", "frequency"] == 3
    assert top.loc["改革", "rank"] == 1 and top.loc["发展", "rank"] == 1, "ties share the lowest rank"
    assert top.loc["坚持", "rank"] == 3 and top.loc["开放", "rank"] == 3
    assert top.loc["改革", "docfreq"] == 1 and top.loc["发展", "docfreq"] == 2 and top.loc["坚持", "docfreq"] == 2
    assert "的" not in top.index and "，" not in top.index
    # 字: 坚持改革的发展改革开放 (11) + 改革开放的成就 (7) + 发展是第一要务坚持发展 (11) = 29
    assert top.loc["改革", "per_10k_chars"] == pytest.approx(3 / 29 * 10_000)
    # word tokens (punctuation out, stop words in): 6 + 4 + 6 = 16
    assert top.loc["改革", "per_million_tokens"] == pytest.approx(3 / 16 * 1_000_000)
    assert list(freq["feature"][:2]) == ["发展", "改革"], "ties sorted by feature"


def test_term_frequencies_by_group_and_min_count():
    by_year = la.term_frequencies(TOKENS, by="year", min_count=2)
    assert by_year[["group", "feature", "frequency"]].values.tolist() == [
        [2019, "改革", 3], [2019, "开放", 2], [2020, "发展", 2]]
    row = by_year[(by_year["group"] == 2020)].iloc[0]
    assert row.per_10k_chars == pytest.approx(2 / 11 * 10_000) and row.per_million_tokens == pytest.approx(2 / 6 * 1e6)
    with_stops = la.term_frequencies(TOKENS, exclude_stopwords=False).set_index("feature")
    assert with_stops.loc["的", "frequency"] == 2 and "，" not in with_stops.index, "punctuation is never a feature"
    with pytest.raises(ValueError, match="by: 'decade' is not a column"):
        la.term_frequencies(TOKENS, by="decade")
    with pytest.raises(ValueError, match="min_count: expected a whole number >= 1"):
        la.term_frequencies(TOKENS, min_count=0)


def test_ngrams_do_not_cross_punctuation_or_paragraphs():
    bigrams = la.ngrams(TOKENS, 2, exclude_stopwords=False).set_index("feature")
    assert bigrams.loc["改革 开放", "frequency"] == 2
    assert "发展 改革" not in bigrams.index, "no bigram across ， or a paragraph end"
    assert "开放 改革" not in bigrams.index
    assert bigrams.loc["坚持 改革", "frequency"] == 1 and bigrams.loc["改革 的", "frequency"] == 1
    with pytest.warns(FutureWarning, match=r"ngrams\(\): the default of exclude_stopwords= changed in 0\.1\.0 \(it was False\)"):
        skipping = la.ngrams(TOKENS, 2).set_index("feature")  # the default, as everywhere
    assert skipping.loc["改革 发展", "frequency"] == 1, "stop words removed first"


def test_tfidf_quanteda_variant():
    scores = la.tfidf(TOKENS).set_index(["group", "feature"])
    # 2 documents; 改革 only in a (df 1): 3 × log10(2/1); 发展 in both: 0
    assert scores.loc[("a", "改革"), "tfidf"] == pytest.approx(3 * math.log10(2))
    assert scores.loc[("a", "发展"), "tfidf"] == 0
    assert scores.loc[("b", "要务"), "idf"] == pytest.approx(math.log10(2))


def test_log_likelihood_four_cells_by_hand():
    a, b, c, d = 10.0, 5.0, 1000.0, 2000.0
    n = c + d
    cells = [(a, c * (a + b) / n), (b, d * (a + b) / n), (c - a, c * (n - a - b) / n), (d - b, d * (n - a - b) / n)]
    expected = 2 * sum(o * math.log(o / e) for o, e in cells)
    assert log_likelihood(np.array([a]), np.array([b]), c, d)[0] == pytest.approx(expected)
    assert expected == pytest.approx(6.9692, abs=1e-4)  # 2-cell (Rayson) would give 6.9315


def test_keyness_signs_ratio_and_fdr():
    tokens = table(*[("t", 1, "改革 改革 改革 改革 发展 学习")] * 3, *[("r", 2, "发展 发展 发展 学习 学习 改革")] * 3)
    key = la.keyness(tokens, target="t", min_count=1).set_index("feature")
    # 改革: a = 12, b = 3, c = d = 18
    assert (key.loc["改革", "n_target"], key.loc["改革", "n_reference"], key.loc["改革", "size_target"], key.loc["改革", "size_reference"]) == (12, 3, 18, 18)
    assert key.loc["改革", "g2"] > 0 and key.loc["发展", "g2"] < 0, "signed: over-use positive"
    assert key.loc["改革", "g2"] == pytest.approx(log_likelihood(np.array([12.0]), np.array([3.0]), 18, 18)[0])
    assert key.loc["改革", "log_ratio"] == pytest.approx(math.log2((12 / 18) / (3 / 18)))
    assert key.loc["改革", "p"] == pytest.approx(math.erfc(math.sqrt(key.loc["改革", "g2"] / 2)))
    assert list(key.index) == ["改革", "学习", "发展"], "sorted by signed G²"
    mask = (tokens["speech_id"] == "t").to_numpy()
    pd.testing.assert_frame_equal(la.keyness(tokens, target=mask, min_count=1), la.keyness(tokens, target="t", min_count=1))
    with pytest.raises(ValueError, match="target: no token has speech_id == 'x'"):
        la.keyness(tokens, target="x")


def test_benjamini_hochberg_by_hand():
    # sorted p 0.01, 0.03, 0.04 → 0.01·3/1 = 0.03, 0.03·3/2 = 0.045, 0.04·3/3 = 0.04 → monotone: 0.03, 0.04, 0.04
    assert benjamini_hochberg(np.array([0.01, 0.04, 0.03])).tolist() == pytest.approx([0.03, 0.04, 0.04])


def test_collocations_by_hand():
    tokens = table(("s", 1, "改革 开放 发展 改革 开放 稳定 创新 协调 绿色 共享"))
    col = la.collocations(tokens, "改革", window=1, min_count=1).set_index("feature")
    # N = 10, R = 2 (改革 at 0 and 3); the windows cover positions {1} ∪ {2, 4}: W = 3 slots.
    # 开放 C = 2, O = 2 (right of both 改革); E = C·W/N = 2·3/10 = 0.6
    row = col.loc["开放"]
    assert (row.observed, row.node_freq, row.collocate_freq) == (2, 2, 2)
    assert row.expected == pytest.approx(0.6)
    assert row.mi == pytest.approx(math.log2(2 / 0.6))
    assert row.t_score == pytest.approx((2 - 0.6) / math.sqrt(2))
    assert row.log_dice == pytest.approx(14 + math.log2(2 * 2 / (2 + 2)))
    assert row.g2 == pytest.approx(float(log_likelihood(np.array([2.0]), np.array([0.0]), 3.0, 7.0)[0]))
    assert set(col.index) == {"开放", "发展"}, "发展 sits left of the second 改革"


def test_a_collocate_between_two_nodes_counts_once():
    """Surface co-occurrence (Evert 2008): a collocate token inside two node windows is one co-occurrence, so
    O never exceeds the collocate's frequency C and no cell of the 2×2 table is negative."""
    tokens = table(("s", 1, "人民 内部矛盾 人民 团结 稳定 发展"))
    row = la.collocations(tokens, "人民", window=1, min_count=1).set_index("feature").loc["内部矛盾"]
    assert (row.observed, row.collocate_freq) == (1, 1)
    # N = 6, W = |{1} ∪ {1, 3}| = 2; table [[1, 1], [0, 4]]
    assert row.expected == pytest.approx(1 * 2 / 6)
    assert row.g2 == pytest.approx(float(log_likelihood(np.array([1.0]), np.array([0.0]), 2.0, 4.0)[0]))


def test_collocations_on_the_corpus_have_no_negative_cell(gwr):
    tokens = la.segment(gwr[1], progress=False)
    table_ = la.collocations(tokens, "人民", window=1, min_count=1)
    assert (table_["observed"] <= table_["collocate_freq"]).all()
    assert np.isfinite(table_[["mi", "t_score", "log_dice", "g2"]].to_numpy()).all()
    assert "内部矛盾" in set(table_["feature"])


def test_dispersion_by_hand():
    tokens = table(("a", 1, "改革 发展 发展 发展"), ("b", 1, "改革 改革 发展 发展"), ("c", 1, "稳定 稳定 稳定 稳定"))
    row = la.dispersion(tokens, ["改革"]).iloc[0]
    # parts a, b, c of 4 tokens each: v = 1, 2, 0; f = 3; s = 1/3 each; p = .25, .5, 0
    p = np.array([0.25, 0.5, 0.0])
    assert (row.frequency, row.parts, row.range) == (3, 3, 2)
    assert row.juilland_d == pytest.approx(1 - (p.std() / p.mean()) / math.sqrt(2))
    assert row.dp == pytest.approx(0.5 * (abs(1 / 3 - 1 / 3) + abs(2 / 3 - 1 / 3) + abs(0 - 1 / 3)))
    assert row.dp_norm == pytest.approx(row.dp / (1 - 1 / 3))


def test_trend_rates_and_first_appearance():
    rows = la.trend(TOKENS, ["开放", "要务"], by="year")
    assert rows[["feature", "group", "frequency", "n_chars"]].values.tolist() == [
        ["开放", 2019, 2, 18], ["开放", 2020, 0, 11], ["要务", 2019, 0, 18], ["要务", 2020, 1, 11]]
    assert rows.loc[0, "per_10k_chars"] == pytest.approx(2 / 18 * 10_000)
    assert list(rows["first_appearance"]) == [2019, 2019, 2020, 2020]


def test_kwic_counts_every_raw_occurrence(gwr):
    _, paragraphs = gwr
    for term in ("改革开放", "一带一路", "供给侧结构性改革", "四个现代化"):
        hits = la.kwic(paragraphs, term, window=10)
        assert len(hits) == paragraphs["text"].str.count(term).sum()
        assert (hits["match"] == term).all()
        row = hits.iloc[0]
        text = paragraphs[(paragraphs["speech_id"] == row.speech_id) & (paragraphs["para_id"] == row.para_id)].iloc[0].text
        assert text[row.start - len(row.left):row.end + len(row.right)] == row.left + term + row.right


def test_kwic_regex_and_errors(seed):
    _, paragraphs = seed
    hits = la.kwic(paragraphs, r"[一二三四五]个坚持", regex=True)
    assert list(hits["match"]) == ["五个坚持", "五个坚持"]
    with pytest.raises(ValueError, match="terms: expected a non-empty string or a list of them"):
        la.kwic(paragraphs, "")


def test_pipeline_on_the_seed(seed):
    tokens = la.segment(seed[1], cache=False)
    freq = la.term_frequencies(tokens)
    assert freq.iloc[0]["feature"] == "工作"
    assert (freq["per_10k_chars"] > 0).all()
    chars = int(seed[0].iloc[0].n_chars)
    assert freq.iloc[0]["per_10k_chars"] == pytest.approx(freq.iloc[0]["frequency"] / chars * 10_000), \
        "the 字 of the tokens add up to the paragraphs' n_chars"


def test_by_any_paragraph_or_metadata_column(seed):
    paragraphs = seed[1].assign(region="华东")
    tokens = la.segment(paragraphs, cache=False)
    for column in ("section_path", "level", "is_heading", "section_title", "region", "title"):
        table = la.term_frequencies(tokens, by=column)
        assert set(table["group"]) <= set(paragraphs[column]), column
    heading_words = la.term_frequencies(tokens, by="is_heading")
    # the one heading, 一、关于区委办公室的同志如何做合格党员, less its stop words (一 a number; 、 关于 的)
    assert set(heading_words.loc[heading_words["group"] == True, "feature"]) == {  # noqa: E712
        "区委办公室", "同志", "如何", "做", "合格", "党员"}
    with pytest.raises(ValueError, match="merged onto the paragraphs on speech_id"):
        la.term_frequencies(tokens, by="occasion")


# -- concordance, lexical profile (issue 10) -------------------------------------------------------------


def paragraphs_of(*rows: tuple[str, str, bool]) -> pd.DataFrame:
    """Paragraphs by hand: (speech_id, text, is_heading)."""
    frame = pd.DataFrame(rows, columns=["speech_id", "text", "is_heading"])
    frame["para_id"] = frame.groupby("speech_id").cumcount()
    frame["n_chars"] = frame["text"].map(la.count_chars)
    frame["section_path"] = ""
    return frame


def test_kwic_sorted_by_context_with_positions():
    paragraphs = paragraphs_of(("a", "改革开放好。深化改革。", False), ("a", "全面改革攻坚。", False), ("b", "改革创新", False))
    hits = la.kwic(paragraphs, "改革", sort="right")
    assert list(hits["right"]) == ["创新", "攻坚。", "开放好。深化改革。", "。"]  # pinyin: chuang < gong < kai, then 。
    assert list(hits["left"]) == ["", "全面", "", "改革开放好。深化"]
    # position: character offset in the speech's body text (paragraphs joined) over its length − 1
    assert hits.set_index("right")["position"].to_dict() == pytest.approx(
        {"创新": 0.0, "开放好。深化改革。": 0.0, "攻坚。": 13 / 17, "。": 8 / 17})
    by_left = la.kwic(paragraphs, "改革", sort="left")
    assert list(by_left["left"]) == ["", "", "改革开放好。深化", "全面"]  # read from the match outwards: 化… < 面…
    with pytest.raises(ValueError, match="sort: expected None, 'left' or 'right'"):
        la.kwic(paragraphs, "改革", sort="middle")
    with pytest.raises(ValueError, match=r"terms: invalid regular expression '\(改革'"):
        la.kwic(paragraphs, "(改革", regex=True)


def test_kwic_finds_simplified_terms_in_traditional_text():
    paragraphs = paragraphs_of(("1954", "集中主要力量發展重工業。", False), ("2019", "推动高质量发展。", False))
    paragraphs["script"] = ["Hant", "Hans"]
    hits = la.kwic(paragraphs, "发展", window=4)
    assert list(zip(hits["speech_id"], hits["left"], hits["match"], hits["right"], strict=True)) == [
        ("1954", "主要力量", "發展", "重工業。"), ("2019", "动高质量", "发展", "。")]


def test_lexical_profile_by_hand():
    tokens = table(("a", 2019, "坚持 改革 的 发展 ， 改革 开放 。"), ("a", 2019, "改革 开放 的 成就 。"),
                   ("b", 2020, "发展 是 第一 要务 ， 坚持 发展 。"))
    paragraphs = paragraphs_of(("a", "坚持改革的发展，改革开放。", False), ("a", "改革开放的成就。", False),
                               ("b", "一、发展", True), ("b", "发展是第一要务，坚持发展。还要", False))
    profile = la.lexical_profile(tokens, paragraphs, window=3).set_index("speech_id")
    # a: words 坚持 改革 的 发展 改革 开放 | 改革 开放 的 成就 -> 10 tokens, 6 types
    assert profile.loc["a", ["tokens", "types"]].tolist() == [10, 6]
    assert profile.loc["a", "ttr"] == pytest.approx(0.6)
    # windows of 3 over 坚持 改革 的 发展 改革 开放 改革 开放 的 成就: distinct counts 3 3 3 3 2 2 3 3 -> 22/8, / 3
    assert profile.loc["a", "mattr"] == pytest.approx(22 / 24)
    # b: body paragraph "发展是第一要务，坚持发展。还要" has 2 sentences (the second unfinished), 7 + 4 + 2 = 13 字;
    # the heading (一、发展: 3 字) counts in n_chars, not in sentence length
    assert profile.loc["b", ["sentences", "n_chars"]].tolist() == [2, 3 + 13]
    assert profile.loc["b", "mean_sentence_chars"] == pytest.approx(13 / 2)
    assert profile.loc["a", "mean_sentence_chars"] == pytest.approx((11 + 7) / 2)


# -- defects found by the independent checks (issue 11) -----------------------------------------------


def test_dispersion_by_sections_takes_them_speech_by_speech():
    tokens = table(("a", 1, "改革 发展"), ("a", 1, "发展 发展"), ("b", 1, "改革 改革"), ("b", 1, "发展 稳定"))
    tokens["section_id"] = tokens["para_id"].map({0: "1", 1: "2", 2: "1", 3: "2"})
    row = la.dispersion(tokens, ["改革"], by="section_id").iloc[0]
    # four parts (a·1, a·2, b·1, b·2), not two pooled sections: v = 1, 0, 2, 0
    assert (row.parts, row.range, row.frequency) == (4, 2, 3)
    p = np.array([0.5, 0, 1.0, 0])
    assert row.juilland_d == pytest.approx(1 - (p.std() / p.mean()) / math.sqrt(3))
    with pytest.warns(DeprecationWarning, match=r"dispersion\(parts=\) is renamed by="):
        old = la.dispersion(tokens, ["改革"], parts="section_id").iloc[0]
    assert old.parts == 4


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"min_count: expected a whole number >= 1, got 0"):
        la.keyness(TOKENS, target=2019, by="year", min_count=0)
    with pytest.raises(ValueError, match=r"min_count: expected a whole number >= 1, got 2.5"):
        la.keyness(TOKENS, target=2019, by="year", min_count=2.5)
    with pytest.raises(ValueError, match=r"target: a mask must have one value per token row \(21\), got 3"):
        la.keyness(TOKENS, target=[True, False, True])
    with pytest.raises(ValueError, match=r"min_count: expected a whole number >= 1, got -1"):
        la.collocations(TOKENS, "改革", min_count=-1)
    with pytest.raises(ValueError, match=r"window: expected a whole number >= 1, got 0"):
        la.collocations(TOKENS, "改革", window=0)


def test_a_term_the_segmenter_splits_is_counted_as_its_tokens():
    tokens = table(("a", 1954, "实现 四个 现代化 。"), ("b", 1964, "四个 现代化 和 四个 方面 ， 现代化 。"),
                   ("b", 1964, "四个"), ("b", 1964, "现代化 。"))  # a run never crosses a paragraph end
    with pytest.warns(la.TermWarning, match=r"'四个现代化' is not one token .*四个 \+ 现代化 \(2 occurrences\)"):
        rows = la.trend(tokens, ["四个现代化"], by="year", match="token")
    assert list(rows["frequency"]) == [1, 1]
    assert str(rows["first_appearance"].dtype) == "Int64" and rows["first_appearance"].iloc[0] == 1954
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.TermWarning)  # text and tokens agree: nothing to say
        assert list(la.trend(tokens, ["四个现代化"], by="year")["frequency"]) == [1, 1]
    tokens = table(("a", 1954, "实现 四个 现代化 。"), ("b", 1964, "四个现代化建设 。"))
    with pytest.warns(la.TermWarning, match=r"'四个现代化': 2 occurrences counted on the text, 1 inside longer "
                                            r"tokens \(四个现代化建设 1\) and 1 over several tokens; counting tokens "
                                            r"\(match='token'\) gives 1"):
        assert list(la.trend(tokens, ["四个现代化"], by="year")["frequency"]) == [1, 1]
    with pytest.warns(la.TermWarning, match="四个现代化"):
        assert la.dispersion(tokens, ["四个现代化"]).iloc[0].frequency == 2
    with pytest.warns(la.TermWarning, match=r"'三大攻坚战' does not occur"):
        missing = la.trend(tokens, ["三大攻坚战"], by="year")
    assert (missing["frequency"] == 0).all() and missing["first_appearance"].isna().all()


# -- a named term is counted where the text says it (issue 17) -------------------------------------------

ABSORBED = table(("a", 2019, "全面建成小康社会 的 目标 。"), ("b", 2020, "小康 水平 ， 奔小康 。"),
                 ("b", 2020, "建设 小康社会 ， 小康社会 。"))


def texts_of(tokens: pd.DataFrame) -> list[str]:
    return ["".join(map(str, rows["token"])) for _, rows in tokens.groupby("para_id", sort=True)]


def test_a_term_inside_longer_tokens_is_counted_on_the_text_and_said_once():
    expected = sum(text.count("小康") for text in texts_of(ABSORBED))  # Ctrl-F on the paragraphs: 5
    with pytest.warns(la.TermWarning, match="inside longer tokens") as said:
        rows = la.trend(ABSORBED, ["小康"], by="year")
    assert len(said) == 1
    assert str(said[0].message) == ("'小康': 5 occurrences counted on the text, 4 inside longer tokens (小康社会 2, "
                                    "全面建成小康社会 1, 奔小康 1); counting tokens (match='token') gives 1")
    assert expected == 5 and rows["frequency"].tolist() == [1, 4] and rows["frequency"].sum() == expected
    # 字 of each year, the denominators of the rate: 2019 = 全面建成小康社会的目标 (11),
    # 2020 = 小康水平奔小康 (7) + 建设小康社会小康社会 (10)
    assert rows["n_chars"].tolist() == [11, 17]
    assert rows["per_10k_chars"].tolist() == pytest.approx([1 / 11 * 10_000, 4 / 17 * 10_000])
    assert la.trend(ABSORBED, ["小康"], by="year", match="token")["frequency"].tolist() == [0, 1]


def test_text_matches_do_not_overlap_and_run_left_to_right():
    tokens = table(("a", 2019, "哈哈哈 ， 哈哈哈哈 。"))
    with pytest.warns(la.TermWarning, match="'哈哈': 3 occurrences counted on the text"):
        assert la.trend(tokens, ["哈哈"], by="year")["frequency"].tolist() == ["哈哈哈，哈哈哈哈。".count("哈哈")] == [3]


def test_a_token_column_replaced_in_place_is_searched_anew():
    # the text searched is kept for the last table asked about (a report asks for each term); replacing the token
    # column in place must not leave the old text in use
    tokens = table(("a", 2019, "哈哈 ， 呵呵 。"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        assert la.trend(tokens, ["呵呵"], by="year")["frequency"].tolist() == [1]
        tokens["token"] = tokens["token"].cat.rename_categories({"呵呵": "嘿嘿"})
        assert la.trend(tokens, ["呵呵"], by="year")["frequency"].tolist() == [0]
        assert la.trend(tokens, ["嘿嘿"], by="year")["frequency"].tolist() == [1]


def test_named_terms_dispersion_is_sized_in_characters():
    with pytest.warns(la.TermWarning, match="'小康': 5 occurrences counted on the text"):
        row = la.dispersion(ABSORBED, ["小康"]).iloc[0]
    # parts a (11 字, 1 occurrence) and b (17 字, 4): s = 11/28, 17/28; v/f = 1/5, 4/5
    assert (row.frequency, row.parts, row.range) == (5, 2, 2)
    assert row.dp == pytest.approx(0.5 * (abs(1 / 5 - 11 / 28) + abs(4 / 5 - 17 / 28)))
    assert row.dp_norm == pytest.approx(row.dp / (1 - 11 / 28))
    p = np.array([1 / 11, 4 / 17])
    assert row.juilland_d == pytest.approx(1 - (p.std() / p.mean()) / math.sqrt(1))


def test_keyness_of_a_named_term_compares_its_occurrences_with_the_characters_of_each_side():
    with pytest.warns(la.TermWarning, match="'小康': 5 occurrences counted on the text"):
        row = la.keyness(ABSORBED, target=2020, by="year", terms=["小康"]).iloc[0]
    assert (row.n_target, row.n_reference, row.size_target, row.size_reference) == (4, 1, 17, 11)  # occurrences and 字 of 2020 and of 2019
    assert row.g2 == pytest.approx(float(log_likelihood(np.array([4.0]), np.array([1.0]), 17.0, 11.0)[0]))
    by_tokens = la.keyness(ABSORBED, target=2020, by="year", terms=["小康"], match="token").iloc[0]
    assert (by_tokens.n_target, by_tokens.n_reference, by_tokens.size_target, by_tokens.size_reference) == (1, 0, 6, 3)  # word tokens of each side
    with pytest.raises(ValueError, match="match: expected 'text'"):
        la.keyness(ABSORBED, target=2020, by="year", terms=["小康"], match="chars")


def test_collocations_around_a_node_inside_longer_tokens():
    tokens = table(("a", 1, "决胜 全面建成小康社会 目标 。"), ("a", 1, "决胜 小康 目标 。"), ("a", 1, "其他 目标 。"))
    with pytest.raises(ValueError, match="node: '小康社会' is not a token"):
        la.collocations(tokens, "小康社会", match="token", min_count=1)
    table_ = la.collocations(tokens, "小康", window=1, min_count=1).set_index("feature")
    # two occurrences; windows: 决胜 _ 目标 twice: W = 4 positions, N = 3 + 3 + 2 word tokens
    assert table_.loc["决胜", "observed"] == 2 and table_.loc["目标", "observed"] == 2
    assert table_.loc["目标", "node_freq"] == 2 and table_.loc["目标", "collocate_freq"] == 3
    assert table_.loc["目标", "expected"] == pytest.approx(3 * 4 / 8)
    assert table_.loc["目标", "log_dice"] == pytest.approx(14 + math.log2(2 * 2 / (2 + 3)))
    assert "全面建成小康社会" not in table_.index, "the node's own token is not its collocate"
    with pytest.raises(ValueError, match="node: '三大攻坚战' does not occur in the text"):
        la.collocations(tokens, "三大攻坚战")


UNDATED = table(("a", 2019, "改革 开放 。"), ("b", 2020, "改革 发展 。"), ("c", None, "改革 党课 。"))


def test_speeches_without_a_value_are_left_out_of_every_grouping_with_one_warning():
    calls = {
        "term_frequencies": lambda: la.term_frequencies(UNDATED, by="year"),
        "trend": lambda: la.trend(UNDATED, ["改革"], by="year"),
        "dispersion": lambda: la.dispersion(UNDATED, ["改革"], by="year"),
        "ngrams": lambda: la.ngrams(UNDATED, 2, by="year", exclude_stopwords=True),
        "tfidf": lambda: la.tfidf(UNDATED, by="year"),
    }
    for name, call in calls.items():
        with pytest.warns(la.GroupingWarning, match=r"by='year': 1 speech has no value and is left out of "
                                                     r"this grouping: c") as said:
            result = call()
        assert len([w for w in said if w.category is la.GroupingWarning]) == 1, name
        groups = set(result["group"]) if "group" in result.columns else set()
        assert groups <= {2019, 2020}, name
    with pytest.warns(la.GroupingWarning, match="year"):
        frequencies = la.term_frequencies(UNDATED, by="year")
    assert "党课" not in set(frequencies["feature"]) and frequencies["frequency"].sum() == 4


def test_lexical_profile_by_year_leaves_undated_speeches_out():
    paragraphs = paragraphs_of(("a", "改革开放。", False), ("b", "改革发展。", False), ("c", "改革党课。", False))
    paragraphs["year"] = pd.array([2019, 2020, None], dtype="Int64")
    tokens = UNDATED.drop(columns="year")
    tokens["para_id"] = 0
    with pytest.warns(la.GroupingWarning, match="1 speech.* c"):
        profile = la.lexical_profile(tokens, paragraphs, by="year", window=2)
    assert profile["group"].tolist() == [2019, 2020] and profile["tokens"].tolist() == [2, 2]


def test_keyness_default_reference_leaves_out_speeches_without_the_column():
    with pytest.warns(la.GroupingWarning, match="left out of the default reference: c"):
        row = la.keyness(UNDATED, target=2019, by="year", min_count=1).set_index("feature").loc["改革"]
    assert (row.n_target, row.n_reference, row.size_target, row.size_reference) == (1, 1, 2, 2), "the undated speech c is in neither side"


# -- measures researchers ask for (issue 11): checked against scikit-learn and scipy ---------------------


def test_dfm_counts_match_term_frequencies_and_round_trip(tmp_path):
    from scipy.io import mmread

    matrix = la.dfm(TOKENS)
    frequencies = la.term_frequencies(TOKENS, by="speech_id")
    frame = matrix.to_frame()
    for row in frequencies.itertuples():
        assert frame.loc[row.group, row.feature] == row.frequency
    assert frame.to_numpy().sum() == frequencies["frequency"].sum() and matrix.docs == ["a", "b"]
    assert matrix.features[:2] == ["发展", "改革"]  # the most frequent first (3 times each), ties by feature
    mtx, docs, features, _ = matrix.write(tmp_path)
    assert (mmread(str(mtx)).toarray() == matrix.matrix.toarray()).all()
    assert docs.read_text("utf-8").split() == ["a", "b"] and features.read_text("utf-8").split() == matrix.features
    with_stops = la.dfm(TOKENS, exclude_stopwords=False)
    assert "的" in with_stops.features and "，" not in with_stops.features  # punctuation is never a feature


def test_tfidf_schemes_match_quanteda_and_scikit_learn():
    from sklearn.feature_extraction.text import TfidfTransformer

    matrix = la.dfm(TOKENS)
    expected = TfidfTransformer().fit_transform(matrix.matrix).toarray()
    table = la.tfidf(TOKENS, scheme="sklearn")
    for row in table.itertuples():
        assert row.tfidf == pytest.approx(expected[matrix.docs.index(row.group), matrix.features.index(row.feature)])
    quanteda = la.tfidf(TOKENS).set_index(["group", "feature"])
    assert quanteda.loc[("a", "改革"), "tfidf"] == pytest.approx(3 * math.log10(2 / 1))
    assert quanteda.loc[("a", "坚持"), "tfidf"] == 0  # in both documents
    with pytest.raises(ValueError, match="scheme: expected one of 'quanteda', 'sklearn', got 'bm25'"):
        la.tfidf(TOKENS, scheme="bm25")


def test_similarity_and_distance_match_scikit_learn():
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.metrics.pairwise import cosine_similarity, euclidean_distances

    tokens = table(("a", 1, "改革 开放 发展"), ("b", 1, "改革 发展 稳定 稳定"), ("c", 1, "创新 协调 绿色"))
    matrix = la.dfm(tokens)
    counts = la.similarity(tokens, weight="count", matrix=True)
    assert np.allclose(counts.to_numpy(), cosine_similarity(matrix.matrix))
    weighted = la.similarity(tokens, matrix=True)
    assert np.allclose(weighted.to_numpy(), cosine_similarity(TfidfTransformer().fit_transform(matrix.matrix)))
    pairs = la.similarity(tokens, method="jaccard")
    assert list(zip(pairs["doc1"], pairs["doc2"], strict=True)) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert pairs["similarity"].tolist() == pytest.approx([2 / 4, 0.0, 0.0])  # {改革 开放 发展} vs {改革 发展 稳定}
    far = la.distance(tokens, method="euclidean", weight="count", matrix=True)
    assert np.allclose(far.to_numpy(), euclidean_distances(matrix.matrix))
    assert la.distance(tokens, weight="count")["distance"].tolist() == pytest.approx(1 - counts.to_numpy()[np.triu_indices(3, 1)])


def test_lexical_profile_by_a_speech_column_and_formula_density():
    tokens = table(("a", 2019, "坚持 改革 的 发展 ， 改革 开放 。"), ("a", 2019, "改革 开放 的 成就 。"),
                   ("b", 2020, "发展 是 第一 要务 ， 坚持 发展 。"))
    paragraphs = paragraphs_of(("a", "坚持改革的发展，改革开放。", False), ("a", "改革开放的成就。", False),
                               ("b", "发展是第一要务，坚持发展。", False))
    paragraphs["year"] = [2019, 2019, 2020]
    profile = la.lexical_profile(tokens, paragraphs, by="year", window=3).set_index("group")
    # 2019 = speech a: 10 word tokens, 坚持 once in the official layer; 2020 = b: 6 word tokens, 坚持 once
    assert profile.loc[2019, ["tokens", "types"]].tolist() == [10, 6]
    assert profile.loc[2019, "official_share"] == pytest.approx(1 / 10)
    assert profile.loc[2020, "official_share"] == pytest.approx(1 / 6)
    assert profile.loc[2019, "mattr"] == pytest.approx(22 / 24)
    with pytest.raises(ValueError, match="by: 'region' is not a column of the paragraph table"):
        la.lexical_profile(tokens, paragraphs, by="region")


def test_renamed_columns_still_answer_with_a_warning():
    table_ = la.collocations(TOKENS, "改革", window=2, min_count=1)
    with pytest.warns(DeprecationWarning, match="column 'collocate' is renamed 'feature'"):
        assert list(table_["collocate"]) == list(table_["feature"])
    rows = la.trend(TOKENS, ["改革"], by="year")
    with pytest.warns(DeprecationWarning, match="column 'period' is renamed 'group'"):
        assert list(rows.period) == [2019, 2020]
    with pytest.warns(DeprecationWarning, match="column 'docfreq' is renamed 'df'"):
        assert list(la.tfidf(TOKENS)["docfreq"]) == list(la.tfidf(TOKENS)["df"])
    derived = rows[rows["frequency"] > 0].sort_values("group", ascending=False).head(1)
    with pytest.warns(DeprecationWarning, match="column 'chars' is renamed 'n_chars'"):
        assert derived["chars"].tolist() == derived["n_chars"].tolist()  # a filtered, sorted frame still answers
    assert len(derived) == 1 and derived["group"].tolist() == [2019]  # 改革 is said in 2019 only


def test_renamed_arguments_still_work_with_a_warning(tmp_path):
    paragraphs = pd.DataFrame({"speech_id": ["a"], "para_id": [0], "text": ["深化改革，扩大开放。"]})
    with pytest.warns(DeprecationWarning, match=r"kwic\(pattern=\) is renamed terms="):
        assert la.kwic(paragraphs, pattern="改革")["match"].tolist() == ["改革"]
    with pytest.raises(TypeError, match=r"kwic\(\): pattern= is the former name of terms=; give terms= only"):
        la.kwic(paragraphs, pattern="改革", terms="开放")
    assert la.kwic(paragraphs, ["开放", "改革"])["match"].tolist() == ["改革", "开放"]  # several terms, text order
    with pytest.warns(DeprecationWarning, match=r"load_corpus\(\) is renamed load_paragraphs\(\)"):
        assert la.load_corpus is not la.load_paragraphs and callable(la.load_corpus)
        (tmp_path / "2019.txt").write_text("讲话\n\n深化改革。", encoding="utf-8")
        assert la.load_corpus(tmp_path)["text"].tolist() == la.load_paragraphs(tmp_path)["text"].tolist()


def test_keyness_of_given_terms_counts_phrases_as_runs():
    tokens = table(("a", 1954, "实现 四个 现代化 。 四个 现代化 好 。"), ("b", 2019, "高质量 发展 。 四个 方面 。"))
    with pytest.warns(la.TermWarning, match="四个现代化"):
        row = la.keyness(tokens, target=1954, by="year", terms=["四个现代化"], match="token").iloc[0]
    # target a: 6 word tokens, the run twice; reference b: 4 word tokens, never
    assert (row.feature, row.n_target, row.n_reference, row.size_target, row.size_reference) == ("四个现代化", 2, 0, 6, 4)
    assert row.g2 == pytest.approx(float(log_likelihood(np.array([2.0]), np.array([0.0]), 6.0, 4.0)[0]))
    row = la.keyness(tokens, target=1954, by="year", terms=["四个现代化"]).iloc[0]
    # on the text: 实现四个现代化四个现代化好 (13 字) against 高质量发展四个方面 (9 字)
    assert (row.n_target, row.n_reference, row.size_target, row.size_reference) == (2, 0, 13, 9)


def test_counting_in_chunks_gives_the_same_table(monkeypatch):
    from lectureanalysis.tokens import chunking

    whole = la.term_frequencies(TOKENS, by="year")
    monkeypatch.setattr(chunking, "CHUNK_ROWS", 5)  # every speech its own chunk, or two
    chunks = chunking.speech_chunks(TOKENS, rows=5)
    assert len(chunks) == 2 and [set(c["speech_id"]) for c in chunks] == [{"a"}, {"b"}]
    monkeypatch.setattr(chunking.speech_chunks, "__defaults__", (5,))
    pd.testing.assert_frame_equal(la.term_frequencies(TOKENS, by="year"), whole, check_exact=True)


# -- on the bundled corpus: every count of a named term agrees with the concordance ----------------------

NAMED = ["小康", "改革", "改革开放", "小康社会", "四个现代化", "一带一路"]


@pytest.mark.slow
def test_named_term_counts_agree_with_the_concordance_to_the_occurrence(bundled):
    import warnings

    speeches, paragraphs, tokens = bundled
    dated = set(speeches.loc[speeches["year"].notna(), "speech_id"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        warnings.simplefilter("ignore", la.GroupingWarning)
        by_year = la.trend(tokens, NAMED, by="year").groupby("feature")["frequency"].sum()
        per_collection = la.trend(tokens, NAMED, by="collection")
        by_collection = per_collection.groupby("feature")["frequency"].sum()
        spread = la.dispersion(tokens, NAMED).set_index("feature")
        key = la.keyness(tokens, target="党课讲稿", by="collection", terms=NAMED).set_index("feature")
    texts = paragraphs["text"].where(paragraphs["script"] == "Hans", paragraphs["text"].map(la.text.convert_script))
    for term in NAMED:
        lines = la.kwic(paragraphs, term)
        by_hand = int(texts.str.count(term).sum())  # Ctrl-F over every paragraph, headings included
        assert len(lines) == by_hand, term
        assert by_collection[term] == spread.loc[term, "frequency"] == key.loc[term, "n_target"] + key.loc[term, "n_reference"] \
            == by_hand, term
        assert by_year[term] == int(lines["speech_id"].isin(dated).sum()), term  # the undated 党课讲稿 left out
        assert spread.loc[term, "range"] == lines["speech_id"].nunique(), term
    # the seed and the 52 national reports, as the issue counted them by Ctrl-F
    first = per_collection[per_collection["group"].isin(["党课讲稿", "政府工作报告"])].groupby("feature")["frequency"].sum()
    assert first["小康"] == 76 and first["改革"] == 3102


def test_no_number_or_lone_numeral_among_the_top_terms(bundled):
    from lectureanalysis.tokens.stopwords import is_number

    top = la.term_frequencies(bundled[2]).head(60)["feature"].tolist()
    assert not [t for t in top if is_number(t) or t in {"一", "二", "三", "年", "中", "上"}], top


def test_sparse_counting_gives_the_dense_table(bundled, monkeypatch):
    """Per-speech tables are counted sparsely past DENSE_CELLS cells: the same table to the last bit."""
    from lectureanalysis.analysis import _kernels

    tokens = bundled[2]
    dense = la.term_frequencies(tokens, by="speech_id")
    monkeypatch.setattr(_kernels, "DENSE_CELLS", 0)
    sparse = la.term_frequencies(tokens, by="speech_id")
    pd.testing.assert_frame_equal(sparse, dense, check_exact=True)
    assert sparse["docfreq"].eq(1).all() and len(sparse) > 100_000


def test_euclidean_tfidf_distance_is_between_the_tfidf_values():
    """The vectors distance() weighs are exactly tfidf(scheme=…)'s rows, in both schemes."""
    tokens = table(("a", 1, "改革 开放 发展"), ("b", 1, "改革 发展 稳定 稳定"), ("c", 1, "创新 协调 绿色 改革"))
    for scheme in ("sklearn", "quanteda"):
        wide = la.tfidf(tokens, scheme=scheme).pivot(index="group", columns="feature", values="tfidf").fillna(0.0)
        vectors = wide.to_numpy()
        by_hand = np.sqrt(((vectors[:, None, :] - vectors[None, :, :]) ** 2).sum(axis=2))
        far = la.distance(tokens, method="euclidean", scheme=scheme, matrix=True)
        assert far.index.tolist() == wide.index.tolist()
        assert np.allclose(far.to_numpy(), by_hand)
    # quanteda by hand: 改革 is in all three (idf 0); a–b share 发展 (idf log10(3/2)), 稳定 twice in b
    idf2, idf3 = np.log10(3 / 2), np.log10(3)
    a = {"开放": idf3, "发展": idf2}
    b = {"发展": idf2, "稳定": 2 * idf3}
    expected = np.sqrt(sum((a.get(f, 0) - b.get(f, 0)) ** 2 for f in set(a) | set(b)))
    far = la.distance(tokens, method="euclidean", scheme="quanteda")
    assert far.loc[(far["doc1"] == "a") & (far["doc2"] == "b"), "distance"].item() == pytest.approx(expected)


def test_top_neighbours_and_threshold_agree_with_the_full_matrix(monkeypatch):
    tokens = table(("a", 1, "改革 开放 发展"), ("b", 1, "改革 发展 稳定 稳定"), ("c", 1, "创新 协调 绿色 改革"),
                   ("d", 1, "改革 开放 发展"), ("e", 1, "稳定 发展"))
    from lectureanalysis.analysis import vectors

    monkeypatch.setattr(vectors, "BLOCK_CELLS", 10)  # two rows a block: the blocks must join up
    for name, function, higher in (("similarity", la.similarity, True), ("distance", la.distance, False)):
        for method in ("cosine", "jaccard") + (("euclidean",) if name == "distance" else ()):
            square = function(tokens, method=method, matrix=True)
            docs = square.index.tolist()
            top = function(tokens, method=method, top=2)
            assert top.columns.tolist() == ["doc", "neighbour", "rank", name]
            for doc in docs:
                others = square.loc[doc].drop(doc)
                # best first, ties in document order
                order = sorted(others.index, key=lambda o: (-others[o] if higher else others[o], docs.index(o)))[:2]
                mine = top[top["doc"] == doc]
                assert mine["neighbour"].tolist() == order, (name, method, doc)
                assert mine["rank"].tolist() == [1, 2]
                assert mine[name].to_numpy() == pytest.approx(others[order].to_numpy())
            cut = float(np.median(square.to_numpy()[np.triu_indices(5, 1)]))
            pairs = function(tokens, method=method, threshold=cut)
            full = function(tokens, method=method)
            kept = full[full[name] >= cut] if higher else full[full[name] <= cut]
            assert pairs.reset_index(drop=True).equals(kept.reset_index(drop=True)), (name, method)
    # a and d are the same text: each other's nearest, at similarity 1
    nearest = la.similarity(tokens, top=1, threshold=0.99)
    assert list(zip(nearest["doc"], nearest["neighbour"], strict=True)) == [("a", "d"), ("d", "a")]
    with pytest.raises(ValueError, match="matrix=True gives the full square table"):
        la.similarity(tokens, matrix=True, top=3)
    with pytest.raises(ValueError, match="top: expected a whole number >= 1, got 0"):
        la.distance(tokens, top=0)


def test_nearest_reports_in_lawtext_find_the_delayed_copy(lawtext):
    """四川省/2019.md is the delayed report of 2020-05-09, a near-duplicate of 2020.md (SOURCE.md): each is the
    other's nearest neighbour, and no other 四川 report comes as close to any other."""
    speeches, paragraphs = lawtext
    sichuan = speeches[speeches["source_file"].str.startswith("省级/四川省/")]
    ids = dict(zip(sichuan["source_file"], sichuan["speech_id"], strict=True))
    tokens = la.segment(paragraphs[paragraphs["speech_id"].isin(sichuan["speech_id"])], progress=False)
    nearest = la.similarity(tokens, top=1)
    assert len(nearest) == len(sichuan)
    pair = nearest.set_index("doc").loc[[ids["省级/四川省/2019.md"], ids["省级/四川省/2020.md"]]]
    assert pair["neighbour"].tolist() == [ids["省级/四川省/2020.md"], ids["省级/四川省/2019.md"]]
    assert (pair["similarity"] > 0.99).all()
    close = la.similarity(tokens, threshold=0.95)
    assert sorted(close[["doc1", "doc2"]].iloc[0]) == sorted(pair.index) and len(close) == 1


def test_keyness_pearson_chi2_units_and_former_column_names():
    from scipy.stats import chi2_contingency

    tokens = table(*[("t", 1, "改革 改革 改革 改革 发展 学习")] * 3, *[("r", 2, "发展 发展 发展 学习 学习 改革")] * 3)
    key = la.keyness(tokens, target="t", min_count=1)
    row = key.set_index("feature").loc["改革"]
    # the 2x2 table [[12, 3], [18 - 12, 18 - 3]], without Yates' correction, as scipy computes it
    by_scipy = chi2_contingency([[12, 3], [6, 15]], correction=False)[0]
    assert row["chi2"] == pytest.approx(by_scipy) and row["chi2"] > 0
    assert key.set_index("feature").loc["发展", "chi2"] < 0, "signed like G²"
    assert row["size_unit"] == "word tokens (stop words included)"
    by_chi2 = la.keyness(tokens, target="t", min_count=1, statistic="chi2")
    assert by_chi2["p"].tolist() == pytest.approx([math.erfc(math.sqrt(abs(v) / 2)) for v in by_chi2["chi2"]])
    assert by_chi2["chi2"].is_monotonic_decreasing
    with pytest.warns(DeprecationWarning, match="column 'a' is renamed 'n_target'"):
        assert key["a"].tolist() == key["n_target"].tolist()
    with pytest.warns(DeprecationWarning, match="column 'd' is renamed 'size_reference'"):
        assert key[["feature", "d"]].columns.tolist() == ["feature", "size_reference"]
    named = la.keyness(tokens, target="t", terms=["改革"])
    assert named["size_unit"].tolist() == ["字"] and named["size_target"].item() == 3 * 12  # 6 two-字 words × 3
    with pytest.raises(ValueError, match="statistic: expected one of 'g2', 'chi2', got 'fisher'"):
        la.keyness(tokens, target="t", statistic="fisher")


def test_collocations_name_their_denominators():
    tokens = table(("a", 1, "坚持 改革 开放 的 发展 ， 改革 开放 。"), ("a", 2, "改革 发展 的 成就 。"))
    found = la.collocations(tokens, "改革", window=1, min_count=1).set_index("feature")
    # stop word 的 and punctuation fill no position: N = 坚持 改革 开放 发展 改革 开放 改革 发展 成就 = 9
    assert found["corpus_size"].unique().tolist() == [9]
    # windows of ±1 around each 改革 (its own token excluded): 坚持 开放 | 发展 开放 | 发展 -> 5 positions
    assert found["window_positions"].unique().tolist() == [5]
    assert found["size_unit"].unique().tolist() == ["word tokens (stop words excluded)"]
    assert found.loc["开放", "expected"] == pytest.approx(2 * 5 / 9)


def test_a_warning_names_the_users_line_not_the_librarys():
    """However deep in the package a warning is raised (through the engine switch, a kernel), it points at the
    line that called the library, as a notebook user needs it."""
    with pytest.warns(la.TermWarning, match=r"'小康': 5 occurrences counted on the text, 4 inside longer tokens") as said:
        la.trend(ABSORBED, ["小康"], by="year")  # counted in analysis/_kernels.py, called through dispatch.py
    assert [Path(w.filename).name for w in said] == [Path(__file__).name]
    with pytest.warns(la.GroupingWarning, match=r"by='year': 1 speech has no value") as said:
        la.term_frequencies(UNDATED, by="year")
    assert [Path(w.filename).name for w in said] == [Path(__file__).name]


def test_paragraph_codes_number_the_speech_and_paragraph_pairs_as_factorize_does(bundled):
    """The n-gram and collocation kernels number paragraphs from one integer per (speech_id, para_id) pair: the
    same codes as factorizing the pairs themselves, in order of first appearance."""
    from lectureanalysis.analysis._kernels import paragraph_codes

    tokens = bundled[2]
    pairs = pd.factorize(pd.MultiIndex.from_arrays([tokens["speech_id"], tokens["para_id"]]))[0]
    assert (paragraph_codes(tokens) == pairs).all() and pairs.max() + 1 == len(bundled[1])
    shuffled = tokens.iloc[::-1]  # any order of rows: numbered by first appearance
    assert (paragraph_codes(shuffled) == pd.factorize(pd.MultiIndex.from_arrays(
        [shuffled["speech_id"], shuffled["para_id"]]))[0]).all()


def test_ngrams_of_several_lengths_are_the_tables_of_one_call_each(bundled):
    from lectureanalysis.analysis.frequency import ngrams_of_lengths

    tokens = bundled[2]
    together = ngrams_of_lengths(tokens, (1, 2, 3, 4), by="speech_id", exclude_stopwords=True, min_count=2)
    for n in (1, 2, 3, 4):
        alone = la.ngrams(tokens, n, by="speech_id", exclude_stopwords=True, min_count=2)
        pd.testing.assert_frame_equal(together[n], alone)
    # only what the first rows need: those rows as they are, and the rows tied with the last of them
    top = ngrams_of_lengths(tokens, [3], exclude_stopwords=True, min_count=2, top=10)[3]
    whole = la.ngrams(tokens, 3, exclude_stopwords=True, min_count=2)
    pd.testing.assert_frame_equal(top.head(10), whole.head(10))
    tenth = whole["frequency"].iloc[9]
    assert len(top) == (whole["frequency"] >= tenth).sum() < len(whole)
    with pytest.raises(ValueError, match="lengths: expected whole numbers >= 1"):
        ngrams_of_lengths(tokens, [2, 0])
