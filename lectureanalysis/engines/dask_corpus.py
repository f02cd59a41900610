"""Loading and segmenting on a Dask cluster: the paragraph table read batch by batch on the workers, a token
store written by them, and the store read back lazily as a Dask token table.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lectureanalysis import schema
from lectureanalysis.dispatch import register_loader
from lectureanalysis.tokens import segmentation
from lectureanalysis.tokens.store import (
    STORE_COLUMNS,
    manifest_rows,
    new_store,
    read_part,
    read_store_speeches,
    rows_for,
    shaped_part,
    speech_columns,
    store_columns,
    store_token_type,
    verify_store,
    write_digests,
    write_part,
    write_token_part,
    write_vocabulary,
)

#: a batch of files one worker loads and segments at a time (about 100 MB of memory per MB of text while it
#: is parsed and segmented: 4 MB keeps a worker under 600 MB)
BATCH_BYTES = 4_000_000


def build_store(source: object, store: str | Path, *, batch_bytes: int = BATCH_BYTES, client: object = None,
                **options: object) -> Path:
    """Load and segment a corpus on the workers into a token store at ``store`` (a folder), and return it.

    The files are split into batches of about ``batch_bytes``; each batch is read, parsed and segmented on a
    worker (the texts never pass through the client; the folders' manifests are read on the client and their
    rows sent with the batch), with Dask's progress bar, and written as ``tokens/part-NNNNN.parquet`` (the slim
    columns :data:`STORE_COLUMNS`, the token kept as the batch's dictionary) with ``speeches/part-NNNNN.parquet``; the vocabulary of the
    whole corpus is written once, as ``vocabulary.txt``. ``options`` go to :func:`lectureanalysis.segment`
    (``stopwords``, ``userdict``, ``backend`` …). ``client``: a ``dask.distributed.Client`` (its cluster
    does the work; its dashboard link is printed), else Dask's local scheduler. Speech ids must be unique
    across the corpus (a repeated one is an error naming both files).

    Parameters
    ----------
    source : str or Path
        A corpus folder, as :func:`lectureanalysis.load`.
    store : str or Path
        A new folder.
    batch_bytes : int, default 4_000_000
        About how much text a worker loads and segments at a time.
    client : dask.distributed.Client, optional
        The cluster (default: the active client, else a LocalCluster).
    **options
        Passed to :func:`lectureanalysis.load` and :func:`lectureanalysis.segment`.

    Returns
    -------
    pathlib.Path
        The store's folder.

    See Also
    --------
    read_store : Read it lazily.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dask.distributed import Client, LocalCluster
    >>> from lectureanalysis.engines.dask import build_store, read_store_speeches
    >>> client = Client(LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0"))
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # the dashboard's link and Dask's progress bar
    ...     store = build_store("corpus/党课讲稿", pathlib.Path(tempfile.mkdtemp()) / "store", client=client)
    >>> read_store_speeches(store)["speech_id"].tolist()
    ['区委办党支部党课讲稿']
    >>> client.close()
    """
    from lectureanalysis.io.discovery import common_parent, list_speech_files

    dask = _dask()
    files, folder = list_speech_files(source)  # type: ignore[arg-type]
    root = folder if folder is not None else common_parent(files)
    metadata = manifest_rows(folder, files, root)  # the folders' manifests, read here once (they are small)
    store = new_store(store)
    batches = _file_batches(files, batch_bytes)
    task = dask.delayed(_segment_batch)  # type: ignore[attr-defined]
    work = [task(batch, str(root), str(store), number, options, rows_for(metadata, batch, root))  # type: ignore[attr-defined]
            for number, batch in enumerate(batches)]
    _finish_store(store, _compute(work, client))
    return store


def _file_batches(files: Sequence[Path], batch_bytes: int) -> list[list[str]]:
    """The files in consecutive batches of about ``batch_bytes`` bytes."""
    batches: list[list[str]] = [[]]
    size = 0
    for path in files:
        if batches[-1] and size >= batch_bytes:
            batches.append([])
            size = 0
        batches[-1].append(str(path))
        size += path.stat().st_size
    return batches if batches[0] else []


def local_client() -> object:
    """The active ``dask.distributed.Client``; else one on a ``LocalCluster`` started here (a worker process
    per core), its dashboard link printed, which stays the active client for the session.

    Returns
    -------
    dask.distributed.Client
        The active client, or one on a LocalCluster started here.

    See Also
    --------
    lectureanalysis.load_paragraphs : ``engine='dask'`` uses it.

    Examples
    --------
    >>> from lectureanalysis.engines.dask import local_client
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # the dashboard's link, printed when a cluster starts
    ...     client = local_client()
    >>> client.status
    'running'
    """
    _dask()
    from dask.distributed import Client, LocalCluster, default_client

    try:
        return default_client()
    except ValueError:
        pass
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the cluster's start-up chatter (no bokeh: no dashboard pages)
        client = Client(LocalCluster(dashboard_address=":0"))
    print(f"Dask dashboard: {client.dashboard_link}")
    return client


def _compute(work: list[object], client: object) -> list[object]:
    """Compute delayed tasks on ``client``'s cluster (its dashboard link printed, Dask's progress bar shown),
    else on the active ``Client`` if there is one, else with Dask's local scheduler and its progress bar."""
    dask = _dask()
    if client is None:
        try:
            from dask.distributed import default_client

            client = default_client()
        except (ImportError, ValueError):
            client = None
    if client is not None and hasattr(client, "compute"):
        from dask.distributed import progress

        if hasattr(client, "dashboard_link"):
            print(f"Dask dashboard: {client.dashboard_link}")
        futures = client.compute(work)  # type: ignore[attr-defined]
        progress(futures)  # Dask's progress bar
        return list(client.gather(futures))  # type: ignore[attr-defined]
    from dask.diagnostics import ProgressBar

    with ProgressBar():
        return list(dask.compute(*work))  # type: ignore[attr-defined]


