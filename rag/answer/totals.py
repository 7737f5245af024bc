"""Questions about a total (总计, in total): which figure a text marks as one, by the word before it (合计, 总…) or
as the whole that the parts after its 其中 add up to."""

from __future__ import annotations

import re

from rag.answer.qualifiers import TOTAL_VERB, asks_part
from rag.answer.wholes import list_opening, listed_parts, whole_of_list, whole_of_part
from rag.text.figures import Figure, FigureKind, compatible, find_figures, measure_words, same_measure

# (An overall score, 综合得分, is no sum.)
_TOTAL_ASKED = re.compile(r"一共|总共|共计|合计|总计|总额|总数|总量|\b(?:total|combined|altogether|in all)\b|"
                          r"\boverall\b(?!\s+(?:scores?|ratings?|grades?|rank\w*|evaluation|assessment|results?))",
                          re.I)


def asks_total(question: str) -> bool:
    """The question asks for a total (一共, 合计, in total, combined)."""
    return _TOTAL_ASKED.search(question) is not None


# Of the total investment …, how much is the county putting in: the total names the whole of the part asked.
_OF_A_TOTAL = re.compile(r"\b(?:of|from|out of|within) (?:the|its|their|a) total\b|总\w{0,6}[中里][，,]", re.I)


def total_by_list(question: str, sentence: str, figure: Figure) -> float:
    """For a question about a total (总计, total): 1 when the figure is the whole that two or more parts after
    its 其中 add up to (本年收入预算52,684.36万元…其中：一般公共预算拨款收入44,906.21万元，…其他收入706.70万元),
    -1 when it is one of such parts; texts mark a total by its list as often as by 合计. Else 0."""
    if not asks_total(question) or asks_part(question) or _OF_A_TOTAL.search(question):
        return 0.0
    opening = list_opening(sentence, figure)
    if opening is not None:
        whole = whole_of_list(sentence, opening, figure.kind)
        return 1.0 if whole == figure and len(listed_parts(sentence, figure)) >= 2 else 0.0
    return -1.0 if whole_of_part(sentence, figure) is not None else 0.0


# A figure a text marks as a total by the word before it (收入合计36,842.57万元, 总投资1.86亿元, 共计…).
_TOTAL_BEFORE = re.compile(rf"(?:合计|[总共]计|累计|总[额数量共]|一共|总[\u4e00-\u9fff]{{0,3}}|共)[为是达约近]{{0,2}}$|"
                           rf"{TOTAL_VERB}")


def misses_total(question: str, texts: list[str], kind: FigureKind, unit: str | None = None) -> bool:
    """Whether a question about a total finds none in ``texts``: no figure of the kind asked is marked as one by
    the word before it (合计, 总…) or by the parts its 其中 lists (``total_by_list``); a passage a little further
    down may state it (本年度收入合计… while the best passages list 事业收入 and 其他收入). With ``unit``, only a total
    in that measure word counts (一共发现多少处问题: 共发现问题186处, not 共开展督查3轮)."""
    if not asks_total(question) or asks_part(question) or _OF_A_TOTAL.search(question):
        return False
    return not any(compatible(kind, f.kind) and (unit is None or same_measure(unit, f.text))
                   and (_TOTAL_BEFORE.search(text, max(0, f.start - 8), f.start)
                        or total_by_list(question, text, f) > 0)
                   for text in texts for f in find_figures(text))


# 38个监测品种中价格上涨的14个: the figure is the whole that a partition after it (…中…的14个) divides.
_PARTITION = re.compile(r"[\u4e00-\u9fff]{1,10}?中[，,]?(?:[^，,；;。\d]{1,16}?)的\s*[\d一二三四五六七八九十]")
# How many of the items rose: a part that the question picks out by what it did, not the whole.
_SUBSET_ASKED = re.compile(r"\bhow many of (?:the|its|their|these|those)\b|中(?:有|的)?(?:多少|几)", re.I)


