"""The folder a report owns: marked as a report's, never the user's own files, home, / or the corpus."""

from __future__ import annotations

import re
import tempfile
from importlib import metadata as importlib_metadata
from pathlib import Path

#: what the report writes into its folder; a new run replaces exactly these, nothing else there
OWNED = ("index.html", "figures", "tables", ".lectureanalysis-report")
#: the file that marks a folder as a report of this toolkit (its own files there may be replaced)
MARKER = ".lectureanalysis-report"
#: how a report's index.html says who wrote it (reports written before the marker are known by it)
GENERATOR = "lectureanalysis"
_SIGNATURE = re.compile(r'<meta name="generator" content="lectureanalysis|font-family: "LA CJK"|lectureanalysis \d+\.\d+')


class ReportFolderError(ValueError):
    """``out`` is not a place this toolkit may write its report into (the command line exits 2)."""


def check_out(out: str | Path, *, name: str = "out", corpus: str | Path | None = None) -> Path:
    """The report folder, checked before any work: not empty, not a file, not a filesystem root, not the
    corpus folder nor inside it (a report there would hide the corpus from the next run), writable; and when
    it exists and holds ``index.html``, ``figures/`` or ``tables/``, they must be a report of this toolkit (the
    marker file, or the signature of its ``index.html`` for reports written before the marker) — the user's
    own files of those names are never replaced."""
    path = Path(out)
    if not str(out).strip():
        raise ReportFolderError(f"{name}: the path is empty; name a folder for the report")
    if path.exists() and not path.is_dir():
        raise ReportFolderError(f"{name}: {path} is a file, not a folder")
    resolved = path.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise ReportFolderError(f"{name}: {path} is {'the root folder' if resolved == Path(resolved.anchor) else 'your home folder'}; "
                                "name a folder of its own for the report")
    if corpus is not None and Path(corpus).is_dir():
        root = Path(corpus).resolve()
        if resolved == root or root in resolved.parents:
            raise ReportFolderError(f"{name}: {path} is {'the corpus folder' if resolved == root else 'inside the corpus folder'} "
                                    f"({corpus}); write the report elsewhere, or the next run would not read the corpus")
    if path.is_dir():
        present = [n for n in OWNED if (path / n).exists() or (path / n).is_symlink()]
        if present and not _is_report(path):
            shown = ", ".join(f"{n}/" if (path / n).is_dir() else n for n in present)
            raise ReportFolderError(f"{name}: {path} holds {shown} that this toolkit did not write (no {MARKER}, no "
                                    "report signature in index.html); choose another folder or move them away")
    _check_writable(path if path.is_dir() else _existing_parent(path), name)
    return path


def _is_report(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    index = folder / "index.html"
    try:
        head = index.read_text("utf-8", errors="replace")[:200_000] if index.is_file() else ""
    except OSError:
        return False
    return bool(_SIGNATURE.search(head)) and not any((folder / n).exists() and not (folder / n).is_dir()
                                                    for n in ("figures", "tables"))


def _existing_parent(path: Path) -> Path:
    for parent in [path, *path.parents]:
        if parent.exists():
            return parent
    return Path(".")


def _check_writable(folder: Path, name: str) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".lectureanalysis-probe-"):
            pass
    except OSError as exc:
        raise ReportFolderError(f"{name}: cannot write into {folder} ({exc.strerror or exc}); choose a folder you "
                                "can write to") from None


def _version(name: str) -> str:
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "?"
