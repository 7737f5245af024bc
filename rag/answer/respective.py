"""Enumerations with 分别: the items before it and the figures after it go in pairs.

小麦、玉米全程托管亩均节本增效分别为126元、153元: a question about maize wants the second figure, a
question about wheat and maize wants both. Official text states parallel figures this way all the time
(城镇、农村居民人均可支配收入分别达到…、…), so the item a question names picks its figure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.bands import named_band
from rag.answer.changes import CHANGED_TO, REPEATED_MEASURE
from rag.answer.stated import stated_in_question
from rag.text.english import is_english
from rag.text.figures import Figure, FigureKind, find_figures
from rag.text.glosses import named_by_gloss

# 小麦、玉米亩均节本增效分别为126元、153元: the items before 分别 and the figures after it go in pairs.
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到?|增长|下降|提高|减少|占|有|完成|实现|拨付|安排|下达)?")
_LIST_JOIN = re.compile(rf"^(?:[\s、和与及]|,(?=\s))+{REPEATED_MEASURE}$")  # 12万元, 15万元: a page flattened to ASCII
# 和 inside an office's name (自然资源和规划分局, 人力资源和社会保障局) joins no items.
_HE_IN_NAME = re.compile(r"(?<=住房)和(?=城乡)|(?<=人力资源)和(?=社会保障)|(?<=自然资源)和(?=规划)|"
                         r"(?<=工业)和(?=信息化)|(?<=文化)和(?=旅游)|(?<=发展)和(?=改革)|(?<=教育)和(?=体育)|(?<=商务)和(?=粮食)|"
                         r"(?<=科学技术)和(?=工业)|(?<=民族)和(?=宗教)|(?<=新闻)和(?=出版)")
_ITEM_JOIN = re.compile(r"[、和]|(?<!参)与|及(?!以[上下])")  # 参与 joins nothing, 2晚及以上 is one item
_GROUP_JOIN = re.compile(r"和|(?<!参)与|及(?!以[上下])")
_NAME_JOIN = "\x1f"  # stands for 和 inside a name while the items are split
_HARD_STOP = re.compile(r"[，；;。：:（）()]")
_CLAUSE_STOP = re.compile(rf"{_HARD_STOP.pattern}|(?<!\d),|,(?!\d)")  # an ASCII comma between digits is a number's
_OBJECT_CHARS = 16  # a number in them counts as one character (海拔3,500米至4,500米地区每人每月)
_DIGITS = re.compile(r"\d[\d,.]*")
# 分别由川区每个80万元、山区每个120万元提高到…: each old figure after its own short label (the items, inline).
# The label may end with what the figure is per (分别由大田滴灌每亩每年20元、设施农业滴灌每亩每年30元提高到…).
# A band's label holds its bounds (分别由海拔3,500米至4,500米地区每人每月800元、4,500米以上地区每人每月1,200元提高到…).
_LABELLED_JOIN = re.compile(r"[、和与及]\s*((?:[\u4e00-\u9fff]|\d[\d,.]*(?=[\u4e00-\u9fff])){1,10}?"
                            r"(?:每[\u4e00-\u9fff]){0,2})")
_INLINE_LEAD = re.compile(r"^\s*[由从]?\s*")
_INLINE_TAIL = re.compile(r"(?:每[\u4e00-\u9fff]){1,2}$|每$")
_ITEM_LEAD = re.compile(r"对(?!象)|[为在将向给按把被从由]")  # 低保对象: 对象 is a word, not 对
_LONGER_BY = 4  # characters the last item may run past the first one's length to reach their shared head
_CHANGE_JOIN = re.compile(rf"(?:{CHANGED_TO.pattern}){REPEATED_MEASURE}")


def respective_list(sentence: str, start: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The items and the figure spans of the 分别 enumeration a figure belongs to, if any (as many items as
    figures, at least two); the outer items are cut to the length of the others (全省城镇、农村居民收入 →
    全省城镇, 农村居民). A list may mix kinds (分别为1.2万人、0.5万人和3.5%); one read in the figure's kind alone
    takes the figures of other kinds for parts of its labels (分别由海拔3,500米至4,500米地区每人每月800元、…)."""
    if (found := _respective_list(sentence, start, None)) is not None:
        return found
    kind = next((f.kind for f in find_figures(sentence) if f.start == start), None)
    return None if kind is None else _respective_list(sentence, start, kind)


