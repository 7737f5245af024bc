"""Which year, or which part of a year, a figure of a sentence is of.

A sentence dates its figures with the year words before them (2023年, 去年, 今年起), which may stand far back: a
year heading a long sentence covers its later clauses, a part after 其中 takes its whole's year, and the year after
由 or 比 belongs to the old value or the base of a comparison, not to the figure. Half years, quarters and holidays
(上半年, 一季度, 国庆假期) mark a figure as a part of a year's, which a question about the whole year does not want.
"""

from __future__ import annotations

import re

from rag.answer.changes import predecessor, successor
from rag.answer.document_years import years_in
from rag.answer.wholes import whole_of_part
from rag.text.figures import find_figures

# A year heads its sentence and covers the clauses after it (2017年…安排资金4840万，带动企业研发投入6.4亿元).
YEAR_LOOK_BACK = 56
_NOT_ITS_YEAR = ("比", "较", "由", "从")  # the character before a year word of a comparison or an old value
_OLD_VALUE_YEAR = ("由", "从")  # …of the old value itself (由2023年底的22.5%提高到…: 22.5% is of 2023)
# 比去年的15起: the figure after 比/较 + year + 的 is that year's value (the base of the comparison, stated).
_BASE_VALUE = re.compile(r"\s*度?(?:底|末)?的")  # 比2025年度的380元: the base is that year's value
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年?|前年|去年|上年|上一年|今年|本年|当年|明年")


def own_year(sentence: str, end: int, years: set[str], base: int | None) -> bool:
    """The old value ending at ``end`` has ``years`` and the value replacing it another (2023年为…，2024年提高到…),
    or none is found after it."""
    new = successor(sentence, end)
    return new is None or (figure_years(sentence, new, base) or years) != years


def year_anchor(sentence: str, start: int) -> int:
    """Where the words that give a figure its year end: before the figure, or before its whole when it is a part
    after 其中 that names no year of its own (去年…安排6.48亿元，前年为5.62亿元。其中，…奖励2.16亿元: 去年's)."""
    opened = sentence.rfind("其中", 0, start)
    if opened < 0 or _YEAR_WORD.search(sentence, opened, start):
        return start
    part = next((f for f in find_figures(sentence) if f.start == start), None)
    whole = whole_of_part(sentence, part) if part is not None else None
    return start if whole is None else whole.start


def figure_years(sentence: str, start: int, base: int | None, own_old: bool = True) -> set[str]:
    """The year expression nearest before a figure in its sentence, resolved (去年 -> 2023). ``own_old``: the
    year of an old value right after 由 is its own (由2023年底的22.5%提高到…); False when the year is wanted for
    the value that replaces it (今年起…由1.5万元调整为1.2万元: the new value's year is not 由's)."""
    start = year_anchor(sentence, start)
    before = sentence[max(0, start - YEAR_LOOK_BACK) : start]
    # 比2022年提高 names the base of a comparison, 由上年的46处减少到19处 the year of the old value: not the
    # figure's year.
    found = [m for m in _YEAR_WORD.finditer(before) if before[max(0, m.start() - 1) : m.start()] not in _NOT_ITS_YEAR
             or (own_old and not find_figures(before[m.end() :]) and (before[m.start() - 1] in _OLD_VALUE_YEAR
                                                                     or _BASE_VALUE.match(before, m.end())))]
    # 从本年度起，对…企业上年度研发投入增量部分的补助比例…: a rule's base period (上年度) is not the year of its rate;
    # the year the rule starts from is.
    since = _SINCE.search(before)
    if since and found and found[-1].start() > since.end() and _BASE_PERIOD.match(before, found[-1].start()):
        found = [m for m in found if m.start() < since.end()]
    if found:
        return years_in(found[-1].group(), base)
    # 去年全市共接待游客1,268万人次、…；其中乡村旅游接待游客486万人次: the year a long sentence opens with is the year
    # of its later figures too, where no other year stands between.
    opening = _OPENING_YEAR.match(sentence)
    if opening and start > YEAR_LOOK_BACK and not _YEAR_WORD.search(sentence, opening.end(), start):
        clause = _CLAUSE_END.search(sentence, opening.end())
        if clause is not None and not _SINCE_OR_RULE.search(sentence, opening.end(), clause.start()):
            return years_in(opening.group(1), base)
    return set()


# …not a time since or a rule's date (2021年实施…以来, 2021年至今, 2023年修订的《办法》规定…).
_SINCE_OR_RULE = re.compile(r"以来|至今|实施|修订|印发|出台|颁布|发布|施行|起|开始|启动|《")
_CLAUSE_END = re.compile(r"[，,；;。]")
_OPENING_YEAR = re.compile(r"\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?"
                           r"((?:19|20)\d{2}\s*年|去年|今年|上年|前年)(?!\s*(?:底|末|\d|以来|前|起))")


_SINCE = re.compile(r"(?:(?:19|20)\d{2}\s*年度?|今年|本年度?|明年)\s*起")
_BASE_PERIOD = re.compile(r"(?:上一?年|前一年)度")


def past_date(question: str, sentence: str, start: int, base: int | None) -> bool:
    """A date of a year before the document's own (上年…资金于7月上旬前兑付到位 in a notice of this year's) for a
    question that names no year: when something is to happen is this year's date, not last year's."""
    if base is None or years_in(question, base):
        return False
    years = figure_years(sentence, start, base)
    return bool(years) and max(map(int, years)) < base


