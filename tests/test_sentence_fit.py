"""The form rules of sentence answers (rag.answer.sentence_fit) on hand-written snippets."""

from __future__ import annotations

import pytest

from rag.answer.sentence_fit import (
    asks_plan,
    asks_recurring,
    count_asked,
    fit,
    is_plan,
    lists_count,
    recurring_span,
)


@pytest.mark.parametrize("sentence", ["下步工作：省财政厅将进一步加强管理。", "下一步，我们将加快推进。",
                                      "（三）下一步工作打算", "今后将继续支持。"])
def test_plans(sentence):
    assert is_plan(sentence)


@pytest.mark.parametrize("sentence", ["目前，省财政已将现有基金统筹管理。", "一步一个脚印推进工作。"])
def test_not_plans(sentence):
    assert not is_plan(sentence)


def test_a_question_about_what_was_done_does_not_ask_for_the_plan():
    assert not asks_plan("省财政把哪几类基金归并为引导类基金统一管理？")
    assert asks_plan("下一步有什么打算？") and asks_plan("What will the bureau do next?")


@pytest.mark.parametrize(("question", "n"), [("In which four ways are firms supported?", 4), ("哪三类基金？", 3),
                                             ("采取了哪两种方式？", 2), ("哪些单位？", None),
                                             ("What are the three years of the plan?", None)])
def test_count_asked(question, n):
    assert count_asked(question) == n


def test_lists_count():
    assert lists_count("甲、乙、丙和丁", 4) and lists_count("甲、乙、丙、丁", 4)
    assert lists_count("会同某厅、某厅采取补贴、贴息、奖励、担保4种方式扶持。", 4)
    assert not lists_count("扶持中型企业、科技型企业、小企业发展。", 4)
    assert not lists_count("一是积极开展认定扶持。", 4)


def test_fit_penalises_a_plan_and_rewards_a_list_of_as_many_as_asked():
    assert fit("哪些单位共建？", "下步工作：鼓励单位共建。", 0.05, 0.05) == -0.05
    assert fit("下一步怎么做？", "下步工作：鼓励单位共建。", 0.05, 0.05) == 0.0
    assert fit("哪四种方式？", "补贴、贴息、奖励、担保。", 0.05, 0.05) == 0.05


def test_recurring_time():
    assert asks_recurring("按照惯例，活动周每年在什么时候举办？") and asks_recurring("When is it usually held?")
    assert not asks_recurring("2023年活动周在什么时候举办？")
    sentence = "根据有关要求，每年5月第3周，某局举办活动周。"
    start, end = recurring_span(sentence)
    assert sentence[start:end] == "每年5月第3周"
    assert recurring_span("2023年5月20日举办。") is None


def test_a_yearly_window_is_a_recurring_range():
    text = "申报时间为每年3月1日至3月31日，申报范围为上一年度发布的标准。"
    start, end = recurring_span(text)
    assert text[start:end] == "每年3月1日至3月31日"
    assert asks_recurring("When is the yearly application window?")


def test_a_definition_answers_what_a_term_means():
    from rag.text.asked import asks_definition

    assert asks_definition("这份细则所说的专项资金，是指什么资金？")
    assert asks_definition("What counts as a large grower under the rules?")
    assert not asks_definition("专项资金用于哪些方面？")
    definition = "本细则所称专项资金，是指省级财政安排用于支持商业网点建设的资金。"
    # The definition of the very term asked counts twice: it outscores the title that names the term.
    assert fit("这份细则所说的专项资金，是指什么资金？", definition, 0.05, 0.05) == 0.1
    assert fit("这份细则所说的商业网点，是指什么？", definition, 0.05, 0.05) == 0.05
    assert fit("专项资金用于哪些方面？", definition, 0.05, 0.05) == 0.0
    # A glossary line defines its term before a colon; a caption's colons inside brackets define nothing.
    glossary = "全市通办：不受申请人户籍地和居住地限制，申请人可在本市任一社区事务受理服务中心申请办理的事项。"
    assert fit("清单里的全市通办是什么意思？", glossary, 0.05, 0.05) == 0.1
    assert fit("What does 'city-wide handling' mean for a resident?", glossary, 0.05, 0.05) == 0.05
    caption = "服务事项清单分条线统计（事项：项；全程网办率：%）"
    assert fit("What does 'city-wide handling' mean for a resident?", caption, 0.05, 0.05) == 0.0
    # A line of another label (办理时限：…) defines nothing a Chinese question asks; a 所称 line after a label keeps
    # its term.
    assert fit("什么是“一件事一次办”？", "办理时限：自受理之日起5个工作日内办结。", 0.05, 0.05) == 0.0
    assert fit("这份细则所说的专项资金，是指什么资金？", "名词解释：本细则所称专项资金，是指省级财政安排的资金。", 0.05,
               0.05) == 0.1


def test_what_a_document_means_by_a_term_is_a_definition_not_a_figure():
    from rag.text.asked import asks_definition, expected_kind

    question = "What does the 2025 trade fund notice mean by a 'newly introduced foreign trade enterprise'?"
    assert asks_definition(question) and expected_kind(question) is None
