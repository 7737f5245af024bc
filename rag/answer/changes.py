"""Old and new values: which figure of a change a question asks for.

Official sentences state changes: 由10%降至2.5%, 资金池规模已由设立之初的1.2亿元扩大到4.5亿元, 按照每生每年
600元的标准安排补助，自秋季学期起提高到每生每年800元. The figure before the change is the old value, which a
question rarely asks for unless it says so (原来, 此前, previous); rag.answer.qualifiers weighs it down and
rag.answer.labels gives the new value the old one's label.
"""

from __future__ import annotations

import re

from rag.text.figures import Figure, find_figures

_FROM = re.compile(r"(?:由|从|原来的|原为|原)\s*$")
# The base of a comparison (比去年的5.2亿元增加1.25亿元, 较上年同期的…) is last year's value, an old value too.
_COMPARED_WITH = re.compile(r"[比较](?:去年|上年|上一年|(?:19|20)\d{2}\s*年)度?(?:同期|末|底)?的?\s*$")
# 由设立之初的1.2亿元扩大至4.5亿元: 由/从 a few words before the figure and 至/到 just after it.
_FROM_FAR = re.compile(r"(?:由|从)[^\d，,；;。：:由从]{0,10}$")
_TO_AFTER = re.compile(r"^[^\d，,；;。]{0,6}?(?:至|到)")
# 给予每人每天50元的生活费补贴（原每人每天40元）: a bracket that opens with 原 holds the value the figure before it
# replaces.
# (Not 原则上, 原材料, 原址: 原 and at most what names the old standard, then the figure or its 每人每天.)
_OLD_BRACKET = re.compile(r"[（(]\s*原(?:来|先|标准|价格?)?的?(?:为|是)?(?:每[^（）()，,。；;\d]{0,6})?$")
_OLD_ASKED = re.compile(r"原来|原先|此前|以前|之前|调整前|\bfrom (?:what|how much)\b|previous|before|used to", re.I)
# A figure that a later change in its sentence replaces (提高到, 增加到, 压缩至 and a figure) is the old value too.
CHANGE_VERBS = "提高|增加|上调|调整|提升|扩大|延长|放宽|上升|增长|降低|下调|压缩|缩短|缩小|收窄|减少|下降|降|增|扩"
CHANGED_TO = re.compile(rf"(?:{CHANGE_VERBS})(?:到|至|为)")
# A label that states a change (新增有机茶园认证面积3200亩, 臭氧平均浓度同比上升3.5%), not a new level (提高到).
_CHANGES = "新增|增加|减少|增长|下降|提高|降低|净增|扩大|缩小|上升|上涨|下跌|回升|回落"
CHANGE_MARK = re.compile(rf"(?:{_CHANGES})(?![到至为值])")
# A question that asks for a change (增加了多少, how much did it fall), and so for a figure so labelled.
CHANGE_ASKED = re.compile(rf"{_CHANGES}|涨幅|降幅|跌幅|增幅|增量|多了|少了|变化|新建|新培育|新认定|"
                          r"\b(?:new|newly|added|increase[ds]?|grow|grew|growth|rise|rose|more|fewer|decrease[ds]?|"
                          r"drop(?:ped)?|fell|fall|declin\w*|reduc\w*|change[ds]?|gain(?:ed)?|additional|adds?|adding|"
                          r"extra|on top of|top(?:s|ped)?[ -]?up)\b|"
                          # by how much was that up on the year before (not: up to 30万元, set up)
                          r"\b(?:was|were|is|are|went|gone|been)\s+(?:(?:that|it|this|these|those|they)\s+)?(?:up|down)\b"
                          r"(?!\s+(?:to|and|for|against|front)\b)", re.I)
_CHANGE_REACH = 40
_OPTIONAL = re.compile(r"鼓励|支持|允许|可以|可")
_CHANGE_AFTER = re.compile(rf"^[^\d，,；;。]{{0,4}}?(?:{CHANGE_VERBS}|下降|上升|变为|改为)")


