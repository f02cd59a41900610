"""One entry for every format: a document's bytes read by its suffix into a :class:`Document`."""

from __future__ import annotations

import stat
from pathlib import Path

from lectureanalysis.errors import (
    CorpusNotFoundError,
    EmptySpeechError,
    UnreadableFileError,
    describe,
)
from lectureanalysis.io.documents import (
    FORMATS,
    MAX_BYTES,
    MAX_HTML_BYTES,
    MAX_PART_BYTES,
    Document,
    FormatError,
)
from lectureanalysis.io.docx import read_docx
from lectureanalysis.io.html import read_html
from lectureanalysis.io.markdown import (
    FRONT_MATTER,
    FRONT_MATTER_KEYS,
    markdown_furniture,
    markdown_to_text,
    read_front_matter,
)
from lectureanalysis.io.pdf import read_pdf
from lectureanalysis.io.word import read_legacy_word
from lectureanalysis.text.decoding import (
    check_not_markup,
    decode_bytes,
)

_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def read_file_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; a folder, FIFO, device or socket (a link to
    ``/dev/zero`` would be read forever, a FIFO would block) is refused with an error naming it."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(describe(path, "is a folder, not a file"))
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "a special file")
            raise UnreadableFileError(describe(path, f"not a regular file ({kind})"))
        if info.st_size > max_bytes:
            raise UnreadableFileError(describe(
                path, f"larger than max_bytes={max_bytes:,} bytes ({info.st_size:,} bytes); pass a larger "
                      "max_bytes= (--max-bytes on the command line) to read it"))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except UnreadableFileError:
        raise
    except FileNotFoundError:
        what = "is a broken link" if path.is_symlink() else "does not exist"
        raise CorpusNotFoundError(describe(path, what)) from None
    except OSError as exc:
        raise UnreadableFileError(describe(path, f"cannot be read ({exc.strerror or exc})")) from None
    if len(data) > max_bytes:  # the file grew while it was read
        raise UnreadableFileError(describe(path, f"larger than max_bytes={max_bytes:,} bytes"))
    return data


def read_document(data: bytes, *, name: str | Path, suffix: str, encoding: str = "auto",
                  max_bytes: int = MAX_PART_BYTES) -> Document:
    """Read a document's bytes by its suffix (``.txt``, ``.md``, ``.docx``, ``.html``, ``.pdf`` …).
    Errors name the document (``name``) and the problem. ``max_bytes`` bounds what a container unpacks to
    (every part of a .docx); web pages are bounded by :data:`MAX_HTML_BYTES`, PDFs by :data:`lectureanalysis.io.pdf.MAX_PDF_PAGES`
    and :data:`~lectureanalysis.io.pdf.PDF_SECONDS`, converters by :data:`lectureanalysis.io.word.CONVERT_SECONDS`."""
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
