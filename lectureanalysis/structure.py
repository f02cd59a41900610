"""A speech's structure: paragraphs, title block, outline (heading levels), truncation, section lengths.

The rules follow the genre's conventions rather than any one site's files:

- paragraphs: a blank line or an indent (　　) starts a paragraph; a line break inside a paragraph is a
  fragment of inline markup (a link, a bold run) when the file separates paragraphs by blank lines; and in
  any file a line cannot start with closing punctuation (，。、）》” — the 避头 rule of Chinese typesetting)
  nor end with opening punctuation (《（“), and a lone enumerator (一是, 第一，) belongs to the line after it;
- title block: title, then a subtitle (——2019年3月5日在…会议上), a date line （2020年1月8日）, a speaker
  line (国务院总理 李克强);
- outline: the GB/T 9704-2012 §7.3.3 numbering 一、 → （一） → 1. → （1）, plus 第一部分, 第一，and short
  unnumbered heading lines; a numbered line is a heading only if its number continues the sequence of its
  style (so a list 一、二、三 inside section 三 is body text), and a short first sentence after the number
  is a run-in heading (（一）标题。正文…) split from the body that follows it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from . import schema
from .text import MASK

# -- characters ----------------------------------------------------------------------------------------

#: a character counted as 字: CJK ideographs, letters and digits of any script (not punctuation, space)
_NOT_COUNTED = re.compile(r"[\W_]+")


def count_chars(text: str) -> int:
    """Count 字 the way lectureanalysis does everywhere: CJK characters plus letters and digits;
    punctuation, symbols and whitespace are not counted.

    >>> count_chars("一、2018年工作回顾（PM2.5）")  # 一 2018 年工作回顾 PM 2 5
    14
    """
    return len(_NOT_COUNTED.sub("", text))


@lru_cache(maxsize=1)
def _counted_bmp() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: is it counted as 字? (built once, ~70 ms)"""
    return np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=np.bool_, count=0x10000)


def counted_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of ``text`` and, for each, whether it is counted as 字 (as :func:`count_chars`
    counts: vectorised over the Basic Multilingual Plane, Python asked for the rare supplementary-plane
    characters such as CJK extensions B-G)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    counted = _counted_bmp()[np.minimum(points, 0xFFFF)]
    astral = np.flatnonzero(points > 0xFFFF)
    if astral.size:
        counted[astral] = [text[i].isalnum() for i in astral]
    return points, counted


def count_chars_many(texts: list[str]) -> list[int]:
    """:func:`count_chars` of many texts at once (vectorised over code points; same result).

    >>> count_chars_many(["一、回顾", "（PM2.5）", "𠀀字"])
    [3, 4, 2]
    """
    if not texts:
        return []
    _, counted = counted_points("".join(texts))
    running = np.concatenate(([0], np.cumsum(counted, dtype=np.int64)))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    return (running[ends] - running[ends - lengths]).tolist()


SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』）)】》\"'"
#: characters a line may not start with (避头): they continue the line before
LINE_START_FORBIDDEN = "，。、；：？！）》”’」』】〉,;:?!)]%…·"
#: characters a line may not end with (避尾): the line goes on in the next one
LINE_END_FORBIDDEN = "（《“‘「『【〈([“"
_CN_NUM = "一二三四五六七八九十百零〇两"
_LONE_ENUMERATOR = re.compile(
    rf"^(?:[{_CN_NUM}]+(?:是|要|则|来|方面|者)|第[{_CN_NUM}]+(?:是|条|点|个)?|其[{_CN_NUM}]|首先|其次|再次|最后|另外)"
    r"[，,、：:]?$"
)
#: an enumerator left at the end of a line after a clause (加强学习；二是 / 加强实践)
_TRAILING_ENUMERATOR = re.compile(rf"[；;，,。：:](?:[{_CN_NUM}]+(?:是|要)|第[{_CN_NUM}]+[，、,]?|其次|再次|最后)$")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (。！？…, optionally closed by ”）》).

    >>> ends_sentence("谢谢大家！"), ends_sentence("如果算上文件、信息、汇报、")
    (True, False)
    """
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


# -- paragraphs ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    """A paragraph as pieces of lines: ``(offset in the normalised text, text)`` each."""

    pieces: list[tuple[int, str]]
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            out = self.pieces[0][1]
            for _, piece in self.pieces[1:]:
                out += " " + piece if _needs_space(out, piece) else piece
            self._text = out
        return self._text

    def extend(self, pieces: list[tuple[int, str]]) -> None:
        self.pieces.extend(pieces)
        self._text = None

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        offset, piece = self.pieces[-1]
        return offset + len(piece)

    def split_at(self, index: int) -> tuple[Paragraph, Paragraph]:
        """Split at character ``index`` of :attr:`text`; whitespace at the cut is dropped."""
        head: list[tuple[int, str]] = []
        tail: list[tuple[int, str]] = []
        position = 0
        previous = ""
        for offset, piece in self.pieces:
            if _needs_space(previous, piece):
                position += 1
            if position + len(piece) <= index:
                head.append((offset, piece))
            elif position >= index:
                tail.append((offset, piece))
            else:
                cut = index - position
                left, right = piece[:cut].rstrip(), piece[cut:]
                if left:
                    head.append((offset, left))
                if right.strip():
                    tail.append((offset + cut + len(right) - len(right.lstrip()), right.strip()))
            position += len(piece)
            previous = piece
        return Paragraph(head), Paragraph(tail)


def _needs_space(left: str, right: str) -> bool:
    """Two fragments of Latin words are joined with a space; everything else is joined directly."""
    a, b = left[-1:], right[:1]
    return a.isascii() and a.isalpha() and b.isascii() and b.isalpha()


@dataclass(slots=True)
class Line:
    start: int
    text: str  # stripped
    indented: bool
    blank_before: bool
    continues: bool = False  # the rest of a line after masked boilerplate: same paragraph as before
    after_removed: bool = False  # follows a line removed whole as boilerplate: a paragraph starts here
    apart: bool = False  # a part of a run-on text's title block (日期, 讲话人): never joined to the line before


_MASKED = re.compile(f"{MASK}+")


_INDENT = re.compile(r"^(?:\u3000+|[ \t]{2,}|\t)")
#: whitespace inside a line that may be a paragraph's indent: two or more spaces (U+3000, ASCII; NBSP is a
#: space after normalisation) or tabs
_INNER_INDENT = re.compile(r"[ \t\u3000]{2,}(?=\S)|\t+(?=\S)")


def _lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    blank = False
    removed = False  # a whole line was boilerplate: it leaves a paragraph break, but is no blank line
    for raw in text.split("\n"):
        chunks = _MASKED.split(raw) if MASK in raw else [raw]
        position = offset
        first = True
        for chunk in chunks:
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                indented = bool(_INDENT.match(chunk)) and first
                lines.append(Line(position + lead, stripped, indented, blank, continues=not first,
                                  after_removed=removed and first))
                blank = removed = False
                first = False
            position += len(chunk)
            if MASK in raw:
                match = _MASKED.match(raw, position - offset)
                position += len(match.group()) if match else 0
        if first and MASK in raw:
            removed = True
        elif first:
            blank = True
        offset += len(raw) + 1
    return lines


def _split_inner_indents(line: Line) -> list[Line]:
    """Split a line where paragraphs run together at an indent (…。　　下一段).

    A run of two or more spaces holding an ideographic space (U+3000) is the indent that portals leave when
    they strip line breaks: it always starts a paragraph — after a heading with a comma, after 各位代表：, after
    。（鼓掌） — and the 避头/避尾 rule rejoins the rare false cut. A run of ASCII spaces or tabs only starts one
    after a sentence end or a short line without punctuation (a heading).
    """
    if "\u3000" not in line.text and "  " not in line.text and "\t" not in line.text:
        return [line]
    parts: list[Line] = []
    begin = 0
    for match in _INNER_INDENT.finditer(line.text):
        before = line.text[begin:match.start()].rstrip()
        ideographic = "\u3000" in match.group()
        if before and (ideographic or ends_sentence(before)
                       or (len(before) <= 40 and not re.search(r"[，。；：]", before))):
            parts.append(Line(line.start + begin, before, line.indented if not parts else True, line.blank_before,
                              continues=line.continues and not parts))
            begin = match.end()
    if not parts:
        return [line]
    parts.append(Line(line.start + begin, line.text[begin:], True, False))
    return parts


def _join_needed(left: str, right: str) -> bool:
    if left[-1] in LINE_END_FORBIDDEN or right[0] in LINE_START_FORBIDDEN:
        return True
    if _LONE_ENUMERATOR.match(left) or _TRAILING_ENUMERATOR.search(left[-8:]):
        return True
    if left[-1] in "，、," and not HEADING_START.match(right):
        return True
    # a one- or two-character fragment cut off a word: 政府工作报 / 告
    return len(right) <= 2 and not ends_sentence(left) and bool(re.fullmatch(r"[^\W\d_]+", right)) and len(left) > 2


def _after_heading_line(paragraph: Paragraph, line: str) -> bool:
    """A sentence on the line after a numbered heading line (三、深入推进服务政府建设 / “十一五”时期，要…。) is the
    heading's body, never a fragment of it: a fragment of a broken heading is short and ends no sentence."""
    if len(paragraph.pieces) != 1 or HEADING_START.match(paragraph.text) is None:
        return False
    heading = paragraph.text
    if count_chars(heading) > MAX_HEADING_CHARS or heading[-1] in f"{SENTENCE_END}，、,；;：:" or heading[-1] in _CLOSERS:
        return False
    return ends_sentence(line) or count_chars(line) > MAX_HEADING_CHARS


