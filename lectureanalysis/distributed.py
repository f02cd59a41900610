"""The same statistics on a Dask cluster, for token tables that do not fit one process.

A Dask token DataFrame (``from_pandas``, or one read from a Parquet token store) is counted partition by
partition on the workers; only the per-partition counts — arrays the size of the vocabulary — come back to
the client, where they are added up and finished by the very code the pandas path uses. So the tables are the
same: same counts, same floats, same order. Two conditions make the parts add up: a speech is never split
across partitions (``from_pandas`` cuts at speech boundaries), and the ``token`` column is categorical with the
same categories in every partition (the corpus vocabulary).

``la.term_frequencies``, ``la.ngrams``, ``la.tfidf``, ``la.trend``, ``la.keyness`` (target and reference as
values of ``by``), ``la.dispersion`` and ``la.collocations`` accept a Dask DataFrame and come here. With a ``dask.distributed.Client`` active the work runs on its
cluster; without one, on Dask's local threads. Dask is the optional extra ``dask``.
"""

from __future__ import annotations

import functools
import itertools
import os
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import linking, schema
from ._cache import changed_files, file_digests
from .stats import (
    ALL,
    CHARS,
    WITHIN_SPEECH,
    WORD_TOKENS,
    _check_sides,
    _collocation_counts,
    _collocation_finish,
    _dispersion_counts,
    _dispersion_finish,
    _frequency_counts,
    _frequency_finish,
    _keyness_finish,
    _lexical_counts,
    _ngram_counts,
    _ngram_finish,
    _node_code,
    _row_chars,
    _tell_terms,
    _term_hits,
    _trend_counts,
    _trend_finish,
    is_punctuation,
    speech_chunks,
    speech_starts,
)
from .structure import count_chars_many


def _dask() -> object:
    try:
        import dask
        import dask.dataframe
    except ImportError:
        raise ImportError("the Dask engine needs Dask: pip install 'lectureanalysis[dask]'") from None
    return dask


