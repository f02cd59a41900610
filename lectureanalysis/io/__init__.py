"""Files → text: one small reader per format (txt, md, docx, doc/wps, html, pdf, zip members), the discovery of
speech files in a corpus folder, manifests and metadata from file names, and the table export (CSV, XLSX).
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
