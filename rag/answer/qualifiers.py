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
from rag.answer.changes import CHANGE_ASKED, CHANGE_MARK, asks_old, is_old, old_value, predecessor, successor
from rag.answer.context import plan_year, section_years, uncompared, without_source, years_in
from rag.answer.dates import date_role
from rag.answer.levels import level_match
from rag.answer.per_unit import per_unit_match
from rag.answer.stated import asked_years, other_condition, stated_condition
from rag.answer.wholes import whole_of_part
from rag.text.figures import Figure, find_figures

# A year heads its sentence and covers the clauses after it (2017年…安排资金4840万，带动企业研发投入6.4亿元).
_YEAR_LOOK_BACK = 56
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

# A negated label (不合格, 未达标, 非税, 未完成), not a bound (不低于, 不超过) nor 不断, 未来 …; a negating question.
_NEGATED = re.compile(r"(?:不|未|非)(?!动产|低于|超过|少于|高于|足|到|得|再|仅|断|同|但|是|会|能|可|予|作|在|来|久|必)"
                      r"[\u4e00-\u9fff]")
_NEGATION_ASKED = re.compile(r"\b(?:fail(?:ed|s|ing)?|not|non|never|unqualified|unsuccessful|unresolved|unpaid|"
                             r"unfinished|incomplete|rejected|refused)\b", re.I)

# (what the question asks, how the text marks the figure, characters before the figure the mark must end in;
# 0: anywhere in the words leading to the figure, see ``_lead``)
# What share of the polluted days: not a figure its label states as a change (臭氧平均浓度同比上升3.5%).
_SHARE_ASKED = re.compile(r"\bwhat (?:share|proportion|percentage|part) of\b|占比|比重|占[^，,。？?]{0,12}?(?:多少|几)",
                          re.I)
_MARKED = ((_TOTAL_ASKED, _TOTAL_MARK, 8), (_CAP_ASKED, _CAP_MARK, 6), (_CUMULATIVE_ASKED, _CUMULATIVE_MARK, 0),
           (_FLOOR_ASKED, _FLOOR_MARK, 0), (_TARGET_ASKED, _TARGET_MARK, 0), (_PART_ASKED, _PART_MARK, 5))
_AVERAGE_ASKED = re.compile(r"平均|\baverage\b|\bon average\b", re.I)
_AVERAGE_MARK = re.compile(r"平均|[人户亩年日月季周]均|均值|均价")  # 季度均价, 月均价: an average price
_LEAD_CHARS = 12
_PAUSES = "，,；;。：:！？!?"
_LEAD_STOP = re.compile(rf"[\d{_PAUSES}]")
# Numbers a question states as conditions (200亩以上, at least 500 tonnes); years are not conditions.
_NOT_ITS_YEAR = ("比", "较", "由", "从")  # the character before a year word of a comparison or an old value
_OLD_VALUE_YEAR = ("由", "从")  # …of the old value itself (由2023年底的22.5%提高到…: 22.5% is of 2023)
_PLAN_RELATIVE = re.compile(r"今年|本年|明年")
_EXPLICIT_YEAR = re.compile(r"(?:19|20)\d{2}")
# 比去年的15起: the figure after 比/较 + year + 的 is that year's value (the base of the comparison, stated).
_BASE_VALUE = re.compile(r"\s*度?(?:底|末)?的")  # 比2025年度的380元: the base is that year's value
_DATED = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")
_YEAR_WORD = re.compile(r"(?:19|20)\d{2}\s*年?|前年|去年|上年|上一年|今年|本年|当年|明年")



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


def _own_year(sentence: str, end: int, years: set[str], base: int | None) -> bool:
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
    before = sentence[max(0, start - _YEAR_LOOK_BACK) : start]
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
    if opening and start > _YEAR_LOOK_BACK and not _YEAR_WORD.search(sentence, opening.end(), start):
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
    window = sentence[max(0, anchor - _YEAR_LOOK_BACK) : anchor]
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
    elif old_value(question, sentence, start, end) and not (asked & years and _own_year(sentence, end, years,
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
    score += negation_match(question, leads[0]) + scale_match(question, sentence, start)
    if change_for_share(question, sentence, start):
        score -= 0.5  # a change is no share (unless the share asked is of one: 新增贷款中涉农贷款占比)
    if _SPENT_ASKED.search(question) and not _BUDGET_ASKED.search(question):
        opened = max((m.end() for m in _CLAUSE_OPEN.finditer(sentence, 0, start)), default=0)
        if _BUDGET_MARK.search(sentence, opened, start) and not _DONE_MARK.search(sentence, opened, start):
            score -= 1.0  # as wrong as an old value
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
    elif other_condition(question, sentence, end):
        score -= 0.5
    else:
        score += 0.5 * band_match(question, sentence, start)
    score += 0.5 * tier_match(question, sentence, start)
    return score + date_role(question, sentence, start, end) + ordinal_match(question, sentence, start)


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