def _respective_list(sentence: str, start: int, kind: FigureKind | None
                     ) -> tuple[list[str], list[tuple[int, int]]] | None:
    """``respective_list`` over the figures of ``kind`` (None: of every kind)."""
    for m in _RESPECTIVELY.finditer(sentence, 0, start):
        figures = [f for f in find_figures(sentence[m.end() :]) if kind is None or f.kind == kind]
        spans: list[tuple[int, int]] = []
        changed: list[tuple[int, int]] = []  # 分别由2,600元、1,800元提高到3,000元和2,200元: the new values' list
        inline: list[str] = []  # the label before each old figure, when each has one (川区每个80万元、山区每个…)
        at = 0
        for f in figures:
            between = sentence[m.end() + at : m.end() + f.start]
            joined = f.start == at or _LIST_JOIN.match(between)
            labelled = None if joined or changed or not spans else _LABELLED_JOIN.fullmatch(between)
            if changed and not joined:
                break
            if changed or (len(spans) >= 2 and _CHANGE_JOIN.fullmatch(between.strip())):
                changed.append((m.end() + f.start, m.end() + f.end))
            # The first figure may follow the verb's object (分别新建森林消防专业队伍12支和9支), the others only a join.
            elif not joined and not labelled and (spans or len(_DIGITS.sub("0", between)) > _OBJECT_CHARS or
                                                  _CLAUSE_STOP.search(between)):
                break
            else:
                spans.append((m.end() + f.start, m.end() + f.end))
                inline.append(labelled.group(1) if labelled else "" if spans[1:] else between)
            at = f.end
        if any(inline[1:]) and not all(inline[1:]):
            return None  # labelled figures mixed with bare ones: no list of this reading
        if len(changed) == len(spans) and any(s == start for s, _ in changed):
            spans = changed
        if not any(s == start for s, _ in spans):
            continue
        items = _items(sentence, m.start(), len(spans))
        if len(items) < 2:  # …分别达到41,236元和18,674元，分别增长5.2%和7.4%: the items of the 分别 before
            earlier = [_items(sentence, e.start()) for e in _RESPECTIVELY.finditer(sentence, 0, m.start())]
            items = next((x for x in reversed(earlier) if len(x) == len(spans)), items)
        # 对本科、硕士和博士毕业生，补贴标准分别由…: the list ends a clause before (the nearest of up to three
        # that lists as many: 鲜果初加工项目和精品咖啡庄园建设项目，按…给予补助，今年起单个项目补助上限分别由…).
        at = m.start()
        for _ in range(3):
            if len(items) >= 2 or (at := _clause_start(sentence, at)) == 0:
                break
            before = _items(sentence, at, len(spans))
            items = before[-len(spans) :] if len(before) >= len(spans) else items
        if (noted := _noted_items(sentence, spans[-1][1], len(spans), len(items) != len(spans))):
            return noted, spans  # …分别由每餐2元、3元提高到3元和5元(对应60至79周岁、80周岁及以上老人)
        if len(items) < 2 and len(inline) >= 2 and all(inline):  # 分别由川区每个80万元、山区每个120万元…
            items = [_INLINE_TAIL.sub("", _INLINE_LEAD.sub("", label)) for label in inline]
            return (items, spans) if all(items) else None
        if contracted := _contracted(items, sentence, spans):
            return contracted, spans
        if len(items) != len(spans) or len(items) < 2:
            return None
        # The first item starts after the clause's verb or preposition (对晋升为省级、国家级重点龙头企业的: 省级).
        items[0] = _ITEM_LEAD.split(items[0])[-1] or items[0]
        size = min(len(items[0]), len(items[-1])) if len(items) == 2 else max(map(len, items[1:-1]))
        last = _last_item(items[0][-size:], items[-1], size)
        # 租用保护区内高标准农田、一般农田的租金补贴: the last item ends at its modifier's 的, and the first is as
        # long (the verb and place before it are no part of the item).
        modified = len(items) == 2 and items[-1][len(last) : len(last) + 1] == "的" and \
            not any(c.isdigit() for c in items[0] + last)  # bands keep their bounds (50亩至200亩、200亩以上的)
        shared_tail = items[-1][len(last) :]
        if modified and len(items[0]) > len(shared_tail) and items[0].endswith(shared_tail):
            items[0] = items[0][: -len(shared_tail)]  # 四层至六层的既有住宅和七层及以上的既有住宅: each written in full
        else:
            items[0] = items[0][-(len(last) if modified else size) :]
        items[-1] = last
        # 对新认定的市级、区级示范街区的奖励: what stands before a 的 in the first item modifies every item.
        lead, _, rest = items[0].rpartition("的")
        if lead and len(rest) >= 2 and "的" not in last:
            items[0] = rest
        return items, spans
    return None


