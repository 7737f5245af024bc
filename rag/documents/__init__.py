"""Documents: official documents read from files of every format, with their header parsed (parse.py) over
the text as lines with offsets (text.py)."""

from rag.documents.head_lines import is_date_line, is_issuer_line
from rag.documents.parse import Document, DocumentHeader, doc_id_for, parse_document
from rag.documents.site_meta import is_table_line, parse_table
from rag.documents.text import (
    BLANK,
    DATE_RE,
    DOC_NUMBER_RE,
    Line,
    doc_numbers,
    iso_date,
    item_numbers,
    normalise_text,
    split_lines,
)

__all__ = [
    "BLANK", "DATE_RE", "DOC_NUMBER_RE", "Document", "DocumentHeader", "Line", "doc_id_for", "doc_numbers",
    "is_date_line", "is_issuer_line", "is_table_line", "iso_date", "item_numbers", "normalise_text", "parse_document",
    "parse_table", "split_lines",
]
