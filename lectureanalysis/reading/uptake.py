"""Diffusion from a centre: when a term (a formulation, a slogan) is first used at the centre and in each place,
the lag in years (and days, where both speeches are dated), and the share of places using it year by year.

Terms are counted on the text, as :func:`lectureanalysis.kwic` finds them (non-overlapping, Traditional speeches
in their Simplified form), so every first use can be checked with a plain search. Years are the speeches'
``year`` — the delivery year where the loader knows the date (a collection labelled by the year reviewed is
corrected by it) — and ``date`` gives the days.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.occurrences import check_terms, searched_texts
from lectureanalysis.structure.characters import count_chars

#: the columns of :func:`diffusion`
DIFFUSION_COLUMNS = ("term", "place", "is_centre", "first_year", "first_date", "first_speech", "lag_years",
                     "lag_days", "before_centre", "in_first_speech", "frequency", "speeches_using", "speeches")


def _speech_texts(paragraphs: pd.DataFrame) -> pd.Series:
    """Each speech's text (paragraphs joined by a line break), Traditional speeches in Simplified."""
    texts = searched_texts(paragraphs)  # Traditional speeches in their Simplified form, as kwic searches
    return texts.groupby(paragraphs["speech_id"].to_numpy(), sort=False).agg("\n".join)