# The items named in brackets right after the figures, in their order: (对应小（1）型、小（2）型), （分别为A、B）.
_NOTED = re.compile(r"\s*[（(]\s*(?P<lead>(?:分别|依次)?(?:对应|为|是|指))?(?P<items>[^（）()]{2,40})[）)]")


def _noted_items(sentence: str, end: int, figures: int, unlisted: bool) -> list[str] | None:
    """The items a bracket right after a 分别 list's last figure (at ``end``) names, one per figure, when it says
    it lists them (对应, 分别为) or when the words before 分别 list none (``unlisted``)."""
    tail = _LABEL_NUMBER.sub(r"〔\1〕", sentence[end : end + 60])
    note = _NOTED.match(tail)
    if note is None or not (note.group("lead") or unlisted):
        return None
    items = [i.strip() for i in _ITEM_JOIN.split(note.group("items")) if i.strip()]
    return items if len(items) == figures and all(len(i) >= 2 for i in items) else None


def _last_item(first: str, last: str, size: int) -> str:
    """The last item without the words the items share after it: up to a 的 that ends the items' modifier, else up
    to the head character the two share (早稻、双季晚稻省级奖补 -> 双季晚稻; 国家级、自治区级标准化试点 -> 自治区级),
    else cut to the first item's length (小麦、玉米全程托管 -> 玉米)."""
    modified = last.find("的", 2, size + _LONGER_BY)  # 新造林和低产林改造的省级补助: the items modify what follows
    if modified > 0:
        return last[:modified]
    head = _shared_head(first, last, size)
    return last[: head + 1 if head >= 0 else size]


def _shared_head(first: str, last: str, size: int) -> int:
    """Where the last item writes the first one's last character (级 of 甲级 in 乙级旅游民宿), or -1."""
    return last.find(first[-1], 1, size + _LONGER_BY) if first else -1


_LABEL_NUMBER = re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")
_NOTE = re.compile(rf"(?!{_LABEL_NUMBER.pattern})[（(][^（）()]{{0,30}}[）)]")
_NAME_NOTE = re.compile(r"[\u4e00-\u9fff]{1,8}")


def _clause_start(sentence: str, at: int) -> int:
    """Where the clause holding ``at`` begins (0, or after the stop before it), less the stop itself."""
    stops = [c.start() for c in _CLAUSE_STOP.finditer(sentence, 0, at)]
    return stops[-1] if stops else 0


def _note_words(note: re.Match) -> str:
    words = note.group()[1:-1]
    return words if _NAME_NOTE.fullmatch(words) and not _ITEM_JOIN.search(words) else ""


