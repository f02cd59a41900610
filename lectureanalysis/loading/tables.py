"""The speeches and paragraph tables built from parsed speeches: metadata, place and level from folder names,
truncation and numbering notes, and the paragraph columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from lectureanalysis import schema
from lectureanalysis.io.manifests import OVERRIDABLE, coerce_metadata, metadata_from_filename
from lectureanalysis.loading.records import LoadedSpeech, ParsedSpeech
from lectureanalysis.structure.characters import ends_sentence
from lectureanalysis.structure.documents import (
    announced_sections,
)
from lectureanalysis.structure.outline import OutlineRow, numbering_gaps
from lectureanalysis.structure.titleblock import (
    DATE_LINE,
    SPEAKER_LINE,
)
from lectureanalysis.text.boilerplate import (
    Removed,
)
from lectureanalysis.text.script import detect_script

#: folder names for the national level, and the four municipalities directly under the centre (省级)
NATIONAL_FOLDERS = frozenset({"国务院", "中央", "全国", "中共中央", "全国人大", "national", "central"})
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市", "北京", "天津", "上海", "重庆"})
_LEVEL_FOLDERS = {"省级": "省", "省": "省", "provincial": "省", "地级": "市", "市级": "市", "市": "市", "县级": "县",
                  "县": "县", "county": "县"}
_PLACE = re.compile(r"^[\u4e00-\u9fff·]{1,15}(?:特别行政区|自治区|自治州|自治县|省|市|县|区|旗|州|盟)$")


def place_and_level(folders: Sequence[str]) -> dict[str, str]:
    """``place`` and ``level`` from the folders holding a file, read from the deepest folder that tells each:
    a folder named for a place (浙江省, 杭州市, 某某县) is the place, its ending the level (省/自治区 and the four
    municipalities: 省; 市/州/盟: 市; 县/区/旗: 县); 国务院, 中央 or 全国 is the national level (place 全国); a
    folder named for a level (省级, 地级, 县级) gives the level only.

    >>> place_and_level(("省级", "浙江省")), place_and_level(("国务院",)), place_and_level(("讲稿",))
    ({'place': '浙江省', 'level': '省'}, {'place': '全国', 'level': '国家'}, {'place': '', 'level': ''})
    """
    place = level = ""
    for folder in folders:
        if folder in NATIONAL_FOLDERS:
            place, level = "全国", "国家"
        elif folder in _LEVEL_FOLDERS:
            level = _LEVEL_FOLDERS[folder]
        elif folder in MUNICIPALITIES or _PLACE.match(folder):
            place = folder
            level = "省" if folder in MUNICIPALITIES or folder.endswith(("省", "自治区", "特别行政区")) else \
                "县" if folder.endswith(("县", "区", "旗", "自治县")) else "市"
    return {"place": place, "level": level}


def _speech_record(speech: ParsedSpeech, name: str, body_text: str) -> dict[str, object]:
    block = speech.block
    from_name = metadata_from_filename(Path(name).stem)
    body = speech.rows
    level_one = sum(1 for r in body if r.is_heading and r.level == 1)
    opening = [r.paragraph.text for r in body[:12] if r.section_level == 0] or [r.paragraph.text for r in body[:3]]
    announced = announced_sections(opening)
    reasons = _truncation_reasons(body, announced, level_one)
    notes = [r.text for r in speech.masked.removed if r.kind == "abridged_note"]
    if notes:  # the editor says the text was cut: that, not where it happens to end, is the reason
        reasons = [f"abridged: the text says {notes[0]}", *(r for r in reasons if not r.startswith("ends mid-sentence"))]
    date = block.date if block.date is not None else from_name.get("date")
    return {
        "speech_id": speech.speech_id,
        "title": block.title or from_name.get("title") or speech.speech_id,
        "title_source": "text" if block.title else "filename",
        "subtitle": block.subtitle,
        "occasion": block.occasion,
        "date": date,
        "year": date.year if date is not None else from_name.get("year"),  # type: ignore[attr-defined]
        "date_source": "title_block" if block.date is not None else "filename" if from_name.get("year") else "",
        "filename_year": from_name.get("year"),
        "speaker": block.speaker or from_name.get("speaker", ""),
        "speaker_title": block.speaker_title,
        "speaker_source": "title_block" if block.speaker else "filename" if from_name.get("speaker") else "",
        "title_block": "\n".join(p.text for p in block.lines),
        "source_file": name,
        "collection": "" if Path(name).parent == Path() else Path(name).parent.as_posix(),
        **place_and_level(Path(name).parent.parts),
        "source_url": speech.masked.source_url or "",
        "encoding": speech.encoding,
        "script": detect_script(body_text or block.title),
        "n_paragraphs": len(body),
        "n_headings": sum(r.is_heading for r in body),
        "n_chars": sum(speech.n_chars),
        "truncated": bool(reasons),
        "truncation_reason": "; ".join(reasons),
        "announced_sections": announced,
        "found_sections": level_one,
        "repeated_text": sum(chars for _, _, chars, _ in speech.repeated),
        **_press_dates(speech.masked.removed),
        "boilerplate": "\n".join(r.text for r in speech.masked.removed),
        "boilerplate_kinds": ",".join(dict.fromkeys(r.kind for r in speech.masked.removed)),
    }


_PRINTED = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日|(?<!\d)(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?!\d)")


def _press_dates(removed: list[Removed]) -> dict[str, str]:
    """``published`` and ``dateline_place`` from a removed wire dateline (新华社北京3月5日电: its pattern's ``place``
    and ``date`` groups, 北京 and 3月5日) or newspaper source line (（《人民日报》2020年05月30日 01 版）: 2020-05-30,
    which wins: it has the year)."""
    place = published = ""
    for piece in removed:
        if piece.kind == "dateline":
            place = place or piece.fields.get("place", "")
            published = published or piece.fields.get("date", "")
        elif piece.kind == "newspaper_source" and (match := _PRINTED.search(piece.text)):
            y, m, d = (match["y"], match["m"], match["d"]) if match["y"] else (match["y2"], match["m2"], match["d2"])
            published = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return {"published": published, "dateline_place": place}


def check_folders(folders: Sequence[str | None] | None) -> tuple[str | None, ...]:
    """``folders``: the column each level of folder gives, outermost first (``("tier", "province")`` reads
    ``省级/浙江省/2010.md`` as tier 省级, province 浙江省); ``None`` or ``""`` skips a level. ``place`` and ``level``
    may be named (they replace what the folders' names tell); other speech columns may not."""
    if folders is None:
        return ()
    if isinstance(folders, str) or not all(f is None or isinstance(f, str) for f in folders):
        raise ValueError(f"folders: expected a list of column names (or None to skip a level), got {folders!r}")
    names = tuple(f.strip() or None if isinstance(f, str) else None for f in folders)
    taken = [f for f in names if f in schema.SPEECH_COLUMNS and f not in ("place", "level")]
    if taken:
        raise ValueError(f"folders: {', '.join(taken)} is a column the loader fills; name another column "
                         "(place and level may be named)")
    repeated = sorted({f for f in names if f and names.count(f) > 1})
    if repeated:
        raise ValueError(f"folders: {', '.join(repeated)} is named for two levels")
    return names


def _speeches_table(loaded: list[tuple[str, LoadedSpeech, dict[str, object]]],
                    folders: tuple[str | None, ...] = ()) -> pd.DataFrame:
    records = []
    extra_columns: list[str] = []
    for speech_id, item, meta in loaded:
        record = dict(item.record, speech_id=speech_id)
        parts = Path(str(record["source_file"])).parent.parts
        for depth, column in enumerate(folders):  # before the metadata, which wins
            if column:
                value = parts[depth] if depth < len(parts) else ""
                if column in ("place", "level"):
                    record[column] = value
                else:
                    _keep(record, extra_columns, column, value)
        for column, value in meta.items():
            if column in OVERRIDABLE:
                value = coerce_metadata(column, value)
                if value is None:
                    continue
                stated = (column in ("date", "year") and record.get("date_source") == "title_block") or \
                    (column == "speaker" and record.get("speaker_source") == "title_block")
                if stated:  # the file's own title block wins; a differing value is kept beside it
                    if _differs(record[column], value):
                        _keep(record, extra_columns, f"metadata_{column}", value)
                    continue
                if column == "title" and record.get("title_source") == "text" and record["title"] != value:
                    _keep(record, extra_columns, "title_in_file", record["title"])  # the file's own title is kept, not erased
                record[column] = value
                if column == "title":
                    record["title_source"] = "metadata"
                if column in ("date", "year"):
                    record["date_source"] = "metadata"
                if column == "speaker":
                    record["speaker_source"] = "metadata"
                if column == "date" and "year" not in meta:
                    record["year"] = value.year  # type: ignore[attr-defined]
            else:
                _keep(record, extra_columns, column if column not in schema.SPEECH_COLUMNS else f"meta_{column}", value)
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=[*schema.SPEECH_COLUMNS, *extra_columns])
    table["date"] = pd.to_datetime(table["date"])
    table["year"] = table["year"].astype("Int64")
    table["filename_year"] = table["filename_year"].astype("Int64")
    table["announced_sections"] = table["announced_sections"].astype("Int64")
    for column in ("n_paragraphs", "n_headings", "n_chars", "found_sections", "repeated_text"):
        table[column] = table[column].astype("int64")
    table["truncated"] = table["truncated"].astype(bool)
    return table


