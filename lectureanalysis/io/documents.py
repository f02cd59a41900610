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

from dataclasses import dataclass, field

from lectureanalysis.errors import (
    CorpusError,
)

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
#: files larger than this are refused (``max_bytes=``): far above any speech, well below the machine's memory
MAX_BYTES = 200_000_000
