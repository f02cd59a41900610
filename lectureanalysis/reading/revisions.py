"""What changed between two texts: sentences aligned in order and labelled, as a 两会 journalist compares this
year's report with last year's by hand.

Each text is cut into sentences (a heading is one sentence; a body paragraph ends a sentence at 。！？!?…; and
at ；, since the genre lists its tasks in clauses). The two sentence lists are aligned in order: identical
sentences first (the longest common runs, :class:`difflib.SequenceMatcher`), then, inside each stretch that
differs, the most similar sentences paired in order (rapidfuzz's normalised Indel similarity, the share of
characters the two have in common in order). Each sentence of either text gets one label:

- ``kept``: the same sentence (after whitespace is removed) in the same top-level section;
- ``numbers``: the same but for its numbers and years (2023年 → 2024年, 5% → 5.5%, 一千万 → 一千二百万);
- ``reworded``: paired with a sentence at least ``threshold`` similar (its character diff in ``diff``);
- ``moved``: the same sentence in another top-level section;
- ``new``: only in ``b``; ``dropped``: only in ``a``.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from lectureanalysis import schema

#: the labels of :func:`changes`, in the order of :func:`change_summary`'s columns
LABELS = ("kept", "numbers", "reworded", "moved", "new", "dropped")
#: the columns of :func:`changes`
CHANGE_COLUMNS = ("label", "similarity", "a_para_id", "a_section", "a_text", "b_para_id", "b_section", "b_text",
                  "diff")
#: where a sentence ends: the sentence marks, and ； (the genre's clauses of tasks), with closing quotes kept
_SENTENCE = re.compile(r"[^。！？!?…；;]*(?:[。！？!?…；;]+[”’」』）)】》\"']*|$)")
#: numbers as the genre writes them: Arabic (with decimals, thousands and %), Chinese numerals, 两
_NUMBER = re.compile(r"\d+(?:[.,，]\d+)*\s*[%％‰]?|[〇零一二三四五六七八九十百千万亿两]+(?=[年月日号个项%％倍万亿元人次家所条]|$)")
_SPACE = re.compile(r"\s+")


def _sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of one speech's paragraphs: ``para_id, top, section, text, key, shape`` (``top``: the
    top-level section's number, "0" before the first heading; ``section``: its heading)."""
    n = len(paragraphs)
    texts = paragraphs["text"].astype(str).tolist()
    para_ids = paragraphs["para_id"].tolist()
    has_outline = "section_id" in paragraphs
    tops = paragraphs["section_id"].astype(str).str.split(".").str[0].tolist() if has_outline else ["0"] * n
    heads = paragraphs["is_heading"].astype(bool).tolist() if "is_heading" in paragraphs else [False] * n
    levels = paragraphs["level"].tolist() if "level" in paragraphs else [1] * n
    headings: dict[str, str] = {}
    if has_outline:
        for section, text, heading, level in zip(tops, texts, heads, levels, strict=True):
            if heading and level == 1 and section not in headings:
                headings[section] = text
    rows = []
    for para_id, top, text, heading in zip(para_ids, tops, texts, heads, strict=True):
        section = headings.get(top, "（开头）" if top == "0" else "") if has_outline else ""
        pieces = [text] if heading else [m.group() for m in _SENTENCE.finditer(text) if m.group().strip()]
        for piece in pieces:
            key = _SPACE.sub("", piece)
            if key:
                rows.append((int(para_id), top, section, piece.strip(), key, _NUMBER.sub("#", key)))
    return pd.DataFrame(rows, columns=["para_id", "top", "section", "text", "key", "shape"])


