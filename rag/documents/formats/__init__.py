"""Uploaded files of every accepted format, as the plain text rag.documents parses.

parse_document expects one paragraph or heading per line: the header (title, 文号,
perhaps the site's metadata table as ``key:\\tvalue`` rows), the addressee line, the
body, the signature. Each format's extractor lays its file out that way, so that a
letter gives the same header, sections and passages whichever format it came in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.documents import normalise_text, parse_table, split_lines
from rag.documents.formats.base import UnsupportedDocument
from rag.documents.formats.markdown import markdown_to_text
from rag.documents.formats.pdf import pdf_to_text
from rag.documents.formats.text import decode_text
from rag.documents.formats.webpage import html_to_text
from rag.documents.formats.word import docx_to_text

__all__ = ["FIELD_KEYS", "SUPPORTED_SUFFIXES", "ExtractedText", "UnsupportedDocument", "extract_text"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
FIELD_KEYS = ("索引号", "发文机关", "成文日期", "标题", "发文字号", "发布日期")
_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}


@dataclass(frozen=True)
class ExtractedText:
    text: str  # normalised ("\n" line ends, no BOM): what parse_document receives
    format: str  # "txt" | "md" | "html" | "docx" | "pdf"
    encoding: str | None  # the encoding detected for text and HTML files
    fields: dict[str, str]  # the site's metadata table, keys from FIELD_KEYS


def extract_text(data: bytes, file_name: str, max_bytes: int | None = None) -> ExtractedText:
    """The text of an uploaded file; UnsupportedDocument says why a file cannot be used."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in _FORMATS:
        raise UnsupportedDocument(
            file_name, f"unsupported file type {suffix or '(no suffix)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if not data:
        raise UnsupportedDocument(file_name, "the file is empty")
    if max_bytes is not None and len(data) > max_bytes:
        raise UnsupportedDocument(file_name, f"the file has {len(data)} bytes, over the limit of {max_bytes} bytes")

    kind, encoding = _FORMATS[suffix], None
    if kind in ("txt", "md"):
        text, encoding = decode_text(data, file_name)
        text = markdown_to_text(text) if kind == "md" else text
    elif kind == "html":
        text, encoding = html_to_text(data, file_name)
    elif kind == "docx":
        text = docx_to_text(data, file_name)
    else:
        text = pdf_to_text(data, file_name)

    text = normalise_text(text)
    if not text.strip():
        raise UnsupportedDocument(file_name, "the file is empty (it contains no text)")
    table = parse_table(split_lines(text))
    return ExtractedText(text, kind, encoding, {key: table[key] for key in FIELD_KEYS if key in table})
