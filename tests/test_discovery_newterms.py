"""New-term discovery (issue 22, item 1): planted words found, numbers and dates never candidates, the
formulations we already find among the candidates, and accept() auditing exactly what changed."""

import numpy as np
import pandas as pd
import pytest

import lectureanalysis as la

#: made-up words the dictionary lacks (the segmenter cuts each into pieces), planted in varied contexts
PLANTED = ["栖云工程", "蓝鲸计划", "澄湖模式"]
CONTEXTS = ["我们要推进{}，", "{}取得成效。", "加快实施{}建设，", "深入总结{}经验。", "各地学习{}做法，",
            "围绕{}开展调研。", "关于{}的意见，", "推广{}，", "落实{}任务。", "{}试点扩大，"]
FILLERS = ["坚持稳中求进工作总基调。", "完整准确全面贯彻新发展理念。", "加快构建新发展格局。", "着力推动高质量发展。",
           "持续改善民生福祉。", "深化重点领域改革。", "扩大高水平对外开放。", "统筹发展和安全。"]


def planted_corpus():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        word = PLANTED[i % 3]
        text = (rng.choice(FILLERS) + rng.choice(CONTEXTS).format(word) + f"2019年增长{i}%，三月五日召开会议。"
                + rng.choice(FILLERS))
        rows.append({"speech_id": f"s{i // 10}", "para_id": i % 10, "text": text, "year": 2015 + i // 10,
                     "section_id": "0"})
    paragraphs = pd.DataFrame(rows)
    paragraphs["n_chars"] = paragraphs["text"].map(la.count_chars)
    return paragraphs, la.segment(paragraphs, progress=False, cache=False)


def test_planted_words_are_found_first():
    paragraphs, tokens = planted_corpus()
    types = set(tokens["token"].cat.categories)
    assert not set(PLANTED) & types  # the segmenter cuts them
    found = la.discover_terms(tokens)
    assert set(found["term"].head(3)) == set(PLANTED)
    row = found.set_index("term").loc["栖云工程"]
    # what a reader sees agrees with the text
    assert row["frequency"] == "".join(paragraphs["text"]).count("栖云工程") == 20
    assert 0 < row["as_run"] <= row["frequency"]
    assert row["first"] == 2015 and row["first_speech"] == "s0"
    first_text = paragraphs[paragraphs.text.str.contains("栖云工程")].iloc[0]["text"]
    assert row["context"].replace("【", "").replace("】", "") in first_text and "【栖云工程】" in row["context"]
    assert row["split_as"].replace(" / ", "") == "栖云工程"


def test_numbers_dates_and_stop_word_runs_are_never_candidates():
    _, tokens = planted_corpus()
    found = la.discover_terms(tokens, min_pmi=0, min_entropy=0, top=None)
    assert not found["term"].str.contains(r"\d|年|月|日|%").any()
    first, last = found["split_as"].str.split(" / ").str[0], found["split_as"].str.split(" / ").str[-1]
    stop = set(tokens.loc[tokens["is_stopword"], "token"].astype(str))
    assert not first.isin(stop).any() and not last.isin(stop).any()


def test_words_of_the_dictionary_are_not_candidates():
    _, tokens = planted_corpus()
    found = la.discover_terms(tokens, userdict=["蓝鲸计划"])
    assert "蓝鲸计划" not in set(found["term"]) and "栖云工程" in set(found["term"])


def test_when_no_run_holds_together_the_table_is_empty():
    # a defect found by a report on eight short speeches: when no run passed the cohesion and freedom thresholds,
    # the dictionary filter, given an empty list, picked no column instead of no row (KeyError: 'pmi')
    _, tokens = planted_corpus()
    everything = la.discover_terms(tokens, top=None)
    found = la.discover_terms(tokens, min_pmi=1000)
    assert len(found) == 0 and list(found.columns) == list(everything.columns)


def test_the_formulations_we_find_are_among_the_candidates(bundled):
    _, paragraphs, tokens = bundled
    found = set(la.discover_terms(tokens, top=None)["term"])
    named = la.formulations(paragraphs)
    counts = named[named["kind"] == "提法"]["formulation"].value_counts()
    split = [f for f in counts[counts >= 5].index if f not in set(tokens["token"].cat.categories)]
    hits = [f for f in split if f in found]
    assert len(split) >= 20 and len(hits) >= 0.7 * len(split), (split, hits)
    assert {"四个现代化", "两个毫不动摇"} <= set(hits)


def test_accept_adds_to_the_users_file_and_audits_the_change(tmp_path):
    paragraphs, tokens = planted_corpus()
    path = tmp_path / "mine.txt"
    path.write_text("澄湖模式 100000\n", encoding="utf-8")
    done = la.accept(["栖云工程", "澄湖模式"], paragraphs, tokens, userdict=path, progress=False, cache=False)
    assert path.read_text(encoding="utf-8") == "澄湖模式 100000\n栖云工程 100000\n"  # kept, added once
    assert set(done.tokens["token"].astype(str)) >= {"栖云工程", "澄湖模式"}
    audit = done.audit.set_index("term")
    assert set(audit.loc[["栖云工程"], "after"]) == {"栖云工程"} and audit.loc[["栖云工程"], "occurrences"].sum() == 20
    changes = done.changes.set_index("feature")
    assert changes.loc["栖云工程", "before"] == 0 and changes.loc["栖云工程", "after"] == 20
    # each way the text was cut before, and the tokens that lose exactly those occurrences
    assert audit.loc[["栖云工程"], ["before", "after", "occurrences"]].values.tolist() == [
        ["栖云 / 工程", "栖云工程", 17], ["栖云 / [工程建设]", "栖云工程", 3]]
    assert changes.loc["栖云", "change"] == -20 and changes.loc["工程建设", "change"] == -3
    assert changes.loc["工程", "change"] == -17
    assert int(changes["change"].sum()) == len(done.tokens) - len(tokens)


def test_accept_refuses_words_with_spaces(tmp_path):
    paragraphs, tokens = planted_corpus()
    with pytest.raises(ValueError, match=r"terms: expected words without spaces"):
        la.accept(["栖云 工程"], paragraphs, tokens, userdict=tmp_path / "x.txt")
