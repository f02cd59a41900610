"""The token store: a folder of Parquet parts, the vocabulary and a manifest with the SHA-256 of every file,
written by either engine and read by either (pandas part by part, Dask lazily).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lectureanalysis import schema
from lectureanalysis._cache import changed_files, file_digests
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.chunking import speech_chunks

#: the token columns a store keeps: what identifies a token; speech columns are joined when a statistic asks
STORE_COLUMNS = ("speech_id", "para_id", "section_id", "token_idx", "token", "is_stopword", "start", "mask",
                 "mask_after")


def write_store(tokens: pd.DataFrame, store: str | Path, *, rows_per_part: int = 2_000_000) -> Path:
    """Write a pandas token table (:func:`lectureanalysis.segment`'s) as a token store at ``store`` (a new
    or empty folder), in parts of about ``rows_per_part`` rows cut between speeches, with its speeches (the
    speech columns the table carries) and its vocabulary; :func:`read_store` reads it back lazily. Needs no
    Dask (pyarrow writes it).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    store : str or Path
        A new (or empty) folder.
    rows_per_part : int, default 2_000_000
        Rows per Parquet part, cut between speeches.

    Returns
    -------
    pathlib.Path
        The store's folder.

    See Also
    --------
    read_store : Read it back lazily.
    read_store_speeches : Its speeches table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lectureanalysis.engines.dask import read_store, write_store
    >>> store = write_store(tokens, pathlib.Path(tempfile.mkdtemp()) / "store")
    >>> len(read_store(store)) == len(tokens)
    True
    """
    schema.validate_tokens(tokens)
    rows_per_part = schema.check_whole("rows_per_part", rows_per_part, minimum=1)
    store = new_store(store)
    per_speech = speech_columns(tokens)
    for number, part in enumerate(speech_chunks(tokens, rows_per_part)):
        write_part(part, store, number, per_speech)
    write_vocabulary(store, {str(t) for t in tokens["token"].cat.categories})
    write_digests(store)
    return store


#: the file of a store recording the SHA-256 of each of its files
DIGESTS = "digests.json"


def write_digests(store: Path) -> None:
    """Record the SHA-256 of every file of a finished store in ``digests.json`` (read_store(verify=True)
    checks them)."""
    import json

    (store / DIGESTS).write_text(json.dumps(file_digests(store, skip=(DIGESTS,)), indent=0), encoding="utf-8")


def verify_store(store: Path) -> None:
    """Raise ``ValueError`` naming the files of a store that changed since it was written.

    Parameters
    ----------
    store : Path
        A token store.

    Returns
    -------
    None
        Raises ``ValueError`` naming the files that changed.

    See Also
    --------
    read_store : ``verify=True`` calls this.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lectureanalysis.engines.dask import verify_store, write_store
    >>> store = write_store(tokens, pathlib.Path(tempfile.mkdtemp()) / "store")
    >>> verify_store(store)
    """
    import json

    recorded = store / DIGESTS
    if not recorded.is_file():
        raise ValueError(f"store: {store} has no {DIGESTS} (written by an older version): it cannot be verified")
    changed = changed_files(store, json.loads(recorded.read_text("utf-8")), skip=(DIGESTS,))
    if changed:
        raise ValueError(f"store: {store} is damaged: {', '.join(changed[:5])} changed since it was written")


def speech_columns(tokens: pd.DataFrame) -> pd.DataFrame:
    """The speech columns of a token table, one row per speech (indexed by speech_id): from the linked
    paragraph table, else from the token rows."""
    source = linking.linked(tokens)
    source = tokens if source is None else source
    carried = [c for c in schema.CARRIED_SPEECH_COLUMNS if c in source.columns and c != "speech_id"]
    return source.drop_duplicates("speech_id").set_index("speech_id")[carried]


def write_part(tokens: pd.DataFrame, store: Path, number: int, per_speech: pd.DataFrame) -> None:
    """Part ``number`` of a store: the tokens, and the speeches they belong to."""
    write_token_part(tokens, store / "tokens" / f"part-{number:05d}.parquet")
    ids = pd.unique(tokens["speech_id"].astype(object))
    speeches = per_speech.loc[ids].rename_axis("speech_id").reset_index()
    for column in speeches.columns:  # categoricals of the token table back to plain values
        if isinstance(speeches[column].dtype, pd.CategoricalDtype):
            speeches[column] = speeches[column].astype(speeches[column].cat.categories.dtype)
    speeches.to_parquet(store / "speeches" / f"part-{number:05d}.parquet", index=False)


def write_token_part(tokens: pd.DataFrame, path: Path) -> None:
    """One part of a store: the :data:`STORE_COLUMNS` as Parquet, the categorical columns (token, speech and
    section ids, masks) as dictionaries, LZ4-compressed, without column statistics (no reader of ours uses
    them, and leaving them out halves the writing time)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    slim = tokens[store_columns(tokens)]
    slim.attrs = {}
    table = pa.Table.from_pandas(slim, preserve_index=False)
    dictionaries = [c for c in slim.columns if isinstance(slim[c].dtype, pd.CategoricalDtype)]
    pq.write_table(table, path, use_dictionary=dictionaries, write_statistics=False, compression="lz4")


def store_columns(tokens: pd.DataFrame) -> list[str]:
    """The columns a store keeps of a token table: :data:`STORE_COLUMNS`, and ``pos`` when it was tagged."""
    return [*STORE_COLUMNS, *(["pos"] if "pos" in tokens.columns else [])]


