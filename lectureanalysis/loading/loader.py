"""``load``, ``load_speeches`` and ``load_paragraphs``: the files listed, parsed (in parallel for large corpora),
joined with their manifests, marked as parts, duplicates and reposts, and made into tables.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from lectureanalysis._docs import shared
from lectureanalysis.dispatch import loader_for
from lectureanalysis.errors import (
    CorpusError,
    CorpusWarning,
    DuplicateSpeechError,
    Errors,
    describe,
    printable,
    user_stacklevel,
)
from lectureanalysis.io.discovery import (
    Source,
    list_speech_files,
    source_items,
)
from lectureanalysis.io.documents import MAX_BYTES
from lectureanalysis.io.manifests import (
    ROW_PATH,
    Lookup,
    Metadata,
    manifest_values,
    path_id,
)
from lectureanalysis.loading.parsing import _parse_all
from lectureanalysis.loading.parts import PART, CorpusPart, _plan, _warn_unused_rows
from lectureanalysis.loading.records import LoadedSpeech, Split
from lectureanalysis.loading.reposts import THRESHOLD, group_signatures
from lectureanalysis.loading.tables import _paragraph_table, _speeches_table, check_folders
from lectureanalysis.text.boilerplate import (
    BoilerplateOption,
    resolve_boilerplate,
)

logger = logging.getLogger(__name__)
Duplicates = Literal["warn", "keep", "drop"]


@shared
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
    :func:`load_paragraphs` for the options and columns.

    Parameters
    ----------
    {{load_options}}

    Returns
    -------
    speeches : DataFrame
        One row per speech: the columns of :func:`load_speeches`.
    paragraphs : DataFrame
        One row per paragraph or heading: the columns of :func:`load_paragraphs`.

    See Also
    --------
    load_speeches : The speeches table alone.
    load_paragraphs : The paragraph table alone.
    segment : The next step: tokens.

    Examples
    --------
    >>> speeches, paragraphs = la.load("corpus/党课讲稿")
    >>> speeches[["speech_id", "title", "n_paragraphs"]].to_dict("records")
    [{'speech_id': '区委办党支部党课讲稿', 'title': '在区委办党支部党课上的讲稿', 'n_paragraphs': 7}]
    >>> paragraphs.loc[paragraphs["is_heading"], "text"].tolist()[:2]
    ['一、关于区委办公室的同志如何做合格党员']
    """
    folders = check_folders(folders)
    if errors not in ("warn", "raise"):
        raise ValueError(f"errors: expected 'warn' or 'raise', got {errors!r}")
    if duplicates not in ("warn", "keep", "drop"):
        raise ValueError(f"duplicates: expected 'warn', 'keep' or 'drop', got {duplicates!r}")
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ValueError(f"max_bytes: expected a positive number of bytes, got {max_bytes!r}")
    files, folder = list_speech_files(source, pattern=pattern)
    patterns = resolve_boilerplate(boilerplate)
    part = PART.get()
    if part is None:
        root, items, lookups, path_ids = _plan(files, folder, metadata, errors, pattern)
    else:  # one batch of a corpus loaded on a Dask worker: named and identified as in the whole corpus
        root, path_ids = part.root, part.path_ids
        items = source_items(files, root)[0]  # the notes on archives were said where the corpus was planned
        lookups = [("the corpus's manifests", part.values, "")]
    loaded: list[tuple[str, LoadedSpeech, dict[str, object]]] = []
    seen: dict[str, str] = {}
    failures = 0
    for results in _parse_all(items, encoding, patterns, max_bytes=max_bytes, split=split, workers=workers,
                              progress=progress):
        if isinstance(results, CorpusError):
            if errors == "raise":
                raise results
            failures += 1
            warnings.warn(f"{results}; skipped", CorpusWarning, stacklevel=user_stacklevel())
            continue
        for result in results:
            if path_ids:
                result.record["speech_id"] = path_id(str(result.record["source_file"]), str(result.record["speech_id"]))
            loaded.append(_accept(result, seen, lookups, errors))
    if not loaded:
        where = printable(source) if isinstance(source, (str, Path)) else f"{len(files)} files"
        raise CorpusError(f"{where}: no speech could be loaded ({failures} file(s) skipped, see the warnings)")
    if part is None:
        _warn_unused_rows(lookups, [str(item.record["source_file"]) for _, item, _ in loaded], pattern)
    if part is None:
        speeches = _mark_parts(_speeches_table(loaded, folders))
        _warn_named_by_another_year(speeches)
    else:  # parts of a document and misnamed years are found where every file is known (check_corpus)
        speeches = _speeches_table(loaded, folders).assign(part_of="")
    speeches = mark_duplicates(speeches, [item.signature for _, item, _ in loaded], duplicates)
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
                      CorpusWarning, stacklevel=user_stacklevel())
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
                      "delivery date, the file name's year is kept in filename_year", CorpusWarning, stacklevel=user_stacklevel())


