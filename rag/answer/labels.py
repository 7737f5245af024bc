"""Which of a sentence's figures a question names by its label, and figures that state a change.

Official sentences list figures of one kind, each after its own label: 按照初级工1,000元、中级工1,500元、
高级工2,000元; 全镇现有茶园面积5.8万亩，其中古茶园1.2万亩，投产茶园4.9万亩. The question's words are
spread over the whole sentence, so its similarity cannot choose, but the question repeats one label
(中级工, 茶园面积). A label's *distinctive* characters are those no sibling label shares (茶园 is in all three
labels above; 面积 only in the first): a figure whose distinctive label characters the question holds is
the one asked for. Characters are compared in pairs, so no segmenter or vocabulary is involved and an
English question takes part through its bridged Chinese terms.

A figure led by 新增/增加/减少 states a change; a question that asks for no change wants a level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rag.answer.bands import named_band
from rag.answer.changes import CHANGE_ASKED, CHANGE_MARK, CHANGE_VERBS
from rag.answer.totals import asks_total
from rag.answer.wholes import CLAUSE_STOP, PART_LEAD, listed_parts
from rag.text.figures import Figure, FigureKind, find_figures

_LABEL_CHARS = 12
_NOUN_CHARS = 8
# A label runs back from its figure to the previous figure or pause; the counted noun after a measure word
# (208个新产品) runs forward to the next one. Quotation marks do not stop it (新认定“瞪羚企业”238家).
_LABEL_STOP = re.compile(r"[\d，,；;。：:！？!?、（）()\t|]")  # a table cell (\t, |) ends a label too
_CELL_END = re.compile(r"[ \t]*[\t|][ \t]*$")
_JOIN_CHARS = 10
_CHANGE_LINK = re.compile(rf"[\s,，]*(?:再|又|进一步|已)?(?:{CHANGE_VERBS})(?:到|至|为)了?\s*")
_NOT_A_LIST = re.compile(r"[\d。；;]|其中")  # the parts after 其中 are a list of their own
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# 扩大到4.5亿元 states the new level, not the change.


def pairs(text: str) -> set[str]:
    """The overlapping pairs of Chinese characters in a text."""
    return set(_CJK_PAIR.findall(text))


def joined_pairs(terms: list[str], text: str) -> set[str]:
    """The pairs of characters where one term ends and another begins in ``text`` (运营 and 补助 in 运营补助: 营补):
    the terms of an English question, written apart, name a label whole."""
    starts, ends = set(), set()
    for term in terms:
        if len(term) >= 2:
            for m in re.finditer(re.escape(term), text):
                starts.add(m.start())
                ends.add(m.end())
    return {text[at - 1 : at + 1] for at in starts & ends}


def label(sentence: str, figure: Figure) -> str:
    """The words before a figure back to the previous figure or pause (at most a dozen characters), and for
    a count the noun after its measure word up to the next one (at most eight: 208个新产品). A figure that a
    change leads to (企业开办时间由3个工作日压缩到0.5个工作日) has the label of the figure it replaces."""
    previous = _changed_from(sentence, figure)
    if previous is not None:
        return label(sentence, previous) + sentence[previous.end : figure.start]
    # In a row of cells (法定办结时限\t20个工作日\t承诺办结时限\t8个工作日) the label is the cell before.
    before = _CELL_END.sub("", sentence[max(0, figure.start - _LABEL_CHARS) : figure.start])
    lead = before[max((m.end() for m in _LABEL_STOP.finditer(before)), default=0) :]
    if figure.kind != FigureKind.COUNT:
        return lead
    after = sentence[figure.end : figure.end + _NOUN_CHARS]
    stop = _LABEL_STOP.search(after)
    return lead + " " + (after[: stop.start()] if stop else after)


def _changed_from(sentence: str, figure: Figure) -> Figure | None:
    """The figure right before ``figure`` when only a change links them (由3个工作日压缩到0.5个工作日)."""
    previous = [f for f in find_figures(sentence[: figure.start]) if f.end <= figure.start]
    if previous and _CHANGE_LINK.fullmatch(sentence[previous[-1].end : figure.start]):
        return previous[-1]
    return None


def runs(sentence: str, figures: list[Figure]) -> list[list[Figure]]:
    """The figures grouped into lists: consecutive figures joined by a short label and no time or full stop
    (初级工1,000元、中级工1,500元; 5.8万亩，其中古茶园1.2万亩). 去年…2.3万人次，今年1—5月已达1.46万人次 is
    two statements about two times, not a list."""
    found: list[list[Figure]] = []
    for figure in sorted(figures, key=lambda f: f.start):
        between = sentence[found[-1][-1].end : figure.start] if found else None
        if between is not None and len(between) <= _JOIN_CHARS and not _NOT_A_LIST.search(between):
            found[-1].append(figure)
        else:
            found.append([figure])
    return found


def named_by_label(asked: set[str], sentence: str, figures: list[Figure]) -> Figure | None:
    """The one figure of a list (see ``runs``) whose label holds a pair of characters of the question that
    no other label of the list has; None when no figure or several are so named, or when a figure has no
    label of its own (two Chinese characters at least). ``asked``: the question's pairs (see ``pairs``)."""
    # An old value is no item of its own: its new value carries its label (在职职工…由1,500元提高到2,000元，退休人员由
    # 2,000元提高到2,600元: 退休人员 names 2,600元 alone).
    replaced = {p.start for f in figures if (p := _changed_from(sentence, f)) is not None}
    figures = [f for f in figures if f.start not in replaced]
    labels = [label(sentence, f) for f in figures]
    named = _named(asked, labels)
    at = named[0] if len(named) == 1 else None
    if len(named) > 1 and named[0] == 0:
        # The first label runs back to the sentence's subject, whose words describe every item (全省建成胸痛中心218家、
        # 卒中中心196家): read it again as long as the longest other label, the item's own name.
        if _changed_from(sentence, figures[0]) is not None:
            # Parallel changes (在职职工…限额由1,500元提高到2,000元，退休人员由2,000元提高到2,600元): the words
            # before the first change are every change's subject, so a later change the question names by its own
            # words leads.
            later = [i for i in named[1:] if _changed_from(sentence, figures[i]) is not None]
            at = later[0] if len(later) == 1 else None
        else:
            lead, _, noun = labels[0].partition(" ")
            width = max(len(x.partition(" ")[0]) for x in labels[1:])
            at = named_one(asked, [f"{lead[-width:]} {noun}".rstrip(), *labels[1:]])
    return None if at is None else figures[at]


