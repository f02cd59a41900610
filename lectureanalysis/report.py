"""The research report: one command from a corpus folder to ``DIR/index.html`` (self-contained, figures
embedded), ``DIR/figures/*.png|svg|pdf`` and ``DIR/tables/*.csv`` (and ``.xlsx`` for tables of up to
20,000 cells when openpyxl is installed).

This is the only module that writes files (besides the token and font caches). Output is deterministic:
the same corpus gives the same page and tables byte for byte. User text reaches the HTML only through the
template, escaped by Jinja2's autoescape: it is never concatenated into markup nor passed to ``str.format``.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import io
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd

from . import segmentation
from .compare import Comparison, value_label
from .errors import CorpusWarning, TermWarning
from .export import write_csv, write_xlsx
from .fonts import resolve_font
from .formulation_rules import formulations as find_formulations
from .loading import MAX_BYTES, Metadata, load
from .reposts import THRESHOLD as REPOST_THRESHOLD
from .schema import check_whole
from .segmentation import is_punctuation, wait_for_cache
from .stats import (
    KWIC_COLUMNS,
    MAX_COLLOCATION_WINDOW,
    collocations,
    dispersion,
    kwic,
    lexical_profile,
    ngrams,
    term_frequencies,
    trend,
)
from .structure import section_lengths
from .summary import corpus_overview, plural

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
SvgText = Literal["path", "text"]

#: what the report writes into its folder; a new run replaces exactly these, nothing else there
OWNED = ("index.html", "figures", "tables", ".lectureanalysis-report")
#: the label of a missing value of the ``by`` column
UNKNOWN = "（未知）"
#: tables up to this many cells are also written as .xlsx (when openpyxl is installed); larger ones (the
#: paragraph, frequency and keyness tables) only as CSV, which Excel opens too (openpyxl writes about 75,000
#: cells a second: the four large tables of the bundled corpus would add 7 s to the report)
EXCEL_MAX_CELLS = 20_000
#: rows of each long table shown in the page (the CSV has them all)
SHOWN_ROWS = {"term_frequencies": 30, "keyness": 15, "formulations": 60, "ngrams": 15, "concordance": 6,
              "collocations": 10}
#: keywords listed in the page are those with a Benjamini–Hochberg adjusted p below this
SIGNIFICANCE = 0.05
#: n-grams of each length kept in the table (the most frequent)
NGRAMS_KEPT = 200
#: word tokens on each side of a term counted as its neighbours
COLLOCATION_WINDOW = 5


#: the file that marks a folder as a report of this toolkit (its own files there may be replaced)
MARKER = ".lectureanalysis-report"
#: how a report's index.html says who wrote it (reports written before the marker are known by it)
GENERATOR = "lectureanalysis"
_SIGNATURE = re.compile(r'<meta name="generator" content="lectureanalysis|font-family: "LA CJK"|lectureanalysis \d+\.\d+')


class ReportFolderError(ValueError):
    """``out`` is not a place this toolkit may write its report into (the command line exits 2)."""


def check_out(out: str | Path, *, name: str = "out", corpus: str | Path | None = None) -> Path:
    """The report folder, checked before any work: not empty, not a file, not a filesystem root, not the
    corpus folder nor inside it (a report there would hide the corpus from the next run), writable; and when
    it exists and holds ``index.html``, ``figures/`` or ``tables/``, they must be a report of this toolkit (the
    marker file, or the signature of its ``index.html`` for reports written before the marker) — the user's
    own files of those names are never replaced."""
    path = Path(out)
    if not str(out).strip():
        raise ReportFolderError(f"{name}: the path is empty; name a folder for the report")
    if path.exists() and not path.is_dir():
        raise ReportFolderError(f"{name}: {path} is a file, not a folder")
    resolved = path.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise ReportFolderError(f"{name}: {path} is {'the root folder' if resolved == Path(resolved.anchor) else 'your home folder'}; "
                                "name a folder of its own for the report")
    if corpus is not None and Path(corpus).is_dir():
        root = Path(corpus).resolve()
        if resolved == root or root in resolved.parents:
            raise ReportFolderError(f"{name}: {path} is {'the corpus folder' if resolved == root else 'inside the corpus folder'} "
                                    f"({corpus}); write the report elsewhere, or the next run would not read the corpus")
    if path.is_dir():
        present = [n for n in OWNED if (path / n).exists() or (path / n).is_symlink()]
        if present and not _is_report(path):
            shown = ", ".join(f"{n}/" if (path / n).is_dir() else n for n in present)
            raise ReportFolderError(f"{name}: {path} holds {shown} that this toolkit did not write (no {MARKER}, no "
                                    "report signature in index.html); choose another folder or move them away")
    _check_writable(path if path.is_dir() else _existing_parent(path), name)
    return path


def _is_report(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    index = folder / "index.html"
    try:
        head = index.read_text("utf-8", errors="replace")[:200_000] if index.is_file() else ""
    except OSError:
        return False
    return bool(_SIGNATURE.search(head)) and not any((folder / n).exists() and not (folder / n).is_dir()
                                                    for n in ("figures", "tables"))


def _existing_parent(path: Path) -> Path:
    for parent in [path, *path.parents]:
        if parent.exists():
            return parent
    return Path(".")


def _check_writable(folder: Path, name: str) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".lectureanalysis-probe-"):
            pass
    except OSError as exc:
        raise ReportFolderError(f"{name}: cannot write into {folder} ({exc.strerror or exc}); choose a folder you "
                                "can write to") from None


def check_by(speeches: pd.DataFrame, by: str) -> None:
    """``by`` must name a column of the speeches table (the CLI exits 2 with this message)."""
    if by not in speeches.columns:
        available = ", ".join(c for c in speeches.columns if c not in ("boilerplate", "title_block"))
        raise ValueError(f"by: no column {by!r} in the speeches table; available: {available}")


def build_report(
    corpus: str | Path,
    out: str | Path,
    *,
    title: str | None = None,
    by: str = "year",
    compare: str | None = None,
    target: str | None = None,
    reference: str | None = None,
    terms: Sequence[str] | None = None,
    stopwords: str | Path | Sequence[str] | None = "default",
    metadata: Metadata = None,
    folders: Sequence[str | None] | None = None,
    max_bytes: int = MAX_BYTES,
    font: str | None = None,
    min_count: int = 5,
    window: int = COLLOCATION_WINDOW,
    svg_text: SvgText = "path",
    cache: bool = True,
    progress: Progress | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
) -> Path:
    """Build the report for ``corpus`` into folder ``out`` and return the path of ``index.html``.

    ``by``: the speech column trends and formulations are counted by (``year`` by default; speeches with
    no value are labelled （未知）). ``compare`` / ``target`` / ``reference``: what keyness compares (see
    :func:`lectureanalysis.compare.plan_comparisons`: a column, or two ``DataFrame.query`` expressions such
    as ``"year >= 2013"``; by default the collections and the last ten years against the earlier ones).
    ``terms``: the terms followed through the corpus — trends, concordance, concordance plot,
    collocations, dispersion (default: the five most frequent). ``stopwords``: as :func:`segment`.
    ``metadata``: a table or the path of a CSV/TSV/XLSX file, as :func:`load`; ``folders``: the column each
    level of sub-folder gives, as :func:`load` (``("tier", "province")``); ``max_bytes``: as :func:`load`.
    ``min_count``: keyness tests
    features with at least this many occurrences. ``window``: collocation window (word tokens each side).
    ``svg_text``: SVG text drawn as ``"path"`` (looks the same everywhere) or kept as ``"text"`` (editable;
    needs the font where it is opened). ``cache``: the token cache. ``progress``: called with a line for
    each step. ``engine="dask"``: the tokens are made on a Dask cluster — ``scheduler`` (an address such as
    ``tcp://host:8786``) or a LocalCluster started here — into a token store, and every token statistic is
    counted there (:mod:`lectureanalysis.distributed`); the paragraphs (outline, concordance, formulations)
    are still read here. The same report as the pandas engine.

    The report is written into a temporary folder beside ``out`` and moved in when complete: a re-run
    replaces ``index.html``, ``figures/`` and ``tables/`` (leaving no stale file of an earlier run) and
    leaves anything else in ``out`` alone. A figure that cannot be drawn is left out with a note in the
    page and a :class:`CorpusWarning`; it never stops the report.
    """
    from .compare import plan_comparisons

    say = progress or (lambda message: logger.info(message))
    out = check_out(out, corpus=corpus)
    if svg_text not in ("path", "text"):
        raise ValueError(f"svg_text: expected 'path' or 'text', got {svg_text!r}")
    check_whole("window", window, minimum=1, maximum=MAX_COLLOCATION_WINDOW)
    check_whole("min_count", min_count, minimum=1, maximum=10**9)
    if font is not None:
        resolve_font(font)  # a font that cannot be found fails here, before any work (not as figures left out)
    segmentation.resolve_stopwords(stopwords)  # and so does a bad stop-word option
    say(f"loading {corpus}")
    load_warnings: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as loading:  # said to the user, and listed in the corpus section
            warnings.simplefilter("always", CorpusWarning)
            speeches, paragraphs = load(corpus, metadata=metadata, folders=folders, max_bytes=max_bytes)
    finally:  # said also when nothing loads
        for said in loading:
            warnings.warn(said.message, said.category, stacklevel=2)
            if issubclass(said.category, CorpusWarning):
                load_warnings.append(str(said.message))
    check_by(speeches, by)
    with warnings.catch_warnings(record=True) as planned:
        warnings.simplefilter("always", CorpusWarning)
        plans = plan_comparisons(speeches, compare=compare, target=target, reference=reference)
    notes: list[str] = []
    for said in planned:  # said to the user, and in the page: a comparison left out or made on few speeches
        warnings.warn(str(said.message), said.category, stacklevel=2)
        if issubclass(said.category, CorpusWarning):
            notes.append(str(said.message)[0].upper() + str(said.message)[1:])
    speeches, paragraphs, unknown = _label_missing(speeches, paragraphs, by)
    if unknown:
        message = f"by: {plural(unknown, 'speech', 'speeches')} {'has' if unknown == 1 else 'have'} no {by}; shown as {UNKNOWN}"
        warnings.warn(message, CorpusWarning, stacklevel=2)
        notes.append(message)
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine: expected 'pandas' or 'dask', got {engine!r}")
    close: Callable[[], None] = lambda: None  # noqa: E731
    if engine == "dask":
        tokens, converted, close = _dask_tokens(corpus, speeches, paragraphs, by, stopwords, scheduler, say)
    else:
        say(f"segmenting {len(paragraphs):,} paragraphs")
        tokens = segmentation.segment(paragraphs, stopwords=stopwords, progress=False, cache=cache)
        converted = tokens.attrs.get("converted_to_simplified", [])
    try:
        tables, results = _statistics(tokens, speeches, paragraphs, plans, terms, by, min_count, window, notes, say)
    finally:
        close()
    frequencies, lengths, profile, grams, comparisons, chosen, trends, concordance, collocates, spread, found = results
    try:
        _write_report(out, say, tables, font=font, svg_text=svg_text, frequencies=frequencies, lengths=lengths,
                      paragraphs=paragraphs, trends=trends, comparisons=comparisons, concordance=concordance,
                      chosen=chosen, found=found, speeches=speeches, profile=profile, by=by, title=title,
                      corpus=corpus, grams=grams, collocates=collocates, spread=spread, window=window,
                      load_warnings=load_warnings, stopwords=stopwords, min_count=min_count, converted=converted,
                      notes=notes)
    except OSError as exc:  # a full disk, a folder made read-only meanwhile: the old report is left as it was
        raise ReportFolderError(f"out: could not write the report into {out} ({exc.strerror or exc}); "
                                f"{'the previous report there is left as it was' if (out / 'index.html').exists() else 'nothing was written'}") from None
    index = out / "index.html"
    say(f"done: {index}")
    return index


def _write_report(out: Path, say: Progress, tables: dict[str, pd.DataFrame], *, font: str | None, svg_text: SvgText,
                  frequencies: pd.DataFrame, lengths: pd.DataFrame, paragraphs: pd.DataFrame, trends: pd.DataFrame,
                  comparisons: list[_Compared], concordance: pd.DataFrame, chosen: list[str], found: pd.DataFrame,
                  speeches: pd.DataFrame, profile: pd.DataFrame, by: str, title: str | None, corpus: str | Path,
                  grams: pd.DataFrame, collocates: pd.DataFrame, spread: pd.DataFrame, window: int,
                  load_warnings: list[str], stopwords: object, min_count: int, converted: Sequence[str],
                  notes: list[str]) -> None:
    """Build the report in a folder beside ``out`` and move it in when complete, readable as the user's umask
    allows (a temporary folder is private: colleagues and web servers read reports)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-building-"))
    try:
        (building / MARKER).write_text("a report of lectureanalysis: index.html, figures/ and tables/ here are "
                                       "replaced when it is built again\n", encoding="utf-8")
        say(f"writing tables to {out / 'tables'}")
        if load_warnings:
            tables["warnings"] = pd.DataFrame({"warning": load_warnings})
        table_files = _write_tables(tables, building / "tables")
        say(f"drawing figures to {out / 'figures'}")
        figures = _draw_figures(building / "figures", font=font, svg_text=svg_text, frequencies=frequencies,
                                lengths=lengths, paragraphs=paragraphs, trends=trends, comparisons=comparisons,
                                concordance=concordance, terms=chosen, formulations=found, speeches=speeches,
                                profile=profile, by=by)
        say("writing index.html")
        context = _Context(
            title=title or _default_title(speeches), corpus=Path(corpus).resolve().name or str(corpus), by=by,
            speeches=speeches, paragraphs=paragraphs, lengths=lengths, frequencies=frequencies,
            comparisons=comparisons, formulations=found, figures=figures, profile=profile, ngrams=grams,
            terms=chosen, concordance=concordance, collocates=collocates, dispersion=spread, window=window,
            table_files=table_files, load_warnings=load_warnings, notes=_method_notes(stopwords=stopwords, min_count=min_count, window=window,
                                                         converted=converted,
                                                         extra=notes),
        )
        (building / "index.html").write_text(_render(context), encoding="utf-8")
        _with_umask(building)
        _move_into(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _with_umask(folder: Path) -> None:
    """Give a folder made by mkdtemp (0700) and its sub-folders the mode the user's umask gives new folders."""
    mask = os.umask(0)
    os.umask(mask)
    for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        directory.chmod(0o777 & ~mask)


@dataclass
class _Side:
    speeches: int
    chars: int
    tokens: int


@dataclass
class _Compared:
    plan: Comparison
    table: pd.DataFrame
    target: _Side
    reference: _Side


def _side(speeches: pd.DataFrame, tokens: object, ids: Sequence[str], table: pd.DataFrame, column: str) -> _Side:
    """A comparison side's speeches, 字 and word tokens (read from the keyness table's size_target or size_reference when it has
    rows, counted in a pandas token table otherwise)."""
    chosen = speeches["speech_id"].isin(ids)
    if len(table):
        words = int(table[column].iloc[0])
    elif isinstance(tokens, pd.DataFrame):
        words = int((tokens["speech_id"].isin(ids) & ~tokens["token"].map(is_punctuation).astype(bool)).sum())
    else:
        words = 0
    return _Side(int(chosen.sum()), int(speeches.loc[chosen, "n_chars"].sum()), words)


def _collocates(tokens: pd.DataFrame, terms: Sequence[str], window: int) -> pd.DataFrame:
    """The collocates of each term (a ``node`` column first), the term found on the text; a term that does not
    occur has none."""
    parts = []
    for term in terms:
        try:
            parts.append(collocations(tokens, term, window=window).assign(node=term))
        except ValueError:
            continue
    if not parts:
        return pd.DataFrame(columns=["node", "feature", "observed", "log_dice", "g2"])
    table = pd.concat(parts, ignore_index=True)
    return table[["node", *[c for c in table.columns if c != "node"]]]


def _statistics(tokens: object, speeches: pd.DataFrame, paragraphs: pd.DataFrame, plans: list[Comparison],
                terms: Sequence[str] | None, by: str, min_count: int, window: int, notes: list[str],
                say: Progress) -> tuple[dict[str, pd.DataFrame], tuple[object, ...]]:
    """Every table of the report, the token statistics on a pandas or a Dask token table."""
    from .compare import compare_keyness

    say("computing statistics")
    frequencies = term_frequencies(tokens)
    lengths = section_lengths(paragraphs)
    profile = lexical_profile(tokens, paragraphs)
    grams = pd.concat([ngrams(tokens, n, exclude_stopwords=True, min_count=2).head(NGRAMS_KEPT).assign(n=n)
                       for n in (2, 3, 4)], ignore_index=True)
    comparisons = []
    for plan in plans:
        try:
            table = compare_keyness(tokens, plan, min_count=min_count)
            comparisons.append(_Compared(plan, table, _side(speeches, tokens, plan.target_ids, table, "size_target"),
                                         _side(speeches, tokens, plan.reference_ids, table, "size_reference")))
        except ValueError as exc:  # a side with no word token: said in the page, never a crash
            notes.append(f"Comparison {plan.title} not made: {exc}")
    chosen = list(dict.fromkeys(terms)) if terms else frequencies["feature"].head(5).tolist()
    trends = trend(tokens, chosen, by=by)
    concordance = pd.concat([kwic(paragraphs, term, sort="right").assign(term=term) for term in chosen],
                            ignore_index=True) if chosen else pd.DataFrame(columns=["term", *KWIC_COLUMNS])
    with warnings.catch_warnings():  # a term's TermWarning was given once, by the trend
        warnings.simplefilter("ignore", TermWarning)
        collocates = _collocates(tokens, chosen, window)
        spread = dispersion(tokens, chosen)
    found = find_formulations(paragraphs)
    tables = {
        "speeches": speeches,
        "paragraphs": paragraphs,
        "section_lengths": lengths,
        "lexical_profile": profile,
        "term_frequencies": frequencies,
        "term_frequencies_by_group": term_frequencies(tokens, by=by),
        "ngrams": grams,
        "trends": trends,
        "concordance": concordance,
        "collocations": collocates,
        "dispersion": spread,
        "formulations": found,
    }
    if comparisons:
        tables["keyness"] = pd.concat([c.table.assign(comparison=c.plan.title) for c in comparisons], ignore_index=True)

    return tables, (frequencies, lengths, profile, grams, comparisons, chosen, trends, concordance, collocates,
                    spread, found)


#: how long the report waits to reach a Dask scheduler
SCHEDULER_SECONDS = 5


def _dask_tokens(corpus: str | Path, speeches: pd.DataFrame, paragraphs: pd.DataFrame, by: str, stopwords: object,
                 scheduler: str | None, say: Progress) -> tuple[object, list[str], Callable[[], None]]:
    """The corpus segmented on a Dask cluster into a temporary token store, read back with ``by`` (as the
    report labels it) on every token; and what closes the cluster and removes the store."""
    from dask.distributed import Client, LocalCluster

    from .distributed import build_store, read_store

    local = None if scheduler else LocalCluster(dashboard_address=":0")
    try:
        client = Client(scheduler or local, timeout=SCHEDULER_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ValueError(f"scheduler: cannot reach a Dask scheduler at {scheduler} within {SCHEDULER_SECONDS} s "
                         f"({type(exc).__name__}: {exc}); check the address (tcp://host:8786) and that it runs") from None
    say(f"Dask dashboard: {client.dashboard_link}")
    folder = Path(tempfile.mkdtemp(prefix="lectureanalysis-store-"))
    say(f"segmenting on the cluster into {folder}")
    options = {} if stopwords == "default" else {"stopwords": stopwords}
    store = build_store(corpus, folder / "store", client=client, **options)
    tokens = read_store(store)
    values = speeches.set_index("speech_id")[by]
    tokens = tokens.assign(**{by: tokens["speech_id"].map(values, meta=(by, values.dtype))})
    converted = segmentation.simplified_speeches(paragraphs)  # as segment() on the workers decides it

    def close() -> None:
        client.close()
        if local is not None:
            local.close()
        shutil.rmtree(folder, ignore_errors=True)

    return tokens, converted, close


def _move_into(building: Path, out: Path) -> None:
    """Replace the report's own files in ``out`` with the freshly built ones; leave the rest alone."""
    if not out.exists():
        os.rename(building, out)
        return
    for name in OWNED:
        old = out / name
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        elif old.exists() or old.is_symlink():
            old.unlink()
        os.rename(building / name, old)


def _label_missing(speeches: pd.DataFrame, paragraphs: pd.DataFrame,
                   by: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Speeches with no value of ``by`` get the label （未知） (numbers become their text), in both tables."""
    column = speeches[by]
    missing = column.isna() | (column.astype(str).str.strip() == "")
    if missing.any():
        labels = column.astype(object).map(value_label)
        speeches = speeches.assign(**{by: labels.where(~missing, UNKNOWN)})
    if missing.any() or by not in paragraphs.columns:  # the tokens are grouped by the paragraphs' column
        paragraphs = paragraphs.drop(columns=[by], errors="ignore").merge(
            speeches[["speech_id", by]], on="speech_id", how="left", validate="many_to_one")
    return speeches, paragraphs, int(missing.sum())


def _sorted_values(column: pd.Series) -> list[object]:
    """The distinct values of a column, sorted (numbers as numbers), （未知） last."""
    values = [v for v in pd.unique(column.dropna()) if v != UNKNOWN]
    try:
        ordered = sorted(values)
    except TypeError:
        ordered = sorted(values, key=str)
    return ordered + ([UNKNOWN] if (column == UNKNOWN).any() else [])


def _default_title(speeches: pd.DataFrame) -> str:
    if len(speeches) == 1:
        return f"{speeches.iloc[0]['title']} · 文本分析报告"
    return f"{len(speeches)} 篇讲话 · 文本分析报告"


def _cell(value: object) -> object:
    """A table value as a reader should see it: lists joined with 、, missing values empty."""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if value is None or (not isinstance(value, (str, bytes)) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return value


def _write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    excel = importlib.util.find_spec("openpyxl") is not None
    for name, table in tables.items():
        frame = table.copy()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(lambda v: "、".join(v) if isinstance(v, list) else v)
        # no cell a spreadsheet would run (see lectureanalysis.export); UTF-8 with a byte-order mark
        write_csv(frame, folder / f"{name}.csv")
        written.append(f"tables/{name}.csv")
        if excel and frame.size <= EXCEL_MAX_CELLS:
            write_xlsx(frame, folder / f"{name}.xlsx")
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


@dataclass
class _Figure:
    name: str
    caption: str
    png: str = ""  # base64 of the page's copy
    error: str = ""  # why it could not be drawn
    width: int = 0  # CSS pixels it is shown at: its width in inches at 96 px an inch, as a screen shows it


def _draw_figures(folder: Path, *, font: str | None, svg_text: SvgText, frequencies: pd.DataFrame,
                  lengths: pd.DataFrame, paragraphs: pd.DataFrame, trends: pd.DataFrame,
                  comparisons: list[_Compared], concordance: pd.DataFrame, terms: list[str],
                  formulations: pd.DataFrame, speeches: pd.DataFrame, profile: pd.DataFrame,
                  by: str) -> dict[str, _Figure]:
    from . import plot

    folder.mkdir(parents=True, exist_ok=True)
    makers: dict[str, tuple[Callable[[], object], str]] = {
        "section_lengths": (lambda: plot.plot_section_lengths(lengths, font=font),
                            "字 per top-level section of each speech, in the speech's order (grey: the opening before the first heading)."),
        "paragraph_lengths": (lambda: plot.plot_paragraph_lengths(paragraphs, font=font),
                              "Body paragraphs by length in 字 (headings left out); dashed line: the median."),
        "lexical_profile": (lambda: plot.plot_lexical_profile(profile, speeches, font=font),
                            "Per speech, in date order: moving-average type-token ratio (MATTR, 100-token windows) and mean sentence length in 字."),
        "top_terms": (lambda: plot.plot_top_terms(frequencies, font=font, title="高频词"),
                      "The 20 most frequent terms (stop words left out), by frequency."),
        "wordcloud": (lambda: plot.plot_wordcloud(frequencies, font=font), "Word cloud of term frequencies (stop words left out)."),
    }
    for number, compared in enumerate(comparisons, 1):
        if len(compared.table):
            makers[f"keyness_{number}"] = (
                lambda c=compared: plot.plot_keyness(c.table, font=font, target_label="目标", reference_label="参照",
                                                     title=f"关键词：{c.plan.target} / {c.plan.reference}"),
                f"Keywords of {compared.plan.target} (target, blue: over-used) against {compared.plan.reference} "
                "(reference, red: under-used in the target), by signed log-likelihood G².")
    makers["trends"] = (lambda: plot.plot_trends(trends, font=font),
                        f"Occurrences of the followed terms per 万字 by {by}; the line breaks where a {by} has no speech.")
    if len(concordance):
        makers["concordance_plot"] = (lambda: plot.plot_concordance(concordance, speeches, terms=terms, font=font),
                                      "Concordance plot: each speech (in date order) as a bar from its first to its last "
                                      "character, a tick at each occurrence of the term, the number of occurrences at the right.")
    if len(formulations):
        makers["formulations"] = (lambda: plot.plot_formulations(formulations, speeches, by=by, font=font),
                                  f"The most used numbered formulations, occurrences per 万字 by {by}.")
    _PENDING.clear()
    _PENDING.update({name: (make, folder, svg_text, font) for name, (make, _) in makers.items()})
    try:
        results = _run_figure_jobs(list(makers))
    finally:
        _PENDING.clear()
    drawn: dict[str, _Figure] = {}
    for name, (_, caption) in makers.items():
        result = results[name]
        drawn[name] = _Figure(name, caption, result.png, result.error, result.width)
        for message, category in result.warnings:
            warnings.warn(message, category, stacklevel=3)
        if result.error:
            warnings.warn(f"figure {name} could not be drawn ({result.error}); it is left out of the report",
                          CorpusWarning, stacklevel=3)
    return drawn


#: the figures being drawn, by name (read by the worker processes, which inherit it when forked)
_PENDING: dict[str, tuple[Callable[[], object], Path, SvgText, str | None]] = {}


def _run_figure_jobs(names: list[str]) -> dict[str, _Drawn]:
    """Draw the pending figures: in forked worker processes where the platform forks safely (Linux), one per
    core, else one after the other. Each returns its page copy (base64 PNG) or why it failed."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from .parallel import resolve_workers

    workers = min(resolve_workers(None, size=len(names), threshold=2), len(names))
    if workers > 1 and sys.platform == "linux":
        try:
            wait_for_cache()  # no thread of ours runs while the process forks
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return dict(zip(names, pool.map(_draw_figure, names), strict=True))
        except (OSError, RuntimeError) as exc:  # no processes to be had: draw them here
            logger.info("drawing figures in this process (%s)", exc)
    return {name: _draw_figure(name) for name in names}


@dataclass
class _Drawn:
    png: str = ""  # base64 of the page's copy
    error: str = ""  # why it could not be drawn
    width: int = 0  # CSS pixels
    warnings: list[tuple[str, type[Warning]]] = field(default_factory=list)  # said while drawing it


def _draw_figure(name: str) -> _Drawn:
    """Draw one pending figure, save it in every format and return its page copy, or why it failed, with
    the warnings said on the way (a worker process cannot say them to the user itself)."""
    import matplotlib.pyplot as plt
    from PIL import Image

    make, folder, svg_text, font = _PENDING[name]
    drawn = _Drawn()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        try:
            ax = make()
            drawn.width = round(float(ax.figure.get_figwidth()) * 96)  # type: ignore[attr-defined]
            png, _, _ = export_figure(ax.figure, folder, name, svg_text=svg_text, font=font)  # type: ignore[attr-defined]
        except Exception as exc:  # a figure must never stop the report: it is left out, with a note
            for stale in folder.glob(f"{name}.*"):
                stale.unlink()
            drawn.error = str(exc) or type(exc).__name__
        finally:
            plt.close("all")
    drawn.warnings = [(str(w.message), w.category) for w in caught]
    if drawn.error:
        return drawn
    buffer = io.BytesIO()
    with Image.open(png) as image:  # the page shows the 300-dpi figure scaled down, not drawn again
        image.thumbnail((1400, 6000))
        image.save(buffer, format="PNG")
    drawn.png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return drawn


def export_figure(figure: object, folder: str | Path, name: str, *, svg_text: SvgText = "path",
                  font: str | None = None) -> tuple[Path, Path, Path]:
    """Save a chart for publication: ``name.png`` at 300 dpi, ``name.svg`` and ``name.pdf``, without
    timestamps, so the same chart gives the same files.

    The SVG draws its text as paths by default, so it looks the same on a machine without the CJK font
    (``svg_text="text"`` keeps it as editable text, which then needs the font); the PDF embeds a subset
    of the font (TrueType fonts as Type 42, OpenType/CFF fonts such as Noto Sans CJK as Type 3), as
    journals ask. ``font``: the font the chart was drawn with, as given to ``plot_*``.
    """
    import matplotlib

    from .fonts import resolve_font

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg, pdf = folder / f"{name}.png", folder / f"{name}.svg", folder / f"{name}.pdf"
    figure.savefig(png, dpi=300, metadata={"Software": None})  # type: ignore[attr-defined]
    fonttype = "none" if svg_text == "text" else "path"
    with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "lectureanalysis"}):
        figure.savefig(svg, metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    with matplotlib.rc_context({"pdf.fonttype": 42 if resolve_font(font).has_truetype_outlines else 3}):
        figure.savefig(pdf, metadata={"CreationDate": None, "Creator": None, "Producer": None})  # type: ignore[attr-defined]
    return png, svg, pdf


def _method_notes(*, stopwords: object, min_count: int, window: int, converted: Sequence[str],
                  extra: Sequence[str]) -> list[str]:
    """The method section, written from the options this report was built with."""
    backend = segmentation.resolve_backend("auto")
    stops = segmentation.resolve_stopwords(stopwords)
    if stops.layers or stops.extra:
        parts = []
        if stops.layers:
            parts.append(f"the bundled layers {', '.join(stops.layers)}")
        if stops.extra:
            parts.append(f"{plural(len(stops.extra), 'word')} of your own")
        off = [layer for layer in segmentation.STOPWORD_LAYERS if layer not in stops.layers]
        stop_note = f"Stop words: {' and '.join(parts)}" + (f" (not used: {', '.join(off)})." if off else ".")
    else:
        stop_note = "Stop words: none (every token is counted, punctuation included)."
    notes = [
        f"lectureanalysis {_version('lectureanalysis')}; segmentation by {backend} {_version(backend)} "
        f"({'jieba-rs, identical to jieba with the HMM off' if backend == 'rjieba' else 'a private jieba.Tokenizer'}) "
        "with the bundled dictionary of Party and government terms.",
        stop_note,
        "字 (n_chars) counts CJK characters, letters and digits; punctuation and whitespace are not counted; title "
        "blocks and removed boilerplate are excluded. Paragraphs are counted with headings; body paragraphs without.",
        "Rates: per 万字 = frequency / 字 of the group's text × 10,000; per million tokens = frequency / word tokens "
        "(punctuation excluded) × 1,000,000.",
        "Keyness: 4-cell log-likelihood G² (AntConc's form), signed positive for over-use in the target; Hardie's "
        f"log ratio with 0.5 in zero cells; Benjamini–Hochberg adjusted p; features with fewer than "
        f"{plural(min_count, 'occurrence')} in target and reference together are not tested.",
        "Lexical profile: word tokens exclude punctuation and include stop words; TTR = types / tokens; MATTR "
        "(Covington & McFall 2010) = the mean TTR over every window of 100 consecutive word tokens (quanteda's "
        "MATTR_window = 100); mean sentence length = 字 of the body paragraphs / their sentences (a sentence ends "
        "at 。！？!?… or at the paragraph's end).",
        "Concordance (KWIC): the term searched in the paragraph texts by characters, whatever the segmentation "
        "(speeches in Traditional characters are searched in their OpenCC t2s form and shown as written); "
        "lines sorted by the right context; the concordance plot places each occurrence at its character "
        "offset in the speech's body, from 0 (start) to 1 (end).",
        "Terms followed (trends, dispersion, concordance, the collocations' node): each is counted where its "
        "characters stand in the text — non-overlapping matches read left to right (Python's str.count), in "
        "every paragraph, headings included, speeches in Traditional characters in their t2s form — so the "
        "trend, the dispersion table and the concordance count the same occurrences, also where the segmenter "
        "keeps the term inside a longer word (小康 in 全面建成小康社会) or splits it (四个 + 现代化). Rates divide by "
        "the 字 of the same text. Vocabulary-wide tables (frequent terms, keyness, n-grams) count tokens.",
        f"Collocations: word tokens within {window} positions on either side of the term's occurrence, inside "
        "one paragraph, punctuation and stop words neither counted nor filling positions; the windows joined and "
        "each position counted once (Evert's surface co-occurrence), the term's own tokens left out. O = the "
        "collocate's tokens in the windows, W = positions in the windows, R = occurrences of the term, C = "
        "frequency of the collocate, N = word tokens other than stop words; E = C·W/N; logDice = 14 + "
        "log2(2O/(R + C)); G² (4-cell, signed) on [[O, W − O], [C − O, N − W − C + O]]; collocates occurring "
        "fewer than 3 times with the term are not listed.",
        "n-grams: 2 to 4 consecutive word tokens of one paragraph, stop words removed first, never across "
        "punctuation; those occurring at least twice.",
        "Dispersion: range = speeches holding the term; Juilland's D = 1 − V/√(n − 1) with V the coefficient of "
        "variation of the term's rate per 字 over the n speeches; Gries's DP = ½ Σ |v_i/f − s_i| with s_i the "
        "speech's share of the corpus's 字 (0: even, 1: in one place).",
        "Outline: GB/T 9704-2012 heading levels 一、→（一）→1.→（1）, plus 第一部分, 第一， and unnumbered heading "
        "lines; a numbered line is a heading only when its number continues its level's sequence.",
        "Numbered formulations (提法): quoted, explained (即…) or known phrases shaped N个X, NXNY, V+N+X, and "
        "N个/N项/N大 + one of the genre's head nouns wherever it stands (四个现代化, 两个大局); the number "
        "counts items (2–20), so years, dates, ordinals (第十条, 二线) and counts of years in a row (九二共识, "
        "十二连增) are left out, and Party congresses (十九大, 党的十二大) and five-year plans (十四五) are "
        "designations of their own kind. Counting rule: N for N个X, NX, V+N+X; the sum of differing numerals "
        "(两学一做 3), N for a repeated one (三严三实 3); a part naming the whole is no item (五位一体 5, 一国两制 2); "
        "一个中心、两个基本点 is one formulation (3). Items are read from the explanation, the 一是… run after a "
        "sentence the formulation closes or in the next paragraph, or the numbered sub-headings that follow. "
        "Measured (benchmarks/formulations.py) on lawtext-gov, 874 reports the rules were not written on: strict "
        "precision 100 % of 207 hand-labelled rows drawn before tuning and 39 of 40 rows the tuning added; recall "
        "97.4 % of the 7,608 places of 43 well-known formulations.",
    ]
    if converted:
        notes.append("Speeches converted from Traditional to Simplified characters for the statistics: "
                     f"{', '.join(map(str, converted))} (OpenCC t2s; their text in the tables is as written).")
    else:
        notes.append("No speech is written in Traditional characters: none was converted.")
    return notes + list(extra)


@dataclass
class _Context:
    title: str
    corpus: str
    by: str
    speeches: pd.DataFrame
    paragraphs: pd.DataFrame
    lengths: pd.DataFrame
    frequencies: pd.DataFrame
    comparisons: list[_Compared]
    formulations: pd.DataFrame
    figures: dict[str, _Figure]
    profile: pd.DataFrame
    ngrams: pd.DataFrame
    terms: list[str]
    concordance: pd.DataFrame
    collocates: pd.DataFrame
    dispersion: pd.DataFrame
    window: int
    table_files: list[str]
    load_warnings: list[str] = field(default_factory=list)  # what loading the corpus said, each in full
    notes: list[str] = field(default_factory=list)


def _split_warning(message: str) -> dict[str, str]:
    """A loading warning as (file, problem) for the corpus section's table: the file is what stands before the
    first ``": "`` when that names a path, else the problem is the whole message."""
    head, sep, tail = message.partition(": ")
    if sep and ("/" in head or "." in head) and len(head) < 300:
        return {"file": head, "problem": tail}
    return {"file": "", "problem": message}


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{key: _cell(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _shown(frame: pd.DataFrame | None, name: str) -> dict[str, object]:
    """The first rows of a long table for the page, and what the page says about the rest."""
    if frame is None:
        return {"rows": [], "note": "", "csv": ""}
    limit = SHOWN_ROWS[name]
    note = f"The first {limit} of {len(frame):,} rows are shown; all rows:" if len(frame) > limit else ""
    return {"rows": _records(frame.head(limit)), "note": note, "csv": f"tables/{name}.csv"}


class _Numbers:
    """Figure and table numbers, given in the order the page shows them."""

    def __init__(self) -> None:
        self.counts = {"Figure": 0, "Table": 0}

    def next(self, kind: str) -> int:
        self.counts[kind] += 1
        return self.counts[kind]


def _render(context: _Context) -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup, escape

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(
        resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8"))

    def values() -> dict[str, object]:
        numbers = _Numbers()

        def figure(name: str) -> Markup:
            if name not in context.figures:
                return Markup("")
            drawn = context.figures[name]
            if drawn.error:
                return Markup(f'<p class="missing">Figure “{escape(name)}” could not be drawn: {escape(drawn.error)}</p>')
            number = numbers.next("Figure")
            return Markup(f'<figure id="figure-{number}"><img alt="{escape(drawn.caption)}" '
                          f'style="width: {drawn.width}px" src="data:image/png;base64,{drawn.png}"><figcaption><b>Figure {number}.</b> '
                          f'{escape(drawn.caption)} <a href="figures/{escape(name)}.png">PNG</a> · '
                          f'<a href="figures/{escape(name)}.svg">SVG</a> · <a href="figures/{escape(name)}.pdf">PDF</a>'
                          "</figcaption></figure>")

        def caption(text: str) -> Markup:
            number = numbers.next("Table")
            return Markup(f'<caption id="table-{number}"><b>Table {number}.</b> {escape(text)}</caption>')

        speeches = context.speeches
        speech_rows = _records(speeches.assign(date=speeches["date"].map(
            lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat())))
        titles = dict(zip(speeches["speech_id"], speeches["title"], strict=True))
        outlines = [{"speech_id": sid, "title": titles[sid], "rows": _records(rows),
                     "sections": int((rows["section_id"] != "0").sum()), "chars": int(rows["n_chars"].sum())}
                    for sid, rows in context.lengths.groupby("speech_id", sort=False)]
        formulations = context.formulations.rename(columns={"items": "items_text"})
        profile = context.profile.merge(speeches[["speech_id", "collection", "year"]], on="speech_id", how="left")
        comparisons = [{
            "title": c.plan.title, "target": c.plan.target, "reference": c.plan.reference, "figure": f"keyness_{i}",
            "small": c.plan.small,
            "target_side": c.target, "reference_side": c.reference,
            "over": _records(c.table[(c.table["g2"] > 0) & (c.table["p_adj"] < SIGNIFICANCE)].head(SHOWN_ROWS["keyness"])),
            "under": _records(c.table[(c.table["g2"] < 0) & (c.table["p_adj"] < SIGNIFICANCE)]
                              .sort_values("g2", kind="stable").head(SHOWN_ROWS["keyness"])),
            "n_over": int(((c.table["g2"] > 0) & (c.table["p_adj"] < SIGNIFICANCE)).sum()),
            "n_under": int(((c.table["g2"] < 0) & (c.table["p_adj"] < SIGNIFICANCE)).sum()),
            "tested": len(c.table),
        } for i, c in enumerate(context.comparisons, 1)]
        lines = {term: _records(rows.head(SHOWN_ROWS["concordance"]))
                 for term, rows in context.concordance.groupby("term", sort=False)}
        counts = context.concordance.groupby("term", sort=False).size().to_dict()
        collocates = {term: _records(rows.head(SHOWN_ROWS["collocations"]))
                      for term, rows in context.collocates.groupby("node", sort=False)}
        return {
            "title": context.title, "corpus": context.corpus, "by": context.by, "version": _version("lectureanalysis"),
            "overview": corpus_overview(speeches, context.paragraphs), "speeches": speech_rows,
            "collections": speeches["collection"].replace("", "（top folder）").value_counts(sort=False).to_dict()
            if "collection" in speeches.columns else {},
            "boilerplate": _boilerplate_rows(speeches), "outlines": outlines,
            "reposts": _repost_rows(speeches), "repost_threshold": REPOST_THRESHOLD,
            "load_warnings": [_split_warning(m) for m in context.load_warnings],
            "profile": _records(profile),
            "top_terms": _shown(context.frequencies, "term_frequencies"),
            "ngrams": {n: _records(rows.head(SHOWN_ROWS["ngrams"])) for n, rows in context.ngrams.groupby("n")},
            "comparisons": comparisons, "terms": context.terms, "window": context.window,
            "kwic": lines, "kwic_counts": counts, "collocates": collocates,
            "dispersion": _records(context.dispersion),
            "formulations": _shown(formulations, "formulations"),
            "figure": figure, "caption": caption, "table_files": context.table_files, "method_notes": context.notes,
        }

    # the font is cut down to the characters of the page: render once without it to learn them, then
    # with it (user text only ever reaches the page through the template's escaping)
    draft = template.render(font_face="", **values())
    return template.render(font_face=Markup(embedded_font_face(draft)), **values())


def embedded_font_face(html: str, font: str | None = None) -> str:
    """A ``@font-face`` rule carrying the resolved CJK font, cut down to the characters of ``html`` (a few
    hundred KB as WOFF), so the report's text renders in any browser, with or without Chinese fonts."""
    from fontTools import subset

    from .fonts import resolve_font

    resolved = resolve_font(font)
    characters = {ord(c) for c in html if not c.isascii()} | set(range(0x20, 0x7F))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # plain horizontal CJK text needs no OpenType features
    options.hinting = False
    options.notdef_outline = True
    font_object = subset.load_font(str(resolved.path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font_object)
    buffer = io.BytesIO()
    subset.save_font(font_object, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "LA CJK"; src: url(data:font/woff;base64,{data}) format("woff"); }}'



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


def _version(name: str) -> str:
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "?"
