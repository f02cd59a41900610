"""The loader on the seed speech, on metadata sources, and on every kind of bad input."""

from __future__ import annotations

import hashlib
import os
import re
import warnings

import pandas as pd
import pytest
from conftest import CORPUS, GOOD_SPEECH, SEED, write

import lectureanalysis as la

# -- the seed speech ----------------------------------------------------------------------------------


def test_seed_speech_row(seed):
    speeches, _ = seed
    assert len(speeches) == 1
    row = speeches.iloc[0]
    assert row.title == "在区委办党支部党课上的讲稿"
    assert row.title_source == "text"
    assert row.source_url == "https://www.qiantufanwen.com/118288.html"
    assert row.boilerplate == "如若转载,请注明出处:https://www.qiantufanwen.com/118288.html"
    assert row.boilerplate_kinds == "repost_notice"
    assert bool(row.truncated) is True
    assert row.announced_sections == 2
    assert row.found_sections == 1
    assert "ends mid-sentence" in row.truncation_reason and "announces 2 sections, found 1" in row.truncation_reason
    assert pd.isna(row.date), "2014年5月8日 is written in the body: it is not the speech's date"
    assert row.encoding == "utf-8"


def test_seed_paragraphs_and_outline(seed):
    _, paragraphs = seed
    assert list(paragraphs["is_heading"]) == [False, True, False, False, False, False, False]
    heading = paragraphs[paragraphs["is_heading"]].iloc[0]
    assert heading.text == "一、关于区委办公室的同志如何做合格党员"
    assert heading.level == 1
    assert heading.section_path == "一"
    opening = paragraphs.iloc[0]
    assert opening.text.startswith("今天,我以普通党员身份") and opening.section_path == "" and opening.section_id == "0"
    under = paragraphs.iloc[2:]
    assert set(under["section_path"]) == {"一"}
    assert set(under["section_title"]) == {"一、关于区委办公室的同志如何做合格党员"}
    assert set(under["section_id"]) == {"1"}
    assert not paragraphs["text"].str.contains("如若转载|qiantufanwen").any()
    assert not paragraphs["text"].str.contains("在区委办党支部党课上的讲稿").any(), "the title is not a paragraph"
    assert paragraphs.iloc[-1].text.endswith("如果算上文件、信息、汇报、")
    assert list(paragraphs["para_id"]) == list(range(7))
    # speech metadata is carried on every row
    assert set(paragraphs["title"]) == {"在区委办党支部党课上的讲稿"}


def test_load_speeches_and_load_corpus_agree_with_load(seed):
    speeches, paragraphs = seed
    pd.testing.assert_frame_equal(la.load_speeches(SEED), speeches)
    pd.testing.assert_frame_equal(la.load_paragraphs(SEED), paragraphs)
    assert speeches.iloc[0].n_paragraphs == len(paragraphs)
    assert speeches.iloc[0].n_chars == paragraphs["n_chars"].sum()


def test_bundled_corpus_is_byte_identical_to_its_recorded_checksums():
    """Raw data is never edited: every file of corpus/ but its README is listed in SHA256SUMS, unchanged."""
    recorded = dict(reversed(line.split("  ", 1)) for line in (CORPUS / "SHA256SUMS").read_text("utf-8").splitlines())
    present = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()
               and not p.name.endswith(".metadata.tsv")} - {"README.md", "SHA256SUMS"}  # our manifests are not raw
    assert set(recorded) == present
    changed = [name for name, digest in recorded.items()
               if hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() != digest]
    assert changed == []
    assert len([n for n in present if n.startswith("政府工作报告/") and n.endswith(".txt")]) == 52


# -- metadata ------------------------------------------------------------------------------------------


