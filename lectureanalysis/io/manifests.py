"""Metadata from outside the text: manifests (metadata.csv/tsv/xlsx) joined on file names, further manifests
beside them, and the year and date a file name gives.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lectureanalysis.errors import (
    CorpusError,
    CorpusWarning,
    MetadataError,
    describe,
    printable,
    user_stacklevel,
)
from lectureanalysis.io.discovery import _manifest_paths
from lectureanalysis.io.readers import read_file_bytes
from lectureanalysis.structure.titleblock import (
    SPEAKER_LINE,
)
from lectureanalysis.text.decoding import decode_bytes

Metadata = pd.DataFrame | str | Path | None
#: columns a manifest may use to name the file a row describes
MANIFEST_KEYS = ("file", "source_file", "filename", "file_name", "speech_id")
#: speech columns a manifest or metadata table may set; other metadata columns are kept as extra columns
OVERRIDABLE = ("title", "subtitle", "occasion", "date", "year", "speaker", "speaker_title", "source_url", "published",
               "place", "level")
_FILENAME_DATE = re.compile(
    r"^(?P<date>(?P<y>(?:19|20)\d{2})(?:[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)"
    r"|年(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?)?)(?!\d)"
)


def metadata_from_filename(stem: str) -> dict[str, object]:
    """Read date, speaker and title from a file name written as the field does.

    Parameters
    ----------
    stem : str
        A file name without its extension.

    Returns
    -------
    dict
        The keys found among ``date, year, speaker, title``.

    See Also
    --------
    load_speeches : Where these values sit in the precedence of metadata.

    Examples
    --------
    >>> la.metadata_from_filename("2020-01-08_讲话人_标题")
    {'date': Timestamp('2020-01-08 00:00:00'), 'year': 2020, 'speaker': '讲话人', 'title': '标题'}
    >>> la.metadata_from_filename("1954政府工作报告_周恩来")
    {'year': 1954, 'speaker': '周恩来', 'title': '政府工作报告'}
    """
    out: dict[str, object] = {}
    rest = stem
    match = _FILENAME_DATE.match(stem)
    if match:
        year = int(match["y"])
        month, day = match["m"] or match["m2"], match["d"] or match["d2"]
        if month:
            with contextlib.suppress(ValueError):  # 2020-13-45 is a number in the name, not a date
                out["date"] = pd.Timestamp(year=year, month=int(month), day=int(day or 1))
        out["year"] = year
        rest = stem[match.end():]
    parts = [p.strip() for p in re.split(r"[_＿]+", rest.strip(" -_.")) if p.strip()]
    if not parts:
        return out
    name_like = [bool(re.fullmatch(r"[\u4e00-\u9fff*＊×]{2,4}", p) or SPEAKER_LINE.match(p)) for p in parts]
    if len(parts) >= 2 and name_like[0]:
        out["speaker"], out["title"] = parts[0], "_".join(parts[1:])
    elif len(parts) >= 2 and name_like[-1]:
        out["speaker"], out["title"] = parts[-1], "_".join(parts[:-1])
    elif len(parts) == 1 and name_like[0] and "year" in out:
        out["speaker"] = parts[0]
    else:
        out["title"] = "_".join(parts)
    return out


def read_metadata_table(path: str | Path) -> pd.DataFrame:
    """Read a metadata table from a ``.csv``, ``.tsv``/``.tab`` or ``.xlsx`` file, every cell as text.

    Text files are decoded like the speeches (UTF-8 with or without BOM, GB18030/GBK, Big5, UTF-16), so a
    table saved by Excel on Chinese Windows reads as it is; a ``.csv`` separated by tabs or semicolons is
    recognised. Raises :class:`MetadataError` naming the file and the problem.
    """
    path = Path(path)
    if not path.exists():
        raise MetadataError(describe(path, "no such file"))
    try:
        if path.suffix.lower() == ".xls":
            raise MetadataError(describe(path, "an Excel 97–2003 workbook (.xls) is not read; save it as .xlsx or CSV"))
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            try:
                return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
            except ImportError:
                raise MetadataError(describe(path, "reading Excel files needs openpyxl: pip install openpyxl")) from None
            except Exception as exc:  # a damaged workbook: openpyxl and zipfile raise many kinds
                raise MetadataError(describe(path, "not a readable Excel workbook (.xlsx): it is damaged, or "
                                                   f"another kind of file renamed ({type(exc).__name__}); save it "
                                                   "again from Excel, or as CSV")) from None
        text, _ = decode_bytes(read_file_bytes(path), name=path)
        first_line = text.lstrip("\ufeff").split("\n", 1)[0]
        separator = "\t" if path.suffix.lower() in (".tsv", ".tab") or "\t" in first_line else (
            ";" if first_line.count(";") > first_line.count(",") else ",")
        return pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=separator, dtype=str, keep_default_na=False)
    except MetadataError:
        raise
    except (CorpusError, OSError, ValueError) as exc:
        problem = str(exc).removeprefix(f"{printable(path)}: ")
        raise MetadataError(describe(path, f"cannot be read as a table ({problem})")) from None


def metadata_lookup(table: pd.DataFrame | Path | None, origin: str) -> dict[str, dict[str, object]]:
    if table is None:
        return {}
    if isinstance(table, Path):
        table = read_metadata_table(table)
    if not isinstance(table, pd.DataFrame):
        raise MetadataError(f"metadata: expected a pandas DataFrame or the path of a CSV, TSV or XLSX file, "
                            f"got {type(table).__name__}")
    key = next((k for k in MANIFEST_KEYS if k in table.columns), None)
    if key is None:
        raise MetadataError(
            describe(origin, f"needs a column naming the file ({', '.join(MANIFEST_KEYS)}); "
                             f"has {', '.join(map(str, table.columns))}")
        )
    lookup: dict[str, dict[str, object]] = {}
    seen: dict[str, int] = {}
    for row, record in enumerate(table.to_dict("records"), 2):  # row 1 is the header
        name = str(record.pop(key)).strip()
        if name in seen:
            warnings.warn(describe(origin, f"rows {seen[name]} and {row} both describe {name}: the later row is used"),
                          CorpusWarning, stacklevel=user_stacklevel())
        seen[name] = row
        for k in MANIFEST_KEYS:
            record.pop(k, None)
        values = {k: v for k, v in record.items() if not _missing(v)}
        for column in ("date", "year"):
            if column in values and coerce_metadata(column, values[column]) is None:
                warnings.warn(describe(origin, f"row {row} ({name}): {column} {values[column]!r} is not a "
                                               f"{'date' if column == 'date' else 'year'}; not used"),
                              CorpusWarning, stacklevel=user_stacklevel())
        if "/" in name.replace("\\", "/"):  # a path within the folder: 政府工作报告/2019.txt
            values[ROW_PATH] = name.replace("\\", "/")  # its bare name matches no file at another path
            lookup[name.replace("\\", "/")] = values
        lookup[Path(name).name] = values
        lookup.setdefault(Path(name).stem, values)
    return lookup


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def coerce_metadata(column: str, value: object) -> object:
    """A manifest value as the speech column `column` holds it (a date as a Timestamp, a year as an int)."""
    if column == "date":
        parsed = pd.to_datetime(value, errors="coerce")
        return None if pd.isna(parsed) else pd.Timestamp(parsed)
    if column == "year":
        try:
            return int(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return value if not isinstance(value, str) else value.strip()


Lookup = tuple[str, dict[str, dict[str, object]], str]  # origin, file name -> values, folder it applies to


def path_id(source_file: str, speech_id: str) -> str:
    """The id of a speech in a corpus whose file stems collide (every province has a ``2015.md``): the file's
    path relative to the corpus folder without its extension (``省级/浙江省/2010``); a document split from a
    file keeps its number (``省级/浙江省/2010-0002``)."""
    parent = Path(source_file).parent
    return speech_id if parent == Path() else f"{parent.as_posix()}/{speech_id}"


def manifest_values(name: str, lookups: Sequence[Lookup]) -> dict[str, object]:
    """The values the metadata tables give the file ``name`` (its path relative to the corpus root), in
    precedence order: each table that describes its folder, matched on the path within that folder, the
    file name or its stem."""
    values: dict[str, object] = {}
    for _, lookup, scope in lookups:
        relative = within_scope(name, scope)
        if relative is None:
            continue
        found = lookup.get(relative) or lookup.get(Path(relative).name) or lookup.get(Path(relative).stem, {})
        if found.get(ROW_PATH, relative) != relative:
            continue  # a row naming 省级/甲省/2021.md does not describe 省级/乙省/2021.md
        values.update({k: v for k, v in found.items() if k != ROW_PATH})
    return values


#: the key under which a manifest row that names a path keeps it (a row naming a path describes that file only)
ROW_PATH = "\x00path"


def within_scope(name: str, scope: str) -> str | None:
    """``name`` (a path relative to the corpus root) relative to folder ``scope``, or ``None`` outside it."""
    if not scope:
        return name
    return name[len(scope) + 1:] if name.startswith(f"{scope}/") else None


def metadata_sources(folder: Path | None, metadata: Metadata,
                      files: Sequence[Path] = ()) -> list[tuple[str, pd.DataFrame | Path, str]]:
    """The metadata tables to join, lowest precedence first, each with the folder (relative to the corpus
    root, ``""`` for all files) whose files it describes: the folder's manifest, the manifests of the
    sub-folders holding speeches (``政府工作报告/index.tsv`` describes the files in ``政府工作报告/``), then
    ``metadata`` (a table, or the path of one). Files are read when they are used, so a bad one can be
    reported."""
    sources: list[tuple[str, pd.DataFrame | Path, str]] = []
    if folder is not None:
        subfolders = sorted({parent for f in files for parent in f.parents
                             if parent != folder and folder in parent.parents}, key=lambda p: (len(p.parts), p))
        for directory in [folder, *subfolders]:
            for manifest in _manifest_paths(directory):
                scope = "" if directory == folder else Path(os.path.relpath(directory, folder)).as_posix()
                sources.append((str(manifest), manifest, scope))
    if isinstance(metadata, (str, Path)):
        path = Path(metadata)
        if not path.is_file():
            raise MetadataError(describe(path, "no such file" if not path.exists() else "is not a file"))
        sources.append((str(path), path, ""))
    elif metadata is not None:
        sources.append(("metadata", metadata, ""))
    return sources
