"""From retrieved passages to the minimal answer span, its citations and any disagreement.

A question that asks for a figure gets the figure with its qualifier and unit
(近400万元, 5600余万元, 15.36%); any other question gets the best sentence. The
sentence is chosen among the top passages by its similarity to the question
(sentence vectors are computed at index time) plus the share of the question's
terms it contains. When passages of *other* documents state the same fact with a
different figure, both figures are returned as a conflict, each with its citation.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from rag.answer.about_document import cited_number, header_answer, header_answers, titled_hit
from rag.answer.abstain import written_names
from rag.answer.changes import change_span
from rag.answer.codes import code_answer
from rag.answer.conflicts import Citation, Conflict
from rag.answer.constraints import names_its_document, unmet_constraint, why_unmet
from rag.answer.context import document_year, place_mismatch
from rag.answer.dates import (
    asks_date_role,
    asks_day,
    asks_effect,
    date_range,
    date_role,
    is_bare_year,
    states_date_role,
)
from rag.answer.figure_choice import FigureChooser
from rag.answer.figure_years import past_date
from rag.answer.grades import asks_grade_second, graded_figure, graded_sentence, graded_statement
from rag.answer.header import header_question, header_questions
from rag.answer.labels import (
    of_the_whole,
)
from rag.answer.pairs import asks_target, best_pair, pair_answer
from rag.answer.parts import two_parts
from rag.answer.per_unit import asks_ratio, rate_for_total, states_ratio, total_for_rate
from rag.answer.positions import asks_position, stated_position
from rag.answer.qualifiers import change_for_share, figure_year_mismatch
from rag.answer.respective import respective_span
from rag.answer.scope import clause_place_elsewhere, scope_elsewhere
from rag.answer.sentence_fit import HEADING, asks_recurring, fit, recurring_span, under_headings
from rag.answer.span import (
    Answer,
    AnswerSettings,
    Ask,
    NoAnswer,
    Sentence,
    bounded_end,
    candidate_sentences,
    clause_sides,
    make_answer,
    part_terms,
)
from rag.answer.stated import asked_years
from rag.answer.table_answer import money_cell, table_answer
from rag.answer.table_lines import cells
from rag.answer.table_rank import ranked_row
from rag.answer.totals import misses_total
from rag.index.base import IndexReader
from rag.search.names import header_text
from rag.search.retrieval import Hit, Retrieval
from rag.text.asked import asks_definition, asks_grade, expected_kind, expected_unit
from rag.text.figures import AMOUNT_KINDS, Figure, FigureKind, compatible, find_figures, same_measure
from rag.text.romanise import spelled_in

_NUMBER_CELL = re.compile(r"[约近超]?[-−]?\d[\d.,]*\s*[%％]?")
_NUMBER = re.compile(r"\d[\d,.]*")
_VALUE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number the reader keeps bare but prose measures in a unit it does not know (3.6米/公顷, 46.8公顷): no count.
_MEASURED_AFTER = re.compile(r"[\u4e00-\u9fffA-Za-z/]")
_NO_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_HOW_MUCH = re.compile(r"\bhow much\b", re.I)


def _number_value(text: str) -> float | None:
    """The value of the first number ``text`` writes (3.20 and 3.2亿元 alike; None for 两成)."""
    found = _VALUE.search(text)
    return float(found.group().replace(",", "")) if found else None


def _misses_the_asked(retrieval: Retrieval, hits: list[Hit], bases: dict[str, int | None]) -> bool:
    """None of ``hits`` states an amount of the kind asked or a count in the measure asked (多久 -> 2个工作日; 天 stands
    for any duration) that is not marked as another year's than the question's, or a date (in the role asked: valid
    until -> 有效期至2028年12月31日, and of the document's own year when the question names none: not 上年…7月上旬前
    兑付), or, for a question about a total, no figure marked as one (``misses_total``): a passage a little further
    down may."""
    question, unit = retrieval.question, retrieval.unit

    def of_the_year(h: Hit, f) -> bool:  # not marked as another year's than the one asked (计划总投资 of 今年)
        return not figure_year_mismatch(question, h.chunk.text, f.start, bases.get(h.chunk.doc_id))

    if retrieval.expected == FigureKind.COUNT and unit:
        return not any(f.kind == FigureKind.COUNT and same_measure(unit, f.text, named_time=True) and of_the_year(h, f)
                       and not (_NUMBER.fullmatch(f.text) and _MEASURED_AFTER.match(h.chunk.text, f.end))
                       for h in hits for f in find_figures(h.chunk.text)) or \
            misses_total(question, [h.chunk.text for h in hits], retrieval.expected, unit)
    if retrieval.expected == FigureKind.PERCENT and asks_ratio(question):  # 车桩比: 5.45∶1, not a rate of change
        return not any(states_ratio(h.chunk.text) for h in hits)
    if retrieval.expected in AMOUNT_KINDS:  # a reply's opening line, a table's bare cells: no amount, no count
        # (nor a share for what share: 比上季度下降41.3% is a change)
        return not any(compatible(retrieval.expected, f.kind) and of_the_year(h, f)
                       and not (f.kind == FigureKind.PERCENT and change_for_share(question, h.chunk.text, f.start))
                       for h in hits for f in find_figures(h.chunk.text)) or \
            misses_total(question, [h.chunk.text for h in hits], retrieval.expected)
    if retrieval.expected == FigureKind.DATE and asks_date_role(question):
        return not any(states_date_role(question, h.chunk.text) and any(
            f.kind == FigureKind.DATE and not past_date(question, h.chunk.text, f.start, bases.get(h.chunk.doc_id))
            for f in find_figures(h.chunk.text)) for h in hits)
    if retrieval.expected == FigureKind.DATE and asks_effect(question):  # 自2025年3月1日起执行, not 每年1月31日前
        return not any(f.kind == FigureKind.DATE and of_the_year(h, f)
                       and date_role(question, h.chunk.text, f.start, f.end) > 0
                       for h in hits for f in find_figures(h.chunk.text))
    if retrieval.expected == FigureKind.DATE:  # a table's rows, a project's number: no date, when was it? From which
        # day: no date of the year asked (每年1月31日前…上年度 for the 2025 list), and no bare year (2024年收费额)
        day = asks_day(question)
        return not any(f.kind == FigureKind.DATE and not (day and is_bare_year(f.text)) and of_the_year(h, f)
                       for h in hits for f in find_figures(h.chunk.text))
    return False


_FURTHER = 2  # passages taken from further down (``_further``) when the first ones give no answer for these reasons
_FURTHER_REASONS = frozenset({"other_year", "no_figure", "not_stated", "no_match"})


def _further(retrieval: Retrieval, top: list[Hit], near: list[Hit], bases: dict[str, int | None]) -> list[Hit]:
    """The first passages below ``near``, of the documents of ``top``, that hold what none of ``top`` does
    (``_misses_the_asked``): a reply's paragraph on last year (去年…共支持家庭牧场560个) may rank below its
    paragraphs on this year's plans, which state the same kinds of figures of another year."""
    docs = {h.chunk.doc_id for h in top}
    further = (h for h in retrieval.hits[len(near):]
               if h.chunk.doc_id in docs and not _misses_the_asked(retrieval, [h], bases))
    return list(itertools.islice(further, _FURTHER))


