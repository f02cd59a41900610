"""Faults (issue 19): the user's files, disks, interrupts and odd names end in a message, never a traceback,
and never cost the user a file."""

from __future__ import annotations

import errno
import os
import stat
import zipfile

import pytest
from conftest import GOOD_SPEECH, write

import lectureanalysis as la
from lectureanalysis import report as report_module
from lectureanalysis.cli import main
from lectureanalysis.report import building, folders

#: the notes every report gives on a small corpus (comparisons left out, how followed terms are counted, speeches
#: without a year): asserted once on the main job (test_report.test_the_main_job_says_what_it_warns)
pytestmark = [pytest.mark.filterwarnings("ignore::lectureanalysis.errors.ComparisonWarning"),
              pytest.mark.filterwarnings("ignore::lectureanalysis.errors.TermWarning"),
              pytest.mark.filterwarnings("ignore:by. \\d+ speech:lectureanalysis.errors.CorpusWarning"),
              ]



@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write(folder, "2019.txt", GOOD_SPEECH)
    write(folder, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    return folder


def test_the_users_own_files_in_out_are_never_replaced(tmp_path, corpus, capsys):
    out = tmp_path / "mine"
    write(out / "figures", "holiday.png", b"\x89PNG my photo")
    write(out, "index.html", "<html><body>my homepage</body></html>")
    assert main(["report", str(corpus), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: --out: {out} holds index.html, figures/ that this toolkit did not write" in err
    assert (out / "figures" / "holiday.png").read_bytes() == b"\x89PNG my photo"
    assert (out / "index.html").read_text() == "<html><body>my homepage</body></html>"


@pytest.mark.parametrize("where", ["root", "corpus", "inside"])
def test_out_may_not_be_the_root_nor_the_corpus(tmp_path, corpus, capsys, where):
    out = {"root": "/", "corpus": str(corpus), "inside": str(corpus / "report")}[where]
    said = {"root": "is the root folder", "corpus": "is the corpus folder", "inside": "is inside the corpus folder"}
    assert main(["report", str(corpus), "--out", out]) == 2
    assert said[where] in capsys.readouterr().err
    assert sorted(p.name for p in corpus.iterdir()) == ["2019.txt", "2020.txt"]


@pytest.mark.slow
def test_a_report_is_marked_and_rebuilt_and_an_old_one_is_recognised(tmp_path, corpus):
    out = tmp_path / "report"
    write(out, "notes.txt", "my notes")  # a file of the user's beside the report stays
    index = report_module.build_report(corpus, out)
    assert (out / report_module.MARKER).is_file() and (out / "notes.txt").read_text() == "my notes"
    report_module.build_report(corpus, out)  # a re-run replaces its own files
    (out / report_module.MARKER).unlink()  # a report written before the marker existed
    assert '<meta name="generator" content="lectureanalysis' in index.read_text("utf-8")
    report_module.build_report(corpus, out)
    assert (out / report_module.MARKER).is_file() and (out / "notes.txt").read_text() == "my notes"


@pytest.mark.slow
def test_a_new_report_folder_follows_the_umask(tmp_path, corpus):
    previous = os.umask(0o022)
    try:
        report_module.build_report(corpus, tmp_path / "shared")
    finally:
        os.umask(previous)
    for folder in (tmp_path / "shared", tmp_path / "shared" / "figures", tmp_path / "shared" / "tables"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder


def test_an_unwritable_out_ends_before_the_work(tmp_path, corpus, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(folders.tempfile, "NamedTemporaryFile", refuse)  # as a read-only folder answers
    assert main(["report", str(corpus), "--out", str(tmp_path / "ro")]) == 2
    err = capsys.readouterr().err
    assert f"error: --out: cannot write into {tmp_path} (Permission denied)" in err
    assert "· loading" not in err and "Traceback" not in err


@pytest.mark.slow
def test_a_full_disk_while_writing_keeps_the_old_report(tmp_path, corpus, capsys, monkeypatch):
    out = tmp_path / "report"
    report_module.build_report(corpus, out)
    before = (out / "index.html").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(building, "_write_tables", full)
    assert main(["report", str(corpus), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: out: could not write the report into {out} (No space left on device); the previous report" in err
    assert "Traceback" not in err and (out / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report-building-")], "no half-built folder left"


def test_ctrl_c_ends_with_one_line_and_status_130(tmp_path, corpus, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(building, "build_report", interrupted)
    assert main(["report", str(corpus), "--out", str(tmp_path / "out")]) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("interrupted:") and not any("Traceback" in line for line in err)


def test_a_full_cache_falls_back_for_the_font(tmp_path, monkeypatch):
    pytest.importorskip("noto_cjk_sans_otc")
    from lectureanalysis.plot import fonts

    fonts._temporary_folder.cache_clear()
    monkeypatch.setenv("LECTUREANALYSIS_CACHE", str(tmp_path / "cache"))
    saved = fonts._save_face

    def full_in_cache(collection, index, target):
        if str(tmp_path / "cache") in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        saved(collection, index, target)

    monkeypatch.setattr(fonts, "_save_face", full_in_cache)
    import noto_cjk_sans_otc

    with pytest.warns(la.CorpusWarning, match=r"cannot write the font face .*No space left on device.*temporary folder"):
        face = fonts._single_face(__import__("pathlib").Path(noto_cjk_sans_otc.FONT_PATH), prefer="Noto Sans CJK SC")
    assert face.is_file() and str(tmp_path / "cache") not in str(face)


def test_a_newline_in_a_file_name_forges_no_warning_line(tmp_path, corpus, capsys):
    write(corpus, "a\nwarning: all is well.txt", b"")  # an empty file: a warning names it
    write(corpus, "b\n2099-01-01  fake line.txt", GOOD_SPEECH.replace("狠抓落实", "艰苦奋斗"))  # a speech: listed
    assert main(["summary", str(corpus)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert not [line for line in lines if line.startswith("warning: all is well")]
    assert any("a\\nwarning: all is well.txt" in line for line in lines)
    assert not [line for line in captured.out.splitlines() if line.startswith("2099-01-01")]


def test_a_zip_member_leading_out_of_the_archive_is_said(tmp_path):
    with zipfile.ZipFile(tmp_path / "speeches.zip", "w") as archive:
        archive.writestr("2019.txt", GOOD_SPEECH)
        archive.writestr("../escape.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    with pytest.warns(la.CorpusWarning, match=r"speeches\.zip: member '\.\./escape\.txt' names a path outside the "
                                              r"archive: not read"):
        speeches = la.load_speeches(tmp_path, progress=False)
    assert speeches["source_file"].tolist() == ["speeches.zip/2019.txt"]


def test_a_few_bad_bytes_in_utf8_are_replaced_and_said(tmp_path):
    data = GOOD_SPEECH.encode("utf-8")
    cut = data.index("狠抓落实".encode())
    (tmp_path / "2019.txt").write_bytes(data[:cut] + b"\xff\xfe\x80" + data[cut:])
    with pytest.warns(la.CorpusWarning, match=rf"2019\.txt: UTF-8 with 3 bad bytes replaced, first at byte {cut} by "
                                              r"U\+FFFD"):
        speeches, paragraphs = la.load(tmp_path, progress=False)
    text = "".join(paragraphs["text"])
    assert "\ufffd\ufffd\ufffd狠抓落实" in text and speeches.iloc[0].encoding == "utf-8"


def test_a_damaged_excel_manifest_is_said_plainly(tmp_path):
    write(tmp_path, "2019.txt", GOOD_SPEECH)
    (tmp_path / "metadata.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.warns(la.CorpusWarning, match=r"metadata\.xlsx: not a readable Excel workbook \(\.xlsx\): it is damaged"):
        la.load_speeches(tmp_path, progress=False)


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_ends_quickly_with_its_address(tmp_path, corpus, capsys):
    pytest.importorskip("dask.distributed")
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert "error: scheduler: cannot reach a Dask scheduler at tcp://127.0.0.1:1 within 5 s" in err
    assert "Traceback" not in err
