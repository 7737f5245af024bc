"""Which part of a whole a question asks: the parts listed after a whole's 其中 that it names by their own words or
does not, the whole a question names one part of, and a two-part question's second part that asks for a part of
the first's whole (and how many of them). Where such lists open and end is rag.answer.wholes; how a label is read,
rag.answer.labels.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.changes import CHANGE_MARK
from rag.answer.labels import by_sentence, label, pairs, wholes_and_parts
from rag.answer.qualifiers import asks_part
from rag.answer.stated import stated_condition
from rag.answer.wholes import PART_LEAD, PART_STOP, list_end, list_opening, whole_of_list
from rag.text.figures import Figure, find_figures

# Beyond rag.answer.qualifiers.asks_part: 其中 anywhere, several items (分别, 各, respectively, each), of them.
_PARTS_ASKED = re.compile(r"其中|分别|各|\b(?:of (?:that|it|this|them|these|those)|among them|respectively|each)\b",
                          re.I)

def unasked_part(asked: set[str], question: str, sentence: str, figure: Figure) -> bool:
    """The figure is a part listed after 其中 (…3.12亿元，其中用于体育公园建设1.1亿元、…0.46亿元) whose own words the
    question does not name beside the whole's, and the question asks for no part: it wants the whole."""
    opened = sentence.rfind("其中", 0, figure.start)
    if opened < 0 or list_end(sentence, opened) < figure.start or asks_part(question) \
            or _PARTS_ASKED.search(question) or english_part(question) is not None:
        return False
    whole = [f for f in find_figures(sentence[:opened]) if f.kind == figure.kind]
    if not whole:
        return False
    start = max((f.end for f in find_figures(sentence[:figure.start])), default=opened)
    if names_part(sentence[start : figure.start], asked) or stated_condition(question, sentence, figure.start):
        # 套取的运营补贴金额 asks the part 其中运营补贴872.5万元 by its whole label; above 300,000 yuan, the part
        # 超过30万元的4个 by the condition the question states
        return False
    own = pairs(sentence[start : figure.start])
    return not (own - pairs(sentence[: whole[-1].end])) & asked


def _part_labels(sentence: str, opened: int) -> list[str]:
    """The labels of the parts listed after 其中 at ``opened`` (up to the end of the sentence or clause)."""
    listed = sentence[opened : list_end(sentence, opened)]
    out, at = [], 0
    for f in find_figures(listed):
        out.append(listed[at : f.start])
        at = f.end
    return out


# The second part of a two-part question asks for a part of the first's whole (and how many of them …).
# How much of it is county money names a part; how much of it had been rectified (was paid, used) an action on it.
_OF_THE_WHOLE = re.compile(r"\b(?:of (?:them|those|these|that|which)|among them)\b|其中|"
                           r"\bof it (?:is|was|are|were|comes?|came|went|goes)\b"
                           r"(?!\s+(?:been|being|spent|paid|\w+ed)\b)", re.I)


def of_the_whole(part_question: str) -> bool:
    """The part asks for a part of what the first part asked (how much of that, and how many of them, 其中)."""
    return _OF_THE_WHOLE.search(part_question) is not None


# A comparison with last year between a whole and its 其中 (资金2.4亿元，比去年的1.9亿元增加0.5亿元，其中…).
_COMPARED = re.compile(r"^[，,]?\s*(?:比|较|同比|与)[^，,；;。]*?(?:增加|增长|减少|下降|提高|降低|多|少)"
                       r"[^，,；;。]*[，,]?\s*$")
_CHANGE_BEFORE = re.compile(r"(?:增加|增长|减少|下降|提高|降低|净增)[了约近]?$")


def whole_and_part(part_question: str, sentence: str, whole: Figure, part: Figure) -> bool:
    """The second part asks for a part of the first's whole, and the sentence lists ``part`` under the 其中 that
    follows ``whole`` (拟认定28个，其中本科高校17个、高职院校11个), perhaps after a comparison with last year
    (安排资金2.4亿元，比去年的1.9亿元增加0.5亿元，其中…)."""
    if not of_the_whole(part_question) or part.start <= whole.end:
        return False
    opened = sentence.rfind("其中", whole.end, part.start)
    if opened < 0 or _CHANGE_BEFORE.search(sentence, max(0, whole.start - 3), whole.start):
        return False  # 比去年增加0.5亿元，其中…: the change is no whole
    between = sentence[whole.end : opened]
    return not PART_STOP.search(sentence, whole.end, opened) and list_end(sentence, opened) > part.start and \
        (_COMPARED.match(between) is not None or not any(f.kind == whole.kind for f in find_figures(between)))


