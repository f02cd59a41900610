"""Parts of speech (issue 22, item 6): the tag column from both backends, kept by the cache and the store,
filters by tag, concordance lines with tags, names from nr/ns/nt — checked against jieba.posseg itself."""

import warnings

import jieba.posseg
import pandas as pd
import pytest

import lectureanalysis as la
from lectureanalysis.analysis.partsofspeech import TAGSET
from lectureanalysis.tokens.dictionary import domain_dictionary


@pytest.fixture(scope="module")
def reports():
    _, paragraphs = la.load("corpus/政府工作报告", pattern="20[12]4.txt", progress=False)
    return paragraphs


def test_tags_from_both_backends_and_the_text_still_given_back(reports):
    for backend in ("rjieba", "jieba"):
        tagged = la.segment(reports, pos=True, backend=backend, cache=False, progress=False)
        assert tagged["pos"].dtype == "category" and not tagged["pos"].isna().any()
        assert set(tagged["pos"].cat.categories) <= set(TAGSET)
        rebuilt = tagged.groupby(["speech_id", "para_id"], observed=True, sort=False)["token"].agg(
            lambda t: "".join(t.astype(str)))
        assert rebuilt.tolist() == reports.set_index(["speech_id", "para_id"]).loc[rebuilt.index, "text"].tolist()


def test_jieba_tags_equal_jieba_posseg_and_the_share_where_rjieba_segments_otherwise(reports):
    tagged = la.segment(reports, pos=True, backend="jieba", cache=False, progress=False)
    text = reports["text"].iloc[3]
    row = tagged[tagged["para_id"] == reports["para_id"].iloc[3]]
    row = row[row["speech_id"] == reports["speech_id"].iloc[3]]
    tokenizer = jieba.Tokenizer()
    for word, freq, tag in domain_dictionary():
        tokenizer.add_word(word, freq, tag)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = [(p.word, p.flag) for p in jieba.posseg.POSTokenizer(tokenizer).lcut(text)]
    assert list(zip(row["token"].astype(str), row["pos"].astype(str), strict=True)) == reference
    # rjieba and jieba: where they cut a paragraph alike (most paragraphs), they tag nearly every token alike
    fast = la.segment(reports, pos=True, backend="rjieba", cache=False, progress=False)
    reference_groups = dict(list(tagged.groupby(["speech_id", "para_id"], observed=True, sort=False)))
    same_cut = paragraphs = tokens = agree = 0
    for key, a in fast.groupby(["speech_id", "para_id"], observed=True, sort=False):
        b = reference_groups[key]
        paragraphs += 1
        if a["token"].astype(str).tolist() == b["token"].astype(str).tolist():
            same_cut += 1
            tokens += len(a)
            agree += int((a["pos"].astype(str).to_numpy() == b["pos"].astype(str).to_numpy()).sum())
    assert same_cut / paragraphs > 0.5 and agree / tokens > 0.99, (paragraphs, same_cut, tokens, agree)


def test_the_cache_keeps_tags_apart(reports, tmp_path):
    plain = la.segment(reports, cache=tmp_path, progress=False)
    tagged = la.segment(reports, pos=True, cache=tmp_path, progress=False)
    again = la.segment(reports, pos=True, cache=tmp_path, progress=False)
    assert "pos" not in plain.columns and "pos" in tagged.columns
    pd.testing.assert_series_equal(tagged["pos"], again["pos"])
    from lectureanalysis.tokens.cache import wait_for_cache

    wait_for_cache()
    assert len(list(tmp_path.rglob("tokens-*"))) >= 2  # two entries: the tags are part of the key


def test_the_store_keeps_the_tags(reports, tmp_path):
    from lectureanalysis.tokens.cache import _assemble
    from lectureanalysis.tokens.stopwords import resolve_stopwords

    tagged = la.segment(reports, pos=True, cache=False, progress=False, store=tmp_path / "store")
    parts = sorted((tmp_path / "store" / "tokens").glob("part-*.parquet"))
    back = _assemble(parts, reports, resolve_stopwords("default"))
    assert back["pos"].astype(str).tolist() == tagged["pos"].astype(str).tolist()


def test_filters_lines_and_names_agree_with_the_text(reports):
    tagged = la.segment(reports, pos=True, progress=False)
    nouns = la.by_pos(tagged, "n")
    assert set(nouns["pos"].astype(str)) <= {t for t in TAGSET if t.startswith("n")}
    assert "nr" in set(nouns["pos"].astype(str)) or "ns" in set(nouns["pos"].astype(str))
    verbs = la.term_frequencies(la.by_pos(tagged, "v", exact=True))
    counted = verbs.set_index("feature").loc["推进", "frequency"]
    assert counted == ((tagged["token"] == "推进") & (tagged["pos"] == "v")).sum()
    lines = la.pos_lines(la.kwic(reports, "发展"), tagged)
    assert len(lines) == "".join(reports["text"]).count("发展")  # one line per occurrence in the text
    whole = lines[lines["whole_token"]]
    assert set(whole["pos"]) <= {"v", "vn", "n"}
    names = la.entities(tagged)
    china = names[(names.kind == "地名") & (names.entity == "中国")].set_index("speech_id")["count"]
    for speech_id, count in china.items():
        assert count == ((tagged["speech_id"] == speech_id) & (tagged["token"] == "中国")
                         & tagged["pos"].astype(str).str.startswith("ns")).sum()
        assert count <= "".join(reports[reports["speech_id"] == speech_id]["text"]).count("中国")


def test_untagged_tokens_are_named(reports):
    plain = la.segment(reports, progress=False)
    with pytest.raises(ValueError, match=r"no part-of-speech column; segment with la.segment\(paragraphs, pos=True\)"):
        la.by_pos(plain, "n")
