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
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis import (
    _kernels,
    _window_kernels,
    collocation,
    frequency,
    keywords,
    spread,
    trends,
)
from lectureanalysis.analysis._kernels import (
    ALL,
    CHARS,
    WORD_TOKENS,
    chars_of_rows,
    check_sides,
    frequency_counts,
    frequency_finish,
    keyness_finish,
    most_frequent,
    ngram_counts,
    ngram_finish,
    tell_terms,
    term_hits,
    trend_counts,
    trend_finish,
)
from lectureanalysis.analysis._window_kernels import (
    WITHIN_SPEECH,
    TypesPerGroup,
    code_of_node,
    collocation_counts,
    collocation_finish,
    dispersion_counts,
    dispersion_finish,
    profile_counts,
    types_per_group,
)
from lectureanalysis.engines.dask_corpus import (
    _JOINED,
    _dask,
    build_store,
    load_paragraphs,
    local_client,
    read_store,
    segment,
)
from lectureanalysis.engines.dask_corpus import _register as _register_corpus
from lectureanalysis.structure.characters import count_chars_many
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.chunking import speech_starts
from lectureanalysis.tokens.stopwords import is_punctuation
from lectureanalysis.tokens.store import (
    STORE_COLUMNS,
    read_store_speeches,
    verify_store,
    write_digests,
    write_store,
)


def from_pandas(tokens: pd.DataFrame, npartitions: int = 2, *, columns: Sequence[str] = ()) -> object:
    """A Dask DataFrame of a pandas token table in ``npartitions`` parts of about equal size, cut only
    between speeches (a speech's rows stay in one partition, in their order). ``columns``: paragraph columns
    to carry on the rows (``year``, ``section_path`` …), looked up in the linked paragraph table — the Dask
    table holds no link, so a statistic can group only by the columns it carries.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    npartitions : int, default 2
        Parts of about equal size, cut only between speeches.
    columns : list of str, optional
        Paragraph columns to carry on the rows (``year`` …).

    Returns
    -------
    dask.dataframe.DataFrame
        The token table, ``token`` categorical over the whole vocabulary in every partition.

    See Also
    --------
    read_store : A token table read from a store.
    lectureanalysis.term_frequencies : Any statistic takes it.

    Examples
    --------
    >>> from lectureanalysis.engines.dask import from_pandas
    >>> frame = from_pandas(tokens, npartitions=2)
    >>> la.term_frequencies(frame).equals(la.term_frequencies(tokens))
    True
    """
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

        from lectureanalysis.errors import GroupingWarning, user_stacklevel

        warnings.warn(f"by={by!r}: some speeches have no value and are left out of this grouping",
                      GroupingWarning, stacklevel=user_stacklevel())
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


def _partitions(tokens: object, function: Callable[..., object], *args: object) -> list[object]:
    """``function(partition, *args)`` of every partition, as Dask Delayed objects, each computed in the task
    that makes its partition: a partition read from a store is read, counted and dropped in one task, so a
    worker never holds partitions read ahead of their turn (as separate read and count tasks let it)."""
    dask = _dask()
    meta = pd.DataFrame({"result": pd.Series(dtype=object)})
    boxed = tokens.map_partitions(_boxed, function, *_shared(args), meta=meta,  # type: ignore[attr-defined]
                                  enforce_metadata=False, align_dataframes=False)
    unbox = dask.delayed(_unboxed, pure=True)  # type: ignore[attr-defined]
    return [unbox(part) for part in boxed.to_delayed()]


#: an argument of a partition's task with more items than this is sent to each worker once (a Dask key the tasks
#: share), not with every task: the vocabulary, its flags, a grouping's labels
SHARED_ITEMS = 1_000


def _shared(args: Sequence[object]) -> list[object]:
    """``args``, the large lists and arrays among them made Dask Delayed values of their own."""
    dask = _dask()
    return [dask.delayed(arg, pure=True, traverse=False)  # type: ignore[attr-defined]
            if isinstance(arg, list | np.ndarray) and len(arg) > SHARED_ITEMS else arg for arg in args]


