"""Column layouts of the tables lectureanalysis produces, in one place.

Every producing function documents its columns by pointing here; every consumer validates its input with
the matching ``validate_*`` so that a wrong table gives a message naming the missing columns rather than
a ``KeyError`` from deep inside.
"""

from __future__ import annotations

import warnings
from typing import ClassVar

import numpy as np
import pandas as pd

from lectureanalysis.errors import user_stacklevel

# -- keys shared by every derived table ---------------------------------------------------------------
SPEECH_ID = "speech_id"
PARA_ID = "para_id"


# -- speeches: one row per speech ---------------------------------------------------------------------
SPEECH_COLUMNS: tuple[str, ...] = (
    SPEECH_ID,
    "title",  # from the text's first line, else metadata, else the file name (see title_source)
    "title_source",  # "text" | "front_matter" | "metadata" | "filename"
    "subtitle",  # the title block's ——…会议上 line, verbatim ("" when absent)
    "occasion",  # the subtitle without its date and dashes: 在第十三届全国人民代表大会第二次会议上
    "date",  # pandas Timestamp or NaT: metadata, else title block, else file name
    "year",  # Int64: year of date, else the year in the file name
    "date_source",  # where date (or year) comes from: title_block | front_matter_title | caption (a photo
    # caption of the delivery: 2005年1月23日，…作政府工作报告) | metadata | filename | ""
    "filename_year",  # Int64: the year in the file name (<NA> when none); differs from year in a collection
    # named by the year each report reviews (a warning says so)
    "speaker",  # the speaker's name as written (masked names kept: ***), "" when unknown
    "speaker_title",  # the office before the name in the title block: 国务院总理
    "speaker_source",  # title_block | caption (a photo caption: …省长某某作政府工作报告) | metadata | filename | ""
    "title_block",  # every title-block line except the title, verbatim, joined by newlines
    "source_file",  # the file's path relative to the corpus folder given (its name for a single file)
    "part_of",  # files that are parts of one document (1964-part, 1964-summary) share its name; "" otherwise
    "collection",  # the folder (or archive.zip/folder) holding the file, relative to the corpus; "" at its top
    "place",  # the deepest folder naming a place (浙江省, 杭州市, 某县; 全国 for 国务院/中央), "" when none does
    "level",  # the level of government the folders tell: 国家 | 省 | 市 | 县 | ""
    "source_url",  # from metadata, else from a repost notice (如若转载,请注明出处:URL)
    "source_format",  # txt, md, docx, doc, wps, html, mhtml or pdf
    "encoding",  # the encoding the bytes were decoded with (the format for docx and pdf)
    "script",  # "Hans" (Simplified), "Hant" (Traditional) or "mixed", told by OpenCC (text.detect_script)
    "n_paragraphs",  # rows in the paragraph table, headings included
    "n_headings",
    "n_chars",  # 字 of body and headings (see structure.count_chars); title block and boilerplate excluded
    "truncated",  # the text stops mid-sentence, or before the sections it announces
    "truncation_reason",  # why truncated is True ("" otherwise)
    "announced_sections",  # Int64: 下面,谈两个方面 announces 2; <NA> when nothing is announced
    "found_sections",  # level-1 headings found
    "repeated_text",  # 字 of second copies of the text kept out of the paragraphs (0 when the file holds it once)
    "published",  # publication date from a newspaper source line (2020-05-30) or a wire dateline (3月5日), or
    # the web page's metadata; "" when unknown. Not the speech's date
    "dateline_place",  # the place of a wire dateline (新华社北京3月5日电: 北京)
    "boilerplate",  # removed text, verbatim, one removed piece per line
    "boilerplate_kinds",  # names of the patterns that removed it, comma-separated
    "duplicate_group",  # Int64: speeches that are reposts of one another share a number; <NA> otherwise
    "duplicate_of",  # a repost: the speech_id of the fullest copy, its original ("" otherwise)
    "duplicate_similarity",  # a repost: its estimated Jaccard similarity with the original (NaN otherwise)
)
# speech columns repeated on every paragraph row (the rest stay in the speeches table)
CARRIED_SPEECH_COLUMNS: tuple[str, ...] = (
    "title",
    "date",
    "year",
    "speaker",
    "source_file",
    "collection",
    "script",
)