def names_part(part_label: str, asked: set[str]) -> bool:
    """The question holds every pair of the part's label (其中运营补贴 -> 运营补贴), 其中/用于 aside. A label that
    is only a change (亿元,增长 between a part's amount and its rate: 第一产业增加值68.4亿元,增长4.6%) names no part."""
    lead = PART_LEAD.sub("", part_label)
    core = pairs(lead)
    return bool(core) and bool(pairs(CHANGE_MARK.sub("", lead))) and core <= asked


def unasked_whole(asked: set[str], sentence: str, figure: Figure) -> bool:
    """The figure is a whole whose parts follow after 其中 (套取运营补贴和床位建设补贴共计1,346.8万元，其中运营补贴
    872.5万元、床位建设补贴474.3万元), and the question names one part by its whole label and not the others:
    it asks for that part."""
    opened = list_opening(sentence, figure)
    if opened is None or whole_of_list(sentence, opened, figure.kind) != figure:
        return False
    labels = _part_labels(sentence, opened)
    named = [names_part(x, asked) for x in labels]
    return len(labels) >= 2 and any(named) and not all(named)


# 江苏今年省级储备粮费用补贴中，轮换费用补贴安排了多少: the words after 中， name the part asked for.
_PART_NAMED = re.compile(r"[中里][，,]\s*(?P<label>[^，,；;？?]{2,20}?)(?:多少|几)")
_PART_VERBS = re.compile(r"(?:安排了?|用于|有|是|为|达到?|共|一共|累计|实际|支出了?|投入了?|发放了?|完成了?|的)+$")


def _asked_part_pairs(question: str, sentence: str, figure: Figure) -> tuple[set[str], set[str]]:
    """The pairs of the part a question asks for by its label (empty when it asks for none) and of the figure's
    own label."""
    match = _PART_NAMED.search(question)
    if match is None:
        return set(), set()
    return pairs(_PART_VERBS.sub("", match.group("label"))), pairs(PART_LEAD.sub("", label(sentence, figure)))


# An English question asks for a part by its own words after the whole: Of (Among) the whole, how much came from
# (was, went to) the part; how much of the whole goes to (comes from, is allocated to) the part; how many kilometres
# of the roads are village roads. Not a pronoun's whole (how much of it is county money: a two-part question's
# second part, rag.answer.pairs), nor a verb after the copula (how much of the fund was spent, is expected to …).
_EN_WHOLE = r"(?:[^,?]|(?<=\d),(?=\d{3}))"  # a whole's words, thousands commas included (Of the 3,600 firms, …)
_EN_PART_AFTER_WHOLE = re.compile(
    rf"^(?:in (?:19|20)\d\d,\s*)?(?:of|among)\s{_EN_WHOLE}{{6,}}?,\s*(?:how much|how many|what)\b"
    r"(?:\s+\([^)]*\))?(?:\s+[\w-]+?)??"
    r"(?:\s+(?:is|was|are|were|goes|go|went|comes?|came)\b(?:\s+(?:to|for|from|into)\b)?)?\s+(?P<label>[^?,]{3,}?)\s*\??$",
    re.I)
_EN_PART_OF_WHOLE = re.compile(
    rf"\bhow (?:much|many)(?:\s[\w-]+){{0,3}}?\s+of\s+(?!(?:it|them|that|these|those|which|this)\b){_EN_WHOLE}+?\s+"
    r"(?:(?:goes|go|went|is|are|was|were)\s+(?:to|for|into|towards?)|(?:comes?|came)\s+from|"
    r"(?:is|are|was|were)\s+(?:\w+ed|set aside)\s+(?:to|for|into|on)|"
    r"(?:is|are|was|were)(?=\s+[^?,]+\?$)(?!\s+(?:\w+ed|\w+en|spent|paid|built|grown|given|made|set|put|held|still|now|"
    r"expected|planned|due|being|to|in|at|by|on|for|from|there)\b))\s+(?P<label>[^?,]+?)\s*\??$",
    re.I)
