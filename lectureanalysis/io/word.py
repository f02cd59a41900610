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

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from lectureanalysis.errors import (
    describe,
)
from lectureanalysis.io.documents import Document, FormatError
from lectureanalysis.io.docx import read_docx
from lectureanalysis.text.decoding import decode_bytes, plausible_chinese

#: LibreOffice and antiword get this long to convert a .doc/.wps
CONVERT_SECONDS = 120


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