# -- paragraphs: one row per paragraph or heading -----------------------------------------------------
PARAGRAPH_COLUMNS: tuple[str, ...] = (
    SPEECH_ID,
    PARA_ID,  # 0-based order within the speech
    "text",
    "n_chars",
    "is_heading",
    "level",  # 0 body text; headings 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）  (see structure.parse_outline)
    "heading_style",  # the heading's numbering style, "" for body text
    "section_id",  # dotted position of the enclosing section: "2.3"; "0" before the first heading
    "section_level",  # level of the enclosing section (0 before the first heading)
    "section_path",  # labels of the enclosing headings: "一 > （二）"
    "section_title",  # text of the enclosing level-1 heading ("" before the first heading)
    "start",  # offset of the paragraph's first character in the normalised text
    "end",  # offset just past its last character
)


# -- tokens: one row per token (segment) -----------------------------------------------------------------
TOKEN_COLUMNS: tuple[str, ...] = (
    SPEECH_ID,
    PARA_ID,
    "section_id",
    "token_idx",  # order within the paragraph
    "token",  # categorical
    "is_stopword",
    "start",  # offset of the token in its paragraph's text
    "mask",  # masked name (***) standing just before the token, "" if none
    "mask_after",  # masked name ending the paragraph after this token, "" if none
)  # then the carried paragraph columns (see segment.NOT_CARRIED)


# -- frequency tables (term_frequencies, ngrams): quanteda's layout plus our rates ----------------------
FREQUENCY_COLUMNS: tuple[str, ...] = (
    "feature",
    "frequency",
    "rank",
    "docfreq",
    "group",
    "per_10k_chars",  # per 万字 of the group's text
    "per_million_tokens",  # per million word tokens (punctuation excluded) of the group
)


# -- section_lengths: one row per speech and section --------------------------------------------------
SECTION_LENGTH_COLUMNS: tuple[str, ...] = (
    SPEECH_ID,
    "section_id",
    "section_path",
    "title",
    "n_paragraphs",
    "n_chars",
    "share",
)


