"""lectureanalysis: corpus analysis of Chinese official speeches in pandas.

Importing the package reads no file and sets up nothing; every table comes from a function call::

    import lectureanalysis as la
    speeches, paragraphs = la.load("corpus/")
    la.section_lengths(paragraphs)
    tokens = la.segment(paragraphs)
    la.term_frequencies(tokens, by="year")
"""

from .errors import (
    CorpusError,
    CorpusNotFoundError,
    CorpusWarning,
    DecodingError,
    DuplicateSpeechError,
    EmptySpeechError,
    MarkupError,
    MetadataError,
    NotTextError,
    UnreadableFileError,
)
from .formulations import enumerations, formulations
from .load import load, load_corpus, load_speeches, metadata_from_filename, parse_speech, speech_segments
from .segment import segment
from .stats import collocations, dispersion, keyness, kwic, ngrams, term_frequencies, tfidf, trend
from .structure import count_chars, section_lengths
from .text import BoilerplatePattern, normalise_text

__version__ = "0.1.0"

__all__ = [
    "BoilerplatePattern",
    "CorpusError",
    "CorpusNotFoundError",
    "CorpusWarning",
    "DecodingError",
    "DuplicateSpeechError",
    "EmptySpeechError",
    "MarkupError",
    "MetadataError",
    "NotTextError",
    "UnreadableFileError",
    "__version__",
    "collocations",
    "count_chars",
    "dispersion",
    "enumerations",
    "formulations",
    "keyness",
    "kwic",
    "load",
    "load_corpus",
    "load_speeches",
    "metadata_from_filename",
    "ngrams",
    "normalise_text",
    "parse_speech",
    "section_lengths",
    "segment",
    "speech_segments",
    "term_frequencies",
    "tfidf",
    "trend",
]
