"""Reposts of the same speech are found and grouped; different speeches that share a passage are not."""

from __future__ import annotations

import random
import re
import warnings

import numpy as np
import pytest
from conftest import GOOD_SPEECH, SEED, write

import lectureanalysis as la
from lectureanalysis.loading.reposts import find_duplicates

SEED_TEXT = SEED.read_text("utf-8")


def repost(text: str, *, title: str, header: str, footer: str) -> str:
    """What a template site makes of a speech: its own title, its notices, full-width commas, one changed
    sentence."""
    lines = text.split("\n")
    body = "\n".join(lines[1:]).replace(",", "，").replace("大家平时工作很辛苦", "大家工作辛苦")
    return f"{title}\n{header}\n{body}\n{footer}\n"


def test_reposts_are_grouped_and_the_fullest_copy_is_the_original(tmp_path):
    write(tmp_path, "a_original.txt", SEED_TEXT)
    write(tmp_path, "b_repost.txt", repost(SEED_TEXT, title="区委办书记党课讲稿范文", header="本文来源：某某范文网",
                                          footer="温馨提示：本文共三页"))
    shorter = SEED_TEXT[:SEED_TEXT.rindex("如若转载") - 120] + "\n"  # its last sentences cut off
    write(tmp_path, "c_repost.txt", repost(shorter, title="2023年党课讲稿", header="下面是小编为大家整理的党课讲稿，供大家参考。",
                                          footer="(全文1500字)"))
    write(tmp_path, "d_other.txt", GOOD_SPEECH)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", la.CorpusWarning)
        speeches = la.load_speeches(tmp_path)
    table = speeches.set_index("speech_id")
    assert table["duplicate_group"].iloc[:3].tolist() == [1, 1, 1] and table["duplicate_group"].isna().iloc[3]
    assert table.loc["a_original", "duplicate_of"] == ""
    assert table.loc["b_repost", "duplicate_of"] == table.loc["c_repost", "duplicate_of"] == "a_original"
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and messages[0].startswith("2 speeches are near-duplicates (reposts) of another")
    assert messages[0].endswith("a_original ← b_repost, c_repost")
    with pytest.warns(la.CorpusWarning, match="dropped: a_original ← b_repost, c_repost"):
        kept, kept_paragraphs = la.load(tmp_path, duplicates="drop")
    assert list(kept["speech_id"]) == ["a_original", "d_other"]
    assert set(kept_paragraphs["speech_id"]) == {"a_original", "d_other"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)
        assert len(la.load_speeches(tmp_path, duplicates="keep")) == 4
    with pytest.raises(ValueError, match="duplicates: expected 'warn', 'keep' or 'drop'"):
        la.load(tmp_path, duplicates="yes")


def test_a_shared_passage_does_not_make_a_duplicate(tmp_path):
    passage = "\n".join(SEED_TEXT.split("\n")[3:5])  # a long quoted passage
    write(tmp_path, "a.txt", SEED_TEXT)
    write(tmp_path, "b.txt", GOOD_SPEECH + passage + "\n" + GOOD_SPEECH.replace("全市", "全县") * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)
        speeches = la.load_speeches(tmp_path)
    assert speeches["duplicate_group"].isna().all() and (speeches["duplicate_of"] == "").all()


def shingles(text: str, k: int = 5) -> set[str]:
    characters = "".join(re.findall(r"[^\W_]", text))
    return {characters[i:i + k] for i in range(len(characters) - k + 1)}


def test_similarity_estimates_the_jaccard_of_shingles():
    """Checked against the exact Jaccard similarity of the 5-character shingle sets, computed by hand."""
    rng = random.Random(1)
    base = "".join(line for line in SEED_TEXT.split("\n")[1:-1])
    for cut in (50, 200, 400):
        start = rng.randrange(len(base) - cut)
        edited = base[:start] + "这是新加的一段文字，内容完全不同。" * (cut // 17) + base[start + cut:]
        exact = len(shingles(base) & shingles(edited)) / len(shingles(base) | shingles(edited))
        found = find_duplicates([base, edited], threshold=0.01, sample=1)
        assert found["similarity"].iloc[1] == pytest.approx(exact, abs=0.1), (cut, exact)
        sampled = find_duplicates([base, edited], threshold=0.01)  # one shingle in eight, the default
        assert sampled["similarity"].iloc[1] == pytest.approx(exact, abs=0.15), (cut, exact)


def test_the_development_corpus_has_no_reposts(gwr):
    speeches, _ = gwr
    assert speeches["duplicate_group"].isna().all()


def test_input_is_checked():
    with pytest.raises(ValueError, match=r"threshold: expected a Jaccard similarity in \(0, 1\]"):
        find_duplicates(["讲话"], threshold=1.5)
    empty = find_duplicates(["", "。。", "讲话"])
    assert empty["duplicate_group"].isna().all() and np.isnan(empty["similarity"]).all()
