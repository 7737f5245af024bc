"""The two figures that answer a two-part question (投入多少资金，支持多少户企业), and the answer that cites each.

The candidates of each part are scored by the answer step (rag.answer.extract); here they are paired. Official text
states the two often in one sentence (the pair then gets a bonus) and often in two passages of one section
(资金 in the paragraph on funds, 户数 in the one on who was reached): a pair may span two passages of one
document, at a cost, and each figure is then cited to its own passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.asked_parts import of_the_whole, whole_and_part
from rag.answer.bands import SCALE
from rag.answer.changes import compared_amount, old_then_new, one_change
from rag.answer.conflicts import chunk_slice, citation
from rag.answer.constraints import names_its_document
from rag.answer.document_years import names_relative_year
from rag.answer.figure_choice import FigureChooser
from rag.answer.qualifiers import figure_year_mismatch
from rag.answer.sides import ordinal_match
from rag.answer.span import Answer, AnswerPart, AnswerSettings, Ask, Sentence, make_answer, part_terms
from rag.answer.stated import asked_years
from rag.answer.totals import asks_total, outcome_part
from rag.answer.wholes import whole_of_part
from rag.chunking import Chunk
from rag.index.base import IndexReader
from rag.search.retrieval import Retrieval
from rag.text.asked import expected_kind
from rag.text.asked_measures import expected_unit
from rag.text.figures import Figure, FigureKind, answers_unit, find_figures, measure_words

# The second part asks for the target of what the first counts (how many jobs, and what was the target?).
_TARGET_ASKED = re.compile(r"\b(?:target|goal)s?\b|目标", re.I)
# What sets a figure as a target, before it in its sentence (总体绩效目标为：…4,800人以上; 超额完成省定21个).
_TARGET_SET = re.compile(r"目标|任务|计划|预期|[省市县]定")


def asks_target(parts: tuple[str, str]) -> bool:
    """The second part asks for the target of what the first part asks was done (and what was the target?)."""
    return _TARGET_ASKED.search(parts[1]) is not None and _TARGET_ASKED.search(parts[0]) is None


def _is_target(x: tuple) -> bool:
    """The figure's sentence sets it as a target, before it and after the last semicolon (a list that 目标为：
    opens; not 失业人员再就业1,742人 after 完成目标任务的106.8%；)."""
    text, start = x[3].text, x[4].start
    return _TARGET_SET.search(text, max(text.rfind("；", 0, start), text.rfind(";", 0, start), 0), start) is not None


# The whole's sentence ends opening the list of its parts (设听证会参加人21名。其中： / （一）消费者9名…).
_OPENS_PARTS = re.compile(r"其中[:：]?\s*$")
# The sentence after the whole's opens with its parts: 其中, or among the whole's words (在招聘人数中，面向应届毕业生…),
# or by what divides it (从游客构成看，过夜游客…; 分产业看，…; 按消费类别分别为：…).
# Not among a part's words (…其中…生活用水量22.18亿立方米。生活用水量中，城镇生活用水…: the part's own parts).
_PARTS_OPEN = re.compile(r"[，,\s]*(?:其中|在?(?P<among>[^，,。；;\d]{1,10}?)[中里][，,]|"
                         r"从[^，,。；;\d]{0,8}(?:构成|结构|来源|类型|类别)[看来][，,]|分[^，,。；;\d]{1,6}看[，,]|"
                         r"按[^，,。；;\d]{1,8}?分(?:别为|为)?[：:，,])")


# A first part that asks for a total (rag.answer.totals.asks_total, or 总投资, 总金额 …): a second part is one of
# its parts.
_TOTAL_OF = re.compile(r"总(?:投资|金额|资金|经费|规模)")


def _listed_next(parts: tuple[str, str], whole_in: Sentence, part_in: Sentence, whole: Figure,
                 part: Figure | None = None) -> bool:
    """The second part asks for a part of the first's whole (其中, of that; or the first asks for a total: 总投资多少？
    区级财政配套多少？), and the sentence right after the whole's opens the list of its parts with 其中
    (安排资金6.45亿元，比去年增加1.25亿元。其中，新造油茶林补助2.68亿元、…; 在招聘人数中，…21名), or the whole's
    sentence ends with it
    (参加人21名。其中： over （一）消费者9名…)."""
    return (of_the_whole(parts[1]) or asks_total(parts[0]) or _TOTAL_OF.search(parts[0]) is not None) and \
        part_in.row != whole_in.row and whole_of_part(whole_in.text, whole) is None and \
        ((_follows(whole_in, part_in, whole) and (_opens_parts_of(part_in.text, whole_in.text, whole)
                                                  or _OPENS_PARTS.search(whole_in.text) is not None))
         or (part is not None and _later_item(whole_in, part_in, whole, part)))


def _later_item(whole_in: Sentence, part_in: Sentence, whole: Figure, part: Figure) -> bool:
    """The part's clause is a later item of the list of the whole's parts: after the whole, in its sentence or the
    next, 其中 opens the list, whose earlier items each close with ；and hold a figure in the whole's measure, with no
    full stop before the part (共1,286人，比今年增加62人。其中，奖励扶助对象942人（…）；特别扶助对象344人…); the part is
    in that measure too, the first of its item, and no more than the whole (not 带动社会资本投入3,600万元 after the
    parts of 2,350万元)."""
    after = whole_in.start + whole.end  # where the whole figure ends, in the document
    # …the item's own figure, its first in the measure (not 公务用车购置费0万元 in the brackets of an item's parts)
    own = next((f for f in find_figures(part_in.text) if _same_measure(whole, f)), None)
    if not 0 <= part_in.start - whole_in.end <= _NEXT_SENTENCE or own is None or own.start != part.start or \
            _amount(part) > _amount(whole):
        return False
    run = _text_between(whole_in.hit.chunk, part_in.hit.chunk, after, part_in.start)
    opened = _LIST_OPENS.search(run) if run is not None else None
    if opened is None or run[: opened.start(1)].count("。") > 1:
        return False
    listed = run[opened.start(1) :].strip()
    items = [item for item in re.split(r"[；;]", listed) if item.strip()]
    return listed.endswith(("；", ";")) and "。" not in listed and \
        all(any(_same_measure(whole, f) for f in find_figures(item)) for item in items)


def _text_between(first: Chunk, second: Chunk, start: int, end: int) -> str | None:
    """The document's text from ``start`` to ``end`` as one passage holds it, or two that meet or overlap."""
    for chunk in (second, first):
        if chunk.char_start <= start and end <= chunk.char_end:
            return chunk.text[start - chunk.char_start : end - chunk.char_start]
    if first.char_start <= start and second.char_start <= first.char_end < end <= second.char_end:
        return first.text[start - first.char_start :] + second.text[first.char_end - second.char_start :
                                                                     end - second.char_start]
    return None