def _stated_above(cell: Answer, hits: list[Hit], sentences: list[Sentence], expected: FigureKind
                  ) -> tuple[Sentence, Figure] | None:
    """The figure that states a bare cell's value (1500) with its unit in a sentence of another document's passage
    ranked above the cell's table (中级工1,500元 in the reply asked about, over another notice's table): that passage
    answers, in its own words."""
    if not _NUMBER_CELL.fullmatch(cell.text) or (value := _number_value(cell.text)) is None:
        return None
    above = {h.chunk.id for h in itertools.takewhile(lambda h: h.chunk.id != cell.passage_id, hits)
             if h.chunk.doc_id != cell.doc_id}
    return next(((x, f) for x in sentences if x.hit.chunk.id in above for f in find_figures(x.text)
                 if f.kind == expected and not f.text[-1].isdigit() and _number_value(f.text) == value), None)


def _counts_otherwise(asked: str, figure: str) -> bool:
    """A count in a measure word that is not the one asked nor of its class, and shares no character with it
    (1家 for 吨; 500万人次 does count 次, 12,600批次 counts 批次)."""
    found = re.search(r"([^\d\s.,%]+?)(?:以上|左右)?$", figure)
    return bool(found) and not same_measure(asked, figure) and not set(found.group(1)) & set(asked)