def _boxed(part: pd.DataFrame, function: Callable[..., object], *args: object) -> pd.DataFrame:
    return pd.DataFrame({"result": pd.Series([function(part, *args)], dtype=object)})


def _unboxed(boxed: pd.DataFrame) -> object:
    return boxed["result"].iloc[0]


def _each_partition(tokens: object, function: Callable[..., object], *args: object) -> list[object]:
    """``function(partition, *args)`` on every partition, on the workers; the results come back."""
    dask = _dask()
    return list(dask.compute(*_partitions(tokens, function, *args)))  # type: ignore[attr-defined]


def _added(tokens: object, function: Callable[..., tuple[object, ...]], *args: object) -> tuple[object, ...]:
    """``function(partition, *args)`` on every partition, added up on the workers two by two: only the
    total (arrays the size of the vocabulary) comes back to the client."""
    dask = _dask()
    level = _partitions(tokens, function, *args)
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
    partial = _added(_needed(tokens, by), frequency_counts, by, labels, chars)
    return frequency_finish(partial, types, punctuation, labels, min_count, exclude_stopwords)  # type: ignore[arg-type]


def ngrams(tokens: object, n: int = 2, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True,
           sep: str = " ", top: int | None = None) -> pd.DataFrame:
    """:func:`lectureanalysis.ngrams` of a Dask token table: each partition's n-grams counted on its worker
    (an n-gram never crosses a paragraph, so never a partition), the partial tables shuffled by n-gram across
    the workers and added up there (Dask's groupby with ``split_out``: no process holds every n-gram of the
    corpus), and only the rows of at least ``min_count`` sent back. ``top``: only what the first ``top`` rows
    of each group need (a bucket keeps the rows as frequent as its ``top``-th): the same first rows, for a
    corpus whose n-grams would not fit in one process."""
    schema.check_whole("min_count", min_count, minimum=1)
    _dask()
    types, punctuation, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    needed = _needed(tokens, by)
    meta = _ngram_rows(needed._meta, n, by, labels, punctuation, chars, exclude_stopwords).iloc[:0]  # type: ignore[attr-defined]
    keys = ["group_code", *[f"t{i}" for i in range(n)]]
    # counted in the task that reads the partition (never a partition held waiting for its count)
    frame = needed.map_partitions(_ngram_rows, *_shared([n, by, labels, punctuation, chars, exclude_stopwords]),  # type: ignore[attr-defined]
                                  meta=meta, enforce_metadata=False, align_dataframes=False)
    summed = frame.groupby(keys).sum(split_out=max(1, frame.npartitions // 2))
    table = summed.map_partitions(_frequent, min_count, top, meta=summed._meta).compute().reset_index()
    totals = table[table["t0"] < 0].set_index("group_code").reindex(range(len(labels)), fill_value=0)
    table = table[table["t0"] >= 0][[*keys, "frequency", "docfreq"]]
    return ngram_finish(table, n, types, labels, totals["frequency"].to_numpy(dtype=float),
                        totals["docfreq"].to_numpy(dtype=np.int64), min_count, sep)


def _ngram_rows(part: pd.DataFrame, n: int, by: str | None, labels: list[object], punctuation: np.ndarray,
                chars: np.ndarray, exclude_stopwords: bool) -> pd.DataFrame:
    """A partition's n-gram counts, with a row per group (``t0 = -1``) holding its 字 and word tokens in
    ``frequency`` and ``docfreq``: added up with the n-grams on the workers."""
    tables, group_chars, group_tokens = ngram_counts(part, [n], by, labels, punctuation, chars, exclude_stopwords)
    table = tables[n]
    totals = pd.DataFrame({"group_code": np.arange(len(labels), dtype=np.int64),
                           **{f"t{i}": np.full(len(labels), -1, dtype=np.int64) for i in range(n)},
                           "frequency": np.rint(group_chars).astype(np.int64),
                           "docfreq": np.asarray(group_tokens, dtype=np.int64)})
    return pd.concat([table, totals], ignore_index=True)[list(table.columns)]


def _frequent(table: pd.DataFrame, min_count: int, top: int | None) -> pd.DataFrame:
    """One bucket's n-grams of at least ``min_count`` (with ``top``: of each group, those as frequent as its
    ``top``-th most frequent, so that the first ``top`` of the whole table are among them)."""
    is_total = table.index.get_level_values("t0") < 0  # the groups' 字 and word tokens: always kept
    totals = table[is_total]
    table = table[~is_total]
    table = table[table["frequency"] >= min_count]
    return pd.concat([most_frequent(table, top, table.index.get_level_values("group_code")), totals])


def trend(tokens: object, terms: Sequence[str], *, by: str = "year", match: str = "text") -> pd.DataFrame:
    """:func:`lectureanalysis.trend` of a Dask token table (named terms found on each paragraph's text,
    rebuilt from its tokens on the worker)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    types, _, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    counts, period_chars, *notes = _added(_needed(tokens, by, "start", "script"), _quiet(_trend_parts), terms, by,
                                          labels, types, chars, match)
    tell_terms(terms, tuple(notes), types, match)  # type: ignore[arg-type]
    return trend_finish(terms, labels, counts, period_chars)  # type: ignore[arg-type]


def _trend_parts(part: pd.DataFrame, terms: list[str], by: str, labels: list[object], types: list[str],
                 chars: np.ndarray, match: str) -> tuple[object, ...]:
    counts, period_chars, notes = trend_counts(part, terms, by, labels, types, chars, match)
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
    check_sides(c, d, "token")  # type: ignore[arg-type]
    return keyness_finish(np.asarray(types, dtype=object), a, b, c, d, (a + b) >= min_count,  # type: ignore[arg-type]
                           WORD_TOKENS, statistic)


def _keyness_of_terms(tokens: object, by: str, target: object, reference: object, terms: list[str],
                      match: str, statistic: str = "g2") -> pd.DataFrame:
    types, punctuation, chars = _vocabulary(tokens)
    a, b, c, d, *notes = _added(_needed(tokens, by, "start", "script"), _quiet(_term_keyness_counts), by, target,
                                reference, types, punctuation, chars, terms, match)
    tell_terms(terms, tuple(notes), types, match)  # type: ignore[arg-type]
    check_sides(c, d, match)  # type: ignore[arg-type]
    return keyness_finish(np.asarray(terms, dtype=object), a, b, c, d, np.ones(len(terms), dtype=bool),  # type: ignore[arg-type]
                           CHARS if match == "text" else WORD_TOKENS, statistic)


def _term_keyness_counts(part: pd.DataFrame, by: str, target: object, reference: object, types: list[str],
                         punctuation: np.ndarray, chars: np.ndarray, terms: list[str], match: str) -> tuple[object, ...]:
    target_mask = (part[by] == target).to_numpy(dtype=bool, na_value=False)
    has_value = part[by].notna().to_numpy()
    reference_mask = (~target_mask & has_value) if reference is None else \
        (part[by] == reference).to_numpy(dtype=bool, na_value=False)
    codes = part["token"].cat.codes.to_numpy().astype(np.int64)
    rows, notes = term_hits(part, terms, types, match, codes)
    a = np.array([target_mask[r].sum() for r in rows], dtype=float)
    b = np.array([reference_mask[r].sum() for r in rows], dtype=float)
    if match == "text":
        row_chars = chars_of_rows(part, codes, chars)
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
    parts = _each_partition(_needed(tokens, by, "start", "script"), _quiet(dispersion_counts), terms, by, labels,
                            types, punctuation, chars, match)
    if within:  # each partition has its own parts: set them side by side, in partition order
        v = np.concatenate([p[0] for p in parts], axis=1)
        sizes = np.concatenate([p[1] for p in parts])
    else:
        v, sizes = sum(p[0] for p in parts), sum(p[1] for p in parts)
    notes = functools.reduce(_add_two, [p[3] for p in parts])
    tell_terms(terms, notes, types, match)  # type: ignore[arg-type]
    return dispersion_finish(terms, v, sizes)  # type: ignore[arg-type]


def collocations(tokens: object, node: str, *, window: int = 5, min_count: int = 3,
                 exclude_stopwords: bool = True, match: str = "text") -> pd.DataFrame:
    """:func:`lectureanalysis.collocations` of a Dask token table (a node's window never leaves its
    paragraph, so never its partition)."""
    types, punctuation, _ = _vocabulary(tokens)
    node_code = code_of_node(types, node) if match == "token" else None
    counts = _added(_needed(tokens, "start", "script"), collocation_counts, node, node_code, window,
                    exclude_stopwords, punctuation, types)
    return collocation_finish(types, node, node_code, counts, min_count,  # type: ignore[arg-type]
                               exclude_stopwords)






def lexical_counts(tokens: object, by: str, labels: list[object], punctuation: np.ndarray, official: np.ndarray,
                   window: int) -> tuple[object, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What :func:`lectureanalysis.lexical_profile` counts in the tokens, partition by partition on the
    workers, added up there two by two: the distinct (group, type) pairs joined (a speech's are its partition's
    alone: counted there) and only each group's number of types sent back, the rest added up."""
    dask = _dask()
    n_types = len(punctuation)
    level = _partitions(tokens, _partition_profile, by, labels, punctuation, official, window, n_types)
    join = dask.delayed(_joined_profile, pure=True)  # type: ignore[attr-defined]
    while len(level) > 1:
        level = [join(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    total = dask.delayed(_types_counted)(level[0], n_types, len(labels))  # type: ignore[attr-defined]
    return dask.compute(total)[0]  # type: ignore[attr-defined,no-any-return]


def _partition_profile(part: pd.DataFrame, by: str, labels: list[object], punctuation: np.ndarray,
                       official: np.ndarray, window: int, n_types: int) -> tuple[object, ...]:
    """A partition's profile counts; a speech's types counted here (no other partition holds the speech)."""
    pairs, *rest = profile_counts(part, by, labels, punctuation, official, window)
    if by == "speech_id":
        return (TypesPerGroup(types_per_group(pairs, n_types, len(labels))), *rest)
    return (pairs, *rest)


def _joined_profile(first: tuple[object, ...], second: tuple[object, ...]) -> tuple[object, ...]:
    a, b = first[0], second[0]
    if isinstance(a, TypesPerGroup) and isinstance(b, TypesPerGroup):
        joined: object = TypesPerGroup(a.counts + b.counts)
    else:
        joined = np.union1d(a, b)  # type: ignore[call-overload]
    return (joined, *(x + y for x, y in zip(first[1:], second[1:], strict=True)))  # type: ignore[operator]


def _types_counted(total: tuple[object, ...], n_types: int, n_groups: int) -> tuple[object, ...]:
    return (TypesPerGroup(types_per_group(total[0], n_types, n_groups)), *total[1:])  # type: ignore[arg-type]


__all__ = [
    "STORE_COLUMNS", "build_store", "collocations", "dispersion", "from_pandas", "keyness", "keyness_of_speeches",
    "lexical_counts", "load_paragraphs", "local_client", "ngrams", "read_store", "read_store_speeches", "segment",
    "term_frequencies", "trend", "verify_store", "write_digests", "write_store",
]


# -- registration: the functions this engine serves ------------------------------------------------------

def _register() -> None:
    """Register this engine's implementations with the functions they serve (on import)."""
    import dask.dataframe as dd

    for generic, implementation in ((frequency.term_frequencies, term_frequencies), (frequency.ngrams, ngrams),
                                    (trends.trend, trend), (keywords.keyness, keyness),
                                    (keywords.keyness_of_speeches, keyness_of_speeches),
                                    (spread.dispersion, dispersion), (collocation.collocations, collocations),
                                    (_kernels.vocabulary, _vocabulary), (_window_kernels.profile_counts, lexical_counts)):
        generic.register(dd.DataFrame)(implementation)  # type: ignore[attr-defined]


_dask()
_register()
_register_corpus()
