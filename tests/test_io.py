"""Every format a user really has: the seed speech as .docx, .md, .html, .pdf and inside a zip loads to the
same paragraphs, headings and section paths as the .txt; broken files of each format are reported by name."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import GOOD_SPEECH, SEED, require_chromium, write

import lectureanalysis as la
from lectureanalysis.io.archives import zip_member_name
from lectureanalysis.io.docx import read_docx
from lectureanalysis.io.markdown import markdown_to_text

LINES = [line for line in SEED.read_text("utf-8").split("\n") if line.strip()]
TITLE, BODY = LINES[0], LINES[1:]


@pytest.fixture(scope="module")
def reference():
    return la.load(SEED)


def same_outline(paragraphs: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert list(paragraphs["text"]) == list(reference["text"])
    assert list(paragraphs["is_heading"]) == list(reference["is_heading"])
    assert list(paragraphs["section_path"]) == list(reference["section_path"])


def loaded(source, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", la.CorpusWarning)
        tables = la.load(source, **options)
    return tables, [str(w.message) for w in caught if issubclass(w.category, la.CorpusWarning)]


# -- fixtures made with the formats' own tools ---------------------------------------------------------


def _w(tag: str):
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{tag}")


def _set(element, **values):
    from docx.oxml.ns import qn

    for key, value in values.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def add_numbering(document, num_id: int, levels: list[tuple[str, str]]) -> None:
    """A real numbering definition (abstractNum + num) in the document's numbering part."""
    numbering = document.part.numbering_part.element
    abstract = _set(_w("abstractNum"), abstractNumId=num_id)
    for level, (fmt, text) in enumerate(levels):
        lvl = _set(_w("lvl"), ilvl=level)
        for tag, value in (("start", 1), ("numFmt", fmt), ("lvlText", text)):
            lvl.append(_set(_w(tag), val=value))
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = _set(_w("num"), numId=num_id)
    num.append(_set(_w("abstractNumId"), val=num_id))
    numbering.append(num)


def numbered(paragraph, num_id: int, level: int = 0):
    properties = paragraph._p.get_or_add_pPr()
    numbers = _w("numPr")
    numbers.append(_set(_w("ilvl"), val=level))
    numbers.append(_set(_w("numId"), val=num_id))
    properties.append(numbers)
    return paragraph


def tracked(change: str, tag: str, text: str, number: int):
    """A tracked change (w:ins or w:del) holding one run of ``text``."""
    element = _set(_w(change), id=number, author="秘书", date="2024-01-01T00:00:00Z")
    run = _w("r")
    run.append(_w(tag))
    run[0].text = text
    element.append(run)
    return element


def seed_docx(path: Path) -> Path:
    """The seed as a Word draft: its heading's 一、 is Word's automatic numbering, not text."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    add_numbering(document, 90, [("chineseCounting", "%1、")])
    document.add_paragraph(TITLE, style="Title")
    for line in BODY:
        if line.startswith("一、"):
            numbered(document.add_paragraph(line.removeprefix("一、")), 90)
        else:
            document.add_paragraph(line)
    document.core_properties.title = "党课讲稿模板"
    document.core_properties.author = "区委办公室"
    document.save(path)
    return path


def seed_html(path: Path, encoding: str = "gbk") -> Path:
    body = "".join(f"<h2>{line}</h2>" if line.startswith("一、") else f"<p>{line}</p>" for line in BODY)
    path.write_bytes(f"""<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{TITLE}_范文网</title>
