"""Load a folder of speech files into a speeches table and a paragraph table.

``load_speeches`` gives one row per speech, ``load_corpus`` one row per paragraph (headings included)
with the speech's metadata on every row, and ``load`` both from one pass over the files.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import stat
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from . import schema
from .errors import (
    CorpusError,
    CorpusNotFoundError,
    CorpusWarning,
    DuplicateSpeechError,
    EmptySpeechError,
    MetadataError,
    UnreadableFileError,
    describe,
    printable,
)
from .formats import ARCHIVES, FORMATS, UNSAFE_MEMBER, Document, read_document, read_zip_member, zip_members
from .parallel import resolve_workers
from .reposts import THRESHOLD, group_signatures, text_signature
from .structure import (
    DATE_LINE,
    SPEAKER_LINE,
    SPEAKER_OFFICES,
    OutlineRow,
    Paragraph,
    TitleBlock,
    announced_sections,
    assemble_paragraphs,
    count_chars_many,
    ends_sentence,
    find_repeated_runs,
    find_table_of_contents,
    numbering_gaps,
    parse_date,
    parse_outline,
    split_documents,
    split_title_block,
)
from .text import (
    BoilerplatePattern,
    Masked,
    Removed,
    decode_bytes,
    detect_script,
    gb18030_name,
    mask_boilerplate,
    normalise_text,
    resolve_boilerplate,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

Errors = Literal["warn", "raise"]
Duplicates = Literal["warn", "keep", "drop"]
Source = str | Path | Sequence[str | Path]
Metadata = pd.DataFrame | str | Path | None
BoilerplateOption = None | str | Path | dict[str, str] | list[BoilerplatePattern]

#: manifest files read from a corpus folder and joined on the file name (the first one present is used)
MANIFEST_NAMES = ("metadata.csv", "metadata.tsv", "metadata.xlsx", "index.csv", "index.tsv")
#: a corpus folder's own documentation (README.md, SOURCE.md, LICENSE): not speeches, not reported
CORPUS_DOCUMENTATION = re.compile(
    r"^(?:readme|sources?|licen[cs]e|copying|changelog|notes|sha256sums|md5sums|checksums)(?:\.[a-z0-9]+)?$", re.I)
#: files larger than this are refused (``max_bytes=``): far above any speech, well below the machine's memory
MAX_BYTES = 200_000_000
#: columns a manifest may use to name the file a row describes
MANIFEST_KEYS = ("file", "source_file", "filename", "file_name", "speech_id")
#: speech columns a manifest or metadata table may set; other metadata columns are kept as extra columns
OVERRIDABLE = ("title", "subtitle", "occasion", "date", "year", "speaker", "speaker_title", "source_url", "published",
               "place", "level")


@dataclass
class ParsedSpeech:
    """Everything the loader learnt about one file, before it becomes table rows."""

    speech_id: str
    source_file: str
    encoding: str
    normalised: str
    masked: Masked
    block: TitleBlock
    rows: list[OutlineRow]
    paragraph_marks: str
    n_chars: list[int]  # 字 of each row, as count_chars counts them
    #: second copies kept out of the paragraphs: (first paragraph, paragraphs, 字, paragraph copied), in the
    #: numbering of the paragraphs as cut (title block included)
    repeated: list[tuple[int, int, int, int]] = field(default_factory=list)


# -- one file ------------------------------------------------------------------------------------------


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


def read_speech_text(path: str | Path, *, encoding: str = "auto", max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """The text the loader parses for one file, in any supported format: ``(text, encoding_used)`` (for a
    .docx or .pdf the "encoding" is the format). Errors name the file and the problem."""
    path = Path(path)
    document = read_document(read_file_bytes(path, max_bytes=max_bytes), name=path, suffix=path.suffix,
                             encoding=encoding)
    return document.text, document.encoding


def parse_speech(
    text: str,
    *,
    speech_id: str = "speech",
    source_file: str = "<text>",
    encoding: str = "utf-8",
    boilerplate: BoilerplateOption = None,
    headings: dict[str, int] | None = None,
) -> ParsedSpeech:
    """Parse decoded text: normalise, mask boilerplate, cut paragraphs, take the title block, outline.
    ``headings``: paragraphs the document styles as headings (text -> level), as a .docx reader finds them."""
    patterns = boilerplate if isinstance(boilerplate, tuple) else resolve_boilerplate(boilerplate)
    normalised = normalise_text(text)
    if not normalised.strip():
        raise EmptySpeechError(describe(source_file, "holds only whitespace"))
    masked = mask_boilerplate(normalised, patterns)
    paragraphs, marks = assemble_paragraphs(masked.text)
    paragraphs, repeated = _drop_repeated_runs(paragraphs, masked)
    block, body = split_title_block(paragraphs)
    styled = {normalise_text(text).strip(): level for text, level in (headings or {}).items()}
    rows = parse_outline(body, styled=styled)
    counts = count_chars_many([r.paragraph.text for r in rows])
    title_block = [block.title, *(line.text for line in block.lines)]
    if not sum(counts) and not sum(count_chars_many(title_block)):  # boilerplate (masked) is not counted
        if masked.removed:
            kinds = ", ".join(sorted({r.kind for r in masked.removed}))
            raise EmptySpeechError(describe(source_file, f"holds nothing but boilerplate ({kinds})"))
        raise EmptySpeechError(describe(
            source_file, "holds no 字 (no Chinese character, letter or digit, only punctuation)"))
    return ParsedSpeech(speech_id, source_file, encoding, normalised, masked, block, rows, marks, counts, repeated)


def _drop_repeated_runs(paragraphs: list[Paragraph], masked: Masked) -> tuple[list[Paragraph], list[tuple[int, int, int, int]]]:
    """Keep second copies of the text (see :func:`lectureanalysis.structure.find_repeated_runs`) out of the
    paragraphs, recorded as boilerplate of kind ``repeated_text``; and so a table of contents at the top
    (:func:`lectureanalysis.structure.find_table_of_contents`), kind ``table_of_contents``."""
    dropped: set[int] = set()
    contents = find_table_of_contents(paragraphs)
    if contents is not None:
        _record(paragraphs[contents[0]:contents[1]], masked, "table_of_contents")
        dropped.update(range(*contents))
    described = []
    for start, end, first in find_repeated_runs(paragraphs):
        _record(paragraphs[start:end], masked, "repeated_text")
        dropped.update(range(start, end))
        described.append((start, end - start, sum(count_chars_many([p.text for p in paragraphs[start:end]])), first))
    if not dropped:
        return paragraphs, []
    masked.removed.sort(key=lambda r: r.start)
    return [p for i, p in enumerate(paragraphs) if i not in dropped], described


def _record(paragraphs: list[Paragraph], masked: Masked, kind: str) -> None:
    masked.removed += [Removed(offset, offset + len(piece), piece, kind)
                       for paragraph in paragraphs for offset, piece in paragraph.pieces]


def speech_segments(parsed: ParsedSpeech) -> pd.DataFrame:
    """The audit trail of a parsed speech: where every piece of its text went.

    One row per contiguous span of the normalised text that became (part of) the title, a title-block
    line, a paragraph or heading, or removed boilerplate: ``role, index, start, end, text, kind``, in text
    order. ``index`` is the paragraph's ``para_id`` (the line's position for the title block, the piece's
    position for boilerplate); ``kind`` is the heading style or the boilerplate pattern's name. Read in
    order, the non-whitespace characters of ``text`` are exactly those of the normalised file.
    """
    records = []
    if parsed.block.title_paragraph is not None:
        records += [("title", 0, s, s + len(t), t, "") for s, t in parsed.block.title_paragraph.pieces]
    for index, paragraph in enumerate(parsed.block.lines):
        records += [("title_block", index, s, s + len(t), t, "") for s, t in paragraph.pieces]
    for index, row in enumerate(parsed.rows):
        role = "heading" if row.is_heading else "paragraph"
        records += [(role, index, s, s + len(t), t, row.style) for s, t in row.paragraph.pieces]
    records += [("boilerplate", i, r.start, r.end, r.text, r.kind) for i, r in enumerate(parsed.masked.removed)]
    frame = pd.DataFrame(records, columns=["role", "index", "start", "end", "text", "kind"])
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


# -- file names and metadata ---------------------------------------------------------------------------

_FILENAME_DATE = re.compile(
    r"^(?P<date>(?P<y>(?:19|20)\d{2})(?:[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)"
    r"|年(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?)?)(?!\d)"
)


def metadata_from_filename(stem: str) -> dict[str, object]:
    """Read date, speaker and title from a file name written as the field does.

    >>> metadata_from_filename("2020-01-08_讲话人_标题")
    {'date': Timestamp('2020-01-08 00:00:00'), 'year': 2020, 'speaker': '讲话人', 'title': '标题'}
    >>> metadata_from_filename("1954政府工作报告_周恩来")
    {'year': 1954, 'speaker': '周恩来', 'title': '政府工作报告'}
    >>> metadata_from_filename("2019")
    {'year': 2019}
    """
    out: dict[str, object] = {}
    rest = stem
    match = _FILENAME_DATE.match(stem)
    if match:
        year = int(match["y"])
        month, day = match["m"] or match["m2"], match["d"] or match["d2"]
        if month:
            with contextlib.suppress(ValueError):  # 2020-13-45 is a number in the name, not a date
                out["date"] = pd.Timestamp(year=year, month=int(month), day=int(day or 1))
        out["year"] = year
        rest = stem[match.end():]
    parts = [p.strip() for p in re.split(r"[_＿]+", rest.strip(" -_.")) if p.strip()]
    if not parts:
        return out
    name_like = [bool(re.fullmatch(r"[\u4e00-\u9fff*＊×]{2,4}", p) or SPEAKER_LINE.match(p)) for p in parts]
    if len(parts) >= 2 and name_like[0]:
        out["speaker"], out["title"] = parts[0], "_".join(parts[1:])
    elif len(parts) >= 2 and name_like[-1]:
        out["speaker"], out["title"] = parts[-1], "_".join(parts[:-1])
    elif len(parts) == 1 and name_like[0] and "year" in out:
        out["speaker"] = parts[0]
    else:
        out["title"] = "_".join(parts)
    return out


def read_metadata_table(path: str | Path) -> pd.DataFrame:
    """Read a metadata table from a ``.csv``, ``.tsv``/``.tab`` or ``.xlsx`` file, every cell as text.

    Text files are decoded like the speeches (UTF-8 with or without BOM, GB18030/GBK, Big5, UTF-16), so a
    table saved by Excel on Chinese Windows reads as it is; a ``.csv`` separated by tabs or semicolons is
    recognised. Raises :class:`MetadataError` naming the file and the problem.
    """
    path = Path(path)
    if not path.exists():
        raise MetadataError(describe(path, "no such file"))
    try:
        if path.suffix.lower() == ".xls":
            raise MetadataError(describe(path, "an Excel 97–2003 workbook (.xls) is not read; save it as .xlsx or CSV"))
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
            except ImportError:
                raise MetadataError(describe(path, "reading Excel files needs openpyxl: pip install openpyxl")) from None
            except Exception as exc:  # a damaged workbook: openpyxl and zipfile raise many kinds
                raise MetadataError(describe(path, "not a readable Excel workbook (.xlsx): it is damaged, or "
                                                   f"another kind of file renamed ({type(exc).__name__}); save it "
                                                   "again from Excel, or as CSV")) from None
        text, _ = decode_bytes(read_file_bytes(path), name=path)
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        separator = "\t" if path.suffix.lower() in (".tsv", ".tab") or "\t" in first_line else (
            ";" if first_line.count(";") > first_line.count(",") else ",")
        return pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=separator, dtype=str, keep_default_na=False)
    except MetadataError:
        raise
    except (CorpusError, OSError, ValueError) as exc:
        problem = str(exc).removeprefix(f"{printable(path)}: ")
        raise MetadataError(describe(path, f"cannot be read as a table ({problem})")) from None


#: further manifests a folder may hold beside its own (``delivery.metadata.tsv``: facts added to a raw
#: collection without touching it); they are joined after the folder's manifest, so their values win
EXTRA_MANIFEST = re.compile(r"^[^.].*\.metadata\.(?:csv|tsv|xlsx)$", re.I)


def is_manifest(name: str) -> bool:
    """Whether a file name is a manifest (``index.tsv``, ``metadata.csv``, ``delivery.metadata.tsv``)."""
    return name in MANIFEST_NAMES or EXTRA_MANIFEST.match(name) is not None


def _manifest_paths(folder: Path) -> list[Path]:
    """A folder's manifests, lowest precedence first: its own (the first of :data:`MANIFEST_NAMES` present),
    then every ``*.metadata.csv|tsv|xlsx`` in name order."""
    own = next((folder / name for name in MANIFEST_NAMES if (folder / name).is_file()), None)
    extra = sorted(p for p in folder.iterdir() if p.is_file() and EXTRA_MANIFEST.match(p.name)) if folder.is_dir() else []
    return ([own] if own is not None else []) + extra


def _metadata_lookup(table: pd.DataFrame | Path | None, origin: str) -> dict[str, dict[str, object]]:
    if table is None:
        return {}
    if isinstance(table, Path):
        table = read_metadata_table(table)
    if not isinstance(table, pd.DataFrame):
        raise MetadataError(f"metadata: expected a pandas DataFrame or the path of a CSV, TSV or XLSX file, "
                            f"got {type(table).__name__}")
    key = next((k for k in MANIFEST_KEYS if k in table.columns), None)
    if key is None:
        raise MetadataError(
            describe(origin, f"needs a column naming the file ({', '.join(MANIFEST_KEYS)}); "
                             f"has {', '.join(map(str, table.columns))}")
        )
    lookup: dict[str, dict[str, object]] = {}
    seen: dict[str, int] = {}
    for row, record in enumerate(table.to_dict("records"), 2):  # row 1 is the header
        name = str(record.pop(key)).strip()
        if name in seen:
            warnings.warn(describe(origin, f"rows {seen[name]} and {row} both describe {name}: the later row is used"),
                          CorpusWarning, stacklevel=4)
        seen[name] = row
        for k in MANIFEST_KEYS:
            record.pop(k, None)
        values = {k: v for k, v in record.items() if not _missing(v)}
        for column in ("date", "year"):
            if column in values and _coerce(column, values[column]) is None:
                warnings.warn(describe(origin, f"row {row} ({name}): {column} {values[column]!r} is not a "
                                               f"{'date' if column == 'date' else 'year'}; not used"),
                              CorpusWarning, stacklevel=4)
        if "/" in name.replace("\\", "/"):  # a path within the folder: 政府工作报告/2019.txt
            values[_ROW_PATH] = name.replace("\\", "/")  # its bare name matches no file at another path
            lookup[name.replace("\\", "/")] = values
        lookup[Path(name).name] = values
        lookup.setdefault(Path(name).stem, values)
    return lookup


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _coerce(column: str, value: object) -> object:
    if column == "date":
        parsed = pd.to_datetime(value, errors="coerce")
        return None if pd.isna(parsed) else pd.Timestamp(parsed)
    if column == "year":
        try:
            return int(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return value if not isinstance(value, str) else value.strip()


# -- files in a source ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceItem:
    """One speech document to read: a file, or a member of a zip archive (``member``), and the name it goes by
    in the tables (relative to the corpus folder; ``archive.zip/inside/name.docx`` for a member)."""

    path: Path
    name: str
    member: str | None = None

    @property
    def shown(self) -> str:
        """How messages name it: the file's path, or ``archive.zip/member``."""
        return f"{self.path}/{self.member}" if self.member is not None else str(self.path)


