"""Section lengths: the 字 and share of each top-level section of each speech."""

from __future__ import annotations

import pandas as pd

from lectureanalysis import schema


def section_lengths(paragraphs: pd.DataFrame, *, level: int = 1) -> pd.DataFrame:
    """Length of each section at ``level`` of each speech, in 字 and paragraphs.

    Columns: ``speech_id, section_id, section_path, title, n_paragraphs, n_chars, share`` (see
    :data:`lectureanalysis.schema.SECTION_LENGTH_COLUMNS`). ``n_chars`` counts 字 as
    :func:`count_chars` does (CJK characters, letters and digits; punctuation and whitespace excluded),
    headings included; ``share`` is the section's ``n_chars`` over the speech's. Text before the first
    heading at ``level`` (the opening, or text directly under a parent heading when ``level > 1``) is its
    own row with ``title`` "" and the parent's ``section_id`` (``"0"`` for the opening), so shares add
    up to 1 per speech. Rows follow the speeches' order and the text's order.

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    level : int, default 1
        The outline level whose sections are measured.

    Returns
    -------
    DataFrame
        Columns ``speech_id, section_id, section_path, title, n_paragraphs, n_chars, share``.

    See Also
    --------
    lectureanalysis.plot.plot_section_lengths : The chart of this table.
    count_chars : The rule for 字.

    Examples
    --------
    >>> la.section_lengths(paragraphs)[["section_path", "n_chars"]].values.tolist()
    [['', 234], ['一', 1517]]
    """
    schema.validate_paragraphs(
        paragraphs, ("speech_id", "para_id", "text", "n_chars", "is_heading", "level", "section_id", "section_path")
    )
    if not isinstance(level, int) or isinstance(level, bool) or level < 1:
        raise ValueError(f"level: expected a whole number >= 1 (1 = 一、, 2 = （一）…), got {level!r}")
    if paragraphs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in schema.SECTION_LENGTH_COLUMNS})
    table = paragraphs[["speech_id", "para_id", "text", "n_chars", "is_heading", "level", "section_id", "section_path"]]
    parts = table["section_id"].str.split(".")
    keep = parts.map(lambda p: ".".join(p[:level]) if p != ["0"] else "0")
    path_parts = table["section_path"].str.split(" > ")
    paths = path_parts.map(lambda p: " > ".join(p[:level]) if p != [""] else "")
    heading_rows = table[table["is_heading"] & (table["level"] == level)]
    titles = dict(zip(zip(heading_rows["speech_id"], heading_rows["section_id"], strict=True),
                      heading_rows["text"], strict=True))
    frame = pd.DataFrame({
        "speech_id": table["speech_id"], "section_id": keep, "section_path": paths,
        "n_chars": table["n_chars"], "order": range(len(table)),
    })
    speech_order = {sid: i for i, sid in enumerate(pd.unique(table["speech_id"]))}
    grouped = frame.groupby(["speech_id", "section_id"], sort=False).agg(
        section_path=("section_path", "first"), n_paragraphs=("n_chars", "size"),
        n_chars=("n_chars", "sum"), order=("order", "min"),
    ).reset_index()
    grouped["title"] = [titles.get(key, "") for key in zip(grouped["speech_id"], grouped["section_id"], strict=True)]
    totals = grouped.groupby("speech_id")["n_chars"].transform("sum")
    grouped["share"] = (grouped["n_chars"] / totals.where(totals > 0)).fillna(0.0)
    grouped["_speech"] = grouped["speech_id"].map(speech_order)
    grouped = grouped.sort_values(["_speech", "order"], kind="stable")
    return grouped[list(schema.SECTION_LENGTH_COLUMNS)].reset_index(drop=True)
