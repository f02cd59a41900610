"""What a heading line looks like: the numbering styles of GB/T 9704 (一、 （一） 1. （1）), unnumbered
headings, salutations, and a heading glued to its body (found with jieba's parts of speech).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lectureanalysis.structure.characters import _CN_NUM, SENTENCE_END
from lectureanalysis.structure.dates import cn_number

SALUTATION = re.compile(r"^(?:各位|尊敬的|亲爱的|同志们|同学们|朋友们|女士们|老师们)[^。！？]{0,30}[：:！!，,]?$")
#: heading numbering styles, in GB/T 9704 order, with the label each contributes to a section path
HEADING_STYLES: dict[str, re.Pattern[str]] = {
    "第一部分": re.compile(rf"^第(?P<n>[{_CN_NUM}]+)部分[、，,：:．.\s]*"),
    "一、": re.compile(rf"^(?P<n>[{_CN_NUM}]+)(?:、\s*|[．.](?!\d)\s*|$)"),
    "（一）": re.compile(rf"^[（(](?P<n>[{_CN_NUM}]+)[)）][、，,.．]?\s*"),
    "1.": re.compile(r"^(?P<n>\d{1,2})(?:[.．、](?!\d)|\s+(?=[\u4e00-\u9fff]))\s*"),
    "（1）": re.compile(r"^[（(](?P<n>\d{1,2})[)）][、，,.．]?\s*"),
    "第一，": re.compile(rf"^第(?P<n>[{_CN_NUM}]+)[，、,：:]\s*"),
}
HEADING_START = re.compile("|".join(f"(?:{p.pattern[1:].replace('(?P<n>', '(')})" for p in HEADING_STYLES.values()))
#: unnumbered headings that open or close a speech: always top level
TOP_LEVEL_WORDS = frozenset({"结束语", "结语", "结束词", "前言", "引言", "导言", "序言", "开场白", "小结", "总结"})
#: a line announcing what follows (首先报告2001年的工作, 下面我讲几点意见): when numbered sections follow it, it is
#: body text, never their parent (a run of such lines with no numbers under them — 先说工业…, 最后说到文教… —
#: stays a run of unnumbered headings)
LEAD_IN = re.compile(r"^(?:首先|其次|再次|然后|接着|接下来|下面|下边|以下|现在|最后|先)[，,]?(?:我|我们)?(?:再|还要)?"
                     r"(?:着重|重点|简要|主要)?(?:向大会|向大家|向各位)?(?:报告|讲|谈|说|汇报|介绍|讨论)")
#: an unnumbered heading line (关于形势和任务): short, no sentence punctuation
_BARE_HEADING = re.compile(r"^[^，。！？；：,!?;:]{2,25}$")
#: a single space between Chinese words, where a heading ends and its body begins on the same line
_HEADING_END_SPACE = re.compile(r"(?<=[\u4e00-\u9fff）”》])[ \u3000](?=[\u4e00-\u9fff（“《])")
#: a standalone numbered heading may be this long (characters after the number) ...
MAX_HEADING_CHARS = 60
#: ... and a run-in heading (（一）标题。正文…) this long, up to its full stop
MAX_RUN_IN_CHARS = 50


@dataclass(slots=True)
class HeadingMatch:
    style: str
    number: int | None  # None for unnumbered headings
    label: str  # what the heading adds to a section path: 一, （二）, 1, 结束语
    run_in_end: int | None  # where a run-in heading ends inside its paragraph
    ends_sentence: bool = False  # a standalone heading closed by 。 (（一）标题。)
    punctuated: bool = False  # a standalone heading closed by any punctuation (。；：，): a list item, not a title
    glued: bool = False  # a standalone heading line glued to its body, split where the heading ends (see _glued)


def heading_number(text: str, style: str) -> int | None:
    """The number of a heading of a numbered ``style`` (``"三、深入改革…"``, ``"一、"`` → 3), else ``None``."""
    pattern = HEADING_STYLES.get(style)
    match = pattern.match(text) if pattern else None
    return cn_number(match["n"]) if match else None


def _label(style: str, number: str) -> str:
    return {"一、": number, "（一）": f"（{number}）", "1.": number, "（1）": f"（{number}）",
            "第一，": f"第{number}", "第一部分": f"第{number}部分"}[style]


#: the form of a heading line: standalone, no closing punctuation
_BARE_LINE = (False, False, False)


def _form(candidate: HeadingMatch) -> tuple[bool, bool, bool]:
    """(run-in, closed by 。, closed by any punctuation): items of one list share a form; a glued heading has
    the form of the standalone lines it was split to be."""
    if candidate.glued:
        return _BARE_LINE
    return candidate.run_in_end is not None, candidate.ends_sentence, candidate.punctuated


#: part-of-speech tags (jieba's, ICTCLAS-style) a heading cannot end in: particles, conjunctions,
#: prepositions, adverbs, numerals' measure words, pronouns
_NO_HEADING_END = ("u", "c", "p", "d", "q", "r", "x")
#: ... and the tags and words a body sentence cannot start with
_NO_BODY_START = ("u", "c", "x", "y", "q")
_NO_BODY_START_WORDS = frozenset({"是", "的", "了", "着", "和", "与", "及", "或", "并", "等", "之", "为", "上", "中", "下"})
#: a verb whose object starts the body: 扩大|对外开放 would cut the object off (so would 深入改革|经济体制: a
#: verbal noun after a verb or adverb is a verb)
_VERB = ("v",)
_NOMINAL = ("n", "l", "vn", "an", "m", "t", "nr", "ns", "nt", "nz", "j", "i")
#: words that open a body sentence (besides pronouns and time words): 过去一年，我们…
_SENTENCE_OPENERS = frozenset({"过去", "近年来", "多年来", "长期以来", "当前", "目前", "今年", "去年", "明年", "这些年",
                               "五年来", "一年来", "新中国成立以来", "改革开放以来", "党的十八大以来"})


@lru_cache(maxsize=1)
def _pos_tokenizer() -> object:
    """jieba's part-of-speech tagger on a private tokenizer (never the global one), built once per process."""
    import tempfile

    import jieba
    import jieba.posseg

    from lectureanalysis._cache import quiet_jieba, usable_cache_dir

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(usable_cache_dir() or tempfile.mkdtemp(prefix="lectureanalysis-jieba-"))
    with quiet_jieba():
        tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