def _items(sentence: str, at: int, figures: int = 0) -> list[str]:
    """The items listed in the clause before the 分别 at ``at`` (小麦、玉米全程托管亩均节本增效 -> two); a short
    bracketed note inside an item (5年以下(含5年)和5年以上) is part of it, not a clause break. An item may list
    places itself (粤东粤西粤北地区和江门、肇庆、惠州市…分别…40%、25%): when only 和, 与 and 及 split the clause into
    as many items as there are ``figures``, they are the items."""
    # 小（2）型: a label, not a clause break. A note that only names (村(社区)服务站: community) stays with its item;
    # one with figures or more than one name (含5年; 连片面积3,000亩以上; 含A、B) is dropped.
    text = _HE_IN_NAME.sub(_NAME_JOIN, _LABEL_NUMBER.sub(r"〔\1〕", _NOTE.sub(_note_words, sentence[:at])))
    clause_start = max((c.end() for c in _CLAUSE_STOP.finditer(text)), default=0)
    items = [i for i in _ITEM_JOIN.split(text[clause_start:]) if i]
    if figures and len(items) != figures:
        grouped = [i for i in _GROUP_JOIN.split(text[clause_start:]) if i]
        items = grouped if len(grouped) == figures else _flattened_items(text, figures) or items
    return [i.replace(_NAME_JOIN, "和") for i in items]


# Two items written as one word (城乡低保标准分别由…提高到940元和710元: 城镇 then 农村), each member with its synonyms;
# not inside a name (城乡建设局, 城乡居民医保, 进出口银行, 男女平等).
_CONTRACTED = {"城乡": ("城镇城市", "农村乡村"), "进出口": ("进口", "出口"), "收支": ("收入", "支出"),
               "大中型": ("大型", "中型"), "中小学": ("中学", "小学"), "男女": ("男性", "女性")}
_IN_A_NAME = re.compile(r"城乡(?:建设|规划|居民(?:基本)?(?:医保|医疗|养老))|进出口银行|男女平等|收支两条线")
_UNIT = re.compile(r"^[\d,.]+")


def _contracted(items: list[str], sentence: str, spans: list[tuple[int, int]]) -> list[str]:
    """The two items of a clause that names them in one contracted word (城乡, 进出口, 收支), for two figures in one
    unit (not 1.2万人、3.4万户, one set counted two ways), else none."""
    if len(spans) != 2 or len(items) != 1 or _IN_A_NAME.search(items[0]):
        return []
    units = {_UNIT.sub("", sentence[a:b]) for a, b in spans}
    word = next((w for w in _CONTRACTED if w in items[0]), None)
    return [items[0].replace(word, member, 1) for member in _CONTRACTED[word]] if word and len(units) == 1 else []


# A page flattened to ASCII writes its 、 as ", " too (一类, 二类, 三类, 四类地区分别由…): the clause's last items.
_FLAT_JOIN = re.compile(r"[、和]|,(?!\s*\d)\s*")
_FLAT_ITEM_CHARS = 8


def _flattened_items(text: str, figures: int) -> list[str]:
    """The last ``figures`` items of the clause before a 分别 when ASCII commas join them, each but the first short
    (the first runs back to the clause's start and is cut like any first item); else none."""
    start = max((c.end() for c in _HARD_STOP.finditer(text)), default=0)
    if ", " not in text[start:]:
        return []
    parts = [p for p in _FLAT_JOIN.split(text[start:]) if p]
    tail = parts[-figures:]
    return tail if len(tail) == figures >= 2 and all(len(p) <= _FLAT_ITEM_CHARS for p in tail[1:]) else []