def _states_amount(text: str, expected: FigureKind) -> bool:
    """Whether a sentence can answer an amount question without a figure chosen from it: it states a figure of the
    kind asked (麒麟区…不纳入本次奖补范围 does not say how much Qilin gets), or any figure for a rate (增加了多少 may
    ask a rate or the amount of a rise), or it is a table row with a cell of a number, which may (not 包3 … — 废标 —,
    a lot that was not awarded)."""
    if any(_NUMBER_CELL.fullmatch(c.text) for line in text.split("\n") for c in cells(line)):
        return True
    found = find_figures(text)
    return bool(found) if expected == FigureKind.PERCENT else any(compatible(expected, f.kind) for f in found)


def _names_written(names: list[str], sentence: Sentence, summaries: dict[str, dict]) -> bool:
    """Whether a candidate sentence, the headings of its section or the title of its document write every name."""
    title = (summaries.get(sentence.hit.chunk.doc_id) or {}).get("title") or ""
    # Quotation marks are the writer's, not the name's: “三公”经费 writes 三公经费.
    around = "".join((sentence.text, *sentence.hit.chunk.section, title)).translate(_NO_QUOTES)
    return all(n.translate(_NO_QUOTES) in around for n in names)


class AnswerExtractor:
    def __init__(self, settings: AnswerSettings | None = None) -> None:
        self.settings = settings or AnswerSettings()
        self.figures = FigureChooser(self.settings)

    def run(self, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
        found = self.decide(retrieval, reader)
        return found if isinstance(found, Answer) else None

    def decide(self, retrieval: Retrieval, reader: IndexReader) -> Answer | NoAnswer:
        """The answer, or why there is none. When the first passages give none, passages further down may
        (``_further``)."""
        found = self._decide(retrieval, reader)
        if isinstance(found, NoAnswer) and found.reason in _FURTHER_REASONS:
            further = self._decide(retrieval, reader, further=True)
            return further if isinstance(further, Answer) else found
        return found

    def _decide(self, retrieval: Retrieval, reader: IndexReader, further: bool = False) -> Answer | NoAnswer:
        fields = header_questions(retrieval.question)
        if len(fields) == 2 and retrieval.hits and \
                (both := header_answers(fields, titled_hit(self.settings, retrieval, reader), reader,
                                        retrieval.question)) is not None:
            return both
        field_name = header_question(retrieval.question)
        if field_name == "doc_number" and (cited := cited_number(self.settings, retrieval, reader)) is not None:
            return cited
        if field_name and retrieval.hits:
            answer = header_answer(field_name, titled_hit(self.settings, retrieval, reader), reader, retrieval.question)
            if answer is not None:
                return answer
            if field_name == "contact":  # contact lines are not passages: no header contact, no answer
                return NoAnswer("no_field", "the documents found name no contact")
        if (code := code_answer(self.settings, retrieval, reader)) is not None:  # 项目编号, the project number
            return code
        if (ranked := ranked_row(self.settings, retrieval, reader)) is not None:  # 得分最高的是哪个村
            return ranked
        s = self.settings
        # A passage that is not about the place the question names cannot answer it; the next ones may
        # (the best sentence of a neighbouring county's report is not a reason to abstain).
        near = retrieval.hits[: max(s.passages, s.conflict_passages)]
        summaries = reader.summaries(list(dict.fromkeys(h.chunk.doc_id for h in near)))
        bases = {d: document_year(v) for d, v in summaries.items()}  # the year each document speaks from
        places = {h.chunk.id: place_mismatch(retrieval.question, h.chunk, summaries.get(h.chunk.doc_id), reader,
                                             retrieval.pinyin_places, whole_tables=True) for h in near}
        if not near:
            return NoAnswer("no_passage", "no passage was found")
        # Pengdianzi town: no header of the candidates, no passage read for the name and no passage or header here
        # spells it.
        if retrieval.unplaced:
            texts = [h.chunk.text for h in near] + [header_text(v) for v in summaries.values()]
            for name in retrieval.unplaced:
                if not any(spelled_in(text, name) for text in texts):
                    return NoAnswer("other_place", f"no passage found mentions {name.title()}")
        if all(reason and reason.startswith("no document") for reason in places.values()):
            return NoAnswer("no_passage", next(iter(places.values())))
        # A definition may stand in a passage below the first few (第二条 …所称…，是指…).
        wide = s.conflict_passages if retrieval.expected is None and asks_definition(retrieval.question) else s.passages
        about = [h for h in near if places[h.chunk.id] is None]
        if _misses_the_asked(retrieval, about[:wide], bases):
            wide = s.conflict_passages
        top = about[:wide]
        if further:  # a second reading: only worth it when there are passages further down to read
            extra = _further(retrieval, top, near, bases) if top and _misses_the_asked(retrieval, top, bases) else []
            if not extra:
                return NoAnswer("no_match", "no passage further down holds what was asked")
            top += extra
        sentences = candidate_sentences(self.settings, retrieval, top)
        if not sentences:
            if not about:
                return NoAnswer("other_place", next((r for r in places.values() if r), "the passages found are "
                                                    "not about the place asked"))
            return NoAnswer("no_match", "the passages found hold no sentence to answer with")
        expected = retrieval.expected
        # A place in a ranking stands in a short clause of a long passage: the five best passages are read for it.
        if expected is None and asks_position(retrieval.question) and \
                (place := stated_position(candidate_sentences(s, retrieval, about[: s.conflict_passages]))):
            said, start_in, end_in = place
            return why_unmet(retrieval.question, said, retrieval, reader) or \
                make_answer(s, retrieval, said, said.start + start_in, said.start + end_in,
                            said.text[start_in:end_in], "rank", None)
        # What score, and what grade: the sentence that states both answers, before any table of the indicators' scores.
        if expected is not None and asks_grade_second(retrieval.question) and \
                (graded := self._graded(retrieval, top, sentences, places, reader)) is not None:
            return graded
        # A row the question names by its label may stand in any retrieved table, not only the top passages.
        tables = top + [h for h in retrieval.hits if h not in top and places.get(h.chunk.id) is None]
        # A Chinese name an English question writes (机关运行经费) stands in the answer's table or sentence.
        names = written_names(retrieval.question)
        if expected is not None and (cell := table_answer(self.settings, retrieval, tables, reader)) is not None \
                and all(n in next((h.chunk.text for h in tables if h.chunk.id == cell.passage_id), "") for n in names):
            if stated := _stated_above(cell, tables, sentences, expected):
                best, figure = stated
                return make_answer(self.settings, retrieval, best, best.start + figure.start, best.start + figure.end,
                                   figure.text, figure.kind.value, figure)
            # One cell is half the answer to a two-part question: a pair of figures the sentences state is all of it
            # (a row's two cells, 1700  1802.6, are both).
            # Two cells (3.20  3.42) are both parts, bare: the prose that states the same two values with their units
            # (完成固定资产投资3.42亿元，为年度目标任务3.2亿元的106.9%) answers in its words.
            # Two bare cells are no share (7.2 | 3.86 for how much, and what share of the target: 3.86亿元 and 53.6%).
            cells = _NUMBER.findall(cell.text)
            pair = self._pair(retrieval, top, sentences, places, bases, reader)
            shares = pair is not None and "%" not in cell.text and any(x[4].kind == FigureKind.PERCENT for x in pair) \
                and any(_number_value(x[4].text) in set(map(_number_value, cells)) for x in pair)
            # (…unless the two cells are one row's, of one part, which the pair's other figure completes: 第二档
            # 3.10 | 3.31 for the second and third tiers' prices, 3.31元和4.14元.)
            values = [_number_value(x[4].text) for x in pair] if pair is not None else []
            if pair is not None and len(cells) >= 2 and not shares and \
                    Counter(map(_number_value, cells[:2])) != Counter(values) and \
                    not (values[0] in set(map(_number_value, cells[:2])) and values[1] not in
                         set(map(_number_value, cells)) and pair[0][3].row == pair[1][3].row):
                pair = None
            if pair is None or why_unmet(retrieval.question, pair[0][3], retrieval, reader):
                return cell
            return pair_answer(self.settings, retrieval, *pair)
        # A numbered heading ((二)落实贷款贴息和担保补贴。) names a topic; a sentence question wants what is
        # said under it.
        under = under_headings(sentences, retrieval.question, s.heading_bonus)
        said = [x for x in under if expected is not None or not HEADING.match(x.text)] or sentences
        best = min(said, key=lambda x: (-x.score, x.rank, x.start))
        if best.score < s.min_score:
            return NoAnswer("no_match", "no sentence of the passages found matches the question closely enough")
        if expected is None:  # the form of the sentence: not a plan, a list of as many as asked (sentence_fit)
            best = min(said, key=lambda x: (-x.score - fit(retrieval.question, x.text, s.plan_penalty,
                                                           s.count_bonus), x.rank, x.start))
        elif expected == FigureKind.DATE and (recurring := self._recurring(retrieval, sentences, best, reader)):
            return recurring
        # The year and place are checked on the sentence that answers: for a figure question, the figure's
        # (the best sentence may be a neighbouring condition about another year, 2023年1月1日前已备案).

        figure, checked = None, False  # checked: best already meets the question's year, place and the rest
        if expected is not None:
            ask = Ask(retrieval.question, expected, retrieval.unit, None)
            scored = self.figures.candidates(ask, sentences, retrieval, bases)
            if expected == FigureKind.COUNT:  # a bare number of a table in 万元 counts nothing
                document = cache(reader.document)  # one read per document, however many of its rows compete
                scored = [x for x in scored if not money_cell(x[3], x[4], document)]
            # A count question that names its measure word (多少家) and no figure of the top passages counts
            # that (only 50项, 1500万元): the passages do not hold the answer.
            counts_in_unit = expected == FigureKind.COUNT and bool(retrieval.unit) and \
                (two_parts(retrieval.question) is None or asks_grade_second(retrieval.question))
            # 吉林市实现…412.6亿元 is 吉林市's figure, not that of the 延边州 asked.
            elsewhere = [clause_place_elsewhere(retrieval.question, x[3].text, x[4].start, retrieval.pinyin_places)
                         for x in scored]
            if scored and all(elsewhere):
                return NoAnswer("other_place", f"the figures found are {elsewhere[0]}'s")
            scored = [x for x, other in zip(scored, elsewhere, strict=True) if other is None]
            if counts_in_unit and not any(f.kind == FigureKind.COUNT and same_measure(retrieval.unit, f.text)
                                          for *_, f in scored):
                return NoAnswer("no_figure", f"the passages found count nothing in {retrieval.unit}")
            if names:  # …in its sentence, its section's headings or its document's title (the fund a notice allocates)
                scored = [x for x in scored if _names_written(names, x[3], summaries)]
                if not scored:
                    return NoAnswer("not_stated", f"no sentence of the passages found gives a figure for "
                                                  f"{'、'.join(names)}")
            if scored:
                best, figure, checked = self.figures.within_constraints(retrieval, scored, bases, reader)
                # 全县 in a county's report is that county, not another one its passage mentions.
                own = scope_elsewhere(retrieval.question, best.text, figure.start,
                                      summaries.get(best.hit.chunk.doc_id), retrieval.pinyin_places)
                if own is not None:
                    return NoAnswer("other_place", f"the figure found is {own}'s (全县, 我县 in its report)")
                # A bare table number let the check above pass; the figure chosen counts in another measure word
                # (1家 for how many tonnes).
                if counts_in_unit and figure.kind == FigureKind.COUNT and \
                        _counts_otherwise(retrieval.unit, figure.text):
                    return NoAnswer("no_figure", f"the figure found counts no {retrieval.unit}")
                if not checked and figure_year_mismatch(retrieval.question, best.text, figure.start,
                                                        bases.get(best.hit.chunk.doc_id)) and \
                        not names_its_document(retrieval.question, best, reader):
                    asked = "、".join(asked_years(retrieval.question)) or "the period asked"
                    return NoAnswer("other_year", f"the figure found is not of {asked}")
                if figure.kind == FigureKind.MONEY:
                    lead, after = clause_sides(best.text, figure)[0], best.text[figure.end : figure.end + 4]
                    if total_for_rate(retrieval.question, lead, after):
                        return NoAnswer("not_stated", "the passages found state a sum, not the rate per unit asked")
                    if rate_for_total(retrieval.question, lead, after):
                        return NoAnswer("not_stated", "the passages found state a rate per unit, not the sum asked")
            # Each first part's sentence is checked once: by the pair's choice, then for the pair chosen.
            why = cache(lambda sentence: why_unmet(retrieval.question, sentence, retrieval, reader))
            pair = self._pair(retrieval, top, sentences, places, bases, reader, why) if scored else None
            if pair is not None:
                return why(pair[0][3]) or pair_answer(self.settings, retrieval, *pair)
        if not checked and (why := why_unmet(retrieval.question, best, retrieval, reader,
                                             figure_end=figure.end if figure is not None else None)):
            return why
        if figure is None and expected in AMOUNT_KINDS and not _states_amount(best.text, expected):
            return NoAnswer("no_figure", f"the sentence found states no {expected.value} figure")
        if figure is not None:
            terms = self.figures.named_terms(retrieval, Ask(retrieval.question, None, None, None))
            end_in = bounded_end(best.text, figure, deadline=asks_date_role(retrieval.question))
            start_in, end_in = change_span(retrieval.question, best.text, figure) or \
                respective_span(terms, best.text, figure, end_in, retrieval.question)
            if figure.kind == FigureKind.DATE and (span := date_range(retrieval.question, best.text, figure.start,
                                                                      figure.end)):
                start_in, end_in = span  # 申报时间为6月3日至6月28日: when it happens is the whole range
            if (graded := graded_figure(self.settings, retrieval, best, figure, start_in, end_in)) is not None:
                return graded  # 综合得分86.4分，评价等级为“良”: the score through its grade
            start, end = best.start + start_in, best.start + end_in
            text, kind = best.text[start_in:end_in], figure.kind.value
        elif expected is None and asks_grade(retrieval.question) and (graded := graded_sentence(
                self.settings, retrieval, self._with_document(retrieval, top, sentences, places), best,
                lambda x: why_unmet(retrieval.question, x, retrieval, reader) is not None)) is not None:
            return graded
        else:
            start, end, text, kind = best.start, best.end, best.text, "sentence"
        return make_answer(self.settings, retrieval, best, start, end, text, kind, figure)

    def _with_document(self, retrieval: Retrieval, top: list[Hit], sentences: list[Sentence],
                       places: dict[str, str | None]) -> list[Sentence]:
        """The candidate sentences of the ``top`` passages and of the first one's document's further passages (whose
        ``sentences`` are the top passages')."""
        same = [h for h in retrieval.hits if h not in top and h.chunk.doc_id == top[0].chunk.doc_id
                and places.get(h.chunk.id) is None]
        return candidate_sentences(self.settings, retrieval, top + same) if same else sentences

    def _graded(self, retrieval: Retrieval, top: list[Hit], sentences: list[Sentence], places: dict[str, str | None],
                reader: IndexReader) -> Answer | None:
        """What score, and what grade: the sentence stating a figure of the kind asked and then a grade, in the top
        passages or further passages of the first one's document (a report's conclusion may rank below its
        indicator tables), if it meets the question's conditions."""
        found = graded_statement(self._with_document(retrieval, top, sentences, places), retrieval.expected,
                                 retrieval.unit)
        if found is None or why_unmet(retrieval.question, found[0], retrieval, reader):
            return None
        sentence, figure = found
        return graded_figure(self.settings, retrieval, sentence, figure, figure.start, figure.end)

    def _recurring(self, retrieval: Retrieval, sentences: list[Sentence], best: Sentence, reader: IndexReader
                   ) -> Answer | None:
        """The usual time of a recurring event (按照惯例…每年什么时候) is the recurring expression (每年5月第3周)
        of a sentence close to the best (within ``tie_margin``), not the date of one occurrence."""
        if not asks_recurring(retrieval.question):
            return None
        near = [x for x in sentences if x.score >= best.score - self.settings.tie_margin and recurring_span(x.text)]
        if not near:
            return None
        found = min(near, key=lambda x: (-x.score, x.rank, x.start))
        if unmet_constraint(retrieval.question, found, retrieval, reader):
            return None
        start_in, end_in = recurring_span(found.text)
        start, end = found.start + start_in, found.start + end_in
        return make_answer(self.settings, retrieval, found, start, end, found.text[start_in:end_in],
                           FigureKind.DATE.value, None)

    def _pair(self, retrieval: Retrieval, top: list[Hit], sentences: list[Sentence], places: dict[str, str | None],
              bases: dict[str, int | None], reader: IndexReader,
              why: Callable[[Sentence], NoAnswer | None] | None = None) -> tuple[tuple, tuple] | None:
        """A two-part question (投入多少资金，支持多少户企业): the best figure of each part (rag.answer.pairs) in the
        ``top`` passages (their ``sentences``), the second one perhaps in another passage of the first passage's
        document further down the list; with ``why`` (why a sentence cannot answer: ``why_unmet``), of the few best
        pairs (``best_pair``), the first whose first figure's sentence meets the question's conditions, if any does.
        The table branch does not check: a pair that fails there leaves the table's cell to answer."""
        parts = two_parts(retrieval.question)
        if parts is None or asks_grade_second(retrieval.question):  # the grade is no figure (graded_figure)
            return None
        sentences = self._with_document(retrieval, top, sentences, places)
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
        first, second = (self.figures.in_unit(ask, self.figures.candidates(ask, sentences, retrieval, bases))
                         for ask in asks)
        unmet = (lambda x: why(x[3]) is not None) if why is not None else None
        return best_pair(self.settings, retrieval, (asks[0], asks[1]), first, second, bases, reader, len(top), unmet)


__all__ = ["Answer", "AnswerExtractor", "AnswerSettings", "Citation", "Conflict", "FigureKind", "NoAnswer"]
