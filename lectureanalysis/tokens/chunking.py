"""A token table cut at speech boundaries into chunks a few million rows long, and integer codes of a column."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

#: rows of the token table counted at a time (whole speeches): about 100 MB of temporaries
CHUNK_ROWS = 2_000_000


def speech_chunks(tokens: pd.DataFrame, rows: int = CHUNK_ROWS) -> list[pd.DataFrame]:
    """The token table in consecutive slices of about ``rows`` rows, cut only between speeches (views, not
    copies); a table of fewer rows is one slice."""
    if len(tokens) <= rows:
        return [tokens]
    bounds = [0]
    for start in speech_starts(tokens)[1:]:
        if start - bounds[-1] >= rows:
            bounds.append(int(start))
    bounds.append(len(tokens))
    return [tokens.iloc[a:b] for a, b in itertools.pairwise(bounds)]


def speech_starts(tokens: pd.DataFrame) -> np.ndarray:
    """The row where each speech of the token table begins (its rows are consecutive), the first at 0."""
    if not len(tokens):
        return np.zeros(1, np.int64)
    speech = column_codes(tokens["speech_id"])  # integer codes: no object array of 20 million names
    return np.flatnonzero(np.r_[True, speech[1:] != speech[:-1]])


def column_codes(column: pd.Series) -> np.ndarray:
    """A column's values as integer codes, in the categorical's own small type (no 8-byte copy of millions)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    return pd.factorize(column)[0]