def named_one(asked: set[str], labels: list[str]) -> int | None:
    """The position of the one label holding a pair of ``asked`` that no other label has, if exactly one does.
    城镇、农村居民收入分别达到33,186元、19,742元 (rag.answer.respective); 资金中，有2.1亿元: a figure without a
    label of its own leaves the first label naming the whole list, so every label needs a pair."""
    named = _named(asked, labels)
    return named[0] if len(named) == 1 else None


def _named(asked: set[str], labels: list[str]) -> list[int]:
    """The positions of the labels holding a pair of ``asked`` that no other label has (none unless every label
    has a pair)."""
    own = [pairs(x) for x in labels]
    if len(own) < 2 or not asked or not all(own):
        return []
    return [i for i, p in enumerate(own) if (p - set().union(*(q for j, q in enumerate(own) if j != i))) & asked]


def parallel_clauses(found: list[tuple[str, Figure]]) -> list[list[int]]:
    """Groups of figures written in parallel clauses of one passage (…国际标准的，每项资助50万元；…国家标准的，
    每项资助20万元；对地级市新建的体育公园每个补助200万元，对县（市）新建的体育公园每个补助150万元): the same two
    characters lead each figure. ``found``: (sentence, figure) of one passage; the groups hold positions in it."""
    keyed: dict[str, list[int]] = {}
    for i, (sentence, figure) in enumerate(found):
        lead = sentence[max(0, figure.start - 2) : figure.start]
        if len(pairs(lead)) == 1:
            keyed.setdefault(lead, []).append(i)
    # A whole and the parts listed after its 其中 (补贴共计1,346.8万元，其中运营补贴872.5万元) are not parallel.
    groups = [[i for i in group if not any(found[j][0] == found[i][0] and "其中" in
                                           found[i][0][found[i][1].end : found[j][1].start] for j in group)]
              for group in keyed.values()]
    return [group for group in groups if len(group) >= 2]


