"""Word segmentation: paragraphs -> tokens, with a domain dictionary, stop-word layers and a disk cache.

Two backends give the same tokens: ``"jieba"`` (the reference, a private ``jieba.Tokenizer`` — never the
global one) and ``"rjieba"`` (the jieba-rs binding, ~15x faster); ``"auto"`` takes rjieba when it is
installed. Both get the same dictionary words, added the same way, so an option means the same on either.

The token table is built for speed on large corpora: worker processes return integer-coded tokens (a local
vocabulary plus int32 codes), the parent merges the vocabularies and builds the ``token`` column with
``Categorical.from_codes``; per-type properties (stop word or not) are computed once per type.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata as importlib_metadata
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from . import linking, schema
from ._cache import _warned_cache, changed_files, file_digests, usable_cache_dir
from ._cache import quiet_jieba as _quiet_jieba
from .errors import CorpusWarning
from .parallel import resolve_workers
from .text import convert_script, detect_script

logger = logging.getLogger(__name__)

Backend = Literal["auto", "jieba", "rjieba"]
#: the stop-word layers, each a resource file ``resources/stopwords/<layer>.txt``
STOPWORD_LAYERS = ("punctuation", "numbers", "function", "discourse", "official")
#: the layers used by ``stopwords="default"``; ``official`` (坚持, 加强, 推进 …) is off by default
DEFAULT_STOPWORD_LAYERS = ("punctuation", "numbers", "function", "discourse")
#: masked names in downloaded speeches: ***总书记, *书记, ×××, XX同志 (× between digits is arithmetic)
MASK_PATTERN = re.compile(r"[*＊✱]+|(?<!\d)×+(?!\d)|(?<![A-Za-z])X{2,3}(?![A-Za-z])")
NOT_CARRIED = linking.NOT_CARRIED
#: corpora with at least this many characters are segmented in worker processes when workers=None
PARALLEL_CHARS = 2_000_000
_BATCH_CHARS = 400_000


# -- dictionary ----------------------------------------------------------------------------------------

DictEntry = tuple[str, int | None, str | None]


def parse_userdict(text: str, *, origin: str = "<userdict>") -> list[DictEntry]:
    """Read a jieba user dictionary: one ``word [freq] [tag]`` a line, ``#`` comments.

    >>> parse_userdict("一带一路 n\\n十九大 20 n\\n# note\\n两个维护")
    [('一带一路', None, 'n'), ('十九大', 20, 'n'), ('两个维护', None, None)]
    """
    entries: list[DictEntry] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise ValueError(f"{origin}, line {number}: expected 'word [freq] [tag]', got {line!r}")
        entries.append((word, freq, tag))
    return entries


@lru_cache(maxsize=1)
def domain_dictionary() -> tuple[DictEntry, ...]:
    """The bundled dictionary of Party and government terms (``resources/userdict.txt``)."""
    source = resources.files("lectureanalysis").joinpath("resources/userdict.txt").read_text("utf-8")
    return tuple(parse_userdict(source, origin="resources/userdict.txt"))


def resolve_userdict(userdict: str | Path | Iterable[str] | None) -> tuple[DictEntry, ...]:
    """The user's entries: a dictionary file, or an iterable of ``"word [freq] [tag]"`` strings."""
    if userdict is None:
        return ()
    if isinstance(userdict, (str, Path)):
        path = Path(userdict)
        if not path.is_file():
            raise FileNotFoundError(f"userdict: {path} is not a file")
        return tuple(parse_userdict(path.read_text("utf-8-sig"), origin=str(path)))
    return tuple(parse_userdict("\n".join(userdict), origin="userdict"))


# -- stop words ----------------------------------------------------------------------------------------


