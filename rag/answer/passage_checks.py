"""What the passages found state, checked before and after a figure is chosen from them.

Whether the first passages state a figure of the kind, measure and year asked at all (if not, a passage a little
further down may: ``further_passages``); whether a bare table cell is stated with its unit in prose ranked above it;
whether a chosen count counts in another measure; whether a sentence can answer an amount question; whether the
Chinese names an English question writes stand around a sentence.
"""

from __future__ import annotations

import itertools
import re

from rag.answer.dates import (
    asks_date_role,
    asks_day,
    asks_effect,
    asks_monthly_day,
    date_role,
    is_bare_year,
    is_monthly_day,
    states_date_role,
)
from rag.answer.figure_years import past_date
from rag.answer.per_unit import asks_ratio, states_ratio
from rag.answer.qualifiers import change_for_share, figure_year_mismatch
from rag.answer.span import Answer, Sentence
from rag.answer.table_lines import cells
from rag.answer.totals import misses_total
from rag.search.retrieval import Hit, Retrieval
from rag.text.figures import AMOUNT_KINDS, Figure, FigureKind, compatible, find_figures, same_measure

_NUMBER_CELL = re.compile(r"[约近超]?[-−]?\d[\d.,]*\s*[%％]?")
NUMBER = re.compile(r"\d[\d,.]*")
_VALUE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number the reader keeps bare but prose measures in a unit it does not know (3.6米/公顷, 46.8公顷): no count.
_MEASURED_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z/]")
_NO_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_HOW_MUCH = re.compile(r"\bhow much\b", re.I)


def number_value(text: str) -> float | None:
    """The value of the first number ``text`` writes (3.20 and 3.2亿元 alike; None for 两成)."""
    found = _VALUE.search(text)
    return float(found.group().replace(",", "")) if found else None


def misses_the_asked(retrieval: Retrieval, hits: list[Hit], bases: dict[str, int | None]) -> bool:
    """None of ``hits`` states an amount of the kind asked or a count in the measure asked (多久 -> 2个工作日; 天 stands
    for any duration) that is not marked as another year's than the question's, or a date (in the role asked: valid
    until -> 有效期至2028年12月31日, and of the document's own year when the question names none: not 上年…7月上旬前
    兑付), or, for a question about a total, no figure marked as one (``misses_total``): a passage a little further
    down may."""
    question, unit = retrieval.question, retrieval.unit

    def of_the_year(h: Hit, f) -> bool:  # not marked as another year's than the one asked (计划总投资 of 今年)
        return not figure_year_mismatch(question, h.chunk.text, f.start, bases.get(h.chunk.doc_id))

    if retrieval.expected == FigureKind.COUNT and unit:
        return not any(f.kind == FigureKind.COUNT and same_measure(unit, f.text, named_time=True) and of_the_year(h, f)
                       and not (NUMBER.fullmatch(f.text) and _MEASURED_AFTER.match(h.chunk.text, f.end))
                       for h in hits for f in find_figures(h.chunk.text)) or \
            misses_total(question, [h.chunk.text for h in hits], retrieval.expected, unit)
    if retrieval.expected == FigureKind.PERCENT and asks_ratio(question):  # 车桩比: 5.45∶1, not a rate of change
        return not any(states_ratio(h.chunk.text) for h in hits)
    if retrieval.expected in AMOUNT_KINDS:  # a reply's opening line, a table's bare cells: no amount, no count
        # (nor a share for what share: 比上季度下降41.3% is a change)
        return not any(compatible(retrieval.expected, f.kind) and of_the_year(h, f)
                       and not (f.kind == FigureKind.PERCENT and change_for_share(question, h.chunk.text, f.start))
                       for h in hits for f in find_figures(h.chunk.text)) or \
            misses_total(question, [h.chunk.text for h in hits], retrieval.expected)
    if retrieval.expected == FigureKind.DATE and asks_monthly_day(question):  # 每月15日前, not 1月1日起
        return not any(f.kind == FigureKind.DATE and is_monthly_day(f.text)
                       for h in hits for f in find_figures(h.chunk.text))
    if retrieval.expected == FigureKind.DATE and asks_date_role(question):
        return not any(states_date_role(question, h.chunk.text) and any(
            f.kind == FigureKind.DATE and not past_date(question, h.chunk.text, f.start, bases.get(h.chunk.doc_id))
            for f in find_figures(h.chunk.text)) for h in hits)
    if retrieval.expected == FigureKind.DATE and asks_effect(question):  # 自2025年3月1日起执行, not 每年1月31日前
        return not any(f.kind == FigureKind.DATE and of_the_year(h, f)
                       and date_role(question, h.chunk.text, f.start, f.end) > 0
                       for h in hits for f in find_figures(h.chunk.text))
    if retrieval.expected == FigureKind.DATE:  # a table's rows, a project's number: no date, when was it? From which
        # day: no date of the year asked (每年1月31日前…上年度 for the 2025 list), and no bare year (2024年收费额)
        day = asks_day(question)
        return not any(f.kind == FigureKind.DATE and not (day and is_bare_year(f.text)) and of_the_year(h, f)
                       for h in hits for f in find_figures(h.chunk.text))
    return False


