"""Every file a user really has, read into the plain text the loader parses.

Each reader turns one document's bytes into a :class:`Document`: the text in the genre's plain-text form (one
paragraph a line, paragraphs separated by blank lines, the outline's numbers written out), what the reader
took out of it (footnotes, comments, page numbers, running headers — kept and reported, never dropped), the
document's own metadata and notes for the user. The loader then parses that text like a ``.txt`` file.

- ``.txt``: decoded as :func:`lectureanalysis.text.decode_bytes` does.
- ``.md``: Markdown syntax (``#`` heading marks, emphasis, links, list markers) removed; the words kept.
- ``.docx`` (read from its XML with the standard library; no dependency): paragraphs as Word has them,
  **automatic numbering** rendered from ``numbering.xml`` (``%1、`` with ``chineseCounting`` gives 一、), tables
  flattened to one paragraph a row, footnotes and comments kept out of the body (recorded), tracked changes
  taken as accepted (insertions kept, deletions dropped), core properties as ``doc_title``, ``doc_author``,
  ``doc_created``.
- ``.html``/``.htm``/``.mhtml`` (extra ``formats``: trafilatura): the article body, not navigation, comments or
  related links; charset from the page's own declaration; title, date and site from its metadata.
- ``.pdf`` (extra ``formats``: pypdfium2): text in reading order, lines re-joined into paragraphs (a line that
  stops before the right margin ends one, an indented line starts one), GB/T 9704 page numbers (``— 3 —``) and
  headers/footers repeated on most pages removed and recorded; a PDF without a text layer is refused with a
  message that it needs OCR.
- ``.doc``/``.wps``: converted with LibreOffice (``soffice``) or ``antiword`` when one is installed, else refused
  with a message naming what to install.
"""

from __future__ import annotations

import html as html_module
import io
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .errors import CorpusError, DecodingError, EmptySpeechError, NotTextError, UnreadableFileError, describe
from .structure import cn_number_text, count_chars
from .text import check_not_markup, decode_bytes, gb18030_name, looks_chinese, plausible_chinese

#: file suffixes read as speeches, and the format each gives in ``source_format``
FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".html": "html",
    ".htm": "html", ".mhtml": "mhtml", ".mht": "mhtml", ".pdf": "pdf", ".doc": "doc", ".wps": "wps",
}
#: archives whose members are read in place
ARCHIVES = frozenset({".zip"})
#: what to install for a format whose reader needs an optional dependency
EXTRA = "pip install 'lectureanalysis[formats]'"


class FormatError(CorpusError):
    """A document cannot be read in its format (a broken .docx, an encrypted or scanned .pdf, a page with no
    article, a missing converter)."""


@dataclass
class Document:
    """One document's text, ready for the loader, and what reading it found."""

    text: str
    encoding: str  # the text encoding, or the format for binary formats ("docx", "pdf")
    source_format: str
    metadata: dict[str, object] = field(default_factory=dict)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) taken out by the reader
    notes: list[str] = field(default_factory=list)
    headings: dict[str, int] = field(default_factory=dict)  # paragraphs the document styles as headings: level


#: the most a part of a .docx may unpack to, and the most a web page may be, unless max_bytes is smaller (an
#: article page is well under 5 MB; a 50 MB page takes the extractor minutes and gigabytes)
MAX_PART_BYTES = 200_000_000
MAX_HTML_BYTES = 20_000_000
#: a PDF with more pages than this is no speech; reading one stops after this many seconds
MAX_PDF_PAGES = 2_000
PDF_SECONDS = 120.0
#: LibreOffice and antiword get this long to convert a .doc/.wps
CONVERT_SECONDS = 120


