"""A speech's structure: paragraphs, title block, outline (heading levels), documents in a file, truncation,
section lengths.

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
