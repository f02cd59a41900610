"""Term statistics on the token table: frequencies, n-grams, tf-idf, keyness, collocations, dispersion, trends.

Every function takes the token table of :func:`lectureanalysis.segment` (module ``segmentation``) and returns a new DataFrame with
fixed, documented columns; formulas and the variant computed are stated in each docstring (see
METHODS in the project's notes for the alternatives other tools compute). Counting is done on integer
codes with ``bincount``; punctuation tokens (the rule of :func:`lectureanalysis.segmentation.is_punctuation`)
are never features and never count as word tokens.

One contract (layouts in :mod:`lectureanalysis.schema`): grouping is ``by=`` (a token column; parts within a
speech are taken speech by speech); ``feature`` is what is counted and ``group`` the value of ``by`` a row
belongs to; ``frequency`` is a count of occurrences and ``docfreq`` the speeches holding a feature;
``exclude_stopwords`` is True by default; ``min_count`` leaves out (or does not test) the rows whose own count
is below it; bad arguments raise ``ValueError`` naming the argument.

Normalisation: ``per_10k_chars`` is per 万字 — per 10,000 字 of the group's text, 字 counted as
:func:`lectureanalysis.count_chars` counts them (CJK characters, letters and digits; masked names such as
``XX`` included) — and ``per_million_tokens`` is per million word tokens (tokens that are not punctuation,
stop words included), so that results do not hinge on the segmenter.
"""

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