<meta property="og:title" content="{TITLE}"></head><body>
<nav><a href="/">首页</a> <a href="/dangke">党课讲稿</a> <a href="/fanwen">范文大全</a></nav>
<article><h1>{TITLE}</h1>{body}</article>
<aside><h3>相关推荐</h3><ul><li><a href="/1">2023年党课讲稿范文</a></li><li><a href="/2">党支部书记讲党课</a></li></ul></aside>
<div class="comments"><p>网友评论：写得很好，学习了！</p></div>
<footer>版权所有 某范文网 京ICP备12345678号</footer></body></html>""".encode(encoding))
    return path


def seed_pdf(path: Path) -> Path:
    """The seed printed to PDF by headless Chromium in the GB/T 9704 manner (16 pt, two-character indents),
    with Chromium's running header (date, title) and footer (URL, page x/y) on every page."""
    browser = require_chromium("it prints the PDF fixture")
    from lectureanalysis.plot.fonts import resolve_font

    font = resolve_font().path
    body = "".join(f"<p>{line}</p>" for line in BODY)
    page = path.with_suffix(".html")
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title><style>
@font-face {{ font-family: "CJK"; src: url("{font.as_uri()}"); }}
body {{ font-family: "CJK"; font-size: 16pt; line-height: 1.75; margin: 0; }}
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
h1 {{ font-size: 22pt; text-align: center; font-weight: normal; }} p {{ text-indent: 2em; margin: 0; text-align: justify; }}
</style></head><body><h1>{TITLE}</h1>{body}</body></html>""", encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    f"--user-data-dir={path.parent / 'profile'}", f"--print-to-pdf={path}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    page.unlink()
    return path


def write_gbk_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip as Chinese Windows makes it: member names in GBK and no UTF-8 flag. (Python's zipfile writes
    non-ASCII names as UTF-8 with the flag, so ASCII placeholders of the same length are swapped for the GBK
    bytes afterwards; the CRCs cover the contents only.)"""
    with zipfile.ZipFile(path, "w") as zipped:
        for index, (name, data) in enumerate(members.items()):
            encoded = name.encode("gbk")
            placeholder = f"{index:04d}".encode().ljust(len(encoded), b"~")
            zipped.writestr(placeholder.decode(), data)
    raw = path.read_bytes()
    for index, name in enumerate(members):
        encoded = name.encode("gbk")
        placeholder = f"{index:04d}".encode().ljust(len(encoded), b"~")
        assert raw.count(placeholder) == 2
        raw = raw.replace(placeholder, encoded)
    path.write_bytes(raw)


# -- the seed in every format --------------------------------------------------------------------------


def test_docx_with_automatic_numbering(tmp_path, reference):
    (speeches, paragraphs), messages = loaded(seed_docx(tmp_path / "seed.docx"))
    same_outline(paragraphs, reference[1])
    row = speeches.iloc[0]
    assert row.title == TITLE and row.source_format == "docx"
    assert row.doc_title == "党课讲稿模板" and row.doc_author == "区委办公室"
    assert row.source_url == reference[0].iloc[0].source_url
    assert messages == []


def test_markdown(tmp_path, reference):
    markdown = "# " + TITLE + "\n\n" + "\n\n".join(("## " + line) if line.startswith("一、") else line for line in BODY)
    write(tmp_path, "seed.md", markdown)
    speeches, paragraphs = la.load(tmp_path / "seed.md")
    same_outline(paragraphs, reference[1])
    assert speeches.iloc[0].source_format == "md"
    assert markdown_to_text("**坚持**学习，*书记和***总书记") == "坚持学习，*书记和***总书记"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_web_page_article_only(tmp_path, reference, encoding):
    pytest.importorskip("trafilatura")
    speeches, paragraphs = la.load(seed_html(tmp_path / "seed.html", encoding))
    same_outline(paragraphs, reference[1])
    row = speeches.iloc[0]
    assert row.title == TITLE and row.source_format == "html"
    assert not paragraphs["text"].str.contains("相关推荐|网友评论|京ICP备|范文大全").any()


@pytest.mark.browser
def test_pdf_printed_by_a_browser(tmp_path, reference):
    pytest.importorskip("pypdfium2")
    speeches, paragraphs = la.load(seed_pdf(tmp_path / "seed.pdf"))
    expected, got = "".join(reference[1]["text"]), "".join(paragraphs["text"])
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(expected) >= 0.99
    assert list(paragraphs.loc[paragraphs["is_heading"], "text"]) == ["一、关于区委办公室的同志如何做合格党员"]
    same_outline(paragraphs, reference[1])
    row = speeches.iloc[0]
    assert row.title == TITLE and row.source_format == "pdf"
    kinds = row.boilerplate_kinds.split(",")
    assert "pdf_running_header" in kinds and "repost_notice" in kinds
    assert row.boilerplate.count(".html") >= 4, "the footer of each page is recorded, not dropped"


