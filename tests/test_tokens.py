"""Segmentation: both backends, the domain dictionary, masked names, stop-word layers, cache, workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import warnings

import pandas as pd
import pytest
from conftest import SEED
from hypothesis import example, given, settings
from hypothesis import strategies as st

import lectureanalysis as la
from lectureanalysis import _cache, schema
from lectureanalysis.tokens import backends, dictionary, segmentation
from lectureanalysis.tokens import cache as token_cache
from lectureanalysis.tokens import stopwords as stopword_layers


def paragraphs_of(*texts: str, speech_id: str = "s") -> pd.DataFrame:
    return pd.DataFrame({"speech_id": speech_id, "para_id": range(len(texts)), "section_id": "0", "text": list(texts)})


def rebuilt(tokens: pd.DataFrame, paragraphs: pd.DataFrame) -> None:
    """Every paragraph is its tokens with their masks, in order; every start points at its token."""
    for (speech_id, para_id), group in tokens.groupby(["speech_id", "para_id"], observed=True, sort=False):
        text = paragraphs.loc[(paragraphs["speech_id"] == speech_id) & (paragraphs["para_id"] == para_id), "text"].iloc[0]
        pieces = [m + str(t) + a for m, t, a in zip(group["mask"], group["token"], group["mask_after"], strict=True)]
        assert "".join(pieces) == text
        for start, token in zip(group["start"], group["token"], strict=True):
            assert text[start:start + len(token)] == token
        assert list(group["token_idx"]) == list(range(len(group)))


@pytest.fixture(scope="module")
def seed_tokens(seed):
    return segmentation.segment(seed[1], cache=False)


def test_seed_tokens_rebuild_the_text_and_keep_masks(seed, seed_tokens):
    rebuilt(seed_tokens, seed[1])
    tokens = seed_tokens["token"].astype(str)
    assert not tokens.str.contains(r"[*×]").any(), "a masked name never gives * or × tokens"
    masked = seed_tokens[seed_tokens["mask"] == "***"]
    assert set(masked["token"].astype(str)) == {"总书记"} and len(masked) == 4
    assert set(seed_tokens.loc[seed_tokens["mask"] == "*", "token"].astype(str)) >= {"书记"}
    assert list(seed_tokens.columns[:9]) == ["speech_id", "para_id", "section_id", "token_idx", "token", "is_stopword",
                                             "start", "mask", "mask_after"]
    assert len(seed_tokens.columns) == 9, "paragraph columns are linked, not repeated on every token row"
    wide = segmentation.segment(seed[1], cache=False, columns="all")
    assert {"year", "title", "section_path", "is_heading"} <= set(wide.columns)
    assert not {"text", "n_chars", "end"} & set(wide.columns)
    pd.testing.assert_frame_equal(wide, la.with_columns(seed_tokens), check_categorical=False)


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_domain_terms_stay_whole(backend):
    text = "党支部学习习近平新时代中国特色社会主义思想，做到两个维护，贯彻十九大精神，共建一带一路，中共中央总书记讲话，党办工作。"
    tokens = segmentation.segment(paragraphs_of(text), backend=backend, cache=False)["token"].astype(str).tolist()
    for term in ("党支部", "习近平新时代中国特色社会主义思想", "两个维护", "十九大", "一带一路", "中共中央总书记", "党办"):
        assert term in tokens, (term, tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("×××同志讲话。", [("×××", "同志")]),
        ("XX同志在XX市调研。", [("XX", "同志"), ("XX", "市")]),
        ("刚才*同志传达了*书记的讲话", [("*", "同志"), ("*", "书记")]),
        ("3×4等于12。", []),  # × between digits is arithmetic
    ],
)
def test_masked_names(text, expected):
    paragraphs = paragraphs_of(text)
    tokens = segmentation.segment(paragraphs, cache=False)
    rebuilt(tokens, paragraphs)
    with_mask = tokens[tokens["mask"] != ""]
    assert list(zip(with_mask["mask"].astype(str), with_mask["token"].astype(str), strict=True)) == expected


def test_mask_at_the_end_and_mask_alone():
    paragraphs = paragraphs_of("感谢***", "***")
    tokens = segmentation.segment(paragraphs, cache=False)
    rebuilt(tokens, paragraphs)
    assert tokens.iloc[0]["mask_after"] == "***"
    assert tokens.iloc[-1]["token"] == "***", "a paragraph that is only a mask keeps it as its token"


def test_stopword_layers():
    paragraphs = paragraphs_of("我们的工作，首先是加强学习，坚持正确方向。")
    default = segmentation.segment(paragraphs, cache=False)
    flags = dict(zip(default["token"].astype(str), default["is_stopword"], strict=True))
    assert flags["的"] and flags["，"] and flags["首先"] and flags["我们"]
    assert not flags["坚持"] and not flags["工作"] and not flags["加强"], "official verbs are kept by default"
    everything = segmentation.segment(paragraphs, cache=False, stopwords=["punctuation", "function", "discourse", "official"])
    assert dict(zip(everything["token"].astype(str), everything["is_stopword"], strict=True))["坚持"]
    none = segmentation.segment(paragraphs, cache=False, stopwords="none")
    assert not none["is_stopword"].any()


def test_bundled_words_survive_segmentation():
    for backend in ("jieba", "rjieba"):
        segmenter = backends.get_segmenter(backends.SegmenterConfig(backend, True, dictionary.domain_dictionary()))
        for layer in stopword_layers.STOPWORD_LAYERS:
            assert [w for w in stopword_layers.stopword_layer(layer) if segmenter.cut(w) != [w]] == [], (backend, layer)
        assert [w for w, _, _ in dictionary.domain_dictionary() if segmenter.cut(w) != [w]] == [], backend


def test_words_that_cannot_survive_are_reported(tmp_path):
    paragraphs = paragraphs_of("今天我们学习党章。")
    with pytest.warns(la.CorpusWarning, match=r"stopwords: '学习党章' is split by the segmenter \(学习\|党章\)"):
        segmentation.segment(paragraphs, cache=False, stopwords=["punctuation", "学习党章"])
    with pytest.warns(la.CorpusWarning, match=r"userdict: '马克思·恩格斯' is still split"):
        segmentation.segment(paragraphs_of("学习马克思·恩格斯的著作。"), cache=False, userdict=["马克思·恩格斯"])
    with pytest.warns(la.CorpusWarning, match=r"userdict: 1 word\(s\) never occur in these paragraphs: 新提法"):
        segmentation.segment(paragraphs, cache=False, userdict=["新提法 n"])
    path = tmp_path / "dict.txt"
    path.write_text("学习党章 100 n\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)
        tokens = segmentation.segment(paragraphs, cache=False, userdict=path)
    assert "学习党章" in tokens["token"].astype(str).tolist()


def test_options_are_checked(tmp_path):
    paragraphs = paragraphs_of("正文。")
    with pytest.raises(ValueError, match="backend: expected 'auto', 'jieba' or 'rjieba', got 'thulac'"):
        segmentation.segment(paragraphs, backend="thulac")
    with pytest.raises(ValueError, match="stopwords: unknown layer"):
        stopword_layers.stopword_layer("verbs")
    with pytest.raises(FileNotFoundError, match="userdict: .* is not a file"):
        segmentation.segment(paragraphs, userdict=tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="paragraph table: missing column"):
        segmentation.segment(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match=r"line 1: expected 'word \[freq\] \[tag\]'"):
        dictionary.parse_userdict("词 1 n extra")


def test_traditional_text_to_simplified():
    paragraphs = paragraphs_of("我們第一屆全國人民代表大會")
    tokens = segmentation.segment(paragraphs, cache=False, to_simplified=True)
    assert "".join(tokens["token"].astype(str)) == "我们第一届全国人民代表大会"
    assert paragraphs.loc[0, "text"] == "我們第一屆全國人民代表大會", "the paragraph text is untouched"
    assert tokens["token"].astype(str).tolist() == ["我们", "第一届", "全国人民代表大会"]
    assert list(tokens["start"]) == [0, 2, 5], "offsets point into the original text"
    traditional = segmentation.segment(paragraphs, cache=False, to_simplified=False)["token"].astype(str).tolist()
    assert len(traditional) > 3, traditional


def test_cache_is_used_rebuilt_and_keyed(tmp_path, seed, monkeypatch):
    paragraphs = seed[1]
    first = segmentation.segment(paragraphs, cache=tmp_path)
    token_cache.wait_for_cache()  # the entry is written in the background
    entries = list(tmp_path.glob("tokens-*"))
    assert len(entries) == 1 and not list(tmp_path.glob(".tokens-*"))
    # the entry is a token store, as segment(store=) writes it
    assert sorted(p.name for p in entries[0].iterdir()) == ["cache.json", "digests.json", "speeches", "tokens",
                                                            "vocabulary.txt"]
    no_stopwords = segmentation.segment(paragraphs, cache=False, stopwords="none")
    monkeypatch.setattr(segmentation, "_segment_all", lambda *a, **k: pytest.fail("the cache was not used"))
    pd.testing.assert_frame_equal(segmentation.segment(paragraphs, cache=tmp_path), first)
    # the stop-word flags are set anew on reading: other stop words need no other entry
    pd.testing.assert_frame_equal(segmentation.segment(paragraphs, cache=tmp_path, stopwords="none"), no_stopwords)
    monkeypatch.undo()
    part = next((entries[0] / "tokens").glob("part-*.parquet"))
    part.write_bytes(b"not parquet")  # a corrupt entry is rebuilt, not trusted
    with pytest.warns(la.CorpusWarning, match=r"the token cache entry is damaged \(tokens/part-00000\.parquet changed"):
        pd.testing.assert_frame_equal(segmentation.segment(paragraphs, cache=tmp_path), first)
    segmentation.segment(paragraphs, cache=tmp_path, hmm=False)
    outlined = paragraphs.assign(section_id=paragraphs["section_id"].astype(str) + "x")
    assert segmentation.segment(outlined, cache=tmp_path)["section_id"].astype(str).str.endswith("x").all()
    token_cache.wait_for_cache()
    assert len(list(tmp_path.glob("tokens-*"))) == 3, "another option, another outline: another entry"


def test_workers_give_the_same_table(seed):
    paragraphs = pd.concat([seed[1].assign(speech_id=f"copy{i}") for i in range(12)], ignore_index=True)
    serial = segmentation.segment(paragraphs, cache=False, workers=1)
    parallel = segmentation.segment(paragraphs, cache=False, workers=2)
    segmentation._BATCH_CHARS, saved = 3000, segmentation._BATCH_CHARS
    try:
        many_batches = segmentation.segment(paragraphs, cache=False, workers=2)
    finally:
        segmentation._BATCH_CHARS = saved
    pd.testing.assert_frame_equal(serial, parallel)
    for column in serial.columns:
        assert serial[column].astype(str).tolist() == many_batches[column].astype(str).tolist(), column


def test_global_jieba_is_left_alone(tmp_path):
    code = (
        "import jieba, lectureanalysis as la, pandas as pd\n"
        "p = pd.DataFrame({'speech_id': ['s'], 'para_id': [0], 'section_id': ['0'], 'text': ['两个维护']})\n"
        "la.segment(p, backend='jieba', cache=False)\n"
        "assert not jieba.dt.initialized and '两个维护' not in jieba.dt.FREQ\n"
        "print('ok')\n"
    )
    env = {"LECTUREANALYSIS_CACHE": str(tmp_path), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.stdout.strip() == "ok", result.stderr
    assert "Building prefix dict" not in result.stderr, "jieba's loading chatter is kept out of notebooks"


def test_importing_the_package_does_nothing():
    code = "import sys, lectureanalysis; print(sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'rjieba', 'opencc')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_both_backends_agree_on_the_dev_corpus(gwr):
    _, paragraphs = gwr
    spans = {}
    for backend in ("jieba", "rjieba"):
        for hmm in (False, True):
            tokens = segmentation.segment(paragraphs, backend=backend, hmm=hmm, cache=False, workers=1)
            spans[backend, hmm] = set(zip(tokens["speech_id"].astype(str), tokens["para_id"], tokens["start"],
                                          tokens["token"].astype(str), strict=True))
    assert spans["jieba", False] == spans["rjieba", False], "identical tokens without the HMM"
    same = len(spans["jieba", True] & spans["rjieba", True]) / len(spans["jieba", True] | spans["rjieba", True])
    print(f"span agreement with HMM: {same:.6%}")
    assert same >= 0.9999


def test_seed_file_segments_from_disk():
    tokens = la.segment(la.load_paragraphs(SEED), cache=False)
    assert (tokens["speech_id"] == "区委办党支部党课讲稿").all()


@settings(max_examples=200, deadline=None)
@example(["发展", "\ud800", "发展"])  # a lone surrogate (text decoded with surrogateescape) is coded too
@given(st.lists(st.text(alphabet="改革开放发展中国特色社会主义a1𠀀 ，", min_size=1, max_size=9), max_size=60))
def test_token_codes_round_trip(tokens):
    vocab, codes = backends.encode_tokens(tokens)
    assert [vocab[c] for c in codes] == tokens
    assert len(set(vocab)) == len(vocab) == len(set(tokens))


def test_token_columns_follow_the_schema(seed_tokens):
    from lectureanalysis import schema

    assert tuple(seed_tokens.columns[: len(schema.TOKEN_COLUMNS)]) == schema.TOKEN_COLUMNS


def test_empty_tables_and_paragraphs():
    empty = paragraphs_of()
    tokens = segmentation.segment(empty, cache=False)
    assert len(tokens) == 0 and tuple(tokens.columns[:9]) == tuple(schema.TOKEN_COLUMNS)
    assert la.term_frequencies(tokens).empty
    tokens = segmentation.segment(paragraphs_of("", "讲话。"), cache=False)
    assert tokens[["para_id", "token", "start"]].astype(str).values.tolist() == [["1", "讲话", "0"], ["1", "。", "2"]]
    with pytest.raises(ValueError, match=r"text is missing in 1 row\(s\)"):
        segmentation.segment(paragraphs_of("讲话。", None), cache=False)


def test_cache_keeps_a_bounded_number_of_entries(tmp_path):
    for i in range(5):
        segmentation.segment(paragraphs_of(f"第{i}段讲话。"), cache=tmp_path)
        token_cache.wait_for_cache()
    assert len(list(tmp_path.glob("tokens-*"))) == 5
    stale, recent = tmp_path / ".tokens-stale", tmp_path / ".tokens-recent"  # half-written by a stopped process
    stale.mkdir()
    recent.mkdir()
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    token_cache._prune_cache(tmp_path, keep=3)
    assert len(list(tmp_path.glob("tokens-*"))) == 3
    assert not stale.exists() and recent.exists(), "one being written now is left alone"


# -- hardening (issue 7) -------------------------------------------------------------------------------


def test_traditional_speeches_are_converted_automatically(tmp_path):
    """to_simplified="auto" (the default) converts the speeches whose script is Traditional, for the
    statistics only; Simplified speeches and every paragraph's text stay as written."""
    paragraphs = pd.concat([
        paragraphs_of("我們國家的經濟發展", speech_id="1954").assign(script="Hant"),
        paragraphs_of("我们国家的经济发展", speech_id="2019").assign(script="Hans"),
    ], ignore_index=True)
    tokens = segmentation.segment(paragraphs, cache=False)
    by_speech = tokens.groupby("speech_id", observed=True)["token"].apply(lambda t: "".join(map(str, t)))
    assert by_speech["1954"] == by_speech["2019"] == "我们国家的经济发展"
    assert tokens.attrs["converted_to_simplified"] == ["1954"]
    assert paragraphs.loc[0, "text"] == "我們國家的經濟發展"
    kept = segmentation.segment(paragraphs, cache=False, to_simplified=False)
    assert "".join(map(str, kept[kept["speech_id"] == "1954"]["token"])) == "我們國家的經濟發展"
    assert kept.attrs["converted_to_simplified"] == []


