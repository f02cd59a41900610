"""Named terms counted where the text says them: the counting rule every term-taking statistic shares.

The rule (``match="text"``, the default wherever a user names terms): a term's occurrences are the
non-overlapping matches of its characters, found left to right — what ``str.count`` counts and what a reader
checks with Ctrl-F — in the text the concordance (:func:`lectureanalysis.kwic`) searches: every paragraph of
the table, headings included, a paragraph whose ``script`` is not ``Hans`` in its Simplified form (OpenCC
t2s, character for character). So ``trend``, ``dispersion``, ``keyness(terms=)`` and ``collocations`` count
小康 76 times in the bundled reports, as ``kwic`` shows 76 lines — also where the segmenter keeps it inside a
longer word (全面建成小康社会) or splits it (四个现代化 → 四个 + 现代化).

Each occurrence is placed on the token row that holds its first character, so it belongs to that token's
speech, paragraph, section and group, and counts only where that token is in the table (a filtered table
counts the occurrences that start in its rows). The denominators stay the 字 of the same rows (tokens and
masked names, body and headings).

``match="token"`` counts tokens instead: the rows whose token is the term, or, for a term the segmenter
splits, each run of consecutive tokens of one paragraph that spells it. That answers another question ("how
often is this a word of its own") and is what vocabulary-wide tables (term lists, keyness of all types,
tf-idf, the DFM) count.

On a token table linked to its paragraphs (:func:`lectureanalysis.segment`'s) the paragraph texts are
searched; on a table without the link (a Dask partition, a table read back from Parquet) each paragraph's
text is rebuilt from its tokens and masks, which give it back exactly.
"""

from __future__ import annotations

import itertools
import warnings
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from lectureanalysis.errors import TermWarning, user_stacklevel
from lectureanalysis.text.script import convert_script
from lectureanalysis.tokens import linking

Match = Literal["text", "token"]
MATCHES = ("text", "token")
#: between two paragraphs' texts when they are searched as one string: no term can hold it
SEPARATOR = "\x00"
#: how many of the longer tokens holding a term a warning names
NAMED_HOLDERS = 5


def check_match(match: str) -> str:
    if match not in MATCHES:
        raise ValueError(f"match: expected 'text' (count where the text says the term) or 'token' (count tokens), "
                         f"got {match!r}")
    return match


def check_terms(terms: str | Sequence[str], argument: str = "terms") -> list[str]:
    """The terms as a list of non-empty strings (a single string is one term)."""
    found = [terms] if isinstance(terms, str) else list(terms)
    for term in found:
        if not isinstance(term, str) or not term:
            raise ValueError(f"{argument}: expected non-empty strings, got {term!r}")
        if SEPARATOR in term:
            raise ValueError(f"{argument}: {term!r} holds a NUL character")
    return found


def in_simplified(scripts: pd.Series | None, n: int) -> np.ndarray:
    """Which paragraphs are searched in their Simplified form: those whose ``script`` is not ``Hans``
    (the concordance's rule; a table without ``script`` is searched as written)."""
    if scripts is None:
        return np.zeros(n, dtype=bool)
    return (scripts != "Hans").to_numpy(dtype=bool, na_value=False)



def searched_texts(paragraphs: pd.DataFrame) -> pd.Series:
    """The paragraph texts as the concordance searches them: Simplified where :func:`in_simplified` says so
    (character for character, so offsets hold), else as written."""
    texts = paragraphs["text"].astype(str)
    convert = in_simplified(paragraphs["script"] if "script" in paragraphs.columns else None, len(paragraphs))
    return texts.where(~convert, texts[convert].map(simplified_text)) if convert.any() else texts

@dataclass
class Occurrences:
    """One term's occurrences in a token table: the token row holding each one's first character (a row
    once per occurrence it starts), and for each whether it is the token itself (0), lies inside a longer
    token (1) or runs over several tokens (2); ``holder`` is the token's code (a type index)."""

    rows: np.ndarray
    kind: np.ndarray
    holder: np.ndarray
    last: np.ndarray  # the row holding each occurrence's last character


EXACT, INSIDE, ACROSS = 0, 1, 2