def test_zip_from_chinese_windows(tmp_path, reference):
    """Member names in GBK without the UTF-8 flag, nested folders, read in place."""
    archive = tmp_path / "讲话合集.zip"
    docx_bytes = seed_docx(tmp_path / "draft.docx").read_bytes()
    members = {"党课/区委办党支部党课讲稿.txt": SEED.read_bytes(), "草稿/讲稿.docx": docx_bytes, "草稿/照片.jpg": b"\xff\xd8\xff"}
    write_gbk_zip(archive, members)
    with zipfile.ZipFile(archive) as zipped:
        assert not any(info.flag_bits & 0x800 for info in zipped.infolist()), "no UTF-8 flag, as on Chinese Windows"
    with zipfile.ZipFile(archive) as zipped:
        assert [zip_member_name(i) for i in zipped.infolist()] == ["党课/区委办党支部党课讲稿.txt", "草稿/讲稿.docx",
                                                                    "草稿/照片.jpg"]
    (tmp_path / "draft.docx").unlink()
    (speeches, paragraphs), messages = loaded(tmp_path, duplicates="keep")  # the same speech twice, on purpose
    assert list(speeches["source_file"]) == ["讲话合集.zip/党课/区委办党支部党课讲稿.txt", "讲话合集.zip/草稿/讲稿.docx"]
    assert list(speeches["speech_id"]) == ["区委办党支部党课讲稿", "讲稿"]
    assert list(speeches["collection"]) == ["讲话合集.zip/党课", "讲话合集.zip/草稿"]
    assert list(speeches["source_format"]) == ["txt", "docx"]
    for speech_id in speeches["speech_id"]:
        same_outline(paragraphs[paragraphs["speech_id"] == speech_id].reset_index(drop=True), reference[1])
    assert messages == [f"{tmp_path}: 1 file of a type that is not read, skipped: 讲话合集.zip/草稿/照片.jpg"]


def test_mixed_folder_in_one_call(tmp_path):
    pytest.importorskip("trafilatura")
    write(tmp_path, "a.txt", GOOD_SPEECH)
    seed_docx(tmp_path / "b.docx")
    seed_html(tmp_path / "c.html")
    write(tmp_path, "d.md", "# " + TITLE + "\n\n" + "\n\n".join(BODY))
    write(tmp_path, "e.rtf", "{\\rtf1 讲话}")
    write(tmp_path, "f.xlsx", b"PK\x03\x04")
    write(tmp_path, "README.md", "这个文件夹收录了讲话稿。")
    (speeches, _), messages = loaded(tmp_path, duplicates="keep")  # b, c, d are the seed: reposts on purpose
    assert dict(zip(speeches["speech_id"], speeches["source_format"], strict=True)) == {
        "a": "txt", "b": "docx", "c": "html", "d": "md"}
    assert messages == [f"{tmp_path}: 2 files of a type that is not read, skipped: e.rtf, f.xlsx"]
    assert list(la.load_speeches(tmp_path, pattern="*.txt")["speech_id"]) == ["a"], "a pattern still chooses"


# -- what a Word document holds besides its paragraphs -------------------------------------------------


def test_docx_tables_notes_comments_and_tracked_changes(tmp_path):
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document()
    add_numbering(document, 91, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    document.add_paragraph("关于作风建设的讲话")
    document.add_paragraph("同志们：")
    document.add_paragraph("今天召开会议，部署作风建设。")
    numbered(document.add_paragraph("提高认识"), 91, 0)
    numbered(document.add_paragraph("统一思想"), 91, 1)
    numbered(document.add_paragraph("要充分认识作风建设的重要性。"), 91, 2)
    numbered(document.add_paragraph("要抓好各项任务的落实。"), 91, 2)
    numbered(document.add_paragraph("明确责任"), 91, 1)
    numbered(document.add_paragraph("抓好落实"), 91, 0)
    changed = document.add_paragraph("会议要求")
    changed._p.append(tracked("del", "delText", "（删除的文字）", 1))
    changed._p.append(tracked("ins", "t", "马上落实。", 2))
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("指标", "目标"), ("增长", "5%")), strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_comment(document.paragraphs[2].runs, text="这里要补充数据", author="审稿人")
    path = tmp_path / "a.docx"
    document.save(path)
    assert qn("w:numPr")  # the numbering above is Word's own, as the reader sees it
    (speeches, paragraphs), messages = loaded(path)
    assert list(paragraphs["text"]) == [
        "同志们：", "今天召开会议，部署作风建设。", "一、提高认识", "（一）统一思想", "1.要充分认识作风建设的重要性。",
        "2.要抓好各项任务的落实。", "（二）明确责任", "二、抓好落实", "会议要求马上落实。", "指标 | 目标", "增长 | 5%"]
    assert list(paragraphs.loc[paragraphs["is_heading"], "section_path"]) == ["一", "一 > （一）", "一 > （一） > 1",
                                                                             "一 > （一） > 2", "一 > （二）", "二"]
    row = speeches.iloc[0]
    assert "这里要补充数据" in row.boilerplate and "docx_comment" in row.boilerplate_kinds
    assert "删除的文字" not in "".join(paragraphs["text"]) and "删除的文字" not in row.boilerplate
    assert messages == [f"{path}: 1 table(s) flattened to one paragraph a row (cells joined by ' | ')"]


