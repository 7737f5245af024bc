"""Wholes and the parts their 其中 lists: where such a list opens and ends, and which figure is its whole.

Official text states a sum, then its parts after 其中 (今年安排专项资金2.14亿元，比去年增加0.28亿元，其中设施建设
1.26亿元、运营补助0.64亿元…). Between the whole and 其中 may stand clauses that compare the whole with an earlier
value; a budget lists parts past semicolons, each with its share (占33.1%；). Nothing here reads a question: the
rules that weigh wholes and parts against what is asked live in rag.answer.labels and rag.answer.qualifiers.
"""

from __future__ import annotations

import re

from rag.text.figures import Figure, FigureKind, find_figures

# The words that open a listed part before its label (其中用于…, 包括…).
PART_LEAD = re.compile(r"^[\s，,、。；;]*(?:其中|包括)?[\s，,：:]*(?:用于|安排|为)?")
CLAUSE_STOP = re.compile(r"[，；;：:]|(?<!\d),|,(?!\d)")
PART_STOP = re.compile(r"[。；;]")
# A part's share before a semicolon (其中基本支出2,864.52万元，占33.1%；项目支出5,777.84万元…): the list goes on.
_SHARE_END = re.compile(r"占(?:比)?[^，,；;。\d]{0,6}\d+(?:\.\d+)?%\s*$")
_WHOLE_REACH = 24  # characters from a whole to its 其中
# Clauses after a whole that compare it with an earlier value, before its parts are listed.
_COMPARED_REACH = 64
_COMPARISON = re.compile(r"\s*(?:比|较|同比|环比|与上年|增长|下降|增加|减少|上升|提高|持平|"
                         r"(?:上年|去年|前年|上一年|(?:19|20)\d{2}年)(?:同期)?(?:为|是))")  # 前年为5.62亿元


# A rate per unit (抽检29,800批次，达到每千人4.5批次，其中市本级承担12,600批次) is no whole of the parts after it
# when a figure before it is (每人每年60元，其中医保基金支付30元 is one).
_PER_UNIT = re.compile(r"每[^，,；;。\d]{0,4}$")


def list_end(sentence: str, opened: int) -> int:
    """Where the list of parts that opens at ``opened`` (其中…) ends: the sentence's end, or a semicolon unless the
    part before it ends with its share (占33.1%), as budgets list their parts."""
    for stop in PART_STOP.finditer(sentence, opened):
        if stop.group() == "。" or not _SHARE_END.search(sentence, opened, stop.start()):
            return stop.start()
    return len(sentence)


def parts_go_on(sentence: str) -> bool:
    """The sentence ends inside a list of parts opened by its 其中 (…其中基本支出2,864.52万元，占33.1%；): the next
    sentence, cut at the semicolon, lists more of them."""
    opened = sentence.rfind("其中")
    return opened >= 0 and sentence.rstrip().endswith(("；", ";")) and list_end(sentence, opened) == len(sentence)


def list_opening(sentence: str, whole: Figure) -> int | None:
    """Where the 其中 that lists the parts of ``whole`` stands: close after it, or after the clauses that compare it
    with last year's (…52,684.36万元，比上年的49,215.80万元增加3,468.56万元，增长7.0%。其中：…). The list may open
    the next sentence: a full stop right before 其中."""
    after = sentence[whole.end : whole.end + _COMPARED_REACH]
    opened = after.find("其中")
    if opened < 0 or PART_STOP.search(between := after[:opened].rstrip().removesuffix("。")):
        return None
    clauses = CLAUSE_STOP.split(between)
    if opened > _WHOLE_REACH and (clauses[0].strip() or not all(_COMPARISON.match(c) for c in clauses[1:])):
        return None
    return whole.end + opened


def compared(sentence: str, figure: Figure) -> bool:
    """The figure stands in a clause that compares (比上年的35,100.20万元增加3,320.30万元)."""
    start = max((m.end() for m in CLAUSE_STOP.finditer(sentence, 0, figure.start)), default=0)
    return _COMPARISON.match(sentence, start) is not None


def whole_of_list(sentence: str, opening: int, kind: FigureKind) -> Figure | None:
    """The whole whose parts the 其中 at ``opening`` lists: the last figure of ``kind`` before it that reaches it,
    outside a comparison (not 比上年的…, 增加…)."""
    wholes = [f for f in find_figures(sentence[:opening]) if f.kind == kind and list_opening(sentence, f) == opening
              and not compared(sentence, f)]
    plain = [f for f in wholes if not _PER_UNIT.search(sentence, max(0, f.start - 5), f.start)]
    return (plain or wholes)[-1] if wholes else None


def whole_of_part(sentence: str, part: Figure) -> Figure | None:
    """The whole of the list ``part`` stands in after its 其中, if any."""
    opened = sentence.rfind("其中", 0, part.start)
    if opened < 0 or list_end(sentence, opened) < part.start:
        return None
    return whole_of_list(sentence, opened, part.kind)


def listed_parts(sentence: str, whole: Figure) -> list[Figure]:
    """The figures of the kind of ``whole`` that the 其中 right after it lists (…22.4亿元，比去年增加3.8亿元，其中
    易涝积水点整治12.6亿元、排水管网建设改造6.8亿元…), up to the end of the list's clause."""
    start = list_opening(sentence, whole)
    if start is None or whole_of_list(sentence, start, whole.kind) != whole:
        return []  # 出动执法人员412人次，排查发现各类事故隐患642项，其中重大事故隐患7项: 7项 is a part of 642项
    end = list_end(sentence, start)
    return [f for f in find_figures(sentence[:end]) if f.start >= start and f.kind == whole.kind]