# 其中 opening a clause or a sentence (not 其中之一).
_LIST_OPENS = re.compile(r"(?:^|[。，,；;：:]\s*)(其中)(?!之一)")


def _same_measure(a: Figure, b: Figure) -> bool:
    """Two figures of one kind in one measure word and unit (人 and 人, 万元 and 万元)."""
    return a.kind == b.kind and measure_words(a) == measure_words(b) and a.text[-1:] == b.text[-1:]


def _amount(figure: Figure) -> float:
    found = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([万亿]?)", figure.text)
    return float(found.group(1).replace(",", "")) * SCALE[found.group(2) or None] if found else 0.0


_NEXT_SENTENCE = 120  # characters of the rest of the whole's full sentence that may stand before the part's


def _follows(whole_in: Sentence, part_in: Sentence, whole: Figure) -> bool:
    """The part's sentence comes right after the whole's, or after the rest of the whole's full sentence (前三季度，
    全市累计接待国内游客1,862.46万人次，…；实现国内旅游收入218.37亿元，…。从游客构成看，过夜游客…), which states no
    other figure in the whole's measure: the text between, read in a passage that holds it, ends the one sentence."""
    gap = part_in.start - whole_in.end
    if 0 <= gap <= 4:
        return True
    if not 0 < gap <= _NEXT_SENTENCE:
        return False
    chunk = next((c for c in (part_in.hit.chunk, whole_in.hit.chunk)
                  if c.char_start <= whole_in.end and part_in.start <= c.char_end), None)
    if chunk is None:
        return False
    between = chunk.text[whole_in.end - chunk.char_start : part_in.start - chunk.char_start].rstrip()
    return between.endswith("。") and between.count("。") == 1 and \
        not any(_same_measure(whole, f) for f in find_figures(between))


