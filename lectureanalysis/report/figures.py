"""The report's figures: drawn in worker processes when there are many, saved as PNG, SVG and PDF."""

from __future__ import annotations

import base64
import io
import pickle
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.report.chart_words import figure_in_english
from lectureanalysis.report.discovery import _Discovery
from lectureanalysis.report.reading import _Reading
from lectureanalysis.report.settings import SvgText, logger
from lectureanalysis.report.statistics import _Compared
from lectureanalysis.report.summaries import most_hits
from lectureanalysis.tokens.cache import wait_for_cache


@dataclass
class _Figure:
    name: str
    caption: str
    png: str = ""  # base64 of the page's copy
    error: str = ""  # why it could not be drawn
    width: int = 0  # CSS pixels it is shown at: its width in inches at 96 px an inch, as a screen shows it


#: the speeches a concordance plot of a corpus too large for a row per speech draws (those with most hits)
CONCORDANCE_PLOT_ROWS = 40
#: the formulations the report follows over time, a panel each
FORMULATION_PANELS = 6
#: groups of speeches the section-share chart of a large corpus draws at most (a bar each)
SECTION_GROUPS = 40


def section_group(speeches: pd.DataFrame) -> str | None:
    """The speech column that groups a large corpus's outlines: ``collection``, ``place`` or ``level``, the first
    with two to :data:`SECTION_GROUPS` values; ``None`` when none has."""
    for column in ("collection", "place", "level"):
        if column in speeches.columns and 2 <= speeches[column].nunique() <= SECTION_GROUPS:
            return column
    return None


#: the charts with a row or a bar per speech (section lengths, the concordance plot) are drawn up to this many
#: speeches: beyond, a chart 30 inches tall is read by no one and costs a minute to draw (874 reports: 70 s);
#: their tables (section_lengths.csv, concordance.csv) hold everything
ROW_CHARTS_UP_TO = 200


def _statistics_figures(*, font: str | None, frequencies: pd.DataFrame, lengths: pd.DataFrame,
                        paragraphs: pd.DataFrame, trends: pd.DataFrame, comparisons: list[_Compared],
                        concordance: pd.DataFrame, terms: list[str], formulations: pd.DataFrame,
                        speeches: pd.DataFrame, profile: pd.DataFrame, by: str, facets: pd.DataFrame | None = None,
                        facet: str | None = None) -> dict[str, tuple[Callable[[], object], str]]:
    """The figures of the statistics (all but the comparative reading's and the discovery section's): what draws
    each, and its caption, by name."""
    from lectureanalysis import plot

    rows = speeches["speech_id"].nunique() <= ROW_CHARTS_UP_TO  # charts with a row per speech are readable
    group = section_group(speeches)
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
    if facets is not None and len(facets):
        makers["trends"] = (lambda: plot.plot_panels(facets, line="facet", font=font, title="词语使用趋势（每万字）"),
                            f"Occurrences of each followed term per 万字 by {by}, a panel per term and a line per "
                            f"{facet} (each {facet}'s own 字); a line breaks where a {by} has no speech of that {facet}.")
    elif len(trends):
        makers["trends"] = (lambda: plot.plot_panels(trends, font=font, title="词语使用趋势（每万字）"),
                            f"Occurrences of each followed term per 万字 by {by}, a panel per term (each with its own "
                            f"scale); the line breaks where a {by} has no speech.")
    if not rows:
        del makers["section_lengths"]
        if group is not None:
            makers["section_shares"] = (
                lambda: plot.plot_section_shares(lengths, speeches, by=group, font=font),
                f"The outline of the speeches of each {group}: the mean share of a speech's 字 in its opening and in "
                "its first, second … top-level section (the corpus has too many speeches for a bar each; every "
                "section of every speech is in tables/section_lengths.csv).")
    if len(concordance):
        shown = speeches if rows else most_hits(concordance, speeches, CONCORDANCE_PLOT_ROWS)
        lines = concordance if rows else concordance[concordance["speech_id"].isin(shown["speech_id"])]
        makers["concordance_plot"] = (
            lambda: plot.plot_concordance(lines, shown, terms=terms, font=font),
            "Concordance plot: each speech (in date order) as a bar from its first to its last character, a tick at "
            "each occurrence of the term, the number of occurrences at the right" + (
                "." if rows else f"; the {len(shown)} speeches holding the followed terms most often, of "
                f"{speeches['speech_id'].nunique():,} (every line of every speech in tables/concordance.csv)."))
    rates = plot.formulation_rates(formulations, speeches, by=by, top=FORMULATION_PANELS) if len(formulations) else None
    if rates is not None and len(rates):
        makers["formulations"] = (lambda: plot.plot_panels(rates, font=font, title="数字化提法的使用（每万字）"),
                                  f"The {rates['feature'].nunique()} most used numbered formulations (提法), occurrences "
                                  f"per 万字 by {by}, a panel each (each with its own scale).")
    return makers


