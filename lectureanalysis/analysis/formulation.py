"""Numbered formulations (提法, 标数概括式: 五个坚持, 四多四少, 两学一做, 过三关): where each is written,
its number and head, and its items when the text lists them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from lectureanalysis import schema
from lectureanalysis.analysis.enumeration import _HEADING_NUMBER, _NUM, _heading_number, enumerate_text
from lectureanalysis.structure.dates import cn_number
from lectureanalysis.tokens.dictionary import domain_dictionary

#: the shapes of a numbered formulation, each a whole quoted phrase (2–8 characters)
FORMULATION_SHAPES = (
    re.compile(rf"^(?P<n>[{_NUM}]{{1,3}})[个项大条种][\u4e00-\u9fff]{{1,4}}$"),  # 四个意识, 四项基本原则, 三大攻坚战
    re.compile(rf"^(?:[{_NUM}][^{_NUM}]){{2,4}}$"),  # 四多四少, 两学一做, 三去一降一补
    re.compile(rf"^(?:[{_NUM}][^{_NUM}]{{1,3}}){{2,4}}$"),  # 两不愁三保障, 五讲四美三热爱
    re.compile(rf"^[^{_NUM}](?P<n>[{_NUM}]{{1,2}})[^{_NUM}]$"),  # 过三关
    re.compile(rf"^(?P<n>[{_NUM}]{{1,3}})[^{_NUM}]{{1,3}}$"),  # 三农, 八项规定
)
#: what a formulation's number counts: the items it stands for, never more than this (a larger number is a
#: year, a date or an ordinal: 九二共识, 三八作风)
MAX_ITEMS = 20
#: numbered designations that are no formulations: a Party congress (十八大, 二十大: its ordinal) and a
#: five-year plan (十四五: the plan's ordinal) — kept with their own kind, never counted as 提法
DESIGNATIONS = (
    ("党代会", re.compile(r"^(?:[八九]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?)大$")),
    ("规划", re.compile(r"^(?:[一二三四五六七八九]|十[一二三四五六七八九]?)五$")),
)
#: the head nouns of the genre's counted formulations: N个/N项/N大/N条/N种 + one of them is a formulation
#: wherever it stands, quoted or not (四个现代化, 四项基本原则, 三大攻坚战, 两个务必)
FORMULATION_HEADS = (
    "现代化", "基本原则", "攻坚战", "意识", "自信", "维护", "确立", "全面", "代表", "务必", "服从", "坚持",
    "毫不动摇", "一百年", "有利于", "面向", "文明", "改造", "战役", "确保", "统筹", "倾斜", "不变", "转变",
    "发展理念", "法宝", "作风", "规定", "禁止", "纪律", "结合", "必须", "区分", "世界", "战略", "任务",
    "大局", "基本点",
)
#: canonical formulations the text writes bare — unquoted, unexplained, in no N个 shape with a head noun
#: (坚持两手抓, 分三步走): found wherever they stand, like the dictionary's
CANON = ("两手抓", "三步走", "三面红旗", "五讲四美三热爱", "两不愁三保障", "两个文明", "一国两制", "二为")
#: parts of a formulation of numerals each with its word that name the whole the other parts belong to —
#: no item: 五位一体 counts 5, 四位一体 4, 一国两制 2 (the two systems of the one country)
WHOLE_PARTS = ("一体", "一国")
#: what follows a Party congress (十二大, 二十大) in running text: the designation, not a count of things
_PLAN_AFTER = ("规划", "计划", "时期", "期间", "末", "初", "以来", "目标", "的", "和", "、")
_CONGRESS_AFTER = ("以来", "精神", "报告", "确立", "确定", "提出", "作出", "制定", "部署", "召开", "胜利", "以后",
                   "之后", "后", "前", "上", "的", "和", "及", "所", "已经", "闭幕", "开幕", "决定", "通过", "强调",
                   "指出", "明确", "要求", "路线", "政治", "代表", "文件", "关于", "把", "对", "是", "为", "提",
                   "至", "到", "、", "，", "。", "；", "”", "）")
#: counts of years in a row (十二连增, 五连快, 三连冠), not formulations
_YEARS_RUN = re.compile(rf"^[{_NUM}]+连[\u4e00-\u9fff]$")
_DECIMAL = re.compile(rf"[{_NUM}]点[{_NUM}]")  # 一点二倍: a decimal number
#: a numeral starting an enumeration marker (二要建设, 三是加强), not a formulation
_MARKER_START = re.compile(rf"^[{_NUM}](?:是|要|则|来|方面)")
#: idioms in the NXNY shape that are no formulations (一心一意, 三心二意 …)
IDIOMS = frozenset({
    "一心一意", "一草一木", "一朝一夕", "一言一行", "一举一动", "一点一滴", "一针一线", "一砖一瓦", "一问一答",
    "三心二意", "三番五次", "三令五申", "七上八下", "四面八方", "五湖四海", "五颜六色", "千方百计", "千家万户",
    "千军万马", "千山万水", "千辛万苦", "千变万化", "百花齐放", "百家争鸣", "一五一十", "十全十美", "三三两两",
    "四平八稳", "一干二净", "一清二楚", "七嘴八舌", "乱七八糟", "一石二鸟", "两面三刀", "九牛一毛", "万无一失",
    "一丝不苟", "一如既往", "一帆风顺", "一劳永逸", "一目了然", "一脉相承", "一以贯之", "独一无二", "一分为二",
})
#: what follows a numeral in a quantity, a date or an announcement of parts — never a formulation
QUANTITY_HEADS = (*"年月日号时点分秒岁倍万亿元角人次名户米吨斤亩",
                  "方面", "部分", "问题", "阶段", "层面", "层次", "步骤", "环节", "时期", "小时", "百分点", "国家", "地区", "城市")
#: a quoted phrase, or a quoted list of phrases (“一个载体、四个体系、六大基础”), each part read on its own
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,30})[”」』\"]")
# (the numeral before the look behind, "[N](?<![N第].)", not "(?<![N第])[N]": a pattern opening with a character
# class is scanned for it quickly, two and a half times as fast over a corpus)
_EXPLAINED = re.compile(rf"(?P<f>[{_NUM}](?<![{_NUM}\d第].)(?:个[\u4e00-\u9fff]{{2,4}}|[^{_NUM}\W\d][{_NUM}][^{_NUM}\W\d]))(?=[，,]?(?:即|就是|：|:))")


def known_formulations() -> frozenset[str]:
    """Formulations (两学一做, 四个意识, 三严三实 …) and numbered designations (十九大, 十四五) listed in the
    bundled domain dictionary."""
    return frozenset(w for w, _, _ in domain_dictionary() if _shape(w) is not None or designation(w))


def _shape(phrase: str) -> int | None:
    """The formulation's number if ``phrase`` has a formulation shape, else None.

    >>> [_shape(p) for p in ("五个坚持", "四多四少", "两学一做", "三去一降一补", "过三关", "三农", "四项基本原则")]
    [5, 4, 3, 5, 3, 3, 4]
    >>> [_shape(p) for p in ("十四五", "十九大", "九二共识", "十二连增")]  # designations, a year, years in a row
    [None, None, None, None]
    >>> [_shape(p) for p in ("一心一意", "五加二", "一个", "热点", "九五二年", "两个方面")]
    [None, None, None, None, None, None]
    """
    if phrase in IDIOMS or not re.fullmatch(r"[\u4e00-\u9fff]+", phrase) or _YEARS_RUN.search(phrase) \
            or _MARKER_START.match(phrase) or _DECIMAL.search(phrase) or designation(phrase) \
            or _designation_prefix(phrase):
        return None
    for pattern in FORMULATION_SHAPES:
        match = pattern.match(phrase)
        if not match:
            continue
        if "n" not in match.groupdict():  # numerals each with its word: 四多四少 -> 4, 两学一做 -> 2 + 1
            numbers = [cn_number(c) for c in re.findall(f"[{_NUM}]", phrase)]
            if None in numbers or all(n == 1 for n in numbers):  # 一心一意 and its kind are idioms
                return None
            wholes = [w for w in WHOLE_PARTS if w in phrase]
            if len(phrase) > 2 * len(numbers) and 1 in numbers and not wholes:  # 两岸一家亲: 一 = "one, whole"
                return None
            counted = list(numbers)
            for _ in wholes:  # 五位一体, 一国两制: the whole is no item
                counted.remove(1)
            number = counted[0] if len(set(counted)) == 1 else sum(counted)  # type: ignore[arg-type]
            return number if number <= MAX_ITEMS else None
        numeral = match["n"]
        if len(numeral) > 1 and "十" not in numeral:  # 九二 (1992), 三八 (March 8): a date, not a count
            return None
        if numeral == "二":  # a count before a noun says 两 (两线, 两个): 二线, 二产, 二期 are ordinals
            return None
        if match.start("n") == 1 and numeral not in "两三四五六七八九" \
                and not (numeral == "十" and phrase[-1] in "条项招策"):  # V + a count + X (过三关, 水十条); 襄十随
            return None
        rest = phrase[match.end("n"):]
        if rest[:1] in "个项大条种":
            rest = rest[1:]
        if rest.startswith(QUANTITY_HEADS) or rest.startswith(("点", "分之")):
            return None
        number = cn_number(numeral)
        return number if number is not None and 2 <= number <= MAX_ITEMS else None
    return None


def _designation_prefix(phrase: str) -> bool:
    """Whether ``phrase`` is a Party congress or a plan followed by a word that follows designations
    (十四大确立, 十七大战略, 十四五规划), not a count (十五大民生工程, 十五条措施)."""
    for k in range(2, len(phrase)):
        kind, rest = designation(phrase[:k]), phrase[k:]
        if kind == "党代会" and cn_number(phrase[:k - 1]) > 10 and rest.startswith((*_CONGRESS_AFTER, "战略")):  # type: ignore[operator]
            return True
        if kind == "规划" and rest.startswith(_PLAN_AFTER):
            return True
    return False


def designation(phrase: str) -> str | None:
    """The kind of a numbered designation that is no formulation: ``党代会`` (十八大) or ``规划`` (十四五).

    >>> designation("十九大"), designation("十四五"), designation("三大攻坚战")
    ('党代会', '规划', None)
    """
    return next((kind for kind, pattern in DESIGNATIONS if pattern.match(phrase)), None)


@dataclass
class Formulation:
    formulation: str
    number: int
    start: int
    quoted: bool
    items: list[str]
    kind: str = "提法"  # or a designation's kind: 党代会, 规划


_COUNTED = re.compile(rf"(?P<f>[{_NUM}](?<![{_NUM}\d第].)[{_NUM}]?[个项大条种]"
                      rf"(?:{'|'.join(sorted(FORMULATION_HEADS, key=len, reverse=True))}))")


def _candidate(phrase: str, start: int, quoted: bool) -> Formulation | None:
    number = _shape(phrase)
    if number is not None:
        return Formulation(phrase, number, start, quoted, [])
    kind = designation(phrase)
    if kind is not None:
        return Formulation(phrase, cn_number(phrase[:-1]) or 0, start, quoted, [], kind)
    return None


def _inside(found: dict[int, Formulation], position: int) -> bool:
    """Whether ``position`` falls inside a formulation already found."""
    return any(f.start <= position < f.start + len(f.formulation) for f in found.values())


#: a Party congress in running text (党的十二大, 十六大以来); 八大 and 九大 only after 党的 or 中共 (八大行动 counts)
_CONGRESS = re.compile(rf"(?<![{_NUM}\\d第届])(?P<f>(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大)"
                       rf"|(?<=党的|中共)(?P<g>[八九]大)")
_FOOTNOTE = re.compile(r"(?:\[\d{1,3}\]|［\d{1,3}］|〔\d{1,3}〕)+$")  # “两不愁三保障[61]”: a note's mark
_ONE_BEFORE = re.compile(r"一个[\u4e00-\u9fff]{1,4}[、，,]$")  # 一个中心、 before 两个基本点


def _ordinal_at(text: str, position: int) -> bool:
    """Whether the numeral at ``position`` is read as an ordinal or as part of a longer number (第十条, 二十三)."""
    return position > 0 and (text[position - 1] == "第" or text[position - 1] in _NUM or text[position - 1].isdigit())


def find_formulations(text: str, *, known: frozenset[str] = frozenset()) -> list[Formulation]:
    """Numbered formulations in one paragraph, with the items the text spells out: quoted phrases of a
    formulation's shape (a footnote mark inside the quotes left out), phrases an explanation follows,
    N个/N项/N大 + a head noun of the genre (:data:`FORMULATION_HEADS`), ``known`` phrases and :data:`CANON`;
    a count of one joined to the formulation after it (一个中心、两个基本点) is one formulation with it; a
    numeral after 第 is an ordinal (第十条规定). Numbered designations — Party congresses (十八大, and in running
    text 党的十二大, 十六大以来) and plans (十四五) — come with their own kind."""
    found: dict[int, Formulation] = {}
    for match in _QUOTED.finditer(text):
        for part in re.split(r"[、，,]", match.group(1)):  # “五加二、白加黑”
            start = match.start(1) + match.group(1).find(part)
            candidate = _candidate(_FOOTNOTE.sub("", part), start, True)
            if candidate is not None:
                found.setdefault(start, candidate)
    for pattern in (_EXPLAINED, _COUNTED):
        for match in pattern.finditer(text):
            candidate = None if _inside(found, match.start("f")) else _candidate(match["f"], match.start("f"), False)
            if candidate is not None:
                found.setdefault(candidate.start, candidate)
    phrases, anywhere = _phrases(known)
    for phrase in phrases if anywhere.search(text) else ():
        begin = text.find(phrase)
        while begin >= 0:
            if not _inside(found, begin) and not _ordinal_at(text, begin):
                candidate = _candidate(phrase, begin, False)
                if candidate is not None:
                    found[begin] = candidate
            begin = text.find(phrase, begin + 1)
    for match in _CONGRESS.finditer(text) if "大" in text else ():  # 十八大, 党的九大: each ends in 大
        name = match["f"] or match["g"]
        start = match.start("f") if match["f"] else match.start("g")
        after = text[start + len(name):]
        if _inside(found, start) or (match["f"] and after and not after.startswith(_CONGRESS_AFTER)):
            continue
        found[start] = Formulation(name, cn_number(name[:-1]) or 0, start, False, [], "党代会")
    for start in sorted(found):
        formulation = found.get(start)
        one = _ONE_BEFORE.search(text, 0, start) if formulation is not None and formulation.kind == "提法" else None
        if one is None or _ordinal_at(text, one.start()) or _inside(found, one.start()):
            continue
        parts = [found.pop(start)]  # 一个载体、四个体系、六大基础: the count of one and every part joined after it
        while True:
            end = parts[-1].start + len(parts[-1].formulation)
            following = found.get(end + 1)
            if following is None or following.kind != "提法" or text[end:end + 1] not in "、，,":
                break
            parts.append(found.pop(end + 1))
        end = parts[-1].start + len(parts[-1].formulation)
        found[one.start()] = Formulation(text[one.start():end], 1 + sum(p.number for p in parts), one.start(),
                                         formulation.quoted, [])  # type: ignore[union-attr]
    out = sorted(found.values(), key=lambda f: f.start)
    for formulation in out:
        formulation.items = _items_after(text, formulation.start + len(formulation.formulation) + (1 if formulation.quoted else 0),
                                         _item_counts(formulation))
    return out


@functools.lru_cache(maxsize=16)
def _phrases(known: frozenset[str]) -> tuple[list[str], re.Pattern[str]]:
    """The named phrases :func:`find_formulations` looks for, longest first (then in code-point order: the
    same every run), and a pattern finding any of them (a paragraph holding none is not searched for each)."""
    phrases = sorted(known | frozenset(CANON), key=lambda phrase: (-len(phrase), phrase))
    return phrases, re.compile("|".join(map(re.escape, phrases)))


def _item_counts(formulation: Formulation) -> frozenset[int]:
    """The numbers of items that spell a formulation out: its number; for one numeral repeated (四多四少,
    三河三湖: N each of k kinds) also k × N (each thing on its own) and k (one item for each numbered group)."""
    if formulation.kind != "提法":
        return frozenset()
    numerals = re.findall(f"[{_NUM}]", formulation.formulation)
    groups = len(numerals) if len(numerals) > 1 and len(set(numerals)) == 1 \
        and not re.search(f"[{_NUM}][个项大条种]", formulation.formulation) else 1
    if groups == 1:
        return frozenset({formulation.number})
    return frozenset({formulation.number, groups * formulation.number, groups})


_EXPLANATION = re.compile(r"^[”」』\"]?[，,]?\s*(?:即|就是|也就是|主要是|包括)?[：:]?(?P<body>[^。；;！？]*)")
_PAREN = re.compile(r"^[”」』\"]?\s*[（(](?P<body>[^）)]+)[）)]")


def _items_after(text: str, end: int, counts: frozenset[int] = frozenset()) -> list[str]:
    """The items a formulation is spelled out with, read from what follows it. ``counts`` are the numbers of
    items that would match the formulation (:func:`_item_counts`): where the text can be split at 、 alone or
    at 、 and ， too, the split giving such a number is taken."""
    rest = text[end:]
    paren = _PAREN.match(rest)
    if paren and re.search(r"[、，,]", paren["body"]):
        body = re.sub(r"^(?:即|就是|也就是|包括)?[：:]?", "", paren["body"].strip())  # （即：淮河海河辽河、…）
        return [i.strip() for i in re.split(r"[、，,]", body) if i.strip()]
    lead = re.match(r"^[”」』\"]?[，,]?\s*(?:即|就是|也就是|包括|：|:)", rest)
    if lead:
        body = _EXPLANATION.match(rest)["body"]  # type: ignore[index]
        splits = [r"[、]", r"[、，,]"] if "、" in body else [r"[，,]"]
        choices = []
        for separator in splits:
            items = [i.strip() for i in re.split(separator, body) if i.strip()]
            if len(items) > 2 and items[0][:1] == items[1][:1] and len(items) not in counts:
                # 定…，定…，定…，并且… : the run sharing a head
                cut = next((k for k, item in enumerate(items) if item[:1] != items[0][:1]), len(items))
                items = items[:cut]
            choices.append(items)
        items = next((c for c in choices if len(c) in counts), choices[0])
        if len(items) >= 2:
            return items
    runs = enumerate_text(rest)
    if runs and runs[0][0] <= 12:  # “四多四少”来概括。一是… : the run right after the formulation
        return runs[0][2]
    return []


def formulations(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Numbered formulations (提法) in every paragraph, with the items the text spells out.

    Columns: ``speech_id, para_id, section_path, start, formulation, kind, number, quoted, items, n_items,
    items_match``. ``kind`` is ``提法`` for a formulation (its ``number`` counts its items, 2–20) or the kind
    of a numbered designation that is no formulation — ``党代会`` (十八大; in running text 党的十二大, 十六大以来)
    or ``规划`` (十四五), whose ``number`` is an ordinal.

    The counting rule for ``number``: N for N个X, N项X, N大X, NX and V+N+X (五个坚持 5, 三农 3, 过三关 3);
    for numerals each with its word, their sum when they differ (两学一做 3, 三去一降一补 5, 五讲四美三热爱 12)
    and N when one numeral is repeated (四多四少 4, 三严三实 3); a part naming the whole the others belong to
    is no item (五位一体 5, 四位一体 4, 一国两制 2); a count of one joined to the parts after it is one
    formulation with them (一个中心、两个基本点 3). A numeral after 第 is an ordinal (第十条规定), and so is a
    lone 二 before a noun (二线: a count says 两).

    ``items`` is a list (empty when the text does not spell the formulation out), read from the explanation right after it (即…, ：…, a parenthesis, an 一是… run), else from an
    enumeration later in the paragraph or in the paragraphs after it (一是…二是…, 第一…第二…, or numbered
    headings right after it) with a number of items that spells it out; ``items_match`` is True when the number of
    items is one that spells the formulation out — ``number``, or for a repeated numeral also one item per
    group or per thing (三河三湖: 3, 2 or 6) — False when it is not, <NA> when there are no items (and for
    designations). Items are read from an enumeration after the formulation's sentence only when the
    formulation closes that sentence.

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraph table of :func:`load` or :func:`load_paragraphs`.

    Returns
    -------
    DataFrame
        Columns ``speech_id, para_id, section_path, start, formulation, kind, number, quoted, items, n_items,
        items_match``.

    See Also
    --------
    enumerations : 一是…二是… runs and 排比.
    lectureanalysis.plot.plot_formulations : Their use over time.

    Examples
    --------
    >>> found = la.formulations(report_paragraphs)
    >>> sorted(set(found.loc[found["kind"] == "提法", "formulation"]))[:5]
    ['一国两制', '三个代表', '三个区分开来', '三保', '三公']
    """
    schema.validate_paragraphs(paragraphs, ("speech_id", "para_id", "text"))
    known = known_formulations()
    records = []
    texts = paragraphs["text"].tolist()
    speech_ids = paragraphs["speech_id"].tolist()
    headings = paragraphs["is_heading"].tolist() if "is_heading" in paragraphs.columns else [False] * len(texts)
    paths = paragraphs["section_path"].tolist() if "section_path" in paragraphs.columns else [""] * len(texts)
    for row, (speech_id, para_id, text) in enumerate(zip(speech_ids, paragraphs["para_id"], texts, strict=True)):
        for found in find_formulations(text, known=known):
            items = found.items
            if found.kind == "提法" and not items:
                items = _items_later(found, row, texts, speech_ids, headings)
            n_items = len(items)
            match = (n_items in _item_counts(found)) if n_items and found.kind == "提法" else pd.NA
            records.append((speech_id, para_id, paths[row], found.start, found.formulation, found.kind, found.number,
                            found.quoted, items, n_items, match))
    frame = pd.DataFrame(records, columns=["speech_id", "para_id", "section_path", "start", "formulation", "kind",
                                           "number", "quoted", "items", "n_items", "items_match"])
    frame["items_match"] = frame["items_match"].astype("boolean")
    return frame


