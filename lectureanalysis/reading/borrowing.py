"""Reuse across texts: which sentences of a speech closely repeat a sentence of another — a provincial report
repeating the centre's report of the same or the previous year, a report repeating its own place's report of
the year before, a 党课讲稿 from a template site sharing passages with others.

Each speech is cut into sentences as :func:`lectureanalysis.changes` cuts them (a heading is one sentence; a
body paragraph ends a sentence at 。！？!?… and at ；). A sentence is compared by its 字 alone (punctuation,
spaces and a leading outline number such as 一、 or （三） left out), so a repost that only changes its commas or
its numbering is the same sentence.

Candidates are found with character shingles, as the repost detector finds near-duplicate speeches: every
``shingle``-字 substring (4 by default) of every sentence of the sources is indexed; a shingle held by more than
``MAX_SOURCES`` source sentences says nothing about where a sentence came from (it is the genre's common stock,
推动高质量发展) and is not indexed. For each sentence the three source sentences sharing most shingles with it
are aligned with it, and the best gives its similarity:

    similarity = LCS(t, w) / len(t)

the share of the sentence's 字 ``t`` that the source has in the same order (LCS: the longest common
subsequence), where ``w`` is the whole source sentence when it is no longer than ``t``, else its window of
``len(t)`` 字 where rapidfuzz's ``partial_ratio`` aligns ``t`` best. A sentence that joins two sentences of the
source is also aligned with each source sentence and its neighbour, joined. A sentence is
``reused`` when its similarity reaches ``threshold`` (0.8): at least four in five of its 字 stand, in order, in
one sentence (or two neighbouring sentences) of a source.

Not every sentence can be reused: the genre's formula sentences (:data:`FORMULA_SENTENCES`: 现在，我代表…向大会报告
工作，请予审议, the salutation, the generic headings 工作回顾 or 政府自身建设) are ``formula``, and any other
sentence of fewer than ``min_chars`` 字 (12) is ``short`` (深化改革 — common stock, not borrowing). Neither
counts in a speech's shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.loading.reposts import window_hashes
from lectureanalysis.reading.revisions import _sentences
from lectureanalysis.reading.uptake import _speech_columns
from lectureanalysis.structure.characters import count_chars_many
from lectureanalysis.structure.headings import HEADING_START

#: the columns of :func:`reuse`
REUSE_COLUMNS = ("speech_id", "place", "year", "para_id", "sentence", "n_chars", "status", "similarity",
                 "source_speech", "source_place", "source_year", "source_para_id", "source_text", "source_later")
#: the statuses of :func:`reuse`
STATUSES = ("reused", "original", "formula", "short")
#: the genre's formula sentences, which every report says and which are not reuse (matched on the sentence
#: without spaces): presenting the report for deliberation, asking for it to be examined, the salutation, and the
#: generic headings of a work report's outline
FORMULA_SENTENCES: tuple[re.Pattern[str], ...] = (
    re.compile(r"代表.{0,40}(?:政府|国务院|委员会|常委会).{0,12}向.{0,12}(?:大会|会议|全会|各位代表).{0,8}(?:报告|作报告)"),
    re.compile(r"请予审议|并请.{0,40}提出意见"),
    re.compile(r"^(?:各位|尊敬的)[^。！？]{0,30}[：:，,！!]?$"),
    re.compile(r"^[^，。；]{0,16}(?:工作回顾|主要工作|总体要求|主要预期目标|工作(?:任务|安排|部署)|政府自身(?:改革和)?建设"
               r"|加强政府自身建设)[^，。；]{0,10}$"),
)
#: a shingle held by more than this many source sentences is the genre's common stock and is not indexed
MAX_SOURCES = 40
#: source sentences aligned with each sentence: those sharing most shingles with it
CANDIDATES = 3
_NOT_COUNTED = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """The sentence as compared: its 字 alone, a leading outline number left out."""
    return _NOT_COUNTED.sub("", HEADING_START.sub("", text.strip(), count=1))


def _is_formula(text: str) -> bool:
    compact = re.sub(r"\s+", "", HEADING_START.sub("", text.strip(), count=1))
    return any(pattern.search(compact) for pattern in FORMULA_SENTENCES)


def _shingles(keys: Sequence[str], shingle: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (hash, sentence) pairs of the ``shingle``-字 substrings of each key, computed over all keys at
    once (a shingle never runs across two sentences). Hashes are 32-bit: a rare collision only proposes a
    candidate, which the alignment then judges."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    if not lengths.size or lengths.max(initial=0) < shingle:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    points = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    ends = np.cumsum(lengths)
    count = len(points) - shingle + 1
    owner = np.repeat(np.arange(len(keys), dtype=np.uint64), lengths)[:count]
    hashes = window_hashes(points, shingle)  # the repost detector's hash of the code points
    with np.errstate(over="ignore"):
        hashes *= np.uint64(0x9E3779B97F4A7C15)
    within = np.arange(count) + shingle <= ends[owner.astype(np.int64)]
    # one sortable number per pair: the hash's top 32 bits above the sentence's number
    combined = np.unique((hashes[within] >> np.uint64(32) << np.uint64(32)) | owner[within])
    return combined >> np.uint64(32), (combined & np.uint64(0xFFFFFFFF)).astype(np.int64)


class _Index:
    """The shingles of a set of source sentences, sorted by hash, the common ones left out."""

    def __init__(self, hashes: np.ndarray, sentences: np.ndarray) -> None:
        order = np.argsort(hashes, kind="stable")
        hashes, sentences = hashes[order], sentences[order]
        counts = np.unique(hashes, return_counts=True)[1]
        common = np.repeat(counts > MAX_SOURCES, counts)
        self.hashes, self.sentences = hashes[~common], sentences[~common]

    def candidates(self, hashes: np.ndarray, sentences: np.ndarray, n: int) -> np.ndarray:
        """Rows (sentence, source sentence, shared shingles), the ``n`` sources sharing most with each sentence."""
        low = np.searchsorted(self.hashes, hashes, "left")
        high = np.searchsorted(self.hashes, hashes, "right")
        counts = high - low
        total = int(counts.sum())
        if not total:
            return np.zeros((0, 3), dtype=np.int64)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        targets = np.repeat(sentences, counts)
        sources = self.sentences[np.repeat(low, counts) + offsets]
        width = np.int64(max(int(self.sentences.max(initial=0)) + 1, 1))
        combined, shared = np.unique(targets * width + sources, return_counts=True)
        first, second = combined // width, combined % width
        order = np.lexsort((second, -shared, first))  # per sentence, most shared first
        first, second, shared = first[order], second[order], shared[order]
        rank = np.arange(len(first)) - np.searchsorted(first, first, "left")
        keep = rank < n
        return np.column_stack([first[keep], second[keep], shared[keep]])


def _similarity(target: str, source: str) -> float:
    """The share of ``target``'s 字 found in order in ``source`` (see the module): LCS(t, s) / len(t) when the
    source is no longer than the target, else LCS(t, w) / len(t) for the window ``w`` of ``len(t)`` 字 where
    rapidfuzz's ``partial_ratio`` aligns the target best."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import LCSseq

    if not target or not source:
        return 0.0
    if len(source) > len(target):
        found = fuzz.partial_ratio_alignment(target, source)
        start = max(0, min(found.dest_start, len(source) - len(target))) if found is not None else 0
        source = source[start:start + len(target)]
    return LCSseq.similarity(target, source) / len(target)


