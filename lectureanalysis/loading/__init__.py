"""Loading a corpus: a folder of speech files into a speeches table and a paragraph table.

``load_speeches`` gives one row per speech, ``load_paragraphs`` one row per paragraph (headings included) with the
speech's metadata on every row, and ``load`` both from one pass over the files. One file is parsed in
``parsing`` (in worker processes for large corpora), its record becomes rows in ``tables``, and reposts
(the same text under two names) are found in ``reposts``.
"""

from lectureanalysis.loading.loader import (
    Duplicates,
    load,
    load_paragraphs,
    load_speeches,
    mark_duplicates,
)
from lectureanalysis.loading.parsing import (
    LONG_PARAGRAPH,
    PARALLEL_BYTES,
    load_file,
    parse_speech,
    read_speech_text,
    speech_segments,
)
from lectureanalysis.loading.records import (
    LoadedSpeech,
    ParsedSpeech,
    Split,
)
from lectureanalysis.loading.reposts import (
    ALL_PAIRS,
    NUM_PERM,
    SAMPLE,
    SHINGLE,
    THRESHOLD,
    find_duplicates,
    group_signatures,
    shingle_hashes,
    text_signature,
)
from lectureanalysis.loading.tables import (
    MUNICIPALITIES,
    NATIONAL_FOLDERS,
    check_folders,
    place_and_level,
)

__all__ = [
    "ALL_PAIRS",
    "LONG_PARAGRAPH",
    "MUNICIPALITIES",
    "NATIONAL_FOLDERS",
    "NUM_PERM",
    "PARALLEL_BYTES",
    "SAMPLE",
    "SHINGLE",
    "THRESHOLD",
    "Duplicates",
    "LoadedSpeech",
    "ParsedSpeech",
    "Split",
    "check_folders",
    "find_duplicates",
    "group_signatures",
    "load",
    "load_file",
    "load_paragraphs",
    "load_speeches",
    "mark_duplicates",
    "parse_speech",
    "place_and_level",
    "read_speech_text",
    "shingle_hashes",
    "speech_segments",
    "text_signature",
]