def _later_figures(reading: _Reading | None, discovery: _Discovery | None, tokens: pd.DataFrame | None,
                   font: str | None) -> dict[str, tuple[Callable[[], object], str]]:
    """The comparative reading's and the discovery section's figures."""
    makers = _reading_figures(reading, font) if reading is not None else {}
    if discovery is not None and tokens is not None:
        makers.update(_discovery_figures(discovery, tokens, font))
    return makers


class _Drawing:
    """The report's figures being drawn: with ``early``, those of the statistics start at once in a forked
    process (:class:`_EarlyDrawer`) while this one makes the comparative reading and the discovery section;
    :meth:`finish` adds those sections' figures and draws what is left on every core."""

    def __init__(self, folder: Path, makers: dict[str, tuple[Callable[[], object], str]], *, svg_text: SvgText,
                 font: str | None, lang: str, early: bool) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.svg_text, self.font, self.lang = folder, svg_text, font, lang
        self.makers = dict(makers)
        _PENDING.clear()
        _PENDING.update({name: (make, folder, svg_text, font, lang) for name, (make, _) in makers.items()})
        self.early = _EarlyDrawer.start(_slowest_first(list(makers))) if early and len(makers) else None

    def finish(self, later: dict[str, tuple[Callable[[], object], str]],
               meanwhile: Callable[[], None] | None = None) -> dict[str, _Figure]:
        """Draw ``later`` and whatever the early process has not begun (``meanwhile`` runs here as they are
        drawn) and return every figure, in the order given."""
        self.makers.update(later)
        _PENDING.update({name: (make, self.folder, self.svg_text, self.font, self.lang)
                         for name, (make, _) in later.items()})
        try:
            left = self.early.stop() if self.early is not None else list(self.makers)
            results = _run_figure_jobs([*[name for name in left if name not in later], *later], meanwhile)
            if self.early is not None:
                results.update(self.early.collect())
                self.early = None
            for name in self.makers:  # the early process did not finish one (killed): drawn here
                if name not in results:
                    results[name] = _draw_figure(name)
        finally:
            _PENDING.clear()
        drawn: dict[str, _Figure] = {}
        for name, (_, caption) in self.makers.items():
            result = results[name]
            drawn[name] = _Figure(name, caption, result.png, result.error, result.width)
            for message, category in result.warnings:
                warnings.warn(message, category, stacklevel=user_stacklevel())
            if result.error:
                warnings.warn(f"figure {name} could not be drawn ({result.error}); it is left out of the report",
                              CorpusWarning, stacklevel=user_stacklevel())
        return drawn

    def close(self) -> None:
        """Stop the early process (the report failed before :meth:`finish`)."""
        if self.early is not None:
            self.early.stop()
            self.early.collect()


