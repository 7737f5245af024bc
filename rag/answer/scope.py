"""Whose a figure is. The document's own place: 全县 or 我县 in a county government's report is that county,
whatever other county an earlier sentence of the passage mentions (主动承接榕江县"村超"溢出效应…
全县接待游客726.4万人次 is 从江县's); so is a figure whose sentence names no place at all
(与安泽县共建旅游环线。全年接待游客486万人次 in 沁源县's report). A figure whose own clause names a sibling
place is that place's (吉林市…412.6亿元 is not 延边州's)."""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.context import named_places, place_stem
from rag.text.gazetteer import lies_in
from rag.text.lexical import places

# A scope word before a figure in its clause, and the level it speaks of.
_SCOPE = re.compile(r"(?:全|我|本)([省市县区镇乡])")
_CLAUSE = re.compile(r"[，,；;。：:]")
_ITEM = re.compile(r"[，,；;。：:、]")  # a clause or a list's item (…、常熟市级配套598万元、镇级自筹268万元)
_HEADER_FIELDS = ("issuer", "title", "addressee")
# The level an English question gives a place (Anze County): the character a Chinese name of that level ends in.
_EN_LEVELS = {"province": "省", "city": "市", "county": "县", "district": "区", "town": "镇", "township": "乡",
              "banner": "旗"}
_EN_LEVEL = re.compile(r"\W*(" + "|".join(_EN_LEVELS) + r")\b", re.I)


def _level(question: str, place: str, spellings: tuple[str, ...]) -> str | None:
    """The level of a place the question names: its Chinese suffix (安泽县), or the English word after it."""
    for spelling in spellings:
        if spelling[-1:] in _EN_LEVELS.values():
            return spelling[-1]
    at = question.find(place)
    found = _EN_LEVEL.match(question, at + len(place)) if at >= 0 and place.isascii() else None
    return _EN_LEVELS[found.group(1).lower()] if found else None


def scope_elsewhere(question: str, sentence: str, figure_start: int, summary: dict | None,
                    pinyin_places: tuple = ()) -> str | None:
    """The place a figure's scope word (全县) speaks of when it is the document's own and not the one the question
    names: the clause says 全县 (or 我县, 本县), the document's issuer or title names a place of that level, and
    neither the header nor the sentence names the question's place. None when the figure may be of that place."""
    asked = named_places(question, pinyin_places)
    if not asked or not summary:
        return None
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, figure_start)), default=0)
    scope = _SCOPE.search(sentence, start, figure_start)
    header = " ".join(str(summary.get(f) or "") for f in _HEADER_FIELDS)
    # With a scope word, only the figure's own clause may name the place asked (我县与桦川县结对互查，我县综合得分92.6分
    # is 我县's score); without one, the whole sentence.
    said = sentence[start:figure_start] if scope is not None else sentence
    for _, spellings in asked:
        for spelling in spellings:
            stem = place_stem(spelling)
            forms = {spelling, stem} if len(stem) >= 2 else {spelling}
            if any(form in header or form in said for form in forms):
                return None
    if scope is not None:
        level = scope.group(1)
    else:  # no scope word: the figure is the header's place's when that place is of the level asked
        levels = {_level(question, place, spellings) for place, spellings in asked}
        if len(levels) != 1 or None in levels or named_places(sentence):
            return None
        level = levels.pop()
    own = re.search(rf"[\u4e00-\u9fff]{{2,8}}?{level}(?=[\u4e00-\u9fff]|$)", header)
    return own.group() if own else None


# A place written with its level (吉林市, 敦化市, 茶山街道, 东城区): a name, not a word jieba happens to tag (江南,
# 城镇, 城市: two characters), a word of scope (各县区, 全市) nor a kind of zone (开发区, 示范区).
_LEVELLED = re.compile(r"^(?![各全本我该每其这那])"
                       r"(?!.*(?:开发|高新|示范|保护|试验|功能|合作|综合|工业|产业|经济|旅游|风景|自贸|保税)区$)"
                       r"[\u4e00-\u9fff]{2,8}(?:省|市|县|区|州|盟|旗|镇|乡|街道)$")


def clause_place_elsewhere(question: str, sentence: str, figure_start: int, pinyin_places: tuple = ()) -> str | None:
    """The place a figure's own clause (or list item) names when the question names another (吉林市实现冰雪旅游收入412.6
    亿元, for a question about 延边州 that the passage lists among five 市(州)): the figure is that place's. None when
    the question names no place, or the clause names the one asked, a place that may hold it or one inside it (a
    question about 浙江's cities is answered by 温州市's figure)."""
    asked, forms = _asked_places(question, pinyin_places)
    if not asked:
        return None
    start = max((m.end() for m in _ITEM.finditer(sentence, 0, figure_start)), default=0)
    clause = sentence[start:figure_start]
    if any(form in clause for form in forms):
        return None
    for place in places(clause):
        if _LEVELLED.search(place) and not any(_may_hold(place, s) or _may_hold(s, place) for s in asked):
            return place
    return None


@lru_cache(maxsize=256)
def _asked_places(question: str, pinyin_places: tuple) -> tuple[tuple[str, ...], frozenset[str]]:
    """The spellings of the places a question names and their forms with and without a level, read once per question
    however many candidate figures are checked."""
    asked = tuple(s for _, spellings in named_places(question, pinyin_places) for s in spellings)
    return asked, frozenset(f for s in asked for f in (s, place_stem(s)) if len(f) >= 2)


_RANKS = {"省": 1, "市": 2, "州": 2, "盟": 2, "县": 3, "区": 3, "旗": 3, "镇": 4, "乡": 4, "道": 4}


def _may_hold(outer: str, inner: str) -> bool:
    """Whether the place ``outer`` (吉林市) may hold ``inner`` (延边州): a higher level, where both write theirs, and
    the dictionary's word (吉林 holds 延边 as a province, but 吉林市 is no province)."""
    ranks = _RANKS.get(outer[-1]), _RANKS.get(inner[-1])
    if None not in ranks and ranks[0] > ranks[1]:
        return False
    # A city of a prefecture's rank holds no prefecture, but a county-level city lies in its prefecture (延吉市 in
    # 延边州): of equal ranks, the dictionary decides unless the outer name is a province's (吉林市, not 吉林省).
    if None not in ranks and ranks[0] == ranks[1] and place_stem(outer) in _PROVINCES:
        return False
    return lies_in(inner, place_stem(outer)) or lies_in(place_stem(inner), place_stem(outer))


_PROVINCES = frozenset(("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
                        "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川",
                        "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏",
                        "新疆", "香港", "澳门"))
