"""Files → text: one small reader per format, the discovery of speech files in a corpus folder, manifests and
metadata from file names, and the table export (CSV, XLSX).

Each reader turns one document's bytes into a :class:`Document`: the text in the genre's plain-text form (one
paragraph a line, paragraphs separated by blank lines, the outline's numbers written out), what the reader
took out of it (footnotes, comments, page numbers, running headers — kept and reported, never dropped), the
document's own metadata and notes for the user. The loader then parses that text like a ``.txt`` file.

- ``.txt``: decoded as :func:`lectureanalysis.text.decoding.decode_bytes` does.
- ``.md``: Markdown syntax (``#`` heading marks, emphasis, links, list markers) removed; the words kept.
- ``.docx`` (read from its XML with the standard library; no dependency): paragraphs as Word has them,
  **automatic numbering** rendered from ``numbering.xml`` (``%1、`` with ``chineseCounting`` gives 一、), tables
  flattened to one paragraph a row, footnotes and comments kept out of the body (recorded), tracked changes
  taken as accepted (insertions kept, deletions dropped), core properties as ``doc_title``, ``doc_author``,
  ``doc_created``.
- ``.html``/``.htm``/``.mhtml`` (extra ``formats``: trafilatura): the article body, not navigation, comments or
  related links; charset from the page's own declaration; title, date and site from its metadata.
- ``.pdf`` (extra ``formats``: pypdfium2): text in reading order, lines re-joined into paragraphs (a line that
  stops before the right margin ends one, an indented line starts one), GB/T 9704 page numbers (``— 3 —``) and
  headers/footers repeated on most pages removed and recorded; a PDF without a text layer is refused with a
  message that it needs OCR.
- ``.doc``/``.wps``: converted with LibreOffice (``soffice``) or ``antiword`` when one is installed, else refused
  with a message naming what to install.
"""

from lectureanalysis.io.archives import (
    UNSAFE_MEMBER,
    read_zip_member,
    zip_member_name,
    zip_members,
)
from lectureanalysis.io.discovery import (
    CORPUS_DOCUMENTATION,
    EXTRA_MANIFEST,
    MANIFEST_NAMES,
    Source,
    SourceItem,
    common_parent,
    is_manifest,
    list_speech_files,
    report_folders,
    speech_name,
    unsupported_files,
)
from lectureanalysis.io.documents import (
    ARCHIVES,
    EXTRA,
    FORMATS,
    MAX_BYTES,
    MAX_HTML_BYTES,
    MAX_PART_BYTES,
    Document,
    FormatError,
)
from lectureanalysis.io.docx import (
    NUMBER_FORMATS,
    read_docx,
)
from lectureanalysis.io.export import (
    FORMULA_START,
    GUARD,
    neutralise,
    read_csv,
    restore,
    write_csv,
    write_xlsx,
)
from lectureanalysis.io.html import (
    MIN_ARTICLE_CHARS,
    read_html,
)
from lectureanalysis.io.manifests import (
    MANIFEST_KEYS,
    OVERRIDABLE,
    Lookup,
    Metadata,
    manifest_values,
    metadata_from_filename,
    metadata_lookup,
    metadata_sources,
    path_id,
    read_metadata_table,
)
from lectureanalysis.io.markdown import (
    FRONT_MATTER,
    FRONT_MATTER_KEYS,
    markdown_furniture,
    markdown_to_text,
    read_front_matter,
)
from lectureanalysis.io.pdf import (
    MAX_PDF_PAGES,
    PDF_SECONDS,
    read_pdf,
)
from lectureanalysis.io.readers import (
    read_document,
    read_file_bytes,
)
from lectureanalysis.io.word import (
    CONVERT_SECONDS,
    read_legacy_word,
)

__all__ = [
    "ARCHIVES",
    "CONVERT_SECONDS",
    "CORPUS_DOCUMENTATION",
    "EXTRA",
    "EXTRA_MANIFEST",
    "FORMATS",
    "FORMULA_START",
    "FRONT_MATTER",
    "FRONT_MATTER_KEYS",
    "GUARD",
    "MANIFEST_KEYS",
    "MANIFEST_NAMES",
    "MAX_BYTES",
    "MAX_HTML_BYTES",
    "MAX_PART_BYTES",
    "MAX_PDF_PAGES",
    "MIN_ARTICLE_CHARS",
    "NUMBER_FORMATS",
    "OVERRIDABLE",
    "PDF_SECONDS",
    "UNSAFE_MEMBER",
    "Document",
    "FormatError",
    "Lookup",
    "Metadata",
    "Source",
    "SourceItem",
    "common_parent",
    "is_manifest",
    "list_speech_files",
    "manifest_values",
    "markdown_furniture",
    "markdown_to_text",
    "metadata_from_filename",
    "metadata_lookup",
    "metadata_sources",
    "neutralise",
    "path_id",
    "read_csv",
    "read_document",
    "read_docx",
    "read_file_bytes",
    "read_front_matter",
    "read_html",
    "read_legacy_word",
    "read_metadata_table",
    "read_pdf",
    "read_zip_member",
    "report_folders",
    "restore",
    "speech_name",
    "unsupported_files",
    "write_csv",
    "write_xlsx",
    "zip_member_name",
    "zip_members",
]