def assemble_paragraphs(text: str) -> tuple[list[Paragraph], str]:
    """Cut masked, normalised text into paragraphs; return them and how paragraphs were found.

    The second value is ``"blank lines"``, ``"line breaks"``, ``"indents and headings"`` (a text without
    line breaks) or ``"none"`` (nothing marks paragraphs: the text stays one paragraph).
    """
    lines = _lines(text)
    single_line = sum(not line.continues for line in lines) == 1
    if single_line:  # no line breaks at all: cut before numbered headings that follow a sentence end
        lines = [part for line in lines for part in _split_run_on(line)]
    lines = [part for line in lines for part in _split_inner_indents(line)]
    if not lines:
        return [], "none"
    starts = [line for line in lines if not line.continues]
    gaps = sum(line.blank_before for line in starts[1:])
    by_blank_lines = len(starts) > 2 and gaps >= 0.3 * (len(starts) - 1)
    paragraphs: list[Paragraph] = []
    after_removed: set[int] = set()  # after a line removed as boilerplate, or a title-block part: never joined
    for line in lines:
        starts_new = not paragraphs or (
            not line.continues and (not by_blank_lines or line.blank_before or line.indented or line.after_removed
                                    # a numbered line after a full stop: a heading or a list item, never a fragment
                                    or (HEADING_START.match(line.text) is not None
                                        and ends_sentence(paragraphs[-1].text))
                                    or _after_heading_line(paragraphs[-1], line.text))
        )
        if starts_new:
            paragraphs.append(Paragraph([(line.start, line.text)]))
            if line.after_removed or line.apart:
                after_removed.add(len(paragraphs) - 1)
        else:
            paragraphs[-1].extend([(line.start, line.text)])
    joined: list[Paragraph] = [paragraphs[0]]
    for index, paragraph in enumerate(paragraphs[1:], 1):
        if index not in after_removed and _join_needed(joined[-1].text, paragraph.text):
            joined[-1].extend(paragraph.pieces)
        else:
            joined.append(paragraph)
    if single_line:
        how = "indents and headings" if len(joined) > 1 else "none"
    else:
        how = "blank lines" if by_blank_lines else "line breaks"
    return joined, how


_RUN_ON_HEADING = re.compile(
    rf"(?<=[{SENTENCE_END}])(?=(?:第[{_CN_NUM}]+部分|[{_CN_NUM}]+、|[（(][{_CN_NUM}]+[)）]|\d{{1,2}}[.、](?!\d)|[（(]\d{{1,2}}[)）]))"
)


#: in the opening of a text without line breaks: a date in brackets after the title, and a salutation
_RUN_ON_DATE = re.compile(r"[（(]\s*(?:\d{4}|[一二三四五六七八九〇零○]{4})\s*年[^）)]{1,12}?日\s*[)）]")
_RUN_ON_SALUTATION = re.compile(r"(?:同志们|各位代表|各位委员|各位来宾|同学们|朋友们|女士们[、，,]先生们)[：:！!，,]")
#: a salutation after a sentence end opens a paragraph (…完成任务。同志们！让我们…)
_RUN_ON_ADDRESS = re.compile(rf"(?<=[{SENTENCE_END}])(?={_RUN_ON_SALUTATION.pattern})")
#: how far into a run-on text its title block may reach
_RUN_ON_HEAD = 300


def _title_block_cuts(text: str) -> list[int]:
    """Where the title block of a text without line breaks ends its parts: 在…上的讲话（2020年9月8日）习近平
    同志们：今天… is cut before and after the bracketed date and around the salutation, within the opening
    (before the first sentence ends)."""
    first_end = re.search(rf"[{SENTENCE_END}]", text)
    head = text[:min(first_end.start() if first_end else len(text), _RUN_ON_HEAD)]
    cuts = []
    date = _RUN_ON_DATE.search(head)
    if date and date.start() > 0:
        cuts += [date.start(), date.end()]
    salutation = _RUN_ON_SALUTATION.search(head)
    if salutation and salutation.start() > 0:
        cuts += [salutation.start(), salutation.end()]
    return cuts