def release_tagger() -> None:
    """Let go of the part-of-speech tagger (its dictionary, about 60 MB): a Dask worker done loading has no
    more headings to read."""
    _pos_tokenizer.cache_clear()


def _glued_heading(texts: list[str], candidates: list[HeadingMatch | None], index: int) -> HeadingMatch | None:
    """A numbered paragraph that the sequence demands be a heading, though its heading runs into its body
    with no separator (1987: ``三、深入改革经济体制和扩大对外开放国民经济的长期稳定发展，既要…``).

    The sequence demands it when the nearest heading of its style before it has the number one lower and is a
    standalone line, and the nearest after it (if any) has the number one higher. A paragraph of up to 120 字
    with no sentence end is then a long heading, whole (1984: ``二、我们坚持在和平共处五项原则的基础上…准则``).

    Where the heading ends is a heuristic, tested on the 1987 report and on lines written in the convention:

    - a space within the first 50 字, with no sentence end before it, ends the heading (a two-part heading:
      ``加强民主法制建设，提高精神文明水平 各级政府要…``);
    - else a word boundary (jieba, with parts of speech) in the first clause, leaving a heading of 4 to 30 字,
      where the heading does not end in a particle, conjunction, preposition, adverb, measure word or
      pronoun, the body does not start with one (nor with 是, 的, 和 …), no verb (nor a verbal noun after a
      verb or adverb: 深入改革) is cut off from its object and no noun from the verbal noun that heads it
      (廉政|建设). A boundary before a pronoun, a time word or a sentence opener (我们, 过去, 长期以来) wins; else
      the one giving a heading closest in length to its siblings' mean, the shorter on a tie, and only when
      the first clause is longer than 1.25 times the longest sibling (else it is the heading's own clause:
      ``（七）继续改善重点民生，加快社会事业发展。``). No such boundary, no heading.
    """
    text = texts[index]
    style, match = next(((s, m) for s, p in HEADING_STYLES.items() if (m := p.match(text))), ("", None))
    if match is None:
        return None
    number = cn_number(match["n"])
    if number is None:
        return None
    before = next((c for c in reversed(candidates[:index]) if c is not None and c.style == style), None)
    after = next((c for c in candidates[index + 1:] if c is not None and c.style == style), None)
    if before is None or before.number != number - 1 or _form(before) != _BARE_LINE:
        return None
    if after is not None and after.number != number + 1:
        return None
    content = text[match.end():]
    if len(content) <= 2 * MAX_HEADING_CHARS and not re.search(rf"[{SENTENCE_END}；;]", content):
        return HeadingMatch(style, number, _label(style, match["n"]), None)  # a long heading, alone on its line
    space = _HEADING_END_SPACE.search(content, 0, MAX_RUN_IN_CHARS + 1)
    if space and not re.search(rf"[{SENTENCE_END}；;]", content[:space.start()]):
        # a two-part heading (加强民主法制建设，提高精神文明水平) ends where a space separates it from the body
        return HeadingMatch(style, number, _label(style, match["n"]), match.end() + space.start(), glued=True)
    clause = re.split(r"[，。！？；：,!?;:]", content, maxsplit=1)[0]  # up to the first clause mark
    words = [(pair.word, pair.flag) for pair in _pos_tokenizer().cut(clause)]  # type: ignore[attr-defined]
    lengths = [len(HEADING_STYLES[style].sub("", texts[i], count=1)) for i, c in enumerate(candidates)
               if c is not None and c.style == style and _form(c) == _BARE_LINE]
    target = sum(lengths) / len(lengths)  # ``before`` is one of them
    best: tuple[bool, float, int] | None = None  # (no sentence opener, distance from the siblings' mean, length)
    end = 0
    for position, (word, flag) in enumerate(words[:-1]):
        end += len(word)
        following, following_flag = words[position + 1]
        if not 4 <= end <= 30 or flag.startswith(_NO_HEADING_END) or following_flag.startswith(_NO_BODY_START):
            continue
        if following[:1] in _NO_BODY_START_WORDS or following in _NO_BODY_START_WORDS:
            continue
        previous_flag = words[position - 1][1] if position else ""
        verb = flag in _VERB or (flag == "vn" and previous_flag.startswith(("v", "d")) and previous_flag != "vn")
        if verb and following_flag.startswith(_NOMINAL) and not previous_flag.startswith(_NOMINAL):
            continue  # 扩大|对外开放, 深入改革|经济体制 (but 乡村振兴|农业农村: the verb closes a noun-verb compound)
        if flag.startswith(_NOMINAL) and following_flag == "vn":
            continue  # 廉政|建设, 科学|发展: the verbal noun is the head of the compound
        opens = following_flag.startswith(("r", "t")) or following in _SENTENCE_OPENERS
        score = (not opens, abs(end - target), end)
        if best is None or score < best:
            best = score
    if best is None or (best[0] and len(clause) <= 1.25 * max(lengths)):
        return None  # a first clause no longer than a heading is a heading's clause (继续改善重点民生，加快…)
    heading_length = best[2]
    return HeadingMatch(style, number, _label(style, match["n"]), match.end() + heading_length, glued=True)


def _section_id(counters: list[int]) -> str:
    return ".".join(map(str, counters)) if counters else "0"
