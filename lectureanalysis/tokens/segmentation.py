""":func:`segment`: paragraphs into the token table, in worker processes for large corpora, from the cache
when it holds the same texts.
"""

from __future__ import annotations

import multiprocessing
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.dispatch import by_table
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.parallel import resolve_workers
from lectureanalysis.text.script import convert_script, detect_script
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.backends import (
    _BATCH_CHARS,
    PARALLEL_CHARS,
    Backend,
    SegmenterConfig,
    _Batch,
    _installed,
    _segment_batch,
    get_segmenter,
    resolve_backend,
)
from lectureanalysis.tokens.cache import _cache_entry, _read_cache, _slim_table, _write_cache, wait_for_cache
from lectureanalysis.tokens.dictionary import domain_dictionary, resolve_userdict
from lectureanalysis.tokens.stopwords import Stopwords, resolve_stopwords
from lectureanalysis.tokens.store import write_store


@by_table
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
    pos: bool = False,
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
      table (``load_paragraphs(…, engine="dask")``) is segmented partition by partition on the workers into that
      store, and the store comes back as a Dask token table (``workers``, ``cache``, ``progress`` and
      ``columns`` do not apply; Dask's progress bar shows).

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` (or a Dask one, with ``store``).
    backend : {'auto', 'rjieba', 'jieba'}, default 'auto'
        The segmenter: ``'rjieba'`` (fast), ``'jieba'`` (reference), ``'auto'`` (rjieba when installed).
    userdict : str, Path or list of str, optional
        A jieba-format dictionary file or lines, added after the bundled domain dictionary.
    stopwords : str, Path or list of str, default 'default'
        ``'default'``, ``'none'``, a word-list file, or layer names and words.
    hmm : bool, default True
        jieba's HMM for words not in the dictionary.
    to_simplified : bool or 'auto', default 'auto'
        Convert Traditional characters before segmenting (``'auto'``: the speeches whose ``script`` is
        ``Hant``).
    workers : int, optional
        Processes (default: every core for 2 million characters or more).
    cache : bool, str or Path, default True
        Keep tokens on disk keyed by the texts and options (a path puts the cache there; ``False`` turns it
        off).
    progress : bool, optional
        Show a progress bar.
    store : str or Path, optional
        Also write the tokens as a token store in this new folder.
    columns : str or list of str, optional
        Paragraph columns to repeat on the token rows (names, or ``'all'``).
    pos : bool, default False
        Tag each token's part of speech (column ``pos``, categorical; jieba's tag set, see
        :mod:`lectureanalysis.analysis.partsofspeech`). The tokens are then the tagger's (rjieba's ``tag`` cuts as
        ``cut`` does; jieba's ``posseg`` has its own model for words not in the dictionary, so a few tokens
        differ from ``pos=False``). Part of the cache key and written to the store.

    Returns
    -------
    DataFrame
        One row per token: ``speech_id, para_id, section_id, token_idx, token`` (categorical), ``is_stopword,
        start, mask, mask_after`` (:data:`lectureanalysis.schema.TOKEN_COLUMNS`), the paragraph table linked
        in ``attrs``.

    See Also
    --------
    with_columns : Paragraph columns on the token rows.
    term_frequencies : The first statistic.

    Examples
    --------
    >>> tokens["token"].astype(str).tolist()[:6]
    ['今天', ',', '我以', '普通党员', '身份', ',']
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "section_id", "text"))
    config = SegmenterConfig(
        backend=resolve_backend(backend),
        hmm=bool(hmm),
        entries=domain_dictionary() + resolve_userdict(userdict),
        pos=bool(pos),
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
    tags: tuple[np.ndarray, list[str]] | None = None  # part-of-speech codes and their names (pos=True)


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
        self.tag_names: dict[str, int] = {}
        self.tag_parts: list[np.ndarray] = []

    def add(self, result: _Batch) -> None:
        local_vocab, codes_bytes, counts_bytes, index_bytes, start_bytes, local_masks, tagged = result
        if tagged is not None:
            tag_vocab, tag_bytes = tagged
            names = self.tag_names
            tag_map = np.fromiter((names.setdefault(t, len(names)) for t in tag_vocab), dtype=np.int32,
                                  count=len(tag_vocab))
            self.tag_parts.append(tag_map[np.frombuffer(tag_bytes, dtype=np.int32)])
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

        tags = (np.concatenate(self.tag_parts) if self.tag_parts else np.zeros(0, np.int32), list(self.tag_names)) \
            if self.tag_parts or self.tag_names else None
        return _Coded(list(self.vocabulary), joined(0), joined(1), self.masks, joined(2), joined(3), tags)


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
                    "spaces or punctuation cannot be kept whole", CorpusWarning, stacklevel=user_stacklevel())
        missing = [w for w, tokens in split.items() if tokens == [w] and w not in seen]
        if missing:
            warnings.warn(
                f"userdict: {len(missing)} word(s) never occur in these paragraphs: {', '.join(missing[:10])}"
                f"{' …' if len(missing) > 10 else ''}", CorpusWarning, stacklevel=user_stacklevel())
    for word in sorted(stops.extra):
        tokens = segmenter.cut(word)
        if tokens != [word]:
            warnings.warn(
                f"stopwords: {word!r} is split by the segmenter ({'|'.join(tokens)}) so it never matches a "
                "token; add it to the dictionary or list its parts", CorpusWarning, stacklevel=user_stacklevel())


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
                       (mask_codes, list(mask_values)), (after_codes, list(mask_values)), coded.tags)