@cache
def stopword_layer(layer: str) -> frozenset[str]:
    """The words of one bundled layer (the punctuation and numbers layers also match by rule, see
    :func:`is_punctuation` and :func:`is_number`)."""
    if layer not in STOPWORD_LAYERS:
        raise ValueError(f"stopwords: unknown layer {layer!r}; layers are {', '.join(STOPWORD_LAYERS)}")
    text = resources.files("lectureanalysis").joinpath(f"resources/stopwords/{layer}.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_WORD_CHARACTER = re.compile(r"[^\W_]")


@lru_cache(maxsize=1 << 20)  # asked once per type by every statistic: a dict lookup after the first time
def is_punctuation(token: str) -> bool:
    """True for a token holding no letter and no digit: punctuation, symbols, separators, control
    characters (and stray combining marks) only.

    >>> is_punctuation("，"), is_punctuation("——"), is_punctuation(" "), is_punctuation("5%"), is_punctuation("二")
    (True, True, True, False, False)
    """
    return _WORD_CHARACTER.search(token) is None


#: a number written in digits: Arabic or full-width, with decimal points, separators, signs, ranges, % and ‰
_DIGITS = re.compile(r"[+\-−±]?\d[\d.．,，:：/\-−~～]*[%％‰]?")
#: a number written in Chinese numerals (and their financial forms), Roman numerals, circled numbers
_NUMERALS = re.compile(r"[零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+|[\u2160-\u2188]+|[\u2460-\u24ff\u2776-\u2793]+")


@lru_cache(maxsize=1 << 20)
def is_number(token: str) -> bool:
    """True for a token that is a number, not a word: digits (2022, 5.2%, １２, 1,000), Chinese numerals alone
    (一, 十四, 两), Roman or circled numerals — the ``numbers`` stop-word layer's rule.

    >>> [is_number(t) for t in ["2022", "5.2%", "１２", "二", "十四", "①", "一带一路", "十九大", "第一", "G20"]]
    [True, True, True, True, True, True, False, False, False, False]
    """
    return _DIGITS.fullmatch(token) is not None or _NUMERALS.fullmatch(token) is not None


@dataclass(frozen=True)
class Stopwords:
    """Resolved stop words: the layers in use, with the punctuation rule, plus the user's own words."""

    layers: tuple[str, ...]
    extra: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        out = set(self.extra)
        for layer in self.layers:
            out |= stopword_layer(layer)
        return frozenset(out)

    def flags(self, types: Sequence[str]) -> np.ndarray:
        """Stop word or not, for each of ``types`` (computed once per type, then broadcast by code)."""
        words = self.words
        rule = "punctuation" in self.layers
        numbers = "numbers" in self.layers
        return np.fromiter((t in words or (rule and is_punctuation(t)) or (numbers and is_number(t)) for t in types),
                           dtype=np.bool_, count=len(types))


def resolve_stopwords(stopwords: str | Path | Iterable[str] | None) -> Stopwords:
    """``"default"`` (punctuation, numbers, function, discourse), ``"none"``/``None``, a path to a word list (added
    to the default layers), or an iterable mixing layer names and words (layers named are the ones used).

    >>> resolve_stopwords(["punctuation", "official", "会议"]).layers
    ('punctuation', 'official')
    """
    if stopwords is None or (isinstance(stopwords, str) and stopwords == "none"):
        return Stopwords((), frozenset())
    if isinstance(stopwords, str) and stopwords == "default":
        return Stopwords(DEFAULT_STOPWORD_LAYERS, frozenset())
    if isinstance(stopwords, (str, Path)):
        path = Path(stopwords)
        if not path.is_file():
            raise FileNotFoundError(
                f"stopwords: expected 'default', 'none', layer names, words or a word-list file; {path} is not a file")
        words = {w.strip() for w in path.read_text("utf-8-sig").splitlines() if w.strip() and not w.startswith("#")}
        return Stopwords(DEFAULT_STOPWORD_LAYERS, frozenset(words))
    items = list(stopwords)
    layers = tuple(i for i in items if i in STOPWORD_LAYERS)
    return Stopwords(layers, frozenset(i for i in items if i not in STOPWORD_LAYERS))


# -- backends ------------------------------------------------------------------------------------------


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

    def key(self) -> str:
        versions = [self.backend, importlib_metadata.version(self.backend)]
        digest = hashlib.sha256(repr((versions, self.hmm, self.entries)).encode())
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
        else:
            import rjieba

            self._tokenizer = rjieba.Jieba()
            for word, freq, tag in config.entries:
                self._tokenizer.add_word(word, freq, tag)
            self._cut = lambda text: self._tokenizer.cut(text, hmm=config.hmm)

    def cut(self, text: str) -> list[str]:
        return self._cut(text)


@lru_cache(maxsize=8)
def get_segmenter(config: SegmenterConfig) -> Segmenter:
    """The segmenter for a configuration, built once per process."""
    return Segmenter(config)


# -- segmenting text -----------------------------------------------------------------------------------


#: what a batch gives: local vocabulary, and as int32 bytes the codes, the tokens per text, each token's
#: position in its text and its character offset; then the masks
_Batch = tuple[list[str], bytes, bytes, bytes, bytes, list[tuple[int, str, bool]]]


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
    counts: list[int] = []
    masks: list[tuple[int, str, bool]] = []
    for text in texts:
        before = len(tokens)
        if not _MAY_HOLD_MASK.search(text):
            tokens += segmenter.cut(text)
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
                        piece = piece[term.end():]
                tokens += segmenter.cut(piece) if piece else []
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
        counts.append(len(tokens) - before)
    vocab, codes = encode_tokens(tokens)
    counted = np.asarray(counts, dtype=np.int32)
    lengths = np.fromiter(map(len, vocab), dtype=np.int32, count=len(vocab))
    token_idx, start = _positions(lengths[codes], counted, masks)
    return (vocab, codes.tobytes(), counted.tobytes(), token_idx.tobytes(), start.tobytes(), masks)


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


_worker_config: SegmenterConfig | None = None
#: texts handed to forked workers by inheritance (set only while a fork pool runs), so they are not pickled
_inherited_texts: Sequence[str] = ()


def _init_worker(config: SegmenterConfig) -> None:
    global _worker_config
    _worker_config = config
    get_segmenter(config)


def _worker_batch(texts: Sequence[str]) -> _Batch:
    assert _worker_config is not None
    return _segment_batch(_worker_config, texts)


def _worker_range(bounds: tuple[int, int]) -> _Batch:
    assert _worker_config is not None
    return _segment_batch(_worker_config, _inherited_texts[bounds[0]:bounds[1]])


# -- the token table -----------------------------------------------------------------------------------


def segment(
    paragraphs: pd.DataFrame,
    *,
    backend: Backend = "auto",
    userdict: str | Path | Iterable[str] | None = None,
    stopwords: str | Path | Iterable[str] | None = "default",
    hmm: bool = True,
    to_simplified: bool | Literal["auto"] = "auto",
    workers: int | None = None,
    cache: bool | str | Path = True,
    progress: bool | None = None,
    store: str | Path | None = None,
    columns: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Segment paragraphs into tokens, one row per token.

    Columns: :data:`lectureanalysis.schema.TOKEN_COLUMNS` — ``speech_id, para_id, section_id, token_idx``
    (order in the paragraph), ``token`` (categorical), ``is_stopword``, ``start`` (character offset in the
    paragraph's text), ``mask`` (a masked name such as ``***`` standing just before the token, else "") and
    ``mask_after`` (one ending the paragraph). For each paragraph the tokens with their masks, concatenated in
    order, give back its text exactly.

    Paragraph columns (``year, date, speaker, title, section_path, level`` … and any metadata columns) are not
    repeated on the token rows: the paragraph table is linked (``tokens.attrs["paragraphs"]``, see
    :mod:`lectureanalysis.linking`) and every statistic's ``by=`` looks a column up there, so
    ``term_frequencies(tokens, by="year")`` works on the slim table. ``columns`` carries paragraph columns
    on the rows anyway — names, or ``"all"`` (every one but ``text, start, end, n_chars``: the wide table of
    earlier versions) — and :func:`lectureanalysis.with_columns` does the same afterwards. A speech column
    that the paragraph table does not carry (``subtitle``, ``occasion``) can be merged onto the paragraphs on
    ``speech_id``, before or after segmenting.

    - ``backend``: ``"rjieba"`` (fast), ``"jieba"`` (reference) or ``"auto"`` (rjieba when installed).
    - ``userdict``: a jieba-format dictionary file (``word [freq] [tag]`` a line) or a list of such lines,
      added after the bundled domain dictionary (党支部, 两个维护, 十九大 …). A word the segmenter still
      splits, or one that never occurs, is reported with a :class:`CorpusWarning`.
    - ``stopwords``: ``"default"`` (layers punctuation, numbers, function, discourse), ``"none"``, a word-list file
      (added to the default), or layer names and words (``["punctuation", "official", "会议"]``). The
      ``official`` layer (坚持, 加强, 推进 …) is off by default: in this genre those words carry meaning.
    - ``hmm``: jieba's HMM for words not in the dictionary. ``to_simplified``: convert Traditional
      characters to Simplified with OpenCC before segmenting, so 發展 counts as 发展 — ``"auto"`` (the
      default) converts the speeches whose ``script`` is ``Hant`` (the loader's column; told with
      :func:`lectureanalysis.text.detect_script` per speech when the table has none), ``True`` every
      paragraph, ``False`` none. The paragraph text is not changed and ``start`` still points into it; the
      converted speeches are listed in ``tokens.attrs["converted_to_simplified"]``.
    - ``workers``: processes (default: every core for corpora of 2 million characters or more).
      ``cache``: keep tokens on disk (Parquet) keyed by the texts, backend and its version, dictionary and
      options, so a re-run is near-instant; ``True`` uses the user's cache folder (see :func:`usable_cache_dir`), a path puts it there, ``False``
      turns it off. A cache that cannot be written gives one warning and segmenting goes on without it.
    - ``store``: also write the tokens as a token store in that (new) folder, which
      :func:`lectureanalysis.distributed.read_store` reads back lazily as a Dask table. A Dask paragraph
      table (``load_corpus(…, engine="dask")``) is segmented partition by partition on the workers into that
      store, and the store comes back as a Dask token table (``workers``, ``cache``, ``progress`` and
      ``columns`` do not apply; Dask's progress bar shows).
    """
    if type(paragraphs).__module__.startswith("dask"):
        if store is None:
            raise ValueError("store: a Dask paragraph table is segmented into a token store; pass store=PATH")
        from .distributed import segment as on_dask

        return on_dask(paragraphs, store, backend=backend, userdict=userdict, stopwords=stopwords, hmm=hmm,  # type: ignore[return-value]
                       to_simplified=to_simplified)
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "section_id", "text"))
    config = SegmenterConfig(
        backend=resolve_backend(backend),
        hmm=bool(hmm),
        entries=domain_dictionary() + resolve_userdict(userdict),
    )
    if to_simplified not in (True, False, "auto"):
        raise ValueError(f"to_simplified: expected True, False or 'auto', got {to_simplified!r}")
    if to_simplified is not False and not _installed("opencc"):
        raise ImportError("to_simplified needs OpenCC: pip install opencc (or pass to_simplified=False)")
    stops = resolve_stopwords(stopwords)
    missing = paragraphs["text"].isna()
    if missing.any():
        raise ValueError(f"paragraph table: text is missing in {int(missing.sum())} row(s); drop or fill them first")
    carried = [] if columns is None else linking.wanted_columns(paragraphs, columns, present=schema.TOKEN_COLUMNS)
    converted = _rows_to_simplify(paragraphs, to_simplified)
    entry = _cache_entry(config, paragraphs, converted, cache)
    tokens = _read_cache(entry, paragraphs, stops) if entry is not None else None
    if tokens is None:
        texts = paragraphs["text"].astype(str).tolist()
        for row in np.flatnonzero(converted):
            texts[row] = convert_script(texts[row], "t2s")
        coded = _segment_all(config, texts, workers=workers, progress=progress)
        tokens = _token_table(paragraphs, coded, stops)
        if entry is not None:
            _write_cache(tokens, paragraphs, entry)
    _check_words(config, stops, userdict, set(tokens["token"].cat.categories))
    linking.link(tokens, paragraphs)
    if carried:
        tokens = linking.with_columns(tokens, carried)
    tokens.attrs["converted_to_simplified"] = _speech_ids(paragraphs, converted)
    if store is not None:
        from .distributed import write_store

        write_store(tokens, store)
    return tokens


def simplified_speeches(paragraphs: pd.DataFrame, to_simplified: bool | str = "auto") -> list[str]:
    """The speeches :func:`segment` converts to Simplified characters with this ``to_simplified``."""
    return _speech_ids(paragraphs, _rows_to_simplify(paragraphs, to_simplified))


def _speech_ids(paragraphs: pd.DataFrame, rows: np.ndarray) -> list[str]:
    return [str(s) for s in pd.unique(paragraphs["speech_id"][rows])]


def _rows_to_simplify(paragraphs: pd.DataFrame, to_simplified: bool | str) -> np.ndarray:
    """Which paragraphs to convert to Simplified characters before segmenting (see :func:`segment`)."""
    if to_simplified is True:
        return np.ones(len(paragraphs), dtype=bool)
    if to_simplified is False or not len(paragraphs):
        return np.zeros(len(paragraphs), dtype=bool)
    if "script" in paragraphs.columns:
        return (paragraphs["script"] == "Hant").to_numpy(dtype=bool, na_value=False)
    texts = paragraphs["text"].astype(str).tolist()
    speech_ids = paragraphs["speech_id"].to_numpy()
    joined: dict[object, list[str]] = {}
    for speech_id, text in zip(speech_ids, texts, strict=True):
        joined.setdefault(speech_id, []).append(text)
    traditional = {s for s, parts in joined.items() if detect_script("".join(parts)) == "Hant"}
    return np.fromiter((s in traditional for s in speech_ids), dtype=bool, count=len(texts))


@dataclass
class _Coded:
    vocab: list[str]
    codes: np.ndarray  # int32, one per token
    counts: np.ndarray  # int32, tokens per paragraph
    masks: list[tuple[int, str, bool]]  # (token index, mask, after)
    token_idx: np.ndarray  # int32, position in the paragraph
    start: np.ndarray  # int32, character offset in the paragraph's text


@dataclass(frozen=True)
class _CacheEntry:
    folder: Path  # the entry: a token store (see distributed.write_store) with cache.json
    key: str


def _cache_entry(config: SegmenterConfig, paragraphs: pd.DataFrame, converted: np.ndarray,
                 cache: bool | str | Path) -> _CacheEntry | None:
    """Where the tokens of these texts, keys and options are cached, or ``None`` without a cache. The key
    covers the segmenter (backend and its version, dictionary, HMM), the texts and which of them are
    converted to Simplified (with OpenCC's version), and each paragraph's speech_id, para_id and section_id —
    everything the stored columns hold but the stop-word flags, which are set anew on reading."""
    if not cache:
        return None
    folder = usable_cache_dir("tokens") if cache is True else usable_cache_dir(folder=cache)
    if folder is None:
        return None
    digest = hashlib.sha256(f"{config.key()}|{CACHE_FORMAT}|{len(paragraphs)}|".encode())
    for column in ("speech_id", "para_id", "section_id", "text"):
        _digest_column(digest, paragraphs[column])
    if converted.any():
        digest.update(f"t2s {importlib_metadata.version('opencc')}|".encode() + np.packbits(converted).tobytes())
    key = digest.hexdigest()
    return _CacheEntry(folder / f"tokens-{key[:32]}", key)


def _digest_column(digest: object, column: pd.Series) -> None:
    """Add a column's values to a digest: whole numbers as their bytes; strings straight from Arrow's
    buffers when the column holds them (pandas' ``str`` columns), with no Python string made; else joined."""
    import pyarrow as pa

    digest.update(f"|{column.name}|{len(column)}|".encode())  # type: ignore[attr-defined]
    if pd.api.types.is_integer_dtype(column.dtype) and isinstance(column.array, pd.arrays.NumpyExtensionArray):
        digest.update(column.to_numpy().astype(np.int64).tobytes())  # type: ignore[attr-defined]
        return
    if isinstance(column.array, pd.arrays.ArrowStringArray):
        array = pa.array(column.array)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        wide = pa.types.is_large_string(array.type)
        _, offsets_buffer, data = array.buffers()
        if offsets_buffer is not None:
            offsets = np.frombuffer(offsets_buffer, dtype=np.int64 if wide else np.int32)
            offsets = offsets[array.offset: array.offset + len(array) + 1].astype(np.int64)
            if data is not None:
                digest.update(memoryview(data)[int(offsets[0]): int(offsets[-1])])  # type: ignore[attr-defined]
            digest.update((offsets - offsets[0]).tobytes())  # type: ignore[attr-defined]
        return
    digest.update("\x1e".join(map(str, column.tolist())).encode("utf-8", "surrogatepass"))  # type: ignore[attr-defined]


#: the cache entry's layout and the segmentation rules it was made with: a token store (3); 4 keeps a masked
#: term in quotes whole. Entries of other formats are rebuilt
CACHE_FORMAT = 4
#: token-cache entries kept per folder, and their total size; the oldest go when a new one is written
CACHE_ENTRIES = 32
CACHE_BYTES = 1 << 30
#: cache entries being written in the background, by folder
_writing: dict[Path, threading.Thread] = {}


def wait_for_cache() -> None:
    """Wait until the token-cache entries being written in the background are on disk."""
    for thread in list(_writing.values()):
        thread.join()


def _write_cache(tokens: pd.DataFrame, paragraphs: pd.DataFrame, entry: _CacheEntry) -> None:
    """Write the token table as a token store into the cache, in a background thread (Parquet encoding runs
    outside the GIL, so the caller's next steps go on meanwhile); the entry appears whole or not at all."""
    tokens = tokens.copy(deep=False)
    linking.link(tokens, paragraphs)
    _finish_writes_at_exit()
    thread = threading.Thread(target=_write_entry, args=(tokens, entry), name="lectureanalysis-cache", daemon=False)
    _writing[entry.folder] = thread
    thread.start()


@cache
def _finish_writes_at_exit() -> None:
    """At the end of a script, finish the cache entries being written before Python stops its thread pools
    (pyarrow converts columns in one; a write still running then failed with "cannot schedule new futures
    after interpreter shutdown", so a script never got a cache). threading's exit hooks run before the pools
    are shut (newest first); plain atexit hooks run too late."""
    register = getattr(threading, "_register_atexit", None)
    if register is not None:
        register(wait_for_cache)


def _write_entry(tokens: pd.DataFrame, entry: _CacheEntry) -> None:
    import json

    from .distributed import write_store

    temporary = None
    try:
        temporary = Path(tempfile.mkdtemp(dir=entry.folder.parent, prefix=".tokens-"))
        write_store(tokens, temporary)
        meta = {"format": CACHE_FORMAT, "key": entry.key, "tokens": len(tokens),
                "digests": file_digests(temporary, skip=("cache.json",))}
        (temporary / "cache.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(temporary, entry.folder)  # atomic: a reader sees no entry or the whole entry
            temporary = None
        except OSError:  # another process wrote it first
            pass
        _prune_cache(entry.folder.parent)
    except OSError as exc:
        if str(entry.folder.parent) not in _warned_cache:
            _warned_cache.add(str(entry.folder.parent))
            warnings.warn(f"{entry.folder.parent}: cannot write the token cache ({exc.strerror or exc}); tokens are "
                          "not cached", CorpusWarning, stacklevel=2)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        _writing.pop(entry.folder, None)


def _read_cache(entry: _CacheEntry, paragraphs: pd.DataFrame, stops: Stopwords) -> pd.DataFrame | None:
    """The cached token table, its stop-word flags set by ``stops``; ``None`` when there is no entry, and
    after a log message when the entry is unusable (it is removed and rebuilt). Only the token, its
    position, offset and masks are read; the speech, paragraph and section ids are taken from ``paragraphs``
    (the key guarantees they are the stored ones), so the table is the one segmenting would make, column
    types and categories included."""
    import json

    pending = _writing.get(entry.folder)
    if pending is not None:
        pending.join()
    if not entry.folder.is_dir():
        return None
    try:
        meta = json.loads((entry.folder / "cache.json").read_text("utf-8"))
        if meta.get("format") != CACHE_FORMAT or meta.get("key") != entry.key:
            raise ValueError("the entry was written for other texts or options")
        changed = changed_files(entry.folder, meta.get("digests", {}), skip=("cache.json",))
        if changed:
            raise _Corrupt(f"{', '.join(changed[:3])} changed since it was written")
        tokens = _assemble(sorted((entry.folder / "tokens").glob("part-*.parquet")), paragraphs, stops)
        if len(tokens) != meta["tokens"]:
            raise ValueError(f"{len(tokens):,} tokens where {meta['tokens']:,} were written")
    except Exception as exc:
        if isinstance(exc, _Corrupt):  # a damaged entry is said; an entry of another version is only logged
            warnings.warn(f"{entry.folder}: the token cache entry is damaged ({exc}); it is rebuilt",
                          CorpusWarning, stacklevel=3)
        else:
            logger.warning("token cache %s is unusable (%s); rebuilding it", entry.folder, exc)
        shutil.rmtree(entry.folder, ignore_errors=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry.folder)  # recently used: pruned last
    return tokens


class _Corrupt(ValueError):
    """A cache entry whose files are not what was written (a flipped byte, a truncated part)."""


def _assemble(parts: list[Path], paragraphs: pd.DataFrame, stops: Stopwords) -> pd.DataFrame:
    """The token table from a store's parts written for exactly these paragraphs: a paragraph's tokens
    begin where ``token_idx`` is 0, and every paragraph with text has some."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ["token_idx", "token", "start", "mask", "mask_after"]
    table = pa.concat_tables([pq.read_table(part, columns=columns) for part in parts]).unify_dictionaries()
    table = table.combine_chunks()
    n = table.num_rows

    def dictionary(name: str) -> tuple[np.ndarray, list[str]]:
        column = table.column(name)
        if not pa.types.is_dictionary(column.type):
            if n == 0:  # no token at all: nothing to decode
                return np.zeros(0, np.int32), []
            raise ValueError(f"column {name} is not dictionary-encoded")
        if not column.num_chunks:
            return np.zeros(0, np.int32), []
        return column.chunk(0).indices.to_numpy(zero_copy_only=False), column.chunk(0).dictionary.to_pylist()

    token_idx = table.column("token_idx").to_numpy().astype(np.int32, copy=False)
    starts = np.flatnonzero(token_idx == 0)
    holding = np.flatnonzero(paragraphs["text"].astype(str).str.len().to_numpy() > 0)
    if len(starts) != len(holding):
        raise ValueError(f"tokens of {len(starts):,} paragraphs stored for {len(holding):,} paragraphs with text")
    paragraph_of = np.repeat(holding.astype(np.int32), np.diff(np.r_[starts, n]))
    token_codes, vocab = dictionary("token")
    return _slim_table(paragraphs, paragraph_of, token_idx, token_codes, vocab,
                       table.column("start").to_numpy().astype(np.int32, copy=False), stops, dictionary("mask"),
                       dictionary("mask_after"))


def _prune_cache(folder: Path, keep: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES) -> None:
    """Keep the ``keep`` most recently used entries, as long as together they hold at most ``max_bytes``
    (the newest is always kept), so the cache does not grow without bound. Entries of an earlier format
    (``tokens-*.parquet`` files) go, as do entries left half-written over an hour ago."""
    entries = []
    for old in folder.glob("tokens-*.parquet"):
        with contextlib.suppress(OSError):
            old.unlink()
    for unfinished in folder.glob(".tokens-*"):  # left by a process that stopped while writing
        with contextlib.suppress(OSError):
            if time.time() - unfinished.stat().st_mtime > 3600:
                shutil.rmtree(unfinished, ignore_errors=True)
    for entry in folder.glob("tokens-*"):
        with contextlib.suppress(OSError):
            size = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
            entries.append((entry.stat().st_mtime, size, entry))
    entries.sort(key=lambda e: (e[0], e[2].name), reverse=True)
    total = 0
    for index, (_, size, entry) in enumerate(entries):
        total += size
        if index >= keep or (index > 0 and total > max_bytes):
            shutil.rmtree(entry, ignore_errors=True)


def _batches(texts: list[str]) -> list[tuple[int, list[str]]]:
    batches, start, size = [], 0, 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= _BATCH_CHARS:
            batches.append((start, texts[start:i + 1]))
            start, size = i + 1, 0
    if start < len(texts):
        batches.append((start, texts[start:]))
    return batches


def _segment_all(config: SegmenterConfig, texts: list[str], *, workers: int | None, progress: bool | None) -> _Coded:
    total = sum(map(len, texts))
    workers = resolve_workers(workers, size=total, threshold=PARALLEL_CHARS)
    batches = _batches(texts)
    show = total >= 5_000_000 if progress is None else progress
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, desc=f"segmenting ({config.backend})", unit="char", unit_scale=True)
    merged = _Merger()
    try:
        if workers == 1 or len(batches) == 1:
            get_segmenter(config)
            for _, batch in batches:
                merged.add(_segment_batch(config, batch))
                if bar is not None:
                    bar.update(sum(map(len, batch)))
        else:  # each batch is merged as it comes, while the workers cut the next ones
            for batch, result in zip([b for _, b in batches], _map_batches(config, texts, batches, workers), strict=True):
                merged.add(result)
                if bar is not None:
                    bar.update(sum(map(len, batch)))
    finally:
        if bar is not None:
            bar.close()
    return merged.finish()


def _map_batches(config: SegmenterConfig, texts: list[str], batches: list[tuple[int, list[str]]],
                 workers: int) -> Iterator[_Batch]:
    """Segment batches in worker processes. Where processes fork (Linux), the workers inherit the texts
    and the segmenter already built here, so neither is pickled nor loaded again; elsewhere both are sent."""
    global _inherited_texts
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
        wait_for_cache()  # no thread of ours runs while the process forks
        get_segmenter(config)
        _init_worker(config)
        _inherited_texts = texts
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                bounds = [(start, start + len(batch)) for start, batch in batches]
                yield from pool.map(_worker_range, bounds)
        finally:
            _inherited_texts = ()
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(config,)) as pool:
        yield from pool.map(_worker_batch, [batch for _, batch in batches])


class _Merger:
    """The batches' results joined into one coding: local vocabularies mapped onto one, arrays concatenated."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self.masks: list[tuple[int, str, bool]] = []
        self.offset = 0

    def add(self, result: _Batch) -> None:
        local_vocab, codes_bytes, counts_bytes, index_bytes, start_bytes, local_masks = result
        vocabulary = self.vocabulary
        remap = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in local_vocab), dtype=np.int32,
                            count=len(local_vocab))
        codes = remap[np.frombuffer(codes_bytes, dtype=np.int32)]
        self.parts.append((codes, np.frombuffer(counts_bytes, dtype=np.int32), np.frombuffer(index_bytes, dtype=np.int32),
                           np.frombuffer(start_bytes, dtype=np.int32)))
        self.masks += [(self.offset + i, m, a) for i, m, a in local_masks]
        self.offset += len(codes)

    def finish(self) -> _Coded:
        def joined(k: int) -> np.ndarray:
            return np.concatenate([p[k] for p in self.parts]) if self.parts else np.zeros(0, np.int32)

        return _Coded(list(self.vocabulary), joined(0), joined(1), self.masks, joined(2), joined(3))


def _check_words(config: SegmenterConfig, stops: Stopwords, userdict: object, seen: set[str]) -> None:
    """Warn about the user's words that segmentation defeats (scikit-learn style: say it, do not ignore it)."""
    if userdict is None and not stops.extra:
        return
    segmenter = get_segmenter(config)
    if userdict is not None:
        user_words = [w for w, _, _ in resolve_userdict(userdict)]  # type: ignore[arg-type]
        split = {w: segmenter.cut(w) for w in user_words}
        for word, tokens in split.items():
            if tokens != [word]:
                warnings.warn(
                    f"userdict: {word!r} is still split by the segmenter ({'|'.join(tokens)}); words holding "
                    "spaces or punctuation cannot be kept whole", CorpusWarning, stacklevel=3)
        missing = [w for w, tokens in split.items() if tokens == [w] and w not in seen]
        if missing:
            warnings.warn(
                f"userdict: {len(missing)} word(s) never occur in these paragraphs: {', '.join(missing[:10])}"
                f"{' …' if len(missing) > 10 else ''}", CorpusWarning, stacklevel=3)
    for word in sorted(stops.extra):
        tokens = segmenter.cut(word)
        if tokens != [word]:
            warnings.warn(
                f"stopwords: {word!r} is split by the segmenter ({'|'.join(tokens)}) so it never matches a "
                "token; add it to the dictionary or list its parts", CorpusWarning, stacklevel=3)


def _token_table(paragraphs: pd.DataFrame, coded: _Coded, stops: Stopwords) -> pd.DataFrame:
    vocab, codes, counts, masks = coded.vocab, coded.codes, coded.counts, coded.masks
    n = len(codes)
    paragraph_of = np.repeat(np.arange(len(counts), dtype=np.int32), counts)  # each token row's paragraph row
    mask_values: dict[str, int] = {"": 0}
    mask_codes = np.zeros(n, dtype=np.int8 if len({m for _, m, _ in masks}) < 127 else np.int32)
    after_codes = np.zeros(n, dtype=mask_codes.dtype)
    for index, mask, after in masks:  # a few per speech: set one by one
        (after_codes if after else mask_codes)[index] = mask_values.setdefault(mask, len(mask_values))
    return _slim_table(paragraphs, paragraph_of, coded.token_idx, codes, vocab, coded.start, stops,
                       (mask_codes, list(mask_values)), (after_codes, list(mask_values)))


def _slim_table(paragraphs: pd.DataFrame, paragraph_of: np.ndarray, token_idx: np.ndarray, codes: np.ndarray,
                vocab: list[str], start: np.ndarray, stops: Stopwords, mask: tuple[np.ndarray, list[str]],
                mask_after: tuple[np.ndarray, list[str]]) -> pd.DataFrame:
    """The token table (:data:`schema.TOKEN_COLUMNS`) from each token row's paragraph row, position, code
    and offset, and the masks' codes and names: ids from ``paragraphs``, stop-word flags from ``stops``."""
    return pd.DataFrame({
        "speech_id": linking.repeat(paragraphs["speech_id"], paragraph_of),
        "para_id": paragraphs["para_id"].to_numpy().astype(np.int32)[paragraph_of],
        "section_id": linking.repeat(paragraphs["section_id"], paragraph_of),
        "token_idx": token_idx,
        "token": pd.Categorical.from_codes(codes, categories=pd.Index(vocab, dtype=object)),
        "is_stopword": stops.flags(vocab)[codes] if len(codes) else np.zeros(0, bool),
        "start": start,
        "mask": pd.Categorical.from_codes(mask[0], categories=mask[1]),
        "mask_after": pd.Categorical.from_codes(mask_after[0], categories=mask_after[1]),
    }, copy=False)  # fresh arrays: no consolidating copy of 3 million rows


