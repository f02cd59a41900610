"""Topic models on the token table: NMF or LDA (scikit-learn), fitted on paragraphs, read per speech and per
period, with a coherence score for each topic and help choosing their number.

Units: the model is fitted on paragraphs (a speech of 30,000 字 holds every topic; its paragraphs each hold a
few), with the words that are not punctuation, stop words, numbers or dates. A word in fewer than
``min_df`` paragraphs, or in more than ``max_df`` of them, is left out, and of the rest the ``max_features``
in most paragraphs are kept. NMF factorises the tf-idf weighted
matrix (scikit-learn's ``TfidfTransformer`` defaults), LDA the counts (variational Bayes). A paragraph's topic
shares are its row of the document–topic matrix scaled to sum to 1; a speech's (and a period's) shares are
its paragraphs' shares weighted by their words, so long paragraphs count for more.

Coherence: for a topic's ``top_n`` words w₁ … w_N, NPMI(wᵢ, wⱼ) = ln(P(wᵢ, wⱼ) / (P(wᵢ)P(wⱼ))) / −ln P(wᵢ, wⱼ)
with P the share of paragraphs holding the word (the pair), −1 for a pair never in one paragraph and 1 for
a pair always together; the topic's coherence is the mean over its N(N − 1)/2 pairs (Bouma 2009; the
"C_NPMI" of Röder et al. 2015 with the paragraph as its window). Higher is more coherent.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from lectureanalysis import schema
from lectureanalysis.analysis._kernels import paragraph_codes, token_types
from lectureanalysis.discovery._common import numbers_or_dates
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.tokens import linking


@dataclass(frozen=True)
class Topics:
    """A fitted topic model's tables.

    ``terms``: ``topic, rank, term, weight`` (the topic's word distribution, each row summing to 1; its
    ``top_n`` words). ``coherence``: ``topic, label`` (its three top words), ``npmi``, ``share`` (of all
    words). ``speeches``: ``speech_id, topic, share``. ``periods``: ``<by>, topic, share`` (empty without a
    ``by`` column). ``model`` is scikit-learn's fitted estimator and ``features`` its columns' words."""

    terms: pd.DataFrame
    coherence: pd.DataFrame
    speeches: pd.DataFrame
    periods: pd.DataFrame
    method: str
    model: object
    features: list[str]


@dataclass(frozen=True)
class _Matrix:
    counts: object  # csr: paragraphs × features
    features: list[str]
    speech: np.ndarray  # per paragraph row
    period: np.ndarray | None
    words: np.ndarray  # words per paragraph row


def _matrix(tokens: pd.DataFrame, by: str | None, min_df: int, max_df: float,
            max_features: int | None = None) -> _Matrix:
    codes, types, punctuation, _ = token_types(tokens)
    excluded = punctuation | numbers_or_dates(types)
    keep = ~excluded[codes] & ~tokens["is_stopword"].to_numpy(dtype=bool)
    paragraph = paragraph_codes(tokens)
    n_paragraphs = int(paragraph.max()) + 1 if len(paragraph) else 0
    counts = sparse.csr_matrix((np.ones(int(keep.sum()), np.float64), (paragraph[keep], codes[keep])),
                               shape=(n_paragraphs, len(types)))
    counts.sum_duplicates()
    df = np.diff(counts.tocsc().indptr)
    columns = np.flatnonzero((df >= min_df) & (df <= max_df * max(n_paragraphs, 1)))
    if max_features is not None and len(columns) > max_features:  # the words in most paragraphs (ties: type order)
        columns = np.sort(columns[np.argsort(-df[columns], kind="stable")[:max_features]])
    counts = counts[:, columns].tocsr()
    words = np.asarray(counts.sum(axis=1)).ravel()
    rows = np.flatnonzero(words > 0)
    first_row = np.zeros(n_paragraphs, dtype=np.int64)
    first_row[paragraph[::-1]] = np.arange(len(paragraph))[::-1]  # each paragraph's first token row
    speech = tokens["speech_id"].to_numpy()[first_row[rows]]
    period = None
    if by is not None and linking.has_column(tokens, by):
        period = linking.values(tokens, by).to_numpy()[first_row[rows]]
    return _Matrix(counts[rows], [types[i] for i in columns], speech, period, words[rows])


#: the processes LDA's E-step is split over (fixed, so the topics are the same on any machine)
LDA_JOBS = 2
#: the fit's iterations when not given: NMF's coordinate descent steps, LDA's passes over the paragraphs
MAX_ITER = {"nmf": 300, "lda": 10}


def _fit(matrix: _Matrix, n_topics: int, method: str, seed: int, max_iter: int | None) -> tuple[object, np.ndarray]:
    try:
        from sklearn.decomposition import NMF, LatentDirichletAllocation
        from sklearn.feature_extraction.text import TfidfTransformer
    except ImportError as error:  # a core dependency; a broken install is said plainly
        raise ImportError("topics need scikit-learn: pip install scikit-learn") from error
    max_iter = MAX_ITER[method] if max_iter is None else schema.check_whole("max_iter", max_iter, minimum=1)
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if method == "nmf":
            model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=max_iter, tol=1e-4)
            weights = model.fit_transform(TfidfTransformer().fit_transform(matrix.counts))
        else:
            # online variational Bayes in batches of 4,096 paragraphs, the E-step split over two processes (a fixed
            # number: the same topics on any machine); lawtext-gov, 20 topics: 149 s with one process and
            # batches of 1,024, 94 s so
            model = LatentDirichletAllocation(n_components=n_topics, random_state=seed, max_iter=max_iter,
                                              learning_method="online", batch_size=4096, n_jobs=LDA_JOBS)
            weights = model.fit_transform(matrix.counts)
    for said in caught:  # scikit-learn's words, said in ours: the fit stopped, the topics are still usable
        if issubclass(said.category, ConvergenceWarning):
            warnings.warn(f"topics: the {method.upper()} fit stopped after max_iter={max_iter} iterations before "
                          f"converging (tolerance 1e-4); the topics are usable, pass a larger max_iter for a closer "
                          "fit", CorpusWarning, stacklevel=user_stacklevel())
        else:
            warnings.warn(said.message, said.category, stacklevel=user_stacklevel())
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.full_like(weights, 1 / n_topics), where=totals > 0)
    return model, shares


def npmi_coherence(presence: object, top: np.ndarray) -> np.ndarray:
    """Mean NPMI over the pairs of each row of ``top`` (feature indices), with ``presence`` a documents ×
    features matrix (non-zero where the document holds the feature): the module's formula.

    Parameters
    ----------
    presence : sparse matrix or ndarray
        Documents × features; non-zero cells mean "holds".
    top : ndarray
        Topics × N feature indices.

    Returns
    -------
    ndarray
        One coherence per topic.

    See Also
    --------
    topics : Where each topic's coherence is reported.

    Examples
    --------
    >>> from lectureanalysis.discovery.topicmodels import npmi_coherence
    >>> docs = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1]])  # a, b, c in 4 documents
    >>> npmi_coherence(docs, np.array([[0, 1]])).round(4).tolist()  # P(a)=3/4, P(b)=1/2, P(a,b)=1/2
    [0.415]
    """
    held = sparse.csc_matrix(presence, dtype=np.float64)
    held.data[:] = 1.0
    n_docs = held.shape[0]
    out = np.empty(len(top))
    for topic, features in enumerate(top):
        block = held[:, features]
        together = (block.T @ block).toarray() / n_docs
        alone = np.diag(together)
        i, j = np.triu_indices(len(features), 1)
        joint = together[i, j]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.log(joint / (alone[i] * alone[j])) / -np.log(joint)
        value = np.where(joint <= 0, -1.0, np.where(joint >= 1, 1.0, value))
        out[topic] = value.mean() if len(value) else np.nan
    return out


def topics(tokens: pd.DataFrame, n_topics: int = 10, *, method: str = "nmf", by: str | None = "year",
           top_n: int = 10, min_df: int = 5, max_df: float = 0.5, max_features: int | None = 5000, seed: int = 0,
           max_iter: int | None = None) -> Topics:
    """Fit a topic model (NMF or LDA) on the paragraphs and read it per topic, speech and period.

    The units, the words used and the coherence (NPMI) are the module's
    (:mod:`lectureanalysis.discovery.topicmodels`). The same ``seed`` gives the same topics.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    n_topics : int, default 10
        The number of topics (2 … 200); :func:`topic_numbers` helps choose it.
    method : {'nmf', 'lda'}, default 'nmf'
        Non-negative matrix factorisation of the tf-idf matrix, or latent Dirichlet allocation of the counts.
    by : str or None, default 'year'
        The period column for the shares over time (None: none).
    top_n : int, default 10
        The words listed, and scored for coherence, per topic.
    min_df : int, default 5
        Leave out words in fewer paragraphs.
    max_df : float, default 0.5
        Leave out words in more than this share of the paragraphs.
    max_features : int or None, default 5000
        Keep the words in most paragraphs, at most this many (None: all). On lawtext-gov's 27,000 words the
        default fits 20 topics in 6 s instead of 33 s, and its topics are as coherent (mean NPMI 0.30, 0.28).
    seed : int, default 0
        The random state of the fit.
    max_iter : int, optional
        The fit's iterations at most (NMF: 300; LDA: 10 passes over the paragraphs).

    Returns
    -------
    Topics
        Its tables ``terms``, ``coherence``, ``speeches``, ``periods``.

    See Also
    --------
    topic_numbers : Coherence over a range of numbers of topics.
    lectureanalysis.plot.plot_topics : Topic shares by period.
    dfm : The document-feature matrix, for other models.

    Examples
    --------
    >>> model = la.topics(report_tokens, 4, min_df=2)
    >>> model.coherence.columns.tolist(), len(model.terms) == 4 * 10
    (['topic', 'label', 'npmi', 'share'], True)
    """
    schema.check_choice("method", method, ("nmf", "lda"))
    n_topics = schema.check_whole("n_topics", n_topics, minimum=2, maximum=200)
    top_n = schema.check_whole("top_n", top_n, minimum=2, maximum=100)
    schema.check_whole("min_df", min_df, minimum=1)
    if not 0 < max_df <= 1:
        raise ValueError(f"max_df: expected a share of the paragraphs in (0, 1], got {max_df!r}")
    schema.validate_tokens(tokens, ())
    matrix = _matrix(tokens, by, min_df, max_df, max_features)
    if matrix.counts.shape[0] < n_topics or matrix.counts.shape[1] < top_n:  # type: ignore[attr-defined]
        raise ValueError(f"too little text for {n_topics} topics of {top_n} words: {matrix.counts.shape[0]} "  # type: ignore[attr-defined]
                         f"paragraphs and {matrix.counts.shape[1]} words in at least {min_df} of them and at "  # type: ignore[attr-defined]
                         f"most {max_df:.0%}; lower min_df, n_topics or top_n")
    model, shares = _fit(matrix, n_topics, method, seed, max_iter)
    components = np.asarray(model.components_, dtype=float)  # type: ignore[attr-defined, type-var]
    components = components / np.maximum(components.sum(axis=1, keepdims=True), 1e-300)
    top = np.argsort(-components, axis=1, kind="stable")[:, :top_n]
    features = np.asarray(matrix.features, dtype=object)
    terms = pd.DataFrame({"topic": np.repeat(np.arange(1, n_topics + 1), top_n),
                          "rank": np.tile(np.arange(1, top_n + 1), n_topics), "term": features[top].ravel(),
                          "weight": np.take_along_axis(components, top, axis=1).ravel()})
    weighted = shares * matrix.words[:, None]
    coherence = pd.DataFrame({"topic": np.arange(1, n_topics + 1),
                              "label": ["·".join(features[row[:3]]) for row in top],
                              "npmi": npmi_coherence(matrix.counts, top),
                              "share": weighted.sum(axis=0) / weighted.sum()})
    return Topics(terms, coherence, _shares(weighted, matrix.speech, "speech_id"),
                  _shares(weighted, matrix.period, by) if matrix.period is not None and by else pd.DataFrame(),
                  method, model, matrix.features)


def _shares(weighted: np.ndarray, keys: np.ndarray | None, name: str | None) -> pd.DataFrame:
    """Word-weighted topic shares per key (speech or period), long: ``name, topic, share``."""
    frame = pd.DataFrame(weighted, columns=np.arange(1, weighted.shape[1] + 1)).groupby(keys, sort=True).sum()
    frame = frame.div(frame.sum(axis=1), axis=0)
    frame.index.name, frame.columns.name = name, "topic"
    return frame.stack().rename("share").reset_index()  # type: ignore[call-overload]


def topic_numbers(tokens: pd.DataFrame, ks: Iterable[int] = (5, 10, 15, 20, 25, 30), *, method: str = "nmf",
                  top_n: int = 10, min_df: int = 5, max_df: float = 0.5, max_features: int | None = 5000,
                  seed: int = 0, max_iter: int | None = None) -> pd.DataFrame:
    """Help choosing the number of topics: the model fitted for each k, and its mean coherence.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    ks : iterable of int, default (5, 10, 15, 20, 25, 30)
        The numbers of topics to try.
    method : {'nmf', 'lda'}, default 'nmf'
        As :func:`topics`.
    top_n : int, default 10
        Words per topic scored for coherence.
    min_df : int, default 5
        As :func:`topics`.
    max_df : float, default 0.5
        As :func:`topics`.
    max_features : int or None, default 5000
        As :func:`topics`.
    seed : int, default 0
        As :func:`topics`.
    max_iter : int, optional
        As :func:`topics`.

    Returns
    -------
    DataFrame
        Columns ``k, coherence`` (mean NPMI over the topics), ``worst`` (the least coherent topic's NPMI) and
        ``fit`` (NMF: the reconstruction error; LDA: the perplexity; lower is closer), one row per k.

    See Also
    --------
    topics : The model at the chosen k.

    Examples
    --------
    >>> la.topic_numbers(report_tokens, [3, 4], min_df=2)["k"].tolist()
    [3, 4]
    """
    schema.check_choice("method", method, ("nmf", "lda"))
    schema.validate_tokens(tokens, ())
    matrix = _matrix(tokens, None, min_df, max_df, max_features)
    rows = []
    for k in ks:
        k = schema.check_whole("ks", k, minimum=2, maximum=200)
        model, _ = _fit(matrix, k, method, seed, max_iter)
        top = np.argsort(-np.asarray(model.components_), axis=1, kind="stable")[:, :top_n]  # type: ignore[attr-defined]
        scores = npmi_coherence(matrix.counts, top)
        fit = float(model.reconstruction_err_) if method == "nmf" else float(model.perplexity(matrix.counts))  # type: ignore[attr-defined]
        rows.append({"k": k, "coherence": float(scores.mean()), "worst": float(scores.min()), "fit": fit})
    return pd.DataFrame(rows, columns=["k", "coherence", "worst", "fit"])
