"""Which figure of a sentence a question means: its level, its year, and the parts of a two-part question.

Official sentences hold several figures of one kind: the city's rate and, in brackets, the national
and provincial ones (达到3.61%，高于全国（2.58%）、全省（2.31%）); last year's and this year's funds.
The words just before a figure say which it is. A question that names a level (全国, 省级,
national) or a year (2023年, 去年) wants the figure those words qualify; a question that names no
level wants the document's own figure, not a bracketed comparison; the figure after 由/从 is the old
value (由10%降至2.5%). A question that asks two things
(投入多少资金，支持多少户企业) gets one figure for each part.
"""

from __future__ import annotations

import re

from rag.answer.bands import band_match, tier_match
from rag.answer.changes import CHANGE_ASKED, CHANGE_MARK, asks_old, is_old, old_value, predecessor
from rag.answer.dates import date_role
from rag.answer.document_years import plan_year, section_years, uncompared, without_source, years_in
from rag.answer.figure_years import YEAR_LOOK_BACK, figure_years, own_year, part_of_year, year_anchor
from rag.answer.levels import level_match
from rag.answer.per_unit import per_unit_match
from rag.answer.sides import negation_match, ordinal_match, scale_match
from rag.answer.stated import asked_years, other_case, other_condition, stated_condition
from rag.text.figures import Figure, FigureKind, find_figures

# 一共/合计 in a question asks for the total, which the text marks the same way.
_TOTAL_ASKED = re.compile(r"一共|总共|合计|共计|总计|总额|总数|累计|\bin total\b|\baltogether\b|\btotal\b|"
                          r"\bcombined\b|\ball told\b", re.I)
# 总数由上年的38个增加到62个: the total's old value, and through it its new one.
# 共 before the verb and its object (本次考核共发现问题186处) marks the total too.
# Not a batch (共下达首批资金800万元: the first batch's).
TOTAL_VERB = (r"共(?:发现|排查|检查|受理|办理|查处|整改|完成|开展|实施|安排|投入|下达|拨付|发放|救助|帮扶|培训|"
              r"接待|认定|审核|收到|征集|计?有)(?![首第]\S?批)[\u4e00-\u9fff]{0,4}\s*$")
_TOTAL_MARK = re.compile(rf"(?:合计|共计|总计|总额|总数|累计|共|总)[为达是]?(?:由(?:上年|去年|原来|年初)?的?)?\s*$|"
                         rf"{TOTAL_VERB}")
# A question about the most, the cap (最高, 上限, at most) wants the figure the text caps with 不超过/最高.
_CAP_ASKED = re.compile(r"最高|最多|上限|封顶|不超过|\bmost\b|\bmaximum\b|\bcap\b|\bceiling\b|\blimit\b|"
                        r"\bup to\b|\blargest\b|\bhighest\b", re.I)
# (最迟不超过2026年3月31日 is a deadline, not a cap.)
_CAP_MARK = re.compile(r"(?<!最迟)(?<!最晚)(?:不超过|不高于|最高|最多|上限为?|封顶|最高不超过)\s*$")
_CAP_FIGURE = ("不超过", "不高于")  # the figure's own qualifier (rag.text.figures)
# A question about the running total (累计, 到目前为止, so far) wants the figure the text marks as cumulative
# (目前已累积培训1750人), not the latest round's; one about the floor (最低, 不少于, minimum, at least) wants
# the figure written after 不少于/不低于 (不少于专项资金资助额度的50%). The mark may stand a few words before
# the figure, within its clause.
_CUMULATIVE_ASKED = re.compile(r"累计|累积|至今|迄今|目前为止|截至目前|\bso far\b|\bto date\b|\bcumulative", re.I)
_CUMULATIVE_MARK = re.compile(r"累计|累积|至今|迄今|截至目前")
# (at least 500 tonnes, 不少于200亩 state a condition: rag.answer.stated.stated_condition.)
_FLOOR_ASKED = re.compile(r"(?:最低|最少|至少|不少于|不低于|下限|保底|\bminimum\b|\bat least\b|\blowest\b|\bfloor\b)"
                          r"(?!\s*\d)", re.I)
