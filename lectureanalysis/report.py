"""The research report: one command from a corpus folder to ``DIR/index.html`` (self-contained, figures
embedded), ``DIR/figures/*.png|svg|pdf`` and ``DIR/tables/*.csv`` (and ``.xlsx`` for tables of up to
200,000 cells when openpyxl is installed).

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

from .errors import CorpusWarning
from .formulations import formulations as find_formulations
from .load import Metadata, load
from .reposts import THRESHOLD as REPOST_THRESHOLD
from .stats import keyness, term_frequencies, trend
from .structure import section_lengths
from .summary import corpus_overview, plural

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]
SvgText = Literal["path", "text"]

#: what the report writes into its folder; a new run replaces exactly these, nothing else there
OWNED = ("index.html", "figures", "tables")
#: the label of a missing value of the ``by`` column
UNKNOWN = "（未知）"
#: tables up to this many cells are also written as .xlsx (when openpyxl is installed); larger ones, such as
#: the paragraph table of a big corpus, only as CSV (openpyxl writes about 50,000 cells a second)
EXCEL_MAX_CELLS = 200_000
#: rows of each long table shown in the page (the CSV has them all)
SHOWN_ROWS = {"term_frequencies": 30, "keyness": 30, "formulations": 60}


def check_out(out: str | Path, *, name: str = "out") -> Path:
    """The report folder: it may exist (a previous report) but must not be a file."""
    path = Path(out)
    if not str(out).strip():
        raise ValueError(f"{name}: the path is empty; name a folder for the report")
    if path.exists() and not path.is_dir():
        raise ValueError(f"{name}: {path} is a file, not a folder")
    return path


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
    terms: Sequence[str] | None = None,
    stopwords: str | Path | Sequence[str] | None = "default",
    metadata: Metadata = None,
    font: str | None = None,
    min_count: int = 5,
    svg_text: SvgText = "path",
    cache: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Build the report for ``corpus`` into folder ``out`` and return the path of ``index.html``.

    ``by``: the speech column keyness and trends compare (``year`` by default; keyness sets the last value
    against all others; speeches with no value are labelled （未知）). ``terms``: the terms to follow over
    time (default: the five most frequent). ``stopwords``: as :func:`segment`. ``metadata``: a table or
    the path of a CSV/TSV/XLSX file, as :func:`load`. ``min_count``: keyness tests features with at least
    this many occurrences. ``svg_text``: SVG text drawn as ``"path"`` (looks the same everywhere) or kept
    as ``"text"`` (editable; needs the font where it is opened). ``cache``: the token cache.
    ``progress``: called with a line for each step.

    The report is written into a temporary folder beside ``out`` and moved in when complete: a re-run
    replaces ``index.html``, ``figures/`` and ``tables/`` (leaving no stale file of an earlier run) and
    leaves anything else in ``out`` alone. A figure that cannot be drawn is left out with a note in the
    page and a :class:`CorpusWarning`; it never stops the report.
    """
    say = progress or (lambda message: logger.info(message))
    out = check_out(out)
    if svg_text not in ("path", "text"):
        raise ValueError(f"svg_text: expected 'path' or 'text', got {svg_text!r}")
    say(f"loading {corpus}")
    speeches, paragraphs = load(corpus, metadata=metadata)
    check_by(speeches, by)
    notes: list[str] = []
    speeches, paragraphs, unknown = _label_missing(speeches, paragraphs, by)
    if unknown:
        message = f"by: {plural(unknown, 'speech', 'speeches')} {'has' if unknown == 1 else 'have'} no {by}; shown as {UNKNOWN}"
        warnings.warn(message, CorpusWarning, stacklevel=2)
        notes.append(message)
    say(f"segmenting {len(paragraphs):,} paragraphs")
    segment_module = importlib.import_module("lectureanalysis.segment")
    tokens = segment_module.segment(paragraphs, stopwords=stopwords, progress=False, cache=cache)
    say("computing statistics")
    frequencies = term_frequencies(tokens)
    lengths = section_lengths(paragraphs)
    values = _sorted_values(speeches[by])
    key_table = None
    keyness_caption = ""
    if len(values) >= 2:
        target = values[-1]
        key_table = keyness(tokens, target=target, by=by, min_count=min_count)
        keyness_caption = f"{by} = {target} against all other speeches (4-cell log-likelihood G², signed)."
    chosen = list(terms) if terms else frequencies["feature"].head(5).tolist()
    trends = trend(tokens, chosen, by=by)
    found = find_formulations(paragraphs)
    tables = {
        "speeches": speeches,
        "paragraphs": paragraphs,
        "section_lengths": lengths,
        "term_frequencies": frequencies,
        "term_frequencies_by_group": term_frequencies(tokens, by=by),
        "trends": trends,
        "formulations": found,
    }
    if key_table is not None:
        tables["keyness"] = key_table

    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-building-"))
    try:
        say(f"writing tables to {out / 'tables'}")
        table_files = _write_tables(tables, building / "tables")
        say(f"drawing figures to {out / 'figures'}")
        figures = _draw_figures(building / "figures", font=font, svg_text=svg_text, frequencies=frequencies,
                                lengths=lengths, paragraphs=paragraphs, trends=trends, key_table=key_table,
                                tokens=tokens, terms=chosen, formulations=found, speeches=speeches, by=by)
        say("writing index.html")
        context = _Context(
            title=title or _default_title(speeches), corpus=Path(corpus).resolve().name or str(corpus), by=by,
            speeches=speeches, paragraphs=paragraphs, lengths=lengths, frequencies=frequencies,
            key_table=key_table, keyness_caption=keyness_caption, formulations=found, figures=figures,
            table_files=table_files, notes=_method_notes(stopwords=stopwords, min_count=min_count,
                                                         converted=tokens.attrs.get("converted_to_simplified", []),
                                                         extra=notes),
        )
        (building / "index.html").write_text(_render(context), encoding="utf-8")
        _move_into(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    index = out / "index.html"
    say(f"done: {index}")
    return index


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
        labels = column.astype(object).map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
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
        frame.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        written.append(f"tables/{name}.csv")
        if excel and frame.size <= EXCEL_MAX_CELLS:
            frame.to_excel(folder / f"{name}.xlsx", index=False)
    return written


@dataclass
class _Figure:
    name: str
    caption: str
    png: str = ""  # base64 of the page's copy
    error: str = ""  # why it could not be drawn


def _draw_figures(folder: Path, *, font: str | None, svg_text: SvgText, frequencies: pd.DataFrame,
                  lengths: pd.DataFrame, paragraphs: pd.DataFrame, trends: pd.DataFrame,
                  key_table: pd.DataFrame | None, tokens: pd.DataFrame, terms: list[str],
                  formulations: pd.DataFrame, speeches: pd.DataFrame, by: str) -> dict[str, _Figure]:
    import matplotlib.pyplot as plt
    from PIL import Image

    from . import plot

    folder.mkdir(parents=True, exist_ok=True)
    makers: dict[str, tuple[Callable[[], object], str]] = {
        "top_terms": (lambda: plot.plot_top_terms(frequencies, font=font, title="高频词"), "The 20 most frequent terms (stop words left out), by frequency."),
        "wordcloud": (lambda: plot.plot_wordcloud(frequencies, font=font), "Word cloud of term frequencies (stop words left out)."),
        "section_lengths": (lambda: plot.plot_section_lengths(lengths, font=font), "字 per top-level section, in the speech's order (grey: the opening before the first heading)."),
        "paragraph_lengths": (lambda: plot.plot_paragraph_lengths(paragraphs, font=font), "Number of body paragraphs by length in 字 (headings left out); dashed line: the median."),
        "trends": (lambda: plot.plot_trends(trends, font=font), f"Occurrences per 万字 by {by}; the line breaks where a {by} has no speech."),
        "dispersion": (lambda: plot.plot_dispersion(tokens, terms, font=font), "Where each term occurs along the corpus, speech by speech (one tick per occurrence)."),
    }
    if key_table is not None and len(key_table):
        makers["keyness"] = (lambda: plot.plot_keyness(key_table, font=font), "Over-used (blue) and under-used (red) terms of the target (signed G²).")
    if len(formulations):
        makers["formulations"] = (lambda: plot.plot_formulations(formulations, speeches, by=by, font=font),
                                  f"The most used numbered formulations, occurrences per 万字 by {by}.")
    drawn: dict[str, _Figure] = {}
    for name, (make, caption) in makers.items():
        figure = _Figure(name, caption)
        drawn[name] = figure
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
                ax = make()
                png, _, _ = export_figure(ax.figure, folder, name, svg_text=svg_text, font=font)  # type: ignore[attr-defined]
        except Exception as exc:  # a figure must never stop the report: it is left out, with a note
            figure.error = str(exc) or type(exc).__name__
            warnings.warn(f"figure {name} could not be drawn ({figure.error}); it is left out of the report",
                          CorpusWarning, stacklevel=3)
            for stale in folder.glob(f"{name}.*"):
                stale.unlink()
            continue
        finally:
            plt.close("all")
        buffer = io.BytesIO()
        with Image.open(png) as image:  # the page shows the 300-dpi figure scaled down, not drawn again
            image.thumbnail((1400, 4000))
            image.save(buffer, format="PNG")
        figure.png = base64.b64encode(buffer.getvalue()).decode("ascii")
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


def _method_notes(*, stopwords: object, min_count: int, converted: Sequence[str], extra: Sequence[str]) -> list[str]:
    """The method section, written from the options this report was built with."""
    segment_module = importlib.import_module("lectureanalysis.segment")
    backend = segment_module.resolve_backend("auto")
    stops = segment_module.resolve_stopwords(stopwords)
    if stops.layers or stops.extra:
        parts = []
        if stops.layers:
            parts.append(f"the bundled layers {', '.join(stops.layers)}")
        if stops.extra:
            parts.append(f"{plural(len(stops.extra), 'word')} of your own")
        off = [layer for layer in segment_module.STOPWORD_LAYERS if layer not in stops.layers]
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
        "Outline: GB/T 9704-2012 heading levels 一、→（一）→1.→（1）, plus 第一部分, 第一， and unnumbered heading "
        "lines; a numbered line is a heading only when its number continues its level's sequence.",
        "Numbered formulations (提法): quoted, explained (即…) or known phrases shaped N个X, NXNY, V+N+X; items are "
        "read from the explanation or the 一是… run that follows.",
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
    key_table: pd.DataFrame | None
    keyness_caption: str
    formulations: pd.DataFrame
    figures: dict[str, _Figure]
    table_files: list[str]
    notes: list[str] = field(default_factory=list)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{key: _cell(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _shown(frame: pd.DataFrame | None, name: str) -> dict[str, object]:
    """The first rows of a long table for the page, and what the page says about the rest."""
    if frame is None:
        return {"rows": [], "note": "", "csv": ""}
    limit = SHOWN_ROWS[name]
    note = f"The first {limit} of {len(frame):,} rows are shown; all rows:" if len(frame) > limit else ""
    return {"rows": _records(frame.head(limit)), "note": note, "csv": f"tables/{name}.csv"}


def _render(context: _Context) -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup, escape

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(
        resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8"))

    def figure(name: str) -> Markup:
        if name not in context.figures:
            return Markup("")
        drawn = context.figures[name]
        if drawn.error:
            return Markup(f'<p class="missing">Figure “{escape(name)}” could not be drawn: {escape(drawn.error)}</p>')
        return Markup(f'<figure><img alt="{escape(drawn.caption)}" src="data:image/png;base64,{drawn.png}">'
                      f"<figcaption>{escape(drawn.caption)}</figcaption></figure>")

    speeches = context.speeches
    speech_rows = _records(speeches.assign(date=speeches["date"].map(
        lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat())))
    titles = dict(zip(speeches["speech_id"], speeches["title"], strict=True))
    outlines = [{"title": titles[sid], "rows": _records(rows)}
                for sid, rows in context.lengths.groupby("speech_id", sort=False)]
    formulations = context.formulations.rename(columns={"items": "items_text"})
    values = {
        "title": context.title, "corpus": context.corpus, "by": context.by,
        "overview": corpus_overview(speeches, context.paragraphs), "speeches": speech_rows,
        "boilerplate": _boilerplate_rows(speeches), "outlines": outlines,
        "reposts": _repost_rows(speeches), "repost_threshold": REPOST_THRESHOLD,
        "top_terms": _shown(context.frequencies, "term_frequencies"),
        "keyness": _shown(context.key_table, "keyness"), "keyness_caption": context.keyness_caption,
        "formulations": _shown(formulations, "formulations"),
        "figure": figure, "table_files": context.table_files, "method_notes": context.notes,
    }
    # the font is cut down to the characters of the page: render once without it to learn them, then
    # with it (user text only ever reaches the page through the template's escaping)
    draft = template.render(font_face="", **values)
    return template.render(font_face=Markup(embedded_font_face(draft)), **values)


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
