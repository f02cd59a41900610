"""The slim token table: paragraph columns are linked, not repeated, and every statistic groups by them."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import GWR

import lectureanalysis as la


@pytest.fixture(scope="module")
def paragraphs():
    return la.load([GWR / f"{year}.txt" for year in (1978, 1979, 2018, 2019)])[1]


@pytest.fixture(scope="module")
def slim(paragraphs):
    return la.segment(paragraphs, cache=False, progress=False)


@pytest.fixture(scope="module")
def wide(paragraphs):
    return la.segment(paragraphs, cache=False, progress=False, columns="all")


def test_the_slim_table_holds_only_what_identifies_a_token(slim, wide, paragraphs):
    assert list(slim.columns) == list(la.schema.TOKEN_COLUMNS)
    assert {"year", "speaker", "section_path", "title", "level"} <= set(wide.columns)
    assert slim.memory_usage(deep=True).sum() < wide.memory_usage(deep=True).sum() * 0.75
    year = la.with_columns(slim, "year")["year"]
    # independently: each token's paragraph looked up by a merge on (speech_id, para_id)
    merged = slim[["speech_id", "para_id"]].astype({"speech_id": str}).merge(
        paragraphs[["speech_id", "para_id", "year"]], on=["speech_id", "para_id"], how="left")
    assert year.tolist() == merged["year"].tolist()


def test_every_statistic_groups_the_slim_table_as_the_wide_one(slim, wide):
    for by in ("year", "section_path", "speaker"):
        pd.testing.assert_frame_equal(la.term_frequencies(slim, by=by), la.term_frequencies(wide, by=by))
    pd.testing.assert_frame_equal(la.ngrams(slim, 2, by="year", min_count=3, exclude_stopwords=True),
                                  la.ngrams(wide, 2, by="year", min_count=3, exclude_stopwords=True))
    pd.testing.assert_frame_equal(la.tfidf(slim, by="year"), la.tfidf(wide, by="year"))
    pd.testing.assert_frame_equal(la.keyness(slim, target=2019, by="year"), la.keyness(wide, target=2019, by="year"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.TermWarning)
        pd.testing.assert_frame_equal(la.trend(slim, ["改革", "高质量发展"]), la.trend(wide, ["改革", "高质量发展"]))
        for by in ("year", "section_path", "level"):
            pd.testing.assert_frame_equal(la.dispersion(slim, ["改革"], by=by), la.dispersion(wide, ["改革"], by=by))


def test_the_link_survives_filtering_and_sees_columns_added_later(slim, paragraphs):
    words = slim[~slim["is_stopword"]]
    assert la.term_frequencies(words, by="year")["group"].unique().tolist() == [1978, 1979, 2018, 2019]
    local = paragraphs.copy()
    tokens = la.segment(local, cache=False, progress=False)
    local["decade"] = local["year"] // 10 * 10  # added after segmenting, in place
    by_decade = la.term_frequencies(tokens, by="decade").set_index(["group", "feature"])["frequency"]
    by_year = la.term_frequencies(tokens, by="year")
    summed = by_year.assign(group=by_year["group"] // 10 * 10).groupby(["group", "feature"])["frequency"].sum()
    assert by_decade.sort_index().equals(summed.sort_index())
    assert by_decade.loc[(1970, "改革")] == summed.loc[(1970, "改革")] > 0


def test_without_a_link_the_error_says_what_to_do(slim, tmp_path):
    slim.to_parquet(tmp_path / "tokens.parquet")  # the link is written as its description, no warning
    back = pd.read_parquet(tmp_path / "tokens.parquet")
    assert back.attrs.get("paragraphs", "").startswith("linked paragraph table: ")
    with pytest.raises(ValueError, match="'year' is not a column of the token table and no paragraph table is linked"):
        la.term_frequencies(back, by="year")
    with pytest.raises(ValueError, match="no paragraph table is linked"):
        la.with_columns(back, "year")


def test_tokens_of_a_paragraph_missing_from_the_linked_table_are_an_error(slim, paragraphs):
    tokens = la.with_columns(slim, [], paragraphs=paragraphs[paragraphs["year"] != 1979])
    with pytest.raises(ValueError, match="paragraph\\(s\\) are not in the linked paragraph table"):
        la.term_frequencies(tokens, by="year")


@pytest.mark.slow
def test_with_columns_all_is_the_wide_table(slim, wide, paragraphs):
    pd.testing.assert_frame_equal(la.with_columns(slim), wide)
    assert np.array_equal(la.with_columns(slim, ["level"])["level"], wide["level"])
    for ask in (lambda: la.with_columns(slim, ["level", "region"]),
                lambda: la.segment(paragraphs, cache=False, columns=["region"])):
        with pytest.raises(ValueError, match="columns: 'region' not in the paragraph table"):
            ask()