def read_document(data: bytes, *, name: str | Path, suffix: str, encoding: str = "auto",
                  max_bytes: int = MAX_PART_BYTES) -> Document:
    """Read a document's bytes by its suffix (``.txt``, ``.md``, ``.docx``, ``.html``, ``.pdf`` …).
    Errors name the document (``name``) and the problem. ``max_bytes`` bounds what a container unpacks to
    (every part of a .docx); web pages are bounded by :data:`MAX_HTML_BYTES`, PDFs by :data:`MAX_PDF_PAGES`
    and :data:`PDF_SECONDS`, converters by :data:`CONVERT_SECONDS`."""
    kind = FORMATS.get(suffix.lower(), "txt")
    if not data:
        raise EmptySpeechError(describe(name, "file is empty (0 bytes)"))
    if kind == "docx":
        return read_docx(data, name=name, max_bytes=max_bytes)
    if kind == "pdf":
        return read_pdf(data, name=name)
    if kind in ("html", "mhtml"):
        limit = min(max_bytes, MAX_HTML_BYTES)
        if len(data) > limit:
            raise FormatError(describe(name, f"a web page of {len(data) / 1e6:,.1f} MB, more than the {limit / 1e6:,.0f} "
                                             "MB an article page holds: not read (save the article's text as .txt)"))
        return read_html(data, name=name, mhtml=kind == "mhtml")
    if kind in ("doc", "wps"):
        return read_legacy_word(data, name=name, suffix=suffix)
    text, used = decode_bytes(data, name=name, encoding=encoding)
    check_not_markup(text, name=name)
    metadata, removed, notes = {}, [], []
    if used.startswith("utf-8 ("):  # a few bytes that are not UTF-8: read, and said
        notes.append(describe(name, f"UTF-8 with {used.removeprefix('utf-8 (').rstrip(')')} by U+FFFD (�): the rest "
                                    "is read; fix the file to keep those characters"))
        used = "utf-8"
    front = FRONT_MATTER.match(text)
    values, unread = read_front_matter(front["body"]) if front else ({}, [])
    if values:  # YAML front matter (--- … ---): the file's metadata, never its text
        metadata = {FRONT_MATTER_KEYS.get(key.lower(), key): value for key, value in values.items()}
        removed.append(("front_matter", front.group().strip()))  # type: ignore[union-attr]
        notes += [describe(name, f"front matter line not understood, kept in the boilerplate column: {line!r}")
                  for line in unread]
        text = text[front.end():]  # type: ignore[union-attr]
    if kind == "md":
        text, taken = markdown_furniture(text)
        return Document(markdown_to_text(text), used, "md", metadata, removed + taken, notes)
    return Document(text, used, "txt", metadata, removed, notes)


#: front matter keys and the speech columns they fill (other keys become columns of their own name); the
#: title is kept beside the file's own title, which wins (a portal's page title is often only 2010年政府工作报告)
FRONT_MATTER_KEYS = {"title": "front_matter_title", "source": "source_url", "url": "source_url",
                     "link": "source_url", "source_url": "source_url", "author": "speaker", "speaker": "speaker"}