def _speech_table(paragraphs: pd.DataFrame, speeches: pd.DataFrame | None, by: str, time: str,
                  required: Sequence[str]) -> pd.DataFrame:
    """One row per speech (in the paragraphs' order) with its place, year, date and level."""
    table = _speech_columns(paragraphs, speeches, by, time, required=required)
    out = pd.DataFrame(index=table.index)
    out["place"] = table[by] if by in table.columns else ""
    out["year"] = pd.to_numeric(table[time], errors="coerce") if time in table.columns else np.nan
    out["date"] = pd.to_datetime(table["date"], errors="coerce") if "date" in table.columns else pd.NaT
    out["level"] = table["level"] if "level" in table.columns else ""
    return out


def reuse(paragraphs: pd.DataFrame, *, against: Literal["centre", "previous", "others"] = "centre",
          speeches: pd.DataFrame | None = None, by: str = "place", time: str = "year", centre: object = None,
          years: int = 1, threshold: float = 0.8, min_chars: int = 12, shingle: int = 4) -> pd.DataFrame:
    """Which sentences of each speech closely repeat a sentence of another speech.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (:func:`lectureanalysis.load_paragraphs`).
    against : {'centre', 'previous', 'others'}, default 'centre'
        What each speech is compared with: ``'centre'``, the centre's speeches of the same year and of the
        ``years`` before (each place's report against the State Council's; the centre's own speeches are not
        rows); ``'previous'``, the speech before it of the same place (by ``time``, then date); ``'others'``,
        every other speech of the table (template-site 党课讲稿 sharing passages: pass the speeches to compare).
    speeches : DataFrame, optional
        The speeches table, for the speech columns the paragraph table does not carry (``place``, ``level``,
        ``date``).
    by : str, default 'place'
        The column naming where a speech was given.
    time : str, default 'year'
        The column of the speeches' years.
    centre : optional
        With ``against='centre'``: the value of ``by`` that is the centre; by default the place of the speeches
        whose ``level`` is 国家.
    years : int, default 1
        With ``against='centre'``: how many years before a speech's year the centre's speeches count as sources
        (1: the same and the previous year).
    threshold : float, default 0.8
        The least similarity (the share of a sentence's 字 found in order in one source sentence) of a reused
        sentence.
    min_chars : int, default 12
        Sentences of fewer 字 (a heading's number left out) are ``short`` and never counted as reused or
        original.
    shingle : int, default 4
        The length in 字 of the shingles that propose candidate sources.

    Returns
    -------
    DataFrame
        One row per sentence of each compared speech, in text order: ``speech_id, place, year, para_id,
        sentence, n_chars`` (its 字, as :func:`lectureanalysis.count_chars` counts), ``status`` (``reused``, ``original``, ``formula`` or ``short``),
        ``similarity`` (to its closest source sentence; NaN when none shares a shingle), ``source_speech,
        source_place, source_year, source_para_id, source_text`` (that source sentence, for every sentence with a
        candidate, reused or not), ``source_later`` (the source was given after the speech — both dated, or a
        later year — so it cannot be what the speech copied: shared wording from a common origin).

    Raises
    ------
    ValueError
        An unknown ``against``, a threshold outside (0, 1], no centre to compare with.

    See Also
    --------
    reuse_summary : The shares per speech.
    reuse_passages : Runs of reused sentences, with their source.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c24", "a24"], "para_id": 0, "year": 2024,
    ...     "place": ["全国", "甲省"], "level": ["国家", "省"], "text": [
    ...     "要以科技创新引领现代化产业体系建设。", "要以科技创新引领现代化产业体系建设。全省粮食产量再创历史新高。"]})
    >>> la.reuse(paragraphs)[["sentence", "status", "source_speech"]].values.tolist()
    [['要以科技创新引领现代化产业体系建设。', 'reused', 'c24'], ['全省粮食产量再创历史新高。', 'original', '']]
    """
    if against not in ("centre", "previous", "others"):
        raise ValueError(f"against: expected 'centre', 'previous' or 'others', got {against!r}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold: expected a similarity in (0, 1], got {threshold!r}")
    for name, value, least in (("min_chars", min_chars, 1), ("shingle", shingle, 2), ("years", years, 0)):
        schema.check_whole(name, value, minimum=least)
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    info = _speech_table(paragraphs, speeches, by, time, required=(by,) if against != "others" else ())
    if against == "centre":
        if centre is None:
            national = info.index[info["level"] == "国家"]
            if national.empty:
                raise ValueError(f"centre: name the value of {by!r} that is the centre (no speech has level 国家)")
            centre = info.loc[national[0], "place"]
        if not (info["place"] == centre).any():
            raise ValueError(f"centre: no speech has {by} = {centre!r}")

    plans = _plans(info, against, centre, years)
    needed = {member for target, pool in plans for member in (target, *pool)}  # only the speeches compared
    sentences: dict[object, tuple[list[str], list[int]]] = {}
    for speech, members in paragraphs[paragraphs["speech_id"].isin(needed)].groupby("speech_id", sort=False):
        cut = _sentences(members)
        sentences[speech] = (cut["text"].tolist(), cut["para_id"].tolist())
    keys = {speech: [_key(t) for t in texts] for speech, (texts, _) in sentences.items()}
    about = {speech: (place, year, date) for speech, place, year, date in
             zip(info.index, info["place"], info["year"], info["date"], strict=True)}

    indexes: dict[tuple[object, ...], tuple[_Index, list[tuple[object, int]]]] = {}
    rows: list[tuple] = []
    for target, pool in plans:
        if pool not in indexes:
            if against != "centre":
                indexes.clear()  # a pool serves one speech ('previous') or all ('others'): keep one
            indexes[pool] = _build(pool, keys, shingle)
        index, where = indexes[pool]
        rows.extend(_compare(target, index, where, sentences, keys, about, threshold=threshold,
                             min_chars=min_chars, shingle=shingle, same_pool=against == "others"))
    out = pd.DataFrame(rows, columns=list(REUSE_COLUMNS))
    for column in ("para_id", "source_para_id", "n_chars", "year", "source_year"):  # years are whole numbers
        out[column] = pd.to_numeric(out[column], errors="coerce").round().astype("Int64")
    out["similarity"] = out["similarity"].astype(float)
    out["source_later"] = out["source_later"].astype(bool)
    return out