_PART_OF_YEAR = re.compile(r"上半年|下半年|前三季度|第?[一二三四1-4]季度|\d{1,2}\s*[—–\-~至到]\s*\d{1,2}\s*月|"
                           r"[一二三四五六七八九十]{1,2}至[一二三四五六七八九十]{1,2}月|同期|假期|黄金周|期间")
_PART_ASKED_EN = re.compile(r"\b(?:half|quarter|quarters|months?|january|february|march|april|may|june|july|august|"
                            r"september|october|november|december|holiday|period|week|festival)\b", re.I)
_WHOLE_YEAR = re.compile(r"(?:19|20)\d{2}|全年|去年|今年|上年|\bwhole (?:of )?(?:the )?year\b|\bfull year\b|"
                         r"\bannual\b|\bwhole of\b", re.I)


# A part of a year a question asks about (2024年上半年, the first half of 2024, 一季度) is not answered by a figure its
# sentence marks as the whole year's or another part's (全年…412.8万人次; 国庆假期…37.5万人次) rather than that part's.
_WHOLE_YEAR_MARK = re.compile(r"全年|年度")
_M = r"\s*(?:月份?)?\s*[—–\-~至到]\s*"
_ASKED_PARTS = (
    (re.compile(r"上半年|\bfirst half\b", re.I), re.compile(rf"上半年|(?<!\d)1{_M}6\s*月|一至六月")),
    (re.compile(r"下半年|\bsecond half\b", re.I), re.compile(rf"下半年|(?<!\d)7{_M}12\s*月|七至十二月")),
    (re.compile(r"前三季度|\bfirst three quarters\b", re.I), re.compile(rf"前三季度|(?<!\d)1{_M}9\s*月|一至九月")),
    (re.compile(r"(?:第?一|1)季度|\bfirst quarter\b", re.I),
     re.compile(rf"(?:第?一|1)季度|(?<!\d)1{_M}3\s*月|一至三月")),
)


def part_of_year(question: str, sentence: str, start: int) -> bool:
    """The question asks for a year's figure (2024, 全年, the whole of 2024) and names no part of one, and the
    sentence marks the figure as a part's (上半年全镇接待游客186.5万人次; 去年同期分别为…); or the question asks for a
    half or a quarter and the sentence marks the figure as the whole year's or another part's (全年…412.8万人次,
    国庆假期…37.5万人次)."""
    marks = next((marks for asked, marks in _ASKED_PARTS if asked.search(question)), None)
    # Asked for a half year, every change's base before the figure is its old value's period (…由去年同期的62.4%提高到
    # 68.7%，挽回损失1,286.47万元); asked for a whole year, 去年同期 still marks the figures after it as a part's.
    sentence = _without_base(sentence, start, every=marks is not None)
    if marks is not None:  # unmarked, the figure is the part's in a half-year summary (上半年工作总结)
        if marks.search(sentence, 0, start):
            return False
        # A whole-year word the question writes too is what the part is measured against (上半年…完成年度目标任务的
        # 52.0%), not the figure's period.
        return any(m.group() not in question for m in _WHOLE_YEAR_MARK.finditer(sentence, 0, start)) or \
            bool(_PART_OF_YEAR.search(sentence, 0, start))
    if not _WHOLE_YEAR.search(question) or _PART_OF_YEAR.search(question) or _PART_ASKED_EN.search(question):
        return False
    # 从今年下半年起…提高到2,500元 says when a standard starts, not that the figure is a half-year's; a period the
    # question names itself (春茶采摘期间 for 今年春茶产值) is the one it asks about.
    return any(not _STARTS.match(sentence, m.end()) and not _period_asked(question, sentence, m)
               for m in _PART_OF_YEAR.finditer(sentence, 0, start))


_BASE_OPEN = re.compile(r"由(?!于)[^，,。；;]{0,12}$")  # 由去年同期的 before the old value, in its clause; not 由于


def _without_base(sentence: str, start: int, every: bool = False) -> str:
    """``sentence`` with the base of the change whose new value starts at ``start`` blanked out (出租率由去年同期的52.6%
    提高到61.3%: 去年同期 is the old value's period, not 61.3%'s); with ``every``, the bases of all the changes before
    ``start`` (nor is it that of 挽回损失1,286.47万元 after the change)."""
    olds = [f for f in find_figures(sentence[:start]) if successor(sentence, f.end) is not None] if every else \
        [old] if (old := predecessor(sentence, start)) is not None else []
    for old in olds:
        if (base := _BASE_OPEN.search(sentence, 0, old.start)) is not None:
            sentence = sentence[: base.start()] + " " * (old.end - base.start()) + sentence[old.end :]
    return sentence


_NAMED_PERIOD = re.compile(r"期间|假期|黄金周")


def _period_asked(question: str, sentence: str, mark: re.Match) -> bool:
    """The words that name a period (春茶采摘 of 春茶采摘期间, 春节 of 今年春节假期: not a year or a place's whole,
    which a whole-year question names too) share two characters with the question."""
    if not _NAMED_PERIOD.fullmatch(mark.group()):
        return False
    before = _YEAR_OR_WHOLE.split(re.search(r"[\u4e00-\u9fff]{0,6}$", sentence[: mark.start()]).group())[-1]
    return any(before[i : i + 2] in question for i in range(len(before) - 1))


_YEAR_OR_WHOLE = re.compile(r"今年|去年|明年|本年|全年|上年|当年|全[省市县区镇乡州旗]|我[省市县区镇乡州旗]")


_STARTS = re.compile(r"\s*(?:起|开始)")
