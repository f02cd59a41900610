""":func:`build_report`: the corpus loaded, segmented and counted, the figures and tables written into a new
folder that replaces the old report only when everything is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, cast

import pandas as pd

from lectureanalysis._moved import renamed_arguments
from lectureanalysis.analysis import occurrences
from lectureanalysis.analysis.collocation import MAX_COLLOCATION_WINDOW
from lectureanalysis.analysis.overview import plural
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.io.documents import MAX_BYTES
from lectureanalysis.io.manifests import Metadata
from lectureanalysis.loading.loader import load
from lectureanalysis.memory import give_back
from lectureanalysis.plot.fonts import resolve_font
from lectureanalysis.report.discovery import DISCOVERY_LIMITS, _Discovery, compute_discovery
from lectureanalysis.report.figures import (
    CONCORDANCE_PLOT_ROWS,
    ROW_CHARTS_UP_TO,
    _Drawing,
    _later_figures,
    _statistics_figures,
)
from lectureanalysis.report.folders import MARKER, ReportFolderError, check_out
from lectureanalysis.report.language import Lang, check_lang
from lectureanalysis.report.page import _Context, _method_notes, _render
from lectureanalysis.report.reading import Reading, _Reading, compute_reading
from lectureanalysis.report.settings import COLLOCATION_WINDOW, UNKNOWN, Progress, SvgText, logger
from lectureanalysis.report.statistics import (
    _cluster_tokens,
    _Compared,
    _default_title,
    _label_missing,
    _move_into,
    _on_cluster,
    _statistics,
)
from lectureanalysis.report.tables import _write_tables
from lectureanalysis.schema import check_whole
from lectureanalysis.tokens import resolve_stopwords, segment


def check_by(speeches: pd.DataFrame, by: str) -> None:
    """``by`` must name a column of the speeches table (the CLI exits 2 with this message)."""
    if by not in speeches.columns:
        available = ", ".join(c for c in speeches.columns if c not in ("boilerplate", "title_block"))
        raise ValueError(f"by: no column {by!r} in the speeches table; available: {available}")


@renamed_arguments(scheduler="client")
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
    engine: Literal["pandas", "dask"] = "pandas",
    client: object = None,
    reading: Reading = "auto",
    discovery: Reading = "auto",
    lang: Lang = "zh",
) -> Path:
    """Build the report for ``corpus`` into folder ``out`` and return the path of ``index.html``.

    ``by``: the speech column trends and formulations are counted by (``year`` by default; speeches with
    no value are labelled （未知）). ``compare`` / ``target`` / ``reference``: what keyness compares (see
    :func:`lectureanalysis.plan_comparisons`: a column, or two ``DataFrame.query`` expressions such
    as ``"year >= 2013"``; by default the collections and the last ten years against the earlier ones).
    ``terms``: the terms followed through the corpus — trends, concordance, concordance plot,
    collocations, dispersion (default: the five most frequent). ``stopwords``: as :func:`segment`.
    ``metadata``: a table or the path of a CSV/TSV/XLSX file, as :func:`load`; ``folders``: the column each
    level of sub-folder gives, as :func:`load` (``("tier", "province")``); ``max_bytes``: as :func:`load`.
    ``min_count``: keyness tests
    features with at least this many occurrences. ``window``: collocation window (word tokens each side).
    ``svg_text``: SVG text drawn as ``"path"`` (looks the same everywhere) or kept as ``"text"`` (editable;
    needs the font where it is opened). ``cache``: the token cache. ``progress``: called with a line for
    each step. ``engine="dask"``: the corpus is loaded, outlined and segmented batch by batch on a Dask
    cluster — ``client`` (a ``dask.distributed.Client``, or a scheduler's address such as
    ``tcp://host:8786``) or a LocalCluster started here — into a store; the section lengths, formulations,
    concordance and every token statistic are computed there, and this process holds no text but the few it
    shows (:mod:`lectureanalysis.engines.dask_report`). The same report as the pandas engine. ``reading``: the comparative reading (what
    changed in the latest report of a yearly series, the spread of formulations from the centre, reuse of the
    centre's sentences, agenda position), made when the corpus has a series or levels of government:
    ``"auto"`` within the sizes of :data:`lectureanalysis.report.reading.READING_LIMITS`, ``"all"`` whatever
    the size, ``"none"`` never.

    The report is written into a temporary folder beside ``out`` and moved in when complete: a re-run
    replaces ``index.html``, ``figures/`` and ``tables/`` (leaving no stale file of an earlier run) and
    leaves anything else in ``out`` alone. A figure that cannot be drawn is left out with a note in the
    page and a :class:`CorpusWarning`; it never stops the report.

    Parameters
    ----------
    corpus : str or Path
        The corpus folder (or file).
    out : str or Path
        The report folder (created, or a former report replaced).
    title : str, optional
        The page's title.
    by : str, default 'year'
        The speech column trends and formulations are counted by.
    compare : str, optional
        A column whose values keyness compares.
    target : str, optional
        A selection expression for keyness's target.
    reference : str, optional
        The reference's expression.
    terms : list of str, optional
        The terms followed (default: the five most frequent).
    stopwords : str, Path or list of str, default 'default'
        As :func:`lectureanalysis.segment`.
    metadata : DataFrame, str or Path, optional
        As :func:`lectureanalysis.load`.
    folders : sequence of str or None, optional
        As :func:`lectureanalysis.load`.
    max_bytes : int, default 200_000_000
        As :func:`lectureanalysis.load`.
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).
    min_count : int, default 5
        Keyness tests features with at least this many occurrences.
    window : int, default 5
        The collocation window, in word tokens each side.
    svg_text : {'path', 'text'}, default 'path'
        SVG text as paths (looks the same everywhere) or editable text.
    cache : bool, default True
        The token cache.
    progress : callable, optional
        Called with a line for each step.
    engine : {'pandas', 'dask'}, default 'pandas'
        Where the token statistics are counted.
    client : dask.distributed.Client or str, optional
        With ``engine='dask'``: a client or a scheduler's address (default: a LocalCluster started here).
    reading : {'auto', 'all', 'none'}, default 'auto'
        The comparative reading: within the size limits, whatever the size, or never.
    discovery : {'auto', 'all', 'none'}, default 'auto'
        The discovery section: new terms and topics up to
        :data:`lectureanalysis.report.discovery.DISCOVERY_LIMITS` speeches, whatever the size, or no section.
    lang : {'zh', 'en'}, default 'zh'
        The page's language: captions, headings, table headers, notes, method and the charts' own words (see
        :mod:`lectureanalysis.report.language` and :mod:`lectureanalysis.report.chart_words`); the corpus's
        words (terms, places, titles) stay as written.

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.

    See Also
    --------
    export_figure : One chart saved for publication.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> index = la.report.build_report("corpus/党课讲稿", out, by="speech_id", progress=lambda line: None)
    >>> index.name, sorted(p.name for p in out.iterdir())[:3]
    ('index.html', ['.lectureanalysis-report', 'figures', 'index.html'])
    """

    told = progress or (lambda message: logger.info(message))

    def say(step: str) -> None:  # each step starts with the memory the last one freed given back to the system
        give_back()
        told(step)

    out = check_out(out, corpus=corpus)
    if svg_text not in ("path", "text"):
        raise ValueError(f"svg_text: expected 'path' or 'text', got {svg_text!r}")
    check_whole("window", window, minimum=1, maximum=MAX_COLLOCATION_WINDOW)
    check_whole("min_count", min_count, minimum=1, maximum=10**9)
    if font is not None:
        resolve_font(font)  # a font that cannot be found fails here, before any work (not as figures left out)
    resolve_stopwords(stopwords)  # and so does a bad stop-word option
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine: expected 'pandas' or 'dask', got {engine!r}")
    if reading not in ("auto", "all", "none"):
        raise ValueError(f"reading: expected 'auto', 'all' or 'none', got {reading!r}")
    check_lang(lang)
    if discovery not in ("auto", "all", "none"):
        raise ValueError(f"discovery: expected 'auto', 'all' or 'none', got {discovery!r}")
    say(f"loading {corpus}")
    load_warnings: list[str] = []
    cluster: Any = None
    close: Callable[[], None] = lambda: None  # noqa: E731
    try:
        with warnings.catch_warnings(record=True) as loading:  # said to the user, and listed in the corpus section
            warnings.simplefilter("always", CorpusWarning)
            if engine == "dask":  # loaded, segmented and outlined on the workers; here without the texts
                cluster, close = _on_cluster(corpus, metadata=metadata, folders=folders, max_bytes=max_bytes,
                                             stopwords=stopwords, client=client, say=say)
                speeches, paragraphs = cluster.speeches, cluster.paragraphs
            else:
                speeches, paragraphs = load(corpus, metadata=metadata, folders=folders, max_bytes=max_bytes)
    finally:  # said also when nothing loads
        for said in loading:
            warnings.warn(said.message, said.category, stacklevel=user_stacklevel())
            if issubclass(said.category, CorpusWarning):
                load_warnings.append(str(said.message))
    try:
        _build(out, corpus, speeches, paragraphs, cluster, load_warnings, title=title, by=by, compare=compare,
               target=target, reference=reference, terms=terms, stopwords=stopwords, font=font, min_count=min_count,
               window=window, svg_text=svg_text, cache=cache, reading=reading, discovery=discovery, lang=lang,
               say=say)
    finally:
        close()
    index = out / "index.html"
    say(f"done: {index}")
    return index



def _build(out: Path, corpus: str | Path, speeches: pd.DataFrame, paragraphs: pd.DataFrame, cluster: Any,
           load_warnings: list[str], *, title: str | None, by: str, compare: str | None, target: str | None,
           reference: str | None, terms: Sequence[str] | None, stopwords: Any, font: str | None,
           min_count: int, window: int, svg_text: SvgText, cache: bool, reading: Reading, discovery: Reading,
           lang: Lang, say: Progress) -> None:
    """The report of a loaded corpus (on a Dask ``cluster``, or its tables here), built into ``out``."""
    from lectureanalysis.analysis.comparison import plan_comparisons

    check_by(speeches, by)
    with warnings.catch_warnings(record=True) as planned:
        warnings.simplefilter("always", CorpusWarning)
        plans = plan_comparisons(speeches, compare=compare, target=target, reference=reference)
    notes: list[str] = []
    for said in planned:  # said to the user, and in the page: a comparison left out or made on few speeches
        warnings.warn(str(said.message), said.category, stacklevel=user_stacklevel())
        if issubclass(said.category, CorpusWarning):
            notes.append(str(said.message)[0].upper() + str(said.message)[1:])
    raw = speeches
    speeches, paragraphs, unknown = _label_missing(speeches, paragraphs, by)
    if unknown:
        message = f"by: {plural(unknown, 'speech', 'speeches')} {'has' if unknown == 1 else 'have'} no {by}; shown as {UNKNOWN}"
        warnings.warn(message, CorpusWarning, stacklevel=user_stacklevel())
        notes.append(message)
    if cluster is not None:
        tokens, converted = _cluster_tokens(cluster, speeches, by)
    else:
        say(f"segmenting {len(paragraphs):,} paragraphs")
        tokens = segment(paragraphs, stopwords=stopwords, progress=False, cache=cache)
        converted = tokens.attrs.get("converted_to_simplified", [])
    tables, results = _statistics(tokens, speeches, paragraphs, plans, terms, by, min_count, window, notes, say,
                                  cluster=cluster, labelled=lambda part: _label_missing(raw, part, by)[1])
    frequencies, lengths, profile, _, comparisons, chosen, trends, concordance, _, _, found = results
    occurrences.forget()  # the terms are placed: the spans kept for placing them (the text joined) are let go
    if speeches["speech_id"].nunique() > ROW_CHARTS_UP_TO:
        notes.append(f"The charts with a row per speech are drawn up to {ROW_CHARTS_UP_TO} speeches; this corpus has "
                     f"{len(speeches):,}: the outline is shown as the mean share of each section by group, the "
                     f"concordance plot for the {CONCORDANCE_PLOT_ROWS} speeches with most occurrences, and every "
                     "speech's rows are in tables/section_lengths.csv and tables/concordance.csv.")
    building = _building(out)
    # the statistics' figures start in a forked process while the comparative reading and the discovery section
    # are made here (on Dask the process running the report forks no process holding its tables)
    drawing = _Drawing(building / "figures", _statistics_figures(
        font=font, frequencies=frequencies, lengths=lengths, paragraphs=paragraphs, trends=trends,
        comparisons=comparisons, concordance=concordance, terms=chosen, formulations=found, speeches=speeches,
        profile=profile, by=by, facets=next((t for name, t in tables.items() if name.startswith("trends_by_")), None),
        facet=next((name.removeprefix("trends_by_") for name in tables if name.startswith("trends_by_")), None)),
        svg_text=svg_text, font=font, lang=lang, early=cluster is None)
    try:
        _read_and_write(out, building, drawing, corpus, speeches, paragraphs, raw, cluster, tokens, tables, results,
                        notes, load_warnings, converted, title=title, by=by, terms=terms, stopwords=stopwords,
                        font=font, min_count=min_count, window=window, cache=cache, reading=reading,
                        discovery=discovery, lang=lang, say=say)
    finally:
        drawing.close()
        shutil.rmtree(building, ignore_errors=True)


def _building(out: Path) -> Path:
    """A new folder beside ``out`` to build the report in (moved in when complete)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-building-"))
        (building / MARKER).write_text("a report of lectureanalysis: index.html, figures/ and tables/ here are "
                                       "replaced when it is built again\n", encoding="utf-8")
    except OSError as exc:
        raise _not_written(out, exc) from None
    return building


def _not_written(out: Path, exc: OSError) -> ReportFolderError:
    """A full disk, a folder made read-only meanwhile: the old report is left as it was."""
    return ReportFolderError(f"out: could not write the report into {out} ({exc.strerror or exc}); "
                             f"{'the previous report there is left as it was' if (out / 'index.html').exists() else 'nothing was written'}")


def _read_and_write(out: Path, building: Path, drawing: _Drawing, corpus: str | Path, speeches: pd.DataFrame,
                    paragraphs: pd.DataFrame, raw: pd.DataFrame, cluster: Any, tokens: Any, tables: dict[str, Any],
                    results: tuple[Any, ...], notes: list[str], load_warnings: list[str], converted: Sequence[str], *,
                    title: str | None, by: str, terms: Sequence[str] | None, stopwords: Any, font: str | None,
                    min_count: int, window: int, cache: bool, reading: Reading, discovery: Reading, lang: Lang,
                    say: Progress) -> None:
    """The comparative reading and the discovery section made, and the report written into ``building``."""
    frequencies, lengths, profile, grams, comparisons, chosen, _, concordance, collocates, spread, found = results
    compared = compute_reading(speeches, paragraphs if cluster is None else
                               (lambda ids, followed: _label_missing(raw, cluster.reading_paragraphs(ids, followed), by)[1]),
                               tables["formulations"], list(terms) if terms else None, reading=reading, say=say)
    tables.update(_reading_tables(compared))
    notes.extend(compared.notes)
    # discovery needs the whole token table in one process: on Dask, made here (the same report either way) when
    # the corpus is within the sizes it is made for by default, or when asked for
    if cluster is None:
        discovery_tokens: pd.DataFrame | None = cast("pd.DataFrame", tokens)
    elif discovery == "all" or (discovery == "auto" and len(speeches) <= DISCOVERY_LIMITS["speeches"]):
        say("segmenting the texts here for the discovery section")
        discovery_tokens = segment(_label_missing(raw, cluster.everything(), by)[1], stopwords=stopwords,
                                   progress=False, cache=cache)
    else:
        discovery_tokens = None
    discovered = compute_discovery(speeches, discovery_tokens, [str(t) for t in cast("list[str]", chosen)],
                                   cast("pd.DataFrame", collocates), say=say, discovery=discovery)
    tables.update(discovered.tables())
    notes.extend(discovered.notes)
    try:
        _write_report(out, building, drawing, say, tables, font=font, frequencies=frequencies, lengths=lengths,
                      paragraphs=paragraphs, comparisons=comparisons, concordance=concordance, chosen=chosen,
                      found=found, speeches=speeches, profile=profile, by=by, title=title, corpus=corpus, grams=grams,
                      collocates=collocates, spread=spread, window=window, load_warnings=load_warnings,
                      stopwords=stopwords, min_count=min_count, converted=converted, notes=notes, reading=compared,
                      discovery=discovered, tokens=discovery_tokens, lang=lang,
                      contexts=None if cluster is None else (lambda lines: cluster.with_contexts(lines, chosen)))
    except OSError as exc:  # a full disk, a folder made read-only meanwhile: the old report is left as it was
        raise _not_written(out, exc) from None


def _write_report(out: Path, building: Path, drawing: _Drawing, say: Progress, tables: dict[str, Any], *,
                  font: str | None, frequencies: pd.DataFrame, lengths: pd.DataFrame, paragraphs: pd.DataFrame,
                  comparisons: list[_Compared], concordance: pd.DataFrame, chosen: list[str], found: pd.DataFrame,
                  speeches: pd.DataFrame, profile: pd.DataFrame, by: str, title: str | None, corpus: str | Path,
                  grams: pd.DataFrame, collocates: pd.DataFrame, spread: pd.DataFrame, window: int,
                  load_warnings: list[str], stopwords: object, min_count: int, converted: Sequence[str],
                  notes: list[str], reading: _Reading, discovery: _Discovery | None = None,
                  tokens: pd.DataFrame | None = None, lang: Lang = "zh",
                  contexts: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
    """Finish the figures ``drawing`` draws, write the tables and the page into ``building`` and move it in as
    ``out``, readable as the user's umask allows (a temporary folder is private: colleagues and web servers read
    reports)."""
    if load_warnings:
        tables["warnings"] = pd.DataFrame({"warning": load_warnings})
    table_files: list[str] = []

    def write_tables() -> None:  # while the figures are drawn in worker processes
        say(f"writing tables to {out / 'tables'}")
        table_files.extend(_write_tables(tables, building / "tables"))

    say(f"drawing figures to {out / 'figures'}")
    figures = drawing.finish(_later_figures(reading, discovery, tokens, font), write_tables)
    say("writing index.html")
    context = _Context(
        title=title or _default_title(speeches, lang), corpus=Path(corpus).resolve().name or str(corpus), by=by,
        speeches=speeches, paragraphs=paragraphs, lengths=lengths, frequencies=frequencies,
        comparisons=comparisons, formulations=found, figures=figures, profile=profile, ngrams=grams,
        terms=chosen, concordance=concordance, collocates=collocates, dispersion=spread, window=window,
        table_files=table_files, load_warnings=load_warnings, reading=reading,
        discovery=discovery or _Discovery(), notes=_method_notes(stopwords=stopwords, min_count=min_count, window=window,
                                                     converted=converted, extra=notes, lang=lang), lang=lang,
        contexts=contexts,
    )
    (building / "index.html").write_text(_render(context), encoding="utf-8")
    _with_umask(building)
    _move_into(building, out)


def _reading_tables(reading: _Reading) -> dict[str, pd.DataFrame]:
    """The comparative reading's tables, under the names of the functions that made them."""
    tables = {"changes": reading.changes, "change_summary": reading.summary, "latest_changes": reading.latest,
              "new_formulations": reading.new, "target_changes": reading.targets,
              "diffusion": reading.diffusion, "adoption": reading.adoption, "diffusion_rates": reading.rates,
              "agenda": reading.agenda, "reuse": reading.reuse, "reuse_passages": reading.passages}
    return {name: table for name, table in tables.items() if len(table)}


def _with_umask(folder: Path) -> None:
    """Give a folder made by mkdtemp (0700) and its sub-folders the mode the user's umask gives new folders."""
    mask = os.umask(0)
    os.umask(mask)
    for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        directory.chmod(0o777 & ~mask)