_FLOOR_MARK = re.compile(r"不少于|不低于|不得低于|至少|最低|最少|下限")
# A question about a target (目标, 力争, target, goal) wants the figure the text sets with 力争/目标/确保
# (力争高新技术企业突破14,500家), not the year's actual figure written beside it.
_TARGET_ASKED = re.compile(r"目标|力争|争取|预期|\btargets?\b|\bgoals?\b|\baims?\b|\baiming\b", re.I)
_TARGET_MARK = re.compile(r"力争|目标|争取|确保|预期|预计")
_PLAN_SECTION = re.compile(r"计划|打算|要点|思路|目标|安排")
_DONE_SECTION = re.compile(r"完成|成效|回顾|情况|成绩")  # 目标任务完成情况: what was achieved
# …actually built, as opposed to the target: the question names the target to set it aside.
# What was spent (spend, 实际支出) is not what was budgeted (其中基本支出预算1,190.25万元, 年初预算…其中…): a figure
# whose clause says 预算 and says nothing of what was done is the budget.
_SPENT_ASKED = re.compile(r"\bspen[dt]\b|\bspending\b|\bexpended\b|实际支出|决算|花了", re.I)
_BUDGET_ASKED = re.compile(r"预算|\bbudget", re.I)
_BUDGET_MARK = re.compile(r"预算")
_DONE_MARK = re.compile(r"实际|决算|执行率|完成")
_SPENT_MARK = re.compile(r"实际|决算|结余|结转")  # (基本支出, 项目支出: a budget's own parts)
# …unless the question asks for one of them, or for revenue (预算结余, the budget balance carried over, 预算收入).
_LEFT_ASKED = re.compile(r"结余|结转|执行|实际|收入|\b(?:balance|carr(?:y|ied) over|left|unspent|remain\w*|execution|"
                         r"actual\w*|revenue|income)\b", re.I)
_CLAUSE_OPEN = re.compile(r"[。；;]")
_BOUND_SIGN = re.compile(r"[≥≤＞＜>]\s*$")
_ACTUAL_ASKED = re.compile(r"实际|\bactual(?:ly)?\b|\bas opposed to\b|\brather than\b|\binstead of\b", re.I)
# A question about now (现在, 目前, now) or about what has been done (已建成多少, how many … has it set up) is not
# answered by a plan (年底前民宿数量达到360家).
_NOW_ASKED = re.compile(r"现在|目前|现有|已(?:经)?(?:建成|建立|设立|完成|达到)|\bnow\b|\bcurrently\b|\bat present\b|"
                        r"\btoday\b|\b(?:has|have)\s+(?:\w+\s+){0,3}(?:set up|built|established|completed|finished|"
                        r"created|opened)\b", re.I)
_PLAN_MARK = re.compile(r"力争|目标|确保|预期|预计|计划|年底前|年末前|将达到")  # not 争取: 争取到 is secured
# A question about a part of a whole (资金里有多少用于…, 其中多少, how much of it) wants the figure the text
# writes after 中/其中 (安排的5.2亿元省级资金中，有2.1亿元用于…), not the whole before it.
_PART_ASKED = re.compile(r"(?:[中里]|其中)[，,]?\s*(?:有|的)?\s*(?:多少|几)|\bof which\b|"
                         r"\bhow (?:much|many) of (?:that|it|this|these|those|them)\b|"
                         r"^\W*of (?:the|its|their|this|that|these|those)\b[^?]{0,120}?,\s*how (?:much|many)\b", re.I)
_PART_MARK = re.compile(r"(?:中|其中)[，,]?\s*(?:有|的)?\s*$")
# 人均体育场地面积3.05平方米 beside 场地面积1.28亿平方米: a per-capita figure answers a per-capita question only.
_PER_HEAD_ASKED = re.compile(r"人均|每人|户均|\bper (?:capita|person|head|resident|inhabitant)\b", re.I)
_PER_HEAD_MARK = re.compile(r"人均|每人|户均")

# What share of the polluted days: not a figure its label states as a change (臭氧平均浓度同比上升3.5%).
_SHARE_ASKED = re.compile(r"\bwhat (?:share|proportion|percentage|part) of\b|占比|比重|占[^，,。？?]{0,12}?(?:多少|几)",
                          re.I)
