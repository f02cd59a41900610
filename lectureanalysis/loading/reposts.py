"""Reposts and near-duplicates: the same speech posted by several sites, with other titles, boilerplate and
small edits, which would otherwise be counted twice.

Each speech's body (after boilerplate removal; title block left out) is reduced to its 字 — punctuation and
whitespace dropped, so a repost that only changes ``,`` to ``，`` is the same text — and cut into overlapping
character shingles of ``shingle`` (5) characters. Two speeches are near-duplicates when the Jaccard
similarity of their shingle sets, estimated with MinHash (``num_perm`` = 128 hash functions: the share of
signature values two texts have in common), is at least ``threshold`` (0.8). Up to 3,000 speeches every
pair of signatures is compared; beyond, datasketch's :class:`~datasketch.MinHashLSH` proposes the candidate
pairs (banding tuned to the threshold) and each candidate is checked against the threshold. Near-duplicates are
grouped transitively (a chain of reposts is one group). In each group the fullest copy (most 字; the first
on a tie) is the original, and the others name it in ``duplicate_of``.

A passage quoted in many speeches, or a shared salutation, changes few shingles of a speech: it does not make
two different speeches duplicates. A repost cut to half of the speech has a Jaccard similarity near 0.5 and
is not flagged at the default threshold.

The shingles are hashed with numpy (a polynomial hash of the code points), one in ``sample`` (8) is kept
— the same part of the hash space in every text, so the Jaccard similarity of the samples estimates that of
the full sets — and the MinHash values are computed with seeded multiply-shift hash functions, vectorised;
the loader computes each speech's signature in its worker processes. 10,000
speeches of 19,000 字 take about half a minute here (``benchmarks/duplicates.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from lectureanalysis.structure.characters import count_chars_many, counted_points

#: default Jaccard similarity from which two speeches count as the same text
THRESHOLD = 0.8
SHINGLE = 5
NUM_PERM = 128
#: shingles are sampled by hash, one in SAMPLE (the same part of the hash space for every text)
SAMPLE = 8
#: the value of an empty MinHash (datasketch's maximum hash value): a text with no 字
_EMPTY = np.uint64((1 << 32) - 1)


def _counted_points(text: str) -> np.ndarray:
    """The code points of the 字 of ``text`` (CJK characters, letters, digits), as :func:`count_chars`
    counts them."""
    points, counted = counted_points(text)
    return points[counted].astype(np.uint64)


def window_hashes(points: np.ndarray, shingle: int) -> np.ndarray:
    """The polynomial hash (base 1,000,003, wrapping at 2**64) of every run of ``shingle`` consecutive code points
    (uint64) of ``points``, one per start position, for ``len(points) >= shingle``."""
    count = len(points) - shingle + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(shingle):
            hashes = hashes * np.uint64(1_000_003) + points[offset:count + offset]
    return hashes


def shingle_hashes(text: str, shingle: int = SHINGLE, *, sample: int = SAMPLE) -> np.ndarray:
    """The 64-bit hashes of the ``shingle``-character shingles of ``text``'s 字, sampled by hash:
    one in ``sample`` of the hash space, the same part for every text, so the Jaccard similarity of two
    samples estimates that of the full sets. (A text of a few dozen 字 may keep no shingle: it is then
    compared with nothing. A speech of 1,000 字 keeps about 125.)"""
    points = _counted_points(text)
    if len(points) < shingle:
        return points * np.uint64(0x9E3779B97F4A7C15)
    hashes = window_hashes(points, shingle)
    with np.errstate(over="ignore"):
        hashes ^= hashes >> np.uint64(29)
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(32)
    if sample > 1:
        hashes = hashes[hashes < np.uint64((1 << 64) // sample)]
    return hashes  # repeats do not change a minimum: no need to make them distinct


def _minhash_values(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature: for each of the hash functions h(x) = (a·x + b) >> 32 (multiply-shift, modulo
    2**64), the minimum over the shingles (the shift is monotonic, so it is applied to the minimum)."""
    signature = np.full(len(a), np.iinfo(np.uint64).max, dtype=np.uint64)
    if hashes.size == 0:
        return np.full(len(a), _EMPTY, dtype=np.uint64)
    block = np.empty((min(hashes.size, 2048), len(a)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, hashes.size, 2048):  # bounded memory: 2,048 shingles × num_perm at a time
            chunk = hashes[start:start + 2048, None]
            out = block[:chunk.shape[0]]
            np.multiply(chunk, a[None, :], out=out)
            np.add(out, b[None, :], out=out)
            np.minimum(signature, out.min(axis=0), out=signature)
    return signature >> np.uint64(32)


@lru_cache(maxsize=4)
def _parameters(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The random odd multipliers and offsets of the ``num_perm`` multiply-shift hash functions."""
    generator = np.random.default_rng(seed)
    a = generator.integers(1, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = generator.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)
    return a, b


def text_signature(text: str, *, shingle: int = SHINGLE, num_perm: int = NUM_PERM, sample: int = SAMPLE,
                   seed: int = 1) -> np.ndarray:
    """The MinHash signature of a text (``num_perm`` 32-bit values as uint64), as :func:`find_duplicates`
    compares them; computed where the text is (a worker process) and sent back small."""
    a, b = _parameters(num_perm, seed)
    return _minhash_values(shingle_hashes(text, shingle, sample=sample), a, b)


def find_duplicates(
    texts: Sequence[str],
    *,
    ids: Sequence[object] | None = None,
    sizes: Sequence[int] | None = None,
    threshold: float = THRESHOLD,
    shingle: int = SHINGLE,
    num_perm: int = NUM_PERM,
    sample: int = SAMPLE,
    seed: int = 1,
) -> pd.DataFrame:
    """Near-duplicate groups among ``texts`` (one text per speech): see :func:`group_signatures` for the
    columns. ``sizes`` ranks the copies for the original (default: each text's number of 字)."""
    signatures = [text_signature(t, shingle=shingle, num_perm=num_perm, sample=sample, seed=seed) for t in texts]
    sizes = list(sizes) if sizes is not None else count_chars_many(list(texts))
    return group_signatures(signatures, ids=ids, sizes=sizes, threshold=threshold, seed=seed)


def group_signatures(
    signatures: Sequence[np.ndarray],
    *,
    ids: Sequence[object] | None = None,
    sizes: Sequence[int],
    threshold: float = THRESHOLD,
    seed: int = 1,
) -> pd.DataFrame:
    """Group texts by their MinHash signatures (:func:`text_signature`).

    Returns one row per text, in order: ``id`` (from ``ids``, else the position), ``duplicate_group``
    (``Int64``: 1, 2 … numbered in order of each group's first member; ``<NA>`` for a text with no
    near-duplicate), ``duplicate_of`` (the id of the group's original for a copy, else ``""``) and
    ``similarity`` (a copy's estimated Jaccard similarity with its original; ``NaN`` otherwise). The original
    is the text with the largest ``sizes``, the first on a tie.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold: expected a Jaccard similarity in (0, 1], got {threshold!r}")
    n = len(signatures)
    ids = list(ids) if ids is not None else list(range(n))
    if len(ids) != n or len(sizes) != n:
        raise ValueError(f"ids and sizes: expected {n} values each, got {len(ids)} and {len(sizes)}")
    matrix = np.vstack(signatures) if n else np.zeros((0, NUM_PERM), dtype=np.uint64)
    usable = ~(matrix == _EMPTY).all(axis=1)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for first, second in _similar_pairs(matrix, usable, threshold, seed):
        parent[root(second)] = root(first)
    members: dict[int, list[int]] = {}
    for index in range(n):
        members.setdefault(root(index), []).append(index)
    group = pd.array([pd.NA] * n, dtype="Int64")
    duplicate_of = [""] * n
    similarity = np.full(n, np.nan)
    groups = sorted((m for m in members.values() if len(m) > 1), key=min)
    for number, indices in enumerate(groups, 1):
        original = max(indices, key=lambda i: (sizes[i], -i))
        for index in indices:
            group[index] = number
            if index != original:
                duplicate_of[index] = str(ids[original])
                similarity[index] = float((matrix[index] == matrix[original]).mean())
    return pd.DataFrame({"id": ids, "duplicate_group": group, "duplicate_of": duplicate_of, "similarity": similarity})


#: up to this many texts every pair of signatures is compared (exact for the signatures, and fast); beyond,
#: datasketch's MinHashLSH proposes the candidate pairs
ALL_PAIRS = 3000


def _similar_pairs(matrix: np.ndarray, usable: np.ndarray, threshold: float, seed: int) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, whose signatures agree in at least ``threshold`` of their values (the
    MinHash estimate of the Jaccard similarity)."""
    rows = np.flatnonzero(usable)
    pairs: list[tuple[int, int]] = []
    if len(rows) <= ALL_PAIRS:
        kept = matrix[rows].astype(np.uint32)  # the values are 32-bit: half the memory to compare
        needed = int(np.ceil(threshold * matrix.shape[1] - 1e-9))
        for start in range(0, len(rows), 64):  # each block of rows against the rows after its first
            block = (kept[start:start + 64, None, :] == kept[None, start:, :]).sum(axis=2, dtype=np.int32)
            for i, j in zip(*np.nonzero(block >= needed), strict=True):
                if i < j:
                    pairs.append((int(rows[start + i]), int(rows[start + j])))
        return pairs
    from datasketch import LeanMinHash, MinHashLSH  # imported only for large corpora (it loads scipy)

    num_perm = matrix.shape[1]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {i: LeanMinHash(seed=seed, hashvalues=matrix[i], scheme="affine32") for i in rows}
    for i, signature in hashes.items():
        lsh.insert(int(i), signature, check_duplication=False)
    for i, signature in hashes.items():
        for j in lsh.query(signature):
            if i < j and (matrix[i] == matrix[j]).mean() >= threshold:
                pairs.append((int(i), int(j)))
    return pairs
