"""What is new: the words a series of speeches uses for the first time, period by period (新提法 and new
vocabulary), each with the line where it first appears."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.frequency import ngrams, term_frequencies
from lectureanalysis.analysis.occurrences import searched_texts
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.stopwords import is_number

#: the columns of :func:`novelties`
NOVELTY_COLUMNS = ("group", "feature", "frequency", "speeches", "later_frequency", "speech_id", "left", "match",
                   "right")


def novelties(tokens: pd.DataFrame, *, by: str = "year", n: int = 1, min_count: int = 2, min_chars: int = 2,
              years: int | None = None, paragraphs: pd.DataFrame | None = None, window: int = 15) -> pd.DataFrame:
    """Per period of a series, the words (or n-grams) used in it for the first time in the series.

    A feature (a word type of :func:`lectureanalysis.segment`, or with ``n`` ≥ 2 an n-gram of :func:`lectureanalysis.ngrams`
    — its words with the stop words between them left out, joined as the text writes them; stop words,
    punctuation and numbers never) is new in the first period (value of ``by``) whose text holds it, unless that
    is the series' first period (where every word would be new). With ``years``, new means not used in the
    ``years`` periods before (a formulation coming back after a decade is new again); a period with no speech in
    the ``years`` before it is not judged. First use and counts are taken on the text, as a substring search finds them —
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
    n : int, default 1
        1 for words, 2 or more for n-grams of that many words (an n-gram is listed where the text writes its
        words together).
    min_count : int, default 2
        The fewest occurrences in the first period.
    min_chars : int, default 2
        The shortest feature, in characters (a single character new in a period is mostly a segmentation
        artefact, and its first line on the text would stand inside another word).
    years : int, optional
        New within this many periods before (numeric periods such as years); by default, new in the whole
        series.
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
    schema.check_whole("min_count", min_count)
    schema.check_whole("n", n)
    if years is not None:
        schema.check_whole("years", years)
    frequencies = term_frequencies(tokens, by=by, exclude_stopwords=True) if n == 1 else \
        ngrams(tokens, n, by=by, exclude_stopwords=True, sep="")
    frequencies = frequencies.assign(feature=frequencies["feature"].astype(str))
    frequencies = frequencies[~frequencies["feature"].map(is_number) & (frequencies["feature"].str.len() >= min_chars)]
    source = paragraphs if paragraphs is not None else linking.linked(tokens)
    if source is None:
        raise ValueError("paragraphs: the tokens are not linked to a paragraph table; pass paragraphs=")
    # the series' periods are those with a speech, whether or not a feature of this kind stands in them
    periods = sorted(pd.unique(source[by].dropna()))
    if len(periods) < 2:
        return pd.DataFrame(columns=list(NOVELTY_COLUMNS))
    if years is None:
        first = frequencies.groupby("feature", sort=False)["group"].transform("min")
        new = frequencies[(frequencies["group"] == first) & (first != periods[0])]
    else:  # every period is a candidate; the text of the window before it decides
        judged = [p for p in periods[1:] if any(p - years <= q < p for q in periods)]
        new = frequencies[frequencies["group"].isin(judged)]
    # first use and counts on the text itself (as kwic and a substring search find them): a word the segmenter
    # cut out of a longer token in an earlier period (发展 in 高质量发展) is not new
    texts = searched_texts(source)  # Traditional speeches in their Simplified form, as kwic searches
    text_of = {period: "\n".join(texts[(source[by] == period).to_numpy()]) for period in periods}
    rows, lines = [], []
    for period, candidates in new.groupby("group", sort=True):
        earlier = "\n".join(text_of[p] for p in periods if p < period and (years is None or p >= period - years))
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


#: the columns of :func:`new_formulations`
NEW_FORMULATION_COLUMNS = ("group", "formulation", "number", "speech_id", "para_id", "section_path", "items",
                           "frequency", "speeches", "later_frequency")


