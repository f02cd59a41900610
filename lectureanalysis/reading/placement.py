"""Agenda position: where a term sits in each speech's outline — in which top-level section it first stands
(task one or task nine), whether a heading names it, and how much of the speech the sections holding it fill —
so a reader can follow a term climbing the agenda over the years."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.occurrences import check_terms, searched_texts

#: the columns of :func:`agenda`
AGENDA_COLUMNS = ("term", "speech_id", "frequency", "first_section", "first_heading", "in_heading", "sections",
                  "of_sections", "share_chars")


def agenda(paragraphs: pd.DataFrame, terms: str | Sequence[str]) -> pd.DataFrame:
    """Where each term stands in each speech's outline.

    Counted on the text, as :func:`lectureanalysis.kwic` counts (Traditional speeches in Simplified form).
    The top-level sections are those of the outline (``section_id`` 1, 2, …; 0 is the opening before the first
    heading).

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (:func:`lectureanalysis.load_paragraphs`), with its outline columns.
    terms : str or list of str
        The terms to place.

    Returns
    -------
    DataFrame
        One row per term and speech, in the paragraphs' order: ``term, speech_id, frequency``, ``first_section``
        (the ordinal of the first top-level section holding it, 0 for the opening; <NA> when the speech never
        uses it), ``first_heading`` (that section's heading), ``in_heading`` (a heading of any level holds it),
        ``sections`` (the top-level sections holding it), ``of_sections`` (the speech's top-level sections, the
        opening left out) and ``share_chars`` (the 字 of the sections holding it over the speech's 字); then
        ``year`` when the paragraphs carry it (for the chart over the years).

    See Also
    --------
    lectureanalysis.section_lengths : The 字 of every section.
    diffusion : When a term first reaches each place.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": "2024", "para_id": [0, 1, 2, 3], "n_chars": [4, 6, 6, 10],
    ...     "is_heading": [False, True, True, False], "section_id": ["0", "1", "2", "2"],
    ...     "text": ["各位代表：", "一、工作回顾", "二、发展新质生产力", "加快发展新质生产力。"]})
    >>> row = la.agenda(paragraphs, "新质生产力").iloc[0]
    >>> int(row.first_section), row.first_heading, bool(row.in_heading), float(row.share_chars)
    (2, '二、发展新质生产力', True, 0.6153846153846154)
    """
    terms = check_terms(terms)
    schema.validate_paragraphs(paragraphs, ("speech_id", "text", "section_id", "is_heading"))
    texts = searched_texts(paragraphs)  # Traditional speeches in their Simplified form, as kwic searches
    top = paragraphs["section_id"].astype(str).str.split(".").str[0]
    chars = paragraphs["n_chars"] if "n_chars" in paragraphs.columns else texts.str.len()
    heading = paragraphs["is_heading"].astype(bool)
    frame = pd.DataFrame({"speech_id": paragraphs["speech_id"].to_numpy(), "top": top.to_numpy(),
                          "text": texts.to_numpy(), "chars": chars.to_numpy(), "heading": heading.to_numpy()})
    rows = []
    for speech_id, speech in frame.groupby("speech_id", sort=False):
        per_section = speech.groupby("top", sort=False)["chars"].sum()
        titles = speech[speech["heading"]].groupby("top", sort=False)["text"].first()
        total = per_section.sum()
        for term in terms:
            counts = speech["text"].map(lambda text, term=term: text.count(term))
            holding = speech.loc[counts > 0, "top"]
            sections = list(dict.fromkeys(holding))
            first = min(sections, key=int) if sections else None
            rows.append((term, speech_id, int(counts.sum()), int(first) if first is not None else pd.NA,
                         titles.get(first, "") if first is not None else "",
                         bool((counts[speech["heading"].to_numpy()] > 0).any()),
                         len([s for s in sections if s != "0"]), int((per_section.index != "0").sum()),
                         float(per_section[sections].sum() / total) if total and sections else 0.0))
    table = pd.DataFrame(rows, columns=list(AGENDA_COLUMNS))
    table["first_section"] = table["first_section"].astype("Int64")
    if "year" in paragraphs.columns:
        years = paragraphs.drop_duplicates("speech_id").set_index("speech_id")["year"]
        table["year"] = table["speech_id"].map(years)
    return table
