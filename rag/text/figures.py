"""Figures in official text (amounts, counts, percentages, dates, phone and document numbers).

Questions about figures need the figure *with* its qualifier and unit (近400万元,
5600余万元, 150.3%), and retrieval needs to know which figure a question asks
for. This module finds figure spans, their kinds and the units that count the same things; what a question
asks for is rag.text.asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rag.documents import DOC_NUMBER_RE


class FigureKind(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    DATE = "date"
    PHONE = "phone"
    DOC_NUMBER = "doc_number"


_NUM = r"\d+(?:[.,]\d+)*"
_QUALIFIER = r"(?:将近|接近|近|约|不超过|不高于|不低于|超过|超|逾|达到|高达|不到|不足|不少于|累计|共计|共)?"
_APPROX = r"(?:余|多)?"
# A bare 万/亿 is money unless a count unit follows (1.5万人 is people).
_NOT_MONEY_AFTER = "人项个家户名次场件篇所台套位种条余多亩吨公平款批届期支部股只头小天张辆栋艘架册份株棵处笔例宗盏眼"
_COPIES = "本(?![科地市级届年月期土])"  # 168.5万本 passports; 本科, 本地 are other words
# 3.2亿美元, 1,200万欧元: money in another currency, its unit whole (not 3.2亿 without 美元).
_FOREIGN_MONEY = r"(?:万亿|亿|万|千)?(?:美元|欧元|港元|港币|日元|英镑)"
_MONEY_UNIT = (rf"(?:{_FOREIGN_MONEY}|万亿元|亿元|万元|千元|元|(?:亿|万)(?![{_NOT_MONEY_AFTER}]|立方|{_COPIES}))"
               r"(?:人民币)?")
_MAGNITUDE = r"(?:万|亿|千)?"
_CN_NUM = r"[一二两三四五六七八九十百千]+"
# Days within which (之日起30日内, 10日以内), not a day of a month (6月30日内, 每月的10日内) nor the last day of a
# range or list of days (每月1日至10日内, 9月5日至15日内, 10日、20日内).
_DAY_BEFORE = "".join(rf"(?<!{mark}\d)(?<!{mark}\d\d)"
                      for mark in ("月", "月的", *(f"日{sep}" for sep in "至到、—-～~和及")))
_DAYS_WITHIN = rf"{_DAY_BEFORE}日(?=(?:以|之)?内)"
# Durations (有效期5年, 3个月, 7个工作日, 之日起30日内: days within which, not a day of a month) and ages (35周岁以下)
# count too: "how long" is answered by one.
_COUNT_UNIT = (
    # concentrations (PM2.5平均浓度34微克/立方米, 化学需氧量15毫克/升) and noise (昼间52.3分贝)
    r"(?:[微毫]克/立方米|毫克/升|分贝|个百分点|个工作日|工作日|个月|人次|家次|户次|批次|台/套|台套|小时|分钟(?![\u4e00-\u9fff]{0,5}圈)|平方公里|平方米|立方米|公顷|公里|项|个|家|户|名|人|场|次|件|篇|所|座|台|"
    # lengths, weights and power (警戒水位186.50米, 亩产10公斤, 200马力)
    r"毫米|厘米|千米|米|公斤|千克|千瓦时|千瓦|兆瓦|马力|"
    rf"套|款|批|届|期|支|张|辆|栋|艘|架|册|{_COPIES}|份|株|棵|处|笔|例|宗|盏|眼|"
    rf"位|种|条|部|股|只|头|亩|吨|大|类|周岁|岁|年|天|{_DAYS_WITHIN}|起(?![草止讫步])|"
    # A score (综合评分91.6分), not a minute (3分钟) nor a share (三分之一). (15分钟便民生活圈 names a kind of area: no
    # figure of time.)
    r"分(?![钟之别类配局期批]))"
)
_PART_OF_MONTH = "底|末|上旬|中旬|下旬"
# The month a day of every month or of the next is written with (每月15日, 每个月的15日, 次月10日, 下月底).
MONTH_OF_DAY = "每个?月的?|次月|当月|下月"
# 第8次会议, 第十条: an ordinal names which one, it counts nothing.
_NOT_ORDINAL = r"(?<![第\d.,])"
_NOT_CN_ORDINAL = r"(?<![第一二两三四五六七八九十百千])"
_NOT_CLASS_LABEL = r"(?<!类、)(?<!类, )(?<!类和)(?<!类及)"
_PATTERNS: list[tuple[FigureKind, re.Pattern]] = [
    (FigureKind.DOC_NUMBER, DOC_NUMBER_RE),
    (FigureKind.PHONE, re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")),
    # A part of a month or year stands for its date too (11月底前, 2025年底, 6月中旬).
    (FigureKind.DATE,
     re.compile(rf"(?:19|20)\d{{2}}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日|{_PART_OF_MONTH})?|底|末)?")),
    # Rates per mille and per 10,000 or 100,000 (8.16‰, 孕产妇死亡率46.9/10万) are rates as much as percentages.
    (FigureKind.PERCENT,
     re.compile(rf"{_QUALIFIER}{_NUM}\s*(?:%|％|‰|‱|/(?:10|十)?万|/千)|百分之[\d零一二三四五六七八九十百点]+")),
    (FigureKind.MONEY, re.compile(rf"{_QUALIFIER}{_NUM}\s*{_APPROX}\s*{_MONEY_UNIT}(?:以上)?")),
    (FigureKind.COUNT,
     re.compile(rf"{_NOT_ORDINAL}{_QUALIFIER}{_NUM}\s*{_MAGNITUDE}\s*{_APPROX}\s*{_COUNT_UNIT}(?:以上)?")),
    # Chinese numerals (六项, 百余篇, 六个月, 六十日内) only with a measure word, so that 一是 or 十三届 stay words;
    # classes listed as labels (一类、二类、三类地区) count nothing.
    (FigureKind.COUNT,
     re.compile(rf"{_NOT_CN_ORDINAL}{_QUALIFIER}{_CN_NUM}{_APPROX}(?:项|个月|个工作日|个|家|户|名|篇|所|位|种|条|场|件|大)|"
                # days within which (之日起六十日内), not a day of a month (十月三十日)
                rf"(?<![月一二两三四五六七八九十百千])(?<!日至)(?<!日到)(?<!日、)(?<!日—){_CN_NUM}"
                r"(?:个工作日|工作日|天|日(?=(?:以|之)?内))|"
                rf"{_NOT_CN_ORDINAL}{_NOT_CLASS_LABEL}{_QUALIFIER}{_CN_NUM}{_APPROX}"
                rf"类(?!\s*(?:、|, |和|及)\s*{_CN_NUM}类)")),
    # A day without its year (公示期至8月18日, 每年10月31日前): the year is the document's.
    (FigureKind.DATE, re.compile(rf"(?<!\d)(?<!\d年)\d{{1,2}}\s*月\s*(?:\d{{1,2}}\s*日|{_PART_OF_MONTH})")),
    # A day of every month or of the next (每月15日前发放, 次月10日前报送): a date too, the month being any or the next.
    (FigureKind.DATE, re.compile(rf"(?:{MONTH_OF_DAY})\s*(?:\d{{1,2}}\s*[日号]|月?(?:底|末))")),
    # An index or ratio written without a unit (发展指数为71.4): decimals only, so years and list numbers stay out.
    (FigureKind.COUNT, re.compile(r"(?<![\d.,])\d{1,6}\.\d{1,3}(?![\d.,%％])")),
]


# The kinds that state an amount (a table cell, a figure a money or count question may get), not a date or a 文号.
AMOUNT_KINDS = (FigureKind.MONEY, FigureKind.COUNT, FigureKind.PERCENT)
_KIND_BITS = {kind: bit for bit, kind in enumerate(FigureKind)}


@dataclass(frozen=True)
class Figure:
    kind: FigureKind
    start: int  # offsets into the text that was scanned
    end: int
    text: str


def kinds_mask(kinds) -> int:
    """A set of FigureKinds as a bitmask (how an index stores the kinds a chunk contains)."""
    return sum(1 << _KIND_BITS[k] for k in set(kinds))


def mask_kinds(mask: int) -> frozenset[FigureKind]:
    return frozenset(k for k, bit in _KIND_BITS.items() if mask >> bit & 1)


# Small whole numbers written in words: ordinals (第十四届), storeys and ages (七层及以上), counts asked (哪四种,
# which four).
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": 2}
ENGLISH_NUMBERS = {w: i for i, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                               "eleven", "twelve"), start=2)}


def chinese_number(text: str) -> int | None:
    """A whole number written in digits or in Chinese numerals below 100 (14, 七, 两, 十四, 二十); None for anything
    else (零, 百, a malformed numeral)."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or any(c not in _CN_DIGITS for c in tens + ones):
        return None
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def find_figures(text: str) -> list[Figure]:
    """Non-overlapping figures, earlier patterns (document numbers, phones, dates) winning ties."""
    return list(_figures(text))