# (what the question asks, how the text marks the figure, characters before the figure the mark must end in;
# 0: anywhere in the words leading to the figure, see ``_lead``)
_MARKED = ((_TOTAL_ASKED, _TOTAL_MARK, 8), (_CAP_ASKED, _CAP_MARK, 6), (_CUMULATIVE_ASKED, _CUMULATIVE_MARK, 0),
           (_FLOOR_ASKED, _FLOOR_MARK, 0), (_TARGET_ASKED, _TARGET_MARK, 0), (_PART_ASKED, _PART_MARK, 5))
_AVERAGE_ASKED = re.compile(r"平均|\baverage\b|\bon average\b", re.I)
_AVERAGE_MARK = re.compile(r"平均|[人户亩年日月季周]均|均值|均价")  # 季度均价, 月均价: an average price
_LEAD_CHARS = 12
_PAUSES = "，,；;。：:！？!?"
_LEAD_STOP = re.compile(rf"[\d{_PAUSES}]")
_PLAN_RELATIVE = re.compile(r"今年|本年|明年")
_EXPLICIT_YEAR = re.compile(r"(?:19|20)\d{2}")
_DATED = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")



def _clause_open(sentence: str, at: int) -> int:
    """Where the clause holding ``at`` opens: after the last pause before it (、 joins a list's items)."""
    return max((m.end() for m in _PAUSE.finditer(sentence, 0, at)), default=0)


_PAUSE = re.compile(f"[{_PAUSES}]")


# 季度均价每500克38.50元: a quantity the price is per is part of the words before the figure, not a figure.
_PER_MEASURE = re.compile(r"每\d+(?:\.\d+)?(?=(?:克|千克|公斤|斤|升|毫升|吨|平方米|立方米|米|亩|公里))")


def _clause_lead(sentence: str, start: int, old: Figure | None) -> str:
    """The words before a figure back to the previous number or pause, however long (平均每个乡镇（街道）配备专职
    人员3.05人); a change's new value (``old``: the value it replaces) has its old value's too (改造周期由平均6个月
    缩短到2.5个月)."""
    before = _PER_MEASURE.sub(lambda m: "每" + "#" * (len(m.group()) - 1), sentence[:start])
    lead = before[max((m.end() for m in _LEAD_STOP.finditer(before)), default=0) :]
    return lead if old is None else _clause_lead(sentence, old.start, predecessor(sentence, old.start)) + lead


def _lead(sentence: str, start: int) -> str:
    """The words before a figure back to the previous number or pause, at most a dozen characters."""
    before = sentence[max(0, start - _LEAD_CHARS) : start]
    return before[max((m.end() for m in _LEAD_STOP.finditer(before)), default=0) :]


def change_for_share(question: str, sentence: str, start: int) -> bool:
    """A change (比上季度下降41.3%) where the question asks a share and no change: no answer to it."""
    return bool(_SHARE_ASKED.search(question)) and bool(CHANGE_MARK.search(_lead(sentence, start))) and \
        not CHANGE_ASKED.search(question)


# The ends of a range (给予3,000元至30,000元奖励): the upper one is the most, the lower one the least; not a change's
# new value (由5,640元提高到5,880元), a destination or a deadline (下达资金500万元至12个县: the figures are of two
# kinds), nor a name (the minimum living allowance, 最低生活保障; 最多跑一次, 最高人民法院, the most recent).
_RANGE_TO = re.compile(r"\s*(?:至|到|~|～|—|－)\s*")
_NAMED_BOUND = re.compile(r"最低生活|最低工资|最多跑一次|最高人民|\bminimum (?:living|wage)|\bmost recent", re.I)


def range_end_match(question: str, sentence: str, start: int, end: int) -> float:
    """0.5 for the end of a range that a question about the most (or the least) asks for, -0.5 for the other end."""
    if _NAMED_BOUND.search(question):
        return 0.0
    cap, floor = _CAP_ASKED.search(question) is not None, _FLOOR_ASKED.search(question) is not None
    if cap == floor:
        return 0.0
    figures = find_figures(sentence)
    at = next((i for i, f in enumerate(figures) if f.start == start), None)
    if at is None:
        return 0.0
    kind = figures[at].kind
    if kind == FigureKind.DATE:  # a period (8月12日至8月18日) has a first and a last day, no most
        return 0.0
    lower = at + 1 < len(figures) and figures[at + 1].kind == kind and \
        _RANGE_TO.fullmatch(sentence, end, figures[at + 1].start) is not None
    upper = at > 0 and figures[at - 1].kind == kind and \
        _RANGE_TO.fullmatch(sentence, figures[at - 1].end, start) is not None
    if lower == upper:
        return 0.0
    return 0.5 if upper == cap else -0.5


