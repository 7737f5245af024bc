"""The grade an evaluation gave (评价等级为“良”, 考核等次为优秀), where a question asks for it.

Performance evaluations and assessments state a score and the grade it earned in one sentence
(综合得分86.4分，评价等级为“良”). A question asking what grade (what rating, 什么等级, 评为什么等次) is answered by
the grade's words, label and value (评价等级为“良”: a bare 良 reads as nothing on its own), and a two-part question
asking the score and the grade by the score's figure through the grade.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rag.answer.conflicts import citation
from rag.answer.span import Answer, AnswerPart, AnswerSettings, Sentence, make_answer
from rag.search.retrieval import Retrieval
from rag.text.asked import GRADE_ASKED, asks_grade, expected_kind
from rag.text.figures import Figure, FigureKind, answers_unit, find_figures

_VALUE = r"优秀|良好|合格|基本合格|不合格|较好|一般|较差|优|良|中|差|[A-DＡ-Ｄ]{1,5}[+＋\-－]?级?|[一二三四五][等级档]"
# The labels an evaluation writes its grade under (a bare 等级 may be any rating: 森林火险等级为四级).
_EVALUATED = r"评价等级|绩效等级|考核等次|考核等级|评定等级|评价等次|评定等次|评价结果|考核结果"
GRADE = re.compile(rf"(?:{_EVALUATED}|等级|等次)(?:为|是|评定为|确定为|：|:)\s*(?:([“\"「]))?(?:{_VALUE})"
                   rf"(?(1)[”\"」]|(?:等次|等级|档次)?(?![\u4e00-\u9fffA-Za-z]))")
_EVALUATION = re.compile(_EVALUATED)
# A figure before the grade that is no score of it: the full marks (满分100分), one in brackets, a change (提高2.1分).
_NOT_THE_SCORE = re.compile(r"(?:满分|[（(][^）)]*|(?:提高|增加|下降|降低|减少|上升)了?)$")
# What joins the grade's ask to the figure's before it: a comma, "and", a question mark (a few words of the grade's
# own may stand between: …多少分？评价等级是什么).
_JOINED = re.compile(r"(?:[,;，；？?。]\s*|\s+and\s+|以及|并且?)(?:[^,;，；？?。\s]{0,8}|\s*)$", re.I)


def grade_span(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of the first grade statement of ``text`` at or after ``start``: from its label through its value
    (and closing quote)."""
    found = GRADE.search(text, start)
    return found.span() if found else None


def _evaluated(text: str) -> bool:
    """The text states an evaluation's grade under one of its labels (评价等级为“良”)."""
    span = grade_span(text)
    return span is not None and _EVALUATION.match(text, span[0]) is not None


@lru_cache(maxsize=1024)  # asked at several steps of one question's answer
def asks_grade_second(question: str) -> bool:
    """A question asking a figure and then the grade (what score…, and what grade was it given; 得了多少分？评价
    等级是什么？)."""
    found = GRADE_ASKED.search(question)
    if found is None:
        return False
    before = _JOINED.search(question[: found.start()])
    return before is not None and expected_kind(question[: before.start()]) is not None


def graded_statement(sentences: list[Sentence], kind: FigureKind, unit: str | None) -> tuple[Sentence, Figure] | None:
    """The best sentence (score, then rank) that states a figure of ``kind`` (in ``unit``, if one is asked) and then a
    grade, with the last such figure before the grade that is the score (综合得分92.6分（满分100分），较上年提高2.1分，
    评价等级为“优”: 92.6分)."""
    found = []
    for x in sentences:
        if (grade := grade_span(x.text)) is None:
            continue
        figures = [f for f in find_figures(x.text[: grade[0]])
                   if f.kind == kind and (not unit or answers_unit(unit, f))
                   and not _NOT_THE_SCORE.search(x.text[max(0, f.start - 12) : f.start])]
        if figures:
            found.append((x, figures[-1]))
    return max(found, key=lambda g: (g[0].score, -g[0].rank, -g[0].start), default=None)


def graded_figure(settings: AnswerSettings, retrieval: Retrieval, best: Sentence, figure: Figure,
                  start_in: int, end_in: int) -> Answer | None:
    """The figure at ``start_in``–``end_in`` of ``best`` through the grade its sentence states after it, each a
    part, when the question asks the figure and then the grade."""
    if not asks_grade_second(retrieval.question) or (grade := grade_span(best.text, end_in)) is None:
        return None
    cited = citation(best.hit.chunk)
    parts = (AnswerPart(best.text[start_in:end_in], figure.kind.value, best.hit.chunk.id, best.start + start_in,
                        best.start + end_in, cited),
             AnswerPart(best.text[grade[0] : grade[1]], "grade", best.hit.chunk.id, best.start + grade[0],
                        best.start + grade[1], cited))
    return make_answer(settings, retrieval, best, best.start + start_in, best.start + grade[1],
                       best.text[start_in : grade[1]], figure.kind.value, figure, parts)


def graded_sentence(settings: AnswerSettings, retrieval: Retrieval, sentences: list[Sentence], best: Sentence,
                    unmet: Callable[[Sentence], bool]) -> Answer | None:
    """The grade statement that answers a question asking a grade and no figure: ``best``'s, or that of the best
    sentence stating an evaluation's grade (评价等级为…, not any 等级) that scores ``min_score`` and meets the
    question's conditions (the conclusion of a report may score below its opening paragraph, which names the project
    more fully)."""
    if not asks_grade(retrieval.question):
        return None
    graded = sorted((x for x in sentences if (x is best and grade_span(x.text) is not None)
                     or (x.score >= settings.min_score and _evaluated(x.text))),
                    key=lambda x: (x is not best, -x.score, x.rank, x.start))
    found = next((x for x in graded if x is best or not unmet(x)), None)
    if found is None:
        return None
    start_in, end_in = grade_span(found.text)
    return make_answer(settings, retrieval, found, found.start + start_in, found.start + end_in,
                       found.text[start_in:end_in], "grade", None)