def _reading_figures(reading: _Reading, font: str | None) -> dict[str, tuple[Callable[[], object], str]]:
    """The comparative reading's figures, those it has tables for."""
    from lectureanalysis import plot

    makers: dict[str, tuple[Callable[[], object], str]] = {}
    a, b = reading.pair
    if len(reading.summary):
        makers["change_summary"] = (
            lambda: plot.plot_change_summary(reading.summary, font=font, title=f"{a} → {b}：各部分的变化（句数）"),
            f"What changed from {a} to {b}: the sentences of each top-level section by label (kept, numbers only, "
            "reworded, moved, new; dropped sentences under the section they stood in).")
    if len(reading.adoption):
        makers["adoption"] = (lambda: plot.plot_adoption(reading.adoption, font=font),
                              f"Share of places other than the centre ({reading.centre}) that have used each formulation, by year.")
    if len(reading.rates):
        makers["diffusion"] = (lambda: plot.plot_diffusion(reading.rates, font=font),
                               f"Rate of “{reading.terms[0]}” per 万字, by place and year (the centre first, then the places "
                               "in the order of their first use; blank: no speech that year).")
    if len(reading.agenda) and reading.agenda["first_section"].notna().any():
        makers["agenda"] = (lambda: plot.plot_agenda(reading.agenda, font=font),
                            f"The top-level section of each of the centre's speeches that first holds “{reading.terms[0]}” "
                            "(section 1 at the top; filled: a heading names it).")
    if len(reading.reuse):
        makers["reuse"] = (lambda: plot.plot_reuse(reading.reuse, font=font),
                           "Share of each local speech's 字 in sentences repeating a sentence of the centre's speech of the "
                           "same or the previous year (formula sentences and sentences under 12 字 left out), by place and year.")
    return makers


def _discovery_figures(found: _Discovery, tokens: pd.DataFrame, font: str | None,
                       ) -> dict[str, tuple[Callable[[], object], str]]:
    """The discovery section's figures, those it has tables for."""
    from lectureanalysis import plot
    from lectureanalysis.plot.discovery import strongest

    makers: dict[str, tuple[Callable[[], object], str]] = {}
    if len(found.emergence) and len(strongest(found.emergence)):
        makers["emergence"] = (lambda: plot.plot_emergence(found.emergence, tokens, font=font),
                               "The terms rising (top row) and falling (bottom row) most clearly over the years: their "
                               "rate per 万字 each year (points), the fitted Poisson trend (line) and its change points "
                               "(dashed); the rate ratio per year in each title.")
    if found.topics is not None and len(found.topics.periods):
        makers["topics"] = (lambda: plot.plot_topics(found.topics, font=font),  # type: ignore[arg-type]
                            "Each topic's share of the words of each year (per cent), topics labelled with their "
                            "three top words and their coherence (NPMI).")
    if found.network is not None:
        makers["collocation_network"] = (
            lambda: plot.plot_collocation_network(found.network, font=font),
            f"Collocation network of {'、'.join(found.nodes)}: each term's ten strongest collocates by logDice "
            "(wider line: stronger); circles sized by frequency.")
    return makers


#: the figures being drawn, by name (read by the worker processes, which inherit it when forked)
_PENDING: dict[str, tuple[Callable[[], object], Path, SvgText, str | None, str]] = {}


#: the figures that take longest on a corpus of many speeches (a row or a bar per speech, a word cloud): drawn
#: first, so that the other figures fill the other workers meanwhile
SLOWEST_FIGURES = ("concordance_plot", "section_lengths", "wordcloud", "diffusion", "reuse")