def test_script_is_detected_when_the_table_has_no_script_column():
    paragraphs = pd.concat([paragraphs_of("我們國家的經濟發展，人民生活顯著改善", speech_id="a"),
                            paragraphs_of("我们国家的经济发展", speech_id="b")], ignore_index=True)
    tokens = segmentation.segment(paragraphs, cache=False)
    assert tokens.attrs["converted_to_simplified"] == ["a"]
    assert "经济" in set(tokens.loc[tokens["speech_id"] == "a", "token"].astype(str))


def test_dev_corpus_1954_counts_in_simplified(gwr):
    speeches, paragraphs = gwr
    assert speeches.set_index("speech_id").loc["1954", "script"] == "Hant"
    assert (speeches["script"] == "Hans").sum() == 51
    tokens = segmentation.segment(paragraphs[paragraphs["year"].isin([1954, 1955])])
    with pytest.warns(la.TermWarning, match=r"occurrences counted on the text, \d+ inside longer tokens") as said:
        trend = la.trend(tokens, ["发展", "建设", "经济"], by="year")
    assert sorted(str(w.message).split("'")[1] for w in said) == ["发展", "建设", "经济"]  # each said once
    counts = trend.set_index(["feature", "group"])["frequency"]
    assert counts[("发展", 1954)] > 10 and counts[("经济", 1954)] > 10 and counts[("建设", 1954)] > 10
    assert trend.groupby("feature")["first_appearance"].first()["发展"] == 1954


