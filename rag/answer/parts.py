"""Questions that ask for two figures (投入多少资金，支持多少户企业; how many households and people; incomes of
urban and of rural residents), split into their two sub-questions."""

from __future__ import annotations

import re

from rag.answer.levels import last_match
from rag.text.asked_measures import expected_unit
from rag.text.vocabulary import OFFICIAL

# 按什么比例补助 and 有效期多长 ask as 多少 does (dev: 3 two-part answers won, none lost).
_ZH_ASK = re.compile(r"多少|几[个项家户名人次所]|哪[一]?[年天]|什么时候|什么时间|(?:什么|多大|多高的?)比例|多长|多久")
# …what annual subsidy does X give a county market and what does it give a township station: "what" and the noun
# it asks for before the verb ask too.
_FIGURE_NOUN = (r"(?:targets?|subsid(?:y|ies)|standards?|rates?|amounts?|budgets?|caps?|ceilings?|limits?|prices?|"
                r"fees?|shares?|figures?|numbers?|totals?|goals?|allowances?|awards?|rewards?|payments?|values?|"
                r"levels?|scores?|growth)")
_EN_ASK = re.compile(r"\b(?:how (?:much|many|large|long|big|fast)|what (?:share|percentage|proportion|rate|amount|"
                     r"is|was|were|are|did|does)|"
                     r"what (?:[\w'&-]+ ){1,4}?(?:does|do|did|will|can)|when|"
                     # what growth target had been set (a figure's noun: not what sectors were they in)
                     rf"(?<!with )(?<!given )(?<!against )what (?:[\w'&-]+ ){{0,3}}?{_FIGURE_NOUN} "
                     r"(?:had|has|have|was|were)|"
                     r"(?:up )?to what age|how old|"
                     r"(?:on )?(?:which|what) (?:day|date))\b", re.I)
_ZH_JOIN = re.compile(r"[，,；;、？?。]|以及|和|并且|并|同时")
_EN_JOIN = re.compile(r",?\s+and\s+|[,;]\s*", re.I)


# How much for a boat 24 metres or longer, and one between 12 and 24 metres: the second part asks the same of "one".
_EN_ELLIPSIS = re.compile(r"^(?P<first>.*?\b(?P<ask>how (?:much|many(?: [\w-]+)?))\b.*?),?\s+and\s+"
                          r"(?P<second>(?:one|ones|those)\b.+)$", re.I)


# What reward for a first recognition, and what for a re-recognition: the second part asks the first's question of
# another case.
_EN_WHAT_FOR = re.compile(r"^(?P<first>.*?\b(?P<ask>what (?:[\w'&-]+ ){0,3}?(?:does|do|did|will|can|is|was)|"
                          r"how (?:much|many(?: [\w-]+)?))\b.*?),?\s+and\s+(?:what|how much)\s+"
                          r"(?P<second>(?:for|about|of|to)\b.+)$", re.I)


# …coverage rates at the end of 2023 and at the end of 2024; 2023年和2024年…分别是多少: one measure of two years.
_EN_TWO_YEARS = re.compile(r"\b((?:in|for|at the end of|by the end of|as of|end-)\s*)((?:19|20)\d{2})\s*,?\s+and\s+"
                           r"(?:(?:in|for|at the end of|by the end of|as of|end-)\s*)?((?:19|20)\d{2})\b", re.I)
_ZH_TWO_YEARS = re.compile(r"((?:19|20)\d{2})年(底|末)?(?:和|与|、|及)((?:19|20)\d{2})年(底|末)?"
                           r"(?=[^，,；;。？?]*(?:分别|各)[^，,；;。？?]{0,8}(?:多少|几))")