def _split_run_on(line: Line) -> list[Line]:
    """Cut a line before every numbered heading or salutation that follows a sentence end (…意见。一、提高认识,
    …任务。同志们！), and the title block of its opening into its parts (see :func:`_title_block_cuts`)."""
    headings = [m.start() for m in _RUN_ON_HEADING.finditer(line.text)]
    headings += [m.start() for m in _RUN_ON_ADDRESS.finditer(line.text)]
    title_cuts = set(_title_block_cuts(line.text))
    cuts = sorted({0, *title_cuts, *headings, len(line.text)})
    parts = []
    for begin, end in itertools.pairwise(cuts):
        piece = line.text[begin:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            parts.append(Line(line.start + begin + lead, piece.strip(), begin > 0 or line.indented,
                              line.blank_before, continues=line.continues and begin == 0, apart=begin in title_cuts))
    return parts


# -- files that hold many documents --------------------------------------------------------------------

#: a dated header line: a short prefix, a date, a short suffix (新闻联播 2020年5月1日, 2020-05-01 政府公报)
_DATED_HEADER = re.compile(
    r"^(?P<prefix>[^\n。！？]{0,30}?)(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})"
    r"(?P<suffix>[^\n。！？]{0,30})$", re.M)
#: a file is split when at least this many header lines of one shape start its documents
MIN_DOCUMENTS = 3


def split_documents(text: str, *, split: str | re.Pattern[str] | bool | None = None) -> list[tuple[int, str]]:
    r"""Where the documents of a file that holds many (a transcript archive, a 文集, a daily bulletin) start:
    ``(offset of the header line, header line)`` for each, or ``[]`` when the file is one document.

    ``split=None`` finds them: lines after a blank line (or opening the file) that are a date with a short
    prefix and suffix of one shape (新闻联播 2020年5月1日, 新闻联播 2020年5月2日, …), at least three times.
    ``split=REGEX`` names the lines that start documents; ``split=False`` never splits.

    >>> text = "\n\n".join(f"新闻联播 2020年5月{d}日\n今天的新闻。" for d in (1, 2, 3))
    >>> [header for _, header in split_documents(text)]
    ['新闻联播 2020年5月1日', '新闻联播 2020年5月2日', '新闻联播 2020年5月3日']
    """
    if split is False:
        return []
    if split is not None and split is not True:
        pattern = re.compile(split, re.M) if isinstance(split, str) else split
        starts = [(m.start(), m.group().strip()) for m in pattern.finditer(text)
                  if m.start() == 0 or text[m.start() - 1] == "\n"]
        return [(text.rfind("\n", 0, start) + 1, _line_at(text, start)) for start, _ in starts]
    shapes: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for match in _DATED_HEADER.finditer(text):
        start = match.start()
        before = text[max(0, start - 2):start]
        if start and not before.endswith("\n\n") and not (start == 1 and before == "\n"):
            continue  # a header stands after a blank line (or opens the file)
        shape = (match["prefix"].strip(), re.sub(r"\d", "#", match["suffix"].strip()))
        shapes.setdefault(shape, []).append((start, match.group().strip()))
    best = max(shapes.values(), key=len, default=[])
    return best if len(best) >= MIN_DOCUMENTS else []


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)].strip()


# -- title block ---------------------------------------------------------------------------------------

SALUTATION = re.compile(r"^(?:各位|尊敬的|亲爱的|同志们|同学们|朋友们|女士们|老师们)[^。！？]{0,30}[：:！!，,]?$")
#: offices written before a speaker's name in a title block
SPEAKER_OFFICES = (
    "中共中央总书记", "国家主席", "国务院总理", "国务院副总理", "全国人大常委会委员长", "全国政协主席",
    "总书记", "委员长", "副总理", "总理", "副主席", "主席", "党组书记", "党委书记", "纪委书记", "副书记",
    "书记", "省长", "副省长", "市长", "副市长", "县长", "区长", "镇长", "乡长", "部长", "厅长", "局长",
    "主任", "院长", "校长", "董事长", "总经理", "理事长", "会长", "秘书长", "同志",
)
_NAME = r"(?:[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff]{1,6}(?:[·•][\u4e00-\u9fff]{1,6})?|[\u4e00-\u9fff][\u3000 ]?[\u4e00-\u9fff]{1,3}|[*＊×X]{1,3}[\u4e00-\u9fff]{0,2}|[\u4e00-\u9fff][*＊×X]{1,2})"
#: a speaker line: an office (optional), a colon (optional: 省长：郝鹏), a name; after an office the name may be
#: five characters (Mongolian and Tibetan names written without ·: 自治区主席 乌云其木格)
SPEAKER_LINE = re.compile(
    rf"^(?P<office>[\u4e00-\u9fff]{{0,16}}?(?:{'|'.join(SPEAKER_OFFICES)}))?[\s\u3000]*(?(office)[：:]?)[\s\u3000]*"
    rf"(?P<name>{_NAME}|(?(office)[\u4e00-\u9fff]{{5}}|(?!)))$"
)
OFFICE_LINE = re.compile(rf"^[\u4e00-\u9fff]{{0,16}}?(?:{'|'.join(SPEAKER_OFFICES)})$")
_DATE = re.compile(
    r"(?P<y>\d{4}|[一二三四五六七八九〇零○]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
#: an ISO or dotted date (2023-01-01, 2023/1/5, 2023.1.5), as dated headers of bulletins write it
_ISO_DATE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-./])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?![\d.])")
DATE_LINE = re.compile(rf"^[（(]?\s*(?:{_DATE.pattern})\s*(?:[，,、\s]?\s*(?P<after>[^）)，,]{{1,12}}))?\s*[)）]?$")
_SUBTITLE = re.compile(r"^(?:[—－\-]{1,2}|——)")
_OCCASION = re.compile(r"^[（(]?\s*(?:在|于).{2,60}(?:上|时|之际)(?:的(?:讲话|报告|讲稿|发言|致辞|党课|演讲))?\s*[)）]?$")


def _cn_number(text: str) -> int | None:
    """Parse ``一``…``九十九`` and Arabic digits; ``None`` if not a number.

    >>> _cn_number("十二"), _cn_number("二十"), _cn_number("两"), _cn_number("7")
    (12, 20, 2, 7)
    """
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2, "○": 0}
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = digits.get(tens, None) if tens else 1
        o = digits.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    if len(text) == 1 and text in digits:
        return digits[text]
    if text and all(c in digits for c in text):  # 一九五七
        return int("".join(str(digits[c]) for c in text))
    return None


def cn_number_text(n: int) -> str:
    """Write ``n`` in Chinese numerals as a count is read (the inverse of :func:`_cn_number` for 0-99):
    二十一, not 二一; larger numbers digit by digit.

    >>> cn_number_text(1), cn_number_text(10), cn_number_text(21), cn_number_text(2019)
    ('一', '十', '二十一', '二〇一九')
    """
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def parse_date(text: str) -> pd.Timestamp | None:
    """The first date written in ``text`` (Arabic or Chinese numerals), or ``None``.

    >>> parse_date("——2019年3月5日在第十三届全国人民代表大会第二次会议上")
    Timestamp('2019-03-05 00:00:00')
    >>> parse_date("一九五七年六月二十六日")
    Timestamp('1957-06-26 00:00:00')
    >>> parse_date("新闻联播 2023-01-01"), parse_date("2023.1.5 政府公报")
    (Timestamp('2023-01-01 00:00:00'), Timestamp('2023-01-05 00:00:00'))
    """
    match = _DATE.search(text)
    iso = _ISO_DATE.search(text)
    if iso and (not match or iso.start() < match.start()):
        try:
            return pd.Timestamp(year=int(iso["y"]), month=int(iso["m"]), day=int(iso["d"]))
        except ValueError:
            return None
    if not match:
        return None
    year, month = _cn_number(match["y"]), _cn_number(match["m"])
    day = _cn_number(match["d"]) if match["d"] else 1
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except (TypeError, ValueError):
        return None


