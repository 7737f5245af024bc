"""What a question asks for: the kind of figure (a sum of money, a count, a rate, a date), the measure word it
names (多少项, how many households), a definition or a document number, and the measures that do not answer it.

The figures themselves, their kinds and units are rag.text.figures.
"""

from __future__ import annotations

import re

from rag.text.asked_measures import AUX, GREW, IN_UNITS, SCORE_ASKED, asks_measure
from rag.text.figures import FigureKind

DOC_NUMBER_QUESTION = re.compile(r"文号|发文字号|文件编号|document number|reference number|file number", re.I)

# A ratio (城乡居民收入比是多少, 之比, 比值, 车桩比现在降到了多少: a noun's 比 before the ask), asked as one: not 占比,
# 同比, 收入比上年, 与去年同期比 or 比例, which compare or share. English names both sides (the ratio of e-bikes to
# ports, the ratio between urban and rural incomes); "what ratio of the funds" asks a share.
RATIO_ASKED = re.compile(r"\bratio between\b|(?<!what )(?<!which )\bratio of\b[^?]{1,60}?\bto\b|"
                         r"\b\w+-to-[\w-]+(?: [\w-]+){0,2} ratio\b|之比|比值|倍差|"
                         r"(?<=[\u4e00-\u9fff])(?<![同环占对相评年期末底])比(?=现在|目前|是|为|降|提|达|缩|扩|由|从)",
                         re.I)
# A question about an economy's output (GDP, 地区生产总值): official statistics state it apart from its figure per
# head (rag.answer.abstain, rag.answer.per_unit).
GDP_ASKED = re.compile(r"\bGDP\b|gross (?:domestic|regional) product|生产总值|经济总量", re.I)
# What grade an evaluation gave (评价等级为“良”): words, not a figure (rag.answer.grades).
GRADE_ASKED = re.compile(r"\bwhat\s+(?:\w+\s+)?(?:grade|rating)\b(?![\s-]*(?:one|two|three|four|five|[1-5]|[a-d])\b)|"
                         r"\bhow\s+(?:was|were|is|are|did)\s+.{0,60}?\b(?:rated|graded)\b"
                         r"(?!\s+(?:as\s+)?(?:excellent|good|fair|poor|qualified|outstanding|grade|level|class|[a-d]\b))|"
                         r"\b(?:graded|rated)\s+(?:as\s+)?what\b|"
                         r"\bwhich\s+(?:grade|rating)\s+(?:did|was|is|has|had|does|do|were|are)\b|"
                         r"(?:等级|等次|档次)(?:是|为|评定为)?(?:什么|如何|哪一?[个档级等])\s*[？?]?$|"
                         r"(?:评为|评定为|定为|属于|获评|被评为)(?:什么|哪一?[个档级])(?:等级|等次|档次)?|"
                         r"什么(?:等级|等次|档次)", re.I)


def asks_grade(question: str) -> bool:
    return GRADE_ASKED.search(question) is not None


_NAMED_UNIT = (r"(?:yuan|jin|kg|kilo\w*|tonnes?|tons?|mu|hectares?|met(?:re|er)s?|cubic|square|micrograms?|"
               r"points?|percentage points?|people|households|units?)\b")