def _char_diff(a: str, b: str) -> str:
    """``a`` turned into ``b`` as text: removed characters in ``[-…-]``, added ones in ``{+…+}``."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(a[i1:i2])
        if op in ("delete", "replace"):
            out.append(f"[-{a[i1:i2]}-]")
        if op in ("insert", "replace"):
            out.append(f"{{+{b[j1:j2]}+}}")
    return "".join(out)


def _pair(left: list[str], right: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, similarity) of sentences at least ``threshold`` similar, the most similar first
    (a report reorders its tasks from year to year: a rewording is sought in the whole of the other text)."""
    if not left or not right:
        return []
    from rapidfuzz import fuzz, process

    scores = process.cdist(left, right, scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100.0
    rows, columns = np.nonzero(scores >= threshold)
    order = np.lexsort((columns, rows, -scores[rows, columns]))  # most similar first; ties in text order
    pairs, used_i, used_j = [], set(), set()
    for k in order:
        i, j = int(rows[k]), int(columns[k])
        if i not in used_i and j not in used_j:
            pairs.append((i, j, float(scores[i, j])))
            used_i.add(i)
            used_j.add(j)
    return pairs


def _one_speech(paragraphs: pd.DataFrame, speech: object, name: str) -> pd.DataFrame:
    rows = paragraphs[paragraphs["speech_id"] == speech]
    if rows.empty:
        raise ValueError(f"{name}: no speech {speech!r} in the paragraph table")
    return rows


def changes(paragraphs: pd.DataFrame, a: object, b: object, *, threshold: float = 0.6) -> pd.DataFrame:
    """What changed from speech ``a`` to speech ``b``: every sentence of both, aligned and labelled.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table holding both speeches (:func:`lectureanalysis.load_paragraphs`).
    a, b : str
        The ``speech_id`` of the earlier and of the later text.
    threshold : float, default 0.6
        The least similarity (0–1, the share of characters two sentences have in common in order) at which a
        sentence of ``b`` counts as a rewording of one of ``a``.

    Returns
    -------
    DataFrame
        Columns ``label`` (``kept, numbers, reworded, moved, new, dropped``), ``similarity`` (1 for kept and
        moved, the pair's similarity for numbers and reworded, NaN for new and dropped), ``a_para_id,
        a_section, a_text``, ``b_para_id, b_section, b_text`` (the sentence in each text, its paragraph and its
        top-level section's heading; empty on the side it is missing from) and ``diff`` (for reworded and
        numbers: ``a_text`` turned into ``b_text``, removed characters in ``[-…-]``, added in ``{+…+}``). Rows
        follow ``b``; a dropped sentence stands where it stood in ``a``.

    See Also
    --------
    change_summary : The counts per top-level section.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["2023", "2024"], "para_id": [0, 0],
    ...     "text": ["今年增长5%左右。继续深化改革。", "今年增长5%左右。全面深化改革。发展新质生产力。"]})
    >>> la.changes(paragraphs, "2023", "2024")[["label", "b_text"]].values.tolist()
    [['kept', '今年增长5%左右。'], ['reworded', '全面深化改革。'], ['new', '发展新质生产力。']]
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold: expected a similarity in (0, 1], got {threshold!r}")
    left, right = _sentences(_one_speech(paragraphs, a, "a")), _sentences(_one_speech(paragraphs, b, "b"))
    records: list[tuple] = []

    a_rows = list(zip(left["para_id"], left["section"], left["text"], strict=True))  # plain tuples: no pandas
    b_rows = list(zip(right["para_id"], right["section"], right["text"], strict=True))  # lookups per sentence
    a_key, b_key = left["key"].tolist(), right["key"].tolist()
    a_top, b_top = left["top"].tolist(), right["top"].tolist()
    a_shape, b_shape = left["shape"].tolist(), right["shape"].tolist()

    def row(label: str, similarity: float, i: int | None, j: int | None) -> None:
        x = a_rows[i] if i is not None else (pd.NA, "", "")
        y = b_rows[j] if j is not None else (pd.NA, "", "")
        diff = _char_diff(x[2], y[2]) if label in ("reworded", "numbers") else ""
        records.append((label, similarity, *x, *y, diff))

    matcher = difflib.SequenceMatcher(None, a_key, b_key, autojunk=False)
    partner: dict[int, tuple[int, float, str]] = {}  # b sentence -> (a sentence, similarity, label)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            same = a_top[block.a + k] == b_top[block.b + k]
            partner[block.b + k] = (block.a + k, 1.0, "kept" if same else "moved")
    matched_a = {v[0] for v in partner.values()}
    rest_a = [i for i in range(len(left)) if i not in matched_a]
    rest_b = [j for j in range(len(right)) if j not in partner]
    for i, j, similarity in _pair([a_key[i] for i in rest_a], [b_key[j] for j in rest_b], threshold):
        a_index, b_index = rest_a[i], rest_b[j]
        if a_key[a_index] == b_key[b_index]:  # word for word, out of the common order
            label = "kept" if a_top[a_index] == b_top[b_index] else "moved"
        else:
            label = "numbers" if a_shape[a_index] == b_shape[b_index] else "reworded"
        partner[b_index] = (a_index, similarity, label)
    placed = {v[0]: j for j, v in partner.items()}
    keys: list[tuple[float, int]] = []
    for j in range(len(right)):
        if j in partner:
            i, similarity, label = partner[j]
            row(label, similarity, i, j)
        else:
            row("new", float("nan"), None, j)
        keys.append((float(j), 0))
    previous = -1.0  # a dropped sentence stands after the sentence of b that its predecessor in a became
    for i in range(len(left)):
        if i in placed:
            previous = float(placed[i])
        else:
            row("dropped", float("nan"), i, None)
            keys.append((previous + 0.5, i))
    records[:] = [records[k] for k in sorted(range(len(records)), key=lambda k: keys[k])]
    table = pd.DataFrame(records, columns=list(CHANGE_COLUMNS))
    table["a_para_id"] = table["a_para_id"].astype("Int64")
    table["b_para_id"] = table["b_para_id"].astype("Int64")
    return table.reset_index(drop=True)


def change_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Counts of :func:`changes`' labels per top-level section: which sections grew, which were rewritten.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`changes`.

    Returns
    -------
    DataFrame
        One row per top-level section (of ``b``, a section of ``a`` counted with the section of ``b`` its heading
        became; of ``a`` for a section only ``a`` has), in text order, with
        columns ``section``, the six labels' counts (``kept, numbers, reworded, moved, new, dropped``),
        ``sentences_a``, ``sentences_b`` and ``changed_share`` (the share of ``b``'s sentences that are not
        kept word for word).

    See Also
    --------
    changes : The sentences counted.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["2023", "2024"], "para_id": [0, 0],
    ...     "text": ["今年增长5%左右。继续深化改革。", "今年增长5%左右。全面深化改革。发展新质生产力。"]})
    >>> summary = la.change_summary(la.changes(paragraphs, "2023", "2024"))
    >>> summary[["kept", "reworded", "new", "sentences_b"]].values.tolist()
    [[1, 1, 1, 3]]
    """
    schema.check_made_by(table, ("label", "a_section", "b_section"), "changes")
    # a section of a whose heading became a heading of b (kept, renumbered, reworded) is that section of b
    paired = ~table["label"].isin(["new", "dropped"])  # a dropped heading has no section to become ("" == "")
    headings = table[paired & (table["a_text"] == table["a_section"]) & (table["b_text"] == table["b_section"])]
    same_as = dict(zip(headings["a_section"], headings["b_section"], strict=True))
    section = table["b_section"].where(table["label"] != "dropped", table["a_section"].map(lambda s: same_as.get(s, s)))
    # b's sections in b's order, then the sections only a has (a dropped sentence may stand before the heading of
    # a later section of b in the table, which follows b's text)
    order = list(dict.fromkeys([*table.loc[table["label"] != "dropped", "b_section"], *section]))
    counts = pd.crosstab(pd.Categorical(section, categories=order, ordered=True),
                         table["label"]).reindex(columns=list(LABELS), fill_value=0)
    counts.index = counts.index.astype(str)
    counts.index.name, counts.columns.name = "section", None
    out = counts.reset_index()
    out["sentences_a"] = out[["kept", "numbers", "reworded", "moved", "dropped"]].sum(axis=1)
    out["sentences_b"] = out[["kept", "numbers", "reworded", "moved", "new"]].sum(axis=1)
    out["changed_share"] = np.where(out["sentences_b"] > 0, 1 - out["kept"] / out["sentences_b"].clip(lower=1), np.nan)
    return out


def change_series(paragraphs: pd.DataFrame, *, order: str = "year", within: str | None = None,
                  threshold: float = 0.6) -> pd.DataFrame:
    """:func:`changes` along a series: each speech against the one before it (by ``order``), within each value
    of ``within`` (a place, a collection) — how much each year's report rewrites the last.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table with the columns ``order`` and ``within`` (speech columns such as ``year``, ``place``).
    order : str, default 'year'
        The column that orders the speeches; speeches without a value are left out.
    within : str, optional
        Compare only speeches with the same value of this column (each province with itself); one series when
        not given.
    threshold : float, default 0.6
        As :func:`changes`.

    Returns
    -------
    DataFrame
        One row per consecutive pair: ``group`` (the value of ``within``, "" without it), ``a``, ``b`` (the speech
        ids), ``a_order``, ``b_order``, the six labels' counts, ``sentences_b`` and ``changed_share`` (the share of
        ``b``'s sentences not kept word for word).

    See Also
    --------
    changes : One pair, sentence by sentence.

    Examples
    --------
    >>> series = la.change_series(report_paragraphs)
    >>> series[["a", "b"]].values.tolist(), bool(series["changed_share"].iloc[0] > 0.5)
    ([['2014', '2024']], True)
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text", order) + ((within,) if within else ()))
    speeches = paragraphs.drop_duplicates("speech_id")[["speech_id", order] + ([within] if within else [])]
    speeches = speeches[speeches[order].notna()]
    rows = []
    groups = speeches.groupby(within, sort=True) if within else [("", speeches)]
    for group, members in groups:
        members = members.sort_values([order, "speech_id"], kind="stable")
        ids, orders = members["speech_id"].tolist(), members[order].tolist()
        for k in range(1, len(ids)):
            counted = label_counts(changes(paragraphs, ids[k - 1], ids[k], threshold=threshold))
            rows.append({"group": group, "a": ids[k - 1], "b": ids[k], "a_order": orders[k - 1],
                         "b_order": orders[k], **counted})
    return pd.DataFrame(rows, columns=["group", "a", "b", "a_order", "b_order", *LABELS, "sentences_b",
                                       "changed_share"])


def label_counts(table: pd.DataFrame) -> dict[str, float]:
    """A table of :func:`changes` counted: each label's sentences, ``sentences_b`` (the later text's sentences)
    and ``changed_share`` (the share of those not kept word for word; NaN for an empty later text)."""
    counts = table["label"].value_counts()
    counted: dict[str, float] = {label: int(counts.get(label, 0)) for label in LABELS}
    in_b = int(sum(counted.values()) - counted["dropped"])
    return {**counted, "sentences_b": in_b, "changed_share": 1 - counted["kept"] / in_b if in_b else float("nan")}
