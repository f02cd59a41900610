"""The records passed between the loader's steps: a parsed speech, a loaded file, the split option."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lectureanalysis.structure.outline import OutlineRow
from lectureanalysis.structure.titleblock import (
    TitleBlock,
)
from lectureanalysis.text.boilerplate import (
    Masked,
)


@dataclass
class ParsedSpeech:
    """Everything the loader learnt about one file, before it becomes table rows."""

    speech_id: str
    source_file: str
    encoding: str
    normalised: str
    masked: Masked
    block: TitleBlock
    rows: list[OutlineRow]
    paragraph_marks: str
    n_chars: list[int]  # 字 of each row, as count_chars counts them
    #: second copies kept out of the paragraphs: (first paragraph, paragraphs, 字, paragraph copied), in the
    #: numbering of the paragraphs as cut (title block included)
    repeated: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class LoadedSpeech:
    """One file's contribution to the tables, small enough to send back from a worker process."""

    path: Path
    encoding: str
    record: dict[str, object]  # speech columns, before metadata
    columns: dict[str, object]  # paragraph columns in compact form (see _paragraph_columns)
    notes: list[str]  # recoverable problems, each becomes one CorpusWarning
    metadata: dict[str, object] = field(default_factory=dict)  # the document's own (docx core properties …)
    signature: bytes = b""  # MinHash signature of the body, for finding reposts (reposts.text_signature)


Split = str | re.Pattern[str] | bool | None
