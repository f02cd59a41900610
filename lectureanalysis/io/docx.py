"""Word .docx read from its XML with the standard library: paragraphs, automatic numbering rendered
(``numbering.xml``: 一、 from ``chineseCounting``), tables, footnotes, comments and tracked changes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from lectureanalysis.errors import (
    describe,
)
from lectureanalysis.io.documents import MAX_PART_BYTES, Document, FormatError
from lectureanalysis.structure.dates import cn_number_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题|title)\s*(\d)?$", re.I)


class _DeclaresDTD(Exception):
    pass


def _refuse_dtd(*_: object) -> None:
    raise _DeclaresDTD


def _xml(archive: zipfile.ZipFile, part: str, *, name: str | Path,
         max_bytes: int = MAX_PART_BYTES) -> ElementTree.Element | None:
    """A part of the package as XML; ``None`` when absent. A part that unpacks to more than ``max_bytes`` is
    refused before it is read (a zip bomb: 1 MB on disk, 1.5 GB unpacked), and so is one that declares a DTD
    — told by the XML parser itself, in any encoding (Word never writes one; entity expansion is how XML bombs
    work)."""
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    if info.file_size > max_bytes:
        raise FormatError(describe(name, f"{part} unpacks to {info.file_size / 1e6:,.0f} MB, more than max_bytes "
                                         f"({max_bytes / 1e6:,.0f} MB): not read"))
    with archive.open(info) as stream:
        data = stream.read(max_bytes + 1)  # the size a zip states may lie: never read past the bound
    if len(data) > max_bytes:
        raise FormatError(describe(name, f"{part} unpacks to more than max_bytes ({max_bytes / 1e6:,.0f} MB): not read"))
    from xml.parsers import expat

    scanner = expat.ParserCreate()  # a first pass that stops at a DTD, whatever the document's encoding
    scanner.StartDoctypeDeclHandler = _refuse_dtd
    scanner.EntityDeclHandler = _refuse_dtd
    try:
        scanner.Parse(data, True)
        return ElementTree.fromstring(data)
    except _DeclaresDTD:
        raise FormatError(describe(name, f"{part} declares a DTD: not a Word document")) from None
    except (expat.ExpatError, ElementTree.ParseError) as exc:
        raise FormatError(describe(name, f"{part} is not well-formed XML ({exc}): a damaged .docx")) from None


def read_docx(data: bytes, *, name: str | Path, max_bytes: int = MAX_PART_BYTES) -> Document:
    """A Word ``.docx`` as text: see the module docstring for what is kept, rendered and recorded."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FormatError(describe(name, "not a valid .docx (the zip container is damaged or truncated)")) from None
    with archive:
        def part(member: str) -> ElementTree.Element | None:
            return _xml(archive, member, name=name, max_bytes=max_bytes)

        document = part("word/document.xml")
        if document is None:
            raise FormatError(describe(name, "a zip file without word/document.xml: not a Word document"))
        styles = _docx_styles(part("word/styles.xml"))
        numbering = _DocxNumbering(part("word/numbering.xml"))
        removed = [(f"docx_{kind}", t) for kind in ("footnote", "endnote", "comment")
                   for t in _docx_notes(part(f"word/{kind}s.xml"), kind)]
        metadata = _docx_core(part("docProps/core.xml"))
    body = document.find(f"{_W}body")
    paragraphs: list[str] = []
    headings: dict[str, int] = {}
    tables = 0
    for element in _block_items(body if body is not None else document):
        if element.tag == f"{_W}p":
            text = _docx_paragraph(element, styles, numbering)
            if text.strip():
                paragraphs.append(text.strip())
                level = _heading_level(element, styles)
                if level is not None:
                    headings[text.strip()] = level
        elif element.tag == f"{_W}tbl":
            tables += 1
            for row in element.iter(f"{_W}tr"):
                cells = ["".join(_docx_paragraph(p, styles, None) for p in cell.iter(f"{_W}p")).strip()
                         for cell in row.iter(f"{_W}tc")]
                if any(cells):
                    paragraphs.append(" | ".join(cells))
    notes = [describe(name, f"{tables} table(s) flattened to one paragraph a row (cells joined by ' | ')")] if tables else []
    if numbering.unknown:
        notes.append(describe(name, f"automatic numbering in a format not known ({', '.join(sorted(numbering.unknown))}):"
                                    " written as 1, 2, 3"))
    return Document("\n\n".join(paragraphs), "docx", "docx", metadata, removed, notes, headings)


