"""What every format's extractor shares: the error it raises and the site's metadata rows."""

from __future__ import annotations

import re

from rag.errors import DocumentError

BLANK = " \t\u3000\xa0"

# The keys rag.documents.parse_table reads from the site's metadata table.
TABLE_KEYS = ("主题分类", "主题词", "索引号", "分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期")
# Other sites' names for them (信息公开 platforms: 发布机构, 文号 ...): written as the keys above.
_SYNONYMS = {
    "信息索引号": "索引号",
    "文号": "发文字号",
    "文件编号": "发文字号",
    "发文编号": "发文字号",
    "发布机构": "发文机关",
    "发布单位": "发文机关",
    "发文单位": "发文机关",
    "所属机构": "发文机关",
}
# Further labels of those tables; their rows belong to the table and are written as they are.
_OTHER_KEYS = (
    "组配分类", "体裁分类", "信息分类", "生成日期", "公开方式", "公开范围", "公开时限", "有效性", "效力状态",
    "答复类别", "信息类别", "文种", "实施日期", "废止日期", "发文日期", "时效", "是否有效", "所属主题", "公文生成日期",
)  # fmt: skip
# Longest first so that 主题分类 is not read as 分类; blanks may space a key out (文　　号).
_KEYS = sorted({*TABLE_KEYS, *_SYNONYMS, *_OTHER_KEYS}, key=len, reverse=True)
_SPACED_KEYS = "|".join("[ \u3000]*".join(key) for key in _KEYS)
# A page may run a row's cells together (发布机构：某某局生成日期：2025-07-22): a key of three characters or more
# with its colon right after a value starts a pair too.
_JOINED_KEYS = "|".join(key for key in _KEYS if len(key) >= 3)
_KEY_RE = re.compile(rf"(?:^|(?<=\s))({_SPACED_KEYS})\s*(?:[:：]|$)|(?<=\S)({_JOINED_KEYS})[:：]")
# A label cell of a key we do not know (``效力级别：``) in a row that names known keys.
_LABEL_RE = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{0,8}[:：]")


class UnsupportedDocument(DocumentError):
    """An upload that cannot be turned into text; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


def metadata_pairs(cells: list[str], labels: list[bool] | None = None) -> list[tuple[str, str]] | None:
    """(key, value) pairs of a metadata table row, or None if the row is something else.

    Sites lay the row out as ``key | value`` cells, two, four or six to a row, or put key
    and value in one cell (``发文机关：吉林省科学技术厅``), sometimes several pairs in one
    cell. Keys come out as rag.documents reads them (文号 as 发文字号). In a row of several
    cells, a label we do not know (``效力级别：``, or any cell ``labels`` marks, a ``<th>``)
    keeps its value from being read as the previous key's; it is left out, and a row of
    such labels only gives no pairs (an empty list, still a row of the table). A row of
    one cell must name a key we know.
    """
    pairs: list[list[str | None]] = []  # [key, value]; key None for a label we do not know
    several = sum(1 for c in cells if c.strip(BLANK)) > 1
    for i, cell in enumerate(c.strip(BLANK) for c in cells):
        if not cell:
            continue
        keys = list(_KEY_RE.finditer(cell))
        if keys and keys[0].start() == 0:
            for key, following in zip(keys, [*keys[1:], None], strict=True):
                end = following.start() if following else len(cell)
                name = re.sub(f"[{BLANK}]", "", key.group(1) or key.group(2))
                pairs.append([_SYNONYMS.get(name, name), cell[key.end() : end].strip(BLANK)])
        elif several and ((labels and labels[i]) or _LABEL_RE.fullmatch(cell)):
            pairs.append([None, ""])
        elif pairs and not pairs[-1][1]:  # the value cell of the key before it
            pairs[-1][1] = cell
        elif several and (label := _LABEL_RE.match(cell)):
            pairs.append([None, cell[label.end() :]])
        else:
            return None
    if not any(key for key, _ in pairs) and not (several and pairs):
        return None
    return [(key, value) for key, value in pairs if key is not None]


def metadata_lines(rows: list[list[tuple[str, str]]]) -> list[str]:
    """The rows as the .txt corpus has them: ``key:\\tvalue\\tkey:\\tvalue``, short rows padded."""
    width = max(len(row) for row in rows)
    lines = []
    for row in filter(None, rows):  # a row of labels we do not know gives no line
        cells = [cell for key, value in row for cell in (f"{key}:", value)]
        lines.append("\t".join(cells + ["", ""] * (width - len(row))))
    return lines


MAX_SPAN = 50  # columns or rows a cell may span; more is a file's error (colspan="1000"), not a table's layout


def cell_span(value: str | None) -> int:
    """A table cell's span as a file writes it (HTML colspan and rowspan, Word's gridSpan): decimal digits, capped at
    ``MAX_SPAN``; anything else (①, empty, 0) is 1."""
    value = (value or "1").strip()
    return max(1, min(int(value), MAX_SPAN)) if value.isascii() and value.isdecimal() else 1


_NUMBER_CELL = re.compile(r"[-+]?[\d.,，%％]+")


def merged_header(top: list[tuple[str, int]], below: list[str]) -> list[str] | None:
    """One header row for a table whose header takes two rows, the upper one spanning columns (起付标准 over
    调整前 and 调整后): each column is labelled by both (起付标准调整前, 起付标准调整后), so that a row's figure under
    调整后 is found by the words of either, as in a table with a one-row header. ``top``: the upper row's cells with
    the number of columns each spans; ``below``: the lower row's text for every column, "" under an upper cell that
    reaches down (rowspan, Word's vMerge). None when the rows are no such header: no upper cell spans columns, the
    upper row is one title cell over the whole table, or the rows do not have the same columns."""
    columns = [text for text, span in top for _ in range(span)]
    if len(top) < 2 or not any(span > 1 for _, span in top) or len(columns) != len(below) or \
            any(_NUMBER_CELL.fullmatch(cell.strip()) for cell in below):  # a row of data is no header
        return None
    return [upper + lower if lower and lower != upper else upper for upper, lower in zip(columns, below, strict=True)]
