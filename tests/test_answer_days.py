"""Days that come back every month (每月15日前), the last day to act, and an old value in a bracket, through the
whole extractor on hand-written passages (tests/test_answer_choice.py's ``_ask``)."""

from __future__ import annotations

from rag.answer.changes import is_old
from rag.answer.dates import asks_monthly_day, date_role
from rag.text.asked import expected_kind
from rag.text.bridge import bridge_terms
from rag.text.figures import FigureKind, find_figures
from tests.test_answer_choice import _ask


def test_a_day_of_every_month_is_a_date_figure():
    figures = find_figures("参与企业应于每月5日前提交上月订单的核销材料；截至3月底，已备案企业1,286家。")
    assert [(f.text, f.kind) for f in figures][:2] == [("每月5日", FigureKind.DATE), ("3月底", FigureKind.DATE)]
    assert [f.text for f in find_figures("次月10号前报送。")] == ["次月10号"]
    # a month's own day stays what it was
    assert [f.text for f in find_figures("每年10月31日前申报。")] == ["10月31日"]


def test_which_day_of_every_month_is_asked_in_either_language():
    assert asks_monthly_day("补贴每个月什么时候打到账上？") and asks_monthly_day("每月几号发放？")
    assert asks_monthly_day("By which day of the month must shops file their claims?")
    assert not asks_monthly_day("补贴什么时候开始发放？") and not asks_monthly_day("How much is paid a month?")
    assert expected_kind("残疾人两项补贴每月几号发？") == FigureKind.DATE


def test_a_question_about_every_month_gets_the_monthly_day_and_a_one_off_deadline_does_not():
    passages = [[("自今年1月1日起，两项补贴标准统一上调，1月至6月的差额已于7月随当月补贴一并补发。", 0.9)],
                [("补贴按月发放，每月15日前通过“一卡通”打入补贴对象账户。", 0.7)]]
    answer = _ask("残疾人两项补贴每个月什么时候打到账上？", passages)
    assert answer is not None and answer.text == "每月15日前"
    text = "各单位每月25日前报送进度；滞后项目的整改方案须于10月15日前报送。"
    monthly, once = text.index("每月25日"), text.index("10月15日")
    question = "By when must the departments in charge of lagging projects hand in their plans?"
    assert date_role(question, text, once, once + 6) > date_role(question, text, monthly, monthly + 5)


def test_the_last_day_for_comments_is_the_day_to_send_them_by_unless_a_range_ends_it():
    text = "有关单位和个人可在9月26日前，通过以下方式反馈意见。"
    due = text.index("9月26日")
    assert date_role("What is the last day for sending comments on the draft?", text, due, due + 5) == 0.25
    ranged = "集中申报时间为5月6日至5月30日；公示无异议的，奖励资金于9月30日前拨付。"
    end, paid = ranged.index("5月30日"), ranged.index("9月30日")
    question = "What's the last day to apply?"
    assert date_role(question, ranged, end, end + 5) > date_role(question, ranged, paid, paid + 5)
    # a question that asks the end of a period gets no score for a deadline
    assert date_role("When does the notice period end?", text, due, due + 5) == 0


