"""The answer read off a flattened table: the cell of the row a figure question names (rag.answer.tables), cited in
the passage that holds it, when the row's year, place and indicator meet the question's."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rag.answer.constraints import unmet_constraint
from rag.answer.counted import counted_terms
from rag.answer.document_years import document_year
from rag.answer.parts import two_parts
from rag.answer.span import Answer, AnswerSettings, Sentence, make_answer
from rag.answer.stated import asked_years
from rag.answer.table_lines import Cell, has_rows, table_block, table_heads, table_units, text_cells
from rag.answer.tables import STANDARD_COLUMN, overlap, row_cell
from rag.chunking import Chunk
from rag.documents import Document
from rag.index.base import IndexReader
from rag.search.retrieval import Hit, Retrieval
from rag.text.english import is_english
from rag.text.figures import AMOUNT_KINDS, Figure, FigureKind, find_figures, same_measure

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TOTAL_ROW = re.compile(r"合计|总计|小计|共计|总额")
_TOTAL_TABLE_OVERLAP = 0.3  # share of the caption's and headings' character pairs the question must name
# What one household, person or mu gets (每户补助多少) is a rate, which a table of sums (安排资金) does not state.
_PER_UNIT_ASKED = re.compile(r"每(?:户|人|亩|台|套|辆|吨|公里|平方米|立方米|生(?![产育活成态])|"
                             r"[个名位](?:学生|幼儿|儿童|孩子))|"
                             r"\bper (?:household|person|head|mu|hectare|tonne|ton|kilometre|kilometer|square met|"
                             r"cubic met|vehicle|machine|child|pupil|student)", re.I)


def _unit_fits(expected: FigureKind | None, units: list[str], measure: str | None = None, heads: str = "") -> bool:
    """Whether a table whose caption states ``units`` can answer a question of kind ``expected`` (an area table in
    万亩 does not answer how much is paid per mu; one in 公里、万元 answers both), and one that counts in the
    ``measure`` word asked (how many enterprises: 家), in its caption's units or its ``heads``' notes."""
    if not units or expected not in (FigureKind.MONEY, FigureKind.COUNT):
        return True
    if expected == FigureKind.COUNT and measure and measure not in heads and \
            not any(same_measure(measure, f"1{unit}") and "元" not in unit for unit in units):
        return False  # a table of 万吨 and 亿元 counts no enterprises
    return any(("元" in unit) == (expected == FigureKind.MONEY) for unit in units)


def money_cell(sentence: Sentence, figure: Figure, document: Callable[[str], Document | None]) -> bool:
    """Whether ``figure`` is a bare number in a row of a table whose caption states its values in 元 (单位：万元):
    a sum, however count-like its digits (3862.40 is 3,862.40万元, not 3,862 people). ``document`` reads a
    document by id (the reader's, or a cache of it)."""
    if re.search(r"[^\d.,，]", figure.text) or not has_rows(sentence.text):
        return False
    doc = document(sentence.hit.chunk.doc_id)
    if doc is None:
        return False
    units = table_units(doc.text, table_block(doc.text, sentence.start, sentence.end)[0])
    return bool(units) and all("元" in unit for unit in units)


_REVENUE = re.compile(r"收入|\brevenues?\b|\bincome\b", re.I)
_SPENDING = re.compile(r"支出|\bspending\b|\bexpenditures?\b|\bspent\b|\bspend\b", re.I)
# What a purchase was budgeted at and what it was awarded for (预算金额 against 中标（成交）金额).
_BUDGETED = re.compile(r"预算|\bbudget(?:ed)?\b", re.I)
_AWARDED = re.compile(r"中标|成交|\bwinning bids?\b|\bcontract (?:price|value|sum)\b", re.I)
_SIDES = ((_REVENUE, _SPENDING), (_BUDGETED, _AWARDED))


def _other_side(question: str, heads: str) -> bool:
    """The question asks for revenue and the table (its caption and headings) is of spending only, or the reverse;
    or it asks what a purchase was budgeted at and the table states only what it was awarded for, or the reverse."""
    for one, two in _SIDES:
        first, second = one.search(question), two.search(question)
        if bool(first) == bool(second):
            continue
        asked, other = (one, two) if first else (two, one)
        if other.search(heads) and not asked.search(heads):
            return True
    return False


_ASKS_EARLIER = re.compile(r"上年|去年|上一年|\b(?:last|previous|prior|preceding) year\b|\ba year (?:earlier|before)\b",
                           re.I)


def _asked_year(question: str, base: int | None) -> int:
    """1 when the question asks about the year its document speaks from (it names that year, or no year and not
    last year: a 2025 budget's 上年预算数 is 2024's), -1 when it asks about the year before (去年, or 2024 of a
    2025 reply, whose 去年新建改造 column states it), 0 for another year."""
    years = asked_years(question)
    if _ASKS_EARLIER.search(question) or (base is not None and years == [str(base - 1)]):
        return -1
    return int(str(base) in years) if years and base is not None else int(not years)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _value(text: str) -> float | None:
    found = _NUMBER.match(text)
    return float(found.group().replace(",", "")) if found else None


def _stated_with_unit(text: str, block: tuple[int, int], cells: list[Cell], expected: FigureKind | None,
                      labels: str) -> Figure | None:
    """The figure of the document's prose, outside the table, that states the cell's bare value with its unit
    (2,500元 for the cell 2500), if the question asks for money or a count: in a sentence that names one of the
    row's ``labels`` (its text cells, tab-separated), not the same digits said of another thing (大化县…42公里)."""
    if len(cells) != 1 or expected not in (FigureKind.MONEY, FigureKind.COUNT) or not cells[0].text[-1].isdigit():
        return None
    value = _value(cells[0].text)
    names = [n for n in labels.split("\t") if len(n) >= 2]
    return next((f for f in find_figures(text) if not block[0] <= f.start < block[1] and f.kind == expected
                 and not f.text[-1].isdigit() and _value(f.text) == value
                 and any(n in text[_sentence_start(text, f.start) : f.end] for n in names)), None)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence (or line) holding ``at`` begins."""
    return max(text.rfind(stop, 0, at) for stop in "。；\n") + 1


def _parts_in_two_rows(retrieval: Retrieval, parts: tuple[str, str], text: str, block: tuple[int, int],
                       own: str) -> bool:
    """Whether the two parts of a two-part question each name a different row of the table (how many through
    平移集中 and through 上楼安置): not two columns of one row, which is what ``row_cell`` answers."""
    lines = set()
    for part in parts:
        found = row_cell(" ".join([part, *retrieval.query_tokens]), text, *block, 1, retrieval.unit, own=own)
        if not found:
            return False
        lines.add(text.rfind("\n", 0, found[0].start))
    return len(lines) == 2


def holding_passage(reader: IndexReader, doc_id: str, start: int, end: int) -> Chunk | None:
    """The passage of the document that holds ``start``–``end`` whole."""
    return next((c for c in reader.passages(doc_id) if c.char_start <= start and end <= c.char_end), None)


def table_answer(settings: AnswerSettings, retrieval: Retrieval, top: list[Hit], reader: IndexReader) -> Answer | None:
    """A figure question that names a row of a flattened table (潍坊市, 农村居民人均可支配收入) gets the
    cell of the column it names (rag.answer.tables); a two-part question may get two cells. A cell is an amount:
    a question for a date (or a phone number, a 文号) is not answered by one."""
    if retrieval.expected not in AMOUNT_KINDS:
        return None
    # The question's lexical terms name the column in Chinese for an English question (households -> 户数).
    named = " ".join([retrieval.question, *retrieval.query_tokens])
    counted = counted_terms(retrieval.question, retrieval)
    parts = two_parts(retrieval.question)
    asks = 2 if parts else 1
    money = {FigureKind.MONEY: True, FigureKind.COUNT: False}.get(retrieval.expected) if asks == 1 else None
    rate = {FigureKind.PERCENT: True, FigureKind.MONEY: False, FigureKind.COUNT: False}.get(retrieval.expected) \
        if asks == 1 else None
    # Where to look for the row, in turn (see below); only an English question names a row by its label's glosses.
    glossed = (False, True) if is_english(retrieval.question) else (False,)
    for rank, hit in enumerate(top):
        chunk = hit.chunk
        if not has_rows(chunk.text):
            continue
        doc = reader.document(chunk.doc_id)
        if doc is None:
            continue
        block = table_block(doc.text, chunk.char_start, chunk.char_end)  # the whole table around the passage
        heads = table_heads(doc.text, block[0])
        if _PER_UNIT_ASKED.search(retrieval.question) and not STANDARD_COLUMN.search(
                " ".join([heads, *doc.text[block[0] : block[1]].strip().splitlines()[:3]])):
            continue  # the caption, the heading row and the block's first lines name no standard or unit price
        if not _unit_fits(retrieval.expected, table_units(doc.text, block[0]), retrieval.unit, heads):
            continue
        own = " ".join(filter(None, (doc.header.title, doc.header.issuer)))
        if parts and _parts_in_two_rows(retrieval, parts, doc.text, block, own):
            continue  # 平移集中 and 上楼安置: two rows' figures, which the text may state in one sentence
        base = document_year({"title": doc.header.title, "date": doc.header.date})
        asked = {"issuer": doc.header.issuer or "", "asked": retrieval.question,
                 "year": _asked_year(retrieval.question, base), "counted": counted}
        # The row asked for may be in another passage of the same table; a row the question's terms name there
        # answers before one of this passage that only the dictionary's glosses of its label name (民政管理事务 for
        # "civil affairs … funeral management", whose row 殡葬管理 is in the next passage).
        found = next((cells for by_gloss in glossed for lo, hi in ((chunk.char_start, chunk.char_end), block)
                      if (cells := row_cell(named, doc.text, lo, hi, asks, retrieval.unit, money, rate, own,
                                            glossed=by_gloss, **asked))), None)
        # | 一般公共预算拨款收入 | 84,216.40 | 基本支出 | 71,524.30 |: a row of two label-value pairs; the cells of two
        # labels are two rows' figures, not the two parts of one.
        if not found or _CJK.search(doc.text, found[0].end, found[-1].start):
            continue
        if not (chunk.char_start <= found[0].start and found[-1].end <= chunk.char_end):
            holder = holding_passage(reader, chunk.doc_id, found[0].start, found[-1].end)
            if holder is None:
                continue
            hit, chunk = replace(hit, chunk=holder), holder
        start, end = found[0].start, found[-1].end
        line_start = doc.text.rfind("\n", 0, start) + 1
        line_end = doc.text.find("\n", end)
        line_end = len(doc.text) if line_end < 0 else line_end
        row = Sentence(hit, rank, -1, line_start, line_end, doc.text[line_start:line_end], hit.score)
        cells = text_cells(row.text)
        # Revenue is not read off a table of spending, nor spending off one of revenue.
        if _other_side(retrieval.question, heads):
            continue
        # A total row is named by any question about a total: the table must be about what the question asks.
        if _TOTAL_ROW.fullmatch(cells.strip()) and overlap(heads, named) < _TOTAL_TABLE_OVERLAP:
            continue
        # The row's year, place and indicator are in its text cells (a number cell, 建成年份 1990, is a value) and
        # in the table's caption and heading row (表1 各县地区生产总值 over 盘州市 742.08).
        labels = replace(row, text="\t".join(filter(None, (cells, heads))))
        if unmet_constraint(retrieval.question, labels, retrieval, reader):
            continue  # a row of another year's, place's or indicator's table
        kind = FigureKind.PERCENT if found[0].text.endswith(("%", "％")) else FigureKind.COUNT
        if kind == FigureKind.PERCENT and retrieval.expected in (FigureKind.MONEY, FigureKind.COUNT):
            continue  # a rate (老人跌倒发生率下降幅度 41.5%) answers no question of money or of a count
        twin = _stated_with_unit(doc.text, block, found, retrieval.expected, cells) if asks == 1 else None
        if twin is not None and (holder := holding_passage(reader, chunk.doc_id, twin.start, twin.end)):
            # 村道 … 2500 in the table is 2,500元 in the text: the answer says its unit, cited where the text says it.
            lo = _sentence_start(doc.text, twin.start)
            ends = [at for at in (doc.text.find(stop, twin.end) for stop in "。；\n") if at >= 0]
            hi = min(ends, default=len(doc.text))
            said = Sentence(replace(hit, chunk=holder), rank, -1, lo, hi, doc.text[lo:hi], hit.score)
            return make_answer(settings, retrieval, said, twin.start, twin.end, twin.text, twin.kind.value, twin)
        return make_answer(settings, retrieval, row, start, end, doc.text[start:end], kind.value, None)
    return None
