"""The conditions a question states (a value, a band, a year) and the figures that stand for them, not for its answer.

Hand-written sentences in the layouts of the varied corpus; the extractor runs on faked retrieval
(tests/test_answer_choice.py's ``_ask``).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from rag.answer.asked_parts import of_the_whole, unasked_part
from rag.answer.changes import change_amount
from rag.answer.extract import AnswerExtractor
from rag.answer.labels import unasked_change
from rag.answer.parts import two_parts
from rag.answer.qualifiers import alignment
from rag.answer.stated import band_bound, stated_condition, stated_in_question
from rag.answer.table_rank import _ranked
from rag.chunking import Chunk
from rag.index.base import SentenceRecord
from rag.search.retrieval import Hit, Retrieval
from rag.text.asked import expected_kind
from rag.text.asked_measures import expected_unit
from rag.text.figures import find_figures
from rag.text.lexical import tokenize
from tests.test_answer_choice import _ask

_BANDS = ("按照购车发票价格给予一次性补贴：10万元（不含）以下的每辆补贴3000元，"
          "10万元（含）至20万元（不含）的每辆补贴5000元，20万元（含）以上的每辆补贴8000元。")


def _span(sentence: str, figure: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(figure, start + 1)
    return start, start + len(figure)


def test_a_date_that_writes_the_year_asked_is_of_that_year():
    question = "东方市今年早稻保险要在什么时间前完成承保？"
    sentence = "早稻保险于2025年3月31日前完成承保, 晚稻保险于2025年8月31日前完成承保;"
    early, late = _span(sentence, "2025年3月31日"), _span(sentence, "2025年8月31日")
    # The second date had the first one's year before it; the first one had none: it lost for it.
    assert alignment(question, sentence, *early, 2025) == alignment(question, sentence, *late, 2025)
    answer = _ask(question, [[(sentence, 0.9)]], {"title": "东方市2025年农业保险工作通知", "date": "2025-02-20"})
    assert answer.text.startswith("2025年3月31日")


def test_a_date_of_another_year_than_the_one_asked_is_no_mismatch():
    # The 2026 insurance year is paid for from September 2025: the date's own year says nothing against it.
    question = "When is the centralised payment period for the 2026 resident medical insurance contributions?"
    sentence = "集中缴费期为2025年9月1日至12月31日"
    assert alignment(question, sentence, *_span(sentence, "2025年9月1日"), 2025) >= 0


def test_the_bounds_of_a_band_are_its_condition_when_the_question_states_a_value():
    question = "If I buy a new-energy car with an invoice price of 150,000 yuan, how much subsidy can I get?"
    bounds = [f for f in find_figures(_BANDS) if band_bound(question, _BANDS, f.start, f.end)]
    assert [f.text.removesuffix("以上") for f in bounds] == ["10万元", "10万元", "20万元", "20万元"]
    answer = _ask(question, [[(_BANDS, 0.9)]])
    assert answer.text == "5000元"


def test_a_question_that_states_no_value_may_ask_for_the_bound():
    sentence = "单户种植面积在30亩以上的认定为种植大户，每亩补助200元。"
    for question in ("How much land does a household have to farm to count as a large grower?",
                     "投资多少万元以上的项目可以申请补助？"):
        start, end = _span(sentence, "30亩以上")
        assert not band_bound(question, sentence, start, end)


def test_an_english_question_states_yuan_in_full_and_the_text_in_wan():
    question = "How many villages had collective-economy income above 300,000 yuan in 2024?"
    sentence = "全镇13个村集体经济收入全部超过10万元，其中超过20万元的8个、超过30万元的4个。"
    assert stated_condition(question, sentence, sentence.index("4个"))
    assert not stated_condition(question, sentence, sentence.index("8个"))
    # The part after 其中 that the stated condition names is the part asked, not an unasked part of the whole.
    part = next(f for f in find_figures(sentence) if f.text == "4个")
    assert not unasked_part(set(), question, sentence, part)
    assert stated_in_question("Which fund is above 1.5 million yuan?", "150万元")


def test_under_a_rule_is_no_band_below_and_a_range_top_is_the_band_below():
    question = "Under Ningde's measures, what's the most a platform of over 10,000 cubic metres can receive?"
    sentence = ("对新建养殖水体1万立方米以上的深远海养殖平台，单个平台最高补助1,000万元；"
                "对养殖水体5,000立方米至1万立方米的，单个平台最高补助500万元。")
    assert stated_condition(question, sentence, sentence.index("1,000万元"))
    assert not stated_condition(question, sentence, sentence.index("500万元"))


def test_what_is_added_on_top_of_a_standard_is_the_amount_of_the_change():
    sentence = "全年人均补助标准为100元，即在国家人均94元标准的基础上，县级财政每人每年再增加6元。"
    base, added = (next(f for f in find_figures(sentence) if f.text == t) for t in ("94元", "6元"))
    for question in ("How much does the county budget add per person on top of the national standard?",
                     "在国家标准基础上，县级财政每人每年再增加多少？"):
        assert change_amount(question, sentence, added) == 1 and change_amount(question, sentence, base) == -1
        assert not unasked_change(question, sentence, added)
    # What one gets on top of another payment is no amount of change (提高到50元 answers it).
    assert change_amount("How much extra per month does a retiree aged 80 get on top of the standard increase?",
                         sentence, added) == 0


def test_what_was_spent_is_not_what_was_budgeted():
    budget = "年度执行中，调整后全年预算为4,012.37万元，其中基本支出预算1,190.25万元、项目支出预算2,822.12万元。"
    spent = "全年实际支出3,874.60万元。其中：基本支出1,126.82万元，执行率94.67%。"
    question = "How much did the commerce bureau spend on basic expenditure in 2024?"
    planned, done = _span(budget, "1,190.25万元"), _span(spent, "1,126.82万元")
    assert alignment(question, budget, *planned, 2024) < alignment(question, spent, *done, 2024)
    # Asked for the budget, the budget's figure is no near miss.
    asked = "What was the 2024 budget for basic expenditure?"
    assert alignment(asked, budget, *planned, 2024) == alignment(asked, spent, *done, 2024)


def test_how_much_of_it_is_names_a_part_and_how_much_of_it_was_done_does_not():
    assert of_the_whole("how much of it is county budget money?")
    assert of_the_whole("and how many of them are in the city?")
    assert not of_the_whole("how much of it had been rectified by the end of June?")
    assert not of_the_whole("how much of it was paid out?")


def test_and_what_for_another_case_asks_the_first_question_again():
    first, second = two_parts("What one-off reward does the zone pay a company recognised for the first time, "
                              "and what for a re-recognition?")
    assert first.endswith("for the first time") and second == "What one-off reward does for a re-recognition?"
    assert two_parts("How much is paid for a first-class base, and how much for a second-class one?") == \
        ("How much is paid for a first-class base", "How much for a second-class one?")

def _ask_document(question: str, passages: list[tuple[str, float]]):
    """The extractor's answer over passages of one document (each one sentence of the given similarity), with a
    reader that serves the document, its header and its passages."""
    text, hits, chunks, sentences, scores = "", [], [], {}, {}
    for row, (body, similarity) in enumerate(passages):
        start = len(text)
        text += body + "\n"
        chunk = Chunk(f"d:{row}", "d", "d.txt", (), start, start + len(body), body)
        chunks.append(chunk)
        sentences[chunk.id] = [SentenceRecord(row, "d", start, start + len(body), np.zeros(1))]
        scores[row] = similarity
        hits.append(Hit(chunk, 1.0 - 0.1 * row))
    header = SimpleNamespace(title="某镇2024年工作总结", issuer="某镇人民政府", date="2024-12-20")
    tokens = tokenize(question)
    retrieval = Retrieval(question, hits, expected_kind(question), expected_unit(question), tokens,
                          {t: 1.0 for t in tokens}, None, sentences, scores, np.zeros(1))
    reader = SimpleNamespace(summaries=lambda ids: {"d": {"title": header.title, "date": header.date}},
                             mentioned=lambda terms: set(terms), passages=lambda doc_id: chunks,
                             document=lambda doc_id: SimpleNamespace(id="d", text=text, header=header))
    return AnswerExtractor().run(retrieval, reader)


def test_two_bare_cells_yield_to_the_prose_that_states_them_with_units():
    table = ("主要经济指标完成情况表（单位：亿元）\n指标\t年度目标\t完成\n"
             "固定资产投资\t3.20\t3.42\n农业总产值\t9.50\t9.86")
    prose = "全镇完成固定资产投资3.42亿元，为年度目标任务3.2亿元的106.9%。"
    answer = _ask_document("全镇固定资产投资完成了多少？年度目标是多少？", [(table, 0.9), (prose, 0.85)])
    assert answer.text == "3.42亿元，为年度目标任务3.2亿元"


def test_samples_of_an_inspection_are_counted_in_batches():
    question = "How many batches failed in the county's food-safety sampling?"
    assert (expected_kind(question), expected_unit(question)) == ("count", "批次")
    # Not a duration of 20 working days that the same paragraph states (which of the counts, the bridge decides).
    passage = [("不合格样品核查处置须在20个工作日内完成；", 0.9), ("本期抽检286批次，不合格7批次。", 0.8)]
    assert _ask(question, [passage]).text.endswith("批次")


def test_a_dash_is_no_value_of_its_row_and_the_column_still_ranks_the_others():
    table = ("序号\t决策事项名称\t类别\t估算投资\t承办单位\n1\t国民经济和社会发展规划纲要\t规划\t—\t县发展改革委\n"
             "2\t城乡供水一体化工程\t项目\t4.68\t县水利局\n3\t城区排水防涝工程\t项目\t3.15\t县住房城乡建委\n"
             "4\t片区城市更新项目\t项目\t6.25\t县住房城乡建委")
    question = "目录中，估算投资最大的是哪个项目？"
    assert _ranked(table, 0, len(table), question, question, 0, None)[0].text == "片区城市更新项目"
    assert _ranked(table, 0, len(table), question, question, -1, None)[0].text == "城区排水防涝工程"


def test_a_title_line_over_a_line_of_units_is_a_caption_and_no_answer():
    passage = [("附件\n某县2025年度重大行政决策事项目录\n", 0.95), ("（估算投资单位：亿元）\n", 0.5),
               ("经县政府常务会议审议，确定列入今年《目录》的重大行政决策事项12项。", 0.8)]
    answer = _ask("某县2025年度重大行政决策事项目录有哪些内容？", [passage])
    assert answer is None or "事项12项" in answer.text


def test_a_dotted_date_in_a_question_is_no_quantity_to_scale():
    question = "2024.12.31前申报的项目每个补助多少？"
    sentence = "2024年12月31日前申报的项目，每个补助20万元。"
    assert not stated_condition(question, sentence, sentence.index("20万元"))
    assert not band_bound(question, sentence, sentence.index("20万元"), sentence.index("20万元") + 4)


def test_a_figure_whose_own_clause_states_another_threshold_counts_another_band():
    """Villages above 300,000 yuan (30万元): not the 13 whose clause says 全部超过10万元, but the 4 超过30万元的."""
    from rag.answer.stated import other_condition

    sentence = "全镇13个村（社区）集体经济收入全部超过10万元，其中超过20万元的8个、超过30万元的4个。"
    question = "How many villages in the town had collective-economy income above 300,000 yuan in 2024?"
    ends = {t: sentence.index(t) + len(t) for t in ("13个", "8个", "4个")}
    assert [other_condition(question, sentence, e) for e in ends.values()] == [True, False, False]
    assert not other_condition("全镇有多少个村？", sentence, ends["13个"])  # no quantity stated: no band asked
    answer = _ask("全镇集体经济收入超过30万元的村有多少个？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "4个"


def test_a_figure_after_a_bound_sign_is_a_target_not_what_was_actually_done():
    """| 完成改造户数 | ≥3,000户 | 3,126户 |: how many households were actually retrofitted is the 3,126 achieved."""
    from rag.answer.qualifiers import alignment

    row = "| 产出数量 | 完成改造户数 | ≥3,000户 | 3,126户 | 10 | 10.0 |"
    question = "How many households did the city actually retrofit for elderly people in 2024?"
    target, done = row.index("3,000户"), row.index("3,126户")
    assert alignment(question, row, target, target + 6, 2024) < alignment(question, row, done, done + 6, 2024)
    asked_target = "What was the target number of households to retrofit, as opposed to the actual one?"
    assert alignment(asked_target, row, target, target + 6, 2024) == alignment(asked_target.replace(
        "as opposed to the actual one", "in all"), row, target, target + 6, 2024)


def test_a_figure_of_the_firms_on_the_other_side_of_the_size_threshold_is_a_near_miss():
    from rag.answer.sides import scale_match

    above = "规模以上工业企业采用6项指标进行综合评价：亩均税收（权重40%）、亩均营业收入（权重20%）。"
    below = "规模以下工业企业采用亩均税收（权重70%）和亩均营业收入（权重30%）2项指标评价。"
    question = "How much weight does tax revenue per mu carry when the zone scores its above-scale companies?"
    assert scale_match(question, below, below.index("70%")) < 0 == scale_match(question, above, above.index("40%"))
    assert scale_match("规模以下工业企业亩均税收权重是多少？", above, above.index("40%")) < 0
    assert scale_match("亩均税收权重是多少？", below, below.index("70%")) == 0  # no side asked
    answer = _ask(question, [[(below, 0.92)], [(above, 0.9)]])
    assert answer is not None and answer.text == "40%"
    # The side asked may be what a sentence defines (首次升规: 纳入规模以上工业企业统计): no lead for it.
    defined = "本办法所称首次升规，是指企业首次纳入规模以上工业企业统计，即年主营业务收入达到2,000万元。"
    assert scale_match("What reward does a company get when it first becomes an above-designated-size enterprise?",
                       defined, defined.index("2,000")) == 0


def test_a_change_is_no_share():
    from rag.answer.labels import unasked_change
    from rag.answer.qualifiers import alignment

    question = "In the central cities this year, what share of the polluted days had ozone as the main pollutant?"
    change = "今年以来，中心城市臭氧平均浓度同比上升3.5%，以臭氧为首要污染物的超标天数占比超过一半。"
    share = "以臭氧为首要污染物的超标天数为25天次，占55.6%；以细颗粒物为首要污染物的18天次，占40.0%。"
    assert unasked_change(question, change, next(f for f in find_figures(change) if f.text == "3.5%"))
    at = change.index("3.5%")
    rise = "今年臭氧平均浓度上升了多少？"
    assert alignment(question, change, at, at + 4, 2025) < alignment(rise, change, at, at + 4, 2025)
    answer = _ask(question, [[(change, 0.93)], [(share, 0.92)]], {"title": "2025年1—9月全省环境空气质量状况通报",
                                                                  "date": "2025-10-20"})
    assert answer is not None and answer.text == "55.6%"
    # A rate raised to a new level (报销比例…提高到60%) is no change but the level asked.
    raised = "二级医疗机构报销比例由55%提高到60%。"
    at = raised.index("60%")
    assert alignment("What share of the costs is now reimbursed?", raised, at, at + 3, 2025) >= 0


def test_a_question_asking_how_much_a_figure_fell_asks_for_the_change():
    from rag.answer.changes import CHANGE_ASKED

    question = "全市工业生产者出厂价格同比下跌了多少？"
    assert CHANGE_ASKED.search(question) and CHANGE_ASKED.search("How much did the price decline?")
    answer = _ask(question, [[("全市工业生产者出厂价格指数为97.8%。", 0.9)],
                             [("全市工业生产者出厂价格同比下跌2.2%。", 0.9)]])
    assert answer is not None and answer.text == "2.2%"
    # A share of a change asked (新增贷款中涉农贷款占比) is no change for the share rule; 增加值 is no change at all.
    share = _ask("新增贷款中涉农贷款占比是多少？", [[("全年各项贷款中涉农贷款占比为38.1%。", 0.9)],
                                                 [("全年新增贷款中涉农贷款占比为42.3%。", 0.9)]])
    assert share is not None and share.text == "42.3%"
    from rag.answer.qualifiers import alignment
    added = "数字经济核心产业增加值占GDP比重为10.2%。"
    at = added.index("10.2")
    assert alignment("数字经济核心产业增加值占GDP比重是多少？", added, at, at + 5, 2025) >= 0


def test_a_figure_that_closes_a_condition_is_not_what_is_given():
    """…月收入不低于2,000元的，给予一次性交通补贴…600元: how much transport subsidy is 600元, not the income
    threshold; a question that asks for the threshold (beyond how many years) still gets it."""
    from rag.answer.stated import condition_figure

    sentence = ("脱贫劳动力外出务工，连续务工3个月以上且月收入不低于2,000元的，给予一次性交通补贴："
                "到省外务工的每人每年600元。")
    question = "脱贫劳动力到省外打工能领多少一次性交通补贴？"
    assert condition_figure(question, sentence, _span(sentence, "不低于2,000元")[1])
    assert not condition_figure(question, sentence, _span(sentence, "600元")[1])
    assert not condition_figure("月收入达到多少可以领交通补贴？", sentence, _span(sentence, "不低于2,000元")[1])
    assert not condition_figure("Beyond how many years of contributions is the pension raised?",
                                "缴费年限超过15年的，每多缴1年", 7)
    answer = _ask(question, [[(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("600元")
    # A condition the question names (月收入标准, 缴费…年) is what it asks.
    rent = "家庭人均月收入低于2,400元的，可申请公共租赁住房，租金按每平方米8元收取。"
    assert _ask("申请公共租赁住房的家庭人均月收入标准是多少？", [[(rent, 0.9)]]).text.startswith("2,400元")


def test_a_rules_default_case_is_not_one_a_clause_opens_with_a_condition_for():
    from rag.answer.stated import other_case

    sentence = ("施工总承包单位应当按照施工合同额的2%存储工资保证金。施工总承包单位连续2年未发生工资拖欠的，"
                "按施工合同额的1%存储；发生工资拖欠的，存储比例提高到施工合同额的3%。")
    question = "What percentage of the contract value does a main contractor normally have to deposit?"
    assert not other_case(question, sentence, sentence.index("2%"))
    assert other_case(question, sentence, sentence.index("1%"))
    assert other_case(question, sentence, sentence.index("3%"))
    assert not other_case("What percentage of the contract value must a main contractor deposit?", sentence,
                          sentence.index("3%"))  # no default case asked: every case may answer
    assert not other_case("一般公共预算收入是多少？", sentence, sentence.index("3%"))
    assert other_case("一般情况下按合同额的多少存储？", sentence, sentence.index("3%"))
    eligible = "经审核符合条件的，按每户每月300元发放；其中特困户每户每月再增发100元。"  # who the rule is for: no case
    assert not other_case("一般情况下每户每月补贴多少钱？", eligible, eligible.index("300元"))