def new_formulations(formulations: pd.DataFrame, speeches: pd.DataFrame, *, by: str = "year",
                     years: int | None = None) -> pd.DataFrame:
    """The first appearance of each numbered formulation (提法: 四个全面, 三个自信 …) in a series, with its
    items where the text spells them out.

    A formulation is new in the first period (value of ``by``) holding it, unless that is the series' first
    period; with ``years``, when none of the ``years`` periods before holds it (a period with no speech in the
    ``years`` before it is not judged). Counted as :func:`lectureanalysis.formulations` finds them (only kind
    提法: a congress such as 十九大 or a plan such as 十四五 is a designation, not a formulation).

    Parameters
    ----------
    formulations : DataFrame
        A table of :func:`lectureanalysis.formulations`.
    speeches : DataFrame
        A table with ``speech_id`` and ``by`` (the speeches table, or the paragraph table).
    by : str, default 'year'
        The period column; speeches without a value are left out.
    years : int, optional
        New within this many periods before; by default, new in the whole series.

    Returns
    -------
    DataFrame
        One row per new formulation, by period then first position: ``group`` (the period of first use),
        ``formulation``, ``number`` (its count of items), ``speech_id, para_id, section_path`` (where it first
        stands), ``items`` (the first items the text spells out in that period, joined with 、; empty when none
        does), ``frequency`` (occurrences in that period), ``speeches`` (speeches of that period using it),
        ``later_frequency`` (occurrences in the later periods).

    See Also
    --------
    novelties : New words and n-grams.
    lectureanalysis.formulations : Every occurrence.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["2015", "2016", "2017"], "para_id": 0, "year": [2015, 2016, 2017],
    ...     "text": ["协调推进“四个全面”。", "增强“三个自信”，即道路自信、理论自信、制度自信。", "坚定“三个自信”，落实“四个全面”。"]})
    >>> new = la.new_formulations(la.formulations(paragraphs), paragraphs)
    >>> new[["group", "formulation", "items", "later_frequency"]].values.tolist()
    [[2016, '三个自信', '道路自信、理论自信、制度自信', 1]]
    """
    schema.check_made_by(formulations, ("speech_id", "formulation", "number", "items"), "formulations",
                         "formulations")
    if by not in speeches.columns or "speech_id" not in speeches.columns:
        raise ValueError(f"speeches: expected the columns speech_id and {by!r}")
    if years is not None:
        schema.check_whole("years", years)
    period_of = speeches.drop_duplicates("speech_id").set_index("speech_id")[by]
    periods = sorted(pd.unique(period_of.dropna()))
    table = formulations[formulations["kind"] == "提法"] if "kind" in formulations.columns else formulations
    table = table.assign(group=table["speech_id"].map(period_of)).dropna(subset=["group"])
    order = [c for c in ("group", "speech_id", "para_id", "start") if c in table.columns]
    table = table.sort_values(order, kind="stable")
    rows = []
    for formulation, uses in table.groupby("formulation", sort=False):
        held = list(pd.unique(uses["group"]))
        for period in held:
            if period == periods[0]:
                continue
            before = [p for p in held if p < period and (years is None or p >= period - years)]
            if before or (years is not None and not any(period - years <= q < period for q in periods)):
                continue
            here = uses[uses["group"] == period]
            spelled = [items for items in here["items"] if isinstance(items, list | tuple) and len(items)]
            first = here.iloc[0]
            rows.append((period, formulation, int(first["number"]), first["speech_id"], first.get("para_id", pd.NA),
                         first.get("section_path", ""), "、".join(spelled[0]) if spelled else "", len(here),
                         here["speech_id"].nunique(), int((uses["group"] > period).sum())))
            if years is None:
                break
    out = pd.DataFrame(rows, columns=list(NEW_FORMULATION_COLUMNS))
    return out.sort_values(["group", "speech_id", "para_id"], kind="stable").reset_index(drop=True)
