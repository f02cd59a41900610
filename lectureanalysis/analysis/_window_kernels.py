"""The counts and finish steps of the statistics that look at token positions: collocations (a window around
a node), dispersion (where in the corpus a term falls) and the lexical profile (moving-average TTR).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import (
    _bincount_groups,
    _chars_by_group,
    _group_codes,
    paragraph_codes,
    term_hits,
)
from lectureanalysis.analysis.measures import log_likelihood
from lectureanalysis.dispatch import by_table
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.chunking import column_codes


def code_of_node(types: list[str], node: str) -> int:
    try:
        return types.index(node)
    except ValueError:
        raise ValueError(f"node: {node!r} is not a token of this table (match='text' finds it in the text; check "
                         "its segmentation with kwic)") from None


def collocation_counts(tokens: pd.DataFrame, node: str, node_code: int | None, window: int, exclude_stopwords: bool,
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
    paragraph = paragraph_codes(tokens)
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
    marked = np.zeros(n, dtype=bool)  # each position once: marked, not sorted out of a list
    for positions in inside:
        marked[positions] = True
    if node_code is None and len(first):  # the node's own tokens are not its neighbours
        spans = np.maximum(last_k - first_k + 1, 0)
        starts = np.repeat(first_k, spans)
        own = starts + np.arange(int(spans.sum())) - np.repeat(np.cumsum(spans) - spans, spans)
        marked[own[(own >= 0) & (own < n)]] = False
    covered = np.flatnonzero(marked)
    return (np.bincount(codes_k[covered], minlength=n_types).astype(float),
            np.bincount(codes_k, minlength=n_types).astype(float), len(covered), len(first))


def collocation_finish(types: list[str], node: str, node_code: int | None,
                        counts: tuple[np.ndarray, np.ndarray, int, int], min_count: int,
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


@dataclass(frozen=True)
class TypesPerGroup:
    """The distinct types of each group, counted where the (group, type) pairs were (a Dask engine's workers):
    what :func:`profile_counts` gives instead of the pairs themselves, which need not travel."""

    counts: np.ndarray


def types_per_group(pairs: np.ndarray | TypesPerGroup, n_types: int, n_groups: int) -> np.ndarray:
    """Each group's distinct types, from the (group, type) pairs :func:`profile_counts` gives (or as counted)."""
    if isinstance(pairs, TypesPerGroup):
        return pairs.counts
    return np.bincount(pairs // n_types, minlength=n_groups) if n_types else np.zeros(n_groups, np.int64)


@by_table
def profile_counts(tokens: pd.DataFrame, by: str, labels: list[object], punctuation: np.ndarray, official: np.ndarray,
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
    speech = column_codes(tokens["speech_id"])[words]
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


def dispersion_counts(tokens: pd.DataFrame, terms: list[str], by: str, labels: list[object] | None,
                       types: list[str], punctuation: np.ndarray, chars: np.ndarray, match: str
                       ) -> tuple[np.ndarray, np.ndarray, list[object], tuple[object, ...]]:
    """Each term's count and the size of every part (字 for ``match="text"``, word tokens for ``"token"``),
    with the notes of :func:`term_hits`; ``labels`` None takes the parts within each speech (speech ×
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
    rows, notes = term_hits(tokens, terms, types, match, codes)
    v = np.array([_bincount_groups(part_codes[r], len(labels)) for r in rows], dtype=float).reshape(len(terms), len(labels))
    return v, sizes, labels, notes


def dispersion_finish(terms: list[str], counts: np.ndarray, sizes: np.ndarray) -> pd.DataFrame:
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