# What a question asks for. Order matters: the first rule that matches wins, so a question that
# names its measure word (多少项, how many) is a count even if it also mentions money.
_EXPECT: list[tuple[FigureKind, re.Pattern]] = [
    (FigureKind.DOC_NUMBER, DOC_NUMBER_QUESTION),
    (FigureKind.PHONE, re.compile(r"电话|联系方式|手机|phone|telephone|contact number", re.I)),
    (FigureKind.PERCENT, RATIO_ASKED),
    (FigureKind.PERCENT, re.compile(r"百分之|百分比|比例|比重|占比|增长率|增速|增幅|同比|环比|"
                                    r"(增长|提高|下降)了?多少|增长.{0,6}目标|强度|覆盖率|达标率|合格率|满意度|知晓度|"
                                    r"[^\s，,？?]率[^，,？?]{0,6}(?:多少|几)|"
                                    # 完成年度目标任务的多少, 占全年的多少: a share of what it is measured against.
                                    r"(?:完成|占)[^，,？?\d]{1,12}的多少(?!\s*[\u4e00-\u9fff])|"
                                    r"percent|percentage|\brate\b|share of|proportion|\bratio\b|权重|"
                                    # 平均降价58.3%: a price cut on average is a share of the old price, unless asked
                                    # in yuan or per box (每盒平均降价多少元, the average price cut for each box).
                                    r"(?<!每[盒支片瓶])(?:降幅|平均降价|降价幅度)(?![^？?，,]*(?:多少|几)\s*(?:元|钱|块))|"
                                    r"^(?![^?]*\byuan\b)[^?]*\baverage price (?:cut|reduction)s?\b"
                                    r"(?![^?]*\b(?:for|per) (?:each )?(?:box|pack|tablet|unit|piece|bottle|dose)\b)|"
                                    r"\b(?:what|maximum|minimum|largest|smallest)\s+share\b|"
                                    r"intensity|coverage|grow(?:th)? by|increase by|"
                                    r"\bgrowth (?:targets?|rates?|goals?)\b|"
                                    r"\bgdp growth\b|"
                                    r"how much did (?:it|they|this|that|these|those) "
                                    r"(?:grow|rise|increase|fall|drop|decline)|"
                                    rf"by how much did .* (grow|increase|rise)|"
                                    # (…fall, in tonnes; per jin: the unit named asks the amount)
                                    rf"(?![^?]*\b(?:in|per) {_NAMED_UNIT})(?:by how much did .* (?:fall|drop|decline|"
                                    r"decrease|shrink)|by how much (?:was|were|is|are|has|have) .*\b(?:up|down)\b"
                                    r"(?! to\b))|"
                                    rf"\bhow fast{GREW}", re.I)),
    # 哪几个 / 哪几项 ask which ones, not how many.
    (FigureKind.COUNT, re.compile(r"(多少|(?<!哪)几)\s*(?:万|亿)?\s*(个|项|家|户|名|人|场|次|件|篇|所|台|套|位|种|条|"
                                  r"批|届|期|亩|吨|公顷|公里|立方米|平方米|头|只|张|辆|笔|例|宗|本)|"
                                  r"^\W*(?:\w+\s+){0,2}how many\b|"
                                  # 资助人数是多少: a number of people (户数, 家数, 次数), even of a grant.
                                  r"(?:人数|户数|家数|个数|次数|件数|人次数|数量)(?:是|有|为|达到?|共)?(?:多少|几)|"
                                  # 有多少学生享受了营养膳食补助: who received the grant are counted, not the grant.
                                  r"(?:多少|(?<!哪)几)(?![万亿]|[元钱块]|资金|经费|补|奖|费|投|预算|收入)"
                                  r"[\u4e00-\u9fff]{1,6}?(?:享受|获得|领取|得到|受益|参加|参与|入选|纳入)了?",
                                  re.I)),
    # 多少万 is money unless a measure follows (多少万立方米, 多少万人次).
    (FigureKind.MONEY, re.compile(r"多少钱|多少[万亿](?!\s*(?:立方米|平方米|平方公里|公里|千米|人|户|个|吨|亩|头|只|辆|"
                                  r"张|套|台|件|项|家|名|千瓦))|(?:多少|几)\s*(?:块|元)|金额|规模|花了多少|投入了?多少|"
                                  r"(资金|经费|收入|营收|产值|总值|价值|增加值|投资|补贴|补助|资助|奖补|奖励|费用|成本|预算|决算|支出|拨款|合同额|配套|罚款|罚金|"
                                  r"资产总额|负债总额|净资产|"
                                  r"进出口(?:总)?额|出口额|进口额|报酬|工资|薪酬|津贴|租金|单价|价格|售价|收费|[水电气]费)"
                                  r".{0,12}(多少|(?<!哪)几)|"
                                  # a cap or deductible (支付限额, 起付线), not how many tiers or times (分为几档)
                                  r"(?:支付限额|起付(?:标准|线)|封顶线)[^，,。？?]{0,12}?(?:多少|几)(?![档倍个类项次级])|"
                                  r"(多少|(?<!哪)几).{0,12}(资金|经费|收入|营收|产值|价值|投资|补贴|补助|资助|奖补|奖励|费用|成本|预算|决算|支出|拨款)|"
                                  # 拖欠了多少工资 (not 多少农民工被拖欠工资, 多少日内支付工资: a count, a time)
                                  r"(?:多少|(?<!哪)几)(?:[万亿]?元|块钱?|钱)?的?(?:工资|薪酬|报酬|租金|罚款)|"
                                  r"how much|spent|spend|cost|budget|fund(?:s|ing)?\b|invest(?!igat)|"
                                  r"amount of money|yuan|"
                                  # What did tourism bring in for the town? What does a farmer pay?
                                  r"^\W*what (?:did|does|do|will|would|has|have|had) [^?]{1,60}?\b(?:bring|brought|"
                                  r"took|take) in\b|"
                                  r"^\W*what (?:did|does|do|will|would) [^?]{1,60}?\b(?:earn|pay)\b(?! attention)|"
                                  r"contract value|revenue|size of the fund|\bincomes?\b|\bwages?\b|\bsalar(?:y|ies)\b|"
                                  r"\b(?:retail |online |e-commerce )?sales\b|\bturnover\b|"
                                  r"\b(?:exports|imports|foreign trade|trade volume)\b|"
                                  r"\boutput value\b|\bvalue of (?:output|production)\b|\bvalue[- ]added\b|\bgdp\b|"
                                  r"\bgross (?:domestic|regional) product\b|"
                                  # (the maximum R&D input post-subsidy: the noun may follow a hyphen)
                                  # (not a date's: what will the deadline be for subsidy applications)
                                  r"\bwhat(?:'s| is| was| are| were| will| would) "
                                  r"(?!(?:the |an? )?(?:[\w-]+ )?(?:deadline|due date|closing date|start date|"
                                  r"end date)s?\b)"
                                  r"(?:[\w'&-]+[ -]){1,8}?"
                                  r"(?:subsid(?:y|ies)|grants?|"
                                  r"allowances?|bonus(?:es)?|rewards?|awards?|deductibles?|payments?|fees?|prices?|tariffs?|"
                                  r"deposits?|assets|liabilit(?:y|ies)|debts?|"
                                  r"premiums?|bids?|wages?|salar(?:y|ies)|"
                                  # (the pension paid, not a pension scheme or its insurance)
                                  r"pensions?(?![ -](?:schemes?|systems?|insurance|programm?es?|plans?|"
                                  r"polic(?:y|ies)|funds?)))\b|"
                                  # What winter heating subsidy do rural households receive? What per-mu payment
                                  # will the city give? (What subsidies does it offer: which ones, not how much.)
                                  r"\bwhat (?:[\w-]+ ){0,4}?(?:subsid(?:y|ies)|grants?|allowances?|bonus(?:es)?|"
                                  r"awards?|rewards?)(?: per [\w-]+(?: of [\w-]+)?)? (?:do|does|did|will|can)\b"
                                  r"[^?]{0,80}?\b(?:receive|get)\b|"
                                  r"\bwhat (?:[\w-]+ ){0,4}?(?:subsidy|grant|allowance|bonus|award|reward|payment)"
                                  r"(?: per [\w-]+(?: of [\w-]+)?)? (?:does|did|will|can)\b[^?]{0,80}?"
                                  r"\b(?:pay|give|grant)\b|"
                                  # What does the banner pay herders per mu? (Not: what does it pay attention to.)
                                  r"\bwhat (?:do|does|did|will) [^?]{1,60}?\b(?:pay|charge)\b(?! attention)|"
                                  # How big is the yearly deductible after the change? How high is the fee?
                                  r"\bhow (?:big|large|high) (?:is|are|was|were|will be|would be) (?:the |a |an |each |"
                                  r"its |their )?(?:[\w-]+ ){0,4}?(?:subsid(?:y|ies)|grants?|allowances?|bonus(?:es)?|"
                                  r"rewards?|awards?|deductibles?|payments?|fees?|prices?|tariffs?|premiums?|wages?|"
                                  r"salar(?:y|ies)|pensions?|fines?)\b(?![\s-]+(?:increase|rise|cut|reduction|rate)s?\b)|"
                                  # How high has the county raised the rural minimum living allowance?
                                  r"\bhow (?:high|far)\b[^?]{0,60}?\b(?:allowances?|subsid(?:y|ies)|pensions?|wages?|"
                                  r"fees?|premiums?|prices?|payments?|benefits?)\b",
                                  re.I)),
    # "when" asks only as a question word (…, and when …); "what penalty applies when a check fails" does not.
    (FigureKind.DATE, re.compile(r"什么时候|什么时间|何时|哪一?年|哪天|哪一天|几月|日期|时间(?:是|为)什么|"
                                 r"(?:^\W*|[,;]\s*|\band\s+|\b(?:until|since|from|by)\s+)when\b|what date|"
                                 r"\b(?:which|what) years?\b|which day|\b(?:which|what) (?:dates|days|period)\b|"
                                 r"\bby what time\b|\b(?:last|final|closing) (?:day|date)\b", re.I)),
    # What was the corn output: a quantity (its value is money, above).
    (FigureKind.COUNT, re.compile(r"多少|数量|how many|number of|count of|\bnumbers\b|\bscored?\b|"
                                  r"\bwhat(?:'s| is| was| are| were) (?:[\w'&-]+ ){0,8}?index\b(?! (?:number|no|code))|"
                                  r"\b(?:output|production|yield|harvest)\b(?!\s+value)", re.I)),
]


