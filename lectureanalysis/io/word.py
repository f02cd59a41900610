"""Legacy Word and WPS files (.doc, .wps), converted with LibreOffice or antiword when one is installed."""

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
