"""Tables flattened to lines: their rows and cells, the block of lines one table spans, its caption and heading row.

A table copied from a page or a PDF becomes lines whose cells are split by tabs, runs of spaces or a Markdown
table's pipes. This is the layout only; which row and column a question names is rag.answer.tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.captions import caption_line, caption_units

_CELL = re.compile(r"\S+(?: \S+)*")  # cells: runs of text that hold no tab and no run of spaces
_PIPE_CELL = re.compile(r"[^|\s](?:[^|]*[^|\s])?")
_PIPE_RULE = re.compile(r":?-{3,}:?")
_SPLIT = re.compile(r"\t|  |\u3000\u3000")
_PROSE = re.compile(r"[，。；：！？,;:!?、]")
_LABEL_CHARS = 12
_MINUS = "-−－"  # the minus signs tables write (-2.6, −2.6, －2.6)
NUMERIC = re.compile(rf"^[约近超]?[{_MINUS}]?\d[\d.,]*\s*[%％]?$|^[—-]$")
_SIGNED = re.compile(rf"[{_MINUS}]?\d[\d,]*(?:\.\d+)?")
UNIT_NOTE = re.compile(r"[（(][^（）()]*[）)]")


@dataclass(frozen=True)
class Cell:
    start: int  # offsets in the text that was scanned
    end: int
    text: str


def cells(line: str, offset: int = 0) -> list[Cell]:
    """The cells of a table row, or [] when the line is not one (fewer than three cells, no separator).
    A Markdown row (| 桂馥社区 | 2 | 684 |) is split at its pipes; its rule line (| --- | :---: |) is no row."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        found = [Cell(offset + m.start(), offset + m.end(), m.group()) for m in _PIPE_CELL.finditer(line)]
        # A sparse row (|  | 合计 |  |  | 434 |) is a row still: its pipes part four columns or more.
        return [] if rule_line(line) or len(found) < (2 if stripped.count("|") >= 5 else 3) else found
    found = _letter_spaced([Cell(offset + m.start(), offset + m.end(), m.group()) for m in _CELL.finditer(line)],
                           line, offset)
    if not _SPLIT.search(stripped):
        # A page may part its cells by one ideographic space (8　第八师石河子市　168.9　2280　1190): a row when
        # no sentence runs through it and it holds two numbers, or is a heading row of short labels.
        if "\u3000" not in stripped or _PROSE.search(stripped) or len(found) < 3:
            return []
        numbers = sum(bool(NUMERIC.match(c.text)) for c in found)
        return found if numbers >= 2 or (len(found) >= 4 and all(len(c.text) <= _LABEL_CHARS for c in found)) else []
    if len(found) == 2 and "\t" in stripped and not _PROSE.search(stripped) and \
            all(len(c.text) <= _LABEL_CHARS or NUMERIC.match(c.text) for c in found):
        return found  # a table of two columns, as a page's <table> is flattened (行政处罚\t12 under 信息内容\t本年…)
    return found if len(found) >= 3 else []


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _letter_spaced(found: list[Cell], line: str, offset: int) -> list[Cell]:
    """The cells with a word whose two characters are spaced apart by one ideographic space (合　计, 村　别, 序　号:
    a heading or a total row set out evenly) joined into one cell."""
    out: list[Cell] = []
    for cell in found:
        last = out[-1] if out else None
        if last is not None and len(last.text) == 1 == len(cell.text) and _HAN.match(last.text) and \
                _HAN.match(cell.text) and line[last.end - offset : cell.start - offset] == "\u3000":
            out[-1] = Cell(last.start, cell.end, line[last.start - offset : cell.end - offset])
        else:
            out.append(cell)
    return out


def rule_line(line: str) -> bool:
    """A Markdown table's rule line (| --- | :---: |), which parts its heading row from its rows."""
    found = _PIPE_CELL.findall(line)
    return line.strip().startswith("|") and bool(found) and all(_PIPE_RULE.fullmatch(c) for c in found)


def table_rows(text: str, offset: int = 0) -> list[list[Cell]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append(cells(line, offset + at))
        at += len(line) + 1
    return out


# 其中：苹果 under 水果: a part's row, labelled 苹果.
_SUB_ROW = re.compile(r"^(?:其中\s*[:：]?|(?:内含|含)\s*[:：])\s*")


def is_value(cell: Cell) -> bool:
    """A cell that holds a figure (a number with digits), not a label."""
    return bool(NUMERIC.match(cell.text)) and any(ch.isdigit() for ch in cell.text)


def signed_number(text: str) -> float:
    """The first number of a value cell, negative with any minus sign a table writes."""
    return float(_SIGNED.search(text).group().replace(",", "").translate(_AS_MINUS))


_AS_MINUS = str.maketrans(_MINUS, "-" * len(_MINUS))


def row_label(cell: Cell) -> str:
    return _SUB_ROW.sub("", UNIT_NOTE.sub("", cell.text).strip())


def is_heading(row: list[Cell]) -> bool:
    return bool(row) and sum(bool(NUMERIC.match(c.text)) for c in row) == 0


def table_block(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The span of the whole table that the rows between ``lo`` and ``hi`` belong to: the lines around them
    that are rows too (a long table is cut into several passages; the row a question names may be in any)."""
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line), bool(cells(line)) or rule_line(line)))  # | --- | parts no table
        at += len(line) + 1
    first = next(i for i, (_, end, _) in enumerate(spans) if end >= lo)
    last = next((i for i, (start, _, _) in enumerate(spans) if start > hi), len(spans)) - 1
    # The passage may begin with the caption or prose above the table, or end with a note below it.
    while first < last and not spans[first][2]:
        first += 1
    while last > first and not spans[last][2]:
        last -= 1
    while first > 0 and spans[first - 1][2]:
        first -= 1
    while last + 1 < len(spans) and spans[last + 1][2]:
        last += 1
    return spans[first][0], spans[last][1]


def table_units(text: str, start: int) -> list[str]:
    """The units the caption over a table starting at ``start`` states for its values (…任务分解表（单位：万亩）)."""
    return caption_units(caption_line(text, start))


def table_heads(text: str, start: int) -> str:
    """What a table starting at ``start`` is about beside its rows: the caption line over it (表1 各县地区生产总值
    （单位：亿元）) and its heading row, whose text the passage of a later row may not hold."""
    above = text.rfind("\n", 0, max(0, start - 1)) + 1
    if start > 0 and rule_line(text[above:start]):  # | 功能科目 | 决算数 | over |---|---:|
        return table_heads(text, text.rfind("\n", 0, max(0, above - 1)) + 1)
    end = text.find("\n", start)
    first = text[start : len(text) if end < 0 else end]
    caption = caption_line(text, start)
    heading = "\t".join(c.text for c in cells(first)) if is_heading(cells(first)) else ""
    return "\t".join(part for part in (caption, heading) if part)


def text_cells(line: str) -> str:
    """A row's cells that are not numbers (the year, place and indicator it is about), joined by tabs."""
    return "\t".join(c.text for c in cells(line) if not NUMERIC.match(c.text))


def has_rows(text: str) -> bool:
    return any(cells(line) for line in text.split("\n"))