def clause_label(sentence: str, figure: Figure, figures: list[Figure], alone: bool) -> str:
    """A parallel clause's label: its sentence's words since the previous figure of ``figures``; for the first,
    since the sentence's start when it is the group's only figure in the sentence (``alone``: 主导制定国际标准的，
    每项资助50万元；), else since its clause's start (the sentence's subject is every item's). A figure that a
    change leads to has the label of the figure it replaces."""
    previous = _changed_from(sentence, figure)
    if previous is not None:
        return clause_label(sentence, previous, figures, alone) + sentence[previous.end : figure.start]
    before = [f for f in figures if f.end <= figure.start]
    start = max((f.end for f in before), default=-1)
    if start < 0:
        start = 0 if alone else max((m.end() for m in CLAUSE_STOP.finditer(sentence, 0, figure.start)), default=0)
    elif _TRAILING_LABEL.match(sentence, start) and _RATE_BEFORE.search(sentence, 0, before[-1].start) and \
            (stop := CLAUSE_STOP.search(sentence, start, figure.start)):
        start = stop.end()  # 按每人每天150元给予误工补助, 并按每人每天60元…: 误工补助 is 150元's, not 60元's
    return sentence[start : figure.start]


# What a rate is given as, written after it (按每人每天150元给予误工补助, 按500元的标准发放): that rate's label. (Not a
# threshold's: 投资达到500万元的给予设备购置补助，每个项目100万元 labels the figure after it.)
_TRAILING_LABEL = re.compile(r"\s*(?:的)?(?:标准)?(?:给予|发放|予以|用于|作为)")
_RATE_BEFORE = re.compile(r"[按每][^，,；;。]{0,8}$")


def unasked_change(question: str, sentence: str, figure: Figure) -> bool:
    """The figure's label states a change (新增有机茶园认证面积3200亩) and the question asks for none."""
    lead = label(sentence, figure).split(" ")[0]
    return bool(CHANGE_MARK.search(lead)) and not CHANGE_ASKED.search(question)


def by_sentence(found: list[list], positions: list[int]) -> dict[int, list[int]]:
    """The ``positions`` of candidates ``[score, -rank, -position, sentence, figure]``, grouped by their sentence."""
    grouped: dict[int, list[int]] = {}
    for i in positions:
        grouped.setdefault(id(found[i][3]), []).append(i)
    return grouped


def wholes_and_parts(found: list[list], members: list[int]) -> Iterator[tuple[int, list[int]]]:
    """Each candidate of one sentence (``members``) with the candidates its 其中 lists as parts
    (rag.answer.wholes.listed_parts), perhaps none."""
    text = found[members[0]][3].text
    for at in members:
        listed = listed_parts(text, found[at][4])
        yield at, [i for i in members if found[i][4] in listed]


