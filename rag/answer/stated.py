"""What a question itself states: the quantities of its conditions (200亩以上, of at least 500 tonnes,
首次突破5000万元), the condition it opens with (对名单有异议的，…), and the years it names. A figure that is
one of these, or that stands where such a condition stands, is the question's condition, not its answer
(rag.answer.qualifiers)."""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.bands import SCALE

_CONDITION_LOOK_BACK = 24  # characters before a figure where a condition the question states may stand
_QUESTION_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d.,])")
_QUESTION_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def stated_in_question(question: str, figure: str) -> bool:
    """The figure's number is one the question itself states (of at least 500 tonnes): a condition, not
    the answer."""
    numbers = _stated_numbers(question)
    return any(n.replace(",", "") in numbers for n in _QUESTION_NUMBER.findall(figure))


# A condition a Chinese question opens with (对名单有异议的，应在什么时间前反映): the word before its 的.
_CONDITION_CLAUSE = re.compile(r"([\u4e00-\u9fff]{2})的[，,]")


def stated_condition(question: str, sentence: str, start: int) -> bool:
    """A number the question states (200亩以上, of at least 500 tonnes) is written just before the figure:
    the figure is the one for that condition (连片200亩以上的，每亩奖补1,000元); so is the condition a question
    opens with (对…有异议的，: 对公示内容有异议的，请于8月8日前…)."""
    at = max(0, start - _CONDITION_LOOK_BACK)
    before = sentence[at:start]
    numbers = _stated_numbers(question)
    clause = _CONDITION_CLAUSE.search(question)
    # 日均就餐不足30人次的 is the band below 30: it meets a question about fewer than 30, not one about 30 to 49.
    below = _BELOW_ASKED.search(question) is not None
    return any(m.group().replace(",", "") in numbers and (below or not _BELOW.search(sentence, 0, at + m.start()))
               for m in _QUESTION_NUMBER.finditer(before)) or \
        (clause is not None and f"{clause.group(1)}的" in before)


# 13个村…集体经济收入全部超过10万元, for a question about villages above 30万元: the figure counts another band.
_CONDITION_AFTER = re.compile(r"(?:超过|以上|高于|不低于|不少于|达到|不足|低于|少于|以下)")
_CLAUSE_END = re.compile(r"[，,；;。]")


def other_condition(question: str, sentence: str, end: int) -> bool:
    """The question states a quantity (above 300,000 yuan: 30万) and the figure's own clause, after it, states a
    threshold of another (13个村集体经济收入全部超过10万元): the figure is the count of that band, not the one asked."""
    numbers = _stated_numbers(question)
    if not numbers:
        return False
    stop = _CLAUSE_END.search(sentence, end)
    clause = sentence[end : stop.start() if stop else len(sentence)]
    return any(_CONDITION_AFTER.search(clause, max(0, m.start() - 4), m.start()) or
               _CONDITION_AFTER.match(clause, m.end() + 2)
               for m in _QUESTION_NUMBER.finditer(clause)) and \
        not any(m.group().replace(",", "") in numbers for m in _QUESTION_NUMBER.finditer(clause))


# "Normally", 一般: a rule's default case, not one a clause opens with a condition for (发生工资拖欠的，存储比例提高到
# 施工合同额的3%; 连续2年未发生工资拖欠的，…按1%存储) beside the rule itself (应当按照施工合同额的2%存储).
_DEFAULT_ASKED = re.compile(r"\b(?:normally|usually|ordinarily|generally|as a rule|in general|by default)\b|"
                            r"一般情况下|正常情况下|通常|一般(?=[要应需须按都会能可])", re.I)  # not 一般公共预算
_CASE_OPENS = re.compile(r"[^，,。；;！？!?]*?(?<![目有是])的[，,]")
_CASE_CLAUSE_OPEN = re.compile(r"[。；;！？!?]")
# Who or what the rule is for (经审核符合条件的，…; 申请材料齐全的，…; 凡…的，): the rule's own case, not an exception.
_ELIGIBLE = re.compile(r"符合|满足|具备|经(?:审核|认定|审批|核实|批准|评定)|凡|申请|齐全|合格|纳入|属于")


