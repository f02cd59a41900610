"""Term statistics on the token table: frequencies, n-grams, tf-idf, keyness, collocations, dispersion, trends.

Every function takes the token table of :func:`lectureanalysis.segment` (module ``segmentation``) and returns a new DataFrame with
fixed, documented columns; formulas and the variant computed are stated in each docstring (see
METHODS in the project's notes for the alternatives other tools compute). Counting is done on integer
codes with ``bincount``; punctuation tokens (the rule of :func:`lectureanalysis.segmentation.is_punctuation`)
are never features and never count as word tokens.

One contract (layouts in :mod:`lectureanalysis.schema`): grouping is ``by=`` (a token column; parts within a
speech are taken speech by speech); ``feature`` is what is counted and ``group`` the value of ``by`` a row
belongs to; ``frequency`` is a count of occurrences and ``docfreq`` the speeches holding a feature;
``exclude_stopwords`` is True by default; ``min_count`` leaves out (or does not test) the rows whose own count
is below it; bad arguments raise ``ValueError`` naming the argument.

Normalisation: ``per_10k_chars`` is per 万字 — per 10,000 字 of the group's text, 字 counted as
:func:`lectureanalysis.count_chars` counts them (CJK characters, letters and digits; masked names such as
``XX`` included) — and ``per_million_tokens`` is per million word tokens (tokens that are not punctuation,
stop words included), so that results do not hinge on the segmenter.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import linking, occurrences, schema
from .errors import GroupingWarning, TermWarning
from .export import write_csv
from .segmentation import is_punctuation
from .structure import count_chars_many
from .text import convert_script

FREQUENCY_COLUMNS = schema.FREQUENCY_COLUMNS
ALL = "all"


def _check_tokens(tokens: pd.DataFrame, columns: Sequence[str] = ()) -> None:
    schema.validate_tokens(tokens, tuple(columns))


def _types(tokens: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Token codes, the type list, and per type: is punctuation, 字 count."""
    return (tokens["token"].cat.codes.to_numpy().astype(np.int64), *_vocabulary(tokens))