# What was produced (output, not its output value): a quantity.
_PRODUCED = re.compile(r"(?<!-)\b(?:output|production|yield|harvest)\b(?!\s+value)", re.I)
_RATE_WORDS = re.compile(r"\b(?:rate|share|percent(?:age)?|proportion|ratio)s?\b", re.I)
# How much tea, grain or water did …: a quantity, not money (the words between name what is measured).
_HOW_MUCH_OF = re.compile(rf"\bhow much\s+((?:[a-z-]+\s+){{1,3}}?){AUX}\b", re.I)
_IN_MEASURE = re.compile(IN_UNITS + r"(?:tonnes|tons|kilometres|kilometers|km|mu|"
                         r"hectares|cubic metres|square metres)\b", re.I)
_MONEY_WORDS = re.compile(r"money|fund|financ|spend|subsid|invest(?!igat)|revenue|income|capital|grant|cash|budget|"
                          r"support|interest|compensat|reward|award|allowance|bonus|fee|cost|pay|value|yuan|profit|output|"
                          r"loan|credit|aid|expenditure|price|salar|wage|tax|paid|give|receive|earn|allocat|arrang|"
                          r"earmark|per mu|per head|per person|yuan|\bloss(?:es)?\b|\bfines\b|\bfined\b|penalt", re.I)
