"""The research report: files, escaping, determinism, errors, and a real browser rendering it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import warnings
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import CORPUS, GOOD_SPEECH, GWR, ROOT, SEED, require_chromium, write

import lectureanalysis as la
from lectureanalysis.analysis.occurrences import searched_texts
from lectureanalysis.report import build_report

FIGURES = ("section_lengths", "paragraph_lengths", "lexical_profile", "top_terms", "wordcloud", "keyness_1",
           "keyness_2", "trends", "concordance_plot", "formulations", "change_summary", "adoption", "diffusion",
           "agenda", "reuse", "emergence", "topics", "collocation_network")
TABLES = ("speeches", "paragraphs", "section_lengths", "lexical_profile", "term_frequencies", "term_frequencies_by_group",
          "ngrams", "keyness", "trends", "concordance", "collocations", "dispersion", "formulations", "changes",
          "change_summary", "latest_changes", "new_formulations", "diffusion", "adoption", "diffusion_rates",
          "agenda", "reuse", "reuse_passages", "emergence", "new_terms", "topics", "topic_shares", "collocation_network")


#: building a report says, besides the problems of its corpus, which comparisons it left out (a side of one
#: speech) and how each followed term is counted: those two kinds are asserted on the main job below
#: (test_the_main_job_says_what_it_warns) and let pass in the other reports these tests build
pytestmark = [pytest.mark.filterwarnings("ignore::lectureanalysis.errors.ComparisonWarning"),
              pytest.mark.filterwarnings("ignore::lectureanalysis.errors.TermWarning"),
              pytest.mark.filterwarnings("ignore:by. \\d+ speech:lectureanalysis.errors.CorpusWarning"),
              ]
RAISED: list[warnings.WarningMessage] = []


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The main job: the report on the bundled corpus (the 党课讲稿, the national reports and the provinces'
    sample), built once for these tests."""
    out = tmp_path_factory.mktemp("report")
    lines: list[str] = []
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        index = build_report(CORPUS, out, progress=lines.append, lang="en")
    RAISED[:] = [w for w in said if issubclass(w.category, la.CorpusWarning)]
    return out, index, lines


def test_the_main_job_says_what_it_warns(report):
    said = [(w.category.__name__, str(w.message)) for w in RAISED]
    assert ("CorpusWarning", "by: 1 speech has no year; shown as （未知）") in said  # the 党课讲稿 carries no date
    # the provinces' sample as published: 四川's files named by the year reviewed, and its 2019.md a repost of 2020
    assert [m.split(":")[0] for kind, m in said if m.startswith("地方政府工作报告/四川省: 6 of 11 files are named by")] \
        == ["地方政府工作报告/四川省"]
    assert any("地方政府工作报告/四川省/2019 ← 地方政府工作报告/四川省/2020" in m for _, m in said)
    assert not [m for kind, m in said if kind == "ComparisonWarning"]  # the centre against the provinces: 52 and 33
    terms = sorted(m.split("'")[1] for kind, m in said if kind == "TermWarning")
    assert terms == sorted(["发展", "建设", "经济", "推进", "改革"]), said  # the five followed terms, each said once
    assert len(said) == 8