def partition_whole(question: str, sentence: str, figure: Figure) -> bool:
    """The question asks how many of a whole did something (how many of the items rose) and the figure is that
    whole, divided by what follows it (38个监测品种中价格上涨的14个、持平的9个): it asks for a part."""
    return bool(_SUBSET_ASKED.search(question)) and _PARTITION.match(sentence, figure.end) is not None


# 抽检样品612批次，检验合格598批次，不合格14批次: the outcomes of a check split the whole just stated.
# (通过 alone is "through": 通过“人才新政”引进320人 is no outcome.)
_OUTCOME = re.compile(r"(?:不|未)?(?:合格|达标)|(?:审核|验收|审查|检测|评审)(?:未)?通过|"
                      r"(?:未)?通过(?:验收|审核|审查|检测|评审)")
_OUTCOME_ASKED = re.compile(r"合格|达标|通过|\b(?:pass(?:ed|es)?|fail(?:ed|s|ures?)?|qualified|unqualified|"
                            r"substandard|(?:non-?)?compliant|compliance|met|meet|up to standard|approv\w*|"
                            r"accept\w*|granted|reject\w*)\b", re.I)


def unasked_outcome(question: str, sentence: str, figure: Figure) -> bool:
    """The figure counts the checked things of one outcome (检验合格598批次) right after their whole in the same
    measure word (样品612批次), and the question asks for no outcome (how many samples were tested): the whole."""
    if figure.kind != FigureKind.COUNT or _OUTCOME_ASKED.search(question):
        return False
    before = [f for f in find_figures(sentence[: figure.start]) if f.kind == FigureKind.COUNT]
    if not before or not measure_words(figure) or measure_words(before[-1]) != measure_words(figure):
        return False
    return _OUTCOME.search(sentence, before[-1].end, figure.start) is not None


def whole_of_outcomes(question: str, sentence: str, figure: Figure) -> bool:
    """The question asks for an outcome (多少批次不合格, how many failed) and the figure is the whole checked, which the
    next count of its measure word splits by outcome (抽检1,024批次，检出不合格23批次): it asks for the outcome."""
    if figure.kind != FigureKind.COUNT or not _GRADED_ASKED.search(question) or not measure_words(figure):
        return False
    after = next((f for f in find_figures(sentence[figure.end :]) if f.kind == FigureKind.COUNT), None)
    if after is None or measure_words(after) != measure_words(figure):
        return False
    between = sentence[figure.end : figure.end + after.start]
    return _GRADED.search(between) is not None and _GRADED.search(sentence, 0, figure.start) is None and \
        not _SENTENCE_END.search(between)


_SENTENCE_END = re.compile(r"[。；;]")  # the outcomes of a check are listed within the whole's own sentence
# Passed or failed a standard (合格, 达标): not 通过 (through), 受理 (accepted) or compliance in general.
_GRADED = re.compile(r"(?:不|未)?(?:合格|达标)")
_GRADED_ASKED = re.compile(r"合格|达标|\b(?:pass(?:ed|es)?|fail(?:ed|s|ures?)?|(?:un)?qualified|substandard|"
                           r"non-?compliant)\b", re.I)


def outcome_part(part_question: str, sentence: str, whole: Figure, part: Figure) -> bool:
    """The second part of a question asks for an outcome (…, and how many of them failed?) and ``part`` counts the
    checked things of one outcome after their ``whole`` in its sentence (样品612批次，检验合格598批次，不合格14批次):
    every figure from the whole to the part in the whole's measure word, the part's own words an outcome."""
    if part.start <= whole.end or _OUTCOME_ASKED.search(part_question) is None or not measure_words(whole):
        return False
    between = [f for f in find_figures(sentence[whole.end : part.start]) if f.kind == FigureKind.COUNT]
    if any(measure_words(f) != measure_words(whole) for f in between) or measure_words(part) != measure_words(whole):
        return False
    lead = sentence[whole.end + (between[-1].end if between else 0) : part.start]
    return _OUTCOME.search(lead) is not None and not _SENTENCE_END.search(sentence, whole.end, part.start)