def _speech_columns(paragraphs: pd.DataFrame, speeches: pd.DataFrame | None, by: str, time: str, *,
                    required: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per speech (indexed by ``speech_id``) with the paragraph table's columns and, from ``speeches``,
    ``by``, ``time``, ``date`` and ``level`` (the speech columns win: the paragraph table's ``level`` is a
    heading's level); ``required`` (default ``by`` and ``time``) must be among them."""
    schema.validate_paragraphs(paragraphs, ("speech_id", "text"))
    table = paragraphs.drop_duplicates("speech_id").set_index("speech_id")
    if speeches is not None:
        extra = speeches.drop_duplicates("speech_id").set_index("speech_id")
        wanted = [c for c in (by, time, "date", "level") if c in extra.columns]
        table = table.drop(columns=[c for c in wanted if c in table.columns]).join(extra[wanted], how="left")
    missing = [c for c in ((by, time) if required is None else required) if c not in table.columns]
    if missing:
        raise ValueError(f"{by if by in missing else 'time'}: no column {', '.join(map(repr, missing))} in the paragraphs"
                         f"{'' if speeches is not None else ' (pass speeches= for the speech columns)'}")
    return table


def diffusion(paragraphs: pd.DataFrame, terms: str | Sequence[str], *, speeches: pd.DataFrame | None = None,
              by: str = "place", centre: object = None, time: str = "year") -> pd.DataFrame:
    """First use of each term at the centre and in every place, and the lag between them.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table of speeches of a centre and of places (:func:`lectureanalysis.load_paragraphs`).
    terms : str or list of str
        The terms or formulations to follow (新发展理念, 放管服).
    speeches : DataFrame, optional
        The speeches table (:func:`lectureanalysis.load`'s first), for the speech columns the paragraph table
        does not carry (``place``, the administrative ``level``).
    by : str, default 'place'
        The column naming where a speech was given.
    centre : optional
        The value of ``by`` that is the centre; by default the place whose ``level`` is 国家 in ``speeches``
        (the loader's reading of a folder such as 国务院).
    time : str, default 'year'
        The column of the speeches' years.

    Returns
    -------
    DataFrame
        One row per term and place, the centre first, then the places by first use (those that never use the
        term last, with no first year): ``term, place, is_centre, first_year, first_date`` (NaT where the speech
        is undated), ``first_speech``, ``lag_years`` (first year − the centre's), ``lag_days`` (where both
        speeches are dated), ``before_centre`` (used before the centre did: listed, not hidden),
        ``in_first_speech`` (the first use stands in the place's earliest speech of the table: the place may have
        used it before the collection begins, so its lag is an upper bound), ``frequency`` (occurrences in all
        the place's speeches), ``speeches_using`` and ``speeches``. Speeches with no value of ``by`` are left
        out.

    See Also
    --------
    adoption : The share of places using each term, year by year.
    lectureanalysis.trend : A term's rate per year.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c16", "a16", "a17", "b18"], "para_id": 0,
    ...     "place": ["全国", "甲省", "甲省", "乙省"], "level": ["国家", "省", "省", "省"], "year": [2016, 2016, 2017, 2018],
    ...     "text": ["贯彻新发展理念。", "推进改革。", "落实新发展理念。", "践行新发展理念。"]})
    >>> la.diffusion(paragraphs, "新发展理念")[["place", "first_year", "lag_years"]].values.tolist()
    [['全国', 2016, 0], ['甲省', 2017, 1], ['乙省', 2018, 2]]
    """
    terms = check_terms(terms)
    speeches = _speech_columns(paragraphs, speeches, by, time)
    if centre is None:
        if "level" not in speeches.columns or not (speeches["level"] == "国家").any():
            raise ValueError(f"centre: name the value of {by!r} that is the centre (no speech has level 国家)")
        centre = speeches.loc[speeches["level"] == "国家", by].iloc[0]
    if not (speeches[by] == centre).any():
        raise ValueError(f"centre: no speech has {by} = {centre!r}")
    texts = _speech_texts(paragraphs).reindex(speeches.index)
    dates = pd.to_datetime(speeches["date"], errors="coerce") if "date" in speeches.columns else \
        pd.Series(pd.NaT, index=speeches.index)
    years = pd.to_numeric(speeches[time], errors="coerce")
    order = pd.DataFrame({"place": speeches[by], "year": years, "date": dates}).sort_values(
        ["year", "date"], kind="stable", na_position="last")
    placed = order["place"].notna() & (order["place"].astype(str).str.strip() != "")
    order = order[placed]  # a speech of no place (a 党课讲稿 beside the reports) belongs to no row
    records = []
    for term in terms:
        counts = texts.map(lambda text, term=term: text.count(term)).reindex(order.index)
        used = order[(counts > 0).to_numpy() & order["year"].notna().to_numpy()]
        firsts = used.groupby("place", sort=False).head(1)
        first_of = {row.place: (int(row.year), row.date, speech) for speech, row in firsts.iterrows()}
        centre_first = first_of.get(centre)
        for place, members in order.groupby("place", sort=False):
            first = first_of.get(place)
            earliest = members["year"].min()
            lag_years: int | None = None
            lag_days: int | None = None
            before = False
            if first and centre_first:
                lag_years = first[0] - centre_first[0]
                if pd.notna(first[1]) and pd.notna(centre_first[1]):
                    lag_days = int((first[1] - centre_first[1]).days)
                before = lag_years < 0 or (lag_years == 0 and lag_days is not None and lag_days < 0)
            records.append((term, place, place == centre, first[0] if first else pd.NA,
                            first[1] if first else pd.NaT, first[2] if first else "", lag_years, lag_days,
                            bool(before and place != centre), bool(first and first[0] == earliest),
                            int(counts[members.index].sum()), int((counts[members.index] > 0).sum()), len(members)))
    table = pd.DataFrame(records, columns=list(DIFFUSION_COLUMNS))
    for column in ("first_year", "lag_years", "lag_days"):
        table[column] = table[column].astype("Int64")
    table["first_date"] = pd.to_datetime(table["first_date"])
    rank = np.where(table["is_centre"], -1, 0)
    table = table.assign(_rank=rank, _never=table["first_year"].isna()).sort_values(
        ["term", "_rank", "_never", "first_year", "first_date", "place"], kind="stable",
        key=lambda column: column.map({t: i for i, t in enumerate(terms)}) if column.name == "term" else column)
    return table.drop(columns=["_rank", "_never"]).reset_index(drop=True)


#: the columns of :func:`diffusion_rates`
RATE_COLUMNS = ("term", "place", "year", "is_centre", "frequency", "n_chars", "per_10k_chars", "speeches")


def diffusion_rates(paragraphs: pd.DataFrame, terms: str | Sequence[str], *, speeches: pd.DataFrame | None = None,
                    by: str = "place", centre: object = None, time: str = "year") -> pd.DataFrame:
    """Each term's rate per 万字 in every place and year: the data of the place × year heatmap.

    Counted on the text, as :func:`diffusion` counts; the 字 are the paragraphs' ``n_chars`` (headings
    included), so a rate is the number a reader finds by searching the year's reports of the place and dividing
    by their length.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table of speeches of a centre and of places.
    terms : str or list of str
        The terms to count.
    speeches : DataFrame, optional
        The speeches table, for ``place``, ``level`` and ``date``.
    by, centre, time
        As :func:`diffusion`.

    Returns
    -------
    DataFrame
        One row per term, place and year with a speech (a year without one is absent, not zero): ``term, place,
        year, is_centre, frequency, n_chars`` (the 字 of the place's speeches of that year), ``per_10k_chars``
        and ``speeches``. The centre first, then the places in the order of :func:`diffusion` (first use).

    See Also
    --------
    diffusion : First uses and lags.
    lectureanalysis.plot.plot_diffusion : The heatmap.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c16", "a16", "a17"], "para_id": 0, "place": ["全国", "甲省", "甲省"],
    ...     "level": ["国家", "省", "省"], "year": [2016, 2016, 2017], "n_chars": [7, 4, 7],
    ...     "text": ["贯彻新发展理念。", "推进改革。", "落实新发展理念。"]})
    >>> rates = la.diffusion_rates(paragraphs, "新发展理念").round({"per_10k_chars": 1})
    >>> rates[["place", "year", "frequency", "per_10k_chars"]].values.tolist()
    [['全国', 2016, 1, 1428.6], ['甲省', 2016, 0, 0.0], ['甲省', 2017, 1, 1428.6]]
    """
    terms = check_terms(terms)
    firsts = diffusion(paragraphs, terms, speeches=speeches, by=by, centre=centre, time=time)
    centre_place = firsts.loc[firsts["is_centre"], "place"].iloc[0]
    table = _speech_columns(paragraphs, speeches, by, time)
    texts = _speech_texts(paragraphs).reindex(table.index)
    chars = (paragraphs["n_chars"] if "n_chars" in paragraphs.columns else searched_texts(paragraphs).map(count_chars))
    chars = chars.groupby(paragraphs["speech_id"].to_numpy(), sort=False).sum().reindex(table.index)
    frame = pd.DataFrame({"place": table[by].to_numpy(), "year": pd.to_numeric(table[time], errors="coerce").to_numpy(),
                          "n_chars": chars.to_numpy()}, index=table.index)
    frame = frame[frame["year"].notna()]
    rows = []
    for term in terms:
        places = firsts.loc[firsts["term"] == term, "place"].tolist()
        counts = texts.reindex(frame.index).map(lambda text, term=term: text.count(term))
        grouped = frame.assign(frequency=counts.to_numpy()).groupby(["place", "year"], sort=False).agg(
            frequency=("frequency", "sum"), n_chars=("n_chars", "sum"), speeches=("n_chars", "size"))
        for place in places:
            if place not in grouped.index.get_level_values(0):
                continue
            for year, row in grouped.loc[place].sort_index().iterrows():
                rate = row["frequency"] / row["n_chars"] * 10_000 if row["n_chars"] else float("nan")
                rows.append((term, place, int(year), place == centre_place, int(row["frequency"]), int(row["n_chars"]),
                             rate, int(row["speeches"])))
    return pd.DataFrame(rows, columns=list(RATE_COLUMNS))


def adoption(table: pd.DataFrame) -> pd.DataFrame:
    """The share of places (the centre left out) that have used each term, year by year: the adoption curve.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`diffusion`.

    Returns
    -------
    DataFrame
        Columns ``term, year, adopted`` (places that have used it by that year), ``places`` (all places but the
        centre) and ``share``, for every year from the term's first use anywhere to the last first use.

    See Also
    --------
    diffusion : The first uses counted.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c16", "a16", "a17", "b18"], "para_id": 0,
    ...     "place": ["全国", "甲省", "甲省", "乙省"], "level": ["国家", "省", "省", "省"], "year": [2016, 2016, 2017, 2018],
    ...     "text": ["贯彻新发展理念。", "推进改革。", "落实新发展理念。", "践行新发展理念。"]})
    >>> curve = la.adoption(la.diffusion(paragraphs, "新发展理念"))
    >>> curve[["year", "adopted"]].values.tolist(), curve["share"].tolist()
    ([[2016, 0], [2017, 1], [2018, 2]], [0.0, 0.5, 1.0])
    """
    schema.check_made_by(table, ("term", "is_centre", "first_year"), "diffusion")
    rows = []
    for term, group in table.groupby("term", sort=False):
        places = group[~group["is_centre"]]
        years = group["first_year"].dropna()
        if years.empty:
            continue
        for year in range(int(years.min()), int(years.max()) + 1):
            adopted = int((places["first_year"].dropna() <= year).sum())
            rows.append((term, year, adopted, len(places), adopted / len(places) if len(places) else float("nan")))
    return pd.DataFrame(rows, columns=["term", "year", "adopted", "places", "share"])
