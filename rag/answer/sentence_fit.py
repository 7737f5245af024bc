"""How well a sentence's form fits what a sentence question asks, beyond its similarity to the question.

Official replies end with a plan (下步工作：省财政厅将进一步…) that repeats the words of what was done,
so it scores as high as the sentence that says it; a question about what was done or who did it is not
answered by the plan. A question that asks for a number of members (which four ways, 哪三类) is answered
by the sentence that lists that many (R&D投入补贴、贷款贴息、上市融资奖励、贷款担保4种方式), not by one of the
numbered points (一是…). A question about the usual time of a recurring event (按照惯例, every year) is
answered by the recurring expression (每年5月第3周), not by the date of one occurrence (2023年5月20日). A
question about what a term means is answered by the sentence that defines it (…是指…). A numbered heading
names a topic; what is said under it answers a question about that topic.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from rag.text.asked import asks_definition
from rag.text.english import is_english
from rag.text.figures import ENGLISH_NUMBERS, chinese_number

if TYPE_CHECKING:
    from rag.answer.span import Sentence

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}

# A plan: the section of a reply that says what will be done next.
_PLAN_LEAD = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]?\s*)?"
                        r"(?:下一?步(?:工作|打算|计划)?|今后|下阶段)")
_ASKS_PLAN = re.compile(r"下一?步|今后|计划|打算|未来|将来|规划|将要|将会|将如何|将采取|拟|"
                        r"\b(?:plans?|planned|next|will|future|going to|intends?|upcoming)\b", re.IGNORECASE)

_COUNT_ASKED_ZH = re.compile(r"哪([一二三四五六七八九十两\d]{1,2})(?:种|类|个|项|方面|家|条|批|大|点)")
_COUNT_ASKED_EN = re.compile(r"\b(?:which|what(?: are the)?|the)\s+"
                             r"(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                             r"(?!years?\b|months?\b|days?\b)[a-z]", re.IGNORECASE)
# A definition (本细则所称专项资金，是指…; 种植大户是指…; 规模以上工业统计范围为…) answers a question about what a term
# means, though the question's other words may fit another sentence better.
_DEFINITION_MARK = re.compile(r"是指|系指|指的是|所称|界定为|定义为|范围为|范围是")
# A glossary line defines its term before a colon (全市通办：不受申请人户籍地和居住地限制，…的事项): the term a
# Chinese question writes, or one an English question quotes ('city-wide handling'), since its gloss is unknown.
_GLOSSARY = re.compile(r"^[\s　]*([\u4e00-\u9fff“”\"]{2,10})[：:][^：:]{8,}$")
_QUOTED_EN = re.compile(r"['‘\"“][A-Za-z][A-Za-z -]{2,40}['’\"”]")
# The term a definition defines (本方案所称老旧小区，是指…; 种植大户是指…).
_DEFINED = re.compile(r"所称([^，,。；;：:]{2,20}?)[，,]?\s*(?:是指|系指|指的是)|"
                      r"^([^，,。；;：:所]{2,20}?)(?:是指|系指|指的是)")
_ITEM_BREAK = re.compile(r"[，；;。：:！？!?]|(?<!\d),|,(?!\d)")

_RECURRING_ASKED = re.compile(r"惯例|每年|每届|历年|通常|一般在|往年|\b(?:usually|usual|every year|each year|annually|"
                              r"yearly|typically|normally|customarily|traditionally|convention)\b", re.IGNORECASE)
_N = r"[\d一二三四五六七八九十]{1,2}"
RECURRING = re.compile(rf"每(?:年|个?季度|个?月)(?:的)?(?:第?{_N}(?:月份?|季度))"
                       rf"(?:(?:第|最后一)[\d一二三四五六七八九十]周|[上中下]旬|[初底末]|{_N}日)?"
                       rf"(?:前|左右|至(?:次年|翌年)?(?:{_N}月)?(?:{_N}日)?)?")  # 每年10月1日至次年4月30日


def asks_plan(question: str) -> bool:
    return bool(_ASKS_PLAN.search(question))


def is_plan(sentence: str) -> bool:
    """A sentence that opens the plan of a reply (下步工作：…, 下一步，…, 今后…)."""
    return bool(_PLAN_LEAD.match(sentence))


def _number(word: str) -> int | None:
    return ENGLISH_NUMBERS.get(word.lower()) or chinese_number(word)


def count_asked(question: str) -> int | None:
    """How many members the question asks for (哪四种方式, which four ways), if it says."""
    match = _COUNT_ASKED_ZH.search(question) or _COUNT_ASKED_EN.search(question)
    return _number(match.group(1)) if match else None


def listed_counts(sentence: str) -> set[int]:
    """The lengths of the 、-separated lists of a sentence (甲、乙、丙和丁 lists four)."""
    counts = set()
    for clause in _ITEM_BREAK.split(sentence):
        if "、" in clause:
            items = clause.count("、") + 1
            tail = clause.rsplit("、", 1)[1]
            counts.add(items + 1 if re.search(r"[和及与]", tail) else items)
    return counts


def lists_count(sentence: str, n: int) -> bool:
    """The sentence lists n members: a 、-list of n items, or a list it says has n (…、贷款担保4种方式)."""
    counts = listed_counts(sentence)
    if n in counts:
        return True
    numerals = {str(n)} | {c for c, v in _CN_DIGITS.items() if v == n}
    return bool(counts) and any(re.search(rf"(?<![\d.]){re.escape(w)}(?:种|类|项|个|大|条|方面)", sentence)
                                for w in numerals)


def asks_recurring(question: str) -> bool:
    return bool(_RECURRING_ASKED.search(question))


def recurring_span(sentence: str) -> tuple[int, int] | None:
    """Where a sentence states a recurring time (每年5月第3周, 每季度第1个月), if it does."""
    match = RECURRING.search(sentence)
    return match.span() if match else None


def fit(question: str, sentence: str, plan_penalty: float, count_bonus: float) -> float:
    """What to add to a sentence's score for a sentence question."""
    adjust = 0.0
    if asks_definition(question) and _DEFINITION_MARK.search(sentence):
        adjust += count_bonus
        # 本方案所称老旧小区，是指…: the definition of the very term asked counts twice.
        if (term := _DEFINED.search(sentence)) and (term.group(1) or term.group(2)).strip("“”\"") in question:
            adjust += count_bonus
    elif asks_definition(question) and (glossed := _GLOSSARY.match(sentence)):
        if glossed.group(1).strip("“”\"") in question:
            adjust += 2 * count_bonus
        elif is_english(question) and _QUOTED_EN.search(question):
            adjust += count_bonus
    if is_plan(sentence) and not asks_plan(question):
        adjust -= plan_penalty
    n = count_asked(question)
    if n is not None and n > 1 and lists_count(sentence, n):
        adjust += count_bonus
    if (kind := organisation_asked(question)) and re.search(rf"[\u4e00-\u9fff]{{2}}(?:{kind})", sentence):
        adjust += count_bonus
    return adjust