# A question that opens by asking when is a date question even if it names a fund.
_WHEN = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:when|(?:by|on|until|till) (?:what|which) (?:date|day)|what dates?|"
                   r"what day (?:of|in) (?:the|each|every) month|"
                   r"which days?|which dates)\b|"
                   # Once the notice passes without objection, by when must the money be paid out?
                   r"[,;]\s*(?:by|until|till) when\b|"
                   # What is the deadline for applying for the special fund?
                   # (For the 2025 round, what's the last day to apply? If I object, what's the deadline? The 2025
                   # renovation plans - what's the latest time to file an objection?)
                   r"(?:^|[,;:]\s|\s[-–—]\s)\W*(?:what|when)(?:'s| is| was| are| were)(?: the)? (?:[\w'&-]+ ){0,3}?"
                   r"(?:deadline|due date|closing date|cut-?off date|"
                   r"(?:last|final|latest|earliest) (?:date|day|time))\b|"
                   r"什么时候|什么时间|何时|哪一?天|哪几天|哪些天|几月几日|每个?月的?(?:几号|几日)|截止日期|截至哪|"
                   r"起止(?:日期|时间)", re.I)
# How much weight does the interview carry (in the total score)? How much does the written exam count towards the
# combined score? A share (笔试成绩占40%), not a mass nor money.
_WEIGHT_ASKED = re.compile(r"\b(?:how much|what) weight(?:ing)? (?:does|do|did|will|is|are)\b|"
                           r"\bhow much (?:does|do|did|will) [^?]{1,60}?\b(?:count|weigh)s? (?:for|towards?|in)\b",
                           re.I)