# What a place is to do or expected to (is Lüliang city to build, expected to complete): a task, not a part; nor is
# a total (in total, altogether), each one (each household, per mu) or what there is.
_EN_ACTION = re.compile(r"\b(?:expected|assigned|planned|due|required|total|altogether|each|per|there)\b", re.I)
_EN_TASK = re.compile(r"\bto (?!the\b)[a-z]+", re.I)
# Words of a part's phrase that say how it is spent or given, not which part it is (allocated to, set aside for),
# and a verb alone (Of the funds, how much was spent?) that names no part.
_EN_PART_VERBS = re.compile(r"^(?:(?:\w+ed|spent|paid|set aside|given|put|set)\s+(?:to|for|from|on|by|in|into)\s+)",
                            re.I)
_EN_VERB_ALONE = re.compile(r"^(?:\w+ed|spent|paid|built|given|made|done|used)\b", re.I)
_EN_SECOND_PART = re.compile(r"\s+and (?:how|what|which|when|who)\b.*$", re.I)


@lru_cache(maxsize=1024)
def english_part(question: str) -> str | None:
    """The words of an English question that name the part it asks of a whole (Of this year's subsidy funds, how
    much came from Changsha city level? -> Changsha city level), if it asks for one by them."""
    match = _EN_PART_AFTER_WHOLE.search(question) or _EN_PART_OF_WHOLE.search(question)
    if match is None or _EN_ACTION.search(label := _EN_SECOND_PART.sub("", match.group("label").strip())):
        return None
    part = _EN_PART_VERBS.sub("", label)  # allocated to tea workshops
    return None if _EN_TASK.search(part) or _EN_VERB_ALONE.match(part) else part


def names_english_part(groups: list[tuple[str, ...]], weights: dict[str, float], sentence: str,
                       figure: Figure) -> bool:
    """The bridged terms of an English question's part (``groups``, one per phrase: alternative senses) stand in
    the figure's own label (其中省级资金1,200万元、长沙市级资金900万元 for Changsha city level): those the sentence
    writes anywhere, three quarters of them by idf. A phrase the sentence does not write tells no part apart."""
    own = PART_LEAD.sub("", label(sentence, figure))
    written = [[t for t in group if t in sentence] for group in groups]
    weighed = [(min(weights.get(t, 0.0) for t in terms), any(t in own for t in terms)) for terms in written if terms]
    total = sum(w for w, _ in weighed)
    return total > 0 and sum(w for w, named in weighed if named) >= 0.75 * total


def lead_english_part(found: list[list], positions: list[int], groups: list[tuple[str, ...]],
                      weights: dict[str, float], margin: float) -> None:
    """Raise, in place, the one part listed after a whole's 其中 that an English question's part names
    (``names_english_part``) just above the whole and the other parts: 民族团结进步示范创建0.64亿元 for model projects
    for ethnic unity and progress, though 其他项目 writes projects too. ``found``: candidates ``[score, -rank,
    -position, sentence, figure]``; ``positions``: those of one passage that may form lists."""
    for members in by_sentence(found, positions).values():
        text = found[members[0]][3].text
        for at, parts in wholes_and_parts(found, members):
            named = [i for i in parts if names_english_part(groups, weights, text, found[i][4])]
            if len(named) == 1:
                found[named[0]][0] = max(found[i][0] for i in [at, *parts]) + margin


def names_asked_part(question: str, sentence: str, figure: Figure) -> bool:
    """The question asks for a part by its label (…补贴中，轮换费用补贴安排了多少) and the figure's own label
    holds every pair of it (其中保管费用补贴3.74亿元、轮换费用补贴1.88亿元), not only the whole's words, or most of
    them and nothing else."""
    core, own = _asked_part_pairs(question, sentence, figure)
    # A list may write its items' shared word once (城镇低保家庭683户、低收入家庭1,126户).
    return bool(core) and bool(own) and (core <= own or (own <= core and len(own) >= 0.6 * len(core)))


def misses_asked_part(question: str, sentence: str, figure: Figure) -> bool:
    """The question asks for a part by its label (…拟发放对象中，城镇低收入家庭有多少户) and the figure's own label
    holds under a third of it (家庭 alone): the figure is the whole (…拟发放对象2,540户) or another thing."""
    core, own = _asked_part_pairs(question, sentence, figure)
    return bool(core) and bool(own) and 3 * len(core & own) < len(core)