def _run_figure_jobs(names: list[str], meanwhile: Callable[[], None] | None = None) -> dict[str, _Drawn]:
    """Draw the pending figures: in forked worker processes where the platform forks safely (Linux), one per
    core, else one after the other; ``meanwhile`` runs here while the workers draw. Each returns its page copy
    (base64 PNG) or why it failed."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from lectureanalysis.parallel import resolve_workers

    workers = min(resolve_workers(None, size=len(names), threshold=2), len(names))
    if workers > 1 and sys.platform == "linux":
        try:
            wait_for_cache()  # no thread of ours runs while the process forks
            first = _slowest_first(names)
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                drawing = pool.map(_draw_figure, first)
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                return dict(zip(first, drawing, strict=True))
        except (OSError, RuntimeError) as exc:  # no processes to be had: draw them here
            logger.info("drawing figures in this process (%s)", exc)
    if meanwhile is not None:
        meanwhile()
    return {name: _draw_figure(name) for name in names}


def _slowest_first(names: list[str]) -> list[str]:
    """The figures in the order they are best drawn in: the long jobs are not left last."""
    return sorted(names, key=lambda name: name not in SLOWEST_FIGURES)


class _EarlyDrawer:
    """One forked process drawing figures one after the other, in the given order, until :meth:`stop`: then it
    finishes the figure it is drawing and takes no other. It shares two counters with this process and leaves
    each figure's result in a file: no thread runs here meanwhile (a later fork stays safe) and no pipe fills
    while this process is busy."""

    def __init__(self, names: list[str], context: Any) -> None:
        self.names = names
        self.taken = context.Value("i", 0)
        self.limit = context.Value("i", len(names))
        self.results = Path(tempfile.mkdtemp(prefix="lectureanalysis-figures-"))
        self.process = context.Process(target=self._draw, name="lectureanalysis-figures", daemon=True)

    @classmethod
    def start(cls, names: list[str]) -> _EarlyDrawer | None:
        """The process started, or ``None`` where none can be (one core; a platform that does not fork safely)."""
        import multiprocessing
        import sys

        from lectureanalysis.parallel import available_cpus

        if sys.platform != "linux" or available_cpus() < 2:
            return None
        drawer = None
        try:
            wait_for_cache()  # no thread of ours runs while the process forks
            drawer = cls(names, multiprocessing.get_context("fork"))
            drawer.process.start()
        except (OSError, RuntimeError) as exc:  # no process to be had: drawn later with the others
            logger.info("drawing figures later (%s)", exc)
            if drawer is not None:  # its folder for results is not left behind
                shutil.rmtree(drawer.results, ignore_errors=True)
            return None
        return drawer

    def _draw(self) -> None:  # in the forked process
        while True:
            with self.taken.get_lock():
                number = self.taken.value
                if number >= self.limit.value:
                    return
                self.taken.value = number + 1
            drawn = _draw_figure(self.names[number])
            (self.results / f"{number}.pickle").write_bytes(pickle.dumps(drawn))

    def stop(self) -> list[str]:
        """Take no other figure; return those not begun."""
        with self.taken.get_lock():
            self.limit.value = self.taken.value
            return self.names[self.taken.value:]

    def collect(self) -> dict[str, _Drawn]:
        """Wait for the figure being drawn and return those drawn, by name."""
        self.process.join()
        drawn = {}
        for number, name in enumerate(self.names):
            path = self.results / f"{number}.pickle"
            if path.exists():
                drawn[name] = pickle.loads(path.read_bytes())
        shutil.rmtree(self.results, ignore_errors=True)
        return drawn


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

    make, folder, svg_text, font, lang = _PENDING[name]
    drawn = _Drawn()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        warnings.filterwarnings("ignore", "constrained_layout not applied", UserWarning)
        try:
            ax = make()
            if lang == "en":  # the charts' own words in the page's language; the corpus's words as written
                figure_in_english(ax.figure)  # type: ignore[attr-defined]
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
    with Image.open(png) as image:  # the page shows the PNG (300 dpi or near) scaled down, not drawn again
        image.thumbnail((PAGE_PNG_WIDTH, 6000))
        # in 256 colours: a third of the bytes, the same look at screen size (the linked PNG keeps them all); not
        # "optimize"d: its search for the smallest encoding cost a tenth of the drawing time for 4 % of the bytes
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                      dither=Image.Dither.NONE).save(buffer, format="PNG")
    drawn.png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return drawn


#: the width of the page's copy of a figure, in pixels (about twice the width it is shown at, for sharp text on
#: high-density screens)
PAGE_PNG_WIDTH = 1400


#: the most pixels a PNG is given (an A4 page at 300 dpi): a chart of a hundred speeches, 15 inches tall, is
#: written at a lower resolution (never below 150 dpi) instead of as a 20-megapixel image; SVG and PDF stay vector
MAX_PNG_PIXELS = 8.7e6


def png_dpi(figure: object) -> int:
    """The PNG's resolution: 300 dpi, or less for a chart larger than an A4 page (down to 150 dpi)."""
    width, height = figure.get_size_inches()  # type: ignore[attr-defined]
    fitting = (MAX_PNG_PIXELS / max(float(width * height), 1e-9)) ** 0.5
    return int(max(150, min(300, fitting)))


