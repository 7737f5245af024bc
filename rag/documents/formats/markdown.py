"""Markdown (.md) as the plain text the header parser and the chunker read.

Pages saved as Markdown write a site's metadata as bold keys (**发文字号**：…) or a block quote
(> 发布机构：… ｜ 发布日期：…) and bold the figures of a table's 合计 row. The markers are layout,
not text: a key wrapped in ** is no key the header parser knows, and a quoted line no metadata line.
Emphasis markers and block-quote prefixes are dropped; headings (#), lists, tables (|) and rules
stay, since the chunker reads headings and tables as they are.
"""

from __future__ import annotations

import re

_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(text: str) -> str:
    """``text`` without block-quote prefixes and bold markers (**发文字号** -> 发文字号), line for line."""
    return "\n".join(_EMPHASIS.sub(r"\2", _QUOTE.sub("", line)) for line in text.split("\n"))
