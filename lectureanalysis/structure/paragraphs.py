"""Paragraphs from lines: blank lines and indents, line breaks inside a paragraph, and run-on openings."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lectureanalysis.structure.characters import (
    _CLOSERS,
    _CN_NUM,
    _LONE_ENUMERATOR,
    _TRAILING_ENUMERATOR,
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    SENTENCE_END,
    count_chars,
    ends_sentence,
)
from lectureanalysis.structure.headings import HEADING_START, MAX_HEADING_CHARS
from lectureanalysis.text.normalise import MASK


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
