"""The report's HTML page: the method notes, the numbers in the prose, and the template rendered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from lectureanalysis.analysis.overview import corpus_overview
from lectureanalysis.loading.reposts import THRESHOLD as REPOST_THRESHOLD
from lectureanalysis.plot.fonts import embedded_font_face
from lectureanalysis.report.discovery import DISCOVERY_FROM, SHOWN, _Discovery
from lectureanalysis.report.figures import _Figure
from lectureanalysis.report.folders import _version
from lectureanalysis.report.language import Lang, count, said_in, translate_template, words
from lectureanalysis.report.method import METHOD_NOTES
from lectureanalysis.report.reading import READING_LIMITS, _Reading
from lectureanalysis.report.settings import SHOWN_ROWS, SIGNIFICANCE
from lectureanalysis.report.statistics import _Compared
from lectureanalysis.report.summaries import formulation_summary, spread_lines
from lectureanalysis.report.tables import _boilerplate_rows, _records, _repost_rows, _shown
from lectureanalysis.tokens import STOPWORD_LAYERS, resolve_backend, resolve_stopwords


def _method_notes(*, stopwords: object, min_count: int, window: int, converted: Sequence[str],
                  extra: Sequence[str], lang: Lang = "en") -> list[str]:
    """The method section, written from the options this report was built with, in ``lang``."""
    say = words(lang)
    backend = resolve_backend("auto")
    stops = resolve_stopwords(stopwords)
    if stops.layers or stops.extra:
        parts = []
        if stops.layers:
            parts.append(say("the bundled layers {layers}", layers=", ".join(stops.layers)))
        if stops.extra:
            parts.append(say("{words} of your own", words=count(lang)(len(stops.extra), "word", "words", "个词")))
        off = [layer for layer in STOPWORD_LAYERS if layer not in stops.layers]
        stop_note = say("Stop words: {parts}.", parts=say(" and ").join(parts)) if not off else \
            say("Stop words: {parts} (not used: {off}).", parts=say(" and ").join(parts), off=", ".join(off))
    else:
        stop_note = say("Stop words: none (every token is counted, punctuation included).")
    notes = [
        say("lectureanalysis {version}; segmentation by {backend} {backend_version} ({how}) with the bundled "
            "dictionary of Party and government terms.", version=_version("lectureanalysis"), backend=backend,
            backend_version=_version(backend), how=say("jieba-rs, identical to jieba with the HMM off")
            if backend == "rjieba" else say("a private jieba.Tokenizer")),
        stop_note,
        *[say(note) for note in METHOD_NOTES[:2]],
        say(METHOD_NOTES[2], min_count=count(lang)(min_count, "occurrence", "occurrences", "次")),
        *[say(note) for note in METHOD_NOTES[3:6]],
        say(METHOD_NOTES[6], window=window),
        *[say(note) for note in METHOD_NOTES[7:]],
    ]
    if converted:
        notes.append(say("Speeches converted from Traditional to Simplified characters for the statistics: {speeches} "
                         "(OpenCC t2s; their text in the tables is as written).", speeches=", ".join(map(str, converted))))
    else:
        notes.append(say("No speech is written in Traditional characters: none was converted."))
    return notes + [said_in(lang, note) for note in extra]


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
    reading: _Reading = field(default_factory=_Reading)
    discovery: _Discovery = field(default_factory=_Discovery)
    lang: Lang = "zh"
    # the concordance lines' contexts, when they were found on a cluster and are kept in its store
    contexts: Callable[[pd.DataFrame], pd.DataFrame] | None = None


def _strongest(table: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """The strongest risers and fallers of an emergence table as the page shows them."""
    if not len(table):
        return table
    from lectureanalysis.plot.discovery import strongest

    rows = strongest(table, SHOWN["emergence"])
    return rows.assign(change_points=rows["change_points"].map(lambda cuts: "、".join(str(c) for c in cuts)),
                       direction=rows["direction"].map({"rising": "上升", "falling": "下降"} if lang == "zh" else
                                                        {"rising": "rising", "falling": "falling"}))


def _split_warning(message: str) -> dict[str, str]:
    """A loading warning as (file, problem) for the corpus section's table: the file is what stands before the
    first ``": "`` when that names a path, else the problem is the whole message."""
    head, sep, tail = message.partition(": ")
    if sep and ("/" in head or "." in head) and len(head) < 300:
        return {"file": head, "problem": tail}
    return {"file": "", "problem": message}


#: rows a sortable table shows before a button unfolds the rest (the filter searches them all)
PAGE_ROWS = 25
#: the speeches whose outline the page lists one by one (a large corpus's are in tables/section_lengths.csv)
OUTLINES_SHOWN = 200


def _against(title: str, lang: Lang) -> str:
    """A comparison's title (``year ≥ 2016 against year < 2016``) in ``lang``."""
    return title.replace(" against ", " 对比 ") if lang == "zh" else title


