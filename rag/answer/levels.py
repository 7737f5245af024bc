"""Administrative levels: the level a question asks about (全省, 县级, provincial, central government) and the
level word that qualifies a figure (全国（2.58%）, 省级财政安排…5.62亿元，其中…1.88亿元, 11月底前完成省级…考核)."""

from __future__ import annotations

import re

from rag.text.figures import FigureKind, find_figures

# Administrative levels, as Chinese qualifiers and as English question words.
_LEVELS = {
    "national": r"全国|国家级?|中央|\bnational\b|\bcountry\b|"  # not international
                r"\bcentral (?:government|budget|funds?|funding|finance|fiscal|money|subsid(?:y|ies))\b",
    # Out-of-province (跨省, 省外) and cross-province care name no level.
    "provincial": r"全省|省级|省内|本省|\bprovincial\b|(?<!of-)(?<!of )(?<!cross-)(?<!inter-)\bprovince\b",
    "city": r"全市|市级|本市|\bmunicipal\b|\bcity\b",
    "county": r"全县|县级|本县|\bcounty\b",
    "township": r"全镇|本镇|镇级|乡级|乡镇级|镇[(（]街[)）]|乡镇[(（]街道[)）]|\btownships?\b",
    "village": r"全村|本村|村级|村[(（]社区[)）]|\bvillages?\b",
}
_LEVEL_RE = {name: re.compile(pattern, re.I) for name, pattern in _LEVELS.items()}
_LOOK_BACK = 24  # characters before a figure that may qualify it

# The level of the body a suggestion came from (provincial NPC suggestion No. 1146) is not the level asked about.
_WHO_ASKED = re.compile(r"\b(?:provincial|municipal|city|county|national) (?:NPC|CPPCC|people's congress|"
                        r"political consultative|deputy|deputies|committee member)", re.I)
# "Luonan county", "Hebei Province": the word names the place, not the level asked.
_PLACE_NAMED = re.compile(r"\b(?!(?:What|Which|How|In|The|For|By|Of|Each|Every|Per|That|This)\b)[A-Z][a-z]+"
                          r"(?:[ -][A-Z][a-z]+)*\s+(?i:county|city|province|prefecture|district|township|town|"
                          r"village)\b")


_SCOPE_WORD = re.compile(r"^[全本]")
# Money of a level of government: the share that level pays, not everything spent within it.
_SOURCE_ASKED = re.compile(r"\b(?:provincial|municipal|city|county|central)\s+(?:government\s+|fiscal\s+)?"
                           r"(?:money|funds?|funding|finance|budget|subsid(?:y|ies)|investment)\b|"
                           r"[省市县]级(?:财政|资金|补助|补贴|投入)", re.I)


def question_levels(question: str) -> set[str]:
    """The administrative levels a question asks about (县级, provincial), not those in its place names."""
    text = _WHO_ASKED.sub("", _PLACE_NAMED.sub("", question))
    return {name for name, pattern in _LEVEL_RE.items() if pattern.search(text)}


def place_levels(question: str) -> set[str]:
    """The levels of the places a question names (in Cangxi county): a figure of the whole place (全县) is
    about it, a county-level share (县级财政配套) is not what it asks."""
    named = " ".join(m.group() for m in _PLACE_NAMED.finditer(question))
    return {name for name, pattern in _LEVEL_RE.items() if pattern.search(named)}


def last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the nearest
        pass
    return found


def figure_level(sentence: str, start: int) -> tuple[str | None, str]:
    """The level word nearest before a figure in its sentence, with its level (全国（2.58%） -> national), back to
    the figure before it at most (…完成省级孵化基地年度考核，12月31日前…: 省级 is the earlier deadline's)."""
    previous = max((f.end for f in find_figures(sentence[:start])), default=0)
    before = sentence[max(0, start - _LOOK_BACK, previous) : start]
    best, at, word = None, -1, ""
    for name, pattern in _LEVEL_RE.items():
        match = last_match(pattern, before)
        if match and match.start() > at:
            best, at, word = name, match.start(), match.group()
    return best, word



_CLAUSE_END = re.compile(r"[。；;]")


def whole_start(sentence: str, start: int) -> int | None:
    """Where the whole starts when the figure at ``start`` is a part listed after 其中 in its clause (今年安排省级
    储备粮费用补贴5.62亿元，比去年增加0.64亿元，其中…轮换费用补贴1.88亿元): the clause's first figure. The parts
    are of the whole's level unless their own words name one; a date is no whole."""
    opened = sentence.rfind("其中", 0, start)
    if opened < 0 or _CLAUSE_END.search(sentence, opened, start):
        return None
    begin = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, opened)), default=0)
    first = next((f for f in find_figures(sentence[begin:opened]) if f.kind != FigureKind.DATE), None)
    return None if first is None else begin + first.start


