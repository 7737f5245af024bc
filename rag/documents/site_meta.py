"""The metadata a government site prints above a document: its key/value table (索引号 / 发文机关 / 成文日期 / 标题 /
发文字号, a row of keys over a row of values, or key:value cells) and single rows that name one field (文　　号：…,
【发文字号】…, <dt>发布日期：</dt><dd>…</dd>). rag.documents.parse reads the header from them and from the text."""

from __future__ import annotations

import itertools
import re

from rag.documents.chrome import META_KEYS, key_row, row_cells
from rag.documents.text import BLANK, DATE_RE, DOC_NUMBER_RE, ISO_DATE_RE, Line

_TABLE_KEYS = ("索引号", "分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "主题分类", "主题词")
_KEY_ALIASES = {"文号": "发文字号", "发布机构": "发文机关"}
_TABLE_LINE_RE = re.compile(r"^(?:{})\s*[:：]".format("|".join(_TABLE_KEYS)))
OWN_NUMBER_KEYS = re.compile(r"^(?:发文字号|文号|文件编号|发文编号)[:：]")
WRITTEN_KEYS = re.compile(r"^(?:成文日期|发文日期)[:：]?")
PUBLISHED_KEYS = re.compile(r"^(?:发布日期|发布时间|公开日期)[:：]?")
ANY_DATE = re.compile(f"{DATE_RE.pattern}|{ISO_DATE_RE.pattern}")


def parse_table(lines: list[Line]) -> dict[str, str]:
    """Key/value cells of the site's metadata table (``key:\\tvalue\\tkey:\\tvalue``).

    A value may be empty (``发文字号:\\t\\t发布日期:\\t…`` has no 文号): a key cell is never a value.
    """
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:15]):
        # A row of keys over a row of values (索引号	发布机构	成文日期	文号 / 611021-…	某某局	2024-12-20	…).
        keys = key_row(line.stripped)
        values = next((x.stripped for x in lines[i + 1 :] if x.stripped), "") if keys else ""
        cells = row_cells(values)
        if keys and len(cells) == len(keys):
            for key, value in zip(keys, cells, strict=True):
                fields.setdefault(_KEY_ALIASES.get(key, key), value)
    for line in lines:
        if not _TABLE_LINE_RE.match(line.stripped):
            continue
        key = None
        for cell in (c.strip(BLANK) for c in line.stripped.split("\t")):
            name = cell.rstrip(":：").strip()
            if name in _TABLE_KEYS and (key is None or cell != name):  # 标题 under 分类 is a value
                key = name
            elif cell != name and name in META_KEYS:  # another key (发文字号:\t\t公开方式:\t…): the value was empty
                key = None
            elif key is not None and cell:
                fields[key], key = cell, None
    return fields


def is_table_line(line: Line) -> bool:
    return bool(_TABLE_LINE_RE.match(line.stripped))


def meta_value(lines: list[Line], key: re.Pattern, value: re.Pattern = DOC_NUMBER_RE, limit: int = 15) -> str | None:
    """The first ``value`` (a 文号) written in a metadata row named by ``key`` (文　　号：…, 【发文字号】…)."""
    for i, line in enumerate(lines[:limit]):
        compact = re.sub(r"[ \u3000【】]+", "", line.stripped)
        # Cells of a row: tab-, space- or pipe-separated; the value in the key's cell (文号：…) or in the next
        # one (| 文号 | 某经信〔2024〕41号 |).
        # …or one blank before the next key (发布单位： 某某镇人民政府　发布日期： 2024-12-23).
        cells = [c for c in re.split(r"\t+|\s{2,}|\u3000{2,}|\s*[|｜]\s*|[ \u3000](?=[\u4e00-\u9fff]{2,6}[:：])",
                                     line.stripped) if c]
        for cell, after in itertools.zip_longest(cells, cells[1:], fillvalue=""):
            name = re.sub(r"[ \u3000【】]+", "", cell)
            if key.match(name) and (found := value.search(cell)):
                return found.group()
            # 【发布机构】福贡县某某乡人民政府: the bracket closes the key as a colon would; the value follows it.
            bracketed = re.match(r"[ \u3000]*【([^】]{2,8})】", cell)
            if bracketed and key.match(bracketed.group(1) + "：") and (found := value.search(cell, bracketed.end())):
                return found.group()
            if key.match(name + "：") and not value.search(cell) and (found := value.match(after)):
                return found.group()
        if key.match(compact) and (found := value.search(compact)):
            return found.group()
        # <dt>发文字号：</dt><dd>并民公示〔2025〕6号</dd>: the key alone on its line, the value on the next.
        if key.match(compact) and compact.endswith(("：", ":")) and \
                (found := value.match(next((x.stripped for x in lines[i + 1 :] if x.stripped), ""))):
            return found.group()
    return None
