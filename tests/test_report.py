"""The research report: files, escaping, determinism, errors, and a real browser rendering it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import CORPUS, GOOD_SPEECH, write

from lectureanalysis.cli import main
from lectureanalysis.report import build_report

FIGURES = ("top_terms", "wordcloud", "section_lengths", "paragraph_lengths", "trends", "dispersion", "formulations")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    lines: list[str] = []
    index = build_report(CORPUS, out, progress=lines.append)
    return out, index, lines


def test_report_files(report):
    out, index, lines = report
    assert index == out / "index.html"
    html = index.read_text("utf-8")
    assert "<title>在区委办党支部党课上的讲稿 · 文本分析报告</title>" in html
    for name in FIGURES:
        assert (out / "figures" / f"{name}.png").stat().st_size > 1000
        assert (out / "figures" / f"{name}.svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert html.count('src="data:image/png;base64,') == len(FIGURES), "figures are embedded: one file to hand in"
    for table in ("speeches", "paragraphs", "section_lengths", "term_frequencies", "trends", "formulations"):
        assert (out / "tables" / f"{table}.csv").stat().st_size > 0
    assert "五个坚持" in html and "如若转载,请注明出处:https://www.qiantufanwen.com/118288.html" in html
    assert "一、关于区委办公室的同志如何做合格党员" in html
    assert lines[0].startswith("loading") and lines[-1].startswith("done")


def test_svg_keeps_text_as_text(report):
    out, _, _ = report
    svg = (out / "figures" / "top_terms.svg").read_text("utf-8")
    assert "高频词" in svg and "Noto Sans CJK SC" in svg


def test_same_corpus_same_tables(report, tmp_path):
    out, _, _ = report
    build_report(CORPUS, tmp_path)
    for table in sorted((out / "tables").glob("*.csv")):
        assert (tmp_path / "tables" / table.name).read_bytes() == table.read_bytes(), table.name


def test_speech_text_is_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "<script>alert(1)</script>讲话\n同志们：\n<b>今天</b>开会。<script>alert(2)</script>\n")
    index = build_report(corpus, tmp_path / "out")
    html = index.read_text("utf-8")
    assert "<script>alert" not in html and "<b>今天" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;讲话" in html


def test_cli_report_and_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().endswith(f"error: {tmp_path / 'missing'}: no such file or folder")
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty, "a.txt", b"")
    assert main(["report", str(empty), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "warning:" in err and "no speech could be loaded" in err and "Traceback" not in err
    corpus = tmp_path / "good"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--terms", "认识,落实", "--title", "测试"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(tmp_path / "out" / "index.html")
    assert "· loading" in captured.err
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "<title>测试</title>" in html and "year = 2020 against all other speeches" in html


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_report_renders_in_a_browser(report, tmp_path):
    browser = chromium()
    if browser is None:
        message = "Chromium not found (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    _, index, _ = report
    shot = tmp_path / "page.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1200,3000", f"--screenshot={shot}", index.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    from PIL import Image

    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    assert image.size == (1200, 3000)
    dark = sum(histogram[:128]) / sum(histogram)
    assert 0.01 < dark < 0.6, "the page shows text and images, not a blank screen"
    pixels = image.crop((0, 400, 1200, 3000)).getextrema()
    assert pixels[0] < 60, "figures (dark bars and text) are drawn below the header"


def test_page_carries_a_font_for_its_own_text(report):
    """A browser without Chinese fonts still renders the report: it embeds a subset of the CJK font that
    holds every character of the page."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    _, index, _ = report
    html = index.read_text("utf-8")
    data = re.search(r'font-family: "LA CJK"; src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', html)
    assert data, "an embedded @font-face"
    font = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    cmap = font.getBestCmap()
    text = re.sub(r"<[^>]+>|data:[^\"')]+", "", html)
    assert {c for c in text if not c.isascii() and not c.isspace() and ord(c) not in cmap} == set()
    assert len(data.group(1)) < 2_000_000, "a subset, not the 16 MB font"
