"""Enumerations in running text: 一是…二是…, 首先…其次…最后, and 排比 (parallel clauses of one shape)."""

from __future__ import annotations

import re

import pandas as pd

from lectureanalysis import schema
from lectureanalysis.structure.dates import cn_number

_NUM = "一二两三四五六七八九十百千"
_ENUMERATOR = re.compile(rf"(?:(?<=^)|(?<=[。；;！？：:，,]))(?P<marker>(?P<n>[{_NUM}])(?:是|要|则|方面)|第(?P<n2>[{_NUM}]{{1,3}})[，、,]|其(?P<n3>[{_NUM}])[，、,]?)")
_SEQUENCE_WORDS = ("首先", "其次", "再次", "最后")


def enumerate_text(text: str) -> list[tuple[int, str, list[str]]]:
    """Enumeration runs in a text: ``(start, kind, items)`` for 一是…二是… (also 一要, 第一，, 其一) numbered
    from one without gaps, and 首先…其次…最后.

    >>> enumerate_text("有三点：一是忙碌多、闲暇少。二是加班多、休息少。三是奉献多、回报少。")
    [(4, '一是', ['忙碌多、闲暇少', '加班多、休息少', '奉献多、回报少'])]
    """
    runs: list[tuple[int, str, list[str]]] = []
    markers = []
    for match in _ENUMERATOR.finditer(text):
        number = cn_number(match["n"] or match["n2"] or match["n3"])
        kind = match["marker"].replace(match["n"] or match["n2"] or match["n3"], "一", 1)
        markers.append((match.start(), match.end(), number, kind))
    i = 0
    while i < len(markers):
        start, _, number, kind = markers[i]
        if number != 1:
            i += 1
            continue
        chain = [markers[i]]
        j = i + 1
        while j < len(markers) and markers[j][3] == kind and markers[j][2] == chain[-1][2] + 1:
            chain.append(markers[j])
            j += 1
        if len(chain) >= 2:
            items = []
            for k, (_, item_start, _, _) in enumerate(chain):
                stop = chain[k + 1][0] if k + 1 < len(chain) else len(text)
                item = re.split(r"[。；;！？]", text[item_start:stop], maxsplit=1)[0]  # the item's first sentence
                items.append(item.strip().rstrip("。；;，,、"))
            runs.append((start, kind, items))
        i = max(j, i + 1)
    positions = [(text.find(w), w) for w in _SEQUENCE_WORDS]
    if positions[0][0] >= 0 and positions[-1][0] > positions[0][0]:
        present = sorted(p for p in positions if p[0] >= 0)
        items = []
        for k, (pos, word) in enumerate(present):
            stop = present[k + 1][0] if k + 1 < len(present) else len(text)
            items.append(re.split(r"[。；;！？]", text[pos + len(word):stop], maxsplit=1)[0].strip("，, "))
        runs.append((present[0][0], "首先", items))
    return sorted(runs)


_CLAUSE_SPLITS = (re.compile(r"[，,；;。！？：:]"), re.compile(r"[，,；;、。！？：:]"))


def parallel_clauses(text: str, *, min_run: int = 3) -> list[tuple[int, str, list[str]]]:
    """排比 (parallelism): ``min_run`` or more consecutive clauses opening with the same head.

    Clauses are cut at ，；。 and, where that finds no run, at 、 too. The head is a shared opening of two
    characters, else one (坚持…，坚持…; 既看上又看下、既看总又看细 share 既看); the clause before a run
    joins it when the head stands inside it after a lead-in (要既看上又看下, 即坚持…). Returns
    ``(start, head, clauses)``.

    >>> parallel_clauses("要坚持注重积累，坚持深度思考，坚持高位定标，争创一流")
    [(1, '坚持', ['坚持注重积累', '坚持深度思考', '坚持高位定标'])]
    """
    runs: list[tuple[int, str, list[str]]] = []
    for splitter in _CLAUSE_SPLITS:
        for run in _runs(_clauses(text, splitter), min_run):
            if not any(r[0] <= run[0] < r[0] + sum(map(len, r[2])) + len(r[2]) for r in runs):
                runs.append(run)
    return sorted(runs)