def _plans(info: pd.DataFrame, against: str, centre: object, years: int) -> list[tuple[object, tuple[object, ...]]]:
    """Each compared speech with the speeches it is compared against (a tuple, the key of its shingle index)."""
    plans: list[tuple[object, tuple[object, ...]]] = []
    if against == "centre":
        at_centre = info[info["place"] == centre]
        for speech, row in info[info["place"] != centre].iterrows():
            if pd.isna(row["year"]):
                continue
            pool = at_centre[(at_centre["year"] <= row["year"]) & (at_centre["year"] >= row["year"] - years)]
            plans.append((speech, tuple(pool.index)))
    elif against == "previous":
        ordered = info[info["year"].notna()].sort_values(["year", "date"], kind="stable", na_position="last")
        for _, members in ordered.groupby("place", sort=False):
            ids = members.index.tolist()
            plans.extend((ids[k], (ids[k - 1],)) for k in range(1, len(ids)))
        position = {speech: k for k, speech in enumerate(info.index)}
        plans.sort(key=lambda plan: position[plan[0]])
    else:
        everyone = tuple(info.index)
        plans = [(speech, everyone) for speech in info.index]
    return plans


def _build(pool: tuple[object, ...], keys: dict[object, list[str]],
           shingle: int) -> tuple[_Index, list[tuple[object, int]]]:
    """The shingle index of the pool's sentences, and where each indexed sentence stands (speech, row)."""
    where = [(speech, row) for speech in pool for row in range(len(keys[speech]))]
    all_keys = [key for speech in pool for key in keys[speech]]
    return _Index(*_shingles(all_keys, shingle)), where