def mark_duplicates(speeches: pd.DataFrame, signatures: list[bytes], duplicates: Duplicates) -> pd.DataFrame:
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
        said = "1 speech is a near-duplicate (repost)" if len(copies) == 1 else \
            f"{len(copies):,} speeches are near-duplicates (reposts)"
        warnings.warn(f"{said} of another, with at least "
                      f"{THRESHOLD:.0%} of their text in common, {action}: {shown}", CorpusWarning, stacklevel=user_stacklevel())
    return speeches


def plan_corpus(source: Source, *, metadata: Metadata = None,
                errors: Errors = "warn") -> tuple[list[Path], CorpusPart, list[Lookup]]:
    """The files of a corpus, what each batch of them needs to load as in the whole corpus
    (:func:`loading_part`), and the metadata lookups :func:`check_corpus` checks at the end; says in
    warnings what :func:`load` says before it reads the files.

    Parameters
    ----------
    source : str, Path or list of paths
        The corpus, as :func:`load`.
    metadata : DataFrame, str or Path, optional
        The user's metadata, as :func:`load`.
    errors : {'warn', 'raise'}, default 'warn'
        As :func:`load`.

    Returns
    -------
    files : list of Path
        The speech files, in the order :func:`load` reads them.
    part : CorpusPart
        Sent with every batch.
    lookups : list
        The metadata tables, for :func:`check_corpus`.

    Examples
    --------
    >>> from lectureanalysis.loading.loader import plan_corpus
    >>> files, part, lookups = plan_corpus("corpus/地方政府工作报告")
    >>> len(files), part.path_ids
    (33, True)
    """
    files, folder = list_speech_files(source)
    root, items, lookups, path_ids = _plan(files, folder, metadata, errors, None)
    values: dict[str, dict[str, object]] = {}
    for item in items:  # a file, or a member of an archive
        values[item.name] = {**manifest_values(item.name, lookups), ROW_PATH: item.name}  # its row, no other's
    return files, CorpusPart(root, path_ids, values), lookups


def check_corpus(speeches: pd.DataFrame, lookups: list[Lookup]) -> pd.DataFrame:
    """The checks of :func:`load` that need every file, made on the speeches of a corpus loaded batch by batch
    (:func:`loading_part`): manifest rows that match no file, parts of one document (``part_of`` filled),
    collections whose files are named by another year; each said as :func:`load` says it.

    Parameters
    ----------
    speeches : DataFrame
        The speeches of every batch, in the corpus's order.
    lookups : list
        From :func:`plan_corpus`.

    Returns
    -------
    DataFrame
        ``speeches`` with ``part_of`` filled.

    Examples
    --------
    >>> from lectureanalysis.loading.loader import check_corpus, plan_corpus
    >>> speeches = la.load_speeches("corpus/党课讲稿")
    >>> check_corpus(speeches, plan_corpus("corpus/党课讲稿")[2])["part_of"].tolist()
    ['']
    """
    _warn_unused_rows(lookups, [str(name) for name in speeches["source_file"]], None)
    speeches = _mark_parts(speeches)
    _warn_named_by_another_year(speeches)
    return speeches


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
        warnings.warn(f"{message}; loaded as {speech_id}~{n}", CorpusWarning, stacklevel=user_stacklevel())
        speech_id = f"{speech_id}~{n}"
    seen[speech_id] = name
    for note in result.notes:
        warnings.warn(note, CorpusWarning, stacklevel=user_stacklevel())
    meta: dict[str, object] = dict(result.metadata)
    meta.update(manifest_values(name, lookups))
    return speech_id, result, meta


