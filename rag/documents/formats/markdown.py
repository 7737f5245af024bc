"""Markdown (.md) as the plain text the header parser and the chunker read.

Pages saved as Markdown write a site's metadata as bold keys (**发文字号**：…) or a block quote
(> 发布机构：… ｜ 发布日期：…) and bold the figures of a table's 合计 row. The markers are layout,
not text: a key wrapped in ** is no key the header parser knows, and a quoted line no metadata line.
Emphasis markers, block-quote prefixes, link targets and the list markers of metadata items are dropped, and
the rows of a metadata table are written as key and value cells (发文字号:\t…) as in text files; headings (#),
other lists, tables (|) and rules stay, since the chunker reads headings and tables as they are.
"""

from __future__ import annotations

import re

from rag.documents.chrome import is_meta_line
from rag.documents.formats.base import metadata_lines, metadata_pairs

_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITEM = re.compile(r"^[ \t]{0,3}[-*+][ \t]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [信息公开](/xxgk/) reads as 信息公开; an image as its alt text


def _line(line: str) -> str:
    plain = _LINK.sub(r"\1", _EMPHASIS.sub(r"\2", _QUOTE.sub("", line)))
    # | 文　　号 | 内农牧奶发〔2025〕62号 | 发布日期 | … |: a metadata table's row, written as the .txt corpus has it.
    row = plain.strip()
    if row.startswith("|") and (pairs := metadata_pairs(row.strip("|").split("|"))):
        return metadata_lines([pairs])[0]
    # - 文号：湖环财〔2025〕11号: a metadata block written as a list; its items are metadata lines.
    item = _ITEM.match(plain)
    return plain[item.end() :] if item and is_meta_line(plain[item.end() :].strip()) else plain


def markdown_to_text(text: str) -> str:
    """``text`` without block-quote prefixes and bold markers (**发文字号** -> 发文字号), and without the list markers
    of metadata items (- 文号：…), line for line."""
    return "\n".join(_line(line) for line in text.split("\n"))