#: YAML front matter: a ``---`` line opening the file, key lines, a closing ``---`` (or ``...``) line
FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\n(?P<body>(?:.*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*|[\u4e00-\u9fff]{1,8})[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_YAML_ITEM = re.compile(r"^[ \t]+-[ \t]+(?P<value>.*?)[ \t]*$|^-[ \t]+(?P<top>.*?)[ \t]*$")


def read_front_matter(body: str) -> tuple[dict[str, object], list[str]]:
    r"""The keys of a front matter block, as the subset of YAML that collections of texts write: ``key: value``
    lines (quotes around the value dropped) and ``key:`` followed by ``- item`` lines (a list, joined by a
    space). Returns ``(values, lines not understood)``; an empty value is left out.

    >>> read_front_matter("title: 2010年政府工作报告\nsource:\n  - https://a.cn/1\n  - https://a.cn/2\n")
    ({'title': '2010年政府工作报告', 'source': 'https://a.cn/1 https://a.cn/2'}, [])
    """
    values: dict[str, object] = {}
    unread: list[str] = []
    key = None
    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _YAML_ITEM.match(line)
        if item and key is not None:
            value = _unquote(item["value"] if item["value"] is not None else item["top"])
            values[key] = f"{values[key]} {value}".strip() if values.get(key) else value
            continue
        pair = _YAML_KEY.match(line)
        if pair is None:
            unread.append(line.strip())
            continue
        key = pair["key"]
        values[key] = _unquote(pair["value"])
    return {k: v for k, v in values.items() if v != ""}, unread


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)
#: a footnote definition and its continuation lines (indented, as Markdown writes them)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]]+)\]:[ \t]*(?P<text>.*)(?:\n(?:[ \t]{2,}|\t).*)*$", re.M)
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\](?!:)")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def markdown_furniture(text: str) -> tuple[str, list[tuple[str, str]]]:
    r"""What Markdown as published holds besides the text: HTML comments a maintainer added (photo captions,
    来源：…) and footnote definitions (``[^1]: …``) are taken out and returned as ``(kind, text)``; footnote
    marks (``[^1]``) go; ``<br>`` is a line break; HTML entities, escaped once or twice over (``&amp;ldquo;``),
    become their characters.

    >>> markdown_furniture("<!-- 图为：省长作报告 -->\n**报告[^1]**\n甲<br>乙&amp;ldquo;\n[^1]: 根据文件刊印")
    ('\n**报告**\n甲\n乙“\n', [('html_comment', '图为：省长作报告'), ('footnote', '[^1]: 根据文件刊印')])
    """
    taken = [("html_comment", m.group(1).strip()) for m in _HTML_COMMENT.finditer(text) if m.group(1).strip()]
    text = _HTML_COMMENT.sub("", text)
    taken += [("footnote", m.group().strip()) for m in _FOOTNOTE_DEFINITION.finditer(text)]
    text = _FOOTNOTE_DEFINITION.sub("", text)
    text = _BREAK.sub("\n", _FOOTNOTE_MARK.sub("", text))
    for _ in range(3):  # &amp;amp;rdquo; was escaped twice
        if not _ENTITY.search(text):
            break
        text = _ENTITY.sub(lambda m: html_module.unescape(m.group()), text)
    return text, taken


# -- Markdown ------------------------------------------------------------------------------------------

_MD_RULES = (
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$", re.M), r"\1"),  # ## 一、标题 ##
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(?=\S)", re.M), ""),  # list markers (not 一、 numbers)
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M), ""),  # rules
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    # a bold numbered heading opening a line, its body after it (**二、推进二次创业，全力振兴…** 振兴东北…): the
    # bold's end is the heading's end, so the body starts a paragraph of its own
    (re.compile(r"^(\s*)\*\*((?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百]+部分)"
                r"[^*\n]*?[^*\s。！？；：])\*\*[ \t\u3000]*(?=[^*\s])", re.M), "\\1\\2\n\n"),
    # bold; a single * is left alone: in this genre it masks a name (***总书记, *书记), it is not emphasis
    (re.compile(r"(?<!\*)\*\*(?=[^*\s])(.+?)(?<=[^*\s])\*\*(?!\*)|(?<!_)__(?=\S)(.+?)(?<=\S)__(?!_)"),
     lambda m: m.group(1) or m.group(2)),
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # code
    (re.compile(r"^\*{3}(?=[^*\s])([^*]+?)\*{2,3}$"), r"\1"),  # ***标题** : bold that lost a star
)


def markdown_to_text(text: str) -> str:
    """Markdown to plain text, keeping every word: heading marks, list markers, bold and link syntax go
    (single asterisks stay: they mask names, ``***总书记``).

    >>> markdown_to_text("# 讲话\\n\\n## 一、**提高**认识\\n\\n- 要[学习](https://x.cn)。***总书记、*书记")
    '讲话\\n\\n一、提高认识\\n\\n要学习。***总书记、*书记'
    >>> markdown_to_text("**——2009年1月10日在会议上\\n省长 黄小晶**")
    '——2009年1月10日在会议上\\n省长 黄小晶'
    >>> markdown_to_text("**二、推进创业，振兴老工业基地** 振兴东北是重大战略。")
    '二、推进创业，振兴老工业基地\\n\\n振兴东北是重大战略。'
    """
    lines = text.split("\n")
    out, fenced = [], False
    for line in lines:  # fenced code blocks stay as they are
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        out.append(line if fenced else _md_line(line))
    return "\n".join(out)