def _compare(speech: object, index: _Index, where: list[tuple[object, int]],
             sentences: dict[object, tuple[list[str], list[int]]], keys: dict[object, list[str]],
             about: dict[object, tuple[Any, Any, Any]], *, threshold: float, min_chars: int, shingle: int,
             same_pool: bool) -> list[tuple]:
    """The rows of :func:`reuse` for one speech against the sentences of ``index``."""
    texts, para_ids = sentences[speech]
    speech_keys = keys[speech]
    n = len(texts)
    lengths = count_chars_many(texts)  # the 字 a reader counts (the key leaves out a heading's number)
    status = ["formula" if _is_formula(text) else "short" if len(key) < min_chars else "original"
              for text, key in zip(texts, speech_keys, strict=True)]
    counted = [i for i in range(n) if status[i] == "original"]
    best: dict[int, tuple[float, int, int]] = {}  # sentence -> (similarity, first and last source sentence)
    if counted:
        hashes, owners = _shingles([speech_keys[i] for i in counted], shingle)
        found = index.candidates(hashes, owners, CANDIDATES + n if same_pool else CANDIDATES).tolist()
        tried: dict[int, int] = {}
        for local, source, _shared in found:
            source_speech, source_row = where[source]
            if (same_pool and source_speech == speech) or tried.get(local, 0) >= CANDIDATES:
                continue  # 'others': the speech's own sentences are in the pool
            tried[local] = tried.get(local, 0) + 1
            similarity = _similarity(speech_keys[counted[local]], keys[source_speech][source_row])
            if local not in best or similarity > best[local][0]:
                best[local] = (similarity, source, source)
        for local, (similarity, source, _) in list(best.items()):
            if similarity < threshold:  # one sentence here may be two there: try the source with a neighbour
                best[local] = max([best[local]] + [
                    (_similarity(speech_keys[counted[local]], "".join(keys[where[k][0]][where[k][1]]
                                                                      for k in (first, first + 1))), first, first + 1)
                    for first in (source - 1, source) if first >= 0 and first + 1 < len(where)
                    and where[first][0] == where[first + 1][0]], key=lambda value: value[0])
    place, year, date = about[speech]
    by_row = {counted[local]: value for local, value in best.items()}
    rows: list[tuple[Any, ...]] = []
    for i in range(n):
        similarity, source, last = by_row.get(i, (float("nan"), -1, -1))
        label = "reused" if status[i] == "original" and similarity >= threshold else status[i]
        if source < 0:
            rows.append((speech, place, year, para_ids[i], texts[i], lengths[i], label, similarity,
                         "", "", pd.NA, pd.NA, "", False))
            continue
        source_speech, source_row = where[source]
        last_row = where[last][1]
        their_place, their_year, their_date = about[source_speech]
        later = _after(their_date, date) or _after(their_year, year)
        rows.append((speech, place, year, para_ids[i], texts[i], lengths[i], label, similarity, source_speech,
                     their_place, their_year, sentences[source_speech][1][source_row],
                     "".join(sentences[source_speech][0][source_row:last_row + 1]), later))
    return rows


