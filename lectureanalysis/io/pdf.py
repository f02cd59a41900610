"""PDF text in reading order (extra ``formats``: pypdfium2): lines joined into paragraphs, GB/T 9704 page
numbers and repeated headers and footers removed and recorded; a PDF with no text layer refused.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from lectureanalysis.errors import (
    NotTextError,
    describe,
)
from lectureanalysis.io.documents import EXTRA, Document, FormatError

#: a PDF with more pages than this is no speech; reading one stops after this many seconds
MAX_PDF_PAGES = 2_000
PDF_SECONDS = 120.0

#: a GB/T 9704 page number (— 3 —), or a bare number, alone on a line
_PAGE_NUMBER = re.compile(r"^[-—－–]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—－–]?$|^\d{1,4}\s*/\s*\d{1,4}$")


def read_pdf(data: bytes, *, name: str | Path) -> Document:
    """A PDF's text layer as paragraphs (see the module docstring)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise FormatError(describe(name, f"reading PDF files needs pypdfium2: {EXTRA}")) from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        problem = "encrypted (password protected)" if "password" in str(exc).lower() else f"damaged ({exc})"
        raise FormatError(describe(name, f"cannot open this PDF: it is {problem}")) from None
    pages: list[list[tuple[str, float, float]]] = []  # per page: (line text, left, right)
    width = 0.0
    started = time.monotonic()
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise FormatError(describe(name, f"a PDF of {len(pdf):,} pages, more than the {MAX_PDF_PAGES:,} a speech "
                                             "could fill: not read"))
        for number, page in enumerate(pdf, 1):
            if time.monotonic() - started > PDF_SECONDS:
                raise FormatError(describe(name, f"reading its text took more than {PDF_SECONDS:.0f} s (stopped at page "
                                                 f"{number:,} of {len(pdf):,}): not read"))
            width = max(width, page.get_width())
            textpage = page.get_textpage()
            pages.append(_pdf_lines(textpage))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not any(line for page in pages for line, _, _ in page):
        raise NotTextError(describe(name, "a PDF without a text layer (a scan): it needs OCR, which "
                                          "lectureanalysis does not do; run it through an OCR tool first"))
    removed: list[tuple[str, str]] = []
    pages = [_drop_page_furniture(page, removed) for page in pages]
    repeated = _repeated_lines(pages)
    body: list[tuple[str, float, float]] = []
    for page in pages:
        for line in page:
            if _normalised_furniture(line[0]) in repeated:
                removed.append(("pdf_running_header", line[0]))
            else:
                body.append(line)
    return Document(_pdf_paragraphs(body), "pdf", "pdf", {}, removed)


def _pdf_lines(textpage: object) -> list[tuple[str, float, float]]:
    """The page's lines in reading order with the x of their first and last character. Characters are put
    on one line by their vertical position (PDFium's own line breaks also fall where a run changes font,
    such as quotation marks from a fallback font)."""
    count = textpage.count_chars()  # type: ignore[attr-defined]
    lines: list[tuple[str, float, float]] = []
    current: list[str] = []
    left = right = bottom = top = 0.0
    for index in range(max(0, count)):
        character = textpage.get_text_range(index, 1)  # type: ignore[attr-defined]
        if not character or character in "\r\n":
            continue  # PDFium's generated line breaks: lines are found by position below
        box_left, box_bottom, box_right, box_top = textpage.get_charbox(index)  # type: ignore[attr-defined]
        if character.isspace() and box_right <= box_left:
            if current:
                current.append(" ")
            continue
        # the same line: the box overlaps the line's height (an underscore or a comma sits low, but within
        # it) and does not jump back to the left (where the next line starts)
        if current and box_bottom < top and box_top > bottom and box_left >= right - (top - bottom):
            current.append(character)
            left, right = min(left, box_left), max(right, box_right)
            bottom, top = min(bottom, box_bottom), max(top, box_top)
            continue
        if current:
            lines.append(("".join(current).strip(), left, right))
        current = [character]
        left, right, bottom, top = box_left, box_right, box_bottom, box_top
    if current:
        lines.append(("".join(current).strip(), left, right))
    return [(_CJK_GAP.sub("", text), left, right) for text, left, right in lines if text]


#: spaces between two CJK characters: justification in a PDF, never part of Chinese text (如 若 转 载)
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’])[ \u00a0]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’])")


def _drop_page_furniture(page: list[tuple[str, float, float]], removed: list[tuple[str, str]]) -> list[tuple[str, float, float]]:
    """Page numbers at the top or bottom of a page (— 3 —) are recorded and left out."""
    kept = list(page)
    for position in (-1, 0, -1):
        if kept and _PAGE_NUMBER.match(kept[position][0]):
            removed.append(("pdf_page_number", kept.pop(position)[0]))
    return kept


def _normalised_furniture(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def _repeated_lines(pages: list[list[tuple[str, float, float]]]) -> set[str]:
    """First and last lines that recur on most pages (running headers and footers, 发文机关 marks)."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for page in pages:
        edges = {_normalised_furniture(line[0]) for line in page[:3] + page[-3:]}
        for edge in edges:
            counts[edge] = counts.get(edge, 0) + 1
    return {line for line, n in counts.items() if n >= max(3, 0.6 * len(pages)) and len(line) <= 200}


#: a line opening with a numbered heading (一、 （一） 第一部分), and a salutation line (同志们： 各位代表：)
_PDF_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
_PDF_SALUTATION = re.compile(r"^\s*(?:同志们|各位代表|各位委员|同学们|朋友们|各位来宾|女士们、先生们)[：:]\s*$")


def _pdf_paragraphs(lines: list[tuple[str, float, float]]) -> str:
    """Re-join lines into paragraphs. When the document indents its paragraphs (GB/T 9704: two characters),
    an indented line starts a paragraph and nothing else does (a line may stop short of the margin because a
    run such as ***总书记 cannot be broken); without indents, a line that stops short of the right margin
    ends one. In either case a centred line (title, date line: as far from both margins) stands alone, a
    salutation line (同志们：) ends its paragraph, and a numbered heading after a sentence end or a
    salutation starts one (a page printed from the web: ``同志们：一、关于…``, ``…清醒头脑。二、关于…``). A word
    split across lines is joined without a space."""
    if not lines:
        return ""
    lefts = sorted(left for _, left, _ in lines)
    margin_left = lefts[len(lefts) // 10]
    rights = sorted(right for _, _, right in lines)
    margin_right = rights[int(len(rights) * 0.9)]
    widths = [(right - left) / max(1, len(text)) for text, left, right in lines if len(text) > 5]
    em = sorted(widths)[len(widths) // 2] if widths else 10.0
    # a centred line (a title, a date line: as far from both margins) is a line of its own, no indent
    centred = [left - margin_left > 1.2 * em and abs((left - margin_left) - (margin_right - right)) < 2 * em
               for _, left, right in lines]
    indented = [left - margin_left > 1.2 * em and not alone for (_, left, _), alone in zip(lines, centred, strict=True)]
    by_indent = sum(indented) >= max(2, 0.03 * len(lines))
    paragraphs: list[str] = []
    current = ""
    for (text, _, right), starts, alone in zip(lines, indented, centred, strict=True):
        # a numbered heading after a sentence or a salutation starts a paragraph, indented or not
        heading = _PDF_HEADING.match(text) is not None and bool(current) and current.rstrip()[-1:] in "。！？：:"
        if current and (starts or alone or heading):
            paragraphs.append(current)
            current = ""
        current += text
        if alone or _PDF_SALUTATION.match(current) or (not by_indent and margin_right - right > 1.5 * em):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