def export_figure(figure: object, folder: str | Path, name: str, *, svg_text: SvgText = "path",
                  font: str | None = None) -> tuple[Path, Path, Path]:
    """Save a chart for publication: ``name.png`` at 300 dpi (less for a chart larger than A4, see
    :func:`png_dpi`), ``name.svg`` and ``name.pdf``, without
    timestamps, so the same chart gives the same files.

    The SVG draws its text as paths by default, so it looks the same on a machine without the CJK font
    (``svg_text="text"`` keeps it as editable text, which then needs the font); the PDF embeds a subset
    of the font (TrueType fonts as Type 42, OpenType/CFF fonts such as Noto Sans CJK as Type 3), as
    journals ask. ``font``: the font the chart was drawn with, as given to ``plot_*``.

    Parameters
    ----------
    figure : matplotlib Figure
        The chart's figure (``ax.figure``).
    folder : str or Path
        Where the three files go.
    name : str
        Their name without the suffix.
    svg_text : {'path', 'text'}, default 'path'
        SVG text as paths or editable text.
    font : str, optional
        A font name or file for the Chinese text; by default the CJK font found once for every chart
        (:func:`lectureanalysis.plot.fonts.resolve_font`).

    Returns
    -------
    tuple of Path
        The PNG, SVG and PDF files.

    See Also
    --------
    build_report : Every chart of a corpus.

    Examples
    --------
    >>> import tempfile
    >>> ax = la.plot.plot_paragraph_lengths(paragraphs)
    >>> files = la.report.export_figure(ax.figure, tempfile.mkdtemp(), "lengths")
    >>> [path.suffix for path in files]
    ['.png', '.svg', '.pdf']
    """
    import matplotlib

    from lectureanalysis.plot.fonts import resolve_font

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg, pdf = folder / f"{name}.png", folder / f"{name}.svg", folder / f"{name}.pdf"
    figure.savefig(png, dpi=png_dpi(figure), metadata={"Software": None})  # type: ignore[attr-defined]
    # the layout the PNG was laid out with serves the SVG and the PDF: laying out a chart of many speeches again
    # (every tick label measured) cost as much as drawing it
    layout = figure.get_layout_engine()  # type: ignore[attr-defined]
    figure.set_layout_engine("none")  # type: ignore[attr-defined]
    try:
        fonttype = "none" if svg_text == "text" else "path"
        with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "lectureanalysis"}):
            figure.savefig(svg, metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
        with matplotlib.rc_context({"pdf.fonttype": 42 if resolve_font(font).has_truetype_outlines else 3}):
            figure.savefig(pdf, metadata={"CreationDate": None, "Creator": None, "Producer": None})  # type: ignore[attr-defined]
    finally:
        figure.set_layout_engine(layout)  # type: ignore[attr-defined]
    return png, svg, pdf
