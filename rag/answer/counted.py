"""What a figure question counts, and whether a figure's own clause names it.

A sentence of an official report lists several figures of one kind (共148人参加培训，141人通过考试获得
证书; 形成208个新产品，建立91个企业高校联合创新平台). All the question's words are in the sentence, so the
sentence's similarity cannot choose among its figures, and the question's other words (where, which
programme) may sit next to the wrong figure. What decides is the phrase the question asks about, which
Chinese writes right next to the ask: the noun after the measure word (多少个课题), the words just before
the ask (实际转化的职务成果有多少个; 赋权试点, the scope further left, weighs less and less with its
distance from the ask) or the predicate after it (多少人考试合格拿到了证书). English writes it after
"how many": the counted noun and its verb, up to the first preposition that opens a scope (technical
needs of companies were solved | through the events), and it reaches the Chinese clause through its
bridged terms. The figure whose clause holds more of that phrase is the one asked for
(rag.answer.extract weighs this share).
"""

from __future__ import annotations

import re

from rag.answer.asked_parts import names_part
from rag.answer.changes import REPEATED_MEASURE, predecessor
from rag.answer.conflicts import CLAUSE_BREAK
from rag.answer.labels import pairs
from rag.answer.qualifiers import asks_part
from rag.answer.span import clause_sides, part_terms
from rag.search.retrieval import Retrieval
from rag.text.figures import Figure, find_figures
from rag.text.lexical import tokenize
from rag.text.pinyin_names import english_names

_ZH_ASK = re.compile(r"(?:多少|几)(?:个百分点|万元|亿元|人次|[个项家户名人场次件篇所台套位种条批届期类元座处])?")
_ZH_BREAK = re.compile(r"[，；;：:（）()？?。！!“”]|(?<!\d),|,(?!\d)")
_PART_STOP = re.compile(r"[。；;]")
# The whole a part after 其中 is read with ends at its sentence: read across a full stop (全年实际支出…，预算执行率
# 96.57%…。其中：基本支出…执行率94.67%), the part held every word of the sentence before and outranked it (dev +1,
# none lost; reading on to the semicolon before had been the rule).
_SENTENCE_STOP = re.compile(r"[。；;]")
_AMONG = re.compile(r"^((?:[^，,；;。、]|(?<=\d),(?=\d)){1,16}?)(?:之中|当中|中)"
                    r"(?=[，,]?\s*(?:已|有|共|累计|建成|完成|实现|\d))")
_ZH_SPAN = 12  # characters before the ask over which a term's weight falls to 0 (实际转化的职务成果 | 赋权试点)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A clause that before its figure names only a time and a verb (今年1—5月已达, 同期为, 2024年共完成).
_ELLIPTIC = re.compile(r"^\s*(?:(?:今年|去年|上年|本年|当年|同期|上半年|下半年|前三季度|全年|"
                       r"[\d一二三四五六七八九十]+\s*(?:[—\-~至到]\s*[\d一二三四五六七八九十]+\s*)?(?:年|月|季度))\s*)+"
                       r"(?:已经|已|共|累计|同比)?(?:达到|达|为|是|完成|实现|突破|超过|增加|增长)?\s*$")
# "What was the public satisfaction rate of …": the noun phrase after "the" is what it asks (not "the most …").
_EN_ASK = re.compile(r"\bhow (?:many|much)\b|\bwhat (?:(?:minimum|maximum|total) )?(?:number|amount|share|sum) of\b|"
                     r"\bwhat (?:is|was|are|were|will be) the\b(?! (?:most|least|highest|lowest|largest|smallest)\b)",
                     re.I)
# (Provincial money went into a fund: there the subject names the part asked, not what it went into.)
_EN_SPENT = re.compile(r"\b(?:spend|spent|invest|invested|allocate|allocated|earmark|earmarked|use|used|put)\s*$",
                       re.I)
# spending on official receptions, budgeted for official receptions: what the money went to is what is counted.
_EN_SPENT_ON = re.compile(r"\b(?:spending|expenditure|expenses|budget|budgeted|set aside)\s*$", re.I)
_EN_SOURCE = re.compile(r"\b(?:comes?|came|is|was|are|were|will be)\s+(?:[a-z]+\s+)?(?:from|by)\s+", re.I)
_EN_AUX = re.compile(r"\b(?:did|does|do|will|would|can|could)\b", re.I)
# Among the colleges proposed in 2024, how many are run by universities in eastern Guangdong?: "how many" stands for
# the noun of the opening clause, and the verb after it says which of them are counted.
_EN_AMONG = re.compile(r"^\s*(?:among|of|out of)\s+(?:the|all(?: the)?|these|those)?\s*(.+?)\s*,\s*$", re.I)
_EN_BARE_VERB = re.compile(r"\s*(?:are|were|is|was|have|has|had)\b", re.I)
_EN_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?=(?:the|its|their|this|these|that|each|every|all)\b|[A-Z])")
# The last auxiliary of "how much of …" (… that had been paid to them has been | recovered): the main verb follows.
_EN_MAIN_AUX = re.compile(r"\b(?:is|are|was|were|been|be)\s+(?:now\s+|already\s+|still\s+|currently\s+)?(?=[a-z])",
                          re.I)
