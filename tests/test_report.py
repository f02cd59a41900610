"""The research report: files, escaping, determinism, errors, and a real browser rendering it."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import GOOD_SPEECH, ROOT, SEED, require_chromium, write

import lectureanalysis as la
from lectureanalysis.cli import main
from lectureanalysis.report import build_report

FIGURES = ("top_terms", "wordcloud", "section_lengths", "paragraph_lengths", "trends", "dispersion", "formulations")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    lines: list[str] = []
    index = build_report(SEED, out, progress=lines.append)
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


def test_same_corpus_same_tables(report, tmp_path):
    out, _, _ = report
    build_report(SEED, tmp_path)
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


def test_report_renders_in_a_browser(report, tmp_path):
    browser = require_chromium("it renders the report")
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


# -- hardening (issue 7) -------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The cells of every table of a page, as a reader sees them (text only)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def assert_clean_cells(html: str) -> None:
    for table in page_tables(html):
        for row in table:
            for cell in row:
                assert "<built-in" not in cell and "object at 0x" not in cell, cell
                assert not re.search(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])", cell), (cell, row)


def test_report_is_byte_identical_and_its_cells_are_clean(report, tmp_path):
    _, index, _ = report
    again = build_report(SEED, tmp_path / "again")
    assert again.read_bytes() == index.read_bytes()
    html = index.read_text("utf-8")
    assert_clean_cells(html)
    formulations = next(t for t in page_tables(html) if t[0][:2] == ["speech", "formulation"])
    outline = next(t for t in page_tables(html) if t[0] == ["section", "heading", "字", "share"])
    assert outline[1][:2] == ["", "（开头 · opening before the first heading）"]
    assert outline[2][:2] == ["一", "一、关于区委办公室的同志如何做合格党员"]
    five = next(row for row in formulations if row[1] == "五个坚持")
    assert five[3] == "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风、坚持无怨无悔的奉献精神、坚持廉洁自律的道德操守"


def test_dev_report_is_byte_identical_and_says_what_it_shows(gwr_dir, tmp_path):
    first = build_report(gwr_dir, tmp_path / "one")
    second = build_report(gwr_dir, tmp_path / "two")
    assert first.read_bytes() == second.read_bytes()
    html = first.read_text("utf-8")
    assert_clean_cells(html)
    formulations = pd.read_csv(tmp_path / "one" / "tables" / "formulations.csv")
    assert len(formulations) > 60
    assert f"The first 60 of {len(formulations):,} rows" in html
    assert '<a href="tables/formulations.csv">tables/formulations.csv</a>' in html
    speeches = pd.read_csv(tmp_path / "one" / "tables" / "speeches.csv")
    assert sorted(speeches["source_file"])[:2] == ["1954.txt", "1955.txt"]
    assert "1954" in html and "converted from Traditional to Simplified characters for the statistics: 1954" in html
    trends = pd.read_csv(tmp_path / "one" / "tables" / "trends.csv")
    first_seen = trends.groupby("term")["first_appearance"].first()
    assert (first_seen == 1954).any(), "1954 is counted in Simplified characters"


def test_user_text_never_passes_through_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "关于{font_face}的讲话\n同志们：\n今天{0}开会。{}\n")
    index = build_report(corpus, tmp_path / "out", title="报告 {font_face} {0}")
    html = index.read_text("utf-8")
    assert "<title>报告 {font_face} {0}</title>" in html
    style = html[html.index("<style>"):html.index("</style>")]
    assert '@font-face { font-family: "LA CJK"' in style
    assert html.count("@font-face") == 1 and "关于{font_face}的讲话" in html


def test_a_figure_that_cannot_be_drawn_is_left_out_with_a_note(tmp_path, monkeypatch):
    from lectureanalysis import plot

    def broken(*args, **kwargs):
        raise ValueError("cannot draw this")

    monkeypatch.setattr(plot, "plot_paragraph_lengths", broken)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    with pytest.warns(la.CorpusWarning, match="figure paragraph_lengths could not be drawn .*cannot draw this"):
        index = build_report(corpus, tmp_path / "out")
    html = index.read_text("utf-8")
    assert "Figure “paragraph_lengths” could not be drawn: cannot draw this" in html
    assert not (tmp_path / "out" / "figures" / "paragraph_lengths.png").exists()
    assert (tmp_path / "out" / "figures" / "top_terms.png").exists()


def test_a_very_long_token_does_not_stop_the_word_cloud(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "讲话\n同志们：\n" + ("今天" + "a" * 1200 + "开会。\n") * 30)
    with pytest.warns(la.CorpusWarning, match=r"word cloud: 1 word\(s\) longer than 20 characters left out"):
        index = build_report(corpus, tmp_path / "out")
    assert (tmp_path / "out" / "figures" / "wordcloud.png").stat().st_size > 1000
    assert "could not be drawn" not in index.read_text("utf-8")


def test_figures_carry_their_glyphs(report):
    """SVG text is drawn as paths (boxes never appear on a machine without the font) and every figure
    has a PDF with the font embedded."""
    out, _, _ = report
    for name in FIGURES:
        svg = (out / "figures" / f"{name}.svg").read_text("utf-8")
        assert "<text" not in svg and "<path" in svg, name
        pdf = (out / "figures" / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF"), name
        if name != "wordcloud":  # the cloud's words are pixels of its image: it draws no text
            assert b"NotoSansCJK" in pdf and re.search(rb"/FontFile[23]?|/Subtype /Type3", pdf), name


def test_svg_text_as_text_on_request(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    build_report(corpus, tmp_path / "out", svg_text="text")
    svg = (tmp_path / "out" / "figures" / "top_terms.svg").read_text("utf-8")
    assert "<text" in svg and "高频词" in svg


def test_counts_agree_and_read_correctly(report):
    _, index, _ = report
    html = index.read_text("utf-8")
    overview = next(t for t in page_tables(html) if t[0][:2] == ["speech", "title"])
    header, rows = overview[0], overview[1:]
    paragraphs = sum(int(r[header.index("paragraphs")]) for r in rows)
    headings = sum(int(r[header.index("headings")]) for r in rows)
    assert (paragraphs, headings) == (7, 1)
    assert "1 speech · 1,751 字 · 7 paragraphs (1 heading, 6 body paragraphs)" in html
    assert "1 speeches" not in html and "1 headings" not in html


def test_method_notes_follow_the_options_used(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    html = build_report(corpus, tmp_path / "none", stopwords="none", min_count=2).read_text("utf-8")
    notes = html[html.index("Method notes"):]
    assert "Stop words: none" in notes and "discourse" not in notes and "function words" not in notes
    assert "fewer than 2 occurrences" in notes and "fewer than 5" not in notes
    html = build_report(corpus, tmp_path / "default").read_text("utf-8")
    notes = html[html.index("Method notes"):]
    assert "punctuation, function, discourse" in notes and "fewer than 5 occurrences" in notes


def test_no_absolute_path_leaks(tmp_path):
    corpus = (tmp_path / "my corpus").resolve()
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    index = build_report(corpus, tmp_path / "out")
    assert str(tmp_path) not in index.read_text("utf-8")
    for table in (tmp_path / "out" / "tables").glob("*.csv"):
        assert str(tmp_path) not in table.read_text("utf-8"), table.name
    assert "corpus: my corpus" in index.read_text("utf-8")


def test_rerun_into_the_same_folder_leaves_no_stale_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    out = tmp_path / "out"
    build_report(corpus, out)
    assert (out / "tables" / "keyness.csv").exists()
    (out / "my notes.txt").write_text("mine")
    (corpus / "2020.txt").unlink()
    build_report(corpus, out)
    assert not (out / "tables" / "keyness.csv").exists() and not (out / "figures" / "keyness.png").exists()
    assert (out / "my notes.txt").read_text() == "mine", "files the report does not own are left alone"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")], "no temporary folder left behind"


def test_unknown_by_column_is_an_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    with pytest.raises(ValueError, match=r"by: no column 'decade' in the speeches table; available: .*year"):
        build_report(corpus, tmp_path / "out", by="decade")


def test_missing_values_of_by_are_labelled_unknown(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019_张三_讲话.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    with pytest.warns(la.CorpusWarning, match=r"by: 1 speech has no speaker; shown as （未知）"):
        index = build_report(corpus, tmp_path / "out", by="speaker")
    html = index.read_text("utf-8")
    assert "（未知）" in html and "1 speech has no speaker; shown as （未知）" in html
    trends = pd.read_csv(tmp_path / "out" / "tables" / "trends.csv")
    assert set(trends["period"]) == {"张三", "（未知）"}


def test_unusable_cache_does_not_stop_the_report(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    (tmp_path / "cachefile").write_text("a file, not a folder")
    monkeypatch.setenv("LECTUREANALYSIS_CACHE", str(tmp_path / "cachefile"))
    seg = importlib.import_module("lectureanalysis.segment")
    seg._warned_cache.clear()
    with pytest.warns(la.CorpusWarning, match="cannot use it as a cache folder"):
        index = build_report(corpus, tmp_path / "out")
    assert index.is_file()


def test_installed_wheel_builds_the_report(tmp_path):
    """The package as pip installs it from a wheel (not the source tree) carries its template."""
    import sys
    import zipfile

    # build from the committed files only: a working tree's egg-info can list files the build rules miss
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "pyproject.toml", "README.md", "lectureanalysis"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    source = tmp_path / "source"
    for name in filter(None, listed):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "wheel"), str(source)], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "wheel").glob("lectureanalysis-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "lectureanalysis/resources/report.html.j2" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import lectureanalysis.report as r; "
            "assert r.__file__.startswith(sys.argv[1]), r.__file__; "
            "print(r.build_report(sys.argv[2], sys.argv[3]))")
    result = subprocess.run([sys.executable, "-c", code, str(target), str(SEED), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "out" / "index.html").is_file()


def test_reposts_are_listed_in_the_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text("utf-8")
    write(corpus, "a.txt", text)
    write(corpus, "b.txt", "另一个标题\n本文来源：某某网\n" + "\n".join(text.split("\n")[1:]).replace(",", "，"))
    with pytest.warns(la.CorpusWarning, match="near-duplicates"):
        html = build_report(corpus, tmp_path / "out").read_text("utf-8")
    assert_clean_cells(html)
    reposts = next(t for t in page_tables(html) if t[0] == ["group", "original (fullest copy)", "repost", "similarity"])
    assert len(reposts) == 2 and reposts[1][:3] == ["1", "a", "b"] and int(reposts[1][3].rstrip("%")) >= 80
    overview = next(t for t in page_tables(html) if t[0][:2] == ["speech", "title"])
    assert [row[overview[0].index("format")] for row in overview[1:]] == ["txt", "txt"]