def list_speech_files(source: Source, *, pattern: str | None = None) -> tuple[list[Path], Path | None]:
    """The files a source names, in a stable order, and the folder whose manifest applies (if any).

    In a folder, ``pattern=None`` takes every file of a supported type (:data:`formats.FORMATS` and zip
    archives), in the folder and its sub-folders (each sub-folder a ``collection``), but the folders'
    manifests and documentation (README, SOURCE, LICENSE, SHA256SUMS), hidden files and folders, and folders
    holding a report this package wrote; a glob pattern such as ``"*.txt"`` or ``"**/*.docx"`` takes what
    it matches.
    """
    if isinstance(source, (str, Path)):
        if isinstance(source, str) and not source.strip():
            raise CorpusNotFoundError("source: the path is empty; name a folder or a file")
        path = Path(source)
        if not path.exists() and not path.is_symlink():
            raise CorpusNotFoundError(describe(path, "no such file or folder"))
        if path.is_dir():
            if pattern is None:
                files = sorted(p for p in _corpus_files(path) if _is_speech_file(p))
            else:
                files = sorted(p for p in path.glob(pattern) if not p.name.startswith("."))
            if not files:
                looked = "files of a supported type (.txt, .md, .docx, .pdf, .html, .zip …)" if pattern is None \
                    else f"files matching {pattern!r}"
                raise CorpusNotFoundError(describe(path, f"holds no speech files: looked for {looked}"))
            return files, path
        return [path], None
    if isinstance(source, Iterable):
        files = [Path(p) for p in source]
        if not files:
            raise CorpusNotFoundError("source: the list of files is empty")
        return files, None
    raise TypeError(f"source: expected a folder, a file or a list of files, got {type(source).__name__}")