_EN_HAD_TO = re.compile(r"\b(?:had|has|have|needs?|needed) to be\b", re.I)
_EN_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|\band how\b", re.I)
_EN_RELATIVE = re.compile(r"\b(?:that|which|who)\s+(?:(?:had|has|have)\s+)?(?:been|were|was|are|is)\s+[a-z]+", re.I)
_EN_COMPLEMENT = re.compile(r"on|for|in|into|to", re.I)
_EN_CLOSING_VERB = re.compile(r"\b([a-z]+)\s*\?\s*$", re.I)
_EN_PREDICATE = re.compile(r"\b(?:are|is|were|was|have been|has been|had been)\s+(?:now\s+|currently\s+|already\s+|"
                           r"still\s+)?([a-z][^?]*)", re.I)
# Prepositions that open the question's scope (where, when, through what), not what it counts; "of" stays
# (needs of companies).
_EN_SCOPE = re.compile(r"\b(?:at|in|on|through|under|during|across|between|within|from|since|for|by|to|per|"
                       r"each|over|after|before|with|via|into|among)\b|[,;?]", re.I)


def counted_phrase(question: str) -> tuple[str, str]:
    """The words before a figure question's ask and after it that name what it counts (('', '') when it
    has no ask word); English names it after the ask only."""
    match = _EN_ASK.search(question)
    if match:
        # How many people had to be urgently relocated: "to" of "had to be" opens no scope.
        rest = _EN_HAD_TO.sub("were", question[match.end() :])
        among = _EN_AMONG.match(question[: match.start()])
        if among and match.group().lower() == "how many" and _EN_BARE_VERB.match(rest):
            scope = _EN_SCOPE.search(among.group(1))
            lead = among.group(1)[: scope.start()] if scope else among.group(1)
            return "", f"{lead.strip()} {rest.strip(' ?')}"
        scope = _EN_SCOPE.search(rest)
        # did the bureau spend on official hospitality, did the fund put into ice-and-snow products: what the money
        # went to, not who spent it (but How much provincial money did Hubei put into …: the money named first).
        word = scope.group().lower() if scope else ""
        if ((word == "on" or (word == "into" and _EN_AUX.match(rest.lstrip()))) and
                _EN_SPENT.search(rest[: scope.start()])) or \
                (word in ("on", "for") and _EN_SPENT_ON.search(rest[: scope.start()])):
            rest = rest[scope.end() :]
            scope = _EN_SCOPE.search(rest)
        # How much of the fund comes from the city's own budget? Of the funds, how much was arranged from the
        # provincial budget? A part asked by its source is named by the source, not by the whole.
        if (rest.lstrip().lower().startswith("of ") or asks_part(question)) and \
                (source := _EN_SOURCE.search(rest)):
            rest = rest[source.end() :]
            scope = _EN_SCOPE.search(rest)
        if rest.lstrip().lower().startswith("of ") and (main := _main_predicate(rest)):
            # How much of the subsidies paid to ineligible people has been recovered? How many of the posts are in
            # health care? Of a whole, the part is named by what the main verb says of it (已追回44.80万元), not by
            # the whole every figure of the sentence shares (发放就业补贴46.32万元).
            return "", main
        phrase = rest[: scope.start()] if scope else rest
        # How many new products has the programme helped companies develop?: what is counted stops before has/have
        # and the subject after it.
        perfect = _EN_PERFECT.search(phrase)
        phrase = phrase[: perfect.start()] if perfect and phrase[: perfect.start()].strip() else phrase
        # How much spending did the subsidies leverage?: the verb closing a question asked with did/does/will
        # says what happened to the counted thing.
        verb = _EN_CLOSING_VERB.search(rest) if _EN_AUX.search(rest) else None
        # How many facilities in Fujian are now run by third-party operators?: a predicate after the scope
        # says what the counted things are (纳入第三方专业运维的设施 against 接入平台的设施).
        passive = _EN_PREDICATE.search(rest, scope.end()) if scope else None
        return "", " ".join([phrase, verb.group(1) if verb else "", passive.group(1) if passive else ""]).strip()
    match = _ZH_ASK.search(question)
    if not match:
        return "", ""
    before = question[: match.start()]
    start = max((m.end() for m in _ZH_BREAK.finditer(before)), default=0)
    after = question[match.end() :]
    stop = _ZH_BREAK.search(after)
    return before[max(start, len(before) - _ZH_SPAN) :], after[: stop.start()] if stop else after


