"""Which sentence and figure answer, on hand-written passages run through the whole extractor.

The retrieval is faked: each passage is one chunk whose sentences (split at 。；) get the given
similarity to the question, so that a test states which sentence the vectors would favour.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from rag.answer.about_document import titled_hit
from rag.answer.context import names_place, place_stem
from rag.answer.document_years import year_mismatch
from rag.answer.extract import AnswerExtractor
from rag.answer.span import AnswerSettings, evidence_first
from rag.chunking import Chunk
from rag.index.base import SentenceRecord
from rag.search.retrieval import Hit, Retrieval
from rag.text.asked import expected_kind
from rag.text.asked_measures import expected_unit
from rag.text.lexical import tokenize
from service.schemas import answer_out

_SENTENCE = re.compile(r"[^。；]+[。；]?")


def _ask(question: str, passages: list[list[tuple[str, float]]], summary: dict | None = None,
         sections: list[tuple[str, ...]] | None = None):
    """The extractor's answer to ``question`` over ``passages`` (each a list of (sentence, similarity)),
    under the section headings given for each."""
    summary = summary or {"title": "某市某局关于某事项的答复", "date": "2024-05-20", "issuer": "某市某局"}
    hits, sentences, scores, row, text = [], {}, {}, 0, ""
    for i, passage in enumerate(passages):
        body = "".join(s for s, _ in passage)
        start = len(text)
        text += body + "\n"
        chunk = Chunk(f"d:{i}", "d", "d.txt", sections[i] if sections else (), start, start + len(body), body)
        records = []
        at = start
        for sentence, similarity in passage:
            records.append(SentenceRecord(row, "d", at, at + len(sentence), np.zeros(1)))
            scores[row] = similarity
            at += len(sentence)
            row += 1
        sentences[chunk.id] = records
        hits.append(Hit(chunk, 1.0 - 0.1 * i))
    tokens = tokenize(question)
    retrieval = Retrieval(question, hits, expected_kind(question), expected_unit(question), tokens,
                          {t: 1.0 for t in tokens}, None, sentences, scores, np.zeros(1))
    reader = SimpleNamespace(summaries=lambda ids: {"d": summary}, mentioned=lambda terms: set(terms),
                             document=lambda doc_id: SimpleNamespace(id="d", text=text))
    return AnswerExtractor().run(retrieval, reader)


def test_the_year_is_checked_on_the_figures_sentence_not_on_a_neighbouring_condition():
    answer = _ask("2024年的申报时间是什么时候？", [[
        ("申报企业须于2023年1月1日前已取得备案；", 0.9),
        ("申报时间为2024年6月3日至6月28日。", 0.8),
    ]])
    assert answer is not None and "6月" in answer.text


def test_a_figure_of_this_year_does_not_answer_a_question_about_last_year():
    passage = [("受理单位：区住房城乡建委城市更新科。", 0.9),
               ("我委拟将11个小区列入我区今年城镇老旧小区改造计划，共涉及居民4386户。", 0.8)]
    assert _ask("2023年完成了多少个城镇老旧小区改造？", [passage]) is None
    assert _ask("2024年计划改造多少个城镇老旧小区？", [passage]) is not None


def test_a_year_named_earlier_in_the_paragraph_holds_for_the_passage():
    summary = {"title": "某厅关于某建议的答复", "date": "2024-03-01"}
    lead = "据统计，2022年度，平台服务企业2852家，其中，"
    assert year_mismatch({"2022"}, "某研究所服务企业871家。", "", (), summary, lead) is None
    assert year_mismatch({"2022"}, "某研究所服务企业871家。", "", (), summary) == "2022"
    assert year_mismatch({"2021"}, "某研究所服务企业871家。", "", (), summary, lead) == "2021"


# -- dates, batches and the English "when" -------------------------------------------------------


def test_a_question_about_the_end_of_a_period_gets_the_end_of_the_range():
    answer = _ask("公示期到哪一天截止？", [[
        ("公示期满无异议的，资助资金于2024年12月31日前拨付到企业。", 0.9),
        ("公示时间：2024年9月10日至2024年9月19日（共7个工作日）。", 0.88),
    ]])
    assert answer is not None and answer.text == "2024年9月19日"


def test_objections_are_due_by_the_end_of_the_notice_period():
    """对公示名单有异议，最晚哪天前反映: the end of the 公示 period, not what follows when there are none."""
    answer = _ask("对补助公示名单有异议，最晚哪天前要反映？", [[
        ("公示无异议的，由镇人民政府审核后，于7月31日前直接发放到户。", 0.9),
        ("公示时间为2025年6月16日至6月22日（共7天）。公示期间，如有异议，请以书面方式反映。", 0.88),
    ]])
    assert answer is not None and answer.text == "6月22日"
    # Asked in English as the last day for objections.
    answer = _ask("What is the last day for raising objections to the subsidy list?", [[
        ("公示无异议的，由镇人民政府审核后，于7月31日前直接发放到户。", 0.9),
        ("公示时间为2025年6月16日至6月22日（共7天）。公示期间，如有异议，请以书面方式反映。", 0.88),
    ]])
    assert answer is not None and answer.text == "6月22日"


def test_the_end_of_a_period_is_not_a_date_for_what_follows_it():
    """公示期到哪天结束: the range's end, not the day by which the money is paid once the period is over."""
    answer = _ask("老年食堂补贴公示期到哪天结束？", [[
        ("公示期满无异议或者异议经核实不成立的，补贴资金于7月31日前拨付到各运营主体账户；", 0.9),
        ("公示期为2025年7月8日至7月14日（5个工作日）。", 0.86),
    ]])
    assert answer is not None and answer.text == "7月14日"


def test_a_date_in_no_role_does_not_answer_a_deadline_question_however_well_its_passage_ranks():
    answer = _ask("By what date must the lights be installed?", [[
        ("本项目于2025年6月3日发布招标公告，2025年6月24日9时30分开标。", 0.95),
        ("包1：LED教室灯3,240盏，工期要求2025年8月20日前完成安装。", 0.7),
    ]])
    assert answer is not None and answer.text.startswith("2025年8月20日前")


def test_a_deadline_question_gets_the_date_written_before_qian():
    from rag.answer.dates import date_role

    text = "各市于2024年5月10日收到通知后，于2024年6月30日前将分解文件报送备案。"
    first, second = (text.index(d) for d in ("2024年5月10日", "2024年6月30日"))
    question = "By what date must the cities file the documents?"
    assert date_role(question, text, second, second + 10) > date_role(question, text, first, first + 10)


def test_the_batch_a_question_names_picks_its_figure():
    answer = _ask("第二批试点城市一共拿到多少中央奖补资金？", [[
        ("首批试点城市每个获得中央奖补资金1亿元；", 0.9),
        ("第二批试点中，三个城市又获得中央奖补资金合计2.4亿元。", 0.82),
    ]])
    assert answer is not None and answer.text == "2.4亿元"


def test_when_inside_a_question_is_a_conjunction_not_a_date_question():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    assert expected_kind("What penalty applies when a facility fails two spot checks?") is None
    assert expected_kind("When does the notice take effect?") == FigureKind.DATE
    assert expected_kind("Who applies, and when is the deadline?") == FigureKind.DATE
    # 哪几天 asks which days, even of a fund (…奖补资金拟分配结果的公示期是哪几天); 分几批 is still a count.
    assert expected_kind("奖补资金拟分配结果的公示期是哪几天？") == FigureKind.DATE
    assert expected_kind("这笔资金分几批下达？") == FigureKind.COUNT
    assert expected_kind("What GDP growth target has the county set for 2025?") == FigureKind.PERCENT
    assert expected_kind("What growth targets has the county set for GDP and for budget revenue?") == FigureKind.PERCENT
    # Output is a quantity, its value money; "what is the … subsidy" asks for an amount; how big an area, a measure.
    assert expected_kind("What was the city's corn output in 2024?") == FigureKind.COUNT
    assert expected_kind("What was the industrial output value in 2024?") == FigureKind.MONEY
    # …however the question asks how much of it; not a rate of what was harvested, nor money earned from production
    assert expected_kind("Liupanshui kiwifruit output in 2024 — how much was it?") == FigureKind.COUNT
    assert expected_kind("What post-harvest processing rate is the town aiming for?") != FigureKind.COUNT
    assert expected_kind("How much did the county earn from tea production?") == FigureKind.MONEY
    assert expected_kind("When will the autumn harvest begin?") == FigureKind.DATE
    assert expected_kind("How fast did industrial output grow in 2024?") == FigureKind.PERCENT
    assert expected_kind("What is the per-child annual subsidy for private kindergartens?") == FigureKind.MONEY
    assert expected_kind("What is the new monthly basic pension for rural residents?") == FigureKind.MONEY
    assert expected_kind("What is the minimum wage in the city?") == FigureKind.MONEY
    assert expected_kind("What are the pension schemes for rural residents?") is None  # which ones, not how much
    assert expected_kind("What subsidies does the city offer?") is None
    assert expected_kind("How big is the county's tea garden area?") == FigureKind.COUNT
    # A number of people (人数) is counted, even the number a grant reaches (资助人数是多少).
    assert expected_kind("普惠性民办幼儿园大班减免保育教育费的资助人数是多少？") == FigureKind.COUNT
    assert expected_kind("补贴户数有多少？") == FigureKind.COUNT
    assert expected_kind("资助金额是多少？") == FigureKind.MONEY
    area = "白芍种植面积现在有多少万亩？"
    assert (expected_kind(area), expected_unit(area)) == (FigureKind.COUNT, "亩")
    assert expected_unit("投入多少万元？") == "万元"
    assert expected_unit("How long is the Panlong section of the Great Wall trail?") == "公里"
    assert expected_unit("How long is the public notice period?") == "天"
    # GDP is an amount of money, its growth a percentage.
    assert expected_kind("What was the county's GDP in 2024?") == FigureKind.MONEY
    assert expected_kind("全市地区生产总值是多少？") == FigureKind.MONEY
    assert expected_kind("What was GDP growth in 2024?") == FigureKind.PERCENT
    assert expected_kind("What's the maximum subsidy for converting a kiln?") == FigureKind.MONEY


# -- what counts as a figure ----------------------------------------------------------------------


@pytest.mark.parametrize(("question", "kind"), [
    # A deadline or a day asked for is a date even of a fund; a two-part question keeps its first part's kind.
    ("What is the deadline for applying for the district's special fund?", "date"),
    ("On what day does the public notice period end?", "date"),
    # … after a clause that sets the scene, and as the latest date or the dates a period covers.
    ("If I object to the proposed payouts, what's the deadline to raise it?", "date"),
    ("For the 2025 application round, what's the last day to apply?", "date"),
    ("What's the latest date to apply for the home purchase subsidy?", "date"),
    ("What dates does the public notice period cover?", "date"),
    ("The 2025 renovation plans - what's the latest time to file an objection?", "date"),
    # An index is a figure (两化融合发展指数为71.4), not a sentence; an index number is a header field.
    ("What is the province's index of the integration of informatisation and industrialisation now?", "count"),
    # How long is a road or a trail: a length; how long a period or a job lasts: a duration (both counts).
    ("How long is the section of the Great Wall trail the town plans to upgrade?", "count"),
    ("How much is the fund, and what is the deadline?", "money"),
    # The most a scheme gives, without "how much": money where the question names money, else a quantity.
    ("What is the most that the loan scheme will guarantee for one farm?", "money"),
    ("What's the most the district government will now pay towards each lift it helps install?", "money"),
    ("What did tourism bring in for the town during 2024?", "money"),  # what it earned: revenue
    ("What is the most a single village can be assigned?", "count"),
    ("What's the most a single operator can get for building a greenhouse?", "money"),  # what one gets is given
    ("What is the maximum area a household can claim?", "count"),  # …unless the question names what it counts
    ("What is the most points a village can get in the assessment?", "count"),
    ("What is the most important task this year?", None),
    # A loss is money unless the question names its measure.
    ("How much infrastructure loss did the floods cause?", "money"),
    ("How much grain loss did the drought cause (in 10,000 tonnes)?", "count"),
    # What money was raised to is an amount; what rules were changed to is not.
    ("What has the county raised its grazing ban subsidy per mu per year to this year?", "money"),
    ("What did the county change the rules to?", None),
])
def test_the_kind_of_figure_an_english_question_asks_for(question, kind):
    from rag.text.asked import expected_kind

    found = expected_kind(question)
    assert (found.value if found else None) == kind


def test_a_possessive_before_what_is_counted_keeps_its_measure_word():
    from rag.text.asked_measures import expected_unit

    assert expected_unit("How many full-time master's graduates are proposed for the batch?") == "人"
    assert expected_unit("How many veterans' businesses did it support?") != "人"
    assert expected_unit("How many 10,000 mu of farmland did the province add in 2024?") == "亩"


def _figures(text: str) -> list[tuple[str, str]]:
    from rag.text.figures import find_figures

    return [(f.kind.value, f.text) for f in find_figures(text)]


def test_money_in_another_currency_and_lengths_weights_and_power_are_figures_with_their_units():
    assert _figures("出口额达到3.2亿美元，利用外资1,200万欧元。") == [("money", "达到3.2亿美元"),
                                                                   ("money", "1,200万欧元")]
    assert _figures("警戒水位（186.50米），降雨量50毫米以上") == [("count", "186.50米"), ("count", "50毫米以上")]
    assert _figures("亩产10公斤，200马力拖拉机") == [("count", "10公斤"), ("count", "200马力")]


def test_ordinals_count_nothing():
    assert _figures("经2024年第8次主任办公会议审议通过。") == [("date", "2024年")]
    assert _figures("第十四条　本办法由市财政局负责解释。") == []


def test_durations_are_figures_for_how_long_questions():
    assert ("count", "5年") in _figures("本办法自2024年5月1日起施行，有效期5年。")
    assert ("count", "3个月") in _figures("见习期限一般为3个月。")


def test_ages_are_counts_and_questions_about_age_or_weight_ask_for_them():
    from rag.text.figures import FigureKind

    assert ("count", "35周岁") in _figures("年龄在18周岁以上、35周岁以下（1989年10月13日以后出生）。")
    assert expected_kind("硕士研究生的报考年龄放宽到多少岁？") == FigureKind.COUNT
    assert expected_unit("硕士研究生的报考年龄放宽到多少岁？") == "岁"
    assert expected_unit("What is the upper age limit for the community worker jobs?") == "岁"
    assert expected_kind("What is the upper age limit for the community worker jobs?") == FigureKind.COUNT
    # The weight the interview carries in the total score is a share (面试成绩×60%); a weight of fish is a mass.
    assert expected_kind("How much weight does the interview carry in the total score?") == FigureKind.PERCENT
    assert expected_kind("面试成绩占总成绩的权重是多少？") == FigureKind.PERCENT
    assert expected_kind("How much weight of fish was caught?") == FigureKind.COUNT
    # How much per mu of land is set aside for social security: a rate per mu (money), not an area.
    assert expected_kind("How much per mu of cultivated land is set aside for the farmers' social security?") == \
        FigureKind.MONEY
    assert expected_kind("How much new civil air defence floor space did the city build?") == FigureKind.COUNT
    # Goats and sheep are counted with 只 (奶山羊42.6万只), not the 头 of cattle.
    assert expected_unit("How many dairy goats were being kept at the end of 2024?") == "只"
    assert expected_unit("How many cattle were being kept?") == "头"
    # By how much did complaints fall: a rate of change (同比下降31.2%), as for growth.
    assert expected_kind("By how much did heating complaints fall?") == FigureKind.PERCENT
    assert expected_kind("And by how much was that up on the year before?") == FigureKind.PERCENT
    assert expected_kind("By how much did grain output fall, in tonnes?") == FigureKind.COUNT  # the unit named
    assert expected_kind("By how much did the price of pork fall per jin?") == FigureKind.MONEY
    assert expected_unit("How many poultry farms are there in the county?") != "只"  # farms, not poultry
    from rag.answer.changes import CHANGE_ASKED

    assert CHANGE_ASKED.search("by how much was that up on the year before?")
    assert not CHANGE_ASKED.search("How much was set up?") and not CHANGE_ASKED.search("It is up to 300,000 yuan.")
    assert not CHANGE_ASKED.search("How many charging stations were up and running?")
    # Charging ports are counted with 个 (充电端口4.8个), not the 辆 of the bikes per hundred of which they are counted.
    assert expected_unit("How many e-bike charging ports are there per 100 electric bikes?") == "个"
    # How much the written exam counts towards the combined score is its share (笔试成绩占40%), not money.
    assert expected_kind("How much does the written exam count towards the combined score?") == FigureKind.PERCENT
    assert expected_kind("How much did the county count as spending on roads?") != FigureKind.PERCENT
    from rag.text.figures import same_measure

    assert same_measure("岁", "45周岁") and same_measure("周岁", "60岁")  # one age, written either way


def test_a_date_of_birth_is_no_year_of_the_passage():
    notice = {"title": "某街道2025年社区专职工作者招聘公告", "date": "2025-07-20"}
    sentence = "具有硕士研究生及以上学历的，年龄放宽到40周岁以下（1984年8月5日以后出生）；"
    assert year_mismatch({"2025"}, sentence, "", (), notice) is None
    assert year_mismatch({"1984"}, sentence, "", (), notice) == "1984"
    for written in ("1989年10月13日（含）以后出生", "1984年以后出生", "出生于1989年10月13日以后",
                    "1989年10月13日至2007年10月13日期间出生"):
        assert year_mismatch({"2025"}, f"年龄在18周岁以上、35周岁以下（{written}）。", "", (), notice) is None
    # A deadline is no date of birth.
    assert year_mismatch({"2025"}, "2024年6月30日以前完成招聘。", "", (), notice) == "2025"


def test_a_day_after_each_year_is_a_date():
    assert _figures("经营主体于每年10月31日前提出申请。") == [("date", "10月31日")]
    assert _figures("申报时间为每年3月1日至3月31日。") == [("date", "3月1日"), ("date", "3月31日")]


def test_a_part_of_a_month_or_year_is_a_date():
    assert _figures("11月底前将补助资金兑付到位。") == [("date", "11月底")]
    assert _figures("2025年底前基本完成，于每年3月中旬启动。") == [("date", "2025年底"), ("date", "3月中旬")]


def test_a_deadline_of_last_year_does_not_answer_when_this_years_is():
    summary = {"title": "某县关于2025年耕地地力保护补贴资金发放情况的公示", "date": "2025-05-12",
               "issuer": "某县农业农村局"}
    answer = _ask("耕地地力保护补贴要在什么时候前发放到户？", [
        [("上年全县共发放补贴8,435.13万元，资金全部于7月上旬前兑付到位。", 0.95)],
        [("公示期满无异议的，由县财政局于6月30日前一次性直接发放到户。", 0.9)],
    ], summary)
    assert answer is not None and answer.text == "6月30日前"  # a deadline keeps its 前


# -- 分别 enumerations ----------------------------------------------------------------------------

_INCOMES = "全镇城镇、农村居民人均可支配收入分别达到33,186元、19,742元。"


def test_the_item_a_question_names_picks_its_figure_of_a_respectively_list():
    from rag.answer.respective import respective_match

    first, second = _INCOMES.index("33,186元"), _INCOMES.index("19,742元")
    assert respective_match(["农村", "收入"], _INCOMES, second) == 1.0
    assert respective_match(["农村", "收入"], _INCOMES, first) == -1.0
    # Naming neither item, a Chinese question asks for neither (an English one may name one the bridge misses).
    assert respective_match(["收入"], _INCOMES, first, "居民人均可支配收入是多少？") == -0.5
    assert respective_match(["收入"], _INCOMES, first, "What is the disposable income per person?") == 0.0
    answer = _ask("农村居民人均可支配收入是多少？", [[(_INCOMES, 0.9)]])
    assert answer is not None and answer.text == "19,742元"


