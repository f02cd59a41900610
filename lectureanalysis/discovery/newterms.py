"""New-term discovery: words and phrases the segmenter's dictionary lacks, found as runs of tokens that hold
together and stand free of their neighbours, and fed back into the dictionary with an audit of what changed.

Candidates are runs of 2 … ``max_tokens`` consecutive tokens of one paragraph, with no punctuation inside,
neither end a stop word, no token a date or a figure (2019年, 5.2%, 一九五四年, 百分之六) and the last not a
number (a counted numeral may open a run: 四个 + 现代化, 两个 + 毫不动摇), at most ``max_chars`` 字,
not already a word of the dictionary (jieba's, the bundled domain dictionary and the user's). A run the
segmenter cuts (新质 + 生产力, 放 + 管 + 服) is how an unknown word shows in a token table.

Cohesion: with c(·) a count and N the word tokens (punctuation left out), the run w = a·b split at each
point, PMI = min over splits of log₂(c(w)·N / (c(a)·c(b))) — a run holds together when even its weakest
split is far more frequent than chance. Boundary freedom: the entropy (bits) of the tokens just left and
just right of the run, −Σ p log₂ p over its neighbours, a paragraph's start or end and punctuation counting
as one neighbour, "boundary", and quotation marks looked through (坚持“两个毫不动摇” has 坚持 on its left);
a true word is used in many contexts, a fragment of a longer word always sees
the same neighbour, and a stock clause repeated whole (着力推动高质量发展。) always sees the boundary. ``score`` = PMI × min(left, right entropy); the table is sorted by it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis._kernels import paragraph_codes, token_types
from lectureanalysis.analysis.frequency import term_frequencies
from lectureanalysis.discovery._common import dates_or_figures, numbers_or_dates
from lectureanalysis.errors import CorpusWarning, user_stacklevel
from lectureanalysis.structure.characters import count_chars_many
from lectureanalysis.tokens import linking
from lectureanalysis.tokens.dictionary import domain_dictionary, resolve_userdict

#: the columns of :func:`discover_terms`
TERM_COLUMNS = ("term", "split_as", "frequency", "as_run", "speeches", "pmi", "left_entropy", "right_entropy", "score",
                "first", "first_speech", "context")
#: quotation marks, looked through when a run's neighbours are found
QUOTES = "“”‘’「」『』\"'《》〈〉"
#: characters each side of the candidate in ``context``
CONTEXT = 20


@lru_cache(maxsize=1)
def _dictionary_words() -> object:
    """A membership test for jieba's dictionary (rjieba's copy when installed, else jieba's own)."""
    try:
        import rjieba

        return rjieba.has_word
    except ImportError:
        import jieba

        jieba.initialize()
        return jieba.dt.FREQ.__contains__