def _finish_store(store: Path, results: list[tuple[set[str], list[tuple[str, str]], list[Signed]]]) -> None:
    """The vocabulary of the parts written, the check that no speech id is taken twice, and the reposts
    found across the batches (said in a warning, marked in the speeches table)."""
    write_vocabulary(store, set().union(*(r[0] for r in results)))
    seen: dict[str, str] = {}
    for _, ids, _ in results:
        for speech_id, name in ids:
            if speech_id in seen:
                raise ValueError(f"store: speech_id {speech_id!r} of {name} is already taken by {seen[speech_id]}; "
                                 "speech ids must be unique across the corpus")
            seen[speech_id] = name
    _mark_reposts(store, [signed for *_, signatures in results for signed in signatures])
    write_digests(store)


def _mark_reposts(store: Path, signed: list[Signed]) -> None:
    """Group the speeches of all batches by their signatures as the loader groups a corpus (a
    :class:`CorpusWarning` names the reposts; they are kept) and write the groups into the speeches table's
    ``duplicate_group``, ``duplicate_of`` and ``duplicate_similarity``."""
    from lectureanalysis.loading.loader import mark_duplicates

    if not signed:
        return
    found = mark_duplicates(pd.DataFrame({"speech_id": [s[0] for s in signed], "n_chars": [s[1] for s in signed]}),
                             [s[2] for s in signed], "warn").set_index("speech_id")
    for part in sorted((store / "speeches").glob("part-*.parquet")):
        speeches = pd.read_parquet(part)
        for column in ("duplicate_group", "duplicate_of", "duplicate_similarity"):
            speeches[column] = found[column].reindex(speeches["speech_id"]).array
        speeches.to_parquet(part, index=False)


def load_paragraphs(source: object, *, client: object = None, batch_bytes: int = BATCH_BYTES, **options: object) -> object:
    """The paragraph table of :func:`lectureanalysis.load_paragraphs` as a Dask DataFrame, read on the workers.

    The list of files is cut into batches of about ``batch_bytes``; each partition loads its batch on a
    worker (the texts never pass through the client; the folders' manifests are read here and their rows
    sent with the batch), so its rows are those :func:`lectureanalysis.load_paragraphs` gives for those files.
    ``options`` are the loader's (``encoding``, ``boilerplate``, ``split`` …). Reposts are detected within a
    batch only, and speech ids must be unique across the corpus (checked when the table is segmented into a
    store). The column types are taken from the first batch, loaded on the cluster when this is called.
    """
    from lectureanalysis.io.discovery import common_parent, list_speech_files

    dask = _dask()
    import dask.dataframe as dd

    options = {k: v for k, v in options.items() if v is not None}
    given = options.pop("metadata", None)  # the user's metadata table or file: sent with every batch
    files, folder = list_speech_files(source, pattern=options.pop("pattern", None))  # type: ignore[arg-type]
    if not files:
        raise ValueError(f"{source}: no speech file to load")
    root = folder if folder is not None else common_parent(files)
    metadata = manifest_rows(folder, files, root) if given is None else {}
    pieces = [(batch, str(root), given if given is not None else rows_for(metadata, batch, root))
              for batch in _file_batches(files, batch_bytes)]
    first = dask.delayed(_load_batch)(pieces[0], options)  # type: ignore[attr-defined]
    meta = _compute([first], client)[0].iloc[:0]  # type: ignore[index]
    with dask.config.set({"dataframe.convert-string": False}):  # str columns stay pandas' own (as load gives them)
        return dd.from_map(_load_batch, pieces, options=options, meta=meta, enforce_metadata=False)