def test_a_question_naming_every_item_gets_every_figure():
    answer = _ask("小麦和玉米全程托管亩均节本增效分别是多少钱？", [[
        ("经测算，小麦、玉米全程托管亩均节本增效分别为126元、153元，单产平均提高8%左右。", 0.9)]])
    assert answer is not None and answer.text == "126元、153元"


def test_a_header_question_is_about_the_document_whose_title_it_names():
    question = "某市科技局答复第0527号建议的函文号是什么？"
    first = Hit(Chunk("a:0", "a", "a.txt", (), 0, 10, "正文"), 2.0)
    second = Hit(Chunk("b:0", "b", "b.txt", (), 0, 10, "正文"), 1.9)
    titles = {"a": {"title": "某市科技局关于第0312号提案答复的函"},
              "b": {"title": "某市科技局关于第0527号建议答复的函"}}
    tokens = tokenize(question)
    retrieval = Retrieval(question, [first, second], expected_kind(question), None, tokens,
                          {t: 1.0 for t in tokens}, None, {}, {}, np.zeros(1))
    reader = SimpleNamespace(summaries=lambda ids: {i: titles[i] for i in ids})
    assert titled_hit(AnswerSettings(), retrieval, reader) is second
    titles["b"] = {"title": "某市科技局关于第0312号提案答复的函"}
    assert titled_hit(AnswerSettings(), retrieval, reader) is first


def test_a_header_question_naming_a_deputy_is_about_the_reply_addressed_to_one():
    question = "谁签发了某市科技局给代表的答复？"
    first = Hit(Chunk("a:0", "a", "a.txt", (), 0, 10, "正文"), 2.0)
    second = Hit(Chunk("b:0", "b", "b.txt", (), 0, 10, "正文"), 1.9)
    heads = {"a": {"title": "某市科技局关于提案答复的函", "addressee": "某党派市委员会"},
             "b": {"title": "某市科技局关于建议答复的函", "addressee": "张某某代表"}}
    tokens = tokenize(question)
    retrieval = Retrieval(question, [first, second], None, None, tokens,
                          {t: 1.0 for t in tokens}, None, {}, {}, np.zeros(1))
    reader = SimpleNamespace(summaries=lambda ids: {i: heads[i] for i in ids})
    assert titled_hit(AnswerSettings(), retrieval, reader) is second


def test_a_header_question_naming_a_person_in_pinyin_is_about_the_document_whose_header_names_them():
    question = "On what date was the reply to deputy Zhang Mou issued?"
    first = Hit(Chunk("a:0", "a", "a.txt", (), 0, 10, "正文"), 2.0)
    second = Hit(Chunk("b:0", "b", "b.txt", (), 0, 10, "正文"), 1.9)
    tokens = tokenize(question)
    retrieval = Retrieval(question, [first, second], None, None, tokens, {t: 1.0 for t in tokens}, None, {}, {},
                          np.zeros(1), named_documents=("b",))
    reader = SimpleNamespace(summaries=lambda ids: {i: {} for i in ids})
    assert titled_hit(AnswerSettings(), retrieval, reader) is second


def test_a_contact_question_naming_a_person_is_about_the_document_that_lists_them():
    question = "答复里留的联系人董某某的电话号码是多少？"
    first = Hit(Chunk("a:0", "a", "a.txt", (), 0, 10, "正文"), 2.0)
    second = Hit(Chunk("b:0", "b", "b.txt", (), 0, 10, "正文"), 1.9)
    texts = {"a": "正文。\n联系人及电话：产业发展处  王某  0471-6297354\n",
             "b": "正文。\n联系人姓名及电话：董某某  0431-89359118\n"}
    tokens = tokenize(question)
    retrieval = Retrieval(question, [first, second], expected_kind(question), None, tokens,
                          {t: 1.0 for t in tokens}, None, {}, {}, np.zeros(1))
    reader = SimpleNamespace(summaries=lambda ids: {i: {} for i in ids},
                             document=lambda i: SimpleNamespace(id=i, text=texts[i]))
    assert titled_hit(AnswerSettings(), retrieval, reader) is second
    # On a large archive none of that reply's passages may rank: the header that names the person finds it.
    retrieval = replace(retrieval, hits=[first], named_documents=("b",))
    reader.passages = lambda i: [second.chunk]
    assert titled_hit(AnswerSettings(), retrieval, reader).chunk is second.chunk


def test_a_sentence_question_is_not_answered_by_a_numbered_heading():
    answer = _ask("贷款贴息的兑现方式将怎样调整？", [[
        ("（二）落实贷款贴息和担保补贴。", 0.9),
        ("下一步将贷款贴息由按年申报改为按季申报、按季兑现。", 0.85),
    ]])
    assert answer is not None and "按季兑现" in answer.text


def test_a_figure_opening_a_quoted_name_counts_nothing():
    answer = _ask("全省有多少个县实行县管乡用？", [[
        ("全省已有104个县(市、区)推行这一做法；", 0.6),
        ("各县实行县管乡用，落实“两个允许”要求。", 0.95),
    ]])
    assert answer is not None and answer.text == "104个"


def test_an_english_contact_question_names_the_person_in_pinyin():
    from rag.answer.header import names_contact

    doc = SimpleNamespace(text="正文。\n联系人姓名及电话：陈兴波  0431-88975536\n")
    assert names_contact(doc, "What phone number is given for the contact person Chen Xingbo?")
    assert not names_contact(doc, "What phone number is given for the contact person Dong Hongyu?")


def test_passages_about_the_named_place_come_before_those_of_other_places():
    """The same reply of several provinces: the one the question names moves up among the hits."""
    from rag.answer.context import named_places_first

    issuers = {"a": "河北省科学技术厅", "b": "山西省科学技术厅", "c": "吉林省科学技术厅"}
    body = "概念验证中心建设投入资金近400万元。"
    hits = [Hit(Chunk(f"{d}:0", d, f"{d}.txt", (), 0, len(body), body), 1.0 - 0.1 * i) for i, d in enumerate("abc")]
    heads = {d: {"title": "关于概念验证的答复", "issuer": issuer} for d, issuer in issuers.items()}
    reader = SimpleNamespace(summaries=lambda ids: {i: heads[i] for i in ids}, mentioned=lambda terms: set(terms),
                             document=lambda doc_id: SimpleNamespace(id=doc_id, text=body))
    first = named_places_first("吉林省概念验证中心投入了多少资金？", hits, reader, 2)
    assert [h.chunk.doc_id for h in first] == ["c", "a"]  # the others keep their order after it
    assert named_places_first("概念验证中心投入了多少资金？", hits, reader, 2) == hits[:2]  # no place named
    assert named_places_first("江南省概念验证中心投入了多少资金？", hits, reader, 2) == hits[:2]  # no hit is about it


def test_near_tied_figures_are_decided_by_the_year_the_question_asks():
    # The reply is of 2024: its 45个 a little above is about 2024, not 2018; far above, the question abstains.
    passages = [[("全省已建成中试中心45个。", 0.86)], [("截至2018年，全省已建成中试中心30个。", 0.80)]]
    answer = _ask("How many pilot centres had been built by 2018?", passages)
    assert answer is not None and answer.text == "30个"
    passages[0][0] = ("全省已建成中试中心45个。", 0.95)
    assert _ask("How many pilot centres had been built by 2018?", passages) is None


def test_a_plan_does_not_answer_what_was_done():
    answer = _ask("某基金由哪些单位合作建设？", [[
        ("下步工作：推广某基金经验，鼓励高校、企业、社会组织合作建设某基金。", 0.92),
        ("由某市科技局、某大学共建的某基金已揭牌。", 0.90),
    ]])
    assert answer is not None and answer.text.startswith("由某市科技局")


def test_a_plan_answers_a_question_about_the_plan():
    answer = _ask("下一步如何建设某基金？", [[
        ("下步工作：推广某基金经验，鼓励高校、企业合作建设某基金。", 0.92),
        ("由某市科技局、某大学共建的某基金已揭牌。", 0.90),
    ]])
    assert answer is not None and answer.text.startswith("下步工作")


def test_a_question_for_n_members_gets_the_sentence_listing_n():
    answer = _ask("In which four ways are small firms supported?", [[
        ("一是积极开展小企业认定扶持。", 0.92),
        ("采取研发补贴、贷款贴息、上市奖励、贷款担保4种方式扶持小企业。", 0.90),
    ]])
    assert answer is not None and "4种方式" in answer.text


def test_the_usual_time_of_a_recurring_event_is_the_recurring_expression():
    answer = _ask("按照惯例，某活动周每年在什么时候举办？", [[
        ("2023年5月20日至31日，某局举办2023年某活动周。", 0.92),
        ("根据有关要求，每年5月第3周，某局举办某活动周。", 0.90),
    ]])
    assert answer is not None and answer.text == "每年5月第3周"
    answer = _ask("森林防火期是每年几月几日到几月几日？", [[
        ("每年10月1日至次年4月30日为全县森林防火期，其中1月1日至4月5日为紧急期。", 0.9),
    ]])
    assert answer is not None and answer.text == "每年10月1日至次年4月30日"


def test_a_tables_caption_is_no_answer_sentence():
    answer = _ask("Which reservoir held less water at the end of the year than at the start?", [[
        ("表2　2024年主要水库蓄水量变化（单位：万立方米）", 0.95),
        ("5座主要水库中，4座年末蓄水量较年初增加，龙塘水库年末蓄水量较年初减少。", 0.85),
    ]])
    assert answer is not None and not answer.text.startswith("表2")


@pytest.mark.parametrize("caption", ["附表　某市2025年秸秆还田和离田任务分解表",
                                     "国庆假期全市重点景区（点）接待情况（单位：万人次、万元）"])
def test_a_caption_without_its_number_or_its_table_word_is_no_answer_sentence(caption):
    answer = _ask("Which scenic area earned the most during the holiday?", [[(caption, 0.95)]])
    assert answer is None or answer.text != caption


def test_a_tables_heading_row_is_no_answer_sentence():
    from rag.answer.span import _heading_row

    heading = "景区（点）\t所在县区\t接待游客\t门票及相关经营收入"
    assert _heading_row(heading, "表3　接待情况（单位：万人次、万元）\n")
    assert _heading_row(heading, "")
    assert not _heading_row(heading, "序号\t景区\t县区\t收入\n")  # a row under another row is a row
    assert not _heading_row("玉龙雪山景区\t玉龙县\t38.6\t9,214.5", "")  # a row of figures
    assert not _heading_row("实现门票收入1.72亿元，同比增长10.4%。", "")


def test_a_question_of_a_qa_heads_its_answer_and_is_none():
    answer = _ask("普通门诊能报销多少？", [[
        ("8. 问：普通门诊能报销多少？", 0.95),
        ("答：在基层定点医疗机构就医的，年度支付限额由400元提高到500元。", 0.85),
    ]])
    assert answer is not None and "问" not in answer.text and "500元" in answer.text


# -- figures of one list, units of time and area ------------------------------------------------


