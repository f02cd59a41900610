"""Cache folders (per user, never a shared /tmp file) and the quiet loading of jieba's dictionaries."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from lectureanalysis.errors import CorpusWarning, user_stacklevel


def _cache_root() -> Path:
    """Where caches live: ``$LECTUREANALYSIS_CACHE``, else ``$XDG_CACHE_HOME/lectureanalysis``, else
    ``~/.cache/lectureanalysis`` (per user, never a shared /tmp file)."""
    base = os.environ.get("LECTUREANALYSIS_CACHE")
    return Path(base) if base else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lectureanalysis"


#: cache places already reported as unusable (each is reported once per process)
warned_cache: set[str] = set()


def usable_cache_dir(sub: str = "", folder: str | Path | None = None) -> Path | None:
    """The ``sub`` folder of ``folder`` (default: ``$LECTUREANALYSIS_CACHE``, else
    ``$XDG_CACHE_HOME/lectureanalysis``, else ``~/.cache/lectureanalysis``), created and writable; else ``None``
    after one :class:`CorpusWarning` naming the place and the problem. The caches are an optimisation:
    with a read-only home, a cache path that is a file or a full disk, work goes on without them."""
    root = Path(folder) if folder is not None else _cache_root()
    path = root / sub if sub else root
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
            pass
    except OSError as exc:
        if str(root) not in warned_cache:
            warned_cache.add(str(root))
            warnings.warn(f"{root}: cannot use it as a cache folder ({exc.strerror or exc}); nothing is cached "
                          "(set LECTUREANALYSIS_CACHE to a writable folder, or pass cache=False)",
                          CorpusWarning, stacklevel=user_stacklevel())
        return None
    return path


@contextlib.contextmanager
def quiet_jieba() -> Iterator[None]:
    """jieba logs 'Building prefix dict…' at INFO to stderr; keep notebooks quiet while it loads."""
    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        jieba_logger.setLevel(level)


def file_digests(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """The SHA-256 of every file under ``folder`` (by path relative to it, ``/``-separated), but the names in
    ``skip``: what a cache entry or a token store records when written and checks when read (Parquet with LZ4
    has no checksum of its own, so a flipped byte would otherwise give other tokens, silently)."""
    digests = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative in skip:
            continue
        with path.open("rb") as handle:
            digests[relative] = hashlib.file_digest(handle, "sha256").hexdigest()
    return digests


def changed_files(folder: Path, recorded: dict[str, str], *, skip: tuple[str, ...] = ()) -> list[str]:
    """The files under ``folder`` whose content is not what ``recorded`` says (changed, missing or added)."""
    now = file_digests(folder, skip=skip)
    return sorted(name for name in set(now) | set(recorded) if now.get(name) != recorded.get(name))