def _opens_parts_of(text: str, whole_text: str, whole: Figure) -> bool:
    """The sentence opens a list of parts (其中, 在招聘人数中，) of the whole, not of a part its sentence names after
    it."""
    opened = _PARTS_OPEN.match(text)
    return opened is not None and (not opened.group("among") or opened.group("among") not in whole_text[whole.end :])


def _part_of(parts: tuple[str, str], a: tuple, b: tuple) -> bool:
    """The second candidate is a part of the first, as the question asks (of them, 其中): listed right after the
    whole's sentence (``_listed_next``) or under the 其中 after it in one sentence."""
    if a[3].hit.chunk.doc_id != b[3].hit.chunk.doc_id:
        return False
    if a[3].row == b[3].row:  # (under its 其中, or one outcome of a check: 合格598批次，不合格14批次)
        return whole_and_part(parts[1], a[3].text, a[4], b[4]) or outcome_part(parts[1], a[3].text, a[4], b[4])
    return _listed_next(parts, a[3], b[3], a[4], b[4])


def _pair_score(settings: AnswerSettings, question: str, parts: tuple[str, str], a: tuple, b: tuple,
                part: bool) -> float:
    """Both figures' scores, and how well they go together: one sentence, a whole and its part (``part``: the part
    of the whole the question names best, ``_named_parts``), an old and a new value, not the two ends of one change;
    two passages cost ``cross_passage_penalty``, unless the part's sentence opens the list right after the whole
    (``_listed_next``)."""
    s = settings
    one_sentence = a[3].row == b[3].row
    score = a[0] + b[0] + s.whole_part_bonus * part
    if one_sentence:
        score += s.pair_bonus + s.whole_part_bonus * (old_then_new(*parts, a[3].text, a[4], b[4])
                                                      - one_change(question, *parts, a[3].text, a[4], b[4]))
    # How many rangers, and how many of them are new: not the change against last year (比去年增加7名), no part.
    if of_the_whole(parts[1]) and compared_amount(parts[1], b[3].text, b[4]):
        score -= s.whole_part_bonus
    listed = not one_sentence and _listed_next(parts, a[3], b[3], a[4], b[4])
    if a[3].hit.chunk.id != b[3].hit.chunk.id and not listed:  # (a list cut from its opening by the passages)
        score -= s.cross_passage_penalty
    return score


def _named_parts(parts: tuple[str, str], first: list[tuple], second: list[tuple]) -> set[tuple[int, int]]:
    """The (first, second) candidates where the second is the part of the first's whole that the question names
    best: of the whole's parts (``_part_of``), those that score highest (800万元，其中县级财政资金600万元…。按消费类别
    分别为：…家电券250万元: how much of it goes to home-appliance vouchers is 250万元, not the first part listed)."""
    named: set[tuple[int, int]] = set()
    for a in first:
        found = [b for b in second if _part_of(parts, a, b)]
        best = max((b[0] for b in found), default=None)
        # A figure that names the part better, close after the whole, where the passages found do not hold the text
        # between (a later item of the list, 公务接待费3.80万元, two passages away): no listed part is the one named.
        if best is not None and not any(_unread_item(a, b) for b in second if b[0] > best):
            named.update((id(a), id(b)) for b in found if b[0] >= best)
    return named


def _unread_item(a: tuple, b: tuple) -> bool:
    """``b`` stands in ``a``'s document shortly after ``a``'s sentence, and no passage found holds the text between."""
    after = a[3].start + a[4].end
    return b[3].hit.chunk.doc_id == a[3].hit.chunk.doc_id and 0 < b[3].start - a[3].end <= _NEXT_SENTENCE and \
        _text_between(a[3].hit.chunk, b[3].hit.chunk, after, b[3].start) is None