def test_the_bundled_reports_have_delivery_dates_and_speakers():
    """delivery.metadata.tsv gives every report its delivery date and speaker; where the file's own title block
    states them (1957: 1957年6月26日…, 周恩来), the file wins — and the two agree."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)  # the manifests match every file
        speeches = la.load_speeches(CORPUS / "政府工作报告")
    reports = speeches.set_index("speech_id")
    assert reports["date"].notna().all() and (reports["speaker"] != "").all()
    assert (reports.loc["1957", "date"], reports.loc["1957", "speaker"], reports.loc["1957", "date_source"]) == (
        pd.Timestamp("1957-06-26"), "周恩来", "title_block")
    assert (reports.loc["2010", "date"], reports.loc["2010", "speaker"], reports.loc["2010", "date_source"]) == (
        pd.Timestamp("2010-03-05"), "温家宝", "metadata")
    assert (reports["date"].dt.year == reports["year"]).all()
    assert "metadata_date" not in reports.columns or reports["metadata_date"].isna().all()


def test_extra_manifests_are_joined_after_the_folders_own(tmp_path):
    write(tmp_path, "2019.txt", GOOD_SPEECH)
    write(tmp_path, "index.tsv", "file\tregion\tspeaker\n2019.txt\t某市\t甲\n")
    write(tmp_path, "facts.metadata.tsv", "file\tspeaker\n2019.txt\t乙\n")
    speeches = la.load_speeches(tmp_path)
    assert (speeches.iloc[0].region, speeches.iloc[0].speaker, speeches.iloc[0].speaker_source) == ("某市", "乙", "metadata")


def test_sub_folders_are_collections_with_their_own_manifests(tmp_path):
    write(tmp_path, "总结.txt", GOOD_SPEECH.replace("全市", "全县"))
    write(tmp_path, "政府工作报告/2019.txt", GOOD_SPEECH)
    write(tmp_path, "政府工作报告/index.tsv", "file\tspeaker\n2019.txt\t李克强\n")
    write(tmp_path, "党课/2020/党课一.txt", GOOD_SPEECH.replace("全市", "全区"))
    write(tmp_path, "党课/metadata.csv", "file,speaker\n2020/党课一.txt,张三\n")
    write(tmp_path, "metadata.csv", "file,region\n2019.txt,全国\n总结.txt,某县\n")
    write(tmp_path, "report/index.html", "<html><body>报告</body></html>")  # a report written into the corpus
    (tmp_path / "report" / "figures").mkdir()
    (tmp_path / "report" / "tables").mkdir()
    with pytest.warns(la.CorpusWarning, match=r"report: holds a report \(index.html, figures/, tables/\)"):
        speeches = la.load_speeches(tmp_path, duplicates="keep")
    rows = speeches.set_index("source_file")[["collection", "speaker", "region"]].fillna("")
    assert rows.to_dict("index") == {
        "党课/2020/党课一.txt": {"collection": "党课/2020", "speaker": "张三", "region": ""},
        "总结.txt": {"collection": "", "speaker": "", "region": "某县"},
        "政府工作报告/2019.txt": {"collection": "政府工作报告", "speaker": "李克强", "region": "全国"},
    }



def test_metadata_from_file_names(tmp_path):
    write(tmp_path, "2020-01-08_张三_在全市工作会议上的讲话.txt", "同志们：\n今天开会。\n")
    write(tmp_path, "1954政府工作报告_周恩来.txt", "各位代表：\n现在作报告。\n")
    write(tmp_path, "2019.txt", "各位代表：\n现在作报告。\n")
    speeches = la.load_speeches(tmp_path, duplicates="keep").set_index("speech_id")  # two files hold the same lines
    first = speeches.loc["2020-01-08_张三_在全市工作会议上的讲话"]
    assert first.date == pd.Timestamp("2020-01-08") and first.speaker == "张三"
    assert first.title == "在全市工作会议上的讲话" and first.title_source == "filename"
    second = speeches.loc["1954政府工作报告_周恩来"]
    assert second.year == 1954 and second.speaker == "周恩来" and second.title == "政府工作报告"
    assert speeches.loc["2019"].year == 2019 and pd.isna(speeches.loc["2019"].date)


def test_title_block_fills_speech_columns(tmp_path):
    text = (
        "政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n国务院总理　李克强\n"
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n"
    )
    write(tmp_path, "report.txt", text)
    speeches, paragraphs = la.load(tmp_path)
    row = speeches.iloc[0]
    assert (row.title, row.date, row.speaker, row.speaker_title) == (
        "政府工作报告", pd.Timestamp("2019-03-05"), "李克强", "国务院总理")
    assert row.subtitle == "——2019年3月5日在第十三届全国人民代表大会第二次会议上"
    assert row.occasion == "在第十三届全国人民代表大会第二次会议上"
    assert row.title_block == "——2019年3月5日在第十三届全国人民代表大会第二次会议上\n国务院总理　李克强"
    assert list(paragraphs["text"]) == ["各位代表：", "现在，我代表国务院，向大会报告政府工作。"]


def test_date_line_in_parentheses_and_speaker_alone(tmp_path):
    write(tmp_path, "a.txt", "在中央经济工作会议上的讲话\n（2020年1月8日）\n习近平\n同志们：\n这次会议很重要。\n")
    row = la.load_speeches(tmp_path).iloc[0]
    assert (row.title, row.date, row.speaker) == ("在中央经济工作会议上的讲话", pd.Timestamp("2020-01-08"), "习近平")


def test_salutation_is_not_a_title(tmp_path):
    write(tmp_path, "2019.txt", "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n")
    speeches, paragraphs = la.load(tmp_path)
    assert speeches.iloc[0].title == "2019" and speeches.iloc[0].title_source == "filename"
    assert paragraphs.iloc[0].text == "各位代表："


def test_manifest_and_metadata_table(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    write(tmp_path, "b.txt", GOOD_SPEECH)
    (tmp_path / "metadata.csv").write_text(
        "file,speaker,date,region\na.txt,王五,2021-06-30,华东\nb.txt,赵六,2022-07-01,华北\n", encoding="utf-8")
    speeches = la.load_speeches(tmp_path, duplicates="keep").set_index("speech_id")
    assert speeches.loc["a", "speaker"] == "王五" and speeches.loc["a", "region"] == "华东"
    assert speeches.loc["b", "date"] == pd.Timestamp("2022-07-01") and speeches.loc["b", "year"] == 2022
    override = pd.DataFrame({"file": ["a.txt"], "title": ["改过的标题"]})
    speeches = la.load_speeches(tmp_path, duplicates="keep", metadata=override).set_index("speech_id")
    assert speeches.loc["a", "title"] == "改过的标题" and speeches.loc["a", "title_source"] == "metadata"
    assert speeches.loc["b", "title"] == "在全市工作会议上的讲话"
    paragraphs = la.load_paragraphs(tmp_path, duplicates="keep")
    assert set(paragraphs["region"]) == {"华东", "华北"}, "extra metadata columns are carried on every row"


def test_metadata_without_a_file_column_is_a_clear_error(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    with pytest.raises(la.MetadataError, match="needs a column naming the file"):
        la.load_speeches(tmp_path, metadata=pd.DataFrame({"speaker": ["王五"]}))


def test_metadata_rows_for_missing_files_warn(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    with pytest.warns(la.CorpusWarning, match=r"1 row\(s\) match no loaded file: zzz.txt"):
        la.load_speeches(tmp_path, metadata=pd.DataFrame({"file": ["a.txt", "zzz.txt"], "speaker": ["甲", "乙"]}))



def test_a_pattern_loads_part_of_a_folder_without_warning_about_the_rest(tmp_path):
    """The folder's manifest describes every file; rows for files the pattern leaves out are not missing."""
    import warnings

    texts = {2014: "在全市工作会议上的讲话\n同志们：\n今年要抓好改革。\n", 2019: "在全县干部大会上的讲话\n同志们：\n要抓好落实。\n",
             2024: "在全省座谈会上的讲话\n同志们：\n要推动发展。\n"}
    for year, text in texts.items():
        write(tmp_path, f"{year}.txt", text)
    (tmp_path / "metadata.csv").write_text("file,speaker\n2014.txt,甲\n2019.txt,乙\n2024.txt,丙\n2010.txt,丁\n",
                                           encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = la.load_speeches(tmp_path, pattern="201*.txt")
    assert speeches["speaker"].tolist() == ["甲", "乙"]
    said = [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)]
    assert said == [f"{tmp_path / 'metadata.csv'}: 1 row(s) match no loaded file: 2010.txt"], said

