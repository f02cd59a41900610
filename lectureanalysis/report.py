"""The research report: one command from a corpus folder to ``DIR/index.html`` (self-contained, figures
embedded), ``DIR/figures/*.png|svg`` and ``DIR/tables/*.csv`` (and ``.xlsx`` when openpyxl is installed).

This is the only module that writes files (besides the token and font caches). Output is deterministic:
the same corpus gives the same tables byte for byte. Speech text in the HTML is escaped by Jinja2's
autoescape, never concatenated into markup.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import io
import logging
from collections.abc import Callable, Sequence
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path

import pandas as pd

from .formulations import formulations as find_formulations
from .load import load
from .stats import keyness, term_frequencies, trend
from .structure import section_lengths

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]


def build_report(
    corpus: str | Path,
    out: str | Path,
    *,
    title: str | None = None,
    by: str = "year",
    terms: Sequence[str] | None = None,
    stopwords: str | Path | Sequence[str] | None = "default",
    metadata: pd.DataFrame | None = None,
    font: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build the report for ``corpus`` into folder ``out`` and return the path of ``index.html``.

    ``by``: the speech column keyness and trends compare (``year`` by default; keyness sets the last value
    against all others). ``terms``: the terms to follow over time (default: the five most frequent).
    ``stopwords``: as :func:`segment`. ``progress``: called with a line for each step.
    """
    say = progress or (lambda message: logger.info(message))
    out = Path(out)
    say(f"loading {corpus}")
    speeches, paragraphs = load(corpus, metadata=metadata)
    say(f"segmenting {len(paragraphs):,} paragraphs")
    segment_module = importlib.import_module("lectureanalysis.segment")
    tokens = segment_module.segment(paragraphs, stopwords=stopwords, progress=False)
    say("computing statistics")
    frequencies = term_frequencies(tokens)
    lengths = section_lengths(paragraphs)
    group_values = sorted(v for v in tokens[by].dropna().unique()) if by in tokens.columns else []
    key_table = None
    keyness_caption = ""
    if len(group_values) >= 2:
        target = group_values[-1]
        key_table = keyness(tokens, target=target, by=by)
        keyness_caption = f"{by} = {target} against all other speeches (4-cell log-likelihood G², signed)."
    chosen = list(terms) if terms else frequencies["feature"].head(5).tolist()
    period = by if by in tokens.columns and tokens[by].notna().all() else "speech_id"
    trends = trend(tokens, chosen, by=period)
    found = find_formulations(paragraphs)

    say(f"writing tables to {out / 'tables'}")
    tables = {
        "speeches": speeches,
        "paragraphs": paragraphs,
        "section_lengths": lengths,
        "term_frequencies": frequencies,
        "term_frequencies_by_group": term_frequencies(tokens, by=period),
        "trends": trends,
        "formulations": found,  # _write_tables writes list columns as 、-joined text
    }
    if key_table is not None:
        tables["keyness"] = key_table
    table_files = _write_tables(tables, out / "tables")

    say(f"drawing figures to {out / 'figures'}")
    figures = _draw_figures(out / "figures", font=font, frequencies=frequencies, lengths=lengths,
                            paragraphs=paragraphs, trends=trends, key_table=key_table, tokens=tokens,
                            terms=chosen, formulations=found, speeches=speeches, by=period)

    say("writing index.html")
    html = _render(
        title=title or _default_title(speeches),
        corpus=str(corpus), by=by, speeches=speeches, paragraphs=paragraphs, lengths=lengths,
        frequencies=frequencies, key_table=key_table, keyness_caption=keyness_caption, formulations=found,
        figures=figures, table_files=table_files, stopwords=stopwords,
    )
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    say(f"done: {index}")
    return index


def _default_title(speeches: pd.DataFrame) -> str:
    if len(speeches) == 1:
        return f"{speeches.iloc[0]['title']} · 文本分析报告"
    return f"{len(speeches)} 篇讲话 · 文本分析报告"


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
        if excel:
            frame.to_excel(folder / f"{name}.xlsx", index=False)
    return written


def _draw_figures(folder: Path, *, font: str | None, frequencies: pd.DataFrame, lengths: pd.DataFrame,
                  paragraphs: pd.DataFrame, trends: pd.DataFrame, key_table: pd.DataFrame | None,
                  tokens: pd.DataFrame, terms: list[str], formulations: pd.DataFrame, speeches: pd.DataFrame,
                  by: str) -> dict[str, tuple[str, str]]:
    import matplotlib.pyplot as plt
    from PIL import Image

    from . import plot

    folder.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, tuple[str, str]] = {}
    makers: dict[str, tuple[Callable[[], object], str]] = {
        "top_terms": (lambda: plot.plot_top_terms(frequencies, font=font, title="高频词"), "The 20 most frequent terms (stop words left out)."),
        "wordcloud": (lambda: plot.plot_wordcloud(frequencies, font=font), "Word cloud of term frequencies."),
        "section_lengths": (lambda: plot.plot_section_lengths(lengths, font=font), "字 per top-level section, in the speech's order (grey: the opening)."),
        "paragraph_lengths": (lambda: plot.plot_paragraph_lengths(paragraphs, font=font), "Distribution of body paragraphs' length in 字."),
        "trends": (lambda: plot.plot_trends(trends, font=font), f"Rate per 万字 by {by}."),
        "dispersion": (lambda: plot.plot_dispersion(tokens, terms, font=font), "Where each term occurs along the corpus."),
    }
    if key_table is not None and len(key_table):
        makers["keyness"] = (lambda: plot.plot_keyness(key_table, font=font), "Over-used (blue) and under-used (red) terms of the target.")
    if len(formulations):
        makers["formulations"] = (lambda: plot.plot_formulations(formulations, speeches, by=by, font=font),
                                  f"The most used numbered formulations by {by}.")
    for name, (make, caption) in makers.items():
        ax = make()
        figure = ax.figure
        png, _ = export_figure(figure, folder, name)
        plt.close(figure)
        buffer = io.BytesIO()
        with Image.open(png) as image:  # the page shows the 300-dpi figure scaled down, not drawn again
            image.thumbnail((1400, 4000))
            image.save(buffer, format="PNG")
        drawn[name] = (base64.b64encode(buffer.getvalue()).decode("ascii"), caption)
    return drawn