# -- broken files of each format -----------------------------------------------------------------------


def test_broken_files_are_reported_by_name(tmp_path):
    pytest.importorskip("pypdfium2")
    write(tmp_path, "good.txt", GOOD_SPEECH)
    good_docx = seed_docx(tmp_path / "whole.docx").read_bytes()
    (tmp_path / "whole.docx").unlink()
    write(tmp_path, "truncated.docx", good_docx[: len(good_docx) // 2])
    write(tmp_path, "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots()
    axis.imshow([[0, 1], [1, 0]])
    axis.set_axis_off()
    figure.savefig(tmp_path / "scan.pdf")
    plt.close(figure)
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    with open(tmp_path / "locked.pdf", "wb") as handle:
        writer.write(handle)
    (speeches, _), messages = loaded(tmp_path)
    assert list(speeches["speech_id"]) == ["good"]
    by_file = {Path(m.split(":")[0]).name: m for m in messages}
    assert "not a valid .docx" in by_file["truncated.docx"]
    assert "cannot open this PDF: it is damaged" in by_file["broken.pdf"]
    assert "cannot open this PDF: it is encrypted (password protected)" in by_file["locked.pdf"]
    assert "needs OCR" in by_file["scan.pdf"]
    assert all(m.endswith("; skipped") for m in messages)


def test_web_page_without_an_article(tmp_path):
    pytest.importorskip("trafilatura")
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "empty.html", "<html><head><title>首页</title></head><body><nav><a href='/'>首页</a></nav></body></html>")
    (speeches, _), messages = loaded(tmp_path)
    assert list(speeches["speech_id"]) == ["good"]
    assert messages == [f"{tmp_path / 'empty.html'}: no article text found in this web page; skipped"]


def test_legacy_word_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    write(tmp_path, "good.txt", GOOD_SPEECH)
    write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (_, _), messages = loaded(tmp_path)
    assert messages == [f"{tmp_path / 'old.doc'}: .doc files need LibreOffice (apt-get install libreoffice-writer) "
                        "or antiword to be read; or save it as .docx; skipped"]


def test_docx_reader_refuses_xml_with_a_dtd():
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    with pytest.raises(la.CorpusError, match="declares a DTD"):
        read_docx(buffer.getvalue(), name="bomb.docx")


def test_pdf_page_furniture_in_the_gbt_9704_manner():
    """Page numbers (— 3 —) and a 发文机关 mark repeated at the top of each page are recorded, not body text."""
    from lectureanalysis.io.pdf import _drop_page_furniture, _pdf_paragraphs, _repeated_lines

    pages = []
    for number in range(1, 5):
        lines = [("中共某某区委办公室文件", 200.0, 400.0)]
        lines += [(BODY[number][k * 20:(k + 1) * 20], 80.0, 520.0) for k in range(3)]  # body lines differ
        lines += [(f"— {number} —", 280.0, 320.0)]
        pages.append(lines)
    removed: list[tuple[str, str]] = []
    pages = [_drop_page_furniture(page, removed) for page in pages]
    assert removed == [("pdf_page_number", f"— {n} —") for n in range(1, 5)]
    assert _repeated_lines(pages) == {"中共某某区委办公室文件"}
    body = [line for page in pages for line in page[1:]]
    assert _pdf_paragraphs(body).count("\n\n") == 0, "full lines without indents run on as one paragraph"


def test_docx_heading_styles_give_levels(tmp_path):
    """Unnumbered headings in Word's heading styles (标题 1, 标题 2) are headings at their style's level, even
    when they are too long or punctuated to be taken for headings by their text alone."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于作风建设的讲话", style="Title")
    document.add_paragraph("今天召开会议，部署作风建设工作，下面我讲几点意见，请大家认真抓好落实。")
    document.add_heading("充分认识加强作风建设的重要性、紧迫性和艰巨性，切实增强责任感", level=1)
    document.add_heading("作风建设关系党的形象", level=2)
    document.add_paragraph("作风建设是党的建设的重要内容，必须常抓不懈，久久为功，锲而不舍地抓下去。")
    document.add_heading("抓好各项任务落实", level=1)
    document.add_paragraph("要抓好各项任务的落实，确保各项工作取得实效，以优良作风推动发展。")
    document.save(tmp_path / "a.docx")
    speeches, paragraphs = la.load(tmp_path / "a.docx")
    headings = paragraphs[paragraphs["is_heading"]]
    assert list(headings["level"]) == [1, 2, 1]
    assert list(headings["section_path"]) == [
        "充分认识加强作风建设的重要性、紧迫性和艰巨性，切实增强责任感",
        "充分认识加强作风建设的重要性、紧迫性和艰巨性，切实增强责任感 > 作风建设关系党的形象", "抓好各项任务落实"]
    assert speeches.iloc[0].title == "关于作风建设的讲话" and speeches.iloc[0].found_sections == 2


def test_pdf_printed_from_a_web_page_keeps_its_salutation_and_headings_apart():
    """A web page printed to PDF: centred title and date lines, no first-line indents, headings flush left and
    a ragged right margin — the salutation and each numbered heading are paragraphs of their own."""
    from lectureanalysis.io.pdf import _pdf_paragraphs

    em, left, right = 16.0, 80.0, 80.0 + 27 * 16.0

    def line(text: str, centred: bool = False) -> tuple[str, float, float]:
        width = len(text) * em
        start = left + (right - left - width) / 2 if centred else left
        return text, start, start + width

    full = "我们要深入学习贯彻党的创新理论，不断提高政治判断力政治领悟力"[:27]
    lines = [line("在全区作风建设大会上的讲话", True), line("（2020年5月1日）", True), line("同志们："),
             line("一、关于提高思想认识"), line(full), line(full), line("时刻保持清醒头脑。"), line("二、关于狠抓工作落实"),
             line(full), line("抓好落实。")]
    paragraphs = _pdf_paragraphs(lines).split("\n\n")
    assert paragraphs == ["在全区作风建设大会上的讲话", "（2020年5月1日）", "同志们：", "一、关于提高思想认识",
                          full * 2 + "时刻保持清醒头脑。", "二、关于狠抓工作落实", full + "抓好落实。"]
    # the same lines indented in the GB/T 9704 manner: the headings still stand apart
    indented = [(t, a + 2 * em, b) if t.startswith(("我们", "时刻", "抓好")) and i in (4, 8) else (t, a, b)
                for i, (t, a, b) in enumerate(lines)]
    assert _pdf_paragraphs(indented).split("\n\n") == paragraphs


@pytest.mark.parametrize(("fmt", "first", "second"), [
    ("japaneseCounting", "一、", "二、"),  # what WPS writes for the visible 一、
    ("chineseCountingThousand", "一、", "二、"), ("chineseLegalSimplified", "壹、", "贰、"),
    ("ideographTraditional", "甲、", "乙、"), ("ideographZodiac", "子、", "丑、"), ("ideographDigital", "一、", "二、"),
    ("japaneseLegal", "壱、", "弐、"), ("taiwaneseCounting", "一、", "二、"), ("taiwaneseCountingThousand", "一、", "二、"),
    ("decimalEnclosedCircle", "①、", "②、"), ("decimalEnclosedParen", "(1)、", "(2)、"), ("decimalFullWidth", "１、", "２、"),
    ("lowerLetter", "a、", "b、"), ("upperRoman", "I、", "II、"), ("bullet", "、", "、"),
])
def test_every_word_number_format_is_rendered(tmp_path, fmt, first, second):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    add_numbering(document, 92, [(fmt, "%1、")])
    document.add_paragraph("讲话")
    numbered(document.add_paragraph("提高认识"), 92)
    document.add_paragraph("正文。")
    numbered(document.add_paragraph("狠抓落实"), 92)
    document.save(tmp_path / "a.docx")
    from lectureanalysis.io.readers import read_document

    text = read_document((tmp_path / "a.docx").read_bytes(), name="a.docx", suffix=".docx").text
    assert text.split("\n\n") == ["讲话", first + "提高认识", "正文。", second + "狠抓落实"]


def test_wps_numbering_continues_into_literal_headings(tmp_path):
    """WPS numbers the first heading automatically (japaneseCounting, %1、) and the author typed 二、 三、 by hand:
    all three are the outline's headings."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    add_numbering(document, 93, [("japaneseCounting", "%1、")])
    document.add_paragraph("关于作风建设的讲话")
    numbered(document.add_paragraph("提高思想认识"), 93)
    for text in ("要充分认识作风建设的重要性。", "二、狠抓工作落实", "要抓好各项任务的落实。", "三、强化组织保障", "要加强领导。"):
        document.add_paragraph(text)
    document.save(tmp_path / "wps.docx")
    _, paragraphs = la.load(tmp_path / "wps.docx", progress=False)
    headings = paragraphs[paragraphs["is_heading"]]
    assert headings["text"].tolist() == ["一、提高思想认识", "二、狠抓工作落实", "三、强化组织保障"]
    assert headings["section_path"].tolist() == ["一", "二", "三"]


def test_an_unknown_number_format_is_a_note_not_a_crash(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    add_numbering(document, 94, [("hindiVowels", "%1、")])
    document.add_paragraph("讲话")
    numbered(document.add_paragraph("提高认识"), 94)
    document.save(tmp_path / "odd.docx")
    with pytest.warns(la.CorpusWarning, match=r"odd\.docx: automatic numbering in a format not known \(hindiVowels\)"):
        _, paragraphs = la.load(tmp_path / "odd.docx", progress=False)
    assert paragraphs["text"].tolist() == ["1、提高认识"]


def portal_page(path: Path, *, declared: str, encoding: str) -> Path:
    """A portal page whose <meta charset> says ``declared`` while its bytes are in ``encoding``."""
    body = "".join(f"<p>{line}</p>" for line in BODY)
    path.write_bytes(f"""<!DOCTYPE html><html><head><meta charset="{declared}"><title>{TITLE}</title></head>
<body><article><h1>{TITLE}</h1>{body}</article></body></html>""".encode(encoding))
    return path


@pytest.mark.parametrize(("declared", "encoding", "problem"), [
    # a Latin code page decodes (or nearly) any bytes: what it gives is checked, not trusted
    ("iso-8859-1", "utf-8", r"declares charset 'iso-8859-1'(?:, which gives no Chinese text| but is not in it "
                            r"\(first bad byte at \d+\)): decoded as utf-8 instead"),
    ("iso-8859-15", "utf-8", r"declares charset 'iso-8859-15', which gives no Chinese text: decoded as utf-8 instead"),
    ("unicode_escape", "gbk", r"declares charset 'unicode_escape', which is no WHATWG encoding label: decoded as gb18030"),
    ("utf-8", "gbk", r"declares charset 'utf-8' but is not in it \(first bad byte at \d+\): decoded as gb18030"),
])
def test_a_pages_declared_charset_is_checked_like_any_decoding(tmp_path, reference, declared, encoding, problem):
    pytest.importorskip("trafilatura")
    page = portal_page(tmp_path / "page.html", declared=declared, encoding=encoding)
    with pytest.warns(la.CorpusWarning, match=r"page\.html: " + problem):
        speeches, paragraphs = la.load(page, progress=False)
    assert speeches.iloc[0].title == TITLE
    assert "".join(paragraphs["text"]).startswith("同志们") or BODY[1][:10] in "".join(paragraphs["text"])


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "x-gbk", "gb18030"])
def test_whatwg_chinese_labels_are_honoured_quietly(tmp_path, declared):
    pytest.importorskip("trafilatura")
    page = portal_page(tmp_path / "page.html", declared=declared, encoding="gb18030")
    with warnings.catch_warnings():
        warnings.simplefilter("error", la.CorpusWarning)
        speeches, _ = la.load(page, progress=False)
    assert speeches.iloc[0].title == TITLE and speeches.iloc[0].encoding == "gb18030"


def test_korean_in_euc_kr_is_refused_not_read_as_chinese(tmp_path):
    korean = ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다. "
              "국가는 개인이 가지는 불가침의 기본적 인권을 확인하고 이를 보장할 의무를 진다.\n") * 3
    (tmp_path / "korean.txt").write_bytes(korean.encode("euc_kr"))
    (tmp_path / "speech.txt").write_text(TITLE + "\n" + "\n".join(BODY), encoding="gbk")
    with pytest.warns(la.CorpusWarning, match=r"korean\.txt: Korean text in EUC-KR, not Chinese"):
        speeches, _ = la.load(tmp_path, progress=False)
    assert speeches["speech_id"].tolist() == ["speech"]
    from lectureanalysis.text.decoding import decode_bytes

    text, used = decode_bytes(korean.encode("euc_kr"), encoding="euc_kr")
    assert used == "euc_kr" and text == korean  # asked for, it is read