def new_store(store: str | Path) -> Path:
    """A store's folder, new or empty, with its ``tokens`` and ``speeches`` folders."""
    store = Path(store)
    if store.exists() and any(store.iterdir()):
        raise ValueError(f"store: {store} is not empty; give a new folder")
    (store / "tokens").mkdir(parents=True, exist_ok=True)
    (store / "speeches").mkdir(parents=True, exist_ok=True)
    return store


def write_vocabulary(store: Path, words: set[str]) -> None:
    """The corpus vocabulary, sorted, one word a line: the token categories of every part read back."""
    (store / "vocabulary.txt").write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")


def manifest_rows(folder: Path | None, files: Sequence[Path], root: Path) -> dict[str, dict[str, object]]:
    """Each file's values from the folders' manifests (index.tsv, metadata.csv … of the folder and of its
    sub-folders), as the loader joins them, by the file's path relative to ``root``."""
    import warnings

    from lectureanalysis.errors import CorpusWarning, MetadataError, user_stacklevel
    from lectureanalysis.io.manifests import manifest_values, metadata_lookup, metadata_sources

    lookups = []
    for origin, table, scope in metadata_sources(folder, None, files):
        try:
            lookups.append((origin, metadata_lookup(table, origin), scope))
        except MetadataError as exc:  # as the loader does: said, and the rest goes on
            warnings.warn(f"{exc}; metadata not used", CorpusWarning, stacklevel=user_stacklevel())
    rows: dict[str, dict[str, object]] = {}
    for path in files:
        name = Path(os.path.relpath(path, root)).as_posix()
        values = manifest_values(name, lookups)
        if values:
            rows[name] = values
    return rows


def rows_for(metadata: dict[str, dict[str, object]], batch: list[str], root: Path) -> pd.DataFrame | None:
    """The manifest rows of a batch's files, as a metadata table keyed by file name."""
    rows = []
    for path in batch:
        name = Path(os.path.relpath(path, root)).as_posix()
        if name in metadata:
            rows.append({"file": Path(path).name, **metadata[name]})
    return pd.DataFrame(rows) if rows else None


def read_part(path: str, *, token_type: pd.CategoricalDtype | str, lookup: pd.DataFrame | None,
               columns: Sequence[str] | None = None, tagged: bool = False) -> pd.DataFrame:
    """One part of a store as a partition: only ``columns`` are read from Parquet when Dask says which a
    computation needs (its column projection: a frequency count reads no offsets or positions).
    ``token_type``: the token categorical, or the store's folder, whose vocabulary is then read once per
    process (:func:`store_token_type`) rather than sent with every partition's task."""
    if isinstance(token_type, str):
        token_type = store_token_type(token_type)
    joined = list(lookup.columns) if lookup is not None else []
    kept = [*STORE_COLUMNS, "pos"]
    columns = list(columns) if columns is not None else [*STORE_COLUMNS, *(["pos"] if tagged else []), *joined]
    stored = [c for c in columns if c in kept]
    if any(c in joined for c in columns) and "speech_id" not in stored:
        stored.append("speech_id")
    return shaped_part(pd.read_parquet(path, columns=stored), token_type, lookup, columns)


def store_token_type(store: str) -> pd.CategoricalDtype:
    """The token categorical over a store's vocabulary (``vocabulary.txt``), made once per process and
    version of the file: every partition a worker reads shares it (and the hash table its lookups build)."""
    stat = os.stat(Path(store) / "vocabulary.txt")
    return _token_type(str(store), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _token_type(store: str, mtime_ns: int, size: int) -> pd.CategoricalDtype:
    words = (Path(store) / "vocabulary.txt").read_text("utf-8").splitlines()
    return pd.CategoricalDtype(pd.Index(words, dtype=object))


def shaped_part(part: pd.DataFrame, token_type: pd.CategoricalDtype, lookup: pd.DataFrame | None,
            columns: list[str]) -> pd.DataFrame:
    """A part as read, made a partition of the corpus: ``columns`` in order, the token categorical over the
    corpus vocabulary, the speech columns of ``lookup`` joined."""
    if "token" in part.columns:
        token = part["token"]
        if not isinstance(token.dtype, pd.CategoricalDtype):
            token = token.astype("category")
        # the batch's own vocabulary mapped onto the corpus's: codes are renumbered, no string compared per row
        mapping = token_type.categories.get_indexer(token.cat.categories)
        part["token"] = pd.Categorical.from_codes(mapping[token.cat.codes.to_numpy()], dtype=token_type)
    for column in ("mask", "mask_after", "pos"):
        if column in part.columns:
            part[column] = part[column].astype("category")
    for column in columns:
        if column not in part.columns and lookup is not None and column in lookup.columns:
            part[column] = part["speech_id"].map(lookup[column])
    return part[columns]


def read_store_speeches(store: str | Path) -> pd.DataFrame:
    """The speeches table of a store (one row per speech, as :func:`lectureanalysis.load` gives it).

    Parameters
    ----------
    store : str or Path
        A token store.

    Returns
    -------
    DataFrame
        One row per speech of the store.

    See Also
    --------
    read_store : Its tokens.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lectureanalysis.engines.dask import read_store_speeches, write_store
    >>> store = write_store(tokens, pathlib.Path(tempfile.mkdtemp()) / "store")
    >>> read_store_speeches(store)["speech_id"].tolist()
    ['区委办党支部党课讲稿']
    """
    parts = sorted((Path(store) / "speeches").glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
