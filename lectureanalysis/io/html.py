"""Web pages (.html, .htm, .mhtml): the article body without navigation, comments or related links, with the
page's own charset, title, date and site (extra ``formats``: trafilatura).
"""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

from lectureanalysis.errors import (
    describe,
)
from lectureanalysis.io.documents import EXTRA, Document, FormatError
from lectureanalysis.structure.characters import count_chars
from lectureanalysis.text.decoding import (
    decode_bytes,
    looks_chinese,
)

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