def _keep(record: dict[str, object], extra_columns: list[str], name: str, value: object) -> None:
    """Put a value in a column beyond the schema's, listing the column once."""
    record[name] = value
    if name not in extra_columns:
        extra_columns.append(name)


def _differs(stated: object, given: object) -> bool:
    if isinstance(stated, pd.Timestamp) and isinstance(given, pd.Timestamp):
        return stated.normalize() != given.normalize()
    if isinstance(stated, pd.Timestamp):
        return str(stated.year) != str(given)
    return str(stated).strip() != str(given).strip()


#: what may follow the last sentence of a speech without the speech being cut: bracketed notes (（长时间热烈
#: 鼓掌）, （…会议审议通过）, （甘肃日报）, a newspaper line) and stray emphasis marks
_CLOSING_NOTES = re.compile(r"(?:\s*(?:[（(][^（）()]{1,80}[)）]|\*+))+\s*$")


def _truncation_reasons(rows: list[OutlineRow], announced: int | None, found: int) -> list[str]:
    reasons = []
    body = [r.paragraph.text for r in rows if not r.is_heading]
    while body and (DATE_LINE.match(body[-1]) or SPEAKER_LINE.match(body[-1]) or _CLOSING_NOTES.fullmatch(body[-1])):
        body.pop()  # a closing date or signature line is not where the speech's text ends
    last = _CLOSING_NOTES.sub("", body[-1]) if body else ""
    if body and not ends_sentence(last or body[-1]):
        reasons.append(f"ends mid-sentence: …{body[-1][-12:]}")
    if announced is not None and found < announced:
        reasons.append(f"announces {announced} sections, found {found}")
    gaps = numbering_gaps([(r.paragraph.text, r.style) for r in rows if r.is_heading and r.level == 1])
    if gaps:
        reasons.append(f"the top-level numbering skips {'; '.join(gaps)}")
    return reasons