def _load_batch(piece: tuple[list[str], str, pd.DataFrame | None], options: dict[str, object]) -> pd.DataFrame:
    """On a worker: the paragraphs of one batch of files, their ``source_file`` relative to the corpus root."""
    import warnings

    from lectureanalysis.loading.loader import load

    paths, root, metadata = piece
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, paragraphs = load([Path(p) for p in paths], workers=1, progress=False, metadata=metadata,
                             **{"duplicates": "keep", **options})  # type: ignore[arg-type]
    return _named_from_root(paragraphs, paths, root)


def segment(paragraphs: object, store: str | Path, *, client: object = None, **options: object) -> object:
    """:func:`lectureanalysis.segment` of a Dask paragraph table (:func:`load_paragraphs`'s): each partition is
    segmented on a worker with the same dictionary and options and written to the token store ``store``
    (a new folder), which is returned read lazily (:func:`read_store`) with the speech columns joined."""
    dask = _dask()
    store = new_store(store)
    task = dask.delayed(_segment_partition)  # type: ignore[attr-defined]
    work = [task(part, str(store), number, options) for number, part in enumerate(paragraphs.to_delayed())]  # type: ignore[attr-defined]
    _finish_store(store, _compute(work, client))
    speeches = read_store_speeches(store)
    return read_store(store, columns=[c for c in schema.CARRIED_SPEECH_COLUMNS if c in speeches.columns
                                      and c not in ("speech_id", "source_file")])


def _segment_partition(paragraphs: pd.DataFrame, store: str, number: int,
                       options: dict[str, object]) -> tuple[set[str], list[tuple[str, str]], list[Signed]]:
    """On a worker: segment one partition of paragraphs and write it as part ``number`` of the store."""
    from lectureanalysis.tokens.segmentation import segment as segment_paragraphs

    tokens = segment_paragraphs(paragraphs, **{"progress": False, "workers": 1, "cache": False, **options})  # type: ignore[arg-type]
    write_part(tokens, Path(store), number, speech_columns(tokens))
    speeches = paragraphs.drop_duplicates("speech_id")
    names = speeches["source_file"] if "source_file" in speeches.columns else speeches["speech_id"]
    return (set(tokens["token"].cat.categories), list(zip(speeches["speech_id"], names, strict=True)),
            _signatures(paragraphs))


def _segment_batch(paths: list[str], root: str, store: str, number: int, options: dict[str, object],
                   metadata: pd.DataFrame | None = None) -> tuple[set[str], list[tuple[str, str]], list[Signed]]:
    """On a worker: load, parse and segment one batch of files (with their manifests' values); write its
    tokens and speeches; return its vocabulary, speech ids and the speeches' signatures (for reposts)."""
    import warnings

    from lectureanalysis.loading.loader import load
    from lectureanalysis.tokens.segmentation import segment

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        speeches, paragraphs = load([Path(p) for p in paths], workers=1, progress=False, duplicates="keep",
                                    metadata=metadata)
        tokens = segment(paragraphs, progress=False, workers=1, cache=False, **options)  # type: ignore[arg-type]
    speeches = _named_from_root(speeches, paths, root)
    slim = tokens[store_columns(tokens)]  # the token column stays categorical: Parquet keeps it as a dictionary
    write_token_part(slim, Path(store) / "tokens" / f"part-{number:05d}.parquet")
    speeches.drop(columns=["title_block"], errors="ignore").to_parquet(
        Path(store) / "speeches" / f"part-{number:05d}.parquet", index=False)
    return (set(tokens["token"].cat.categories), list(zip(speeches["speech_id"], speeches["source_file"], strict=True)),
            _signatures(paragraphs))


#: a speech's id, its 字 and the MinHash signature of its text (reposts.text_signature), as bytes
Signed = tuple[str, int, bytes]


def _signatures(paragraphs: pd.DataFrame) -> list[Signed]:
    """Each speech's signature, computed from its paragraphs as the loader computes it from the same text,
    so that reposts can be found across batches on the client (a signature is 1 KB; the texts stay here)."""
    from lectureanalysis.loading.reposts import text_signature

    return [(str(speech_id), int(rows["n_chars"].sum()), text_signature("".join(rows["text"].astype(str))).tobytes())
            for speech_id, rows in paragraphs.groupby("speech_id", sort=False)]