def export_figure(figure: object, folder: str | Path, name: str) -> tuple[Path, Path]:
    """Save a chart for publication: ``name.png`` at 300 dpi and ``name.svg`` with its text kept as text
    (fonts named, not outlined), both without timestamps so the same chart gives the same files."""
    import matplotlib

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    figure.savefig(png, dpi=300, metadata={"Software": None})  # type: ignore[attr-defined]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lectureanalysis"}):
        figure.savefig(svg, metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    return png, svg


def _render(*, title: str, corpus: str, by: str, speeches: pd.DataFrame, paragraphs: pd.DataFrame,
            lengths: pd.DataFrame, frequencies: pd.DataFrame, key_table: pd.DataFrame | None, keyness_caption: str,
            formulations: pd.DataFrame, figures: dict[str, tuple[str, str]], table_files: list[str],
            stopwords: object) -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup, escape

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(
        resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8"))

    def figure(name: str) -> Markup:
        if name not in figures:
            return Markup("")
        data, caption = figures[name]
        return Markup(f'<figure><img alt="{escape(caption)}" src="data:image/png;base64,{data}">'
                      f"<figcaption>{escape(caption)}</figcaption></figure>")

    def date(value: object) -> str:
        return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()

    speech_rows = [dict(row, date=date(row["date"])) for row in speeches.to_dict("records")]
    titles = dict(zip(speeches["speech_id"], speeches["title"], strict=True))
    outlines = [{"title": titles[sid], "rows": rows.to_dict("records")} for sid, rows in lengths.groupby("speech_id", sort=False)]
    backend = importlib.import_module("lectureanalysis.segment").resolve_backend("auto")
    notes = [
        f"lectureanalysis {_version('lectureanalysis')}; segmentation by {backend} {_version(backend)} "
        f"({'jieba-rs, identical to jieba with the HMM off' if backend == 'rjieba' else 'a private jieba.Tokenizer'}) "
        "with the bundled dictionary of Party and government terms.",
        f"Stop words: {stopwords if isinstance(stopwords, str) else ', '.join(map(str, stopwords or []))} "
        "(layers: punctuation, function words, discourse markers; the 'official' layer of 坚持/加强/推进 is off by default).",
        "字 (n_chars) counts CJK characters, letters and digits; punctuation and whitespace are not counted; title "
        "blocks and removed boilerplate are excluded.",
        "Rates: per 万字 = frequency / 字 of the group's text × 10,000; per million tokens = frequency / word tokens "
        "(punctuation excluded) × 1,000,000.",
        "Keyness: 4-cell log-likelihood G² (AntConc's form), signed positive for over-use in the target; Hardie's "
        "log ratio with 0.5 in zero cells; Benjamini–Hochberg adjusted p; features with fewer than 5 occurrences "
        "are not tested.",
        "Outline: GB/T 9704-2012 heading levels 一、→（一）→1.→（1）, plus 第一部分, 第一， and unnumbered heading "
        "lines; a numbered line is a heading only when its number continues its level's sequence.",
        "Numbered formulations (提法): quoted, explained (即…) or known phrases shaped N个X, NXNY, V+N+X; items are "
        "read from the explanation or the 一是… run that follows.",
    ]
    rendered = template.render(
        title=title, corpus=corpus, by=by, n_speeches=len(speeches), n_chars=int(speeches["n_chars"].sum()),
        n_paragraphs=int((~paragraphs["is_heading"]).sum()), speeches=speech_rows,
        boilerplate=_boilerplate_rows(speeches),
        outlines=outlines, top_terms=frequencies.head(30).to_dict("records"),
        keyness=(key_table.head(30).to_dict("records") if key_table is not None else []),
        keyness_caption=keyness_caption,
        formulations=[dict(r, items="、".join(r["items"]), items_match="" if pd.isna(r["items_match"]) else r["items_match"])
                      for r in formulations.head(60).to_dict("records")],
        figure=figure, table_files=table_files, method_notes=notes, font_face=Markup("{font_face}"),
    )
    return rendered.replace("{font_face}", embedded_font_face(rendered), 1)


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