def fake_converter(tmp_path: Path, monkeypatch, output: bytes) -> None:
    """An ``antiword`` on PATH (and no LibreOffice) that prints ``output`` for any file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "payload").write_bytes(output)
    tool = folder / "antiword"
    tool.write_text(f"#!/bin/sh\n{shutil.which('cat')} '{folder / 'payload'}'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))


def test_a_converters_junk_is_not_a_speech(tmp_path, monkeypatch):
    fake_converter(tmp_path, monkeypatch, "ÐÏà¡±á þÿ bjbj Microsoft Word 97 Normal.dot Times New Roman ".encode() * 40)
    (tmp_path / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 8)
    with pytest.raises(la.CorpusError, match=r"report\.doc: antiword reads it as text that is not Chinese \('ÐÏà¡±á"):
        la.load(tmp_path / "report.doc", progress=False, errors="raise")


def test_a_converters_chinese_text_is_read(tmp_path, monkeypatch):
    fake_converter(tmp_path, monkeypatch, (TITLE + "\n\n" + "\n\n".join(BODY)).encode("utf-8"))
    (tmp_path / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 8)
    with pytest.warns(la.CorpusWarning, match=r"report\.doc: converted with antiword"):
        speeches, _ = la.load(tmp_path / "report.doc", progress=False)
    assert speeches.iloc[0].title == TITLE and speeches.iloc[0].source_format == "doc"


GAZETTE_BODY = ["各位代表：", "现在，我代表省人民政府，向大会报告政府工作，请予审议，并请省政协委员提出意见。", "一、过去五年工作回顾",
                "过去五年，我们坚持稳中求进工作总基调，全省经济社会发展取得显著成就，地区生产总值年均增长百分之七。",
                "二、今后五年的目标任务", "今后五年，要坚持以人民为中心的发展思想，扎实推动高质量发展，奋力谱写新篇章。"]


def test_a_gazette_page_in_a_table_layout_falls_back_to_its_largest_text_block(tmp_path):
    """An old provincial gazette page: a navigation column and the document in nested layout tables, the body's
    paragraphs split by <br>, a footer table. The extractor gives table rows; the largest text block is read."""
    pytest.importorskip("trafilatura")
    page = ("""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某省人民政府公报"""
            """</title></head><body><table width="778" border="0"><tr><td width="180" valign="top"><a href="/">首页</a>"""
            """<br><a href="/gb">政府公报</a><br><a href="/wj">政府文件</a><br><a href="/ld">领导讲话</a></td>"""
            """<td valign="top"><table><tr><td class="title"><font size="4"><b>政府工作报告</b></font></td></tr>"""
            """<tr><td align="center">——2003年1月15日在某省第十届人民代表大会第一次会议上</td></tr>"""
            """<tr><td align="center">省长　张三</td></tr><tr><td><font size="3">"""
            + "<br>".join("　　" + line for line in GAZETTE_BODY)
            + """</font></td></tr></table></td></tr></table><table><tr><td>主办：某省人民政府办公厅　　"""
            """备案号：某ICP备05000000号</td></tr></table></body></html>""")
    (tmp_path / "gazette.html").write_bytes(page.encode("gb18030"))
    with pytest.warns(la.CorpusWarning, match=r"gazette\.html: the article extractor found a table layout in this "
                                              r"page .*read its largest text block \(174 字\) instead"):
        speeches, paragraphs = la.load(tmp_path / "gazette.html", progress=False)
    row = speeches.iloc[0]
    assert (row.title, str(row.date.date()), row.speaker, row.speaker_title) == ("政府工作报告", "2003-01-15", "张三", "省长")
    assert paragraphs["text"].tolist() == GAZETTE_BODY
    assert paragraphs.loc[paragraphs["is_heading"], "section_path"].tolist() == ["一", "二"]
    assert row.page_title == "某省人民政府公报"
    assert sum(la.count_chars(t) for t in [*GAZETTE_BODY, "政府工作报告", "——2003年1月15日在某省第十届人民代表大会第一次会议上", "省长张三"]) == 174