def _require(table: pd.DataFrame, columns: tuple[str, ...] | list[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{what}: missing column(s) {', '.join(missing)}; "
            f"has {', '.join(map(str, table.columns[:12]))}{' …' if len(table.columns) > 12 else ''}"
        )




def check_made_by(table: pd.DataFrame, columns: tuple[str, ...], maker: str, name: str = "table") -> None:
    """Raise ``ValueError`` when ``table`` lacks a column a table of ``maker`` has: the argument ``name`` is "not a
    table of maker()", with the missing columns."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: not a table of {maker}() (missing {', '.join(missing)})")


def validate_paragraphs(table: pd.DataFrame, columns: tuple[str, ...] | None = None) -> None:
    """Raise ``ValueError`` naming the missing columns if ``table`` is not a paragraph table.

    ``columns`` narrows the check to what a function really uses.
    """
    _require(table, columns or PARAGRAPH_COLUMNS, "paragraph table")


def check_whole(name: str, value: object, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as a whole number of at least ``minimum`` (and at most ``maximum``), or ``ValueError`` naming
    the argument: a size argument is bounded so that no value asks for more memory than the machine has.

    >>> check_whole("min_count", 2)
    2
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}: expected a whole number from {minimum} to {maximum:,}, got {value!r}")
    return int(value)


def check_choice(name: str, value: object, choices: tuple[object, ...]) -> object:
    """``value`` if it is one of ``choices``, else ``ValueError`` naming the argument and the choices."""
    if value not in choices:
        raise ValueError(f"{name}: expected one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_mask(name: str, mask: object, rows: int) -> np.ndarray:
    """A boolean selection of ``rows`` rows, or ``ValueError`` naming the argument and what is wrong."""
    array = np.asarray(mask)
    if array.ndim != 1 or len(array) != rows:
        raise ValueError(f"{name}: a mask must have one value per token row ({rows:,}), got {len(array):,}")
    if array.dtype != bool:
        raise ValueError(f"{name}: a mask must be boolean, got dtype {array.dtype}")
    return array


KEYNESS_COLUMNS = ("feature", "n_target", "n_reference", "size_target", "size_reference", "size_unit", "expected_target",
                   "g2", "chi2", "log_ratio", "p", "p_adj")
COLLOCATION_COLUMNS = ("feature", "observed", "expected", "node_freq", "collocate_freq", "mi", "t_score", "log_dice", "g2",
                       "window_positions", "corpus_size", "size_unit")
DISPERSION_COLUMNS = ("feature", "frequency", "parts", "range", "juilland_d", "dp", "dp_norm")
TREND_COLUMNS = ("feature", "group", "frequency", "n_chars", "per_10k_chars", "first_appearance")
TFIDF_COLUMNS = ("group", "feature", "frequency", "df", "idf", "tfidf")
KWIC_COLUMNS = ("speech_id", "para_id", "section_path", "start", "end", "left", "match", "right", "position")
LEXICAL_PROFILE_COLUMNS = ("group", "tokens", "types", "n_chars", "ttr", "mattr", "sentences", "mean_sentence_chars",
                           "official_share")
#: columns renamed for the one vocabulary above; the old names still work for one release, with a warning
RENAMED_COLUMNS = {"collocate": "feature", "term": "feature", "period": "group", "docfreq": "df",
                   "a": "n_target", "b": "n_reference", "c": "size_target", "d": "size_reference",
                   "expected_a": "expected_target", "chars": "n_chars"}


class Result(pd.DataFrame):
    """A result table that still answers to a column's former name (``table["collocate"]``,
    ``row.term``) with a :class:`DeprecationWarning` naming the new one; so does any frame derived from it
    (``table[table.frequency > 2].sort_values(...)``); a column added under a former name is its own column."""

    _metadata: ClassVar[list[str]] = ["_renamed"]

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return Result  # a frame derived from a result (a filter, a sort, a head) still answers to the former names

    def _new_name(self, key: object) -> object:
        renamed = getattr(self, "_renamed", {})
        if isinstance(key, str) and key not in self.columns and key in renamed:
            warnings.warn(f"column {key!r} is renamed {renamed[key]!r}; the old name will be removed",
                          DeprecationWarning, stacklevel=user_stacklevel())
            return renamed[key]
        return key

    def __getitem__(self, key: object) -> object:
        if isinstance(key, list):  # table[["feature", "a", "b"]]
            return super().__getitem__([self._new_name(k) for k in key])
        return super().__getitem__(self._new_name(key))

    def __getattr__(self, name: str) -> object:
        if not name.startswith("_") and name in getattr(self, "_renamed", {}) and name not in self.columns:
            return super().__getitem__(self._new_name(name))
        return super().__getattr__(name)


def result(frame: pd.DataFrame, columns: tuple[str, ...], *, renamed: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` checked against its declared ``columns`` (in that order, first), as a :class:`Result` that
    answers to the ``renamed`` former names of its columns."""
    assert tuple(frame.columns[:len(columns)]) == columns, (tuple(frame.columns), columns)
    if not renamed:
        return frame
    out = Result(frame)
    object.__setattr__(out, "_renamed", {old: RENAMED_COLUMNS[old] for old in renamed})
    return out


def validate_tokens(table: pd.DataFrame, columns: tuple[str, ...] | list[str] = ()) -> None:
    """Raise naming the problem if ``table`` is not a token table (:func:`lectureanalysis.segment`'s): the
    columns every statistic needs, plus ``columns``, and a categorical ``token`` column."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"tokens: expected the DataFrame from segment(), got {type(table).__name__}")
    missing = [c for c in ("speech_id", "para_id", "token", "is_stopword", *columns) if c not in table.columns]
    if missing:
        raise ValueError(f"tokens: missing column(s) {', '.join(missing)}; pass the table segment() returns")
    if not isinstance(table["token"].dtype, pd.CategoricalDtype):
        raise ValueError("tokens: the token column must be categorical, as segment() returns it")