@dataclass
class TitleBlock:
    title: str = ""
    subtitle: str = ""
    occasion: str = ""
    date: pd.Timestamp | None = None
    speaker: str = ""
    speaker_title: str = ""
    lines: list[Paragraph] = field(default_factory=list)  # every consumed line but the title
    title_paragraph: Paragraph | None = None


def _is_title(text: str) -> bool:
    return (
        len(text) <= 60
        and not ends_sentence(text)
        and text[-1] not in "：:，,；;、"
        and not SALUTATION.match(text)
        and not HEADING_START.match(text)
        and not DATE_LINE.match(text)
        and not _SUBTITLE.match(text)
        and not (_OCCASION.match(text) and text.rstrip("）) ").endswith(("上", "时")))  # 在…会议上: an occasion
        and not _dated_occasion(text)
    )


#: how a date-and-occasion line ends: 在…会议上, 在…大会上的讲话
_OCCASION_END = re.compile(r"(?:[会會][议議]|大[会會]|[会會]|典[礼禮]|[仪儀]式|座[谈談][会會]|[论論]壇|论坛)上"
                           r"(?:的(?:[讲講][话話]|[报報]告|[发發]言|致[辞辭]))?[)）]?$")
#: a title with its date line run on: 政府工作报告——1957年6月26日在…会议上 (dashes ——, ──, ――, — or none)
_UNNAMED_DATE = re.sub(r"\(\?P<\w+>", "(?:", _DATE.pattern)
_TITLE_DATE = re.compile(rf"(?:——|──|――|—|－－|--)\s*(?=(?:{_UNNAMED_DATE})|[（(])|(?=[（(]\s*(?:{_UNNAMED_DATE}))")
#: a speaker after the occasion on the same line: ——2013年1月22日在…会议上 自治区主席　马　飚, （…会议上 代省长巴音朝鲁）
_TRAILING_SPEAKER = re.compile(r"(?:[会會][议議]|大[会會])上[\s\u3000]+(?P<speaker>[^\s\u3000）)][^）)]{1,24}?)\s*[)）]?$")
_ADDRESS_START = re.compile(r"^(?:各位|尊敬的|亲爱的|同志们|同学们|朋友们|女士们|老师们)")
#: the lines of a title block may be glued into one paragraph when the file has no blank lines between them
_OPENING_LINES = 4


#: a dated bracket in a run-on opening, with text after it: ……主旨演讲（2020年11月10日，北京）中华人民共和国主席 习近平各位…
_GLUED_DATE = re.compile(rf"[（(]\s*(?:{_UNNAMED_DATE})[^（）()]{{0,12}}[)）]")
#: an office and a name glued to the salutation that opens the body: 国务院总理周恩来各位代表：
_GLUED_SPEAKER = re.compile(rf"^(?P<office>[\u4e00-\u9fff]{{0,16}}?(?:{'|'.join(SPEAKER_OFFICES)}))[\s\u3000]*"
                            r"(?P<name>[\u4e00-\u9fff](?:[\u3000 ]?[\u4e00-\u9fff]){1,2}?)"
                            r"(?=各位|同志们|尊敬的|亲爱的|女士们|朋友们|同学们|老师们)")
#: the mark some databases of leaders' speeches put between a title and the speaker: 讲话※习近平党的十八大以后…
_SPEAKER_MARK = "※"