# A question (or one part of it) that asks for the old value itself: 原来是多少, how much … before?, previously.
# The old list, the previous provincial standard (not the old residential compounds: 老旧小区).
_OLD_NOUN = (r"lists?|catalogu?es?|directory|rules?|polic(?:y|ies)|schemes?|standards?|rates?|levels?|amounts?|caps?|"
             r"ceilings?|subsid(?:y|ies)|awards?|figures?|prices?|fees?|limits?|thresholds?|deductibles?|quotas?")
_ONLY_OLD_ASKED = re.compile(r"原来|原先|此前|以前|调整前|\bpreviously\b|\boriginally\b|\bused to\b|"
                             r"\bbefore\s*(?:[,?]|and\b|$)|"
                             r"\b(?:the|its|their) (?:old(?![- ]age\b)|previous|former|original) "
                             rf"(?:[a-z-]+ )?(?:{_OLD_NOUN})\b", re.I)
# A part of a two-part question that alone names last year (… target for 2025, and how many head last year?) asks for
# the value a change starts from (由去年的2.86万头增加到3.2万头).
_LAST_YEAR = re.compile(r"去年|上年|上一年|\blast year\b|\b(?:the )?(?:previous|prior) year\b|\bthe year before\b",
                        re.I)
# …but not in a comparison (比上年提高了多少, how much higher than last year): that asks for a change. (The English
# comparison names no year of a question's own either: rag.answer.document_years.names_relative_year.)
EN_COMPARED_YEAR = re.compile(r"\b(?:than|compared (?:with|to)|relative to|versus|vs\.?|against)\s+(?:the\s+)?"
                              r"(?:last|previous|prior)\s+year\b|\bthan the year before\b", re.I)
_COMPARED_YEAR = re.compile(rf"(?:比|较|与|同|和)(?:去年|上年|上一年)|{EN_COMPARED_YEAR.pattern}", re.I)


def old_value(question: str, sentence: str, start: int, end: int) -> bool:
    """由10%降至2.5%: the figure after 由/从 is the old value, which a question rarely asks for; so is a figure
    that a later change in its sentence replaces (…600元…，自秋季学期起提高到每生每年800元)."""
    return is_old(sentence, start, end) and not _OLD_ASKED.search(question)


def is_old(sentence: str, start: int, end: int) -> bool:
    """Whether the figure from ``start`` to ``end`` is the old value of a change in its sentence."""
    # 由58名专家组成 names who make it up: 由 opens an old value only when a change follows.
    changed = _TO_AFTER.search(sentence[end : end + 8]) or _CHANGE_AFTER.search(sentence[end : end + 8])
    after_from = _FROM_FAR.search(sentence[max(0, start - 12) : start]) and changed
    near = _FROM.search(sentence[max(0, start - 4) : start])
    near_from = near and (changed or not near.group().startswith(("由", "从")))
    compared = _COMPARED_WITH.search(sentence[max(0, start - 12) : start])
    bracketed = _OLD_BRACKET.search(sentence[max(0, start - 12) : start])
    return bool(near_from or after_from or compared or bracketed or superseded(sentence, end))


def asks_old(question: str) -> bool:
    """Whether the question (a part of one: …before, and how much now?) asks for the value before a change."""
    return bool(_ONLY_OLD_ASKED.search(question))


def _part_asks_old(part: str, other: str) -> bool:
    """One part of a two-part question asks for an old value: as a question would (``asks_old``), or naming last
    year where the other part does not."""
    if _AMOUNT_ASKED.search(part):
        return False  # 和去年相比增加了多少, how much more than the same period last year: the change
    part, other = _COMPARED_YEAR.sub(" ", part), _COMPARED_YEAR.sub(" ", other)
    return asks_old(part) or (_LAST_YEAR.search(part) is not None and _LAST_YEAR.search(other) is None)


def old_then_new(first_part: str, second_part: str, sentence: str, first: Figure, second: Figure) -> bool:
    """A two-part question asks for the value before a change and the value now (…before, and how much now?),
    and its two figures are the old and the new value of one change (由原来的每项20万元提高到30万元)."""
    old_first, old_second = _part_asks_old(first_part, second_part), _part_asks_old(second_part, first_part)
    old, new = (first, second) if old_first and not old_second else \
        (second, first) if old_second and not old_first else (None, None)
    return old is not None and successor(sentence, old.end) == new.start


