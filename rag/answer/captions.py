"""Table captions: the line over a table and the units it states (（面积单位：万亩；产量单位：万吨））."""

from __future__ import annotations

import re


def caption_line(text: str, start: int) -> str:
    """The line over a table starting at ``start``, above a blank line if one parts them (Markdown); without the
    bold marks a Markdown caption may wear (**表1 …**)."""
    line_end = max(start - 1, 0)
    line_start = text.rfind("\n", 0, line_end) + 1
    if line_start > 0 and not text[line_start:line_end].strip():
        line_end = line_start - 1
        line_start = text.rfind("\n", 0, line_end) + 1
    # A caption's bracket wrapped over lines (（投诉举报单位：件；入驻商户单位：家； / 存管资金单位：万元）): the lines
    # from the one that opens it.
    for _ in range(_WRAPPED_LINES):
        caption = text[line_start:line_end]
        if line_start == 0 or _opened(caption) >= 0:
            break
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    return "".join(part.strip() for part in text[line_start:line_end].split("\n")).strip("*").strip()


_WRAPPED_LINES = 3


def _opened(text: str) -> int:
    """Brackets opened less brackets closed."""
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


_UNITS_START = re.compile(r"单位\s*[:：]\s*")


def _caption_parts(caption: str) -> list[tuple[str, str]]:
    """What a caption lists after 单位：, in order: (what a unit measures, the unit); the first is ("", unit)
    unless the caption names it (（单位：户、万元） -> ("", 户), ("", 万元); （面积单位：万亩；产量单位：万吨） ->
    (面积, 万亩), (产量, 万吨))."""
    found = _UNITS_START.search(caption)
    if found is None:
        return []
    depth, end = 0, len(caption)
    for i in range(found.end(), len(caption)):  # up to the bracket that closes the one 单位 opened in
        if caption[i] in "（(":
            depth += 1
        elif caption[i] in "）)":
            if depth == 0:
                end = i
                break
            depth -= 1
    opened = _opening(caption, found.start())
    # （零工市场(驿站)单位：个；…）: the first label may hold a bracketed note of its own.
    first = _NOTE.sub("", caption[opened + 1 : found.start()]).strip() if opened >= 0 else ""
    first = first if re.fullmatch(r"[\u4e00-\u9fff]{1,8}", first) else ""
    parts = []
    for i, part in enumerate(re.split(r"[、，,/；;]", caption[found.end() : end])):
        labelled = re.match(r"^\s*([^：:]*)单位\s*[:：]", part)
        unit = part[labelled.end():].strip() if labelled else part.strip()
        if unit:
            label = labelled.group(1).strip() if labelled else first if i == 0 else ""
            # 服务零工和促成就业单位：万人次: two measures of one unit.
            parts += [(one, unit) for one in (_JOINED.split(label) if label else [label])]
    return parts


_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_JOINED = re.compile(r"和|及|与|、")


def _opening(caption: str, at: int) -> int:
    """Where the bracket that holds ``at`` opens (past any bracket pair closed before ``at``), or -1."""
    depth = 0
    for i in range(at - 1, -1, -1):
        if caption[i] in "）)":
            depth += 1
        elif caption[i] in "（(":
            if depth == 0:
                return i
            depth -= 1
    return -1


def caption_units(caption: str) -> list[str]:
    """The units a caption lists after 单位： (（单位：户、台（套）、万元） -> 户, 台（套）, 万元), in order."""
    return [unit for _, unit in _caption_parts(caption)]


def caption_measures(caption: str) -> list[tuple[str, str]]:
    """The units a caption gives with what each measures (（饭堂单位：个；补贴单位：万元） -> (饭堂, 个), (补贴, 万元)):
    a column whose heading holds the word (长者饭堂, 助餐补贴) counts in that unit, wherever it stands."""
    return [(label, unit) for label, unit in _caption_parts(caption) if label]
