"""lectureanalysis: corpus analysis of Chinese official speeches (党课讲稿, 讲话, 政府工作报告) in pandas.

A short tour — one pipeline, each step a function that takes a table and returns a new one::

    import lectureanalysis as la

    speeches, paragraphs = la.load("corpus/")     # 1 row per speech / per paragraph, outline recovered
    la.corpus_overview(speeches, paragraphs)      # "52 speeches · 1,234,567 字 · 9,876 paragraphs (…)"
    la.section_lengths(paragraphs)                # 字 and share of each top-level section
    tokens = la.segment(paragraphs)               # 1 row per token (jieba/rjieba, domain dictionary); paragraph
                                                  # columns linked, not repeated (la.with_columns repeats them)
    la.term_frequencies(tokens, by="year")        # frequency, docfreq, per 万字, per million tokens
    la.keyness(tokens, target=2019, by="year")    # signed G², log ratio, BH-adjusted p
    la.trend(tokens, ["改革", "创新"], by="year")  # per 万字 per year, first appearance
    la.kwic(paragraphs, "一带一路")                # concordance by characters
    la.collocations(tokens, "改革"), la.dispersion(tokens, ["改革"]), la.ngrams(tokens, 2), la.tfidf(tokens)
    la.formulations(paragraphs)                   # 提法: 五个坚持 with its items, 四多四少, 过三关 …
    la.enumerations(paragraphs)                   # 一是…二是…, 首先…最后, 排比

    la.plot.plot_top_terms(la.term_frequencies(tokens))   # charts that render Chinese with no setup
    la.report.build_report("corpus/", "report/")          # the research report (HTML, figures, tables)

On the command line: ``lectureanalysis report corpus/ --out report/`` and ``lectureanalysis summary
corpus/``. Problems with single files are :class:`CorpusWarning` s naming the file; the rest loads.
Importing the package reads no file and sets up nothing; :mod:`lectureanalysis.plot` and
:mod:`lectureanalysis.report` are imported when first used.
"""

from lectureanalysis import _moved
from lectureanalysis._version import __version__
from lectureanalysis.analysis.collocation import collocations
from lectureanalysis.analysis.comparison import Comparison, compare_keyness, plan_comparisons
from lectureanalysis.analysis.concordance import kwic
from lectureanalysis.analysis.enumeration import enumerations
from lectureanalysis.analysis.formulation import formulations
from lectureanalysis.analysis.frequency import ngrams, term_frequencies
from lectureanalysis.analysis.keywords import keyness
from lectureanalysis.analysis.overview import corpus_overview
from lectureanalysis.analysis.partsofspeech import by_pos, entities, pos_lines
from lectureanalysis.analysis.profile import lexical_profile
from lectureanalysis.analysis.spread import dispersion
from lectureanalysis.analysis.trends import trend
from lectureanalysis.analysis.vectors import dfm, distance, similarity, tfidf
from lectureanalysis.discovery.dictionaries import dictionary_matches, dictionary_scores, read_dictionary
from lectureanalysis.discovery.network import collocation_network, write_network
from lectureanalysis.discovery.newterms import accept, discover_terms
from lectureanalysis.discovery.topicmodels import topic_numbers, topics
from lectureanalysis.discovery.trending import emergence
from lectureanalysis.errors import (
    ComparisonWarning,
    CorpusError,
    CorpusNotFoundError,
    CorpusWarning,
    DecodingError,
    DuplicateSpeechError,
    EmptySpeechError,
    GroupingWarning,
    MarkupError,
    MetadataError,
    NotTextError,
    TermWarning,
    UnreadableFileError,
)
from lectureanalysis.io.export import read_csv as read_table
from lectureanalysis.io.manifests import metadata_from_filename
from lectureanalysis.loading.loader import load, load_paragraphs, load_speeches
from lectureanalysis.loading.loader import load_corpus as load_corpus  # the former name, deprecated
from lectureanalysis.loading.parsing import parse_speech, speech_segments
from lectureanalysis.reading.borrowing import reuse, reuse_passages, reuse_summary
from lectureanalysis.reading.firsts import new_formulations, novelties
from lectureanalysis.reading.indicators import target_changes, targets
from lectureanalysis.reading.placement import agenda
from lectureanalysis.reading.revisions import change_series, change_summary, changes
from lectureanalysis.reading.uptake import adoption, diffusion, diffusion_rates
from lectureanalysis.structure.characters import count_chars
from lectureanalysis.structure.sections import section_lengths
from lectureanalysis.text.boilerplate import BoilerplatePattern
from lectureanalysis.text.normalise import normalise_text
from lectureanalysis.tokens.linking import with_columns
from lectureanalysis.tokens.segmentation import segment

_moved.install()

#: submodules reached as attributes, imported on first use (matplotlib and ipywidgets load only then)
_LAZY = {"plot": "lectureanalysis.plot", "report": "lectureanalysis.report"}


def __getattr__(name: str) -> object:
    """``la.plot`` and ``la.report`` (charts, the report) and ``la.explore`` (the exploration widget,
    :mod:`lectureanalysis.explorer`), imported on first use; the module names of earlier versions
    (``la.distributed``, ``la.stats`` …) with a :class:`DeprecationWarning` naming their new place."""
    import importlib

    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    if name == "explore":
        return importlib.import_module("lectureanalysis.explorer").explore
    if f"{__name__}.{name}" in _moved.MOVED:
        return _moved.moved(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API: what ``__all__`` lists (no submodule that happens to be imported)."""
    return sorted(__all__)


__all__ = [
    "BoilerplatePattern",
    "Comparison",
    "ComparisonWarning",
    "CorpusError",
    "CorpusNotFoundError",
    "CorpusWarning",
    "DecodingError",
    "DuplicateSpeechError",
    "EmptySpeechError",
    "GroupingWarning",
    "MarkupError",
    "MetadataError",
    "NotTextError",
    "TermWarning",
    "UnreadableFileError",
    "__version__",
    "accept",
    "adoption",
    "agenda",
    "by_pos",
    "change_series",
    "change_summary",
    "changes",
    "collocation_network",
    "collocations",
    "compare_keyness",
    "corpus_overview",
    "count_chars",
    "dfm",
    "dictionary_matches",
    "dictionary_scores",
    "diffusion",
    "diffusion_rates",
    "discover_terms",
    "dispersion",
    "distance",
    "emergence",
    "entities",
    "enumerations",
    "explore",
    "formulations",
    "keyness",
    "kwic",
    "lexical_profile",
    "load",
    "load_paragraphs",
    "load_speeches",
    "metadata_from_filename",
    "new_formulations",
    "ngrams",
    "normalise_text",
    "novelties",
    "parse_speech",
    "plan_comparisons",
    "plot",
    "pos_lines",
    "read_dictionary",
    "read_table",
    "report",
    "reuse",
    "reuse_passages",
    "reuse_summary",
    "section_lengths",
    "segment",
    "similarity",
    "speech_segments",
    "target_changes",
    "targets",
    "term_frequencies",
    "tfidf",
    "topic_numbers",
    "topics",
    "trend",
    "with_columns",
    "write_network",
]
