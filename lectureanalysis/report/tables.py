"""The report's tables written as CSV (and XLSX), with no cell a spreadsheet would run."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lectureanalysis.io.export import write_csv, write_xlsx
from lectureanalysis.report.settings import EXCEL_MAX_CELLS, SHOWN_ROWS


def _cell(value: object) -> object:
    """A table value as a reader should see it: lists joined with 、, missing values empty."""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if value is None or (not isinstance(value, (str, bytes)) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return value


@dataclass
class PartedTable:
    """A table too large to hold in one process, written a part at a time: ``parts()`` gives its parts in
    order (the Dask engine's paragraphs and concordance, read from its store)."""

    parts: Callable[[], Iterator[pd.DataFrame]]
    rows: int
    columns: int

    def __len__(self) -> int:
        return self.rows

    def frame(self) -> pd.DataFrame:
        """The whole table (for a spreadsheet: only when small)."""
        return pd.concat(list(self.parts()), ignore_index=True)


def _joined_lists(table: pd.DataFrame) -> pd.DataFrame:
    frame = table.copy()
    for column in frame.columns:  # lists are held only by object columns (never by str or number columns)
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(lambda v: "、".join(v) if isinstance(v, list) else v)
    return frame


def _write_tables(tables: Mapping[str, pd.DataFrame | PartedTable], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    excel = importlib.util.find_spec("openpyxl") is not None
    for name, table in tables.items():
        # no cell a spreadsheet would run (see lectureanalysis.export); UTF-8 with a byte-order mark
        if isinstance(table, PartedTable):
            for number, part in enumerate(table.parts()):
                write_csv(_joined_lists(part), folder / f"{name}.csv", append=number > 0)
            size = table.rows * table.columns
            frame = table.frame() if excel and size <= EXCEL_MAX_CELLS else None
        else:
            frame = _joined_lists(table)
            write_csv(frame, folder / f"{name}.csv")
        written.append(f"tables/{name}.csv")
        if excel and frame is not None and frame.size <= EXCEL_MAX_CELLS:
            write_xlsx(_joined_lists(frame), folder / f"{name}.xlsx")
            _without_timestamps(folder / f"{name}.xlsx")
    return written


_XLSX_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _without_timestamps(path: Path) -> None:
    """Make an .xlsx file depend on its contents only: openpyxl stamps the time of writing into the
    document properties and into every member of the zip."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _XLSX_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{key: _cell(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _shown(frame: pd.DataFrame | None, name: str) -> dict[str, object]:
    """The first rows of a long table for the page, and what the page says about the rest."""
    if frame is None:
        return {"rows": [], "note": "", "csv": ""}
    limit = SHOWN_ROWS[name]
    note = f"The first {limit} of {len(frame):,} rows are shown; all rows:" if len(frame) > limit else ""
    return {"rows": _records(frame.head(limit)), "note": note, "csv": f"tables/{name}.csv"}


def _repost_rows(speeches: pd.DataFrame) -> list[dict[str, object]]:
    """One row per repost: its group, the original it copies and their estimated similarity."""
    if "duplicate_of" not in speeches.columns:
        return []
    copies = speeches[speeches["duplicate_of"] != ""]
    return [{"group": int(row.duplicate_group), "original": row.duplicate_of, "repost": row.speech_id,
             "similarity": float(row.duplicate_similarity)} for row in copies.itertuples()]


def _boilerplate_rows(speeches: pd.DataFrame) -> list[dict[str, str]]:
    """Removed boilerplate, one row per distinct text (a licence footer repeated in 52 files is one row)."""
    removed = speeches[speeches["boilerplate"] != ""]
    rows = []
    for (kinds, text), group in removed.groupby(["boilerplate_kinds", "boilerplate"], sort=False):
        ids = group["speech_id"].astype(str).tolist()
        shown = ", ".join(ids[:8]) + (f" … ({len(ids)} speeches)" if len(ids) > 8 else "")
        rows.append({"speech_id": shown, "kinds": kinds, "text": text[:300] + ("…" if len(text) > 300 else "")})
    return rows