def named_items(items: list[str], terms: list[str], question: str = "") -> list[int]:
    """The positions of the items whose tiers or label numbers the question writes (``_labelled``); else the band
    that holds a value the question states (a car of 150,000 yuan: 10万元（含）至20万元); else those that a
    question's terms name (a term of one item and of no other); else, for an English ``question``, those it names
    by a dictionary gloss of theirs (master's graduates: 硕士研究生).
    The head the items share names none of them (甲级、乙级旅游民宿: 旅游民宿, homestay)."""
    shared = _shared_tail(items)
    if shared >= 2 and all(len(item) > shared for item in items):  # 全国、省级乡村旅游重点村: each written in full
        cut = items
    else:
        head = _shared_head(items[0], items[-1], len(items[0]))
        cut = [*items[:-1], items[-1][: head + 1]] if head >= 0 else items
    named = [i for i, item in enumerate(cut)
             if any(t in item and not any(t in other for j, other in enumerate(cut) if j != i) for t in terms)]
    # A tier or label number the question writes (level two and level three) names its items more exactly than
    # a term that only the first item holds (安全生产标准化二级、三级: the shared words stand before the first).
    # A value the question states (a project of 30 million yuan) names its band more exactly than the terms or
    # glosses of the words the bands share, which the first item writes (设备投资5,000万元以上).
    return (_labelled(items, question) or named_band(items, question) or _named_value(items, question) or named
            or named_by_gloss(cut, question))


def _named_value(items: list[str], question: str) -> list[int]:
    """The one item that writes a figure the question states (首次突破1亿元、5,000万元的 for 5000万元): a value names
    its item more exactly than the words the items share, which the first one writes."""
    held = [i for i, item in enumerate(items) if any(stated_in_question(question, f.text) for f in find_figures(item))]
    return held if len(held) == 1 else []


# The label numbers of items (小（1）型, kept as 小〔1〕型 by ``_items``) and how a question writes them.
_ITEM_LABEL = re.compile(r"〔(\d{1,2})〕")
_LABEL_ASKED = re.compile(r"(?:type|class|grade|category|tier)[\s-]*(\d{1,2})\b|[（(]\s*(\d{1,2})\s*[)）]", re.I)


# An English ordinal of a tier (second-level hospitals, third-tier prices); tiers as Chinese writes them (二级, 第三档).
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_TIER_ASKED = re.compile(rf"\b({'|'.join(_ORDINALS)})[\s-]+(?:level|tier|grade|class|category|bracket|step)s?\b", re.I)
# …or its number after the word (class-two dwellings, grade three): 二类, 三级.
_CARDINALS = ("one", "two", "three", "four", "five", "six")
_TIER_NUMBER_ASKED = re.compile(rf"\b(?:level|tier|grade|class|category)[\s-]+({'|'.join(_CARDINALS)})\b", re.I)
_TIER = re.compile(r"第?([一二三四五六])\s*(?:星级|星|级|档|类|等|阶梯)")
# A star rating (four-star, 5-star): 四星级.
_STAR_ASKED = re.compile(rf"\b({'|'.join(_CARDINALS)}|[1-6])[\s-]+stars?\b", re.I)
# The three sectors of an economy (第一、二、三产业增加值分别为…): primary, secondary and tertiary industry.
_SECTORS = ("primary", "secondary", "tertiary")
_SECTOR_ASKED = re.compile(rf"\b({'|'.join(_SECTORS)})\s+(?:industry|industries|sector)\b", re.I)
_SECTOR = re.compile(r"^第?([一二三])(?:产业|产)?$")