def other_case(question: str, sentence: str, start: int) -> bool:
    """The question asks a rule's default case (normally, 一般) and a clause ending in 的， that is no eligibility
    condition opens the figure's part of its sentence: the figure is the rule for that case."""
    if not _DEFAULT_ASKED.search(question):
        return False
    opened = max((m.end() for m in _CASE_CLAUSE_OPEN.finditer(sentence, 0, start)), default=0)
    return any(not _ELIGIBLE.search(m.group()) for m in _CASE_OPENS.finditer(sentence, opened, start))


# …or is the top of a range (5,000—1万立方米的: the band below 10,000 cubic metres).
_BELOW = re.compile(r"(?:不足|低于|少于|未满|不到|未达到?|\d\s*[万亿千]?\s*"
                    r"(?:元|立方米|平方米|亩|吨|人|户|个|家|公里|米|千瓦|辆|台|套|座|张|周?岁)?\s*[—–\-~～至到])\s*$")
# (Under Ningde's measures: "under" a number, not a rule.)
_BELOW_ASKED = re.compile(r"不足|低于|少于|未满|不到|以下|\b(?:under|below|less than|fewer than)\s+\d", re.I)


# Numbers that label a thing rather than state a quantity: 小（2）型, class (2), proposal No. 0526, 第372号; a
# quarter or half (Q3 2025, H1), a grade or tier (grade-3 hospitals), a hotline's number. (第2批 and batch 2 stay: the
# number picks the batch's row, 第2批15户.)
_LABEL_NUMBER = re.compile(r"[（(]\s*\d{1,2}\s*[)）]|\bNo\.?\s*\d+|第\s*\d+\s*号|\b[QH][1-4]\b|"
                           r"\b(?:grade|tier)[- ]?\d{1,2}\b|"
                           # a hotline's or platform's number (12345 hotline, 12315平台)
                           r"(?<![\d.,])\d{3,6}\s*(?=[- ]?(?:hotline|platform|service line)s?\b|热线|平台)", re.I)


_TWO_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


def sibling_condition(question: str, sentence: str, start: int) -> bool:
    """The figure stands where the number a Chinese question states stands, after the same two words (首次突破1亿元
    for a question about 首次突破5000万元的企业): another condition of the same kind, not an answer."""
    stated = _stated_numbers(question)
    for m in _QUESTION_NUMBER.finditer(question):
        lead = question[max(0, m.start() - 2) : m.start()]
        if m.group().replace(",", "") in stated and _TWO_CJK.fullmatch(lead) and sentence.endswith(lead, 0, start):
            return True
    return False


# The bound of a band that a modifier clause states (发票价格10万元（不含）以下的每辆补贴3000元;
# 10万元（含）至20万元（不含）的): the band's condition, not what it gets.
_BAND_BOUND = re.compile(r"\s*(?:[（(]\s*不?含\s*[)）])?\s*(?:(?:及|或)?以[下上内]|至\s*[\d.,]+\s*[万亿千]?元?\s*"
                         r"(?:[（(]\s*不?含\s*[)）])?)\s*的")


_BOUNDED = re.compile(r"以[下上内]$")
_RANGE_TOP = re.compile(r"\s*(?:[（(]\s*不?含\s*[)）])?\s*的")
_RANGE_FROM = re.compile(r"[\d.,]+\s*[万亿千]?元?\s*(?:[（(]\s*不?含\s*[)）])?\s*(?:至|到|—|~|－|-)\s*$")


# A question that asks for the bound itself (投资多少万元以上的项目可以申请？ the minimum investment to qualify).
_BOUND_ASKED = re.compile(r"(?:多少|几)[^，,。？?]{0,5}(?:以上|以下|以内)|门槛|起点|\bthreshold\b|\bminimum\b|"
                          r"(?:超过|达到|满|不低于|低于|不少于|少于|高于)(?:多少|几)|"
                          r"\b(?:beyond|above|over|below|under|(?:more|fewer|less) than) how (?:many|much)\b|"
                          # (below what income, above what age; not under what conditions, over what period)
                          r"\b(?:below|above|under|over) what\b(?!\s+(?:conditions?|circumstances?|periods?|terms?|"
                          r"situations?|rules?|basis|kinds?|types?|grounds?|procedures?)\b)|"
                          r"\bat least how\b|\bhow (?:much|many|large|big) (?:\w+ )*?(?:at least|or more)\b", re.I)