def test_the_label_the_question_repeats_picks_its_figure_of_a_list():
    sentence = "按照一级证书800元、二级证书1,200元、三级证书1,600元的标准给予补贴。"
    answer = _ask("取得二级证书的可以领多少补贴？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "1,200元"
    # 茶园 is in every label; 面积 only in the first: the total, not a part.
    sentence = "全乡现有果园面积3.6万亩，其中老果园0.8万亩，挂果果园2.5万亩。"
    answer = _ask("全乡果园面积有多少亩？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "3.6万亩"


def test_a_label_does_not_promote_the_old_value_or_a_statement_of_another_time():
    from rag.answer.labels import runs
    from rag.text.figures import find_figures

    answer = _ask("担保资金池目前规模有多大？", [[("担保资金池规模已由设立之初的0.8亿元扩大到3.2亿元。", 0.9)]])
    assert answer is not None and answer.text == "3.2亿元"
    sentence = "去年参加培训1.8万人次，今年1—6月已达0.9万人次。"
    assert [len(run) for run in runs(sentence, find_figures(sentence))] == [1, 1]


def test_a_figure_stating_a_change_does_not_answer_a_question_about_the_level():
    passages = [[("全县现有林地面积12.4万亩。", 0.85)], [("今年新增造林面积0.6万亩。", 0.87)]]
    answer = _ask("全县林地面积有多少亩？", passages)
    assert answer is not None and answer.text == "12.4万亩"


def test_how_long_and_how_much_land_ask_for_a_duration_and_an_area():
    assert (expected_kind("审批时限现在压缩到多久？"), expected_unit("审批时限现在压缩到多久？")) == ("count", "天")
    assert (expected_kind("办理补贴的承诺时限是多长？"), expected_unit("办理补贴的承诺时限是多长？")) == ("count", "天")
    assert expected_kind("今年首批申报的受理时间是什么？") == "date"  # when, not how long
    assert (expected_kind("办理时间是多长？"), expected_unit("办理时间是多长？")) == ("count", "天")
    assert expected_unit("所称的老旧农业机械涉及多少类机具？") == "类"
    question = "Under the county's subsidy rules, how much land must a family farm to count as a large grower?"
    assert (expected_kind(question), expected_unit(question)) == ("count", "亩")
    answer = _ask("审批时限现在压缩到多久？", [[("审批时限由原来的20个工作日压缩到8个工作日以内。", 0.9)]])
    assert answer is not None and answer.text.startswith("8个工作日")
    passages = [[("县财政每年安排专项资金2,000万元。", 0.9)], [("种植大户是指种植面积在50亩以上的农户。", 0.85)]]
    answer = _ask(question, passages)
    assert answer is not None and answer.text == "50亩以上"


def test_a_figure_in_another_unit_is_no_near_tie_of_the_one_asked_for():
    passages = [[("去年全市参加技能培训3.1万人次。", 0.86)], [("培训补贴期限最长不超过2年。", 0.84)]]
    assert _ask("How many person-times of skills training were there in 2022?", passages) is None


def test_a_bare_wan_before_mu_is_an_area_not_money():
    assert ("count", "5.8万亩") in _figures("全镇现有茶园面积5.8万亩。")


def test_a_rate_question_asks_for_a_percentage_and_a_cap_keeps_its_negation():
    assert expected_kind("贷款的担保费率最高是多少？") == "percent"
    assert expected_kind("What is the maximum share that may go to interest subsidies?") == "percent"
    answer = _ask("贷款的担保费率最高是多少？", [[("担保费率不超过0.6%，单户担保额最高200万元。", 0.9)]])
    assert answer is not None and answer.text == "不超过0.6%"


def test_a_part_of_a_whole_is_the_figure_after_zhong():
    sentence = "今年安排的3.4亿元市级资金中，有1.2亿元用于水源保护区。"
    answer = _ask("今年安排的市级资金里，有多少用于水源保护区？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "1.2亿元"
    # "Of the funding …, how much came from …" asks for a part too.
    from rag.answer.qualifiers import asks_part

    assert asks_part("Of the funding the province put into the industry, how much came from city and county budgets?")
    assert not asks_part("How much of the budget is new this year?")


def test_a_share_or_a_length_asked_first_is_one_of_two_asks():
    """按什么比例补助？…最多补多少？ and 什么时候施行？有效期多长？ ask two things, each answered from its own
    clause."""
    from rag.answer.parts import two_parts

    assert two_parts("该区改造生产线按什么比例补助？单个企业最多补多少？") == \
        ("该区改造生产线按什么比例补助", "单个企业最多补多少？")
    assert two_parts("这个办法什么时候起施行？有效期多长？") == ("这个办法什么时候起施行", "有效期多长？")
    assert two_parts("这项工作要持续多长时间？") is None


def test_two_items_with_one_ask_get_a_figure_each():
    from rag.answer.parts import two_parts

    question = "改造项目拟争取的中央资金和省级补助资金各是多少？"
    assert two_parts(question) == ("改造项目拟争取的中央资金各是多少？", "改造项目拟争取的省级补助资金各是多少？")
    assert two_parts("甲市和乙市把运营补助标准分别提高到了多少？") == ("甲市把运营补助标准分别提高到了多少？",
                                                            "乙市把运营补助标准分别提高到了多少？")
    # One measure of two items, asked respectively: a part each (the two figures may stand in two clauses).
    assert two_parts("小麦和玉米亩均节本增效分别是多少钱？") == \
        ("小麦亩均节本增效分别是多少钱？", "玉米亩均节本增效分别是多少钱？")
    # One "how many" of two counted things of their own words each; a compound of one thing is one.
    assert two_parts("How many new rain gauges and new water-level stations will it build?") == (
        "How many new rain gauges will it build?", "How many new water-level stations will it build?")
    assert two_parts("How many research and development centres does it have?") is None
    # Which day, then a figure of that day.
    crowd = "On which day did the scenic area see its biggest crowd, and how many visitors came that day?"
    assert two_parts(crowd) == (crowd.split(",")[0], "how many visitors came that day?")
    assert two_parts("游客最多的是哪天，当天接待游客多少人次？") == ("游客最多的是哪天", "当天接待游客多少人次？")
    # Central and provincial money are two levels' figures; city and county money is one (市县财政资金).
    assert two_parts("How much central and provincial money was invested?") == (
        "How much central money was invested?", "How much provincial money was invested?")
    assert two_parts("Of the funding put in last year, how much came from city and county budgets?") is None
    answer = _ask(question, [[("拟争取中央资金4200万元、省级补助资金1800万元，其余由区级财政解决。", 0.9)]])
    assert answer is not None and answer.text == "4200万元、省级补助资金1800万元"


def test_how_fast_something_grew_asks_for_a_rate_and_is_a_second_part():
    from rag.answer.parts import two_parts
    from rag.text.asked import expected_kind

    question = "What was rural residents' per capita disposable income and how fast did it grow?"
    assert two_parts(question) == ("What was rural residents' per capita disposable income", "how fast did it grow?")
    assert expected_kind("how fast did it grow?") == "percent"
    assert expected_kind("How fast are applications processed?") == "count"  # a duration (天)
    answer = _ask(question, [[("农村居民人均可支配收入21,508元，增长6.4%，增速高于全市平均水平0.3个百分点。", 0.9)]])
    assert answer is not None and answer.text == "21,508元，增长6.4%"


def test_beds_and_vehicles_are_counted():
    assert ("count", "约6.2万张") in _figures("全省共有床位约6.2万张。")
    assert ("count", "120辆") in _figures("新增公交车120辆。")


def test_a_table_row_is_checked_on_its_text_cells_and_may_straddle_two_passages():
    from rag.answer.table_lines import text_cells
    from rag.answer.tables import row_cell

    assert text_cells("3\t河西街道\t纺织一村\t1988\t12\t420\t960") == "河西街道\t纺织一村"
    table = "指标名称\t单位\t完成数\n城镇居民人均可支配收入\t元\t41230\n农村居民人均可支配收入\t元\t20115\n"
    cut = table.index("41230") - 1  # the first passage ends inside the row
    assert row_cell("城镇居民人均可支配收入是多少元？", table, 0, cut) == []
    found = row_cell("城镇居民人均可支配收入是多少元？", table, cut, len(table))
    assert [c.text for c in found] == ["41230"]


def test_a_tables_caption_and_heading_row_say_what_its_later_rows_are_about():
    from rag.answer.table_lines import table_block, table_heads

    text = ("全年全市地区生产总值1,702.36亿元。\n表1　各县地区生产总值（单位：亿元）\n"
            "县（市、区）　　地区生产总值　　增长（%）\n钟山区　　428.17　　5.1\n"
            "盘州市　　742.08　　5.8\n注：盘州市数据含开发区。")
    start, _ = table_block(text, text.index("盘州市"), text.index("盘州市") + 3)
    assert table_heads(text, start) == "表1　各县地区生产总值（单位：亿元）\t县（市、区）\t地区生产总值\t增长（%）"
    # A table with no caption line and no heading row says nothing beside its rows.
    assert table_heads("甲县\t12\t3\n乙县\t8\t2", 0) == ""


def test_a_budget_column_is_the_plan_beside_the_final_accounts():
    from rag.answer.tables import row_cell

    table = "项目\t调整预算数（万元）\t决算数（万元）\t完成率（%）\n防汛\t1380.00\t1426.75\t103.4\n"
    assert [c.text for c in row_cell("防汛实际支出多少？", table)] == ["1426.75"]
    assert [c.text for c in row_cell("防汛调整预算数是多少？", table)] == ["1380.00"]


def test_a_total_row_with_merged_label_cells_lines_up_with_the_last_headings():
    from rag.answer.tables import row_cell

    table = "序号\t单位\t类别\t项数\t拟资助金额（万元）\n1\t甲公司\t国家标准\t2\t60\n合计\t20\t339\n"
    assert [c.text for c in row_cell("拟资助金额合计是多少？", table)] == ["339"]
    assert [c.text for c in row_cell("合计有多少项？", table, unit="项")] == ["20"]
    # Two measures and the question names neither: no cell answers it.
    assert row_cell("合计有多少家？", table) == []


def test_a_money_question_is_answered_by_a_column_of_money_and_a_count_by_another():
    from rag.answer.tables import row_cell

    table = "道路类别\t里程（公里）\t养护补助（万元）\n村道\t4171.3\t520\n"
    assert [c.text for c in row_cell("村道每年养护补助多少钱？", table, money=True)] == ["520"]
    assert [c.text for c in row_cell("村道有多长？", table, money=False)] == ["4171.3"]
    assert row_cell("村道专职养护员每月报酬多少？", "道路类别\t里程（公里）\n村道\t4171.3\n", money=True) == []


def test_a_question_about_a_rows_total_gets_its_total_column():
    from rag.answer.tables import row_cell

    table = "乡镇\t项目个数\t中央资金\t省级资金\t小计\n甲镇\t9\t812\t296\t1108\n资丘镇\t11\t1026\t372\t1398\n"
    assert [c.text for c in row_cell("资丘镇一共获得多少资金？", table)] == ["1398"]
    assert [c.text for c in row_cell("资丘镇的中央资金是多少？", table)] == ["1026"]


def test_a_label_several_rows_share_is_a_category_that_names_no_row():
    from rag.answer.tables import row_cell

    table = ("序号\t单位\t类别\t项数\t资助金额（万元）\n1\t甲公司\t国家标准\t2\t60\n2\t乙协会\t团体标准\t1\t5\n"
             "3\t丙公司\t国家标准\t1\t30\n")
    assert row_cell("主导制定国家标准每项资助多少？", table) == []
    # Among the rows of one county, the one whose other cells the question names.
    table = ("序号\t企业\t县\t产品\t带动户数\n1\t某牦牛乳业公司\t玛曲县\t牦牛乳\t1,780\n"
             "2\t某马业公司\t玛曲县\t河曲马\t520\n")
    assert [c.text for c in row_cell("玛曲县牦牛乳企业带动多少户？", table)] == ["1,780"]


def test_a_part_that_asks_for_the_value_before_a_change_gets_the_old_one():
    from rag.answer.qualifiers import alignment

    text = "其中，国家标准资助额度由原来的每项20万元提高到30万元。"
    old, new = (text.index(f) for f in ("20万元", "30万元"))
    before = "How much did the city award for leading a national standard before"
    assert alignment(before, text, old, old + 4, None) > alignment(before, text, new, new + 4, None)
    now = "how much does it award now?"
    assert alignment(now, text, new, new + 4, None) > alignment(now, text, old, old + 4, None)


def test_the_part_of_a_whole_may_open_the_next_sentence_and_the_comparisons_base_is_no_part():
    from rag.answer.changes import is_old

    text = "今年省级财政安排油茶产业发展资金6.45亿元，比去年的5.2亿元增加1.25亿元。"
    assert is_old(text, text.index("5.2"), text.index("5.2") + 6) and not is_old(text, text.index("6.45"), 21)
    answer = _ask("今年省级财政安排了多少油茶产业发展资金？其中新造油茶林补助多少？", [[
        ("今年省级财政安排油茶产业发展资金6.45亿元，比去年的5.2亿元增加1.25亿元。", 0.9),
        ("其中，新造油茶林补助2.68亿元、低产林改造补助2.07亿元。", 0.85),
    ]])
    assert answer is not None and "6.45亿元" in answer.text and "2.68亿元" in answer.text
    from rag.answer.pairs import _listed_next
    from rag.answer.span import Sentence
    from rag.text.figures import find_figures

    passage = Hit(Chunk("d:0", "d", "d.txt", (), 0, 60, "今年安排资金6.45亿元，比去年的5.2亿元增加1.25亿元。"
                              "其中，新造油茶林补助2.68亿元、低产林改造补助2.07亿元。"), 1.0)
    whole = Sentence(passage, 0, 1, 0, 38, "今年安排资金6.45亿元，比去年的5.2亿元增加1.25亿元。", 0.9)
    parts = Sentence(None, 0, 2, 38, 60, "其中，新造油茶林补助2.68亿元、低产林改造补助2.07亿元。", 0.8)
    sum_ = find_figures(whole.text)[0]
    assert _listed_next(("今年安排多少资金", "其中新造油茶林补助多少？"), whole, parts, sum_)
    assert not _listed_next(("今年安排多少资金", "新造油茶林补助多少？"), whole, parts, sum_)  # not asked as a part
    # a part of the total asked
    assert _listed_next(("今年安排的资金总额是多少", "新造油茶林补助多少？"), whole, parts, sum_)
    later = replace(parts, start=80, hit=passage)  # not the next sentence
    assert not _listed_next(("今年安排多少资金", "其中新造油茶林补助多少？"), whole, later, sum_)
    # The whole's sentence may end opening the list (参加人21名。其中： / （一）消费者9名…), past a line break.
    opening = Sentence(None, 0, 3, 0, 19, "本次听证会设听证会参加人21名。其中：", 0.9)
    listed = Sentence(None, 1, 4, 23, 50, "（一）消费者9名（居民用户7名、非居民用户2名）；", 0.8)
    seats = find_figures(opening.text)[0]
    assert _listed_next(("How many people attended the hearing", "and how many of those seats are for consumers?"),
                        opening, listed, seats)
    assert not _listed_next(("How many people attended the hearing", "and how many seats are for consumers?"), opening,
                            listed, seats)


def test_a_whole_may_be_compared_with_last_year_before_its_parts_and_the_change_is_no_whole():
    from rag.answer.asked_parts import whole_and_part
    from rag.text.figures import find_figures

    text = ("今年安排技术改造专项资金2.4亿元，比去年的1.9亿元增加0.5亿元，"
            "其中设备更新项目1.45亿元、数字化转型项目0.65亿元。")
    figures = {f.text: f for f in find_figures(text)}
    asked = "and how much of that goes to digital transformation?"
    assert whole_and_part(asked, text, figures["2.4亿元"], figures["0.65亿元"])
    assert not whole_and_part(asked, text, figures["0.5亿元"], figures["0.65亿元"])
    assert not whole_and_part(asked, text, figures["1.9亿元"], figures["0.65亿元"])


def test_a_total_row_answers_only_a_question_about_what_its_table_counts():
    from rag.answer.table_answer import _TOTAL_TABLE_OVERLAP
    from rag.answer.tables import overlap

    heads = "2025年农机购置补贴资金分配表\t县（区）\t上年结算（万元）\t本年分配（万元）"
    assert overlap(heads, "How much money has gone into the alliances' projects in total? 合计 科技 经费") < \
        _TOTAL_TABLE_OVERLAP
    assert overlap(heads, "2025年农机购置补贴资金分配合计是多少？") >= _TOTAL_TABLE_OVERLAP


def test_a_section_that_names_its_year_decides_over_the_documents_date():
    # A report of 2024: 今年重点工作 is the plan of 2024; 过去一年 is 2023.
    summary = {"title": "2024年某县人民政府工作报告", "date": "2024-01-20"}
    assert year_mismatch({"2023"}, "新增城镇就业6,000人以上。", "", ("三、今年重点工作",), summary) == "2023"
    assert year_mismatch({"2023"}, "新增城镇就业6,420人。", "", ("一、过去一年工作回顾",), summary) is None
    assert year_mismatch({"2023"}, "新增城镇就业6,420人。", "", ("一、主要工作",), summary) is None  # the date decides
    # A numbered paragraph's lead compares with the year before; it names no year of its own.
    bulletin = {"title": "2024年某区国民经济和社会发展统计公报", "date": "2025-03-20"}
    lead = ("二、农业", "2.全年粮食产量2.31万吨,比上年增长1.3%")
    assert year_mismatch({"2024"}, "板栗产量由上年的1.38万吨增加到1.46万吨;", "", lead, bulletin) is None
    # A notice that opens a round of its title's year (2025年…公开招聘…公告) does not speak of the year before; a
    # report of early 2025 may.
    notice = {"title": "某县2025年县直事业单位公开招聘工作人员公告", "date": "2025-10-10"}
    assert year_mismatch({"2024"}, "本次计划招聘工作人员52名。", "", (), notice) == "2024"
    assert year_mismatch({"2025"}, "本次计划招聘工作人员52名。", "", (), notice) is None
    report = {"title": "某县2025年政府工作报告", "date": "2025-01-10"}
    assert year_mismatch({"2024"}, "新增城镇就业6,420人。", "", (), report) is None


def test_the_parallel_clause_the_question_names_picks_its_figure():
    passage = [("第六条　对牵头制定并已发布的规范，按照以下标准给予资助：牵头制定国际规范的，每项资助40万元；", 0.80),
               ("牵头制定国家规范的，每项资助15万元；", 0.86), ("牵头制定行业规范的，每项资助8万元。", 0.84)]
    answer = _ask("牵头制定国际规范的每项资助多少钱？", [passage])
    assert answer is not None and answer.text == "40万元"
    # The condition the question states (200亩以上) outweighs the words of another clause (新建, 标准化, 果园).
    passage = [("新建连片30亩以上、采用标准化种植模式的果园，每亩奖补600元；", 0.82),
               ("连片200亩以上的，每亩奖补900元。", 0.85)]
    answer = _ask("新建标准化果园连片200亩以上的，每亩奖补多少？", [passage])
    assert answer is not None and answer.text == "900元"


def test_international_is_not_a_national_level():
    from rag.answer.levels import question_levels

    assert question_levels("How much is awarded for an international standard?") == set()
    assert question_levels("How much is awarded for a national standard?") == {"national"}


def test_out_of_province_care_names_no_level_and_the_provincial_average_in_brackets_is_a_comparison():
    from rag.answer.levels import level_match, question_levels

    question = "What was Jiamusi's direct settlement rate for out-of-province hospital stays in 2024?"
    assert question_levels(question) == set()
    assert question_levels("What is the rate for cross-province stays across the province?") == {"provincial"}
    sentence = "住院费用跨省直接结算率由上年的68.2%提高到81.5%，高于全省平均水平（79.3%）。"
    at = sentence.index("79.3%")
    assert level_match(question, sentence, at, at + 5) == -0.5


def test_a_figure_a_later_change_replaces_is_the_old_value():
    from rag.answer.changes import old_value

    sentence = "今年起，保费补贴比例由55%提高到70%，每亩保额由2,000元提高到3,600元。"
    assert old_value("补贴比例是多少？", sentence, sentence.index("55%"), sentence.index("55%") + 3)
    new = sentence.index("70%")
    assert not old_value("补贴比例是多少？", sentence, new, new + 3)  # the 2,000元 after it is money
    sentence = "去年安排产业资金900万元，今年增加到1,300万元。"
    at = sentence.index("900万元")
    assert old_value("今年安排多少产业资金？", sentence, at, at + 5)
    answer = _ask("今年安排多少产业资金？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "1,300万元"
    # a list of old values whose items are named before each figure: each is replaced by the new list's figure
    sentence = "到岗补助标准分别由一般县每人每年1.2万元、山区县每人每年1.5万元提高到1.5万元和2万元。"
    old, new = sentence.index("1.2万元"), sentence.rindex("1.5万元")
    assert old_value("一般县每人每年补助多少？", sentence, old, old + 5)
    assert not old_value("一般县每人每年补助多少？", sentence, new, new + 5)
    # …but a label holds no part (、其中…) and no change of its own (、自2025年起提高到…)
    sentence = "安排资金1.2亿元、其中省级0.58亿元提高到0.6亿元。"
    assert not old_value("安排多少资金？", sentence, sentence.index("1.2亿元"), sentence.index("1.2亿元") + 5)
    sentence = "补助标准为每人每月800元、自2025年起提高到1,000元。"
    assert old_value("补助标准是多少？", sentence, sentence.index("800元"), sentence.index("800元") + 4)


def test_a_changed_figure_keeps_the_label_of_the_one_it_replaces():
    sentence = ("“一网通办”覆盖率达到97%，企业开办时间由4个工作日压缩到1个工作日，"
                "项目审批时间由80个工作日压缩到40个工作日。")
    answer = _ask("现在开办一家企业要多长时间？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "1个工作日"


def test_parallel_clauses_of_one_sentence_are_told_apart_by_their_own_words():
    sentence = ("省级对地级市新建的文化广场每个补助120万元，对县（市）新建的文化广场每个补助80万元，"
                "对新建的健身步道每公里补助3万元。")
    answer = _ask("对县（市）新建的文化广场，每个补助多少钱？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "80万元"


def test_a_per_capita_figure_answers_a_per_capita_question_only():
    sentence = "全省体育场地面积1.1亿平方米，人均体育场地面积2.7平方米。"
    answer = _ask("How much sports ground area is there per person?", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2.7平方米"
    answer = _ask("全省体育场地面积有多少平方米？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "1.1亿平方米"


def test_how_much_of_that_asks_for_a_part_how_much_of_a_fund_does_not():
    from rag.answer.qualifiers import alignment

    sentence = "用于全民健身的资金为3.2亿元，其中1.4亿元用于体育公园建设。"
    whole, part = sentence.index("3.2亿元"), sentence.index("1.4亿元")
    question = "How much of the provincial lottery fund went to national fitness?"
    assert alignment(question, sentence, part, part + 5, 2024) <= alignment(question, sentence, whole, whole + 5, 2024)
    question = "How much of that went to sports parks?"
    assert alignment(question, sentence, part, part + 5, 2024) > alignment(question, sentence, whole, whole + 5, 2024)


def test_a_comparison_names_no_year_of_the_passage():
    summary = {"title": "某市2023年国民经济和社会发展统计公报"}
    assert year_mismatch({"2023"}, "常住人口城镇化率为51.2%，比上年末提高0.9个百分点。", "", (), summary) is None
    assert year_mismatch({"2023"}, "第三产业增加值312亿元。", "全年地区生产总值860亿元，比上年增长5.1%。", (),
                         summary) is None
    assert year_mismatch({"2021"}, "第三产业增加值312亿元。", "", (), summary) == "2021"


def test_an_annual_summary_speaks_from_the_year_it_reports_on():
    from rag.answer.document_years import document_year

    assert document_year({"title": "某市水务局2023年工作总结和2024年工作计划", "date": "2024-01-10"}) == 2023
    assert document_year({"title": "2024年某县人民政府工作报告", "date": "2024-01-22"}) == 2024
    assert document_year({"title": "关于2023年某项建议的答复", "date": "2024-06-05"}) == 2024  # a reply: its date
    # Final accounts speak of the year they close: 本年度 in 2024年度部门决算, published in August 2025, is 2024.
    assert document_year({"title": "某市水利局2024年度部门决算公开说明", "date": "2025-08-26"}) == 2024
    # A bulletin of a year (水资源公报, 生态环境状况公报) published the next summer speaks of that year (上年 is 2023).
    assert document_year({"title": "2024年某省水资源公报", "date": "2025-08-26"}) == 2024
    summary = {"title": "某市水务局2023年工作总结和2024年工作计划", "date": "2024-01-10"}
    assert year_mismatch({"2024"}, "明年计划完成水务投资36亿元。", "", ("三、明年工作计划",), summary) is None


def test_the_second_respectively_list_pairs_with_the_items_of_the_first():
    sentence = "城镇居民和农村居民人均可支配收入分别达到40,100元和17,900元，分别增长4.9%和7.2%。"
    answer = _ask("农村居民人均可支配收入增长了多少？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "7.2%"


def test_a_score_asked_in_points_is_answered_in_points():
    answer = _ask("项目综合评价得了多少分？", [
        [("年初设定的绩效目标为：举办全民健身赛事活动不少于100项。", 0.9)],
        [("经综合评价，该项目得分91.6分，评价等级为优。", 0.87)],
    ])
    assert answer is not None and answer.text == "91.6分"


def test_a_bracketed_note_inside_an_enumerated_item_does_not_end_the_list():
    sentence = "首套个人住房公积金贷款利率:5年以下(含5年)和5年以上分别为2.35%和2.85%;"
    answer = _ask("首套个人住房公积金贷款5年以上的利率是多少？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2.85%"


def test_the_year_of_an_old_value_is_not_the_new_figures_year():
    from rag.answer.figure_years import figure_years

    sentence = "城区易涝点由上年的38处减少到12处。"
    assert figure_years(sentence, sentence.index("12处"), 2023) == set()
    assert ("count", "12处") in _figures(sentence)
    assert expected_unit("How many flood-prone spots were left?") == "处"
    assert expected_kind("How much did it grow?") == "percent"


def test_a_county_the_segmenter_does_not_know_is_still_a_place_of_the_question():
    from rag.answer.context import named_places

    assert ("旺苍县", ("旺苍县",)) in named_places("旺苍县2023年红心猕猴桃种植面积有多少万亩？")
    assert named_places("全县2023年种植面积有多少万亩？") == []  # 全县 is no place of its own
    # The county the question opens with, whatever follows it; a kind of county (重点县) is none.
    assert ("汪清县", ("汪清县",)) in named_places("汪清县农村低保标准提高到了多少？")
    assert ("三营镇", ("三营镇",)) in named_places("三营镇本季度人居环境考核一共发现了多少处问题？")  # …本季度
    assert named_places("高新区上半年企业诉求办结率是多少？") == []  # a kind of zone, no name
    # The city a zone is named by (the tagger calls 银川 a noun and cuts 开区 from 经开区 as a place).
    assert named_places("银川经开区三季度一共检查了多少家次企业？") == [("银川", ("银川",))]
    assert named_places("合肥高新区今年研发补助多少？") == [("合肥", ("合肥",))]
    assert named_places("银川经济技术开发区今年投资多少？") == [("银川", ("银川",))]
    # …a place, as the dictionary glosses it: not 中国 (a country) nor a brand before 高新区.
    assert named_places("中国自贸区设立以来，宁夏累计新增多少家外资企业？") == [("宁夏", ("宁夏",))]
    assert named_places("华为高新区有多少家企业？") == []
    assert named_places("重点县有多少个？") == []
    # 中 after a noun is a locative (公路中 | 村道), not the first character of a place (中村).
    assert named_places("赣州全市农村公路中村道有多少公里？") == [("赣州", ("赣州",))]
    assert ("中村镇", ("中村镇",)) in named_places("中村镇有多少人？")
    # A subdistrict the question opens with, whatever follows it; 向 of 向阳楼 is no preposition, 在 is one.
    assert named_places("向阳楼街道电动自行车的车桩比现在降到了多少？") == [("向阳楼街道", ("向阳楼街道",))]
    assert named_places("在白龙街道发生险情后多久报告？") == [("白龙街道", ("白龙街道",))]
    assert named_places("全区各街道一共新增多少个？") == []
    for modified in ("重点街道整治了多少处违规广告？", "对沿街道路两侧违规停车罚款多少？", "社区和街道一共多少？"):
        assert named_places(modified) == []
    # The passage is about another county (its title names 苍溪县): no answer.
    passage = [("全县红心猕猴桃种植面积达到39.6万亩。", 0.9)]
    summary = {"title": "苍溪县人民政府工作报告", "date": "2024-01-12"}
    assert _ask("旺苍县2024年红心猕猴桃种植面积有多少万亩？", [passage], summary) is None


def test_when_something_happens_is_the_whole_date_range():
    sentence = "申报时间为2024年7月1日至7月26日，逾期不予受理。"
    answer = _ask("When can companies apply for the fund?", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2024年7月1日至7月26日"
    passage = [("公示时间：2024年4月8日至4月12日。", 0.9)]
    answer = _ask("During what dates is the list open for public comment?", [passage])
    assert answer is not None and answer.text == "2024年4月8日至4月12日"
    # The end, a deadline or the start is one date.
    answer = _ask("申报到哪天截止？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "7月26日"
    answer = _ask("When does the application period start?", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2024年7月1日"
    period = "每年10月1日至次年4月30日为全县森林防火期。"  # a yearly period that crosses the new year
    answer = _ask("When is the forest fire prevention period?", [[(period, 0.9)]])
    assert answer is not None and answer.text.endswith("10月1日至次年4月30日")


def test_an_english_question_names_its_unit_of_measure():
    assert expected_unit("How many tonnes of raw tea were produced?") == "吨"
    assert expected_unit("How many mu of kiwifruit are grown?") == "亩"
    assert expected_unit("How many kilometres of rural roads were rebuilt?") == "公里"
    assert expected_unit("How many beds do the homestays have?") == "张"
    passage = [("全镇共生产毛茶3120吨，实现产值2.6亿元，建成初制所41个。", 0.9)]
    answer = _ask("How many tonnes of raw tea did the town produce?", [passage])
    assert answer is not None and answer.text == "3120吨"


def test_a_part_listed_after_qizhong_does_not_answer_a_question_about_the_whole():
    from rag.answer.asked_parts import unasked_part
    from rag.text.figures import find_figures

    sentence = "今年用于全民健身的资金增加到2.6亿元，其中用于体育公园建设0.9亿元、场馆开放补助0.4亿元。"
    figures = {f.text: f for f in find_figures(sentence)}
    asked = {"全民", "健身", "资金"}
    assert not unasked_part(asked, "用于全民健身的资金有多少？", sentence, figures["2.6亿元"])
    assert unasked_part(asked, "用于全民健身的资金有多少？", sentence, figures["0.9亿元"])
    assert not unasked_part(asked | {"公园"}, "用于体育公园建设的资金有多少？", sentence, figures["0.9亿元"])
    assert not unasked_part(asked, "其中用于场馆开放补助多少？", sentence, figures["0.4亿元"])
    answer = _ask("今年用于全民健身的资金有多少？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "2.6亿元"


def test_an_autonomous_area_is_named_by_its_short_form():
    assert place_stem("长阳土家族自治县") == "长阳" and place_stem("甘南藏族自治州") == "甘南"
    assert place_stem("吉林省") == "吉林" and place_stem("内蒙古自治区") == "内蒙古"
    assert names_place("长阳县", "长阳土家族自治县财政局关于…的公告")
    assert names_place("甘南州", "甘南藏族自治州农业农村局") and names_place("湘西州", "湘西土家族苗族自治州")
    assert not names_place("长阳县", "长阳区人民政府") and not names_place("阳县", "长阳土家族自治县")


def test_the_year_of_a_figure_comes_from_its_section_and_a_rise_from_last_years_level_is_this_years():
    summary = {"title": "某街道办事处2024年工作总结和2025年工作要点", "date": "2024-12-20"}
    done = [("全年受理热线工单8,762件，按时办结率99.2%，群众满意率由上年的88.4%提高到93.1%。", 0.80)]
    plan = [("热线群众满意率保持在95%以上，矛盾纠纷化解率达到98%以上。", 0.84)]
    sections = [("一、今年工作总结",), ("二、明年工作要点",)]
    answer = _ask("2024年热线的群众满意率是多少？", [done, plan], summary, sections)
    assert answer is not None and answer.text == "93.1%"
    answer = _ask("2025年热线的群众满意率目标是多少？", [done, plan], summary, sections)
    assert answer is not None and answer.text.startswith("95%")


def test_a_satisfaction_degree_is_asked_as_a_percentage():
    from rag.text.figures import FigureKind
    assert expected_kind("家长对学生午餐满意度是多少？") == FigureKind.PERCENT


def test_the_innermost_heading_that_names_a_year_decides():
    summary = {"title": "某县交通运输局2024年工作总结及2025年工作计划", "date": "2024-12-20"}
    plan = ("一、今年主要工作完成情况", "明年工作计划")
    assert year_mismatch({"2024"}, "二是新改建农村公路150公里。", "", plan, summary) == "2024"
    assert year_mismatch({"2025"}, "二是新改建农村公路150公里。", "", plan, summary) is None


def test_a_subdistrict_named_after_its_district_is_a_place_and_scope_words_are_not():
    from rag.answer.context import named_places

    assert [p for p, _ in named_places("渝北区回兴街道2024年完成加装电梯多少部？")] == ["渝北区", "回兴街道"]
    assert [p for p, _ in named_places("长阳县榔坪镇获得了多少资金？")] == ["长阳县", "榔坪镇"]
    assert named_places("全县乡镇共有多少个？") == [] and named_places("全市各乡镇（街道）配备了多少人？") == []
    # A question that opens with a subdistrict the tagger does not know (茶山 + 街道) names it.
    assert [p for p, _ in named_places("茶山街道2024年公务接待费决算是多少？")] == ["茶山街道"]
    assert [p for p, _ in named_places("解放碑街道这次招聘社区专职工作者多少名？")] == ["解放碑街道"]
    assert named_places("城区街道的公务接待费是多少？") == [] and named_places("辖区街道今年有多少个社区？") == []


def test_a_two_part_question_about_a_whole_and_one_of_its_parts_gets_both():
    passage = [("本年度共有64所高校申报现代产业学院103个，经评审拟认定28个，其中本科高校17个、高职院校11个。", 0.86)]
    answer = _ask("拟认定多少个现代产业学院，其中高职院校的有多少个？", [passage])
    assert answer is not None and answer.text == "28个，其中本科高校17个、高职院校11个"


def test_a_respectively_list_after_the_verbs_object_and_items_after_a_preposition():
    from rag.answer.respective import respective_match

    teams = "今年承德市和张家口市分别新建森林消防专业队伍12支和9支。"
    assert respective_match(["张家口"], teams, teams.index("9支")) == 1.0
    assert respective_match(["张家口"], teams, teams.index("12支")) == -1.0
    rewards = "对新认定的州级龙头企业一次性奖励10万元，对晋升为省级、国家级重点龙头企业的分别一次性奖励30万元和80万元。"
    # asked about 州级, neither listed item: their figures are not what it asks (the 10万元 before the list is)
    assert respective_match(["州级", "重点", "龙头企业"], rewards, rewards.index("30万元")) == -0.5
    assert respective_match(["省级"], rewards, rewards.index("30万元")) == 1.0


def test_a_summary_reports_on_the_year_its_title_names_not_the_one_before():
    from rag.answer.document_years import year_mismatch

    sentence = "全年销售体育彩票86.42亿元，创历史新高。"
    summary = {"title": "某自治区体育局2024年工作总结和2025年工作要点", "date": "2025-01-16"}
    assert year_mismatch({"2023"}, sentence, "", (), summary) == "2023"
    assert year_mismatch({"2024"}, sentence, "", (), summary) is None
    # a work report of early 2025 still reviews 2024 without naming it
    report = {"title": "2025年某县人民政府工作报告", "date": "2025-01-20"}
    assert year_mismatch({"2024"}, sentence, "", (), report) is None


def test_a_year_that_names_the_document_is_not_the_facts_year():
    from rag.answer.document_years import names_document

    assert names_document("What does Yueyang's 2025 trade fund notice mean by a 'new entity'?", "2025")
    assert names_document("2025年度外贸发展专项资金申报通知里的新引进企业是指什么？", "2025")
    assert not names_document("How much did Yueyang pay out in 2024?", "2024")
    # the words after the year are the title's (a programme the document is about), in Chinese or in English
    title = "某省人力资源和社会保障厅关于2025年调整退休人员基本养老金的通知"
    assert names_document("某省2025年调整退休人员基本养老金，定额调整部分每人每月增加多少？", "2025", title)
    assert names_document("Under the province's 2025 pension increase, how much do retirees over 80 get?", "2025",
                          title)
    assert not names_document("某省2025年全省退休人员月人均基本养老金是多少？", "2025", title)
    assert not names_document("How much did pensions rise in 2025?", "2025", title)
    # R&D is one word of the question (not R, then a stop)
    listed = "关于2024年度企业研发投入补助资金兑现名单的公示"
    assert names_document("When does the public notice period for Beilun's 2024 R&D subsidy list end?", "2024")
    assert names_document("When do objections to the 2024 R&D subsidies close?", "2024", listed)
    # so a cut-off date of the year before (2024年12月31日前年满80周岁) does not make its figure another year's
    passage = [("2024年12月31日前年满80周岁的退休人员，在按上述办法调整的基础上，每人每月再增加50元。", 0.9)]
    answer = _ask("某省2025年调整退休人员基本养老金，年满80周岁的退休人员每人每月再增加多少？", [passage],
                  {"title": title, "date": "2025-06-20"})
    assert answer is not None and "50元" in answer.text
    summary = {"title": "某市商务局关于组织申报2025年度市级外贸发展专项资金项目的通知", "date": "2025-03-12"}
    passage = [("本通知所称新引进外贸实体企业,是指2024年1月1日以后在我市新注册登记的生产型或贸易型企业;", 0.9)]
    answer = _ask("2025年度外贸资金申报通知所称新引进外贸实体企业是指什么？", [passage], summary)
    assert answer is not None and "2024年1月1日以后" in answer.text


def test_the_document_whose_own_number_the_question_names_comes_first():
    from rag.answer.context import named_document_first

    body = "本办法自2024年5月1日起施行。"
    hits = [Hit(Chunk(f"{d}:0", d, f"{d}.txt", (), 0, len(body), body), 1.0 - 0.1 * i) for i, d in enumerate("ab")]
    numbers = {"a": "汴文旅〔2024〕27号", "b": "信府办字〔2024〕23号"}
    reader = SimpleNamespace(summaries=lambda ids: {i: {"doc_number": numbers[i]} for i in ids})
    first = named_document_first("信府办字〔2024〕23号印发的办法从哪天开始施行？", hits, reader)
    assert [h.chunk.doc_id for h in first] == ["b", "a"]
    assert named_document_first("这个办法从哪天开始施行？", hits, reader) == hits


def test_the_document_whose_header_names_the_person_asked_about_comes_first():
    from rag.answer.context import named_document_first

    body = "现将办理情况答复如下："
    hits = [Hit(Chunk(f"{d}:0", d, f"{d}.txt", (), 0, len(body), body), 1.0 - 0.1 * i) for i, d in enumerate("abc")]
    numbers = {"a": "某林函〔2025〕41号", "b": "某科发〔2018〕134号", "c": "某农函〔2025〕9号"}
    reader = SimpleNamespace(summaries=lambda ids: {i: {"doc_number": numbers[i]} for i in ids})
    # The reply to deputy Jiang Wei: only b's header (姜伟代表) writes the name, whatever its passages' rank.
    first = named_document_first("On what date was the reply to deputy Jiang Wei issued?", hits, reader, ("c",))
    assert [h.chunk.doc_id for h in first] == ["c", "a", "b"]
    assert named_document_first("这份答复是哪天印发的？", hits, reader) == hits
    # A 文号 the question writes names its document before any name does.
    first = named_document_first("某科发〔2018〕134号是哪天印发的？", hits, reader, ("c",))
    assert [h.chunk.doc_id for h in first] == ["b", "a", "c"]


def test_two_header_fields_asked_in_two_questions_are_both_asked():
    from rag.answer.header import header_questions

    assert header_questions("对第0153号提案的答复是谁签发的？联系人是谁？") == ["signer", "contact"]
    assert header_questions("这份答复的文号是什么？") == ["doc_number"]


def test_who_issued_a_document_is_a_header_question():
    from rag.answer.header import header_question

    assert header_question("奖补办法是哪个单位印发的？") == "issuer"
    assert header_question("Which department issued the subsidy rules?") == "issuer"
    assert header_question("奖补资金由哪个单位兑付？") is None
    # Who replied is who issued the reply.
    assert header_question("吉科发高〔2024〕74号是哪个单位的答复？") == "issuer"
    assert header_question("Which department replied to proposal 2024W298?") == "issuer"
    # Who signed it, asked about the official.
    assert header_question("Which official signed the department's reply to this proposal?") == "signer"
    assert header_question("Which leader signed the reply?") == "signer"


def test_the_issuers_are_cited_where_they_sign():
    from rag.answer.header import header_span
    from rag.documents import parse_document

    text = ("某市商务局 某市财政局关于组织申报专项资金项目的通知\n\n各县（市、区）商务局、财政局：\n\n"
            "　　现就申报工作通知如下。\n\n某市商务局　　　　某市财政局\n2025年3月12日\n")
    doc = parse_document(text, "notice.txt")
    start, end = header_span(doc, "issuer", "这个通知是哪些单位联合印发的？")
    assert doc.text[start:end] == "某市商务局　　　　某市财政局" and start > doc.body_start


def test_a_measure_no_top_passage_states_is_looked_for_a_little_further():
    passages = [[("依托电子交易平台，与14家合作银行实现合同数据直连。", 0.9)],
                [("中小企业凭政府采购合同即可线上申请信用贷款。", 0.88)],
                [("会同6家银行签订战略合作协议，已授信52.3亿元。", 0.86)],
                [("平均放款时间由原来的7个工作日缩短至2个工作日。", 0.84)]]
    answer = _ask("放款时间现在缩短到多久？", passages)
    assert answer is not None and answer.text.startswith("2个工作日")
    assert _ask("放款时间现在缩短到多久？", passages[:3]) is None


def test_a_when_question_reads_a_few_passages_down_when_the_top_ones_date_nothing():
    passages = [[("二、项目名称：某市学校供暖设施改造采购项目", 0.92)],
                [("包1\t原州区学校供暖改造\t某暖通公司\t632.48", 0.88)],
                [("包2\t西吉县学校供暖改造\t某工程公司\t428.90", 0.87)],
                [("本项目采用公开招标方式，于2025年7月15日9时30分开标。", 0.85)]]
    answer = _ask("When were the bids opened for the school heating procurement?", passages)
    assert answer is not None and answer.text.startswith("2025年7月15日")


def test_until_when_wants_the_end_of_a_period_even_a_few_passages_down():
    passages = [[("2022年5月印发的《某某资金管理暂行办法》同时废止。", 0.86)],
                [("第一条　为推动县域商业高质量发展，制定本细则。", 0.86)],
                [("省商务厅、省财政厅制定了本细则，现印发给你们。", 0.85)],
                [("第十五条　本细则自2024年5月10日起施行，有效期至2028年12月31日。", 0.84)]]
    answer = _ask("Until when are the county commerce fund rules valid?", passages)
    assert answer is not None and answer.text == "2028年12月31日"


def test_a_unit_column_names_no_row_and_a_fall_is_a_figure():
    from rag.answer.tables import row_cell

    table = ("产品名称　　单位　　产量　　比上年增长（％）\n粮食　　万吨　　496.8　　1.4\n"
             "花生　　万吨　　86.3　　-1.7\n")
    assert [c.text for c in row_cell("花生产量是多少万吨？", table, unit="万吨")] == ["86.3"]
    assert [c.text for c in row_cell("花生比上年增长了百分之几？", table)] == ["-1.7"]


def test_a_place_the_tagger_makes_across_two_words_is_no_place():
    from rag.answer.context import named_places

    assert "镇北" not in [p for p, _ in named_places("泾河源镇北营村肉牛饲养量有多少头？")]


def test_which_dates_asks_for_a_date_range():
    question = "During which dates is the county's subsidy list open for public comment?"
    assert expected_kind(question) == "date"
    answer = _ask(question, [[("按照市局通知要求，我县组织各乡镇开展核实工作。", 0.9),
                              ("公示时间为2025年5月12日至5月18日，共7天；", 0.86)]])
    assert answer is not None and answer.text == "2025年5月12日至5月18日"


def test_how_much_of_that_asks_the_first_parts_kind():
    passage = [("今年省级财政安排产业发展资金6.45亿元，其中新造林补助2.68亿元、低产林改造补助2.07亿元。", 0.9),
               ("新造林面积达到12.5万亩。", 0.85)]
    answer = _ask("How much did the province put into the industry, and how much of that is for new forests?",
                  [passage])
    assert answer is not None and answer.text.startswith("6.45亿元") and "2.68亿元" in answer.text


def test_a_bulletin_of_one_year_does_not_answer_for_the_year_before():
    summary = {"title": "某市2024年国民经济和社会发展统计公报", "date": "2025-03-20"}
    gdp = "全年地区生产总值6,386.2亿元，比上年增长5.8%。"
    assert year_mismatch({"2023"}, gdp, "", ("一、综合",), summary) == "2023"
    assert year_mismatch({"2024"}, gdp, "", ("一、综合",), summary) is None
    report = {"title": "某县人民政府工作报告", "date": "2024-01-16"}  # a report reviews the year before
    assert year_mismatch({"2023"}, "地区生产总值达到172.4亿元。", "", (), report) is None


def test_a_part_that_names_its_unit_is_answered_in_it():
    answer = _ask("How big is the county's tea garden area, and what was its tea output value?", [[
        ("全县茶园面积稳定在16.8万亩，其中投产茶园14.2万亩；", 0.8),
        ("全年茶叶产量1.38万吨、产值21.6亿元，分别增长6.9%和9.3%。", 0.9),
    ]])
    assert answer is not None and "16.8万亩" in answer.text and "21.6亿元" in answer.text


def test_a_document_of_one_programme_year_does_not_answer_for_the_year_before():
    passage = [("全市安排奖补资金1,494.8万元，共涉及41所幼儿园。", 0.9)]
    question = "How much did the city spend in total on kindergarten subsidies in 2024?"
    programme = {"title": "某市教育局关于2025年度奖补资金拟分配结果的公示", "date": "2025-09-12",
                 "issuer": "某市教育局"}
    assert _ask(question, [passage], programme) is None
    # A document that names no programme year may review the year before its date without naming it.
    undated = {"title": "某市教育局关于奖补资金拟分配结果的公示", "date": "2025-01-12", "issuer": "某市教育局"}
    answer = _ask(question, [passage], undated)
    assert answer is not None and answer.text == "1,494.8万元"


def test_a_question_naming_a_headings_topic_is_answered_by_the_sentence_under_it():
    answer = _ask("采取什么办法缩短停气时间？", [
        [("(二)缩短停气时间。", 0.948), ("推行带气接线等不停气作业，单次停气时间由8小时压缩到4小时以内；", 0.947)],
        [("需停业改造的，施工时间原则上不超过2天。", 0.962)],
    ])
    assert answer is not None and answer.text.startswith("推行带气接线")


def test_a_question_about_now_is_not_answered_by_a_plan():
    answer = _ask("How many homestays are there in the town now?", [
        [("2、推动民宿集群发展。年底前民宿数量达到360家。", 0.95)],
        [("全镇民宿由去年底的312家增加到338家，床位达到5,870张。", 0.9)],
    ])
    assert answer is not None and answer.text == "338家"
    # What has been built is asked like what there is now; the plan may open a long clause.
    answer = _ask("How many township-level gig-work stations have been set up?", [
        [("一是今年底前在全市新建镇(街)零工驿站12个,实现乡镇全覆盖;", 0.92)],
        [("目前,全市已建成市级零工市场1个、县级零工市场10个、镇(街)零工驿站63个。", 0.9)],
    ])
    assert answer is not None and answer.text == "63个"


def test_a_table_in_another_unit_does_not_answer():
    from rag.answer.table_answer import _unit_fits
    from rag.answer.table_lines import table_block, table_units
    from rag.text.figures import FigureKind

    text = "今年全省任务分解表（单位：万亩）\n市（州）\t去年面积\t今年任务\n吉林市\t392\t425\n"
    row = text.index("吉林市")
    assert table_units(text, table_block(text, row, row + 10)[0]) == ["万亩"]
    assert not _unit_fits(FigureKind.MONEY, ["万亩"]) and _unit_fits(FigureKind.COUNT, ["万亩"])
    assert _unit_fits(FigureKind.MONEY, ["万元"]) and not _unit_fits(FigureKind.COUNT, ["万元"])
    assert _unit_fits(FigureKind.MONEY, ["公里", "万元"]) and _unit_fits(FigureKind.COUNT, ["公里", "万元"])


def test_a_part_of_a_year_or_a_plan_is_no_figure_of_a_whole_past_year():
    from rag.answer.qualifiers import figure_year_mismatch

    sentence = "上半年全镇接待游客186.5万人次，同比增长14.8%；去年同期为162.5万人次。"
    question = "How many tourists did the town receive in the whole of 2024?"
    assert figure_year_mismatch(question, sentence, sentence.index("162.5"), 2025)
    assert not figure_year_mismatch("How many tourists did the town receive in the first half of 2025?", sentence,
                                    sentence.index("186.5"), 2025)
    plan = "力争全年接待游客突破380万人次。"
    assert figure_year_mismatch(question, plan, plan.index("380"), 2025)
    assert not figure_year_mismatch(question.replace("2024", "2025"), plan, plan.index("380"), 2025)
    secured = "去年投入资金5.86亿元，其中争取中央预算内投资1.42亿元。"
    assert not figure_year_mismatch("2024年改造投入中，中央预算内投资有多少？", secured, secured.index("1.42"), 2025)
    assert expected_unit("How many tourists did the town receive?") == "人次"


def test_a_half_year_asked_is_not_answered_by_the_whole_years_or_a_holidays_figure():
    from rag.answer.figure_years import part_of_year

    question = "喜洲镇2024年上半年接待游客多少万人次？"
    for sentence, right in (("全年全镇接待游客412.8万人次", False), ("其中，国庆假期接待游客37.5万人次", False),
                            ("上半年全镇接待游客186.5万人次", True), ("1—6月全镇接待游客186.5万人次", True),
                            ("全镇接待游客186.5万人次", True)):  # unmarked: a half-year summary's own figure
        assert part_of_year(question, sentence, sentence.index("万") - 5) is not right
    assert part_of_year("How many tourists in the first half of 2024?", "全年接待游客412.8万人次", 6)


def test_a_half_years_share_of_the_annual_target_is_the_half_years_figure():
    from rag.answer.figure_years import part_of_year
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    # 年度 names what the half year's figure is measured against when the question writes it too.
    sentence = "全市招商引资到位资金218.4亿元，同比增长12.3%，完成年度目标任务420亿元的52.0%。"
    question = "某市上半年招商引资到位资金完成年度目标任务的多少？"
    assert not part_of_year(question, sentence, sentence.index("52.0%"))
    # Unasked, 年度 still marks the figure as the whole year's.
    assert part_of_year("某市上半年招商引资到位资金完成目标的多少？", sentence, sentence.index("52.0%"))
    assert part_of_year(question, "全年到位资金380亿元", 6)  # the figure's own period is still read
    # The period of a change's old value (由去年同期的52.6%) is not the new value's.
    rate = "全市星级饭店平均客房出租率由去年同期的52.6%提高到61.3%。"
    assert not part_of_year("某市星级饭店今年前三季度平均客房出租率提高到了多少？", rate, rate.index("61.3%"))
    assert part_of_year("某市星级饭店今年前三季度平均客房出租率提高到了多少？", "全年出租率由52.6%提高到61.3%。", 14)
    # …nor that of a figure after the change (为消费者挽回经济损失1,286.47万元 in a half-year report).
    after = "投诉调解成功率由去年同期的62.4%提高到68.7%，为消费者挽回经济损失1,286.47万元。"
    assert not part_of_year("上半年为消费者挽回经济损失多少？", after, after.index("1,286.47"))
    assert part_of_year("上半年为消费者挽回经济损失多少？", "去年同期挽回损失1,102万元。", 6)
    # Asked for a whole year, 去年同期 before a change still marks the figures after it as a part year's.
    cases = "全县案件查处率由去年同期的88%提高到95%，查处违法案件126起。"
    assert part_of_year("2024年全县查处违法案件多少起？", cases, cases.index("126起"))
    # 完成…的多少, 占…的多少 ask a share; 占地多少亩 and 完成投资多少 do not.
    assert expected_kind(question) == expected_kind("到位资金占全年目标的多少？") == FigureKind.PERCENT
    assert expected_kind("项目占地的多少亩？") == FigureKind.COUNT
    assert expected_kind("今年完成投资多少？") == FigureKind.MONEY


def test_the_stated_base_of_a_comparison_is_that_years_figure():
    # 比去年的15起: the figure after 比 + year + 的 is the earlier year's, though the sentence speaks of 今年.
    summary = {"title": "某县应急管理局2024年工作总结", "date": "2024-12-20", "issuer": "某县应急管理局"}
    passage = [("今年全县共发生生产安全事故11起、死亡9人，比去年的15起、13人分别下降26.7%和30.8%。", 0.9)]
    answer = _ask("某县2023年发生生产安全事故多少起？", [passage], summary)
    assert answer is not None and answer.text == "15起"
    answer = _ask("某县2024年发生生产安全事故多少起？", [passage], summary)
    assert answer is not None and answer.text == "11起"


def test_a_parenthesised_last_year_is_a_comparison():
    summary = {"title": "某市某局2024年度部门决算", "issuer": "某市某局"}
    sentence = "公务接待费5.56万元，共接待国内来访团组48批次、312人次（上年52批次、346人次）。"
    assert year_mismatch({"2024"}, sentence, "", (), summary) is None
    assert year_mismatch({"2023"}, sentence, "", (), summary) == "2023"


def test_a_passage_whose_amounts_are_all_of_another_year_lets_a_lower_passage_answer():
    # The top passages hold only this year's planned investment; the fourth holds last year's (去年: 2024).
    summary = {"title": "关于市政协第0127号提案的答复", "date": "2025-06-30", "issuer": "某市城乡建设局"}
    passages = [[("去年全市改造老旧供热管网628公里，涉及居民18.6万户；", 0.95)],
                [("今年全市计划改造老旧供热管网720公里，计划总投资10.86亿元。", 0.9)],
                [("各区改造计划见下表。", 0.85)],
                [("完成投资9.46亿元，其中中央预算内投资2.36亿元。", 0.92)]]
    answer = _ask("How much did the city invest in renewing old heating pipes in 2024?", passages, summary)
    assert answer is not None and answer.text == "9.46亿元"


def test_a_passage_stating_only_a_sum_does_not_answer_a_price_per_square_metre():
    passage = [("今年全市计划改造老旧供热管网720公里，计划总投资10.86亿元。", 0.9)]
    assert _ask("What is the residential heating price per square metre this season?", [passage]) is None
    assert _ask("How much is the city investing in heating pipes this year?", [passage]) is not None


def test_by_what_time_asks_for_the_deadline_not_the_period():
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind

    question = "By what time must objections to the list be submitted?"
    assert expected_kind(question) == FigureKind.DATE
    answer = _ask(question, [[("公示期为2025年8月4日至8月8日（5个工作日）。", 0.85),
                              ("对公示名单有异议的，请于8月8日17:30前以书面形式向市农业农村局反映。", 0.9)]])
    assert answer is not None and answer.text == "8月8日17:30前"


def test_this_year_in_a_plan_section_is_the_year_its_heading_names():
    from rag.answer.document_years import plan_year
    from rag.answer.qualifiers import alignment

    assert plan_year(("四、2025年工作安排", "（三）保障措施")) == "2025"
    assert plan_year(("二、2024年主要工作",)) is None  # a review, not a plan
    sentence = "二是加大资金投入，今年市级安排大气污染防治资金3.60亿元，比上年增加0.20亿元。"
    at = sentence.index("3.60")
    question = "How much money went into tackling air pollution in 2024?"
    # The summary of 2024, dated January 2025: its plan section's 今年 is 2025, not the 2024 the question asks.
    assert alignment(question, sentence, at, at + 7, 2024, ("四、2025年工作安排",)) < \
        alignment(question, sentence, at, at + 7, 2024, ("二、主要工作",))


def test_a_chinese_name_an_english_question_writes_is_in_the_answers_sentence():
    from rag.answer.abstain import written_names

    question = "What is the new subsidy per square metre for improvement-class (完善类) renovation work?"
    assert written_names(question) == ["完善类"]
    assert written_names("How many households does Cuogao township (错高乡) have?") == []
    assert written_names("改造补助是多少（完善类）？") == []
    passage = [("提升类改造仍按每平方米60元给予补助。", 0.9),
               ("从今年起，基础类、完善类改造的补助标准分别由每平方米180元、120元提高到220元和150元。", 0.8)]
    assert _ask(question, [passage]).text == "150元"
    # The name is written only where no figure is given for it: no answer from another unit's figures.
    listed = [("本部门下属事业单位3个，分别为检验检测中心、知识产权服务中心和信息中心。", 0.9),
              ("特种设备安全监管项目全年预算632.80万元。", 0.8)]
    assert _ask("How much did the testing centre (检验检测中心) spend in 2024?", [listed]) is None
    # The fund a notice allocates is named by its title; its sentences say 资金 only.
    sources = [("今年下达资金合计8.20亿元，其中中央财政转移支付资金3.10亿元，省级财政资金5.10亿元。", 0.9)]
    question = "How much central money is in the fund (种业振兴专项资金)?"
    titled = {"title": "关于下达2025年种业振兴专项资金的通知", "date": "2025-03-01"}
    assert _ask(question, [sources], titled) is not None
    assert _ask(question, [sources], {**titled, "title": "关于下达2025年农机购置补贴资金的通知"}) is None


def test_a_sentence_without_a_number_does_not_answer_an_amount():
    passage = [("甲区和乙区属中心城区，其商业设施建设由区级财政另行安排，不纳入本次奖补范围。", 0.9)]
    assert _ask("甲区这次拿到多少奖补资金？", [passage]) is None
    assert _ask("How much award money is Jiaqu district getting this time?", [passage]) is None


def test_a_capped_figure_answers_a_question_about_the_cap_and_not_what_is_received():
    passage = [("对认定的一类、二类示范基地，奖补标准分别由每个60万元、30万元提高到80万元和40万元。", 0.80),
               ("但单个基地年度获得市级奖补资金累计不超过85万元。", 0.80)]
    answer = _ask("二类示范基地每个获得多少奖补资金？", [passage])
    assert answer is not None and answer.text == "40万元"
    answer = _ask("单个基地年度获得市级奖补资金最高是多少？", [passage])
    assert answer is not None and "85万元" in answer.text


def test_a_negated_label_answers_a_negating_question_and_only_that():
    from rag.answer.sides import negation_match

    passage = [("经运行监测，86家市级龙头企业中监测合格79家，监测不合格7家，已取消其资格。", 0.8)]
    for question, expected in (("How many of the enterprises failed the operation monitoring?", "7家"),
                               ("监测不合格的企业有多少家？", "7家")):
        answer = _ask(question, [passage])
        assert answer is not None and answer.text == expected, question
    assert negation_match("How much non-tax revenue?", "非税收入") == 0.5
    assert negation_match("How much revenue?", "非税收入") == -0.5
    assert negation_match("补偿标准是多少？", "补偿标准原则上不低于每亩每年") == 0.0  # a bound, not a negation
    assert negation_match("不动产登记费每件收多少钱？", "不动产登记费\t住宅类每件") == 0.0  # 不动产: real estate


def test_a_measure_word_asked_rules_out_money():
    # 多少部, 多少艘, how many boats: the measure word is asked; 部门 and 支出 name no measure.
    assert expected_unit("已累计完成既有住宅加装电梯多少部？") == "部"
    assert expected_unit("How many fishing boats were fitted with beacons?") == "艘"
    assert expected_unit("有多少部门参与？") is None and expected_unit("财政支出多少？") is None
    answer = _ask("已累计完成既有住宅加装电梯多少部？", [[
        ("区级财政安排加装电梯补助资金1,800万元，", 0.9), ("已累计完成加装电梯126部。", 0.8)]])
    assert answer is not None and answer.text.startswith("126部")
    # A two-part question names the measure for one part: the money of the other still answers.
    answer = _ask("安排了多少资金，支持了多少个村？", [[("安排资金2.36亿元，支持重点村96个。", 0.9)]])
    assert answer is not None and "2.36亿元" in answer.text and "96个" in answer.text


def test_a_count_or_money_question_reads_further_down_and_is_never_answered_by_a_sentence_without_such_a_figure():
    opening = [("根据《某省教育厅关于做好2025年培训工作的通知》要求，现就做好今年培训工作通知如下。", 0.9)]
    table = [("各县要在2025年11月30日前完成培训任务。", 0.85)]
    other = [("各县要加强组织领导，落实培训经费。", 0.84)]
    stated = [("今年全市计划培训幼儿园教师2.6万人次，其中国家级培训1,200人次。", 0.8)]
    answer = _ask("今年全市计划培训幼儿园教师多少人次？", [opening, table, other, stated])
    assert answer is not None and answer.text.startswith("2.6万人次")
    # A money question over passages that state counts only gets no answer (not the sentence of 3家).
    assert _ask("某县今年拟补贴资金多少？", [[("另有3家服务组织未通过审核，其中1家作业轨迹数据不全。", 0.9)]]) is None


def test_the_items_of_a_respectively_list_may_stand_two_clauses_before_it():
    sentence = ("鲜果初加工项目和精品庄园建设项目，按核定投资额的30%给予补助，"
                "今年起单个项目补助上限分别由80万元、50万元提高到100万元和60万元。")
    answer = _ask("精品庄园建设项目的补助上限是多少？", [[(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("60万元")


def test_a_list_flattened_to_ascii_pairs_its_class_labels_with_their_figures():
    from rag.text.figures import find_figures

    # A page copied to ASCII writes 、 as ", ": the classes are the list's items, and labels count nothing.
    sentence = ("全省月最低工资标准一类, 二类, 三类, 四类地区分别由2,100元, 1,900元, 1,750元, 1,600元提高到2,280元, "
                "2,060元, 1,900元和1,740元, 每月分别增加180元, 160元, 150元和140元.")
    assert [f.text for f in find_figures("一类、二类和三类地区")] == []
    assert [f.text for f in find_figures("项目分为三类，共六项")] == ["三类", "共六项"]
    assert [f.text for f in find_figures("指标分为三大类、二十七项")] == ["三大", "二十七项"]  # counts stay counts
    assert find_figures("补贴对象分为三类，一类是脱贫户")[0].text == "三类"
    answer = _ask("What is the province's new monthly minimum wage for category-three areas?", [[(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("1,900元")


def test_a_total_beats_the_figures_of_a_list_whose_items_the_question_does_not_name():
    passage = [("今年全镇共投资1,286万元，硬化村内道路14.6公里。", 0.9),
               ("东营村、南营村、二道河村、黄土梁村、石人沟村分别硬化3.2公里、2.8公里、3.6公里、2.4公里和2.6公里。",
                0.92)]
    answer = _ask("How many kilometres of village roads did the town pave this year?", [passage])
    assert answer is not None and answer.text == "14.6公里"
    answer = _ask("石人沟村硬化道路多少公里？", [passage])
    assert answer is not None and answer.text.startswith("2.6公里")
    # A question that writes what tells an item from the others (第三产业: 三 of 一产、二产、三产) names it.
    from rag.answer.respective import respective_match
    sentence = "一产、二产、三产增加值分别为10亿元、20亿元、30亿元。"
    assert respective_match(["第三产业", "增加值"], sentence, sentence.index("30亿元"), "第三产业增加值是多少？") == 0.0


def test_how_much_floor_space_asks_for_an_area_and_what_a_place_pays_asks_for_money():
    question = "How much old factory floor space did the zone renovate last year?"
    assert expected_kind(question) == "count"
    passages = [[("老旧厂房改造按每平方米补助150元。", 0.9)], [("去年改造老旧厂房28.4万平方米，引进项目23个。", 0.85)]]
    answer = _ask(question, passages)
    assert answer is not None and answer.text == "28.4万平方米"
    # "numbers" in the question names what is paid for, not what is asked.
    assert expected_kind("What does the banner pay herders per mu for keeping livestock numbers in balance?") == "money"
    assert expected_kind("What does the county pay attention to?") is None


def test_the_noun_before_the_verb_says_what_how_much_measures_however_far_from_how_much():
    question = "How much new civil air defence floor space did the province build?"
    assert (expected_kind(question), expected_unit(question)) == ("count", "亩")
    passages = [[("人防工程维护改造资金1.24亿元，新建人防工程面积286.4万平方米。", 0.9)]]
    answer = _ask(question, passages)
    assert answer is not None and answer.text == "286.4万平方米"


def test_a_name_written_in_brackets_is_met_by_the_same_name_in_quotation_marks():
    question = "What is the bureau's 2025 budget for official trips, receptions and vehicles (三公经费)?"
    summary = {"title": "某市民政局2025年部门预算说明", "date": "2025-02-14", "issuer": "某市民政局"}
    passage = [("本年“三公”经费预算28.36万元，比上年31.48万元减少3.12万元。", 0.9)]
    answer = _ask(question, [passage], summary)
    assert answer is not None and answer.text == "28.36万元"
    assert _ask(question, [[("本年会议费预算28.36万元。", 0.9)]], summary) is None


def test_a_two_part_answer_is_a_pair_of_the_year_asked():
    summary = {"title": "关于小型水库除险加固建议的答复", "date": "2025-06-10", "issuer": "某省水利厅"}
    passage = [("前年全省完成小型水库除险加固356座，投入资金7.64亿元；去年完成412座，完成投资9.86亿元。", 0.9)]
    answer = _ask("2024年全省投入多少资金除险加固小型水库，完成了多少座？", [passage], summary)
    assert answer is not None and answer.text == "412座，完成投资9.86亿元"


def test_a_figure_of_the_year_asked_is_looked_for_below_the_first_passages_when_they_state_another_years():
    """A notice of this year's money ranks its paragraphs on this year's plans first; the one on last year's results
    stands sixth. The first five state counts of this year only, so the year check abstains on them; the passages
    below, of the same document, that state a count of the year asked are read then."""
    summary = {"title": "某省民政厅关于下达2025年养老服务资金的通知", "date": "2025-03-01", "issuer": "某省民政厅"}
    this_year = [[("今年计划新建村级养老服务站120个，每个补助10万元。", 0.9)],
                 [("今年省级财政安排养老服务资金2.4亿元，支持街道综合养老服务中心36个。", 0.88)],
                 [("今年起对运营评估优秀的村级养老服务站每个奖补5万元，全年评估不少于200个。", 0.87)],
                 [("今年将新增家庭养老床位3,000张，改造特困供养机构15个。", 0.86)],
                 [("今年力争乡镇养老服务中心覆盖率达到80%。", 0.85)]]
    last_year = [("去年全省共建成村级养老服务站86个、街道综合养老服务中心24个，投入资金1.6亿元。", 0.84)]
    question = "2024年全省共建成村级养老服务站多少个？"
    assert _ask(question, this_year, summary) is None
    answer = _ask(question, [*this_year, last_year], summary)
    assert answer is not None and answer.text == "86个"


def test_the_scope_before_a_list_is_every_items_and_names_none_of_them():
    # 全省建成 stands before the first item but describes the whole list: the question names 卒中中心.
    centres = "全省建成胸痛中心218家、卒中中心196家、创伤中心84家，其中县级医院分别占132家、117家、41家。"
    answer = _ask("截至去年底全省建成了多少家卒中中心？", [[(centres, 0.9)]])
    assert answer is not None and answer.text == "196家"
    answer = _ask("截至去年底全省建成了多少家胸痛中心？", [[(centres, 0.9)]])
    assert answer is not None and answer.text == "218家"


def test_an_addressee_that_is_an_office_names_no_person_a_question_writes():
    from rag.search.names import named_people

    heads = {"a": {"addressee": "各县(市、区)住房和城乡建设局,市各有关单位", "contact": "王某某 0394-8269753"},
             "b": {"addressee": "各设区市住房城乡建设局(建设局)", "contact": "孟某 0311-87806523"},
             "c": {"addressee": "韩某梅委员", "signer": "郑某博"}}
    reader = SimpleNamespace(summaries=lambda ids: {i: heads[i] for i in ids})
    assert named_people(reader, "某市住房和城乡建设局对第72号提案的答复由谁签发？", ["a", "b", "c"]) == []
    assert named_people(reader, "给韩某梅委员的答复由谁签发？", ["a", "b", "c"]) == ["c"]
    assert named_people(reader, "联系人王某某的电话是多少？", ["a", "b", "c"]) == ["a"]


def test_a_count_in_another_measure_word_does_not_answer_how_many_tonnes():
    # A bare number lets the passages pass as counting something; the figure chosen counts 家, not 吨.
    passage = [("按蜂群数量奖补，合计77.40。", 0.8), ("东安镇含中蜂养殖专业合作社1家，奖补9.60万元。", 0.9)]
    assert _ask("蜂蜜产量是多少吨？", [passage]) is None
    from rag.answer.passage_checks import counts_otherwise

    # 人次 counts 次 (clicks), 12,600批次 counts 批次; 名 is of 人's class; a bare number names no measure.
    assert counts_otherwise("吨", "1家")
    assert not any(counts_otherwise(asked, figure) for asked, figure in
                   [("次", "超过500万人次"), ("批次", "12,600批次"), ("人", "2,364名"), ("吨", "77.40")])


def test_a_date_its_label_calls_the_deadline_or_that_a_rule_takes_effect_from_answers_as_such():
    """申请截止日期为11月30日 is the last day, not the 12月1日 after it; a catalogue applies from the day 自…起执行
    names, not from the day an older one was published."""
    from rag.answer.dates import asks_effect, date_role

    text = "购机后提交申请，申请截止日期为2025年11月30日；12月1日以后购置的机具，纳入下一年度申请。"
    due, after = text.index("2025年11月30日"), text.index("12月1日")
    question = "What's the last day to apply for the subsidy this year?"
    assert date_role(question, text, due, due + 11) == 0.5 and date_role(question, text, after, after + 5) < 0
    bid = "投标文件递交的截止时间（投标截止时间，下同）为2025年8月4日9时30分。"
    assert date_role("What is the bid deadline?", bid, bid.index("2025"), bid.index("2025") + 9) == 0.5
    rule = "本目录清单自2025年4月1日起执行, 2024年3月公布的<某市收费目录清单>同时废止."
    new, old = rule.index("2025年4月1日"), rule.index("2024年3月")
    effect = "From what date does the new fee catalogue apply?"
    assert asks_effect(effect) and asks_effect("本办法什么时候起施行？")
    assert not asks_effect("What is the deadline for the catalogue to take effect?")
    assert date_role(effect, rule, new, new + 9) == 0.5 and date_role(effect, rule, old, old + 7) == 0
    rate = "自2025年5月8日起，贷款利率调整为2.10%；《通知》自2025年7月1日起施行。"
    change, force = rate.index("2025年5月8日"), rate.index("2025年7月1日")
    when = "When do the new loan rules take effect?"
    assert date_role(when, rate, force, force + 9) > date_role(when, rate, change, change + 9) > 0


def test_a_deadline_may_be_written_before_its_date():
    from rag.answer.dates import date_role

    text = "购房合同网签备案时间在2025年3月1日至2025年12月31日期间的，应在6个月内申请，最迟不超过2026年3月31日。"
    end, due = text.index("2025年12月31日"), text.index("2026年3月31日")
    question = "购房补贴最迟要在什么时候之前申请？"
    assert date_role(question, text, due, due + 10) > date_role(question, text, end, end + 11)
    assert date_role(question, "不迟于6月30日报送。", 3, 8) == 0.5
    # Asked for the latest or last day, 最迟不超过 names it as a range's end does; a day before which another step
    # is due (9月30日前) does not.
    latest = "What's the latest date to apply for the home purchase subsidy?"
    assert date_role(latest, text, due, due + 10) == 0.5
    rounds = "申报时间为5月6日至5月30日，9月30日前拨付。"
    end, other = rounds.index("5月30日"), rounds.index("9月30日")
    assert date_role("What's the last day to apply?", rounds, end, end + 5) == 0.5
    assert date_role("What's the last day to apply?", rounds, other, other + 5) < 0.5
    # The latest time to file asks for a deadline (3月21日17:30前), not for the whole notice period.
    objection = "可于3月21日17:30前以书面方式反映。"
    assert date_role("What's the latest time to file an objection?", objection, 2, 7) == 0.5


def test_the_whole_county_of_a_countys_report_is_that_county_not_one_an_earlier_sentence_names():
    from rag.answer.scope import scope_elsewhere

    sentence = "全县接待游客726.4万人次，增长16.8%。"
    at = sentence.index("726.4")
    report = {"title": "政府工作报告", "issuer": "从江县人民政府"}
    assert scope_elsewhere("How many tourists did Rongjiang County receive in 2024?", sentence, at, report) == "从江县"
    assert scope_elsewhere("How many tourists did Congjiang County receive in 2024?", sentence, at, report) is None

    # A province named in the header as written (贵州省…厅: 贵州) is not another's.
    guizhou = {"title": "贵州省文化和旅游厅对提案的答复", "issuer": "贵州省文化和旅游厅"}
    assert scope_elsewhere("How many rural tourists did Guizhou receive in 2023?", "全省接待游客3.1亿人次。", 6,
                           guizhou) is None
    # A figure whose sentence names no place is the report's county's when the question asks about another county;
    # not when it asks about a place of another level (a town of the county), nor when the sentence names a place.
    assert scope_elsewhere("How many tourists did Rongjiang County receive?", "接待游客726.4万人次。", 4,
                           report) == "从江县"
    assert scope_elsewhere("榕江县接待游客多少万人次？", "接待游客726.4万人次。", 4, report) == "从江县"
    assert scope_elsewhere("How many tourists did Rongjiang town receive?", "接待游客726.4万人次。", 4,
                           report) is None
    assert scope_elsewhere("How many tourists did Rongjiang County receive?", "榕江县接待游客726.4万人次。", 7,
                           report) is None
    assert scope_elsewhere("How many tourists did Rongjiang receive?", "接待游客726.4万人次。", 4, report) is None
    # 我县 in the figure's clause is the report's county, whatever county an earlier clause names.
    paired = "我县与榕江县结对互查，我县综合得分92.6分。"
    assert scope_elsewhere("What score did Rongjiang County get?", paired, paired.index("92.6"), report) == "从江县"


def test_how_many_of_a_thing_is_a_count_of_it_not_its_length():
    question = "How many fitness trails did the province build?"
    passages = [[("新建健身步道482公里，新建改造健身路径1,286个。", 0.9)]]
    answer = _ask(question, passages)
    assert answer is not None and answer.text == "1,286个"
    # Unless the words after "how many" name the measure.
    answer = _ask("How many kilometres of fitness trails did the province build?", passages)
    assert answer is not None and answer.text == "482公里"


def test_what_was_produced_is_a_quantity_not_the_area_it_grew_on():
    question = "How much camellia oil did the province produce last year?"
    passages = [[("去年全省新造高产油茶林53.8万亩，茶油产量29.7万吨。", 0.9)]]
    answer = _ask(question, passages)
    assert answer is not None and answer.text == "29.7万吨"


def test_an_amount_that_begins_like_a_year_is_no_year():
    summary = {"title": "某市水利局2024年度部门决算公开说明", "date": "2025-08-26"}
    rows = "水利工程运行与维护　　2050.00　　1968.20　　96.0"
    assert year_mismatch({"2024"}, "防汛\t决算明细表（单位：万元）", rows, (), summary) is None
    assert year_mismatch({"2024"}, "拨款2019万元，完成率2015%。", "", (), summary) is None
    assert year_mismatch({"2024"}, "2023年完成投资1.2亿元。", "", (), summary) == "2024"


def test_a_relative_year_the_question_names_is_checked_like_a_written_one():
    from rag.answer.qualifiers import figure_year_mismatch

    sentence = "去年全县接待游客1,826.4万人次。今年力争接待游客突破2,000万人次。"
    for question in ("去年全县接待游客多少？", "How many visitors did the county receive last year?"):
        assert figure_year_mismatch(question, sentence, sentence.index("2,000"), 2025)
        assert not figure_year_mismatch(question, sentence, sentence.index("1,826.4"), 2025)
    assert not figure_year_mismatch("全县接待游客多少？", sentence, sentence.index("2,000"), 2025)
    # A year that names the document it cites is not the year asked.
    cited = "How many visitors did the county receive last year, according to its 2025 tourism plan?"
    assert figure_year_mismatch(cited, sentence, sentence.index("2,000"), 2025)


def test_a_two_part_answer_takes_its_second_figure_from_another_passage_of_the_document_and_cites_each():
    """The funds stand in the paragraph on money, the households in the one on who was reached, five passages down:
    both are the answer, each part cited to its own passage and characters."""
    summary = {"title": "某县农业农村局关于2024年花椒提质增效补贴发放情况的报告", "date": "2025-01-20",
               "issuer": "某县农业农村局"}
    funds = [("2024年全县共发放花椒提质增效补贴资金486万元，全部通过“一卡通”直达农户。", 0.9)]
    others = [[("花椒收购价格比上年上涨12%。", 0.5)], [("全县新建花椒烘干房6座。", 0.45)],
              [("全县举办花椒技术培训班22期。", 0.4)], [("花椒品牌宣传活动在重庆举办。", 0.3)]]
    reached = [("补贴覆盖种植户2,360户，户均增收2,060元。", 0.35)]
    question = "2024年全县发放了多少花椒提质增效补贴资金，覆盖多少户种植户？"
    answer = _ask(question, [funds, *others, reached], summary)
    assert answer is not None and answer.text == "486万元；2,360户"
    money, households = answer.parts
    assert (money.text, money.passage_id, households.text, households.passage_id) == \
        ("486万元", "d:0", "2,360户", "d:5")
    assert {c.passage_id for c in answer.citations} == {"d:0", "d:5"}
    # Both passages are listed first, in the order of the parts; over HTTP each part carries its own citation.
    hits = [Hit(Chunk(f"d:{i}", "d", "d.txt", (), 0, 1, ""), 1.0 - 0.1 * i) for i in range(7)]
    assert [h.chunk.id for h in evidence_first(hits, answer, None)][:3] == ["d:0", "d:5", "d:1"]
    out = answer_out(answer)
    assert [(p.text, p.citation.passage_id) for p in out.parts] == [("486万元", "d:0"), ("2,360户", "d:5")]
    # Without the passage on who was reached, the money alone answers (no pair, no parts).
    alone = _ask(question, [funds, *others], summary)
    assert alone is not None and alone.text == "486万元" and alone.parts == ()


def test_a_two_part_answer_in_one_sentence_spans_both_figures_and_names_each():
    passage = [("去年完成小型水库除险加固412座，完成投资9.86亿元。", 0.9)]
    answer = _ask("去年完成了多少座小型水库除险加固，投入多少资金？", [passage])
    assert answer is not None and answer.text == "412座，完成投资9.86亿元"
    assert [(p.text, p.passage_id) for p in answer.parts] == [("412座", "d:0"), ("9.86亿元", "d:0")]
    text = "".join(s for s, _ in passage)
    assert [text[p.char_start : p.char_end] for p in answer.parts] == ["412座", "9.86亿元"]


def test_two_header_fields_are_asked_only_by_two_joined_asks():
    from rag.answer.header import header_questions

    assert header_questions("Who signed the bureau's reply, and what is its document number?") == \
        ["signer", "doc_number"]
    # "reply … signed" reads as a date question too; the two asks joined by "and" are the 文号 and the signer.
    assert header_questions("What is the document number of the bureau's reply to proposal No. 0347 on tea, and who "
                            "signed it?") == ["doc_number", "signer"]
    assert header_questions("答复的文号是什么，由谁签发？") == ["doc_number", "signer"]
    assert header_questions("第2024W298号委员提案的答复文号是什么？") == ["doc_number"]
    assert header_questions("全年支持多少个项目？") == []


def test_two_items_asked_respectively_are_answered_from_their_two_clauses():
    passage = [("按常住地分，城镇居民人均可支配收入43,286元，增长4.6%；", 0.9),
               ("农村居民人均可支配收入19,864元，增长6.8%。", 0.88)]
    answer = _ask("2024年城镇居民和农村居民人均可支配收入分别是多少？", [passage])
    assert answer is not None and "43,286元" in answer.text and "19,864元" in answer.text
    assert [p.text for p in answer.parts] == ["43,286元", "19,864元"]


def test_interns_and_other_people_are_counted_in_persons_but_not_a_possessive_before_what_is_counted():
    assert expected_unit("How many internship units and how many interns are covered?") == "人"
    assert expected_unit("How many women entrepreneurs got loans?") == "人"
    assert expected_unit("How many veterans' businesses did the scheme support?") != "人"


def test_when_is_not_answered_by_the_bare_year_the_question_writes():
    passage = [("为做好2026年度城乡居民医保参保缴费工作，现解答如下。", 0.9),
               ("集中缴费期为2025年9月1日至12月31日。", 0.85)]
    answer = _ask("2026年度居民医保参保缴费，集中缴费期是什么时候？", [passage])
    assert answer is not None and answer.text == "2025年9月1日至12月31日"


def test_a_two_part_answer_is_a_pair_of_the_batch_asked():
    passage = [("今年第一批见习补贴已于5月拨付，涉及见习单位14家、见习人员96人。", 0.9),
               ("第二批拟拨付见习补贴的见习单位8家、见习人员57人。", 0.85)]
    summary = {"title": "某市2025年第二批就业见习补贴拟拨付情况的公示", "date": "2025-08-01", "issuer": "某市人社局"}
    answer = _ask("How many internship units and how many interns are covered by the second batch of subsidies?",
                  [passage], summary)
    assert answer is not None and answer.text == "8家、见习人员57人"


def test_a_table_row_of_a_lot_not_awarded_states_no_amount():
    from rag.answer.passage_checks import states_amount
    from rag.text.figures import FigureKind

    assert not states_amount("包3\t学校视频监控及一键报警系统\t—\t—\t废标\t—", FigureKind.MONEY)
    assert states_amount("包2\t农村学校供暖管网改造\t某某暖通工程有限公司\t428.90\t88.72", FigureKind.MONEY)


def test_the_last_day_to_apply_asks_a_date():
    assert expected_kind("What is the last day for farmers to apply for the rewards?") == "date"
    assert expected_kind("What is the closing date for applications?") == "date"


def test_a_measure_asked_for_two_years_gets_each_years_figure():
    summary = {"title": "某镇2024年农村改厕工作总结", "date": "2025-01-10", "issuer": "某镇人民政府"}
    passage = [("截至年底，全镇卫生厕所普及率由去年底的68.4%提高到76.9%。", 0.9),
               ("明年全镇卫生厕所普及率力争达到83%以上，问题厕所整改率达到100%。", 0.85)]
    answer = _ask("What were the town's sanitary toilet coverage rates at the end of 2023 and at the end of 2024?",
                  [passage], summary)
    assert answer is not None and [p.text for p in answer.parts] == ["68.4%", "76.9%"]


def test_a_change_between_a_parts_amount_and_its_rate_names_no_part():
    from rag.answer.asked_parts import names_part, unasked_whole
    from rag.answer.labels import pairs
    from rag.text.figures import find_figures

    sentence = ("全市地区生产总值612.8亿元，比上年增长5.3%。其中，第一产业增加值68.4亿元，增长4.6%；"
                "第二产业增加值186.2亿元，增长6.2%。")
    growth = next(f for f in find_figures(sentence) if f.text == "5.3%")
    asked = pairs("生产总值 增长")
    assert not names_part("，增长", asked)
    assert names_part("其中运营补贴", pairs("运营补贴多少"))
    assert not unasked_whole(asked, sentence, growth)


def test_a_number_measured_in_a_unit_the_reader_does_not_know_counts_nothing_so_further_passages_are_read():
    # 3.6米/公顷 is no count of fires: the first passages hold none, and the fourth states 14起.
    passages = [[("全省建成林火视频监控前端1,286个、防火瞭望塔412座。", 0.9)],
                [("今年全省安排森林草原防火资金6.38亿元。", 0.85)],
                [("林火阻隔网密度由3.1米/公顷提高到3.6米/公顷。", 0.8)],
                [("去年全省共发生森林火灾14起，受害森林面积46.8公顷。", 0.7)]]
    answer = _ask("2023年全省发生了多少起森林火灾？", passages)
    assert answer is not None and answer.text == "14起"


def test_a_region_a_question_names_in_a_respective_list_is_not_what_the_sentences_total_is_about():
    passage = [("截至去年底，全省农村生态河道累计达到1.48万条，占农村河道总数的比例由上年的47.8%提高到52.4%，"
                "其中苏南地区达到68.3%，苏中、苏北地区分别为53.6%和41.5%，区域之间仍不平衡。", 0.9)]
    answer = _ask("苏北地区农村生态河道占比达到多少？", [passage],
                  {"title": "江苏省水利厅关于省人大代表建议的答复", "date": "2025-06-10"})
    assert answer is not None and answer.text == "41.5%"


def test_a_target_asked_is_the_figure_under_a_plan_heading_though_its_words_mark_none():
    passages = [[("一是产业链条短，绿橙商品化处理率仅为46%；", 0.88)], [("绿橙商品化处理率提高到60%；", 0.86)]]
    sections = [("三、存在的问题",), ("四、2025年工作计划", "（二）重点工作")]
    summary = {"title": "某镇2024年工作总结和2025年工作计划", "date": "2024-12-20", "issuer": "某镇人民政府"}
    answer = _ask("What processing rate for green oranges is the town aiming for?", passages, summary, sections)
    assert answer is not None and answer.text == "60%"
    # A question that names the target to set it aside asks what was done.
    answer = _ask("What processing rate did the town actually reach, as opposed to its target?", passages, summary,
                  sections)
    assert answer is not None and answer.text == "46%"


def test_a_town_the_segmenter_cuts_into_characters_is_named_with_its_level():
    from rag.answer.context import named_places

    assert named_places("湾岭镇农村常住居民人均可支配收入是多少？") == [("湾岭镇", ("湾岭镇",))]


def test_the_amount_of_a_change_answers_by_how_much_it_changed():
    answer = _ask("2025年机关运行经费比上年压减了多少钱？", [[
        ("2025年本单位机关运行经费预算412.35万元，比上年428.60万元减少16.25万元，下降3.8%。", 0.9)]])
    assert answer is not None and answer.text == "16.25万元"
    answer = _ask("2025年机关运行经费预算是多少？", [[
        ("2025年本单位机关运行经费预算412.35万元，比上年428.60万元减少16.25万元，下降3.8%。", 0.9)]])
    assert answer is not None and answer.text == "412.35万元"


def test_a_deadline_to_finish_answers_when_the_work_must_be_done_not_the_one_to_start():
    from rag.answer.dates import date_role, states_date_role

    text = "③ 组织施工阶段（5月15日前全部开工）：2025年9月30日前完成外墙保温和供热管网改造。"
    question = "By what date must the wall insulation work be done?"
    begun, done = (text.index(d) for d in ("5月15日", "2025年9月30日"))
    assert date_role(question, text, done, done + 10) > date_role(question, text, begun, begun + 5)
    assert date_role("By what date must work start?", text, begun, begun + 5) > 0
    # When does the 公示 end: the end of an inspection's dates in the sentence before it is not that end.
    inspected = "于2025年10月20日至10月31日对各村项目进行了验收。现将验收结果公示如下："
    assert not states_date_role("验收结果公示到哪天截止？", inspected)
    assert states_date_role("验收结果公示到哪天截止？", "公示时间：2025年11月10日至2025年11月16日。")


def test_a_rules_base_period_is_not_the_year_of_its_rate():
    from rag.answer.figure_years import figure_years

    rule = "（二）从本年度起，对高新技术企业上年度研发投入增量部分的补助比例由10%提高到12%；"
    assert figure_years(rule, rule.index("10%"), 2025) == {"2025"}
    stated = "上年度全市地区生产总值5,000亿元。"
    assert figure_years(stated, stated.index("5,000"), 2025) == {"2024"}
    answer = _ask("从今年起对高新技术企业研发投入增量部分按多少比例补助？", [[(rule, 0.9)]],
                  {"title": "某新区关于下达研发投入后补助资金的通知", "date": "2025-09-26", "issuer": "某新区管委会"})
    assert answer is not None and answer.text == "12%"


def test_in_a_row_of_label_value_cells_each_value_is_labelled_by_the_cell_before_it():
    from rag.answer.labels import label, named_by_label, pairs
    from rag.text.figures import find_figures

    row = "法定办结时限\t20个工作日\t承诺办结时限\t8个工作日"
    figures = find_figures(row)
    assert [label(row, f).strip() for f in figures] == ["法定办结时限", "承诺办结时限"]
    assert named_by_label(pairs("承诺办结时限是多久？"), row, figures).text == "8个工作日"
    cells = "| 法定办结时限 | 20个工作日 | 承诺办结时限 | 8个工作日 |"
    assert [label(cells, f).strip() for f in find_figures(cells)] == ["法定办结时限", "承诺办结时限"]


def test_a_figure_after_another_band_is_not_the_asked_bands():
    from rag.answer.bands import band_match

    # 90到99岁 is held by no band of 70—79周岁 or 100周岁及以上: their figures count other people.
    sentence = ("自今年7月1日起，我县高龄老人津贴标准调整为：70—79周岁老人每人每月50元，标准不变；"
                "80—89周岁、90—99周岁老人分别由每人每月100元、200元提高到120元和260元；100周岁及以上老人每人每月500元，标准不变。")
    question = "某县现在90到99岁老人每月的高龄津贴是多少钱？"
    assert [band_match(question, sentence, sentence.index(f)) for f in ("50元", "260元", "500元")] == [-1, 0, -1]
    assert band_match("某县95岁老人每月领多少？", "100周岁及以上老人每人每月500元；90—99周岁老人每人每月260元", 32) == 1
    assert band_match("某县老人每月领多少？", sentence, sentence.index("50元")) == 0  # no value stated: no band asked
    priced = "发票价格5,000元至1万元的每台补贴800元"  # the comma of 5,000 opens no clause: the band starts at 5,000
    assert band_match("价格8,000元的设备补贴多少？", priced, priced.index("800")) == 1
    assert band_match("价格3,000元的设备补贴多少？", priced, priced.index("800")) == -1
    summary = {"title": "某县民政局关于调整高龄津贴标准的通知", "date": "2025-07-01", "issuer": "某县民政局"}
    # The other bands' passage ranks first (as in the notice that moved this rule: its opening clause).
    first = ("自今年7月1日起，我县高龄老人津贴标准调整为：70—79周岁老人每人每月50元，标准不变；"
             "100周岁及以上老人每人每月500元。")
    second = "80—89周岁、90—99周岁老人分别由每人每月100元、200元提高到120元和260元。"
    answer = _ask(question, [[(first, 0.9)], [(second, 0.865)]], summary)
    assert answer is not None and answer.text == "260元"


def _answer_text(result) -> str | None:
    return None if result is None else result.text


def test_a_second_part_after_a_total_is_one_of_the_parts_listed_after_it():
    """总投资多少？区级财政配套多少？: the total asked first makes the second ask one of its parts, which the
    sentence right after the total's lists under 其中 (another passage of the same document)."""
    found = _ask("今年老旧小区改造估算总投资多少？区级财政配套多少？",
                 [[("今年全区计划实施改造项目14个，涉及居民4,326户，估算总投资1.72亿元。", 0.9)],
                  [("其中，申请中央补助资金8,600万元，省级补助资金1,200万元，区级财政配套5,400万元。", 0.85)]])
    assert [p.text for p in found.parts] == ["1.72亿元", "5,400万元"]


def test_what_share_of_the_target_asks_for_the_share_not_the_target():
    found = _ask("How much fixed-asset investment did the town complete in the first half of the year, and what "
                 "share of the annual target was that?",
                 [[("上半年，全镇完成固定资产投资3.86亿元，占年度目标7.2亿元的53.6%，同比增长9.4%。", 0.9)]])
    assert [p.text for p in found.parts] == ["3.86亿元", "53.6%"]


def test_the_tier_a_question_names_is_the_figures_own():
    sentence = ("对家庭经济困难学生发放国家助学金，平均资助标准为每生每年2,000元，具体分为三档：一档每生每年2,600元，"
                "二档每生每年2,000元，三档每生每年1,400元。")
    found = _ask("国家助学金一档每年多少钱？", [[(sentence, 0.9)]])
    assert found.text == "2,600元"


def test_which_company_is_answered_by_the_sentence_that_names_one():
    found = _ask("消费券活动的运营服务商是哪家公司？",
                 [[("消费券仅限在本市已报名并经审核公布的商户使用，单笔消费限用1张，不得兑换现金。", 0.95)],
                  [("活动运营服务商通过公开比选确定为某某数字科技有限公司，服务费不超过资金额度的1.5%。", 0.86)]])
    assert "某某数字科技有限公司" in found.text


def test_a_period_the_question_names_is_no_other_part_of_the_year():
    """春茶采摘期间 is the spring tea's period, which 今年春茶产值 asks about: no half-year figure of another period."""
    found = _ask("泼陂河镇今年春茶产值是多少？",
                 [[("春茶采摘期间，全镇生产干茶186吨，实现产值1.12亿元，同比增长7.7%。", 0.9)]],
                 summary={"title": "泼陂河镇2025年上半年工作总结", "date": "2025-07-04", "issuer": "泼陂河镇人民政府"})
    assert _answer_text(found) == "1.12亿元"
    whole = _ask("今年全年接待游客多少人次？", [[("国庆假期期间，全镇接待游客37.5万人次。", 0.9)]],
                 summary={"title": "某镇2025年工作总结", "date": "2025-12-20", "issuer": "某镇人民政府"})
    assert _answer_text(whole) is None  # a holiday's figure is still no whole year's
    from rag.answer.figure_years import part_of_year

    holiday = "今年春节假期全县接待游客12.5万人次。"  # 今年 and 全县 name no period: the question shares them
    assert part_of_year("今年全县接待游客多少人次？", holiday, holiday.index("12.5"))


def test_fines_matching_funds_and_merchants_are_asked_as_money_and_counted_in_jia():
    from rag.text.asked import expected_kind as kind
    from rag.text.figures import FigureKind

    for question in ("这次安全生产大检查共罚款多少？", "How much in fines were imposed?", "区级财政配套多少？"):
        assert kind(question) == FigureKind.MONEY, question
    assert expected_unit("How many merchants are taking part in the voucher campaign?") == "家"


def test_the_kind_of_organisation_a_question_asks_for():
    from rag.answer.sentence_fit import organisation_asked

    assert organisation_asked("Which pharmacy was ordered to correct problems?") == "药房|药店"
    assert organisation_asked("运营服务商是哪家公司？") == "公司|集团"
    assert organisation_asked("Which town had the most visitors?") is None
    from rag.answer.sentence_fit import fit

    unit = organisation_asked("由哪个单位负责？")
    assert fit("由哪个单位负责？", "由市商务局负责资金结算。", 0.1, 0.1) == 0.1
    assert fit("由哪个单位负责？", "按照管理办法执行，全部场所纳入监管。", 0.1, 0.1) == 0.0
    assert "所" not in unit.split("|")


def test_a_two_part_answer_is_the_best_pair_that_meets_the_questions_conditions():
    # the pair of the first passage is about an industry's added value, not the GDP asked: the GDP's pair answers
    industry = [("分产业看，第一产业增加值9.82亿元，增长3.2%。", 0.85)]
    gdp = [("一季度全市实现地区生产总值1,198.36亿元，同比增长6.1%。", 0.80)]
    answer = _ask("What was the city's GDP in the first quarter, and how fast did it grow?", [industry, gdp])
    assert answer is not None and [p.text for p in answer.parts] == ["1,198.36亿元", "6.1%"]


def test_a_figure_whose_clause_names_a_sibling_place_is_that_places():
    from rag.answer.scope import clause_place_elsewhere

    sentence = "其中，长春市和吉林市分别接待冰雪游客3,260万人次和2,480万人次，吉林市实现冰雪旅游收入412.6亿元；"
    at = sentence.index("412.6")
    # 吉林 holds 延边 as a province, but 吉林市 is a city of 延边州's level.
    assert clause_place_elsewhere("延边州上一雪季实现冰雪旅游收入多少？", sentence, at) == "吉林市"
    assert clause_place_elsewhere("吉林市上一雪季实现冰雪旅游收入多少？", sentence, at) is None
    # A list's item: 常熟市级配套 is another item than 镇级自筹; a place inside the one asked may answer for it.
    items = "总投资2,486万元，其中上级补助1,620万元、常熟市级配套598万元、镇级自筹268万元。"
    assert clause_place_elsewhere("古里镇新建高标准农田镇级自筹资金是多少？", items, items.index("268")) is None
    cities = "第二批试点中，温州市获得中央财政奖补资金1.2亿元。"
    assert clause_place_elsewhere("浙江入选试点的城市拿到多少中央奖补资金？", cities, cities.index("1.2")) is None
    # Words that jieba tags as places but name none (城镇, 开发区) are not another place.
    jobs = "新增城镇就业8,920人。"
    assert clause_place_elsewhere("兰考县新增城镇就业多少人？", jobs, jobs.index("8,920")) is None
    # A county-level city lies in its prefecture: 延边州's money for 延吉市 may answer for it.
    # 各县区 is a word of scope, no place.
    deadline = "各县区须在11月30日前完成全部培训任务。"
    assert clause_place_elsewhere("滁州市各县区须在什么时间前完成培训任务？", deadline, deadline.index("11月")) is None
    grant = "为支持延吉市城市更新，延边州下达中央资金1.2亿元。"
    assert clause_place_elsewhere("延吉市获得的中央资金是多少？", grant, grant.index("1.2")) is None


def test_a_staffing_ratio_does_not_answer_how_many_there_are():
    answer = _ask("How many dormitory life teachers will the boarding schools have once the autumn term starts?", [[
        ("按照每80名寄宿生配备1名生活教师的标准测算，", 0.86),
        ("今年秋季学期开学前将全区生活教师由52名增加到80名。", 0.85)]])
    assert answer is not None and answer.text == "80名"


def test_how_many_of_a_whole_did_something_is_a_part_of_its_partition():
    from rag.answer.totals import partition_whole
    from rag.text.figures import find_figures

    sentence = "与上月相比，38个监测品种中价格上涨的14个、持平的9个、下降的15个；"
    whole, part = find_figures(sentence)[:2]
    question = "How many of the items monitored in October rose in price compared with the previous month?"
    assert partition_whole(question, sentence, whole) and not partition_whole(question, sentence, part)
    assert not partition_whole("How many items were monitored in October?", sentence, whole)
    answer = _ask(question, [[(sentence, 0.9)]])
    assert answer is not None and answer.text == "14个"


def test_percentage_points_answer_no_count_question_that_does_not_ask_them():
    """常住人口是多少: 84.36万人, not the 0.86个百分点 its urbanisation rate rose by; a question that names points asks
    for them (such a question expects a rate and is answered from rates)."""
    from rag.text.asked_measures import unasked_measures

    assert "个百分点" in unasked_measures("平江县2024年末常住人口是多少？")
    assert "个百分点" in unasked_measures("How many fitness trails does the city have?")
    assert "个百分点" not in unasked_measures("城镇化率比上年末提高了多少个百分点？")
    assert "个百分点" not in unasked_measures("By how many percentage points did the rate rise?")
    assert "个百分点" not in unasked_measures("城镇化水平提升了多少？")  # a change asked: its points answer
    assert "个百分点" not in unasked_measures("How much did forest coverage rise?")


def test_concentrations_and_noise_levels_are_figures_and_how_much_skips_a_groups_name():
    """PM2.5平均浓度由38微克/立方米下降到34微克/立方米 states two figures, each one measure (no volume); "how much
    output" is not answered by the 四大 of 四大主导产业, "how much time" still by 五个工作日."""
    from rag.text.figures import FigureKind, find_figures, measure_words

    found = [f for f in find_figures("PM2.5平均浓度由38微克/立方米下降到34微克/立方米，化学需氧量15毫克/升，"
                                     "昼间噪声52.3分贝。")]
    assert {"38微克/立方米", "34微克/立方米", "15毫克/升", "52.3分贝"} <= {f.text for f in found}
    assert measure_words(next(f for f in found if f.text == "34微克/立方米")) == ("微克/立方米",)
    assert measure_words(next(f for f in find_figures("购置设备12台/套") if f.kind == FigureKind.COUNT)) == ("台", "套")
    answer = _ask("How much output did the snack food industry produce?", [[
        ("休闲食品、新材料四大主导产业实现规模工业总产值421.9亿元，其中休闲食品产业186.4亿元。", 0.9)]])
    assert answer is not None and answer.text != "四大"
    answer = _ask("How much time is there to raise an objection?", [
        [("对公示内容有异议的，请于公示之日起五个工作日内向区人才工作局反映。", 0.9)],
        [("本批拟发放补贴12.5万元。", 0.8)]])
    assert answer is not None and answer.text.startswith("五个")


def test_a_question_that_names_no_year_or_target_is_not_answered_by_a_later_years_target():
    """How large is the area planted: 目前…28.6万亩, not 力争到2027年…稳定在30万亩以上 (in a reply of 2025)."""
    from types import SimpleNamespace

    from rag.answer.figure_choice import _FUTURE_ASKED, _future
    from rag.text.figures import find_figures

    text = "目前全县油茶种植面积28.6万亩。力争到2027年全县油茶种植面积稳定在30万亩以上。"
    sentence = SimpleNamespace(text=text)
    future = {f.text: _future(sentence, f, 2025) for f in find_figures(text) if "亩" in f.text}
    assert future == {"28.6万亩": False, "30万亩以上": True}
    assert not _FUTURE_ASKED.search("How large is the area planted with camellia oil trees?")
    assert _FUTURE_ASKED.search("十四五期间全市新建高速公路多少公里？")
    # A summary of 2024 with its 2025 plan (its year 2024): 2025 is its next year, not a later year's target.
    nearby = "2025年全县新建高标准农田4万亩。"
    assert not _future(SimpleNamespace(text=nearby), find_figures(nearby)[-1], 2024)
    assert _FUTURE_ASKED.search("What area is planned by 2027?")
    assert _FUTURE_ASKED.search("天柱县油茶种植面积目标是多少？")


def test_a_question_that_names_its_unit_of_time_is_answered_in_it():
    """How many working days for the certification: 5个工作日, not the 2年 of a validity in a better sentence; a
    question asking how long takes any unit of time."""
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import answers_unit, find_figures, same_measure

    assert expected_unit("How many working days does Gansu now allow for processing an application?") == "个工作日"
    assert expected_unit("审批时限压缩到多少个工作日？") == "个工作日"
    assert expected_unit("How long does the review take?") == "天"
    # months and years stand for each other (服务期3年 or 36个月), as the class of any time does for 多久
    assert expected_unit("How many years is the service period?") == "天"
    two_years, five_days = find_figures("有效期为2年")[0], find_figures("缩短到5个工作日")[0]
    assert not answers_unit("个工作日", two_years) and answers_unit("个工作日", five_days)
    assert answers_unit("天", two_years) and answers_unit("天", five_days)
    assert answers_unit("年", find_figures("服务期为36个月")[0])
    # a passage further down is read for a figure in the working days asked; none there is no reason to abstain
    assert not same_measure("个工作日", "2年", named_time=True) and same_measure("个工作日", "2年")
    answer = _ask("How many working days does the province allow for certifying an application?", [
        [("特殊病认定结果有效期为2年，期满前30日内可申请复审。", 0.9)],
        [("认定办理时限由原来的15个工作日缩短到5个工作日。", 0.8)]])
    assert answer is not None and answer.text == "5个工作日"


def test_minutes_asked_are_answered_in_minutes():
    """Within how many minutes must it be reported by phone: 30分钟 (a figure of time like 1小时), not the 1小时 of the
    written report beside it; 多少分钟内电话报告 asks a duration, not the phone."""
    from rag.text.asked import expected_kind
    from rag.text.asked_measures import expected_unit
    from rag.text.figures import FigureKind, answers_unit, find_figures

    sentence = "指挥部办公室应在险情发生后30分钟内电话报告区防汛办，1小时内报送书面报告。"
    minutes, hour = find_figures(sentence)
    assert (minutes.text, hour.text) == ("30分钟", "1小时")
    assert expected_unit("Within how many minutes must the subdistrict report a flood emergency by phone?") == "分钟"
    assert expected_unit("险情发生后多少分钟内电话报告？") == "分钟"
    assert expected_kind("险情发生后多少分钟内电话报告？") == FigureKind.COUNT
    assert answers_unit("分钟", minutes) and not answers_unit("分钟", hour)
    assert answers_unit("天", minutes)  # how long: any unit of time
    assert find_figures("打造15分钟便民生活圈。") == []  # a kind of area, no time
    # Days within which (之日起30日内, 10日以内) are a duration; a day of a month before 内 stays a date.
    within = find_figures("如对本处理意见不服，可自收到本意见书之日起30日内申请复查。")
    assert [(f.text, f.kind) for f in within] == [("30日", FigureKind.COUNT)] and answers_unit("天", within[0])
    assert [f.kind for f in find_figures("应在10日以内办结。")] == [FigureKind.COUNT]
    assert [(f.text, f.kind) for f in find_figures("须于6月30日内完成，每月10日内报送。")] == [
        ("6月30日", FigureKind.DATE), ("每月10日", FigureKind.DATE)]
    # …nor the last day of a range or list of days; in Chinese numerals too (六十日内, 六个月, not 六个).
    for dated in ("企业应于每月1日至10日内申报。", "请于9月5日至15日内报名。", "于每月10日、20日内报送。",
                  "每月十日至二十日内报送。"):
        assert all(f.kind == FigureKind.DATE for f in find_figures(dated)), dated
    review = find_figures("可以在收到本处罚决定书之日起六十日内申请行政复议，或者在六个月内提起行政诉讼。")
    assert [f.text for f in review] == ["六十日", "六个月"] and all(answers_unit("天", f) for f in review)
    answer = _ask("Within how many minutes must the office report a flood emergency by phone?", [
        [(sentence, 0.9)]])
    assert answer is not None and answer.text.startswith("30分钟")


def test_parallel_changes_name_the_later_item_and_keep_their_old_values_condition():
    """在职职工…限额由1,500元提高到2,000元，退休人员由2,000元提高到2,600元: a question about 退休人员 names 2,600元
    (the words before the first change are every change's subject); a condition stated before an old value
    (从今年7月起…由每人每月600元提高到800元) is its new value's too; a cap or a deductible is money."""
    from rag.answer.labels import named_by_label, pairs
    from rag.answer.qualifiers import alignment
    from rag.text.asked import expected_kind
    from rag.text.figures import FigureKind, find_figures

    sentence = "自今年1月1日起，在职职工普通门诊统筹年度最高支付限额由1,500元提高到2,000元，退休人员由2,000元提高到" \
               "2,600元，起付标准保持200元不变。"
    money = [f for f in find_figures(sentence) if f.kind == FigureKind.MONEY]  # the asked kind's, as lists are read
    retirees = named_by_label(pairs("退休人员普通门诊统筹年度最高支付限额现在是多少？"), sentence, money)
    assert retirees is not None and retirees.text == "2,600元"
    employed = named_by_label(pairs("在职职工普通门诊统筹年度最高支付限额是多少？"), sentence, money)
    assert employed is not None and employed.text == "2,000元" and employed.start < retirees.start
    assert expected_kind("职工医保退休人员普通门诊统筹年度最高支付限额现在是多少？") == FigureKind.MONEY
    assert expected_kind("大病保险起付线是多少？") == FigureKind.MONEY
    assert expected_kind("住院起付标准分为几档？") != FigureKind.MONEY
    raised = "经研究，从今年7月起，全镇村级保洁员补贴由每人每月600元提高到800元，所需资金由镇财政统筹解决。"
    question = "村级保洁员补贴从今年7月起提高到每月多少钱？"
    old, new = (f for f in find_figures(raised) if f.text in ("600元", "800元"))
    assert alignment(question, raised, new.start, new.end, 2025) > alignment(question, raised, old.start, old.end, 2025)


def test_an_average_price_per_quantity_is_marked_as_an_average():
    """季度均价每500克38.50元 is the quarter's average the question asks, not 9月份…月均价升至38.90元; the quantity the
    price is per (每500克) does not cut the words before the figure."""
    answer = _ask("羊肉平均价格是多少？", [[
        ("本季度羊肉（带骨）季度均价每500克38.50元，比上季度上涨1.2%，低于全市平均水平（39.20元）0.70元。", 0.88),
        ("9月份进入羊肉消费旺季，月均价升至38.90元。", 0.86)]])
    assert answer is not None and answer.text == "38.50元"


def test_how_many_of_the_goods_rose_counts_the_goods_that_rose_not_all_of_them():
    """监测的48种商品中，季度均价比上季度上涨的17种、下降的22种: how many of the goods rose in price is 17种 (种 the
    measure of goods; rose bridged as 上涨, not the flower), never the whole 48种 a partition divides."""
    from rag.text.asked_measures import expected_unit
    from rag.text.bridge import bridge_terms

    question = "How many of the goods monitored in the third quarter rose in price compared with the previous quarter?"
    assert expected_unit(question) == "种"
    assert expected_unit("How many of the households got the subsidy?") == "户"
    assert expected_unit("How many new crop varieties were promoted?") is None  # 12个 as often as 12种
    bridged = bridge_terms("the goods rose in price", lambda terms: {t: 1.0 for t in terms})
    assert "上涨" in bridged and "玫瑰" not in bridged
    answer = _ask("本季度监测的商品中有多少种比上季度上涨？", [[
        ("本季度监测的48种商品中，季度均价比上季度上涨的17种、下降的22种、持平的9种。", 0.9)]])
    assert answer is not None and answer.text == "17种"


def test_a_part_of_the_whole_in_the_next_sentence_and_how_much_of_it_is_of_the_wholes_kind():
    """招聘工作人员46名，其中…。在招聘人数中，面向应届毕业生招聘21名: the sentence opening among the whole's words lists
    its parts (not the sub-parts of a part its sentence names: 生活用水量中，…); how much of it went to agriculture
    is a part of the water asked, in its unit, not money."""
    from rag.answer.asked_parts import of_the_whole
    from rag.answer.pairs import _opens_parts_of
    from rag.text.figures import find_figures

    whole_text = "全年全市总用水量70.86亿立方米，其中农业用水量25.34亿立方米，生活用水量22.18亿立方米。"
    whole = find_figures(whole_text)[0]
    assert not _opens_parts_of("生活用水量中，城镇生活用水17.46亿立方米。", whole_text, whole)
    staff_text = "招聘工作人员46名。"
    assert _opens_parts_of("在招聘人数中，面向应届毕业生招聘21名。", staff_text, find_figures(staff_text)[0])
    assert of_the_whole("how much of it went to agriculture?") and not of_the_whole("how much of it was spent?")
    answer = _ask("How much water did the city use in total, and how much of it went to agriculture?", [
        [("全年全市总用水量70.86亿立方米。", 0.9), ("其中，农业用水量25.34亿立方米，占35.8%；", 0.88),
         ("工业用水量19.62亿立方米，占27.7%。", 0.85)]])
    assert answer is not None and [p.text for p in answer.parts] == ["70.86亿立方米", "25.34亿立方米"]
    staff = _ask("共招聘多少名工作人员？其中面向应届毕业生招聘多少名？", [
        [("共设置招聘岗位34个，招聘工作人员46名，其中专业技术岗位38名、管理岗位5名。", 0.86),
         ("在招聘人数中，面向应届毕业生招聘21名。", 0.87)]])
    assert staff is not None and [p.text for p in staff.parts] == ["46名", "21名"]


def test_items_listed_with_a_comma_keep_the_he_inside_a_name_and_two_unnamed_items_are_parts():
    """规划建设局、自然资源和规划分局…办结率分别为93.1%和89.2%: two items (和 inside the bureau's name); a Chinese
    question about the zone's rate names neither, so their figures are parts and the zone's own 95.7% answers."""
    from rag.answer.respective import respective_list, respective_match
    from rag.text.bridge import bridge_terms
    from rag.text.lexical import tokenize

    sentence = "规划建设局、自然资源和规划分局企业诉求办结率分别为93.1%和89.2%，低于全区平均水平。"
    items, _ = respective_list(sentence, sentence.index("89.2%"))
    assert items == ["规划建设局", "自然资源和规划分局"]
    question = "高新区上半年企业诉求办结率是多少？"
    assert respective_match(tokenize(question), sentence, sentence.index("89.2%"), question) < 0
    english = "What was the complaint resolution rate in the first half?"
    assert respective_match(tokenize(english), sentence, sentence.index("89.2%"), english) == 0
    answer = _ask(question, [[("上半年共受理企业诉求368件，办结352件，办结率95.7%，企业满意率97.1%。", 0.95)],
                             [(sentence, 0.94)]])
    assert answer is not None and answer.text == "95.7%"
    assert "大中型" in bridge_terms("large and medium-sized reservoirs", lambda terms: {t: 1.0 for t in terms})
    assert "失业" in bridge_terms("registered as unemployed", lambda terms: {t: 1.0 for t in terms})
    assert "立案" in bridge_terms("put under formal investigation", lambda terms: {t: 1.0 for t in terms})


def test_a_part_opened_by_what_divides_the_whole_in_the_next_full_sentence_of_an_overlapping_passage():
    """累计接待国内游客1,862.46万人次，…；实现国内旅游收入…。从游客构成看，过夜游客612.38万人次: the part's
    sentence comes after the rest of the whole's full sentence, read in the next passage (the paragraph was cut
    between them), and opens with what divides the whole; no other figure in the whole's measure stands between."""
    from rag.answer.pairs import _listed_next
    from rag.answer.span import Sentence
    from rag.chunking import Chunk
    from rag.search.retrieval import Hit
    from rag.text.figures import find_figures

    whole_text = "前三季度，全市累计接待国内游客1,862.46万人次，同比增长14.8%；"
    part_text = "从游客构成看，过夜游客612.38万人次，同比增长19.2%。"
    parts = ("松原市前三季度共接待国内游客多少人次", "其中过夜游客多少人次？")

    def listed(rest: str) -> bool:
        paragraph = whole_text + rest + part_text
        part_at = len(whole_text + rest)
        first = Chunk("d:0", "d", "d.txt", (), 0, part_at, paragraph[:part_at])
        second = Chunk("d:1", "d", "d.txt", (), len(whole_text), len(paragraph), paragraph[len(whole_text):])
        whole_in = Sentence(Hit(first, 1.0), 0, 0, 0, len(whole_text), whole_text, 0.9)
        part_in = Sentence(Hit(second, 0.9), 1, 2, part_at, len(paragraph), part_text, 0.9)
        return _listed_next(parts, whole_in, part_in, find_figures(whole_text)[0])

    assert listed("实现国内旅游收入218.37亿元，同比增长17.6%。")
    # Another figure in the whole's measure between them (一日游游客…万人次): the part may be that one's.
    assert not listed("一日游游客1,250.08万人次，同比增长12.8%。")
    assert not listed("实现国内旅游收入218.37亿元。同比增长17.6%。")  # two sentences between: not the next one


def test_a_list_by_category_after_the_wholes_sentence_lists_its_parts():
    """安排消费券资金800万元，其中县级财政资金600万元…。按消费类别分别为：…家电券250万元: how much of it goes to
    home-appliance vouchers is the part of the list by category that names them, not the first part of the 其中."""
    from rag.answer.pairs import _opens_parts_of
    from rag.text.figures import find_figures

    whole_text = "本次活动共安排消费券资金800万元，其中县级财政资金600万元、参与企业让利配套资金200万元。"
    by_kind = "按消费类别分别为：餐饮券160万元、商超零售券240万元、家电券250万元、汽车消费补贴150万元。"
    assert _opens_parts_of(by_kind, whole_text, find_figures(whole_text)[0])
    answer = _ask("本次活动共安排消费券资金多少？其中家电券多少？", [[(whole_text, 0.9), (by_kind, 0.9)]])
    assert answer is not None and [p.text for p in answer.parts] == ["800万元", "250万元"]


def test_a_ratio_asked_is_the_bare_number_its_clause_names_a_ratio():
    """The ratio of urban to rural incomes: 1.94 (之比由上年的1.98缩小到1.94), not the income growth rates beside it; a
    proportion (比例) stays a share."""
    from rag.answer.per_unit import asks_ratio, stated_ratio
    from rag.text.figures import FigureKind

    assert expected_kind("平江县城乡居民收入比是多少？") == FigureKind.PERCENT
    assert expected_kind("What was the ratio between urban and rural residents' income?") == FigureKind.PERCENT
    assert stated_ratio("城乡居民人均可支配收入之比由上年的1.98缩小到", "1.94")
    assert stated_ratio("城乡居民收入比为", "1.80") and not stated_ratio("比上年增长", "6.9")
    assert not stated_ratio("城乡居民收入比为", "1.80%")
    # Any noun's 比 (车桩比 由8.6∶1下降到5.45∶1), asked or stated; not 同比, 占比, 比上年 or 比例.
    assert stated_ratio("车桩比由去年底的8.6∶1下降到", "5.45") and stated_ratio("辖区共有", "5.45", "∶1，")
    assert not stated_ratio("同比增长", "5.45") and not stated_ratio("占比为", "5.45")
    assert expected_kind("向阳楼街道电动自行车的车桩比现在降到了多少？") == FigureKind.PERCENT
    for other in ("比上年增长多少？", "比例是多少？", "同比增长多少？", "农村居民人均可支配收入比上年增长多少？",
                  "跟去年比，全市新增城镇就业多了多少人？", "What ratio of the special funds was allocated to roads?"):
        assert not asks_ratio(other)
    assert asks_ratio("What is the urban-to-rural income ratio?") and asks_ratio("What is the ratio of bikes to ports?")
    # 缩小到 makes 2.25 the old value of 2.19.
    from rag.answer.changes import is_old

    narrowed = "城乡居民收入比由2020年的2.45缩小到2.19。"
    assert is_old(narrowed, narrowed.index("2.45"), narrowed.index("2.45") + 4)
    assert _ask("城乡居民收入比是多少？", [[(narrowed, 0.9)]]).text.startswith("2.19")
    passage = [("城镇居民人均可支配收入36,742元，增长4.8%；农村居民人均可支配收入18,935元，增长6.9%。", 0.9),
               ("城乡居民人均可支配收入之比由上年的1.98缩小到1.94。", 0.85)]
    answer = _ask("What was the ratio between urban and rural residents' disposable income?", [passage])
    assert answer is not None and answer.text.startswith("1.94")
    assert _ask("农村居民人均可支配收入增长的比例是多少？", [passage]).text.startswith("6.9%")


def test_a_change_is_no_share_so_the_passages_further_down_are_read():
    """What share of requests did the subdistrict resolve: the first passages state only a change (比上季度下降41.3%);
    the share (解决率93.6%) stands in a passage further down."""
    from rag.answer.qualifiers import change_for_share

    question = "What share of citizen requests did the subdistrict resolve this quarter?"
    change = "相关诉求比上季度下降41.3%。"
    assert change_for_share(question, change, change.index("41.3"))
    assert not change_for_share("By how much did the requests fall?", change, change.index("41.3"))
    passages = [[("二是物业管理类诉求较多，相关诉求比上季度下降41.3%。", 0.9)],
                [("街道梳理上季度高频诉求，形成主动治理清单36项。", 0.88)],
                [("各社区受理诉求情况见表1。", 0.87)],
                [("本季度街道诉求响应率100%，解决率93.6%，满意率94.8%。", 0.86)]]
    assert _ask(question, passages).passage_id == "d:3"
    answer = _ask("本季度街道诉求解决的占比是多少？", passages)
    assert answer is not None and answer.text.startswith("93.6%")


def test_the_scope_word_a_sentence_opens_with_is_every_later_figures():
    """全年…共造成全县受灾人口9.12万人，紧急转移安置1.28万人: 全县 places 1.28万人 in the county asked as much as
    9.12万人."""
    from rag.answer.levels import level_match

    question = "How many people had to be urgently relocated in Longhui County in 2024?"
    sentence = "全年洪涝和干旱灾害共造成全县受灾人口9.12万人，紧急转移安置1.28万人，需紧急生活救助0.96万人；"
    scores = {f: level_match(question, sentence, sentence.index(f), sentence.index(f) + 4) for f in ("9.12", "1.28")}
    assert scores["9.12"] == scores["1.28"] == 0.5
    matched = "全县共下达资金500万元，其中县级配套120万元。"
    at = matched.index("120")
    assert level_match(question, matched, at, at + 6) != 0.5  # another level word stands between


def test_the_most_is_a_ranges_upper_end_and_the_least_its_lower_one():
    """给予举报人3,000元至30,000元奖励: 最多能拿多少 is 30,000元, the minimum 3,000元; a change's new value
    (由5,640元提高到5,880元) is no range's end, and the minimum living allowance (低保) asks no least."""
    from rag.answer.qualifiers import range_end_match
    from rag.text.figures import find_figures

    reward = "对举报重大事故隐患经查证属实的，给予举报人3,000元至30,000元奖励。"
    low, high = find_figures(reward)
    assert [range_end_match("最多能拿多少奖励？", reward, f.start, f.end) for f in (low, high)] == [-0.5, 0.5]
    assert [range_end_match("What is the minimum reward?", reward, f.start, f.end) for f in (low, high)] == [0.5, -0.5]
    assert range_end_match("奖励多少？", reward, high.start, high.end) == 0.0
    # A destination or a deadline after 至 is no range's end (its figure is of another kind), nor a period of days.
    sent = "省财政下达资金500万元至12个县（区），每县不低于1,000元。"
    assert all(range_end_match("最多下达多少资金？", sent, f.start, f.end) == 0.0 for f in find_figures(sent))
    period = "公示期为2025年8月12日至8月18日。"
    assert all(range_end_match("最高多少？", period, f.start, f.end) == 0.0 for f in find_figures(period))
    assert range_end_match("最多跑一次改革后最多多少？", reward, high.start, high.end) == 0.0
    raised = "农村低保每人每年由5,640元提高到5,880元。"
    assert all(range_end_match("What is the highest allowance?", raised, f.start, f.end) == 0.0
               for f in find_figures(raised))
    answer = _ask("举报重大事故隐患查证属实的，最多能拿多少奖励？", [[(reward, 0.9)]])
    assert answer is not None and answer.text == "30,000元"


def test_a_price_cut_on_average_is_a_share_of_the_old_price():
    """平均降价58.3%: the average price cut of bulk-bought drugs is a rate, as 降幅 is; a cut per box is money."""
    from rag.text.asked import expected_kind

    for question in ("and what is their average price cut?", "What is the average price reduction?", "平均降价多少？",
                     "价格降幅是多少？"):
        assert expected_kind(question) == "percent", question
    assert expected_kind("What is the average price cut per box?") == "money"
    for question in ("平均降价多少元？", "药品平均降价多少钱？", "每盒平均降价多少元？",
                     "What is the average price cut for each box?"):
        assert expected_kind(question) == "money", question
    assert expected_kind("What was the average price cut of the drugs in the tenth batch?") == "percent"
    answer = _ask("新一批集采药品平均降价多少？", [[("本批集采药品55种，平均降价58.3%，单盒最低0.21元。", 0.9)]])
    assert answer is not None and answer.text == "58.3%"


def test_the_budget_asked_is_not_what_was_spent_or_left_over():
    """项目预算安排3,420.00万元…。实际支出3,186.72万元，预算执行率93.2%，结余资金233.28万元: how much was budgeted is
    the budget, not the spending nor the balance left (the second part of a two-part question asks the spending);
    a budget's own 项目支出 is budget still."""
    from rag.answer.qualifiers import alignment
    from rag.text.figures import find_figures

    spent = "截至项目年度终了，实际支出3,186.72万元，预算执行率93.2%，结余资金233.28万元。"
    budget = "项目预算安排3,420.00万元，其中中央补助资金1,860.00万元。"
    asked = "What was the budget of the county's rural water supply project?"
    scores = {f.text: alignment(asked, spent, f.start, f.end, 2024) for f in find_figures(spent)}
    planned = next(f for f in find_figures(budget) if f.text == "3,420.00万元")
    assert scores["233.28万元"] < 0 and scores["3,186.72万元"] < 0
    assert alignment(asked, budget, planned.start, planned.end, 2024) == 0
    project = "2025年项目支出5,777.84万元，占66.9%。"
    figure = find_figures(project)[1]
    assert alignment("What is the bureau's project expenditure budget for 2025?", project, figure.start, figure.end,
                     2025) >= 0
    # …unless the question asks for the balance, the spending or revenue itself.
    left = {f.text: alignment("项目预算结余资金是多少？", spent, f.start, f.end, 2024) for f in find_figures(spent)}
    assert left["233.28万元"] == 0
    revenue = "2024年一般公共预算收入：全年完成8.2亿元，增长5.1%。"
    done = next(f for f in find_figures(revenue) if f.text == "8.2亿元")
    assert alignment("What was the general public budget revenue of the county in 2024?", revenue, done.start,
                     done.end, 2024) > 0
    answer = _ask("What was the budget of the project and how much was actually spent?", [[(budget, 0.9),
                                                                                           (spent, 0.88)]])
    assert answer is not None and [p.text for p in answer.parts] == ["3,420.00万元", "3,186.72万元"]


def test_how_much_more_money_is_an_amount_and_a_growth_a_rate():
    """水费增加多少: by how much the water bill goes up is an amount (约3.2元), not its rate (11.5%以内); 增长了多少 and
    提高了多少 still ask a rate."""
    from rag.text.asked import expected_kind

    assert expected_kind("调整后，居民户均每月水费增加多少？") == "money"
    assert expected_kind("资金需求比按原标准测算增加了多少？") == "money"
    assert expected_kind("农村居民人均可支配收入增长了多少？") == "percent"
    answer = _ask("调整后，居民户均每月水费增加多少？", [[
        ("调整后，居民户均每月水费增加约3.2元，涨幅控制在11.5%以内。", 0.9)]])
    assert answer is not None and answer.text == "约3.2元"


def test_times_asked_are_counted_per_person_household_or_firm_too():
    """被点击了多少次: 500万人次 counts times (per person), as 214家次 counts inspections; 百余篇 counts articles."""
    from rag.text.figures import same_measure

    assert same_measure("次", "500万人次") and same_measure("次", "214家次") and not same_measure("次", "百余篇")
    answer = _ask("新媒体报道总共被点击了多少次？", [[("报道达百余篇，新媒体报道总点击量超过500万人次。", 0.9)]])
    assert answer is not None and answer.text == "超过500万人次"