#: at most this many characters between a formulation and the end of its sentence (”要求。, ”如下：) for the
#: enumeration after the sentence to be read as its items
_CLOSING = 8


def _items_later(found: Formulation, row: int, texts: list[str], speech_ids: list[object],
                 headings: list[bool]) -> list[str]:
    """Items spelled out right after the formulation's own sentence: an enumeration of exactly ``number``
    items opening the next sentence, or — when the formulation's sentence ends its paragraph — opening the
    next paragraph, or ``number`` numbered headings in a row starting with the next paragraph (the
    sub-headings an announcing sentence introduces)."""
    text = texts[row]
    end = found.start + len(found.formulation)
    sentence_end = re.search(r"[。！？；：:;]", text[end:])
    after = end + sentence_end.end() if sentence_end else len(text)
    closing = text[end:after]
    if re.search(r"[，,、]", closing) or len(closing) > _CLOSING:
        return []  # the formulation does not close its sentence: what comes after is not announced by it
    runs = enumerate_text(text[after:])
    if runs and runs[0][0] <= 2:
        return runs[0][2] if len(runs[0][2]) in _item_counts(found) else []
    if text[after:].strip() or row + 1 >= len(texts) or speech_ids[row + 1] != speech_ids[row]:
        return []  # the sentence does not end the paragraph: nothing below belongs to it
    runs = enumerate_text(texts[row + 1])
    if runs and runs[0][0] <= 2:
        return runs[0][2] if len(runs[0][2]) in _item_counts(found) else []
    subheads: list[str] = []
    for r in range(row + 1, len(texts)):
        if speech_ids[r] != speech_ids[row] or len(subheads) == found.number:
            break
        if not headings[r]:
            if not subheads:
                break  # the headings must start right after the formulation's paragraph
            continue
        if _heading_number(texts[r]) != len(subheads) + 1:
            break
        subheads.append(_HEADING_NUMBER.sub("", texts[r]).rstrip("。"))
    return subheads if len(subheads) == found.number else []
