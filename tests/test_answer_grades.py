"""The grade an evaluation gave (评价等级为“良”): asked alone, it is answered in words; asked after the score, the
answer runs from the score through the grade.

Hand-written sentences in the layouts of the varied corpus' performance evaluations; the extractor runs on faked
retrieval (tests/test_answer_choice.py's ``_ask``).
"""

from __future__ import annotations

import pytest

from rag.answer.grades import asks_grade_second, grade_span
from rag.text.asked import asks_grade, expected_kind
from tests.test_answer_choice import _ask

_REPORT = [
    [("本次评价采用“决策、过程、产出、效益”四类指标，委托第三方机构实施，共抽查项目点12个、资金1,860万元。", 0.9),
     ("满意度调查有效问卷326份，受益群众满意度为93.5%。", 0.8)],
    [("经综合评价，该专项资金绩效评价综合得分87.2分，评价等级为“良”。", 0.7),
     ("其中决策指标得分17.5分、过程指标得分18.2分、产出指标得分32.0分、效益指标得分19.5分。", 0.6)],
]


@pytest.mark.parametrize("question", [
    "What grade did the special fund get in its performance evaluation?",
    "How was the special fund rated in its 2024 performance evaluation?",
    "该专项资金绩效评价等级是什么？",
    "该专项资金被评为什么等次？",
])
def test_a_grade_asked_alone_is_answered_by_the_grade_statement(question):
    assert asks_grade(question) and expected_kind(question) is None
    answer = _ask(question, _REPORT)
    assert answer is not None and (answer.text, answer.kind) == ("评价等级为“良”", "grade")


@pytest.mark.parametrize("question", [
    "What overall score did the special fund get in its performance evaluation, and what grade was it given?",
    "该专项资金绩效评价得了多少分？评价等级是什么？",
])
def test_a_score_then_its_grade_runs_from_the_score_through_the_grade(question):
    assert asks_grade_second(question)
    answer = _ask(question, _REPORT)
    assert answer is not None and answer.text == "87.2分，评价等级为“良”"
    assert [(p.text, p.kind) for p in answer.parts] == [("87.2分", "count"), ("评价等级为“良”", "grade")]


def test_what_rates_or_grades_something_else_asks_no_grade():
    for question in ("What is the opening price of grade-one pears this year?",
                     "How many villages were rated excellent in 2024?",
                     "鹿寨县这次调整保教费，哪个等级幼儿园的调整幅度最大？",
                     "What overall score did the programme receive in its performance evaluation?"):
        assert not asks_grade(question), question
    assert not asks_grade_second("What grade did the fund get?")


def test_a_grade_statement_is_its_label_and_value_not_a_clause_that_names_a_grade():
    assert grade_span("考核等次为优秀的村，每村奖励3万元。") is None  # the villages graded 优秀: no statement
    text = "自评得分92.6分，绩效等级为优，较上年提高一档。"
    start, end = grade_span(text)
    assert text[start:end] == "绩效等级为优"