@lru_cache(maxsize=8192)
def _figures(text: str) -> tuple[Figure, ...]:
    """Remembered: the answer step reads the figures of the same sentences and clauses many times."""
    taken: list[tuple[int, int]] = []
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Figure(kind, start, end, match.group()))
    return tuple(sorted(found, key=lambda f: f.start))


# Measure words that count the same things (firms: 家 or 户; people: 人 or 名; items: 个 or 项).
_DURATION = frozenset({"天", "日", "个工作日", "工作日", "个月", "月", "年", "小时", "分钟"})
AREA_UNITS = frozenset({"亩", "公顷", "平方米", "平方公里"})
VOLUME_UNITS = frozenset({"立方米", "吨"})
_PEOPLE = frozenset("人名位")
_FIRMS = frozenset("家户")  # firms are counted as 家 or 户 (经营主体1,286户, 企业486户)
_KINDS = frozenset("种个")  # kinds of goods are counted as 种 or 个 (48种商品, 38个品种)
_KILOMETRES = frozenset({"公里", "千米"})
_UNIT_CLASSES = (_FIRMS, _KINDS, _KILOMETRES, _PEOPLE | {"人次"}, frozenset("个项件座所处批"),
                 frozenset({"台", "套", "台/套", "台套"}), frozenset("部台"), frozenset("辆台"), frozenset("株棵"),
                 frozenset("头只"), frozenset({"岁", "周岁"}), _DURATION, AREA_UNITS, VOLUME_UNITS)


