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
import zipfile
from pathlib import Path

from lectureanalysis.errors import (
    UnreadableFileError,
    describe,
)
from lectureanalysis.text.decoding import (
    gb18030_name,
)


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
