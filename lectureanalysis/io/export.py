"""Tables written for spreadsheets, with no cell a spreadsheet would run.

A speech title, a file name or a token can begin with ``=`` (``=HYPERLINK("http://…?x="&A2,"点击")``); a spreadsheet
opening a CSV or .xlsx table would take such a cell for a formula (CSV injection, OWASP). Every table the
toolkit writes goes through :func:`write_csv` or :func:`write_xlsx`:

- CSV: a text cell beginning with one of :data:`FORMULA_START` (``=``, ``+``, ``-``, ``@``, a tab, a carriage return:
  OWASP's list) is written with an apostrophe in front, which spreadsheets show as text and do not display;
  :func:`read_csv` (``la.read_table``) takes exactly that apostrophe away again, giving back the text as it was.
  Numbers are numbers and are never changed (``-5`` in a numeric column stays ``-5``).
- .xlsx: every string is a string cell, never a formula; the text is stored as it is, with nothing added.

CSV files are UTF-8 with a byte-order mark (Excel on Chinese Windows then reads the Chinese as it is; pandas,
R and LibreOffice skip the mark) and ``\\n`` line ends.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

#: what a spreadsheet reads as the start of a formula (OWASP, CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the mark put before such a cell in a CSV file
GUARD = "'"


def neutralise(value: object) -> object:
    """A cell value as a CSV file holds it: text a spreadsheet would run gets an apostrophe in front.

    >>> neutralise('=HYPERLINK("http://x","点击")'), neutralise("讲话"), neutralise(-5)
    ('\\'=HYPERLINK("http://x","点击")', '讲话', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return GUARD + value
    return value


def restore(value: object) -> object:
    """The text :func:`neutralise` was given: one apostrophe before a formula character taken away.

    >>> restore("'=1+1"), restore("'引号"), restore("x")
    ('=1+1', "'引号", 'x')
    """
    if isinstance(value, str) and value.startswith(GUARD) and value[1:2] and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _neutralised(column: pd.Series) -> pd.Series:
    """:func:`neutralise` on every cell of a column: a column of strings tested as a whole (a table of a million
    rows has few cells to guard) and the few cells that need it changed; a column holding no string left as it
    is; a column of mixed values cell by cell."""
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "boolean", "empty", "datetime", "date",
                "timedelta", "period"):
        return column
    if kind != "string":
        return column.astype(object).map(neutralise)
    risky = column.str.startswith(FORMULA_START).to_numpy(dtype=bool, na_value=False)
    if not risky.any():
        return column
    guarded = column.astype(object)
    guarded[risky] = GUARD + column[risky].astype(str)
    return guarded


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype)
            or isinstance(frame[c].dtype, pd.CategoricalDtype)]


def write_csv(frame: pd.DataFrame, path: str | Path, *, append: bool = False) -> Path:
    """Write ``frame`` (without its index) as CSV with every text cell neutralised (see the module);
    ``append=True`` adds its rows to a file this wrote (no header, no byte-order mark): a table written a part
    at a time is the same file as the whole written at once."""
    out = frame.copy(deep=False)  # columns replaced, never changed in place (copy-on-write)
    for column in _text_columns(out):
        out[column] = _neutralised(out[column])
    header = [neutralise(str(c)) for c in out.columns]
    path = Path(path)
    if append:
        out.to_csv(path, mode="a", index=False, header=False, encoding="utf-8", lineterminator="\n")
    else:
        out.to_csv(path, index=False, header=header, encoding="utf-8-sig", lineterminator="\n")
    return path


def read_csv(path: str | Path, **options: object) -> pd.DataFrame:
    """Read a CSV table the toolkit wrote, giving every text cell back exactly (see :func:`restore`);
    ``options`` go to :func:`pandas.read_csv`.

    Parameters
    ----------
    path : str or Path
        A CSV table the toolkit wrote.
    **options
        Passed to :func:`pandas.read_csv`.

    Returns
    -------
    DataFrame
        The table, every text cell as it was before it was guarded.

    See Also
    --------
    lectureanalysis.io.export.write_csv : How the tables are written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> from lectureanalysis.io.export import write_csv
    >>> written = write_csv(pd.DataFrame({"text": ["=1+1", "改革"]}), path)
    >>> written.read_text(encoding="utf-8-sig").splitlines()
    ['text', "'=1+1", '改革']
    >>> la.read_table(path)["text"].tolist()
    ['=1+1', '改革']
    """
    frame = pd.read_csv(path, encoding="utf-8-sig", **options)  # type: ignore[arg-type]
    frame.columns = [restore(c) for c in frame.columns]
    for column in _text_columns(frame):
        frame[column] = frame[column].map(restore)
    return frame


def write_xlsx(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` (without its index) as an .xlsx sheet in which every string is a string cell: a text
    beginning with ``=`` is stored as that text, never as a formula."""
    from openpyxl import load_workbook

    path = Path(path)
    frame.to_excel(path, index=False)
    texts = [frame[c].astype(object) for c in _text_columns(frame)]
    if not any(str(c).startswith("=") for c in frame.columns) and \
            not any(column.map(lambda v: isinstance(v, str) and v.startswith("=")).any() for column in texts):
        return path  # no text openpyxl would take for a formula: the sheet is written once
    book = load_workbook(path)
    changed = False
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl takes any string starting with = for a formula
                    cell.data_type = "s"
                    changed = True
    if changed:
        book.save(path)
    return path