def alignment(question: str, sentence: str, start: int, end: int, base: int | None,
              section: tuple[str, ...] = ()) -> float:
    """From -1 to 1: how well the words around a figure meet the question's level and year (the year its
    section heading names when its sentence names none: 一、今年工作总结 / 二、明年工作要点)."""
    old = predecessor(sentence, start)  # the old value this figure replaces, if it is a change's new value
    # …村级保洁员补贴由每人每月600元提高到800元: a new value is of its old value's level (not in a 分别 list, whose
    # items each have their own: 县级零工市场、乡镇零工驿站…分别由20万元、3万元提高到…).
    score = level_match(question, sentence, start, end) or \
        (level_match(question, sentence, old.start, old.end)
         if old is not None and "分别" not in sentence[_clause_open(sentence, old.start) : old.start] else 0.0)
    asked = years_in(uncompared(question), base)  # relative years (今年) included; not 比上年's
    # 今年起，…每套补贴由1.5万元调整为1.2万元: a new value is of its old value's year.
    # A date that writes the year asked (早稻保险于2025年3月31日前完成承保, asked about 今年) is of that year, though no
    # words before it say so; another year is no mismatch (the 2026 insurance is paid from 2025年9月1日).
    own = _DATED.match(sentence, start, end)
    years = figure_years(sentence, start, base) or ({own.group(1)} & asked if own else set()) or \
        (figure_years(sentence, old.start, base, False) if old else set())
    anchor = year_anchor(sentence, start)
    window = sentence[max(0, anchor - YEAR_LOOK_BACK) : anchor]
    if years and _PLAN_RELATIVE.search(window) and not _EXPLICIT_YEAR.search(window) and \
            (planned := plan_year(section)):
        years = {planned}  # 今年市级安排…3.60亿元 under 四、2025年工作安排 of a 2024 summary: 2025
    placed = years or (section_years(section, base) if asked else set())
    if asked and placed:
        score += 0.5 if asked & placed else -0.5
    elif base is not None and str(base) in asked_years(question):
        # Unplaced, a figure is likely of the year its document speaks from: a lead for 2021年 in the 2021 summary
        # over the 2022 summary's figure (which may review 2021), less than a figure whose words name the year.
        score += 0.25
    if asks_old(question):  # 原来是多少, … before?: the old value, not the new one
        score += 1.0 if is_old(sentence, start, end) else (-1.0 if old is not None else 0.0)
    elif old_value(question, sentence, start, end) and not (asked & years and own_year(sentence, end, years,
                                                                                             base)):
        score -= 1.0  # unless its year is the one asked and not its new value's too
    # A change's new value is marked where its old value is (单个项目最高补助由200万元提高到300万元: a cap).
    starts = (start,) if old is None else (start, old.start)
    leads = [_lead(sentence, at) for at in starts]
    score += 0.5 * sum(bool(asked_re.search(question) and any(
        mark.search(sentence[max(0, at - reach) : at] if reach else lead) for at, lead in zip(starts, leads,
                                                                                              strict=True)))
        for asked_re, mark, reach in _MARKED)
    # A target is stated under a plan's heading (四、2025年工作计划) though its own words mark none (…提高到60%).
    if _TARGET_ASKED.search(question) and not _ACTUAL_ASKED.search(question) and \
            not any(_TARGET_MARK.search(lead) for lead in leads) and \
            any(_PLAN_SECTION.search(h) and not _DONE_SECTION.search(h) for h in section):
        score += 0.5
    # A figure the text caps (累计不超过85万元) is what the cap question asks; asked what something gets, a near miss.
    if not _CAP_ASKED.search(question) and (_CAP_MARK.search(sentence[max(0, start - 6) : start])
                                            or sentence.startswith(_CAP_FIGURE, start)):
        score -= 0.5
    score += negation_match(question, leads[0]) + scale_match(question, sentence, start) + \
        range_end_match(question, sentence, start, end)
    if change_for_share(question, sentence, start):
        score -= 0.5  # a change is no share (unless the share asked is of one: 新增贷款中涉农贷款占比)
    if _SPENT_ASKED.search(question) and not _BUDGET_ASKED.search(question):
        opened = max((m.end() for m in _CLAUSE_OPEN.finditer(sentence, 0, start)), default=0)
        if _BUDGET_MARK.search(sentence, opened, start) and not _DONE_MARK.search(sentence, opened, start):
            score -= 1.0  # as wrong as an old value
    # …and the budget asked (how much was budgeted) is not what was spent or is left (实际支出…，结余资金233.28万元).
    elif _BUDGET_ASKED.search(question) and not _SPENT_ASKED.search(question) and \
            not _LEFT_ASKED.search(question) and \
            _SPENT_MARK.search(clause := sentence[_clause_open(sentence, start) : start]) and \
            not _BUDGET_MARK.search(clause):
        score -= 1.0
    # The plan may open a long clause (一是今年底前在全市新建镇(街)零工驿站12个).
    if (_NOW_ASKED.search(question) and not _TARGET_ASKED.search(question)
            and _PLAN_MARK.search(_clause_lead(sentence, start, None))):
        score -= 1.0  # as wrong as an old value
    per_head_asked, average_asked = _PER_HEAD_ASKED.search(question), _AVERAGE_ASKED.search(question)
    clause = _clause_lead(sentence, start, old) if per_head_asked is None or average_asked else ""
    if any(_PER_HEAD_MARK.search(lead) for lead in leads):  # 由每人1,500元提高到1,800元: per head too
        # Unasked, per head is a near miss, unless the figure is marked per the unit asked (每人每月 for monthly).
        unit = 0.0 if per_head_asked else per_unit_match(question, clause, sentence[end : end + 4])
        score += 0.5 if per_head_asked else (unit if unit > 0 else -0.5)
    elif per_head_asked is None:
        score += per_unit_match(question, clause, sentence[end : end + 4])
    if average_asked:  # an average is marked so (平均每个乡镇3.05人); a total is none
        score += 0.5 if _AVERAGE_MARK.search(clause) else -0.5
    # ≥3,000户 in a table of indicators is the target, beside the 3,126户 achieved: not what was actually done.
    if _ACTUAL_ASKED.search(question) and not _TARGET_ASKED.search(question) and _BOUND_SIGN.search(sentence, 0, start):
        score -= 0.5
    # 从今年7月起…补贴由每人每月600元提高到800元: the condition before the old value is its new value's too.
    if stated_condition(question, sentence, start) or (old is not None and stated_condition(question, sentence,
                                                                                               old.start)):
        score += 0.5
    elif other_condition(question, sentence, end) or other_case(question, sentence, start):
        score -= 0.5
    else:
        score += 0.5 * band_match(question, sentence, start)
    score += 0.5 * tier_match(question, sentence, start)
    return score + date_role(question, sentence, start, end) + ordinal_match(question, sentence, start)


def asks_part(question: str) -> bool:
    """资金里有多少用于…, 其中多少, how much of that: the question asks for a part of a whole."""
    return bool(_PART_ASKED.search(question))


def figure_year_mismatch(question: str, sentence: str, start: int, base: int | None) -> bool:
    """The question names one year and the words before the chosen figure name another (去年 in a
    reply of 2024 is 2023), or a part of a year (上半年, 去年同期, "五一"假期) when the question asks for a whole
    one, or a plan when the question asks about a year before the document's: the passage does not hold the asked
    year's figure."""
    # A question that names no year but a relative one (去年, last year) asks about that year of its document.
    # Not a year that names the document (…last year, according to its 2025 plan).
    own = without_source(question)
    asked = set(asked_years(own)) or (years_in(uncompared(own), base) if base is not None else set())
    years = figure_years(sentence, start, base)
    # A plan (力争全年接待游客突破380万人次) is no figure of a year before the document's.
    planned = len(asked) == 1 and base is not None and int(next(iter(asked))) < base and \
        bool(_PLAN_MARK.search(_lead(sentence, start)))
    return (len(asked) == 1 and bool(years) and not asked & years) or planned or part_of_year(question, sentence, start)