def _split_glued_opening(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Cut an opening whose title, date, speaker and body run together (texts copied from databases of leaders'
    speeches, portals without line breaks) into its lines:

    - at a dated bracket with text after it (``…主旨演讲（2020年11月10日，北京）中华人民共和国主席 习近平各位…``);
    - at ``※`` between the title and the speaker, the speaker's name told by jieba's part of speech (a
      person's name, 2–4 字) when no salutation follows it (``…讲话※习近平党的十八大以后…``);
    - after an office and name glued to the salutation (``国务院总理周恩来各位代表：``).
    """
    out: list[Paragraph] = []
    queue = list(paragraphs[:_OPENING_LINES])
    while queue:
        paragraph = queue.pop(0)
        text = paragraph.text
        mark = text.find(_SPEAKER_MARK)
        if 1 < mark <= 150 and len(out) < _OPENING_LINES:
            title, rest = paragraph.split_at(mark)  # the mark stays on the speaker's line (※习近平), read past
            name_end = _glued_name_end(rest.text[1:])
            out.append(title)
            if name_end:
                head, body = rest.split_at(1 + name_end)
                out.append(head)
                queue.insert(0, body)
            else:
                queue.insert(0, rest)
            continue
        dated = _GLUED_DATE.search(text, 0, 200)
        if dated and dated.end() < len(text) and not re.search(f"[{SENTENCE_END}]", text[:dated.start()]):
            head, tail = paragraph.split_at(dated.start()) if dated.start() else (Paragraph([]), paragraph)
            bracket, rest = tail.split_at(dated.end() - dated.start())
            out += [p for p in (head, bracket) if p.pieces]
            if rest.pieces:
                queue.insert(0, rest)
            continue
        speaker = _GLUED_SPEAKER.match(text)
        if speaker:
            head, rest = paragraph.split_at(speaker.end())
            out.append(head)
            queue.insert(0, rest)
            continue
        out.append(paragraph)
        if ends_sentence(text) or len(text) > 200:
            break
    return out + paragraphs[_count_used(paragraphs, out):]


def _count_used(paragraphs: list[Paragraph], out: list[Paragraph]) -> int:
    """How many of the original paragraphs the pieces in ``out`` came from (pieces keep their offsets)."""
    if not out:
        return 0
    last = out[-1].end
    return sum(1 for p in paragraphs if p.start < last)


def _glued_name_end(text: str) -> int:
    """Where a speaker's name glued to what follows ends: before a salutation, or after jieba's person name."""
    speaker = re.match(r"^[\s\u3000]*([\u4e00-\u9fff]{2,4}?)(?=各位|同志们|尊敬的|亲爱的|女士们|朋友们|同学们|老师们)", text)
    if speaker:
        return speaker.end()
    first = next(iter(_pos_tokenizer().cut(text[:12])), None)  # type: ignore[attr-defined]
    if first is not None and first.flag.startswith("nr") and 2 <= len(first.word) <= 4:
        return len(first.word)
    return 0


def _title_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The opening paragraphs with a title block written on consecutive lines cut back into its lines (title /
    date line / speaker, glued into one paragraph where no blank line separates them), and a date line run on
    after the title (政府工作报告——2010年3月5日在…上) cut off it."""
    out: list[Paragraph] = []
    spaced = 0  # a letter-spaced title (政　府　工　作　报　告) read as one character a paragraph
    while spaced < min(len(paragraphs), 20) and re.fullmatch(r"[\u4e00-\u9fff]", paragraphs[spaced].text):
        spaced += 1
    if spaced >= 3:
        paragraphs = [Paragraph([p for paragraph in paragraphs[:spaced] for p in paragraph.pieces]),
                      *paragraphs[spaced:]]
    paragraphs = _split_glued_opening(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        first_line = paragraph.pieces[0][1]
        if index >= _OPENING_LINES or SALUTATION.match(first_line) or _ADDRESS_START.match(first_line) \
                or ends_sentence(first_line) or len(paragraph.text) > 200:  # the body has begun
            return _join_split_occasion(out + paragraphs[index:])
        lines = [Paragraph([piece]) for piece in paragraph.pieces]
        parts = lines if len(lines) > 1 and any(_block_line(line.text) for line in lines) else [paragraph]
        for part in parts:
            dash = _TITLE_DATE.search(part.text)
            if dash and dash.start() > 1 and not _SUBTITLE.match(part.text) and len(part.text) <= 150:
                head, tail = part.split_at(dash.start())
                out += [head, tail] if head.pieces and tail.pieces else [part]
            else:
                out.append(part)
    return _join_split_occasion(out)


def _join_split_occasion(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A date line whose occasion goes on in the next line (2024年1月23日在浙江省 / 第十四届人民代表大会第二次
    会议上) joined back into one line."""
    for index in range(min(len(paragraphs) - 1, _OPENING_LINES + 2)):
        first, second = paragraphs[index].text, paragraphs[index + 1].text
        if parse_date(first) and not _OCCASION_END.search(first) and len(first) <= 40 and len(second) <= 40 \
                and _OCCASION_END.search(second) and not parse_date(second) and not SALUTATION.match(second):
            joined = Paragraph([*paragraphs[index].pieces, *paragraphs[index + 1].pieces])
            return [*paragraphs[:index], joined, *paragraphs[index + 2:]]
    return paragraphs


def _dated_occasion(text: str) -> bool:
    """Whether a line gives a date and ends on its occasion (2021年1月25日在…会议上)."""
    return bool(_OCCASION_END.search(text)) and parse_date(text) is not None


def _opening_speaker(paragraphs: list[Paragraph]) -> re.Match[str] | None:
    """The speaker line a text opens with, office and name (湖北省省长 王国生 / 各位代表：), else None."""
    speaker = SPEAKER_LINE.match(_compact(paragraphs[0].text))
    return speaker if speaker and speaker["office"] else None


def _block_line(text: str) -> bool:
    """Whether a line is one a title block is made of: a date line, an occasion, a dash subtitle, a speaker."""
    compact = _compact(text)
    return bool(DATE_LINE.match(text) or _SUBTITLE.match(text) or _OCCASION.match(text)
                or _dated_occasion(text) or OFFICE_LINE.match(compact)
                or ((speaker := SPEAKER_LINE.match(compact)) is not None and bool(speaker["office"])))


def _compact(text: str) -> str:
    """A short title-block line with the spaces between its characters taken out (省 长 王文涛, 习　近　平), and
    without the ※ that marks a speaker in some databases."""
    text = text.removeprefix(_SPEAKER_MARK)
    return re.sub(r"(?<=[\u4e00-\u9fff])[\s\u3000]+(?=[\u4e00-\u9fff])", "", text) if len(text) <= 40 else text


def split_title_block(paragraphs: list[Paragraph]) -> tuple[TitleBlock, list[Paragraph]]:
    """Take the title, subtitle, date and speaker lines off the top of a speech.

    A date written in the body (the seed's 2014年5月8日) is never the speech's date: only title-block
    lines are read.
    """
    block = TitleBlock()
    i = 0
    paragraphs = _title_lines(paragraphs)
    if len(paragraphs) == 1 and _is_title(paragraphs[0].text):  # a file holding nothing but its title
        block.title = paragraphs[0].text
        block.title_paragraph = paragraphs[0]
        return block, []
    opening = _opening_speaker(paragraphs) if paragraphs else None
    if len(paragraphs) > 2 and opening and _is_title(paragraphs[1].text):  # 某省省长 某某 / 政府工作报告 / 各位代表：
        block.speaker, block.speaker_title = opening["name"], opening["office"]
        block.lines.append(paragraphs[0])
        block.title, block.title_paragraph = paragraphs[1].text, paragraphs[1]
        i = 2
    elif len(paragraphs) > 1 and _is_title(paragraphs[0].text) and not opening:
        block.title = paragraphs[0].text
        block.title_paragraph = paragraphs[0]
        i = 1
        if len(paragraphs) > 3 and _is_title(paragraphs[1].text) and _block_line(paragraphs[2].text) \
                and not _block_line(paragraphs[1].text) and not parse_date(paragraphs[1].text):  # 1985年政府工作报告 / 当前的经济形势… / ——1985年3月27日…
            block.subtitle = paragraphs[1].text
            block.lines.append(paragraphs[1])
            i = 2
    while i < len(paragraphs) - 1 and len(block.lines) < 5:
        text = paragraphs[i].text
        if len(text) > 80:
            break
        trailing = _TRAILING_SPEAKER.search(text)
        if _SUBTITLE.match(text) or (_OCCASION.match(text) and i <= 2) or (i <= 3 and trailing and parse_date(text)):
            speaker = SPEAKER_LINE.match(_compact(trailing["speaker"])) if trailing else None
            if speaker and not block.speaker:
                block.speaker, block.speaker_title = speaker["name"], speaker["office"] or ""
                text = text[:trailing.start("speaker")].rstrip() + text[trailing.end("speaker"):]  # type: ignore[union-attr]
            block.subtitle = block.subtitle or text
            block.occasion = block.occasion or _occasion(text)
            block.date = block.date or parse_date(text)
        elif dated := DATE_LINE.match(text):
            block.date = block.date or parse_date(text)
            after = _compact(dated["after"] or "")  # （2011年2月21日 罗保铭）: the speaker after the date
            if after and not block.speaker and (name := SPEAKER_LINE.match(after)) and not _PLACE_OR_NOTE.search(after) \
                    and not after.startswith(("在", "于")) and not _DAY.search(after):
                block.speaker = name["name"]
                block.speaker_title = name["office"] or ""
        elif (
            (speaker := SPEAKER_LINE.match(_compact(text)))
            and (i > 0 or block.subtitle or speaker["office"])
            and not block.speaker
            and not SALUTATION.match(text)
            and text not in TOP_LEVEL_WORDS
        ):
            block.speaker = re.sub(r"[\s\u3000]", "", speaker["name"])
            block.speaker_title = speaker["office"] or ""
        elif (_OCCASION.match(text) or _dated_occasion(text)) and i <= 3:
            block.subtitle = block.subtitle or text  # 在…会议上 without a dash, on its own line
            block.occasion = block.occasion or _occasion(text)
            block.date = block.date or parse_date(text)
        elif (
            OFFICE_LINE.match(text)
            and not block.speaker
            and i + 2 < len(paragraphs)
            and (name := re.fullmatch(_NAME, paragraphs[i + 1].text))
        ):  # 国务院总理 / 李克强 on two lines
            block.speaker = re.sub(r"[\s\u3000]", "", name.group())
            block.speaker_title = text
            block.lines.append(paragraphs[i])
            i += 1
        elif parse_date(text) and len(text) <= 60 and not ends_sentence(text) and i <= 2 and (
            "会议" in text or "大会" in text or "上" in text[-2:]
        ):
            block.subtitle = block.subtitle or text  # 1957年6月26日在第一届全国人民代表大会第四次会議上
            block.occasion = block.occasion or _occasion(text)
            block.date = block.date or parse_date(text)
        elif not block.title and block.lines and _is_title(text) and i + 1 < len(paragraphs) \
                and _block_line(paragraphs[i + 1].text):
            # a stray date line above the title (a scraper's copy): ——2021年1月29日在… / 政府工作报告 / ——2021年…
            block.title, block.title_paragraph = text, paragraphs[i]
            i += 1
            continue
        else:
            break
        block.lines.append(paragraphs[i])
        i += 1
    if _LETTER_SPACED.fullmatch(block.title):  # 政　府　工　作　报　告
        block.title = re.sub(r"[\s\u3000]+", "", block.title)
    return block, paragraphs[i:]


_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff][\s\u3000]+){2,}[\u4e00-\u9fff]")


#: a day (二十二日, 22日): a second day of the date in brackets (（一九六四年十二月二十一日、二十二日）), no speaker
_DAY = re.compile(r"[\d一二三四五六七八九十〇零○]+\s*[日号]")
#: what may follow a date in brackets that is no speaker: a place, a draft's note (（2020年11月10日，北京）)
_PLACE_OR_NOTE = re.compile(r"北京|上海|天津|重庆|稿|修订|整理|通过|发布|印发|讲话")


def _occasion(text: str) -> str:
    text = _SUBTITLE.sub("", text).strip("（）() ")
    return _DATE.sub("", text, count=1).strip()


# -- outline -------------------------------------------------------------------------------------------

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


def _heading_candidate(paragraph: Paragraph, next_text: str | None,
                       styled: dict[str, int] | None = None) -> HeadingMatch | None:
    text = paragraph.text
    numbered = HEADING_START.match(text) is not None
    if styled and not numbered and text in styled:  # a heading by its document style (Word's 标题 2)
        return HeadingMatch(f"标题{styled[text]}", None, text, None)
    for style, pattern in HEADING_STYLES.items() if numbered else ():
        match = pattern.match(text)
        if not match:
            continue
        number = _cn_number(match["n"])
        if number is None or number == 0:
            return None
        label = _label(style, match["n"])
        content = text[match.end():]
        if not content:
            return HeadingMatch(style, number, label, None) if style == "一、" else None
        space = _HEADING_END_SPACE.search(content, 0, MAX_HEADING_CHARS + 1)
        if space and not re.search(rf"[{SENTENCE_END}，；;]", content[:space.start()]):
            # Chinese body text has no spaces: one space after the heading's words ends the heading
            return HeadingMatch(style, number, label, match.end() + space.start())
        inner = content[:-1] if ends_sentence(content) or content[-1] in "；;：:" else content
        if len(content) <= MAX_HEADING_CHARS and not re.search(rf"[{SENTENCE_END}；;]", inner):
            return HeadingMatch(style, number, label, None, ends_sentence(content),
                                content.rstrip(_CLOSERS)[-1:] in f"{SENTENCE_END}；;：:，,")
        first_end = re.search(rf"[{SENTENCE_END}][{_CLOSERS}]*", content)
        if first_end and first_end.end() <= MAX_RUN_IN_CHARS and first_end.end() < len(content):
            return HeadingMatch(style, number, label, match.end() + first_end.end())
        return None
    if (
        not numbered
        and len(text) <= 25
        and _BARE_HEADING.match(text)
        and next_text is not None
        and (text in TOP_LEVEL_WORDS or len(next_text) > 30)
        and not _DATE.search(text)
        and count_chars(text) >= 2
        and not SALUTATION.match(text)
    ):
        style = "结束语" if text in TOP_LEVEL_WORDS else "unnumbered"
        return HeadingMatch(style, None, text, None)
    return None


def heading_number(text: str, style: str) -> int | None:
    """The number of a heading of a numbered ``style`` (``"三、深入改革…"``, ``"一、"`` → 3), else ``None``."""
    pattern = HEADING_STYLES.get(style)
    match = pattern.match(text) if pattern else None
    return _cn_number(match["n"]) if match else None


def numbering_gaps(headings: list[tuple[str, str]]) -> list[str]:
    """Where a list of top-level headings ``(text, style)`` skips numbers: ``["四 (三、… is followed by 五、…)"]``.

    >>> numbering_gaps([("一、甲", "一、"), ("二、乙", "一、"), ("三、丙", "一、"), ("五、丁", "一、")])
    ['四 (三、丙 is followed by 五、丁)']
    """
    gaps = []
    previous: tuple[str, str, int] | None = None
    for text, style in headings:
        number = heading_number(text, style)
        if number is None:
            continue
        if previous is not None and previous[1] == style and number > previous[2] + 1:
            missing = "、".join(_label(style, cn_number_text(n) if style in ("一、", "（一）", "第一，", "第一部分")
                                      else str(n)) for n in range(previous[2] + 1, number))
            gaps.append(f"{missing} ({previous[0][:12]} is followed by {text[:12]})")
        previous = (text, style, number)
    return gaps


def _label(style: str, number: str) -> str:
    return {"一、": number, "（一）": f"（{number}）", "1.": number, "（1）": f"（{number}）",
            "第一，": f"第{number}", "第一部分": f"第{number}部分"}[style]


@dataclass(slots=True)
class OutlineRow:
    paragraph: Paragraph
    is_heading: bool
    level: int
    style: str
    section_id: str
    section_level: int
    section_path: str
    section_title: str


def parse_outline(paragraphs: list[Paragraph], *, styled: dict[str, int] | None = None) -> list[OutlineRow]:
    """Recover the outline: which paragraphs are headings, their levels, and every row's section.

    Levels follow nesting, not a fixed table: in a speech numbered 一、 → （一） → 1. → （1） (GB/T 9704)
    they are 1, 2, 3, 4; a speech whose outline starts at （一） (1958) or at unnumbered headings (1983:
    过去五年的回顾) has those at level 1 and what they contain below. A numbered line is a heading only if
    its number continues its style's sequence (higher than the last at that level, or 1 for a new level);
    a restart at 1 under the top level opens a new list of headings. A restart of the top level's own
    numbering is decided by form: short standalone lines without closing punctuation open a nested level
    (1986: 一、确定适度的经济增长率… inside section 二), sentences are a list in the body (1955: 一、提高设计工作，…；
    inside section 三), and so are the items that continue such a list in a form (run-in or not, closing
    punctuation or not) unlike the level's real headings. When an item could go on with both the nested and
    the outer list, it is the nested list's if the numbering later falls back to it (一 [一 二 三] 二), so the
    nested list never hides the next top-level heading.
    Run-in headings are split off the paragraph they open. ``styled`` names paragraphs that the document
    marks as headings by style (a Word paragraph in 标题 1/Heading 1 …: text -> style level): unnumbered,
    they are headings whatever their length, nested by their style's level.
    """
    outliner = _Outliner()
    counters: list[int] = []
    path: list[str] = []
    titles: list[str] = []
    rows: list[OutlineRow] = []
    candidates = [_heading_candidate(p, paragraphs[i + 1].text if i + 1 < len(paragraphs) else None, styled)
                  for i, p in enumerate(paragraphs)]
    texts = [p.text for p in paragraphs]
    for index, candidate in enumerate(candidates):
        if candidate is None and HEADING_START.match(texts[index]):
            candidates[index] = _glued_heading(texts, candidates, index)
        elif candidate is not None and candidate.punctuated and candidate.run_in_end is None:
            # a short heading line closed by punctuation, among bare heading lines: its heading may be glued on
            candidates[index] = _glued_heading(texts, candidates, index) or candidate
    seen_styles: set[str] = set()
    for index, candidate in enumerate(candidates):
        if candidate is None:
            continue
        if candidate.style == "unnumbered" and LEAD_IN.match(paragraphs[index].text):
            following = next((c for c in candidates[index + 1:] if c is not None), None)
            if following is not None and following.number is not None and following.style not in seen_styles:
                candidates[index] = None  # 首先报告…工作 announces the numbered sections: it is not their parent
                continue
        seen_styles.add(candidate.style)
    for index, paragraph in enumerate(paragraphs):
        candidate = candidates[index]
        depth = outliner.place(candidate, candidates, index) if candidate else None
        if candidate is None:
            outliner.note_body_item(paragraph.text)
        if candidate is None or depth is None:
            rows.append(OutlineRow(paragraph, False, 0, "", _section_id(counters), len(counters),
                                   " > ".join(path), titles[0] if titles else ""))
            continue
        del counters[depth + 1:]
        if len(counters) == depth + 1:
            counters[depth] += 1
        else:
            counters.extend([0] * (depth + 1 - len(counters)))
            counters[depth] = 1
        del path[depth:], titles[depth:]
        heading, body = paragraph, None
        if candidate.run_in_end is not None:
            heading, body = paragraph.split_at(candidate.run_in_end)
        path.append(candidate.label)
        titles.append(heading.text)
        level = depth + 1
        section = _section_id(counters)
        rows.append(OutlineRow(heading, True, level, candidate.style, section, level, " > ".join(path), titles[0]))
        if body is not None and body.pieces:
            rows.append(OutlineRow(body, False, 0, "", section, level, " > ".join(path), titles[0]))
    return rows


@dataclass(slots=True)
class _Level:
    style: str
    number: int | None
    form: tuple[bool, bool, bool]  # see _form


class _Outliner:
    """The open headings (one per level) and the body lists that reuse a level's numbering."""

    def __init__(self) -> None:
        self.stack: list[_Level] = []
        self.body_lists: dict[str, int] = {}  # style -> last number of a list inside the body

    def place(self, candidate: HeadingMatch, candidates: list[HeadingMatch | None], index: int) -> int | None:
        depth = self._depth(candidate, candidates, index)
        if depth is not None:
            del self.stack[depth:]
            self.stack.append(_Level(candidate.style, candidate.number, _form(candidate)))
            self.body_lists.clear()
        return depth

    def note_body_item(self, text: str) -> None:
        """A numbered paragraph that is no heading may still continue a list in the body."""
        if not self.stack or not HEADING_START.match(text):
            return
        styles = [level.style for level in self.stack]
        for style, pattern in HEADING_STYLES.items():
            match = pattern.match(text)
            if match:
                number = _cn_number(match["n"])
                if style in styles and number in (1, self.body_lists.get(style, -1) + 1):
                    self.body_lists[style] = number
                return

    def _depth(self, candidate: HeadingMatch, candidates: list[HeadingMatch | None], index: int) -> int | None:
        if candidate.style == "结束语":
            return 0
        styles = [level.style for level in self.stack]
        number = candidate.number
        if candidate.style in styles:
            depth = styles.index(candidate.style)
            nested = len(styles) - 1 - styles[::-1].index(candidate.style)
            if nested != depth and number is not None and _form(candidate) == self.stack[nested].form:
                # a list restarted inside the section is open: does this item go on with it or with the outer list?
                if number == 1:
                    return nested  # another restarted list in the same section
                forms = {self.stack[depth].form, self.stack[nested].form}
                if number == self.stack[nested].number + 1 and (
                    number != self.stack[depth].number + 1 or _list_goes_on(candidates, index, number, forms)
                ):
                    return nested
            level = self.stack[depth]
            if number is None or level.number is None:
                return depth
            in_body_list = self.body_lists.get(candidate.style)
            if number > level.number:
                if in_body_list is not None and number == in_body_list + 1 and _form(candidate) != level.form:
                    self.body_lists[candidate.style] = number
                    return None
                return depth
            if number == 1 and depth > 0:
                return depth
            if number == 1 and _form(candidate) == _BARE_LINE:
                return len(self.stack)  # a restarted list of short standalone lines: a nested level
            if number == 1 or (in_body_list is not None and number == in_body_list + 1):
                self.body_lists[candidate.style] = number
            return None
        if number is not None and self.stack and number != 1:
            return None
        if candidate.style == "unnumbered" and self.stack and self.stack[0].style == "结束语":
            return None
        return len(self.stack)


def _list_goes_on(candidates: list[HeadingMatch | None], index: int, number: int,
                  forms: set[tuple[bool, bool, bool]]) -> bool:
    """Whether item ``number`` at ``index`` continues a restarted list rather than the outer one: when both
    lists would go on with ``number``, it belongs to the restarted list if the numbers of its style later fall
    back to ``number`` (一 [一 二 三] 二: the second 二 continues the outer list)."""
    style = candidates[index].style
    last = number
    for candidate in candidates[index + 1:]:
        if candidate is None or candidate.style != style or candidate.number is None or _form(candidate) not in forms:
            continue
        if candidate.number <= last:
            return candidate.number == number
        last = candidate.number
    return False


#: the form of a heading line: standalone, no closing punctuation
_BARE_LINE = (False, False, False)


def _form(candidate: HeadingMatch) -> tuple[bool, bool, bool]:
    """(run-in, closed by 。, closed by any punctuation): items of one list share a form; a glued heading has
    the form of the standalone lines it was split to be."""
    if candidate.glued:
        return _BARE_LINE
    return candidate.run_in_end is not None, candidate.ends_sentence, candidate.punctuated


# -- a heading glued to its body ----------------------------------------------------------------------

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

    from ._cache import quiet_jieba, usable_cache_dir

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(usable_cache_dir() or tempfile.mkdtemp(prefix="lectureanalysis-jieba-"))
    with quiet_jieba():
        tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


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
    number = _cn_number(match["n"])
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
    clause = re.match(r"[^，。！？；：,!?;:]*", content)[0]
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


# -- text held twice ----------------------------------------------------------------------------------

#: a run of paragraphs repeating an earlier run is a second copy (a scraper that followed pagination and
#: saved page one again, a text pasted twice) when it is at least this many paragraphs ...
REPEATED_MIN_PARAGRAPHS = 3
#: ... holding at least this many 字 (a refrain of short lines a speaker repeats is no copy)
REPEATED_MIN_CHARS = 200


def find_repeated_runs(paragraphs: list[Paragraph]) -> list[tuple[int, int, int]]:
    """Runs of consecutive paragraphs that repeat an earlier run word for word, in the same order:
    ``(start, end, first)`` each — paragraphs ``start:end`` copy the ones from ``first`` on.

    A run counts when it is at least :data:`REPEATED_MIN_PARAGRAPHS` paragraphs of at least
    :data:`REPEATED_MIN_CHARS` 字 together; a single repeated paragraph (a slogan, 谢谢大家！) never does.

    >>> p = [Paragraph([(i, t)]) for i, t in enumerate(["标题", "甲" * 90 + "。", "乙" * 90 + "。", "丙" * 90 + "。"] * 2)]
    >>> find_repeated_runs(p)
    [(4, 8, 0)]
    """
    texts = [p.text for p in paragraphs]
    first_seen: dict[str, int] = {}
    runs: list[tuple[int, int, int]] = []
    index = 0
    while index < len(texts):
        earlier = first_seen.get(texts[index])
        length = 0
        if earlier is not None:
            while (index + length < len(texts) and earlier + length < index
                   and texts[earlier + length] == texts[index + length]):
                length += 1
        if length >= REPEATED_MIN_PARAGRAPHS and sum(count_chars_many(texts[index:index + length])) >= REPEATED_MIN_CHARS:
            runs.append((index, index + length, earlier))  # type: ignore[arg-type]
            index += length
            continue
        first_seen.setdefault(texts[index], index)
        index += 1
    return runs


#: the line opening a table of contents (目录, 目　录, 目 次)
_CONTENTS = re.compile(r"^目[\s\u3000]*[录錄次]$")
#: a contents entry's page number and dot leaders (一、总体要求……3)
_PAGE_LEADER = re.compile(r"[\s\u3000.．…·•_\-—]*\d{0,4}$")


def find_table_of_contents(paragraphs: list[Paragraph]) -> tuple[int, int] | None:
    """A table of contents near the top — ``目录`` on its own line, then short entry lines most of which
    open a later paragraph (the outline's headings, page numbers and dot leaders aside) — as ``(start, end)``
    paragraph indices; ``None`` when there is none. Its entries are not the outline.

    >>> p = [Paragraph([(i, t)]) for i, t in enumerate(["报告", "目录", "一、回顾……1", "二、任务……5", "一、回顾",
    ...      "正文。", "二、任务", "正文。"])]
    >>> find_table_of_contents(p)
    (1, 4)
    """
    top = paragraphs[:max(30, len(paragraphs) // 5)]
    start = next((i for i, p in enumerate(top) if _CONTENTS.match(p.text)), None)
    if start is None:
        return None
    end = start + 1
    entries: list[str] = []
    while end < len(paragraphs) and count_chars(paragraphs[end].text) <= MAX_HEADING_CHARS \
            and not re.search(f"[{SENTENCE_END}]$", paragraphs[end].text):
        entry = _PAGE_LEADER.sub("", paragraphs[end].text)
        if entry in entries:
            break  # the first entry again: the outline itself begins
        entries.append(entry)
        end += 1
    later = [p.text for p in paragraphs[end:]]
    found = sum(1 for entry in entries if entry and any(text.startswith(entry) for text in later))
    if found < 2 or found < 0.6 * len(entries):
        return None
    while end > start + 1 and not any(text.startswith(entries[end - start - 2]) for text in later):
        end -= 1  # unmatched lines after the last entry (a title, a salutation) are not the contents
    return start, end


# -- truncation ----------------------------------------------------------------------------------------

#: announcements of a speech's parts in its opening: 下面,谈两个方面 / 我讲三点意见 / 分三个部分
ANNOUNCEMENT = re.compile(
    rf"(?:讲|谈|说|汇报|报告|分享|交流|分为|分成|从)(?:以下|下面|这)?(?P<n>[{_CN_NUM}\d]{{1,3}})(?:个|条)?"
    r"(?:方面|点|部分|问题|层意思|条)"
)


def announced_sections(opening: list[str]) -> int | None:
    """How many parts the opening paragraphs announce (the last announcement wins), or ``None``.

    >>> announced_sections(["今天……下面,谈两个方面的认识和体会。"])
    2
    """
    found = None
    for text in opening:
        for match in ANNOUNCEMENT.finditer(text):
            number = _cn_number(match["n"])
            if number and 1 < number <= 20:
                found = number
    return found


# -- section lengths -----------------------------------------------------------------------------------


def section_lengths(paragraphs: pd.DataFrame, *, level: int = 1) -> pd.DataFrame:
    """Length of each section at ``level`` of each speech, in 字 and paragraphs.

    Columns: ``speech_id, section_id, section_path, title, n_paragraphs, n_chars, share`` (see
    :data:`lectureanalysis.schema.SECTION_LENGTH_COLUMNS`). ``n_chars`` counts 字 as
    :func:`count_chars` does (CJK characters, letters and digits; punctuation and whitespace excluded),
    headings included; ``share`` is the section's ``n_chars`` over the speech's. Text before the first
    heading at ``level`` (the opening, or text directly under a parent heading when ``level > 1``) is its
    own row with ``title`` "" and the parent's ``section_id`` (``"0"`` for the opening), so shares add
    up to 1 per speech. Rows follow the speeches' order and the text's order.

    >>> rows = pd.DataFrame({"speech_id": ["s"] * 3, "para_id": [0, 1, 2], "text": ["开场白。", "一、回顾", "正文。"],
    ...     "n_chars": [3, 3, 2], "is_heading": [False, True, False], "level": [0, 1, 0],
    ...     "section_id": ["0", "1", "1"], "section_level": [0, 1, 1], "section_path": ["", "一", "一"]})
    >>> section_lengths(rows)[["section_id", "title", "n_chars", "share"]].to_dict("records")
    [{'section_id': '0', 'title': '', 'n_chars': 3, 'share': 0.375}, {'section_id': '1', 'title': '一、回顾', 'n_chars': 5, 'share': 0.625}]
    """
    schema.validate_paragraphs(
        paragraphs, ("speech_id", "para_id", "text", "n_chars", "is_heading", "level", "section_id", "section_path")
    )
    if not isinstance(level, int) or isinstance(level, bool) or level < 1:
        raise ValueError(f"level: expected a whole number >= 1 (1 = 一、, 2 = （一）…), got {level!r}")
    if paragraphs.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in schema.SECTION_LENGTH_COLUMNS})
    table = paragraphs[["speech_id", "para_id", "text", "n_chars", "is_heading", "level", "section_id", "section_path"]]
    parts = table["section_id"].str.split(".")
    keep = parts.map(lambda p: ".".join(p[:level]) if p != ["0"] else "0")
    path_parts = table["section_path"].str.split(" > ")
    paths = path_parts.map(lambda p: " > ".join(p[:level]) if p != [""] else "")
    heading_rows = table[table["is_heading"] & (table["level"] == level)]
    titles = dict(zip(zip(heading_rows["speech_id"], heading_rows["section_id"], strict=True),
                      heading_rows["text"], strict=True))
    frame = pd.DataFrame({
        "speech_id": table["speech_id"], "section_id": keep, "section_path": paths,
        "n_chars": table["n_chars"], "order": range(len(table)),
    })
    speech_order = {sid: i for i, sid in enumerate(pd.unique(table["speech_id"]))}
    grouped = frame.groupby(["speech_id", "section_id"], sort=False).agg(
        section_path=("section_path", "first"), n_paragraphs=("n_chars", "size"),
        n_chars=("n_chars", "sum"), order=("order", "min"),
    ).reset_index()
    grouped["title"] = [titles.get(key, "") for key in zip(grouped["speech_id"], grouped["section_id"], strict=True)]
    totals = grouped.groupby("speech_id")["n_chars"].transform("sum")
    grouped["share"] = (grouped["n_chars"] / totals.where(totals > 0)).fillna(0.0)
    grouped["_speech"] = grouped["speech_id"].map(speech_order)
    grouped = grouped.sort_values(["_speech", "order"], kind="stable")
    return grouped[list(schema.SECTION_LENGTH_COLUMNS)].reset_index(drop=True)