# -- encodings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("big5", b"", "big5"),
    ],
)
def test_encodings_are_detected_and_recorded(tmp_path, encoding, prefix, expected):
    text = "在全市工作會議上的講話\n同志們：\n今天召開會議，主要講兩點意見。\n一、提高認識\n要提高思想認識，把工作做好做實。\n" * 3
    if encoding != "big5":
        text = GOOD_SPEECH * 3
    write(tmp_path, "a.txt", prefix + text.encode(encoding))
    speeches = la.load_speeches(tmp_path)
    assert speeches.iloc[0].encoding == expected
    assert speeches.iloc[0].title == text.splitlines()[0]


def test_forced_encoding_that_does_not_fit_names_the_byte(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH.encode("gbk"))
    with pytest.raises(la.DecodingError, match=r"a.txt: cannot decode as utf-8 \(first bad byte at 0\)"):
        la.load_speeches(tmp_path / "a.txt", encoding="utf-8", errors="raise")


# -- bad input: one warning per bad file, the rest loads -----------------------------------------------

BAD_FILES = {
    "empty": (b"", la.EmptySpeechError, "file is empty"),
    "whitespace": ("  \n\u3000\n\t\n".encode(), la.EmptySpeechError, "holds only whitespace"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, la.NotTextError, "not a text file: it is a PNG image"),
    "undecodable": (b"\x80\x81\xfd" * 10 + b"\x80\xff" * 50 + b"\xfe" * 9, la.DecodingError,
                    r"not Chinese text in any supported encoding: UTF-8 fails at byte 0"),
    "nul": ("讲话稿\n正文。".encode() + b"\x00\x00" + "更多正文。".encode(), la.NotTextError,
            r"contains NUL bytes \(first at byte \d+\)"),
    "html": ("<!DOCTYPE html>\n<html><head><title>讲话</title></head><body><p>同志们：</p></body></html>".encode(),
             la.MarkupError, "an HTML page, not plain text"),
    "boilerplate_only": ("如若转载,请注明出处:https://www.example.com/1.html\n".encode(), la.EmptySpeechError,
                         r"holds nothing but boilerplate \(repost_notice\)"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_warns_once_and_the_rest_loads(tmp_path, case):
    content, _, reason = BAD_FILES[case]
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, f"{case}.txt", content)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        speeches = la.load_speeches(tmp_path)
    messages = [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)]
    assert len(messages) == 1, messages
    assert f"{case}.txt" in messages[0]
    assert re.search(reason, messages[0]), messages[0]
    assert list(speeches["speech_id"]) == ["good"]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_raises_its_error_when_asked(tmp_path, case):
    content, error, reason = BAD_FILES[case]
    write(tmp_path, "good.txt", GOOD_SPEECH)
    path = write(tmp_path, f"{case}.txt", content)
    with pytest.raises(error, match=reason) as info:
        la.load_speeches(tmp_path, errors="raise")
    assert str(info.value).startswith(str(path))


