"""The numeric targets a work report sets for the year (主要预期目标: 国内生产总值增长5%左右; 城镇新增就业1200万人以上
…), read from its text, and set side by side with another year's — the comparison 两会 journalists make by hand.

A target sentence is one that announces the year's main expected targets (``预期目标是：``, ``预期目标为``, ``主要目标
是``); its clauses (cut at ；，) are the targets: the indicator (the words before the number), the value (a
number or a range, with its unit: 5%, 4.5%—5%, 1200万人, 1.3万亿斤) and the qualifier that follows it (左右, 以上,
以内, 以下). A clause without a number (居民收入增长和经济增长同步) is a qualitative target, kept with no value.
"""

from __future__ import annotations

import re

import pandas as pd

from lectureanalysis import schema

#: the columns of :func:`targets`
TARGET_COLUMNS = ("speech_id", "para_id", "order", "indicator", "value", "qualifier", "target", "clause")
#: a sentence announcing the year's targets, up to its colon (or 是/为)
_ANNOUNCED = re.compile(r"预期目标(?:是|为)?[：:]|预期目标(?:是|为)|主要目标(?:是|为)[：:]")
#: a value: a number or a range, its unit, then the qualifier
_VALUE = re.compile(r"(?P<value>\d+(?:\.\d+)?\s*[%％‰]?(?:\s*[—–\-~～至到]+\s*\d+(?:\.\d+)?)?\s*"
                    r"(?:[%％‰]|[万亿千百]*[人元斤吨个项户所家套台辆亩度])?)\s*(?P<qualifier>左右|以上|以内|以下|上下)?")
_CLAUSE = re.compile(r"[；;，,]")


def _targets_in(text: str) -> list[tuple[str, str, str, str]]:
    """(indicator, value, qualifier, clause) for each clause after the first announcement in ``text``."""
    found = _ANNOUNCED.search(text)
    if not found:
        return []
    body = re.split(r"[。！？]", text[found.end():], maxsplit=1)[0]
    out = []
    for clause in (c.strip() for c in _CLAUSE.split(body)):
        if not clause or clause.startswith(("在实际工作中", "努力", "力争")):  # a gloss on the target before
            continue
        number = _VALUE.search(clause)
        if number and number.group("value").strip():
            value = re.sub(r"\s+", "", number.group("value"))
            out.append((clause[:number.start()].strip(), value, number.group("qualifier") or "", clause))
        else:
            out.append((clause, "", "", clause))
    return out


def targets(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The targets each speech sets for its year, read from its 主要预期目标 sentence.

    Parameters
    ----------
    paragraphs : DataFrame
        A paragraph table (:func:`lectureanalysis.load_paragraphs`).

    Returns
    -------
    DataFrame
        Columns ``speech_id, para_id, order`` (the clause's place in the sentence, from 1), ``indicator``
        (国内生产总值增长), ``value`` (5%, 1200万人, 4.5%—5%; "" for a qualitative target), ``qualifier`` (左右,
        以上, 以内, 以下 or ""), ``target`` (value and qualifier: 5%左右) and ``clause`` (the clause as written). A
        speech with no target sentence has no row.

    See Also
    --------
    target_changes : Two years' targets side by side.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["2024"], "para_id": [7], "text": [
    ...     "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；居民收入增长和经济增长同步。"]})
    >>> la.targets(paragraphs)[["indicator", "target"]].values.tolist()
    [['国内生产总值增长', '5%左右'], ['城镇新增就业', '1200万人以上'], ['居民收入增长和经济增长同步', '']]
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    rows = []
    seen: set[object] = set()
    for speech_id, para_id, text in zip(paragraphs["speech_id"], paragraphs["para_id"], paragraphs["text"].astype(str),
                                        strict=True):
        if speech_id in seen or "目标" not in text:
            continue
        found = _targets_in(text)
        if found:
            seen.add(speech_id)  # the first target sentence of a speech is its year's targets
            rows += [(speech_id, para_id, order, indicator, value, qualifier, value + qualifier, clause)
                     for order, (indicator, value, qualifier, clause) in enumerate(found, 1)]
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS))


def target_changes(table: pd.DataFrame, a: object, b: object, *, threshold: float = 0.8) -> pd.DataFrame:
    """Two speeches' targets side by side, indicator by indicator.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`targets`.
    a, b : str
        The ``speech_id`` of the earlier and of the later speech.
    threshold : float, default 0.8
        The least similarity of two indicators' wording (rapidfuzz's normalised Indel similarity) for them to
        be the same indicator when they are not written alike (城镇新增就业 / 城镇新增就业人数).

    Returns
    -------
    DataFrame
        Columns ``indicator`` (as ``b`` writes it, else as ``a``), ``a_target``, ``b_target`` ("" where a speech
        sets none) and ``change`` (``same``, ``changed``, ``new`` or ``dropped``), in ``b``'s order, then the
        targets only ``a`` set.

    See Also
    --------
    targets : The targets read from the text.
    changes : Every sentence of two texts compared.

    Examples
    --------
    >>> paragraphs = pd.DataFrame({"speech_id": ["2023", "2024"], "para_id": [7, 7], "text": [
    ...     "今年发展主要预期目标是：国内生产总值增长5%左右；居民消费价格涨幅3%左右。",
    ...     "今年发展主要预期目标是：国内生产总值增长5%左右；居民消费价格涨幅2%左右；粮食产量1.4万亿斤左右。"]})
    >>> la.target_changes(la.targets(paragraphs), "2023", "2024").values.tolist()
    [['国内生产总值增长', '5%左右', '5%左右', 'same'], ['居民消费价格涨幅', '3%左右', '2%左右', 'changed'], ['粮食产量', '', '1.4万亿斤左右', 'new']]
    """
    from rapidfuzz import fuzz

    schema.check_made_by(table, ("speech_id", "indicator", "target"), "targets")
    left = table[table["speech_id"] == a]
    right = table[table["speech_id"] == b]
    if left.empty or right.empty:
        raise ValueError(f"{'a' if left.empty else 'b'}: speech {a if left.empty else b!r} sets no targets in the table")
    remaining = list(zip(left["indicator"], left["target"], strict=True))
    rows = []
    for indicator, target in zip(right["indicator"], right["target"], strict=True):
        scores = [(fuzz.ratio(indicator, other) / 100.0, k) for k, (other, _) in enumerate(remaining)]
        best = max(scores, default=(0.0, -1))
        if best[0] >= threshold:
            _, earlier = remaining.pop(best[1])
            rows.append((indicator, earlier, target, "same" if earlier == target else "changed"))
        else:
            rows.append((indicator, "", target, "new"))
    rows += [(indicator, target, "", "dropped") for indicator, target in remaining]
    return pd.DataFrame(rows, columns=["indicator", "a_target", "b_target", "change"])