#: a bold mark left alone on its line: bold spanning two lines (**——2009年…会议上 / 省长 黄小晶**)
_LONE_BOLD = re.compile(r"^(\s*)\*\*(?=[^*\s])|(?<=[^*\s])\*\*(\s*)$")


def _md_line(line: str) -> str:
    for pattern, replacement in _MD_RULES:
        line = pattern.sub(replacement, line)
    if len(re.findall(r"(?<!\*)\*\*(?!\*)", line)) == 1:
        line = _LONE_BOLD.sub(lambda m: m.group(1) or m.group(2) or "", line)
    return line


# -- .docx ---------------------------------------------------------------------------------------------

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


# -- .doc / .wps ---------------------------------------------------------------------------------------


def read_legacy_word(data: bytes, *, name: str | Path, suffix: str) -> Document:
    """Word 97-2003 ``.doc`` (and WPS ``.wps``) through LibreOffice, else ``antiword``/``catdoc`` for .doc."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="lectureanalysis-doc-") as folder:
        source = Path(folder) / f"document{suffix.lower()}"
        source.write_bytes(data)
        if office:
            result = _convert([office, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)],
                              "LibreOffice", name)
            converted = Path(folder) / "document.docx"
            if result.returncode == 0 and converted.is_file():
                document = read_docx(converted.read_bytes(), name=name)
                document.source_format = suffix.lower().lstrip(".")
                return _checked_conversion(document, "LibreOffice", name)
            raise FormatError(describe(name, f"LibreOffice could not convert it ({result.stderr.decode(errors='replace')[:200]})"))
        tool = shutil.which("antiword") or shutil.which("catdoc")
        if tool and suffix.lower() == ".doc":
            result = _convert([tool, str(source)], Path(tool).name, name)
            if result.returncode == 0 and result.stdout.strip():
                text, used = decode_bytes(result.stdout, name=name)
                return _checked_conversion(Document(text, used, "doc", notes=[
                    describe(name, f"converted with {Path(tool).name}")]), Path(tool).name, name)
            raise FormatError(describe(name, f"{Path(tool).name} could not read it"))
    needs = "LibreOffice (apt-get install libreoffice-writer)" + (" or antiword" if suffix.lower() == ".doc" else "")
    raise FormatError(describe(name, f"{suffix.lower()} files need {needs} to be read; or save it as .docx"))


def _convert(command: list[str], tool: str, name: str | Path) -> subprocess.CompletedProcess[bytes]:
    """Run a converter, bounded by :data:`CONVERT_SECONDS` (a .doc that makes it hang is refused, not waited on)."""
    try:
        return subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise FormatError(describe(name, f"{tool} did not finish converting it in {CONVERT_SECONDS} s: not read")) from None


def _checked_conversion(document: Document, tool: str, name: str | Path) -> Document:
    """A converter's text passes the plausibility check any decoding passes (junk bytes named .doc come back
    as a page of Latin letters and symbols, not as a speech)."""
    if not plausible_chinese(document.text):
        sample = re.sub(r"\s+", " ", document.text.strip())[:40]
        raise FormatError(describe(name, f"{tool} reads it as text that is not Chinese ({sample!r}…): a damaged "
                                         "file, or not a Word document"))
    return document


# -- web pages -----------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)


def _page_text(data: bytes, *, name: str | Path) -> tuple[str, str, list[str]]:
    """Decode a page by its own declaration (``<meta charset>``), checked like any other decoding; else as the
    speeches are decoded. Returns ``(text, encoding, notes)``.

    A declaration counts only when it is a WHATWG encoding label (the labels browsers honour: ``gb2312`` and
    ``gbk`` mean GBK, read as GB18030; ``iso-8859-1`` means windows-1252; ``unicode_escape`` is no label), and
    only when the text it gives is plausible Chinese — a Chinese page declared ``iso-8859-1`` (a portal
    template's default) would otherwise become mojibake. Otherwise the bytes are decoded as a .txt file is,
    and a note says the declaration was set aside.
    """
    import webencodings

    declared = _META_CHARSET.search(data[:4096])
    if not declared:
        text, codec = decode_bytes(data, name=name)
        return text, codec, []
    label = declared.group(1).decode("ascii", "replace").strip().lower()
    encoding = webencodings.lookup(label)
    problem = f"declares charset {label!r}, which is no WHATWG encoding label" if encoding is None else ""
    if encoding is not None:
        codec = {"gbk": "gb18030", "utf-8": "utf-8"}.get(encoding.name, encoding.codec_info.name)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            problem = f"declares charset {label!r} but is not in it (first bad byte at {exc.start})"
        else:
            if looks_chinese(text):
                return text, codec, []
            problem = f"declares charset {label!r}, which gives no Chinese text"
    text, codec = decode_bytes(data, name=name)
    return text, codec, [describe(name, f"{problem}: decoded as {codec} instead")]


def _mhtml_html(data: bytes, *, name: str | Path) -> bytes:
    """The HTML part of a saved ``.mhtml`` page."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                charset = part.get_content_charset()
                if charset and b"charset" not in payload[:4096].lower():
                    payload = f'<meta charset="{charset}">'.encode() + payload
                return payload
    raise FormatError(describe(name, "an .mhtml file without an HTML part"))


#: an article holds at least this many 字 beyond its title, and at least one sentence
MIN_ARTICLE_CHARS = 20


def read_html(data: bytes, *, name: str | Path, mhtml: bool = False) -> Document:
    """A saved web page: the article body as paragraphs (trafilatura), with the page's title, date and site."""
    try:
        import trafilatura
        import webencodings  # noqa: F401 - the declared charset's label is read in _page_text
    except ImportError as exc:
        raise FormatError(describe(name, f"reading web pages needs {exc.name}: {EXTRA}")) from None
    if mhtml:
        data = _mhtml_html(data, name=name)
    page, codec, notes = _page_text(data, name=name)
    result = trafilatura.bare_extraction(page, output_format="python", include_comments=False,
                                         include_tables=True, include_formatting=False, favor_precision=False,
                                         with_metadata=True)
    if result is None:
        raise FormatError(describe(name, "no article text found in this web page"))
    found = result if isinstance(result, dict) else result.as_dict()
    body = (found.get("text") or "").strip()
    title = (found.get("title") or "").strip()
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    prose = "".join(line for line in lines if line != title)
    metadata = {key: value for key, value in (("published", found.get("date")), ("site", found.get("sitename")),
                                              ("source_url", found.get("url"))) if value}
    in_tables = sum(count_chars(line) for line in lines if line.startswith("|"))
    if count_chars(prose) < MIN_ARTICLE_CHARS or not re.search(r"[。！？!?]", prose) or in_tables > 0.5 * count_chars(prose):
        # too little, or a page laid out in tables (old gazette and portal pages): the largest text block
        block = _largest_text_block(page)
        if count_chars(block) < MIN_ARTICLE_CHARS or not re.search(r"[。！？!?]", block):
            raise FormatError(describe(name, "no article text found in this web page"))  # navigation, link lists
        notes.append(describe(name, f"the article extractor found {'a table layout' if in_tables else 'too little'} "
                                    f"in this page (an old gazette or portal page?): read its largest text block "
                                    f"({count_chars(block):,} 字) instead"))
        if title:
            metadata["page_title"] = title
        return Document(html_module.unescape(block), codec, "mhtml" if mhtml else "html", metadata, notes=notes)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return Document("\n\n".join(html_module.unescape(line) for line in lines), codec, "mhtml" if mhtml else "html",
                    metadata, notes=notes)


#: elements that break a line of text (a layout table's cells and rows are blocks of their own)
_BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5",
                         "h6", "center", "blockquote", "section", "article", "dd", "dt", "hr", "pre", "form"})
