"""Which files of a corpus folder are speeches: supported suffixes, archives, manifests and the folder's own
documentation left out, a report folder inside the corpus skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lectureanalysis.errors import (
    CorpusError,
    CorpusNotFoundError,
    describe,
    printable,
)
from lectureanalysis.io.archives import UNSAFE_MEMBER, zip_members
from lectureanalysis.io.documents import ARCHIVES, FORMATS
from lectureanalysis.text.decoding import gb18030_name

Source = str | Path | Sequence[str | Path]
#: manifest files read from a corpus folder and joined on the file name (the first one present is used)
MANIFEST_NAMES = ("metadata.csv", "metadata.tsv", "metadata.xlsx", "index.csv", "index.tsv")
#: a corpus folder's own documentation (README.md, SOURCE.md, LICENSE): not speeches, not reported
CORPUS_DOCUMENTATION = re.compile(
    r"^(?:readme|sources?|licen[cs]e|copying|changelog|notes|sha256sums|md5sums|checksums)(?:\.[a-z0-9]+)?$", re.I)
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


def source_items(files: list[Path], root: Path) -> tuple[list[SourceItem], list[str], list[str]]:
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


def common_parent(files: Sequence[Path]) -> Path:
    parents = [os.path.abspath(f.parent) for f in files]
    return Path(os.path.commonpath(parents)) if parents else Path()