# What has the county raised its subsidy per mu to? The level money was changed to: an amount.
_CHANGED_TO_ASKED = re.compile(r"^\W*what (?:has|have|had|did|does|do|will|is|was) [^?]{1,80}?\b(?:raised|increased|"
                               r"lifted|cut|lowered|reduced|adjusted|changed|set|raise|increase|lift|lower|reduce|"
                               r"adjust|change)\b[^?]{0,100}?\bto\b\W*(?:this|next|last|from|in|for|by|since|\?|$)",
                               re.I)
# What is the most that the scheme will guarantee for one borrower? An amount with no "how much": money where the
# question names money, else a quantity.
# …the most a single operator can get, or claim: what one is given is money (not the most points, area or term).
_GOTTEN = re.compile(r"\bthe (?:most|maximum)(?: amount)? (?:that |which )?(?:a|an|one|each|any|a single)\b[^?]*?"
                     r"\b(?:can|could|may|will|would) (?:get|claim|obtain)\b", re.I)
_EXTREME_ASKED = re.compile(r"\bwhat(?:'s| is| was| are| were) the (?:most|maximum|least|minimum)(?: amount)? "
                            r"(?:that|which|a|an|one|each|any|it|they|"
                            r"(?:[\w'&-]+ ){1,5}?(?:can|could|will|would|may|might|must))\b", re.I)


_DEFINITION_ASKED = re.compile(r"是指什么|指什么|指的是什么|什么是|是什么意思|如何界定|怎么界定|怎样界定|如何认定|"
                               r"怎么定义|"
                               r"\bwhat counts as\b|\bwhat is meant by\b|\bhow (?:is|are) .{1,60}? defined\b|"
                               r"\bdefinition of\b|\bcounts? as\b|\bqualif(?:y|ies) as\b|"
                               r"\bwhat (?:does|do) .{1,80}? mean by\b|\bwhat does .{1,60}? mean\b", re.IGNORECASE)


_AMOUNT_ASKED = re.compile(r"多少|多久|多长|多大|几|\bhow (?:much|many|long|large)\b", re.I)


def asks_definition(question: str) -> bool:
    """What a term means or how it is delimited (是指什么, 怎么界定, what counts as, what does … mean by …):
    a sentence answers, not a figure."""
    return bool(_DEFINITION_ASKED.search(question))


def expected_kind(question: str) -> FigureKind | None:
    """The kind of figure a question asks for, or None when it does not ask for a figure."""
    if asks_definition(question) and not _AMOUNT_ASKED.search(question):
        return None  # how much land must a farm have to count as …: the definition's figure
    if SCORE_ASKED.search(question):
        return FigureKind.COUNT  # what score did the fund get: 93.5分, however much the question says of money
    if asks_grade(question) and not _AMOUNT_ASKED.search(GRADE_ASKED.sub(" ", question)):
        return None  # what grade did the fund get: 评价等级为“良”, however much the question says of money
    if asks_measure(question):
        return FigureKind.COUNT  # how long, how much land or water, how long a trail, the upper age limit: 35周岁
    if _WEIGHT_ASKED.search(question):
        return FigureKind.PERCENT  # how much weight the interview carries in the total score: 面试成绩×60%
    how_much = _HOW_MUCH_OF.search(question)
    if how_much and (not _MONEY_WORDS.search(question) or _IN_MEASURE.search(question)):
        return FigureKind.COUNT  # how much apple output … (in 10,000 tonnes): a quantity
    if _WHEN.search(question):
        return FigureKind.DATE
    for kind, pattern in _EXPECT:
        if pattern.search(question):
            # Kiwifruit output in 2024, how much was it: what was produced, a quantity, when no money word says
            # otherwise.
            if kind == FigureKind.MONEY and _PRODUCED.search(question) and \
                    not _MONEY_WORDS.search(_PRODUCED.sub(" ", question)) and not _RATE_WORDS.search(question):
                return FigureKind.COUNT
            return kind
    if _EXTREME_ASKED.search(question):
        return FigureKind.MONEY if _MONEY_WORDS.search(question) or _GOTTEN.search(question) else FigureKind.COUNT
    if _CHANGED_TO_ASKED.search(question) and _MONEY_WORDS.search(question):
        return FigureKind.MONEY
    return None
