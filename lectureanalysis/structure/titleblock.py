"""The title block: title, subtitle, date line, occasion and speaker, on separate lines or run together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from lectureanalysis.structure.characters import SENTENCE_END, ends_sentence
from lectureanalysis.structure.dates import _DATE, parse_date
from lectureanalysis.structure.headings import HEADING_START, SALUTATION, TOP_LEVEL_WORDS, _pos_tokenizer
from lectureanalysis.structure.paragraphs import Paragraph

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
DATE_LINE = re.compile(rf"^[（(]?\s*(?:{_DATE.pattern})\s*(?:[，,、\s]?\s*(?P<after>[^）)，,]{{1,12}}))?\s*[)）]?$")
_SUBTITLE = re.compile(r"^(?:[—－\-]{1,2}|——)")
_OCCASION = re.compile(r"^[（(]?\s*(?:在|于).{2,60}(?:上|时|之际)(?:的(?:讲话|报告|讲稿|发言|致辞|党课|演讲))?\s*[)）]?$")


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
