"""The token cache: tokens kept on disk (a token store) keyed by the texts, backend and options, written in
the background, verified on read and bounded in entries and bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np
import pandas as pd

from lectureanalysis._cache import changed_files, file_digests, usable_cache_dir, warned_cache
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.backends import SegmenterConfig, logger
from lectureanalysis.tokens.stopwords import Stopwords
from lectureanalysis.tokens.store import write_store


@dataclass(frozen=True)
class _CacheEntry:
    folder: Path  # the entry: a token store (see distributed.write_store) with cache.json
    key: str


def _cache_entry(config: SegmenterConfig, paragraphs: pd.DataFrame, converted: np.ndarray,
                 cache: bool | str | Path) -> _CacheEntry | None:
    """Where the tokens of these texts, keys and options are cached, or ``None`` without a cache. The key
    covers the segmenter (backend and its version, dictionary, HMM), the texts and which of them are
    converted to Simplified (with OpenCC's version), and each paragraph's speech_id, para_id and section_id —
    everything the stored columns hold but the stop-word flags, which are set anew on reading."""
    if not cache:
        return None
    folder = usable_cache_dir("tokens") if cache is True else usable_cache_dir(folder=cache)
    if folder is None:
        return None
    digest = hashlib.sha256(f"{config.key()}|{CACHE_FORMAT}|{len(paragraphs)}|".encode())
    for column in ("speech_id", "para_id", "section_id", "text"):
        _digest_column(digest, paragraphs[column])
    if converted.any():
        digest.update(f"t2s {importlib_metadata.version('opencc')}|".encode() + np.packbits(converted).tobytes())
    key = digest.hexdigest()
    return _CacheEntry(folder / f"tokens-{key[:32]}", key)


def _digest_column(digest: object, column: pd.Series) -> None:
    """Add a column's values to a digest: whole numbers as their bytes; strings straight from Arrow's
    buffers when the column holds them (pandas' ``str`` columns), with no Python string made; else joined."""
    import pyarrow as pa

    digest.update(f"|{column.name}|{len(column)}|".encode())  # type: ignore[attr-defined]
    if pd.api.types.is_integer_dtype(column.dtype) and isinstance(column.array, pd.arrays.NumpyExtensionArray):
        digest.update(column.to_numpy().astype(np.int64).tobytes())  # type: ignore[attr-defined]
        return
    if isinstance(column.array, pd.arrays.ArrowStringArray):
        array = pa.array(column.array)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        wide = pa.types.is_large_string(array.type)
        _, offsets_buffer, data = array.buffers()
        if offsets_buffer is not None:
            offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if wide else np.int32)
            offsets = offsets[array.offset: array.offset + len(array) + 1].astype(np.int64)
            if data is not None:
                digest.update(memoryview(data)[int(offsets[0]): int(offsets[-1])])  # type: ignore[attr-defined]
            digest.update((offsets - offsets[0]).tobytes())  # type: ignore[attr-defined]
        return
    digest.update("\x1e".join(map(str, column.tolist())).encode("utf-8", "surrogatepass"))  # type: ignore[attr-defined]


#: the cache entry's layout and the segmentation rules it was made with: a token store (3); 4 keeps a masked
#: term in quotes whole. Entries of other formats are rebuilt
CACHE_FORMAT = 4
#: token-cache entries kept per folder, and their total size; the oldest go when a new one is written
CACHE_ENTRIES = 32
CACHE_BYTES = 1 << 30
#: cache entries being written in the background, by folder
_writing: dict[Path, threading.Thread] = {}


def wait_for_cache() -> None:
    """Wait until the token-cache entries being written in the background are on disk."""
    for thread in list(_writing.values()):
        thread.join()


def _write_cache(tokens: pd.DataFrame, paragraphs: pd.DataFrame, entry: _CacheEntry) -> None:
    """Write the token table as a token store into the cache, in a background thread (Parquet encoding runs
    outside the GIL, so the caller's next steps go on meanwhile); the entry appears whole or not at all."""
    tokens = tokens.copy(deep=False)
    linking.link(tokens, paragraphs)
    _finish_writes_at_exit()
    thread = threading.Thread(target=_write_entry, args=(tokens, entry), name="lectureanalysis-cache", daemon=False)
    _writing[entry.folder] = thread
    thread.start()


@cache
def _finish_writes_at_exit() -> None:
    """At the end of a script, finish the cache entries being written before Python stops its thread pools
    (pyarrow converts columns in one; a write still running then failed with "cannot schedule new futures
    after interpreter shutdown", so a script never got a cache). threading's exit hooks run before the pools
    are shut (newest first); plain atexit hooks run too late."""
    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(wait_for_cache)


def _write_entry(tokens: pd.DataFrame, entry: _CacheEntry) -> None:
    import json

    temporary = None
    try:
        temporary = Path(tempfile.mkdtemp(dir=entry.folder.parent, prefix=".tokens-"))
        write_store(tokens, temporary)
        meta = {"format": CACHE_FORMAT, "key": entry.key, "tokens": len(tokens),
                "digests": file_digests(temporary, skip=("cache.json",))}
        (temporary / "cache.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(temporary, entry.folder)  # atomic: a reader sees no entry or the whole entry
            temporary = None
        except OSError:  # another process wrote it first
            pass
        _prune_cache(entry.folder.parent)
    except OSError as exc:
        if str(entry.folder.parent) not in warned_cache:
            warned_cache.add(str(entry.folder.parent))
            warnings.warn(f"{entry.folder.parent}: cannot write the token cache ({exc.strerror or exc}); tokens are "
                          "not cached", CorpusWarning, stacklevel=user_stacklevel())
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        _writing.pop(entry.folder, None)


def _read_cache(entry: _CacheEntry, paragraphs: pd.DataFrame, stops: Stopwords) -> pd.DataFrame | None:
    """The cached token table, its stop-word flags set by ``stops``; ``None`` when there is no entry, and
    after a log message when the entry is unusable (it is removed and rebuilt). Only the token, its
    position, offset and masks are read; the speech, paragraph and section ids are taken from ``paragraphs``
    (the key guarantees they are the stored ones), so the table is the one segmenting would make, column
    types and categories included."""
    import json

    pending = _writing.get(entry.folder)
    if pending is not None:
        pending.join()
    if not entry.folder.is_dir():
        return None
    try:
        meta = json.loads((entry.folder / "cache.json").read_text("utf-8"))
        if meta.get("format") != CACHE_FORMAT or meta.get("key") != entry.key:
            raise ValueError("the entry was written for other texts or options")
        changed = changed_files(entry.folder, meta.get("digests", {}), skip=("cache.json",))
        if changed:
            raise _Corrupt(f"{', '.join(changed[:3])} changed since it was written")
        tokens = _assemble(sorted((entry.folder / "tokens").glob("part-*.parquet")), paragraphs, stops)
        if len(tokens) != meta["tokens"]:
            raise ValueError(f"{len(tokens):,} tokens where {meta['tokens']:,} were written")
    except Exception as exc:
        if isinstance(exc, _Corrupt):  # a damaged entry is said; an entry of another version is only logged
            warnings.warn(f"{entry.folder}: the token cache entry is damaged ({exc}); it is rebuilt",
                          CorpusWarning, stacklevel=user_stacklevel())
        else:
            logger.warning("token cache %s is unusable (%s); rebuilding it", entry.folder, exc)
        shutil.rmtree(entry.folder, ignore_errors=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry.folder)  # recently used: pruned last
    return tokens


class _Corrupt(ValueError):
    """A cache entry whose files are not what was written (a flipped byte, a truncated part)."""


def _assemble(parts: list[Path], paragraphs: pd.DataFrame, stops: Stopwords) -> pd.DataFrame:
    """The token table from a store's parts written for exactly these paragraphs: a paragraph's tokens
    begin where ``token_idx`` is 0, and every paragraph with text has some."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ["token_idx", "token", "start", "mask", "mask_after"]
    if parts and "pos" in pq.read_schema(parts[0]).names:
        columns.append("pos")
    table = pa.concat_tables([pq.read_table(part, columns=columns) for part in parts]).unify_dictionaries()
    table = table.combine_chunks()
    n = table.num_rows

    def dictionary(name: str) -> tuple[np.ndarray, list[str]]:
        column = table.column(name)
        if not pa.types.is_dictionary(column.type):
            if n == 0:  # no token at all: nothing to decode
                return np.zeros(0, np.int32), []
            raise ValueError(f"column {name} is not dictionary-encoded")
        if not column.num_chunks:
            return np.zeros(0, np.int32), []
        return column.chunk(0).indices.to_numpy(zero_copy_only=False), column.chunk(0).dictionary.to_pylist()

    token_idx = table.column("token_idx").to_numpy().astype(np.int32, copy=False)
    starts = np.flatnonzero(token_idx == 0)
    holding = np.flatnonzero(paragraphs["text"].astype(str).str.len().to_numpy() > 0)
    if len(starts) != len(holding):
        raise ValueError(f"tokens of {len(starts):,} paragraphs stored for {len(holding):,} paragraphs with text")
    paragraph_of = np.repeat(holding.astype(np.int32), np.diff(np.r_[starts, n]))
    token_codes, vocab = dictionary("token")
    return _slim_table(paragraphs, paragraph_of, token_idx, token_codes, vocab,
                       table.column("start").to_numpy().astype(np.int32, copy=False), stops, dictionary("mask"),
                       dictionary("mask_after"), dictionary("pos") if "pos" in columns else None)


def _prune_cache(folder: Path, keep: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES) -> None:
    """Keep the ``keep`` most recently used entries, as long as together they hold at most ``max_bytes``
    (the newest is always kept), so the cache does not grow without bound. Entries of an earlier format
    (``tokens-*.parquet`` files) go, as do entries left half-written over an hour ago."""
    entries = []
    for old in folder.glob("tokens-*.parquet"):
        with contextlib.suppress(OSError):
            old.unlink()
    for unfinished in folder.glob(".tokens-*"):  # left by a process that stopped while writing
        with contextlib.suppress(OSError):
            if time.time() - unfinished.stat().st_mtime > 3600:
                shutil.rmtree(unfinished, ignore_errors=True)
    for entry in folder.glob("tokens-*"):
        with contextlib.suppress(OSError):
            size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
            entries.append((entry.stat().st_mtime, size, entry))
    entries.sort(key=lambda e: (e[0], e[2].name), reverse=True)
    total = 0
    for index, (_, size, entry) in enumerate(entries):
        total += size
        if index >= keep or (index > 0 and total > max_bytes):
            shutil.rmtree(entry, ignore_errors=True)


def _slim_table(paragraphs: pd.DataFrame, paragraph_of: np.ndarray, token_idx: np.ndarray, codes: np.ndarray,
                vocab: list[str], start: np.ndarray, stops: Stopwords, mask: tuple[np.ndarray, list[str]],
                mask_after: tuple[np.ndarray, list[str]],
                pos: tuple[np.ndarray, list[str]] | None = None) -> pd.DataFrame:
    """The token table (:data:`schema.TOKEN_COLUMNS`) from each token row's paragraph row, position, code
    and offset, and the masks' codes and names: ids from ``paragraphs``, stop-word flags from ``stops``; the
    part-of-speech column ``pos`` when ``pos`` gives its codes and names."""
    tags = {} if pos is None else {"pos": pd.Categorical.from_codes(pos[0], categories=pd.Index(pos[1], dtype=object))}
    return pd.DataFrame({
        "speech_id": linking.repeat(paragraphs["speech_id"], paragraph_of),
        "para_id": paragraphs["para_id"].to_numpy().astype(np.int32)[paragraph_of],
        "section_id": linking.repeat(paragraphs["section_id"], paragraph_of),
        "token_idx": token_idx,
        "token": pd.Categorical.from_codes(codes, categories=pd.Index(vocab, dtype=object)),
        "is_stopword": stops.flags(vocab)[codes] if len(codes) else np.zeros(0, bool),
        "start": start,
        "mask": pd.Categorical.from_codes(mask[0], categories=mask[1]),
        "mask_after": pd.Categorical.from_codes(mask_after[0], categories=mask_after[1]),
        **tags,
    }, copy=False)  # fresh arrays: no consolidating copy of 3 million rows
