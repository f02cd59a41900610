"""Files that hold more than one document (dated headers), text held twice, tables of contents, and the
parts a speech announces (我讲三点意见) to tell a cut text.
"""

from __future__ import annotations

import re

from lectureanalysis.structure.characters import _CN_NUM, SENTENCE_END, count_chars, count_chars_many
from lectureanalysis.structure.dates import cn_number
from lectureanalysis.structure.headings import MAX_HEADING_CHARS
from lectureanalysis.structure.paragraphs import Paragraph

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
            number = cn_number(match["n"])
            if number and 1 < number <= 20:
                found = number
    return found