# 哪家公司, which company: the question asks for an organisation of a kind, which the answering sentence names
# (…确定为河南某某数字科技有限公司), unlike the rule about the service its neighbours state.
_ORG_KINDS = {"公司": "公司|集团", "企业": "公司|企业|集团|厂", "银行": "银行", "医院": "医院|卫生院",
              "学校": "学校|学院|大学|中学|小学", "单位": "公司|局|中心|委员会|研究院|医院|学校|协会",
              "机构": "机构|公司|中心|研究院|银行", "部门": "局|厅|委员会|办公室|中心", "药店": "药房|药店",
              "商店": "店|商行|超市|商场", "酒店": "酒店|宾馆|饭店", "餐馆": "餐厅|饭店|酒楼|餐馆|食堂"}
_ORG_EN = {"company": "公司", "firm": "公司", "enterprise": "企业", "business": "企业", "bank": "银行",
           "hospital": "医院", "school": "学校", "unit": "单位", "agency": "机构", "institution": "机构",
           "organisation": "机构", "organization": "机构", "department": "部门", "insurer": "公司",
           "pharmacy": "药店", "drugstore": "药店", "shop": "商店", "store": "商店", "supermarket": "商店",
           "hotel": "酒店", "restaurant": "餐馆", "canteen": "餐馆"}
_ORG_ASKED = re.compile(rf"哪(?:一)?(?:家|个|所)({'|'.join(_ORG_KINDS)})|"
                        rf"\bwhich\s+(?:[a-z-]+\s+)?({'|'.join(_ORG_EN)})\b", re.I)


def organisation_asked(question: str) -> str | None:
    """The kinds of name (公司|集团) the organisation a question asks for ends with, or None."""
    found = _ORG_ASKED.search(question)
    if not found:
        return None
    return _ORG_KINDS[found.group(1) or _ORG_EN[found.group(2).lower()]]


_CN = "一二三四五六七八九十"
# The numbering a heading opens with, and a heading alone on its sentence ((二)落实贷款贴息和担保补贴。).
_NUMBERING = re.compile(rf"^\s*(?:[（(][{_CN}\d]{{1,3}}[）)]|[{_CN}]{{1,3}}、|\d{{1,2}}[、.．]|第[{_CN}]+条)")
HEADING = re.compile(_NUMBERING.pattern + r"[^，,；;：:。]{0,30}[。.]?\s*$")


def under_headings(sentences: list[Sentence], question: str, bonus: float) -> list[Sentence]:
    """A numbered heading's topic ((二)缩短停气时间。) is answered by the sentence under it: that sentence scores at
    least what its heading does, and ``bonus`` more when the question names the topic (采取什么办法缩短停气时间)."""
    out = list(sentences)
    for i, (heading, after) in enumerate(pairwise(sentences)):
        if not HEADING.match(heading.text) or after.hit.chunk.id != heading.hit.chunk.id:
            continue
        topic = _NUMBERING.sub("", heading.text).strip(" 。.")
        score = heading.score + (bonus if len(topic) >= 4 and topic in question else 0.0)
        if after.score < score:
            out[i + 1] = replace(after, score=score)
    return out
