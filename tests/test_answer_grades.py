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


def test_grade_values_in_their_usual_forms_and_the_score_not_the_full_marks_or_a_change():
    for text, statement in (("景区质量等级为AAAAA级。", "等级为AAAAA级"), ("主体信用等级为AA+，", "等级为AA+"),
                            ("年度考核结果为优秀等次。", "考核结果为优秀等次")):
        start, end = grade_span(text)
        assert text[start:end] == statement
    question = "What overall score did the special fund get in its performance evaluation, and what grade was it given?"
    for sentence in ("经综合评价，该专项资金综合得分87.2分（满分100分），评价等级为“良”。",
                     "经综合评价，该专项资金综合得分87.2分，较上年提高2.1分，评价等级为“良”。"):
        answer = _ask(question, [[(sentence, 0.9)]])
        assert answer is not None and answer.parts[0].text == "87.2分", sentence


def test_a_grade_only_question_is_not_answered_by_any_rating_or_by_a_weak_sentence():
    question = "该专项资金绩效评价等级是什么？"
    answer = _ask(question, [[("该专项资金主要用于支持企业技术改造和新产品研发。", 0.9)],
                             [("项目区森林火险等级为四级。", 0.05)]])
    assert answer is None or "四级" not in answer.text
    # A figure asked beside a grade word keeps its kind (多少分配资金 is money; 被评为哪一级…多少奖励 too).
    assert expected_kind("每个脱贫村能获得多少分配资金？").value == "money"
    assert expected_kind("被评为哪一级的旅游景区可获得多少奖励？").value == "money"
