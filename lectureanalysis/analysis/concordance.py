"""The concordance (KWIC) by characters, on the text itself, and term positions for the concordance plot."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis._moved import renamed_arguments
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis._kernels import _check_tokens, _types, tell_terms, term_hits
from lectureanalysis.analysis.occurrences import simplified_text
from lectureanalysis.text.collation import pinyin_key

KWIC_COLUMNS = schema.KWIC_COLUMNS
#: the characters of a context that order the lines (AntConc's R1–R3 words are about this many 字)
SORTED_CHARACTERS = 12


@renamed_arguments(pattern="terms")
def kwic(paragraphs: pd.DataFrame, terms: str | Sequence[str], *, window: int = 20, regex: bool = False,
         sort: Literal["left", "right"] | None = None) -> pd.DataFrame:
    """Concordance of ``terms`` in the paragraph texts, ``window`` characters either side (independent of
    segmentation: a term the segmenter splits is still found).

    ``terms`` is one term or a list of terms (each a regular expression with ``regex=True``); with several,
    the lines of all of them come in text order (the ``match`` column says which).

    Columns: ``speech_id, para_id, section_path, start, end, left, match, right, position`` —
    ``left``/``right`` hold up to ``window`` characters of the same paragraph; ``position`` is where the
    match stands in its speech, from 0 (first character of the body) to 1 (last), counted in characters of
    the paragraph texts in order (what a concordance plot draws). Matches do not overlap; their number
    equals ``text.count(term)`` summed over paragraphs for one plain term. A paragraph whose ``script``
    is not ``Hans`` is searched in its Simplified form (OpenCC t2s, character for character) and shown as
    written, so 发展 finds 發展 in a report of 1954. Rows come in text order, or
    sorted as AntConc sorts: ``sort="right"`` by the right context read outwards (R1, R2 …), ``"left"`` by the
    left context read from the match outwards (L1, L2 …), then by the match and text order — the contexts in
    pinyin order, as a Chinese index orders words (:func:`lectureanalysis.text.collation.pinyin_key`, the first
    12 characters; characters that are not Chinese as written, after the letters of pinyin).

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    terms : str or list of str
        What to find: one term or several (regular expressions with ``regex=True``).
    window : int, default 20
        Characters of context on each side (within the paragraph).
    regex : bool, default False
        Read ``terms`` as regular expressions.
    sort : {'left', 'right'} or None
        Sort as AntConc does, by the left or right context; text order when None.

    Returns
    -------
    DataFrame
        Columns ``speech_id, para_id, section_path, start, end, left, match, right, position``.

    See Also
    --------
    trend : The same occurrences per period.
    lectureanalysis.plot.plot_concordance : Where in each speech they fall.

    Examples
    --------
    >>> lines = la.kwic(paragraphs, "党支部", window=6)
    >>> len(lines), lines["right"].iloc[0]
    (3, '会议,与各位')
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    wanted = [terms] if isinstance(terms, str) else list(terms)
    if not wanted or not all(isinstance(t, str) and t for t in wanted):
        raise ValueError(f"terms: expected a non-empty string or a list of them, got {terms!r}")
    if sort not in (None, "left", "right"):
        raise ValueError(f"sort: expected None, 'left' or 'right', got {sort!r}")
    try:  # longest first, so that 改革开放 is one line, not 改革 and 开放
        pattern = "|".join(t if regex else re.escape(t) for t in sorted(dict.fromkeys(wanted), key=len, reverse=True))
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"terms: invalid regular expression {terms!r}: {exc}") from None
    plain = wanted[0] if not regex and len(wanted) == 1 else None  # a quick test skips most paragraphs
    records = []
    section = paragraphs["section_path"] if "section_path" in paragraphs.columns else pd.Series("", index=paragraphs.index)
    texts = paragraphs["text"].astype(str)
    lengths = texts.str.len().to_numpy()
    speech = paragraphs["speech_id"].to_numpy()
    offsets = pd.Series(lengths).groupby(speech, sort=False).cumsum().to_numpy() - lengths
    totals = pd.Series(lengths).groupby(speech, sort=False).transform("sum").to_numpy()
    traditional = (paragraphs["script"] != "Hans").to_numpy() if "script" in paragraphs.columns else np.zeros(len(texts), bool)
    for row, (speech_id, para_id, path, text) in enumerate(zip(speech, paragraphs["para_id"], section, texts, strict=True)):
        # a speech in Traditional characters is searched in its Simplified form (same length: offsets hold)
        searched = simplified_text(text) if traditional[row] else text
        if plain is not None and plain not in searched:
            continue
        for match in compiled.finditer(searched):
            if match.end() == match.start():
                continue
            records.append((speech_id, para_id, path, match.start(), match.end(),
                            text[max(0, match.start() - window):match.start()], text[match.start():match.end()],
                            text[match.end():match.end() + window],
                            (offsets[row] + match.start()) / max(1, totals[row] - 1)))
    table = pd.DataFrame(records, columns=list(KWIC_COLUMNS))
    if sort is not None and len(table):
        context = table["right"] if sort == "right" else table["left"].map(lambda s: s[::-1])
        key = context.map(lambda s: pinyin_key(s, SORTED_CHARACTERS))
        table = table.assign(_key=key).sort_values(["_key", "match"], kind="stable").drop(columns="_key")
        table = table.reset_index(drop=True)
    return table


def term_positions(tokens: pd.DataFrame, term: str, *, match: occurrences.Match = "text") -> np.ndarray:
    """Token rows (positions 0 … len − 1) where ``term`` occurs, one entry per occurrence, by ``match`` (see
    :mod:`lectureanalysis.occurrences`): with ``"text"`` the row holding each occurrence's first character,
    with ``"token"`` the term's own token rows or the first row of each run of tokens that spells it. Said in
    a :class:`TermWarning` when the two rules differ for the term, or when it never occurs."""
    _check_tokens(tokens)
    term = occurrences.check_terms(term, "term")[0]
    occurrences.check_match(match)
    codes, types, _, _ = _types(tokens)
    rows, notes = term_hits(tokens, [term], types, match, codes)
    tell_terms([term], notes, types, match)
    return rows[0]
