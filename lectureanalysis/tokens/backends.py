"""The segmenter backends, ``jieba`` (the reference, a private ``jieba.Tokenizer``) and ``rjieba`` (jieba-rs),
given the same dictionary words, and the integer coding of their tokens.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata as importlib_metadata
from typing import Literal

import numpy as np

from lectureanalysis._cache import quiet_jieba as _quiet_jieba
from lectureanalysis._cache import usable_cache_dir
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.dictionary import DictEntry

logger = logging.getLogger(__name__)
Backend = Literal["auto", "jieba", "rjieba"]
#: masked names in downloaded speeches: ***总书记, *书记, ×××, XX同志 (× between digits is arithmetic)
MASK_PATTERN = re.compile(r"[*＊✱]+|(?<!\d)×+(?!\d)|(?<![A-Za-z])X{2,3}(?![A-Za-z])")
NOT_CARRIED = linking.NOT_CARRIED
#: corpora with at least this many characters are segmented in worker processes when workers=None
PARALLEL_CHARS = 2_000_000
_BATCH_CHARS = 400_000


def _installed(name: str) -> bool:
    try:
        importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return False
    return True


def resolve_backend(backend: Backend) -> str:
    if backend == "auto":
        return "rjieba" if _installed("rjieba") else "jieba"
    if backend not in ("jieba", "rjieba"):
        raise ValueError(f"backend: expected 'auto', 'jieba' or 'rjieba', got {backend!r}")
    if not _installed(backend):
        raise ImportError(f"backend {backend!r} is not installed: pip install {backend}")
    return backend


@dataclass(frozen=True)
class SegmenterConfig:
    """Everything that decides the tokens; its :meth:`key` names cache entries."""

    backend: str
    hmm: bool
    entries: tuple[DictEntry, ...]
    pos: bool = False  # tag parts of speech (the tagger's segmentation, see segment(pos=True))

    def key(self) -> str:
        versions = [self.backend, importlib_metadata.version(self.backend)]
        options = (versions, self.hmm, self.entries, "pos") if self.pos else (versions, self.hmm, self.entries)
        digest = hashlib.sha256(repr(options).encode())
        return digest.hexdigest()[:24]


class Segmenter:
    """One tokenizer instance with the configured dictionary; ``cut(text)`` gives tokens that concatenate
    back to ``text``."""

    def __init__(self, config: SegmenterConfig) -> None:
        self.config = config
        if config.backend == "jieba":
            import jieba

            self._tokenizer = jieba.Tokenizer()
            # its dictionary cache goes to our cache folder, not the shared /tmp/jieba.cache; to a private
            # temporary folder when ours cannot be written
            self._tokenizer.tmp_dir = str(usable_cache_dir() or tempfile.mkdtemp(prefix="lectureanalysis-jieba-"))
            with _quiet_jieba():
                self._tokenizer.initialize()
            for word, freq, tag in config.entries:
                self._tokenizer.add_word(word, freq, tag)
            self._cut = lambda text: self._tokenizer.lcut(text, HMM=config.hmm)
            if config.pos:
                from jieba import posseg

                tagger = posseg.POSTokenizer(self._tokenizer)
                self._tag = lambda text: [(pair.word, pair.flag) for pair in tagger.lcut(text, HMM=config.hmm)]
        else:
            import rjieba

            self._tokenizer = rjieba.Jieba()
            for word, freq, tag in config.entries:
                self._tokenizer.add_word(word, freq, tag)
            self._cut = lambda text: self._tokenizer.cut(text, hmm=config.hmm)
            self._tag = lambda text: self._tokenizer.tag(text, hmm=config.hmm)

    def cut(self, text: str) -> list[str]:
        return self._cut(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech tag) pairs that concatenate back to ``text`` (the tagger's segmentation)."""
        return self._tag(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=8)
def get_segmenter(config: SegmenterConfig) -> Segmenter:
    """The segmenter for a configuration, built once per process."""
    return Segmenter(config)


#: what a batch gives: local vocabulary, and as int32 bytes the codes, the tokens per text, each token's
#: position in its text and its character offset; then the masks; then, with parts of speech, the tags' own
#: vocabulary and int32 codes (else None)
_Batch = tuple[list[str], bytes, bytes, bytes, bytes, list[tuple[int, str, bool]], tuple[list[str], bytes] | None]

#: the tag of a token that is a masked name (*** standing alone) and of a masked term's rest (“*人计划” → 人计划)
MASK_TAG, MASKED_TERM_TAG = "x", "nz"


