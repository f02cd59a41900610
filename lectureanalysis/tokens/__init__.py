"""Paragraphs → tokens: the domain dictionary, stop-word layers, segmenter backends, the token cache, the
token store, and the link between tokens and their paragraphs.

Two backends give the same tokens: ``"jieba"`` (the reference, a private ``jieba.Tokenizer`` — never the
global one) and ``"rjieba"`` (the jieba-rs binding, ~15x faster); ``"auto"`` takes rjieba when it is
installed. Both get the same dictionary words, added the same way, so an option means the same on either.

The token table is built for speed on large corpora: worker processes return integer-coded tokens (a local
vocabulary plus int32 codes), the parent merges the vocabularies and builds the ``token`` column with
``Categorical.from_codes``; per-type properties (stop word or not) are computed once per type.
"""

from lectureanalysis.tokens.backends import (
    MASK_PATTERN,
    NOT_CARRIED,
    PARALLEL_CHARS,
    Backend,
    Segmenter,
    SegmenterConfig,
    encode_tokens,
    get_segmenter,
    resolve_backend,
)
from lectureanalysis.tokens.cache import (
    CACHE_BYTES,
    CACHE_ENTRIES,
    CACHE_FORMAT,
    wait_for_cache,
)
from lectureanalysis.tokens.chunking import (
    CHUNK_ROWS,
    column_codes,
    speech_chunks,
    speech_starts,
)
from lectureanalysis.tokens.dictionary import (
    DictEntry,
    domain_dictionary,
    parse_userdict,
    resolve_userdict,
)
from lectureanalysis.tokens.linking import (
    ATTR,
    ParagraphLink,
    by_run,
    has_column,
    link,
    linked,
    missing_message,
    paragraph_rows,
    repeat,
    require,
    runs,
    values,
    wanted_columns,
    with_columns,
)
from lectureanalysis.tokens.segmentation import (
    segment,
    simplified_speeches,
)
from lectureanalysis.tokens.stopwords import (
    DEFAULT_STOPWORD_LAYERS,
    STOPWORD_LAYERS,
    Stopwords,
    is_number,
    is_punctuation,
    resolve_stopwords,
    stopword_layer,
)
from lectureanalysis.tokens.store import (
    DIGESTS,
    STORE_COLUMNS,
    manifest_rows,
    new_store,
    read_part,
    read_store_speeches,
    rows_for,
    shaped_part,
    speech_columns,
    verify_store,
    write_digests,
    write_part,
    write_store,
    write_token_part,
    write_vocabulary,
)

__all__ = [
    "ATTR",
    "CACHE_BYTES",
    "CACHE_ENTRIES",
    "CACHE_FORMAT",
    "CHUNK_ROWS",
    "DEFAULT_STOPWORD_LAYERS",
    "DIGESTS",
    "MASK_PATTERN",
    "NOT_CARRIED",
    "PARALLEL_CHARS",
    "STOPWORD_LAYERS",
    "STORE_COLUMNS",
    "Backend",
    "DictEntry",
    "ParagraphLink",
    "Segmenter",
    "SegmenterConfig",
    "Stopwords",
    "by_run",
    "column_codes",
    "domain_dictionary",
    "encode_tokens",
    "get_segmenter",
    "has_column",
    "is_number",
    "is_punctuation",
    "link",
    "linked",
    "manifest_rows",
    "missing_message",
    "new_store",
    "paragraph_rows",
    "parse_userdict",
    "read_part",
    "read_store_speeches",
    "repeat",
    "require",
    "resolve_backend",
    "resolve_stopwords",
    "resolve_userdict",
    "rows_for",
    "runs",
    "segment",
    "shaped_part",
    "simplified_speeches",
    "speech_chunks",
    "speech_columns",
    "speech_starts",
    "stopword_layer",
    "values",
    "verify_store",
    "wait_for_cache",
    "wanted_columns",
    "with_columns",
    "write_digests",
    "write_part",
    "write_store",
    "write_token_part",
    "write_vocabulary",
]