def _clauses(text: str, splitter: re.Pattern[str]) -> list[tuple[int, str]]:
    clauses = []
    position = 0
    for piece in splitter.split(text):
        stripped = piece.strip().strip("“”‘’「」『』\"")
        if stripped:
            clauses.append((position + piece.find(stripped), stripped))
        position += len(piece) + 1
    return clauses


#: openings shared by chance, not by design: pronouns and demonstratives (我国…，我们…)
_NOT_A_HEAD = frozenset({"我", "我们", "我国", "你", "你们", "他", "他们", "它", "它们", "这", "这些", "这个", "那", "那些"})
#: a one-character head (稳预期、稳增长、稳就业; 乱收费、乱集资) only makes parallel clauses this short
_SHORT_CLAUSE = 10


def _runs(clauses: list[tuple[int, str]], min_run: int) -> list[tuple[int, str, list[str]]]:
    runs = []
    i = 0
    while i < len(clauses):
        found = None
        for size in (2, 1):
            head = clauses[i][1][:size]
            if len(head) < size or not re.fullmatch(r"[\u4e00-\u9fff]+", head) or head in _NOT_A_HEAD \
                    or (size == 1 and clauses[i][1][:2] in _NOT_A_HEAD):
                continue
            j = i
            while j < len(clauses) and clauses[j][1].startswith(head) and len(clauses[j][1]) > size \
                    and (size == 2 or len(clauses[j][1]) <= _SHORT_CLAUSE):
                j += 1
            if j - i >= min_run - 1:
                found = (head, j)
                break
        if found is None:
            i += 1
            continue
        head, j = found
        members = clauses[i:j]
        if i > 0 and head in clauses[i - 1][1][1:]:  # a lead-in before the first member: 要既看上又看下
            previous_start, previous = clauses[i - 1]
            cut = previous.rfind(head)
            members = [(previous_start + cut, previous[cut:]), *members]
        if len(members) >= min_run:
            runs.append((members[0][0], head, [c for _, c in members]))
            i = j
        else:
            i += 1
    return runs


_HEADING_NUMBER = re.compile(rf"^(?:[（(]?[{_NUM}\d]{{1,3}}[)）]?[、.．]?|第[{_NUM}]{{1,3}}[，、,]?)\s*")


def _heading_number(text: str) -> int | None:
    match = re.match(rf"^[（(]?([{_NUM}]{{1,3}}|\d{{1,2}})[)）]?[、.．]?|^第([{_NUM}]{{1,3}})", text)
    return cn_number(match.group(1) or match.group(2)) if match else None


def enumerations(paragraphs: pd.DataFrame, *, min_parallel: int = 3) -> pd.DataFrame:
    """Enumerations in every paragraph: 一是…二是… runs (and 一要, 第一，, 其一; 首先…其次…最后) and 排比
    parallel clauses sharing a head (坚持…，坚持…; 既看上又看下、既看总又看细).

    Columns: ``speech_id, para_id, section_path, start, kind`` (``一是``, ``一要``, ``第一，``, ``首先``
    or ``排比``), ``head`` (the shared opening of parallel clauses, "" for numbered runs), ``items``,
    ``n_items``.

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.
    min_parallel : int, default 3
        The fewest clauses a 排比 run has.

    Returns
    -------
    DataFrame
        Columns ``speech_id, para_id, section_path, start, kind, head, items, n_items``.

    See Also
    --------
    formulations : Numbered formulations (提法).

    Examples
    --------
    >>> la.enumerations(paragraphs)[["kind", "n_items"]].values.tolist()[:3]
    [['排比', 5], ['排比', 4], ['排比', 6]]
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    paths = paragraphs["section_path"].tolist() if "section_path" in paragraphs.columns else [""] * len(paragraphs)
    records = []
    for path, speech_id, para_id, text in zip(paths, paragraphs["speech_id"], paragraphs["para_id"],
                                              paragraphs["text"], strict=True):
        for start, kind, items in enumerate_text(text):
            records.append((speech_id, para_id, path, start, kind, "", items, len(items)))
        for start, head, items in parallel_clauses(text, min_run=min_parallel):
            records.append((speech_id, para_id, path, start, "排比", head, items, len(items)))
    frame = pd.DataFrame(records, columns=["speech_id", "para_id", "section_path", "start", "kind", "head", "items",
                                           "n_items"])
    return frame.sort_values(["speech_id", "para_id", "start"], kind="stable").reset_index(drop=True) \
        if len(frame) else frame