def find(tokens: pd.DataFrame, terms: Sequence[str], types: Sequence[str], *,
         codes: np.ndarray | None = None) -> list[Occurrences]:
    """Each term's :class:`Occurrences` in ``tokens`` (rows as positions, 0 … len − 1), by the rule above."""
    if codes is None:
        codes = tokens["token"].cat.codes.to_numpy()
    codes = np.asarray(codes, dtype=np.int64)
    n = len(codes)
    if n == 0 or not terms:
        return [_empty() for _ in terms]
    joined, order, starts, ends = _spans(tokens, codes, types)
    names = np.asarray(types, dtype=object)
    found = []
    for term in terms:
        positions = _positions(joined, term).astype(starts.dtype)  # searched in an array of their own type (no copy)
        at = np.searchsorted(starts, positions, side="right") - 1
        inside_row = (at >= 0) & (positions < ends[np.maximum(at, 0)])
        positions, at = positions[inside_row], at[inside_row]
        rows = at if order is None else order[at]
        holder = codes[rows]
        within = positions + len(term) <= ends[at]
        exact = within & (names[holder] == term) if len(holder) else within
        kind = np.where(exact, EXACT, np.where(within, INSIDE, ACROSS)).astype(np.int8)
        last = np.searchsorted(starts, positions + len(term) - 1, side="right") - 1
        last = last if order is None else order[last]
        sort = np.argsort(rows, kind="stable")
        found.append(Occurrences(rows[sort], kind[sort], holder[sort], last[sort]))
    return found


def _spans(tokens: pd.DataFrame, codes: np.ndarray, types: Sequence[str]
           ) -> tuple[str, np.ndarray | None, np.ndarray, np.ndarray]:
    """The searched text (paragraphs joined by :data:`SEPARATOR`), the token rows in text order (``None``: the
    rows are in text order already) and their spans (int32 while the text is shorter than 2³¹ characters);
    kept for the last token table asked about, so the terms of a report (trend, concordance plot, collocations,
    dispersion each ask) are placed without rebuilding them (seconds on millions of tokens): :func:`forget`
    lets them go."""
    key = _span_key(tokens, types)
    cached = _SPANS.get("last")
    if cached is not None and cached[0] == key and cached[1]() is tokens:
        return cached[2]
    type_length = np.fromiter((len(t) for t in types), dtype=np.int64, count=len(types))
    mask_before, mask_after = _mask_lengths(tokens, "mask"), _mask_lengths(tokens, "mask_after")
    paragraphs = linking.linked(tokens)
    if paragraphs is not None and "text" in paragraphs.columns:
        texts, order, starts, ends = _linked_spans(tokens, paragraphs, type_length[codes], mask_before, mask_after)
    else:
        texts, order, starts, ends = _rebuilt_spans(tokens, codes, types, type_length, mask_before, mask_after)
    joined = SEPARATOR.join(texts)
    del texts
    if len(joined) < np.iinfo(np.int32).max:
        starts, ends = starts.astype(np.int32), ends.astype(np.int32)
    found = (joined, order, starts, ends)
    try:
        _SPANS["last"] = (key, weakref.ref(tokens), found)
    except TypeError:  # not weakly referable: not kept
        _SPANS.pop("last", None)
    return found


def _span_key(tokens: pd.DataFrame, types: Sequence[str]) -> tuple[object, ...]:
    """What the spans depend on: the table, where its token codes and offsets live (a column replaced in place
    moves them), its linked paragraph table, and the vocabulary."""
    paragraphs = linking.linked(tokens)
    where = [_address(tokens[column]) if column in tokens.columns else None for column in ("token", "start", "mask")]
    names = id(tokens["token"].cat.categories) if isinstance(tokens["token"].dtype, pd.CategoricalDtype) else None
    return (id(tokens), len(tokens), *where, names, id(paragraphs), None if paragraphs is None else len(paragraphs),
            len(types), types[0] if len(types) else None, types[-1] if len(types) else None)


def _address(column: pd.Series) -> int:
    """Where a column's values live (a categorical's codes), to tell a column replaced in place."""
    if isinstance(column.dtype, pd.CategoricalDtype):  # the Categorical the frame holds (its codes are copied out)
        return id(column.array)
    values = column.to_numpy()
    return int(values.__array_interface__["data"][0]) if isinstance(values, np.ndarray) and values.dtype != object \
        else id(column.array)