def _levels(codes: np.ndarray, usable: np.ndarray, same_next: np.ndarray, n_types: int, max_tokens: int,
            min_count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """For n = 1 … max_tokens: each position's n-gram id (−1 where the run is broken or rarer than
    ``min_count``, so it cannot grow) and the count of each id."""
    ids = np.where(usable, codes, -1)
    counts = np.bincount(codes[usable], minlength=n_types)
    ids = np.where((ids >= 0) & (counts[np.maximum(ids, 0)] >= min_count), ids, -1)
    levels = [(ids, counts)]
    for n in range(2, max_tokens + 1):
        previous = levels[-1][0]
        start_ok = np.zeros(len(codes), dtype=bool)
        shift = n - 1
        if len(codes) > shift:
            nxt = codes[shift:]
            ok = (previous[:-shift] >= 0) & usable[shift:] & same_next[:len(codes) - shift]
            start_ok[:-shift] = ok
            keys = np.full(len(codes), -1, dtype=np.int64)
            keys[:-shift] = np.where(ok, previous[:-shift].astype(np.int64) * n_types + nxt, -1)
        else:
            keys = np.full(len(codes), -1, dtype=np.int64)
        valid = keys >= 0
        uniques, inverse, found = np.unique(keys[valid], return_inverse=True, return_counts=True)
        frequent = found >= min_count
        dense = np.cumsum(frequent) - 1
        new_ids = np.full(len(codes), -1, dtype=np.int64)
        new_ids[valid] = np.where(frequent[inverse], dense[inverse], -1)
        levels.append((new_ids, found[frequent]))
        del uniques
    return levels


def _neighbour(codes: np.ndarray, quote: np.ndarray, usable: np.ndarray, paragraph: np.ndarray,
               edge: np.ndarray, step: int) -> np.ndarray:
    """The token next to each run's ``edge`` row on one side (``step`` −1 left, 1 right), looking through
    quotation marks (坚持“两个毫不动摇” has 坚持 on its left); −1 for a boundary (other punctuation, the
    paragraph's start or end)."""
    out = np.full(len(edge), -1, dtype=np.int64)
    position = edge + step
    open_ = np.ones(len(edge), dtype=bool)
    for _ in range(3):  # through at most two quotation marks
        inside = open_ & (position >= 0) & (position < len(codes))
        at = np.clip(position, 0, len(codes) - 1)
        inside &= paragraph[at] == paragraph[edge]
        word = inside & usable[at]
        out[word] = codes[at[word]]
        open_ = inside & quote[at]
        position = position + step
    return out


def _entropy(candidate: np.ndarray, neighbour: np.ndarray, n_candidates: int) -> np.ndarray:
    """Entropy (bits) of each candidate's neighbours (−1, a boundary, is one neighbour like any other)."""
    keys = pd.DataFrame({"c": candidate, "n": neighbour}).value_counts().reset_index()
    totals = np.bincount(candidate, minlength=n_candidates).astype(float)
    share = keys["count"].to_numpy(dtype=float) / totals[keys["c"].to_numpy()]
    return np.bincount(keys["c"].to_numpy(), weights=-share * np.log2(share), minlength=n_candidates)


def discover_terms(tokens: pd.DataFrame, *, min_count: int = 5, max_tokens: int = 4, max_chars: int = 10,
                   min_pmi: float = 3.0, min_entropy: float = 0.5, userdict: object = None, by: str = "year",
                   top: int | None = 1000) -> pd.DataFrame:
    """Candidate new terms: token runs that hold together and stand free, not in the dictionary.

    The candidates, cohesion (PMI) and boundary freedom (entropy) are the module's
    (:mod:`lectureanalysis.discovery.newterms`). Counts are of the run of tokens, so they are what the token
    table would count once the term is a word; :func:`kwic` shows every place the text says it.

    Parameters
    ----------
    tokens : DataFrame
        The token table of :func:`segment`.
    min_count : int, default 5
        The fewest occurrences.
    max_tokens : int, default 4
        The longest run, in tokens (2 … 8).
    max_chars : int, default 10
        The longest candidate, in 字.
    min_pmi : float, default 3.0
        The least cohesion (bits).
    min_entropy : float, default 0.5
        The least entropy on either side (bits).
    userdict : str, Path or list of str, optional
        The user dictionary the tokens were segmented with: its words are not candidates.
    by : str, default 'year'
        The column whose first value is ``first`` (when the tokens have it).
    top : int or None, default 1000
        Keep the best-scoring candidates (None: all).

    Returns
    -------
    DataFrame
        Columns ``term``, ``split_as`` (the tokens, joined by " / "), ``frequency`` (where the text says it, as
        :func:`kwic` counts), ``as_run`` (the occurrences segmented as ``split_as``), ``speeches``, ``pmi``,
        ``left_entropy``, ``right_entropy``, ``score``, ``first`` (the first value of ``by``), ``first_speech``
        and ``context`` (the first occurrence with 20 characters either side, the term in 【】), best first.

    See Also
    --------
    accept : Add chosen terms to the user dictionary and see what changes.
    formulations : Numbered formulations (五个坚持), found by their pattern.

    Examples
    --------
    >>> found = la.discover_terms(report_tokens, min_count=3)
    >>> found[["term", "split_as"]].head(2).values.tolist()
    [['新型城镇化', '新型 / 城镇化'], ['人民群众', '人民 / 群众']]
    """
    schema.check_whole("min_count", min_count, minimum=2)
    max_tokens = schema.check_whole("max_tokens", max_tokens, minimum=2, maximum=8)
    schema.validate_tokens(tokens, ())
    codes, types, punctuation, _ = token_types(tokens)
    stop_type = np.zeros(len(types), dtype=bool)
    stop_type[codes[tokens["is_stopword"].to_numpy(dtype=bool)]] = True
    numeric, dated = numbers_or_dates(types), dates_or_figures(types)
    paragraph = paragraph_codes(tokens)
    usable = ~punctuation[codes]
    quote = np.isin(np.asarray(types, dtype=object), list(QUOTES))[codes]
    same_next = np.r_[paragraph[1:] == paragraph[:-1], False]
    n_words = int(usable.sum())
    periods = np.zeros(len(codes))
    if linking.has_column(tokens, by):
        per_run, run_of_token = linking.by_run(tokens, by)
        periods = np.nan_to_num(pd.to_numeric(per_run, errors="coerce").to_numpy(dtype=float), nan=np.inf)[run_of_token]
    levels = _levels(codes, usable, same_next, len(types), max_tokens, min_count)
    speech = pd.factorize(tokens["speech_id"])[0]
    type_chars = np.asarray(count_chars_many(types), dtype=np.int64) if types else np.zeros(0, np.int64)
    known = _dictionary_words()
    own = {w for w, _, _ in domain_dictionary()} | {w for w, _, _ in resolve_userdict(userdict)}  # type: ignore[arg-type]
    pieces = []
    for n in range(2, max_tokens + 1):
        ids, counts = levels[n - 1]
        starts = np.flatnonzero(ids >= 0)
        if not len(starts):
            continue
        first_token, last_token = codes[starts], codes[starts + n - 1]
        window = np.stack([codes[starts + k] for k in range(n)])
        chars = type_chars[window].sum(axis=0)
        ok = ~stop_type[first_token] & ~stop_type[last_token] & ~numeric[last_token] & ~dated[window].any(axis=0) \
            & (chars <= max_chars)
        starts = starts[ok]
        if not len(starts):
            continue
        cand = ids[starts]
        # each candidate's first occurrence: in the earliest period when there are periods, else in table order
        order = np.lexsort((starts, periods[starts], cand))
        uniq, first_at = np.unique(cand[order], return_index=True)
        at = starts[order[first_at]]
        # cohesion: the weakest split, from the counts of the parts at that occurrence
        pmi = np.full(len(uniq), np.inf)
        for k in range(1, n):
            left = levels[k - 1][1][levels[k - 1][0][at]]
            right = levels[n - k - 1][1][levels[n - k - 1][0][at + k]]
            pmi = np.minimum(pmi, np.log2(counts[uniq] * n_words / (left.astype(float) * right)))
        local = np.searchsorted(uniq, cand)
        left_n = _neighbour(codes, quote, usable, paragraph, starts, -1)
        right_n = _neighbour(codes, quote, usable, paragraph, starts + n - 1, 1)
        left_h = _entropy(local, left_n, len(uniq))
        right_h = _entropy(local, right_n, len(uniq))
        n_speeches = pd.DataFrame({"c": local, "s": speech[starts]}).drop_duplicates()["c"].value_counts()
        pieces.append(pd.DataFrame({
            "_at": at, "_n": n, "as_run": counts[uniq].astype(np.int64),
            "speeches": n_speeches.reindex(np.arange(len(uniq)), fill_value=0).to_numpy(dtype=np.int64),
            "pmi": pmi, "left_entropy": left_h, "right_entropy": right_h}))
    if not pieces:
        return pd.DataFrame(columns=list(TERM_COLUMNS))
    table = pd.concat(pieces, ignore_index=True)
    table = table[(table["pmi"] >= min_pmi) & (np.minimum(table["left_entropy"], table["right_entropy"]) >= min_entropy)]
    words = [[types[codes[a + k]] for k in range(n)] for a, n in zip(table["_at"], table["_n"], strict=True)]
    table = table.assign(term=["".join(w) for w in words], split_as=[" / ".join(w) for w in words])
    unknown = np.array([not (t in own or known(t)) for t in table["term"]], dtype=np.bool_)  # type: ignore[operator]
    table = table[unknown]  # a boolean array: an empty list would pick no column, not no row
    table = table.assign(score=table["pmi"] * np.minimum(table["left_entropy"], table["right_entropy"]))
    # a run and a longer run holding it: keep both (the reader chooses), but one term spelled by two splits once
    table = table.sort_values(["score", "as_run", "term"], ascending=[False, False, True], kind="stable")
    table = table.drop_duplicates("term").head(top if top is not None else len(table))
    return _finish(tokens, table, by)


def _finish(tokens: pd.DataFrame, table: pd.DataFrame, by: str) -> pd.DataFrame:
    """First use and a context line for each candidate, from its first occurrence (``_at``)."""
    at = table["_at"].to_numpy()
    firsts = at
    rows = tokens.iloc[firsts]
    texts = linking.values(rows, "text") if linking.has_column(tokens, "text") else None
    context = []
    for i, (term, row) in enumerate(zip(table["term"], firsts, strict=True)):
        if texts is None:
            context.append("")
            continue
        text, start = str(texts.iloc[i]), int(tokens["start"].iloc[row])
        context.append(f"{text[max(0, start - CONTEXT):start]}【{term}】{text[start + len(term):start + len(term) + CONTEXT]}")
    first = linking.values(rows, by).to_numpy() if linking.has_column(tokens, by) else np.full(len(at), None)
    out = table.assign(first=first, first_speech=rows["speech_id"].astype(str).to_numpy(), context=context,
                       frequency=_text_counts(tokens, table["term"].tolist()))
    return out[list(TERM_COLUMNS)].reset_index(drop=True)


def _text_counts(tokens: pd.DataFrame, terms: list[str]) -> np.ndarray:
    """Each term's non-overlapping occurrences in the paragraphs' text (``str.count``), in one Aho–Corasick pass
    (a term overlapping itself, such as 哈哈哈, is counted with ``str.count``)."""
    from lectureanalysis.analysis.occurrences import SEPARATOR, searched_texts

    table = linking.linked(tokens)
    if table is None or not terms:
        return np.full(len(terms), -1, dtype=np.int64)
    text = SEPARATOR.join(searched_texts(table).tolist())
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    found = np.fromiter((index for _, index in automaton.iter(text)), dtype=np.int64)
    counts = np.bincount(found, minlength=len(terms))
    for index, term in enumerate(terms):
        if any(term[:k] == term[-k:] for k in range(1, len(term))):
            counts[index] = text.count(term)
    return counts


@dataclass(frozen=True)
class Acceptance:
    """What :func:`accept` did: the new ``tokens``, the ``userdict`` file now holding the terms, ``audit`` (per
    term and way the text was segmented, before and after) and ``changes`` (every token whose count moved)."""

    tokens: pd.DataFrame
    userdict: Path
    audit: pd.DataFrame
    changes: pd.DataFrame


def accept(terms: str | list[str], paragraphs: pd.DataFrame, tokens: pd.DataFrame, *,
           userdict: str | Path = "userdict.txt", **segment_options: object) -> Acceptance:
    """Add terms to the user's dictionary file, segment again, and report exactly which counts changed.

    The terms are appended to ``userdict`` (a jieba dictionary the user keeps: ``word freq`` a line; made when
    missing; terms already in it are not repeated) with a frequency high enough that the segmenter keeps them
    whole. The bundled domain dictionary is not touched. The paragraphs are segmented with that file
    (``segment(paragraphs, userdict=userdict, **segment_options)``), and the two token tables compared.

    Parameters
    ----------
    terms : str or list of str
        The terms to add (e.g. chosen from :func:`discover_terms`).
    paragraphs : DataFrame
        The paragraph table the tokens were made from.
    tokens : DataFrame
        The token table before (segmented without these terms).
    userdict : str or Path, default 'userdict.txt'
        The user's dictionary file.
    **segment_options
        Passed on to :func:`segment` (``backend``, ``stopwords`` …; not ``userdict``).

    Returns
    -------
    Acceptance
        ``tokens`` (the new table), ``userdict`` (the file), ``audit`` — ``term, before, after, occurrences``:
        each way a term's occurrences were segmented (" / " between tokens, a token running past the term in
        […]) with how many occurrences, before and after — and ``changes`` — ``feature, before, after,
        change`` for every token type whose count moved, largest change first.

    See Also
    --------
    discover_terms : Candidates to accept.
    segment : The segmenter and its ``userdict``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.txt"
    >>> done = la.accept(["稳增长"], report_paragraphs, report_tokens, userdict=path, progress=False)
    >>> done.audit.values.tolist()
    [['稳增长', '稳 / 增长', '稳增长', 7], ['稳增长', '[中稳] / 增长', '稳增长', 1]]
    >>> path.read_text(encoding="utf-8")
    '稳增长 100000\\n'
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms or any(not isinstance(t, str) or not t.strip() or any(c.isspace() for c in t) for t in terms):
        raise ValueError(f"terms: expected words without spaces, got {terms!r}")
    if "userdict" in segment_options:
        raise ValueError("userdict: give the file as accept(…, userdict=path); the terms are added to it")
    from lectureanalysis.tokens.segmentation import segment

    path = Path(userdict)
    present = {w for w, _, _ in resolve_userdict(path)} if path.is_file() else set()
    added = [t for t in dict.fromkeys(terms) if t not in present]
    if added:
        with path.open("a", encoding="utf-8") as handle:
            handle.writelines(f"{t} 100000\n" for t in added)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        after = segment(paragraphs, userdict=path, **segment_options)  # type: ignore[arg-type]
    for warning in caught:  # the segmenter's notes (a term still split) reach the user as they were raised
        warnings.warn(warning.message, warning.category, stacklevel=user_stacklevel())
    audit = pd.concat([_audit(paragraphs, tokens, after, term) for term in terms], ignore_index=True)
    before_counts = term_frequencies(tokens, exclude_stopwords=False).set_index("feature")["frequency"]
    after_counts = term_frequencies(after, exclude_stopwords=False).set_index("feature")["frequency"]
    both = pd.concat([before_counts.rename("before"), after_counts.rename("after")], axis=1).fillna(0).astype(np.int64)
    both["change"] = both["after"] - both["before"]
    changes = both[both["change"] != 0].rename_axis("feature").reset_index()
    changes = changes.iloc[np.lexsort((changes["feature"].to_numpy(), -changes["change"].abs().to_numpy()))]
    return Acceptance(after, path, audit, changes.reset_index(drop=True))


def _audit(paragraphs: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame, term: str) -> pd.DataFrame:
    """How each occurrence of ``term`` in the text was segmented before and after: the tokens overlapping it."""
    from lectureanalysis.analysis.occurrences import searched_texts

    texts = searched_texts(paragraphs)
    holding = paragraphs.loc[texts.str.contains(term, regex=False), ["speech_id", "para_id"]]
    spans = []
    for table in (before, after):
        keys = pd.MultiIndex.from_frame(holding)
        rows = table[pd.MultiIndex.from_frame(table[["speech_id", "para_id"]].astype(
            {"speech_id": holding["speech_id"].dtype})).isin(keys)]
        by_para = {k: g for k, g in rows.groupby(["speech_id", "para_id"], sort=False, observed=True)}
        found = []
        for key, text in zip(holding.itertuples(index=False, name=None), texts[holding.index], strict=True):
            group = by_para.get(key)
            if group is None:
                continue
            starts = group["start"].to_numpy()
            words = group["token"].astype(str).to_numpy()
            ends = starts + np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
            position = text.find(term)
            while position >= 0:
                end = position + len(term)
                cover = np.flatnonzero((ends > position) & (starts < end))
                shown = []
                for i in cover:
                    word = words[i]
                    if starts[i] < position or ends[i] > end:
                        word = f"[{word}]"
                    shown.append(word)
                found.append(" / ".join(shown))
                position = text.find(term, end)
        spans.append(found)
    pairs = pd.DataFrame({"before": spans[0], "after": spans[1]}) if len(spans[0]) == len(spans[1]) else \
        pd.DataFrame({"before": spans[0], "after": [""] * len(spans[0])})
    counted = pairs.value_counts().rename("occurrences").reset_index()
    counted.insert(0, "term", term)
    return counted.sort_values(["occurrences", "before", "after"], ascending=[False, True, True],
                               kind="stable").reset_index(drop=True)
