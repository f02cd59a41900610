"""Dictionary measures: user categories of words and phrases counted where the text says them.

A dictionary maps entries (words or phrases) to categories, with an optional weight. It is read from YAML
(``{category: [entry, …]}`` or ``{category: {entry: weight}}``), CSV/TSV (columns ``category`` and ``entry``
— or ``term``/``word`` —, optional ``weight``), the LIWC ``.dic`` format (a ``%``-fenced block of numbered
categories, then one entry a line followed by its category numbers; a trailing ``*`` reads "and any
continuation") or a Python ``{category: entries}`` dict.

Matching is on the text, not the tokens: many entries are phrases the segmenter splits (四个 + 意识) or words
it keeps inside longer ones. The rule is leftmost-longest and non-overlapping (METHODS.md): scanning left to
right, at each position the longest entry starting there is taken and the scan goes on after it, so 全面深化改革
is one match of that entry and not also one of 深化改革 or 改革. An Aho–Corasick automaton (pyahocorasick) finds
every match in one pass over the text, for thousands of entries, and the leftmost-longest ones are kept. A wildcard entry ``改革*`` matches its stem wherever
it stands (Chinese writes no spaces, so every occurrence continues into some word); after a Latin stem the
match runs on over the letters and digits that follow (``reform*`` matches reforms). A Latin entry without
``*`` matches whole words only (GDP is not found inside GDPs). An entry in two categories counts for both,
as LIWC counts it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.occurrences import searched_texts
from lectureanalysis.errors import CorpusWarning, TermWarning, describe, user_stacklevel

#: the columns of :func:`dictionary_matches`
MATCH_COLUMNS = ("speech_id", "para_id", "start", "end", "match", "entry", "category", "weight")
#: the columns of :func:`dictionary_scores`
SCORE_COLUMNS = ("group", "category", "matches", "weighted", "entries_matched", "chars", "per_10k_chars")
#: the bundled dictionaries by name (``official_verbs``: categories of official-discourse verbs, written for
#: this package), read when ``read_dictionary`` is given the name
BUNDLED = {"official_verbs": Path(__file__).parent.parent / "resources" / "dictionaries" / "official_verbs.yaml"}
#: how many entries a warning names
NAMED = 12
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Dictionary:
    """A dictionary's entries: one row per (entry, category) with ``entry`` (as matched, ``*`` removed),
    ``category``, ``weight`` (1.0 unless given) and ``wildcard``; ``source`` names where it was read."""

    entries: pd.DataFrame
    source: str = "<dict>"

    @property
    def categories(self) -> list[str]:
        """The categories in the order the dictionary gives them."""
        return list(dict.fromkeys(self.entries["category"]))


def read_dictionary(source: str | Path | Mapping[str, object] | Dictionary) -> Dictionary:
    """Read a category dictionary from a YAML, CSV/TSV or LIWC ``.dic`` file, or a Python dict.

    Entries are stripped of spaces; an empty entry, or a line of a ``.dic`` file naming a category number
    the header does not define, is an error naming the file and the line. An entry listed in two categories
    gives a :class:`CorpusWarning` (it counts in both); an entry listed twice in one category is kept once.

    Parameters
    ----------
    source : str, Path, dict or Dictionary
        A ``.yaml``/``.yml``, ``.csv``/``.tsv`` or ``.dic`` file, ``{category: [entries]}`` /
        ``{category: {entry: weight}}``, or the name of a bundled dictionary: ``'official_verbs'`` (seven
        categories of the verbs official prose acts with — 推进, 指令, 加强, 坚持, 防范, 支持, 评价 —
        written for this package).

    Returns
    -------
    Dictionary
        Its ``entries`` table: ``entry, category, weight, wildcard``.

    See Also
    --------
    dictionary_scores : Count the categories in a corpus.

    Examples
    --------
    >>> d = la.read_dictionary({"推进": ["推进", "推动*"], "防范": {"防范化解": 2.0}})
    >>> d.entries.values.tolist()
    [['推进', '推进', 1.0, False], ['推动', '推进', 1.0, True], ['防范化解', '防范', 2.0, False]]
    """
    if isinstance(source, Dictionary):
        return source
    if isinstance(source, Mapping):
        rows = list(_mapping_rows(source, "<dict>"))
        origin = "<dict>"
    else:
        path = BUNDLED.get(str(source), Path(source))
        if not path.is_file():
            raise FileNotFoundError(describe(path, "no such dictionary file"))
        text = path.read_text(encoding="utf-8-sig")
        suffix = path.suffix.lower()
        origin = str(path)
        if suffix in (".yaml", ".yml"):
            import yaml

            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as error:
                raise ValueError(describe(path, f"not valid YAML ({error})")) from error
            if not isinstance(data, Mapping):
                raise ValueError(describe(path, "expected a mapping of categories to lists of entries"))
            rows = list(_mapping_rows(data, origin))
        elif suffix in (".csv", ".tsv", ".txt"):
            rows = list(_table_rows(text, origin, "\t" if suffix != ".csv" else ","))
        elif suffix == ".dic":
            rows = list(_dic_rows(text, origin))
        else:
            raise ValueError(describe(path, f"unknown dictionary format {suffix!r}: expected .yaml, .csv, .tsv or .dic"))
    return _finish(rows, origin)


def _entry(raw: object, origin: str, where: str) -> tuple[str, bool]:
    entry = re.sub(r"\s+", " ", str(raw)).strip()
    wildcard = entry.endswith("*")
    entry = entry.rstrip("*").strip()
    if not entry:
        raise ValueError(describe(origin, f"{where}: an empty entry"))
    return entry, wildcard


def _mapping_rows(data: Mapping[str, object], origin: str) -> Iterable[tuple[str, str, float, bool]]:
    for category, entries in data.items():
        if isinstance(entries, Mapping):
            items = list(entries.items())
        elif isinstance(entries, str | bytes) or not isinstance(entries, Iterable):
            raise ValueError(describe(origin, f"category {category!r}: expected a list of entries or "
                                              f"{{entry: weight}}, got {type(entries).__name__}"))
        else:
            items = [(e, 1.0) for e in entries]
        for raw, weight in items:
            entry, wildcard = _entry(raw, origin, f"category {category!r}")
            yield entry, str(category), _weight(weight, origin, entry), wildcard


def _weight(value: object, origin: str, entry: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(describe(origin, f"entry {entry!r}: the weight {value!r} is not a number")) from None


def _table_rows(text: str, origin: str, delimiter: str) -> Iterable[tuple[str, str, float, bool]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    entry_field = next((fields[n] for n in ("entry", "term", "word") if n in fields), None)
    if "category" not in fields or entry_field is None:
        raise ValueError(describe(origin, f"expected columns 'category' and 'entry' (or 'term'/'word'), "
                                          f"found {list(fields)}"))
    for number, row in enumerate(reader, start=2):
        entry, wildcard = _entry(row[entry_field] or "", origin, f"line {number}")
        weight = row.get(fields["weight"]) if "weight" in fields else None
        yield entry, str(row[fields["category"]]).strip(), _weight(weight or 1.0, origin, entry), wildcard


def _dic_rows(text: str, origin: str) -> Iterable[tuple[str, str, float, bool]]:
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(fences) < 2:
        raise ValueError(describe(origin, "a .dic file starts with a block of categories between two '%' lines"))
    names: dict[str, str] = {}
    for i in range(fences[0] + 1, fences[1]):
        parts = lines[i].split()
        if parts:
            if len(parts) < 2:
                raise ValueError(describe(origin, f"line {i + 1}: expected a category number and name"))
            names[parts[0]] = " ".join(parts[1:])
    for i in range(fences[1] + 1, len(lines)):
        parts = lines[i].split("\t") if "\t" in lines[i] else lines[i].split()
        parts = [p.strip() for p in parts if p.strip()]
        if not parts:
            continue
        entry, wildcard = _entry(parts[0], origin, f"line {i + 1}")
        if len(parts) < 2:
            raise ValueError(describe(origin, f"line {i + 1}: entry {entry!r} names no category"))
        for number in parts[1:]:
            if number not in names:
                raise ValueError(describe(origin, f"line {i + 1}: entry {entry!r} names category {number}, "
                                                  f"which the header does not define"))
            yield entry, names[number], 1.0, wildcard


def _finish(rows: list[tuple[str, str, float, bool]], origin: str) -> Dictionary:
    if not rows:
        raise ValueError(describe(origin, "the dictionary has no entries"))
    table = pd.DataFrame(rows, columns=["entry", "category", "weight", "wildcard"])
    table = table.drop_duplicates(["entry", "category"], keep="first").reset_index(drop=True)
    repeated = table[table.duplicated("entry", keep=False)]
    shared = repeated.groupby("entry", sort=False)["category"].agg(list)
    if len(shared):
        named = "; ".join(f"{e} ({' / '.join(c)})" for e, c in list(shared.items())[:NAMED])
        more = f" and {len(shared) - NAMED} more" if len(shared) > NAMED else ""
        warnings.warn(describe(origin, f"{len(shared)} entries stand in two or more categories and count in "
                                       f"each: {named}{more}"), CorpusWarning, stacklevel=user_stacklevel())
    return Dictionary(table, origin)


def _automaton(entries: list[str]) -> object:
    try:
        import ahocorasick
    except ImportError as error:  # a core dependency; a broken install is said plainly
        raise ImportError("dictionary matching needs pyahocorasick: pip install pyahocorasick") from error
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for index, entry in enumerate(entries):
        automaton.add_word(entry, index)
    automaton.make_automaton()
    return automaton


def _scan(entries: list[str], wildcard: np.ndarray, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(starts, ends, entry indices) of the leftmost-longest matches in ``text``; Latin entries on word bounds.

    The automaton reports every match (``iter``: overlapping ones too) in one pass; they are ordered by start,
    then length (longest first), one candidate kept per start, and taken left to right when they start at or
    after the end of the last one taken. (pyahocorasick's own ``iter_long`` misses a match after a longer
    entry's path fails: 发 in 全发 when 全发全 is an entry.)"""
    automaton = _automaton(entries)
    flat = np.fromiter(itertools.chain.from_iterable(automaton.iter(text)), dtype=np.int64)  # type: ignore[attr-defined]
    found = flat.reshape(-1, 2)
    lengths = np.fromiter(map(len, entries), dtype=np.int64, count=len(entries))
    index = found[:, 1]
    ends = found[:, 0] + 1
    starts = ends - lengths[index]
    latin = np.fromiter((bool(_LATIN.match(e[0])) or bool(_LATIN.match(e[-1])) for e in entries), dtype=bool,
                        count=len(entries))
    if latin[index].any():  # the few matches of Latin entries: word bounds, wildcards run on over letters
        keep = np.ones(len(index), dtype=bool)
        for i in np.flatnonzero(latin[index]):
            entry, start, end = entries[index[i]], int(starts[i]), int(ends[i])
            if _LATIN.match(entry[0]) and start > 0 and _LATIN.match(text[start - 1]):
                keep[i] = False
            elif _LATIN.match(entry[-1]):
                if wildcard[index[i]]:
                    while end < len(text) and _LATIN.match(text[end]):
                        end += 1
                    ends[i] = end
                elif end < len(text) and _LATIN.match(text[end]):
                    keep[i] = False
        starts, ends, index = starts[keep], ends[keep], index[keep]
    order = np.lexsort((-(ends - starts), starts))
    starts, ends, index = starts[order], ends[order], index[order]
    first = np.r_[True, starts[1:] != starts[:-1]] if len(starts) else np.zeros(0, dtype=bool)
    starts, ends, index = starts[first], ends[first], index[first]  # the longest match at each start
    taken = _leftmost(starts, ends)
    return starts[taken], ends[taken], index[taken]


