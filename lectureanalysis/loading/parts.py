"""Loading a corpus batch by batch (the Dask engine's workers): what a batch needs to load as it loads within
the whole corpus, and the checks :func:`lectureanalysis.load` makes before it reads the files.
"""

from __future__ import annotations

import fnmatch
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lectureanalysis.errors import CorpusWarning, Errors, MetadataError, describe, user_stacklevel
from lectureanalysis.io.discovery import (
    common_parent,
    report_folders,
    source_items,
    speech_name,
    unsupported_files,
)
from lectureanalysis.io.manifests import Lookup, Metadata, metadata_lookup, metadata_sources, within_scope


@dataclass(frozen=True)
class CorpusPart:
    """What a batch of a corpus's files needs to load as it loads within the whole corpus (the Dask engine
    loads a corpus batch by batch on its workers): the corpus ``root`` the files are named from, whether the
    corpus's file stems collide (``path_ids``: every id is then the file's path), and each file's values from
    the manifests and the user's metadata, by path relative to the root."""

    root: Path
    path_ids: bool
    values: dict[str, dict[str, object]]


PART: ContextVar[CorpusPart | None] = ContextVar("lectureanalysis_corpus_part", default=None)


@contextmanager
def loading_part(part: CorpusPart) -> Iterator[None]:
    """Within the block, :func:`load` reads its files as the batch ``part`` of a corpus planned by
    :func:`plan_corpus`: what needs every file (parts of one document, files named by another year,
    manifest rows that match no file) is left to :func:`check_corpus`, and the speeches' ``part_of`` is empty."""
    token = PART.set(part)
    try:
        yield
    finally:
        PART.reset(token)


def _plan(files: list[Path], folder: Path | None, metadata: Metadata, errors: Errors,
          pattern: str | None) -> tuple[Path, list, list[Lookup], bool]:
    """The corpus's root, its items, the metadata lookups and whether ids are paths; said in warnings: files
    not read, reports found among the speeches, notes on archives, a manifest that cannot be used."""
    lookups = []
    for origin, table, scope in metadata_sources(folder, metadata, files):
        try:
            lookups.append((origin, metadata_lookup(table, origin), scope))
        except MetadataError as exc:
            if errors == "raise" or isinstance(table, pd.DataFrame):
                raise
            warnings.warn(f"{exc}; metadata not used", CorpusWarning, stacklevel=user_stacklevel())
    root = folder if folder is not None else common_parent(files)
    items, notes, unsupported = source_items(files, root)
    if folder is not None and pattern is None:
        unsupported = [speech_name(p, root)[0] for p in unsupported_files(folder)] + unsupported
        for report in report_folders(folder):
            warnings.warn(describe(report, "holds a report (index.html, figures/, tables/): not read as speeches"),
                          CorpusWarning, stacklevel=user_stacklevel())
    if unsupported:
        shown = ", ".join(unsupported[:10]) + (f" … ({len(unsupported)} in all)" if len(unsupported) > 10 else "")
        warnings.warn(describe(folder if folder is not None else root,
                               f"{len(unsupported):,} {'file' if len(unsupported) == 1 else 'files'} of a type that is not read, skipped: {shown}"),
                      CorpusWarning, stacklevel=user_stacklevel())
    for note in notes:
        warnings.warn(note, CorpusWarning, stacklevel=user_stacklevel())
    stems = Counter(Path(item.name).stem for item in items)
    return root, items, lookups, any(n > 1 for n in stems.values())  # stems collide: every id is the file's path


def _warn_unused_rows(lookups: list[Lookup], names: list[str], pattern: str | None) -> None:
    """A warning for each metadata table with rows that match no loaded file."""
    for origin, lookup, scope in lookups:
        known = set()
        for name in names:
            relative = within_scope(name, scope)
            if relative is not None:
                known |= {relative, Path(relative).name, Path(relative).stem}
        unused = sorted({k for k in lookup if k not in known and Path(k).suffix
                         and (pattern is None or fnmatch.fnmatch(Path(k).name, Path(pattern).name))})  # rows the
        # pattern leaves out are not loaded on purpose; a row the pattern takes with no such file is still said
        if unused:
            warnings.warn(
                describe(origin, f"{len(unused)} row(s) match no loaded file: {', '.join(unused[:5])}"),
                CorpusWarning, stacklevel=user_stacklevel(),
            )