def lead_named(found: list[list], positions: list[int], asked: set[str], every: set[str], question: str,
               qualified: Callable[[Any, Figure], float], margin: float,
               parts_named: Callable[[str], set[str]] | None = None) -> None:
    """Raise, in place, the figure a question names by its label just above the best of its list.

    ``found``: candidates ``[score, -rank, -position, sentence, figure]``; ``positions``: those of one passage
    that may form lists (of the asked kind and unit). Lists are the runs of one sentence (``runs``, named
    through ``asked``) and the parallel clauses of the passage (``parallel_clauses``, through ``every``).
    ``qualified``: the question's other qualifiers for a (sentence, figure) (rag.answer.qualifiers.alignment);
    a figure they rate below another of its list (an old value, another year, a stated condition) stays. A part
    listed after a whole's 其中 that the question names by words of its own leads the whole (``named_part``: through
    ``asked``, else through the pairs ``parts_named`` gives for the sentence's words before the whole, by default
    ``every``).
    """
    def promote(group: list[int], named: Figure | None, checked: bool = True) -> None:
        at = next((i for i in group if found[i][4] is named), None)
        if at is not None and (not checked or qualified(*found[at][3:5]) >= max(qualified(*found[i][3:5])
                                                                                 for i in group)):
            found[at][0] = max(found[i][0] for i in group) + margin

    sentences = by_sentence(found, positions)
    for members in sentences.values():
        text = found[members[0]][3].text
        for run in runs(text, [found[i][4] for i in members]):
            promote([i for i in members if found[i][4] in run], named_by_label(asked, text, run))
    clauses = [(found[i][3].text, found[i][4]) for i in positions]
    for group in parallel_clauses(clauses):
        labels = [clause_label(text, figure, [f for t, f in clauses if t == text],
                               alone=sum(clauses[h][0] == text for h in group) == 1)
                  for text, figure in (clauses[g] for g in group)]
        at, checked = named_one(every, labels), True
        if held := named_band(labels, question, partial=True):
            # A 200-horsepower tractor names its band, though the band below writes 200 too (100马力（含）至200马力)
            # and the first label runs back to the sentence's subject (单机补贴限额：).
            at, checked = held[0], False
        promote([positions[g] for g in group], None if at is None else found[positions[group[at]]][4], checked)
    # Last, so that no list the whole stands in raises it again: a whole and the parts its 其中 lists
    # (22.4亿元，其中易涝积水点整治12.6亿元、…).
    for members in sentences.values():
        text = found[members[0]][3].text
        for at, parts in wholes_and_parts(found, members):
            listed = [found[i][4] for i in parts]
            own = None if parts_named is None else parts_named(text[: found[at][4].start])
            named = named_part(asked if own is None else asked & own, question, text, found[at][4], listed) or \
                named_part(every if own is None else own, question, text, found[at][4], listed)
            if named is not None:  # a part is of the whole's year and level, which its own words need not say
                promote([at, *parts], named, checked=False)


def named_part(asked: set[str], question: str, sentence: str, whole: Figure, parts: list[Figure]) -> Figure | None:
    """The one part of ``parts`` (see ``listed_parts``; perhaps the only one) whose label holds a pair of ``asked``
    that neither the other parts' labels nor the words before the whole hold: the question asks for that part, not
    the whole; unless it asks for a total (一共, all sources combined)."""
    # A lone part (游客2,146.8万人次,…其中夜间游客924.3万人次) is asked for only by its own words; a question that
    # says 共 (共兑现了多少钱) asks for the whole its sentence says 共 of.
    if not parts or asks_total(question) or (len(parts) == 1 and "共" in question):
        return None
    labels = [pairs(PART_LEAD.sub("", label(sentence, f).split(" ")[0])) for f in parts]
    shared = pairs(sentence[: whole.start])  # every word before the whole describes the whole
    own = [(p - shared - set().union(*(q for j, q in enumerate(labels) if j != i))) & asked
           for i, p in enumerate(labels)]
    hit = [i for i, o in enumerate(own) if o]
    if len(hit) != 1 or (hit[0] + 1 < len(labels) and not labels[hit[0] + 1]):
        return None  # none, several, or one label for the parts after it (其中第一、二、三产业增加值分别为…)
    return parts[hit[0]]
