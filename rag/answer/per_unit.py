"""Rates per unit: which unit a figure is per (每株, 人均, 200元/亩, 每车每年) and which a question asks per.

每株补助20元；…每亩补助药剂款30元: a question about the rate per tree wants the figure the text marks per tree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text.asked import GDP_ASKED, RATIO_ASKED
from rag.text.figures import FigureKind, find_figures

# 每株补助20元；…每亩补助药剂款30元: a question about the rate per tree (每株, for each tree) wants the figure
# the text marks per tree, not the one per mu. Chinese writes the measure word after 每 (or 人均, 户均, 单户);
# English names the noun after per/each/every, which maps to the measure words that count it.
_PER_ZH = re.compile(r"(?:每|单)(平方米|公里|课时|[\u4e00-\u9fff])|([人户亩])均|/\s*(平方米|公里|[\u4e00-\u9fff])")
# The counted noun may follow a word or two that qualify it (per rural passenger vehicle).
_PER_EN = re.compile(r"\b(?:per|each|every|a single)[\s-]+((?:[a-z-]+\s+){0,2}[a-z]+)", re.I)
_EN_MEASURES = {
    "tree": "株棵", "trees": "株棵", "plant": "株", "seedling": "株", "mu": "亩", "hectare": "公顷",
    "person": "人名", "capita": "人", "head": "人头", "resident": "人", "participant": "人名", "trainee": "人名",
    "worker": "人名", "farmer": "人户", "employee": "人名", "household": "户", "family": "户", "home": "户",
    "pupil": "生人名", "student": "生人名", "child": "生人名", "company": "家户个", "enterprise": "家户个",
    "firm": "家户个", "business": "家户个", "project": "项个", "school": "所校", "village": "村个",
    "vehicle": "辆台车", "car": "辆台车", "bus": "辆台车", "bed": "床张", "lesson": "课时节", "class": "课时节",
    "day": "天日", "month": "月", "year": "年", "ton": "吨", "tonne": "吨", "kilometre": "公里",
    "kilometer": "公里", "km": "公里", "item": "项件", "visit": "次", "patent": "件项", "pig": "头",
    "cow": "头", "cattle": "头", "bull": "头", "ox": "头", "yak": "头", "sheep": "只头", "goat": "只头",
    "square": "平方米", "site": "个处", "station": "个座", "unit": "个套台", "machine": "台套", "device": "台套",
    "member": "人名", "crew": "人名", "fisherman": "人名", "boat": "艘条船", "vessel": "艘条船", "ship": "艘条船",
    "parcel": "件单票宗块幅", "package": "件单票", "piece": "件台套", "order": "单",
    "soldier": "人名", "recruit": "人名", "teacher": "人名", "doctor": "人名", "graduate": "人名", "patient": "人名",
    "applicant": "人名",
}


def _per_units(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _PER_ZH.finditer(text)}


# Rates per thousand or ten thousand people (每千常住人口床位数, 每万人): English writes the number.
_PER_EN_NUMBER = re.compile(r"\bper\s+(?:(100|one hundred|hundred)|1,000|1000|one thousand|thousand|"
                            r"(10,000|10000|ten thousand))\b", re.I)


# A rate per year (annual, a year): 每年, not a one-off payment per vehicle.
_PER_YEAR_EN = re.compile(r"\bannual(?:ly)?\b|\b(?:per|each|every) year\b", re.I)
_PER_MONTH_EN = re.compile(r"\bmonthly\b|\b(?:per|each|every|a) month\b", re.I)


# A figure that a fund, an investment or a sum names (补贴资金4,600万元, 合计) is no rate per unit.
_AGGREGATE = re.compile(r"(?:资金|经费|总额|总投资|投资|合计|共计|累计|总计|(?<!公)共)[^，,；;。\d]{0,3}$")


@lru_cache(maxsize=1024)
def _asked_units(question: str) -> tuple[frozenset[str], ...]:
    """The units a question asks a rate per, each as the measure words that may write it; read once per question,
    not once per candidate figure."""
    # The head noun is the last (per rural school bus: a bus, not a school).
    nouns = (next((w for w in reversed(words.lower().split()) if w in _EN_MEASURES), "")
             for words in _PER_EN.findall(question))
    return tuple(frozenset(g) for g in [{m} for m in _per_units(question)] +
                 [set(_EN_MEASURES[w]) for w in nouns if w] +
                 [{"百" if m.group(1) else "万" if m.group(2) else "千"} for m in _PER_EN_NUMBER.finditer(question)] +
                 ([{"年"}] if _PER_YEAR_EN.search(question) else []) +
                 ([{"月"}] if _PER_MONTH_EN.search(question) else []))


def _rate_units(question: str) -> list[frozenset[str]]:
    """The units a question asks a rate per, periods aside (每年, monthly)."""
    return [g for g in _asked_units(question) if not g <= {"年", "月"}]


def _marks(lead: str, after: str) -> set[str]:
    """The units a figure is marked per: in the words before it (每株, 人均) or right after it (200元/亩)."""
    return _per_units(lead) | _per_units(after[:4] if after.startswith("/") else "")


def total_for_rate(question: str, lead: str, after: str) -> bool:
    """The question asks for a rate per a unit other than a period (the price per square metre, 每亩补助多少) and the
    figure is a sum that a fund or an investment names (计划总投资10.86亿元), marked per no unit: no answer."""
    groups = _rate_units(question)
    # The most a single business can get: a cap on one's total (同一经营主体年度奖补总额不超过100万元) is per business.
    capped = _CAP_ASKED.search(question) and _CAP_WRITTEN.search(lead)
    return bool(groups) and not _marks(lead, after) and bool(_AGGREGATE.search(lead)) and not capped


def marked_as_asked(question: str, lead: str, after: str) -> bool:
    """The question asks for a rate per a unit other than a period (每亩赔了多少钱, the price per square metre) and
    the figure is marked per every unit it asks (去年每亩赔款142.8元, 200元/亩)."""
    groups = _rate_units(question)
    marks = _marks(lead, after)
    return bool(groups) and all(any(a in m or m in a for a in group for m in marks) for group in groups)


_CAP_ASKED = re.compile(r"最高|最多|上限|封顶|不超过|\b(?:most|maximum|max|cap|ceiling|limit|up to)\b", re.I)
_CAP_WRITTEN = re.compile(r"(?:同一|单个|单一|每个|每家|每户)[\u4e00-\u9fff]{0,16}$")


# A question about a sum paid out or in total (实际发放了多少, how much was paid out in total).
_TOTAL_ASKED = re.compile(r"实际发放|共发放|累计发放|一共|共计|总共|合计|总额|总计|累计(?:发放|安排|投入|支出)|"
                          # (not a balance sheet's indicator: total assets, 资产总额)
                          r"\bin total\b|\baltogether\b|\btotal\b(?!\s+(?:assets|liabilities|debts?|equity))|"
                          r"\bpaid out\b|\bpay out\b|\bdisbursed?\b|"
                          r"\ball told\b", re.I)


def rate_for_total(question: str, lead: str, after: str) -> bool:
    """The question asks for a sum paid or in total and per no unit (天津市2023年实际发放了多少资助资金) and the figure
    is a rate per a unit other than a period (每项资助10万元): the passage states the standard, not the sum."""
    return bool(_TOTAL_ASKED.search(question)) and not _asked_units(question) and \
        bool(_marks(lead, after) - {"年", "月"})


def per_unit_match(question: str, lead: str, after: str) -> float:
    """0.5 when the per-unit marks around a figure (每株, 人均, 200元/亩, 每车每年) are all those the question asks
    per (每株, for each tree; annual … per vehicle), less for some of them; -0.5 when they mark other units; 0 when
    either says nothing per unit."""
    groups = _asked_units(question)
    marks = _marks(lead, after)
    if groups and not marks and _AGGREGATE.search(lead):
        return -0.25  # 安排补贴资金4,600万元 is the fund, not the rate per head asked
    if not groups and "人" in marks and GDP_ASKED.search(question):
        return -0.5  # 人均地区生产总值45,186元 is not the GDP asked: a figure per head is another indicator
    if not groups or not marks:
        return 0.0
    met = sum(any(a in m or m in a for a in group for m in marks) for group in groups)
    return 0.5 * met / len(groups) if met else -0.5


# 每80名寄宿生配备1名生活教师: a staffing ratio, the figure after it is per that many, not a count of the whole.
_RATIO_LEAD = re.compile(r"(?:每|按)\s*[\d,.]+\s*[\u4e00-\u9fff]{1,10}?(?:配备|配置|配齐|设置|设立|安排|配|设)\s*"
                         r"(?:不少于|不低于|至少)?$")


def ratio_count(question: str, lead: str) -> bool:
    """The figure states a ratio (每80名寄宿生配备1名) and the question asks per no unit: how many teachers there are is
    not the one per 80 boarders."""
    return bool(_RATIO_LEAD.search(lead)) and not _asked_units(question) and not re.search(r"每|\bper\b|\bfor every\b",
                                                                                           question, re.I)


# The ratio of urban to rural incomes (城乡居民收入比, 之比由1.98缩小到1.94): a bare number after a ratio word, not a
# percentage.
_RATIO_WORD = re.compile(r"之比|比值|倍差|(?<=[\u4e00-\u9fff])(?<![同环占对相评年期末底])比(?=由|从|为|是|达)")
_BARE = re.compile(r"\d+(?:\.\d+)?")
_RATIO_LEAD_CHARS = 16
_TO_ONE = re.compile(r"\s*[∶:]\s*1(?![\d.])")  # 5.45∶1


def asks_ratio(question: str) -> bool:
    return bool(RATIO_ASKED.search(question))


def stated_ratio(lead: str, figure: str, after: str = "") -> bool:
    """A bare number (1.94) whose clause before it names a ratio (城乡居民人均可支配收入之比由上年的1.98缩小到) or that
    is written to one (5.45∶1)."""
    return bool(_BARE.fullmatch(figure)) and bool(_RATIO_WORD.search(lead) or _TO_ONE.match(after))


def states_ratio(text: str) -> bool:
    """Whether ``text`` states a ratio: a bare number so named or written (1.94, 5.45∶1), or a percentage right after a
    ratio word (资产负债比为45%)."""
    for figure in find_figures(text):
        lead = text[max(0, figure.start - _RATIO_LEAD_CHARS) : figure.start]
        if stated_ratio(lead, figure.text, text[figure.end : figure.end + 4]) or \
                (figure.kind == FigureKind.PERCENT and _RATIO_WORD.search(lead)):
            return True
    return False