def test_report_files(report):
    out, index, lines = report
    assert index == out / "index.html"
    html = index.read_text("utf-8")
    assert "<title>86 政府工作报告 and other texts · text analysis report</title>" in html
    for name in FIGURES:
        assert (out / "figures" / f"{name}.png").stat().st_size > 1000, name
        assert (out / "figures" / f"{name}.svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert html.count('src="data:image/png;base64,') == len(FIGURES), "figures are embedded: one file to hand in"
    for table in TABLES:
        assert (out / "tables" / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    assert "五个坚持" in html and "如若转载,请注明出处:https://www.qiantufanwen.com/118288.html" in html
    assert "一、关于区委办公室的同志如何做合格党员" in html
    assert lines[0].startswith("loading") and lines[-1].startswith("done")


def test_report_reads_like_a_paper(report):
    """Contents with working links, numbered sections, figures and tables numbered in order with captions,
    long outlines folded, a method section, and nothing fetched from the network."""
    _, index, _ = report
    html = index.read_text("utf-8")
    links = re.findall(r'<nav class="toc">.*?</nav>', html, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', links)
    assert len(targets) == 11 and all(f'id="{t}"' in html for t in targets)  # 9 sections and two comparisons
    assert re.findall(r"<h2 id=\"\w+\">(\d)\. ", html) == list("123456789")
    for kind in ("Figure", "Table"):
        numbers = [int(n) for n in re.findall(rf"<b>{kind} (\d+)\.</b>", html)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 9, kind
    # one outline a speech, the removed boilerplate, the loading warnings
    assert html.count("<details><summary>") == 86 + 2
    # the provinces are in sub-folders of one folder: the centre against the provinces, not each against the rest
    assert "4.1 level = 国家 against level = 省" in html and "4.2 year ≥ 2016 against year &lt; 2016" in html
    assert "4.3 " not in html
    method = html[html.index('id="method"'):]
    for said in ("MATTR", "logDice = 14 + log2(2O/(R + C))", "within 5 positions", "Juilland", "n-grams: 2 to 4"):
        assert said in method, said
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?:', html), "the page works offline"


def test_comparison_tables_agree_with_keyness_csv(report):
    out, index, _ = report
    html = index.read_text("utf-8")
    keyness = pd.read_csv(out / "tables" / "keyness.csv")
    era = keyness[keyness["comparison"] == "year ≥ 2016 against year < 2016"]
    over = era[(era["g2"] > 0) & (era["p_adj"] < 0.05)]
    under = era[(era["g2"] < 0) & (era["p_adj"] < 0.05)].sort_values("g2")
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    shown_over = next(t for c, t in tables.items() if c.startswith("Over-used in year ≥ 2016"))
    shown_under = next(t for c, t in tables.items() if c.startswith("Under-used in year ≥ 2016"))
    assert [r[0] for r in shown_over[1:]] == list(over["feature"].head(15))
    assert [r[0] for r in shown_under[1:]] == list(under["feature"].head(15))
    assert shown_over[1][3] == f"{over['g2'].iloc[0]:.1f}" and shown_over[1][4] == f"{over['log_ratio'].iloc[0]:.2f}"
    assert f"At p (BH) &lt; 0.05: {len(over):,} terms over-used and {len(under):,} under-used" in html
    # 2016–2025 without 2020 (9) and the provinces' 28 (四川's 2015.md was delivered in 2016); 1954–2015 (43 + 5)
    assert "37 speeches" in html and "48 speeches" in html


def test_concordance_lines_are_drawn_across_the_corpus_and_counted(report):
    """The page's concordance of a followed term: its count is Ctrl-F's on the text, and the lines shown come from
    as many speeches as it shows lines (each a different speech), body text before headings, in date order."""
    from lectureanalysis.text.script import convert_script

    out, index, _ = report
    html = index.read_text("utf-8")
    paragraphs = pd.read_csv(out / "tables" / "paragraphs.csv", keep_default_na=False)
    speeches = pd.read_csv(out / "tables" / "speeches.csv", keep_default_na=False)
    term = re.search(r"Terms followed: <strong>([^<]+)</strong>", html).group(1)
    searched = [convert_script(t) if script != "Hans" else t for t, script in zip(paragraphs["text"], paragraphs["script"],
                                                                                  strict=True)]
    expected = sum(text.count(term) for text in searched)
    holding = {s for s, text in zip(paragraphs["speech_id"], searched, strict=True) if term in text}
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    caption, lines = next((c, t) for c, t in tables.items() if c.startswith(f"Concordance of {term}:"))
    assert caption.startswith(f"Concordance of {term}: {expected:,} lines in {len(holding):,} speeches; 12 shown")
    assert lines[0] == ["speech", "year", "section", "left", "term", "right"]
    shown = [row[0] for row in lines[1:]]
    assert len(shown) == 12 and len(set(shown)) == 12 <= len(holding)  # one line from each of 12 speeches
    years = [int(row[1]) for row in lines[1:]]
    assert years == sorted(years) and years[0] < 1980 and years[-1] >= 2020  # spread over the corpus, in date order
    texts = list(zip(paragraphs["speech_id"].astype(str), paragraphs["section_path"], paragraphs["text"],
                     paragraphs["is_heading"].astype(str), strict=True))
    for speech, year, section, left, match, right in lines[1:]:
        assert convert_script(match) == term  # shown as written (1954 is in Traditional characters)
        found = [heading for s, path, text, heading in texts if (s, path) == (speech, section) and left + match + right in text]
        assert found and "False" in found, (speech, left + match + right)  # a line of body text, not a heading
        assert str(speeches.set_index("speech_id").loc[speech, "year"]) == year


def test_report_renders_in_a_browser(report, tmp_path):
    browser = require_chromium("it renders the report")
    _, index, _ = report
    shot = tmp_path / "page.png"
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*flags, "--window-size=1200,3000", f"--screenshot={shot}", index.as_uri()],
                   check=True, capture_output=True, timeout=120)
    from PIL import Image

    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    assert image.size == (1200, 3000)
    dark = sum(histogram[:128]) / sum(histogram)
    assert 0.01 < dark < 0.6, "the page shows text and images, not a blank screen"
    # the page's script ran: every sortable table got its filter box
    dom = subprocess.run([*flags, "--dump-dom", index.as_uri()], check=True, capture_output=True, timeout=120).stdout.decode()
    html = index.read_text("utf-8")
    assert dom.count('class="filter"') == html.count('<table class="sortable">') > 10


def test_report_as_a_reader_uses_it(report, tmp_path):
    """In Chromium: every figure is decoded and shown, the page's own CJK font renders its Chinese, a filter
    box hides the rows that do not match, a click on a header sorts the column."""
    browser = require_chromium("it renders the report")
    from playwright.sync_api import sync_playwright

    _, index, _ = report
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser, args=["--no-sandbox"])
        page = chromium.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        figures = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.width])")
        assert len(figures) == len(FIGURES) and all(done and natural > 100 and shown > 100 for done, natural, shown in figures)
        assert page.evaluate("document.fonts.check('16px \"LA CJK\"', '政府工作报告')")
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"LA CJK"')
        table = page.locator("table.sortable").first  # the speeches
        page.locator("input.filter").first.fill("党课讲稿")
        visible = table.locator("tbody tr:visible")
        assert visible.count() == 1 and visible.first.locator("td").first.inner_text() == "党课讲稿/区委办党支部党课讲稿"
        page.locator("input.filter").first.fill("")
        table.locator("th", has_text="字").first.click()  # ascending by 字: the short 党课讲稿 first, then 1975
        first = [row.locator("td").first.inner_text() for row in table.locator("tbody tr").all()[:2]]
        assert first == ["党课讲稿/区委办党支部党课讲稿", "政府工作报告/1975"]
        # the side-by-side view of the latest two reports: kept sentences hidden at first, each label on request
        page.locator("details.sidebyside summary").click()
        new, kept = page.locator("table.changes tr.label-new"), page.locator("table.changes tr.label-kept")
        assert new.first.is_visible() and not kept.first.is_visible()
        assert new.first.locator("ins").count() == 1  # a new sentence is marked as new text
        page.locator('input[data-label="new"]').uncheck()
        page.locator('input[data-label="kept"]').check()
        assert not new.first.is_visible() and kept.first.is_visible()
        # printed to PDF: every row of a folded table, every outline, no filter box nor button
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        assert page.locator("tbody tr.folded").count() > 0  # on screen, the speeches after the 25th are folded
        pdf = tmp_path / "printed.pdf"
        page.pdf(path=str(pdf))
        chromium.close()
    from pypdf import PdfReader

    printed = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    speeches = pd.read_csv(index.parent / "tables" / "speeches.csv", keep_default_na=False)
    assert all(sid in printed.replace("\n", "") for sid in speeches["speech_id"].tail(3))  # the last rows too
    assert "Show all" not in printed and "filter rows" not in printed and "⇅" not in printed


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
        self.captions: list[str] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
            self.captions.append("")
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.captions[-1] = re.sub(r"^(?:Table \d+\. )", "", "".join(self._caption).strip())
            self._caption = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def page_tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def page_captions(html: str) -> list[str]:
    """Each table's caption, without its number (aligned with :func:`page_tables`)."""
    parser = _Tables()
    parser.feed(html)
    return parser.captions