@lru_cache(maxsize=1024)
def _asked_labels(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The label numbers (type-1: 1) and the tiers (second-level, class-two, four-star: 二, 二, 四) a question writes;
    read once per question, not once per figure of its lists."""
    asked = {a or b for a, b in _LABEL_ASKED.findall(question)}
    tiers = {"一二三四五六"[_ORDINALS.index(m.lower())] for m in _TIER_ASKED.findall(question)} | \
        {"一二三四五六"[_CARDINALS.index(m.lower())] for m in _TIER_NUMBER_ASKED.findall(question)} | \
        {"一二三四五六"[int(m) - 1 if m.isdigit() else _CARDINALS.index(m.lower())]
         for m in _STAR_ASKED.findall(question)} | \
        {"一二三"[_SECTORS.index(m.lower())] for m in _SECTOR_ASKED.findall(question)}
    return frozenset(asked), frozenset(tiers)


def _labelled(items: list[str], question: str) -> list[int]:
    """The items whose label numbers the question writes (small type-1 and small type-2: 小（1）型, 小（2）型), or
    whose tiers it names by their ordinals or numbers (second-level hospitals, class-two dwellings, four-star centres,
    secondary industry: 二级, 二类, 四星级, 第一、二、三产业's 二)."""
    asked, tiers = _asked_labels(question)
    if not asked and not tiers:
        return []
    return [i for i, item in enumerate(items) if ((m := _ITEM_LABEL.search(item)) and m.group(1) in asked)
            or ((t := _TIER.search(item) or _SECTOR.match(item)) and t.group(1) in tiers)]


_UNNAMED_ITEM = -0.5
_EACH_ASKED = re.compile(r"分别|各|每|哪|\b(?:each|respectively|every|per|which)\b", re.I)


def respective_match(terms: list[str], sentence: str, start: int, question: str = "") -> float:
    """1 for the figure of an enumerated item a question names (农村居民 → the second of 分别为
    33,186元、19,742元), -1 for the figures of the items it does not name, ``_UNNAMED_ITEM`` for those of a list of
    three or more when it names none and asks for no item's (each, which), else 0."""
    found = respective_list(sentence, start)
    if found is None:
        return 0.0
    items, spans = found
    named = named_items(items, terms, question)
    if not named:
        # 五个村分别硬化3.2公里、…2.6公里 beside 硬化村内道路14.6公里: asked none of three or more items, one item's
        # figure is a part of what the question asks; unless the question writes what tells an item from the
        # others, in a form the terms miss (第三产业 for 一产、二产、三产: 三). A Chinese question that writes neither
        # of two items (规划建设局、自然资源和规划分局…办结率分别为…, asked the zone's rate) asks for neither; an
        # English one may name a short item (市, 县) in words the bridge misses.
        least = 3 if is_english(question) else 2
        unnamed = len(items) >= least and not _EACH_ASKED.search(question) and \
            not any(part in question for part in _distinct_parts(items))
        return _UNNAMED_ITEM if unnamed else 0.0
    if len(named) == len(items):  # every item named: by their tiers (level two and three), the list answers
        return 1.0 if len(items) >= 2 and _labelled(items, question) and any(a == start for a, _ in spans) else 0.0
    # Several named (intermediate and advanced): the answer spans them all (respective_span) from one of them.
    return 1.0 if any(spans[i][0] == start for i in named) else -1.0


def _shared_tail(items: list[str]) -> int:
    """How many last characters all the items share (市级、区级示范街区 → 0; 甲级、乙级旅游民宿 → 5)."""
    return next((n for n in range(min(map(len, items)), 0, -1) if len({i[-n:] for i in items}) == 1), 0)


def _distinct_parts(items: list[str]) -> list[str]:
    """What tells each item from the others: the item less the head and the tail all of them share."""
    tail = _shared_tail(items)
    bodies = [i[: len(i) - tail] for i in items]
    head = next((n for n in range(min(map(len, bodies)), 0, -1) if len({b[:n] for b in bodies}) == 1), 0)
    return [b[head:] for b in bodies if b[head:]]


def respective_span(terms: list[str], sentence: str, figure: Figure, end: int, question: str = "") -> tuple[int, int]:
    """The answer's span in its sentence: from the figure to ``end``, or, when the question's terms name
    several items of the figure's 分别 enumeration (for wheat and for maize), over the figures of all of them."""
    found = respective_list(sentence, figure.start)
    if found is not None:
        items, spans = found
        named = named_items(items, terms, question)
        if len(named) >= 2:
            return spans[named[0]][0], spans[named[-1]][1]
    return figure.start, end