@shared
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

    Parameters
    ----------
    {{load_options}}

    Returns
    -------
    DataFrame
        One row per speech: :data:`lectureanalysis.schema.SPEECH_COLUMNS` (``speech_id, title, subtitle, date,
        year, speaker, occasion, source_file, collection, n_paragraphs, n_chars`` …), then any extra metadata
        columns.

    See Also
    --------
    load : Both tables from one pass over the files.
    load_paragraphs : One row per paragraph.
    metadata_from_filename : What a file name tells.

    Examples
    --------
    >>> speeches = la.load_speeches("corpus/政府工作报告", pattern="20[12]4.txt")
    >>> speeches[["speech_id", "speaker", "date"]].astype(str).values.tolist()
    [['2014', '李克强', '2014-03-05'], ['2024', '李强', '2024-03-05']]
    """
    return load(source, encoding=encoding, metadata=metadata, errors=errors, boilerplate=boilerplate,
                pattern=pattern, progress=progress, workers=workers, max_bytes=max_bytes, duplicates=duplicates, split=split,
                folders=folders)[0]


@shared
def load_paragraphs(
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
    by batch (see :func:`lectureanalysis.distributed.load_paragraphs`); :func:`lectureanalysis.segment` turns it
    into a token store on the same cluster.

    Parameters
    ----------
    {{load_options}}
    engine : {'pandas', 'dask'}, default 'pandas'
        ``'dask'`` returns a Dask DataFrame whose partitions are read on the workers of ``client``.
    client : dask.distributed.Client, optional
        With ``engine='dask'``: the cluster (default: the active client, else a LocalCluster started for the
        session).

    Returns
    -------
    DataFrame
        One row per paragraph or heading, in text order: :data:`lectureanalysis.schema.PARAGRAPH_COLUMNS`
        (``speech_id, para_id, text, n_chars, is_heading, level, heading_style, section_id, section_level,
        section_path, section_title, start, end``), then the speech columns repeated on every row.

    See Also
    --------
    load : Both tables from one pass.
    section_lengths : 字 per section.
    kwic : A concordance on these texts.

    Examples
    --------
    >>> paragraphs = la.load_paragraphs("corpus/党课讲稿")
    >>> paragraphs[["para_id", "level", "section_path"]].head(3).to_dict("records")
    [{'para_id': 0, 'level': 0, 'section_path': ''}, {'para_id': 1, 'level': 1, 'section_path': '一'}, {'para_id': 2, 'level': 0, 'section_path': '一'}]
    """
    options = {"encoding": encoding, "metadata": metadata, "errors": errors, "boilerplate": boilerplate,
               "pattern": pattern, "max_bytes": max_bytes, "duplicates": duplicates, "split": split}
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine: expected 'pandas' or 'dask', got {engine!r}")
    if engine == "dask":
        if folders:
            raise ValueError("folders: not yet supported with engine='dask'; load with the pandas engine, or give the "
                             "columns in a metadata table")
        return loader_for(engine)(source, client=client, **options)  # type: ignore[no-any-return]
    return load(source, progress=progress, workers=workers, folders=folders, **options)[1]  # type: ignore[arg-type]


def load_corpus(source: str | Path | Sequence[str | Path], **options: object) -> pd.DataFrame:
    """The former name of :func:`load_paragraphs` (it returns the paragraph table), kept for one release with
    a :class:`DeprecationWarning`."""
    warnings.warn("load_corpus() is renamed load_paragraphs() (it returns the paragraph table); load_corpus will be "
                  "removed in the next release", DeprecationWarning, stacklevel=user_stacklevel())
    return load_paragraphs(source, **options)  # type: ignore[arg-type]