def _unwritable(folder):
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def test_an_unusable_cache_warns_once_and_segmenting_goes_on(tmp_path, seed, monkeypatch):
    paragraphs = seed[1]
    expected = segmentation.segment(paragraphs, cache=False)
    cases = {"a file": tmp_path / "file", "a folder that cannot be created": tmp_path / "file" / "below"}
    (tmp_path / "file").write_text("not a folder")
    if os.geteuid() != 0:  # root writes anywhere: the permission case only means something for other users
        cases["a read-only folder"] = _unwritable(tmp_path / "readonly") / "cache"
    for what, place in cases.items():
        monkeypatch.setenv("LECTUREANALYSIS_CACHE", str(place))
        _cache.warned_cache.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = segmentation.segment(paragraphs)
            second = segmentation.segment(paragraphs)
        pd.testing.assert_frame_equal(first, expected)
        pd.testing.assert_frame_equal(second, expected)
        messages = [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)]
        assert len(messages) == 1, (what, messages)
        assert messages[0].startswith(f"{place}: ") and "nothing is cached" in messages[0], (what, messages)


def test_a_cache_entry_is_used_only_for_its_own_key(tmp_path, seed):
    """An entry copied under another key (another corpus's tokens) is rejected and rebuilt."""
    one = paragraphs_of("今天召开会议。")
    other = paragraphs_of("部署作风建设。")
    segmentation.segment(one, cache=tmp_path)
    token_cache.wait_for_cache()
    entry_one = next(tmp_path.glob("tokens-*"))
    segmentation.segment(other, cache=tmp_path)
    token_cache.wait_for_cache()
    entry_other = next(p for p in tmp_path.glob("tokens-*") if p != entry_one)
    shutil.rmtree(entry_other)
    shutil.copytree(entry_one, entry_other)  # the same number of paragraphs and tokens: only the key tells
    tokens = segmentation.segment(other, cache=tmp_path)
    assert "".join(map(str, tokens["token"])) == "部署作风建设。"


