"""What every format's extractor shares: the error it raises and the site's metadata rows."""

from __future__ import annotations

import re

from rag.errors import DocumentError

BLANK = " \t\u3000\xa0"

# The keys rag.documents.parse_table reads from the site's metadata table, longest first so
# that 主题分类 is not read as 分类.
TABLE_KEYS = ("主题分类", "主题词", "索引号", "分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期")
_KEY_RE = re.compile(rf"(?:^|(?<=\s))({'|'.join(TABLE_KEYS)})\s*(?:[:：]|$)")


class UnsupportedDocument(DocumentError):
    """An upload that cannot be turned into text; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


def metadata_pairs(cells: list[str]) -> list[tuple[str, str]] | None:
    """(key, value) pairs of a metadata table row, or None if the row is something else.

    Sites lay the row out as ``key | value | key | value`` cells, or put key and value in
    one cell (``发文机关：吉林省科学技术厅``), sometimes several pairs in one cell.
    """
    pairs: list[list[str]] = []
    for cell in (c.strip(BLANK) for c in cells):
        if not cell:
            continue
        keys = list(_KEY_RE.finditer(cell))
        if not keys or keys[0].start() > 0:
            if pairs and not pairs[-1][1]:  # the value cell of the key before it
                pairs[-1][1] = cell
                continue
            return None
        for key, following in zip(keys, [*keys[1:], None], strict=True):
            end = following.start() if following else len(cell)
            pairs.append([key.group(1), cell[key.end() : end].strip(BLANK)])
    return [(key, value) for key, value in pairs] or None


def metadata_lines(rows: list[list[tuple[str, str]]]) -> list[str]:
    """The rows as the .txt corpus has them: ``key:\\tvalue\\tkey:\\tvalue``, short rows padded."""
    width = max(len(row) for row in rows)
    lines = []
    for row in rows:
        cells = [cell for key, value in row for cell in (f"{key}:", value)]
        lines.append("\t".join(cells + ["", ""] * (width - len(row))))
    return lines