def _after(one: Any, other: Any) -> bool:
    """Whether ``one`` (a date or a year) is known to come after ``other``."""
    return bool(pd.notna(one) and pd.notna(other) and one > other)


def reuse_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Each speech's share of reused sentences and 字, and where they came from.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`reuse`.

    Returns
    -------
    DataFrame
        One row per speech, in the table's order: ``speech_id, place, year``; ``sentences`` (those counted:
        reused and original), ``reused``, ``share`` (reused / sentences), ``chars`` and ``reused_chars`` (their
        字), ``share_chars``, ``original_share`` (1 − share_chars: the speech's own 字), ``formula`` and ``short``
        (sentences not counted), ``reused_later`` (reused sentences whose source was given after the speech)
        and ``sources`` (the speeches it repeats, most-used first, with the number of sentences: ``国务院/2023 (41)、…``).

    See Also
    --------
    reuse : The sentences counted.
    reuse_passages : The reused passages.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c24", "a24"], "para_id": 0, "year": 2024,
    ...     "place": ["全国", "甲省"], "level": ["国家", "省"], "text": [
    ...     "要以科技创新引领现代化产业体系建设。", "要以科技创新引领现代化产业体系建设。全省粮食产量再创历史新高。"]})
    >>> row = la.reuse_summary(la.reuse(paragraphs)).iloc[0]
    >>> int(row.sentences), int(row.reused), float(row.share), row.sources
    (2, 1, 0.5, 'c24 (1)')
    """
    schema.check_made_by(table, ("speech_id", "status", "n_chars", "source_speech"), "reuse")
    rows = []
    for speech, group in table.groupby("speech_id", sort=False):
        status = group["status"]
        reused = group[status == "reused"]
        counted = group[status.isin(["reused", "original"])]
        chars, reused_chars = int(counted["n_chars"].sum()), int(reused["n_chars"].sum())
        tally = reused["source_speech"].value_counts(sort=False)
        tally = tally.iloc[np.lexsort((np.arange(len(tally)), -tally.to_numpy()))]
        first = group.iloc[0]
        rows.append((speech, first.get("place", ""), first.get("year", pd.NA), len(counted), len(reused),
                     len(reused) / len(counted) if len(counted) else float("nan"), chars, reused_chars,
                     reused_chars / chars if chars else float("nan"), 1 - reused_chars / chars if chars else float("nan"),
                     int((status == "formula").sum()), int((status == "short").sum()),
                     int(reused["source_later"].sum()) if "source_later" in reused else 0,
                     "、".join(f"{source} ({count})" for source, count in tally.items())))
    out = pd.DataFrame(rows, columns=["speech_id", "place", "year", "sentences", "reused", "share", "chars",
                                      "reused_chars", "share_chars", "original_share", "formula", "short",
                                      "reused_later", "sources"])
    if out["year"].notna().all() and len(out):
        out["year"] = out["year"].astype("Int64")
    return out


def reuse_passages(table: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive reused sentences with one source: the passages a speech shares, and with whom.

    A run is broken by an original sentence or a change of source; formula and short sentences between two
    reused sentences of one source neither break nor join it.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`reuse`.

    Returns
    -------
    DataFrame
        One row per passage, the longest first: ``speech_id, source_speech, first_para_id, last_para_id,
        sentences, n_chars`` (字 of the speech's sentences), ``text`` (the speech's sentences, joined) and
        ``source_text`` (the source's sentences, joined in the speech's order).

    See Also
    --------
    reuse : The sentences.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["c24", "a24"], "para_id": 0, "year": 2024,
    ...     "place": ["全国", "甲省"], "level": ["国家", "省"], "text": [
    ...     "要以科技创新引领现代化产业体系建设。", "要以科技创新引领现代化产业体系建设。全省粮食产量再创历史新高。"]})
    >>> la.reuse_passages(la.reuse(paragraphs))[["speech_id", "source_speech", "n_chars"]].values.tolist()
    [['a24', 'c24', 17]]
    """
    schema.check_made_by(table, ("speech_id", "status", "n_chars", "source_speech"), "reuse")
    passages: list[list[Any]] = []
    current: list[Any] | None = None
    columns = ("speech_id", "status", "source_speech", "para_id", "n_chars", "sentence", "source_text")
    for speech, status, source, para_id, n_chars, sentence, source_text in zip(
            *(table[c].tolist() for c in columns), strict=True):
        if status in ("formula", "short"):
            continue
        if status != "reused":
            current = None
            continue
        if current is not None and current[0] == speech and current[1] == source:
            current[3] = para_id
            current[4] += 1
            current[5] += int(n_chars)
            current[6].append(sentence)
            if source_text not in current[7]:
                current[7].append(source_text)
            continue
        current = [speech, source, para_id, para_id, 1, int(n_chars), [sentence], [source_text]]
        passages.append(current)
    out = pd.DataFrame([(*p[:6], "".join(p[6]), "".join(p[7])) for p in passages],
                       columns=["speech_id", "source_speech", "first_para_id", "last_para_id", "sentences",
                                "n_chars", "text", "source_text"])
    order = np.lexsort((np.arange(len(out)), -out["n_chars"].to_numpy(dtype=np.int64)))
    return out.iloc[order].reset_index(drop=True)