_LIST_LINK = re.compile(r"[、和及]|以及")
_ITEM_CHARS = 12  # the most characters of an item's label between two figures of one list
_BARE_LINK = re.compile(r"\s*(?:、|和|及|以及|、和)\s*")
_LIST_BREAK = re.compile(r"[，,。；;：:]|其中")


def list_start(sentence: str, start: int) -> tuple[int, bool] | None:
    """Where the list's first figure starts when the figure at ``start`` is a later item of a list joined by 、
    (胸痛中心218家、卒中中心196家、创伤中心84家): each item's label is short and holds no pause or other number.
    The flag says whether the items have no labels at all (分别占132家、117家、41家)."""
    figures = sorted((f for f in find_figures(sentence) if f.kind != FigureKind.DATE), key=lambda f: f.start)
    at = next((i for i, f in enumerate(figures) if f.start == start), None)
    first, bare = at, True
    while first:
        between = sentence[figures[first - 1].end : figures[first].start]
        if len(between) > _ITEM_CHARS or not _LIST_LINK.match(between) or _LIST_BREAK.search(between):
            break
        bare = bare and bool(_BARE_LINK.fullmatch(between))
        first -= 1
    return None if at is None or first == at else (figures[first].start, bare)


_DAY = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月")
_CLAUSE_BREAK = re.compile(r"[，,；;。]")


def deadline_level(sentence: str, end: int) -> tuple[str | None, str]:
    """The level word in a day's own clause after it (11月底前完成省级孵化基地年度考核): what is due then."""
    stop = _CLAUSE_BREAK.search(sentence, end)
    after = sentence[end : stop.start() if stop else len(sentence)]
    found = [(m.start(), name, m.group()) for name, pattern in _LEVEL_RE.items() if (m := pattern.search(after))]
    if not found:
        return None, ""
    _, name, word = min(found)
    return name, word


def bracketed(sentence: str, start: int, end: int) -> bool:
    """A figure written alone in brackets is a comparison, not the passage's own figure."""
    return sentence[max(0, start - 1) : start] in ("（", "(") and sentence[end : end + 1] in ("）", ")")


def level_match(question: str, sentence: str, start: int, end: int) -> float:
    """From -0.5 to 0.5: whether the level word of the figure from ``start`` to ``end`` is the level the question
    asks about; a question that asks none wants the named place's own figure (全县…), not a bracketed comparison."""
    asked = question_levels(question)
    level, word = figure_level(sentence, start) if not _DAY.match(sentence, start) else deadline_level(sentence, end)
    if asked and level is None and (listed := list_start(sentence, start)) is not None:
        # 全省建成胸痛中心218家、卒中中心196家: the scope word before a list is every item's; so is any level word
        # before a list whose items have no labels of their own (县级医院分别占132家、117家、41家).
        first_level, first_word = figure_level(sentence, listed[0])
        if _SCOPE_WORD.match(first_word) or listed[1]:
            level, word = first_level, first_word
    whole = whole_start(sentence, start)
    if asked and level is None and whole is not None:  # 省级…5.62亿元，…其中轮换费用补贴1.88亿元: 省级 too
        level, word = figure_level(sentence, whole)
    if asked:
        # Provincial money is what the province pays (省级财政资金0.94亿元), not the province's whole (全省…3.27亿元).
        if level in asked and _SCOPE_WORD.match(word) and _SOURCE_ASKED.search(question):
            return 0.0
        return 0.5 if level in asked else (-0.5 if level else 0.0)
    if level is None and not _DAY.match(sentence, start):
        # 全县受灾人口9.12万人，紧急转移安置1.28万人: the scope word the sentence opens with is each later figure's too,
        # when no other level word stands between.
        level, word = _sentence_scope(sentence, start)
    if level in place_levels(question) and _SCOPE_WORD.match(word):
        return 0.5
    return -0.5 if bracketed(sentence, start, end) else 0.0


def _sentence_scope(sentence: str, start: int) -> tuple[str | None, str]:
    """The last level word before ``start`` in the sentence when it is a scope word (全县, 本市), else (None, "")."""
    found = [(m.start(), name, m.group()) for name, pattern in _LEVEL_RE.items()
             for m in pattern.finditer(sentence, 0, start)]
    if not found:
        return None, ""
    _, name, word = max(found)
    return (name, word) if _SCOPE_WORD.match(word) else (None, "")
