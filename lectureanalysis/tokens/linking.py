"""Paragraph columns on demand for the slim token table.

A token row carries only what identifies the token (speech and paragraph keys, position, token code, stop
flag, offset, masks). The paragraph table it was segmented from is linked in ``tokens.attrs["paragraphs"]``;
a paragraph column — ``year``, ``speaker``, ``section_path``, a metadata column — is looked up there when a
statistic groups by it, never repeated on millions of rows. The link survives filtering and slicing (pandas
carries ``attrs`` along), and :func:`with_columns` materialises columns for whoever wants the wide table.

The lookup goes by (``speech_id``, ``para_id``): the token rows come in runs of one paragraph, so only one key
per run is looked up, and a grouping is factorised over those runs, not over the token rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

#: the key in ``tokens.attrs`` that holds the paragraph table's link
ATTR = "paragraphs"
#: paragraph columns never repeated on token rows (text and offsets), even with ``segment(columns="all")``
NOT_CARRIED = ("text", "start", "end", "n_chars")


class ParagraphLink(str):
    """A reference to the paragraph table a token table came from.

    pandas deep-copies ``attrs`` on every operation that makes a new frame; a link copies as itself, so a
    filtered token table points at the same paragraph table and nothing is copied. A column added in place to
    that paragraph table (``paragraphs["decade"] = …``) can be grouped by at once. It is a string — the
    table's description — so that writing the token table (``to_parquet``, ``to_json``) stores the
    description, not a warning that ``attrs`` cannot be written; a table read back has no link.
    """

    table: pd.DataFrame

    def __new__(cls, table: pd.DataFrame) -> ParagraphLink:
        speeches = table["speech_id"].nunique() if "speech_id" in table.columns else 0
        link = super().__new__(cls, f"linked paragraph table: {len(table):,} paragraphs of {speeches:,} speeches")
        link.table = table
        return link

    def __copy__(self) -> ParagraphLink:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> ParagraphLink:
        return self

    def __reduce__(self) -> tuple[object, tuple[pd.DataFrame]]:
        return ParagraphLink, (self.table,)

    def __eq__(self, other: object) -> bool:  # the same table, not the same description
        return other is self

    def __ne__(self, other: object) -> bool:
        return other is not self

    __hash__ = str.__hash__


def link(tokens: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Link ``tokens`` to ``paragraphs`` (in place) and return it."""
    tokens.attrs[ATTR] = ParagraphLink(paragraphs)
    return tokens


def linked(tokens: pd.DataFrame) -> pd.DataFrame | None:
    """The paragraph table linked to ``tokens``, or ``None``."""
    found = tokens.attrs.get(ATTR) if isinstance(tokens, pd.DataFrame) else None
    return found.table if isinstance(found, ParagraphLink) else None


