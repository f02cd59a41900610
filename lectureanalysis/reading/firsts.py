"""What is new: the words a series of speeches uses for the first time, period by period (新提法 and new
vocabulary), each with the line where it first appears."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lectureanalysis.analysis.frequency import term_frequencies
from lectureanalysis.analysis.occurrences import searched_texts
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.stopwords import is_number

#: the columns of :func:`novelties`
NOVELTY_COLUMNS = ("group", "feature", "frequency", "speeches", "later_frequency", "speech_id", "left", "match",
                   "right")


def novelties(tokens: pd.DataFrame, *, by: str = "year", min_count: int = 2, min_chars: int = 2,
              paragraphs: pd.DataFrame | None = None, window: int = 15) -> pd.DataFrame:
    """Per period of a series, the words used in it for the first time in the series.

    A feature (a word type of :func:`lectureanalysis.segment`; stop words, punctuation and numbers never) is new
    in the first period (value of ``by``) whose text holds it, unless that is the series' first period (where
    every word would be new). First use and counts are taken on the text, as a substring search finds them —
    so a word the segmenter cut out of a longer token in an earlier period (发展 in 高质量发展) is not new. It is
    listed when its text occurs at least ``min_count`` times in that period, with its first line there (a
    concordance line of ``window`` characters either side, in the text order of the period's speeches).

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`lectureanalysis.segment`, linked to its paragraphs.
    by : str, default 'year'
        The period column; speeches without a value are left out (with the warning of
        :func:`lectureanalysis.term_frequencies`).
    min_count : int, default 2
        The fewest occurrences in the first period.
    min_chars : int, default 2
        The shortest feature, in characters (a single character new in a period is mostly a segmentation
        artefact, and its first line on the text would stand inside another word).
    paragraphs : DataFrame, optional
        The paragraph table for the context lines (default: the one the tokens are linked to).
    window : int, default 15
        Characters of context on each side of the first line.

    Returns
    -------
    DataFrame
        Columns ``group`` (the period of first use), ``feature``, ``frequency`` (its occurrences in that
        period's text), ``speeches`` (the speeches of that period whose tokens hold it), ``later_frequency`` (its
        occurrences in the text of all later periods), ``speech_id, left, match, right`` (its first line). Rows by period, then frequency
        (descending), then feature.

    See Also
    --------
    lectureanalysis.trend : A term's rate in every period.
    lectureanalysis.kwic : All its lines.

    Examples
    --------
    >>> new = la.novelties(report_tokens, min_count=5)  # 2024 against 2014
    >>> new.head(3)["feature"].tolist(), sorted(set(new["group"].astype(int)))
    (['高质量发展', '数字', '时代'], [2024])
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count: expected a whole number >= 1, got {min_count!r}")
    frequencies = term_frequencies(tokens, by=by, exclude_stopwords=True)
    frequencies = frequencies.assign(feature=frequencies["feature"].astype(str))
    frequencies = frequencies[~frequencies["feature"].map(is_number) & (frequencies["feature"].str.len() >= min_chars)]
    periods = sorted(pd.unique(frequencies["group"]))
    if len(periods) < 2:
        return pd.DataFrame(columns=list(NOVELTY_COLUMNS))
    first = frequencies.groupby("feature", sort=False)["group"].transform("min")
    new = frequencies[(frequencies["group"] == first) & (first != periods[0])]
    source = paragraphs if paragraphs is not None else linking.linked(tokens)
    if source is None:
        raise ValueError("paragraphs: the tokens are not linked to a paragraph table; pass paragraphs=")
    # first use and counts on the text itself (as kwic and a substring search find them): a word the segmenter
    # cut out of a longer token in an earlier period (发展 in 高质量发展) is not new
    texts = searched_texts(source)  # Traditional speeches in their Simplified form, as kwic searches
    text_of = {period: "\n".join(texts[(source[by] == period).to_numpy()]) for period in periods}
    rows, lines = [], []
    for period, candidates in new.groupby("group", sort=True):
        earlier = "\n".join(text_of[p] for p in periods if p < period)
        later = "\n".join(text_of[p] for p in periods if p > period)
        here = text_of[period]
        ids = source.loc[(source[by] == period).to_numpy(), "speech_id"].astype(str).tolist()
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[(source[by] == period).to_numpy()]])
        for feature, speeches in zip(candidates["feature"], candidates["docfreq"], strict=True):
            count = here.count(feature)  # the period's own text first: short, and most fail here
            if count >= min_count and feature not in earlier:
                rows.append((period, feature, count, int(speeches), later.count(feature)))
                at = here.find(feature)  # its first line: the paragraph it stands in, in the period's text order
                paragraph = int(np.searchsorted(starts, at, side="right")) - 1
                begin, end = starts[paragraph], starts[paragraph + 1] - 1
                lines.append((period, feature, ids[paragraph], here[max(begin, at - window):at], feature,
                              here[at + len(feature):min(end, at + len(feature) + window)]))
    new = pd.DataFrame(rows, columns=["group", "feature", "frequency", "speeches", "later_frequency"])
    context = pd.DataFrame(lines, columns=["group", "feature", "speech_id", "left", "match", "right"])
    out = new[["group", "feature", "frequency", "speeches", "later_frequency"]].merge(
        context, on=["group", "feature"], how="left")
    out = out.sort_values(["group", "frequency", "feature"], ascending=[True, False, True], kind="stable")
    return out[list(NOVELTY_COLUMNS)].reset_index(drop=True)
