"""Counts of a loaded corpus worded the same way everywhere (the report, ``lectureanalysis summary``, the
notebooks): paragraphs are counted with their headings, and the headings are named.
"""

from __future__ import annotations

import pandas as pd


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` and the noun in the right number, with thousands separated.

    >>> plural(1, "speech", "speeches"), plural(1200, "paragraph"), plural(0, "heading")
    ('1 speech', '1,200 paragraphs', '0 headings')
    """
    return f"{n:,} {singular if n == 1 else (plural_form or singular + 's')}"


def paragraph_counts(paragraphs: pd.DataFrame) -> str:
    """``7 paragraphs (1 heading, 6 body paragraphs)``: rows of the paragraph table, headings named."""
    headings = int(paragraphs["is_heading"].sum())
    total = len(paragraphs)
    return f"{plural(total, 'paragraph')} ({plural(headings, 'heading')}, {plural(total - headings, 'body paragraph')})"


def corpus_overview(speeches: pd.DataFrame, paragraphs: pd.DataFrame) -> str:
    """One line: speeches, 字 and paragraphs, e.g. ``1 speech · 1,751 字 · 7 paragraphs (1 heading, 6 body
    paragraphs)``; the 字 are those of the speeches table (body and headings).

    Parameters
    ----------
    speeches : DataFrame
        The speeches table of :func:`load` or :func:`load_speeches`.
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.

    Returns
    -------
    str
        One line of counts.

    See Also
    --------
    load : The tables it counts.

    Examples
    --------
    >>> la.corpus_overview(speeches, paragraphs)
    '1 speech · 1,751 字 · 7 paragraphs (1 heading, 6 body paragraphs)'
    """
    return (f"{plural(len(speeches), 'speech', 'speeches')} · {int(speeches['n_chars'].sum()):,} 字 · "
            f"{paragraph_counts(paragraphs)}")