def test_unreadable_entries_warn(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.warns(la.CorpusWarning, match="dangling.txt: is a broken link") as record:
        speeches = la.load_speeches(tmp_path)
    messages = sorted(str(w.message) for w in record)
    assert any("dangling.txt: is a broken link" in m for m in messages)
    assert list(speeches["speech_id"]) == ["good"], "a folder named like a file is a (here empty) sub-folder"
    with pytest.warns(la.CorpusWarning, match="folder.txt: is a folder, not a file"):
        la.load_speeches([tmp_path / "good.txt", tmp_path / "folder.txt"])
    with pytest.raises(la.UnreadableFileError, match="folder.txt: is a folder, not a file"):
        la.load_speeches([tmp_path / "folder.txt"], errors="raise")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    locked = write(tmp_path, "locked.txt", GOOD_SPEECH)
    locked.chmod(0)
    try:
        with pytest.warns(la.CorpusWarning, match="locked.txt: cannot be read"):
            la.load_speeches(tmp_path)
    finally:
        locked.chmod(0o644)


def test_folder_without_speech_files(tmp_path):
    write(tmp_path, "README.md", "# notes")
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(la.CorpusNotFoundError, match=r"holds no speech files: looked for files of a supported type"):
        la.load_speeches(tmp_path)
    with pytest.raises(la.CorpusNotFoundError, match=r"holds no speech files: looked for files matching '\*\.txt'"):
        la.load_speeches(tmp_path, pattern="*.txt")


def test_missing_path(tmp_path):
    with pytest.raises(la.CorpusNotFoundError, match="no such file or folder"):
        la.load_speeches(tmp_path / "nope")


def test_nothing_loads_is_a_clear_error(tmp_path):
    write(tmp_path, "empty.txt", b"")
    with pytest.warns(la.CorpusWarning, match="empty.txt: file is empty"), \
            pytest.raises(la.CorpusError, match=r"no speech could be loaded \(1 file\(s\) skipped"):
        la.load_speeches(tmp_path)


def test_colliding_file_stems_give_path_ids(tmp_path):
    """Every province has a 2019.txt: when stems collide anywhere, every id is the file's path without its
    extension, and no id is ever renamed; where stems are unique the ids stay the stems."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "2019.txt", GOOD_SPEECH)
    second = write(tmp_path / "b", "2019.txt", GOOD_SPEECH.replace("全市", "全省"))
    write(tmp_path / "b", "2020.txt", GOOD_SPEECH.replace("全市", "全县"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)  # the two are near-duplicates: said, not tested here
        speeches = la.load_speeches(tmp_path)
    assert list(speeches["speech_id"]) == ["a/2019", "b/2019", "b/2020"]
    assert list(speeches["title"]) == ["在全市工作会议上的讲话", "在全省工作会议上的讲话", "在全县工作会议上的讲话"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        assert list(la.load_speeches([first, second], errors="raise")["speech_id"]) == ["a/2019", "b/2019"]
        assert list(la.load_speeches([first, tmp_path / "b" / "2020.txt"])["speech_id"]) == ["2019", "2020"]


def test_ten_megabytes_on_one_line(tmp_path):
    sentence = "我们要坚持以人民为中心的发展思想，推动高质量发展。"
    text = sentence * (10_000_000 // len(sentence.encode()))
    write(tmp_path, "oneline.txt", text)
    write(tmp_path, "good.txt", GOOD_SPEECH)
    with pytest.warns(la.CorpusWarning, match="oneline.txt: nothing marks paragraphs") as record:
        speeches = la.load_speeches(tmp_path)
    assert len([w for w in record if issubclass(w.category, la.CorpusWarning)]) == 1
    row = speeches.set_index("speech_id").loc["oneline"]
    assert row.n_paragraphs == 1
    assert row.n_chars == la.count_chars(text)


def test_a_run_on_text_with_one_huge_paragraph_is_a_warning(tmp_path):
    # the title block is cut off, but the body of 10,000 字 stays one paragraph: its marks were lost
    body = "我们要坚持以人民为中心的发展思想，推动高质量发展，" * 435 + "取得新成效。"
    assert la.count_chars(body) == 23 * 435 + 5 == 10_010
    write(tmp_path, "runon.txt", f"在全市工作会议上的讲话（2020年9月8日）同志们：{body}")
    with pytest.warns(la.CorpusWarning, match=r"runon\.txt: a paragraph of 10,010 字 \(100% of the text\)"):
        speeches = la.load_speeches(tmp_path)
    assert speeches.iloc[0].n_paragraphs == 2


def test_text_without_line_breaks_is_cut_at_headings_and_indents(tmp_path):
    text = ("在全市工作会议上的讲话\u3000\u3000同志们：今天召开会议，讲两点意见。"
            "一、提高认识\u3000\u3000要提高思想认识。二、狠抓落实\u3000\u3000要抓好工作落实。")
    write(tmp_path, "a.txt", text)
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)
        speeches, paragraphs = la.load(tmp_path)
    assert speeches.iloc[0].title == "在全市工作会议上的讲话"
    assert list(paragraphs["text"]) == [  # the salutation is its own paragraph, as on its own line
        "同志们：", "今天召开会议，讲两点意见。", "一、提高认识", "要提高思想认识。", "二、狠抓落实", "要抓好工作落实。"]
    assert list(paragraphs["level"]) == [0, 0, 1, 0, 1, 0]


def test_errors_option_is_checked(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    with pytest.raises(ValueError, match="errors: expected 'warn' or 'raise', got 'ignore'"):
        la.load_speeches(tmp_path, errors="ignore")


def test_user_boilerplate_patterns(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH + "本稿由某某文秘网独家提供\n")
    speeches, paragraphs = la.load(tmp_path, boilerplate={"wenmi_site": r"本稿由.{0,10}文秘网.{0,10}"})
    assert speeches.iloc[0].boilerplate == "本稿由某某文秘网独家提供"
    assert speeches.iloc[0].boilerplate_kinds == "wenmi_site"
    assert not paragraphs["text"].str.contains("文秘网").any()


def test_worker_processes_give_the_same_tables(gwr_dir):
    serial = la.load(gwr_dir, workers=1)
    parallel = la.load(gwr_dir, workers=2)
    pd.testing.assert_frame_equal(serial[0], parallel[0])
    pd.testing.assert_frame_equal(serial[1], parallel[1])
    with pytest.raises(ValueError, match="workers: expected a whole number >= 1 or None, got 0"):
        la.load(gwr_dir, workers=0)


def test_bad_files_warn_the_same_from_workers(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "empty.txt", b"")
    with pytest.warns(la.CorpusWarning, match="empty.txt: file is empty"):
        speeches = la.load_speeches(tmp_path, workers=2)
    assert list(speeches["speech_id"]) == ["good"]


# -- hardening (issue 7): inputs a hostile tester tried -----------------------------------------------


def _load_warned(source, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", la.CorpusWarning)
        tables = la.load(source, **options)
    return tables, [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)]


def test_file_name_that_is_not_utf8_warns_and_loads(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    gbk_name = os.path.join(os.fsencode(tmp_path), "讲话稿.txt".encode("gbk"))
    with open(gbk_name, "wb") as handle:
        handle.write(GOOD_SPEECH.replace("全市", "全区").encode())
    broken = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.txt")
    with open(broken, "wb") as handle:
        handle.write(GOOD_SPEECH.replace("全市", "全县").encode())
    (speeches, paragraphs), messages = _load_warned(tmp_path)
    assert sorted(speeches["speech_id"]) == sorted(["good", "讲话稿", "\ufffd\ufffd"])
    assert any("file name is not UTF-8" in m and "讲话稿.txt" in m and "GB18030" in m for m in messages), messages
    assert any("file name is not UTF-8" in m and "\\xff\\xfe" in m for m in messages), messages
    for text in (*speeches["speech_id"], *speeches["source_file"], *paragraphs["speech_id"]):
        text.encode("utf-8")  # every name in the tables is valid Unicode (pyarrow, CSV, HTML take it)
    la.segment(paragraphs)


def test_only_regular_files_are_read(tmp_path):
    """A FIFO would block forever and /dev/zero would fill memory: both are refused by name."""
    import subprocess
    import sys

    write(tmp_path, "good.txt", GOOD_SPEECH)
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    code = ("import warnings, lectureanalysis as la\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            f"    s = la.load_speeches({str(tmp_path)!r})\n"
            "print(list(s.speech_id))\n"
            "print('\\n'.join(str(x.message) for x in w))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "['good']"
    assert f"{tmp_path / 'pipe.txt'}: not a regular file (a FIFO); skipped" in lines
    assert f"{tmp_path / 'zero.txt'}: not a regular file (a character device); skipped" in lines


def test_file_size_is_capped(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "big.txt", GOOD_SPEECH * 40)
    (speeches, _), messages = _load_warned(tmp_path, max_bytes=1000)
    assert list(speeches["speech_id"]) == ["good"]
    assert any(m.startswith(f"{tmp_path / 'big.txt'}: larger than max_bytes=1,000") for m in messages), messages
    with pytest.raises(la.UnreadableFileError, match="larger than max_bytes"):
        la.load(tmp_path / "big.txt", max_bytes=1000, errors="raise")


def test_file_of_punctuation_only_is_refused(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "dots.txt", "。。。，，！\n……\n")
    (speeches, _), messages = _load_warned(tmp_path)
    assert list(speeches["speech_id"]) == ["good"]
    assert f"{tmp_path / 'dots.txt'}: holds no 字 (no Chinese character, letter or digit, only punctuation); skipped" in messages


def test_file_of_only_a_title_keeps_it_as_the_title(tmp_path):
    write(tmp_path, "title.txt", "关于加强作风建设的讲话\n")
    (speeches, paragraphs), messages = _load_warned(tmp_path)
    row = speeches.iloc[0]
    assert row.title == "关于加强作风建设的讲话" and row.title_source == "text"
    assert not row.truncated and row.n_paragraphs == 0 and row.n_chars == 0
    assert len(paragraphs) == 0
    assert messages == [f"{tmp_path / 'title.txt'}: holds only a title line (关于加强作风建设的讲话), no body text"]


def test_removed_boilerplate_lines_leave_paragraph_breaks(tmp_path):
    lines = ["关于作风建设的讲话", "同志们：", "本文来源：某某网", "今天召开会议，主要任务是部署作风建设。", "一、提高认识",
             "温馨提示：本文共三页", "要充分认识作风建设的重要性。", "二、抓好落实", "要抓好各项任务的落实。"]
    write(tmp_path, "a.txt", "\n".join(lines))
    without = [line for line in lines if not line.startswith(("本文来源", "温馨提示"))]
    write(tmp_path, "b.txt", "\n".join(without))
    speeches, paragraphs = la.load(tmp_path, duplicates="keep")  # b is a without the furniture
    a, b = (paragraphs[paragraphs["speech_id"] == s] for s in ("a", "b"))
    assert list(a["text"]) == list(b["text"]) == ["同志们：", "今天召开会议，主要任务是部署作风建设。", "一、提高认识",
                                                  "要充分认识作风建设的重要性。", "二、抓好落实", "要抓好各项任务的落实。"]
    assert list(a["section_path"]) == ["", "", "一", "一", "二", "二"]
    assert list(speeches["title"]) == ["关于作风建设的讲话"] * 2
    assert list(speeches["found_sections"]) == [2, 2]
    assert speeches.iloc[0].boilerplate == "本文来源：某某网\n温馨提示：本文共三页"


def test_files_of_unsupported_types_are_reported_together(tmp_path):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    for name in ("讲话.rtf", "报告.odt", "合集.rar", "照片.jpg"):
        write(tmp_path, name, b"not read")
    (speeches, _), messages = _load_warned(tmp_path)
    assert list(speeches["speech_id"]) == ["good"]
    assert messages == [f"{tmp_path}: 4 files of a type that is not read, skipped: 合集.rar, 报告.odt, 照片.jpg, 讲话.rtf"]


def test_metadata_from_a_path_in_any_table_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    write(corpus, "b.txt", GOOD_SPEECH)
    table = pd.DataFrame({"file": ["a.txt", "b.txt"], "speaker": ["张三", "李四"], "province": ["湖南", "广东"]})
    csv = tmp_path / "meta.csv"
    write(tmp_path, "meta.csv", table.to_csv(index=False), encoding="gb18030")
    tsv = tmp_path / "meta.tsv"
    write(tmp_path, "meta.tsv", table.to_csv(index=False, sep="\t"))
    for path in (csv, tsv, str(tsv)):
        speeches = la.load_speeches(corpus, duplicates="keep", metadata=path)
        assert list(speeches["speaker"]) == ["张三", "李四"] and list(speeches["province"]) == ["湖南", "广东"]
    pytest.importorskip("openpyxl")
    table.to_excel(tmp_path / "meta.xlsx", index=False)
    assert list(la.load_speeches(corpus, duplicates="keep", metadata=tmp_path / "meta.xlsx")["province"]) == ["湖南", "广东"]


def test_folder_manifests_gbk_and_index_tsv(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    write(tmp_path, "index.tsv", "file\tspeaker\na.txt\t王五\n", encoding="gbk")
    assert la.load_speeches(tmp_path).iloc[0].speaker == "王五"


def test_unreadable_metadata_warns_and_the_corpus_loads(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    write(tmp_path, "metadata.csv", b"file,speaker\n\x00\x01\x02\xff\xfe\x00\x00garbage")
    (speeches, _), messages = _load_warned(tmp_path)
    assert list(speeches["speech_id"]) == ["a"]
    assert any(m.startswith(f"{tmp_path / 'metadata.csv'}: ") and "metadata not used" in m for m in messages), messages
    with pytest.raises(la.MetadataError, match="metadata.csv"):
        la.load(tmp_path, errors="raise")
    with pytest.raises(la.MetadataError, match="no such file"):
        la.load(tmp_path, metadata=tmp_path / "missing.csv")


def test_source_file_is_relative_to_the_corpus_root(tmp_path):
    write(tmp_path, "a.txt", GOOD_SPEECH)
    speeches, paragraphs = la.load(tmp_path.resolve())
    assert list(speeches["source_file"]) == ["a.txt"] and set(paragraphs["source_file"]) == {"a.txt"}
    assert la.load_speeches(tmp_path / "a.txt").iloc[0].source_file == "a.txt"


def test_script_of_each_speech(tmp_path):
    write(tmp_path, "hant.txt", "政府工作報告\n各位代表：\n我們國家的經濟建設和發展取得了偉大的成就，人民生活顯著改善。\n")
    write(tmp_path, "hans.txt", "政府工作报告\n各位代表：\n我们国家的经济建设和发展取得了伟大的成就，人民生活显著改善。\n")
    write(tmp_path, "mixed.txt", "政府工作报告\n各位代表：\n我们国家的经济建设和发展。我們國家的經濟建設和發展取得了偉大的成就。\n")
    speeches = la.load_speeches(tmp_path).set_index("speech_id")
    assert speeches.loc["hant", "script"] == "Hant"
    assert speeches.loc["hans", "script"] == "Hans"
    assert speeches.loc["mixed", "script"] == "mixed"


def test_a_portal_article_with_press_lines(tmp_path):
    """Dateline, photo byline, editor and newspaper source lines are recorded, never body text; the closing
    source line does not make the speech truncated; the dateline's place and the paper's date are kept, and
    neither becomes the speech's date or title."""
    write(tmp_path, "a.txt", "在全国两会上的讲话\n新华社北京5月29日电 国家主席习近平29日在会上发表重要讲话。\n"
                             "新华社记者 王晔 摄\n要坚定信心，攻坚克难。\n一、抓好落实\n要抓好落实。\n"
                             "（《人民日报》2020年05月30日 01 版）\n责任编辑：张三")
    speech = la.load_speeches(tmp_path).iloc[0]
    assert speech.title == "在全国两会上的讲话" and pd.isna(speech.date)
    assert speech.published == "2020-05-30" and speech.dateline_place == "北京"
    assert not speech.truncated and speech.found_sections == 1
    assert set(speech.boilerplate_kinds.split(",")) == {"dateline", "photo_byline", "newspaper_source", "editor_line"}
    assert speech.boilerplate.splitlines() == ["新华社北京5月29日电", "新华社记者 王晔 摄", "（《人民日报》2020年05月30日 01版）",
                                              "责任编辑：张三"]


@pytest.mark.parametrize("written", ["{d}年{m}月{day}日", "{d}-{m:02d}-{day:02d}"])  # 2020年5月1日, 2020-05-01
def test_a_file_holding_many_dated_documents_is_split(tmp_path, written):
    days = [(written.format(d=2020, m=5, day=day), body) for day, body in
            ((1, "今天召开会议，部署工作。"), (2, "今天继续开会，讨论文件。"), (3, "会议闭幕，通过决议。"))]
    text = "新闻联播文字版合集\n\n" + "\n\n".join(f"新闻联播 {day}\n\n{body}\n\n要抓好落实。" for day, body in days)
    write(tmp_path, "bulletin.txt", text)
    write(tmp_path, "speech.txt", GOOD_SPEECH)
    (speeches, paragraphs), messages = _load_warned(tmp_path)
    split = speeches[speeches["source_file"] == "bulletin.txt"]
    # the text before the first header (the archive's own title) is kept too, as document 0000
    assert list(split["speech_id"]) == ["bulletin-0000", "bulletin-0001", "bulletin-0002", "bulletin-0003"]
    assert split.iloc[0].title == "新闻联播文字版合集" and split.iloc[0].n_paragraphs == 0
    dated = split[split["speech_id"] != "bulletin-0000"]
    assert list(dated["title"]) == [f"新闻联播 {day}" for day, _ in days]
    assert [d.date().isoformat() for d in dated["date"]] == ["2020-05-01", "2020-05-02", "2020-05-03"]
    assert list(paragraphs[paragraphs["speech_id"] == "bulletin-0002"]["text"]) == ["今天继续开会，讨论文件。", "要抓好落实。"]
    assert any("holds 3 documents" in m and f"新闻联播 {days[0][0]}" in m for m in messages), messages
    whole = la.load_speeches(tmp_path / "bulletin.txt", split=False)
    assert len(whole) == 1
    with pytest.warns(la.CorpusWarning, match=r"bulletin\.txt: holds (3 documents|only a title line)"):
        named = la.load_speeches(tmp_path / "bulletin.txt", split=r"^新闻联播 ")
    assert list(named["title"])[-3:] == [f"新闻联播 {day}" for day, _ in days]
