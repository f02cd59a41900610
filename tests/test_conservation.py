"""Nothing lost, nothing invented: every non-whitespace character of the normalised input appears exactly
once, in order, in the title, title block, paragraphs, headings or boilerplate."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lectureanalysis as la
from lectureanalysis.loading import parse_speech, read_speech_text, speech_segments

_WS = re.compile(r"\s+")


def assert_conserved(text: str, name: str = "<text>") -> None:
    parsed = parse_speech(text, source_file=name)
    normalised = _WS.sub("", parsed.normalised)
    segments = speech_segments(parsed)
    # in order: the spans, read by position, give back the normalised text
    assert _WS.sub("", "".join(segments["text"])) == normalised
    # exactly once: the spans do not overlap
    assert (segments["start"].iloc[1:].to_numpy() >= segments["end"].iloc[:-1].to_numpy()).all()
    # and the tables a user sees hold the same characters: title, title block, paragraphs, boilerplate
    speeches_row = {
        "title": parsed.block.title,
        "title_block": "".join(p.text for p in parsed.block.lines),
        "paragraphs": "".join(r.paragraph.text for r in parsed.rows),
        "boilerplate": "".join(r.text for r in parsed.masked.removed),
    }
    assert Counter(_WS.sub("", "".join(speeches_row.values()))) == Counter(normalised)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("**/*.txt"))


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_is_conserved(path):
    text, _ = read_speech_text(path)
    assert_conserved(text, str(path))


def test_both_collections_are_in_the_conservation_run():
    assert len(corpus_files()) == 53


def test_loaded_tables_hold_the_file(tmp_path):
    """The same property, through load(): the speeches and paragraph tables together hold the file."""
    text = SEED.read_text("utf-8")
    speeches, paragraphs = la.load(SEED)
    row = speeches.iloc[0]
    held = row.title + row.title_block + "".join(paragraphs["text"]) + row.boilerplate
    assert Counter(_WS.sub("", held)) == Counter(_WS.sub("", la.normalise_text(text)))


PIECES = st.sampled_from([
    "讲话", "同志们：", "各位代表！", "一、", "二、", "（一）", "（二）", "1.", "（1）", "第一，", "第二部分",
    "坚持", "党的领导", "《", "》", "“", "”", "，", "。", "、", "；", "：", "？", "一是", "二要",
    "\n", "\n\n", "\n\n\n", "\u3000\u3000", "    ", " ", "\t", "\u200b", "\u200d", "\ufeff", "\r\n",
    "１９９３", "1 9 9 3 年", "ＡＢ", "PM", "2.5", "％", "——2019年3月5日在大会上", "国务院总理　李克强",
    "（2020年1月8日）", "如若转载,请注明出处:https://a.cn/1.html", "(全文1234字)", "本文来源：某网",
    "下面是小编为大家整理的讲话稿，供大家参考。", "本作品是中华人民共和国的", "Public domain", "false",
    "<script>", "结束语", "关于形势和任务", "*书记", "***总书记", "告",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=60).map("".join))
def test_any_text_is_conserved(text):
    if not _WS.sub("", la.normalise_text(text)):
        with pytest.raises(la.EmptySpeechError, match="holds only whitespace"):
            parse_speech(text)
        return
    try:
        assert_conserved(text)
    except la.EmptySpeechError as exc:
        if "holds no 字" in str(exc):  # a text of punctuation only is refused, never loaded as a 0-字 speech
            assert not la.count_chars(text)
        else:
            assert "nothing but boilerplate" in str(exc)