#: climbing from the densest block, a parent is still the document when what it adds is at most this share of
#: its 字 and mostly not link text (a title row above the body: yes; a navigation column of links: no)
_FRAME_EXTRA = 0.35


def _largest_text_block(page: str) -> str:
    """The text of the page's largest text block, for pages the article extractor cannot read (old gazette and
    portal pages laid out in tables): the element holding the most text of its own (its text and inline
    children's, not its block children's), then up through its parents while each adds at most 35 % of its
    字 and that addition is mostly not links (the title and date rows above the body, not the navigation
    column or the footer); the block's lines (its rows, cells, paragraphs and ``<br>``) are paragraphs."""
    import lxml.html

    root = lxml.html.document_fromstring(page)
    for junk in root.xpath("//script|//style|//noscript|//head"):
        junk.drop_tree()
    body = root.find("body") if root.find("body") is not None else root

    def own(element: object) -> int:
        text = [element.text or ""]  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS:
                text.append(child.text_content())
            text.append(child.tail or "")
        return count_chars("".join(text))

    def links(element: object) -> int:
        return sum(count_chars(a.text_content()) for a in element.iter("a"))  # type: ignore[attr-defined]

    elements = [e for e in body.iter() if isinstance(e.tag, str)]
    block = max(elements, key=own)
    while (parent := block.getparent()) is not None and parent.tag != "html":
        total, extra = count_chars(parent.text_content()), count_chars(parent.text_content()) - count_chars(block.text_content())
        if extra > _FRAME_EXTRA * total or (extra and links(parent) - links(block) >= 0.5 * extra):
            break
        block = parent
    pieces: list[str] = []

    def walk(element: object) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # type: ignore[attr-defined]
        if tag in _BLOCK_TAGS:
            pieces.append("\n")
        if element.text and tag:  # type: ignore[attr-defined]
            pieces.append(element.text)  # type: ignore[attr-defined]
        for child in element:  # type: ignore[attr-defined]
            walk(child)
        if tag in _BLOCK_TAGS:
            pieces.append("\n")
        if element.tail:  # type: ignore[attr-defined]
            pieces.append(element.tail)  # type: ignore[attr-defined]

    walk(block)
    lines = [line.strip() for line in "".join(pieces).replace("\xa0", " ").split("\n")]
    return "\n\n".join(line for line in lines if line)


