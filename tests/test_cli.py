"""The lectureanalysis command: a summary of a corpus, clear errors, warnings as lines."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import CORPUS, GOOD_SPEECH, SEED, write

from lectureanalysis.cli import main


@pytest.mark.slow
def test_summary_of_the_bundled_corpus(capsys):
    assert main(["summary", str(CORPUS)]) == 0
    out = capsys.readouterr().out.splitlines()
    files = [p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and p.name not in ("README.md", "SOURCE.md")]
    assert out[:2] == [f"speeches:    {len(files)}", "collections: 党课讲稿 1, 地方政府工作报告/四川省 11, "
                       "地方政府工作报告/河北省 11, 地方政府工作报告/浙江省 11, 政府工作报告 52"]
    seed = next(line for line in out if line.startswith("党课讲稿/区委办党支部党课讲稿"))
    assert "1,751字" in seed and "在区委办党支部党课上的讲稿 TRUNCATED: ends mid-sentence" in seed
    assert out[-1].startswith("政府工作报告/2025  ") and out[-1].endswith("2025年中华人民共和国国务院政府工作报告")


def test_summary_of_one_speech(capsys):
    assert main(["summary", str(SEED)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "speeches:    1"
    assert out[1] == "paragraphs:  7 paragraphs (1 heading, 6 body paragraphs)"
    assert out[2] == "sections:    1 top-level heading"
    assert out[3].startswith("字:          1,751 ")
    assert out[4] == "truncated:   1"
    assert "在区委办党支部党课上的讲稿 TRUNCATED: ends mid-sentence" in out[-1]


def test_wrong_path_is_one_error_line(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "nope")]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"error: {tmp_path / 'nope'}: no such file or folder"
    assert "Traceback" not in captured.err


def test_bad_files_are_warning_lines(tmp_path, capsys):
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "bad.txt", b"\x89PNG\r\n\x1a\n....")
    assert main(["summary", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == f"warning: {tmp_path / 'bad.txt'}: not a text file: it is a PNG image; skipped"
    assert "speeches:    1" in captured.out


@pytest.mark.slow
def test_console_script_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "lectureanalysis.cli", "summary", str(CORPUS)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("speeches:    86\n")  # 1 + 52 + 33 files


def test_progress_bar_on_request(tmp_path, capsys):
    import lectureanalysis as la

    for i in range(3):
        write(tmp_path, f"{i}.txt", GOOD_SPEECH)
    la.load_speeches(tmp_path, progress=True, duplicates="keep")  # three copies: not what is tested
    assert "loading speeches" in capsys.readouterr().err


# -- hardening (issue 7) -------------------------------------------------------------------------------


def run_cli(*args: str, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "lectureanalysis.cli", *args], capture_output=True, text=True,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_warnings_are_printed_once_and_the_command_ends(tmp_path):
    """Printing a warning must not add to the list being printed (it looped until memory ran out)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "讲话\n同志们：\n" + ("今天" + "a" * 999 + "开会。\n") * 30)
    result = run_cli("report", str(corpus), "--out", str(tmp_path / "out"), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.count("word cloud: 1 word(s) longer than 20 characters left out") == 1
    assert len(result.stderr) < 20_000


def test_unknown_by_column_exits_2_naming_the_columns(tmp_path, capsys):
    write(tmp_path / "corpus", "2019.txt", GOOD_SPEECH)
    assert main(["report", str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--by", "decade"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: by: no column 'decade' in the speeches table; available: ")
    assert "year" in err[-1] and "speaker" in err[-1]
    assert not (tmp_path / "out").exists(), "checked before any work"


def test_out_that_is_a_file_exits_2_before_any_work(tmp_path, capsys):
    write(tmp_path, "2019.txt", GOOD_SPEECH)
    (tmp_path / "taken").write_text("a file")
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "taken")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: --out: {tmp_path / 'taken'} is a file, not a folder"


@pytest.mark.slow
def test_metadata_option(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    write(tmp_path, "meta.csv", "file,speaker,title\na.txt,张三,在全市工作会议上的讲话（修订）\n", encoding="gbk")
    assert main(["summary", str(corpus), "--metadata", str(tmp_path / "meta.csv")]) == 0
    assert "在全市工作会议上的讲话（修订）" in capsys.readouterr().out
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--metadata", str(tmp_path / "meta.csv")]) == 0
    assert "张三" in (tmp_path / "out" / "index.html").read_text("utf-8")
    assert main(["summary", str(corpus), "--metadata", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err.strip().endswith(f"error: {tmp_path / 'nope.csv'}: no such file")


@pytest.mark.slow
def test_no_cache_option(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    cache = tmp_path / "cache"
    result = run_cli("report", str(corpus), "--out", str(tmp_path / "out"), "--no-cache",
                     env={"LECTUREANALYSIS_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert not list(cache.glob("tokens/tokens-*"))
    result = run_cli("report", str(corpus), "--out", str(tmp_path / "out2"), env={"LECTUREANALYSIS_CACHE": str(cache)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list(cache.glob("tokens/tokens-*/cache.json"))) == 1, "without the option the tokens are cached"


@pytest.mark.slow
def test_read_only_home_and_cache_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    (tmp_path / "cachefile").write_text("not a folder")
    result = run_cli("report", str(corpus), "--out", str(tmp_path / "out"),
                     env={"LECTUREANALYSIS_CACHE": str(tmp_path / "cachefile")})
    assert result.returncode == 0, result.stderr[-2000:]
    warned = [line for line in result.stderr.splitlines() if "cannot use it as a cache folder" in line]
    assert len(warned) == 1 and warned[0].startswith(f"warning: {tmp_path / 'cachefile'}: ")
    assert "Traceback" not in result.stderr


def test_empty_corpus_path_is_an_error(capsys):
    assert main(["summary", ""]) == 2
    assert capsys.readouterr().err.strip() == "error: source: the path is empty; name a folder or a file"