def test_the_cache_key_reads_the_texts_not_their_memory_layout(tmp_path, seed, monkeypatch):
    """A slice of a table (its texts at an offset in Arrow's buffers) and the same rows built afresh are one
    entry; a changed character is another."""
    part = seed[1].iloc[2:]
    first = segmentation.segment(part, cache=tmp_path)
    token_cache.wait_for_cache()
    fresh = part.reset_index(drop=True).assign(text=pd.Series(part["text"].tolist(), dtype="str"))
    changed = fresh.assign(text=fresh["text"].str.replace("党", "黨", n=1, regex=False))
    monkeypatch.setattr(segmentation, "_segment_all", lambda *a, **k: pytest.fail("the cache was not used"))
    pd.testing.assert_frame_equal(segmentation.segment(fresh, cache=tmp_path), first)
    with pytest.raises(pytest.fail.Exception, match="the cache was not used"):
        segmentation.segment(changed, cache=tmp_path)


def test_cache_is_bounded_by_size(tmp_path):
    for i in range(4):
        segmentation.segment(paragraphs_of("讲话。" * (200 * (i + 1))), cache=tmp_path)
        token_cache.wait_for_cache()
    sizes = sorted(sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) for p in tmp_path.glob("tokens-*"))
    assert len(sizes) == 4
    token_cache._prune_cache(tmp_path, keep=10, max_bytes=sum(sizes[-2:]))
    assert len(list(tmp_path.glob("tokens-*"))) == 2