def test_a_value_in_a_bracket_opened_by_yuan_is_the_old_one():
    sentence = "参加培训期间，给予每人每天50元的生活费补贴（原每人每天40元），最长不超过30天。"
    old, new = sentence.index("40元"), sentence.index("50元")
    assert is_old(sentence, old, old + 3) and not is_old(sentence, new, new + 3)
    bracketed = "补贴标准为每月300元（原标准为每月200元）。"
    assert is_old(bracketed, bracketed.index("200元"), bracketed.index("200元") + 4)
    answer = _ask("脱贫劳动力参加培训期间每天能拿多少生活费补贴？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("50元")


def test_the_top_tier_is_the_first():
    held = lambda terms: {t: 1.0 for t in terms if t in ("第一档", "最低工资")}  # noqa: E731
    assert "第一档" in bridge_terms("What is the new minimum wage in the top tier?", held)
    assert "第二档" in bridge_terms("What is the tier two rate?", lambda t: {x: 1.0 for x in t if x == "第二档"})


def test_a_monthly_question_ranks_only_days_of_every_month_and_not_when_they_start():
    sentence = "养老金于每月10日发放，2025年度调整部分于9月30日前补发到位。"
    for question in ("每月几号前发放养老金？", "By which day of the month is the pension paid?"):
        roles = {f.text: date_role(question, sentence, f.start, f.end) for f in find_figures(sentence)}
        assert roles["每月10日"] == 0.5 and roles["9月30日"] < 0
    report = "各单位须于每月5日前报送上月统计月报，年报于2026年1月20日前报送。"
    at = report.index("每月5日")
    assert date_role("月报截止时间是什么时候？", report, at, at + 4) == 0.5
    assert date_role("What is the deadline for the monthly report?", report, at, at + 4) == 0.5
    # 下月10日前 is one day, the next month's: a deadline like any other
    once = "请于下月10日前提交整改报告。"
    assert date_role("整改报告什么时候前提交？", once, 2, 7) == 0.5
    assert not asks_monthly_day("什么时候开始每月发放补贴？")
    assert not asks_monthly_day("From when is the allowance paid every month?")
    assert expected_kind("What day of the month is the subsidy paid?") == FigureKind.DATE
    assert [f.text for f in find_figures("补贴于每个月的15日发放，每月底结算。")] == ["每个月的15日", "每月底"]


def test_a_bracket_opened_by_a_word_that_starts_with_yuan_holds_no_old_value():
    for sentence, figure in (("对困难群众给予一次性补助（原则上每户不超过3000元）。", "3000元"),
                             ("项目总投资5000万元（原材料采购1200万元）。", "1200万元"),
                             ("实施原址重建（原址安置150户）。", "150户")):
        at = sentence.index(figure)
        assert not is_old(sentence, at, at + len(figure)), sentence
    priced = "门票价格为每人60元（原价每人80元）。"
    assert is_old(priced, priced.index("80元"), priced.index("80元") + 3)


def test_a_thirteenth_notice_is_an_ordinal_the_fourteenth_does_not_state():
    from rag.answer.abstain import ordinal_unmet

    text = "陇南市市场监督管理局关于食品安全监督抽检信息的通告（2025年第14期）。本期共抽检样品386批次。"
    question = "How many batches failed in Longnan's 13th food safety sampling notice of 2025?"
    assert ordinal_unmet(question, lambda: text) is not None
    assert ordinal_unmet(question.replace("13th", "14th"), lambda: text) is None


def test_a_sentence_about_last_year_gives_no_part_of_a_pair_about_the_year_that_names_the_document():
    summary = {"title": "某市2025年防汛抢险综合应急演练总结评估报告", "date": "2025-06-30", "issuer": "某市应急管理局"}
    passages = [[("全市共有28个部门和单位参加演练，参演人员1,046人。", 0.9)],
                [("去年同类演练综合评估得分为86.7分。", 0.85)],
                [("评估组按5个方面、32项指标打分，综合评估得分90.2分，评定为良好。", 0.7)]]
    question = "How many people took part in the city's 2025 flood drill, and what overall score did the drill get?"
    answer = _ask(question, passages, summary)
    assert answer is not None and [p.text for p in answer.parts][1:] == ["90.2分"]
    # …while a support list of 2025 names its document, whose awards are for last year's recognitions
    awards = [[("对上年度首次认定和重新认定的高新技术企业，分别按每家20万元和5万元给予奖励。", 0.9)],
              [("拟安排资金合计740.00万元，17家重新认定企业拟奖励85.00万元。", 0.8)]]
    listed = {"title": "某市科技局关于2025年度科技创新支持名单的公示", "date": "2025-08-01", "issuer": "某市科技局"}
    question = ("How much does the city award a first-time high-tech enterprise, and how much for re-recognition, "
                "in its 2025 support list?")
    answer = _ask(question, awards, listed)
    assert answer is not None and [p.text for p in answer.parts] == ["20万元", "5万元"]


def test_the_phone_of_a_field_block_is_on_the_line_below_the_office_the_question_names():
    from rag.answer.header import header_span
    from rag.documents import parse_document

    notice = ("某开发区路灯改造项目中标结果公告\n\n一、项目名称：某开发区路灯改造项目\n\n九、联系方式\n"
              "1. 采购人信息\n名称：某开发区管理委员会\n联系方式：韦工，0771-4512638\n\n"
              "2. 监督部门\n名称：某开发区财政局（政府采购监督管理）\n电话：0771-4512690\n\n"
              "某开发区管理委员会\n2025年8月20日\n")
    doc = parse_document(notice, "n.md")
    start, end = header_span(doc, "contact", "对这个采购项目有意见，政府采购监督部门的电话是多少？")
    assert doc.text[start:end] == "0771-4512690"
    start, end = header_span(doc, "contact", "采购人的联系电话是多少？")
    assert doc.text[start:end] == "0771-4512638"