def _two_years(question: str) -> tuple[str, str] | None:
    """A question asking one measure for two years: the same question for each year."""
    if match := _EN_TWO_YEARS.search(question):
        lead, first, second = match.groups()
        head, tail = question[: match.start()], question[match.end() :]
        return f"{head}{lead}{first}{tail}", f"{head}{lead}{second}{tail}"
    if match := _ZH_TWO_YEARS.search(question):
        first, first_end, second, second_end = match.groups()
        head, tail = question[: match.start()], question[match.end() :]
        return f"{head}{first}年{first_end or ''}{tail}", f"{head}{second}年{second_end or ''}{tail}"
    return None


def two_parts(question: str) -> tuple[str, str] | None:
    """The two sub-questions of a question that asks for two figures, split where the second ask starts."""
    if years := _two_years(question):
        return years
    if ellipsis := _EN_ELLIPSIS.match(question):
        return ellipsis.group("first"), f"{ellipsis.group('ask')} for {ellipsis.group('second')}"
    if ellipsis := _EN_WHAT_FOR.match(question):
        return ellipsis.group("first"), f"{ellipsis.group('ask')} {ellipsis.group('second')}"
    for asks, joins in ((_ZH_ASK, _ZH_JOIN), (_EN_ASK, _EN_JOIN)):
        found = list(asks.finditer(question))
        if len(found) < 2:
            continue
        first, second = found[0], found[1]
        cut = last_match(joins, question[first.end() : second.start()])  # the join nearest the second ask
        if cut is None:
            continue
        at = first.end() + cut.start()
        return question[:at], question[first.end() + cut.end() :]
    return _noun_pair(question)


# What were the visitor numbers and revenue …: one question word asking for two measures joined by "and".
_EN_MEASURE = (r"numbers?|counts?|totals?|revenues?|incomes?|output|outputs|spending|investment|funding|sales|"
               r"turnover|amounts?|values?|rates?|shares?|budgets?|earnings|profits?|exports|imports|prices?|"
               r"deposits?|fees?|deductibles?|assets|liabilities|debts?")
_EN_NOUN_PAIR = re.compile(rf"^(\W*(?:[^?]*?\b)?(?:what|how large)\b.*?\b(?:{_EN_MEASURE}))\s+and\s+"
                           rf"(?:(?:the|its|their)\s+)?((?:\w+\s+)?(?:{_EN_MEASURE})\b)(.*)$", re.I)


# 中央资金和市级补助资金各是多少; 哈尔滨市和大庆市把补助标准分别提高到了多少: two items, one ask for each.
# (小麦和玉米亩均节本增效分别是多少 names one measure of two items: rag.answer.respective.)
_ZH_EACH = re.compile(r"(和|与|及|、)([^和与及、，,；;。？?]{2,12}?)(?:(?=[把将对在])(?=[^，,；;。？?]*(?:各|分别)"
                      r"[^，,；;。？?]{0,8}(?:多少|几))|(?=各[^，,；;。？?]{0,8}(?:多少|几)))")
_ZH_ITEM_STOP = re.compile(r"[，,；;：:的年“”]")
# 城镇居民和农村居民人均可支配收入分别是多少: two items of one measure, which official text may state in two clauses
# (城镇居民人均可支配收入43,286元；农村居民人均可支配收入19,864元).
# The second item of A和B…分别 up to its 的 or 分别 (层数的上限分别是多少: 层数).
_ZH_SECOND_ITEM = re.compile(r"[^的，,；;。？?]{2,6}?(?=的|分别)")
_ZH_RESPECTIVE = re.compile(r"(?:和|与|及|、)(?=[^和与及、，,；;。？?]{2,24}?分别[^，,；;。？?]{0,8}(?:多少|几))")


# How many households and people …: one "how many" counting two things that Chinese counts with two measure
# words (3.42万户10.87万人).
_EN_COUNT_PAIR = re.compile(r"^(.*?\bhow many\s+)([\w-]+)\s+and\s+([\w-]+)\b(.*)$", re.I)
# How many new rain gauges and new water-level stations: two counted things of their own words each (two words at
# least, plural), whatever their measure words.
_EN_PHRASE_PAIR = re.compile(r"^(.*?\bhow many\s+)((?:[\w-]+\s+){1,3}[\w-]+s)\s+and\s+((?:[\w-]+\s+){1,3}[\w-]+s)\b"
                             r"(.*)$", re.I)