def _main_predicate(rest: str) -> str:
    """What the last auxiliary of ``rest``'s first clause says (has been | recovered; are | in health care), up to the
    scope after it (rectified | by the end of June) but with the complement that names the part (used | for water
    conservancy), or ''; a relative clause (that had been paid) is the whole's, not the part's."""
    end = _EN_CLAUSE_END.search(rest)
    rest = _EN_RELATIVE.sub(" ", rest[: end.start()] if end else rest)
    auxiliaries = list(_EN_MAIN_AUX.finditer(rest))
    if not auxiliaries:
        return ""
    predicate = rest[auxiliaries[-1].end() :]
    verb = re.match(r"\s*[a-z]+\s*", predicate, re.I)
    scope = _EN_SCOPE.search(predicate, 1)
    if scope and verb and scope.start() <= verb.end() and _EN_COMPLEMENT.fullmatch(scope.group()):
        scope = _EN_SCOPE.search(predicate, scope.end())
    return (predicate[: scope.start()] if scope else predicate).strip(" ?")


def counted_terms(question: str, retrieval: Retrieval) -> dict[str, float]:
    """The question's (or bridged) index terms inside its counted phrase, each with its nearness to the
    ask: 1 after it, falling to 0 over the span before it (the scope further left weighs less)."""
    before, after = counted_phrase(question)
    if not (before + after).strip():
        return {}
    if not _CJK.search(before + after):
        # A place in the phrase (Jing'an district's total consumption) is where, not what is counted.
        places = {t for _, spellings in english_names(question, places_only=True) for s in spellings
                  for t in (s, *tokenize(s))}
        terms = dict.fromkeys((t for t in part_terms(after, retrieval) if t not in places), 1.0)
    else:
        terms = {}
        for t in retrieval.query_tokens:
            if t in after:
                terms[t] = 1.0
            elif (at := before.rfind(t)) >= 0:
                terms.setdefault(t, 1.0 - (len(before) - at - len(t)) / _ZH_SPAN)
    return {t: w for t, w in terms.items() if w > 0 and retrieval.token_weights.get(t, 0.0) > 0}


# Figures listed together: 360元、1,180元; 385元和1,255元; 每人每月870元、每人每年7,680元.
_LIST_GAP = re.compile(rf"[、和及与]{REPEATED_MEASURE}")


def _list_head(sentence: str, figure: Figure, figures: list[Figure]) -> Figure:
    """The first figure of the list ``figure`` is listed in (itself when it opens one)."""
    ends = {f.end: f for f in figures}
    head = figure
    while True:
        before = next((f for end, f in ends.items() if end < head.start and
                       _LIST_GAP.fullmatch(sentence, end, head.start)), None)
        if before is None:
            return head
        head = before


def counted_right(right: str) -> str:
    """What a count counts of its clause after it (``clause_sides``' right side): a count before 中
    (全县24个乡镇（街道）中已建成工作室15个) sizes the set the clause then counts in, and counts only the noun written
    with it."""
    return among.group(1) if (among := _AMONG.match(right)) else right


def counted_share(retrieval: Retrieval, sentence: str, figure: Figure, terms: dict[str, float]) -> float:
    """Share (by rarity and nearness) of the counted phrase's terms that the figure's own clause holds.

    A figure listed after another (城镇、农村居民收入分别达到33,186元、19,742元) shares the clause of the
    list's first figure; which item of the list it is, is for rag.answer.respective to say.
    """
    if not terms:
        return 0.0
    found = find_figures(sentence)
    head = _list_head(sentence, figure, found)
    left, right = clause_sides(sentence, head)
    clause = left + counted_right(right) + counted_right(clause_sides(sentence, figure)[1])
    opened = sentence.rfind("其中", 0, head.start)
    own = sentence[max((f.end for f in find_figures(sentence[: head.start])), default=opened) : head.start]
    if opened > 0 and not _PART_STOP.search(sentence, opened, head.start) and \
            names_part(own, pairs(retrieval.question)):
        # 其中运营补贴872.5万元, a part the question names in full (套取的运营补贴金额), is about what its whole's
        # clause names (套取…补贴共计1,346.8万元); a part it does not name (其中，某所服务企业229家) is not.
        clause += sentence[max((m.end() for m in _SENTENCE_STOP.finditer(sentence, 0, opened)), default=0) : opened]
    if (old := predecessor(sentence, figure.start)) is not None:
        # 提高到每生每年800元 counts what 600元's clause names (分别由360元、1,180元提高到385元和1,255元: the list's)
        clause += "".join(clause_sides(sentence, _list_head(sentence, old, found)))
    if _ELLIPTIC.match(left) and (start := head.start - len(left) - 1) > 0:
        # 去年…培训2.3万人次，今年1—5月已达1.46万人次: a clause that names only its time says nothing of
        # what it counts; it shares the subject of the clause before it.
        clause += sentence[max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0) : start]
    weights = {t: near * retrieval.token_weights.get(t, 0.0) for t, near in terms.items()}
    return sum(w for t, w in weights.items() if t.lower() in clause.lower()) / sum(weights.values())