def _named_from_root(table: pd.DataFrame, paths: list[str], root: str) -> pd.DataFrame:
    """A batch's table with ``source_file`` (and ``collection``) named from the corpus root, as the loader
    names them when it reads the whole corpus: it named them from the batch's own common folder."""
    from lectureanalysis.io.discovery import common_parent

    prefix = Path(os.path.relpath(common_parent([Path(p) for p in paths]), root)).as_posix()
    if prefix == "." or "source_file" not in table.columns:
        return table
    table = table.assign(source_file=prefix + "/" + table["source_file"].astype(str))
    if "collection" in table.columns:
        table["collection"] = table["source_file"].map(
            lambda name: "" if Path(name).parent == Path() else Path(name).parent.as_posix())
    return table


def _dask() -> object:
    try:
        import dask
        import dask.dataframe
    except ImportError:
        raise ImportError("the Dask engine needs Dask: pip install 'lectureanalysis[dask]'") from None
    return dask


def read_store(store: str | Path, *, columns: Sequence[str] = (), verify: bool = False) -> object:
    """The token table of a store as a Dask DataFrame, one partition per batch, read lazily; ``token`` is
    categorical over the corpus vocabulary, and each of ``columns`` (speech columns such as ``year``,
    ``collection``, ``speaker``) is joined from the speeches table on ``speech_id`` when a partition is read.
    ``verify=True`` first checks every file against the SHA-256 recorded when the store was written
    (``digests.json``) and raises ``ValueError`` naming the files that changed.

    Parameters
    ----------
    store : str or Path
        A token store (:func:`write_store`, :func:`build_store`).
    columns : list of str, optional
        Speech columns joined on ``speech_id`` as partitions are read.
    verify : bool, default False
        Check every file against the SHA-256 recorded when it was written.

    Returns
    -------
    dask.dataframe.DataFrame
        The token table, one partition per part, read lazily.

    See Also
    --------
    write_store : Write one.
    build_store : Build one on a cluster.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from lectureanalysis.engines.dask import read_store, write_store
    >>> store = write_store(tokens, pathlib.Path(tempfile.mkdtemp()) / "store")
    >>> read_store(store, verify=True).npartitions
    1
    """
    import dask.dataframe as dd

    dask = _dask()
    store = Path(store)
    if verify:
        verify_store(store)
    speeches = read_store_speeches(store)
    missing = [c for c in columns if c not in speeches.columns]
    if missing:
        raise ValueError(f"columns: no speech column {', '.join(map(repr, missing))} in the store")
    lookup = speeches.set_index("speech_id")[list(columns)] if columns else None
    token_type = store_token_type(str(store))  # the partitions' tasks read it once per worker, not each its copy
    parts = sorted((store / "tokens").glob("part-*.parquet"))
    if not parts:
        raise ValueError(f"store: {store} holds no token part")
    import pyarrow.parquet as pq

    empty = pq.read_schema(parts[0]).empty_table().to_pandas()
    tagged = ["pos"] if "pos" in empty.columns else []
    meta = shaped_part(empty, token_type, lookup, list(STORE_COLUMNS) + tagged + list(columns))
    with dask.config.set({"dataframe.convert-string": False}):  # the columns as segment() makes them
        table = dd.from_map(read_part, [str(p) for p in parts], token_type=str(store), lookup=lookup, meta=meta,
                            tagged=bool(tagged))
    if lookup is not None:  # the groups of a joined column are known without reading the store
        key = id(table)
        _JOINED[key] = (weakref.ref(table, lambda _: _JOINED.pop(key, None)), lookup)
    return table


#: the speech columns read_store joined onto a table (by the table's id, while the table lives)
_JOINED: dict[int, tuple[weakref.ref, pd.DataFrame]] = {}


def _segment_table(paragraphs: object, *, store: str | Path | None = None, client: object = None,
                   **options: object) -> object:
    """:func:`lectureanalysis.segment` for a Dask paragraph table: into the token store ``store``."""
    if store is None:
        raise ValueError("store: a Dask paragraph table is segmented into a token store; pass store=PATH")
    for unused in ("workers", "cache", "progress", "columns"):  # what only the pandas engine does
        options.pop(unused, None)
    return segment(paragraphs, store, client=client, **options)


def _load_paragraphs(source: object, *, client: object = None, **options: object) -> object:
    """``load_paragraphs(…, engine="dask")``: the paragraph table read on the workers of ``client`` (a local
    cluster started for the session without one)."""
    return load_paragraphs(source, client=client if client is not None else local_client(), **options)


def _register() -> None:
    import dask.dataframe as dd

    segmentation.segment.register(dd.DataFrame)(_segment_table)  # type: ignore[attr-defined]
    register_loader("dask", _load_paragraphs)