def assert_clean_cells(html: str) -> None:
    for table in page_tables(html):
        for row in table:
            for cell in row:
                assert "<built-in" not in cell and "object at 0x" not in cell, cell
                assert not re.search(r"(?<![A-Za-z])(nan|NaN|None|NaT|<NA>)(?![A-Za-z])", cell), (cell, row)


def test_cells_are_clean_and_read_what_the_seed_says(report):
    _, index, _ = report
    html = index.read_text("utf-8")
    assert_clean_cells(html)
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    formulations = next(t for c, t in tables.items() if c.startswith("The numbered formulations found, one row each"))
    outline = tables["Top-level sections of 党课讲稿/区委办党支部党课讲稿: 字 (headings included) and share of the speech."]
    assert outline[1][:2] == ["", "（开头 · opening before the first heading）"]
    assert outline[2][:2] == ["一", "一、关于区委办公室的同志如何做合格党员"]
    assert formulations[0] == ["formulation", "kind", "number", "count", "speeches", "first", "last", "items spelled out"]
    five = next(row for row in formulations if row[0] == "五个坚持")
    in_text = SEED.read_text("utf-8").count("五个坚持")
    assert five[1:7] == ["提法", "5", str(in_text), "1", "", ""]  # the 党课讲稿 has no year
    assert five[7] == "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风、坚持无怨无悔的奉献精神、坚持廉洁自律的道德操守"


def test_report_says_what_it_shows(report):
    out, index, _ = report
    html = index.read_text("utf-8")
    formulations = pd.read_csv(out / "tables" / "formulations.csv", keep_default_na=False)
    summary = pd.read_csv(out / "tables" / "formulation_summary.csv", keep_default_na=False)
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    shown = next(t for c, t in tables.items() if c.startswith("The numbered formulations found, one row each"))
    # every formulation is a row of the page (folded after the first 25, filterable), each place found counted once
    assert len(shown) - 1 == len(summary) == formulations["formulation"].nunique()
    assert sum(int(row[3].replace(",", "")) for row in shown[1:]) == len(formulations)
    assert '<a href="tables/formulations.csv">tables/formulations.csv</a>' in html
    speeches = pd.read_csv(out / "tables" / "speeches.csv")
    files = sorted(speeches["source_file"])
    assert files[:2] == ["党课讲稿/区委办党支部党课讲稿.txt", "地方政府工作报告/四川省/2014.md"] and "政府工作报告/1954.txt" in files
    assert "converted from Traditional to Simplified characters for the statistics: 政府工作报告/1954" in html
    trends = pd.read_csv(out / "tables" / "trends.csv")
    first_seen = trends.groupby("feature")["first_appearance"].first()
    assert (first_seen.astype(str) == "1954").any(), "1954 is counted in Simplified characters"


