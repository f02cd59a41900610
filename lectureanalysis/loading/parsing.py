"""One file into one or more parsed speeches: read, decoded, normalised, boilerplate masked, split into
documents, paragraphs, title block and outline; and the parallel parse of many files.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

import pandas as pd

from lectureanalysis.errors import (
    CorpusError,
    EmptySpeechError,
    describe,
)
from lectureanalysis.io.archives import read_zip_member
from lectureanalysis.io.discovery import SourceItem
from lectureanalysis.io.documents import MAX_BYTES, Document
from lectureanalysis.io.readers import read_document, read_file_bytes
from lectureanalysis.loading.records import LoadedSpeech, ParsedSpeech, Split
from lectureanalysis.loading.reposts import text_signature
from lectureanalysis.loading.tables import _paragraph_columns, _speech_record
from lectureanalysis.parallel import resolve_workers
from lectureanalysis.structure.characters import count_chars_many
from lectureanalysis.structure.dates import parse_date
from lectureanalysis.structure.documents import (
    find_repeated_runs,
    find_table_of_contents,
    split_documents,
)
from lectureanalysis.structure.outline import parse_outline
from lectureanalysis.structure.paragraphs import Paragraph, assemble_paragraphs
from lectureanalysis.structure.titleblock import (
    SPEAKER_OFFICES,
    split_title_block,
)
from lectureanalysis.text.boilerplate import (
    BoilerplateOption,
    BoilerplatePattern,
    Masked,
    Removed,
    mask_boilerplate,
    resolve_boilerplate,
)
from lectureanalysis.text.normalise import normalise_text

T = TypeVar("T")


def read_speech_text(path: str | Path, *, encoding: str = "auto", max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """The text the loader parses for one file, in any supported format: ``(text, encoding_used)`` (for a
    .docx or .pdf the "encoding" is the format). Errors name the file and the problem."""
    path = Path(path)
    document = read_document(read_file_bytes(path, max_bytes=max_bytes), name=path, suffix=path.suffix,
                             encoding=encoding)
    return document.text, document.encoding


def parse_speech(
    text: str,
    *,
    speech_id: str = "speech",
    source_file: str = "<text>",
    encoding: str = "utf-8",
    boilerplate: BoilerplateOption = None,
    headings: dict[str, int] | None = None,
) -> ParsedSpeech:
    """Parse decoded text: normalise, mask boilerplate, cut paragraphs, take the title block, outline.
    ``headings``: paragraphs the document styles as headings (text -> level), as a .docx reader finds them.

    Parameters
    ----------
    text : str
        The decoded text of one speech.
    speech_id : str, default 'speech'
        The id its rows carry.
    source_file : str, default '<text>'
        The name messages use for it.
    encoding : str, default 'utf-8'
        Recorded as the speech's encoding.
    boilerplate : str, Path, dict or list of BoilerplatePattern, optional
        Patterns added to the bundled ones, as :func:`load`.
    headings : dict of str to int, optional
        Paragraphs the document styles as headings (text → level), as a .docx reader finds them.

    Returns
    -------
    ParsedSpeech
        The title block (``block``), the paragraphs with their outline (``rows``), the normalised text, the
        boilerplate masked out (``masked``) and what was held twice.

    See Also
    --------
    load : Files, not text.
    speech_segments : Where every piece of the text went.

    Examples
    --------
    >>> parsed = la.parse_speech("关于加强学习的讲话\\n\\n同志们：\\n\\n一、提高认识\\n\\n学习是第一位的。")
    >>> parsed.block.title, [row.section_path for row in parsed.rows]
    ('关于加强学习的讲话', ['', '一', '一'])
    """
    patterns = boilerplate if isinstance(boilerplate, tuple) else resolve_boilerplate(boilerplate)
    normalised = normalise_text(text)
    if not normalised.strip():
        raise EmptySpeechError(describe(source_file, "holds only whitespace"))
    masked = mask_boilerplate(normalised, patterns)
    paragraphs, marks = assemble_paragraphs(masked.text)
    paragraphs, repeated = _drop_repeated_runs(paragraphs, masked)
    block, body = split_title_block(paragraphs)
    styled = {normalise_text(text).strip(): level for text, level in (headings or {}).items()}
    rows = parse_outline(body, styled=styled)
    counts = count_chars_many([r.paragraph.text for r in rows])
    title_block = [block.title, *(line.text for line in block.lines)]
    if not sum(counts) and not sum(count_chars_many(title_block)):  # boilerplate (masked) is not counted
        if masked.removed:
            kinds = ", ".join(sorted({r.kind for r in masked.removed}))
            raise EmptySpeechError(describe(source_file, f"holds nothing but boilerplate ({kinds})"))
        raise EmptySpeechError(describe(
            source_file, "holds no 字 (no Chinese character, letter or digit, only punctuation)"))
    return ParsedSpeech(speech_id, source_file, encoding, normalised, masked, block, rows, marks, counts, repeated)


def _drop_repeated_runs(paragraphs: list[Paragraph], masked: Masked) -> tuple[list[Paragraph], list[tuple[int, int, int, int]]]:
    """Keep second copies of the text (see :func:`lectureanalysis.structure.find_repeated_runs`) out of the
    paragraphs, recorded as boilerplate of kind ``repeated_text``; and so a table of contents at the top
    (:func:`lectureanalysis.structure.find_table_of_contents`), kind ``table_of_contents``."""
    dropped: set[int] = set()
    contents = find_table_of_contents(paragraphs)
    if contents is not None:
        _record(paragraphs[contents[0]:contents[1]], masked, "table_of_contents")
        dropped.update(range(*contents))
    described = []
    for start, end, first in find_repeated_runs(paragraphs):
        _record(paragraphs[start:end], masked, "repeated_text")
        dropped.update(range(start, end))
        described.append((start, end - start, sum(count_chars_many([p.text for p in paragraphs[start:end]])), first))
    if not dropped:
        return paragraphs, []
    masked.removed.sort(key=lambda r: r.start)
    return [p for i, p in enumerate(paragraphs) if i not in dropped], described


def _record(paragraphs: list[Paragraph], masked: Masked, kind: str) -> None:
    masked.removed += [Removed(offset, offset + len(piece), piece, kind)
                       for paragraph in paragraphs for offset, piece in paragraph.pieces]


def speech_segments(parsed: ParsedSpeech) -> pd.DataFrame:
    """The audit trail of a parsed speech: where every piece of its text went.

    One row per contiguous span of the normalised text that became (part of) the title, a title-block
    line, a paragraph or heading, or removed boilerplate: ``role, index, start, end, text, kind``, in text
    order. ``index`` is the paragraph's ``para_id`` (the line's position for the title block, the piece's
    position for boilerplate); ``kind`` is the heading style or the boilerplate pattern's name. Read in
    order, the non-whitespace characters of ``text`` are exactly those of the normalised file.

    Parameters
    ----------
    parsed : ParsedSpeech
        A speech parsed by :func:`parse_speech`.

    Returns
    -------
    DataFrame
        Columns ``role, index, start, end, text, kind``, one row per span, in text order.

    See Also
    --------
    parse_speech : The parse this audits.

    Examples
    --------
    >>> parsed = la.parse_speech("关于加强学习的讲话\\n\\n同志们：\\n\\n一、提高认识\\n\\n学习是第一位的。")
    >>> la.speech_segments(parsed)[["role", "text"]].values.tolist()
    [['title', '关于加强学习的讲话'], ['paragraph', '同志们：'], ['heading', '一、提高认识'], ['paragraph', '学习是第一位的。']]
    """
    records = []
    if parsed.block.title_paragraph is not None:
        records += [("title", 0, s, s + len(t), t, "") for s, t in parsed.block.title_paragraph.pieces]
    for index, paragraph in enumerate(parsed.block.lines):
        records += [("title_block", index, s, s + len(t), t, "") for s, t in paragraph.pieces]
    for index, row in enumerate(parsed.rows):
        role = "heading" if row.is_heading else "paragraph"
        records += [(role, index, s, s + len(t), t, row.style) for s, t in row.paragraph.pieces]
    records += [("boilerplate", i, r.start, r.end, r.text, r.kind) for i, r in enumerate(parsed.masked.removed)]
    frame = pd.DataFrame(records, columns=["role", "index", "start", "end", "text", "kind"])
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def load_file(path: Path | SourceItem, *, name: str | None = None, encoding: str = "auto",
              boilerplate: BoilerplateOption = None, max_bytes: int = MAX_BYTES,
              split: Split = None) -> list[LoadedSpeech]:
    """Read, decode and parse one file into its speeches' table rows (raises a :class:`CorpusError`
    subclass): one speech, or one per document when the file holds many (see
    :func:`lectureanalysis.structure.split_documents`; ``split`` as there).

    ``path``: a file, or a :class:`SourceItem` (a file or a zip member). ``name``: what the file is called
    in the tables (``source_file``; its stem is the ``speech_id`` and is read for metadata); by default the
    file's name. The documents of a split file are ``<stem>-0001``, ``<stem>-0002`` … (``<stem>-0000`` for
    text before the first header), each dated by its header line.
    """
    item = path if isinstance(path, SourceItem) else SourceItem(Path(path), name or Path(path).name)
    if item.member is None:
        data = read_file_bytes(item.path, max_bytes=max_bytes)
    else:
        data = read_zip_member(item.path, item.member, max_bytes=max_bytes)
    document = read_document(data, name=item.shown, suffix=Path(item.name).suffix, encoding=encoding,
                             max_bytes=max_bytes)
    starts = split_documents(document.text, split=split)
    if len(starts) < 2:
        return [_load_document(item, document, document.text, boilerplate=boilerplate)]
    stem = Path(item.name).stem
    offsets = [start for start, _ in starts] + [len(document.text)]
    pieces = [(f"{stem}-{k:04d}", document.text[a:b], header)
              for k, (a, b, (_, header)) in enumerate(zip(offsets, offsets[1:], starts, strict=False), 1)]
    preamble = document.text[:offsets[0]]
    if count_chars_many([preamble])[0]:
        pieces.insert(0, (f"{stem}-0000", preamble, ""))
    loaded = []
    for speech_id, text, header in pieces:
        try:
            speech = _load_document(item, document, text, boilerplate=boilerplate, speech_id=speech_id)
        except EmptySpeechError:
            continue  # a header with nothing under it
        if header and (date := parse_date(header)) is not None:
            speech.record["date"], speech.record["year"] = date, date.year
        loaded.append(speech)
    first = starts[0][1]
    if loaded:  # the split, and what the reader noted about the whole file, are said once, with the first
        loaded[0].notes[0:0] = [describe(item.shown, f"holds {len(starts)} documents, each opening with a dated "
                                                     f"line like {first!r}: split into {len(loaded)} speeches "
                                                     "(pass split=False to keep it whole)"), *document.notes]
    return loaded


#: a photo caption naming the speaker of the report: 云南省委副书记、代省长李纪恒作政府工作报告
_CAPTION_SPEAKER = re.compile(rf"(?P<office>[\u4e00-\u9fff]{{0,12}}?(?:{'|'.join(SPEAKER_OFFICES)}))"
                              r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?:同志)?作(?:政府|了)?工作报告")
#: a caption opening with the full date of what the photo shows: 2005年1月23日，天津市市长戴相龙在…作政府工作报告
_CAPTION_DATE = re.compile(r"^\s*(?:\d{4}|[〇一二三四五六七八九○零]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*"
                           r"[\d一二三四五六七八九十]{1,3}\s*日\s*[，,、]")
#: a paragraph longer than this (字) is text whose paragraph marks were lost (the longest in the 52 Government
#: Work Reports has 1,253)
LONG_PARAGRAPH = 3_000


def _load_document(item: SourceItem, document: Document, text: str, *, boilerplate: BoilerplateOption,
                   speech_id: str | None = None) -> LoadedSpeech:
    parsed = parse_speech(text, speech_id=speech_id or Path(item.name).stem, source_file=item.shown,
                          encoding=document.encoding, boilerplate=boilerplate, headings=document.headings)
    notes = list(document.notes) if speech_id is None else []
    longest, total = max(parsed.n_chars, default=0), sum(parsed.n_chars)
    if parsed.paragraph_marks == "none" and total > 300:
        notes.append(describe(item.shown, "nothing marks paragraphs (no line breaks, indents or headings); "
                                          "kept as one paragraph"))
    elif longest > LONG_PARAGRAPH:
        notes.append(describe(item.shown, f"a paragraph of {longest:,} 字 ({longest / total:.0%} of the text): "
                                          "its paragraph marks were probably lost; it is kept as one paragraph"))
    if len(parsed.repeated) == 1:
        start, length, chars, first = parsed.repeated[0]
        notes.append(describe(item.shown, f"holds its text twice: paragraphs {start + 1}–{start + length} repeat "
                                          f"paragraphs {first + 1}–{first + length} ({chars:,} 字); the copy is kept "
                                          "out of the paragraphs and recorded as boilerplate (kind repeated_text)"))
    elif parsed.repeated:
        runs = ", ".join(f"{start + 1}–{start + length}" for start, length, _, _ in parsed.repeated[:5])
        more = f" and {len(parsed.repeated) - 5} more" if len(parsed.repeated) > 5 else ""
        chars = sum(chars for _, _, chars, _ in parsed.repeated)
        notes.append(describe(item.shown, f"holds its text more than once: paragraphs {runs}{more} repeat earlier "
                                          f"ones ({chars:,} 字 in all); the copies are kept out of the paragraphs and "
                                          "recorded as boilerplate (kind repeated_text)"))
    if not parsed.rows:
        notes.append(describe(item.shown, f"holds only a title line ({parsed.block.title}), no body text"))
    body = "".join(r.paragraph.text for r in parsed.rows)  # read for the script and the repost signature
    record = _speech_record(parsed, item.name, body)
    front_title = str(document.metadata.get("front_matter_title", "")).strip()
    if front_title and record["title_source"] == "filename":  # no title line in the file: its front matter's
        record["title"], record["title_source"] = front_title, "front_matter"
        if record["date"] is None or record.get("date_source") == "filename":
            found = parse_date(front_title)
            if found is not None:
                record["date"], record["year"], record["date_source"] = found, found.year, "front_matter_title"
    captions = [t for k, t in document.removed if k == "html_comment"]
    captions += [r.text for r in parsed.masked.removed if r.kind == "photo_caption"]
    if not record["speaker"]:  # the file names no speaker: a photo caption may (…代省长李纪恒作政府工作报告)
        found = next((m for c in captions if (m := _CAPTION_SPEAKER.search(c))), None)
        if found:
            record["speaker"], record["speaker_title"] = found["name"], found["office"]
            record["speaker_source"] = "caption"
    if record["date_source"] in ("", "filename"):  # nor a date: a caption of the report's delivery may
        dated = next((c for c in captions if _CAPTION_DATE.match(c) and "报告" in c), None)
        if dated and (date := parse_date(dated)) is not None:
            record["date"], record["year"], record["date_source"] = date, date.year, "caption"
    if speech_id is not None:
        record["speech_id"] = speech_id
    record["source_format"] = document.source_format
    if document.removed:  # what the reader took out (footnotes, page numbers) is reported like boilerplate
        record["boilerplate"] = "\n".join(filter(None, [record["boilerplate"], *(t for _, t in document.removed)]))
        kinds = [k for k in str(record["boilerplate_kinds"]).split(",") if k] + [k for k, _ in document.removed]
        record["boilerplate_kinds"] = ",".join(dict.fromkeys(kinds))
    signature = text_signature(body).tobytes()
    return LoadedSpeech(item.path, document.encoding, record, _paragraph_columns(parsed), notes, document.metadata,
                        signature)


def _load_file_or_error(item: SourceItem, encoding: str, patterns: tuple[BoilerplatePattern, ...],
                        max_bytes: int, split: Split) -> list[LoadedSpeech] | CorpusError:
    try:
        return load_file(item, encoding=encoding, boilerplate=patterns, max_bytes=max_bytes, split=split)
    except CorpusError as exc:
        return exc


#: corpora at least this large are parsed in worker processes when ``workers`` is left to decide
PARALLEL_BYTES = 16_000_000


def _parse_all(items: list[SourceItem], encoding: str, patterns: tuple[BoilerplatePattern, ...], *,
               max_bytes: int, split: Split, workers: int | None,
               progress: bool | None) -> Iterable[list[LoadedSpeech] | CorpusError]:
    size = sum(_size(i.path) for i in dict.fromkeys(items)) if workers is None and len(items) > 1 else 0
    workers = resolve_workers(workers, size=size, threshold=PARALLEL_BYTES)
    task = partial(_load_file_or_error, encoding=encoding, patterns=patterns, max_bytes=max_bytes, split=split)
    if workers == 1:
        yield from map(task, _progress(items, progress))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(64, len(items) // (workers * 8)))
        results = pool.map(task, items, chunksize=chunk)
        yield from _progress(results, progress, total=len(items))


def _size(path: Path) -> int:
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _progress(items: Iterable[T], progress: bool | None, total: int | None = None) -> Iterable[T]:
    total = total if total is not None else len(items)  # type: ignore[arg-type]
    show = total >= 200 if progress is None else progress
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="loading speeches", unit="file", total=total)
