"""From retrieved passages to the minimal answer span, its citations and any disagreement.

A question that asks for a figure gets the figure with its qualifier and unit
(近400万元, 5600余万元, 15.36%); any other question gets the best sentence. The
sentence is chosen among the top passages by its similarity to the question
(sentence vectors are computed at index time) plus the share of the question's
terms it contains. When passages of *other* documents state the same fact with a
different figure, both figures are returned as a conflict, each with its citation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache

from rag.answer.about_document import cited_number, header_answer, header_answers, titled_hit
from rag.answer.abstain import written_names
from rag.answer.changes import change_span
from rag.answer.codes import code_answer
from rag.answer.conflicts import Citation, Conflict
from rag.answer.constraints import names_its_document, unmet_constraint, why_unmet
from rag.answer.context import place_mismatch
from rag.answer.dates import (
    asks_date_role,
    asks_monthly_day,
    date_range,
)
from rag.answer.document_years import document_year
from rag.answer.figure_choice import FigureChooser
from rag.answer.grades import asks_grade_second, graded_figure, graded_sentence, graded_statement
from rag.answer.header import header_question, header_questions
from rag.answer.pairs import pair_answer, two_part_pair
from rag.answer.parts import two_parts
from rag.answer.passage_checks import (
    FURTHER_REASONS,
    NUMBER,
    counts_otherwise,
    further_passages,
    misses_the_asked,
    names_written,
    number_value,
    stated_above,
    states_amount,
)
from rag.answer.per_unit import rate_for_total, total_for_rate
from rag.answer.positions import asks_position, stated_position
from rag.answer.qualifiers import figure_year_mismatch
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
)
from rag.answer.stated import asked_years
from rag.answer.table_answer import money_cell, table_answer
from rag.answer.table_rank import ranked_row
from rag.index.base import IndexReader
from rag.search.names import header_text
from rag.search.retrieval import Hit, Retrieval
from rag.text.asked import asks_definition, asks_grade
from rag.text.figures import AMOUNT_KINDS, FigureKind, same_measure
from rag.text.romanise import spelled_in


class AnswerExtractor:
    def __init__(self, settings: AnswerSettings | None = None) -> None:
        self.settings = settings or AnswerSettings()
        self.figures = FigureChooser(self.settings)

    def run(self, retrieval: Retrieval, reader: IndexReader) -> Answer | None:
        found = self.decide(retrieval, reader)
        return found if isinstance(found, Answer) else None

    def decide(self, retrieval: Retrieval, reader: IndexReader) -> Answer | NoAnswer:
        """The answer, or why there is none. When the first passages give none, passages further down may
        (``further_passages``)."""
        found = self._decide(retrieval, reader)
        if isinstance(found, NoAnswer) and found.reason in FURTHER_REASONS:
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
        if misses_the_asked(retrieval, about[:wide], bases):
            wide = s.conflict_passages
        top = about[:wide]
        if further:  # a second reading: only worth it when there are passages further down to read
            missed = top and misses_the_asked(retrieval, top, bases)
            extra = further_passages(retrieval, top, near, bases) if missed else []
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
            if stated := stated_above(cell, tables, sentences, expected):
                best, figure = stated
                return make_answer(self.settings, retrieval, best, best.start + figure.start, best.start + figure.end,
                                   figure.text, figure.kind.value, figure)
            # One cell is half the answer to a two-part question: a pair of figures the sentences state is all of it
            # (a row's two cells, 1700  1802.6, are both).
            # Two cells (3.20  3.42) are both parts, bare: the prose that states the same two values with their units
            # (完成固定资产投资3.42亿元，为年度目标任务3.2亿元的106.9%) answers in its words.
            # Two bare cells are no share (7.2 | 3.86 for how much, and what share of the target: 3.86亿元 and 53.6%).
            cells = NUMBER.findall(cell.text)
            pair = self._pair(retrieval, top, sentences, places, bases, reader)
            shares = pair is not None and "%" not in cell.text and any(x[4].kind == FigureKind.PERCENT for x in pair) \
                and any(number_value(x[4].text) in set(map(number_value, cells)) for x in pair)
            # (…unless the two cells are one row's, of one part, which the pair's other figure completes: 第二档
            # 3.10 | 3.31 for the second and third tiers' prices, 3.31元和4.14元.)
            values = [number_value(x[4].text) for x in pair] if pair is not None else []
            if pair is not None and len(cells) >= 2 and not shares and \
                    Counter(map(number_value, cells[:2])) != Counter(values) and \
                    not (values[0] in set(map(number_value, cells[:2])) and values[1] not in
                         set(map(number_value, cells)) and pair[0][3].row == pair[1][3].row):
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
                scored = [x for x in scored if names_written(names, x[3], summaries)]
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
                        counts_otherwise(retrieval.unit, figure.text):
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
        if figure is None and expected in AMOUNT_KINDS and not states_amount(best.text, expected):
            return NoAnswer("no_figure", f"the sentence found states no {expected.value} figure")
        if figure is not None:
            terms = self.figures.named_terms(retrieval, Ask(retrieval.question, None, None, None))
            end_in = bounded_end(best.text, figure, deadline=asks_date_role(retrieval.question)
                                 or asks_monthly_day(retrieval.question))  # 每月15日前 (发放)
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
        pairs, the first whose first figure's sentence meets the question's conditions, if any does. The table
        branch does not check: a pair that fails there leaves the table's cell to answer."""
        parts = two_parts(retrieval.question)
        if parts is None or asks_grade_second(retrieval.question):  # the grade is no figure (graded_figure)
            return None
        return two_part_pair(self.settings, self.figures, retrieval, parts,
                             self._with_document(retrieval, top, sentences, places), bases, reader, len(top), why)


__all__ = ["Answer", "AnswerExtractor", "AnswerSettings", "Citation", "Conflict", "FigureKind", "NoAnswer"]