_CHECKED_PAIRS = 5


_OTHER_YEARS_SENTENCE = re.compile(r"\s*(?:去年|上年|上一年|前年)")


def best_pair(settings: AnswerSettings, retrieval: Retrieval, asks: tuple[Ask, Ask], first: list[tuple],
              second: list[tuple], bases: dict[str, int | None], reader: IndexReader, lead: int,
              unmet: Callable[[tuple], bool] | None = None) -> tuple[tuple, tuple] | None:
    """The best pair of a candidate of the first part and one of the second (``(score, -rank, -position, sentence,
    figure)`` each) from one document, or None. No figure of another year than the one asked (前年…356座，投入资金
    7.64亿元 for 2024's) is in a pair, as for one figure; a year that names the document (its 2025 support list) is
    met by it; nor is one of another batch or round than the one asked (第一批… for the second batch). Each
    candidate is checked once, not once per pair it is in. One figure at least stands in the first ``lead``
    passages: the passages further down only complete a pair. Two figures of two passages are a pair only
    when each is in the unit its part asks for (2,360户 for 覆盖多少户, not the 6座 of another paragraph). ``unmet``:
    whether a first part's candidate fails the question's conditions; the best of the ``_CHECKED_PAIRS`` best pairs
    that does not is returned, else the best."""
    question, parts = retrieval.question, (asks[0].question, asks[1].question)

    def in_unit(ask: Ask, x: tuple) -> bool:
        return not ask.unit or answers_unit(ask.unit, x[4])

    # A part that names its own year is checked against it (a question of two years asks one in each part; … and
    # how many last year?); the others against the question's.
    dated = [ask.question if asked_years(ask.question) or names_relative_year(ask.question) else question
             for ask in asks]
    # A year that names the document excuses its figures marked as another year's (对上年度首次认定的…企业 of its 2025
    # support list), not a sentence about another year (去年同类演练综合评估得分为86.7分 in the 2025 drill's report).
    other_year = {id(x) for asked, found in zip(dated, (first, second), strict=True) for x in found
                  if (figure_year_mismatch(asked, x[3].text, x[4].start, bases.get(x[3].hit.chunk.doc_id))
                      and (_OTHER_YEARS_SENTENCE.match(x[3].text) or not names_its_document(asked, x[3], reader)))
                  or ordinal_match(question, x[3].text, x[4].start) < 0}
    named = _named_parts(parts, [a for a in first if id(a) not in other_year],
                         [b for b in second if id(b) not in other_year])
    pairs = [(_pair_score(settings, question, parts, a, b, (id(a), id(b)) in named), a, b)
             for a in first if id(a) not in other_year for b in second if id(b) not in other_year
             and a[3].hit.chunk.doc_id == b[3].hit.chunk.doc_id and (a[3].row, a[4].start) != (b[3].row, b[4].start)
             and min(a[3].rank, b[3].rank) < lead
             and (a[3].hit.chunk.id == b[3].hit.chunk.id or (in_unit(asks[0], a) and in_unit(asks[1], b)))]
    # What was done, and its target: the first is no figure the text sets as a target, the second is one (5,126人 and
    # the 4,800人以上 of 绩效目标为：…, not two targets of that sentence), where some pair is.
    if asks_target(parts):
        pairs = [x for x in pairs if not _is_target(x[1]) and _is_target(x[2])] or pairs
    if not pairs:
        return None
    # The best pair whose first figure meets the question's conditions (``unmet``: its year, place, indicator), of
    # the best few: a pair of one sentence about a part (第一产业增加值9.82亿元,增长3.2%) is no reason to abstain
    # while the sentence about the whole (地区生产总值1,198.36亿元,…增长6.1%) pairs too.
    ranked = sorted(pairs, key=lambda x: x[0], reverse=True)
    met = (x for x in ranked[:_CHECKED_PAIRS] if unmet is None or not unmet(x[1]))
    _, a, b = next(met, ranked[0])
    return a, b