def _vocabulary(tokens: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The type list, and per type: is punctuation, 字 count."""
    types = [str(t) for t in tokens["token"].cat.categories]
    punctuation = np.fromiter((is_punctuation(t) for t in types), dtype=np.bool_, count=len(types))
    chars = np.asarray(count_chars_many(types), dtype=np.int64) if types else np.zeros(0, np.int64)
    return types, punctuation, chars


def _groups(tokens: pd.DataFrame, by: str | None) -> tuple[np.ndarray, list[object]]:
    """Each token row's group (int32: an index into the labels) and the labels, sorted."""
    labels = _group_labels(tokens, by)
    return _group_codes(tokens, by, labels), labels


def _group_labels(tokens: pd.DataFrame, by: str | None) -> list[object]:
    """The values of ``by`` among the token rows, sorted (found per run of a paragraph's tokens)."""
    if by is None:
        return [ALL]
    linking.require(tokens, by)
    per_run, run_of_token = linking.by_run(tokens, by)
    codes, uniques = pd.factorize(per_run, sort=True, use_na_sentinel=True)
    if (codes < 0).any():  # left out of every count by `by` (their group code is −1), and said
        _warn_left_out(tokens, by, (codes < 0)[run_of_token], "this grouping")
    return list(uniques)


def _mask_group_chars(tokens: pd.DataFrame, groups: np.ndarray | None, n_groups: int) -> np.ndarray:
    """字 of the masked names in each group (``XX同志``: the XX counts as 2 字 of the text); only the rows
    that carry a mask are visited."""
    out = np.zeros(n_groups, dtype=np.int64)
    for column in ("mask", "mask_after"):
        if column in tokens.columns and isinstance(tokens[column].dtype, pd.CategoricalDtype):
            categories = [str(c) for c in tokens[column].cat.categories]
            per = np.asarray(count_chars_many(categories) if categories else [], dtype=np.int64)
            if not per.any():
                continue
            codes = tokens[column].cat.codes.to_numpy()
            rows = np.flatnonzero(codes > 0) if categories and categories[0] == "" else np.flatnonzero(codes >= 0)
            where = groups[rows] if groups is not None else np.zeros(len(rows), np.int64)
            kept = where >= 0  # rows without a value of `by` (group −1) are left out
            out += np.bincount(where[kept], weights=per[codes[rows[kept]]], minlength=n_groups).astype(np.int64)
    return out


def _chars_by_group(tokens: pd.DataFrame, codes: np.ndarray, chars: np.ndarray, groups: np.ndarray | None,
                    n_groups: int) -> np.ndarray:
    """字 of each group's rows (tokens' 字 plus masked names'), without a groups × types table; rows of group
    −1 (no value of ``by``) are left out."""
    if groups is None:
        return (np.bincount(codes, minlength=len(chars)) @ chars + _mask_group_chars(tokens, None, 1)).astype(float)
    keep = groups >= 0
    counted = np.bincount(groups[keep], weights=chars[codes[keep]], minlength=n_groups) if keep.any() \
        else np.zeros(n_groups)
    return (counted + _mask_group_chars(tokens, groups, n_groups)).astype(float)


def _term_hits(tokens: pd.DataFrame, terms: list[str], types: list[str], match: str,
               codes: np.ndarray | None = None) -> tuple[list[np.ndarray], tuple[object, np.ndarray, np.ndarray, np.ndarray]]:
    """Each term's rows (one entry per occurrence, by ``match``: see :mod:`lectureanalysis.occurrences`), and
    what its warning needs, in a form that adds up over parts of the corpus: (occurrences inside each longer
    token — terms × types, sparse —, occurrences over several tokens, token counts, all occurrences)."""
    from scipy import sparse

    if codes is None:
        codes = tokens["token"].cat.codes.to_numpy()
    codes = np.asarray(codes, dtype=np.int64)
    n_types = len(types)
    if match == "token":
        rows = [occurrences.token_runs(tokens, term, codes, types) for term in terms]
        holders = sparse.csr_matrix((len(terms), n_types), dtype=np.int64)
        across = np.array([0 if term in set(types) else len(r) for term, r in zip(terms, rows, strict=True)],
                          dtype=np.int64)
        token_counts = np.array([len(r) for r in rows], dtype=np.int64)
        return rows, (holders, across, token_counts, token_counts.copy())
    found = occurrences.find(tokens, terms, types, codes=codes)
    inside = [occ.holder[occ.kind == occurrences.INSIDE] for occ in found]
    term_index = np.concatenate([np.full(len(h), i, np.int64) for i, h in enumerate(inside)]) if terms else \
        np.zeros(0, np.int64)
    holders = sparse.csr_matrix((np.ones(len(term_index), np.int64),
                                 (term_index, np.concatenate(inside) if inside else np.zeros(0, np.int64))),
                                shape=(len(terms), n_types))
    holders.sum_duplicates()
    across = np.array([int((occ.kind == occurrences.ACROSS).sum()) for occ in found], dtype=np.int64)
    token_counts = np.array([len(occurrences.token_runs(tokens, term, codes, types)) if len(occ.rows) and
                             (occ.kind != occurrences.EXACT).any() else int((occ.kind == occurrences.EXACT).sum())
                             for term, occ in zip(terms, found, strict=True)], dtype=np.int64)
    totals = np.array([len(occ.rows) for occ in found], dtype=np.int64)
    return [occ.rows for occ in found], (holders, across, token_counts, totals)


def _tell_terms(terms: list[str], notes: tuple[object, np.ndarray, np.ndarray, np.ndarray], types: list[str],
                match: str, stacklevel: int = 3) -> None:
    """The warnings of :func:`_term_hits`' notes, one per term that needs one (see
    :func:`lectureanalysis.occurrences.tell`)."""
    holders, across, token_counts, totals = notes
    holders = holders.tocsr()  # type: ignore[attr-defined]
    known = set(types)
    for i, term in enumerate(terms):
        row = holders.getrow(i)
        inside = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        if match == "token":
            if totals[i] and term not in known:
                warnings.warn(f"{term!r} is not one token of this segmentation; counted as the run "
                              f"{occurrences.spelled_by(term, types)} ({int(totals[i]):,} occurrences)", TermWarning,
                              stacklevel=stacklevel)
            elif not totals[i]:
                occurrences.tell(term, (0, {}, 0), types, match="token", stacklevel=stacklevel + 1)
            continue
        occurrences.tell(term, (int(totals[i]), inside, int(across[i])), types, match="text",
                         token_count=int(token_counts[i]), stacklevel=stacklevel + 1)


def term_frequencies(
    tokens: pd.DataFrame, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True
) -> pd.DataFrame:
    """Frequency of each feature (word type), overall or per group of ``by``.

    Columns (quanteda's ``textstat_frequency`` plus our rates): ``feature, frequency, rank, docfreq, group,
    per_10k_chars, per_million_tokens``. ``by`` is any column of the token table — ``speech_id``,
    ``section_path``, ``year``, ``speaker``, a metadata column; ``group`` is ``"all"`` without it.

    - ``frequency``: occurrences in the group; ``rank``: 1 for the most frequent in the group, ties share the
      lowest rank (``min``); ``docfreq``: speeches of the group that hold the feature.
    - ``per_10k_chars`` = frequency / 字 of the group's text × 10,000 (per 万字);
      ``per_million_tokens`` = frequency / word tokens of the group × 1,000,000. Both denominators include
      stop words; punctuation is never a feature and never a word token.

    Stop words (``is_stopword``) are left out unless ``exclude_stopwords=False``; features below
    ``min_count`` are dropped. Rows: groups in sorted order, then frequency (descending), then feature.
    """
    if _is_dask(tokens):
        from .distributed import term_frequencies as on_dask

        return on_dask(tokens, by=by, min_count=min_count, exclude_stopwords=exclude_stopwords)
    _check_tokens(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    types, punctuation, chars = _vocabulary(tokens)
    labels = _group_labels(tokens, by)
    partial = None
    for chunk in speech_chunks(tokens):  # counted a few million rows at a time: the temporaries stay small
        counts = _frequency_counts(chunk, by, labels, chars)
        partial = counts if partial is None else tuple(a + b for a, b in zip(partial, counts, strict=True))
    return _frequency_finish(partial, types, punctuation, labels, min_count, exclude_stopwords)  # type: ignore[arg-type]


#: rows of the token table counted at a time (whole speeches): about 100 MB of temporaries
CHUNK_ROWS = 2_000_000


def speech_chunks(tokens: pd.DataFrame, rows: int = CHUNK_ROWS) -> list[pd.DataFrame]:
    """The token table in consecutive slices of about ``rows`` rows, cut only between speeches (views, not
    copies); a table of fewer rows is one slice."""
    if len(tokens) <= rows:
        return [tokens]
    bounds = [0]
    for start in speech_starts(tokens)[1:]:
        if start - bounds[-1] >= rows:
            bounds.append(int(start))
    bounds.append(len(tokens))
    return [tokens.iloc[a:b] for a, b in itertools.pairwise(bounds)]


def speech_starts(tokens: pd.DataFrame) -> np.ndarray:
    """The row where each speech of the token table begins (its rows are consecutive), the first at 0."""
    if not len(tokens):
        return np.zeros(1, np.int64)
    speech = _codes(tokens["speech_id"])  # integer codes: no object array of 20 million names
    return np.flatnonzero(np.r_[True, speech[1:] != speech[:-1]])


def _is_dask(table: object) -> bool:
    return type(table).__module__.startswith("dask")


def _group_codes(tokens: pd.DataFrame, by: str | None, labels: list[object]) -> np.ndarray:
    """Each token row's group as its index in ``labels`` (the groups of the whole corpus)."""
    if by is None:
        return np.zeros(len(tokens), dtype=np.int32)
    per_run, run_of_token = linking.by_run(tokens, by)
    return pd.Categorical(per_run, categories=labels).codes.astype(np.int32)[run_of_token]


def _frequency_counts(tokens: pd.DataFrame, by: str | None, labels: list[object],
                      chars: np.ndarray) -> tuple[object, np.ndarray, np.ndarray, object]:
    """What a frequency table is made of, for any part of the corpus that holds whole speeches (so parts
    add up): counts (groups × types, a sparse matrix: memory grows with the non-zero cells), 字 per group,
    stop-word flags per type, speeches holding each type (groups × types, sparse). Rows without a value of
    ``by`` (group −1) are left out."""
    codes = tokens["token"].cat.codes.to_numpy()
    groups = None if by is None else _group_codes(tokens, by, labels)
    n_types, n_groups = len(chars), len(labels)
    speech = _codes(tokens["speech_id"])
    flagged = np.zeros(n_types, dtype=np.int64)  # types flagged as stop words (on any row)
    flagged[codes[tokens["is_stopword"].to_numpy(dtype=bool)]] = 1
    group_chars = _chars_by_group(tokens, codes, chars, groups, n_groups)
    if groups is not None and (groups < 0).any():
        kept = groups >= 0
        groups, codes, speech = groups[kept], codes[kept], speech[kept]
    table = _count_table(groups, codes, n_groups, n_types)  # every token, punctuation and stop words too
    docs = _distinct_table(groups, speech, codes, n_groups, n_types)
    return table, group_chars, flagged, docs


#: a groups × types table of at most this many cells is counted densely (fast), a larger one sparsely
DENSE_CELLS = 5_000_000


def _count_table(groups: np.ndarray | None, codes: np.ndarray, n_groups: int, n_types: int) -> object:
    """The (groups × types) counts as a CSR matrix (``groups`` None: one group)."""
    from scipy import sparse

    if groups is None or n_groups == 1:
        return sparse.csr_matrix(np.bincount(codes, minlength=n_types)[None, :].astype(np.int64))
    if n_groups * n_types <= DENSE_CELLS:
        dense = np.bincount(groups.astype(np.int64) * n_types + codes, minlength=n_groups * n_types)
        return sparse.csr_matrix(dense.reshape(n_groups, n_types).astype(np.int64))
    keys, counts = np.unique(groups.astype(np.int64) * n_types + codes, return_counts=True)
    return sparse.csr_matrix((counts.astype(np.int64), (keys // n_types, keys % n_types)), shape=(n_groups, n_types))


def _distinct_table(groups: np.ndarray | None, speech: np.ndarray, codes: np.ndarray, n_groups: int,
                    n_types: int) -> object:
    """For each (group, type): how many distinct speeches of the group hold the type, as a CSR matrix.

    Token rows come in runs of one speech and group; the (group, speech) pairs are numbered over the runs
    (few), each distinct (pair, type) is found once, and the pairs are added up by group."""
    from scipy import sparse

    if not len(codes):
        return sparse.csr_matrix((n_groups, n_types), dtype=np.int64)
    if n_groups * n_types <= DENSE_CELLS:
        return sparse.csr_matrix(_distinct_count(groups, speech, codes, n_groups, n_types))
    pair_of_token, pair_group = _speech_group_pairs(groups, speech)
    present = np.unique(pair_of_token * n_types + codes)
    keys, counts = np.unique(pair_group[present // n_types] * n_types + present % n_types, return_counts=True)
    return sparse.csr_matrix((counts.astype(np.int64), (keys // n_types, keys % n_types)), shape=(n_groups, n_types))


def _frequency_finish(partial: tuple[object, np.ndarray, np.ndarray, object], types: list[str],
                      punctuation: np.ndarray, labels: list[object], min_count: int,
                      exclude_stopwords: bool) -> pd.DataFrame:
    table, group_chars, flagged, docs = partial
    table = table.tocsr()  # type: ignore[attr-defined]
    table.sum_duplicates()
    group_tokens = np.asarray(table @ (~punctuation).astype(np.int64)).ravel()
    feature_types = ~punctuation
    if exclude_stopwords:  # stop words are flagged per type by segment(); read the flag once per type
        feature_types &= ~(flagged > 0)
    cells = table.tocoo()
    n_types = len(types)
    keep = (cells.data >= min_count) & feature_types[cells.col]
    group_code, type_code, frequency = cells.row[keep], cells.col[keep], cells.data[keep]
    held = docs.tocsr()  # type: ignore[attr-defined]
    held.sum_duplicates()
    held = held.tocoo()
    held_keys = held.row.astype(np.int64) * n_types + held.col
    order = np.argsort(held_keys, kind="stable")
    at = np.searchsorted(held_keys[order], group_code.astype(np.int64) * n_types + type_code)
    docfreq = held.data[order][np.minimum(at, max(len(order) - 1, 0))] if len(order) else np.zeros(len(at), np.int64)
    frame = pd.DataFrame({"group_code": group_code, "type_code": type_code, "frequency": frequency,
                          "docfreq": docfreq})
    features = np.asarray(types, dtype=object)[type_code]
    return _frequency_table(features, frame, labels, group_chars, group_tokens)


def _codes(column: pd.Series) -> np.ndarray:
    """A column's values as integer codes, in the categorical's own small type (no 8-byte copy of millions)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    return pd.factorize(column)[0]


def _speech_group_pairs(groups: np.ndarray | None, speech: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each token row's (group, speech) pair, numbered over the runs of rows of one speech and group (few),
    and each pair's group."""
    change = speech[1:] != speech[:-1]
    if groups is not None:
        change |= groups[1:] != groups[:-1]
    starts = np.flatnonzero(np.r_[True, change])
    run_group = groups[starts] if groups is not None else np.zeros(len(starts), np.int64)
    width = int(speech.max()) + 1
    run_pair, pair_keys = pd.factorize(run_group.astype(np.int64) * width + speech[starts])
    pair_of_token = np.repeat(run_pair.astype(np.int64), np.diff(np.r_[starts, len(speech)]))
    return pair_of_token, (np.asarray(pair_keys) // width).astype(np.int64)


def _distinct_count(groups: np.ndarray | None, speech: np.ndarray, codes: np.ndarray, n_groups: int,
                    n_types: int) -> np.ndarray:
    """For each (group, type): how many distinct speeches of the group hold the type, densely (for tables of
    at most :data:`DENSE_CELLS` cells).

    Token rows come in runs of one speech and group; the (group, speech) pairs are numbered over the runs
    (few), and a pair's types are marked in a (pairs × types) table of booleans, whose rows are then added up
    by group."""
    pair_of_token, pair_group = _speech_group_pairs(groups, speech)
    n_pairs = len(pair_group)
    if n_pairs * n_types <= 200_000_000:
        seen = np.zeros(n_pairs * n_types, dtype=bool)
        seen[pair_of_token * n_types + codes] = True
        seen = seen.reshape(n_pairs, n_types)
        if n_groups == 1:
            return seen.sum(axis=0, dtype=np.int64)[None, :]
        order = np.argsort(pair_group, kind="stable")
        bounds = np.searchsorted(pair_group[order], np.arange(n_groups))
        out = np.zeros((n_groups, n_types), dtype=np.int64)
        present = np.unique(pair_group)
        out[present] = np.add.reduceat(seen[order].view(np.uint8), bounds[present], axis=0, dtype=np.int64)
        return out
    present = pd.unique(pair_of_token * n_types + codes)
    counts = np.bincount(pair_group[present // n_types] * n_types + present % n_types, minlength=n_groups * n_types)
    return counts.reshape(n_groups, n_types)


def _frequency_table(features: np.ndarray, frame: pd.DataFrame, labels: list[object], group_chars: np.ndarray,
                     group_tokens: np.ndarray) -> pd.DataFrame:
    """Finish a frequency table from ``features`` and ``frame`` (group_code, frequency, docfreq)."""
    out = pd.DataFrame({
        "feature": features,
        "frequency": frame["frequency"].to_numpy().astype(np.int64),
        "docfreq": frame["docfreq"].to_numpy().astype(np.int64),
        "group_code": frame["group_code"].to_numpy().astype(np.int64),
    })
    g = out["group_code"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k_chars"] = out["frequency"] / group_chars[g] * 10_000
        out["per_million_tokens"] = out["frequency"] / group_tokens[g] * 1_000_000
    out = out.sort_values(["group_code", "frequency", "feature"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby("group_code")["frequency"].rank(method="min", ascending=False).astype(np.int64)
    out["group"] = np.asarray(labels, dtype=object)[out["group_code"].to_numpy()] if len(out) else []
    return out[list(FREQUENCY_COLUMNS)].reset_index(drop=True)


def ngrams(
    tokens: pd.DataFrame, n: int = 2, *, by: str | None = None, min_count: int = 1, exclude_stopwords: bool = True,
    sep: str = " ",
) -> pd.DataFrame:
    """Frequencies of n-grams: ``n`` consecutive word tokens of one paragraph, never across punctuation.

    With ``exclude_stopwords`` the stop words are removed first (the n-gram then spans them). Columns as
    :func:`term_frequencies` (``feature`` is the tokens joined by ``sep``; rates per 万字 and per million
    word tokens of the group, counting each n-gram once).
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n: expected a whole number >= 1, got {n!r}")
    if _is_dask(tokens):
        from .distributed import ngrams as on_dask

        return on_dask(tokens, n, by=by, min_count=min_count, exclude_stopwords=exclude_stopwords, sep=sep)
    _check_tokens(tokens)
    types, punctuation, chars = _vocabulary(tokens)
    labels = _group_labels(tokens, by)
    counted, group_chars, group_tokens = _ngram_counts(tokens, n, by, labels, punctuation, chars, exclude_stopwords)
    return _ngram_finish(counted, n, types, labels, group_chars, group_tokens, min_count, sep)


def _ngram_counts(tokens: pd.DataFrame, n: int, by: str | None, labels: list[object], punctuation: np.ndarray,
                  chars: np.ndarray, exclude_stopwords: bool) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The n-grams of a part of the corpus holding whole speeches, counted per group: a table ``group_code,
    t0 … t(n-1), frequency, docfreq``, with the groups' 字 and word tokens (parts add up)."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(tokens, by, labels)
    group_chars = _chars_by_group(tokens, codes, chars, groups, len(labels))
    words = ~punctuation[codes] & (groups >= 0)  # rows without a value of `by` are left out
    group_tokens = np.bincount(groups[words], minlength=len(labels))
    keys = [f"t{i}" for i in range(n)]
    # a run breaks at punctuation and at paragraph ends; stop words are dropped or break nothing
    paragraph = pd.factorize(pd.MultiIndex.from_arrays([tokens["speech_id"], tokens["para_id"]]))[0]
    run = np.cumsum(np.concatenate(([1], (paragraph[1:] != paragraph[:-1]) | punctuation[codes][1:]))) \
        if len(codes) else np.zeros(0, np.int64)
    keep = words & ~tokens["is_stopword"].to_numpy() if exclude_stopwords else words
    codes_k, runs_k, groups_k = codes[keep], run[keep], groups[keep]
    speech_k = pd.factorize(tokens["speech_id"])[0][keep]
    if len(codes_k) < n:
        empty = pd.DataFrame({c: pd.Series(dtype=np.int64) for c in ["group_code", *keys, "frequency", "docfreq"]})
        return empty, group_chars, group_tokens
    window = len(codes_k) - n + 1
    valid = runs_k[: window] == runs_k[n - 1:]
    columns = {f"t{i}": codes_k[i: i + window][valid] for i in range(n)}
    frame = pd.DataFrame({**columns, "group_code": groups_k[: window][valid].astype(np.int64),
                          "speech": speech_k[: window][valid]})
    counted = frame.groupby(["group_code", *keys], sort=False).agg(
        frequency=("speech", "size"), docfreq=("speech", "nunique")).reset_index()
    return counted, group_chars, group_tokens


def _ngram_finish(counted: pd.DataFrame, n: int, types: list[str], labels: list[object], group_chars: np.ndarray,
                  group_tokens: np.ndarray, min_count: int, sep: str) -> pd.DataFrame:
    if counted.empty:
        return pd.DataFrame({c: [] for c in FREQUENCY_COLUMNS})
    counted = counted[counted["frequency"] >= min_count]
    names = np.asarray(types, dtype=object)
    feature = names[counted["t0"].to_numpy()]
    for key in [f"t{i}" for i in range(1, n)]:
        feature = feature + sep + names[counted[key].to_numpy()]
    return _frequency_table(feature, counted, labels, group_chars, group_tokens)


def tfidf(tokens: pd.DataFrame, *, by: str = "speech_id", exclude_stopwords: bool = True,
          min_count: int = 1, scheme: str = "quanteda") -> pd.DataFrame:
    """tf-idf per document (each value of ``by``) and feature, in one of two named schemes.

    With tf the raw count of the feature in the document, N documents and df the documents holding it:

    - ``scheme="quanteda"`` (the default; quanteda's ``dfm_tfidf``): idf = log₁₀(N / df), tfidf = tf × idf (a
      feature in every document scores 0);
    - ``scheme="sklearn"`` (scikit-learn's ``TfidfVectorizer`` defaults): idf = ln((1 + N)/(1 + df)) + 1, tfidf =
      tf × idf, then each document's vector scaled to unit length (L2).

    Columns: ``group, feature, frequency, df`` (the documents — values of ``by`` — holding the feature; formerly
    ``docfreq``, which elsewhere counts speeches), ``idf, tfidf``, sorted by group, then tfidf (descending),
    then feature. ``min_count`` leaves out the rows of features counted fewer times in the document.
    """
    schema.check_choice("scheme", scheme, ("quanteda", "sklearn"))
    schema.check_whole("min_count", min_count, minimum=1)
    table = term_frequencies(tokens, by=by, exclude_stopwords=exclude_stopwords)
    n_docs = table["group"].nunique()
    doc_freq = table.groupby("feature")["group"].transform("nunique")
    out = pd.DataFrame({
        "group": table["group"], "feature": table["feature"], "frequency": table["frequency"],
        "df": doc_freq.astype(np.int64),
    })
    if scheme == "quanteda":
        out["idf"] = np.log10(n_docs / out["df"])
        out["tfidf"] = out["frequency"] * out["idf"]
    else:
        out["idf"] = np.log((1 + n_docs) / (1 + out["df"])) + 1
        raw = out["frequency"] * out["idf"]
        out["tfidf"] = raw / np.sqrt((raw ** 2).groupby(out["group"]).transform("sum"))
    out = out[out["frequency"] >= min_count]
    out = out.sort_values(["group", "tfidf", "feature"], ascending=[True, False, True], kind="stable").reset_index(drop=True)
    return schema.result(out, schema.TFIDF_COLUMNS, renamed=("docfreq",))


@dataclass(frozen=True)
class DocumentFeatureMatrix:
    """Counts of each feature (columns) in each document (rows) as a ``scipy.sparse`` CSR matrix, with the
    labels of both: what quanteda calls a dfm and scikit-learn a document-term matrix."""

    matrix: object  # scipy.sparse.csr_matrix of int64
    docs: list[object]
    features: list[str]

    def to_frame(self) -> pd.DataFrame:
        """The matrix as a dense DataFrame (documents as rows): for small corpora and inspection."""
        return pd.DataFrame(self.matrix.toarray(), index=pd.Index(self.docs, name="doc"),  # type: ignore[attr-defined]
                            columns=pd.Index(self.features, name="feature"))

    def to_long(self) -> pd.DataFrame:
        """The non-zero cells as rows ``doc, feature, frequency`` (for a CSV any tool reads)."""
        coo = self.matrix.tocoo()  # type: ignore[attr-defined]
        return pd.DataFrame({"doc": np.asarray(self.docs, dtype=object)[coo.row],
                             "feature": np.asarray(self.features, dtype=object)[coo.col], "frequency": coo.data})

    def write(self, folder: str | Path) -> list[Path]:
        """Write ``dfm.mtx`` (Matrix Market: R's ``Matrix::readMM``, ``scipy.io.mmread``), ``docs.txt`` and
        ``features.txt`` (one label a line, in the matrix's order) and ``dfm.csv`` (the non-zero cells, UTF-8
        with a byte-order mark, text cells a spreadsheet would run guarded: see :mod:`lectureanalysis.export`)
        into ``folder``; return their paths."""
        from scipy.io import mmwrite

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "dfm.mtx", folder / "docs.txt", folder / "features.txt", folder / "dfm.csv"]
        mmwrite(str(paths[0]), self.matrix, field="integer")
        paths[1].write_text("".join(f"{d}\n" for d in self.docs), encoding="utf-8")
        paths[2].write_text("".join(f"{f}\n" for f in self.features), encoding="utf-8")
        write_csv(self.to_long(), paths[3])  # no cell a spreadsheet would run (lectureanalysis.export)
        return paths


def dfm(tokens: pd.DataFrame, *, by: str = "speech_id", exclude_stopwords: bool = True,
        min_count: int = 1) -> DocumentFeatureMatrix:
    """The document-feature matrix: word tokens (punctuation never; stop words unless ``exclude_stopwords``
    is False) counted per document (each value of ``by``, in sorted order). Features are those counted at
    least ``min_count`` times in the whole corpus, most frequent first (ties by feature). The counts equal
    :func:`term_frequencies` ``(tokens, by=by)``.

    To fit a topic model: ``m = dfm(tokens)``; ``sklearn.decomposition.LatentDirichletAllocation().fit(m.matrix)``
    (or ``NMF`` on :func:`tfidf`-weighted rows); ``m.features`` names the columns of ``components_``.
    """
    from scipy import sparse

    _check_tokens(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    codes, types, punctuation, _ = _types(tokens)
    groups, labels = _groups(tokens, by)
    counted = ~punctuation[codes] & (groups >= 0)  # rows without a value of `by` are left out
    if exclude_stopwords:
        counted &= ~tokens["is_stopword"].to_numpy()
    totals = np.bincount(codes[counted], minlength=len(types))
    kept = np.flatnonzero(totals >= min_count)
    order = kept[np.lexsort((np.asarray(types, dtype=object)[kept], -totals[kept]))]
    column = np.full(len(types), -1, dtype=np.int64)
    column[order] = np.arange(len(order))
    rows, cols = groups[counted], column[codes[counted]]
    keep = cols >= 0
    matrix = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], cols[keep])),
                               shape=(len(labels), len(order)))
    matrix.sum_duplicates()
    return DocumentFeatureMatrix(matrix, list(labels), [types[i] for i in order])


def similarity(tokens: pd.DataFrame, *, by: str = "speech_id", method: str = "cosine", weight: str = "tfidf",
               scheme: str = "sklearn", exclude_stopwords: bool = True, matrix: bool = False,
               top: int | None = None, threshold: float | None = None) -> pd.DataFrame:
    """How alike the documents (values of ``by``) are, pair by pair, as quanteda's ``textstat_simil``.

    ``method="cosine"``: the cosine of the two documents' feature vectors, weighted by ``weight`` —
    ``"count"`` (raw counts) or ``"tfidf"`` (the values of :func:`tfidf` with the same ``scheme``:
    ``"sklearn"``, the default, or ``"quanteda"``; the cosine does not depend on the sklearn scheme's unit
    length); ``method="jaccard"``: |A ∩ B| / |A ∪ B| of the sets of features each document uses (weights do
    not matter). Returns a tidy table ``doc1, doc2, similarity`` (each pair once, doc1 before doc2 in sorted
    order), or with ``matrix=True`` the square table (1 on the diagonal).

    For thousands of documents, where the square table no longer fits, ask for a sparse answer, computed
    block by block (memory: a block of rows × all documents): ``top=k`` gives each document's k most similar
    other documents as ``doc, neighbour, rank, similarity`` (rank 1 the most similar; ties in document
    order); ``threshold=x`` gives the pairs with similarity ≥ x as ``doc1, doc2, similarity``; both together
    give each document's k nearest among those pairs.
    """
    schema.check_choice("method", method, ("cosine", "jaccard"))
    return _pairwise(tokens, "similarity", by, method, weight, scheme, exclude_stopwords, matrix, top, threshold)


def distance(tokens: pd.DataFrame, *, by: str = "speech_id", method: str = "cosine", weight: str = "tfidf",
             scheme: str = "sklearn", exclude_stopwords: bool = True, matrix: bool = False,
             top: int | None = None, threshold: float | None = None) -> pd.DataFrame:
    """How far apart the documents are, as quanteda's ``textstat_dist``: ``method="cosine"`` or
    ``"jaccard"`` give 1 − :func:`similarity`; ``"euclidean"`` the straight-line distance between the
    feature vectors weighted by ``weight`` (with ``"tfidf"``, each document's vector is exactly its
    :func:`tfidf` values in ``scheme``: unit length in ``"sklearn"``, the default, raw tf × log₁₀(N/df) in
    ``"quanteda"``). Tidy table ``doc1, doc2, distance``, or the square table with ``matrix=True``;
    ``top=k`` gives each document's k nearest (``doc, neighbour, rank, distance``) and ``threshold=x`` the
    pairs at distance ≤ x, block by block as in :func:`similarity`."""
    schema.check_choice("method", method, ("cosine", "jaccard", "euclidean"))
    return _pairwise(tokens, "distance", by, method, weight, scheme, exclude_stopwords, matrix, top, threshold)


#: cells of one block of the document × document scores (rows × documents) computed at a time
BLOCK_CELLS = 4_000_000


def _pairwise(tokens: pd.DataFrame, name: str, by: str, method: str, weight: str, scheme: str,
              exclude_stopwords: bool, matrix: bool, top: int | None, threshold: float | None) -> pd.DataFrame:
    schema.check_choice("weight", weight, ("count", "tfidf"))
    schema.check_choice("scheme", scheme, ("quanteda", "sklearn"))
    if top is not None:
        schema.check_whole("top", top, minimum=1)
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number))
                                  or not np.isfinite(threshold)):
        raise ValueError(f"threshold: expected a number, got {threshold!r}")
    if matrix and (top is not None or threshold is not None):
        raise ValueError("matrix=True gives the full square table; top= and threshold= give a sparse one: "
                         "ask for one or the other")
    counts = dfm(tokens, by=by, exclude_stopwords=exclude_stopwords)
    scores = _scorer(counts, name, method, weight, scheme)
    n = len(counts.docs)
    labels = np.asarray(counts.docs, dtype=object)
    if top is None and threshold is None:
        square = scores(0, n)
        if matrix:
            index = pd.Index(counts.docs, name="doc")
            return pd.DataFrame(square, index=index, columns=index.copy())
        return _as_pairs(square, counts.docs, name)
    step = max(1, BLOCK_CELLS // max(n, 1))
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, n, step):
        block = scores(start, min(n, start + step))
        rows = np.arange(start, start + len(block))
        found.append(_neighbours(block, rows, name == "similarity", top, threshold))
    first, second, value = (np.concatenate(parts) for parts in zip(*found, strict=True)) if found else \
        (np.array([], dtype=np.int64),) * 2 + (np.array([]),)
    if top is None:
        return pd.DataFrame({"doc1": labels[first], "doc2": labels[second], name: value})
    rank = _ranks(first)
    return pd.DataFrame({"doc": labels[first], "neighbour": labels[second], "rank": rank, name: value})


def _ranks(rows: np.ndarray) -> np.ndarray:
    """1, 2, … within each run of equal values of ``rows`` (sorted)."""
    if not len(rows):
        return np.array([], dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    return np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)])) + 1


def _neighbours(block: np.ndarray, rows: np.ndarray, higher: bool, top: int | None,
                threshold: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kept (row, column, score) cells of one block: the pairs past ``threshold`` (each once, row before
    column, when ``top`` is None) or each row's ``top`` best others past it, best first, ties in column order."""
    n = block.shape[1]
    local = np.arange(len(rows))
    if top is None:
        keep = block >= threshold if higher else block <= threshold
        keep &= np.arange(n)[None, :] > rows[:, None]
        r, c = np.nonzero(keep)
        return rows[r], c, block[r, c]
    key = -block if higher else block.copy()
    key[local, rows] = np.inf  # never one's own neighbour
    if threshold is not None:
        key[key > (-threshold if higher else threshold)] = np.inf
    k = min(top, n - 1)
    out_r, out_c = [], []
    if k > 0:
        kth = np.partition(key, k - 1, axis=1)[:, k - 1]
        for i in local:
            candidates = np.flatnonzero((key[i] <= kth[i]) & np.isfinite(key[i]))
            chosen = candidates[np.argsort(key[i, candidates], kind="stable")[:k]]
            out_r.append(np.full(len(chosen), rows[i]))
            out_c.append(chosen)
    r = np.concatenate(out_r) if out_r else np.array([], dtype=np.int64)
    c = np.concatenate(out_c) if out_c else np.array([], dtype=np.int64)
    return r, c, block[r - rows[0], c] if len(r) else np.array([])


def _weighted(counts: DocumentFeatureMatrix, weight: str, scheme: str) -> object:
    """The documents' vectors: raw counts, or their :func:`tfidf` values in ``scheme`` (N the documents with
    a counted feature, as there)."""
    from scipy import sparse

    matrix = counts.matrix.astype(float).tocsr()  # type: ignore[attr-defined]
    if weight == "count":
        return matrix
    n_docs = int((matrix.getnnz(axis=1) > 0).sum())
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(float)
    with np.errstate(divide="ignore"):
        idf = np.log10(n_docs / df) if scheme == "quanteda" else np.log((1 + n_docs) / (1 + df)) + 1
    idf[df == 0] = 0.0
    matrix = (matrix @ sparse.diags(idf)).tocsr()
    if scheme == "sklearn":
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        matrix = (sparse.diags(np.where(norms > 0, 1 / np.where(norms > 0, norms, 1), 0.0)) @ matrix).tocsr()
    return matrix


def _scorer(counts: DocumentFeatureMatrix, name: str, method: str, weight: str,
            scheme: str) -> Callable[[int, int], np.ndarray]:
    """A function giving the scores of documents ``start:stop`` against all (rows × documents), the
    diagonal 1 for a similarity and 0 for a distance."""
    if method == "jaccard":
        vectors = (counts.matrix > 0).astype(float).tocsr()  # type: ignore[operator]
        sizes = np.asarray(vectors.sum(axis=1)).ravel()
    else:
        vectors = _weighted(counts, weight, scheme)
        sizes = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()  # type: ignore[attr-defined]
    transposed = vectors.T.tocsc()  # type: ignore[attr-defined]

    def scores(start: int, stop: int) -> np.ndarray:
        gram = (vectors[start:stop] @ transposed).toarray()  # type: ignore[index]
        own = sizes[start:stop, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "jaccard":
                union = own + sizes[None, :] - gram
                square = np.where(union > 0, gram / union, 0.0)
            elif method == "cosine":
                norms = np.sqrt(own * sizes[None, :])
                square = np.where(norms > 0, gram / norms, 0.0)
            else:
                square = np.sqrt(np.clip(own + sizes[None, :] - 2 * gram, 0, None))
        if name == "distance" and method != "euclidean":
            square = 1 - square
        diagonal = (np.arange(stop - start), np.arange(start, stop))
        square[diagonal] = 0.0 if name == "distance" else 1.0
        return square

    return scores


def _as_pairs(square: np.ndarray, docs: list[object], name: str) -> pd.DataFrame:
    first, second = np.triu_indices(len(docs), k=1)
    labels = np.asarray(docs, dtype=object)
    return pd.DataFrame({"doc1": labels[first], "doc2": labels[second], name: square[first, second]})


def _chi2_sf_1df(values: np.ndarray) -> np.ndarray:
    """Upper tail of χ² with one degree of freedom: P(X > x) = erfc(√(x/2))."""
    return np.array([math.erfc(math.sqrt(max(v, 0.0) / 2)) for v in values], dtype=float)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate), in the input order.

    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03])).round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def keyness(
    tokens: pd.DataFrame,
    *,
    target: object,
    reference: object = None,
    by: str = "speech_id",
    min_count: int = 5,
    exclude_stopwords: bool = True,
    terms: Sequence[str] | None = None,
    match: occurrences.Match = "text",
    statistic: str = "g2",
) -> pd.DataFrame:
    """Keywords of a target against a reference: log-likelihood G² (or Pearson's χ²) with Hardie's log ratio.

    ``target`` is a boolean mask over the token rows, or a value of column ``by`` (``target=2019,
    by="year"``); ``reference`` likewise, by default every other token — of the speeches that have a value of
    ``by`` when the target is a value (speeches without one are left out, with a warning naming them). With
    a = the feature's frequency in the target (column ``n_target``), b in the reference (``n_reference``),
    c and d the sizes of the two sides (``size_target``, ``size_reference``, counted in ``size_unit``),
    N = c + d:

    - ``g2``: the **4-cell** log-likelihood (AntConc's form, over the full 2×2 table
      [[a, b], [c−a, d−b]]): G² = 2 Σ O ln(O/E), E from the margins (``expected_target`` = c(a+b)/N);
      signed **positive for over-use in the target** (a/c > b/d), negative for under-use;
    - ``chi2``: Pearson's χ² = Σ (O − E)²/E over the same table, without a continuity correction, signed
      the same way;
    - ``log_ratio`` = log₂((a/c) / (b/d)) (Hardie 2014), with 0.5 put in a zero cell;
    - ``p``: χ²(1) upper tail of ``statistic`` (``"g2"``, the default, or ``"chi2"``); ``p_adj``:
      Benjamini–Hochberg over all features tested.

    Both statistics treat every token as an independent draw, so a term bursty in one speech looks more
    significant than it is; with fewer than three speeches on a side, read them as a description of those
    texts, not of a population (the report says so).

    Every feature (word type) with a + b ≥ ``min_count`` is tested, c and d being word tokens (stop words
    included, punctuation not). ``terms`` asks about given terms instead, each tested whatever its count, the
    adjustment made over these terms; ``match`` says how they are counted (see
    :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term where its characters
    stand in the text (the occurrences :func:`kwic` lists) against the **字** of each side — a per-字 G², as
    counts of characters and token totals are not of one unit —, ``"token"`` counts its tokens against the
    word tokens. Columns: ``feature, n_target, n_reference, size_target, size_reference, size_unit`` (``"word
    tokens (stop words included)"`` or ``"字"``), ``expected_target, g2, chi2, log_ratio, p, p_adj``, sorted by
    ``statistic`` descending (most over-used first). The former names ``a, b, c, d, expected_a`` still work
    for one release, with a ``DeprecationWarning``.
    """
    schema.check_choice("statistic", statistic, ("g2", "chi2"))
    if terms is not None:
        terms = occurrences.check_terms(terms)
        occurrences.check_match(match)
    if _is_dask(tokens):
        from .distributed import keyness as on_dask

        return on_dask(tokens, target=target, reference=reference, by=by, min_count=min_count,
                       exclude_stopwords=exclude_stopwords, terms=terms, match=match, statistic=statistic)
    _check_tokens(tokens)
    schema.check_whole("min_count", min_count, minimum=1)
    codes, types, punctuation, chars = _types(tokens)
    target_mask, reference_mask = _sides(tokens, target, reference, by)
    words = ~punctuation[codes]
    if terms is not None:
        rows, notes = _term_hits(tokens, terms, types, match, codes)
        _tell_terms(terms, notes, types, match)
        a = np.array([target_mask[r].sum() for r in rows], dtype=float)
        b = np.array([reference_mask[r].sum() for r in rows], dtype=float)
        if match == "text":
            row_chars = _row_chars(tokens, codes, chars)
            c, d = float(row_chars[target_mask].sum()), float(row_chars[reference_mask].sum())
        else:
            c, d = float((words & target_mask).sum()), float((words & reference_mask).sum())
        _check_sides(c, d, match)
        return _keyness_finish(np.asarray(terms, dtype=object), a, b, c, d, np.ones(len(terms), dtype=bool),
                               CHARS if match == "text" else WORD_TOKENS, statistic)
    counted = words & ~tokens["is_stopword"].to_numpy() if exclude_stopwords else words
    n_types = len(types)
    a = np.bincount(codes[counted & target_mask], minlength=n_types).astype(float)
    b = np.bincount(codes[counted & reference_mask], minlength=n_types).astype(float)
    c, d = float((words & target_mask).sum()), float((words & reference_mask).sum())
    _check_sides(c, d, "token")
    return _keyness_finish(np.asarray(types, dtype=object), a, b, c, d, (a + b) >= min_count, WORD_TOKENS, statistic)


def _check_sides(c: float, d: float, match: str) -> None:
    if c == 0 or d == 0:
        unit = "字" if match == "text" else "word tokens"
        raise ValueError(f"{'target' if c == 0 else 'reference'}: selects no {unit}")


def _row_chars(tokens: pd.DataFrame, codes: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """字 of each token row: its token's and those of the masked names standing with it (XX同志)."""
    from .structure import count_chars_many

    out = chars[codes].astype(np.int64)
    for column in ("mask", "mask_after"):
        if column in tokens.columns and isinstance(tokens[column].dtype, pd.CategoricalDtype):
            categories = [str(c) for c in tokens[column].cat.categories]
            per = np.asarray(count_chars_many(categories) if categories else [], dtype=np.int64)
            if per.any():
                mask_codes = tokens[column].cat.codes.to_numpy()
                has = mask_codes >= 0
                out[has] += per[mask_codes[has]]
    return out


def _sides(tokens: pd.DataFrame, target: object, reference: object, by: str) -> tuple[np.ndarray, np.ndarray]:
    """The target's and the reference's token rows (see :func:`keyness`), checked to be disjoint."""
    target_mask = _select(tokens, target, by, "target")
    if reference is not None:
        reference_mask = _select(tokens, reference, by, "reference")
    elif _is_mask(target):
        reference_mask = ~target_mask
    else:  # every other token of the speeches that have a value of `by`
        reference_mask = ~target_mask & _has_value(tokens, by, "the default reference", stacklevel=6)
    if (target_mask & reference_mask).any():
        raise ValueError("reference: overlaps the target; pass disjoint selections")
    return target_mask, reference_mask


def _is_mask(selection: object) -> bool:
    return isinstance(selection, (pd.Series, np.ndarray, list))


def _has_value(tokens: pd.DataFrame, by: str, what: str, stacklevel: int = 5) -> np.ndarray:
    """Token rows whose ``by`` has a value; the speeches without one are named in a warning."""
    linking.require(tokens, by)
    per_run, run_of_token = linking.by_run(tokens, by)
    missing = per_run.isna().to_numpy()
    if missing.any():
        _warn_left_out(tokens, by, missing[run_of_token] if not isinstance(run_of_token, slice) else missing, what,
                       stacklevel=stacklevel)
    return ~(missing[run_of_token] if not isinstance(run_of_token, slice) else missing)


def _warn_left_out(tokens: pd.DataFrame, by: str, missing_rows: np.ndarray, what: str, stacklevel: int = 4) -> None:
    speeches = pd.unique(tokens["speech_id"].to_numpy()[missing_rows])
    named = ", ".join(map(str, speeches[:5])) + (f" and {len(speeches) - 5:,} more" if len(speeches) > 5 else "")
    warnings.warn(f"by={by!r}: {len(speeches):,} speech(es) have no value and are left out of {what}: {named}",
                  GroupingWarning, stacklevel=stacklevel)


#: what the sizes of a keyness table's sides count (its ``size_unit`` column)
WORD_TOKENS = "word tokens (stop words included)"
CHARS = "字"


def _keyness_finish(names: np.ndarray, a: np.ndarray, b: np.ndarray, c: float, d: float,
                    tested: np.ndarray, unit: str, statistic: str = "g2") -> pd.DataFrame:
    a, b = a[tested], b[tested]
    g2 = log_likelihood(a, b, c, d)
    chi2 = pearson_chi2(a, b, c, d)
    ratio = np.log2((np.where(a == 0, 0.5, a) / c) / (np.where(b == 0, 0.5, b) / d))
    sign = np.where(a / c >= b / d, 1.0, -1.0)
    p = _chi2_sf_1df(g2 if statistic == "g2" else chi2)
    out = pd.DataFrame({
        "feature": names[tested], "n_target": a.astype(np.int64), "n_reference": b.astype(np.int64),
        "size_target": int(c), "size_reference": int(d), "size_unit": unit,
        "expected_target": c * (a + b) / (c + d), "g2": sign * g2, "chi2": sign * chi2, "log_ratio": ratio,
        "p": p, "p_adj": benjamini_hochberg(p),
    })
    out = out.sort_values([statistic, "feature"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return schema.result(out, schema.KEYNESS_COLUMNS, renamed=("a", "b", "c", "d", "expected_a"))


def pearson_chi2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Pearson's χ² over the same 2×2 table as :func:`log_likelihood`, Σ (O − E)²/E, without a continuity
    correction (unsigned).

    >>> round(float(pearson_chi2(np.array([10.0]), np.array([5.0]), 1000.0, 2000.0)[0]), 4)
    7.5377
    """
    observed, expected = _two_by_two(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(expected > 0, (observed - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=0)


def _two_by_two(a: np.ndarray, b: np.ndarray, c: float, d: float) -> tuple[np.ndarray, np.ndarray]:
    """The observed cells [a, b, c−a, d−b] of each feature's 2×2 table and their expected counts from the
    margins, one column per feature."""
    observed = np.stack([a, b, c - a, d - b])
    n = c + d
    rows = np.stack([a + b, a + b, n - a - b, n - a - b])
    return observed, rows * np.array([c, d, c, d])[:, None] / n


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """4-cell G² for frequencies a (target) and b (reference) with corpus sizes c and d (unsigned).

    >>> round(float(log_likelihood(np.array([10.0]), np.array([5.0]), 1000.0, 2000.0)[0]), 4)
    6.9692
    """
    observed, expected = _two_by_two(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)


def _select(tokens: pd.DataFrame, selection: object, by: str, name: str) -> np.ndarray:
    if _is_mask(selection):
        return schema.check_mask(name, selection, len(tokens))
    linking.require(tokens, by)
    per_run, run_of_token = linking.by_run(tokens, by)
    mask = (per_run == selection).to_numpy(dtype=bool, na_value=False)[run_of_token]
    if not mask.any():
        raise ValueError(f"{name}: no token has {by} == {selection!r}")
    return mask


#: the widest collocation window, in word tokens on each side (wider windows measure topic, not collocation)
MAX_COLLOCATION_WINDOW = 100
#: the widest MATTR window, in tokens
MAX_MATTR_WINDOW = 100_000

def collocations(
    tokens: pd.DataFrame, node: str, *, window: int = 5, min_count: int = 3, exclude_stopwords: bool = True,
    match: occurrences.Match = "text",
) -> pd.DataFrame:
    """Collocates of ``node`` within ``window`` word tokens on either side, inside one paragraph.

    The node is found by ``match`` (see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) takes
    every place its characters stand in the text — the occurrences :func:`kwic` lists, also inside a longer
    token (小康 in 全面建成小康社会) or over several (四个 + 现代化) — and its window opens on the tokens before
    the first token it touches and after the last; ``"token"`` takes the rows whose token is the node.

    Surface co-occurrence as Evert (2008, "Corpora and collocations", §3) defines it: the node's windows are
    joined, and every token position inside them is counted once, however many node windows it falls in
    (with ``match="text"`` the node's own tokens are not positions of its windows). With W = the positions
    inside the joined windows, O = the collocate's tokens among them, R = occurrences of the node, C =
    frequency of the collocate, N = word tokens: the expectation E = C·W/N;
    MI = log₂(O/E); t = (O − E)/√O; logDice = 14 + log₂(2O/(R + C)); G² on the 2×2 table
    [[O, W − O], [C − O, N − W − C + O]] (4-cell, signed positive when O > E). So O ≤ C and O ≤ W, and no
    cell is ever negative (counting a token once per window, as AntConc does, lets O exceed C when a
    collocate stands between two nodes). Punctuation and (by default) stop words neither count as
    neighbours nor fill window positions; N counts the tokens that do. Columns: ``feature`` (the collocate;
    formerly ``collocate``), ``observed, expected, node_freq, collocate_freq, mi, t_score, log_dice, g2``,
    then the denominators ``window_positions`` (W), ``corpus_size`` (N) and ``size_unit`` (what they
    count: ``"word tokens (stop words excluded)"`` by default), sorted by ``log_dice``.
    """
    schema.check_whole("window", window, minimum=1, maximum=MAX_COLLOCATION_WINDOW)
    schema.check_whole("min_count", min_count, minimum=1)
    node = occurrences.check_terms(node, "node")[0]
    occurrences.check_match(match)
    if _is_dask(tokens):
        from .distributed import collocations as on_dask

        return on_dask(tokens, node, window=window, min_count=min_count, exclude_stopwords=exclude_stopwords,
                       match=match)
    _check_tokens(tokens)
    types, punctuation, _ = _vocabulary(tokens)
    node_code = _node_code(types, node) if match == "token" else None
    counts = _collocation_counts(tokens, node, node_code, window, exclude_stopwords, punctuation, types)
    return _collocation_finish(types, node, node_code, counts, window, min_count, exclude_stopwords)


def _node_code(types: list[str], node: str) -> int:
    try:
        return types.index(node)
    except ValueError:
        raise ValueError(f"node: {node!r} is not a token of this table (match='text' finds it in the text; check "
                         "its segmentation with kwic)") from None


def _collocation_counts(tokens: pd.DataFrame, node: str, node_code: int | None, window: int, exclude_stopwords: bool,
                        punctuation: np.ndarray, types: list[str]) -> tuple[np.ndarray, np.ndarray, int, int]:
    """For a part of the corpus holding whole paragraphs: each type's tokens inside the node's joined
    windows (each position once), each type's frequency, how many positions the windows cover, and the
    node's occurrences (``node_code`` None: found on the text; else the rows of that token)."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    n_types = len(punctuation)
    if node_code is None:
        found = occurrences.find(tokens, [node], types, codes=codes)[0]
        first, last = found.rows, found.last
    else:
        first = last = np.flatnonzero(codes == node_code)
    words = ~punctuation[codes]
    keep = words & ~tokens["is_stopword"].to_numpy() if exclude_stopwords else words
    paragraph = pd.factorize(pd.MultiIndex.from_arrays([tokens["speech_id"], tokens["para_id"]]))[0]
    before = np.cumsum(keep) - keep  # kept positions before each row
    if node_code is not None:  # a node that is not counted (a stop word) has no window
        first = last = first[keep[first]]
    first_k, last_k = before[first], before[last] + keep[last] - 1  # the node's first and last kept positions
    codes_k, paragraph_k = codes[keep], paragraph[keep]
    n = len(codes_k)
    inside = []
    for offset in range(1, window + 1):
        for other, home in ((first_k - offset, first), (last_k + offset, last)):
            ok = (other >= 0) & (other < n)
            other, home = other[ok], home[ok]
            inside.append(other[paragraph_k[other] == paragraph[home]])
    covered = np.unique(np.concatenate(inside)) if inside else np.zeros(0, np.int64)  # each position once
    if node_code is None and len(first):  # the node's own tokens are not its neighbours
        own = np.concatenate([np.arange(a, b + 1) for a, b in zip(first_k, last_k, strict=True)])
        covered = np.setdiff1d(covered, own, assume_unique=False)
    return (np.bincount(codes_k[covered], minlength=n_types).astype(float),
            np.bincount(codes_k, minlength=n_types).astype(float), len(covered), len(first))


def _collocation_finish(types: list[str], node: str, node_code: int | None,
                        counts: tuple[np.ndarray, np.ndarray, int, int], window: int, min_count: int,
                        exclude_stopwords: bool = True) -> pd.DataFrame:
    observed, freq, covered, occurred = counts
    if occurred == 0:
        where = "the text" if node_code is None else "the counted tokens (is it a stop word?)"
        raise ValueError(f"node: {node!r} does not occur in {where}")
    r, total, slots = float(occurred), float(freq.sum()), float(covered)
    candidates = np.flatnonzero(observed >= min_count)
    names = np.asarray(types, dtype=object)
    candidates = candidates[names[candidates] != node]
    o, cfreq = observed[candidates], freq[candidates]
    expected = cfreq * slots / total
    mi = np.log2(o / expected)
    t_score = (o - expected) / np.sqrt(o)
    log_dice = 14 + np.log2(2 * o / (r + cfreq))
    g2 = log_likelihood(o, cfreq - o, slots, total - slots)
    g2 = np.where(o >= expected, g2, -g2)
    out = pd.DataFrame({
        "feature": names[candidates], "observed": o.astype(np.int64),
        "expected": expected, "node_freq": int(r), "collocate_freq": cfreq.astype(np.int64), "mi": mi,
        "t_score": t_score, "log_dice": log_dice, "g2": g2, "window_positions": int(slots), "corpus_size": int(total),
        "size_unit": f"word tokens (stop words {'excluded' if exclude_stopwords else 'included'})",
    })
    out = out.sort_values(["log_dice", "feature"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return schema.result(out, schema.COLLOCATION_COLUMNS, renamed=("collocate",))


KWIC_COLUMNS = schema.KWIC_COLUMNS


def kwic(paragraphs: pd.DataFrame, pattern: str, *, window: int = 20, regex: bool = False,
         sort: str | None = None) -> pd.DataFrame:
    """Concordance of ``pattern`` in the paragraph texts, by characters (independent of segmentation: a
    term the segmenter splits is still found).

    Columns: ``speech_id, para_id, section_path, start, end, left, match, right, position`` —
    ``left``/``right`` hold up to ``window`` characters of the same paragraph; ``position`` is where the
    match stands in its speech, from 0 (first character of the body) to 1 (last), counted in characters of
    the paragraph texts in order (what a concordance plot draws). Matches do not overlap; their number
    equals ``text.count(pattern)`` summed over paragraphs for a plain string. A paragraph whose ``script``
    is not ``Hans`` is searched in its Simplified form (OpenCC t2s, character for character) and shown as
    written, so 发展 finds 發展 in a report of 1954. Rows come in text order, or
    sorted as AntConc sorts: ``sort="right"`` by the right context read outwards (R1, R2 …), ``"left"`` by the
    left context read from the match outwards (L1, L2 …), then by the match and text order.
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    if not pattern:
        raise ValueError("pattern: expected a non-empty string")
    if sort not in (None, "left", "right"):
        raise ValueError(f"sort: expected None, 'left' or 'right', got {sort!r}")
    try:
        compiled = re.compile(pattern if regex else re.escape(pattern))
    except re.error as exc:
        raise ValueError(f"pattern: invalid regular expression {pattern!r}: {exc}") from None
    records = []
    section = paragraphs["section_path"] if "section_path" in paragraphs.columns else pd.Series("", index=paragraphs.index)
    texts = paragraphs["text"].astype(str)
    lengths = texts.str.len().to_numpy()
    speech = paragraphs["speech_id"].to_numpy()
    offsets = pd.Series(lengths).groupby(speech, sort=False).cumsum().to_numpy() - lengths
    totals = pd.Series(lengths).groupby(speech, sort=False).transform("sum").to_numpy()
    traditional = (paragraphs["script"] != "Hans").to_numpy() if "script" in paragraphs.columns else np.zeros(len(texts), bool)
    for row, (speech_id, para_id, path, text) in enumerate(zip(speech, paragraphs["para_id"], section, texts, strict=True)):
        # a speech in Traditional characters is searched in its Simplified form (same length: offsets hold)
        searched = _simplified(text) if traditional[row] else text
        if not regex and pattern not in searched:
            continue
        for match in compiled.finditer(searched):
            if match.end() == match.start():
                continue
            records.append((speech_id, para_id, path, match.start(), match.end(),
                            text[max(0, match.start() - window):match.start()], text[match.start():match.end()],
                            text[match.end():match.end() + window],
                            (offsets[row] + match.start()) / max(1, totals[row] - 1)))
    table = pd.DataFrame(records, columns=list(KWIC_COLUMNS))
    if sort is not None and len(table):
        key = table["right"] if sort == "right" else table["left"].map(lambda s: s[::-1])
        table = table.assign(_key=key).sort_values(["_key", "match"], kind="stable").drop(columns="_key")
        table = table.reset_index(drop=True)
    return table


@lru_cache(maxsize=65_536)
def _simplified(text: str) -> str:
    """A paragraph in Traditional characters in its Simplified form, remembered: a concordance is searched
    again and again (the explorer's search box) over the same paragraphs."""
    return convert_script(text)


def lexical_profile(tokens: pd.DataFrame, paragraphs: pd.DataFrame, *, by: str = "speech_id",
                    window: int = 100) -> pd.DataFrame:
    """Per speech (or per value of ``by``, a speech column such as ``year`` or ``collection``): size,
    vocabulary, sentence length and the genre's formula density.

    Word tokens are the tokens that are not punctuation (stop words included); types are distinct word
    tokens of the group. ``ttr`` = types / tokens; ``mattr`` is the moving-average type-token ratio
    (Covington & McFall 2010): the mean TTR of every run of ``window`` consecutive word tokens within one
    speech (quanteda's ``MATTR`` with ``MATTR_window = 100``), over all the runs of the group's speeches; a
    speech shorter than the window adds its TTR as one run. ``n_chars`` is the group's 字 (:func:`count_chars`
    of its paragraphs); ``sentences`` counts the sentences of the body paragraphs (a sentence ends at 。！？!?…
    or at the paragraph's end; headings are left out) and ``mean_sentence_chars`` = 字 of the body paragraphs
    / sentences; ``official_share`` = the share of word tokens in the ``official`` stop-word layer (坚持, 加强,
    推进 …: the genre's formula verbs). Columns: ``group, tokens, types, n_chars, ttr, mattr, sentences,
    mean_sentence_chars, official_share`` (``speech_id`` instead of ``group`` when ``by`` is speech_id), groups
    in the paragraphs' order (sorted when ``by`` is another column).
    """
    from .segmentation import stopword_layer

    if not _is_dask(tokens):
        _check_tokens(tokens)
    schema.validate_paragraphs(paragraphs, ("speech_id", "text", "n_chars", "is_heading"))
    window = schema.check_whole("window", window, minimum=2, maximum=MAX_MATTR_WINDOW)
    if by != "speech_id" and by not in paragraphs.columns:
        raise ValueError(f"by: {by!r} is not a column of the paragraph table")
    if by != "speech_id" and not _is_dask(tokens) and not linking.has_column(tokens, by):
        tokens = linking.with_columns(tokens, [by], paragraphs=paragraphs)
    if _is_dask(tokens):
        from .distributed import _vocabulary as dask_vocabulary
        from .distributed import lexical_counts

        types, punctuation, _ = dask_vocabulary(tokens)
    else:
        types, punctuation, _ = _vocabulary(tokens)
    official = np.isin(np.asarray(types, dtype=object), list(stopword_layer("official")))
    if by != "speech_id" and paragraphs[by].isna().any():
        missing = paragraphs[by].isna().to_numpy()
        speeches = pd.unique(paragraphs["speech_id"].to_numpy()[missing])
        named = ", ".join(map(str, speeches[:5])) + (f" and {len(speeches) - 5:,} more" if len(speeches) > 5 else "")
        warnings.warn(f"by={by!r}: {len(speeches):,} speech(es) have no value and are left out of this grouping: "
                      f"{named}", GroupingWarning, stacklevel=2)
    body = paragraphs[~paragraphs["is_heading"].astype(bool)]
    key = (lambda table: table["speech_id"]) if by == "speech_id" else (lambda table: table[by])
    ends = body["text"].astype(str).str.count(rf"[{_SENTENCE_END}]+")
    open_end = ~body["text"].astype(str).str.contains(rf"[{_SENTENCE_END}][”’」』）)】》\"']*$", regex=True)
    sentences = (ends + open_end.astype(int)).groupby(key(body), sort=False).sum()
    body_chars = body["n_chars"].groupby(key(body), sort=False).sum()
    chars = paragraphs["n_chars"].groupby(key(paragraphs), sort=by != "speech_id").sum()
    labels = list(chars.index)
    if _is_dask(tokens):
        pairs, n_tokens, n_official, counted, windows = lexical_counts(tokens, by, labels, punctuation, official, window)
    else:
        pairs, n_tokens, n_official, counted, windows = _lexical_counts(tokens, by, labels, punctuation, official, window)
    n_types = np.bincount(pairs // len(types), minlength=len(labels)) if len(types) else np.zeros(len(labels), np.int64)
    rows = []
    for index, (group, n_chars) in enumerate(chars.items()):
        n, k, m = int(n_tokens[index]), int(sentences.get(group, 0)), int(n_types[index])
        rows.append((group, n, m, int(n_chars), m / n if n else float("nan"),
                     counted[index] / (window * windows[index]) if windows[index] else float("nan"), k,
                     float(body_chars.get(group, 0)) / k if k else float("nan"),
                     int(n_official[index]) / n if n else float("nan")))
    columns = ["group", "tokens", "types", "n_chars", "ttr", "mattr", "sentences", "mean_sentence_chars", "official_share"]
    table = pd.DataFrame(rows, columns=columns)
    return table.rename(columns={"group": "speech_id"}) if by == "speech_id" else table


def _lexical_counts(tokens: pd.DataFrame, by: str, labels: list[object], punctuation: np.ndarray, official: np.ndarray,
                    window: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For a part of the corpus holding whole speeches, per group of ``labels``: the distinct (group, type)
    pairs as codes, word tokens, formula-verb tokens, and the MATTR sums (distinct counts over the windows,
    windows) of its speeches."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(tokens, by, labels)
    words = ~punctuation[codes] & (groups >= 0)  # rows without a value of `by` are left out
    groups = groups[words]
    codes = codes[words]
    n_types = len(punctuation)
    pairs = np.unique(groups.astype(np.int64) * n_types + codes) if len(codes) else np.zeros(0, np.int64)
    n_tokens = np.bincount(groups, minlength=len(labels))
    n_official = np.bincount(groups, weights=official[codes], minlength=len(labels))
    counted, windows = np.zeros(len(labels)), np.zeros(len(labels))
    speech = _codes(tokens["speech_id"])[words]
    bounds = np.flatnonzero(np.r_[True, speech[1:] != speech[:-1], True]) if len(speech) else np.zeros(1, np.int64)
    for start, stop in itertools.pairwise(bounds):
        x = codes[start:stop]
        sums = _mattr_sums(x, window) if len(x) >= window else (len(np.unique(x)) / len(x) * window, 1)
        counted[groups[start]] += sums[0]
        windows[groups[start]] += sums[1]
    return pairs, n_tokens, n_official, counted, windows


_SENTENCE_END = "。！？!?…"


def _mattr_sums(codes: np.ndarray, window: int) -> tuple[float, int]:
    """(Σ distinct values over every window of ``window`` consecutive codes, number of windows).

    A token at i adds to a window's distinct count when its previous occurrence lies before the window's
    start: it counts in the windows starting from max(prev + 1, i − window + 1) to min(i, n − window).
    """
    n = len(codes)
    order = np.argsort(codes, kind="stable")
    previous = np.full(n, -1, dtype=np.int64)
    same = codes[order][1:] == codes[order][:-1]
    previous[order[1:][same]] = order[:-1][same]
    index = np.arange(n)
    first = np.maximum(previous + 1, index - window + 1).clip(min=0)
    last = np.minimum(index, n - window)
    return float(np.clip(last - first + 1, 0, None).sum()), n - window + 1


#: paragraph and outline columns that name a part within a speech: parts by them are taken speech by speech
WITHIN_SPEECH = ("para_id", "section_id", "section_path", "section_title", "section_level", "level")


def dispersion(tokens: pd.DataFrame, terms: Sequence[str], *, by: str = "speech_id", parts: str | None = None,
               match: occurrences.Match = "text") -> pd.DataFrame:
    """How evenly each term spreads over the parts: speeches by default, or the values of ``by`` (a
    speech column such as ``year``, or a column within a speech — ``section_id``, ``para_id`` … — whose parts
    are then taken speech by speech: section "1" of each speech is its own part).

    Counting (``match``, see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term
    where its characters stand in the text — non-overlapping matches, left to right, headings included,
    Traditional speeches in their Simplified form: the occurrences :func:`kwic` lists — and sizes the parts
    in 字; ``"token"`` counts tokens (a term the segmenter splits as its run of tokens) and sizes the parts in
    word tokens. A term held inside longer tokens (小康 in 全面建成小康社会) or spread over several is said in
    one :class:`TermWarning`, as is a term that never occurs (``frequency`` 0, NaN measures).

    With n parts, vᵢ the term's count in part i, f = Σvᵢ, sᵢ the part's share of the corpus (字, or word
    tokens) and pᵢ = vᵢ / (size of part i): ``range`` = parts with vᵢ > 0; Juilland's ``juilland_d`` =
    1 − V/√(n−1), V = sd(p)/mean(p) (population sd); Gries's ``dp`` = ½ Σ|vᵢ/f − sᵢ| and
    ``dp_norm`` = DP / (1 − min sᵢ). Speeches with no value of ``by`` are left out, with a warning. Columns:
    ``feature`` (the term; formerly ``term``), ``frequency, parts, range, juilland_d, dp, dp_norm``.
    ``parts=`` is the former name of ``by`` (deprecated).

    >>> import lectureanalysis as la
    >>> tokens = la.segment(la.load("corpus/政府工作报告")[1], progress=False)  # doctest: +SKIP
    >>> la.dispersion(tokens, ["小康"])[["feature", "frequency", "range"]]  # doctest: +SKIP
      feature  frequency  range
    0      小康         76     24
    """
    if parts is not None:
        warnings.warn("dispersion(parts=) is renamed by=; parts= will be removed", DeprecationWarning, stacklevel=2)
        by = parts
    terms = occurrences.check_terms(terms)
    occurrences.check_match(match)
    if _is_dask(tokens):
        from .distributed import dispersion as on_dask

        return on_dask(tokens, terms, by=by, match=match)
    _check_tokens(tokens)
    types, punctuation, chars = _vocabulary(tokens)
    labels = None if by in WITHIN_SPEECH and linking.has_column(tokens, by) else _group_labels(tokens, by)
    v, sizes, _, notes = _dispersion_counts(tokens, terms, by, labels, types, punctuation, chars, match)
    _tell_terms(terms, notes, types, match)
    return _dispersion_finish(terms, v, sizes)


def _dispersion_counts(tokens: pd.DataFrame, terms: list[str], by: str, labels: list[object] | None,
                       types: list[str], punctuation: np.ndarray, chars: np.ndarray, match: str
                       ) -> tuple[np.ndarray, np.ndarray, list[object], tuple[object, ...]]:
    """Each term's count and the size of every part (字 for ``match="text"``, word tokens for ``"token"``),
    with the notes of :func:`_term_hits`; ``labels`` None takes the parts within each speech (speech ×
    ``by``) in order of appearance, and returns them."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    if labels is None:
        part_codes, found = pd.factorize(pd.MultiIndex.from_arrays([tokens["speech_id"], linking.values(tokens, by)]))
        labels = list(found)
    else:
        part_codes = _group_codes(tokens, by, labels)
    if match == "text":
        sizes = _chars_by_group(tokens, codes, chars, part_codes, len(labels))
    else:
        words = ~punctuation[codes] & (part_codes >= 0)
        sizes = np.bincount(part_codes[words], minlength=len(labels)).astype(float)
    rows, notes = _term_hits(tokens, terms, types, match, codes)
    v = np.array([_bincount_groups(part_codes[r], len(labels)) for r in rows], dtype=float).reshape(len(terms), len(labels))
    return v, sizes, labels, notes


def _bincount_groups(groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Occurrences per group, those of group −1 (no value of ``by``) left out."""
    return np.bincount(groups[groups >= 0], minlength=n_groups)


def _dispersion_finish(terms: list[str], counts: np.ndarray, sizes: np.ndarray) -> pd.DataFrame:
    n = len(sizes)
    shares = sizes / sizes.sum()
    records = []
    for term, v in zip(terms, counts, strict=True):
        f = v.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(sizes > 0, v / sizes, 0.0)
        undefined = f == 0 or n < 2 or p.mean() == 0
        d = float("nan") if undefined else 1 - (p.std() / p.mean()) / math.sqrt(n - 1)
        dp = 0.5 * np.abs(v / f - shares).sum() if f else float("nan")
        dp_norm = dp / (1 - shares.min()) if f and shares.min() < 1 else float("nan")
        records.append((term, int(f), n, int((v > 0).sum()), d, dp, dp_norm))
    return schema.result(pd.DataFrame(records, columns=list(schema.DISPERSION_COLUMNS)), schema.DISPERSION_COLUMNS,
                         renamed=("term",))


def term_positions(tokens: pd.DataFrame, term: str, *, match: occurrences.Match = "text") -> np.ndarray:
    """Token rows (positions 0 … len − 1) where ``term`` occurs, one entry per occurrence, by ``match`` (see
    :mod:`lectureanalysis.occurrences`): with ``"text"`` the row holding each occurrence's first character,
    with ``"token"`` the term's own token rows or the first row of each run of tokens that spells it. Said in
    a :class:`TermWarning` when the two rules differ for the term, or when it never occurs."""
    _check_tokens(tokens)
    term = occurrences.check_terms(term, "term")[0]
    occurrences.check_match(match)
    codes, types, _, _ = _types(tokens)
    rows, notes = _term_hits(tokens, [term], types, match, codes)
    _tell_terms([term], notes, types, match)
    return rows[0]


def trend(tokens: pd.DataFrame, terms: Sequence[str], *, by: str = "year",
          match: occurrences.Match = "text") -> pd.DataFrame:
    """Rate of each term per period (per 万字 of the period's text) and the period it first appears in.

    Counting (``match``, see :mod:`lectureanalysis.occurrences`): ``"text"`` (the default) counts each term
    where its characters stand in the text — non-overlapping matches, left to right, headings included,
    Traditional speeches in their Simplified form — so a period's ``frequency`` is the number of
    :func:`kwic` lines of its speeches; ``"token"`` counts tokens. ``chars`` is the period's 字 (body and
    headings), the same denominator as :func:`term_frequencies`' ``per_10k_chars``. A term held inside
    longer tokens, spread over several or never found is said in one :class:`TermWarning`; speeches with no
    value of ``by`` are left out with one warning naming them.

    Columns: ``feature, group, frequency, chars, per_10k_chars, first_appearance`` (``feature`` the term and
    ``group`` the period; formerly ``term`` and ``period``) — one row per term and period, periods in sorted
    order, zero rows included (a trend line needs its zeros); ``first_appearance`` keeps the periods' type
    (a year stays a whole number; missing when the term never occurs).

    >>> import lectureanalysis as la
    >>> tokens = la.segment(la.load("corpus/政府工作报告")[1], progress=False)  # doctest: +SKIP
    >>> int(la.trend(tokens, ["小康"])["frequency"].sum())  # doctest: +SKIP
    76
    """
    terms = occurrences.check_terms(terms)
    occurrences.check_match(match)
    if _is_dask(tokens):
        from .distributed import trend as on_dask

        return on_dask(tokens, terms, by=by, match=match)
    _check_tokens(tokens)
    types, _, chars = _vocabulary(tokens)
    labels = _group_labels(tokens, by)
    counts, period_chars, notes = _trend_counts(tokens, terms, by, labels, types, chars, match)
    _tell_terms(terms, notes, types, match)
    return _trend_finish(terms, labels, counts, period_chars)


def _trend_counts(tokens: pd.DataFrame, terms: list[str], by: str, labels: list[object], types: list[str],
                  chars: np.ndarray, match: str) -> tuple[np.ndarray, np.ndarray, tuple[object, ...]]:
    """Each term's occurrences per period (terms × periods), the periods' 字 and the notes of
    :func:`_term_hits`, for a part of the corpus holding whole speeches (parts add up)."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(tokens, by, labels)
    rows, notes = _term_hits(tokens, terms, types, match, codes)
    counts = np.array([_bincount_groups(groups[r], len(labels)) for r in rows]).reshape(len(terms), len(labels))
    return counts, _chars_by_group(tokens, codes, chars, groups, len(labels)), notes


def _trend_finish(terms: list[str], labels: list[object], counts: np.ndarray, period_chars: np.ndarray) -> pd.DataFrame:
    records = []
    for row, term in enumerate(terms):
        first = next((labels[i] for i in range(len(labels)) if counts[row, i] > 0), None)
        for i, label in enumerate(labels):
            rate = counts[row, i] / period_chars[i] * 10_000 if period_chars[i] else float("nan")
            records.append((term, label, int(counts[row, i]), int(period_chars[i]), rate, first))
    table = pd.DataFrame(records, columns=list(schema.TREND_COLUMNS))
    if all(isinstance(v, (int, np.integer)) for v in labels):
        table["first_appearance"] = table["first_appearance"].astype("Int64")
    return schema.result(table, schema.TREND_COLUMNS, renamed=("term", "period"))
