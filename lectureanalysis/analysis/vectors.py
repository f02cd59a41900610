"""Documents as vectors: the document-feature matrix, tf-idf, and similarity and distance between speeches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis._docs import shared
from lectureanalysis.analysis._kernels import _check_tokens, _groups, _types
from lectureanalysis.analysis.frequency import term_frequencies
from lectureanalysis.io.export import write_csv


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

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    by : str, default 'speech_id'
        The column whose values are the documents (or parts).
    exclude_stopwords : bool, default True
        Leave out stop words (``is_stopword``) as features.
    min_count : int, default 1
        Leave out rows counted fewer times.
    scheme : {'quanteda', 'sklearn'}, default 'quanteda'
        The tf-idf variant (see above).

    Returns
    -------
    DataFrame
        Columns ``group, feature, frequency, df, idf, tfidf``; rows by group, then tfidf (descending), then
        feature.

    See Also
    --------
    dfm : The counts as a sparse matrix.
    similarity : Documents compared on these weights.

    References
    ----------
    .. [1] Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to Information Retrieval*, §6.2.
           Cambridge University Press.
    .. [2] Pedregosa, F. et al. (2011). Scikit-learn: Machine learning in Python. *JMLR* 12, 2825–2830
           (``TfidfVectorizer``).

    Examples
    --------
    >>> top = la.tfidf(report_tokens).groupby("group").head(2)
    >>> top[["group", "feature"]].values.tolist()
    [['2014', '实行'], ['2014', '探索'], ['2024', '高质量发展'], ['2024', '数字']]
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

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    by : str, default 'speech_id'
        The column whose values are the documents (or parts).
    exclude_stopwords : bool, default True
        Leave out stop words (``is_stopword``) as features.
    min_count : int, default 1
        Leave out rows counted fewer times.

    Returns
    -------
    DocumentFeatureMatrix
        ``matrix`` (SciPy CSR, documents × features), ``docs`` (the values of ``by``) and ``features``;
        ``to_frame()``, ``to_long()`` and ``write(folder)``.

    See Also
    --------
    tfidf : Weighted counts as a table.
    term_frequencies : The same counts, long.

    Examples
    --------
    >>> matrix = la.dfm(report_tokens)
    >>> matrix.docs, matrix.matrix.shape[0]
    (['2014', '2024'], 2)
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


@shared
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

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    {{pairwise_options}}

    Returns
    -------
    DataFrame
        ``doc1, doc2, similarity`` (each pair once); ``doc, neighbour, rank, similarity`` with ``top``; the
        square table with ``matrix=True``.

    See Also
    --------
    distance : The same pairs as distances.
    tfidf : The weights.

    References
    ----------
    .. [1] Benoit, K. et al. (2018). quanteda (``textstat_simil``). *Journal of Open Source Software* 3(30), 774.

    Examples
    --------
    >>> round(float(la.similarity(report_tokens)["similarity"].iloc[0]), 3)
    0.817
    """
    schema.check_choice("method", method, ("cosine", "jaccard"))
    return _pairwise(tokens, "similarity", by, method, weight, scheme, exclude_stopwords, matrix, top, threshold)


@shared
def distance(tokens: pd.DataFrame, *, by: str = "speech_id", method: str = "cosine", weight: str = "tfidf",
             scheme: str = "sklearn", exclude_stopwords: bool = True, matrix: bool = False,
             top: int | None = None, threshold: float | None = None) -> pd.DataFrame:
    """How far apart the documents are, as quanteda's ``textstat_dist``: ``method="cosine"`` or
    ``"jaccard"`` give 1 − :func:`similarity`; ``"euclidean"`` the straight-line distance between the
    feature vectors weighted by ``weight`` (with ``"tfidf"``, each document's vector is exactly its
    :func:`tfidf` values in ``scheme``: unit length in ``"sklearn"``, the default, raw tf × log₁₀(N/df) in
    ``"quanteda"``). Tidy table ``doc1, doc2, distance``, or the square table with ``matrix=True``;
    ``top=k`` gives each document's k nearest (``doc, neighbour, rank, distance``) and ``threshold=x`` the
    pairs at distance ≤ x, block by block as in :func:`similarity`.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    {{pairwise_options}}

    Returns
    -------
    DataFrame
        ``doc1, doc2, distance``; ``doc, neighbour, rank, distance`` with ``top``; the square table with
        ``matrix=True``.

    See Also
    --------
    similarity : The same pairs as similarities.

    References
    ----------
    .. [1] Benoit, K. et al. (2018). quanteda (``textstat_dist``). *Journal of Open Source Software* 3(30), 774.

    Examples
    --------
    >>> round(float(la.distance(report_tokens, method="euclidean", weight="count")["distance"].iloc[0]), 1)
    162.8
    """
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