# 比上年压减了多少钱, by how much did it fall: the amount of a change, not either value
# (…412.35万元，比上年428.60万元减少16.25万元: 16.25万元).
_AMOUNT_VERBS = "增加|减少|压减|压缩|下降|降低|增长|提高|节约|节省|节支|增收|减收"
_AMOUNT_ASKED = re.compile(rf"(?:比|较|相比|同比|与上年|和上年).{{0,16}}?(?:{_AMOUNT_VERBS}|多|少)了?多少|"
                           rf"(?:{_AMOUNT_VERBS})了多少|\bby how much\b|\bhow much (?:more|less|lower|higher)\b|"
                           r"基础上.{0,12}?多少|再(?:增加|提高|补助|补贴)多少|"
                           r"\bhow much\b[^?]{0,60}?\badds?\b[^?]{0,60}?\bon top of\b|"
                           r"\bhow much did\b[^?]{0,80}?\b(?:fall|drop|decrease|decline|shrink|go down|rise|increase|"
                           r"grow|go up)\b(?=[^\w?]*(?:\?|$)|"
                           r"\s+(?:compared|from|than|over|on|since|between|year|last)\b)|"
                           r"\bhow much (?:was|were|has|have|had)\b[^?]{0,60}?\b(?:cut|reduced|lowered|trimmed|"
                           r"increased|raised)\b(?=[^\w?]*(?:\?|$)|\s+(?:compared|from|than|over|on|since|by)\b)",
                           re.I)
_AMOUNT_LEAD = re.compile(rf"(?:{_AMOUNT_VERBS}|增|减|多|少)了?\s*$")


# …against a named base (比去年, 较上年同期, 与2024年相比), not 参与, 与乡政府签订 or 比照.
_COMPARED_BEFORE = re.compile(r"(?:比|较|同比|与)\s*(?:上一?年|去年|前年|年初|上月|上季度|上年同期|去年同期|"
                              r"(?:19|20)\d{2}\s*年)[^，,。；;]{0,10}$")


def compared_amount(question: str, sentence: str, figure: Figure) -> bool:
    """The figure is the amount of a change against a base (168名，比去年增加7名: 7名), and the question asks no amount
    of change: a part asked "of them" is none."""
    before = sentence[max(0, figure.start - 24) : figure.start]
    lead = _AMOUNT_LEAD.search(before)
    return lead is not None and not _AMOUNT_ASKED.search(question) and \
        _COMPARED_BEFORE.search(before, 0, lead.start()) is not None


def change_amount(question: str, sentence: str, figure: Figure) -> int:
    """For a question that asks by how much something changed: 1 for a figure right after a change verb (减少16.25万元),
    -1 for any other; 0 when the question asks no amount of change."""
    if not _AMOUNT_ASKED.search(question):
        return 0
    return 1 if _AMOUNT_LEAD.search(sentence[max(0, figure.start - 4) : figure.start]) else -1


# 调整前后分别是多少, the old and the new subsidies, before and after: both values of the change.
_BOTH_ASKED = re.compile(r"(?:调整|提高|降低|变化)前后|\bold and (?:the )?new\b|\bbefore and after\b|"
                         r"\b(?:previous|former) and (?:the )?(?:new|current)\b|(?:去年|上年)和(?:今年|本年)|"
                         r"\blast year'?s? and this year'?s?\b", re.I)


def one_change(question: str, first_part: str, second_part: str, sentence: str, first: Figure, second: Figure
               ) -> bool:
    """The two figures of a two-part answer are the old and the new value of one change (由1,000元…提高到1,200元),
    and the question asks for neither both values of a change nor an old value: its parts are two items."""
    if _BOTH_ASKED.search(question) or _part_asks_old(first_part, second_part) or \
            _part_asks_old(second_part, first_part):
        return False
    return successor(sentence, first.end) == second.start or successor(sentence, second.end) == first.start


