"""Items that are bands of a quantity (发票金额在10万元以下、10万元（含）至20万元、20万元（含）以上…分别补贴…;
年满70周岁不满75周岁、年满75周岁不满80周岁…分别增加…): a question that states a value (a car of 150,000 yuan,
retirees aged 75 to 79) names the band that holds it, though it writes none of the band's words."""

from __future__ import annotations

import math
import re

from rag.text.figures import ENGLISH_NUMBERS, chinese_number, find_figures

_NUMBER = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(万|亿|千|million\b|billion\b|thousand\b)?", re.I)
SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9, None: 1.0}
_BELOW = re.compile(r"以下|以内|之内|及以下|不满|不足|低于|未满|不超过|\bunder\b|\bbelow\b|\bless than\b", re.I)
_ABOVE = re.compile(r"以上|及以上|超过|高于|不低于|\bover\b|\babove\b|\bmore than\b|\bor (?:more|older|higher)\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_BEFORE_REACH, _AFTER_REACH = 3, 8  # 不满75周岁; 200马力（含）以上
# Small counts written in words: 四层至六层、七层及以上 (storeys, ages, children), a building of seven storeys.
_CN_COUNT = re.compile(r"(?<![一二三四五六七八九十两])([一二三四五六七八九十两]{1,3})"
                       r"(?=\s*(?:层|周岁|岁|孩|口人|人|户|间|栋))")
_EN_COUNT = re.compile(rf"\b({'|'.join(ENGLISH_NUMBERS)})\b(?=[\s-]+[a-z])", re.I)


def _values(text: str) -> list[float]:
    """The numbers of ``text`` in units (15万 -> 150000; 150,000 -> 150000; 30 million -> 30000000), years left
    out; where it writes no digits, the small counts it writes in words (七层及以上 -> 7, seven storeys -> 7)."""
    out = []
    for m in _NUMBER.finditer(text):
        digits = m.group(1).replace(",", "")
        if _YEAR.match(digits) and m.group(2) is None:
            continue
        out.append(float(digits) * SCALE[m.group(2) and m.group(2).lower()])
    if not out:
        out = [float(v) for m in _CN_COUNT.finditer(text) if (v := chinese_number(m.group(1))) is not None] or \
            [float(ENGLISH_NUMBERS[m.group(1).lower()]) for m in _EN_COUNT.finditer(text)]
    return out


def band(item: str) -> tuple[float, float] | None:
    """The range an item states: one number and 以下/以上 (10万元以下, 20万元（含）以上), or two (10万元（含）至20万元,
    年满75周岁不满80周岁: from the first up to the second)."""
    values = _values(item)
    if len(values) == 2 and values[0] < values[1]:
        return values[0], values[1]
    if len(values) == 1:
        # The words about the number, not a cap on the item's figure after it (200马力（含）以上拖拉机不超过…).
        number = _NUMBER.search(item)
        near = item[max(0, number.start() - _BEFORE_REACH) : number.end() + _AFTER_REACH] if number else item
        if _BELOW.search(near):
            return -math.inf, values[0]
        if _ABOVE.search(near):
            return values[0], math.inf
    return None


def named_band(items: list[str], question: str, partial: bool = False) -> list[int]:
    """The position of the one band that holds the values the question states, if every item is a band; with
    ``partial``, if two items at least are (parallel clauses may list other things after the bands: 200马力（含）以上
    拖拉机不超过30万元；水稻收获机不超过9万元)."""
    found = [band(item) for item in items]
    bands = [(i, b) for i, b in enumerate(found) if b is not None]
    if len(bands) < 2 or (not partial and len(bands) < len(items)):
        return []
    values = _values(question)
    held = {i for v in values for i, (lo, hi) in bands if lo <= v < hi or (v == hi == lo)}
    # 四层至六层 holds six: a value at a band's top that starts no other band belongs to it.
    held |= {i for v in values for i, (_, hi) in bands if v == hi and not any(lo == v for _, (lo, _) in bands)}
    return sorted(held) if len(held) == 1 else []


_PAUSE = re.compile(r"[，；;。：:！？!?]|(?<!\d),|,(?!\d)")  # not the comma of 5,000
# A range between two numbers (70—79周岁, 5,000元至1万元, 年满75周岁不满80周岁), or a bound (100周岁及以上).
_RANGE = re.compile(r"\d\s*[万亿千]?\s*[\u4e00-\u9fff]{0,3}?\s*(?:[（(]\s*不?含\s*[)）])?\s*"
                    r"(?:[—–\-~～至到]|不满)\s*\d")


def band_match(question: str, sentence: str, start: int) -> int:
    """1 when the words before a figure in its clause state a band (70—79周岁老人每人每月50元, 100周岁及以上老人…)
    that holds a value the question states (老人 of 90 to 99), -1 when it holds none of them (the figure is another
    band's), else 0."""
    values = _values(question)
    if not values:
        return 0
    lead = _lead(sentence, start)
    if not (_RANGE.search(lead) or _BELOW.search(lead) or _ABOVE.search(lead)):
        return 0
    found = band(lead)
    if found is None:
        return 0
    low, high = found
    return 1 if any(low <= v <= high for v in values) else -1


# A tier a Chinese question names (一档, 第二类, 三等): the words before the figure in its clause name the same one, or
# another (一档每生每年2,600元，二档每生每年2,000元 for 一档). Levels (一级, 二级) are rag.answer.levels'.
# (Not 第十一类's 一类, nor 同一类 or 三类人员: a kind, or a count of kinds.)
_TIER = re.compile(r"(?<![一二三四五六七八九十百\d同每这那])第?([一二三四五六七八九十])\s*(档|类|等|星级|阶梯)"
                   r"(?!人员|群体|对象|地区|问题)")


def tier_match(question: str, sentence: str, start: int) -> int:
    """1 when the figure's clause names the tier the question names; -1 when it names another, or none while the
    sentence names the asked one for another figure (平均资助标准为每生每年2,000元 beside 一档每生每年2,600元);
    else 0."""
    asked = set(_TIER.findall(question))
    if not asked:
        return 0
    named = {t for t in _TIER.findall(_lead(sentence, start)) if t[1] in {kind for _, kind in asked}}
    if not named:  # (a tier of a 分别 list's opening clause is its items', not another figure's)
        return -1 if any(asked & set(_TIER.findall(_lead(sentence, f.start))) for f in find_figures(sentence)) else 0
    return 1 if named & asked else -1


def _lead(sentence: str, start: int) -> str:
    """The words before ``start`` in its clause."""
    return sentence[max((m.end() for m in _PAUSE.finditer(sentence, 0, start)), default=0) : start]