#: paragraph columns sent back from a worker packed into one block of int64 (cheap to pickle), in this order
_NUMERIC_COLUMNS = ("text_length", "n_chars", "is_heading", "level", "section_level", "start", "end")


def _paragraph_columns(speech: ParsedSpeech) -> dict[str, object]:
    """A speech's paragraph rows in a compact form: texts joined into one string, the numbers packed as the
    bytes of one int64 block (see :data:`_NUMERIC_COLUMNS`), the repeated labels as lists (pickle stores
    each distinct string once)."""
    rows = speech.rows
    texts = [r.paragraph.text for r in rows]
    numbers = np.array(
        [[len(t) for t in texts], speech.n_chars, [r.is_heading for r in rows], [r.level for r in rows],
         [r.section_level for r in rows], [r.paragraph.start for r in rows], [r.paragraph.end for r in rows]],
        dtype=np.int64,
    ).reshape(len(_NUMERIC_COLUMNS), len(rows))
    return {
        "text": "".join(texts),
        "numbers": numbers.tobytes(),
        "heading_style": [r.style for r in rows],
        "section_id": [r.section_id for r in rows],
        "section_path": [r.section_path for r in rows],
        "section_title": [r.section_title for r in rows],
    }


def _paragraph_table(loaded: list[tuple[str, LoadedSpeech, dict[str, object]]], speeches: pd.DataFrame) -> pd.DataFrame:
    ids: list[str] = []
    para_ids: list[np.ndarray] = []
    texts: list[str] = []
    blocks: list[np.ndarray] = []
    lists: dict[str, list[object]] = {c: [] for c in ("heading_style", "section_id", "section_path", "section_title")}
    for speech_id, item, _ in loaded:
        columns = item.columns
        numbers = np.frombuffer(columns["numbers"], dtype=np.int64).reshape(len(_NUMERIC_COLUMNS), -1)
        n = numbers.shape[1]
        ids += [speech_id] * n
        para_ids.append(np.arange(n, dtype=np.int64))
        joined = columns["text"]
        ends = np.cumsum(numbers[0]).tolist()
        texts += [joined[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)] if n else []
        blocks.append(numbers)
        for name in lists:
            lists[name] += columns[name]
    numbers = np.concatenate(blocks, axis=1)
    data: dict[str, object] = {"speech_id": ids, "para_id": np.concatenate(para_ids), "text": texts}
    data |= {name: numbers[i] for i, name in enumerate(_NUMERIC_COLUMNS) if name != "text_length"}
    data["is_heading"] = numbers[_NUMERIC_COLUMNS.index("is_heading")].astype(bool)
    data |= lists
    return with_speech_columns(pd.DataFrame(data, copy=False)[list(schema.PARAGRAPH_COLUMNS)], speeches)


def with_speech_columns(paragraphs: pd.DataFrame, speeches: pd.DataFrame) -> pd.DataFrame:
    """The paragraphs with the speech columns a paragraph table carries (title, date, year …, and every column
    the metadata added), joined from ``speeches`` on ``speech_id``."""
    extra = [c for c in speeches.columns if c not in schema.SPEECH_COLUMNS]
    carried = speeches[["speech_id", *schema.CARRIED_SPEECH_COLUMNS, *extra]]
    return paragraphs.merge(carried, on="speech_id", how="left", validate="many_to_one")