def from_pandas(tokens: pd.DataFrame, npartitions: int = 2, *, columns: Sequence[str] = ()) -> object:
    """A Dask DataFrame of a pandas token table in ``npartitions`` parts of about equal size, cut only
    between speeches (a speech's rows stay in one partition, in their order). ``columns``: paragraph columns
    to carry on the rows (``year``, ``section_path`` …), looked up in the linked paragraph table — the Dask
    table holds no link, so a statistic can group only by the columns it carries."""
    _dask()
    import dask.dataframe as dd

    schema.validate_tokens(tokens)
    npartitions = schema.check_whole("npartitions", npartitions, minimum=1)
    if columns:
        tokens = linking.with_columns(tokens, list(columns))
    tokens = tokens.copy(deep=False)
    tokens.attrs = {}  # the paragraph table is not shipped to the workers with every partition
    starts = speech_starts(tokens)
    wanted = np.linspace(0, len(tokens), npartitions + 1)[1:-1]
    cuts = sorted({int(starts[np.abs(starts - w).argmin()]) for w in wanted} - {0})
    bounds = [0, *cuts, len(tokens)]
    pieces = [tokens.iloc[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    return dd.concat([dd.from_pandas(piece, npartitions=1, sort=False) for piece in pieces])


def _vocabulary(tokens: object) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The corpus vocabulary from the token column's categories (known to every partition)."""
    schema.validate_tokens(tokens._meta)  # type: ignore[attr-defined]
    if not tokens["token"].cat.known:  # type: ignore[index]
        raise ValueError("tokens: the token categories are not known to Dask; build the table with from_pandas() "
                         "or read it with categories (the corpus vocabulary) set")
    types = [str(t) for t in tokens["token"].cat.categories]  # type: ignore[index]
    punctuation = np.fromiter((is_punctuation(t) for t in types), dtype=np.bool_, count=len(types))
    chars = np.asarray(count_chars_many(types), dtype=np.int64) if types else np.zeros(0, np.int64)
    return types, punctuation, chars


def _labels(tokens: object, by: str | None) -> list[object]:
    """The groups of ``by`` over the whole corpus, sorted as the pandas path sorts them."""
    if by is None:
        return [ALL]
    if by not in tokens.columns:  # type: ignore[attr-defined]
        raise ValueError(f"by: {by!r} is not a column of the token table")
    known = _JOINED.get(id(tokens))
    if known is not None and known[0]() is tokens and by in known[1].columns:
        values = known[1][by]  # a speech column joined by read_store: its values are in the speeches table
    else:
        values = pd.concat(_each_partition(tokens, _distinct, by), ignore_index=True)  # no shuffle: a list a part
    if values.isna().any():  # left out of the grouping (their group code is −1), and said
        import warnings

        from .errors import GroupingWarning

        warnings.warn(f"by={by!r}: some speeches have no value and are left out of this grouping",
                      GroupingWarning, stacklevel=4)
        values = values.dropna()
    return sorted(pd.unique(values).tolist())


def _distinct(part: pd.DataFrame, by: str) -> pd.Series:
    return pd.Series(pd.unique(part[by]))


#: the token columns the counting functions read, besides the column they group by
_COUNTED = ("speech_id", "para_id", "token", "is_stopword", "mask", "mask_after")


def _needed(tokens: object, *columns: str | None) -> object:
    """``tokens`` with only the columns a computation reads: a table read from a store then reads no other
    column from Parquet (Dask's column projection)."""
    wanted = {*_COUNTED, *(c for c in columns if c)}
    return tokens[[c for c in tokens.columns if c in wanted]]  # type: ignore[attr-defined,index]


def _each_partition(tokens: object, function: Callable[..., object], *args: object) -> list[object]:
    """``function(partition, *args)`` on every partition, on the workers; the results come back."""
    dask = _dask()
    delayed = dask.delayed(function)  # type: ignore[attr-defined]
    return list(dask.compute(*[delayed(part, *args) for part in tokens.to_delayed()]))  # type: ignore[attr-defined]


def _added(tokens: object, function: Callable[..., tuple[object, ...]], *args: object) -> tuple[object, ...]:
    """``function(partition, *args)`` on every partition, added up on the workers two by two: only the
    total (arrays the size of the vocabulary) comes back to the client."""
    dask = _dask()
    delayed = dask.delayed(function)  # type: ignore[attr-defined]
    level = [delayed(part, *args) for part in tokens.to_delayed()]  # type: ignore[attr-defined]
    add = dask.delayed(_add_two, pure=True)  # type: ignore[attr-defined]
    while len(level) > 1:
        level = [add(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return dask.compute(level[0])[0]  # type: ignore[attr-defined,no-any-return]


def _quiet(function: Callable[..., object]) -> Callable[..., object]:
    def run(*args: object) -> object:
        import warnings

        with warnings.catch_warnings():  # a term missing from one partition is no news
            warnings.simplefilter("ignore")
            return function(*args)
    return run


def _add_two(first: tuple[object, ...], second: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(a + b for a, b in zip(first, second, strict=True))  # type: ignore[operator]


def term_frequencies(tokens: object, *, by: str | None = None, min_count: int = 1,
                     exclude_stopwords: bool = True) -> pd.DataFrame:
    """:func:`lectureanalysis.term_frequencies` of a Dask token table."""
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    # a partition's (groups × types) tables are sparse (a batch of speeches uses a small share of the
    # vocabulary) and stay sparse when added up and finished
    partial = _added(_needed(tokens, by), _frequency_counts, by, labels, chars)
    return _frequency_finish(partial, types, punctuation, labels, min_count, exclude_stopwords)  # type: ignore[arg-type]


def ngrams(tokens: object, n: int = 2, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True,
           sep: str = " ") -> pd.DataFrame:
    """:func:`lectureanalysis.ngrams` of a Dask token table: each partition's n-grams counted on its worker,
    the tables added up (an n-gram never crosses a paragraph, so never a partition)."""
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    parts = _each_partition(_needed(tokens, by), _ngram_counts, n, by, labels, punctuation, chars, exclude_stopwords)
    keys = ["group_code", *[f"t{i}" for i in range(n)]]
    tables = [p[0] for p in parts if not p[0].empty]
    counted = pd.concat(tables, ignore_index=True).groupby(keys, sort=False)[["frequency", "docfreq"]].sum() \
        .reset_index() if tables else parts[0][0]
    group_chars = sum(p[1] for p in parts)
    group_tokens = sum(p[2] for p in parts)
    return _ngram_finish(counted, n, types, labels, group_chars, group_tokens, min_count, sep)  # type: ignore[arg-type]


def trend(tokens: object, terms: Sequence[str], *, by: str = "year", match: str = "text") -> pd.DataFrame:
    """:func:`lectureanalysis.trend` of a Dask token table (named terms found on each paragraph's text,
    rebuilt from its tokens on the worker)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    types, _, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    counts, period_chars, *notes = _added(_needed(tokens, by, "start", "script"), _quiet(_trend_parts), terms, by,
                                          labels, types, chars, match)
    _tell_terms(terms, tuple(notes), types, match, stacklevel=4)  # type: ignore[arg-type]
    return _trend_finish(terms, labels, counts, period_chars)  # type: ignore[arg-type]


def _trend_parts(part: pd.DataFrame, terms: list[str], by: str, labels: list[object], types: list[str],
                 chars: np.ndarray, match: str) -> tuple[object, ...]:
    counts, period_chars, notes = _trend_counts(part, terms, by, labels, types, chars, match)
    return (counts, period_chars, *notes)


def _keyness_counts(part: pd.DataFrame, by: str, target: object, reference: object, n_types: int,
                    punctuation: np.ndarray, exclude_stopwords: bool) -> tuple[np.ndarray, np.ndarray, float, float]:
    if isinstance(target, frozenset):  # speech ids (a comparison's sides)
        target_mask = part["speech_id"].isin(target).to_numpy()
        reference_mask = part["speech_id"].isin(reference).to_numpy()  # type: ignore[arg-type]
    else:
        target_mask = (part[by] == target).to_numpy(dtype=bool, na_value=False)
        reference_mask = (~target_mask & part[by].notna().to_numpy()) if reference is None else \
            (part[by] == reference).to_numpy(dtype=bool, na_value=False)
    codes = part["token"].cat.codes.to_numpy().astype(np.int64)
    words = ~punctuation[codes]
    counted = words & ~part["is_stopword"].to_numpy() if exclude_stopwords else words
    a = np.bincount(codes[counted & target_mask], minlength=n_types).astype(float)
    b = np.bincount(codes[counted & reference_mask], minlength=n_types).astype(float)
    return a, b, float((words & target_mask).sum()), float((words & reference_mask).sum())


def keyness_of_speeches(tokens: object, target: Sequence[str], reference: Sequence[str], *, min_count: int = 5,
                        exclude_stopwords: bool = True, statistic: str = "g2") -> pd.DataFrame:
    """Keyness of the speeches ``target`` (ids) against the speeches ``reference`` on a Dask token table —
    what :func:`lectureanalysis.compare_keyness` computes for a comparison."""
    return _keyness(tokens, "speech_id", frozenset(target), frozenset(reference), min_count, exclude_stopwords,
                    statistic)


def keyness(tokens: object, *, target: object, reference: object = None, by: str = "speech_id", min_count: int = 5,
            exclude_stopwords: bool = True, terms: Sequence[str] | None = None, match: str = "text",
            statistic: str = "g2") -> pd.DataFrame:
    """:func:`lectureanalysis.keyness` of a Dask token table; ``target`` and ``reference`` are values of
    ``by`` (masks over billions of rows are not shipped)."""
    if isinstance(target, (pd.Series, np.ndarray, list)):
        raise ValueError("target: on a Dask token table, name a value of `by` (masks are for pandas tables)")
    if terms is not None:
        return _keyness_of_terms(tokens, by, target, reference, list(terms), match, statistic)
    return _keyness(tokens, by, target, reference, min_count, exclude_stopwords, statistic)


def _keyness(tokens: object, by: str, target: object, reference: object, min_count: int,
             exclude_stopwords: bool, statistic: str = "g2") -> pd.DataFrame:
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, _ = _vocabulary(tokens)
    a, b, c, d = _added(tokens, _keyness_counts, by, target, reference, len(types), punctuation, exclude_stopwords)
    _check_sides(c, d, "token")  # type: ignore[arg-type]
    return _keyness_finish(np.asarray(types, dtype=object), a, b, c, d, (a + b) >= min_count,  # type: ignore[arg-type]
                           WORD_TOKENS, statistic)


def _keyness_of_terms(tokens: object, by: str, target: object, reference: object, terms: list[str],
                      match: str, statistic: str = "g2") -> pd.DataFrame:
    types, punctuation, chars = _vocabulary(tokens)
    a, b, c, d, *notes = _added(_needed(tokens, by, "start", "script"), _quiet(_term_keyness_counts), by, target,
                                reference, types, punctuation, chars, terms, match)
    _tell_terms(terms, tuple(notes), types, match, stacklevel=4)  # type: ignore[arg-type]
    _check_sides(c, d, match)  # type: ignore[arg-type]
    return _keyness_finish(np.asarray(terms, dtype=object), a, b, c, d, np.ones(len(terms), dtype=bool),  # type: ignore[arg-type]
                           CHARS if match == "text" else WORD_TOKENS, statistic)


def _term_keyness_counts(part: pd.DataFrame, by: str, target: object, reference: object, types: list[str],
                         punctuation: np.ndarray, chars: np.ndarray, terms: list[str], match: str) -> tuple[object, ...]:
    target_mask = (part[by] == target).to_numpy(dtype=bool, na_value=False)
    has_value = part[by].notna().to_numpy()
    reference_mask = (~target_mask & has_value) if reference is None else \
        (part[by] == reference).to_numpy(dtype=bool, na_value=False)
    codes = part["token"].cat.codes.to_numpy().astype(np.int64)
    rows, notes = _term_hits(part, terms, types, match, codes)
    a = np.array([target_mask[r].sum() for r in rows], dtype=float)
    b = np.array([reference_mask[r].sum() for r in rows], dtype=float)
    if match == "text":
        row_chars = _row_chars(part, codes, chars)
        c, d = float(row_chars[target_mask].sum()), float(row_chars[reference_mask].sum())
    else:
        words = ~punctuation[codes]
        c, d = float((words & target_mask).sum()), float((words & reference_mask).sum())
    return (a, b, c, d, *notes)


def dispersion(tokens: object, terms: Sequence[str], *, by: str = "speech_id", match: str = "text") -> pd.DataFrame:
    """:func:`lectureanalysis.dispersion` of a Dask token table (parts within a speech stay within their
    partition, as a speech does, so their order of appearance is the pandas path's)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    types, punctuation, chars = _vocabulary(tokens)
    within = by in WITHIN_SPEECH and by in tokens.columns  # type: ignore[attr-defined]
    labels = None if within else _labels(tokens, by)
    parts = _each_partition(_needed(tokens, by, "start", "script"), _quiet(_dispersion_counts), terms, by, labels,
                            types, punctuation, chars, match)
    if within:  # each partition has its own parts: set them side by side, in partition order
        v = np.concatenate([p[0] for p in parts], axis=1)
        sizes = np.concatenate([p[1] for p in parts])
    else:
        v, sizes = sum(p[0] for p in parts), sum(p[1] for p in parts)
    notes = functools.reduce(_add_two, [p[3] for p in parts])
    _tell_terms(terms, notes, types, match, stacklevel=4)  # type: ignore[arg-type]
    return _dispersion_finish(terms, v, sizes)  # type: ignore[arg-type]


def collocations(tokens: object, node: str, *, window: int = 5, min_count: int = 3,
                 exclude_stopwords: bool = True, match: str = "text") -> pd.DataFrame:
    """:func:`lectureanalysis.collocations` of a Dask token table (a node's window never leaves its
    paragraph, so never its partition)."""
    types, punctuation, _ = _vocabulary(tokens)
    node_code = _node_code(types, node) if match == "token" else None
    counts = _added(_needed(tokens, "start", "script"), _collocation_counts, node, node_code, window,
                    exclude_stopwords, punctuation, types)
    return _collocation_finish(types, node, node_code, counts, window, min_count,  # type: ignore[arg-type]
                               exclude_stopwords)


# -- the token store: built on the workers, read back lazily --------------------------------------------

#: the token columns a store keeps: what identifies a token; speech columns are joined when a statistic asks
STORE_COLUMNS = ("speech_id", "para_id", "section_id", "token_idx", "token", "is_stopword", "start", "mask",
                 "mask_after")
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
    """
    from .loading import _common_parent, list_speech_files

    dask = _dask()
    files, folder = list_speech_files(source)  # type: ignore[arg-type]
    root = folder if folder is not None else _common_parent(files)
    metadata = _manifest_rows(folder, files, root)  # the folders' manifests, read here once (they are small)
    store = _new_store(store)
    batches = _file_batches(files, batch_bytes)
    task = dask.delayed(_segment_batch)  # type: ignore[attr-defined]
    work = [task(batch, str(root), str(store), number, options, _rows_for(metadata, batch, root))  # type: ignore[attr-defined]
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
    per core), its dashboard link printed, which stays the active client for the session."""
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
    _write_vocabulary(store, set().union(*(r[0] for r in results)))
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
    from .loading import _mark_duplicates

    if not signed:
        return
    found = _mark_duplicates(pd.DataFrame({"speech_id": [s[0] for s in signed], "n_chars": [s[1] for s in signed]}),
                             [s[2] for s in signed], "warn").set_index("speech_id")
    for part in sorted((store / "speeches").glob("part-*.parquet")):
        speeches = pd.read_parquet(part)
        for column in ("duplicate_group", "duplicate_of", "duplicate_similarity"):
            speeches[column] = found[column].reindex(speeches["speech_id"]).array
        speeches.to_parquet(part, index=False)


def load_corpus(source: object, *, client: object = None, batch_bytes: int = BATCH_BYTES, **options: object) -> object:
    """The paragraph table of :func:`lectureanalysis.load_corpus` as a Dask DataFrame, read on the workers.

    The list of files is cut into batches of about ``batch_bytes``; each partition loads its batch on a
    worker (the texts never pass through the client; the folders' manifests are read here and their rows
    sent with the batch), so its rows are those :func:`lectureanalysis.load_corpus` gives for those files.
    ``options`` are the loader's (``encoding``, ``boilerplate``, ``split`` …). Reposts are detected within a
    batch only, and speech ids must be unique across the corpus (checked when the table is segmented into a
    store). The column types are taken from the first batch, loaded on the cluster when this is called.
    """
    from .loading import _common_parent, list_speech_files

    dask = _dask()
    import dask.dataframe as dd

    options = {k: v for k, v in options.items() if v is not None}
    given = options.pop("metadata", None)  # the user's metadata table or file: sent with every batch
    files, folder = list_speech_files(source, pattern=options.pop("pattern", None))  # type: ignore[arg-type]
    if not files:
        raise ValueError(f"{source}: no speech file to load")
    root = folder if folder is not None else _common_parent(files)
    metadata = _manifest_rows(folder, files, root) if given is None else {}
    pieces = [(batch, str(root), given if given is not None else _rows_for(metadata, batch, root))
              for batch in _file_batches(files, batch_bytes)]
    first = dask.delayed(_load_batch)(pieces[0], options)  # type: ignore[attr-defined]
    meta = _compute([first], client)[0].iloc[:0]  # type: ignore[index]
    with dask.config.set({"dataframe.convert-string": False}):  # str columns stay pandas' own (as load gives them)
        return dd.from_map(_load_batch, pieces, options=options, meta=meta, enforce_metadata=False)


def _load_batch(piece: tuple[list[str], str, pd.DataFrame | None], options: dict[str, object]) -> pd.DataFrame:
    """On a worker: the paragraphs of one batch of files, their ``source_file`` relative to the corpus root."""
    import warnings

    from .loading import load

    paths, root, metadata = piece
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, paragraphs = load([Path(p) for p in paths], workers=1, progress=False, metadata=metadata,
                             **{"duplicates": "keep", **options})  # type: ignore[arg-type]
    return _named_from_root(paragraphs, paths, root)


def segment(paragraphs: object, store: str | Path, *, client: object = None, **options: object) -> object:
    """:func:`lectureanalysis.segment` of a Dask paragraph table (:func:`load_corpus`'s): each partition is
    segmented on a worker with the same dictionary and options and written to the token store ``store``
    (a new folder), which is returned read lazily (:func:`read_store`) with the speech columns joined."""
    dask = _dask()
    store = _new_store(store)
    task = dask.delayed(_segment_partition)  # type: ignore[attr-defined]
    work = [task(part, str(store), number, options) for number, part in enumerate(paragraphs.to_delayed())]  # type: ignore[attr-defined]
    _finish_store(store, _compute(work, client))
    speeches = read_store_speeches(store)
    return read_store(store, columns=[c for c in schema.CARRIED_SPEECH_COLUMNS if c in speeches.columns
                                      and c not in ("speech_id", "source_file")])


def _segment_partition(paragraphs: pd.DataFrame, store: str, number: int,
                       options: dict[str, object]) -> tuple[set[str], list[tuple[str, str]], list[Signed]]:
    """On a worker: segment one partition of paragraphs and write it as part ``number`` of the store."""
    from .segmentation import segment as segment_paragraphs

    tokens = segment_paragraphs(paragraphs, **{"progress": False, "workers": 1, "cache": False, **options})  # type: ignore[arg-type]
    _write_part(tokens, Path(store), number, _speech_columns(tokens))
    speeches = paragraphs.drop_duplicates("speech_id")
    names = speeches["source_file"] if "source_file" in speeches.columns else speeches["speech_id"]
    return (set(tokens["token"].cat.categories), list(zip(speeches["speech_id"], names, strict=True)),
            _signatures(paragraphs))


def write_store(tokens: pd.DataFrame, store: str | Path, *, rows_per_part: int = 2_000_000) -> Path:
    """Write a pandas token table (:func:`lectureanalysis.segment`'s) as a token store at ``store`` (a new
    or empty folder), in parts of about ``rows_per_part`` rows cut between speeches, with its speeches (the
    speech columns the table carries) and its vocabulary; :func:`read_store` reads it back lazily. Needs no
    Dask (pyarrow writes it)."""
    schema.validate_tokens(tokens)
    rows_per_part = schema.check_whole("rows_per_part", rows_per_part, minimum=1)
    store = _new_store(store)
    per_speech = _speech_columns(tokens)
    for number, part in enumerate(speech_chunks(tokens, rows_per_part)):
        _write_part(part, store, number, per_speech)
    _write_vocabulary(store, {str(t) for t in tokens["token"].cat.categories})
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
    """Raise ``ValueError`` naming the files of a store that changed since it was written."""
    import json

    recorded = store / DIGESTS
    if not recorded.is_file():
        raise ValueError(f"store: {store} has no {DIGESTS} (written by an older version): it cannot be verified")
    changed = changed_files(store, json.loads(recorded.read_text("utf-8")), skip=(DIGESTS,))
    if changed:
        raise ValueError(f"store: {store} is damaged: {', '.join(changed[:5])} changed since it was written")


def _speech_columns(tokens: pd.DataFrame) -> pd.DataFrame:
    """The speech columns of a token table, one row per speech (indexed by speech_id): from the linked
    paragraph table, else from the token rows."""
    source = linking.linked(tokens)
    source = tokens if source is None else source
    carried = [c for c in schema.CARRIED_SPEECH_COLUMNS if c in source.columns and c != "speech_id"]
    return source.drop_duplicates("speech_id").set_index("speech_id")[carried]


def _write_part(tokens: pd.DataFrame, store: Path, number: int, per_speech: pd.DataFrame) -> None:
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

    slim = tokens[list(STORE_COLUMNS)]
    slim.attrs = {}
    table = pa.Table.from_pandas(slim, preserve_index=False)
    dictionaries = [c for c in STORE_COLUMNS if isinstance(slim[c].dtype, pd.CategoricalDtype)]
    pq.write_table(table, path, use_dictionary=dictionaries, write_statistics=False, compression="lz4")


def _new_store(store: str | Path) -> Path:
    """A store's folder, new or empty, with its ``tokens`` and ``speeches`` folders."""
    store = Path(store)
    if store.exists() and any(store.iterdir()):
        raise ValueError(f"store: {store} is not empty; give a new folder")
    (store / "tokens").mkdir(parents=True, exist_ok=True)
    (store / "speeches").mkdir(parents=True, exist_ok=True)
    return store


def _write_vocabulary(store: Path, words: set[str]) -> None:
    """The corpus vocabulary, sorted, one word a line: the token categories of every part read back."""
    (store / "vocabulary.txt").write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")


def _manifest_rows(folder: Path | None, files: Sequence[Path], root: Path) -> dict[str, dict[str, object]]:
    """Each file's values from the folders' manifests (index.tsv, metadata.csv … of the folder and of its
    sub-folders), as the loader joins them, by the file's path relative to ``root``."""
    import warnings

    from .errors import CorpusWarning, MetadataError
    from .loading import _metadata_lookup, _metadata_sources, manifest_values

    lookups = []
    for origin, table, scope in _metadata_sources(folder, None, files):
        try:
            lookups.append((origin, _metadata_lookup(table, origin), scope))
        except MetadataError as exc:  # as the loader does: said, and the rest goes on
            warnings.warn(f"{exc}; metadata not used", CorpusWarning, stacklevel=3)
    rows: dict[str, dict[str, object]] = {}
    for path in files:
        name = Path(os.path.relpath(path, root)).as_posix()
        values = manifest_values(name, lookups)
        if values:
            rows[name] = values
    return rows


def _rows_for(metadata: dict[str, dict[str, object]], batch: list[str], root: Path) -> pd.DataFrame | None:
    """The manifest rows of a batch's files, as a metadata table keyed by file name."""
    rows = []
    for path in batch:
        name = Path(os.path.relpath(path, root)).as_posix()
        if name in metadata:
            rows.append({"file": Path(path).name, **metadata[name]})
    return pd.DataFrame(rows) if rows else None


def _segment_batch(paths: list[str], root: str, store: str, number: int, options: dict[str, object],
                   metadata: pd.DataFrame | None = None) -> tuple[set[str], list[tuple[str, str]], list[Signed]]:
    """On a worker: load, parse and segment one batch of files (with their manifests' values); write its
    tokens and speeches; return its vocabulary, speech ids and the speeches' signatures (for reposts)."""
    import warnings

    from .loading import load
    from .segmentation import segment

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        speeches, paragraphs = load([Path(p) for p in paths], workers=1, progress=False, duplicates="keep",
                                    metadata=metadata)
        tokens = segment(paragraphs, progress=False, workers=1, cache=False, **options)  # type: ignore[arg-type]
    speeches = _named_from_root(speeches, paths, root)
    slim = tokens[list(STORE_COLUMNS)]  # the token column stays categorical: Parquet keeps it as a dictionary
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
    from .reposts import text_signature

    return [(str(speech_id), int(rows["n_chars"].sum()), text_signature("".join(rows["text"].astype(str))).tobytes())
            for speech_id, rows in paragraphs.groupby("speech_id", sort=False)]


def _named_from_root(table: pd.DataFrame, paths: list[str], root: str) -> pd.DataFrame:
    """A batch's table with ``source_file`` (and ``collection``) named from the corpus root, as the loader
    names them when it reads the whole corpus: it named them from the batch's own common folder."""
    from .loading import _common_parent

    prefix = Path(os.path.relpath(_common_parent([Path(p) for p in paths]), root)).as_posix()
    if prefix == "." or "source_file" not in table.columns:
        return table
    table = table.assign(source_file=prefix + "/" + table["source_file"].astype(str))
    if "collection" in table.columns:
        table["collection"] = table["source_file"].map(
            lambda name: "" if Path(name).parent == Path() else Path(name).parent.as_posix())
    return table


def read_store(store: str | Path, *, columns: Sequence[str] = (), verify: bool = False) -> object:
    """The token table of a store as a Dask DataFrame, one partition per batch, read lazily; ``token`` is
    categorical over the corpus vocabulary, and each of ``columns`` (speech columns such as ``year``,
    ``collection``, ``speaker``) is joined from the speeches table on ``speech_id`` when a partition is read.
    ``verify=True`` first checks every file against the SHA-256 recorded when the store was written
    (``digests.json``) and raises ``ValueError`` naming the files that changed."""
    import dask.dataframe as dd

    dask = _dask()
    store = Path(store)
    if verify:
        verify_store(store)
    vocabulary = (store / "vocabulary.txt").read_text("utf-8").splitlines()
    speeches = read_store_speeches(store)
    missing = [c for c in columns if c not in speeches.columns]
    if missing:
        raise ValueError(f"columns: no speech column {', '.join(map(repr, missing))} in the store")
    lookup = speeches.set_index("speech_id")[list(columns)] if columns else None
    token_type = pd.CategoricalDtype(vocabulary)
    parts = sorted((store / "tokens").glob("part-*.parquet"))
    if not parts:
        raise ValueError(f"store: {store} holds no token part")
    import pyarrow.parquet as pq

    empty = pq.read_schema(parts[0]).empty_table().to_pandas()
    meta = _shaped(empty, token_type, lookup, list(STORE_COLUMNS) + list(columns))
    with dask.config.set({"dataframe.convert-string": False}):  # the columns as segment() makes them
        table = dd.from_map(_read_part, [str(p) for p in parts], token_type=token_type, lookup=lookup, meta=meta)
    if lookup is not None:  # the groups of a joined column are known without reading the store
        key = id(table)
        _JOINED[key] = (weakref.ref(table, lambda _: _JOINED.pop(key, None)), lookup)
    return table


#: the speech columns read_store joined onto a table (by the table's id, while the table lives)
_JOINED: dict[int, tuple[weakref.ref, pd.DataFrame]] = {}


def _read_part(path: str, *, token_type: pd.CategoricalDtype, lookup: pd.DataFrame | None,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One part of a store as a partition: only ``columns`` are read from Parquet when Dask says which a
    computation needs (its column projection: a frequency count reads no offsets or positions)."""
    joined = list(lookup.columns) if lookup is not None else []
    columns = list(columns) if columns is not None else [*STORE_COLUMNS, *joined]
    stored = [c for c in columns if c in STORE_COLUMNS]
    if any(c in joined for c in columns) and "speech_id" not in stored:
        stored.append("speech_id")
    return _shaped(pd.read_parquet(path, columns=stored), token_type, lookup, columns)


def _shaped(part: pd.DataFrame, token_type: pd.CategoricalDtype, lookup: pd.DataFrame | None,
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
    for column in ("mask", "mask_after"):
        if column in part.columns:
            part[column] = part[column].astype("category")
    for column in columns:
        if column not in part.columns and lookup is not None and column in lookup.columns:
            part[column] = part["speech_id"].map(lookup[column])
    return part[columns]


def read_store_speeches(store: str | Path) -> pd.DataFrame:
    """The speeches table of a store (one row per speech, as :func:`lectureanalysis.load` gives it)."""
    parts = sorted((Path(store) / "speeches").glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def lexical_counts(tokens: object, by: str, labels: list[object], punctuation: np.ndarray, official: np.ndarray,
                   window: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`lectureanalysis.lexical_profile` counts in the tokens, partition by partition on the
    workers: the distinct (group, type) pairs are joined, the rest added up."""
    parts = _each_partition(tokens, _lexical_counts, by, labels, punctuation, official, window)
    pairs = np.unique(np.concatenate([p[0] for p in parts]))
    return (pairs, *(sum(p[i] for p in parts) for i in range(1, 5)))  # type: ignore[return-value]