def test_a_masked_term_in_quotes_is_one_token_like_a_masked_name(seed):
    paragraphs = seed[1].head(1).assign(text=["我们实施“*人计划”，学习《**条例》，***总书记指出要抓落实。"])
    tokens = segmentation.segment(paragraphs, cache=False, stopwords="none")
    rebuilt(tokens, paragraphs)
    pairs = list(zip(tokens["token"].astype(str), tokens["mask"], strict=True))
    assert ("人计划", "*") in pairs and ("条例", "**") in pairs and ("总书记", "***") in pairs
    assert "人" not in tokens["token"].astype(str).tolist(), "the masked term is not cut into 人 | 计划"


def test_one_flipped_byte_in_a_cache_part_is_found_and_rebuilt(tmp_path, seed):
    """Parquet with LZ4 has no checksum: a flipped byte gave other tokens, silently (8 of 24 tries). Every file
    of an entry is checked against the SHA-256 recorded when it was written."""
    paragraphs = seed[1]
    fresh = segmentation.segment(paragraphs, cache=False)
    segmentation.segment(paragraphs, cache=tmp_path)
    token_cache.wait_for_cache()
    (entry,) = tmp_path.glob("tokens-*")
    part = next((entry / "tokens").glob("part-*.parquet"))
    for offset in (len(part.read_bytes()) // 3, len(part.read_bytes()) // 2):
        data = bytearray(part.read_bytes())
        data[offset] ^= 0x01
        part.write_bytes(bytes(data))
        with pytest.warns(la.CorpusWarning, match="the token cache entry is damaged"):
            again = segmentation.segment(paragraphs, cache=tmp_path)
        pd.testing.assert_frame_equal(again, fresh)
        token_cache.wait_for_cache()
        (entry,) = tmp_path.glob("tokens-*")
        part = next((entry / "tokens").glob("part-*.parquet"))


def test_a_token_store_can_be_verified(tmp_path, seed):
    pytest.importorskip("dask")
    from lectureanalysis.engines.dask import read_store
    from lectureanalysis.tokens.store import write_store

    tokens = segmentation.segment(seed[1], cache=False)
    store = write_store(tokens, tmp_path / "store")
    read_store(store, verify=True)  # as written: no complaint
    part = next((store / "tokens").glob("part-*.parquet"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0x01
    part.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"store: .* is damaged: tokens/part-00000\.parquet changed since it was written"):
        read_store(store, verify=True)


def test_a_script_that_ends_right_after_segmenting_leaves_its_cache(tmp_path):
    code = ("import lectureanalysis as la\n"
            f"_, paragraphs = la.load({str(SEED)!r})\n"
            f"la.segment(paragraphs, cache={str(tmp_path)!r})\n")  # and the interpreter stops at once
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    (entry,) = tmp_path.glob("tokens-*")
    assert (entry / "cache.json").is_file() and not list(tmp_path.glob(".tokens-*"))