def has_column(tokens: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` is a token column or a column of the linked paragraph table."""
    if column in tokens.columns:
        return True
    table = linked(tokens)
    return table is not None and column in table.columns


def require(tokens: pd.DataFrame, column: str, argument: str = "by") -> None:
    """Raise naming ``argument`` unless ``column`` is a token column or one of the linked paragraph table."""
    if not has_column(tokens, column):
        raise ValueError(f"{argument}: {missing_message(tokens, column)}")


def missing_message(tokens: pd.DataFrame, column: str) -> str:
    table = linked(tokens)
    where = (f"nor of the linked paragraph table (has {', '.join(map(str, table.columns))})" if table is not None
             else "and no paragraph table is linked to it (segment() links the one it was given)")
    return (f"{column!r} is not a column of the token table {where}; a speech column can be merged onto the "
            "paragraphs on speech_id (before or after segment())")


def runs(tokens: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """The paragraph-table rows the token rows come from: ``(row of each run, run of each token)``, a run being
    consecutive token rows of one paragraph."""
    table = linked(tokens)
    if table is None:
        raise ValueError("tokens: no paragraph table is linked to this token table")
    speech, speech_names = _factor(tokens["speech_id"])  # in their own small integer types: no 8-byte copies
    para = tokens["para_id"].to_numpy()
    n = len(speech)
    if n == 0:
        return pd.Series([], dtype=np.int64), np.zeros(0, np.int64)
    change = speech[1:] != speech[:-1]
    change |= para[1:] != para[:-1]
    starts = np.flatnonzero(np.r_[True, change])
    del change
    width = int(max(para.max(), table["para_id"].max() if len(table) else 0)) + 1
    run_keys = speech[starts].astype(np.int64) * width + para[starts]
    table_speech = pd.Categorical(table["speech_id"], categories=speech_names).codes.astype(np.int64)
    table_keys = pd.Index(np.where(table_speech >= 0, table_speech * width + table["para_id"].to_numpy(), -1))
    if not table_keys.is_unique:
        raise ValueError("paragraph table: (speech_id, para_id) repeats; a paragraph must appear once")
    rows = table_keys.get_indexer(run_keys)
    if (rows < 0).any():
        lost = starts[rows < 0]
        raise ValueError(f"tokens: {len(lost)} paragraph(s) are not in the linked paragraph table, the first "
                         f"{speech_names[speech[lost[0]]]!r} paragraph {para[lost[0]]}")
    lengths = np.diff(np.r_[starts, n])
    return pd.Series(rows), np.repeat(np.arange(len(starts), dtype=np.int32 if len(starts) < 2**31 else np.int64),
                                      lengths)


def paragraph_rows(tokens: pd.DataFrame) -> np.ndarray:
    """Each token row's row in the linked paragraph table."""
    rows, run_of_token = runs(tokens)
    return rows.to_numpy()[run_of_token]


def _factor(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories
    codes, names = pd.factorize(column)
    return codes.astype(np.int64), pd.Index(names)


def by_run(tokens: pd.DataFrame, column: str) -> tuple[pd.Series, np.ndarray | slice]:
    """``column`` per run of one paragraph's tokens, and each token row's run (an index into the first); for a
    token column, the column itself and ``slice(None)``."""
    if column in tokens.columns:
        return tokens[column].reset_index(drop=True), slice(None)
    table = linked(tokens)
    if table is None or column not in table.columns:
        raise ValueError(missing_message(tokens, column))
    rows, run_of_token = runs(tokens)
    return table[column].take(rows.to_numpy()).reset_index(drop=True), run_of_token


def values(tokens: pd.DataFrame, column: str) -> pd.Series:
    """``column`` on every token row (aligned with ``tokens``' index); a linked paragraph column is repeated
    here (see :func:`repeat`)."""
    if column in tokens.columns:
        return tokens[column]
    per_run, run_of_token = by_run(tokens, column)
    return pd.Series(repeat(per_run, np.asarray(run_of_token)), index=tokens.index, name=column)


def repeat(column: pd.Series, rows: np.ndarray) -> object:
    """``column``'s values at ``rows`` (a paragraph's value once per token), in a type cheap for millions of
    rows: strings and dates as categoricals (small codes), whole numbers in the smallest integer type that
    holds them (a heading level in int8, a year in int16)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(column.cat.codes.to_numpy()[rows], dtype=column.dtype)
    if column.dtype == object or pd.api.types.is_string_dtype(column.dtype) \
            or pd.api.types.is_datetime64_any_dtype(column.dtype):
        categorical = pd.Categorical(column)
        return pd.Categorical.from_codes(categorical.codes[rows], dtype=categorical.dtype)
    values = column.array
    if isinstance(values, pd.arrays.IntegerArray) and not values.isna().any():
        return _narrow(values.to_numpy(dtype=np.int64))[rows]
    if pd.api.types.is_integer_dtype(column.dtype) and isinstance(values, np.ndarray | pd.arrays.NumpyExtensionArray):
        return _narrow(column.to_numpy())[rows]
    if isinstance(values, np.ndarray) or hasattr(values, "_ndarray"):
        return column.to_numpy()[rows]
    return values.take(rows)


def _narrow(values: np.ndarray) -> np.ndarray:
    """Whole numbers in the smallest integer type that holds them."""
    if not len(values):
        return values
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= values.min() and values.max() <= info.max:
            return values.astype(dtype)
    return values


def wanted_columns(table: pd.DataFrame, columns: str | Iterable[str], present: Iterable[str] = ()) -> list[str]:
    """The paragraph columns ``columns`` names — names, or ``"all"`` (every one but ``text, start, end,
    n_chars``) — less those ``present`` already; a name that is in neither is an error naming it."""
    names = [c for c in table.columns if c not in NOT_CARRIED] if isinstance(columns, str) and columns == "all" \
        else ([columns] if isinstance(columns, str) else list(columns))
    present = set(present)
    unknown = [c for c in names if c not in table.columns and c not in present]
    if unknown:
        raise ValueError(f"columns: {', '.join(map(repr, unknown))} not in the paragraph table "
                         f"(has {', '.join(map(str, table.columns))}); or pass 'all'")
    return [c for c in names if c not in present]


def with_columns(tokens: pd.DataFrame, columns: str | Iterable[str] = "all", *,
                 paragraphs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The token table with paragraph columns repeated on every row — the wide table, for ``groupby`` and
    plotting by hand. ``columns``: names, or ``"all"`` (every paragraph column but ``text, start, end,
    n_chars``); ``paragraphs``: the table to take them from (default: the one linked by segment()), linked to
    the result. Strings come as categoricals.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    columns : str or list of str, default 'all'
        Names, or ``'all'`` (every paragraph column but ``text, start, end, n_chars``).
    paragraphs : DataFrame, optional
        The table to take them from (default: the one :func:`segment` linked).

    Returns
    -------
    DataFrame
        The token table with those columns added on every row.

    See Also
    --------
    segment : The slim table this widens.

    Examples
    --------
    >>> la.with_columns(tokens, ["section_path"])["section_path"].iloc[0]
    ''
    """
    table = paragraphs if paragraphs is not None else linked(tokens)
    if table is None:
        raise ValueError("with_columns: no paragraph table is linked to these tokens; pass paragraphs=")
    out = tokens.copy(deep=False)
    link(out, table)
    wanted = wanted_columns(table, columns, present=out.columns)
    if wanted:
        rows = paragraph_rows(out)  # found once for all the columns
        for column in wanted:
            out[column] = repeat(table[column], rows)
    return out