def _supported(name: str) -> bool:
    suffix = Path(name).suffix.lower()
    return suffix in FORMATS or suffix in ARCHIVES


def _is_speech_file(path: Path) -> bool:
    return (not path.name.startswith(".") and _supported(path.name) and not is_manifest(path.name)
            and not CORPUS_DOCUMENTATION.match(path.name))


def unsupported_files(folder: Path) -> list[Path]:
    """Files in ``folder`` and its sub-folders of a type the loader does not read (not hidden, not a
    manifest or a folder's documentation), reported together in one warning."""
    return sorted(p for p in _corpus_files(folder)
                  if p.is_file() and not _supported(p.name) and not is_manifest(p.name) and not CORPUS_DOCUMENTATION.match(p.name))


def report_folders(folder: Path) -> list[Path]:
    """Folders under ``folder`` that hold a report (``index.html`` beside ``figures/`` and ``tables/``): the
    loader does not read them, so a report written into the corpus folder never becomes a speech."""
    return sorted(Path(d) for d, dirs, files in os.walk(folder) if _holds_report(dirs, files))


def _holds_report(dirs: Sequence[str], files: Sequence[str]) -> bool:
    """A folder this package wrote a report into: ``index.html`` beside ``figures/`` and ``tables/``."""
    return "index.html" in files and {"figures", "tables"} <= set(dirs)


def _corpus_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, sub-folders included (hidden ones and report folders not)."""
    found = []
    for directory, dirs, files in os.walk(folder):
        if _holds_report(dirs, files):
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(directory) / f for f in files if not f.startswith(".")]
    return found


def speech_name(path: Path, root: Path | None) -> tuple[str, str | None]:
    """The name a file goes by in the tables (its path relative to the corpus root) and, when the file
    system's name is not valid UTF-8, a note saying how it was read: as GB18030 (what Chinese Windows and
    its zip tools write) when that gives Chinese, else with the bad bytes replaced by U+FFFD."""
    relative = os.path.relpath(path, root) if root is not None else path.name
    try:
        relative.encode("utf-8")
        return relative, None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(relative)
    name = gb18030_name(raw)
    if name is not None:
        return name, f"file name is not UTF-8; read as GB18030: {name}"
    name = raw.decode("utf-8", "replace")
    return name, f"file name is not UTF-8; undecodable bytes shown as \\xNN here and replaced by U+FFFD in the tables: {name}"


def _source_items(files: list[Path], root: Path) -> tuple[list[SourceItem], list[str], list[str]]:
    """The documents to read — files, and the members of zip archives — with the notes about their names
    and the names of archive members of unsupported types."""
    items: list[SourceItem] = []
    notes: list[str] = []
    unsupported: list[str] = []
    for path in files:
        name, note = speech_name(path, root)
        if note:
            notes.append(describe(path, note))
        if path.suffix.lower() not in ARCHIVES:
            items.append(SourceItem(path, name))
            continue
        try:
            members = zip_members(path)
        except CorpusError as exc:
            notes.append(f"{exc}; skipped")
            continue
        for member, readable in members:
            if readable.startswith(UNSAFE_MEMBER):
                notes.append(describe(path, f"member {printable(readable.removeprefix(UNSAFE_MEMBER))!r} names a path "
                                            "outside the archive: not read"))
                continue
            if _supported(readable) and not CORPUS_DOCUMENTATION.match(Path(readable).name):
                items.append(SourceItem(path, f"{name}/{readable}", member))
            else:
                unsupported.append(f"{name}/{readable}")
    return items, notes, unsupported


# -- tables --------------------------------------------------------------------------------------------


@dataclass
class LoadedSpeech:
    """One file's contribution to the tables, small enough to send back from a worker process."""

    path: Path
    encoding: str
    record: dict[str, object]  # speech columns, before metadata
    columns: dict[str, object]  # paragraph columns in compact form (see _paragraph_columns)
    notes: list[str]  # recoverable problems, each becomes one CorpusWarning
    metadata: dict[str, object] = field(default_factory=dict)  # the document's own (docx core properties …)
    signature: bytes = b""  # MinHash signature of the body, for finding reposts (reposts.text_signature)


Split = str | re.Pattern[str] | bool | None


def load_file(path: Path | SourceItem, *, name: str | None = None, encoding: str = "auto",
              boilerplate: BoilerplateOption = None, max_bytes: int = MAX_BYTES,
              split: Split = None) -> list[LoadedSpeech]:
    """Read, decode and parse one file into its speeches' table rows (raises a :class:`CorpusError`
    subclass): one speech, or one per document when the file holds many (see
    :func:`lectureanalysis.structure.split_documents`; ``split`` as there).

    ``path``: a file, or a :class:`SourceItem` (a file or a zip member). ``name``: what the file is called
    in the tables (``source_file``; its stem is the ``speech_id`` and is read for metadata); by default the
    file's name. The documents of a split file are ``<stem>-0001``, ``<stem>-0002`` … (``<stem>-0000`` for
    text before the first header), each dated by its header line.
    """
    item = path if isinstance(path, SourceItem) else SourceItem(Path(path), name or Path(path).name)
    if item.member is None:
        data = read_file_bytes(item.path, max_bytes=max_bytes)
    else:
        data = read_zip_member(item.path, item.member, max_bytes=max_bytes)
    document = read_document(data, name=item.shown, suffix=Path(item.name).suffix, encoding=encoding,
                             max_bytes=max_bytes)
    starts = split_documents(document.text, split=split)
    if len(starts) < 2:
        return [_load_document(item, document, document.text, boilerplate=boilerplate)]
    stem = Path(item.name).stem
    offsets = [start for start, _ in starts] + [len(document.text)]
    pieces = [(f"{stem}-{k:04d}", document.text[a:b], header)
              for k, (a, b, (_, header)) in enumerate(zip(offsets, offsets[1:], starts, strict=False), 1)]
    preamble = document.text[:offsets[0]]
    if count_chars_many([preamble])[0]:
        pieces.insert(0, (f"{stem}-0000", preamble, ""))
    loaded = []
    for speech_id, text, header in pieces:
        try:
            speech = _load_document(item, document, text, boilerplate=boilerplate, speech_id=speech_id)
        except EmptySpeechError:
            continue  # a header with nothing under it
        if header and (date := parse_date(header)) is not None:
            speech.record["date"], speech.record["year"] = date, date.year
        loaded.append(speech)
    first = starts[0][1]
    if loaded:  # the split, and what the reader noted about the whole file, are said once, with the first
        loaded[0].notes[0:0] = [describe(item.shown, f"holds {len(starts)} documents, each opening with a dated "
                                                     f"line like {first!r}: split into {len(loaded)} speeches "
                                                     "(pass split=False to keep it whole)"), *document.notes]
    return loaded