def _heading_level(paragraph: ElementTree.Element, styles: dict[str, dict[str, object]]) -> int | None:
    """1 for a paragraph in 标题 1/Heading 1 (or with outline level 0), 2 for 标题 2 … ; ``None`` for body
    text and for the document's title style."""
    ppr = paragraph.find(f"{_W}pPr")
    outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if outline is not None:
        value = int(outline.get(f"{_W}val", "9"))
        return value + 1 if value < 9 else None
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    found = styles.get(style.get(f"{_W}val", "")) if style is not None else None
    if found is None:
        return None
    match = _HEADING_STYLE.match(str(found["name"]).strip())
    if match and match.group(1):
        return int(match.group(1))
    level = found["outline"]
    return int(level) + 1 if isinstance(level, int) and level < 9 else None


def _block_items(parent: ElementTree.Element) -> list[ElementTree.Element]:
    """Paragraphs and tables in document order, looking inside content controls (w:sdt)."""
    items = []
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            items.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                items += _block_items(content)
    return items


def _docx_styles(root: ElementTree.Element | None) -> dict[str, dict[str, object]]:
    """Style id -> its name, heading level and numbering (following ``basedOn``)."""
    if root is None:
        return {}
    raw: dict[str, dict[str, object]] = {}
    for style in root.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId") or ""
        name = style.find(f"{_W}name")
        based = style.find(f"{_W}basedOn")
        ppr = style.find(f"{_W}pPr")
        outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        num = ppr.find(f"{_W}numPr") if ppr is not None else None
        raw[style_id] = {
            "name": name.get(f"{_W}val") if name is not None else style_id,
            "based": based.get(f"{_W}val") if based is not None else None,
            "outline": int(outline.get(f"{_W}val", "9")) if outline is not None else None,
            "num": _num_pr(num) if num is not None else None,
        }
    resolved: dict[str, dict[str, object]] = {}
    for style_id, style in raw.items():
        merged = dict(style)
        seen = {style_id}
        parent = style["based"]
        while parent in raw and parent not in seen:
            seen.add(parent)  # type: ignore[arg-type]
            for key in ("outline", "num"):
                if merged[key] is None:
                    merged[key] = raw[parent][key]  # type: ignore[index]
            parent = raw[parent]["based"]  # type: ignore[index]
        resolved[style_id] = merged
    return resolved


def _num_pr(element: ElementTree.Element) -> tuple[str, int] | None:
    num_id = element.find(f"{_W}numId")
    level = element.find(f"{_W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{_W}val", "0"), int(level.get(f"{_W}val", "0")) if level is not None else 0


_CN_DIGITS = "〇一二三四五六七八九"