def _segment_batch(config: SegmenterConfig, texts: Sequence[str]) -> _Batch:
    """Segment texts into (local vocabulary, int32 codes, int32 tokens per text, int32 positions, int32
    offsets, masks) — the positions and offsets computed here, in the worker, not in the parent.

    Masked names are cut out before segmenting, so ``***总书记`` gives ``总书记`` and never a ``*`` token;
    a mask is a word boundary (it stands for a name); a masked term in quotes keeps the rest of the term as one
    token (``“*人计划”`` gives ``人计划`` with the mask ``*``), as a masked name does. Masks come back as ``(token position in the batch,
    mask, after)``: the mask stands before that token, or after it when ``after`` (a mask ending a text).
    A text that is nothing but a mask keeps the mask as its one token.
    """
    segmenter = get_segmenter(config)
    tokens: list[str] = []
    tags: list[str] = []
    counts: list[int] = []
    masks: list[tuple[int, str, bool]] = []

    def cut(piece: str) -> list[str]:
        if not config.pos:
            return segmenter.cut(piece)
        pairs = segmenter.tag(piece)
        tags.extend(tag for _, tag in pairs)
        return [word for word, _ in pairs]

    for text in texts:
        before = len(tokens)
        if not _MAY_HOLD_MASK.search(text):
            tokens += cut(text)
            counts.append(len(tokens) - before)
            continue
        pending = ""
        previous = 0
        quoted = False  # the pending mask opens a quoted term: “*人计划”
        for match in [*MASK_PATTERN.finditer(text), None]:
            piece = text[previous:match.start()] if match else text[previous:]
            if piece:
                if pending:
                    masks.append((len(tokens), pending, False))
                    pending = ""
                    term = _QUOTED_REST.match(piece) if quoted else None
                    if term:  # a masked term in quotes is one token, as a masked name is: *人计划 → 人计划
                        tokens.append(term.group())
                        tags.append(MASKED_TERM_TAG)
                        piece = piece[term.end():]
                tokens += cut(piece) if piece else []
            if match:
                if not pending:
                    quoted = match.start() > 0 and text[match.start() - 1] in _OPENING_QUOTES
                pending += match.group()
                previous = match.end()
        if pending:
            if len(tokens) > before:
                masks.append((len(tokens) - 1, pending, True))
            else:
                tokens.append(pending)
                tags.append(MASK_TAG)
        counts.append(len(tokens) - before)
    vocab, codes = encode_tokens(tokens)
    tagged = None
    if config.pos:
        tag_vocab, tag_codes = encode_tokens(tags)
        tagged = (tag_vocab, tag_codes.tobytes())
    counted = np.asarray(counts, dtype=np.int32)
    lengths = np.fromiter(map(len, vocab), dtype=np.int32, count=len(vocab))
    token_idx, start = _positions(lengths[codes], counted, masks)
    return (vocab, codes.tobytes(), counted.tobytes(), token_idx.tobytes(), start.tobytes(), masks, tagged)


def _positions(span: np.ndarray, counts: np.ndarray, masks: list[tuple[int, str, bool]]) -> tuple[np.ndarray, np.ndarray]:
    """Each token's position in its paragraph and character offset in its text, as int32 (a batch holds far
    fewer than 2³¹ characters), from the characters each token holds (``span``, int32, changed here: masks
    are added), the tokens per paragraph (int32) and the masks."""
    n = len(span)
    first = np.cumsum(counts, dtype=np.int32) - counts  # each paragraph's first token row
    paragraph_of = np.repeat(np.arange(len(counts), dtype=np.int32), counts)  # each token row's paragraph row
    token_idx = np.arange(n, dtype=np.int32)
    token_idx -= first[paragraph_of]
    before_rows, before_lengths = [], []
    for index, mask, after in masks:  # a few per speech
        span[index] += len(mask)
        if not after:
            before_rows.append(index)
            before_lengths.append(len(mask))
    start = np.cumsum(span, dtype=np.int32)
    start -= span  # where each token's span begins, counted over all paragraphs
    if n:  # from its paragraph's start (a paragraph without tokens repeats nothing)
        start -= start[np.minimum(first, n - 1)][paragraph_of]
    start[before_rows] += np.asarray(before_lengths, dtype=np.int32)  # after a mask standing before it
    return token_idx, start


def encode_tokens(tokens: list[str]) -> tuple[list[str], np.ndarray]:
    """Integer-code tokens: ``(types in order of first appearance, codes)``.

    Arrow's dictionary encoding hashes the strings in C++ (about twice as fast as packing characters into
    integers and factorising, four times a Python dict); a token Arrow cannot hold (a lone surrogate) sends
    the batch through a dict.

    >>> encode_tokens(["改革", "开放", "改革", "中国特色社会主义", "高质量发展", "高质量", "高质量发展"])
    (['改革', '开放', '中国特色社会主义', '高质量发展', '高质量'], array([0, 1, 0, 2, 3, 4, 3], dtype=int32))
    """
    import pyarrow as pa

    try:
        encoded = pa.array(tokens, type=pa.string()).dictionary_encode()
    except (pa.ArrowException, UnicodeEncodeError):
        table: dict[str, int] = {}
        codes = np.fromiter((table.setdefault(t, len(table)) for t in tokens), dtype=np.int32, count=len(tokens))
        return list(table), codes
    return encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


_MAY_HOLD_MASK = re.compile(r"[*＊✱×]|XX")
#: a masked term in quotes (“*人计划”, 《**条例》): the rest of the term up to the closing quote
_OPENING_QUOTES = "“‘「『《"
_QUOTED_REST = re.compile(r"[\u4e00-\u9fff\w]{1,10}(?=[”’」』》])")