def pair_answer(settings: AnswerSettings, retrieval: Retrieval, a: tuple, b: tuple) -> Answer:
    """The answer of a pair: in one passage, the span from the first figure to the second; in two, both figures
    joined. Either way each figure is a part cited to its own passage."""
    found = [(x[3], x[4]) for x in (a, b)]
    parts = tuple(AnswerPart(figure.text, figure.kind.value, sentence.hit.chunk.id, sentence.start + figure.start,
                             sentence.start + figure.end, citation(sentence.hit.chunk)) for sentence, figure in found)
    sentence, figure = found[0]
    if a[3].hit.chunk.id == b[3].hit.chunk.id:
        start, end = min(p.char_start for p in parts), max(p.char_end for p in parts)
        text = chunk_slice(sentence.hit.chunk, start, end)
    else:
        start, end, text = parts[0].char_start, parts[0].char_end, "；".join(p.text for p in parts)
    return make_answer(settings, retrieval, sentence, start, end, text, figure.kind.value, figure, parts)


# How much of it: "how much" asks the whole's kind, unless the part names money in other words.
_HOW_MUCH = re.compile(r"\bhow much\b", re.I)


def two_part_pair(settings: AnswerSettings, figures: FigureChooser, retrieval: Retrieval, parts: tuple[str, str],
                  sentences: list[Sentence], bases: dict[str, int | None], reader: IndexReader, passages: int,
                  unmet_sentence: Callable[[Sentence], object] | None = None) -> tuple[tuple, tuple] | None:
    """The best figure of each of a two-part question's ``parts`` among ``sentences`` (of the first ``passages``
    passages and further ones of the first passage's document); with ``unmet_sentence`` (why a sentence cannot
    answer, or None), of the few best pairs (``best_pair``), the first whose first figure's sentence meets the
    question's conditions, if any does."""
    # A part that names no kind of its own (… and what is the cap?) may be any amount; the first part
    # inherits the question's kind.
    kinds = [expected_kind(parts[0]) or retrieval.expected, expected_kind(parts[1])]
    # How much of that: the first part's kind (money), not a quantity; what share of it asks for its own. So does
    # its target (how many jobs, and what was the target: 4,800人, not 完成目标任务的106.8%).
    target = asks_target(parts)  # … and what was the target: the first part's
    # 目标是多少 names no measure word: 3.2亿元 of 投资完成了多少, not a count; what share of the target it was
    # asks for its share (53.6%), not the target.
    unnamed = kinds[1] is None or (target and not expected_unit(parts[1]) and kinds[1] != FigureKind.PERCENT)
    # How much water…, and how much of it went to agriculture: "how much" of a whole is of the whole's kind and
    # unit (25.34亿立方米), not money, unless the part names money.
    of_whole = of_the_whole(parts[1])
    if of_whole and kinds[1] == FigureKind.MONEY and expected_kind(_HOW_MUCH.sub(" ", parts[1])) is None:
        unnamed = True
    if (of_whole or target) and unnamed:
        kinds[1] = kinds[0]
    units = [expected_unit(part) for part in parts]
    if of_whole and units[1] is None and kinds[1] == kinds[0]:
        units[1] = units[0]
    asks = [Ask(part, kind, unit, part_terms(part, retrieval))
            for part, kind, unit in zip(parts, kinds, units, strict=True)]
    if target:  # of what the first part counts, in its unit (4,800人 new jobs, not the 1,600人 re-employed)
        tokens = None if asks[0].tokens is None else [*asks[0].tokens, *(asks[1].tokens or ())]
        asks[1] = Ask(f"{parts[0]}，{parts[1]}", kinds[1], asks[1].unit or asks[0].unit, tokens)
    # A part that names its unit (how big an area: 亩) is answered in it when some figure is (16.8万亩,
    # not 1.38万吨).
    first, second = (figures.in_unit(ask, figures.candidates(ask, sentences, retrieval, bases))
                     for ask in asks)
    unmet = (lambda x: unmet_sentence(x[3]) is not None) if unmet_sentence is not None else None
    return best_pair(settings, retrieval, (asks[0], asks[1]), first, second, bases, reader, passages, unmet)