# Incomes of urban (residents) and of rural residents, funds for central and provincial projects: one measure of two
# kinds that official text states side by side (城镇居民…45,208元…；农村居民…21,347元).
_KINDS = r"urban|rural|central|provincial|municipal|county|national|city|township|village|primary|secondary"
_EN_KIND_PAIR = re.compile(rf"\b(of|for)\s+({_KINDS})(?:\s+[a-z-]+)?\s+and\s+(?:(?:of|for)\s+)?({_KINDS})\b", re.I)
# How much central and provincial money: two levels' shares of one fund (中央资金0.93亿元、省级资金0.68亿元).
_EN_LEVEL_PAIR = re.compile(rf"\b({_KINDS})\s+and\s+({_KINDS})\s+(?=(?:government\s+)?(?:money|funds?|funding|"
                            rf"subsid(?:y|ies)|budgets?|investment|finance|grants?)\b)", re.I)


# The new second-tier and third-tier gas prices, grade-one and grade-two hospitals: one measure of two ranks of a
# ladder (第二档、第三档气价分别调整为3.31元和4.14元).
_ORDINAL = r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)"
_RANK = r"(?:tier|level|grade|class|band|step|bracket|category|block)"
_EN_RANK_PAIR = re.compile(rf"\b({_ORDINAL}[- ]{_RANK}|{_RANK}[- ](?:one|two|three|four|five|[1-5]))\s+and\s+"
                           rf"({_ORDINAL}[- ]{_RANK}|{_RANK}[- ](?:one|two|three|four|five|[1-5]))\b", re.I)


# …not one figure of the two (in total, combined, the gap between them).
_ONE_OF_TWO = re.compile(r"\b(?:in total|total|combined|altogether|together|sum|gap|difference|between)\b", re.I)


# How many households moved through consolidated resettlement and through apartment buildings: one ask for two
# items that repeat their preposition.
_EN_PREP_PAIR = re.compile(r"\b(through|for|of|by|from|on|under|via|in)\s+([^,;?]+?),?\s+and\s+\1\s+(.+)$", re.I)


# How much did the fund take in and pay out: one "how much" for money in and money out (收入9.86亿元…；支出10.42亿元),
# each part the question with one verb. Not "how much of the money raised and spent went to…" (one share), nor a cap
# (receive and use at most), nor a part the tail names (went to, came from).
_INFLOWS = r"take in|took in|taken in|receive|received|earn|earned|collect|collected|raise|raised"
_OUTFLOWS = r"spend|spent|pay out|paid out|pay|paid|use|used"
_EN_VERB_PAIR = re.compile(rf"^(?P<head>.*?\bhow much\b(?!\s+of\b).*?\s)(?P<first>{_INFLOWS})\s+and\s+"
                           rf"(?P<second>{_OUTFLOWS})\b(?P<tail>.*)$", re.I)
_NOT_TWO_FLOWS = re.compile(r"\b(?:at most|at the most|maximum|went to|go to|goes to|came from|comes? from)\b|"
                            r"^\s*(?:for|on|to|with)\s*\?", re.I)


_OWN_TAIL = re.compile(r"\s*(?:per|each|above|below|over|under|compared|relative)\b|.*\b(?:in|of) (?:it|them|that)\b",
                       re.I)
_VERB = re.compile(r"\b(is|are|was|were|will)\b", re.I)


