"""What every reader returns (:class:`Document`), the formats known by suffix, and the limits that bound a
file's size.
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
