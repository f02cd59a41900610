"""The report's HTML page: the method notes, the numbers in the prose, and the template rendered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from lectureanalysis.analysis.overview import corpus_overview, plural
from lectureanalysis.loading.reposts import THRESHOLD as REPOST_THRESHOLD
from lectureanalysis.plot.fonts import embedded_font_face
from lectureanalysis.report.discovery import DISCOVERY_FROM, SHOWN, _Discovery
from lectureanalysis.report.figures import _Figure
from lectureanalysis.report.folders import _version
from lectureanalysis.report.reading import READING_LIMITS, _Reading
from lectureanalysis.report.settings import SHOWN_ROWS, SIGNIFICANCE
from lectureanalysis.report.statistics import _Compared
from lectureanalysis.report.summaries import formulation_summary, spread_lines
from lectureanalysis.report.tables import _boilerplate_rows, _records, _repost_rows, _shown
from lectureanalysis.tokens import STOPWORD_LAYERS, resolve_backend, resolve_stopwords


def _method_notes(*, stopwords: object, min_count: int, window: int, converted: Sequence[str],
                  extra: Sequence[str]) -> list[str]:
    """The method section, written from the options this report was built with."""
    backend = resolve_backend("auto")
    stops = resolve_stopwords(stopwords)
    if stops.layers or stops.extra:
        parts = []
        if stops.layers:
            parts.append(f"the bundled layers {', '.join(stops.layers)}")
        if stops.extra:
            parts.append(f"{plural(len(stops.extra), 'word')} of your own")
        off = [layer for layer in STOPWORD_LAYERS if layer not in stops.layers]
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
        "the page shows, for each term, one line of body text from each of twelve speeches spread evenly over the "
        "corpus's date order (headings only when the body has too few), and tables/concordance.csv every line in "
        "text order; the concordance plot places each occurrence at its character offset in the speech's body, "
        "from 0 (start) to 1 (end).",
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
    reading: _Reading = field(default_factory=_Reading)
    discovery: _Discovery = field(default_factory=_Discovery)


def _strongest(table: pd.DataFrame) -> pd.DataFrame:
    """The strongest risers and fallers of an emergence table as the page shows them."""
    if not len(table):
        return table
    from lectureanalysis.plot.discovery import strongest

    rows = strongest(table, SHOWN["emergence"])
    return rows.assign(change_points=rows["change_points"].map(lambda cuts: "、".join(str(c) for c in cuts)),
                       direction=rows["direction"].map({"rising": "上升", "falling": "下降"}))


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
    template = environment.from_string(
        resources.files("lectureanalysis").joinpath("resources/report.html.j2").read_text("utf-8"))

    def numbered() -> dict[str, object]:
        """The figure and caption makers, numbering from 1 (a fresh pair for each rendering)."""
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
        lines = {term: _records(spread_lines(rows, context.paragraphs, speeches, SHOWN_ROWS["concordance"]))
                 for term, rows in context.concordance.groupby("term", sort=False)}
        kwic_speeches = context.concordance.groupby("term", sort=False)["speech_id"].nunique().to_dict()
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
            "kwic": lines, "kwic_counts": counts, "kwic_speeches": kwic_speeches, "collocates": collocates,
            "outlines_left": max(0, speeches["speech_id"].nunique() - OUTLINES_SHOWN),
            "formulation_summary": _shown(formulation_summary(context.formulations, speeches),
                                          "formulation_summary"),
            "dispersion": _records(context.dispersion),
            "formulations": _shown(formulations, "formulations"),
            "table_files": context.table_files, "method_notes": context.notes,
            "page_rows": PAGE_ROWS, "filter_placeholder": "filter rows…", "show_all": "Show all N rows",
            "reading": context.reading, "limits": READING_LIMITS,
            "row_chart_note": next((n for n in context.notes if n.startswith("The charts with a row per speech")), ""),
            "change_rows": _side_by_side(context.reading.changes) if len(context.reading.changes) else [],
            "change_summary": _records(context.reading.summary), "latest": _records(context.reading.latest),
            "targets": _records(context.reading.targets),
            "spread": _records(context.reading.diffusion.assign(first_date=context.reading.diffusion["first_date"].map(
                lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat()))) if len(context.reading.diffusion) else [],
            "reused": _records(context.reading.reuse.sort_values("share_chars", ascending=False, kind="stable")
                               .head(SHOWN_ROWS["reuse"])) if len(context.reading.reuse) else [],
            "passages": _records(context.reading.passages.head(SHOWN_ROWS["passages"])),
            "discovery": context.discovery, "discovery_from": DISCOVERY_FROM,
            "risers": _records(_strongest(context.discovery.emergence)),
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
    return template.render(font_face=Markup(embedded_font_face(draft)), **data, **numbered())