#: the spans of the last token table searched (see :func:`_spans`)
_SPANS: dict[str, tuple[tuple[object, ...], weakref.ref, tuple[str, np.ndarray | None, np.ndarray, np.ndarray]]] = {}


def forget() -> None:
    """Let go of the spans kept for the last token table searched (its text joined, and two positions a
    token: hundreds of MB on a collection of millions of tokens), as a report does once its terms are placed."""
    _SPANS.clear()


def _empty() -> Occurrences:
    return Occurrences(np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _positions(text: str, term: str) -> np.ndarray:
    """Where the non-overlapping matches of ``term`` begin in ``text``, left to right (``str.count``'s)."""
    out, at, step = [], text.find(term), len(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + step)
    return np.asarray(out, dtype=np.int64)


def _mask_lengths(tokens: pd.DataFrame, column: str) -> np.ndarray | None:
    if column not in tokens.columns:
        return None
    values = tokens[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        lengths = np.fromiter((len(str(c)) for c in values.cat.categories), dtype=np.int64,
                              count=len(values.cat.categories))
        codes = values.cat.codes.to_numpy()
        masked = np.flatnonzero(codes >= 0)  # few rows hold a mask: look only at those
        if not len(masked):
            return None
        out = np.zeros(len(codes), dtype=np.int64)
        out[masked] = lengths[codes[masked]]
    else:
        out = np.asarray(values.fillna("").astype(str).str.len().to_numpy(dtype=np.int64), dtype=np.int64)
    return out if out.any() else None


def _linked_spans(tokens: pd.DataFrame, paragraphs: pd.DataFrame, token_length: np.ndarray,
                  mask_before: np.ndarray | None, mask_after: np.ndarray | None
                  ) -> tuple[list[str], np.ndarray | None, np.ndarray, np.ndarray]:
    """The texts of the paragraphs the token rows come from (each once, searched as :func:`kwic` searches
    it), the token rows in text order, and each one's span (where its characters begin — its mask first —
    and end) in the texts joined by :data:`SEPARATOR`."""
    run_rows, run_of_token = linking.runs(tokens)
    present, run_paragraph = np.unique(run_rows.to_numpy(), return_inverse=True)  # over runs, not token rows
    texts = paragraphs["text"].astype(str).to_numpy()[present].tolist()
    convert = in_simplified(paragraphs["script"] if "script" in paragraphs.columns else None, len(paragraphs))[present]
    for i in np.flatnonzero(convert):
        texts[i] = simplified_text(texts[i])
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    offset = (np.cumsum(lengths) - lengths)[run_paragraph][run_of_token]
    start = tokens["start"].to_numpy().astype(np.int64)
    begin = offset + start
    end = begin + token_length
    if mask_before is not None:
        begin -= mask_before
    if mask_after is not None:
        end += mask_after
    if len(begin) < 2 or bool((begin[1:] >= begin[:-1]).all()):  # already in text order (segment's tables are)
        return texts, None, begin, end
    order = np.argsort(begin, kind="stable")
    return texts, order, begin[order], end[order]


def _rebuilt_spans(tokens: pd.DataFrame, codes: np.ndarray, types: Sequence[str], type_length: np.ndarray,
                   mask_before: np.ndarray | None, mask_after: np.ndarray | None
                   ) -> tuple[list[str], np.ndarray | None, np.ndarray, np.ndarray]:
    """As :func:`_linked_spans`, each paragraph's text rebuilt from its tokens and masks in order (a table
    with a ``script`` column: paragraphs not in ``Hans`` searched in their Simplified form)."""
    speech = pd.factorize(tokens["speech_id"])[0]
    para = tokens["para_id"].to_numpy()
    change = np.r_[True, (speech[1:] != speech[:-1]) | (para[1:] != para[:-1])]
    run_starts = np.flatnonzero(change)
    pieces = np.asarray(types, dtype=object)[codes].tolist()
    for column, lengths, before in (("mask", mask_before, True), ("mask_after", mask_after, False)):
        if lengths is None:
            continue
        values = tokens[column].astype(str).to_numpy()
        for row in np.flatnonzero(lengths):
            pieces[row] = values[row] + pieces[row] if before else pieces[row] + values[row]
    bounds = np.r_[run_starts, len(codes)]
    texts = ["".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
    if "script" in tokens.columns:
        convert = in_simplified(tokens["script"].iloc[run_starts].reset_index(drop=True), len(run_starts))
        for i in np.flatnonzero(convert):
            simplified = simplified_text(texts[i])
            if len(simplified) == len(texts[i]):
                texts[i] = simplified
    width = type_length[codes] + (mask_before if mask_before is not None else 0) \
        + (mask_after if mask_after is not None else 0)
    separators = np.zeros(len(codes), dtype=np.int64)
    separators[run_starts[1:]] = 1  # one before each paragraph but the first
    begin = np.cumsum(width) - width + np.cumsum(separators)
    end = begin + width
    return texts, None, begin, end


def token_runs(tokens: pd.DataFrame, term: str, codes: np.ndarray, types: Sequence[str]) -> np.ndarray:
    """``match="token"``: the rows whose token is ``term``, or for a term the segmenter splits, the first row
    of each run of consecutive tokens of one paragraph that spells it."""
    lookup = {t: i for i, t in enumerate(types)}
    if term in lookup:
        return np.flatnonzero(codes == lookup[term])
    names = np.asarray(types, dtype=object)
    prefixes = [i for i, t in enumerate(types) if t and term.startswith(t)]
    starts = np.flatnonzero(np.isin(codes, prefixes))
    paragraph = pd.factorize(pd.MultiIndex.from_arrays([tokens["speech_id"], tokens["para_id"]]))[0]
    found = []
    for start in starts:
        spelled, end = "", start
        while end < len(codes) and len(spelled) < len(term) and paragraph[end] == paragraph[start]:
            spelled += names[codes[end]]
            end += 1
        if spelled == term:
            found.append(start)
    return np.asarray(found, dtype=np.int64)


def tell(term: str, counted: tuple[int, dict[int, int], int], types: Sequence[str], *, match: str,
         token_count: int | None = None) -> None:
    """One :class:`TermWarning` for a term whose count depends on the rule: it lies inside longer tokens,
    runs over several tokens, or never occurs."""
    total, holders, across = counted
    if total == 0:
        where = "in the text" if match == "text" else "in these tokens, as one token or as a run of tokens"
        warnings.warn(f"{term!r} does not occur {where}", TermWarning, stacklevel=user_stacklevel())
        return
    if match == "token" or (not holders and (not across or token_count == total)):
        return  # the count does not hang on the rule (a split term whose runs are all found is no news)
    inside = sum(holders.values())
    named = sorted(holders.items(), key=lambda item: (-item[1], types[item[0]]))
    listed = ", ".join(f"{types[code]} {count:,}" for code, count in named[:NAMED_HOLDERS])
    more = f" and {len(named) - NAMED_HOLDERS:,} more" if len(named) > NAMED_HOLDERS else ""
    parts = []
    if inside:
        parts.append(f"{inside:,} inside longer tokens ({listed}{more})")
    if across:
        parts.append(f"{across:,} over several tokens")
    tokens_said = f"; counting tokens (match='token') gives {token_count:,}" if token_count is not None else ""
    warnings.warn(f"{term!r}: {total:,} occurrences counted on the text, {' and '.join(parts)}{tokens_said}",
                  TermWarning, stacklevel=user_stacklevel())


def spelled_by(term: str, types: Sequence[str]) -> str:
    """How a term the segmenter splits is spelled by tokens of the vocabulary, longest first piece first
    (``四个 + 现代化``); the term itself when no such spelling exists."""
    known = set(types)

    def spell(rest: str) -> list[str] | None:
        if not rest:
            return []
        for cut in range(len(rest), 0, -1):
            if rest[:cut] in known:
                tail = spell(rest[cut:])
                if tail is not None:
                    return [rest[:cut], *tail]
        return None

    pieces = spell(term) if len(term) <= 40 else None
    return " + ".join(pieces) if pieces else term


@lru_cache(maxsize=65_536)
def simplified_text(text: str) -> str:
    """A paragraph in Traditional characters in its Simplified form, remembered: a concordance is searched
    again and again (the explorer's search box) over the same paragraphs."""
    return convert_script(text)