def band_bound(question: str, sentence: str, start: int, end: int) -> bool:
    """The figure at ``start:end`` bounds a band that the words after it make a condition (10万元（不含）以下的…,
    10万元（含）至20万元（不含）的…), and the question states a quantity (a car of 150,000 yuan) and asks for no
    bound."""
    if _BOUND_ASKED.search(question) or not _stated_numbers(question):
        return False  # a question that states no quantity names no band: it may ask for a bound
    if _BAND_BOUND.match(sentence, end) or (_BOUNDED.search(sentence, start, end) and _RANGE_TOP.match(sentence, end)):
        return True  # 20万元以上的: the figure holds its 以上
    return _RANGE_TOP.match(sentence, end) is not None and \
        _RANGE_FROM.search(sentence, max(0, start - 16), start) is not None


# …连续务工3个月以上且月收入不低于2,000元的，给予一次性交通补贴: a figure that closes a 的 clause before a comma is
# what qualifies, not what is given.
_CONDITION_END = re.compile(r"\s*(?:[（(]\s*不?含\s*[)）])?\s*(?:及|或)?(?:以[上下内])?\s*的\s*[，,]")


def condition_figure(question: str, sentence: str, end: int) -> bool:
    """The figure ending at ``end`` closes a condition (月收入不低于2,000元的，给予…) and the question asks for no
    bound."""
    return not _BOUND_ASKED.search(question) and _CONDITION_END.match(sentence, end) is not None


# 对满意率连续两个季度低于85%的社区，由街道约谈: a bound, then 的 and what it sorts out, is who a rule is for, not the
# rate the text reports (群众满意率91.3%).
_BOUND_BEFORE = re.compile(r"(?:低于|高于|不足|超过|不低于|不高于|不少于|不超过|少于|多于|达到|未达到)\s*$")
# …opened as a category (对…, 凡…), not a benchmark the reported value is set against (失业率为5.1%，低于5.5%的预期目标;
# 高于8.1%的全省平均水平).
_CATEGORY_OPEN = re.compile(r"(?:^|[，,；;。：:\s])(?:对于?|凡|将|把)[^，,；;。]{0,24}$")
_SORTED_OUT = re.compile(r"\s*(?:以[上下])?的(?![^，,；;。]{0,8}(?:目标|标准|水平|平均|要求|预期|指标|红线|上限|下限))"
                         r"[\u4e00-\u9fff]{1,8}[，,]")


def category_bound(question: str, sentence: str, start: int, end: int) -> bool:
    """The figure at ``start:end`` bounds a category (低于85%的社区，…) and the question asks for no bound, whatever
    words of the question its clause names."""
    return not _BOUND_ASKED.search(question) and _BOUND_BEFORE.search(sentence, max(0, start - 6), start) is not None \
        and _SORTED_OUT.match(sentence, end) is not None and _CATEGORY_OPEN.search(sentence, 0, start) is not None


_SCALED_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(?![\d.,])\s*(万|亿|million\b|thousand\b)?", re.I)
_QUANTITY = re.compile(r"\d+(?:\.\d+)?")  # one decimal point: 2024.12.31 is a date, no quantity


@lru_cache(maxsize=1024)
def _stated_numbers(question: str) -> frozenset[str]:
    """The quantities a question states (not its years, not the numbers that label a thing); read once per
    question, not once per figure of its candidates."""
    stated: set[str] = set()
    for m in _SCALED_NUMBER.finditer(_LABEL_NUMBER.sub(" ", question)):
        digits = m.group(1).replace(",", "")
        if _QUESTION_YEAR.fullmatch(digits) or not _QUESTION_NUMBER.fullmatch(m.group(1)):
            continue
        stated.add(digits)
        # An English question writes yuan in full (above 300,000 yuan, 1.5 million yuan); the text in 万 (超过30万元).
        if not _QUANTITY.fullmatch(digits):
            continue
        value = float(digits) * SCALE[m.group(2) and m.group(2).lower()]
        if value >= 1e4 and m.group(2) not in ("万", "亿"):
            stated.add(f"{value / 1e4:g}")
    return frozenset(stated)


def asked_years(question: str) -> list[str]:
    """The years a question names (2024年, in 2025), each once, in order."""
    return list(dict.fromkeys(_QUESTION_YEAR.findall(question)))
