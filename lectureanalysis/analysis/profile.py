"""The lexical profile of each speech or group: size, vocabulary, TTR and MATTR, sentence length and the
share of the genre's formula verbs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis._kernels import _check_tokens, vocabulary
from lectureanalysis.analysis._window_kernels import _SENTENCE_END, profile_counts, types_per_group
from lectureanalysis.dispatch import engine_of
from lectureanalysis.errors import GroupingWarning, user_stacklevel
from lectureanalysis.tokens import linking

#: the widest MATTR window, in tokens
MAX_MATTR_WINDOW = 100_000


def sentence_counts(paragraphs: pd.DataFrame) -> pd.Series:
    """The sentences of each paragraph as :func:`lexical_profile` counts them: a sentence ends at 。！？!?… (a
    run of them ends one), or at the paragraph's end when the text does not end with one (closing quotes and
    brackets after it allowed).

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (its ``text``).

    Returns
    -------
    Series
        Sentences per paragraph, on the table's index.

    Examples
    --------
    >>> from lectureanalysis.analysis.profile import sentence_counts
    >>> sentence_counts(pd.DataFrame({"text": ["一。二！", "三", "四？”"]})).tolist()
    [2, 1, 1]
    """
    texts = paragraphs["text"].astype(str)
    ends = texts.str.count(rf"[{_SENTENCE_END}]+")
    open_end = ~texts.str.contains(rf"[{_SENTENCE_END}][”’」』）)】》\"']*$", regex=True)
    return ends + open_end.astype(int)


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

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment` (or a Dask token table, which is counted on its workers).
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    by : str, default 'speech_id'
        A speech column to group by (``year``, ``collection``).
    window : int, default 100
        Word tokens per MATTR window.

    Returns
    -------
    DataFrame
        Columns ``group`` (``speech_id`` when ``by`` is speech_id), ``tokens, types, n_chars, ttr, mattr,
        sentences, mean_sentence_chars, official_share``.

    See Also
    --------
    lectureanalysis.plot.plot_lexical_profile : The chart.

    References
    ----------
    .. [1] Covington, M. A. & McFall, J. D. (2010). Cutting the Gordian knot: The moving-average type–token ratio
           (MATTR). *Journal of Quantitative Linguistics* 17(2), 94–100.

    Examples
    --------
    >>> profile = la.lexical_profile(tokens, paragraphs)
    >>> profile[["tokens", "sentences"]].values.tolist()
    [[933, 39]]
    """
    from lectureanalysis.tokens.stopwords import stopword_layer

    if engine_of(tokens) == "pandas":
        _check_tokens(tokens)
    schema.validate_paragraphs(paragraphs, ("speech_id", "n_chars", "is_heading",
                                            "n_sentences" if "n_sentences" in paragraphs.columns else "text"))
    window = schema.check_whole("window", window, minimum=2, maximum=MAX_MATTR_WINDOW)
    if by != "speech_id" and by not in paragraphs.columns:
        raise ValueError(f"by: {by!r} is not a column of the paragraph table")
    if by != "speech_id" and engine_of(tokens) == "pandas" and not linking.has_column(tokens, by):
        tokens = linking.with_columns(tokens, [by], paragraphs=paragraphs)
    types, punctuation, _ = vocabulary(tokens)
    official = np.isin(np.asarray(types, dtype=object), list(stopword_layer("official")))
    if by != "speech_id" and paragraphs[by].isna().any():
        missing = paragraphs[by].isna().to_numpy()
        speeches = pd.unique(paragraphs["speech_id"].to_numpy()[missing])
        named = ", ".join(map(str, speeches[:5])) + (f" and {len(speeches) - 5:,} more" if len(speeches) > 5 else "")
        warnings.warn(f"by={by!r}: {len(speeches):,} {'speech has no value and is' if len(speeches) == 1 else 'speeches have no value and are'} left out of this grouping: "
                      f"{named}", GroupingWarning, stacklevel=user_stacklevel())
    body = paragraphs[~paragraphs["is_heading"].astype(bool)]
    key = (lambda table: table["speech_id"]) if by == "speech_id" else (lambda table: table[by])
    per_paragraph = body["n_sentences"] if "n_sentences" in body.columns else sentence_counts(body)
    sentences = per_paragraph.groupby(key(body), sort=False).sum()
    body_chars = body["n_chars"].groupby(key(body), sort=False).sum()
    chars = paragraphs["n_chars"].groupby(key(paragraphs), sort=by != "speech_id").sum()
    labels = list(chars.index)
    pairs, n_tokens, n_official, counted, windows = profile_counts(tokens, by, labels, punctuation, official, window)
    n_types = types_per_group(pairs, len(types), len(labels))
    rows = []
    for index, (group, n_chars) in enumerate(chars.items()):
        n, k, m = int(n_tokens[index]), int(sentences.get(group, 0)), int(n_types[index])
        rows.append((group, n, m, int(n_chars), m / n if n else float("nan"),
                     counted[index] / (window * windows[index]) if windows[index] else float("nan"), k,
                     float(body_chars.get(group, 0)) / k if k else float("nan"),
                     int(n_official[index]) / n if n else float("nan")))
    table = pd.DataFrame(rows, columns=list(schema.LEXICAL_PROFILE_COLUMNS))
    return table.rename(columns={"group": "speech_id"}) if by == "speech_id" else table