@pytest.mark.slow
def test_user_text_never_passes_through_format(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "关于{font_face}的讲话\n同志们：\n今天{0}开会。{}\n")
    index = build_report(corpus, tmp_path / "out", title="报告 {font_face} {0}", lang="en")
    html = index.read_text("utf-8")
    assert "<title>报告 {font_face} {0}</title>" in html
    style = html[html.index("<style>"):html.index("</style>")]
    assert '@font-face { font-family: "LA CJK"' in style
    assert html.count("@font-face") == 1 and "关于{font_face}的讲话" in html


@pytest.mark.slow
def test_a_figure_that_cannot_be_drawn_is_left_out_with_a_note(tmp_path, monkeypatch):
    from lectureanalysis import plot

    def broken(*args, **kwargs):
        raise ValueError("cannot draw this")

    monkeypatch.setattr(plot, "plot_paragraph_lengths", broken)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    with pytest.warns(la.CorpusWarning, match="figure paragraph_lengths could not be drawn .*cannot draw this"):
        index = build_report(corpus, tmp_path / "out", lang="en")
    html = index.read_text("utf-8")
    assert "Figure “paragraph_lengths” could not be drawn: cannot draw this" in html
    assert not (tmp_path / "out" / "figures" / "paragraph_lengths.png").exists()
    assert (tmp_path / "out" / "figures" / "top_terms.png").exists()


def test_figures_the_early_drawer_never_finished_are_drawn_all_the_same(tmp_path, monkeypatch):
    import os

    from lectureanalysis.report import figures

    def dies_after_taking_one(drawer):  # as if killed (out of memory) while drawing its first figure
        with drawer.taken.get_lock():
            drawer.taken.value = 1
        os._exit(1)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    whole = build_report(corpus, tmp_path / "whole", lang="en").read_text("utf-8")
    monkeypatch.setattr(figures._EarlyDrawer, "_draw", dies_after_taking_one)
    index = build_report(corpus, tmp_path / "out", lang="en")
    assert index.read_text("utf-8") == whole, "every figure drawn, the same page"
    assert sorted(p.name for p in (tmp_path / "out" / "figures").iterdir()) == \
        sorted(p.name for p in (tmp_path / "whole" / "figures").iterdir())


@pytest.mark.slow
def test_a_very_long_token_does_not_stop_the_word_cloud(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "讲话\n同志们：\n" + ("今天" + "a" * 1200 + "开会。\n") * 30)
    with pytest.warns(la.CorpusWarning, match=r"word cloud: 1 word\(s\) longer than 20 characters left out|a\.txt: "
                                               r"holds its text more than once") as said:  # 30 identical lines
        index = build_report(corpus, tmp_path / "out", lang="en")
    assert any("word cloud" in str(w.message) for w in said)
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