#: a photo caption naming the speaker of the report: 云南省委副书记、代省长李纪恒作政府工作报告
_CAPTION_SPEAKER = re.compile(rf"(?P<office>[\u4e00-\u9fff]{{0,12}}?(?:{'|'.join(SPEAKER_OFFICES)}))"
                              r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?作(?:政府|了)?工作报告")
#: a caption opening with the full date of what the photo shows: 2005年1月23日，天津市市长戴相龙在…作政府工作报告
_CAPTION_DATE = re.compile(r"^\s*(?:\d{4}|[〇一二三四五六七八九○零]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*"
                           r"[\d一二三四五六七八九十]{1,3}\s*日\s*[，,、]")
#: a paragraph longer than this (字) is text whose paragraph marks were lost (the longest in the 52 Government
#: Work Reports has 1,253)
LONG_PARAGRAPH = 3_000


def _load_document(item: SourceItem, document: Document, text: str, *, boilerplate: BoilerplateOption,
                   speech_id: str | None = None) -> LoadedSpeech:
    parsed = parse_speech(text, speech_id=speech_id or Path(item.name).stem, source_file=item.shown,
                          encoding=document.encoding, boilerplate=boilerplate, headings=document.headings)
    notes = list(document.notes) if speech_id is None else []
    longest, total = max(parsed.n_chars, default=0), sum(parsed.n_chars)
    if parsed.paragraph_marks == "none" and total > 300:
        notes.append(describe(item.shown, "nothing marks paragraphs (no line breaks, indents or headings); "
                                          "kept as one paragraph"))
    elif longest > LONG_PARAGRAPH:
        notes.append(describe(item.shown, f"a paragraph of {longest:,} 字 ({longest / total:.0%} of the text): "
                                          "its paragraph marks were probably lost; it is kept as one paragraph"))
    if len(parsed.repeated) == 1:
        start, length, chars, first = parsed.repeated[0]
        notes.append(describe(item.shown, f"holds its text twice: paragraphs {start + 1}–{start + length} repeat "
                                          f"paragraphs {first + 1}–{first + length} ({chars:,} 字); the copy is kept "
                                          "out of the paragraphs and recorded as boilerplate (kind repeated_text)"))
    elif parsed.repeated:
        runs = ", ".join(f"{start + 1}–{start + length}" for start, length, _, _ in parsed.repeated[:5])
        more = f" and {len(parsed.repeated) - 5} more" if len(parsed.repeated) > 5 else ""
        chars = sum(chars for _, _, chars, _ in parsed.repeated)
        notes.append(describe(item.shown, f"holds its text more than once: paragraphs {runs}{more} repeat earlier "
                                          f"ones ({chars:,} 字 in all); the copies are kept out of the paragraphs and "
                                          "recorded as boilerplate (kind repeated_text)"))
    if not parsed.rows:
        notes.append(describe(item.shown, f"holds only a title line ({parsed.block.title}), no body text"))
    body = "".join(r.paragraph.text for r in parsed.rows)  # read for the script and the repost signature
    record = _speech_record(parsed, item.name, body)
    front_title = str(document.metadata.get("front_matter_title", "")).strip()
    if front_title and record["title_source"] == "filename":  # no title line in the file: its front matter's
        record["title"], record["title_source"] = front_title, "front_matter"
        if record["date"] is None or record.get("date_source") == "filename":
            found = parse_date(front_title)
            if found is not None:
                record["date"], record["year"], record["date_source"] = found, found.year, "front_matter_title"
    captions = [t for k, t in document.removed if k == "html_comment"]
    captions += [r.text for r in parsed.masked.removed if r.kind == "photo_caption"]
    if not record["speaker"]:  # the file names no speaker: a photo caption may (…代省长李纪恒作政府工作报告)
        found = next((m for c in captions if (m := _CAPTION_SPEAKER.search(c))), None)
        if found:
            record["speaker"], record["speaker_title"] = found["name"], found["office"]
            record["speaker_source"] = "caption"
    if record["date_source"] in ("", "filename"):  # nor a date: a caption of the report's delivery may
        dated = next((c for c in captions if _CAPTION_DATE.match(c) and "报告" in c), None)
        if dated and (date := parse_date(dated)) is not None:
            record["date"], record["year"], record["date_source"] = date, date.year, "caption"
    if speech_id is not None:
        record["speech_id"] = speech_id
    record["source_format"] = document.source_format
    if document.removed:  # what the reader took out (footnotes, page numbers) is reported like boilerplate
        record["boilerplate"] = "\n".join(filter(None, [record["boilerplate"], *(t for _, t in document.removed)]))
        kinds = [k for k in str(record["boilerplate_kinds"]).split(",") if k] + [k for k, _ in document.removed]
        record["boilerplate_kinds"] = ",".join(dict.fromkeys(kinds))
    signature = text_signature(body).tobytes()
    return LoadedSpeech(item.path, document.encoding, record, _paragraph_columns(parsed), notes, document.metadata,
                        signature)


def _load_file_or_error(item: SourceItem, encoding: str, patterns: tuple[BoilerplatePattern, ...],
                        max_bytes: int, split: Split) -> list[LoadedSpeech] | CorpusError:
    try:
        return load_file(item, encoding=encoding, boilerplate=patterns, max_bytes=max_bytes, split=split)
    except CorpusError as exc:
        return exc


#: corpora at least this large are parsed in worker processes when ``workers`` is left to decide
PARALLEL_BYTES = 16_000_000


def _parse_all(items: list[SourceItem], encoding: str, patterns: tuple[BoilerplatePattern, ...], *,
               max_bytes: int, split: Split, workers: int | None,
               progress: bool | None) -> Iterable[list[LoadedSpeech] | CorpusError]:
    size = sum(_size(i.path) for i in dict.fromkeys(items)) if workers is None and len(items) > 1 else 0
    workers = resolve_workers(workers, size=size, threshold=PARALLEL_BYTES)
    task = partial(_load_file_or_error, encoding=encoding, patterns=patterns, max_bytes=max_bytes, split=split)
    if workers == 1:
        yield from map(task, _progress(items, progress))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(64, len(items) // (workers * 8)))
        results = pool.map(task, items, chunksize=chunk)
        yield from _progress(results, progress, total=len(items))


def _size(path: Path) -> int:
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def load(
    source: Source,
    *,
    encoding: str = "auto",
    metadata: Metadata = None,
    errors: Errors = "warn",
    boilerplate: BoilerplateOption = None,
    pattern: str | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    max_bytes: int = MAX_BYTES,
    duplicates: Duplicates = "warn",
    split: Split = None,
    folders: Sequence[str | None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load a corpus once and return ``(speeches, paragraphs)``; see :func:`load_speeches` and
    :func:`load_corpus` for the options and columns."""
    folders = check_folders(folders)
    if errors not in ("warn", "raise"):
        raise ValueError(f"errors: expected 'warn' or 'raise', got {errors!r}")
    if duplicates not in ("warn", "keep", "drop"):
        raise ValueError(f"duplicates: expected 'warn', 'keep' or 'drop', got {duplicates!r}")
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ValueError(f"max_bytes: expected a positive number of bytes, got {max_bytes!r}")
    files, folder = list_speech_files(source, pattern=pattern)
    patterns = resolve_boilerplate(boilerplate)

    sources = _metadata_sources(folder, metadata, files)
    lookups = []
    for origin, table, scope in sources:
        try:
            lookups.append((origin, _metadata_lookup(table, origin), scope))
        except MetadataError as exc:
            if errors == "raise" or isinstance(table, pd.DataFrame):
                raise
            warnings.warn(f"{exc}; metadata not used", CorpusWarning, stacklevel=2)
    root = folder if folder is not None else _common_parent(files)
    items, notes, unsupported = _source_items(files, root)
    if folder is not None and pattern is None:
        unsupported = [speech_name(p, root)[0] for p in unsupported_files(folder)] + unsupported
        for report in report_folders(folder):
            warnings.warn(describe(report, "holds a report (index.html, figures/, tables/): not read as speeches"),
                          CorpusWarning, stacklevel=2)
    if unsupported:
        shown = ", ".join(unsupported[:10]) + (f" … ({len(unsupported)} in all)" if len(unsupported) > 10 else "")
        warnings.warn(describe(folder if folder is not None else root,
                               f"{len(unsupported)} file(s) of a type that is not read, skipped: {shown}"),
                      CorpusWarning, stacklevel=2)
    for note in notes:
        warnings.warn(note, CorpusWarning, stacklevel=2)
    loaded: list[tuple[str, LoadedSpeech, dict[str, object]]] = []
    seen: dict[str, str] = {}
    failures = 0
    stems = Counter(Path(item.name).stem for item in items)
    path_ids = any(n > 1 for n in stems.values())  # stems collide: every id is the file's path
    for results in _parse_all(items, encoding, patterns, max_bytes=max_bytes, split=split, workers=workers,
                              progress=progress):
        if isinstance(results, CorpusError):
            if errors == "raise":
                raise results
            failures += 1
            warnings.warn(f"{results}; skipped", CorpusWarning, stacklevel=2)
            continue
        for result in results:
            if path_ids:
                result.record["speech_id"] = path_id(str(result.record["source_file"]), str(result.record["speech_id"]))
            loaded.append(_accept(result, seen, lookups, errors))
    if not loaded:
        where = printable(source) if isinstance(source, (str, Path)) else f"{len(files)} files"
        raise CorpusError(f"{where}: no speech could be loaded ({failures} file(s) skipped, see the warnings)")
    for origin, lookup, scope in lookups:
        names = set()
        for _, item, _ in loaded:
            relative = _within(str(item.record["source_file"]), scope)
            if relative is not None:
                names |= {relative, Path(relative).name, Path(relative).stem}
        unused = sorted({k for k in lookup if k not in names and Path(k).suffix})
        if unused:
            warnings.warn(
                describe(origin, f"{len(unused)} row(s) match no loaded file: {', '.join(unused[:5])}"),
                CorpusWarning, stacklevel=2,
            )
    speeches = _mark_parts(_speeches_table(loaded, folders))
    _warn_named_by_another_year(speeches)
    speeches = _mark_duplicates(speeches, [item.signature for _, item, _ in loaded], duplicates)
    if duplicates == "drop":
        speeches = speeches[speeches["duplicate_of"] == ""].reset_index(drop=True)
        loaded = [entry for entry in loaded if entry[0] in set(speeches["speech_id"])]
    paragraphs = _paragraph_table(loaded, speeches)
    logger.info("loaded %d speeches, %d paragraphs", len(speeches), len(paragraphs))
    return speeches, paragraphs


#: a file name for one part of a document (1964-part, 1964-summary, 报告_节选): the stem before the suffix
_PART_STEM = re.compile(r"^(?P<base>.+?)[-_ ]*(?:part|summary|abstract|excerpts?|extract|full|节选|摘要|摘编|全文|上篇|下篇)$",
                        re.I)


def _mark_parts(speeches: pd.DataFrame) -> pd.DataFrame:
    """``part_of``: the common name of files that are parts of one document (``1964-part.md`` and
    ``1964-summary.md``: 1964), when a folder holds two such parts or a part beside the whole; the parts stay
    separate speeches, and one warning per document says so."""
    stems = [Path(str(f)).stem for f in speeches["source_file"]]
    bases = [(m["base"] if (m := _PART_STEM.match(stem)) else "") for stem in stems]
    folders = [Path(str(f)).parent.as_posix() for f in speeches["source_file"]]
    present = set(zip(folders, stems, strict=True))
    counts = Counter((folder, base) for folder, base in zip(folders, bases, strict=True) if base)
    part_of = [base if base and (counts[(folder, base)] > 1 or (folder, base) in present) else ""
               for folder, base in zip(folders, bases, strict=True)]
    speeches = speeches.assign(part_of=part_of)
    for (folder, base), rows in speeches[speeches["part_of"] != ""].groupby(
            [pd.Series(folders, index=speeches.index), "part_of"], sort=False):
        files = ", ".join(Path(str(f)).name for f in rows["source_file"])
        where = f"{folder}/" if folder != "." else ""
        warnings.warn(f"{where}{base}: {files} are parts of one document, kept as separate speeches (part_of = "
                      f"{base}): leave one out to count the document once",
                      CorpusWarning, stacklevel=3)
    return speeches


def _warn_named_by_another_year(speeches: pd.DataFrame) -> None:
    """One warning per collection whose files are named by another year than the date their text states (a
    collection that names each report by the year it reviews: 四川省/2010.md delivered on 2011-01-18)."""
    stated = speeches["date_source"].isin(["title_block", "front_matter_title"])
    differs = speeches[stated & speeches["filename_year"].notna() & (speeches["filename_year"] != speeches["year"])]
    for collection, rows in differs.groupby("collection", sort=False):
        total = int((speeches["collection"] == collection).sum())
        shown = ", ".join(f"{Path(str(r.source_file)).name} delivered {r.date.date()}" for r in rows.head(3).itertuples())
        warnings.warn(f"{collection or '(top folder)'}: {len(rows)} of {total} files are named by another year than "
                      f"the date their text states ({shown}{' …' if len(rows) > 3 else ''}): year follows the "
                      "delivery date, the file name's year is kept in filename_year", CorpusWarning, stacklevel=3)


def _mark_duplicates(speeches: pd.DataFrame, signatures: list[bytes], duplicates: Duplicates) -> pd.DataFrame:
    """Fill ``duplicate_group`` and ``duplicate_of`` (see :mod:`lectureanalysis.reposts`) and say what was found."""
    found = group_signatures([np.frombuffer(s, dtype=np.uint64) for s in signatures], ids=list(speeches["speech_id"]),
                             sizes=list(speeches["n_chars"]))
    speeches = speeches.assign(duplicate_group=found["duplicate_group"].array, duplicate_of=found["duplicate_of"].array,
                               duplicate_similarity=found["similarity"].to_numpy())
    copies = found[found["duplicate_of"] != ""]
    if len(copies) and duplicates != "keep":
        groups = [f"{printable(original)} ← {', '.join(map(printable, rows['id']))}" for original, rows in
                  copies.groupby("duplicate_of", sort=False)]
        shown = "; ".join(groups[:10]) + (f"; … ({len(groups)} groups)" if len(groups) > 10 else "")
        action = "dropped" if duplicates == "drop" else "kept (pass duplicates='drop' to leave them out)"
        warnings.warn(f"{len(copies)} speech(es) are near-duplicates (reposts) of another, with at least "
                      f"{THRESHOLD:.0%} of their text in common, {action}: {shown}", CorpusWarning, stacklevel=3)
    return speeches


Lookup = tuple[str, dict[str, dict[str, object]], str]  # origin, file name -> values, folder it applies to


def path_id(source_file: str, speech_id: str) -> str:
    """The id of a speech in a corpus whose file stems collide (every province has a ``2015.md``): the file's
    path relative to the corpus folder without its extension (``省级/浙江省/2010``); a document split from a
    file keeps its number (``省级/浙江省/2010-0002``)."""
    parent = Path(source_file).parent
    return speech_id if parent == Path() else f"{parent.as_posix()}/{speech_id}"


def _accept(result: LoadedSpeech, seen: dict[str, str], lookups: list[Lookup], errors: Errors) -> tuple[str, LoadedSpeech, dict[str, object]]:
    """A loaded speech's final id (``~2`` when its id is taken), its notes as warnings, its metadata."""
    path = result.path
    name = str(result.record["source_file"])
    speech_id = str(result.record["speech_id"])
    if speech_id in seen:
        message = describe(path, f"speech_id {speech_id!r} is already taken by {seen[speech_id]}")
        if errors == "raise":
            raise DuplicateSpeechError(message)
        n = 2
        while f"{speech_id}~{n}" in seen:
            n += 1
        warnings.warn(f"{message}; loaded as {speech_id}~{n}", CorpusWarning, stacklevel=3)
        speech_id = f"{speech_id}~{n}"
    seen[speech_id] = name
    for note in result.notes:
        warnings.warn(note, CorpusWarning, stacklevel=3)
    meta: dict[str, object] = dict(result.metadata)
    meta.update(manifest_values(name, lookups))
    return speech_id, result, meta


def manifest_values(name: str, lookups: Sequence[Lookup]) -> dict[str, object]:
    """The values the metadata tables give the file ``name`` (its path relative to the corpus root), in
    precedence order: each table that describes its folder, matched on the path within that folder, the
    file name or its stem."""
    values: dict[str, object] = {}
    for _, lookup, scope in lookups:
        relative = _within(name, scope)
        if relative is None:
            continue
        found = lookup.get(relative) or lookup.get(Path(relative).name) or lookup.get(Path(relative).stem, {})
        if found.get(_ROW_PATH, relative) != relative:
            continue  # a row naming 省级/甲省/2021.md does not describe 省级/乙省/2021.md
        values.update({k: v for k, v in found.items() if k != _ROW_PATH})
    return values


#: the key under which a manifest row that names a path keeps it (a row naming a path describes that file only)
_ROW_PATH = "\x00path"


def _within(name: str, scope: str) -> str | None:
    """``name`` (a path relative to the corpus root) relative to folder ``scope``, or ``None`` outside it."""
    if not scope:
        return name
    return name[len(scope) + 1:] if name.startswith(f"{scope}/") else None


def _metadata_sources(folder: Path | None, metadata: Metadata,
                      files: Sequence[Path] = ()) -> list[tuple[str, pd.DataFrame | Path, str]]:
    """The metadata tables to join, lowest precedence first, each with the folder (relative to the corpus
    root, ``""`` for all files) whose files it describes: the folder's manifest, the manifests of the
    sub-folders holding speeches (``政府工作报告/index.tsv`` describes the files in ``政府工作报告/``), then
    ``metadata`` (a table, or the path of one). Files are read when they are used, so a bad one can be
    reported."""
    sources: list[tuple[str, pd.DataFrame | Path, str]] = []
    if folder is not None:
        subfolders = sorted({parent for f in files for parent in f.parents
                             if parent != folder and folder in parent.parents}, key=lambda p: (len(p.parts), p))
        for directory in [folder, *subfolders]:
            for manifest in _manifest_paths(directory):
                scope = "" if directory == folder else Path(os.path.relpath(directory, folder)).as_posix()
                sources.append((str(manifest), manifest, scope))
    if isinstance(metadata, (str, Path)):
        path = Path(metadata)
        if not path.is_file():
            raise MetadataError(describe(path, "no such file" if not path.exists() else "is not a file"))
        sources.append((str(path), path, ""))
    elif metadata is not None:
        sources.append(("metadata", metadata, ""))
    return sources


def _common_parent(files: Sequence[Path]) -> Path:
    parents = [os.path.abspath(f.parent) for f in files]
    return Path(os.path.commonpath(parents)) if parents else Path()


def load_speeches(
    source: Source,
    *,
    encoding: str = "auto",
    metadata: Metadata = None,
    errors: Errors = "warn",
    boilerplate: BoilerplateOption = None,
    pattern: str | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    max_bytes: int = MAX_BYTES,
    duplicates: Duplicates = "warn",
    split: Split = None,
    folders: Sequence[str | None] | None = None,
) -> pd.DataFrame:
    """Load speeches, one row each.

    ``source`` is a folder (every file of a supported type in it and its sub-folders, in path order; each
    sub-folder is a ``collection``), one file, or a list of files.
    ``encoding="auto"`` detects it (BOM, UTF-8, GB18030/GBK, Big5, UTF-16); give a codec name to force
    one. ``metadata`` is a table — a DataFrame, or the path of a ``.csv``/``.tsv``/``.xlsx`` file, decoded
    like the speeches — with a column naming the file (``file``, ``source_file``, ``filename`` or
    ``speech_id``) whose other columns are joined to the speech; the first of ``metadata.csv``,
    ``metadata.tsv``, ``metadata.xlsx``, ``index.csv`` or ``index.tsv`` in the folder is read the same way
    (a manifest that cannot be read gives a warning and is not used), and a sub-folder's manifest describes the
    files under it. Precedence, lowest first: the file name (``2020-01-08_讲话人_标题``), the title block, the
    folder's manifest, the sub-folders' manifests, ``metadata``. ``boilerplate`` adds patterns to the bundled ones
    (a pattern file, a ``{name: regex}`` dict of whole-line patterns, or :class:`BoilerplatePattern`s).
    ``folders`` names the column each level of sub-folder gives, outermost first: ``folders=("tier",
    "province")`` reads ``省级/浙江省/2010.md`` as tier 省级 and province 浙江省 (``None`` skips a level; ``place`` and
    ``level`` may be named, replacing what the folder names tell); the metadata still wins.

    ``progress`` shows a progress bar (tqdm; by default from 200 files on). ``workers`` parses files in that
    many processes; by default a corpus of 16 MB or more uses every core (up to 8), a smaller one runs in
    this process. Results do not depend on it: rows come back in file order.

    Only regular files are read (a FIFO or a link to a device is refused), each of at most ``max_bytes``
    (200 MB by default). ``source_file`` is the file's path relative to the folder given (or its name);
    a file name that is not valid UTF-8 is read as GB18030 when that gives Chinese, with a warning.

    With ``errors="warn"`` a bad file (empty, punctuation only, binary, undecodable, HTML, unreadable, too
    large, duplicate id) gives one :class:`CorpusWarning` naming the file and the reason, and the rest load; ``errors="raise"`` raises the
    matching :class:`CorpusError` subclass instead. If nothing loads, :class:`CorpusError` is raised.

    Columns: :data:`lectureanalysis.schema.SPEECH_COLUMNS`, then any extra metadata columns.
    """
    return load(source, encoding=encoding, metadata=metadata, errors=errors, boilerplate=boilerplate,
                pattern=pattern, progress=progress, workers=workers, max_bytes=max_bytes, duplicates=duplicates, split=split,
                folders=folders)[0]


def load_corpus(
    source: Source,
    *,
    encoding: str = "auto",
    metadata: Metadata = None,
    errors: Errors = "warn",
    boilerplate: BoilerplateOption = None,
    pattern: str | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    max_bytes: int = MAX_BYTES,
    duplicates: Duplicates = "warn",
    split: Split = None,
    folders: Sequence[str | None] | None = None,
    engine: Literal["pandas", "dask"] = "pandas",
    client: object = None,
) -> pd.DataFrame:
    """Load paragraphs of all speeches, one row per paragraph or heading, in text order.

    Options as :func:`load_speeches`. Columns: :data:`lectureanalysis.schema.PARAGRAPH_COLUMNS`, then the
    speech columns :data:`lectureanalysis.schema.CARRIED_SPEECH_COLUMNS` and any extra metadata columns,
    repeated on every row. The title block is not in this table (it is in the speeches table), nor is
    boilerplate (the speeches table's ``boilerplate`` column holds it verbatim).

    ``engine="dask"`` returns the table as a Dask DataFrame whose partitions are read on the workers of
    ``client`` (a ``dask.distributed.Client``, such as ``Client("tcp://host:8786")``; without one, the
    active client, else a ``LocalCluster`` started for the session — its dashboard link is printed), batch
    by batch (see :func:`lectureanalysis.distributed.load_corpus`); :func:`lectureanalysis.segment` turns it
    into a token store on the same cluster.
    """
    options = {"encoding": encoding, "metadata": metadata, "errors": errors, "boilerplate": boilerplate,
               "pattern": pattern, "max_bytes": max_bytes, "duplicates": duplicates, "split": split}
    if engine == "dask":
        if folders:
            raise ValueError("folders: not yet supported with engine='dask'; load with the pandas engine, or give the "
                             "columns in a metadata table")
        from .distributed import load_corpus as on_dask
        from .distributed import local_client

        return on_dask(source, client=client if client is not None else local_client(), **options)  # type: ignore[return-value]
    if engine != "pandas":
        raise ValueError(f"engine: expected 'pandas' or 'dask', got {engine!r}")
    return load(source, progress=progress, workers=workers, folders=folders, **options)[1]  # type: ignore[arg-type]


def _progress(items: Iterable[T], progress: bool | None, total: int | None = None) -> Iterable[T]:
    total = total if total is not None else len(items)  # type: ignore[arg-type]
    show = total >= 200 if progress is None else progress
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="loading speeches", unit="file", total=total)


#: folder names for the national level, and the four municipalities directly under the centre (省级)
NATIONAL_FOLDERS = frozenset({"国务院", "中央", "全国", "中共中央", "全国人大", "national", "central"})
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆"})
_LEVEL_FOLDERS = {"省级": "省", "省": "省", "provincial": "省", "地级": "市", "市级": "市", "市": "市", "县级": "县",
                  "县": "县", "county": "县"}
_PLACE = re.compile(r"^[\u4e00-\u9fff·]{1,15}(?:特别行政区|自治区|自治州|自治县|省|市|县|区|旗|州|盟)$")


def place_and_level(folders: Sequence[str]) -> dict[str, str]:
    """``place`` and ``level`` from the folders holding a file, read from the deepest folder that tells each:
    a folder named for a place (浙江省, 杭州市, 某某县) is the place, its ending the level (省/自治区 and the four
    municipalities: 省; 市/州/盟: 市; 县/区/旗: 县); 国务院, 中央 or 全国 is the national level (place 全国); a
    folder named for a level (省级, 地级, 县级) gives the level only.

    >>> place_and_level(("省级", "浙江省")), place_and_level(("国务院",)), place_and_level(("讲稿",))
    ({'place': '浙江省', 'level': '省'}, {'place': '全国', 'level': '国家'}, {'place': '', 'level': ''})
    """
    place = level = ""
    for folder in folders:
        if folder in NATIONAL_FOLDERS:
            place, level = "全国", "国家"
        elif folder in _LEVEL_FOLDERS:
            level = _LEVEL_FOLDERS[folder]
        elif folder in MUNICIPALITIES or _PLACE.match(folder):
            place = folder
            level = "省" if folder in MUNICIPALITIES or folder.endswith(("省", "自治区", "特别行政区")) else \
                "县" if folder.endswith(("县", "区", "旗", "自治县")) else "市"
    return {"place": place, "level": level}


def _speech_record(speech: ParsedSpeech, name: str, body_text: str) -> dict[str, object]:
    block = speech.block
    from_name = metadata_from_filename(Path(name).stem)
    body = speech.rows
    level_one = sum(1 for r in body if r.is_heading and r.level == 1)
    opening = [r.paragraph.text for r in body[:12] if r.section_level == 0] or [r.paragraph.text for r in body[:3]]
    announced = announced_sections(opening)
    reasons = _truncation_reasons(body, announced, level_one)
    notes = [r.text for r in speech.masked.removed if r.kind == "abridged_note"]
    if notes:  # the editor says the text was cut: that, not where it happens to end, is the reason
        reasons = [f"abridged: the text says {notes[0]}", *(r for r in reasons if not r.startswith("ends mid-sentence"))]
    date = block.date if block.date is not None else from_name.get("date")
    return {
        "speech_id": speech.speech_id,
        "title": block.title or from_name.get("title") or speech.speech_id,
        "title_source": "text" if block.title else "filename",
        "subtitle": block.subtitle,
        "occasion": block.occasion,
        "date": date,
        "year": date.year if date is not None else from_name.get("year"),  # type: ignore[attr-defined]
        "date_source": "title_block" if block.date is not None else "filename" if from_name.get("year") else "",
        "filename_year": from_name.get("year"),
        "speaker": block.speaker or from_name.get("speaker", ""),
        "speaker_title": block.speaker_title,
        "speaker_source": "title_block" if block.speaker else "filename" if from_name.get("speaker") else "",
        "title_block": "\n".join(p.text for p in block.lines),
        "source_file": name,
        "collection": "" if Path(name).parent == Path() else Path(name).parent.as_posix(),
        **place_and_level(Path(name).parent.parts),
        "source_url": speech.masked.source_url or "",
        "encoding": speech.encoding,
        "script": detect_script(body_text or block.title),
        "n_paragraphs": len(body),
        "n_headings": sum(r.is_heading for r in body),
        "n_chars": sum(speech.n_chars),
        "truncated": bool(reasons),
        "truncation_reason": "; ".join(reasons),
        "announced_sections": announced,
        "found_sections": level_one,
        "repeated_text": sum(chars for _, _, chars, _ in speech.repeated),
        **_press_dates(speech.masked.removed),
        "boilerplate": "\n".join(r.text for r in speech.masked.removed),
        "boilerplate_kinds": ",".join(dict.fromkeys(r.kind for r in speech.masked.removed)),
    }


_PRINTED = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日|(?<!\d)(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?!\d)")


def _press_dates(removed: list[Removed]) -> dict[str, str]:
    """``published`` and ``dateline_place`` from a removed wire dateline (新华社北京3月5日电: its pattern's ``place``
    and ``date`` groups, 北京 and 3月5日) or newspaper source line (（《人民日报》2020年05月30日 01 版）: 2020-05-30,
    which wins: it has the year)."""
    place = published = ""
    for piece in removed:
        if piece.kind == "dateline":
            place = place or piece.fields.get("place", "")
            published = published or piece.fields.get("date", "")
        elif piece.kind == "newspaper_source" and (match := _PRINTED.search(piece.text)):
            y, m, d = (match["y"], match["m"], match["d"]) if match["y"] else (match["y2"], match["m2"], match["d2"])
            published = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return {"published": published, "dateline_place": place}


def check_folders(folders: Sequence[str | None] | None) -> tuple[str | None, ...]:
    """``folders``: the column each level of folder gives, outermost first (``("tier", "province")`` reads
    ``省级/浙江省/2010.md`` as tier 省级, province 浙江省); ``None`` or ``""`` skips a level. ``place`` and ``level``
    may be named (they replace what the folders' names tell); other speech columns may not."""
    if folders is None:
        return ()
    if isinstance(folders, str) or not all(f is None or isinstance(f, str) for f in folders):
        raise ValueError(f"folders: expected a list of column names (or None to skip a level), got {folders!r}")
    names = tuple(f.strip() or None if isinstance(f, str) else None for f in folders)
    taken = [f for f in names if f in schema.SPEECH_COLUMNS and f not in ("place", "level")]
    if taken:
        raise ValueError(f"folders: {', '.join(taken)} is a column the loader fills; name another column "
                         "(place and level may be named)")
    repeated = sorted({f for f in names if f and names.count(f) > 1})
    if repeated:
        raise ValueError(f"folders: {', '.join(repeated)} is named for two levels")
    return names


def _speeches_table(loaded: list[tuple[str, LoadedSpeech, dict[str, object]]],
                    folders: tuple[str | None, ...] = ()) -> pd.DataFrame:
    records = []
    extra_columns: list[str] = []
    for speech_id, item, meta in loaded:
        record = dict(item.record, speech_id=speech_id)
        parts = Path(str(record["source_file"])).parent.parts
        for depth, column in enumerate(folders):  # before the metadata, which wins
            if column:
                value = parts[depth] if depth < len(parts) else ""
                if column in ("place", "level"):
                    record[column] = value
                else:
                    _keep(record, extra_columns, column, value)
        for column, value in meta.items():
            if column in OVERRIDABLE:
                value = _coerce(column, value)
                if value is None:
                    continue
                stated = (column in ("date", "year") and record.get("date_source") == "title_block") or \
                    (column == "speaker" and record.get("speaker_source") == "title_block")
                if stated:  # the file's own title block wins; a differing value is kept beside it
                    if _differs(record[column], value):
                        _keep(record, extra_columns, f"metadata_{column}", value)
                    continue
                if column == "title" and record.get("title_source") == "text" and record["title"] != value:
                    _keep(record, extra_columns, "title_in_file", record["title"])  # the file's own title is kept, not erased
                record[column] = value
                if column == "title":
                    record["title_source"] = "metadata"
                if column in ("date", "year"):
                    record["date_source"] = "metadata"
                if column == "speaker":
                    record["speaker_source"] = "metadata"
                if column == "date" and "year" not in meta:
                    record["year"] = value.year  # type: ignore[attr-defined]
            else:
                _keep(record, extra_columns, column if column not in schema.SPEECH_COLUMNS else f"meta_{column}", value)
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=[*schema.SPEECH_COLUMNS, *extra_columns])
    table["date"] = pd.to_datetime(table["date"])
    table["year"] = table["year"].astype("Int64")
    table["filename_year"] = table["filename_year"].astype("Int64")
    table["announced_sections"] = table["announced_sections"].astype("Int64")
    for column in ("n_paragraphs", "n_headings", "n_chars", "found_sections", "repeated_text"):
        table[column] = table[column].astype("int64")
    table["truncated"] = table["truncated"].astype(bool)
    return table


def _keep(record: dict[str, object], extra_columns: list[str], name: str, value: object) -> None:
    """Put a value in a column beyond the schema's, listing the column once."""
    record[name] = value
    if name not in extra_columns:
        extra_columns.append(name)


def _differs(stated: object, given: object) -> bool:
    if isinstance(stated, pd.Timestamp) and isinstance(given, pd.Timestamp):
        return stated.normalize() != given.normalize()
    if isinstance(stated, pd.Timestamp):
        return str(stated.year) != str(given)
    return str(stated).strip() != str(given).strip()


#: what may follow the last sentence of a speech without the speech being cut: bracketed notes (（长时间热烈
#: 鼓掌）, （…会议审议通过）, （甘肃日报）, a newspaper line) and stray emphasis marks
_CLOSING_NOTES = re.compile(r"(?:\s*(?:[（(][^（）()]{1,80}[)）]|\*+))+\s*$")


def _truncation_reasons(rows: list[OutlineRow], announced: int | None, found: int) -> list[str]:
    reasons = []
    body = [r.paragraph.text for r in rows if not r.is_heading]
    while body and (DATE_LINE.match(body[-1]) or SPEAKER_LINE.match(body[-1]) or _CLOSING_NOTES.fullmatch(body[-1])):
        body.pop()  # a closing date or signature line is not where the speech's text ends
    last = _CLOSING_NOTES.sub("", body[-1]) if body else ""
    if body and not ends_sentence(last or body[-1]):
        reasons.append(f"ends mid-sentence: …{body[-1][-12:]}")
    if announced is not None and found < announced:
        reasons.append(f"announces {announced} sections, found {found}")
    gaps = numbering_gaps([(r.paragraph.text, r.style) for r in rows if r.is_heading and r.level == 1])
    if gaps:
        reasons.append(f"the top-level numbering skips {'; '.join(gaps)}")
    return reasons


#: paragraph columns sent back from a worker packed into one block of int64 (cheap to pickle), in this order
_NUMERIC_COLUMNS = ("text_length", "n_chars", "is_heading", "level", "section_level", "start", "end")


def _paragraph_columns(speech: ParsedSpeech) -> dict[str, object]:
    """A speech's paragraph rows in a compact form: texts joined into one string, the numbers packed as the
    bytes of one int64 block (see :data:`_NUMERIC_COLUMNS`), the repeated labels as lists (pickle stores
    each distinct string once)."""
    rows = speech.rows
    texts = [r.paragraph.text for r in rows]
    numbers = np.array(
        [[len(t) for t in texts], speech.n_chars, [r.is_heading for r in rows], [r.level for r in rows],
         [r.section_level for r in rows], [r.paragraph.start for r in rows], [r.paragraph.end for r in rows]],
        dtype=np.int64,
    ).reshape(len(_NUMERIC_COLUMNS), len(rows))
    return {
        "text": "".join(texts),
        "numbers": numbers.tobytes(),
        "heading_style": [r.style for r in rows],
        "section_id": [r.section_id for r in rows],
        "section_path": [r.section_path for r in rows],
        "section_title": [r.section_title for r in rows],
    }


def _paragraph_table(loaded: list[tuple[str, LoadedSpeech, dict[str, object]]], speeches: pd.DataFrame) -> pd.DataFrame:
    ids: list[str] = []
    para_ids: list[np.ndarray] = []
    texts: list[str] = []
    blocks: list[np.ndarray] = []
    lists: dict[str, list[object]] = {c: [] for c in ("heading_style", "section_id", "section_path", "section_title")}
    for speech_id, item, _ in loaded:
        columns = item.columns
        numbers = np.frombuffer(columns["numbers"], dtype=np.int64).reshape(len(_NUMERIC_COLUMNS), -1)
        n = numbers.shape[1]
        ids += [speech_id] * n
        para_ids.append(np.arange(n, dtype=np.int64))
        joined = columns["text"]
        ends = np.cumsum(numbers[0]).tolist()
        texts += [joined[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)] if n else []
        blocks.append(numbers)
        for name in lists:
            lists[name] += columns[name]
    numbers = np.concatenate(blocks, axis=1)
    data: dict[str, object] = {"speech_id": ids, "para_id": np.concatenate(para_ids), "text": texts}
    data |= {name: numbers[i] for i, name in enumerate(_NUMERIC_COLUMNS) if name != "text_length"}
    data["is_heading"] = numbers[_NUMERIC_COLUMNS.index("is_heading")].astype(bool)
    data |= lists
    table = pd.DataFrame(data, copy=False)[list(schema.PARAGRAPH_COLUMNS)]
    extra = [c for c in speeches.columns if c not in schema.SPEECH_COLUMNS]
    carried = speeches[["speech_id", *schema.CARRIED_SPEECH_COLUMNS, *extra]]
    return table.merge(carried, on="speech_id", how="left", validate="many_to_one")