# Working days, hours and minutes asked (多少个工作日, how many hours, 多少分钟内) are answered in them where a figure
# is: 5个工作日, not the 2年 of a validity beside it; 30分钟内 by phone, not 1小时内 in writing. Months and years stand
# for each other (服务期3年 or 36个月); 天 stands for the whole class (多久, how long) and for days, which 工作日 count
# too.
_NAMED_TIME = {"个工作日": "工作日", "工作日": "工作日", "小时": "小时", "分钟": "分钟"}


def _other_time(asked: str, unit: str) -> bool:
    """Whether ``unit`` is another unit of time than the working days, hours or minutes ``asked`` names (2年 for
    多少个工作日)."""
    return asked in _NAMED_TIME and _NAMED_TIME[asked] != _NAMED_TIME.get(unit)


def answers_unit(asked: str, figure: Figure) -> bool:
    """A figure written in the unit a question asks for (多少项 -> 30项), or in any unit of the class when the
    question asks for a duration, an area, a length, people, firms or kinds (多久 -> 12个工作日, how much
    land -> 30亩, 多少人 -> 2,364名, how many companies -> 486户, how many cases -> 12起; person-times, 人次, count
    visits, not people); working days or hours asked in them (多少个工作日 -> 5个工作日)."""
    words = measure_words(figure)
    if figure.text.removesuffix("以上").endswith(asked) or asked in words:
        return True
    return any(asked in c and any(w in c and not _other_time(asked, w) for w in words)
               for c in (_DURATION, AREA_UNITS, VOLUME_UNITS, _KILOMETRES, _PEOPLE, _FIRMS, _KINDS)) or \
        _also_counted(asked, words)


def same_unit_class(a: str, b: str) -> bool:
    """Two measure words that count the same things (户 and 家, 人 and 名), or the same word."""
    return a == b or any(a in c and b in c for c in _UNIT_CLASSES)


def _tail_unit(text: str) -> str | None:
    """The measure word a count's text ends with (592名 -> 名), if any: 4.6千米 is kilometres, not a thousand metres'
    multiple."""
    found = _COUNT_TAIL.search(text)
    if not found:
        return None
    return "千米" if found.group(1) == "米" and text.removesuffix("以上").endswith("千米") else found.group(1)


def measure_words(figure: Figure) -> tuple[str, ...]:
    """The measure words of a count figure: 台 and 套 for 2387台/套 (a compound counts either), () for none."""
    unit = _tail_unit(figure.text) if figure.kind == FigureKind.COUNT else None
    if unit is None:
        return ()
    unit = unit.replace("台套", "台/套")
    return tuple(unit.split("/")) if unit == "台/套" else (unit,)  # 34微克/立方米 is one measure, no volume


def same_measure(asked: str, figure: str, named_time: bool = False) -> bool:
    """Whether a count figure (592名) counts what a question's measure word asks for (多少人); with ``named_time``,
    only in the working days, hours or minutes the question names (not 2年 for 多少个工作日)."""
    unit = _tail_unit(figure)
    if unit is None:
        return True  # a bare number or an amount: no measure word to disagree with
    if named_time and _other_time(asked, unit):
        return False
    return unit == asked or any(asked in c and unit in c for c in _UNIT_CLASSES) or _also_counted(asked, (unit,))


# Measure words that also count what a question asks in its own: cases asked in 件 (how many cases) may be counted
# with 起, 例 or 宗 (刑事案件12起), while fires and accidents asked in 起 are no 件 of petitions; times asked (被点击了
# 多少次) may be counted per person, household or firm (500万人次, 214家次).
_ALSO_COUNTED = {"件": frozenset({"起", "例", "宗"}), "次": frozenset({"人次", "户次", "家次"})}


def _also_counted(asked: str, words: tuple[str, ...]) -> bool:
    return bool(_ALSO_COUNTED.get(asked, frozenset()) & set(words))


_COUNT_TAIL = re.compile(rf"[\d一二两三四五六七八九十百千]\s*{_MAGNITUDE}\s*{_APPROX}\s*({_COUNT_UNIT}|日)(?:以上)?$")


def compatible(expected: FigureKind, found: FigureKind) -> bool:
    """Whether a figure can answer a question expecting ``expected``.

    "多少" questions are classified as counts, but Chinese often asks a count
    question that is answered by an amount (投入多少 → 8950万元), so counts accept money too.
    """
    return found == expected or (expected == FigureKind.COUNT and found == FigureKind.MONEY)