def _noun_pair(question: str) -> tuple[str, str] | None:
    """The two parts of a question whose one question word asks for two measures: English (visitor
    numbers and revenue: the second part asks "what" of the second measure, and the words after it are both
    parts'; how many households and
    people: each part counts one) or Chinese (A和B各是多少: each part is the question with the other item
    left out)."""
    match = _EN_NOUN_PAIR.match(question)
    if match:
        # What follows the second measure is of both (… and the bid deposit for the residential plot?), unless it
        # qualifies that measure alone (the starting price per square metre, the share of them in it).
        tail = match.group(3)
        shared = "" if _OWN_TAIL.match(tail) else tail
        verb = next(iter(_VERB.findall(match.group(1))), "is").lower()  # what will the deductible and … be
        return match.group(1) + shared, f"what {verb} the {match.group(2)}{tail}"
    match = _EN_KIND_PAIR.search(question)
    if match and match.group(2).lower() != match.group(3).lower():
        head, tail = question[: match.start()], question[match.end() :]
        return (f"{head}{match.group(1)} {match.group(2)}{tail}", f"{head}{match.group(1)} {match.group(3)}{tail}")
    match = _EN_RANK_PAIR.search(question)
    if match and match.group(1).lower() != match.group(2).lower() and not _ONE_OF_TWO.search(question):
        head, tail = question[: match.start()], question[match.end() :]
        return f"{head}{match.group(1)}{tail}", f"{head}{match.group(2)}{tail}"
    match = _EN_LEVEL_PAIR.search(question)
    # …unless the vocabulary has the two as one level (city and county money: 市县财政资金3.97亿元).
    if match and match.group(1).lower() != match.group(2).lower() and \
            f"{match.group(1)} and {match.group(2)}".lower() not in OFFICIAL:
        head, tail = question[: match.start()], question[match.end() :]
        return f"{head}{match.group(1)} {tail}", f"{head}{match.group(2)} {tail}"
    match = _EN_PREP_PAIR.search(question)
    if match and len(match.group(2).split()) <= 8:
        head = question[: match.start()]
        return f"{head}{match.group(1)} {match.group(2)}?", f"{head}{match.group(1)} {match.group(3)}"
    match = _EN_PHRASE_PAIR.match(question)
    if match:
        ask, one, other, rest = match.groups()
        return ask + one + rest, ask + other + rest
    match = _EN_COUNT_PAIR.match(question)
    if match:
        ask, one, other, rest = match.groups()
        parts = (ask + one + rest, ask + other + rest)
        units = [expected_unit(f"how many {one}"), expected_unit(f"how many {other}")]
        if None not in units and units[0] != units[1]:
            return parts
    match = _EN_VERB_PAIR.match(question)
    if match and not _NOT_TWO_FLOWS.search(match.group("tail")):
        head, tail = match.group("head"), match.group("tail")
        return f"{head}{match.group('first')}{tail}", f"{head}{match.group('second')}{tail}"
    match = _ZH_EACH.search(question)
    if not match:
        return _respective_pair(question)
    first = _last_item(question[max(0, match.start() - len(match.group(2)) - 2) : match.start()])
    if len(first) < 2:
        return None
    at = match.start() - len(first)
    return question[: match.start()] + question[match.end() :], question[:at] + question[match.start() + 1 :]


def _last_item(before: str) -> str:
    """The item a Chinese question names just before 和 (城镇居民 of …2024年城镇居民和…): back to a pause, 的 or 年."""
    return before[max((m.end() for m in _ZH_ITEM_STOP.finditer(before)), default=0) :]


def _respective_pair(question: str) -> tuple[str, str] | None:
    """A和B<measure>分别是多少 as A<measure>… and B<measure>…: B is the words after 和 up to the character A ends
    with (城镇居民和农村居民: 农村居民), else as long as A (小麦和玉米: 玉米)."""
    join = _ZH_RESPECTIVE.search(question)
    if not join:
        return None
    before = question[: join.start()]
    first = _last_item(before)
    rest = question[join.end() :]
    if len(first) > 8 and (second := _ZH_SECOND_ITEM.match(rest)):
        first = before[-len(second.group()) :]  # 每户宅基地面积和层数的上限: 面积 and 层数, as long as the second
    if not 2 <= len(first) <= 8:
        return None
    size = next((k for k in range(2, min(len(rest), 12) + 1) if rest[k - 1] == first[-1]), len(first))
    return before + rest[size:], before[: len(before) - len(first)] + rest
