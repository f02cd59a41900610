"""The lectureanalysis command: a summary of a corpus, clear errors, warnings as lines."""

from __future__ import annotations

import subprocess
import sys

from conftest import CORPUS, GOOD_SPEECH, write

from lectureanalysis.cli import main


def test_summary_of_the_bundled_corpus(capsys):
    assert main(["summary", str(CORPUS)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "speeches:    1"
    assert out[1] == "paragraphs:  6 (+ 1 headings)"
    assert out[2] == "sections:    1 at level 1"
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


def test_console_script_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "lectureanalysis.cli", "summary", str(CORPUS)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("speeches:    1")


def test_progress_bar_on_request(tmp_path, capsys):
    import lectureanalysis as la

    for i in range(3):
        write(tmp_path, f"{i}.txt", GOOD_SPEECH)
    la.load_speeches(tmp_path, progress=True)
    assert "loading speeches" in capsys.readouterr().err
