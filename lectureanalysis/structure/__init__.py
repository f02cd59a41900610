"""The genre's structure in plain text: 字 counting, paragraphs from lines, title blocks, dates and Chinese
numerals, heading forms and the outline (一、/（一）/1./（1）), documents within one file, repeated runs and
tables of contents, and section lengths.
"""

from lectureanalysis.structure.characters import (
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    SENTENCE_END,
    count_chars,
    count_chars_many,
    counted_points,
    ends_sentence,
)
from lectureanalysis.structure.dates import (
    cn_number,
    cn_number_text,
    parse_date,
)
from lectureanalysis.structure.documents import (
    ANNOUNCEMENT,
    MIN_DOCUMENTS,
    REPEATED_MIN_CHARS,
    REPEATED_MIN_PARAGRAPHS,
    announced_sections,
    find_repeated_runs,
    find_table_of_contents,
    split_documents,
)
from lectureanalysis.structure.headings import (
    HEADING_START,
    HEADING_STYLES,
    LEAD_IN,
    MAX_HEADING_CHARS,
    MAX_RUN_IN_CHARS,
    SALUTATION,
    TOP_LEVEL_WORDS,
    HeadingMatch,
    heading_number,
)
from lectureanalysis.structure.outline import (
    OutlineRow,
    numbering_gaps,
    parse_outline,
)
from lectureanalysis.structure.paragraphs import (
    Line,
    Paragraph,
    assemble_paragraphs,
)
from lectureanalysis.structure.sections import (
    section_lengths,
)
from lectureanalysis.structure.titleblock import (
    DATE_LINE,
    OFFICE_LINE,
    SPEAKER_LINE,
    SPEAKER_OFFICES,
    TitleBlock,
    split_title_block,
)

__all__ = [
    "ANNOUNCEMENT",
    "DATE_LINE",
    "HEADING_START",
    "HEADING_STYLES",
    "LEAD_IN",
    "LINE_END_FORBIDDEN",
    "LINE_START_FORBIDDEN",
    "MAX_HEADING_CHARS",
    "MAX_RUN_IN_CHARS",
    "MIN_DOCUMENTS",
    "OFFICE_LINE",
    "REPEATED_MIN_CHARS",
    "REPEATED_MIN_PARAGRAPHS",
    "SALUTATION",
    "SENTENCE_END",
    "SPEAKER_LINE",
    "SPEAKER_OFFICES",
    "TOP_LEVEL_WORDS",
    "HeadingMatch",
    "Line",
    "OutlineRow",
    "Paragraph",
    "TitleBlock",
    "announced_sections",
    "assemble_paragraphs",
    "cn_number",
    "cn_number_text",
    "count_chars",
    "count_chars_many",
    "counted_points",
    "ends_sentence",
    "find_repeated_runs",
    "find_table_of_contents",
    "heading_number",
    "numbering_gaps",
    "parse_date",
    "parse_outline",
    "section_lengths",
    "split_documents",
    "split_title_block",
]
