"""What a question itself states: the quantities of its conditions (200亩以上, of at least 500 tonnes,
首次突破5000万元), the condition it opens with (对名单有异议的，…), and the years it names. A figure that is
one of these, or that stands where such a condition stands, is the question's condition, not its answer
(rag.answer.qualifiers)."""

from __future__ import annotations

import re
from functools import lru_cache

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
    before = sentence[max(0, start - _CONDITION_LOOK_BACK) : start]
    numbers = _stated_numbers(question)
    clause = _CONDITION_CLAUSE.search(question)
    # 日均就餐不足30人次的 is the band below 30: it meets a question about fewer than 30, not one about 30 to 49.
    below = _BELOW_ASKED.search(question) is not None
    return any(m.group().replace(",", "") in numbers and (below or not _BELOW.search(before, 0, m.start()))
               for m in _QUESTION_NUMBER.finditer(before)) or \
        (clause is not None and f"{clause.group(1)}的" in before)


_BELOW = re.compile(r"(?:不足|低于|少于|未满|不到|未达到?)\s*$")
_BELOW_ASKED = re.compile(r"不足|低于|少于|未满|不到|以下|\b(?:under|below|less than|fewer than)\b", re.I)


# Numbers that label a thing rather than state a quantity: 小（2）型, class (2), proposal No. 0526, 第372号.
_LABEL_NUMBER = re.compile(r"[（(]\s*\d{1,2}\s*[)）]|\bNo\.?\s*\d+|第\s*\d+\s*号", re.I)


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


@lru_cache(maxsize=1024)
def _stated_numbers(question: str) -> frozenset[str]:
    """The quantities a question states (not its years, not the numbers that label a thing); read once per
    question, not once per figure of its candidates."""
    return frozenset(n.replace(",", "") for n in _QUESTION_NUMBER.findall(_LABEL_NUMBER.sub(" ", question))
                     if not _QUESTION_YEAR.fullmatch(n))


def asked_years(question: str) -> list[str]:
    """The years a question names (2024年, in 2025), each once, in order."""
    return list(dict.fromkeys(_QUESTION_YEAR.findall(question)))