# -- PDF -----------------------------------------------------------------------------------------------

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


# -- archives ------------------------------------------------------------------------------------------


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as the person who zipped it wrote it: names without the UTF-8 flag (bit 11) are
    stored in the code page of the machine that made the archive — on Chinese Windows GBK — and Python reads
    them as CP437; they are turned back into bytes and decoded as GB18030 when that gives Chinese."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return gb18030_name(raw) or info.filename


def zip_members(path: Path) -> list[tuple[str, str]]:
    """``(member as stored, readable name)`` of the readable files in a zip archive, in archive order."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFileError(describe(path, f"not a readable zip archive ({exc})")) from None
    members = []
    for info in infos:
        if info.is_dir():
            continue
        readable = zip_member_name(info)
        parts = Path(readable.replace("\\", "/")).parts
        if ".." in parts or readable.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", readable):
            members.append((info.filename, UNSAFE_MEMBER + readable))  # a path out of the archive: said, not read
            continue
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        members.append((info.filename, readable))
    return members


#: the mark zip_members puts before a member whose name leads out of the archive (../x.txt, /etc/x, C:\x)
UNSAFE_MEMBER = "\x00unsafe:"


def read_zip_member(path: Path, member: str, *, max_bytes: int) -> bytes:
    """The bytes of one member, refused when it would unpack to more than ``max_bytes``."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
            if info.file_size > max_bytes:
                raise UnreadableFileError(describe(f"{path}/{member}", f"larger than max_bytes={max_bytes:,} bytes "
                                                                        f"({info.file_size:,} bytes unpacked)"))
            if info.flag_bits & 0x1:
                raise UnreadableFileError(describe(f"{path}/{member}", "encrypted inside the zip archive"))
            with archive.open(info) as handle:
                data = handle.read(max_bytes + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
        raise UnreadableFileError(describe(f"{path}/{member}", f"cannot be read from the archive ({exc})")) from None
    if len(data) > max_bytes:
        raise UnreadableFileError(describe(f"{path}/{member}", f"larger than max_bytes={max_bytes:,} bytes"))
    return data


__all__ = [
    "ARCHIVES",
    "FORMATS",
    "DecodingError",
    "Document",
    "FormatError",
    "markdown_to_text",
    "read_document",
    "read_docx",
    "read_html",
    "read_pdf",
    "zip_member_name",
    "zip_members",
]
