"""The same statistics on a Dask cluster, for token tables that do not fit one process.

A Dask token DataFrame (``from_pandas``, or one read from a Parquet token store) is counted partition by
partition on the workers; only the per-partition counts — arrays the size of the vocabulary — come back to
the client, where they are added up and finished by the very code the pandas path uses. So the tables are the
same: same counts, same floats, same order. Two conditions make the parts add up: a speech is never split
across partitions (``from_pandas`` cuts at speech boundaries), and the ``token`` column is categorical with the
same categories in every partition (the corpus vocabulary).

``la.term_frequencies``, ``la.tfidf``, ``la.trend``, ``la.keyness`` (target and reference as values of
``by``), ``la.dispersion`` and ``la.collocations`` accept a Dask DataFrame and come here. With a ``dask.distributed.Client`` active the work runs on its
cluster; without one, on Dask's local threads. Dask is the optional extra ``dask``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from . import schema
from .stats import (
    ALL,
    WITHIN_SPEECH,
    _collocation_counts,
    _collocation_finish,
    _dispersion_counts,
    _dispersion_finish,
    _frequency_counts,
    _frequency_finish,
    _group_chars,
    _group_codes,
    _keyness_finish,
    _node_code,
    _trend_finish,
    is_punctuation,
    term_positions,
)
from .structure import count_chars_many


def _dask() -> object:
    try:
        import dask
        import dask.dataframe
    except ImportError:
        raise ImportError("the Dask engine needs Dask: pip install 'lectureanalysis[dask]'") from None
    return dask


def from_pandas(tokens: pd.DataFrame, npartitions: int = 2) -> object:
    """A Dask DataFrame of a pandas token table in ``npartitions`` parts of about equal size, cut only
    between speeches (a speech's rows stay in one partition, in their order)."""
    _dask()
    import dask.dataframe as dd

    schema.validate_tokens(tokens)
    npartitions = schema.check_whole("npartitions", npartitions, minimum=1)
    speech = tokens["speech_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, speech[1:] != speech[:-1]]) if len(speech) else np.zeros(1, np.int64)
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
    values = tokens[by].drop_duplicates().compute()  # type: ignore[index]
    if values.isna().any():
        raise ValueError(f"by: column {by!r} has missing values; fill them or filter those rows first")
    return list(pd.factorize(values, sort=True)[1])


def _each_partition(tokens: object, function: Callable[..., object], *args: object) -> list[object]:
    """``function(partition, *args)`` on every partition, on the workers; the results come back."""
    dask = _dask()
    delayed = dask.delayed(function)  # type: ignore[attr-defined]
    return list(dask.compute(*[delayed(part, *args) for part in tokens.to_delayed()]))  # type: ignore[attr-defined]


def _add(parts: list[tuple[object, ...]]) -> tuple[object, ...]:
    return tuple(sum(values[1:], values[0]) for values in zip(*parts, strict=True))  # type: ignore[arg-type]


def term_frequencies(tokens: object, *, by: str | None = None, min_count: int = 1,
                     exclude_stopwords: bool = True) -> pd.DataFrame:
    """:func:`lectureanalysis.term_frequencies` of a Dask token table."""
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    partial = _add(_each_partition(tokens, _frequency_counts, by, labels, chars))
    return _frequency_finish(partial, types, punctuation, labels, min_count, exclude_stopwords)  # type: ignore[arg-type]


def _trend_counts(part: pd.DataFrame, terms: Sequence[str], by: str, labels: list[object], types: list[str],
                  chars: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import warnings

    codes = part["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(part, by, labels)
    with warnings.catch_warnings():  # a term missing from one partition is no news
        warnings.simplefilter("ignore")
        counts = np.array([np.bincount(groups[term_positions(part, t, codes=codes, types=types)], minlength=len(labels))
                           for t in terms]).reshape(len(terms), len(labels))
    return counts, _group_chars(part, codes, chars, groups, len(labels))


def trend(tokens: object, terms: Sequence[str], *, by: str = "year") -> pd.DataFrame:
    """:func:`lectureanalysis.trend` of a Dask token table."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    types, _, chars = _vocabulary(tokens)
    labels = _labels(tokens, by)
    counts, period_chars = _add(_each_partition(tokens, _trend_counts, terms, by, labels, types, chars))
    return _trend_finish(terms, labels, counts, period_chars)  # type: ignore[arg-type]


def _keyness_counts(part: pd.DataFrame, by: str, target: object, reference: object, n_types: int,
                    punctuation: np.ndarray, exclude_stopwords: bool) -> tuple[np.ndarray, np.ndarray, float, float]:
    codes = part["token"].cat.codes.to_numpy().astype(np.int64)
    target_mask = (part[by] == target).to_numpy()
    reference_mask = ~target_mask if reference is None else (part[by] == reference).to_numpy()
    words = ~punctuation[codes]
    counted = words & ~part["is_stopword"].to_numpy() if exclude_stopwords else words
    a = np.bincount(codes[counted & target_mask], minlength=n_types).astype(float)
    b = np.bincount(codes[counted & reference_mask], minlength=n_types).astype(float)
    return a, b, float((words & target_mask).sum()), float((words & reference_mask).sum())


def keyness(tokens: object, *, target: object, reference: object = None, by: str = "speech_id", min_count: int = 5,
            exclude_stopwords: bool = True) -> pd.DataFrame:
    """:func:`lectureanalysis.keyness` of a Dask token table; ``target`` and ``reference`` are values of
    ``by`` (masks over billions of rows are not shipped)."""
    schema.check_whole("min_count", min_count, minimum=1)
    if isinstance(target, (pd.Series, np.ndarray, list)):
        raise ValueError("target: on a Dask token table, name a value of `by` (masks are for pandas tables)")
    types, punctuation, _ = _vocabulary(tokens)
    a, b, c, d = _add(_each_partition(tokens, _keyness_counts, by, target, reference, len(types), punctuation,
                                      exclude_stopwords))
    if c == 0 or d == 0:
        raise ValueError(f"{'target' if c == 0 else 'reference'}: selects no word tokens")
    return _keyness_finish(np.asarray(types, dtype=object), a, b, c, d, (a + b) >= min_count)  # type: ignore[arg-type]


def _quiet(function: Callable[..., object]) -> Callable[..., object]:
    def run(*args: object) -> object:
        import warnings

        with warnings.catch_warnings():  # a term missing from one partition is no news
            warnings.simplefilter("ignore")
            return function(*args)
    return run


def dispersion(tokens: object, terms: Sequence[str], *, by: str = "speech_id") -> pd.DataFrame:
    """:func:`lectureanalysis.dispersion` of a Dask token table (parts within a speech stay within their
    partition, as a speech does, so their order of appearance is the pandas path's)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    types, punctuation, _ = _vocabulary(tokens)
    within = by in WITHIN_SPEECH and by in tokens.columns  # type: ignore[attr-defined]
    labels = None if within else _labels(tokens, by)
    parts = _each_partition(tokens, _quiet(_dispersion_counts), terms, by, labels, types, punctuation)
    if within:  # each partition has its own parts: set them side by side, in partition order
        v = np.concatenate([p[0] for p in parts], axis=1)
        sizes = np.concatenate([p[1] for p in parts])
    else:
        v, sizes = sum(p[0] for p in parts), sum(p[1] for p in parts)
    return _dispersion_finish(terms, v, sizes)  # type: ignore[arg-type]


def collocations(tokens: object, node: str, *, window: int = 5, min_count: int = 3,
                 exclude_stopwords: bool = True) -> pd.DataFrame:
    """:func:`lectureanalysis.collocations` of a Dask token table (a node's window never leaves its
    paragraph, so never its partition)."""
    types, punctuation, _ = _vocabulary(tokens)
    node_code = _node_code(types, node)
    counts = _add(_each_partition(tokens, _collocation_counts, node_code, window, exclude_stopwords, punctuation))
    return _collocation_finish(types, node, node_code, counts, window, min_count)  # type: ignore[arg-type]
