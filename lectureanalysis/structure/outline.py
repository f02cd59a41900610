"""The outline: numbered and unnumbered headings turned into levels and section paths, with numbering gaps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lectureanalysis.structure.characters import _CLOSERS, SENTENCE_END, count_chars, ends_sentence
from lectureanalysis.structure.dates import _DATE, cn_number, cn_number_text
from lectureanalysis.structure.headings import (
    _BARE_HEADING,
    _BARE_LINE,
    _HEADING_END_SPACE,
    HEADING_START,
    HEADING_STYLES,
    LEAD_IN,
    MAX_HEADING_CHARS,
    MAX_RUN_IN_CHARS,
    SALUTATION,
    TOP_LEVEL_WORDS,
    HeadingMatch,
    _form,
    _glued_heading,
    _label,
    _section_id,
    heading_number,
)
from lectureanalysis.structure.paragraphs import Paragraph


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
        number = cn_number(match["n"])
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
                number = cn_number(match["n"])
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
                inner, outer = self.stack[nested].number, self.stack[depth].number  # None: an unnumbered level
                if inner is not None and number == inner + 1 and (
                    outer is None or number != outer + 1 or _list_goes_on(candidates, index, number, forms)
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
    current = candidates[index]
    assert current is not None, "called for a heading candidate"
    style = current.style
    last = number
    for candidate in candidates[index + 1:]:
        if candidate is None or candidate.style != style or candidate.number is None or _form(candidate) not in forms:
            continue
        if candidate.number <= last:
            return candidate.number == number
        last = candidate.number
    return False