@pytest.mark.slow
def test_svg_text_as_text_on_request(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    build_report(corpus, tmp_path / "out", svg_text="text")  # a Chinese page: the chart's title in Chinese
    svg = (tmp_path / "out" / "figures" / "top_terms.svg").read_text("utf-8")
    assert "<text" in svg and "高频词" in svg


def test_counts_agree_and_read_correctly(report):
    out, index, _ = report
    html = index.read_text("utf-8")
    overview = next(t for t in page_tables(html) if t[0][:3] == ["speech", "collection", "title"])
    header, rows = overview[0], overview[1:]
    paragraphs = pd.read_csv(out / "tables" / "paragraphs.csv")
    assert len(rows) == 86 == len(pd.read_csv(out / "tables" / "speeches.csv"))
    assert sum(int(r[header.index("paragraphs")]) for r in rows) == len(paragraphs)
    assert sum(int(r[header.index("headings")]) for r in rows) == int(paragraphs["is_heading"].sum())
    assert f"86 speeches · {int(paragraphs['n_chars'].sum()):,} 字 · {len(paragraphs):,} paragraphs" in html
    assert ("collections: 党课讲稿 (1), 地方政府工作报告/四川省 (11), 地方政府工作报告/河北省 (11), 地方政府工作报告/浙江省 (11), "
            "政府工作报告 (52)") in html
    assert not re.search(r"(?<![\d,.])1 (?:speeches|headings)\b", html), "one is singular: 1 speech, 1 heading"


@pytest.mark.slow
def test_method_notes_follow_the_options_used(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    html = build_report(corpus, tmp_path / "none", stopwords="none", min_count=2, lang="en").read_text("utf-8")
    notes = html[html.index('id="method"'):]
    assert "Stop words: none" in notes and "discourse" not in notes and "function words" not in notes
    assert "fewer than 2 occurrences" in notes and "fewer than 5" not in notes
    html = build_report(corpus, tmp_path / "default", lang="en").read_text("utf-8")
    notes = html[html.index('id="method"'):]
    assert "punctuation, numbers, function, discourse" in notes and "fewer than 5 occurrences" in notes


@pytest.mark.slow
def test_no_absolute_path_leaks(tmp_path):
    corpus = (tmp_path / "my corpus").resolve()
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    index = build_report(corpus, tmp_path / "out", lang="en")
    assert str(tmp_path) not in index.read_text("utf-8")
    for table in (tmp_path / "out" / "tables").glob("*.csv"):
        assert str(tmp_path) not in table.read_text("utf-8"), table.name
    assert "corpus folder: my corpus" in index.read_text("utf-8")


@pytest.mark.slow
def test_rerun_into_the_same_folder_leaves_no_stale_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    out = tmp_path / "out"
    with pytest.warns(la.ComparisonWarning, match="1 speech in the target and 1 speech in the reference"):
        build_report(corpus, out, target="year == 2020", lang="en")
    assert (out / "tables" / "keyness.csv").exists()
    (out / "my notes.txt").write_text("mine")
    (corpus / "2020.txt").unlink()
    build_report(corpus, out, lang="en")
    assert not (out / "tables" / "keyness.csv").exists() and not (out / "figures" / "keyness_1.png").exists()
    assert (out / "my notes.txt").read_text() == "mine", "files the report does not own are left alone"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")], "no temporary folder left behind"


def test_unknown_by_column_is_an_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    with pytest.raises(ValueError, match=r"by: no column 'decade' in the speeches table; available: .*year"):
        build_report(corpus, tmp_path / "out", by="decade", lang="en")


@pytest.mark.slow
def test_missing_values_of_by_are_labelled_unknown(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019_张三_讲话.txt", GOOD_SPEECH)
    write(corpus, "2020.txt", GOOD_SPEECH.replace("狠抓落实", "改革创新"))
    with pytest.warns(la.CorpusWarning, match=r"by: 1 speech has no speaker; shown as （未知）"):
        index = build_report(corpus, tmp_path / "out", by="speaker", lang="en")
    html = index.read_text("utf-8")
    assert "（未知）" in html and "1 speech has no speaker; shown as （未知）" in html
    trends = pd.read_csv(tmp_path / "out" / "tables" / "trends.csv")
    assert set(trends["group"]) == {"张三", "（未知）"}


@pytest.mark.slow
def test_unusable_cache_does_not_stop_the_report(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", GOOD_SPEECH)
    (tmp_path / "cachefile").write_text("a file, not a folder")
    monkeypatch.setenv("LECTUREANALYSIS_CACHE", str(tmp_path / "cachefile"))
    from lectureanalysis import _cache
    _cache.warned_cache.clear()
    with pytest.warns(la.CorpusWarning, match="cannot use it as a cache folder"):
        index = build_report(corpus, tmp_path / "out", lang="en")
    assert index.is_file()


@pytest.mark.slow
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


@pytest.mark.slow
def test_reposts_are_listed_in_the_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text("utf-8")
    write(corpus, "a.txt", text)
    write(corpus, "b.txt", "另一个标题\n本文来源：某某网\n" + "\n".join(text.split("\n")[1:]).replace(",", "，"))
    with pytest.warns(la.CorpusWarning, match="near-duplicate"):
        html = build_report(corpus, tmp_path / "out", lang="en").read_text("utf-8")
    assert_clean_cells(html)
    reposts = next(t for t in page_tables(html) if t[0] == ["group", "original (fullest copy)", "repost", "similarity"])
    assert len(reposts) == 2 and reposts[1][:3] == ["1", "a", "b"] and int(reposts[1][3].rstrip("%")) >= 80
    overview = next(t for t in page_tables(html) if t[0][:3] == ["speech", "collection", "title"])
    assert [row[overview[0].index("format")] for row in overview[1:]] == ["txt", "txt"]


@pytest.mark.slow
def test_a_followed_term_has_one_count_in_every_table_and_figure(tmp_path):
    """Issue 17: the report with --terms 小康,改革开放 showed a dispersion row `小康 | 1 | 1/53` above a
    concordance of 76 lines and drew 小康 flat at 0. Every count of a followed term now is the text's."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        index = build_report(GWR, tmp_path / "out", terms=["小康", "改革开放"], progress=lambda _: None, lang="en")
    html = index.read_text("utf-8")
    texts = pd.read_csv(tmp_path / "out" / "tables" / "paragraphs.csv")
    simplified = texts["text"].where(texts["script"] == "Hans", texts["text"].map(la.text.convert_script))
    dispersion = next(t for t in page_tables(html) if t[0][:3] == ["term", "frequency", "range"])
    trends = pd.read_csv(tmp_path / "out" / "tables" / "trends.csv")
    for term in ("小康", "改革开放"):
        by_hand = int(simplified.str.count(term).sum())  # Ctrl-F over the paragraphs the report lists
        speeches = texts.loc[simplified.str.contains(term), "speech_id"].nunique()
        row = next(r for r in dispersion[1:] if r[0] == term)
        assert row[1] == f"{by_hand:,}" and row[2] == f"{speeches} / 52", row
        assert f"Concordance of {term}: {by_hand:,} lines in {speeches:,} speeches" in html
        assert trends.loc[trends["feature"] == term, "frequency"].sum() == by_hand
        first = int(texts.loc[simplified.str.contains(term), "year"].min())
        assert set(trends.loc[trends["feature"] == term, "first_appearance"]) == {first}
    assert int(simplified.str.count("小康").sum()) == 76
    assert trends.loc[trends["feature"] == "小康", "first_appearance"].iloc[0] == 1981  # as the issue found by kwic


@pytest.mark.slow
def test_the_corpus_section_lists_every_loading_warning(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "2019.txt", GOOD_SPEECH)
    write(corpus, "empty.txt", "   \n")
    write(corpus, "binary.txt", b"\x00\x01\x02\x03" * 40)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        index = build_report(corpus, tmp_path / "out", lang="en")
    said = [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)
            and ("empty.txt" in str(w.message) or "binary.txt" in str(w.message))]
    assert len(said) == 2, said
    page = index.read_text("utf-8")
    assert "Loading the corpus said 2 warnings" in page
    for message in said:
        file, _, problem = message.partition(": ")
        assert f"<tr><td>{html.escape(file)}</td><td>{html.escape(problem)}</td></tr>" in page
    table = pd.read_csv(tmp_path / "out" / "tables" / "warnings.csv", encoding="utf-8-sig")
    assert table["warning"].tolist() == said


# -- the comparative reading (section 7) ---------------------------------------------------------------------

def test_the_latest_national_report_against_the_one_before(report):
    """Section 7.1: the pair is the centre's last two reports; the per-section table shows changes.csv's counts,
    and the side-by-side view holds every sentence of both texts once, new text only in the later report."""
    out, index, _ = report
    html = index.read_text("utf-8")
    assert "7.1 What changed: 政府工作报告/2024 → 政府工作报告/2025" in html
    changed = pd.read_csv(out / "tables" / "changes.csv", keep_default_na=False)
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    shown = next(t for c, t in tables.items() if c.startswith("Sentences of each top-level section of 政府工作报告/2025"))
    header = shown[0]
    summary = la.change_summary(changed.replace({"": pd.NA}).fillna("")).set_index("section")
    for row in shown[1:]:
        for label in ("kept", "numbers", "reworded", "moved", "new", "dropped"):
            assert int(row[header.index(label)]) == summary.loc[row[0], label], (row[0], label)
    assert [r[0] for r in shown[1:]] == ["（开头）", "一、2024年工作回顾", "二、2025年经济社会发展总体要求和政策取向", "三、2025年政府工作任务"]
    view = html[html.index('<table class="changes">'):]
    view = view[:view.index("</table>")]
    assert view.count("<tr class=\"label-") == len(changed)
    paragraphs = pd.read_csv(out / "tables" / "paragraphs.csv", keep_default_na=False)
    text = {s: "".join(paragraphs.loc[paragraphs["speech_id"] == s, "text"]) for s in ("政府工作报告/2024", "政府工作报告/2025")}
    from collections import Counter

    earlier, later = Counter(changed["a_text"]), Counter(changed["b_text"])
    # a new sentence stands in the later text and is no sentence of the earlier one; a dropped one the other way
    # round, or is said fewer times (各位代表！)
    new = changed[changed["label"] == "new"]["b_text"]
    assert len(new) > 100 and all(t in text["政府工作报告/2025"] and later[t] > earlier[t] for t in new)
    dropped = changed[changed["label"] == "dropped"]["a_text"]
    assert all(t in text["政府工作报告/2024"] and earlier[t] > later[t] for t in dropped)
    stated = tables["The numeric targets (主要预期目标) each report states, side by side, indicators paired by wording."]
    growth = next(row for row in stated[1:] if row[0] == "国内生产总值增长")
    assert growth[1:] == ["5%左右", "5%左右", "same"]
    for row in stated[1:]:  # every target shown stands in its report's text
        assert row[1].replace("%", "") == "" or row[1] in text["政府工作报告/2024"], row
        assert row[2] == "" or row[2] in text["政府工作报告/2025"], row


def test_the_spread_and_reuse_tables_agree_with_the_text(report):
    """Sections 7.2 and 7.3: every first use shown is the first year a plain search finds the formulation in that
    place's speeches; every reused passage stands in its speech, and its source in the centre's report."""
    out, index, _ = report
    html = index.read_text("utf-8")
    paragraphs = pd.read_csv(out / "tables" / "paragraphs.csv", keep_default_na=False)
    speeches = pd.read_csv(out / "tables" / "speeches.csv", keep_default_na=False)
    texts = paragraphs.groupby("speech_id")["text"].agg("\n".join)
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    spread = tables["First use of each formulation by place."]
    header = spread[0]
    assert len(spread) > 8
    for row in spread[1:]:
        term, place = row[0], row[1].removesuffix(" (centre)")
        mine = speeches[speeches["place"] == place]
        holding = [int(y) for s, y in zip(mine["speech_id"], mine["year"], strict=True) if term in texts[s]]
        assert row[header.index("First year")] == (str(min(holding)) if holding else ""), row
    reused = pd.read_csv(out / "tables" / "reuse.csv", keep_default_na=False)
    assert set(reused["place"]) == {"浙江省", "四川省", "河北省"} and len(reused) == 33
    shown = next(t for c, t in tables.items() if c.startswith("The local speeches repeating the centre most"))
    top = reused.sort_values("share_chars", ascending=False, kind="stable").iloc[0]
    assert shown[1][:2] == [top["speech_id"], top["place"]] and shown[1][5] == f"{100 * top['share_chars']:.1f}%"
    passages = pd.read_csv(out / "tables" / "reuse_passages.csv", keep_default_na=False)
    flat = {s: re.sub(r"\s+", "", t) for s, t in texts.items()}
    for row in passages.itertuples():
        assert re.sub(r"\s+", "", row.text) in flat[row.speech_id]
        assert row.source_speech.startswith("政府工作报告/")
    assert '<img alt="Share of each local speech' in html and '<img alt="Rate of “' in html


@pytest.mark.slow
def test_the_comparative_reading_keeps_to_its_limits(tmp_path, monkeypatch):
    """Reuse above the size limit is left out with a note saying how to ask for it; --reading none leaves the
    section out; a corpus without a series says why there is nothing to compare."""
    from lectureanalysis.report import reading

    corpus = tmp_path / "corpus"
    for folder, year, extra in (("国务院", 2023, "扩大国内需求。"), ("国务院", 2024, "发展新质生产力。"),
                                ("浙江省", 2023, "扩大国内需求。"), ("浙江省", 2024, "培育新质生产力。")):
        write(corpus, f"{folder}/{year}.txt", f"{year}年政府工作报告\n各位代表：\n一、工作回顾\n{extra}推进“四个全面”。\n")
    monkeypatch.setitem(reading.READING_LIMITS, "reuse", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", la.CorpusWarning)
        html = build_report(corpus, tmp_path / "auto", lang="en").read_text("utf-8")
        assert "reports was not measured: 2 local speeches (more than 1; --reading all" in html
        assert "7.1 What changed: 国务院/2023 → 国务院/2024" in html
        assert "Sentences repeated from the centre" not in html
        html = build_report(corpus, tmp_path / "all", reading="all", lang="en").read_text("utf-8")
        assert "7.3 Sentences repeated from the centre" in html
        speeches, paragraphs = la.load(corpus)
    found = reading.compute_reading(speeches, paragraphs, la.formulations(paragraphs), None, reading="none",
                                    say=lambda line: None)
    assert not found.made and found.notes == ["The comparative reading was not asked for (--reading none)."]
    html = build_report(SEED, tmp_path / "seed", lang="en").read_text("utf-8")  # one undated speech: no series
    assert "Not made: the corpus has no yearly series" in html and "7.1 " not in html
    with pytest.raises(ValueError, match=r"reading: expected 'auto', 'all' or 'none', got 'some'"):
        build_report(SEED, tmp_path / "bad", reading="some", lang="en")


def test_the_discovery_section_agrees_with_the_text(report, bundled):
    """Section 8: every candidate new term's frequency is its count in the text and its first year the first year
    a plain search finds it; every riser's frequency is its token count and its first year the first year it is
    a token; the topics and network figures are on the page."""
    out, index, _ = report
    html = index.read_text("utf-8")
    paragraphs = pd.read_csv(out / "tables" / "paragraphs.csv", keep_default_na=False)
    speeches = pd.read_csv(out / "tables" / "speeches.csv", keep_default_na=False)
    texts = paragraphs.groupby("speech_id")["text"].agg("\n".join)
    years = dict(zip(speeches["speech_id"], speeches["year"], strict=True))
    tables = dict(zip(page_captions(html), page_tables(html), strict=True))
    new = next(t for c, t in tables.items() if c.startswith("Candidate new terms, best first"))
    header = new[0]
    assert len(new) == 21  # the 20 best, and the header
    _, loaded, tokens = bundled
    searched = searched_texts(loaded)  # the text as written, Traditional speeches in Simplified form
    for row in new[1:]:
        term = row[header.index("Term")]
        lines = la.kwic(loaded, term)  # Traditional speeches searched in their Simplified form, as the page says
        assert int(row[header.index("Frequency")]) == len(lines)
        assert len(lines) == sum(t.count(term) for t in searched)  # a plain substring count agrees
        holding = [int(years[s]) for s in lines["speech_id"] if str(years[s]).isdigit()]
        assert row[header.index("First")] == str(min(holding)), row
        assert row[header.index("Segmented as")].replace(" / ", "") == term
    risers = next(t for c, t in tables.items() if c.startswith("The strongest rising and falling terms"))
    header = risers[0]
    assert {r[header.index("Direction")] for r in risers[1:]} == {"rising", "falling"}  # the English page's words
    dated = tokens[tokens["speech_id"].map(lambda s: str(years[s]).isdigit())]
    for row in risers[1:6]:
        term = row[header.index("Term")]
        rows = dated[dated["token"] == term]
        assert int(row[header.index("Frequency")]) == len(rows)
        assert row[header.index("First")] == str(min(int(years[s]) for s in rows["speech_id"]))
    topics = next(t for c, t in tables.items() if c.startswith("The topics: number, top words"))
    assert len(topics) == 11 and all(w in "".join(texts) for r in topics[1:] for w in r[1].split("、"))
    for start in ("The terms rising (top row) and falling", "Each topic&#39;s share of the words of each year",
                  "Collocation network of "):
        assert f'<img alt="{start}' in html, start
    assert '<h2 id="method">9. Method</h2>' in html and '<h2 id="discovery">8. Discovery</h2>' in html


@pytest.fixture(scope="module")
def report_zh(tmp_path_factory):
    """The main job as it runs by default: the page in Chinese."""
    out = tmp_path_factory.mktemp("report_zh")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_report(CORPUS, out, progress=lambda line: None)


#: what a Chinese page may hold in Latin letters: names of statistics, of authors and tools, file and column names
LATIN_ALLOWED = re.compile(r"G²|logDice|MATTR(?:_window)?|TTR|NPMI|KWIC|PMI|NMF|tf-idf|DP|range|Juilland|Gries|Hardie|"
                           r"Benjamini|Hochberg|Jaccard|AntConc|Evert|Covington|McFall|quanteda|OpenCC|t2s|jieba(?:-rs)?|"
                           r"rjieba|HMM|Tokenizer|lectureanalysis|Python|str\.count|GB/T|PNG|SVG|PDF|dpi|n_chars|tables/\S+|"
                           r"figures/|la\.accept|duplicates=\"drop\"|--\w+(?: \w+)?|year|level|collection|place|speaker|"
                           r"punctuation|numbers|function|discourse|official|lawtext-gov|benchmarks/\S+|Party|congress|"
                           r"log2|NXNY|[a-z]_i|[A-Za-z]\b")


def visible(html_text: str, tags: tuple[str, ...]) -> list[tuple[str, str]]:
    """(tag, text) of every element of these kinds in a page, its markup and the figures' data left out."""
    body = re.sub(r"<(style|script)>.*?</\1>", "", html_text, flags=re.S)
    out = []
    for tag in tags:
        for found in re.finditer(rf"<{tag}\b[^>]*>(.*?)</{tag}>", body, flags=re.S):
            out.append((tag, html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))))
    return out


def test_the_page_speaks_one_language(report, report_zh):
    """Done when of issue 23: no English caption, heading or header in the Chinese page (the default), no Chinese
    one in the English page (--lang en) but the genre's own words and the corpus's values."""
    zh = report_zh.read_text("utf-8")
    assert '<html lang="zh-CN">' in zh and "<title>86 篇政府工作报告等文本 · 文本分析报告</title>" in zh
    tags = ("caption", "h2", "h3", "th", "figcaption", "summary", "nav", "li")
    left = [(tag, text) for tag, text in visible(zh, tags) if re.search(r"[A-Za-z]{3,}", LATIN_ALLOWED.sub("", text))]
    assert not left, left[:5]
    assert "表 1." in zh and "图 1." in zh and "Table 1." not in zh and "Figure 1." not in zh
    # the page's script writes 筛选行… and 显示全部 N 行: the embedded font holds them too (they are not in the HTML)
    import base64
    import io

    from fontTools.ttLib import TTFont

    data = re.search(r"url\(data:font/woff;base64,([^)]+)\)", zh).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    assert all(ord(c) in cmap for c in "筛选行…显示全部") and '"\\u7b5b' in zh
    en = (report[1]).read_text("utf-8")
    assert '<html lang="en">' in en
    # English page: headings and column headers in English; Chinese only as the genre's words and the corpus's values
    allowed = re.compile(r"字|万字|提法|主要预期目标|现在，我代表…向大会报告工作，请予审议|坚持, 加强, 推进|"
                         r"党代会|规划|小康|全面建成小康社会|四个|现代化|（开头）")
    headers = [(tag, text) for tag, text in visible(en, ("h2", "th", "nav")) if re.search(r"[\u4e00-\u9fff]",
               allowed.sub("", text)) and not re.search(r"\d{4}|/", text)]  # a column named by a speech's id
    assert not headers, headers[:5]
    captions = [text for tag, text in visible(en, ("caption", "figcaption")) if text.startswith(("Table", "Figure"))]
    assert len(captions) > 40 and all(re.match(r"(Table|Figure) \d+\. ([A-Z0-9]|字 per)", text) for text in captions), \
        [c for c in captions if not re.match(r"(Table|Figure) \d+\. ([A-Z0-9]|字 per)", c)][:3]


def test_every_chinese_fragment_stands_in_the_template_and_keeps_its_fields():
    from importlib import resources

    from lectureanalysis.report.language import PAGE_ZH, TEXT_ZH, translate_template

    source = resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8")
    assert [english for english, _ in PAGE_ZH if english not in source] == []  # no stale entry
    for english, chinese in [*PAGE_ZH, *TEXT_ZH.items()]:
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(re.findall(r"\{(\w+)\}", chinese)), english
        assert english.count("{{") == chinese.count("{{") and english.count("{%") == chinese.count("{%"), english
    from jinja2 import Environment

    Environment().parse(translate_template(source, "zh"))  # still a template
    with pytest.raises(ValueError, match="lang: expected 'zh' .Chinese. or 'en' .English., got 'fr'"):
        translate_template(source, "fr")