# Passages taken from further down (``further_passages``) when the first ones give no answer for these reasons.
_FURTHER = 2
FURTHER_REASONS = frozenset({"other_year", "no_figure", "not_stated", "no_match"})


def further_passages(retrieval: Retrieval, top: list[Hit], near: list[Hit], bases: dict[str, int | None]) -> list[Hit]:
    """The first passages below ``near``, of the documents of ``top``, that hold what none of ``top`` does
    (``misses_the_asked``): a reply's paragraph on last year (去年…共支持家庭牧场560个) may rank below its
    paragraphs on this year's plans, which state the same kinds of figures of another year."""
    docs = {h.chunk.doc_id for h in top}
    further = (h for h in retrieval.hits[len(near):]
               if h.chunk.doc_id in docs and not misses_the_asked(retrieval, [h], bases))
    return list(itertools.islice(further, _FURTHER))


def stated_above(cell: Answer, hits: list[Hit], sentences: list[Sentence], expected: FigureKind
                  ) -> tuple[Sentence, Figure] | None:
    """The figure that states a bare cell's value (1500) with its unit in a sentence of another document's passage
    ranked above the cell's table (中级工1,500元 in the reply asked about, over another notice's table): that passage
    answers, in its own words."""
    if not _NUMBER_CELL.fullmatch(cell.text) or (value := number_value(cell.text)) is None:
        return None
    above = {h.chunk.id for h in itertools.takewhile(lambda h: h.chunk.id != cell.passage_id, hits)
             if h.chunk.doc_id != cell.doc_id}
    return next(((x, f) for x in sentences if x.hit.chunk.id in above for f in find_figures(x.text)
                 if f.kind == expected and not f.text[-1].isdigit() and number_value(f.text) == value), None)


def counts_otherwise(asked: str, figure: str) -> bool:
    """A count in a measure word that is not the one asked nor of its class, and shares no character with it
    (1家 for 吨; 500万人次 does count 次, 12,600批次 counts 批次)."""
    found = re.search(r"([^\d\s.,%]+?)(?:以上|左右)?$", figure)
    return bool(found) and not same_measure(asked, figure) and not set(found.group(1)) & set(asked)


def states_amount(text: str, expected: FigureKind) -> bool:
    """Whether a sentence can answer an amount question without a figure chosen from it: it states a figure of the
    kind asked (麒麟区…不纳入本次奖补范围 does not say how much Qilin gets), or any figure for a rate (增加了多少 may
    ask a rate or the amount of a rise), or it is a table row with a cell of a number, which may (not 包3 … — 废标 —,
    a lot that was not awarded)."""
    if any(_NUMBER_CELL.fullmatch(c.text) for line in text.split("\n") for c in cells(line)):
        return True
    found = find_figures(text)
    return bool(found) if expected == FigureKind.PERCENT else any(compatible(expected, f.kind) for f in found)


def names_written(names: list[str], sentence: Sentence, summaries: dict[str, dict]) -> bool:
    """Whether a candidate sentence, the headings of its section or the title of its document write every name."""
    title = (summaries.get(sentence.hit.chunk.doc_id) or {}).get("title") or ""
    # Quotation marks are the writer's, not the name's: “三公”经费 writes 三公经费.
    around = "".join((sentence.text, *sentence.hit.chunk.section, title)).translate(_NO_QUOTES)
    return all(n.translate(_NO_QUOTES) in around for n in names)
