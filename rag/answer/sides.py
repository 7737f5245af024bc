"""Which side of a split a figure is on: its batch or phase (首批, 第二期), above or below a size threshold
(规模以上), passed or failed (不合格).

A sentence may state both sides of such a split one after the other; the nearest mark before a figure says which
side it is, and a question that names one side wants that side's figure.
"""

from __future__ import annotations

import re

# A negated label (不合格, 未达标, 非税, 未完成), not a bound (不低于, 不超过) nor 不断, 未来 …; a negating question.
_NEGATED = re.compile(r"(?:不|未|非)(?!动产|低于|超过|少于|高于|足|到|得|再|仅|断|同|但|是|会|能|可|予|作|在|来|久|必)"
                      r"[\u4e00-\u9fff]")
_NEGATION_ASKED = re.compile(r"\b(?:fail(?:ed|s|ing)?|not|non|never|unqualified|unsuccessful|unresolved|unpaid|"
                             r"unfinished|incomplete|rejected|refused)\b", re.I)

# 首批 / 第二批 / 第三期: an ordinal before a figure says which batch, round or phase it belongs to.
_ORDINAL = re.compile(r"(?:第([一二三四五六七八九十\d]+)|(首))\s*(批|期|轮|届|阶段)")


# English: the first batch, the second round; "were first allowed" names the first batch of any kind. Not
# the first half, quarter or time, which are periods.
_EN_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth)\b(?:[\s-]+(batch|round|phase|session|stage|group|cohort)"
                         r"|(?![\s-]+(?:half|quarter|time|year|month|week|day|class|tier|level|grade|prize)))", re.I)
_EN_NUMBERS = {"first": "一", "second": "二", "third": "三", "fourth": "四", "fifth": "五"}
_EN_ORDINAL_NOUNS = {"batch": "批", "group": "批", "cohort": "批", "round": "轮", "phase": "期", "stage": "阶段",
                     "session": "届"}


def _ordinals(text: str) -> list[tuple[str, str]]:
    return [("一" if m.group(2) else m.group(1).replace("1", "一"), m.group(3)) for m in _ORDINAL.finditer(text)]


def _asked_ordinals(question: str) -> list[tuple[str, str | None]]:
    """The question's ordinals; an English one without its noun (None) matches any batch or phase."""
    return _ordinals(question) + [(_EN_NUMBERS[m.group(1).lower()], _EN_ORDINAL_NOUNS.get((m.group(2) or "").lower()))
                                  for m in _EN_ORDINAL.finditer(question)]


def ordinal_match(question: str, sentence: str, start: int) -> float:
    """0.5 when the nearest batch or phase named before a figure in its sentence is the one the question
    names (第二批 … 合计2.4亿元), -0.5 when it is another (首批 … 1亿元), else 0."""
    asked = _asked_ordinals(question)
    found = _ordinals(sentence[:start])
    if not asked or not found:
        return 0.0
    number, unit = found[-1]
    return 0.5 if any(a == number and b in (unit, None) for a, b in asked) else -0.5


# Statistics split firms at a size threshold (规模以上工业企业, 限额以上批发零售企业) and state each side apart.
_SIZE = r"(?:the[- ])?(?:designated[- ])?(?:scale|size)\b"
_FIRMS = r"(?=企业|工业|服务业|单位|批发|零售|住宿|餐饮)"  # 规上企业, not 新规下 or 法规上
_ABOVE_SCALE_ASKED = re.compile(rf"规模以上|限额以上|规上{_FIRMS}|\babove[- ]{_SIZE}", re.I)
_BELOW_SCALE_ASKED = re.compile(rf"规模以下|限额以下|规下{_FIRMS}|\bbelow[- ]{_SIZE}", re.I)
_SCALE_MARK = re.compile(rf"(?:规模|限额)(以上|以下)|规(上|下){_FIRMS}")


def scale_match(question: str, sentence: str, start: int) -> float:
    """-0.5 when the question asks about the firms above a size threshold (规模以上, above-scale) and the nearest such
    mark before the figure in its sentence is the other side's (规模以下工业企业采用亩均税收（权重70%）), or the
    reverse; else 0 (the side asked may be what a sentence defines: 纳入规模以上工业企业统计，即…达到2,000万元)."""
    above, below = _ABOVE_SCALE_ASKED.search(question), _BELOW_SCALE_ASKED.search(question)
    if bool(above) == bool(below):
        return 0.0
    mark = next(reversed(list(_SCALE_MARK.finditer(sentence, 0, start))), None)
    if mark is None:
        return 0.0
    return 0.0 if ((mark.group(1) or mark.group(2)) in "以上上") == bool(above) else -0.5


def negation_match(question: str, lead: str) -> float:
    """0.5 when a figure's label and the question are both negated (监测不合格7家 for how many failed; 非税收入 for
    non-tax revenue), -0.5 when only one is (合格79家 for how many failed), else 0."""
    asked = bool(_NEGATION_ASKED.search(question) or _NEGATED.search(question))
    negated = bool(_NEGATED.search(lead))
    if not asked and not negated:
        return 0.0
    return 0.5 if asked == negated else -0.5