def _said(shown: dict[str, object], lang: Lang) -> dict[str, object]:
    """A long table's page rows with what the page says of the rest in ``lang``."""
    return {**shown, "note": said_in(lang, str(shown["note"])) if shown["note"] else ""}


def _overview(speeches: pd.DataFrame, paragraphs: pd.DataFrame, lang: Lang) -> str:
    """The line under the title: texts, 字 and paragraphs."""
    if lang == "en":
        return corpus_overview(speeches, paragraphs)
    headings = int(paragraphs["is_heading"].sum())
    return (f"{len(speeches):,} 篇 · {int(speeches['n_chars'].sum()):,} 字 · {len(paragraphs):,} 段（标题 {headings:,} 段，"
            f"正文 {len(paragraphs) - headings:,} 段）")


class _Numbers:
    """Figure and table numbers, given in the order the page shows them."""

    def __init__(self) -> None:
        self.counts = {"Figure": 0, "Table": 0}

    def next(self, kind: str) -> int:
        self.counts[kind] += 1
        return self.counts[kind]


def _side_by_side(table: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of the side-by-side view of two texts: each side's sentence as HTML, what the other side lacks
    marked (<del> in the earlier text, <ins> in the later), character by character for a rewording."""
    import difflib

    from markupsafe import Markup, escape

    rows = []
    for label, a, b in zip(table["label"], table["a_text"].astype(str), table["b_text"].astype(str), strict=True):
        if label in ("reworded", "numbers"):
            left, right = [], []
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if op == "equal":
                    left.append(escape(a[i1:i2]))
                    right.append(escape(b[j1:j2]))
                    continue
                if i2 > i1:
                    left.append(Markup("<del>%s</del>") % a[i1:i2])
                if j2 > j1:
                    right.append(Markup("<ins>%s</ins>") % b[j1:j2])
            a_html, b_html = Markup("").join(left), Markup("").join(right)
        else:
            a_html = Markup("<del>%s</del>") % a if label == "dropped" else escape(a)
            b_html = Markup("<ins>%s</ins>") % b if label == "new" else escape(b)
        rows.append({"label": label, "a": a_html, "b": b_html})
    return rows


def _render(context: _Context) -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup, escape

    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    lang = context.lang
    say = words(lang)
    template = environment.from_string(translate_template(
        resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8"), lang))

    def numbered() -> dict[str, object]:
        """The figure and caption makers, numbering from 1 (a fresh pair for each rendering)."""
        numbers = _Numbers()

        def figure(name: str) -> Markup:
            if name not in context.figures:
                return Markup("")
            drawn = context.figures[name]
            if drawn.error:
                return Markup('<p class="missing">%s</p>') % say("Figure “{name}” could not be drawn: {error}",
                                                                   name=name, error=drawn.error)
            number = numbers.next("Figure")
            text = said_in(lang, drawn.caption)
            return Markup(f'<figure id="figure-{number}"><img alt="{escape(text)}" '
                          f'style="width: {drawn.width}px" src="data:image/png;base64,{drawn.png}"><figcaption><b>{say("Figure")} {number}.</b> '
                          f'{escape(text)} <a href="figures/{escape(name)}.png">PNG</a> · '
                          f'<a href="figures/{escape(name)}.svg">SVG</a> · <a href="figures/{escape(name)}.pdf">PDF</a>'
                          "</figcaption></figure>")

        def caption(text: str) -> Markup:
            number = numbers.next("Table")
            return Markup(f'<caption id="table-{number}"><b>{say("Table")} {number}.</b> {escape(text)}</caption>')

        return {"figure": figure, "caption": caption}

    def values() -> dict[str, object]:
        speeches = context.speeches
        speech_rows = _records(speeches.assign(date=speeches["date"].map(
            lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat())))
        titles = dict(zip(speeches["speech_id"], speeches["title"], strict=True))
        outlined = context.lengths[context.lengths["speech_id"].isin(speeches["speech_id"].head(OUTLINES_SHOWN))]
        outlines = [{"speech_id": sid, "title": titles[sid], "rows": _records(rows),
                     "sections": int((rows["section_id"] != "0").sum()), "chars": int(rows["n_chars"].sum())}
                    for sid, rows in outlined.groupby("speech_id", sort=False)]
        formulations = context.formulations.rename(columns={"items": "items_text"})
        profile = context.profile.merge(speeches[["speech_id", "collection", "year"]], on="speech_id", how="left")
        comparisons = [{
            "title": _against(c.plan.title, lang), "target": c.plan.target, "reference": c.plan.reference,
            "figure": f"keyness_{i}",
            "small": c.plan.small,
            "target_side": c.target, "reference_side": c.reference,
            "over": _records(c.table[(c.table["g2"] > 0) & (c.table["p_adj"] < SIGNIFICANCE)].head(SHOWN_ROWS["keyness"])),
            "under": _records(c.table[(c.table["g2"] < 0) & (c.table["p_adj"] < SIGNIFICANCE)]
                              .sort_values("g2", kind="stable").head(SHOWN_ROWS["keyness"])),
            "n_over": int(((c.table["g2"] > 0) & (c.table["p_adj"] < SIGNIFICANCE)).sum()),
            "n_under": int(((c.table["g2"] < 0) & (c.table["p_adj"] < SIGNIFICANCE)).sum()),
            "tested": len(c.table),
        } for i, c in enumerate(context.comparisons, 1)]
        shown = {term: spread_lines(rows, context.paragraphs, speeches, SHOWN_ROWS["concordance"])
                 for term, rows in context.concordance.groupby("term", sort=False)}
        if context.contexts is not None:  # lines found on a cluster: their contexts read back from its store
            shown = {term: context.contexts(rows) for term, rows in shown.items()}
        lines = {term: _records(rows) for term, rows in shown.items()}
        kwic_speeches = context.concordance.groupby("term", sort=False)["speech_id"].nunique().to_dict()
        counts = context.concordance.groupby("term", sort=False).size().to_dict()
        collocates = {term: _records(rows.head(SHOWN_ROWS["collocations"]))
                      for term, rows in context.collocates.groupby("node", sort=False)}
        return {
            "title": context.title, "corpus": context.corpus, "by": context.by, "version": _version("lectureanalysis"),
            "overview": _overview(speeches, context.paragraphs, lang), "speeches": speech_rows,
            "collections": speeches["collection"].replace("", say("（top folder）")).value_counts(sort=False).to_dict()
            if "collection" in speeches.columns else {},
            "boilerplate": _boilerplate_rows(speeches), "outlines": outlines,
            "reposts": _repost_rows(speeches), "repost_threshold": REPOST_THRESHOLD,
            "load_warnings": [_split_warning(m) for m in context.load_warnings],
            "profile": _records(profile),
            "top_terms": _said(_shown(context.frequencies, "term_frequencies"), lang),
            "ngrams": {n: _records(rows.head(SHOWN_ROWS["ngrams"])) for n, rows in context.ngrams.groupby("n")},
            "comparisons": comparisons, "terms": context.terms, "window": context.window,
            "kwic": lines, "kwic_counts": counts, "kwic_speeches": kwic_speeches, "collocates": collocates,
            "outlines_left": max(0, speeches["speech_id"].nunique() - OUTLINES_SHOWN),
            "formulation_summary": _said(_shown(formulation_summary(context.formulations, speeches),
                                                "formulation_summary"), lang),
            "dispersion": _records(context.dispersion),
            "formulations": _shown(formulations, "formulations"),
            "table_files": context.table_files, "method_notes": context.notes,
            "page_rows": PAGE_ROWS, "filter_placeholder": say("filter rows…"), "show_all": say("Show all N rows"),
            "count": count(lang), "lang": lang, "reading_notes": [said_in(lang, n) for n in context.reading.notes],
            "discovery_notes": [said_in(lang, n) for n in context.discovery.notes],
            "reading": context.reading, "limits": READING_LIMITS,
            "row_chart_note": next((n for n in context.notes if n.startswith(("The charts with a row per speech",
                                                                               "每篇一行的图"))), ""),
            "change_rows": _side_by_side(context.reading.changes) if len(context.reading.changes) else [],
            "change_summary": _records(context.reading.summary), "latest": _records(context.reading.latest),
            "targets": _records(context.reading.targets),
            "spread": _records(context.reading.diffusion.assign(first_date=context.reading.diffusion["first_date"].map(
                lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat()))) if len(context.reading.diffusion) else [],
            "reused": _records(context.reading.reuse.sort_values("share_chars", ascending=False, kind="stable")
                               .head(SHOWN_ROWS["reuse"])) if len(context.reading.reuse) else [],
            "passages": _records(context.reading.passages.head(SHOWN_ROWS["passages"])),
            "discovery": context.discovery, "discovery_from": DISCOVERY_FROM,
            "risers": _records(_strongest(context.discovery.emergence, lang)),
            "new_terms": _records(context.discovery.new_terms.head(SHOWN["new_terms"])),
            "topic_rows": _records(context.discovery.topics.coherence.assign(terms=context.discovery.topics.terms
                                   .groupby("topic")["term"].agg("、".join).to_numpy()))
            if context.discovery.topics is not None else [],
            "new_formulations": _records(context.reading.new[context.reading.new["group"] >= context.reading.new[
                "group"].max() - 9]) if len(context.reading.new) else [],
        }

    # the font is cut down to the characters of the page: render once without it to learn them, then
    # with it (user text only ever reaches the page through the template's escaping)
    data = values()  # computed once for both renderings
    draft = template.render(font_face="", **data, **numbered())
    scripted = str(data["filter_placeholder"]) + str(data["show_all"])  # written by the page's script, not in its HTML
    return template.render(font_face=Markup(embedded_font_face(draft + scripted)), **data, **numbered())
