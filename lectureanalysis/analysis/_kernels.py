"""The counts and finish steps of the frequency-table statistics (frequencies, n-grams, keyness, trends),
shared by the pandas functions of :mod:`lectureanalysis.analysis` and the Dask engine.

A *counts* step turns a token table (or one partition of it) into arrays that add up across partitions; a
*finish* step turns the summed arrays into the result table. So both engines give the same table.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis.measures import _chi2_sf_1df, benjamini_hochberg, log_likelihood, pearson_chi2
from lectureanalysis.dispatch import by_table
from lectureanalysis.errors import GroupingWarning, TermWarning, user_stacklevel
from lectureanalysis.structure.characters import count_chars_many
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.chunking import column_codes
from lectureanalysis.tokens.stopwords import is_punctuation

FREQUENCY_COLUMNS = schema.FREQUENCY_COLUMNS
ALL = "all"


def _check_tokens(tokens: pd.DataFrame, columns: Sequence[str] = ()) -> None:
    schema.validate_tokens(tokens, tuple(columns))


def _types(tokens: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Token codes, the type list, and per type: is punctuation, 字 count."""
    return (tokens["token"].cat.codes.to_numpy().astype(np.int64), *vocabulary(tokens))


@by_table
def vocabulary(tokens: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
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


def term_hits(tokens: pd.DataFrame, terms: list[str], types: list[str], match: str,
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


def tell_terms(terms: list[str], notes: tuple[object, np.ndarray, np.ndarray, np.ndarray], types: list[str],
                match: str) -> None:
    """The warnings of :func:`term_hits`' notes, one per term that needs one (see
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
                              stacklevel=user_stacklevel())
            elif not totals[i]:
                occurrences.tell(term, (0, {}, 0), types, match="token")
            continue
        occurrences.tell(term, (int(totals[i]), inside, int(across[i])), types, match="text",
                         token_count=int(token_counts[i]))


def _group_codes(tokens: pd.DataFrame, by: str | None, labels: list[object]) -> np.ndarray:
    """Each token row's group as its index in ``labels`` (the groups of the whole corpus)."""
    if by is None:
        return np.zeros(len(tokens), dtype=np.int32)
    per_run, run_of_token = linking.by_run(tokens, by)
    return pd.Categorical(per_run, categories=labels).codes.astype(np.int32)[run_of_token]


def frequency_counts(tokens: pd.DataFrame, by: str | None, labels: list[object],
                      chars: np.ndarray) -> tuple[object, np.ndarray, np.ndarray, object]:
    """What a frequency table is made of, for any part of the corpus that holds whole speeches (so parts
    add up): counts (groups × types, a sparse matrix: memory grows with the non-zero cells), 字 per group,
    stop-word flags per type, speeches holding each type (groups × types, sparse). Rows without a value of
    ``by`` (group −1) are left out."""
    codes = tokens["token"].cat.codes.to_numpy()
    groups = None if by is None else _group_codes(tokens, by, labels)
    n_types, n_groups = len(chars), len(labels)
    speech = column_codes(tokens["speech_id"])
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
    keys = groups.astype(np.int64)  # a row's (group, type) as group × n_types + type: one array, made in place
    keys *= n_types
    keys += codes
    if n_groups * n_types <= DENSE_CELLS:
        dense = np.bincount(keys, minlength=n_groups * n_types)
        return sparse.csr_matrix(dense.reshape(n_groups, n_types).astype(np.int64, copy=False))
    found, counts = np.unique(keys, return_counts=True)
    return sparse.csr_matrix((counts.astype(np.int64), (found // n_types, found % n_types)), shape=(n_groups, n_types))


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


def frequency_finish(partial: tuple[object, np.ndarray, np.ndarray, object], types: list[str],
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


def paragraph_codes(tokens: pd.DataFrame) -> np.ndarray:
    """Each token row's paragraph as a number, 0, 1, … in order of first appearance: the codes of factorizing the
    (speech_id, para_id) pairs, computed on one integer per pair (a MultiIndex of 15 million tuples took 4 s a
    call on lawtext-gov)."""
    speech = pd.factorize(tokens["speech_id"], use_na_sentinel=False)[0].astype(np.int64)
    para = pd.factorize(tokens["para_id"], use_na_sentinel=False)[0].astype(np.int64)
    width = int(para.max()) + 1 if len(para) else 1
    return pd.factorize(speech * width + para)[0]


def ngram_counts(tokens: pd.DataFrame, lengths: Sequence[int], by: str | None, labels: list[object],
                 punctuation: np.ndarray, chars: np.ndarray, exclude_stopwords: bool,
                 ) -> tuple[dict[int, pd.DataFrame], np.ndarray, np.ndarray]:
    """The n-grams of each of the ``lengths`` in a part of the corpus holding whole speeches, counted per group: by
    length, a table ``group_code, t0 … t(n-1), frequency, docfreq``, with the groups' 字 and word tokens (parts
    add up). The tokens kept and their runs are found once, and each length's n-grams numbered from the next
    shorter ones' (a 4-gram is a 3-gram and a token)."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(tokens, by, labels)
    group_chars = _chars_by_group(tokens, codes, chars, groups, len(labels))
    words = ~punctuation[codes] & (groups >= 0)  # rows without a value of `by` are left out
    group_tokens = np.bincount(groups[words], minlength=len(labels))
    # a run breaks at punctuation and at paragraph ends; stop words are dropped or break nothing
    paragraph = paragraph_codes(tokens)
    run = np.cumsum(np.concatenate(([1], (paragraph[1:] != paragraph[:-1]) | punctuation[codes][1:]))) \
        if len(codes) else np.zeros(0, np.int64)
    del paragraph
    keep = words & ~tokens["is_stopword"].to_numpy() if exclude_stopwords else words
    codes_k, runs_k, groups_k = codes[keep], run[keep], groups[keep].astype(np.int64)
    speech_k = pd.factorize(tokens["speech_id"])[0][keep].astype(np.int64)
    del codes, run, groups, words, keep
    # the n-grams starting at `starts` (those whose n tokens lie in one run), each numbered densely in `key`: the
    # numbers of the (n − 1)-grams folded with their next token, renumbered (V^n would overflow)
    starts = np.arange(len(codes_k))
    key = codes_k.copy()
    counted: dict[int, pd.DataFrame] = {}
    for n in range(1, max(lengths, default=0) + 1):
        if n > 1:
            inside = starts < len(codes_k) - n + 1
            starts, key = starts[inside], key[inside]
            same = runs_k[starts] == runs_k[starts + n - 1]
            starts, key = starts[same], key[same]
            key = pd.factorize(key * len(punctuation) + codes_k[starts + n - 1])[0].astype(np.int64)
        if n in lengths:
            counted[n] = _ngram_table(key, starts, n, codes_k, groups_k[starts], speech_k[starts], len(labels))
    return counted, group_chars, group_tokens


def _ngram_table(key: np.ndarray, starts: np.ndarray, n: int, codes: np.ndarray, group: np.ndarray,
                 speech: np.ndarray, n_groups: int) -> pd.DataFrame:
    """The n-grams numbered by ``key`` (starting at rows ``starts`` of ``codes``) counted per group: occurrences
    by bincount, speeches by the distinct (n-gram, speech) pairs, tokens from each one's first row."""
    columns = ["group_code", *(f"t{i}" for i in range(n)), "frequency", "docfreq"]
    if not len(key):
        return pd.DataFrame({c: pd.Series(dtype=np.int64) for c in columns})
    gram = pd.factorize(key * max(n_groups, 1) + group)[0] if n_groups > 1 or n == 1 else key
    frequency = np.bincount(gram)
    per = int(speech.max()) + 1
    pairs = pd.factorize(gram.astype(np.int64) * per + speech)[1]
    docfreq = np.bincount(pairs // per, minlength=len(frequency))
    first = np.empty(len(frequency), dtype=np.int64)
    first[gram[::-1]] = np.arange(len(gram) - 1, -1, -1)  # the last write wins: each n-gram's first row
    at = starts[first]
    return pd.DataFrame({"group_code": group[first], **{f"t{i}": codes[at + i] for i in range(n)},
                         "frequency": frequency.astype(np.int64), "docfreq": docfreq.astype(np.int64)})


def most_frequent(table: pd.DataFrame, top: int | None, groups: np.ndarray | pd.Index) -> pd.DataFrame:
    """Of each group's rows (``groups``: their group, row for row), those as frequent as its ``top``-th most
    frequent: the first ``top`` rows of each group in frequency order, ties at the last one included (all of
    them with ``top=None``)."""
    if top is None or len(table) <= top:
        return table
    floor = table["frequency"].groupby(groups).transform(lambda column: column.nlargest(top).iloc[-1])
    return table[table["frequency"] >= floor]


def ngram_finish(counted: pd.DataFrame, n: int, types: list[str], labels: list[object], group_chars: np.ndarray,
                  group_tokens: np.ndarray, min_count: int, sep: str) -> pd.DataFrame:
    if counted.empty:
        return pd.DataFrame({c: [] for c in FREQUENCY_COLUMNS})
    counted = counted[counted["frequency"] >= min_count]
    names = np.asarray(types, dtype=object)
    feature = names[counted["t0"].to_numpy()]
    for key in [f"t{i}" for i in range(1, n)]:
        feature = feature + sep + names[counted[key].to_numpy()]
    return _frequency_table(feature, counted, labels, group_chars, group_tokens)


def check_sides(c: float, d: float, match: str) -> None:
    if c == 0 or d == 0:
        unit = "字" if match == "text" else "word tokens"
        raise ValueError(f"{'target' if c == 0 else 'reference'}: selects no {unit}")


def chars_of_rows(tokens: pd.DataFrame, codes: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """字 of each token row: its token's and those of the masked names standing with it (XX同志)."""
    from lectureanalysis.structure.characters import count_chars_many

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


def _warn_left_out(tokens: pd.DataFrame, by: str, missing_rows: np.ndarray, what: str) -> None:
    speeches = pd.unique(tokens["speech_id"].to_numpy()[missing_rows])
    named = ", ".join(map(str, speeches[:5])) + (f" and {len(speeches) - 5:,} more" if len(speeches) > 5 else "")
    warnings.warn(f"by={by!r}: {len(speeches):,} {'speech has no value and is' if len(speeches) == 1 else 'speeches have no value and are'} left out of {what}: {named}",
                  GroupingWarning, stacklevel=user_stacklevel())


#: what the sizes of a keyness table's sides count (its ``size_unit`` column)
WORD_TOKENS = "word tokens (stop words included)"
CHARS = "字"


def keyness_finish(names: np.ndarray, a: np.ndarray, b: np.ndarray, c: float, d: float,
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


def _bincount_groups(groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Occurrences per group, those of group −1 (no value of ``by``) left out."""
    return np.bincount(groups[groups >= 0], minlength=n_groups)


def trend_counts(tokens: pd.DataFrame, terms: list[str], by: str, labels: list[object], types: list[str],
                  chars: np.ndarray, match: str) -> tuple[np.ndarray, np.ndarray, tuple[object, ...]]:
    """Each term's occurrences per period (terms × periods), the periods' 字 and the notes of
    :func:`term_hits`, for a part of the corpus holding whole speeches (parts add up)."""
    codes = tokens["token"].cat.codes.to_numpy().astype(np.int64)
    groups = _group_codes(tokens, by, labels)
    rows, notes = term_hits(tokens, terms, types, match, codes)
    counts = np.array([_bincount_groups(groups[r], len(labels)) for r in rows]).reshape(len(terms), len(labels))
    return counts, _chars_by_group(tokens, codes, chars, groups, len(labels)), notes


def trend_finish(terms: list[str], labels: list[object], counts: np.ndarray, period_chars: np.ndarray) -> pd.DataFrame:
    records = []
    for row, term in enumerate(terms):
        first = next((labels[i] for i in range(len(labels)) if counts[row, i] > 0), None)
        for i, label in enumerate(labels):
            rate = counts[row, i] / period_chars[i] * 10_000 if period_chars[i] else float("nan")
            records.append((term, label, int(counts[row, i]), int(period_chars[i]), rate, first))
    table = pd.DataFrame(records, columns=list(schema.TREND_COLUMNS))
    if all(isinstance(v, (int, np.integer)) for v in labels):
        table["first_appearance"] = table["first_appearance"].astype("Int64")
    return schema.result(table, schema.TREND_COLUMNS, renamed=("term", "period", "chars"))


def token_types(tokens: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Token codes, the type list, and per type: is punctuation, 字 count (for the other stages)."""
    return _types(tokens)


def group_codes(tokens: pd.DataFrame, by: str | None) -> tuple[np.ndarray, list[object]]:
    """Each token row's group (an index into the sorted labels, −1 without a value) and the labels."""
    return _groups(tokens, by)


def count_table(groups: np.ndarray | None, codes: np.ndarray, n_groups: int, n_types: int) -> object:
    """The (groups × types) counts of the rows' (group, code) pairs as a CSR matrix (``groups`` None: one
    group); dense up to :data:`DENSE_CELLS` cells, else by sorting."""
    return _count_table(groups, codes, n_groups, n_types)


def chars_by_group(tokens: pd.DataFrame, codes: np.ndarray, chars: np.ndarray, groups: np.ndarray | None,
                   n_groups: int) -> np.ndarray:
    """字 of each group's rows (tokens' and masked names'), rows of group −1 left out."""
    return _chars_by_group(tokens, codes, chars, groups, n_groups)