def change_span(question: str, sentence: str, figure: Figure) -> tuple[int, int] | None:
    """From the old value to the new one of the change ``figure`` belongs to, when the question asks for both
    (调整前后分别是每立方米多少元 -> 1.85元调整为2.10元)."""
    if not _BOTH_ASKED.search(question):
        return None
    old = predecessor(sentence, figure.start)
    if old is not None:
        return old.start, figure.end
    new = _replacing(sentence, figure.end)
    return (figure.start, new.end) if new is not None else None


def superseded(sentence: str, end: int) -> bool:
    """A change to a new figure of its kind (提高到800元) follows the figure ending at ``end`` in its sentence,
    with no figure of its kind between (由90个工作日压缩到45个工作日 after it is another item's change)."""
    return successor(sentence, end) is not None


def predecessor(sentence: str, start: int) -> Figure | None:
    """The old value that a change replaces with the figure starting at ``start`` (600元 for the 800元 of
    …每生每年600元的标准…，自秋季学期起提高到每生每年800元): the new value is about what the old one's clause names."""
    return next((f for f in find_figures(sentence[:start]) if successor(sentence, f.end) == start), None)


def successor(sentence: str, end: int) -> int | None:
    """Where the figure that replaces the one ending at ``end`` starts (see ``superseded``), if any."""
    new = _replacing(sentence, end)
    return None if new is None else new.start


def _replacing(sentence: str, end: int) -> Figure | None:
    """The figure that replaces the one ending at ``end`` (offsets in ``sentence``), if any. In a change of a list
    (分别由2,600元、1,800元提高到3,000元和2,200元) the i-th old value becomes the i-th new one."""
    figures = find_figures(sentence)
    own = next((f for f in figures if f.end == end), None)
    if own is None:
        return None
    after = re.split(r"[。；;]", sentence[end : end + _CHANGE_REACH], maxsplit=1)[0]
    change = CHANGED_TO.search(after)
    # 不低于30%，鼓励…提高至50%: an encouraged or allowed higher level stands beside the rule; it replaces nothing.
    if change is None or _OPTIONAL.search(after[: change.start()]):
        return None
    kin = [f for f in figures if f.kind == own.kind]
    at = kin.index(own)
    olds = _listed(sentence, kin, at)
    later = [f for f in kin[at + 1 :] if f.start < end + change.start()]
    if len(later) != sum(f.start > own.start for f in olds):  # another figure of its kind before the change
        return None
    changed = end + change.end()
    first_new = next((i for i, f in enumerate(kin) if f.start >= changed), None)
    if first_new is None or kin[first_new].start - changed > 10:
        return None
    news = [f for f in _listed(sentence, kin, first_new) if f.start >= changed]
    if len(olds) == 1 or len(news) == 1:
        return news[0]
    return news[olds.index(own)] if len(news) >= len(olds) else None


# Each figure of a list may repeat its measure (每人每月870元、每人每年7,680元).
REPEATED_MEASURE = r"(?:每[^\d\s、，,；;。和及与]{1,4}?)*"
# …or names its item before (分别由一般县每人每年1.2万元、山区县每人每年1.5万元提高到…), after an enumeration's 、 only.
# The item may hold figures of other kinds (、4,500米以上地区每人每月1,200元).
# A label is no clause of its own: no change (、自2025年起提高到1,000元) and no part (、其中省级0.58亿元) in it.
_LIST_GAP = re.compile(rf"\s*[、，,和及与]\s*{REPEATED_MEASURE}|"
                       rf"、(?:(?!{CHANGE_VERBS}|其中)(?:[^\s、，,；;。：:]|(?<=\d),(?=\d))){{1,12}}?{REPEATED_MEASURE}")


def _listed(sentence: str, kin: list[Figure], at: int) -> list[Figure]:
    """The figures of one kind listed together around ``kin[at]`` (2,600元、1,800元; 3,000元和2,200元)."""
    lo = hi = at
    while lo > 0 and _LIST_GAP.fullmatch(sentence, kin[lo - 1].end, kin[lo].start):
        lo -= 1
    while hi + 1 < len(kin) and _LIST_GAP.fullmatch(sentence, kin[hi].end, kin[hi + 1].start):
        hi += 1
    return kin[lo : hi + 1]