def _leftmost(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The candidates taken scanning left to right (each the longest at its start, sorted by start): the first,
    then the first starting at or after its end, and so on — in array steps, not one step a match. Candidates
    fall into clusters of overlapping ones (a cluster starts where no earlier candidate reaches); every
    cluster's first candidate is taken, and the chain goes on inside each cluster, all clusters at once, for
    as many steps as the longest chain inside one (a few)."""
    n = len(starts)
    if not n:
        return np.zeros(0, dtype=np.int64)
    reach = np.maximum.accumulate(ends)
    opens = np.r_[True, starts[1:] >= reach[:-1]]
    cluster = np.cumsum(opens) - 1
    following = np.searchsorted(starts, ends)  # the first candidate starting at or after each one's end
    taken = np.zeros(n, dtype=bool)
    current = np.flatnonzero(opens)
    taken[current] = True
    while len(current):
        step = following[current]
        inside = step < n
        step, current = step[inside], current[inside]
        current = step[cluster[step] == cluster[current]]
        taken[current] = True
    return np.flatnonzero(taken)


def _match_arrays(paragraphs: pd.DataFrame, table: Dictionary) -> tuple:  # type: ignore[type-arg]
    """Every match in the paragraphs: (paragraph row, start, end, entry index) arrays and the entries."""
    from lectureanalysis.analysis.occurrences import SEPARATOR

    first = table.entries.drop_duplicates("entry")
    entries = first["entry"].tolist()
    wildcard = table.entries.groupby("entry", sort=False)["wildcard"].any().reindex(entries).to_numpy(dtype=bool)
    texts = searched_texts(paragraphs).tolist()
    joined = SEPARATOR.join(texts)  # no entry holds the separator: no match runs over two paragraphs
    starts, ends, index = _scan(entries, wildcard, joined)
    offsets = np.cumsum([0, *[len(t) + 1 for t in texts]])[:-1]
    rows = np.searchsorted(offsets, starts, side="right") - 1
    return rows, starts - offsets[rows], ends - offsets[rows], index, np.asarray(entries, dtype=object), joined, starts, ends


def dictionary_matches(paragraphs: pd.DataFrame, dictionary: str | Path | Mapping[str, object] | Dictionary,
                       ) -> pd.DataFrame:
    """Every match of a dictionary's entries in the paragraphs' text, one row per match and category.

    The rule is the module's (leftmost-longest, non-overlapping; wildcards; Latin entries on word bounds),
    on the text the concordance searches (every paragraph, headings included; Traditional speeches in their
    Simplified form, character for character).

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (:func:`lectureanalysis.load_paragraphs`).
    dictionary : str, Path, dict or Dictionary
        See :func:`read_dictionary`.

    Returns
    -------
    DataFrame
        Columns ``speech_id, para_id, start, end`` (offsets in the paragraph's text), ``match`` (the text
        matched), ``entry, category, weight``, in text order.

    See Also
    --------
    dictionary_scores : The matches counted per category and group.
    kwic : The concordance of one entry.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": "s", "para_id": [0], "text": ["全面深化改革，推动发展。"]})
    >>> d = {"改革": ["全面深化改革", "改革"], "推进": ["推动*"]}
    >>> la.dictionary_matches(paragraphs, d)[["start", "match", "category"]].values.tolist()
    [[0, '全面深化改革', '改革'], [7, '推动', '推进']]
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    table = read_dictionary(dictionary)
    return _matches_table(paragraphs, table, _match_arrays(paragraphs, table))[0]


def _matches_table(paragraphs: pd.DataFrame, table: Dictionary, arrays: tuple[np.ndarray, ...],
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    rows, starts, ends, index, entries, joined, at, until = arrays
    matches = pd.DataFrame({
        "speech_id": paragraphs["speech_id"].to_numpy()[rows], "para_id": paragraphs["para_id"].to_numpy()[rows],
        "start": starts, "end": ends, "match": [joined[a:b] for a, b in zip(at.tolist(), until.tolist(), strict=True)],
        "entry": entries[index], "_row": rows, "_order": np.arange(len(rows))})
    out = matches.merge(table.entries[["entry", "category", "weight"]], on="entry", how="left", sort=False)
    out = out.sort_values(["_order"], kind="stable").reset_index(drop=True)
    return out[list(MATCH_COLUMNS)], out["_row"].to_numpy()


def dictionary_scores(paragraphs: pd.DataFrame, dictionary: str | Path | Mapping[str, object] | Dictionary, *,
                      by: str = "speech_id", level: str = "category") -> pd.DataFrame:
    """Dictionary categories (or entries) counted per group, with rates per 万字.

    ``matches`` counts the matches of the category's entries (:func:`dictionary_matches`); ``weighted`` sums
    their weights (equal to ``matches`` when the dictionary gives none); ``per_10k_chars`` = matches × 10,000 /
    字 of the group (``n_chars``, the 字 :func:`count_chars` counts, headings included). Every category
    appears for every group, with 0 where nothing matched. Entries that never match anywhere are named in a
    :class:`TermWarning`.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (:func:`lectureanalysis.load_paragraphs`).
    dictionary : str, Path, dict or Dictionary
        See :func:`read_dictionary`.
    by : str, default 'speech_id'
        The paragraph column whose values are the groups (``year``, ``place`` …).
    level : {'category', 'entry'}, default 'category'
        Count per category, or per entry (with its category).

    Returns
    -------
    DataFrame
        Columns ``group, category`` (then ``entry`` at ``level='entry'``), ``matches, weighted,
        entries_matched`` (distinct entries matched), ``chars, per_10k_chars``; rows by group, then the
        dictionary's order.

    See Also
    --------
    dictionary_matches : The matches themselves.
    read_dictionary : The formats read.

    Examples
    --------
    >>> scores = la.dictionary_scores(report_paragraphs, "official_verbs", by="year")
    >>> scores[scores.category == "防范"][["group", "matches"]].values.tolist()
    [[2014, 10], [2024, 32]]
    """
    schema.check_choice("level", level, ("category", "entry"))
    schema.validate_paragraphs(paragraphs, (by, "n_chars"))
    table = read_dictionary(dictionary)
    rows, _, _, index, entries, *_ = _match_arrays(paragraphs, table)
    labels = sorted(pd.unique(paragraphs[by].dropna()))
    group_of_row = pd.Categorical(paragraphs[by], categories=labels).codes.astype(np.int64)
    chars = paragraphs.groupby(by, sort=True)["n_chars"].sum()
    groups = group_of_row[rows]
    kept = groups >= 0  # paragraphs without a value of `by` are left out
    per_cell = np.bincount(groups[kept] * len(entries) + index[kept], minlength=len(labels) * len(entries))
    cells = pd.DataFrame({"group": np.repeat(np.arange(len(labels)), len(entries)),
                          "entry": np.tile(entries, len(labels)), "count": per_cell})
    counted_entries = np.bincount(index, minlength=len(entries))
    never = [e for e, c in zip(entries.tolist(), counted_entries.tolist(), strict=True) if c == 0]
    if never:
        more = f" and {len(never) - NAMED} more" if len(never) > NAMED else ""
        warnings.warn(describe(table.source, f"{len(never)} of {len(entries)} entries never match the text: "
                                             f"{', '.join(never[:NAMED])}{more}"), TermWarning,
                      stacklevel=user_stacklevel())
    keys = ["category"] if level == "category" else ["category", "entry"]
    cells = cells.merge(table.entries[["entry", "category", "weight"]], on="entry", how="inner", sort=False)
    cells = cells.assign(weighted=cells["count"] * cells["weight"], present=(cells["count"] > 0).astype(np.int64))
    frame = table.entries[keys].drop_duplicates().reset_index(drop=True)
    counted = cells.groupby(["group", *keys], sort=False)[["count", "weighted", "present"]].sum()
    grid = pd.MultiIndex.from_arrays([np.repeat(np.arange(len(labels)), len(frame)),
                                      *[np.tile(frame[k].to_numpy(), len(labels)) for k in keys]],
                                     names=["group", *keys])
    out = counted.reindex(grid, fill_value=0).reset_index()
    out = out.rename(columns={"count": "matches", "present": "entries_matched"})
    out["group"] = np.asarray(labels, dtype=object)[out["group"].to_numpy()] if labels else out["group"]
    if labels and all(isinstance(v, int | np.integer) for v in labels):
        out["group"] = out["group"].astype(np.int64)
    out["matches"] = out["matches"].astype(np.int64)
    out["entries_matched"] = out["entries_matched"].astype(np.int64)
    out["weighted"] = out["weighted"].astype(float)
    out["chars"] = out["group"].map(chars).astype(np.int64)
    out["per_10k_chars"] = np.where(out["chars"] > 0, out["matches"] * 10_000 / out["chars"].where(out["chars"] > 0, 1),
                                    np.nan)
    return out[["group", *keys, *SCORE_COLUMNS[2:]]]