def _roman(n: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


#: Word's number formats (w:numFmt) and how each writes n
NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "chineseCounting": cn_number_text,
    "chineseCountingThousand": cn_number_text,
    "chineseLegalSimplified": lambda n: "".join("零壹贰叁肆伍陆柒捌玖"[int(d)] for d in str(n)),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "ideographZodiac": lambda n: "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12],
    "taiwaneseCounting": cn_number_text,
    "taiwaneseCountingThousand": cn_number_text,
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    # WPS writes the visible 一、 as japaneseCounting; japaneseLegal is 壱弐参; japaneseDigitalTenThousand 〇一二
    "japaneseCounting": cn_number_text,
    "japaneseLegal": lambda n: cn_number_text(n).translate(str.maketrans("一二三五十", "壱弐参伍拾")),
    "japaneseDigitalTenThousand": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


class _DocxNumbering:
    """Word's automatic numbering: counters per list, rendered with each level's ``lvlText``."""

    def __init__(self, root: ElementTree.Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId -> level -> (start, fmt, text)
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> current value
        self.legal: set[tuple[str, int]] = set()  # (abstractNumId, level) with w:isLgl: every number decimal
        self.unknown: set[str] = set()  # number formats met that are not in NUMBER_FORMATS (written as 1, 2, 3)
        if root is None:
            return
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in abstract.iter(f"{_W}lvl"):
                start = level.find(f"{_W}start")
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                if level.find(f"{_W}isLgl") is not None:
                    self.legal.add((abstract.get(f"{_W}abstractNumId", ""), int(level.get(f"{_W}ilvl", "0"))))
                levels[int(level.get(f"{_W}ilvl", "0"))] = (
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                )
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            abstract = num.find(f"{_W}abstractNumId")
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(start.get(f"{_W}val", "1"))
            if abstract is not None:
                self.lists[num.get(f"{_W}numId", "")] = (abstract.get(f"{_W}val", ""), overrides)

    def label(self, num_id: str, level: int) -> str:
        """The number Word shows before the next paragraph of list ``num_id`` at ``level`` (advancing it)."""
        if num_id not in self.lists or num_id == "0":
            return ""
        abstract, overrides = self.lists[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        start = overrides.get(level, levels[level][0])
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a higher level restarts the levels below it

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if index not in levels:
                return ""
            start_value, fmt, _ = levels[index]
            n = counters.get(index, overrides.get(index, start_value))
            if (abstract, level) in self.legal:
                return str(n)  # isLgl: a legal list writes every level's number in digits (1.1, not 一.1)
            if fmt not in NUMBER_FORMATS:
                self.unknown.add(fmt)
            return NUMBER_FORMATS.get(fmt, str)(n)

        return re.sub(r"%(\d)", value, levels[level][2])


def _docx_paragraph(paragraph: ElementTree.Element, styles: dict[str, dict[str, object]],
                    numbering: _DocxNumbering | None) -> str:
    """A paragraph's accepted text (insertions in, deletions and moved-away text out), with its automatic
    number in front."""
    text = "".join(_accepted_text(paragraph))
    if numbering is None:
        return text
    ppr = paragraph.find(f"{_W}pPr")
    num = None
    style_id = None
    if ppr is not None:
        style = ppr.find(f"{_W}pStyle")
        style_id = style.get(f"{_W}val") if style is not None else None
        direct = ppr.find(f"{_W}numPr")
        num = _num_pr(direct) if direct is not None else None
    if num is None and style_id in styles:
        num = styles[style_id]["num"]  # type: ignore[assignment]
    if num is None or not text.strip():
        return text
    label = numbering.label(*num)
    if label and text.lstrip().startswith(label):  # the number was also typed
        return text
    return label + text


def _accepted_text(element: ElementTree.Element) -> list[str]:
    out: list[str] = []
    for child in element:
        tag = child.tag
        if tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"):
            continue
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}noBreakHyphen",):
            out.append("-")
        else:
            out += _accepted_text(child)
    return out


def _docx_notes(root: ElementTree.Element | None, kind: str) -> list[str]:
    if root is None:
        return []
    notes = []
    for note in root.iter(f"{_W}{kind}"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "".join("".join(_accepted_text(p)) for p in note.iter(f"{_W}p")).strip()
        if text:
            notes.append(text)
    return notes


def _docx_core(root: ElementTree.Element | None) -> dict[str, object]:
    if root is None:
        return {}
    names = {"{http://purl.org/dc/elements/1.1/}title": "doc_title",
             "{http://purl.org/dc/elements/1.1/}creator": "doc_author",
             "{http://purl.org/dc/terms/}created": "doc_created"}
    return {names[c.tag]: c.text.strip() for c in root if c.tag in names and c.text and c.text.strip()}
